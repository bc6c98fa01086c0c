/* test-ratelimit.c: the kiosk token bucket, driven with explicit times. */
#include "ratelimit.h"

static void test_burst_and_refill(void)
{
	g_autoptr(desk_ratelimit_t) limit = desk_ratelimit_new(60, 3); /* 1 per second */
	gint64 t = 1000000;
	guint retry = 0;
	for (int i = 0; i < 3; i++)
		g_assert_true(desk_ratelimit_take(limit, "10.0.0.1", t, &retry));
	g_assert_false(desk_ratelimit_take(limit, "10.0.0.1", t, &retry));
	g_assert_cmpuint(retry, ==, 1);
	g_assert_true(desk_ratelimit_take(limit, "10.0.0.2", t, NULL)); /* per address */
	g_assert_false(desk_ratelimit_take(limit, "10.0.0.1", t + 500000, NULL));
	g_assert_true(desk_ratelimit_take(limit, "10.0.0.1", t + 1000000, NULL));
	g_assert_false(desk_ratelimit_take(limit, "10.0.0.1", t + 1000000, NULL));
	/* A long pause refills to the burst, never beyond. */
	t += (gint64)3600 * G_USEC_PER_SEC;
	for (int i = 0; i < 3; i++)
		g_assert_true(desk_ratelimit_take(limit, "10.0.0.1", t, NULL));
	g_assert_false(desk_ratelimit_take(limit, "10.0.0.1", t, NULL));
}

static void test_reconfigure(void)
{
	g_autoptr(desk_ratelimit_t) limit = desk_ratelimit_new(60, 1);
	g_assert_true(desk_ratelimit_take(limit, "a", 0, NULL));
	g_assert_false(desk_ratelimit_take(limit, "a", 0, NULL));
	desk_ratelimit_configure(limit, 6000, 10); /* 100 per second */
	g_assert_true(desk_ratelimit_take(limit, "a", 10000, NULL));
}

static void test_many_addresses(void)
{
	g_autoptr(desk_ratelimit_t) limit = desk_ratelimit_new(60, 2);
	for (int i = 0; i < 10000; i++) {
		g_autofree char *addr =
		    g_strdup_printf("10.%d.%d.%d", i >> 16, (i >> 8) & 255, i & 255);
		g_assert_true(desk_ratelimit_take(limit, addr, (gint64)i * 1000000, NULL));
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ratelimit/burst-and-refill", test_burst_and_refill);
	g_test_add_func("/ratelimit/reconfigure", test_reconfigure);
	g_test_add_func("/ratelimit/many-addresses", test_many_addresses);
	return g_test_run();
}

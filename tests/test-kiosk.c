/* test-kiosk.c: kiosk sessions: ids, selection, allowances, eviction and pairing codes. */
#include <string.h>

#include "kiosk.h"

static const desk_kiosk_limits_t limits = {5, 6};

static void test_sessions(void)
{
	g_autoptr(desk_kiosk_t) k = desk_kiosk_new(&limits);
	desk_kiosk_session_t *a = desk_kiosk_open(k, "door", "127.0.0.1", false);
	desk_kiosk_session_t *b = desk_kiosk_open(k, "door", "127.0.0.1", false);
	g_assert_cmpuint(strlen(desk_kiosk_session_id(a)), ==, 64);
	g_assert_cmpstr(desk_kiosk_session_id(a), !=, desk_kiosk_session_id(b));
	g_assert_true(desk_kiosk_find(k, desk_kiosk_session_id(a)) == a);
	g_assert_null(desk_kiosk_find(k, "0000"));
	g_assert_null(desk_kiosk_find(k, NULL));
	desk_kiosk_select(a, 42);
	g_assert_true(desk_kiosk_selected(a, 42));
	g_assert_false(desk_kiosk_selected(b, 42)); /* the same address, another browser */
	g_assert_false(desk_kiosk_selected(a, 43));
	g_autofree char *label = desk_kiosk_session_label(a);
	g_assert_true(g_str_has_prefix(label, "k-"));
	g_assert_null(strstr(desk_kiosk_session_id(a), label + 2)); /* not the cookie */
	desk_kiosk_session_set_station(a, "side");
	g_assert_cmpstr(desk_kiosk_session_station(a), ==, "side");
}

static void test_allowances(void)
{
	g_autoptr(desk_kiosk_t) k = desk_kiosk_new(&limits);
	desk_kiosk_session_t *a = desk_kiosk_open(k, "door", "127.0.0.1", false);
	desk_kiosk_session_t *b = desk_kiosk_open(k, "door", "127.0.0.1", false);
	guint retry = 0;
	bool first = false;
	for (int i = 0; i < 5; i++)
		g_assert_true(desk_kiosk_take_search(a, &retry, &first));
	g_assert_false(desk_kiosk_take_search(a, &retry, &first));
	g_assert_true(first);
	g_assert_cmpuint(retry, >=, 1);
	g_assert_false(desk_kiosk_take_search(a, &retry, &first));
	g_assert_false(first); /* staff are told once */
	g_assert_true(desk_kiosk_take_search(b, &retry, NULL));
	g_assert_true(desk_kiosk_take_walkin(a, &retry));
	g_assert_true(desk_kiosk_take_walkin(a, &retry));
	g_assert_false(desk_kiosk_take_walkin(a, &retry)); /* 6 an hour, 2 at once */
	desk_kiosk_info_t info;
	desk_kiosk_session_info(a, &info);
	g_assert_cmpuint(info.searches, ==, 5);
	g_assert_cmpuint(info.sweeps, ==, 2);
	g_assert_cmpuint(info.walkins, ==, 2);
	g_assert_cmpstr(info.station, ==, "door");
}

static void count(desk_kiosk_session_t *s, gpointer user_data)
{
	(void)s;
	(*(guint *)user_data)++;
}

static void test_eviction(void)
{
	g_autoptr(desk_kiosk_t) k = desk_kiosk_new(&limits);
	desk_kiosk_session_t *first = desk_kiosk_open(k, "door", "10.0.0.1", true);
	g_autofree char *first_id = g_strdup(desk_kiosk_session_id(first));
	for (int i = 0; i < 300; i++)
		desk_kiosk_open(k, "door", "10.0.0.2", true);
	guint n = 0;
	desk_kiosk_foreach(k, count, &n);
	g_assert_cmpuint(n, ==, 256);
	g_assert_null(desk_kiosk_find(k, first_id)); /* idle longest: gone first */
}

static void test_pairing(void)
{
	g_autoptr(desk_kiosk_t) k = desk_kiosk_new(&limits);
	g_assert_false(desk_kiosk_pair(k, "12345678")); /* no code made yet */
	g_autofree char *code = desk_kiosk_pair_code(k);
	g_assert_cmpuint(strlen(code), ==, 8);
	g_assert_cmpuint(strspn(code, "0123456789"), ==, 8);
	g_assert_true(desk_kiosk_pair(k, code));
	g_assert_false(desk_kiosk_pair(k, code)); /* once */
	g_autofree char *second = desk_kiosk_pair_code(k);
	char wrong[9];
	memcpy(wrong, second, 9);
	wrong[0] = wrong[0] == '9' ? '0' : (char)(wrong[0] + 1);
	for (int i = 0; i < 5; i++)
		g_assert_false(desk_kiosk_pair(k, wrong));
	g_assert_false(desk_kiosk_pair(k, second)); /* 5 wrong tries voided it */
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/kiosk/sessions", test_sessions);
	g_test_add_func("/kiosk/allowances", test_allowances);
	g_test_add_func("/kiosk/eviction", test_eviction);
	g_test_add_func("/kiosk/pairing", test_pairing);
	return g_test_run();
}

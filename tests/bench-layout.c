/* bench-layout.c: how long loading, checking and expanding layouts takes (figures only). */
#include <stdio.h>

#include "layout.h"
#include "template.h"

static const char *top(void)
{
	const char *t = g_getenv("FRONTDESK_TOP");
	return t && *t ? t : ".";
}

static void bench_load(const char *name, int rounds)
{
	g_autofree char *path = g_build_filename(top(), "layouts", name, NULL);
	gint64 start = g_get_monotonic_time();
	for (int i = 0; i < rounds; i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(desk_layout_t) layout = desk_layout_load(path, NULL, &error);
		if (!layout) {
			printf("%s: %s\n", name, error->message);
			return;
		}
	}
	double us = (double)(g_get_monotonic_time() - start) / rounds;
	printf("load+validate %-22s %8.1f us per load (%d loads)\n", name, us, rounds);
}

static void bench_check(const char *name, int rounds)
{
	g_autofree char *path = g_build_filename(top(), "layouts", name, NULL);
	gint64 start = g_get_monotonic_time();
	for (int i = 0; i < rounds; i++) {
		g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func(g_free);
		desk_layout_check(path, NULL, messages);
	}
	double us = (double)(g_get_monotonic_time() - start) / rounds;
	printf("check (with QR size) %-15s %8.1f us per check (%d checks)\n", name, us, rounds);
}

static void bench_expand(int rounds)
{
	const char *tmpl = "MECARD:N:{last_name|mecard},{first_name|mecard};ORG:{company|mecard};"
	                   "{?email:EMAIL:{email|mecard};};";
	g_autoptr(GHashTable) fields = desk_fields_new();
	g_hash_table_insert(fields, g_strdup("first_name"), g_strdup("José"));
	g_hash_table_insert(fields, g_strdup("last_name"), g_strdup("Müller, Jr."));
	g_hash_table_insert(fields, g_strdup("company"), g_strdup("Example; Cloud: GmbH"));
	g_hash_table_insert(fields, g_strdup("email"), g_strdup("jose@example.org"));
	gint64 start = g_get_monotonic_time();
	for (int i = 0; i < rounds; i++)
		g_free(desk_template_expand(tmpl, fields));
	double us = (double)(g_get_monotonic_time() - start) / rounds;
	printf("expand MECARD template            %8.2f us per expansion (%d)\n", us, rounds);
}

int main(void)
{
	const char *names[] = {"dymo-30256.json", "brother-dk11202.json", "a6.json"};
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		bench_load(names[i], 300);
	bench_check("dymo-30256.json", 100);
	bench_expand(100000);
	return 0;
}

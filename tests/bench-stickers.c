/* bench-stickers.c: how long a group sticker takes from layout file to 300 dpi 1-bit bitmap (prints
 * figures, asserts nothing). */
#include <glib.h>
#include <string.h>

#include "layout.h"
#include "render.h"
#include "template.h"

#define ROUNDS 5

static GHashTable *bench_fields(void)
{
	GHashTable *f = desk_fields_new();
	g_hash_table_insert(f, g_strdup("group"),
	                    g_strdup("JAWS-UG Women in Tech Osaka & Kobe Chapter"));
	g_hash_table_insert(f, g_strdup("group_url"),
	                    g_strdup("https://ug.example.org/wit-kansai"));
	g_hash_table_insert(f, g_strdup("event"), g_strdup("AWS Community Day Kansai"));
	g_hash_table_insert(f, g_strdup("date"), g_strdup("2026-11-22"));
	g_hash_table_insert(f, g_strdup("checkin_number"), g_strdup("142"));
	g_hash_table_insert(f, g_strdup("first_name"), g_strdup("Haruka"));
	g_hash_table_insert(f, g_strdup("display_name"), g_strdup("Haruka Yamamoto"));
	return f;
}

/* Loads and renders @path once; returns the microseconds it took, or -1. */
static gint64 one(desk_renderer_t *renderer, const char *path, const char *root, GHashTable *fields)
{
	g_autoptr(GError) error = NULL;
	gint64 t0 = g_get_monotonic_time();
	g_autoptr(desk_layout_t) layout = desk_layout_load(path, root, &error);
	g_autoptr(desk_bitmap_t) bm =
	    layout ? desk_render_bitmap(renderer, layout, fields, 300, 300, &error) : NULL;
	if (!bm) {
		g_printerr("%s\n", error->message);
		return -1;
	}
	return g_get_monotonic_time() - t0;
}

int main(void)
{
	const char *top = g_getenv("FRONTDESK_TOP");
	g_autofree char *cwd = g_get_current_dir();
	g_autofree char *root = g_build_filename(top ? top : cwd, "layouts", NULL);
	g_autofree char *dir_path = g_build_filename(root, "stickers", NULL);
	g_autofree char *fonts = g_build_filename(top ? top : cwd, "fonts", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_renderer_t) renderer = desk_renderer_new(fonts, &error);
	g_autoptr(GDir) dir = renderer ? g_dir_open(dir_path, 0, &error) : NULL;
	if (!dir) {
		g_printerr("%s\n", error->message);
		return 1;
	}
	g_autoptr(GHashTable) fields = bench_fields();
	gint64 first = 0, warm = 0, worst = 0;
	int n = 0;
	for (const char *name; (name = g_dir_read_name(dir));) {
		if (!g_str_has_suffix(name, ".json") || g_str_has_suffix(name, "-color.json"))
			continue;
		g_autofree char *path = g_build_filename(dir_path, name, NULL);
		gint64 t = one(renderer, path, root, fields);
		if (t < 0)
			return 1;
		first += t;
		for (int r = 0; r < ROUNDS; r++) {
			t = one(renderer, path, root, fields);
			warm += t;
			worst = MAX(worst, t);
		}
		n++;
	}
	g_print("stickers: %d mono layouts, load + 300 dpi 1-bit render\n", n);
	g_print("  first render (cold art cache): %.1f ms mean\n", first / 1000.0 / MAX(n, 1));
	g_print("  warm: %.1f ms mean, %.1f ms worst over %d rounds\n",
	        warm / 1000.0 / MAX(n * ROUNDS, 1), worst / 1000.0, ROUNDS);
	return 0;
}

/* helper-sticker-sheet.c: renders every layout in layouts/stickers/ onto one contact sheet PNG
 * (docs/stickers.png). */
#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "layout.h"
#include "render.h"
#include "template.h"

#define DPI    100.0
#define COLS   8
#define CELL_W 270
#define CELL_H 290
#define PAD    12

/* g_ptr_array_sort() comparator for an array of char *. */
static int compare_paths(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A plausible group name for each kind; the long one shows two-line fitting. */
static const char *sample_group(const char *kind)
{
	static const char *const names[][2] = {
	    {"cloud", "Kansai Cloud User Group"},
	    {"containers", "Containers Meetup Kobe"},
	    {"women-in-tech", "JAWS-UG Women in Tech Osaka & Kobe Chapter"},
	    {"startups", "Startup Builders Osaka"},
	    {"public-sector", "GovTech Community Kyoto"},
	    {"enterprise", "Enterprise Cloud Circle"},
	    {"ml", "ML & Data Science Osaka"},
	    {"iot", "IoT Makers Kansai"},
	    {"security", "Cloud Security Dojo"},
	    {"devops", "DevOps Days Kobe Crew"},
	    {"hpc", "HPC & Research Computing"},
	    {"pizza", "Chicago Deep Dish Cloud Club"},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(names); i++)
		if (strcmp(names[i][0], kind) == 0)
			return names[i][1];
	return "Community User Group";
}

static GHashTable *sample_fields(const char *kind)
{
	GHashTable *f = desk_fields_new();
	g_hash_table_insert(f, g_strdup("group"), g_strdup(sample_group(kind)));
	g_hash_table_insert(f, g_strdup("group_short"), g_strdup(kind));
	g_hash_table_insert(f, g_strdup("group_url"),
	                    g_strdup_printf("https://ug.example.org/%s", kind));
	g_hash_table_insert(f, g_strdup("event"), g_strdup("Community Day Kansai"));
	g_hash_table_insert(f, g_strdup("date"), g_strdup("2026-11-22"));
	g_hash_table_insert(f, g_strdup("checkin_number"), g_strdup("142"));
	g_hash_table_insert(f, g_strdup("first_name"), g_strdup("Haruka"));
	g_hash_table_insert(f, g_strdup("display_name"), g_strdup("Haruka Yamamoto"));
	return f;
}

typedef struct {
	const guint8 *data;
	gsize len, pos;
} png_reader_t;

static cairo_status_t read_png(void *closure, unsigned char *out, unsigned int length)
{
	png_reader_t *r = closure;
	if (r->pos + length > r->len)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(out, r->data + r->pos, length);
	r->pos += length;
	return CAIRO_STATUS_SUCCESS;
}

/* Draws one sticker and its file name into the cell at (@x, @y). */
static bool draw_cell(cairo_t *cr, desk_renderer_t *renderer, const char *path, const char *root,
                      double x, double y, GError **error)
{
	g_autoptr(desk_layout_t) layout = desk_layout_load(path, root, error);
	if (!layout)
		return false;
	g_autofree char *base = g_path_get_basename(path);
	g_autofree char *kind = g_strdup(base);
	char *cut = strstr(kind, "-round51");
	if (!cut)
		cut = strstr(kind, "-square62");
	if (cut)
		*cut = '\0';
	g_autoptr(GHashTable) fields = sample_fields(kind);
	bool mono = !g_str_has_suffix(path, "-color.json");
	/* mono: the 300 dpi 1-bit print, scaled down; colour: straight at the sheet's dpi */
	double dpi = mono ? 300.0 : DPI, scale = DPI / dpi;
	g_autoptr(GBytes) png = desk_render_png(renderer, layout, fields, dpi, mono, error);
	if (!png)
		return false;
	png_reader_t r = {.data = g_bytes_get_data(png, &r.len)};
	cairo_surface_t *img = cairo_image_surface_create_from_png_stream(read_png, &r);
	double w = cairo_image_surface_get_width(img) * scale;
	double h = cairo_image_surface_get_height(img) * scale;
	double ox = x + (CELL_W - w) / 2, oy = y + PAD;
	cairo_save(cr);
	cairo_new_path(cr);
	if (layout->page.shape == DESK_SHAPE_ROUND)
		cairo_arc(cr, ox + w / 2, oy + h / 2, w / 2, 0, 2 * G_PI);
	else
		cairo_rectangle(cr, ox, oy, w, h);
	cairo_clip_preserve(cr);
	cairo_translate(cr, ox, oy);
	cairo_scale(cr, scale, scale);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
	cairo_paint(cr);
	cairo_identity_matrix(cr);
	cairo_reset_clip(cr);
	cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
	cairo_set_line_width(cr, 1);
	cairo_stroke(cr);
	cairo_restore(cr);
	cairo_surface_destroy(img);
	cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
	cairo_select_font_face(cr, "Noto Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 11);
	cairo_move_to(cr, x + PAD, y + CELL_H - 8);
	cairo_show_text(cr, base);
	return true;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		g_printerr("usage: %s OUT.png  (run from the top of the tree)\n", argv[0]);
		return 2;
	}
	g_autoptr(GError) error = NULL;
	g_autofree char *cwd = g_get_current_dir();
	g_autofree char *root = g_build_filename(cwd, "layouts", NULL);
	g_autofree char *dir_path = g_build_filename(root, "stickers", NULL);
	g_autoptr(GDir) dir = g_dir_open(dir_path, 0, &error);
	g_autofree char *fonts = g_build_filename(cwd, "fonts", NULL);
	g_autoptr(desk_renderer_t) renderer = dir ? desk_renderer_new(fonts, &error) : NULL;
	if (!renderer) {
		g_printerr("%s\n", error->message);
		return 1;
	}
	g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
	for (const char *name; (name = g_dir_read_name(dir));)
		if (g_str_has_suffix(name, ".json"))
			g_ptr_array_add(files, g_build_filename(dir_path, name, NULL));
	g_ptr_array_sort(files, compare_paths);
	int rows = ((int)files->len + COLS - 1) / COLS;
	cairo_surface_t *sheet =
	    cairo_image_surface_create(CAIRO_FORMAT_RGB24, COLS * CELL_W, rows * CELL_H);
	cairo_t *cr = cairo_create(sheet);
	cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
	cairo_paint(cr);
	bool ok = true;
	for (guint i = 0; i < files->len && ok; i++)
		ok = draw_cell(cr, renderer, files->pdata[i], root, (i % COLS) * CELL_W,
		               (i / COLS) * CELL_H, &error);
	cairo_destroy(cr);
	if (ok && cairo_surface_write_to_png(sheet, argv[1]) != CAIRO_STATUS_SUCCESS) {
		g_set_error(&error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot write", argv[1]);
		ok = false;
	}
	cairo_surface_destroy(sheet);
	if (!ok) {
		g_printerr("%s\n", error->message);
		return 1;
	}
	g_print("%s: %u stickers\n", argv[1], files->len);
	return 0;
}

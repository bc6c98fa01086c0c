/* test-stickers.c: every group sticker layout loads, checks, fits long names, prints clean 1-bit
 * and carries a QR that decodes to the group URL. */
#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "layout.h"
#include "render.h"
#include "template.h"

#define DPI        300.0
#define PT_PER_MM  (72.0 / 25.4)
#define LONG_GROUP "JAWS-UG Women in Tech Osaka & Kobe Chapter"
#define LONG_EVENT "AWS Community Day Kansai 2026"
#define LONG_NAME  "Maximiliane Alexandra Hohenzollern-Sigmaringen"

static char *layouts_root; /* <top>/layouts */
static char *stickers_dir; /* <top>/layouts/stickers */
static GPtrArray *files;   /* of char *: every sticker layout, sorted */
static desk_renderer_t *renderer;
static char *tmp_dir;

/* ---- fixtures ------------------------------------------------------------ */

/* g_ptr_array_sort() comparator for an array of char *. */
static int compare_paths(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect_files(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GDir) dir = g_dir_open(stickers_dir, 0, &error);
	g_assert_no_error(error);
	files = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	while ((name = g_dir_read_name(dir)))
		if (g_str_has_suffix(name, ".json"))
			g_ptr_array_add(files, g_build_filename(stickers_dir, name, NULL));
	g_ptr_array_sort(files, compare_paths);
}

/* "cloud" from ".../cloud-round51-color.json"; new string. */
static char *kind_of(const char *path)
{
	g_autofree char *base = g_path_get_basename(path);
	const char *cut = strstr(base, "-round51");
	if (!cut)
		cut = strstr(base, "-square62");
	g_assert_nonnull(cut);
	return g_strndup(base, (gsize)(cut - base));
}

static bool is_mono(const char *path)
{
	return !g_str_has_suffix(path, "-color.json");
}

/* A short group URL, or one of 62+ characters (QR version 4-5 at level M). */
static char *url_of(const char *kind, bool long_url)
{
	if (long_url)
		return g_strdup_printf("https://community.example.org/user-groups/%s/osaka-kobe",
		                       kind);
	return g_strdup_printf("https://ug.example.org/%s", kind);
}

/* Fields as the station fills them; @long_text picks worst-case lengths. */
static GHashTable *fields_for(const char *path, bool long_text)
{
	g_autofree char *kind = kind_of(path);
	GHashTable *f = desk_fields_new();
	g_hash_table_insert(f, g_strdup("group"), g_strdup(long_text ? LONG_GROUP : "Cloud UG"));
	g_hash_table_insert(f, g_strdup("group_short"), g_strdup(kind));
	g_hash_table_insert(f, g_strdup("group_url"), url_of(kind, long_text));
	g_hash_table_insert(f, g_strdup("event"), g_strdup(long_text ? LONG_EVENT : "Meetup"));
	g_hash_table_insert(f, g_strdup("date"), g_strdup("2026-11-22"));
	g_hash_table_insert(f, g_strdup("checkin_number"), g_strdup(long_text ? "1042" : "7"));
	g_hash_table_insert(f, g_strdup("first_name"), g_strdup(long_text ? "Maximiliane" : "Ana"));
	g_hash_table_insert(f, g_strdup("last_name"), g_strdup("Hohenzollern-Sigmaringen"));
	g_hash_table_insert(f, g_strdup("display_name"),
	                    g_strdup(long_text ? LONG_NAME : "Ana Li"));
	return f;
}

static desk_layout_t *load(const char *path)
{
	g_autoptr(GError) error = NULL;
	desk_layout_t *layout = desk_layout_load(path, layouts_root, &error);
	g_assert_no_error(error);
	g_assert_nonnull(layout);
	return layout;
}

/* ---- load and check --------------------------------------------------------- */

static void test_check(void)
{
	g_assert_cmpuint(files->len, >=, 48);
	for (guint i = 0; i < files->len; i++) {
		const char *path = files->pdata[i];
		g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func(g_free);
		bool ok = desk_layout_check(path, layouts_root, messages);
		for (guint m = 0; m < messages->len; m++)
			g_test_message("%s", (char *)messages->pdata[m]);
		g_assert_true(ok);
		g_assert_cmpuint(messages->len, ==, 0); /* not even a warning */
	}
}

static bool has_custom(const desk_layout_t *layout, const char *name)
{
	for (guint i = 0; layout->custom_fields && i < layout->custom_fields->len; i++)
		if (strcmp(layout->custom_fields->pdata[i], name) == 0)
			return true;
	return false;
}

static void test_load(void)
{
	for (guint i = 0; i < files->len; i++) {
		g_autoptr(desk_layout_t) layout = load(files->pdata[i]);
		g_autofree char *kind = kind_of(files->pdata[i]);
		g_autofree char *art =
		    g_strdup_printf("%s-%s.svg", kind, is_mono(files->pdata[i]) ? "mono" : "color");
		int n_qr = 0, n_art = 0;
		g_assert_cmpint(layout->kind, ==, DESK_LAYOUT_STICKER);
		g_assert_true(has_custom(layout, "group_url"));
		for (guint e = 0; e < layout->elements->len; e++) {
			const desk_element_t *el = layout->elements->pdata[e];
			if (el->kind == DESK_ELEM_QR && strcmp(el->qr.template, "{group_url}") == 0)
				n_qr++;
			if (el->kind == DESK_ELEM_IMAGE && g_str_has_suffix(el->image.path, art) &&
			    g_file_test(el->image.path, G_FILE_TEST_IS_REGULAR))
				n_art++;
		}
		g_assert_cmpint(n_qr, ==, 1);
		g_assert_cmpint(n_art, ==, 1);
	}
}

/* ---- geometry --------------------------------------------------------------- */

/* Whether (@x, @y) lies inside the page's ellipse shrunk by the margin. */
static bool in_round(const desk_page_t *p, double x, double y)
{
	double rx = p->width / 2 - p->margin_left, ry = p->height / 2 - p->margin_top;
	double dx = (x - p->width / 2) / rx, dy = (y - p->height / 2) / ry;
	return dx * dx + dy * dy <= 1.0 + 1e-6;
}

static void check_box(const desk_layout_t *layout, const desk_element_t *el)
{
	const desk_page_t *p = &layout->page;
	const double eps = 1e-6;
	g_test_message("%s: element %s", layout->path, el->id ? el->id : "?");
	g_assert_cmpfloat(el->x, >=, p->margin_left - eps);
	g_assert_cmpfloat(el->y, >=, p->margin_top - eps);
	g_assert_cmpfloat(el->x + el->w, <=, p->width - p->margin_right + eps);
	g_assert_cmpfloat(el->y + el->h, <=, p->height - p->margin_bottom + eps);
	if (p->shape != DESK_SHAPE_ROUND)
		return;
	if (el->kind == DESK_ELEM_ELLIPSE) { /* a ring: concentric, stroke inside the margin */
		g_assert_cmpfloat(fabs(el->x + el->w / 2 - p->width / 2), <, 0.01);
		g_assert_cmpfloat(fabs(el->y + el->h / 2 - p->height / 2), <, 0.01);
		double outer = el->w / 2 + (el->shape.has_stroke ? el->shape.stroke_width / 2 : 0);
		g_assert_cmpfloat(outer, <=, p->width / 2 - p->margin_left + 0.01);
		return;
	}
	g_assert_true(in_round(p, el->x, el->y));
	g_assert_true(in_round(p, el->x + el->w, el->y));
	g_assert_true(in_round(p, el->x, el->y + el->h));
	g_assert_true(in_round(p, el->x + el->w, el->y + el->h));
}

static void test_geometry(void)
{
	for (guint i = 0; i < files->len; i++) {
		g_autoptr(desk_layout_t) layout = load(files->pdata[i]);
		for (guint e = 0; e < layout->elements->len; e++)
			check_box(layout, layout->elements->pdata[e]);
	}
}

/* ---- QR codes decode to the group URL ----------------------------------------- */

/* Writes @bm as a binary PBM (1 = black, MSB first: the bitmap's own format). */
static void write_pbm(const desk_bitmap_t *bm, const char *path)
{
	g_autoptr(GString) s = g_string_new(NULL);
	g_string_printf(s, "P4\n%d %d\n", bm->width, bm->height);
	for (int y = 0; y < bm->height; y++)
		g_string_append_len(s, (const char *)bm->data + (gsize)y * (gsize)bm->stride,
		                    (bm->width + 7) / 8);
	g_autoptr(GError) error = NULL;
	g_file_set_contents(path, s->str, (gssize)s->len, &error);
	g_assert_no_error(error);
}

/* Runs zbarimg on @path; returns the decoded text (g_free) or NULL. */
static char *zbar_decode(const char *path)
{
	const char *argv[] = {"zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", path, NULL};
	g_autofree char *out = NULL;
	g_autoptr(GError) error = NULL;
	int status = 0;
	if (!g_spawn_sync(NULL, (char **)argv, NULL,
	                  G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
	                  &status, &error))
		g_error("zbarimg: %s", error->message);
	if (!g_spawn_check_wait_status(status, NULL))
		return NULL;
	g_strchomp(out);
	return g_steal_pointer(&out);
}

/* Renders @path the way it is printed (mono: 1-bit bitmap; colour: PNG) to a file. */
static char *render_to_file(const char *path, GHashTable *fields)
{
	g_autoptr(desk_layout_t) layout = load(path);
	g_autofree char *base = g_path_get_basename(path);
	g_autoptr(GError) error = NULL;
	if (is_mono(path)) {
		g_autoptr(desk_bitmap_t) bm =
		    desk_render_bitmap(renderer, layout, fields, DPI, DPI, &error);
		g_assert_no_error(error);
		g_assert_cmpint(abs(bm->width - (int)lround(layout->page.width / 72.0 * DPI)), <=,
		                1);
		g_assert_cmpint(abs(bm->height - (int)lround(layout->page.height / 72.0 * DPI)), <=,
		                1);
		char *out = g_strdup_printf("%s/%s.pbm", tmp_dir, base);
		write_pbm(bm, out);
		return out;
	}
	g_autoptr(GBytes) png = desk_render_png(renderer, layout, fields, DPI, false, &error);
	g_assert_no_error(error);
	char *out = g_strdup_printf("%s/%s.png", tmp_dir, base);
	g_file_set_contents(out, g_bytes_get_data(png, NULL), (gssize)g_bytes_get_size(png),
	                    &error);
	g_assert_no_error(error);
	return out;
}

static void test_qr(void)
{
	/* The long URL is the hard case: more modules in the same 14-15 mm. */
	for (guint i = 0; i < files->len; i++) {
		g_autoptr(GHashTable) fields = fields_for(files->pdata[i], true);
		g_autofree char *out = render_to_file(files->pdata[i], fields);
		g_autofree char *got = zbar_decode(out);
		g_test_message("%s -> %s", out, got ? got : "(nothing)");
		g_assert_cmpstr(got, ==, g_hash_table_lookup(fields, "group_url"));
		g_unlink(out);
	}
}

/* A walk-in without check-in number, first name or event date still gets a
 * sticker with art, group name and a working QR. */
static void test_minimal_fields(void)
{
	for (guint i = 0; i < files->len; i++) {
		if (!is_mono(files->pdata[i]))
			continue;
		g_autofree char *kind = kind_of(files->pdata[i]);
		g_autoptr(GHashTable) fields = desk_fields_new();
		g_hash_table_insert(fields, g_strdup("group"), g_strdup("Cloud UG"));
		g_hash_table_insert(fields, g_strdup("group_url"), url_of(kind, false));
		g_autofree char *out = render_to_file(files->pdata[i], fields);
		g_autofree char *got = zbar_decode(out);
		g_assert_cmpstr(got, ==, g_hash_table_lookup(fields, "group_url"));
		g_unlink(out);
	}
}

/* ---- text fits ------------------------------------------------------------------ */

/* Renders @el alone at 300 dpi and counts ink dots inside and outside its box. */
static void ink_around(const desk_layout_t *layout, const desk_element_t *el, GHashTable *fields,
                       long *inside, long *outside)
{
	double s = DPI / 72.0;
	int w = (int)ceil(layout->page.width * s), h = (int)ceil(layout->page.height * s);
	cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_A8, w, h);
	cairo_t *cr = cairo_create(surface);
	cairo_scale(cr, s, s);
	g_autoptr(GError) error = NULL;
	g_assert_true(desk_render_element(renderer, layout, el, fields, cr, s, &error));
	g_assert_no_error(error);
	cairo_destroy(cr);
	cairo_surface_flush(surface);
	const guint8 *data = cairo_image_surface_get_data(surface);
	int stride = cairo_image_surface_get_stride(surface);
	double x0 = el->x * s - 1, y0 = el->y * s - 1; /* one dot of antialiasing slack */
	double x1 = (el->x + el->w) * s + 1, y1 = (el->y + el->h) * s + 1;
	*inside = *outside = 0;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			if (data[y * stride + x] >= 128) {
				bool in = x >= x0 && x + 1 <= x1 && y >= y0 && y + 1 <= y1;
				(*(in ? inside : outside))++;
			}
	cairo_surface_destroy(surface);
}

static void check_text(const desk_layout_t *layout, const desk_element_t *el, GHashTable *fields)
{
	desk_text_fit_t fit = {0};
	g_autoptr(GError) error = NULL;
	g_assert_true(desk_render_text_fit(renderer, layout, el, fields, &fit, &error));
	g_assert_no_error(error);
	g_test_message("%s %s: \"%s\" %.1f pt, %d lines", layout->path, el->id ? el->id : "?",
	               fit.text, fit.size, fit.lines);
	g_assert_true(fit.fits);
	g_assert_false(fit.ellipsized);
	g_assert_false(fit.abbreviated);
	g_assert_cmpint(fit.unknown_glyphs, ==, 0);
	g_assert_cmpfloat(fit.size, >=, el->text.min_size - 1e-6);
	g_assert_cmpint(fit.lines, <=, el->text.max_lines);
	desk_text_fit_finish(&fit);

	long inside = 0, outside = 0;
	ink_around(layout, el, fields, &inside, &outside);
	g_assert_cmpint(inside, >, 0);
	g_assert_cmpint(outside, ==, 0);
}

static void test_text_fits(void)
{
	for (guint i = 0; i < files->len; i++) {
		g_autoptr(desk_layout_t) layout = load(files->pdata[i]);
		g_autoptr(GHashTable) fields = fields_for(files->pdata[i], true);
		for (guint e = 0; e < layout->elements->len; e++) {
			const desk_element_t *el = layout->elements->pdata[e];
			if (el->kind == DESK_ELEM_TEXT)
				check_text(layout, el, fields);
		}
	}
}

/* ---- mono art is 1-bit friendly ----------------------------------------------------- */

/* The mono SVGs use only black and white: no gradients, no transparency. */
static void test_mono_palette(void)
{
	static const char *const banned[] = {"Gradient", "opacity", "filter", "<image",
	                                     "<text",    "rgba",    NULL};
	g_autofree char *art = g_build_filename(stickers_dir, "art", NULL);
	g_autoptr(GDir) dir = g_dir_open(art, 0, NULL);
	g_assert_nonnull(dir);
	int n = 0;
	for (const char *name; (name = g_dir_read_name(dir));) {
		if (!g_str_has_suffix(name, "-mono.svg"))
			continue;
		g_autofree char *path = g_build_filename(art, name, NULL);
		g_autofree char *svg = NULL;
		g_assert_true(g_file_get_contents(path, &svg, NULL, NULL));
		for (int b = 0; banned[b]; b++)
			g_assert_null(strstr(svg, banned[b]));
		g_autoptr(GRegex) re = g_regex_new("(fill|stroke)=\"([^\"]*)\"", 0, 0, NULL);
		g_autoptr(GMatchInfo) match = NULL;
		for (g_regex_match(re, svg, 0, &match); g_match_info_matches(match);
		     g_match_info_next(match, NULL)) {
			g_autofree char *value = g_match_info_fetch(match, 2);
			g_test_message("%s: %s", name, value);
			g_assert_true(strcmp(value, "#000") == 0 || strcmp(value, "#fff") == 0 ||
			              strcmp(value, "none") == 0);
		}
		n++;
	}
	g_assert_cmpint(n, ==, 12);
}

typedef struct {
	long ink;       /* 1-bit ink dots */
	long grey;      /* greyscale dots between 25% and 75% grey */
	long flat_grey; /* of those, dots with no black/white edge in the 1-bit render nearby */
	long speckles;  /* 1-bit dots whose 8 neighbours all differ from them */
	long thin;      /* 1-bit ink dots in no 3x3 block of ink: hairlines */
} art_stats_t;

static bool dot(const desk_bitmap_t *bm, int x, int y)
{
	if (x < 0 || y < 0 || x >= bm->width || y >= bm->height)
		return false;
	return desk_bitmap_get(bm, x, y);
}

static bool in_ink_block(const desk_bitmap_t *bm, int x, int y)
{
	for (int oy = -2; oy <= 0; oy++)
		for (int ox = -2; ox <= 0; ox++) {
			bool all = true;
			for (int j = 0; j < 3 && all; j++)
				for (int i = 0; i < 3 && all; i++)
					all = dot(bm, x + ox + i, y + oy + j);
			if (all)
				return true;
		}
	return false;
}

/* How many of the 8 neighbours of (@x, @y) have the same value as it. */
static int same_neighbours(const desk_bitmap_t *bm, int x, int y)
{
	bool v = dot(bm, x, y);
	int same = 0;
	for (int j = -1; j <= 1; j++)
		for (int i = -1; i <= 1; i++)
			same += (i || j) && dot(bm, x + i, y + j) == v;
	return same;
}

static void bitmap_stats(const desk_bitmap_t *bm, art_stats_t *st)
{
	for (int y = 0; y < bm->height; y++)
		for (int x = 0; x < bm->width; x++) {
			bool v = dot(bm, x, y);
			st->ink += v;
			st->speckles += same_neighbours(bm, x, y) == 0;
			st->thin += v && !in_ink_block(bm, x, y);
		}
}

/* Decodes PNG @bytes into 0 (black) .. 255 (white) grey levels; new array of @w x @h. */
static guint8 *grey_levels(GBytes *bytes, int *w, int *h)
{
	g_autofree char *path = g_build_filename(tmp_dir, "grey.png", NULL);
	gsize len = 0;
	const char *data = g_bytes_get_data(bytes, &len);
	g_assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	g_unlink(path);
	g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
	*w = cairo_image_surface_get_width(s);
	*h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	bool a8 = cairo_image_surface_get_format(s) == CAIRO_FORMAT_A8;
	const guint8 *d = cairo_image_surface_get_data(s);
	guint8 *grey = g_malloc((gsize)*w * (gsize)*h);
	for (int y = 0; y < *h; y++)
		for (int x = 0; x < *w; x++) {
			guint32 px = a8 ? 0 : ((const guint32 *)(const void *)(d + y * stride))[x];
			int rgb = (int)(((px >> 16) & 0xff) + ((px >> 8) & 0xff) + (px & 0xff)) / 3;
			grey[y * *w + x] = (guint8)(a8 ? 255 - d[y * stride + x] : rgb);
		}
	cairo_surface_destroy(s);
	return grey;
}

/* Grey dots are fine on an edge (antialiasing); grey inside a flat area is
 * a tint or gradient that a thermal head would turn into speckle or nothing. */
static void grey_stats(GBytes *png, const desk_bitmap_t *bm, art_stats_t *st)
{
	int w = 0, h = 0;
	g_autofree guint8 *grey = grey_levels(png, &w, &h);
	g_assert_cmpint(w, ==, bm->width);
	g_assert_cmpint(h, ==, bm->height);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int g = grey[y * w + x];
			if (g < 64 || g >= 192)
				continue;
			st->grey++;
			bool edge = false;
			for (int j = -2; j <= 2 && !edge; j++)
				for (int i = -2; i <= 2 && !edge; i++)
					edge = same_neighbours(bm, x + i, y + j) < 8;
			st->flat_grey += !edge;
		}
}

/* A copy of @layout holding only @el (borrowed), so the art renders alone. */
static desk_layout_t *only_element(const desk_layout_t *layout, desk_element_t *el)
{
	desk_layout_t *copy = g_new0(desk_layout_t, 1);
	*copy = *layout;
	copy->elements = g_ptr_array_new();
	g_ptr_array_add(copy->elements, el);
	return copy;
}

static void check_art(const desk_layout_t *layout, desk_element_t *el, GHashTable *fields)
{
	desk_layout_t *alone = only_element(layout, el);
	g_autoptr(GError) error = NULL;
	art_stats_t st = {0};
	g_autoptr(GBytes) png = desk_render_png(renderer, alone, fields, DPI, false, &error);
	g_assert_no_error(error);
	g_autoptr(desk_bitmap_t) bm = desk_render_bitmap(renderer, alone, fields, DPI, DPI, &error);
	g_assert_no_error(error);
	g_ptr_array_unref(alone->elements);
	g_free(alone);
	bitmap_stats(bm, &st);
	grey_stats(png, bm, &st);
	double thin_share = (double)st.thin / (double)MAX(st.ink, 1);
	g_test_message("%s: ink %ld, grey %ld (on edges but %ld), speckles %ld, thin %ld (%.2f%%)",
	               layout->path, st.ink, st.grey, st.flat_grey, st.speckles, st.thin,
	               100 * thin_share);
	g_assert_cmpint(st.ink, >, 1000);
	g_assert_cmpint(st.flat_grey, ==, 0);
	g_assert_cmpint(st.speckles, ==, 0);
	g_assert_cmpfloat(thin_share, <, 0.005);
}

static void test_mono_art(void)
{
	for (guint i = 0; i < files->len; i++) {
		if (!is_mono(files->pdata[i]))
			continue;
		g_autoptr(desk_layout_t) layout = load(files->pdata[i]);
		g_autoptr(GHashTable) fields = fields_for(files->pdata[i], false);
		for (guint e = 0; e < layout->elements->len; e++) {
			desk_element_t *el = layout->elements->pdata[e];
			if (el->kind == DESK_ELEM_IMAGE)
				check_art(layout, el, fields);
		}
	}
}

/* ---- main ---------------------------------------------------------------------- */

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	const char *top = g_getenv("FRONTDESK_TOP");
	g_autofree char *cwd = g_get_current_dir();
	layouts_root = g_build_filename(top ? top : cwd, "layouts", NULL);
	stickers_dir = g_build_filename(layouts_root, "stickers", NULL);
	collect_files();
	g_autoptr(GError) error = NULL;
	g_autofree char *fonts = g_build_filename(top ? top : cwd, "fonts", NULL);
	renderer = desk_renderer_new(fonts, &error);
	g_assert_no_error(error);
	tmp_dir = g_dir_make_tmp("test-stickers-XXXXXX", &error);
	g_assert_no_error(error);

	g_test_add_func("/stickers/check", test_check);
	g_test_add_func("/stickers/load", test_load);
	g_test_add_func("/stickers/geometry", test_geometry);
	g_test_add_func("/stickers/mono-palette", test_mono_palette);
	g_test_add_func("/stickers/text-fits", test_text_fits);
	g_test_add_func("/stickers/mono-art", test_mono_art);
	g_test_add_func("/stickers/qr", test_qr);
	g_test_add_func("/stickers/minimal-fields", test_minimal_fields);
	int status = g_test_run();

	g_rmdir(tmp_dir);
	desk_renderer_free(renderer);
	g_ptr_array_unref(files);
	g_free(tmp_dir);
	g_free(stickers_dir);
	g_free(layouts_root);
	return status;
}

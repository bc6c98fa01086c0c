/* test-render.c: the renderer: fitting in every script, QR pixels, 1-bit, PDF fonts, goldens. */
#include <math.h>
#include <locale.h>
#include <stdio.h>

#include "sample-names.h"
#include "qr.h"
#include "render-fixture.h"

static desk_renderer_t *renderer;

/* ---- text fitting ------------------------------------------------------ */

typedef struct {
	const char *what;
	double w, h, size, min_size;
	int max_lines;
	int weight, style;
} box_t;

/* Representative boxes: a big first name, a two-line full name, a small
 * company line, an italic pronoun tag, and a round sticker's centre. */
static const box_t boxes[] = {
    {"first name", 250, 48, 40, 14, 1, 700, 0},
    {"full name 2 lines", 250, 64, 28, 10, 2, 400, 0},
    {"company", 180, 18, 12, 7, 1, 400, 0},
    {"pronouns italic", 80, 14, 10, 6, 1, 400, 2},
    {"sticker 3 lines", 110, 60, 20, 8, 3, 700, 0},
};

static void check_fit(const box_t *box, const char *name, guint *shrunk, guint *ellipsized)
{
	g_autoptr(GHashTable) fields = fixture_fields("name", name, NULL);
	desk_layout_t *layout = fixture_layout("fit", 300, 200);
	desk_element_t *el = fixture_text("{name}", 20, 30, box->w, box->h, box->size,
	                                  box->min_size, box->max_lines);
	el->text.weight = box->weight, el->text.style = box->style;
	g_ptr_array_add(layout->elements, el);
	desk_text_fit_t fit;
	g_autoptr(GError) error = NULL;

	g_assert_true(desk_render_text_fit(renderer, layout, el, fields, &fit, &error));
	if (fit.unknown_glyphs || !fit.fits)
		g_test_message("%s: \"%s\" unknown=%d fits=%d", box->what, name, fit.unknown_glyphs,
		               fit.fits);
	g_assert_cmpint(fit.unknown_glyphs, ==, 0);
	g_assert_true(fit.fits);
	g_assert_cmpfloat(fit.x, >=, el->x - 1e-6);
	g_assert_cmpfloat(fit.y, >=, el->y - 1e-6);
	g_assert_cmpfloat(fit.x + fit.width, <=, el->x + el->w + 1e-6);
	g_assert_cmpfloat(fit.y + fit.height, <=, el->y + el->h + 1e-6);
	*shrunk += fit.size < box->size;
	*ellipsized += fit.ellipsized;

	/* Draw it alone on a larger canvas: no pixel outside the box. */
	canvas_t c = canvas_new(el->x - 16, el->y - 16, el->w + 32, el->h + 32, 2);
	g_assert_true(desk_render_element(renderer, layout, el, fields, c.cr, 2, &error));
	int outside = ink_outside(&c, el->x, el->y, el->w, el->h);
	if (outside)
		g_test_message("%s: \"%s\": %d px outside", box->what, name, outside);
	g_assert_cmpint(outside, ==, 0);
	canvas_free(&c);
	desk_text_fit_finish(&fit);
	fixture_layout_free(layout);
}

static void test_fit_names(void)
{
	const guint n = 1000;
	for (guint b = 0; b < G_N_ELEMENTS(boxes); b++) {
		guint shrunk = 0, ellipsized = 0;
		/* Every name in the first-name box; every third name elsewhere,
		 * to keep the run short. */
		guint step = b < 1 ? 1 : 3;
		for (guint i = 0; i < n; i += step) {
			g_autofree char *name = names_make(i);
			check_fit(&boxes[b], name, &shrunk, &ellipsized);
		}
		g_test_message("%s: %u of %u names shrunk, %u ellipsized", boxes[b].what, shrunk,
		               n / step, ellipsized);
		g_assert_cmpuint(shrunk, >, 0); /* the generator does make long names */
	}
}

static void fit_one(const char *name, double w, double h, int max_lines, desk_text_fit_t *fit)
{
	g_autoptr(GHashTable) fields = fixture_fields("name", name, NULL);
	desk_layout_t *layout = fixture_layout("fit", 300, 200);
	desk_element_t *el = fixture_text("{name}", 0, 0, w, h, 28, 14, max_lines);
	g_ptr_array_add(layout->elements, el);
	g_assert_true(desk_render_text_fit(renderer, layout, el, fields, fit, NULL));
	fixture_layout_free(layout);
}

static void test_fit_steps(void)
{
	desk_text_fit_t fit;

	fit_one("Ada", 200, 40, 1, &fit); /* fits as designed */
	g_assert_cmpfloat(fit.size, ==, 28);
	g_assert_false(fit.abbreviated || fit.ellipsized);
	desk_text_fit_finish(&fit);

	fit_one("Alexandra Lovelace", 200, 40, 1, &fit); /* shrinks on one line */
	g_assert_cmpfloat(fit.size, <, 28);
	g_assert_cmpfloat(fit.size, >=, 14);
	g_assert_cmpint(fit.lines, ==, 1);
	desk_text_fit_finish(&fit);

	fit_one("Alexandra Augusta Lovelace", 150, 80, 2, &fit); /* wraps */
	g_assert_cmpint(fit.lines, ==, 2);
	g_assert_false(fit.abbreviated);
	desk_text_fit_finish(&fit);

	fit_one("Maria Anna Theresia Koch", 140, 22, 1, &fit); /* abbreviates */
	g_assert_true(fit.abbreviated);
	g_assert_cmpstr(fit.text, ==, "Maria A. T. Koch");
	g_assert_false(fit.ellipsized);
	desk_text_fit_finish(&fit);

	fit_one("Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessen", 120,
	        22, 1, &fit); /* ellipsizes */
	g_assert_true(fit.ellipsized);
	g_assert_true(fit.fits);
	g_assert_cmpfloat(fit.size, ==, 14);
	desk_text_fit_finish(&fit);
}

/* Han characters take Japanese or Chinese forms from the language. */
static void test_lang_glyphs(void)
{
	const char *langs[] = {"ja", "zh-cn"};
	GBytes *png[2];
	for (int i = 0; i < 2; i++) {
		desk_layout_t *layout = fixture_layout("lang", 120, 60);
		layout->page.lang = g_strdup(langs[i]);
		g_ptr_array_add(layout->elements, fixture_text("直骨", 0, 0, 120, 60, 40, 10, 1));
		png[i] = desk_render_png(renderer, layout, NULL, 150, false, NULL);
		g_assert_nonnull(png[i]);
		fixture_layout_free(layout);
	}
	g_assert_false(g_bytes_equal(png[0], png[1]));
	/* Same language twice: identical output. */
	desk_layout_t *layout = fixture_layout("lang", 120, 60);
	g_autoptr(GHashTable) fields = fixture_fields("event_lang", "ja", NULL);
	g_ptr_array_add(layout->elements, fixture_text("直骨", 0, 0, 120, 60, 40, 10, 1));
	g_autoptr(GBytes) again = desk_render_png(renderer, layout, fields, 150, false, NULL);
	g_assert_true(g_bytes_equal(png[0], again)); /* event_lang is the fallback */
	fixture_layout_free(layout);
	g_bytes_unref(png[0]);
	g_bytes_unref(png[1]);
}

/* ---- bitmaps and QR ------------------------------------------------------ */

static desk_layout_t *badge_layout(void)
{
	desk_layout_t *layout = fixture_layout("badge", 288, 167);
	desk_element_t *grey = fixture_element(DESK_ELEM_RECT, 0, 150, 144, 17);
	grey->shape.has_fill = true, grey->shape.fill = (desk_color_t){0.45, 0.45, 0.45, 1};
	g_ptr_array_add(layout->elements, grey);
	desk_element_t *light = fixture_element(DESK_ELEM_RECT, 144, 150, 144, 17);
	light->shape.has_fill = true, light->shape.fill = (desk_color_t){0.6, 0.6, 0.6, 1};
	g_ptr_array_add(layout->elements, light);
	g_ptr_array_add(layout->elements, fixture_text("{first_name}", 12, 12, 170, 50, 36, 12, 1));
	g_ptr_array_add(layout->elements, fixture_text("{last_name}", 12, 62, 170, 30, 22, 10, 1));
	g_ptr_array_add(layout->elements, fixture_text("{company}", 12, 100, 170, 36, 14, 8, 2));
	g_ptr_array_add(layout->elements, fixture_qr("{ticket_code}", 196, 30, 80));
	return layout;
}

static GHashTable *badge_fields(void)
{
	return fixture_fields("first_name", "José", "last_name", "Müller", "company",
	                      "山田 太郎 株式会社", "ticket_code", "FD-José-山田-0042", NULL);
}

/* The badge QR (80 pt at (196, 30)) in @bm: every module a whole block of
 * dots, floor(side_px / (n + 8)) in each direction, exactly as encoded. */
static void check_qr_modules(const desk_bitmap_t *bm, double dpi_x, double dpi_y)
{
	g_autoptr(desk_qr_grid_t) grid = desk_qr_encode("FD-José-山田-0042", -1, NULL);
	int n = grid->size + 8;
	double side_x = 80 * dpi_x / 72.0, side_y = 80 * dpi_y / 72.0;
	int mw = (int)floor(side_x / n), mh = (int)floor(side_y / n);
	int x0 = (int)round(196 * dpi_x / 72.0 + (side_x - mw * n) / 2) + 4 * mw;
	int y0 = (int)round(30 * dpi_y / 72.0 + (side_y - mh * n) / 2) + 4 * mh;
	g_assert_cmpint(mw, >=, 3);
	for (int my = -4; my < grid->size + 4; my++)
		for (int mx = -4; mx < grid->size + 4; mx++)
			for (int dy = 0; dy < mh; dy++)
				for (int dx = 0; dx < mw; dx++)
					g_assert_cmpint(desk_bitmap_get(bm, x0 + mx * mw + dx,
					                                y0 + my * mh + dy),
					                ==, desk_qr_grid_dark(grid, mx, my));
}

static void test_bitmap_threshold(void)
{
	desk_layout_t *layout = badge_layout();
	g_autoptr(GHashTable) fields = badge_fields();
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_bitmap_t) bm =
	    desk_render_bitmap(renderer, layout, fields, 300, 300, &error);
	g_assert_no_error(error);
	g_assert_cmpint(bm->width, ==, 1200);
	g_assert_cmpint(bm->height, ==, 696);
	g_assert_cmpint(bm->stride, ==, 150);
	/* Grey under 50% is solid ink, over 50% solid paper: no dither. */
	int y = (int)(158 * 300 / 72.0);
	for (int x = 10; x < 590; x++)
		g_assert_true(desk_bitmap_get(bm, x, y));
	for (int x = 610; x < 1190; x++)
		g_assert_false(desk_bitmap_get(bm, x, y));

	check_qr_modules(bm, 300, 300);

	/* Label printers with unequal resolutions: whole dots both ways. */
	g_autoptr(desk_bitmap_t) tall =
	    desk_render_bitmap(renderer, layout, fields, 300, 600, NULL);
	g_assert_cmpint(tall->height, ==, 1392);
	check_qr_modules(tall, 300, 600);
	g_autoptr(desk_bitmap_t) dymo =
	    desk_render_bitmap(renderer, layout, fields, 203, 203, NULL);
	check_qr_modules(dymo, 203, 203);
	fixture_layout_free(layout);
}

static void test_bitmap_rotate(void)
{
	desk_layout_t *layout = badge_layout();
	g_autoptr(GHashTable) fields = badge_fields();
	g_autoptr(desk_bitmap_t) bm = desk_render_bitmap(renderer, layout, fields, 203, 203, NULL);
	g_autoptr(desk_bitmap_t) r1 = desk_bitmap_rotate(bm, 1);
	g_autoptr(desk_bitmap_t) r4 = desk_bitmap_rotate(r1, 3);
	g_assert_cmpint(r1->width, ==, bm->height);
	g_assert_cmpint(r1->height, ==, bm->width);
	for (int y = 0; y < bm->height; y += 7)
		for (int x = 0; x < bm->width; x += 5) {
			g_assert_cmpint(desk_bitmap_get(r1, bm->height - 1 - y, x), ==,
			                desk_bitmap_get(bm, x, y));
			g_assert_cmpint(desk_bitmap_get(r4, x, y), ==, desk_bitmap_get(bm, x, y));
		}
	fixture_layout_free(layout);
}

static void test_png_mono_and_qr(void)
{
	desk_layout_t *layout = badge_layout();
	g_autoptr(GHashTable) fields = badge_fields();
	g_autoptr(GBytes) png = desk_render_png(renderer, layout, fields, 300, true, NULL);
	g_assert_nonnull(png);
	g_autofree char *decoded = fixture_zbar(png);
	g_assert_cmpstr(decoded, ==, "FD-José-山田-0042");

	g_autofree char *path = NULL;
	close(g_file_open_tmp("render-mono-XXXXXX.png", &path, NULL));
	g_file_set_contents(path, g_bytes_get_data(png, NULL), (gssize)g_bytes_get_size(png), NULL);
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	g_unlink(path);
	g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
	const guint8 *data = cairo_image_surface_get_data(s);
	for (int y = 0; y < cairo_image_surface_get_height(s); y++)
		for (int x = 0; x < cairo_image_surface_get_width(s); x++) {
			guint32 p =
			    ((const guint32 *)(const void *)(data +
			                                     y * cairo_image_surface_get_stride(
			                                             s)))[x] &
			    0xffffff;
			g_assert_true(p == 0 || p == 0xffffff);
		}
	cairo_surface_destroy(s);
	fixture_layout_free(layout);
}

static void test_pdf_fonts(void)
{
	desk_layout_t *layout = badge_layout();
	g_autoptr(GHashTable) fields = badge_fields();
	g_autoptr(GError) error = NULL;
	g_autofree char *dir = g_dir_make_tmp("render-pdf-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "badge.pdf", NULL);
	g_assert_true(desk_render_pdf(renderer, layout, fields, path, &error));
	g_assert_no_error(error);

	const char *argv[] = {"pdffonts", path, NULL};
	g_autofree char *out = NULL;
	int status;
	g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
	                           NULL, &status, NULL));
	g_assert_true(g_spawn_check_wait_status(status, NULL));
	g_test_message("%s", out);
	g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
	int fonts = 0;
	for (int i = 2; lines[i] && *lines[i]; i++, fonts++) {
		g_assert_nonnull(strstr(lines[i], " yes ")); /* emb */
		g_assert_null(strstr(lines[i], " no  "));    /* never an unembedded font */
	}
	g_assert_cmpint(fonts, >=, 2); /* Noto Sans and a CJK face */
	g_assert_nonnull(strstr(out, "NotoSans-"));
	g_unlink(path);
	g_rmdir(dir);
	fixture_layout_free(layout);

	/* An unwritable path fails with a message naming it. */
	layout = badge_layout();
	g_assert_false(desk_render_pdf(renderer, layout, fields, "/nonexistent/x.pdf", &error));
	g_assert_nonnull(strstr(error->message, "/nonexistent/x.pdf"));
	fixture_layout_free(layout);
}

/* ---- shapes, conditions, rotation, page shape ----------------------------- */

static void test_page_and_elements(void)
{
	desk_layout_t *layout = fixture_layout("round", 144, 144);
	layout->page.shape = DESK_SHAPE_ROUND;
	desk_element_t *all = fixture_element(DESK_ELEM_RECT, 0, 0, 144, 144);
	all->shape.has_fill = true, all->shape.fill = (desk_color_t){0, 0, 0, 1};
	g_ptr_array_add(layout->elements, all);
	desk_element_t *vip = fixture_element(DESK_ELEM_ELLIPSE, 52, 52, 40, 40);
	vip->if_field = g_strdup("vip");
	vip->shape.has_fill = true, vip->shape.fill = (desk_color_t){1, 1, 1, 1};
	g_ptr_array_add(layout->elements, vip);
	desk_element_t *bar = fixture_element(DESK_ELEM_RECT, 62, 2, 20, 10);
	bar->rotation = 90; /* becomes 10 wide, 20 tall about (72, 7) */
	bar->shape.has_fill = true, bar->shape.fill = (desk_color_t){1, 1, 1, 1};
	g_ptr_array_add(layout->elements, bar);

	g_autoptr(GHashTable) none = fixture_fields("vip", "  ", NULL);
	g_autoptr(GHashTable) vip_fields = fixture_fields("vip", "yes", NULL);
	g_autoptr(desk_bitmap_t) a = desk_render_bitmap(renderer, layout, none, 72, 72, NULL);
	g_autoptr(desk_bitmap_t) b = desk_render_bitmap(renderer, layout, vip_fields, 72, 72, NULL);
	g_assert_false(desk_bitmap_get(a, 1, 1));   /* outside the round page */
	g_assert_true(desk_bitmap_get(a, 72, 40));  /* inside */
	g_assert_true(desk_bitmap_get(a, 72, 72));  /* if_field empty: not drawn */
	g_assert_false(desk_bitmap_get(b, 72, 72)); /* drawn */
	g_assert_false(desk_bitmap_get(a, 72, 15)); /* rotated bar reaches y = 17 */
	g_assert_true(desk_bitmap_get(a, 64, 40));
	fixture_layout_free(layout);

	/* A rounded page cuts its corners and nothing else. */
	layout = fixture_layout("rounded", 144, 100);
	layout->page.shape = DESK_SHAPE_ROUNDED;
	layout->page.corner_radius = 20;
	all = fixture_element(DESK_ELEM_RECT, 0, 0, 144, 100);
	all->shape.has_fill = true, all->shape.fill = (desk_color_t){0, 0, 0, 1};
	g_ptr_array_add(layout->elements, all);
	g_autoptr(desk_bitmap_t) r = desk_render_bitmap(renderer, layout, NULL, 72, 72, NULL);
	g_assert_false(desk_bitmap_get(r, 1, 1));
	g_assert_false(desk_bitmap_get(r, 142, 98));
	g_assert_true(desk_bitmap_get(r, 10, 10));
	g_assert_true(desk_bitmap_get(r, 21, 1));
	g_assert_true(desk_bitmap_get(r, 72, 50));
	fixture_layout_free(layout);
}

/* ---- images ------------------------------------------------------------------ */

/* Draws image @path (2:1, solid black) into a 100 x 100 pt box at (10, 10)
 * on a 120 x 120 pt page at 1 px/pt; returns the bitmap. */
static desk_bitmap_t *image_bitmap(const char *path, desk_image_fit_t fit)
{
	desk_layout_t *layout = fixture_layout("image", 120, 120);
	desk_element_t *el = fixture_element(DESK_ELEM_IMAGE, 10, 10, 100, 100);
	el->image.path = g_strdup(path);
	el->image.fit = fit;
	g_ptr_array_add(layout->elements, el);
	g_autoptr(GError) error = NULL;
	desk_bitmap_t *bm = desk_render_bitmap(renderer, layout, NULL, 72, 72, &error);
	g_assert_no_error(error);
	fixture_layout_free(layout);
	return bm;
}

static void check_image(const char *path)
{
	g_autoptr(desk_bitmap_t) contain = image_bitmap(path, DESK_FIT_CONTAIN);
	g_autoptr(desk_bitmap_t) cover = image_bitmap(path, DESK_FIT_COVER);
	/* contain: 100 x 50 centred, rows 35..84 */
	g_assert_true(desk_bitmap_get(contain, 12, 40));
	g_assert_true(desk_bitmap_get(contain, 107, 80));
	g_assert_false(desk_bitmap_get(contain, 60, 30));
	g_assert_false(desk_bitmap_get(contain, 60, 90));
	/* cover: fills the box, cut at its edges */
	g_assert_true(desk_bitmap_get(cover, 11, 11));
	g_assert_true(desk_bitmap_get(cover, 108, 108));
	g_assert_false(desk_bitmap_get(cover, 5, 60));
	g_assert_false(desk_bitmap_get(cover, 115, 60));
}

static void test_images(void)
{
	g_autofree char *dir = g_dir_make_tmp("render-img-XXXXXX", NULL);
	g_autofree char *svg = g_build_filename(dir, "logo.svg", NULL);
	g_autofree char *png = g_build_filename(dir, "logo.png", NULL);
	g_file_set_contents(svg,
	                    "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='100' "
	                    "viewBox='0 0 200 100'><rect width='200' height='100'/></svg>",
	                    -1, NULL);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 40, 20);
	cairo_t *cr = cairo_create(s);
	cairo_paint(cr); /* black */
	cairo_destroy(cr);
	cairo_surface_write_to_png(s, png);
	cairo_surface_destroy(s);
	check_image(svg);
	check_image(png);
	check_image(svg); /* from the cache */
	/* An edited file is picked up (a different size, so it shows even
	 * within the same second). */
	g_file_set_contents(svg,
	                    "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='100'>"
	                    "<rect width='200' height='100' fill='white'/></svg>",
	                    -1, NULL);
	g_autoptr(desk_bitmap_t) blank = image_bitmap(svg, DESK_FIT_CONTAIN);
	g_assert_false(desk_bitmap_get(blank, 60, 60));

	/* A broken image is an error naming the element, not a crash. */
	g_autofree char *bad = g_build_filename(dir, "bad.png", NULL);
	g_file_set_contents(bad, "not a png", -1, NULL);
	desk_layout_t *layout = fixture_layout("image", 120, 120);
	desk_element_t *el = fixture_element(DESK_ELEM_IMAGE, 10, 10, 100, 100);
	el->image.path = g_strdup(bad);
	el->id = g_strdup("logo");
	g_ptr_array_add(layout->elements, el);
	g_autoptr(GError) error = NULL;
	g_assert_null(desk_render_bitmap(renderer, layout, NULL, 72, 72, &error));
	g_assert_nonnull(strstr(error->message, "element \"logo\""));
	g_assert_nonnull(strstr(error->message, "bad.png"));
	fixture_layout_free(layout);
	g_unlink(svg), g_unlink(png), g_unlink(bad);
	g_rmdir(dir);
}

/* ---- golden previews ----------------------------------------------------- */

/* Compares @png with tests/golden/@name: at most 0.5% of pixels may differ
 * by more than a quarter of the range. UPDATE_GOLDEN=1 rewrites the file:
 *   UPDATE_GOLDEN=1 FRONTDESK_TOP=$PWD build/tests/test-render -p /render/golden */
static void check_golden(const char *name, GBytes *png)
{
	const char *top = g_getenv("FRONTDESK_TOP");
	g_autofree char *path = g_build_filename(top ? top : ".", "tests", "golden", name, NULL);
	if (g_strcmp0(g_getenv("UPDATE_GOLDEN"), "1") == 0) {
		g_assert_true(g_file_set_contents(path, g_bytes_get_data(png, NULL),
		                                  (gssize)g_bytes_get_size(png), NULL));
		return;
	}
	g_autofree char *tmp = NULL;
	close(g_file_open_tmp("render-golden-XXXXXX.png", &tmp, NULL));
	g_file_set_contents(tmp, g_bytes_get_data(png, NULL), (gssize)g_bytes_get_size(png), NULL);
	cairo_surface_t *got = cairo_image_surface_create_from_png(tmp);
	cairo_surface_t *want = cairo_image_surface_create_from_png(path);
	g_unlink(tmp);
	g_assert_cmpint(cairo_surface_status(want), ==, CAIRO_STATUS_SUCCESS);
	int w = cairo_image_surface_get_width(want), h = cairo_image_surface_get_height(want);
	g_assert_cmpint(cairo_image_surface_get_width(got), ==, w);
	g_assert_cmpint(cairo_image_surface_get_height(got), ==, h);
	int stride = cairo_image_surface_get_stride(want), differ = 0;
	const guint8 *a = cairo_image_surface_get_data(got),
	             *b = cairo_image_surface_get_data(want);
	for (int i = 0; i < h * stride; i += 4) {
		int d = 0;
		for (int k = 0; k < 3; k++)
			d = MAX(d, abs(a[i + k] - b[i + k]));
		differ += d > 64;
	}
	g_test_message("%s: %d of %d pixels differ", name, differ, w * h);
	g_assert_cmpint(differ * 200, <=, w * h);
	cairo_surface_destroy(got);
	cairo_surface_destroy(want);
}

static void test_golden(void)
{
	desk_layout_t *layout = badge_layout();
	g_autoptr(GHashTable) fields = badge_fields();
	g_autoptr(GBytes) grey = desk_render_png(renderer, layout, fields, 150, false, NULL);
	check_golden("badge-150dpi.png", grey);
	g_autoptr(GHashTable) long_fields = fixture_fields(
	    "first_name", "Maria Anna Theresia", "last_name", "Koch-Wolfeschlegelsteinhausen",
	    "company", "สมชาย ใจดี · محمد عبد الله · 김민준 🎉", "ticket_code", "FD-1", NULL);
	g_autoptr(GBytes) mono = desk_render_png(renderer, layout, long_fields, 203, true, NULL);
	check_golden("badge-long-203dpi-mono.png", mono);
	fixture_layout_free(layout);

	/* A round sticker: SVG art, a turned label, a coloured ring, Thai. */
	const char *top = g_getenv("FRONTDESK_TOP");
	layout = fixture_layout("sticker", 144, 144);
	layout->page.shape = DESK_SHAPE_ROUND;
	desk_element_t *ring = fixture_element(DESK_ELEM_ELLIPSE, 4, 4, 136, 136);
	ring->shape.has_stroke = true, ring->shape.stroke_width = 6;
	ring->shape.stroke = (desk_color_t){0.85, 0.2, 0.1, 1};
	g_ptr_array_add(layout->elements, ring);
	desk_element_t *art = fixture_element(DESK_ELEM_IMAGE, 32, 16, 80, 40);
	art->image.path = g_build_filename(top ? top : ".", "tests/data/render/logo.svg", NULL);
	g_ptr_array_add(layout->elements, art);
	g_ptr_array_add(layout->elements, fixture_text("{group}", 20, 60, 104, 36, 18, 8, 2));
	desk_element_t *tag = fixture_text("{first_name}", 96, 100, 40, 14, 9, 5, 1);
	tag->rotation = -30;
	g_ptr_array_add(layout->elements, tag);
	g_autoptr(GHashTable) sticker_fields =
	    fixture_fields("group", "ชุมชนคลาวด์ Bangkok", "first_name", "สมชาย", NULL);
	g_autoptr(GBytes) sticker =
	    desk_render_png(renderer, layout, sticker_fields, 150, false, NULL);
	check_golden("sticker-round-150dpi.png", sticker);
	fixture_layout_free(layout);
}

/* A model the loader would refuse still draws without crashing. */
static void test_fit_odd_model(void)
{
	desk_layout_t *layout = fixture_layout("odd", 200, 100);
	desk_element_t *el = fixture_text("{name}", 10, 10, 0, -5, 0, 40, 0);
	el->text.halign = (desk_halign_t)7;
	g_ptr_array_add(layout->elements, el);
	g_autoptr(GHashTable) fields = fixture_fields("name", "Ada Lovelace", NULL);
	desk_text_fit_t fit;
	g_assert_true(desk_render_text_fit(renderer, layout, el, fields, &fit, NULL));
	g_assert_true(isfinite(fit.size) && isfinite(fit.x) && isfinite(fit.width));
	desk_text_fit_finish(&fit);
	g_autoptr(desk_bitmap_t) bm = desk_render_bitmap(renderer, layout, fields, 72, 72, NULL);
	g_assert_nonnull(bm);
	fixture_layout_free(layout);
}

/* A text box turned 90° about its centre keeps its ink in the turned box. */
static void test_fit_rotated(void)
{
	desk_layout_t *layout = fixture_layout("rot", 200, 200);
	desk_element_t *el = fixture_text("{name}", 50, 50, 100, 30, 24, 8, 1);
	el->rotation = 90;
	g_ptr_array_add(layout->elements, el);
	g_autoptr(GHashTable) fields = fixture_fields("name", "Bartholomew Jr.", NULL);
	canvas_t c = canvas_new(0, 0, 200, 200, 2);
	g_assert_true(desk_render_element(renderer, layout, el, fields, c.cr, 2, NULL));
	g_assert_cmpint(ink_outside(&c, 85, 15, 30, 100), ==, 0);
	g_assert_cmpint(ink_outside(&c, 0, 0, 200, 200), ==, 0);
	/* There is ink at all (all of it lies outside a 1 pt corner). */
	g_assert_cmpint(ink_outside(&c, 0, 0, 1, 1), >, 0);
	canvas_free(&c);
	fixture_layout_free(layout);
}

/* A 1 m x 1 m page previewed at 600 dpi is drawn at the preview pixel budget, quickly. */
static void test_preview_budget(void)
{
	desk_layout_t *layout = fixture_layout("huge", 2834.6, 2834.6);
	g_ptr_array_add(layout->elements,
	                fixture_text("{{first_name}}", 100, 100, 2000, 400, 300, 100, 1));
	g_autoptr(GHashTable) fields = fixture_fields("first_name", "Ada", NULL);
	double dpi = desk_render_preview_dpi(layout, 600);
	g_assert_cmpfloat(dpi, <, 600);
	g_assert_cmpfloat(dpi * dpi * 39.37 * 39.37, <=, DESK_RENDER_PREVIEW_MAX_PIXELS);
	g_autoptr(GBytes) png = desk_render_png(renderer, layout, fields, dpi, false, NULL);
	g_assert_nonnull(png);
	g_assert_cmpuint(g_bytes_get_size(png), <, 16 * 1024 * 1024);
	desk_layout_t *badge = badge_layout();
	g_assert_cmpfloat(desk_render_preview_dpi(badge, 300), ==, 300); /* a badge is untouched */
	fixture_layout_free(badge);
	fixture_layout_free(layout);
}

/* SVG uploads are checked by the same librsvg the renderer loads lazily. */
static void test_svg_parses(void)
{
	static const char svg[] = "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'>"
	                          "<rect width='10' height='10'/></svg>";
	static const char junk[] = "<html><body>not an image</body></html>";
	g_assert_true(desk_render_svg_parses((const guint8 *)svg, sizeof svg - 1));
	g_assert_false(desk_render_svg_parses((const guint8 *)junk, sizeof junk - 1));
	g_assert_false(desk_render_svg_parses((const guint8 *)"", 0));
}

/* A CJK face goes into the PDF through the renderer's streamed face: still
 * a subset of Noto Sans CJK, and the text still extracts, in order, from
 * lines that mix it with Latin. */
static void test_pdf_cjk(void)
{
	desk_layout_t *layout = badge_layout();
	g_autoptr(GHashTable) fields =
	    fixture_fields("first_name", "髙﨑", "last_name", "Zoë 山田", "company",
	                   "東京 AWS User Group 株式会社", "ticket_code", "FD-1", NULL);
	g_autoptr(GError) error = NULL;
	g_autofree char *dir = g_dir_make_tmp("render-cjk-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "badge.pdf", NULL);
	g_assert_true(desk_render_pdf(renderer, layout, fields, path, &error));
	g_assert_no_error(error);
	const char *fonts_argv[] = {"pdffonts", path, NULL};
	const char *text_argv[] = {"pdftotext", "-raw", path, "-", NULL};
	g_autofree char *fonts = NULL, *text = NULL;
	int status;
	g_assert_true(g_spawn_sync(NULL, (char **)fonts_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
	                           &fonts, NULL, &status, NULL));
	g_assert_true(g_spawn_sync(NULL, (char **)text_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
	                           &text, NULL, &status, NULL));
	g_test_message("%s%s", fonts, text);
	g_assert_true(g_regex_match_simple("[A-Z]{6}\\+NotoSansCJK\\S* +CID Type 0C .* yes yes yes",
	                                   fonts, G_REGEX_MULTILINE, 0));
	g_assert_nonnull(strstr(text, "髙﨑"));
	g_assert_nonnull(strstr(text, "Zoë 山田"));
	g_assert_nonnull(strstr(text, "東京 AWS User Group 株式会社"));
	g_unlink(path);
	g_rmdir(dir);
	fixture_layout_free(layout);
}

int main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	setlocale(LC_ALL, "C.UTF-8");
	g_test_init(&argc, &argv, NULL);
	renderer = desk_renderer_new(fixture_fonts_dir(), &error);
	g_assert_no_error(error);
	g_test_add_func("/render/fit/steps", test_fit_steps);
	g_test_add_func("/render/fit/odd-model", test_fit_odd_model);
	g_test_add_func("/render/fit/rotated", test_fit_rotated);
	g_test_add_func("/render/fit/names", test_fit_names);
	g_test_add_func("/render/fit/lang", test_lang_glyphs);
	g_test_add_func("/render/bitmap/threshold", test_bitmap_threshold);
	g_test_add_func("/render/bitmap/rotate", test_bitmap_rotate);
	g_test_add_func("/render/png/mono-qr", test_png_mono_and_qr);
	g_test_add_func("/render/png/preview-budget", test_preview_budget);
	g_test_add_func("/render/pdf/fonts", test_pdf_fonts);
	g_test_add_func("/render/pdf/cjk", test_pdf_cjk);
	g_test_add_func("/render/svg-parses", test_svg_parses);
	g_test_add_func("/render/page-and-elements", test_page_and_elements);
	g_test_add_func("/render/golden", test_golden);
	g_test_add_func("/render/images", test_images);
	int status = g_test_run();
	desk_renderer_free(renderer);
	return status;
}

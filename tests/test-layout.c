/* test-layout.c: units, the layout loader and checker, shipped layouts, docs examples, bad corpus.
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "layout.h"
#include "units.h"

static const char *top(void)
{
	const char *t = g_getenv("FRONTDESK_TOP");
	return t && *t ? t : ".";
}

static void assert_near(double got, double want)
{
	g_assert_cmpfloat_with_epsilon(got, want, 1e-6);
}

/* ---- units ------------------------------------------------------------------------ */

static void test_units_lengths(void)
{
	double pt = -1;
	g_assert_true(desk_units_parse_length("12.5mm", "mm", &pt, NULL));
	assert_near(pt, 12.5 * 72 / 25.4);
	g_assert_true(desk_units_parse_length("1in", "mm", &pt, NULL));
	assert_near(pt, 72);
	g_assert_true(desk_units_parse_length("8pt", "mm", &pt, NULL));
	assert_near(pt, 8);
	g_assert_true(desk_units_parse_length("2cm", "mm", &pt, NULL));
	assert_near(pt, 20 * 72 / 25.4);
	g_assert_true(desk_units_parse_length("10", "mm", &pt, NULL));
	assert_near(pt, 10 * 72 / 25.4);
	g_assert_true(desk_units_parse_length("10", "pt", &pt, NULL));
	assert_near(pt, 10);
	g_assert_true(desk_units_parse_length("-3mm", "mm", &pt, NULL));
	assert_near(pt, -3 * 72 / 25.4);
	g_assert_true(desk_units_parse_length(".5in", "mm", &pt, NULL));
	assert_near(pt, 36);
	assert_near(desk_units_from_mm(25.4), 72);
	assert_near(desk_units_to_mm(72), 25.4);
}

static void test_units_bad(void)
{
	const char *bad[] = {"",      "mm",     "12 mm",    "12furlong", "NaN", "inf",
	                     "1e3mm", "0x10mm", "12.5.5mm", "--1mm",     "12MM"};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;
		double pt = 42;
		g_assert_false(desk_units_parse_length(bad[i], "mm", &pt, &error));
		g_assert_nonnull(error);
		g_autofree char *quoted = g_strdup_printf("\"%s\"", bad[i]);
		g_assert_nonnull(strstr(error->message, quoted)); /* names the value */
		assert_near(pt, 42);                              /* left alone */
	}
	g_autoptr(GError) error = NULL;
	double pt = 0;
	desk_units_parse_length("3furlong", "mm", &pt, &error);
	g_assert_cmpstr(error->message, ==,
	                "bad length \"3furlong\": unknown unit \"furlong\" (use mm, cm, in or pt)");
	g_autofree char *formatted = desk_units_format_mm(desk_units_from_mm(12.5));
	g_assert_cmpstr(formatted, ==, "12.5mm");
}

static void test_units_media(void)
{
	const struct {
		const char *name;
		double w, h; /* points */
	} good[] = {
	    {"w167h288", 167, 288},
	    {"w154h286", 154, 286},
	    {"iso_a6_105x148mm", 105 * 72 / 25.4, 148 * 72 / 25.4},
	    {"na_index-4x6_4x6in", 288, 432},
	    {"om_dk-11202_62x100mm", 62 * 72 / 25.4, 100 * 72 / 25.4},
	    {"iso_a4", 210 * 72 / 25.4, 297 * 72 / 25.4},
	    {"iso_a7", 74 * 72 / 25.4, 105 * 72 / 25.4},
	    {"na_letter", 612, 792},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
		double w = 0, h = 0;
		g_assert_true(desk_units_parse_media(good[i].name, &w, &h, NULL));
		assert_near(w, good[i].w);
		assert_near(h, good[i].h);
	}
	const char *bad[] = {"",        "w167",        "w0h10",       "wxh",
	                     "iso_b99", "foo_10x10mm", "x_y_10x10ft", "w-1h5"};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;
		double w = 7, h = 7;
		g_assert_false(desk_units_parse_media(bad[i], &w, &h, &error));
		g_assert_nonnull(error);
		assert_near(w, 7);
	}
}

/* ---- loading ------------------------------------------------------------------------ */

static desk_layout_t *load_string(const char *json, GError **error)
{
	g_autofree char *path = g_build_filename(top(), "layouts", "inline-test.json", NULL);
	g_autofree char *root = g_build_filename(top(), "layouts", NULL);
	return desk_layout_load_data(json, strlen(json), path, root, error);
}

static void test_defaults(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_layout_t) layout = load_string(
	    "{ \"page\": { \"width\": 100, \"height\": 50 }, \"elements\": ["
	    "  { \"type\": \"text\", \"x\": 1, \"y\": 1, \"w\": 20, \"h\": 5, \"text\": \"hi\", "
	    "    \"size\": 20 },"
	    "  { \"type\": \"rect\", \"x\": 1, \"y\": 10, \"w\": 20, \"h\": 5 },"
	    "  { \"type\": \"rect\", \"x\": 1, \"y\": 10, \"w\": 20, \"h\": 5, \"fill\": \"#f00\" "
	    "},"
	    "  { \"type\": \"line\", \"x\": 1, \"y\": 20, \"w\": 20, \"stroke_width\": \"2pt\" } ] "
	    "}",
	    &error);
	g_assert_no_error(error);
	g_assert_nonnull(layout);
	g_assert_cmpstr(layout->name, ==, "inline-test.json");
	g_assert_cmpint(layout->kind, ==, DESK_LAYOUT_BADGE);
	g_assert_cmpint(layout->page.orientation, ==, DESK_ORIENT_LANDSCAPE);
	g_assert_cmpint(layout->page.shape, ==, DESK_SHAPE_RECT);
	g_assert_null(layout->page.media);
	assert_near(layout->page.margin_left, 0);
	g_assert_cmpuint(layout->elements->len, ==, 4);
	const desk_element_t *t = g_ptr_array_index(layout->elements, 0);
	g_assert_cmpstr(t->text.font_family, ==, "Noto Sans");
	g_assert_cmpint(t->text.weight, ==, 400);
	g_assert_cmpint(t->text.style, ==, 0);
	g_assert_cmpint(t->text.max_lines, ==, 1);
	assert_near(t->text.size, 20);
	assert_near(t->text.min_size, 20);
	g_assert_cmpint(t->text.halign, ==, DESK_HALIGN_LEFT);
	g_assert_cmpint(t->text.valign, ==, DESK_VALIGN_TOP);
	assert_near(t->text.color.a, 1);
	assert_near(t->text.color.r + t->text.color.g + t->text.color.b, 0);
	g_assert_null(t->if_field);
	g_assert_null(t->text.lang);
	g_assert_cmpint(t->line, ==, 1);
	const desk_element_t *outline = g_ptr_array_index(layout->elements, 1);
	g_assert_true(outline->shape.has_stroke && !outline->shape.has_fill);
	const desk_element_t *filled = g_ptr_array_index(layout->elements, 2);
	g_assert_true(!filled->shape.has_stroke && filled->shape.has_fill);
	assert_near(filled->shape.fill.r, 1);
	const desk_element_t *line = g_ptr_array_index(layout->elements, 3);
	g_assert_true(line->shape.has_stroke);
	assert_near(line->h, 0);
	assert_near(line->shape.stroke_width, 2);
}

static void test_dymo_model(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *path = g_build_filename(top(), "layouts", "dymo-30256.json", NULL);
	g_autoptr(desk_layout_t) layout = desk_layout_load(path, NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(layout->page.media, ==, "w167h288");
	g_assert_cmpint(layout->page.orientation, ==, DESK_ORIENT_LANDSCAPE);
	assert_near(layout->page.width, desk_units_from_mm(102));
	assert_near(layout->page.height, desk_units_from_mm(59));
	assert_near(layout->page.margin_right, desk_units_from_mm(6));
	const desk_element_t *first = g_ptr_array_index(layout->elements, 0);
	g_assert_cmpint(first->kind, ==, DESK_ELEM_TEXT);
	g_assert_cmpint(first->text.weight, ==, 700);
	g_assert_cmpstr(first->text.template, ==, "{call_name}");
	g_assert_cmpstr(first->id, ==, "call_name");
	gboolean has_pronouns = FALSE, has_qr = FALSE;
	for (guint i = 0; i < layout->elements->len; i++) {
		const desk_element_t *e = g_ptr_array_index(layout->elements, i);
		if (e->if_field && strcmp(e->if_field, "pronouns") == 0)
			has_pronouns = TRUE;
		if (e->kind == DESK_ELEM_QR) {
			has_qr = TRUE;
			assert_near(e->w, e->h);
			g_assert_cmpint(e->qr.ecc, ==, -1);
			g_assert_nonnull(strstr(e->qr.template, "{?email:"));
		}
	}
	g_assert_true(has_pronouns && has_qr);
}

static void test_media_orientation(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_layout_t) a =
	    load_string("{ \"page\": { \"media\": \"w167h288\", \"orientation\": \"landscape\" },"
	                "  \"elements\": [] }",
	                &error);
	g_assert_no_error(error);
	assert_near(a->page.width, 288);
	assert_near(a->page.height, 167);
	g_autoptr(desk_layout_t) b = load_string(
	    "{ \"page\": { \"media\": \"iso_a6\", \"margin\": \"5mm\", \"shape\": \"rounded\" },"
	    "  \"elements\": [] }",
	    &error);
	g_assert_no_error(error);
	assert_near(b->page.width, desk_units_from_mm(105));
	assert_near(b->page.margin_bottom, desk_units_from_mm(5));
	assert_near(b->page.corner_radius, desk_units_from_mm(2));
	g_assert_cmpint(b->page.orientation, ==, DESK_ORIENT_PORTRAIT);
	g_autoptr(desk_layout_t) c =
	    load_string("{ \"page\": { \"media\": \"w167h288\", \"width\": 10, \"height\": 10 },"
	                "  \"elements\": [] }",
	                &error);
	g_assert_null(c);
	g_assert_nonnull(strstr(error->message, "inline-test.json:1:"));
	g_assert_nonnull(strstr(error->message, "does not match media \"w167h288\""));
}

/* ---- shipped layouts and docs --------------------------------------------------------- */

/* Checks every *.json in @dir (relative to the top); returns how many. */
static guint check_folder(const char *dir, gboolean allow_warnings)
{
	g_autofree char *path = g_build_filename(top(), dir, NULL);
	g_autofree char *root = g_build_filename(top(), "layouts", NULL);
	g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
	const char *name;
	guint n = 0;

	if (!d)
		return 0;
	while ((name = g_dir_read_name(d))) {
		if (!g_str_has_suffix(name, ".json"))
			continue;
		g_autofree char *file = g_build_filename(path, name, NULL);
		g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func(g_free);
		gboolean ok = desk_layout_check(file, root, messages);
		for (guint i = 0; i < messages->len; i++)
			g_printerr("%s\n", (char *)g_ptr_array_index(messages, i));
		g_assert_true(ok);
		if (!allow_warnings)
			g_assert_cmpuint(messages->len, ==, 0);
		g_autoptr(GError) error = NULL;
		g_autoptr(desk_layout_t) layout = desk_layout_load(file, root, &error);
		g_assert_no_error(error);
		g_assert_nonnull(layout);
		n++;
	}
	return n;
}

static void test_shipped(void)
{
	const char *badges[] = {"dymo-30256.json",   "dymo-99014.json", "brother-dk11202.json",
	                        "brother-62mm.json", "a6.json",         "a7.json"};
	for (size_t i = 0; i < G_N_ELEMENTS(badges); i++) {
		g_autofree char *file = g_build_filename(top(), "layouts", badges[i], NULL);
		if (!g_file_test(file, G_FILE_TEST_EXISTS))
			g_test_message("missing shipped layout %s", badges[i]);
		g_assert_true(g_file_test(file, G_FILE_TEST_EXISTS));
	}
	g_assert_cmpuint(check_folder("layouts", FALSE), >=, G_N_ELEMENTS(badges));
	guint stickers = check_folder("layouts/stickers", TRUE);
	g_test_message("%u sticker layouts checked", stickers);
}

static void test_docs_examples(void)
{
	g_autofree char *doc = g_build_filename(top(), "docs", "layouts.md", NULL);
	g_autofree char *text = NULL;
	g_autofree char *anchor = g_build_filename(top(), "layouts", "docs-example.json", NULL);
	g_autofree char *root = g_build_filename(top(), "layouts", NULL);
	guint n = 0;

	g_assert_true(g_file_get_contents(doc, &text, NULL, NULL));
	for (const char *p = strstr(text, "```json\n"); p; p = strstr(p, "```json\n")) {
		p += strlen("```json\n");
		const char *end = strstr(p, "```");
		g_assert_nonnull(end);
		g_autoptr(GError) error = NULL;
		g_autoptr(desk_layout_t) layout =
		    desk_layout_load_data(p, end - p, anchor, root, &error);
		if (error)
			g_printerr("docs/layouts.md example %u: %s\n", n + 1, error->message);
		g_assert_no_error(error);
		g_assert_nonnull(layout);
		g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func(g_free);
		g_assert_true(desk_layout_check_data(p, end - p, anchor, root, messages));
		g_assert_cmpuint(messages->len, ==, 0); /* not even a warning */
		n++;
		p = end + 3;
	}
	g_assert_cmpuint(n, >=, 3);
}

/* ---- the bad corpus --------------------------------------------------------------------- */

/* EXPECTED lists, per file, every message in order ("NAME:LINE:COL: ..."). */
static GPtrArray *expected_for(char **lines, const char *name)
{
	GPtrArray *want = g_ptr_array_new();
	g_autofree char *prefix = g_strdup_printf("%s:", name);
	for (char **l = lines; *l; l++) {
		if (g_str_has_prefix(*l, prefix))
			g_ptr_array_add(want, *l);
	}
	return want;
}

static void check_bad_file(char **lines, const char *name)
{
	g_autoptr(GPtrArray) want = expected_for(lines, name);
	g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func(g_free);

	if (want->len == 0)
		g_printerr("no EXPECTED entry for %s\n", name);
	g_assert_cmpuint(want->len, >, 0);
	g_assert_false(desk_layout_check(name, ".", got));
	for (guint i = 0; i < MAX(got->len, want->len); i++) {
		const char *g = i < got->len ? g_ptr_array_index(got, i) : "(none)";
		const char *w = i < want->len ? g_ptr_array_index(want, i) : "(none)";
		g_assert_cmpstr(g, ==, w);
	}
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_layout_t) layout = desk_layout_load(name, ".", &error);
	g_assert_null(layout);
	g_assert_nonnull(error);
	g_assert_cmpstr(error->message, ==, g_ptr_array_index(want, 0));
}

static void test_bad_corpus(void)
{
	g_autofree char *dir = g_build_filename(top(), "tests", "data", "bad-layouts", NULL);
	g_autofree char *cwd = g_get_current_dir();
	g_autofree char *expected = NULL;
	const char *name;
	guint n = 0;

	g_assert_cmpint(g_chdir(dir), ==, 0);
	g_assert_true(g_file_get_contents("EXPECTED", &expected, NULL, NULL));
	g_auto(GStrv) lines = g_strsplit(expected, "\n", -1);
	g_autoptr(GDir) d = g_dir_open(".", 0, NULL);
	while ((name = g_dir_read_name(d))) {
		if (!g_str_has_suffix(name, ".json"))
			continue;
		check_bad_file(lines, name);
		n++;
	}
	g_assert_cmpint(g_chdir(cwd), ==, 0);
	g_assert_cmpuint(n, >=, 25);
}

/* ---- several messages, images, robustness ------------------------------------------------ */

static char *write_temp(const char *dir, const char *name, const char *text)
{
	char *path = g_build_filename(dir, name, NULL);
	g_assert_true(g_file_set_contents(path, text, -1, NULL));
	return path;
}

static void test_all_messages(void)
{
	g_autofree char *dir = g_dir_make_tmp("layout-XXXXXX", NULL);
	g_autofree char *file = write_temp(
	    dir, "multi.json",
	    "{\n"
	    "  \"name\": \"Ünïcödé\", \"bogus\": 1,\n"
	    "  \"page\": { \"width\": 100, \"height\": 60 },\n"
	    "  \"elements\": [\n"
	    "    { \"type\": \"text\", \"id\": \"名前\", \"x\": 1, \"y\": 1, \"w\": 50, \"h\": 9,\n"
	    "      \"text\": \"{first_name|nope}\", \"lines\": 0 },\n"
	    "    { \"type\": \"rect\", \"x\": 1, \"y\": 1, \"w\": 5, \"h\": 5, \"fill\": \"red\" "
	    "}\n"
	    "  ]\n"
	    "}\n");
	g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func(g_free);
	g_assert_false(desk_layout_check(file, dir, got));
	const char *want[] = {
	    "2:22: unknown key \"bogus\" in the layout",
	    "6:28: \"text\": unknown filter \"nope\" (use upper, lower, initial, first, last, "
	    "trim or mecard)",
	    "6:45: \"lines\" must be between 1 and 20",
	    "7:63: \"fill\": bad colour \"red\" (use #rgb, #rrggbb, #rrggbbaa, black, white or "
	    "none)",
	};
	g_assert_cmpuint(got->len, ==, G_N_ELEMENTS(want));
	for (guint i = 0; i < got->len; i++) {
		g_autofree char *w = g_strdup_printf("%s:%s", file, want[i]);
		g_assert_cmpstr(g_ptr_array_index(got, i), ==, w);
	}
	g_unlink(file);
	g_rmdir(dir);
}

static void test_images(void)
{
	g_autofree char *dir = g_dir_make_tmp("layout-XXXXXX", NULL);
	g_autofree char *art = g_build_filename(dir, "art", NULL);
	g_assert_cmpint(g_mkdir(art, 0700), ==, 0);
	g_autofree char *svg =
	    write_temp(art, "logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
	g_autofree char *evil = g_build_filename(art, "evil.svg", NULL);
	g_assert_cmpint(symlink("/etc/passwd", evil), ==, 0);
	const char *fmt = "{ \"page\": { \"width\": 50, \"height\": 50 }, \"elements\": ["
	                  "{ \"type\": \"image\", \"x\": 1, \"y\": 1, \"w\": 20, \"h\": 20, "
	                  "\"src\": \"%s\", \"fit\": \"cover\" } ] }";
	g_autofree char *good = g_strdup_printf(fmt, "art/../art/logo.svg");
	g_autofree char *bad = g_strdup_printf(fmt, "art/evil.svg");
	g_autofree char *anchor = g_build_filename(dir, "x.json", NULL);
	g_autoptr(GError) error = NULL;

	g_autoptr(desk_layout_t) ok =
	    desk_layout_load_data(good, strlen(good), anchor, NULL, &error);
	g_assert_no_error(error);
	const desk_element_t *e = g_ptr_array_index(ok->elements, 0);
	g_assert_true(g_path_is_absolute(e->image.path));
	g_assert_true(g_str_has_suffix(e->image.path, "/art/logo.svg"));
	g_assert_cmpint(e->image.fit, ==, DESK_FIT_COVER);
	g_autoptr(desk_layout_t) no = desk_layout_load_data(bad, strlen(bad), anchor, NULL, &error);
	g_assert_null(no);
	g_assert_nonnull(
	    strstr(error->message, "image \"art/evil.svg\" is outside the layouts folder"));
	/* The same image is outside a root that is only the art folder's sibling. */
	g_clear_error(&error);
	g_autoptr(desk_layout_t) other =
	    desk_layout_load_data(good, strlen(good), anchor, "/tmp/nonexistent-root", &error);
	g_assert_null(other);
	g_unlink(evil);
	g_unlink(svg);
	g_rmdir(art);
	g_rmdir(dir);
}

static void test_qr_warning(void)
{
	const char *fmt = "{ \"page\": { \"width\": 60, \"height\": 40 }, \"elements\": [\n"
	                  "  { \"type\": \"qr\", \"id\": \"c\", \"x\": 2, \"y\": 2, \"size\": %d,\n"
	                  "    \"data\": \"MECARD:N:{last_name|mecard},{first_name|mecard};"
	                  "ORG:{company|mecard};{?email:EMAIL:{email|mecard};};\" } ] }";
	g_autofree char *small = g_strdup_printf(fmt, 18);
	g_autofree char *big = g_strdup_printf(fmt, 25);
	g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GError) error = NULL;

	g_assert_true(desk_layout_check_data(small, strlen(small), "w.json", NULL, messages));
	g_assert_cmpuint(messages->len, ==, 1);
	g_assert_cmpstr(g_ptr_array_index(messages, 0), ==,
	                "w.json:2:3: warning: element 1 (qr \"c\"): QR modules would be 0.25mm "
	                "(under 0.4mm) for plausible content of 124 bytes (version 8, 57 modules "
	                "with the quiet zone); make it at least 25mm or shorten the data");
	g_autoptr(desk_layout_t) layout =
	    desk_layout_load_data(small, strlen(small), "w.json", NULL, &error);
	g_assert_no_error(error); /* a warning does not stop loading */
	g_assert_nonnull(layout);
	g_ptr_array_set_size(messages, 0);
	g_assert_true(desk_layout_check_data(big, strlen(big), "w.json", NULL, messages));
	g_assert_cmpuint(messages->len, ==, 0);
}

/* Every prefix of a shipped layout, and byte flips through it, load or fail cleanly. */
static void test_truncations(void)
{
	g_autofree char *path = g_build_filename(top(), "layouts", "dymo-30256.json", NULL);
	g_autofree char *text = NULL;
	gsize length = 0;
	guint failed = 0;

	g_assert_true(g_file_get_contents(path, &text, &length, NULL));
	for (gsize n = 0; n < length; n++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(desk_layout_t) layout =
		    desk_layout_load_data(text, n, path, NULL, &error);
		if (!layout) {
			g_assert_nonnull(error);
			g_assert_true(g_str_has_prefix(error->message, path));
			failed++;
		}
	}
	g_assert_cmpuint(failed, >=, length - 3); /* only trailing whitespace may go */
	const char junk[] = {'\0', '\xff', '"', '{', ']', '\\', '9', ','};
	for (gsize i = 0; i < length; i += 7) {
		char saved = text[i];
		text[i] = junk[i % sizeof junk];
		g_autoptr(GError) error = NULL;
		g_autoptr(desk_layout_t) layout =
		    desk_layout_load_data(text, length, path, NULL, &error);
		g_assert_true(layout != NULL || error != NULL);
		text[i] = saved;
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/units/lengths", test_units_lengths);
	g_test_add_func("/units/bad", test_units_bad);
	g_test_add_func("/units/media", test_units_media);
	g_test_add_func("/layout/defaults", test_defaults);
	g_test_add_func("/layout/dymo-model", test_dymo_model);
	g_test_add_func("/layout/media-orientation", test_media_orientation);
	g_test_add_func("/layout/shipped", test_shipped);
	g_test_add_func("/layout/docs-examples", test_docs_examples);
	g_test_add_func("/layout/bad-corpus", test_bad_corpus);
	g_test_add_func("/layout/all-messages", test_all_messages);
	g_test_add_func("/layout/images", test_images);
	g_test_add_func("/layout/qr-warning", test_qr_warning);
	g_test_add_func("/layout/truncations", test_truncations);
	return g_test_run();
}

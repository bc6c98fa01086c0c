/* test-sheet.c: sheet files, N-up A4/Letter PDFs, scannable codes per cell, streaming. */
#include <locale.h>

#include "render-fixture.h"
#include "sheet.h"

static desk_renderer_t *renderer;

static char *layouts_dir(void)
{
	const char *top = g_getenv("FRONTDESK_TOP");
	return g_build_filename(top ? top : ".", "layouts", NULL);
}

static void test_shipped(void)
{
	static const struct {
		const char *name;
		int columns, rows;
		double cell_w_mm, cell_h_mm;
	} want[] = {
	    {"a4-8up-a7", 2, 4, 105, 74},
	    {"a4-4up-a6", 2, 2, 105, 148},
	    {"a4-10up-54x90", 2, 5, 90, 54},
	    {"letter-6up-4x3in", 2, 3, 101.6, 76.2},
	};
	g_autofree char *dir = layouts_dir();
	for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(desk_sheet_t) s = desk_sheet_find(dir, want[i].name, &error);
		g_assert_no_error(error);
		g_assert_cmpstr(s->name, ==, want[i].name);
		g_assert_cmpint(s->columns, ==, want[i].columns);
		g_assert_cmpint(s->rows, ==, want[i].rows);
		g_assert_cmpfloat_with_epsilon(s->cell_width * 25.4 / 72, want[i].cell_w_mm, 0.01);
		g_assert_cmpfloat_with_epsilon(s->cell_height * 25.4 / 72, want[i].cell_h_mm, 0.01);
		g_assert_cmpfloat(s->margin_left, >=, 0);
		g_assert_cmpfloat(s->margin_top, >=, 0);
	}
}

static void expect_load_error(const char *json, const char *needle)
{
	g_autofree char *path = NULL;
	int fd = g_file_open_tmp("sheet-XXXXXX.json", &path, NULL);
	close(fd);
	g_file_set_contents(path, json, -1, NULL);
	g_autoptr(GError) error = NULL;
	g_assert_null(desk_sheet_load(path, &error));
	g_assert_nonnull(error);
	g_test_message("%s", error->message);
	g_assert_nonnull(strstr(error->message, path));
	g_assert_nonnull(strstr(error->message, needle));
	g_unlink(path);
}

static void test_errors(void)
{
	expect_load_error("{\"paper\": \"a5\", \"columns\": 1, \"rows\": 1, "
	                  "\"cell\": {\"width\": \"1in\", \"height\": \"1in\"}}",
	                  "paper");
	expect_load_error("{\"paper\": \"a4\", \"columns\": 0, \"rows\": 1, "
	                  "\"cell\": {\"width\": \"1in\", \"height\": \"1in\"}}",
	                  "columns");
	expect_load_error("{\"paper\": \"a4\", \"columns\": 1, \"rows\": 1, "
	                  "\"cell\": {\"width\": \"12furlongs\", \"height\": \"1in\"}}",
	                  "cell.width");
	expect_load_error("{\"paper\": \"a4\", \"columns\": 3, \"rows\": 1, "
	                  "\"cell\": {\"width\": \"100mm\", \"height\": \"1in\"}}",
	                  "do not fit");
	expect_load_error("{\"paper\": \"a4\", ", "sheet-");
	g_autoptr(GError) error = NULL;
	g_autofree char *dir = layouts_dir();
	g_assert_null(desk_sheet_find(dir, "../etc/passwd", &error));
	g_clear_error(&error);
	g_assert_null(desk_sheet_find(dir, "no-such-sheet", &error));
	g_assert_nonnull(strstr(error->message, "no-such-sheet"));
}

typedef struct {
	guint made, total;
	int alive, max_alive;
} feed_t;

static void on_value_free(gpointer data)
{
	feed_t *feed = *(feed_t **)data;
	feed->alive--;
	g_free(data);
}

/* Fields for badge number feed->made; the table's "_" value tracks liveness. */
static GHashTable *next_badge(gpointer user_data, GError **error)
{
	feed_t *feed = user_data;
	(void)error;
	if (feed->made == feed->total)
		return NULL;
	GHashTable *fields = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, on_value_free);
	feed_t **marker = g_new(feed_t *, 1);
	*marker = feed;
	g_hash_table_insert(fields, g_strdup("_"), marker);
	/* "_" holds no string: the layout used with this feed has no text. */
	feed->made++;
	feed->alive++;
	feed->max_alive = MAX(feed->max_alive, feed->alive);
	return fields;
}

static GHashTable *code_fields(guint i)
{
	g_autofree char *code = g_strdup_printf("FD-%05u", i);
	g_autofree char *name = g_strdup_printf("Badge %u", i);
	return fixture_fields("ticket_code", code, "first_name", name, NULL);
}

static desk_layout_t *dymo_layout(void)
{
	desk_layout_t *layout = fixture_layout("dymo", 288.0, 167.2); /* 102 x 59 mm */
	g_ptr_array_add(layout->elements, fixture_text("{first_name}", 10, 20, 170, 60, 30, 10, 1));
	g_ptr_array_add(layout->elements, fixture_qr("{ticket_code}", 190, 30, 90));
	return layout;
}

static char *run(const char *const *argv)
{
	char *out = NULL;
	int status = 0;
	g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL,
	                           G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
	                           &out, NULL, &status, NULL));
	g_assert_true(g_spawn_check_wait_status(status, NULL));
	return out;
}

static void test_render_codes(void)
{
	g_autofree char *dir = layouts_dir();
	g_autoptr(desk_sheet_t) sheet = desk_sheet_find(dir, "a4-8up-a7", NULL);
	desk_layout_t *layout = dymo_layout();
	g_autoptr(GPtrArray) list =
	    g_ptr_array_new_with_free_func((GDestroyNotify)g_hash_table_unref);
	for (guint i = 0; i < 11; i++)
		g_ptr_array_add(list, code_fields(i));
	g_autofree char *tmp = g_dir_make_tmp("sheet-XXXXXX", NULL);
	g_autofree char *pdf = g_build_filename(tmp, "sheet.pdf", NULL);
	g_autoptr(GError) error = NULL;
	g_assert_true(desk_sheet_render_pdf_array(renderer, sheet, layout, list, pdf, &error));
	g_assert_no_error(error);

	const char *info_argv[] = {"pdfinfo", pdf, NULL};
	g_autofree char *info = run(info_argv);
	g_assert_nonnull(strstr(info, "Pages:           2"));
	g_assert_nonnull(strstr(info, "595.276 x 841.89 pts (A4)"));
	/* Page 1 holds badges 0..7, each code scannable. */
	g_autofree char *prefix = g_build_filename(tmp, "page", NULL);
	const char *ppm_argv[] = {"pdftoppm", "-r", "200",         "-gray", "-png", "-f", "1",
	                          "-l",       "1",  "-singlefile", pdf,     prefix, NULL};
	g_free(run(ppm_argv));
	g_autofree char *png = g_strconcat(prefix, ".png", NULL);
	const char *zbar_argv[] = {"zbarimg", "--raw", "-q", png, NULL};
	g_autofree char *codes = run(zbar_argv);
	for (guint i = 0; i < 8; i++) {
		g_autofree char *code = g_strdup_printf("FD-%05u\n", i);
		g_assert_nonnull(strstr(codes, code));
	}
	g_assert_null(strstr(codes, "FD-00008"));
	g_unlink(png);
	g_unlink(pdf);
	g_rmdir(tmp);
	fixture_layout_free(layout);
}

static void test_streaming(void)
{
	g_autofree char *dir = layouts_dir();
	g_autoptr(desk_sheet_t) sheet = desk_sheet_find(dir, "a4-10up-54x90", NULL);
	desk_layout_t *layout = fixture_layout("id-only", 200, 100);
	g_ptr_array_add(layout->elements, fixture_element(DESK_ELEM_RECT, 0, 0, 20, 20));
	feed_t feed = {.total = 95};
	g_autofree char *tmp = g_dir_make_tmp("sheet-XXXXXX", NULL);
	g_autofree char *pdf = g_build_filename(tmp, "many.pdf", NULL);
	guint count = 0;
	g_autoptr(GError) error = NULL;
	g_assert_true(
	    desk_sheet_render_pdf(renderer, sheet, layout, next_badge, &feed, pdf, &count, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(count, ==, 95);
	g_assert_cmpint(feed.max_alive, ==, 1);
	g_assert_cmpint(feed.alive, ==, 0);
	g_unlink(pdf);
	g_rmdir(tmp);
	fixture_layout_free(layout);
}

static void test_placement(void)
{
	g_autofree char *dir = layouts_dir();
	g_autoptr(desk_sheet_t) sheet = desk_sheet_find(dir, "a4-10up-54x90", NULL);
	g_autoptr(GPtrArray) list =
	    g_ptr_array_new_with_free_func((GDestroyNotify)g_hash_table_unref);
	g_ptr_array_add(list, code_fields(1));
	g_autoptr(GError) error = NULL;
	/* A portrait 54 x 90 mm badge turns to fit a 90 x 54 mm cell. */
	desk_layout_t *portrait = fixture_layout("portrait", 153, 255);
	g_autofree char *tmp = g_dir_make_tmp("sheet-XXXXXX", NULL);
	g_autofree char *pdf = g_build_filename(tmp, "p.pdf", NULL);
	g_assert_true(desk_sheet_render_pdf_array(renderer, sheet, portrait, list, pdf, &error));
	g_assert_no_error(error);
	g_unlink(pdf);
	/* A badge bigger than the cell is refused, never scaled. */
	desk_layout_t *big = fixture_layout("big", 300, 300);
	g_assert_false(desk_sheet_render_pdf_array(renderer, sheet, big, list, pdf, &error));
	g_assert_nonnull(strstr(error->message, "never scaled"));
	g_assert_false(g_file_test(pdf, G_FILE_TEST_EXISTS));
	g_rmdir(tmp);
	fixture_layout_free(portrait);
	fixture_layout_free(big);
}

/* The example in docs/render.md loads and means what the text says. */
static void test_docs_example(void)
{
	const char *top = g_getenv("FRONTDESK_TOP");
	g_autofree char *doc = g_build_filename(top ? top : ".", "docs", "render.md", NULL);
	g_autofree char *text = NULL;
	g_assert_true(g_file_get_contents(doc, &text, NULL, NULL));
	const char *start = strstr(text, "    { \"paper\"");
	g_assert_nonnull(start);
	const char *end = strstr(start, "}\n\n");
	g_assert_nonnull(end);
	g_autofree char *json = g_strndup(start, (gsize)(end + 1 - start));
	g_autofree char *path = NULL;
	close(g_file_open_tmp("sheet-doc-XXXXXX.json", &path, NULL));
	g_file_set_contents(path, json, -1, NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_sheet_t) s = desk_sheet_load(path, &error);
	g_unlink(path);
	g_assert_no_error(error);
	g_assert_cmpint(s->columns * s->rows, ==, 8);
	g_assert_cmpfloat_with_epsilon(s->margin_top, 0.5 * 72 / 25.4, 1e-9);
	g_assert_true(s->cut_marks);
}

int main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	setlocale(LC_ALL, "C.UTF-8");
	g_test_init(&argc, &argv, NULL);
	renderer = desk_renderer_new(fixture_fonts_dir(), &error);
	g_assert_no_error(error);
	g_test_add_func("/sheet/shipped", test_shipped);
	g_test_add_func("/sheet/errors", test_errors);
	g_test_add_func("/sheet/render-codes", test_render_codes);
	g_test_add_func("/sheet/streaming", test_streaming);
	g_test_add_func("/sheet/placement", test_placement);
	g_test_add_func("/sheet/docs-example", test_docs_example);
	int status = g_test_run();
	desk_renderer_free(renderer);
	return status;
}

/* test-print.c: printer listing, media matching and raster jobs against a real private cupsd
 * (tests/lib/cupsd-harness.sh). */
#include <cups/cups.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "printer.h"
#include "printjob.h"
#include "template.h"

static char *harness_dir;
static char *top;
static char *started_pid; /* cupsd's pid when the harness started it */

static bool harness(const char *verb)
{
	g_autofree char *script = g_build_filename(top, "tests/lib/cupsd-harness.sh", NULL);
	g_autofree char *pid = g_strdup_printf("%d", (int)getpid());
	const char *argv[] = {"sh", script, verb, harness_dir, "5", pid, NULL};
	g_autofree char *out = NULL;
	int status = 0;
	if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
	                  &status, NULL) ||
	    !g_spawn_check_wait_status(status, NULL))
		return false;
	if (strcmp(verb, "start") == 0) {
		g_strchomp(out);
		if (!g_str_has_prefix(out, "CUPS_SERVER="))
			return false;
		g_setenv("CUPS_SERVER", out + strlen("CUPS_SERVER="), TRUE);
	}
	return true;
}

static desk_bitmap_t *bitmap_new(int w, int h)
{
	desk_bitmap_t *b = g_new0(desk_bitmap_t, 1);
	*b = (desk_bitmap_t){w, h, (w + 7) / 8, 300, 300, NULL};
	b->data = g_malloc0((gsize)b->stride * h);
	return b;
}

static void bitmap_drop(desk_bitmap_t *b)
{
	g_free(b->data);
	g_free(b);
}

static void fill(desk_bitmap_t *b, int x0, int y0, int x1, int y1)
{
	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++)
			b->data[y * b->stride + x / 8] |= 0x80 >> (x % 8);
}

static desk_layout_t *page_layout(const char *name, double w_mm, double h_mm, const char *media)
{
	desk_layout_t *l = g_new0(desk_layout_t, 1);
	l->name = g_strdup(name);
	l->page.width = w_mm * 72 / 25.4;
	l->page.height = h_mm * 72 / 25.4;
	l->page.media = g_strdup(media);
	return l;
}

static void layout_drop(desk_layout_t *l)
{
	g_free(l->name);
	g_free(l->page.media);
	g_free(l);
}

/* Today's cupsd writes a file device's output over the old one without
 * truncating it: empty it before a job whose output is decoded. */
static void clear_output(const char *queue)
{
	g_autofree char *path = g_strdup_printf("%s/out/%s.out", harness_dir, queue);
	g_assert_true(truncate(path, 0) == 0);
}

static char *read_log(const char *name)
{
	g_autofree char *path = g_strdup_printf("%s/log/%s", harness_dir, name);
	char *text = NULL;
	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	return text;
}

/* Runs a decoder helper on the queue's output; returns its "key=value" line. */
static char *decode(const char *helper, const char *queue, const char *png)
{
	g_autofree char *bin = g_build_filename(
	    top, g_getenv("BUILD") ? g_getenv("BUILD") : "build", "tests", helper, NULL);
	g_autofree char *in = g_strdup_printf("%s/out/%s.out", harness_dir, queue);
	const char *argv[] = {bin, in, png, NULL};
	char *out = NULL;
	int status = 0;
	g_assert_true(
	    g_spawn_sync(NULL, (char **)argv, NULL, 0, NULL, NULL, &out, NULL, &status, NULL));
	g_assert_true(g_spawn_check_wait_status(status, NULL));
	return g_strchomp(out);
}

static int field(const char *line, const char *key)
{
	g_autofree char *k = g_strdup_printf("%s=", key);
	const char *p = strstr(line, k);
	g_assert_nonnull(p);
	return atoi(p + strlen(k));
}

/* The inked box "x0,y0,x1,y1" from a decoder's line. */
static void ink(const char *line, int box[4])
{
	const char *p = strstr(line, "ink=");
	g_assert_nonnull(p);
	g_assert_cmpint(sscanf(p, "ink=%d,%d,%d,%d", &box[0], &box[1], &box[2], &box[3]), ==, 4);
}

static void test_list(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) printers = desk_printer_list(&error);
	g_assert_no_error(error);
	g_assert_cmpuint(printers->len, ==, 2);
	for (guint i = 0; i < printers->len; i++) {
		desk_printer_t *p = printers->pdata[i];
		g_assert_true(strcmp(p->name, "dymo") == 0 || strcmp(p->name, "ql") == 0);
		g_assert_cmpint(p->dpi_x, ==, 300);
		g_assert_cmpint(p->state, ==, 3);
		g_assert_true(p->accepting && p->label);
		g_assert_cmpuint(p->media->len, >, 5);
		g_assert_nonnull(
		    strstr(p->make_model, p->name[0] == 'd' ? "LabelWriter 450" : "QL-820NWB"));
	}
}

static void test_match(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_printer_t) dymo = desk_printer_get("dymo", &error);
	g_assert_no_error(error);
	desk_layout_t *by_name = page_layout("30256", 101.6, 59.0, "w167h288");
	const desk_media_t *m = desk_printer_match_media(dymo, by_name, &error);
	g_assert_no_error(error);
	g_assert_cmpint(m->width, ==, 5876);
	g_assert_cmpint(m->length, ==, 10160);
	desk_layout_t *ql62 = page_layout("ql62", 62, 100, NULL);
	g_assert_null(desk_printer_match_media(dymo, ql62, &error));
	g_assert_error(error, DESK_PRINTER_ERROR, DESK_PRINTER_ERROR_MEDIA);
	g_assert_nonnull(strstr(error->message, "ql62"));
	g_assert_nonnull(strstr(error->message, "dymo"));
	g_clear_error(&error);
	desk_layout_t *big = page_layout("big", 120, 59, "w167h288");
	g_assert_null(desk_printer_match_media(dymo, big, &error));
	g_assert_error(error, DESK_PRINTER_ERROR, DESK_PRINTER_ERROR_MEDIA);
	g_assert_nonnull(strstr(error->message, "larger"));
	g_clear_error(&error);
	g_assert_null(desk_printer_get("nonesuch", &error));
	g_assert_error(error, DESK_PRINTER_ERROR, DESK_PRINTER_ERROR_UNKNOWN);
	layout_drop(by_name);
	layout_drop(ql62);
	layout_drop(big);
}

/* A 62 mm square on the QL: a custom length cut from the 62 mm continuous roll. */
static void test_match_custom(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_printer_t) ql = desk_printer_get("ql", &error);
	g_assert_no_error(error);
	g_assert_cmpint(ql->custom_max_length, >, 6200);
	g_assert_cmpint(ql->custom_min_length, <, 6200);
	desk_layout_t *square = page_layout("square62", 62, 62, "custom_62x62mm_62x62mm");
	const desk_media_t *m = desk_printer_match_media(ql, square, &error);
	g_assert_no_error(error);
	g_assert_cmpint(m->width, ==, 6209);
	g_assert_cmpint(m->length, ==, 6200);
	g_assert_cmpstr(m->name, ==, "custom_62.09x62mm_62.09x62mm");
	/* no 45 mm roll: a custom length needs a listed width */
	desk_layout_t *odd = page_layout("odd45", 45, 45, "custom_45x45mm_45x45mm");
	g_assert_null(desk_printer_match_media(ql, odd, &error));
	g_assert_error(error, DESK_PRINTER_ERROR, DESK_PRINTER_ERROR_MEDIA);
	g_clear_error(&error);
	/* the DYMO's custom range is at most 56.9 mm wide */
	g_autoptr(desk_printer_t) dymo = desk_printer_get("dymo", &error);
	g_assert_no_error(error);
	g_assert_null(desk_printer_match_media(dymo, square, &error));
	g_assert_error(error, DESK_PRINTER_ERROR, DESK_PRINTER_ERROR_MEDIA);
	layout_drop(square);
	layout_drop(odd);
}

/* A landscape 30256 page with a block near its top-left corner: after the
 * anti-clockwise turn it must sit at the label's bottom-left. */
static void test_raster_dymo(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_printer_t) dymo = desk_printer_get("dymo", &error);
	g_assert_no_error(error);
	desk_layout_t *layout = page_layout("30256", 101.6, 58.76, NULL);
	const desk_media_t *media = desk_printer_match_media(dymo, layout, &error);
	g_assert_no_error(error);
	desk_bitmap_t *page = bitmap_new(1200, 694);
	fill(page, 40, 60, 240, 160); /* 200 wide, 100 tall, near the top-left */
	g_assert_cmpint(dymo->head_dots, ==, 672);
	desk_bitmap_t *unbounded = desk_printjob_fit_bitmap(page, media, 0);
	g_assert_cmpint(unbounded->width, ==, 696);
	bitmap_drop(unbounded);
	desk_bitmap_t *raster = desk_printjob_fit_bitmap(page, media, dymo->head_dots);
	g_assert_cmpint(raster->width, ==, 672);
	g_assert_cmpint(raster->height, ==, 1200);
	g_assert_true(dymo->native_raster);
	clear_output("dymo");
	desk_printjob_params_t params = {"dymo", media, "frontdesk test #1", 1, false, true, NULL};
	int job = desk_printjob_send_raster(&params, raster, &error);
	g_assert_no_error(error);
	int state = 0;
	g_assert_true(desk_printjob_wait("dymo", job, 20000, &state, &error));
	g_assert_cmpint(state, ==, DESK_IPP_JOB_COMPLETED);
	g_autofree char *png = g_build_filename(harness_dir, "dymo.png", NULL);
	g_autofree char *info = decode("helper-decode-dymo", "dymo", png);
	g_test_message("dymo: %s", info);
	g_assert_cmpint(field(info, "width"), ==, 672);
	g_assert_cmpint(field(info, "height"), ==, 1200);
	/* block rows 60..160 of a 694-row page -> columns 694-160..694-60 = 534..634 */
	int box[4];
	ink(info, box);
	g_assert_cmpint(box[0], ==, 60); /* page rows 60..160 become label columns */
	g_assert_cmpint(box[2], ==, 160);
	g_assert_cmpint(box[1], ==, 960); /* page columns 40..240 become rows 1199-239..1199-40 */
	g_assert_cmpint(box[3], ==, 1160);
	bitmap_drop(page);
	bitmap_drop(raster);
	layout_drop(layout);
}

static void test_raster_ql(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_printer_t) ql = desk_printer_get("ql", &error);
	g_assert_no_error(error);
	desk_layout_t *layout = page_layout("ql62", 62, 100, "62x100mm");
	const desk_media_t *media = desk_printer_match_media(ql, layout, &error);
	g_assert_no_error(error);
	desk_bitmap_t *page = bitmap_new(732, 1181);
	fill(page, 40, 60, 240, 160);
	g_assert_cmpint(ql->head_dots, ==, 0);
	desk_bitmap_t *raster = desk_printjob_fit_bitmap(page, media, ql->head_dots);
	/* scripts/ql-ppd.sh: the queue takes 1-bit raster itself (rastertoptch, no Ghostscript) */
	g_assert_true(ql->native_raster);
	clear_output("ql");
	desk_printjob_params_t params = {"ql",  media, "frontdesk test #2", 1, !ql->native_raster,
	                                 false, NULL};
	int job = desk_printjob_send_raster(&params, raster, &error);
	g_assert_no_error(error);
	int state = 0;
	g_assert_true(desk_printjob_wait("ql", job, 30000, &state, &error));
	g_assert_cmpint(state, ==, DESK_IPP_JOB_COMPLETED);
	g_autofree char *png = g_build_filename(harness_dir, "ql.png", NULL);
	g_autofree char *info = decode("helper-decode-ptouch", "ql", png);
	g_test_message("ql: %s", info);
	g_assert_cmpint(field(info, "media_width_mm"), ==, 62);
	g_assert_cmpint(field(info, "height"), >=, 1100);
	int box[4];
	/* the block stays at the top-left, 200 x 100 dots, dot for dot across the head;
	 * rastertoptch drops the first MinMargin=8.4pt (35 lines) of continuous tape */
	ink(info, box);
	g_assert_cmpint(box[2] - box[0], ==, 200);
	g_assert_cmpint(box[3] - box[1], ==, 100);
	g_assert_cmpint(box[0], ==, 40);
	g_assert_cmpint(box[1], ==, 60 - 35);
	bitmap_drop(page);
	bitmap_drop(raster);
	layout_drop(layout);
}

/* The shipped 30256 badge, printed through raster2dymolw and decoded, is the
 * renderer's page turned anti-clockwise, dot for dot (within the 672-dot head). */
static void test_badge_dymo(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *fonts = g_build_filename(top, "fonts", NULL);
	g_autofree char *layouts = g_build_filename(top, "layouts", NULL);
	g_autofree char *path = g_build_filename(layouts, "dymo-30256.json", NULL);
	g_autoptr(desk_renderer_t) renderer = desk_renderer_new(fonts, &error);
	g_assert_no_error(error);
	g_autoptr(desk_layout_t) layout = desk_layout_load(path, layouts, &error);
	g_assert_no_error(error);
	g_autoptr(desk_printer_t) dymo = desk_printer_get("dymo", &error);
	g_assert_no_error(error);
	g_autoptr(GHashTable) fields = desk_fields_new();
	g_hash_table_insert(fields, g_strdup("first_name"), g_strdup("Åsa"));
	g_hash_table_insert(fields, g_strdup("last_name"), g_strdup("Öberg"));
	g_hash_table_insert(fields, g_strdup("company"), g_strdup("ソニー"));
	clear_output("dymo");
	int job = desk_printjob_print(renderer, layout, fields, dymo, "frontdesk badge #7", 1, NULL,
	                              NULL, &error);
	g_assert_no_error(error);
	int state = 0;
	g_assert_true(desk_printjob_wait("dymo", job, 20000, &state, &error));
	g_assert_cmpint(state, ==, DESK_IPP_JOB_COMPLETED);
	g_autofree char *pbm = g_build_filename(harness_dir, "badge.pbm", NULL);
	g_autofree char *info = decode("helper-decode-dymo", "dymo", pbm);
	g_autofree char *data = NULL;
	gsize length;
	g_assert_true(g_file_get_contents(pbm, &data, &length, NULL));
	const char *header = "P4\n672 1200\n";
	g_assert_true(g_str_has_prefix(data, header));
	const guint8 *got = (const guint8 *)data + strlen(header);
	g_autoptr(desk_bitmap_t) page =
	    desk_render_bitmap(renderer, layout, fields, 300, 300, &error);
	g_assert_no_error(error);
	const desk_media_t *media = desk_printer_match_media(dymo, layout, &error);
	g_autoptr(desk_bitmap_t) want = desk_printjob_fit_bitmap(page, media, dymo->head_dots);
	int differ = 0, ink = 0;
	for (int y = 0; y < 1200; y++)
		for (int x = 0; x < 672; x++) {
			bool g = got[y * 84 + x / 8] & (0x80 >> (x % 8));
			differ += g != desk_bitmap_get(want, x, y);
			ink += g;
		}
	g_test_message("dymo badge: %s; %d inked dots, %d differ", info, ink, differ);
	g_assert_cmpint(ink, >, 10000);
	g_assert_cmpint(differ, ==, 0);
	/* exactly the head's width: raster2dymolw cuts nothing and logs nothing */
	g_autofree char *log = read_log("error_log");
	g_assert_null(strstr(log, "greater max page width"));
}

/* Names CUPS can carry: tokens, whatever the title holds. */
static void test_cups_names(void)
{
	static const char *const cases[][2] = {
	    {"frontdesk badge #12 (job 34)", "frontdesk-badge-12-job-34"},
	    {"tab\there\nnew line\r", "tab-here-new-line"},
	    {"  Lane B — Grüße 受付  ", "Lane-B-Gr-e"},
	    {"", "frontdesk-job"},
	    {"\t \n", "frontdesk-job"},
	    {"a_b.c-d", "a_b.c-d"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *got = desk_printjob_cups_name(cases[i][0]);
		g_assert_cmpstr(got, ==, cases[i][1]);
	}
	g_autofree char *none = desk_printjob_cups_name(NULL);
	g_assert_cmpstr(none, ==, "frontdesk-job");
	g_autofree char *longer = g_strnfill(1000, 'x');
	g_autofree char *cut = desk_printjob_cups_name(longer);
	g_assert_cmpint(strlen(cut), ==, 200);
}

/* A job sent under an old title (before names were tokens) is still found by
 * its token after an upgrade, so a resumed queue does not print it twice. */
static void test_find_legacy(void)
{
	int options_n = 0;
	cups_option_t *options = NULL;
	options_n = cupsAddOption("job-hold-until", "indefinite", options_n, &options);
	int id = cupsCreateJob(CUPS_HTTP_DEFAULT, "dymo", "frontdesk badge #3 (job 4)", options_n,
	                       options);
	cupsFreeOptions(options_n, options);
	g_assert_cmpint(id, >, 0);
	int state = 0;
	g_autoptr(GError) error = NULL;
	g_assert_cmpint(desk_printjob_find("dymo", "frontdesk-badge-3-job-4", &state, &error), ==,
	                id);
	g_assert_no_error(error);
	g_assert_cmpint(state, ==, DESK_IPP_JOB_HELD);
	g_assert_cmpint(desk_printjob_find("dymo", "frontdesk-badge-3-job-5", &state, &error), ==,
	                0);
	g_assert_true(desk_printjob_cancel("dymo", id, &error));
}

/* A completed job is found by its name too (a queue that restarts after it
 * printed must not print it again). */
static void test_find_completed(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_printer_t) dymo = desk_printer_get("dymo", &error);
	desk_layout_t *layout = page_layout("30256", 101.6, 58.76, NULL);
	const desk_media_t *media = desk_printer_match_media(dymo, layout, &error);
	desk_bitmap_t *page = bitmap_new(1200, 694);
	desk_bitmap_t *raster = desk_printjob_fit_bitmap(page, media, dymo->head_dots);
	desk_printjob_params_t params = {"dymo", media, "frontdesk-badge-77-job-78", 1, false,
	                                 true,   NULL};
	int job = desk_printjob_send_raster(&params, raster, &error);
	g_assert_no_error(error);
	int state = 0;
	g_assert_true(desk_printjob_wait("dymo", job, 20000, &state, &error));
	g_assert_cmpint(state, ==, DESK_IPP_JOB_COMPLETED);
	int found_state = 0;
	g_assert_cmpint(
	    desk_printjob_find("dymo", "frontdesk-badge-77-job-78", &found_state, &error), ==, job);
	g_assert_cmpint(found_state, ==, DESK_IPP_JOB_COMPLETED);
	bitmap_drop(page);
	bitmap_drop(raster);
	layout_drop(layout);
}

/* Every job above went through today's cupsd, which crashes on a
 * document-name with whitespace: it is still the same process. */
static void test_cupsd_alive(void)
{
	g_autofree char *path = g_build_filename(harness_dir, "cupsd.pid", NULL);
	g_autofree char *pid = NULL;
	g_assert_true(g_file_get_contents(path, &pid, NULL, NULL));
	g_assert_cmpint(kill(atoi(pid), 0), ==, 0);
	g_assert_cmpstr(pid, ==, started_pid);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	top = g_strdup(g_getenv("FRONTDESK_TOP") ? g_getenv("FRONTDESK_TOP") : ".");
	harness_dir = g_dir_make_tmp("test-print-XXXXXX", NULL);
	if (!harness(("start"))) {
		g_printerr("cannot start the cupsd harness in %s\n", harness_dir);
		return 1;
	}
	g_autofree char *pid_path = g_build_filename(harness_dir, "cupsd.pid", NULL);
	g_assert_true(g_file_get_contents(pid_path, &started_pid, NULL, NULL));
	g_test_add_func("/print/printers/list", test_list);
	g_test_add_func("/print/printers/match", test_match);
	g_test_add_func("/print/printers/match-custom", test_match_custom);
	g_test_add_func("/print/raster/dymo", test_raster_dymo);
	g_test_add_func("/print/raster/ql", test_raster_ql);
	g_test_add_func("/print/raster/dymo-badge", test_badge_dymo);
	g_test_add_func("/print/names/tokens", test_cups_names);
	g_test_add_func("/print/names/legacy", test_find_legacy);
	g_test_add_func("/print/names/completed", test_find_completed);
	g_test_add_func("/print/zz-end/cupsd-alive", test_cupsd_alive);
	int status = g_test_run();
	harness("stop");
	if (status == 0 && !g_getenv("KEEP")) {
		g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", harness_dir);
		(void)!system(cmd);
	}
	return status;
}

/* bench-print.c: time from "print this badge" to the job completed with the driver's output
 * written, through a real cupsd: raster vs PDF. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "printer.h"
#include "printjob.h"
#include "template.h"

#define RUNS 20

static char *dir, *top;
static double submit_ms[RUNS]; /* render + hand to CUPS, per run */

static bool harness(const char *verb)
{
	g_autofree char *script = g_build_filename(top, "tests/lib/cupsd-harness.sh", NULL);
	g_autofree char *pid = g_strdup_printf("%d", (int)getpid());
	const char *argv[] = {"sh", script, verb, dir, "5", pid, NULL};
	g_autofree char *socket = g_build_filename(dir, "cups.sock", NULL);
	int status = 0;
	g_setenv("CUPS_SERVER", socket, TRUE);
	return g_spawn_sync(NULL, (char **)argv, NULL,
	                    G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
	                        G_SPAWN_STDERR_TO_DEV_NULL,
	                    NULL, NULL, NULL, NULL, &status, NULL) &&
	       g_spawn_check_wait_status(status, NULL);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* One badge, start to completed, in ms; -1 on failure. */
static double once(desk_renderer_t *r, const desk_layout_t *layout, GHashTable *fields,
                   const desk_printer_t *printer, int i)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *title = g_strdup_printf("frontdesk-badge-%d", i);
	gint64 t0 = g_get_monotonic_time();
	int job = desk_printjob_print(r, layout, fields, printer, title, 1, NULL, NULL, &error);
	submit_ms[(i - 1) % RUNS] = (g_get_monotonic_time() - t0) / 1000.0;
	int state = 0;
	if (job <= 0 || !desk_printjob_wait(printer->name, job, 60000, &state, &error) ||
	    state != 9) {
		fprintf(stderr, "bench-print: %s\n", error ? error->message : "job not completed");
		return -1;
	}
	return (g_get_monotonic_time() - t0) / 1000.0;
}

static double median(desk_renderer_t *r, const desk_layout_t *layout, GHashTable *fields,
                     const desk_printer_t *printer, double *min, double *max)
{
	double ms[RUNS];
	for (int i = 0; i < RUNS; i++)
		if ((ms[i] = once(r, layout, fields, printer, i + 1)) < 0)
			return -1;
	qsort(ms, RUNS, sizeof(double), cmp);
	qsort(submit_ms, RUNS, sizeof(double), cmp);
	*min = ms[0];
	*max = ms[RUNS - 1];
	return (ms[RUNS / 2 - 1] + ms[RUNS / 2]) / 2;
}

/* Debian's unmodified Foomatic PPD, for comparison: raster -> PDF -> Ghostscript -> rastertoptch.
 * The harness creates the file device's output first (today's cupsd no longer does). */
static bool add_foomatic_ql(void)
{
	g_autofree char *script = g_build_filename(top, "tests/lib/cupsd-harness.sh", NULL);
	const char *argv[] = {"sh",
	                      script,
	                      "add-queue",
	                      dir,
	                      "qlfoomatic",
	                      "-m",
	                      "ptouch:0/ppd/ptouch-driver/Brother-QL-820NWB-ptouch-ql.ppd",
	                      NULL};
	int status = 0;
	return g_spawn_sync(NULL, (char **)argv, NULL,
	                    G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
	                        G_SPAWN_STDERR_TO_DEV_NULL,
	                    NULL, NULL, NULL, NULL, &status, NULL) &&
	       g_spawn_check_wait_status(status, NULL);
}

/* Times one layout on one queue and prints a line; as_pdf sends the vector PDF instead. */
static bool bench(desk_renderer_t *r, GHashTable *fields, const char *layout_name,
                  const char *queue, bool as_pdf, const char *what)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *layouts = g_build_filename(top, "layouts", NULL);
	g_autofree char *file = g_strconcat(layout_name, ".json", NULL);
	g_autofree char *path = g_build_filename(layouts, file, NULL);
	g_autoptr(desk_layout_t) layout = desk_layout_load(path, layouts, &error);
	g_autoptr(desk_printer_t) printer = layout ? desk_printer_get(queue, &error) : NULL;
	if (!printer) {
		fprintf(stderr, "bench-print: %s\n", error->message);
		return false;
	}
	if (as_pdf)
		printer->label = false; /* the same badge as a vector PDF: CUPS rasterizes it */
	double min, max, ms = median(r, layout, fields, printer, &min, &max);
	if (ms < 0)
		return false;
	printf("  %-44s median %6.1f ms (min %6.1f, max %6.1f); render + submit %5.1f ms\n", what,
	       ms, min, max, (submit_ms[RUNS / 2 - 1] + submit_ms[RUNS / 2]) / 2);
	return true;
}

/* Removes @path and everything under it (the cupsd's folder). */
static void remove_tree(const char *path)
{
	GDir *d = g_file_test(path, G_FILE_TEST_IS_SYMLINK) ? NULL : g_dir_open(path, 0, NULL);
	for (const char *name; d && (name = g_dir_read_name(d));) {
		g_autofree char *child = g_build_filename(path, name, NULL);
		remove_tree(child);
	}
	if (d)
		g_dir_close(d);
	g_remove(path);
}

/* ---- whole commands, spawn to the driver's output written ------------- */

/* Runs @argv to its exit (status 0) and returns its stdout (g_free), or NULL. */
static char *run_cmd(const char *const *argv)
{
	char *out = NULL;
	int status = 0;
	if (!g_spawn_sync(NULL, (char **)argv, NULL,
	                  G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
	                  &status, NULL) ||
	    !g_spawn_check_wait_status(status, NULL)) {
		g_free(out);
		return NULL;
	}
	return out;
}

/* ms from spawning @argv until job "QUEUE-N" that it printed is completed;
 * -1 on failure. */
static double cmd_to_completed(const char *const *argv, const char *queue, double *submit)
{
	gint64 t0 = g_get_monotonic_time();
	g_autofree char *out = run_cmd(argv);
	*submit = (g_get_monotonic_time() - t0) / 1000.0;
	g_autofree char *prefix = g_strdup_printf("%s-", queue);
	const char *at = out ? strstr(out, prefix) : NULL;
	int job = at ? atoi(at + strlen(prefix)) : 0, state = 0;
	if (job <= 0 || !desk_printjob_wait(queue, job, 60000, &state, NULL) || state != 9)
		return -1;
	return (g_get_monotonic_time() - t0) / 1000.0;
}

static void print_cmd_row(const char *what, const char *const *argv, const char *queue)
{
	double ms[RUNS];
	for (int i = 0; i < RUNS; i++)
		if ((ms[i] = cmd_to_completed(argv, queue, &submit_ms[i])) < 0) {
			printf("  %-44s not completed (run %d; it ran %.1f ms to its exit)\n", what,
			       i + 1, submit_ms[i]);
			return;
		}
	qsort(ms, RUNS, sizeof(double), cmp);
	qsort(submit_ms, RUNS, sizeof(double), cmp);
	printf("  %-44s median %6.1f ms (min %6.1f, max %6.1f); spawn -> queued %5.1f ms\n", what,
	       (ms[RUNS / 2 - 1] + ms[RUNS / 2]) / 2, ms[0], ms[RUNS - 1],
	       (submit_ms[RUNS / 2 - 1] + submit_ms[RUNS / 2]) / 2);
}

/* `frontdesk print` on @queue beside `lp` of the same badge pre-rendered
 * as a 1-bit PNG at the printer's resolution, through the same cupsd. */
static void bench_cli(desk_renderer_t *r, const char *layout_name, const char *queue,
                      const char *what)
{
	const char *bin = g_getenv("FRONTDESK_BIN");
	g_autofree char *layouts = g_build_filename(top, "layouts", NULL);
	g_autofree char *file = g_strconcat(layout_name, ".json", NULL);
	g_autofree char *path = g_build_filename(layouts, file, NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_layout_t) layout = desk_layout_load(path, layouts, &error);
	g_autoptr(desk_printer_t) printer = layout ? desk_printer_get(queue, &error) : NULL;
	const desk_media_t *media =
	    printer ? desk_printer_match_media(printer, layout, &error) : NULL;
	g_autoptr(GHashTable) fields = desk_fields_new();
	g_hash_table_insert(fields, g_strdup("first_name"), g_strdup("Jürgen"));
	g_hash_table_insert(fields, g_strdup("last_name"), g_strdup("Müller"));
	g_hash_table_insert(fields, g_strdup("company"), g_strdup("東京 AWS User Group"));
	g_autoptr(GBytes) png =
	    media ? desk_render_png(r, layout, fields, printer->dpi_x, true, &error) : NULL;
	g_autofree char *png_path = g_build_filename(dir, "badge.png", NULL);
	if (!bin || !png ||
	    !g_file_set_contents(png_path, g_bytes_get_data(png, NULL),
	                         (gssize)g_bytes_get_size(png), NULL)) {
		printf("  (%s: no command figures: %s)\n", what,
		       !bin    ? "FRONTDESK_BIN not set"
		       : error ? error->message
		               : "no PNG");
		return;
	}
	const char *print_argv[] = {bin,
	                            "print",
	                            layout_name,
	                            "--printer",
	                            queue,
	                            "-f",
	                            "first_name=Jürgen",
	                            "-f",
	                            "last_name=Müller",
	                            "-f",
	                            "company=東京 AWS User Group",
	                            NULL};
	g_autofree char *media_opt = g_strdup_printf("media=%s", media->name);
	const char *lp_argv[] = {"lp", "-d", queue, "-o", media_opt, png_path, NULL};
	g_autofree char *label = g_strdup_printf("`frontdesk print` %s", what);
	g_autofree char *lp_label = g_strdup_printf("`lp` of a pre-rendered PNG, %s", what);
	print_cmd_row(lp_label, lp_argv, queue);
	print_cmd_row(label, print_argv, queue);
}

int main(void)
{
	top = g_strdup(g_getenv("FRONTDESK_TOP") ? g_getenv("FRONTDESK_TOP") : ".");
	dir = g_dir_make_tmp("bench-print-XXXXXX", NULL);
	if (!harness("start")) {
		harness("stop");
		remove_tree(dir);
		return fprintf(stderr, "bench-print: cannot start cupsd\n"), 1;
	}
	g_autoptr(GError) error = NULL;
	g_autofree char *fonts = g_build_filename(top, "fonts", NULL);
	g_autoptr(desk_renderer_t) r = desk_renderer_new(fonts, &error);
	g_autoptr(GHashTable) fields = desk_fields_new();
	g_hash_table_insert(fields, g_strdup("first_name"), g_strdup("Jürgen"));
	g_hash_table_insert(fields, g_strdup("last_name"), g_strdup("Müller"));
	g_hash_table_insert(fields, g_strdup("company"), g_strdup("東京 AWS User Group"));
	printf("print to completed (real cupsd and drivers, output to a file, %d runs each):\n",
	       RUNS);
	bool ok =
	    r &&
	    bench(r, fields, "dymo-30256", "dymo", false, "DYMO 30256 raster -> raster2dymolw") &&
	    bench(r, fields, "dymo-30256", "dymo", true, "DYMO 30256 PDF -> CUPS raster -> dymo") &&
	    bench(r, fields, "brother-dk11202", "ql", false,
	          "QL 62x100 raster -> rastertoptch (ql-ppd.sh)");
	if (ok && add_foomatic_ql())
		ok = bench(r, fields, "brother-dk11202", "qlfoomatic", false,
		           "QL 62x100 raster -> PDF -> gs -> rastertoptch");
	else if (ok)
		printf("  (no Foomatic QL queue for comparison: lpadmin -m failed)\n");
	/* A fresh cupsd for each pair: one that failed above is gone. */
	printf("whole commands, spawn to the driver's output written (%d runs each):\n", RUNS);
	fflush(stdout);
	if (r && harness("stop") && harness("start"))
		bench_cli(r, "dymo-30256", "dymo", "DYMO");
	if (r && harness("stop") && harness("start"))
		bench_cli(r, "brother-dk11202", "ql", "QL");
	harness("stop");
	remove_tree(dir);
	if (!r)
		fprintf(stderr, "bench-print: %s\n", error->message);
	return ok ? 0 : 1;
}

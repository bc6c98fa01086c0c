/* bench-print.c: time from "print this badge" to the job completed with the driver's output
 * written, through a real cupsd: raster vs PDF. */
#include <stdio.h>
#include <stdlib.h>
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
	g_autofree char *title = g_strdup_printf("frontdesk badge #%d", i);
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

int main(void)
{
	top = g_strdup(g_getenv("FRONTDESK_TOP") ? g_getenv("FRONTDESK_TOP") : ".");
	dir = g_dir_make_tmp("bench-print-XXXXXX", NULL);
	if (!harness("start"))
		return fprintf(stderr, "bench-print: cannot start cupsd\n"), 1;
	g_autoptr(GError) error = NULL;
	g_autofree char *fonts = g_build_filename(top, "fonts", NULL);
	g_autofree char *layouts = g_build_filename(top, "layouts", NULL);
	g_autofree char *path = g_build_filename(layouts, "dymo-30256.json", NULL);
	g_autoptr(desk_renderer_t) r = desk_renderer_new(fonts, &error);
	g_autoptr(desk_layout_t) layout = r ? desk_layout_load(path, layouts, &error) : NULL;
	g_autoptr(desk_printer_t) printer = layout ? desk_printer_get("dymo", &error) : NULL;
	if (!printer) {
		harness("stop");
		return fprintf(stderr, "bench-print: %s\n", error->message), 1;
	}
	g_autoptr(GHashTable) fields = desk_fields_new();
	g_hash_table_insert(fields, g_strdup("first_name"), g_strdup("Jürgen"));
	g_hash_table_insert(fields, g_strdup("last_name"), g_strdup("Müller"));
	g_hash_table_insert(fields, g_strdup("company"), g_strdup("東京 AWS User Group"));
	double rmin, rmax, pmin, pmax;
	double raster = median(r, layout, fields, printer, &rmin, &rmax);
	double raster_submit = (submit_ms[RUNS / 2 - 1] + submit_ms[RUNS / 2]) / 2;
	printer->label = false; /* the same badge as a vector PDF: CUPS rasterizes it */
	double pdf = median(r, layout, fields, printer, &pmin, &pmax);
	double pdf_submit = (submit_ms[RUNS / 2 - 1] + submit_ms[RUNS / 2]) / 2;
	harness("stop");
	if (raster < 0 || pdf < 0)
		return 1;
	printf("print to completed (DYMO 30256, real cupsd + raster2dymolw, %d runs each):\n",
	       RUNS);
	printf("  raster path: median %.1f ms (min %.1f, max %.1f); render + submit %.1f ms\n",
	       raster, rmin, rmax, raster_submit);
	printf("  PDF path:    median %.1f ms (min %.1f, max %.1f); render + submit %.1f ms\n", pdf,
	       pmin, pmax, pdf_submit);
	printf("  PDF / raster: %.1fx\n", pdf / raster);
	return 0;
}

/* bench-render.c: per-badge PDF/1-bit times, first-badge latency, sheet throughput, memory. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "render-fixture.h"
#include "sheet.h"

#define WARM_RUNS 300

/* The machine is shared: CPU time is the steadier figure, wall time the honest one. */
static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static const char *const first_names[] = {"Ada",   "José", "Grace",    "Maria Anna",
                                          "Linus", "Zoë",  "Margaret", "Alexandra-Katharina"};
static const char *const last_names[] = {
    "Lovelace", "Müller",  "Hopper",   "Koch",
    "Torvalds", "Ødegård", "Hamilton", "von Wolfeschlegelstein"};
static const char *const companies[] = {"Analytical Engines Ltd",
                                        "",
                                        "US Navy",
                                        "Serverless Consulting GmbH & Co. KG",
                                        "Linux Foundation",
                                        "Nordic Cloud",
                                        "MIT",
                                        "AWS User Group Berlin"};

/* The shipped DYMO 30256 badge (102 x 59 mm): first name, full name,
 * company, pronouns and a contact QR (MECARD). */
static desk_layout_t *dymo_layout(void)
{
	const char *top = g_getenv("FRONTDESK_TOP");
	g_autofree char *dir = g_build_filename(top ? top : ".", "layouts", NULL);
	g_autofree char *path = g_build_filename(dir, "dymo-30256.json", NULL);
	g_autoptr(GError) error = NULL;
	desk_layout_t *layout = desk_layout_load(path, dir, &error);
	if (!layout) {
		fprintf(stderr, "bench-render: %s\n", error->message);
		exit(1);
	}
	return layout;
}

static GHashTable *badge_fields(guint i)
{
	guint n = G_N_ELEMENTS(first_names);
	g_autofree char *code = g_strdup_printf("FD-%06u", i);
	g_autofree char *email = g_strdup_printf("attendee%u@example.org", i);
	return fixture_fields("first_name", first_names[i % n], "last_name",
	                      last_names[(i / n) % n], "company", companies[(i / 3) % n],
	                      "ticket_code", code, "email", email, "pronouns",
	                      i % 2 ? "she/her" : "", NULL);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double max_rss_mib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024.0;
}

/* ---- modes, each run in its own process ------------------------------- */

/* Fresh process: fonts, layout and one 300 dpi 1-bit badge. */
static int mode_first(void)
{
	double c_start = cpu_ms(); /* CPU spent before main: exec and dynamic linking */
	gint64 t0 = g_get_monotonic_time();
	desk_renderer_t *r = desk_renderer_new(fixture_fonts_dir(), NULL);
	desk_layout_t *layout = dymo_layout();
	GHashTable *fields = badge_fields(1);
	desk_bitmap_t *bm = desk_render_bitmap(r, layout, fields, 300, 300, NULL);
	printf("%.2f %.2f %.2f\n", (g_get_monotonic_time() - t0) / 1000.0, cpu_ms() - c_start,
	       c_start);
	return bm ? 0 : 1;
}

/* Fresh process: fonts, layout and one badge as a PDF file. */
static int mode_first_pdf(void)
{
	double c_start = cpu_ms();
	gint64 t0 = g_get_monotonic_time();
	g_autofree char *tmp = g_dir_make_tmp("bench-first-XXXXXX", NULL);
	g_autofree char *pdf = g_build_filename(tmp, "badge.pdf", NULL);
	desk_renderer_t *r = desk_renderer_new(fixture_fonts_dir(), NULL);
	desk_layout_t *layout = dymo_layout();
	GHashTable *fields = badge_fields(1);
	bool ok = desk_render_pdf(r, layout, fields, pdf, NULL);
	printf("%.2f %.2f %.2f\n", (g_get_monotonic_time() - t0) / 1000.0, cpu_ms() - c_start,
	       c_start);
	g_unlink(pdf);
	g_rmdir(tmp);
	return ok ? 0 : 1;
}

/* Names in one script each, for the memory rows: four per script, so
 * the subsets hold more than one name's glyphs. */
static const struct {
	const char *script;
	const char *first[4], *last[4];
} scripts[] = {
    {"Latin", {"José", "Zoë", "Grace", "Łukasz"}, {"Müller", "Ødegård", "Hopper", "Wiśniewski"}},
    {"Japanese", {"太郎", "花子", "美咲", "健太"}, {"山田", "佐藤", "髙﨑", "高橋"}},
    {"Chinese", {"伟", "芳", "娜", "秀英"}, {"王", "李", "张", "刘"}},
    {"Korean", {"민준", "서연", "지훈", "하은"}, {"김", "이", "박", "최"}},
    {"Arabic", {"محمد", "فاطمة", "علي", "ليلى"}, {"حسن", "أحمد", "خالد", "يوسف"}},
    {"Devanagari", {"प्रिया", "राहुल", "अंजलि", "विजय"}, {"शर्मा", "वर्मा", "गुप्ता", "सिंह"}},
    {"Thai", {"สมชาย", "สมหญิง", "ประยุทธ์", "มาลี"}, {"ใจดี", "สุขสันต์", "รักไทย", "ศรีสุข"}},
};

static guint pages_script, pages_next, pages_total;

static GHashTable *next_page(gpointer user_data, GError **error)
{
	(void)user_data, (void)error;
	if (pages_next >= pages_total)
		return NULL;
	guint i = pages_next++;
	g_autofree char *code = g_strdup_printf("FD-%06u", i);
	return fixture_fields("first_name", scripts[pages_script].first[i % 4], "last_name",
	                      scripts[pages_script].last[(i / 4) % 4], "company", "AWS User Group",
	                      "ticket_code", code, "email", "attendee@example.org", NULL);
}

/* N one-per-page badges with names in script @script into one PDF
 * (frontdesk render --roster): prints the peak RSS in MiB. */
static int mode_pages(guint n, guint script)
{
	g_autoptr(GError) error = NULL;
	desk_renderer_t *r = desk_renderer_new(fixture_fonts_dir(), NULL);
	desk_layout_t *layout = dymo_layout();
	g_autofree char *tmp = g_dir_make_tmp("bench-pages-XXXXXX", NULL);
	g_autofree char *pdf = g_build_filename(tmp, "badges.pdf", NULL);
	pages_script = script, pages_total = n;
	bool ok = desk_sheet_render_pdf(r, NULL, layout, next_page, NULL, pdf, NULL, &error);
	printf("%.1f\n", max_rss_mib());
	g_unlink(pdf);
	g_rmdir(tmp);
	if (!ok)
		fprintf(stderr, "pages: %s\n", error ? error->message : "?");
	return ok ? 0 : 1;
}

static guint sheet_next_i, sheet_total;

static GHashTable *next_badge(gpointer user_data, GError **error)
{
	(void)user_data, (void)error;
	return sheet_next_i < sheet_total ? badge_fields(sheet_next_i++) : NULL;
}

/* N badges on A4 8-up sheets; prints seconds and peak RSS. */
static int mode_sheet(guint n)
{
	g_autoptr(GError) error = NULL;
	desk_renderer_t *r = desk_renderer_new(fixture_fonts_dir(), NULL);
	desk_layout_t *layout = dymo_layout();
	const char *top = g_getenv("FRONTDESK_TOP");
	g_autofree char *dir = g_build_filename(top ? top : ".", "layouts", NULL);
	g_autoptr(desk_sheet_t) sheet = desk_sheet_find(dir, "a4-8up-a7", &error);
	g_autofree char *tmp = g_dir_make_tmp("bench-sheet-XXXXXX", NULL);
	g_autofree char *pdf = g_build_filename(tmp, "sheet.pdf", NULL);
	sheet_total = n;
	gint64 t0 = g_get_monotonic_time();
	double c0 = cpu_ms();
	bool ok =
	    sheet && desk_sheet_render_pdf(r, sheet, layout, next_badge, NULL, pdf, NULL, &error);
	double secs = (g_get_monotonic_time() - t0) / 1e6;
	struct stat st = {0};
	g_stat(pdf, &st);
	printf("%.4f %.4f %.1f %.1f\n", secs, (cpu_ms() - c0) / 1e3, max_rss_mib(),
	       st.st_size / 1048576.0);
	g_unlink(pdf);
	g_rmdir(tmp);
	if (!ok)
		fprintf(stderr, "sheet: %s\n", error ? error->message : "?");
	return ok ? 0 : 1;
}

static char *run_self(const char *self, const char *mode, const char *arg, double *wall_ms)
{
	const char *argv[] = {self, mode, arg, NULL};
	char *out = NULL;
	int status;
	gint64 t0 = g_get_monotonic_time();
	if (!g_spawn_sync(NULL, (char **)argv, NULL, 0, NULL, NULL, &out, NULL, &status, NULL) ||
	    !g_spawn_check_wait_status(status, NULL)) {
		g_free(out);
		return NULL;
	}
	if (wall_ms)
		*wall_ms = (g_get_monotonic_time() - t0) / 1000.0;
	return out;
}

/* ---- warm timings in this process ---------------------------------------- */

typedef struct {
	double wall, cpu;
} timing_t;

static timing_t median_ms(desk_renderer_t *r, desk_layout_t *layout, bool pdf, const char *dir)
{
	double wall[WARM_RUNS], cpu[WARM_RUNS];
	g_autofree char *path = g_build_filename(dir, "badge.pdf", NULL);
	for (int i = 0; i < WARM_RUNS; i++) {
		g_autoptr(GHashTable) fields = badge_fields((guint)i);
		gint64 t0 = g_get_monotonic_time();
		double c0 = cpu_ms();
		if (pdf) {
			desk_render_pdf(r, layout, fields, path, NULL);
		} else {
			desk_bitmap_t *bm = desk_render_bitmap(r, layout, fields, 300, 300, NULL);
			desk_bitmap_free(bm);
		}
		cpu[i] = cpu_ms() - c0;
		wall[i] = (g_get_monotonic_time() - t0) / 1000.0;
	}
	g_unlink(path);
	qsort(wall, WARM_RUNS, sizeof wall[0], cmp_double);
	qsort(cpu, WARM_RUNS, sizeof cpu[0], cmp_double);
	return (timing_t){wall[WARM_RUNS / 2], cpu[WARM_RUNS / 2]};
}

static void bench_warm(void)
{
	desk_renderer_t *r = desk_renderer_new(fixture_fonts_dir(), NULL);
	desk_layout_t *layout = dymo_layout();
	g_autofree char *tmp = g_dir_make_tmp("bench-render-XXXXXX", NULL);
	for (int i = 0; i < 20; i++) { /* warm the font and glyph caches */
		g_autoptr(GHashTable) fields = badge_fields((guint)i);
		desk_bitmap_free(desk_render_bitmap(r, layout, fields, 300, 300, NULL));
	}
	timing_t pdf = median_ms(r, layout, true, tmp);
	timing_t bits = median_ms(r, layout, false, tmp);
	printf("badge PDF, one file per badge, median:    %7.3f ms CPU, %7.3f ms wall\n", pdf.cpu,
	       pdf.wall);
	printf("badge 1-bit 300 dpi bitmap, median:       %7.3f ms CPU, %7.3f ms wall\n", bits.cpu,
	       bits.wall);
	g_rmdir(tmp);
	desk_layout_free(layout);
	desk_renderer_free(r);
}

/* Median of @n whole runs of @argv, spawn to exit, in ms; -1 on failure. */
static double median_spawn_ms(const char *const *argv, int n)
{
	double ms[32];
	n = MIN(n, 32);
	for (int i = 0; i < n; i++) {
		int status = 0;
		gint64 t0 = g_get_monotonic_time();
		if (!g_spawn_sync(NULL, (char **)argv, NULL,
		                  G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
		                  NULL, NULL, NULL, &status, NULL) ||
		    !g_spawn_check_wait_status(status, NULL))
			return -1;
		ms[i] = (g_get_monotonic_time() - t0) / 1000.0;
	}
	qsort(ms, (size_t)n, sizeof ms[0], cmp_double);
	return ms[n / 2];
}

/* The first PDF badge from a fresh process, in this program and as
 * `frontdesk render`, beside the start-up floor (`frontdesk --help`). */
static void bench_first_pdf(const char *self)
{
	const int runs = 11;
	double wall[11], cpu[11], pre[11];
	for (int i = 0; i < runs; i++) {
		g_autofree char *out = run_self(self, "--first-pdf", NULL, NULL);
		if (!out || sscanf(out, "%lf %lf %lf", &wall[i], &cpu[i], &pre[i]) != 3) {
			printf("first badge PDF, fresh process: failed\n");
			return;
		}
	}
	qsort(wall, runs, sizeof(double), cmp_double);
	qsort(cpu, runs, sizeof(double), cmp_double);
	qsort(pre, runs, sizeof(double), cmp_double);
	printf("first badge PDF, fresh process (fonts+layout+PDF), median of %d: %.1f ms wall, "
	       "%.1f ms CPU; exec and linking before main %.1f ms CPU\n",
	       runs, wall[runs / 2], cpu[runs / 2], pre[runs / 2]);
	const char *bin = g_getenv("FRONTDESK_BIN");
	const char *top = g_getenv("FRONTDESK_TOP");
	if (!bin)
		return;
	g_autofree char *layout =
	    g_build_filename(top ? top : ".", "layouts", "dymo-30256.json", NULL);
	g_autofree char *tmp = g_dir_make_tmp("bench-cli-XXXXXX", NULL);
	g_autofree char *pdf = g_build_filename(tmp, "badge.pdf", NULL);
	const char *render[] = {bin,
	                        "render",
	                        layout,
	                        "-f",
	                        "first_name=Ada",
	                        "-f",
	                        "last_name=Lovelace",
	                        "-f",
	                        "company=Analytical Engines",
	                        "-o",
	                        pdf,
	                        NULL};
	const char *help[] = {bin, "--help", NULL};
	double cli = median_spawn_ms(render, runs), floor_ms = median_spawn_ms(help, runs);
	printf("`frontdesk render` one PDF badge, spawn to exit, median of %d: %.1f ms; "
	       "`frontdesk --help` (exec, linking, exit) %.1f ms\n",
	       runs, cli, floor_ms);
	g_unlink(pdf);
	g_rmdir(tmp);
}

/* Peak RSS of N one-per-page PDF badges, N = 100 and 1,000, per script. */
static void bench_pages(const char *self)
{
	printf("one-per-page badge PDF, peak RSS (MiB) for 100 / 1000 badges:\n");
	for (guint s = 0; s < G_N_ELEMENTS(scripts); s++) {
		double rss[2] = {-1, -1};
		const char *counts[] = {"100", "1000"};
		for (int k = 0; k < 2; k++) {
			g_autofree char *script = g_strdup_printf("%u", s);
			const char *argv[] = {self, "--pages", counts[k], script, NULL};
			g_autofree char *out = NULL;
			int status = 0;
			if (g_spawn_sync(NULL, (char **)argv, NULL, 0, NULL, NULL, &out, NULL,
			                 &status, NULL) &&
			    g_spawn_check_wait_status(status, NULL) && out)
				rss[k] = g_ascii_strtod(out, NULL);
		}
		printf("  %-10s %6.1f / %6.1f\n", scripts[s].script, rss[0], rss[1]);
	}
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "C.UTF-8");
	if (argc == 2 && strcmp(argv[1], "--first") == 0)
		return mode_first();
	if (argc == 3 && strcmp(argv[1], "--sheet") == 0)
		return mode_sheet((guint)atoi(argv[2]));
	if (argc == 2 && strcmp(argv[1], "--first-pdf") == 0)
		return mode_first_pdf();
	if (argc == 4 && strcmp(argv[1], "--pages") == 0)
		return mode_pages((guint)atoi(argv[2]),
		                  (guint)atoi(argv[3]) % G_N_ELEMENTS(scripts));

	printf("layouts/dymo-30256.json (102 x 59 mm): 4 fitted text boxes + MECARD QR\n");
	bench_warm();
	double wall = 0;
	g_autofree char *first = run_self(argv[0], "--first", NULL, &wall);
	double first_wall = 0, first_cpu = 0, start_cpu = 0;
	if (first && sscanf(first, "%lf %lf %lf", &first_wall, &first_cpu, &start_cpu) == 3)
		printf(
		    "first badge, fresh process (fonts+layout+1-bit): %.1f ms wall, %.1f ms CPU; "
		    "exec and linking before main %.1f ms CPU; %.1f ms wall from spawn to exit\n",
		    first_wall, first_cpu, start_cpu, wall);
	bench_first_pdf(argv[0]);
	bench_pages(argv[0]);
	const guint counts[] = {100, 1000};
	for (guint i = 0; i < G_N_ELEMENTS(counts); i++) {
		g_autofree char *arg = g_strdup_printf("%u", counts[i]);
		g_autofree char *out = run_self(argv[0], "--sheet", arg, NULL);
		double secs = 0, cpu = 0, rss = 0, mib = 0;
		if (!out || sscanf(out, "%lf %lf %lf %lf", &secs, &cpu, &rss, &mib) != 4) {
			printf("sheet of %u badges: failed\n", counts[i]);
			continue;
		}
		printf("A4 8-up sheet PDF, %4u badges: %6.0f badges/s wall (%.0f per CPU second), "
		       "peak RSS %.1f MiB, PDF %.1f MiB\n",
		       counts[i], counts[i] / secs, counts[i] / cpu, rss, mib);
	}
	return 0;
}

/* bench-import.c: rows per second parsing and importing a generated 100,000-row CSV. */
#include <glib/gstdio.h>
#include <stdio.h>
#include <time.h>

#include "roster.h"
#include "store.h"

#define ROWS_DEFAULT 100000 /* FRONTDESK_BENCH_ROWS overrides, for a quick check */

static const char *const firsts[] = {"Jane",    "Yuki",    "Jürgen", "Thị Hoa", "Fatima",
                                     "Min-jun", "Somchai", "Ana",    "Olu",     "Siobhán"};
static const char *const lasts[] = {"Doe", "Tanaka", "Müller", "Nguyễn",  "Al-Sayed",
                                    "Kim", "Jaidee", "Lima",   "Adeyemi", "O'Brien"};

static char *write_roster(const char *dir)
{
	char *path = g_build_filename(dir, "roster.csv", NULL);
	FILE *f = fopen(path, "w");

	g_assert(f);
	fputs("first_name,last_name,email,company,ticket,T-shirt size,Dietary needs\n", f);
	const char *env = g_getenv("FRONTDESK_BENCH_ROWS");
	guint rows = env ? (guint)g_ascii_strtoull(env, NULL, 10) : ROWS_DEFAULT;
	for (guint i = 0; i < rows; i++)
		fprintf(f, "%s,%s,person%u@example.com,\"Company %u, Inc.\",General,%s,%s\n",
		        firsts[i % 10], lasts[(i / 10) % 10], i, i, i % 3 ? "M" : "L",
		        i % 7 ? "" : "\"vegan\nno nuts\"");
	fclose(f);
	return path;
}

/* Removes the temporary state dir (flat: the roster, the database, its WAL). */
static void remove_dir(const char *dir)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *path = g_build_filename(dir, name, NULL);
		if (g_file_test(path, G_FILE_TEST_IS_DIR))
			remove_dir(path);
		else
			g_unlink(path);
	}
	g_rmdir(dir);
}

typedef struct {
	gint64 wall;
	clock_t cpu;
} stamp_t;

static stamp_t now(void)
{
	return (stamp_t){g_get_monotonic_time(), clock()};
}

/* Prints one figure: wall and CPU seconds (the machine may be shared). */
static double report_since(const char *what, guint rows, stamp_t start)
{
	double wall = (g_get_monotonic_time() - start.wall) / 1e6;
	double cpu = (double)(clock() - start.cpu) / CLOCKS_PER_SEC;

	printf("%-10s %6u rows in %6.2f s (%.2f s CPU): %.0f rows/s, %.0f rows per CPU second\n",
	       what, rows, wall, cpu, rows / wall, rows / (cpu > 0 ? cpu : 1e-9));
	return wall;
}

/* Imports @roster once; prints the figure and the counts. < 0 on failure. */
static double import_once(desk_store_t *store, gint64 event, const desk_roster_t *roster,
                          const char *what, GError **error)
{
	desk_import_report_t report = {0};
	stamp_t start = now();

	if (!desk_store_import(store, event, roster, false, &report, error))
		return -1;
	double wall = report_since(what, roster->rows->len, start);
	printf("           (%u added, %u updated, %u unchanged, %u skipped)\n", report.added,
	       report.updated, report.unchanged, report.skipped);
	desk_import_report_finish(&report);
	return wall;
}

int main(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *dir = g_dir_make_tmp("bench-import-XXXXXX", &error);
	g_autofree char *path = write_roster(dir);
	stamp_t start = now();
	g_autoptr(desk_roster_t) roster = desk_roster_read(path, DESK_ROSTER_AUTO, NULL, &error);
	g_autoptr(desk_store_t) store = NULL;
	double parse = 0, import = -1;

	if (roster) {
		parse = report_since("parse", roster->rows->len, start);
		store = desk_store_open(dir, &error);
	}
	gint64 event = store ? desk_store_event_ensure(store, "bench", "Bench", NULL, &error) : 0;
	if (event)
		import = import_once(store, event, roster, "import", &error);
	if (import >= 0 && import_once(store, event, roster, "re-import", &error) >= 0)
		printf("parse + import: %.0f rows/s\n", roster->rows->len / (parse + import));
	if (error)
		fprintf(stderr, "bench-import: %s\n", error->message);
	g_clear_pointer(&store, desk_store_free);
	remove_dir(dir);
	return error ? 1 : 0;
}

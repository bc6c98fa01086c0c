/* bench-import.c: rows per second parsing and importing a generated 100,000-row CSV. */
#include <glib/gstdio.h>
#include <stdio.h>

#include "roster.h"
#include "store.h"

#define ROWS 100000

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
	for (guint i = 0; i < ROWS; i++)
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

static double seconds_since(gint64 start)
{
	return (g_get_monotonic_time() - start) / 1e6;
}

int main(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *dir = g_dir_make_tmp("bench-import-XXXXXX", &error);
	g_autofree char *path = write_roster(dir);

	gint64 t0 = g_get_monotonic_time();
	g_autoptr(desk_roster_t) roster = desk_roster_read(path, DESK_ROSTER_AUTO, NULL, &error);
	double parse = seconds_since(t0);
	if (!roster) {
		fprintf(stderr, "bench-import: %s\n", error->message);
		remove_dir(dir);
		return 1;
	}
	g_autoptr(desk_store_t) store = desk_store_open(dir, &error);
	gint64 event = store ? desk_store_event_ensure(store, "bench", "Bench", NULL, &error) : 0;
	desk_import_report_t report = {0};
	gint64 t1 = g_get_monotonic_time();
	bool ok = event && desk_store_import(store, event, roster, false, &report, &error);
	double import = seconds_since(t1);
	gint64 t2 = g_get_monotonic_time();
	desk_import_report_t again = {0};
	ok = ok && desk_store_import(store, event, roster, false, &again, &error);
	double reimport = seconds_since(t2);
	if (!ok) {
		fprintf(stderr, "bench-import: %s\n", error ? error->message : "failed");
		g_clear_pointer(&store, desk_store_free);
		remove_dir(dir);
		return 1;
	}
	printf("roster: %u rows parsed in %.2f s: %.0f rows/s\n", roster->rows->len, parse,
	       roster->rows->len / parse);
	printf("import: %u added in %.2f s: %.0f rows/s\n", report.added, import,
	       report.added / import);
	printf("re-import: %u unchanged in %.2f s: %.0f rows/s\n", again.unchanged, reimport,
	       again.unchanged / reimport);
	printf("parse + import: %.0f rows/s\n", roster->rows->len / (parse + import));
	desk_import_report_finish(&report);
	desk_import_report_finish(&again);
	g_clear_pointer(&store, desk_store_free);
	remove_dir(dir);
	return 0;
}

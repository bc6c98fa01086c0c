/* helper-checkin-loop.c: drives the store from separate processes for the durability and race
 * tests. helper-checkin-loop seed DIR N          create event "demo" with N attendees
 *   helper-checkin-loop loop DIR            check people in, each with a badge and a
 *                                           sticker job, until killed; print each
 *                                           acknowledged (committed) attendee id
 *   helper-checkin-loop race DIR FROM TO    once DIR/go exists, check in ids FROM..TO;
 *                                           print "id number already"
 *   helper-checkin-loop verify DIR          read ids on stdin; exit 1 unless every one is
 *                                           checked in, every arrival has its two jobs
 *                                           and integrity_check says ok */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster.h"
#include "store-fixture.h"
#include "store.h"

static desk_store_t *open_or_die(const char *dir)
{
	g_autoptr(GError) error = NULL;
	desk_store_t *store = desk_store_open(dir, &error);
	if (!store) {
		fprintf(stderr, "helper: %s\n", error->message);
		exit(2);
	}
	return store;
}

static int seed(const char *dir, int n)
{
	g_autoptr(desk_store_t) store = open_or_die(dir);
	g_autoptr(GError) error = NULL;
	gint64 event = desk_store_event_ensure(store, "demo", "Demo", "2026-11-22", &error);
	/* One import = one transaction (a roster built here; no parser needed). */
	desk_roster_t roster = {.path = (char *)"seed", .rows = g_ptr_array_new()};
	for (int i = 0; i < n; i++) {
		desk_roster_row_t *row = g_new0(desk_roster_row_t, 1);
		row->line = (guint)i + 2;
		row->attendee = g_new0(desk_attendee_t, 1);
		row->attendee->expected = true;
		row->attendee->first_name = g_strdup_printf("Person%05d", i);
		row->attendee->last_name = g_strdup(i % 2 ? "Müller" : "山田");
		row->attendee->ticket_code = g_strdup_printf("T%05d", i);
		g_ptr_array_add(roster.rows, row);
	}
	desk_import_report_t report;
	desk_import_report_init(&report);
	bool ok = event && desk_store_import(store, event, &roster, false, &report, &error);
	desk_import_report_finish(&report);
	for (guint i = 0; i < roster.rows->len; i++) {
		desk_roster_row_t *row = roster.rows->pdata[i];
		desk_attendee_free(row->attendee);
		g_free(row);
	}
	g_ptr_array_unref(roster.rows);
	if (!ok) {
		fprintf(stderr, "helper: %s\n", error->message);
		return 1;
	}
	return 0;
}

static gint64 next_unchecked(desk_store_t *store)
{
	sqlite3_stmt *stmt = NULL;
	sqlite3_prepare_v2(
	    fixture_db(store),
	    "SELECT id FROM attendees WHERE checkin_number IS NULL ORDER BY id LIMIT 1", -1, &stmt,
	    NULL);
	gint64 id = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	return id;
}

static int loop(const char *dir)
{
	g_autoptr(desk_store_t) store = open_or_die(dir);
	gint64 id;
	static const desk_job_spec_t jobs[] = {{"badge", "dymo-30256", "dymo"},
	                                       {"sticker", "stickers/cloud-round51", "dymo"}};
	while ((id = next_unchecked(store)) > 0) {
		g_autoptr(GError) error = NULL;
		desk_job_list_t list = {jobs, G_N_ELEMENTS(jobs)};
		desk_checkin_t c;
		if (!desk_store_checkin_with_jobs(store, id, "loop", &list, &c, &error)) {
			fprintf(stderr, "helper: %s\n", error->message);
			return 1;
		}
		printf("%" G_GINT64_FORMAT "\n", id); /* acknowledged: the commit returned */
		fflush(stdout);
	}
	return 0;
}

static int race(const char *dir, gint64 from, gint64 to)
{
	g_autoptr(desk_store_t) store = open_or_die(dir);
	/* Start together: wait for DIR/go. */
	g_autofree char *go = g_build_filename(dir, "go", NULL);
	while (!g_file_test(go, G_FILE_TEST_EXISTS))
		g_usleep(500);
	for (gint64 id = from; id <= to; id++) {
		g_autoptr(GError) error = NULL;
		desk_checkin_t c;
		if (!desk_store_checkin(store, id, "race", &c, &error)) {
			fprintf(stderr, "helper: %s\n", error->message);
			return 1;
		}
		printf("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %d\n", id, c.number, c.already);
	}
	return 0;
}

static int verify(const char *dir)
{
	g_autoptr(desk_store_t) store = open_or_die(dir);
	sqlite3_stmt *check = NULL;
	sqlite3_prepare_v2(fixture_db(store), "PRAGMA integrity_check", -1, &check, NULL);
	bool ok = sqlite3_step(check) == SQLITE_ROW &&
	          strcmp((const char *)sqlite3_column_text(check, 0), "ok") == 0;
	sqlite3_finalize(check);
	if (!ok)
		fprintf(stderr, "helper: integrity_check failed\n");
	char line[64];
	int missing = 0, seen = 0;
	while (fgets(line, sizeof line, stdin)) {
		g_autoptr(desk_attendee_t) a =
		    desk_store_attendee_get(store, g_ascii_strtoll(line, NULL, 10), NULL);
		seen++;
		if (!a || a->checkin_number <= 0)
			missing++;
	}
	/* an arrival and its jobs are one fact: none without the other */
	sqlite3_stmt *jobs = NULL;
	sqlite3_prepare_v2(fixture_db(store),
	                   "SELECT count(*) FROM attendees a WHERE a.checkin_number IS NOT NULL AND"
	                   " (SELECT count(*) FROM print_jobs j WHERE j.attendee_id = a.id) <> 2",
	                   -1, &jobs, NULL);
	int jobless = sqlite3_step(jobs) == SQLITE_ROW ? sqlite3_column_int(jobs, 0) : -1;
	sqlite3_finalize(jobs);
	printf("%d acknowledged, %d missing, %d arrivals without their jobs\n", seen, missing,
	       jobless);
	return ok && missing == 0 && jobless == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "seed") == 0)
		return seed(argv[2], atoi(argv[3]));
	if (argc == 3 && strcmp(argv[1], "loop") == 0)
		return loop(argv[2]);
	if (argc == 5 && strcmp(argv[1], "race") == 0)
		return race(argv[2], atoll(argv[3]), atoll(argv[4]));
	if (argc == 3 && strcmp(argv[1], "verify") == 0)
		return verify(argv[2]);
	fprintf(stderr, "usage: helper-checkin-loop seed|loop|race|verify DIR ...\n");
	return 2;
}

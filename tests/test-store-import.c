/* test-store-import.c: desk_store_import(): matching, idempotent re-import, dry runs, rollback;
 * stats, export, purge, backup. */
#include <string.h>

#include "roster.h"
#include "store-fixture.h"
#include "store.h"

/* A roster built by hand (the parsers are the import module's). */
static desk_roster_t *roster_new(void)
{
	desk_roster_t *r = g_new0(desk_roster_t, 1);
	r->path = g_strdup("people.csv");
	r->rows = g_ptr_array_new();
	r->skipped = g_ptr_array_new_with_free_func(g_free);
	return r;
}

static void roster_drop(desk_roster_t *r)
{
	for (guint i = 0; i < r->rows->len; i++) {
		desk_roster_row_t *row = r->rows->pdata[i];
		desk_attendee_free(row->attendee);
		g_free(row);
	}
	g_ptr_array_unref(r->rows);
	g_ptr_array_unref(r->skipped);
	g_free(r->path);
	g_free(r);
}

static desk_attendee_t *row_add(desk_roster_t *r, guint line, const char *source_id,
                                const char *first, const char *last, const char *company,
                                const char *email)
{
	desk_roster_row_t *row = g_new0(desk_roster_row_t, 1);
	row->line = line;
	row->attendee = store_fixture_person(first, last, company, email);
	g_free(row->attendee->source);
	row->attendee->source = g_strdup("eventbrite");
	row->attendee->source_id = g_strdup(source_id);
	g_ptr_array_add(r->rows, row);
	return row->attendee;
}

static gint64 count(store_fixture_t *f, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	g_assert_cmpint(sqlite3_prepare_v2(fixture_db(f->store), sql, -1, &stmt, NULL), ==, 0);
	g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_ROW);
	gint64 n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

/* The name index agrees with the attendees table. */
static void assert_index_sound(store_fixture_t *f)
{
	g_assert_cmpint(sqlite3_exec(fixture_db(f->store),
	                             "INSERT INTO attendee_names(attendee_names)"
	                             " VALUES ('integrity-check')",
	                             NULL, NULL, NULL),
	                ==, SQLITE_OK);
}

static bool import(store_fixture_t *f, desk_roster_t *r, bool dry, desk_import_report_t *rep)
{
	g_autoptr(GError) error = NULL;
	desk_import_report_init(rep);
	bool ok = desk_store_import(f->store, f->event_id, r, dry, rep, &error);
	g_assert_no_error(error);
	return ok;
}

static desk_roster_t *sample(void)
{
	desk_roster_t *r = roster_new();
	row_add(r, 2, "e1", "Ada", "Lovelace", "Analytical", "ada@example.org");
	row_add(r, 3, NULL, "Alan", "Turing", "Bletchley", "alan@example.org");
	row_add(r, 4, NULL, "Grace", "Hopper", "Navy", NULL);
	row_add(r, 5, "e1", "Ada", "Lovelace", "Analytical", "ada@example.org"); /* duplicate */
	row_add(r, 6, NULL, "", "", NULL, "nobody@example.org");                 /* no name */
	g_ptr_array_add(r->skipped, g_strdup("people.csv:7: the row has 3 cells, the header 9"));
	return r;
}

static void test_import(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	desk_roster_t *r = sample();
	desk_import_report_t rep;
	g_assert_true(import(f, r, false, &rep));
	g_assert_cmpuint(rep.added, ==, 3);
	g_assert_cmpuint(rep.unchanged, ==, 1);
	g_assert_cmpuint(rep.skipped, ==, 2);
	g_assert_cmpuint(rep.lines->len, ==, 6);
	g_assert_cmpstr(rep.lines->pdata[0], ==, "line 2: added Ada Lovelace");
	g_assert_cmpstr(rep.lines->pdata[3], ==, "line 5: unchanged Ada Lovelace");
	g_assert_cmpstr(rep.lines->pdata[4], ==, "line 6: skipped: no name");
	g_assert_cmpstr(rep.lines->pdata[5], ==,
	                "line 7: skipped: the row has 3 cells, the header 9");
	for (guint i = 0; i < rep.lines->len; i++)
		g_assert_null(strstr(rep.lines->pdata[i], "@")); /* no emails in the report */
	desk_import_report_finish(&rep);
	g_assert_cmpint(count(f, "SELECT count(*) FROM attendees"), ==, 3);

	/* Check someone in, then re-import a changed roster. */
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) found = desk_store_search(f->store, f->event_id, "alan", 1, &error);
	gint64 alan = ((desk_attendee_t *)found->pdata[0])->id;
	desk_checkin_t c;
	g_assert_true(desk_store_checkin(f->store, alan, NULL, &c, &error));
	desk_roster_t *r2 = roster_new();
	row_add(r2, 2, "e1", "Ada", "King", "Analytical", "ada@example.org");  /* by source id */
	row_add(r2, 3, NULL, "Alan M.", "Turing", "GCHQ", "ALAN@example.org"); /* by email */
	row_add(r2, 4, NULL, "GRACE", "Hopper", "navy", NULL); /* by normalized name+company */
	desk_attendee_t *new_one = row_add(r2, 5, "e9", "Linus", "Torvalds", NULL, NULL);
	new_one->expected = false;
	new_one->status_reason = g_strdup("cancelled");
	g_assert_true(import(f, r2, false, &rep));
	g_assert_cmpuint(rep.added, ==, 1);
	g_assert_cmpuint(rep.updated, ==, 3);
	desk_import_report_finish(&rep);
	g_assert_cmpint(count(f, "SELECT count(*) FROM attendees"), ==, 4);
	g_autoptr(desk_attendee_t) a = desk_store_attendee_get(f->store, alan, &error);
	g_assert_cmpstr(a->first_name, ==, "Alan M.");
	g_assert_cmpstr(a->company, ==, "GCHQ");
	g_assert_cmpint(a->checkin_number, ==, c.number); /* the arrival is untouched */

	/* The same roster again: nothing changes. */
	g_assert_true(import(f, r2, false, &rep));
	g_assert_cmpuint(rep.unchanged, ==, 4);
	g_assert_cmpuint(rep.added + rep.updated, ==, 0);
	desk_import_report_finish(&rep);
	g_assert_cmpint(count(f, "SELECT count(*) FROM attendees"), ==, 4);
	g_assert_cmpint(count(f, "SELECT count(*) FROM arrivals"), ==, 1);
	assert_index_sound(f);
	g_autoptr(GPtrArray) by_new_name =
	    desk_store_search(f->store, f->event_id, "king", 0, &error);
	g_assert_cmpuint(by_new_name->len, ==, 1);
	g_autoptr(GPtrArray) by_old_name =
	    desk_store_search(f->store, f->event_id, "lovelace", 0, &error);
	g_assert_cmpuint(by_old_name->len, ==, 0);
	roster_drop(r);
	roster_drop(r2);
}

/* Two people who share a name and company but not an email stay two people;
 * a row without an email still finds its namesake. */
static void test_namesakes(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	desk_roster_t *r = roster_new();
	row_add(r, 2, NULL, "Kim", "Minji", "Cloud Co", "minji.kim@example.org");
	row_add(r, 3, NULL, "Kim", "Minji", "Cloud Co", "kim.minji@example.net");
	desk_import_report_t rep;
	g_assert_true(import(f, r, false, &rep));
	g_assert_cmpuint(rep.added, ==, 2);
	desk_import_report_finish(&rep);
	g_assert_cmpint(count(f, "SELECT count(*) FROM attendees"), ==, 2);

	desk_roster_t *r2 = roster_new();
	desk_attendee_t *no_email = row_add(r2, 2, NULL, "Kim", "Minji", "cloud co", NULL);
	g_free(no_email->title);
	no_email->title = g_strdup("SRE");
	g_assert_true(import(f, r2, false, &rep));
	g_assert_cmpuint(rep.added, ==, 0);
	g_assert_cmpuint(rep.updated, ==, 1);
	desk_import_report_finish(&rep);
	g_assert_cmpint(count(f, "SELECT count(*) FROM attendees"), ==, 2);
	roster_drop(r);
	roster_drop(r2);
}

static void test_dry_run_and_rollback(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	desk_roster_t *r = sample();
	desk_import_report_t rep;
	g_assert_true(import(f, r, true, &rep));
	g_assert_cmpuint(rep.added, ==, 3);
	desk_import_report_finish(&rep);
	g_assert_cmpint(count(f, "SELECT count(*) FROM attendees"), ==, 0);

	/* A failing row (the database refuses it) rolls back the whole import. */
	desk_attendee_t *bad = row_add(r, 9, NULL, "Bad", "Row", NULL, NULL);
	g_assert_cmpint(sqlite3_exec(fixture_db(f->store),
	                             "CREATE TRIGGER no_bad BEFORE INSERT ON attendees"
	                             " WHEN new.first_name = 'Bad' BEGIN"
	                             " SELECT RAISE(ABORT, 'refused'); END",
	                             NULL, NULL, NULL),
	                ==, 0);
	(void)bad;
	g_autoptr(GError) error = NULL;
	desk_import_report_init(&rep);
	g_assert_false(desk_store_import(f->store, f->event_id, r, false, &rep, &error));
	g_assert_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_DB);
	g_assert_true(g_str_has_prefix(error->message, "people.csv:9: "));
	g_assert_cmpuint(rep.added, ==, 0);
	desk_import_report_finish(&rep);
	g_assert_cmpint(count(f, "SELECT count(*) FROM attendees"), ==, 0);
	roster_drop(r);
}

/* ---- stats, export, purge, backup ------------------------------------------- */

static void fill(store_fixture_t *f)
{
	desk_roster_t *r = roster_new();
	row_add(r, 2, "1", "Ada", "Lovelace", "=cmd|' /C calc'!A0", "ada@example.org")
	    ->consent_share = true;
	desk_attendee_t *alan = row_add(r, 3, "2", "Alan", "Turing", "Bletchley, Park", "a@x.org");
	alan->guests = 2;
	alan->ticket_type = g_strdup("VIP");
	desk_attendee_t *grace = row_add(r, 4, "3", "Grace", "Hopper", NULL, "g@x.org");
	grace->ticket_type = g_strdup("VIP");
	grace->group_name = g_strdup("Speaker");
	row_add(r, 5, "4", "Linus", "T", NULL, NULL)->expected = false;
	desk_import_report_t rep;
	g_assert_true(import(f, r, false, &rep));
	desk_import_report_finish(&rep);
	roster_drop(r);
	g_autoptr(GError) error = NULL;
	desk_checkin_t c;
	g_autoptr(desk_attendee_t) ada = desk_store_find_code(f->store, f->event_id, "1", &error);
	g_autoptr(desk_attendee_t) a2 = desk_store_find_code(f->store, f->event_id, "2", &error);
	g_assert_true(desk_store_checkin(f->store, ada->id, NULL, &c, &error));
	g_assert_true(desk_store_checkin(f->store, a2->id, NULL, &c, &error));
	g_assert_cmpint(desk_store_walkin(f->store, f->event_id, "Walk", "In", NULL, NULL, false,
	                                  NULL, &c, &error),
	                >, 0);
	g_assert_no_error(error);
}

static void test_stats(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	fill(f);
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_stats_t) s = desk_store_stats(f->store, f->event_id, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(s->total.registered, ==, 3);
	g_assert_cmpuint(s->total.expected, ==, 5); /* Alan brings two guests */
	g_assert_cmpuint(s->total.arrived, ==, 3);
	g_assert_cmpuint(s->total.walkins, ==, 1);
	g_assert_cmpuint(s->total.no_shows, ==, 1);
	g_assert_cmpuint(s->total.not_expected, ==, 1);
	g_assert_cmpfloat_with_epsilon(desk_stats_no_show_rate(&s->total), 1.0 / 3, 1e-9);
	g_assert_cmpuint(s->by_ticket_type->len, ==, 2);
	desk_stats_row_t *vip = s->by_ticket_type->pdata[1];
	g_assert_cmpstr(vip->key, ==, "VIP");
	g_assert_cmpuint(vip->registered, ==, 2);
	g_assert_cmpuint(vip->no_shows, ==, 1);
	desk_stats_row_t *speaker = s->by_group->pdata[1];
	g_assert_cmpstr(speaker->key, ==, "Speaker");
	g_autoptr(desk_stats_t) empty = desk_store_stats(f->store, 999, &error);
	g_assert_cmpuint(empty->total.registered, ==, 0);
	g_assert_cmpuint(empty->by_group->len, ==, 0);
}

static void test_export(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	fill(f);
	g_autoptr(GError) error = NULL;
	guint arrived = 0, shared = 0;
	g_autofree char *csv =
	    desk_store_export_arrivals(f->store, f->event_id, &arrived, &shared, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(arrived, ==, 3);
	g_assert_cmpuint(shared, ==, 1);
	g_assert_true(g_str_has_prefix(csv, "\xEF\xBB\xBFstatus,number,")); /* BOM for Excel */
	g_auto(GStrv) lines = g_strsplit(csv, "\r\n", -1);
	g_assert_cmpuint(g_strv_length(lines), ==, 6); /* header, 3 arrivals, 1 no-show, "" */
	g_assert_true(g_str_has_prefix(lines[1], "arrived,1,"));
	g_assert_nonnull(
	    strstr(lines[1], ",yes,Ada,Lovelace,\"'=cmd|' /C calc'!A0\",,ada@example.org"));
	/* No consent: the name for the organizer's records, no contact details. */
	g_assert_true(g_str_has_suffix(lines[2], ",no,Alan,Turing,,,"));
	g_assert_null(strstr(csv, "Bletchley"));
	g_assert_null(strstr(csv, "a@x.org"));
	g_assert_true(g_str_has_prefix(lines[4], "no-show,,,VIP,Speaker,no,no,Grace,Hopper,,,"));
	g_assert_null(strstr(csv, "Linus")); /* not expected, not arrived: not a no-show */
}

static void test_purge_backup(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	fill(f);
	g_autoptr(GError) error = NULL;
	g_autofree char *backups = g_build_filename(f->dir, "backups", NULL);
	g_autofree char *snap = desk_store_backup_to_dir(f->store, backups, 2, &error);
	g_assert_no_error(error);
	g_assert_true(g_file_test(snap, G_FILE_TEST_EXISTS));
	g_autofree char *wal = g_strconcat(snap, "-wal", NULL);
	g_assert_false(g_file_test(wal, G_FILE_TEST_EXISTS));
	for (int i = 0; i < 3; i++) {
		g_autofree char *more = desk_store_backup_to_dir(f->store, backups, 2, &error);
		g_assert_no_error(error);
		g_assert_true(g_file_test(more, G_FILE_TEST_EXISTS));
		g_usleep(2000);
	}
	g_autoptr(GDir) d = g_dir_open(backups, 0, NULL);
	guint files = 0;
	while (g_dir_read_name(d))
		files++;
	g_assert_cmpuint(files, ==, 2);

	g_autofree char *copy = g_build_filename(f->dir, "restore", NULL);
	g_mkdir(copy, 0700);
	g_autofree char *restored = g_build_filename(copy, "frontdesk.db", NULL);
	g_assert_true(desk_store_backup(f->store, restored, &error));
	g_assert_no_error(error);

	g_autoptr(desk_stats_t) before = desk_store_stats(f->store, f->event_id, &error);
	g_assert_true(desk_store_purge_event(f->store, f->event_id, &error));
	g_assert_no_error(error);
	g_autoptr(desk_stats_t) after = desk_store_stats(f->store, f->event_id, &error);
	g_assert_cmpuint(after->total.arrived, ==, before->total.arrived);
	g_assert_cmpuint(after->total.expected, ==, before->total.expected);
	g_assert_cmpint(count(f, "SELECT count(*) FROM attendees WHERE first_name IS NOT NULL"
	                         " OR email IS NOT NULL OR key_name <> ''"),
	                ==, 0);
	assert_index_sound(f);
	g_autoptr(GPtrArray) none = desk_store_search(f->store, f->event_id, "ada", 0, &error);
	g_assert_cmpuint(none->len, ==, 0);
	/* The database file no longer holds the purged text. */
	g_autofree char *db_path = g_build_filename(f->dir, "frontdesk.db", NULL);
	g_autofree char *bytes = NULL;
	gsize len = 0;
	g_assert_true(g_file_get_contents(db_path, &bytes, &len, NULL));
	g_assert_null(g_strstr_len(bytes, len, "Lovelace"));
	g_assert_null(g_strstr_len(bytes, len, "ada@example.org"));
	/* The snapshot taken before still has it, and opens as a store. */
	g_autoptr(desk_store_t) old = desk_store_open(copy, &error);
	g_assert_no_error(error);
	g_autoptr(GPtrArray) found = desk_store_search(old, f->event_id, "ada", 0, &error);
	g_assert_cmpuint(found->len, ==, 1);
}

/* The kiosk's "Name on badge" edit survives a re-import of the same roster. */
static void test_kiosk_name_survives(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	for (int round = 0; round < 3; round++) {
		desk_roster_t *r = roster_new();
		desk_attendee_t *a =
		    row_add(r, 2, "eb-1", "François", "Lefèvre", NULL, "francois@example.org");
		/* as the roster makes it without a badge-name column; round 2 has one */
		a->display_name = g_strdup(round == 2 ? "Frankie" : "François Lefèvre");
		desk_import_report_t report;
		desk_import_report_init(&report);
		g_assert_true(desk_store_import(f->store, f->event_id, r, false, &report, &error));
		g_assert_no_error(error);
		desk_import_report_finish(&report);
		roster_drop(r);
		g_autoptr(GPtrArray) found =
		    desk_store_search(f->store, f->event_id, "francois", 1, &error);
		g_assert_cmpuint(found->len, ==, 1);
		desk_attendee_t *stored = found->pdata[0];
		if (round == 0) {
			g_assert_true(desk_store_attendee_update_display(
			    f->store, stored->id, "Frank Lefevre", NULL, NULL, NULL, &error));
		} else {
			g_assert_cmpstr(stored->display_name, ==,
			                round == 1 ? "Frank Lefevre" : "Frankie");
		}
	}
}

#define ADD(path, fn)                                                                              \
	g_test_add(path, store_fixture_t, NULL, store_fixture_setup, fn, store_fixture_teardown)

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	ADD("/store-import/match-update-idempotent", test_import);
	ADD("/store-import/namesakes", test_namesakes);
	ADD("/store-import/kiosk-name-survives", test_kiosk_name_survives);
	ADD("/store-import/dry-run-rollback", test_dry_run_and_rollback);
	ADD("/store-stats/stats", test_stats);
	ADD("/store-stats/export", test_export);
	ADD("/store-stats/purge-backup", test_purge_backup);
	return g_test_run();
}

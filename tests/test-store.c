/* test-store.c: the event store: schema, migrations, events, check-ins, walk-ins, fields, codes. */
#include <string.h>

#include "store-fixture.h"
#include "station.h"
#include "store.h"

static gint64 add(store_fixture_t *f, const char *first, const char *last, const char *company,
                  const char *email)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_attendee_t) a = store_fixture_person(first, last, company, email);
	gint64 id = desk_store_attendee_add(f->store, f->event_id, a, &error);
	g_assert_no_error(error);
	g_assert_cmpint(id, >, 0);
	return id;
}

static gint64 query_int(desk_store_t *store, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	g_assert_cmpint(sqlite3_prepare_v2(fixture_db(store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
	g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_ROW);
	gint64 value = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return value;
}

static char *query_text(desk_store_t *store, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	g_assert_cmpint(sqlite3_prepare_v2(fixture_db(store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
	g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_ROW);
	char *value = g_strdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return value;
}

/* ---- schema ---------------------------------------------------------------- */

static void test_schema(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autofree char *mode = query_text(f->store, "PRAGMA journal_mode");
	g_assert_cmpstr(mode, ==, "wal");
	g_assert_cmpint(query_int(f->store, "PRAGMA synchronous"), ==, 2); /* FULL */
	g_assert_cmpint(query_int(f->store, "PRAGMA foreign_keys"), ==, 1);
	gint64 version = query_int(f->store, "PRAGMA user_version");
	g_assert_cmpint(version, >=, 1);
	gint64 id = add(f, "Ada", "Lovelace", NULL, NULL);

	/* Reopening keeps the data and migrates nothing twice. */
	g_autoptr(GError) error = NULL;
	desk_store_free(f->store);
	f->store = desk_store_open(f->dir, &error);
	g_assert_no_error(error);
	g_assert_cmpint(query_int(f->store, "PRAGMA user_version"), ==, version);
	g_autoptr(desk_attendee_t) a = desk_store_attendee_get(f->store, id, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(a->first_name, ==, "Ada");
	/* A second connection at the same time works too. */
	g_autoptr(desk_store_t) second = desk_store_open(f->dir, &error);
	g_assert_no_error(error);
	g_assert_cmpint(query_int(second, "SELECT count(*) FROM print_jobs"), ==, 0);
	g_assert_cmpint(query_int(second, "SELECT count(*) FROM attendees"), ==, 1);
	/* The state directory is private. */
	GStatBuf st;
	g_assert_cmpint(g_stat(f->dir, &st), ==, 0);
	g_assert_cmpint(st.st_mode & 0077, ==, 0);
}

static void test_not_a_database(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	g_autofree char *dir = g_build_filename(f->dir, "bad", NULL);
	g_autofree char *path = g_build_filename(dir, "frontdesk.db", NULL);
	g_mkdir(dir, 0700);
	g_assert_true(
	    g_file_set_contents(path, "this is not SQLite, just some text.......", -1, NULL));
	g_autoptr(desk_store_t) bad = desk_store_open(dir, &error);
	g_assert_null(bad);
	g_assert_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_DB);
	g_assert_true(g_str_has_prefix(error->message, path)); /* says which file */
}

static void test_newer_schema(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	g_assert_cmpint(
	    sqlite3_exec(fixture_db(f->store), "PRAGMA user_version = 999", NULL, NULL, NULL), ==,
	    SQLITE_OK);
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_store_t) other = desk_store_open(f->dir, &error);
	g_assert_null(other);
	g_assert_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_DB);
	g_assert_nonnull(strstr(error->message, "newer"));
}

static void test_rekey_migration(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	gint64 id = add(f, "太郎", "山田", NULL, NULL);
	/* A database from schema 2, with its older search keys. */
	g_assert_cmpint(
	    sqlite3_exec(fixture_db(f->store),
	                 "UPDATE attendees SET key_name = '太郎 山田';"
	                 "INSERT INTO attendee_names(attendee_names) VALUES ('rebuild');"
	                 "DELETE FROM attendee_keys;",
	                 NULL, NULL, NULL),
	    ==, SQLITE_OK);
	g_autoptr(GPtrArray) before =
	    desk_store_search(f->store, f->event_id, "山田太郎", 0, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(before->len, ==, 0);
	g_assert_cmpint(sqlite3_exec(fixture_db(f->store),
	                             "DROP TABLE attendee_keys; PRAGMA user_version = 2", NULL,
	                             NULL, NULL),
	                ==, SQLITE_OK);
	desk_store_free(f->store);
	f->store = desk_store_open(f->dir, &error);
	g_assert_no_error(error);
	g_assert_cmpint(query_int(f->store, "PRAGMA user_version"), >=, 3);
	g_autoptr(GPtrArray) after =
	    desk_store_search(f->store, f->event_id, "山田太郎", 0, &error);
	g_assert_cmpuint(after->len, ==, 1);
	g_assert_cmpint(((desk_attendee_t *)after->pdata[0])->id, ==, id);
	/* Schema 5 added the romanized forms for the old rows as well (6 is the newest). */
	g_assert_cmpint(query_int(f->store, "PRAGMA user_version"), ==, 6);
	g_autoptr(GPtrArray) romaji = desk_store_search(f->store, f->event_id, "yamada", 0, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(romaji->len, ==, 1);
	g_assert_cmpint(((desk_attendee_t *)romaji->pdata[0])->id, ==, id);
}

static void test_events(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	gint64 again = desk_store_event_ensure(f->store, "demo", "Other name", NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpint(again, ==, f->event_id);
	g_autoptr(desk_event_t) event = desk_store_event_get(f->store, f->event_id, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(event->name, ==, "Demo Meetup");
	g_assert_cmpstr(event->date, ==, "2026-11-22");
	g_assert_cmpint(desk_store_event_ensure(f->store, "", "x", NULL, &error), ==, 0);
	g_assert_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_INVALID);
	g_clear_error(&error);
	gint64 old = desk_store_event_ensure(f->store, "old", "Old", "2001-01-01", &error);
	gint64 future = desk_store_event_ensure(f->store, "future", "Next", "2999-01-01", &error);
	g_assert_no_error(error);
	g_assert_cmpint(desk_store_event_current(f->store, "old", &error), ==, old);
	g_autofree char *num = g_strdup_printf("%" G_GINT64_FORMAT, future);
	g_assert_cmpint(desk_store_event_current(f->store, num, &error), ==, future);
	gint64 current = desk_store_event_current(f->store, NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpint(current, !=, future); /* a past event beats one not yet held */
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autofree char *today = g_date_time_format(now, "%Y-%m-%d");
	gint64 tonight = desk_store_event_ensure(f->store, "tonight", "Tonight", today, &error);
	g_assert_cmpint(desk_store_event_current(f->store, "", &error), ==, tonight);
	g_assert_cmpint(desk_store_event_current(f->store, "nope", &error), ==, 0);
	g_assert_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_NOT_FOUND);
	g_autoptr(GPtrArray) all = desk_store_event_list(f->store, NULL);
	g_assert_cmpuint(all->len, ==, 4);
}

/* ---- check-ins -------------------------------------------------------------- */

static void test_checkin(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	gint64 ada = add(f, "Ada", "Lovelace", NULL, NULL);
	gint64 alan = add(f, "Alan", "Turing", NULL, NULL);
	desk_checkin_t c = {0};
	g_assert_true(desk_store_checkin(f->store, ada, "door-1", &c, &error));
	g_assert_no_error(error);
	g_assert_cmpint(c.number, ==, 1);
	g_assert_false(c.already);
	/* A double tap: one arrival, the same number. */
	g_assert_true(desk_store_checkin(f->store, ada, "door-2", &c, &error));
	g_assert_cmpint(c.number, ==, 1);
	g_assert_true(c.already);
	g_assert_cmpint(query_int(f->store, "SELECT count(*) FROM arrivals WHERE kind='checkin'"),
	                ==, 1);
	g_assert_true(desk_store_checkin(f->store, alan, NULL, &c, &error));
	g_assert_cmpint(c.number, ==, 2);

	/* Undo appends and clears; a re-check-in gets the old number back. */
	g_assert_true(desk_store_undo_checkin(f->store, ada, "door-1", &error));
	g_autoptr(desk_attendee_t) a = desk_store_attendee_get(f->store, ada, &error);
	g_assert_cmpint(a->checkin_number, ==, 0);
	g_assert_null(a->checked_in_at);
	g_assert_false(desk_store_undo_checkin(f->store, ada, NULL, &error));
	g_assert_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_INVALID);
	g_clear_error(&error);
	g_assert_true(desk_store_checkin(f->store, ada, NULL, &c, &error));
	g_assert_cmpint(c.number, ==, 1);
	g_assert_false(c.already);
	g_assert_cmpint(query_int(f->store, "SELECT count(*) FROM arrivals"), ==, 4);

	/* The log is append-only. */
	g_assert_cmpint(
	    sqlite3_exec(fixture_db(f->store), "UPDATE arrivals SET station='x'", NULL, NULL, NULL),
	    !=, SQLITE_OK);
	g_assert_false(desk_store_checkin(f->store, 9999, NULL, &c, &error));
	g_assert_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_NOT_FOUND);
}

static void test_walkin(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	desk_checkin_t c = {0};
	add(f, "Ada", "Lovelace", NULL, NULL);
	gint64 id = desk_store_walkin(f->store, f->event_id, "Grace", "Hopper", "Navy", "she/her",
	                              true, "door-1", &c, &error);
	g_assert_no_error(error);
	g_assert_cmpint(id, >, 0);
	g_assert_cmpint(c.number, ==, 1);
	g_autoptr(desk_attendee_t) a = desk_store_attendee_get(f->store, id, &error);
	g_assert_true(a->walkin);
	g_assert_true(a->consent_share);
	g_assert_cmpstr(a->source, ==, "walkin");
	g_assert_cmpint(a->checkin_number, ==, 1);
	g_assert_cmpint(query_int(f->store, "SELECT count(*) FROM arrivals WHERE kind='walkin'"),
	                ==, 1);
	g_assert_cmpint(
	    desk_store_walkin(f->store, f->event_id, "", NULL, NULL, NULL, false, NULL, &c, &error),
	    ==, 0);
	g_assert_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_INVALID);
}

static void test_handover_feed(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	gint64 ada = add(f, "Ada", "Lovelace", NULL, NULL);
	desk_checkin_t c;
	g_assert_false(desk_store_handover(f->store, ada, "door-1", &error));
	g_assert_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_INVALID);
	g_clear_error(&error);
	g_assert_true(desk_store_checkin(f->store, ada, "door-1", &c, &error));
	g_assert_true(desk_store_log_reprint(f->store, ada, "door-1", &error));
	g_assert_true(desk_store_handover(f->store, ada, "door-1", &error));
	g_assert_no_error(error);
	g_autoptr(GPtrArray) feed = desk_store_arrivals_since(f->store, f->event_id, 0, 0, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(feed->len, ==, 3);
	desk_arrival_t *first = feed->pdata[0], *last = feed->pdata[2];
	g_assert_cmpstr(first->kind, ==, "checkin");
	g_assert_cmpstr(last->kind, ==, "handover");
	g_assert_cmpint(last->number, ==, 1);
	g_assert_cmpstr(last->station, ==, "door-1");
	g_autoptr(GPtrArray) later =
	    desk_store_arrivals_since(f->store, f->event_id, last->id, 0, &error);
	g_assert_cmpuint(later->len, ==, 0);
}

/* ---- fields and codes ---------------------------------------------------------- */

static void test_fields(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_attendee_t) in =
	    store_fixture_person("Ada", "Lovelace", "Analytical", "ada@example.org");
	in->custom = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_hash_table_insert(in->custom, g_strdup("tshirt"), g_strdup("M"));
	g_hash_table_insert(in->custom, g_strdup("email"), g_strdup("other@example.org"));
	gint64 id = desk_store_attendee_add(f->store, f->event_id, in, &error);
	g_autoptr(desk_event_t) event = desk_store_event_get(f->store, f->event_id, &error);
	g_autoptr(desk_attendee_t) a = desk_store_attendee_get(f->store, id, &error);
	g_assert_no_error(error);
	g_autoptr(GHashTable) fields = desk_attendee_fields(a, event);
	g_assert_cmpstr(g_hash_table_lookup(fields, "display_name"), ==, ""); /* as stored */
	desk_station_name_fields(fields); /* the station's rule makes the name */
	g_assert_cmpstr(g_hash_table_lookup(fields, "display_name"), ==, "Ada Lovelace");
	g_assert_cmpstr(g_hash_table_lookup(fields, "call_name"), ==, "Ada");
	g_assert_cmpstr(g_hash_table_lookup(fields, "company"), ==, "Analytical");
	g_assert_cmpstr(g_hash_table_lookup(fields, "event"), ==, "Demo Meetup");
	g_assert_cmpstr(g_hash_table_lookup(fields, "checkin_number"), ==, "");
	g_assert_cmpstr(g_hash_table_lookup(fields, "tshirt"), ==, "M");
	g_assert_cmpstr(g_hash_table_lookup(fields, "group"), ==, "");
	g_assert_false(g_hash_table_contains(fields, "email")); /* no consent */
	desk_checkin_t c;
	g_assert_true(desk_store_checkin(f->store, id, NULL, &c, &error));
	g_assert_true(desk_store_attendee_update_display(f->store, id, NULL, "she/her", NULL,
	                                                 "Speaker", &error));
	g_autoptr(desk_attendee_t) b = desk_store_attendee_get(f->store, id, &error);
	b->consent_share = true;
	g_autoptr(GPtrArray) by_group =
	    desk_store_search(f->store, f->event_id, "lovelace", 0, &error);
	g_assert_cmpuint(by_group->len, ==, 1); /* the name index survived the update */
	g_assert_cmpint(sqlite3_exec(fixture_db(f->store),
	                             "INSERT INTO attendee_names(attendee_names)"
	                             " VALUES ('integrity-check')",
	                             NULL, NULL, NULL),
	                ==, SQLITE_OK);
	g_autoptr(GHashTable) shared = desk_attendee_fields(b, event);
	g_assert_cmpstr(g_hash_table_lookup(shared, "email"), ==, "ada@example.org");
	g_assert_cmpstr(g_hash_table_lookup(shared, "checkin_number"), ==, "1");
	g_assert_cmpstr(g_hash_table_lookup(shared, "pronouns"), ==, "she/her");
	g_assert_cmpstr(g_hash_table_lookup(shared, "group"), ==, "Speaker");
	/* Family name first for Japanese events. */
	g_assert_true(desk_store_event_set_lang(f->store, f->event_id, "ja", &error));
	g_autoptr(desk_event_t) ja = desk_store_event_get(f->store, f->event_id, &error);
	g_autoptr(GHashTable) jf = desk_attendee_fields(b, ja);
	desk_station_name_fields(jf);
	g_assert_cmpstr(g_hash_table_lookup(jf, "display_name"), ==, "Lovelace Ada");
	g_assert_cmpstr(g_hash_table_lookup(jf, "call_name"), ==, "Lovelace");
	g_assert_cmpstr(g_hash_table_lookup(jf, "event_lang"), ==, "ja");
}

static void test_find_code(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_attendee_t) in =
	    store_fixture_person("Ada", "Lovelace", NULL, "Ada@Example.org");
	in->ticket_code = g_strdup("TCK-123");
	in->source_id = g_strdup("eb-77");
	gint64 id = desk_store_attendee_add(f->store, f->event_id, in, &error);
	add(f, "Alan", "Turing", NULL, "alan@example.org");
	const char *codes[] = {"TCK-123", "eb-77", "ada@example.org", " TCK-123\r\n"};
	for (size_t i = 0; i < G_N_ELEMENTS(codes); i++) {
		g_autoptr(desk_attendee_t) a =
		    desk_store_find_code(f->store, f->event_id, codes[i], &error);
		g_assert_no_error(error);
		g_assert_cmpint(a->id, ==, id);
	}
	g_autoptr(desk_event_t) event = desk_store_event_get(f->store, f->event_id, &error);
	g_autoptr(desk_attendee_t) self = desk_store_attendee_get(f->store, id, &error);
	g_autofree char *qr = desk_store_badge_code(self, event);
	g_autofree char *expect = g_strdup_printf("FD:demo:%" G_GINT64_FORMAT, id);
	g_assert_cmpstr(qr, ==, expect);
	/* a counter can be guessed: it checks in nobody, it only finds a printed badge again */
	g_assert_null(desk_store_find_code(f->store, f->event_id, qr, &error));
	g_assert_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_NOT_FOUND);
	g_clear_error(&error);
	desk_checkin_t c = {0};
	g_assert_true(desk_store_checkin(f->store, id, "door-1", &c, &error));
	g_autoptr(desk_attendee_t) by_qr = desk_store_find_code(f->store, f->event_id, qr, &error);
	g_assert_no_error(error);
	g_assert_cmpint(by_qr->id, ==, id);
	const char *misses[] = {"TCK-12", "", "FD:demo:", "FD:demo:99999", "%", "\xff\xfe@"};
	for (size_t i = 0; i < G_N_ELEMENTS(misses); i++) {
		g_assert_null(desk_store_find_code(f->store, f->event_id, misses[i], &error));
		g_assert_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_NOT_FOUND);
		g_clear_error(&error);
	}
	/* Another event's codes are not this event's. */
	gint64 other = desk_store_event_ensure(f->store, "other", "Other", NULL, &error);
	g_assert_null(desk_store_find_code(f->store, other, "TCK-123", &error));
	g_assert_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_NOT_FOUND);
}

/* ---- print jobs ---------------------------------------------------------------- */

/* An arrival and its jobs are stored together; a repeat arrival stores none. */
static void test_checkin_jobs(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	gint64 id = add(f, "Åsa", "Öberg", NULL, NULL);
	const desk_job_spec_t jobs[] = {{"badge", "dymo-30256", "dymo"},
	                                {"sticker", "stickers/cloud-round51", "ql"}};
	desk_job_list_t list = {jobs, 2};
	desk_checkin_t c;
	g_assert_true(desk_store_checkin_with_jobs(f->store, id, "door", &list, &c, &error));
	g_assert_no_error(error);
	g_assert_false(c.already);
	g_assert_cmpint(c.job_ids[0], >, 0);
	g_assert_cmpint(c.job_ids[1], >, c.job_ids[0]);
	g_autoptr(desk_job_row_t) badge = desk_store_job_get(f->store, c.job_ids[0], &error);
	g_assert_cmpstr(badge->kind, ==, "badge");
	g_assert_cmpstr(badge->printer, ==, "dymo");
	g_assert_cmpstr(badge->state, ==, "queued");
	g_assert_cmpint(badge->attendee_id, ==, id);
	g_assert_cmpint(badge->event_id, ==, f->event_id);
	g_assert_cmpstr(badge->name, ==, "Åsa Öberg");
	desk_checkin_t again;
	g_assert_true(desk_store_checkin_with_jobs(f->store, id, "door", &list, &again, &error));
	g_assert_true(again.already);
	g_assert_cmpint(again.job_ids[0], ==, 0);
	g_assert_cmpint(query_int(f->store, "SELECT count(*) FROM print_jobs"), ==, 2);
	/* a failing job insert rolls the arrival back with it */
	gint64 other = add(f, "Bo", "Ek", NULL, NULL);
	const desk_job_spec_t bad[] = {{"poster", "x", "dymo"}}; /* kind fails the CHECK */
	desk_job_list_t bad_list = {bad, 1};
	desk_checkin_t c2;
	g_assert_false(
	    desk_store_checkin_with_jobs(f->store, other, "door", &bad_list, &c2, &error));
	g_assert_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_DB);
	g_autoptr(desk_attendee_t) bo = desk_store_attendee_get(f->store, other, NULL);
	g_assert_cmpint(bo->checkin_number, ==, 0);
	g_assert_cmpint(query_int(f->store, "SELECT count(*) FROM arrivals"), ==, 1);
}

/* Updates, the unfinished list, the console's list and who is unprinted. */
static void test_jobs(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	gint64 a = add(f, "Ann", "A", NULL, NULL), b = add(f, "Ben", "B", NULL, NULL),
	       n = add(f, "Nia", "N", NULL, NULL);
	const desk_job_spec_t badge[] = {{"badge", "dymo-30256", "dymo"}};
	desk_job_list_t one = {badge, 1};
	desk_checkin_t ca, cb, cn;
	g_assert_true(desk_store_checkin_with_jobs(f->store, a, NULL, &one, &ca, &error));
	g_assert_true(desk_store_checkin_with_jobs(f->store, b, NULL, &one, &cb, &error));
	g_assert_true(desk_store_checkin(f->store, n, NULL, &cn, &error)); /* no job at all */
	desk_job_update_t done = {"completed", 7, 1, 0, NULL, NULL};
	g_assert_true(desk_store_job_update(f->store, ca.job_ids[0], &done, &error));
	desk_job_update_t moved = {"stopped", -1, -1, 2.5, "paused", "ql"};
	g_assert_true(desk_store_job_update(f->store, cb.job_ids[0], &moved, &error));
	g_autoptr(desk_job_row_t) rb = desk_store_job_get(f->store, cb.job_ids[0], &error);
	g_assert_cmpstr(rb->state, ==, "stopped");
	g_assert_cmpstr(rb->printer, ==, "ql");
	g_assert_cmpstr(rb->last_error, ==, "paused");
	g_autoptr(GArray) open = desk_store_jobs_unfinished(f->store, &error);
	g_assert_cmpint(open->len, ==, 1);
	g_assert_cmpint(g_array_index(open, gint64, 0), ==, cb.job_ids[0]);
	g_autoptr(GPtrArray) list = desk_store_jobs_list(f->store, f->event_id, 10, &error);
	g_assert_cmpint(list->len, ==, 2);
	g_assert_cmpint(((desk_job_row_t *)list->pdata[0])->id, ==, cb.job_ids[0]); /* newest */
	g_autoptr(GPtrArray) unprinted =
	    desk_store_badges_unprinted(f->store, f->event_id, 10, &error);
	g_assert_cmpint(unprinted->len, ==, 2); /* Ben's stopped badge and Nia with none */
	for (guint i = 0; i < unprinted->len; i++) {
		const desk_job_row_t *r = unprinted->pdata[i];
		g_assert_cmpstr(r->state, ==, r->attendee_id == n ? "none" : "stopped");
	}
	g_assert_null(desk_store_job_get(f->store, 999, &error));
	g_assert_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_NOT_FOUND);
}

/* Rolls count completed labels since they went in; kiosk reprints count up. */
static void test_rolls_reprints(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	gint64 capacity = 0;
	g_assert_cmpint(desk_store_roll_left(f->store, "dymo", &capacity), ==, -1);
	g_assert_true(desk_store_roll_set(f->store, "dymo", 250, &error));
	gint64 a = add(f, "Ann", "A", NULL, NULL);
	const desk_job_spec_t spec = {"badge", "dymo-30256", "dymo"};
	gint64 job = desk_store_job_add(f->store, f->event_id, a, &spec, &error);
	desk_job_update_t done = {"completed", 3, 1, 0, NULL, NULL};
	g_assert_true(desk_store_job_update(f->store, job, &done, &error));
	g_assert_cmpint(desk_store_roll_left(f->store, "dymo", &capacity), ==, 249);
	g_assert_cmpint(capacity, ==, 250);
	g_assert_cmpuint(desk_store_kiosk_reprints(f->store, a), ==, 0);
	g_assert_true(desk_store_kiosk_reprint_count(f->store, a, &error));
	g_assert_true(desk_store_kiosk_reprint_count(f->store, a, &error));
	g_assert_cmpuint(desk_store_kiosk_reprints(f->store, a), ==, 2);
	gint64 longest = add(f, "Maximiliane", "Wolff-Schlegelmilch", NULL, NULL);
	g_assert_cmpint(desk_store_attendee_pick(f->store, f->event_id, DESK_PICK_FIRST), ==, a);
	g_assert_cmpint(desk_store_attendee_pick(f->store, f->event_id, DESK_PICK_LONGEST_NAME), ==,
	                longest);
}

#define ADD(path, fn)                                                                              \
	g_test_add(path, store_fixture_t, NULL, store_fixture_setup, fn, store_fixture_teardown)

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	ADD("/store/schema", test_schema);
	ADD("/store/newer-schema", test_newer_schema);
	ADD("/store/not-a-database", test_not_a_database);
	ADD("/store/rekey-migration", test_rekey_migration);
	ADD("/store/events", test_events);
	ADD("/store/checkin", test_checkin);
	ADD("/store/walkin", test_walkin);
	ADD("/store/handover-feed", test_handover_feed);
	ADD("/store/fields", test_fields);
	ADD("/store/find-code", test_find_code);
	ADD("/store/checkin-jobs", test_checkin_jobs);
	ADD("/store/jobs", test_jobs);
	ADD("/store/rolls-reprints", test_rolls_reprints);
	return g_test_run();
}

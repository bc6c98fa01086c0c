/* store-jobs.c: the print queue's durable state (print_jobs), label rolls and kiosk reprint
 * counts: every statement about them lives here. */
#include <string.h>

#include "store-private.h"

void desk_job_row_free(desk_job_row_t *row)
{
	if (!row)
		return;
	g_free(row->kind);
	g_free(row->layout);
	g_free(row->printer);
	g_free(row->state);
	g_free(row->last_error);
	g_free(row->updated_at);
	g_free(row->name);
	g_free(row);
}

#define JOB_COLUMNS                                                                                \
	"j.id, j.event_id, coalesce(j.attendee_id, 0), j.kind, j.layout, j.printer, j.state, "     \
	"coalesce(j.cups_job_id, 0), j.attempts, j.last_error, j.updated_at, "                     \
	"coalesce(nullif(a.display_name, ''), trim(coalesce(a.first_name, '') || ' ' || "          \
	"coalesce(a.last_name, '')))"

static desk_job_row_t *job_from_row(sqlite3_stmt *stmt)
{
	desk_job_row_t *row = g_new0(desk_job_row_t, 1);
	row->id = sqlite3_column_int64(stmt, 0);
	row->event_id = sqlite3_column_int64(stmt, 1);
	row->attendee_id = sqlite3_column_int64(stmt, 2);
	row->kind = store_column_dup(stmt, 3);
	row->layout = store_column_dup(stmt, 4);
	row->printer = store_column_dup(stmt, 5);
	row->state = store_column_dup(stmt, 6);
	row->cups_job_id = sqlite3_column_int(stmt, 7);
	row->attempts = sqlite3_column_int(stmt, 8);
	row->last_error = store_column_dup(stmt, 9);
	row->updated_at = store_column_dup(stmt, 10);
	row->name = store_column_dup(stmt, 11);
	return row;
}

/* Inserts one job inside the caller's transaction (or on its own). */
gint64 store_job_insert(desk_store_t *store, gint64 event_id, gint64 attendee_id,
                        const desk_job_spec_t *spec, GError **error)
{
	g_autoptr(sqlite3_stmt) stmt =
	    store_prepare(store,
	                  "INSERT INTO print_jobs (event_id, attendee_id, kind, layout, printer)"
	                  " VALUES (?1, ?2, ?3, ?4, ?5)",
	                  error);
	if (!stmt)
		return 0;
	sqlite3_bind_int64(stmt, 1, event_id);
	if (attendee_id > 0)
		sqlite3_bind_int64(stmt, 2, attendee_id);
	store_bind_text(stmt, 3, spec->kind);
	store_bind_text(stmt, 4, spec->layout);
	store_bind_text(stmt, 5, spec->printer);
	if (!store_step_done(store, stmt, error))
		return 0;
	return sqlite3_last_insert_rowid(store->db);
}

gint64 desk_store_job_add(desk_store_t *store, gint64 event_id, gint64 attendee_id,
                          const desk_job_spec_t *spec, GError **error)
{
	g_return_val_if_fail(store && spec && spec->kind && spec->layout && spec->printer, 0);
	return store_job_insert(store, event_id, attendee_id, spec, error);
}

desk_job_row_t *desk_store_job_get(desk_store_t *store, gint64 job_id, GError **error)
{
	g_return_val_if_fail(store != NULL, NULL);
	g_autoptr(sqlite3_stmt) stmt = store_prepare(
	    store,
	    "SELECT " JOB_COLUMNS " FROM print_jobs j LEFT JOIN attendees a ON a.id = j.attendee_id"
	    " WHERE j.id = ?1",
	    error);
	if (!stmt)
		return NULL;
	sqlite3_bind_int64(stmt, 1, job_id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		return job_from_row(stmt);
	g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_NOT_FOUND,
	            "print job %" G_GINT64_FORMAT ": no such job", job_id);
	return NULL;
}

bool desk_store_job_update(desk_store_t *store, gint64 job_id, const desk_job_update_t *u,
                           GError **error)
{
	g_return_val_if_fail(store && u && u->state, false);
	g_autoptr(sqlite3_stmt) stmt = store_prepare(
	    store,
	    "UPDATE print_jobs SET state = ?1,"
	    " cups_job_id = CASE WHEN ?2 < 0 THEN cups_job_id WHEN ?2 = 0 THEN NULL ELSE ?2 END,"
	    " attempts = CASE WHEN ?3 < 0 THEN attempts ELSE ?3 END,"
	    " next_attempt_at = CASE WHEN ?4 > 0 THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now',"
	    "   printf('+%.3f seconds', ?4)) END,"
	    " last_error = coalesce(?5, last_error),"
	    " printer = coalesce(?7, printer),"
	    " updated_at = " STORE_NOW " WHERE id = ?6",
	    error);
	if (!stmt)
		return false;
	store_bind_text(stmt, 1, u->state);
	sqlite3_bind_int(stmt, 2, u->cups_job_id);
	sqlite3_bind_int(stmt, 3, u->attempts);
	sqlite3_bind_double(stmt, 4, u->retry_in);
	store_bind_text(stmt, 5, u->last_error);
	sqlite3_bind_int64(stmt, 6, job_id);
	store_bind_text(stmt, 7, u->printer);
	return store_step_done(store, stmt, error);
}

/* Ids of the jobs a statement with one event/limit binding selects. */
static GArray *job_ids(desk_store_t *store, const char *sql, GError **error)
{
	g_autoptr(sqlite3_stmt) stmt = store_prepare(store, sql, error);
	if (!stmt)
		return NULL;
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(gint64));
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		gint64 id = sqlite3_column_int64(stmt, 0);
		g_array_append_val(ids, id);
	}
	return ids;
}

GArray *desk_store_jobs_unfinished(desk_store_t *store, GError **error)
{
	g_return_val_if_fail(store != NULL, NULL);
	return job_ids(store,
	               "SELECT id FROM print_jobs WHERE state NOT IN "
	               "('completed', 'cancelled', 'failed') ORDER BY id",
	               error);
}

GPtrArray *desk_store_jobs_list(desk_store_t *store, gint64 event_id, guint limit, GError **error)
{
	g_return_val_if_fail(store != NULL, NULL);
	g_autoptr(sqlite3_stmt) stmt = store_prepare(
	    store,
	    "SELECT " JOB_COLUMNS " FROM print_jobs j LEFT JOIN attendees a ON a.id = j.attendee_id"
	    " WHERE j.event_id = ?1 ORDER BY j.id DESC LIMIT ?2",
	    error);
	if (!stmt)
		return NULL;
	sqlite3_bind_int64(stmt, 1, event_id);
	sqlite3_bind_int(stmt, 2, (int)CLAMP(limit, 1, 1000));
	GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)desk_job_row_free);
	while (sqlite3_step(stmt) == SQLITE_ROW)
		g_ptr_array_add(rows, job_from_row(stmt));
	return rows;
}

GPtrArray *desk_store_badges_unprinted(desk_store_t *store, gint64 event_id, guint limit,
                                       GError **error)
{
	g_return_val_if_fail(store != NULL, NULL);
	/* checked in now, and the newest badge job since then (if any) not completed */
	g_autoptr(sqlite3_stmt) stmt = store_prepare(
	    store,
	    "SELECT coalesce(j.id, 0), a.event_id, a.id, 'badge', j.layout, j.printer,"
	    " coalesce(j.state, 'none'), coalesce(j.cups_job_id, 0), coalesce(j.attempts, 0),"
	    " j.last_error, coalesce(j.updated_at, a.checked_in_at),"
	    " coalesce(nullif(a.display_name, ''), trim(coalesce(a.first_name, '') || ' ' ||"
	    "   coalesce(a.last_name, '')))"
	    " FROM attendees a LEFT JOIN print_jobs j ON j.id = (SELECT max(id) FROM print_jobs"
	    "   WHERE attendee_id = a.id AND kind = 'badge')"
	    " WHERE a.event_id = ?1 AND a.checkin_number IS NOT NULL"
	    "   AND (j.id IS NULL OR j.state <> 'completed')"
	    " ORDER BY coalesce(j.updated_at, a.checked_in_at) LIMIT ?2",
	    error);
	if (!stmt)
		return NULL;
	sqlite3_bind_int64(stmt, 1, event_id);
	sqlite3_bind_int(stmt, 2, (int)CLAMP(limit, 1, 10000));
	GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)desk_job_row_free);
	while (sqlite3_step(stmt) == SQLITE_ROW)
		g_ptr_array_add(rows, job_from_row(stmt));
	return rows;
}

/* ---- label rolls ---------------------------------------------------------- */

bool desk_store_roll_set(desk_store_t *store, const char *printer, gint64 capacity, GError **error)
{
	g_return_val_if_fail(store && printer && capacity > 0, false);
	g_autoptr(sqlite3_stmt) stmt = store_prepare(
	    store, "INSERT OR REPLACE INTO console_rolls VALUES (?1, ?2, " STORE_NOW ")", error);
	if (!stmt)
		return false;
	store_bind_text(stmt, 1, printer);
	sqlite3_bind_int64(stmt, 2, capacity);
	return store_step_done(store, stmt, error);
}

gint64 desk_store_roll_left(desk_store_t *store, const char *printer, gint64 *capacity)
{
	g_return_val_if_fail(store && printer && capacity, -1);
	*capacity = 0;
	g_autoptr(sqlite3_stmt) stmt = store_prepare(
	    store,
	    "SELECT r.capacity, r.capacity - (SELECT count(*) FROM print_jobs j"
	    "  WHERE j.printer = r.printer AND j.state = 'completed' AND"
	    "  j.updated_at >= r.changed_at) FROM console_rolls r WHERE r.printer = ?1",
	    NULL);
	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, printer);
	if (sqlite3_step(stmt) != SQLITE_ROW)
		return -1;
	*capacity = sqlite3_column_int64(stmt, 0);
	return MAX(sqlite3_column_int64(stmt, 1), 0);
}

/* ---- kiosk reprints ---------------------------------------------------------- */

guint desk_store_kiosk_reprints(desk_store_t *store, gint64 attendee_id)
{
	g_return_val_if_fail(store != NULL, G_MAXUINT);
	g_autoptr(sqlite3_stmt) stmt =
	    store_prepare(store, "SELECT count FROM kiosk_reprints WHERE attendee_id = ?1", NULL);
	if (!stmt)
		return G_MAXUINT;
	sqlite3_bind_int64(stmt, 1, attendee_id);
	return sqlite3_step(stmt) == SQLITE_ROW ? (guint)sqlite3_column_int(stmt, 0) : 0;
}

bool desk_store_kiosk_reprint_count(desk_store_t *store, gint64 attendee_id, GError **error)
{
	g_return_val_if_fail(store != NULL, false);
	g_autoptr(sqlite3_stmt) stmt =
	    store_prepare(store,
	                  "INSERT INTO kiosk_reprints (attendee_id, count) VALUES (?1, 1)"
	                  " ON CONFLICT (attendee_id) DO UPDATE SET count = count + 1",
	                  error);
	if (!stmt)
		return false;
	sqlite3_bind_int64(stmt, 1, attendee_id);
	return store_step_done(store, stmt, error);
}

/* ---- attendees the console picks ------------------------------------------ */

gint64 desk_store_attendee_pick(desk_store_t *store, gint64 event_id, desk_pick_t pick)
{
	g_return_val_if_fail(store != NULL, 0);
	static const char *const sql[] = {
	    [DESK_PICK_FIRST] = "SELECT id FROM attendees WHERE event_id = ?1 ORDER BY id LIMIT 1",
	    [DESK_PICK_LONGEST_NAME] =
	        "SELECT id FROM attendees WHERE event_id = ?1 ORDER BY"
	        " length(coalesce(nullif(display_name,''), first_name, '')) +"
	        " length(coalesce(last_name,'')) DESC, id LIMIT 1",
	};
	g_autoptr(sqlite3_stmt) stmt = store_prepare(store, sql[pick], NULL);
	if (!stmt)
		return 0;
	sqlite3_bind_int64(stmt, 1, event_id);
	return sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
}

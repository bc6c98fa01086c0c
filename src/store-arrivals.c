/* store-arrivals.c: check-ins, undo, walk-ins, handovers and reprints on the append-only arrivals
 * log. */
#include <string.h>

#include "store-private.h"

static bool append_arrival(desk_store_t *store, gint64 attendee_id, const char *kind, gint64 number,
                           const char *station, GError **error)
{
	g_autoptr(sqlite3_stmt) stmt =
	    store_prepare(store,
	                  "INSERT INTO arrivals(event_id, attendee_id, kind, number, station)"
	                  " SELECT event_id, id, ?2, ?3, ?4 FROM attendees WHERE id = ?1",
	                  error);
	if (!stmt)
		return false;
	sqlite3_bind_int64(stmt, 1, attendee_id);
	store_bind_text(stmt, 2, kind);
	if (number > 0)
		sqlite3_bind_int64(stmt, 3, number);
	store_bind_text(stmt, 4, station && *station ? station : NULL);
	return store_step_done(store, stmt, error);
}

/* The attendee's current number (0 when not checked in), the number an
 * earlier, undone check-in gave them (0 if none) and the event's next one. */
static bool read_numbers(desk_store_t *store, gint64 attendee_id, gint64 *current, gint64 *previous,
                         gint64 *next, GError **error)
{
	g_autoptr(sqlite3_stmt) stmt = store_prepare(
	    store,
	    "SELECT coalesce(a.checkin_number, 0),"
	    " coalesce((SELECT number FROM arrivals r WHERE r.attendee_id = a.id AND"
	    "   r.kind IN ('checkin','walkin') ORDER BY r.id DESC LIMIT 1), 0),"
	    " coalesce((SELECT max(number) FROM arrivals r WHERE r.event_id = a.event_id), 0) + 1"
	    " FROM attendees a WHERE a.id = ?1",
	    error);
	if (!stmt)
		return false;
	sqlite3_bind_int64(stmt, 1, attendee_id);
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_NOT_FOUND,
			            "attendee %" G_GINT64_FORMAT ": no such attendee", attendee_id);
		else
			store_fail(error, store->db, "check-in");
		return false;
	}
	*current = sqlite3_column_int64(stmt, 0);
	*previous = sqlite3_column_int64(stmt, 1);
	*next = sqlite3_column_int64(stmt, 2);
	return true;
}

/* The jobs a new arrival owes, in its transaction. */
static bool insert_jobs(desk_store_t *store, gint64 attendee_id, const desk_job_list_t *jobs,
                        desk_checkin_t *out, GError **error)
{
	if (!jobs || !jobs->n_jobs)
		return true;
	g_autoptr(sqlite3_stmt) stmt =
	    store_prepare(store, "SELECT event_id FROM attendees WHERE id = ?1", error);
	if (!stmt)
		return false;
	sqlite3_bind_int64(stmt, 1, attendee_id);
	gint64 event_id = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	for (guint i = 0; i < MIN(jobs->n_jobs, DESK_CHECKIN_MAX_JOBS); i++) {
		out->job_ids[i] =
		    store_job_insert(store, event_id, attendee_id, &jobs->jobs[i], error);
		if (!out->job_ids[i])
			return false;
	}
	return true;
}

bool store_checkin_locked(desk_store_t *store, gint64 attendee_id, const char *kind,
                          const char *station, const desk_job_list_t *jobs, desk_checkin_t *out,
                          GError **error)
{
	gint64 current, previous, next;
	if (!read_numbers(store, attendee_id, &current, &previous, &next, error))
		return false;
	if (current > 0) {
		out->number = current;
		out->already = true;
		return true;
	}
	/* A re-check-in after an undo gets its old number back. */
	gint64 number = previous > 0 ? previous : next;
	g_autoptr(sqlite3_stmt) stmt =
	    store_prepare(store,
	                  "UPDATE attendees SET checkin_number = ?2, checked_in_at = " STORE_NOW ","
	                  " updated_at = " STORE_NOW " WHERE id = ?1",
	                  error);
	if (!stmt)
		return false;
	sqlite3_bind_int64(stmt, 1, attendee_id);
	sqlite3_bind_int64(stmt, 2, number);
	if (!store_step_done(store, stmt, error) ||
	    !append_arrival(store, attendee_id, kind, number, station, error) ||
	    !insert_jobs(store, attendee_id, jobs, out, error))
		return false;
	out->number = number;
	out->already = false;
	return true;
}

bool desk_store_checkin_with_jobs(desk_store_t *store, gint64 attendee_id, const char *station,
                                  const desk_job_list_t *jobs, desk_checkin_t *out, GError **error)
{
	g_return_val_if_fail(store != NULL, false);
	desk_checkin_t result = {0};
	if (!store_begin(store, error))
		return false;
	if (!store_checkin_locked(store, attendee_id, "checkin", station, jobs, &result, error)) {
		store_rollback(store);
		return false;
	}
	if (!store_commit(store, error))
		return false;
	if (out)
		*out = result;
	return true;
}

bool desk_store_checkin(desk_store_t *store, gint64 attendee_id, const char *station,
                        desk_checkin_t *out, GError **error)
{
	return desk_store_checkin_with_jobs(store, attendee_id, station, NULL, out, error);
}

static bool clear_current(desk_store_t *store, gint64 attendee_id, GError **error)
{
	g_autoptr(sqlite3_stmt) stmt =
	    store_prepare(store,
	                  "UPDATE attendees SET checkin_number = NULL, checked_in_at = NULL,"
	                  " handed_over_at = NULL, updated_at = " STORE_NOW " WHERE id = ?1",
	                  error);
	if (!stmt)
		return false;
	sqlite3_bind_int64(stmt, 1, attendee_id);
	return store_step_done(store, stmt, error);
}

bool desk_store_undo_checkin(desk_store_t *store, gint64 attendee_id, const char *station,
                             GError **error)
{
	g_return_val_if_fail(store != NULL, false);
	gint64 current, previous, next;
	if (!store_begin(store, error))
		return false;
	if (!read_numbers(store, attendee_id, &current, &previous, &next, error))
		goto fail;
	if (current == 0) {
		g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_INVALID,
		            "attendee %" G_GINT64_FORMAT ": not checked in", attendee_id);
		goto fail;
	}
	if (!clear_current(store, attendee_id, error) ||
	    !append_arrival(store, attendee_id, "undo", current, station, error))
		goto fail;
	return store_commit(store, error);
fail:
	store_rollback(store);
	return false;
}

gint64 desk_store_walkin_with_jobs(desk_store_t *store, gint64 event_id,
                                   const desk_attendee_t *person, const char *station,
                                   const desk_job_list_t *jobs, desk_checkin_t *out, GError **error)
{
	g_return_val_if_fail(store && person, 0);
	if ((!person->first_name || !*person->first_name) &&
	    (!person->last_name || !*person->last_name)) {
		g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_INVALID,
		            "first_name: a walk-in needs a name");
		return 0;
	}
	desk_attendee_t walkin = {
	    .source = (char *)"walkin",
	    .first_name = person->first_name,
	    .last_name = person->last_name,
	    .display_name = person->display_name,
	    .company = person->company,
	    .pronouns = person->pronouns,
	    .group_name = person->group_name,
	    .expected = true,
	    .consent_share = person->consent_share,
	    .walkin = true,
	};
	g_autoptr(desk_event_t) event = desk_store_event_get(store, event_id, error);
	if (!event)
		return 0;
	desk_checkin_t result = {0};
	if (!store_begin(store, error))
		return 0;
	gint64 id = store_attendee_insert(store, event_id, &walkin, error);
	if (!id || !store_checkin_locked(store, id, "walkin", station, jobs, &result, error) ||
	    !store_commit(store, error)) {
		store_rollback(store);
		return 0;
	}
	if (out)
		*out = result;
	return id;
}

gint64 desk_store_walkin(desk_store_t *store, gint64 event_id, const char *first_name,
                         const char *last_name, const char *company, const char *pronouns,
                         bool consent_share, const char *station, desk_checkin_t *out,
                         GError **error)
{
	desk_attendee_t person = {
	    .first_name = (char *)first_name,
	    .last_name = (char *)last_name,
	    .company = (char *)company,
	    .pronouns = (char *)pronouns,
	    .consent_share = consent_share,
	};
	return desk_store_walkin_with_jobs(store, event_id, &person, station, NULL, out, error);
}

/* ---- handovers and reprints -------------------------------------------------- */

static bool log_simple(desk_store_t *store, gint64 attendee_id, const char *kind,
                       const char *station, const char *update_sql, GError **error)
{
	if (!store_begin(store, error))
		return false;
	gint64 current, previous, next;
	if (!read_numbers(store, attendee_id, &current, &previous, &next, error))
		goto fail;
	if (update_sql && current == 0) { /* a handover needs an arrival */
		g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_INVALID,
		            "attendee %" G_GINT64_FORMAT ": not checked in", attendee_id);
		goto fail;
	}
	if (update_sql) {
		g_autoptr(sqlite3_stmt) stmt = store_prepare(store, update_sql, error);
		if (!stmt)
			goto fail;
		sqlite3_bind_int64(stmt, 1, attendee_id);
		if (!store_step_done(store, stmt, error))
			goto fail;
	}
	if (!append_arrival(store, attendee_id, kind, current, station, error))
		goto fail;
	return store_commit(store, error);
fail:
	store_rollback(store);
	return false;
}

bool desk_store_handover(desk_store_t *store, gint64 attendee_id, const char *station,
                         GError **error)
{
	g_return_val_if_fail(store != NULL, false);
	return log_simple(store, attendee_id, "handover", station,
	                  "UPDATE attendees SET handed_over_at = " STORE_NOW " WHERE id = ?1",
	                  error);
}

bool desk_store_log_reprint(desk_store_t *store, gint64 attendee_id, const char *station,
                            GError **error)
{
	g_return_val_if_fail(store != NULL, false);
	return log_simple(store, attendee_id, "reprint", station, NULL, error);
}

/* ---- the live feed ----------------------------------------------------------- */

void desk_arrival_free(desk_arrival_t *arrival)
{
	if (!arrival)
		return;
	g_free(arrival->kind);
	g_free(arrival->station);
	g_free(arrival->at);
	g_free(arrival);
}

GPtrArray *desk_store_arrivals_since(desk_store_t *store, gint64 event_id, gint64 after_id,
                                     guint limit, GError **error)
{
	g_return_val_if_fail(store != NULL, NULL);
	g_autoptr(sqlite3_stmt) stmt = store_prepare(
	    store,
	    "SELECT id, attendee_id, kind, coalesce(number, 0), station, at FROM arrivals"
	    " WHERE event_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
	    error);
	if (!stmt)
		return NULL;
	sqlite3_bind_int64(stmt, 1, event_id);
	sqlite3_bind_int64(stmt, 2, after_id);
	sqlite3_bind_int64(stmt, 3, limit == 0 ? 100 : MIN(limit, 1000));
	g_autoptr(GPtrArray) rows =
	    g_ptr_array_new_with_free_func((GDestroyNotify)desk_arrival_free);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		desk_arrival_t *r = g_new0(desk_arrival_t, 1);
		r->id = sqlite3_column_int64(stmt, 0);
		r->attendee_id = sqlite3_column_int64(stmt, 1);
		r->kind = g_strdup((const char *)sqlite3_column_text(stmt, 2));
		r->number = sqlite3_column_int64(stmt, 3);
		const unsigned char *station = sqlite3_column_text(stmt, 4);
		r->station = station ? g_strdup((const char *)station) : NULL;
		r->at = g_strdup((const char *)sqlite3_column_text(stmt, 5));
		g_ptr_array_add(rows, r);
	}
	if (rc != SQLITE_DONE) {
		store_fail(error, store->db, "arrivals");
		return NULL;
	}
	return g_steal_pointer(&rows);
}

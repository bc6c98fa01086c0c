/* store-stats.c: attendance figures, the arrivals export, purging personal data, backups. */
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "store-private.h"

/* ---- stats ------------------------------------------------------------------ */

void desk_stats_free(desk_stats_t *stats)
{
	if (!stats)
		return;
	g_clear_pointer(&stats->by_ticket_type, g_ptr_array_unref);
	g_clear_pointer(&stats->by_group, g_ptr_array_unref);
	g_free(stats->total.key);
	g_free(stats);
}

static void stats_row_free(desk_stats_row_t *row)
{
	g_free(row->key);
	g_free(row);
}

/* @column is one of our own fixed expressions, never user input. */
static bool stats_rows(desk_store_t *store, gint64 event_id, const char *column, GPtrArray *rows,
                       GError **error)
{
	g_autofree char *sql = g_strdup_printf(
	    "SELECT coalesce(%s, ''),"
	    " sum(expected AND NOT walkin),"
	    " sum(CASE WHEN expected AND NOT walkin THEN 1 + guests ELSE 0 END),"
	    " sum(checkin_number IS NOT NULL), sum(walkin),"
	    " sum(expected AND NOT walkin AND checkin_number IS NULL), sum(NOT expected),"
	    " sum(NOT expected AND checkin_number IS NOT NULL)"
	    " FROM attendees WHERE event_id = ?1 GROUP BY 1 ORDER BY 1",
	    column);
	g_autoptr(sqlite3_stmt) stmt = store_prepare(store, sql, error);
	if (!stmt)
		return false;
	sqlite3_bind_int64(stmt, 1, event_id);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		desk_stats_row_t *row = g_new0(desk_stats_row_t, 1);
		row->key = g_strdup((const char *)sqlite3_column_text(stmt, 0));
		row->registered = (guint)sqlite3_column_int64(stmt, 1);
		row->expected = (guint)sqlite3_column_int64(stmt, 2);
		row->arrived = (guint)sqlite3_column_int64(stmt, 3);
		row->walkins = (guint)sqlite3_column_int64(stmt, 4);
		row->no_shows = (guint)sqlite3_column_int64(stmt, 5);
		row->not_expected = (guint)sqlite3_column_int64(stmt, 6);
		row->not_expected_arrived = (guint)sqlite3_column_int64(stmt, 7);
		g_ptr_array_add(rows, row);
	}
	if (rc != SQLITE_DONE) {
		store_fail(error, store->db, "stats");
		return false;
	}
	return true;
}

desk_stats_t *desk_store_stats(desk_store_t *store, gint64 event_id, GError **error)
{
	g_return_val_if_fail(store != NULL, NULL);
	g_autoptr(desk_stats_t) stats = g_new0(desk_stats_t, 1);
	stats->by_ticket_type = g_ptr_array_new_with_free_func((GDestroyNotify)stats_row_free);
	stats->by_group = g_ptr_array_new_with_free_func((GDestroyNotify)stats_row_free);
	g_autoptr(GPtrArray) total = g_ptr_array_new_with_free_func((GDestroyNotify)stats_row_free);
	/* One read transaction: the three queries see the same moment. */
	if (!store_exec(store, "BEGIN", error))
		return NULL;
	bool ok = stats_rows(store, event_id, "NULL", total, error) &&
	          stats_rows(store, event_id, "ticket_type", stats->by_ticket_type, error) &&
	          stats_rows(store, event_id, "group_name", stats->by_group, error);
	store_rollback(store);
	if (!ok)
		return NULL;
	if (total->len) {
		stats->total = *(desk_stats_row_t *)total->pdata[0];
		stats->total.key = g_strdup("");
	} else {
		stats->total.key = g_strdup("");
	}
	return g_steal_pointer(&stats);
}

double desk_stats_no_show_rate(const desk_stats_row_t *row)
{
	return row->registered ? (double)row->no_shows / row->registered : 0.0;
}

/* ---- export ------------------------------------------------------------------ */

/* One CSV cell: quoted when needed; a leading = + - @ gets a ' so that
 * spreadsheets never run a name as a formula. */
static void csv_cell(GString *out, const char *value, bool last)
{
	const char *v = value ? value : "";
	bool formula = strchr("=+-@\t\r", v[0]) && v[0];
	if (formula || strpbrk(v, ",\"\r\n") || g_ascii_isspace(v[0])) {
		g_string_append_c(out, '"');
		if (formula)
			g_string_append_c(out, '\'');
		for (const char *p = v; *p; p++) {
			if (*p == '"')
				g_string_append_c(out, '"');
			g_string_append_c(out, *p);
		}
		g_string_append_c(out, '"');
	} else {
		g_string_append(out, v);
	}
	g_string_append(out, last ? "\r\n" : ",");
}

/* Arrivals in check-in order, then the no-shows (expected, never arrived) by
 * name. Names always: the organizer's own attendance record; company, title
 * and e-mail only for those who agreed to share them. */
static const char export_sql[] =
    "SELECT CASE WHEN checkin_number IS NULL THEN 'no-show' ELSE 'arrived' END,"
    " checkin_number, checked_in_at, ticket_type, group_name, walkin, consent_share,"
    " first_name, last_name, CASE WHEN consent_share THEN company END,"
    " CASE WHEN consent_share THEN title END, CASE WHEN consent_share THEN email END"
    " FROM attendees WHERE event_id = ?1 AND"
    " (checkin_number IS NOT NULL OR (expected AND NOT walkin))"
    " ORDER BY checkin_number IS NULL, checkin_number, key_last, key_first, id";

#define EXPORT_COLUMNS 12
#define UTF8_BOM       "\xEF\xBB\xBF"

char *desk_store_export_arrivals(desk_store_t *store, gint64 event_id, guint *arrived,
                                 guint *shared, GError **error)
{
	g_return_val_if_fail(store != NULL, NULL);
	g_autoptr(sqlite3_stmt) stmt = store_prepare(store, export_sql, error);
	if (!stmt)
		return NULL;
	sqlite3_bind_int64(stmt, 1, event_id);
	g_autoptr(GString) csv =
	    g_string_new(UTF8_BOM "status,number,checked_in_at,ticket_type,group,walkin,"
	                          "shared,first_name,last_name,company,title,email\r\n");
	guint rows = 0, with_contact = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		bool here = sqlite3_column_type(stmt, 1) != SQLITE_NULL;
		rows += here;
		with_contact += here && sqlite3_column_int(stmt, 6) != 0;
		for (int i = 0; i < EXPORT_COLUMNS; i++) {
			const char *text = (const char *)sqlite3_column_text(stmt, i);
			if (i == 5 || i == 6)
				text = sqlite3_column_int(stmt, i) ? "yes" : "no";
			csv_cell(csv, text, i == EXPORT_COLUMNS - 1);
		}
	}
	if (rc != SQLITE_DONE) {
		store_fail(error, store->db, "export");
		return NULL;
	}
	if (arrived)
		*arrived = rows;
	if (shared)
		*shared = with_contact;
	return g_string_free(g_steal_pointer(&csv), FALSE);
}

/* ---- purge --------------------------------------------------------------------- */

static const char purge_sql[] =
    "UPDATE attendees SET source_id = NULL, first_name = NULL, last_name = NULL,"
    " display_name = NULL, company = NULL, title = NULL, pronouns = NULL, email = NULL,"
    " ticket_code = NULL, status_reason = NULL, custom = '{}', key_first = '', key_last = '',"
    " key_name = '', key_match = '', key_email = NULL, key_all = '',"
    " updated_at = " STORE_NOW " WHERE event_id = ?1;"
    "DELETE FROM print_jobs WHERE event_id = ?1;"
    "DELETE FROM attendee_keys WHERE event_id = ?1;"
    "UPDATE events SET purged_at = " STORE_NOW " WHERE id = ?1;"
    "INSERT INTO attendee_names(attendee_names) VALUES ('rebuild');";

bool desk_store_purge_event(desk_store_t *store, gint64 event_id, GError **error)
{
	g_return_val_if_fail(store != NULL, false);
	g_autoptr(desk_event_t) event = desk_store_event_get(store, event_id, error);
	if (!event)
		return false;
	/* Overwrite freed pages, then empty the WAL, so the data is really gone. */
	if (!store_exec(store, "PRAGMA secure_delete = ON", error) || !store_begin(store, error))
		return false;
	const char *tail = purge_sql;
	while (*tail) {
		g_autoptr(sqlite3_stmt) stmt = NULL;
		if (sqlite3_prepare_v2(store->db, tail, -1, &stmt, &tail) != SQLITE_OK) {
			store_fail(error, store->db, "purge");
			store_rollback(store);
			return false;
		}
		if (!stmt)
			break;
		sqlite3_bind_int64(stmt, 1, event_id);
		if (!store_step_done(store, stmt, error)) {
			store_rollback(store);
			return false;
		}
	}
	bool ok = store_commit(store, error);
	sqlite3_exec(store->db, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA secure_delete = OFF", NULL,
	             NULL, NULL);
	return ok;
}

/* ---- backup ---------------------------------------------------------------------- */

static bool copy_into(desk_store_t *store, sqlite3 *dest, GError **error)
{
	sqlite3_backup *backup = sqlite3_backup_init(dest, "main", store->db, "main");
	if (!backup) {
		store_fail(error, dest, "backup");
		return false;
	}
	int rc = sqlite3_backup_step(backup, -1);
	sqlite3_backup_finish(backup);
	if (rc != SQLITE_DONE) {
		g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_DB, "backup: %s",
		            sqlite3_errstr(rc));
		return false;
	}
	/* A single self-contained file: no -wal beside it. */
	return sqlite3_exec(dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) == SQLITE_OK ||
	       (store_fail(error, dest, "backup"), false);
}

bool desk_store_backup(desk_store_t *store, const char *dest_path, GError **error)
{
	g_return_val_if_fail(store != NULL && dest_path != NULL, false);
	g_autofree char *tmp = g_strconcat(dest_path, ".partial", NULL);
	g_unlink(tmp);
	sqlite3 *dest = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (!store_private_file(tmp, error)) /* 0600 before any data is in it */
		return false;
	bool ok = sqlite3_open_v2(tmp, &dest, flags, NULL) == SQLITE_OK;
	if (!ok)
		store_fail(error, dest, tmp);
	ok = ok && copy_into(store, dest, error);
	sqlite3_close_v2(dest);
	if (ok && (g_chmod(tmp, 0600) != 0 || g_rename(tmp, dest_path) != 0)) {
		int err = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "%s: %s", dest_path,
		            g_strerror(err));
		ok = false;
	}
	if (!ok)
		g_unlink(tmp);
	return ok;
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Deletes all but the newest @keep "frontdesk-*.db" snapshots in @dir. */
static void prune_backups(const char *dir, guint keep)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	while (d && (name = g_dir_read_name(d)))
		if (g_str_has_prefix(name, "frontdesk-") && g_str_has_suffix(name, ".db"))
			g_ptr_array_add(names, g_strdup(name));
	g_ptr_array_sort(names, compare_names); /* timestamps sort by time */
	for (guint i = 0; names->len > keep && i < names->len - keep; i++) {
		g_autofree char *path = g_build_filename(dir, names->pdata[i], NULL);
		g_unlink(path);
	}
}

char *desk_store_backup_to_dir(desk_store_t *store, const char *dir, guint keep, GError **error)
{
	g_return_val_if_fail(store != NULL && dir != NULL, NULL);
	if (g_mkdir_with_parents(dir, 0700) != 0) {
		int err = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "%s: %s", dir,
		            g_strerror(err));
		return NULL;
	}
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	g_autofree char *stamp = g_date_time_format(now, "%Y%m%dT%H%M%S");
	g_autofree char *leaf = g_strdup_printf("frontdesk-%s.%03dZ.db", stamp,
	                                        g_date_time_get_microsecond(now) / 1000);
	char *path = g_build_filename(dir, leaf, NULL);
	if (!desk_store_backup(store, path, error)) {
		g_free(path);
		return NULL;
	}
	if (keep > 0)
		prune_backups(dir, keep);
	return path;
}

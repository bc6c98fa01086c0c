/* store-private.h: what the store's source files (store*.c) share; not a public API. */
#pragma once

#include <glib.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "store.h"

struct desk_store {
	sqlite3 *db;
	char *path;
	GHashTable *cache; /* const char *sql (static) -> sqlite3_stmt * */
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC(sqlite3_stmt, sqlite3_finalize)

/* A statement from the store's cache, for hot paths (search). @sql must be
 * a static string: it is the cache key. Released (reset, bindings cleared,
 * never finalized) by store_release(), which g_autoptr(store_cached_t) calls. */
typedef sqlite3_stmt store_cached_t;
store_cached_t *store_cached(desk_store_t *store, const char *sql, GError **error);
void store_release(store_cached_t *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(store_cached_t, store_release)

/* The columns store_attendee_from_row() reads, in order, from table alias "a". */
#define STORE_ATTENDEE_COLUMNS                                                                     \
	"a.id, a.event_id, a.source, a.source_id, a.first_name, a.last_name, a.display_name, "     \
	"a.company, a.title, a.pronouns, a.group_name, a.ticket_type, a.email, a.ticket_code, "    \
	"a.expected, a.status_reason, a.guests, a.consent_share, a.custom, a.checkin_number, "     \
	"a.checked_in_at, a.walkin, a.handed_over_at"

#define STORE_NOW "strftime('%Y-%m-%dT%H:%M:%fZ','now')"

/* Creates @path empty with mode 0600 if missing, else sets its mode (and that of its -wal
 * and -shm files) to 0600: the database holds names and e-mail addresses. */
bool store_private_file(const char *path, GError **error);
/* A text column as a new string (g_free), or NULL for SQL NULL. */
char *store_column_dup(sqlite3_stmt *stmt, int column);

/* Sets @error to "WHAT: sqlite message" (DESK_STORE_ERROR_DB). */
void store_fail(GError **error, sqlite3 *db, const char *what);
/* Prepares @sql; NULL with @error on failure. Finalize with sqlite3_finalize. */
sqlite3_stmt *store_prepare(desk_store_t *store, const char *sql, GError **error);
bool store_exec(desk_store_t *store, const char *sql, GError **error);
/* Steps a statement that returns no rows (SQLITE_DONE expected). */
bool store_step_done(desk_store_t *store, sqlite3_stmt *stmt, GError **error);
void store_bind_text(sqlite3_stmt *stmt, int index, const char *text);

bool store_begin(desk_store_t *store, GError **error); /* BEGIN IMMEDIATE */
bool store_commit(desk_store_t *store, GError **error);
void store_rollback(desk_store_t *store);

/* Reads the STORE_ATTENDEE_COLUMNS of the current row. Returns a new attendee. */
desk_attendee_t *store_attendee_from_row(sqlite3_stmt *stmt);
/* Custom columns as a JSON object with sorted keys; "{}" for NULL/empty. New string. */
char *store_custom_to_json(GHashTable *custom);
GHashTable *store_custom_from_json(const char *json);

/* The search keys written with every attendee (store-search.c). New strings. */
typedef struct {
	char *first, *last, *name, *match, *email, *all;
	GPtrArray *extra; /* char *: every form of the name (table attendee_keys), deduplicated */
} store_keys_t;
void store_keys_compute(const desk_attendee_t *attendee, store_keys_t *keys);
void store_keys_clear(store_keys_t *keys);
/* Recomputes every attendee's search keys (a migration step). */
bool store_rekey(desk_store_t *store, GError **error);
/* Replaces the rows of attendee @id in attendee_keys by @keys->extra. */
bool store_keys_write(desk_store_t *store, gint64 id, gint64 event_id, const store_keys_t *keys,
                      GError **error);

/* Inserts @attendee (its id/event_id ignored) into @event_id inside the
 * caller's transaction. Returns the new id or 0. */
gint64 store_attendee_insert(desk_store_t *store, gint64 event_id, const desk_attendee_t *attendee,
                             GError **error);
/* Overwrites the roster fields of attendee @id (not arrivals, not walkin). */
bool store_attendee_overwrite(desk_store_t *store, gint64 id, const desk_attendee_t *attendee,
                              GError **error);

/* Checks in @attendee_id inside the caller's IMMEDIATE transaction,
 * appending an arrival of @kind ("checkin" or "walkin"). */
bool store_checkin_locked(desk_store_t *store, gint64 attendee_id, const char *kind,
                          const char *station, const desk_job_list_t *jobs, desk_checkin_t *out,
                          GError **error);

/* Inserts a print job inside the caller's transaction. Returns its id or 0. */
gint64 store_job_insert(desk_store_t *store, gint64 event_id, gint64 attendee_id,
                        const desk_job_spec_t *spec, GError **error);

/* store.h: the event database (SQLite, WAL): events, attendees, arrivals, print jobs. */
#pragma once

#include <glib.h>
#include <sqlite3.h>
#include <stdbool.h>

typedef struct desk_store desk_store_t;

typedef struct {
	gint64 id;
	char *slug; /* short stable name, e.g. "demo" */
	char *name; /* "AWS Community Day Nordics" */
	char *date; /* "2026-11-22" */
	char *lang; /* default language tag for names, e.g. "ja", or NULL */
} desk_event_t;

typedef struct {
	gint64 id, event_id;
	char *source;    /* "eventbrite" "luma" "meetup" "connpass" "csv" "walkin" */
	char *source_id; /* the source system's attendee id, or NULL */
	char *first_name, *last_name, *display_name;
	char *company, *title, *pronouns, *group_name, *ticket_type;
	char *email;           /* never sent to the kiosk */
	char *ticket_code;     /* scannable code (order/attendee no., Luma/connpass code or URL) */
	bool expected;         /* false when cancelled, declined or waitlisted */
	char *status_reason;   /* why not expected, or NULL */
	int guests;            /* extra people this RSVP brings */
	bool consent_share;    /* agreed to share contact details with the organizer/sponsors */
	GHashTable *custom;    /* char * -> char *: other roster columns (NULL-able) */
	gint64 checkin_number; /* 0 when not checked in */
	char *checked_in_at;   /* ISO 8601 UTC, or NULL */
	bool walkin;
} desk_attendee_t;

void desk_attendee_free(desk_attendee_t *attendee);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_attendee_t, desk_attendee_free)
void desk_event_free(desk_event_t *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_event_t, desk_event_free)

/* The template fields of an attendee at an event (see template.h): the
 * standard fields, then every custom column. Returns a new table. */
GHashTable *desk_attendee_fields(const desk_attendee_t *attendee, const desk_event_t *event);

/* Opens (creating and migrating as needed) STATE_DIR/frontdesk.db.
 * Returns a new store (desk_store_free) or NULL with @error set. */
desk_store_t *desk_store_open(const char *state_dir, GError **error);
void desk_store_free(desk_store_t *store);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_store_t, desk_store_free)

/* The connection, borrowed until desk_store_free(); for modules that own
 * tables of their own (the print queue). Same-thread use only. */
sqlite3 *desk_store_db(desk_store_t *store);
/* The database file's path, borrowed until desk_store_free(). */
const char *desk_store_path(desk_store_t *store);

/* ---- events ---- */
/* Returns the id of the event with @slug, creating it with @name/@date if absent; 0 on error. */
gint64 desk_store_event_ensure(desk_store_t *store, const char *slug, const char *name,
                               const char *date, GError **error);
desk_event_t *desk_store_event_get(desk_store_t *store, gint64 event_id, GError **error);
/* Every event, latest date first: new array of desk_event_t * (free func set). */
GPtrArray *desk_store_event_list(desk_store_t *store, GError **error);
/* Sets the event's default language tag (NULL or "" clears it). */
bool desk_store_event_set_lang(desk_store_t *store, gint64 event_id, const char *lang,
                               GError **error);
/* The event a command works on: @which is a slug or a numeric id; NULL or ""
 * picks the current event: the one dated today (local time), else the latest
 * one already held, else the next upcoming one (ties: the newest created).
 * Returns its id, or 0 with DESK_STORE_ERROR_NOT_FOUND. */
gint64 desk_store_event_current(desk_store_t *store, const char *which, GError **error);

/* ---- attendees ---- */
desk_attendee_t *desk_store_attendee_get(desk_store_t *store, gint64 attendee_id, GError **error);
/* Adds @attendee (its id, event_id and check-in fields are ignored) to
 * @event_id. Needs a first, last or display name. Returns the new id or 0. */
gint64 desk_store_attendee_add(desk_store_t *store, gint64 event_id,
                               const desk_attendee_t *attendee, GError **error);

/* Finds the attendee of @event_id whose ticket code, source id or email
 * equals @code exactly (also our own badge QR payload). NULL with
 * DESK_STORE_ERROR_NOT_FOUND when none. */
desk_attendee_t *desk_store_find_code(desk_store_t *store, gint64 event_id, const char *code,
                                      GError **error);

/* Door search: case-, accent- and width-insensitive substring match on
 * names (and exact email/ticket code), ranked, at most @limit results.
 * Returns a new array of desk_attendee_t * (free func set). */
GPtrArray *desk_store_search(desk_store_t *store, gint64 event_id, const char *text, guint limit,
                             GError **error);

/* The search key of @text: NFKD, combining marks dropped (kana voicing
 * marks kept), case-folded (ß -> ss), NFKC (so half-width katakana equals
 * full-width), white space collapsed and trimmed. Never NULL; g_free. */
char *desk_store_normalize(const char *text);

#define DESK_STORE_SEARCH_DEFAULT 20  /* @limit 0 */
#define DESK_STORE_SEARCH_MAX     100 /* larger limits are capped to this */
/* Ranking of desk_store_search(): exact email / ticket code / source id;
 * then first names starting with @text; then last names starting with it;
 * then names containing it anywhere (FTS5 trigram index from 3 characters,
 * a bounded scan below). An empty @text finds nobody. */

/* The organizer's list: attendees of @event_id whose fields (names, company,
 * title, email, ticket code/type, group) contain @filter (normalized, NULL or
 * "" = all), sorted by last then first name, @limit (0: 50, capped at 1000)
 * from @offset. *@total (NULL-able) receives the number matching. New array
 * of desk_attendee_t * (free func set), or NULL with @error. */
GPtrArray *desk_store_attendee_list(desk_store_t *store, gint64 event_id, const char *filter,
                                    guint offset, guint limit, guint *total, GError **error);

/* The old badge scanner payload "FD:<event slug>:<attendee id>". A counter
 * can be guessed, so desk_store_find_code() accepts it only for attendees
 * already checked in (their printed badges keep working: "welcome back");
 * nobody can be checked in by counting. New string. */
char *desk_store_badge_code(const desk_attendee_t *attendee, const desk_event_t *event);

/* Edits the fields a kiosk may change; NULL leaves a field as it is. */
bool desk_store_attendee_update_display(desk_store_t *store, gint64 attendee_id,
                                        const char *display_name, const char *pronouns,
                                        const char *company, const char *group_name,
                                        GError **error);

/* ---- arrivals ---- */
typedef struct {
	gint64 number; /* the check-in number at this event ("#42 tonight") */
	bool already;  /* the attendee had already arrived: same number returned */
} desk_checkin_t;

/* Records an arrival, durably committed before it returns true. A second
 * call (double tap, another station) returns the first number with
 * already = true. */
bool desk_store_checkin(desk_store_t *store, gint64 attendee_id, const char *station,
                        desk_checkin_t *out, GError **error);
bool desk_store_undo_checkin(desk_store_t *store, gint64 attendee_id, const char *station,
                             GError **error);

/* Adds a walk-in and checks them in; returns the new attendee's id or 0. */
gint64 desk_store_walkin(desk_store_t *store, gint64 event_id, const char *first_name,
                         const char *last_name, const char *company, const char *pronouns,
                         bool consent_share, const char *station, desk_checkin_t *out,
                         GError **error);

/* Records that the printed badge was handed over (appends a "handover").
 * DESK_STORE_ERROR_INVALID when the attendee is not checked in. */
bool desk_store_handover(desk_store_t *store, gint64 attendee_id, const char *station,
                         GError **error);
/* Logs a reprint of the attendee's badge (appends a "reprint"). */
bool desk_store_log_reprint(desk_store_t *store, gint64 attendee_id, const char *station,
                            GError **error);

/* One row of the arrivals log. kind: "checkin" "undo" "reprint" "walkin" "handover". */
typedef struct {
	gint64 id, attendee_id;
	char *kind;
	gint64 number; /* the check-in number concerned, 0 if none */
	char *station; /* NULL-able */
	char *at;      /* ISO 8601 UTC */
} desk_arrival_t;
void desk_arrival_free(desk_arrival_t *arrival);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_arrival_t, desk_arrival_free)

/* The live feed: arrivals of @event_id with id > @after_id, oldest first, at
 * most @limit (0: 100; capped at 1000). New array of desk_arrival_t * (free
 * func set), or NULL with @error. */
GPtrArray *desk_store_arrivals_since(desk_store_t *store, gint64 event_id, gint64 after_id,
                                     guint limit, GError **error);

/* ---- figures, export, purge, backup (store-stats.c) ---- */
typedef struct {
	char *key;          /* the ticket type or group ("" when none); "" for the total */
	guint registered;   /* expected attendees from the roster (walk-ins not counted) */
	guint expected;     /* people expected: registered + their guests */
	guint arrived;      /* attendees checked in now (walk-ins included) */
	guint walkins;      /* walk-ins (all are checked in unless undone) */
	guint no_shows;     /* registered but not checked in */
	guint not_expected; /* cancelled, declined, waitlisted */
} desk_stats_row_t;

typedef struct {
	desk_stats_row_t total;
	GPtrArray *by_ticket_type; /* desk_stats_row_t *, sorted by key */
	GPtrArray *by_group;       /* desk_stats_row_t *, sorted by key */
} desk_stats_t;
void desk_stats_free(desk_stats_t *stats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_stats_t, desk_stats_free)
/* no_shows / registered, 0 when nobody registered. */
double desk_stats_no_show_rate(const desk_stats_row_t *row);

/* Figures for @event_id, read in one transaction. Still valid after a purge.
 * New stats (desk_stats_free) or NULL with @error. */
desk_stats_t *desk_store_stats(desk_store_t *store, gint64 event_id, GError **error);

/* The arrivals (checked in now) as CSV (RFC 4180, CRLF, header row):
 * number, checked_in_at, ticket_type, group, walkin, shared, then
 * first_name, last_name, company, title, email ONLY for those who agreed
 * to share them (empty otherwise). Cells starting with = + - @ are quoted
 * with a leading '. *@arrived and *@shared (NULL-able) receive the counts.
 * New string, or NULL with @error. */
char *desk_store_export_arrivals(desk_store_t *store, gint64 event_id, guint *arrived,
                                 guint *shared, GError **error);

/* Deletes the personal data of @event_id's attendees (names, company, title,
 * pronouns, email, codes, custom columns, print jobs) and keeps the
 * anonymous rows: ticket type, group, expected, guests, walk-in, check-in
 * numbers and the arrivals log, so stats still work. Freed pages are
 * overwritten and the WAL truncated. Backups are NOT touched. */
bool desk_store_purge_event(desk_store_t *store, gint64 event_id, GError **error);

/* An online snapshot (SQLite backup API) into @dest_path, written beside
 * it first and renamed into place (mode 0600, no -wal file). Safe while
 * other connections write. */
bool desk_store_backup(desk_store_t *store, const char *dest_path, GError **error);
/* As desk_store_backup() into @dir (created 0700) as
 * "frontdesk-YYYYMMDDTHHMMSS.mmmZ.db", then deletes all but the newest
 * @keep such files (0 keeps all). Returns the new file's path (g_free). */
char *desk_store_backup_to_dir(desk_store_t *store, const char *dir, guint keep, GError **error);

typedef enum {
	DESK_STORE_ERROR_NOT_FOUND,
	DESK_STORE_ERROR_INVALID,
	DESK_STORE_ERROR_DB,
} desk_store_error_t;
#define DESK_STORE_ERROR (desk_store_error_quark())
GQuark desk_store_error_quark(void);

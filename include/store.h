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
	char *handed_over_at;  /* ISO 8601 UTC when staff handed the badge over, or NULL */
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

/* Attendees of @event_id with exactly this @name (normalized) in any stored
 * form: as written in either order ("Ada Lovelace", "lovelace ada") or
 * romanized ("yamada taro", "dmitry shostakovich"), also single parts.
 * Expected attendees first, then by id; at most @limit (capped at 100).
 * New array of desk_attendee_t * (free func set), or NULL with @error. */
GPtrArray *desk_store_find_name(desk_store_t *store, gint64 event_id, const char *name, guint limit,
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
/* A print job as stored: what to print, where. Strings borrowed. */
typedef struct {
	const char *kind; /* "badge" "sticker" "test" */
	const char *layout, *printer;
} desk_job_spec_t;

#define DESK_CHECKIN_MAX_JOBS 4

typedef struct {
	gint64 number; /* the check-in number at this event ("#42 tonight") */
	bool already;  /* the attendee had already arrived: same number returned */
	gint64 job_ids[DESK_CHECKIN_MAX_JOBS]; /* the jobs stored with it (0: none) */
} desk_checkin_t;

/* The print jobs a new arrival owes (badge, sticker): stored in the
 * arrival's transaction, so no arrival is ever committed without them. */
typedef struct {
	const desk_job_spec_t *jobs;
	guint n_jobs; /* at most DESK_CHECKIN_MAX_JOBS */
} desk_job_list_t;

/* Records an arrival, durably committed before it returns true. A second
 * call (double tap, another station) returns the first number with
 * already = true. */
bool desk_store_checkin(desk_store_t *store, gint64 attendee_id, const char *station,
                        desk_checkin_t *out, GError **error);
/* As desk_store_checkin(), storing @jobs (NULL-able) with a new arrival in
 * the same transaction; a repeat arrival stores none. */
bool desk_store_checkin_with_jobs(desk_store_t *store, gint64 attendee_id, const char *station,
                                  const desk_job_list_t *jobs, desk_checkin_t *out, GError **error);
bool desk_store_undo_checkin(desk_store_t *store, gint64 attendee_id, const char *station,
                             GError **error);

/* Adds a walk-in and checks them in; returns the new attendee's id or 0. */
gint64 desk_store_walkin(desk_store_t *store, gint64 event_id, const char *first_name,
                         const char *last_name, const char *company, const char *pronouns,
                         bool consent_share, const char *station, desk_checkin_t *out,
                         GError **error);

/* Adds @walkin (its names, company, pronouns, group, consent_share; the
 * rest is set as a walk-in's) and checks them in, storing @jobs (NULL-able)
 * in the same transaction. Returns the new attendee's id or 0. */
gint64 desk_store_walkin_with_jobs(desk_store_t *store, gint64 event_id,
                                   const desk_attendee_t *walkin, const char *station,
                                   const desk_job_list_t *jobs, desk_checkin_t *out,
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
	char *key;                  /* the ticket type or group ("" when none); "" for the total */
	guint registered;           /* expected attendees from the roster (walk-ins not counted) */
	guint expected;             /* people expected: registered + their guests */
	guint arrived;              /* attendees checked in now (walk-ins included) */
	guint walkins;              /* walk-ins (all are checked in unless undone) */
	guint no_shows;             /* registered but not checked in */
	guint not_expected;         /* cancelled, declined, waitlisted */
	guint not_expected_arrived; /* of those, admitted by staff */
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

/* The attendance as CSV (UTF-8 with a byte order mark, so that Excel reads
 * it as UTF-8; RFC 4180, CRLF, header row): the arrivals (checked in now) in
 * check-in order, then the no-shows (expected, never arrived) by name.
 * Columns: status ("arrived" or "no-show"), number, checked_in_at,
 * ticket_type, group, walkin, shared, first_name, last_name (always: the
 * organizer's attendance record), then company, title, email ONLY for those
 * who agreed to share them (empty otherwise). Cells starting with = + - @
 * are quoted with a leading '. *@arrived and *@shared (NULL-able) receive
 * the counts of arrivals and of arrivals who shared. New string, or NULL
 * with @error. */
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

/* ---- print jobs, label rolls, kiosk reprints (store-jobs.c) ---- */
/* One print_jobs row. Strings are owned (desk_job_row_free). */
typedef struct {
	gint64 id, event_id, attendee_id; /* attendee_id 0: none */
	char *kind, *layout, *printer;
	char *state;     /* the print queue's state name ("queued" ... "failed"); "none" */
	int cups_job_id; /* 0: none yet */
	int attempts;
	char *last_error; /* NULL-able */
	char *updated_at; /* ISO 8601 UTC */
	char *name;       /* the attendee's name as listed, or NULL */
} desk_job_row_t;
void desk_job_row_free(desk_job_row_t *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_job_row_t, desk_job_row_free)

/* Stores a job (state "queued") for @attendee_id (0: none) at @event_id.
 * Returns its id, or 0 with @error. */
gint64 desk_store_job_add(desk_store_t *store, gint64 event_id, gint64 attendee_id,
                          const desk_job_spec_t *spec, GError **error);
/* A new row, or NULL with @error (DESK_STORE_ERROR_NOT_FOUND). */
desk_job_row_t *desk_store_job_get(desk_store_t *store, gint64 job_id, GError **error);

/* What desk_store_job_update() writes. */
typedef struct {
	const char *state;      /* required */
	int cups_job_id;        /* < 0 keeps it, 0 clears it */
	int attempts;           /* < 0 keeps them */
	double retry_in;        /* > 0: next_attempt_at = now + this many seconds */
	const char *last_error; /* NULL keeps it */
	const char *printer;    /* NULL keeps it (a move) */
} desk_job_update_t;
bool desk_store_job_update(desk_store_t *store, gint64 job_id, const desk_job_update_t *update,
                           GError **error);
/* Ids (gint64) of every job not completed, cancelled or failed, oldest first.
 * New array, or NULL with @error. */
GArray *desk_store_jobs_unfinished(desk_store_t *store, GError **error);
/* The newest @limit (1..1000) jobs of @event_id, newest first, with names.
 * New array of desk_job_row_t * (free func set), or NULL with @error. */
GPtrArray *desk_store_jobs_list(desk_store_t *store, gint64 event_id, guint limit, GError **error);
/* Attendees checked in now whose newest badge job is not completed, or who
 * have none (state "none", id 0), oldest trouble first, at most @limit: the
 * rows from which the station decides who is owed a badge. New array of
 * desk_job_row_t * (kind "badge"), or NULL with @error. */
GPtrArray *desk_store_badges_unprinted(desk_store_t *store, gint64 event_id, guint limit,
                                       GError **error);

/* A new roll of @capacity labels went into @printer now. */
bool desk_store_roll_set(desk_store_t *store, const char *printer, gint64 capacity, GError **error);
/* Labels left on @printer's roll (capacity minus jobs completed since it was
 * put in; writes *@capacity), or -1 when no roll was recorded. */
gint64 desk_store_roll_left(desk_store_t *store, const char *printer, gint64 *capacity);

/* How many reprints the kiosk gave @attendee_id (G_MAXUINT when unreadable). */
guint desk_store_kiosk_reprints(desk_store_t *store, gint64 attendee_id);
/* Counts one more kiosk reprint. */
bool desk_store_kiosk_reprint_count(desk_store_t *store, gint64 attendee_id, GError **error);

typedef enum {
	DESK_PICK_FIRST,        /* the first attendee of the roster */
	DESK_PICK_LONGEST_NAME, /* the longest name: a stress preview */
} desk_pick_t;
/* One attendee of @event_id as @pick says, or 0 when there is none. */
gint64 desk_store_attendee_pick(desk_store_t *store, gint64 event_id, desk_pick_t pick);

typedef enum {
	DESK_STORE_ERROR_NOT_FOUND,
	DESK_STORE_ERROR_INVALID,
	DESK_STORE_ERROR_DB,
} desk_store_error_t;
#define DESK_STORE_ERROR (desk_store_error_quark())
GQuark desk_store_error_quark(void);

/* roster.h: reading RSVP exports (Meetup, Eventbrite, connpass, Luma, CSV) into attendee rows. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "store.h"

typedef enum {
	DESK_ROSTER_AUTO,
	DESK_ROSTER_CSV,
	DESK_ROSTER_MEETUP,
	DESK_ROSTER_EVENTBRITE,
	DESK_ROSTER_CONNPASS,
	DESK_ROSTER_LUMA,
} desk_roster_format_t;

/* One roster row, ready for the store. */
typedef struct {
	guint line;                /* 1-based line in the file where the row starts */
	desk_attendee_t *attendee; /* owned; id/event_id/checkin fields unset */
} desk_roster_row_t;

typedef struct {
	char *path;
	desk_roster_format_t format; /* as detected or forced */
	char *encoding;              /* "UTF-8", "UTF-16LE", "CP932", ... */
	char delimiter;              /* ',' ';' '\t' */
	GPtrArray *columns;          /* char *: the header as read */
	GPtrArray *mapping;          /* char *: field each column maps to ("" = custom/ignored) */
	GPtrArray *rows;             /* desk_roster_row_t * */
	GPtrArray *skipped;          /* char *: "file:line: reason" for rows left out */
} desk_roster_t;

/* Roster files larger than this are refused before they are read. */
#define DESK_ROSTER_MAX_BYTES (50 * 1024 * 1024)

typedef enum {
	DESK_ROSTER_ERROR_IO,      /* cannot read the file, or it is too big */
	DESK_ROSTER_ERROR_EMPTY,   /* no header, or a header and no rows */
	DESK_ROSTER_ERROR_COLUMNS, /* no name column, or a bad --map */
} desk_roster_error_t;
#define DESK_ROSTER_ERROR (desk_roster_error_quark())
GQuark desk_roster_error_quark(void);

/* Reads and parses a roster file. @overrides maps column -> field
 * (--map COLUMN=FIELD), NULL-able. Returns a new roster (desk_roster_free) or
 * NULL with @error as "file:line: message"; nothing partial is returned. */
desk_roster_t *desk_roster_read(const char *path, desk_roster_format_t format,
                                GHashTable *overrides, GError **error);

/* As desk_roster_read() from bytes already in memory (uploads). */
desk_roster_t *desk_roster_parse(const char *name, GBytes *bytes, desk_roster_format_t format,
                                 GHashTable *overrides, GError **error);

void desk_roster_free(desk_roster_t *roster);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_roster_t, desk_roster_free)

const char *desk_roster_format_name(desk_roster_format_t format);
bool desk_roster_format_parse(const char *name, desk_roster_format_t *out);

/* What an import did (or would do, on a dry run). */
typedef struct {
	guint added, updated, unchanged, skipped;
	GPtrArray *lines; /* char *: "line N: added Jane Doe" ..., in file order */
} desk_import_report_t;

/* Puts every row of @roster in @group (a group's short name), replacing the
 * file's own group column: `frontdesk import --group SHORT`. */
void desk_roster_set_group(desk_roster_t *roster, const char *group);

void desk_import_report_init(desk_import_report_t *report);
void desk_import_report_finish(desk_import_report_t *report);

/* Applies @roster to @event_id in one transaction (store.c): matches by
 * source id, else email, else normalized name + company; updates changed
 * attendees, adds new ones, never touches arrivals. With @dry_run the
 * transaction is rolled back. On error nothing is written. */
bool desk_store_import(desk_store_t *store, gint64 event_id, const desk_roster_t *roster,
                       bool dry_run, desk_import_report_t *report, GError **error);

/* kiosk.h: kiosk sessions: a kiosk is a browser session (a cookie set when the kiosk page
 * loads, or when an organizer's pairing code is typed on a kiosk elsewhere on the LAN), and
 * what it may see and touch is scoped to that session. */
#pragma once

#include <glib.h>
#include <stdbool.h>

typedef struct desk_kiosk desk_kiosk_t;                 /* every session of one server */
typedef struct desk_kiosk_session desk_kiosk_session_t; /* one kiosk browser */

/* Per-session limits: searches per minute (burst as many) and walk-ins per hour (burst a
 * third of them, at least 1). */
typedef struct {
	guint searches_per_minute;
	guint walkins_per_hour;
} desk_kiosk_limits_t;

desk_kiosk_t *desk_kiosk_new(const desk_kiosk_limits_t *limits);
void desk_kiosk_free(desk_kiosk_t *kiosk);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_kiosk_t, desk_kiosk_free)
void desk_kiosk_configure(desk_kiosk_t *kiosk, const desk_kiosk_limits_t *limits);

/* A new session for @station (a configured station's name) opened from @client (an
 * address, for the console's list). Its id (64 hex digits from libsodium) is the cookie
 * value. At most 256 sessions are kept; the one idle longest goes first. Borrowed until
 * desk_kiosk_free() or eviction (only by a later desk_kiosk_open()). */
desk_kiosk_session_t *desk_kiosk_open(desk_kiosk_t *kiosk, const char *station, const char *client,
                                      bool paired);
/* The session with cookie value @id, or NULL (unknown, evicted, or NULL @id). Marks it
 * seen. Borrowed as for desk_kiosk_open(). */
desk_kiosk_session_t *desk_kiosk_find(desk_kiosk_t *kiosk, const char *id);

const char *desk_kiosk_session_id(const desk_kiosk_session_t *s);
const char *desk_kiosk_session_station(const desk_kiosk_session_t *s);
void desk_kiosk_session_set_station(desk_kiosk_session_t *s, const char *station);

/* Attendees this session opened or checked in: it may edit, reprint, preview and follow
 * them for 10 minutes after. */
void desk_kiosk_select(desk_kiosk_session_t *s, gint64 attendee_id);
bool desk_kiosk_selected(const desk_kiosk_session_t *s, gint64 attendee_id);

/* Takes one search (or walk-in) from the session's allowance; false when it is used up,
 * with *@retry_after_s set. A refused search counts as a sweep; *@first_sweep (NULL-able)
 * says whether it is the session's first, so the caller can tell the console once. */
bool desk_kiosk_take_search(desk_kiosk_session_t *s, guint *retry_after_s, bool *first_sweep);
bool desk_kiosk_take_walkin(desk_kiosk_session_t *s, guint *retry_after_s);

/* Calls @fn for every session (console list, live feed fan-out). */
typedef void (*desk_kiosk_fn)(desk_kiosk_session_t *s, gpointer user_data);
void desk_kiosk_foreach(desk_kiosk_t *kiosk, desk_kiosk_fn fn, gpointer user_data);

/* What the console shows of a session. */
typedef struct {
	const char *station, *client;
	bool paired; /* opened with a pairing code (else: on the station itself) */
	guint searches, walkins;
	guint sweeps;        /* searches refused for going too fast */
	gint64 opened, seen; /* real time, µs */
} desk_kiosk_info_t;
void desk_kiosk_session_info(const desk_kiosk_session_t *s, desk_kiosk_info_t *out);
/* A short public name of a session for staff ("k-1a2b3c"): new string. */
char *desk_kiosk_session_label(const desk_kiosk_session_t *s);

/* A new pairing code (8 digits, from libsodium) for a kiosk elsewhere on the LAN, valid
 * for 10 minutes and once; replaces the previous one. New string. */
char *desk_kiosk_pair_code(desk_kiosk_t *kiosk);
/* Whether @code is the live pairing code; a right one is used up, and 5 wrong ones in a
 * row void it too. */
bool desk_kiosk_pair(desk_kiosk_t *kiosk, const char *code);

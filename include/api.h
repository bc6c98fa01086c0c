/* api.h: the JSON API handlers the HTTP server routes to (kiosk endpoints, status, previews). */
#pragma once

#include <libsoup/soup.h>
#include <stdbool.h>

#include "auth.h"
#include "config.h"
#include "kiosk.h"
#include "live.h"
#include "ratelimit.h"
#include "station.h"

/* What the handlers share; owned by the server (server.c). */
typedef struct {
	const desk_config_t *config; /* current config, swapped on reload */
	desk_station_t *station;     /* NULL when the store is missing from this build: 503 */
	desk_live_t *live;
	desk_ratelimit_t *kiosk_limit;
	desk_auth_t *auth;            /* organizer password and sessions */
	desk_kiosk_t *kiosk;          /* kiosk sessions: what each selected, its allowances */
	desk_kiosk_session_t *acting; /* the kiosk whose check-in is being made, for its jobs */
	guint8 token_key[32];         /* per process, from libsodium: kiosk ids end on restart */
} desk_api_t;

/* Opaque attendee ids for one kiosk session: "ID.MAC" with an HMAC over the
 * session and the id, so a kiosk can only name attendees it was shown, and
 * another browser cannot use them. Returns a new string. */
char *desk_api_token(const desk_api_t *api, const desk_kiosk_session_t *kiosk, gint64 attendee_id);
/* Writes *@attendee_id only when @token is one desk_api_token() made for @kiosk. */
bool desk_api_token_parse(const desk_api_t *api, const desk_kiosk_session_t *kiosk,
                          const char *token, gint64 *attendee_id);

/* ---- kiosk sessions (api-kiosk-session.c) ---- */

/* The kiosk session of @msg's cookie, or NULL. Borrowed (kiosk.h). */
desk_kiosk_session_t *desk_api_kiosk_of(desk_api_t *api, SoupServerMessage *msg);
/* As desk_api_kiosk_of(); when there is none, sends 401 kiosk_session and returns NULL. */
desk_kiosk_session_t *desk_api_kiosk_guard(desk_api_t *api, SoupServerMessage *msg);
/* The kiosk page for @station is being served: keeps the browser's session (now at
 * @station), or opens one and sets its cookie when the browser is on this machine
 * (unless [server] pair_loopback); elsewhere the page asks for a pairing code. */
void desk_api_kiosk_page(desk_api_t *api, SoupServerMessage *msg, const char *station);
/* POST /api/kiosk/pair {"code", "station"}: a kiosk types the organizer's code. */
void desk_api_kiosk_pair(desk_api_t *api, SoupServerMessage *msg);
/* Organizer: POST /api/kiosks/pair makes a code; GET /api/kiosks lists the sessions. */
void desk_api_kiosk_pair_code(desk_api_t *api, SoupServerMessage *msg);
void desk_api_kiosk_list(desk_api_t *api, SoupServerMessage *msg);
/* GET /api/events: the organizer feed with a session, a kiosk's own feed with its cookie
 * (?role=kiosk prefers the kiosk when a browser has both), else 401. */
void desk_api_events(desk_api_t *api, SoupServerMessage *msg, GHashTable *query);
/* Tells organizer screens about a kiosk session (a sweep, a walk-in limit). */
void desk_api_kiosk_notice(desk_api_t *api, const desk_kiosk_session_t *kiosk, const char *what);

/* Kiosk endpoints: the server checked the rate limit and the kiosk session. */
void desk_api_search(desk_api_t *api, SoupServerMessage *msg, GHashTable *query);
void desk_api_checkin(desk_api_t *api, SoupServerMessage *msg);
void desk_api_walkin(desk_api_t *api, SoupServerMessage *msg);
void desk_api_reprint(desk_api_t *api, SoupServerMessage *msg);
/* GET or PATCH (display_name, pronouns, company, group) one attendee by kiosk token. */
void desk_api_attendee(desk_api_t *api, SoupServerMessage *msg, const char *token);
void desk_api_badge_png(desk_api_t *api, SoupServerMessage *msg, const char *token,
                        GHashTable *query);
void desk_api_status(desk_api_t *api, SoupServerMessage *msg, GHashTable *query);

/* Organizer sessions (api-auth.c). POST /api/login {"password"} answers
 * {"csrf"} and sets an HttpOnly SameSite=Strict cookie; changing requests
 * must send the token in X-CSRF-Token. Wrong passwords back off per address. */
void desk_api_login(desk_api_t *api, SoupServerMessage *msg);
void desk_api_logout(desk_api_t *api, SoupServerMessage *msg);
void desk_api_session(desk_api_t *api, SoupServerMessage *msg);
/* True when @msg carries a live session (and, unless GET/HEAD, its CSRF
 * token); otherwise sends 401 or 403 and returns false. */
bool desk_api_organizer(desk_api_t *api, SoupServerMessage *msg);

/* Live feed events (api-kiosk.c): a printer's state changed. */
void desk_api_on_printer(const char *printer, bool ok, const char *reason, gpointer user_data);

/* Live feed events (api-kiosk.c): a print job of an attendee changed state. */
void desk_api_on_job(gint64 job_id, gint64 attendee_id, const char *state, bool owed,
                     const char *printer, const char *reason, gpointer user_data);

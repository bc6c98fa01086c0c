/* api.h: the JSON API handlers the HTTP server routes to (kiosk endpoints, status, previews). */
#pragma once

#include <libsoup/soup.h>
#include <stdbool.h>

#include "auth.h"
#include "config.h"
#include "live.h"
#include "ratelimit.h"
#include "station.h"

/* What the handlers share; owned by the server (server.c). */
typedef struct {
	const desk_config_t *config; /* current config, swapped on reload */
	desk_station_t *station;     /* NULL when the store is missing from this build: 503 */
	desk_live_t *live;
	desk_ratelimit_t *kiosk_limit;
	desk_auth_t *auth;    /* organizer password and sessions */
	guint8 token_key[32]; /* per process: kiosk ids stop working on restart */
	GHashTable *selected; /* gint64 * attendee -> gint64 * until (monotonic µs): the
	                         attendees a kiosk opened or checked in, which it may edit */
} desk_api_t;

/* Opaque attendee ids for the kiosk: "ID.MAC" with an HMAC over the id, so
 * a kiosk can only name attendees it was shown. Returns a new string. */
char *desk_api_token(const desk_api_t *api, gint64 attendee_id);
/* Writes *@attendee_id only when @token is one desk_api_token() made. */
bool desk_api_token_parse(const desk_api_t *api, const char *token, gint64 *attendee_id);

/* Kiosk endpoints (rate-limited by the server before they are called). */
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

/* Organizer endpoints (api-organizer.c); the caller checked the session. */
void desk_api_attendee_list(desk_api_t *api, SoupServerMessage *msg, GHashTable *query);

/* Live feed events (api-kiosk.c): a printer's state changed. */
void desk_api_on_printer(const char *printer, bool ok, const char *reason, gpointer user_data);

/* Live feed events (api-kiosk.c): a print job of an attendee changed state. */
void desk_api_on_job(gint64 job_id, gint64 attendee_id, const char *state, bool owed,
                     const char *printer, const char *reason, gpointer user_data);

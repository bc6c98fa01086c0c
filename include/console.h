/* console.h: the organizer console: login, sessions and CSRF, the organizer API and the /console pages. */
#pragma once

#include <libsoup/soup.h>
#include <stdbool.h>

#include "api.h"

typedef struct desk_console desk_console_t;

/* Creates the console over @api (borrowed; must outlive it). Opens the
 * organizer password in @state_dir; on the first start one is generated and
 * printed once on stdout ("frontdesk: organizer password (shown once): ...").
 * Layouts are edited in @layouts_dir; previews use fonts from @fonts_dir.
 * NULL with @error when the password file cannot be read or written. */
desk_console_t *desk_console_new(desk_api_t *api, const char *state_dir, const char *layouts_dir,
                                 const char *fonts_dir, GError **error);
void desk_console_free(desk_console_t *console);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_console_t, desk_console_free)

/* Answers /api/login, /api/logout, /api/session and every organizer
 * endpoint (/api/attendees, /api/stats, /api/layouts, /api/printers,
 * /api/jobs, /api/import, /api/export): 401 JSON without a session, 403
 * JSON when a changing request lacks its X-CSRF-Token. Returns false when
 * @path is none of these (the caller routes it). */
bool desk_console_route_api(desk_console_t *console, SoupServerMessage *msg, const char *path,
                            GHashTable *query);

/* Serves /console, /console/ and /console/layouts. False for other paths. */
bool desk_console_route_page(desk_console_t *console, SoupServerMessage *msg, const char *path);

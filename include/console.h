/* console.h: the organizer console: the organizer API behind a session (api-auth.c) and the
 * /console pages. */
#pragma once

#include <libsoup/soup.h>
#include <stdbool.h>

#include "api.h"

typedef struct desk_console desk_console_t;

/* Creates the console over @api (borrowed; must outlive it). Layouts are
 * edited in @layouts_dir; previews use fonts from @fonts_dir. */
desk_console_t *desk_console_new(desk_api_t *api, const char *layouts_dir, const char *fonts_dir);
void desk_console_free(desk_console_t *console);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_console_t, desk_console_free)

/* Answers the organizer endpoints (/api/attendees, /api/stats,
 * /api/layouts, /api/printers, /api/jobs, /api/import, /api/export) after
 * desk_api_organizer() accepted the session (401 JSON without one, 403
 * when a changing request lacks its X-CSRF-Token). Returns false when @path
 * is none of these (the caller routes it). */
bool desk_console_route_api(desk_console_t *console, SoupServerMessage *msg, const char *path,
                            GHashTable *query);

/* Serves /console, /console/ and /console/layouts. False for other paths. */
bool desk_console_route_page(desk_console_t *console, SoupServerMessage *msg, const char *path);

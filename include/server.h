/* server.h: the station's HTTP server (libsoup-3): routing, static assets, the API and the live
 * feed. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "config.h"

typedef struct desk_server desk_server_t;

/* Opens the station in @state_dir (store, print queue) for @config (taken)
 * and prepares the routes. Layouts and fonts come from @layouts_dir and
 * @fonts_dir. NULL with @error when the store or a layout cannot be used.
 * When the store module is not in this build the server still runs and
 * the API answers 503. */
desk_server_t *desk_server_new(desk_config_t *config, const char *state_dir,
                               const char *layouts_dir, const char *fonts_dir, GError **error);
void desk_server_free(desk_server_t *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_server_t, desk_server_free)

/* Starts listening on @listen ("HOST:PORT"; port 0 picks a free port).
 * Returns the base URL ("http://127.0.0.1:8080/", g_free) or NULL. */
char *desk_server_listen(desk_server_t *server, const char *listen, GError **error);

/* Swaps in @config (taken) when the station accepts it; otherwise keeps the
 * old one, frees @config and returns false with @error saying why. */
bool desk_server_reload(desk_server_t *server, desk_config_t *config, GError **error);

/* Whether the store is open (false when its module is missing from this build). */
bool desk_server_has_store(desk_server_t *server);

/* The organizer password made on first start (STATE_DIR/organizer.pwhash was
 * missing), for the caller to print once; NULL otherwise. Returns a new string. */
char *desk_server_take_generated_password(desk_server_t *server);

/* cli-store.h: what the store's subcommands share: opening the store and choosing the event. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "store.h"

/* Opens the store in desk_cli_state_dir() and picks the event: @event is a
 * slug or id, NULL for the current one (desk_store_event_current()). On
 * failure prints "frontdesk: ..." and returns false; *@store is then NULL. */
bool desk_cli_store_open(const char *event, desk_store_t **store, gint64 *event_id);

/* The name to show for @attendee: display name, else "first last". New string. */
char *desk_cli_attendee_name(const desk_attendee_t *attendee);

/* watch.h: follows the state of CUPS printers from a worker thread, reporting changes on the main
 * loop. */
#pragma once

#include <glib.h>
#include <stdbool.h>

typedef struct desk_watch desk_watch_t;

/* Called on the main loop when a printer's state changes (and once for each
 * printer at the first poll). @reason is "" when @ok. */
typedef void (*desk_watch_cb)(const char *printer, bool ok, const char *reason, gpointer user_data);

/* Polls every @interval_s seconds (IPP, one request per printer, on a worker
 * thread). Free with desk_watch_free(); a poll under way is then ignored. */
desk_watch_t *desk_watch_new(guint interval_s, desk_watch_cb cb, gpointer user_data);
void desk_watch_free(desk_watch_t *watch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_watch_t, desk_watch_free)

/* The CUPS destinations to follow (NULL-terminated; "folder:" printers and
 * empty names are skipped). Polls at once. */
void desk_watch_set_printers(desk_watch_t *watch, const char *const *printers);

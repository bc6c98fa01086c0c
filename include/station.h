/* station.h: the check-in station behind the HTTP API: store, print queue and badge previews, on
 * the main loop. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "config.h"
#include "store.h"

typedef struct desk_station desk_station_t;

/* What a check-in, walk-in or reprint did. */
typedef struct {
	gint64 attendee_id;
	gint64 number;      /* check-in number */
	bool already;       /* had already arrived ("Welcome back") */
	bool printing;      /* false: the badge is owed (printer trouble or no printer) */
	gint64 badge_job;   /* 0 when no job was made */
	gint64 sticker_job; /* 0 when none */
	char *reason;       /* why the badge is owed, or NULL */
	guint reprints_left;
} desk_station_result_t;

void desk_station_result_clear(desk_station_result_t *result);

/* Called on the main loop when a print job changes state. @owed is true
 * while the badge still needs staff (stopped, aborted, failed, cancelled). */
typedef void (*desk_station_job_cb)(gint64 job_id, gint64 attendee_id, const char *state, bool owed,
                                    const char *printer, const char *reason, gpointer user_data);

/* Called on the main loop when a printer's state changes (@reason "" when ok). */
typedef void (*desk_station_printer_cb)(const char *printer, bool ok, const char *reason,
                                        gpointer user_data);

typedef enum {
	DESK_STATION_ERROR_UNAVAILABLE, /* a module is missing from this build */
	DESK_STATION_ERROR_REPRINT,     /* reprint policy says no */
	DESK_STATION_ERROR_INVALID,     /* bad input (unknown group, consent missing, ...) */
} desk_station_error_t;
#define DESK_STATION_ERROR (desk_station_error_quark())
GQuark desk_station_error_quark(void);

/* Opens the store in @state_dir and the print queue. Layout names resolve
 * in @layouts_dir; previews use fonts from @fonts_dir. */
desk_station_t *desk_station_new(const char *state_dir, const char *layouts_dir,
                                 const char *fonts_dir, GError **error);
void desk_station_free(desk_station_t *station);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_station_t, desk_station_free)

/* Checks that @config's event and layouts can be used, then starts using it
 * (borrowed: it must stay alive until the next successful call or
 * desk_station_free). On failure the previous config stays in use. */
bool desk_station_set_config(desk_station_t *station, const desk_config_t *config, GError **error);

void desk_station_set_job_listener(desk_station_t *station, desk_station_job_cb cb,
                                   gpointer user_data);
void desk_station_set_printer_listener(desk_station_t *station, desk_station_printer_cb cb,
                                       gpointer user_data);

gint64 desk_station_event_id(desk_station_t *station);

/* Door search over the current event; array of desk_attendee_t * (unref). */
GPtrArray *desk_station_search(desk_station_t *station, const char *text, guint limit,
                               GError **error);
/* An attendee of the current event by id, or NULL with DESK_STORE_ERROR_NOT_FOUND. */
desk_attendee_t *desk_station_get(desk_station_t *station, gint64 attendee_id, GError **error);
desk_attendee_t *desk_station_find_code(desk_station_t *station, const char *code, GError **error);
bool desk_station_update(desk_station_t *station, gint64 attendee_id, const char *display_name,
                         const char *pronouns, const char *company, const char *group,
                         GError **error);

/* Records the arrival (durably), then queues the badge and, when stickers
 * are on and @group has a sticker layout, the group sticker. Never waits
 * for the printer. A repeat arrival queues nothing (out->already). */
bool desk_station_checkin(desk_station_t *station, gint64 attendee_id, const char *station_name,
                          desk_station_result_t *out, GError **error);
gint64 desk_station_walkin(desk_station_t *station, const char *first_name, const char *last_name,
                           const char *company, const char *pronouns, bool consent,
                           const char *station_name, desk_station_result_t *out, GError **error);
/* Prints the badge again when the reprint policy allows (counted in the store). */
bool desk_station_reprint(desk_station_t *station, gint64 attendee_id, const char *station_name,
                          desk_station_result_t *out, GError **error);

/* The attendee's badge as the kiosk previews it: PNG at @dpi (lowered for huge pages,
 * desk_render_preview_dpi()), drawn by the same path as printing but without the e-mail
 * address or the roster's own columns, so a QR code shows no contact data. */
GBytes *desk_station_badge_png(desk_station_t *station, gint64 attendee_id,
                               const char *station_name, double dpi, GError **error);

/* The printer a station prints badges on ("" = the CUPS default), and
 * whether it is in trouble (*@reason borrowed until the next state change). */
const char *desk_station_badge_printer(desk_station_t *station, const char *station_name);
bool desk_station_printer_ok(desk_station_t *station, const char *printer, const char **reason);

/* An online backup into STATE_DIR/backups, keeping the newest 48.
 * Returns the new file's path (g_free) or NULL with @error. */
char *desk_station_backup(desk_station_t *station, GError **error);

/* For the organizer console (console.c): the store and the print queue,
 * borrowed until desk_station_free(); the queue is NULL when it is missing
 * from this build. */
desk_store_t *desk_station_store(desk_station_t *station);
struct desk_printq *desk_station_printq(desk_station_t *station);

/* Whether the print queue is in this build (false: every badge is owed). */
bool desk_station_can_print(desk_station_t *station);

/* The organizer's list (desk_store_attendee_list over the current event). */
GPtrArray *desk_station_list(desk_station_t *station, const char *filter, guint offset, guint limit,
                             guint *total, GError **error);

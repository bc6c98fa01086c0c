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
	DESK_STATION_ERROR_UNAVAILABLE,  /* a module is missing from this build */
	DESK_STATION_ERROR_REPRINT,      /* reprint policy says no */
	DESK_STATION_ERROR_INVALID,      /* bad input (unknown group, consent missing, ...) */
	DESK_STATION_ERROR_NOT_EXPECTED, /* cancelled, declined, waitlisted, refunded: see staff */
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

/* ---- names ---- */
/* How a badge writes a person's name, the one rule for every badge, sticker,
 * preview and kiosk list. @first/@last are the given and family name,
 * @display the stored display name (the roster's own, or the kiosk's "Name
 * on badge" edit), @lang the attendee's or the event's language tag, @order
 * the roster's name-order column ("family first", "eastern", "姓名"...); any
 * may be NULL. Sets *@full to the full name and *@call to the name the
 * person is called by (the big line of a badge):
 *   - a display name other than first and last in some order wins, and
 *     *@call comes from it (its given-name word);
 *   - family name first for ja, zh, ko, hu (by @lang or @order) and for
 *     names written in CJK scripts: no space between Han/kana or Hangul
 *     names (山田太郎, 王伟, 김민준: each language writes them so), a space for
 *     Latin script (Yamada Taro, Kovács János);
 *   - call name: the family name for Japanese (山田), the full name for
 *     Chinese and Korean (王伟, 김민준), the given name otherwise; for
 *     Vietnamese (vi, or a Vietnamese family name with Vietnamese letters)
 *     the last word of the full name (Nguyễn Thị Minh Khai -> Khai).
 * Never fails; both strings are new (g_free), "" when there is no name. */
void desk_station_names(const char *first, const char *last, const char *display, const char *lang,
                        const char *order, char **full, char **call);
/* desk_station_names() over template fields (desk_attendee_fields): reads
 * first_name, last_name, display_name, event_lang and the roster columns
 * lang/language and name_order/name order; sets display_name and
 * call_name (a call_name already set, as by "render --field", is kept). */
void desk_station_name_fields(GHashTable *fields);
/* desk_station_names() for @a, with its roster's lang/name_order columns
 * (custom), else @event_lang (NULL-able). */
void desk_station_attendee_names(const desk_attendee_t *attendee, const char *event_lang,
                                 char **full, char **call);
/* The full name of @a as the kiosk lists it (desk_station_names with the
 * event's language). New string. */
char *desk_station_display_name(desk_station_t *station, const desk_attendee_t *a);

/* For a walk-in about to be added: the expected attendee of the current
 * event they most likely are, so the kiosk can offer that record instead
 * of a duplicate: the same e-mail (case-insensitive), else the same first
 * and last name (either order, or as typed on a Latin keyboard: "Yamada
 * Taro" for 山田 太郎) when exactly one expected attendee has it. @email
 * and @last may be NULL or "". Returns the attendee and sets *@reason
 * (static: "email" or "name"), or NULL with no error when there is none,
 * or NULL with @error. */
desk_attendee_t *desk_station_walkin_match(desk_station_t *station, const char *first,
                                           const char *last, const char *email, const char **reason,
                                           GError **error);

/* Door search over the current event; array of desk_attendee_t * (unref). */
GPtrArray *desk_station_search(desk_station_t *station, const char *text, guint limit,
                               GError **error);
/* An attendee of the current event by id, or NULL with DESK_STORE_ERROR_NOT_FOUND. */
desk_attendee_t *desk_station_get(desk_station_t *station, gint64 attendee_id, GError **error);
/* The attendee a scanned @code names: a ticket code or registration number
 * (any case), an e-mail, frontdesk's own "FD:" code, or the MECARD contact QR
 * a shipped badge carries (by its e-mail, else by its one exact name). A new
 * attendee (desk_attendee_free), or NULL with DESK_STORE_ERROR_NOT_FOUND. */
desk_attendee_t *desk_station_find_code(desk_station_t *station, const char *code, GError **error);
bool desk_station_update(desk_station_t *station, gint64 attendee_id, const char *display_name,
                         const char *pronouns, const char *company, const char *group,
                         GError **error);

/* Records the arrival (durably), then queues the badge and, when stickers
 * are on and @group has a sticker layout, the group sticker. Never waits
 * for the printer. A repeat arrival queues nothing (out->already).
 * Attendees the roster does not expect (cancelled, declined, waitlisted,
 * refunded) fail with DESK_STATION_ERROR_NOT_EXPECTED: staff admit them. */
bool desk_station_checkin(desk_station_t *station, gint64 attendee_id, const char *station_name,
                          desk_station_result_t *out, GError **error);
/* Whether @a may check in at a kiosk (the policy desk_station_checkin()
 * applies); false with DESK_STATION_ERROR_NOT_EXPECTED (@error NULL-able). */
bool desk_station_may_check_in(const desk_attendee_t *a, GError **error);
/* As desk_station_checkin() for staff (the console): admits anyone. */
bool desk_station_admit(desk_station_t *station, gint64 attendee_id, const char *station_name,
                        desk_station_result_t *out, GError **error);
/* A walk-in in @group (a configured short name; NULL or "": the default group). */
gint64 desk_station_walkin(desk_station_t *station, const char *first_name, const char *last_name,
                           const char *company, const char *pronouns, const char *group,
                           bool consent, const char *station_name, desk_station_result_t *out,
                           GError **error);
/* Prints the badge again when the reprint policy allows (counted in the store). */
bool desk_station_reprint(desk_station_t *station, gint64 attendee_id, const char *station_name,
                          desk_station_result_t *out, GError **error);

/* Queues the attendee's @kind ("badge" or "sticker") as the station's
 * policy chooses it (the group's sticker layout first), for a reprint by
 * staff. @station_name NULL: the default station. Returns the job id or 0. */
gint64 desk_station_print_kind(desk_station_t *station, gint64 attendee_id, const char *kind,
                               const char *station_name, GError **error);
/* One label of @layout (NULL: the default station's badge layout) on
 * @printer for @attendee_id (0: the roster's first attendee), as a job of
 * kind "test". Returns the job id or 0 with @error. */
gint64 desk_station_test_print(desk_station_t *station, const char *printer, const char *layout,
                               gint64 attendee_id, GError **error);
/* Attendees owed a badge now, at most @limit (ids, oldest trouble first):
 * checked in, and their badge did not print and will not without staff or a
 * printer coming back (no job; stopped, aborted, failed or cancelled; or
 * waiting on a printer in trouble). New array, or NULL with @error. */
GArray *desk_station_owed(desk_station_t *station, guint limit, GError **error);

/* The attendee's badge as the kiosk previews it: PNG at @dpi (lowered for huge pages,
 * desk_render_preview_dpi()), drawn by the same path as printing but without the e-mail
 * address or the roster's own columns, so a QR code shows no contact data. */
GBytes *desk_station_badge_png(desk_station_t *station, gint64 attendee_id,
                               const char *station_name, double dpi, GError **error);
/* As desk_station_badge_png() with @edits (display_name, pronouns, company,
 * group -> text; NULL-able, borrowed) laid over the stored fields, without
 * saving them: the kiosk's preview before Print. */
GBytes *desk_station_preview_png(desk_station_t *station, gint64 attendee_id,
                                 const char *station_name, GHashTable *edits, double dpi,
                                 GError **error);

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

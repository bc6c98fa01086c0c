/* printer.h: CUPS destinations as frontdesk sees them: state, media, resolution, and media
 * matching. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdbool.h>

#include "layout.h"

/* One media size a printer offers. Lengths in hundredths of mm, as CUPS gives them. */
typedef struct {
	char *name;        /* CUPS/PWG media name, e.g. "custom_58.76x101.6mm_58.76x101.6mm" */
	int width, length; /* the sheet or label as it feeds (portrait at the head) */
	int left, right, top, bottom; /* unprintable margins */
} desk_media_t;

typedef struct {
	char *name;       /* CUPS destination name */
	char *make_model; /* printer-make-and-model, or "" */
	char *info, *location;
	bool is_default;
	bool accepting;         /* printer-is-accepting-jobs */
	int state;              /* IPP printer-state: 3 idle, 4 processing, 5 stopped */
	char *state_message;    /* printer-state-message, or "" */
	GPtrArray *reasons;     /* char *: printer-state-reasons without "none" */
	GPtrArray *media;       /* desk_media_t *: what the driver offers */
	char *media_default;    /* name, or NULL */
	int dpi_x, dpi_y;       /* printer-resolution-default (300 when CUPS says nothing) */
	GPtrArray *resolutions; /* char *: printer-resolution-supported, "300x600" */
	bool label;             /* label printer: jobs are 1-bit CUPS raster; else PDF */
	int head_dots;          /* the widest raster line its driver prints, in dots at dpi_x
	                         * (DYMO LabelWriter: 672, 4XL: 1248); 0: no limit */
	bool native_raster;     /* its PPD filters application/vnd.cups-raster itself (DYMO);
	                         * else CUPS converts raster through PDF (Brother QL ptouch) */
	/* The custom size range from media-supported (custom_min_/custom_max_), in
	 * hundredths of mm; all 0 when the printer takes no custom sizes. */
	int custom_min_width, custom_min_length, custom_max_width, custom_max_length;
} desk_printer_t;

void desk_printer_free(desk_printer_t *printer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_printer_t, desk_printer_free)

typedef enum {
	DESK_PRINTER_ERROR_UNKNOWN, /* no such destination */
	DESK_PRINTER_ERROR_MEDIA,   /* the layout does not fit the printer's media */
	DESK_PRINTER_ERROR_CUPS,    /* CUPS said no or cannot be reached */
} desk_printer_error_t;
#define DESK_PRINTER_ERROR (desk_printer_error_quark())
GQuark desk_printer_error_quark(void);

/* Every CUPS destination (the server is cupsServer(): $CUPS_SERVER, client.conf,
 * or the local socket), with state, media and resolution read over IPP.
 * Returns a new array of desk_printer_t * (free func set; g_ptr_array_unref),
 * empty when there are none, or NULL with @error when CUPS cannot be asked.
 * Blocking: call from a worker thread or the CLI. */
GPtrArray *desk_printer_list(GError **error);

/* One destination by name. Returns a new printer or NULL with @error
 * (DESK_PRINTER_ERROR_UNKNOWN when CUPS has no such destination). Blocking. */
desk_printer_t *desk_printer_get(const char *name, GError **error);

/* Only the state of @name (cheap: one IPP request). Writes @state,
 * @accepting and, when @reasons is not NULL, a new space-separated string of
 * reasons ("" for none; g_free) only on success. Blocking. */
bool desk_printer_status(const char *name, int *state, bool *accepting, char **reasons,
                         GError **error);

/* Drops the calling thread's connection to the scheduler, so the next call
 * connects anew. libcups keeps a dead connection after cupsd has died and
 * every later request on it fails ("Bad file descriptor"). */
void desk_printer_reconnect(void);

/* True when the printer can take work now: not stopped and accepting. */
bool desk_printer_ready(const desk_printer_t *printer);

/* The printer's media that @layout fits: by name (the layout's page.media
 * equal to a CUPS name, or a PPD/PWG name such as "w167h288" resolved to its
 * size), else by page size within 1.5 mm in either orientation, else, when
 * page.media names a "custom_" size and the printer takes custom sizes, as a
 * custom length on a roll it lists: the width equals a listed media's width
 * within 1.5 mm (not a round or square label) and the length lies in the
 * custom range (media-supported custom_min_/custom_max_), e.g. a 62 mm
 * square cut from 62 mm continuous tape ("custom_62.09x62mm_62.09x62mm",
 * with the roll's margins).
 * Such a custom media is appended to @printer->media, so, like the others,
 * it is borrowed from @printer until desk_printer_free() (do not match on
 * one printer from two threads at once). Returns NULL with
 * DESK_PRINTER_ERROR_MEDIA and a message naming the layout, the printer and
 * the media it has when nothing fits. */
const desk_media_t *desk_printer_match_media(const desk_printer_t *printer,
                                             const desk_layout_t *layout, GError **error);

/* A new JSON object describing @printer (for `printers --json` and the API). */
JsonNode *desk_printer_to_json(const desk_printer_t *printer);

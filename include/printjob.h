/* printjob.h: one job to CUPS: a 1-bit CUPS raster (label printers) or a PDF (sheets), and its IPP
 * job state. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "printer.h"
#include "render.h"

/* IPP job-state values (RFC 8011). Final for CUPS: CANCELED, ABORTED,
 * COMPLETED. STOPPED (processing-stopped: a filter failed or the printer
 * stopped) is not final for frontdesk: it is retried. */
enum {
	DESK_IPP_JOB_PENDING = 3,
	DESK_IPP_JOB_HELD = 4,
	DESK_IPP_JOB_PROCESSING = 5,
	DESK_IPP_JOB_STOPPED = 6,
	DESK_IPP_JOB_CANCELED = 7,
	DESK_IPP_JOB_ABORTED = 8,
	DESK_IPP_JOB_COMPLETED = 9,
};

/* What to send and how. Every pointer is borrowed for the call. */
typedef struct {
	const char *printer;       /* CUPS destination name */
	const desk_media_t *media; /* from desk_printer_match_media() */
	const char *title;         /* job name: "frontdesk-badge-42-job-7"; never a person's name;
	                            * sent as desk_printjob_cups_name(title) */
	int copies;                /* >= 1 */
	bool sgray;                /* raster as 1-bit sGray (1 = white) instead of K (1 = ink):
	                            * for queues without native_raster, whose raster->PDF
	                            * conversion reads 1-bit as gray */
	bool landscape;      /* the page was laid out landscape (PDF: orientation-requested) */
	GHashTable *options; /* char * -> char *: extra CUPS job options, or NULL */
} desk_printjob_params_t;

/* The option set for @printer: defaults by driver (DYMO: DymoHalftoning=Default,
 * DymoPrintQuality=Graphics; Brother QL: CutLabel=1, AutoCut=True), then the
 * [printer-name] group of the key file @conf_path (NULL or missing: none).
 * Returns a new table (g_hash_table_unref). */
GHashTable *desk_printjob_options(const desk_printer_t *printer, const char *conf_path);

/* Turns a page bitmap into the raster the head receives: when the page is
 * landscape and the media portrait (as every label feeds), it is turned 90°
 * anti-clockwise, the convention of docs/layouts.md and of IPP landscape:
 * the design's right edge leads (the label's top, raster row 0) and the
 * design's top lies along the label's left edge. Then it is
 * placed on exactly the media's size in dots (cropped or padded with white),
 * at most @head_dots wide (the printer's head_dots; 0: no limit) so the
 * driver takes every line as it is. Returns a new bitmap. */
desk_bitmap_t *desk_printjob_fit_bitmap(const desk_bitmap_t *page, const desk_media_t *media,
                                        int head_dots);

/* Sends @bitmap (already fitted: see desk_printjob_fit_bitmap) as
 * application/vnd.cups-raster. Returns the CUPS job id (> 0), or 0 with
 * @error (DESK_PRINTER_ERROR_CUPS, CUPS's message). Blocking; call on the
 * thread that will read the CUPS error. */
int desk_printjob_send_raster(const desk_printjob_params_t *params, const desk_bitmap_t *bitmap,
                              GError **error);

/* Sends the PDF file at @pdf_path with print-scaling=none. As above. */
int desk_printjob_send_pdf(const desk_printjob_params_t *params, const char *pdf_path,
                           GError **error);

/* Reads a job's IPP job-state (DESK_IPP_JOB_*) and, when @reasons is not
 * NULL, a new space-separated job-state-reasons string (g_free). Writes
 * the outputs only on success. Blocking. */
bool desk_printjob_state(const char *printer, int job_id, int *state, char **reasons,
                         GError **error);

/* Polls the job every 5 ms (one local IPP request each) until it is final or stopped, or
 * @timeout_ms passes (then it returns true with the last state seen). Blocking. */
bool desk_printjob_wait(const char *printer, int job_id, int timeout_ms, int *state,
                        GError **error);

/* The job and document name CUPS is sent for @text (NULL-able): a token of
 * ASCII letters, digits, '.', '_' and '-' (every other run becomes one '-'),
 * never empty, at most 200 bytes. Debian's cupsd crashes on whitespace in a
 * document-name. Returns a new string (g_free). */
char *desk_printjob_cups_name(const char *text);

/* Looks for the newest job on @printer (any state) whose name, as a token
 * (desk_printjob_cups_name), is @title's token: jobs named before names
 * were tokens ("frontdesk badge #3 (job 4)") are found too.
 * Returns its id (> 0) and writes @state, 0 when there is none, or -1 with
 * @error when CUPS cannot be asked. Blocking. */
int desk_printjob_find(const char *printer, const char *title, int *state, GError **error);

/* Whether CUPS job @job_id on @printer is the job named @title (as tokens):
 * returns @job_id and writes @state when it is, 0 when it is not or CUPS has
 * no such job, -1 when CUPS cannot be asked. Right after a job completes,
 * Get-Jobs may leave it out of its list; asking for the job itself does not.
 * Blocking. */
int desk_printjob_identify(const char *printer, int job_id, const char *title, int *state);

/* Cancels a job in CUPS. Blocking. */
bool desk_printjob_cancel(const char *printer, int job_id, GError **error);

/* True for job states CUPS will not change any more. */
bool desk_printjob_state_final(int state);

/* The whole way from layout to CUPS: matches @layout to @printer's media
 * (error before anything is sent), renders with @renderer at the printer's
 * resolution (label printers: a 1-bit raster fitted with
 * desk_printjob_fit_bitmap; sheets: a vector PDF) and sends it with the
 * printer's option set (desk_printjob_options with @conf_path) plus
 * @extra_options (NULL-able). Returns the CUPS job id or 0 with @error.
 * Blocking; @renderer belongs to the calling thread. */
int desk_printjob_print(desk_renderer_t *renderer, const desk_layout_t *layout, GHashTable *fields,
                        const desk_printer_t *printer, const char *title, int copies,
                        const char *conf_path, GHashTable *extra_options, GError **error);

/* The "folder:DIR" pseudo printer: writes the page as a 300 dpi PNG to
 * DIR/@basename.png (via a temporary file, so a reader never sees half a
 * PNG). Returns false with @error. */
bool desk_printjob_to_folder(desk_renderer_t *renderer, const desk_layout_t *layout,
                             GHashTable *fields, const char *dir, const char *basename,
                             GError **error);

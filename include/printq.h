/* printq.h: the durable print queue: store first, then submit to CUPS on a worker, follow to a
 * final state. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "render.h"
#include "store.h"

/* Job states as stored in print_jobs.state. Final: completed, cancelled,
 * failed (gave up or needs staff). "owed" below means not completed. */
typedef enum {
	DESK_JOB_QUEUED,  /* stored, not yet accepted by CUPS */
	DESK_JOB_PENDING, /* CUPS has it, waiting */
	DESK_JOB_PROCESSING,
	DESK_JOB_STOPPED, /* printer stopped/paused/out of labels: retried */
	DESK_JOB_ABORTED, /* CUPS aborted it: retried with backoff */
	DESK_JOB_COMPLETED,
	DESK_JOB_CANCELLED,
	DESK_JOB_FAILED,
} desk_job_state_t;

const char *desk_job_state_name(desk_job_state_t state);

typedef struct desk_printq desk_printq_t;

/* Called on the main loop whenever a job changes state. */
typedef void (*desk_printq_listener_t)(gint64 job_id, gint64 attendee_id, desk_job_state_t state,
                                       const char *reason, gpointer user_data);

/* Creates the queue over @store (borrowed; must outlive the queue), starts
 * its worker thread, and, on the main loop's first turn, resumes every job
 * the store holds that is not final (a failure there is logged). Layout paths are relative to
 * @layouts_dir. Printer names are CUPS destinations, or "folder:DIR" for a pseudo printer that
 * writes PNGs into DIR (the demo station without a printer). Fonts are read from the "fonts" folder
 * beside @layouts_dir when there is one.
 *
 * Threads: call everything on the thread whose thread-default main context
 * was current at desk_printq_new(); that loop writes print_jobs through
 * the store's connection (the worker never touches SQLite). The worker does
 * the rendering and all CUPS calls. Retry (also of a failed job), cancel
 * and move act at once in the store; the CUPS side follows on the worker. */
desk_printq_t *desk_printq_new(desk_store_t *store, const char *layouts_dir, GError **error);
void desk_printq_free(desk_printq_t *queue);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_printq_t, desk_printq_free)

void desk_printq_set_listener(desk_printq_t *queue, desk_printq_listener_t listener,
                              gpointer user_data);

/* Completes a job's fields before rendering: may add or replace entries of
 * @fields (char * -> char *, both owned by the table: insert g_strdup'ed). */
typedef void (*desk_printq_fields_hook_t)(GHashTable *fields, gpointer user_data);

/* Sets the hook called on the main loop each time a job's fields are built
 * from the store (submit, retry, move, backoff), just before they go to the
 * worker. Jobs left unfinished by an earlier run are resumed on the main
 * loop's first turn after desk_printq_new(), so a hook set before the loop
 * runs applies to them too. NULL removes the hook. */
void desk_printq_set_fields_hook(desk_printq_t *queue, desk_printq_fields_hook_t hook,
                                 gpointer user_data);

/* Stores a job (durably) for @attendee_id's @kind ("badge" or "sticker")
 * with @layout on @printer and hands it to the worker. Never waits for the
 * printer. Returns the job id, or 0 with @error set (unknown layout, ...). */
gint64 desk_printq_submit(desk_printq_t *queue, gint64 attendee_id, const char *kind,
                          const char *layout, const char *printer, GError **error);

/* Staff actions. Each returns false with @error when the job is unknown or final. */
/* Queues a job the store already holds (stored with its check-in, see
 * desk_checkin_t). Returns false with @error when there is no such job. */
bool desk_printq_enqueue(desk_printq_t *queue, gint64 job_id, GError **error);

/* @printer is back (printing and accepting): every job waiting out its
 * trouble is tried now instead of at its next retry. */
void desk_printq_kick(desk_printq_t *queue, const char *printer);

bool desk_printq_retry(desk_printq_t *queue, gint64 job_id, GError **error);
bool desk_printq_cancel(desk_printq_t *queue, gint64 job_id, GError **error);
bool desk_printq_move(desk_printq_t *queue, gint64 job_id, const char *printer, GError **error);

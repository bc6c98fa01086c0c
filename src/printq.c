/* printq.c: the durable print queue: store first, then a worker thread renders and submits to CUPS
 * and follows each job. */
#include <string.h>

#include "printer.h"
#include "printjob.h"
#include "printq.h"
#include "template.h"

/* Threads: the main loop (the GMainContext that was thread-default when the
 * queue was created) owns the SQLite connection and every row of
 * print_jobs. The worker owns a renderer, the layout cache and every CUPS
 * call; it gets requests on an async queue and posts outcomes back with
 * an idle source attached to that context. (Not g_main_context_invoke(): once the
 * loop has stopped, invoke runs the callback on the worker itself, which would then
 * write SQLite and publish to listeners that may be gone.) */

#define POLL_US      250000 /* follow active jobs this often */
#define MAX_ATTEMPTS 8      /* then the job fails and needs staff */

typedef enum { REQ_SUBMIT, REQ_CANCEL, REQ_QUIT } req_kind_t;

typedef struct {
	req_kind_t kind;
	gint64 job_id, attendee_id;
	char *layout_path, *printer, *title, *basename;
	GHashTable *fields;
	int cups_job_id;  /* resuming: the job CUPS may already have */
	guint generation; /* staff actions bump a job's generation: older requests are dropped */
	bool resuming;    /* found unfinished at start: CUPS may have it already */
} request_t;

typedef struct {
	desk_printq_t *queue;
	gint64 job_id;
	desk_job_state_t state;
	int cups_job_id;
	char *reason;
} outcome_t;

typedef struct {
	gint64 job_id;
	char *printer, *title;
	int cups_job_id;
	int last_state;
	gint64 state_since; /* monotonic time of the last state change */
	bool lost;          /* the scheduler stopped answering while we followed the job */
	bool lost_at_head;  /* ...while this job was the one it was printing */
} follow_t;

/* The scheduler lost this many times while printing one job: the job is held
 * as failed, so a document that kills cupsd cannot crash-loop the print
 * server (cupsd restarts, reloads the job, dies again). */
#define MAX_SCHEDULER_LOSSES 2

struct desk_printq {
	desk_store_t *store;
	char *layouts_dir;
	GMainContext *context;
	GAsyncQueue *requests;
	GThread *worker;
	GHashTable *timers;      /* job id -> retry source id */
	GHashTable *troubles;    /* job id -> consecutive trouble outcomes */
	GMutex lock;             /* guards generations, shared with the worker */
	GHashTable *generations; /* job id -> guint */
	desk_printq_listener_t listener;
	gpointer listener_data;
	desk_printq_fields_hook_t fields_hook;
	gpointer fields_data;
	GSource *resume;    /* pending resume of the stored jobs, or NULL once run */
	GArray *resume_ids; /* gint64: the jobs unfinished when the queue was made */
};

static const char *const state_names[] = {
    "queued", "pending", "processing", "stopped", "aborted", "completed", "cancelled", "failed",
};

const char *desk_job_state_name(desk_job_state_t state)
{
	return state <= DESK_JOB_FAILED ? state_names[state] : "unknown";
}

static bool state_final(desk_job_state_t s)
{
	return s == DESK_JOB_COMPLETED || s == DESK_JOB_CANCELLED || s == DESK_JOB_FAILED;
}

static void request_free(request_t *r)
{
	if (!r)
		return;
	g_free(r->layout_path);
	g_free(r->printer);
	g_free(r->title);
	g_free(r->basename);
	g_clear_pointer(&r->fields, g_hash_table_unref);
	g_free(r);
}

static void follow_free(gpointer data)
{
	follow_t *f = data;
	g_free(f->printer);
	g_free(f->title);
	g_free(f);
}

/* ---- worker thread ------------------------------------------------------------ */

typedef struct {
	desk_printq_t *queue;
	desk_renderer_t *renderer;
	desk_layout_cache_t *layouts;
	GPtrArray *follows; /* follow_t * */
	GHashTable *losses; /* job id -> times the scheduler died printing it */
} worker_t;

static gboolean on_outcome(gpointer data);

static void post(desk_printq_t *queue, gint64 job_id, desk_job_state_t state, int cups_job_id,
                 const char *reason)
{
	outcome_t *o = g_new0(outcome_t, 1);
	*o = (outcome_t){queue, job_id, state, cups_job_id, g_strdup(reason)};
	GSource *source = g_idle_source_new();
	g_source_set_priority(source, G_PRIORITY_DEFAULT);
	g_source_set_callback(source, on_outcome, o, NULL);
	g_source_attach(source, queue->context);
	g_source_unref(source);
}

static desk_job_state_t map_ipp(int ipp)
{
	switch (ipp) {
	case DESK_IPP_JOB_PROCESSING:
		return DESK_JOB_PROCESSING;
	case DESK_IPP_JOB_STOPPED:
		return DESK_JOB_STOPPED;
	case DESK_IPP_JOB_CANCELED:
		return DESK_JOB_CANCELLED;
	case DESK_IPP_JOB_ABORTED:
		return DESK_JOB_ABORTED;
	case DESK_IPP_JOB_COMPLETED:
		return DESK_JOB_COMPLETED;
	default:
		return DESK_JOB_PENDING;
	}
}

static void follow_add(worker_t *w, const request_t *r, int cups_job_id)
{
	for (guint i = 0; i < w->follows->len; i++) /* one follow per job */
		if (((follow_t *)w->follows->pdata[i])->job_id == r->job_id)
			g_ptr_array_remove_index(w->follows, i--);
	follow_t *f = g_new0(follow_t, 1);
	*f = (follow_t){r->job_id,
	                g_strdup(r->printer),
	                g_strdup(r->title),
	                cups_job_id,
	                DESK_IPP_JOB_PENDING,
	                g_get_monotonic_time(),
	                false,
	                false};
	g_ptr_array_add(w->follows, f);
}

/* The CUPS job that is frontdesk's job @title: the id we stored when it still
 * names that job (a just-completed job can be missing from Get-Jobs), else a
 * search by name (a restarted scheduler may have renumbered). Returns the id,
 * 0 when CUPS has no such job, or -1 with @error when it cannot be asked. */
static int locate(const char *printer, const char *title, int known_id, int *state, GError **error)
{
	int id = desk_printjob_identify(printer, known_id, title, state);
	if (id == 0)
		return desk_printjob_find(printer, title, state, error);
	if (id < 0)
		g_set_error(error, DESK_PRINTER_ERROR, DESK_PRINTER_ERROR_CUPS,
		            "printer %s: cannot ask for job %d", printer, known_id);
	return id;
}

/* A job CUPS may already have (a retry, or found unfinished at start: we may
 * have died before or after storing its CUPS id). It is looked up by its
 * unique name, never by the stored id: a scheduler that lost its spool
 * numbers jobs from 1 again. Followed when found, resubmitted when CUPS
 * lost or aborted it. Returns true when @r is dealt with. */
static bool resume_known(worker_t *w, request_t *r)
{
	int state = 0;
	if (!r->resuming || g_str_has_prefix(r->printer, "folder:"))
		return false;
	g_autoptr(GError) error = NULL;
	int id = locate(r->printer, r->title, r->cups_job_id, &state, &error);
	if (id < 0) { /* cannot tell whether CUPS has it: never send it blind */
		desk_printer_reconnect();
		post(w->queue, r->job_id, DESK_JOB_STOPPED, 0, error->message);
		return true;
	}
	r->cups_job_id = id;
	if (id == 0 || state == DESK_IPP_JOB_ABORTED || state == DESK_IPP_JOB_CANCELED)
		return false; /* not printed: print it again */
	if (state == DESK_IPP_JOB_COMPLETED)
		post(w->queue, r->job_id, DESK_JOB_COMPLETED, id, NULL);
	else
		follow_add(w, r, id);
	return true;
}

static guint generation(desk_printq_t *q, gint64 job_id, bool bump)
{
	g_mutex_lock(&q->lock);
	guint g = GPOINTER_TO_UINT(g_hash_table_lookup(q->generations, &job_id)) + (bump ? 1 : 0);
	if (bump)
		g_hash_table_insert(q->generations, g_memdup2(&job_id, sizeof(job_id)),
		                    GUINT_TO_POINTER(g));
	g_mutex_unlock(&q->lock);
	return g;
}

static void worker_submit(worker_t *w, request_t *r)
{
	g_autoptr(GError) error = NULL;
	if (r->generation != generation(w->queue, r->job_id, false))
		return; /* cancelled, retried or moved since */
	if (resume_known(w, r))
		return;
	/* what the designer saved last is what prints: the cache follows the file */
	const desk_layout_t *layout = desk_layout_cache_get(w->layouts, r->layout_path, &error);
	if (!layout) {
		post(w->queue, r->job_id, DESK_JOB_FAILED, 0, error->message);
		return;
	}
	if (g_str_has_prefix(r->printer, "folder:")) {
		bool ok =
		    desk_printjob_to_folder(w->renderer, layout, r->fields,
		                            r->printer + strlen("folder:"), r->basename, &error);
		post(w->queue, r->job_id, ok ? DESK_JOB_COMPLETED : DESK_JOB_FAILED, 0,
		     ok ? NULL : error->message);
		return;
	}
	/* A printer that is missing, stopped, refusing jobs or unreachable is
	 * trouble to wait out (STOPPED, retried); only a layout that cannot fit it
	 * or a document it rejects fails the job. */
	g_autoptr(desk_printer_t) printer = desk_printer_get(r->printer, &error);
	if (!printer) {
		post(w->queue, r->job_id, DESK_JOB_STOPPED, 0, error->message);
		desk_printer_reconnect();
		return;
	}
	int id = desk_printjob_print(w->renderer, layout, r->fields, printer, r->title, 1, NULL,
	                             NULL, &error);
	if (id <= 0) {
		bool fails =
		    g_error_matches(error, DESK_PRINTER_ERROR, DESK_PRINTER_ERROR_MEDIA) ||
		    g_error_matches(error, DESK_PRINTER_ERROR, DESK_PRINTER_ERROR_REJECTED);
		post(w->queue, r->job_id, fails ? DESK_JOB_FAILED : DESK_JOB_STOPPED, 0,
		     error->message);
		return;
	}
	post(w->queue, r->job_id, DESK_JOB_PENDING, id, NULL);
	follow_add(w, r, id);
}

static void worker_cancel(worker_t *w, request_t *r)
{
	for (guint i = 0; i < w->follows->len; i++) {
		follow_t *f = w->follows->pdata[i];
		if (f->job_id == r->job_id) {
			desk_printjob_cancel(f->printer, f->cups_job_id, NULL);
			g_ptr_array_remove_index(w->follows, i);
			break;
		}
	}
}

/* True when no job followed on @f's printer is ahead of it: the one a label
 * queue prints now (CUPS prints one job per queue at a time). */
static bool at_head(worker_t *w, const follow_t *f)
{
	if (f->last_state == DESK_IPP_JOB_PROCESSING)
		return true;
	for (guint i = 0; i < w->follows->len; i++) {
		const follow_t *o = w->follows->pdata[i];
		if (o != f && strcmp(o->printer, f->printer) == 0 &&
		    o->cups_job_id < f->cups_job_id && !desk_printjob_state_final(o->last_state))
			return false;
	}
	/* an idle queue starts its next job within milliseconds: one pending for
	 * long waits for a stopped printer and is not what the scheduler printed */
	return f->last_state == DESK_IPP_JOB_PENDING &&
	       g_get_monotonic_time() - f->state_since < 2 * G_USEC_PER_SEC;
}

/* The scheduler answers again after it was lost. Returns false when @f is
 * done with: held as failed (it was being printed each time the scheduler
 * died) or handed back for one resubmission (the new scheduler lost it). */
static bool on_scheduler_back(worker_t *w, follow_t *f)
{
	int state = 0;
	g_autoptr(GError) error = NULL;
	int id = locate(f->printer, f->title, f->cups_job_id, &state, &error);
	if (id < 0 && g_error_matches(error, DESK_PRINTER_ERROR, DESK_PRINTER_ERROR_UNKNOWN)) {
		/* back without the queue: the job went with it; sent again once it returns */
		post(w->queue, f->job_id, DESK_JOB_ABORTED, 0, error->message);
		return false;
	}
	if (id < 0)
		return true; /* not back after all: stay lost */
	f->lost = false;
	f->last_state = 0; /* tell the state it has now, whatever it was before */
	if (f->lost_at_head) {
		guint n = GPOINTER_TO_UINT(g_hash_table_lookup(w->losses, &f->job_id)) + 1;
		g_hash_table_insert(w->losses, g_memdup2(&f->job_id, sizeof(f->job_id)),
		                    GUINT_TO_POINTER(n));
		if (n >= MAX_SCHEDULER_LOSSES) {
			if (id > 0 && !desk_printjob_state_final(state))
				desk_printjob_cancel(f->printer, id, NULL);
			g_autofree char *why = g_strdup_printf(
			    "the print server stopped %u times while printing this document, so it "
			    "is held: check the printer and its driver, then press Retry",
			    n);
			post(w->queue, f->job_id, DESK_JOB_FAILED, id > 0 ? id : f->cups_job_id,
			     why);
			return false;
		}
	}
	if (id <= 0) { /* the restarted scheduler does not have it: send it again, once */
		post(w->queue, f->job_id, DESK_JOB_ABORTED, 0, "lost by the print server");
		return false;
	}
	f->cups_job_id = id;
	return true;
}

/* One Get-Job-Attributes per followed job; posts changes, drops final ones. */
static bool poll_one(worker_t *w, follow_t *f)
{
	int state = 0;
	g_autofree char *reasons = NULL;
	g_autoptr(GError) error = NULL;
	if (!desk_printjob_state(f->printer, f->cups_job_id, &state, &reasons, &error)) {
		bool gone = g_error_matches(error, DESK_PRINTER_ERROR, DESK_PRINTER_ERROR_UNKNOWN);
		if (!f->lost && !gone) { /* CUPS unreachable: remember who it was printing */
			f->lost = true;
			f->lost_at_head = at_head(w, f);
		}
		if (!gone)
			desk_printer_reconnect();
		if (gone) /* the scheduler answers but has no such job */
			return on_scheduler_back(w, f);
		return true;
	}
	if (f->lost && !on_scheduler_back(w, f))
		return false;
	if (state != f->last_state) {
		post(w->queue, f->job_id, map_ipp(state), f->cups_job_id, reasons);
		f->state_since = g_get_monotonic_time();
	}
	f->last_state = state;
	return !desk_printjob_state_final(state);
}

static void worker_poll(worker_t *w)
{
	for (guint i = 0; i < w->follows->len;) {
		if (poll_one(w, w->follows->pdata[i]))
			i++;
		else
			g_ptr_array_remove_index(w->follows, i);
	}
}

static gpointer worker_main(gpointer data)
{
	worker_t w = {data, NULL, NULL, NULL, NULL};
	g_autoptr(GError) error = NULL;
	/* fonts ship beside the layouts (layouts/ and fonts/ in the tree and in DATADIR) */
	g_autofree char *parent = g_path_get_dirname(w.queue->layouts_dir);
	g_autofree char *fonts = g_build_filename(parent, "fonts", NULL);
	w.renderer =
	    desk_renderer_new(g_file_test(fonts, G_FILE_TEST_IS_DIR) ? fonts : NULL, &error);
	if (!w.renderer)
		g_warning("print queue: %s", error->message);
	w.layouts = desk_layout_cache_new(w.queue->layouts_dir);
	w.follows = g_ptr_array_new_with_free_func(follow_free);
	w.losses = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	for (;;) {
		request_t *r = g_async_queue_timeout_pop(w.queue->requests,
		                                         w.follows->len ? POLL_US : G_USEC_PER_SEC);
		if (r && r->kind == REQ_QUIT) {
			request_free(r);
			break;
		}
		if (r && r->kind == REQ_SUBMIT && w.renderer)
			worker_submit(&w, r);
		else if (r && r->kind == REQ_SUBMIT)
			post(w.queue, r->job_id, DESK_JOB_FAILED, 0, "no renderer (fonts?)");
		else if (r)
			worker_cancel(&w, r);
		request_free(r);
		if (!r || g_async_queue_length(w.queue->requests) == 0)
			worker_poll(&w);
	}
	g_ptr_array_unref(w.follows);
	g_hash_table_unref(w.losses);
	desk_layout_cache_free(w.layouts);
	desk_renderer_free(w.renderer);
	return NULL;
}

/* ---- the store (main loop only) ------------------------------------------------ */

static desk_job_state_t state_parse(const char *name)
{
	for (guint i = 0; i < G_N_ELEMENTS(state_names); i++)
		if (name && strcmp(state_names[i], name) == 0)
			return (desk_job_state_t)i;
	return DESK_JOB_QUEUED;
}

/* Writes a job's state; @cups_job_id < 0 leaves it, @attempts < 0 leaves them. */
static bool row_update(desk_printq_t *q, gint64 job_id, desk_job_state_t state, int cups_job_id,
                       int attempts, double retry_in, const char *error_text, GError **error)
{
	desk_job_update_t u = {
	    desk_job_state_name(state), cups_job_id, attempts, retry_in, error_text, NULL};
	return desk_store_job_update(q->store, job_id, &u, error);
}

/* ---- main loop side -------------------------------------------------------------- */

static char *layout_path(desk_printq_t *q, const char *layout)
{
	g_autofree char *file = g_str_has_suffix(layout, ".json")
	                            ? g_strdup(layout)
	                            : g_strconcat(layout, ".json", NULL);
	return g_path_is_absolute(file) ? g_steal_pointer(&file)
	                                : g_build_filename(q->layouts_dir, file, NULL);
}

/* Builds the worker's request for a stored job (fields read from the store now). */
static request_t *request_for(desk_printq_t *q, gint64 job_id, const desk_job_row_t *row)
{
	request_t *r = g_new0(request_t, 1);
	r->kind = REQ_SUBMIT;
	r->job_id = job_id;
	r->attendee_id = row->attendee_id;
	r->layout_path = layout_path(q, row->layout);
	r->printer = g_strdup(row->printer);
	r->cups_job_id = row->cups_job_id;
	g_autoptr(desk_attendee_t) a =
	    row->attendee_id ? desk_store_attendee_get(q->store, row->attendee_id, NULL) : NULL;
	g_autoptr(desk_event_t) e = desk_store_event_get(q->store, row->event_id, NULL);
	r->fields = a && e ? desk_attendee_fields(a, e) : desk_fields_new();
	if (q->fields_hook)
		q->fields_hook(r->fields, q->fields_data);
	gint64 number = a && a->checkin_number ? a->checkin_number : job_id;
	/* a token (no spaces: see desk_printjob_cups_name), unique per job, so a
	 * restarted queue finds the CUPS job it may have sent already */
	g_autofree char *title = g_strdup_printf(
	    "frontdesk-%s-%" G_GINT64_FORMAT "-job-%" G_GINT64_FORMAT, row->kind, number, job_id);
	r->title = desk_printjob_cups_name(title);
	r->basename = g_strdup_printf("%s-%06" G_GINT64_FORMAT, row->kind, job_id);
	r->generation = generation(q, job_id, false);
	return r;
}

static bool enqueue_full(desk_printq_t *q, gint64 job_id, bool resuming, GError **error)
{
	g_autoptr(desk_job_row_t) row = desk_store_job_get(q->store, job_id, error);
	if (!row)
		return false;
	request_t *r = request_for(q, job_id, row);
	r->resuming = resuming;
	g_async_queue_push(q->requests, r);
	return true;
}

static bool enqueue(desk_printq_t *q, gint64 job_id, GError **error)
{
	return enqueue_full(q, job_id, false, error);
}

typedef struct {
	desk_printq_t *queue;
	gint64 job_id;
} retry_t;

static gboolean on_retry(gpointer data)
{
	retry_t *r = data;
	g_hash_table_remove(r->queue->timers, &r->job_id);
	g_autoptr(GError) error = NULL;
	/* a retry looks for the job by name first: the scheduler may have it */
	if (!enqueue_full(r->queue, r->job_id, true, &error))
		g_warning("%s", error->message);
	return G_SOURCE_REMOVE;
}

static void unschedule(desk_printq_t *q, gint64 job_id)
{
	gpointer id;
	if (g_hash_table_lookup_extended(q->timers, &job_id, NULL, &id)) {
		GSource *source =
		    g_main_context_find_source_by_id(q->context, GPOINTER_TO_UINT(id));
		if (source)
			g_source_destroy(source);
		g_hash_table_remove(q->timers, &job_id);
	}
}

static void schedule_retry(desk_printq_t *q, gint64 job_id, double seconds)
{
	/* One timer per job: a second schedule replaces the first, never orphans it
	 * (an orphan would fire after desk_printq_free()). */
	unschedule(q, job_id);
	retry_t *r = g_new0(retry_t, 1);
	*r = (retry_t){q, job_id};
	GSource *source = g_timeout_source_new((guint)(seconds * 1000));
	g_source_set_callback(source, on_retry, r, g_free);
	guint id = g_source_attach(source, q->context);
	g_source_unref(source);
	g_hash_table_insert(q->timers, g_memdup2(&job_id, sizeof(job_id)), GUINT_TO_POINTER(id));
}

#define TROUBLE_MAX_S 10.0 /* a printer back from trouble is tried within this */

/* Consecutive trouble outcomes of a job: counted up when @more, else reset. */
static guint trouble_count(desk_printq_t *q, gint64 job_id, bool more)
{
	guint n = more ? GPOINTER_TO_UINT(g_hash_table_lookup(q->troubles, &job_id)) + 1 : 0;
	if (more)
		g_hash_table_insert(q->troubles, g_memdup2(&job_id, sizeof(job_id)),
		                    GUINT_TO_POINTER(n));
	else
		g_hash_table_remove(q->troubles, &job_id);
	return n;
}

static double backoff(int attempts)
{
	return MIN(0.5 * (1 << MIN(attempts, 8)), 30.0);
}

static void notify(desk_printq_t *q, gint64 job_id, gint64 attendee_id, desk_job_state_t state,
                   const char *reason)
{
	if (q->listener)
		q->listener(job_id, attendee_id, state, reason, q->listener_data);
}

/* An outcome from the worker: record it, then retry when it was not accepted or aborted. */
static void apply_outcome(desk_printq_t *q, const outcome_t *o)
{
	g_autoptr(desk_job_row_t) row = desk_store_job_get(q->store, o->job_id, NULL);
	if (!row)
		return;
	desk_job_state_t stored = state_parse(row->state);
	desk_job_state_t state = o->state;
	/* trouble (not sent: the printer stopped, refused or gone) is waited out
	 * for as long as it lasts; a document CUPS aborted is sent MAX_ATTEMPTS times */
	bool trouble = state == DESK_JOB_STOPPED && o->cups_job_id == 0;
	bool retry = trouble || state == DESK_JOB_ABORTED;
	bool sent =
	    state == DESK_JOB_PENDING && o->cups_job_id > 0 && o->cups_job_id != row->cups_job_id;
	int attempts = row->attempts + (sent ? 1 : 0);
	if (state_final(stored) && stored != DESK_JOB_FAILED)
		return; /* cancelled meanwhile: the worker's news is stale */
	if (state == DESK_JOB_ABORTED && attempts >= MAX_ATTEMPTS) {
		state = DESK_JOB_FAILED;
		retry = false;
	}
	guint waits = trouble_count(q, o->job_id, trouble);
	double delay = !retry    ? 0
	               : trouble ? MIN(0.5 * (1 << MIN(waits, 5)), TROUBLE_MAX_S)
	                         : backoff(attempts);
	g_autoptr(GError) error = NULL;
	int cups_id = state == DESK_JOB_ABORTED ? 0 : (o->cups_job_id ? o->cups_job_id : -1);
	if (!row_update(q, o->job_id, state, cups_id, attempts, delay, o->reason, &error))
		g_warning("%s", error->message);
	if (retry)
		schedule_retry(q, o->job_id, delay);
	notify(q, o->job_id, row->attendee_id, state, o->reason);
}

static gboolean on_outcome(gpointer data)
{
	outcome_t *o = data;
	apply_outcome(o->queue, o);
	g_free(o->reason);
	g_free(o);
	return G_SOURCE_REMOVE;
}

/* Only the jobs found unfinished when the queue was made: a job stored
 * since (by a check-in before the loop's first turn) is queued by its owner,
 * and resuming it as well would print it twice. */
static bool resume_all(desk_printq_t *q, GError **error)
{
	g_autoptr(GArray) ids = g_steal_pointer(&q->resume_ids);
	if (!ids)
		return true;
	for (guint i = 0; i < ids->len; i++)
		if (!enqueue_full(q, g_array_index(ids, gint64, i), true, error))
			return false;
	return true;
}

/* Resumes the stored jobs from the main loop's first turn, so that the hook
 * and listener the owner sets right after desk_printq_new() apply to them. */
static gboolean on_resume(gpointer data)
{
	desk_printq_t *q = data;
	g_autoptr(GError) error = NULL;
	g_clear_pointer(&q->resume, g_source_unref);
	if (!resume_all(q, &error))
		g_warning("print queue: %s", error->message);
	return G_SOURCE_REMOVE;
}

/* A job submitted before the loop's first turn must not be resumed as well. */
static void resume_now(desk_printq_t *q)
{
	if (!q->resume)
		return;
	g_source_destroy(q->resume);
	on_resume(q);
}

/* ---- public API ----------------------------------------------------------------- */

desk_printq_t *desk_printq_new(desk_store_t *store, const char *layouts_dir, GError **error)
{
	g_return_val_if_fail(store && layouts_dir, NULL);
	desk_printq_t *q = g_new0(desk_printq_t, 1);
	q->store = store;
	q->layouts_dir = g_strdup(layouts_dir);
	q->context = g_main_context_ref_thread_default();
	q->requests = g_async_queue_new_full((GDestroyNotify)request_free);
	q->timers = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	q->troubles = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	g_mutex_init(&q->lock);
	q->generations = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	q->worker = g_thread_new("printq", worker_main, q);
	g_autoptr(GError) resume_error = NULL;
	q->resume_ids = desk_store_jobs_unfinished(store, &resume_error);
	if (!q->resume_ids)
		g_warning("print queue: %s", resume_error->message);
	q->resume = g_idle_source_new();
	g_source_set_callback(q->resume, on_resume, q, NULL);
	g_source_attach(q->resume, q->context);
	(void)error; /* resuming reports through the log: the queue is usable regardless */
	return q;
}

void desk_printq_free(desk_printq_t *q)
{
	if (!q)
		return;
	if (q->resume) {
		g_source_destroy(q->resume);
		g_clear_pointer(&q->resume, g_source_unref);
		g_clear_pointer(&q->resume_ids, g_array_unref);
	}
	request_t *quit = g_new0(request_t, 1);
	quit->kind = REQ_QUIT;
	g_async_queue_push_front(q->requests, quit);
	g_thread_join(q->worker);
	/* outcomes the worker posted before it stopped are still written */
	while (g_main_context_pending(q->context))
		g_main_context_iteration(q->context, FALSE);
	GHashTableIter iter;
	gpointer id;
	g_hash_table_iter_init(&iter, q->timers);
	while (g_hash_table_iter_next(&iter, NULL, &id)) {
		GSource *source =
		    g_main_context_find_source_by_id(q->context, GPOINTER_TO_UINT(id));
		if (source)
			g_source_destroy(source);
	}
	g_hash_table_unref(q->timers);
	g_hash_table_unref(q->troubles);
	g_hash_table_unref(q->generations);
	g_mutex_clear(&q->lock);
	g_async_queue_unref(q->requests);
	g_main_context_unref(q->context);
	g_free(q->layouts_dir);
	g_free(q);
}

void desk_printq_set_listener(desk_printq_t *q, desk_printq_listener_t listener, gpointer user_data)
{
	g_return_if_fail(q);
	q->listener = listener;
	q->listener_data = user_data;
}

void desk_printq_set_fields_hook(desk_printq_t *q, desk_printq_fields_hook_t hook,
                                 gpointer user_data)
{
	g_return_if_fail(q);
	q->fields_hook = hook;
	q->fields_data = user_data;
}

gint64 desk_printq_submit(desk_printq_t *q, gint64 attendee_id, const char *kind,
                          const char *layout, const char *printer, GError **error)
{
	g_return_val_if_fail(q && kind && layout && printer, 0);
	resume_now(q);
	g_autofree char *path = layout_path(q, layout);
	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_INVALID,
		            "layout %s: no such layout in %s", layout, q->layouts_dir);
		return 0;
	}
	g_autoptr(desk_attendee_t) a = desk_store_attendee_get(q->store, attendee_id, error);
	if (!a)
		return 0;
	desk_job_spec_t spec = {kind, layout, printer};
	gint64 id = desk_store_job_add(q->store, a->event_id, attendee_id, &spec, error);
	if (id && !enqueue(q, id, error))
		return 0;
	if (id)
		notify(q, id, attendee_id, DESK_JOB_QUEUED, NULL);
	return id;
}

/* Loads a job that staff may act on: it exists and is not completed. */
static desk_job_row_t *staff_row(desk_printq_t *q, gint64 job_id, bool allow_failed, GError **error)
{
	g_autoptr(desk_job_row_t) row = desk_store_job_get(q->store, job_id, error);
	if (!row)
		return NULL;
	desk_job_state_t state = state_parse(row->state);
	if (state_final(state) && !(allow_failed && state != DESK_JOB_COMPLETED)) {
		g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_INVALID,
		            "print job %" G_GINT64_FORMAT " is already %s", job_id, row->state);
		return NULL;
	}
	return g_steal_pointer(&row);
}

static void cancel_in_cups(desk_printq_t *q, gint64 job_id)
{
	unschedule(q, job_id);
	generation(q, job_id, true);
	request_t *r = g_new0(request_t, 1);
	r->kind = REQ_CANCEL;
	r->job_id = job_id;
	g_async_queue_push(q->requests, r);
}

bool desk_printq_retry(desk_printq_t *q, gint64 job_id, GError **error)
{
	g_autoptr(desk_job_row_t) row = staff_row(q, job_id, true, error);
	if (!row)
		return false;
	cancel_in_cups(q, job_id);
	bool ok = row_update(q, job_id, DESK_JOB_QUEUED, 0, 0, 0, NULL, error) &&
	          enqueue_full(q, job_id, true, error);
	if (ok)
		notify(q, job_id, row->attendee_id, DESK_JOB_QUEUED, "retry");
	return ok;
}

bool desk_printq_cancel(desk_printq_t *q, gint64 job_id, GError **error)
{
	g_autoptr(desk_job_row_t) row = staff_row(q, job_id, false, error);
	if (!row)
		return false;
	cancel_in_cups(q, job_id);
	bool ok = row_update(q, job_id, DESK_JOB_CANCELLED, -1, -1, 0, "cancelled by staff", error);
	if (ok)
		notify(q, job_id, row->attendee_id, DESK_JOB_CANCELLED, "cancelled by staff");
	return ok;
}

bool desk_printq_move(desk_printq_t *q, gint64 job_id, const char *printer, GError **error)
{
	g_return_val_if_fail(printer, false);
	g_autoptr(desk_job_row_t) row = staff_row(q, job_id, true, error);
	if (!row)
		return false;
	cancel_in_cups(q, job_id);
	desk_job_update_t u = {desk_job_state_name(DESK_JOB_QUEUED), 0, 0, 0, NULL, printer};
	bool ok = desk_store_job_update(q->store, job_id, &u, error) && enqueue(q, job_id, error);
	if (ok)
		notify(q, job_id, row->attendee_id, DESK_JOB_QUEUED, "moved");
	return ok;
}

bool desk_printq_enqueue(desk_printq_t *q, gint64 job_id, GError **error)
{
	g_return_val_if_fail(q && job_id > 0, false);
	resume_now(q);
	g_autoptr(desk_job_row_t) row = desk_store_job_get(q->store, job_id, error);
	if (!row || !enqueue(q, job_id, error))
		return false;
	notify(q, job_id, row->attendee_id, DESK_JOB_QUEUED, NULL);
	return true;
}

void desk_printq_kick(desk_printq_t *q, const char *printer)
{
	g_return_if_fail(q && printer);
	g_autoptr(GArray) waiting = g_array_new(FALSE, FALSE, sizeof(gint64));
	GHashTableIter iter;
	gpointer key;
	g_hash_table_iter_init(&iter, q->timers);
	while (g_hash_table_iter_next(&iter, &key, NULL))
		g_array_append_val(waiting, *(gint64 *)key);
	for (guint i = 0; i < waiting->len; i++) {
		gint64 job_id = g_array_index(waiting, gint64, i);
		g_autoptr(desk_job_row_t) row = desk_store_job_get(q->store, job_id, NULL);
		if (!row || g_strcmp0(row->printer, printer) != 0)
			continue;
		unschedule(q, job_id);
		trouble_count(q, job_id, false);
		if (!enqueue_full(q, job_id, true, NULL))
			g_warning("print queue: job %" G_GINT64_FORMAT ": cannot retry", job_id);
	}
}

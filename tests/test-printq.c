/* test-printq.c: the durable print queue against a real private cupsd: printer down, resume after a
 * crash, folder printer. */
#include <cups/cups.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "printjob.h"
#include "printq.h"

static char *harness_dir, *top, *layouts;

static bool run(const char *const *argv)
{
	int status = 0;
	return g_spawn_sync(NULL, (char **)argv, NULL,
	                    G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
	                        G_SPAWN_STDERR_TO_DEV_NULL,
	                    NULL, NULL, NULL, NULL, &status, NULL) &&
	       g_spawn_check_wait_status(status, NULL);
}

static bool harness(const char *verb)
{
	g_autofree char *script = g_build_filename(top, "tests/lib/cupsd-harness.sh", NULL);
	g_autofree char *pid = g_strdup_printf("%d", (int)getpid());
	const char *argv[] = {"sh", script, verb, harness_dir, "5", pid, NULL};
	g_autofree char *socket = g_build_filename(harness_dir, "cups.sock", NULL);
	g_setenv("CUPS_SERVER", socket, TRUE);
	return run(argv);
}

static void cups(const char *tool, const char *printer)
{
	const char *argv[] = {tool, printer, NULL};
	g_assert_true(run(argv));
}

/* How many jobs named @title CUPS has on @printer, and how many of them completed. */
static int cups_jobs(const char *printer, const char *title, int *completed)
{
	char uri[HTTP_MAX_URI];
	ipp_t *request = ippNewRequest(IPP_OP_GET_JOBS);
	httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof(uri), "ipp", NULL, "localhost", ippPort(),
	                 "/printers/%s", printer);
	ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
	ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "which-jobs", NULL, "all");
	static const char *const wanted[] = {"job-name", "job-state"};
	ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 2, NULL,
	              wanted);
	ipp_t *response = cupsDoRequest(CUPS_HTTP_DEFAULT, request, "/");
	int count = 0, done = 0;
	const char *name = NULL;
	for (ipp_attribute_t *a = ippFirstAttribute(response); a; a = ippNextAttribute(response)) {
		const char *attr = ippGetName(a);
		if (!attr)
			name = NULL;
		else if (strcmp(attr, "job-name") == 0)
			name = ippGetString(a, 0, NULL);
		else if (strcmp(attr, "job-state") == 0 && name && strcmp(name, title) == 0) {
			count++;
			done += ippGetInteger(a, 0) == IPP_JSTATE_COMPLETED;
		}
	}
	ippDelete(response);
	*completed = done;
	return count;
}

typedef struct {
	GHashTable *states; /* job id -> last state */
	int completed;
} seen_t;

static void on_job(gint64 job_id, gint64 attendee_id, desk_job_state_t state, const char *reason,
                   gpointer data)
{
	seen_t *seen = data;
	(void)attendee_id;
	g_test_message("job %" G_GINT64_FORMAT ": %s %s", job_id, desk_job_state_name(state),
	               reason ? reason : "");
	g_hash_table_insert(seen->states, g_memdup2(&job_id, sizeof(job_id)),
	                    GINT_TO_POINTER(state));
	seen->completed += state == DESK_JOB_COMPLETED;
}

static void spin(seen_t *seen, int want_completed, int seconds)
{
	gint64 end = g_get_monotonic_time() + seconds * G_USEC_PER_SEC;
	while ((want_completed < 0 || seen->completed < want_completed) &&
	       g_get_monotonic_time() < end)
		g_main_context_iteration(NULL, FALSE) || (g_usleep(10000), 0);
}

static desk_store_t *new_store(char **state_dir, gint64 *event_id)
{
	*state_dir = g_dir_make_tmp("test-printq-state-XXXXXX", NULL);
	g_autoptr(GError) error = NULL;
	desk_store_t *store = desk_store_open(*state_dir, &error);
	g_assert_no_error(error);
	*event_id = desk_store_event_ensure(store, "meetup", "AWS UG", "2026-11-22", &error);
	g_assert_no_error(error);
	return store;
}

static gint64 walkin(desk_store_t *store, gint64 event_id, int i, gint64 *number)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *first = g_strdup_printf("Zoë%d", i);
	desk_checkin_t out = {0};
	gint64 id = desk_store_walkin(store, event_id, first, "Ødegård", "Ørsted", NULL, false,
	                              "test", &out, &error);
	g_assert_no_error(error);
	*number = out.number;
	return id;
}

/* The printer is stopped and refuses jobs during a burst: every job is
 * recorded, waits, and prints exactly once when the printer comes back. */
static void test_printer_down(void)
{
	g_autofree char *state_dir = NULL;
	gint64 event_id, numbers[6];
	g_autoptr(desk_store_t) store = new_store(&state_dir, &event_id);
	seen_t seen = {g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL), 0};
	g_autoptr(GError) error = NULL;
	desk_printq_t *q = desk_printq_new(store, layouts, &error);
	g_assert_no_error(error);
	desk_printq_set_listener(q, on_job, &seen);
	cups("cupsdisable", "dymo");
	cups("cupsreject", "dymo");
	for (int i = 0; i < 6; i++) {
		gint64 attendee = walkin(store, event_id, i, &numbers[i]);
		g_assert_cmpint(
		    desk_printq_submit(q, attendee, "badge", "dymo-30256", "dymo", &error), >, 0);
		g_assert_no_error(error);
		spin(&seen, -1, 0);
	}
	sqlite3_stmt *st = NULL;
	sqlite3_prepare_v2(desk_store_db(store), "SELECT count(*) FROM print_jobs", -1, &st, NULL);
	g_assert_cmpint(sqlite3_step(st), ==, SQLITE_ROW);
	g_assert_cmpint(sqlite3_column_int(st, 0), ==, 6);
	sqlite3_finalize(st);
	spin(&seen, -1, 2);
	g_assert_cmpint(seen.completed, ==, 0);
	for (gint64 job = 1; job <= 6; job++) /* refused: waiting to retry */
		g_assert_cmpint(GPOINTER_TO_INT(g_hash_table_lookup(seen.states, &job)), ==,
		                DESK_JOB_STOPPED);
	cups("cupsaccept", "dymo"); /* accepted but held: the printer is still stopped */
	spin(&seen, -1, 3);
	g_assert_cmpint(seen.completed, ==, 0);
	cups("cupsenable", "dymo");
	spin(&seen, 6, 90);
	g_assert_cmpint(seen.completed, ==, 6);
	for (int i = 0; i < 6; i++) {
		g_autofree char *title = g_strdup_printf(
		    "frontdesk-badge-%" G_GINT64_FORMAT "-job-%d", numbers[i], i + 1);
		int done = 0;
		g_assert_cmpint(cups_jobs("dymo", title, &done), ==, 1);
		g_assert_cmpint(done, ==, 1);
	}
	desk_printq_free(q);
	g_hash_table_unref(seen.states);
}

/* A job CUPS holds when the process dies is followed, not printed again,
 * even when its CUPS job id was never stored (found by its unique name). */
static void test_resume(void)
{
	g_autofree char *state_dir = NULL;
	gint64 event_id, number;
	g_autoptr(desk_store_t) store = new_store(&state_dir, &event_id);
	seen_t seen = {g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL), 0};
	g_autoptr(GError) error = NULL;
	cups("cupsdisable", "dymo");
	desk_printq_t *q = desk_printq_new(store, layouts, &error);
	desk_printq_set_listener(q, on_job, &seen);
	gint64 attendee = walkin(store, event_id, 99, &number);
	g_autofree char *title =
	    g_strdup_printf("frontdesk-badge-%" G_GINT64_FORMAT "-job-1", number);
	int done = 0, before = cups_jobs("dymo", title, &done);
	gint64 job = desk_printq_submit(q, attendee, "badge", "dymo-30256", "dymo", &error);
	g_assert_no_error(error);
	gint64 end = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
	while (GPOINTER_TO_INT(g_hash_table_lookup(seen.states, &job)) != DESK_JOB_PENDING &&
	       g_get_monotonic_time() < end)
		spin(&seen, -1, 0);
	desk_printq_free(q); /* "dies" with the job pending in CUPS... */
	/* ...before its CUPS job id reached the store (the worst moment) */
	g_assert_cmpint(sqlite3_exec(desk_store_db(store),
	                             "UPDATE print_jobs SET cups_job_id = NULL, state = 'queued'",
	                             NULL, NULL, NULL),
	                ==, SQLITE_OK);
	q = desk_printq_new(store, layouts, &error);
	g_assert_no_error(error);
	desk_printq_set_listener(q, on_job, &seen);
	cups("cupsenable", "dymo");
	spin(&seen, 1, 30);
	g_assert_cmpint(seen.completed, ==, 1);
	g_assert_cmpint(cups_jobs("dymo", title, &done), ==, before + 1);
	desk_printq_free(q);
	g_hash_table_unref(seen.states);
}

static void test_folder(void)
{
	g_autofree char *state_dir = NULL;
	gint64 event_id, number;
	g_autoptr(desk_store_t) store = new_store(&state_dir, &event_id);
	seen_t seen = {g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL), 0};
	g_autoptr(GError) error = NULL;
	desk_printq_t *q = desk_printq_new(store, layouts, &error);
	desk_printq_set_listener(q, on_job, &seen);
	g_autofree char *folder = g_build_filename(state_dir, "badges", NULL);
	g_autofree char *printer = g_strconcat("folder:", folder, NULL);
	gint64 job = desk_printq_submit(q, walkin(store, event_id, 1, &number), "badge",
	                                "dymo-30256", printer, &error);
	g_assert_no_error(error);
	spin(&seen, 1, 20);
	g_assert_cmpint(seen.completed, ==, 1);
	g_autofree char *name = g_strdup_printf("badge-%06" G_GINT64_FORMAT ".png", job);
	g_autofree char *png = g_build_filename(folder, name, NULL);
	g_assert_true(g_file_test(png, G_FILE_TEST_IS_REGULAR));
	g_assert_cmpint(desk_printq_submit(q, 1, "badge", "no-such-layout", printer, &error), ==,
	                0);
	g_assert_nonnull(strstr(error->message, "no-such-layout"));
	g_clear_error(&error);
	/* an unknown printer or a media mismatch fails the job (staff), nothing is retried */
	gint64 bad = desk_printq_submit(q, 1, "badge", "dymo-30256", "nonesuch", &error);
	gint64 wrong = desk_printq_submit(q, 1, "badge", "dymo-30256", "ql", &error);
	g_assert_no_error(error);
	gint64 end = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;
	while ((GPOINTER_TO_INT(g_hash_table_lookup(seen.states, &bad)) != DESK_JOB_FAILED ||
	        GPOINTER_TO_INT(g_hash_table_lookup(seen.states, &wrong)) != DESK_JOB_FAILED) &&
	       g_get_monotonic_time() < end)
		spin(&seen, -1, 0);
	g_assert_cmpint(GPOINTER_TO_INT(g_hash_table_lookup(seen.states, &bad)), ==,
	                DESK_JOB_FAILED);
	g_assert_cmpint(GPOINTER_TO_INT(g_hash_table_lookup(seen.states, &wrong)), ==,
	                DESK_JOB_FAILED);
	sqlite3_stmt *st = NULL;
	sqlite3_prepare_v2(desk_store_db(store), "SELECT last_error FROM print_jobs WHERE id = ?",
	                   -1, &st, NULL);
	sqlite3_bind_int64(st, 1, wrong);
	g_assert_cmpint(sqlite3_step(st), ==, SQLITE_ROW);
	g_assert_nonnull(strstr((const char *)sqlite3_column_text(st, 0), "printer ql has media"));
	sqlite3_finalize(st);
	desk_printq_free(q);
	g_hash_table_unref(seen.states);
}

static void wait_state(seen_t *seen, gint64 job, desk_job_state_t want)
{
	gint64 end = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;
	while (GPOINTER_TO_INT(g_hash_table_lookup(seen->states, &job)) != (int)want &&
	       g_get_monotonic_time() < end)
		spin(seen, -1, 0);
	g_assert_cmpint(GPOINTER_TO_INT(g_hash_table_lookup(seen->states, &job)), ==, want);
}

/* Staff: cancel a held job, move one to another printer; final jobs refuse. */
static void test_staff(void)
{
	g_autofree char *state_dir = NULL;
	gint64 event_id, n1, n2;
	g_autoptr(desk_store_t) store = new_store(&state_dir, &event_id);
	seen_t seen = {g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL), 0};
	g_autoptr(GError) error = NULL;
	cups("cupsdisable", "dymo");
	desk_printq_t *q = desk_printq_new(store, layouts, &error);
	desk_printq_set_listener(q, on_job, &seen);
	gint64 a1 = walkin(store, event_id, 1, &n1), a2 = walkin(store, event_id, 2, &n2);
	gint64 j1 = desk_printq_submit(q, a1, "badge", "dymo-30256", "dymo", &error);
	gint64 j2 = desk_printq_submit(q, a2, "badge", "dymo-30256", "dymo", &error);
	g_assert_no_error(error);
	wait_state(&seen, j1, DESK_JOB_PENDING);
	wait_state(&seen, j2, DESK_JOB_PENDING);
	g_assert_true(desk_printq_cancel(q, j1, &error));
	g_assert_no_error(error);
	wait_state(&seen, j1, DESK_JOB_CANCELLED);
	g_assert_false(desk_printq_cancel(q, j1, &error));
	g_assert_nonnull(strstr(error->message, "already cancelled"));
	g_clear_error(&error);
	g_autofree char *folder = g_build_filename(state_dir, "moved", NULL);
	g_autofree char *printer = g_strconcat("folder:", folder, NULL);
	g_assert_true(desk_printq_move(q, j2, printer, &error));
	g_assert_no_error(error);
	wait_state(&seen, j2, DESK_JOB_COMPLETED);
	g_assert_false(desk_printq_retry(q, j2, &error));
	g_clear_error(&error);
	spin(&seen, -1, 1);
	g_autofree char *page_log = g_build_filename(harness_dir, "log", "page_log", NULL);
	g_autofree char *before = NULL, *after = NULL;
	g_file_get_contents(page_log, &before, NULL, NULL);
	cups("cupsenable", "dymo");
	spin(&seen, -1, 2);
	g_file_get_contents(page_log, &after, NULL, NULL);
	g_assert_cmpstr(after, ==, before); /* neither badge printed on the DYMO */
	g_autofree char *png = g_build_filename(folder, "badge-000002.png", NULL);
	g_assert_true(g_file_test(png, G_FILE_TEST_IS_REGULAR));
	desk_printq_free(q);
	g_hash_table_unref(seen.states);
}

/* Queue "slow": the DYMO PPD whose filter first sleeps, so a job stays
 * processing long enough for the scheduler to die under it. */
static void add_slow_queue(void)
{
	g_autofree char *filter = g_build_filename(harness_dir, "filter", "slow-dymo", NULL);
	g_assert_true(g_file_set_contents(
	    filter, "#!/bin/sh\nsleep 8\nexec /usr/lib/cups/filter/raster2dymolw \"$@\"\n", -1,
	    NULL));
	g_assert_cmpint(chmod(filter, 0755), ==, 0);
	g_autofree char *ppd_in = g_build_filename(harness_dir, "lw450.ppd", NULL);
	g_autofree char *ppd = NULL;
	g_assert_true(g_file_get_contents(ppd_in, &ppd, NULL, NULL));
	g_autofree char *line = g_strdup_printf("application/vnd.cups-raster 0 %s", filter);
	g_auto(GStrv) parts = g_strsplit(ppd, "application/vnd.cups-raster 0 raster2dymolw", 2);
	g_assert_nonnull(parts[1]);
	g_autofree char *slow = g_strjoin(line, parts[0], parts[1], NULL);
	g_autofree char *ppd_out = g_build_filename(harness_dir, "slow.ppd", NULL);
	g_assert_true(g_file_set_contents(ppd_out, slow, -1, NULL));
	g_autofree char *script = g_build_filename(top, "tests/lib/cupsd-harness.sh", NULL);
	const char *argv[] = {"sh", script, "add-queue", harness_dir, "slow", "-P", ppd_out, NULL};
	g_assert_true(run(argv));
}

static int job_state(seen_t *seen, gint64 job)
{
	return GPOINTER_TO_INT(g_hash_table_lookup(seen->states, &job));
}

/* A document the scheduler dies on (today's Debian cupsd segfaulted on a
 * document-name with a space): cupsd dies while printing it, is restarted
 * (as systemd would), reloads the job and dies again. The job is then held
 * as failed with a reason staff can read and cancelled in CUPS, so it cannot
 * crash-loop the print server, and the next badge prints. */
static void test_crash_loop(void)
{
	g_autofree char *state_dir = NULL;
	gint64 event_id, number;
	g_autoptr(desk_store_t) store = new_store(&state_dir, &event_id);
	seen_t seen = {g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL), 0};
	g_autoptr(GError) error = NULL;
	add_slow_queue();
	desk_printq_t *q = desk_printq_new(store, layouts, &error);
	desk_printq_set_listener(q, on_job, &seen);
	gint64 job = desk_printq_submit(q, walkin(store, event_id, 1, &number), "badge",
	                                "dymo-30256", "slow", &error);
	g_assert_no_error(error);
	for (int crash = 0; crash < 2; crash++) {
		gint64 end = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;
		while (job_state(&seen, job) != DESK_JOB_PROCESSING && g_get_monotonic_time() < end)
			spin(&seen, -1, 0);
		g_assert_cmpint(job_state(&seen, job), ==, DESK_JOB_PROCESSING);
		g_assert_true(harness("crash"));
		g_hash_table_insert(seen.states, g_memdup2(&job, sizeof(job)),
		                    GINT_TO_POINTER(DESK_JOB_QUEUED));
		spin(&seen, -1, 1); /* the queue finds the scheduler gone */
		g_assert_true(harness("restart"));
	}
	wait_state(&seen, job, DESK_JOB_FAILED);
	sqlite3_stmt *st = NULL;
	sqlite3_prepare_v2(desk_store_db(store), "SELECT last_error FROM print_jobs WHERE id = ?",
	                   -1, &st, NULL);
	sqlite3_bind_int64(st, 1, job);
	g_assert_cmpint(sqlite3_step(st), ==, SQLITE_ROW);
	g_test_message("held: %s", sqlite3_column_text(st, 0));
	g_assert_nonnull(
	    strstr((const char *)sqlite3_column_text(st, 0), "print server stopped 2"));
	sqlite3_finalize(st);
	g_autofree char *title = g_strdup_printf(
	    "frontdesk-badge-%" G_GINT64_FORMAT "-job-%" G_GINT64_FORMAT, number, job);
	int state = 0;
	g_assert_cmpint(desk_printjob_find("slow", title, &state, NULL), >, 0);
	g_assert_cmpint(state, ==, DESK_IPP_JOB_CANCELED);
	gint64 next = desk_printq_submit(q, walkin(store, event_id, 2, &number), "badge",
	                                 "dymo-30256", "dymo", &error);
	g_assert_no_error(error);
	wait_state(&seen, next, DESK_JOB_COMPLETED);
	desk_printq_free(q);
	g_hash_table_unref(seen.states);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	top = g_strdup(g_getenv("FRONTDESK_TOP") ? g_getenv("FRONTDESK_TOP") : ".");
	layouts = g_build_filename(top, "layouts", NULL);
	harness_dir = g_dir_make_tmp("test-printq-XXXXXX", NULL);
	if (!harness("start")) {
		g_printerr("cannot start the cupsd harness in %s\n", harness_dir);
		return 1;
	}
	g_test_add_func("/printq/printer-down", test_printer_down);
	g_test_add_func("/printq/resume", test_resume);
	g_test_add_func("/printq/folder", test_folder);
	g_test_add_func("/printq/staff", test_staff);
	g_test_add_func("/printq/crash-loop", test_crash_loop);
	int status = g_test_run();
	harness("stop");
	return status;
}

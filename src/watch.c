/* watch.c: polls CUPS printer state (printer.h) on a worker thread, reports changes on the main
 * loop. */
#include <string.h>

#include "printer.h"
#include "watch.h"

struct desk_watch {
	desk_watch_cb cb;
	gpointer user_data;
	GStrv printers;
	GHashTable *last; /* char * printer -> char * reason ("" = ok) */
	GCancellable *cancellable;
	guint timer;
	bool busy, again;
};

/* Worker thread: one IPP request per printer. Result: GHashTable printer -> reason. */
static void poll_thread(GTask *task, gpointer source, gpointer task_data, GCancellable *cancel)
{
	(void)source, (void)cancel;
	GStrv printers = task_data;
	GHashTable *out = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	for (int i = 0; printers[i]; i++) {
		g_autoptr(GError) error = NULL;
		g_autofree char *reasons = NULL;
		int state = 0;
		bool accepting = false;
		char *why;
		if (!desk_printer_status(printers[i], &state, &accepting, &reasons, &error))
			why = g_strdup(error->message);
		else if (state == 5)
			why = g_strdup_printf("printer stopped%s%s", *reasons ? ": " : "", reasons);
		else if (!accepting)
			why = g_strdup("printer is not accepting jobs");
		else
			why = g_strdup("");
		g_hash_table_insert(out, g_strdup(printers[i]), why);
	}
	g_task_return_pointer(task, out, (GDestroyNotify)g_hash_table_unref);
}

static void poll_now(desk_watch_t *watch);

static void on_polled(GObject *source, GAsyncResult *result, gpointer user_data)
{
	(void)source;
	GTask *task = G_TASK(result);
	if (g_cancellable_is_cancelled(g_task_get_cancellable(task)))
		return; /* the watch was freed */
	desk_watch_t *watch = user_data;
	g_autoptr(GHashTable) now = g_task_propagate_pointer(task, NULL);
	GHashTableIter it;
	gpointer key, value;
	watch->busy = false;
	g_hash_table_iter_init(&it, now);
	while (now && g_hash_table_iter_next(&it, &key, &value)) {
		const char *before = g_hash_table_lookup(watch->last, key);
		if (before && strcmp(before, value) == 0)
			continue;
		g_hash_table_insert(watch->last, g_strdup(key), g_strdup(value));
		watch->cb(key, *(const char *)value == '\0', value, watch->user_data);
	}
	if (watch->again) {
		watch->again = false;
		poll_now(watch);
	}
}

static void poll_now(desk_watch_t *watch)
{
	if (watch->busy) {
		watch->again = true;
		return;
	}
	if (!watch->printers || !watch->printers[0])
		return;
	watch->busy = true;
	GTask *task = g_task_new(NULL, watch->cancellable, on_polled, watch);
	g_task_set_task_data(task, g_strdupv(watch->printers), (GDestroyNotify)g_strfreev);
	g_task_run_in_thread(task, poll_thread);
	g_object_unref(task);
}

static gboolean on_timer(gpointer user_data)
{
	poll_now(user_data);
	return G_SOURCE_CONTINUE;
}

desk_watch_t *desk_watch_new(guint interval_s, desk_watch_cb cb, gpointer user_data)
{
	g_return_val_if_fail(cb != NULL && interval_s > 0, NULL);
	desk_watch_t *watch = g_new0(desk_watch_t, 1);
	watch->cb = cb;
	watch->user_data = user_data;
	watch->last = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	watch->cancellable = g_cancellable_new();
	watch->timer = g_timeout_add_seconds(interval_s, on_timer, watch);
	return watch;
}

void desk_watch_free(desk_watch_t *watch)
{
	if (!watch)
		return;
	g_cancellable_cancel(watch->cancellable);
	g_object_unref(watch->cancellable);
	g_source_remove(watch->timer);
	g_hash_table_unref(watch->last);
	g_strfreev(watch->printers);
	g_free(watch);
}

void desk_watch_set_printers(desk_watch_t *watch, const char *const *printers)
{
	g_return_if_fail(watch != NULL);
	g_autoptr(GPtrArray) keep = g_ptr_array_new();
	for (int i = 0; printers && printers[i]; i++) {
		bool seen = false;
		for (guint j = 0; j < keep->len; j++)
			seen = seen || strcmp(keep->pdata[j], printers[i]) == 0;
		if (*printers[i] && !g_str_has_prefix(printers[i], "folder:") && !seen)
			g_ptr_array_add(keep, (gpointer)printers[i]);
	}
	g_ptr_array_add(keep, NULL);
	g_strfreev(watch->printers);
	watch->printers = g_strdupv((char **)keep->pdata);
	poll_now(watch);
}

/* station.c: the check-in station: store first, then the print queue; previews through the
 * renderer. */
#include <errno.h>
#include <string.h>

#include <cups/cups.h>

#include "layout.h"
#include "printq.h"
#include "render.h"
#include "station.h"
#include "watch.h"
#include "store.h"
#include "template.h"

G_DEFINE_QUARK(desk - station - error - quark, desk_station_error)

struct desk_station {
	char *state_dir, *layouts_dir, *fonts_dir;
	desk_store_t *store;
	desk_printq_t *printq;
	desk_renderer_t *renderer;   /* created on the first preview */
	const desk_config_t *config; /* borrowed */
	gint64 event_id;
	char *default_printer;   /* the system's default CUPS destination, or NULL */
	GHashTable *layouts;     /* char * name -> desk_layout_t *: for previews */
	GHashTable *job_printer; /* gint64 * job -> char * printer */
	GHashTable *trouble;     /* char * printer -> char * reason */
	desk_station_job_cb job_cb;
	gpointer job_data;
	desk_watch_t *watch; /* CUPS printer state, polled */
	guint watch_interval;
	desk_station_printer_cb printer_cb;
	gpointer printer_data;
};

void desk_station_result_clear(desk_station_result_t *result)
{
	if (!result)
		return;
	g_clear_pointer(&result->reason, g_free);
	memset(result, 0, sizeof(*result));
}

static void layout_free_cb(gpointer p)
{
	desk_layout_free(p);
}

static void on_job(gint64 job_id, gint64 attendee_id, desk_job_state_t state, const char *reason,
                   gpointer user_data)
{
	desk_station_t *st = user_data;
	const char *printer = g_hash_table_lookup(st->job_printer, &job_id);
	bool owed = state == DESK_JOB_STOPPED || state == DESK_JOB_ABORTED ||
	            state == DESK_JOB_FAILED || state == DESK_JOB_CANCELLED;
	if (printer && owed)
		g_hash_table_insert(
		    st->trouble, g_strdup(printer),
		    g_strdup(reason && *reason ? reason : desk_job_state_name(state)));
	else if (printer && (state == DESK_JOB_PROCESSING || state == DESK_JOB_COMPLETED))
		g_hash_table_remove(st->trouble, printer);
	if (st->job_cb)
		st->job_cb(job_id, attendee_id, desk_job_state_name(state), owed, printer, reason,
		           st->job_data);
}

static void on_fields(GHashTable *fields, gpointer user_data);

static bool ensure_tables(desk_station_t *st, GError **error)
{
	char *err = NULL;
	if (sqlite3_exec(desk_store_db(st->store),
	                 "CREATE TABLE IF NOT EXISTS kiosk_reprints ("
	                 " attendee_id INTEGER PRIMARY KEY, count INTEGER NOT NULL DEFAULT 0)",
	                 NULL, NULL, &err) != SQLITE_OK) {
		g_set_error(error, DESK_STATION_ERROR, DESK_STATION_ERROR_UNAVAILABLE,
		            "kiosk_reprints table: %s", err ? err : "?");
		sqlite3_free(err);
		return false;
	}
	return true;
}

desk_station_t *desk_station_new(const char *state_dir, const char *layouts_dir,
                                 const char *fonts_dir, GError **error)
{
	g_return_val_if_fail(state_dir && layouts_dir, NULL);
	g_autoptr(desk_station_t) st = g_new0(desk_station_t, 1);
	st->state_dir = g_strdup(state_dir);
	st->layouts_dir = g_strdup(layouts_dir);
	st->fonts_dir = g_strdup(fonts_dir);
	st->layouts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, layout_free_cb);
	st->job_printer = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	st->trouble = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	if (g_mkdir_with_parents(state_dir, 0750) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: %s",
		            state_dir, g_strerror(errno));
		return NULL;
	}
	st->store = desk_store_open(state_dir, error);
	if (!st->store || !ensure_tables(st, error))
		return NULL;
	st->printq = desk_printq_new(st->store, layouts_dir, error);
	if (!st->printq)
		return NULL;
	desk_printq_set_listener(st->printq, on_job, st);
	desk_printq_set_fields_hook(st->printq, on_fields, st);
	return g_steal_pointer(&st);
}

void desk_station_free(desk_station_t *st)
{
	if (!st)
		return;
	desk_watch_free(st->watch);
	if (st->printq)
		desk_printq_free(st->printq);
	if (st->renderer)
		desk_renderer_free(st->renderer);
	if (st->store)
		desk_store_free(st->store);
	g_hash_table_unref(st->layouts);
	g_hash_table_unref(st->job_printer);
	g_hash_table_unref(st->trouble);
	g_free(st->state_dir);
	g_free(st->layouts_dir);
	g_free(st->fonts_dir);
	g_free(st->default_printer);
	g_free(st);
}

void desk_station_set_printer_listener(desk_station_t *st, desk_station_printer_cb cb,
                                       gpointer data)
{
	st->printer_cb = cb;
	st->printer_data = data;
}

void desk_station_set_job_listener(desk_station_t *st, desk_station_job_cb cb, gpointer data)
{
	st->job_cb = cb;
	st->job_data = data;
}

gint64 desk_station_event_id(desk_station_t *st)
{
	return st->event_id;
}

/* ---- configuration ------------------------------------------------------ */

static bool load_layout_into(desk_station_t *st, GHashTable *into, const char *name, GError **error)
{
	if (!name || g_hash_table_contains(into, name))
		return true;
	if (strstr(name, "..") || g_path_is_absolute(name)) {
		g_set_error(error, DESK_STATION_ERROR, DESK_STATION_ERROR_INVALID,
		            "layout \"%s\": give a name inside %s", name, st->layouts_dir);
		return false;
	}
	g_autofree char *path = g_build_filename(st->layouts_dir, name, NULL);
	desk_layout_t *layout = desk_layout_load(path, st->layouts_dir, error);
	if (!layout)
		return false;
	g_hash_table_insert(into, g_strdup(name), layout);
	return true;
}

/* The system's default CUPS destination (blocking; once per config), or NULL. */
static char *default_destination(void)
{
	cups_dest_t *dest = cupsGetNamedDest(CUPS_HTTP_DEFAULT, NULL, NULL);
	char *name = dest ? g_strdup(dest->name) : NULL;
	cupsFreeDests(dest ? 1 : 0, dest);
	return name;
}

static void on_printer(const char *printer, bool ok, const char *reason, gpointer user_data)
{
	desk_station_t *st = user_data;
	if (ok)
		g_hash_table_remove(st->trouble, printer);
	else
		g_hash_table_insert(st->trouble, g_strdup(printer), g_strdup(reason));
	if (st->printer_cb)
		st->printer_cb(printer, ok, reason, st->printer_data);
}

/* Follows the printers of every station of @config (badge, then sticker). */
static void watch_printers(desk_station_t *st, const desk_config_t *config)
{
	if (!st->watch || st->watch_interval != config->printer_poll) {
		desk_watch_free(st->watch);
		st->watch = desk_watch_new(MAX(config->printer_poll, 1), on_printer, st);
		st->watch_interval = config->printer_poll;
	}
	g_autoptr(GPtrArray) names = g_ptr_array_new();
	for (guint i = 0; i < config->stations->len; i++) {
		const desk_station_config_t *s = config->stations->pdata[i];
		g_ptr_array_add(names, (gpointer)desk_station_badge_printer(st, s->name));
		if (s->sticker_printer)
			g_ptr_array_add(names, s->sticker_printer);
	}
	g_ptr_array_add(names, NULL);
	desk_watch_set_printers(st->watch, (const char *const *)names->pdata);
}

/* Loads every layout @config names, so a bad one is caught before the swap. */
static GHashTable *load_layouts(desk_station_t *st, const desk_config_t *config, GError **error)
{
	g_autoptr(GHashTable) into =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, layout_free_cb);
	for (guint i = 0; i < config->stations->len; i++) {
		const desk_station_config_t *s = config->stations->pdata[i];
		if (!load_layout_into(st, into, s->badge_layout, error) ||
		    (config->stickers && !load_layout_into(st, into, s->sticker_layout, error)))
			return NULL;
	}
	for (guint i = 0; config->stickers && i < config->groups->len; i++) {
		const desk_group_config_t *g = config->groups->pdata[i];
		if (!load_layout_into(st, into, g->sticker_layout, error))
			return NULL;
	}
	return g_steal_pointer(&into);
}

bool desk_station_set_config(desk_station_t *st, const desk_config_t *config, GError **error)
{
	g_return_val_if_fail(st && config, false);
	g_autoptr(GHashTable) layouts = load_layouts(st, config, error);
	if (!layouts)
		return false;
	gint64 event_id =
	    desk_store_event_ensure(st->store, config->slug, config->name, config->date, error);
	if (event_id <= 0)
		return false;
	st->event_id = event_id;
	st->config = config;
	g_free(st->default_printer);
	st->default_printer = default_destination();
	watch_printers(st, config);
	g_hash_table_unref(st->layouts);
	st->layouts = g_steal_pointer(&layouts);
	return true;
}

/* ---- attendees ---------------------------------------------------------- */

GPtrArray *desk_station_search(desk_station_t *st, const char *text, guint limit, GError **error)
{
	return desk_store_search(st->store, st->event_id, text, limit, error);
}

static bool same_event(desk_station_t *st, desk_attendee_t *a, GError **error)
{
	if (a->event_id == st->event_id)
		return true;
	g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_NOT_FOUND, "no such attendee");
	return false;
}

desk_attendee_t *desk_station_get(desk_station_t *st, gint64 attendee_id, GError **error)
{
	g_autoptr(desk_attendee_t) a = desk_store_attendee_get(st->store, attendee_id, error);
	if (!a || !same_event(st, a, error))
		return NULL;
	return g_steal_pointer(&a);
}

desk_attendee_t *desk_station_find_code(desk_station_t *st, const char *code, GError **error)
{
	return desk_store_find_code(st->store, st->event_id, code, error);
}

bool desk_station_update(desk_station_t *st, gint64 attendee_id, const char *display_name,
                         const char *pronouns, const char *company, const char *group,
                         GError **error)
{
	if (group && *group && !desk_config_group(st->config, group)) {
		g_set_error(error, DESK_STATION_ERROR, DESK_STATION_ERROR_INVALID,
		            "no such group \"%s\"", group);
		return false;
	}
	g_autoptr(desk_attendee_t) a = desk_station_get(st, attendee_id, error);
	return a && desk_store_attendee_update_display(st->store, attendee_id, display_name,
	                                               pronouns, company, group, error);
}

/* ---- printing ----------------------------------------------------------- */

static const desk_station_config_t *station_config(desk_station_t *st, const char *name)
{
	const desk_station_config_t *s = desk_config_station(st->config, name);
	return s ? s : desk_config_station(st->config, NULL);
}

const char *desk_station_badge_printer(desk_station_t *st, const char *station_name)
{
	const desk_station_config_t *s = station_config(st, station_name);
	if (s->badge_printer)
		return s->badge_printer;
	if (st->default_printer)
		return st->default_printer;
	return s->fallback_printer ? s->fallback_printer : "";
}

bool desk_station_printer_ok(desk_station_t *st, const char *printer, const char **reason)
{
	const char *why = g_hash_table_lookup(st->trouble, printer ? printer : "");
	if (!printer || !*printer)
		why = "no printer is configured for this station";
	if (reason)
		*reason = why;
	return why == NULL;
}

/* Queues one job; on failure records why in @out and returns 0 (the arrival stands). */
static gint64 submit(desk_station_t *st, gint64 attendee_id, const char *kind, const char *layout,
                     const char *printer, desk_station_result_t *out)
{
	g_autoptr(GError) error = NULL;
	if (!st->printq) {
		g_free(out->reason);
		out->reason = g_strdup("printing is not available in this build yet");
		return 0;
	}
	gint64 job = desk_printq_submit(st->printq, attendee_id, kind, layout, printer, &error);
	if (job <= 0) {
		g_free(out->reason);
		out->reason = g_strdup(error ? error->message : "could not queue the job");
		return 0;
	}
	gint64 *key = g_new(gint64, 1);
	*key = job;
	g_hash_table_insert(st->job_printer, key, g_strdup(printer));
	return job;
}

/* The configured group @group names (its short name, else its display name),
 * the event's default group when @group is empty or unknown, or NULL. */
static const desk_group_config_t *group_for(desk_station_t *st, const char *group)
{
	const desk_config_t *c = st->config;
	const desk_group_config_t *g = group && *group ? desk_config_group(c, group) : NULL;
	for (guint i = 0; !g && group && *group && i < c->groups->len; i++) {
		const desk_group_config_t *each = c->groups->pdata[i];
		if (each->name && g_utf8_collate(each->name, group) == 0)
			g = each;
	}
	return g ? g : desk_config_group(c, c->default_group);
}

/* The group's sticker layout first, the station's as the fallback. */
static const char *sticker_layout(desk_station_t *st, const desk_station_config_t *s,
                                  const char *group)
{
	const desk_group_config_t *g = group_for(st, group);
	if (!st->config->stickers || !g)
		return NULL;
	return g->sticker_layout ? g->sticker_layout : s->sticker_layout;
}

/* Completes a badge's or sticker's fields from the attendee's group (or the
 * default group): group = its name, group_short = SHORT, group_url = its url.
 * An attendee whose group is not configured keeps the roster's "group" and
 * gets the default group's short name and url only when it had no group. */
static void complete_fields(desk_station_t *st, GHashTable *fields)
{
	if (!st->config)
		return;
	const char *group = g_hash_table_lookup(fields, "group");
	const desk_group_config_t *g = group_for(st, group);
	bool fallback = g && group && *group && g_strcmp0(g->short_name, group) != 0 &&
	                g_strcmp0(g->name, group) != 0;
	if (!g || fallback)
		return;
	g_hash_table_replace(fields, g_strdup("group"),
	                     g_strdup(g->name ? g->name : g->short_name));
	g_hash_table_replace(fields, g_strdup("group_short"), g_strdup(g->short_name));
	g_hash_table_replace(fields, g_strdup("group_url"), g_strdup(g->url ? g->url : ""));
}

static void on_fields(GHashTable *fields, gpointer user_data)
{
	complete_fields(user_data, fields);
}

static void print_badge(desk_station_t *st, gint64 attendee_id, const char *group,
                        const char *station_name, desk_station_result_t *out)
{
	const desk_station_config_t *s = station_config(st, station_name);
	const char *printer = desk_station_badge_printer(st, station_name);
	const char *why = NULL;
	bool healthy = desk_station_printer_ok(st, printer, &why);
	out->badge_job = submit(st, attendee_id, "badge", s->badge_layout, printer, out);
	const char *sticker = sticker_layout(st, s, group);
	if (sticker)
		out->sticker_job = submit(st, attendee_id, "sticker", sticker,
		                          s->sticker_printer ? s->sticker_printer : printer, out);
	out->printing = out->badge_job > 0 && healthy;
	if (!healthy) { /* the printer's trouble says more than a queueing error */
		g_free(out->reason);
		out->reason = g_strdup(why);
	}
}

static guint reprints_used(desk_station_t *st, gint64 attendee_id)
{
	sqlite3_stmt *stmt = NULL;
	guint n = 0;
	if (sqlite3_prepare_v2(desk_store_db(st->store),
	                       "SELECT count FROM kiosk_reprints WHERE attendee_id = ?", -1, &stmt,
	                       NULL) != SQLITE_OK)
		return G_MAXUINT;
	sqlite3_bind_int64(stmt, 1, attendee_id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = (guint)sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

static bool count_reprint(desk_station_t *st, gint64 attendee_id, GError **error)
{
	sqlite3_stmt *stmt = NULL;
	sqlite3 *db = desk_store_db(st->store);
	int rc = sqlite3_prepare_v2(db,
	                            "INSERT INTO kiosk_reprints (attendee_id, count) VALUES (?, 1) "
	                            "ON CONFLICT (attendee_id) DO UPDATE SET count = count + 1",
	                            -1, &stmt, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(stmt, 1, attendee_id);
		rc = sqlite3_step(stmt);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_DB,
		            "counting the reprint: %s", sqlite3_errmsg(db));
		return false;
	}
	return true;
}

static guint reprints_left(desk_station_t *st, gint64 attendee_id)
{
	switch (st->config->reprint) {
	case DESK_REPRINT_NEVER:
		return 0;
	case DESK_REPRINT_ALWAYS:
		return G_MAXUINT;
	case DESK_REPRINT_ONCE:
		break;
	}
	guint used = reprints_used(st, attendee_id);
	return used >= st->config->reprint_limit ? 0 : st->config->reprint_limit - used;
}

bool desk_station_checkin(desk_station_t *st, gint64 attendee_id, const char *station_name,
                          desk_station_result_t *out, GError **error)
{
	g_return_val_if_fail(st && out, false);
	g_autoptr(desk_attendee_t) a = desk_station_get(st, attendee_id, error);
	desk_checkin_t c = {0};
	if (!a || !desk_store_checkin(st->store, attendee_id, station_name, &c, error))
		return false;
	out->attendee_id = attendee_id;
	out->number = c.number;
	out->already = c.already;
	out->reprints_left = reprints_left(st, attendee_id);
	if (!c.already)
		print_badge(st, attendee_id, a->group_name, station_name, out);
	return true;
}

gint64 desk_station_walkin(desk_station_t *st, const char *first_name, const char *last_name,
                           const char *company, const char *pronouns, bool consent,
                           const char *station_name, desk_station_result_t *out, GError **error)
{
	g_return_val_if_fail(st && first_name && out, 0);
	if (!st->config->walkins) {
		g_set_error(error, DESK_STATION_ERROR, DESK_STATION_ERROR_INVALID,
		            "this event does not take walk-ins at the kiosk");
		return 0;
	}
	if (st->config->consent_required && !consent) {
		g_set_error(error, DESK_STATION_ERROR, DESK_STATION_ERROR_INVALID,
		            "consent: this event needs your agreement to the privacy notice");
		return 0;
	}
	desk_checkin_t c = {0};
	gint64 id = desk_store_walkin(st->store, st->event_id, first_name, last_name, company,
	                              pronouns, consent, station_name, &c, error);
	if (id <= 0)
		return 0;
	out->attendee_id = id;
	out->number = c.number;
	out->reprints_left = reprints_left(st, id);
	print_badge(st, id, st->config->default_group, station_name, out);
	return id;
}

bool desk_station_reprint(desk_station_t *st, gint64 attendee_id, const char *station_name,
                          desk_station_result_t *out, GError **error)
{
	g_return_val_if_fail(st && out, false);
	g_autoptr(desk_attendee_t) a = desk_station_get(st, attendee_id, error);
	if (!a)
		return false;
	if (!a->checked_in_at) {
		g_set_error(error, DESK_STATION_ERROR, DESK_STATION_ERROR_REPRINT,
		            "check in first; a reprint is for a badge already printed");
		return false;
	}
	if (reprints_left(st, attendee_id) == 0) {
		g_set_error(error, DESK_STATION_ERROR, DESK_STATION_ERROR_REPRINT,
		            "no more reprints at the kiosk; a volunteer can help");
		return false;
	}
	if (!count_reprint(st, attendee_id, error) ||
	    !desk_store_log_reprint(st->store, attendee_id, station_name, error))
		return false;
	out->attendee_id = attendee_id;
	out->number = a->checkin_number;
	out->already = true;
	out->reprints_left = reprints_left(st, attendee_id);
	print_badge(st, attendee_id, a->group_name, station_name, out);
	return true;
}

/* ---- previews ----------------------------------------------------------- */

/* A preview is seen at the kiosk: drops e-mail and the roster's own columns (phone,
 * handles, ...), keeping the standard fields and the group's. */
static void public_fields(GHashTable *fields)
{
	static const char *const extra[] = {"group_short", "group_url", "event_lang", NULL};
	GHashTableIter it;
	gpointer key;
	g_hash_table_iter_init(&it, fields);
	while (g_hash_table_iter_next(&it, &key, NULL))
		if (strcmp(key, "email") == 0 ||
		    !(g_strv_contains(desk_fields_standard(), key) || g_strv_contains(extra, key)))
			g_hash_table_iter_remove(&it);
}

GBytes *desk_station_badge_png(desk_station_t *st, gint64 attendee_id, const char *station_name,
                               double dpi, GError **error)
{
	const desk_station_config_t *s = station_config(st, station_name);
	const desk_layout_t *layout = g_hash_table_lookup(st->layouts, s->badge_layout);
	g_autoptr(desk_attendee_t) a = desk_station_get(st, attendee_id, error);
	g_autoptr(desk_event_t) event =
	    a ? desk_store_event_get(st->store, st->event_id, error) : NULL;
	if (!event)
		return NULL;
	if (!layout) {
		g_set_error(error, DESK_STATION_ERROR, DESK_STATION_ERROR_INVALID,
		            "station %s has no badge layout", s->name);
		return NULL;
	}
	if (!st->renderer && !(st->renderer = desk_renderer_new(st->fonts_dir, error)))
		return NULL;
	g_autoptr(GHashTable) fields = desk_attendee_fields(a, event);
	complete_fields(st, fields);
	public_fields(fields);
	return desk_render_png(st->renderer, layout, fields, desk_render_preview_dpi(layout, dpi),
	                       false, error);
}

/* ---- backups ------------------------------------------------------------ */

char *desk_station_backup(desk_station_t *st, GError **error)
{
	g_return_val_if_fail(st != NULL, NULL);
	g_autofree char *dir = g_build_filename(st->state_dir, "backups", NULL);
	return desk_store_backup_to_dir(st->store, dir, 48, error);
}

bool desk_station_can_print(desk_station_t *st)
{
	return st && st->printq;
}

GPtrArray *desk_station_list(desk_station_t *st, const char *filter, guint offset, guint limit,
                             guint *total, GError **error)
{
	return desk_store_attendee_list(st->store, st->event_id, filter, offset, limit, total,
	                                error);
}

desk_store_t *desk_station_store(desk_station_t *st)
{
	return st ? st->store : NULL;
}

struct desk_printq *desk_station_printq(desk_station_t *st)
{
	return st ? st->printq : NULL;
}

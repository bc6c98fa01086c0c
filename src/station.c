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

/* clang-format off */
G_DEFINE_QUARK(desk-station-error-quark, desk_station_error)
/* clang-format on */

struct desk_station {
	char *state_dir, *layouts_dir, *fonts_dir;
	desk_store_t *store;
	desk_printq_t *printq;
	desk_renderer_t *renderer;   /* created on the first preview */
	const desk_config_t *config; /* borrowed */
	gint64 event_id;
	char *default_printer;         /* the system's default CUPS destination, or NULL */
	desk_layout_cache_t *previews; /* what previews draw: the files as saved now */
	GHashTable *job_printer;       /* gint64 * job -> char * printer */
	GHashTable *trouble;           /* char * printer -> char * reason */
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

/* The one definition of "owed": a badge that did not print and will not
 * without staff or a printer coming back: its job stopped, aborted, failed
 * or was cancelled, or it waits on a printer in trouble, or it has no job. */
static bool job_owed(desk_station_t *st, const char *state, const char *printer)
{
	static const char *const owed_states[] = {"none", "stopped", "aborted", "failed",
	                                          "cancelled"};
	for (guint i = 0; i < G_N_ELEMENTS(owed_states); i++)
		if (g_strcmp0(state, owed_states[i]) == 0)
			return true;
	if (g_strcmp0(state, "completed") == 0)
		return false;
	return printer && g_hash_table_contains(st->trouble, printer);
}

static void on_job(gint64 job_id, gint64 attendee_id, desk_job_state_t state, const char *reason,
                   gpointer user_data)
{
	desk_station_t *st = user_data;
	const char *printer = g_hash_table_lookup(st->job_printer, &job_id);
	bool owed = job_owed(st, desk_job_state_name(state), printer);
	/* a job the printer stopped or aborted tells of its trouble */
	bool trouble =
	    state == DESK_JOB_STOPPED || state == DESK_JOB_ABORTED || state == DESK_JOB_FAILED;
	if (printer && trouble)
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

desk_station_t *desk_station_new(const char *state_dir, const char *layouts_dir,
                                 const char *fonts_dir, GError **error)
{
	g_return_val_if_fail(state_dir && layouts_dir, NULL);
	g_autoptr(desk_station_t) st = g_new0(desk_station_t, 1);
	st->state_dir = g_strdup(state_dir);
	st->layouts_dir = g_strdup(layouts_dir);
	st->fonts_dir = g_strdup(fonts_dir);
	st->previews = desk_layout_cache_new(layouts_dir);
	st->job_printer = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	st->trouble = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	if (g_mkdir_with_parents(state_dir, 0750) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: %s",
		            state_dir, g_strerror(errno));
		return NULL;
	}
	st->store = desk_store_open(state_dir, error);
	if (!st->store)
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
	desk_layout_cache_free(st->previews);
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
	if (ok && g_hash_table_remove(st->trouble, printer) && st->printq)
		desk_printq_kick(st->printq, printer); /* waiting badges print now */
	else if (ok)
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
	return true;
}

/* ---- names (the rule itself: station-names.c) ------------------------------ */

char *desk_station_display_name(desk_station_t *st, const desk_attendee_t *a)
{
	g_return_val_if_fail(a != NULL, NULL);
	char *full, *call;
	desk_station_attendee_names(a, st && st->config ? st->config->lang : NULL, &full, &call);
	g_free(call);
	return full;
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

/* ---- scanned codes -------------------------------------------------------- */

/* The value of MECARD field @name ("N", "ORG", "EMAIL") with its \\ escapes
 * undone, or NULL (g_free). */
static char *mecard_field(const char *card, const char *name)
{
	size_t len = strlen(name);
	for (const char *p = card + strlen("MECARD:"); *p;) {
		bool match = strncmp(p, name, len) == 0 && p[len] == ':';
		GString *value = match ? g_string_new(NULL) : NULL;
		for (p += match ? len + 1 : 0; *p && *p != ';'; p++) {
			if (*p == '\\' && p[1])
				p++;
			if (value)
				g_string_append_c(value, *p);
		}
		if (value)
			return g_string_free(value, FALSE);
		if (*p == ';')
			p++;
	}
	return NULL;
}

static bool same_text(const char *a, const char *b)
{
	g_autofree char *fa = g_utf8_casefold(a ? a : "", -1);
	g_autofree char *fb = g_utf8_casefold(b ? b : "", -1);
	return strcmp(fa, fb) == 0;
}

/* The one attendee whose last and first name (and company) are those of a
 * MECARD "N:LAST,FIRST" without an e-mail, or NULL. */
static desk_attendee_t *find_mecard_name(desk_station_t *st, const char *card)
{
	g_autofree char *n = mecard_field(card, "N");
	g_autofree char *org = mecard_field(card, "ORG");
	char *comma = n ? strchr(n, ',') : NULL;
	if (!comma)
		return NULL;
	*comma = '\0';
	g_autofree char *query = g_strstrip(g_strdup_printf("%s %s", comma + 1, n));
	g_autoptr(GPtrArray) found = desk_store_search(st->store, st->event_id, query, 20, NULL);
	gint one = -1;
	for (guint i = 0; found && i < found->len; i++) {
		desk_attendee_t *a = found->pdata[i];
		if (!same_text(a->last_name, n) || !same_text(a->first_name, comma + 1) ||
		    (org && *org && !same_text(a->company, org)))
			continue;
		if (one >= 0)
			return NULL; /* two people of that name: ask them to type it */
		one = (gint)i;
	}
	return one >= 0 ? g_ptr_array_steal_index(found, (guint)one) : NULL;
}

/* A ticket code as given, else in upper, else in lower case: scanners and
 * people type "t-1003" for "T-1003". */
static desk_attendee_t *find_any_case(desk_station_t *st, const char *code, GError **error)
{
	g_autofree char *upper = g_utf8_strup(code, -1);
	g_autofree char *lower = g_utf8_strdown(code, -1);
	const char *tries[] = {code, upper, lower};
	for (guint i = 0; i < G_N_ELEMENTS(tries); i++) {
		g_autoptr(GError) local = NULL;
		if (i > 0 && strcmp(tries[i], code) == 0)
			continue;
		desk_attendee_t *a =
		    desk_store_find_code(st->store, st->event_id, tries[i], &local);
		if (a || !g_error_matches(local, DESK_STORE_ERROR, DESK_STORE_ERROR_NOT_FOUND)) {
			if (!a)
				g_propagate_error(error, g_steal_pointer(&local));
			return a;
		}
	}
	g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_NOT_FOUND,
	            "code: no attendee of this event has it");
	return NULL;
}

desk_attendee_t *desk_station_find_code(desk_station_t *st, const char *code, GError **error)
{
	g_return_val_if_fail(st && code, NULL);
	g_autofree char *trimmed = g_strstrip(g_strdup(code));
	if (g_ascii_strncasecmp(trimmed, "MECARD:", 7) != 0)
		return find_any_case(st, trimmed, error);
	memcpy(trimmed, "MECARD:", 7);
	g_autofree char *email = mecard_field(trimmed, "EMAIL");
	desk_attendee_t *a = email && *email
	                         ? desk_store_find_code(st->store, st->event_id, email, NULL)
	                         : find_mecard_name(st, trimmed);
	if (!a)
		g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_NOT_FOUND,
		            "code: this badge is not of an attendee of this event");
	return a;
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

static void remember_printer(desk_station_t *st, gint64 job, const char *printer)
{
	gint64 *key = g_new(gint64, 1);
	*key = job;
	g_hash_table_insert(st->job_printer, key, g_strdup(printer));
}

/* Queues one job; on failure records why in @out and returns 0 (the arrival stands). */
static gint64 submit(desk_station_t *st, gint64 attendee_id, const desk_job_spec_t *spec,
                     desk_station_result_t *out)
{
	g_autoptr(GError) error = NULL;
	gint64 job = desk_printq_submit(st->printq, attendee_id, spec->kind, spec->layout,
	                                spec->printer, &error);
	if (job <= 0) {
		g_free(out->reason);
		out->reason = g_strdup(error ? error->message : "could not queue the job");
		return 0;
	}
	remember_printer(st, job, spec->printer);
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
	desk_station_name_fields(fields);
}

/* What a badge for @group at @station_name prints: the badge, then the
 * group's sticker (its layout first, the station's as the fallback) when
 * stickers are on. Fills @specs (2) and returns how many. Strings are
 * borrowed from the config. */
static guint badge_specs(desk_station_t *st, const char *group, const char *station_name,
                         desk_job_spec_t *specs)
{
	const desk_station_config_t *s = station_config(st, station_name);
	const char *printer = desk_station_badge_printer(st, station_name);
	specs[0] = (desk_job_spec_t){"badge", s->badge_layout, printer};
	const char *sticker = sticker_layout(st, s, group);
	if (!sticker)
		return 1;
	specs[1] = (desk_job_spec_t){"sticker", sticker,
	                             s->sticker_printer ? s->sticker_printer : printer};
	return 2;
}

/* Layouts exist before anything is stored: a missing one is the organizer's
 * to fix, and the arrival must not carry a job that can never print. */
static guint printable_specs(desk_station_t *st, desk_job_spec_t *specs, guint n,
                             desk_station_result_t *out)
{
	guint kept = 0;
	for (guint i = 0; i < n; i++) {
		g_autofree char *file = g_str_has_suffix(specs[i].layout, ".json")
		                            ? g_strdup(specs[i].layout)
		                            : g_strconcat(specs[i].layout, ".json", NULL);
		g_autofree char *path = g_build_filename(st->layouts_dir, file, NULL);
		if (g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
			specs[kept++] = specs[i];
		} else if (!out->reason) {
			out->reason = g_strdup_printf("layout %s: no such layout in %s",
			                              specs[i].layout, st->layouts_dir);
		}
	}
	return kept;
}

static void printing_state(desk_station_t *st, const char *printer, desk_station_result_t *out)
{
	const char *why = NULL;
	bool healthy = desk_station_printer_ok(st, printer, &why);
	out->printing = out->badge_job > 0 && healthy;
	if (!healthy) { /* the printer's trouble says more than a queueing error */
		g_free(out->reason);
		out->reason = g_strdup(why);
	}
}

/* The jobs the store kept with a new arrival go to the queue; @out says
 * whether the badge is on its way or owed. */
static void queue_stored(desk_station_t *st, const desk_job_list_t *jobs, const desk_checkin_t *c,
                         const char *station_name, desk_station_result_t *out)
{
	for (guint i = 0; i < jobs->n_jobs; i++) {
		g_autoptr(GError) error = NULL;
		if (!c->job_ids[i])
			continue;
		remember_printer(st, c->job_ids[i], jobs->jobs[i].printer);
		if (!desk_printq_enqueue(st->printq, c->job_ids[i], &error) && !out->reason)
			out->reason = g_strdup(error->message);
		if (strcmp(jobs->jobs[i].kind, "badge") == 0)
			out->badge_job = c->job_ids[i];
		else
			out->sticker_job = c->job_ids[i];
	}
	printing_state(st, desk_station_badge_printer(st, station_name), out);
}

static void print_badge(desk_station_t *st, gint64 attendee_id, const char *group,
                        const char *station_name, desk_station_result_t *out)
{
	desk_job_spec_t specs[2];
	guint n = printable_specs(st, specs, badge_specs(st, group, station_name, specs), out);
	for (guint i = 0; i < n; i++) {
		gint64 job = submit(st, attendee_id, &specs[i], out);
		if (strcmp(specs[i].kind, "badge") == 0)
			out->badge_job = job;
		else
			out->sticker_job = job;
	}
	printing_state(st, desk_station_badge_printer(st, station_name), out);
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
	guint used = desk_store_kiosk_reprints(st->store, attendee_id);
	return used >= st->config->reprint_limit ? 0 : st->config->reprint_limit - used;
}

/* Who may check in by themselves: everyone the roster expects, and anyone
 * who already arrived (a volunteer admitted them). Cancelled, declined,
 * waitlisted and refunded attendees are sent to a volunteer. */
bool desk_station_may_check_in(const desk_attendee_t *a, GError **error)
{
	if (a->expected || a->checkin_number > 0)
		return true;
	g_set_error(error, DESK_STATION_ERROR, DESK_STATION_ERROR_NOT_EXPECTED,
	            "please see a volunteer (%s)",
	            a->status_reason ? a->status_reason : "not expected");
	return false;
}

static bool checkin(desk_station_t *st, gint64 attendee_id, const char *station_name, bool staff,
                    desk_station_result_t *out, GError **error)
{
	g_return_val_if_fail(st && out, false);
	g_autoptr(desk_attendee_t) a = desk_station_get(st, attendee_id, error);
	if (!a || (!staff && !desk_station_may_check_in(a, error)))
		return false;
	desk_job_spec_t specs[2];
	desk_job_list_t jobs = {specs, 0};
	jobs.n_jobs =
	    printable_specs(st, specs, badge_specs(st, a->group_name, station_name, specs), out);
	desk_checkin_t c = {0};
	if (!desk_store_checkin_with_jobs(st->store, attendee_id, station_name, &jobs, &c, error))
		return false;
	out->attendee_id = attendee_id;
	out->number = c.number;
	out->already = c.already;
	out->reprints_left = reprints_left(st, attendee_id);
	if (!c.already)
		queue_stored(st, &jobs, &c, station_name, out);
	return true;
}

bool desk_station_checkin(desk_station_t *st, gint64 attendee_id, const char *station_name,
                          desk_station_result_t *out, GError **error)
{
	return checkin(st, attendee_id, station_name, false, out, error);
}

bool desk_station_admit(desk_station_t *st, gint64 attendee_id, const char *station_name,
                        desk_station_result_t *out, GError **error)
{
	return checkin(st, attendee_id, station_name, true, out, error);
}

gint64 desk_station_walkin(desk_station_t *st, const char *first_name, const char *last_name,
                           const char *company, const char *pronouns, const char *group,
                           bool consent, const char *station_name, desk_station_result_t *out,
                           GError **error)
{
	g_return_val_if_fail(st && first_name && out, 0);
	if (group && *group && !desk_config_group(st->config, group)) {
		g_set_error(error, DESK_STATION_ERROR, DESK_STATION_ERROR_INVALID,
		            "no such group \"%s\"", group);
		return 0;
	}
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
	const char *walkin_group = group && *group ? group : st->config->default_group;
	desk_job_spec_t specs[2];
	desk_job_list_t jobs = {specs, 0};
	jobs.n_jobs =
	    printable_specs(st, specs, badge_specs(st, walkin_group, station_name, specs), out);
	desk_attendee_t person = {.first_name = (char *)first_name,
	                          .last_name = (char *)last_name,
	                          .company = (char *)company,
	                          .pronouns = (char *)pronouns,
	                          .group_name = group && *group ? (char *)group : NULL,
	                          .consent_share = consent};
	desk_checkin_t c = {0};
	gint64 id = desk_store_walkin_with_jobs(st->store, st->event_id, &person, station_name,
	                                        &jobs, &c, error);
	if (id <= 0)
		return 0;
	out->attendee_id = id;
	out->number = c.number;
	out->reprints_left = reprints_left(st, id);
	queue_stored(st, &jobs, &c, station_name, out);
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
	if (!desk_store_kiosk_reprint_count(st->store, attendee_id, error) ||
	    !desk_store_log_reprint(st->store, attendee_id, station_name, error))
		return false;
	out->attendee_id = attendee_id;
	out->number = a->checkin_number;
	out->already = true;
	out->reprints_left = reprints_left(st, attendee_id);
	print_badge(st, attendee_id, a->group_name, station_name, out);
	return true;
}

gint64 desk_station_print_kind(desk_station_t *st, gint64 attendee_id, const char *kind,
                               const char *station_name, GError **error)
{
	g_return_val_if_fail(st && kind, 0);
	g_autoptr(desk_attendee_t) a = desk_station_get(st, attendee_id, error);
	if (!a)
		return 0;
	if (station_name && *station_name && !desk_config_station(st->config, station_name)) {
		g_set_error(error, DESK_STATION_ERROR, DESK_STATION_ERROR_INVALID,
		            "no station called \"%s\"", station_name);
		return 0;
	}
	desk_job_spec_t specs[2];
	guint n = badge_specs(st, a->group_name, station_name, specs);
	for (guint i = 0; i < n; i++) {
		if (strcmp(specs[i].kind, kind) != 0)
			continue;
		gint64 job = desk_printq_submit(st->printq, attendee_id, kind, specs[i].layout,
		                                specs[i].printer, error);
		if (job)
			remember_printer(st, job, specs[i].printer);
		return job;
	}
	g_set_error(error, DESK_STATION_ERROR, DESK_STATION_ERROR_INVALID,
	            strcmp(kind, "sticker") == 0 ? "no sticker layout for this attendee's group"
	                                         : "nothing to print as \"%s\"",
	            kind);
	return 0;
}

gint64 desk_station_test_print(desk_station_t *st, const char *printer, const char *layout,
                               gint64 attendee_id, GError **error)
{
	g_return_val_if_fail(st && printer, 0);
	gint64 who = attendee_id > 0
	                 ? attendee_id
	                 : desk_store_attendee_pick(st->store, st->event_id, DESK_PICK_FIRST);
	if (!who) {
		g_set_error(error, DESK_STATION_ERROR, DESK_STATION_ERROR_INVALID,
		            "attendee: a test print shows an attendee: import a roster first");
		return 0;
	}
	const desk_station_config_t *s = station_config(st, NULL);
	gint64 job = desk_printq_submit(st->printq, who, "test", layout ? layout : s->badge_layout,
	                                printer, error);
	if (job)
		remember_printer(st, job, printer);
	return job;
}

GArray *desk_station_owed(desk_station_t *st, guint limit, GError **error)
{
	g_return_val_if_fail(st != NULL, NULL);
	g_autoptr(GPtrArray) rows =
	    desk_store_badges_unprinted(st->store, st->event_id, 10000, error);
	if (!rows)
		return NULL;
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(gint64));
	for (guint i = 0; i < rows->len && ids->len < limit; i++) {
		const desk_job_row_t *r = rows->pdata[i];
		if (job_owed(st, r->state, r->printer))
			g_array_append_val(ids, r->attendee_id);
	}
	return ids;
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
	return desk_station_preview_png(st, attendee_id, station_name, NULL, dpi, error);
}

/* Lays the kiosk's unsaved edits over the attendee's fields. */
static void apply_preview_edits(desk_station_t *st, GHashTable *fields, GHashTable *edits)
{
	static const char *const keys[] = {"display_name", "pronouns", "company"};
	for (guint i = 0; edits && i < G_N_ELEMENTS(keys); i++) {
		const char *v = g_hash_table_lookup(edits, keys[i]);
		if (v)
			g_hash_table_replace(fields, g_strdup(keys[i]), g_strdup(v));
	}
	const char *group = edits ? g_hash_table_lookup(edits, "group") : NULL;
	if (group && desk_config_group(st->config, group))
		g_hash_table_replace(fields, g_strdup("group"), g_strdup(group));
}

GBytes *desk_station_preview_png(desk_station_t *st, gint64 attendee_id, const char *station_name,
                                 GHashTable *edits, double dpi, GError **error)
{
	const desk_station_config_t *s = station_config(st, station_name);
	g_autoptr(desk_attendee_t) a = desk_station_get(st, attendee_id, error);
	g_autoptr(desk_event_t) event =
	    a ? desk_store_event_get(st->store, st->event_id, error) : NULL;
	if (!event)
		return NULL;
	if (!s->badge_layout) {
		g_set_error(error, DESK_STATION_ERROR, DESK_STATION_ERROR_INVALID,
		            "station %s has no badge layout", s->name);
		return NULL;
	}
	g_autofree char *path = g_build_filename(st->layouts_dir, s->badge_layout, NULL);
	const desk_layout_t *layout = desk_layout_cache_get(st->previews, path, error);
	if (!layout)
		return NULL;
	if (!st->renderer && !(st->renderer = desk_renderer_new(st->fonts_dir, error)))
		return NULL;
	g_autoptr(GHashTable) fields = desk_attendee_fields(a, event);
	apply_preview_edits(st, fields, edits);
	complete_fields(st, fields);
	desk_station_name_fields(fields);
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

/* api-printq.c: organizer endpoints for printers (state per station, label rolls) and the print
 * queue. */
#include <string.h>

#include "console-internal.h"
#include "http.h"
#include "printer.h"

/* ---- jobs ---------------------------------------------------------------- */

static void list_jobs(desk_console_t *c, desk_store_t *store, SoupServerMessage *msg)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) jobs =
	    desk_store_jobs_list(store, desk_station_event_id(c->api->station), 200, &error);
	if (!jobs) {
		console_send_gerror(msg, error);
		return;
	}
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "jobs");
	json_builder_begin_array(b);
	for (guint i = 0; i < jobs->len; i++) {
		const desk_job_row_t *j = jobs->pdata[i];
		json_builder_begin_object(b);
		desk_json_add_int(b, "id", j->id);
		if (j->attendee_id)
			desk_json_add_int(b, "attendee", j->attendee_id);
		else
			desk_json_add_str(b, "attendee", NULL);
		desk_json_add_str(b, "kind", j->kind);
		desk_json_add_str(b, "layout", j->layout);
		desk_json_add_str(b, "printer", j->printer);
		desk_json_add_str(b, "state", j->state);
		desk_json_add_int(b, "attempts", j->attempts);
		desk_json_add_str(b, "error", j->last_error);
		desk_json_add_str(b, "updated_at", j->updated_at);
		desk_json_add_str(b, "name", j->name);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
}

static void job_action(desk_console_t *c, SoupServerMessage *msg, gint64 id, const char *action)
{
	desk_printq_t *q = desk_station_printq(c->api->station);
	g_autoptr(GError) error = NULL;
	bool ok = false;
	if (!q) {
		desk_http_send_error(msg, 503, "unavailable", NULL,
		                     "printing is not in this build");
		return;
	}
	if (strcmp(action, "retry") == 0) {
		ok = desk_printq_retry(q, id, &error);
	} else if (strcmp(action, "cancel") == 0) {
		ok = desk_printq_cancel(q, id, &error);
	} else if (strcmp(action, "move") == 0) {
		g_autoptr(JsonObject) body = desk_http_read_object(msg);
		const char *printer = NULL;
		if (!body || !desk_http_get_string(msg, body, "printer", 200, true, &printer))
			return;
		ok = desk_printq_move(q, id, printer, &error);
	} else {
		desk_http_send_error(msg, 404, "not_found", NULL, "no such job action");
		return;
	}
	if (!ok)
		desk_http_send_error(msg, 409, "conflict", NULL, "%s", error->message);
	else
		desk_http_send_json(msg, SOUP_STATUS_OK, NULL);
}

void console_jobs(desk_console_t *c, SoupServerMessage *msg, const char *rest)
{
	desk_store_t *store = console_store(c, msg);
	if (!store)
		return;
	if (!*rest || strcmp(rest, "/") == 0) {
		if (console_method(msg, "GET"))
			list_jobs(c, store, msg);
		return;
	}
	g_auto(GStrv) parts = g_strsplit(rest + 1, "/", 3);
	gint64 id = 0;
	if (!console_parse_id(parts[0], &id) || !parts[1] || parts[2])
		desk_http_send_error(msg, 404, "not_found", NULL, "no such job");
	else if (console_method(msg, "POST"))
		job_action(c, msg, id, parts[1]);
}

/* ---- printers and label rolls -------------------------------------------- */

static void add_printer(JsonBuilder *b, desk_console_t *c, desk_store_t *store, const char *role,
                        const char *printer)
{
	const char *reason = NULL;
	bool ok = desk_station_printer_ok(c->api->station, printer, &reason);
	gint64 capacity = 0, left = desk_store_roll_left(store, printer, &capacity);
	json_builder_set_member_name(b, role);
	json_builder_begin_object(b);
	desk_json_add_str(b, "printer", printer);
	json_builder_set_member_name(b, "ok");
	json_builder_add_boolean_value(b, ok);
	desk_json_add_str(b, "reason", reason);
	desk_json_add_int(b, "roll_capacity", capacity);
	desk_json_add_int(b, "labels_left", left);
	json_builder_end_object(b);
}

static void add_cups(JsonBuilder *b)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) list = desk_printer_list(&error);
	json_builder_set_member_name(b, "cups");
	json_builder_begin_array(b);
	for (guint i = 0; list && i < list->len; i++)
		json_builder_add_value(b, desk_printer_to_json(list->pdata[i]));
	json_builder_end_array(b);
	desk_json_add_str(b, "cups_error", error ? error->message : NULL);
}

static void list_printers(desk_console_t *c, desk_store_t *store, SoupServerMessage *msg)
{
	const desk_config_t *config = c->api->config;
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "stations");
	json_builder_begin_array(b);
	for (guint i = 0; i < config->stations->len; i++) {
		const desk_station_config_t *s = config->stations->pdata[i];
		const char *badge = desk_station_badge_printer(c->api->station, s->name);
		json_builder_begin_object(b);
		desk_json_add_str(b, "name", s->name);
		add_printer(b, c, store, "badge", badge);
		add_printer(b, c, store, "sticker",
		            s->sticker_printer ? s->sticker_printer : badge);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	add_cups(b);
	json_builder_end_object(b);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
}

/* POST /api/printers/NAME/roll {"capacity": N}: a new roll was put in. */
static void new_roll(desk_store_t *store, SoupServerMessage *msg, const char *printer)
{
	g_autoptr(JsonObject) body = desk_http_read_object(msg);
	if (!body)
		return;
	JsonNode *n = json_object_get_member(body, "capacity");
	gint64 cap = n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_INT64
	                 ? json_node_get_int(n)
	                 : 0;
	if (cap < 1 || cap > 100000) {
		desk_http_send_error(msg, 422, "invalid", "capacity",
		                     "capacity is the number of labels on the roll (1 to 100000)");
		return;
	}
	g_autoptr(GError) error = NULL;
	if (!desk_store_roll_set(store, printer, cap, &error))
		console_send_gerror(msg, error);
	else
		desk_http_send_json(msg, SOUP_STATUS_OK, NULL);
}

/* POST /api/printers/NAME/test {"layout"?, "attendee"?}: one label of @layout
 * (default: the default station's badge layout) for an attendee (default:
 * the first of the roster), as a job of kind "test". */
static void test_print(desk_console_t *c, SoupServerMessage *msg, const char *printer)
{
	g_autoptr(JsonObject) body = desk_http_read_object(msg);
	const char *layout = NULL;
	if (!body || !desk_http_get_string(msg, body, "layout", 120, false, &layout))
		return;
	if (layout && !console_layout_name_ok(layout)) {
		desk_http_send_error(msg, 422, "invalid", "layout", "no such layout name");
		return;
	}
	JsonNode *n = json_object_get_member(body, "attendee");
	gint64 who = n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_INT64
	                 ? json_node_get_int(n)
	                 : 0;
	g_autoptr(GError) error = NULL;
	gint64 job = desk_station_test_print(c->api->station, printer, layout, who, &error);
	if (!job) {
		console_send_gerror(msg, error);
		return;
	}
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	desk_json_add_int(b, "job", job);
	json_builder_end_object(b);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
}

void console_printers(desk_console_t *c, SoupServerMessage *msg, const char *rest)
{
	desk_store_t *store = console_store(c, msg);
	if (!store)
		return;
	if (!*rest || strcmp(rest, "/") == 0) {
		if (console_method(msg, "GET"))
			list_printers(c, store, msg);
		return;
	}
	/* NAME/ACTION; the path arrives decoded, so NAME may hold '/' ("folder:DIR") */
	const char *slash = strrchr(rest, '/');
	const char *action = slash ? slash + 1 : "";
	g_autofree char *name =
	    slash > rest ? g_strndup(rest + 1, (gsize)(slash - rest - 1)) : NULL;
	if (!name || !*name || !desk_http_text_ok(name, 200, false) ||
	    (strcmp(action, "roll") && strcmp(action, "test"))) {
		desk_http_send_error(msg, 404, "not_found", NULL, "no such printer endpoint");
		return;
	}
	if (!console_method(msg, "POST"))
		return;
	if (strcmp(action, "roll") == 0)
		new_roll(store, msg, name);
	else
		test_print(c, msg, name);
}

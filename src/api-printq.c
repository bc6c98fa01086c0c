/* api-printq.c: organizer endpoints for printers (state per station, label rolls) and the print
 * queue. */
#include <string.h>

#include "console-internal.h"
#include "printer.h"

static void add_str(JsonBuilder *b, const char *name, const char *value)
{
	json_builder_set_member_name(b, name);
	if (value)
		json_builder_add_string_value(b, value);
	else
		json_builder_add_null_value(b);
}

static void add_int(JsonBuilder *b, const char *name, gint64 value)
{
	json_builder_set_member_name(b, name);
	json_builder_add_int_value(b, value);
}

/* ---- jobs ---------------------------------------------------------------- */

static void list_jobs(desk_console_t *c, desk_store_t *store, SoupServerMessage *msg)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(
	        desk_store_db(store),
	        "SELECT j.id, j.attendee_id, j.kind, j.layout, j.printer, j.state, "
	        " j.attempts, j.last_error, j.updated_at, "
	        " coalesce(nullif(a.display_name,''), trim(coalesce(a.first_name,'') "
	        "  || ' ' || coalesce(a.last_name,''))) "
	        "FROM print_jobs j LEFT JOIN attendees a ON a.id = j.attendee_id "
	        "WHERE j.event_id = ?1 ORDER BY j.id DESC LIMIT 200",
	        -1, &st, NULL) != SQLITE_OK) {
		desk_http_send_error(msg, 500, "internal", NULL, "print_jobs: %s",
		                     sqlite3_errmsg(desk_store_db(store)));
		return;
	}
	sqlite3_bind_int64(st, 1, desk_station_event_id(c->api->station));
	static const char *const names[] = {"id",    "attendee", "kind",  "layout",     "printer",
	                                    "state", "attempts", "error", "updated_at", "name"};
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "jobs");
	json_builder_begin_array(b);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_builder_begin_object(b);
		for (int i = 0; i < (int)G_N_ELEMENTS(names); i++) {
			if (sqlite3_column_type(st, i) == SQLITE_INTEGER)
				add_int(b, names[i], sqlite3_column_int64(st, i));
			else
				add_str(b, names[i], (const char *)sqlite3_column_text(st, i));
		}
		json_builder_end_object(b);
	}
	sqlite3_finalize(st);
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

static bool ensure_rolls(sqlite3 *db)
{
	return sqlite3_exec(db,
	                    "CREATE TABLE IF NOT EXISTS console_rolls (printer TEXT PRIMARY KEY,"
	                    " capacity INTEGER NOT NULL CHECK (capacity > 0),"
	                    " changed_at TEXT NOT NULL)",
	                    NULL, NULL, NULL) == SQLITE_OK;
}

/* Labels left on @printer's roll: capacity minus jobs completed since the
 * roll was changed; -1 when no roll has been recorded. */
static gint64 labels_left(sqlite3 *db, const char *printer, gint64 *capacity)
{
	sqlite3_stmt *st = NULL;
	gint64 left = -1;
	*capacity = 0;
	if (!ensure_rolls(db) ||
	    sqlite3_prepare_v2(db,
	                       "SELECT r.capacity, r.capacity - (SELECT count(*) FROM print_jobs j "
	                       " WHERE j.printer = r.printer AND j.state = 'completed' AND "
	                       " j.updated_at >= r.changed_at) FROM console_rolls r "
	                       "WHERE r.printer = ?",
	                       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, printer, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*capacity = sqlite3_column_int64(st, 0);
		left = MAX(sqlite3_column_int64(st, 1), 0);
	}
	sqlite3_finalize(st);
	return left;
}

static void add_printer(JsonBuilder *b, desk_console_t *c, sqlite3 *db, const char *role,
                        const char *printer)
{
	const char *reason = NULL;
	bool ok = desk_station_printer_ok(c->api->station, printer, &reason);
	gint64 capacity = 0, left = labels_left(db, printer, &capacity);
	json_builder_set_member_name(b, role);
	json_builder_begin_object(b);
	add_str(b, "printer", printer);
	json_builder_set_member_name(b, "ok");
	json_builder_add_boolean_value(b, ok);
	add_str(b, "reason", reason);
	add_int(b, "roll_capacity", capacity);
	add_int(b, "labels_left", left);
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
	add_str(b, "cups_error", error ? error->message : NULL);
}

static void list_printers(desk_console_t *c, desk_store_t *store, SoupServerMessage *msg)
{
	sqlite3 *db = desk_store_db(store);
	const desk_config_t *config = c->api->config;
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "stations");
	json_builder_begin_array(b);
	for (guint i = 0; i < config->stations->len; i++) {
		const desk_station_config_t *s = config->stations->pdata[i];
		const char *badge = desk_station_badge_printer(c->api->station, s->name);
		json_builder_begin_object(b);
		add_str(b, "name", s->name);
		add_printer(b, c, db, "badge", badge);
		add_printer(b, c, db, "sticker", s->sticker_printer ? s->sticker_printer : badge);
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
	sqlite3 *db = desk_store_db(store);
	sqlite3_stmt *st = NULL;
	bool ok = ensure_rolls(db) &&
	          sqlite3_prepare_v2(db,
	                             "INSERT OR REPLACE INTO console_rolls VALUES (?, ?, "
	                             "strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
	                             -1, &st, NULL) == SQLITE_OK;
	if (ok) {
		sqlite3_bind_text(st, 1, printer, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, cap);
		ok = sqlite3_step(st) == SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (!ok)
		desk_http_send_error(msg, 500, "internal", NULL, "%s", sqlite3_errmsg(db));
	else
		desk_http_send_json(msg, SOUP_STATUS_OK, NULL);
}

/* The first attendee of the current event (test prints need one), or 0. */
static gint64 any_attendee(desk_console_t *c, desk_store_t *store)
{
	sqlite3_stmt *st = NULL;
	gint64 id = 0;
	if (sqlite3_prepare_v2(desk_store_db(store),
	                       "SELECT id FROM attendees WHERE event_id = ? ORDER BY id LIMIT 1",
	                       -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, desk_station_event_id(c->api->station));
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

/* POST /api/printers/NAME/test {"layout"?, "attendee"?}: one label of @layout
 * (default: the default station's badge layout) for an attendee (default:
 * the first of the roster), as a job of kind "test". */
static void test_print(desk_console_t *c, desk_store_t *store, SoupServerMessage *msg,
                       const char *printer)
{
	g_autoptr(JsonObject) body = desk_http_read_object(msg);
	const char *layout = NULL;
	if (!body || !desk_http_get_string(msg, body, "layout", 120, false, &layout))
		return;
	if (layout && !console_layout_name_ok(layout)) {
		desk_http_send_error(msg, 422, "invalid", "layout", "no such layout name");
		return;
	}
	const desk_station_config_t *s = desk_config_station(c->api->config, NULL);
	JsonNode *n = json_object_get_member(body, "attendee");
	gint64 who = n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_INT64
	                 ? json_node_get_int(n)
	                 : any_attendee(c, store);
	desk_printq_t *q = desk_station_printq(c->api->station);
	if (!q || !who) {
		desk_http_send_error(msg, q ? 422 : 503, q ? "invalid" : "unavailable", "attendee",
		                     q ? "a test print shows an attendee: import a roster first"
		                       : "printing is not in this build");
		return;
	}
	g_autoptr(GError) error = NULL;
	gint64 job =
	    desk_printq_submit(q, who, "test", layout ? layout : s->badge_layout, printer, &error);
	if (!job) {
		console_send_gerror(msg, error);
		return;
	}
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	add_int(b, "job", job);
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
	g_autofree char *name = slash > rest ? g_strndup(rest + 1, (gsize)(slash - rest - 1)) : NULL;
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
		test_print(c, store, msg, name);
}

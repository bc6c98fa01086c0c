/* api-import.c: roster import for the organizer console: upload, detected format and mapping, dry
 * run, commit. */
#include <string.h>

#include "console-internal.h"
#include "roster.h"

#define IMPORT_MAX_BYTES (8 * 1024 * 1024)

static void add_strings(JsonBuilder *b, const char *name, GPtrArray *list)
{
	json_builder_set_member_name(b, name);
	json_builder_begin_array(b);
	for (guint i = 0; list && i < list->len; i++)
		json_builder_add_string_value(b, list->pdata[i]);
	json_builder_end_array(b);
}

static void add_uint(JsonBuilder *b, const char *name, guint value)
{
	json_builder_set_member_name(b, name);
	json_builder_add_int_value(b, value);
}

/* ?mapping={"Column":"field",...} as a table, or NULL after sending 422. */
static GHashTable *parse_mapping(SoupServerMessage *msg, const char *text, bool *ok)
{
	*ok = true;
	if (!text || !*text)
		return NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonNode *root = json_parser_load_from_data(parser, text, -1, NULL)
	                     ? json_parser_get_root(parser)
	                     : NULL;
	if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
		*ok = false;
		desk_http_send_error(msg, 422, "invalid", "mapping",
		                     "mapping is a JSON object of column name to field");
		return NULL;
	}
	GHashTable *map = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	JsonObject *o = json_node_get_object(root);
	g_autoptr(GList) members = json_object_get_members(o);
	for (GList *l = members; l; l = l->next) {
		JsonNode *v = json_object_get_member(o, l->data);
		if (JSON_NODE_HOLDS_VALUE(v) && json_node_get_value_type(v) == G_TYPE_STRING)
			g_hash_table_insert(map, g_strdup(l->data),
			                    g_strdup(json_node_get_string(v)));
	}
	return map;
}

static void send_report(SoupServerMessage *msg, const desk_roster_t *roster,
                        const desk_import_report_t *report, bool committed)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	char delim[2] = {roster->delimiter, '\0'};
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "format");
	json_builder_add_string_value(b, desk_roster_format_name(roster->format));
	json_builder_set_member_name(b, "encoding");
	json_builder_add_string_value(b, roster->encoding ? roster->encoding : "");
	json_builder_set_member_name(b, "delimiter");
	json_builder_add_string_value(b, delim);
	add_strings(b, "columns", roster->columns);
	add_strings(b, "mapping", roster->mapping);
	add_strings(b, "skipped_rows", roster->skipped);
	add_uint(b, "added", report->added);
	add_uint(b, "updated", report->updated);
	add_uint(b, "unchanged", report->unchanged);
	add_uint(b, "skipped", report->skipped);
	add_strings(b, "lines", report->lines);
	json_builder_set_member_name(b, "committed");
	json_builder_add_boolean_value(b, committed);
	json_builder_end_object(b);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
}

/* POST /api/import?name=FILE&format=auto&dry_run=1&mapping=JSON[&group=SHORT]
 * with the roster file as the body. dry_run=0 commits; group puts everyone in
 * the file in that configured group. */
void console_import(desk_console_t *c, SoupServerMessage *msg, const char *rest, GHashTable *query)
{
	desk_store_t *store = console_store(c, msg);
	if (!store || !console_method(msg, "POST"))
		return;
	if (*rest && strcmp(rest, "/")) {
		desk_http_send_error(msg, 404, "not_found", NULL, "no such endpoint");
		return;
	}
	const char *name = query ? g_hash_table_lookup(query, "name") : NULL;
	const char *fmt = query ? g_hash_table_lookup(query, "format") : NULL;
	const char *dry = query ? g_hash_table_lookup(query, "dry_run") : NULL;
	const char *group = query ? g_hash_table_lookup(query, "group") : NULL;
	if (group && *group && !desk_config_group(c->api->config, group)) {
		desk_http_send_error(msg, 422, "invalid", "group", "no such group \"%s\"",
		                     g_utf8_validate(group, -1, NULL) ? group : "?");
		return;
	}
	desk_roster_format_t format = DESK_ROSTER_AUTO;
	if (fmt && *fmt && !desk_roster_format_parse(fmt, &format)) {
		desk_http_send_error(msg, 422, "invalid", "format", "unknown roster format \"%s\"",
		                     g_utf8_validate(fmt, -1, NULL) ? fmt : "?");
		return;
	}
	if (!name || !desk_http_text_ok(name, 200, false))
		name = "roster.csv";
	bool ok = true;
	g_autoptr(GHashTable) map =
	    parse_mapping(msg, query ? g_hash_table_lookup(query, "mapping") : NULL, &ok);
	if (!ok)
		return;
	g_autoptr(GBytes) body =
	    soup_message_body_flatten(soup_server_message_get_request_body(msg));
	if (g_bytes_get_size(body) > IMPORT_MAX_BYTES) {
		desk_http_send_error(msg, 413, "too_large", NULL, "roster over %d bytes",
		                     IMPORT_MAX_BYTES);
		return;
	}
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_roster_t) roster = desk_roster_parse(name, body, format, map, &error);
	if (!roster) {
		desk_http_send_error(msg, 422, "invalid_roster", NULL, "%s", error->message);
		return;
	}
	if (group && *group)
		desk_roster_set_group(roster, group);
	bool dry_run = g_strcmp0(dry, "0") != 0;
	desk_import_report_t report;
	desk_import_report_init(&report);
	if (desk_store_import(store, desk_station_event_id(c->api->station), roster, dry_run,
	                      &report, &error))
		send_report(msg, roster, &report, !dry_run);
	else
		desk_http_send_error(msg, 422, "import", NULL, "%s", error->message);
	if (!dry_run && !error)
		g_message("event=import added=%u updated=%u", report.added, report.updated);
	desk_import_report_finish(&report);
}

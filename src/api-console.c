/* api-console.c: organizer endpoints: attendees (list, check in, undo, edit, reprint, handover),
 * stats, export. */
#include <string.h>

#include "console-internal.h"
#include "http.h"

#define CONSOLE_STATION "console"

static void publish(desk_console_t *c, const char *what, gint64 attendee_id)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	desk_json_add_str(b, "what", what);
	desk_json_add_int(b, "attendee", attendee_id);
	json_builder_end_object(b);
	desk_live_publish(c->api->live, "console", json_builder_get_root(b));
}

/* ---- attendees ----------------------------------------------------------- */

static void add_attendee(JsonBuilder *b, const desk_attendee_t *a, bool owed)
{
	json_builder_begin_object(b);
	desk_json_add_int(b, "id", a->id);
	desk_json_add_str(b, "first_name", a->first_name);
	desk_json_add_str(b, "last_name", a->last_name);
	desk_json_add_str(b, "display_name", a->display_name);
	desk_json_add_str(b, "company", a->company);
	desk_json_add_str(b, "title", a->title);
	desk_json_add_str(b, "pronouns", a->pronouns);
	desk_json_add_str(b, "group", a->group_name);
	desk_json_add_str(b, "ticket_type", a->ticket_type);
	desk_json_add_str(b, "email", a->email);
	desk_json_add_str(b, "ticket_code", a->ticket_code);
	desk_json_add_str(b, "source", a->source);
	desk_json_add_bool(b, "expected", a->expected);
	desk_json_add_str(b, "status_reason", a->status_reason);
	desk_json_add_int(b, "guests", a->guests);
	desk_json_add_bool(b, "consent_share", a->consent_share);
	desk_json_add_bool(b, "walkin", a->walkin);
	desk_json_add_int(b, "checkin_number", a->checkin_number);
	desk_json_add_str(b, "checked_in_at", a->checked_in_at);
	desk_json_add_str(b, "handed_over_at", a->handed_over_at);
	desk_json_add_bool(b, "owed", owed);
	json_builder_end_object(b);
}

/* Ids of attendees owed a badge (at most 100), by the station's rule. */
static GArray *owed_ids(desk_console_t *c)
{
	GArray *ids = desk_station_owed(c->api->station, 100, NULL);
	return ids ? ids : g_array_new(FALSE, FALSE, sizeof(gint64));
}

static bool id_in(GArray *ids, gint64 id)
{
	for (guint i = 0; i < ids->len; i++)
		if (g_array_index(ids, gint64, i) == id)
			return true;
	return false;
}

static guint query_uint(GHashTable *query, const char *key, guint def)
{
	const char *v = query ? g_hash_table_lookup(query, key) : NULL;
	guint64 n = 0;
	if (v && g_ascii_string_to_unsigned(v, 10, 0, 100000, &n, NULL))
		return (guint)n;
	return def;
}

static void list_attendees(desk_console_t *c, desk_store_t *store, SoupServerMessage *msg,
                           GHashTable *query)
{
	const char *q = query ? g_hash_table_lookup(query, "q") : NULL;
	if (!q && query)
		q = g_hash_table_lookup(query, "filter"); /* the name api.md uses */
	if (q && !desk_http_text_ok(q, 200, false)) {
		desk_http_send_error(msg, 422, "invalid", "q", "the search text is not valid");
		return;
	}
	gint64 event = desk_station_event_id(c->api->station);
	guint offset = query_uint(query, "offset", 0), total = 0;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) list = desk_store_attendee_list(
	    store, event, q, offset, query_uint(query, "limit", 50), &total, &error);
	if (!list) {
		console_send_gerror(msg, error);
		return;
	}
	g_autoptr(GArray) owed = owed_ids(c);
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	desk_json_add_int(b, "total", total);
	desk_json_add_int(b, "offset", offset);
	json_builder_set_member_name(b, "owed");
	json_builder_begin_array(b);
	for (guint i = 0; i < owed->len && offset == 0; i++) {
		g_autoptr(desk_attendee_t) a =
		    desk_store_attendee_get(store, g_array_index(owed, gint64, i), NULL);
		if (a)
			add_attendee(b, a, true);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "attendees");
	json_builder_begin_array(b);
	for (guint i = 0; i < list->len; i++) {
		const desk_attendee_t *a = list->pdata[i];
		add_attendee(b, a, id_in(owed, a->id));
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
}

static void send_attendee(desk_console_t *c, SoupServerMessage *msg, gint64 id)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_attendee_t) a = desk_station_get(c->api->station, id, &error);
	if (!a) {
		console_send_gerror(msg, error);
		return;
	}
	g_autoptr(GArray) owed = owed_ids(c);
	g_autoptr(JsonBuilder) b = json_builder_new();
	add_attendee(b, a, id_in(owed, id));
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
}

static void edit_attendee(desk_console_t *c, SoupServerMessage *msg, gint64 id)
{
	g_autoptr(JsonObject) body = desk_http_read_object(msg);
	const char *display = NULL, *pronouns = NULL, *company = NULL, *group = NULL;
	if (!body || !desk_http_get_string(msg, body, "display_name", 100, false, &display) ||
	    !desk_http_get_string(msg, body, "pronouns", 40, false, &pronouns) ||
	    !desk_http_get_string(msg, body, "company", 100, false, &company) ||
	    !desk_http_get_string(msg, body, "group", 40, false, &group))
		return;
	g_autoptr(GError) error = NULL;
	if (!desk_station_update(c->api->station, id, display, pronouns, company, group, &error)) {
		console_send_gerror(msg, error);
		return;
	}
	publish(c, "edit", id);
	send_attendee(c, msg, id);
}

static void reprint(desk_console_t *c, desk_store_t *store, SoupServerMessage *msg,
                    const desk_attendee_t *a)
{
	g_autoptr(JsonObject) body = desk_http_read_object(msg);
	const char *kind = NULL, *station = NULL;
	if (!body || !desk_http_get_string(msg, body, "kind", 10, false, &kind) ||
	    !desk_http_get_string(msg, body, "station", 64, false, &station))
		return;
	kind = kind ? kind : "badge";
	if (strcmp(kind, "badge") && strcmp(kind, "sticker")) {
		desk_http_send_error(msg, 422, "invalid", "kind",
		                     "kind is \"badge\" or \"sticker\"");
		return;
	}
	g_autoptr(GError) error = NULL;
	gint64 job = desk_station_print_kind(c->api->station, a->id, kind, station, &error);
	if (!job) {
		console_send_gerror(msg, error);
		return;
	}
	if (strcmp(kind, "badge") == 0)
		desk_store_log_reprint(store, a->id, CONSOLE_STATION, NULL);
	publish(c, "reprint", a->id);
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	desk_json_add_int(b, "job", job);
	json_builder_end_object(b);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
}

static void checkin(desk_console_t *c, SoupServerMessage *msg, gint64 id)
{
	desk_station_result_t r = {0};
	g_autoptr(GError) error = NULL;
	if (!desk_station_admit(c->api->station, id, CONSOLE_STATION, &r, &error)) {
		console_send_gerror(msg, error);
		return;
	}
	publish(c, "checkin", id);
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	desk_json_add_int(b, "number", r.number);
	desk_json_add_bool(b, "already", r.already);
	desk_json_add_bool(b, "printing", r.printing);
	desk_json_add_str(b, "reason", r.reason);
	json_builder_end_object(b);
	desk_station_result_clear(&r);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
}

static void attendee_action(desk_console_t *c, desk_store_t *store, SoupServerMessage *msg,
                            gint64 id, const char *action)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_attendee_t) a = desk_station_get(c->api->station, id, &error);
	if (!a || !console_method(msg, "POST")) {
		if (!a)
			console_send_gerror(msg, error);
		return;
	}
	bool ok = true;
	if (strcmp(action, "checkin") == 0) {
		checkin(c, msg, id);
		return;
	} else if (strcmp(action, "reprint") == 0) {
		reprint(c, store, msg, a);
		return;
	} else if (strcmp(action, "undo") == 0) {
		ok = desk_store_undo_checkin(store, id, CONSOLE_STATION, &error);
	} else if (strcmp(action, "handover") == 0) {
		ok = desk_store_handover(store, id, CONSOLE_STATION, &error);
	} else {
		desk_http_send_error(msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL,
		                     "no such attendee action");
		return;
	}
	if (!ok) {
		console_send_gerror(msg, error);
		return;
	}
	publish(c, action, id);
	send_attendee(c, msg, id);
}

void console_attendees(desk_console_t *c, SoupServerMessage *msg, const char *rest,
                       GHashTable *query)
{
	desk_store_t *store = console_store(c, msg);
	if (!store)
		return;
	if (!*rest || strcmp(rest, "/") == 0) {
		if (console_method(msg, "GET"))
			list_attendees(c, store, msg, query);
		return;
	}
	g_auto(GStrv) parts = g_strsplit(rest + 1, "/", 3);
	gint64 id = 0;
	if (!console_parse_id(parts[0], &id) || (parts[1] && parts[2])) {
		desk_http_send_error(msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL,
		                     "no such attendee");
	} else if (parts[1]) {
		attendee_action(c, store, msg, id, parts[1]);
	} else if (strcmp(soup_server_message_get_method(msg), "PATCH") == 0) {
		edit_attendee(c, msg, id);
	} else if (console_method(msg, "GET")) {
		send_attendee(c, msg, id);
	}
}

/* ---- stats and export ---------------------------------------------------- */

static void add_row(JsonBuilder *b, const desk_stats_row_t *r)
{
	json_builder_begin_object(b);
	desk_json_add_str(b, "key", r->key ? r->key : "");
	desk_json_add_int(b, "registered", r->registered);
	desk_json_add_int(b, "expected", r->expected);
	desk_json_add_int(b, "arrived", r->arrived);
	desk_json_add_int(b, "walkins", r->walkins);
	desk_json_add_int(b, "no_shows", r->no_shows);
	desk_json_add_int(b, "not_expected", r->not_expected);
	desk_json_add_int(b, "not_expected_arrived", r->not_expected_arrived);
	json_builder_set_member_name(b, "no_show_rate");
	json_builder_add_double_value(b, desk_stats_no_show_rate(r));
	json_builder_end_object(b);
}

static void add_rows(JsonBuilder *b, const char *name, GPtrArray *rows)
{
	json_builder_set_member_name(b, name);
	json_builder_begin_array(b);
	for (guint i = 0; rows && i < rows->len; i++)
		add_row(b, rows->pdata[i]);
	json_builder_end_array(b);
}

static gint compare_keys(gconstpointer a, gconstpointer b, gpointer user_data)
{
	(void)user_data;
	return strcmp(a, b);
}

static gboolean on_bucket(gpointer key, gpointer value, gpointer user_data)
{
	JsonBuilder *b = user_data;
	json_builder_begin_object(b);
	desk_json_add_str(b, "at", key);
	desk_json_add_int(b, "count", GPOINTER_TO_INT(value));
	json_builder_end_object(b);
	return FALSE;
}

/* The 15-minute bucket "YYYY-MM-DDTHH:MM" in @tz of the UTC time @at; FALSE when @at is not one. */
static bool bucket_of(const char *at, GTimeZone *tz, char key[17])
{
	g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601(at, NULL);
	g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone(utc, tz) : NULL;
	if (!local)
		return false;
	g_snprintf(key, 17, "%04d-%02d-%02dT%02d:%02d", g_date_time_get_year(local),
	           g_date_time_get_month(local), g_date_time_get_day_of_month(local),
	           g_date_time_get_hour(local), g_date_time_get_minute(local) / 15 * 15);
	return true;
}

/* Net arrivals per 15-minute bucket ("YYYY-MM-DDTHH:MM" in the event's time
 * zone -> count), in order. */
static bool add_timeline(JsonBuilder *b, desk_store_t *store, gint64 event, GTimeZone *tz,
                         GError **error)
{
	g_autoptr(GTree) buckets = g_tree_new_full(compare_keys, NULL, g_free, NULL);
	gint64 after = 0;
	for (;;) {
		g_autoptr(GPtrArray) rows =
		    desk_store_arrivals_since(store, event, after, 1000, error);
		if (!rows)
			return false;
		for (guint i = 0; i < rows->len; i++) {
			const desk_arrival_t *r = rows->pdata[i];
			int delta =
			    strcmp(r->kind, "undo") == 0                                        ? -1
			    : strcmp(r->kind, "checkin") == 0 || strcmp(r->kind, "walkin") == 0 ? 1
			                                                                        : 0;
			after = r->id;
			char key[17];
			if (!delta || !bucket_of(r->at, tz, key))
				continue;
			gpointer old = g_tree_lookup(buckets, key);
			g_tree_replace(buckets, g_strdup(key),
			               GINT_TO_POINTER(GPOINTER_TO_INT(old) + delta));
		}
		if (rows->len < 1000)
			break;
	}
	json_builder_set_member_name(b, "timeline");
	json_builder_begin_array(b);
	g_tree_foreach(buckets, on_bucket, b);
	json_builder_end_array(b);
	return true;
}

void console_stats(desk_console_t *c, SoupServerMessage *msg)
{
	desk_store_t *store = console_store(c, msg);
	if (!store)
		return;
	gint64 event = desk_station_event_id(c->api->station);
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_stats_t) stats = desk_store_stats(store, event, &error);
	g_autoptr(GTimeZone) tz = desk_config_time_zone(c->api->config);
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	if (!stats || !add_timeline(b, store, event, tz, &error)) {
		console_send_gerror(msg, error);
		return;
	}
	desk_json_add_str(b, "timezone", g_time_zone_get_identifier(tz));
	/* The no-show rate means something only once the door has closed. */
	desk_json_add_bool(b, "door_closed", desk_config_door_closed(c->api->config, now));
	desk_json_add_str(b, "door_closes", c->api->config->door_closes);
	json_builder_set_member_name(b, "groups"); /* for the edit dialog and the import */
	json_builder_begin_array(b);
	for (guint i = 0; i < c->api->config->groups->len; i++) {
		const desk_group_config_t *g = c->api->config->groups->pdata[i];
		json_builder_begin_object(b);
		desk_json_add_str(b, "short", g->short_name);
		desk_json_add_str(b, "name", g->name);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "total");
	add_row(b, &stats->total);
	add_rows(b, "by_ticket_type", stats->by_ticket_type);
	add_rows(b, "by_group", stats->by_group);
	json_builder_end_object(b);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
}

void console_export(desk_console_t *c, SoupServerMessage *msg)
{
	desk_store_t *store = console_store(c, msg);
	if (!store)
		return;
	g_autoptr(GError) error = NULL;
	guint arrived = 0, shared = 0;
	char *csv = desk_store_export_arrivals(store, desk_station_event_id(c->api->station),
	                                       &arrived, &shared, &error);
	if (!csv) {
		console_send_gerror(msg, error);
		return;
	}
	SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);
	soup_message_headers_replace(h, "Cache-Control", "no-store");
	soup_message_headers_replace(h, "Content-Disposition",
	                             "attachment; filename=\"arrivals.csv\"");
	g_message("event=export arrived=%u shared=%u", arrived, shared);
	soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
	soup_server_message_set_response(msg, "text/csv; charset=utf-8", SOUP_MEMORY_TAKE, csv,
	                                 strlen(csv));
}

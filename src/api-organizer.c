/* api-organizer.c: organizer endpoints behind a session (the console is a later task; the list is
 * here). */
#include <string.h>

#include "api.h"
#include "http.h"

static void add_attendee(JsonBuilder *b, const desk_attendee_t *a)
{
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "id");
	json_builder_add_int_value(b, a->id);
	desk_json_add_str(b, "first_name", a->first_name);
	desk_json_add_str(b, "last_name", a->last_name);
	desk_json_add_str(b, "display_name", a->display_name);
	desk_json_add_str(b, "company", a->company);
	desk_json_add_str(b, "pronouns", a->pronouns);
	desk_json_add_str(b, "group", a->group_name);
	desk_json_add_str(b, "ticket_type", a->ticket_type);
	desk_json_add_str(b, "email", a->email);
	json_builder_set_member_name(b, "checkin_number");
	json_builder_add_int_value(b, a->checkin_number);
	desk_json_add_str(b, "checked_in_at", a->checked_in_at);
	json_builder_set_member_name(b, "walkin");
	json_builder_add_boolean_value(b, a->walkin);
	json_builder_end_object(b);
}

static bool query_uint(SoupServerMessage *msg, GHashTable *query, const char *name, guint max,
                       guint *out)
{
	const char *text = query ? g_hash_table_lookup(query, name) : NULL;
	guint64 v = 0;
	if (!text)
		return true;
	if (!g_ascii_string_to_unsigned(text, 10, 0, max, &v, NULL)) {
		desk_http_send_error(msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "bad_value", name,
		                     "%s must be a whole number from 0 to %u", name, max);
		return false;
	}
	*out = (guint)v;
	return true;
}

void desk_api_attendee_list(desk_api_t *api, SoupServerMessage *msg, GHashTable *query)
{
	const char *filter = query ? g_hash_table_lookup(query, "filter") : NULL;
	guint offset = 0, limit = 50, total = 0;
	if (filter && !desk_http_text_ok(filter, 200, false)) {
		desk_http_send_error(msg, SOUP_STATUS_BAD_REQUEST, "bad_value", "filter",
		                     "filter must be UTF-8 text of at most 200 characters");
		return;
	}
	if (!query_uint(msg, query, "offset", G_MAXINT, &offset) ||
	    !query_uint(msg, query, "limit", 1000, &limit))
		return;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) list =
	    desk_station_list(api->station, filter, offset, limit, &total, &error);
	if (!list) {
		desk_http_send_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", NULL, "%s",
		                     error->message);
		return;
	}
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "total");
	json_builder_add_int_value(b, total);
	json_builder_set_member_name(b, "attendees");
	json_builder_begin_array(b);
	for (guint i = 0; i < list->len; i++)
		add_attendee(b, list->pdata[i]);
	json_builder_end_array(b);
	json_builder_end_object(b);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
}

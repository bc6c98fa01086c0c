/* cli-search.c: "frontdesk search TEXT": the door search from the shell, as text or JSON. */
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "cli-store.h"
#include "cli.h"

/* What the door sees of an attendee: never the email. */
static JsonNode *attendee_json(const desk_attendee_t *a)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "id");
	json_builder_add_int_value(b, a->id);
	const char *names[] = {"first_name", "last_name", "display_name", "company",
	                       "pronouns",   "group",     "ticket_type",  "checked_in_at"};
	const char *values[] = {a->first_name, a->last_name,  a->display_name, a->company,
	                        a->pronouns,   a->group_name, a->ticket_type,  a->checked_in_at};
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		json_builder_set_member_name(b, names[i]);
		if (values[i])
			json_builder_add_string_value(b, values[i]);
		else
			json_builder_add_null_value(b);
	}
	json_builder_set_member_name(b, "checkin_number");
	json_builder_add_int_value(b, a->checkin_number);
	json_builder_set_member_name(b, "expected");
	json_builder_add_boolean_value(b, a->expected);
	json_builder_set_member_name(b, "walkin");
	json_builder_add_boolean_value(b, a->walkin);
	json_builder_end_object(b);
	return json_builder_get_root(b);
}

static void print_json(GPtrArray *found)
{
	g_autoptr(JsonArray) array = json_array_new();
	for (guint i = 0; i < found->len; i++)
		json_array_add_element(array, attendee_json(found->pdata[i]));
	g_autoptr(JsonNode) root = json_node_new(JSON_NODE_ARRAY);
	json_node_set_array(root, array);
	g_autofree char *text = json_to_string(root, TRUE);
	printf("%s\n", text);
}

static void print_text(GPtrArray *found)
{
	for (guint i = 0; i < found->len; i++) {
		const desk_attendee_t *a = found->pdata[i];
		g_autofree char *name = desk_cli_attendee_name(a);
		g_autofree char *number =
		    a->checkin_number ? g_strdup_printf("#%" G_GINT64_FORMAT, a->checkin_number)
		                      : g_strdup("-");
		printf("%6" G_GINT64_FORMAT "  %-5s  %s%s%s%s\n", a->id, number, name,
		       a->company ? " (" : "", a->company ? a->company : "", a->company ? ")" : "");
	}
}

int desk_cli_search(int argc, char **argv)
{
	g_autofree char *event = NULL;
	gboolean json = FALSE;
	int limit = DESK_STORE_SEARCH_DEFAULT;
	const GOptionEntry entries[] = {
	    {"json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL},
	    {"event", 0, 0, G_OPTION_ARG_STRING, &event, "The event (default: current)", "SLUG"},
	    {"limit", 0, 0, G_OPTION_ARG_INT, &limit, "At most N results (max 100)", "N"},
	    G_OPTION_ENTRY_NULL,
	};
	if (!desk_cli_parse(&argc, &argv, "TEXT", "Searches names as the door does.", entries))
		return 2;
	if (argc < 2 || limit <= 0) {
		fprintf(stderr, "frontdesk search: expected TEXT and a positive --limit\n");
		return 2;
	}
	g_autoptr(desk_store_t) store = NULL;
	gint64 event_id = 0;
	if (!desk_cli_store_open(event, &store, &event_id))
		return 1;
	g_autofree char *text = g_strjoinv(" ", argv + 1);
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) found = desk_store_search(store, event_id, text, (guint)limit, &error);
	if (!found) {
		desk_cli_fail(error);
		return 1;
	}
	if (json)
		print_json(found);
	else
		print_text(found);
	return 0;
}

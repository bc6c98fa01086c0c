/* cli-stats.c: "frontdesk stats": expected against arrived, by ticket type and by group. */
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "cli-store.h"
#include "cli.h"

static void row_json(JsonBuilder *b, const desk_stats_row_t *row, bool with_key)
{
	json_builder_begin_object(b);
	if (with_key) {
		json_builder_set_member_name(b, "key");
		json_builder_add_string_value(b, row->key);
	}
	const char *names[] = {"registered", "expected", "arrived",
	                       "walkins",    "no_shows", "not_expected"};
	guint values[] = {row->registered, row->expected, row->arrived,
	                  row->walkins,    row->no_shows, row->not_expected};
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		json_builder_set_member_name(b, names[i]);
		json_builder_add_int_value(b, values[i]);
	}
	json_builder_set_member_name(b, "no_show_rate");
	json_builder_add_double_value(b, desk_stats_no_show_rate(row));
	json_builder_end_object(b);
}

static void rows_json(JsonBuilder *b, const char *name, GPtrArray *rows)
{
	json_builder_set_member_name(b, name);
	json_builder_begin_array(b);
	for (guint i = 0; i < rows->len; i++)
		row_json(b, rows->pdata[i], true);
	json_builder_end_array(b);
}

static void print_json(const desk_event_t *event, const desk_stats_t *s)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "event");
	json_builder_add_string_value(b, event->slug);
	json_builder_set_member_name(b, "total");
	row_json(b, &s->total, false);
	rows_json(b, "by_ticket_type", s->by_ticket_type);
	rows_json(b, "by_group", s->by_group);
	json_builder_end_object(b);
	g_autoptr(JsonNode) root = json_builder_get_root(b);
	g_autofree char *text = json_to_string(root, TRUE);
	printf("%s\n", text);
}

static void row_text(const char *label, const desk_stats_row_t *r)
{
	printf("%-24s %10u %8u %7u %7u %8u %7.1f%%\n", label, r->registered, r->expected,
	       r->arrived, r->walkins, r->no_shows, 100.0 * desk_stats_no_show_rate(r));
}

static void rows_text(const char *title, GPtrArray *rows)
{
	printf("\n%s\n", title);
	for (guint i = 0; i < rows->len; i++) {
		const desk_stats_row_t *r = rows->pdata[i];
		row_text(*r->key ? r->key : "(none)", r);
	}
}

static void print_text(const desk_event_t *event, const desk_stats_t *s)
{
	printf("%s (%s)\n", event->name, event->date ? event->date : "no date");
	printf("%-24s %10s %8s %7s %7s %8s %8s\n", "", "registered", "expected", "arrived",
	       "walk-in", "no-shows", "no-show");
	row_text("total", &s->total);
	printf("(expected counts guests; %u cancelled or waitlisted not counted)\n",
	       s->total.not_expected);
	rows_text("by ticket type", s->by_ticket_type);
	rows_text("by group", s->by_group);
}

int desk_cli_stats(int argc, char **argv)
{
	g_autofree char *event = NULL;
	gboolean json = FALSE;
	const GOptionEntry entries[] = {
	    {"json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL},
	    {"event", 0, 0, G_OPTION_ARG_STRING, &event, "The event (default: current)", "SLUG"},
	    G_OPTION_ENTRY_NULL,
	};
	if (!desk_cli_parse(&argc, &argv, "", "Expected against arrived.", entries))
		return 2;
	if (argc != 1) {
		fprintf(stderr, "frontdesk stats: unexpected argument '%s'\n", argv[1]);
		return 2;
	}
	g_autoptr(desk_store_t) store = NULL;
	gint64 event_id = 0;
	if (!desk_cli_store_open(event, &store, &event_id))
		return 1;
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_event_t) ev = desk_store_event_get(store, event_id, &error);
	g_autoptr(desk_stats_t) stats = ev ? desk_store_stats(store, event_id, &error) : NULL;
	if (!stats) {
		desk_cli_fail(error);
		return 1;
	}
	if (json)
		print_json(ev, stats);
	else
		print_text(ev, stats);
	return 0;
}

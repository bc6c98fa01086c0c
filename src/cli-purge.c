/* cli-purge.c: "frontdesk purge --event SLUG": delete an event's personal data, keep the counts. */
#include <stdio.h>

#include "cli-store.h"
#include "cli.h"

int desk_cli_purge(int argc, char **argv)
{
	g_autofree char *event = NULL;
	gboolean yes = FALSE;
	const GOptionEntry entries[] = {
	    {"event", 0, 0, G_OPTION_ARG_STRING, &event, "The event to purge (required)",
	     "SLUG|ID"},
	    {"yes", 'y', 0, G_OPTION_ARG_NONE, &yes, "Really do it (otherwise only say what)",
	     NULL},
	    G_OPTION_ENTRY_NULL,
	};
	if (!desk_cli_parse(&argc, &argv, "",
	                    "Deletes an event's personal data; anonymous counts stay.", entries))
		return 2;
	if (!event || !*event || argc != 1) {
		fprintf(stderr, "frontdesk purge: name the event: --event SLUG|ID\n");
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
	guint people = stats->total.registered + stats->total.walkins + stats->total.not_expected;
	if (!yes) {
		printf("would delete the personal data of %u attendees of \"%s\" (%s); "
		       "run again with --yes\n",
		       people, ev->name, ev->slug);
		return 0;
	}
	if (!desk_store_purge_event(store, event_id, &error)) {
		desk_cli_fail(error);
		return 1;
	}
	printf("purged the personal data of %u attendees of \"%s\"; counts kept.\n"
	       "Backups in the state directory still hold it: delete them too.\n",
	       people, ev->name);
	return 0;
}

/* cli-export.c: "frontdesk export --arrivals": attendance as CSV, contact details only with
 * consent. */
#include <stdio.h>
#include <string.h>

#include "cli-store.h"
#include "cli.h"

int desk_cli_export(int argc, char **argv)
{
	g_autofree char *event = NULL, *output = NULL;
	gboolean arrivals = FALSE;
	const GOptionEntry entries[] = {
	    {"arrivals", 0, 0, G_OPTION_ARG_NONE, &arrivals, "Export the arrivals", NULL},
	    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE (default: stdout)",
	     "FILE"},
	    {"event", 0, 0, G_OPTION_ARG_STRING, &event, "The event (default: current)", "SLUG"},
	    G_OPTION_ENTRY_NULL,
	};
	if (!desk_cli_parse(&argc, &argv, "", "Exports attendance as CSV.", entries))
		return 2;
	if (!arrivals || argc != 1) {
		fprintf(stderr, "frontdesk export: say what to export: --arrivals\n");
		return 2;
	}
	g_autoptr(desk_store_t) store = NULL;
	gint64 event_id = 0;
	if (!desk_cli_store_open(event, &store, &event_id))
		return 1;
	g_autoptr(GError) error = NULL;
	guint arrived = 0, shared = 0;
	g_autofree char *csv =
	    desk_store_export_arrivals(store, event_id, &arrived, &shared, &error);
	bool ok = csv != NULL;
	if (ok && output && strcmp(output, "-") != 0)
		ok = g_file_set_contents_full(output, csv, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
		                              &error);
	else if (ok)
		ok = fputs(csv, stdout) >= 0 && fflush(stdout) == 0;
	if (!ok) {
		desk_cli_fail(error);
		return 1;
	}
	fprintf(stderr, "frontdesk export: %u arrivals, %u with contact details shared\n", arrived,
	        shared);
	return 0;
}

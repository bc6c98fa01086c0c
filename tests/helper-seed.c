/* helper-seed.c: imports a roster file into an event of a state dir, through the real roster and
 * store code. */
#include <stdio.h>

#include "roster.h"
#include "store.h"

/* Usage: helper-seed STATE_DIR EVENT_SLUG ROSTER_FILE. Prints "added N". */
int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: helper-seed STATE_DIR EVENT_SLUG ROSTER_FILE\n");
		return 2;
	}
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_store_t) store = desk_store_open(argv[1], &error);
	gint64 event_id =
	    store ? desk_store_event_ensure(store, argv[2], argv[2], NULL, &error) : 0;
	g_autoptr(desk_roster_t) roster =
	    event_id ? desk_roster_read(argv[3], DESK_ROSTER_AUTO, NULL, &error) : NULL;
	desk_import_report_t report;
	desk_import_report_init(&report);
	bool ok = roster && desk_store_import(store, event_id, roster, false, &report, &error);
	if (ok)
		printf("added %u\n", report.added);
	else
		fprintf(stderr, "helper-seed: %s\n", error ? error->message : "failed");
	desk_import_report_finish(&report);
	return ok ? 0 : 1;
}

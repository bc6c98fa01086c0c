/* cli-checkin.c: "frontdesk checkin ID": check an attendee in (or undo it) from the shell. */
#include <stdio.h>
#include <string.h>

#include "cli-store.h"
#include "cli.h"

/* @what is an attendee id, a ticket code, source id, email or badge QR payload. */
static desk_attendee_t *find(desk_store_t *store, gint64 event_id, const char *what, GError **error)
{
	if (*what && strspn(what, "0123456789") == strlen(what)) {
		g_autoptr(GError) local = NULL;
		desk_attendee_t *a =
		    desk_store_attendee_get(store, g_ascii_strtoll(what, NULL, 10), &local);
		if (a && a->event_id == event_id)
			return a;
		desk_attendee_free(a);
	}
	return desk_store_find_code(store, event_id, what, error);
}

int desk_cli_checkin(int argc, char **argv)
{
	g_autofree char *station = NULL, *event = NULL;
	gboolean undo = FALSE;
	const GOptionEntry entries[] = {
	    {"station", 0, 0, G_OPTION_ARG_STRING, &station, "The station's name", "NAME"},
	    {"event", 0, 0, G_OPTION_ARG_STRING, &event, "The event (default: current)", "SLUG"},
	    {"undo", 0, 0, G_OPTION_ARG_NONE, &undo, "Undo the check-in instead", NULL},
	    G_OPTION_ENTRY_NULL,
	};
	if (!desk_cli_parse(&argc, &argv, "ID",
	                    "Checks an attendee in. ID is the attendee id, "
	                    "a ticket code, source id, email or badge code.",
	                    entries))
		return 2;
	if (argc != 2) {
		fprintf(stderr, "frontdesk checkin: expected one ID\n");
		return 2;
	}
	g_autoptr(desk_store_t) store = NULL;
	gint64 event_id = 0;
	if (!desk_cli_store_open(event, &store, &event_id))
		return 1;
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_attendee_t) a = find(store, event_id, argv[1], &error);
	desk_checkin_t c = {0};
	bool ok =
	    a && (undo ? desk_store_undo_checkin(store, a->id, station, &error)
	               : desk_store_checkin(store, a->id, station ? station : "cli", &c, &error));
	if (!ok) {
		desk_cli_fail(error);
		return 1;
	}
	g_autofree char *name = desk_cli_attendee_name(a);
	if (undo)
		printf("undone: %s (was #%" G_GINT64_FORMAT ")\n", name, a->checkin_number);
	else
		printf("%s#%" G_GINT64_FORMAT " %s\n", c.already ? "already checked in: " : "",
		       c.number, name);
	return 0;
}

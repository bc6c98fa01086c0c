/* cli-store.c: opening the store and choosing the event for the store's subcommands. */
#include "cli-store.h"
#include "cli.h"
#include "station.h"

bool desk_cli_store_open(const char *event, desk_store_t **store, gint64 *event_id)
{
	g_autoptr(GError) error = NULL;
	*store = desk_store_open(desk_cli_state_dir(), &error);
	if (*store)
		*event_id = desk_store_event_current(*store, event, &error);
	if (*store && *event_id)
		return true;
	desk_cli_fail(error);
	g_clear_pointer(store, desk_store_free);
	return false;
}

char *desk_cli_attendee_name(const desk_attendee_t *a)
{
	char *full, *call;
	desk_station_attendee_names(a, NULL, &full, &call);
	g_free(call);
	return full;
}

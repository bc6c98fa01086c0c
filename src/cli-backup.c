/* cli-backup.c: "frontdesk backup": an online snapshot of the database. */
#include <stdio.h>

#include "cli-store.h"
#include "cli.h"

int desk_cli_backup(int argc, char **argv)
{
	g_autofree char *output = NULL;
	const GOptionEntry entries[] = {
	    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
	     "Write to FILE (default: STATE_DIR/backups/frontdesk-TIME.db)", "FILE"},
	    G_OPTION_ENTRY_NULL,
	};
	if (!desk_cli_parse(&argc, &argv, "", "Takes an online snapshot of the database.", entries))
		return 2;
	if (argc != 1) {
		fprintf(stderr, "frontdesk backup: unexpected argument '%s'\n", argv[1]);
		return 2;
	}
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_store_t) store = desk_store_open(desk_cli_state_dir(), &error);
	g_autofree char *path = NULL;
	if (store && output) {
		if (desk_store_backup(store, output, &error))
			path = g_strdup(output);
	} else if (store) {
		g_autofree char *dir = g_build_filename(desk_cli_state_dir(), "backups", NULL);
		path = desk_store_backup_to_dir(store, dir, 0, &error);
	}
	if (!path) {
		desk_cli_fail(error);
		return 1;
	}
	printf("%s\n", path);
	return 0;
}

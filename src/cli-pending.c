/* cli-pending.c: placeholders for subcommands whose module has not landed yet.
 * Each is a weak symbol that the real subcommand replaces; this file goes
 * away once every subcommand exists. */
#include <stdio.h>

#include "cli.h"

#define DESK_PENDING(fn)                                                                    \
	__attribute__((weak)) int fn(int argc, char **argv)                                  \
	{                                                                                     \
		(void)argc;                                                                   \
		fprintf(stderr, "frontdesk: '%s' is not available in this build yet\n", argv[0]); \
		return 2;                                                                     \
	}

DESK_PENDING(desk_cli_layout)
DESK_PENDING(desk_cli_render)
DESK_PENDING(desk_cli_print)
DESK_PENDING(desk_cli_printers)
DESK_PENDING(desk_cli_import)
DESK_PENDING(desk_cli_search)
DESK_PENDING(desk_cli_checkin)
DESK_PENDING(desk_cli_stats)
DESK_PENDING(desk_cli_export)
DESK_PENDING(desk_cli_purge)
DESK_PENDING(desk_cli_backup)
DESK_PENDING(desk_cli_serve)
DESK_PENDING(desk_cli_passwd)

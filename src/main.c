/* main.c: the frontdesk command, dispatching to its subcommands. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} desk_command_t;

static const desk_command_t commands[] = {
    {"serve", desk_cli_serve, "run the check-in station (kiosk, console and API)"},
    {"import", desk_cli_import, "import an RSVP roster (Meetup, Eventbrite, connpass, Luma, CSV)"},
    {"search", desk_cli_search, "search the roster as the door does"},
    {"checkin", desk_cli_checkin, "check an attendee in"},
    {"stats", desk_cli_stats, "expected against arrived, by ticket type and group"},
    {"export", desk_cli_export, "export attendance as CSV"},
    {"purge", desk_cli_purge, "delete an event's personal data"},
    {"backup", desk_cli_backup, "take an online snapshot of the database"},
    {"layout", desk_cli_layout, "layout check FILE...: validate layout files"},
    {"render", desk_cli_render, "render badges to PDF or PNG"},
    {"print", desk_cli_print, "print badges through CUPS"},
    {"printers", desk_cli_printers, "list CUPS printers, their media and state"},
    {"passwd", desk_cli_passwd, "set the organizer password"},
};

static void usage(FILE *out)
{
	fprintf(out, "Usage: frontdesk COMMAND [OPTION...]\n\nCommands:\n");
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nRun 'frontdesk COMMAND --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	}
	fprintf(stderr, "frontdesk: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}

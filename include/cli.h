/* cli.h: the frontdesk subcommands and the options and paths they share. */
#pragma once

#include <glib.h>
#include <stdbool.h>

/* Each subcommand: argv[0] is the subcommand's name. Returns the exit status
 * (0 ok, 1 failure, 2 usage). Errors are printed to stderr. */
int desk_cli_layout(int argc, char **argv); /* layout check FILE... */
int desk_cli_render(int argc, char **argv);
int desk_cli_print(int argc, char **argv);
int desk_cli_printers(int argc, char **argv);
int desk_cli_import(int argc, char **argv);
int desk_cli_search(int argc, char **argv);
int desk_cli_checkin(int argc, char **argv);
int desk_cli_stats(int argc, char **argv);
int desk_cli_export(int argc, char **argv);
int desk_cli_purge(int argc, char **argv);
int desk_cli_backup(int argc, char **argv);
int desk_cli_serve(int argc, char **argv);
int desk_cli_passwd(int argc, char **argv);

/* Parses @argc/@argv with @entries plus the options every subcommand takes
 * (--state-dir DIR). Prints usage errors itself; returns false on them. */
bool desk_cli_parse(int *argc, char ***argv, const char *parameter_string, const char *summary,
                    const GOptionEntry *entries);

/* Where things live. In the source tree (the binary sits in build/ beside
 * layouts/): ./var, ./layouts, ./fonts. Installed: /var/lib/frontdesk and
 * PREFIX/share/frontdesk/{layouts,fonts}. $FRONTDESK_STATE_DIR and
 * $FRONTDESK_LAYOUTS_DIR override. Borrowed, valid for the process. */
const char *desk_cli_state_dir(void);
const char *desk_cli_layouts_dir(void);
const char *desk_cli_fonts_dir(void);

/* Prints "frontdesk: MESSAGE" to stderr. */
void desk_cli_fail(const GError *error);

/* cli.c: option parsing and the file locations every subcommand shares. */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"

#ifndef DESK_DATADIR
#define DESK_DATADIR "/usr/local/share/frontdesk"
#endif
#ifndef DESK_STATEDIR
#define DESK_STATEDIR "/var/lib/frontdesk"
#endif

static char *state_dir_option;

static const char *source_tree(void)
{
	static char *root;
	static gsize done;

	if (g_once_init_enter(&done)) {
		/* In a checkout the binary is build/frontdesk or build-asan/frontdesk. */
		g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
		if (exe) {
			g_autofree char *bin_dir = g_path_get_dirname(exe);
			g_autofree char *top = g_path_get_dirname(bin_dir);
			g_autofree char *probe = g_build_filename(top, "layouts", NULL);
			g_autofree char *makefile = g_build_filename(top, "Makefile", NULL);
			if (g_file_test(probe, G_FILE_TEST_IS_DIR) &&
			    g_file_test(makefile, G_FILE_TEST_EXISTS))
				root = g_steal_pointer(&top);
		}
		g_once_init_leave(&done, 1);
	}
	return root;
}

static const char *tree_or_installed(const char *leaf, const char *installed)
{
	const char *top = source_tree();
	if (!top)
		return installed;
	g_autofree char *path = g_build_filename(top, leaf, NULL);
	return g_intern_string(path);
}

const char *desk_cli_state_dir(void)
{
	if (state_dir_option)
		return state_dir_option;
	const char *env = g_getenv("FRONTDESK_STATE_DIR");
	if (env && *env)
		return env;
	return tree_or_installed("var", DESK_STATEDIR);
}

const char *desk_cli_layouts_dir(void)
{
	const char *env = g_getenv("FRONTDESK_LAYOUTS_DIR");
	if (env && *env)
		return env;
	return tree_or_installed("layouts", DESK_DATADIR "/layouts");
}

const char *desk_cli_fonts_dir(void)
{
	return tree_or_installed("fonts", DESK_DATADIR "/fonts");
}

bool desk_cli_parse(int *argc, char ***argv, const char *parameter_string, const char *summary,
                    const GOptionEntry *entries)
{
	const GOptionEntry common[] = {
	    {"state-dir", 0, 0, G_OPTION_ARG_FILENAME, &state_dir_option,
	     "Where the database and backups live", "DIR"},
	    G_OPTION_ENTRY_NULL,
	};
	g_autoptr(GOptionContext) context = g_option_context_new(parameter_string);
	g_autoptr(GError) error = NULL;

	if (summary)
		g_option_context_set_summary(context, summary);
	if (entries)
		g_option_context_add_main_entries(context, entries, NULL);
	g_option_context_add_main_entries(context, common, NULL);
	if (!g_option_context_parse(context, argc, argv, &error)) {
		fprintf(stderr, "frontdesk %s: %s\n", (*argv)[0], error->message);
		return false;
	}
	return true;
}

void desk_cli_fail(const GError *error)
{
	fprintf(stderr, "frontdesk: %s\n", error ? error->message : "unknown error");
}

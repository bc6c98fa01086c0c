/* cli-layout.c: "frontdesk layout check FILE...": validate layout files. */
#define _XOPEN_SOURCE 700 /* realpath() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "layout.h"

/* The root for @file: --root, else the shipped layouts folder when the file
 * lies inside it, else the file's own folder. */
static char *root_for(const char *file, const char *option)
{
	if (option)
		return g_strdup(option);
	const char *shipped = desk_cli_layouts_dir();
	char *real_file = realpath(file, NULL);
	char *real_root = shipped ? realpath(shipped, NULL) : NULL;
	char *result = NULL;
	if (real_file && real_root && g_str_has_prefix(real_file, real_root) &&
	    real_file[strlen(real_root)] == '/')
		result = g_strdup(real_root);
	else
		result = g_path_get_dirname(file);
	free(real_file);
	free(real_root);
	return result;
}

static int check_files(char **files, const char *root_option)
{
	int status = 0;

	for (char **f = files; *f; f++) {
		g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func(g_free);
		g_autofree char *root = root_for(*f, root_option);
		if (!desk_layout_check(*f, root, messages))
			status = 1;
		for (guint i = 0; i < messages->len; i++)
			fprintf(stderr, "%s\n", (const char *)g_ptr_array_index(messages, i));
	}
	return status;
}

int desk_cli_layout(int argc, char **argv)
{
	g_autofree char *root = NULL;
	const GOptionEntry entries[] = {
	    {"root", 0, 0, G_OPTION_ARG_FILENAME, &root,
	     "Layouts folder that images must stay inside", "DIR"},
	    G_OPTION_ENTRY_NULL,
	};

	if (!desk_cli_parse(
	        &argc, &argv, "check FILE...",
	        "Validate layout files; prints file:line:col: message for each problem.", entries))
		return 2;
	if (argc < 3 || strcmp(argv[1], "check") != 0) {
		fprintf(stderr, "Usage: frontdesk layout check [--root DIR] FILE...\n");
		return 2;
	}
	return check_files(argv + 2, root);
}

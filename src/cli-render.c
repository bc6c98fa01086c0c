/* cli-render.c: "frontdesk render": one badge to PDF/PNG, or everyone in a roster to a (sheet) PDF.
 */
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "roster.h"
#include "sheet.h"
#include "station.h"
#include "store.h"
#include "template.h"

typedef struct {
	char **fields; /* KEY=VALUE */
	double dpi;
	gboolean mono;
	char *output;
	char *roster;
	char *sheet;
	char *lang;
	char *event;
} render_opts_t;

/* LAYOUT as given, else the layouts folder's LAYOUT or LAYOUT.json. */
static char *find_layout(const char *name)
{
	if (g_file_test(name, G_FILE_TEST_IS_REGULAR))
		return g_strdup(name);
	g_autofree char *file =
	    g_str_has_suffix(name, ".json") ? g_strdup(name) : g_strconcat(name, ".json", NULL);
	char *path = g_build_filename(desk_cli_layouts_dir(), file, NULL);
	if (!strchr(name, '/') && g_file_test(path, G_FILE_TEST_IS_REGULAR))
		return path;
	g_free(path);
	return g_strdup(name); /* let the loader say it is missing */
}

/* The layouts folder when @path lies inside it (images must stay there), else NULL. */
static const char *layouts_root_for(const char *path)
{
	g_autofree char *abs = g_canonicalize_filename(path, NULL);
	g_autofree char *root = g_canonicalize_filename(desk_cli_layouts_dir(), NULL);
	g_autofree char *prefix = g_strconcat(root, G_DIR_SEPARATOR_S, NULL);
	return g_str_has_prefix(abs, prefix) ? desk_cli_layouts_dir() : NULL;
}

static bool parse_fields(char **pairs, GHashTable *fields, GError **error)
{
	for (int i = 0; pairs && pairs[i]; i++) {
		const char *eq = strchr(pairs[i], '=');
		if (!eq || eq == pairs[i]) {
			g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			            "--field \"%s\": expected KEY=VALUE", pairs[i]);
			return false;
		}
		g_hash_table_insert(fields, g_strndup(pairs[i], (gsize)(eq - pairs[i])),
		                    g_strdup(eq + 1));
	}
	return true;
}

/* ---- one badge ------------------------------------------------------------- */

static bool render_one(desk_renderer_t *r, const desk_layout_t *layout, const render_opts_t *o,
                       GError **error)
{
	g_autoptr(GHashTable) fields = desk_fields_new();
	if (!parse_fields(o->fields, fields, error))
		return false;
	if (o->lang && !g_hash_table_contains(fields, "event_lang"))
		g_hash_table_insert(fields, g_strdup("event_lang"), g_strdup(o->lang));
	if (o->event && !g_hash_table_contains(fields, "event"))
		g_hash_table_insert(fields, g_strdup("event"), g_strdup(o->event));
	desk_station_name_fields(fields);
	if (g_str_has_suffix(o->output, ".pdf"))
		return desk_render_pdf(r, layout, fields, o->output, error);
	g_autoptr(GBytes) png = desk_render_png(r, layout, fields, o->dpi, o->mono, error);
	if (!png)
		return false;
	return g_file_set_contents(o->output, g_bytes_get_data(png, NULL),
	                           (gssize)g_bytes_get_size(png), error);
}

/* ---- everyone in a roster ----------------------------------------------- */

typedef struct {
	const desk_roster_t *roster;
	const desk_event_t *event;
	guint next, left_out;
} roster_iter_t;

static GHashTable *next_attendee(gpointer user_data, GError **error)
{
	roster_iter_t *it = user_data;
	(void)error;
	while (it->next < it->roster->rows->len) {
		const desk_roster_row_t *row = g_ptr_array_index(it->roster->rows, it->next++);
		if (row->attendee->expected) {
			GHashTable *fields = desk_attendee_fields(row->attendee, it->event);
			desk_station_name_fields(fields);
			return fields;
		}
		fprintf(stderr, "%s:%u: left out: %s\n", it->roster->path, row->line,
		        row->attendee->status_reason ? row->attendee->status_reason
		                                     : "not expected");
		it->left_out++;
	}
	return NULL;
}

static bool render_roster(desk_renderer_t *r, const desk_layout_t *layout, const render_opts_t *o,
                          GError **error)
{
	g_autoptr(desk_sheet_t) sheet = NULL;
	if (o->sheet && !(sheet = desk_sheet_find(desk_cli_layouts_dir(), o->sheet, error)))
		return false;
	g_autoptr(desk_roster_t) roster =
	    desk_roster_read(o->roster, DESK_ROSTER_AUTO, NULL, error);
	if (!roster)
		return false;
	for (guint i = 0; i < roster->skipped->len; i++)
		fprintf(stderr, "%s\n", (const char *)g_ptr_array_index(roster->skipped, i));
	desk_event_t event = {.name = o->event, .lang = o->lang};
	roster_iter_t it = {roster, &event, 0, 0};
	guint count = 0;
	if (!desk_sheet_render_pdf(r, sheet, layout, next_attendee, &it, o->output, &count, error))
		return false;
	fprintf(stderr, "%s: %u badges%s%s\n", o->output, count, sheet ? " on sheet " : "",
	        sheet ? sheet->name : "");
	return true;
}

/* ---- the command ------------------------------------------------------------- */

static int check_usage(const render_opts_t *o, int argc)
{
	const char *problem = NULL;
	if (argc != 2)
		problem = "expected exactly one LAYOUT";
	else if (!o->output)
		problem = "-o OUT.pdf or -o OUT.png is required";
	else if (!g_str_has_suffix(o->output, ".pdf") && !g_str_has_suffix(o->output, ".png"))
		problem = "the output must end in .pdf or .png";
	else if (o->roster && !g_str_has_suffix(o->output, ".pdf"))
		problem = "--roster writes a PDF: use -o OUT.pdf";
	else if (o->sheet && !o->roster)
		problem = "--sheet needs --roster";
	else if (o->roster && o->fields)
		problem = "--field and --roster do not mix";
	else if (!(o->dpi >= 10 && o->dpi <= 2400))
		problem = "--dpi must be between 10 and 2400";
	if (problem)
		fprintf(stderr, "frontdesk render: %s (see frontdesk render --help)\n", problem);
	return problem ? 2 : 0;
}

static int run(const render_opts_t *o, const char *layout_name)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *path = find_layout(layout_name);
	g_autoptr(desk_layout_t) layout = desk_layout_load(path, layouts_root_for(path), &error);
	g_autoptr(desk_renderer_t) renderer = layout ? desk_renderer_new(NULL, &error) : NULL;
	if (renderer && (o->roster ? render_roster(renderer, layout, o, &error)
	                           : render_one(renderer, layout, o, &error)))
		return 0;
	desk_cli_fail(error);
	return error && error->domain == G_OPTION_ERROR ? 2 : 1;
}

int desk_cli_render(int argc, char **argv)
{
	render_opts_t o = {.dpi = 300};
	const GOptionEntry entries[] = {
	    {"field", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &o.fields, "Set a field", "KEY=VALUE"},
	    {"dpi", 0, 0, G_OPTION_ARG_DOUBLE, &o.dpi, "PNG resolution (default 300)", "N"},
	    {"mono", 0, 0, G_OPTION_ARG_NONE, &o.mono, "PNG in black and white, thresholded", NULL},
	    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, "Write to OUT.pdf or OUT.png",
	     "OUT"},
	    {"roster", 0, 0, G_OPTION_ARG_FILENAME, &o.roster, "Everyone in a roster file", "FILE"},
	    {"sheet", 0, 0, G_OPTION_ARG_STRING, &o.sheet, "N-up sheet (a4-8up-a7, ...)", "NAME"},
	    {"lang", 0, 0, G_OPTION_ARG_STRING, &o.lang, "The event's language for names", "TAG"},
	    {"event", 0, 0, G_OPTION_ARG_STRING, &o.event, "The event's name ({event})", "NAME"},
	    G_OPTION_ENTRY_NULL,
	};
	int status = 2;

	if (desk_cli_parse(&argc, &argv, "LAYOUT", "Render a badge to PDF or PNG.", entries) &&
	    (status = check_usage(&o, argc)) == 0)
		status = run(&o, argv[1]);
	g_strfreev(o.fields);
	g_free(o.output), g_free(o.roster), g_free(o.sheet), g_free(o.lang), g_free(o.event);
	return status;
}

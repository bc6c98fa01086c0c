/* cli-print.c: `frontdesk print LAYOUT --printer NAME ...`: one badge, or a roster's worth,
 * straight to CUPS. */
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "cli.h"
#include "printer.h"
#include "printjob.h"
#include "roster.h"
#include "sheet.h"
#include "station.h"
#include "template.h"

typedef struct {
	char *printer, *roster, *sheet, *conf;
	char **fields, **options;
	int copies;
	double wait; /* seconds; 0: do not wait */
} print_opts_t;

/* GOption fills these with new strings: the caller frees them. */
static void print_opts_clear(print_opts_t *o)
{
	g_free(o->printer);
	g_free(o->roster);
	g_free(o->sheet);
	g_free(o->conf);
	g_strfreev(o->fields);
	g_strfreev(o->options);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(print_opts_t, print_opts_clear)

static desk_layout_t *load_layout(const char *name, GError **error)
{
	const char *dir = desk_cli_layouts_dir();
	if (g_file_test(name, G_FILE_TEST_IS_REGULAR))
		return desk_layout_load(name, NULL, error);
	g_autofree char *file =
	    g_str_has_suffix(name, ".json") ? g_strdup(name) : g_strconcat(name, ".json", NULL);
	g_autofree char *path = g_build_filename(dir, file, NULL);
	return desk_layout_load(path, dir, error);
}

/* "K=V" strings into a table; NULL with @error naming the bad one. */
static GHashTable *pairs(char **items, const char *option, GError **error)
{
	GHashTable *table = desk_fields_new();
	for (int i = 0; items && items[i]; i++) {
		const char *eq = strchr(items[i], '=');
		if (!eq || eq == items[i]) {
			g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			            "--%s %s: expected KEY=VALUE", option, items[i]);
			g_hash_table_unref(table);
			return NULL;
		}
		g_hash_table_insert(table, g_strndup(items[i], eq - items[i]), g_strdup(eq + 1));
	}
	return table;
}

#define WAIT_DEFAULT_S 120

static double wait_option; /* GOption callbacks of the main group get no user data */

/* --wait[=SECONDS]: a bare --wait waits WAIT_DEFAULT_S seconds. */
static gboolean parse_wait(const char *name, const char *value, gpointer data, GError **error)
{
	(void)data;
	char *end = NULL;
	double seconds = value ? g_ascii_strtod(value, &end) : WAIT_DEFAULT_S;
	if (value && (end == value || *end || seconds <= 0 || seconds > 86400)) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
		            "%s=%s: expected a number of seconds from 1 to 86400", name, value);
		return FALSE;
	}
	wait_option = seconds;
	return TRUE;
}

static const char *job_state_word(int state)
{
	switch (state) {
	case DESK_IPP_JOB_COMPLETED:
		return "completed";
	case DESK_IPP_JOB_CANCELED:
		return "cancelled";
	case DESK_IPP_JOB_ABORTED:
		return "aborted";
	case DESK_IPP_JOB_STOPPED:
		return "stopped";
	default:
		return "still not printed";
	}
}

/* Why the job will not finish by itself, or NULL while it may: the job
 * stopped, or its queue stopped or refuses jobs. Returns a new string. */
static char *wait_trouble(const char *printer, int state, const char *job_reasons)
{
	int pstate = 0;
	bool accepting = true;
	g_autofree char *reasons = NULL;
	if (!desk_printer_status(printer, &pstate, &accepting, &reasons, NULL))
		return NULL; /* the job query just worked: take the next turn */
	const char *what = state == DESK_IPP_JOB_STOPPED ? "the job stopped"
	                   : pstate == 5                 ? "the printer is stopped"
	                   : !accepting                  ? "the printer is not accepting jobs"
	                                                 : NULL;
	if (!what)
		return NULL;
	return g_strdup_printf("%s (printer reasons: %s; job reasons: %s)", what,
	                       *reasons ? reasons : "none",
	                       job_reasons && *job_reasons ? job_reasons : "none");
}

/* Follows the job until it is final, stops, its queue stops or refuses
 * jobs, CUPS goes away, or o->wait seconds pass. Returns the exit status. */
static int wait_job(const char *printer, int job, double seconds)
{
	gint64 end = g_get_monotonic_time() + (gint64)(seconds * G_USEC_PER_SEC);
	int state = 0;
	for (;;) {
		g_autoptr(GError) error = NULL;
		g_autofree char *reasons = NULL;
		if (!desk_printjob_state(printer, job, &state, &reasons, &error)) {
			fprintf(stderr, "frontdesk print: %s-%d: not printed: %s\n", printer, job,
			        error->message);
			return 1;
		}
		if (desk_printjob_state_final(state))
			break;
		g_autofree char *trouble = wait_trouble(printer, state, reasons);
		if (trouble) {
			fprintf(stderr, "frontdesk print: %s-%d: not printed: %s\n", printer, job,
			        trouble);
			return 1;
		}
		if (g_get_monotonic_time() >= end) {
			fprintf(stderr, "frontdesk print: %s-%d: not printed after %g s (%s)\n",
			        printer, job, seconds,
			        reasons && *reasons ? reasons : "no reasons");
			return 1;
		}
		g_usleep(20000);
	}
	printf("%s-%d: %s\n", printer, job, job_state_word(state));
	return state == DESK_IPP_JOB_COMPLETED ? 0 : 1;
}

static char *job_title(GHashTable *fields)
{
	const char *number = g_hash_table_lookup(fields, "checkin_number");
	g_autofree char *title = number && *number ? g_strdup_printf("frontdesk-badge-%s", number)
	                                           : g_strdup("frontdesk-badge");
	return desk_printjob_cups_name(title);
}

/* One badge to the printer (or folder:). Returns the exit status. */
static int print_one(desk_renderer_t *renderer, const desk_layout_t *layout, GHashTable *fields,
                     const desk_printer_t *printer, const print_opts_t *o, GHashTable *options,
                     int index)
{
	g_autoptr(GError) error = NULL;
	if (!printer) {
		const char *dir = o->printer + strlen("folder:");
		g_autofree char *base =
		    g_strdup_printf("badge-%d-%ld", index, (long)g_get_real_time());
		if (!desk_printjob_to_folder(renderer, layout, fields, dir, base, &error))
			return desk_cli_fail(error), 1;
		printf("%s/%s.png\n", dir, base);
		return 0;
	}
	g_autofree char *title = job_title(fields);
	int job = desk_printjob_print(renderer, layout, fields, printer, title, MAX(o->copies, 1),
	                              o->conf, options, &error);
	if (job <= 0)
		return desk_cli_fail(error), 1;
	if (!o->wait) {
		printf("%s-%d\n", printer->name, job);
		return 0;
	}
	return wait_job(printer->name, job, o->wait);
}

/* The whole roster as N-up sheets in one PDF job for an office printer. */
static int print_sheets(desk_renderer_t *renderer, const desk_layout_t *layout,
                        const desk_printer_t *printer, const print_opts_t *o, GHashTable *options,
                        GPtrArray *all_fields)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_sheet_t) sheet = desk_sheet_find(desk_cli_layouts_dir(), o->sheet, &error);
	if (!sheet)
		return desk_cli_fail(error), 1;
	desk_layout_t paper = {.name = sheet->name};
	paper.page.width = sheet->paper_width;
	paper.page.height = sheet->paper_height;
	const desk_media_t *media =
	    printer ? desk_printer_match_media(printer, &paper, &error) : NULL;
	g_autofree char *tmp = printer ? g_dir_make_tmp("frontdesk-sheet-XXXXXX", &error) : NULL;
	g_autofree char *pdf = tmp ? g_build_filename(tmp, "sheets.pdf", NULL) : NULL;
	int job = 0;
	if (!printer)
		g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
		            "--sheet needs a CUPS printer, not %s", o->printer);
	else if (media && pdf &&
	         desk_sheet_render_pdf_array(renderer, sheet, layout, all_fields, pdf, &error)) {
		desk_printjob_params_t params = {
		    printer->name, media,  "frontdesk-badge-sheets", MAX(o->copies, 1), false,
		    false,         options};
		job = desk_printjob_send_pdf(&params, pdf, &error);
	}
	if (pdf)
		g_unlink(pdf);
	if (tmp)
		g_rmdir(tmp);
	if (job <= 0)
		return desk_cli_fail(error), 1;
	if (!o->wait)
		return printf("%s-%d\n", printer->name, job), 0;
	return wait_job(printer->name, job, o->wait);
}

static int print_roster(desk_renderer_t *renderer, const desk_layout_t *layout,
                        const desk_printer_t *printer, const print_opts_t *o, GHashTable *options)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_roster_t) roster =
	    desk_roster_read(o->roster, DESK_ROSTER_AUTO, NULL, &error);
	if (!roster)
		return desk_cli_fail(error), 1;
	desk_event_t event = {0};
	if (o->sheet) {
		g_autoptr(GPtrArray) all =
		    g_ptr_array_new_with_free_func((GDestroyNotify)g_hash_table_unref);
		for (guint i = 0; i < roster->rows->len; i++) {
			desk_roster_row_t *row = roster->rows->pdata[i];
			GHashTable *fields = desk_attendee_fields(row->attendee, &event);
			desk_station_name_fields(fields);
			g_ptr_array_add(all, fields);
		}
		return print_sheets(renderer, layout, printer, o, options, all);
	}
	int status = 0;
	for (guint i = 0; i < roster->rows->len && status == 0; i++) {
		desk_roster_row_t *row = roster->rows->pdata[i];
		g_autoptr(GHashTable) fields = desk_attendee_fields(row->attendee, &event);
		desk_station_name_fields(fields);
		status = print_one(renderer, layout, fields, printer, o, options, (int)i + 1);
	}
	return status;
}

int desk_cli_print(int argc, char **argv)
{
	g_auto(print_opts_t) o = {.copies = 1};
	const GOptionEntry entries[] = {
	    {"printer", 'p', 0, G_OPTION_ARG_STRING, &o.printer, "CUPS printer, or folder:DIR",
	     "NAME"},
	    {"field", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &o.fields, "A template field",
	     "KEY=VALUE"},
	    {"copies", 'n', 0, G_OPTION_ARG_INT, &o.copies, "Copies", "N"},
	    {"option", 'o', 0, G_OPTION_ARG_STRING_ARRAY, &o.options, "A CUPS job option", "K=V"},
	    {"wait", 'w', G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, (gpointer)parse_wait,
	     "Wait until the job is printed; give up after SECONDS (default 120)", "SECONDS"},
	    {"roster", 0, 0, G_OPTION_ARG_FILENAME, &o.roster, "Print one badge per row", "FILE"},
	    {"sheet", 0, 0, G_OPTION_ARG_STRING, &o.sheet, "N-up sheet for office printers",
	     "NAME"},
	    {"printers-conf", 0, 0, G_OPTION_ARG_FILENAME, &o.conf,
	     "Per-printer option sets (key file, one [printer] group each)", "FILE"},
	    G_OPTION_ENTRY_NULL,
	};
	wait_option = 0;
	if (!desk_cli_parse(&argc, &argv, "LAYOUT", "Print a badge through CUPS.", entries))
		return 2;
	o.wait = wait_option;
	if (argc != 2 || !o.printer) {
		fprintf(stderr, "frontdesk print: usage: frontdesk print LAYOUT --printer NAME\n");
		return 2;
	}
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) fields = pairs(o.fields, "field", &error);
	g_autoptr(GHashTable) options = fields ? pairs(o.options, "option", &error) : NULL;
	if (fields) /* the names as the station writes them, as for a roster and for render */
		desk_station_name_fields(fields);
	g_autoptr(desk_layout_t) layout = options ? load_layout(argv[1], &error) : NULL;
	g_autoptr(desk_printer_t) printer = NULL;
	if (layout && !g_str_has_prefix(o.printer, "folder:")) {
		printer = desk_printer_get(o.printer, &error);
		if (printer && !o.sheet && !desk_printer_match_media(printer, layout, &error))
			g_clear_pointer(&printer, desk_printer_free);
		if (!printer)
			g_clear_pointer(&layout, desk_layout_free);
	}
	g_autoptr(desk_renderer_t) renderer =
	    layout ? desk_renderer_new(desk_cli_fonts_dir(), &error) : NULL;
	if (!renderer)
		return desk_cli_fail(error), 1;
	if (o.roster)
		return print_roster(renderer, layout, printer, &o, options);
	return print_one(renderer, layout, fields, printer, &o, options, 1);
}

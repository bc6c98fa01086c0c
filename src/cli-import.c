/* cli-import.c: `frontdesk import FILE`: read a roster and apply it to an event. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "roster.h"
#include "store.h"

#define DEFAULT_EVENT      "demo"
#define DEFAULT_EVENT_NAME "Community Meetup"

typedef struct {
	char *format, *event, *event_name, *event_date, *group;
	char **maps;
	gboolean dry_run;
} options_t;

static void options_clear(options_t *o)
{
	g_free(o->format);
	g_free(o->event);
	g_free(o->event_name);
	g_free(o->event_date);
	g_free(o->group);
	g_strfreev(o->maps);
}

/* ---- options ---------------------------------------------------------------- */

/* --map COLUMN=FIELD...: a new table, or NULL after printing what is wrong. */
static GHashTable *parse_maps(char **maps)
{
	g_autoptr(GHashTable) table =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

	for (char **m = maps; m && *m; m++) {
		const char *eq = strrchr(*m, '=');
		if (!eq || eq == *m || !eq[1]) {
			fprintf(stderr, "frontdesk import: --map %s: expected COLUMN=FIELD\n", *m);
			return NULL;
		}
		g_hash_table_replace(table, g_strndup(*m, eq - *m), g_strdup(eq + 1));
	}
	return g_steal_pointer(&table);
}

static bool valid_date(const char *date)
{
	unsigned y, m, d;
	char extra;

	if (!date)
		return true;
	if (strlen(date) != 10 || sscanf(date, "%4u-%2u-%2u%c", &y, &m, &d, &extra) != 3)
		return false;
	return g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
}

static bool valid_slug(const char *slug)
{
	if (!slug || !*slug)
		return false;
	for (const char *p = slug; *p; p++) {
		if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_')
			return false;
	}
	return true;
}

/* ---- output ----------------------------------------------------------------- */

static const char *delimiter_name(char delimiter)
{
	return delimiter == '\t' ? "tab" : delimiter == ';' ? "semicolon" : "comma";
}

/* Terminal columns @text takes: CJK and other wide characters count twice. */
static gsize display_width(const char *text)
{
	gsize width = 0;

	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		width += g_unichar_iszerowidth(c) ? 0 : g_unichar_iswide(c) ? 2 : 1;
	}
	return width;
}

static void print_roster(const desk_roster_t *roster, bool forced)
{
	printf("file: %s\n", roster->path);
	printf("format: %s (%s), encoding: %s, delimiter: %s\n",
	       desk_roster_format_name(roster->format), forced ? "forced" : "detected",
	       roster->encoding, delimiter_name(roster->delimiter));
	printf("columns:\n");
	for (guint i = 0; i < roster->columns->len; i++) {
		const char *field = roster->mapping->pdata[i];
		const char *column = roster->columns->pdata[i];
		int pad = 28 - (int)display_width(column);
		printf("  %s%*s -> %s\n", column, pad > 0 ? pad : 0, "",
		       *field ? field : "custom field");
	}
}

static void print_not_expected(const desk_roster_t *roster)
{
	bool header = false;

	for (guint i = 0; i < roster->rows->len; i++) {
		const desk_roster_row_t *row = roster->rows->pdata[i];
		if (row->attendee->expected)
			continue;
		if (!header)
			printf("not expected (imported so they can still be checked in):\n");
		header = true;
		printf("  line %u: %s (%s)\n", row->line, row->attendee->display_name,
		       row->attendee->status_reason ? row->attendee->status_reason : "");
	}
}

static void print_report(const desk_import_report_t *report, bool dry_run)
{
	for (guint i = 0; i < report->lines->len; i++)
		printf("%s\n", (const char *)report->lines->pdata[i]);
	printf("%s%u added, %u updated, %u unchanged, %u skipped\n",
	       dry_run ? "dry run, nothing written: " : "", report->added, report->updated,
	       report->unchanged, report->skipped);
}

/* ---- applying ----------------------------------------------------------------- */

/* The report of a dry run into an event that does not exist yet: all new. */
static void report_all_added(const desk_roster_t *roster, desk_import_report_t *report)
{
	gsize prefix = strlen(roster->path) + 1;

	desk_import_report_init(report);
	for (guint i = 0; i < roster->rows->len; i++) {
		const desk_roster_row_t *row = roster->rows->pdata[i];
		report->added++;
		g_ptr_array_add(report->lines, g_strdup_printf("line %u: added %s", row->line,
		                                               row->attendee->display_name));
	}
	for (guint i = 0; i < roster->skipped->len; i++) {
		const char *entry = roster->skipped->pdata[i];
		report->skipped++;
		if (strlen(entry) > prefix)
			entry += prefix; /* "FILE:LINE: reason" -> "LINE: reason" */
		g_ptr_array_add(report->lines, g_strdup_printf("line %s", entry));
	}
}

static void print_event(desk_store_t *store, gint64 id)
{
	g_autoptr(desk_event_t) event = desk_store_event_get(store, id, NULL);
	if (event)
		printf("event: %s (%s%s%s)\n", event->slug, event->name, event->date ? ", " : "",
		       event->date ? event->date : "");
}

/* The event to import into: --event (slug or id), else the current one, else a
 * new one. A dry run creates nothing: 0 without an error when it is missing. */
static gint64 resolve_event(desk_store_t *store, const options_t *o, GError **error)
{
	g_autoptr(GError) local = NULL;
	gint64 id = desk_store_event_current(store, o->event, &local);

	if (id)
		return id;
	if (!g_error_matches(local, DESK_STORE_ERROR, DESK_STORE_ERROR_NOT_FOUND)) {
		g_propagate_error(error, g_steal_pointer(&local));
		return 0;
	}
	if (o->dry_run)
		return 0;
	return desk_store_event_ensure(store, o->event ? o->event : DEFAULT_EVENT,
	                               o->event_name ? o->event_name : DEFAULT_EVENT_NAME,
	                               o->event_date, error);
}

static bool apply(const options_t *o, const desk_roster_t *roster, desk_import_report_t *report,
                  GError **error)
{
	const char *dir = desk_cli_state_dir();
	g_autofree char *db = g_build_filename(dir, "frontdesk.db", NULL);
	g_autoptr(GError) local = NULL;

	if (o->dry_run && !g_file_test(db, G_FILE_TEST_EXISTS)) {
		printf("event: %s (new)\n", o->event ? o->event : DEFAULT_EVENT);
		report_all_added(roster, report);
		return true;
	}
	g_autoptr(desk_store_t) store = desk_store_open(dir, error);
	if (!store)
		return false;
	gint64 id = resolve_event(store, o, &local);
	if (local) {
		g_propagate_error(error, g_steal_pointer(&local));
		return false;
	}
	if (!id) {
		printf("event: %s (new)\n", o->event ? o->event : DEFAULT_EVENT);
		report_all_added(roster, report);
		return true;
	}
	print_event(store, id);
	return desk_store_import(store, id, roster, o->dry_run, report, error);
}

static int run_import(const options_t *o, const char *path, desk_roster_format_t format,
                      GHashTable *overrides)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_roster_t) roster = desk_roster_read(path, format, overrides, &error);
	desk_import_report_t report = {0};

	if (!roster) {
		desk_cli_fail(error);
		return 1;
	}
	if (o->group)
		desk_roster_set_group(roster, o->group);
	print_roster(roster, format != DESK_ROSTER_AUTO);
	if (!apply(o, roster, &report, &error)) {
		desk_cli_fail(error);
		desk_import_report_finish(&report);
		return 1;
	}
	print_not_expected(roster);
	print_report(&report, o->dry_run);
	desk_import_report_finish(&report);
	return 0;
}

/* Checks the options; prints what is wrong and returns false on a usage error. */
static bool check_options(const options_t *o, desk_roster_format_t *format)
{
	if (o->format && !desk_roster_format_parse(o->format, format)) {
		fprintf(stderr,
		        "frontdesk import: --format %s: expected auto, meetup, eventbrite, "
		        "connpass, luma or csv\n",
		        o->format);
		return false;
	}
	if (o->event && !valid_slug(o->event)) {
		fprintf(stderr, "frontdesk import: --event %s: use only letters, digits, - and _\n",
		        o->event);
		return false;
	}
	if (o->group && !valid_slug(o->group)) {
		fprintf(stderr,
		        "frontdesk import: --group %s: a group's short name uses only letters, "
		        "digits, - and _\n",
		        o->group);
		return false;
	}
	if (!valid_date(o->event_date)) {
		fprintf(stderr, "frontdesk import: --event-date %s: expected YYYY-MM-DD\n",
		        o->event_date);
		return false;
	}
	return true;
}

int desk_cli_import(int argc, char **argv)
{
	options_t o = {0};
	const GOptionEntry entries[] = {
	    {"format", 'f', 0, G_OPTION_ARG_STRING, &o.format,
	     "auto (default), meetup, eventbrite, connpass, luma or csv", "FORMAT"},
	    {"map", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &o.maps,
	     "Read COLUMN as FIELD (first_name, company, custom, ignore, ...)", "COLUMN=FIELD"},
	    {"dry-run", 'n', 0, G_OPTION_ARG_NONE, &o.dry_run,
	     "Show what would change; write nothing", NULL},
	    {"event", 'e', 0, G_OPTION_ARG_STRING, &o.event,
	     "Event slug or id (default: the current event, else \"demo\")", "SLUG"},
	    {"event-name", 0, 0, G_OPTION_ARG_STRING, &o.event_name,
	     "Name of the event when it is created", "NAME"},
	    {"event-date", 0, 0, G_OPTION_ARG_STRING, &o.event_date,
	     "Date of the event when it is created", "YYYY-MM-DD"},
	    {"group", 'g', 0, G_OPTION_ARG_STRING, &o.group,
	     "Put everyone in this file in group SHORT (instead of the file's group column)",
	     "SHORT"},
	    G_OPTION_ENTRY_NULL,
	};
	desk_roster_format_t format = DESK_ROSTER_AUTO;
	int status = 2;

	if (desk_cli_parse(&argc, &argv, "FILE",
	                   "Import an RSVP roster (Meetup, Eventbrite, "
	                   "connpass, Luma or CSV) into an event.",
	                   entries) &&
	    check_options(&o, &format)) {
		g_autoptr(GHashTable) overrides = parse_maps(o.maps);
		if (argc != 2)
			fprintf(stderr, "frontdesk import: expected one FILE (see --help)\n");
		else if (overrides)
			status = run_import(&o, argv[1], format, overrides);
	}
	options_clear(&o);
	return status;
}

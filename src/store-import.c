/* store-import.c: applying a roster to an event: matching, upserts and the import report. */
#include <stdlib.h>
#include <string.h>

#include "roster.h"
#include "store-private.h"

void desk_import_report_init(desk_import_report_t *report)
{
	*report = (desk_import_report_t){.lines = g_ptr_array_new_with_free_func(g_free)};
}

void desk_import_report_finish(desk_import_report_t *report)
{
	if (!report)
		return;
	g_clear_pointer(&report->lines, g_ptr_array_unref);
	report->added = report->updated = report->unchanged = report->skipped = 0;
}

static bool empty(const char *s)
{
	return !s || !*s;
}

/* ---- matching ------------------------------------------------------------ */

static bool lookup_id(desk_store_t *store, const char *sql, gint64 event_id, const char *a,
                      const char *b, gint64 *id, GError **error)
{
	g_autoptr(store_cached_t) stmt = store_cached(store, sql, error);
	if (!stmt)
		return false;
	sqlite3_bind_int64(stmt, 1, event_id);
	store_bind_text(stmt, 2, a);
	store_bind_text(stmt, 3, b);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(stmt, 0);
	else if (rc != SQLITE_DONE) {
		store_fail(error, store->db, "import");
		return false;
	}
	return true;
}

/* The existing attendee @a is: same source id, else same email, else same
 * normalized name and company -- but only where one side has no email, since
 * two rows with different emails are two people who share a name. *@id = 0
 * when new. */
static bool find_match(desk_store_t *store, gint64 event_id, const desk_attendee_t *a, gint64 *id,
                       GError **error)
{
	store_keys_t keys;
	store_keys_compute(a, &keys);
	const char *source = empty(a->source) ? "csv" : a->source;
	*id = 0;
	bool ok =
	    (empty(a->source_id) || lookup_id(store,
	                                      "SELECT id FROM attendees WHERE event_id = ?1 AND"
	                                      " source_id = ?2 AND source = ?3 ORDER BY id LIMIT 1",
	                                      event_id, a->source_id, source, id, error)) &&
	    (*id || !keys.email ||
	     lookup_id(store,
	               "SELECT id FROM attendees WHERE event_id = ?1 AND"
	               " key_email = ?2 ORDER BY id LIMIT 1",
	               event_id, keys.email, NULL, id, error)) &&
	    (*id || lookup_id(store,
	                      "SELECT id FROM attendees WHERE event_id = ?1 AND"
	                      " key_match = ?2 AND (?3 IS NULL OR key_email IS NULL)"
	                      " ORDER BY id LIMIT 1",
	                      event_id, keys.match, keys.email, id, error));
	store_keys_clear(&keys);
	return ok;
}

/* ---- merging ------------------------------------------------------------- */

/* A roster leaves a field as it is when its cell is empty (kiosk edits survive). */
static bool merge_text(char **into, const char *from)
{
	if (empty(from) || g_strcmp0(*into, from) == 0)
		return false;
	g_free(*into);
	*into = g_strdup(from);
	return true;
}

static bool merge_custom(desk_attendee_t *into, GHashTable *from)
{
	if (!from)
		return false;
	bool changed = false;
	GHashTableIter iter;
	gpointer key, value;
	g_hash_table_iter_init(&iter, from);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		if (empty(value) || g_strcmp0(g_hash_table_lookup(into->custom, key), value) == 0)
			continue;
		g_hash_table_replace(into->custom, g_strdup(key), g_strdup(value));
		changed = true;
	}
	return changed;
}

/* Whether @display is only @first and @last in some order: what the roster
 * makes when it has no badge-name column. */
static bool made_from_names(const char *display, const char *first, const char *last)
{
	first = first ? first : "";
	last = last ? last : "";
	g_autofree char *a = g_strjoin(*first && *last ? " " : "", first, last, NULL);
	g_autofree char *b = g_strjoin(*first && *last ? " " : "", last, first, NULL);
	g_autofree char *c = g_strconcat(last, first, NULL);
	return !g_strcmp0(display, a) || !g_strcmp0(display, b) || !g_strcmp0(display, c);
}

/* Applies the roster row @from to @into; true when anything changed. A
 * display name of the attendee's own (the kiosk's "Name on badge" edit)
 * survives a roster that only made one from the first and last name. */
static bool merge(desk_attendee_t *into, const desk_attendee_t *from)
{
	bool own = !empty(into->display_name) &&
	           !made_from_names(into->display_name, into->first_name, into->last_name);
	bool made = made_from_names(from->display_name, from->first_name, from->last_name);
	bool changed = false;
	changed |= merge_text(&into->source, from->source);
	changed |= merge_text(&into->source_id, from->source_id);
	changed |= merge_text(&into->first_name, from->first_name);
	changed |= merge_text(&into->last_name, from->last_name);
	if (!own || !made)
		changed |= merge_text(&into->display_name, from->display_name);
	changed |= merge_text(&into->company, from->company);
	changed |= merge_text(&into->title, from->title);
	changed |= merge_text(&into->pronouns, from->pronouns);
	changed |= merge_text(&into->group_name, from->group_name);
	changed |= merge_text(&into->ticket_type, from->ticket_type);
	changed |= merge_text(&into->email, from->email);
	changed |= merge_text(&into->ticket_code, from->ticket_code);
	changed |= merge_custom(into, from->custom);
	if (into->expected != from->expected || into->guests != MAX(from->guests, 0) ||
	    into->consent_share != from->consent_share ||
	    (!from->expected && g_strcmp0(into->status_reason, from->status_reason) != 0) ||
	    (from->expected && into->status_reason)) {
		into->expected = from->expected;
		into->guests = MAX(from->guests, 0);
		into->consent_share = from->consent_share;
		g_free(into->status_reason);
		into->status_reason = from->expected ? NULL : g_strdup(from->status_reason);
		changed = true;
	}
	return changed;
}

/* ---- rows ------------------------------------------------------------------ */

static char *name_of(const desk_attendee_t *a)
{
	if (!empty(a->display_name))
		return g_strdup(a->display_name);
	char *name = g_strjoin(" ", a->first_name ? a->first_name : "",
	                       a->last_name ? a->last_name : "", NULL);
	return g_strstrip(name);
}

static bool import_row(desk_store_t *store, gint64 event_id, const desk_roster_row_t *row,
                       desk_import_report_t *report, GError **error)
{
	const desk_attendee_t *a = row->attendee;
	g_autofree char *name = a ? name_of(a) : g_strdup("");
	if (!*name) {
		report->skipped++;
		g_ptr_array_add(report->lines,
		                g_strdup_printf("line %u: skipped: no name", row->line));
		return true;
	}
	gint64 id = 0;
	if (!find_match(store, event_id, a, &id, error))
		return false;
	const char *verb = "added";
	if (!id) {
		if (!store_attendee_insert(store, event_id, a, error))
			return false;
		report->added++;
	} else {
		g_autoptr(desk_attendee_t) existing = desk_store_attendee_get(store, id, error);
		if (!existing)
			return false;
		if (!merge(existing, a)) {
			verb = "unchanged";
			report->unchanged++;
		} else {
			if (!store_attendee_overwrite(store, id, existing, error))
				return false;
			verb = "updated";
			report->updated++;
		}
	}
	g_ptr_array_add(report->lines, g_strdup_printf("line %u: %s %s", row->line, verb, name));
	return true;
}

/* "file:LINE: reason" -> "line LINE: skipped: reason" (file order kept by sort_lines). */
static char *skipped_line(const char *entry)
{
	g_autoptr(GRegex) regex = g_regex_new(":([0-9]+): (.*)$", 0, 0, NULL);
	g_autoptr(GMatchInfo) match = NULL;
	if (!g_regex_match(regex, entry, 0, &match))
		return g_strdup_printf("line 0: skipped: %s", entry);
	g_autofree char *line = g_match_info_fetch(match, 1);
	g_autofree char *reason = g_match_info_fetch(match, 2);
	return g_strdup_printf("line %s: skipped: %s", line, reason);
}

static gint compare_lines(gconstpointer a, gconstpointer b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	guint64 nx = g_ascii_strtoull(x + 5, NULL, 10), ny = g_ascii_strtoull(y + 5, NULL, 10);
	return nx < ny ? -1 : nx > ny;
}

bool desk_store_import(desk_store_t *store, gint64 event_id, const desk_roster_t *roster,
                       bool dry_run, desk_import_report_t *report, GError **error)
{
	g_return_val_if_fail(store != NULL && roster != NULL && report != NULL, false);
	if (!report->lines)
		desk_import_report_init(report);
	g_autoptr(desk_event_t) event = desk_store_event_get(store, event_id, error);
	if (!event || !store_begin(store, error))
		return false;
	for (guint i = 0; roster->rows && i < roster->rows->len; i++) {
		if (!import_row(store, event_id, roster->rows->pdata[i], report, error)) {
			store_rollback(store);
			g_prefix_error(error, "%s:%u: ", roster->path ? roster->path : "roster",
			               ((desk_roster_row_t *)roster->rows->pdata[i])->line);
			desk_import_report_finish(report);
			desk_import_report_init(report);
			return false;
		}
	}
	for (guint i = 0; roster->skipped && i < roster->skipped->len; i++) {
		report->skipped++;
		g_ptr_array_add(report->lines, skipped_line(roster->skipped->pdata[i]));
	}
	g_ptr_array_sort(report->lines, compare_lines); /* GLib's sort is stable */
	if (dry_run) {
		store_rollback(store);
		return true;
	}
	return store_commit(store, error);
}

gint64 desk_store_attendee_add(desk_store_t *store, gint64 event_id,
                               const desk_attendee_t *attendee, GError **error)
{
	g_return_val_if_fail(store != NULL && attendee != NULL, 0);
	g_autofree char *name = name_of(attendee);
	if (!*name) {
		g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_INVALID,
		            "first_name: an attendee needs a name");
		return 0;
	}
	g_autoptr(desk_event_t) event = desk_store_event_get(store, event_id, error);
	if (!event || !store_begin(store, error))
		return 0;
	gint64 id = store_attendee_insert(store, event_id, attendee, error);
	if (!id || !store_commit(store, error)) {
		store_rollback(store);
		return 0;
	}
	return id;
}

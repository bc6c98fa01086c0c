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
                      const char *b, const char *c, gint64 *id, GError **error)
{
	g_autoptr(store_cached_t) stmt = store_cached(store, sql, error);
	if (!stmt)
		return false;
	sqlite3_bind_int64(stmt, 1, event_id);
	store_bind_text(stmt, 2, a);
	store_bind_text(stmt, 3, b);
	if (c || sqlite3_bind_parameter_count(stmt) >= 4)
		store_bind_text(stmt, 4, c);
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
 * two rows with different emails are two people who share a name, and only
 * where one side has no ticket code or it is the same: a match by name never
 * replaces a ticket code. *@id = 0 when new. */
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
	                                      event_id, a->source_id, source, NULL, id, error)) &&
	    (*id || !keys.email ||
	     lookup_id(store,
	               "SELECT id FROM attendees WHERE event_id = ?1 AND"
	               " key_email = ?2 ORDER BY id LIMIT 1",
	               event_id, keys.email, NULL, NULL, id, error)) &&
	    (*id || lookup_id(store,
	                      "SELECT id FROM attendees WHERE event_id = ?1 AND"
	                      " key_match = ?2 AND (?3 IS NULL OR key_email IS NULL) AND"
	                      " (?4 IS NULL OR ticket_code IS NULL OR ticket_code = ?4)"
	                      " ORDER BY id LIMIT 1",
	                      event_id, keys.match, keys.email,
	                      empty(a->ticket_code) ? NULL : a->ticket_code, id, error));
	store_keys_clear(&keys);
	return ok;
}

/* An attendee with @a's name and company but another ticket code, or 0: the
 * report says they were kept apart. */
static gint64 namesake(desk_store_t *store, gint64 event_id, const desk_attendee_t *a,
                       char **their_code)
{
	if (empty(a->ticket_code))
		return 0;
	store_keys_t keys;
	store_keys_compute(a, &keys);
	g_autoptr(store_cached_t) stmt = store_cached(
	    store,
	    "SELECT id, ticket_code FROM attendees WHERE event_id = ?1 AND key_match = ?2 AND"
	    " ticket_code IS NOT NULL AND ticket_code <> ?3 ORDER BY id LIMIT 1",
	    NULL);
	gint64 id = 0;
	if (stmt) {
		sqlite3_bind_int64(stmt, 1, event_id);
		store_bind_text(stmt, 2, keys.match);
		store_bind_text(stmt, 3, a->ticket_code);
		if (sqlite3_step(stmt) == SQLITE_ROW) {
			id = sqlite3_column_int64(stmt, 0);
			*their_code = g_strdup((const char *)sqlite3_column_text(stmt, 1));
		}
	}
	store_keys_clear(&keys);
	return id;
}

/* ---- merging ------------------------------------------------------------- */

/* A roster leaves a field as it is when its cell is empty (kiosk edits
 * survive). What changed is written to @changes: "field “old” → “new”". */
static bool merge_text(char **into, const char *from, const char *field, GString *changes)
{
	if (empty(from) || g_strcmp0(*into, from) == 0)
		return false;
	g_string_append_printf(changes, "%s%s “%s” → “%s”", changes->len ? ", " : "", field,
	                       *into ? *into : "", from);
	g_free(*into);
	*into = g_strdup(from);
	return true;
}

static bool merge_custom(desk_attendee_t *into, GHashTable *from, GString *changes)
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
		g_string_append_printf(changes, "%s%s changed", changes->len ? ", " : "",
		                       (const char *)key);
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

static void merge_status(desk_attendee_t *into, const desk_attendee_t *from, GString *changes)
{
	const char *sep = changes->len ? ", " : "";
	if (into->expected != from->expected)
		g_string_append_printf(changes, "%sstatus %s → %s", sep,
		                       into->expected ? "expected" : "not expected",
		                       from->expected ? "expected" : from->status_reason);
	else if (into->guests != MAX(from->guests, 0))
		g_string_append_printf(changes, "%sguests %d → %d", sep, into->guests,
		                       MAX(from->guests, 0));
	else if (into->consent_share != from->consent_share)
		g_string_append_printf(changes, "%sconsent_share %s → %s", sep,
		                       into->consent_share ? "yes" : "no",
		                       from->consent_share ? "yes" : "no");
	else
		g_string_append_printf(changes, "%sstatus “%s”", sep,
		                       from->status_reason ? from->status_reason : "expected");
}

/* Applies the roster row @from to @into; true when anything changed, each
 * change described in @changes. A display name of the attendee's own (the
 * kiosk's "Name on badge" edit) survives a roster that only made one from
 * the first and last name. */
static bool merge(desk_attendee_t *into, const desk_attendee_t *from, GString *changes)
{
	bool own = !empty(into->display_name) &&
	           !made_from_names(into->display_name, into->first_name, into->last_name);
	bool made = made_from_names(from->display_name, from->first_name, from->last_name);
	bool changed = false;
	changed |= merge_text(&into->source, from->source, "source", changes);
	changed |= merge_text(&into->source_id, from->source_id, "source_id", changes);
	changed |= merge_text(&into->first_name, from->first_name, "first_name", changes);
	changed |= merge_text(&into->last_name, from->last_name, "last_name", changes);
	if (!own || !made)
		changed |=
		    merge_text(&into->display_name, from->display_name, "display_name", changes);
	changed |= merge_text(&into->company, from->company, "company", changes);
	changed |= merge_text(&into->title, from->title, "title", changes);
	changed |= merge_text(&into->pronouns, from->pronouns, "pronouns", changes);
	changed |= merge_text(&into->group_name, from->group_name, "group", changes);
	changed |= merge_text(&into->ticket_type, from->ticket_type, "ticket_type", changes);
	changed |= merge_text(&into->email, from->email, "email", changes);
	changed |= merge_text(&into->ticket_code, from->ticket_code, "ticket_code", changes);
	changed |= merge_custom(into, from->custom, changes);
	if (into->expected != from->expected || into->guests != MAX(from->guests, 0) ||
	    into->consent_share != from->consent_share ||
	    (!from->expected && g_strcmp0(into->status_reason, from->status_reason) != 0) ||
	    (from->expected && into->status_reason)) {
		merge_status(into, from, changes);
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

/* "line N: VERB NAME" and, when there is one, ": what changed". */
static bool report_line(desk_import_report_t *report, guint line, const char *verb,
                        const char *name, const GString *changes)
{
	g_ptr_array_add(report->lines, g_strdup_printf("line %u: %s %s%s%s", line, verb, name,
	                                               changes->len ? ": " : "", changes->str));
	return true;
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
	g_autoptr(GString) changes = g_string_new(NULL);
	if (!id) {
		g_autofree char *code = NULL;
		gint64 other = namesake(store, event_id, a, &code);
		if (!store_attendee_insert(store, event_id, a, error))
			return false;
		report->added++;
		if (other)
			g_string_printf(
			    changes,
			    "kept apart from attendee %" G_GINT64_FORMAT
			    " of the same name and company, whose ticket code %s differs from "
			    "%s: check for a duplicate",
			    other, code, a->ticket_code);
		return report_line(report, row->line, "added", name, changes);
	}
	g_autoptr(desk_attendee_t) existing = desk_store_attendee_get(store, id, error);
	if (!existing)
		return false;
	if (!merge(existing, a, changes)) {
		report->unchanged++;
		return report_line(report, row->line, "unchanged", name, changes);
	}
	if (!store_attendee_overwrite(store, id, existing, error))
		return false;
	report->updated++;
	return report_line(report, row->line, "updated", name, changes);
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

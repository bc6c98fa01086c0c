/* store-attendee.c: events and attendees: reading, writing, code lookup and template fields. */
#include <stdlib.h>
#include <string.h>

#include "store-private.h"

/* ---- events ---------------------------------------------------------------- */

void desk_event_free(desk_event_t *event)
{
	if (!event)
		return;
	g_free(event->slug);
	g_free(event->name);
	g_free(event->date);
	g_free(event->lang);
	g_free(event);
}

gint64 desk_store_event_ensure(desk_store_t *store, const char *slug, const char *name,
                               const char *date, GError **error)
{
	g_return_val_if_fail(store != NULL, 0);
	if (!slug || !*slug || strchr(slug, ':') || g_ascii_isdigit(slug[0])) {
		g_set_error(
		    error, DESK_STORE_ERROR, DESK_STORE_ERROR_INVALID,
		    "event slug \"%s\": must be non-empty, without ':' and not start with a digit",
		    slug ? slug : "");
		return 0;
	}
	g_autoptr(sqlite3_stmt) insert =
	    store_prepare(store,
	                  "INSERT INTO events(slug, name, date) VALUES (?1, ?2, ?3) "
	                  "ON CONFLICT(slug) DO NOTHING",
	                  error);
	if (!insert)
		return 0;
	store_bind_text(insert, 1, slug);
	store_bind_text(insert, 2, name && *name ? name : slug);
	store_bind_text(insert, 3, date);
	if (!store_step_done(store, insert, error))
		return 0;
	g_autoptr(sqlite3_stmt) select =
	    store_prepare(store, "SELECT id FROM events WHERE slug = ?1", error);
	if (!select)
		return 0;
	store_bind_text(select, 1, slug);
	if (sqlite3_step(select) != SQLITE_ROW) {
		store_fail(error, store->db, "event");
		return 0;
	}
	return sqlite3_column_int64(select, 0);
}

static desk_event_t *event_from_row(sqlite3_stmt *stmt)
{
	desk_event_t *event = g_new0(desk_event_t, 1);
	event->id = sqlite3_column_int64(stmt, 0);
	event->slug = store_column_dup(stmt, 1);
	event->name = store_column_dup(stmt, 2);
	event->date = store_column_dup(stmt, 3);
	event->lang = store_column_dup(stmt, 4);
	return event;
}

#define EVENT_COLUMNS "id, slug, name, date, lang"

desk_event_t *desk_store_event_get(desk_store_t *store, gint64 event_id, GError **error)
{
	g_return_val_if_fail(store != NULL, NULL);
	g_autoptr(sqlite3_stmt) stmt =
	    store_prepare(store, "SELECT " EVENT_COLUMNS " FROM events WHERE id = ?1", error);
	if (!stmt)
		return NULL;
	sqlite3_bind_int64(stmt, 1, event_id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		return event_from_row(stmt);
	if (rc == SQLITE_DONE)
		g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_NOT_FOUND,
		            "event %" G_GINT64_FORMAT ": no such event", event_id);
	else
		store_fail(error, store->db, "event");
	return NULL;
}

GPtrArray *desk_store_event_list(desk_store_t *store, GError **error)
{
	g_return_val_if_fail(store != NULL, NULL);
	g_autoptr(sqlite3_stmt) stmt = store_prepare(
	    store, "SELECT " EVENT_COLUMNS " FROM events ORDER BY date DESC, id DESC", error);
	if (!stmt)
		return NULL;
	g_autoptr(GPtrArray) events =
	    g_ptr_array_new_with_free_func((GDestroyNotify)desk_event_free);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		g_ptr_array_add(events, event_from_row(stmt));
	if (rc != SQLITE_DONE) {
		store_fail(error, store->db, "events");
		return NULL;
	}
	return g_steal_pointer(&events);
}

bool desk_store_event_set_lang(desk_store_t *store, gint64 event_id, const char *lang,
                               GError **error)
{
	g_return_val_if_fail(store != NULL, false);
	g_autoptr(sqlite3_stmt) stmt =
	    store_prepare(store, "UPDATE events SET lang = ?2 WHERE id = ?1", error);
	if (!stmt)
		return false;
	sqlite3_bind_int64(stmt, 1, event_id);
	store_bind_text(stmt, 2, lang && *lang ? lang : NULL);
	return store_step_done(store, stmt, error);
}

/* Today's event, else the latest one already held, else the next one. */
static const char current_sql[] = "SELECT id FROM events ORDER BY "
                                  "  (date = date('now','localtime')) DESC,"
                                  "  (date <= date('now','localtime')) DESC,"
                                  "  CASE WHEN date <= date('now','localtime') THEN date END DESC,"
                                  "  date ASC, id DESC LIMIT 1";

gint64 desk_store_event_current(desk_store_t *store, const char *which, GError **error)
{
	g_return_val_if_fail(store != NULL, 0);
	bool numeric = which && *which && strspn(which, "0123456789") == strlen(which);
	g_autoptr(sqlite3_stmt) stmt =
	    store_prepare(store,
	                  !which || !*which ? current_sql
	                  : numeric         ? "SELECT id FROM events WHERE id = ?1"
	                                    : "SELECT id FROM events WHERE slug = ?1",
	                  error);
	if (!stmt)
		return 0;
	if (numeric)
		sqlite3_bind_int64(stmt, 1, g_ascii_strtoll(which, NULL, 10));
	else if (which && *which)
		store_bind_text(stmt, 1, which);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		return sqlite3_column_int64(stmt, 0);
	if (rc != SQLITE_DONE)
		store_fail(error, store->db, "event");
	else if (which && *which)
		g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_NOT_FOUND,
		            "event \"%s\": no such event", which);
	else
		g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_NOT_FOUND,
		            "no event yet: import a roster first");
	return 0;
}

/* ---- attendees -------------------------------------------------------------- */

void desk_attendee_free(desk_attendee_t *a)
{
	if (!a)
		return;
	char **strings[] = {
	    &a->source,  &a->source_id,   &a->first_name,    &a->last_name,     &a->display_name,
	    &a->company, &a->title,       &a->pronouns,      &a->group_name,    &a->ticket_type,
	    &a->email,   &a->ticket_code, &a->status_reason, &a->checked_in_at, &a->handed_over_at};
	for (size_t i = 0; i < G_N_ELEMENTS(strings); i++)
		g_free(*strings[i]);
	if (a->custom)
		g_hash_table_unref(a->custom);
	g_free(a);
}

desk_attendee_t *store_attendee_from_row(sqlite3_stmt *stmt)
{
	desk_attendee_t *a = g_new0(desk_attendee_t, 1);
	a->id = sqlite3_column_int64(stmt, 0);
	a->event_id = sqlite3_column_int64(stmt, 1);
	char **strings[] = {&a->source,       &a->source_id,   &a->first_name, &a->last_name,
	                    &a->display_name, &a->company,     &a->title,      &a->pronouns,
	                    &a->group_name,   &a->ticket_type, &a->email,      &a->ticket_code};
	for (size_t i = 0; i < G_N_ELEMENTS(strings); i++)
		*strings[i] = store_column_dup(stmt, 2 + (int)i);
	a->expected = sqlite3_column_int(stmt, 14) != 0;
	a->status_reason = store_column_dup(stmt, 15);
	a->guests = sqlite3_column_int(stmt, 16);
	a->consent_share = sqlite3_column_int(stmt, 17) != 0;
	a->custom = store_custom_from_json((const char *)sqlite3_column_text(stmt, 18));
	a->checkin_number = sqlite3_column_int64(stmt, 19);
	a->checked_in_at = store_column_dup(stmt, 20);
	a->walkin = sqlite3_column_int(stmt, 21) != 0;
	a->handed_over_at = store_column_dup(stmt, 22);
	return a;
}

desk_attendee_t *desk_store_attendee_get(desk_store_t *store, gint64 attendee_id, GError **error)
{
	g_return_val_if_fail(store != NULL, NULL);
	g_autoptr(store_cached_t) stmt = store_cached(
	    store, "SELECT " STORE_ATTENDEE_COLUMNS " FROM attendees a WHERE a.id = ?1", error);
	if (!stmt)
		return NULL;
	sqlite3_bind_int64(stmt, 1, attendee_id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		return store_attendee_from_row(stmt);
	if (rc == SQLITE_DONE)
		g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_NOT_FOUND,
		            "attendee %" G_GINT64_FORMAT ": no such attendee", attendee_id);
	else
		store_fail(error, store->db, "attendee");
	return NULL;
}

/* Binds the roster fields of @a and its @keys as ?2..?24 (the statements below). */
static void bind_roster_fields(sqlite3_stmt *stmt, const desk_attendee_t *a,
                               const store_keys_t *keys)
{
	const char *strings[] = {a->source ? a->source : "csv",
	                         a->source_id,
	                         a->first_name,
	                         a->last_name,
	                         a->display_name,
	                         a->company,
	                         a->title,
	                         a->pronouns,
	                         a->group_name,
	                         a->ticket_type,
	                         a->email,
	                         a->ticket_code,
	                         a->status_reason};
	for (size_t i = 0; i < G_N_ELEMENTS(strings); i++)
		store_bind_text(stmt, 2 + (int)i, strings[i] && *strings[i] ? strings[i] : NULL);
	sqlite3_bind_int(stmt, 15, a->expected);
	sqlite3_bind_int(stmt, 16, MAX(a->guests, 0));
	sqlite3_bind_int(stmt, 17, a->consent_share);
	g_autofree char *custom = store_custom_to_json(a->custom);
	store_bind_text(stmt, 18, custom);
	const char *key_values[] = {keys->first, keys->last,  keys->name,
	                            keys->match, keys->email, keys->all};
	for (size_t i = 0; i < G_N_ELEMENTS(key_values); i++)
		store_bind_text(stmt, 19 + (int)i, key_values[i]);
}

/* The name index is kept from here, not by triggers: in SQLite 3.40 a
 * trigger writing FTS5 flushes its pending terms on every statement. */
static bool names_index(desk_store_t *store, gint64 id, const char *key, bool add, GError **error)
{
	g_autoptr(store_cached_t) stmt =
	    add ? store_cached(store, "INSERT INTO attendee_names(rowid, key_name) VALUES (?1, ?2)",
	                       error)
	        : store_cached(store,
	                       "INSERT INTO attendee_names(attendee_names, rowid, key_name)"
	                       " VALUES ('delete', ?1, ?2)",
	                       error);
	if (!stmt)
		return false;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, key);
	return store_step_done(store, stmt, error);
}

/* The key_name attendee @id has now (NULL if none). New string. */
static char *stored_key_name(desk_store_t *store, gint64 id)
{
	g_autoptr(store_cached_t) stmt =
	    store_cached(store, "SELECT key_name FROM attendees WHERE id = ?1", NULL);
	if (!stmt)
		return NULL;
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) != SQLITE_ROW)
		return NULL;
	return g_strdup((const char *)sqlite3_column_text(stmt, 0));
}

static gint64 stored_event_id(desk_store_t *store, gint64 id)
{
	g_autoptr(store_cached_t) stmt =
	    store_cached(store, "SELECT event_id FROM attendees WHERE id = ?1", NULL);
	if (!stmt)
		return 0;
	sqlite3_bind_int64(stmt, 1, id);
	return sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
}

gint64 store_attendee_insert(desk_store_t *store, gint64 event_id, const desk_attendee_t *a,
                             GError **error)
{
	g_autoptr(store_cached_t) stmt = store_cached(
	    store,
	    "INSERT INTO attendees(event_id, source, source_id, first_name, last_name,"
	    " display_name, company, title, pronouns, group_name, ticket_type, email, ticket_code,"
	    " status_reason, expected, guests, consent_share, custom, key_first, key_last,"
	    " key_name, key_match, key_email, key_all, walkin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	    " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24,"
	    " ?25)",
	    error);
	if (!stmt)
		return 0;
	store_keys_t keys;
	store_keys_compute(a, &keys);
	sqlite3_bind_int64(stmt, 1, event_id);
	bind_roster_fields(stmt, a, &keys);
	sqlite3_bind_int(stmt, 25, a->walkin);
	gint64 id = 0;
	if (store_step_done(store, stmt, error)) {
		id = sqlite3_last_insert_rowid(store->db);
		if (!names_index(store, id, keys.name, true, error) ||
		    !store_keys_write(store, id, event_id, &keys, error))
			id = 0;
	}
	store_keys_clear(&keys);
	return id;
}

bool store_attendee_overwrite(desk_store_t *store, gint64 id, const desk_attendee_t *a,
                              GError **error)
{
	g_autoptr(store_cached_t) stmt = store_cached(
	    store,
	    "UPDATE attendees SET source = ?2, source_id = ?3, first_name = ?4, last_name = ?5,"
	    " display_name = ?6, company = ?7, title = ?8, pronouns = ?9, group_name = ?10,"
	    " ticket_type = ?11, email = ?12, ticket_code = ?13, status_reason = ?14,"
	    " expected = ?15, guests = ?16, consent_share = ?17, custom = ?18, key_first = ?19,"
	    " key_last = ?20, key_name = ?21, key_match = ?22, key_email = ?23, key_all = ?24,"
	    " updated_at = " STORE_NOW " WHERE id = ?1",
	    error);
	if (!stmt)
		return false;
	store_keys_t keys;
	store_keys_compute(a, &keys);
	g_autofree char *old_key = stored_key_name(store, id);
	bool same = g_strcmp0(old_key, keys.name) == 0;
	sqlite3_bind_int64(stmt, 1, id);
	bind_roster_fields(stmt, a, &keys);
	bool ok = (same || !old_key || names_index(store, id, old_key, false, error)) &&
	          store_step_done(store, stmt, error) &&
	          (same || names_index(store, id, keys.name, true, error)) &&
	          store_keys_write(store, id, stored_event_id(store, id), &keys, error);
	store_keys_clear(&keys);
	return ok;
}

static void replace_field(char **field, const char *value)
{
	if (!value)
		return;
	g_free(*field);
	*field = *value ? g_strdup(value) : NULL;
}

bool desk_store_attendee_update_display(desk_store_t *store, gint64 attendee_id,
                                        const char *display_name, const char *pronouns,
                                        const char *company, const char *group_name, GError **error)
{
	g_return_val_if_fail(store != NULL, false);
	if (!store_begin(store, error))
		return false;
	g_autoptr(desk_attendee_t) a = desk_store_attendee_get(store, attendee_id, error);
	if (!a)
		goto fail;
	replace_field(&a->display_name, display_name);
	replace_field(&a->pronouns, pronouns);
	replace_field(&a->company, company);
	replace_field(&a->group_name, group_name);
	if (!store_attendee_overwrite(store, attendee_id, a, error))
		goto fail;
	return store_commit(store, error);
fail:
	store_rollback(store);
	return false;
}

/* ---- scanner codes ---------------------------------------------------------- */

char *desk_store_badge_code(const desk_attendee_t *attendee, const desk_event_t *event)
{
	g_return_val_if_fail(attendee != NULL && event != NULL, NULL);
	return g_strdup_printf("FD:%s:%" G_GINT64_FORMAT, event->slug, attendee->id);
}

/* "FD:<slug or event id>:<attendee id>" -> attendee id, or 0. */
static gint64 parse_badge_code(const char *code)
{
	if (!g_str_has_prefix(code, "FD:"))
		return 0;
	const char *colon = strrchr(code, ':');
	if (colon == code + 2 || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return 0;
	return g_ascii_strtoll(colon + 1, NULL, 10);
}

desk_attendee_t *desk_store_find_code(desk_store_t *store, gint64 event_id, const char *code,
                                      GError **error)
{
	g_return_val_if_fail(store != NULL && code != NULL, NULL);
	g_autofree char *trimmed = g_strstrip(g_utf8_make_valid(code, -1));
	g_autofree char *email = desk_store_normalize(trimmed); /* as key_email is */
	g_autoptr(sqlite3_stmt) stmt =
	    store_prepare(store,
	                  "SELECT * FROM ("
	                  " SELECT " STORE_ATTENDEE_COLUMNS ", 1 AS rank FROM attendees a"
	                  "  WHERE a.event_id = ?1 AND a.ticket_code = ?2 UNION ALL"
	                  " SELECT " STORE_ATTENDEE_COLUMNS ", 2 FROM attendees a"
	                  "  WHERE a.event_id = ?1 AND a.source_id = ?2 UNION ALL"
	                  " SELECT " STORE_ATTENDEE_COLUMNS ", 3 FROM attendees a"
	                  "  WHERE a.event_id = ?1 AND a.key_email = ?3 UNION ALL"
	                  " SELECT " STORE_ATTENDEE_COLUMNS ", 4 FROM attendees a"
	                  "  WHERE a.event_id = ?1 AND a.id = ?4 AND a.checkin_number IS NOT NULL)"
	                  " ORDER BY rank, id LIMIT 1",
	                  error);
	if (!stmt)
		return NULL;
	sqlite3_bind_int64(stmt, 1, event_id);
	store_bind_text(stmt, 2, trimmed);
	store_bind_text(stmt, 3, email);
	sqlite3_bind_int64(stmt, 4, *trimmed ? parse_badge_code(trimmed) : 0);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		return store_attendee_from_row(stmt);
	if (rc == SQLITE_DONE)
		g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_NOT_FOUND,
		            "code: no attendee of this event has it");
	else
		store_fail(error, store->db, "code");
	return NULL;
}

/* ---- template fields ---------------------------------------------------------- */

static void put(GHashTable *fields, const char *name, const char *value)
{
	g_hash_table_replace(fields, g_strdup(name), g_strdup(value ? value : ""));
}

GHashTable *desk_attendee_fields(const desk_attendee_t *a, const desk_event_t *event)
{
	g_return_val_if_fail(a != NULL, NULL);
	GHashTable *fields = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	GHashTableIter iter;
	gpointer key, value;
	if (a->custom) {
		g_hash_table_iter_init(&iter, a->custom);
		while (g_hash_table_iter_next(&iter, &key, &value))
			if (a->consent_share || g_ascii_strcasecmp(key, "email") != 0)
				put(fields, key, value);
	}
	const char *lang = event ? event->lang : NULL;
	g_autofree char *number = a->checkin_number > 0
	                              ? g_strdup_printf("%" G_GINT64_FORMAT, a->checkin_number)
	                              : g_strdup("");
	g_autofree char *id = g_strdup_printf("%" G_GINT64_FORMAT, a->id);
	put(fields, "first_name", a->first_name);
	put(fields, "last_name", a->last_name);
	put(fields, "display_name", a->display_name); /* as stored: desk_station_name_fields() */
	put(fields, "company", a->company);
	put(fields, "title", a->title);
	put(fields, "pronouns", a->pronouns);
	put(fields, "group", a->group_name);
	put(fields, "ticket_type", a->ticket_type);
	put(fields, "checkin_number", number);
	put(fields, "event", event ? event->name : NULL);
	put(fields, "date", event ? event->date : NULL);
	put(fields, "id", id);
	put(fields, "event_lang", lang);
	if (a->consent_share)
		put(fields, "email", a->email);
	else
		g_hash_table_remove(fields, "email");
	return fields;
}

/* store-search.c: normalized search keys and the door search (FTS5 trigram plus name-start
 * prefixes). */
#include <string.h>

#include "store-private.h"
#include "translit.h"

/* ---- normalization -------------------------------------------------------- */

static bool drop_mark(gunichar c)
{
	/* Keep the kana voicing marks so that NFKC recomposes ｶﾞ and ガ alike. */
	if (c == 0x3099 || c == 0x309A)
		return false;
	GUnicodeType type = g_unichar_type(c);
	return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK;
}

char *desk_store_normalize(const char *text)
{
	if (!text)
		return g_strdup("");
	g_autofree char *valid = g_utf8_make_valid(text, -1);
	g_autofree char *decomposed = g_utf8_normalize(valid, -1, G_NORMALIZE_NFKD);
	GString *kept = g_string_sized_new(strlen(decomposed));
	bool space = true; /* collapse and trim white space */
	for (const char *p = decomposed; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (drop_mark(c))
			continue;
		if (g_unichar_isspace(c) || c == '\t') {
			if (!space)
				g_string_append_c(kept, ' ');
			space = true;
			continue;
		}
		g_string_append_unichar(kept, c);
		space = false;
	}
	if (kept->len && kept->str[kept->len - 1] == ' ')
		g_string_truncate(kept, kept->len - 1);
	g_autofree char *stripped = g_string_free(kept, FALSE);
	g_autofree char *folded = g_utf8_casefold(stripped, -1);
	g_autofree char *composed = g_utf8_normalize(folded, -1, G_NORMALIZE_NFKC);
	return desk_translit_fold(composed);
}

/* Adds the key of @text to @keys unless it is empty or there already. */
static void add_key(GPtrArray *keys, GHashTable *seen, const char *text)
{
	char *key = desk_store_normalize(text);
	if (!*key || g_hash_table_contains(seen, key)) {
		g_free(key);
		return;
	}
	g_hash_table_add(seen, key);
	g_ptr_array_add(keys, key);
}

/* Every form of the name (store_keys_t.extra): as written, in both orders,
 * and as typed on a Latin keyboard (translit.h). */
static GPtrArray *name_keys(const desk_attendee_t *a, const store_keys_t *keys)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) full = g_ptr_array_new_with_free_func(g_free);
	const char *reading = a->custom ? g_hash_table_lookup(a->custom, "reading") : NULL;
	desk_translit_name_forms(a->last_name, a->first_name, reading, parts, full);
	g_autofree char *first_last = g_strjoin(" ", keys->first, keys->last, NULL);
	g_autofree char *last_first = g_strjoin(" ", keys->last, keys->first, NULL);
	g_autofree char *joined = g_strconcat(keys->last, keys->first, NULL);
	const char *written[] = {keys->first, keys->last, a->display_name,
	                         first_last,  last_first, joined};
	for (size_t i = 0; i < G_N_ELEMENTS(written); i++)
		add_key(out, seen, written[i]);
	for (guint i = 0; i < parts->len; i++)
		add_key(out, seen, parts->pdata[i]);
	for (guint i = 0; i < full->len; i++)
		add_key(out, seen, full->pdata[i]);
	return out;
}

void store_keys_compute(const desk_attendee_t *a, store_keys_t *keys)
{
	keys->first = desk_store_normalize(a->first_name);
	keys->last = desk_store_normalize(a->last_name);
	g_autofree char *display = desk_store_normalize(a->display_name);
	/* Either order, and family + given name without a space (山田太郎). */
	g_autofree char *joined = g_strconcat(keys->last, keys->first, NULL);
	g_autofree char *name =
	    g_strjoin(" ", keys->first, keys->last, display, keys->last, keys->first, joined, NULL);
	keys->extra = name_keys(a, keys);
	/* The substring index gets the other forms too ("kovich", "tarou"). */
	GString *all_names = g_string_new(name);
	for (guint i = 0; i < keys->extra->len; i++)
		if (!strstr(name, keys->extra->pdata[i]))
			g_string_append_printf(all_names, " %s",
			                       (const char *)keys->extra->pdata[i]);
	g_autofree char *names = g_string_free(all_names, FALSE);
	keys->name = desk_store_normalize(names);
	g_autofree char *company = desk_store_normalize(a->company);
	keys->match = g_strjoin("\x1f", keys->first, keys->last, company, NULL);
	keys->email = a->email && *a->email ? desk_store_normalize(a->email) : NULL;
	g_autofree char *all =
	    g_strjoin(" ", a->first_name ? a->first_name : "", a->last_name ? a->last_name : "",
	              a->display_name ? a->display_name : "", a->company ? a->company : "",
	              a->title ? a->title : "", a->email ? a->email : "",
	              a->ticket_code ? a->ticket_code : "", a->ticket_type ? a->ticket_type : "",
	              a->group_name ? a->group_name : "", NULL);
	keys->all = desk_store_normalize(all);
}

void store_keys_clear(store_keys_t *keys)
{
	g_free(keys->first);
	g_free(keys->last);
	g_free(keys->name);
	g_free(keys->match);
	g_free(keys->email);
	g_free(keys->all);
	if (keys->extra)
		g_ptr_array_unref(keys->extra);
}

bool store_keys_write(desk_store_t *store, gint64 id, gint64 event_id, const store_keys_t *keys,
                      GError **error)
{
	g_autoptr(store_cached_t) clear =
	    store_cached(store, "DELETE FROM attendee_keys WHERE attendee_id = ?1", error);
	if (!clear)
		return false;
	sqlite3_bind_int64(clear, 1, id);
	if (!store_step_done(store, clear, error))
		return false;
	g_autoptr(store_cached_t) add = store_cached(
	    store,
	    "INSERT OR IGNORE INTO attendee_keys(event_id, attendee_id, key) VALUES (?1, ?2, ?3)",
	    error);
	if (!add)
		return false;
	for (guint i = 0; keys->extra && i < keys->extra->len; i++) {
		sqlite3_bind_int64(add, 1, event_id);
		sqlite3_bind_int64(add, 2, id);
		store_bind_text(add, 3, keys->extra->pdata[i]);
		bool ok = store_step_done(store, add, error);
		sqlite3_reset(add);
		if (!ok)
			return false;
	}
	return true;
}

bool store_rekey(desk_store_t *store, GError **error)
{
	g_autoptr(sqlite3_stmt) rows = store_prepare(
	    store, "SELECT " STORE_ATTENDEE_COLUMNS " FROM attendees a ORDER BY a.id", error);
	g_autoptr(sqlite3_stmt) update =
	    store_prepare(store,
	                  "UPDATE attendees SET key_first = ?2, key_last = ?3, key_name = ?4,"
	                  " key_match = ?5, key_email = ?6, key_all = ?7 WHERE id = ?1",
	                  error);
	if (!rows || !update)
		return false;
	int rc;
	while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
		g_autoptr(desk_attendee_t) a = store_attendee_from_row(rows);
		store_keys_t keys;
		store_keys_compute(a, &keys);
		const char *values[] = {keys.first, keys.last,  keys.name,
		                        keys.match, keys.email, keys.all};
		sqlite3_bind_int64(update, 1, a->id);
		for (size_t i = 0; i < G_N_ELEMENTS(values); i++)
			store_bind_text(update, 2 + (int)i, values[i]);
		bool ok = store_step_done(store, update, error) &&
		          store_keys_write(store, a->id, a->event_id, &keys, error);
		sqlite3_reset(update);
		store_keys_clear(&keys);
		if (!ok)
			return false;
	}
	if (rc != SQLITE_DONE) {
		store_fail(error, store->db, "rekey");
		return false;
	}
	return store_exec(store, "INSERT INTO attendee_names(attendee_names) VALUES ('rebuild')",
	                  error);
}

/* ---- door search ---------------------------------------------------------- */

/* Tiers, best first. ?1 event, ?2 key, ?3 upper bound for prefixes
 * (key + 0xFF: no valid UTF-8 sorts after it), ?4 LIMIT, ?5 raw text. */
static const char tier_exact[] =
    "SELECT " STORE_ATTENDEE_COLUMNS " FROM attendees a WHERE a.event_id = ?1 AND"
    " a.key_email = ?2 UNION"
    " SELECT " STORE_ATTENDEE_COLUMNS " FROM attendees a WHERE a.event_id = ?1 AND"
    " a.ticket_code = ?5 UNION"
    " SELECT " STORE_ATTENDEE_COLUMNS " FROM attendees a WHERE a.event_id = ?1 AND"
    " a.source_id = ?5 LIMIT ?4";
/* An exact name or reading in any form ("yamada", "kim", "dmitry"). */
static const char tier_key_exact[] =
    "SELECT " STORE_ATTENDEE_COLUMNS " FROM attendee_keys k CROSS JOIN attendees a"
    " ON a.id = k.attendee_id WHERE k.event_id = ?1 AND k.key = ?2 LIMIT ?4";
static const char tier_first[] =
    "SELECT " STORE_ATTENDEE_COLUMNS " FROM attendees a WHERE a.event_id = ?1 AND"
    " a.key_first >= ?2 AND a.key_first < ?3 ORDER BY a.key_first, a.key_last LIMIT ?4";
static const char tier_last[] =
    "SELECT " STORE_ATTENDEE_COLUMNS " FROM attendees a WHERE a.event_id = ?1 AND"
    " a.key_last >= ?2 AND a.key_last < ?3 ORDER BY a.key_last, a.key_first LIMIT ?4";
/* Any form starting with the query ("tar" -> taro, "shost" -> shostakovich).
 * One attendee has several forms: read 4x the limit so duplicates do not
 * starve the tier. */
static const char tier_key_prefix[] =
    "SELECT " STORE_ATTENDEE_COLUMNS " FROM attendee_keys k CROSS JOIN attendees a"
    " ON a.id = k.attendee_id WHERE k.event_id = ?1 AND k.key >= ?2 AND k.key < ?3"
    " ORDER BY k.key LIMIT 4 * ?4";
static const char tier_trigram[] =
    "SELECT " STORE_ATTENDEE_COLUMNS " FROM attendee_names f CROSS JOIN attendees a"
    " ON a.id = f.rowid" /* CROSS: the index first, never one MATCH per attendee */
    " WHERE attendee_names MATCH ?6 AND a.event_id = ?1 LIMIT ?4"; /* unsorted: stops early */
/* 1-2 characters: trigrams cannot help; a bounded scan of the event. */
/* Bounded: at most the first 25,000 names of the event (by key) are read,
 * so a rare pair of letters in a huge event cannot stall the door. */
static const char tier_short[] =
    "SELECT " STORE_ATTENDEE_COLUMNS " FROM attendees a WHERE a.id IN ("
    " SELECT id FROM (SELECT id, key_name FROM attendees INDEXED BY attendees_name"
    "  WHERE event_id = ?1 LIMIT 25000) WHERE instr(key_name, ?2) > 0 LIMIT ?4)";

typedef struct {
	desk_store_t *store;
	gint64 event_id;
	const char *text, *key;
	char *upper, *phrase;
	guint limit;
	GPtrArray *results;
	GHashTable *seen;
} search_t;

static bool run_tier(search_t *s, const char *sql, GError **error)
{
	if (s->results->len >= s->limit)
		return true;
	g_autoptr(store_cached_t) stmt = store_cached(s->store, sql, error);
	if (!stmt)
		return false;
	sqlite3_bind_int64(stmt, 1, s->event_id);
	store_bind_text(stmt, 2, s->key);
	store_bind_text(stmt, 3, s->upper);
	/* Rows already found may come again: ask for enough to fill up. */
	sqlite3_bind_int64(stmt, 4, s->limit + s->results->len);
	store_bind_text(stmt, 5, s->text);
	store_bind_text(stmt, 6, s->phrase);
	int rc = SQLITE_DONE;
	while (s->results->len < s->limit && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		gint64 id = sqlite3_column_int64(stmt, 0);
		if (g_hash_table_contains(s->seen, &id))
			continue;
		desk_attendee_t *a = store_attendee_from_row(stmt);
		g_hash_table_add(s->seen, &a->id);
		g_ptr_array_add(s->results, a);
	}
	if (s->results->len < s->limit && rc != SQLITE_DONE) {
		store_fail(error, s->store->db, "search");
		return false;
	}
	return true;
}

/* FTS5 phrase for @key: "..." with inner quotes doubled. */
static char *fts_phrase(const char *key)
{
	GString *phrase = g_string_new("\"");
	for (const char *p = key; *p; p++) {
		if (*p == '"')
			g_string_append_c(phrase, '"');
		g_string_append_c(phrase, *p);
	}
	g_string_append_c(phrase, '"');
	return g_string_free(phrase, FALSE);
}

GPtrArray *desk_store_search(desk_store_t *store, gint64 event_id, const char *text, guint limit,
                             GError **error)
{
	g_return_val_if_fail(store != NULL, NULL);
	g_autofree char *stripped = g_strstrip(g_utf8_make_valid(text ? text : "", -1));
	g_autofree char *key = desk_store_normalize(stripped);
	g_autoptr(GPtrArray) results =
	    g_ptr_array_new_with_free_func((GDestroyNotify)desk_attendee_free);
	if (!*key)
		return g_steal_pointer(&results); /* an empty query lists nobody */
	g_autoptr(GHashTable) seen = g_hash_table_new(g_int64_hash, g_int64_equal);
	search_t s = {
	    .store = store,
	    .event_id = event_id,
	    .text = stripped,
	    .key = key,
	    .upper = g_strconcat(key, "\xff", NULL),
	    .phrase = fts_phrase(key),
	    .limit = limit == 0 ? DESK_STORE_SEARCH_DEFAULT : MIN(limit, DESK_STORE_SEARCH_MAX),
	    .results = results,
	    .seen = seen,
	};
	bool ok = run_tier(&s, tier_exact, error) && run_tier(&s, tier_key_exact, error) &&
	          run_tier(&s, tier_first, error) && run_tier(&s, tier_last, error) &&
	          run_tier(&s, tier_key_prefix, error) &&
	          run_tier(&s, g_utf8_strlen(key, -1) >= 3 ? tier_trigram : tier_short, error);
	g_free(s.upper);
	g_free(s.phrase);
	return ok ? g_steal_pointer(&results) : NULL;
}

/* ---- exact names (walk-ins) ------------------------------------------------ */

GPtrArray *desk_store_find_name(desk_store_t *store, gint64 event_id, const char *name, guint limit,
                                GError **error)
{
	g_return_val_if_fail(store != NULL, NULL);
	g_autofree char *key = desk_store_normalize(name);
	g_autoptr(GPtrArray) rows =
	    g_ptr_array_new_with_free_func((GDestroyNotify)desk_attendee_free);
	if (!*key)
		return g_steal_pointer(&rows);
	g_autoptr(store_cached_t) stmt =
	    store_cached(store,
	                 "SELECT " STORE_ATTENDEE_COLUMNS " FROM attendees a WHERE a.id IN"
	                 " (SELECT attendee_id FROM attendee_keys WHERE event_id = ?1 AND key = ?2)"
	                 " ORDER BY a.expected DESC, a.id LIMIT ?3",
	                 error);
	if (!stmt)
		return NULL;
	sqlite3_bind_int64(stmt, 1, event_id);
	store_bind_text(stmt, 2, key);
	sqlite3_bind_int64(stmt, 3, limit == 0 ? 1 : MIN(limit, DESK_STORE_SEARCH_MAX));
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		g_ptr_array_add(rows, store_attendee_from_row(stmt));
	if (rc != SQLITE_DONE) {
		store_fail(error, store->db, "name");
		return NULL;
	}
	return g_steal_pointer(&rows);
}

/* ---- organizer list -------------------------------------------------------- */

GPtrArray *desk_store_attendee_list(desk_store_t *store, gint64 event_id, const char *filter,
                                    guint offset, guint limit, guint *total, GError **error)
{
	g_return_val_if_fail(store != NULL, NULL);
	g_autofree char *key = desk_store_normalize(filter);
	g_autoptr(sqlite3_stmt) count =
	    store_prepare(store,
	                  "SELECT count(*) FROM attendees a WHERE a.event_id = ?1 AND"
	                  " (?2 = '' OR instr(a.key_all, ?2) > 0)",
	                  error);
	g_autoptr(sqlite3_stmt) page = store_prepare(
	    store,
	    "SELECT " STORE_ATTENDEE_COLUMNS " FROM attendees a WHERE a.event_id = ?1 AND"
	    " (?2 = '' OR instr(a.key_all, ?2) > 0) ORDER BY a.key_last, a.key_first, a.id"
	    " LIMIT ?3 OFFSET ?4",
	    error);
	if (!count || !page)
		return NULL;
	sqlite3_bind_int64(count, 1, event_id);
	store_bind_text(count, 2, key);
	if (sqlite3_step(count) != SQLITE_ROW) {
		store_fail(error, store->db, "attendees");
		return NULL;
	}
	if (total)
		*total = (guint)sqlite3_column_int64(count, 0);
	sqlite3_bind_int64(page, 1, event_id);
	store_bind_text(page, 2, key);
	sqlite3_bind_int64(page, 3, limit == 0 ? 50 : MIN(limit, 1000));
	sqlite3_bind_int64(page, 4, offset);
	g_autoptr(GPtrArray) rows =
	    g_ptr_array_new_with_free_func((GDestroyNotify)desk_attendee_free);
	int rc;
	while ((rc = sqlite3_step(page)) == SQLITE_ROW)
		g_ptr_array_add(rows, store_attendee_from_row(page));
	if (rc != SQLITE_DONE) {
		store_fail(error, store->db, "attendees");
		return NULL;
	}
	return g_steal_pointer(&rows);
}

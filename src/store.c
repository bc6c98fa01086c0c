/* store.c: opening the event database, its schema migrations and the store's SQL helpers. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store-private.h"

/* clang-format off */
G_DEFINE_QUARK(desk-store-error-quark, desk_store_error)
/* clang-format on */

/* ---- schema -------------------------------------------------------------
 * Each entry brings PRAGMA user_version from its index to index + 1, in one
 * transaction. Never edit a shipped entry; append a new one. */
/* clang-format off */
static const char *const migrations[] = {
	/* 0 -> 1: the first schema. */
	"CREATE TABLE events ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE CHECK (slug <> ''),"
	"  name TEXT NOT NULL,"
	"  date TEXT,"
	"  lang TEXT,"
	"  settings TEXT NOT NULL DEFAULT '{}',"
	"  purged_at TEXT,"
	"  created_at TEXT NOT NULL DEFAULT (" STORE_NOW "));"
	"CREATE TABLE attendees ("
	"  id INTEGER PRIMARY KEY,"
	"  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
	"  source TEXT NOT NULL DEFAULT 'csv',"
	"  source_id TEXT,"
	"  first_name TEXT, last_name TEXT, display_name TEXT,"
	"  company TEXT, title TEXT, pronouns TEXT, group_name TEXT, ticket_type TEXT,"
	"  email TEXT, ticket_code TEXT,"
	"  expected INTEGER NOT NULL DEFAULT 1 CHECK (expected IN (0, 1)),"
	"  status_reason TEXT,"
	"  guests INTEGER NOT NULL DEFAULT 0 CHECK (guests >= 0),"
	"  consent_share INTEGER NOT NULL DEFAULT 0 CHECK (consent_share IN (0, 1)),"
	"  walkin INTEGER NOT NULL DEFAULT 0 CHECK (walkin IN (0, 1)),"
	"  custom TEXT NOT NULL DEFAULT '{}',"
	/* normalized search keys (store-search.c) */
	"  key_first TEXT NOT NULL DEFAULT '', key_last TEXT NOT NULL DEFAULT '',"
	"  key_name TEXT NOT NULL DEFAULT '', key_match TEXT NOT NULL DEFAULT '',"
	"  key_email TEXT, key_all TEXT NOT NULL DEFAULT '',"
	/* the current arrival state, maintained with the arrivals log */
	"  checkin_number INTEGER CHECK (checkin_number > 0),"
	"  checked_in_at TEXT,"
	"  handed_over_at TEXT,"
	"  created_at TEXT NOT NULL DEFAULT (" STORE_NOW "),"
	"  updated_at TEXT NOT NULL DEFAULT (" STORE_NOW "));"
	"CREATE UNIQUE INDEX attendees_number ON attendees(event_id, checkin_number)"
	"  WHERE checkin_number IS NOT NULL;"
	"CREATE INDEX attendees_source ON attendees(event_id, source_id) WHERE source_id IS NOT NULL;"
	"CREATE INDEX attendees_email ON attendees(event_id, key_email) WHERE key_email IS NOT NULL;"
	"CREATE INDEX attendees_code ON attendees(event_id, ticket_code) WHERE ticket_code IS NOT NULL;"
	"CREATE INDEX attendees_match ON attendees(event_id, key_match);"
	"CREATE INDEX attendees_first ON attendees(event_id, key_first);"
	"CREATE INDEX attendees_last ON attendees(event_id, key_last);"
	/* substring search over key_name, kept in step by triggers */
	"CREATE VIRTUAL TABLE attendee_names USING fts5(key_name, content='attendees',"
	"  content_rowid='id', tokenize='trigram case_sensitive 1');"
	"CREATE TRIGGER attendees_ai AFTER INSERT ON attendees BEGIN"
	"  INSERT INTO attendee_names(rowid, key_name) VALUES (new.id, new.key_name); END;"
	"CREATE TRIGGER attendees_ad AFTER DELETE ON attendees BEGIN"
	"  INSERT INTO attendee_names(attendee_names, rowid, key_name)"
	"  VALUES ('delete', old.id, old.key_name); END;"
	"CREATE TRIGGER attendees_au AFTER UPDATE OF key_name ON attendees BEGIN"
	"  INSERT INTO attendee_names(attendee_names, rowid, key_name)"
	"  VALUES ('delete', old.id, old.key_name);"
	"  INSERT INTO attendee_names(rowid, key_name) VALUES (new.id, new.key_name); END;"
	/* the append-only arrivals log */
	"CREATE TABLE arrivals ("
	"  id INTEGER PRIMARY KEY,"
	"  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
	"  attendee_id INTEGER NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('checkin','undo','reprint','walkin','handover')),"
	"  number INTEGER,"
	"  station TEXT,"
	"  at TEXT NOT NULL DEFAULT (" STORE_NOW "));"
	"CREATE INDEX arrivals_event ON arrivals(event_id, id);"
	"CREATE INDEX arrivals_number ON arrivals(event_id, number) WHERE number IS NOT NULL;"
	"CREATE INDEX arrivals_attendee ON arrivals(attendee_id, id);"
	"CREATE TRIGGER arrivals_append_only BEFORE UPDATE ON arrivals BEGIN"
	"  SELECT RAISE(ABORT, 'arrivals is an append-only log'); END;"
	"CREATE TABLE print_jobs ("
	"  id INTEGER PRIMARY KEY,"
	"  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
	"  attendee_id INTEGER REFERENCES attendees(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('badge','sticker','test')),"
	"  layout TEXT NOT NULL,"
	"  printer TEXT NOT NULL,"
	"  state TEXT NOT NULL DEFAULT 'queued',"
	"  cups_job_id INTEGER,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_attempt_at TEXT,"
	"  last_error TEXT,"
	"  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
	"  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));"
	"CREATE INDEX print_jobs_state ON print_jobs(state);"
	"CREATE INDEX print_jobs_attendee ON print_jobs(attendee_id);",
	/* 1 -> 2: name-start indexes that also cover the tie-break, so a
	 * one-letter prefix reads LIMIT rows instead of sorting thousands. */
	"DROP INDEX attendees_first; DROP INDEX attendees_last;"
	"CREATE INDEX attendees_first ON attendees(event_id, key_first, key_last);"
	"CREATE INDEX attendees_last ON attendees(event_id, key_last, key_first);"
	/* 1-2 character queries scan this (covering) instead of whole rows. */
	"CREATE INDEX attendees_name ON attendees(event_id, key_name);",
	/* 2 -> 3: key_name gains "last first" and "lastfirst" (store_rekey,
	 * now run at 5, which recomputes every key). */
	"",
	/* 3 -> 4: the store keeps attendee_names itself (store-attendee.c);
	 * deletes (only by cascade) still go through the trigger. */
	"DROP TRIGGER IF EXISTS attendees_ai; DROP TRIGGER IF EXISTS attendees_au;",
	/* 4 -> 5: every form of each name (translit.h), for exact and prefix
	 * matches on romanized names and readings; filled by store_rekey. */
	"CREATE TABLE attendee_keys ("
	"  event_id INTEGER NOT NULL,"
	"  attendee_id INTEGER NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,"
	"  key TEXT NOT NULL,"
	"  PRIMARY KEY (event_id, key, attendee_id)) WITHOUT ROWID;"
	"CREATE INDEX attendee_keys_attendee ON attendee_keys(attendee_id);",
	/* 5 -> 6: tables the console and kiosk kept outside the migrations (IF NOT
	 * EXISTS: older binaries created them on first use). */
	"CREATE TABLE IF NOT EXISTS kiosk_reprints ("
	"  attendee_id INTEGER PRIMARY KEY, count INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE IF NOT EXISTS console_rolls (printer TEXT PRIMARY KEY,"
	"  capacity INTEGER NOT NULL CHECK (capacity > 0), changed_at TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS print_jobs_badge ON print_jobs(attendee_id, kind, id);",
};
/* clang-format on */

/* Migrations that need code as well, run after their SQL. */
static const struct {
	guint version;
	bool (*run)(desk_store_t *store, GError **error);
} migration_code[] = {
    {5, store_rekey}, /* also does what 3 did (key_name in both orders) */
};

/* ---- SQL helpers ---------------------------------------------------------- */

char *store_column_dup(sqlite3_stmt *stmt, int column)
{
	const unsigned char *text = sqlite3_column_text(stmt, column);
	return text ? g_strdup((const char *)text) : NULL;
}

void store_fail(GError **error, sqlite3 *db, const char *what)
{
	g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_DB, "%s: %s", what,
	            db ? sqlite3_errmsg(db) : "out of memory");
}

sqlite3_stmt *store_prepare(desk_store_t *store, const char *sql, GError **error)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		store_fail(error, store->db, "database");
		sqlite3_finalize(stmt);
		return NULL;
	}
	return stmt;
}

store_cached_t *store_cached(desk_store_t *store, const char *sql, GError **error)
{
	sqlite3_stmt *stmt = g_hash_table_lookup(store->cache, sql);
	if (stmt)
		return stmt;
	if (sqlite3_prepare_v3(store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) !=
	    SQLITE_OK) {
		store_fail(error, store->db, "database");
		sqlite3_finalize(stmt);
		return NULL;
	}
	g_hash_table_insert(store->cache, (gpointer)sql, stmt);
	return stmt;
}

static void finalize_cached(gpointer stmt)
{
	sqlite3_finalize(stmt);
}

void store_release(store_cached_t *stmt)
{
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

bool store_exec(desk_store_t *store, const char *sql, GError **error)
{
	char *message = NULL;
	if (sqlite3_exec(store->db, sql, NULL, NULL, &message) != SQLITE_OK) {
		g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_DB, "database: %s",
		            message ? message : sqlite3_errmsg(store->db));
		sqlite3_free(message);
		return false;
	}
	return true;
}

bool store_step_done(desk_store_t *store, sqlite3_stmt *stmt, GError **error)
{
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		store_fail(error, store->db, "database");
		return false;
	}
	return true;
}

void store_bind_text(sqlite3_stmt *stmt, int index, const char *text)
{
	if (text)
		sqlite3_bind_text(stmt, index, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(stmt, index);
}

bool store_begin(desk_store_t *store, GError **error)
{
	return store_exec(store, "BEGIN IMMEDIATE", error);
}

bool store_commit(desk_store_t *store, GError **error)
{
	if (store_exec(store, "COMMIT", error))
		return true;
	store_rollback(store);
	return false;
}

void store_rollback(desk_store_t *store)
{
	if (!sqlite3_get_autocommit(store->db))
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- opening ----------------------------------------------------------- */

static bool query_int(desk_store_t *store, const char *sql, gint64 *out, GError **error)
{
	g_autoptr(sqlite3_stmt) stmt = store_prepare(store, sql, error);
	if (!stmt)
		return false;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		store_fail(error, store->db, sql);
		return false;
	}
	*out = sqlite3_column_int64(stmt, 0);
	return true;
}

static bool migrate_one(desk_store_t *store, guint target, GError **error)
{
	gint64 version = 0;
	if (!store_begin(store, error))
		return false;
	/* Another process may have migrated while we waited for the lock. */
	if (!query_int(store, "PRAGMA user_version", &version, error))
		goto fail;
	if (version < (gint64)target) {
		g_autofree char *bump = g_strdup_printf("PRAGMA user_version = %u", target);
		if (!store_exec(store, migrations[target - 1], error) ||
		    !store_exec(store, bump, error))
			goto fail;
		for (size_t i = 0; i < G_N_ELEMENTS(migration_code); i++)
			if (migration_code[i].version == target &&
			    !migration_code[i].run(store, error))
				goto fail;
	}
	return store_commit(store, error);
fail:
	store_rollback(store);
	g_prefix_error(error, "%s: migration to schema %u: ", store->path, target);
	return false;
}

static bool migrate(desk_store_t *store, GError **error)
{
	gint64 version = 0;
	if (!query_int(store, "PRAGMA user_version", &version, error))
		return false;
	if (version > (gint64)G_N_ELEMENTS(migrations)) {
		g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_DB,
		            "%s: schema version %" G_GINT64_FORMAT " is newer than this frontdesk "
		            "knows (%u)",
		            store->path, version, (guint)G_N_ELEMENTS(migrations));
		return false;
	}
	for (guint v = (guint)version + 1; v <= G_N_ELEMENTS(migrations); v++)
		if (!migrate_one(store, v, error))
			return false;
	return true;
}

static bool configure(desk_store_t *store, GError **error)
{
	sqlite3_busy_timeout(store->db, 5000);
	sqlite3_extended_result_codes(store->db, 1);
	/* WAL + synchronous=FULL: every commit is fsynced before it returns, so an
	 * acknowledged check-in survives a power cut. */
	if (!store_exec(store,
	                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	                "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
	                "PRAGMA cache_size=-16384;", /* 16 MiB: big imports stay in memory */
	                error))
		return false;
	g_autoptr(sqlite3_stmt) stmt = store_prepare(store, "PRAGMA journal_mode", error);
	if (!stmt || sqlite3_step(stmt) != SQLITE_ROW)
		return false;
	if (g_ascii_strcasecmp((const char *)sqlite3_column_text(stmt, 0), "wal") != 0) {
		g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_DB,
		            "%s: the database cannot use WAL journaling here", store->path);
		return false;
	}
	return true;
}

bool store_private_file(const char *path, GError **error)
{
	int fd = g_open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	/* EPERM: someone else's database (root reading it, say); its owner keeps it private */
	if (fd < 0 || (fchmod(fd, 0600) != 0 && errno != EPERM)) {
		int err = errno;
		if (fd >= 0)
			close(fd);
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "%s: %s", path,
		            g_strerror(err));
		return false;
	}
	close(fd);
	/* SQLite gives -wal and -shm the database's mode when it makes them; older ones
	 * from before this rule are tightened here */
	for (size_t i = 0; i < 2; i++) {
		g_autofree char *side = g_strconcat(path, i ? "-shm" : "-wal", NULL);
		if (g_file_test(side, G_FILE_TEST_EXISTS))
			g_chmod(side, 0600);
	}
	return true;
}

desk_store_t *desk_store_open(const char *state_dir, GError **error)
{
	g_return_val_if_fail(state_dir != NULL, NULL);
	if (g_mkdir_with_parents(state_dir, 0700) != 0) {
		int err = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "%s: %s", state_dir,
		            g_strerror(err));
		return NULL;
	}
	g_autoptr(desk_store_t) store = g_new0(desk_store_t, 1);
	store->path = g_build_filename(state_dir, "frontdesk.db", NULL);
	store->cache = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, finalize_cached);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (!store_private_file(store->path, error))
		return NULL;
	if (sqlite3_open_v2(store->path, &store->db, flags, NULL) != SQLITE_OK) {
		g_set_error(error, DESK_STORE_ERROR, DESK_STORE_ERROR_DB, "%s: %s", store->path,
		            store->db ? sqlite3_errmsg(store->db) : "out of memory");
		return NULL;
	}
	if (!configure(store, error)) {
		g_prefix_error(error, "%s: ", store->path);
		return NULL;
	}
	if (!migrate(store, error))
		return NULL;
	return g_steal_pointer(&store);
}

void desk_store_free(desk_store_t *store)
{
	if (!store)
		return;
	if (store->cache)
		g_hash_table_unref(store->cache); /* finalizes before the close */
	sqlite3_close_v2(store->db);
	g_free(store->path);
	g_free(store);
}

const char *desk_store_path(desk_store_t *store)
{
	g_return_val_if_fail(store != NULL, NULL);
	return store->path;
}

/* ---- custom columns as JSON --------------------------------------------- */

char *store_custom_to_json(GHashTable *custom)
{
	g_autoptr(JsonBuilder) builder = json_builder_new();
	json_builder_begin_object(builder);
	if (custom) {
		g_autoptr(GList) keys = g_hash_table_get_keys(custom);
		keys = g_list_sort(keys, (GCompareFunc)strcmp);
		for (GList *k = keys; k; k = k->next) {
			const char *value = g_hash_table_lookup(custom, k->data);
			json_builder_set_member_name(builder, k->data);
			json_builder_add_string_value(builder, value ? value : "");
		}
	}
	json_builder_end_object(builder);
	g_autoptr(JsonNode) root = json_builder_get_root(builder);
	return json_to_string(root, FALSE);
}

GHashTable *store_custom_from_json(const char *json)
{
	GHashTable *custom = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	if (!json || strcmp(json, "{}") == 0)
		return custom;
	g_autoptr(JsonParser) parser = json_parser_new();
	if (!json_parser_load_from_data(parser, json, -1, NULL))
		return custom;
	JsonNode *root = json_parser_get_root(parser);
	if (!root || !JSON_NODE_HOLDS_OBJECT(root))
		return custom;
	JsonObjectIter iter;
	const char *name;
	JsonNode *node;
	json_object_iter_init(&iter, json_node_get_object(root));
	while (json_object_iter_next(&iter, &name, &node)) {
		if (JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_STRING)
			g_hash_table_insert(custom, g_strdup(name),
			                    g_strdup(json_node_get_string(node)));
	}
	return custom;
}

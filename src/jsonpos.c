/* jsonpos.c: a small JSON scanner that records where every key and value starts. */
#include <string.h>

#include "jsonpos.h"

#define JSONPOS_ERROR g_quark_from_static_string("desk-jsonpos-error")

struct desk_jsonpos {
	char *data; /* copy of the text */
	gsize length;
	bool truncated; /* the scan ran into the end of the text */
	desk_jsonpos_at_t end;
	GHashTable *table;     /* path -> entry_t */
	GPtrArray *duplicates; /* of desk_jsonpos_dup_t *, in file order */
};

typedef struct {
	desk_jsonpos_at_t key, value;
	bool has_key;
} entry_t;

typedef struct {
	const char *data;
	gsize length, i;
	int line, column;
	GHashTable *table;
	GPtrArray *duplicates;
} scanner_t;

/* ---- cursor -------------------------------------------------------------- */

static int peek(const scanner_t *sc)
{
	return sc->i < sc->length ? (unsigned char)sc->data[sc->i] : -1;
}

static void advance(scanner_t *sc)
{
	if (sc->i >= sc->length)
		return;
	unsigned char c = sc->data[sc->i++];
	if (c == '\n') {
		sc->line++;
		sc->column = 1;
	} else if ((c & 0xC0) != 0x80) {
		sc->column++;
	}
}

static desk_jsonpos_at_t here(const scanner_t *sc)
{
	return (desk_jsonpos_at_t){sc->line, sc->column, sc->i};
}

static void skip_ws(scanner_t *sc)
{
	for (;;) {
		int c = peek(sc);
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			advance(sc);
		} else if (c == '/' && sc->i + 1 < sc->length && sc->data[sc->i + 1] == '/') {
			while (peek(sc) != -1 && peek(sc) != '\n')
				advance(sc);
		} else if (c == '/' && sc->i + 1 < sc->length && sc->data[sc->i + 1] == '*') {
			advance(sc);
			advance(sc);
			while (peek(sc) != -1 && !(peek(sc) == '*' && sc->i + 1 < sc->length &&
			                           sc->data[sc->i + 1] == '/'))
				advance(sc);
			advance(sc);
			advance(sc);
		} else {
			return;
		}
	}
}

/* ---- prechecks ------------------------------------------------------------- */

static bool check_blank(const char *data, gsize length, GError **error)
{
	for (gsize i = 0; i < length; i++) {
		if (!g_ascii_isspace(data[i]))
			return true;
	}
	g_set_error_literal(error, JSONPOS_ERROR, 1, "1:1: the file is empty");
	return false;
}

static bool check_utf8(const char *data, gsize length, GError **error)
{
	const char *end = NULL;

	if (g_utf8_validate_len(data, length, &end))
		return true;
	scanner_t sc = {.data = data, .length = end - data, .line = 1, .column = 1};
	while (peek(&sc) != -1)
		advance(&sc);
	if (*end == '\0')
		g_set_error(error, JSONPOS_ERROR, 2, "%d:%d: NUL byte in the text", sc.line,
		            sc.column);
	else
		g_set_error(error, JSONPOS_ERROR, 2, "%d:%d: not UTF-8 text (byte 0x%02X)", sc.line,
		            sc.column, (unsigned char)*end);
	return false;
}

static bool control_char(const scanner_t *sc, int c, GError **error)
{
	if (c == '\n' || c == '\r') {
		g_set_error(error, JSONPOS_ERROR, 4,
		            "%d:%d: unterminated string: missing '\"' before the end of the line",
		            sc->line, sc->column);
		return false;
	}
	g_set_error(error, JSONPOS_ERROR, 4,
	            "%d:%d: control character 0x%02X inside a string (write \\n or \\t)", sc->line,
	            sc->column, c);
	return false;
}

/* Counts brackets outside strings, so json-glib never recurses too deep. */
static bool check_depth(const char *data, gsize length, int max_depth, GError **error)
{
	scanner_t sc = {.data = data, .length = length, .line = 1, .column = 1};
	int depth = 0;
	bool in_string = false;

	for (int c; (c = peek(&sc)) != -1; advance(&sc)) {
		if (in_string) {
			if (c == '\\')
				advance(&sc);
			else if (c == '"')
				in_string = false;
			else if (c < 0x20)
				return control_char(&sc, c, error);
		} else if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			if (++depth > max_depth) {
				g_set_error(error, JSONPOS_ERROR, 3,
				            "%d:%d: nested deeper than %d levels", sc.line,
				            sc.column, max_depth);
				return false;
			}
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return true;
}

/* ---- scanning ---------------------------------------------------------------- */

static char unescape(int e)
{
	switch (e) {
	case '"':
		return '"';
	case '\\':
		return '\\';
	case '/':
		return '/';
	case 'b':
		return '\b';
	case 'f':
		return '\f';
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case 't':
		return '\t';
	default:
		return 0;
	}
}

/* Reads a string at the cursor (on its opening quote), decoding the common
 * escapes; \u escapes decode to their code point (surrogates to U+FFFD). */
static bool scan_string(scanner_t *sc, GString *out)
{
	advance(sc);
	for (int c; (c = peek(sc)) != -1;) {
		if (c == '"') {
			advance(sc);
			return true;
		}
		if (c != '\\') {
			if (out)
				g_string_append_c(out, (char)c);
			advance(sc);
			continue;
		}
		advance(sc);
		int e = peek(sc);
		advance(sc);
		if (e == 'u' && sc->i + 4 <= sc->length) {
			char hex[5] = {0};
			memcpy(hex, sc->data + sc->i, 4);
			gunichar u = (gunichar)g_ascii_strtoull(hex, NULL, 16);
			for (int k = 0; k < 4; k++)
				advance(sc);
			if (out)
				g_string_append_unichar(out,
				                        (u >= 0xD800 && u <= 0xDFFF) ? 0xFFFD : u);
			continue;
		}
		char plain = unescape(e);
		if (!plain)
			return false;
		if (out)
			g_string_append_c(out, plain);
	}
	return false;
}

static entry_t *entry_for(scanner_t *sc, const char *path)
{
	entry_t *entry = g_hash_table_lookup(sc->table, path);
	if (!entry) {
		entry = g_new0(entry_t, 1);
		g_hash_table_insert(sc->table, g_strdup(path), entry);
	}
	return entry;
}

static bool scan_value(scanner_t *sc, const char *path);

static void dup_free(gpointer data)
{
	desk_jsonpos_dup_t *dup = data;
	g_free(dup->path);
	g_free(dup);
}

static void add_duplicate(scanner_t *sc, const char *path, desk_jsonpos_at_t at)
{
	desk_jsonpos_dup_t *dup = g_new0(desk_jsonpos_dup_t, 1);
	dup->path = g_strdup(path);
	dup->at = at;
	g_ptr_array_add(sc->duplicates, dup);
}

static char *child_path(const char *path, const char *leaf)
{
	return *path ? g_strconcat(path, "/", leaf, NULL) : g_strdup(leaf);
}

static bool scan_object(scanner_t *sc, const char *path)
{
	advance(sc);
	skip_ws(sc);
	if (peek(sc) == '}') {
		advance(sc);
		return true;
	}
	for (;;) {
		skip_ws(sc);
		if (peek(sc) != '"')
			return false;
		desk_jsonpos_at_t key_at = here(sc);
		g_autoptr(GString) key = g_string_new(NULL);
		if (!scan_string(sc, key))
			return false;
		g_autofree char *sub = child_path(path, key->str);
		entry_t *entry = entry_for(sc, sub);
		if (entry->has_key)
			add_duplicate(sc, sub, key_at);
		entry->key = key_at;
		entry->has_key = true;
		skip_ws(sc);
		if (peek(sc) != ':')
			return false;
		advance(sc);
		if (!scan_value(sc, sub))
			return false;
		skip_ws(sc);
		int c = peek(sc);
		advance(sc);
		if (c == '}')
			return true;
		if (c != ',')
			return false;
	}
}

static bool scan_array(scanner_t *sc, const char *path)
{
	advance(sc);
	skip_ws(sc);
	if (peek(sc) == ']') {
		advance(sc);
		return true;
	}
	for (guint index = 0;; index++) {
		char leaf[16];
		g_snprintf(leaf, sizeof leaf, "%u", index);
		g_autofree char *sub = child_path(path, leaf);
		if (!scan_value(sc, sub))
			return false;
		skip_ws(sc);
		int c = peek(sc);
		advance(sc);
		if (c == ']')
			return true;
		if (c != ',')
			return false;
	}
}

static bool scan_value(scanner_t *sc, const char *path)
{
	skip_ws(sc);
	entry_for(sc, path)->value = here(sc);
	switch (peek(sc)) {
	case '{':
		return scan_object(sc, path);
	case '[':
		return scan_array(sc, path);
	case '"':
		return scan_string(sc, NULL);
	case -1:
		return false;
	default:
		while (peek(sc) != -1 && (g_ascii_isalnum(peek(sc)) || strchr("+-.", peek(sc))))
			advance(sc);
		return true;
	}
}

/* ---- public ------------------------------------------------------------------ */

desk_jsonpos_t *desk_jsonpos_new(const char *data, gsize length, int max_depth, GError **error)
{
	g_return_val_if_fail(data != NULL || length == 0, NULL);
	if (!check_blank(data, length, error) || !check_utf8(data, length, error) ||
	    !check_depth(data, length, max_depth, error))
		return NULL;
	desk_jsonpos_t *map = g_new0(desk_jsonpos_t, 1);
	map->data = g_strndup(data, length);
	map->length = length;
	map->table = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	map->duplicates = g_ptr_array_new_with_free_func(dup_free);
	scanner_t sc = {.data = map->data,
	                .length = length,
	                .line = 1,
	                .column = 1,
	                .table = map->table,
	                .duplicates = map->duplicates};
	if (!scan_value(&sc, "") && sc.i >= length) {
		map->truncated = true;
		map->end = here(&sc);
	}
	return map;
}

void desk_jsonpos_free(desk_jsonpos_t *map)
{
	if (!map)
		return;
	g_hash_table_destroy(map->table);
	g_ptr_array_unref(map->duplicates);
	g_free(map->data);
	g_free(map);
}

desk_jsonpos_at_t desk_jsonpos_get(const desk_jsonpos_t *map, const char *path, bool key)
{
	desk_jsonpos_at_t none = {1, 1, 0};

	if (!map || !path)
		return none;
	g_autofree char *p = g_strdup(path);
	for (;;) {
		const entry_t *entry = g_hash_table_lookup(map->table, p);
		if (entry && (!key || entry->has_key))
			return key ? entry->key : entry->value;
		key = false; /* an ancestor: point at its value */
		char *slash = strrchr(p, '/');
		if (!slash && !*p)
			return none;
		if (slash)
			*slash = '\0';
		else
			*p = '\0';
	}
}

desk_jsonpos_at_t desk_jsonpos_get_in_string(const desk_jsonpos_t *map, const char *path,
                                             gsize index)
{
	desk_jsonpos_at_t at = desk_jsonpos_get(map, path, false);

	if (!map || at.offset >= map->length || map->data[at.offset] != '"')
		return at;
	const char *start = map->data + at.offset + 1;
	const char *end = start;
	while (end < map->data + map->length && *end != '"' && *end != '\\')
		end++;
	if (end >= map->data + map->length || *end == '\\' || (gsize)(end - start) < index)
		return at;
	for (const char *p = start; p < start + index; p = g_utf8_next_char(p))
		at.column++;
	at.column++; /* past the opening quote */
	at.offset += 1 + index;
	return at;
}

bool desk_jsonpos_truncated(const desk_jsonpos_t *map, desk_jsonpos_at_t *end)
{
	if (!map || !map->truncated)
		return false;
	*end = map->end;
	return true;
}

const GPtrArray *desk_jsonpos_duplicates(const desk_jsonpos_t *map)
{
	return map ? map->duplicates : NULL;
}

/* jsonpos.h: where each key and value sits in a JSON text, for "file:line:col" messages. */
#pragma once

#include <glib.h>
#include <stdbool.h>

/* A map from member paths to source positions, built by scanning the raw
 * text once. Paths join object keys and array indexes with '/': "" is the
 * root, "page/margins/top", "elements/2/size". Lines and columns are
 * 1-based; columns count characters (code points), not bytes. */
typedef struct desk_jsonpos desk_jsonpos_t;

typedef struct {
	int line, column;
	gsize offset; /* byte offset in the text */
} desk_jsonpos_at_t;

/* Checks what json-glib does not (or would crash on) and scans positions:
 * the text must be non-blank, valid UTF-8 and nested at most @max_depth
 * levels. Returns a new map (free with desk_jsonpos_free()), or NULL with
 * @error set to "LINE:COL: message". Syntax errors are left to json-glib:
 * the map then simply lacks what follows the error. */
desk_jsonpos_t *desk_jsonpos_new(const char *data, gsize length, int max_depth, GError **error);
void desk_jsonpos_free(desk_jsonpos_t *map);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_jsonpos_t, desk_jsonpos_free)

/* Position of the value at @path (its first character), or of the key that
 * names it when @key is true. A path not found falls back to its nearest
 * recorded ancestor, and finally to 1:1. Never fails. */
desk_jsonpos_at_t desk_jsonpos_get(const desk_jsonpos_t *map, const char *path, bool key);

/* Position of the character @index bytes into the decoded string value at
 * @path (for pointing into a template). Exact when the string has no
 * escapes; otherwise the string's opening quote. */
desk_jsonpos_at_t desk_jsonpos_get_in_string(const desk_jsonpos_t *map, const char *path,
                                             gsize index);

/* True when the text ends in the middle of a value (a truncated file);
 * *@end receives the position just past the last character. */
bool desk_jsonpos_truncated(const desk_jsonpos_t *map, desk_jsonpos_at_t *end);

/* A key given twice in one object: @path names the member, @at the second
 * (or later) occurrence of the key. */
typedef struct {
	char *path;
	desk_jsonpos_at_t at;
} desk_jsonpos_dup_t;

/* The repeated keys found, in file order; borrowed from @map. */
const GPtrArray *desk_jsonpos_duplicates(const desk_jsonpos_t *map);

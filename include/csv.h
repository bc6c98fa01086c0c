/* csv.h: an RFC 4180 reader (quotes, embedded newlines, CRLF/LF) with delimiter sniffing. */
#pragma once

#include <glib.h>

/* One record: the 1-based line where it starts and its fields. */
typedef struct {
	guint line;
	GPtrArray *fields; /* char *, owned, UTF-8 as read (no trimming) */
} desk_csv_record_t;

typedef struct {
	char delimiter;     /* ',' ';' or '\t' */
	GPtrArray *records; /* desk_csv_record_t *; records[0] is the header */
} desk_csv_t;

typedef enum {
	DESK_CSV_ERROR_RAGGED,       /* a record has fewer fields than the header */
	DESK_CSV_ERROR_UNTERMINATED, /* a quoted field never closes */
} desk_csv_error_t;
#define DESK_CSV_ERROR (desk_csv_error_quark())
GQuark desk_csv_error_quark(void);

/* Guesses the delimiter (',' ';' or '\t') by counting each candidate outside
 * quotes over the first lines and preferring one whose count is the same on
 * every line. Returns ',' when nothing fits better. Never fails. */
char desk_csv_sniff(const char *text, gsize len);

/* Parses @text (UTF-8, @len bytes, need not be NUL-terminated). Records whose
 * fields are all empty (blank lines, ",,,") are skipped. Extra trailing empty
 * fields beyond the header's count are dropped; a record with fewer fields, or
 * more non-empty ones, is an error. @delimiter 0 means: Excel's "sep=X" first
 * line if there is one (it is consumed), else sniff. @name is used in
 * messages: "NAME:LINE: message". Returns a new desk_csv_t (desk_csv_free) or
 * NULL with @error set; an empty text gives zero records. */
desk_csv_t *desk_csv_parse(const char *name, const char *text, gsize len, char delimiter,
                           GError **error);

void desk_csv_free(desk_csv_t *csv);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_csv_t, desk_csv_free)

/* csv.c: an RFC 4180 reader (quotes, embedded newlines, CRLF/LF) with delimiter sniffing. */
#include <stdbool.h>
#include <string.h>

#include "csv.h"

GQuark desk_csv_error_quark(void)
{
	return g_quark_from_static_string("desk-csv-error-quark");
}

#define SNIFF_LINES 20

/* ---- sniffing ------------------------------------------------------------ */

/* Counts @delim outside quotes on each of the first SNIFF_LINES lines. */
static guint count_lines(const char *text, gsize len, char delim, guint *counts)
{
	guint line = 0;
	bool quoted = false;

	memset(counts, 0, sizeof(guint) * SNIFF_LINES);
	for (gsize i = 0; i < len && line < SNIFF_LINES; i++) {
		char c = text[i];
		if (c == '"')
			quoted = !quoted;
		else if (!quoted && c == delim)
			counts[line]++;
		else if (!quoted && c == '\n')
			line++;
	}
	if (len > 0 && text[len - 1] != '\n' && line < SNIFF_LINES)
		line++;
	return line;
}

char desk_csv_sniff(const char *text, gsize len)
{
	static const char candidates[] = {',', ';', '\t'};
	char best = ',';
	long best_score = 0;

	for (size_t c = 0; c < G_N_ELEMENTS(candidates); c++) {
		guint counts[SNIFF_LINES];
		guint lines = count_lines(text, len, candidates[c], counts);
		if (lines == 0 || counts[0] == 0)
			continue;
		long consistent = 0;
		for (guint i = 0; i < lines; i++)
			consistent += counts[i] == counts[0] || counts[i] == 0;
		long score = consistent * 1000 + counts[0];
		if (score > best_score) {
			best_score = score;
			best = candidates[c];
		}
	}
	return best;
}

/* ---- parsing ------------------------------------------------------------- */

typedef struct {
	const char *text, *name;
	gsize len, pos;
	guint line;
	char delim;
} reader_t;

static void record_free(gpointer data)
{
	desk_csv_record_t *record = data;
	if (!record)
		return;
	g_ptr_array_unref(record->fields);
	g_free(record);
}

/* Consumes one line ending at pos if there is one; returns whether it did. */
static bool eat_newline(reader_t *r)
{
	if (r->pos >= r->len)
		return false;
	if (r->text[r->pos] == '\r') {
		r->pos++;
		if (r->pos < r->len && r->text[r->pos] == '\n')
			r->pos++;
	} else if (r->text[r->pos] == '\n') {
		r->pos++;
	} else {
		return false;
	}
	r->line++;
	return true;
}

/* Reads a quoted field starting at the opening quote, and anything up to the
 * next delimiter or line end after its closing quote. */
static bool read_quoted(reader_t *r, GString *out, GError **error)
{
	guint start_line = r->line;

	r->pos++;
	for (;;) {
		if (r->pos >= r->len) {
			g_set_error(error, DESK_CSV_ERROR, DESK_CSV_ERROR_UNTERMINATED,
			            "%s:%u: a quoted field starts here and is never closed",
			            r->name, start_line);
			return false;
		}
		char c = r->text[r->pos];
		if (c == '"') {
			if (r->pos + 1 < r->len && r->text[r->pos + 1] == '"') {
				g_string_append_c(out, '"');
				r->pos += 2;
				continue;
			}
			r->pos++;
			break;
		}
		if (c == '\r' || c == '\n') {
			/* Keep embedded line breaks as "\n" whatever the file used. */
			eat_newline(r);
			g_string_append_c(out, '\n');
			continue;
		}
		g_string_append_c(out, c);
		r->pos++;
	}
	/* Lenient like spreadsheets: text after the closing quote is kept. */
	while (r->pos < r->len && r->text[r->pos] != r->delim && r->text[r->pos] != '\n' &&
	       r->text[r->pos] != '\r')
		g_string_append_c(out, r->text[r->pos++]);
	return true;
}

static char *read_field(reader_t *r, GError **error)
{
	if (r->pos < r->len && r->text[r->pos] == '"') {
		GString *out = g_string_new(NULL);
		if (!read_quoted(r, out, error)) {
			g_string_free(out, TRUE);
			return NULL;
		}
		return g_string_free(out, FALSE);
	}
	gsize start = r->pos;
	while (r->pos < r->len && r->text[r->pos] != r->delim && r->text[r->pos] != '\n' &&
	       r->text[r->pos] != '\r')
		r->pos++;
	return g_strndup(r->text + start, r->pos - start);
}

/* Reads one record; NULL with @error on a broken quote. */
static desk_csv_record_t *read_record(reader_t *r, GError **error)
{
	desk_csv_record_t *record = g_new0(desk_csv_record_t, 1);

	record->line = r->line;
	record->fields = g_ptr_array_new_with_free_func(g_free);
	for (;;) {
		char *field = read_field(r, error);
		if (!field) {
			record_free(record);
			return NULL;
		}
		g_ptr_array_add(record->fields, field);
		if (r->pos < r->len && r->text[r->pos] == r->delim) {
			r->pos++;
			continue;
		}
		eat_newline(r);
		return record;
	}
}

static bool is_blank(const char *s)
{
	for (; *s; s++) {
		if (!g_ascii_isspace(*s))
			return false;
	}
	return true;
}

static bool record_is_empty(const desk_csv_record_t *record)
{
	for (guint i = 0; i < record->fields->len; i++) {
		if (!is_blank(record->fields->pdata[i]))
			return false;
	}
	return true;
}

/* Makes @record as wide as the header: drops empty extras, refuses the rest. */
static bool check_width(const reader_t *r, desk_csv_record_t *record,
                        const desk_csv_record_t *header, GError **error)
{
	guint n = record->fields->len, width = header->fields->len;

	while (n > width && is_blank(record->fields->pdata[n - 1]))
		n--;
	if (n == width) {
		g_ptr_array_set_size(record->fields, n);
		return true;
	}
	g_set_error(error, DESK_CSV_ERROR, DESK_CSV_ERROR_RAGGED,
	            "%s:%u: this row has %u fields but the header (line %u) has %u", r->name,
	            record->line, n, header->line, width);
	return false;
}

/* Excel's "sep=;" first line names the delimiter; it is consumed. 0 when absent. */
static char excel_separator(reader_t *r)
{
	if (r->len < 5 || g_ascii_strncasecmp(r->text, "sep=", 4) != 0 || !r->text[4] ||
	    !strchr(",;\t|", r->text[4]) ||
	    (r->len > 5 && (!r->text[5] || !strchr("\r\n", r->text[5]))))
		return 0;
	char delim = r->text[4];
	r->pos = 5;
	eat_newline(r);
	return delim;
}

desk_csv_t *desk_csv_parse(const char *name, const char *text, gsize len, char delimiter,
                           GError **error)
{
	g_return_val_if_fail(text != NULL || len == 0, NULL);

	reader_t r = {.text = text, .name = name ? name : "(input)", .len = len, .line = 1};
	g_autoptr(desk_csv_t) csv = g_new0(desk_csv_t, 1);

	r.delim = delimiter ? delimiter : excel_separator(&r);
	if (!r.delim)
		r.delim = desk_csv_sniff(text, len);
	csv->delimiter = r.delim;
	csv->records = g_ptr_array_new_with_free_func(record_free);
	while (r.pos < r.len) {
		desk_csv_record_t *record = read_record(&r, error);
		if (!record)
			return NULL;
		if (record_is_empty(record)) {
			record_free(record);
			continue;
		}
		g_ptr_array_add(csv->records, record);
		if (csv->records->len == 1)
			continue;
		if (!check_width(&r, record, csv->records->pdata[0], error))
			return NULL;
	}
	return g_steal_pointer(&csv);
}

void desk_csv_free(desk_csv_t *csv)
{
	if (!csv)
		return;
	if (csv->records)
		g_ptr_array_unref(csv->records);
	g_free(csv);
}

/* template.c: the "{field|filter}" templates that layouts fill with attendee fields. */
#include <string.h>

#include "template.h"

#define TEMPLATE_ERROR    g_quark_from_static_string("desk-template-error")
#define MAX_SEGMENT_DEPTH 8

static const char *const standard_fields[] = {
    "first_name", "last_name", "display_name", "call_name",   "company",
    "title",      "pronouns",  "group",        "ticket_type", "checkin_number",
    "event",      "date",      "id",           "email",       NULL,
};

const char *const *desk_fields_standard(void)
{
	return standard_fields;
}

GHashTable *desk_fields_new(void)
{
	return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

/* ---- filters --------------------------------------------------------------- */

static char *filter_upper(const char *s)
{
	return g_utf8_strup(s, -1);
}

static char *filter_lower(const char *s)
{
	return g_utf8_strdown(s, -1);
}

static bool is_space(gunichar c)
{
	return g_unichar_isspace(c) || c == 0x3000;
}

static const char *skip_spaces(const char *s)
{
	while (*s && is_space(g_utf8_get_char(s)))
		s = g_utf8_next_char(s);
	return s;
}

/* Extends past combining marks, variation selectors and zero-width joiner
 * sequences, so "é" written as e + U+0301 or a ZWJ emoji stays whole. */
static const char *grapheme_end(const char *s)
{
	if (!*s)
		return s;
	s = g_utf8_next_char(s);
	while (*s) {
		gunichar c = g_utf8_get_char(s);
		if (c == 0x200D) { /* ZWJ: the next character joins this cluster */
			s = g_utf8_next_char(s);
			if (*s)
				s = g_utf8_next_char(s);
		} else if (g_unichar_ismark(c) || (c >= 0xFE00 && c <= 0xFE0F) ||
		           (c >= 0x1F3FB && c <= 0x1F3FF)) {
			s = g_utf8_next_char(s);
		} else {
			break;
		}
	}
	return s;
}

static char *filter_initial(const char *s)
{
	s = skip_spaces(s);
	if (!*s)
		return g_strdup("");
	const char *end = grapheme_end(s);
	return g_strdup_printf("%.*s.", (int)(end - s), s);
}

static const char *word_end(const char *s)
{
	while (*s && !is_space(g_utf8_get_char(s)))
		s = g_utf8_next_char(s);
	return s;
}

static char *filter_first(const char *s)
{
	s = skip_spaces(s);
	return g_strndup(s, word_end(s) - s);
}

static char *filter_last(const char *s)
{
	const char *last = NULL;

	for (s = skip_spaces(s); *s; s = skip_spaces(word_end(s)))
		last = s;
	return last ? g_strndup(last, word_end(last) - last) : g_strdup("");
}

static char *filter_trim(const char *s)
{
	s = skip_spaces(s);
	const char *end = s;
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		if (!is_space(g_utf8_get_char(p)))
			end = g_utf8_next_char(p);
	}
	return g_strndup(s, end - s);
}

static char *filter_mecard(const char *s)
{
	GString *out = g_string_sized_new(strlen(s) + 8);

	for (; *s; s++) {
		if (strchr("\\;:,", *s))
			g_string_append_c(out, '\\');
		g_string_append_c(out, *s);
	}
	return g_string_free(out, FALSE);
}

typedef struct {
	const char *name;
	char *(*apply)(const char *value);
} filter_t;

static const filter_t filters[] = {
    {"upper", filter_upper},   {"lower", filter_lower}, {"initial", filter_initial},
    {"first", filter_first},   {"last", filter_last},   {"trim", filter_trim},
    {"mecard", filter_mecard},
};

static const filter_t *find_filter(const char *name, gsize len)
{
	for (size_t i = 0; i < G_N_ELEMENTS(filters); i++) {
		if (strlen(filters[i].name) == len && strncmp(filters[i].name, name, len) == 0)
			return &filters[i];
	}
	return NULL;
}

/* ---- parsing ----------------------------------------------------------------- */

/* One pass serves both validation and expansion: with @fields NULL it only
 * checks; otherwise it appends the expansion to @out. */
typedef struct {
	const char *tmpl;
	const char *p;
	GHashTable *fields;
	const GPtrArray *custom;
	GString *out;
	bool any_field; /* expanding: every name is fine */
	GError *error;
	gsize error_offset;
} parse_t;

static bool fail(parse_t *st, const char *at, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static bool fail(parse_t *st, const char *at, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, args);
	va_end(args);
	if (!st->error) {
		st->error = g_error_new_literal(TEMPLATE_ERROR, 1, msg);
		st->error_offset = at - st->tmpl;
	}
	return false;
}

static bool is_name_char(char c)
{
	return g_ascii_isalnum(c) || c == '_' || c == '-';
}

static bool known_field(parse_t *st, const char *name, gsize len)
{
	if (st->any_field)
		return true;
	for (const char *const *f = standard_fields; *f; f++) {
		if (strlen(*f) == len && strncmp(*f, name, len) == 0)
			return true;
	}
	for (guint i = 0; st->custom && i < st->custom->len; i++) {
		const char *c = g_ptr_array_index(st->custom, i);
		if (strlen(c) == len && strncmp(c, name, len) == 0)
			return true;
	}
	return false;
}

/* Reads a field name at st->p; returns its length (0 on error). */
static gsize read_field_name(parse_t *st)
{
	const char *start = st->p;

	while (is_name_char(*st->p))
		st->p++;
	gsize len = st->p - start;
	if (len == 0) {
		fail(st, start, "expected a field name after \"{\"%s",
		     *start == '\0' ? ", found the end of the template" : "");
		return 0;
	}
	if (!known_field(st, start, len)) {
		fail(st, start, "unknown field \"%.*s\"", (int)len, start);
		return 0;
	}
	return len;
}

static const char *lookup(parse_t *st, const char *name, gsize len)
{
	g_autofree char *key = g_strndup(name, len);
	const char *value = st->fields ? g_hash_table_lookup(st->fields, key) : NULL;
	return value && g_utf8_validate(value, -1, NULL) ? value : "";
}

/* "{name|f|f}" with st->p just after "{". */
static bool parse_field(parse_t *st)
{
	const char *name = st->p;
	gsize len = read_field_name(st);
	if (!len)
		return false;
	char *value = g_strdup(lookup(st, name, len));
	while (*st->p == '|') {
		const char *fname = ++st->p;
		while (g_ascii_isalnum(*st->p) || *st->p == '_')
			st->p++;
		const filter_t *filter = find_filter(fname, st->p - fname);
		if (!filter) {
			g_free(value);
			return fail(st, fname,
			            "unknown filter \"%.*s\" (use upper, lower, initial, "
			            "first, last, trim or mecard)",
			            (int)(st->p - fname), fname);
		}
		char *next = filter->apply(value);
		g_free(value);
		value = next;
	}
	if (*st->p != '}') {
		g_free(value);
		if (!*st->p)
			return fail(st, st->p, "unterminated field \"%.*s\": missing \"}\"",
			            (int)len, name);
		return fail(st, st->p, "unexpected \"%c\" in field \"%.*s\"", *st->p, (int)len,
		            name);
	}
	st->p++;
	if (st->fields)
		g_string_append(st->out, value);
	g_free(value);
	return true;
}

static bool parse_seq(parse_t *st, int depth);

/* "{?name:TEXT}" (TEXT when the field is non-empty) or "{!name:TEXT}" (when
 * empty), with st->p on the '?' or '!'. */
static bool parse_segment(parse_t *st, int depth)
{
	const char *open = st->p - 1;
	bool when_set = *st->p++ == '?';

	if (depth >= MAX_SEGMENT_DEPTH)
		return fail(st, open, "optional segments nested deeper than %d", MAX_SEGMENT_DEPTH);
	const char *name = st->p;
	gsize len = read_field_name(st);
	if (!len)
		return false;
	if (*st->p != ':')
		return fail(st, st->p, "expected \":\" after \"{%c%.*s\"", when_set ? '?' : '!',
		            (int)len, name);
	st->p++;
	bool empty = *lookup(st, name, len) == '\0';
	GString *saved = st->out;
	bool emit = st->fields && (when_set ? !empty : empty);
	GHashTable *saved_fields = st->fields;
	if (!emit)
		st->fields = NULL; /* validate the skipped text only */
	bool ok = parse_seq(st, depth + 1);
	st->fields = saved_fields;
	st->out = saved;
	if (!ok)
		return false;
	if (*st->p != '}')
		return fail(st, open, "unterminated optional segment: missing \"}\"");
	st->p++;
	return true;
}

/* Parses text up to the end or, inside a segment, its closing '}'. */
static bool parse_seq(parse_t *st, int depth)
{
	while (*st->p) {
		char c = *st->p;
		/* "{{" is a literal "{" everywhere and "}}" a literal "}" outside
		 * segments; inside one, "}" always ends it, so "}}" ends two. */
		if ((c == '{' || (c == '}' && depth == 0)) && st->p[1] == c) {
			if (st->fields)
				g_string_append_c(st->out, c);
			st->p += 2;
		} else if (c == '}') {
			if (depth > 0)
				return true;
			return fail(st, st->p,
			            "\"}\" without \"{\" (write \"}}\" for a literal brace)");
		} else if (c == '{') {
			st->p++;
			bool ok = (*st->p == '?' || *st->p == '!') ? parse_segment(st, depth)
			                                           : parse_field(st);
			if (!ok)
				return false;
		} else {
			const char *next = g_utf8_next_char(st->p);
			if (st->fields)
				g_string_append_len(st->out, st->p, next - st->p);
			st->p = next;
		}
	}
	return true;
}

/* ---- public ------------------------------------------------------------------ */

bool desk_template_validate(const char *tmpl, const GPtrArray *custom_fields, gsize *offset,
                            GError **error)
{
	g_return_val_if_fail(tmpl != NULL, false);
	if (!g_utf8_validate(tmpl, -1, NULL)) {
		g_set_error_literal(error, TEMPLATE_ERROR, 2, "template is not valid UTF-8");
		return false;
	}
	parse_t st = {.tmpl = tmpl, .p = tmpl, .custom = custom_fields};
	if (parse_seq(&st, 0))
		return true;
	if (offset)
		*offset = st.error_offset;
	g_propagate_error(error, st.error);
	return false;
}

char *desk_template_expand(const char *tmpl, GHashTable *fields)
{
	g_autoptr(GHashTable) empty = NULL;

	if (!tmpl)
		return g_strdup("");
	if (!fields)
		fields = empty = desk_fields_new();
	parse_t st = {.tmpl = tmpl, .p = tmpl, .fields = fields, .out = g_string_new(NULL)};
	st.any_field = true; /* the layout validated its own names */
	if (!g_utf8_validate(tmpl, -1, NULL) || !parse_seq(&st, 0)) {
		g_clear_error(&st.error);
		g_string_free(st.out, TRUE);
		return g_strdup(tmpl);
	}
	return g_string_free(st.out, FALSE);
}

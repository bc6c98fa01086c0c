/* roster.c: reading RSVP exports (Meetup, Eventbrite, connpass, Luma, CSV) into attendee rows. */
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "csv.h"
#include "encoding.h"
#include "names.h"
#include "roster.h"

GQuark desk_roster_error_quark(void)
{
	return g_quark_from_static_string("desk-roster-error-quark");
}

#define TEXT_MAX   200  /* characters kept of company, title, ... */
#define CUSTOM_MAX 1000 /* characters kept of a custom column's value */
#define GUESTS_MAX 100

/* ---- fields and header aliases -------------------------------------------- */

// clang-format off
typedef enum {
	F_CUSTOM, F_IGNORE, F_FIRST, F_LAST, F_NAME, F_DISPLAY, F_COMPANY, F_TITLE, F_PRONOUNS,
	F_GROUP, F_TICKET_TYPE, F_EMAIL, F_TICKET_CODE, F_SOURCE_ID, F_STATUS, F_GUESTS,
	F_CONSENT, F_READING, F_N
} field_t;
// clang-format on

/* What each field is called in --map and in desk_roster_t.mapping. */
// clang-format off
static const char *const field_names[F_N] = {
	"", "ignore", "first_name", "last_name", "name", "display_name", "company", "title",
	"pronouns", "group_name", "ticket_type", "email", "ticket_code", "source_id", "status",
	"guests", "consent_share", "reading",
};
// clang-format on

typedef struct {
	const char *header; /* lower case, as desk_names_clean() leaves it */
	field_t field;
} alias_t;

/* Headers of every format and locale we know; anything else is custom. */
// clang-format off
static const alias_t aliases[] = {
	{ "first_name", F_FIRST }, { "first name", F_FIRST }, { "firstname", F_FIRST },
	{ "given name", F_FIRST }, { "given_name", F_FIRST }, { "forename", F_FIRST },
	{ "vorname", F_FIRST }, { "prénom", F_FIRST }, { "nombre", F_FIRST }, { "名", F_FIRST },
	{ "last_name", F_LAST }, { "last name", F_LAST }, { "lastname", F_LAST },
	{ "surname", F_LAST }, { "family name", F_LAST }, { "family_name", F_LAST },
	{ "nachname", F_LAST }, { "nom", F_LAST }, { "nom de famille", F_LAST },
	{ "apellido", F_LAST }, { "apellidos", F_LAST }, { "姓", F_LAST },
	{ "name", F_NAME }, { "full name", F_NAME }, { "full_name", F_NAME },
	{ "attendee name", F_NAME }, { "氏名", F_NAME }, { "名前", F_NAME }, { "表示名", F_NAME },
	{ "display_name", F_DISPLAY }, { "display name", F_DISPLAY }, { "badge name", F_DISPLAY },
	{ "company", F_COMPANY }, { "organisation", F_COMPANY }, { "organization", F_COMPANY },
	{ "company name", F_COMPANY }, { "employer", F_COMPANY }, { "firma", F_COMPANY },
	{ "unternehmen", F_COMPANY }, { "entreprise", F_COMPANY }, { "société", F_COMPANY },
	{ "empresa", F_COMPANY },
	{ "会社名", F_COMPANY }, { "所属", F_COMPANY },
	{ "title", F_TITLE }, { "job title", F_TITLE }, { "job_title", F_TITLE },
	{ "position", F_TITLE }, { "役職", F_TITLE },
	{ "pronouns", F_PRONOUNS }, { "pronoun", F_PRONOUNS },
	{ "group", F_GROUP }, { "group_name", F_GROUP }, { "group name", F_GROUP },
	{ "ticket", F_TICKET_TYPE }, { "ticket type", F_TICKET_TYPE },
	{ "ticket_type", F_TICKET_TYPE }, { "ticket_name", F_TICKET_TYPE },
	{ "ticket name", F_TICKET_TYPE }, { "参加枠名", F_TICKET_TYPE },
	{ "email", F_EMAIL }, { "e-mail", F_EMAIL }, { "email address", F_EMAIL },
	{ "e-mail address", F_EMAIL }, { "mail", F_EMAIL }, { "e-mail-adresse", F_EMAIL },
	{ "adresse e-mail", F_EMAIL }, { "correo electrónico", F_EMAIL },
	{ "メールアドレス", F_EMAIL },
	{ "ticket_code", F_TICKET_CODE }, { "ticket code", F_TICKET_CODE },
	{ "barcode", F_TICKET_CODE }, { "barcode #", F_TICKET_CODE },
	{ "barcode no.", F_TICKET_CODE }, { "qr_code_url", F_TICKET_CODE },
	{ "受付番号", F_TICKET_CODE },
	{ "source_id", F_SOURCE_ID }, { "id", F_SOURCE_ID }, { "api_id", F_SOURCE_ID },
	{ "attendee #", F_SOURCE_ID }, { "attendee no.", F_SOURCE_ID },
	{ "attendee number", F_SOURCE_ID }, { "user id", F_SOURCE_ID },
	{ "ユーザー名", F_SOURCE_ID },
	{ "status", F_STATUS }, { "attendee status", F_STATUS },
	{ "approval_status", F_STATUS }, { "rsvp", F_STATUS }, { "参加ステータス", F_STATUS },
	{ "guests", F_GUESTS },
	{ "consent", F_CONSENT }, { "consent_share", F_CONSENT },
	{ "share contact details", F_CONSENT },
	/* the reading of a name (kept as the custom column "reading", for search) */
	{ "reading", F_READING }, { "name reading", F_READING }, { "furigana", F_READING },
	{ "yomi", F_READING }, { "フリガナ", F_READING }, { "ふりがな", F_READING },
	{ "よみ", F_READING }, { "よみがな", F_READING }, { "読み", F_READING },
	{ "読み仮名", F_READING }, { "氏名フリガナ", F_READING }, { "氏名（フリガナ）", F_READING },
	{ "カナ", F_READING }, { "氏名カナ", F_READING },
};
// clang-format on

static field_t field_for_header(const char *key)
{
	for (size_t i = 0; i < G_N_ELEMENTS(aliases); i++) {
		if (strcmp(key, aliases[i].header) == 0)
			return aliases[i].field;
	}
	return F_CUSTOM;
}

/* A --map target: a field name, "custom", or the short "group"/"consent". */
static bool field_parse(const char *name, field_t *out)
{
	if (strcmp(name, "custom") == 0) {
		*out = F_CUSTOM;
		return true;
	}
	if (strcmp(name, "group") == 0 || strcmp(name, "consent") == 0) {
		*out = name[0] == 'g' ? F_GROUP : F_CONSENT;
		return true;
	}
	for (int f = F_IGNORE; f < F_N; f++) {
		if (strcmp(name, field_names[f]) == 0) {
			*out = f;
			return true;
		}
	}
	return false;
}

/* Header cells compare trimmed, case-insensitively, BOM and bidi marks ignored. */
static char *header_key(const char *raw)
{
	g_autofree char *clean = desk_names_clean(raw, 0);
	return g_utf8_strdown(clean, -1);
}

/* ---- formats -------------------------------------------------------------- */

static const char *const format_names[] = {
    [DESK_ROSTER_AUTO] = "auto",         [DESK_ROSTER_CSV] = "csv",
    [DESK_ROSTER_MEETUP] = "meetup",     [DESK_ROSTER_EVENTBRITE] = "eventbrite",
    [DESK_ROSTER_CONNPASS] = "connpass", [DESK_ROSTER_LUMA] = "luma",
};

const char *desk_roster_format_name(desk_roster_format_t format)
{
	if ((guint)format >= G_N_ELEMENTS(format_names))
		return "unknown";
	return format_names[format];
}

bool desk_roster_format_parse(const char *name, desk_roster_format_t *out)
{
	for (guint i = 0; name && i < G_N_ELEMENTS(format_names); i++) {
		if (g_ascii_strcasecmp(name, format_names[i]) == 0) {
			*out = (desk_roster_format_t)i;
			return true;
		}
	}
	return false;
}

static guint count_keys(GPtrArray *keys, const char *const *wanted)
{
	guint n = 0;
	for (; *wanted; wanted++)
		n += g_ptr_array_find_with_equal_func(keys, *wanted, g_str_equal, NULL);
	return n;
}

/* Recognizes an export by its header (lower-case keys). */
static desk_roster_format_t detect_format(GPtrArray *keys)
{
	static const char *const connpass[] = {"参加枠名",       "ユーザー名", "表示名",
	                                       "参加ステータス", "受付番号",   NULL};
	static const char *const luma_id[] = {"api_id", NULL};
	static const char *const luma[] = {"approval_status", "qr_code_url", "checked_in_at", NULL};
	static const char *const eb_order[] = {"order #", "order no.", "order number", NULL};
	static const char *const eb[] = {"attendee #",      "attendee no.", "attendee number",
	                                 "attendee status", "ticket type",  NULL};
	static const char *const meetup_rsvp[] = {"rsvp", NULL};
	static const char *const meetup[] = {"user id", "event host", "guests", "rsvped on", NULL};

	if (count_keys(keys, connpass) >= 2)
		return DESK_ROSTER_CONNPASS;
	if (count_keys(keys, luma_id) && count_keys(keys, luma))
		return DESK_ROSTER_LUMA;
	if (count_keys(keys, eb_order) && count_keys(keys, eb))
		return DESK_ROSTER_EVENTBRITE;
	if (count_keys(keys, meetup_rsvp) && count_keys(keys, meetup))
		return DESK_ROSTER_MEETUP;
	return DESK_ROSTER_CSV;
}

/* ---- the column mapping --------------------------------------------------- */

typedef struct {
	const char *name; /* file name for messages */
	desk_roster_t *roster;
	field_t *fields;    /* per column */
	int column_of[F_N]; /* first column of each field, -1 when none */
	GHashTable *seen;   /* duplicate key -> line (GUINT_TO_POINTER) */
} ctx_t;

static int find_column(GPtrArray *keys, const char *column)
{
	g_autofree char *key = header_key(column);
	guint index;

	if (!g_ptr_array_find_with_equal_func(keys, key, g_str_equal, &index))
		return -1;
	return (int)index;
}

/* Applies --map overrides; the column they take a field from becomes custom. */
static bool apply_overrides(ctx_t *ctx, GPtrArray *keys, GHashTable *overrides, GError **error)
{
	GHashTableIter iter;
	gpointer column, target;

	g_hash_table_iter_init(&iter, overrides);
	while (g_hash_table_iter_next(&iter, &column, &target)) {
		int index = find_column(keys, column);
		field_t field;
		if (index < 0) {
			g_autofree char *all =
			    g_strjoinv(", ", (char **)ctx->roster->columns->pdata);
			g_set_error(error, DESK_ROSTER_ERROR, DESK_ROSTER_ERROR_COLUMNS,
			            "--map %s=%s: the file has no column \"%s\" (columns: %s)",
			            (char *)column, (char *)target, (char *)column, all);
			return false;
		}
		if (!field_parse(target, &field)) {
			g_set_error(
			    error, DESK_ROSTER_ERROR, DESK_ROSTER_ERROR_COLUMNS,
			    "--map %s=%s: unknown field \"%s\"; fields are first_name, "
			    "last_name, name, display_name, company, title, pronouns, "
			    "group_name, ticket_type, email, ticket_code, source_id, status, "
			    "guests, consent_share, reading, custom, ignore",
			    (char *)column, (char *)target, (char *)target);
			return false;
		}
		for (guint i = 0; field > F_IGNORE && i < keys->len; i++) {
			if (ctx->fields[i] == field)
				ctx->fields[i] = F_CUSTOM;
		}
		ctx->fields[index] = field;
	}
	return true;
}

static bool has_name_column(const ctx_t *ctx)
{
	return ctx->column_of[F_FIRST] >= 0 || ctx->column_of[F_LAST] >= 0 ||
	       ctx->column_of[F_NAME] >= 0 || ctx->column_of[F_DISPLAY] >= 0 ||
	       ctx->column_of[F_EMAIL] >= 0;
}

static bool build_mapping(ctx_t *ctx, const desk_csv_record_t *header, desk_roster_format_t format,
                          GHashTable *overrides, GError **error)
{
	desk_roster_t *roster = ctx->roster;
	g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);
	guint n = header->fields->len;

	ctx->fields = g_new0(field_t, n);
	for (guint i = 0; i < n; i++) {
		char *column = desk_names_clean(header->fields->pdata[i], DESK_NAMES_MAX);
		if (!*column) {
			g_free(column);
			column = g_strdup_printf("column %u", i + 1);
		}
		g_ptr_array_add(roster->columns, column);
		g_ptr_array_add(keys, header_key(column));
	}
	g_ptr_array_add(roster->columns, NULL); /* for g_strjoinv, removed below */
	roster->format = format != DESK_ROSTER_AUTO ? format : detect_format(keys);
	for (guint i = 0; i < n; i++)
		ctx->fields[i] = field_for_header(keys->pdata[i]);
	bool ok = !overrides || apply_overrides(ctx, keys, overrides, error);
	g_ptr_array_set_size(roster->columns, n);
	if (!ok)
		return false;
	for (int f = 0; f < F_N; f++)
		ctx->column_of[f] = -1;
	for (guint i = 0; i < n; i++) {
		if (ctx->fields[i] > F_IGNORE && ctx->column_of[ctx->fields[i]] >= 0)
			ctx->fields[i] = F_CUSTOM; /* a second "Name" column stays as it is */
		if (ctx->fields[i] > F_IGNORE)
			ctx->column_of[ctx->fields[i]] = (int)i;
		g_ptr_array_add(roster->mapping, g_strdup(field_names[ctx->fields[i]]));
	}
	if (has_name_column(ctx))
		return true;
	g_ptr_array_add(keys, NULL);
	g_autofree char *all = g_strjoinv(", ", (char **)keys->pdata);
	g_set_error(error, DESK_ROSTER_ERROR, DESK_ROSTER_ERROR_COLUMNS,
	            "%s:%u: no name or e-mail column among: %s; name one with --map "
	            "COLUMN=first_name (or last_name, name, email)",
	            ctx->name, header->line, all);
	return false;
}

/* ---- one row -------------------------------------------------------------- */

static const char *const not_expected[] = {
    "not attending", "refunded",     "cancelled",  "canceled",         "declined", "waitlist",
    "waitlisted",    "waiting list", "no",         "pending_approval", "invited",  "rejected",
    "deleted",       "not going",    "キャンセル", "補欠者",           "補欠",     NULL,
};

static const char *const yes_words[] = {"yes",    "y",    "true",     "1", "x", "agree",
                                        "agreed", "はい", "同意する", "✓", "✔", NULL};

/* Cleaned text, or NULL when nothing is left. */
static char *text_or_null(const char *raw, gsize max)
{
	char *text = desk_names_clean(raw, max);
	if (*text)
		return text;
	g_free(text);
	return NULL;
}

static void add_custom(desk_attendee_t *a, const char *column, const char *raw)
{
	char *value = text_or_null(raw, CUSTOM_MAX);
	if (value)
		g_hash_table_replace(a->custom, g_strdup(column), value);
}

static void set_status(desk_attendee_t *a, const char *raw, desk_roster_format_t format)
{
	g_autofree char *value = desk_names_clean(raw, TEXT_MAX);
	g_autofree char *key = g_utf8_strdown(value, -1);

	a->expected = !g_strv_contains(not_expected, key);
	if (!a->expected)
		a->status_reason =
		    g_strdup_printf("%s: %s%s", desk_roster_format_name(format),
		                    format == DESK_ROSTER_MEETUP ? "RSVP " : "", value);
}

static void set_names(desk_attendee_t *a, const char *const *v)
{
	char *first = desk_names_clean(v[F_FIRST], DESK_NAMES_MAX);
	char *last = desk_names_clean(v[F_LAST], DESK_NAMES_MAX);
	char *name = desk_names_clean(v[F_NAME], DESK_NAMES_MAX);
	char *display = desk_names_clean(v[F_DISPLAY], DESK_NAMES_MAX);

	if (!*first && !*last && *name) {
		g_free(first);
		g_free(last);
		desk_names_split(name, &first, &last);
	}
	a->first_name = first;
	a->last_name = last;
	if (!*display && *name) {
		g_free(display);
		display = g_steal_pointer(&name);
	}
	if (!*display) {
		g_free(display);
		display = desk_names_display(first, last);
	}
	a->display_name = display;
	g_free(name);
}

/* The code inside a Luma check-in URL (its pk= parameter or last path part). */
static char *luma_code(const char *url)
{
	const char *query = strchr(url, '?');
	/* the last path segment: the last '/' before the query or fragment */
	gsize path_len = strcspn(url, "?#");
	const char *slash = g_strrstr_len(url, (gssize)path_len, "/");

	for (const char *p = query; p && *p; p = strchr(p + 1, '&')) {
		if (strncmp(p + 1, "pk=", 3) == 0)
			return g_strndup(p + 4, strcspn(p + 4, "&#"));
	}
	if (!strstr(url, "://") || !slash || slash + 1 >= url + path_len)
		return NULL;
	return g_strndup(slash + 1, (gsize)(url + path_len - slash - 1));
}

static void set_codes(desk_attendee_t *a, const char *const *v, desk_roster_format_t format)
{
	a->source_id = text_or_null(v[F_SOURCE_ID], TEXT_MAX);
	a->ticket_code = text_or_null(v[F_TICKET_CODE], CUSTOM_MAX);
	if (format == DESK_ROSTER_EVENTBRITE && !a->ticket_code && a->source_id)
		a->ticket_code = g_strdup(a->source_id);
	if (format == DESK_ROSTER_LUMA && a->ticket_code) {
		char *code = luma_code(a->ticket_code);
		if (code && *code)
			g_hash_table_replace(a->custom, g_strdup("qr_code"), code);
		else
			g_free(code);
	}
}

/* E-mail, guests and consent; values that do not parse are kept as custom. */
static void set_contact(const ctx_t *ctx, desk_attendee_t *a, const char *const *v)
{
	g_autofree char *email = desk_names_clean(v[F_EMAIL], 254);
	g_autofree char *guests = desk_names_clean(v[F_GUESTS], 20);
	g_autofree char *consent = desk_names_clean(v[F_CONSENT], 20);
	GPtrArray *columns = ctx->roster->columns;
	guint64 n;

	a->email = *email ? desk_names_email(email) : NULL;
	if (*email && !a->email)
		add_custom(a, columns->pdata[ctx->column_of[F_EMAIL]], email);
	if (*guests && g_ascii_string_to_unsigned(guests, 10, 0, GUESTS_MAX, &n, NULL))
		a->guests = (int)n;
	else if (*guests)
		add_custom(a, columns->pdata[ctx->column_of[F_GUESTS]], guests);
	g_autofree char *yes = g_utf8_strdown(consent, -1);
	a->consent_share = g_strv_contains(yes_words, yes);
	if (!*a->display_name && a->email) {
		g_free(a->display_name);
		a->display_name = g_strndup(a->email, strcspn(a->email, "@"));
	}
}

static desk_attendee_t *make_attendee(const ctx_t *ctx, const desk_csv_record_t *record)
{
	const char *v[F_N] = {0};
	desk_attendee_t *a = g_new0(desk_attendee_t, 1);
	desk_roster_format_t format = ctx->roster->format;

	a->custom = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	for (guint i = 0; i < record->fields->len; i++) {
		field_t f = ctx->fields[i];
		if (f == F_CUSTOM)
			add_custom(a, ctx->roster->columns->pdata[i], record->fields->pdata[i]);
		else if (f != F_IGNORE)
			v[f] = record->fields->pdata[i];
	}
	a->source = g_strdup(desk_roster_format_name(format));
	set_names(a, v);
	set_codes(a, v, format);
	set_status(a, v[F_STATUS], format);
	set_contact(ctx, a, v);
	a->company = text_or_null(v[F_COMPANY], TEXT_MAX);
	a->title = text_or_null(v[F_TITLE], TEXT_MAX);
	a->pronouns = text_or_null(v[F_PRONOUNS], TEXT_MAX);
	a->group_name = text_or_null(v[F_GROUP], TEXT_MAX);
	a->ticket_type = text_or_null(v[F_TICKET_TYPE], TEXT_MAX);
	char *reading = text_or_null(v[F_READING], DESK_NAMES_MAX);
	if (reading)
		g_hash_table_replace(a->custom, g_strdup("reading"), reading);
	return a;
}

/* The key two rows for the same person share, and how to say so. */
static char *duplicate_key(const desk_attendee_t *a, const desk_csv_record_t *record,
                           const char **what)
{
	if (a->source_id) {
		*what = "same source id";
		return g_strconcat("id\x1f", a->source_id, NULL);
	}
	if (a->email) {
		*what = "same e-mail and name";
		g_autofree char *name = g_utf8_casefold(a->display_name, -1);
		g_autofree char *email = g_utf8_casefold(a->email, -1);
		return g_strconcat("email\x1f", email, "\x1f", name, NULL);
	}
	*what = "identical row";
	g_ptr_array_add(record->fields, NULL);
	char *key = g_strjoinv("\x1f", (char **)record->fields->pdata);
	g_ptr_array_set_size(record->fields, record->fields->len - 1);
	return key;
}

static void row_free(gpointer data)
{
	desk_roster_row_t *row = data;
	if (!row)
		return;
	desk_attendee_free(row->attendee);
	g_free(row);
}

/* Adds @record as a row, or notes in roster->skipped why it is left out. */
static void add_row(ctx_t *ctx, const desk_csv_record_t *record)
{
	desk_roster_t *roster = ctx->roster;
	g_autoptr(desk_attendee_t) a = make_attendee(ctx, record);
	const char *what;

	if (!*a->display_name && !a->ticket_code) {
		g_ptr_array_add(roster->skipped,
		                g_strdup_printf("%s:%u: no name, e-mail or ticket code", ctx->name,
		                                record->line));
		return;
	}
	char *key = duplicate_key(a, record, &what);
	guint first = GPOINTER_TO_UINT(g_hash_table_lookup(ctx->seen, key));
	if (first) {
		g_ptr_array_add(roster->skipped,
		                g_strdup_printf("%s:%u: duplicate of line %u (%s)", ctx->name,
		                                record->line, first, what));
		g_free(key);
		return;
	}
	g_hash_table_insert(ctx->seen, key, GUINT_TO_POINTER(record->line));
	desk_roster_row_t *row = g_new0(desk_roster_row_t, 1);
	row->line = record->line;
	row->attendee = g_steal_pointer(&a);
	g_ptr_array_add(roster->rows, row);
}

/* ---- reading -------------------------------------------------------------- */

static desk_roster_t *roster_new(const char *name)
{
	desk_roster_t *roster = g_new0(desk_roster_t, 1);

	roster->path = g_strdup(name);
	roster->columns = g_ptr_array_new_with_free_func(g_free);
	roster->mapping = g_ptr_array_new_with_free_func(g_free);
	roster->rows = g_ptr_array_new_with_free_func(row_free);
	roster->skipped = g_ptr_array_new_with_free_func(g_free);
	return roster;
}

static bool fill_rows(ctx_t *ctx, desk_csv_t *csv, GError **error)
{
	for (guint i = 1; i < csv->records->len; i++) {
		desk_csv_record_t *record = csv->records->pdata[i];
		add_row(ctx, record);
		g_ptr_array_set_size(record->fields, 0); /* done with it: keep the peak low */
	}
	if (ctx->roster->rows->len > 0)
		return true;
	g_set_error(error, DESK_ROSTER_ERROR, DESK_ROSTER_ERROR_EMPTY,
	            "%s: none of the %u rows has a name, e-mail or ticket code", ctx->name,
	            csv->records->len - 1);
	return false;
}

static desk_roster_t *parse_csv(const char *name, desk_csv_t *csv, desk_roster_format_t format,
                                GHashTable *overrides, GError **error)
{
	g_autoptr(desk_roster_t) roster = roster_new(name);
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	ctx_t ctx = {.name = name, .roster = roster, .seen = seen};
	const desk_csv_record_t *header = csv->records->pdata[0];

	roster->delimiter = csv->delimiter;
	bool ok =
	    build_mapping(&ctx, header, format, overrides, error) && fill_rows(&ctx, csv, error);
	g_free(ctx.fields);
	return ok ? g_steal_pointer(&roster) : NULL;
}

desk_roster_t *desk_roster_parse(const char *name, GBytes *bytes, desk_roster_format_t format,
                                 GHashTable *overrides, GError **error)
{
	g_return_val_if_fail(bytes != NULL, NULL);

	gsize len, text_len;
	const guint8 *data = g_bytes_get_data(bytes, &len);
	const char *encoding;

	name = name ? name : "(upload)";
	if (len > DESK_ROSTER_MAX_BYTES) {
		g_set_error(error, DESK_ROSTER_ERROR, DESK_ROSTER_ERROR_IO,
		            "%s: the file is %.1f MB; rosters are limited to %d MB", name,
		            len / 1048576.0, DESK_ROSTER_MAX_BYTES / 1048576);
		return NULL;
	}
	g_autofree char *text = desk_encoding_decode(name, data, len, &encoding, &text_len, error);
	if (!text)
		return NULL;
	g_autoptr(desk_csv_t) csv = desk_csv_parse(name, text, text_len, 0, error);
	g_clear_pointer(&text, g_free);
	if (!csv)
		return NULL;
	if (csv->records->len < 2) {
		const desk_csv_record_t *header = csv->records->len ? csv->records->pdata[0] : NULL;
		g_set_error(error, DESK_ROSTER_ERROR, DESK_ROSTER_ERROR_EMPTY,
		            header ? "%s:%u: there is a header but no attendees"
		                   : "%s: the file is empty",
		            name, header ? header->line : 0);
		return NULL;
	}
	desk_roster_t *roster = parse_csv(name, csv, format, overrides, error);
	if (roster)
		roster->encoding = g_strdup(encoding);
	return roster;
}

desk_roster_t *desk_roster_read(const char *path, desk_roster_format_t format,
                                GHashTable *overrides, GError **error)
{
	g_return_val_if_fail(path != NULL, NULL);

	GStatBuf st;
	char *data = NULL;
	gsize len = 0;
	g_autoptr(GError) local = NULL;

	if (g_stat(path, &st) != 0) {
		int saved = errno;
		g_set_error(error, DESK_ROSTER_ERROR, DESK_ROSTER_ERROR_IO, "%s: %s", path,
		            g_strerror(saved));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		g_set_error(error, DESK_ROSTER_ERROR, DESK_ROSTER_ERROR_IO,
		            "%s: not a regular file", path);
		return NULL;
	}
	if (st.st_size > DESK_ROSTER_MAX_BYTES) {
		g_set_error(error, DESK_ROSTER_ERROR, DESK_ROSTER_ERROR_IO,
		            "%s: the file is %.1f MB; rosters are limited to %d MB", path,
		            st.st_size / 1048576.0, DESK_ROSTER_MAX_BYTES / 1048576);
		return NULL;
	}
	if (!g_file_get_contents(path, &data, &len, &local)) {
		g_set_error(error, DESK_ROSTER_ERROR, DESK_ROSTER_ERROR_IO, "%s", local->message);
		return NULL;
	}
	g_autoptr(GBytes) bytes = g_bytes_new_take(data, len);
	return desk_roster_parse(path, bytes, format, overrides, error);
}

void desk_roster_free(desk_roster_t *roster)
{
	if (!roster)
		return;
	g_free(roster->path);
	g_free(roster->encoding);
	g_ptr_array_unref(roster->columns);
	g_ptr_array_unref(roster->mapping);
	g_ptr_array_unref(roster->rows);
	g_ptr_array_unref(roster->skipped);
	g_free(roster);
}

void desk_roster_set_group(desk_roster_t *roster, const char *group)
{
	g_return_if_fail(roster != NULL && group != NULL);
	for (guint i = 0; roster->rows && i < roster->rows->len; i++) {
		desk_attendee_t *a = ((desk_roster_row_t *)roster->rows->pdata[i])->attendee;
		if (!a)
			continue;
		g_free(a->group_name);
		a->group_name = g_strdup(group);
	}
}

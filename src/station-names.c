/* station-names.c: the station's rule for how a badge writes a name (name order, spacing, the
 * called name), for every culture on the roster. */
#include <string.h>

#include "names.h"
#include "station.h"

/* ---- names ---------------------------------------------------------------- */

typedef enum {
	STYLE_GIVEN,    /* given name first, called by the given name */
	STYLE_JAPANESE, /* family first, called by the family name */
	STYLE_CJK,      /* family first, called by the full name (zh, ko) */
	STYLE_FAMILY,   /* family first, called by the given name (hu, or the roster says so) */
	STYLE_VIET,     /* family first, called by the last word */
} name_style_t;

/* Whether @lang is the language @code ("ja", "ja-JP", "ja_JP"), or names it. */
static bool lang_is(const char *lang, const char *code, const char *english, const char *own)
{
	size_t n = strlen(code);
	if (!lang || !*lang)
		return false;
	if (g_ascii_strncasecmp(lang, code, n) == 0 &&
	    (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_'))
		return true;
	return g_ascii_strcasecmp(lang, english) == 0 || strcmp(lang, own) == 0;
}

static bool family_first_order(const char *order)
{
	if (!order || !*order)
		return false;
	g_autofree char *o = g_utf8_strdown(order, -1);
	return strstr(o, "family") || strstr(o, "surname first") || strstr(o, "last first") ||
	       strstr(o, "eastern") || strcmp(o, "姓名") == 0 || strcmp(o, "姓 名") == 0;
}

static bool vietnamese_letters(const char *text)
{
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_unichar_tolower(g_utf8_get_char(p));
		if (c == 0x103 || c == 0xe2 || c == 0x111 || c == 0xea || c == 0xf4 || c == 0x1a1 ||
		    c == 0x1b0 || (c >= 0x1ea0 && c <= 0x1ef9))
			return true; /* ă â đ ê ô ơ ư and the tone-marked vowels */
	}
	return false;
}

/* Whether the first word of @text is a common Vietnamese family name. */
static bool vietnamese_family(const char *text)
{
	static const char *const families[] = {
	    "nguyễn", "trần", "lê",  "phạm",  "hoàng", "huỳnh", "phan", "vũ",   "võ",
	    "đặng",   "bùi",  "đỗ",  "hồ",    "ngô",   "dương", "lý",   "đinh", "trương",
	    "đoàn",   "lâm",  "mai", "trịnh", "lương", "tạ",    "cao",  "lưu",  NULL};
	g_autofree char *word = g_strndup(text, strcspn(text, " "));
	g_autofree char *lower = g_utf8_strdown(word, -1);
	g_autofree char *nfc = g_utf8_normalize(lower, -1, G_NORMALIZE_NFC);
	return g_strv_contains(families, nfc);
}

static bool has_kana(const char *text)
{
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		GUnicodeScript script = g_unichar_get_script(g_utf8_get_char(p));
		if (script == G_UNICODE_SCRIPT_HIRAGANA || script == G_UNICODE_SCRIPT_KATAKANA)
			return true;
	}
	return false;
}

static name_style_t name_style(const char *first, const char *last, const char *lang,
                               const char *order)
{
	bool viet_letters = vietnamese_letters(first) || vietnamese_letters(last);
	if (lang_is(lang, "vi", "vietnamese", "Tiếng Việt") ||
	    (viet_letters && (vietnamese_family(last) || vietnamese_family(first))))
		return STYLE_VIET;
	bool cjk = (desk_names_is_cjk(first) || !*first) && (desk_names_is_cjk(last) || !*last) &&
	           (*first || *last);
	if (lang_is(lang, "ja", "japanese", "日本語") ||
	    (cjk && (has_kana(first) || has_kana(last))))
		return STYLE_JAPANESE;
	if (cjk || lang_is(lang, "zh", "chinese", "中文") ||
	    lang_is(lang, "ko", "korean", "한국어"))
		return STYLE_CJK;
	if (lang_is(lang, "hu", "hungarian", "magyar") || family_first_order(order))
		return STYLE_FAMILY;
	return STYLE_GIVEN;
}

static char *compose_name(const char *first, const char *last, name_style_t style)
{
	if (!*first || !*last)
		return g_strdup(*first ? first : last);
	if (style == STYLE_GIVEN ||
	    (style == STYLE_VIET && vietnamese_family(first) && !vietnamese_family(last)))
		return g_strconcat(first, " ", last, NULL); /* also "Nguyễn Thị Minh" + "Khai" */
	bool tight = desk_names_is_cjk(first) && desk_names_is_cjk(last);
	return g_strconcat(last, tight ? "" : " ", first, NULL);
}

/* Whether @display is only @first and @last in some order (made from them). */
static bool derived_name(const char *display, const char *first, const char *last)
{
	if (!*display)
		return true;
	g_autofree char *a = g_strconcat(first, *first && *last ? " " : "", last, NULL);
	g_autofree char *b = g_strconcat(last, *first && *last ? " " : "", first, NULL);
	g_autofree char *c = g_strconcat(last, first, NULL);
	g_autofree char *d = g_strconcat(first, last, NULL);
	return !strcmp(display, a) || !strcmp(display, b) || !strcmp(display, c) ||
	       !strcmp(display, d);
}

static char *last_word(const char *text)
{
	const char *space = strrchr(text, ' ');
	return g_strdup(space ? space + 1 : text);
}

/* The call name from a display name of the roster's (or the kiosk's) own. */
static char *call_from_display(const char *display, const char *first, name_style_t style)
{
	switch (style) {
	case STYLE_GIVEN: {
		g_autofree char *padded = g_strconcat(" ", display, " ", NULL);
		g_autofree char *word = g_strconcat(" ", first, " ", NULL);
		if (*first && strstr(padded, word)) /* "Dr. Ada Lovelace" -> Ada */
			return g_strdup(first);
		return g_strndup(display, strcspn(display, " "));
	}
	case STYLE_JAPANESE:
		return g_strndup(display, strcspn(display, " "));
	case STYLE_CJK:
		return g_strdup(display);
	case STYLE_FAMILY:
	case STYLE_VIET:
	default:
		return last_word(display);
	}
}

void desk_station_names(const char *first, const char *last, const char *display, const char *lang,
                        const char *order, char **full, char **call)
{
	g_return_if_fail(full != NULL && call != NULL);
	first = first ? first : "";
	last = last ? last : "";
	display = display ? display : "";
	name_style_t style = name_style(first, last, lang, order);
	bool own = !derived_name(display, first, last);
	*full = own ? g_strdup(display) : compose_name(first, last, style);
	if (own)
		*call = call_from_display(*full, first, style);
	else if (style == STYLE_VIET)
		*call = last_word(*full);
	else if (style == STYLE_CJK)
		*call = g_strdup(*full);
	else if (style == STYLE_JAPANESE)
		*call = g_strdup(*last ? last : *full);
	else
		*call = g_strdup(*first ? first : *full);
}

/* A roster column by any of @names, case-insensitively; NULL when none or empty. */
static const char *roster_column(GHashTable *fields, const char *const *names)
{
	GHashTableIter iter;
	gpointer key, value;
	g_hash_table_iter_init(&iter, fields);
	while (g_hash_table_iter_next(&iter, &key, &value))
		for (const char *const *n = names; *n; n++)
			if (g_ascii_strcasecmp(key, *n) == 0 && value && *(const char *)value)
				return value;
	return NULL;
}

static const char *const lang_columns[] = {"lang", "language", "name_lang", "言語", NULL};
static const char *const order_columns[] = {"name_order", "name order", NULL};

void desk_station_name_fields(GHashTable *fields)
{
	g_return_if_fail(fields != NULL);
	const char *lang = roster_column(fields, lang_columns);
	char *full, *call;
	desk_station_names(g_hash_table_lookup(fields, "first_name"),
	                   g_hash_table_lookup(fields, "last_name"),
	                   g_hash_table_lookup(fields, "display_name"),
	                   lang ? lang : g_hash_table_lookup(fields, "event_lang"),
	                   roster_column(fields, order_columns), &full, &call);
	g_hash_table_replace(fields, g_strdup("display_name"), full);
	const char *given = g_hash_table_lookup(fields, "call_name");
	if (given && *given)
		g_free(call);
	else
		g_hash_table_replace(fields, g_strdup("call_name"), call);
}

void desk_station_attendee_names(const desk_attendee_t *a, const char *event_lang, char **full,
                                 char **call)
{
	g_return_if_fail(a != NULL);
	const char *lang = a->custom ? roster_column(a->custom, lang_columns) : NULL;
	const char *order = a->custom ? roster_column(a->custom, order_columns) : NULL;
	desk_station_names(a->first_name, a->last_name, a->display_name, lang ? lang : event_lang,
	                   order, full, call);
}

/* ---- walk-ins who are on the roster ---------------------------------------- */

static desk_attendee_t *match_email(desk_station_t *st, const char *email, GError **error)
{
	g_autoptr(GError) local = NULL;
	g_autofree char *address = desk_names_email(email);
	if (!address)
		return NULL;
	desk_attendee_t *a = desk_store_find_code(desk_station_store(st), desk_station_event_id(st),
	                                          address, &local);
	if (!a && !g_error_matches(local, DESK_STORE_ERROR, DESK_STORE_ERROR_NOT_FOUND))
		g_propagate_error(error, g_steal_pointer(&local));
	/* find_code also takes codes: only an attendee with this very address counts. */
	if (a && (!a->expected || !a->email || g_ascii_strcasecmp(a->email, address) != 0))
		g_clear_pointer(&a, desk_attendee_free);
	return a;
}

desk_attendee_t *desk_station_walkin_match(desk_station_t *st, const char *first, const char *last,
                                           const char *email, const char **reason, GError **error)
{
	g_return_val_if_fail(st != NULL && reason != NULL, NULL);
	GError *local = NULL;
	desk_attendee_t *a = email && *email ? match_email(st, email, &local) : NULL;
	if (a || local) {
		*reason = "email";
		g_propagate_error(error, local);
		return a;
	}
	if (!first || !*first || !last || !*last)
		return NULL;
	g_autofree char *name = g_strconcat(first, " ", last, NULL);
	g_autoptr(GPtrArray) same =
	    desk_store_find_name(desk_station_store(st), desk_station_event_id(st), name, 2, error);
	if (!same || same->len == 0 || !((desk_attendee_t *)same->pdata[0])->expected)
		return NULL;
	if (same->len > 1 && ((desk_attendee_t *)same->pdata[1])->expected)
		return NULL; /* two people of that name: let the kiosk search */
	*reason = "name";
	return g_ptr_array_steal_index(same, 0);
}

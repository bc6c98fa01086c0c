/* names.c: cleaning, splitting and displaying people's names (and e-mail addresses). */
#include <string.h>

#include "names.h"

/* ---- cleaning ------------------------------------------------------------- */

static bool is_dropped(gunichar c)
{
	switch (c) {
	case 0x00ad: /* soft hyphen */
	case 0x061c: /* Arabic letter mark */
	case 0x200b: /* zero-width space */
	case 0x200e: /* LRM */
	case 0x200f: /* RLM */
	case 0x2060: /* word joiner */
	case 0xfeff: /* BOM / zero-width no-break space */
		return true;
	default:
		break;
	}
	if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
		return true; /* bidi embeddings, overrides and isolates */
	if (g_unichar_isspace(c))
		return false;
	return g_unichar_type(c) == G_UNICODE_CONTROL;
}

/* Whether @text is printable ASCII already in clean form (the common case). */
static bool is_clean_ascii(const char *text, gsize max_chars)
{
	gsize i = 0;

	for (; text[i]; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == ' ' ? (i == 0 || text[i + 1] == ' ' || !text[i + 1])
		             : (c < 0x21 || c > 0x7e))
			return false;
	}
	return max_chars == 0 || i <= max_chars;
}

char *desk_names_clean(const char *text, gsize max_chars)
{
	if (!text)
		return g_strdup("");
	if (is_clean_ascii(text, max_chars))
		return g_strdup(text);

	g_autofree char *valid = g_utf8_make_valid(text, -1);
	g_autofree char *nfc = g_utf8_normalize(valid, -1, G_NORMALIZE_NFC);
	GString *out = g_string_sized_new(strlen(nfc));
	gsize chars = 0;
	bool space = false;

	for (const char *p = nfc; *p && (max_chars == 0 || chars < max_chars);
	     p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (is_dropped(c))
			continue;
		if (g_unichar_isspace(c) || c == 0x3000) {
			space = out->len > 0;
			continue;
		}
		if (space) {
			if (max_chars && chars + 2 > max_chars)
				break;
			g_string_append_c(out, ' ');
			chars++;
		}
		space = false;
		g_string_append_unichar(out, c);
		chars++;
	}
	return g_string_free(out, FALSE);
}

/* ---- scripts and splitting ------------------------------------------------ */

bool desk_names_is_cjk(const char *text)
{
	bool cjk = false;

	for (const char *p = text ? text : ""; *p; p = g_utf8_next_char(p)) {
		switch (g_unichar_get_script(g_utf8_get_char(p))) {
		case G_UNICODE_SCRIPT_HAN:
		case G_UNICODE_SCRIPT_HIRAGANA:
		case G_UNICODE_SCRIPT_KATAKANA:
		case G_UNICODE_SCRIPT_HANGUL:
			cjk = true;
			break;
		case G_UNICODE_SCRIPT_LATIN:
			return false;
		default:
			break;
		}
	}
	return cjk;
}

static bool is_particle(const char *word)
{
	static const char *const particles[] = {"van", "von", "der", "den", "de", "del", "della",
	                                        "di",  "da",  "dos", "du",  "la", "le",  "ter",
	                                        "ten", "bin", "al",  "el",  "ibn"};
	for (size_t i = 0; i < G_N_ELEMENTS(particles); i++) {
		if (strcmp(word, particles[i]) == 0)
			return true;
	}
	return false;
}

static char *join_words(char **words, guint from, guint to)
{
	GString *out = g_string_new(NULL);

	for (guint i = from; i < to; i++) {
		if (i > from)
			g_string_append_c(out, ' ');
		g_string_append(out, words[i]);
	}
	return g_string_free(out, FALSE);
}

void desk_names_split(const char *full, char **first, char **last)
{
	g_auto(GStrv) words = g_strsplit(full ? full : "", " ", -1);
	guint n = g_strv_length(words);

	g_return_if_fail(first != NULL && last != NULL);
	if (n < 2) {
		*first = g_strdup(full ? full : "");
		*last = g_strdup("");
		return;
	}
	if (desk_names_is_cjk(full)) {
		*last = g_strdup(words[0]);
		*first = join_words(words, 1, n);
		return;
	}
	guint cut = n - 1;
	while (cut > 1 && is_particle(words[cut - 1]))
		cut--;
	*first = join_words(words, 0, cut);
	*last = join_words(words, cut, n);
}

char *desk_names_display(const char *first, const char *last)
{
	first = first ? first : "";
	last = last ? last : "";
	if (!*first || !*last)
		return g_strdup(*first ? first : last);
	if (desk_names_is_cjk(first) && desk_names_is_cjk(last))
		return g_strconcat(last, first, NULL);
	return g_strconcat(first, " ", last, NULL);
}

/* ---- e-mail --------------------------------------------------------------- */

static bool valid_domain(const char *domain)
{
	if (!*domain || domain[0] == '.' || !strchr(domain, '.') ||
	    domain[strlen(domain) - 1] == '.' || strstr(domain, ".."))
		return false;
	return strpbrk(domain, " <>()[],;:\\\"@") == NULL;
}

char *desk_names_email(const char *text)
{
	g_autofree char *clean = desk_names_clean(text, 254);
	const char *s = clean;

	if (g_ascii_strncasecmp(s, "mailto:", 7) == 0)
		s += 7;
	const char *at = strrchr(s, '@');
	if (!at || at == s || strchr(s, ' ') || strpbrk(s, "<>,;\"") || memchr(s, '@', at - s))
		return NULL;
	g_autofree char *domain = g_utf8_strdown(at + 1, -1);
	if (!valid_domain(domain))
		return NULL;
	g_autofree char *local = g_strndup(s, at - s);
	return g_strconcat(local, "@", domain, NULL);
}

/* translit.c: how people type names on a Latin keyboard: Latin folding, romanization of other
 * scripts (ICU utrans), Japanese readings (MeCab with ipadic) and variant kanji. */
#include <mecab.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "translit.h"

/* ---- per-thread engines ----------------------------------------------------
 * Neither an ICU transliterator nor a MeCab tagger may be used by two threads
 * at once, and imports run on a worker thread: each thread opens its own. */

typedef struct {
	GHashTable *trans; /* const char *id (static) -> UTransliterator * (NULL: failed) */
	mecab_t *mecab;
	bool mecab_tried;
} engines_t;

static void engines_free(gpointer data)
{
	engines_t *e = data;
	GHashTableIter iter;
	gpointer value;
	g_hash_table_iter_init(&iter, e->trans);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		if (value)
			utrans_close(value);
	g_hash_table_unref(e->trans);
	if (e->mecab)
		mecab_destroy(e->mecab);
	g_free(e);
}

static GPrivate engines_key = G_PRIVATE_INIT(engines_free);

static engines_t *engines(void)
{
	engines_t *e = g_private_get(&engines_key);
	if (!e) {
		e = g_new0(engines_t, 1);
		e->trans = g_hash_table_new(g_str_hash, g_str_equal);
		g_private_set(&engines_key, e);
	}
	return e;
}

static UTransliterator *transliterator(const char *id)
{
	engines_t *e = engines();
	gpointer found;
	if (g_hash_table_lookup_extended(e->trans, id, NULL, &found))
		return found;
	UErrorCode status = U_ZERO_ERROR;
	UChar uid[64];
	u_uastrncpy(uid, id, G_N_ELEMENTS(uid));
	UTransliterator *t = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
	if (U_FAILURE(status)) {
		g_warning("translit: ICU transliterator %s: %s", id, u_errorName(status));
		t = NULL;
	}
	g_hash_table_insert(e->trans, (gpointer)id, t);
	return t;
}

/* The dictionary: the system's mecabrc first, then Debian's ipadic-utf8. */
static const char *const mecab_args[] = {
    "",
    "-d /var/lib/mecab/dic/ipadic-utf8",
    "-d /usr/lib/x86_64-linux-gnu/mecab/dic/ipadic-utf8",
    "-d /usr/lib/aarch64-linux-gnu/mecab/dic/ipadic-utf8",
};

static mecab_t *tagger(void)
{
	engines_t *e = engines();
	if (e->mecab_tried)
		return e->mecab;
	e->mecab_tried = true;
	for (size_t i = 0; i < G_N_ELEMENTS(mecab_args) && !e->mecab; i++) {
		mecab_t *m = mecab_new2(mecab_args[i]);
		const mecab_dictionary_info_t *info = m ? mecab_dictionary_info(m) : NULL;
		if (info && info->charset && g_ascii_strcasecmp(info->charset, "utf-8") == 0 &&
		    strstr(info->filename, "ipadic"))
			e->mecab = m;
		else if (m)
			mecab_destroy(m);
	}
	if (!e->mecab)
		g_warning("translit: no MeCab ipadic-utf8 dictionary (install mecab-ipadic-utf8): "
		          "no readings for kanji names");
	return e->mecab;
}

/* ---- ICU -------------------------------------------------------------------- */

/* @text through transliterator @id; NULL when it is missing. New string. */
static char *icu_run(const char *id, const char *text)
{
	UTransliterator *t = transliterator(id);
	if (!t)
		return NULL;
	UErrorCode status = U_ZERO_ERROR;
	int32_t len = 0;
	u_strFromUTF8(NULL, 0, &len, text, -1, &status);
	int32_t capacity = len * 4 + 16;
	g_autofree UChar *buf = g_new(UChar, capacity);
	status = U_ZERO_ERROR;
	u_strFromUTF8(buf, capacity, &len, text, -1, &status);
	int32_t limit = len;
	if (U_SUCCESS(status))
		utrans_transUChars(t, buf, &len, capacity, 0, &limit, &status);
	int32_t out_len = 0;
	UErrorCode size_status = U_ZERO_ERROR;
	u_strToUTF8(NULL, 0, &out_len, buf, len, &size_status);
	if (U_FAILURE(status) || out_len < 0)
		return NULL;
	char *out = g_malloc(out_len + 1);
	status = U_ZERO_ERROR;
	u_strToUTF8(out, out_len + 1, NULL, buf, len, &status);
	if (U_FAILURE(status)) {
		g_free(out);
		return NULL;
	}
	return out;
}

/* ---- folding ------------------------------------------------------------------ */

/* Variant kanji of names -> the form people type (and an IME offers first). */
static const struct {
	gunichar from, to;
} variants[] = {
    {0x9AD9, 0x9AD8},  /* 髙 高 */
    {0xFA11, 0x5D0E},  /* 﨑 崎 */
    {0x5D5C, 0x5D0E},  /* 嵜 崎 */
    {0x908A, 0x8FBA},  /* 邊 辺 */
    {0x9089, 0x8FBA},  /* 邉 辺 */
    {0x9F4B, 0x658E},  /* 齋 斎 */
    {0x9F4A, 0x658E},  /* 齊 斎 */
    {0x6FF5, 0x6D5C},  /* 濵 浜 */
    {0x6FF1, 0x6D5C},  /* 濱 浜 */
    {0x6FA4, 0x6CA2},  /* 澤 沢 */
    {0x6AFB, 0x685C},  /* 櫻 桜 */
    {0x570B, 0x56FD},  /* 國 国 */
    {0x5EE3, 0x5E83},  /* 廣 広 */
    {0x5FB7, 0x5FB3},  /* 德 徳 */
    {0x60E0, 0x6075},  /* 惠 恵 */
    {0x7028, 0x702C},  /* 瀨 瀬 */
    {0x771E, 0x771F},  /* 眞 真 */
    {0x5BE6, 0x5B9F},  /* 實 実 */
    {0x58FD, 0x5BFF},  /* 壽 寿 */
    {0x69AE, 0x6804},  /* 榮 栄 */
    {0x51A8, 0x5BCC},  /* 冨 富 */
    {0x66FB, 0x6607},  /* 曻 昇 */
    {0x975C, 0x9759},  /* 靜 静 */
    {0x8218, 0x9928},  /* 舘 館 */
    {0x5D8B, 0x5CF6},  /* 嶋 島 */
    {0x5D8C, 0x5CF6},  /* 嶌 島 */
    {0x5CEF, 0x5CF0},  /* 峯 峰 */
    {0x20BB7, 0x5409}, /* 𠮷 吉 */
    {0x6046, 0x6052},  /* 恆 恒 */
    {0x842C, 0x4E07},  /* 萬 万 */
    {0x5F4C, 0x5F25},  /* 彌 弥 */
    {0x79AE, 0x793C},  /* 禮 礼 */
    {0x5713, 0x5186},  /* 圓 円 */
    {0x95DC, 0x95A2},  /* 關 関 */
    {0x9ED1, 0x9ED2},  /* 黑 黒 */
    {0x6DFA, 0x6D45},  /* 淺 浅 */
    {0x5718, 0x56E3},  /* 團 団 */
    {0x589E, 0x5897},  /* 增 増 */
};

static gunichar fold_char(gunichar c)
{
	if ((c >= 0x30A1 && c <= 0x30F6) || c == 0x30FD || c == 0x30FE)
		return c - 0x60; /* katakana -> hiragana (ー stays) */
	for (size_t i = 0; i < G_N_ELEMENTS(variants); i++)
		if (variants[i].from == c)
			return variants[i].to;
	return c;
}

static bool has_latin_beyond_ascii(const char *text)
{
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c > 0x7f && g_unichar_get_script(c) == G_UNICODE_SCRIPT_LATIN)
			return true;
	}
	return false;
}

char *desk_translit_fold(const char *text)
{
	if (!text)
		return g_strdup("");
	g_autofree char *ascii = has_latin_beyond_ascii(text) ? icu_run("Latin-ASCII", text) : NULL;
	const char *from = ascii ? ascii : text;
	GString *out = g_string_sized_new(strlen(from));
	for (const char *p = from; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c < 0x80) /* Latin-ASCII keeps case: Æ -> AE */
			g_string_append_c(out, g_ascii_tolower((char)c));
		else
			g_string_append_unichar(out, fold_char(c));
	}
	return g_string_free(out, FALSE);
}

bool desk_translit_is_cjk_char(const char *text)
{
	if (!text || !*text || *g_utf8_next_char(text))
		return false;
	GUnicodeScript script = g_unichar_get_script(g_utf8_get_char(text));
	return script == G_UNICODE_SCRIPT_HAN || script == G_UNICODE_SCRIPT_HANGUL;
}

/* ---- forms of a name ---------------------------------------------------------
 * Each part's forms are kept per writing system, so that whole-name forms
 * pair a family and a given name written the same way ("yamada taro", never
 * "yamada tai lang"). */

typedef enum {
	SYS_BGN,
	SYS_SCHOLARLY,
	SYS_POPULAR,
	SYS_GREEK,
	SYS_GREEK_CLASSIC,
	SYS_HANGUL,
	SYS_HANGUL_CONV,
	SYS_KANA,
	SYS_ROMAJI,
	SYS_HEPBURN,
	SYS_HEPBURN_ALT,
	SYS_PINYIN,
	SYS_DIGRAPH,
	SYS_N
} sys_t;

typedef struct {
	GPtrArray *sys[SYS_N];
} forms_t;

static void forms_init(forms_t *f)
{
	for (int i = 0; i < SYS_N; i++)
		f->sys[i] = g_ptr_array_new_with_free_func(g_free);
}

static void forms_clear(forms_t *f)
{
	for (int i = 0; i < SYS_N; i++)
		g_ptr_array_unref(f->sys[i]);
}

static bool forms_any(const forms_t *f)
{
	for (int i = 0; i < SYS_N; i++)
		if (f->sys[i]->len)
			return true;
	return false;
}

/* Adds @form (taken) to system @s unless it is empty or already there. */
static void forms_add(forms_t *f, sys_t s, char *form)
{
	if (!form || !*form) {
		g_free(form);
		return;
	}
	for (guint i = 0; i < f->sys[s]->len; i++)
		if (strcmp(f->sys[s]->pdata[i], form) == 0) {
			g_free(form);
			return;
		}
	g_ptr_array_add(f->sys[s], form);
}

enum { S_LATIN = 1, S_CYRILLIC = 2, S_GREEK = 4, S_HANGUL = 8, S_HAN = 16, S_KANA = 32 };

static unsigned scripts_of(const char *text)
{
	unsigned mask = 0;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		switch (g_unichar_get_script(g_utf8_get_char(p))) {
		case G_UNICODE_SCRIPT_LATIN:
			mask |= S_LATIN;
			break;
		case G_UNICODE_SCRIPT_CYRILLIC:
			mask |= S_CYRILLIC;
			break;
		case G_UNICODE_SCRIPT_GREEK:
			mask |= S_GREEK;
			break;
		case G_UNICODE_SCRIPT_HANGUL:
			mask |= S_HANGUL;
			break;
		case G_UNICODE_SCRIPT_HAN:
			mask |= S_HAN;
			break;
		case G_UNICODE_SCRIPT_HIRAGANA:
		case G_UNICODE_SCRIPT_KATAKANA:
			mask |= S_KANA;
			break;
		default:
			break;
		}
	}
	return mask;
}

/* @latin (taken, NULL-able) as plain lower-case ASCII: tones and macrons
 * dropped, apostrophes and soft signs removed, spaces collapsed; with
 * @nospace no spaces at all. New string or NULL. */
static char *ascii_form(char *latin, bool nospace)
{
	if (!latin)
		return NULL;
	g_autofree char *ascii = icu_run("Latin-ASCII", latin);
	g_free(latin);
	if (!ascii)
		return NULL;
	GString *out = g_string_sized_new(strlen(ascii));
	for (const char *p = ascii; *p; p++) {
		if (*p == '\'' || *p == '"' || (unsigned char)*p >= 0x80)
			continue;
		if (*p == ' ' && (nospace || !out->len || out->str[out->len - 1] == ' '))
			continue;
		g_string_append_c(out, g_ascii_tolower(*p));
	}
	if (out->len && out->str[out->len - 1] == ' ')
		g_string_truncate(out, out->len - 1);
	return g_string_free(out, FALSE);
}

/* Replaces every @from in @s (taken) by @to; with @final only at a word's end. */
static char *replace(char *s, const char *from, const char *to, bool final)
{
	GString *out = g_string_new(NULL);
	size_t n = strlen(from);
	for (const char *p = s; *p;) {
		if (strncmp(p, from, n) == 0 && (!final || p[n] == '\0' || p[n] == ' ')) {
			g_string_append(out, to);
			p += n;
		} else {
			g_string_append_c(out, *p++);
		}
	}
	g_free(s);
	return g_string_free(out, FALSE);
}

/* ---- Cyrillic, Greek, Latin digraphs ---- */

/* "ay" -> "ai" before a consonant or at a word's end (Mikhaylov -> Mikhailov);
 * "ye" -> "e" at a word's start (Yevgeniy -> Evgeniy) when @initial_e. */
static char *english_habits(char *s, bool initial_e)
{
	GString *out = g_string_new(NULL);
	for (const char *p = s; *p; p++) {
		bool start = p == s || p[-1] == ' ';
		if (initial_e && start && p[0] == 'y' && p[1] == 'e') {
			continue; /* drop the y */
		}
		g_string_append_c(out, *p);
		if (p[0] == 'a' && p[1] == 'y' && !strchr("aeiouy", p[2] ? p[2] : 'x')) {
			g_string_append_c(out, 'i');
			p++;
		}
	}
	g_free(s);
	return g_string_free(out, FALSE);
}

static void cyrillic_forms(const char *text, forms_t *f)
{
	g_autofree char *bgn = icu_run("Russian-Latin/BGN", text);
	if (bgn) {
		forms_add(f, SYS_BGN, ascii_form(g_strdup(bgn), false));
		/* The spellings of passports and the press: a soft sign before y is
		 * i (Natalʹya -> Natalia, Vasilʹyev -> Vasiliev), iya is ia (Maria),
		 * ks is x (Alexey), a final -iy is -y or -i (Dmitry, Yuri). */
		char *base = ascii_form(replace(g_strdup(bgn), "\u02B9y", "i", false), false);
		base = replace(replace(base, "iya", "ia", false), "ks", "x", false);
		base = replace(base, "andr", "ander", true);
		for (int e = 0; e < 2; e++) {
			char *habit = english_habits(g_strdup(base), e == 1);
			forms_add(f, SYS_POPULAR, replace(g_strdup(habit), "iy", "y", true));
			forms_add(f, SYS_POPULAR, replace(habit, "iy", "i", true));
		}
		g_free(base);
	}
	forms_add(f, SYS_SCHOLARLY, ascii_form(icu_run("Cyrillic-Latin", text), false));
}

static void digraph_forms(const char *text, forms_t *f)
{
	static const char *const pairs[][2] = {{"ä", "ae"}, {"ö", "oe"}, {"ü", "ue"}, {"ø", "oe"},
	                                       {"å", "aa"}, {"æ", "ae"}, {"œ", "oe"}};
	g_autofree char *lower = g_utf8_strdown(text, -1);
	char *s = g_utf8_normalize(lower, -1, G_NORMALIZE_NFC);
	bool any = false;
	for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++)
		if (strstr(s, pairs[i][0])) {
			s = replace(s, pairs[i][0], pairs[i][1], false);
			any = true;
		}
	if (any)
		forms_add(f, SYS_DIGRAPH, ascii_form(s, false));
	else
		g_free(s);
}

/* ---- Hangul ---- */

/* Surnames and the spellings people use for them (passports, business cards). */
static const char *const surnames[][2] = {
    {"김", "kim gim"},
    {"이", "lee yi rhee i"},
    {"박", "park bak pak"},
    {"최", "choi choe"},
    {"정", "jung jeong chung"},
    {"강", "kang gang"},
    {"조", "cho jo"},
    {"윤", "yoon yun"},
    {"장", "jang chang"},
    {"임", "lim im"},
    {"한", "han"},
    {"오", "oh o"},
    {"서", "seo suh"},
    {"신", "shin sin"},
    {"권", "kwon gwon"},
    {"황", "hwang"},
    {"안", "ahn an"},
    {"송", "song"},
    {"류", "ryu yoo yu"},
    {"유", "yoo yu"},
    {"전", "jeon jun chun"},
    {"홍", "hong"},
    {"고", "ko go"},
    {"문", "moon mun"},
    {"양", "yang"},
    {"손", "son sohn"},
    {"배", "bae"},
    {"백", "baek paik"},
    {"허", "heo huh"},
    {"노", "noh roh no"},
    {"남", "nam"},
    {"심", "shim sim"},
    {"하", "ha"},
    {"곽", "kwak gwak"},
    {"성", "sung seong"},
    {"차", "cha"},
    {"주", "joo ju"},
    {"우", "woo u"},
    {"구", "koo gu"},
    {"민", "min"},
    {"나", "na ra"},
    {"진", "jin"},
    {"지", "ji"},
    {"엄", "eom um"},
    {"채", "chae"},
    {"원", "won"},
    {"천", "cheon chun"},
    {"방", "bang"},
    {"공", "kong gong"},
    {"현", "hyun hyeon"},
    {"함", "ham"},
    {"변", "byun byeon"},
    {"염", "yeom yum"},
    {"여", "yeo"},
    {"추", "choo chu"},
    {"도", "do"},
    {"석", "seok suk"},
    {"선", "sun seon"},
    {"설", "seol sul"},
    {"마", "ma"},
    {"길", "gil kil"},
    {"연", "yeon yun"},
    {"위", "wi wee"},
    {"표", "pyo"},
    {"명", "myung myeong"},
    {"기", "ki gi"},
    {"왕", "wang"},
    {"금", "keum geum"},
    {"육", "yook yuk"},
    {"황보", "hwangbo"},
    {"남궁", "namgung namkoong"},
    {"제갈", "jegal"},
    {"선우", "sunwoo seonu"},
    {"독고", "dokgo"},
};

/* Given-name syllables whose usual spelling differs from the romanization. */
static const char *const syllables[][2] = {
    {"준", "joon"},  {"영", "young"}, {"현", "hyun"}, {"수", "soo"},  {"우", "woo"},
    {"성", "sung"},  {"석", "suk"},   {"훈", "hoon"}, {"연", "yeon"}, {"정", "jung"},
    {"경", "kyung"}, {"철", "chul"},  {"희", "hee"},  {"혜", "hye"},  {"윤", "yoon"},
    {"주", "joo"},   {"명", "myung"}, {"선", "sun"},  {"숙", "sook"}, {"순", "soon"},
    {"규", "kyu"},   {"근", "keun"},  {"범", "bum"},  {"국", "kook"}, {"은", "eun"},
};

static const char *lookup(const char *const (*table)[2], size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(table[i][0], key) == 0)
			return table[i][1];
	return NULL;
}

static void hangul_forms(const char *text, bool family, forms_t *f)
{
	char *plain = ascii_form(icu_run("Hangul-Latin", text), true);
	const char *spellings = family ? lookup(surnames, G_N_ELEMENTS(surnames), text) : NULL;
	if (spellings) {
		g_auto(GStrv) each = g_strsplit(spellings, " ", -1);
		for (char **s = each; *s; s++)
			forms_add(f, SYS_HANGUL_CONV, g_strdup(*s));
	} else if (!family) {
		GString *conv = g_string_new(NULL);
		for (const char *p = text; *p; p = g_utf8_next_char(p)) {
			g_autofree char *one = g_strndup(p, g_utf8_next_char(p) - p);
			const char *usual = lookup(syllables, G_N_ELEMENTS(syllables), one);
			g_autofree char *roman =
			    usual ? NULL : ascii_form(icu_run("Hangul-Latin", one), true);
			g_string_append(conv, usual ? usual : roman ? roman : "");
		}
		forms_add(f, SYS_HANGUL_CONV, g_string_free(conv, FALSE));
	}
	if (plain)
		forms_add(f, SYS_HANGUL_CONV, g_strdup(plain));
	forms_add(f, SYS_HANGUL, plain);
}

/* Splits a one-word Korean name: a two-syllable surname when the name has 3+. */
static bool split_hangul(const char *word, char **family, char **given)
{
	glong n = g_utf8_strlen(word, -1);
	if (n < 2 || n > 4)
		return false;
	const char *cut = g_utf8_offset_to_pointer(word, 1);
	g_autofree char *two = g_strndup(word, g_utf8_offset_to_pointer(word, 2) - word);
	if (n >= 3 && g_utf8_strlen(two, -1) == 2 && lookup(surnames, G_N_ELEMENTS(surnames), two))
		cut = word + strlen(two);
	*family = g_strndup(word, cut - word);
	*given = g_strdup(cut);
	return true;
}

/* ---- Japanese and Chinese ---- */

/* Field @index (0-based) of a MeCab feature string, or NULL. New string. */
static char *feature_field(const char *feature, int index)
{
	g_auto(GStrv) fields = g_strsplit(feature, ",", -1);
	if ((int)g_strv_length(fields) <= index || strcmp(fields[index], "*") == 0)
		return NULL;
	return g_strdup(fields[index]);
}

/* The reading of one MeCab path in katakana, or NULL when a word has none
 * (then a guess would mislead). *@names: every word is a person's name (人名). */
static char *path_reading(const mecab_node_t *n, bool *names)
{
	GString *reading = g_string_new(NULL);
	*names = true;
	for (; n; n = n->next) {
		if (n->stat == MECAB_BOS_NODE || n->stat == MECAB_EOS_NODE)
			continue;
		g_autofree char *surface = g_strndup(n->surface, n->length);
		g_autofree char *yomi = feature_field(n->feature, 7);
		if (!yomi && (scripts_of(surface) & ~S_KANA) == 0)
			yomi = g_strdup(surface); /* kana is its own reading */
		if (!yomi) {
			g_string_free(reading, TRUE);
			return NULL;
		}
		*names = *names && strstr(n->feature, "人名") != NULL;
		g_string_append(reading, yomi);
	}
	return g_string_free(reading, FALSE);
}

/* The readings of @text (variant kanji folded) from ipadic: the best path,
 * and up to two more among the next best whose words are all names (陽子 is
 * "yoshi", the particle, first; "yoko", the name, third). Adds katakana
 * strings (g_free) to @out. */
static void mecab_readings(const char *text, GPtrArray *out)
{
	mecab_t *m = tagger();
	mecab_lattice_t *lattice = m ? mecab_lattice_new() : NULL;
	if (!lattice)
		return;
	mecab_lattice_set_sentence(lattice, text);
	mecab_lattice_set_request_type(lattice, MECAB_NBEST);
	guint names = 0;
	bool parsed = mecab_parse_lattice(m, lattice);
	for (int k = 0; parsed && k < 8 && names < 2; k++) {
		bool all_names;
		char *reading = path_reading(mecab_lattice_get_bos_node(lattice), &all_names);
		bool known = false;
		for (guint i = 0; reading && i < out->len; i++)
			known = known || strcmp(out->pdata[i], reading) == 0;
		if (reading && !known && (k == 0 || all_names)) {
			g_ptr_array_add(out, reading);
			names += k > 0;
		} else {
			g_free(reading);
		}
		if (!mecab_lattice_next(lattice))
			break;
	}
	mecab_lattice_destroy(lattice);
}

/* Splits 山田太郎 where ipadic knows the first word as a family name (姓). */
static bool split_japanese(const char *word, char **family, char **given)
{
	mecab_t *m = tagger();
	const mecab_node_t *n = m ? mecab_sparse_tonode(m, word) : NULL;
	while (n && n->stat == MECAB_BOS_NODE)
		n = n->next;
	if (!n || !n->next || n->next->stat == MECAB_EOS_NODE || !strstr(n->feature, "人名,姓"))
		return false;
	*family = g_strndup(n->surface, n->length);
	*given = g_strdup(n->surface + n->length);
	return **given != '\0';
}

/* Romaji of a reading @kana, Hepburn with the long vowels as typed (tarou),
 * without them (taro), and the passport and card habits (satoh, homma). */
static void kana_forms(const char *kana, forms_t *f)
{
	g_autofree char *full_width = g_utf8_normalize(kana, -1, G_NORMALIZE_NFKC); /* ｻﾄｳ */
	g_autofree char *hira = desk_translit_fold(full_width);
	char *wapuro = ascii_form(icu_run("Hiragana-Latin", hira), true);
	forms_add(f, SYS_KANA, g_steal_pointer(&hira));
	if (!wapuro)
		return;
	char *hepburn =
	    replace(replace(replace(g_strdup(wapuro), "ou", "o", false), "oo", "o", false), "uu",
	            "u", false);
	char *oh = replace(replace(g_strdup(wapuro), "ou", "oh", true), "oo", "oh", true);
	char *m = replace(replace(replace(g_strdup(hepburn), "nb", "mb", false), "nm", "mm", false),
	                  "np", "mp", false);
	forms_add(f, SYS_HEPBURN_ALT, oh);
	forms_add(f, SYS_HEPBURN_ALT, m);
	forms_add(f, SYS_HEPBURN, hepburn);
	forms_add(f, SYS_ROMAJI, wapuro);
}

static void han_forms(const char *text, unsigned scripts, const char *reading, forms_t *f)
{
	g_autofree char *folded = desk_translit_fold(text);
	g_autoptr(GPtrArray) guesses = g_ptr_array_new_with_free_func(g_free);
	if (reading)
		kana_forms(reading, f);
	else
		mecab_readings(folded, guesses);
	for (guint i = 0; i < guesses->len; i++)
		kana_forms(guesses->pdata[i], f);
	if (!(scripts & S_KANA))
		forms_add(f, SYS_PINYIN, ascii_form(icu_run("Han-Latin", folded), true));
}

/* ---- one part, one person ---- */

static void part_forms(const char *text, bool family, const char *reading, forms_t *f)
{
	if (!text || !*text)
		return;
	unsigned scripts = scripts_of(text);
	if (scripts & S_CYRILLIC)
		cyrillic_forms(text, f);
	if (scripts & S_GREEK) { /* UNGEGN (ELOT 743) as Greeks write it: Dimitris, Vasileiou */
		forms_add(f, SYS_GREEK, ascii_form(icu_run("Greek-Latin/UNGEGN", text), false));
		forms_add(f, SYS_GREEK_CLASSIC, ascii_form(icu_run("Greek-Latin", text), false));
	}
	if (scripts & S_HANGUL)
		hangul_forms(text, family, f);
	if (scripts & S_HAN)
		han_forms(text, scripts, reading, f);
	else if ((scripts & S_KANA) || (reading && (scripts_of(reading) & S_KANA)))
		kana_forms(reading ? reading : text, f);
	else if (reading)
		forms_add(f, SYS_ROMAJI, ascii_form(g_strdup(reading), false));
	if (scripts & S_LATIN)
		digraph_forms(text, f);
}

/* A one-word CJK name split into family and given name, where it can be. */
static bool split_word(const char *word, char **family, char **given)
{
	unsigned scripts = scripts_of(word);
	if (strchr(word, ' ') || !scripts || (scripts & (S_LATIN | S_CYRILLIC | S_GREEK)))
		return false;
	if (scripts == S_HANGUL)
		return split_hangul(word, family, given);
	if (split_japanese(word, family, given))
		return true;
	g_free(*family);
	g_free(*given);
	*family = *given = NULL;
	/* Chinese: a one-character family name (复姓 such as 欧阳 are rare). */
	glong n = g_utf8_strlen(word, -1);
	if (scripts != S_HAN || n < 2 || n > 3)
		return false;
	const char *cut = g_utf8_next_char(word);
	*family = g_strndup(word, cut - word);
	*given = g_strdup(cut);
	return true;
}

static void emit_parts(const forms_t *f, GPtrArray *parts)
{
	for (int s = 0; s < SYS_N; s++)
		for (guint i = 0; i < f->sys[s]->len; i++)
			g_ptr_array_add(parts, g_strdup(f->sys[s]->pdata[i]));
}

/* The forms of one side in system @s: its own, or the name as written when
 * it has no other form at all (a Latin given name beside a Cyrillic family
 * name); NULL when the side is written in another system. */
static const GPtrArray *side(const forms_t *f, sys_t s, GPtrArray *written)
{
	if (f->sys[s]->len)
		return f->sys[s];
	return forms_any(f) ? NULL : written;
}

static void combine(const char *family, const char *given, const forms_t *F, const forms_t *G,
                    GPtrArray *full)
{
	g_autoptr(GPtrArray) fam = g_ptr_array_new();
	g_autoptr(GPtrArray) giv = g_ptr_array_new();
	g_ptr_array_add(fam, (gpointer)family);
	g_ptr_array_add(giv, (gpointer)given);
	for (int s = 0; s < SYS_N; s++) {
		const GPtrArray *a = side(F, s, fam), *b = side(G, s, giv);
		if (!a || !b || (a == fam && b == giv))
			continue;
		for (guint i = 0; i < a->len && i < 4; i++)
			for (guint j = 0; j < b->len && j < 4; j++) {
				const char *x = a->pdata[i], *y = b->pdata[j];
				g_ptr_array_add(full, g_strconcat(x, " ", y, NULL));
				g_ptr_array_add(full, g_strconcat(y, " ", x, NULL));
				g_ptr_array_add(full, g_strconcat(x, y, NULL));
			}
	}
}

void desk_translit_name_forms(const char *family, const char *given, const char *reading,
                              GPtrArray *parts, GPtrArray *full)
{
	g_return_if_fail(parts != NULL && full != NULL);
	family = family ? family : "";
	given = given ? given : "";
	g_autofree char *fam = NULL, *giv = NULL;
	if (!*family != !*given && split_word(*family ? family : given, &fam, &giv)) {
		family = fam;
		given = giv;
	}
	g_autofree char *r = reading ? g_strstrip(g_strdup(reading)) : NULL;
	g_auto(GStrv) words = r && *r ? g_strsplit(r, " ", 2) : NULL;
	bool two = words && g_strv_length(words) == 2 && *family && *given;
	forms_t F, G;
	forms_init(&F);
	forms_init(&G);
	part_forms(family, true, two ? words[0] : NULL, &F);
	part_forms(given, false, two ? g_strstrip(words[1]) : NULL, &G);
	emit_parts(&F, parts);
	emit_parts(&G, parts);
	if (*family && *given)
		combine(family, given, &F, &G, full);
	if (words && !two) {
		/* A reading that cannot be paired with the parts: the whole name. */
		g_autofree char *whole = g_strjoinv("", words);
		forms_t W;
		forms_init(&W);
		kana_forms(whole, &W);
		emit_parts(&W, full);
		forms_clear(&W);
	}
	forms_clear(&F);
	forms_clear(&G);
}

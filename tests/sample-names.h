/* sample-names.h: deterministic attendee names in many scripts, for the text-fitting tests. */
#pragma once

#include <glib.h>

/* Syllables or letters per script; names are built by joining random picks. */
static const char *const names_latin[] = {"Jo", "sé", "Mü", "ller", "Ma", "ría", "Ånd", "ers",
                                          "Zo", "ë",  "Ćw", "ik",   "ła", "Ø",   "str", "ñe",
                                          "Ž",  "ço", "ß",  "Œ",    "ıl", "ğı",  "Ş",   "ah"};
static const char *const names_japanese[] = {"山", "田", "太", "郎", "直", "骨", "さ", "く", "ら",
                                             "タ", "ナ", "カ", "髙", "﨑", "渡", "邊", "ー"};
static const char *const names_chinese[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵",
                                            "吴", "周", "鑫", "磊", "婷", "强", "龍", "灣"};
static const char *const names_korean[] = {"김", "이", "박", "최", "정", "민", "준",
                                           "서", "연", "지", "훈", "윤", "햏", "뷁"};
static const char *const names_thai[] = {"สม", "ชาย", "ก้อง", "ภพ", "ศรี", "สุข",
                                         "ใจ", "ดี",   "ปิ่น",  "นุ่น", "ฤดี", "ญ"};
static const char *const names_vietnamese[] = {"Ngô",  "Bảo", "Châu", "Nguyễn", "Thị", "Hương",
                                               "Trần", "Đức", "Phạm", "Quỳnh",  "Lê",  "Ỷ"};
static const char *const names_arabic[] = {"محمد", "عبد",  "الله", "فاطمة", "الزهراء",
                                           "نور",  "خالد", "ليلى", "يوسف",  "ﷲ"};
static const char *const names_hebrew[] = {"אברהם", "שרה", "יִצְחָק",  "רבקה",
                                           "כהן",   "לוי", "מירים", "דוד"};
static const char *const names_devanagari[] = {"राम",   "सीता", "श्री", "कृष्ण",
                                               "प्रिया", "अर्जुन", "क्ष",  "ज्ञा"};
static const char *const names_emoji[] = {
    "🎉", "✨", "👩🏽‍💻", "🇯🇵",      "🧑‍🚀", "❤️",
    "🐍", "☕", "🏳️‍🌈",  "👍🏿"};

typedef struct {
	const char *const *parts;
	guint n;
} names_script_t;

#define NAMES_SCRIPT(a)                                                                            \
	{                                                                                          \
		a, G_N_ELEMENTS(a)                                                                 \
	}
static const names_script_t names_scripts[] = {
    NAMES_SCRIPT(names_latin),  NAMES_SCRIPT(names_japanese), NAMES_SCRIPT(names_chinese),
    NAMES_SCRIPT(names_korean), NAMES_SCRIPT(names_thai),     NAMES_SCRIPT(names_vietnamese),
    NAMES_SCRIPT(names_arabic), NAMES_SCRIPT(names_hebrew),   NAMES_SCRIPT(names_devanagari),
    NAMES_SCRIPT(names_emoji),
};

/* Name number @i (deterministic): a script, a target length of 1 to 80
 * characters, and words separated by spaces (many, few or none). A tenth
 * of the names mix in a second script. Returns a new string. */
static inline char *names_make(guint i)
{
	GRand *rand = g_rand_new_with_seed(0x5eed0000u + i);
	const names_script_t *script = &names_scripts[i % G_N_ELEMENTS(names_scripts)];
	const names_script_t *other =
	    &names_scripts[g_rand_int_range(rand, 0, G_N_ELEMENTS(names_scripts))];
	int target = 1 + (int)(i * 7919u % 80u);
	int spaces = i % 3; /* 0: none, 1: some, 2: many */
	GString *name = g_string_new(NULL);
	while ((int)g_utf8_strlen(name->str, -1) < target) {
		const names_script_t *s = (i % 10 == 9 && g_rand_boolean(rand)) ? other : script;
		g_string_append(name, s->parts[g_rand_int_range(rand, 0, (gint32)s->n)]);
		if (spaces == 2 || (spaces == 1 && g_rand_int_range(rand, 0, 4) == 0))
			g_string_append_c(name, ' ');
	}
	/* Cut to the target on a character boundary; the result may end with
	 * a combining mark's base only, which is still valid text. */
	const char *end = g_utf8_offset_to_pointer(name->str, target);
	g_string_truncate(name, (gsize)(end - name->str));
	g_rand_free(rand);
	return g_strstrip(g_string_free(name, FALSE));
}

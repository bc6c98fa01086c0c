/* translit.h: how people type names on a Latin keyboard: Latin folding, romanization of other
 * scripts (ICU), Japanese readings (MeCab with ipadic) and variant kanji. */
#pragma once

#include <glib.h>
#include <stdbool.h>

/* Folds @text (already case-folded) for matching: Latin letters to ASCII
 * through ICU Latin-ASCII (ø -> o, æ -> ae, ð -> d, þ -> th, ł -> l, đ -> d),
 * variant kanji to their common form (髙 -> 高, 﨑 -> 崎, 邊/邉 -> 辺, 齋/齊 -> 斎,
 * 濵 -> 浜, ...) and katakana to hiragana. Other text is left alone. Never
 * fails (ICU missing its data: Latin left as it was). Returns a new string. */
char *desk_translit_fold(const char *text);

/* The ways a person whose family name is @family and given name @given
 * (either may be NULL or "") may type their name on a Latin keyboard, beyond
 * the names themselves: Cyrillic in BGN/PCGN, scholarly and popular form
 * (Dmitriy, Dmitrij, Dmitry), Greek (UNGEGN: Dimitris, and classical:
 * Demetres), Hangul (with the conventional surname
 * spellings: 김 Kim, 이 Lee/Yi, 박 Park ...), Chinese pinyin without tones,
 * Japanese readings in kana and Hepburn romaji (tarou, taro, and "oh"/"m"
 * spellings such as satoh, homma), German/Nordic digraphs (mueller, soeren).
 * @reading is the roster's own reading (フリガナ) or NULL: it replaces MeCab's
 * guess; two words are family then given name. A single CJK word in one part
 * is split where its family name is known (山田太郎, 김민준, 王伟).
 * Adds to @parts (a GPtrArray of char *, g_free) the forms of each name part
 * and to @full the whole-name forms in both orders ("yamada taro",
 * "taro yamada", "yamadataro"). Forms are not normalized; duplicates may
 * occur. Never fails: a script whose transliterator or dictionary is missing
 * gives no forms. */
void desk_translit_name_forms(const char *family, const char *given, const char *reading,
                              GPtrArray *parts, GPtrArray *full);

/* Whether @text is a single Han or Hangul character (a one-character
 * surname such as 王 or 김, worth searching for). */
bool desk_translit_is_cjk_char(const char *text);

/* names.h: cleaning, splitting and displaying people's names (and e-mail addresses). */
#pragma once

#include <glib.h>
#include <stdbool.h>

#define DESK_NAMES_MAX 100 /* characters kept of a name */

/* Cleans one text value from untrusted input: invalid UTF-8 becomes U+FFFD,
 * then NFC; control characters, bidi embeddings/overrides/isolates/marks
 * (U+202A-202E, U+2066-2069, U+200E, U+200F, U+061C), zero-width spaces and
 * BOMs are removed; any run of whitespace (tabs, newlines, U+3000 ...) becomes
 * one space; the result is trimmed and cut to @max_chars characters (0 = no
 * limit) on a character boundary. Never fails. Returns a new string (g_free),
 * "" when nothing is left. */
char *desk_names_clean(const char *text, gsize max_chars);

/* Whether @text is written in CJK scripts (Han, Hiragana, Katakana, Hangul)
 * and has no Latin letters. */
bool desk_names_is_cjk(const char *text);

/* Splits one full name (already cleaned) into first and last name:
 *   Latin and others: the last word is the last name, together with the
 *   lower-case particles before it ("Ludwig van Beethoven" -> "Ludwig" +
 *   "van Beethoven"); CJK: the first word is the family name ("山田 太郎" ->
 *   last 山田, first 太郎); a single word ("Prince", "山田太郎") all goes to
 *   first_name and last_name is "". Nothing is lost: first + " " + last holds
 *   every word. Returns new strings (g_free) in @first and @last. */
void desk_names_split(const char *full, char **first, char **last);

/* The badge name: "First Last"; for CJK names family name first without a
 * space ("山田太郎", "김민준"), the local habit; either part may be empty.
 * Returns a new string (g_free). */
char *desk_names_display(const char *first, const char *last);

/* Normalizes an e-mail address: trimmed, "mailto:" dropped, the domain lower
 * case. Loose check: one "@", something before it, a dotted domain after it,
 * no spaces. Returns a new string (g_free) or NULL when it is not an address. */
char *desk_names_email(const char *text);

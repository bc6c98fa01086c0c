/* encoding.c: turning roster bytes (UTF-8, UTF-16 with BOM, CP932) into UTF-8 text. */
#include <stdbool.h>
#include <string.h>

#include "encoding.h"

GQuark desk_encoding_error_quark(void)
{
	return g_quark_from_static_string("desk-encoding-error-quark");
}

/* ---- helpers -------------------------------------------------------------- */

/* 1-based line of byte @offset, counting "\n" (one byte or, in UTF-16, one unit). */
static guint line_at(const guint8 *data, gsize offset, int unit, bool big_endian)
{
	guint line = 1;

	for (gsize i = 0; i + unit <= offset; i += unit) {
		guint8 lo = unit == 1 ? data[i] : data[i + (big_endian ? 1 : 0)];
		guint8 hi = unit == 1 ? 0 : data[i + (big_endian ? 0 : 1)];
		if (lo == '\n' && hi == 0)
			line++;
	}
	return line;
}

static bool is_binary_control(guint8 c)
{
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' &&
	       c != 0x1a;
}

/* Refuses files that are obviously not text: NULs, many control bytes, zip, PDF. */
static bool check_text(const char *name, const guint8 *data, gsize len, GError **error)
{
	const char *why = NULL;
	gsize controls = 0;

	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
		why = "it is a zip archive (an Excel .xlsx workbook?); save it as CSV UTF-8";
	else if (len >= 5 && memcmp(data, "%PDF-", 5) == 0)
		why = "it is a PDF document";
	else if (len && memchr(data, 0, len))
		why = "it contains NUL bytes";
	for (gsize i = 0; !why && i < len; i++)
		controls += is_binary_control(data[i]);
	if (!why && controls > 4 && controls > len / 100)
		why = "it is full of control characters";
	if (!why)
		return true;
	g_set_error(error, DESK_ENCODING_ERROR, DESK_ENCODING_ERROR_BINARY,
	            "%s: not a text file: %s", name, why);
	return false;
}

/* Whether @c is a character Japanese text in CP932 plausibly contains. */
static bool is_japanese(gunichar c, bool *wide)
{
	*wide = true;
	if ((c >= 0x3000 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) ||
	    (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff01 && c <= 0xff5e) ||
	    (c >= 0x3200 && c <= 0x33ff) || (c >= 0xffe0 && c <= 0xffe5))
		return true;
	*wide = false;
	return (c >= 0xff61 && c <= 0xff9f) || /* half-width katakana */
	       (c >= 0x2010 && c <= 0x2312) || /* punctuation, arrows, maths */
	       (c >= 0x2460 && c <= 0x257f) || /* circled numbers, box drawing */
	       (c >= 0x25a0 && c <= 0x266f) || /* shapes, stars, music */
	       (c >= 0x0391 && c <= 0x03c9) || /* Greek */
	       (c >= 0x0401 && c <= 0x0451) || /* Cyrillic */
	       c == 0xa7 || c == 0xa8 || c == 0xb0 || c == 0xb1 || /* § ¨ ° ± */
	       c == 0xb4 || c == 0xb6 || c == 0xd7 || c == 0xf7 || c == 0xac || c == 0xa6;
}

/* CP932 decodes many non-Japanese byte strings; keep it only when every
 * non-ASCII character is one Japanese text uses and some are full width. */
static bool plausible_japanese(const char *text)
{
	guint wide_count = 0;

	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		bool wide;
		if (c < 0x80)
			continue;
		if (!is_japanese(c, &wide))
			return false;
		wide_count += wide;
	}
	return wide_count > 0;
}

/* ---- decoding ------------------------------------------------------------- */

static char *decode_utf16(const char *name, const guint8 *data, gsize len, bool big_endian,
                          gsize *out_len, GError **error)
{
	g_autoptr(GError) local = NULL;
	gsize read = 0, written = 0;
	const char *from = big_endian ? "UTF-16BE" : "UTF-16LE";
	g_autofree char *text =
	    g_convert((const char *)data, len, "UTF-8", from, &read, &written, &local);

	if (!text) {
		g_set_error(error, DESK_ENCODING_ERROR, DESK_ENCODING_ERROR_INVALID,
		            "%s:%u: broken %s text (%s)", name, line_at(data, read, 2, big_endian),
		            from, local->message);
		return NULL;
	}
	if (strlen(text) != written) {
		g_set_error(error, DESK_ENCODING_ERROR, DESK_ENCODING_ERROR_BINARY,
		            "%s: not a text file: it contains NUL characters", name);
		return NULL;
	}
	*out_len = written;
	return g_steal_pointer(&text);
}

/* UTF-16 without a BOM: mostly ASCII text, so every other byte is 0.
 * Returns 'L' (little endian), 'B' (big endian) or 0. */
static char utf16_without_bom(const guint8 *data, gsize len)
{
	gsize pairs = MIN(len, 512) / 2, le = 0, be = 0;

	if (len < 4 || len % 2)
		return 0;
	for (gsize i = 0; i < pairs; i++) {
		le += data[2 * i] != 0 && data[2 * i + 1] == 0;
		be += data[2 * i] == 0 && data[2 * i + 1] != 0;
	}
	if (le * 10 >= pairs * 9)
		return 'L';
	return be * 10 >= pairs * 9 ? 'B' : 0;
}

static char *decode_bytes(const char *name, const guint8 *data, gsize len, const char **encoding,
                          gsize *out_len, GError **error)
{
	const char *end = NULL;

	if (!check_text(name, data, len, error))
		return NULL;
	if (g_utf8_validate_len((const char *)data, len, &end)) {
		*out_len = len;
		return len ? g_strndup((const char *)data, len) : g_strdup("");
	}
	gsize bad = (const guint8 *)end - data, written = 0;
	/* Valid UTF-8 letters before the bad byte: a broken UTF-8 file, not CP932. */
	bool utf8_before = false;
	for (gsize i = 0; i < bad && !utf8_before; i++)
		utf8_before = data[i] >= 0x80;
	g_autofree char *cp932 = utf8_before ? NULL
	                                     : g_convert((const char *)data, len, "UTF-8", "CP932",
	                                                 NULL, &written, NULL);
	if (cp932 && strlen(cp932) == written && plausible_japanese(cp932)) {
		*encoding = "CP932";
		*out_len = written;
		return g_steal_pointer(&cp932);
	}
	g_set_error(error, DESK_ENCODING_ERROR, DESK_ENCODING_ERROR_INVALID,
	            "%s:%u: byte 0x%02X is not valid UTF-8, and the file is not Shift_JIS/CP932 "
	            "either; save it as CSV UTF-8",
	            name, line_at(data, bad, 1, false), data[bad]);
	return NULL;
}

char *desk_encoding_decode(const char *name, const guint8 *data, gsize len, const char **encoding,
                           gsize *out_len, GError **error)
{
	g_return_val_if_fail(data != NULL || len == 0, NULL);

	const char *enc = "UTF-8";
	gsize n = 0;
	char *text;

	name = name ? name : "(input)";
	if (len >= 2 && (data[0] == 0xff && data[1] == 0xfe)) {
		enc = "UTF-16LE";
		text = decode_utf16(name, data + 2, len - 2, false, &n, error);
	} else if (len >= 2 && (data[0] == 0xfe && data[1] == 0xff)) {
		enc = "UTF-16BE";
		text = decode_utf16(name, data + 2, len - 2, true, &n, error);
	} else if (utf16_without_bom(data, len)) {
		bool big_endian = utf16_without_bom(data, len) == 'B';
		enc = big_endian ? "UTF-16BE" : "UTF-16LE";
		text = decode_utf16(name, data, len, big_endian, &n, error);
	} else if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		enc = "UTF-8 BOM";
		text = decode_bytes(name, data + 3, len - 3, &enc, &n, error);
	} else {
		text = decode_bytes(name, data, len, &enc, &n, error);
	}
	if (!text)
		return NULL;
	if (encoding)
		*encoding = enc;
	if (out_len)
		*out_len = n;
	return text;
}

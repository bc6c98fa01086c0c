/* encoding.h: turning roster bytes (UTF-8, UTF-16 with BOM, CP932) into UTF-8 text. */
#pragma once

#include <glib.h>

typedef enum {
	DESK_ENCODING_ERROR_BINARY,  /* NUL bytes, control characters, a zip or PDF */
	DESK_ENCODING_ERROR_INVALID, /* bytes that fit no supported encoding */
} desk_encoding_error_t;
#define DESK_ENCODING_ERROR (desk_encoding_error_quark())
GQuark desk_encoding_error_quark(void);

/* Decodes @data (@len bytes) to NUL-terminated UTF-8 without a BOM.
 * Detection: a BOM (UTF-8, UTF-16LE, UTF-16BE) wins; then UTF-16 without a
 * BOM when nearly every other byte of the start is 0; otherwise valid UTF-8;
 * otherwise CP932 (Shift_JIS as Windows writes it) when the result looks like
 * Japanese text. @encoding receives a static name ("UTF-8", "UTF-8 BOM",
 * "UTF-16LE", "UTF-16BE", "CP932"); @out_len the length in bytes. Returns a
 * new string (g_free) or NULL with @error as "NAME:LINE: message" (NAME: for
 * binary files). Outputs are written only on success. */
char *desk_encoding_decode(const char *name, const guint8 *data, gsize len, const char **encoding,
                           gsize *out_len, GError **error);

/* http.h: JSON request and response helpers for the HTTP API (libsoup-3 server messages). */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdbool.h>

/* Request bodies larger than this are refused with 413. */
#define DESK_HTTP_BODY_LIMIT (64 * 1024)

/* Sends @node (taken; NULL sends {}) as the JSON response with @status and
 * Cache-Control: no-store. */
void desk_http_send_json(SoupServerMessage *msg, guint status, JsonNode *node);

/* Sends {"error": {"code", "message", "field"}} with @status. @field may be NULL. */
void desk_http_send_error(SoupServerMessage *msg, guint status, const char *code, const char *field,
                          const char *fmt, ...) G_GNUC_PRINTF(5, 6);

/* Parses the request body as a JSON object. On any problem (too large, not
 * UTF-8, malformed, not an object) sends the 4xx error itself and returns
 * NULL; otherwise returns a new reference (json_object_unref). */
JsonObject *desk_http_read_object(SoupServerMessage *msg);

/* The checks and parse behind desk_http_read_object(), on @length bytes of
 * @data (NULL-able when 0): the body must be at most DESK_HTTP_BODY_LIMIT
 * bytes of UTF-8 JSON, an object, with no \u0000 escapes. Returns a new
 * reference, or NULL with *@status, *@code (static) and @error set. */
JsonObject *desk_http_parse_object(const char *data, gsize length, guint *status, const char **code,
                                   GError **error);

/* Typed member access for validated input. Each returns false after sending
 * a 422 (wrong type, too long, not allowed) or 400 error naming @field; on
 * success *@out is written (borrowed from @obj; NULL when absent and not
 * @required). Strings must be valid UTF-8 of at most @max_chars characters
 * with no control characters. */
bool desk_http_get_string(SoupServerMessage *msg, JsonObject *obj, const char *field,
                          guint max_chars, bool required, const char **out);
bool desk_http_get_bool(SoupServerMessage *msg, JsonObject *obj, const char *field, bool def,
                        bool *out);

/* Validates untrusted text: UTF-8, at most @max_chars characters, no
 * control characters (tab and newline excluded only when @multiline). */
bool desk_http_text_ok(const char *text, guint max_chars, bool multiline);

/* The value of cookie @name in @msg's request (new string), or NULL. */
char *desk_http_cookie(SoupServerMessage *msg, const char *name);

/* Whether the client is on this machine (127.0.0.0/8 or ::1). */
bool desk_http_client_loopback(SoupServerMessage *msg);

/* The client's IP address as text (g_free), or "unknown". */
char *desk_http_client_address(SoupServerMessage *msg);

/* JsonBuilder members: a string (NULL becomes null), an integer, a boolean. */
void desk_json_add_str(JsonBuilder *b, const char *name, const char *value);
void desk_json_add_int(JsonBuilder *b, const char *name, gint64 value);
void desk_json_add_bool(JsonBuilder *b, const char *name, bool value);

/* http.c: JSON request and response helpers for the HTTP API. */
#include <string.h>

#include "http.h"

void desk_http_send_json(SoupServerMessage *msg, guint status, JsonNode *node)
{
	g_autoptr(JsonGenerator) gen = json_generator_new();
	if (!node) {
		node = json_node_new(JSON_NODE_OBJECT);
		json_node_take_object(node, json_object_new());
	}
	json_generator_set_root(gen, node);
	json_node_unref(node);
	gsize length = 0;
	char *text = json_generator_to_data(gen, &length);
	SoupMessageHeaders *headers = soup_server_message_get_response_headers(msg);
	soup_message_headers_replace(headers, "Cache-Control", "no-store");
	soup_message_headers_replace(headers, "X-Content-Type-Options", "nosniff");
	soup_server_message_set_status(msg, status, NULL);
	soup_server_message_set_response(msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE,
	                                 text, length);
}

void desk_http_send_error(SoupServerMessage *msg, guint status, const char *code, const char *field,
                          const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *message = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "error");
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "code");
	json_builder_add_string_value(b, code);
	json_builder_set_member_name(b, "message");
	json_builder_add_string_value(b, message);
	if (field) {
		json_builder_set_member_name(b, "field");
		json_builder_add_string_value(b, field);
	}
	json_builder_end_object(b);
	json_builder_end_object(b);
	desk_http_send_json(msg, status, json_builder_get_root(b));
}

/* Whether JSON text @data has a \u0000 escape: json-glib keeps the string, but C sees it
 * end there ("secret\u0000anything" would be read as "secret"). */
static bool has_nul_escape(const char *data, gsize length)
{
	for (const char *p = data; (p = memchr(p, '\\', length - (gsize)(p - data)));) {
		gsize run = 0;
		while (p + run < data + length && p[run] == '\\')
			run++;
		p += run;
		if (run % 2 && length - (gsize)(p - data) >= 5 &&
		    g_ascii_strncasecmp(p, "u0000", 5) == 0)
			return true;
	}
	return false;
}

JsonObject *desk_http_read_object(SoupServerMessage *msg)
{
	SoupMessageBody *body = soup_server_message_get_request_body(msg);
	g_autoptr(GBytes) bytes = soup_message_body_flatten(body);
	gsize length = 0;
	const char *data = g_bytes_get_data(bytes, &length);
	if (length > DESK_HTTP_BODY_LIMIT) {
		desk_http_send_error(msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large", NULL,
		                     "request body over %d bytes", DESK_HTTP_BODY_LIMIT);
		return NULL;
	}
	if (length == 0 || !g_utf8_validate_len(data, length, NULL)) {
		desk_http_send_error(msg, SOUP_STATUS_BAD_REQUEST, length ? "bad_utf8" : "bad_json",
		                     NULL,
		                     length ? "request body is not valid UTF-8"
		                            : "request body is empty; expected a JSON object");
		return NULL;
	}
	if (has_nul_escape(data, length)) {
		desk_http_send_error(msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "bad_value", NULL,
		                     "text must not contain NUL characters (\\u0000)");
		return NULL;
	}
	g_autoptr(JsonParser) parser = json_parser_new_immutable();
	g_autoptr(GError) error = NULL;
	if (!json_parser_load_from_data(parser, data, (gssize)length, &error)) {
		desk_http_send_error(msg, SOUP_STATUS_BAD_REQUEST, "bad_json", NULL, "%s",
		                     error->message);
		return NULL;
	}
	JsonNode *root = json_parser_get_root(parser);
	if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
		desk_http_send_error(msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "bad_type", NULL,
		                     "expected a JSON object");
		return NULL;
	}
	return json_object_ref(json_node_get_object(root));
}

bool desk_http_text_ok(const char *text, guint max_chars, bool multiline)
{
	const char *end = NULL;
	if (!g_utf8_validate(text, -1, &end))
		return false;
	guint n = 0;
	for (const char *p = text; *p; p = g_utf8_next_char(p), n++) {
		gunichar c = g_utf8_get_char(p);
		if (n >= max_chars)
			return false;
		if ((c < 0x20 || (c >= 0x7f && c < 0xa0)) &&
		    !(multiline && (c == '\n' || c == '\t')))
			return false;
	}
	return true;
}

bool desk_http_get_string(SoupServerMessage *msg, JsonObject *obj, const char *field,
                          guint max_chars, bool required, const char **out)
{
	JsonNode *node = json_object_get_member(obj, field);
	if (!node || JSON_NODE_HOLDS_NULL(node)) {
		if (required) {
			desk_http_send_error(msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "missing",
			                     field, "%s is required", field);
			return false;
		}
		*out = NULL;
		return true;
	}
	if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING) {
		desk_http_send_error(msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "bad_type", field,
		                     "%s must be a string", field);
		return false;
	}
	const char *s = json_node_get_string(node);
	if (!desk_http_text_ok(s, max_chars, false)) {
		desk_http_send_error(msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "bad_value", field,
		                     "%s must be text of at most %u characters without control "
		                     "characters",
		                     field, max_chars);
		return false;
	}
	*out = s;
	return true;
}

bool desk_http_get_bool(SoupServerMessage *msg, JsonObject *obj, const char *field, bool def,
                        bool *out)
{
	JsonNode *node = json_object_get_member(obj, field);
	if (!node || JSON_NODE_HOLDS_NULL(node)) {
		*out = def;
		return true;
	}
	if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_BOOLEAN) {
		desk_http_send_error(msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "bad_type", field,
		                     "%s must be true or false", field);
		return false;
	}
	*out = json_node_get_boolean(node);
	return true;
}

char *desk_http_client_address(SoupServerMessage *msg)
{
	GSocketAddress *addr = soup_server_message_get_remote_address(msg);
	if (!addr || !G_IS_INET_SOCKET_ADDRESS(addr))
		return g_strdup("unknown");
	GInetAddress *inet = g_inet_socket_address_get_address(G_INET_SOCKET_ADDRESS(addr));
	return g_inet_address_to_string(inet);
}

void desk_json_add_str(JsonBuilder *b, const char *name, const char *value)
{
	json_builder_set_member_name(b, name);
	if (value)
		json_builder_add_string_value(b, value);
	else
		json_builder_add_null_value(b);
}

void desk_json_add_int(JsonBuilder *b, const char *name, gint64 value)
{
	json_builder_set_member_name(b, name);
	json_builder_add_int_value(b, value);
}

void desk_json_add_bool(JsonBuilder *b, const char *name, bool value)
{
	json_builder_set_member_name(b, name);
	json_builder_add_boolean_value(b, value);
}

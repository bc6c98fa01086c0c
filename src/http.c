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

/* Whether every string and member name under @root is valid UTF-8: json-glib turns a lone
 * surrogate escape ("\ude00") into bytes that are not. Iterative: bodies may nest deeply. */
static bool strings_valid(JsonNode *root)
{
	g_autoptr(GPtrArray) todo = g_ptr_array_new();
	g_ptr_array_add(todo, root);
	while (todo->len) {
		JsonNode *node = g_ptr_array_steal_index_fast(todo, todo->len - 1);
		if (JSON_NODE_HOLDS_OBJECT(node)) {
			JsonObjectIter it;
			const char *name;
			JsonNode *member;
			json_object_iter_init(&it, json_node_get_object(node));
			while (json_object_iter_next(&it, &name, &member)) {
				if (!g_utf8_validate(name, -1, NULL))
					return false;
				g_ptr_array_add(todo, member);
			}
		} else if (JSON_NODE_HOLDS_ARRAY(node)) {
			JsonArray *array = json_node_get_array(node);
			for (guint i = 0; i < json_array_get_length(array); i++)
				g_ptr_array_add(todo, json_array_get_element(array, i));
		} else if (JSON_NODE_HOLDS_VALUE(node) &&
		           json_node_get_value_type(node) == G_TYPE_STRING &&
		           !g_utf8_validate(json_node_get_string(node), -1, NULL)) {
			return false;
		}
	}
	return true;
}

/* Sets the problem of a body that cannot be used. */
static JsonObject *body_problem(guint *status, const char **code, guint st, const char *c,
                                GError **error, const char *message)
{
	*status = st;
	*code = c;
	g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, message);
	return NULL;
}

JsonObject *desk_http_parse_object(const char *data, gsize length, guint *status, const char **code,
                                   GError **error)
{
	g_return_val_if_fail(status && code, NULL);
	if (length > DESK_HTTP_BODY_LIMIT)
		return body_problem(status, code, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
		                    error, "request body over 65536 bytes");
	if (length == 0)
		return body_problem(status, code, SOUP_STATUS_BAD_REQUEST, "bad_json", error,
		                    "request body is empty; expected a JSON object");
	if (!g_utf8_validate_len(data, length, NULL))
		return body_problem(status, code, SOUP_STATUS_BAD_REQUEST, "bad_utf8", error,
		                    "request body is not valid UTF-8");
	if (has_nul_escape(data, length))
		return body_problem(status, code, SOUP_STATUS_UNPROCESSABLE_ENTITY, "bad_value",
		                    error, "text must not contain NUL characters (\\u0000)");
	g_autoptr(JsonParser) parser = json_parser_new_immutable();
	g_autoptr(GError) local = NULL;
	if (!json_parser_load_from_data(parser, data, (gssize)length, &local))
		return body_problem(status, code, SOUP_STATUS_BAD_REQUEST, "bad_json", error,
		                    local->message);
	JsonNode *root = json_parser_get_root(parser);
	if (!root || !JSON_NODE_HOLDS_OBJECT(root))
		return body_problem(status, code, SOUP_STATUS_UNPROCESSABLE_ENTITY, "bad_type",
		                    error, "expected a JSON object");
	if (!strings_valid(root))
		return body_problem(status, code, SOUP_STATUS_BAD_REQUEST, "bad_utf8", error,
		                    "request body has a \\u escape that is not a character "
		                    "(a lone surrogate)");
	return json_object_ref(json_node_get_object(root));
}

JsonObject *desk_http_read_object(SoupServerMessage *msg)
{
	SoupMessageBody *body = soup_server_message_get_request_body(msg);
	g_autoptr(GBytes) bytes = soup_message_body_flatten(body);
	gsize length = 0;
	const char *data = g_bytes_get_data(bytes, &length);
	guint status = 0;
	const char *code = NULL;
	g_autoptr(GError) error = NULL;
	JsonObject *obj = desk_http_parse_object(data, length, &status, &code, &error);
	if (!obj)
		desk_http_send_error(msg, status, code, NULL, "%s", error->message);
	return obj;
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

char *desk_http_cookie(SoupServerMessage *msg, const char *name)
{
	const char *header =
	    soup_message_headers_get_list(soup_server_message_get_request_headers(msg), "Cookie");
	if (!header)
		return NULL;
	GHashTable *pairs = soup_header_parse_semi_param_list(header);
	const char *value = g_hash_table_lookup(pairs, name);
	char *copy = value && *value ? g_strdup(value) : NULL;
	soup_header_free_param_list(pairs);
	return copy;
}

bool desk_http_client_loopback(SoupServerMessage *msg)
{
	GSocketAddress *addr = soup_server_message_get_remote_address(msg);
	return addr && G_IS_INET_SOCKET_ADDRESS(addr) &&
	       g_inet_address_get_is_loopback(
	           g_inet_socket_address_get_address(G_INET_SOCKET_ADDRESS(addr)));
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

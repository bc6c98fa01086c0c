/* fuzz-json.c: libFuzzer harness for HTTP JSON request bodies: the checks and parse every
 * endpoint's body goes through, then the text checks every string member meets. */
#include "fuzz.h"
#include "http.h"

const char *const desk_fuzz_inputs[] = {"tests/data/fuzz/json", "tests/fuzz/seeds/json", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	guint status = 0;
	const char *code = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) obj =
	    desk_http_parse_object((const char *)data, size, &status, &code, &error);
	if (!obj) {
		g_assert_true(status >= 400 && status < 500 && code && error);
		return 0;
	}
	JsonObjectIter it;
	const char *name;
	JsonNode *node;
	json_object_iter_init(&it, obj);
	while (json_object_iter_next(&it, &name, &node)) {
		g_assert_true(g_utf8_validate(name, -1, NULL));
		if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
			continue;
		const char *value = json_node_get_string(node);
		g_assert_true(g_utf8_validate(value, -1, NULL));
		desk_http_text_ok(value, 100, false);
	}
	return 0;
}

/* fuzz-template.c: libFuzzer harness for "{field|filter}" templates: validate, then expand. */
#include <string.h>

#include "fuzz.h"
#include "template.h"

const char *const desk_fuzz_inputs[] = {"tests/data/fuzz/template", "tests/fuzz/seeds/template",
                                        NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autofree char *tmpl = g_strndup((const char *)data, size);
	if (!g_utf8_validate(tmpl, -1, NULL))
		return 0; /* layouts are UTF-8 JSON: templates always are */
	g_autoptr(GPtrArray) custom = g_ptr_array_new();
	g_ptr_array_add(custom, "T-shirt");
	g_autoptr(GError) error = NULL;
	gsize offset = G_MAXSIZE;
	if (!desk_template_validate(tmpl, custom, &offset, &error)) {
		g_assert_nonnull(error);
		g_assert_cmpuint(offset, <=, strlen(tmpl));
		return 0;
	}
	g_autoptr(GHashTable) fields = desk_fields_new();
	g_hash_table_insert(fields, g_strdup("first_name"), g_strdup("José Ñandú"));
	g_hash_table_insert(fields, g_strdup("last_name"), g_strdup("山田"));
	g_hash_table_insert(fields, g_strdup("company"), g_strdup(tmpl));
	g_hash_table_insert(fields, g_strdup("T-shirt"), g_strdup(""));
	g_autofree char *out = desk_template_expand(tmpl, fields);
	g_assert_nonnull(out);
	g_assert_true(g_utf8_validate(out, -1, NULL));
	return 0;
}

/* template.c: TEMPORARY local stub until the layout engineer's template.c lands (not committed). */
#include <string.h>
#include "template.h"

GHashTable *desk_fields_new(void)
{
	return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

char *desk_template_expand(const char *tmpl, GHashTable *fields)
{
	GString *out = g_string_new(NULL);
	for (const char *p = tmpl; *p;) {
		if (p[0] == '{' && p[1] == '{') { g_string_append_c(out, '{'); p += 2; continue; }
		if (p[0] == '}' && p[1] == '}') { g_string_append_c(out, '}'); p += 2; continue; }
		if (*p != '{') { g_string_append_c(out, *p++); continue; }
		const char *end = strchr(p, '}');
		if (!end) { g_string_append(out, p); break; }
		g_autofree char *inner = g_strndup(p + 1, end - p - 1);
		char *bar = strchr(inner, '|');
		if (bar) *bar++ = 0;
		const char *v = fields ? g_hash_table_lookup(fields, inner) : NULL;
		if (v && bar && !strcmp(bar, "upper")) { g_autofree char *u = g_utf8_strup(v, -1); g_string_append(out, u); }
		else if (v) g_string_append(out, v);
		p = end + 1;
	}
	return g_string_free(out, FALSE);
}

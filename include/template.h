/* template.h: attendee fields and the "{field|filter}" templates that layouts fill in. */
#pragma once

#include <glib.h>
#include <stdbool.h>

/* Fields are a GHashTable of char * name -> char * value (both owned by the
 * table). Missing fields expand to "". */

/* The standard field names, NULL-terminated; borrowed, static. */
const char *const *desk_fields_standard(void);

/* A new empty field table (g_str_hash, g_free for keys and values). */
GHashTable *desk_fields_new(void);

/* Expands @tmpl with @fields. "{{" and "}}" are literal braces. Filters:
 * upper, lower, initial, first, last (see docs/layouts.md). Returns a new
 * string (g_free). Never fails: the template was validated at load time. */
char *desk_template_expand(const char *tmpl, GHashTable *fields);

/* Checks @tmpl's syntax, field names (standard ones or @custom_fields, a
 * NULL-able array of char *) and filters. On failure sets @error to a
 * message naming the offending field and returns false; *@offset (if not
 * NULL) receives the byte offset of the problem within @tmpl. */
bool desk_template_validate(const char *tmpl, const GPtrArray *custom_fields, gsize *offset,
                            GError **error);

/* layout-read.c: positioned messages and typed readers for layout JSON members. */
#include <math.h>
#include <string.h>

#include "layout-internal.h"
#include "template.h"
#include "units.h"

/* ---- messages ----------------------------------------------------------------- */

static void add_message(layout_ctx_t *ctx, desk_jsonpos_at_t at, bool warning, const char *fmt,
                        va_list args) G_GNUC_PRINTF(4, 0);

static void add_message(layout_ctx_t *ctx, desk_jsonpos_at_t at, bool warning, const char *fmt,
                        va_list args)
{
	layout_msg_t *msg = g_new0(layout_msg_t, 1);
	msg->line = at.line;
	msg->column = at.column;
	msg->warning = warning;
	msg->text = g_strdup_vprintf(fmt, args);
	g_ptr_array_add(ctx->messages, msg);
	if (!warning)
		ctx->n_errors++;
}

void lctx_error(layout_ctx_t *ctx, const char *jpath, bool key, const char *fmt, ...)
{
	va_list args;
	va_start(args, fmt);
	add_message(ctx, desk_jsonpos_get(ctx->pos, jpath, key), false, fmt, args);
	va_end(args);
}

void lctx_warning(layout_ctx_t *ctx, const char *jpath, bool key, const char *fmt, ...)
{
	va_list args;
	va_start(args, fmt);
	add_message(ctx, desk_jsonpos_get(ctx->pos, jpath, key), true, fmt, args);
	va_end(args);
}

void lctx_error_at(layout_ctx_t *ctx, desk_jsonpos_at_t at, const char *fmt, ...)
{
	va_list args;
	va_start(args, fmt);
	add_message(ctx, at, false, fmt, args);
	va_end(args);
}

char *lctx_path(const char *parent, const char *key)
{
	return (parent && *parent) ? g_strconcat(parent, "/", key, NULL) : g_strdup(key);
}

/* ---- helpers ------------------------------------------------------------------ */

static const char *type_name(JsonNode *node)
{
	switch (json_node_get_node_type(node)) {
	case JSON_NODE_OBJECT:
		return "an object";
	case JSON_NODE_ARRAY:
		return "a list";
	case JSON_NODE_NULL:
		return "null";
	default:
		break;
	}
	GType type = json_node_get_value_type(node);
	if (type == G_TYPE_STRING)
		return "a string";
	if (type == G_TYPE_BOOLEAN)
		return "true/false";
	return "a number";
}

static bool is_number(JsonNode *node)
{
	if (!JSON_NODE_HOLDS_VALUE(node))
		return false;
	GType type = json_node_get_value_type(node);
	return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/* @key's value, or NULL when absent. */
static JsonNode *member(JsonObject *obj, const char *key)
{
	return json_object_has_member(obj, key) ? json_object_get_member(obj, key) : NULL;
}

static bool wrong_type(layout_ctx_t *ctx, const char *jpath, const char *key, JsonNode *node,
                       const char *want)
{
	g_autofree char *path = lctx_path(jpath, key);
	lctx_error(ctx, path, false, "\"%s\" must be %s, not %s", key, want, type_name(node));
	return false;
}

/* ---- readers ------------------------------------------------------------------ */

/* Edit distance between two short ASCII keys, capped at 3. */
static int key_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int row[33];

	if (la > 32 || lb > 32)
		return 3;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int cost = g_ascii_tolower(a[i - 1]) == g_ascii_tolower(b[j - 1]) ? 0 : 1;
			row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1), diag + cost);
			diag = up;
		}
	}
	return MIN(row[lb], 3);
}

/* The allowed key closest to @name, if it is a likely typo. */
static const char *suggest_key(const char *name, const char *const *allowed)
{
	const char *best = NULL;
	int best_distance = 3;

	for (const char *const *a = allowed; *a; a++) {
		int d = key_distance(name, *a);
		if (d < best_distance && d < (int)strlen(*a)) {
			best = *a;
			best_distance = d;
		}
	}
	return best;
}

bool lread_keys(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *where,
                const char *const *allowed)
{
	g_autoptr(GList) names = json_object_get_members(obj);
	bool ok = true;

	for (GList *l = names; l; l = l->next) {
		const char *name = l->data;
		bool known = strcmp(name, "comment") == 0;
		for (const char *const *a = allowed; *a && !known; a++)
			known = strcmp(*a, name) == 0;
		if (!known) {
			g_autofree char *path = lctx_path(jpath, name);
			const char *hint = suggest_key(name, allowed);
			if (hint)
				lctx_error(ctx, path, true,
				           "unknown key \"%s\" in %s (did you mean \"%s\"?)", name,
				           where, hint);
			else
				lctx_error(ctx, path, true, "unknown key \"%s\" in %s", name,
				           where);
			ok = false;
		}
	}
	return ok;
}

bool lread_string(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key,
                  const char **out)
{
	JsonNode *node = member(obj, key);
	if (!node)
		return false;
	if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
		return wrong_type(ctx, jpath, key, node, "a string");
	*out = json_node_get_string(node);
	return true;
}

bool lread_length(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key,
                  const char *bare_unit, double *out)
{
	JsonNode *node = member(obj, key);
	g_autofree char *path = lctx_path(jpath, key);
	g_autoptr(GError) error = NULL;
	double value = 0;

	if (!node)
		return false;
	if (is_number(node)) {
		if (!desk_units_convert(json_node_get_double(node), bare_unit, &value)) {
			lctx_error(ctx, path, false, "\"%s\": number out of range", key);
			return false;
		}
	} else if (JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_STRING) {
		if (!desk_units_parse_length(json_node_get_string(node), bare_unit, &value,
		                             &error)) {
			lctx_error(ctx, path, false, "\"%s\": %s", key, error->message);
			return false;
		}
	} else {
		return wrong_type(ctx, jpath, key, node,
		                  "a length (a number, or a string such as \"12.5mm\")");
	}
	if (fabs(value) > 1e5) {
		lctx_error(ctx, path, false, "\"%s\": %s is out of range (at most 35 m)", key,
		           JSON_NODE_HOLDS_VALUE(node) &&
		                   json_node_get_value_type(node) == G_TYPE_STRING
		               ? json_node_get_string(node)
		               : "the number");
		return false;
	}
	*out = value;
	return true;
}

bool lread_number(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key,
                  double min, double max, double *out)
{
	JsonNode *node = member(obj, key);
	if (!node)
		return false;
	if (!is_number(node))
		return wrong_type(ctx, jpath, key, node, "a number");
	double value = json_node_get_double(node);
	if (!isfinite(value) || value < min || value > max) {
		g_autofree char *path = lctx_path(jpath, key);
		lctx_error(ctx, path, false, "\"%s\" must be between %g and %g", key, min, max);
		return false;
	}
	*out = value;
	return true;
}

bool lread_int(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key, int min,
               int max, int *out)
{
	double value = 0;
	if (!lread_number(ctx, obj, jpath, key, min, max, &value))
		return false;
	if (value != floor(value)) {
		g_autofree char *path = lctx_path(jpath, key);
		lctx_error(ctx, path, false, "\"%s\" must be a whole number", key);
		return false;
	}
	*out = (int)value;
	return true;
}

bool lread_enum(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key,
                const char *const *names, int *out)
{
	const char *value = NULL;
	if (!lread_string(ctx, obj, jpath, key, &value))
		return false;
	for (int i = 0; names[i]; i++) {
		if (strcmp(names[i], value) == 0) {
			*out = i;
			return true;
		}
	}
	g_autofree char *list = g_strjoinv(", ", (char **)names);
	g_autofree char *path = lctx_path(jpath, key);
	lctx_error(ctx, path, false, "\"%s\": unknown value \"%s\" (use %s)", key, value, list);
	return false;
}

static bool parse_hex_color(const char *s, desk_color_t *out)
{
	size_t len = strlen(s);
	unsigned v[4] = {0, 0, 0, 255};

	if (s[0] != '#' || (len != 4 && len != 7 && len != 9))
		return false;
	for (size_t i = 1; i < len; i++) {
		if (!g_ascii_isxdigit(s[i]))
			return false;
	}
	for (int c = 0; c < (len == 9 ? 4 : 3); c++) {
		if (len == 4)
			v[c] = g_ascii_xdigit_value(s[1 + c]) * 17;
		else
			v[c] = g_ascii_xdigit_value(s[1 + 2 * c]) * 16 +
			       g_ascii_xdigit_value(s[2 + 2 * c]);
	}
	*out = (desk_color_t){v[0] / 255.0, v[1] / 255.0, v[2] / 255.0, v[3] / 255.0};
	return true;
}

bool lread_color(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key,
                 desk_color_t *out, bool *none)
{
	const char *value = NULL;
	if (!lread_string(ctx, obj, jpath, key, &value))
		return false;
	if (none && strcmp(value, "none") == 0) {
		*none = true;
		return true;
	}
	if (strcmp(value, "black") == 0)
		value = "#000";
	else if (strcmp(value, "white") == 0)
		value = "#fff";
	if (parse_hex_color(value, out))
		return true;
	g_autofree char *path = lctx_path(jpath, key);
	lctx_error(ctx, path, false,
	           "\"%s\": bad colour \"%s\" (use #rgb, #rrggbb, #rrggbbaa, black%s)", key, value,
	           none ? ", white or none" : " or white");
	return false;
}

bool lread_lang(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key, char **out)
{
	const char *value = NULL;
	if (!lread_string(ctx, obj, jpath, key, &value))
		return false;
	if (!g_regex_match_simple("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$", value, 0, 0)) {
		g_autofree char *path = lctx_path(jpath, key);
		lctx_error(ctx, path, false,
		           "\"%s\": \"%s\" is not a language tag such as \"en\" or \"ja\"", key,
		           value);
		return false;
	}
	g_free(*out);
	*out = g_strdup(value);
	return true;
}

bool lread_require(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key,
                   const char *where)
{
	if (json_object_has_member(obj, key))
		return true;
	lctx_error(ctx, jpath, false, "%s: missing \"%s\"", where, key);
	return false;
}

bool lread_template(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key,
                    char **out)
{
	const char *value = NULL;
	g_autoptr(GError) error = NULL;
	gsize offset = 0;

	if (!lread_string(ctx, obj, jpath, key, &value))
		return false;
	if (!desk_template_validate(value, ctx->layout->custom_fields, &offset, &error)) {
		g_autofree char *path = lctx_path(jpath, key);
		lctx_error_at(ctx, desk_jsonpos_get_in_string(ctx->pos, path, offset), "\"%s\": %s",
		              key, error->message);
		return false;
	}
	g_free(*out);
	*out = g_strdup(value);
	return true;
}

bool lread_field_name(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key,
                      char **out)
{
	const char *value = NULL;
	if (!lread_string(ctx, obj, jpath, key, &value))
		return false;
	g_autofree char *tmpl = g_strdup_printf("{%s}", value);
	if (!strpbrk(value, "{}|?!") &&
	    desk_template_validate(tmpl, ctx->layout->custom_fields, NULL, NULL)) {
		g_free(*out);
		*out = g_strdup(value);
		return true;
	}
	g_autofree char *path = lctx_path(jpath, key);
	lctx_error(ctx, path, false, "\"%s\": unknown field \"%s\"", key, value);
	return false;
}

/* layout.c: loading a badge or sticker layout from JSON into the validated model. */
#define _XOPEN_SOURCE 700 /* realpath() */
#include <glib/gstdio.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout-internal.h"
#include "units.h"

#define LAYOUT_ERROR  g_quark_from_static_string("desk-layout-error")
#define MAX_DEPTH     32
#define MAX_FILE_SIZE (4 * 1024 * 1024)

/* ---- the page ------------------------------------------------------------------- */

static const char *const page_keys[] = {"width",  "height",  "media", "orientation",
                                        "margin", "margins", "shape", "corner_radius",
                                        "lang",   NULL};
static const char *const margin_keys[] = {"top", "right", "bottom", "left", NULL};
static const char *const orientations[] = {"portrait", "landscape", NULL};
static const char *const shapes[] = {"rect", "rounded", "round", NULL};

static void parse_margins(layout_ctx_t *ctx, JsonObject *page)
{
	desk_page_t *p = &ctx->layout->page;
	double all = 0;

	if (lread_length(ctx, page, "page", "margin", "mm", &all)) {
		if (all < 0)
			lctx_error(ctx, "page/margin", false, "\"margin\" must not be negative");
		else
			p->margin_top = p->margin_right = p->margin_bottom = p->margin_left = all;
	}
	JsonNode *node = json_object_get_member(page, "margins");
	if (!node)
		return;
	if (!JSON_NODE_HOLDS_OBJECT(node)) {
		lctx_error(ctx, "page/margins", false,
		           "\"margins\" must be an object with top, right, bottom and left");
		return;
	}
	JsonObject *m = json_node_get_object(node);
	double *sides[] = {&p->margin_top, &p->margin_right, &p->margin_bottom, &p->margin_left};
	lread_keys(ctx, m, "page/margins", "page margins", margin_keys);
	for (int i = 0; i < 4; i++) {
		double value = 0;
		if (!lread_length(ctx, m, "page/margins", margin_keys[i], "mm", &value))
			continue;
		if (value < 0) {
			g_autofree char *path = lctx_path("page/margins", margin_keys[i]);
			lctx_error(ctx, path, false, "\"%s\" must not be negative", margin_keys[i]);
		} else {
			*sides[i] = value;
		}
	}
}

/* Errors when "media" and "width"/"height" disagree (by more than ~1 mm). */
static bool media_matches(layout_ctx_t *ctx, const char *media, double w, double h, double mw,
                          double mh)
{
	if ((fabs(w - mw) < 3 && fabs(h - mh) < 3) || (fabs(w - mh) < 3 && fabs(h - mw) < 3))
		return true;
	g_autofree char *ws = desk_units_format_mm(w);
	g_autofree char *hs = desk_units_format_mm(h);
	lctx_error(ctx, "page/width", true, "page size %s x %s does not match media \"%s\"", ws, hs,
	           media);
	return false;
}

static bool orientation_matches(layout_ctx_t *ctx, int orient, double w, double h)
{
	if (!((orient == DESK_ORIENT_PORTRAIT && w > h + 0.01) ||
	      (orient == DESK_ORIENT_LANDSCAPE && h > w + 0.01)))
		return true;
	lctx_error(ctx, "page/orientation", false,
	           "\"orientation\" is \"%s\" but the page is %s than it is %s",
	           orientations[orient], w > h ? "wider" : "taller", w > h ? "tall" : "wide");
	return false;
}

/* Reads "width" and "height"; without them, turns the media size to the
 * orientation. Returns false (reported) when the size cannot be known. */
static bool read_dimensions(layout_ctx_t *ctx, JsonObject *page, bool has_media, double mw,
                            double mh, bool landscape, double *w, double *h)
{
	bool has_w = lread_length(ctx, page, "page", "width", "mm", w);
	bool has_h = lread_length(ctx, page, "page", "height", "mm", h);
	bool given_w = json_object_has_member(page, "width");
	bool given_h = json_object_has_member(page, "height");

	if (has_w && has_h)
		return true;
	if ((given_w && !has_w) || (given_h && !has_h))
		return false; /* already reported */
	if (has_media && !given_w && !given_h) {
		*w = landscape ? MAX(mw, mh) : MIN(mw, mh);
		*h = landscape ? MIN(mw, mh) : MAX(mw, mh);
		return true;
	}
	if (has_media)
		lctx_error(ctx, "page", false,
		           "page: give both \"width\" and \"height\", or neither");
	else
		lctx_error(ctx, "page", false, "page: missing \"%s\" (or give \"media\")",
		           given_w ? "height" : "width");
	return false;
}

/* Width/height from "media" and/or "width"/"height", in designed orientation. */
static bool parse_page_size(layout_ctx_t *ctx, JsonObject *page)
{
	desk_page_t *p = &ctx->layout->page;
	const char *media = NULL;
	double mw = 0, mh = 0, w = 0, h = 0;
	int orient = -1;
	g_autoptr(GError) error = NULL;

	bool has_orient = lread_enum(ctx, page, "page", "orientation", orientations, &orient);
	if (lread_string(ctx, page, "page", "media", &media)) {
		if (!desk_units_parse_media(media, &mw, &mh, &error)) {
			lctx_error(ctx, "page/media", false, "\"media\": %s", error->message);
			return false;
		}
		p->media = g_strdup(media);
	}
	if (!read_dimensions(ctx, page, media != NULL, mw, mh,
	                     has_orient && orient == DESK_ORIENT_LANDSCAPE, &w, &h))
		return false;
	if (w <= 0 || h <= 0) {
		lctx_error(ctx, w <= 0 ? "page/width" : "page/height", false,
		           "\"%s\" must be positive", w <= 0 ? "width" : "height");
		return false;
	}
	if ((media && !media_matches(ctx, media, w, h, mw, mh)) ||
	    (has_orient && !orientation_matches(ctx, orient, w, h)))
		return false;
	p->width = w;
	p->height = h;
	p->orientation =
	    has_orient ? orient : (w > h ? DESK_ORIENT_LANDSCAPE : DESK_ORIENT_PORTRAIT);
	return true;
}

static void check_page(layout_ctx_t *ctx)
{
	desk_page_t *p = &ctx->layout->page;

	if (p->margin_left + p->margin_right >= p->width ||
	    p->margin_top + p->margin_bottom >= p->height)
		lctx_error(ctx, "page/margin", false, "the margins leave no printable area");
	if (p->corner_radius < 0 || p->corner_radius > MIN(p->width, p->height) / 2) {
		g_autofree char *max = desk_units_format_mm(MIN(p->width, p->height) / 2);
		lctx_error(ctx, "page/corner_radius", false,
		           "\"corner_radius\" must be between 0 and %s", max);
	}
}

static void parse_page(layout_ctx_t *ctx, JsonNode *node)
{
	desk_page_t *p = &ctx->layout->page;
	int shape = 0;

	if (!JSON_NODE_HOLDS_OBJECT(node)) {
		lctx_error(ctx, "page", false, "\"page\" must be an object");
		return;
	}
	JsonObject *page = json_node_get_object(node);
	lread_keys(ctx, page, "page", "page", page_keys);
	if (lread_enum(ctx, page, "page", "shape", shapes, &shape))
		p->shape = shape;
	if (!lread_length(ctx, page, "page", "corner_radius", "mm", &p->corner_radius) &&
	    p->shape == DESK_SHAPE_ROUNDED)
		p->corner_radius = desk_units_from_mm(2);
	lread_lang(ctx, page, "page", "lang", &p->lang);
	parse_margins(ctx, page);
	if (parse_page_size(ctx, page))
		check_page(ctx);
}

/* ---- the top level ---------------------------------------------------------------- */

static const char *const top_keys[] = {"name",     "kind",          "description", "page",
                                       "elements", "custom_fields", NULL};
static const char *const kinds[] = {"badge", "sticker", NULL};

static void parse_custom_fields(layout_ctx_t *ctx, JsonNode *node)
{
	if (!JSON_NODE_HOLDS_ARRAY(node)) {
		lctx_error(ctx, "custom_fields", false,
		           "\"custom_fields\" must be a list of field names");
		return;
	}
	JsonArray *array = json_node_get_array(node);
	for (guint i = 0; i < json_array_get_length(array); i++) {
		JsonNode *item = json_array_get_element(array, i);
		g_autofree char *path = g_strdup_printf("custom_fields/%u", i);
		const char *name =
		    JSON_NODE_HOLDS_VALUE(item) && json_node_get_value_type(item) == G_TYPE_STRING
		        ? json_node_get_string(item)
		        : NULL;
		if (!name || !*name || !g_regex_match_simple("^[A-Za-z0-9_-]+$", name, 0, 0)) {
			lctx_error(
			    ctx, path, false,
			    "custom field names are strings of letters, digits, \"_\" and \"-\"");
			continue;
		}
		g_ptr_array_add(ctx->layout->custom_fields, g_strdup(name));
	}
}

static void parse_root(layout_ctx_t *ctx, JsonNode *root)
{
	desk_layout_t *layout = ctx->layout;
	const char *name = NULL;
	int kind = 0;

	if (!JSON_NODE_HOLDS_OBJECT(root)) {
		lctx_error(ctx, "", false, "a layout is a JSON object ({...}), not %s",
		           JSON_NODE_HOLDS_ARRAY(root) ? "a list" : "a single value");
		return;
	}
	JsonObject *obj = json_node_get_object(root);
	lread_keys(ctx, obj, "", "the layout", top_keys);
	if (lread_string(ctx, obj, "", "name", &name))
		layout->name = g_strdup(name);
	const char *description = NULL;
	lread_string(ctx, obj, "", "description", &description);
	if (lread_enum(ctx, obj, "", "kind", kinds, &kind))
		layout->kind = kind;
	if (json_object_has_member(obj, "custom_fields"))
		parse_custom_fields(ctx, json_object_get_member(obj, "custom_fields"));
	if (lread_require(ctx, obj, "", "page", "the layout"))
		parse_page(ctx, json_object_get_member(obj, "page"));
	if (lread_require(ctx, obj, "", "elements", "the layout"))
		lelem_parse_all(ctx, json_object_get_member(obj, "elements"), "elements");
	if (ctx->n_errors == 0)
		lcheck_geometry(ctx);
	if (ctx->n_errors == 0 && ctx->warnings)
		lcheck_qr_modules(ctx);
}

/* ---- running a load ----------------------------------------------------------------- */

static void msg_free(gpointer data)
{
	layout_msg_t *msg = data;
	g_free(msg->text);
	g_free(msg);
}

static gint msg_compare(gconstpointer a, gconstpointer b)
{
	const layout_msg_t *x = *(layout_msg_t *const *)a, *y = *(layout_msg_t *const *)b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	return 0;
}

/* Turns json-glib's "<data>:3:8: Parse error: ..." into a positioned message. */
static void add_syntax_error(layout_ctx_t *ctx, const GError *error)
{
	int line = 1, column = 1, used = 0;
	const char *text = error->message;

	if (g_str_has_prefix(text, "<data>:") &&
	    sscanf(text + 7, "%d:%d: %n", &line, &column, &used) == 2 && used > 0)
		text += 7 + used;
	if (g_str_has_prefix(text, "Parse error: "))
		text += strlen("Parse error: ");
	if (strstr(text, "unknown error")) /* e.g. "6cm" without quotes */
		text =
		    "not a value (write numbers plainly, text in \"quotes\", or true, false, null)";
	lctx_error_at(ctx, (desk_jsonpos_at_t){line, column, 0}, "syntax error: %s", text);
}

/* Adds a precheck error "LINE:COL: message" from jsonpos. */
static void add_precheck_error(layout_ctx_t *ctx, const GError *error)
{
	int line = 1, column = 1, used = 0;
	const char *text = error->message;

	if (sscanf(text, "%d:%d: %n", &line, &column, &used) == 2 && used > 0)
		text += used;
	lctx_error_at(ctx, (desk_jsonpos_at_t){line, column, 0}, "%s", text);
}

static void report_duplicates(layout_ctx_t *ctx)
{
	const GPtrArray *dups = desk_jsonpos_duplicates(ctx->pos);
	for (guint i = 0; dups && i < dups->len; i++) {
		const desk_jsonpos_dup_t *dup = g_ptr_array_index(dups, i);
		const char *slash = strrchr(dup->path, '/');
		lctx_error_at(ctx, dup->at, "duplicate key \"%s\"", slash ? slash + 1 : dup->path);
	}
}

static void ctx_init(layout_ctx_t *ctx, const char *path, const char *root)
{
	char *resolved = NULL;

	memset(ctx, 0, sizeof *ctx);
	ctx->path = path;
	ctx->dir = g_path_get_dirname(path);
	resolved = realpath(root ? root : ctx->dir, NULL);
	ctx->root = resolved ? g_strdup(resolved) : NULL;
	free(resolved);
	ctx->messages = g_ptr_array_new_with_free_func(msg_free);
	ctx->layout = g_new0(desk_layout_t, 1);
	ctx->layout->path = g_strdup(path);
	ctx->layout->elements = g_ptr_array_new_with_free_func((GDestroyNotify)lelem_free);
	ctx->layout->custom_fields = g_ptr_array_new_with_free_func(g_free);
}

static void ctx_finish(layout_ctx_t *ctx)
{
	g_free(ctx->dir);
	g_free(ctx->root);
	desk_jsonpos_free(ctx->pos);
	g_ptr_array_unref(ctx->messages);
	desk_layout_free(ctx->layout);
}

/* Parses and validates @data into ctx->layout, collecting every message. */
static void run(layout_ctx_t *ctx, const char *data, gsize length)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonParser) parser = NULL;

	if (length >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { /* a UTF-8 byte order mark */
		data += 3;
		length -= 3;
	}
	ctx->pos = desk_jsonpos_new(data, length, MAX_DEPTH, &error);
	if (!ctx->pos) {
		add_precheck_error(ctx, error);
		return;
	}
	parser = json_parser_new_immutable();
	if (!json_parser_load_from_data(parser, data, length, &error)) {
		desk_jsonpos_at_t end;
		if (desk_jsonpos_truncated(ctx->pos, &end))
			lctx_error_at(ctx, end,
			              "the file ends in the middle of a value (truncated?)");
		else
			add_syntax_error(ctx, error);
		return;
	}
	JsonNode *root = json_parser_get_root(parser);
	if (!root) {
		lctx_error(ctx, "", false, "the file is empty");
		return;
	}
	report_duplicates(ctx);
	parse_root(ctx, root);
	if (!ctx->layout->name)
		ctx->layout->name = g_path_get_basename(ctx->path);
	g_ptr_array_sort(ctx->messages, msg_compare);
}

static char *format_msg(const char *path, const layout_msg_t *msg)
{
	return g_strdup_printf("%s:%d:%d: %s%s", path, msg->line, msg->column,
	                       msg->warning ? "warning: " : "", msg->text);
}

/* ---- public ------------------------------------------------------------------------ */

desk_layout_t *desk_layout_load_data(const char *data, gsize length, const char *path,
                                     const char *layouts_root, GError **error)
{
	layout_ctx_t ctx;

	g_return_val_if_fail(data != NULL || length == 0, NULL);
	g_return_val_if_fail(path != NULL, NULL);
	ctx_init(&ctx, path, layouts_root);
	run(&ctx, data ? data : "", length);
	desk_layout_t *result = NULL;
	for (guint i = 0; i < ctx.messages->len; i++) {
		layout_msg_t *msg = g_ptr_array_index(ctx.messages, i);
		if (!msg->warning) {
			g_autofree char *text = format_msg(path, msg);
			g_set_error_literal(error, LAYOUT_ERROR, 1, text);
			break;
		}
	}
	if (ctx.n_errors == 0)
		result = g_steal_pointer(&ctx.layout);
	ctx_finish(&ctx);
	return result;
}

static bool read_file(const char *path, char **data, gsize *length, GError **error)
{
	g_autoptr(GError) local = NULL;
	GStatBuf st;

	if (g_stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > MAX_FILE_SIZE) {
		g_set_error(error, LAYOUT_ERROR, 2, "%s:1:1: the file is larger than 4 MB", path);
		return false;
	}
	if (!g_file_get_contents(path, data, length, &local)) {
		g_set_error(error, LAYOUT_ERROR, 2, "%s:1:1: %s", path, local->message);
		return false;
	}
	return true;
}

desk_layout_t *desk_layout_load(const char *path, const char *layouts_root, GError **error)
{
	g_autofree char *data = NULL;
	gsize length = 0;

	g_return_val_if_fail(path != NULL, NULL);
	if (!read_file(path, &data, &length, error))
		return NULL;
	return desk_layout_load_data(data, length, path, layouts_root, error);
}

bool desk_layout_check_data(const char *data, gsize length, const char *path,
                            const char *layouts_root, GPtrArray *messages)
{
	layout_ctx_t ctx;

	g_return_val_if_fail(data != NULL || length == 0, false);
	g_return_val_if_fail(path != NULL && messages != NULL, false);
	ctx_init(&ctx, path, layouts_root);
	ctx.warnings = true;
	run(&ctx, data ? data : "", length);
	for (guint i = 0; i < ctx.messages->len; i++)
		g_ptr_array_add(messages, format_msg(path, g_ptr_array_index(ctx.messages, i)));
	bool ok = ctx.n_errors == 0;
	ctx_finish(&ctx);
	return ok;
}

bool desk_layout_check(const char *path, const char *layouts_root, GPtrArray *messages)
{
	g_autofree char *data = NULL;
	g_autoptr(GError) error = NULL;
	gsize length = 0;

	g_return_val_if_fail(path != NULL && messages != NULL, false);
	if (!read_file(path, &data, &length, &error)) {
		g_ptr_array_add(messages, g_strdup(error->message));
		return false;
	}
	return desk_layout_check_data(data, length, path, layouts_root, messages);
}

void desk_layout_free(desk_layout_t *layout)
{
	if (!layout)
		return;
	g_free(layout->path);
	g_free(layout->name);
	g_free(layout->page.media);
	g_free(layout->page.lang);
	if (layout->elements)
		g_ptr_array_unref(layout->elements);
	if (layout->custom_fields)
		g_ptr_array_unref(layout->custom_fields);
	g_free(layout);
}

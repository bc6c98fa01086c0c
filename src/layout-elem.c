/* layout-elem.c: the elements of a layout (text, qr, image, rect, ellipse, line) from JSON. */
#include <math.h>
#include <string.h>

#include "layout-internal.h"
#include "units.h"

#define MAX_ELEMENTS 500

typedef void (*elem_parse_fn)(layout_ctx_t *ctx, JsonObject *obj, const char *jpath,
                              desk_element_t *element, const char *where);

typedef struct {
	const char *type;
	desk_element_kind_t kind;
	const char *const *keys; /* besides the common ones */
	elem_parse_fn parse;
} elem_impl_t;

static const char *const common_keys[] = {"type", "id", "x", "y", "w", "h", "rotation", "if", NULL};

static const char *const type_names[] = {"text", "qr", "image", "rect", "ellipse", "line"};

char *lelem_describe(const desk_element_t *element, guint index)
{
	const char *type = element->kind < DESK_ELEM_N_KINDS ? type_names[element->kind] : "?";
	if (element->id)
		return g_strdup_printf("element %u (%s \"%s\")", index + 1, type, element->id);
	return g_strdup_printf("element %u (%s)", index + 1, type);
}

void lelem_free(desk_element_t *element)
{
	if (!element)
		return;
	g_free(element->id);
	g_free(element->if_field);
	g_free(element->text.template);
	g_free(element->text.font_family);
	g_free(element->text.lang);
	g_free(element->qr.template);
	g_free(element->image.path);
	g_free(element);
}

/* ---- text ------------------------------------------------------------------------ */

static const char *const text_keys[] = {"text",  "font",  "weight", "style", "size", "min_size",
                                        "lines", "align", "valign", "color", "lang", NULL};
static const char *const haligns[] = {"left", "center", "right", NULL};
static const char *const valigns[] = {"top", "middle", "bottom", NULL};
static const char *const styles[] = {"normal", "oblique", "italic", NULL};

static const struct {
	const char *name;
	int weight;
} weight_names[] = {
    {"thin", 100},      {"ultralight", 200}, {"light", 300},    {"normal", 400},
    {"regular", 400},   {"medium", 500},     {"semibold", 600}, {"bold", 700},
    {"ultrabold", 800}, {"heavy", 900},      {"black", 900},
};

static void parse_weight(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, int *weight)
{
	JsonNode *node = json_object_get_member(obj, "weight");
	if (!node)
		return;
	if (JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_STRING) {
		const char *name = json_node_get_string(node);
		for (size_t i = 0; i < G_N_ELEMENTS(weight_names); i++) {
			if (strcmp(name, weight_names[i].name) == 0) {
				*weight = weight_names[i].weight;
				return;
			}
		}
		g_autofree char *path = lctx_path(jpath, "weight");
		lctx_error(
		    ctx, path, false,
		    "\"weight\": unknown weight \"%s\" (use a number 100-1000, \"normal\" or "
		    "\"bold\")",
		    name);
		return;
	}
	lread_int(ctx, obj, jpath, "weight", 100, 1000, weight);
}

static void parse_text(layout_ctx_t *ctx, JsonObject *obj, const char *jpath,
                       desk_element_t *element, const char *where)
{
	desk_text_t *t = &element->text;
	const char *font = NULL;
	int value = 0;

	t->font_family = g_strdup("Noto Sans");
	t->weight = 400;
	t->size = 12;
	t->max_lines = 1;
	t->color = (desk_color_t){0, 0, 0, 1};
	if (lread_require(ctx, obj, jpath, "text", where))
		lread_template(ctx, obj, jpath, "text", &t->template);
	if (lread_string(ctx, obj, jpath, "font", &font)) {
		g_free(t->font_family);
		t->font_family = g_strdup(font);
	}
	parse_weight(ctx, obj, jpath, &t->weight);
	if (lread_enum(ctx, obj, jpath, "style", styles, &value))
		t->style = value;
	bool has_size = lread_length(ctx, obj, jpath, "size", "pt", &t->size);
	if (has_size && (t->size < 1 || t->size > 1000)) {
		g_autofree char *path = lctx_path(jpath, "size");
		lctx_error(ctx, path, false, "\"size\" must be between 1 and 1000 pt");
	}
	t->min_size = t->size;
	double min_size = 0;
	if (lread_length(ctx, obj, jpath, "min_size", "pt", &min_size)) {
		g_autofree char *path = lctx_path(jpath, "min_size");
		if (min_size < 1)
			lctx_error(ctx, path, false, "\"min_size\" must be at least 1 pt");
		else if (min_size > t->size + 1e-9)
			lctx_error(ctx, path, false, "%s: min_size %g is larger than size %g",
			           where, min_size, t->size);
		else
			t->min_size = min_size;
	}
	lread_int(ctx, obj, jpath, "lines", 1, 20, &t->max_lines);
	if (lread_enum(ctx, obj, jpath, "align", haligns, &value))
		t->halign = value;
	if (lread_enum(ctx, obj, jpath, "valign", valigns, &value))
		t->valign = value;
	lread_color(ctx, obj, jpath, "color", &t->color, NULL);
	lread_lang(ctx, obj, jpath, "lang", &t->lang);
}

/* ---- qr -------------------------------------------------------------------------- */

static const char *const qr_keys[] = {"data", "size", "ecc", "color", NULL};
static const char *const ecc_names[] = {"L", "M", "Q", "H", "auto", NULL};

static void parse_qr(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, desk_element_t *element,
                     const char *where)
{
	desk_qr_t *q = &element->qr;
	int ecc = 4;

	q->ecc = -1;
	q->color = (desk_color_t){0, 0, 0, 1};
	if (lread_require(ctx, obj, jpath, "data", where))
		lread_template(ctx, obj, jpath, "data", &q->template);
	if (lread_enum(ctx, obj, jpath, "ecc", ecc_names, &ecc))
		q->ecc = ecc == 4 ? -1 : ecc;
	lread_color(ctx, obj, jpath, "color", &q->color, NULL);
}

/* ---- image ----------------------------------------------------------------------- */

static const char *const image_keys[] = {"src", "fit", NULL};
static const char *const fits[] = {"contain", "cover", NULL};

static void parse_image(layout_ctx_t *ctx, JsonObject *obj, const char *jpath,
                        desk_element_t *element, const char *where)
{
	const char *src = NULL;
	int fit = 0;

	if (lread_require(ctx, obj, jpath, "src", where) &&
	    lread_string(ctx, obj, jpath, "src", &src)) {
		g_autofree char *path = lctx_path(jpath, "src");
		lcheck_image_path(ctx, path, src, &element->image.path);
	}
	if (lread_enum(ctx, obj, jpath, "fit", fits, &fit))
		element->image.fit = fit;
}

/* ---- shapes ---------------------------------------------------------------------- */

static const char *const rect_keys[] = {"fill", "stroke", "stroke_width", "corner_radius", NULL};
static const char *const ellipse_keys[] = {"fill", "stroke", "stroke_width", NULL};
static const char *const line_keys[] = {"stroke", "stroke_width", NULL};

static void parse_shape(layout_ctx_t *ctx, JsonObject *obj, const char *jpath,
                        desk_element_t *element, const char *where)
{
	desk_shape_t *s = &element->shape;
	bool none = false;

	(void)where;
	s->stroke = (desk_color_t){0, 0, 0, 1};
	s->stroke_width = 1;
	bool has_fill = lread_color(ctx, obj, jpath, "fill", &s->fill, &none) && !none;
	none = false;
	bool has_stroke = lread_color(ctx, obj, jpath, "stroke", &s->stroke, &none) && !none;
	s->has_fill = has_fill;
	/* Without either, an outline is drawn; a fill alone has no outline. */
	s->has_stroke = has_stroke || (!has_fill && !none && !json_object_has_member(obj, "fill"));
	if (element->kind == DESK_ELEM_LINE)
		s->has_stroke = !none;
	if (lread_length(ctx, obj, jpath, "stroke_width", "mm", &s->stroke_width) &&
	    s->stroke_width <= 0) {
		g_autofree char *path = lctx_path(jpath, "stroke_width");
		lctx_error(ctx, path, false, "\"stroke_width\" must be positive");
	}
	if (lread_length(ctx, obj, jpath, "corner_radius", "mm", &s->corner_radius) &&
	    (s->corner_radius < 0 ||
	     s->corner_radius > MIN(fabs(element->w), fabs(element->h)) / 2)) {
		g_autofree char *path = lctx_path(jpath, "corner_radius");
		lctx_error(ctx, path, false,
		           "\"corner_radius\" must be between 0 and half the box");
	}
}

static const elem_impl_t impls[] = {
    {"text", DESK_ELEM_TEXT, text_keys, parse_text},
    {"qr", DESK_ELEM_QR, qr_keys, parse_qr},
    {"image", DESK_ELEM_IMAGE, image_keys, parse_image},
    {"rect", DESK_ELEM_RECT, rect_keys, parse_shape},
    {"ellipse", DESK_ELEM_ELLIPSE, ellipse_keys, parse_shape},
    {"line", DESK_ELEM_LINE, line_keys, parse_shape},
};

/* ---- the common part -------------------------------------------------------------- */

static const elem_impl_t *find_impl(layout_ctx_t *ctx, JsonObject *obj, const char *jpath,
                                    const char *where)
{
	const char *type = NULL;

	if (!lread_require(ctx, obj, jpath, "type", where) ||
	    !lread_string(ctx, obj, jpath, "type", &type))
		return NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(impls); i++) {
		if (strcmp(impls[i].type, type) == 0)
			return &impls[i];
	}
	g_autofree char *path = lctx_path(jpath, "type");
	lctx_error(ctx, path, false,
	           "%s: unknown type \"%s\" (use text, qr, image, rect, ellipse or line)", where,
	           type);
	return NULL;
}

static void check_keys(layout_ctx_t *ctx, JsonObject *obj, const char *jpath,
                       const elem_impl_t *impl, const char *where)
{
	g_autoptr(GPtrArray) allowed = g_ptr_array_new();
	for (const char *const *k = common_keys; *k; k++)
		g_ptr_array_add(allowed, (gpointer)*k);
	for (const char *const *k = impl->keys; *k; k++)
		g_ptr_array_add(allowed, (gpointer)*k);
	g_ptr_array_add(allowed, NULL);
	lread_keys(ctx, obj, jpath, where, (const char *const *)allowed->pdata);
}

/* A required positive length (w, h) unless @signed_ok (lines). */
static bool read_extent(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key,
                        const char *where, bool signed_ok, double *out)
{
	if (!signed_ok && !lread_require(ctx, obj, jpath, key, where))
		return false;
	if (!lread_length(ctx, obj, jpath, key, "mm", out))
		return false;
	if (!signed_ok && *out <= 0) {
		g_autofree char *path = lctx_path(jpath, key);
		lctx_error(ctx, path, false, "%s: \"%s\" must be positive", where, key);
		return false;
	}
	return true;
}

/* The qr box: "size", or equal "w" and "h". */
static bool read_qr_box(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, desk_element_t *e,
                        const char *where)
{
	bool has_size = json_object_has_member(obj, "size");
	if (has_size && (json_object_has_member(obj, "w") || json_object_has_member(obj, "h"))) {
		g_autofree char *path = lctx_path(jpath, "size");
		lctx_error(ctx, path, true, "%s: give \"size\" or \"w\" and \"h\", not both",
		           where);
		return false;
	}
	if (!has_size) {
		if (!read_extent(ctx, obj, jpath, "w", where, false, &e->w) ||
		    !read_extent(ctx, obj, jpath, "h", where, false, &e->h))
			return false;
		if (fabs(e->w - e->h) > 0.01) {
			g_autofree char *path = lctx_path(jpath, "h");
			g_autofree char *ws = desk_units_format_mm(e->w);
			g_autofree char *hs = desk_units_format_mm(e->h);
			lctx_error(ctx, path, false,
			           "%s: a QR code is square, but w is %s and h is %s", where, ws,
			           hs);
			return false;
		}
		return true;
	}
	if (!read_extent(ctx, obj, jpath, "size", where, false, &e->w))
		return false;
	e->h = e->w;
	return true;
}

static bool read_box(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, desk_element_t *e,
                     const char *where)
{
	bool ok = lread_require(ctx, obj, jpath, "x", where);
	ok = lread_require(ctx, obj, jpath, "y", where) && ok;
	ok = lread_length(ctx, obj, jpath, "x", "mm", &e->x) && ok;
	ok = lread_length(ctx, obj, jpath, "y", "mm", &e->y) && ok;
	if (e->kind == DESK_ELEM_QR)
		return read_qr_box(ctx, obj, jpath, e, where) && ok;
	bool line = e->kind == DESK_ELEM_LINE;
	if (line && !json_object_has_member(obj, "w") && !json_object_has_member(obj, "h")) {
		lctx_error(ctx, jpath, false, "%s: missing \"w\" or \"h\"", where);
		return false;
	}
	ok = read_extent(ctx, obj, jpath, "w", where, line, &e->w) && ok;
	ok = read_extent(ctx, obj, jpath, "h", where, line, &e->h) && ok;
	return ok;
}

static desk_element_t *parse_element(layout_ctx_t *ctx, JsonNode *node, const char *jpath,
                                     guint index)
{
	g_autofree char *where = g_strdup_printf("element %u", index + 1);
	desk_jsonpos_at_t at = desk_jsonpos_get(ctx->pos, jpath, false);
	const char *id = NULL;

	if (!JSON_NODE_HOLDS_OBJECT(node)) {
		lctx_error(ctx, jpath, false, "%s must be an object", where);
		return NULL;
	}
	JsonObject *obj = json_node_get_object(node);
	const elem_impl_t *impl = find_impl(ctx, obj, jpath, where);
	if (!impl)
		return NULL;
	desk_element_t *e = g_new0(desk_element_t, 1);
	e->kind = impl->kind;
	e->line = at.line;
	e->column = at.column;
	if (lread_string(ctx, obj, jpath, "id", &id))
		e->id = g_strdup(id);
	g_free(where);
	where = lelem_describe(e, index);
	check_keys(ctx, obj, jpath, impl, where);
	lread_field_name(ctx, obj, jpath, "if", &e->if_field);
	double rotation = 0;
	if (lread_number(ctx, obj, jpath, "rotation", -360, 360, &rotation))
		e->rotation = rotation;
	read_box(ctx, obj, jpath, e, where);
	impl->parse(ctx, obj, jpath, e, where); /* even after a bad box: report everything */
	return e;
}

void lelem_parse_all(layout_ctx_t *ctx, JsonNode *node, const char *jpath)
{
	if (!JSON_NODE_HOLDS_ARRAY(node)) {
		lctx_error(ctx, jpath, false, "\"elements\" must be a list of objects");
		return;
	}
	JsonArray *array = json_node_get_array(node);
	guint n = json_array_get_length(array);
	if (n > MAX_ELEMENTS) {
		lctx_error(ctx, jpath, false, "too many elements (%u; at most %d)", n,
		           MAX_ELEMENTS);
		return;
	}
	for (guint i = 0; i < n; i++) {
		g_autofree char *path = g_strdup_printf("%s/%u", jpath, i);
		desk_element_t *e = parse_element(ctx, json_array_get_element(array, i), path, i);
		if (e)
			g_ptr_array_add(ctx->layout->elements, e);
	}
}

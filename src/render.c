/* render.c: the renderer and its single draw path, dispatching element kinds by table. */
#include <math.h>
#include <pango/pangocairo.h>

#include "fonts.h"
#include "render-internal.h"

/* ---- the renderer ----------------------------------------------------- */

desk_renderer_t *desk_renderer_new(const char *fonts_dir, GError **error)
{
	PangoFontMap *map = desk_fonts_map_new(fonts_dir, error);
	if (!map)
		return NULL;
	desk_renderer_t *r = g_new0(desk_renderer_t, 1);
	r->font_map = map;
	r->context = pango_font_map_create_context(map);
	/* No hinting and unrounded positions: a layout measures the same in a
	 * PDF, a preview and a 300 dpi raster, so a name that fits one fits all. */
	cairo_font_options_t *opts = cairo_font_options_create();
	cairo_font_options_set_hint_style(opts, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(opts, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(r->context, opts);
	cairo_font_options_destroy(opts);
	pango_cairo_context_set_resolution(r->context, 72);
	pango_context_set_round_glyph_positions(r->context, FALSE);
	r->images =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, desk_render_image_entry_free);
	r->heavy_faces =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, desk_render_heavy_face_free);
	return r;
}

void desk_renderer_free(desk_renderer_t *renderer)
{
	if (!renderer)
		return;
	g_clear_object(&renderer->context);
	g_clear_object(&renderer->font_map);
	g_clear_pointer(&renderer->images, g_hash_table_unref);
	g_clear_pointer(&renderer->heavy_faces, g_hash_table_unref);
	g_clear_pointer(&renderer->raster, cairo_surface_destroy);
	g_free(renderer);
}

char *desk_render_where(const desk_layout_t *layout, const desk_element_t *element)
{
	const char *path = layout && layout->path ? layout->path : "layout";
	if (element->id)
		return g_strdup_printf("%s:%d:%d: element \"%s\": ", path, element->line,
		                       element->column, element->id);
	return g_strdup_printf("%s:%d:%d: ", path, element->line, element->column);
}

/* ---- shapes ----------------------------------------------------------- */

static void paint_shape(cairo_t *cr, const desk_shape_t *s)
{
	if (s->has_fill) {
		cairo_set_source_rgba(cr, s->fill.r, s->fill.g, s->fill.b, s->fill.a);
		cairo_fill_preserve(cr);
	}
	if (s->has_stroke && s->stroke_width > 0) {
		cairo_set_source_rgba(cr, s->stroke.r, s->stroke.g, s->stroke.b, s->stroke.a);
		cairo_set_line_width(cr, s->stroke_width);
		cairo_stroke_preserve(cr);
	}
	cairo_new_path(cr);
}

static void path_rounded_rect(cairo_t *cr, double x, double y, double w, double h, double r)
{
	r = MIN(r, MIN(w, h) / 2);
	if (r <= 0) {
		cairo_rectangle(cr, x, y, w, h);
		return;
	}
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -G_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, G_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, G_PI / 2, G_PI);
	cairo_arc(cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
	cairo_close_path(cr);
}

static void path_ellipse(cairo_t *cr, double x, double y, double w, double h)
{
	if (w <= 0 || h <= 0)
		return;
	cairo_save(cr);
	cairo_translate(cr, x + w / 2, y + h / 2);
	cairo_scale(cr, w / 2, h / 2);
	cairo_new_sub_path(cr);
	cairo_arc(cr, 0, 0, 1, 0, 2 * G_PI);
	cairo_restore(cr);
}

static bool draw_rect(const draw_ctx_t *ctx, const desk_element_t *el, GError **error)
{
	(void)error;
	path_rounded_rect(ctx->cr, el->x, el->y, el->w, el->h, el->shape.corner_radius);
	paint_shape(ctx->cr, &el->shape);
	return true;
}

static bool draw_ellipse(const draw_ctx_t *ctx, const desk_element_t *el, GError **error)
{
	(void)error;
	path_ellipse(ctx->cr, el->x, el->y, el->w, el->h);
	paint_shape(ctx->cr, &el->shape);
	return true;
}

static bool draw_line(const draw_ctx_t *ctx, const desk_element_t *el, GError **error)
{
	desk_shape_t stroke_only = el->shape;
	(void)error;
	stroke_only.has_fill = false;
	cairo_move_to(ctx->cr, el->x, el->y);
	cairo_line_to(ctx->cr, el->x + el->w, el->y + el->h);
	paint_shape(ctx->cr, &stroke_only);
	return true;
}

/* ---- the draw path ---------------------------------------------------- */

typedef bool (*draw_fn_t)(const draw_ctx_t *ctx, const desk_element_t *el, GError **error);

static const draw_fn_t draw_kind[DESK_ELEM_N_KINDS] = {
    [DESK_ELEM_TEXT] = desk_render_text_draw,   [DESK_ELEM_QR] = desk_render_qr_draw,
    [DESK_ELEM_IMAGE] = desk_render_image_draw, [DESK_ELEM_RECT] = draw_rect,
    [DESK_ELEM_ELLIPSE] = draw_ellipse,         [DESK_ELEM_LINE] = draw_line,
};

static bool field_present(GHashTable *fields, const char *name)
{
	const char *value = fields ? g_hash_table_lookup(fields, name) : NULL;
	if (!value)
		return false;
	while (g_ascii_isspace(*value))
		value++;
	return *value != '\0';
}

static bool draw_element(const draw_ctx_t *ctx, const desk_element_t *el, GError **error)
{
	if (el->kind < 0 || el->kind >= DESK_ELEM_N_KINDS || !draw_kind[el->kind])
		return true;
	if (el->if_field && !field_present(ctx->fields, el->if_field))
		return true;
	cairo_t *cr = ctx->cr;
	cairo_save(cr);
	if (el->rotation != 0) {
		double cx = el->x + el->w / 2, cy = el->y + el->h / 2;
		cairo_translate(cr, cx, cy);
		cairo_rotate(cr, el->rotation * G_PI / 180); /* y down: positive is clockwise */
		cairo_translate(cr, -cx, -cy);
	}
	bool ok = draw_kind[el->kind](ctx, el, error);
	cairo_restore(cr);
	return ok;
}

static void clip_page(cairo_t *cr, const desk_page_t *page)
{
	if (page->shape == DESK_SHAPE_ROUND)
		path_ellipse(cr, 0, 0, page->width, page->height);
	else if (page->shape == DESK_SHAPE_ROUNDED)
		path_rounded_rect(cr, 0, 0, page->width, page->height, page->corner_radius);
	else
		cairo_rectangle(cr, 0, 0, page->width, page->height);
	cairo_clip(cr);
}

bool desk_render_draw(desk_renderer_t *renderer, const desk_layout_t *layout, GHashTable *fields,
                      cairo_t *cr, double device_scale, GError **error)
{
	g_return_val_if_fail(renderer && layout && cr, false);
	draw_ctx_t ctx = {renderer, layout, fields, cr, device_scale};
	bool ok = true;

	cairo_save(cr);
	clip_page(cr, &layout->page);
	for (guint i = 0; ok && layout->elements && i < layout->elements->len; i++)
		ok = draw_element(&ctx, g_ptr_array_index(layout->elements, i), error);
	cairo_restore(cr);
	if (ok && cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: drawing failed: %s",
		            layout->path ? layout->path : "layout",
		            cairo_status_to_string(cairo_status(cr)));
		ok = false;
	}
	return ok;
}

bool desk_render_element(desk_renderer_t *renderer, const desk_layout_t *layout,
                         const desk_element_t *element, GHashTable *fields, cairo_t *cr,
                         double device_scale, GError **error)
{
	g_return_val_if_fail(renderer && layout && element && cr, false);
	draw_ctx_t ctx = {renderer, layout, fields, cr, device_scale};
	return draw_element(&ctx, element, error);
}

double desk_render_preview_dpi(const desk_layout_t *layout, double dpi)
{
	g_return_val_if_fail(layout, dpi);
	double inches = (layout->page.width / 72.0) * (layout->page.height / 72.0); /* in² */
	if (inches <= 0 || dpi * dpi * inches <= DESK_RENDER_PREVIEW_MAX_PIXELS)
		return dpi;
	return floor(sqrt(DESK_RENDER_PREVIEW_MAX_PIXELS / inches));
}

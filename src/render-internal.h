/* render-internal.h: what the renderer's source files share (render*.c only; not public API). */
#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <pango/pango.h>

#include "render.h"

struct desk_renderer {
	PangoFontMap *font_map;
	PangoContext *context;   /* hinting off, so layouts measure the same on every target */
	GHashTable *images;      /* char *path -> image_entry_t *, see render-image.c */
	cairo_surface_t *raster; /* reused RGB24 page surface (render-output.c) */
	GHashTable *heavy_faces; /* "file:index:embolden" -> private cairo face or NULL */
};

/* Everything one element's draw function may need. */
typedef struct {
	desk_renderer_t *renderer;
	const desk_layout_t *layout;
	GHashTable *fields;
	cairo_t *cr;
	double device_scale; /* device pixels per point; 0 = vector output */
} draw_ctx_t;

/* One per element kind; each returns false with @error set on failure. */
bool desk_render_text_draw(const draw_ctx_t *ctx, const desk_element_t *element, GError **error);
bool desk_render_qr_draw(const draw_ctx_t *ctx, const desk_element_t *element, GError **error);
bool desk_render_image_draw(const draw_ctx_t *ctx, const desk_element_t *element, GError **error);

/* Draws @pl at the current point as pango_cairo_show_layout() does. For
 * @vector output, runs in a big CFF face (CJK) go through a private face
 * that keeps the PDF's memory flat (render-runs.c). */
void desk_render_show_layout(desk_renderer_t *renderer, cairo_t *cr, PangoLayout *pl, bool vector);

/* The heavy face cache's value destructor (render-runs.c). */
void desk_render_heavy_face_free(gpointer face);

/* The image cache's value destructor (render-image.c). */
void desk_render_image_entry_free(gpointer entry);

/* "file:line:col: element "id": " for messages about @element; new string. */
char *desk_render_where(const desk_layout_t *layout, const desk_element_t *element);

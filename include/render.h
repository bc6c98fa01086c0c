/* render.h: one draw path from layout + fields to PDF, PNG and 1-bit printer rasters. */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>

#include "layout.h"

/* A 1-bit bitmap: row-major, MSB first, bit set = ink (black). */
typedef struct {
	int width, height; /* dots */
	int stride;        /* bytes per row */
	double dpi_x, dpi_y;
	guint8 *data; /* stride * height bytes, owned */
} desk_bitmap_t;

/* A new all-white bitmap of @width x @height dots (rows padded to whole
 * bytes); free with desk_bitmap_free(). */
desk_bitmap_t *desk_bitmap_new(int width, int height, double dpi_x, double dpi_y);
void desk_bitmap_free(desk_bitmap_t *bitmap);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_bitmap_t, desk_bitmap_free)

/* Holds the font map, pango context and caches shared by every render.
 * Not thread-safe: use one renderer per thread. */
typedef struct desk_renderer desk_renderer_t;

/* Creates a renderer; registers the fonts shipped in @fonts_dir (NULL: the
 * built-in default) with fontconfig. Free with desk_renderer_free(). */
desk_renderer_t *desk_renderer_new(const char *fonts_dir, GError **error);
void desk_renderer_free(desk_renderer_t *renderer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_renderer_t, desk_renderer_free)

/* Draws @layout filled with @fields onto @cr, whose user space is points
 * with the page's top-left at the origin. @device_scale is device pixels
 * per point (0 for vector output) so QR modules snap to whole pixels.
 * This is the single draw path behind every output. */
bool desk_render_draw(desk_renderer_t *renderer, const desk_layout_t *layout, GHashTable *fields,
                      cairo_t *cr, double device_scale, GError **error);

/* One page as a vector PDF with embedded fonts, written to @path. */
bool desk_render_pdf(desk_renderer_t *renderer, const desk_layout_t *layout, GHashTable *fields,
                     const char *path, GError **error);

/* One page as PNG bytes at @dpi; @mono thresholds to black and white.
 * Returns new bytes (g_bytes_unref) or NULL with @error set. */
GBytes *desk_render_png(desk_renderer_t *renderer, const desk_layout_t *layout, GHashTable *fields,
                        double dpi, bool mono, GError **error);

/* One page as a thresholded (never dithered) 1-bit bitmap at the printer's
 * resolution. Returns a new bitmap or NULL with @error set. */
desk_bitmap_t *desk_render_bitmap(desk_renderer_t *renderer, const desk_layout_t *layout,
                                  GHashTable *fields, double dpi_x, double dpi_y, GError **error);

/* ---- additions beyond the lead's contract (compatible) ---- */

/* Draws one element of @layout alone, exactly as desk_render_draw() would
 * (if_field, rotation, colours), without the page clip or background. For
 * previews of one element and for tests that look for ink outside a box. */
bool desk_render_element(desk_renderer_t *renderer, const desk_layout_t *layout,
                         const desk_element_t *element, GHashTable *fields, cairo_t *cr,
                         double device_scale, GError **error);

/* Previews (kiosk, designer) are drawn with at most this many pixels. */
#define DESK_RENDER_PREVIEW_MAX_PIXELS (3.0 * 1000 * 1000)

/* @dpi, lowered as far as needed for a preview of @layout to stay within
 * DESK_RENDER_PREVIEW_MAX_PIXELS, so that a huge page costs no more time
 * and memory than a badge. */
double desk_render_preview_dpi(const desk_layout_t *layout, double dpi);

/* How a text element's content was fitted into its box. */
typedef struct {
	char *text;         /* the text as drawn (maybe abbreviated); owned, g_free */
	double size;        /* font size finally used, points */
	int lines;          /* lines laid out */
	bool abbreviated;   /* middle names shortened to initials */
	bool ellipsized;    /* cut with "…" */
	bool fits;          /* false only when even the smallest size overflows: drawn clipped */
	int unknown_glyphs; /* glyphs no font could supply (tofu); 0 expected */
	double x, y, width, height; /* ink and logical extents together, page points, unrotated */
} desk_text_fit_t;

void desk_text_fit_finish(desk_text_fit_t *fit);

/* Lays out text element @element of @layout with @fields the way drawing
 * does and reports the outcome in @out (call desk_text_fit_finish()).
 * Language: element lang, else page lang, else the field "event_lang".
 * Returns false with @error set when @element is not a text element. */
bool desk_render_text_fit(desk_renderer_t *renderer, const desk_layout_t *layout,
                          const desk_element_t *element, GHashTable *fields, desk_text_fit_t *out,
                          GError **error);

/* Whether @data (@len bytes) parses as SVG, as image elements would read
 * it (librsvg, loaded on first use; false when it cannot be loaded). */
bool desk_render_svg_parses(const guint8 *data, gsize len);

/* A copy of @bitmap turned 90° clockwise (@quarter_turns 1), 180° (2) or
 * 270° (3); 0 copies. For printers that feed a landscape badge short edge
 * first. Returns a new bitmap. desk_render_bitmap() itself always returns
 * the page as designed (page.width x page.height). */
desk_bitmap_t *desk_bitmap_rotate(const desk_bitmap_t *bitmap, int quarter_turns);

/* Whether the dot at (@x, @y) is ink; both must lie inside the bitmap. */
static inline bool desk_bitmap_get(const desk_bitmap_t *bitmap, int x, int y)
{
	return (bitmap->data[(gsize)y * (gsize)bitmap->stride + (gsize)(x >> 3)] >> (7 - (x & 7))) &
	       1;
}

/* Inks the dot at (@x, @y); both must lie inside the bitmap. */
static inline void desk_bitmap_set(desk_bitmap_t *bitmap, int x, int y)
{
	bitmap->data[(gsize)y * (gsize)bitmap->stride + (gsize)(x >> 3)] |=
	    (guint8)(0x80 >> (x & 7));
}

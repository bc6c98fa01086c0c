/* render-qr.c: QR elements: encode, then draw the module grid at whole device pixels. */
#include <math.h>

#include "qr.h"
#include "render-internal.h"
#include "template.h"

#define QUIET 4 /* modules of white around the code */

/* Fills the dark modules of @grid, one rectangle per horizontal run, with
 * the code's top-left corner at (@x, @y) and modules @mw x @mh units. */
static void fill_modules(cairo_t *cr, const desk_qr_grid_t *grid, double x, double y, double mw,
                         double mh)
{
	for (int row = 0; row < grid->size; row++) {
		for (int col = 0; col < grid->size;) {
			if (!desk_qr_grid_dark(grid, col, row)) {
				col++;
				continue;
			}
			int start = col;
			while (col < grid->size && desk_qr_grid_dark(grid, col, row))
				col++;
			cairo_rectangle(cr, x + start * mw, y + row * mh, (col - start) * mw, mh);
		}
	}
	cairo_fill(cr);
}

/* Whether user space maps to device space without rotation or skew
 * (scales may differ: 300 x 600 dpi label printers). */
static bool axis_aligned(cairo_t *cr)
{
	cairo_matrix_t m;
	cairo_get_matrix(cr, &m);
	return m.xy == 0 && m.yx == 0 && m.xx > 0 && m.yy > 0;
}

/* The grid with its quiet zone as an opaque image, one pixel per module. */
static cairo_surface_t *grid_image(const desk_qr_grid_t *grid, const desk_color_t *color)
{
	int n = grid->size + 2 * QUIET;
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, n, n);
	guint8 *data = cairo_image_surface_get_data(img);
	int stride = cairo_image_surface_get_stride(img);
	guint32 ink = 0xff000000u | (guint32)lround(color->r * 255) << 16 |
	              (guint32)lround(color->g * 255) << 8 | (guint32)lround(color->b * 255);
	for (int y = 0; y < n; y++) {
		guint32 *row = (guint32 *)(void *)(data + (gsize)y * stride);
		for (int x = 0; x < n; x++)
			row[x] = desk_qr_grid_dark(grid, x - QUIET, y - QUIET) ? ink : 0xffffffffu;
	}
	cairo_surface_mark_dirty(img);
	return img;
}

/* Vector output: the module grid as an image scaled without interpolation,
 * so every module is an exact square at any zoom. (Thousands of rectangles
 * cost cairo's PDF writer milliseconds per badge; one tiny image does not.) */
static void draw_grid_vector(cairo_t *cr, const desk_qr_grid_t *grid, double x, double y,
                             double side, const desk_color_t *color)
{
	int n = grid->size + 2 * QUIET;
	cairo_surface_t *img = grid_image(grid, color);
	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_scale(cr, side / n, side / n);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
	cairo_rectangle(cr, 0, 0, n, n);
	cairo_fill(cr);
	cairo_restore(cr);
	cairo_surface_destroy(img);
}

/* The one function that draws a grid: quiet zone white, modules in @color,
 * centred in the square (@x, @y, @side). Raster (@device_scale > 0, no
 * rotation): each module is a whole number of device pixels in each
 * direction (floor(side_px / (modules + 8))). */
static void draw_grid(cairo_t *cr, const desk_qr_grid_t *grid, double x, double y, double side,
                      double device_scale, const desk_color_t *color)
{
	int n = grid->size + 2 * QUIET;
	double dx = x, dy = y, sx = side, sy = side, zero_x = 0, zero_y = 0;

	if (device_scale > 0 && axis_aligned(cr)) {
		cairo_user_to_device(cr, &dx, &dy);
		cairo_user_to_device_distance(cr, &sx, &zero_y);
		cairo_user_to_device_distance(cr, &zero_x, &sy);
	}
	double mw = floor(sx / n), mh = floor(sy / n);
	if (device_scale <= 0 || !axis_aligned(cr) || mw < 1 || mh < 1) {
		/* Vector output, rotated, or under a pixel a module: no snapping. */
		draw_grid_vector(cr, grid, x, y, side, color);
		return;
	}
	cairo_save(cr);
	cairo_identity_matrix(cr);
	cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
	x = round(dx + (sx - mw * n) / 2);
	y = round(dy + (sy - mh * n) / 2);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, mw * n, mh * n);
	cairo_fill(cr);
	cairo_set_source_rgba(cr, color->r, color->g, color->b, color->a);
	fill_modules(cr, grid, x + QUIET * mw, y + QUIET * mh, mw, mh);
	cairo_restore(cr);
}

bool desk_render_qr_draw(const draw_ctx_t *ctx, const desk_element_t *el, GError **error)
{
	g_autofree char *content =
	    desk_template_expand(el->qr.template ? el->qr.template : "", ctx->fields);
	g_autoptr(GError) local = NULL;

	if (!*content)
		return true; /* nothing to encode: leave the space empty */
	g_autoptr(desk_qr_grid_t) grid = desk_qr_encode(content, el->qr.ecc, &local);
	if (!grid) {
		g_autofree char *where = desk_render_where(ctx->layout, el);
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s%s", where,
		            local->message);
		return false;
	}
	double side = MIN(el->w, el->h);
	draw_grid(ctx->cr, grid, el->x + (el->w - side) / 2, el->y + (el->h - side) / 2, side,
	          ctx->device_scale, &el->qr.color);
	return true;
}

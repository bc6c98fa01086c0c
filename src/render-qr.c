/* render-qr.c: QR elements: encode the content, then draw the module grid at whole device pixels. */
#include <math.h>

#include "qr.h"
#include "render-internal.h"
#include "template.h"

#define QUIET 4 /* modules of white around the code */

/* Fills the dark modules of @grid, one rectangle per horizontal run, with
 * the code's top-left corner at (@x, @y) and @module units per module. */
static void fill_modules(cairo_t *cr, const desk_qr_grid_t *grid, double x, double y,
                         double module)
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
			cairo_rectangle(cr, x + start * module, y + row * module, (col - start) * module,
			                module);
		}
	}
	cairo_fill(cr);
}

/* Whether user space maps to device space without rotation or skew. */
static bool axis_aligned(cairo_t *cr)
{
	cairo_matrix_t m;
	cairo_get_matrix(cr, &m);
	return m.xy == 0 && m.yx == 0 && m.xx > 0 && m.yy > 0;
}

/* The one function that draws a grid: quiet zone white, modules in @color,
 * centred in the square (@x, @y, @side). Raster (@device_scale > 0, no
 * rotation): each module is a whole number of device pixels. */
static void draw_grid(cairo_t *cr, const desk_qr_grid_t *grid, double x, double y, double side,
                      double device_scale, const desk_color_t *color)
{
	int n = grid->size + 2 * QUIET;
	double module = side / n;

	cairo_save(cr);
	cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
	if (device_scale > 0 && axis_aligned(cr)) {
		double dx = x, dy = y, dside = side;
		cairo_user_to_device(cr, &dx, &dy);
		cairo_user_to_device_distance(cr, &dside, &(double){ 0 });
		double px = floor(dside / n);
		if (px >= 1) {
			cairo_identity_matrix(cr);
			module = px;
			x = round(dx + (dside - px * n) / 2);
			y = round(dy + (dside - px * n) / 2);
			side = px * n;
		}
	} else {
		x += (side - module * n) / 2;
		y += (side - module * n) / 2;
	}
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, module * n, module * n);
	cairo_fill(cr);
	cairo_set_source_rgba(cr, color->r, color->g, color->b, color->a);
	fill_modules(cr, grid, x + QUIET * module, y + QUIET * module, module);
	cairo_restore(cr);
}

bool desk_render_qr_draw(const draw_ctx_t *ctx, const desk_element_t *el, GError **error)
{
	g_autofree char *content = desk_template_expand(el->qr.template ? el->qr.template : "",
	                                                ctx->fields);
	g_autoptr(GError) local = NULL;

	if (!*content)
		return true; /* nothing to encode: leave the space empty */
	g_autoptr(desk_qr_grid_t) grid = desk_qr_encode(content, el->qr.ecc, &local);
	if (!grid) {
		g_autofree char *where = desk_render_where(ctx->layout, el);
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s%s", where, local->message);
		return false;
	}
	double side = MIN(el->w, el->h);
	draw_grid(ctx->cr, grid, el->x + (el->w - side) / 2, el->y + (el->h - side) / 2, side,
	          ctx->device_scale, &el->qr.color);
	return true;
}

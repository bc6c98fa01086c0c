/* render-output.c: outputs of the draw path: vector PDF, PNG, thresholded 1-bit bitmaps. */
#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>

#include "render-internal.h"

/* ---- PDF -------------------------------------------------------------- */

static bool surface_ok(cairo_surface_t *surface, const char *what, GError **error)
{
	cairo_status_t status = cairo_surface_status(surface);
	if (status == CAIRO_STATUS_SUCCESS)
		return true;
	g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what,
	            cairo_status_to_string(status));
	return false;
}

bool desk_render_pdf(desk_renderer_t *renderer, const desk_layout_t *layout, GHashTable *fields,
                     const char *path, GError **error)
{
	g_return_val_if_fail(renderer && layout && path, false);
	g_autofree char *tmp = g_strconcat(path, ".tmp", NULL);
	cairo_surface_t *surface =
	    cairo_pdf_surface_create(tmp, layout->page.width, layout->page.height);
	if (!surface_ok(surface, path, error)) {
		cairo_surface_destroy(surface);
		return false;
	}
	cairo_t *cr = cairo_create(surface);
	if (layout->name)
		cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, layout->name);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "frontdesk");
	bool ok = desk_render_draw(renderer, layout, fields, cr, 0, error);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	ok = ok && surface_ok(surface, path, error);
	cairo_surface_destroy(surface);
	if (ok && g_rename(tmp, path) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: %s", path,
		            g_strerror(errno));
		ok = false;
	}
	if (!ok)
		g_unlink(tmp);
	return ok;
}

/* ---- raster ----------------------------------------------------------- */

/* An RGB24 surface of @w x @h, reused from the last render when the size
 * matches (allocating and faulting in megabytes per badge costs more than
 * drawing it). Borrowed until the next render. */
static cairo_surface_t *raster_surface(desk_renderer_t *r, int w, int h, GError **error)
{
	cairo_surface_t *s = r->raster;
	if (s && cairo_image_surface_get_width(s) == w && cairo_image_surface_get_height(s) == h)
		return s;
	g_clear_pointer(&r->raster, cairo_surface_destroy);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	if (!surface_ok(s, "raster", error)) {
		cairo_surface_destroy(s);
		return NULL;
	}
	return r->raster = s;
}

/* The page drawn on white at @dpi_x x @dpi_y into the renderer's RGB24
 * surface (borrowed, see raster_surface()). */
static cairo_surface_t *render_rgb(desk_renderer_t *renderer, const desk_layout_t *layout,
                                   GHashTable *fields, double dpi_x, double dpi_y, GError **error)
{
	if (!(dpi_x >= 1 && dpi_x <= 2400 && dpi_y >= 1 && dpi_y <= 2400)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            "resolution %gx%g dpi is out of range (1 to 2400)", dpi_x, dpi_y);
		return NULL;
	}
	int w = (int)ceil(layout->page.width * dpi_x / 72 - 1e-6);
	int h = (int)ceil(layout->page.height * dpi_y / 72 - 1e-6);
	cairo_surface_t *surface = raster_surface(renderer, MAX(w, 1), MAX(h, 1), error);
	if (!surface)
		return NULL;
	cairo_t *cr = cairo_create(surface);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, dpi_x / 72, dpi_y / 72);
	bool ok = desk_render_draw(renderer, layout, fields, cr, dpi_x / 72, error);
	cairo_destroy(cr);
	if (!ok)
		return NULL;
	cairo_surface_flush(surface);
	return surface;
}

/* Whether an RGB24 pixel is dark: luminance (weights 77/150/29 of 256)
 * under 50%. Branch-free, so the compiler can vectorise the loops. */
static inline guint is_ink(guint32 px)
{
	guint r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
	return r * 77 + g * 150 + b * 29 < 128 * 256;
}

static void threshold_in_place(cairo_surface_t *surface)
{
	guint8 *data = cairo_image_surface_get_data(surface);
	int stride = cairo_image_surface_get_stride(surface);
	int w = cairo_image_surface_get_width(surface), h = cairo_image_surface_get_height(surface);
	for (int y = 0; y < h; y++) {
		guint32 *row = (guint32 *)(void *)(data + (gsize)y * stride);
		for (int x = 0; x < w; x++)
			row[x] = is_ink(row[x]) ? 0xff000000 : 0xffffffff;
	}
	cairo_surface_mark_dirty(surface);
}

static cairo_status_t append_bytes(void *closure, const unsigned char *data, unsigned int length)
{
	g_byte_array_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

GBytes *desk_render_png(desk_renderer_t *renderer, const desk_layout_t *layout, GHashTable *fields,
                        double dpi, bool mono, GError **error)
{
	g_return_val_if_fail(renderer && layout, NULL);
	cairo_surface_t *surface = render_rgb(renderer, layout, fields, dpi, dpi, error);
	if (!surface)
		return NULL;
	if (mono)
		threshold_in_place(surface);
	GByteArray *png = g_byte_array_new();
	cairo_status_t status = cairo_surface_write_to_png_stream(surface, append_bytes, png);
	if (status != CAIRO_STATUS_SUCCESS) {
		g_byte_array_unref(png);
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "PNG: %s",
		            cairo_status_to_string(status));
		return NULL;
	}
	return g_byte_array_free_to_bytes(png);
}

/* ---- 1-bit bitmaps ---------------------------------------------------- */

desk_bitmap_t *desk_bitmap_new(int width, int height, double dpi_x, double dpi_y)
{
	desk_bitmap_t *bitmap = g_new0(desk_bitmap_t, 1);
	bitmap->width = width;
	bitmap->height = height;
	bitmap->stride = (width + 7) / 8;
	bitmap->dpi_x = dpi_x;
	bitmap->dpi_y = dpi_y;
	bitmap->data = g_malloc0((gsize)bitmap->stride * (gsize)height);
	return bitmap;
}

/* Packs one row of @w RGB24 pixels into bits, eight pixels a byte. */
static void threshold_row(const guint32 *row, int w, guint8 *out)
{
	int x = 0;
	for (; x + 8 <= w; x += 8) {
		guint32 all = row[x] & row[x + 1] & row[x + 2] & row[x + 3] & row[x + 4] &
		              row[x + 5] & row[x + 6] & row[x + 7];
		if ((all & 0xffffff) == 0xffffff)
			continue; /* eight pixels of paper: most of a badge */
		guint byte = 0;
		for (int k = 0; k < 8; k++)
			byte = byte << 1 | is_ink(row[x + k]);
		out[x >> 3] = (guint8)byte;
	}
	for (; x < w; x++)
		if (is_ink(row[x]))
			out[x >> 3] |= (guint8)(0x80 >> (x & 7));
}

desk_bitmap_t *desk_render_bitmap(desk_renderer_t *renderer, const desk_layout_t *layout,
                                  GHashTable *fields, double dpi_x, double dpi_y, GError **error)
{
	g_return_val_if_fail(renderer && layout, NULL);
	cairo_surface_t *surface = render_rgb(renderer, layout, fields, dpi_x, dpi_y, error);
	if (!surface)
		return NULL;
	int w = cairo_image_surface_get_width(surface), h = cairo_image_surface_get_height(surface);
	int stride = cairo_image_surface_get_stride(surface);
	const guint8 *data = cairo_image_surface_get_data(surface);
	desk_bitmap_t *bitmap = desk_bitmap_new(w, h, dpi_x, dpi_y);
	for (int y = 0; y < h; y++)
		threshold_row((const guint32 *)(const void *)(data + (gsize)y * stride), w,
		              bitmap->data + (gsize)y * (gsize)bitmap->stride);
	return bitmap;
}

desk_bitmap_t *desk_bitmap_rotate(const desk_bitmap_t *src, int quarter_turns)
{
	g_return_val_if_fail(src, NULL);
	int turns = ((quarter_turns % 4) + 4) % 4;
	bool swap = turns % 2 == 1;
	desk_bitmap_t *dst =
	    desk_bitmap_new(swap ? src->height : src->width, swap ? src->width : src->height,
	                    swap ? src->dpi_y : src->dpi_x, swap ? src->dpi_x : src->dpi_y);
	for (int y = 0; y < src->height; y++) {
		for (int x = 0; x < src->width; x++) {
			if (!desk_bitmap_get(src, x, y))
				continue;
			int dx = x, dy = y; /* turns == 0 */
			if (turns == 1)
				dx = src->height - 1 - y, dy = x;
			else if (turns == 2)
				dx = src->width - 1 - x, dy = src->height - 1 - y;
			else if (turns == 3)
				dx = y, dy = src->width - 1 - x;
			desk_bitmap_set(dst, dx, dy);
		}
	}
	return dst;
}

void desk_bitmap_free(desk_bitmap_t *bitmap)
{
	if (!bitmap)
		return;
	g_free(bitmap->data);
	g_free(bitmap);
}

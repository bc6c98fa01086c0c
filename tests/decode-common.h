/* decode-common.h: the bitmap and PNG/PBM writer shared by the driver-output decoders (tests only).
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef struct {
	int width, height; /* dots */
	GByteArray *rows;  /* height * (width / 8) bytes, MSB first, 1 = ink */
} decoded_t;

static inline void decoded_add_row(decoded_t *d, const guint8 *row, int bytes)
{
	int stride = d->width / 8;
	guint8 *line = g_malloc0(stride);
	memcpy(line, row, MIN(bytes, stride));
	g_byte_array_append(d->rows, line, stride);
	g_free(line);
	d->height++;
}

static inline bool decoded_get(const decoded_t *d, int x, int y)
{
	return d->rows->data[(gsize)y * (d->width / 8) + x / 8] & (0x80 >> (x % 8));
}

/* Prints " ink=x0,y0,x1,y1" (the inked box, as the label reads; x1/y1 exclusive) or " ink=none". */
static inline void decoded_print_ink(const decoded_t *d, bool mirror)
{
	int x0 = d->width, y0 = d->height, x1 = -1, y1 = -1;
	for (int y = 0; y < d->height; y++)
		for (int x = 0; x < d->width; x++)
			if (decoded_get(d, mirror ? d->width - 1 - x : x, y)) {
				x0 = MIN(x0, x), y0 = MIN(y0, y), x1 = MAX(x1, x + 1),
				y1 = MAX(y1, y + 1);
			}
	if (x1 < 0)
		printf(" ink=none\n");
	else
		printf(" ink=%d,%d,%d,%d\n", x0, y0, x1, y1);
}

/* Writes @d as PNG (path ending in .png) or binary PBM; white where no ink. */
static inline bool decoded_write(const decoded_t *d, const char *path, bool mirror)
{
	if (g_str_has_suffix(path, ".png")) {
		cairo_surface_t *s =
		    cairo_image_surface_create(CAIRO_FORMAT_RGB24, d->width, d->height);
		guint32 *px = (guint32 *)cairo_image_surface_get_data(s);
		int stride = cairo_image_surface_get_stride(s) / 4;
		for (int y = 0; y < d->height; y++)
			for (int x = 0; x < d->width; x++)
				px[y * stride + x] =
				    decoded_get(d, mirror ? d->width - 1 - x : x, y) ? 0 : 0xffffff;
		cairo_surface_mark_dirty(s);
		bool ok = cairo_surface_write_to_png(s, path) == CAIRO_STATUS_SUCCESS;
		cairo_surface_destroy(s);
		return ok;
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		return false;
	fprintf(f, "P4\n%d %d\n", d->width, d->height);
	for (int y = 0; y < d->height; y++)
		for (int xb = 0; xb < d->width / 8; xb++) {
			guint8 v = 0;
			for (int b = 0; b < 8; b++) {
				int x = xb * 8 + b;
				if (decoded_get(d, mirror ? d->width - 1 - x : x, y))
					v |= 0x80 >> b;
			}
			fputc(v, f);
		}
	return fclose(f) == 0;
}

/* render-fixture.h: hand-built layouts and small pixel helpers shared by the renderer's tests. */
#pragma once

#include <cairo.h>
#include <math.h>
#include <stdarg.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "layout.h"
#include "render.h"
#include "template.h"

static inline desk_element_t *fixture_element(desk_element_kind_t kind, double x, double y,
                                              double w, double h)
{
	desk_element_t *el = g_new0(desk_element_t, 1);
	el->kind = kind;
	el->x = x, el->y = y, el->w = w, el->h = h;
	el->line = 1, el->column = 1;
	el->text.size = 28, el->text.min_size = 8, el->text.max_lines = 1;
	el->text.weight = 400;
	el->text.color = (desk_color_t){0, 0, 0, 1};
	el->qr.ecc = -1;
	el->qr.color = (desk_color_t){0, 0, 0, 1};
	return el;
}

static inline desk_element_t *fixture_text(const char *tmpl, double x, double y, double w, double h,
                                           double size, double min_size, int max_lines)
{
	desk_element_t *el = fixture_element(DESK_ELEM_TEXT, x, y, w, h);
	el->text.template = g_strdup(tmpl);
	el->text.size = size, el->text.min_size = min_size, el->text.max_lines = max_lines;
	el->text.halign = DESK_HALIGN_CENTER, el->text.valign = DESK_VALIGN_MIDDLE;
	return el;
}

static inline desk_element_t *fixture_qr(const char *tmpl, double x, double y, double side)
{
	desk_element_t *el = fixture_element(DESK_ELEM_QR, x, y, side, side);
	el->qr.template = g_strdup(tmpl);
	return el;
}

static inline void fixture_element_free(gpointer data)
{
	desk_element_t *el = data;
	g_free(el->id);
	g_free(el->if_field);
	g_free(el->text.template);
	g_free(el->text.font_family);
	g_free(el->text.lang);
	g_free(el->qr.template);
	g_free(el->image.path);
	g_free(el);
}

/* A badge page of @w x @h points; elements are added by the caller. */
static inline desk_layout_t *fixture_layout(const char *name, double w, double h)
{
	desk_layout_t *layout = g_new0(desk_layout_t, 1);
	layout->path = g_strdup_printf("fixture/%s.json", name);
	layout->name = g_strdup(name);
	layout->page.width = w, layout->page.height = h;
	layout->elements = g_ptr_array_new_with_free_func(fixture_element_free);
	return layout;
}

static inline void fixture_layout_free(desk_layout_t *layout)
{
	if (!layout)
		return;
	g_ptr_array_unref(layout->elements);
	g_free(layout->path);
	g_free(layout->name);
	g_free(layout->page.lang);
	g_free(layout);
}

static inline GHashTable *fixture_fields(const char *first, ...)
{
	GHashTable *fields = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	va_list ap;
	va_start(ap, first);
	for (const char *k = first; k; k = va_arg(ap, const char *))
		g_hash_table_insert(fields, g_strdup(k), g_strdup(va_arg(ap, const char *)));
	va_end(ap);
	return fields;
}

/* The shipped fonts in the source tree (tests run from the top). */
static inline const char *fixture_fonts_dir(void)
{
	const char *top = g_getenv("FRONTDESK_TOP");
	if (!top)
		return "fonts";
	g_autofree char *dir = g_build_filename(top, "fonts", NULL);
	return g_intern_string(dir);
}

/* Decodes every QR code in @png with zbarimg; returns the raw bytes of the
 * symbols found (new string), or NULL when zbarimg found none. -Sbinary
 * keeps zbar from guessing a charset (it would read UTF-8 as Shift JIS). */
static inline char *fixture_zbar(GBytes *png)
{
	g_autofree char *path = NULL;
	int fd = g_file_open_tmp("render-test-XXXXXX.png", &path, NULL);
	if (fd < 0)
		return NULL;
	close(fd);
	g_file_set_contents(path, g_bytes_get_data(png, NULL), (gssize)g_bytes_get_size(png), NULL);
	const char *argv[] = {"zbarimg", "--raw", "-q", "-Sbinary", path, NULL};
	char *out = NULL;
	int status = 0;
	gboolean ran = g_spawn_sync(NULL, (char **)argv, NULL,
	                            G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
	                            &out, NULL, &status, NULL);
	g_unlink(path);
	if (!ran || !g_spawn_check_wait_status(status, NULL) || !out || !*out) {
		g_free(out);
		return NULL;
	}
	return out;
}

/* ---- pixels ------------------------------------------------------------ */

typedef struct {
	cairo_surface_t *surface;
	cairo_t *cr;
	double scale;  /* px per point */
	double ox, oy; /* page point shown at pixel (0, 0) */
} canvas_t;

/* A white canvas showing page points [x0, x0 + w] x [y0, y0 + h] at @scale. */
static inline canvas_t canvas_new(double x0, double y0, double w, double h, double scale)
{
	canvas_t c = {.scale = scale, .ox = x0, .oy = y0};
	c.surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(w * scale),
	                                       (int)ceil(h * scale));
	c.cr = cairo_create(c.surface);
	cairo_set_source_rgb(c.cr, 1, 1, 1);
	cairo_paint(c.cr);
	cairo_scale(c.cr, scale, scale);
	cairo_translate(c.cr, -x0, -y0);
	return c;
}

static inline void canvas_free(canvas_t *c)
{
	cairo_destroy(c->cr);
	cairo_surface_destroy(c->surface);
}

static inline bool pixel_inked(cairo_surface_t *s, int x, int y)
{
	const guint8 *data = cairo_image_surface_get_data(s);
	guint32 px =
	    ((const guint32 *)(const void *)(data + y * cairo_image_surface_get_stride(s)))[x];
	return (px & 0xffffff) != 0xffffff;
}

/* Counts inked pixels lying wholly outside page rectangle (x, y, w, h). */
static inline int ink_outside(canvas_t *c, double x, double y, double w, double h)
{
	cairo_surface_flush(c->surface);
	int W = cairo_image_surface_get_width(c->surface),
	    H = cairo_image_surface_get_height(c->surface);
	double left = (x - c->ox) * c->scale, top = (y - c->oy) * c->scale;
	double right = left + w * c->scale, bottom = top + h * c->scale;
	int n = 0;
	for (int py = 0; py < H; py++)
		for (int px = 0; px < W; px++)
			if ((px + 1 <= left || px >= right || py + 1 <= top || py >= bottom) &&
			    pixel_inked(c->surface, px, py))
				n++;
	return n;
}

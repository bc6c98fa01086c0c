/* render-image.c: image elements: SVG (librsvg) and PNG (cairo), contain/cover, cached. */
#include <dlfcn.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <librsvg/rsvg.h>

#include "render-internal.h"

/* ---- librsvg, loaded on first use --------------------------------------
 * librsvg brings libxml2, ICU, libstdc++ and gdk-pixbuf: a third of the
 * dynamic linking of every start, for badges that mostly have no SVG. So
 * frontdesk does not link it; the first SVG loads it. */

typedef struct {
	RsvgHandle *(*new_from_gfile_sync)(GFile *file, RsvgHandleFlags flags,
	                                   GCancellable *cancellable, GError **error);
	RsvgHandle *(*new_from_data)(const guint8 *data, gsize len, GError **error);
	gboolean (*intrinsic_size_in_pixels)(RsvgHandle *handle, gdouble *w, gdouble *h);
	void (*intrinsic_dimensions)(RsvgHandle *handle, gboolean *has_w, RsvgLength *w,
	                             gboolean *has_h, RsvgLength *h, gboolean *has_viewbox,
	                             RsvgRectangle *viewbox);
	gboolean (*render_document)(RsvgHandle *handle, cairo_t *cr, const RsvgRectangle *viewport,
	                            GError **error);
} rsvg_api_t;

static rsvg_api_t rsvg;
static char *rsvg_problem; /* why librsvg could not be loaded; NULL when it was */

static gpointer load_rsvg(gpointer unused)
{
	static const char soname[] = "librsvg-2.so.2";
	(void)unused;
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (lib) {
		rsvg.new_from_gfile_sync = (void *)dlsym(lib, "rsvg_handle_new_from_gfile_sync");
		rsvg.new_from_data = (void *)dlsym(lib, "rsvg_handle_new_from_data");
		rsvg.intrinsic_size_in_pixels =
		    (void *)dlsym(lib, "rsvg_handle_get_intrinsic_size_in_pixels");
		rsvg.intrinsic_dimensions =
		    (void *)dlsym(lib, "rsvg_handle_get_intrinsic_dimensions");
		rsvg.render_document = (void *)dlsym(lib, "rsvg_handle_render_document");
	}
	if (!lib || !rsvg.new_from_gfile_sync || !rsvg.new_from_data ||
	    !rsvg.intrinsic_size_in_pixels || !rsvg.intrinsic_dimensions || !rsvg.render_document)
		rsvg_problem = g_strdup_printf("cannot load %s (2.52 or later): %s", soname,
		                               lib ? "a function is missing" : dlerror());
	return NULL; /* the library stays loaded for the process */
}

/* Whether librsvg is usable; else false with @error set. */
static bool rsvg_ready(GError **error)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, load_rsvg, NULL);
	if (rsvg_problem)
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s", rsvg_problem);
	return !rsvg_problem;
}

bool desk_render_svg_parses(const guint8 *data, gsize len)
{
	RsvgHandle *h = len && rsvg_ready(NULL) ? rsvg.new_from_data(data, len, NULL) : NULL;
	if (h)
		g_object_unref(h);
	return h != NULL;
}

/* ---- the image cache ---------------------------------------------------- */

typedef struct {
	RsvgHandle *svg; /* one of these two */
	cairo_surface_t *png;
	double width, height; /* intrinsic size, in the image's own units */
	gint64 mtime, size;   /* of the file when loaded: a changed file is reloaded */
} image_entry_t;

void desk_render_image_entry_free(gpointer data)
{
	image_entry_t *entry = data;
	if (!entry)
		return;
	g_clear_object(&entry->svg);
	g_clear_pointer(&entry->png, cairo_surface_destroy);
	g_free(entry);
}

static image_entry_t *load_svg(const char *path, GError **error)
{
	g_autoptr(GFile) file = g_file_new_for_path(path);
	RsvgHandle *svg = rsvg_ready(error)
	                      ? rsvg.new_from_gfile_sync(file, RSVG_HANDLE_FLAGS_NONE, NULL, error)
	                      : NULL;
	if (!svg)
		return NULL;
	image_entry_t *entry = g_new0(image_entry_t, 1);
	entry->svg = svg;
	if (!rsvg.intrinsic_size_in_pixels(svg, &entry->width, &entry->height)) {
		RsvgRectangle viewbox;
		gboolean has_w, has_h, has_vb;
		rsvg.intrinsic_dimensions(svg, &has_w, NULL, &has_h, NULL, &has_vb, &viewbox);
		entry->width = has_vb ? viewbox.width : 100;
		entry->height = has_vb ? viewbox.height : 100;
	}
	return entry;
}

static image_entry_t *load_png(const char *path, GError **error)
{
	cairo_surface_t *png = cairo_image_surface_create_from_png(path);
	if (cairo_surface_status(png) != CAIRO_STATUS_SUCCESS) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: cannot read PNG: %s", path,
		            cairo_status_to_string(cairo_surface_status(png)));
		cairo_surface_destroy(png);
		return NULL;
	}
	image_entry_t *entry = g_new0(image_entry_t, 1);
	entry->png = png;
	entry->width = cairo_image_surface_get_width(png);
	entry->height = cairo_image_surface_get_height(png);
	return entry;
}

/* The cached image at @path, loading it on first use. Borrowed until the
 * renderer is freed. */
static image_entry_t *lookup(desk_renderer_t *r, const char *path, GError **error)
{
	GStatBuf st = {0};
	image_entry_t *entry = g_hash_table_lookup(r->images, path);
	if (g_stat(path, &st) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: %s", path,
		            g_strerror(errno));
		return NULL;
	}
	if (entry && entry->mtime == (gint64)st.st_mtime && entry->size == (gint64)st.st_size)
		return entry; /* the designer may edit art while previewing */
	g_autofree char *lower = g_ascii_strdown(path, -1);
	if (g_str_has_suffix(lower, ".svg"))
		entry = load_svg(path, error);
	else
		entry = load_png(path, error);
	if (entry && (entry->width <= 0 || entry->height <= 0)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: image has no size",
		            path);
		g_clear_pointer(&entry, desk_render_image_entry_free);
	}
	if (entry) {
		entry->mtime = (gint64)st.st_mtime, entry->size = (gint64)st.st_size;
		g_hash_table_insert(r->images, g_strdup(path), entry);
	}
	return entry;
}

bool desk_render_image_draw(const draw_ctx_t *ctx, const desk_element_t *el, GError **error)
{
	g_autoptr(GError) local = NULL;
	cairo_t *cr = ctx->cr;

	image_entry_t *img = lookup(ctx->renderer, el->image.path, &local);
	if (!img) {
		g_autofree char *where = desk_render_where(ctx->layout, el);
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s%s", where, local->message);
		return false;
	}
	double sx = el->w / img->width, sy = el->h / img->height;
	double scale = el->image.fit == DESK_FIT_COVER ? MAX(sx, sy) : MIN(sx, sy);
	double w = img->width * scale, h = img->height * scale;
	double x = el->x + (el->w - w) / 2, y = el->y + (el->h - h) / 2;

	cairo_save(cr);
	cairo_rectangle(cr, el->x, el->y, el->w, el->h);
	cairo_clip(cr);
	if (img->svg) {
		RsvgRectangle viewport = {x, y, w, h};
		bool ok = rsvg.render_document(img->svg, cr, &viewport, &local);
		cairo_restore(cr);
		if (!ok) {
			g_autofree char *where = desk_render_where(ctx->layout, el);
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s%s: %s", where,
			            el->image.path, local->message);
		}
		return ok;
	}
	cairo_translate(cr, x, y);
	cairo_scale(cr, scale, scale);
	cairo_set_source_surface(cr, img->png, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
	cairo_paint(cr);
	cairo_restore(cr);
	return true;
}

/* layout-check.c: whole-layout checks: boxes inside the printable area, image paths, QR size. */
#define _XOPEN_SOURCE 700 /* realpath() */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout-internal.h"
#include "qr.h"
#include "template.h"
#include "units.h"

#define EPSILON 0.05 /* points: rounding slack for "inside" */

/* ---- geometry ---------------------------------------------------------------------- */

typedef struct {
	double x0, y0, x1, y1;
} bbox_t;

/* The element's extent on the page, after rotation about its box centre. */
static bbox_t element_bbox(const desk_element_t *e)
{
	double cx = e->x + e->w / 2, cy = e->y + e->h / 2;
	double rad = e->rotation * G_PI / 180.0, c = cos(rad), s = sin(rad);
	double px[4] = {e->x, e->x + e->w, e->x + e->w, e->x};
	double py[4] = {e->y, e->y, e->y + e->h, e->y + e->h};
	int n = e->kind == DESK_ELEM_LINE ? 2 : 4;
	bbox_t box = {INFINITY, INFINITY, -INFINITY, -INFINITY};

	if (e->kind == DESK_ELEM_LINE)
		py[1] = e->y + e->h;
	for (int i = 0; i < n; i++) {
		double dx = px[i] - cx, dy = py[i] - cy;
		double x = e->rotation != 0 ? cx + dx * c - dy * s : px[i];
		double y = e->rotation != 0 ? cy + dx * s + dy * c : py[i];
		box.x0 = MIN(box.x0, x);
		box.y0 = MIN(box.y0, y);
		box.x1 = MAX(box.x1, x);
		box.y1 = MAX(box.y1, y);
	}
	return box;
}

/* Reports the first edge of @box outside @area; returns false if one is. */
static bool check_inside(layout_ctx_t *ctx, const desk_element_t *e, guint index, bbox_t box,
                         bbox_t area, const char *what)
{
	const char *size_key = e->kind == DESK_ELEM_QR ? "size" : NULL;
	struct {
		bool out;
		const char *edge, *key, *limit_word;
		double at, limit;
	} edges[] = {
	    {box.x0 < area.x0 - EPSILON, "left", "x", "starts", box.x0, area.x0},
	    {box.y0 < area.y0 - EPSILON, "top", "y", "starts", box.y0, area.y0},
	    {box.x1 > area.x1 + EPSILON, "right", size_key ? size_key : "w", "ends", box.x1,
	     area.x1},
	    {box.y1 > area.y1 + EPSILON, "bottom", size_key ? size_key : "h", "ends", box.y1,
	     area.y1},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(edges); i++) {
		if (!edges[i].out)
			continue;
		g_autofree char *desc = lelem_describe(e, index);
		g_autofree char *at = desk_units_format_mm(edges[i].at);
		g_autofree char *limit = desk_units_format_mm(edges[i].limit);
		g_autofree char *path = g_strdup_printf("elements/%u/%s", index, edges[i].key);
		lctx_error(ctx, path, true, "%s: %s edge at %s is outside %s (which %s at %s)",
		           desc, edges[i].edge, at, what, edges[i].limit_word, limit);
		return false;
	}
	return true;
}

/* Round die cut: a QR code must lie wholly inside the printable ellipse (an
 * error: a cut code does not scan); a text box only gets a warning, since
 * centred text often fits where the box's corners do not. */
static void check_round(layout_ctx_t *ctx, const desk_element_t *e, guint index, bbox_t box,
                        bbox_t area)
{
	double cx = (area.x0 + area.x1) / 2, cy = (area.y0 + area.y1) / 2;
	double rx = (area.x1 - area.x0) / 2, ry = (area.y1 - area.y0) / 2;
	double xs[2] = {box.x0, box.x1}, ys[2] = {box.y0, box.y1};

	if (e->kind != DESK_ELEM_QR && e->kind != DESK_ELEM_TEXT)
		return;
	for (int i = 0; i < 4; i++) {
		double dx = (xs[i % 2] - cx) / rx, dy = (ys[i / 2] - cy) / ry;
		if (dx * dx + dy * dy <= 1.0 + 1e-3)
			continue;
		g_autofree char *desc = lelem_describe(e, index);
		g_autofree char *path = g_strdup_printf("elements/%u", index);
		if (e->kind == DESK_ELEM_QR)
			lctx_error(ctx, path, false,
			           "%s: a corner lies outside the round page's printable area",
			           desc);
		else
			lctx_warning(ctx, path, false,
			             "%s: a corner lies outside the round page's printable area",
			             desc);
		return;
	}
}

void lcheck_geometry(layout_ctx_t *ctx)
{
	const desk_page_t *p = &ctx->layout->page;
	bbox_t page = {0, 0, p->width, p->height};
	bbox_t printable = {p->margin_left, p->margin_top, p->width - p->margin_right,
	                    p->height - p->margin_bottom};

	for (guint i = 0; i < ctx->layout->elements->len; i++) {
		const desk_element_t *e = g_ptr_array_index(ctx->layout->elements, i);
		bbox_t box = element_bbox(e);
		if (check_inside(ctx, e, i, box, page, "the page") &&
		    check_inside(ctx, e, i, box, printable, "the printable area") &&
		    p->shape == DESK_SHAPE_ROUND)
			check_round(ctx, e, i, box, printable);
	}
}

/* ---- images -------------------------------------------------------------------------- */

static bool has_image_suffix(const char *path)
{
	g_autofree char *lower = g_ascii_strdown(path, -1);
	return g_str_has_suffix(lower, ".svg") || g_str_has_suffix(lower, ".png");
}

static bool inside(const char *path, const char *root)
{
	size_t n = strlen(root);
	return strncmp(path, root, n) == 0 &&
	       (path[n] == '/' || path[n] == '\0' || (n > 0 && root[n - 1] == '/'));
}

bool lcheck_image_path(layout_ctx_t *ctx, const char *jpath, const char *src, char **resolved)
{
	if (!*src) {
		lctx_error(ctx, jpath, false, "\"src\" is empty");
		return false;
	}
	if (!has_image_suffix(src)) {
		lctx_error(ctx, jpath, false,
		           "image \"%s\" must be an SVG or PNG file (.svg, .png)", src);
		return false;
	}
	g_autofree char *joined =
	    g_path_is_absolute(src) ? g_strdup(src) : g_build_filename(ctx->dir, src, NULL);
	g_autofree char *lexical = g_canonicalize_filename(joined, NULL);
	char *real = realpath(joined, NULL);
	g_autofree char *target = g_strdup(real ? real : lexical);
	free(real);
	if (!ctx->root || !inside(target, ctx->root)) {
		lctx_error(ctx, jpath, false, "image \"%s\" is outside the layouts folder%s", src,
		           ctx->root ? "" : " (which does not exist)");
		return false;
	}
	if (!g_file_test(target, G_FILE_TEST_IS_REGULAR)) {
		lctx_error(ctx, jpath, false, "image \"%s\" not found", src);
		return false;
	}
	g_free(*resolved);
	*resolved = g_steal_pointer(&target);
	return true;
}

/* ---- QR module size -------------------------------------------------------------------- */

#define QR_QUIET         4     /* modules of white the renderer draws around the code */
#define QR_MIN_MODULE_MM 0.4   /* smaller modules scan badly on thermal labels */
#define QR_CHECK_DPI     300.0 /* the label printers' resolution */
#define PLAUSIBLE        "Abcdefghij Klmnopqrstuvwx" /* 25 characters */

/* Every field the layout may use, filled with a plausible 25-character value. */
static GHashTable *plausible_fields(const desk_layout_t *layout)
{
	GHashTable *fields = desk_fields_new();
	for (const char *const *f = desk_fields_standard(); *f; f++)
		g_hash_table_insert(fields, g_strdup(*f), g_strdup(PLAUSIBLE));
	g_hash_table_insert(fields, g_strdup("email"), g_strdup("abcdefghij@klmnopqrst.org"));
	for (guint i = 0; i < layout->custom_fields->len; i++)
		g_hash_table_insert(fields, g_strdup(g_ptr_array_index(layout->custom_fields, i)),
		                    g_strdup(PLAUSIBLE));
	return fields;
}

/* The module side in mm when a @side_pt square holds @n modules, snapped to
 * whole printer dots as the renderer does. */
static double module_mm(double side_pt, int n)
{
	double dots = floor(side_pt / 72.0 * QR_CHECK_DPI / n);
	return dots >= 1 ? dots * 25.4 / QR_CHECK_DPI : desk_units_to_mm(side_pt) / n;
}

static void check_qr(layout_ctx_t *ctx, const desk_element_t *e, guint index, GHashTable *fields)
{
	g_autofree char *content = desk_template_expand(e->qr.template, fields);
	g_autofree char *desc = lelem_describe(e, index);
	g_autofree char *path = g_strdup_printf("elements/%u", index);
	g_autoptr(GError) error = NULL;

	if (!*content)
		return;
	g_autoptr(desk_qr_grid_t) grid = desk_qr_encode(content, e->qr.ecc, &error);
	if (!grid) {
		lctx_warning(ctx, path, false,
		             "%s: plausible content (%zu bytes) does not fit a QR code: %s", desc,
		             strlen(content), error->message);
		return;
	}
	int n = grid->size + 2 * QR_QUIET;
	double mm = module_mm(e->w, n);
	if (mm >= QR_MIN_MODULE_MM - 1e-9)
		return;
	int dots = (int)ceil(QR_MIN_MODULE_MM / 25.4 * QR_CHECK_DPI - 1e-9);
	double need = ceil(dots * n * 25.4 / QR_CHECK_DPI);
	lctx_warning(ctx, path, false,
	             "%s: QR modules would be %.2fmm (under %.1fmm) for plausible content of %zu "
	             "bytes (version %d, %d modules with the quiet zone); make it at least %gmm "
	             "or shorten the data",
	             desc, mm, QR_MIN_MODULE_MM, strlen(content), grid->version, n, need);
}

void lcheck_qr_modules(layout_ctx_t *ctx)
{
	g_autoptr(GHashTable) fields = plausible_fields(ctx->layout);

	for (guint i = 0; i < ctx->layout->elements->len; i++) {
		const desk_element_t *e = g_ptr_array_index(ctx->layout->elements, i);
		if (e->kind == DESK_ELEM_QR)
			check_qr(ctx, e, i, fields);
	}
}

/* render-text.c: text elements: measure, shrink, wrap, abbreviate, ellipsize to fit the box. */
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "render-internal.h"
#include "template.h"

#define DEFAULT_FAMILY "Noto Sans"
#define SIZE_STEP      0.25 /* points: the granularity of the size search */
#define FLOOR_SIZE     2.0  /* points: below min_size only as a last resort */
/* Points kept free on each side of the box: antialiasing and outline
 * rounding reach a fraction of a point beyond the measured ink. */
#define INSET 0.5

/* How the layout is broken while fitting. */
typedef enum { FIT_ONE_LINE, FIT_WRAP, FIT_ELLIPSIZE } fit_mode_t;

/* One fitting run. The layout keeps one font size, @ref, throughout: with
 * hinting off, text at size s in a box w wide measures exactly like text at
 * @ref in a box w * ref / s wide, scaled by s / ref. So trying a size means
 * scaling the box, not loading the font at another size (each new size
 * costs pango a font instance and a fontconfig sort: milliseconds). The
 * drawing scales the layout by s / ref. */
typedef struct {
	PangoLayout *pl;
	double ref;  /* the layout's font size, points */
	double w, h; /* box, points */
	int max_lines;
	fit_mode_t mode;
	double ell_width;           /* FIT_ELLIPSIZE: width to cut at, points */
	double x, y, width, height; /* ink ∪ logical at the last measure(), points at that size */
} fitter_t;

/* ---- text preparation ------------------------------------------------- */

/* Valid UTF-8 with control characters (newlines, tabs) turned into spaces. */
static char *clean_text(const char *text)
{
	char *valid = g_utf8_make_valid(text, -1);
	for (char *p = valid; *p; p++)
		if ((guchar)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return g_strstrip(valid);
}

/* "Maria Anna Theresia Koch" -> "Maria A. T. Koch"; NULL when there is no
 * middle part to shorten. An initial keeps its combining marks. */
static char *abbreviate_middle(const char *text)
{
	g_auto(GStrv) parts = g_strsplit(text, " ", -1);
	g_autoptr(GPtrArray) words = g_ptr_array_new();
	for (int i = 0; parts[i]; i++)
		if (*parts[i])
			g_ptr_array_add(words, parts[i]);
	if (words->len < 3)
		return NULL;
	GString *out = g_string_new(g_ptr_array_index(words, 0));
	for (guint i = 1; i + 1 < words->len; i++) {
		const char *word = g_ptr_array_index(words, i);
		const char *end = g_utf8_next_char(word);
		while (*end && g_unichar_ismark(g_utf8_get_char(end)))
			end = g_utf8_next_char(end);
		g_string_append_c(out, ' ');
		g_string_append_len(out, word, end - word);
		if (*end)
			g_string_append_c(out, '.');
	}
	g_string_append_c(out, ' ');
	g_string_append(out, g_ptr_array_index(words, words->len - 1));
	return g_string_free(out, FALSE);
}

static const char *text_lang(const desk_layout_t *layout, const desk_element_t *element,
                             GHashTable *fields)
{
	if (element->text.lang && *element->text.lang)
		return element->text.lang;
	if (layout->page.lang && *layout->page.lang)
		return layout->page.lang;
	const char *event_lang = fields ? g_hash_table_lookup(fields, "event_lang") : NULL;
	return event_lang && *event_lang ? event_lang : NULL;
}

/* ---- measuring ------------------------------------------------------- */

static void rect_union(const PangoRectangle *a, const PangoRectangle *b, PangoRectangle *out)
{
	int x0 = MIN(a->x, b->x), y0 = MIN(a->y, b->y);
	int x1 = MAX(a->x + a->width, b->x + b->width),
	    y1 = MAX(a->y + a->height, b->y + b->height);
	*out = (PangoRectangle){x0, y0, x1 - x0, y1 - y0};
}

static void set_text(fitter_t *f, const char *text)
{
	pango_layout_set_text(f->pl, text, -1);
}

/* Lays the text out as if at @size; true when it fits the box. */
static bool measure(fitter_t *f, double size)
{
	PangoRectangle ink, logical, box;
	double k = f->ref / size; /* layout units per point at @size */
	double width = f->mode == FIT_WRAP ? f->w : f->mode == FIT_ELLIPSIZE ? f->ell_width : -1;

	pango_layout_set_width(f->pl,
	                       width > 0 ? (int)MIN(width * k * PANGO_SCALE, G_MAXINT / 2) : -1);
	pango_layout_get_extents(f->pl, &ink, &logical);
	if (ink.width == 0 || ink.height == 0)
		ink = logical; /* blank text: nothing to union */
	rect_union(&ink, &logical, &box);
	f->x = box.x / (k * PANGO_SCALE), f->y = box.y / (k * PANGO_SCALE);
	f->width = box.width / (k * PANGO_SCALE), f->height = box.height / (k * PANGO_SCALE);
	if (f->mode == FIT_WRAP && pango_layout_get_line_count(f->pl) > f->max_lines)
		return false;
	return f->width <= f->w && f->height <= f->h;
}

/* Finds the largest size in [@lo, @hi] (SIZE_STEP apart) at which the text
 * fits; leaves the layout measured at it. False when not even @lo fits. */
static bool shrink(fitter_t *f, double hi, double lo, double *out)
{
	if (measure(f, hi)) {
		*out = hi;
		return true;
	}
	if (lo >= hi || !measure(f, lo))
		return false;
	/* Invariant: lo fits, hi does not. */
	while (hi - lo > SIZE_STEP) {
		double mid = lo + floor((hi - lo) / 2 / SIZE_STEP) * SIZE_STEP;
		if (mid <= lo)
			mid = lo + SIZE_STEP;
		if (measure(f, mid))
			lo = mid;
		else
			hi = mid;
	}
	measure(f, lo);
	*out = lo;
	return true;
}

static void set_mode(fitter_t *f, fit_mode_t mode)
{
	f->mode = mode;
	pango_layout_set_wrap(f->pl, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_ellipsize(f->pl, mode == FIT_ELLIPSIZE ? PANGO_ELLIPSIZE_END
	                                                        : PANGO_ELLIPSIZE_NONE);
	pango_layout_set_height(f->pl,
	                        mode == FIT_ELLIPSIZE && f->max_lines > 1 ? -f->max_lines : -1);
}

/* Shrinks on one line, then (max_lines > 1) wrapped. */
static bool shrink_and_wrap(fitter_t *f, const desk_text_t *t, double *size)
{
	set_mode(f, FIT_ONE_LINE);
	if (shrink(f, t->size, t->min_size, size))
		return true;
	if (t->max_lines <= 1)
		return false;
	set_mode(f, FIT_WRAP);
	return shrink(f, t->size, t->min_size, size);
}

/* Cuts the text with "…" at @size to the box; narrows the width when ink
 * overhangs it (italic, marks). */
static bool ellipsize_at(fitter_t *f, double size)
{
	set_mode(f, FIT_ELLIPSIZE);
	f->ell_width = f->w;
	for (int tries = 0; tries < 4 && f->ell_width > 0; tries++) {
		if (measure(f, size))
			return true;
		double over = f->width - f->w;
		if (over <= 0)
			return false; /* too tall, not too wide */
		f->ell_width -= over + 0.5;
	}
	return false;
}

static bool ellipsize(fitter_t *f, const desk_text_t *t, double *size)
{
	if (ellipsize_at(f, t->min_size)) {
		*size = t->min_size;
		return true;
	}
	/* Last resort: the box is smaller than min_size allows. */
	for (double s = t->min_size - 1; s >= FLOOR_SIZE; s -= 1) {
		if (ellipsize_at(f, s)) {
			*size = s;
			return true;
		}
	}
	*size = FLOOR_SIZE;
	ellipsize_at(f, FLOOR_SIZE);
	return false;
}

/* ---- the fitting pipeline -------------------------------------------- */

static PangoFontDescription *new_desc(const desk_text_t *t)
{
	PangoFontDescription *desc = pango_font_description_new();
	pango_font_description_set_absolute_size(desc, t->size * PANGO_SCALE);
	pango_font_description_set_family(desc, t->font_family && *t->font_family ? t->font_family
	                                                                          : DEFAULT_FAMILY);
	pango_font_description_set_weight(desc, t->weight > 0 ? (PangoWeight)t->weight
	                                                      : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(desc, (PangoStyle)CLAMP(t->style, 0, 2));
	return desc;
}

static PangoLayout *new_layout(desk_renderer_t *r, const desk_text_t *t, const char *lang)
{
	static const PangoAlignment align[] = {PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER,
	                                       PANGO_ALIGN_RIGHT};
	PangoLayout *pl = pango_layout_new(r->context);
	PangoFontDescription *desc = new_desc(t);
	pango_layout_set_font_description(pl, desc);
	pango_font_description_free(desc);
	pango_layout_set_alignment(pl, align[t->halign]);
	if (lang) {
		PangoAttrList *attrs = pango_attr_list_new();
		pango_attr_list_insert(attrs,
		                       pango_attr_language_new(pango_language_from_string(lang)));
		pango_layout_set_attributes(pl, attrs);
		pango_attr_list_unref(attrs);
	}
	return pl;
}

/* Runs the pipeline; returns the fitted layout (g_object_unref) and fills
 * @out, with the extents relative to the box's top-left. */
/* @el's text settings, made safe to compute with whatever the model holds
 * (the loader validates; this guards the arithmetic). */
static desk_text_t sane_text(const desk_element_t *el)
{
	desk_text_t t = el->text;
	t.size = isfinite(t.size) ? CLAMP(t.size, 1, 1000) : 12;
	t.min_size = isfinite(t.min_size) ? CLAMP(t.min_size, 1, t.size) : t.size;
	t.max_lines = CLAMP(t.max_lines, 1, 100);
	t.halign = CLAMP((int)t.halign, 0, 2);
	t.valign = CLAMP((int)t.valign, 0, 2);
	return t;
}

static PangoLayout *fit_text(desk_renderer_t *r, const desk_element_t *el, const char *raw,
                             const char *lang, desk_text_fit_t *out)
{
	const desk_text_t sane = sane_text(el), *t = &sane;
	g_autofree char *text = clean_text(raw);
	g_autofree char *abbreviated = NULL;
	fitter_t f = {.ref = t->size,
	              .w = MAX(el->w - 2 * INSET, 1),
	              .h = MAX(el->h - 2 * INSET, 1),
	              .max_lines = MAX(t->max_lines, 1)};
	double size = t->size;

	f.pl = new_layout(r, t, lang);
	memset(out, 0, sizeof(*out));
	set_text(&f, text);
	out->fits = shrink_and_wrap(&f, t, &size);
	if (!out->fits && (abbreviated = abbreviate_middle(text))) {
		set_text(&f, abbreviated);
		out->abbreviated = true;
		out->fits = shrink_and_wrap(&f, t, &size);
	}
	if (!out->fits) {
		out->ellipsized = true;
		out->fits = ellipsize(&f, t, &size);
	}
	out->text = g_strdup(pango_layout_get_text(f.pl));
	out->size = size;
	out->lines = pango_layout_get_line_count(f.pl);
	out->unknown_glyphs = pango_layout_get_unknown_glyphs_count(f.pl);
	out->width = f.width, out->height = f.height;
	out->x = f.x, out->y = f.y; /* relative to the layout's origin, for fit_element() */
	return f.pl;
}

/* Fits @el's expanded text and places it: @out gets page coordinates;
 * the layout (returned, g_object_unref) is drawn at *@origin_x/y scaled by
 * *@scale. */
static PangoLayout *fit_element(desk_renderer_t *r, const desk_layout_t *layout,
                                const desk_element_t *el, GHashTable *fields, desk_text_fit_t *out,
                                double *origin_x, double *origin_y, double *scale)
{
	g_autofree char *raw =
	    desk_template_expand(el->text.template ? el->text.template : "", fields);
	PangoLayout *pl = fit_text(r, el, raw, text_lang(layout, el, fields), out);
	double box_x = out->x, box_y = out->y;

	const desk_text_t t = sane_text(el);

	out->x = el->x + INSET + (MAX(el->w - 2 * INSET, 1) - out->width) * t.halign / 2.0;
	out->y = el->y + INSET + (MAX(el->h - 2 * INSET, 1) - out->height) * t.valign / 2.0;
	*origin_x = out->x - box_x;
	*origin_y = out->y - box_y;
	*scale = out->size / t.size;
	return pl;
}

/* ---- public entry points --------------------------------------------- */

void desk_text_fit_finish(desk_text_fit_t *fit)
{
	if (fit)
		g_clear_pointer(&fit->text, g_free);
}

bool desk_render_text_fit(desk_renderer_t *renderer, const desk_layout_t *layout,
                          const desk_element_t *element, GHashTable *fields, desk_text_fit_t *out,
                          GError **error)
{
	double ox, oy, scale;

	g_return_val_if_fail(renderer && layout && element && out, false);
	if (element->kind != DESK_ELEM_TEXT) {
		g_autofree char *where = desk_render_where(layout, element);
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%snot a text element",
		            where);
		return false;
	}
	g_object_unref(fit_element(renderer, layout, element, fields, out, &ox, &oy, &scale));
	return true;
}

bool desk_render_text_draw(const draw_ctx_t *ctx, const desk_element_t *el, GError **error)
{
	desk_text_fit_t fit;
	double ox, oy, scale;
	const desk_color_t *c = &el->text.color;
	(void)error;

	PangoLayout *pl =
	    fit_element(ctx->renderer, ctx->layout, el, ctx->fields, &fit, &ox, &oy, &scale);
	if (fit.text && *fit.text) {
		cairo_t *cr = ctx->cr;
		cairo_save(cr);
		if (!fit.fits) {
			/* Even the smallest size overflows (a box smaller than one
			 * line): cut at the box rather than spill onto the badge. */
			cairo_rectangle(cr, el->x, el->y, el->w, el->h);
			cairo_clip(cr);
		}
		cairo_set_source_rgba(cr, c->r, c->g, c->b, c->a);
		cairo_translate(cr, ox, oy);
		cairo_scale(cr, scale, scale);
		cairo_move_to(cr, 0, 0);
		desk_render_show_layout(ctx->renderer, cr, pl, ctx->device_scale <= 0);
		cairo_restore(cr);
	}
	desk_text_fit_finish(&fit);
	g_object_unref(pl);
	return true;
}

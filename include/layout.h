/* layout.h: the badge and sticker layout model, loaded from JSON and validated once. */
#pragma once

#include <glib.h>
#include <stdbool.h>

/* All lengths in the model are PostScript points (1/72 in), converted when
 * the file is read, so the renderer never sees a unit. Origin: top-left of
 * the page as laid out (after orientation), y grows downwards. */

typedef enum { DESK_LAYOUT_BADGE, DESK_LAYOUT_STICKER } desk_layout_kind_t;

typedef enum {
	DESK_SHAPE_RECT,    /* plain rectangle */
	DESK_SHAPE_ROUNDED, /* rectangle with page.corner_radius */
	DESK_SHAPE_ROUND,   /* ellipse inscribed in the page (round die-cut sticker) */
} desk_page_shape_t;

typedef enum { DESK_ORIENT_PORTRAIT, DESK_ORIENT_LANDSCAPE } desk_orientation_t;

typedef struct {
	double r, g, b, a; /* 0..1 */
} desk_color_t;

typedef struct {
	double width, height; /* points, as designed (landscape: width > height) */
	char *media; /* PWG/CUPS media name ("w167h288", "om_dk-11202_62x100mm"), or NULL */
	desk_orientation_t orientation; /* how the page feeds through the printer */
	double margin_top, margin_right, margin_bottom, margin_left; /* printable area insets */
	desk_page_shape_t shape;
	double corner_radius;
	char *lang; /* default language tag for text ("ja", "en"), or NULL for the event's */
} desk_page_t;

typedef enum {
	DESK_ELEM_TEXT,
	DESK_ELEM_QR,
	DESK_ELEM_IMAGE,
	DESK_ELEM_RECT,
	DESK_ELEM_ELLIPSE,
	DESK_ELEM_LINE,
	DESK_ELEM_N_KINDS,
} desk_element_kind_t;

typedef enum { DESK_HALIGN_LEFT, DESK_HALIGN_CENTER, DESK_HALIGN_RIGHT } desk_halign_t;
typedef enum { DESK_VALIGN_TOP, DESK_VALIGN_MIDDLE, DESK_VALIGN_BOTTOM } desk_valign_t;
typedef enum { DESK_FIT_CONTAIN, DESK_FIT_COVER } desk_image_fit_t;

typedef struct {
	char *template;    /* "{first_name}", "{last_name|upper}" */
	char *font_family; /* fontconfig family, e.g. "Noto Sans" */
	int weight;        /* PangoWeight value: 400 normal, 700 bold */
	int style;         /* PangoStyle value: 0 normal, 1 oblique, 2 italic */
	double size;       /* points: the size to try first */
	double min_size;   /* points: shrink no further than this */
	int max_lines;     /* >= 1 */
	desk_halign_t halign;
	desk_valign_t valign;
	desk_color_t color;
	char *lang; /* language tag override, or NULL */
} desk_text_t;

typedef struct {
	char *template;     /* content template */
	int ecc;            /* -1: choose from content length; else QRecLevel */
	desk_color_t color; /* module colour (black unless a sheet layout says otherwise) */
} desk_qr_t;

typedef struct {
	char *path; /* absolute, resolved and checked to lie inside the layouts folder */
	desk_image_fit_t fit;
} desk_image_t;

typedef struct {
	bool has_fill, has_stroke;
	desk_color_t fill, stroke;
	double stroke_width;  /* points */
	double corner_radius; /* rect only */
} desk_shape_t;

typedef struct {
	desk_element_kind_t kind;
	char *id;           /* optional author-given name, or NULL */
	double x, y, w, h;  /* box in points; a line runs from (x,y) to (x+w,y+h) */
	double rotation;    /* degrees clockwise about the box centre */
	char *if_field;     /* draw only when this field is non-empty, or NULL */
	int line, column;   /* where the element starts in its file, for messages */
	desk_text_t text;   /* DESK_ELEM_TEXT */
	desk_qr_t qr;       /* DESK_ELEM_QR (the QR is square: w == h) */
	desk_image_t image; /* DESK_ELEM_IMAGE */
	desk_shape_t shape; /* RECT, ELLIPSE, LINE */
} desk_element_t;

typedef struct {
	char *path; /* the file it came from */
	char *name;
	desk_layout_kind_t kind;
	desk_page_t page;
	GPtrArray *elements;      /* of desk_element_t *, in drawing order */
	GPtrArray *custom_fields; /* of char *: roster columns this layout may use */
} desk_layout_t;

/* Loads and fully validates a layout file. Relative image paths resolve
 * against the file's folder and must stay inside @layouts_root (NULL: the
 * file's own folder). Returns a new layout (free with desk_layout_free()), or
 * NULL with @error set to the first problem as "file:line:col: message". */
desk_layout_t *desk_layout_load(const char *path, const char *layouts_root, GError **error);

/* As desk_layout_load(), from a buffer; @path names it in messages and
 * anchors relative image paths. */
desk_layout_t *desk_layout_load_data(const char *data, gsize length, const char *path,
                                     const char *layouts_root, GError **error);

/* Validates a layout file and appends every problem found to @messages
 * (char *, "file:line:col: message", owned by the array, which must have a
 * free func of g_free). Returns true when there were no errors. Warnings
 * (such as QR modules under 0.4 mm) are appended with "warning: " after the
 * position and do not make it return false. */
bool desk_layout_check(const char *path, const char *layouts_root, GPtrArray *messages);

/* As desk_layout_check(), on a buffer (e.g. a layout posted by the designer);
 * @path names it in messages and anchors relative image paths. */
bool desk_layout_check_data(const char *data, gsize length, const char *path,
                            const char *layouts_root, GPtrArray *messages);

/* Frees a layout; accepts NULL. */
void desk_layout_free(desk_layout_t *layout);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_layout_t, desk_layout_free)

/* ---- a cache that follows the files (layout-cache.c) ---- */
typedef struct desk_layout_cache desk_layout_cache_t;

/* Layouts from @layouts_dir (images resolve there), each loaded once and
 * again whenever its file changes (mtime, size or inode). One thread only. */
desk_layout_cache_t *desk_layout_cache_new(const char *layouts_dir);
void desk_layout_cache_free(desk_layout_cache_t *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_layout_cache_t, desk_layout_cache_free)
/* The layout in the file at @path as it is now: borrowed until the next call
 * for the same path or desk_layout_cache_free(). NULL with @error when the
 * file is gone or invalid (a stale copy is never returned). */
const desk_layout_t *desk_layout_cache_get(desk_layout_cache_t *cache, const char *path,
                                           GError **error);

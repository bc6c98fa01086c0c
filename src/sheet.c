/* sheet.c: load N-up sheet definitions and stream badges onto A4/Letter PDF pages. */
#include <cairo-pdf.h>
#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sheet.h"

/* ---- loading ------------------------------------------------------------ */

/* Parses "105mm", "3.5in", "1cm", "12pt" into points; writes *@out only on success. */
static bool parse_length(const char *text, double *out)
{
	static const struct {
		const char *unit;
		double points;
	} units[] = {{"mm", 72 / 25.4}, {"cm", 72 / 2.54}, {"in", 72}, {"pt", 1}};
	char *end = NULL;
	double value = g_ascii_strtod(text, &end);
	if (end == text || !isfinite(value) || value < 0)
		return false;
	for (guint i = 0; i < G_N_ELEMENTS(units); i++)
		if (strcmp(end, units[i].unit) == 0) {
			*out = value * units[i].points;
			return true;
		}
	return false;
}

typedef struct {
	const char *path;
	GError **error;
	bool failed;
} reader_t;

static void fail(reader_t *rd, const char *field, const char *message)
{
	if (!rd->failed)
		g_set_error(rd->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s: %s", rd->path,
		            field, message);
	rd->failed = true;
}

/* Reads length @member of object @obj (@field names it in messages). */
static double read_length(reader_t *rd, JsonObject *obj, const char *member, const char *field,
                          double fallback)
{
	JsonNode *node = obj ? json_object_get_member(obj, member) : NULL;
	double value = fallback;
	if (!node)
		return fallback;
	if (JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_STRING &&
	    parse_length(json_node_get_string(node), &value))
		return value;
	fail(rd, field, "expected a length such as \"105mm\", \"4in\" or \"12pt\"");
	return fallback;
}

static int read_count(reader_t *rd, JsonObject *root, const char *member)
{
	JsonNode *node = json_object_get_member(root, member);
	if (node && JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_INT64) {
		gint64 n = json_node_get_int(node);
		if (n >= 1 && n <= 50)
			return (int)n;
	}
	fail(rd, member, "expected a whole number from 1 to 50");
	return 1;
}

static JsonObject *read_object(reader_t *rd, JsonObject *root, const char *member, bool required)
{
	JsonNode *node = json_object_get_member(root, member);
	if (node && JSON_NODE_HOLDS_OBJECT(node))
		return json_node_get_object(node);
	if (node || required)
		fail(rd, member, "expected an object");
	return NULL;
}

static void read_paper(reader_t *rd, JsonObject *root, desk_sheet_t *s)
{
	JsonNode *node = json_object_get_member(root, "paper");
	const char *name =
	    node && JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_STRING
	        ? json_node_get_string(node)
	        : NULL;
	if (g_strcmp0(name, "a4") == 0) {
		s->paper_width = 210 * 72 / 25.4, s->paper_height = 297 * 72 / 25.4;
	} else if (g_strcmp0(name, "letter") == 0) {
		s->paper_width = 8.5 * 72, s->paper_height = 11 * 72;
	} else if (node && JSON_NODE_HOLDS_OBJECT(node)) {
		JsonObject *paper = json_node_get_object(node);
		s->paper_width = read_length(rd, paper, "width", "paper.width", 0);
		s->paper_height = read_length(rd, paper, "height", "paper.height", 0);
	} else {
		fail(rd, "paper", "expected \"a4\", \"letter\" or {\"width\", \"height\"}");
	}
}

static void read_sheet(reader_t *rd, JsonObject *root, desk_sheet_t *s)
{
	read_paper(rd, root, s);
	s->columns = read_count(rd, root, "columns");
	s->rows = read_count(rd, root, "rows");
	JsonObject *cell = read_object(rd, root, "cell", true);
	s->cell_width = read_length(rd, cell, "width", "cell.width", 0);
	s->cell_height = read_length(rd, cell, "height", "cell.height", 0);
	JsonObject *gap = read_object(rd, root, "gap", false);
	s->gap_x = read_length(rd, gap, "x", "gap.x", 0);
	s->gap_y = read_length(rd, gap, "y", "gap.y", 0);
	double used_w = s->columns * s->cell_width + (s->columns - 1) * s->gap_x;
	double used_h = s->rows * s->cell_height + (s->rows - 1) * s->gap_y;
	JsonObject *margin = read_object(rd, root, "margin", false);
	s->margin_left =
	    read_length(rd, margin, "left", "margin.left", (s->paper_width - used_w) / 2);
	s->margin_top =
	    read_length(rd, margin, "top", "margin.top", (s->paper_height - used_h) / 2);
	s->cut_marks = json_object_get_boolean_member_with_default(root, "cut_marks", false);
	if (!rd->failed && (s->cell_width <= 0 || s->cell_height <= 0))
		fail(rd, "cell", "width and height must be greater than zero");
	if (!rd->failed && (s->margin_left < -0.01 || s->margin_top < -0.01 ||
	                    s->margin_left + used_w > s->paper_width + 0.01 ||
	                    s->margin_top + used_h > s->paper_height + 0.01))
		fail(rd, "cell", "the cells do not fit on the paper");
}

desk_sheet_t *desk_sheet_load(const char *path, GError **error)
{
	g_return_val_if_fail(path, NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) local = NULL;
	if (!json_parser_load_from_file(parser, path, &local)) {
		if (g_str_has_prefix(local->message, path))
			g_propagate_error(error,
			                  g_steal_pointer(&local)); /* "path:line:col: ..." */
		else
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", path,
			            local->message);
		return NULL;
	}
	JsonNode *root = json_parser_get_root(parser);
	if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: expected an object",
		            path);
		return NULL;
	}
	desk_sheet_t *sheet = g_new0(desk_sheet_t, 1);
	reader_t rd = {path, error, false};
	read_sheet(&rd, json_node_get_object(root), sheet);
	if (rd.failed) {
		desk_sheet_free(sheet);
		return NULL;
	}
	g_autofree char *base = g_path_get_basename(path);
	sheet->path = g_strdup(path);
	sheet->name =
	    g_str_has_suffix(base, ".json") ? g_strndup(base, strlen(base) - 5) : g_strdup(base);
	return sheet;
}

desk_sheet_t *desk_sheet_find(const char *layouts_dir, const char *name, GError **error)
{
	g_return_val_if_fail(layouts_dir && name, NULL);
	if (g_str_has_suffix(name, ".json"))
		return desk_sheet_load(name, error);
	if (!*name || strchr(name, '/') || name[0] == '.') {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            "sheet \"%s\": not a sheet name", name);
		return NULL;
	}
	g_autofree char *file = g_strconcat(name, ".json", NULL);
	g_autofree char *path = g_build_filename(layouts_dir, "sheets", file, NULL);
	if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "sheet \"%s\": no file %s",
		            name, path);
		return NULL;
	}
	return desk_sheet_load(path, error);
}

void desk_sheet_free(desk_sheet_t *sheet)
{
	if (!sheet)
		return;
	g_free(sheet->path);
	g_free(sheet->name);
	g_free(sheet);
}

/* ---- rendering ------------------------------------------------------------ */

/* How the badge sits in a cell: turned or not, and its offset. */
typedef struct {
	bool turned;
	double dx, dy; /* top-left of the (turned) badge within the cell */
} placement_t;

static bool place_badge(const desk_sheet_t *s, const desk_layout_t *layout, placement_t *out,
                        GError **error)
{
	double w = layout->page.width, h = layout->page.height;
	const double slack = 0.01;
	if (w <= s->cell_width + slack && h <= s->cell_height + slack) {
		*out = (placement_t){false, (s->cell_width - w) / 2, (s->cell_height - h) / 2};
		return true;
	}
	if (h <= s->cell_width + slack && w <= s->cell_height + slack) {
		*out = (placement_t){true, (s->cell_width - h) / 2, (s->cell_height - w) / 2};
		return true;
	}
	g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
	            "%s: the badge (%.1f x %.1f mm) is larger than the cells of sheet \"%s\" "
	            "(%.1f x %.1f mm); badges are never scaled",
	            layout->path ? layout->path : "layout", w * 25.4 / 72, h * 25.4 / 72, s->name,
	            s->cell_width * 25.4 / 72, s->cell_height * 25.4 / 72);
	return false;
}

static void draw_cut_marks(cairo_t *cr, const desk_sheet_t *s)
{
	const double len = 8, off = 2;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
	cairo_set_line_width(cr, 0.3);
	for (int c = 0; c <= s->columns; c++) {
		double x = s->margin_left + c * s->cell_width + MAX(c - 1, 0) * s->gap_x;
		double x2 = x + (c > 0 && c < s->columns ? s->gap_x : 0);
		double top = s->margin_top,
		       bottom = top + s->rows * s->cell_height + (s->rows - 1) * s->gap_y;
		for (int k = 0; k < 2; k++) {
			double xx = k ? x2 : x;
			cairo_move_to(cr, xx, top - off), cairo_line_to(cr, xx, top - off - len);
			cairo_move_to(cr, xx, bottom + off),
			    cairo_line_to(cr, xx, bottom + off + len);
		}
	}
	for (int r = 0; r <= s->rows; r++) {
		double y = s->margin_top + r * s->cell_height + MAX(r - 1, 0) * s->gap_y;
		double y2 = y + (r > 0 && r < s->rows ? s->gap_y : 0);
		double left = s->margin_left,
		       right = left + s->columns * s->cell_width + (s->columns - 1) * s->gap_x;
		for (int k = 0; k < 2; k++) {
			double yy = k ? y2 : y;
			cairo_move_to(cr, left - off, yy), cairo_line_to(cr, left - off - len, yy);
			cairo_move_to(cr, right + off, yy),
			    cairo_line_to(cr, right + off + len, yy);
		}
	}
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* Draws badge number @index on the current page at its cell. */
static bool draw_cell(desk_renderer_t *renderer, const desk_sheet_t *s, const desk_layout_t *layout,
                      const placement_t *p, guint index, GHashTable *fields, cairo_t *cr,
                      GError **error)
{
	int per_page = s->columns * s->rows, cell = (int)(index % (guint)per_page);
	double x = s->margin_left + (cell % s->columns) * (s->cell_width + s->gap_x) + p->dx;
	double y = s->margin_top + (cell / s->columns) * (s->cell_height + s->gap_y) + p->dy;
	cairo_save(cr);
	cairo_translate(cr, x, y);
	if (p->turned) { /* a quarter turn clockwise: the badge's top edge on the right */
		cairo_translate(cr, layout->page.height, 0);
		cairo_rotate(cr, G_PI / 2);
	}
	bool ok = desk_render_draw(renderer, layout, fields, cr, 0, error);
	cairo_restore(cr);
	return ok;
}

static bool stream_badges(desk_renderer_t *renderer, const desk_sheet_t *s,
                          const desk_layout_t *layout, const placement_t *p,
                          desk_sheet_next_fn next, gpointer user_data, cairo_t *cr, guint *count,
                          GError **error)
{
	guint per_page = (guint)(s->columns * s->rows), n = 0;
	GError *local = NULL;
	GHashTable *fields;
	bool ok = true;

	while (ok && (fields = next(user_data, &local))) {
		if (n > 0 && n % per_page == 0)
			cairo_show_page(cr);
		if (n % per_page == 0 && s->cut_marks)
			draw_cut_marks(cr, s);
		ok = draw_cell(renderer, s, layout, p, n, fields, cr, error);
		g_hash_table_unref(fields);
		n++;
	}
	if (local) {
		g_propagate_error(error, local);
		ok = false;
	}
	if (ok && n == 0) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "no badges to render");
		ok = false;
	}
	if (ok)
		cairo_show_page(cr);
	*count = n;
	return ok;
}

bool desk_sheet_render_pdf(desk_renderer_t *renderer, const desk_sheet_t *sheet,
                           const desk_layout_t *layout, desk_sheet_next_fn next, gpointer user_data,
                           const char *path, guint *count, GError **error)
{
	g_return_val_if_fail(renderer && layout && next && path, false);
	/* No sheet: one badge per page, the page the size of the badge. */
	desk_sheet_t single = {.name = "badge",
	                       .paper_width = layout->page.width,
	                       .paper_height = layout->page.height,
	                       .columns = 1,
	                       .rows = 1,
	                       .cell_width = layout->page.width,
	                       .cell_height = layout->page.height};
	placement_t place;
	guint n = 0;
	if (!sheet)
		sheet = &single;
	if (!place_badge(sheet, layout, &place, error))
		return false;
	g_autofree char *tmp = g_strconcat(path, ".tmp", NULL);
	cairo_surface_t *surface =
	    cairo_pdf_surface_create(tmp, sheet->paper_width, sheet->paper_height);
	cairo_t *cr = cairo_create(surface);
	bool ok = cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS;
	if (!ok)
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path,
		            cairo_status_to_string(cairo_surface_status(surface)));
	ok = ok && stream_badges(renderer, sheet, layout, &place, next, user_data, cr, &n, error);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (ok && cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path,
		            cairo_status_to_string(cairo_surface_status(surface)));
		ok = false;
	}
	cairo_surface_destroy(surface);
	if (ok && g_rename(tmp, path) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: %s", path,
		            g_strerror(errno));
		ok = false;
	}
	if (!ok)
		g_unlink(tmp);
	if (count)
		*count = n;
	return ok;
}

typedef struct {
	GPtrArray *list;
	guint next;
} array_iter_t;

static GHashTable *next_from_array(gpointer user_data, GError **error)
{
	array_iter_t *it = user_data;
	(void)error;
	if (it->next >= it->list->len)
		return NULL;
	return g_hash_table_ref(g_ptr_array_index(it->list, it->next++));
}

bool desk_sheet_render_pdf_array(desk_renderer_t *renderer, const desk_sheet_t *sheet,
                                 const desk_layout_t *layout, GPtrArray *fields_list,
                                 const char *path, GError **error)
{
	g_return_val_if_fail(fields_list, false);
	array_iter_t it = {fields_list, 0};
	return desk_sheet_render_pdf(renderer, sheet, layout, next_from_array, &it, path, NULL,
	                             error);
}

/* sheet.h: N-up sheets of badges on A4 or US Letter paper, for office printers. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "layout.h"
#include "render.h"

/* A sheet: paper, a grid of cells, margins and gaps. All lengths are points,
 * converted from "mm", "cm", "in" or "pt" when the file is read. */
typedef struct {
	char *path; /* the file it came from */
	char *name; /* file name without ".json": "a4-8up-a7" */
	double paper_width, paper_height;
	int columns, rows;
	double cell_width, cell_height;
	double margin_left, margin_top; /* to the first cell; centred on the paper when absent */
	double gap_x, gap_y;            /* between cells */
	bool cut_marks; /* short grey marks at the cell corners, outside the cells */
} desk_sheet_t;

/* Loads and validates a sheet file (see docs/sheets.md). Returns a new sheet
 * (desk_sheet_free) or NULL with @error set to "file: field: problem". */
desk_sheet_t *desk_sheet_load(const char *path, GError **error);

/* Loads the sheet called @name from @layouts_dir/sheets/@name.json; @name
 * may also be a path to a .json file. */
desk_sheet_t *desk_sheet_find(const char *layouts_dir, const char *name, GError **error);

void desk_sheet_free(desk_sheet_t *sheet);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_sheet_t, desk_sheet_free)

/* Returns the next badge's fields (a new table, which the sheet renderer
 * unrefs after drawing it), or NULL when there are no more. Return NULL
 * with @error set to stop with an error. */
typedef GHashTable *(*desk_sheet_next_fn)(gpointer user_data, GError **error);

/* Renders one badge of @layout per call of @next, placed (never scaled)
 * centred in each cell, turned 90° when it only fits the cell that way,
 * filling sheets row by row, as a PDF at @path. Pages are streamed: at most
 * one field table is alive at a time, so memory stays flat as the count
 * grows. *@count (if not NULL) receives the number of badges. Fails when
 * the badge is larger than a cell. Writes to a temporary file renamed on
 * success, so @path is never left half-written. @sheet NULL: one badge per
 * page, each page the size of the badge. */
bool desk_sheet_render_pdf(desk_renderer_t *renderer, const desk_sheet_t *sheet,
                           const desk_layout_t *layout, desk_sheet_next_fn next, gpointer user_data,
                           const char *path, guint *count, GError **error);

/* As desk_sheet_render_pdf() over @fields_list, a GPtrArray of GHashTable *
 * (borrowed). */
bool desk_sheet_render_pdf_array(desk_renderer_t *renderer, const desk_sheet_t *sheet,
                                 const desk_layout_t *layout, GPtrArray *fields_list,
                                 const char *path, GError **error);

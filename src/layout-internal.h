/* layout-internal.h: what layout.c, layout-read.c, layout-elem.c and layout-check.c share.
 * Private to the layout module; not part of the public API. */
#pragma once

#include <json-glib/json-glib.h>

#include "jsonpos.h"
#include "layout.h"

/* One message, kept with its position so they can be sorted into file order. */
typedef struct {
	int line, column;
	bool warning;
	char *text;
} layout_msg_t;

/* The state of one load/check run. */
typedef struct {
	const char *path;    /* the file, as named in messages */
	char *dir;           /* its folder: relative image paths start here */
	char *root;          /* the layouts root, resolved (realpath), or NULL */
	desk_jsonpos_t *pos; /* where every key and value is */
	GPtrArray *messages; /* of layout_msg_t * */
	int n_errors;
	bool warnings;        /* run the checks that only warn (not needed to load) */
	desk_layout_t *layout;
} layout_ctx_t;

/* ---- messages (layout-read.c) ---- */
void lctx_error(layout_ctx_t *ctx, const char *jpath, bool key, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);
void lctx_warning(layout_ctx_t *ctx, const char *jpath, bool key, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);
void lctx_error_at(layout_ctx_t *ctx, desk_jsonpos_at_t at, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
char *lctx_path(const char *parent, const char *key); /* "page" + "width" -> "page/width" */

/* ---- typed readers (layout-read.c) ----
 * Each reads @key of @obj (whose JSON path is @jpath). Absent: returns false
 * silently. Present but bad: reports an error at the value and returns false.
 * The output is written only on success. */
bool lread_keys(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *where,
                const char *const *allowed);
bool lread_string(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key,
                  const char **out);
bool lread_length(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key,
                  const char *bare_unit, double *out);
bool lread_number(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key,
                  double min, double max, double *out);
bool lread_int(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key, int min,
               int max, int *out);
/* @names is NULL-terminated; *out receives the index of the match. */
bool lread_enum(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key,
                const char *const *names, int *out);
/* "#rgb", "#rrggbb", "#rrggbbaa", "black", "white"; "none" (when @none is not
 * NULL) sets *none and leaves *out alone. */
bool lread_color(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key,
                 desk_color_t *out, bool *none);
bool lread_lang(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key, char **out);
/* Reports "missing KEY" at @jpath's value when @key is absent. */
bool lread_require(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key,
                   const char *where);
/* Validates a template string at @key and stores a copy in *out. */
bool lread_template(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key,
                    char **out);
bool lread_field_name(layout_ctx_t *ctx, JsonObject *obj, const char *jpath, const char *key,
                      char **out);

/* ---- elements (layout-elem.c) ---- */
void lelem_parse_all(layout_ctx_t *ctx, JsonNode *node, const char *jpath);
void lelem_free(desk_element_t *element);
/* "element 3 (text \"name\")" for messages; a new string. */
char *lelem_describe(const desk_element_t *element, guint index);

/* ---- whole-layout checks (layout-check.c) ---- */
void lcheck_geometry(layout_ctx_t *ctx);
bool lcheck_image_path(layout_ctx_t *ctx, const char *jpath, const char *src, char **resolved);
void lcheck_qr_modules(layout_ctx_t *ctx);

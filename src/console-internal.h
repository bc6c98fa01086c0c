/* console-internal.h: what the organizer console's source files share (not a public API). */
#pragma once

#include "console.h"
#include "http.h"
#include "printq.h"
#include "render.h"
#include "store.h"

struct desk_console {
	desk_api_t *api; /* borrowed */
	char *layouts_dir, *fonts_dir;
	desk_renderer_t *renderer; /* created on the first preview */
};

/* The store, or NULL after sending 503 (store missing from this build). */
desk_store_t *console_store(desk_console_t *c, SoupServerMessage *msg);
/* Sends a GError as JSON: NOT_FOUND 404, INVALID 422, else 500. */
void console_send_gerror(SoupServerMessage *msg, const GError *error);
/* Parses a positive decimal id; false when @text is not one. */
bool console_parse_id(const char *text, gint64 *out);
bool console_method(SoupServerMessage *msg, const char *method);

/* api-console.c: @rest is the path after the prefix ("" or "/..."). */
void console_attendees(desk_console_t *c, SoupServerMessage *msg, const char *rest,
                       GHashTable *query);
void console_stats(desk_console_t *c, SoupServerMessage *msg);
void console_export(desk_console_t *c, SoupServerMessage *msg);
void console_jobs(desk_console_t *c, SoupServerMessage *msg, const char *rest);
void console_printers(desk_console_t *c, SoupServerMessage *msg, const char *rest);
/* api-layouts.c: a layout name is "x.json" or "folder/x.json" (letters, digits, . _ -). */
bool console_layout_name_ok(const char *name);
void console_layouts(desk_console_t *c, SoupServerMessage *msg, const char *rest,
                     GHashTable *query);
/* api-import.c */
void console_import(desk_console_t *c, SoupServerMessage *msg, const char *rest, GHashTable *query);

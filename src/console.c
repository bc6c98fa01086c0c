/* console.c: the organizer console's front door: session check, routing of the organizer API,
 * pages. */
#include <string.h>

#include "console-internal.h"

/* ---- shared helpers ------------------------------------------------------ */

desk_store_t *console_store(desk_console_t *c, SoupServerMessage *msg)
{
	desk_store_t *store = c->api->station ? desk_station_store(c->api->station) : NULL;
	if (!store)
		desk_http_send_error(msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", NULL,
		                     "the store is not part of this build");
	return store;
}

void console_send_gerror(SoupServerMessage *msg, const GError *error)
{
	guint status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
	const char *code = "internal";
	if (error->domain == DESK_STORE_ERROR && error->code == DESK_STORE_ERROR_NOT_FOUND)
		status = SOUP_STATUS_NOT_FOUND, code = "not_found";
	else if ((error->domain == DESK_STORE_ERROR && error->code == DESK_STORE_ERROR_INVALID) ||
	         (error->domain == DESK_STATION_ERROR &&
	          error->code != DESK_STATION_ERROR_UNAVAILABLE))
		status = SOUP_STATUS_UNPROCESSABLE_ENTITY, code = "invalid";
	desk_http_send_error(msg, status, code, NULL, "%s", error->message);
}

bool console_parse_id(const char *text, gint64 *out)
{
	guint64 v = 0;
	if (!text || !g_ascii_string_to_unsigned(text, 10, 1, G_MAXINT64, &v, NULL))
		return false;
	*out = (gint64)v;
	return true;
}

bool console_method(SoupServerMessage *msg, const char *method)
{
	const char *m = soup_server_message_get_method(msg);
	if (strcmp(m, method) == 0 || (strcmp(method, "GET") == 0 && strcmp(m, "HEAD") == 0))
		return true;
	soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Allow",
	                             method);
	desk_http_send_error(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", NULL,
	                     "use %s here", method);
	return false;
}

/* ---- lifecycle ----------------------------------------------------------- */

desk_console_t *desk_console_new(desk_api_t *api, const char *layouts_dir, const char *fonts_dir)
{
	g_return_val_if_fail(api && layouts_dir, NULL);
	desk_console_t *c = g_new0(desk_console_t, 1);
	c->api = api;
	c->layouts_dir = g_strdup(layouts_dir);
	c->fonts_dir = g_strdup(fonts_dir);
	return c;
}

void desk_console_free(desk_console_t *c)
{
	if (!c)
		return;
	desk_renderer_free(c->renderer);
	g_free(c->layouts_dir);
	g_free(c->fonts_dir);
	g_free(c);
}

/* ---- routing ------------------------------------------------------------- */

/* If @path is @prefix or @prefix/..., the rest ("" or "/..."); else NULL. */
static const char *under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/'))
		return path + n;
	return NULL;
}

static bool route_organizer(desk_console_t *c, SoupServerMessage *msg, const char *path,
                            GHashTable *query)
{
	static const char *const known[] = {"/api/attendees", "/api/stats", "/api/layouts",
	                                    "/api/printers",  "/api/jobs",  "/api/import",
	                                    "/api/export"};
	const char *rest = NULL;
	size_t i = 0;
	for (; i < G_N_ELEMENTS(known) && !rest; i++)
		rest = under(path, known[i]);
	if (!rest)
		return false;
	if (!desk_api_organizer(c->api, msg))
		return true;
	switch (i - 1) {
	case 0:
		console_attendees(c, msg, rest, query);
		break;
	case 1:
		if (console_method(msg, "GET"))
			console_stats(c, msg);
		break;
	case 2:
		console_layouts(c, msg, rest, query);
		break;
	case 3:
		console_printers(c, msg, rest);
		break;
	case 4:
		console_jobs(c, msg, rest);
		break;
	case 5:
		console_import(c, msg, rest, query);
		break;
	default:
		if (console_method(msg, "GET"))
			console_export(c, msg);
		break;
	}
	return true;
}

bool desk_console_route_api(desk_console_t *c, SoupServerMessage *msg, const char *path,
                            GHashTable *query)
{
	return route_organizer(c, msg, path, query);
}

/* ---- pages --------------------------------------------------------------- */

static bool send_page(SoupServerMessage *msg, const char *rel)
{
	g_autofree char *res = g_strconcat("/frontdesk/console/", rel, NULL);
	g_autoptr(GBytes) bytes = g_resources_lookup_data(res, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
	if (!bytes)
		return false;
	SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);
	soup_message_headers_replace(h, "Cache-Control", "no-cache");
	soup_message_headers_replace(h, "Content-Security-Policy",
	                             "default-src 'self'; img-src 'self' data: blob:; "
	                             "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
	soup_message_headers_replace(h, "X-Content-Type-Options", "nosniff");
	soup_message_headers_replace(h, "Referrer-Policy", "no-referrer");
	soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
	soup_server_message_set_response(msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
	                                 g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
	return true;
}

bool desk_console_route_page(desk_console_t *c, SoupServerMessage *msg, const char *path)
{
	(void)c;
	const char *page = strcmp(path, "/console/") == 0          ? "index.html"
	                   : strcmp(path, "/console/layouts") == 0 ? "layouts.html"
	                                                           : NULL;
	if (strcmp(path, "/console") == 0) {
		if (console_method(msg, "GET"))
			soup_server_message_set_redirect(msg, SOUP_STATUS_FOUND, "/console/");
		return true;
	}
	if (!page)
		return false;
	if (console_method(msg, "GET") && !send_page(msg, page))
		desk_http_send_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", NULL,
		                     "the console page is missing from this build");
	return true;
}

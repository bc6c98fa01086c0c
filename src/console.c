/* console.c: the organizer console's front door: login, logout, sessions, CSRF checks, routing and pages. */
#include <stdio.h>
#include <string.h>

#include "console-internal.h"

#define COOKIE "fd_session"

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
	         (error->domain == DESK_STATION_ERROR && error->code != DESK_STATION_ERROR_UNAVAILABLE))
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

desk_console_t *desk_console_new(desk_api_t *api, const char *state_dir, const char *layouts_dir,
                                 const char *fonts_dir, GError **error)
{
	g_return_val_if_fail(api && state_dir && layouts_dir, NULL);
	g_autofree char *generated = NULL;
	desk_auth_t *auth = desk_auth_new(state_dir, &generated, error);
	if (!auth)
		return NULL;
	if (generated) {
		printf("frontdesk: organizer password (shown once; change it with `frontdesk "
		       "passwd`): %s\n",
		       generated);
		fflush(stdout);
		g_message("event=password-generated file=%s/" DESK_AUTH_FILE, state_dir);
	}
	desk_console_t *c = g_new0(desk_console_t, 1);
	c->api = api;
	c->auth = auth;
	c->layouts_dir = g_strdup(layouts_dir);
	c->fonts_dir = g_strdup(fonts_dir);
	return c;
}

void desk_console_free(desk_console_t *c)
{
	if (!c)
		return;
	desk_auth_free(c->auth);
	desk_renderer_free(c->renderer);
	g_free(c->layouts_dir);
	g_free(c->fonts_dir);
	g_free(c);
}

/* ---- sessions ------------------------------------------------------------ */

/* The session id from the request's cookie, or NULL (g_free). */
static char *session_id(SoupServerMessage *msg)
{
	const char *header = soup_message_headers_get_list(
		soup_server_message_get_request_headers(msg), "Cookie");
	if (!header)
		return NULL;
	GHashTable *params = soup_header_parse_semi_param_list(header);
	const char *value = g_hash_table_lookup(params, COOKIE);
	char *id = value && *value ? g_strdup(value) : NULL;
	soup_header_free_param_list(params);
	return id;
}

static bool over_tls(SoupServerMessage *msg)
{
	const char *scheme = g_uri_get_scheme(soup_server_message_get_uri(msg));
	return scheme && g_ascii_strcasecmp(scheme, "https") == 0;
}

static void set_cookie(SoupServerMessage *msg, const char *value, bool clear)
{
	g_autofree char *header =
		g_strdup_printf(COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s%s", value,
		                over_tls(msg) ? "; Secure" : "", clear ? "; Max-Age=0" : "");
	soup_message_headers_append(soup_server_message_get_response_headers(msg), "Set-Cookie",
	                            header);
}

static JsonNode *session_json(const char *csrf)
{
	JsonObject *o = json_object_new();
	json_object_set_string_member(o, "csrf", csrf);
	JsonNode *node = json_node_new(JSON_NODE_OBJECT);
	json_node_take_object(node, o);
	return node;
}

static void on_login(desk_console_t *c, SoupServerMessage *msg)
{
	g_autoptr(JsonObject) body = desk_http_read_object(msg);
	const char *password = NULL;
	if (!body || !desk_http_get_string(msg, body, "password", 256, true, &password))
		return;
	g_autofree char *addr = desk_http_client_address(msg);
	g_autofree char *session = NULL, *csrf = NULL;
	g_autoptr(GError) error = NULL;
	guint retry = 1;
	if (!desk_auth_login(c->auth, addr, password, g_get_monotonic_time(), &session, &csrf,
	                     &retry, &error)) {
		bool wait = g_error_matches(error, DESK_AUTH_ERROR, DESK_AUTH_ERROR_BACKOFF);
		bool wrong = g_error_matches(error, DESK_AUTH_ERROR, DESK_AUTH_ERROR_WRONG);
		g_message("event=login result=%s address=%s", wait ? "backoff" : "refused", addr);
		if (wait) {
			g_autofree char *after = g_strdup_printf("%u", retry);
			soup_message_headers_replace(soup_server_message_get_response_headers(msg),
			                             "Retry-After", after);
		}
		desk_http_send_error(msg, wait ? 429 : wrong ? 401 : 500,
		                     wait ? "rate_limited" : wrong ? "wrong_password" : "internal",
		                     "password", "%s", error->message);
		return;
	}
	g_message("event=login result=ok address=%s", addr);
	set_cookie(msg, session, false);
	desk_http_send_json(msg, SOUP_STATUS_OK, session_json(csrf));
}

static void on_logout(desk_console_t *c, SoupServerMessage *msg)
{
	g_autofree char *id = session_id(msg);
	desk_auth_logout(c->auth, id);
	set_cookie(msg, "", true);
	desk_http_send_json(msg, SOUP_STATUS_OK, NULL);
}

/* True when the request has a session and, unless it only reads, the
 * session's CSRF token; otherwise sends 401 or 403. */
static bool authorized(desk_console_t *c, SoupServerMessage *msg)
{
	g_autofree char *id = session_id(msg);
	const char *csrf = desk_auth_session_csrf(c->auth, id, g_get_monotonic_time());
	if (!csrf) {
		desk_http_send_error(msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", NULL,
		                     "organizer login required");
		return false;
	}
	const char *m = soup_server_message_get_method(msg);
	if (strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0)
		return true;
	const char *sent = soup_message_headers_get_one(
		soup_server_message_get_request_headers(msg), "X-CSRF-Token");
	if (desk_auth_token_equal(sent, csrf))
		return true;
	desk_http_send_error(msg, SOUP_STATUS_FORBIDDEN, "csrf", "X-CSRF-Token",
	                     "missing or wrong X-CSRF-Token header");
	return false;
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
	static const char *const known[] = { "/api/attendees", "/api/stats",   "/api/layouts",
		                             "/api/printers",  "/api/jobs",    "/api/import",
		                             "/api/export" };
	const char *rest = NULL;
	size_t i = 0;
	for (; i < G_N_ELEMENTS(known) && !rest; i++)
		rest = under(path, known[i]);
	if (!rest)
		return false;
	if (!authorized(c, msg))
		return true;
	switch (i - 1) {
	case 0: console_attendees(c, msg, rest, query); break;
	case 1: if (console_method(msg, "GET")) console_stats(c, msg); break;
	case 2: console_layouts(c, msg, rest, query); break;
	case 3: console_printers(c, msg, rest); break;
	case 4: console_jobs(c, msg, rest); break;
	case 5: console_import(c, msg, rest, query); break;
	default: if (console_method(msg, "GET")) console_export(c, msg); break;
	}
	return true;
}

bool desk_console_route_api(desk_console_t *c, SoupServerMessage *msg, const char *path,
                            GHashTable *query)
{
	if (strcmp(path, "/api/login") == 0) {
		if (console_method(msg, "POST"))
			on_login(c, msg);
	} else if (strcmp(path, "/api/logout") == 0) {
		if (console_method(msg, "POST") && authorized(c, msg))
			on_logout(c, msg);
	} else if (strcmp(path, "/api/session") == 0) {
		g_autofree char *id = session_id(msg);
		const char *csrf = desk_auth_session_csrf(c->auth, id, g_get_monotonic_time());
		if (!console_method(msg, "GET"))
			return true;
		if (csrf)
			desk_http_send_json(msg, SOUP_STATUS_OK, session_json(csrf));
		else
			desk_http_send_error(msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", NULL,
			                     "organizer login required");
	} else {
		return route_organizer(c, msg, path, query);
	}
	return true;
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
	const char *page = strcmp(path, "/console/") == 0         ? "index.html"
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

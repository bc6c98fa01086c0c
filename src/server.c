/* server.c: the HTTP server: routing, static assets from GResource, limits and organizer guards. */
#include <sodium.h>
#include <string.h>

#include "api.h"
#include "console.h"
#include "http.h"
#include "intake.h"
#include "server.h"

struct desk_server {
	SoupServer *soup;
	desk_config_t *config;
	desk_api_t api;
	desk_console_t *console; /* the organizer console (console.c) */
	guint backup_timer;
	guint request_timeout;    /* config [server] request_timeout, read by intake.c */
	char *generated_password; /* made on first start, to print once */
};

static const char csp[] = "default-src 'self'; img-src 'self' data:; base-uri 'none'; "
                          "form-action 'self'; frame-ancestors 'none'";

/* ---- static assets ------------------------------------------------------ */

static const char *content_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {".html", "text/html; charset=utf-8"},
	    {".css", "text/css; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".mjs", "text/javascript; charset=utf-8"},
	    {".json", "application/json; charset=utf-8"},
	    {".svg", "image/svg+xml"},
	    {".png", "image/png"},
	    {".woff2", "font/woff2"},
	    {".ico", "image/x-icon"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(types); i++)
		if (g_str_has_suffix(path, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

/* Sends web/@rel (embedded at /frontdesk/@rel); false when there is no such file. */
static bool send_asset(SoupServerMessage *msg, const char *rel)
{
	if (strstr(rel, "..") || strstr(rel, "//"))
		return false;
	g_autofree char *res = g_strconcat("/frontdesk/", rel, NULL);
	g_autoptr(GBytes) bytes = g_resources_lookup_data(res, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
	if (!bytes)
		return false;
	SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);
	bool html = g_str_has_suffix(rel, ".html");
	soup_message_headers_replace(h, "Cache-Control", html ? "no-cache" : "max-age=300");
	soup_message_headers_replace(h, "Content-Security-Policy", csp);
	soup_message_headers_replace(h, "X-Content-Type-Options", "nosniff");
	soup_message_headers_replace(h, "Referrer-Policy", "no-referrer");
	soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
	soup_server_message_set_response(msg, content_type(rel), SOUP_MEMORY_COPY,
	                                 g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
	return true;
}

static void send_kiosk(desk_server_t *server, SoupServerMessage *msg, const char *station)
{
	if (*station && (!desk_http_text_ok(station, 64, false) ||
	                 !desk_config_station(server->config, station))) {
		desk_http_send_error(msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL,
		                     "no station called \"%s\" in the configuration",
		                     g_utf8_validate(station, -1, NULL) ? station : "?");
		return;
	}
	if (!send_asset(msg, "kiosk/index.html"))
		desk_http_send_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", NULL,
		                     "the kiosk page is missing from this build");
	else
		desk_api_kiosk_page(&server->api, msg, station);
}

/* ---- routing ------------------------------------------------------------ */

static bool method_is(SoupServerMessage *msg, const char *allowed)
{
	if (strcmp(soup_server_message_get_method(msg), allowed) == 0)
		return true;
	if (strcmp(allowed, "GET") == 0 && strcmp(soup_server_message_get_method(msg), "HEAD") == 0)
		return true;
	soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Allow",
	                             allowed);
	desk_http_send_error(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", NULL,
	                     "use %s here", allowed);
	return false;
}

static bool kiosk_allowed(desk_server_t *server, SoupServerMessage *msg)
{
	g_autofree char *addr = desk_http_client_address(msg);
	guint retry = 1;
	if (desk_ratelimit_take(server->api.kiosk_limit, addr, g_get_monotonic_time(), &retry))
		return desk_api_kiosk_guard(&server->api, msg) != NULL;
	g_autofree char *after = g_strdup_printf("%u", retry);
	soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Retry-After",
	                             after);
	desk_http_send_error(msg, 429, "rate_limited", NULL, "too many requests; try again in %u s",
	                     retry);
	return false;
}

/* GET and PATCH /api/attendees/TOKEN are the kiosk's (display fields of an attendee its
 * session was shown); every other organizer path needs a session. */
static bool route_organizer(desk_server_t *server, SoupServerMessage *msg, const char *path,
                            GHashTable *query)
{
	const char *tail = path + strlen("/api/attendees/");
	if (g_str_has_prefix(path, "/api/attendees/") && strchr(tail, '.') && !strchr(tail, '/') &&
	    (strcmp(soup_server_message_get_method(msg), "PATCH") == 0 ||
	     strcmp(soup_server_message_get_method(msg), "GET") == 0)) {
		if (kiosk_allowed(server, msg))
			desk_api_attendee(&server->api, msg, tail);
		return true;
	}
	/* every organizer endpoint is the console's (console.c); the rest is not ours */
	return desk_console_route_api(server->console, msg, path, query);
}

/* Pairing is rate-limited per address like the kiosk endpoints, without a session. */
static bool pair_allowed(desk_server_t *server, SoupServerMessage *msg)
{
	g_autofree char *addr = desk_http_client_address(msg);
	guint retry = 1;
	if (desk_ratelimit_take(server->api.kiosk_limit, addr, g_get_monotonic_time(), &retry))
		return true;
	desk_http_send_error(msg, 429, "rate_limited", NULL, "too many requests; try again in %u s",
	                     retry);
	return false;
}

/* POST /api/login, POST /api/logout, GET /api/session; kiosk pairing. */
static bool route_session(desk_server_t *server, SoupServerMessage *msg, const char *path)
{
	if (strcmp(path, "/api/login") == 0) {
		if (method_is(msg, "POST"))
			desk_api_login(&server->api, msg);
	} else if (strcmp(path, "/api/logout") == 0) {
		if (method_is(msg, "POST"))
			desk_api_logout(&server->api, msg);
	} else if (strcmp(path, "/api/session") == 0) {
		if (method_is(msg, "GET"))
			desk_api_session(&server->api, msg);
	} else if (strcmp(path, "/api/kiosk/pair") == 0) {
		if (method_is(msg, "POST") && pair_allowed(server, msg))
			desk_api_kiosk_pair(&server->api, msg);
	} else if (strcmp(path, "/api/kiosks") == 0) {
		if (method_is(msg, "GET") && desk_api_organizer(&server->api, msg))
			desk_api_kiosk_list(&server->api, msg);
	} else if (strcmp(path, "/api/kiosks/pair") == 0) {
		if (method_is(msg, "POST") && desk_api_organizer(&server->api, msg))
			desk_api_kiosk_pair_code(&server->api, msg);
	} else {
		return false;
	}
	return true;
}

static bool route_kiosk(desk_server_t *server, SoupServerMessage *msg, const char *path,
                        GHashTable *query)
{
	desk_api_t *api = &server->api;
	const char *method = strcmp(path, "/api/search") == 0 ? "GET" : "POST";
	if (strcmp(path, "/api/search") && strcmp(path, "/api/checkin") &&
	    strcmp(path, "/api/walkin") && strcmp(path, "/api/reprint"))
		return false;
	if (!method_is(msg, method) || !kiosk_allowed(server, msg))
		return true;
	if (strcmp(path, "/api/search") == 0)
		desk_api_search(api, msg, query);
	else if (strcmp(path, "/api/checkin") == 0)
		desk_api_checkin(api, msg);
	else if (strcmp(path, "/api/walkin") == 0)
		desk_api_walkin(api, msg);
	else
		desk_api_reprint(api, msg);
	return true;
}

static void route_api(desk_server_t *server, SoupServerMessage *msg, const char *path,
                      GHashTable *query)
{
	if (route_organizer(server, msg, path, query) || route_session(server, msg, path) ||
	    route_kiosk(server, msg, path, query))
		return;
	if (strcmp(path, "/api/status") == 0) {
		if (method_is(msg, "GET"))
			desk_api_status(&server->api, msg, query);
	} else if (strcmp(path, "/api/events") == 0) {
		if (method_is(msg, "GET"))
			desk_api_events(&server->api, msg, query);
	} else if (g_str_has_prefix(path, "/api/badge/") && g_str_has_suffix(path, ".png")) {
		g_autofree char *token = g_strndup(path + strlen("/api/badge/"),
		                                   strlen(path) - strlen("/api/badge/.png"));
		if (method_is(msg, "GET") && kiosk_allowed(server, msg))
			desk_api_badge_png(&server->api, msg, token, query);
	} else {
		desk_http_send_error(msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL,
		                     "no such endpoint");
	}
}

static void route_page(desk_server_t *server, SoupServerMessage *msg, const char *path)
{
	if (server->console && desk_console_route_page(server->console, msg, path))
		return;
	if (!method_is(msg, "GET"))
		return;
	if (strcmp(path, "/") == 0) {
		soup_server_message_set_redirect(msg, SOUP_STATUS_FOUND, "/kiosk/");
	} else if (strcmp(path, "/kiosk") == 0 || strcmp(path, "/kiosk/") == 0) {
		send_kiosk(server, msg, "");
	} else if (g_str_has_prefix(path, "/kiosk/") && !strchr(path + strlen("/kiosk/"), '/')) {
		send_kiosk(server, msg, path + strlen("/kiosk/"));
	} else if (!g_str_has_prefix(path, "/static/") ||
	           !send_asset(msg, path + strlen("/static/"))) {
		desk_http_send_error(msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL, "no such page");
	}
}

static void on_request(SoupServer *soup, SoupServerMessage *msg, const char *path,
                       GHashTable *query, gpointer user_data)
{
	desk_server_t *server = user_data;
	(void)soup;
	if (soup_server_message_get_status(msg) != 0)
		return; /* already answered by the early handler */
	if (!g_utf8_validate(path, -1, NULL)) {
		desk_http_send_error(msg, SOUP_STATUS_BAD_REQUEST, "bad_utf8", NULL,
		                     "the path is not valid UTF-8");
	} else if (g_str_has_prefix(path, "/api/")) {
		route_api(server, msg, path, query);
	} else {
		route_page(server, msg, path);
	}
	g_autofree char *uri_path = g_utf8_make_valid(path, -1);
	g_debug("method=%s path=%s status=%u", soup_server_message_get_method(msg), uri_path,
	        soup_server_message_get_status(msg));
}

/* ---- lifecycle ---------------------------------------------------------- */

static gboolean on_backup(gpointer user_data)
{
	desk_server_t *server = user_data;
	g_autoptr(GError) error = NULL;
	g_autofree char *path = desk_station_backup(server->api.station, &error);
	if (path)
		g_message("event=backup path=%s", path);
	else
		g_warning("event=backup result=failed reason=\"%s\"", error->message);
	return G_SOURCE_CONTINUE;
}

static void arm_backups(desk_server_t *server)
{
	if (server->backup_timer)
		g_source_remove(server->backup_timer);
	server->backup_timer = 0;
	if (server->api.station && server->config->backup_minutes > 0)
		server->backup_timer =
		    g_timeout_add_seconds(server->config->backup_minutes * 60, on_backup, server);
}

static bool open_station(desk_server_t *server, const char *state_dir, const char *layouts_dir,
                         const char *fonts_dir, GError **error)
{
	g_autoptr(GError) local = NULL;
	g_autoptr(desk_station_t) st = desk_station_new(state_dir, layouts_dir, fonts_dir, &local);
	if (!st && g_error_matches(local, DESK_STATION_ERROR, DESK_STATION_ERROR_UNAVAILABLE)) {
		g_warning("event=degraded reason=\"%s\"", local->message);
		return true;
	}
	if (!st || !desk_station_set_config(st, server->config, &local)) {
		g_propagate_error(error, g_steal_pointer(&local));
		return false;
	}
	desk_station_set_job_listener(st, desk_api_on_job, &server->api);
	desk_station_set_printer_listener(st, desk_api_on_printer, &server->api);
	server->api.station = g_steal_pointer(&st);
	return true;
}

desk_server_t *desk_server_new(desk_config_t *config, const char *state_dir,
                               const char *layouts_dir, const char *fonts_dir, GError **error)
{
	g_return_val_if_fail(config && state_dir && layouts_dir, NULL);
	g_autoptr(desk_server_t) server = g_new0(desk_server_t, 1);
	server->config = config;
	server->api.config = config;
	server->request_timeout = config->request_timeout;
	server->api.live = desk_live_new();
	server->api.kiosk_limit = desk_ratelimit_new(config->kiosk_rate, config->kiosk_burst);
	desk_kiosk_limits_t limits = {config->kiosk_searches, config->kiosk_walkins};
	server->api.kiosk = desk_kiosk_new(&limits);
	randombytes_buf(server->api.token_key, sizeof server->api.token_key);
	if (!open_station(server, state_dir, layouts_dir, fonts_dir, error))
		return NULL;
	server->api.auth = desk_auth_new(state_dir, &server->generated_password, error);
	if (!server->api.auth)
		return NULL;
	server->console = desk_console_new(&server->api, layouts_dir, fonts_dir);
	server->soup = soup_server_new("server-header", "frontdesk", NULL);
	desk_intake_attach(server->soup, &server->request_timeout);
	soup_server_add_handler(server->soup, NULL, on_request, server, NULL);
	arm_backups(server);
	if (server->backup_timer)
		on_backup(server); /* a snapshot at start, before the doors open */
	return g_steal_pointer(&server);
}

void desk_server_free(desk_server_t *server)
{
	if (!server)
		return;
	if (server->backup_timer)
		g_source_remove(server->backup_timer);
	if (server->soup) {
		soup_server_disconnect(server->soup);
		g_object_unref(server->soup);
	}
	/* the station first: freeing its print queue writes the worker's last
	 * outcomes and publishes them, to the console and live feed still here */
	desk_station_free(server->api.station);
	server->api.station = NULL;
	desk_console_free(server->console);
	desk_live_free(server->api.live);
	desk_ratelimit_free(server->api.kiosk_limit);
	desk_auth_free(server->api.auth);
	desk_kiosk_free(server->api.kiosk);
	sodium_memzero(server->api.token_key, sizeof server->api.token_key);
	g_free(server->generated_password);
	desk_config_free(server->config);
	g_free(server);
}

char *desk_server_listen(desk_server_t *server, const char *listen, GError **error)
{
	g_autofree char *host = NULL;
	guint16 port = 0;
	if (!desk_config_parse_listen(listen, &host, &port, error))
		return NULL;
	g_autoptr(GSocketAddress) addr = g_inet_socket_address_new_from_string(host, port);
	if (!addr || !soup_server_listen(server->soup, addr, 0, error))
		return NULL;
	GSList *uris = soup_server_get_uris(server->soup);
	char *url = uris ? g_uri_to_string(uris->data) : NULL;
	g_slist_free_full(uris, (GDestroyNotify)g_uri_unref);
	return url;
}

bool desk_server_reload(desk_server_t *server, desk_config_t *config, GError **error)
{
	g_autoptr(desk_config_t) fresh = config;
	if (server->api.station && !desk_station_set_config(server->api.station, fresh, error))
		return false;
	desk_config_free(server->config);
	server->config = g_steal_pointer(&fresh);
	server->api.config = server->config;
	server->request_timeout = server->config->request_timeout;
	desk_ratelimit_configure(server->api.kiosk_limit, server->config->kiosk_rate,
	                         server->config->kiosk_burst);
	desk_kiosk_limits_t limits = {server->config->kiosk_searches,
	                              server->config->kiosk_walkins};
	desk_kiosk_configure(server->api.kiosk, &limits);
	arm_backups(server);
	return true;
}

bool desk_server_has_store(desk_server_t *server)
{
	return server && server->api.station;
}

char *desk_server_take_generated_password(desk_server_t *server)
{
	return server ? g_steal_pointer(&server->generated_password) : NULL;
}

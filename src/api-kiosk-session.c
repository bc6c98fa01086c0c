/* api-kiosk-session.c: kiosk sessions over HTTP: the cookie set with the kiosk page, pairing
 * kiosks elsewhere on the LAN, the console's list of kiosks, and the live feed per role. */
#include <string.h>

#include "api.h"
#include "http.h"

#define COOKIE "fd_kiosk"

desk_kiosk_session_t *desk_api_kiosk_of(desk_api_t *api, SoupServerMessage *msg)
{
	g_autofree char *id = desk_http_cookie(msg, COOKIE);
	return desk_kiosk_find(api->kiosk, id);
}

desk_kiosk_session_t *desk_api_kiosk_guard(desk_api_t *api, SoupServerMessage *msg)
{
	desk_kiosk_session_t *kiosk = desk_api_kiosk_of(api, msg);
	if (!kiosk)
		desk_http_send_error(msg, SOUP_STATUS_UNAUTHORIZED, "kiosk_session", NULL,
		                     "this browser is not a kiosk: open the kiosk page on the "
		                     "station, or pair it with a code from the console");
	return kiosk;
}

static void set_cookie(SoupServerMessage *msg, desk_kiosk_session_t *kiosk)
{
	/* a session cookie: it ends with the kiosk's browser, as the server-side session does
	 * with the server */
	g_autofree char *header = g_strdup_printf(COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict",
	                                          desk_kiosk_session_id(kiosk));
	soup_message_headers_append(soup_server_message_get_response_headers(msg), "Set-Cookie",
	                            header);
}

void desk_api_kiosk_page(desk_api_t *api, SoupServerMessage *msg, const char *station)
{
	const desk_station_config_t *s =
	    desk_config_station(api->config, *station ? station : NULL);
	desk_kiosk_session_t *kiosk = desk_api_kiosk_of(api, msg);
	if (!s)
		return;
	if (kiosk) {
		desk_kiosk_session_set_station(kiosk, s->name);
		return;
	}
	if (!desk_http_client_loopback(msg) || api->config->pair_loopback)
		return; /* the page asks for a pairing code */
	g_autofree char *client = desk_http_client_address(msg);
	kiosk = desk_kiosk_open(api->kiosk, s->name, client, false);
	set_cookie(msg, kiosk);
	g_autofree char *label = desk_kiosk_session_label(kiosk);
	g_message("event=kiosk action=open kiosk=%s station=%s", label, s->name);
}

void desk_api_kiosk_pair(desk_api_t *api, SoupServerMessage *msg)
{
	g_autoptr(JsonObject) body = desk_http_read_object(msg);
	const char *code = NULL, *station = NULL;
	if (!body || !desk_http_get_string(msg, body, "code", 16, true, &code) ||
	    !desk_http_get_string(msg, body, "station", 64, false, &station))
		return;
	const desk_station_config_t *s = desk_config_station(api->config, station);
	if (!s) {
		desk_http_send_error(msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "bad_value", "station",
		                     "no such station");
		return;
	}
	if (!desk_kiosk_pair(api->kiosk, code)) {
		desk_http_send_error(
		    msg, SOUP_STATUS_FORBIDDEN, "bad_code", "code",
		    "that is not the pairing code the console shows (or it expired)");
		return;
	}
	g_autofree char *client = desk_http_client_address(msg);
	desk_kiosk_session_t *kiosk = desk_kiosk_open(api->kiosk, s->name, client, true);
	set_cookie(msg, kiosk);
	desk_api_kiosk_notice(api, kiosk, "paired");
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	desk_json_add_str(b, "station", s->name);
	json_builder_end_object(b);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
}

void desk_api_kiosk_pair_code(desk_api_t *api, SoupServerMessage *msg)
{
	g_autofree char *code = desk_kiosk_pair_code(api->kiosk);
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	desk_json_add_str(b, "code", code);
	desk_json_add_int(b, "expires_in", 600);
	json_builder_end_object(b);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
	g_message("event=kiosk action=pair-code");
}

static void add_session(desk_kiosk_session_t *kiosk, gpointer user_data)
{
	JsonBuilder *b = user_data;
	desk_kiosk_info_t info;
	desk_kiosk_session_info(kiosk, &info);
	g_autofree char *label = desk_kiosk_session_label(kiosk);
	g_autoptr(GDateTime) seen = g_date_time_new_from_unix_utc(info.seen / G_USEC_PER_SEC);
	g_autofree char *seen_text = g_date_time_format_iso8601(seen);
	json_builder_begin_object(b);
	desk_json_add_str(b, "kiosk", label);
	desk_json_add_str(b, "station", info.station);
	desk_json_add_str(b, "client", info.client);
	desk_json_add_bool(b, "paired", info.paired);
	desk_json_add_int(b, "searches", info.searches);
	desk_json_add_int(b, "sweeps", info.sweeps);
	desk_json_add_int(b, "walkins", info.walkins);
	desk_json_add_str(b, "seen", seen_text);
	json_builder_end_object(b);
}

void desk_api_kiosk_list(desk_api_t *api, SoupServerMessage *msg)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "kiosks");
	json_builder_begin_array(b);
	desk_kiosk_foreach(api->kiosk, add_session, b);
	json_builder_end_array(b);
	json_builder_end_object(b);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
}

void desk_api_kiosk_notice(desk_api_t *api, const desk_kiosk_session_t *kiosk, const char *what)
{
	g_autofree char *label = desk_kiosk_session_label(kiosk);
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	desk_json_add_str(b, "what", what);
	desk_json_add_str(b, "kiosk", label);
	desk_json_add_str(b, "station", desk_kiosk_session_station(kiosk));
	json_builder_end_object(b);
	desk_live_publish(api->live, "kiosk", json_builder_get_root(b));
	g_message("event=kiosk action=%s kiosk=%s station=%s", what, label,
	          desk_kiosk_session_station(kiosk));
}

void desk_api_events(desk_api_t *api, SoupServerMessage *msg, GHashTable *query)
{
	const char *role = query ? g_hash_table_lookup(query, "role") : NULL;
	desk_kiosk_session_t *kiosk = desk_api_kiosk_of(api, msg);
	g_autofree char *session = desk_http_cookie(msg, "fd_session");
	bool organizer = desk_auth_session(api->auth, session) != NULL;
	if (kiosk && (!organizer || g_strcmp0(role, "kiosk") == 0))
		desk_live_attach(api->live, msg, desk_kiosk_session_id(kiosk));
	else if (organizer)
		desk_live_attach(api->live, msg, NULL);
	else
		desk_http_send_error(msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", NULL,
		                     "the live feed is for organizers (log in) and kiosks");
}

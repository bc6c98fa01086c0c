/* api-kiosk.c: the kiosk's JSON endpoints: search, check-in, walk-in, reprint, edits, status,
 * previews. */
#include <sodium.h>
#include <string.h>

#include "api.h"
#include "http.h"
#include "translit.h"

#define NAME_MAX_CHARS 100
#define CODE_MAX_CHARS 512

/* ---- opaque ids --------------------------------------------------------- */

static char *token_mac(const desk_api_t *api, const desk_kiosk_session_t *kiosk, gint64 id)
{
	g_autoptr(GHmac) hmac =
	    g_hmac_new(G_CHECKSUM_SHA256, api->token_key, sizeof api->token_key);
	g_autofree char *text =
	    g_strdup_printf("attendee:%s:%" G_GINT64_FORMAT, desk_kiosk_session_id(kiosk), id);
	g_hmac_update(hmac, (const guchar *)text, (gssize)strlen(text));
	return g_strndup(g_hmac_get_string(hmac), 20);
}

char *desk_api_token(const desk_api_t *api, const desk_kiosk_session_t *kiosk, gint64 attendee_id)
{
	g_autofree char *mac = token_mac(api, kiosk, attendee_id);
	return g_strdup_printf("%" G_GINT64_FORMAT ".%s", attendee_id, mac);
}

bool desk_api_token_parse(const desk_api_t *api, const desk_kiosk_session_t *kiosk,
                          const char *token, gint64 *attendee_id)
{
	const char *dot = token ? strchr(token, '.') : NULL;
	guint64 id = 0;
	if (!kiosk || !dot || dot - token > 19)
		return false;
	g_autofree char *num = g_strndup(token, (gsize)(dot - token));
	if (!g_ascii_string_to_unsigned(num, 10, 1, G_MAXINT64, &id, NULL))
		return false;
	g_autofree char *mac = token_mac(api, kiosk, (gint64)id);
	if (strlen(dot + 1) != strlen(mac) || sodium_memcmp(mac, dot + 1, strlen(mac)) != 0)
		return false;
	*attendee_id = (gint64)id;
	return true;
}

/* ---- the attendees a kiosk is checking in -------------------------------- */

static bool is_selected(desk_kiosk_session_t *kiosk, SoupServerMessage *msg, gint64 id)
{
	if (desk_kiosk_selected(kiosk, id))
		return true;
	desk_http_send_error(msg, SOUP_STATUS_FORBIDDEN, "not_selected", "id",
	                     "open this attendee at this kiosk first");
	return false;
}

/* The attendee @token names for this kiosk; sends 403 when it is not one of its own. */
static bool parse_own(desk_api_t *api, desk_kiosk_session_t *kiosk, SoupServerMessage *msg,
                      const char *token, gint64 *id)
{
	if (desk_api_token_parse(api, kiosk, token, id))
		return true;
	desk_http_send_error(msg, SOUP_STATUS_FORBIDDEN, "not_yours", "id",
	                     "this kiosk was not shown that attendee; search again");
	return false;
}

/* ---- helpers ------------------------------------------------------------ */

static bool need_station(desk_api_t *api, SoupServerMessage *msg)
{
	if (api->station)
		return true;
	desk_http_send_error(msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", NULL,
	                     "the attendee store is not available in this build yet");
	return false;
}

/* Sends @error with the status its domain and code call for. */
static void send_gerror(SoupServerMessage *msg, const GError *error, const char *field)
{
	guint status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
	const char *code = "internal";
	if (error->domain == DESK_STATION_ERROR) {
		static const guint statuses[] = {503, 409, 422, 403};
		static const char *const codes[] = {"unavailable", "reprint_refused", "bad_value",
		                                    "see_volunteer"};
		bool known = error->code >= 0 && error->code < (int)G_N_ELEMENTS(codes);
		status = known ? statuses[error->code] : 500;
		code = known ? codes[error->code] : "internal";
	} else if (error->domain == DESK_STORE_ERROR && error->code == DESK_STORE_ERROR_NOT_FOUND) {
		status = SOUP_STATUS_NOT_FOUND, code = "not_found";
	} else if (error->domain == DESK_STORE_ERROR && error->code == DESK_STORE_ERROR_INVALID) {
		status = SOUP_STATUS_UNPROCESSABLE_ENTITY, code = "bad_value";
	}
	if (status >= 500)
		g_warning("event=error status=%u message=\"%s\"", status, error->message);
	desk_http_send_error(msg, status, code, field, "%s", error->message);
}

/* The members the kiosk may see of one attendee: never email or ticket code. */
static void add_public(desk_api_t *api, desk_kiosk_session_t *kiosk, JsonBuilder *b,
                       const desk_attendee_t *a)
{
	g_autofree char *token = desk_api_token(api, kiosk, a->id);
	g_autofree char *name = desk_station_display_name(api->station, a);
	desk_json_add_str(b, "id", token);
	desk_json_add_str(b, "display_name", name);
	desk_json_add_str(b, "company", a->company);
}

static void add_details(desk_api_t *api, desk_kiosk_session_t *kiosk, JsonBuilder *b,
                        const desk_attendee_t *a)
{
	add_public(api, kiosk, b, a);
	desk_json_add_str(b, "pronouns", a->pronouns);
	desk_json_add_str(b, "group", a->group_name);
	json_builder_set_member_name(b, "checked_in");
	json_builder_add_boolean_value(b, a->checkin_number > 0);
	json_builder_set_member_name(b, "see_volunteer");
	json_builder_add_boolean_value(b, !desk_station_may_check_in(a, NULL));
}

/* ---- search ------------------------------------------------------------- */

/* Sends 429 with Retry-After and @code. */
static void send_slow_down(SoupServerMessage *msg, const char *code, guint retry, const char *what)
{
	g_autofree char *after = g_strdup_printf("%u", retry);
	soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Retry-After",
	                             after);
	desk_http_send_error(msg, 429, code, NULL, "%s; try again in %u s", what, retry);
}

/* A search sweeping the alphabet is slowed down, and staff are told once. */
static bool search_allowed(desk_api_t *api, desk_kiosk_session_t *kiosk, SoupServerMessage *msg)
{
	guint retry = 1;
	bool first = false;
	if (desk_kiosk_take_search(kiosk, &retry, &first))
		return true;
	if (first)
		desk_api_kiosk_notice(api, kiosk, "search_sweep");
	send_slow_down(msg, "rate_limited", retry, "too many searches from this kiosk");
	return false;
}

void desk_api_search(desk_api_t *api, SoupServerMessage *msg, GHashTable *query)
{
	const char *q = query ? g_hash_table_lookup(query, "q") : NULL;
	if (q && !g_utf8_validate(q, -1, NULL)) {
		desk_http_send_error(msg, SOUP_STATUS_BAD_REQUEST, "bad_utf8", "q",
		                     "q is not valid UTF-8");
		return;
	}
	if (q && !desk_http_text_ok(q, NAME_MAX_CHARS, false)) {
		desk_http_send_error(msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "bad_value", "q",
		                     "q must be at most %d characters", NAME_MAX_CHARS);
		return;
	}
	g_autofree char *text = g_strstrip(g_strdup(q ? q : ""));
	g_autoptr(GPtrArray) found = NULL;
	g_autoptr(GError) error = NULL;
	desk_kiosk_session_t *kiosk = desk_api_kiosk_of(api, msg);
	/* One character is too little, except a Han or Hangul one (王, 김): a surname. */
	if (g_utf8_strlen(text, -1) >= 2 || desk_translit_is_cjk_char(text)) {
		if (!need_station(api, msg) || !search_allowed(api, kiosk, msg))
			return;
		found = desk_station_search(api->station, text, 5, &error);
		if (!found) {
			send_gerror(msg, error, "q");
			return;
		}
	}
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "results");
	json_builder_begin_array(b);
	for (guint i = 0; found && i < found->len && i < 5; i++) {
		json_builder_begin_object(b);
		add_public(api, kiosk, b, found->pdata[i]);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
}

/* ---- check-in, walk-in, reprint ----------------------------------------- */

/* The check-in on the live feed: organizers see the attendee's number, the kiosk that
 * did it its own token; other kiosks nothing. */
static void publish_arrival(desk_api_t *api, desk_kiosk_session_t *kiosk, const char *station,
                            const desk_station_result_t *r)
{
	for (int audience = 0; audience < 2; audience++) {
		g_autoptr(JsonBuilder) b = json_builder_new();
		json_builder_begin_object(b);
		if (audience) {
			g_autofree char *token = desk_api_token(api, kiosk, r->attendee_id);
			desk_json_add_str(b, "id", token);
		} else {
			desk_json_add_int(b, "attendee", r->attendee_id);
		}
		desk_json_add_str(b, "station", station);
		desk_json_add_int(b, "number", r->number);
		desk_json_add_str(b, "print", r->printing ? "printing" : "owed");
		json_builder_end_object(b);
		if (audience)
			desk_live_publish_to(api->live, desk_kiosk_session_id(kiosk), "checkin",
			                     json_builder_get_root(b));
		else
			desk_live_publish(api->live, "checkin", json_builder_get_root(b));
	}
	g_message("event=checkin number=%" G_GINT64_FORMAT
	          " station=%s print=%s job=%" G_GINT64_FORMAT,
	          r->number, station, r->printing ? "printing" : "owed", r->badge_job);
}

/* Answers a check-in, walk-in or reprint with the attendee as it will print. */
static void send_result(desk_api_t *api, SoupServerMessage *msg, const char *station,
                        const desk_station_result_t *r, bool reprint)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_attendee_t) a = desk_station_get(api->station, r->attendee_id, &error);
	if (!a) {
		send_gerror(msg, error, NULL);
		return;
	}
	bool printed = !r->already || reprint;
	desk_kiosk_session_t *kiosk = desk_api_kiosk_of(api, msg);
	desk_kiosk_select(kiosk, r->attendee_id);
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autofree char *token = desk_api_token(api, kiosk, r->attendee_id);
	g_autofree char *preview = g_uri_escape_string(station, NULL, FALSE);
	g_autofree char *url = g_strdup_printf("/api/badge/%s.png?station=%s", token, preview);
	json_builder_begin_object(b);
	add_details(api, kiosk, b, a);
	json_builder_set_member_name(b, "number");
	json_builder_add_int_value(b, r->number);
	json_builder_set_member_name(b, "already");
	json_builder_add_boolean_value(b, r->already);
	desk_json_add_str(b, "print", !printed ? "none" : r->printing ? "printing" : "owed");
	desk_json_add_str(b, "reason", printed ? r->reason : NULL);
	json_builder_set_member_name(b, "job");
	json_builder_add_int_value(b, r->badge_job);
	json_builder_set_member_name(b, "reprints_left");
	json_builder_add_int_value(b, MIN(r->reprints_left, 99));
	desk_json_add_str(b, "preview", url);
	json_builder_end_object(b);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
	if (printed)
		publish_arrival(api, kiosk, station, r);
}

/* Reads "station" (default: the station this kiosk's page is for) and checks it names a
 * configured station; writes *@out only on success. (Loading another station's page
 * would move the session there anyway, so a request naming one is not refused.) */
static bool read_station(desk_api_t *api, SoupServerMessage *msg, JsonObject *body,
                         const char **out)
{
	const char *station = NULL;
	desk_kiosk_session_t *kiosk = desk_api_kiosk_of(api, msg);
	if (!desk_http_get_string(msg, body, "station", 64, false, &station))
		return false;
	if (!station || !*station)
		station = desk_kiosk_session_station(kiosk);
	const desk_station_config_t *s = desk_config_station(api->config, station);
	if (!s) {
		desk_http_send_error(msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "bad_value", "station",
		                     "no station called \"%s\"", station);
		return false;
	}
	*out = s->name;
	return true;
}

static bool blank(const char *text)
{
	for (const char *p = text; *p; p = g_utf8_next_char(p))
		if (!g_unichar_isspace(g_utf8_get_char(p)))
			return false;
	return true;
}

/* Applies the optional "edits" object (display fields only) to @id. */
static bool apply_edits(desk_api_t *api, SoupServerMessage *msg, JsonObject *obj, gint64 id)
{
	const char *name = NULL, *pronouns = NULL, *company = NULL, *group = NULL;
	g_autoptr(GError) error = NULL;
	if (!desk_http_get_string(msg, obj, "display_name", NAME_MAX_CHARS, false, &name) ||
	    !desk_http_get_string(msg, obj, "pronouns", 40, false, &pronouns) ||
	    !desk_http_get_string(msg, obj, "company", NAME_MAX_CHARS, false, &company) ||
	    !desk_http_get_string(msg, obj, "group", 64, false, &group))
		return false;
	if (name && blank(name)) {
		desk_http_send_error(msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "bad_value",
		                     "display_name", "display_name cannot be empty");
		return false;
	}
	if (!name && !pronouns && !company && !group)
		return true;
	if (!desk_station_update(api->station, id, name, pronouns, company, group, &error)) {
		send_gerror(msg, error, group && strstr(error->message, "group") ? "group" : NULL);
		return false;
	}
	return true;
}

/* The attendee a request names: "id" (a kiosk token) or "code" (a scanned ticket). */
static bool read_attendee(desk_api_t *api, SoupServerMessage *msg, JsonObject *body,
                          bool allow_code, gint64 *out)
{
	const char *token = NULL, *code = NULL;
	if (!desk_http_get_string(msg, body, "id", 64, false, &token) ||
	    (allow_code && !desk_http_get_string(msg, body, "code", CODE_MAX_CHARS, false, &code)))
		return false;
	if (token)
		return parse_own(api, desk_api_kiosk_of(api, msg), msg, token, out);
	if (!code || !*code) {
		desk_http_send_error(msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "missing",
		                     allow_code ? "code" : "id",
		                     allow_code ? "give id or code" : "id is required");
		return false;
	}
	if (!need_station(api, msg))
		return false;
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_attendee_t) a = desk_station_find_code(api->station, code, &error);
	if (!a) {
		send_gerror(msg, error, "code");
		return false;
	}
	*out = a->id;
	return true;
}

void desk_api_checkin(desk_api_t *api, SoupServerMessage *msg)
{
	g_autoptr(JsonObject) body = desk_http_read_object(msg);
	const char *station = NULL;
	gint64 id = 0;
	if (!body || !read_station(api, msg, body, &station) ||
	    !read_attendee(api, msg, body, true, &id) || !need_station(api, msg))
		return;
	JsonNode *edits = json_object_get_member(body, "edits");
	if (edits && !JSON_NODE_HOLDS_NULL(edits) && !JSON_NODE_HOLDS_OBJECT(edits)) {
		desk_http_send_error(msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "bad_type", "edits",
		                     "edits must be an object");
		return;
	}
	if (edits && JSON_NODE_HOLDS_OBJECT(edits) &&
	    !apply_edits(api, msg, json_node_get_object(edits), id))
		return;
	const char *group = NULL;
	if (!desk_http_get_string(msg, body, "group", 64, false, &group) ||
	    (group && !apply_edits(api, msg, body, id)))
		return;
	desk_station_result_t r = {0};
	g_autoptr(GError) error = NULL;
	api->acting = desk_api_kiosk_of(api, msg); /* its job events follow the attendee */
	bool done = desk_station_checkin(api->station, id, station, &r, &error);
	api->acting = NULL;
	if (!done)
		send_gerror(msg, error, NULL);
	else
		send_result(api, msg, station, &r, false);
	desk_station_result_clear(&r);
}

/* "check": true: the expected attendee this walk-in probably is, adding nobody. */
static void send_walkin_match(desk_api_t *api, SoupServerMessage *msg, const char *first,
                              const char *last, const char *email)
{
	const char *reason = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_attendee_t) a =
	    desk_station_walkin_match(api->station, first, last, email, &reason, &error);
	if (error) {
		send_gerror(msg, error, NULL);
		return;
	}
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "match");
	if (a) {
		json_builder_begin_object(b);
		add_public(api, desk_api_kiosk_of(api, msg), b, a);
		desk_json_add_str(b, "reason", reason);
		json_builder_end_object(b);
	} else {
		json_builder_add_null_value(b);
	}
	json_builder_end_object(b);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
}

void desk_api_walkin(desk_api_t *api, SoupServerMessage *msg)
{
	g_autoptr(JsonObject) body = desk_http_read_object(msg);
	const char *station = NULL, *first = NULL, *last = NULL, *company = NULL, *pronouns = NULL;
	const char *email = NULL, *group = NULL;
	bool consent = false, check = false;
	if (!body || !read_station(api, msg, body, &station) ||
	    !desk_http_get_string(msg, body, "group", 64, false, &group) ||
	    !desk_http_get_string(msg, body, "first_name", NAME_MAX_CHARS, true, &first) ||
	    !desk_http_get_string(msg, body, "last_name", NAME_MAX_CHARS, false, &last) ||
	    !desk_http_get_string(msg, body, "company", NAME_MAX_CHARS, false, &company) ||
	    !desk_http_get_string(msg, body, "pronouns", 40, false, &pronouns) ||
	    !desk_http_get_string(msg, body, "email", 254, false, &email) ||
	    !desk_http_get_bool(msg, body, "consent", false, &consent) ||
	    !desk_http_get_bool(msg, body, "check", false, &check) || !need_station(api, msg))
		return;
	if (blank(first)) {
		desk_http_send_error(msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "missing", "first_name",
		                     "first_name is required");
		return;
	}
	if (check) {
		send_walkin_match(api, msg, first, last, email);
		return;
	}
	if (api->config->consent_required && !consent) {
		desk_http_send_error(msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "consent_required",
		                     "consent",
		                     "this event needs your agreement to the privacy notice");
		return;
	}
	desk_kiosk_session_t *kiosk = desk_api_kiosk_of(api, msg);
	guint retry = 60;
	if (!desk_kiosk_take_walkin(kiosk, &retry)) {
		desk_api_kiosk_notice(api, kiosk, "walkin_limit");
		send_slow_down(msg, "walkin_limit", retry, "too many walk-ins from this kiosk");
		return;
	}
	desk_station_result_t r = {0};
	g_autoptr(GError) error = NULL;
	api->acting = kiosk; /* its job events follow the new attendee */
	bool done = desk_station_walkin(api->station, first, last ? last : "", company, pronouns,
	                                group, consent, station, &r, &error);
	api->acting = NULL;
	if (!done)
		send_gerror(msg, error, group && strstr(error->message, "group") ? "group" : NULL);
	else
		send_result(api, msg, station, &r, false);
	desk_station_result_clear(&r);
}

void desk_api_reprint(desk_api_t *api, SoupServerMessage *msg)
{
	g_autoptr(JsonObject) body = desk_http_read_object(msg);
	const char *station = NULL;
	gint64 id = 0;
	if (!body || !read_station(api, msg, body, &station) ||
	    !read_attendee(api, msg, body, false, &id) || !need_station(api, msg) ||
	    !is_selected(desk_api_kiosk_of(api, msg), msg, id))
		return;
	desk_station_result_t r = {0};
	g_autoptr(GError) error = NULL;
	api->acting = desk_api_kiosk_of(api, msg); /* its job events follow the attendee */
	bool done = desk_station_reprint(api->station, id, station, &r, &error);
	api->acting = NULL;
	if (!done)
		send_gerror(msg, error, NULL);
	else
		send_result(api, msg, station, &r, true);
	desk_station_result_clear(&r);
}

void desk_api_attendee(desk_api_t *api, SoupServerMessage *msg, const char *token)
{
	gint64 id = 0;
	bool patch = strcmp(soup_server_message_get_method(msg), "PATCH") == 0;
	desk_kiosk_session_t *kiosk = desk_api_kiosk_of(api, msg);
	if (!parse_own(api, kiosk, msg, token, &id))
		return;
	g_autoptr(JsonObject) body = patch ? desk_http_read_object(msg) : NULL;
	if ((patch && !body) || !need_station(api, msg) ||
	    (patch && !is_selected(kiosk, msg, id)) || (patch && !apply_edits(api, msg, body, id)))
		return;
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_attendee_t) a = desk_station_get(api->station, id, &error);
	if (!a) {
		send_gerror(msg, error, NULL);
		return;
	}
	desk_kiosk_select(kiosk, id);
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	add_details(api, kiosk, b, a);
	json_builder_end_object(b);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
}

/* ---- previews, status, live job events ---------------------------------- */

/* The unsaved edits a preview shows (display_name, pronouns, company, group
 * from the query), borrowed from @query; NULL after an error answer. */
static GHashTable *preview_edits(SoupServerMessage *msg, GHashTable *query)
{
	static const char *const keys[] = {"display_name", "pronouns", "company", "group"};
	static const guint max[] = {NAME_MAX_CHARS, 40, NAME_MAX_CHARS, 64};
	GHashTable *edits = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; query && i < G_N_ELEMENTS(keys); i++) {
		const char *v = g_hash_table_lookup(query, keys[i]);
		if (!v)
			continue;
		if (!desk_http_text_ok(v, max[i], false)) {
			desk_http_send_error(msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "bad_value",
			                     keys[i], "%s must be text of at most %u characters",
			                     keys[i], max[i]);
			g_hash_table_unref(edits);
			return NULL;
		}
		g_hash_table_insert(edits, (gpointer)keys[i], (gpointer)v);
	}
	return edits;
}

void desk_api_badge_png(desk_api_t *api, SoupServerMessage *msg, const char *token,
                        GHashTable *query)
{
	const char *station = query ? g_hash_table_lookup(query, "station") : NULL;
	const char *dpi_text = query ? g_hash_table_lookup(query, "dpi") : NULL;
	guint64 dpi = 150;
	gint64 id = 0;
	if (dpi_text && !g_ascii_string_to_unsigned(dpi_text, 10, 36, 600, &dpi, NULL)) {
		desk_http_send_error(msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "bad_value", "dpi",
		                     "dpi must be a whole number from 36 to 600");
		return;
	}
	if (station && !desk_config_station(api->config, station)) {
		desk_http_send_error(msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "bad_value", "station",
		                     "no such station");
		return;
	}
	desk_kiosk_session_t *kiosk = desk_api_kiosk_of(api, msg);
	if (!parse_own(api, kiosk, msg, token, &id) || !is_selected(kiosk, msg, id))
		return;
	g_autoptr(GHashTable) edits = preview_edits(msg, query);
	if (!edits)
		return;
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) png =
	    need_station(api, msg)
	        ? desk_station_preview_png(api->station, id, station, edits, (double)dpi, &error)
	        : NULL;
	if (!png) {
		if (error)
			send_gerror(msg, error, NULL);
		return;
	}
	soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Cache-Control",
	                             "no-store");
	soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
	soup_server_message_set_response(msg, "image/png", SOUP_MEMORY_COPY,
	                                 g_bytes_get_data(png, NULL), g_bytes_get_size(png));
}

static void add_event(JsonBuilder *b, const desk_config_t *c)
{
	json_builder_set_member_name(b, "event");
	json_builder_begin_object(b);
	desk_json_add_str(b, "slug", c->slug);
	desk_json_add_str(b, "name", c->name);
	desk_json_add_str(b, "date", c->date);
	desk_json_add_str(b, "lang", c->lang);
	desk_json_add_str(b, "privacy", c->privacy);
	json_builder_set_member_name(b, "privacy_text"); /* per kiosk language */
	json_builder_begin_object(b);
	for (guint i = 0; i < G_N_ELEMENTS(desk_config_languages); i++)
		desk_json_add_str(b, desk_config_languages[i],
		                  desk_config_privacy(c, desk_config_languages[i]));
	json_builder_end_object(b);
	desk_json_add_str(b, "reprint", desk_reprint_policy_name(c->reprint));
	desk_json_add_str(b, "default_group", c->default_group);
	json_builder_set_member_name(b, "walkins");
	json_builder_add_boolean_value(b, c->walkins);
	json_builder_set_member_name(b, "consent_required");
	json_builder_add_boolean_value(b, c->consent_required);
	json_builder_set_member_name(b, "stickers");
	json_builder_add_boolean_value(b, c->stickers);
	json_builder_set_member_name(b, "groups");
	json_builder_begin_array(b);
	for (guint i = 0; i < c->groups->len; i++) {
		const desk_group_config_t *g = c->groups->pdata[i];
		json_builder_begin_object(b);
		desk_json_add_str(b, "short", g->short_name);
		desk_json_add_str(b, "name", g->name);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
}

void desk_api_status(desk_api_t *api, SoupServerMessage *msg, GHashTable *query)
{
	const char *name = query ? g_hash_table_lookup(query, "station") : NULL;
	const desk_station_config_t *s = desk_config_station(api->config, name);
	if (!s) {
		desk_http_send_error(msg, SOUP_STATUS_NOT_FOUND, "not_found", "station",
		                     "no such station");
		return;
	}
	const char *reason = "the attendee store is not available in this build yet";
	const char *printer = api->station ? desk_station_badge_printer(api->station, s->name) : "";
	bool ok = api->station && desk_station_printer_ok(api->station, printer, &reason);
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	desk_json_add_str(b, "station", s->name);
	add_event(b, api->config);
	json_builder_set_member_name(b, "printer");
	json_builder_begin_object(b);
	desk_json_add_str(b, "name", printer);
	json_builder_set_member_name(b, "ok");
	json_builder_add_boolean_value(b, ok);
	desk_json_add_str(b, "reason", ok ? NULL : reason);
	json_builder_end_object(b);
	json_builder_set_member_name(b, "store");
	json_builder_add_boolean_value(b, api->station != NULL);
	json_builder_set_member_name(b, "print_queue");
	json_builder_add_boolean_value(b, desk_station_can_print(api->station));
	desk_kiosk_session_t *kiosk = desk_api_kiosk_of(api, msg);
	json_builder_set_member_name(b, "kiosk"); /* this browser as a kiosk */
	json_builder_begin_object(b);
	desk_json_add_bool(b, "session", kiosk != NULL);
	desk_json_add_str(b, "station", kiosk ? desk_kiosk_session_station(kiosk) : NULL);
	json_builder_end_object(b);
	json_builder_end_object(b);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
}

static JsonNode *job_event(gint64 job_id, const char *who, const char *token, gint64 attendee,
                           const char *state, bool owed, const char *printer, const char *reason)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	desk_json_add_int(b, "job", job_id);
	if (token)
		desk_json_add_str(b, who, token);
	else
		desk_json_add_int(b, who, attendee);
	desk_json_add_str(b, "state", state);
	desk_json_add_bool(b, "owed", owed);
	desk_json_add_str(b, "printer", printer);
	desk_json_add_str(b, "reason", reason);
	json_builder_end_object(b);
	return json_builder_get_root(b);
}

typedef struct {
	desk_api_t *api;
	gint64 job_id, attendee_id;
	const char *state, *printer, *reason;
	bool owed;
} job_fanout_t;

/* A job event goes to the kiosks that selected its attendee, each with its own token. */
static void job_to_kiosk(desk_kiosk_session_t *kiosk, gpointer user_data)
{
	job_fanout_t *j = user_data;
	if (!desk_kiosk_selected(kiosk, j->attendee_id))
		return;
	g_autofree char *token = desk_api_token(j->api, kiosk, j->attendee_id);
	desk_live_publish_to(
	    j->api->live, desk_kiosk_session_id(kiosk), "job",
	    job_event(j->job_id, "id", token, 0, j->state, j->owed, j->printer, j->reason));
}

void desk_api_on_job(gint64 job_id, gint64 attendee_id, const char *state, bool owed,
                     const char *printer, const char *reason, gpointer user_data)
{
	desk_api_t *api = user_data;
	desk_live_publish(
	    api->live, "job",
	    job_event(job_id, "attendee", NULL, attendee_id, state, owed, printer, reason));
	if (api->acting) /* a job the acting kiosk's check-in queued: that kiosk follows it */
		desk_kiosk_select(api->acting, attendee_id);
	job_fanout_t j = {api, job_id, attendee_id, state, printer, reason, owed};
	desk_kiosk_foreach(api->kiosk, job_to_kiosk, &j);
	g_message("event=job job=%" G_GINT64_FORMAT " state=%s owed=%d", job_id, state, owed);
}

typedef struct {
	desk_api_t *api;
	const char *printer, *reason;
	bool ok;
} printer_fanout_t;

static JsonNode *printer_event(const char *printer, bool ok, const char *reason)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	desk_json_add_str(b, "printer", printer);
	desk_json_add_bool(b, "ok", ok);
	desk_json_add_str(b, "reason", ok ? NULL : reason);
	json_builder_end_object(b);
	return json_builder_get_root(b);
}

/* A printer's state goes to the kiosks whose station prints on it. */
static void printer_to_kiosk(desk_kiosk_session_t *kiosk, gpointer user_data)
{
	printer_fanout_t *p = user_data;
	const char *mine =
	    p->api->station
	        ? desk_station_badge_printer(p->api->station, desk_kiosk_session_station(kiosk))
	        : NULL;
	if (g_strcmp0(mine, p->printer) == 0)
		desk_live_publish_to(p->api->live, desk_kiosk_session_id(kiosk), "printer",
		                     printer_event(p->printer, p->ok, p->reason));
}

void desk_api_on_printer(const char *printer, bool ok, const char *reason, gpointer user_data)
{
	desk_api_t *api = user_data;
	desk_live_publish(api->live, "printer", printer_event(printer, ok, reason));
	printer_fanout_t p = {api, printer, reason, ok};
	desk_kiosk_foreach(api->kiosk, printer_to_kiosk, &p);
	g_autofree char *safe = g_strescape(reason, NULL);
	g_message("event=printer printer=%s ok=%d reason=\"%s\"", printer, ok, safe);
}

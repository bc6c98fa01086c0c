/* api-auth.c: organizer login, logout and session checks (cookie + CSRF header) for the HTTP API.
 */
#include <string.h>

#include "api.h"
#include "http.h"

#define COOKIE "fd_session"

typedef struct {
	desk_api_t *api;
	SoupServerMessage *msg;
	char *client, *password, *state_dir;
	bool ok;
} login_t;

static void login_free(gpointer p)
{
	login_t *l = p;
	g_object_unref(l->msg);
	g_free(l->client);
	if (l->password)
		memset(l->password, 0, strlen(l->password));
	g_free(l->password);
	g_free(l->state_dir);
	g_free(l);
}

/* The session cookie of @msg (new string) or NULL. */
static char *session_of(SoupServerMessage *msg)
{
	const char *header =
	    soup_message_headers_get_list(soup_server_message_get_request_headers(msg), "Cookie");
	if (!header)
		return NULL;
	GHashTable *pairs = soup_header_parse_semi_param_list(header);
	const char *value = g_hash_table_lookup(pairs, COOKIE);
	char *copy = value && *value ? g_strdup(value) : NULL;
	soup_header_free_param_list(pairs);
	return copy;
}

static void set_cookie(SoupServerMessage *msg, const char *value, int max_age)
{
	g_autofree char *header = g_strdup_printf(COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; "
	                                                 "Max-Age=%d",
	                                          value, max_age);
	soup_message_headers_append(soup_server_message_get_response_headers(msg), "Set-Cookie",
	                            header);
}

static void verify_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancel)
{
	(void)source, (void)cancel;
	login_t *l = data;
	l->ok = desk_auth_verify(l->state_dir, l->password);
	g_task_return_boolean(task, TRUE);
}

static void on_verified(GObject *source, GAsyncResult *result, gpointer user_data)
{
	(void)source, (void)user_data;
	login_t *l = g_task_get_task_data(G_TASK(result));
	g_autofree char *session = NULL, *csrf = NULL;
	desk_auth_record(l->api->auth, l->client, l->ok, &session, &csrf);
	if (l->ok) {
		g_autoptr(JsonBuilder) b = json_builder_new();
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "csrf");
		json_builder_add_string_value(b, csrf);
		json_builder_end_object(b);
		set_cookie(l->msg, session, 12 * 3600);
		desk_http_send_json(l->msg, SOUP_STATUS_OK, json_builder_get_root(b));
	} else {
		desk_http_send_error(l->msg, SOUP_STATUS_UNAUTHORIZED, "bad_password", "password",
		                     "wrong password");
	}
	g_message("event=login ok=%d", l->ok);
	soup_server_message_unpause(l->msg);
}

void desk_api_login(desk_api_t *api, SoupServerMessage *msg)
{
	g_autoptr(JsonObject) body = desk_http_read_object(msg);
	const char *password = NULL;
	if (!body || !desk_http_get_string(msg, body, "password", 200, true, &password))
		return;
	g_autofree char *client = desk_http_client_address(msg);
	guint retry = 1;
	if (!desk_auth_begin(api->auth, client, &retry)) {
		g_autofree char *after = g_strdup_printf("%u", retry);
		soup_message_headers_replace(soup_server_message_get_response_headers(msg),
		                             "Retry-After", after);
		desk_http_send_error(msg, 429, "rate_limited", NULL,
		                     "too many wrong passwords; try again in %u s", retry);
		return;
	}
	login_t *l = g_new0(login_t, 1);
	l->api = api;
	l->msg = g_object_ref(msg);
	l->client = g_steal_pointer(&client);
	l->password = g_strdup(password);
	l->state_dir = g_strdup(desk_auth_state_dir(api->auth));
	soup_server_message_pause(msg);
	GTask *task = g_task_new(NULL, NULL, on_verified, NULL);
	g_task_set_task_data(task, l, login_free);
	g_task_run_in_thread(task, verify_thread);
	g_object_unref(task);
}

bool desk_api_organizer(desk_api_t *api, SoupServerMessage *msg)
{
	g_autofree char *session = session_of(msg);
	const char *csrf = desk_auth_session(api->auth, session);
	if (!csrf) {
		desk_http_send_error(msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", NULL,
		                     "organizer login required");
		return false;
	}
	const char *method = soup_server_message_get_method(msg);
	if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
		return true;
	const char *header = soup_message_headers_get_one(
	    soup_server_message_get_request_headers(msg), "X-CSRF-Token");
	if (!header || strlen(header) != strlen(csrf) || strcmp(header, csrf) != 0) {
		desk_http_send_error(msg, SOUP_STATUS_FORBIDDEN, "csrf", NULL,
		                     "missing or wrong X-CSRF-Token header");
		return false;
	}
	return true;
}

void desk_api_logout(desk_api_t *api, SoupServerMessage *msg)
{
	if (!desk_api_organizer(api, msg))
		return;
	g_autofree char *session = session_of(msg);
	desk_auth_logout(api->auth, session);
	set_cookie(msg, "", 0);
	desk_http_send_json(msg, SOUP_STATUS_OK, NULL);
}

void desk_api_session(desk_api_t *api, SoupServerMessage *msg)
{
	g_autofree char *session = session_of(msg);
	const char *csrf = desk_auth_session(api->auth, session);
	if (!csrf) {
		desk_http_send_error(msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", NULL,
		                     "organizer login required");
		return;
	}
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "csrf");
	json_builder_add_string_value(b, csrf);
	json_builder_end_object(b);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
}

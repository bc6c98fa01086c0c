/* live.c: Server-Sent Events streams over libsoup-3 chunked responses. */
#include <string.h>

#include "live.h"

struct desk_live {
	GList *clients; /* SoupServerMessage *, referenced; its audience as data TAG_KEY */
	guint keepalive;
};

#define TAG_KEY "desk-live-tag" /* char *: a kiosk session's tag, or absent: organizer */

static void send_chunk(SoupServerMessage *msg, const char *text)
{
	SoupMessageBody *body = soup_server_message_get_response_body(msg);
	soup_message_body_append(body, SOUP_MEMORY_COPY, text, strlen(text));
	soup_server_message_unpause(msg);
}

static void on_client_finished(SoupServerMessage *msg, gpointer user_data)
{
	desk_live_t *live = user_data;
	GList *link = g_list_find(live->clients, msg);
	if (!link)
		return;
	live->clients = g_list_delete_link(live->clients, link);
	g_signal_handlers_disconnect_by_data(msg, live);
	g_object_unref(msg);
}

static gboolean on_keepalive(gpointer user_data)
{
	desk_live_t *live = user_data;
	for (GList *l = live->clients; l; l = l->next)
		send_chunk(l->data, ": keepalive\n\n");
	return G_SOURCE_CONTINUE;
}

desk_live_t *desk_live_new(void)
{
	desk_live_t *live = g_new0(desk_live_t, 1);
	live->keepalive = g_timeout_add_seconds(15, on_keepalive, live);
	return live;
}

void desk_live_free(desk_live_t *live)
{
	if (!live)
		return;
	g_source_remove(live->keepalive);
	while (live->clients) {
		SoupServerMessage *msg = live->clients->data;
		live->clients = g_list_delete_link(live->clients, live->clients);
		g_signal_handlers_disconnect_by_data(msg, live);
		soup_message_body_complete(soup_server_message_get_response_body(msg));
		soup_server_message_unpause(msg);
		g_object_unref(msg);
	}
	g_free(live);
}

void desk_live_attach(desk_live_t *live, SoupServerMessage *msg, const char *tag)
{
	g_return_if_fail(live != NULL && msg != NULL);
	SoupMessageHeaders *headers = soup_server_message_get_response_headers(msg);
	soup_message_headers_set_encoding(headers, SOUP_ENCODING_CHUNKED);
	soup_message_headers_set_content_type(headers, "text/event-stream", NULL);
	soup_message_headers_replace(headers, "Cache-Control", "no-store");
	soup_message_headers_replace(headers, "X-Accel-Buffering", "no");
	soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
	soup_message_body_set_accumulate(soup_server_message_get_response_body(msg), FALSE);
	g_object_set_data_full(G_OBJECT(msg), TAG_KEY, g_strdup(tag), g_free);
	live->clients = g_list_prepend(live->clients, g_object_ref(msg));
	g_signal_connect(msg, "finished", G_CALLBACK(on_client_finished), live);
	g_signal_connect(msg, "disconnected", G_CALLBACK(on_client_finished), live);
	send_chunk(msg, "retry: 2000\n\n");
}

/* Sends @event with @data (taken) to the clients whose tag is @tag (NULL: organizers). */
static void publish(desk_live_t *live, const char *tag, const char *event, JsonNode *data)
{
	g_autoptr(JsonGenerator) gen = json_generator_new();
	json_generator_set_root(gen, data);
	g_autofree char *json = json_generator_to_data(gen, NULL);
	json_node_unref(data);
	/* JSON from the generator has no raw newlines, so one data line suffices. */
	g_autofree char *chunk = g_strdup_printf("event: %s\ndata: %s\n\n", event, json);
	for (GList *l = live->clients; l; l = l->next)
		if (g_strcmp0(g_object_get_data(G_OBJECT(l->data), TAG_KEY), tag) == 0)
			send_chunk(l->data, chunk);
}

void desk_live_publish(desk_live_t *live, const char *event, JsonNode *data)
{
	g_return_if_fail(live != NULL && event != NULL);
	publish(live, NULL, event, data);
}

void desk_live_publish_to(desk_live_t *live, const char *tag, const char *event, JsonNode *data)
{
	g_return_if_fail(live != NULL && tag != NULL && event != NULL);
	publish(live, tag, event, data);
}

guint desk_live_clients(desk_live_t *live)
{
	return live ? g_list_length(live->clients) : 0;
}

/* intake.c: bounded request intake: body limits while reading, deadlines for slow clients. */
#include <string.h>

#include "http.h"
#include "intake.h"

/* What is known of one request while it is read; lives as data on the message. */
typedef struct {
	SoupServerMessage *msg; /* not referenced: this struct dies with it */
	goffset limit, seen;
	guint deadline; /* timeout source, 0 when none */
	const guint *idle_s;
} intake_t;

#define INTAKE_KEY "desk-intake"

goffset desk_intake_body_limit(const char *path)
{
	if (strcmp(path, "/api/import") == 0)
		return DESK_INTAKE_IMPORT_LIMIT;
	if (g_str_has_prefix(path, "/api/layouts/images/"))
		return DESK_INTAKE_IMAGE_LIMIT;
	return DESK_HTTP_BODY_LIMIT;
}

static void intake_free(gpointer p)
{
	intake_t *in = p;
	if (in->deadline)
		g_source_remove(in->deadline);
	g_free(in);
}

/* Closes the connection of @msg: reads and writes end, libsoup drops it. */
static void close_connection(SoupServerMessage *msg, const char *why)
{
	GSocket *sock = soup_server_message_get_socket(msg);
	g_autofree char *addr = desk_http_client_address(msg);
	g_message("event=intake action=close client=%s reason=%s", addr, why);
	if (sock)
		g_socket_shutdown(sock, TRUE, TRUE, NULL);
}

static gboolean on_deadline(gpointer user_data)
{
	intake_t *in = user_data;
	in->deadline = 0;
	close_connection(in->msg, "timeout");
	return G_SOURCE_REMOVE;
}

static void arm(intake_t *in, guint seconds)
{
	if (in->deadline)
		g_source_remove(in->deadline);
	in->deadline = seconds ? g_timeout_add_seconds(seconds, on_deadline, in) : 0;
}

static gboolean on_linger_done(gpointer user_data)
{
	GIOStream *io = user_data;
	g_io_stream_close(io, NULL, NULL);
	g_object_unref(io);
	return G_SOURCE_REMOVE;
}

/* Answers 413 with a JSON error on the bare connection, taking it from libsoup so that
 * nothing more of the body is read, and closes it a moment later. */
static void refuse(intake_t *in)
{
	SoupServerMessage *msg = in->msg;
	goffset limit = in->limit;
	arm(in, 0);
	g_autofree char *addr = desk_http_client_address(msg);
	GSocket *sock = soup_server_message_get_socket(msg);
	g_autofree char *json = g_strdup_printf(
	    "{\"error\":{\"code\":\"too_large\",\"message\":\"request body over %" G_GOFFSET_FORMAT
	    " bytes\"}}",
	    limit);
	g_autofree char *text = g_strdup_printf(
	    "HTTP/1.1 413 Request Entity Too Large\r\nContent-Type: application/json; "
	    "charset=utf-8\r\nCache-Control: no-store\r\nContent-Length: %zu\r\n"
	    "Connection: close\r\n\r\n%s",
	    strlen(json), json);
	g_message("event=intake action=refuse client=%s reason=body-too-large", addr);
	if (sock)
		g_object_ref(sock);
	GIOStream *io = soup_server_message_steal_connection(msg);
	if (!io) {
		g_clear_object(&sock);
		return;
	}
	GOutputStream *out = g_io_stream_get_output_stream(io);
	if (G_IS_POLLABLE_OUTPUT_STREAM(out))
		g_pollable_output_stream_write_nonblocking(G_POLLABLE_OUTPUT_STREAM(out), text,
		                                           strlen(text), NULL, NULL);
	if (sock)
		g_socket_shutdown(sock, FALSE, TRUE, NULL); /* FIN after the answer */
	g_clear_object(&sock);
	g_timeout_add_seconds(1, on_linger_done, io);
}

static void on_got_chunk(SoupServerMessage *msg, GBytes *chunk, gpointer user_data)
{
	intake_t *in = user_data;
	in->seen += (goffset)g_bytes_get_size(chunk);
	if (in->seen <= in->limit)
		return;
	g_signal_handlers_disconnect_by_func(msg, on_got_chunk, in);
	soup_message_body_truncate(soup_server_message_get_request_body(msg));
	refuse(in);
}

/* Decides from the headers alone: refuse an announced oversized body, else count it. */
static void on_got_headers(SoupServerMessage *msg, gpointer user_data)
{
	intake_t *in = user_data;
	SoupMessageHeaders *h = soup_server_message_get_request_headers(msg);
	in->limit = desk_intake_body_limit(g_uri_get_path(soup_server_message_get_uri(msg)));
	arm(in, 3 * *in->idle_s);
	/* the header as sent: libsoup reads 20 digits as "until the connection closes" */
	const char *header = soup_message_headers_get_one(h, "Content-Length");
	g_autofree char *length = header ? g_strstrip(g_strdup(header)) : NULL;
	guint64 n = 0;
	if (length && !g_ascii_string_to_unsigned(length, 10, 0, (guint64)in->limit, &n, NULL)) {
		refuse(in);
		return;
	}
	g_signal_connect(msg, "got-chunk", G_CALLBACK(on_got_chunk), in);
}

static void on_got_body(SoupServerMessage *msg, gpointer user_data)
{
	(void)msg;
	arm(user_data, 0);
}

/* ---- idle keep-alive connections ---------------------------------------- */

#define IDLE_KEY "desk-intake-idle"

/* A timer on a connection between two requests; lives as data on its socket. */
typedef struct {
	GSocket *sock; /* referenced until the timer fires or the next request starts */
	guint source;
} idle_t;

static void idle_free(gpointer p)
{
	idle_t *idle = p;
	if (idle->source)
		g_source_remove(idle->source);
	g_object_unref(idle->sock);
	g_free(idle);
}

/* Drops the timer of @sock, if any (it holds a reference: keep one while doing so). */
static void idle_clear(GSocket *sock)
{
	g_object_ref(sock);
	g_object_set_data(G_OBJECT(sock), IDLE_KEY, NULL);
	g_object_unref(sock);
}

static gboolean on_idle(gpointer user_data)
{
	idle_t *idle = user_data;
	idle->source = 0;
	g_message("event=intake action=close reason=idle");
	g_socket_shutdown(idle->sock, TRUE, TRUE, NULL);
	idle_clear(idle->sock);
	return G_SOURCE_REMOVE;
}

/* A request was answered: the connection may stay open for the next one, but not for long. */
static void on_request_finished(SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
	(void)soup;
	GSocket *sock = soup_server_message_get_socket(msg);
	if (!sock || g_socket_is_closed(sock))
		return;
	idle_t *idle = g_new0(idle_t, 1);
	idle->sock = g_object_ref(sock);
	idle->source = g_timeout_add_seconds(*(const guint *)user_data, on_idle, idle);
	g_object_set_data_full(G_OBJECT(sock), IDLE_KEY, idle, idle_free);
}

/* ---- each request ----------------------------------------------------------- */

static void on_request_started(SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
	(void)soup;
	GSocket *sock = soup_server_message_get_socket(msg);
	if (sock)
		idle_clear(sock);
	intake_t *in = g_new0(intake_t, 1);
	in->msg = msg;
	in->idle_s = user_data;
	in->limit = DESK_HTTP_BODY_LIMIT;
	g_object_set_data_full(G_OBJECT(msg), INTAKE_KEY, in, intake_free);
	g_signal_connect(msg, "got-headers", G_CALLBACK(on_got_headers), in);
	g_signal_connect(msg, "got-body", G_CALLBACK(on_got_body), in);
	arm(in, *in->idle_s);
}

void desk_intake_attach(SoupServer *soup, const guint *idle_s)
{
	g_return_if_fail(SOUP_IS_SERVER(soup) && idle_s);
	g_signal_connect(soup, "request-started", G_CALLBACK(on_request_started), (gpointer)idle_s);
	g_signal_connect(soup, "request-finished", G_CALLBACK(on_request_finished),
	                 (gpointer)idle_s);
	g_signal_connect(soup, "request-aborted", G_CALLBACK(on_request_finished),
	                 (gpointer)idle_s);
}

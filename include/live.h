/* live.h: the live feed (Server-Sent Events) pushing check-ins and printer/job changes: everything
 * to organizer screens, to each kiosk only its own. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

typedef struct desk_live desk_live_t;

/* A new feed with no clients (desk_live_free closes every stream). */
desk_live_t *desk_live_new(void);
void desk_live_free(desk_live_t *live);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_live_t, desk_live_free)

/* Turns @msg into an open text/event-stream response and keeps it until the
 * client goes away. A comment line is sent every 15 s to keep it open.
 * @tag (copied) is the audience it belongs to: NULL for an organizer, else
 * a kiosk session's tag; each client gets only what is published to it. */
void desk_live_attach(desk_live_t *live, SoupServerMessage *msg, const char *tag);

/* Sends "event: @event\ndata: JSON\n\n" to every organizer client. @data is taken. */
void desk_live_publish(desk_live_t *live, const char *event, JsonNode *data);

/* As desk_live_publish(), to the clients attached with @tag only. */
void desk_live_publish_to(desk_live_t *live, const char *tag, const char *event, JsonNode *data);

/* How many clients are connected. */
guint desk_live_clients(desk_live_t *live);

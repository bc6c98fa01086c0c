/* intake.h: bounded request intake for the HTTP server: body size limits while a body is read,
 * and deadlines for slow or idle connections. */
#pragma once

#include <libsoup/soup.h>

/* Request bodies larger than these are refused (413) or cut off while read. */
#define DESK_INTAKE_IMPORT_LIMIT (8 * 1024 * 1024) /* POST /api/import (a roster) */
#define DESK_INTAKE_IMAGE_LIMIT  (1024 * 1024)     /* /api/layouts/images/NAME */

/* The body limit for a request to @path, in bytes. */
goffset desk_intake_body_limit(const char *path);

/* Watches every request @soup reads. A Content-Length over the path's limit
 * is answered 413 at once (the body is never read); a chunked or
 * length-less body is counted as it arrives and the connection closed as
 * soon as it passes the limit. A connection that has not sent a complete
 * request header within @idle_s seconds (idle keep-alive connections too)
 * is closed, and so is one whose body has not arrived within 3 * @idle_s
 * seconds. @idle_s is read through the pointer at each request, so a
 * reloaded value applies to the next one; it must outlive @soup. */
void desk_intake_attach(SoupServer *soup, const guint *idle_s);

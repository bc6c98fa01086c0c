/* api-import.c: roster import for the organizer console (not built yet: answers 501). */
#include "console-internal.h"

void console_import(desk_console_t *c, SoupServerMessage *msg, const char *rest)
{
	(void)c, (void)rest;
	desk_http_send_error(msg, SOUP_STATUS_NOT_IMPLEMENTED, "not_implemented", NULL,
	                     "roster import from the console is not built yet; use "
	                     "`frontdesk import`");
}

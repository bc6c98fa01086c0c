/* weak-deps.h: lets the station build and run while other modules are still landing.
 * Every function below is referenced weakly: when its module is not linked in, its
 * address is NULL and the station answers 503 "not available in this build".
 * Remove once every module is on main. */
#pragma once

#include "layout.h"
#include "printq.h"
#include "render.h"
#include "store.h"

#pragma weak desk_store_open
#pragma weak desk_store_free
#pragma weak desk_store_db
#pragma weak desk_store_event_ensure
#pragma weak desk_store_event_get
#pragma weak desk_event_free
#pragma weak desk_store_attendee_get
#pragma weak desk_attendee_free
#pragma weak desk_attendee_fields
#pragma weak desk_store_find_code
#pragma weak desk_store_search
#pragma weak desk_store_attendee_update_display
#pragma weak desk_store_checkin
#pragma weak desk_store_walkin
#pragma weak desk_store_error_quark
#pragma weak desk_printq_new
#pragma weak desk_printq_free
#pragma weak desk_printq_set_listener
#pragma weak desk_printq_submit
#pragma weak desk_job_state_name
#pragma weak desk_layout_load
#pragma weak desk_layout_free
#pragma weak desk_renderer_new
#pragma weak desk_renderer_free
#pragma weak desk_render_png

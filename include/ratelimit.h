/* ratelimit.h: a token bucket per client address for the kiosk endpoints. */
#pragma once

#include <glib.h>
#include <stdbool.h>

typedef struct desk_ratelimit desk_ratelimit_t;

/* Each address may make @burst requests at once, refilled at @per_minute. */
desk_ratelimit_t *desk_ratelimit_new(guint per_minute, guint burst);
void desk_ratelimit_free(desk_ratelimit_t *limit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_ratelimit_t, desk_ratelimit_free)

/* Changes the rates (config reload); buckets keep their tokens, capped. */
void desk_ratelimit_configure(desk_ratelimit_t *limit, guint per_minute, guint burst);

/* Takes one token for @address at monotonic time @now_us. Returns false when
 * the bucket is empty; *@retry_after_s (if not NULL) then says when to retry. */
bool desk_ratelimit_take(desk_ratelimit_t *limit, const char *address, gint64 now_us,
                         guint *retry_after_s);

/* ratelimit.c: a token bucket per client address. */
#include <math.h>

#include "ratelimit.h"

typedef struct {
	double tokens;
	gint64 last_us;
} bucket_t;

struct desk_ratelimit {
	double per_us, burst;
	GHashTable *buckets; /* char * address -> bucket_t * */
};

desk_ratelimit_t *desk_ratelimit_new(guint per_minute, guint burst)
{
	desk_ratelimit_t *limit = g_new0(desk_ratelimit_t, 1);
	limit->buckets = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	desk_ratelimit_configure(limit, per_minute, burst);
	return limit;
}

void desk_ratelimit_free(desk_ratelimit_t *limit)
{
	if (!limit)
		return;
	g_hash_table_unref(limit->buckets);
	g_free(limit);
}

void desk_ratelimit_configure(desk_ratelimit_t *limit, guint per_minute, guint burst)
{
	g_return_if_fail(limit != NULL);
	limit->per_us = per_minute / 60e6;
	limit->burst = MAX(burst, 1);
}

/* Forgets full buckets so that many addresses cannot grow the table forever. */
static void prune(desk_ratelimit_t *limit, gint64 now_us)
{
	GHashTableIter it;
	gpointer value;
	g_hash_table_iter_init(&it, limit->buckets);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		bucket_t *b = value;
		if (b->tokens + (now_us - b->last_us) * limit->per_us >= limit->burst)
			g_hash_table_iter_remove(&it);
	}
}

bool desk_ratelimit_take(desk_ratelimit_t *limit, const char *address, gint64 now_us,
                         guint *retry_after_s)
{
	g_return_val_if_fail(limit != NULL && address != NULL, false);
	if (g_hash_table_size(limit->buckets) > 4096)
		prune(limit, now_us);
	bucket_t *b = g_hash_table_lookup(limit->buckets, address);
	if (!b) {
		b = g_new0(bucket_t, 1);
		b->tokens = limit->burst;
		b->last_us = now_us;
		g_hash_table_insert(limit->buckets, g_strdup(address), b);
	}
	b->tokens = MIN(limit->burst, b->tokens + (now_us - b->last_us) * limit->per_us);
	b->last_us = now_us;
	if (b->tokens >= 1.0) {
		b->tokens -= 1.0;
		return true;
	}
	if (retry_after_s)
		*retry_after_s =
		    limit->per_us > 0 ? (guint)ceil((1.0 - b->tokens) / limit->per_us / 1e6) : 60;
	return false;
}

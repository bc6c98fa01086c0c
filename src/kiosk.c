/* kiosk.c: kiosk sessions (cookie ids from libsodium), what each selected, its search and
 * walk-in allowance, and pairing codes for kiosks elsewhere on the LAN. */
#include <sodium.h>
#include <string.h>

#include "kiosk.h"

#define MAX_SESSIONS 256
#define SELECTED_US  (10 * 60 * G_USEC_PER_SEC)
#define PAIR_US      (10 * 60 * G_USEC_PER_SEC)
#define PAIR_TRIES   5

typedef struct {
	double tokens, burst, per_us;
	gint64 last;
} bucket_t;

struct desk_kiosk_session {
	char id[65];
	char *station, *client;
	bool paired;
	GHashTable *selected; /* gint64 * attendee -> gint64 * until (monotonic µs) */
	bucket_t search, walkin;
	guint searches, walkins, sweeps;
	gint64 opened, seen; /* real time */
	gint64 touched;      /* monotonic, for eviction */
};

struct desk_kiosk {
	GHashTable *sessions; /* char * id (the session's own) -> desk_kiosk_session_t * */
	desk_kiosk_limits_t limits;
	char pair_code[9];
	gint64 pair_until; /* monotonic µs; 0: no live code */
	guint pair_wrong;
};

/* ---- buckets --------------------------------------------------------------- */

static void bucket_set(bucket_t *b, double burst, double per_us)
{
	b->burst = MAX(burst, 1);
	b->per_us = per_us;
	if (!b->last)
		b->tokens = b->burst, b->last = g_get_monotonic_time();
}

static bool bucket_take(bucket_t *b, guint *retry_after_s)
{
	gint64 now = g_get_monotonic_time();
	b->tokens = MIN(b->burst, b->tokens + (double)(now - b->last) * b->per_us);
	b->last = now;
	if (b->tokens >= 1.0) {
		b->tokens -= 1.0;
		return true;
	}
	if (retry_after_s)
		*retry_after_s =
		    b->per_us > 0 ? (guint)((1.0 - b->tokens) / b->per_us / 1e6) + 1 : 60;
	return false;
}

static void session_limits(desk_kiosk_session_t *s, const desk_kiosk_limits_t *l)
{
	bucket_set(&s->search, l->searches_per_minute, l->searches_per_minute / 60e6);
	bucket_set(&s->walkin, MAX(l->walkins_per_hour / 3, 1), l->walkins_per_hour / 3600e6);
}

/* ---- sessions ------------------------------------------------------------- */

static void session_free(gpointer p)
{
	desk_kiosk_session_t *s = p;
	g_hash_table_unref(s->selected);
	g_free(s->station);
	g_free(s->client);
	sodium_memzero(s->id, sizeof s->id);
	g_free(s);
}

desk_kiosk_t *desk_kiosk_new(const desk_kiosk_limits_t *limits)
{
	g_return_val_if_fail(limits != NULL, NULL);
	if (sodium_init() < 0)
		g_error("libsodium could not start");
	desk_kiosk_t *k = g_new0(desk_kiosk_t, 1);
	k->sessions = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, session_free);
	k->limits = *limits;
	return k;
}

void desk_kiosk_free(desk_kiosk_t *kiosk)
{
	if (!kiosk)
		return;
	g_hash_table_unref(kiosk->sessions);
	sodium_memzero(kiosk->pair_code, sizeof kiosk->pair_code);
	g_free(kiosk);
}

void desk_kiosk_configure(desk_kiosk_t *kiosk, const desk_kiosk_limits_t *limits)
{
	g_return_if_fail(kiosk && limits);
	kiosk->limits = *limits;
	GHashTableIter it;
	gpointer value;
	g_hash_table_iter_init(&it, kiosk->sessions);
	while (g_hash_table_iter_next(&it, NULL, &value))
		session_limits(value, limits);
}

static void evict_one(desk_kiosk_t *kiosk)
{
	GHashTableIter it;
	gpointer key, value, oldest = NULL;
	gint64 when = G_MAXINT64;
	g_hash_table_iter_init(&it, kiosk->sessions);
	while (g_hash_table_iter_next(&it, &key, &value))
		if (((desk_kiosk_session_t *)value)->touched < when)
			when = ((desk_kiosk_session_t *)value)->touched, oldest = key;
	if (oldest)
		g_hash_table_remove(kiosk->sessions, oldest);
}

desk_kiosk_session_t *desk_kiosk_open(desk_kiosk_t *kiosk, const char *station, const char *client,
                                      bool paired)
{
	g_return_val_if_fail(kiosk && station && client, NULL);
	while (g_hash_table_size(kiosk->sessions) >= MAX_SESSIONS)
		evict_one(kiosk);
	desk_kiosk_session_t *s = g_new0(desk_kiosk_session_t, 1);
	guint8 raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(s->id, sizeof s->id, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
	s->station = g_strdup(station);
	s->client = g_strdup(client);
	s->paired = paired;
	s->selected = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	s->opened = s->seen = g_get_real_time();
	s->touched = g_get_monotonic_time();
	session_limits(s, &kiosk->limits);
	g_hash_table_insert(kiosk->sessions, s->id, s);
	return s;
}

desk_kiosk_session_t *desk_kiosk_find(desk_kiosk_t *kiosk, const char *id)
{
	g_return_val_if_fail(kiosk != NULL, NULL);
	desk_kiosk_session_t *s = id ? g_hash_table_lookup(kiosk->sessions, id) : NULL;
	if (s) {
		s->seen = g_get_real_time();
		s->touched = g_get_monotonic_time();
	}
	return s;
}

const char *desk_kiosk_session_id(const desk_kiosk_session_t *s)
{
	return s->id;
}

const char *desk_kiosk_session_station(const desk_kiosk_session_t *s)
{
	return s->station;
}

void desk_kiosk_session_set_station(desk_kiosk_session_t *s, const char *station)
{
	g_return_if_fail(s && station);
	if (strcmp(s->station, station) == 0)
		return;
	g_free(s->station);
	s->station = g_strdup(station);
}

char *desk_kiosk_session_label(const desk_kiosk_session_t *s)
{
	/* not the cookie: a hash of it, so the console never shows a usable id */
	g_autofree char *hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, s->id, -1);
	return g_strdup_printf("k-%.6s", hash);
}

void desk_kiosk_session_info(const desk_kiosk_session_t *s, desk_kiosk_info_t *out)
{
	*out = (desk_kiosk_info_t){s->station, s->client, s->paired, s->searches,
	                           s->walkins, s->sweeps, s->opened, s->seen};
}

/* ---- what a session selected ---------------------------------------------- */

void desk_kiosk_select(desk_kiosk_session_t *s, gint64 attendee_id)
{
	gint64 now = g_get_monotonic_time();
	if (g_hash_table_size(s->selected) > 200) {
		GHashTableIter it;
		gpointer value;
		g_hash_table_iter_init(&it, s->selected);
		while (g_hash_table_iter_next(&it, NULL, &value))
			if (*(gint64 *)value < now)
				g_hash_table_iter_remove(&it);
	}
	gint64 *key = g_new(gint64, 1), *until = g_new(gint64, 1);
	*key = attendee_id;
	*until = now + SELECTED_US;
	g_hash_table_replace(s->selected, key, until);
}

bool desk_kiosk_selected(const desk_kiosk_session_t *s, gint64 attendee_id)
{
	const gint64 *until = s ? g_hash_table_lookup(s->selected, &attendee_id) : NULL;
	return until && *until >= g_get_monotonic_time();
}

/* ---- allowances ------------------------------------------------------------ */

bool desk_kiosk_take_search(desk_kiosk_session_t *s, guint *retry_after_s, bool *first_sweep)
{
	g_return_val_if_fail(s != NULL, false);
	if (first_sweep)
		*first_sweep = false;
	if (bucket_take(&s->search, retry_after_s)) {
		s->searches++;
		return true;
	}
	if (first_sweep)
		*first_sweep = s->sweeps == 0;
	s->sweeps++;
	return false;
}

bool desk_kiosk_take_walkin(desk_kiosk_session_t *s, guint *retry_after_s)
{
	g_return_val_if_fail(s != NULL, false);
	if (!bucket_take(&s->walkin, retry_after_s))
		return false;
	s->walkins++;
	return true;
}

void desk_kiosk_foreach(desk_kiosk_t *kiosk, desk_kiosk_fn fn, gpointer user_data)
{
	GHashTableIter it;
	gpointer value;
	g_hash_table_iter_init(&it, kiosk->sessions);
	while (g_hash_table_iter_next(&it, NULL, &value))
		fn(value, user_data);
}

/* ---- pairing ------------------------------------------------------------------ */

char *desk_kiosk_pair_code(desk_kiosk_t *kiosk)
{
	g_return_val_if_fail(kiosk != NULL, NULL);
	for (int i = 0; i < 8; i++)
		kiosk->pair_code[i] = (char)('0' + randombytes_uniform(10));
	kiosk->pair_code[8] = '\0';
	kiosk->pair_until = g_get_monotonic_time() + PAIR_US;
	kiosk->pair_wrong = 0;
	return g_strdup(kiosk->pair_code);
}

bool desk_kiosk_pair(desk_kiosk_t *kiosk, const char *code)
{
	g_return_val_if_fail(kiosk != NULL, false);
	if (!code || kiosk->pair_until <= g_get_monotonic_time())
		return false;
	bool right = strlen(code) == 8 && sodium_memcmp(code, kiosk->pair_code, 8) == 0;
	if (right || ++kiosk->pair_wrong >= PAIR_TRIES) {
		kiosk->pair_until = 0; /* once, or voided by guessing */
		sodium_memzero(kiosk->pair_code, sizeof kiosk->pair_code);
	}
	return right;
}

/* auth.c: organizer password hashing (Argon2id via libsodium), login back-off and sessions. */
#include <errno.h>
#include <sodium.h>
#include <string.h>

#include "auth.h"

#define SESSION_SECONDS (12 * 3600)
#define PWHASH_OPS      3
#define PWHASH_MEM      (32u * 1024 * 1024)

/* clang-format off */
G_DEFINE_QUARK(desk-auth-error-quark, desk_auth_error)
/* clang-format on */

/* Wrong passwords allowed before the back-off starts, and its longest wait: per client
 * address, and for the organizer account whatever the address. */
#define CLIENT_FREE   3
#define CLIENT_MAX_S  300
#define ACCOUNT_FREE  10
#define ACCOUNT_MAX_S 60

typedef struct {
	char *csrf;
	char *password; /* fingerprint of the password hash it was made with */
	gint64 expires; /* monotonic µs */
} session_t;

typedef struct {
	guint failures;
	gint64 blocked_until; /* monotonic µs */
} client_t;

struct desk_auth {
	char *state_dir;
	GHashTable *sessions; /* char * id -> session_t * */
	GHashTable *clients;  /* char * address -> client_t * */
	client_t account;     /* the organizer account, from any address */
};

static void session_free(gpointer p)
{
	session_t *s = p;
	g_free(s->csrf);
	g_free(s->password);
	g_free(s);
}

static char *hash_path(const char *state_dir)
{
	return g_build_filename(state_dir, "organizer.pwhash", NULL);
}

/* @n random bytes as hex: a new string. */
static char *random_hex(size_t n)
{
	guint8 buf[32];
	char *hex = g_malloc(n * 2 + 1);
	g_assert(n <= sizeof buf);
	randombytes_buf(buf, n);
	sodium_bin2hex(hex, n * 2 + 1, buf, n);
	return hex;
}

/* A password people can type: 4 groups of 4 letters/digits without look-alikes. */
static char *random_password(void)
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
	GString *s = g_string_new(NULL);
	for (int i = 0; i < 16; i++) {
		if (i && i % 4 == 0)
			g_string_append_c(s, '-');
		g_string_append_c(s, alphabet[randombytes_uniform(sizeof alphabet - 1)]);
	}
	return g_string_free(s, FALSE);
}

/* Whether @password is UTF-8 text without control characters. */
static bool printable(const char *password)
{
	if (!g_utf8_validate(password, -1, NULL))
		return false;
	for (const char *p = password; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c < 0x20 || (c >= 0x7f && c < 0xa0))
			return false;
	}
	return true;
}

/* A fingerprint of the stored password hash (new string), or NULL when there is none. */
static char *hash_fingerprint(const char *state_dir)
{
	g_autofree char *path = hash_path(state_dir);
	g_autofree char *hash = NULL;
	if (!g_file_get_contents(path, &hash, NULL, NULL))
		return NULL;
	return g_compute_checksum_for_string(G_CHECKSUM_SHA256, g_strstrip(hash), -1);
}

bool desk_auth_set_password(const char *state_dir, const char *password, GError **error)
{
	g_return_val_if_fail(state_dir && password, false);
	if (sodium_init() < 0 || g_utf8_strlen(password, -1) < 10) {
		g_set_error(error, DESK_AUTH_ERROR, 0, "the password needs at least 10 characters");
		return false;
	}
	if (!printable(password)) {
		g_set_error(error, DESK_AUTH_ERROR, 0,
		            "the password must be UTF-8 text without control characters");
		return false;
	}
	char hash[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str(hash, password, strlen(password), PWHASH_OPS, PWHASH_MEM) != 0) {
		g_set_error(error, DESK_AUTH_ERROR, 0, "out of memory while hashing the password");
		return false;
	}
	g_autofree char *path = hash_path(state_dir);
	g_autofree char *text = g_strconcat(hash, "\n", NULL);
	if (g_mkdir_with_parents(state_dir, 0750) != 0 ||
	    !g_file_set_contents_full(path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
		return false;
	return true;
}

bool desk_auth_verify(const char *state_dir, const char *password)
{
	g_autofree char *path = hash_path(state_dir);
	g_autofree char *hash = NULL;
	if (sodium_init() < 0 || !g_file_get_contents(path, &hash, NULL, NULL))
		return false;
	g_strstrip(hash);
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

desk_auth_t *desk_auth_new(const char *state_dir, char **generated, GError **error)
{
	g_return_val_if_fail(state_dir && generated, NULL);
	*generated = NULL;
	if (sodium_init() < 0) {
		g_set_error(error, DESK_AUTH_ERROR, 0, "libsodium could not start");
		return NULL;
	}
	g_autofree char *path = hash_path(state_dir);
	if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
		g_autofree char *password = random_password();
		if (!desk_auth_set_password(state_dir, password, error))
			return NULL;
		*generated = g_steal_pointer(&password);
	}
	desk_auth_t *auth = g_new0(desk_auth_t, 1);
	auth->state_dir = g_strdup(state_dir);
	auth->sessions = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, session_free);
	auth->clients = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return auth;
}

void desk_auth_free(desk_auth_t *auth)
{
	if (!auth)
		return;
	g_hash_table_unref(auth->sessions);
	g_hash_table_unref(auth->clients);
	g_free(auth->state_dir);
	g_free(auth);
}

const char *desk_auth_state_dir(desk_auth_t *auth)
{
	return auth->state_dir;
}

/* Whether @c is blocked now; then *@retry_after_s says for how long. */
static bool blocked(const client_t *c, gint64 now, guint *retry_after_s)
{
	if (!c || c->blocked_until <= now)
		return false;
	guint wait = (guint)((c->blocked_until - now) / G_USEC_PER_SEC + 1);
	if (retry_after_s)
		*retry_after_s = MAX(*retry_after_s, wait);
	return true;
}

static void count_failure(client_t *c, guint free_failures, gint64 max_s, gint64 now)
{
	c->failures++;
	if (c->failures < free_failures)
		return;
	guint shift = MIN(c->failures - free_failures, 16);
	c->blocked_until = now + MIN((gint64)4 << shift, max_s) * G_USEC_PER_SEC;
}

bool desk_auth_begin(desk_auth_t *auth, const char *client, guint *retry_after_s)
{
	g_return_val_if_fail(auth && client, false);
	client_t *c = g_hash_table_lookup(auth->clients, client);
	gint64 now = g_get_monotonic_time();
	guint wait = 0;
	bool by_address = blocked(c, now, &wait);
	bool by_account = blocked(&auth->account, now, &wait); /* both: the longer wait */
	if (by_address || by_account) {
		if (retry_after_s)
			*retry_after_s = wait;
		return false;
	}
	if (!c) {
		if (g_hash_table_size(auth->clients) >= 10000)
			g_hash_table_remove_all(
			    auth->clients); /* bounded; the account count stays */
		c = g_new0(client_t, 1);
		g_hash_table_insert(auth->clients, g_strdup(client), c);
	}
	count_failure(c, CLIENT_FREE, CLIENT_MAX_S, now);
	count_failure(&auth->account, ACCOUNT_FREE, ACCOUNT_MAX_S, now);
	return true;
}

void desk_auth_record(desk_auth_t *auth, const char *client, bool ok, char **session, char **csrf)
{
	g_return_if_fail(auth && client);
	if (!ok)
		return; /* desk_auth_begin() counted it already */
	g_hash_table_remove(auth->clients, client);
	auth->account = (client_t){0};
	session_t *s = g_new0(session_t, 1);
	s->csrf = random_hex(16);
	s->password = hash_fingerprint(auth->state_dir);
	s->expires = g_get_monotonic_time() + (gint64)SESSION_SECONDS * G_USEC_PER_SEC;
	*session = random_hex(32);
	*csrf = g_strdup(s->csrf);
	g_hash_table_insert(auth->sessions, g_strdup(*session), s);
}

const char *desk_auth_session(desk_auth_t *auth, const char *session)
{
	session_t *s = session ? g_hash_table_lookup(auth->sessions, session) : NULL;
	if (!s)
		return NULL;
	g_autofree char *now = hash_fingerprint(auth->state_dir);
	if (s->expires <= g_get_monotonic_time() || !now || g_strcmp0(now, s->password) != 0) {
		g_hash_table_remove(auth->sessions, session); /* expired, or the password changed */
		return NULL;
	}
	return s->csrf;
}

void desk_auth_logout(desk_auth_t *auth, const char *session)
{
	if (session)
		g_hash_table_remove(auth->sessions, session);
}

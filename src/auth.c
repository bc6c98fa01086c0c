/* auth.c: organizer password hashing (Argon2id via libsodium), login back-off and sessions. */
#include <errno.h>
#include <sodium.h>
#include <string.h>

#include "auth.h"

#define SESSION_SECONDS (12 * 3600)
#define PWHASH_OPS      3
#define PWHASH_MEM      (32u * 1024 * 1024)

G_DEFINE_QUARK(desk - auth - error - quark, desk_auth_error)

typedef struct {
	char *csrf;
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
};

static void session_free(gpointer p)
{
	session_t *s = p;
	g_free(s->csrf);
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

bool desk_auth_set_password(const char *state_dir, const char *password, GError **error)
{
	g_return_val_if_fail(state_dir && password, false);
	if (sodium_init() < 0 || g_utf8_strlen(password, -1) < 10) {
		g_set_error(error, DESK_AUTH_ERROR, 0, "the password needs at least 10 characters");
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

bool desk_auth_may_try(desk_auth_t *auth, const char *client, guint *retry_after_s)
{
	client_t *c = g_hash_table_lookup(auth->clients, client);
	gint64 now = g_get_monotonic_time();
	if (!c || c->blocked_until <= now)
		return true;
	if (retry_after_s)
		*retry_after_s = (guint)((c->blocked_until - now) / G_USEC_PER_SEC + 1);
	return false;
}

void desk_auth_record(desk_auth_t *auth, const char *client, bool ok, char **session, char **csrf)
{
	client_t *c = g_hash_table_lookup(auth->clients, client);
	if (ok) {
		g_hash_table_remove(auth->clients, client);
		session_t *s = g_new0(session_t, 1);
		s->csrf = random_hex(16);
		s->expires = g_get_monotonic_time() + (gint64)SESSION_SECONDS * G_USEC_PER_SEC;
		*session = random_hex(32);
		*csrf = g_strdup(s->csrf);
		g_hash_table_insert(auth->sessions, g_strdup(*session), s);
		return;
	}
	if (!c) {
		c = g_new0(client_t, 1);
		g_hash_table_insert(auth->clients, g_strdup(client), c);
	}
	c->failures++;
	if (c->failures >= 3) {
		guint shift = MIN(c->failures - 3, 8);
		gint64 wait_s = MIN((gint64)1 << shift, 300);
		c->blocked_until = g_get_monotonic_time() + wait_s * G_USEC_PER_SEC;
	}
}

const char *desk_auth_session(desk_auth_t *auth, const char *session)
{
	session_t *s = session ? g_hash_table_lookup(auth->sessions, session) : NULL;
	if (!s)
		return NULL;
	if (s->expires <= g_get_monotonic_time()) {
		g_hash_table_remove(auth->sessions, session);
		return NULL;
	}
	return s->csrf;
}

void desk_auth_logout(desk_auth_t *auth, const char *session)
{
	if (session)
		g_hash_table_remove(auth->sessions, session);
}

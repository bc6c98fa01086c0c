/* auth.c: the organizer password (libsodium crypto_pwhash_str), login back-off and in-memory sessions. */
#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "auth.h"

G_DEFINE_QUARK(desk-auth-error-quark, desk_auth_error)

typedef struct {
	char *csrf;
	gint64 last_us;
} session_t;

typedef struct {
	guint failures;
	gint64 until_us; /* no attempt before this */
} backoff_t;

struct desk_auth {
	char *path;
	GHashTable *sessions; /* char * id -> session_t * */
	GHashTable *backoff;  /* char * address -> backoff_t * */
};

static void session_free(gpointer p)
{
	session_t *s = p;
	g_free(s->csrf);
	g_free(s);
}

/* ---- tokens and passwords ------------------------------------------------ */

static char *random_hex(size_t bytes)
{
	guint8 buf[32];
	char *hex = g_malloc(bytes * 2 + 1);
	g_assert(bytes <= sizeof buf);
	randombytes_buf(buf, bytes);
	sodium_bin2hex(hex, bytes * 2 + 1, buf, bytes);
	return hex;
}

char *desk_auth_generate(void)
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY346789";
	char *out = g_malloc(21);
	for (int i = 0; i < 20; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[20] = '\0';
	return out;
}

bool desk_auth_token_equal(const char *a, const char *b)
{
	if (!a || !b || strlen(a) != strlen(b))
		return false;
	return sodium_memcmp(a, b, strlen(a)) == 0;
}

bool desk_auth_set_password(const char *state_dir, const char *password, GError **error)
{
	g_return_val_if_fail(state_dir && password, false);
	size_t n = strlen(password);
	if (n < 8 || n > 256) {
		g_set_error(error, DESK_AUTH_ERROR, DESK_AUTH_ERROR_INVALID,
		            "the password must be 8 to 256 bytes long (it is %zu)", n);
		return false;
	}
	if (sodium_init() < 0) {
		g_set_error(error, DESK_AUTH_ERROR, DESK_AUTH_ERROR_IO, "libsodium failed to start");
		return false;
	}
	char hash[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str(hash, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		g_set_error(error, DESK_AUTH_ERROR, DESK_AUTH_ERROR_IO, "out of memory hashing");
		return false;
	}
	g_autofree char *path = g_build_filename(state_dir, DESK_AUTH_FILE, NULL);
	g_autofree char *text = g_strconcat(hash, "\n", NULL);
	if (g_mkdir_with_parents(state_dir, 0700) != 0 ||
	    !g_file_set_contents_full(path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
	                              error)) {
		if (error && !*error)
			g_set_error(error, DESK_AUTH_ERROR, DESK_AUTH_ERROR_IO, "%s: %s", state_dir,
			            g_strerror(errno));
		return false;
	}
	return true;
}

/* Reads the stored hash; NULL with @error when there is none or it is unreadable. */
static char *read_hash(const char *path, GError **error)
{
	g_autofree char *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, error))
		return NULL;
	g_strstrip(text);
	if (strlen(text) >= crypto_pwhash_STRBYTES || !*text) {
		g_set_error(error, DESK_AUTH_ERROR, DESK_AUTH_ERROR_IO,
		            "%s: not a password hash; set one with `frontdesk passwd`", path);
		return NULL;
	}
	return g_steal_pointer(&text);
}

/* ---- lifecycle ----------------------------------------------------------- */

desk_auth_t *desk_auth_new(const char *state_dir, char **generated, GError **error)
{
	g_return_val_if_fail(state_dir, NULL);
	if (generated)
		*generated = NULL;
	if (sodium_init() < 0) {
		g_set_error(error, DESK_AUTH_ERROR, DESK_AUTH_ERROR_IO, "libsodium failed to start");
		return NULL;
	}
	g_autofree char *path = g_build_filename(state_dir, DESK_AUTH_FILE, NULL);
	if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
		g_autofree char *pw = desk_auth_generate();
		if (!desk_auth_set_password(state_dir, pw, error))
			return NULL;
		if (generated)
			*generated = g_steal_pointer(&pw);
	}
	desk_auth_t *auth = g_new0(desk_auth_t, 1);
	auth->path = g_steal_pointer(&path);
	auth->sessions = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, session_free);
	auth->backoff = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return auth;
}

void desk_auth_free(desk_auth_t *auth)
{
	if (!auth)
		return;
	g_hash_table_unref(auth->sessions);
	g_hash_table_unref(auth->backoff);
	g_free(auth->path);
	g_free(auth);
}

/* ---- login and sessions -------------------------------------------------- */

static void note_failure(desk_auth_t *auth, const char *address, gint64 now_us)
{
	backoff_t *b = g_hash_table_lookup(auth->backoff, address);
	if (!b) {
		b = g_new0(backoff_t, 1);
		g_hash_table_insert(auth->backoff, g_strdup(address), b);
	}
	b->failures++;
	if (b->failures >= 3) {
		guint shift = MIN(b->failures - 3, 9u);
		gint64 wait_s = MIN((gint64)1 << shift, 300);
		b->until_us = now_us + wait_s * G_USEC_PER_SEC;
	}
}

static bool backoff_ok(desk_auth_t *auth, const char *address, gint64 now_us, guint *retry_s,
                       GError **error)
{
	backoff_t *b = g_hash_table_lookup(auth->backoff, address);
	if (!b || now_us >= b->until_us)
		return true;
	guint wait = (guint)((b->until_us - now_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
	if (retry_s)
		*retry_s = MAX(wait, 1u);
	g_set_error(error, DESK_AUTH_ERROR, DESK_AUTH_ERROR_BACKOFF,
	            "too many failed logins; try again in %u s", MAX(wait, 1u));
	return false;
}

bool desk_auth_login(desk_auth_t *auth, const char *address, const char *password,
                     gint64 now_us, char **session, char **csrf, guint *retry_after_s,
                     GError **error)
{
	g_return_val_if_fail(auth && address && password && session && csrf, false);
	if (!backoff_ok(auth, address, now_us, retry_after_s, error))
		return false;
	g_autofree char *hash = read_hash(auth->path, error);
	if (!hash)
		return false;
	if (crypto_pwhash_str_verify(hash, password, strlen(password)) != 0) {
		note_failure(auth, address, now_us);
		g_set_error(error, DESK_AUTH_ERROR, DESK_AUTH_ERROR_WRONG, "wrong password");
		return false;
	}
	g_hash_table_remove(auth->backoff, address);
	session_t *s = g_new0(session_t, 1);
	s->csrf = random_hex(32);
	s->last_us = now_us;
	char *id = random_hex(32);
	g_hash_table_insert(auth->sessions, id, s);
	*session = g_strdup(id);
	*csrf = g_strdup(s->csrf);
	return true;
}

const char *desk_auth_session_csrf(desk_auth_t *auth, const char *session, gint64 now_us)
{
	if (!auth || !session)
		return NULL;
	session_t *s = g_hash_table_lookup(auth->sessions, session);
	if (!s)
		return NULL;
	if (now_us - s->last_us > (gint64)DESK_AUTH_SESSION_IDLE_S * G_USEC_PER_SEC) {
		g_hash_table_remove(auth->sessions, session);
		return NULL;
	}
	s->last_us = now_us;
	return s->csrf;
}

void desk_auth_logout(desk_auth_t *auth, const char *session)
{
	if (auth && session)
		g_hash_table_remove(auth->sessions, session);
}

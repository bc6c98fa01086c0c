/* test-auth.c: organizer password hashing, login back-off, sessions and CSRF tokens (auth.h). */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "auth.h"

typedef struct {
	char *dir;
} fixture_t;

static void setup(fixture_t *f, gconstpointer data)
{
	(void)data;
	f->dir = g_dir_make_tmp("test-auth-XXXXXX", NULL);
	g_assert_nonnull(f->dir);
}

static void teardown(fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autofree char *path = g_build_filename(f->dir, DESK_AUTH_FILE, NULL);
	g_unlink(path);
	g_rmdir(f->dir);
	g_free(f->dir);
}

static void test_first_start(fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	g_autofree char *generated = NULL;
	g_autoptr(desk_auth_t) auth = desk_auth_new(f->dir, &generated, &error);
	g_assert_no_error(error);
	g_assert_nonnull(auth);
	g_assert_cmpuint(strlen(generated), ==, 20);
	g_autofree char *path = g_build_filename(f->dir, DESK_AUTH_FILE, NULL);
	g_autofree char *stored = NULL;
	g_assert_true(g_file_get_contents(path, &stored, NULL, NULL));
	g_assert_true(g_str_has_prefix(stored, "$argon2id$"));
	g_assert_null(strstr(stored, generated));
	struct stat st;
	g_assert_cmpint(g_stat(path, &st), ==, 0);
	g_assert_cmpint(st.st_mode & 0777, ==, 0600);
	/* a second start generates nothing */
	g_autofree char *again = NULL;
	g_autoptr(desk_auth_t) auth2 = desk_auth_new(f->dir, &again, &error);
	g_assert_no_error(error);
	g_assert_null(again);
	g_autofree char *s = NULL, *c = NULL;
	g_assert_true(desk_auth_login(auth2, "a", generated, 0, &s, &c, NULL, &error));
}

static void test_login_and_sessions(fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	g_assert_true(desk_auth_set_password(f->dir, "correct horse", &error));
	g_autoptr(desk_auth_t) auth = desk_auth_new(f->dir, NULL, &error);
	g_autofree char *s = NULL, *c = NULL;
	g_assert_false(desk_auth_login(auth, "a", "wrong horse", 0, &s, &c, NULL, &error));
	g_assert_error(error, DESK_AUTH_ERROR, DESK_AUTH_ERROR_WRONG);
	g_assert_null(s);
	g_clear_error(&error);
	g_assert_true(desk_auth_login(auth, "a", "correct horse", 0, &s, &c, NULL, &error));
	g_assert_cmpuint(strlen(s), ==, 64);
	g_assert_cmpstr(desk_auth_session_csrf(auth, s, 1), ==, c);
	g_assert_null(desk_auth_session_csrf(auth, "nope", 1));
	g_assert_null(desk_auth_session_csrf(auth, NULL, 1));
	/* idle too long: gone */
	gint64 late = (gint64)(DESK_AUTH_SESSION_IDLE_S + 2) * G_USEC_PER_SEC;
	g_assert_null(desk_auth_session_csrf(auth, s, late));
	g_autofree char *s2 = NULL, *c2 = NULL;
	g_assert_true(desk_auth_login(auth, "a", "correct horse", 0, &s2, &c2, NULL, &error));
	desk_auth_logout(auth, s2);
	g_assert_null(desk_auth_session_csrf(auth, s2, 1));
	/* a new password works at once, the old one no longer */
	g_assert_true(desk_auth_set_password(f->dir, "battery staple", &error));
	g_autofree char *s3 = NULL, *c3 = NULL;
	g_assert_false(desk_auth_login(auth, "b", "correct horse", 0, &s3, &c3, NULL, NULL));
	g_assert_true(desk_auth_login(auth, "b", "battery staple", 0, &s3, &c3, NULL, &error));
}

static void test_backoff(fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	g_assert_true(desk_auth_set_password(f->dir, "correct horse", &error));
	g_autoptr(desk_auth_t) auth = desk_auth_new(f->dir, NULL, &error);
	g_autofree char *s = NULL, *c = NULL;
	gint64 t = 1000 * G_USEC_PER_SEC;
	for (int i = 0; i < 3; i++)
		g_assert_false(desk_auth_login(auth, "x", "bad password", t, &s, &c, NULL, NULL));
	guint retry = 0;
	/* even the right password waits now */
	g_assert_false(desk_auth_login(auth, "x", "correct horse", t, &s, &c, &retry, &error));
	g_assert_error(error, DESK_AUTH_ERROR, DESK_AUTH_ERROR_BACKOFF);
	g_assert_cmpuint(retry, ==, 1);
	g_clear_error(&error);
	/* another address is not affected */
	g_assert_true(desk_auth_login(auth, "y", "correct horse", t, &s, &c, NULL, &error));
	g_clear_pointer(&s, g_free);
	g_clear_pointer(&c, g_free);
	/* the wait doubles with each further failure */
	t += 1 * G_USEC_PER_SEC;
	g_assert_false(desk_auth_login(auth, "x", "bad password", t, &s, &c, NULL, NULL));
	g_assert_false(desk_auth_login(auth, "x", "correct horse", t, &s, &c, &retry, NULL));
	g_assert_cmpuint(retry, ==, 2);
	t += 2 * G_USEC_PER_SEC;
	g_assert_true(desk_auth_login(auth, "x", "correct horse", t, &s, &c, NULL, &error));
}

static void test_password_rules(fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	g_assert_false(desk_auth_set_password(f->dir, "short", &error));
	g_assert_error(error, DESK_AUTH_ERROR, DESK_AUTH_ERROR_INVALID);
	g_assert_true(desk_auth_token_equal("abc", "abc"));
	g_assert_false(desk_auth_token_equal("abc", "abd"));
	g_assert_false(desk_auth_token_equal("abc", "abcd"));
	g_assert_false(desk_auth_token_equal(NULL, "abc"));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/auth/first-start", fixture_t, NULL, setup, test_first_start, teardown);
	g_test_add("/auth/login-and-sessions", fixture_t, NULL, setup, test_login_and_sessions,
	           teardown);
	g_test_add("/auth/backoff", fixture_t, NULL, setup, test_backoff, teardown);
	g_test_add("/auth/password-rules", fixture_t, NULL, setup, test_password_rules, teardown);
	return g_test_run();
}

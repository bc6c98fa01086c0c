/* test-auth.c: organizer password hashing, the generated first password, back-off and sessions. */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "auth.h"

static char *temp_dir(void)
{
	return g_dir_make_tmp("frontdesk-auth-XXXXXX", NULL);
}

static void remove_dir(const char *dir)
{
	g_autofree char *file = g_build_filename(dir, "organizer.pwhash", NULL);
	g_unlink(file);
	g_rmdir(dir);
}

static void test_first_start(void)
{
	g_autofree char *dir = temp_dir();
	g_autofree char *password = NULL, *again = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_auth_t) auth = desk_auth_new(dir, &password, &error);
	g_assert_no_error(error);
	g_assert_nonnull(auth);
	g_assert_nonnull(password);
	g_assert_cmpuint(strlen(password), ==, 19); /* xxxx-xxxx-xxxx-xxxx */
	g_assert_true(desk_auth_verify(dir, password));
	g_assert_false(desk_auth_verify(dir, "not it at all"));
	g_autofree char *file = g_build_filename(dir, "organizer.pwhash", NULL);
	GStatBuf st;
	g_assert_cmpint(g_stat(file, &st), ==, 0);
	g_assert_cmpint(st.st_mode & 0777, ==, 0600);
	g_autoptr(desk_auth_t) second = desk_auth_new(dir, &again, &error);
	g_assert_nonnull(second);
	g_assert_null(again); /* made only once */
	remove_dir(dir);
}

static void test_set_password(void)
{
	g_autofree char *dir = temp_dir();
	g_autoptr(GError) error = NULL;
	g_assert_false(desk_auth_set_password(dir, "short", &error));
	g_assert_nonnull(strstr(error->message, "at least 10"));
	g_assert_true(desk_auth_set_password(dir, "Grüße aus Köln", NULL));
	g_assert_true(desk_auth_verify(dir, "Grüße aus Köln"));
	g_assert_false(desk_auth_verify(dir, "Grüsse aus Köln"));
	remove_dir(dir);
}

static void test_backoff_and_sessions(void)
{
	g_autofree char *dir = temp_dir(), *password = NULL;
	g_autoptr(desk_auth_t) auth = desk_auth_new(dir, &password, NULL);
	g_autofree char *session = NULL, *csrf = NULL;
	guint retry = 0;
	for (int i = 0; i < 2; i++) {
		desk_auth_record(auth, "10.0.0.9", false, NULL, NULL);
		g_assert_true(desk_auth_may_try(auth, "10.0.0.9", &retry));
	}
	desk_auth_record(auth, "10.0.0.9", false, NULL, NULL);
	g_assert_false(desk_auth_may_try(auth, "10.0.0.9", &retry));
	g_assert_cmpuint(retry, >=, 1);
	g_assert_true(desk_auth_may_try(auth, "10.0.0.10", NULL));
	desk_auth_record(auth, "10.0.0.10", true, &session, &csrf);
	g_assert_cmpuint(strlen(session), ==, 64);
	g_assert_cmpstr(desk_auth_session(auth, session), ==, csrf);
	g_assert_null(desk_auth_session(auth, "0000"));
	g_assert_null(desk_auth_session(auth, NULL));
	desk_auth_logout(auth, session);
	g_assert_null(desk_auth_session(auth, session));
	remove_dir(dir);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/auth/first-start", test_first_start);
	g_test_add_func("/auth/set-password", test_set_password);
	g_test_add_func("/auth/backoff-and-sessions", test_backoff_and_sessions);
	return g_test_run();
}

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
	/* each attempt counts as failed as it starts: the third one already blocks */
	for (int i = 0; i < 2; i++)
		g_assert_true(desk_auth_begin(auth, "10.0.0.9", &retry));
	g_assert_true(desk_auth_begin(auth, "10.0.0.9", &retry));
	g_assert_false(desk_auth_begin(auth, "10.0.0.9", &retry));
	g_assert_cmpuint(retry, >=, 1);
	g_assert_true(desk_auth_begin(auth, "10.0.0.10", NULL));
	desk_auth_record(auth, "10.0.0.10", true, &session, &csrf);
	g_assert_cmpuint(strlen(session), ==, 64);
	g_assert_cmpstr(desk_auth_session(auth, session), ==, csrf);
	g_assert_null(desk_auth_session(auth, "0000"));
	g_assert_null(desk_auth_session(auth, NULL));
	desk_auth_logout(auth, session);
	g_assert_null(desk_auth_session(auth, session));
	remove_dir(dir);
}

/* Attempts started in parallel (none finished yet) are counted before the hash check. */
static void test_parallel_attempts(void)
{
	g_autofree char *dir = temp_dir(), *password = NULL;
	g_autoptr(desk_auth_t) auth = desk_auth_new(dir, &password, NULL);
	guint started = 0;
	for (int i = 0; i < 40; i++)
		started += desk_auth_begin(auth, "10.0.0.9", NULL);
	g_assert_cmpuint(started, ==, 3);
	remove_dir(dir);
}

/* Spreading guesses over addresses does not help: the account backs off too. */
static void test_account_backoff(void)
{
	g_autofree char *dir = temp_dir(), *password = NULL;
	g_autoptr(desk_auth_t) auth = desk_auth_new(dir, &password, NULL);
	guint started = 0, retry = 0;
	for (int i = 0; i < 300; i++) {
		g_autofree char *addr = g_strdup_printf("10.0.%d.%d", i / 200, i % 200);
		started += desk_auth_begin(auth, addr, &retry);
	}
	g_assert_cmpuint(started, ==, 10);
	g_assert_cmpuint(retry, >=, 1);
	g_assert_cmpuint(retry, <=, 61);
	remove_dir(dir);
}

/* A new password (frontdesk passwd, another process) ends every session. */
static void test_password_change_ends_sessions(void)
{
	g_autofree char *dir = temp_dir(), *password = NULL;
	g_autoptr(desk_auth_t) auth = desk_auth_new(dir, &password, NULL);
	g_autofree char *session = NULL, *csrf = NULL;
	g_assert_true(desk_auth_begin(auth, "10.0.0.10", NULL));
	desk_auth_record(auth, "10.0.0.10", true, &session, &csrf);
	g_assert_nonnull(desk_auth_session(auth, session));
	g_assert_true(desk_auth_set_password(dir, "a completely new one", NULL));
	g_assert_null(desk_auth_session(auth, session));
	g_autofree char *s2 = NULL, *c2 = NULL;
	g_assert_true(desk_auth_begin(auth, "10.0.0.10", NULL));
	desk_auth_record(auth, "10.0.0.10", true, &s2, &c2);
	g_assert_cmpstr(desk_auth_session(auth, s2), ==, c2);
	remove_dir(dir);
}

static void test_control_characters(void)
{
	g_autofree char *dir = temp_dir();
	g_autoptr(GError) error = NULL;
	g_assert_false(desk_auth_set_password(dir, "with a\ttab inside", &error));
	g_assert_nonnull(error);
	g_assert_false(desk_auth_set_password(dir, "escape \x1b[0m here", NULL));
	g_assert_false(desk_auth_set_password(dir, "c1 control \xc2\x85 x", NULL));
	remove_dir(dir);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/auth/parallel-attempts", test_parallel_attempts);
	g_test_add_func("/auth/account-backoff", test_account_backoff);
	g_test_add_func("/auth/password-change-ends-sessions", test_password_change_ends_sessions);
	g_test_add_func("/auth/control-characters", test_control_characters);
	g_test_add_func("/auth/first-start", test_first_start);
	g_test_add_func("/auth/set-password", test_set_password);
	g_test_add_func("/auth/backoff-and-sessions", test_backoff_and_sessions);
	return g_test_run();
}

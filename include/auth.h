/* auth.h: the organizer password (libsodium crypto_pwhash_str) and login sessions with CSRF tokens.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

typedef struct desk_auth desk_auth_t;

/* The password hash lives in STATE_DIR/organizer.pwhash (mode 0600). When
 * there is none, a random password is made, its hash written, and the
 * password returned in *@generated (g_free) so the caller can print it
 * once; otherwise *@generated is NULL. NULL with @error when the file cannot
 * be read or written. */
desk_auth_t *desk_auth_new(const char *state_dir, char **generated, GError **error);
void desk_auth_free(desk_auth_t *auth);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_auth_t, desk_auth_free)

/* Sets the organizer password (at least 10 characters of UTF-8 text, no
 * control characters) in @state_dir. */
bool desk_auth_set_password(const char *state_dir, const char *password, GError **error);

/* Starts a login attempt from @client and counts it as failed before the
 * slow hash check, so parallel attempts gain nothing: per address (back-off
 * from 4 s, doubling, after 3 failures, up to 5 minutes) and for the organizer account
 * from any address (after 10, up to 1 minute). False when either is blocked
 * now; then *@retry_after_s says when to try again. */
bool desk_auth_begin(desk_auth_t *auth, const char *client, guint *retry_after_s);

/* Checks @password against the stored hash. Slow (Argon2id) and touches
 * no state: safe to call on a worker thread. */
bool desk_auth_verify(const char *state_dir, const char *password);

/* Records the outcome of an attempt desk_auth_begin() started. On success
 * clears the failures of @client and the account and returns a new session:
 * *@session and *@csrf (g_free) are set. */
void desk_auth_record(desk_auth_t *auth, const char *client, bool ok, char **session, char **csrf);

/* The CSRF token of a live @session (borrowed until the next call), or NULL
 * when it is unknown, expired (12 hours after login) or was made before the
 * password last changed (`frontdesk passwd` ends every session). */
const char *desk_auth_session(desk_auth_t *auth, const char *session);

void desk_auth_logout(desk_auth_t *auth, const char *session);

const char *desk_auth_state_dir(desk_auth_t *auth);

#define DESK_AUTH_ERROR (desk_auth_error_quark())
GQuark desk_auth_error_quark(void);

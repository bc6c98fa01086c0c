/* auth.h: the organizer password (libsodium hash in the state dir), login back-off, sessions and CSRF tokens. */
#pragma once

#include <glib.h>
#include <stdbool.h>

typedef struct desk_auth desk_auth_t;

#define DESK_AUTH_FILE "organizer.pwhash" /* in the state dir, mode 0600 */
#define DESK_AUTH_SESSION_IDLE_S (12 * 3600) /* sessions end after this long unused */

typedef enum {
	DESK_AUTH_ERROR_WRONG,     /* wrong password */
	DESK_AUTH_ERROR_BACKOFF,   /* too many failures from this address: wait */
	DESK_AUTH_ERROR_IO,        /* the hash file cannot be read or written */
	DESK_AUTH_ERROR_INVALID,   /* password too short or too long */
} desk_auth_error_t;
#define DESK_AUTH_ERROR (desk_auth_error_quark())
GQuark desk_auth_error_quark(void);

/* A new random password (20 characters from an unambiguous alphabet); g_free. */
char *desk_auth_generate(void);

/* Hashes @password (crypto_pwhash_str) into STATE_DIR/organizer.pwhash,
 * written beside it and renamed into place. Passwords are 8..256 bytes. */
bool desk_auth_set_password(const char *state_dir, const char *password, GError **error);

/* Opens the organizer auth of @state_dir. When no password is set yet, one
 * is generated and stored, and *@generated (NULL-able) receives it (g_free)
 * so the caller can show it once; otherwise *@generated is set to NULL. */
desk_auth_t *desk_auth_new(const char *state_dir, char **generated, GError **error);
void desk_auth_free(desk_auth_t *auth);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_auth_t, desk_auth_free)

/* Checks @password for a client at @address (the hash file is re-read, so
 * `frontdesk passwd` takes effect at once). After 3 failures from one
 * address each further attempt must wait 1, 2, 4 ... 300 s (a success
 * resets it); meanwhile DESK_AUTH_ERROR_BACKOFF and *@retry_after_s.
 * On success writes a new session id and its CSRF token (both g_free). */
bool desk_auth_login(desk_auth_t *auth, const char *address, const char *password,
                     gint64 now_us, char **session, char **csrf, guint *retry_after_s,
                     GError **error);

/* The CSRF token of a live session (borrowed until logout or expiry), or
 * NULL. Refreshes the session's idle timer. */
const char *desk_auth_session_csrf(desk_auth_t *auth, const char *session, gint64 now_us);

/* Ends @session (unknown ids are ignored). */
void desk_auth_logout(desk_auth_t *auth, const char *session);

/* Constant-time string equality for tokens. */
bool desk_auth_token_equal(const char *a, const char *b);

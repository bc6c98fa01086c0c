/* cli-passwd.c: `frontdesk passwd`: set the organizer password (read from the terminal or stdin).
 */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "auth.h"
#include "cli.h"

/* Reads one line from stdin without echo on a terminal. New string or NULL at EOF. */
static char *read_secret(const char *prompt)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		fprintf(stderr, "%s", prompt);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char buf[512];
	char *line = fgets(buf, sizeof buf, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fprintf(stderr, "\n");
	}
	if (!line)
		return NULL;
	buf[strcspn(buf, "\r\n")] = '\0';
	char *copy = g_strdup(buf);
	memset(buf, 0, sizeof buf);
	return copy;
}

int desk_cli_passwd(int argc, char **argv)
{
	if (!desk_cli_parse(&argc, &argv, NULL,
	                    "Set the organizer password (at least 10 characters), read from the "
	                    "terminal or one line of stdin.",
	                    NULL))
		return 2;
	g_autofree char *first = read_secret("New organizer password: ");
	g_autofree char *again = isatty(STDIN_FILENO) ? read_secret("Again: ") : NULL;
	g_autoptr(GError) error = NULL;
	if (!first || (again && strcmp(first, again) != 0)) {
		fprintf(stderr, "frontdesk passwd: %s\n",
		        first ? "the passwords differ" : "no password given");
		return 1;
	}
	if (!g_utf8_validate(first, -1, NULL) ||
	    !desk_auth_set_password(desk_cli_state_dir(), first, &error)) {
		fprintf(stderr, "frontdesk passwd: %s\n",
		        error ? error->message : "not UTF-8 text");
		return 1;
	}
	printf("Organizer password set in %s/organizer.pwhash; running stations use it at the next "
	       "login.\n",
	       desk_cli_state_dir());
	return 0;
}

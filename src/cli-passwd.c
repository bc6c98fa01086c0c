/* cli-passwd.c: `frontdesk passwd`: set the organizer password (read from the terminal or stdin).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "auth.h"
#include "cli.h"

/* Reads one line from stdin without echo on a terminal. New string or NULL at EOF; a line
 * with a NUL byte in it comes back as "\x01" so that the caller refuses it. */
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
	char *line = NULL;
	size_t size = 0;
	ssize_t n = getline(&line, &size, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fprintf(stderr, "\n");
	}
	char *copy = NULL;
	if (n >= 0) {
		size_t len = (size_t)n;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		copy = memchr(line, '\0', len) ? g_strdup("\x01") : g_strndup(line, len);
		memset(line, 0, size);
	}
	free(line);
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
	       "login and end the sessions made with the old one.\n",
	       desk_cli_state_dir());
	return 0;
}

/* cli-passwd.c: `frontdesk passwd`: set the organizer password (from stdin, a prompt, or generated). */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "auth.h"
#include "cli.h"

/* One line from stdin without its newline; echo is off on a terminal. */
static char *read_line(const char *prompt)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		fputs(prompt, stderr);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char buf[512];
	char *got = fgets(buf, sizeof buf, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!got)
		return NULL;
	buf[strcspn(buf, "\r\n")] = '\0';
	return g_strdup(buf);
}

int desk_cli_passwd(int argc, char **argv)
{
	gboolean generate = FALSE;
	const GOptionEntry entries[] = {
		{ "generate", 'g', 0, G_OPTION_ARG_NONE, &generate,
		  "Generate a random password and print it", NULL },
		G_OPTION_ENTRY_NULL,
	};
	if (!desk_cli_parse(&argc, &argv, NULL,
	                    "Set the organizer password (read from stdin, or prompted for).",
	                    entries))
		return 2;
	if (argc > 1) {
		fprintf(stderr, "frontdesk passwd: unexpected argument '%s'\n", argv[1]);
		return 2;
	}
	g_autofree char *pw = generate ? desk_auth_generate() : read_line("New organizer password: ");
	if (!pw) {
		fprintf(stderr, "frontdesk passwd: no password given on stdin\n");
		return 1;
	}
	g_autoptr(GError) error = NULL;
	if (!desk_auth_set_password(desk_cli_state_dir(), pw, &error)) {
		desk_cli_fail(error);
		return 1;
	}
	if (generate)
		printf("organizer password: %s\n", pw);
	else
		printf("organizer password changed\n");
	return 0;
}

/* cli-serve.c: `frontdesk serve`: the station on the GLib main loop, with signals and systemd
 * notification. */
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <systemd/sd-daemon.h>

#include "cli.h"
#include "config.h"
#include "server.h"

typedef struct {
	GMainLoop *loop;
	desk_server_t *server;
	const char *config_path;
	char **sets;
	int status;
} serve_t;

static gboolean on_quit(gpointer user_data)
{
	serve_t *s = user_data;
	g_message("event=stopping");
	sd_notify(0, "STOPPING=1");
	g_main_loop_quit(s->loop);
	return G_SOURCE_CONTINUE;
}

static gboolean on_reload(gpointer user_data)
{
	serve_t *s = user_data;
	g_autoptr(GError) error = NULL;
	sd_notify(0, "RELOADING=1");
	desk_config_t *fresh =
	    desk_config_load(s->config_path, (const char *const *)s->sets, &error);
	if (!fresh || !desk_server_reload(s->server, fresh, &error))
		g_warning("event=reload result=kept-old reason=\"%s\"", error->message);
	else
		g_message("event=reload result=ok");
	sd_notify(0, "READY=1");
	return G_SOURCE_CONTINUE;
}

static gboolean on_watchdog(gpointer user_data)
{
	(void)user_data;
	sd_notify(0, "WATCHDOG=1");
	return G_SOURCE_CONTINUE;
}

static int run(serve_t *s, const char *listen)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_config_t) config =
	    desk_config_load(s->config_path, (const char *const *)s->sets, &error);
	if (!config) {
		desk_cli_fail(error);
		return 1;
	}
	if (!listen)
		listen = config->listen;
	g_autofree char *listen_copy = g_strdup(listen);
	s->server = desk_server_new(g_steal_pointer(&config), desk_cli_state_dir(),
	                            desk_cli_layouts_dir(), desk_cli_fonts_dir(), &error);
	g_autofree char *url =
	    s->server ? desk_server_listen(s->server, listen_copy, &error) : NULL;
	if (!url) {
		desk_cli_fail(error);
		return 1;
	}
	g_autofree char *password = desk_server_take_generated_password(s->server);
	if (password)
		printf("frontdesk: organizer password (shown once; change it with 'frontdesk "
		       "passwd'): "
		       "%s\n",
		       password);
	else
		printf("frontdesk: organizer password: set earlier (frontdesk shows a new one only "
		       "once); to set another: frontdesk passwd --state-dir %s\n",
		       desk_cli_state_dir());
	printf("frontdesk: listening on %s (kiosk: %skiosk/, console: %sconsole/)\n", url, url,
	       url);
	fflush(stdout);
	g_message("event=ready url=%s store=%s", url,
	          desk_server_has_store(s->server) ? "yes" : "missing");
	sd_notifyf(0, "READY=1\nSTATUS=listening on %s", url);
	guint64 usec = 0;
	if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0)
		g_timeout_add((guint)MAX(usec / 2000, 1), on_watchdog, s);
	g_main_loop_run(s->loop);
	return s->status;
}

int desk_cli_serve(int argc, char **argv)
{
	g_autofree char *config_path = NULL, *listen = NULL;
	g_auto(GStrv) sets = NULL;
	const GOptionEntry entries[] = {
	    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path,
	     "Configuration file (default " DESK_SYSCONFDIR "/frontdesk/frontdesk.conf)", "FILE"},
	    {"listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
	     "Address and port, e.g. 127.0.0.1:8080 (port 0: any free port)", "ADDR:PORT"},
	    {"set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets,
	     "Override a configuration key, e.g. event.walkins=false", "SECTION.KEY=VALUE"},
	    G_OPTION_ENTRY_NULL,
	};
	if (!desk_cli_parse(&argc, &argv, NULL, "Run the check-in station.", entries))
		return 2;
	if (argc > 1) {
		fprintf(stderr, "frontdesk serve: unexpected argument '%s'\n", argv[1]);
		return 2;
	}
	serve_t s = {
	    .loop = g_main_loop_new(NULL, FALSE), .config_path = config_path, .sets = sets};
	guint ids[] = {g_unix_signal_add(SIGTERM, on_quit, &s),
	               g_unix_signal_add(SIGINT, on_quit, &s),
	               g_unix_signal_add(SIGHUP, on_reload, &s)};
	signal(SIGPIPE, SIG_IGN);
	int status = run(&s, listen);
	for (size_t i = 0; i < G_N_ELEMENTS(ids); i++)
		g_source_remove(ids[i]);
	desk_server_free(s.server);
	g_main_loop_unref(s.loop);
	return status;
}

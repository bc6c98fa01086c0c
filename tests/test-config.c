/* test-config.c: frontdesk.conf parsing, validation, --set overrides and messages. */
#include <string.h>

#include "config.h"

static void test_defaults(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_config_t) c = desk_config_load_data("", "empty.conf", NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(c->listen, ==, "127.0.0.1:8080");
	g_assert_cmpstr(c->slug, ==, "demo");
	g_assert_true(c->walkins);
	g_assert_false(c->consent_required);
	g_assert_cmpint(c->reprint, ==, DESK_REPRINT_ONCE);
	g_assert_cmpuint(c->reprint_limit, ==, 1);
	g_assert_cmpuint(c->kiosk_rate, ==, 600);
	g_assert_cmpuint(c->kiosk_burst, ==, 120);
	g_assert_cmpuint(c->printer_poll, ==, 5);
	g_assert_cmpuint(c->stations->len, ==, 1);
	const desk_station_config_t *s = desk_config_station(c, NULL);
	g_assert_nonnull(s);
	g_assert_cmpstr(s->name, ==, "main");
	g_assert_null(s->badge_printer);
	g_assert_null(desk_config_station(c, "elsewhere"));
}

static void test_shipped(void)
{
	g_autoptr(GError) error = NULL;
	const char *top = g_getenv("FRONTDESK_TOP");
	g_autofree char *path = g_build_filename(top ? top : ".", "frontdesk.conf", NULL);
	g_autoptr(desk_config_t) c = desk_config_load(path, NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(c->path, ==, path);
	g_assert_cmpstr(c->name, ==, "AWS Community Day Demo");
	g_assert_true(c->consent_required);
	g_assert_cmpstr(desk_config_station(c, NULL)->name, ==, "door");
	g_assert_cmpstr(desk_config_station(c, NULL)->badge_layout, ==, "dymo-30256.json");
	g_assert_cmpuint(c->groups->len, ==, 1);
	g_assert_cmpstr(desk_config_group(c, "awsug")->name, ==, "AWS User Group");
}

static void test_sets(void)
{
	const char *text = "[station door]\nbadge_printer = A\n[station side]\n";
	const char *sets[] = {"station side.badge_printer=folder:/tmp/x", "server.listen=[::1]:0",
	                      "event.walkins=false", "server.station=side", NULL};
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_config_t) c = desk_config_load_data(text, "t.conf", sets, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(c->listen, ==, "[::1]:0");
	g_assert_false(c->walkins);
	g_assert_cmpstr(desk_config_station(c, NULL)->name, ==, "side");
	g_assert_cmpstr(desk_config_station(c, "side")->badge_printer, ==, "folder:/tmp/x");
	g_assert_cmpstr(desk_config_station(c, "door")->badge_printer, ==, "A");
}

typedef struct {
	const char *text, *set, *message;
} bad_case_t;

static void test_errors(void)
{
	static const bad_case_t cases[] = {
	    {"[server]\nlisten = 1.2.3.4:8080\nlisen = x\n", NULL,
	     "t.conf:3: [server] lisen: unknown key"},
	    {"[servr]\n", NULL, "t.conf:1: [servr]: unknown section"},
	    {"[server]\nlisten = localhost\n", NULL,
	     "t.conf:2: [server] listen: \"localhost\": expected ADDRESS:PORT"},
	    {"[server]\nlisten = example.org:80\n", NULL, "is not an IP address"},
	    {"[event]\nwalkins = maybe\n", NULL,
	     "t.conf:2: [event] walkins: expected true or false"},
	    {"[event]\nreprint = twice\n", NULL,
	     "t.conf:2: [event] reprint: expected never, once or always"},
	    {"[event]\ndate = 22.11.2026\n", NULL, "expected YYYY-MM-DD"},
	    {"[event]\nslug = a b\n", NULL, "[event] slug: use only letters"},
	    {"[event]\ngroups = a;b\n[group a]\n", NULL, "group \"b\" has no [group b] section"},
	    {"[event]\ndefault_group = zz\n", NULL, "[event] default_group: no such group \"zz\""},
	    {"[server]\nstation = nope\n", NULL, "[server] station: no [station nope] section"},
	    {"[server]\nkiosk_rate = -3\n", NULL, "kiosk_rate: expected a whole number"},
	    {"", "server.listen", "expected section.key=value"},
	    {"", "server.bogus=1", "[server] bogus: unknown key"},
	    {"[event\n", NULL, "t.conf: "},
	    {"[event]\ntimezone = Mars/Olympus\n", NULL,
	     "t.conf:2: [event] timezone: unknown time zone \"Mars/Olympus\""},
	    {"[event]\ndoor_closes = 6pm\n", NULL, "t.conf:2: [event] door_closes: expected HH:MM"},
	    {"[event]\nprivacy[fr] = Texte\n", NULL, "[event] privacy[fr]: unknown key"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		const char *sets[] = {cases[i].set, NULL};
		g_autoptr(desk_config_t) c =
		    desk_config_load_data(cases[i].text, "t.conf", sets, &error);
		g_assert_null(c);
		g_assert_error(error, DESK_CONFIG_ERROR, 0);
		if (!strstr(error->message, cases[i].message))
			g_error("case %zu: \"%s\" lacks \"%s\"", i, error->message,
			        cases[i].message);
	}
}

static void test_languages_and_time(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_config_t) c = desk_config_load_data(
	    "[event]\nprivacy = Default text\nprivacy[ja] = 日本語の説明\ndate = 2026-11-22\n"
	    "timezone = Asia/Tokyo\ndoor_closes = 18:00\n",
	    "t.conf", NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(desk_config_privacy(c, "ja"), ==, "日本語の説明");
	g_assert_cmpstr(desk_config_privacy(c, "de"), ==, "Default text"); /* falls back */
	g_autoptr(GTimeZone) tz = desk_config_time_zone(c);
	g_assert_cmpstr(g_time_zone_get_identifier(tz), ==, "Asia/Tokyo");
	/* 18:00 in Tokyo is 09:00 UTC. */
	g_autoptr(GDateTime) before = g_date_time_new_utc(2026, 11, 22, 8, 59, 0);
	g_autoptr(GDateTime) after = g_date_time_new_utc(2026, 11, 22, 9, 0, 0);
	g_assert_false(desk_config_door_closed(c, before));
	g_assert_true(desk_config_door_closed(c, after));
	g_autoptr(desk_config_t) open = desk_config_load_data("", "e.conf", NULL, &error);
	g_assert_false(desk_config_door_closed(open, after)); /* no door_closes: never closed */
	g_assert_null(desk_config_privacy(open, "en"));
}

static void test_listen(void)
{
	g_autofree char *host = NULL;
	guint16 port = 1;
	g_assert_true(desk_config_parse_listen("[::1]:8443", &host, &port, NULL));
	g_assert_cmpstr(host, ==, "::1");
	g_assert_cmpuint(port, ==, 8443);
	g_autofree char *untouched = NULL;
	g_assert_false(desk_config_parse_listen("127.0.0.1:99999", &untouched, &port, NULL));
	g_assert_null(untouched);
	g_assert_cmpuint(port, ==, 8443);
}

static void test_missing_file(void)
{
	g_autoptr(GError) error = NULL;
	g_assert_null(desk_config_load("/nonexistent/frontdesk.conf", NULL, &error));
	g_assert_nonnull(strstr(error->message, "/nonexistent/frontdesk.conf"));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/config/defaults", test_defaults);
	g_test_add_func("/config/shipped", test_shipped);
	g_test_add_func("/config/sets", test_sets);
	g_test_add_func("/config/errors", test_errors);
	g_test_add_func("/config/listen", test_listen);
	g_test_add_func("/config/languages-and-time", test_languages_and_time);
	g_test_add_func("/config/missing-file", test_missing_file);
	return g_test_run();
}

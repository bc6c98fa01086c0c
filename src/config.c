/* config.c: reading, validating and defaulting frontdesk.conf (GKeyFile). */
#include <stdio.h>
#include <string.h>

#include "config.h"

#ifndef DESK_SYSCONFDIR
#define DESK_SYSCONFDIR "/etc"
#endif

/* clang-format off */
G_DEFINE_QUARK(desk-config-error-quark, desk_config_error)
/* clang-format on */

typedef struct {
	const char *section;  /* "station" and "group" match "station NAME" */
	const char *keys[24]; /* NULL-terminated */
} known_section_t;

static const known_section_t known[] = {
    {"server",
     {"listen", "station", "backup_minutes", "kiosk_rate", "kiosk_burst", "printer_poll",
      "request_timeout", "kiosk_searches", "kiosk_walkins", "pair_loopback"}},
    {"event",
     {"slug", "name", "date", "lang", "walkins", "consent_required", "privacy", "reprint",
      "reprint_limit", "stickers", "default_group", "groups", "privacy[en]", "privacy[de]",
      "privacy[ja]", "timezone", "door_closes"}},
    {"station",
     {"badge_printer", "fallback_printer", "sticker_printer", "badge_layout", "sticker_layout"}},
    {"group", {"name", "url", "sticker_layout"}},
};

/* ---- small helpers ------------------------------------------------------ */

static void station_free(gpointer p)
{
	desk_station_config_t *s = p;
	if (!s)
		return;
	g_free(s->name);
	g_free(s->badge_printer);
	g_free(s->fallback_printer);
	g_free(s->sticker_printer);
	g_free(s->badge_layout);
	g_free(s->sticker_layout);
	g_free(s);
}

static void group_free(gpointer p)
{
	desk_group_config_t *g = p;
	if (!g)
		return;
	g_free(g->short_name);
	g_free(g->name);
	g_free(g->url);
	g_free(g->sticker_layout);
	g_free(g);
}

void desk_config_free(desk_config_t *c)
{
	if (!c)
		return;
	g_free(c->path);
	g_free(c->listen);
	g_free(c->default_station);
	g_free(c->slug);
	g_free(c->name);
	g_free(c->date);
	g_free(c->lang);
	g_free(c->privacy);
	for (guint i = 0; i < G_N_ELEMENTS(c->privacy_lang); i++)
		g_free(c->privacy_lang[i]);
	g_free(c->timezone);
	g_free(c->door_closes);
	g_free(c->default_group);
	if (c->groups)
		g_ptr_array_unref(c->groups);
	if (c->stations)
		g_ptr_array_unref(c->stations);
	g_free(c);
}

/* The 1-based line of [section] (key NULL) or of key within it, in @text; 0 if unknown. */
static int line_of(const char *text, const char *section, const char *key)
{
	g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);
	bool inside = false;
	for (int i = 0; lines[i]; i++) {
		g_autofree char *l = g_strstrip(g_strdup(lines[i]));
		if (l[0] == '[') {
			g_autofree char *want = g_strdup_printf("[%s]", section);
			inside = strcmp(l, want) == 0;
			if (inside && !key)
				return i + 1;
		} else if (inside && key && g_str_has_prefix(l, key)) {
			const char *rest = l + strlen(key);
			while (*rest == ' ' || *rest == '\t')
				rest++;
			if (*rest == '=')
				return i + 1;
		}
	}
	return 0;
}

static void fail(GError **error, const char *name, const char *text, const char *section,
                 const char *key, const char *fmt, ...) G_GNUC_PRINTF(6, 7);

static void fail(GError **error, const char *name, const char *text, const char *section,
                 const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	int line = line_of(text, section, key);
	if (!key && line > 0)
		g_set_error(error, DESK_CONFIG_ERROR, 0, "%s:%d: [%s]: %s", name, line, section,
		            msg);
	else if (!key)
		g_set_error(error, DESK_CONFIG_ERROR, 0, "%s: [%s]: %s", name, section, msg);
	else if (line > 0)
		g_set_error(error, DESK_CONFIG_ERROR, 0, "%s:%d: [%s] %s: %s", name, line, section,
		            key, msg);
	else
		g_set_error(error, DESK_CONFIG_ERROR, 0, "%s: [%s] %s: %s", name, section, key,
		            msg);
}

static const known_section_t *find_known(const char *group)
{
	for (size_t i = 0; i < G_N_ELEMENTS(known); i++) {
		const char *sec = known[i].section;
		size_t n = strlen(sec);
		bool named = strcmp(sec, "station") == 0 || strcmp(sec, "group") == 0;
		if (!named && strcmp(group, sec) == 0)
			return &known[i];
		if (named && strncmp(group, sec, n) == 0 && group[n] == ' ' && group[n + 1])
			return &known[i];
	}
	return NULL;
}

/* Rejects sections and keys we do not know, so typos do not pass silently. */
static bool check_known(GKeyFile *kf, const char *name, const char *text, GError **error)
{
	g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
	for (int i = 0; groups[i]; i++) {
		const known_section_t *k = find_known(groups[i]);
		if (!k) {
			fail(error, name, text, groups[i], NULL, "unknown section");
			return false;
		}
		g_auto(GStrv) keys = g_key_file_get_keys(kf, groups[i], NULL, NULL);
		for (int j = 0; keys && keys[j]; j++) {
			if (!g_strv_contains(k->keys, keys[j])) {
				fail(error, name, text, groups[i], keys[j], "unknown key");
				return false;
			}
		}
	}
	return true;
}

/* Applies one "section.key=value"; the key is what follows the last '.' before '='. */
static bool apply_set(GKeyFile *kf, const char *set, GError **error)
{
	const char *eq = strchr(set, '=');
	const char *dot = NULL;
	for (const char *p = set; eq && p < eq; p++)
		if (*p == '.')
			dot = p;
	if (!eq || !dot || dot == set || dot + 1 == eq) {
		g_set_error(
		    error, DESK_CONFIG_ERROR, 0,
		    "--set %s: expected section.key=value (e.g. server.listen=0.0.0.0:8080)", set);
		return false;
	}
	g_autofree char *section = g_strndup(set, (gsize)(dot - set));
	g_autofree char *key = g_strndup(dot + 1, (gsize)(eq - dot - 1));
	g_key_file_set_value(kf, section, key, eq + 1);
	return true;
}

/* A string value, or @def when absent. Empty strings count as absent. */
static char *get_str(GKeyFile *kf, const char *section, const char *key, const char *def)
{
	g_autofree char *v = g_key_file_get_string(kf, section, key, NULL);
	if (v)
		g_strstrip(v);
	if (!v || !*v)
		return g_strdup(def);
	return g_steal_pointer(&v);
}

static bool get_bool(GKeyFile *kf, const char *name, const char *text, const char *section,
                     const char *key, bool def, bool *out, GError **error)
{
	if (!g_key_file_has_key(kf, section, key, NULL)) {
		*out = def;
		return true;
	}
	g_autoptr(GError) local = NULL;
	gboolean v = g_key_file_get_boolean(kf, section, key, &local);
	if (local) {
		fail(error, name, text, section, key, "expected true or false");
		return false;
	}
	*out = v;
	return true;
}

static bool get_uint(GKeyFile *kf, const char *name, const char *text, const char *section,
                     const char *key, guint def, guint max, guint *out, GError **error)
{
	g_autofree char *v = get_str(kf, section, key, NULL);
	guint64 n = def;
	if (v && (!g_ascii_string_to_unsigned(v, 10, 0, max, &n, NULL))) {
		fail(error, name, text, section, key, "expected a whole number from 0 to %u", max);
		return false;
	}
	*out = (guint)n;
	return true;
}

/* [server] request_timeout: seconds a client has to send a request's headers (1 to 600). */
static bool get_timeout(GKeyFile *kf, const char *name, const char *text, desk_config_t *c,
                        GError **error)
{
	if (!get_uint(kf, name, text, "server", "request_timeout", 20, 600, &c->request_timeout,
	              error))
		return false;
	if (c->request_timeout > 0)
		return true;
	fail(error, name, text, "server", "request_timeout",
	     "expected a whole number from 1 to 600");
	return false;
}

static bool parse_server(desk_config_t *c, GKeyFile *kf, const char *name, const char *text,
                         GError **error)
{
	c->listen = get_str(kf, "server", "listen", "127.0.0.1:8080");
	c->default_station = get_str(kf, "server", "station", NULL);
	g_autofree char *host = NULL;
	guint16 port = 0;
	g_autoptr(GError) local = NULL;
	if (!desk_config_parse_listen(c->listen, &host, &port, &local)) {
		fail(error, name, text, "server", "listen", "%s", local->message);
		return false;
	}
	return get_uint(kf, name, text, "server", "backup_minutes", 15, 24 * 60, &c->backup_minutes,
	                error) &&
	       get_uint(kf, name, text, "server", "kiosk_rate", 600, 100000, &c->kiosk_rate,
	                error) &&
	       get_uint(kf, name, text, "server", "kiosk_burst", 120, 100000, &c->kiosk_burst,
	                error) &&
	       get_uint(kf, name, text, "server", "printer_poll", 5, 3600, &c->printer_poll,
	                error) &&
	       get_timeout(kf, name, text, c, error) &&
	       get_uint(kf, name, text, "server", "kiosk_searches", 30, 100000, &c->kiosk_searches,
	                error) &&
	       get_uint(kf, name, text, "server", "kiosk_walkins", 30, 100000, &c->kiosk_walkins,
	                error) &&
	       get_bool(kf, name, text, "server", "pair_loopback", false, &c->pair_loopback, error);
}

static bool parse_reprint(desk_config_t *c, GKeyFile *kf, const char *name, const char *text,
                          GError **error)
{
	g_autofree char *r = get_str(kf, "event", "reprint", "once");
	if (strcmp(r, "never") == 0)
		c->reprint = DESK_REPRINT_NEVER;
	else if (strcmp(r, "once") == 0)
		c->reprint = DESK_REPRINT_ONCE;
	else if (strcmp(r, "always") == 0)
		c->reprint = DESK_REPRINT_ALWAYS;
	else {
		fail(error, name, text, "event", "reprint", "expected never, once or always");
		return false;
	}
	return get_uint(kf, name, text, "event", "reprint_limit", 1, 100, &c->reprint_limit, error);
}

static bool valid_text(const char *name, const char *text, const char *section, const char *key,
                       const char *value, gsize max, GError **error)
{
	if (value && (!g_utf8_validate(value, -1, NULL) || strlen(value) > max)) {
		fail(error, name, text, section, key, "must be UTF-8 text of at most %zu bytes",
		     max);
		return false;
	}
	return true;
}

/* privacy[en], privacy[de], privacy[ja]: the privacy text in each kiosk language. */
static bool parse_privacy_langs(desk_config_t *c, GKeyFile *kf, const char *name, const char *text,
                                GError **error)
{
	for (guint i = 0; i < G_N_ELEMENTS(c->privacy_lang); i++) {
		g_autofree char *key = g_strdup_printf("privacy[%s]", desk_config_languages[i]);
		c->privacy_lang[i] = get_str(kf, "event", key, NULL);
		if (!valid_text(name, text, "event", key, c->privacy_lang[i], 4000, error))
			return false;
	}
	return true;
}

/* [event] timezone (an IANA name such as Asia/Tokyo) and door_closes (HH:MM). */
static bool parse_time(desk_config_t *c, const char *name, const char *text, GError **error)
{
	if (c->timezone) {
		g_autoptr(GTimeZone) tz = g_time_zone_new_identifier(c->timezone);
		if (!tz) {
			fail(error, name, text, "event", "timezone",
			     "unknown time zone \"%s\" (use a name such as Europe/Berlin)",
			     c->timezone);
			return false;
		}
	}
	if (c->door_closes &&
	    !g_regex_match_simple("^([01]\\d|2[0-3]):[0-5]\\d$", c->door_closes, 0, 0)) {
		fail(error, name, text, "event", "door_closes", "expected HH:MM (24-hour clock)");
		return false;
	}
	return true;
}

static bool parse_event(desk_config_t *c, GKeyFile *kf, const char *name, const char *text,
                        GError **error)
{
	c->slug = get_str(kf, "event", "slug", "demo");
	c->name = get_str(kf, "event", "name", "Community Meetup");
	c->date = get_str(kf, "event", "date", NULL);
	c->lang = get_str(kf, "event", "lang", NULL);
	c->privacy = get_str(kf, "event", "privacy", NULL);
	c->timezone = get_str(kf, "event", "timezone", NULL);
	c->door_closes = get_str(kf, "event", "door_closes", NULL);
	c->default_group = get_str(kf, "event", "default_group", NULL);
	for (const char *p = c->slug; *p; p++) {
		if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_') {
			fail(error, name, text, "event", "slug",
			     "use only letters, digits, - and _");
			return false;
		}
	}
	if (c->date && !g_regex_match_simple("^\\d{4}-\\d{2}-\\d{2}$", c->date, 0, 0)) {
		fail(error, name, text, "event", "date", "expected YYYY-MM-DD");
		return false;
	}
	if (!valid_text(name, text, "event", "name", c->name, 200, error) ||
	    !valid_text(name, text, "event", "privacy", c->privacy, 4000, error) ||
	    !parse_privacy_langs(c, kf, name, text, error) || !parse_time(c, name, text, error))
		return false;
	return get_bool(kf, name, text, "event", "walkins", true, &c->walkins, error) &&
	       get_bool(kf, name, text, "event", "consent_required", false, &c->consent_required,
	                error) &&
	       get_bool(kf, name, text, "event", "stickers", false, &c->stickers, error) &&
	       parse_reprint(c, kf, name, text, error);
}

static void parse_stations(desk_config_t *c, GKeyFile *kf)
{
	g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
	for (int i = 0; groups[i]; i++) {
		if (!g_str_has_prefix(groups[i], "station "))
			continue;
		desk_station_config_t *s = g_new0(desk_station_config_t, 1);
		s->name = g_strdup(groups[i] + strlen("station "));
		s->badge_printer = get_str(kf, groups[i], "badge_printer", NULL);
		s->fallback_printer = get_str(kf, groups[i], "fallback_printer", NULL);
		s->sticker_printer = get_str(kf, groups[i], "sticker_printer", NULL);
		s->badge_layout = get_str(kf, groups[i], "badge_layout", "dymo-30256.json");
		s->sticker_layout = get_str(kf, groups[i], "sticker_layout", NULL);
		g_ptr_array_add(c->stations, s);
	}
	if (c->stations->len == 0) {
		desk_station_config_t *s = g_new0(desk_station_config_t, 1);
		s->name = g_strdup("main");
		s->badge_layout = g_strdup("dymo-30256.json");
		g_ptr_array_add(c->stations, s);
	}
}

static desk_group_config_t *read_group(GKeyFile *kf, const char *short_name)
{
	g_autofree char *section = g_strdup_printf("group %s", short_name);
	desk_group_config_t *g = g_new0(desk_group_config_t, 1);
	g->short_name = g_strdup(short_name);
	g->name = get_str(kf, section, "name", short_name);
	g->url = get_str(kf, section, "url", NULL);
	g->sticker_layout = get_str(kf, section, "sticker_layout", NULL);
	return g;
}

/* The event's groups: [event] groups in that order, else every [group X] in file order. */
static bool parse_groups(desk_config_t *c, GKeyFile *kf, const char *name, const char *text,
                         GError **error)
{
	g_auto(GStrv) listed = g_key_file_get_string_list(kf, "event", "groups", NULL, NULL);
	if (listed) {
		for (int i = 0; listed[i]; i++) {
			g_autofree char *section =
			    g_strdup_printf("group %s", g_strstrip(listed[i]));
			if (!g_key_file_has_group(kf, section)) {
				fail(error, name, text, "event", "groups",
				     "group \"%s\" has no [%s] section", listed[i], section);
				return false;
			}
			g_ptr_array_add(c->groups, read_group(kf, listed[i]));
		}
	} else {
		g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
		for (int i = 0; groups[i]; i++)
			if (g_str_has_prefix(groups[i], "group "))
				g_ptr_array_add(c->groups,
				                read_group(kf, groups[i] + strlen("group ")));
	}
	if (c->default_group && !desk_config_group(c, c->default_group)) {
		fail(error, name, text, "event", "default_group", "no such group \"%s\"",
		     c->default_group);
		return false;
	}
	return true;
}

static desk_config_t *parse_keyfile(GKeyFile *kf, const char *name, const char *text,
                                    GError **error)
{
	g_autoptr(desk_config_t) c = g_new0(desk_config_t, 1);
	c->groups = g_ptr_array_new_with_free_func(group_free);
	c->stations = g_ptr_array_new_with_free_func(station_free);
	if (!check_known(kf, name, text, error) || !parse_server(c, kf, name, text, error) ||
	    !parse_event(c, kf, name, text, error) || !parse_groups(c, kf, name, text, error))
		return NULL;
	parse_stations(c, kf);
	if (c->default_station && !desk_config_station(c, c->default_station)) {
		fail(error, name, text, "server", "station", "no [station %s] section",
		     c->default_station);
		return NULL;
	}
	return g_steal_pointer(&c);
}

desk_config_t *desk_config_load_data(const char *data, const char *name, const char *const *sets,
                                     GError **error)
{
	g_return_val_if_fail(data != NULL && name != NULL, NULL);
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) local = NULL;
	if (!g_utf8_validate(data, -1, NULL)) {
		g_set_error(error, DESK_CONFIG_ERROR, 0, "%s: not UTF-8 text", name);
		return NULL;
	}
	if (!g_key_file_load_from_data(kf, data, (gsize)-1, G_KEY_FILE_KEEP_TRANSLATIONS, &local)) {
		g_set_error(error, DESK_CONFIG_ERROR, 0, "%s: %s", name, local->message);
		return NULL;
	}
	for (int i = 0; sets && sets[i]; i++)
		if (!apply_set(kf, sets[i], error))
			return NULL;
	return parse_keyfile(kf, name, data, error);
}

desk_config_t *desk_config_load(const char *path, const char *const *sets, GError **error)
{
	g_autofree char *fallback =
	    g_build_filename(DESK_SYSCONFDIR, "frontdesk", "frontdesk.conf", NULL);
	g_autofree char *data = NULL;
	g_autoptr(GError) local = NULL;
	if (!path && !g_file_test(fallback, G_FILE_TEST_EXISTS))
		return desk_config_load_data("", "(defaults)", sets, error);
	if (!path)
		path = fallback;
	if (!g_file_get_contents(path, &data, NULL, &local)) {
		g_set_error(error, DESK_CONFIG_ERROR, 0, "%s", local->message);
		return NULL;
	}
	desk_config_t *c = desk_config_load_data(data, path, sets, error);
	if (c)
		c->path = g_strdup(path);
	return c;
}

const desk_station_config_t *desk_config_station(const desk_config_t *config, const char *name)
{
	g_return_val_if_fail(config != NULL, NULL);
	if (!name || !*name)
		name = config->default_station;
	if (!name || !*name)
		return config->stations->pdata[0];
	for (guint i = 0; i < config->stations->len; i++) {
		const desk_station_config_t *s = config->stations->pdata[i];
		if (strcmp(s->name, name) == 0)
			return s;
	}
	return NULL;
}

const desk_group_config_t *desk_config_group(const desk_config_t *config, const char *short_name)
{
	g_return_val_if_fail(config != NULL, NULL);
	for (guint i = 0; short_name && i < config->groups->len; i++) {
		const desk_group_config_t *g = config->groups->pdata[i];
		if (strcmp(g->short_name, short_name) == 0)
			return g;
	}
	return NULL;
}

bool desk_config_parse_listen(const char *listen, char **host, guint16 *port, GError **error)
{
	g_return_val_if_fail(listen != NULL, false);
	const char *colon = strrchr(listen, ':');
	guint64 p = 0;
	if (!colon || colon == listen ||
	    !g_ascii_string_to_unsigned(colon + 1, 10, 0, 65535, &p, NULL)) {
		g_set_error(error, DESK_CONFIG_ERROR, 0,
		            "\"%s\": expected ADDRESS:PORT, e.g. 127.0.0.1:8080", listen);
		return false;
	}
	g_autofree char *h = g_strndup(listen, (gsize)(colon - listen));
	if (h[0] == '[' && h[strlen(h) - 1] == ']') {
		char *inner = g_strndup(h + 1, strlen(h) - 2);
		g_free(h);
		h = inner;
	}
	if (!g_hostname_is_ip_address(h)) {
		g_set_error(error, DESK_CONFIG_ERROR, 0, "\"%s\": \"%s\" is not an IP address",
		            listen, h);
		return false;
	}
	*host = g_steal_pointer(&h);
	*port = (guint16)p;
	return true;
}

const char *desk_reprint_policy_name(desk_reprint_policy_t policy)
{
	switch (policy) {
	case DESK_REPRINT_NEVER:
		return "never";
	case DESK_REPRINT_ONCE:
		return "once";
	case DESK_REPRINT_ALWAYS:
		return "always";
	}
	return "once";
}

/* ---- languages and time ------------------------------------------------- */

const char *const desk_config_languages[3] = {"en", "de", "ja"};

const char *desk_config_privacy(const desk_config_t *c, const char *lang)
{
	g_return_val_if_fail(c != NULL, NULL);
	for (guint i = 0; lang && i < G_N_ELEMENTS(c->privacy_lang); i++)
		if (strcmp(lang, desk_config_languages[i]) == 0 && c->privacy_lang[i])
			return c->privacy_lang[i];
	return c->privacy;
}

GTimeZone *desk_config_time_zone(const desk_config_t *c)
{
	GTimeZone *tz = c && c->timezone ? g_time_zone_new_identifier(c->timezone) : NULL;
	return tz ? tz : g_time_zone_new_local();
}

bool desk_config_door_closed(const desk_config_t *c, GDateTime *now)
{
	g_return_val_if_fail(c != NULL && now != NULL, false);
	int y = 0, mo = 0, d = 0, h = 0, mi = 0;
	if (!c->date || !c->door_closes || sscanf(c->date, "%d-%d-%d", &y, &mo, &d) != 3 ||
	    sscanf(c->door_closes, "%d:%d", &h, &mi) != 2)
		return false;
	g_autoptr(GTimeZone) tz = desk_config_time_zone(c);
	g_autoptr(GDateTime) closes = g_date_time_new(tz, y, mo, d, h, mi, 0);
	return closes && g_date_time_compare(now, closes) >= 0;
}

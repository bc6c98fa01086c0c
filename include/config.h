/* config.h: the station configuration (frontdesk.conf), parsed and validated as a whole. */
#pragma once

#include <glib.h>
#include <stdbool.h>

/* One [station NAME] section: where this kiosk prints and with which layouts.
 * Layout names are relative to the layouts folder; printers are CUPS
 * destinations or "folder:DIR". NULL means "not set". */
typedef struct {
	char *name;
	char *badge_printer;    /* NULL: the system's default CUPS destination */
	char *fallback_printer; /* used when badge_printer is NULL and there is no default */
	char *sticker_printer;  /* NULL: the badge printer */
	char *badge_layout;
	char *sticker_layout; /* NULL: the group's sticker layout */
} desk_station_config_t;

/* One [group SHORT] section: a community group whose sticker may be printed. */
typedef struct {
	char *short_name;
	char *name;
	char *url;
	char *sticker_layout;
} desk_group_config_t;

typedef enum {
	DESK_REPRINT_NEVER,
	DESK_REPRINT_ONCE, /* the kiosk may reprint reprint_limit times */
	DESK_REPRINT_ALWAYS,
} desk_reprint_policy_t;

typedef struct {
	char *path; /* the file read, or NULL when only defaults were used */
	/* [server] */
	char *listen;          /* "127.0.0.1:8080" */
	char *default_station; /* the station /kiosk/ uses */
	guint backup_minutes;  /* 0: no automatic backups */
	guint kiosk_rate;      /* kiosk requests per minute per client address */
	guint kiosk_burst;     /* token bucket size */
	guint printer_poll;    /* seconds between printer state checks */
	guint request_timeout; /* seconds to send request headers; 3x that for a body */
	guint kiosk_searches;  /* searches per minute per kiosk session */
	guint kiosk_walkins;   /* walk-ins per hour per kiosk session */
	bool pair_loopback;    /* kiosks on 127.0.0.1 must be paired too (behind a proxy) */
	/* [event] */
	char *slug, *name, *date, *lang;
	bool walkins;
	bool consent_required; /* walk-ins must tick the consent box */
	char *privacy;         /* privacy text shown beside the consent box */
	char *privacy_lang[3]; /* privacy[en], privacy[de], privacy[ja], or NULL each */
	char *timezone;        /* IANA zone of the event, or NULL: the machine's */
	char *door_closes;     /* "HH:MM" on the event date, or NULL */
	desk_reprint_policy_t reprint;
	guint reprint_limit;
	bool stickers;
	char *default_group; /* group short name, or NULL */
	GPtrArray *groups;   /* desk_group_config_t *, in [event] groups order */
	GPtrArray *stations; /* desk_station_config_t *, in file order; never empty */
} desk_config_t;

/* Reads @path (NULL: DESK_SYSCONFDIR/frontdesk/frontdesk.conf when it exists,
 * else built-in defaults), then applies @sets ("section.key=value", NULL-able,
 * NULL-terminated; the section may contain spaces: "station door.badge_printer=x").
 * Validates everything. Returns a new config (desk_config_free) or NULL with
 * @error set to "file:line: message" or "section.key: message". */
desk_config_t *desk_config_load(const char *path, const char *const *sets, GError **error);

/* As desk_config_load() from text in memory; @name names it in messages. */
desk_config_t *desk_config_load_data(const char *data, const char *name, const char *const *sets,
                                     GError **error);

void desk_config_free(desk_config_t *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_config_t, desk_config_free)

/* The station called @name, or the default station when @name is NULL or
 * empty. NULL when there is no such station. Borrowed from @config. */
const desk_station_config_t *desk_config_station(const desk_config_t *config, const char *name);

/* The group called @short_name, or NULL. Borrowed from @config. */
const desk_group_config_t *desk_config_group(const desk_config_t *config, const char *short_name);

/* Splits "HOST:PORT" ("[::1]:8080" for IPv6; port 0 = any free port).
 * Writes *@host (g_free) and *@port only on success. */
bool desk_config_parse_listen(const char *listen, char **host, guint16 *port, GError **error);

/* The kiosk languages, in the order of desk_config_t.privacy_lang. */
extern const char *const desk_config_languages[3];

/* The privacy text for @lang ("en", "de", "ja"): privacy[lang], else privacy;
 * NULL when there is none. Borrowed from @config. */
const char *desk_config_privacy(const desk_config_t *config, const char *lang);

/* The event's time zone ([event] timezone, else the machine's); g_time_zone_unref. */
GTimeZone *desk_config_time_zone(const desk_config_t *config);

/* Whether the door has closed at @now: [event] door_closes on [event] date
 * in the event's time zone has passed. False when either is not set. */
bool desk_config_door_closed(const desk_config_t *config, GDateTime *now);

const char *desk_reprint_policy_name(desk_reprint_policy_t policy);

#define DESK_CONFIG_ERROR (desk_config_error_quark())
GQuark desk_config_error_quark(void);

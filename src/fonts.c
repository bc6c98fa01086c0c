/* fonts.c: one fontconfig configuration per process, with the shipped fonts, for every pango font
 * map. */
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include <stdbool.h>

#include "cli.h"
#include "fonts.h"

const char *desk_fonts_default_dir(void)
{
	const char *env = g_getenv("FRONTDESK_FONTS_DIR");
	if (env && *env)
		return env;
	return desk_cli_fonts_dir();
}

/* Counts the font files fontconfig accepted from @dir. */
static int count_app_fonts(FcConfig *config, const char *dir)
{
	FcFontSet *set = FcConfigGetFonts(config, FcSetApplication);
	int n = 0;
	for (int i = 0; set && i < set->nfont; i++) {
		FcChar8 *file = NULL;
		if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) == FcResultMatch &&
		    g_str_has_prefix((const char *)file, dir))
			n++;
	}
	return n;
}

/* The system's configuration (every conf.d rule, every font: a layout may
 * name any family, "Helvetica" included) plus every font file in @dir;
 * NULL with @error set. */
static FcConfig *config_new(const char *dir, GError **error)
{
	FcConfig *config = FcInitLoadConfigAndFonts();
	if (!config) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "fontconfig failed to load");
		return NULL;
	}
	if (!FcConfigAppFontAddDir(config, (const FcChar8 *)dir) ||
	    count_app_fonts(config, dir) == 0) {
		FcConfigDestroy(config);
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: no usable font files",
		            dir);
		return NULL;
	}
	return config;
}

/* Parsing the configuration and reading the font caches is most of a
 * fresh process's start-up, so it happens once: the configuration for the
 * first fonts folder is kept for the process and made fontconfig's current
 * one, which pango's own FcInit() then finds instead of loading a second.
 * Another folder (tests) gets a configuration of its own. Returns a new
 * reference (FcConfigDestroy). */
static FcConfig *config_for(const char *dir, GError **error)
{
	static GMutex lock;
	static FcConfig *shared;
	static char *shared_dir;
	FcConfig *config = NULL;

	g_mutex_lock(&lock);
	if (shared && strcmp(shared_dir, dir) == 0) {
		config = FcConfigReference(shared);
	} else if ((config = config_new(dir, error)) && !shared) {
		shared = FcConfigReference(config);
		shared_dir = g_strdup(dir);
		FcConfigSetCurrent(shared);
	}
	g_mutex_unlock(&lock);
	return config;
}

PangoFontMap *desk_fonts_map_new(const char *fonts_dir, GError **error)
{
	g_autofree char *dir = NULL;
	bool given = fonts_dir != NULL;

	dir = g_canonicalize_filename(given ? fonts_dir : desk_fonts_default_dir(), NULL);
	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		if (!given) {
			/* Still print with the system's fonts rather than not at all. */
			g_message("%s: fonts folder not found; using the system's fonts", dir);
			return pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
		}
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: fonts folder not found",
		            dir);
		return NULL;
	}
	FcConfig *config = config_for(dir, error);
	if (!config)
		return NULL;
	PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
	FcConfigDestroy(config); /* the font map holds its own reference */
	return map;
}

/* fonts.c: register the shipped fonts with fontconfig and build the pango font map on them. */
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

PangoFontMap *desk_fonts_map_new(const char *fonts_dir, GError **error)
{
	g_autofree char *dir = NULL;
	bool given = fonts_dir != NULL;
	FcConfig *config;

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
	config = FcInitLoadConfigAndFonts();
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
	PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
	FcConfigDestroy(config); /* the font map holds its own reference */
	return map;
}

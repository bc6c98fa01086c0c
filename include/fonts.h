/* fonts.h: the shipped fonts, registered with a private fontconfig configuration for pango. */
#pragma once

#include <glib.h>
#include <pango/pango.h>

/* Creates a pango font map (cairo, FreeType) whose fontconfig configuration
 * is the system's plus every font file in @fonts_dir, so the shipped Noto
 * Sans is used wherever it is installed. Scripts it does not cover fall back
 * to the system's Noto fonts. @fonts_dir NULL: desk_fonts_default_dir(),
 * and when that folder is missing the system's fonts alone (with a
 * message), so a station still prints. Returns a new font map
 * (g_object_unref), or NULL with @error set when a given @fonts_dir cannot
 * be read or holds no font. */
PangoFontMap *desk_fonts_map_new(const char *fonts_dir, GError **error);

/* The default fonts folder: $FRONTDESK_FONTS_DIR, else the source tree's or
 * the installed fonts/ (see desk_cli_fonts_dir()). Borrowed, static. */
const char *desk_fonts_default_dir(void);

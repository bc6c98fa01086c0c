/* test-fonts.c: the font configuration: built once, and it picks the very fonts the system's would.
 */
#include <fontconfig/fontconfig.h>
#include <locale.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <pango/pangofc-fontmap.h>

#include "fonts.h"
#include "render-fixture.h"
#include "sample-names.h"

/* Text in every script the sample names use, plus symbols and scripts
 * beyond them, so a font the configuration left out would show. */
static const char *const extra_texts[] = {
    "Ada Lovelace → ★ © ½ € ₹ ₩ ¥ ✓ ♥ “quotes” — …",
    "Ελένη Παπαδοπούλου",
    "Иван Петров",
    "Սարգիս",
    "გიორგი",
    "ሰላም",
    "ᏣᎳᎩ",
    "தமிழ் செல்வி",
    "বাংলা",
    "ਪੰਜਾਬੀ",
    "ગુજરાતી",
    "తెలుగు",
    "ಕನ್ನಡ",
    "മലയാളം",
    "සිංහල",
    "ລາວ",
    "ខ្មែរ",
    "မြန်မာ",
    "བོད་",
    "ᠮᠣᠩᠭᠣᠯ",
    "ꦗꦮ",
    "ߒߞߏ",
    "ܣܘܪܝܝܐ",
    "ތާނަ",
    "ㄅㄆㄇ",
    "𠮷野家",
    "①②③",
    "∑∫√∞",
    "♔♕♖",
    "⌘⌥",
    "🙂 🎌",
};
static const char *const langs[] = {NULL, "en", "ja", "zh-cn", "zh-tw", "ko", "ar", "hi", "th"};

/* "file:index[:embolden][:matrix]" of each run's font in @text, joined. */
static char *fonts_used(PangoContext *context, const char *family, const char *text,
                        const char *lang, int weight, int style)
{
	PangoLayout *pl = pango_layout_new(context);
	PangoFontDescription *desc = pango_font_description_new();
	pango_font_description_set_family(desc, family);
	pango_font_description_set_absolute_size(desc, 20 * PANGO_SCALE);
	pango_font_description_set_weight(desc, (PangoWeight)weight);
	pango_font_description_set_style(desc, (PangoStyle)style);
	pango_layout_set_font_description(pl, desc);
	pango_font_description_free(desc);
	if (lang)
		pango_context_set_language(context, pango_language_from_string(lang));
	pango_layout_context_changed(pl);
	pango_layout_set_text(pl, text, -1);
	GString *out = g_string_new(NULL);
	PangoLayoutIter *it = pango_layout_get_iter(pl);
	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
		if (!run)
			continue;
		FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(run->item->analysis.font));
		FcChar8 *file = NULL;
		int index = 0;
		FcBool embolden = FcFalse;
		FcMatrix *m = NULL;
		FcPatternGetString(pat, FC_FILE, 0, &file);
		FcPatternGetInteger(pat, FC_INDEX, 0, &index);
		FcPatternGetBool(pat, FC_EMBOLDEN, 0, &embolden);
		FcPatternGetMatrix(pat, FC_MATRIX, 0, &m);
		g_string_append_printf(out, "%s:%d%s", file, index, embolden ? ":bold" : "");
		if (m)
			g_string_append_printf(out, ":%g,%g,%g,%g", m->xx, m->xy, m->yx, m->yy);
		g_string_append_c(out, ' ');
	} while (pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
	g_object_unref(pl);
	pango_context_set_language(context, pango_language_get_default());
	return g_string_free(out, FALSE);
}

/* The configuration frontdesk used before it had its own: every conf.d
 * rule and every system font, plus the shipped fonts. */
static PangoFontMap *reference_map(void)
{
	FcConfig *config = FcInitLoadConfigAndFonts();
	g_autofree char *dir = g_canonicalize_filename(fixture_fonts_dir(), NULL);
	g_assert_true(FcConfigAppFontAddDir(config, (const FcChar8 *)dir));
	PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
	FcConfigDestroy(config);
	return map;
}

static void compare(PangoContext *ours, PangoContext *ref, const char *family, const char *text,
                    guint *checked)
{
	static const int weights[] = {400, 700};
	for (guint l = 0; l < G_N_ELEMENTS(langs); l++)
		for (guint w = 0; w < G_N_ELEMENTS(weights); w++)
			for (int style = 0; style <= 2; style += 2) {
				g_autofree char *a =
				    fonts_used(ours, family, text, langs[l], weights[w], style);
				g_autofree char *b =
				    fonts_used(ref, family, text, langs[l], weights[w], style);
				if (g_strcmp0(a, b) != 0)
					g_test_message(
					    "\"%s\" lang %s weight %d style %d:\n  ours %s\n  "
					    "system %s",
					    text, langs[l] ? langs[l] : "-", weights[w], style, a,
					    b);
				g_assert_cmpstr(a, ==, b);
				(*checked)++;
			}
}

static void test_same_fonts(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(PangoFontMap) map = desk_fonts_map_new(fixture_fonts_dir(), &error);
	g_assert_no_error(error);
	g_autoptr(PangoFontMap) ref_map = reference_map();
	PangoContext *ours = pango_font_map_create_context(map);
	PangoContext *ref = pango_font_map_create_context(ref_map);
	guint checked = 0;
	for (guint i = 0; i < 200; i++) {
		g_autofree char *name = names_make(i);
		compare(ours, ref, "Noto Sans", name, &checked);
	}
	/* Layouts may name any family, metric aliases included. */
	static const char *const families[] = {"Noto Sans",  "Helvetica",        "Times",
	                                       "Noto Serif", "DejaVu Sans Mono", "sans-serif",
	                                       "monospace"};
	for (guint f = 0; f < G_N_ELEMENTS(families); f++)
		for (guint i = 0; i < G_N_ELEMENTS(extra_texts); i++)
			compare(ours, ref, families[f], extra_texts[i], &checked);
	g_test_message("%u texts x languages x styles: the same fonts", checked);
	g_object_unref(ours);
	g_object_unref(ref);
}

/* A second font map for the same folder shares the one configuration,
 * and it is fontconfig's current one (so pango loads no other). */
static void test_config_once(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(PangoFontMap) a = desk_fonts_map_new(fixture_fonts_dir(), &error);
	g_autoptr(PangoFontMap) b = desk_fonts_map_new(fixture_fonts_dir(), &error);
	g_assert_no_error(error);
	FcConfig *ca = pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(a));
	g_assert_true(ca == pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(b)));
	g_assert_true(ca == FcConfigGetCurrent());
}

static void test_bad_dir(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *empty = g_dir_make_tmp("fonts-empty-XXXXXX", NULL);
	g_assert_null(desk_fonts_map_new("/nonexistent/fonts", &error));
	g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
	g_clear_error(&error);
	g_assert_null(desk_fonts_map_new(empty, &error));
	g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
	g_rmdir(empty);
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "C.UTF-8");
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/fonts/config-once", test_config_once);
	g_test_add_func("/fonts/same-as-system", test_same_fonts);
	g_test_add_func("/fonts/bad-dir", test_bad_dir);
	return g_test_run();
}

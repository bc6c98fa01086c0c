/* render-runs.c: text for vector output: big CFF faces (CJK) drawn through a streamed private face.
 */
#include <cairo-ft.h>
#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render-internal.h"

/* A CFF face at least this big is drawn through a private face in PDFs.
 * Noto Sans CJK's are 16 MB; Latin, Greek and Cyrillic ones are < 1 MB. */
#define HEAVY_FILE_BYTES (4 << 20)

/* ---- the private face --------------------------------------------------
 * cairo (1.16) reads a CFF face's whole CFF table into the heap twice per
 * PDF: when the face is first drawn (to see whether it is a CID font) and
 * when the document is finished (to subset it): 16 MB for Noto Sans CJK.
 * Through the face pango opens, FreeType maps the font file, so reading
 * the table also leaves all 16 MB of the mapping resident, for every CJK
 * face the document uses, until the process ends. A face of our own, read
 * with pread() instead of a mapping, keeps the file in the page cache and
 * out of the process: what remains is cairo's copy, one face at a time,
 * freed at once. The subset cairo embeds is the same. */

static FT_Library library;
static GMutex library_lock; /* FT_Open_Face and FT_Done_Face on one library */

static unsigned long stream_read(FT_Stream stream, unsigned long offset, unsigned char *buffer,
                                 unsigned long count)
{
	if (count == 0)
		return offset > stream->size; /* a seek: non-zero is an error */
	ssize_t n;
	do
		n = pread(stream->descriptor.value, buffer, count, (off_t)offset);
	while (n < 0 && errno == EINTR);
	return n < 0 ? 0 : (unsigned long)n;
}

static void stream_close(FT_Stream stream)
{
	close(stream->descriptor.value);
	g_free(stream);
}

static void face_done(void *data)
{
	g_mutex_lock(&library_lock);
	FT_Done_Face(data);
	g_mutex_unlock(&library_lock);
}

/* A face of @file's face @index read through pread(); NULL when it cannot
 * be opened (the caller then draws with pango's). */
static FT_Face stream_face_open(const char *file, int index)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0) {
		close(fd);
		return NULL;
	}
	FT_Stream stream = g_new0(FT_StreamRec, 1);
	stream->size = (unsigned long)st.st_size;
	stream->descriptor.value = fd;
	stream->read = stream_read;
	stream->close = stream_close; /* FreeType calls it, also when opening fails */
	FT_Open_Args args = {.flags = FT_OPEN_STREAM, .stream = stream};
	FT_Face face = NULL;
	g_mutex_lock(&library_lock);
	if (library || FT_Init_FreeType(&library) == 0)
		if (FT_Open_Face(library, &args, index, &face) != 0)
			face = NULL;
	g_mutex_unlock(&library_lock);
	return face;
}

/* A private face for @file's face @index, or NULL when it cannot be
 * opened (pango's is drawn then). */
static cairo_font_face_t *private_face_new(const char *file, int index, bool embolden)
{
	static const cairo_user_data_key_t key;
	FT_Face ft = stream_face_open(file, index);
	if (!ft)
		return NULL;
	cairo_font_face_t *face = cairo_ft_font_face_create_for_ft_face(ft, 0);
	cairo_font_face_set_user_data(face, &key, ft, face_done);
	if (embolden) /* as cairo would read it from pango's pattern */
		cairo_ft_font_face_set_synthesize(face, CAIRO_FT_SYNTHESIZE_BOLD);
	return face;
}

/* The private face for @font when it is a heavy CFF face, else NULL: one
 * per font file and face, whatever the size, so a PDF holds one subset of
 * each. Borrowed from the renderer's cache. */
static cairo_font_face_t *heavy_face(desk_renderer_t *r, PangoFont *font)
{
	FcPattern *pat =
	    PANGO_IS_FC_FONT(font) ? pango_fc_font_get_pattern(PANGO_FC_FONT(font)) : NULL;
	FcChar8 *file = NULL, *format = NULL;
	int index = 0;
	FcBool embolden = FcFalse;
	if (!pat || FcPatternGetString(pat, FC_FILE, 0, &file) != FcResultMatch ||
	    FcPatternGetString(pat, FC_FONTFORMAT, 0, &format) != FcResultMatch ||
	    strcmp((const char *)format, "CFF") != 0)
		return NULL;
	FcPatternGetInteger(pat, FC_INDEX, 0, &index);
	FcPatternGetBool(pat, FC_EMBOLDEN, 0, &embolden);
	g_autofree char *key = g_strdup_printf("%s:%d:%d", file, index, embolden);
	gpointer face;
	if (g_hash_table_lookup_extended(r->heavy_faces, key, NULL, &face))
		return face;
	GStatBuf st;
	face = g_stat((const char *)file, &st) == 0 && st.st_size >= HEAVY_FILE_BYTES
	           ? private_face_new((const char *)file, index, embolden)
	           : NULL;
	g_hash_table_insert(r->heavy_faces, g_steal_pointer(&key), face);
	return face;
}

void desk_render_heavy_face_free(gpointer face)
{
	if (face)
		cairo_font_face_destroy(face);
}

/* ---- drawing ------------------------------------------------------------ */

/* Draws @run's glyphs with @face at baseline (@x, @y) as
 * pango_cairo_show_glyph_item() would: same positions, same text clusters
 * (so the PDF text stays searchable). False, drawing nothing, for runs
 * this does not handle (right to left, missing glyphs). */
static bool show_run(cairo_t *cr, PangoFont *font, cairo_font_face_t *face, const char *text,
                     PangoGlyphItem *run, double x, double y)
{
	PangoGlyphString *gs = run->glyphs;
	if (run->item->analysis.level % 2 != 0)
		return false;
	for (int i = 0; i < gs->num_glyphs; i++)
		if (gs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG &&
		    gs->glyphs[i].glyph != PANGO_GLYPH_EMPTY)
			return false;
	cairo_glyph_t *glyphs = cairo_glyph_allocate(MAX(gs->num_glyphs, 1));
	cairo_text_cluster_t *clusters = cairo_text_cluster_allocate(MAX(gs->num_glyphs, 1));
	int n = 0, nc = 0;
	double pen = x;
	for (int i = 0; i < gs->num_glyphs; i++) {
		const PangoGlyphInfo *gi = &gs->glyphs[i];
		if (gi->glyph != PANGO_GLYPH_EMPTY)
			glyphs[n++] = (cairo_glyph_t){
			    gi->glyph, pen + (double)gi->geometry.x_offset / PANGO_SCALE,
			    y + (double)gi->geometry.y_offset / PANGO_SCALE};
		pen += (double)gi->geometry.width / PANGO_SCALE;
	}
	PangoGlyphItemIter it;
	for (gboolean more = pango_glyph_item_iter_init_start(&it, run, text); more;
	     more = pango_glyph_item_iter_next_cluster(&it)) {
		int count = 0;
		for (int g = it.start_glyph; g < it.end_glyph; g++)
			count += gs->glyphs[g].glyph != PANGO_GLYPH_EMPTY;
		clusters[nc++] = (cairo_text_cluster_t){it.end_index - it.start_index, count};
	}
	cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
	cairo_matrix_t matrix;
	cairo_font_options_t *options = cairo_font_options_create();
	cairo_scaled_font_get_font_matrix(sf, &matrix);
	cairo_scaled_font_get_font_options(sf, options);
	cairo_save(cr);
	cairo_set_font_face(cr, face);
	cairo_set_font_matrix(cr, &matrix);
	cairo_set_font_options(cr, options);
	cairo_show_text_glyphs(cr, text + run->item->offset, run->item->length, glyphs, n, clusters,
	                       nc, 0);
	cairo_restore(cr);
	cairo_font_options_destroy(options);
	cairo_glyph_free(glyphs);
	cairo_text_cluster_free(clusters);
	return true;
}

static bool has_heavy_run(desk_renderer_t *r, PangoLayout *pl)
{
	bool heavy = false;
	PangoLayoutIter *it = pango_layout_get_iter(pl);
	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
		heavy = run && heavy_face(r, run->item->analysis.font);
	} while (!heavy && pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
	return heavy;
}

void desk_render_show_layout(desk_renderer_t *r, cairo_t *cr, PangoLayout *pl, bool vector)
{
	if (!vector || !has_heavy_run(r, pl)) {
		pango_cairo_show_layout(cr, pl);
		return;
	}
	const char *text = pango_layout_get_text(pl);
	double x0, y0;
	cairo_get_current_point(cr, &x0, &y0);
	PangoLayoutIter *it = pango_layout_get_iter(pl);
	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
		if (!run)
			continue;
		PangoRectangle logical;
		pango_layout_iter_get_run_extents(it, NULL, &logical);
		double x = x0 + (double)logical.x / PANGO_SCALE;
		double y =
		    y0 + (double)(pango_layout_iter_get_baseline(it) - run->y_offset) / PANGO_SCALE;
		PangoFont *font = run->item->analysis.font;
		cairo_font_face_t *face = heavy_face(r, font);
		if (!face || !show_run(cr, font, face, text, run, x, y)) {
			cairo_move_to(cr, x, y);
			pango_cairo_show_glyph_item(cr, text, run);
		}
	} while (pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
}

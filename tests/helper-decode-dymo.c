/* helper-decode-dymo.c: decodes a DYMO LabelWriter command stream (raster2dymolw output) into a PNG
 * or PBM. Usage: helper-decode-dymo IN OUT.{png,pbm} [HEAD_DOTS=672] Prints "width=W height=H
 * label_length=L lines=N pages=P ink=..." on stdout; pages counts labels fed after printed lines;
 * the image holds every label one after another. */
#include <stdlib.h>

#include "decode-common.h"

typedef struct {
	const guint8 *p, *end;
	int dot_tab, bytes_per_line, label_length, pages;
	int lines_at_feed; /* out.height at the last form feed */
	decoded_t out;
} dymo_t;

static bool fail(const char *what, const dymo_t *s, const guint8 *start)
{
	fprintf(stderr, "decode-dymo: offset %ld: %s\n", (long)(s->p - start), what);
	return false;
}

static void add_line(dymo_t *s, const guint8 *data)
{
	guint8 row[256] = {0};
	memcpy(row + s->dot_tab, data, s->bytes_per_line);
	decoded_add_row(&s->out, row, s->dot_tab + s->bytes_per_line);
}

/* ETB: runs of (bit 7 = ink, bits 0-6 = length - 1) until bytes_per_line * 8 dots. */
static bool compressed_line(dymo_t *s)
{
	guint8 line[256] = {0};
	int dots = 0, total = s->bytes_per_line * 8;
	while (dots < total && s->p < s->end) {
		int run = (*s->p & 0x7f) + 1;
		bool ink = *s->p++ & 0x80;
		for (int i = 0; i < run && dots < total; i++, dots++)
			if (ink)
				line[dots / 8] |= 0x80 >> (dots % 8);
	}
	add_line(s, line);
	return dots == total;
}

static bool escape(dymo_t *s, const guint8 *start)
{
	static const char args0[] = "\x1b"
	                            "ehicdgyzEGA*@";
	guint8 c = *s->p++;
	if (c && strchr(args0, c)) {
		if ((c == 'E' || c == 'G') && s->out.height > s->lines_at_feed) {
			s->pages++; /* a feed after printed lines ends a label */
			s->lines_at_feed = s->out.height;
		}
		return true;
	}
	int need = (c == 'B' || c == 'D' || c == 'q')   ? 1
	           : (c == 'Q' || c == 'L' || c == 'f') ? 2
	                                                : -1;
	if (need < 0 || s->p + need > s->end)
		return fail("unknown or truncated ESC command", s, start);
	if (c == 'B')
		s->dot_tab = s->p[0];
	else if (c == 'D')
		s->bytes_per_line = s->p[0];
	else if (c == 'L')
		s->label_length = s->p[0] << 8 | s->p[1];
	else if (c == 'f')
		for (int i = 0; i < s->p[1]; i++)
			decoded_add_row(&s->out, (const guint8 *)"", 0);
	s->p += need;
	return true;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s IN OUT.{png,pbm} [HEAD_DOTS]\n", argv[0]);
		return 2;
	}
	g_autofree char *data = NULL;
	gsize length;
	if (!g_file_get_contents(argv[1], &data, &length, NULL))
		return fprintf(stderr, "decode-dymo: cannot read %s\n", argv[1]), 1;
	dymo_t s = {0};
	s.p = (const guint8 *)data;
	s.end = s.p + length;
	s.out.width = argc > 3 ? atoi(argv[3]) : 672;
	s.out.rows = g_byte_array_new();
	const guint8 *start = s.p;
	bool ok = true;
	while (ok && s.p < s.end) {
		guint8 c = *s.p++;
		if ((c == 0x16 || c == 0x17) && s.dot_tab + s.bytes_per_line > s.out.width / 8)
			ok = fail("line wider than the head", &s, start);
		else if (c == 0x1b)
			ok = escape(&s, start);
		else if (c == 0x16 && s.p + s.bytes_per_line <= s.end) {
			add_line(&s, s.p);
			s.p += s.bytes_per_line;
		} else if (c == 0x17)
			ok = compressed_line(&s);
		else
			ok = fail("unexpected byte", &s, start);
	}
	int lines = s.out.height;
	while (s.pages <= 1 &&
	       s.out.height < s.label_length) /* trailing blank lines are never sent */
		decoded_add_row(&s.out, (const guint8 *)"", 0);
	printf("width=%d height=%d label_length=%d lines=%d pages=%d", s.out.width, s.out.height,
	       s.label_length, lines, s.pages);
	decoded_print_ink(&s.out, false);
	ok = ok && decoded_write(&s.out, argv[2], false);
	g_byte_array_unref(s.out.rows);
	return ok ? 0 : 1;
}

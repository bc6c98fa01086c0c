/* helper-decode-ptouch.c: decodes a Brother QL/PT raster stream (rastertoptch output, PackBits or
 * not) into a PNG or PBM. Usage: helper-decode-ptouch IN OUT.{png,pbm} Prints "width=W height=H
 * lines=N pages=P compressed=0|1 media_width_mm=M" on stdout. Lines are sent mirrored (the head's
 * first dot is the label's right edge); the image is written as the label reads. */
#include "decode-common.h"

typedef struct {
	const guint8 *p, *end;
	bool packbits;
	int pages, media_mm;
	decoded_t out;
} ptouch_t;

static bool unpack(const guint8 *in, int n, guint8 *out, int max, int *written)
{
	int o = 0;
	for (int i = 0; i < n;) {
		gint8 c = (gint8)in[i++];
		if (c >= 0) {
			if (i + c + 1 > n || o + c + 1 > max)
				return false;
			memcpy(out + o, in + i, c + 1);
			i += c + 1, o += c + 1;
		} else if (c != -128) {
			if (i >= n || o + 1 - c > max)
				return false;
			memset(out + o, in[i++], 1 - c);
			o += 1 - c;
		}
	}
	*written = o;
	return true;
}

static bool raster_line(ptouch_t *s, int n)
{
	guint8 line[512] = {0};
	int len = n;
	if (s->p + n > s->end)
		return false;
	if (s->packbits) {
		if (!unpack(s->p, n, line, sizeof(line), &len))
			return false;
	} else
		memcpy(line, s->p, MIN(n, (int)sizeof(line)));
	s->p += n;
	if (s->out.width == 0)
		s->out.width = len * 8;
	decoded_add_row(&s->out, line, len);
	return true;
}

static bool esc_i(ptouch_t *s)
{
	if (s->p >= s->end)
		return false;
	guint8 c = *s->p++;
	int need = c == 'z' ? 10 : c == 'd' ? 2 : c == 'S' ? 0 : c == 'U' ? 15 : 1;
	if (s->p + need > s->end)
		return false;
	if (c == 'z')
		s->media_mm = s->p[2];
	s->p += need;
	return true;
}

static bool step(ptouch_t *s)
{
	guint8 c = *s->p++;
	switch (c) {
	case 0x00:
		return true; /* invalidate */
	case 0x0c:
	case 0x1a:
		s->pages++;
		return true;
	case 'Z':
		decoded_add_row(&s->out, (const guint8 *)"", 0);
		return true;
	case 'M':
		if (s->p >= s->end)
			return false;
		s->packbits = *s->p++ == 2;
		return true;
	case 'g':
	case 'G': {
		if (s->p + 2 > s->end)
			return false;
		int n = c == 'g' ? s->p[1] : (s->p[0] | s->p[1] << 8);
		s->p += 2;
		return raster_line(s, n);
	}
	case 0x1b:
		if (s->p >= s->end)
			return false;
		c = *s->p++;
		return c == '@' || (c == 'i' && esc_i(s));
	default:
		return false;
	}
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s IN OUT.{png,pbm}\n", argv[0]);
		return 2;
	}
	g_autofree char *data = NULL;
	gsize length;
	if (!g_file_get_contents(argv[1], &data, &length, NULL))
		return fprintf(stderr, "decode-ptouch: cannot read %s\n", argv[1]), 1;
	ptouch_t s = {0};
	s.p = (const guint8 *)data;
	s.end = s.p + length;
	s.out.rows = g_byte_array_new();
	bool ok = true;
	while (ok && s.p < s.end) {
		ok = step(&s);
		if (!ok)
			fprintf(stderr, "decode-ptouch: offset %ld: unknown or truncated command\n",
			        (long)(s.p - (const guint8 *)data));
	}
	if (s.out.width == 0) {
		s.out.width = 8;
		ok = false;
		fprintf(stderr, "decode-ptouch: no raster lines\n");
	}
	printf("width=%d height=%d lines=%d pages=%d compressed=%d media_width_mm=%d", s.out.width,
	       s.out.height, s.out.height, s.pages, s.packbits, s.media_mm);
	decoded_print_ink(&s.out, true);
	ok = ok && decoded_write(&s.out, argv[2], true);
	g_byte_array_unref(s.out.rows);
	return ok ? 0 : 1;
}

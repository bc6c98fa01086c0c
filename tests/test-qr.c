/* test-qr.c: the QR module grid: ECC choice, sizes, errors, exact UTF-8 zbarimg round trips. */
#include <cairo.h>
#include <qrencode.h>

#include "qr.h"
#include "render-fixture.h"

static void test_auto_ecc(void)
{
	g_assert_cmpint(desk_qr_auto_ecc(1), ==, DESK_QR_ECC_H);
	g_assert_cmpint(desk_qr_auto_ecc(39), ==, DESK_QR_ECC_H);
	g_assert_cmpint(desk_qr_auto_ecc(40), ==, DESK_QR_ECC_Q);
	g_assert_cmpint(desk_qr_auto_ecc(99), ==, DESK_QR_ECC_Q);
	g_assert_cmpint(desk_qr_auto_ecc(100), ==, DESK_QR_ECC_M);
	g_assert_cmpint(desk_qr_auto_ecc(299), ==, DESK_QR_ECC_M);
	g_assert_cmpint(desk_qr_auto_ecc(300), ==, DESK_QR_ECC_L);
	/* Our values are libqrencode's. */
	g_assert_cmpint(DESK_QR_ECC_L, ==, QR_ECLEVEL_L);
	g_assert_cmpint(DESK_QR_ECC_H, ==, QR_ECLEVEL_H);
}

static void test_grid_shape(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_qr_grid_t) grid = desk_qr_encode("FD-000042", -1, &error);
	g_assert_no_error(error);
	g_assert_cmpint(grid->ecc, ==, DESK_QR_ECC_H);
	g_assert_cmpint(grid->size, ==, 17 + 4 * grid->version);
	/* The three finder patterns: dark corners, light separators. */
	g_assert_true(desk_qr_grid_dark(grid, 0, 0));
	g_assert_true(desk_qr_grid_dark(grid, grid->size - 1, 0));
	g_assert_true(desk_qr_grid_dark(grid, 0, grid->size - 1));
	g_assert_false(desk_qr_grid_dark(grid, 7, 7));
	g_assert_false(desk_qr_grid_dark(grid, -1, 0));
	g_assert_false(desk_qr_grid_dark(grid, grid->size, 0));

	g_autoptr(desk_qr_grid_t) fixed = desk_qr_encode("FD-000042", DESK_QR_ECC_L, &error);
	g_assert_no_error(error);
	g_assert_cmpint(fixed->ecc, ==, DESK_QR_ECC_L);
	g_assert_cmpint(fixed->size, <=, grid->size);
}

static void test_errors(void)
{
	g_autoptr(GError) error = NULL;
	g_assert_null(desk_qr_encode("", -1, &error));
	g_assert_nonnull(error);
	g_clear_error(&error);
	g_assert_null(desk_qr_encode(NULL, -1, &error));
	g_clear_error(&error);
	/* 3,000 bytes at H cannot fit in version 40 (1,273 bytes at most). */
	g_autofree char *big = g_strnfill(3000, 'x');
	g_assert_null(desk_qr_encode(big, DESK_QR_ECC_H, &error));
	g_assert_nonnull(error);
	g_assert_nonnull(strstr(error->message, "3000 bytes"));
}

static cairo_status_t append_png(void *closure, const unsigned char *data, unsigned int length)
{
	g_byte_array_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

/* Draws @grid at 6 px per module with a 4-module quiet zone as PNG bytes. */
static GBytes *grid_png(const desk_qr_grid_t *grid)
{
	int px = 6, side = (grid->size + 8) * px;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int y = 0; y < grid->size; y++)
		for (int x = 0; x < grid->size; x++)
			if (desk_qr_grid_dark(grid, x, y))
				cairo_rectangle(cr, (x + 4) * px, (y + 4) * px, px, px);
	cairo_fill(cr);
	cairo_destroy(cr);
	GByteArray *bytes = g_byte_array_new();
	cairo_surface_write_to_png_stream(s, append_png, bytes);
	cairo_surface_destroy(s);
	return g_byte_array_free_to_bytes(bytes);
}

static const char *const samples[] = {
    "FD-000042",
    "José Müller",
    "山田 太郎",
    "محمد عبد الله",
    "https://connpass.com/event/123456/ticket/abcdef0123456789",
    "👩🏽‍💻 Ngô Bảo Châu · ก้อง",
    "BEGIN:VCARD\nVERSION:3.0\nN:Koch;Maria\nEND:VCARD",
};

static void test_round_trip(void)
{
	for (guint i = 0; i < G_N_ELEMENTS(samples); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(desk_qr_grid_t) grid = desk_qr_encode(samples[i], -1, &error);
		g_assert_no_error(error);
		g_autoptr(GBytes) png = grid_png(grid);
		g_autofree char *decoded = fixture_zbar(png);
		g_test_message("%s -> %s", samples[i], decoded ? decoded : "(nothing)");
		g_assert_cmpstr(decoded, ==, samples[i]);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/qr/auto-ecc", test_auto_ecc);
	g_test_add_func("/qr/grid-shape", test_grid_shape);
	g_test_add_func("/qr/errors", test_errors);
	g_test_add_func("/qr/round-trip", test_round_trip);
	return g_test_run();
}

/* qr.c: text to QR module grid with libqrencode, byte mode, exact UTF-8 bytes. */
#include <errno.h>
#include <gio/gio.h>
#include <qrencode.h>
#include <string.h>

#include "qr.h"

desk_qr_ecc_t desk_qr_auto_ecc(gsize length)
{
	if (length < 40)
		return DESK_QR_ECC_H;
	if (length < 100)
		return DESK_QR_ECC_Q;
	if (length < 300)
		return DESK_QR_ECC_M;
	return DESK_QR_ECC_L;
}

desk_qr_grid_t *desk_qr_encode(const char *text, int ecc, GError **error)
{
	gsize length = text ? strlen(text) : 0;

	if (length == 0) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "QR content is empty");
		return NULL;
	}
	if (ecc < 0 || ecc > DESK_QR_ECC_H)
		ecc = desk_qr_auto_ecc(length);
	/* QRcode_encodeData keeps the bytes as they are (8-bit mode). */
	QRcode *code =
	    QRcode_encodeData((int)length, (const unsigned char *)text, 0, (QRecLevel)ecc);
	if (!code) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            "QR content of %zu bytes cannot be encoded: %s", length,
		            errno == ERANGE ? "too long" : g_strerror(errno));
		return NULL;
	}
	desk_qr_grid_t *grid = g_new0(desk_qr_grid_t, 1);
	grid->size = code->width;
	grid->version = code->version;
	grid->ecc = (desk_qr_ecc_t)ecc;
	grid->modules = g_malloc((gsize)code->width * (gsize)code->width);
	for (int i = 0; i < code->width * code->width; i++)
		grid->modules[i] = code->data[i] & 1;
	QRcode_free(code);
	return grid;
}

bool desk_qr_grid_dark(const desk_qr_grid_t *grid, int x, int y)
{
	if (!grid || x < 0 || y < 0 || x >= grid->size || y >= grid->size)
		return false;
	return grid->modules[y * grid->size + x] != 0;
}

void desk_qr_grid_free(desk_qr_grid_t *grid)
{
	if (!grid)
		return;
	g_free(grid->modules);
	g_free(grid);
}

/* qr.h: QR encoding into a module grid (libqrencode), kept apart from any drawing. */
#pragma once

#include <glib.h>
#include <stdbool.h>

/* Error correction levels, the same values as libqrencode's QRecLevel. */
typedef enum { DESK_QR_ECC_L, DESK_QR_ECC_M, DESK_QR_ECC_Q, DESK_QR_ECC_H } desk_qr_ecc_t;

/* A square grid of modules, without the quiet zone. */
typedef struct {
	int size;    /* modules per side */
	int version; /* QR version 1..40 */
	desk_qr_ecc_t ecc;
	guint8 *modules; /* size * size bytes, row-major, 1 = dark; owned */
} desk_qr_grid_t;

/* The level used when a layout leaves it open, from the content's length
 * in bytes: H under 40, Q under 100, M under 300, else L. Badge codes are
 * short, so they get the most damage tolerance; long URLs stay scannable
 * at small sizes. */
desk_qr_ecc_t desk_qr_auto_ecc(gsize length);

/* Encodes the exact bytes of @text (UTF-8, byte mode, no charset
 * conversion) at @ecc (-1: desk_qr_auto_ecc()). Returns a new grid
 * (desk_qr_grid_free) or NULL with @error set when @text is empty or too
 * long for any QR version at that level. */
desk_qr_grid_t *desk_qr_encode(const char *text, int ecc, GError **error);

/* Whether module (@x, @y) is dark; false outside the grid. */
bool desk_qr_grid_dark(const desk_qr_grid_t *grid, int x, int y);

void desk_qr_grid_free(desk_qr_grid_t *grid);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(desk_qr_grid_t, desk_qr_grid_free)

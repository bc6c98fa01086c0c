/* units.h: lengths ("12.5mm", "1in", "8pt", "2cm") and media names, converted to points. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#define DESK_PT_PER_MM (72.0 / 25.4)
#define DESK_PT_PER_IN 72.0

/* Millimetres to points and back. */
double desk_units_from_mm(double mm);
double desk_units_to_mm(double points);

/* Parses a length written as a string: a decimal number ("12.5", "-3", no
 * exponent, no NaN/Inf) followed directly by one of the units mm, cm, in, pt.
 * A number without a unit is in @bare_unit ("mm" for lengths, "pt" for font
 * sizes). On success stores points in *@points and returns true; on failure
 * leaves *@points alone and sets @error to a message naming the value, e.g.
 * 'bad length "12furlong": unknown unit "furlong" (use mm, cm, in or pt)'. */
bool desk_units_parse_length(const char *text, const char *bare_unit, double *points,
                             GError **error);

/* Converts @value in @unit ("mm", "cm", "in", "pt") to points. Returns false
 * (and leaves *@points alone) for an unknown unit or a non-finite value. */
bool desk_units_convert(double value, const char *unit, double *points);

/* Parses a media name into portrait width/height in points:
 *   CUPS/PPD style "w167h288" (points, decimals allowed),
 *   PWG self-describing "iso_a6_105x148mm", "na_index-4x6_4x6in",
 *   "om_dk-11202_62x100mm", and the known names iso_a4, iso_a5, iso_a6,
 *   iso_a7, na_letter, na_legal.
 * On failure leaves the outputs alone and sets @error naming the value. */
bool desk_units_parse_media(const char *name, double *width, double *height, GError **error);

/* Formats points as millimetres for messages ("12.5mm"); returns a new string. */
char *desk_units_format_mm(double points);

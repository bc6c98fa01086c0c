/* units.c: length strings and media names to PostScript points. */
#include <math.h>
#include <string.h>

#include "units.h"

#define UNITS_ERROR g_quark_from_static_string("desk-units-error")

double desk_units_from_mm(double mm)
{
	return mm * DESK_PT_PER_MM;
}

double desk_units_to_mm(double points)
{
	return points / DESK_PT_PER_MM;
}

bool desk_units_convert(double value, const char *unit, double *points)
{
	static const struct {
		const char *name;
		double factor;
	} units[] = {
	    {"mm", DESK_PT_PER_MM},
	    {"cm", 10.0 * DESK_PT_PER_MM},
	    {"in", DESK_PT_PER_IN},
	    {"pt", 1.0},
	};

	if (!unit || !isfinite(value))
		return false;
	for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
		if (strcmp(unit, units[i].name) == 0) {
			double result = value * units[i].factor;
			if (!isfinite(result))
				return false;
			*points = result;
			return true;
		}
	}
	return false;
}

/* Reads "[-+]digits[.digits]" at *p; advances *p past it. Returns false when
 * there are no digits at all. */
static bool scan_decimal(const char **p, double *value)
{
	const char *s = *p;
	const char *start = s;
	bool digits = false;

	if (*s == '-' || *s == '+')
		s++;
	while (g_ascii_isdigit(*s)) {
		s++;
		digits = true;
	}
	if (*s == '.') {
		s++;
		while (g_ascii_isdigit(*s)) {
			s++;
			digits = true;
		}
	}
	if (!digits || s - start > 40)
		return false;
	g_autofree char *copy = g_strndup(start, s - start);
	*value = g_ascii_strtod(copy, NULL);
	*p = s;
	return true;
}

bool desk_units_parse_length(const char *text, const char *bare_unit, double *points,
                             GError **error)
{
	const char *p = text;
	double value = 0, result = 0;

	g_return_val_if_fail(text != NULL && bare_unit != NULL, false);
	if (!scan_decimal(&p, &value)) {
		g_set_error(error, UNITS_ERROR, 1,
		            "bad length \"%s\": expected a number with a unit, such as \"12.5mm\"",
		            text);
		return false;
	}
	const char *unit = *p ? p : bare_unit;
	if (!desk_units_convert(value, unit, &result)) {
		g_set_error(error, UNITS_ERROR, 2,
		            "bad length \"%s\": unknown unit \"%s\" (use mm, cm, in or pt)", text,
		            unit);
		return false;
	}
	*points = result;
	return true;
}

/* "w167h288": width and height in points. */
static bool parse_ppd_size(const char *name, double *width, double *height)
{
	const char *p = name;
	double w = 0, h = 0;

	if (*p++ != 'w' || !g_ascii_isdigit(*p) || !scan_decimal(&p, &w) || *p++ != 'h' ||
	    !g_ascii_isdigit(*p) || !scan_decimal(&p, &h) || *p != '\0')
		return false;
	if (w <= 0 || h <= 0)
		return false;
	*width = w;
	*height = h;
	return true;
}

/* "class_name_WxHunit" (PWG 5101.1 self-describing media name). */
static bool parse_pwg_size(const char *name, double *width, double *height)
{
	const char *last = strrchr(name, '_');
	double w = 0, h = 0, wp = 0, hp = 0;

	if (!last || last == name || !strchr(name, '_') || strchr(name, '_') == last)
		return false;
	const char *p = last + 1;
	if (!g_ascii_isdigit(*p) || !scan_decimal(&p, &w) || *p++ != 'x' || !g_ascii_isdigit(*p) ||
	    !scan_decimal(&p, &h))
		return false;
	if (strcmp(p, "mm") != 0 && strcmp(p, "in") != 0)
		return false;
	if (!desk_units_convert(w, p, &wp) || !desk_units_convert(h, p, &hp) || wp <= 0 || hp <= 0)
		return false;
	*width = wp;
	*height = hp;
	return true;
}

bool desk_units_parse_media(const char *name, double *width, double *height, GError **error)
{
	static const struct {
		const char *name;
		double w_mm, h_mm;
	} known[] = {
	    {"iso_a4", 210, 297}, {"iso_a5", 148, 210},        {"iso_a6", 105, 148},
	    {"iso_a7", 74, 105},  {"na_letter", 215.9, 279.4}, {"na_legal", 215.9, 355.6},
	};

	g_return_val_if_fail(name != NULL, false);
	for (size_t i = 0; i < G_N_ELEMENTS(known); i++) {
		if (strcmp(name, known[i].name) == 0) {
			*width = desk_units_from_mm(known[i].w_mm);
			*height = desk_units_from_mm(known[i].h_mm);
			return true;
		}
	}
	if (parse_ppd_size(name, width, height) || parse_pwg_size(name, width, height))
		return true;
	g_set_error(error, UNITS_ERROR, 3,
	            "unknown media \"%s\" (use a size such as \"w167h288\" or "
	            "\"iso_a6_105x148mm\", or iso_a4, iso_a5, iso_a6, iso_a7, na_letter, na_legal)",
	            name);
	return false;
}

char *desk_units_format_mm(double points)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	double mm = round(desk_units_to_mm(points) * 100.0) / 100.0;

	if (mm == 0)
		mm = 0; /* no "-0" */
	g_ascii_formatd(buf, sizeof buf, "%.2f", mm);
	/* trim trailing zeros: "12.50" -> "12.5", "3.00" -> "3" */
	char *end = buf + strlen(buf) - 1;
	while (end > buf && *end == '0')
		*end-- = '\0';
	if (*end == '.')
		*end = '\0';
	return g_strdup_printf("%smm", buf);
}

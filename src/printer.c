/* printer.c: CUPS destinations through the libcups destinations and IPP APIs (never lpstat). */
#include <cups/cups.h>
#include <cups/ppd.h> /* cupsGetPPD3: the only way to see a queue's filters */
#include <math.h>
#include <stdio.h>
#include <unistd.h>
#include <string.h>

#include "printer.h"

#define MATCH_TOLERANCE 150   /* hundredths of mm */
#define LABEL_MAX_WIDTH 12000 /* wider media than 120 mm: an office printer */

/* clang-format off */
G_DEFINE_QUARK(desk-printer-error-quark, desk_printer_error)
/* clang-format on */

static void media_free(gpointer data)
{
	desk_media_t *media = data;
	if (!media)
		return;
	g_free(media->name);
	g_free(media);
}

void desk_printer_free(desk_printer_t *printer)
{
	if (!printer)
		return;
	g_free(printer->name);
	g_free(printer->make_model);
	g_free(printer->info);
	g_free(printer->location);
	g_free(printer->state_message);
	g_clear_pointer(&printer->reasons, g_ptr_array_unref);
	g_clear_pointer(&printer->media, g_ptr_array_unref);
	g_free(printer->media_default);
	g_clear_pointer(&printer->resolutions, g_ptr_array_unref);
	g_free(printer);
}

static void printer_free_cb(gpointer data)
{
	desk_printer_free(data);
}

static void set_cups_error(GError **error, const char *what, const char *name)
{
	g_set_error(error, DESK_PRINTER_ERROR, DESK_PRINTER_ERROR_CUPS, "printer %s: %s: %s (%s)",
	            name, what, cupsLastErrorString(), cupsServer());
}

/* ---- IPP Get-Printer-Attributes ------------------------------------------ */

static ipp_t *get_printer_attributes(const char *name, GError **error)
{
	static const char *const wanted[] = {
	    "printer-state",
	    "printer-state-reasons",
	    "printer-state-message",
	    "printer-is-accepting-jobs",
	    "printer-resolution-default",
	    "printer-resolution-supported",
	    "printer-make-and-model",
	    "printer-info",
	    "printer-location",
	    "media-default",
	    "media-supported",
	};
	char uri[HTTP_MAX_URI];
	ipp_t *request = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);

	httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof(uri), "ipp", NULL, "localhost", ippPort(),
	                 "/printers/%s", name);
	ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
	ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
	              G_N_ELEMENTS(wanted), NULL, wanted);
	ipp_t *response = cupsDoRequest(CUPS_HTTP_DEFAULT, request, "/");
	if (!response || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
		bool missing = cupsLastError() == IPP_STATUS_ERROR_NOT_FOUND;
		if (missing)
			g_set_error(error, DESK_PRINTER_ERROR, DESK_PRINTER_ERROR_UNKNOWN,
			            "printer %s: no such printer on the CUPS server %s", name,
			            cupsServer());
		else
			set_cups_error(error, "cannot read its state", name);
		ippDelete(response);
		return NULL;
	}
	return response;
}

static char *ipp_text(ipp_t *response, const char *attr)
{
	ipp_attribute_t *a = ippFindAttribute(response, attr, IPP_TAG_ZERO);
	const char *s = a ? ippGetString(a, 0, NULL) : NULL;
	return g_strdup(s ? s : "");
}

static GPtrArray *ipp_reasons(ipp_t *response)
{
	GPtrArray *reasons = g_ptr_array_new_with_free_func(g_free);
	ipp_attribute_t *a = ippFindAttribute(response, "printer-state-reasons", IPP_TAG_KEYWORD);
	for (int i = 0; a && i < ippGetCount(a); i++) {
		const char *r = ippGetString(a, i, NULL);
		if (r && strcmp(r, "none") != 0)
			g_ptr_array_add(reasons, g_strdup(r));
	}
	return reasons;
}

static void read_resolutions(desk_printer_t *printer, ipp_t *response)
{
	ipp_res_t units;
	int yres;
	ipp_attribute_t *a =
	    ippFindAttribute(response, "printer-resolution-default", IPP_TAG_RESOLUTION);
	printer->dpi_x = printer->dpi_y = 300;
	if (a) {
		int x = ippGetResolution(a, 0, &yres, &units);
		if (units == IPP_RES_PER_INCH && x > 0 && yres > 0) {
			printer->dpi_x = x;
			printer->dpi_y = yres;
		}
	}
	printer->resolutions = g_ptr_array_new_with_free_func(g_free);
	a = ippFindAttribute(response, "printer-resolution-supported", IPP_TAG_RESOLUTION);
	for (int i = 0; a && i < ippGetCount(a); i++) {
		int x = ippGetResolution(a, i, &yres, &units);
		g_ptr_array_add(printer->resolutions, g_strdup_printf("%dx%d", x, yres));
	}
}

static void read_state(desk_printer_t *printer, ipp_t *response)
{
	printer->state =
	    ippGetInteger(ippFindAttribute(response, "printer-state", IPP_TAG_ENUM), 0);
	printer->accepting = ippGetBoolean(
	    ippFindAttribute(response, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN), 0);
	printer->state_message = ipp_text(response, "printer-state-message");
	printer->reasons = ipp_reasons(response);
}

bool desk_printer_status(const char *name, int *state, bool *accepting, char **reasons,
                         GError **error)
{
	g_return_val_if_fail(name && state && accepting, false);
	ipp_t *response = get_printer_attributes(name, error);
	if (!response)
		return false;
	desk_printer_t tmp = {0};
	read_state(&tmp, response);
	ippDelete(response);
	*state = tmp.state;
	*accepting = tmp.accepting;
	if (reasons) {
		g_ptr_array_add(tmp.reasons, NULL);
		*reasons = g_strjoinv(" ", (char **)tmp.reasons->pdata);
	}
	g_free(tmp.state_message);
	g_ptr_array_unref(tmp.reasons);
	return true;
}

void desk_printer_reconnect(void)
{
	/* cupsSetServer closes the thread's cached connection; keep the server */
	g_autofree char *server = g_strdup(cupsServer());
	cupsSetServer(server);
}

bool desk_printer_ready(const desk_printer_t *printer)
{
	return printer && printer->state != IPP_PSTATE_STOPPED && printer->accepting;
}

/* raster2dymolw truncates every line wider than its head (84 bytes, 156 on
 * the 4XL and 5XL) and logs a warning per line: 1,200 per badge. */
static int head_dots(const char *make_model, int dpi_x)
{
	if (!make_model || !g_str_has_prefix(make_model, "DYMO LabelWriter"))
		return 0;
	bool wide = strstr(make_model, "4XL") || strstr(make_model, "5XL");
	return (wide ? 1248 : 672) * MAX(dpi_x, 1) / 300 / 8 * 8;
}

/* ---- media through cupsCopyDestInfo ------------------------------------- */

static void read_media(desk_printer_t *printer, cups_dest_t *dest)
{
	cups_dinfo_t *dinfo = cupsCopyDestInfo(CUPS_HTTP_DEFAULT, dest);
	cups_size_t size;
	int max_width = 0;

	printer->media = g_ptr_array_new_with_free_func(media_free);
	if (!dinfo)
		return;
	int count = cupsGetDestMediaCount(CUPS_HTTP_DEFAULT, dest, dinfo, CUPS_MEDIA_FLAGS_DEFAULT);
	for (int i = 0; i < count; i++) {
		if (!cupsGetDestMediaByIndex(CUPS_HTTP_DEFAULT, dest, dinfo, i,
		                             CUPS_MEDIA_FLAGS_DEFAULT, &size))
			continue;
		desk_media_t *media = g_new0(desk_media_t, 1);
		*media = (desk_media_t){g_strdup(size.media), size.width, size.length, size.left,
		                        size.right,           size.top,   size.bottom};
		g_ptr_array_add(printer->media, media);
		max_width = MAX(max_width, size.width);
	}
	printer->label = count > 0 && max_width <= LABEL_MAX_WIDTH;
	cupsFreeDestInfo(dinfo);
}

/* The custom size range, from media-supported's custom_min_/custom_max_ names. */
static void read_custom_range(desk_printer_t *printer, ipp_t *response)
{
	ipp_attribute_t *attr = ippFindAttribute(response, "media-supported", IPP_TAG_ZERO);
	for (int i = 0; attr && i < ippGetCount(attr); i++) {
		const char *name = ippGetString(attr, i, NULL);
		pwg_media_t *pwg = name ? pwgMediaForPWG(name) : NULL;
		if (!pwg)
			continue;
		if (g_str_has_prefix(name, "custom_min_")) {
			printer->custom_min_width = pwg->width;
			printer->custom_min_length = pwg->length;
		} else if (g_str_has_prefix(name, "custom_max_")) {
			printer->custom_max_width = pwg->width;
			printer->custom_max_length = pwg->length;
		}
	}
}

/* Does the queue's PPD name a filter for CUPS raster itself? */
static bool ppd_filters_raster(const char *name)
{
	char path[1024] = "";
	time_t modtime = 0;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
	http_status_t got = cupsGetPPD3(CUPS_HTTP_DEFAULT, name, &modtime, path, sizeof(path));
#pragma GCC diagnostic pop
	if (got != HTTP_STATUS_OK)
		return false;
	g_autofree char *ppd = NULL;
	bool found = false;
	if (g_file_get_contents(path, &ppd, NULL, NULL)) {
		g_auto(GStrv) lines = g_strsplit(ppd, "\n", -1);
		for (int i = 0; lines[i] && !found; i++)
			found = g_str_has_prefix(lines[i], "*cupsFilter") &&
			        strstr(lines[i], "\"application/vnd.cups-raster ");
	}
	unlink(path);
	return found;
}

static desk_printer_t *printer_from_dest(cups_dest_t *dest, GError **error)
{
	ipp_t *response = get_printer_attributes(dest->name, error);
	if (!response)
		return NULL;
	desk_printer_t *printer = g_new0(desk_printer_t, 1);
	printer->name = g_strdup(dest->name);
	printer->is_default = dest->is_default;
	printer->make_model = ipp_text(response, "printer-make-and-model");
	printer->info = ipp_text(response, "printer-info");
	printer->location = ipp_text(response, "printer-location");
	read_state(printer, response);
	read_resolutions(printer, response);
	printer->media_default = ipp_text(response, "media-default");
	read_custom_range(printer, response);
	ippDelete(response);
	read_media(printer, dest);
	printer->native_raster = ppd_filters_raster(dest->name);
	printer->head_dots = head_dots(printer->make_model, printer->dpi_x);
	return printer;
}

static int get_dests(cups_dest_t **dests, GError **error)
{
	int n = cupsGetDests2(CUPS_HTTP_DEFAULT, dests);
	if (n == 0 && cupsLastError() > IPP_STATUS_OK_CONFLICTING &&
	    cupsLastError() != IPP_STATUS_ERROR_NOT_FOUND) {
		bool gone = cupsLastError() >= IPP_STATUS_ERROR_INTERNAL;
		g_set_error(error, DESK_PRINTER_ERROR, DESK_PRINTER_ERROR_CUPS,
		            gone ? "cannot reach the CUPS server %s (is cupsd running?): %s"
		                 : "cannot list printers on the CUPS server %s: %s",
		            cupsServer(), cupsLastErrorString());
		desk_printer_reconnect(); /* a dead connection is never reused */
		return -1;
	}
	return n;
}

GPtrArray *desk_printer_list(GError **error)
{
	cups_dest_t *dests = NULL;
	int n = get_dests(&dests, error);
	if (n < 0)
		return NULL;
	GPtrArray *printers = g_ptr_array_new_with_free_func(printer_free_cb);
	for (int i = 0; i < n; i++) {
		if (dests[i].instance)
			continue;
		desk_printer_t *printer = printer_from_dest(&dests[i], error);
		if (!printer) {
			g_clear_pointer(&printers, g_ptr_array_unref);
			break;
		}
		g_ptr_array_add(printers, printer);
	}
	cupsFreeDests(n, dests);
	return printers;
}

desk_printer_t *desk_printer_get(const char *name, GError **error)
{
	g_return_val_if_fail(name != NULL, NULL);
	cups_dest_t *dests = NULL;
	int n = get_dests(&dests, error);
	if (n < 0)
		return NULL;
	cups_dest_t *dest = cupsGetDest(name, NULL, n, dests);
	desk_printer_t *printer = NULL;
	if (!dest)
		g_set_error(error, DESK_PRINTER_ERROR, DESK_PRINTER_ERROR_UNKNOWN,
		            "printer %s: no such printer on the CUPS server %s", name,
		            cupsServer());
	else
		printer = printer_from_dest(dest, error);
	cupsFreeDests(n, dests);
	return printer;
}

/* ---- media matching ------------------------------------------------------ */

static int pt_to_hmm(double pt)
{
	return (int)lround(pt * 2540.0 / 72.0);
}

static bool near(int a, int b)
{
	return abs(a - b) <= MATCH_TOLERANCE;
}

static bool size_matches(const desk_media_t *media, int w, int h)
{
	return (near(media->width, w) && near(media->length, h)) ||
	       (near(media->width, h) && near(media->length, w));
}

/* The size a media name stands for (PWG self-describing or PPD "w167h288"). */
static bool name_size(const char *name, int *w, int *h)
{
	double wpt, hpt;
	char tail;
	/* Adobe/DYMO PPD names: "w167h288", "w167h288.1" (points) */
	if (sscanf(name, "w%lfh%lf%c", &wpt, &hpt, &tail) >= 2 && wpt > 0 && hpt > 0) {
		*w = pt_to_hmm(wpt);
		*h = pt_to_hmm(floor(hpt));
		return true;
	}
	pwg_media_t *pwg = pwgMediaForPWG(name);
	if (!pwg)
		pwg = pwgMediaForPPD(name);
	if (!pwg)
		pwg = pwgMediaForLegacy(name);
	if (!pwg)
		return false;
	*w = pwg->width;
	*h = pwg->length;
	return true;
}

static char *media_list(const desk_printer_t *printer)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < printer->media->len; i++) {
		const desk_media_t *m = printer->media->pdata[i];
		g_string_append_printf(s, "%s%.1fx%.1f", i ? ", " : "media ", m->width / 100.0,
		                       m->length / 100.0);
	}
	g_string_append(s, s->len ? " mm" : "no media at all");
	return g_string_free(s, FALSE);
}

static const desk_media_t *find_media(const desk_printer_t *printer, const char *name, int w, int h)
{
	for (guint i = 0; name && i < printer->media->len; i++) {
		const desk_media_t *m = printer->media->pdata[i];
		if (g_ascii_strcasecmp(m->name, name) == 0)
			return m;
	}
	for (guint i = 0; i < printer->media->len; i++) {
		const desk_media_t *m = printer->media->pdata[i];
		if (size_matches(m, w, h))
			return m;
	}
	return NULL;
}

static bool in_range(int v, int min, int max)
{
	return v >= min - MATCH_TOLERANCE && v <= max + MATCH_TOLERANCE;
}

/* A listed roll of width @w (not a round or square label), cut at length @h as a
 * custom size; the new media is added to the printer's list. */
static const desk_media_t *custom_length(const desk_printer_t *printer, int w, int h)
{
	const desk_printer_t *p = printer;
	if (p->custom_max_length <= 0 || !in_range(w, p->custom_min_width, p->custom_max_width) ||
	    !in_range(h, p->custom_min_length, p->custom_max_length))
		return NULL;
	for (guint i = 0; i < p->media->len; i++) {
		const desk_media_t *roll = p->media->pdata[i];
		char name[128];
		if (!near(roll->width, w) || near(roll->width, roll->length) || /* round, square */
		    !pwgFormatSizeName(name, sizeof(name), "custom", NULL, roll->width, h, NULL))
			continue;
		desk_media_t *media = g_new0(desk_media_t, 1);
		*media = *roll;
		media->name = g_strdup(name);
		media->length = h;
		g_ptr_array_add(p->media, media); /* owned by the printer, like the listed ones */
		return media;
	}
	return NULL;
}

const desk_media_t *desk_printer_match_media(const desk_printer_t *printer,
                                             const desk_layout_t *layout, GError **error)
{
	g_return_val_if_fail(printer && layout, NULL);
	int w = pt_to_hmm(layout->page.width), h = pt_to_hmm(layout->page.height);
	int named_w = w, named_h = h;
	const char *want = layout->page.media;
	if (want)
		name_size(want, &named_w, &named_h);
	const desk_media_t *m = find_media(printer, want, named_w, named_h);
	bool custom = want && g_str_has_prefix(want, "custom_"); /* asks for a custom size */
	if (!m && custom)
		m = custom_length(printer, MIN(named_w, named_h), MAX(named_w, named_h));
	if (!m && custom)
		m = custom_length(printer, MAX(named_w, named_h), MIN(named_w, named_h));
	if (m && (MIN(w, h) > MIN(m->width, m->length) + MATCH_TOLERANCE ||
	          MAX(w, h) > MAX(m->width, m->length) + MATCH_TOLERANCE)) {
		g_set_error(error, DESK_PRINTER_ERROR, DESK_PRINTER_ERROR_MEDIA,
		            "layout %s (%.1fx%.1f mm) is larger than the media %s (%.1fx%.1f mm) "
		            "on printer %s",
		            layout->name, w / 100.0, h / 100.0, m->name, m->width / 100.0,
		            m->length / 100.0, printer->name);
		return NULL;
	}
	if (!m) {
		g_autofree char *have = media_list(printer);
		g_set_error(error, DESK_PRINTER_ERROR, DESK_PRINTER_ERROR_MEDIA,
		            "layout %s needs %s%s%.1fx%.1f mm media; printer %s has %s",
		            layout->name, want ? want : "", want ? " / " : "", named_w / 100.0,
		            named_h / 100.0, printer->name, have);
	}
	return m;
}

/* ---- JSON ---------------------------------------------------------------- */

static void add_strings(JsonBuilder *b, const char *member, GPtrArray *strings)
{
	json_builder_set_member_name(b, member);
	json_builder_begin_array(b);
	for (guint i = 0; strings && i < strings->len; i++)
		json_builder_add_string_value(b, strings->pdata[i]);
	json_builder_end_array(b);
}

static void add_media(JsonBuilder *b, const desk_media_t *m, const char *default_name)
{
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "name");
	json_builder_add_string_value(b, m->name);
	const char *keys[] = {"width_mm", "length_mm", "left_mm",
	                      "right_mm", "top_mm",    "bottom_mm"};
	const int values[] = {m->width, m->length, m->left, m->right, m->top, m->bottom};
	for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
		json_builder_set_member_name(b, keys[i]);
		json_builder_add_double_value(b, values[i] / 100.0);
	}
	json_builder_set_member_name(b, "default");
	json_builder_add_boolean_value(b, default_name && strcmp(default_name, m->name) == 0);
	json_builder_end_object(b);
}

JsonNode *desk_printer_to_json(const desk_printer_t *p)
{
	static const char *const states[] = {"unknown", "unknown",    "unknown",
	                                     "idle",    "processing", "stopped"};
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	const char *keys[] = {"name", "make_model", "info", "location", "state_message"};
	const char *values[] = {p->name, p->make_model, p->info, p->location, p->state_message};
	for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
		json_builder_set_member_name(b, keys[i]);
		json_builder_add_string_value(b, values[i] ? values[i] : "");
	}
	json_builder_set_member_name(b, "state");
	json_builder_add_string_value(b, states[p->state >= 3 && p->state <= 5 ? p->state : 0]);
	json_builder_set_member_name(b, "accepting");
	json_builder_add_boolean_value(b, p->accepting);
	json_builder_set_member_name(b, "default");
	json_builder_add_boolean_value(b, p->is_default);
	json_builder_set_member_name(b, "kind");
	json_builder_add_string_value(b, p->label ? "label" : "sheet");
	add_strings(b, "reasons", p->reasons);
	char resolution[32];
	g_snprintf(resolution, sizeof(resolution), "%dx%d", p->dpi_x, p->dpi_y);
	json_builder_set_member_name(b, "resolution");
	json_builder_add_string_value(b, resolution);
	add_strings(b, "resolutions", p->resolutions);
	json_builder_set_member_name(b, "media");
	json_builder_begin_array(b);
	for (guint i = 0; i < p->media->len; i++)
		add_media(b, p->media->pdata[i], p->media_default);
	json_builder_end_array(b);
	json_builder_end_object(b);
	return json_builder_get_root(b);
}

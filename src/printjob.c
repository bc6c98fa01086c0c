/* printjob.c: submits one page to CUPS (raster for labels, PDF for sheets) and reads its job state
 * over IPP. */
#include <cups/cups.h>
#include <cups/raster.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "printjob.h"

/* ---- option sets ---------------------------------------------------------- */

GHashTable *desk_printjob_options(const desk_printer_t *printer, const char *conf_path)
{
	GHashTable *options = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	const char *model = printer->make_model ? printer->make_model : "";
	if (g_str_has_prefix(model, "DYMO LabelWriter")) {
		g_hash_table_insert(options, g_strdup("DymoHalftoning"), g_strdup("Default"));
		g_hash_table_insert(options, g_strdup("DymoPrintQuality"), g_strdup("Graphics"));
	} else if (g_str_has_prefix(model, "Brother QL")) {
		g_hash_table_insert(options, g_strdup("CutLabel"), g_strdup("1"));
		g_hash_table_insert(options, g_strdup("AutoCut"), g_strdup("True"));
	}
	g_autoptr(GKeyFile) conf = g_key_file_new();
	if (!conf_path || !g_key_file_load_from_file(conf, conf_path, G_KEY_FILE_NONE, NULL))
		return options;
	g_auto(GStrv) keys = g_key_file_get_keys(conf, printer->name, NULL, NULL);
	for (int i = 0; keys && keys[i]; i++)
		g_hash_table_insert(options, g_strdup(keys[i]),
		                    g_key_file_get_string(conf, printer->name, keys[i], NULL));
	return options;
}

/* ---- bitmaps ------------------------------------------------------------- */

desk_bitmap_t *desk_printjob_fit_bitmap(const desk_bitmap_t *page, const desk_media_t *media,
                                        int head_dots)
{
	g_return_val_if_fail(page && media, NULL);
	bool rotate = page->width > page->height && media->width < media->length;
	double dpi_x = rotate ? page->dpi_y : page->dpi_x,
	       dpi_y = rotate ? page->dpi_x : page->dpi_y;
	/* whole bytes per line: some filters (rastertopdf) assume it */
	int width = ((int)lround(media->width * dpi_x / 2540.0) + 7) / 8 * 8;
	if (head_dots > 0 && width > head_dots)
		width = head_dots / 8 * 8; /* what the driver would cut off anyway */
	int height = (int)lround(media->length * dpi_y / 2540.0);
	desk_bitmap_t *out = desk_bitmap_new(width, height, dpi_x, dpi_y);
	int src_w = rotate ? page->height : page->width,
	    src_h = rotate ? page->width : page->height;
	for (int y = 0; y < MIN(height, src_h); y++) {
		for (int x = 0; x < MIN(width, src_w); x++) {
			/* anti-clockwise: output (x, y) comes from page (page_w - 1 - y, x) */
			bool ink = rotate ? desk_bitmap_get(page, page->width - 1 - y, x)
			                  : desk_bitmap_get(page, x, y);
			if (ink)
				desk_bitmap_set(out, x, y);
		}
	}
	return out;
}

/* ---- names CUPS can carry ------------------------------------------------ */

/* Debian's cupsd 2.4.2-3+deb12u10 segfaults on a document-name with
 * whitespace, so every name frontdesk sends is a token: runs of anything but
 * ASCII letters, digits, '.' and '_' become one '-'. */
char *desk_printjob_cups_name(const char *text)
{
	GString *out = g_string_new(NULL);
	for (const char *c = text ? text : ""; *c; c++) {
		bool keep = g_ascii_isalnum(*c) || *c == '.' || *c == '_';
		if (keep)
			g_string_append_c(out, *c);
		else if (out->len && out->str[out->len - 1] != '-')
			g_string_append_c(out, '-');
	}
	while (out->len && out->str[out->len - 1] == '-')
		g_string_truncate(out, out->len - 1);
	if (out->len > 200)
		g_string_truncate(out, 200);
	if (!out->len)
		g_string_assign(out, "frontdesk-job");
	return g_string_free(out, FALSE);
}

static bool same_cups_name(const char *name, const char *token)
{
	g_autofree char *mine = desk_printjob_cups_name(name);
	return strcmp(mine, token) == 0;
}

/* ---- submitting ------------------------------------------------------------ */

/* A client error about the request or document itself (bad request,
 * document format, attributes, compression ...): sending it again would not
 * help. Not found, not accepting, busy or gone is trouble to wait out. */
static bool document_rejected(ipp_status_t status)
{
	return status == IPP_STATUS_ERROR_BAD_REQUEST ||
	       (status >= IPP_STATUS_ERROR_REQUEST_ENTITY &&
	        status <= IPP_STATUS_ERROR_ACCOUNT_AUTHORIZATION_FAILED &&
	        status != IPP_STATUS_ERROR_NOT_FETCHABLE);
}

static void set_cups_error(GError **error, const char *printer, const char *what)
{
	g_set_error(error, DESK_PRINTER_ERROR,
	            document_rejected(cupsLastError()) ? DESK_PRINTER_ERROR_REJECTED
	                                               : DESK_PRINTER_ERROR_CUPS,
	            "printer %s: %s: %s", printer, what, cupsLastErrorString());
}

static int build_options(const desk_printjob_params_t *p, bool pdf, cups_option_t **options)
{
	int n = 0;
	GHashTableIter iter;
	gpointer key, value;
	char copies[16];

	*options = NULL;
	if (p->options) {
		g_hash_table_iter_init(&iter, p->options);
		while (g_hash_table_iter_next(&iter, &key, &value))
			n = cupsAddOption(key, value, n, options);
	}
	g_snprintf(copies, sizeof(copies), "%d", MAX(p->copies, 1));
	n = cupsAddOption("copies", copies, n, options);
	if (p->media)
		n = cupsAddOption("media", p->media->name, n, options);
	if (pdf) {
		n = cupsAddOption("print-scaling", "none", n, options);
		n = cupsAddOption("orientation-requested", p->landscape ? "4" : "3", n, options);
	}
	return n;
}

typedef bool (*write_fn)(const void *data, GError **error);

/* Creates the job, streams one document through @write, closes it. Uses the
 * plain job API (cupsCreateJob/cupsStartDocument), which needs no
 * cupsCopyDestInfo round trips: the destination was checked already. */
static int submit(const desk_printjob_params_t *p, bool pdf, const char *format, write_fn write,
                  const void *data, GError **error)
{
	cups_option_t *options;
	int n = build_options(p, pdf, &options);
	g_autofree char *name = desk_printjob_cups_name(p->title);
	int job_id = cupsCreateJob(CUPS_HTTP_DEFAULT, p->printer, name, n, options);
	cupsFreeOptions(n, options);
	if (job_id <= 0) {
		bool unknown = cupsLastError() == IPP_STATUS_ERROR_NOT_FOUND;
		g_set_error(error, DESK_PRINTER_ERROR,
		            unknown                              ? DESK_PRINTER_ERROR_UNKNOWN
		            : document_rejected(cupsLastError()) ? DESK_PRINTER_ERROR_REJECTED
		                                                 : DESK_PRINTER_ERROR_CUPS,
		            "printer %s: cannot create the job: %s", p->printer,
		            cupsLastErrorString());
		return 0;
	}
	if (cupsStartDocument(CUPS_HTTP_DEFAULT, p->printer, job_id, name, format, 1) !=
	    HTTP_STATUS_CONTINUE) {
		set_cups_error(error, p->printer, "cannot start the document");
		cupsCancelJob2(CUPS_HTTP_DEFAULT, p->printer, job_id, 0);
		return 0;
	}
	bool written = write(data, error);
	if (cupsFinishDocument(CUPS_HTTP_DEFAULT, p->printer) > IPP_STATUS_OK_CONFLICTING ||
	    !written) {
		if (written)
			set_cups_error(error, p->printer, "the document was refused");
		cupsCancelJob2(CUPS_HTTP_DEFAULT, p->printer, job_id, 0);
		return 0;
	}
	return job_id;
}

static ssize_t raster_write_cb(void *ctx, unsigned char *buffer, size_t length)
{
	(void)ctx;
	if (cupsWriteRequestData(CUPS_HTTP_DEFAULT, (const char *)buffer, length) !=
	    HTTP_STATUS_CONTINUE)
		return -1;
	return (ssize_t)length;
}

static void fill_header(cups_page_header2_t *h, const desk_bitmap_t *b, const char *media,
                        bool sgray)
{
	memset(h, 0, sizeof(*h));
	g_strlcpy(h->MediaClass, "PwgRaster", sizeof(h->MediaClass));
	h->HWResolution[0] = (unsigned)lround(b->dpi_x);
	h->HWResolution[1] = (unsigned)lround(b->dpi_y);
	h->PageSize[0] = (unsigned)lround(b->width * 72.0 / b->dpi_x);
	h->PageSize[1] = (unsigned)lround(b->height * 72.0 / b->dpi_y);
	h->ImagingBoundingBox[2] = h->PageSize[0];
	h->ImagingBoundingBox[3] = h->PageSize[1];
	h->cupsPageSize[0] = (float)(b->width * 72.0 / b->dpi_x);
	h->cupsPageSize[1] = (float)(b->height * 72.0 / b->dpi_y);
	/* rastertoptch pads what lies outside this box: the raster is the whole page */
	h->cupsImagingBBox[2] = h->cupsPageSize[0];
	h->cupsImagingBBox[3] = h->cupsPageSize[1];
	h->NumCopies = 1;
	h->cupsWidth = (unsigned)b->width;
	h->cupsHeight = (unsigned)b->height;
	h->cupsMediaType = 0; /* DYMO: regular die-cut labels */
	h->cupsBitsPerColor = 1;
	h->cupsBitsPerPixel = 1;
	h->cupsBytesPerLine = (unsigned)b->stride;
	h->cupsColorOrder = CUPS_ORDER_CHUNKED;
	h->cupsColorSpace = sgray ? CUPS_CSPACE_SW : CUPS_CSPACE_K; /* K: bit set = ink */
	h->cupsNumColors = 1;
	h->cupsInteger[0] = 0; /* DYMO: no horizontal page offset */
	g_strlcpy(h->cupsPageSizeName, media ? media : "", sizeof(h->cupsPageSizeName));
}

typedef struct {
	const desk_bitmap_t *bitmap;
	const char *media;
	bool sgray;
	int copies; /* label drivers (raster2dymolw) ignore the copies option: send pages */
} raster_doc_t;

static bool write_page(cups_raster_t *ras, cups_page_header2_t *header, const desk_bitmap_t *b,
                       bool sgray, guint8 *inverted)
{
	bool ok = cupsRasterWriteHeader2(ras, header);
	for (int y = 0; ok && y < b->height; y++) {
		guint8 *row = b->data + (gsize)y * b->stride;
		if (sgray) {
			for (int i = 0; i < b->stride; i++)
				inverted[i] = (guint8)~row[i];
			row = inverted;
		}
		ok = cupsRasterWritePixels(ras, row, (unsigned)b->stride) == (unsigned)b->stride;
	}
	return ok;
}

static bool write_raster(const void *data, GError **error)
{
	const raster_doc_t *doc = data;
	const desk_bitmap_t *b = doc->bitmap;
	cups_page_header2_t header;
	cups_raster_t *ras = cupsRasterOpenIO(raster_write_cb, NULL, CUPS_RASTER_WRITE);
	bool ok = ras != NULL;

	g_autofree guint8 *inverted = g_malloc((gsize)b->stride);
	fill_header(&header, b, doc->media, doc->sgray);
	for (int page = 0; ok && page < doc->copies; page++)
		ok = write_page(ras, &header, b, doc->sgray, inverted);
	if (ras)
		cupsRasterClose(ras);
	if (!ok)
		g_set_error(error, DESK_PRINTER_ERROR, DESK_PRINTER_ERROR_CUPS,
		            "cannot write the raster to CUPS: %s", cupsLastErrorString());
	return ok;
}

int desk_printjob_send_raster(const desk_printjob_params_t *params, const desk_bitmap_t *bitmap,
                              GError **error)
{
	g_return_val_if_fail(params && params->printer && bitmap, 0);
	raster_doc_t doc = {bitmap, params->media ? params->media->name : NULL, params->sgray,
	                    MAX(params->copies, 1)};
	desk_printjob_params_t one = *params;
	one.copies = 1; /* the copies are pages of the raster */
	return submit(&one, false, "application/vnd.cups-raster", write_raster, &doc, error);
}

static bool write_file(const void *data, GError **error)
{
	g_autofree char *contents = NULL;
	gsize length;
	if (!g_file_get_contents(data, &contents, &length, error))
		return false;
	for (gsize off = 0; off < length; off += 65536) {
		if (cupsWriteRequestData(CUPS_HTTP_DEFAULT, contents + off,
		                         MIN(65536, length - off)) != HTTP_STATUS_CONTINUE) {
			g_set_error(error, DESK_PRINTER_ERROR, DESK_PRINTER_ERROR_CUPS,
			            "cannot send the PDF to CUPS: %s", cupsLastErrorString());
			return false;
		}
	}
	return true;
}

int desk_printjob_send_pdf(const desk_printjob_params_t *params, const char *pdf_path,
                           GError **error)
{
	g_return_val_if_fail(params && params->printer && pdf_path, 0);
	return submit(params, true, CUPS_FORMAT_PDF, write_file, pdf_path, error);
}

/* ---- job state --------------------------------------------------------------- */

bool desk_printjob_state_final(int state)
{
	return state == DESK_IPP_JOB_CANCELED || state == DESK_IPP_JOB_ABORTED ||
	       state == DESK_IPP_JOB_COMPLETED;
}

static ipp_t *job_request(ipp_op_t op, const char *printer, int job_id)
{
	char uri[HTTP_MAX_URI];
	ipp_t *request = ippNewRequest(op);
	httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof(uri), "ipp", NULL, "localhost", ippPort(),
	                 "/printers/%s", printer);
	ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
	ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
	ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL,
	             cupsUser());
	return request;
}

bool desk_printjob_state(const char *printer, int job_id, int *state, char **reasons,
                         GError **error)
{
	g_return_val_if_fail(printer && job_id > 0 && state, false);
	static const char *const wanted[] = {"job-state", "job-state-reasons"};
	ipp_t *request = job_request(IPP_OP_GET_JOB_ATTRIBUTES, printer, job_id);
	ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
	              G_N_ELEMENTS(wanted), NULL, wanted);
	ipp_t *response = cupsDoRequest(CUPS_HTTP_DEFAULT, request, "/");
	ipp_attribute_t *a =
	    response ? ippFindAttribute(response, "job-state", IPP_TAG_ENUM) : NULL;
	if (!a || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
		g_set_error(error, DESK_PRINTER_ERROR,
		            cupsLastError() == IPP_STATUS_ERROR_NOT_FOUND
		                ? DESK_PRINTER_ERROR_UNKNOWN
		                : DESK_PRINTER_ERROR_CUPS,
		            "printer %s: job %d: %s", printer, job_id, cupsLastErrorString());
		ippDelete(response);
		return false;
	}
	*state = ippGetInteger(a, 0);
	if (reasons) {
		GString *s = g_string_new(NULL);
		a = ippFindAttribute(response, "job-state-reasons", IPP_TAG_KEYWORD);
		for (int i = 0; a && i < ippGetCount(a); i++)
			g_string_append_printf(s, "%s%s", i ? " " : "", ippGetString(a, i, NULL));
		*reasons = g_string_free(s, FALSE);
	}
	ippDelete(response);
	return true;
}

int desk_printjob_identify(const char *printer, int job_id, const char *title, int *state)
{
	g_return_val_if_fail(printer && title && state, -1);
	if (job_id <= 0)
		return 0;
	static const char *const wanted[] = {"job-name", "job-state"};
	ipp_t *request = job_request(IPP_OP_GET_JOB_ATTRIBUTES, printer, job_id);
	ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
	              G_N_ELEMENTS(wanted), NULL, wanted);
	ipp_t *response = cupsDoRequest(CUPS_HTTP_DEFAULT, request, "/");
	ipp_status_t status = cupsLastError();
	ipp_attribute_t *name =
	    response ? ippFindAttribute(response, "job-name", IPP_TAG_NAME) : NULL;
	ipp_attribute_t *s =
	    response ? ippFindAttribute(response, "job-state", IPP_TAG_ENUM) : NULL;
	g_autofree char *token = desk_printjob_cups_name(title);
	int found = 0;
	if (status <= IPP_STATUS_OK_CONFLICTING && name && s &&
	    same_cups_name(ippGetString(name, 0, NULL), token)) {
		found = job_id;
		*state = ippGetInteger(s, 0);
	} else if (status > IPP_STATUS_OK_CONFLICTING && status != IPP_STATUS_ERROR_NOT_FOUND) {
		found = -1; /* cannot tell */
	}
	ippDelete(response);
	return found;
}

bool desk_printjob_wait(const char *printer, int job_id, int timeout_ms, int *state, GError **error)
{
	gint64 end = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
	int s = 0;
	for (;;) {
		if (!desk_printjob_state(printer, job_id, &s, NULL, error))
			return false;
		if (desk_printjob_state_final(s) || s == DESK_IPP_JOB_STOPPED ||
		    g_get_monotonic_time() >= end)
			break;
		g_usleep(5000);
	}
	*state = s;
	return true;
}

int desk_printjob_find(const char *printer, const char *title, int *state, GError **error)
{
	g_return_val_if_fail(printer && title && state, -1);
	static const char *const wanted[] = {"job-id", "job-name", "job-state"};
	char uri[HTTP_MAX_URI];
	ipp_t *request = ippNewRequest(IPP_OP_GET_JOBS);
	httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof(uri), "ipp", NULL, "localhost", ippPort(),
	                 "/printers/%s", printer);
	ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
	ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "which-jobs", NULL, "all");
	ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
	              G_N_ELEMENTS(wanted), NULL, wanted);
	ipp_t *response = cupsDoRequest(CUPS_HTTP_DEFAULT, request, "/");
	if (!response || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
		if (cupsLastError() == IPP_STATUS_ERROR_NOT_FOUND)
			g_set_error(error, DESK_PRINTER_ERROR, DESK_PRINTER_ERROR_UNKNOWN,
			            "printer %s: no such printer on the CUPS server", printer);
		else
			set_cups_error(error, printer, "cannot list its jobs");
		ippDelete(response);
		return -1;
	}
	int found = 0, id = 0, s = 0;
	const char *name = NULL;
	/* jobs sent before names were tokens carry the old title: compare tokens */
	g_autofree char *wanted_name = desk_printjob_cups_name(title);
	/* a job's attributes come in any order: judge each job when its group ends */
	for (ipp_attribute_t *a = ippFirstAttribute(response);; a = ippNextAttribute(response)) {
		const char *attr = a ? ippGetName(a) : NULL;
		if (!attr) {
			if (id > found && name && s && same_cups_name(name, wanted_name)) {
				found = id;
				*state = s;
			}
			if (!a)
				break;
			id = s = 0;
			name = NULL;
		} else if (strcmp(attr, "job-id") == 0)
			id = ippGetInteger(a, 0);
		else if (strcmp(attr, "job-name") == 0)
			name = ippGetString(a, 0, NULL);
		else if (strcmp(attr, "job-state") == 0)
			s = ippGetInteger(a, 0);
	}
	ippDelete(response);
	return found;
}

bool desk_printjob_cancel(const char *printer, int job_id, GError **error)
{
	g_return_val_if_fail(printer && job_id > 0, false);
	ippDelete(
	    cupsDoRequest(CUPS_HTTP_DEFAULT, job_request(IPP_OP_CANCEL_JOB, printer, job_id), "/"));
	if (cupsLastError() > IPP_STATUS_OK_CONFLICTING &&
	    cupsLastError() != IPP_STATUS_ERROR_NOT_POSSIBLE) {
		set_cups_error(error, printer, "cannot cancel the job");
		return false;
	}
	return true;
}

/* ---- layout to printer ------------------------------------------------------- */

static int print_pdf(desk_renderer_t *renderer, const desk_layout_t *layout, GHashTable *fields,
                     const desk_printjob_params_t *params, GError **error)
{
	g_autofree char *dir = g_dir_make_tmp("frontdesk-pdf-XXXXXX", error);
	if (!dir)
		return 0;
	g_autofree char *path = g_build_filename(dir, "page.pdf", NULL);
	int id = 0;
	if (desk_render_pdf(renderer, layout, fields, path, error))
		id = desk_printjob_send_pdf(params, path, error);
	g_unlink(path);
	g_rmdir(dir);
	return id;
}

int desk_printjob_print(desk_renderer_t *renderer, const desk_layout_t *layout, GHashTable *fields,
                        const desk_printer_t *printer, const char *title, int copies,
                        const char *conf_path, GHashTable *extra_options, GError **error)
{
	g_return_val_if_fail(renderer && layout && fields && printer && title, 0);
	const desk_media_t *media = desk_printer_match_media(printer, layout, error);
	if (!media)
		return 0;
	g_autoptr(GHashTable) options = desk_printjob_options(printer, conf_path);
	if (extra_options) {
		GHashTableIter iter;
		gpointer k, v;
		g_hash_table_iter_init(&iter, extra_options);
		while (g_hash_table_iter_next(&iter, &k, &v))
			g_hash_table_insert(options, g_strdup(k), g_strdup(v));
	}
	desk_printjob_params_t params = {printer->name,
	                                 media,
	                                 title,
	                                 copies,
	                                 !printer->native_raster,
	                                 layout->page.width > layout->page.height,
	                                 options};
	if (!printer->label)
		return print_pdf(renderer, layout, fields, &params, error);
	g_autoptr(desk_bitmap_t) page =
	    desk_render_bitmap(renderer, layout, fields, printer->dpi_x, printer->dpi_y, error);
	if (!page)
		return 0;
	g_autoptr(desk_bitmap_t) raster = desk_printjob_fit_bitmap(page, media, printer->head_dots);
	return desk_printjob_send_raster(&params, raster, error);
}

bool desk_printjob_to_folder(desk_renderer_t *renderer, const desk_layout_t *layout,
                             GHashTable *fields, const char *dir, const char *basename,
                             GError **error)
{
	g_return_val_if_fail(renderer && layout && fields && dir && basename, false);
	if (g_mkdir_with_parents(dir, 0755) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            "folder printer %s: %s", dir, g_strerror(errno));
		return false;
	}
	g_autoptr(GBytes) png = desk_render_png(renderer, layout, fields, 300, true, error);
	if (!png)
		return false;
	g_autofree char *name = g_strconcat(basename, ".png", NULL);
	g_autofree char *path = g_build_filename(dir, name, NULL);
	gsize size;
	const char *data = g_bytes_get_data(png, &size);
	return g_file_set_contents(path, data, (gssize)size, error);
}

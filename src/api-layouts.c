/* api-layouts.c: the designer's endpoints: list, read, save (checked, atomic, previous kept),
 * delete, preview PNG. */
#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "console-internal.h"
#include "layout.h"
#include "station.h"

#define IMAGE_MAX_BYTES (1024 * 1024)

/* ---- names --------------------------------------------------------------- */

/* A layout name is "file.json" or "folder/file.json": letters, digits,
 * '.', '_', '-'; no component starts with '.'. */
bool console_layout_name_ok(const char *name)
{
	if (!name || !g_str_has_suffix(name, ".json") || strlen(name) > 120)
		return false;
	g_auto(GStrv) parts = g_strsplit(name, "/", -1);
	guint n = g_strv_length(parts);
	if (n > 2)
		return false;
	for (guint i = 0; i < n; i++) {
		if (!*parts[i] || parts[i][0] == '.')
			return false;
		for (const char *p = parts[i]; *p; p++)
			if (!g_ascii_isalnum(*p) && !strchr("._-", *p))
				return false;
	}
	return true;
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void list_dir(JsonBuilder *b, const char *root, const char *sub)
{
	g_autofree char *dir_path = sub ? g_build_filename(root, sub, NULL) : g_strdup(root);
	g_autoptr(GDir) dir = g_dir_open(dir_path, 0, NULL);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	for (const char *e; dir && (e = g_dir_read_name(dir));)
		g_ptr_array_add(names, g_strdup(e));
	g_ptr_array_sort(names, compare_names);
	for (guint i = 0; i < names->len; i++) {
		const char *e = names->pdata[i];
		g_autofree char *rel = sub ? g_strconcat(sub, "/", e, NULL) : g_strdup(e);
		g_autofree char *full = g_build_filename(root, rel, NULL);
		if (!sub && e[0] != '.' && strcmp(e, "sheets") != 0 && /* sheet definitions */
		    g_file_test(full, G_FILE_TEST_IS_DIR))
			list_dir(b, root, e);
		else if (console_layout_name_ok(rel))
			json_builder_add_string_value(b, rel);
	}
}

static void list_layouts(desk_console_t *c, SoupServerMessage *msg)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "layouts");
	json_builder_begin_array(b);
	list_dir(b, c->layouts_dir, NULL);
	json_builder_end_array(b);
	json_builder_end_object(b);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
}

/* ---- read, save, delete -------------------------------------------------- */

static void get_layout(SoupServerMessage *msg, const char *path)
{
	g_autofree char *text = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &text, &len, NULL)) {
		desk_http_send_error(msg, 404, "not_found", NULL, "no such layout");
		return;
	}
	soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Cache-Control",
	                             "no-store");
	soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
	soup_server_message_set_response(msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE,
	                                 g_steal_pointer(&text), len);
}

/* The request body as text; NULL after sending 4xx when it is not UTF-8. */
static GBytes *body_text(SoupServerMessage *msg)
{
	SoupMessageBody *body = soup_server_message_get_request_body(msg);
	GBytes *bytes = soup_message_body_flatten(body);
	gsize len = 0;
	const char *data = g_bytes_get_data(bytes, &len);
	if (len > DESK_HTTP_BODY_LIMIT || !g_utf8_validate_len(data ? data : "", len, NULL)) {
		desk_http_send_error(msg, 400, "bad_body", NULL,
		                     "the layout must be UTF-8 JSON of at most %d bytes",
		                     DESK_HTTP_BODY_LIMIT);
		g_bytes_unref(bytes);
		return NULL;
	}
	return bytes;
}

/* @text with the layouts folder taken off its file name ("stickers/x.json:3:5: ..."). */
static const char *relative(desk_console_t *c, const char *text)
{
	size_t n = strlen(c->layouts_dir);
	if (strncmp(text, c->layouts_dir, n) == 0 && text[n] == '/')
		return text + n + 1;
	return text;
}

static void add_messages(desk_console_t *c, JsonBuilder *b, GPtrArray *messages)
{
	json_builder_set_member_name(b, "messages");
	json_builder_begin_array(b);
	for (guint i = 0; i < messages->len; i++)
		json_builder_add_string_value(b, relative(c, messages->pdata[i]));
	json_builder_end_array(b);
}

/* Keeps the current file as NAME.json.bak, then writes @data atomically. */
static bool write_layout(const char *path, const char *data, gsize len, GError **error)
{
	g_autofree char *old = NULL;
	gsize old_len = 0;
	g_autofree char *dir = g_path_get_dirname(path);
	g_autofree char *bak = g_strconcat(path, ".bak", NULL);
	if (g_mkdir_with_parents(dir, 0755) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: %s", dir,
		            g_strerror(errno));
		return false;
	}
	if (g_file_get_contents(path, &old, &old_len, NULL) &&
	    !g_file_set_contents(bak, old, (gssize)old_len, error))
		return false;
	return g_file_set_contents_full(path, data, (gssize)len, G_FILE_SET_CONTENTS_CONSISTENT,
	                                0644, error);
}

/* PUT NAME.json: checks, then (unless ?check=1) keeps the old file and writes. */
static void save_layout(desk_console_t *c, SoupServerMessage *msg, const char *name,
                        const char *path, bool check_only)
{
	g_autoptr(GBytes) bytes = body_text(msg);
	if (!bytes)
		return;
	gsize len = 0;
	const char *data = g_bytes_get_data(bytes, &len);
	g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func(g_free);
	bool ok = desk_layout_check_data(data ? data : "", len, path, c->layouts_dir, messages);
	g_autoptr(GError) error = NULL;
	if (ok && !check_only && !write_layout(path, data ? data : "", len, &error)) {
		desk_http_send_error(msg, 500, "internal", NULL, "%s", error->message);
		return;
	}
	if (!check_only)
		g_message("event=layout-save name=%s result=%s", name, ok ? "saved" : "invalid");
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "saved");
	json_builder_add_boolean_value(b, ok && !check_only);
	add_messages(c, b, messages);
	json_builder_end_object(b);
	desk_http_send_json(msg, ok ? SOUP_STATUS_OK : SOUP_STATUS_UNPROCESSABLE_ENTITY,
	                    json_builder_get_root(b));
}

static void delete_layout(SoupServerMessage *msg, const char *path)
{
	g_autofree char *bak = g_strconcat(path, ".bak", NULL);
	if (g_rename(path, bak) != 0)
		desk_http_send_error(msg, 404, "not_found", NULL, "no such layout");
	else
		desk_http_send_json(msg, SOUP_STATUS_OK, NULL);
}

/* ---- preview ------------------------------------------------------------- */

/* The attendee a preview shows: ?attendee=ID, ?stress=longest|cjk|rtl, or a sample. */
static desk_attendee_t *preview_attendee(desk_console_t *c, desk_store_t *store, GHashTable *query)
{
	const char *id_text = query ? g_hash_table_lookup(query, "attendee") : NULL;
	const char *stress = query ? g_hash_table_lookup(query, "stress") : NULL;
	gint64 id = 0;
	if (id_text && console_parse_id(id_text, &id))
		return desk_station_get(c->api->station, id, NULL);
	if (g_strcmp0(stress, "longest") == 0) {
		id = desk_store_attendee_pick(store, desk_station_event_id(c->api->station),
		                              DESK_PICK_LONGEST_NAME);
		if (id)
			return desk_store_attendee_get(store, id, NULL);
	}
	desk_attendee_t *a = g_new0(desk_attendee_t, 1);
	bool cjk = g_strcmp0(stress, "cjk") == 0, rtl = g_strcmp0(stress, "rtl") == 0;
	a->first_name = g_strdup(cjk ? "美咲" : rtl ? "فاطمة" : "Ada");
	a->last_name = g_strdup(cjk ? "髙橋" : rtl ? "الزهراء" : "Lovelace");
	a->company = g_strdup(cjk   ? "株式会社サンプル"
	                      : rtl ? "شركة المثال"
	                            : "Analytical Engines Ltd");
	a->pronouns = g_strdup(cjk || rtl ? NULL : "she/her");
	a->source = g_strdup("csv");
	a->expected = true;
	return a;
}

static GHashTable *preview_fields(desk_console_t *c, SoupServerMessage *msg, GHashTable *query)
{
	desk_store_t *store = console_store(c, msg);
	if (!store)
		return NULL;
	g_autoptr(desk_attendee_t) a = preview_attendee(c, store, query);
	g_autoptr(desk_event_t) event =
	    desk_store_event_get(store, desk_station_event_id(c->api->station), NULL);
	if (!a || !event) {
		desk_http_send_error(msg, 404, "not_found", "attendee", "no such attendee");
		return NULL;
	}
	GHashTable *fields = desk_attendee_fields(a, event);
	desk_station_name_fields(fields);
	return fields;
}

static GBytes *render_preview(desk_console_t *c, const desk_layout_t *layout, GHashTable *fields,
                              double dpi, GError **error)
{
	if (!c->renderer)
		c->renderer = desk_renderer_new(c->fonts_dir, error);
	return c->renderer ? desk_render_png(c->renderer, layout, fields,
	                                     desk_render_preview_dpi(layout, dpi), false, error)
	                   : NULL;
}

/* POST NAME.json/preview with the (unsaved) layout as the body, or an
 * empty body for the saved file. Answers image/png, or 422 with messages. */
static void preview(desk_console_t *c, SoupServerMessage *msg, const char *path, GHashTable *query)
{
	g_autoptr(GBytes) bytes = body_text(msg);
	if (!bytes)
		return;
	gsize len = 0;
	const char *data = g_bytes_get_data(bytes, &len);
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_layout_t) layout =
	    len ? desk_layout_load_data(data, len, path, c->layouts_dir, &error)
	        : desk_layout_load(path, c->layouts_dir, &error);
	if (!layout) {
		desk_http_send_error(msg, 422, "invalid_layout", NULL, "%s",
		                     relative(c, error->message));
		return;
	}
	g_autoptr(GHashTable) fields = preview_fields(c, msg, query);
	if (!fields)
		return;
	const char *dpi_text = query ? g_hash_table_lookup(query, "dpi") : NULL;
	double dpi = dpi_text ? g_ascii_strtod(dpi_text, NULL) : 192;
	dpi = dpi >= 72 && dpi <= 600 ? dpi : 192;
	g_autoptr(GBytes) png = render_preview(c, layout, fields, dpi, &error);
	if (!png) {
		desk_http_send_error(msg, 500, "render", NULL, "%s", error->message);
		return;
	}
	soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Cache-Control",
	                             "no-store");
	soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
	soup_server_message_set_response(msg, "image/png", SOUP_MEMORY_COPY,
	                                 g_bytes_get_data(png, NULL), g_bytes_get_size(png));
}

/* ---- image upload ---------------------------------------------------------- */

/* "logo.png", "logo-2.svg": lower-case letters, digits, - _ and one extension. */
static bool image_name_ok(const char *name)
{
	if (!name || strlen(name) > 80 ||
	    !(g_str_has_suffix(name, ".png") || g_str_has_suffix(name, ".svg")))
		return false;
	if (!g_ascii_isalnum(name[0]))
		return false;
	for (const char *p = name; *p; p++)
		if (!(g_ascii_islower(*p) || g_ascii_isdigit(*p) || strchr("-_.", *p)))
			return false;
	return strchr(name, '.') == strrchr(name, '.');
}

/* PNG by its signature; SVG when librsvg can parse it. */
static bool image_ok(const char *name, GBytes *bytes)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(bytes, &len);
	static const guint8 png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	if (g_str_has_suffix(name, ".png"))
		return len > 8 && memcmp(data, png, 8) == 0;
	return desk_render_svg_parses(data, len);
}

/* POST /api/layouts/images/NAME: stored as LAYOUTS/images/NAME (replacing one
 * of that name); answers {"path": "images/NAME"} relative to the layouts folder. */
static void upload_image(desk_console_t *c, SoupServerMessage *msg, const char *name)
{
	if (!console_method(msg, "POST"))
		return;
	if (!image_name_ok(name)) {
		desk_http_send_error(msg, 422, "invalid", "name",
		                     "image names are lower-case letters, digits, - and _, "
		                     "ending in .png or .svg");
		return;
	}
	g_autoptr(GBytes) bytes =
	    soup_message_body_flatten(soup_server_message_get_request_body(msg));
	if (g_bytes_get_size(bytes) > IMAGE_MAX_BYTES || !image_ok(name, bytes)) {
		desk_http_send_error(msg, 422, "invalid", "image",
		                     "the upload must be a PNG or SVG file of at most %d bytes",
		                     IMAGE_MAX_BYTES);
		return;
	}
	g_autofree char *dir = g_build_filename(c->layouts_dir, "images", NULL);
	g_autofree char *path = g_build_filename(dir, name, NULL);
	g_autoptr(GError) error = NULL;
	if (g_mkdir_with_parents(dir, 0755) != 0 ||
	    !g_file_set_contents_full(path, g_bytes_get_data(bytes, NULL),
	                              (gssize)g_bytes_get_size(bytes),
	                              G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error)) {
		desk_http_send_error(msg, 500, "internal", NULL, "%s: %s", dir,
		                     error ? error->message : g_strerror(errno));
		return;
	}
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "path");
	g_autofree char *rel = g_strconcat("images/", name, NULL);
	json_builder_add_string_value(b, rel);
	json_builder_end_object(b);
	desk_http_send_json(msg, SOUP_STATUS_OK, json_builder_get_root(b));
}

/* ---- routing ------------------------------------------------------------- */

void console_layouts(desk_console_t *c, SoupServerMessage *msg, const char *rest, GHashTable *query)
{
	if (!*rest || strcmp(rest, "/") == 0) {
		if (console_method(msg, "GET"))
			list_layouts(c, msg);
		return;
	}
	if (g_str_has_prefix(rest, "/images/")) {
		upload_image(c, msg, rest + strlen("/images/"));
		return;
	}
	g_autofree char *name = g_strdup(rest + 1);
	bool is_preview = g_str_has_suffix(name, ".json/preview");
	if (is_preview)
		name[strlen(name) - strlen("/preview")] = '\0';
	if (!console_layout_name_ok(name)) {
		desk_http_send_error(msg, 404, "not_found", NULL,
		                     "layout names are NAME.json or FOLDER/NAME.json "
		                     "(letters, digits, . _ -)");
		return;
	}
	g_autofree char *path = g_build_filename(c->layouts_dir, name, NULL);
	const char *m = soup_server_message_get_method(msg);
	if (is_preview) {
		if (console_method(msg, "POST"))
			preview(c, msg, path, query);
	} else if (strcmp(m, "PUT") == 0) {
		save_layout(c, msg, name, path,
		            query && g_strcmp0(g_hash_table_lookup(query, "check"), "1") == 0);
	} else if (strcmp(m, "DELETE") == 0) {
		delete_layout(msg, path);
	} else if (console_method(msg, "GET")) {
		get_layout(msg, path);
	}
}

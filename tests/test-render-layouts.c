/* test-render-layouts.c: every shipped layout: QR round trips, names fit every text box. */
#include <locale.h>

#include "sample-names.h"
#include "render-fixture.h"

static desk_renderer_t *renderer;
static GPtrArray *layouts; /* desk_layout_t * of every shipped layout */

static const char *layouts_dir(void)
{
	static char *dir;
	if (!dir) {
		const char *top = g_getenv("FRONTDESK_TOP");
		dir = g_build_filename(top ? top : ".", "layouts", NULL);
	}
	return dir;
}

static void load_folder(const char *dir)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		if (!g_str_has_suffix(name, ".json"))
			continue;
		g_autofree char *path = g_build_filename(dir, name, NULL);
		g_autoptr(GError) error = NULL;
		desk_layout_t *layout = desk_layout_load(path, layouts_dir(), &error);
		g_assert_no_error(error);
		g_ptr_array_add(layouts, layout);
	}
}

static void load_layouts(void)
{
	layouts = g_ptr_array_new_with_free_func((GDestroyNotify)desk_layout_free);
	g_autofree char *stickers = g_build_filename(layouts_dir(), "stickers", NULL);
	load_folder(layouts_dir());
	load_folder(stickers);
}

/* Every standard field (and every custom field) set to @value. */
static GHashTable *all_fields(const desk_layout_t *layout, const char *value)
{
	GHashTable *fields = desk_fields_new();
	for (const char *const *f = desk_fields_standard(); *f; f++)
		g_hash_table_insert(fields, g_strdup(*f), g_strdup(value));
	for (guint i = 0; layout->custom_fields && i < layout->custom_fields->len; i++)
		g_hash_table_insert(fields, g_strdup(g_ptr_array_index(layout->custom_fields, i)),
		                    g_strdup(value));
	return fields;
}

/* ---- QR round trip ---------------------------------------------------- */

static const char *const people[][4] = {
    /* first, last, company, event_lang */
    {"Ada", "Lovelace", "Analytical Engines", "en"},
    {"José", "Müller", "Ñandú Software, S.L.", "es"},
    {"太郎", "山田", "株式会社サンプル", "ja"},
    {"محمد", "عبد الله", "شركة المثال", "ar"},
    {"Zoë;", "O'Brien:Smith\\", "Back\\slash; Semi:colon", "en"},
};

static GHashTable *person_fields(guint i)
{
	g_autofree char *email = g_strdup_printf("person%u@example.org", i);
	g_autofree char *code = g_strdup_printf("FD-%s-%04u", people[i][0], i);
	g_autofree char *url = g_strdup_printf("https://example.org/g/%s?n=%u", people[i][1], i);
	return fixture_fields("first_name", people[i][0], "last_name", people[i][1], "company",
	                      people[i][2], "event_lang", people[i][3], "email", email,
	                      "ticket_code", code, "id", code, "pronouns", "they/them", "group",
	                      people[i][2], "group_url", url, "group_short", people[i][1], NULL);
}

static void check_qr_layout(const desk_layout_t *layout, guint person)
{
	g_autoptr(GHashTable) fields = person_fields(person);
	g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < layout->elements->len; i++) {
		const desk_element_t *el = g_ptr_array_index(layout->elements, i);
		if (el->kind != DESK_ELEM_QR)
			continue;
		if (el->if_field && !*(const char *)g_hash_table_lookup(fields, el->if_field))
			continue;
		char *content = desk_template_expand(el->qr.template, fields);
		if (*content)
			g_ptr_array_add(expected, content);
		else
			g_free(content); /* nothing to encode: nothing drawn */
	}
	if (expected->len == 0)
		return;
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) png = desk_render_png(renderer, layout, fields, 300, true, &error);
	g_assert_no_error(error);
	g_autofree char *decoded = fixture_zbar(png);
	g_test_message("%s / %s: %s", layout->path, people[person][0],
	               decoded ? decoded : "(none)");
	g_assert_nonnull(decoded);
	if (expected->len == 1) {
		g_assert_cmpstr(decoded, ==, g_ptr_array_index(expected, 0));
		return;
	}
	for (guint i = 0; i < expected->len; i++) /* several codes: zbar concatenates them */
		g_assert_nonnull(strstr(decoded, g_ptr_array_index(expected, i)));
}

static void test_qr_round_trip(void)
{
	guint with_qr = 0;
	for (guint l = 0; l < layouts->len; l++) {
		const desk_layout_t *layout = g_ptr_array_index(layouts, l);
		for (guint i = 0; i < layout->elements->len; i++)
			with_qr +=
			    ((desk_element_t *)g_ptr_array_index(layout->elements, i))->kind ==
			    DESK_ELEM_QR;
		/* Badges with every sample person; the many stickers with two
		 * each, in turn, to keep the run short. */
		for (guint p = 0; p < G_N_ELEMENTS(people); p++)
			if (layout->kind == DESK_LAYOUT_BADGE || p == l % 5 || p == (l + 2) % 5)
				check_qr_layout(layout, p);
	}
	g_test_message("%u layouts, %u QR elements", layouts->len, with_qr);
	g_assert_cmpuint(layouts->len, >=, 1);
}

/* ---- fitting names into every text box --------------------------------- */

static void check_box(const desk_layout_t *layout, const desk_element_t *el, const char *name)
{
	g_autoptr(GHashTable) fields = all_fields(layout, name);
	desk_text_fit_t fit;
	g_assert_true(desk_render_text_fit(renderer, layout, el, fields, &fit, NULL));
	if (fit.unknown_glyphs || !fit.fits)
		g_test_message("%s:%d: \"%s\": unknown %d, fits %d", layout->path, el->line, name,
		               fit.unknown_glyphs, fit.fits);
	g_assert_cmpint(fit.unknown_glyphs, ==, 0);
	g_assert_true(fit.fits);
	g_assert_cmpfloat(fit.x, >=, el->x - 1e-6);
	g_assert_cmpfloat(fit.y, >=, el->y - 1e-6);
	g_assert_cmpfloat(fit.x + fit.width, <=, el->x + el->w + 1e-6);
	g_assert_cmpfloat(fit.y + fit.height, <=, el->y + el->h + 1e-6);
	desk_text_fit_finish(&fit);

	/* Drawn alone, unrotated, on a canvas larger than the box. */
	desk_element_t flat = *el;
	flat.rotation = 0;
	canvas_t c = canvas_new(el->x - 12, el->y - 12, el->w + 24, el->h + 24, 2);
	g_assert_true(desk_render_element(renderer, layout, &flat, fields, c.cr, 2, NULL));
	int outside = ink_outside(&c, el->x, el->y, el->w, el->h);
	if (outside)
		g_test_message("%s:%d: \"%s\": %d px outside the box", layout->path, el->line, name,
		               outside);
	g_assert_cmpint(outside, ==, 0);
	canvas_free(&c);
}

static void test_fit_shipped(void)
{
	guint boxes = 0, checks = 0, step;
	for (guint l = 0; l < layouts->len; l++) {
		const desk_layout_t *layout = g_ptr_array_index(layouts, l);
		for (guint i = 0; i < layout->elements->len; i++)
			boxes += ((desk_element_t *)g_ptr_array_index(layout->elements, i))->kind ==
			         DESK_ELEM_TEXT;
	}
	/* About 3,000 checks whatever the number of boxes; a step that is 9
	 * modulo 10 walks through all ten scripts. */
	step = MAX(13, boxes);
	step += (19 - step % 10) % 10;
	boxes = 0;
	for (guint l = 0; l < layouts->len; l++) {
		const desk_layout_t *layout = g_ptr_array_index(layouts, l);
		for (guint i = 0; i < layout->elements->len; i++) {
			const desk_element_t *el = g_ptr_array_index(layout->elements, i);
			if (el->kind != DESK_ELEM_TEXT)
				continue;
			boxes++;
			for (guint n = l + i; n < 3000; n += step, checks++) {
				g_autofree char *name = names_make(n);
				check_box(layout, el, name);
			}
		}
	}
	g_test_message("%u text boxes in %u layouts, %u checks", boxes, layouts->len, checks);
}

int main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	setlocale(LC_ALL, "C.UTF-8");
	g_test_init(&argc, &argv, NULL);
	renderer = desk_renderer_new(fixture_fonts_dir(), &error);
	g_assert_no_error(error);
	load_layouts();
	g_test_add_func("/render-layouts/qr-round-trip", test_qr_round_trip);
	g_test_add_func("/render-layouts/fit", test_fit_shipped);
	int status = g_test_run();
	g_ptr_array_unref(layouts);
	desk_renderer_free(renderer);
	return status;
}

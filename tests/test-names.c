/* test-names.c: cleaning, splitting and displaying names; e-mail normalization. */
#include <string.h>

#include "layout.h"
#include "names.h"
#include "station.h"
#include "store.h"
#include "template.h"

static void check_clean(const char *in, gsize max, const char *want)
{
	g_autofree char *got = desk_names_clean(in, max);
	g_assert_cmpstr(got, ==, want);
}

static void test_clean(void)
{
	check_clean("  Jane \t  Doe \n", 0, "Jane Doe");
	check_clean("Jane  Doe", 0, "Jane Doe");
	check_clean("Doe ", 0, "Doe");
	check_clean("Jane Doe", 0, "Jane Doe");
	check_clean("abcdef", 3, "abc");
	check_clean("\u202eMallory\u202c\x01", 0, "Mallory");
	check_clean("A\u2066b\u2069c\u200e\u200fd\ufeff", 0, "Abcd");
	check_clean("山田\u3000太郎", 0, "山田 太郎");
	check_clean("Zoe\u0308", 0, "Zo\u00eb"); /* NFC */
	check_clean("Jos\xe9", 0, "Jos\ufffd");  /* invalid UTF-8 never passes */
	check_clean(NULL, 0, "");
	check_clean("   ", 0, "");
	check_clean("محمد\u200c", 0, "محمد\u200c"); /* ZWNJ is part of some names */
}

static void test_clean_limit(void)
{
	check_clean("Ångström", 3, "Ång");
	check_clean("山田太郎", 2, "山田");
	check_clean("ab cd", 3, "ab");
	GString *long_name = g_string_new(NULL);
	for (int i = 0; i < 150; i++)
		g_string_append(long_name, "é");
	g_autofree char *got = desk_names_clean(long_name->str, DESK_NAMES_MAX);
	g_assert_cmpuint(g_utf8_strlen(got, -1), ==, DESK_NAMES_MAX);
	g_assert_true(g_utf8_validate(got, -1, NULL));
	g_string_free(long_name, TRUE);
}

static void check_split(const char *full, const char *first, const char *last)
{
	g_autofree char *f = NULL, *l = NULL;
	desk_names_split(full, &f, &l);
	g_assert_cmpstr(f, ==, first);
	g_assert_cmpstr(l, ==, last);
}

static void test_split(void)
{
	check_split("Jane Doe", "Jane", "Doe");
	check_split("Mary Ann Smith", "Mary Ann", "Smith");
	check_split("Ludwig van Beethoven", "Ludwig", "van Beethoven");
	check_split("Jean-Luc de la Cruz", "Jean-Luc", "de la Cruz");
	check_split("van Halen", "van", "Halen");
	check_split("山田 太郎", "太郎", "山田");
	check_split("김 민준", "민준", "김");
	check_split("山田太郎", "山田太郎", "");
	check_split("Prince", "Prince", "");
	check_split("สมชาย ใจดี", "สมชาย", "ใจดี");
	check_split("", "", "");
}

static void check_display(const char *first, const char *last, const char *want)
{
	g_autofree char *got = desk_names_display(first, last);
	g_assert_cmpstr(got, ==, want);
}

static void test_display(void)
{
	check_display("Jane", "Doe", "Jane Doe");
	check_display("太郎", "山田", "山田太郎");
	check_display("민준", "김", "김민준");
	check_display("Taro", "山田", "Taro 山田");
	check_display("Prince", "", "Prince");
	check_display("", "Doe", "Doe");
	check_display(NULL, NULL, "");
	g_assert_true(desk_names_is_cjk("山田 たろう"));
	g_assert_false(desk_names_is_cjk("Yamada 太郎"));
	g_assert_false(desk_names_is_cjk("ليلى"));
}

static void check_email(const char *in, const char *want)
{
	g_autofree char *got = desk_names_email(in);
	g_assert_cmpstr(got, ==, want);
}

static void test_email(void)
{
	check_email("  Jane.Doe@Example.COM ", "Jane.Doe@example.com");
	check_email("mailto:a@b.co", "a@b.co");
	check_email("user+tag@sub.example.org", "user+tag@sub.example.org");
	check_email("not-an-email", NULL);
	check_email("@example.com", NULL);
	check_email("a@localhost", NULL);
	check_email("a b@example.com", NULL);
	check_email("a@b@example.com", NULL);
	check_email("a@example..com", NULL);
	check_email("", NULL);
}

static void test_fuzz(void)
{
	/* Random bytes: results are valid UTF-8, within the limit, and splitting
	 * loses no word. */
	GRand *rand = g_rand_new_with_seed(11);

	for (int round = 0; round < 2000; round++) {
		char raw[48];
		gsize len = (gsize)g_rand_int_range(rand, 0, sizeof raw - 1);
		for (gsize i = 0; i < len; i++)
			raw[i] = (char)g_rand_int_range(rand, 1, 256);
		raw[len] = '\0';
		g_autofree char *clean = desk_names_clean(raw, 20);
		g_assert_true(g_utf8_validate(clean, -1, NULL));
		g_assert_cmpuint(g_utf8_strlen(clean, -1), <=, 20);
		g_autofree char *first = NULL, *last = NULL;
		desk_names_split(clean, &first, &last);
		g_autofree char *joined = g_strjoin(" ", first, last, NULL);
		g_strstrip(joined);
		g_assert_cmpuint(strlen(joined), ==, strlen(clean));
		g_autofree char *email = desk_names_email(raw);
		g_assert_true(!email || strchr(email, '@'));
	}
	g_rand_free(rand);
}

/* ---- the station's name rule (station-names.c) ---------------------------- */

static void check_names(const char *first, const char *last, const char *display, const char *lang,
                        const char *order, const char *want_full, const char *want_call)
{
	g_autofree char *full = NULL, *call = NULL;
	desk_station_names(first, last, display, lang, order, &full, &call);
	g_test_message("%s / %s / %s (%s): %s / %s", first, last, display, lang, full, call);
	g_assert_cmpstr(full, ==, want_full);
	g_assert_cmpstr(call, ==, want_call);
}

static void test_culture_order(void)
{
	/* first, last, display, lang, order -> full name, call name */
	check_names("Ada", "Lovelace", "Ada Lovelace", "en", NULL, "Ada Lovelace", "Ada");
	check_names("Ada", "Lovelace", NULL, NULL, NULL, "Ada Lovelace", "Ada");
	check_names("太郎", "山田", "山田太郎", "ja", NULL, "山田太郎", "山田");
	check_names("太郎", "山田", "山田 太郎", "ja", NULL, "山田太郎", "山田");
	check_names("太郎", "山田", NULL, NULL, NULL, "山田太郎", "山田太郎");
	check_names("花子", "さとう", NULL, NULL, NULL, "さとう花子",
	            "さとう"); /* kana: Japanese */
	check_names("Taro", "Yamada", NULL, "ja-JP", NULL, "Yamada Taro", "Yamada");
	check_names("민준", "김", "김민준", "ko", NULL, "김민준", "김민준");
	check_names("伟", "王", NULL, "zh", NULL, "王伟", "王伟");
	check_names("伟", "王", "王伟", NULL, NULL, "王伟", "王伟");
	/* One name column, split as Latin: the family name went to first_name. */
	check_names("Nguyễn Thị Minh", "Khai", "Nguyễn Thị Minh Khai", NULL, NULL,
	            "Nguyễn Thị Minh Khai", "Khai");
	check_names("Thị Minh Khai", "Nguyễn", NULL, NULL, NULL, "Nguyễn Thị Minh Khai", "Khai");
	check_names("Minh Khai", "Tran", NULL, "vi", NULL, "Tran Minh Khai", "Khai");
	check_names("János", "Kovács", NULL, "hu", NULL, "Kovács János", "János");
	check_names("János", "Kovács", "János Kovács", NULL, "family first", "Kovács János",
	            "János");
	check_names("János", "Kovács", NULL, NULL, NULL, "János Kovács", "János");
	/* The roster's own display name, or the kiosk's "Name on badge" edit, wins. */
	check_names("François", "Lefèvre", "Frank Lefevre", NULL, NULL, "Frank Lefevre", "Frank");
	check_names("Anna", "Schmidt", "Anna \"Annie\" Schmidt", NULL, NULL,
	            "Anna \"Annie\" Schmidt", "Anna");
	check_names("Ada", "Lovelace", "Dr. Ada Lovelace", NULL, NULL, "Dr. Ada Lovelace", "Ada");
	check_names("János", "Kovács", "Kovács Jani", "hu", NULL, "Kovács Jani", "Jani");
	check_names(NULL, NULL, "Prince", NULL, NULL, "Prince", "Prince");
	check_names(NULL, NULL, NULL, NULL, NULL, "", "");
}

/* What a shipped badge prints: its big line is {call_name}, the next {display_name}. */
static void test_badge_fields(void)
{
	const char *t = g_getenv("FRONTDESK_TOP");
	g_autofree char *path =
	    g_build_filename(t && *t ? t : ".", "layouts", "dymo-30256.json", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_layout_t) layout = desk_layout_load(path, NULL, &error);
	g_assert_no_error(error);
	const struct {
		const char *first, *last, *display, *lang, *big, *small;
	} people[] = {
	    {"太郎", "山田", "山田 太郎", "ja", "山田", "山田太郎"},
	    {"민준", "김", "김민준", NULL, "김민준", "김민준"},
	    {"伟", "王", "王伟", "zh", "王伟", "王伟"},
	    {"Nguyễn Thị Minh", "Khai", "Nguyễn Thị Minh Khai", NULL, "Khai",
	     "Nguyễn Thị Minh Khai"},
	    {"François", "Lefèvre", "Frank Lefevre", "fr", "Frank", "Frank Lefevre"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(people); i++) {
		desk_attendee_t a = {.first_name = (char *)people[i].first,
		                     .last_name = (char *)people[i].last,
		                     .display_name = (char *)people[i].display};
		desk_event_t event = {.name = "JAWS DAYS", .lang = (char *)people[i].lang};
		g_autoptr(GHashTable) fields = desk_attendee_fields(&a, &event);
		desk_station_name_fields(fields);
		const desk_element_t *big = g_ptr_array_index(layout->elements, 0);
		const desk_element_t *small = g_ptr_array_index(layout->elements, 1);
		g_autofree char *big_text = desk_template_expand(big->text.template, fields);
		g_autofree char *small_text = desk_template_expand(small->text.template, fields);
		g_assert_cmpstr(big_text, ==, people[i].big);
		g_assert_cmpstr(small_text, ==, people[i].small);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/names/clean", test_clean);
	g_test_add_func("/names/clean-limit", test_clean_limit);
	g_test_add_func("/names/split", test_split);
	g_test_add_func("/names/display", test_display);
	g_test_add_func("/names/email", test_email);
	g_test_add_func("/names/fuzz", test_fuzz);
	g_test_add_func("/names/culture-order", test_culture_order);
	g_test_add_func("/names/badge-fields", test_badge_fields);
	return g_test_run();
}

/* test-template.c: template expansion, filters, optional segments and validation. */
#include <string.h>

#include "template.h"

static GHashTable *fields(const char *first, ...)
{
	GHashTable *table = desk_fields_new();
	va_list args;

	va_start(args, first);
	for (const char *key = first; key; key = va_arg(args, const char *))
		g_hash_table_insert(table, g_strdup(key), g_strdup(va_arg(args, const char *)));
	va_end(args);
	return table;
}

static void check_expand(const char *tmpl, GHashTable *table, const char *want)
{
	g_autoptr(GError) error = NULL;
	g_assert_true(desk_template_validate(tmpl, NULL, NULL, &error));
	g_assert_no_error(error);
	g_autofree char *got = desk_template_expand(tmpl, table);
	g_assert_cmpstr(got, ==, want);
}

static void test_plain(void)
{
	g_autoptr(GHashTable) f =
	    fields("first_name", "Ada", "last_name", "Lovelace", "company", "", NULL);
	check_expand("", f, "");
	check_expand("Hello", f, "Hello");
	check_expand("{first_name} {last_name}", f, "Ada Lovelace");
	check_expand("[{company}]", f, "[]");
	check_expand("[{title}]", f, "[]"); /* known but missing: empty */
	check_expand("{{first_name}}", f, "{first_name}");
	check_expand("{{{first_name}}}", f, "{Ada}");
	check_expand("a}}b{{c", f, "a}b{c");
}

static void test_filters(void)
{
	g_autoptr(GHashTable) f = fields("first_name", "  Ada Augusta ", "last_name", "Straße",
	                                 "company", "Éclair Ünited Åb", "title", "", NULL);
	check_expand("{last_name|upper}", f, "STRASSE");
	check_expand("{company|upper}", f, "ÉCLAIR ÜNITED ÅB");
	check_expand("{company|lower}", f, "éclair ünited åb");
	check_expand("{first_name|first}", f, "Ada");
	check_expand("{first_name|last}", f, "Augusta");
	check_expand("{first_name|trim}", f, "Ada Augusta");
	check_expand("{first_name|initial}", f, "A.");
	check_expand("{company|initial}", f, "É.");
	check_expand("{first_name|last|upper|initial}", f, "A.");
	check_expand("{title|initial}", f, "");
	check_expand("{title|first}{title|last}{title|upper}", f, "");
}

static void test_graphemes(void)
{
	/* "é" as e + combining acute; a family emoji joined with ZWJ; Japanese. */
	g_autoptr(GHashTable) f =
	    fields("first_name", "e\xCC\x81mile", "last_name",
	           "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 x", "company", "山田　太郎", NULL);
	check_expand("{first_name|initial}", f, "e\xCC\x81.");
	check_expand("{last_name|initial}", f, "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7.");
	check_expand("{company|first}", f, "山田"); /* ideographic space separates words */
	check_expand("{company|last}", f, "太郎");
	check_expand("{company|initial}", f, "山.");
	check_expand("{company|upper}", f, "山田　太郎");
}

static void test_mecard(void)
{
	g_autoptr(GHashTable) f =
	    fields("first_name", "Jo;e", "last_name", "O:Brien,\\Jr", "company", "A, B; C", NULL);
	check_expand("{last_name|mecard}", f, "O\\:Brien\\,\\\\Jr");
	check_expand("{first_name|mecard}", f, "Jo\\;e");
	check_expand("{company|mecard}", f, "A\\, B\\; C");
}

static const char *mecard = "MECARD:N:{last_name|mecard},{first_name|mecard};"
                            "ORG:{company|mecard};{?email:EMAIL:{email|mecard};};";

static void test_optional(void)
{
	g_autoptr(GHashTable) with = fields("first_name", "Ada", "last_name", "Lovelace", "company",
	                                    "ACME", "email", "ada@example.org", NULL);
	g_autoptr(GHashTable) without =
	    fields("first_name", "Ada", "last_name", "Lovelace", "company", "ACME", NULL);
	g_autoptr(GHashTable) empty = fields("email", "", NULL);

	check_expand(mecard, with, "MECARD:N:Lovelace,Ada;ORG:ACME;EMAIL:ada@example.org;;");
	check_expand(mecard, without, "MECARD:N:Lovelace,Ada;ORG:ACME;;");
	check_expand("{?email:<{email}>}", empty, "");
	check_expand("{!email:no mail}", empty, "no mail");
	check_expand("{!email:no mail}", with, "");
	check_expand("{?company:{company} {?email:({email|upper}) }}", with,
	             "ACME (ADA@EXAMPLE.ORG) ");
	check_expand("{?company:{?title:x} y}", with, " y");
	check_expand("{?email:{{braces}", with, "{braces");
	check_expand("{?email:a{?company:b}}c}}", with, "abc}"); /* "}}" ends both segments */
	check_expand("{?pronouns:({pronouns})}", without, "");
}

static void check_invalid(const char *tmpl, gsize want_offset, const char *want_msg)
{
	g_autoptr(GError) error = NULL;
	gsize offset = 9999;
	g_assert_false(desk_template_validate(tmpl, NULL, &offset, &error));
	g_assert_nonnull(error);
	g_assert_cmpstr(error->message, ==, want_msg);
	g_assert_cmpuint(offset, ==, want_offset);
	/* Expanding an invalid template must not crash either. */
	g_autofree char *out = desk_template_expand(tmpl, NULL);
	g_assert_nonnull(out);
}

static void test_invalid(void)
{
	check_invalid("{nope}", 1, "unknown field \"nope\"");
	check_invalid("Hi {first_name|shout}", 15,
	              "unknown filter \"shout\" (use upper, lower, initial, first, last, trim or "
	              "mecard)");
	check_invalid("{first_name", 11, "unterminated field \"first_name\": missing \"}\"");
	check_invalid("{}", 1, "expected a field name after \"{\"");
	check_invalid("{", 1, "expected a field name after \"{\", found the end of the template");
	check_invalid("a}", 1, "\"}\" without \"{\" (write \"}}\" for a literal brace)");
	check_invalid("{first_name x}", 11, "unexpected \" \" in field \"first_name\"");
	check_invalid("{?email:x", 0, "unterminated optional segment: missing \"}\"");
	check_invalid("{?email}", 7, "expected \":\" after \"{?email\"");
	check_invalid("{?email:x}}", 10, "\"}\" without \"{\" (write \"}}\" for a literal brace)");
	check_invalid("{?bogus:x}", 2, "unknown field \"bogus\"");
	check_invalid("{?email:{bogus}}", 9, "unknown field \"bogus\"");
	check_invalid("{?email:{?email:{?email:{?email:{?email:{?email:{?email:{?email:"
	              "{?email:x}}}}}}}}}",
	              64, "optional segments nested deeper than 8");
}

static void test_custom(void)
{
	g_autoptr(GPtrArray) custom = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GError) error = NULL;
	g_ptr_array_add(custom, g_strdup("group_url"));

	g_assert_false(desk_template_validate("{group_url}", NULL, NULL, NULL));
	g_assert_true(desk_template_validate("{group_url|lower}", custom, NULL, &error));
	g_assert_no_error(error);
	g_autoptr(GHashTable) f = fields("group_url", "HTTPS://X.EXAMPLE/", NULL);
	g_autofree char *got = desk_template_expand("{group_url|lower}", f);
	g_assert_cmpstr(got, ==, "https://x.example/");
}

static void test_standard_fields(void)
{
	const char *const *names = desk_fields_standard();
	const char *want[] = {"first_name",  "last_name",      "display_name", "call_name",
	                      "company",     "title",          "pronouns",     "group",
	                      "ticket_type", "checkin_number", "event",        "date",
	                      "id",          "email"};
	guint n = 0;
	for (; names[n]; n++)
		g_assert_cmpstr(names[n], ==, want[n]);
	g_assert_cmpuint(n, ==, G_N_ELEMENTS(want));
}

static void test_bad_input(void)
{
	/* Invalid UTF-8 in a template or a value never crashes. */
	g_assert_false(desk_template_validate("\xff{first_name}", NULL, NULL, NULL));
	g_autoptr(GHashTable) f = fields("first_name", "\xc3\x28", NULL);
	g_autofree char *a = desk_template_expand("{first_name|upper}", f);
	g_assert_cmpstr(a, ==, "");
	g_autofree char *b = desk_template_expand(NULL, f);
	g_assert_cmpstr(b, ==, "");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/template/plain", test_plain);
	g_test_add_func("/template/filters", test_filters);
	g_test_add_func("/template/graphemes", test_graphemes);
	g_test_add_func("/template/mecard", test_mecard);
	g_test_add_func("/template/optional", test_optional);
	g_test_add_func("/template/invalid", test_invalid);
	g_test_add_func("/template/custom", test_custom);
	g_test_add_func("/template/standard-fields", test_standard_fields);
	g_test_add_func("/template/bad-input", test_bad_input);
	return g_test_run();
}

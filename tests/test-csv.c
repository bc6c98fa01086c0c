/* test-csv.c: the RFC 4180 reader and delimiter sniffing. */
#include <string.h>

#include "csv.h"

static desk_csv_t *parse(const char *text, GError **error)
{
	return desk_csv_parse("t.csv", text, strlen(text), 0, error);
}

static const char *field(const desk_csv_t *csv, guint record, guint index)
{
	const desk_csv_record_t *r = csv->records->pdata[record];
	g_assert_cmpuint(index, <, r->fields->len);
	return r->fields->pdata[index];
}

static guint line_of(const desk_csv_t *csv, guint record)
{
	return ((const desk_csv_record_t *)csv->records->pdata[record])->line;
}

static void test_quotes(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_csv_t) csv = parse("a,b,c\r\n"
	                                  "\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n"
	                                  "\"\",plain,\"\"\"\"\r\n",
	                                  &error);

	g_assert_no_error(error);
	g_assert_cmpint(csv->delimiter, ==, ',');
	g_assert_cmpuint(csv->records->len, ==, 3);
	g_assert_cmpstr(field(csv, 1, 0), ==, "x, y");
	g_assert_cmpstr(field(csv, 1, 1), ==, "say \"hi\"");
	g_assert_cmpstr(field(csv, 1, 2), ==, "two\nlines");
	g_assert_cmpstr(field(csv, 2, 0), ==, "");
	g_assert_cmpstr(field(csv, 2, 2), ==, "\"");
	g_assert_cmpuint(line_of(csv, 1), ==, 2);
	g_assert_cmpuint(line_of(csv, 2), ==, 4);
}

static void test_blank_lines(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_csv_t) csv = parse("\n\na,b\n\n1,2\n,\n  ,\t\n3,4", &error);

	g_assert_no_error(error);
	g_assert_cmpuint(csv->records->len, ==, 3);
	g_assert_cmpuint(line_of(csv, 0), ==, 3);
	g_assert_cmpuint(line_of(csv, 1), ==, 5);
	g_assert_cmpuint(line_of(csv, 2), ==, 8);
	g_assert_cmpstr(field(csv, 2, 1), ==, "4");
}

static void test_trailing_empty_fields(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_csv_t) csv = parse("a,b\n1,2,,\n", &error);

	g_assert_no_error(error);
	g_assert_cmpuint(((desk_csv_record_t *)csv->records->pdata[1])->fields->len, ==, 2);
}

static void test_ragged(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_csv_t) csv = parse("a,b,c\n1,\"x\ny\",3\n4,5\n", &error);

	g_assert_null(csv);
	g_assert_error(error, DESK_CSV_ERROR, DESK_CSV_ERROR_RAGGED);
	g_assert_cmpstr(error->message, ==,
	                "t.csv:4: this row has 2 fields but the header (line 1) has 3");
	g_clear_error(&error);
	csv = parse("a,b\n1,2,3\n", &error);
	g_assert_null(csv);
	g_assert_nonnull(strstr(error->message, "t.csv:2: this row has 3 fields"));
}

static void test_unterminated(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_csv_t) csv = parse("a,b\n1,2\n3,\"open\n\n5,6\n", &error);

	g_assert_null(csv);
	g_assert_error(error, DESK_CSV_ERROR, DESK_CSV_ERROR_UNTERMINATED);
	g_assert_cmpstr(error->message, ==,
	                "t.csv:3: a quoted field starts here and is never closed");
}

static void test_sniff(void)
{
	const char *semi = "Vorname;Nachname;Firma\nLena;Groß;\"Wolke, GmbH\"\n";
	const char *tab = "Name\tUser ID\tRSVP\nAnna, B.\t1\tYes\nCé; D\t2\tNo\n";
	const char *comma = "a,b\n\"x;y;z\",1\n";

	g_assert_cmpint(desk_csv_sniff(semi, strlen(semi)), ==, ';');
	g_assert_cmpint(desk_csv_sniff(tab, strlen(tab)), ==, '\t');
	g_assert_cmpint(desk_csv_sniff(comma, strlen(comma)), ==, ',');
	g_assert_cmpint(desk_csv_sniff("name\nAna\n", 9), ==, ',');
	g_assert_cmpint(desk_csv_sniff("", 0), ==, ',');

	g_autoptr(GError) error = NULL;
	g_autoptr(desk_csv_t) csv = parse(tab, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(field(csv, 1, 0), ==, "Anna, B.");
	g_assert_cmpstr(field(csv, 2, 0), ==, "Cé; D");
}

static void test_excel_sep_line(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_csv_t) csv = parse("sep=;\r\na;b,c\r\n1;2,3\r\n", &error);

	g_assert_no_error(error);
	g_assert_cmpint(csv->delimiter, ==, ';');
	g_assert_cmpuint(csv->records->len, ==, 2);
	g_assert_cmpstr(field(csv, 0, 1), ==, "b,c");
	g_assert_cmpuint(line_of(csv, 1), ==, 3);
}

static void test_empty_and_lf_cr(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_csv_t) empty = parse("", &error);

	g_assert_no_error(error);
	g_assert_cmpuint(empty->records->len, ==, 0);
	g_autoptr(desk_csv_t) mac = parse("a,b\r1,2\r3,4\r", &error);
	g_assert_no_error(error);
	g_assert_cmpuint(mac->records->len, ==, 3);
	g_assert_cmpuint(line_of(mac, 2), ==, 3);
	/* Text is parsed by length: bytes after @len are never read. */
	g_autoptr(desk_csv_t) cut = desk_csv_parse("t.csv", "a,b\n1,\"2\"GARBAGE", 9, 0, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(field(cut, 1, 1), ==, "2");
}

static void test_fuzz(void)
{
	/* Random text from the characters that matter never crashes the reader, and
	 * a success always gives records as wide as the header. */
	static const char alphabet[] = "a,;\t\"\r\n ";
	GRand *rand = g_rand_new_with_seed(7);

	for (int round = 0; round < 2000; round++) {
		char text[64];
		gsize len = (gsize)g_rand_int_range(rand, 0, sizeof text);
		for (gsize i = 0; i < len; i++)
			text[i] = alphabet[g_rand_int_range(rand, 0, sizeof alphabet - 1)];
		g_autoptr(GError) error = NULL;
		g_autoptr(desk_csv_t) csv = desk_csv_parse("f.csv", text, len, 0, &error);
		g_assert_true((csv == NULL) != (error == NULL));
		for (guint i = 1; csv && i < csv->records->len; i++) {
			const desk_csv_record_t *r = csv->records->pdata[i];
			const desk_csv_record_t *h = csv->records->pdata[0];
			g_assert_cmpuint(r->fields->len, ==, h->fields->len);
			g_assert_cmpuint(r->line, >, h->line);
		}
	}
	g_rand_free(rand);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/csv/quotes", test_quotes);
	g_test_add_func("/csv/blank-lines", test_blank_lines);
	g_test_add_func("/csv/trailing-empty-fields", test_trailing_empty_fields);
	g_test_add_func("/csv/ragged", test_ragged);
	g_test_add_func("/csv/unterminated", test_unterminated);
	g_test_add_func("/csv/sniff", test_sniff);
	g_test_add_func("/csv/excel-sep-line", test_excel_sep_line);
	g_test_add_func("/csv/empty-and-cr", test_empty_and_lf_cr);
	g_test_add_func("/csv/fuzz", test_fuzz);
	return g_test_run();
}

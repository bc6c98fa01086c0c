/* test-roster.c: every sample roster parses to the expected people; broken files fail precisely. */
#include <glib/gstdio.h>
#include <string.h>

#include "encoding.h"
#include "roster.h"

static char *sample(const char *name)
{
	const char *top = g_getenv("FRONTDESK_TOP");
	return g_build_filename(top ? top : ".", "tests", "data", "rosters", name, NULL);
}

static desk_roster_t *read_ok(const char *name, desk_roster_format_t want, const char *encoding,
                              guint rows)
{
	g_autofree char *path = sample(name);
	g_autoptr(GError) error = NULL;
	desk_roster_t *roster = desk_roster_read(path, DESK_ROSTER_AUTO, NULL, &error);

	g_assert_no_error(error);
	g_assert_nonnull(roster);
	g_assert_cmpstr(desk_roster_format_name(roster->format), ==, desk_roster_format_name(want));
	g_assert_cmpstr(roster->encoding, ==, encoding);
	g_assert_cmpuint(roster->rows->len, ==, rows);
	g_assert_cmpuint(roster->columns->len, ==, roster->mapping->len);
	return roster;
}

static const desk_attendee_t *person(const desk_roster_t *roster, guint index, guint line)
{
	const desk_roster_row_t *row = roster->rows->pdata[index];
	g_assert_cmpuint(row->line, ==, line);
	return row->attendee;
}

static const char *custom(const desk_attendee_t *a, const char *column)
{
	return g_hash_table_lookup(a->custom, column);
}

static void read_fails(const char *name, const char *message)
{
	g_autofree char *path = sample(name);
	g_autofree char *want = g_strdup_printf("%s%s", path, message);
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_roster_t) roster = desk_roster_read(path, DESK_ROSTER_AUTO, NULL, &error);

	g_assert_null(roster);
	g_assert_nonnull(error);
	g_assert_cmpstr(error->message, ==, want);
}

/* ---- formats -------------------------------------------------------------- */

static void test_eventbrite_us(void)
{
	g_autoptr(desk_roster_t) r =
	    read_ok("eventbrite-us.csv", DESK_ROSTER_EVENTBRITE, "UTF-8 BOM", 5);
	const desk_attendee_t *jane = person(r, 0, 2), *hoa = person(r, 2, 4);

	g_assert_cmpstr(r->columns->pdata[0], ==, "Order #");
	g_assert_cmpstr(jane->display_name, ==, "Jane Doe");
	g_assert_cmpstr(jane->email, ==, "Jane.Doe@example.com");
	g_assert_cmpstr(jane->company, ==, "Acme, Inc.");
	g_assert_cmpstr(jane->title, ==, "Cloud Architect");
	g_assert_cmpstr(jane->pronouns, ==, "she/her");
	g_assert_cmpstr(jane->ticket_type, ==, "General Admission");
	g_assert_cmpstr(jane->source_id, ==, "2345678901");
	g_assert_cmpstr(jane->ticket_code, ==, "2345678901");
	g_assert_cmpstr(jane->source, ==, "eventbrite");
	g_assert_cmpstr(custom(jane, "Order #"), ==, "1234567890");
	g_assert_true(jane->expected);
	g_assert_cmpstr(hoa->first_name, ==, "Thị Hoa");
	g_assert_cmpstr(hoa->last_name, ==, "Nguyễn");
	g_assert_cmpstr(hoa->company, ==, "The \"Cloud\" Company");
	g_assert_cmpstr(hoa->group_name, ==, "Speakers");
	g_assert_true(hoa->expected); /* "Checked In" */
	g_assert_false(person(r, 1, 3)->expected);
	g_assert_cmpstr(person(r, 1, 3)->status_reason, ==, "eventbrite: Not Attending");
	g_assert_cmpstr(person(r, 4, 6)->status_reason, ==, "eventbrite: Refunded");
}

static void test_eventbrite_uk(void)
{
	g_autoptr(desk_roster_t) r =
	    read_ok("eventbrite-uk.csv", DESK_ROSTER_EVENTBRITE, "UTF-8", 3);
	const desk_attendee_t *fatima = person(r, 2, 4);

	g_assert_cmpstr(person(r, 0, 2)->last_name, ==, "O'Brien");
	g_assert_cmpstr(person(r, 0, 2)->source_id, ==, "8001");
	g_assert_cmpstr(person(r, 1, 3)->status_reason, ==, "eventbrite: Cancelled");
	g_assert_cmpstr(fatima->display_name, ==, "فاطمة الزهراء");
	g_assert_cmpstr(fatima->company, ==, "شركة السحاب");
}

static void test_luma(void)
{
	g_autoptr(desk_roster_t) a = read_ok("luma-a.csv", DESK_ROSTER_LUMA, "UTF-8", 4);
	g_autoptr(desk_roster_t) b = read_ok("luma-b.csv", DESK_ROSTER_LUMA, "UTF-8", 2);
	const desk_attendee_t *priya = person(a, 0, 2), *somchai = person(a, 2, 4);

	g_assert_cmpstr(priya->source_id, ==, "gst-7Hq2LmA9");
	g_assert_cmpstr(priya->ticket_code, ==, "https://lu.ma/check-in/evt-AbC123?pk=g-XyZ789");
	g_assert_cmpstr(custom(priya, "qr_code"), ==, "g-XyZ789");
	g_assert_cmpstr(priya->ticket_type, ==, "Community");
	g_assert_cmpstr(custom(priya, "What do you work on?"), ==, "Data pipelines, mostly");
	g_assert_cmpstr(person(a, 1, 3)->status_reason, ==, "luma: declined");
	g_assert_cmpstr(somchai->first_name, ==, "สมชาย");
	g_assert_cmpstr(somchai->last_name, ==, "ใจดี");
	g_assert_cmpstr(somchai->status_reason, ==, "luma: waitlist");
	g_assert_false(person(a, 3, 5)->expected); /* pending_approval */
	g_assert_cmpstr(person(b, 0, 2)->display_name, ==, "김민준");
	g_assert_cmpstr(person(b, 0, 2)->first_name, ==, "김민준");
	g_assert_cmpstr(person(b, 0, 2)->ticket_type, ==, "Speaker");
	g_assert_true(person(b, 0, 2)->expected);
	g_assert_cmpstr(person(b, 1, 3)->status_reason, ==, "luma: invited");
}

static void test_meetup(void)
{
	g_autoptr(desk_roster_t) c = read_ok("meetup.csv", DESK_ROSTER_MEETUP, "UTF-8", 4);
	g_autoptr(desk_roster_t) t = read_ok("meetup-tab.tsv", DESK_ROSTER_MEETUP, "UTF-8", 3);

	g_assert_cmpint(c->delimiter, ==, ',');
	g_assert_cmpstr(person(c, 0, 2)->first_name, ==, "Yuki");
	g_assert_cmpstr(person(c, 0, 2)->last_name, ==, "Tanaka");
	g_assert_cmpint(person(c, 0, 2)->guests, ==, 1);
	g_assert_cmpstr(person(c, 1, 3)->status_reason, ==, "meetup: RSVP No");
	g_assert_cmpstr(person(c, 2, 5)->last_name, ==, "van Beethoven");
	g_assert_cmpstr(person(c, 2, 5)->status_reason, ==, "meetup: RSVP Waitlist");
	g_assert_cmpstr(person(c, 3, 7)->first_name, ==, "Prince");
	g_assert_cmpstr(person(c, 3, 7)->last_name, ==, "");
	g_assert_cmpuint(c->skipped->len, ==, 1);
	g_assert_nonnull(strstr(c->skipped->pdata[0], "meetup.csv:6: duplicate of line 2"));

	g_assert_cmpint(t->delimiter, ==, '\t');
	g_assert_cmpstr(person(t, 0, 2)->display_name, ==, "Anna \"Annie\" Schmidt");
	g_assert_cmpint(person(t, 1, 3)->guests, ==, 3);
	g_assert_cmpstr(person(t, 2, 4)->display_name, ==, "Đặng Văn Lâm");
	g_assert_false(person(t, 2, 4)->expected);
}

static void check_connpass(const desk_roster_t *r)
{
	const desk_attendee_t *taro = person(r, 0, 2), *hanako = person(r, 1, 4);

	g_assert_cmpstr(taro->last_name, ==, "山田");
	g_assert_cmpstr(taro->first_name, ==, "太郎");
	g_assert_cmpstr(taro->display_name, ==, "山田 太郎");
	g_assert_cmpstr(taro->ticket_code, ==, "8GJK2A");
	g_assert_cmpstr(taro->source_id, ==, "yamada_taro");
	g_assert_cmpstr(taro->ticket_type, ==, "一般参加枠");
	g_assert_cmpstr(taro->source, ==, "connpass");
	g_assert_cmpstr(custom(taro, "コメント"), ==, "よろしく お願いします");
	g_assert_cmpstr(custom(taro, "アンケート: ご所属"), ==, "株式会社サンプル");
	g_assert_true(taro->expected);
	g_assert_cmpstr(hanako->first_name, ==, "佐藤花子");
	g_assert_cmpstr(hanako->display_name, ==, "佐藤花子");
	g_assert_cmpstr(person(r, 2, 5)->status_reason, ==, "connpass: 補欠者");
	g_assert_cmpstr(custom(person(r, 2, 5), "コメント"), ==, "\"楽しみ\"です");
	g_assert_cmpstr(person(r, 3, 6)->status_reason, ==, "connpass: キャンセル");
}

static void test_connpass(void)
{
	g_autoptr(desk_roster_t) u = read_ok("connpass-utf8.csv", DESK_ROSTER_CONNPASS, "UTF-8", 4);
	g_autoptr(desk_roster_t) s =
	    read_ok("connpass-cp932.csv", DESK_ROSTER_CONNPASS, "CP932", 4);

	check_connpass(u);
	check_connpass(s);
}

static void test_plain(void)
{
	g_autoptr(desk_roster_t) r = read_ok("plain.csv", DESK_ROSTER_CSV, "UTF-8", 4);
	const desk_attendee_t *zoe = person(r, 0, 2), *mallory = person(r, 2, 5);

	g_assert_cmpstr(zoe->first_name, ==, "Zoë");
	g_assert_cmpstr(zoe->last_name, ==, "Ångström");
	g_assert_cmpstr(zoe->company, ==, "Nordic Cloud AB");
	g_assert_cmpstr(zoe->pronouns, ==, "they/them");
	g_assert_cmpstr(zoe->group_name, ==, "Volunteers");
	g_assert_cmpstr(zoe->ticket_type, ==, "Crew");
	g_assert_cmpstr(custom(zoe, "T-shirt size"), ==, "M");
	g_assert_cmpstr(custom(zoe, "Dietary needs"), ==, "Vegetarian no nuts");
	g_assert_cmpstr(person(r, 1, 4)->display_name, ==, "ليلى حداد");
	g_assert_cmpstr(mallory->display_name, ==, "Mallory Evilname"); /* bidi and controls gone */
	g_assert_null(mallory->email);
	g_assert_cmpstr(custom(mallory, "E-mail"), ==, "not-an-email");
	g_assert_cmpstr(person(r, 3, 9)->last_name, ==, "de la Cruz");
	g_assert_cmpstr(person(r, 3, 9)->email, ==, "JL@example.org");
	g_assert_cmpuint(r->skipped->len, ==, 1);
	g_assert_nonnull(strstr(r->skipped->pdata[0], "plain.csv:7: duplicate of line 2"));
}

static void test_semicolon_and_utf16(void)
{
	g_autoptr(desk_roster_t) s = read_ok("plain-semicolon.csv", DESK_ROSTER_CSV, "UTF-8", 2);
	g_autoptr(desk_roster_t) le = read_ok("excel-utf16le.txt", DESK_ROSTER_CSV, "UTF-16LE", 2);
	g_autoptr(desk_roster_t) be = read_ok("excel-utf16be.txt", DESK_ROSTER_CSV, "UTF-16BE", 2);

	g_assert_cmpint(s->delimiter, ==, ';');
	g_assert_cmpstr(person(s, 1, 3)->company, ==, "Chmura; Sp. z o.o.");
	g_assert_cmpstr(person(s, 0, 2)->last_name, ==, "Groß");
	g_assert_cmpint(le->delimiter, ==, '\t');
	g_assert_cmpstr(person(le, 1, 3)->last_name, ==, "Παπαδόπουλος");
	g_assert_cmpstr(person(be, 1, 3)->last_name, ==, "Παπαδόπουλος");
	g_assert_cmpstr(person(be, 0, 2)->email, ==, "sakura@example.jp");
}

/* ---- overrides and forced formats ------------------------------------------ */

static desk_roster_t *parse_text(const char *text, desk_roster_format_t format,
                                 GHashTable *overrides, GError **error)
{
	g_autoptr(GBytes) bytes = g_bytes_new(text, strlen(text));
	return desk_roster_parse("up.csv", bytes, format, overrides, error);
}

static void test_map(void)
{
	g_autoptr(GHashTable) map = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GError) error = NULL;
	const char *text = "Who,Firm,Shirt,Name\nAda Lovelace,Analytical Ltd,S,x\n";

	g_hash_table_insert(map, "who", "name");
	g_hash_table_insert(map, " FIRM ", "company");
	g_hash_table_insert(map, "Shirt", "ignore");
	g_autoptr(desk_roster_t) r = parse_text(text, DESK_ROSTER_AUTO, map, &error);
	g_assert_no_error(error);
	const desk_attendee_t *ada = person(r, 0, 2);
	g_assert_cmpstr(ada->first_name, ==, "Ada");
	g_assert_cmpstr(ada->last_name, ==, "Lovelace");
	g_assert_cmpstr(ada->company, ==, "Analytical Ltd");
	g_assert_null(custom(ada, "Shirt"));
	g_assert_cmpstr(custom(ada, "Name"), ==, "x"); /* the field moved to "Who" */
	g_assert_cmpstr(r->mapping->pdata[2], ==, "ignore");
	g_assert_cmpstr(r->mapping->pdata[3], ==, "");

	g_hash_table_remove_all(map);
	g_hash_table_insert(map, "Who", "shoe_size");
	g_assert_null(parse_text(text, DESK_ROSTER_AUTO, map, &error));
	g_assert_error(error, DESK_ROSTER_ERROR, DESK_ROSTER_ERROR_COLUMNS);
	g_assert_nonnull(strstr(error->message, "--map Who=shoe_size: unknown field"));
	g_clear_error(&error);
	g_hash_table_remove_all(map);
	g_hash_table_insert(map, "Nobody", "email");
	g_assert_null(parse_text(text, DESK_ROSTER_AUTO, map, &error));
	g_assert_nonnull(strstr(error->message, "no column \"Nobody\" (columns: Who, Firm"));
}

/* A reading column (フリガナ, ふりがな, よみ, Reading) is kept as "reading" for the search keys. */
static void test_reading(void)
{
	const char *headers[] = {"フリガナ", "ふりがな", "よみ", "Reading", "読み仮名"};
	for (size_t i = 0; i < G_N_ELEMENTS(headers); i++) {
		g_autoptr(GError) error = NULL;
		g_autofree char *text = g_strdup_printf(
		    "姓,名,%s,email\n山田,太郎,ヤマダ タロウ,taro@example.jp\n", headers[i]);
		g_autoptr(desk_roster_t) r = parse_text(text, DESK_ROSTER_AUTO, NULL, &error);
		g_assert_no_error(error);
		g_assert_cmpstr(g_ptr_array_index(r->mapping, 2), ==, "reading");
		const desk_attendee_t *taro = person(r, 0, 2);
		g_assert_cmpstr(custom(taro, "reading"), ==, "ヤマダ タロウ");
		g_assert_null(custom(taro, headers[i])); /* not a second custom column */
	}
}

static void test_forced_format(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_roster_t) r =
	    parse_text("name,status\nKai,no\n", DESK_ROSTER_MEETUP, NULL, &error);

	g_assert_no_error(error);
	g_assert_cmpint(r->format, ==, DESK_ROSTER_MEETUP);
	g_assert_cmpstr(person(r, 0, 2)->status_reason, ==, "meetup: RSVP no");
	desk_roster_format_t f = DESK_ROSTER_CSV;
	g_assert_true(desk_roster_format_parse("Connpass", &f));
	g_assert_cmpint(f, ==, DESK_ROSTER_CONNPASS);
	g_assert_false(desk_roster_format_parse("xlsx", &f));
	g_assert_cmpint(f, ==, DESK_ROSTER_CONNPASS);
}

static void test_rows_without_names(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_roster_t) r =
	    parse_text("first_name,email,ticket_code\n,kim@example.com,\n,,\n, ,T-1\n,x,\n",
	               DESK_ROSTER_AUTO, NULL, &error);

	g_assert_no_error(error);
	g_assert_cmpuint(r->rows->len, ==, 2);
	g_assert_cmpstr(person(r, 0, 2)->display_name, ==, "kim");
	g_assert_cmpstr(person(r, 1, 4)->ticket_code, ==, "T-1");
	g_assert_cmpuint(r->skipped->len, ==, 1);
	g_assert_cmpstr(r->skipped->pdata[0], ==, "up.csv:5: no name, e-mail or ticket code");
}

/* ---- broken files ------------------------------------------------------------ */

static void test_broken(void)
{
	read_fails("broken-ragged.csv", ":5: this row has 2 fields but the header (line 1) has 3");
	read_fails("broken-unterminated.csv", ":3: a quoted field starts here and is never closed");
	read_fails("broken-invalid-utf8.csv",
	           ":3: byte 0xE9 is not valid UTF-8, and the file is not Shift_JIS/CP932 "
	           "either; save it as CSV UTF-8");
	read_fails("broken-binary.csv", ": not a text file: it contains NUL bytes");
	read_fails("broken-header-only.csv", ":1: there is a header but no attendees");
	read_fails("broken-empty.csv", ": the file is empty");
	read_fails("broken-no-name.csv",
	           ":1: no name or e-mail column among: order, amount; name one with --map "
	           "COLUMN=first_name (or last_name, name, email)");
	read_fails("no-such-file.csv", ": No such file or directory");
}

static void test_binary_kinds(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) zip = g_bytes_new_static("PK\x03\x04rest", 8);
	g_assert_null(desk_roster_parse("a.xlsx", zip, DESK_ROSTER_AUTO, NULL, &error));
	g_assert_nonnull(strstr(error->message, "a.xlsx: not a text file: it is a zip archive"));
	g_clear_error(&error);
	g_autoptr(GBytes) junk = g_bytes_new_static("a\x01\x02\x03\x04\x05\x06,b\x07\n", 11);
	g_assert_null(desk_roster_parse("j.csv", junk, DESK_ROSTER_AUTO, NULL, &error));
	g_assert_error(error, DESK_ENCODING_ERROR, DESK_ENCODING_ERROR_BINARY);
	g_clear_error(&error);
	/* UTF-16 with a lone surrogate on line 2. */
	static const guint8 utf16[] = {0xff, 0xfe, 'n', 0, '\n', 0, 'A', 0, 0x00, 0xd8, '\n', 0};
	g_autoptr(GBytes) bad16 = g_bytes_new_static(utf16, sizeof utf16);
	g_assert_null(desk_roster_parse("u.txt", bad16, DESK_ROSTER_AUTO, NULL, &error));
	g_assert_nonnull(strstr(error->message, "u.txt:2: broken UTF-16LE text"));
}

static void test_utf8_with_a_stray_byte(void)
{
	/* "\xe9e" would decode as CP932 (a kanji); the UTF-8 before it says otherwise. */
	static const char text[] = "name\nJürgen Müller\nRen\xe9"
	                           "e Dupont\n";
	g_autoptr(GBytes) bytes = g_bytes_new_static(text, sizeof text - 1);
	g_autoptr(GError) error = NULL;

	g_assert_null(desk_roster_parse("s.csv", bytes, DESK_ROSTER_AUTO, NULL, &error));
	g_assert_error(error, DESK_ENCODING_ERROR, DESK_ENCODING_ERROR_INVALID);
	g_assert_nonnull(strstr(error->message, "s.csv:3: byte 0xE9 is not valid UTF-8"));
}

static void test_utf16_without_bom(void)
{
	const char *text = "name\tcompany\r\nNguyễn Văn An\tCloud Việt\r\n";
	const char *names[] = {"UTF-16LE", "UTF-16BE"};

	for (int i = 0; i < 2; i++) {
		g_autoptr(GError) error = NULL;
		gsize len = 0;
		g_autofree char *data = g_convert(text, -1, names[i], "UTF-8", NULL, &len, NULL);
		g_autoptr(GBytes) bytes = g_bytes_new(data, len);
		g_autoptr(desk_roster_t) r =
		    desk_roster_parse("x.txt", bytes, DESK_ROSTER_AUTO, NULL, &error);
		g_assert_no_error(error);
		g_assert_cmpstr(r->encoding, ==, names[i]);
		g_assert_cmpstr(person(r, 0, 2)->last_name, ==, "An");
		g_assert_cmpstr(person(r, 0, 2)->company, ==, "Cloud Việt");
	}
}

static void test_too_big(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *dir = g_dir_make_tmp("roster-XXXXXX", &error);
	g_autofree char *path = g_build_filename(dir, "huge.csv", NULL);
	FILE *f = fopen(path, "w");

	g_assert_nonnull(f);
	fputs("first_name\nAna\n", f);
	/* A sparse 51 MB file: refused from its size, never read. */
	g_assert_cmpint(fseek(f, 51L * 1024 * 1024, SEEK_SET), ==, 0);
	fputs("Bo\n", f);
	fclose(f);
	g_autoptr(desk_roster_t) r = desk_roster_read(path, DESK_ROSTER_AUTO, NULL, &error);
	g_assert_null(r);
	g_autofree char *want =
	    g_strdup_printf("%s: the file is 51.0 MB; rosters are limited to 50 MB", path);
	g_assert_cmpstr(error->message, ==, want);
	g_unlink(path);
	g_rmdir(dir);
}

static void test_fuzz(void)
{
	/* Random mutations of a real sample never crash and either parse or fail cleanly. */
	g_autofree char *path = sample("connpass-cp932.csv");
	g_autofree char *data = NULL;
	gsize len = 0;
	GRand *rand = g_rand_new_with_seed(42);

	g_assert_true(g_file_get_contents(path, &data, &len, NULL));
	for (int round = 0; round < 300; round++) {
		g_autofree char *copy = g_memdup2(data, len);
		for (int i = 0; i < 4; i++)
			copy[g_rand_int_range(rand, 0, (gint32)len)] =
			    (char)g_rand_int_range(rand, 0, 256);
		g_autoptr(GBytes) bytes = g_bytes_new(copy, g_rand_int_range(rand, 1, (gint32)len));
		g_autoptr(GError) error = NULL;
		g_autoptr(desk_roster_t) r =
		    desk_roster_parse("f.csv", bytes, DESK_ROSTER_AUTO, NULL, &error);
		g_assert_true((r == NULL) != (error == NULL));
	}
	g_rand_free(rand);
}

/* Found by fuzzing: a '?' before the last '/' of qr_code_url made a negative length. */
static void test_luma_query_slash(void)
{
	g_autoptr(desk_roster_t) r = read_ok("luma-query-slash.csv", DESK_ROSTER_LUMA, "UTF-8", 2);
	const desk_attendee_t *ada = person(r, 0, 2), *grace = person(r, 1, 3);

	g_assert_cmpstr(custom(ada, "qr_code"), ==, "check-in");
	g_assert_cmpstr(custom(grace, "qr_code"), ==, "g-Grace");
}

/* UBSan: memchr(NULL, 0, 0) on an empty input. */
static void test_encoding_empty(void)
{
	g_autoptr(GError) error = NULL;
	const char *enc = NULL;
	gsize len = 99;
	g_autofree char *text = desk_encoding_decode("empty.csv", NULL, 0, &enc, &len, &error);

	g_assert_true((text == NULL) != (error == NULL));
	if (text)
		g_assert_cmpuint(len, ==, 0);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/roster/eventbrite-us", test_eventbrite_us);
	g_test_add_func("/roster/eventbrite-uk", test_eventbrite_uk);
	g_test_add_func("/roster/luma", test_luma);
	g_test_add_func("/roster/meetup", test_meetup);
	g_test_add_func("/roster/connpass", test_connpass);
	g_test_add_func("/roster/plain", test_plain);
	g_test_add_func("/roster/semicolon-and-utf16", test_semicolon_and_utf16);
	g_test_add_func("/roster/map", test_map);
	g_test_add_func("/roster/reading", test_reading);
	g_test_add_func("/roster/forced-format", test_forced_format);
	g_test_add_func("/roster/rows-without-names", test_rows_without_names);
	g_test_add_func("/roster/broken", test_broken);
	g_test_add_func("/roster/binary-kinds", test_binary_kinds);
	g_test_add_func("/roster/utf8-with-a-stray-byte", test_utf8_with_a_stray_byte);
	g_test_add_func("/roster/utf16-without-bom", test_utf16_without_bom);
	g_test_add_func("/roster/too-big", test_too_big);
	g_test_add_func("/roster/fuzz", test_fuzz);
	g_test_add_func("/roster/luma-query-slash", test_luma_query_slash);
	g_test_add_func("/roster/encoding-empty", test_encoding_empty);
	return g_test_run();
}

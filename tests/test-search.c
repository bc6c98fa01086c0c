/* test-search.c: the door search: accents, case, width, CJK, Korean, ranking, caps, exact codes. */
#include <string.h>

#include "store-fixture.h"
#include "store.h"

static gint64 add(store_fixture_t *f, const char *first, const char *last, const char *email,
                  const char *code)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_attendee_t) a = store_fixture_person(first, last, NULL, email);
	a->ticket_code = g_strdup(code);
	gint64 id = desk_store_attendee_add(f->store, f->event_id, a, &error);
	g_assert_no_error(error);
	return id;
}

static GPtrArray *search(store_fixture_t *f, const char *text, guint limit)
{
	g_autoptr(GError) error = NULL;
	GPtrArray *found = desk_store_search(f->store, f->event_id, text, limit, &error);
	g_assert_no_error(error);
	g_assert_nonnull(found);
	return found;
}

static bool finds(store_fixture_t *f, const char *text, gint64 id)
{
	g_autoptr(GPtrArray) found = search(f, text, 0);
	for (guint i = 0; i < found->len; i++)
		if (((desk_attendee_t *)found->pdata[i])->id == id)
			return true;
	return false;
}

static void test_normalize(void)
{
	const char *cases[][2] = {
	    {"José", "jose"},
	    {"  ANNE  Marie ", "anne marie"},
	    {"Straße", "strasse"},
	    {"ｶﾞｸ", "がく"}, /* katakana folds to hiragana */
	    {"ＡＢＣ１", "abc1"},
	    {"Ærøskøbing", "aeroskobing"},
	    {"Þórsson Łukasz Đorđe Guðrún", "thorsson lukasz dorde gudrun"},
	    {"髙橋 﨑 邊 邉 齋 齊 濵", "高橋 崎 辺 辺 斎 斎 浜"},
	    {"Nguyễn", "nguyen"},
	    {"김민준", "김민준"},
	    {"", ""},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *key = desk_store_normalize(cases[i][0]);
		g_assert_cmpstr(key, ==, cases[i][1]);
	}
	g_autofree char *null_key = desk_store_normalize(NULL);
	g_assert_cmpstr(null_key, ==, "");
	g_autofree char *bad = desk_store_normalize("ab\xff\xfe");
	g_assert_true(g_utf8_validate(bad, -1, NULL));
}

static void test_accents_case_width(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	gint64 jose = add(f, "José", "García", NULL, NULL);
	gint64 kana = add(f, "タロウ", "ヤマダ", NULL, NULL);
	gint64 strasse = add(f, "Hans", "Großmann", NULL, NULL);
	gint64 nguyen = add(f, "Thị", "Nguyễn", NULL, NULL);
	add(f, "Someone", "Else", NULL, NULL);
	g_assert_true(finds(f, "jose", jose));
	g_assert_true(finds(f, "JOSÉ", jose));
	g_assert_true(finds(f, "garcia", jose));
	g_assert_true(finds(f, "arcí", jose));
	g_assert_true(finds(f, "jose garc", jose));
	g_assert_true(finds(f, "garcia jose", jose));
	g_assert_true(finds(f, "ﾀﾛｳ", kana));  /* half-width katakana */
	g_assert_true(finds(f, "ﾔﾏﾀﾞ", kana)); /* with a half-width voicing mark */
	g_assert_true(finds(f, "マダ", kana));
	g_assert_false(finds(f, "ヤマタ", kana)); /* voicing marks still count */
	g_assert_true(finds(f, "grossmann", strasse));
	g_assert_true(finds(f, "nguyen", nguyen));
	g_assert_true(finds(f, "ＪＯＳＥ", jose)); /* full-width Latin */
	g_assert_false(finds(f, "xyz", jose));
}

static void test_cjk_korean(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	gint64 yamada = add(f, "太郎", "山田", NULL, NULL);
	gint64 zhang = add(f, "伟", "张", NULL, NULL);
	gint64 kim = add(f, "민준", "김", NULL, NULL);
	gint64 long_name = add(f, "Ayşe Gül", "Yılmaz-Öztürk", NULL, NULL);
	g_assert_true(finds(f, "山田", yamada));
	g_assert_true(finds(f, "田", yamada)); /* 1 character, mid-name */
	g_assert_true(finds(f, "郎", yamada));
	g_assert_true(finds(f, "太郎 山", yamada));
	g_assert_true(finds(f, "山田太郎", yamada)); /* family name first, no space */
	g_assert_true(finds(f, "山田 太郎", yamada));
	g_assert_true(finds(f, "张", zhang));
	g_assert_true(finds(f, "민준", kim));
	g_assert_true(finds(f, "준", kim));
	g_assert_true(finds(f, "김 민", kim) || finds(f, "민준 김", kim));
	g_assert_true(finds(f, "ozturk", long_name));
	g_assert_true(finds(f, "gul", long_name));
	g_assert_false(finds(f, "山本", yamada));
}

/* The queries of issue 14: how people type their names on a Latin keyboard. */
static void test_typed_latin(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	gint64 soren = add(f, "Søren", "Ødegård", NULL, NULL);
	gint64 gudrun = add(f, "Guðrún", "Þórsson", NULL, NULL);
	gint64 gudm = add(f, "Guðmundur", "Jónsson", NULL, NULL);
	gint64 lukasz = add(f, "Łukasz", "Wiśniewski", NULL, NULL);
	gint64 aegir = add(f, "Ægir", "Hansen", NULL, NULL);
	gint64 dorde = add(f, "Đorđe", "Đurić", NULL, NULL);
	gint64 mueller = add(f, "Jürgen", "Müller", NULL, NULL);
	gint64 ayse = add(f, "Ayşe", "Yılmaz", NULL, NULL);
	const struct {
		const char *query;
		gint64 id;
	} cases[] = {
	    {"soren", soren},      {"odeg", soren},        {"soeren", soren},
	    {"gudrun", gudrun},    {"thorsson", gudrun},   {"gudm", gudm},
	    {"lukasz", lukasz},    {"wisniewski", lukasz}, {"aegir", aegir},
	    {"dorde", dorde},      {"djuric", 0},          {"duric", dorde},
	    {"muller", mueller},   {"mueller", mueller},   {"juergen", mueller},
	    {"ayse yilmaz", ayse},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		if (cases[i].id)
			g_assert_true(finds(f, cases[i].query, cases[i].id));
	}
}

static void test_other_scripts(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	gint64 yamada = add(f, "太郎", "山田", NULL, NULL);
	gint64 wang = add(f, "伟", "王", NULL, NULL);
	gint64 kim = add(f, "민준", "김", NULL, NULL);
	gint64 lee = add(f, "이서연", NULL, NULL, NULL); /* one word: 이 is the family name */
	gint64 takahashi = add(f, "一郎", "髙橋", NULL, NULL);
	gint64 dmitry = add(f, "Дмитрий", "Шостакович", NULL, NULL);
	gint64 giorgos = add(f, "Γιώργος", "Παπαδόπουλος", NULL, NULL);
	gint64 zhang = add(f, "张伟", NULL, NULL, NULL);
	const struct {
		const char *query;
		gint64 id;
	} cases[] = {
	    {"yamada", yamada},
	    {"taro", yamada},
	    {"tarou", yamada},
	    {"tarō", yamada},
	    {"yamada taro", yamada},
	    {"taro yamada", yamada},
	    {"やまだ", yamada},
	    {"ヤマダ", yamada},
	    {"yama", yamada},
	    {"王", wang},
	    {"wang", wang},
	    {"wang wei", wang},
	    {"김", kim},
	    {"kim", kim},
	    {"minjun", kim},
	    {"kim minjun", kim},
	    {"lee", lee},
	    {"yi seoyeon", lee},
	    {"高橋", takahashi},
	    {"髙橋", takahashi},
	    {"takahashi", takahashi},
	    {"ichiro", takahashi},
	    {"dmitry", dmitry},
	    {"dmitriy", dmitry},
	    {"dmitrij", dmitry},
	    {"shostakovich", dmitry},
	    {"shost", dmitry},
	    {"giorgos", giorgos},
	    {"papad", giorgos},
	    {"zhang", zhang},
	    {"zhang wei", zhang},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		if (!finds(f, cases[i].query, cases[i].id))
			g_error("\"%s\" does not find attendee %" G_GINT64_FORMAT, cases[i].query,
			        cases[i].id);
	}
	g_assert_false(finds(f, "yamamoto", yamada));
	g_assert_false(finds(f, "park", kim));
}

/* The roster's own reading (フリガナ) wins over MeCab's guess. */
static void test_reading(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_attendee_t) a = store_fixture_person("陽菜", "東海林", NULL, NULL);
	a->custom = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_hash_table_insert(a->custom, g_strdup("reading"), g_strdup("ショウジ ヒナ"));
	gint64 id = desk_store_attendee_add(f->store, f->event_id, a, &error);
	g_assert_no_error(error);
	g_assert_true(finds(f, "shoji", id));
	g_assert_true(finds(f, "shouji", id));
	g_assert_true(finds(f, "hina", id));
	g_assert_true(finds(f, "しょうじ", id));
	g_assert_true(finds(f, "shoji hina", id));
}

/* An exact name or reading ranks above names that merely start with it. */
static void test_exact_above_prefix(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	add(f, "Kimberly", "Kimball", NULL, NULL);
	gint64 kim = add(f, "민준", "김", NULL, NULL);
	add(f, "Taroko", "Tarot", NULL, NULL);
	gint64 taro = add(f, "太郎", "山田", NULL, NULL);
	g_autoptr(GPtrArray) k = search(f, "kim", 0);
	g_assert_cmpuint(k->len, ==, 2);
	g_assert_cmpint(((desk_attendee_t *)k->pdata[0])->id, ==, kim);
	g_autoptr(GPtrArray) t = search(f, "taro", 0);
	g_assert_cmpuint(t->len, ==, 2);
	g_assert_cmpint(((desk_attendee_t *)t->pdata[0])->id, ==, taro);
}

/* Walk-ins: exactly the same name, in any order or romanized form. */
static void test_find_name(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	gint64 yamada = add(f, "太郎", "山田", NULL, NULL);
	gint64 ada = add(f, "Ada", "Lovelace", NULL, NULL);
	add(f, "Ada", "Byron", NULL, NULL);
	const struct {
		const char *name;
		gint64 id;
	} cases[] = {{"Taro Yamada", yamada}, {"yamada taro", yamada}, {"山田 太郎", yamada},
	             {"ADA LOVELACE", ada},   {"Lovelace Ada", ada},   {"Ada Lovelace ", ada}};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GPtrArray) found =
		    desk_store_find_name(f->store, f->event_id, cases[i].name, 5, &error);
		g_assert_no_error(error);
		g_assert_cmpuint(found->len, ==, 1);
		g_assert_cmpint(((desk_attendee_t *)found->pdata[0])->id, ==, cases[i].id);
	}
	g_autoptr(GPtrArray) two = desk_store_find_name(f->store, f->event_id, "ada", 5, &error);
	g_assert_cmpuint(two->len, ==, 2);
	g_autoptr(GPtrArray) part =
	    desk_store_find_name(f->store, f->event_id, "ada lov", 5, &error);
	g_assert_cmpuint(part->len, ==, 0); /* exact only: no prefixes */
	g_autoptr(GPtrArray) none = desk_store_find_name(f->store, f->event_id, "", 5, &error);
	g_assert_cmpuint(none->len, ==, 0);
}

static void test_ranking(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	gint64 mid = add(f, "Ann", "Johanson", NULL, NULL);    /* "han" inside the last name */
	gint64 last = add(f, "Zoe", "Hansen", NULL, NULL);     /* last name starts with it */
	gint64 first = add(f, "Hannah", "Zimmer", NULL, NULL); /* first name starts with it */
	g_autoptr(GPtrArray) found = search(f, "han", 0);
	g_assert_cmpuint(found->len, ==, 3);
	g_assert_cmpint(((desk_attendee_t *)found->pdata[0])->id, ==, first);
	g_assert_cmpint(((desk_attendee_t *)found->pdata[1])->id, ==, last);
	g_assert_cmpint(((desk_attendee_t *)found->pdata[2])->id, ==, mid);
	g_autoptr(GPtrArray) two = search(f, "ha", 0); /* the short path ranks alike */
	g_assert_cmpuint(two->len, ==, 3);
	g_assert_cmpint(((desk_attendee_t *)two->pdata[0])->id, ==, first);
	g_assert_cmpint(((desk_attendee_t *)two->pdata[1])->id, ==, last);
}

static void test_caps(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	for (int i = 0; i < 300; i++) {
		g_autofree char *first = g_strdup_printf("Person%03d", i);
		add(f, first, "Aaltonen", NULL, NULL);
	}
	g_autoptr(GPtrArray) empty = search(f, "", 0);
	g_assert_cmpuint(empty->len, ==, 0);
	g_autoptr(GPtrArray) blank = search(f, "   ", 1000);
	g_assert_cmpuint(blank->len, ==, 0);
	g_autoptr(GPtrArray) one = search(f, "a", 0);
	g_assert_cmpuint(one->len, ==, DESK_STORE_SEARCH_DEFAULT);
	g_autoptr(GPtrArray) big = search(f, "a", 100000);
	g_assert_cmpuint(big->len, ==, DESK_STORE_SEARCH_MAX);
	g_autoptr(GPtrArray) five = search(f, "person", 5);
	g_assert_cmpuint(five->len, ==, 5);
	g_assert_cmpstr(((desk_attendee_t *)five->pdata[0])->first_name, ==, "Person000");
	g_autoptr(GPtrArray) odd = search(f, "\"*%_'", 5); /* FTS/LIKE syntax is plain text */
	g_assert_cmpuint(odd->len, ==, 0);
	/* Other events are never searched. */
	gint64 other = desk_store_event_ensure(f->store, "other", "Other", NULL, &error);
	g_autoptr(GPtrArray) none = desk_store_search(f->store, other, "person", 5, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(none->len, ==, 0);
}

static void test_exact(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	gint64 ada = add(f, "Ada", "Lovelace", "Ada@Example.org", "Q-1234");
	add(f, "Alan", "Turing", "alan@example.org", "Q-9999");
	g_autoptr(GPtrArray) mail = search(f, "ada@example.ORG", 0);
	g_assert_cmpuint(mail->len, ==, 1);
	g_assert_cmpint(((desk_attendee_t *)mail->pdata[0])->id, ==, ada);
	g_autoptr(GPtrArray) code = search(f, "Q-1234", 0);
	g_assert_cmpuint(code->len, ==, 1);
	g_assert_cmpint(((desk_attendee_t *)code->pdata[0])->id, ==, ada);
	/* Partial emails and codes are not names: they find nobody. */
	g_autoptr(GPtrArray) part = search(f, "example.org", 0);
	g_assert_cmpuint(part->len, ==, 0);
	g_autoptr(GPtrArray) part_code = search(f, "Q-12", 0);
	g_assert_cmpuint(part_code->len, ==, 0);
}

static void test_list(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	add(f, "Ada", "Lovelace", "ada@example.org", NULL);
	add(f, "Alan", "Turing", "alan@bletchley.uk", NULL);
	add(f, "Grace", "Hopper", NULL, NULL);
	guint total = 0;
	g_autoptr(GPtrArray) all =
	    desk_store_attendee_list(f->store, f->event_id, NULL, 0, 2, &total, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(total, ==, 3);
	g_assert_cmpuint(all->len, ==, 2);
	g_assert_cmpstr(((desk_attendee_t *)all->pdata[0])->last_name, ==, "Hopper");
	g_autoptr(GPtrArray) page2 =
	    desk_store_attendee_list(f->store, f->event_id, "", 2, 2, &total, &error);
	g_assert_cmpuint(page2->len, ==, 1);
	g_autoptr(GPtrArray) uk =
	    desk_store_attendee_list(f->store, f->event_id, "BLETCHLEY", 0, 0, &total, &error);
	g_assert_cmpuint(total, ==, 1);
	g_assert_cmpstr(((desk_attendee_t *)uk->pdata[0])->first_name, ==, "Alan");
}

#define ADD(path, fn)                                                                              \
	g_test_add(path, store_fixture_t, NULL, store_fixture_setup, fn, store_fixture_teardown)

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/search/normalize", test_normalize);
	ADD("/search/accents-case-width", test_accents_case_width);
	ADD("/search/cjk-korean", test_cjk_korean);
	ADD("/search/ranking", test_ranking);
	ADD("/search/typed-latin", test_typed_latin);
	ADD("/search/other-scripts", test_other_scripts);
	ADD("/search/reading", test_reading);
	ADD("/search/exact-above-prefix", test_exact_above_prefix);
	ADD("/search/find-name", test_find_name);
	ADD("/search/caps", test_caps);
	ADD("/search/exact", test_exact);
	ADD("/search/list", test_list);
	return g_test_run();
}

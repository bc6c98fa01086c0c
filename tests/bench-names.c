/* bench-names.c: do attendees find their own name as they would type it on a Latin keyboard?
 * A generated roster of 550 names in 11 scripts and cultures, each with the queries its owner
 * would type (family name, given name, their first 3-5 letters, romanized as people spell
 * them, not as our transliterators do); the share found in the top 5, per script; then the
 * search p99 with the same queries at 100,000 attendees. Figures only, never asserts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "roster.h"
#include "store-fixture.h"
#include "store.h"

/* {as written, as its owner types it}; a NULL-terminated list. */
typedef const char *const name_pair_t[2];

typedef struct {
	const char *script;
	const name_pair_t *families, *givens;
	bool one_column; /* the roster has one "name" column, family name first */
	bool one_word;   /* ... written without a space (김민준) */
} culture_t;

static const name_pair_t ja_family[] = {
    {"山田", "yamada"},    {"佐藤", "sato"},      {"鈴木", "suzuki"},     {"高橋", "takahashi"},
    {"田中", "tanaka"},    {"伊藤", "ito"},       {"渡辺", "watanabe"},   {"中村", "nakamura"},
    {"小林", "kobayashi"}, {"加藤", "kato"},      {"吉田", "yoshida"},    {"山本", "yamamoto"},
    {"斎藤", "saito"},     {"松本", "matsumoto"}, {"井上", "inoue"},      {"木村", "kimura"},
    {"林", "hayashi"},     {"清水", "shimizu"},   {"山口", "yamaguchi"},  {"森", "mori"},
    {"髙橋", "takahashi"}, {"渡邊", "watanabe"},  {"長谷川", "hasegawa"}, {"石川", "ishikawa"},
    {NULL, NULL}};
static const name_pair_t ja_given[] = {
    {"太郎", "taro"},   {"花子", "hanako"},   {"翔太", "shota"},   {"健", "ken"},
    {"一郎", "ichiro"}, {"美咲", "misaki"},   {"大輔", "daisuke"}, {"直樹", "naoki"},
    {"由美", "yumi"},   {"拓也", "takuya"},   {"陽子", "yoko"},    {"誠", "makoto"},
    {"恵", "megumi"},   {"裕子", "yuko"},     {"浩", "hiroshi"},   {"聡", "satoshi"},
    {"健太", "kenta"},  {"さくら", "sakura"}, {"愛", "ai"},        {"真由美", "mayumi"},
    {NULL, NULL}};
static const name_pair_t ko_family[] = {
    {"김", "kim"},  {"이", "lee"},  {"박", "park"}, {"최", "choi"},  {"정", "jung"}, {"강", "kang"},
    {"조", "cho"},  {"윤", "yoon"}, {"장", "jang"}, {"임", "lim"},   {"한", "han"},  {"오", "oh"},
    {"서", "seo"},  {"신", "shin"}, {"권", "kwon"}, {"황", "hwang"}, {"안", "ahn"},  {"송", "song"},
    {"홍", "hong"}, {"유", "yoo"},  {NULL, NULL}};
static const name_pair_t ko_given[] = {
    {"민준", "minjun"}, {"서연", "seoyeon"}, {"지훈", "jihoon"},   {"지우", "jiwoo"},
    {"하은", "haeun"},  {"도윤", "doyoon"},  {"수빈", "subin"},    {"예준", "yejun"},
    {"지민", "jimin"},  {"현우", "hyunwoo"}, {"서준", "seojun"},   {"민서", "minseo"},
    {"은지", "eunji"},  {"성민", "sungmin"}, {"영희", "younghee"}, {"철수", "chulsoo"},
    {NULL, NULL}};
static const name_pair_t zh_family[] = {
    {"王", "wang"}, {"李", "li"},    {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"},
    {"杨", "yang"}, {"黄", "huang"}, {"赵", "zhao"},  {"吴", "wu"},  {"周", "zhou"},
    {"徐", "xu"},   {"孙", "sun"},   {"马", "ma"},    {"朱", "zhu"}, {"胡", "hu"},
    {"郭", "guo"},  {"何", "he"},    {"林", "lin"},   {"罗", "luo"}, {"高", "gao"},
    {NULL, NULL}};
static const name_pair_t zh_given[] = {
    {"伟", "wei"},       {"芳", "fang"}, {"娜", "na"},       {"敏", "min"}, {"静", "jing"},
    {"秀英", "xiuying"}, {"丽", "li"},   {"强", "qiang"},    {"磊", "lei"}, {"军", "jun"},
    {"洋", "yang"},      {"勇", "yong"}, {"艳", "yan"},      {"杰", "jie"}, {"涛", "tao"},
    {"明", "ming"},      {"超", "chao"}, {"秀兰", "xiulan"}, {"霞", "xia"}, {"平", "ping"},
    {NULL, NULL}};
static const name_pair_t ru_family[] = {{"Иванов", "ivanov"},        {"Смирнов", "smirnov"},
                                        {"Кузнецов", "kuznetsov"},   {"Попов", "popov"},
                                        {"Васильев", "vasiliev"},    {"Петров", "petrov"},
                                        {"Соколов", "sokolov"},      {"Михайлов", "mikhailov"},
                                        {"Новиков", "novikov"},      {"Фёдоров", "fedorov"},
                                        {"Морозов", "morozov"},      {"Волков", "volkov"},
                                        {"Жуков", "zhukov"},         {"Шостакович", "shostakovich"},
                                        {"Щербаков", "shcherbakov"}, {NULL, NULL}};
static const name_pair_t ru_given[] = {
    {"Дмитрий", "dmitry"}, {"Александр", "alexander"}, {"Сергей", "sergey"},
    {"Андрей", "andrey"},  {"Алексей", "alexey"},      {"Михаил", "mikhail"},
    {"Юрий", "yuri"},      {"Евгений", "evgeny"},      {"Наталья", "natalia"},
    {"Ольга", "olga"},     {"Татьяна", "tatiana"},     {"Екатерина", "ekaterina"},
    {"Юлия", "yulia"},     {"Мария", "maria"},         {"Анна", "anna"},
    {NULL, NULL}};
static const name_pair_t el_family[] = {
    {"Παπαδόπουλος", "papadopoulos"}, {"Παπαδάκης", "papadakis"}, {"Γεωργίου", "georgiou"},
    {"Νικολάου", "nikolaou"},         {"Οικονόμου", "oikonomou"}, {"Καραγιάννης", "karagiannis"},
    {"Βασιλείου", "vasileiou"},       {"Δημητρίου", "dimitriou"}, {"Ιωάννου", "ioannou"},
    {"Αθανασίου", "athanasiou"},      {"Χατζής", "chatzis"},      {NULL, NULL}};
static const name_pair_t el_given[] = {{"Γιώργος", "giorgos"},
                                       {"Νίκος", "nikos"},
                                       {"Κώστας", "kostas"},
                                       {"Δημήτρης", "dimitris"},
                                       {"Γιάννης", "giannis"},
                                       {"Μαρία", "maria"},
                                       {"Ελένη", "eleni"},
                                       {"Αικατερίνη", "aikaterini"},
                                       {"Σοφία", "sofia"},
                                       {"Χρήστος", "christos"},
                                       {"Παναγιώτης", "panagiotis"},
                                       {"Αναστασία", "anastasia"},
                                       {NULL, NULL}};
static const name_pair_t vi_family[] = {
    {"Nguyễn", "nguyen"}, {"Trần", "tran"},   {"Lê", "le"},       {"Phạm", "pham"},
    {"Hoàng", "hoang"},   {"Huỳnh", "huynh"}, {"Phan", "phan"},   {"Vũ", "vu"},
    {"Võ", "vo"},         {"Đặng", "dang"},   {"Bùi", "bui"},     {"Đỗ", "do"},
    {"Hồ", "ho"},         {"Ngô", "ngo"},     {"Dương", "duong"}, {NULL, NULL}};
/* Vietnamese given names: the owner types the last word, the name they are called by. */
static const name_pair_t vi_given[] = {{"Thị Minh Khai", "khai"},
                                       {"Văn Lâm", "lam"},
                                       {"Minh Anh", "anh"},
                                       {"Thị Hương", "huong"},
                                       {"Văn Hùng", "hung"},
                                       {"Quốc Bảo", "bao"},
                                       {"Thị Lan", "lan"},
                                       {"Đức Anh", "anh"},
                                       {"Thanh Tùng", "tung"},
                                       {"Ngọc Hân", "han"},
                                       {"Hoàng Long", "long"},
                                       {"Thị Mai", "mai"},
                                       {NULL, NULL}};
static const name_pair_t nordic_family[] = {{"Ødegård", "odegard"},
                                            {"Søndergaard", "sondergaard"},
                                            {"Þórsson", "thorsson"},
                                            {"Guðmundsdóttir", "gudmundsdottir"},
                                            {"Åberg", "aberg"},
                                            {"Bjørnstad", "bjornstad"},
                                            {"Kjærgaard", "kjaergaard"},
                                            {"Halvorsen", "halvorsen"},
                                            {"Lindqvist", "lindqvist"},
                                            {"Sigurðsson", "sigurdsson"},
                                            {"Jóhannsdóttir", "johannsdottir"},
                                            {"Ærenlund", "aerenlund"},
                                            {NULL, NULL}};
static const name_pair_t nordic_given[] = {{"Søren", "soren"},
                                           {"Guðrún", "gudrun"},
                                           {"Ægir", "aegir"},
                                           {"Bjørn", "bjorn"},
                                           {"Åsa", "asa"},
                                           {"Øystein", "oystein"},
                                           {"Sigríður", "sigridur"},
                                           {"Þór", "thor"},
                                           {"Halldór", "halldor"},
                                           {"Ingrid", "ingrid"},
                                           {"Kjell", "kjell"},
                                           {"Märta", "marta"},
                                           {NULL, NULL}};
static const name_pair_t pl_family[] = {{"Wiśniewski", "wisniewski"},
                                        {"Wójcik", "wojcik"},
                                        {"Kowalczyk", "kowalczyk"},
                                        {"Kamiński", "kaminski"},
                                        {"Lewandowski", "lewandowski"},
                                        {"Zieliński", "zielinski"},
                                        {"Szymański", "szymanski"},
                                        {"Woźniak", "wozniak"},
                                        {"Dąbrowski", "dabrowski"},
                                        {"Kozłowski", "kozlowski"},
                                        {"Jankowski", "jankowski"},
                                        {"Łuczak", "luczak"},
                                        {NULL, NULL}};
static const name_pair_t pl_given[] = {{"Łukasz", "lukasz"},
                                       {"Małgorzata", "malgorzata"},
                                       {"Paweł", "pawel"},
                                       {"Michał", "michal"},
                                       {"Katarzyna", "katarzyna"},
                                       {"Agnieszka", "agnieszka"},
                                       {"Krzysztof", "krzysztof"},
                                       {"Wojciech", "wojciech"},
                                       {"Józef", "jozef"},
                                       {"Zofia", "zofia"},
                                       {"Grzegorz", "grzegorz"},
                                       {"Bartłomiej", "bartlomiej"},
                                       {NULL, NULL}};
/* Germans without umlaut keys type ue/oe/ae and ss. */
static const name_pair_t de_family[] = {{"Müller", "mueller"},
                                        {"Schröder", "schroeder"},
                                        {"Großmann", "grossmann"},
                                        {"Weiß", "weiss"},
                                        {"Schäfer", "schaefer"},
                                        {"Köhler", "koehler"},
                                        {"Günther", "guenther"},
                                        {"Krüger", "krueger"},
                                        {"Hoffmann", "hoffmann"},
                                        {"Schmidt", "schmidt"},
                                        {"Bäcker", "baecker"},
                                        {"Jäger", "jaeger"},
                                        {NULL, NULL}};
static const name_pair_t de_given[] = {
    {"Jürgen", "juergen"}, {"Günter", "guenter"}, {"Jörg", "joerg"}, {"Käthe", "kaethe"},
    {"Bärbel", "baerbel"}, {"Lukas", "lukas"},    {"Hans", "hans"},  {"Anna", "anna"},
    {"Sören", "soeren"},   {"Dieter", "dieter"},  {"Uwe", "uwe"},    {"Björn", "bjoern"},
    {NULL, NULL}};
static const name_pair_t tr_family[] = {
    {"Yılmaz", "yilmaz"}, {"Öztürk", "ozturk"},   {"Kaya", "kaya"},     {"Demir", "demir"},
    {"Şahin", "sahin"},   {"Çelik", "celik"},     {"Yıldız", "yildiz"}, {"Yıldırım", "yildirim"},
    {"Aydın", "aydin"},   {"Özdemir", "ozdemir"}, {"Doğan", "dogan"},   {"Kılıç", "kilic"},
    {NULL, NULL}};
static const name_pair_t tr_given[] = {
    {"Ayşe", "ayse"},     {"Çağrı", "cagri"}, {"Mehmet", "mehmet"},   {"Mustafa", "mustafa"},
    {"Fatma", "fatma"},   {"Emine", "emine"}, {"Hüseyin", "huseyin"}, {"Şükrü", "sukru"},
    {"Gülşen", "gulsen"}, {"Özlem", "ozlem"}, {"İbrahim", "ibrahim"}, {"Oğuz", "oguz"},
    {NULL, NULL}};
static const name_pair_t es_family[] = {{"García", "garcia"},
                                        {"Rodríguez", "rodriguez"},
                                        {"González", "gonzalez"},
                                        {"Hernández", "hernandez"},
                                        {"López", "lopez"},
                                        {"Martínez", "martinez"},
                                        {"Pérez", "perez"},
                                        {"Sánchez", "sanchez"},
                                        {"Ramírez", "ramirez"},
                                        {"Muñoz", "munoz"},
                                        {"Gómez", "gomez"},
                                        {"Peña", "pena"},
                                        {NULL, NULL}};
static const name_pair_t es_given[] = {
    {"José", "jose"},   {"María", "maria"},         {"Juan Pablo", "juan pablo"},
    {"Sofía", "sofia"}, {"Valentina", "valentina"}, {"Thiago", "thiago"},
    {"Mateo", "mateo"}, {"Martín", "martin"},       {"Camila", "camila"},
    {"Lucía", "lucia"}, {"Joaquín", "joaquin"},     {"Ximena", "ximena"},
    {NULL, NULL}};

static const culture_t cultures[] = {
    {"Japanese", ja_family, ja_given, false, false},
    {"Korean", ko_family, ko_given, true, true},
    {"Chinese", zh_family, zh_given, true, true},
    {"Cyrillic", ru_family, ru_given, false, false},
    {"Greek", el_family, el_given, false, false},
    {"Vietnamese", vi_family, vi_given, true, false},
    {"Nordic", nordic_family, nordic_given, false, false},
    {"Polish", pl_family, pl_given, false, false},
    {"German", de_family, de_given, false, false},
    {"Turkish", tr_family, tr_given, false, false},
    {"Latin-American", es_family, es_given, false, false},
};
enum { PER_CULTURE = 50 };

static guint count_pairs(const name_pair_t *pairs)
{
	guint n = 0;
	while (pairs[n][0])
		n++;
	return n;
}

/* Person @i of culture @c: which family and given name (distinct pairs). */
static void person_of(const culture_t *c, guint i, guint *family, guint *given)
{
	guint nf = count_pairs(c->families), ng = count_pairs(c->givens);
	*family = i % nf;
	*given = (i / nf + i * 7) % ng;
}

/* A roster line for person @i of culture @c: first,last,name,email. */
static void roster_line(GString *csv, const culture_t *c, guint ci, guint i, guint serial)
{
	guint fi, gi;
	person_of(c, i, &fi, &gi);
	const char *family = c->families[fi][0], *given = c->givens[gi][0];
	if (c->one_column)
		g_string_append_printf(csv, ",,%s%s%s,", family, c->one_word ? "" : " ", given);
	else
		g_string_append_printf(csv, "%s,%s,,", given, family);
	g_string_append_printf(csv, "p%u.%u.%u@example.org\n", ci, i, serial);
}

static gint64 now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (gint64)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void import_csv(store_fixture_t *f, GString *csv)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) bytes = g_bytes_new(csv->str, csv->len);
	g_autoptr(desk_roster_t) roster =
	    desk_roster_parse("bench.csv", bytes, DESK_ROSTER_CSV, NULL, &error);
	if (!roster)
		g_error("roster: %s", error->message);
	desk_import_report_t report;
	desk_import_report_init(&report);
	if (!desk_store_import(f->store, f->event_id, roster, false, &report, &error))
		g_error("import: %s", error->message);
	desk_import_report_finish(&report);
}

/* The queries the owner of person @i would type, into @out (char *). */
static void queries_of(const culture_t *c, guint i, GPtrArray *out)
{
	guint fi, gi;
	person_of(c, i, &fi, &gi);
	const char *family = c->families[fi][1], *given = c->givens[gi][1];
	g_ptr_array_add(out, g_strdup(family));
	g_ptr_array_add(out, g_strdup(given));
	g_ptr_array_add(out, g_strdup_printf("%s %s", given, family));
	for (guint n = 3; n <= 5; n++) {
		if (strlen(family) > n)
			g_ptr_array_add(out, g_strndup(family, n));
		if (strlen(given) > n)
			g_ptr_array_add(out, g_strndup(given, n));
	}
}

static bool in_top5(store_fixture_t *f, const char *query, gint64 id)
{
	g_autoptr(GPtrArray) found = desk_store_search(f->store, f->event_id, query, 5, NULL);
	for (guint i = 0; found && i < found->len; i++)
		if (((desk_attendee_t *)found->pdata[i])->id == id)
			return true;
	return false;
}

static gint64 id_of(store_fixture_t *f, guint ci, guint i)
{
	g_autofree char *email = g_strdup_printf("p%u.%u.0@example.org", ci, i);
	g_autoptr(desk_attendee_t) a = desk_store_find_code(f->store, f->event_id, email, NULL);
	return a ? a->id : 0;
}

static void bench_found(void)
{
	store_fixture_t f;
	store_fixture_setup(&f, NULL);
	GString *csv = g_string_new("first_name,last_name,name,email\n");
	for (guint c = 0; c < G_N_ELEMENTS(cultures); c++)
		for (guint i = 0; i < PER_CULTURE; i++)
			roster_line(csv, &cultures[c], c, i, 0);
	import_csv(&f, csv);
	g_string_free(csv, TRUE);
	const char *debug = g_getenv("BENCH_QUERY"); /* BENCH_QUERY=popov: what it finds */
	if (debug) {
		g_autoptr(GPtrArray) found = desk_store_search(f.store, f.event_id, debug, 5, NULL);
		for (guint i = 0; found && i < found->len; i++) {
			desk_attendee_t *a = found->pdata[i];
			printf("%s / %s / %s\n", a->first_name, a->last_name, a->email);
		}
		exit(0);
	}
	guint all_q = 0, all_hit = 0;
	printf("found in the top 5, %u names (%u per script), queries as their owners type them:\n",
	       (guint)G_N_ELEMENTS(cultures) * PER_CULTURE, PER_CULTURE);
	for (guint c = 0; c < G_N_ELEMENTS(cultures); c++) {
		guint q = 0, hit = 0;
		g_autoptr(GString) missed = g_string_new(NULL);
		for (guint i = 0; i < PER_CULTURE; i++) {
			gint64 id = id_of(&f, c, i);
			g_autoptr(GPtrArray) qs = g_ptr_array_new_with_free_func(g_free);
			queries_of(&cultures[c], i, qs);
			for (guint k = 0; k < qs->len; k++, q++) {
				if (in_top5(&f, qs->pdata[k], id))
					hit++;
				else if (missed->len < 60)
					g_string_append_printf(missed, " %s", (char *)qs->pdata[k]);
			}
		}
		printf("  %-15s %5.1f%% of %u queries%s%s\n", cultures[c].script, 100.0 * hit / q,
		       q, missed->len ? "; missed e.g.:" : "", missed->str);
		all_q += q;
		all_hit += hit;
	}
	printf("  %-15s %5.1f%% of %u queries\n", "all", 100.0 * all_hit / all_q, all_q);
	store_fixture_teardown(&f, NULL);
}

static int cmp_ns(const void *a, const void *b)
{
	gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
	return x < y ? -1 : x > y;
}

static void bench_latency(guint n)
{
	store_fixture_t f;
	store_fixture_setup(&f, NULL);
	GString *csv = g_string_new("first_name,last_name,name,email\n");
	for (guint k = 0; k < n; k++) {
		guint c = k % G_N_ELEMENTS(cultures);
		roster_line(csv, &cultures[c], c, (k / G_N_ELEMENTS(cultures)) % 500, k);
	}
	gint64 t0 = now_ns();
	import_csv(&f, csv);
	double import_s = (now_ns() - t0) / 1e9;
	g_string_free(csv, TRUE);
	g_autoptr(GPtrArray) qs = g_ptr_array_new_with_free_func(g_free);
	for (guint c = 0; c < G_N_ELEMENTS(cultures); c++)
		for (guint i = 0; i < PER_CULTURE; i++)
			queries_of(&cultures[c], i, qs);
	gint64 *times = g_new(gint64, qs->len);
	guint results = 0;
	for (guint i = 0; i < qs->len; i++) {
		gint64 start = now_ns();
		g_autoptr(GPtrArray) found =
		    desk_store_search(f.store, f.event_id, qs->pdata[i], 5, NULL);
		times[i] = now_ns() - start;
		results += found ? found->len : 0;
	}
	qsort(times, qs->len, sizeof *times, cmp_ns);
	printf("search %u attendees, the same %u queries, top 5: p50 %.3f ms, p99 %.3f ms, "
	       "max %.3f ms (%.1f results avg; import %.1f s)\n",
	       n, qs->len, times[qs->len / 2] / 1e6, times[qs->len * 99 / 100] / 1e6,
	       times[qs->len - 1] / 1e6, (double)results / qs->len, import_s);
	g_free(times);
	store_fixture_teardown(&f, NULL);
}

int main(void)
{
	bench_found();
	bench_latency(100000);
	return 0;
}

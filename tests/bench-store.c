/* bench-store.c: door search p50/p99 at 10,000 and 100,000 attendees, and durable check-ins per
 * second. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "roster.h"
#include "store-fixture.h"
#include "store.h"

static const char *const firsts[] = {
    "José",   "María",      "Zoë",      "Björn",   "Åsa",      "Søren",  "François",   "Chloé",
    "Łukasz", "Małgorzata", "Jürgen",   "Günther", "Ayşe",     "Çağrı",  "Nguyễn Thị", "Đức",
    "Priya",  "Aarav",      "Mohammed", "Fatima",  "Olusegun", "Chidi",  "Siobhán",    "Seán",
    "Olga",   "Дмитрий",    "Анна",     "Γιώργος", "太郎",     "花子",   "翔太",       "さくら",
    "タロウ", "伟",         "芳",       "秀英",    "민준",     "서연",   "지훈",       "John",
    "Emily",  "Michael",    "Sarah",    "David",   "Jessica",  "Daniel", "Laura",      "Kevin",
    "Anne",   "Hannah",     "Lucas",    "Noah",    "Emma",     "Liam",   "Mia",        "Mateo",
    "Sofía",  "Valentina",  "Thiago",
};
static const char *const lasts[] = {
    "García",  "Fernández",    "Müller",    "Schröder", "Großmann", "Andersson", "Østergaard",
    "Lefèvre", "Wiśniewski",   "Kowalczyk", "Yılmaz",   "Öztürk",   "Nguyễn",    "Trần",
    "Sharma",  "Patel",        "Al-Farsi",  "Okafor",   "Adeyemi",  "Ó Briain",  "Ivanova",
    "Смирнов", "Παπαδόπουλος", "山田",      "佐藤",     "鈴木",     "高橋",      "ヤマモト",
    "王",      "李",           "张",        "김",       "이",       "박",        "최",
    "Smith",   "Johnson",      "Williams",  "Brown",    "Jones",    "Miller",    "Davis",
    "Wilson",  "Taylor",       "Anderson",  "Thomas",   "Martin",   "Lee",       "Walker",
    "Hall",    "Young",        "King",      "Wright",   "Hill",
};

static gint64 now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (gint64)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void fill(store_fixture_t *f, guint n, GRand *rand)
{
	desk_roster_t roster = {.path = (char *)"bench", .rows = g_ptr_array_new()};
	for (guint i = 0; i < n; i++) {
		desk_roster_row_t *row = g_new0(desk_roster_row_t, 1);
		desk_attendee_t *a = g_new0(desk_attendee_t, 1);
		a->expected = true;
		a->first_name = g_strdup(firsts[g_rand_int_range(rand, 0, G_N_ELEMENTS(firsts))]);
		a->last_name = g_strdup(lasts[g_rand_int_range(rand, 0, G_N_ELEMENTS(lasts))]);
		a->company = g_strdup_printf("Company %u", g_rand_int_range(rand, 0, 500));
		a->email = g_strdup_printf("p%u@example.org", i);
		a->ticket_code = g_strdup_printf("TK%07u", i);
		row->line = i + 2;
		row->attendee = a;
		g_ptr_array_add(roster.rows, row);
	}
	desk_import_report_t report;
	desk_import_report_init(&report);
	g_autoptr(GError) error = NULL;
	if (!desk_store_import(f->store, f->event_id, &roster, false, &report, &error))
		g_error("import: %s", error->message);
	desk_import_report_finish(&report);
	for (guint i = 0; i < roster.rows->len; i++) {
		desk_roster_row_t *row = roster.rows->pdata[i];
		desk_attendee_free(row->attendee);
		g_free(row);
	}
	g_ptr_array_unref(roster.rows);
}

/* A door query: a name's first 1-6 characters, often without accents, sometimes mid-name. */
static char *query(GRand *rand)
{
	bool last = g_rand_boolean(rand);
	const char *name = last ? lasts[g_rand_int_range(rand, 0, G_N_ELEMENTS(lasts))]
	                        : firsts[g_rand_int_range(rand, 0, G_N_ELEMENTS(firsts))];
	g_autofree char *key = desk_store_normalize(name);
	glong len = g_utf8_strlen(key, -1);
	glong start = g_rand_int_range(rand, 0, 4) == 0 && len > 2 ? 1 : 0;
	glong take = MIN(len - start, g_rand_int_range(rand, 1, 7));
	const char *from = g_utf8_offset_to_pointer(key, start);
	const char *to = g_utf8_offset_to_pointer(from, take);
	return g_strndup(from, to - from);
}

static int cmp_ns(const void *a, const void *b)
{
	gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
	return x < y ? -1 : x > y;
}

static void bench_search(guint n)
{
	store_fixture_t f;
	store_fixture_setup(&f, NULL);
	g_autoptr(GRand) rand = g_rand_new_with_seed(42);
	gint64 t0 = now_ns();
	fill(&f, n, rand);
	double import_s = (now_ns() - t0) / 1e9;
	if (g_getenv("BENCH_KEEP")) {
		printf("%s\n", f.dir);
		exit(0);
	}
	enum { QUERIES = 3000 };
	gint64 *times = g_new(gint64, QUERIES);
	guint short_q = 0, results = 0;
	for (int i = 0; i < QUERIES; i++) {
		g_autofree char *q = query(rand);
		short_q += g_utf8_strlen(q, -1) < 3;
		gint64 start = now_ns();
		g_autoptr(GPtrArray) found = desk_store_search(f.store, f.event_id, q, 20, NULL);
		times[i] = now_ns() - start;
		if (g_getenv("BENCH_SLOW") && times[i] > 20000000)
			fprintf(stderr, "slow: %.1f ms \"%s\"\n", times[i] / 1e6, q);
		results += found ? found->len : 0;
	}
	qsort(times, QUERIES, sizeof *times, cmp_ns);
	printf("search %6u attendees: p50 %.3f ms, p99 %.3f ms, max %.3f ms "
	       "(%d queries, %u of 1-2 chars, %.1f results avg; import %.2f s)\n",
	       n, times[QUERIES / 2] / 1e6, times[QUERIES * 99 / 100] / 1e6,
	       times[QUERIES - 1] / 1e6, QUERIES, short_q, (double)results / QUERIES, import_s);
	g_free(times);
	store_fixture_teardown(&f, NULL);
}

static void bench_checkin(void)
{
	store_fixture_t f;
	store_fixture_setup(&f, NULL);
	g_autoptr(GRand) rand = g_rand_new_with_seed(7);
	fill(&f, 2000, rand);
	gint64 start = now_ns();
	guint done = 0;
	for (gint64 id = 1; id <= 1000; id++) {
		desk_checkin_t c;
		if (desk_store_checkin(f.store, id, "bench", &c, NULL))
			done++;
	}
	double s = (now_ns() - start) / 1e9;
	printf("durable check-ins (synchronous=FULL, fsync per commit): %u in %.2f s = %.0f/s\n",
	       done, s, done / s);
	store_fixture_teardown(&f, NULL);
}

int main(void)
{
	if (g_getenv("BENCH_SLOW")) { /* BENCH_SLOW=N: only N attendees, print slow queries */
		bench_search((guint)atoi(g_getenv("BENCH_SLOW")));
		return 0;
	}
	bench_search(10000);
	bench_search(100000);
	bench_checkin();
	return 0;
}

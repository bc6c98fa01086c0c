/* fuzz-roster.c: libFuzzer harness for roster files (format detection, column mapping, rows). */
#include "fuzz.h"
#include "roster.h"

const char *const desk_fuzz_inputs[] = {"tests/data/fuzz/roster", "tests/data/rosters", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GBytes) bytes = g_bytes_new(data, size);
	g_autoptr(GError) error = NULL;
	g_autoptr(desk_roster_t) roster =
	    desk_roster_parse("fuzz.csv", bytes, DESK_ROSTER_AUTO, NULL, &error);
	g_assert_true((roster == NULL) != (error == NULL));
	if (roster)
		g_assert_cmpuint(roster->columns->len, ==, roster->mapping->len);
	return 0;
}

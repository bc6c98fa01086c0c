/* fuzz-csv.c: libFuzzer harness for the CSV reader (delimiter sniffing and parsing). */
#include "csv.h"
#include "fuzz.h"

const char *const desk_fuzz_inputs[] = {"tests/data/fuzz/csv", "tests/data/rosters", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	if (!g_utf8_validate_len(text, size, NULL))
		return 0; /* the reader takes decoded text (encoding.c comes first) */
	desk_csv_sniff(text, size);
	for (int d = 0; d < 2; d++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(desk_csv_t) csv =
		    desk_csv_parse("fuzz.csv", text, size, d ? ';' : 0, &error);
		g_assert_true((csv == NULL) != (error == NULL));
	}
	return 0;
}

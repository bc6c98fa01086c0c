/* fuzz-encoding.c: libFuzzer harness for encoding detection and decoding (BOMs, UTF-16, CP932). */
#include <string.h>

#include "encoding.h"
#include "fuzz.h"

const char *const desk_fuzz_inputs[] = {"tests/data/fuzz/encoding", "tests/data/rosters", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	const char *encoding = NULL;
	gsize len = 0;
	g_autofree char *text =
	    desk_encoding_decode("fuzz.csv", size ? data : NULL, size, &encoding, &len, &error);
	g_assert_true((text == NULL) != (error == NULL));
	if (text) {
		g_assert_true(g_utf8_validate_len(text, len, NULL));
		g_assert_cmpuint(strlen(text), ==, len);
		g_assert_nonnull(encoding);
	}
	return 0;
}

/* fuzz-layout.c: libFuzzer harness for layout files (JSON, elements, templates, limits). */
#include "fuzz.h"
#include "layout.h"

const char *const desk_fuzz_inputs[] = {"tests/data/fuzz/layout", "layouts",
                                        "tests/data/bad-layouts", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	/* images resolve under a folder that does not exist: no file is ever read */
	desk_layout_t *layout = desk_layout_load_data((const char *)data, size, "fuzz.json",
	                                              "/nonexistent/frontdesk-fuzz", &error);
	g_assert_true((layout == NULL) != (error == NULL));
	desk_layout_free(layout);
	return 0;
}

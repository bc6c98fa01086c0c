/* replay.c: runs a fuzz harness over its seed and regression inputs as a GTest program, so the
 * normal test suites (and the ASan pass) replay every input that ever crashed. */
#include <glib.h>

#include "fuzz.h"

static void replay_one(gconstpointer data)
{
	const char *path = data;
	g_autofree char *bytes = NULL;
	gsize len = 0;
	g_assert_true(g_file_get_contents(path, &bytes, &len, NULL));
	LLVMFuzzerTestOneInput((const uint8_t *)bytes, len);
}

static guint add_dir(const char *top, const char *rel)
{
	g_autofree char *dir = g_build_filename(top, rel, NULL);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	guint n = 0;
	for (const char *name; d && (name = g_dir_read_name(d));) {
		char *path = g_build_filename(dir, name, NULL);
		if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
			g_free(path);
			continue;
		}
		g_autofree char *test = g_strdup_printf("/fuzz-replay/%s/%s", rel, name);
		g_test_add_data_func_full(test, path, replay_one, g_free);
		n++;
	}
	return n;
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	const char *top = g_getenv("FRONTDESK_TOP");
	guint n = 0;
	for (size_t i = 0; desk_fuzz_inputs[i]; i++)
		n += add_dir(top ? top : ".", desk_fuzz_inputs[i]);
	if (n == 0)
		g_error("no inputs found under %s (set FRONTDESK_TOP)", top ? top : ".");
	return g_test_run();
}

/* layout-cache.c: layouts loaded once and reloaded when their file changes, so what the designer
 * saved last is what previews show and printers print next. */
#include <errno.h>
#include <glib/gstdio.h>

#include "layout.h"

struct desk_layout_cache {
	char *layouts_dir;
	GHashTable *entries; /* path -> entry_t * */
};

typedef struct {
	desk_layout_t *layout;
	gint64 mtime_ns; /* the file as it was loaded */
	goffset size;
	guint64 inode;
} entry_t;

static void entry_free(gpointer data)
{
	entry_t *e = data;
	desk_layout_free(e->layout);
	g_free(e);
}

desk_layout_cache_t *desk_layout_cache_new(const char *layouts_dir)
{
	desk_layout_cache_t *cache = g_new0(desk_layout_cache_t, 1);
	cache->layouts_dir = g_strdup(layouts_dir);
	cache->entries = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, entry_free);
	return cache;
}

void desk_layout_cache_free(desk_layout_cache_t *cache)
{
	if (!cache)
		return;
	g_hash_table_unref(cache->entries);
	g_free(cache->layouts_dir);
	g_free(cache);
}

const desk_layout_t *desk_layout_cache_get(desk_layout_cache_t *cache, const char *path,
                                           GError **error)
{
	g_return_val_if_fail(cache && path, NULL);
	GStatBuf st;
	if (g_stat(path, &st) != 0) {
		int saved = errno;
		g_hash_table_remove(cache->entries, path);
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved), "layout %s: %s",
		            path, g_strerror(saved));
		return NULL;
	}
	gint64 mtime_ns = (gint64)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	entry_t *e = g_hash_table_lookup(cache->entries, path);
	/* an atomic save (write beside, rename) gives a new inode even within one tick */
	if (e && e->mtime_ns == mtime_ns && e->size == st.st_size && e->inode == st.st_ino)
		return e->layout;
	desk_layout_t *layout = desk_layout_load(path, cache->layouts_dir, error);
	if (!layout) {
		g_hash_table_remove(cache->entries, path); /* never the stale copy */
		return NULL;
	}
	e = g_new0(entry_t, 1);
	*e = (entry_t){layout, mtime_ns, st.st_size, (guint64)st.st_ino};
	g_hash_table_insert(cache->entries, g_strdup(path), e);
	return layout;
}

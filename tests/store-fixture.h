/* store-fixture.h: a fresh store in a temporary directory, shared by the store's tests. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

#include "../src/store-private.h" /* the store's own tests look at its tables */
#include "store.h"

/* The store's connection, for the store's tests only (the API has none). */
static inline sqlite3 *fixture_db(desk_store_t *store)
{
	return store->db;
}

typedef struct {
	char *dir;
	desk_store_t *store;
	gint64 event_id;
} store_fixture_t;

static inline void store_fixture_rmdir(const char *dir)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *path = g_build_filename(dir, name, NULL);
		if (g_file_test(path, G_FILE_TEST_IS_DIR))
			store_fixture_rmdir(path);
		else
			g_unlink(path);
	}
	g_rmdir(dir);
}

static inline void store_fixture_setup(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	g_autoptr(GError) error = NULL;
	f->dir = g_dir_make_tmp("frontdesk-store-XXXXXX", &error);
	g_assert_no_error(error);
	f->store = desk_store_open(f->dir, &error);
	g_assert_no_error(error);
	f->event_id =
	    desk_store_event_ensure(f->store, "demo", "Demo Meetup", "2026-11-22", &error);
	g_assert_no_error(error);
	g_assert_cmpint(f->event_id, >, 0);
}

static inline void store_fixture_teardown(store_fixture_t *f, gconstpointer data)
{
	(void)data;
	desk_store_free(f->store);
	store_fixture_rmdir(f->dir);
	g_free(f->dir);
}

/* Adds an attendee through a one-row import-free path: a walk-in that is then undone
 * would log arrivals, so tests insert with plain SQL-free API calls below. */
static inline desk_attendee_t *store_fixture_person(const char *first, const char *last,
                                                    const char *company, const char *email)
{
	desk_attendee_t *a = g_new0(desk_attendee_t, 1);
	a->source = g_strdup("csv");
	a->first_name = g_strdup(first);
	a->last_name = g_strdup(last);
	a->company = g_strdup(company);
	a->email = g_strdup(email);
	a->expected = true;
	return a;
}

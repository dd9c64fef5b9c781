/* history-fixture.h: a temporary folder for the tests of the history,
 * with helpers that write bounce messages into it and read its SQLite
 * database directly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "bounce-core.h"

#include "record-fixture.h"
#include "test-files.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

typedef struct
{
  /* A new temporary folder, removed with all it contains. */
  char *dir;
  /* data/history.db inside @dir. Set-up creates neither the file nor its
   * folder. */
  char *db_path;
} HistoryFixture;

/* g_test_add() set-up and tear-down for a HistoryFixture. The tear-down
 * removes the folder even where a test made it read-only. */
void     history_fixture_set_up    (HistoryFixture *fixture,
                                    gconstpointer   data);
void     history_fixture_tear_down (HistoryFixture *fixture,
                                    gconstpointer   data);

/* Opens the history at @fixture's db_path, failing the test on an error. */
BounceHistory *history_fixture_open (HistoryFixture *fixture);

/* Writes dsn_fixture_new()'s report to @dir/@name and returns the path. */
char    *write_dsn                 (const char     *dir,
                                    const char     *name,
                                    const char     *recipient,
                                    const char     *status,
                                    const char     *date,
                                    const char     *message_id);

/* Opens the database at @path for reading and writing, with a busy
 * timeout of 10 seconds, bypassing BounceHistory. */
sqlite3 *open_raw                  (const char     *path);
/* Runs @sql and returns the first column of its first row, or -1 when
 * there is no row. Fails the test when @sql is invalid. */
gint64   query_int                 (sqlite3        *db,
                                    const char     *sql);
/* Runs @sql and returns the first column of its first row as a new
 * string, or NULL when there is no row. */
char    *query_text                (sqlite3        *db,
                                    const char     *sql);

G_END_DECLS

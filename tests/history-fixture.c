/* history-fixture.c: a temporary folder for the tests of the history,
 * with helpers that write bounce messages into it and read its SQLite
 * database directly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dsn-fixture.h"
#include "history-fixture.h"

void
history_fixture_set_up (HistoryFixture *fixture,
                        gconstpointer   data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("bounce-history-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "data", "history.db", NULL);
}

void
history_fixture_tear_down (HistoryFixture *fixture,
                           gconstpointer   data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db_path);
}

BounceHistory *
history_fixture_open (HistoryFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  BounceHistory *history = bounce_history_open (fixture->db_path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (history);

  return history;
}

char *
write_dsn (const char *dir,
           const char *name,
           const char *recipient,
           const char *status,
           const char *date,
           const char *message_id)
{
  g_autofree char *text = dsn_fixture_new (recipient, status, date, message_id);

  return write_file (dir, name, text);
}

sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);

  return db;
}

gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

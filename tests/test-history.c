/* test-history.c: the history database, its parse cache, the escalation
 * rule and the suppression list, on real files in a temporary folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bounce-core.h"
#include "bounce-csv-private.h"
#include "bounce-history-private.h"
#include "bounce-scanner-private.h"
#include "dsn-fixture.h"
#include "history-fixture.h"

typedef HistoryFixture Fixture;

/* Writes a hard bounce (5.1.1) of @recipient, dated 2 November 2026 and
 * about the sent message send-1@example.com, to @dir/@name. Returns the
 * path. */
static char *
write_hard_bounce (const char *dir,
                   const char *name,
                   const char *recipient)
{
  return write_dsn (dir, name, recipient, "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000", "send-1@example.com");
}

/* Scans @path with @history (may be NULL) on one thread. With
 * @record_new_files the history records the stamps of files just
 * written too, which a scan otherwise leaves out. */
static GPtrArray *
scan_with (BounceHistory *history,
           const char    *path,
           gboolean       record_new_files)
{
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  const char *paths[] = { path, NULL };

  bounce_scanner_set_n_threads (scanner, 1);
  bounce_scanner_set_history (scanner, history);
  if (record_new_files)
    _bounce_scanner_set_file_age_margin (scanner, 0);
  bounce_scanner_scan (scanner, paths, collect_record_cb, records, NULL, &error);
  g_assert_no_error (error);

  return records;
}

static GPtrArray *
scan (BounceHistory *history,
      const char    *path)
{
  return scan_with (history, path, FALSE);
}

/* Opening */

static void
test_open_new (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *journal = NULL;
  GStatBuf info;

  g_assert_cmpint (g_stat (fixture->db_path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  /* Version 4 added the files table. */
  g_assert_cmpint (_bounce_history_get_latest_schema_version (), >=, 4);
  g_assert_cmpint (bounce_history_get_schema_version (history), ==, _bounce_history_get_latest_schema_version ());

  db = open_raw (fixture->db_path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, _bounce_history_get_latest_schema_version ());
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM files"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM mbox_files"), ==, 0);
  journal = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
}

static void
test_open_migrates_v1 (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(BounceHistory) old = NULL;
  g_autoptr(BounceHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = NULL;
  g_autoptr(BounceSuppression) entry = NULL;
  g_autoptr(GPtrArray) bounces = NULL;

  old = _bounce_history_open_at_version (fixture->db_path, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bounce_history_get_schema_version (old), ==, 1);
  g_clear_object (&old);

  /* Rows as version 1 stored them. */
  db = open_raw (fixture->db_path);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO messages VALUES (x'00', '/mail/1.eml', 10, 1700000000);"
                                 "INSERT INTO bounces (hash, position, address, date, day, category, reason, "
                                 "  status, reply_code, diagnostic, original_message_id, path) "
                                 "  VALUES (x'00', 0, 'jane@example.com', 1700000000, '2023-11-14', 'hard', "
                                 "  'mailbox-unknown', '5.1.1', '550', 'User unknown', '', '/mail/1.eml');"
                                 "INSERT INTO suppression VALUES ('jane@example.com', 'hard', '5.1.1', "
                                 "  '/mail/1.eml', 'active', 1700000000, 1700000000, 1);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&db, sqlite3_close);

  history = history_fixture_open (fixture);
  g_assert_cmpint (bounce_history_get_schema_version (history), ==, _bounce_history_get_latest_schema_version ());

  bounces = bounce_history_list_bounces (history, "jane@example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bounces->len, ==, 1);
  entry = bounce_history_lookup_suppression (history, "jane@example.com");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->category, ==, "hard");

  db = open_raw (fixture->db_path);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM parse_cache"), ==, 0);
}

/* Version 5 added the state of IMAP folders. A version 4 file gains it and
 * keeps its rows. */
static void
test_open_migrates_mailbox_state (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(BounceHistory) old = NULL;
  g_autoptr(BounceHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = NULL;
  const char *account = "imaps://jane@imap.example.com";
  guint32 uidvalidity = 1;
  guint32 last_uid = 1;

  old = _bounce_history_open_at_version (fixture->db_path, 4, &error);
  g_assert_no_error (error);
  g_clear_object (&old);
  db = open_raw (fixture->db_path);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO messages VALUES (x'00', '/mail/1.eml', 10, 1700000000);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&db, sqlite3_close);

  history = history_fixture_open (fixture);
  g_assert_cmpint (bounce_history_get_schema_version (history), >=, 5);

  /* A folder never read has no state. */
  g_assert_true (bounce_history_get_mailbox_state (history, account, "INBOX", &uidvalidity, &last_uid, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (uidvalidity, ==, 0);
  g_assert_cmpuint (last_uid, ==, 0);

  /* Stored, replaced, and kept apart per folder. */
  g_assert_true (bounce_history_set_mailbox_state (history, account, "INBOX", 1700000001, 42, &error));
  g_assert_true (bounce_history_set_mailbox_state (history, account, "INBOX", 1700000001, 57, &error));
  g_assert_true (bounce_history_set_mailbox_state (history, account, "Bounces", 9, 3, &error));
  g_assert_no_error (error);
  bounce_history_get_mailbox_state (history, account, "INBOX", &uidvalidity, &last_uid, &error);
  g_assert_cmpuint (uidvalidity, ==, 1700000001);
  g_assert_cmpuint (last_uid, ==, 57);
  bounce_history_get_mailbox_state (history, account, "Bounces", &uidvalidity, &last_uid, &error);
  g_assert_cmpuint (uidvalidity, ==, 9);
  g_assert_cmpuint (last_uid, ==, 3);
  bounce_history_get_mailbox_state (history, "imaps://joe@imap.example.com", "INBOX", &uidvalidity, &last_uid,
                                    &error);
  g_assert_cmpuint (uidvalidity, ==, 0);
  g_assert_no_error (error);

  db = open_raw (fixture->db_path);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM messages"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM mailbox_state"), ==, 2);
}

/* Version 10 added the kept addresses. A version 9 file gains an empty
 * table and keeps its suppression list. */
static void
test_open_migrates_kept (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BounceHistory) old = NULL;
  g_autoptr(BounceHistory) history = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = NULL;
  gboolean unsuppressed = FALSE;

  old = _bounce_history_open_at_version (fixture->db_path, 9, &error);
  g_assert_no_error (error);
  g_clear_object (&old);
  db = open_raw (fixture->db_path);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'kept'"), ==, 0);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO suppression VALUES ('jane@example.com', 'manual', '', '', "
                                 "  'active', 1700000000, 1700000000, NULL);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&db, sqlite3_close);

  history = history_fixture_open (fixture);
  g_assert_cmpint (bounce_history_get_schema_version (history), >=, 10);
  kept = bounce_history_list_kept (history, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kept->len, ==, 0);

  g_assert_true (bounce_history_keep_address (history, "jane@example.com", &unsuppressed, &error));
  g_assert_no_error (error);
  g_assert_true (unsuppressed);

  db = open_raw (fixture->db_path);
  g_assert_cmpint (query_int (db, "SELECT unsuppressed FROM kept WHERE address = 'jane@example.com'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM suppression WHERE status = 'removed'"), ==, 1);
}

static void
test_open_newer_version (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = NULL;

  g_clear_object (&history);
  db = open_raw (fixture->db_path);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&db, sqlite3_close);

  history = bounce_history_open (fixture->db_path, &error);
  g_assert_null (history);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, fixture->db_path));
  g_assert_nonnull (strstr (error->message, "newer version"));
}

static void
test_open_not_a_database (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->db_path);
  g_autofree char *path = write_file (folder, "history.db", "Email,Name\njane@example.com,Jane\n"
                                      "this is a contact file, not a database; it is long enough for SQLite "
                                      "to read a header from it and find that it is not one of its files\n");
  g_autoptr(BounceHistory) history = NULL;
  g_autoptr(GError) error = NULL;

  history = bounce_history_open (path, &error);
  g_assert_null (history);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "Move it away"));
}

/* Another program's SQLite file is rejected and left as it was, while
 * a new history and one of an older version get Bounce's
 * application_id. */
static void
test_open_other_program (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *other = g_build_filename (fixture->dir, "notes.db", NULL);
  g_autoptr(BounceHistory) history = NULL;
  g_autoptr(BounceHistory) reader = NULL;
  g_autoptr(sqlite3) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *journal_mode = NULL;

  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); "
                                     "INSERT INTO notes (text) VALUES ('call Jane'); PRAGMA user_version = 3",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&db, sqlite3_close);

  history = bounce_history_open (other, &error);
  g_assert_null (history);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "another program"));
  g_clear_error (&error);
  reader = bounce_history_open_read_only (other, &error);
  g_assert_null (reader);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  db = open_raw (other);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"), ==, 1);
  journal_mode = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "delete");
  g_clear_pointer (&db, sqlite3_close);

  /* A new history, then the same file as an older version left it. */
  history = history_fixture_open (fixture);
  g_clear_object (&history);
  db = open_raw (fixture->db_path);
  g_assert_cmpint (query_int (db, "PRAGMA application_id"), ==, 0x426e6365);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA application_id = 0", NULL, NULL, NULL), ==, SQLITE_OK);
  history = history_fixture_open (fixture);
  g_assert_cmpint (query_int (db, "PRAGMA application_id"), ==, 0x426e6365);
}

static void
test_open_read_only (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *folder = g_path_get_dirname (fixture->db_path);
  g_autoptr(GError) error = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("root writes to read-only files; /history/write/read-only covers the error");
      return;
    }

  g_clear_object (&history);
  g_assert_cmpint (g_chmod (fixture->db_path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (folder, 0555), ==, 0);

  history = bounce_history_open (fixture->db_path, &error);
  g_assert_null (history);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, fixture->db_path));
  g_assert_nonnull (strstr (error->message, "Make the file and its folder writable"));
}

static void
test_open_folder_not_creatable (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *blocker = write_file (fixture->dir, "not-a-folder", "a file\n");
  g_autofree char *path = g_build_filename (blocker, "history.db", NULL);
  g_autoptr(BounceHistory) history = NULL;
  g_autoptr(GError) error = NULL;

  history = bounce_history_open (path, &error);
  g_assert_null (history);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, blocker));
}

/* A folder or a device given as the history file is named as such,
 * not as SQLite's "disk I/O error" or "Is a directory". */
static void
test_open_not_a_file (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(BounceHistory) history = NULL;
  g_autoptr(GError) error = NULL;

  history = bounce_history_open (fixture->dir, &error);
  g_assert_null (history);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, fixture->dir));
  g_assert_nonnull (strstr (error->message, "is a folder"));
  g_clear_error (&error);

  history = bounce_history_open ("/dev/null", &error);
  g_assert_null (history);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "/dev/null"));
  g_assert_nonnull (strstr (error->message, "not a regular file"));
}

/* Writes that fail during a scan */

static void
check_scan_without_writes (Fixture    *fixture,
                           const char *pragma,
                           BounceError expected_code,
                           const char *expected)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  const GError *write_error;

  /* Enough messages to need more pages than an empty file has. */
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *name = g_strdup_printf ("%03u.eml", i);
      g_autofree char *recipient = g_strdup_printf ("person%u@example.com", i);
      g_autofree char *path = write_dsn (mail, name, recipient, "5.1.1",
                                         "Mon, 2 Nov 2026 10:00:00 +0000", "send-1@example.com");
    }

  _bounce_history_exec (history, pragma, &error);
  g_assert_no_error (error);

  /* The scan itself goes on and delivers every record. */
  records = scan (history, mail);
  g_assert_cmpuint (records->len, ==, 300);
  g_assert_cmpstr (((BounceRecord *) records->pdata[299])->recipient, ==, "person299@example.com");
  g_assert_cmpint (((BounceRecord *) records->pdata[299])->category, ==, BOUNCE_CATEGORY_HARD);

  write_error = bounce_history_get_write_error (history);
  g_assert_nonnull (write_error);
  g_assert_true (g_error_matches (write_error, BOUNCE_ERROR, expected_code));
  g_assert_nonnull (strstr (write_error->message, fixture->db_path));
  g_assert_nonnull (strstr (write_error->message, expected));
  g_assert_cmpuint (bounce_history_count_bounces (history), <, 300);
}

static void
test_write_disk_full (Fixture       *fixture,
                      gconstpointer  data)
{
  /* SQLite reports SQLITE_FULL when the file would grow past its page
   * limit, as it does when the disk is full. The limit is never set below
   * the current size. */
  check_scan_without_writes (fixture, "PRAGMA max_page_count = 1", BOUNCE_ERROR_NO_SPACE, "is full");
}

static void
test_write_read_only (Fixture       *fixture,
                      gconstpointer  data)
{
  check_scan_without_writes (fixture, "PRAGMA query_only = 1", BOUNCE_ERROR_WRITE, "cannot be written");
}

/* Deduplication and the parse cache */

static void
test_dedup_same_and_renamed (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *other = g_build_filename (fixture->dir, "other", NULL);
  g_autofree char *first = write_hard_bounce (mail, "1.eml", "jane@example.com");
  g_autofree char *second = write_dsn (mail, "2.eml", "bob@example.org", "4.2.2",
                                       "Mon, 2 Nov 2026 10:00:00 +0000", "send-1@example.com");
  g_autofree char *text = NULL;
  g_autofree char *renamed = NULL;
  g_autoptr(GPtrArray) records = NULL;

  records = scan (history, mail);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpuint (bounce_history_count_bounces (history), ==, 2);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* The same folder again. */
  records = scan (history, mail);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpuint (bounce_history_count_bounces (history), ==, 2);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* The same bytes under another name in another folder. */
  g_assert_true (g_file_get_contents (first, &text, NULL, NULL));
  renamed = write_file (other, "copy-of-first.eml", text);
  records = scan (history, other);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (((BounceRecord *) records->pdata[0])->file, ==, renamed);
  g_assert_cmpuint (bounce_history_count_bounces (history), ==, 2);
}

/* Prints every record as JSON, one per line, with the date. */
static char *
describe_records (GPtrArray *records)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < records->len; i++)
    {
      const BounceRecord *record = records->pdata[i];
      g_autofree char *date = record->date ? g_date_time_format_iso8601 (record->date) : g_strdup ("-");

      bounce_record_append_json (record, out);
      g_string_append_printf (out, " %s %s %s %s\n", date, record->original_message_id,
                              record->format, record->subject);
    }

  return g_string_free (out, FALSE);
}

static void
test_cache_same_records (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *samples = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "bounces", NULL);
  g_autoptr(GPtrArray) plain = scan (NULL, samples);
  g_autoptr(GPtrArray) first = scan (history, samples);
  g_autoptr(GPtrArray) second = scan (history, samples);
  g_autofree char *plain_text = describe_records (plain);
  g_autofree char *first_text = describe_records (first);
  g_autofree char *second_text = describe_records (second);
  g_autoptr(sqlite3) db = open_raw (fixture->db_path);

  g_assert_cmpuint (plain->len, >, 10);
  g_assert_cmpstr (first_text, ==, plain_text);
  g_assert_cmpstr (second_text, ==, plain_text);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM parse_cache"), ==,
                   query_int (db, "SELECT count(*) FROM messages"));
}

static void
test_cache_is_used (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *jane = write_hard_bounce (mail, "1.eml", "jane@example.com");
  g_autofree char *bob = write_hard_bounce (mail, "2.eml", "bob@example.org");
  g_autoptr(GPtrArray) records = scan (history, mail);
  g_autoptr(sqlite3) db = open_raw (fixture->db_path);
  g_autofree char *sql = NULL;

  g_assert_cmpuint (records->len, ==, 2);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Jane's cache entry now contains Bob's records: a rescan that reports
   * Bob for 1.eml read the cache rather than the file. */
  sql = g_strdup_printf ("UPDATE parse_cache SET records = (SELECT c.records FROM parse_cache c "
                         "JOIN messages m ON m.hash = c.hash WHERE m.path = '%s') "
                         "WHERE hash = (SELECT hash FROM messages WHERE path = '%s')", bob, jane);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);

  records = scan (history, jane);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (((BounceRecord *) records->pdata[0])->recipient, ==, "bob@example.org");
  g_assert_cmpstr (((BounceRecord *) records->pdata[0])->file, ==, jane);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* A damaged entry is parsed again. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE parse_cache SET records = x'0102030405'", NULL, NULL, NULL), ==, SQLITE_OK);
  records = scan (history, jane);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (((BounceRecord *) records->pdata[0])->recipient, ==, "jane@example.com");
  g_clear_pointer (&records, g_ptr_array_unref);

  /* An entry of another parser build is parsed again. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE parse_cache SET stamp = 'older build'", NULL, NULL, NULL), ==, SQLITE_OK);
  records = scan (history, jane);
  g_assert_cmpstr (((BounceRecord *) records->pdata[0])->recipient, ==, "jane@example.com");
}

/* Runs @sql on @db, failing the test on an error. */
static void
exec_raw (sqlite3    *db,
          const char *sql)
{
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* A history whose bounces an older parser build judged wrongly: Jane's
 * soft bounce stored as a hard bounce, with a suppression entry. Its
 * file is read again only once the parse cache names another build,
 * and then the stored bounce and the entry follow this build's verdict.
 * An entry added by hand stays, and a hard bounce's entry that a person
 * removed is not brought back. */
static void
test_rejudged_after_parser_change (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *jane = write_dsn (mail, "1.eml", "jane@example.com", "4.2.2",
                                     "Mon, 2 Nov 2026 10:00:00 +0000", "send-1@example.com");
  g_autofree char *bob = write_hard_bounce (mail, "2.eml", "bob@example.org");
  g_autoptr(GPtrArray) records = scan_with (history, mail, TRUE);
  g_autoptr(sqlite3) db = open_raw (fixture->db_path);
  g_autoptr(BounceSuppression) jane_entry = NULL;
  g_autoptr(BounceSuppression) carla_entry = NULL;
  g_autoptr(BounceSuppression) bob_entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *category = NULL;
  g_autofree char *bob_status = NULL;

  g_assert_cmpuint (records->len, ==, 2);
  g_clear_pointer (&records, g_ptr_array_unref);
  g_assert_true (bounce_history_suppress (history, "carla@example.net", "manual", "asked to leave", "", &error));
  g_assert_no_error (error);
  g_assert_true (bounce_history_unsuppress (history, "bob@example.org", &error));
  g_assert_no_error (error);

  /* What an older build stored for Jane. */
  exec_raw (db, "UPDATE bounces SET category = 'hard', status = '5.1.1' WHERE address = 'jane@example.com'");
  exec_raw (db, "INSERT INTO suppression (address, category, reason, source, status, since, changed, bounce_id) "
                "SELECT address, 'hard', '5.1.1', path, 'active', date, date, id FROM bounces "
                "WHERE address = 'jane@example.com'");

  /* The same build: the files are not read, and nothing is judged again. */
  records = scan_with (history, mail, TRUE);
  g_assert_cmpuint (records->len, ==, 2);
  g_clear_pointer (&records, g_ptr_array_unref);
  jane_entry = bounce_history_lookup_suppression (history, "jane@example.com");
  g_assert_nonnull (jane_entry);
  g_clear_pointer (&jane_entry, bounce_suppression_free);

  /* Another build wrote the parse cache. */
  exec_raw (db, "UPDATE parse_cache SET stamp = 'older build'");
  records = scan_with (history, mail, TRUE);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpint (((BounceRecord *) records->pdata[0])->category, ==, BOUNCE_CATEGORY_SOFT);

  jane_entry = bounce_history_lookup_suppression (history, "jane@example.com");
  g_assert_null (jane_entry);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM suppression WHERE address = 'jane@example.com'"), ==, 0);
  category = query_text (db, "SELECT category FROM bounces WHERE address = 'jane@example.com'");
  g_assert_cmpstr (category, ==, "soft");
  g_assert_cmpuint (bounce_history_count_bounces (history), ==, 2);

  carla_entry = bounce_history_lookup_suppression (history, "carla@example.net");
  g_assert_nonnull (carla_entry);
  g_assert_cmpstr (carla_entry->category, ==, "manual");

  bob_entry = bounce_history_lookup_suppression (history, "bob@example.org");
  g_assert_null (bob_entry);
  bob_status = query_text (db, "SELECT status FROM suppression WHERE address = 'bob@example.org' "
                               "AND bounce_id = (SELECT id FROM bounces WHERE address = 'bob@example.org')");
  g_assert_cmpstr (bob_status, ==, "removed");
}

/* An address listed by a bounce and then added by hand or imported is
 * the person's request too: when a later parser build no longer calls
 * the bounce a hard bounce, the entry stays listed as the request's. */
static void
test_rejudged_keeps_request (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *ann = write_dsn (mail, "1.eml", "ann@example.com", "4.2.2",
                                    "Mon, 2 Nov 2026 10:00:00 +0000", "send-1@example.com");
  g_autofree char *dan = write_dsn (mail, "2.eml", "dan@example.net", "4.2.2",
                                    "Mon, 2 Nov 2026 11:00:00 +0000", "send-2@example.com");
  g_autofree char *import = write_file (fixture->dir, "unsubscribed.csv",
                                        "email,reason\ndan@example.net,unsubscribed\n");
  g_autoptr(GPtrArray) records = scan_with (history, mail, TRUE);
  g_autoptr(sqlite3) db = open_raw (fixture->db_path);
  g_autoptr(BounceSuppression) ann_entry = NULL;
  g_autoptr(BounceSuppression) dan_entry = NULL;
  g_autoptr(GError) error = NULL;
  guint n_added = 1;

  g_assert_cmpuint (records->len, ==, 2);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* What an older build stored: hard bounces, listed. */
  exec_raw (db, "UPDATE bounces SET category = 'hard', status = '5.1.1'");
  exec_raw (db, "INSERT INTO suppression (address, category, reason, source, status, since, changed, bounce_id) "
                "SELECT address, 'hard', '5.1.1', path, 'active', date, date, id FROM bounces");

  g_assert_true (bounce_history_suppress (history, "ann@example.com", "manual", "", "", &error));
  g_assert_no_error (error);
  g_assert_true (bounce_history_import_suppressions (history, import, &n_added, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 0);

  exec_raw (db, "UPDATE parse_cache SET stamp = 'older build'");
  records = scan_with (history, mail, TRUE);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpint (((BounceRecord *) records->pdata[0])->category, ==, BOUNCE_CATEGORY_SOFT);

  ann_entry = bounce_history_lookup_suppression (history, "ann@example.com");
  g_assert_nonnull (ann_entry);
  g_assert_cmpstr (ann_entry->category, ==, "manual");
  dan_entry = bounce_history_lookup_suppression (history, "dan@example.net");
  g_assert_nonnull (dan_entry);
  g_assert_cmpstr (dan_entry->category, ==, "imported");
  g_assert_cmpstr (dan_entry->reason, ==, "unsubscribed");
}

static GPtrArray *
scan_recording_new_files (BounceHistory *history,
                          const char    *path)
{
  return scan_with (history, path, TRUE);
}

static const char *
record_recipient (GPtrArray *records,
                  guint      index)
{
  g_assert_cmpuint (index, <, records->len);

  return ((BounceRecord *) records->pdata[index])->recipient;
}

static gint64
count_file_rows (sqlite3    *db,
                 const char *folder,
                 const char *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM files WHERE folder = '%s' AND name = '%s'",
                                          folder, name);

  return query_int (db, sql);
}

static void
test_files_unchanged_not_read (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *jane = write_hard_bounce (mail, "1.eml", "jane@example.com");
  g_autofree char *bob = write_hard_bounce (mail, "2.eml", "bob@example.org");
  g_autoptr(GPtrArray) records = scan_recording_new_files (history, mail);
  g_autoptr(sqlite3) db = open_raw (fixture->db_path);
  g_autofree char *sql = NULL;

  g_assert_cmpuint (records->len, ==, 2);
  g_clear_pointer (&records, g_ptr_array_unref);
  g_assert_cmpint (count_file_rows (db, mail, "1.eml"), ==, 1);
  g_assert_cmpint (count_file_rows (db, mail, "2.eml"), ==, 1);

  /* 1.eml's row now names Bob's message. A rescan that reports Bob for
   * 1.eml took the row's word and did not read or hash the file. */
  sql = g_strdup_printf ("UPDATE files SET hash = (SELECT hash FROM files WHERE name = '2.eml') "
                         "WHERE folder = '%s' AND name = '1.eml'", mail);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  records = scan_recording_new_files (history, mail);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpstr (record_recipient (records, 0), ==, "bob@example.org");
  g_assert_cmpstr (((BounceRecord *) records->pdata[0])->file, ==, jane);
  g_assert_cmpstr (record_recipient (records, 1), ==, "bob@example.org");
  g_assert_cmpstr (((BounceRecord *) records->pdata[1])->file, ==, bob);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Without parse cache entries of this build, the skipped file is read
   * after all, and its own message counts. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE parse_cache SET stamp = 'older build'", NULL, NULL, NULL), ==, SQLITE_OK);
  records = scan_recording_new_files (history, mail);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpstr (record_recipient (records, 0), ==, "jane@example.com");
  g_assert_cmpstr (record_recipient (records, 1), ==, "bob@example.org");
  g_assert_cmpuint (bounce_history_count_bounces (history), ==, 2);
}

static void
test_files_changed_read_again (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *first = write_hard_bounce (mail, "1.eml", "jane@example.com");
  g_autofree char *text = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *hash_before = NULL;
  g_autofree char *hash_after = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) records = scan_recording_new_files (history, mail);
  g_autoptr(sqlite3) db = open_raw (fixture->db_path);

  g_assert_cmpuint (records->len, ==, 1);
  g_clear_pointer (&records, g_ptr_array_unref);
  sql = g_strdup_printf ("SELECT hex(hash) FROM files WHERE folder = '%s' AND name = '1.eml'", mail);
  hash_before = query_text (db, sql);

  /* The same name with other bytes: the stamp differs, so the file is
   * read, and its row names the new message. */
  g_free (write_dsn (mail, "1.eml", "carla@example.net", "5.1.1",
                     "Tue, 3 Nov 2026 10:00:00 +0000", "send-2@example.com"));
  records = scan_recording_new_files (history, mail);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (record_recipient (records, 0), ==, "carla@example.net");
  g_assert_cmpstr (((BounceRecord *) records->pdata[0])->file, ==, first);
  g_clear_pointer (&records, g_ptr_array_unref);
  hash_after = query_text (db, sql);
  g_assert_cmpstr (hash_after, !=, hash_before);
  g_assert_cmpuint (bounce_history_count_bounces (history), ==, 2);

  /* The same bytes under a second name: read and hashed, taken from the
   * parse cache, recorded once, and the new file is recorded too. */
  g_assert_true (g_file_get_contents (first, &text, NULL, NULL));
  copy = write_file (mail, "2.eml", text);
  records = scan_recording_new_files (history, mail);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpstr (record_recipient (records, 1), ==, "carla@example.net");
  g_assert_cmpstr (((BounceRecord *) records->pdata[1])->file, ==, copy);
  g_assert_cmpuint (bounce_history_count_bounces (history), ==, 2);
  g_assert_cmpint (count_file_rows (db, mail, "2.eml"), ==, 1);
}

static void
test_files_new_not_recorded (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *jane = write_hard_bounce (mail, "1.eml", "jane@example.com");
  g_autoptr(GPtrArray) records = scan (history, mail);
  g_autoptr(sqlite3) db = open_raw (fixture->db_path);

  /* A file changed seconds before the scan may change again without a
   * new stamp, so only its message is recorded, not the file. */
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpuint (bounce_history_count_bounces (history), ==, 1);
  g_assert_cmpint (count_file_rows (db, mail, "1.eml"), ==, 0);
}

/* Sets the access and modification times of @path to 1 November 2026. */
static void
set_old_mtime (const char *path)
{
  struct utimbuf times = { 1793491200, 1793491200 };

  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

/* Writes an mbox of hard bounces, one for each of @recipients, to
 * @dir/@name with its modification time set to 1 November 2026, so that
 * a later write shows in the file's stamp even within the same tick of
 * the clock. Returns the path. */
static char *
write_mbox (const char         *dir,
            const char         *name,
            const char * const *recipients)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char *path;

  for (guint i = 0; recipients[i] != NULL; i++)
    {
      g_autofree char *message = dsn_fixture_new (recipients[i], "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000",
                                                  "send-1@example.com");

      g_string_append (text, "From MAILER-DAEMON Mon Nov  2 10:00:00 2026\n");
      g_string_append (text, message);
      g_string_append (text, "\n");
    }

  path = write_file (dir, name, text->str);
  set_old_mtime (path);

  return path;
}

/* Replaces each @old in @path with @new, of the same length, writing
 * the file in place. */
static void
replace_in_place (const char *path,
                  const char *old,
                  const char *new)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  FILE *file;
  char *found;

  g_assert_cmpuint (strlen (old), ==, strlen (new));
  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  g_assert_nonnull (strstr (text, old));
  for (found = strstr (text, old); found != NULL; found = strstr (found, old))
    memcpy (found, new, strlen (new));

  file = fopen (path, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpuint (fwrite (text, 1, length, file), ==, length);
  g_assert_cmpint (fclose (file), ==, 0);
}

static gint64
count_mbox_messages (sqlite3    *db,
                     const char *folder,
                     const char *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT length(messages) / %d FROM mbox_files "
                                          "WHERE folder = '%s' AND name = '%s'",
                                          BOUNCE_HISTORY_MBOX_ENTRY_LENGTH, folder, name);

  return query_int (db, sql);
}

static void
test_mbox_unchanged_not_read (Fixture       *fixture,
                              gconstpointer  data)
{
  const char * const recipients[] = { "jane@example.com", "bob@example.org", "carla@example.net", NULL };
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *mbox = write_mbox (mail, "Bounces", recipients);
  g_autoptr(GPtrArray) records = scan_recording_new_files (history, mail);
  g_autoptr(sqlite3) db = open_raw (fixture->db_path);
  g_autofree char *sql = NULL;
  gint64 carla_offset;

  g_assert_cmpuint (records->len, ==, 3);
  carla_offset = ((BounceRecord *) records->pdata[2])->offset;
  g_assert_cmpint (carla_offset, >, 0);
  g_clear_pointer (&records, g_ptr_array_unref);
  g_assert_cmpint (count_mbox_messages (db, mail, "Bounces"), ==, 3);
  g_assert_cmpint (count_file_rows (db, mail, "Bounces"), ==, 0);

  /* The row's first message now has Bob's hash. A rescan that reports
   * Bob first took the row's word and did not read or hash the file. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE mbox_files SET messages = CAST("
                                     "substr(messages, 1, 8) || substr(messages, 49, 32) || substr(messages, 41) "
                                     "AS BLOB)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (count_mbox_messages (db, mail, "Bounces"), ==, 3);
  records = scan_recording_new_files (history, mail);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpstr (record_recipient (records, 0), ==, "bob@example.org");
  g_assert_cmpstr (((BounceRecord *) records->pdata[0])->file, ==, mbox);
  g_assert_cmpint (((BounceRecord *) records->pdata[0])->offset, ==, 0);
  g_assert_cmpstr (record_recipient (records, 1), ==, "bob@example.org");
  g_assert_cmpstr (record_recipient (records, 2), ==, "carla@example.net");
  g_assert_cmpint (((BounceRecord *) records->pdata[2])->offset, ==, carla_offset);
  g_assert_cmpuint (((BounceRecord *) records->pdata[2])->index, ==, 2);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Without a parse cache entry of this build for Carla's message, and
   * without chunks of this build, the first two messages come from the
   * parse cache and the file is read for the third. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE mbox_chunks SET stamp = 'older build'", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sql = g_strdup_printf ("UPDATE parse_cache SET stamp = 'older build' WHERE hash = "
                         "(SELECT substr(messages, 89, 32) FROM mbox_files WHERE folder = '%s')", mail);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  records = scan_recording_new_files (history, mail);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpstr (record_recipient (records, 0), ==, "bob@example.org");
  g_assert_cmpstr (record_recipient (records, 1), ==, "bob@example.org");
  g_assert_cmpstr (record_recipient (records, 2), ==, "carla@example.net");
  g_assert_cmpint (((BounceRecord *) records->pdata[2])->offset, ==, carla_offset);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Without any entry of this build, the whole file is read. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE parse_cache SET stamp = 'older build'; "
                                     "UPDATE mbox_chunks SET stamp = 'older build'", NULL, NULL, NULL), ==, SQLITE_OK);
  records = scan_recording_new_files (history, mail);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpstr (record_recipient (records, 0), ==, "jane@example.com");
  g_assert_cmpstr (record_recipient (records, 1), ==, "bob@example.org");
  g_assert_cmpstr (record_recipient (records, 2), ==, "carla@example.net");
  g_assert_cmpuint (bounce_history_count_bounces (history), ==, 3);
}

/* Returns the number of chunks recorded for @folder/@name, checking that
 * they are numbered by their first message: 0, then one every
 * BOUNCE_HISTORY_MBOX_CHUNK messages. */
static gint64
count_chunks (sqlite3    *db,
              const char *folder,
              const char *name)
{
  g_autofree char *where = g_strdup_printf ("FROM mbox_chunks WHERE folder = '%s' AND name = '%s'", folder, name);
  g_autofree char *count = g_strconcat ("SELECT count(*) ", where, NULL);
  g_autofree char *last = g_strconcat ("SELECT coalesce(max(first), -1) ", where, NULL);
  gint64 n = query_int (db, count);

  g_assert_cmpint (query_int (db, last), ==, n > 0 ? (n - 1) * BOUNCE_HISTORY_MBOX_CHUNK : -1);

  return n;
}

static void
assert_same_records (GPtrArray *records,
                     GPtrArray *expected)
{
  g_assert_cmpuint (records->len, ==, expected->len);
  for (guint i = 0; i < records->len; i++)
    {
      const BounceRecord *record = records->pdata[i];
      const BounceRecord *want = expected->pdata[i];

      g_assert_cmpstr (record->recipient, ==, want->recipient);
      g_assert_cmpstr (record->file, ==, want->file);
      g_assert_cmpint (record->offset, ==, want->offset);
      g_assert_cmpuint (record->index, ==, want->index);
      g_assert_cmpint (record->category, ==, want->category);
      g_assert_cmpstr (record->status, ==, want->status);
      g_assert_cmpstr (record->diagnostic, ==, want->diagnostic);
    }
}

/* A rescan of an unchanged mbox takes the records from the history's
 * chunks, a chunk at a time. A chunk that is missing, damaged or names
 * other messages comes from the parse cache and is written again. */
static void
test_mbox_chunks (Fixture       *fixture,
                  gconstpointer  data)
{
  guint n = 2 * BOUNCE_HISTORY_MBOX_CHUNK + 52;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *mbox = NULL;
  g_autoptr(GPtrArray) first_scan = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(sqlite3) db = NULL;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (names, g_strdup_printf ("contact.%u@example.com", i));
  g_ptr_array_add (names, NULL);
  mbox = write_mbox (mail, "Bounces", (const char * const *) names->pdata);

  first_scan = scan_recording_new_files (history, mail);
  g_assert_cmpuint (first_scan->len, ==, n);
  db = open_raw (fixture->db_path);
  g_assert_cmpint (count_chunks (db, mail, "Bounces"), ==, 3);

  /* Without the parse cache, the records come from the chunks alone,
   * and nothing is parsed or written to the cache again. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE parse_cache SET stamp = 'older build ' || stamp", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  records = scan_recording_new_files (history, mail);
  assert_same_records (records, first_scan);
  g_clear_pointer (&records, g_ptr_array_unref);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM parse_cache WHERE stamp NOT LIKE 'older build %'"), ==, 0);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE parse_cache SET stamp = substr(stamp, 13)", NULL, NULL, NULL), ==, SQLITE_OK);

  /* A cut chunk, a chunk with another message's entry first and a
   * missing chunk are each taken from the parse cache and written again. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE mbox_chunks SET entries = substr(entries, 1, 100) WHERE first = 1024",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  records = scan_recording_new_files (history, mail);
  assert_same_records (records, first_scan);
  g_clear_pointer (&records, g_ptr_array_unref);
  g_assert_cmpint (query_int (db, "SELECT length(entries) > 1000 FROM mbox_chunks WHERE first = 1024"), ==, 1);

  g_assert_cmpint (sqlite3_exec (db, "UPDATE mbox_chunks SET entries = "
                                     "(SELECT entries FROM mbox_chunks WHERE first = 1024) WHERE first = 0",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  records = scan_recording_new_files (history, mail);
  assert_same_records (records, first_scan);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* As in a history recorded before the chunks existed. */
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM mbox_chunks", NULL, NULL, NULL), ==, SQLITE_OK);
  records = scan_recording_new_files (history, mail);
  assert_same_records (records, first_scan);
  g_clear_pointer (&records, g_ptr_array_unref);
  g_assert_cmpint (count_chunks (db, mail, "Bounces"), ==, 3);

  /* The chunks of the now shorter mbox replace all of the old ones. */
  g_ptr_array_remove_range (names, BOUNCE_HISTORY_MBOX_CHUNK + 10, n - BOUNCE_HISTORY_MBOX_CHUNK - 10);
  g_free (write_mbox (mail, "Bounces", (const char * const *) names->pdata));
  records = scan_recording_new_files (history, mail);
  g_assert_cmpuint (records->len, ==, BOUNCE_HISTORY_MBOX_CHUNK + 10);
  g_clear_pointer (&records, g_ptr_array_unref);
  g_assert_cmpint (count_chunks (db, mail, "Bounces"), ==, 2);

  /* An mbox replaced by a single message leaves no chunks. */
  g_assert_cmpint (g_unlink (mbox), ==, 0);
  g_free (write_hard_bounce (mail, "Bounces", "jane@example.com"));
  set_old_mtime (mbox);
  records = scan_recording_new_files (history, mail);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpint (count_chunks (db, mail, "Bounces"), ==, 0);
}

/* Light records leave out the texts a clean never reads, and only for
 * messages that come from the history's chunks. */
static void
test_mbox_light_records (Fixture       *fixture,
                         gconstpointer  data)
{
  const char * const recipients[] = { "jane@example.com", "bob@example.org", NULL };
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
  g_autoptr(GPtrArray) whole = NULL;
  g_autoptr(GPtrArray) light = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *other = g_build_filename (fixture->dir, "other", NULL);
  g_autofree char *mbox = write_mbox (mail, "Bounces", recipients);
  g_autofree char *unrecorded = write_mbox (other, "Bounces", recipients);
  const char *paths[] = { mail, NULL };
  const char *other_paths[] = { other, NULL };

  whole = scan_recording_new_files (history, mail);
  g_assert_cmpuint (whole->len, ==, 2);

  bounce_scanner_set_n_threads (scanner, 1);
  bounce_scanner_set_history (scanner, history);
  bounce_scanner_set_light_records (scanner, TRUE);
  bounce_scanner_scan (scanner, paths, collect_record_cb, light, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (light->len, ==, whole->len);
  for (guint i = 0; i < light->len; i++)
    {
      const BounceRecord *record = light->pdata[i];
      const BounceRecord *want = whole->pdata[i];

      g_assert_cmpstr (want->diagnostic, !=, "");
      g_assert_cmpstr (want->original_headers, !=, "");
      g_assert_cmpstr (record->diagnostic, ==, "");
      g_assert_cmpstr (record->remote_mta, ==, "");
      g_assert_cmpstr (record->subject, ==, "");
      g_assert_cmpstr (record->original_headers, ==, "");
      g_assert_cmpstr (record->recipient, ==, want->recipient);
      g_assert_cmpstr (record->status, ==, want->status);
      g_assert_cmpstr (record->original_message_id, ==, want->original_message_id);
      g_assert_cmpint (record->category, ==, want->category);
      g_assert_cmpint (record->offset, ==, want->offset);
      g_assert_true (g_date_time_equal (record->date, want->date));
    }

  /* An mbox the history has not recorded is parsed whole. */
  bounce_scanner_scan (scanner, other_paths, collect_record_cb, fresh, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fresh->len, ==, 2);
  g_assert_cmpstr (((BounceRecord *) fresh->pdata[0])->diagnostic, !=, "");
}

/* bounce-cli clean reads the contact file during a scan only when the
 * history recorded every bounce file as it is, which makes the scan short. */
static void
test_mbox_paths_recorded (Fixture       *fixture,
                          gconstpointer  data)
{
  const char * const recipients[] = { "jane@example.com", "bob@example.org", NULL };
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
  g_autoptr(BounceScanner) without_history = bounce_scanner_new ();
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *mbox = write_mbox (mail, "Bounces", recipients);
  g_autofree char *other = write_mbox (mail, "Other", recipients);
  const char *both[] = { mbox, other, NULL };
  const char *one[] = { mbox, NULL };
  const char *folder[] = { mail, NULL };
  g_autoptr(GPtrArray) records = NULL;

  bounce_scanner_set_history (scanner, history);
  g_assert_false (bounce_scanner_paths_are_recorded (scanner, one));

  records = scan_recording_new_files (history, mbox);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_true (bounce_scanner_paths_are_recorded (scanner, one));
  g_assert_false (bounce_scanner_paths_are_recorded (scanner, both));
  g_assert_false (bounce_scanner_paths_are_recorded (scanner, folder));
  g_assert_false (bounce_scanner_paths_are_recorded (without_history, one));

  /* A write changes the stamp. */
  replace_in_place (mbox, "bob@example.org", "rob@example.org");
  g_assert_false (bounce_scanner_paths_are_recorded (scanner, one));
}

/* Each change below keeps the file's name and the records of its old
 * messages in the parse cache, so a scan that trusted the old row would
 * report the old recipients. */
static void
test_mbox_changed_read_again (Fixture       *fixture,
                              gconstpointer  data)
{
  const char * const recipients[] = { "jane@example.com", "bob@example.org", "carla@example.net", NULL };
  const char * const same_size[] = { "jane@example.com", "rob@example.org", "clara@example.net", NULL };
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *mbox = write_mbox (mail, "Bounces", recipients);
  g_autofree char *replacement = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) records = scan_recording_new_files (history, mail);
  g_autoptr(sqlite3) db = open_raw (fixture->db_path);
  gsize length = 0;
  gint64 carla_offset;
  GStatBuf before;
  GStatBuf after;

  g_assert_cmpuint (records->len, ==, 3);
  carla_offset = ((BounceRecord *) records->pdata[2])->offset;
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Edited in the middle, in place, to the same size. */
  replace_in_place (mbox, "bob@example.org", "rob@example.org");
  records = scan_recording_new_files (history, mail);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpstr (record_recipient (records, 0), ==, "jane@example.com");
  g_assert_cmpstr (record_recipient (records, 1), ==, "rob@example.org");
  g_assert_cmpstr (record_recipient (records, 2), ==, "carla@example.net");
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Cut before the third message. */
  g_assert_true (g_file_get_contents (mbox, &text, &length, NULL));
  g_assert_cmpint (truncate (mbox, (off_t) carla_offset), ==, 0);
  records = scan_recording_new_files (history, mail);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpstr (record_recipient (records, 1), ==, "rob@example.org");
  g_clear_pointer (&records, g_ptr_array_unref);
  g_assert_cmpint (count_mbox_messages (db, mail, "Bounces"), ==, 2);

  /* The third message appended again. */
  g_assert_true (g_file_set_contents (mbox, text, (gssize) length, NULL));
  records = scan_recording_new_files (history, mail);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpstr (record_recipient (records, 2), ==, "carla@example.net");
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Replaced by another file of the same size and modification time. */
  set_old_mtime (mbox);
  records = scan_recording_new_files (history, mail);
  g_clear_pointer (&records, g_ptr_array_unref);
  replacement = write_mbox (mail, "Bounces.new", same_size);
  g_assert_cmpint (g_stat (mbox, &before), ==, 0);
  g_assert_cmpint (g_rename (replacement, mbox), ==, 0);
  g_assert_cmpint (g_stat (mbox, &after), ==, 0);
  g_assert_cmpint (after.st_size, ==, before.st_size);
  g_assert_cmpint (after.st_mtime, ==, before.st_mtime);
  records = scan_recording_new_files (history, mail);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpstr (record_recipient (records, 2), ==, "clara@example.net");
  g_assert_cmpuint (bounce_history_count_bounces (history), ==, 5);
}

/* An mbox with a message that yields no hash, such as an empty one, is
 * read on each scan, since the history could not hand out that record. */
static void
test_mbox_unreadable_not_recorded (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *message = dsn_fixture_new ("jane@example.com", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000",
                                              "send-1@example.com");
  g_autofree char *text = g_strdup_printf ("From MAILER-DAEMON Mon Nov  2 10:00:00 2026\n"
                                           "From MAILER-DAEMON Mon Nov  2 10:00:00 2026\n%s\n", message);
  g_autofree char *mbox = write_file (mail, "Bounces", text);
  g_autoptr(GPtrArray) records = scan_recording_new_files (history, mail);
  g_autoptr(sqlite3) db = open_raw (fixture->db_path);

  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpint (((BounceRecord *) records->pdata[0])->category, ==, BOUNCE_CATEGORY_UNREADABLE);
  g_assert_cmpint (count_mbox_messages (db, mail, "Bounces"), ==, -1);
  g_assert_cmpuint (bounce_history_count_bounces (history), ==, 1);
}

/* Escalation */

static void
add_soft (BounceHistory *history,
          const char    *dir,
          const char    *name,
          const char    *recipient,
          const char    *date,
          const char    *message_id)
{
  g_autofree char *path = write_dsn (dir, name, recipient, "4.2.2", date, message_id);
  g_autoptr(GPtrArray) records = scan (history, path);

  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpint (((BounceRecord *) records->pdata[0])->category, ==, BOUNCE_CATEGORY_SOFT);
}

static void
evaluate (BounceHistory        *history,
          const char           *address,
          guint                 n,
          guint                 d,
          BounceHistoryVerdict *verdict)
{
  g_autoptr(GError) error = NULL;

  bounce_history_evaluate (history, address, n, d, NULL, verdict, &error);
  g_assert_no_error (error);
}

/* Records soft bounces of carla@example.org on 2, 9 and 16 November
 * 2026, one a week, about the sent messages with @message_ids. */
static void
add_weekly_soft (BounceHistory      *history,
                 const char         *mail,
                 const char * const  message_ids[3])
{
  static const char * const dates[] = {
    "Mon, 2 Nov 2026 10:00:00 +0000",
    "Mon, 9 Nov 2026 10:00:00 +0000",
    "Mon, 16 Nov 2026 10:00:00 +0000",
  };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *name = g_strdup_printf ("%u.eml", i + 1);

      add_soft (history, mail, name, "carla@example.org", dates[i], message_ids[i]);
    }
}

static void
test_escalation_distinct_sends (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  const char * const message_ids[] = { "a@example.com", "b@example.com", "c@example.com" };
  BounceHistoryVerdict verdict = { 0 };

  add_weekly_soft (history, mail, message_ids);

  evaluate (history, "Carla@Example.org", 3, 7, &verdict);
  g_assert_true (verdict.escalated);
  g_assert_cmpuint (verdict.n_sends, ==, 3);
  g_assert_cmpstr (verdict.text, ==, "3 soft bounces between 2 and 16 November 2026");
  bounce_history_verdict_clear (&verdict);
}

/* The cleaner passes addresses that the contact list normalized, and
 * _bounce_history_evaluate_full() then looks them up as they are. */
static void
test_escalation_normalized_address (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  const char * const message_ids[] = { "a@example.com", "b@example.com", "c@example.com" };
  BounceHistoryVerdict verdict = { 0 };

  add_weekly_soft (history, mail, message_ids);

  g_assert_true (_bounce_history_evaluate_full (history, "carla@example.org", 3, 7, NULL, FALSE, TRUE,
                                                &verdict, &error));
  g_assert_no_error (error);
  g_assert_true (verdict.escalated);
  g_assert_cmpuint (verdict.n_sends, ==, 3);
  g_assert_null (verdict.text);
  bounce_history_verdict_clear (&verdict);

  /* Without the flag, another spelling is normalized first. */
  g_assert_true (_bounce_history_evaluate_full (history, " Carla@EXAMPLE.org", 3, 7, NULL, TRUE, FALSE,
                                                &verdict, &error));
  g_assert_no_error (error);
  g_assert_true (verdict.escalated);
  g_assert_cmpuint (verdict.n_sends, ==, 3);
  g_assert_cmpstr (verdict.text, ==, "3 soft bounces between 2 and 16 November 2026");
  bounce_history_verdict_clear (&verdict);
}

static void
test_escalation_retries (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  const char * const retried_ids[] = { "a@example.com", "a@example.com", "a@example.com" };
  BounceHistoryVerdict verdict = { 0 };

  /* Three reports about one campaign message: retries, one send. */
  add_weekly_soft (history, mail, retried_ids);
  evaluate (history, "carla@example.org", 3, 7, &verdict);
  g_assert_false (verdict.escalated);
  g_assert_cmpuint (verdict.n_sends, ==, 1);
  bounce_history_verdict_clear (&verdict);

  /* Without a Message-ID, reports of one day are one send. */
  add_soft (history, mail, "4.eml", "dan@example.net", "Tue, 3 Nov 2026 08:00:00 +0000", NULL);
  add_soft (history, mail, "5.eml", "dan@example.net", "Tue, 3 Nov 2026 20:00:00 +0000", NULL);
  add_soft (history, mail, "6.eml", "dan@example.net", "Sat, 21 Nov 2026 09:00:00 +0000", NULL);
  evaluate (history, "dan@example.net", 3, 7, &verdict);
  g_assert_false (verdict.escalated);
  g_assert_cmpuint (verdict.n_sends, ==, 2);
  g_assert_cmpstr (verdict.text, ==, "2 soft bounces between 3 and 21 November 2026");
  bounce_history_verdict_clear (&verdict);
}

/* The addresses the soft-bounce rule escalates, as the app's Suppression
 * List page lists them: dan@example.net has three bounces from two sends
 * (two on one day, without a Message-ID). */
static void
test_escalation_list (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  const char * const message_ids[] = { "a@example.com", "b@example.com", "c@example.com" };
  g_autoptr(GPtrArray) escalated = NULL;
  g_autoptr(GError) error = NULL;
  const BounceSuppression *entry;

  add_weekly_soft (history, mail, message_ids);
  add_soft (history, mail, "4.eml", "dan@example.net", "Tue, 3 Nov 2026 08:00:00 +0000", NULL);
  add_soft (history, mail, "5.eml", "dan@example.net", "Tue, 3 Nov 2026 20:00:00 +0000", NULL);
  add_soft (history, mail, "6.eml", "dan@example.net", "Sat, 21 Nov 2026 09:00:00 +0000", NULL);
  add_soft (history, mail, "7.eml", "erik@example.com", "Sat, 21 Nov 2026 09:00:00 +0000", "e@example.com");

  escalated = bounce_history_list_escalated (history, 3, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (escalated->len, ==, 1);
  entry = escalated->pdata[0];
  g_assert_cmpstr (entry->address, ==, "carla@example.org");
  g_assert_cmpstr (entry->category, ==, "soft-limit");
  g_assert_cmpstr (entry->reason, ==, "3 soft bounces between 2 and 16 November 2026");
  g_clear_pointer (&escalated, g_ptr_array_unref);

  /* A limit of 2 takes in dan@example.net too. */
  escalated = bounce_history_list_escalated (history, 2, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (escalated->len, ==, 2);
  g_assert_cmpstr (((BounceSuppression *) escalated->pdata[0])->address, ==, "carla@example.org");
  g_assert_cmpstr (((BounceSuppression *) escalated->pdata[1])->address, ==, "dan@example.net");
  g_clear_pointer (&escalated, g_ptr_array_unref);

  /* A limit of 0 turns the rule off. */
  escalated = bounce_history_list_escalated (history, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (escalated->len, ==, 0);
}

/* The range of the soft bounces always ends with the year, also when
 * it spans two months, and names the first day's year when it differs. */
static void
test_escalation_date_range (Fixture       *fixture,
                            gconstpointer  data)
{
  static const struct {
    const char *first;
    const char *last;
    const char *expected;
  } cases[] = {
    { "Mon, 2 Nov 2026 10:00:00 +0000", "Mon, 16 Nov 2026 10:00:00 +0000",
      "2 soft bounces between 2 and 16 November 2026" },
    { "Fri, 2 Oct 2026 10:00:00 +0000", "Mon, 16 Nov 2026 10:00:00 +0000",
      "2 soft bounces between 2 October and 16 November 2026" },
    { "Wed, 30 Dec 2026 10:00:00 +0000", "Mon, 4 Jan 2027 10:00:00 +0000",
      "2 soft bounces between 30 December 2026 and 4 January 2027" },
    { "Tue, 3 Nov 2026 08:00:00 +0000", "Tue, 3 Nov 2026 20:00:00 +0000",
      "2 soft bounces on 3 November 2026" },
  };
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *address = g_strdup_printf ("contact%u@example.net", i);
      g_autofree char *first_name = g_strdup_printf ("%u-first.eml", i);
      g_autofree char *last_name = g_strdup_printf ("%u-last.eml", i);
      BounceHistoryVerdict verdict = { 0 };

      add_soft (history, mail, first_name, address, cases[i].first, "a@example.com");
      add_soft (history, mail, last_name, address, cases[i].last, "b@example.com");
      evaluate (history, address, 3, 7, &verdict);
      g_assert_cmpstr (verdict.text, ==, cases[i].expected);
      bounce_history_verdict_clear (&verdict);
    }
}

/* A soft bounce dated 1970 or decades ahead, from a server with a wrong
 * clock, counts as a send, but its date is left out of the span, and the
 * description says so. Two bounces of one afternoon then stay below the
 * rule of 3 sends over 7 days. */
static void
test_escalation_implausible_date (Fixture       *fixture,
                                  gconstpointer  data)
{
  static const char * const wrong_dates[] = {
    "Thu, 01 Jan 1970 00:00:00 +0000", "Sat, 2 Nov 2052 10:00:00 +0000",
  };
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (wrong_dates); i++)
    {
      g_autofree char *address = g_strdup_printf ("clock%u@example.net", i);
      g_autofree char *wrong_name = g_strdup_printf ("%u-wrong.eml", i);
      g_autofree char *first_name = g_strdup_printf ("%u-first.eml", i);
      g_autofree char *second_name = g_strdup_printf ("%u-second.eml", i);
      BounceHistoryVerdict verdict = { 0 };

      add_soft (history, mail, wrong_name, address, wrong_dates[i], "a@example.com");
      add_soft (history, mail, first_name, address, "Mon, 2 Nov 2026 14:00:00 +0000", "b@example.com");
      add_soft (history, mail, second_name, address, "Mon, 2 Nov 2026 16:00:00 +0000", "c@example.com");
      evaluate (history, address, 3, 7, &verdict);
      g_assert_cmpuint (verdict.n_sends, ==, 3);
      g_assert_cmpuint (verdict.n_implausible_dates, ==, 1);
      g_assert_false (verdict.escalated);
      g_assert_cmpstr (verdict.text, ==,
                       "3 soft bounces on 2 November 2026; 1 of them has a date before 1990 or over a year "
                       "ahead, which does not count for the span");
      bounce_history_verdict_clear (&verdict);
    }
}

static void
test_escalation_reevaluated (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  BounceHistoryVerdict verdict = { 0 };
  const struct {
    guint    n;
    guint    d;
    gboolean escalated;
  } cases[] = {
    { 3, 7, TRUE },
    { 3, 0, TRUE },
    { 3, 14, TRUE },
    { 3, 15, FALSE },   /* 2 to 16 November is 14 days */
    { 4, 7, FALSE },
    { 2, 7, TRUE },
    { 0, 0, FALSE },    /* 0 turns the rule off */
  };

  add_soft (history, mail, "1.eml", "carla@example.org", "Mon, 2 Nov 2026 23:30:00 +0000", "a@example.com");
  add_soft (history, mail, "2.eml", "carla@example.org", "Mon, 9 Nov 2026 01:00:00 +0000", "b@example.com");
  add_soft (history, mail, "3.eml", "carla@example.org", "Mon, 16 Nov 2026 10:00:00 +0000", "c@example.com");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      evaluate (history, "carla@example.org", cases[i].n, cases[i].d, &verdict);
      g_test_message ("N = %u, D = %u", cases[i].n, cases[i].d);
      g_assert_cmpint (verdict.escalated, ==, cases[i].escalated);
      g_assert_cmpuint (verdict.n_sends, ==, 3);
      bounce_history_verdict_clear (&verdict);
    }
}

/* The cleaner with a history */

static BounceContactList *
load_contacts (Fixture    *fixture,
               const char *name)
{
  g_autofree char *path = write_file (fixture->dir, name,
                                      "Email,Name\r\n"
                                      "jane@example.com,Jane\r\n"
                                      "carla@example.org,Carla\r\n"
                                      "bob@example.org,Bob\r\n"
                                      "eve@example.net,Eve\r\n");
  g_autoptr(GError) error = NULL;
  BounceContactList *list = bounce_contact_list_new_from_file (path, NULL, NULL, &error);

  g_assert_no_error (error);

  return list;
}

/* Cleans a fresh contact file with no records, as after reopening the app,
 * and returns the removed addresses as "address:removal" lines. */
static char *
clean_fresh (Fixture                 *fixture,
             const char              *name,
             const BounceCleanPolicy *policy)
{
  g_autoptr(BounceContactList) contacts = load_contacts (fixture, name);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = bounce_cleaner_new (contacts, records);
  GString *removed = g_string_new (NULL);

  for (guint row = 0; row < bounce_contact_list_get_n_rows (contacts); row++)
    {
      BounceRowVerdict verdict;

      bounce_cleaner_get_verdict (cleaner, policy, row, &verdict);
      if (verdict.removed)
        g_string_append_printf (removed, "%s:%s\n", bounce_contact_list_get_address (contacts, row),
                                verdict.removal);
    }

  return g_string_free (removed, FALSE);
}

/* bounce_cleaner_get_history_verdict() names @entry as the cause of the
 * removal of @row, and its parts make up the description. */
static void
check_history_verdict_suppressed (BounceCleaner           *cleaner,
                                  const BounceCleanPolicy *policy,
                                  guint                    row,
                                  const BounceSuppression *entry)
{
  g_auto(BounceHistoryVerdict) history_verdict = { 0 };
  g_autoptr(BounceSuppression) found = NULL;
  g_autofree char *description = bounce_suppression_dup_description (entry);
  g_autofree char *since = bounce_suppression_dup_since (entry);
  g_autofree char *cause = bounce_suppression_dup_cause (entry);
  g_autofree char *joined = g_strdup_printf ("suppressed since %s: %s", since, cause);

  found = bounce_cleaner_get_history_verdict (cleaner, policy, row, &history_verdict);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->address, ==, entry->address);
  g_assert_cmpint (found->since, ==, entry->since);
  g_assert_null (history_verdict.text);
  g_assert_cmpstr (cause, ==, "hard bounce 5.1.1");
  g_assert_cmpstr (joined, ==, description);
}

static void
test_suppression_fresh_import (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *path = write_hard_bounce (mail, "1.eml", "jane@example.com");
  g_autoptr(GPtrArray) records = scan (history, mail);
  g_autoptr(BounceSuppression) entry = NULL;
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autofree char *description = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *reason = NULL;
  BounceCleanPolicy policy;

  entry = bounce_history_lookup_suppression (history, "jane@example.com");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->category, ==, "hard");
  g_assert_cmpstr (entry->reason, ==, "5.1.1");
  g_assert_cmpint (entry->since, ==, 1793613600);  /* 2 Nov 2026 10:00 UTC */
  description = bounce_suppression_dup_description (entry);
  g_assert_true (g_str_has_prefix (description, "suppressed since "));
  g_assert_true (g_str_has_suffix (description, " 2026: hard bounce 5.1.1"));

  bounce_clean_policy_init (&policy);
  policy.history = history;
  first = clean_fresh (fixture, "contacts.csv", &policy);
  g_assert_cmpstr (first, ==, "jane@example.com:suppressed\n");

  /* Closing and reopening changes nothing. */
  g_clear_object (&history);
  history = history_fixture_open (fixture);
  policy.history = history;
  again = clean_fresh (fixture, "contacts-copy.csv", &policy);
  g_assert_cmpstr (again, ==, first);

  /* The removal gives the reason. */
  contacts = load_contacts (fixture, "contacts-3.csv");
  g_clear_pointer (&records, g_ptr_array_unref);
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  cleaner = bounce_cleaner_new (contacts, records);
  reason = bounce_cleaner_dup_history_reason (cleaner, &policy, 0);
  g_assert_cmpstr (reason, ==, description);
  check_history_verdict_suppressed (cleaner, &policy, 0, entry);

  /* Without a history nothing is removed. */
  policy.history = NULL;
  g_clear_pointer (&again, g_free);
  again = clean_fresh (fixture, "contacts-4.csv", &policy);
  g_assert_cmpstr (again, ==, "");
}

/* A history opened read-only reads what was recorded, rejects writes
 * with an error and leaves the file unchanged. A file whose schema needs
 * an update, and one that does not exist, are not opened. */
/* Sets or clears the immutable attribute of @paths with chattr(1).
 * Returns FALSE where that is not allowed: not root, or a file system
 * without the attribute. */
static gboolean
set_immutable (const char * const *paths,
               gboolean            immutable)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int status = 0;

  g_ptr_array_add (argv, (char *) "chattr");
  g_ptr_array_add (argv, (char *) (immutable ? "+i" : "-i"));
  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) paths[i]);
  g_ptr_array_add (argv, NULL);

  return g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

/* A history in a folder that cannot be written, as after chattr +i,
 * opens read-only, though SQLite cannot create there the -shm file that
 * reading a WAL file needs. */
static void
test_open_read_only_folder (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *folder = g_path_get_dirname (fixture->db_path);
  g_autofree char *shm = g_strconcat (fixture->db_path, "-shm", NULL);
  const char *paths[] = { fixture->db_path, folder, NULL };
  g_autoptr(BounceHistory) read_only = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  g_free (write_hard_bounce (mail, "1.eml", "jane@example.com"));
  {
    g_autoptr(BounceHistory) history = history_fixture_open (fixture);
    g_autoptr(GPtrArray) records = scan (history, mail);
  }
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));

  if (!set_immutable (paths, TRUE))
    {
      g_test_skip ("chattr +i is not allowed here");
      return;
    }

  read_only = bounce_history_open_read_only (fixture->db_path, &error);
  if (read_only != NULL)
    entries = bounce_history_list_suppressions (read_only, NULL, FALSE, &error);
  g_clear_object (&read_only);
  g_assert_true (set_immutable (paths, FALSE));

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((BounceSuppression *) entries->pdata[0])->address, ==, "jane@example.com");
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* A file that can be written, in a folder that cannot: without a -wal
   * file beside it, nothing writes to it either. */
  g_assert_true (set_immutable (paths + 1, TRUE));
  read_only = bounce_history_open_read_only (fixture->db_path, &error);
  if (read_only != NULL)
    entries = bounce_history_list_suppressions (read_only, NULL, FALSE, &error);
  g_clear_object (&read_only);
  g_assert_true (set_immutable (paths + 1, FALSE));

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, ==, 1);
}

static void
test_open_read_only_handle (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *old_path = g_build_filename (fixture->dir, "old.db", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(BounceHistory) read_only = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  gsize before_length;
  gsize after_length;

  g_free (write_hard_bounce (mail, "1.eml", "jane@example.com"));
  {
    g_autoptr(BounceHistory) history = history_fixture_open (fixture);
    g_autoptr(GPtrArray) records = scan (history, mail);
  }
  g_file_get_contents (fixture->db_path, &before, &before_length, &error);
  g_assert_no_error (error);

  read_only = bounce_history_open_read_only (fixture->db_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read_only);
  g_assert_true (bounce_history_is_read_only (read_only));
  g_assert_cmpint (bounce_history_get_schema_version (read_only), ==, _bounce_history_get_latest_schema_version ());
  entries = bounce_history_list_suppressions (read_only, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((BounceSuppression *) entries->pdata[0])->address, ==, "jane@example.com");

  g_assert_false (bounce_history_suppress (read_only, "dan@example.net", "manual", "test", "test", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_clear_object (&read_only);
  g_file_get_contents (fixture->db_path, &after, &after_length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (before, before_length, after, after_length);

  {
    g_autoptr(BounceHistory) old = _bounce_history_open_at_version (old_path,
                                                                    _bounce_history_get_latest_schema_version () - 1,
                                                                    &error);

    g_assert_no_error (error);
  }
  read_only = bounce_history_open_read_only (old_path, &error);
  g_assert_null (read_only);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "must be updated"));
  g_clear_error (&error);

  read_only = bounce_history_open_read_only (missing, &error);
  g_assert_null (read_only);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

static void
test_suppression_remove_restore (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *path = write_hard_bounce (mail, "1.eml", "jane@example.com");
  g_autoptr(GPtrArray) records = scan (history, mail);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *removed = NULL;
  BounceCleanPolicy policy;

  bounce_clean_policy_init (&policy);
  policy.history = history;

  g_assert_true (bounce_history_unsuppress (history, "Jane@Example.com", &error));
  g_assert_no_error (error);
  g_assert_null (bounce_history_lookup_suppression (history, "jane@example.com"));
  removed = clean_fresh (fixture, "a.csv", &policy);
  g_assert_cmpstr (removed, ==, "");

  /* The removed entry is kept, so it can be listed and restored. */
  entries = bounce_history_list_suppressions (history, "jane", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_false (((BounceSuppression *) entries->pdata[0])->active);

  /* Scanning the same bounce again does not bring it back. */
  g_clear_pointer (&records, g_ptr_array_unref);
  records = scan (history, mail);
  g_assert_null (bounce_history_lookup_suppression (history, "jane@example.com"));

  g_assert_true (bounce_history_restore_suppression (history, "jane@example.com", &error));
  g_assert_no_error (error);
  g_clear_pointer (&removed, g_free);
  removed = clean_fresh (fixture, "b.csv", &policy);
  g_assert_cmpstr (removed, ==, "jane@example.com:suppressed\n");

  /* --keep-hard keeps addresses listed for a hard bounce. */
  policy.remove_hard = FALSE;
  g_clear_pointer (&removed, g_free);
  removed = clean_fresh (fixture, "c.csv", &policy);
  g_assert_cmpstr (removed, ==, "");

  g_assert_false (bounce_history_unsuppress (history, "nobody@example.com", &error));
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND);
}

/* A keep outweighs the bounces dated before it and a provider's import,
 * read after the keep, as it does when clean --keep records it after the
 * scan: the address stays off the suppression list. Their entries are
 * recorded, and come back when the address is no longer kept. */
static void
test_kept_outweighs_older_bounce (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *import = write_file (fixture->dir, "provider.csv",
                                        "email,reason\njane@example.com,bounced\nbob@example.org,bounced\n");
  g_autoptr(BounceSuppression) jane_entry = NULL;
  g_autoptr(BounceSuppression) bob_entry = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  gboolean restored = FALSE;
  guint n_added = 0;

  /* Kept now, after the bounce of 2 Nov 2026 that is read next. */
  g_assert_true (bounce_history_keep_address (history, "jane@example.com", NULL, &error));
  g_assert_no_error (error);
  g_free (write_hard_bounce (mail, "1.eml", "jane@example.com"));
  records = scan (history, mail);
  g_assert_cmpuint (records->len, ==, 1);
  jane_entry = bounce_history_lookup_suppression (history, "jane@example.com");
  g_assert_null (jane_entry);

  g_assert_true (bounce_history_import_suppressions (history, import, &n_added, NULL, &error));
  g_assert_no_error (error);
  jane_entry = bounce_history_lookup_suppression (history, "jane@example.com");
  g_assert_null (jane_entry);
  bob_entry = bounce_history_lookup_suppression (history, "bob@example.org");
  g_assert_nonnull (bob_entry);

  /* The entry is recorded, off the list. */
  listed = bounce_history_list_suppressions (history, "jane", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_false (((BounceSuppression *) listed->pdata[0])->active);

  g_assert_true (bounce_history_stop_keeping (history, "jane@example.com", &restored, &error));
  g_assert_no_error (error);
  g_assert_true (restored);
  jane_entry = bounce_history_lookup_suppression (history, "jane@example.com");
  g_assert_nonnull (jane_entry);
}

/* An imported row dated after the keep, such as a later unsubscribe, is
 * listed. A row dated before the keep, or undated, is held back by the
 * keep, counted as not added and named among the rows not imported. */
static void
test_kept_import_by_date (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *import = write_file (fixture->dir, "unsubscribed.csv",
                                        "email,reason,date\n"
                                        "ann@example.com,unsubscribed,2026-11-02\n"
                                        "bea@example.com,unsubscribed,2025-06-01\n"
                                        "cy@example.com,unsubscribed,\n");
  g_autoptr(sqlite3) db = open_raw (fixture->db_path);
  g_autoptr(BounceSuppression) ann_entry = NULL;
  g_autoptr(BounceSuppression) bea_entry = NULL;
  g_autoptr(BounceSuppression) cy_entry = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) skipped = NULL;
  g_autoptr(GError) error = NULL;
  const BounceDiagnostic *bea_row;
  const BounceDiagnostic *cy_row;

  g_assert_true (bounce_history_keep_address (history, "ann@example.com", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bounce_history_keep_address (history, "bea@example.com", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bounce_history_keep_address (history, "cy@example.com", NULL, &error));
  g_assert_no_error (error);
  /* Kept on 1 Jan 2026. */
  exec_raw (db, "UPDATE kept SET since = 1767225600");

  g_assert_true (bounce_history_import_suppressions_full (history, import, BOUNCE_HISTORY_IMPORT_NONE,
                                                          &added, &skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added->len, ==, 1);
  g_assert_cmpstr (((BounceSuppression *) added->pdata[0])->address, ==, "ann@example.com");

  g_assert_cmpuint (skipped->len, ==, 2);
  bea_row = skipped->pdata[0];
  cy_row = skipped->pdata[1];
  g_assert_cmpuint (bea_row->line, ==, 3);
  g_assert_cmpstr (bea_row->code, ==, "kept-address");
  g_assert_nonnull (strstr (bea_row->message, "bea@example.com"));
  g_assert_cmpuint (cy_row->line, ==, 4);
  g_assert_cmpstr (cy_row->code, ==, "kept-address");

  ann_entry = bounce_history_lookup_suppression (history, "ann@example.com");
  g_assert_nonnull (ann_entry);
  bea_entry = bounce_history_lookup_suppression (history, "bea@example.com");
  g_assert_null (bea_entry);
  cy_entry = bounce_history_lookup_suppression (history, "cy@example.com");
  g_assert_null (cy_entry);
}

/* A kept address stays kept in every later clean, read through another
 * connection as a later run of bounce-cli or the app would, until it is
 * no longer kept. Keeping takes its suppression entry off the list, and
 * stopping puts it back. */
static void
test_kept_later_cleans (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autoptr(BounceHistory) later = NULL;
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *removed = NULL;
  BounceKeptAddress *first;
  BounceCleanPolicy policy;
  gboolean unsuppressed = FALSE;
  gboolean restored = FALSE;
  gint64 since = 0;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  g_free (write_hard_bounce (mail, "1.eml", "jane@example.com"));
  records = scan (history, mail);
  {
    g_autoptr(BounceSuppression) entry = bounce_history_lookup_suppression (history, "jane@example.com");

    g_assert_nonnull (entry);
  }

  g_assert_true (bounce_history_keep_address (history, "Jane@Example.com", &unsuppressed, &error));
  g_assert_no_error (error);
  g_assert_true (unsuppressed);
  g_assert_null (bounce_history_lookup_suppression (history, "jane@example.com"));
  g_assert_true (bounce_history_keep_address (history, "bob@example.org", &unsuppressed, &error));
  g_assert_false (unsuppressed);
  /* Keeping again changes nothing. */
  g_assert_true (bounce_history_keep_address (history, "jane@example.com", &unsuppressed, &error));
  g_assert_no_error (error);
  g_assert_false (unsuppressed);

  later = history_fixture_open (fixture);
  g_assert_true (bounce_history_lookup_kept (later, "jane@example.com", &since));
  g_assert_cmpint (since, >=, before);
  g_assert_false (bounce_history_lookup_kept (later, "carla@example.org", NULL));
  kept = bounce_history_list_kept (later, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kept->len, ==, 2);
  first = kept->pdata[0];
  g_assert_cmpstr (first->address, ==, "bob@example.org");
  g_assert_false (first->unsuppressed);
  g_assert_cmpstr (((BounceKeptAddress *) kept->pdata[1])->address, ==, "jane@example.com");
  g_assert_true (((BounceKeptAddress *) kept->pdata[1])->unsuppressed);

  /* The hard bounce of this run would remove her, and the choice keeps
   * her. A later clean from the history alone keeps her too. */
  bounce_clean_policy_init (&policy);
  policy.history = later;
  removed = clean_fresh (fixture, "a.csv", &policy);
  g_assert_cmpstr (removed, ==, "");
  {
    g_autoptr(BounceContactList) contacts = load_contacts (fixture, "b.csv");
    g_autoptr(BounceCleaner) cleaner = bounce_cleaner_new (contacts, records);
    BounceRowVerdict verdict;
    BounceCleanSummary summary;

    bounce_cleaner_get_verdict (cleaner, &policy, 0, &verdict);
    g_assert_false (verdict.removed);
    g_assert_true (verdict.kept_by_choice);
    g_assert_cmpstr (verdict.overridden_removal, ==, "hard");
    g_assert_cmpint (verdict.kept_since, ==, since);
    /* The bounce of 2 Nov 2026 came before the choice. */
    g_assert_false (verdict.bounced_since_kept);
    bounce_cleaner_summarize (cleaner, &policy, &summary);
    g_assert_cmpuint (summary.rows_kept_by_choice, ==, 1);
    g_assert_cmpuint (summary.rows_bounced_since_kept, ==, 0);
  }

  /* No longer kept: the entry is back and removes her again. */
  g_assert_true (bounce_history_stop_keeping (later, "JANE@example.com", &restored, &error));
  g_assert_no_error (error);
  g_assert_true (restored);
  g_assert_false (bounce_history_lookup_kept (history, "jane@example.com", NULL));
  g_clear_pointer (&removed, g_free);
  removed = clean_fresh (fixture, "c.csv", &policy);
  g_assert_cmpstr (removed, ==, "jane@example.com:suppressed\n");

  g_assert_true (bounce_history_stop_keeping (later, "bob@example.org", &restored, &error));
  g_assert_false (restored);
  g_assert_false (bounce_history_stop_keeping (later, "bob@example.org", NULL, &error));
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (bounce_history_keep_address (later, "not an address", NULL, &error));
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT);
}

/* A kept address that hard-bounces after the choice stays kept, and the
 * verdict records that it bounced since. */
static void
test_kept_bounced_since (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(BounceCleaner) fresh = NULL;
  g_autoptr(GPtrArray) no_records = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = NULL;
  BounceCleanPolicy policy;
  BounceRowVerdict verdict;
  BounceCleanSummary summary;

  /* Kept on 1 Nov 2026, before the bounce of 2 Nov 2026. */
  g_assert_true (bounce_history_keep_address (history, "jane@example.com", NULL, &error));
  g_assert_no_error (error);
  db = open_raw (fixture->db_path);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE kept SET since = 1793491200", NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&db, sqlite3_close);

  g_free (write_hard_bounce (mail, "1.eml", "jane@example.com"));
  records = scan (history, mail);
  {
    g_autoptr(BounceSuppression) entry = bounce_history_lookup_suppression (history, "jane@example.com");

    g_assert_nonnull (entry);
  }

  bounce_clean_policy_init (&policy);
  policy.history = history;
  contacts = load_contacts (fixture, "a.csv");
  cleaner = bounce_cleaner_new (contacts, records);
  bounce_cleaner_get_verdict (cleaner, &policy, 0, &verdict);
  g_assert_false (verdict.removed);
  g_assert_true (verdict.kept_by_choice);
  g_assert_cmpint (verdict.kept_since, ==, 1793491200);
  g_assert_true (verdict.bounced_since_kept);
  bounce_cleaner_summarize (cleaner, &policy, &summary);
  g_assert_cmpuint (summary.rows_kept_by_choice, ==, 1);
  g_assert_cmpuint (summary.rows_bounced_since_kept, ==, 1);

  /* Without the bounce loaded, its suppression entry gives the same verdict. */
  fresh = bounce_cleaner_new (contacts, no_records);
  bounce_cleaner_get_verdict (fresh, &policy, 0, &verdict);
  g_assert_true (verdict.kept_by_choice);
  g_assert_cmpstr (verdict.overridden_removal, ==, "suppressed");
  g_assert_true (verdict.bounced_since_kept);
}

/* A choice of this run only (policy.kept_addresses) has no date. */
static void
test_kept_this_run (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(BounceContactList) contacts = load_contacts (fixture, "a.csv");
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(BounceCleaner) cleaner = bounce_cleaner_new (contacts, records);
  g_autoptr(GError) error = NULL;
  BounceCleanPolicy policy;
  BounceRowVerdict verdict;

  g_assert_true (bounce_history_suppress (history, "jane@example.com", "manual", "", "", &error));
  g_assert_no_error (error);
  g_hash_table_add (kept, (gpointer) "jane@example.com");
  bounce_clean_policy_init (&policy);
  policy.history = history;
  policy.kept_addresses = kept;

  bounce_cleaner_get_verdict (cleaner, &policy, 0, &verdict);
  g_assert_true (verdict.kept_by_choice);
  g_assert_cmpstr (verdict.overridden_removal, ==, "suppressed");
  g_assert_cmpint (verdict.kept_since, ==, 0);
  g_assert_false (verdict.bounced_since_kept);
  g_assert_false (bounce_history_lookup_kept (history, "jane@example.com", NULL));
}

/* The list and the export put "sup2" before "sup10", as the app's page
 * does, not in byte order. The count of entries agrees with the list. */
static void
test_suppression_list_order (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "export.csv", NULL);
  g_autofree char *exported = NULL;
  const char *added[] = { "sup10@example.com", "sup1@example.com", "anna@example.org", "sup2@example.com" };
  const char *expected[] = { "anna@example.org", "sup1@example.com", "sup2@example.com", "sup10@example.com" };

  for (guint i = 0; i < G_N_ELEMENTS (added); i++)
    {
      g_assert_true (bounce_history_suppress (history, added[i], "manual", "test", "test", &error));
      g_assert_no_error (error);
    }

  entries = bounce_history_list_suppressions (history, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (((BounceSuppression *) entries->pdata[i])->address, ==, expected[i]);

  g_assert_true (bounce_history_export_suppressions (history, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &exported, NULL, &error));
  g_assert_true (strstr (exported, "\nsup2@example.com,") < strstr (exported, "\nsup10@example.com,"));
  g_assert_true (strstr (exported, "\nsup1@example.com,") < strstr (exported, "\nsup2@example.com,"));

  /* The count leaves out removed entries, as the list does. */
  g_assert_cmpuint (bounce_history_count_suppressions (history), ==, G_N_ELEMENTS (added));
  g_assert_true (bounce_history_unsuppress (history, "sup2@example.com", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_history_count_suppressions (history), ==, G_N_ELEMENTS (added) - 1);
}

/* A hard bounce for a forward's target whose Original-Recipient is a
 * contact suppresses the target alone, because the contact may be a group
 * alias that still delivers to its other members. The clean that reads
 * the bounce keeps the contact to check, and so does a later clean. */
static void
test_suppression_original_recipient (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *dsn = dsn_fixture_new ("eve.new@example.net", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000",
                                          "send-1@example.com");
  g_autoptr(GString) forwarded = g_string_new (dsn);
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(BounceSuppression) target = NULL;
  g_autoptr(BounceSuppression) contact = NULL;
  g_autofree char *removed = NULL;
  BounceCleanPolicy policy;

  g_string_replace (forwarded, "Final-Recipient:", "Original-Recipient: rfc822; Eve@Example.net\nFinal-Recipient:", 1);
  path = write_file (mail, "forward.eml", forwarded->str);
  records = scan (history, mail);
  g_assert_cmpuint (records->len, ==, 1);

  target = bounce_history_lookup_suppression (history, "eve.new@example.net");
  contact = bounce_history_lookup_suppression (history, "eve@example.net");
  g_assert_nonnull (target);
  g_assert_null (contact);

  bounce_clean_policy_init (&policy);
  policy.history = history;
  removed = clean_fresh (fixture, "later.csv", &policy);
  g_assert_cmpstr (removed, ==, "");
}

/* A write from within a run of lookups ends their read transaction
 * instead of failing, and the lookups after it see the write. */
static void
test_read_transaction_write (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autoptr(BounceHistoryRead) read = NULL;
  g_autoptr(BounceHistoryRead) nested = NULL;
  g_autoptr(BounceSuppression) entry = NULL;
  g_autoptr(GError) error = NULL;

  read = _bounce_history_begin_read (history);
  nested = _bounce_history_begin_read (history);
  g_assert_null (bounce_history_lookup_suppression (history, "jane@example.com"));

  g_assert_true (bounce_history_suppress (history, "jane@example.com", "manual", "asked", "test", &error));
  g_assert_no_error (error);
  entry = bounce_history_lookup_suppression (history, "jane@example.com");
  g_assert_nonnull (entry);
  g_assert_true (entry->active);

  g_clear_pointer (&nested, _bounce_history_end_read);
  g_clear_pointer (&read, _bounce_history_end_read);
  g_assert_true (bounce_history_unsuppress (history, "jane@example.com", &error));
  g_assert_no_error (error);
}

static void
test_suppression_import_export (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *import = write_file (fixture->dir, "other-tool.csv",
                                        "Email Address,Reason,Created\n"
                                        "Eve@Example.net,unsubscribed,2026-10-01\n"
                                        "bob@example.org,\"bounced, twice\",2026-10-02\n"
                                        "not an address,spam,2026-10-03\n");
  g_autofree char *export = g_build_filename (fixture->dir, "export.csv", NULL);
  g_autoptr(BounceSuppression) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *cause = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GPtrArray) skipped = NULL;
  const BounceDiagnostic *invalid;
  BounceCleanPolicy policy;
  guint n_added = 0;

  g_assert_true (bounce_history_import_suppressions (history, import, &n_added, &skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 2);
  g_assert_cmpuint (skipped->len, ==, 1);
  invalid = g_ptr_array_index (skipped, 0);
  g_assert_cmpuint (invalid->line, ==, 4);
  g_assert_cmpstr (invalid->code, ==, "invalid-address");

  entry = bounce_history_lookup_suppression (history, "eve@example.net");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->category, ==, "imported");
  g_assert_cmpstr (entry->reason, ==, "unsubscribed");
  g_assert_cmpstr (entry->source, ==, "other-tool.csv");
  cause = bounce_suppression_dup_cause (entry);
  g_assert_cmpstr (cause, ==, "imported: unsubscribed");
  description = bounce_suppression_dup_description (entry);
  g_assert_true (g_str_has_suffix (description, ": imported from other-tool.csv (unsubscribed)"));
  /* The export's own date, at midnight UTC for a date alone. */
  g_assert_cmpint (entry->since, ==, 1790812800);

  /* Imported entries apply whatever the policy for bounces. */
  bounce_clean_policy_init (&policy);
  policy.history = history;
  policy.remove_hard = FALSE;
  removed = clean_fresh (fixture, "contacts.csv", &policy);
  g_assert_cmpstr (removed, ==, "bob@example.org:suppressed\neve@example.net:suppressed\n");

  g_assert_true (bounce_history_import_suppressions (history, import, &n_added, NULL, &error));
  g_assert_cmpuint (n_added, ==, 0);

  g_assert_true (bounce_history_export_suppressions (history, export, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (export, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "address,category,reason,since,source\r\n"
                                         "bob@example.org,imported,\"bounced, twice\","));
  g_assert_nonnull (strstr (text, "\r\neve@example.net,imported,unsubscribed,"));
}

/* Postmark's export names the cause in Details and the event in Type:
 * a complaint stays distinguishable from a hard bounce. */
static void
test_suppression_import_postmark (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *import = write_file (fixture->dir, "postmark.csv",
                                        "ID,Type,TypeCode,Description,Details,Email,BouncedAt\n"
                                        "1,HardBounce,1,The server was unable to deliver your message,"
                                        "550 5.1.1 unknown,ida@example.com,2024-03-05T10:00:00Z\n"
                                        "2,SpamComplaint,512,,,joe@example.org,2024-03-05T10:00:00Z\n");
  g_autoptr(BounceSuppression) ida = NULL;
  g_autoptr(BounceSuppression) joe = NULL;
  g_autoptr(GError) error = NULL;
  guint n_added = 0;

  g_assert_true (bounce_history_import_suppressions (history, import, &n_added, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 2);

  ida = bounce_history_lookup_suppression (history, "ida@example.com");
  g_assert_nonnull (ida);
  g_assert_cmpstr (ida->reason, ==, "550 5.1.1 unknown");
  joe = bounce_history_lookup_suppression (history, "joe@example.org");
  g_assert_nonnull (joe);
  g_assert_cmpstr (joe->reason, ==, "SpamComplaint");
}

/* An entry added by hand has no source, and export and import keep it
 * that way instead of naming the exported file. */
static void
test_suppression_manual_round_trip (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autoptr(BounceHistory) other = NULL;
  g_autofree char *export = g_build_filename (fixture->dir, "export.csv", NULL);
  g_autofree char *other_path = g_build_filename (fixture->dir, "other.db", NULL);
  g_autoptr(BounceSuppression) entry = NULL;
  g_autoptr(GError) error = NULL;
  guint n_added = 0;

  g_assert_true (bounce_history_suppress (history, "kim@example.com", "manual", "", "", &error));
  g_assert_no_error (error);
  g_assert_true (bounce_history_export_suppressions (history, export, &error));
  g_assert_no_error (error);

  other = bounce_history_open (other_path, &error);
  g_assert_no_error (error);
  g_assert_true (bounce_history_import_suppressions (other, export, &n_added, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 1);

  entry = bounce_history_lookup_suppression (other, "kim@example.com");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->category, ==, "manual");
  g_assert_cmpstr (entry->reason, ==, "");
  g_assert_cmpstr (entry->source, ==, "");
}

/* A dry run names the entries an import would add and stores none, and
 * the undo takes back exactly what the import added: new entries go, an
 * entry it made active again is removed as it was, and an entry that was
 * already active stays. */
static void
test_suppression_import_undo (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *import = write_file (fixture->dir, "subscribers.csv",
                                        "Email Address,First Name\n"
                                        "ann@example.com,Ann\n"
                                        "Ben@Example.org,Ben\n"
                                        "cleo@example.net,Cleo\n");
  g_autoptr(GPtrArray) planned = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(BounceSuppression) ann = NULL;
  g_autoptr(BounceSuppression) ben = NULL;
  g_autoptr(GError) error = NULL;
  const BounceSuppression *entry;

  /* Ann was suppressed before, Ben was taken off the list by a person. */
  g_assert_true (bounce_history_suppress (history, "ann@example.com", "manual", "asked", "", &error));
  g_assert_true (bounce_history_suppress (history, "ben@example.org", "hard", "5.1.1", "old.eml", &error));
  g_assert_true (bounce_history_unsuppress (history, "ben@example.org", &error));
  g_assert_no_error (error);

  g_assert_true (bounce_history_import_suppressions_full (history, import, BOUNCE_HISTORY_IMPORT_DRY_RUN,
                                                          &planned, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (planned->len, ==, 2);
  g_assert_cmpstr (((BounceSuppression *) planned->pdata[0])->address, ==, "ben@example.org");
  g_assert_cmpstr (((BounceSuppression *) planned->pdata[1])->address, ==, "cleo@example.net");
  g_assert_null (bounce_history_lookup_suppression (history, "ben@example.org"));
  g_assert_null (bounce_history_lookup_suppression (history, "cleo@example.net"));

  g_assert_true (bounce_history_import_suppressions_full (history, import, BOUNCE_HISTORY_IMPORT_NONE,
                                                          &added, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added->len, ==, 2);
  entry = added->pdata[0];
  g_assert_cmpstr (entry->address, ==, "ben@example.org");
  g_assert_false (entry->active);
  g_assert_cmpstr (entry->category, ==, "hard");
  entry = added->pdata[1];
  g_assert_cmpstr (entry->address, ==, "cleo@example.net");
  g_assert_true (entry->active);
  g_assert_cmpstr (entry->category, ==, "imported");
  g_assert_nonnull ((ben = bounce_history_lookup_suppression (history, "ben@example.org")));
  g_assert_cmpstr (ben->category, ==, "imported");
  g_clear_pointer (&ben, bounce_suppression_free);

  g_assert_true (bounce_history_undo_import (history, added, &error));
  g_assert_no_error (error);
  ann = bounce_history_lookup_suppression (history, "ann@example.com");
  g_assert_nonnull (ann);
  g_assert_cmpstr (ann->category, ==, "manual");
  g_assert_null (bounce_history_lookup_suppression (history, "ben@example.org"));
  g_assert_null (bounce_history_lookup_suppression (history, "cleo@example.net"));

  /* Ben is back as the removed hard bounce he was, and Cleo is gone. */
  all = bounce_history_list_suppressions (history, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  entry = all->pdata[1];
  g_assert_cmpstr (entry->address, ==, "ben@example.org");
  g_assert_false (entry->active);
  g_assert_cmpstr (entry->category, ==, "hard");
  g_assert_cmpstr (entry->reason, ==, "5.1.1");
  g_assert_cmpstr (entry->source, ==, "old.eml");
}

/* A sending service's bounce export: its status column decides, so a
 * soft or blocked bounce is skipped with its status, while hard bounces
 * and complaints are imported with the export's date and reason. */
static void
test_suppression_import_bounce_export (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *import = write_file (fixture->dir, "service-bounces.csv",
                                        "created,email,reason,status\n"
                                        "1709546400,lena.gone@example.com,\"550 5.1.1 No such user\",5.1.1\n"
                                        "1709546400,max.full@example.org,\"452 4.2.2 mailbox full\",4.2.2\n"
                                        "2024-03-05 09:30:00,ola.blocked@example.net,\"554 5.7.1 blocked by policy\",5.7.1\n"
                                        "2024-03-06T08:00:00Z,pia.spam@example.com,complained,spamreport\n"
                                        "2024-03-07,rob.soft@example.com,,Soft\n"
                                        "2024-03-08,sue.hard@example.com,,HardBounce\n"
                                        "not a date,tom.unknown@example.com,,\n");
  g_autoptr(GPtrArray) skipped = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BounceSuppression) lena = NULL;
  g_autoptr(BounceSuppression) pia = NULL;
  g_autoptr(BounceSuppression) sue = NULL;
  g_autoptr(BounceSuppression) tom = NULL;
  g_autoptr(BounceSuppression) max = NULL;
  g_autofree char *description = NULL;
  const BounceDiagnostic *soft;
  guint n_added = 0;

  g_assert_true (bounce_history_import_suppressions (history, import, &n_added, &skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 4);
  g_assert_cmpuint (skipped->len, ==, 3);

  soft = g_ptr_array_index (skipped, 0);
  g_assert_cmpuint (soft->line, ==, 3);
  g_assert_cmpstr (soft->code, ==, "not-permanent");
  g_assert_nonnull (strstr (soft->message, "“4.2.2”"));
  g_assert_cmpuint (((BounceDiagnostic *) g_ptr_array_index (skipped, 1))->line, ==, 4);
  g_assert_cmpstr (((BounceDiagnostic *) g_ptr_array_index (skipped, 1))->code, ==, "not-permanent");
  g_assert_cmpuint (((BounceDiagnostic *) g_ptr_array_index (skipped, 2))->line, ==, 6);

  max = bounce_history_lookup_suppression (history, "max.full@example.org");
  g_assert_null (max);

  lena = bounce_history_lookup_suppression (history, "lena.gone@example.com");
  g_assert_nonnull (lena);
  g_assert_cmpstr (lena->reason, ==, "550 5.1.1 No such user");
  g_assert_cmpstr (lena->source, ==, "service-bounces.csv");
  g_assert_cmpint (lena->since, ==, 1709546400);
  description = bounce_suppression_dup_description (lena);
  g_assert_cmpstr (description, ==,
                   "suppressed since 4 Mar 2024: imported from service-bounces.csv (550 5.1.1 No such user)");

  pia = bounce_history_lookup_suppression (history, "pia.spam@example.com");
  g_assert_nonnull (pia);
  g_assert_cmpint (pia->since, ==, 1709712000);
  sue = bounce_history_lookup_suppression (history, "sue.hard@example.com");
  g_assert_nonnull (sue);
  g_assert_cmpint (sue->since, ==, 1709856000);

  /* A row with an empty status is imported as before, dated today. */
  tom = bounce_history_lookup_suppression (history, "tom.unknown@example.com");
  g_assert_nonnull (tom);
  g_assert_cmpint (tom->since, >, 1709856000);

  /* Our own export's "soft-limit" entries are the rule's verdict that the
   * address is dead, so they come back. */
  g_free (import);
  import = write_file (fixture->dir, "exported.csv", "address,category\numa@example.com,soft-limit\n");
  g_clear_pointer (&skipped, g_ptr_array_unref);
  g_assert_true (bounce_history_import_suppressions (history, import, &n_added, &skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 1);
  g_assert_cmpuint (skipped->len, ==, 0);
}

/* Only hard bounces and complaints of a service's export are imported,
 * judged by the rules of `explain`. Event types that are no bounce
 * (Postmark's "AutoResponder", "Subscribe"), bare codes that the
 * catalogue calls soft or blocked (552, 554), a reason text that says
 * "mailbox full", and a reason column's "softBounce" are skipped. */
static void
test_suppression_import_only_dead (Fixture       *fixture,
                                   gconstpointer  data)
{
  static const struct
  {
    const char *name;
    const char *contents;
    const char *imported[4];
    guint       n_skipped;
  } cases[] = {
    { "postmark.csv",
      "ID,Type,Email,BouncedAt\n"
      "1,HardBounce,ann@example.com,2026-11-02T10:00:00.0000000-05:00\n"
      "2,AutoResponder,ben@example.com,2026-11-02T10:00:00.0000000-05:00\n"
      "3,Subscribe,cai@example.com,2026-11-02T10:00:00.0000000-05:00\n"
      "4,ChallengeVerification,dia@example.com,2026-11-02T10:00:00.0000000-05:00\n"
      "5,SpamNotification,eli@example.com,2026-11-02T10:00:00.0000000-05:00\n"
      "6,SpamComplaint,fay@example.com,2026-11-02T10:00:00.0000000-05:00\n"
      "7,BadEmailAddress,gus@example.com,2026-11-02T10:00:00.0000000-05:00\n"
      "8,Unknown,hal@example.com,2026-11-02T10:00:00.0000000-05:00\n",
      { "ann@example.com", "fay@example.com", "gus@example.com", NULL }, 5 },
    { "codes.csv",
      "email,code,reason\n"
      "ida@example.org,552,\n"
      "jon@example.org,554,\n"
      "kay@example.org,551,\n"
      "lou@example.org,550,\n"
      "meg@example.org,550,Mailbox full\n",
      { "kay@example.org", "lou@example.org", NULL }, 3 },
    { "mailgun.csv",
      "address,code,error,created_at\n"
      "ned@example.net,550,\"550 5.1.1 The email account that you tried to reach does not exist.\","
      "\"Mon, 02 Nov 2026 10:00:00 UTC\"\n"
      "ola@example.net,552,\"552 5.2.2 Mailbox full\",\"Mon, 02 Nov 2026 10:00:00 UTC\"\n",
      { "ned@example.net", NULL }, 1 },
    { "brevo.csv",
      "email;reason;blockedAt\n"
      "pat@example.com;hardBounce;2026-10-01T10:00:00.000+02:00\n"
      "quin@example.com;softBounce;2026-10-01T10:00:00.000+02:00\n"
      "rae@example.com;contactFlaggedAsSpam;2026-10-01T10:00:00.000+02:00\n",
      { "pat@example.com", "rae@example.com", NULL }, 1 },
  };
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *import = write_file (fixture->dir, cases[i].name, cases[i].contents);
      g_autoptr(GPtrArray) skipped = NULL;
      g_autoptr(GError) error = NULL;
      guint n_imported = 0;
      guint n_added = 0;

      g_assert_true (bounce_history_import_suppressions (history, import, &n_added, &skipped, &error));
      g_assert_no_error (error);
      for (guint j = 0; cases[i].imported[j] != NULL; j++)
        {
          g_autoptr(BounceSuppression) entry = bounce_history_lookup_suppression (history, cases[i].imported[j]);

          g_assert_nonnull (entry);
          n_imported++;
        }
      g_assert_cmpuint (n_added, ==, n_imported);
      g_assert_cmpuint (skipped->len, ==, cases[i].n_skipped);
      for (guint j = 0; j < skipped->len; j++)
        g_assert_cmpstr (((BounceDiagnostic *) g_ptr_array_index (skipped, j))->code, ==, "not-permanent");
    }

  /* The dates of Postmark's BouncedAt, Brevo's blockedAt and Mailgun's
   * RFC 5322 created_at are read. */
  {
    g_autoptr(BounceSuppression) ann = bounce_history_lookup_suppression (history, "ann@example.com");
    g_autoptr(BounceSuppression) ned = bounce_history_lookup_suppression (history, "ned@example.net");
    g_autoptr(BounceSuppression) pat = bounce_history_lookup_suppression (history, "pat@example.com");

    g_assert_cmpint (ann->since, ==, 1793631600);
    g_assert_cmpint (ned->since, ==, 1793613600);
    g_assert_cmpint (pat->since, ==, 1790841600);
    g_assert_cmpstr (ned->reason, ==, "550 5.1.1 The email account that you tried to reach does not exist.");
  }
}

/* A file in the export's own format comes back as it was exported: the
 * category, reason, date and source of each entry. */
static void
test_suppression_round_trip (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  const char *entries =
    "address,category,reason,since,source\r\n"
    "ann.bad@example.com,hard,5.1.1,2026-11-02T10:00:00Z,bounces/dsn-hard.eml\r\n"
    "eve@example.net,complaint,spam-complaint,2026-11-03T11:00:00Z,bounces/complaint.eml\r\n";
  g_autofree char *contents = g_strconcat (entries,
                                           "no address,hard,5.1.1,2026-11-04T09:00:00Z,x.eml\r\n"
                                           "Ann.Bad@example.com,manual,,2026-11-05T09:00:00Z,\r\n", NULL);
  g_autofree char *import = write_file (fixture->dir, "exported.csv", contents);
  g_autofree char *export = g_build_filename (fixture->dir, "export-again.csv", NULL);
  g_autoptr(BounceSuppression) ann = NULL;
  g_autoptr(GPtrArray) skipped = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const BounceDiagnostic *duplicate;
  guint n_added = 0;

  g_assert_true (bounce_history_import_suppressions (history, import, &n_added, &skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 2);

  ann = bounce_history_lookup_suppression (history, "ann.bad@example.com");
  g_assert_nonnull (ann);
  g_assert_cmpstr (ann->category, ==, "hard");
  g_assert_cmpstr (ann->reason, ==, "5.1.1");
  g_assert_cmpstr (ann->source, ==, "bounces/dsn-hard.eml");
  g_assert_cmpint (ann->since, ==, 1793613600);

  /* The row without an address and the second row of Ann are named. */
  g_assert_cmpuint (skipped->len, ==, 2);
  g_assert_cmpuint (((BounceDiagnostic *) g_ptr_array_index (skipped, 0))->line, ==, 4);
  duplicate = g_ptr_array_index (skipped, 1);
  g_assert_cmpuint (duplicate->line, ==, 5);
  g_assert_cmpstr (duplicate->code, ==, "duplicate-address");
  g_assert_nonnull (strstr (duplicate->message, "line 2"));

  g_assert_true (bounce_history_export_suppressions (history, export, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (export, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, entries);
}

/* A limit of one soft bounce removes after the first one. One send can
 * span no days, so the days apply only from a limit of two. */
static void
test_escalation_limit_one (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autoptr(GPtrArray) escalated = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *removed = NULL;
  BounceHistoryVerdict verdict = { 0 };
  BounceCleanPolicy policy;

  add_soft (history, mail, "1.eml", "carla@example.org", "Mon, 2 Nov 2026 10:00:00 +0000", "a@example.com");

  evaluate (history, "carla@example.org", 1, 7, &verdict);
  g_assert_true (verdict.escalated);
  g_assert_cmpuint (verdict.n_sends, ==, 1);
  bounce_history_verdict_clear (&verdict);

  evaluate (history, "carla@example.org", 2, 7, &verdict);
  g_assert_false (verdict.escalated);
  bounce_history_verdict_clear (&verdict);

  escalated = bounce_history_list_escalated (history, 1, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (escalated->len, ==, 1);
  g_assert_cmpstr (((BounceSuppression *) escalated->pdata[0])->address, ==, "carla@example.org");

  /* The cleaner applies the same rule, as the app does with the limit
   * set to 1 in the preferences. */
  bounce_clean_policy_init (&policy);
  policy.history = history;
  policy.soft_limit = 1;
  removed = clean_fresh (fixture, "a.csv", &policy);
  g_assert_cmpstr (removed, ==, "carla@example.org:soft-limit\n");
}

static void
test_cleaner_escalation (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  g_autofree char *later = g_build_filename (fixture->dir, "later", NULL);
  g_autofree char *reason = NULL;
  g_autofree char *removed = NULL;
  BounceHistoryVerdict history_verdict = { 0 };
  BounceSuppression *suppression;
  BounceCleanPolicy policy;
  BounceRowVerdict verdict;

  add_soft (history, mail, "1.eml", "carla@example.org", "Mon, 2 Nov 2026 10:00:00 +0000", "a@example.com");
  add_soft (history, mail, "2.eml", "carla@example.org", "Mon, 9 Nov 2026 10:00:00 +0000", "b@example.com");

  bounce_clean_policy_init (&policy);
  policy.history = history;
  removed = clean_fresh (fixture, "a.csv", &policy);
  g_assert_cmpstr (removed, ==, "");

  /* The third send is loaded but not recorded yet, as in the app before it
   * saves. It counts once, with the two stored ones. */
  g_free (write_dsn (later, "3.eml", "carla@example.org", "4.2.2", "Mon, 16 Nov 2026 10:00:00 +0000", "c@example.com"));
  loaded = scan (NULL, later);
  contacts = load_contacts (fixture, "b.csv");
  cleaner = bounce_cleaner_new (contacts, loaded);
  bounce_cleaner_get_verdict (cleaner, &policy, 1, &verdict);
  g_assert_cmpstr (verdict.removal, ==, "soft-limit");
  g_assert_cmpuint (verdict.n_soft, ==, 3);
  reason = bounce_cleaner_dup_history_reason (cleaner, &policy, 1);
  g_assert_cmpstr (reason, ==, "3 soft bounces between 2 and 16 November 2026");

  suppression = bounce_cleaner_get_history_verdict (cleaner, &policy, 1, &history_verdict);
  g_assert_null (suppression);
  g_assert_true (history_verdict.escalated);
  g_assert_cmpuint (history_verdict.n_sends, ==, 3);
  g_assert_cmpstr (history_verdict.text, ==, reason);
  bounce_history_verdict_clear (&history_verdict);

  /* Over more days than the bounces span, the row stays, and the rule's
   * verdict still gives what it counted. */
  policy.soft_days = 30;
  bounce_cleaner_get_verdict (cleaner, &policy, 1, &verdict);
  g_assert_false (verdict.removed);
  g_assert_cmpuint (verdict.n_soft, ==, 3);
  suppression = bounce_cleaner_get_history_verdict (cleaner, &policy, 1, &history_verdict);
  g_assert_null (suppression);
  g_assert_false (history_verdict.escalated);
  g_assert_cmpstr (history_verdict.text, ==, reason);
  bounce_history_verdict_clear (&history_verdict);

  /* A row without soft bounces gets no verdict of the rule. */
  suppression = bounce_cleaner_get_history_verdict (cleaner, &policy, 0, &history_verdict);
  g_assert_null (suppression);
  g_assert_null (history_verdict.text);
}

/* The write and the summary query the history only for rows with an
 * address it lists. Each of their verdicts must equal the single row's
 * verdict, which queries every address. */
static void
test_cleaner_listed_rows (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *output = g_build_filename (fixture->dir, "kept.csv", NULL);
  g_autofree char *contacts_path = NULL;
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  GString *expected = g_string_new ("Email,Other email\r\n");
  g_autofree char *expected_text = NULL;
  BounceCleanSummary written;
  BounceCleanSummary summary;
  BounceCleanPolicy policy;
  BounceRowVerdict cell_verdict;
  guint n_removed = 0;

  g_free (write_hard_bounce (mail, "1.eml", "jane@example.com"));
  g_free (write_hard_bounce (mail, "2.eml", "ivy@example.org"));
  g_free (write_hard_bounce (mail, "3.eml", "hank@xn--mller-kva.example"));
  g_ptr_array_unref (scan (history, mail));
  add_soft (history, mail, "4.eml", "carla@example.org", "Mon, 2 Nov 2026 10:00:00 +0000", "a@example.com");
  add_soft (history, mail, "5.eml", "carla@example.org", "Mon, 9 Nov 2026 10:00:00 +0000", "b@example.com");
  add_soft (history, mail, "6.eml", "carla@example.org", "Mon, 16 Nov 2026 10:00:00 +0000", "c@example.com");
  add_soft (history, mail, "7.eml", "dan@example.net", "Mon, 16 Nov 2026 10:00:00 +0000", "c@example.com");

  contacts_path = write_file (fixture->dir, "contacts.csv",
                              "Email,Other email\r\n"
                              "Jane Doe <JANE@Example.com>,\r\n"
                              "bob@example.org,jane@example.com\r\n"
                              "carla@example.org,\r\n"
                              "jane@example.com,\r\n"
                              "\"ivy@example.org; jane@example.com\",\r\n"
                              "\"ivy@example.org; bob@example.org\",\r\n"
                              "\"bob@example.org; ivy@example.org\",\r\n"
                              "dan@example.net,ivy@example.org\r\n"
                              "hank@m\xc3\xbcller.example,\r\n"
                              "eve@example.net,\r\n");
  contacts = bounce_contact_list_new_from_file (contacts_path, NULL, NULL, &error);
  g_assert_no_error (error);
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  cleaner = bounce_cleaner_new (contacts, records);

  bounce_clean_policy_init (&policy);
  policy.history = history;
  g_assert_true (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, output, NULL, &written, NULL,
                                       &error));
  g_assert_no_error (error);
  bounce_cleaner_summarize (cleaner, &policy, &summary);

  for (guint row = 0; row < bounce_contact_list_get_n_rows (contacts); row++)
    {
      BounceRowVerdict verdict;

      bounce_cleaner_get_verdict (cleaner, &policy, row, &verdict);
      g_test_message ("row %u: %s", row, verdict.removed ? verdict.removal : "kept");
      if (verdict.removed)
        n_removed++;
      else
        {
          BounceCsvSpan span = _bounce_contact_list_get_row_span (contacts, row);

          g_string_append_len (expected, span.text, (gssize) span.length);
        }
    }

  /* Jane (twice), Carla, the cell of Ivy and Jane and Hank's IDN address. */
  g_assert_cmpuint (n_removed, ==, 5);
  g_assert_cmpuint (written.rows_removed, ==, n_removed);
  g_assert_cmpuint (summary.rows_removed, ==, n_removed);
  g_assert_cmpuint (written.removed_suppressed, ==, 4);
  g_assert_cmpuint (summary.removed_suppressed, ==, 4);
  g_assert_cmpuint (written.removed_soft_limit, ==, 1);

  /* Ivy is suppressed, but Bob keeps both rows of their cell, whichever
   * of them comes first. */
  g_assert_cmpuint (written.rows_spared, ==, 2);
  g_assert_cmpuint (summary.rows_spared, ==, 2);
  bounce_cleaner_get_verdict (cleaner, &policy, 6, &cell_verdict);
  g_assert_cmpstr (cell_verdict.kept_address, ==, "bob@example.org");
  g_assert_cmpstr (cell_verdict.spared_address, ==, "ivy@example.org");
  g_assert_cmpstr (cell_verdict.spared_removal, ==, "suppressed");

  g_assert_true (g_file_get_contents (output, &kept, NULL, NULL));
  expected_text = g_string_free (g_steal_pointer (&expected), FALSE);
  g_assert_cmpstr (kept, ==, expected_text);
}

/* Writes the rows of @contacts that @cleaner removes as "address:reason"
 * lines, with the reasons of the removed file. Checks that the verdicts
 * of single rows agree with the write, which queries the history only
 * for the rows it lists. */
static char *
clean_removed (Fixture                 *fixture,
               BounceContactList       *contacts,
               BounceCleaner           *cleaner,
               const BounceCleanPolicy *policy,
               const char              *name)
{
  g_autofree char *output = g_build_filename (fixture->dir, "kept.csv", NULL);
  g_autofree char *removed = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *removed_text = NULL;
  g_auto(GStrv) lines = NULL;
  GString *result = g_string_new (NULL);
  BounceCleanSummary written;
  guint n_removed = 0;

  g_assert_true (bounce_cleaner_write (cleaner, policy, BOUNCE_STATUS_COLUMN_NONE, output, removed, &written,
                                       NULL, &error));
  g_assert_no_error (error);

  for (guint row = 0; row < bounce_contact_list_get_n_rows (contacts); row++)
    {
      BounceRowVerdict verdict;

      bounce_cleaner_get_verdict (cleaner, policy, row, &verdict);
      n_removed += verdict.removed;
    }
  g_assert_cmpuint (written.rows_removed, ==, n_removed);

  g_assert_true (g_file_get_contents (removed, &removed_text, NULL, NULL));
  lines = g_strsplit (removed_text, "\r\n", -1);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      const char *reason = strrchr (lines[i], ',');

      g_string_append_printf (result, "%.*s:%s\n", (int) strcspn (lines[i], ","), lines[i], reason + 1);
    }

  return g_string_free (result, FALSE);
}

/* A hard bounce removes the other spellings of its mailbox in the clean
 * that reads it (a +tag, Gmail's dots, an alias domain). A later clean
 * without the bounce finds the address on the suppression list and
 * removes the same rows. A dead address with a +tag removes no other
 * spelling, and an entry added by hand applies to its own spelling only. */
static void
test_suppression_same_mailbox (Fixture       *fixture,
                               gconstpointer  data)
{
  static const char contacts_text[] =
    "Email,Name\r\n"
    "j.a.n.e@gmail.com,Jane dots\r\n"
    "jane@googlemail.com,Jane alias\r\n"
    "JANE+x@gmail.com,Jane tag\r\n"
    "kim+news@example.com,Kim news\r\n"
    "kimberly@example.com,Kimberly\r\n"
    "lou@gmail.com,Lou\r\n"
    "ada@icloud.com,Ada\r\n"
    "max@example.com,Max\r\n"
    "s.a.m@gmail.com,Sam dots\r\n"
    "eve@example.net,Eve\r\n";
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *first_path = write_file (fixture->dir, "first.csv", contacts_text);
  g_autofree char *later_path = write_file (fixture->dir, "later.csv", contacts_text);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) no_records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceContactList) first = NULL;
  g_autoptr(BounceContactList) later = NULL;
  g_autoptr(BounceCleaner) first_cleaner = NULL;
  g_autoptr(BounceCleaner) later_cleaner = NULL;
  g_autoptr(BounceSuppression) entry = NULL;
  g_auto(BounceHistoryVerdict) history_verdict = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *first_removed = NULL;
  g_autofree char *later_removed = NULL;
  g_autofree char *reason = NULL;
  BounceCleanPolicy policy;

  g_free (write_hard_bounce (mail, "1.eml", "jane@gmail.com"));
  g_free (write_hard_bounce (mail, "2.eml", "kim@example.com"));
  g_free (write_hard_bounce (mail, "3.eml", "l.o.u@gmail.com"));
  g_free (write_hard_bounce (mail, "4.eml", "ada@me.com"));
  g_free (write_hard_bounce (mail, "5.eml", "max+shop@example.com"));
  records = scan (history, mail);
  g_assert_true (bounce_history_suppress (history, "sam@gmail.com", "manual", "", "", &error));
  g_assert_no_error (error);

  bounce_clean_policy_init (&policy);
  policy.history = history;

  first = bounce_contact_list_new_from_file (first_path, NULL, NULL, &error);
  g_assert_no_error (error);
  first_cleaner = bounce_cleaner_new (first, records);
  first_removed = clean_removed (fixture, first, first_cleaner, &policy, "first-removed.csv");
  g_assert_cmpstr (first_removed, ==,
                   "j.a.n.e@gmail.com:hard: jane@gmail.com (same mailbox)\n"
                   "jane@googlemail.com:hard: jane@gmail.com (same mailbox)\n"
                   "JANE+x@gmail.com:hard: jane@gmail.com (same mailbox)\n"
                   "kim+news@example.com:hard: kim@example.com (same mailbox)\n"
                   "lou@gmail.com:hard: l.o.u@gmail.com (same mailbox)\n"
                   "ada@icloud.com:hard: ada@me.com (same mailbox)\n");

  later = bounce_contact_list_new_from_file (later_path, NULL, NULL, &error);
  g_assert_no_error (error);
  later_cleaner = bounce_cleaner_new (later, no_records);
  later_removed = clean_removed (fixture, later, later_cleaner, &policy, "later-removed.csv");
  g_assert_cmpstr (later_removed, ==,
                   "j.a.n.e@gmail.com:suppressed: jane@gmail.com (same mailbox)\n"
                   "jane@googlemail.com:suppressed: jane@gmail.com (same mailbox)\n"
                   "JANE+x@gmail.com:suppressed: jane@gmail.com (same mailbox)\n"
                   "kim+news@example.com:suppressed: kim@example.com (same mailbox)\n"
                   "lou@gmail.com:suppressed: l.o.u@gmail.com (same mailbox)\n"
                   "ada@icloud.com:suppressed: ada@me.com (same mailbox)\n");

  /* The row names the entry that removes it, which the app offers to
   * take off the list. */
  entry = bounce_cleaner_get_history_verdict (later_cleaner, &policy, 0, &history_verdict);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->address, ==, "jane@gmail.com");
  reason = bounce_cleaner_dup_history_reason (later_cleaner, &policy, 0);
  g_assert_cmpstr (reason, ==, "suppressed since 2 Nov 2026: hard bounce 5.1.1 (jane@gmail.com, the same mailbox)");

  /* Without the entry of jane@gmail.com her other spellings stay. */
  g_assert_true (bounce_history_unsuppress (history, "jane@gmail.com", &error));
  g_assert_no_error (error);
  g_clear_pointer (&later_removed, g_free);
  later_removed = clean_removed (fixture, later, later_cleaner, &policy, "later-removed-2.csv");
  g_assert_cmpstr (later_removed, ==,
                   "kim+news@example.com:suppressed: kim@example.com (same mailbox)\n"
                   "lou@gmail.com:suppressed: l.o.u@gmail.com (same mailbox)\n"
                   "ada@icloud.com:suppressed: ada@me.com (same mailbox)\n");

  /* A policy that keeps hard bounces keeps their other spellings too. */
  policy.remove_hard = FALSE;
  g_clear_pointer (&later_removed, g_free);
  later_removed = clean_removed (fixture, later, later_cleaner, &policy, "later-removed-3.csv");
  g_assert_cmpstr (later_removed, ==, "");
}

/* Returns the addresses that keep the rows of @contacts although another
 * address of their list address cell is removed, as "kept < spared:
 * removal" lines. */
static char *
dup_spared_rows (BounceContactList       *contacts,
                 BounceCleaner           *cleaner,
                 const BounceCleanPolicy *policy)
{
  GString *spared = g_string_new (NULL);

  for (guint row = 0; row < bounce_contact_list_get_n_rows (contacts); row++)
    {
      BounceRowVerdict verdict;

      bounce_cleaner_get_verdict (cleaner, policy, row, &verdict);
      if (verdict.kept_address != NULL)
        g_string_append_printf (spared, "%s < %s: %s\n", verdict.kept_address, verdict.spared_address,
                                verdict.spared_removal);
    }

  return g_string_free (spared, FALSE);
}

/* The same-mailbox rule looks at every address of a list address cell,
 * as the matching of a bounce does: a cell is removed when each of its
 * addresses is, and kept for the others otherwise. A later clean with
 * the suppression list alone decides the same. */
static void
test_suppression_same_mailbox_cells (Fixture       *fixture,
                                     gconstpointer  data)
{
  static const char contacts_text[] =
    "Email,Name\r\n"
    "\"hank@example.com; kim+news@example.com\",Hank and Kim\r\n"
    "\"j.a.n.e@gmail.com; JANE+x@gmail.com\",Jane twice\r\n"
    "\"lou@example.org; jane@googlemail.com\",Lou and Jane\r\n"
    "\"ada@icloud.com; eve@example.net\",Ada and Eve\r\n"
    "\"eve@example.net; ada@icloud.com\",Eve and Ada\r\n"
    "bob@example.org,Bob\r\n";
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *first_path = write_file (fixture->dir, "first.csv", contacts_text);
  g_autofree char *later_path = write_file (fixture->dir, "later.csv", contacts_text);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) no_records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceContactList) first = NULL;
  g_autoptr(BounceContactList) later = NULL;
  g_autoptr(BounceCleaner) first_cleaner = NULL;
  g_autoptr(BounceCleaner) later_cleaner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_removed = NULL;
  g_autofree char *later_removed = NULL;
  g_autofree char *first_spared = NULL;
  g_autofree char *later_spared = NULL;
  BounceCleanPolicy policy;

  g_free (write_hard_bounce (mail, "1.eml", "jane@gmail.com"));
  g_free (write_hard_bounce (mail, "2.eml", "kim@example.com"));
  g_free (write_hard_bounce (mail, "3.eml", "ada@me.com"));
  records = scan (history, mail);

  /* The bounces alone, without the suppression list. */
  bounce_clean_policy_init (&policy);

  first = bounce_contact_list_new_from_file (first_path, NULL, NULL, &error);
  g_assert_no_error (error);
  first_cleaner = bounce_cleaner_new (first, records);
  first_removed = clean_removed (fixture, first, first_cleaner, &policy, "first-removed.csv");
  g_assert_cmpstr (first_removed, ==,
                   "\"j.a.n.e@gmail.com; JANE+x@gmail.com\":"
                   "hard: jane@gmail.com (same mailbox); hard: jane@gmail.com (same mailbox)\n");
  first_spared = dup_spared_rows (first, first_cleaner, &policy);
  g_assert_cmpstr (first_spared, ==,
                   "hank@example.com < kim+news@example.com: hard\n"
                   "lou@example.org < jane@googlemail.com: hard\n"
                   "eve@example.net < ada@icloud.com: hard\n"
                   "eve@example.net < ada@icloud.com: hard\n");

  /* The suppression list alone. */
  policy.history = history;
  later = bounce_contact_list_new_from_file (later_path, NULL, NULL, &error);
  g_assert_no_error (error);
  later_cleaner = bounce_cleaner_new (later, no_records);
  later_removed = clean_removed (fixture, later, later_cleaner, &policy, "later-removed.csv");
  g_assert_cmpstr (later_removed, ==,
                   "\"j.a.n.e@gmail.com; JANE+x@gmail.com\":"
                   "suppressed: jane@gmail.com (same mailbox); suppressed: jane@gmail.com (same mailbox)\n");
  later_spared = dup_spared_rows (later, later_cleaner, &policy);
  g_assert_cmpstr (later_spared, ==,
                   "hank@example.com < kim+news@example.com: suppressed\n"
                   "lou@example.org < jane@googlemail.com: suppressed\n"
                   "eve@example.net < ada@icloud.com: suppressed\n"
                   "eve@example.net < ada@icloud.com: suppressed\n");
}

/* Two connections */

typedef struct
{
  const char *db_path;
  const char *recipient_prefix;
  guint       n_messages;
} WriterData;

static gpointer
writer_thread (gpointer user_data)
{
  WriterData *writer = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BounceHistory) history = bounce_history_open (writer->db_path, &error);

  g_assert_no_error (error);

  for (guint i = 0; i < writer->n_messages; i++)
    {
      g_autofree char *recipient = g_strdup_printf ("%s%u@example.com", writer->recipient_prefix, i);
      g_autofree char *text = dsn_fixture_new (recipient, "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000", NULL);
      g_autoptr(GPtrArray) records = bounce_parse_message (text, strlen (text), "thread.eml", -1, 0);

      bounce_history_add_message (history, text, strlen (text), records, &error);
      g_assert_no_error (error);
    }

  return NULL;
}

static void
test_two_connections (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(BounceHistory) history = history_fixture_open (fixture);
  WriterData a = { fixture->db_path, "a", 150 };
  WriterData b = { fixture->db_path, "b", 150 };
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *check = NULL;
  GThread *thread_a;
  GThread *thread_b;

  bounce_parser_init ();
  thread_a = g_thread_new ("writer-a", writer_thread, &a);
  thread_b = g_thread_new ("writer-b", writer_thread, &b);
  g_thread_join (thread_a);
  g_thread_join (thread_b);

  g_assert_cmpuint (bounce_history_count_bounces (history), ==, 300);
  db = open_raw (fixture->db_path);
  check = query_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM suppression"), ==, 300);
}

/* A reason id only repeats the category, so the description leaves it out.
 * A status code and another tool's words stay. */
static void
test_suppression_cause_plain (void)
{
  static const struct {
    const char *category;
    const char *reason;
    const char *cause;
  } cases[] = {
    { "complaint", "spam-complaint", "spam complaint" },
    { "hard", "mailbox-unknown", "hard bounce" },
    { "hard", "5.1.1", "hard bounce 5.1.1" },
    { "manual", "", "added by hand" },
    { "imported", "unsubscribed", "imported: unsubscribed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      BounceSuppression entry = { (char *) "jane@example.com", (char *) cases[i].category,
                                  (char *) cases[i].reason, (char *) "", 1793613600, 1793613600, 0, TRUE };
      g_autofree char *cause = bounce_suppression_dup_cause (&entry);

      g_assert_cmpstr (cause, ==, cases[i].cause);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Dates in verdicts are shown in local time, so the tests set UTC to
   * keep them fixed. */
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, history_fixture_set_up, func, history_fixture_tear_down)

  g_test_add_func ("/history/suppression/cause-plain", test_suppression_cause_plain);
  ADD ("/history/open/new", test_open_new);
  ADD ("/history/open/migrates-v1", test_open_migrates_v1);
  ADD ("/history/open/migrates-mailbox-state", test_open_migrates_mailbox_state);
  ADD ("/history/open/migrates-kept", test_open_migrates_kept);
  ADD ("/history/open/newer-version", test_open_newer_version);
  ADD ("/history/open/not-a-database", test_open_not_a_database);
  ADD ("/history/open/other-program", test_open_other_program);
  ADD ("/history/open/read-only-file", test_open_read_only);
  ADD ("/history/open/folder-not-creatable", test_open_folder_not_creatable);
  ADD ("/history/open/not-a-file", test_open_not_a_file);
  ADD ("/history/open/read-only-folder", test_open_read_only_folder);
  ADD ("/history/write/disk-full", test_write_disk_full);
  ADD ("/history/write/read-only", test_write_read_only);
  ADD ("/history/dedup/same-and-renamed", test_dedup_same_and_renamed);
  ADD ("/history/cache/same-records", test_cache_same_records);
  ADD ("/history/cache/is-used", test_cache_is_used);
  ADD ("/history/files/unchanged-not-read", test_files_unchanged_not_read);
  ADD ("/history/files/changed-read-again", test_files_changed_read_again);
  ADD ("/history/files/new-not-recorded", test_files_new_not_recorded);
  ADD ("/history/files/rejudged-after-parser-change", test_rejudged_after_parser_change);
  ADD ("/history/files/rejudged-keeps-request", test_rejudged_keeps_request);
  ADD ("/history/kept/import-by-date", test_kept_import_by_date);
  ADD ("/history/mbox/unchanged-not-read", test_mbox_unchanged_not_read);
  ADD ("/history/mbox/chunks", test_mbox_chunks);
  ADD ("/history/mbox/light-records", test_mbox_light_records);
  ADD ("/history/cleaner/listed-rows", test_cleaner_listed_rows);
  ADD ("/history/mbox/paths-recorded", test_mbox_paths_recorded);
  ADD ("/history/mbox/changed-read-again", test_mbox_changed_read_again);
  ADD ("/history/mbox/unreadable-not-recorded", test_mbox_unreadable_not_recorded);
  ADD ("/history/escalation/distinct-sends", test_escalation_distinct_sends);
  ADD ("/history/escalation/normalized-address", test_escalation_normalized_address);
  ADD ("/history/escalation/retries", test_escalation_retries);
  ADD ("/history/escalation/date-range", test_escalation_date_range);
  ADD ("/history/escalation/reevaluated", test_escalation_reevaluated);
  ADD ("/history/escalation/limit-one", test_escalation_limit_one);
  ADD ("/history/suppression/fresh-import", test_suppression_fresh_import);
  ADD ("/history/suppression/remove-restore", test_suppression_remove_restore);
  ADD ("/history/suppression/list-order", test_suppression_list_order);
  ADD ("/history/suppression/original-recipient", test_suppression_original_recipient);
  ADD ("/history/suppression/same-mailbox", test_suppression_same_mailbox);
  ADD ("/history/suppression/same-mailbox-cells", test_suppression_same_mailbox_cells);
  ADD ("/history/escalation/list", test_escalation_list);
  ADD ("/history/open/read-only-handle", test_open_read_only_handle);
  ADD ("/history/suppression/import-export", test_suppression_import_export);
  ADD ("/history/suppression/import-bounce-export", test_suppression_import_bounce_export);
  ADD ("/history/suppression/import-postmark", test_suppression_import_postmark);
  ADD ("/history/suppression/manual-round-trip", test_suppression_manual_round_trip);
  ADD ("/history/suppression/import-only-dead", test_suppression_import_only_dead);
  ADD ("/history/escalation/implausible-date", test_escalation_implausible_date);
  ADD ("/history/suppression/import-undo", test_suppression_import_undo);
  ADD ("/history/suppression/round-trip", test_suppression_round_trip);
  ADD ("/history/cleaner/escalation", test_cleaner_escalation);
  ADD ("/history/concurrent/two-connections", test_two_connections);
  ADD ("/history/read/write-ends-it", test_read_transaction_write);
  ADD ("/history/kept/later-cleans", test_kept_later_cleans);
  ADD ("/history/kept/bounced-since", test_kept_bounced_since);
  ADD ("/history/kept/this-run", test_kept_this_run);
  ADD ("/history/kept/outweighs-older-bounce", test_kept_outweighs_older_bounce);

  return g_test_run ();
}

/* test-scanner.c: parallel scanning, input order, progress, cancellation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "bounce-core.h"
#include "record-fixture.h"
#include "test-files.h"

/* Where a message was found: the key that orders records. */
typedef struct
{
  char   *file;
  gint64  offset;
  guint   index;
} Location;

static void
location_clear (gpointer data)
{
  Location *location = data;

  g_free (location->file);
}

static GArray *
location_array_new (void)
{
  GArray *array = g_array_new (FALSE, TRUE, sizeof (Location));

  g_array_set_clear_func (array, location_clear);

  return array;
}

static gboolean
walk_cb (const char   *file,
         gint64        offset,
         guint         index,
         GBytes       *bytes,
         const GError *error,
         gpointer      user_data)
{
  GArray *locations = user_data;
  Location location = { g_strdup (file), offset, index };

  g_array_append_val (locations, location);

  return TRUE;
}

/* Records of one message follow each other, so collapsing runs of the
 * same location gives the order in which messages were delivered. */
static void
record_location_cb (BounceRecord *record,
                    gpointer      user_data)
{
  GArray *locations = user_data;
  Location location = { g_strdup (record->file), record->offset, record->index };

  if (locations->len > 0)
    {
      Location *last = &g_array_index (locations, Location, locations->len - 1);

      if (g_str_equal (last->file, record->file) && last->index == record->index &&
          last->offset == record->offset)
        {
          g_free (location.file);
          return;
        }
    }

  g_array_append_val (locations, location);
}

static char *
sources_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "sources", name, NULL);
}

/* A folder of @n_files copies of the fixture messages in subfolders and an
 * mbox of @n_mbox messages, enough for many batches on several threads. */
static char *
make_corpus (guint n_files,
             guint n_mbox)
{
  static const char * const fixtures[] = {
    "folder/a.eml", "folder/B.eml", "lineendings/crlf.eml", "maildir/new/1736158202.M2P102.mx",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-scanner-XXXXXX", &error);
  g_autoptr(GString) mbox = g_string_new (NULL);
  g_autofree char *mbox_path = NULL;

  g_assert_no_error (error);

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *fixture = sources_path (fixtures[i % G_N_ELEMENTS (fixtures)]);
      g_autofree char *sub = g_strdup_printf ("%s/%02u", dir, i % 7);
      g_autofree char *path = g_strdup_printf ("%s/%05u.eml", sub, i);
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_assert_true (g_file_get_contents (fixture, &contents, &length, NULL));
      g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
      g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));
    }

  for (guint i = 0; i < n_mbox; i++)
    {
      g_autofree char *fixture = sources_path (fixtures[i % 2]);
      g_autofree char *contents = NULL;

      g_assert_true (g_file_get_contents (fixture, &contents, NULL, NULL));
      g_string_append_printf (mbox, "From - Mon Jan  6 10:%02u:00 2025\n%s\n", i % 60, contents);
    }

  mbox_path = g_build_filename (dir, "archive.mbox", NULL);
  if (n_mbox > 0)
    g_assert_true (g_file_set_contents (mbox_path, mbox->str, (gssize) mbox->len, NULL));

  return g_steal_pointer (&dir);
}

static void
assert_same_locations (GArray *expected,
                       GArray *actual)
{
  g_assert_cmpuint (actual->len, ==, expected->len);

  for (guint i = 0; i < expected->len; i++)
    {
      Location *a = &g_array_index (expected, Location, i);
      Location *b = &g_array_index (actual, Location, i);

      g_assert_cmpstr (b->file, ==, a->file);
      g_assert_cmpint (b->offset, ==, a->offset);
      g_assert_cmpuint (b->index, ==, a->index);
    }
}

static void
test_input_order (void)
{
  g_autofree char *dir = make_corpus (700, 300);
  g_autofree char *fixtures = sources_path ("");
  const char *paths[] = { dir, fixtures, NULL };
  g_autoptr(GArray) expected = location_array_new ();
  g_autoptr(GArray) actual = location_array_new ();
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (bounce_message_source_foreach (paths, walk_cb, expected, NULL, NULL));
  g_assert_cmpuint (expected->len, >, 1000);

  /* More threads than cores, so batches finish out of order. */
  bounce_scanner_set_n_threads (scanner, 5);
  g_assert_true (bounce_scanner_scan (scanner, paths, record_location_cb, actual, NULL, &error));
  g_assert_no_error (error);

  assert_same_locations (expected, actual);
  g_assert_cmpuint (bounce_scanner_get_messages_read (scanner), ==, expected->len);
  g_assert_cmpuint (bounce_scanner_get_files_read (scanner), ==,
                    bounce_message_source_count_files (paths, NULL));

  remove_tree (dir);
}

static void
test_one_thread (void)
{
  g_autofree char *fixtures = sources_path ("");
  const char *paths[] = { fixtures, NULL };
  g_autoptr(GArray) expected = location_array_new ();
  g_autoptr(GArray) actual = location_array_new ();
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();

  g_assert_true (bounce_message_source_foreach (paths, walk_cb, expected, NULL, NULL));

  bounce_scanner_set_n_threads (scanner, 1);
  g_assert_true (bounce_scanner_scan (scanner, paths, record_location_cb, actual, NULL, NULL));

  assert_same_locations (expected, actual);
}

static void
test_unreadable_records (void)
{
  g_autofree char *root = sources_path ("notmessages");
  const char *paths[] = { root, "/nonexistent/bounce-scanner-test", NULL };
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
  static const char * const names[] = { "binary.bin", "empty.eml", "notes.txt", "outlook.msg" };

  g_assert_true (bounce_scanner_scan (scanner, paths, collect_record_cb, records, NULL, NULL));

  /* Files that are not messages are records too, never a failed scan. */
  g_assert_cmpuint (records->len, ==, 5);
  for (guint i = 0; i < records->len; i++)
    {
      BounceRecord *record = g_ptr_array_index (records, i);

      g_assert_cmpint (record->category, ==, BOUNCE_CATEGORY_UNREADABLE);
      g_assert_cmpstr (record->error, !=, "");
      if (i < G_N_ELEMENTS (names))
        {
          g_autofree char *path = g_build_filename (root, names[i], NULL);

          g_assert_cmpstr (record->file, ==, path);
        }
    }
  g_assert_cmpstr (((BounceRecord *) g_ptr_array_index (records, 4))->file, ==,
                   "/nonexistent/bounce-scanner-test");
  g_assert_nonnull (strstr (((BounceRecord *) g_ptr_array_index (records, 3))->error, "Outlook"));
}

typedef struct
{
  GCancellable *cancellable;
  guint         n_records;
  guint         cancel_after;
} CancelState;

static void
cancel_record_cb (BounceRecord *record,
                  gpointer      user_data)
{
  CancelState *state = user_data;

  state->n_records++;
  if (state->n_records == state->cancel_after)
    g_cancellable_cancel (state->cancellable);
}

static void
test_cancel (void)
{
  g_autofree char *dir = make_corpus (600, 0);
  const char *paths[] = { dir, NULL };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
  g_autoptr(GError) error = NULL;
  CancelState state = { cancellable, 0, 10 };

  g_assert_false (bounce_scanner_scan (scanner, paths, cancel_record_cb, &state, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* The batch being delivered is finished, and nothing after it. */
  g_assert_cmpuint (state.n_records, <, 200);

  remove_tree (dir);
}

typedef struct
{
  GMainLoop *loop;
  GPtrArray *records;
  GError    *error;
  GThread   *main_thread;
  guint      n_notify_messages;
  guint      n_notify_total;
  guint      last_messages_read;
  gboolean   decreasing;
  GCancellable *cancel_on_notify;
} AsyncState;

static void
notify_cb (BounceScanner *scanner,
           GParamSpec    *pspec,
           AsyncState    *state)
{
  /* Notifications arrive on the thread that started the scan. */
  g_assert_true (g_thread_self () == state->main_thread);

  if (g_str_equal (pspec->name, "messages-read"))
    {
      guint value = bounce_scanner_get_messages_read (scanner);

      state->n_notify_messages++;
      if (value < state->last_messages_read)
        state->decreasing = TRUE;
      state->last_messages_read = value;

      if (state->cancel_on_notify != NULL)
        g_cancellable_cancel (state->cancel_on_notify);
    }
  else if (g_str_equal (pspec->name, "files-total"))
    {
      state->n_notify_total++;
    }
}

static void
scan_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncState *state = user_data;

  state->records = bounce_scanner_scan_finish (BOUNCE_SCANNER (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_async (void)
{
  g_autofree char *dir = make_corpus (1500, 300);
  const char *paths[] = { dir, NULL };
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
  g_autoptr(GArray) expected = location_array_new ();
  g_autoptr(GArray) actual = location_array_new ();
  AsyncState state = { 0 };

  state.loop = g_main_loop_new (NULL, FALSE);
  state.main_thread = g_thread_self ();
  g_signal_connect (scanner, "notify", G_CALLBACK (notify_cb), &state);

  bounce_scanner_scan_async (scanner, paths, NULL, scan_done_cb, &state);
  g_main_loop_run (state.loop);

  g_assert_no_error (state.error);
  g_assert_nonnull (state.records);

  g_assert_true (bounce_message_source_foreach (paths, walk_cb, expected, NULL, NULL));
  for (guint i = 0; i < state.records->len; i++)
    record_location_cb (g_ptr_array_index (state.records, i), actual);
  assert_same_locations (expected, actual);

  /* The final counts are notified before the callback runs. */
  g_assert_cmpuint (state.n_notify_messages, >=, 1);
  g_assert_cmpuint (state.n_notify_total, ==, 1);
  g_assert_cmpuint (state.last_messages_read, ==, expected->len);
  g_assert_false (state.decreasing);
  g_assert_cmpuint (bounce_scanner_get_files_total (scanner), ==, 1501);
  g_assert_cmpuint (bounce_scanner_get_files_read (scanner), ==, 1501);

  g_ptr_array_unref (state.records);
  g_main_loop_unref (state.loop);
  remove_tree (dir);
}

static void
test_async_cancel (void)
{
  g_autofree char *dir = make_corpus (600, 0);
  const char *paths[] = { dir, NULL };
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncState state = { 0 };

  state.loop = g_main_loop_new (NULL, FALSE);
  state.main_thread = g_thread_self ();
  state.cancel_on_notify = cancellable;
  g_signal_connect (scanner, "notify", G_CALLBACK (notify_cb), &state);

  bounce_scanner_scan_async (scanner, paths, cancellable, scan_done_cb, &state);
  g_main_loop_run (state.loop);

  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (state.records);

  g_clear_error (&state.error);
  g_main_loop_unref (state.loop);
  remove_tree (dir);
}

static void
test_async_cancelled_before (void)
{
  g_autofree char *fixtures = sources_path ("");
  const char *paths[] = { fixtures, NULL };
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncState state = { 0 };

  state.loop = g_main_loop_new (NULL, FALSE);
  g_cancellable_cancel (cancellable);

  bounce_scanner_scan_async (scanner, paths, cancellable, scan_done_cb, &state);
  g_main_loop_run (state.loop);

  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (bounce_scanner_get_messages_read (scanner), ==, 0);

  g_clear_error (&state.error);
  g_main_loop_unref (state.loop);
}

static void
test_files_unchanged (void)
{
  g_autofree char *dir = make_corpus (50, 20);
  const char *paths[] = { dir, NULL };
  g_autoptr(GArray) files = location_array_new ();
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GArray) mtimes = g_array_new (FALSE, FALSE, sizeof (struct timespec));
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
  g_autoptr(GArray) actual = location_array_new ();

  g_assert_true (bounce_message_source_foreach (paths, walk_cb, files, NULL, NULL));
  for (guint i = 0; i < files->len; i++)
    {
      Location *location = &g_array_index (files, Location, i);
      char *contents = NULL;
      gsize length = 0;
      struct stat st;

      g_assert_true (g_file_get_contents (location->file, &contents, &length, NULL));
      g_ptr_array_add (before, g_bytes_new_take (contents, length));
      g_assert_cmpint (stat (location->file, &st), ==, 0);
      g_array_append_val (mtimes, st.st_mtim);
    }

  g_assert_true (bounce_scanner_scan (scanner, paths, record_location_cb, actual, NULL, NULL));

  for (guint i = 0; i < files->len; i++)
    {
      Location *location = &g_array_index (files, Location, i);
      struct timespec *mtime = &g_array_index (mtimes, struct timespec, i);
      char *contents = NULL;
      gsize length = 0;
      g_autoptr(GBytes) after = NULL;
      struct stat st;

      g_assert_true (g_file_get_contents (location->file, &contents, &length, NULL));
      after = g_bytes_new_take (contents, length);
      g_assert_true (g_bytes_equal (after, g_ptr_array_index (before, i)));
      g_assert_cmpint (stat (location->file, &st), ==, 0);
      g_assert_cmpint (st.st_mtim.tv_sec, ==, mtime->tv_sec);
      g_assert_cmpint (st.st_mtim.tv_nsec, ==, mtime->tv_nsec);
    }

  remove_tree (dir);
}

static void
test_non_utf8_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-scanner-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *fixture = sources_path ("folder/a.eml");
  g_autofree char *contents = NULL;
  const char *paths[] = { dir, NULL };
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();

  g_assert_no_error (error);

  /* A Latin-1 file name, as old archives have: "café.eml". */
  path = g_build_filename (dir, "caf\xe9.eml", NULL);
  g_assert_true (g_file_get_contents (fixture, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));

  g_assert_true (bounce_scanner_scan (scanner, paths, collect_record_cb, records, NULL, NULL));

  /* Records contain UTF-8, so the name is converted for display. */
  g_assert_cmpuint (records->len, >=, 1);
  for (guint i = 0; i < records->len; i++)
    {
      BounceRecord *record = g_ptr_array_index (records, i);

      g_assert_true (g_utf8_validate (record->file, -1, NULL));
      g_assert_true (g_str_has_prefix (record->file, dir));
      g_assert_cmpint (record->category, !=, BOUNCE_CATEGORY_UNREADABLE);
    }

  remove_tree (dir);
}

/* The records of the last message of a cut mbox state that it was read
 * only in part, the ones before do not. A second scan takes them from
 * the history's parse cache, still with the reason. */
static void
test_cut_mbox (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-scanner-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "cut.mbox", NULL);
  g_autofree char *db_path = g_build_filename (dir, "history.db", NULL);
  g_autoptr(BounceHistory) history = NULL;
  const char *paths[] = { path, NULL };
  const char *contents =
    "From MAILER-DAEMON Mon Jan  6 10:11:00 2025\n"
    "From: MAILER-DAEMON@example.net\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "\n"
    "<jane@example.com>: host mx.example.com said: 550 5.1.1 no such user\n"
    "\n"
    "From MAILER-DAEMON Mon Jan  6 10:12:00 2025\n"
    "From: MAILER-DAEMON@example.net\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "\n"
    "<john@example.com>: host mx.example.com said: 550 5.1.1 no such us";

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  history = bounce_history_open (db_path, &error);
  g_assert_no_error (error);

  for (guint scan = 0; scan < 2; scan++)
    {
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
      g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
      BounceRecord *whole;
      BounceRecord *cut;

      bounce_scanner_set_history (scanner, history);
      g_assert_true (bounce_scanner_scan (scanner, paths, collect_record_cb, records, NULL, NULL));
      g_assert_cmpuint (records->len, ==, 2);

      whole = g_ptr_array_index (records, 0);
      g_assert_cmpuint (whole->index, ==, 0);
      g_assert_cmpstr (whole->error, ==, "");

      cut = g_ptr_array_index (records, 1);
      g_assert_cmpuint (cut->index, ==, 1);
      g_assert_cmpint (cut->category, !=, BOUNCE_CATEGORY_UNREADABLE);
      g_assert_nonnull (strstr (cut->error, "ends in the middle of this message"));
    }

  g_clear_object (&history);
  remove_tree (dir);
}

/* A named path that is not there fails the check, and so does a pipe. A
 * folder and a file that is not a message pass, because the scan lists
 * what is inside. */
static void
test_check_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-scanner-XXXXXX", &error);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autofree char *file = g_build_filename (dir, "note.txt", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe", NULL);

  g_assert_no_error (error);
  g_file_set_contents (file, "not a message\n", -1, &error);
  g_assert_no_error (error);

  g_assert_true (bounce_scanner_check_path (dir, &error));
  g_assert_no_error (error);
  g_assert_true (bounce_scanner_check_path (file, &error));
  g_assert_no_error (error);

  g_assert_false (bounce_scanner_check_path (missing, &error));
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);

  /* A pipe named on its own gives no message, so it fails too. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_false (bounce_scanner_check_path (fifo, &error));
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "is a pipe (FIFO)"));
  g_clear_error (&error);

  g_unlink (fifo);
  g_unlink (file);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scanner/order/many-threads", test_input_order);
  g_test_add_func ("/scanner/order/one-thread", test_one_thread);
  g_test_add_func ("/scanner/unreadable", test_unreadable_records);
  g_test_add_func ("/scanner/check-path", test_check_path);
  g_test_add_func ("/scanner/cancel", test_cancel);
  g_test_add_func ("/scanner/async/order-and-progress", test_async);
  g_test_add_func ("/scanner/async/cancel", test_async_cancel);
  g_test_add_func ("/scanner/async/cancelled-before", test_async_cancelled_before);
  g_test_add_func ("/scanner/read-only", test_files_unchanged);
  g_test_add_func ("/scanner/non-utf8-path", test_non_utf8_path);
  g_test_add_func ("/scanner/cut-mbox", test_cut_mbox);

  return g_test_run ();
}

/* test-contacts-changed.c: writing the cleaned files and the reports of
 * a contact file that changed on disk after it was opened.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bounce-core.h"
#include "record-fixture.h"
#include "test-files.h"

typedef struct
{
  char              *dir;
  char              *contacts_path;
  char              *output;
  char              *removed;
  BounceContactList *contacts;
  GPtrArray         *records;
  BounceCleaner     *cleaner;
} Fixture;

/* More than two pages of 4 KiB, so that cutting the file to its header
 * leaves whole pages of the mapping with no file behind them. */
#define N_ROWS 300

static char *
make_contacts_text (const char *first_name)
{
  GString *text = g_string_new ("Email,Name\n");

  for (guint i = 0; i < N_ROWS; i++)
    g_string_append_printf (text, "person%03u@example.com,%s %03u\n", i, first_name, i);

  return g_string_free (text, FALSE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = make_contacts_text ("Alma");

  fixture->dir = g_dir_make_tmp ("bounce-changed-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->contacts_path = write_file (fixture->dir, "list.csv", text);
  fixture->output = g_build_filename (fixture->dir, "cleaned.csv", NULL);
  fixture->removed = g_build_filename (fixture->dir, "removed.csv", NULL);

  fixture->contacts = bounce_contact_list_new_from_file (fixture->contacts_path, NULL, NULL, &error);
  g_assert_no_error (error);

  fixture->records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_ptr_array_add (fixture->records, record_fixture_new_hard ("person001@example.com"));
  fixture->cleaner = bounce_cleaner_new (fixture->contacts, fixture->records);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->cleaner);
  g_clear_pointer (&fixture->records, g_ptr_array_unref);
  g_clear_object (&fixture->contacts);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->contacts_path);
  g_free (fixture->output);
  g_free (fixture->removed);
}

/* Rewrites the file in place, as a spreadsheet or an editor that saves
 * over the same inode does, and gives it an mtime a few seconds later,
 * as a person's edit has. */
static void
rewrite_in_place (const char *path,
                  const char *text)
{
  struct timespec times[2] = { { 0, UTIME_OMIT }, { 0, 0 } };
  struct stat info;
  int fd;

  g_assert_no_errno (stat (path, &info));
  fd = open (path, O_WRONLY | O_TRUNC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, text, strlen (text)), ==, (gssize) strlen (text));
  times[1].tv_sec = info.st_mtim.tv_sec + 3;
  times[1].tv_nsec = info.st_mtim.tv_nsec;
  g_assert_no_errno (futimens (fd, times));
  g_assert_no_errno (close (fd));
}

static gboolean
clean (Fixture  *fixture,
       GError  **error)
{
  BounceCleanPolicy policy;

  bounce_clean_policy_init (&policy);

  return bounce_cleaner_write (fixture->cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE,
                               fixture->output, fixture->removed, NULL, NULL, error);
}

static void
assert_changed_error (const GError *error,
                      const char   *path)
{
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_CHANGED_ON_DISK);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "nothing was written"));
  g_assert_nonnull (strstr (error->message, "Open it again"));
}

static void
test_unchanged_writes (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cleaned = NULL;
  g_autofree char *text = make_contacts_text ("Alma");

  g_assert_true (bounce_contact_list_check_unchanged (fixture->contacts, &error));
  g_assert_no_error (error);
  g_assert_true (clean (fixture, &error));
  g_assert_no_error (error);

  /* Reading the file and copying it out changes none of its times. */
  g_assert_true (bounce_contact_list_check_unchanged (fixture->contacts, &error));
  g_assert_no_error (error);

  g_file_get_contents (fixture->output, &cleaned, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (cleaned, "person001@example.com"));
  g_assert_nonnull (strstr (cleaned, "person299@example.com,Alma 299\n"));
  g_assert_cmpuint (strlen (cleaned), ==, strlen (text) - strlen ("person001@example.com,Alma 001\n"));
}

/* The same size, other bytes: only the times tell. */
static void
test_rewritten_same_size (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = make_contacts_text ("Bert");

  rewrite_in_place (fixture->contacts_path, text);

  g_assert_false (clean (fixture, &error));
  assert_changed_error (error, fixture->contacts_path);
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (fixture->removed, G_FILE_TEST_EXISTS));
}

/* A contact added at the top shifts every row. Files written before
 * stay as they were. */
static void
test_grown_keeps_old_output (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = make_contacts_text ("Alma");
  g_autofree char *grown = g_strconcat ("Email,Name\nnew@example.com,New Person\n", text + strlen ("Email,Name\n"), NULL);
  g_autofree char *output_after = NULL;
  g_autofree char *removed_after = NULL;

  g_file_set_contents (fixture->output, "earlier cleaned file\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (fixture->removed, "earlier removed file\n", -1, &error);
  g_assert_no_error (error);
  rewrite_in_place (fixture->contacts_path, grown);

  g_assert_false (clean (fixture, &error));
  assert_changed_error (error, fixture->contacts_path);

  g_file_get_contents (fixture->output, &output_after, NULL, NULL);
  g_assert_cmpstr (output_after, ==, "earlier cleaned file\n");
  g_file_get_contents (fixture->removed, &removed_after, NULL, NULL);
  g_assert_cmpstr (removed_after, ==, "earlier removed file\n");
}

/* Cut to its header, the file leaves the mapping's later pages without
 * bytes, and reading them would stop the process with SIGBUS. */
static void
test_truncated_no_crash (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  rewrite_in_place (fixture->contacts_path, "Email,Name\n");

  g_assert_false (clean (fixture, &error));
  assert_changed_error (error, fixture->contacts_path);
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
}

/* A new file renamed over the old one: the mapping still has the old
 * bytes, but they are no longer what the person sees in the file. */
static void
test_replaced_by_rename (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = make_contacts_text ("Alma");
  g_autofree char *other = write_file (fixture->dir, "new.csv", text);

  g_assert_no_errno (g_rename (other, fixture->contacts_path));

  g_assert_false (bounce_contact_list_check_unchanged (fixture->contacts, &error));
  assert_changed_error (error, fixture->contacts_path);
  g_clear_error (&error);
  g_assert_false (clean (fixture, &error));
  assert_changed_error (error, fixture->contacts_path);
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
}

static void
test_moved_away (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = g_build_filename (fixture->dir, "moved.csv", NULL);

  g_assert_no_errno (g_rename (fixture->contacts_path, moved));

  g_assert_false (clean (fixture, &error));
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_CHANGED_ON_DISK);
  g_assert_nonnull (strstr (error->message, "moved or deleted"));
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
}

static void
test_report_not_written (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BounceInsight) insight = NULL;
  g_autofree char *html = g_build_filename (fixture->dir, "report.html", NULL);
  g_autofree char *csv = g_build_filename (fixture->dir, "report.csv", NULL);
  BounceCleanPolicy policy;

  bounce_clean_policy_init (&policy);
  insight = bounce_insight_new (fixture->cleaner, fixture->records, &policy);
  rewrite_in_place (fixture->contacts_path, "Email,Name\n");

  g_assert_false (bounce_report_write_html (insight, html, &error));
  assert_changed_error (error, fixture->contacts_path);
  g_clear_error (&error);
  g_assert_false (bounce_report_write_csv (insight, csv, &error));
  assert_changed_error (error, fixture->contacts_path);
  g_assert_false (g_file_test (html, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  BounceContactList **contacts = user_data;
  g_autoptr(GError) error = NULL;

  *contacts = bounce_contact_list_load_finish (result, &error);
  g_assert_no_error (error);
}

/* The app loads a list in a thread and keeps it open for hours. A
 * program that cuts the file shorter meanwhile left the app's cells
 * without bytes behind them, and reading one stopped the app with
 * SIGBUS. A list loaded so reads its own copy, with the old cells. */
static void
test_truncated_async_cells (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(BounceContactList) contacts = NULL;
  FILE *file;

  bounce_contact_list_load_async (fixture->contacts_path, NULL, NULL, loaded_cb, &contacts);
  while (contacts == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (contacts), ==, N_ROWS);

  /* Cut in place, as a program that writes over the file does. A new
   * file renamed over it leaves the old bytes to the open one. */
  file = g_fopen (fixture->contacts_path, "w");
  g_assert_nonnull (file);
  fputs ("Email,Name\n", file);
  g_assert_cmpint (fclose (file), ==, 0);
  g_assert_false (bounce_contact_list_check_unchanged (contacts, NULL));

  for (guint row = 0; row < N_ROWS; row++)
    {
      g_autofree char *cell = bounce_contact_list_dup_cell (contacts, row, 1);
      g_autofree char *expected = g_strdup_printf ("Alma %03u", row);

      g_assert_cmpstr (cell, ==, expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/contacts-changed/unchanged", test_unchanged_writes);
  ADD ("/contacts-changed/rewritten-same-size", test_rewritten_same_size);
  ADD ("/contacts-changed/grown", test_grown_keeps_old_output);
  ADD ("/contacts-changed/truncated", test_truncated_no_crash);
  ADD ("/contacts-changed/truncated-async", test_truncated_async_cells);
  ADD ("/contacts-changed/replaced", test_replaced_by_rename);
  ADD ("/contacts-changed/moved", test_moved_away);
  ADD ("/contacts-changed/report", test_report_not_written);
#undef ADD

  return g_test_run ();
}

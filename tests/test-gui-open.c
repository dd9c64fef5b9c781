/* test-gui-open.c: files opened from outside the app, under Xvfb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the application with a command line, as `bounce FILE.csv FOLDER`
 * and a file manager's "Open With" (which passes URIs, through the %U of
 * the desktop file) start it, and checks which file became the contact
 * list and which the bounces.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bounce-application.h"
#include "bounce-core.h"
#include "bounce-window-private.h"

/* Generous: a slow, shared CI machine under Xvfb reads 50 files. */
#define LOAD_TIMEOUT_SECONDS 120

static const char *samples_dir;

typedef struct
{
  GApplication *application;
  BounceWindow *window;
  gboolean      timed_out;
} OpenRun;

/* The window's default width and the position of its details pane when
 * the last run showed the review, before the application quit and the
 * window's widgets went away. */
static int shown_default_width;
static int shown_paned_position;
/* The title of the window's newest toast then, or NULL. */
static char *shown_toast_title;

static gboolean
review_shown (BounceWindow *window)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (window->main_stack), "review") == 0
         && !_bounce_window_is_loading (window);
}

static gboolean
poll_window_cb (gpointer user_data)
{
  OpenRun *run = user_data;
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (run->application));
  int height;

  if (active == NULL || !review_shown (BOUNCE_WINDOW (active)))
    return G_SOURCE_CONTINUE;

  run->window = g_object_ref (BOUNCE_WINDOW (active));
  /* GTK 4.8 writes the height without checking for NULL. */
  gtk_window_get_default_size (active, &shown_default_width, &height);
  shown_paned_position = gtk_paned_get_position (run->window->paned);
  g_free (shown_toast_title);
  shown_toast_title = run->window->last_toast != NULL ? g_strdup (adw_toast_get_title (run->window->last_toast)) : NULL;
  g_application_quit (run->application);

  return G_SOURCE_REMOVE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  OpenRun *run = user_data;

  run->timed_out = TRUE;
  g_application_quit (run->application);

  return G_SOURCE_REMOVE;
}

/* Runs a fresh application with @args after the program name, as the
 * desktop starts it, until its window shows the review of the files.
 * Returns the window, which the caller destroys. */
static BounceWindow *
run_with_arguments (const char * const *args)
{
  g_autoptr(BounceApplication) application = bounce_application_new (G_APPLICATION_NON_UNIQUE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  OpenRun run = { G_APPLICATION (application), NULL, FALSE };
  guint poll_source;
  guint timeout_source;
  int status;

  g_ptr_array_add (argv, (char *) "bounce");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  poll_source = g_timeout_add (50, poll_window_cb, &run);
  timeout_source = g_timeout_add_seconds (LOAD_TIMEOUT_SECONDS, timeout_cb, &run);
  status = g_application_run (G_APPLICATION (application), argv->len - 1, (char **) argv->pdata);
  g_source_remove (timeout_source);
  if (run.window == NULL)
    g_source_remove (poll_source);

  g_assert_false (run.timed_out);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (run.window);

  return run.window;
}

static void
count_record_cb (BounceRecord *record,
                 gpointer      user_data)
{
  guint *count = user_data;

  (*count)++;
}

/* The number of records the core reads from @path, without the app. */
static guint
count_records (const char *path)
{
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
  g_autoptr(GError) error = NULL;
  const char *paths[] = { path, NULL };
  guint count = 0;

  bounce_scanner_scan (scanner, paths, count_record_cb, &count, NULL, &error);
  g_assert_no_error (error);

  return count;
}

static void
destroy_window (BounceWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

static void
test_open_paths (void)
{
  g_autofree char *contacts = g_build_filename (samples_dir, "contacts.csv", NULL);
  g_autofree char *bounces = g_build_filename (samples_dir, "bounces", NULL);
  const char *args[] = { bounces, contacts, NULL };
  BounceWindow *window;

  /* The CSV file is the contact list at any place on the command line,
   * and the folder contains the bounces. */
  window = run_with_arguments (args);

  g_assert_nonnull (bounce_session_get_contacts (window->session));
  g_assert_cmpstr (bounce_contact_list_get_path (bounce_session_get_contacts (window->session)), ==, contacts);
  g_assert_cmpuint (bounce_session_get_records (window->session)->len, ==, count_records (bounces));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->review_stack), ==, "contacts");

  /* The review is shown before the window has a width, and the details
   * pane still gets its share of the width the window opens with. */
  g_assert_cmpint (shown_default_width, >, 0);
  /* The paned is a little narrower than the window, by its frame. */
  g_assert_cmpint (shown_paned_position, <=, shown_default_width - BOUNCE_WINDOW_DETAILS_WIDTH);
  g_assert_cmpint (shown_paned_position, >, shown_default_width - BOUNCE_WINDOW_DETAILS_WIDTH - 40);

  destroy_window (window);
}

static void
test_open_uris (void)
{
  g_autofree char *contacts = g_build_filename (samples_dir, "contacts.csv", NULL);
  g_autofree char *mbox = g_build_filename (samples_dir, "bounces", "archive.mbox", NULL);
  g_autofree char *contacts_uri = g_filename_to_uri (contacts, NULL, NULL);
  g_autofree char *mbox_uri = g_filename_to_uri (mbox, NULL, NULL);
  const char *args[] = { contacts_uri, mbox_uri, NULL };
  BounceWindow *window;

  /* "Open With" passes file:// URIs. */
  window = run_with_arguments (args);

  g_assert_nonnull (bounce_session_get_contacts (window->session));
  g_assert_cmpstr (bounce_contact_list_get_path (bounce_session_get_contacts (window->session)), ==, contacts);
  g_assert_cmpuint (bounce_session_get_records (window->session)->len, ==, count_records (mbox));
  g_assert_cmpuint (bounce_session_get_records (window->session)->len, >, 0);

  destroy_window (window);
}

static void
test_open_bounces_only (void)
{
  g_autofree char *bounces = g_build_filename (samples_dir, "bounces", NULL);
  const char *args[] = { bounces, NULL };
  BounceWindow *window;

  /* Without a CSV file the review lists the bounces on their own. */
  window = run_with_arguments (args);

  g_assert_null (bounce_session_get_contacts (window->session));
  g_assert_cmpuint (bounce_session_get_records (window->session)->len, ==, count_records (bounces));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->review_stack), ==, "unmatched");

  destroy_window (window);
}

/* A path that does not exist is no bounce file: the app reads the other
 * files, and no record or message read counts the missing one. */
static void
test_open_missing_path (void)
{
  g_autofree char *contacts = g_build_filename (samples_dir, "contacts.csv", NULL);
  g_autofree char *bounces = g_build_filename (samples_dir, "bounces", NULL);
  const char *args[] = { contacts, bounces, "/nonexistent/bounce-gui-open", NULL };
  BounceWindow *window;
  GPtrArray *records;

  window = run_with_arguments (args);

  g_assert_cmpstr (bounce_contact_list_get_path (bounce_session_get_contacts (window->session)), ==, contacts);
  records = bounce_session_get_records (window->session);
  g_assert_cmpuint (records->len, ==, count_records (bounces));
  for (guint i = 0; i < records->len; i++)
    g_assert_cmpstr (((BounceRecord *) g_ptr_array_index (records, i))->file, !=, "/nonexistent/bounce-gui-open");

  destroy_window (window);
}

/* Excel's "Unicode Text" export: UTF-16 with a BOM, tab-separated, .txt. */
static const char excel_unicode_text[] =
  "\xFF\xFE" "E\0m\0a\0i\0l\0\t\0N\0a\0m\0e\0\r\0\n\0"
  "j\0a\0n\0e\0@\0e\0x\0a\0m\0p\0l\0e\0.\0c\0o\0m\0\t\0J\0a\0n\0e\0\r\0\n\0";

/* Returns the number of unreadable records of @window's session whose
 * file is @path. */
static guint
count_unreadable (BounceWindow *window,
                  const char   *path)
{
  GPtrArray *records = bounce_session_get_records (window->session);
  guint count = 0;

  for (guint i = 0; i < records->len; i++)
    {
      const BounceRecord *record = g_ptr_array_index (records, i);

      if (record->category == BOUNCE_CATEGORY_UNREADABLE && g_strcmp0 (record->file, path) == 0)
        count++;
    }

  return count;
}

/* Writes Excel's "Unicode Text" as contacts.txt and a sample bounce as
 * @notice_name into a new temporary folder, and returns their paths. */
static void
write_inputs (const char  *notice_name,
              char       **dir,
              char       **contacts,
              char       **notice)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sample = g_build_filename (samples_dir, "bounces", "exchange-recipient-not-found.eml", NULL);
  g_autofree char *sample_text = NULL;
  gsize sample_length;

  *dir = g_dir_make_tmp ("bounce-gui-open-XXXXXX", &error);
  g_assert_no_error (error);
  *contacts = g_build_filename (*dir, "contacts.txt", NULL);
  *notice = g_build_filename (*dir, notice_name, NULL);

  g_file_set_contents (*contacts, excel_unicode_text, sizeof excel_unicode_text - 1, &error);
  g_assert_no_error (error);
  g_file_get_contents (sample, &sample_text, &sample_length, &error);
  g_assert_no_error (error);
  g_file_set_contents (*notice, sample_text, (gssize) sample_length, &error);
  g_assert_no_error (error);
}

static void
remove_inputs (const char *dir,
               const char *contacts,
               const char *notice)
{
  g_unlink (contacts);
  g_unlink (notice);
  g_rmdir (dir);
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
test_open_unicode_text (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *contacts = NULL;
  g_autofree char *notice = NULL;
  const char *args[3] = { NULL };
  BounceWindow *window;

  write_inputs ("notice.txt", &dir, &contacts, &notice);
  args[0] = notice;
  args[1] = contacts;

  /* Both files are .txt, so their content decides which is the contact
   * list and which a bounce message. */
  window = run_with_arguments (args);

  g_assert_nonnull (bounce_session_get_contacts (window->session));
  g_assert_cmpstr (bounce_contact_list_get_path (bounce_session_get_contacts (window->session)), ==, contacts);
  g_assert_cmpuint (bounce_session_get_records (window->session)->len, ==, count_records (notice));
  g_assert_cmpuint (count_unreadable (window, notice), ==, 0);
  g_assert_cmpuint (count_unreadable (window, contacts), ==, 0);

  destroy_window (window);
  remove_inputs (dir, contacts, notice);
}

/* A contact list first read as a bounce message, inside a folder of
 * bounces, and then opened as the contact list is no longer counted
 * among the files that could not be read as a message. */
static void
test_open_contacts_read_as_bounce (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *contacts = NULL;
  g_autofree char *notice = NULL;
  g_autoptr(GFile) contacts_file = NULL;
  gint64 deadline;
  guint wake_source;
  const char *args[2] = { NULL };
  BounceWindow *window;

  write_inputs ("notice.eml", &dir, &contacts, &notice);
  args[0] = dir;
  window = run_with_arguments (args);
  g_assert_null (bounce_session_get_contacts (window->session));
  g_assert_cmpuint (count_unreadable (window, contacts), ==, 1);

  contacts_file = g_file_new_for_path (contacts);
  _bounce_window_open_contacts (window, contacts_file);
  deadline = g_get_monotonic_time () + LOAD_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  wake_source = g_timeout_add (50, wake_cb, NULL);
  while ((!review_shown (window) || bounce_session_get_contacts (window->session) == NULL) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_source);

  g_assert_nonnull (bounce_session_get_contacts (window->session));
  g_assert_cmpstr (bounce_contact_list_get_path (bounce_session_get_contacts (window->session)), ==, contacts);
  g_assert_cmpuint (count_unreadable (window, contacts), ==, 0);
  g_assert_cmpuint (bounce_session_get_records (window->session)->len, ==, count_records (notice));
  g_assert_null (strstr (gtk_label_get_text (window->problems_label), "could not be read"));

  destroy_window (window);
  remove_inputs (dir, contacts, notice);
}

/* Writes @length bytes of @contents to @name in @dir and returns the path. */
static char *
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  return path;
}

/* A .csv name decides over content that only looks like a contact list,
 * in whatever order the files come, and a saved message with a tab and
 * an address is never the contact list. */
static void
test_open_csv_name_first (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *contacts = NULL;
  g_autofree char *notice = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *csv_text = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *sample_csv = g_build_filename (samples_dir, "contacts.csv", NULL);
  g_autoptr(GError) error = NULL;
  const char *args[5] = { NULL };
  BounceWindow *window;

  write_inputs ("notice.eml", &dir, &contacts, &notice);
  saved = write_file (dir, "saved.eml", "who\twhere\nJane\tjane@example.com\n", -1);
  notes = write_file (dir, "notes.txt", "who\twhere\nBob\tbob@example.org\n", -1);
  g_file_get_contents (sample_csv, &csv_text, NULL, &error);
  g_assert_no_error (error);
  csv = write_file (dir, "list.csv", csv_text, -1);
  args[0] = saved;
  args[1] = notes;
  args[2] = notice;
  args[3] = csv;

  window = run_with_arguments (args);

  g_assert_cmpstr (bounce_contact_list_get_path (bounce_session_get_contacts (window->session)), ==, csv);
  g_assert_cmpuint (count_unreadable (window, saved), ==, 1);
  g_assert_cmpuint (count_unreadable (window, notes), ==, 1);

  destroy_window (window);
  g_unlink (saved);
  g_unlink (notes);
  g_unlink (csv);
  remove_inputs (dir, contacts, notice);
}

/* Two contact files given together: the first is the contact list, a
 * toast names both, and the other is not read as a bounce message. */
static void
test_open_two_csv_files (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *contacts = NULL;
  g_autofree char *notice = NULL;
  g_autofree char *small = NULL;
  g_autofree char *customers = NULL;
  const char *args[4] = { NULL };
  BounceWindow *window;

  write_inputs ("notice.eml", &dir, &contacts, &notice);
  small = write_file (dir, "rosa.csv", "email,name\nrosa@example.com,Rosa\n", -1);
  customers = write_file (dir, "customers.csv", "email,name\nann@example.com,Ann\nbob@example.com,Bob\n", -1);
  args[0] = notice;
  args[1] = small;
  args[2] = customers;

  window = run_with_arguments (args);

  g_assert_cmpstr (bounce_contact_list_get_path (bounce_session_get_contacts (window->session)), ==, small);
  g_assert_cmpuint (count_unreadable (window, customers), ==, 0);
  g_assert_nonnull (shown_toast_title);
  g_assert_cmpstr (shown_toast_title, ==,
                   "“rosa.csv” is the contact list, as the first of the files given that look like one. "
                   "“customers.csv” was not used.");

  destroy_window (window);
  g_unlink (small);
  g_unlink (customers);
  remove_inputs (dir, contacts, notice);
}

/* The first candidate for the contact list passes the sniff but cannot be
 * read (UTF-16 that breaks after the 64 KiB sample), so the next one is
 * read in its place, and a toast names the first. */
static void
test_open_next_candidate (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *contacts = NULL;
  g_autofree char *notice = NULL;
  g_autofree char *broken = NULL;
  g_autoptr(GString) text = g_string_new ("\xFF\xFE");
  const char *args[4] = { NULL };
  BounceWindow *window;

  write_inputs ("notice.eml", &dir, &contacts, &notice);
  for (const char *p = "Email\tName\r\n"; *p != '\0'; p++)
    g_string_append_len (text, (char[2]) { *p, '\0' }, 2);
  for (guint i = 0; i < 4000; i++)
    {
      g_autofree char *row = g_strdup_printf ("u%u@example.com\tUser %u\r\n", i, i);

      for (const char *p = row; *p != '\0'; p++)
        g_string_append_len (text, (char[2]) { *p, '\0' }, 2);
    }
  /* A high surrogate with no low one after it. */
  g_string_append_len (text, "\x00\xD8x\0", 4);
  broken = write_file (dir, "broken.txt", text->str, text->len);
  g_assert_true (bounce_contact_list_is_likely_file (broken));
  args[0] = broken;
  args[1] = contacts;
  args[2] = notice;

  window = run_with_arguments (args);

  g_assert_cmpstr (bounce_contact_list_get_path (bounce_session_get_contacts (window->session)), ==, contacts);
  g_assert_cmpuint (count_unreadable (window, contacts), ==, 0);
  g_assert_cmpuint (bounce_session_get_records (window->session)->len, ==, count_records (notice));
  g_assert_null (window->contact_candidates);

  destroy_window (window);
  g_unlink (broken);
  remove_inputs (dir, contacts, notice);
}

/* Returns the message dialog over @window whose body contains @text, or
 * NULL. */
static AdwMessageDialog *
find_dialog_with (BounceWindow *window,
                  const char   *text)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (toplevel)), text) != NULL)
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

/* An Excel workbook given with the bounces is meant as the contact
 * list. It is read as one, which says to save it as CSV, and not as a
 * bounce message of binary data. */
static void
test_open_workbook (void)
{
  static const char workbook[] = "PK\x03\x04\x14\0\0\0\0\0[Content_Types].xmlPK\x03\x04xl/workbook.xml";
  g_autofree char *dir = NULL;
  g_autofree char *contacts = NULL;
  g_autofree char *notice = NULL;
  g_autofree char *xlsx = NULL;
  const char *args[3] = { NULL };
  AdwMessageDialog *dialog;
  BounceWindow *window;

  write_inputs ("notice.eml", &dir, &contacts, &notice);
  xlsx = write_file (dir, "contacts.xlsx", workbook, sizeof workbook - 1);
  args[0] = xlsx;
  args[1] = notice;

  window = run_with_arguments (args);

  g_assert_null (bounce_session_get_contacts (window->session));
  g_assert_cmpuint (count_unreadable (window, xlsx), ==, 0);
  g_assert_cmpuint (bounce_session_get_records (window->session)->len, ==, count_records (notice));
  dialog = find_dialog_with (window, "is an Excel workbook, not a CSV file. Open it in Excel and save it as CSV.");
  g_assert_nonnull (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));

  destroy_window (window);
  g_unlink (xlsx);
  remove_inputs (dir, contacts, notice);
}

int
main (int   argc,
      char *argv[])
{
  /* Xvfb has no accessibility bus, so GTK would warn, and tests make
   * warnings fatal. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* Only read: the app opens these files and writes nothing. */
  samples_dir = g_getenv ("BOUNCE_SAMPLES_DIR");
  if (samples_dir == NULL)
    samples_dir = SOURCE_SAMPLES_DIR;

  g_test_add_func ("/gui-open/paths", test_open_paths);
  g_test_add_func ("/gui-open/uris", test_open_uris);
  g_test_add_func ("/gui-open/bounces-only", test_open_bounces_only);
  g_test_add_func ("/gui-open/missing-path", test_open_missing_path);
  g_test_add_func ("/gui-open/unicode-text", test_open_unicode_text);
  g_test_add_func ("/gui-open/contacts-read-as-bounce", test_open_contacts_read_as_bounce);
  g_test_add_func ("/gui-open/csv-name-first", test_open_csv_name_first);
  g_test_add_func ("/gui-open/next-candidate", test_open_next_candidate);
  g_test_add_func ("/gui-open/two-csv-files", test_open_two_csv_files);
  g_test_add_func ("/gui-open/workbook", test_open_workbook);

  return g_test_run ();
}

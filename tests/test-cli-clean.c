/* test-cli-clean.c: `bounce-cli clean` and `bounce-cli contacts` as a
 * person or a script runs them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bounce-history-private.h"
#include "cli-util.h"
#include "dsn-fixture.h"
#include "test-files.h"

/* Runs bounce-cli with @args and without history, so the figures depend
 * on these files alone. */
static void
run_cli (CliRun             *run,
         const char * const *args)
{
  cli_run (run, args, "--no-history", NULL);
}

static char *
csv_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "csv", name, NULL);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

typedef struct
{
  char *dir;
  char *output;
  char *removed;
  char *bounces;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("bounce-cli-clean-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->output = g_build_filename (fixture->dir, "cleaned.csv", NULL);
  fixture->removed = g_build_filename (fixture->dir, "removed.csv", NULL);
  fixture->bounces = csv_path ("bounces");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->output);
  g_free (fixture->removed);
  g_free (fixture->bounces);
}

/* The bounce fixtures: bob.stone@example.net hard (5.1.1),
 * carla.mendes@example.org soft (4.2.2), dan.okafor@example.com a spam
 * complaint, nobody@example.org hard and in no contact file. */
static void
test_clean_default (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  g_auto(CliRun) run = { 0 };
  g_autofree char *kept = NULL;
  g_autofree char *removed = NULL;
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, "--removed", fixture->removed, NULL };

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Rows read:             4"));
  g_assert_nonnull (strstr (run.out, "Rows kept:             2"));
  g_assert_nonnull (strstr (run.out, "Rows removed:          2"));
  g_assert_nonnull (strstr (run.out, "Unmatched bounces:     1"));
  g_assert_nonnull (strstr (run.out, "nobody@example.org"));
  g_assert_nonnull (strstr (run.out, "Check: 2 kept + 2 removed = 4 read: OK"));

  kept = read_file (fixture->output);
  g_assert_cmpstr (kept, ==,
                   "Email,First Name,Last Name,City\n"
                   "jane.doe@example.com,Jane,Doe,Springfield\n"
                   "carla.mendes@example.org,Carla,Mendes,Lakeside\n");
  removed = read_file (fixture->removed);
  g_assert_cmpstr (removed, ==,
                   "Email,First Name,Last Name,City,bounce_removal_reason\n"
                   "bob.stone@example.net,Bob,Stone,Riverton,hard: bob.stone@example.net\n"
                   "dan.okafor@example.com,Dan,Okafor,Hillview,complaint: dan.okafor@example.com\n");
}

static void
test_clean_options (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  g_auto(CliRun) run = { 0 };
  g_autofree char *kept = NULL;
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, "--keep-complaints",
                         "--soft-limit", "1", "--add-columns=category,status", NULL };

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);

  kept = read_file (fixture->output);
  g_assert_cmpstr (kept, ==,
                   "Email,First Name,Last Name,City,bounce_category,bounce_status\n"
                   "jane.doe@example.com,Jane,Doe,Springfield,,\n"
                   "dan.okafor@example.com,Dan,Okafor,Hillview,complaint,\n");
}

static void
test_clean_add_columns_all (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  const char *values[] = { "--add-columns", "--add-columns=all", "--add-columns=ALL" };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_auto(CliRun) run = { 0 };
      g_autofree char *kept = NULL;
      const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                             "--output", fixture->output, values[i], NULL };

      run_cli (&run, args);
      g_assert_cmpint (run.status, ==, 0);
      kept = read_file (fixture->output);
      g_assert_true (g_str_has_prefix (kept, "Email,First Name,Last Name,City,"
                                             "bounce_category,bounce_reason,bounce_status,bounce_date\n"));
    }
}

/* Runs clean with --add-columns on @contacts, writing @output. */
static void
clean_adding_columns (const char *contacts,
                      const char *bounces,
                      const char *output,
                      const char *removed)
{
  g_auto(CliRun) run = { 0 };
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", bounces, "--output", output,
                         "--add-columns", removed != NULL ? "--removed" : NULL, removed, NULL };

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, ": OK"));
}

/* A file cleaned before with status columns keeps one set of them when
 * it is cleaned again: the file's own status columns get the new cells
 * in place, wherever they are, and the ones it lacks are appended. A row
 * without a bounce now gets empty status cells. Every other byte stays. */
static void
test_clean_add_columns_again (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *contacts = g_build_filename (fixture->dir, "contacts.csv", NULL);
  g_autofree char *no_bounces = g_build_filename (fixture->dir, "no-bounces", NULL);
  g_autofree char *again = g_build_filename (fixture->dir, "again.csv", NULL);
  g_autofree char *original = csv_path ("comma-lf.csv");
  g_autofree char *kept = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GError) error = NULL;
  /* Two of the four status columns, one of them between the contact's
   * own columns, with stale cells; Bob's row ends before bounce_status. */
  static const char partial[] =
    "Email,First Name,bounce_category,Last Name,City,bounce_status\r\n"
    "jane.doe@example.com,Jane,hard,Doe,Springfield,5.1.1\r\n"
    "\"carla.mendes@example.org\",Carla,,\"Mendes, C\",Lakeside,\r\n"
    "bob.stone@example.net,Bob,,Stone,Riverton\r\n"
    "dan.okafor@example.com,Dan,soft,Okafor,Hillview,4.4.1\r\n";

  g_assert_cmpint (g_mkdir (no_bounces, 0700), ==, 0);
  g_file_set_contents (contacts, partial, -1, &error);
  g_assert_no_error (error);

  clean_adding_columns (contacts, fixture->bounces, fixture->output, fixture->removed);
  kept = read_file (fixture->output);
  g_assert_cmpstr (kept, ==,
                   "Email,First Name,bounce_category,Last Name,City,bounce_status,bounce_reason,bounce_date\r\n"
                   "jane.doe@example.com,Jane,,Doe,Springfield,,,\r\n"
                   "\"carla.mendes@example.org\",Carla,soft,\"Mendes, C\",Lakeside,4.2.2,mailbox-full,2024-05-06T10:00:00Z\r\n");
  removed = read_file (fixture->removed);
  g_assert_cmpstr (removed, ==,
                   "Email,First Name,bounce_category,Last Name,City,bounce_status,bounce_reason,bounce_date,"
                   "bounce_removal_reason\r\n"
                   "bob.stone@example.net,Bob,hard,Stone,Riverton,5.1.1,mailbox-unknown,2024-05-06T10:00:00Z,"
                   "hard: bob.stone@example.net\r\n"
                   "dan.okafor@example.com,Dan,complaint,Okafor,Hillview,,spam-complaint,2024-05-07T09:00:00Z,"
                   "complaint: dan.okafor@example.com\r\n");

  /* The removed file cleaned again keeps one bounce_removal_reason. */
  clean_adding_columns (fixture->removed, fixture->bounces, again, contacts);
  g_free (removed);
  removed = read_file (contacts);
  g_assert_cmpstr (removed, ==,
                   "Email,First Name,bounce_category,Last Name,City,bounce_status,bounce_reason,bounce_date,"
                   "bounce_removal_reason\r\n"
                   "bob.stone@example.net,Bob,hard,Stone,Riverton,5.1.1,mailbox-unknown,2024-05-06T10:00:00Z,"
                   "hard: bob.stone@example.net\r\n"
                   "dan.okafor@example.com,Dan,complaint,Okafor,Hillview,,spam-complaint,2024-05-07T09:00:00Z,"
                   "complaint: dan.okafor@example.com\r\n");

  /* Nothing bounced this time, so no row has a status. */
  clean_adding_columns (fixture->output, no_bounces, again, NULL);
  g_free (kept);
  kept = read_file (again);
  g_assert_cmpstr (kept, ==,
                   "Email,First Name,bounce_category,Last Name,City,bounce_status,bounce_reason,bounce_date\r\n"
                   "jane.doe@example.com,Jane,,Doe,Springfield,,,\r\n"
                   "\"carla.mendes@example.org\",Carla,,\"Mendes, C\",Lakeside,,,\r\n");

  /* The same bounces give the same file the second time. */
  clean_adding_columns (original, fixture->bounces, fixture->output, NULL);
  clean_adding_columns (fixture->output, fixture->bounces, again, NULL);
  first = read_file (fixture->output);
  second = read_file (again);
  g_assert_cmpstr (second, ==, first);
  g_assert_true (g_str_has_prefix (first, "Email,First Name,Last Name,City,"
                                          "bounce_category,bounce_reason,bounce_status,bounce_date\n"));
}

/* Without a header, the status columns of an earlier clean are found by
 * their cells: the last columns, holding only what the cleaner writes,
 * with a category in the first. */
static void
test_clean_add_columns_again_no_header (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autofree char *original = csv_path ("no-header.csv");
  g_autofree char *no_bounces = g_build_filename (fixture->dir, "no-bounces", NULL);
  g_autofree char *again = g_build_filename (fixture->dir, "again.csv", NULL);
  g_autofree char *own = g_build_filename (fixture->dir, "own.csv", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *emptied = NULL;
  g_autofree char *own_cleaned = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (no_bounces, 0700), ==, 0);

  clean_adding_columns (original, fixture->bounces, fixture->output, NULL);
  first = read_file (fixture->output);
  g_assert_cmpstr (first, ==,
                   "jane.doe@example.com,Jane Doe,,,,\n"
                   "carla.mendes@example.org,Carla Mendes,soft,mailbox-full,4.2.2,2024-05-06T10:00:00Z\n");

  clean_adding_columns (fixture->output, fixture->bounces, again, NULL);
  second = read_file (again);
  g_assert_cmpstr (second, ==, first);

  clean_adding_columns (fixture->output, no_bounces, again, NULL);
  emptied = read_file (again);
  g_assert_cmpstr (emptied, ==,
                   "jane.doe@example.com,Jane Doe,,,,\n"
                   "carla.mendes@example.org,Carla Mendes,,,,\n");

  /* A last column of the contact's own dates is no bounce_date column. */
  g_file_set_contents (own,
                       "jane.doe@example.com,Jane Doe,2024-05-06T10:00:00Z\n"
                       "carla.mendes@example.org,Carla Mendes,\n", -1, &error);
  g_assert_no_error (error);
  clean_adding_columns (own, no_bounces, again, NULL);
  own_cleaned = read_file (again);
  g_assert_cmpstr (own_cleaned, ==,
                   "jane.doe@example.com,Jane Doe,2024-05-06T10:00:00Z,,,,\n"
                   "carla.mendes@example.org,Carla Mendes,,,,,\n");
}

/* Runs clean on @contacts with --removed, adding status columns when
 * @add_columns, and returns the cleaned and the removed file. */
static void
clean_removed_file (Fixture     *fixture,
                    const char  *contacts,
                    gboolean     add_columns,
                    char       **kept,
                    char       **removed)
{
  g_auto(CliRun) run = { 0 };
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, "--removed", fixture->removed,
                         add_columns ? "--add-columns" : NULL, NULL };

  run_cli (&run, args);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  *kept = read_file (fixture->output);
  *removed = read_file (fixture->removed);
}

/* A removed file cleaned again: the reason cells that Bounce wrote are
 * no second address column, also without a header. Every bounce_*
 * cell describes the new clean, with or without --add-columns, so a row
 * kept now has empty status cells and no removal reason. */
static void
test_clean_removed_file_again (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *with_header = g_build_filename (fixture->dir, "removed-header.csv", NULL);
  g_autofree char *without_header = g_build_filename (fixture->dir, "removed-no-header.csv", NULL);
  g_autoptr(GError) error = NULL;
  const char *expected_kept =
    "jane.doe@example.com,Jane Doe,,,,,\n"
    "carla.mendes@example.org,Carla Mendes,soft,mailbox-full,4.2.2,2024-05-06T10:00:00Z,\n";
  const char *expected_removed =
    "bob.stone@example.net,Bob Stone,hard,mailbox-unknown,5.1.1,2024-05-06T10:00:00Z,hard: bob.stone@example.net\n";

  g_file_set_contents (with_header,
                       "Email,Name,bounce_category,bounce_removal_reason\r\n"
                       "jane.doe@example.com,Jane,hard,hard: jane.doe@example.com\r\n"
                       "bob.stone@example.net,Bob,hard,hard: bob.stone@example.net\r\n",
                       -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (without_header,
                       "jane.doe@example.com,Jane Doe,hard,mailbox-unknown,5.1.1,2024-04-01T10:00:00Z,"
                       "hard: jane.doe@example.com\n"
                       "carla.mendes@example.org,Carla Mendes,complaint,spam-complaint,,2024-04-01T10:00:00Z,"
                       "hard: carla.mendes@example.org; soft-limit: c.mendes@example.org\n"
                       "bob.stone@example.net,Bob Stone,hard,mailbox-unknown,5.1.1,2024-04-01T10:00:00Z,"
                       "hard: bob.stone@example.net\n",
                       -1, &error);
  g_assert_no_error (error);

  /* With a header and no --add-columns, Jane's old cells are emptied. */
  {
    g_autofree char *kept = NULL;
    g_autofree char *removed = NULL;

    clean_removed_file (fixture, with_header, FALSE, &kept, &removed);
    g_assert_cmpstr (kept, ==,
                     "Email,Name,bounce_category,bounce_removal_reason\r\n"
                     "jane.doe@example.com,Jane,,\r\n");
    g_assert_cmpstr (removed, ==,
                     "Email,Name,bounce_category,bounce_removal_reason\r\n"
                     "bob.stone@example.net,Bob,hard,hard: bob.stone@example.net\r\n");
  }

  /* Without a header the status columns are found before the removal
   * reasons, with or without --add-columns, and no column is appended. */
  for (guint add_columns = 0; add_columns < 2; add_columns++)
    {
      g_autofree char *kept = NULL;
      g_autofree char *removed = NULL;

      clean_removed_file (fixture, without_header, add_columns, &kept, &removed);
      g_assert_cmpstr (kept, ==, expected_kept);
      g_assert_cmpstr (removed, ==, expected_removed);
    }
}

/* A bounce_reason column of the person's own notes keeps them under
 * --add-columns: its cells do not have the form Bounce writes, so the
 * status columns are appended beside it. A second clean reuses the
 * appended ones and still leaves the notes alone. */
static void
test_clean_add_columns_own_column (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *contacts = g_build_filename (fixture->dir, "own-notes.csv", NULL);
  g_autofree char *again = g_build_filename (fixture->dir, "again.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) run_again = { 0 };
  g_autofree char *kept = NULL;
  g_autofree char *kept_again = NULL;
  const char *expected =
    "Email,Name,bounce_reason,bounce_category,bounce_reason,bounce_status,bounce_date\n"
    "jane.doe@example.com,Jane Doe,\"Bounced in 2019, fixed by phone\",,,,\n"
    "carla.mendes@example.org,Carla Mendes,VIP do not remove,soft,mailbox-full,4.2.2,2024-05-06T10:00:00Z\n";
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, "--add-columns", NULL };
  const char *again_args[] = { "clean", "--contacts", fixture->output, "--bounces", fixture->bounces,
                               "--output", again, "--add-columns", NULL };

  g_file_set_contents (contacts,
                       "Email,Name,bounce_reason\n"
                       "jane.doe@example.com,Jane Doe,\"Bounced in 2019, fixed by phone\"\n"
                       "carla.mendes@example.org,Carla Mendes,VIP do not remove\n",
                       -1, &error);
  g_assert_no_error (error);

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  kept = read_file (fixture->output);
  g_assert_cmpstr (kept, ==, expected);

  run_cli (&run_again, again_args);
  g_assert_cmpint (run_again.status, ==, 0);
  kept_again = read_file (again);
  g_assert_cmpstr (kept_again, ==, expected);
}

/* A cleaned file larger than the file-size limit (ulimit -f) fails with
 * a message that names it, exit status 1 and no temporary file left,
 * as a full disk does. The limit is inherited by the child process. */
static void
test_clean_file_size_limit (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *contacts = g_build_filename (fixture->dir, "many.csv", NULL);
  g_autoptr(GString) text = g_string_new ("Email,Name\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_auto(CliRun) run = { 0 };
  struct rlimit saved;
  struct rlimit limited;
  const char *name;
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, "--removed", fixture->removed, NULL };

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "contact%u@example.com,Contact Number %u\n", i, i);
  g_file_set_contents (contacts, text->str, text->len, &error);
  g_assert_no_error (error);

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limited = saved;
  limited.rlim_cur = 64 * 1024;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);
  run_cli (&run, args);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "cleaned.csv"));
  g_assert_nonnull (strstr (run.err, g_strerror (EFBIG)));

  dir = g_dir_open (fixture->dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_cmpstr (name, ==, "many.csv");
}

static void
stdout_to_dev_full (gpointer user_data)
{
  int fd = open ("/dev/full", O_WRONLY);

  if (fd >= 0)
    dup2 (fd, STDOUT_FILENO);
}

/* A JSON summary that cannot be written, here to a full disk, fails the
 * clean with exit status 1 and a message, because a script would read
 * nothing. */
static void
test_clean_json_write_fails (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  const char *args[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, "--json", NULL };
  g_auto(GStrv) argv = cli_build_argv (NULL, args, NULL);
  g_auto(GStrv) envp = cli_build_environ ();
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("/dev/full does not exist");
      return;
    }

  g_spawn_sync (NULL, argv, envp, G_SPAWN_DEFAULT, stdout_to_dev_full, NULL, NULL, &err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 1);
  g_assert_nonnull (strstr (err, "bounce-cli clean: Could not write the output"));
}

static void
test_clean_json_dry_run (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("utf16le-tab.csv");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  JsonObject *summary;
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--dry-run", "--json", NULL };

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
  g_assert_nonnull (strstr (run.err, "Dry run: no file was written."));

  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  summary = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (summary, "rows_in"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (summary, "rows_kept"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (summary, "rows_removed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "unmatched_records"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (summary, "messages_read_in_part"), ==, 0);
  g_assert_true (json_object_get_boolean_member (summary, "balanced"));
  g_assert_true (json_object_get_boolean_member (summary, "dry_run"));

  /* Each unmatched bounce has the members `scan --json` prints for it,
   * the server's text and host included. */
  {
    const char *scan_args[] = { "scan", "--json", fixture->bounces, NULL };
    JsonArray *unmatched = json_object_get_array_member (summary, "unmatched");
    g_auto(CliRun) scan_run = { 0 };
    g_auto(GStrv) lines = NULL;
    guint n_with_diagnostic = 0;

    run_cli (&scan_run, scan_args);
    g_assert_cmpint (scan_run.status, ==, 0);
    lines = g_strsplit (scan_run.out, "\n", -1);
    g_assert_cmpuint (json_array_get_length (unmatched), ==, 4);
    for (guint i = 0; i < json_array_get_length (unmatched); i++)
      {
        g_autofree char *entry = json_to_string (json_array_get_element (unmatched, i), FALSE);
        g_autoptr(JsonParser) entry_parser = json_parser_new ();
        JsonObject *object = json_array_get_object_element (unmatched, i);

        g_assert_true (g_strv_contains ((const char * const *) lines, entry));
        json_parser_load_from_data (entry_parser, entry, -1, &error);
        g_assert_no_error (error);
        n_with_diagnostic += json_object_get_string_member (object, "diagnostic")[0] != '\0';
      }
    g_assert_cmpuint (n_with_diagnostic, >, 0);
  }
}

static void
test_clean_refuses_input (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *contacts = g_build_filename (fixture->dir, "contacts.csv", NULL);
  g_autofree char *original = csv_path ("comma-lf.csv");
  g_autofree char *text = read_file (original);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) removed_run = { 0 };
  g_auto(CliRun) early_run = { 0 };
  g_autofree char *workbook = csv_path ("bad-workbook.csv");
  const char *early_args[] = { "clean", "--contacts", workbook, "--bounces", fixture->bounces,
                               "--output", fixture->output, "--removed", workbook, NULL };
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", contacts, NULL };
  const char *removed_args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                                 "--output", fixture->output, "--removed", contacts, NULL };

  g_file_set_contents (contacts, text, -1, &error);
  g_assert_no_error (error);

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "The cleaned file would replace the contact list"));
  after = read_file (contacts);
  g_assert_cmpstr (after, ==, text);

  /* A report naming the contact file is rejected in a sentence that
   * starts with a capital letter, as every message does. */
  {
    const char *report_args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                                  "--output", fixture->output, "--report", contacts, NULL };
    g_auto(CliRun) report_run = { 0 };

    run_cli (&report_run, report_args);
    g_assert_cmpint (report_run.status, ==, 2);
    g_assert_nonnull (strstr (report_run.err, "bounce-cli clean: The report “"));
  }

  /* --removed naming the contact file is named as such. */
  run_cli (&removed_run, removed_args);
  g_assert_cmpint (removed_run.status, ==, 2);
  g_assert_nonnull (strstr (removed_run.err, "The file of removed rows would replace the contact list"));
  g_assert_null (strstr (removed_run.err, "cleaned file"));

  /* The names are checked before the contact file is read. */
  run_cli (&early_run, early_args);
  g_assert_cmpint (early_run.status, ==, 2);
  g_assert_nonnull (strstr (early_run.err, "would replace the contact list"));
  g_assert_null (strstr (early_run.err, "Excel"));
  g_clear_pointer (&after, g_free);
  after = read_file (contacts);
  g_assert_cmpstr (after, ==, text);
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
}

/* Two outputs naming one file, as written or through "./" or a hard link,
 * are rejected before anything is written. */
static void
test_clean_refuses_same_outputs (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  g_autofree char *report = g_build_filename (fixture->dir, "report.html", NULL);
  g_autofree char *link_path = g_build_filename (fixture->dir, "link.csv", NULL);
  g_autofree char *dot_output = g_build_filename (fixture->dir, ".", "cleaned.csv", NULL);
  const char *output_report[] = { "--output", fixture->output, "--report", fixture->output, NULL };
  const char *removed_report[] = { "--output", fixture->output, "--removed", report, "--report", report, NULL };
  const char *output_report_csv[] = { "--output", fixture->output, "--report-csv", dot_output, NULL };
  const char *both_reports[] = { "--output", fixture->output, "--report", report, "--report-csv", report, NULL };
  const char *dry_run_reports[] = { "--dry-run", "--report", report, "--report-csv", report, NULL };
  const char *hard_link[] = { "--output", fixture->output, "--report-csv", link_path, NULL };
  const char * const *cases[] = { output_report, removed_report, output_report_csv, both_reports,
                                  dry_run_reports, hard_link };
  const char *names[] = { "the HTML report", "the HTML report", "the CSV report", "the CSV report",
                          "the CSV report", "the CSV report" };
  g_autoptr(GError) error = NULL;

  g_file_set_contents (fixture->output, "", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (link (fixture->output, link_path), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) args = NULL;
      g_auto(CliRun) run = { 0 };
      g_autofree char *after = NULL;

      g_strv_builder_add_many (builder, "clean", "--contacts", contacts, "--bounces", fixture->bounces, NULL);
      g_strv_builder_addv (builder, (const char **) cases[i]);
      args = g_strv_builder_end (builder);
      run_cli (&run, (const char * const *) args);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, "Both "));
      g_assert_nonnull (strstr (run.err, names[i]));
      g_assert_nonnull (strstr (run.err, "Choose a different file name for each."));
      g_assert_false (g_file_test (report, G_FILE_TEST_EXISTS));
      after = read_file (fixture->output);
      g_assert_cmpstr (after, ==, "");
    }
}

/* An output given as a symbolic link whose target does not exist yet is
 * the same file as another output that names that target. Both are
 * rejected before anything is written, so neither replaces the other. */
static void
test_clean_refuses_dangling_links (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  g_autofree char *report = g_build_filename (fixture->dir, "report.html", NULL);
  g_autofree char *removed_link = g_build_filename (fixture->dir, "removed-link.csv", NULL);
  g_autofree char *report_link = g_build_filename (fixture->dir, "report-link.html", NULL);
  g_autofree char *chain_link = g_build_filename (fixture->dir, "chain-link.csv", NULL);
  const char *removed_case[] = { "--output", fixture->output, "--removed", removed_link, NULL };
  const char *report_case[] = { "--output", fixture->output, "--report", report_link, NULL };
  const char *chain_case[] = { "--removed", chain_link, "--output", fixture->output, NULL };
  const char *csv_case[] = { "--output", fixture->output, "--report", report, "--report-csv", report_link, NULL };
  const char * const *cases[] = { removed_case, report_case, chain_case, csv_case };
  const char *messages[] = { "are both", "Both the cleaned file and the HTML report",
                             "are both", "Both the cleaned file and the CSV report" };

  /* removed-link.csv and report-link.html lead to cleaned.csv, which does
   * not exist. chain-link.csv leads there through removed-link.csv. */
  g_assert_cmpint (symlink ("cleaned.csv", removed_link), ==, 0);
  g_assert_cmpint (symlink ("./cleaned.csv", report_link), ==, 0);
  g_assert_cmpint (symlink (removed_link, chain_link), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) args = NULL;
      g_auto(CliRun) run = { 0 };
      GStatBuf info;

      g_strv_builder_add_many (builder, "clean", "--contacts", contacts, "--bounces", fixture->bounces, NULL);
      g_strv_builder_addv (builder, (const char **) cases[i]);
      args = g_strv_builder_end (builder);
      run_cli (&run, (const char * const *) args);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, messages[i]));
      g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (report, G_FILE_TEST_EXISTS));
      g_assert_cmpint (g_lstat (removed_link, &info), ==, 0);
      g_assert_true (S_ISLNK (info.st_mode));
    }
}

/* A pipe given as the only --bounces path gives no bounce, so the clean
 * stops with exit status 1 before writing, as for a path that does not
 * exist. */
static void
test_clean_fifo_bounces (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  g_autofree char *fifo = g_build_filename (fixture->dir, "pipe", NULL);
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fifo, "--output", fixture->output, NULL };
  g_auto(CliRun) run = { 0 };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "is a pipe (FIFO), not a message file or a folder"));
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
}

/* --since and --before select the messages of an IMAP folder. With a
 * local --bounces path they are rejected, rather than ignored while every
 * bounce still counts. */
static void
test_clean_since_local_path (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  const char *clean_args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces, "--since",
                               "2026-12-01", "--output", fixture->output, NULL };
  const char *scan_args[] = { "scan", "--before", "2026-12-01", fixture->bounces, NULL };
  g_auto(CliRun) clean_run = { 0 };
  g_auto(CliRun) scan_run = { 0 };

  run_cli (&clean_run, clean_args);
  g_assert_cmpint (clean_run.status, ==, 2);
  g_assert_nonnull (strstr (clean_run.err, "--since and --before apply only to a mailbox"));
  g_assert_nonnull (strstr (clean_run.err, fixture->bounces));
  g_assert_nonnull (strstr (clean_run.err, "Leave them out, and name a file or folder that contains only the "
                                           "messages of those days."));
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));

  run_cli (&scan_run, scan_args);
  g_assert_cmpint (scan_run.status, ==, 2);
  g_assert_nonnull (strstr (scan_run.err, "--since and --before apply only to a mailbox"));
  g_assert_cmpstr (scan_run.out, ==, "");
}

/* --no-header on a file whose first line is a header would remove that
 * line as an invalid address, so it is rejected with exit status 2. A
 * file without a header is read as before. */
static void
test_clean_no_header_on_header (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  g_autofree char *headless = g_build_filename (fixture->dir, "headless.csv", NULL);
  const char *header_args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces, "--no-header",
                                "--output", fixture->output, "--removed", fixture->removed, NULL };
  const char *headless_args[] = { "clean", "--contacts", headless, "--bounces", fixture->bounces, "--no-header",
                                  "--output", fixture->output, NULL };
  g_auto(CliRun) header_run = { 0 };
  g_auto(CliRun) headless_run = { 0 };
  g_autofree char *cleaned = NULL;
  g_autoptr(GError) error = NULL;

  run_cli (&header_run, header_args);
  g_assert_cmpint (header_run.status, ==, 2);
  g_assert_nonnull (strstr (header_run.err, "Line 1 of"));
  g_assert_nonnull (strstr (header_run.err, "is a header"));
  g_assert_nonnull (strstr (header_run.err, "Leave out --no-header."));
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (fixture->removed, G_FILE_TEST_EXISTS));

  g_file_set_contents (headless, "ann.lee@example.com,Ann\nbob.stone@example.net,Bob\n", -1, &error);
  g_assert_no_error (error);
  run_cli (&headless_run, headless_args);
  g_assert_cmpint (headless_run.status, ==, 0);
  cleaned = read_file (fixture->output);
  g_assert_cmpstr (cleaned, ==, "ann.lee@example.com,Ann\n");
}

/* A --keep address that no row has is named in a warning, because it is
 * most likely misspelt. One that a row has gives none. */
static void
test_clean_keep_unknown_address (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, "--removed", fixture->removed,
                         "--keep", "bob.stone@example.net", "--keep", "Dan.Okafor@exampel.com", NULL };
  g_auto(CliRun) run = { 0 };
  g_autofree char *removed = NULL;

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "warning: No row of"));
  g_assert_nonnull (strstr (run.err, "has the address of --keep “Dan.Okafor@exampel.com”, so it kept nothing."));
  g_assert_null (strstr (run.err, "bob.stone@example.net"));

  removed = read_file (fixture->removed);
  g_assert_cmpstr (removed, ==,
                   "Email,First Name,Last Name,City,bounce_removal_reason\n"
                   "dan.okafor@example.com,Dan,Okafor,Hillview,complaint: dan.okafor@example.com\n");
}

/* --no-header on a file whose email column has a name Bounce does not
 * know is rejected too when that name has no "@" and the cells below it
 * are addresses, because the header line would be removed as invalid. */
static void
test_clean_no_header_unknown_name (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("unknown-email-header.csv");
  const char *no_header_args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces, "--no-header",
                                   "--output", fixture->output, "--removed", fixture->removed, NULL };
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, NULL };
  g_auto(CliRun) no_header_run = { 0 };
  g_auto(CliRun) run = { 0 };
  g_autofree char *cleaned = NULL;

  run_cli (&no_header_run, no_header_args);
  g_assert_cmpint (no_header_run.status, ==, 2);
  g_assert_nonnull (strstr (no_header_run.err, "Line 1 of"));
  g_assert_nonnull (strstr (no_header_run.err, "looks like a header: its email cell “Contact” has no “@”"));
  g_assert_nonnull (strstr (no_header_run.err, "Leave out --no-header"));
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (fixture->removed, G_FILE_TEST_EXISTS));

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  cleaned = read_file (fixture->output);
  g_assert_cmpstr (cleaned, ==, "Contact,Name\nann.lee@example.com,Ann Lee\n");
}

/* Quotes around a whole cell, an Exchange "SMTP:" or "SIP:" prefix and a
 * dot after the domain wrap a live address: the rows are kept, and a
 * bounce of the address inside removes its row. */
static void
test_clean_wrapped_addresses (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("wrapped-addresses.csv");
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, "--removed", fixture->removed, NULL };
  g_auto(CliRun) run = { 0 };
  g_autofree char *removed = NULL;

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Rows read:             7"));
  g_assert_nonnull (strstr (run.out, "Rows kept:             6"));
  g_assert_nonnull (strstr (run.out, "  invalid address:     0"));

  removed = read_file (fixture->removed);
  g_assert_cmpstr (removed, ==,
                   "Email,Name,bounce_removal_reason\n"
                   "SMTP:bob.stone@example.net,Bob Stone,hard: bob.stone@example.net\n");
}

/* The contact file and the outputs of an earlier clean inside the folder
 * of bounces are no unreadable messages, and a second clean of the same
 * folder writes its outputs again. */
static void
test_clean_own_files_in_folder (Fixture       *fixture,
                                gconstpointer  data)
{
  static const char * const messages[] = { "complaint-dan.eml", "hard-bob.eml", "hard-nobody.eml", "soft-carla.eml" };
  g_autofree char *original = csv_path ("comma-lf.csv");
  g_autofree char *text = read_file (original);
  g_autofree char *contacts = g_build_filename (fixture->dir, "contacts.csv", NULL);
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->dir, "--output", fixture->output,
                         "--removed", fixture->removed, NULL };
  g_autofree char *first_output = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (contacts, text, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_autofree char *source = g_build_filename (fixture->bounces, messages[i], NULL);
      g_autofree char *copy = g_build_filename (fixture->dir, messages[i], NULL);
      g_autofree char *message = read_file (source);

      g_file_set_contents (copy, message, -1, &error);
      g_assert_no_error (error);
    }

  for (guint run_number = 0; run_number < 2; run_number++)
    {
      g_auto(CliRun) run = { 0 };
      g_autofree char *output = NULL;

      run_cli (&run, args);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_null (strstr (run.out, "Unreadable"));
      g_assert_null (strstr (run.out, "contacts.csv"));
      g_assert_true (g_regex_match_simple ("^Messages read: +4$", run.out, G_REGEX_MULTILINE, 0));
      output = read_file (fixture->output);
      if (first_output == NULL)
        first_output = g_steal_pointer (&output);
      else
        g_assert_cmpstr (output, ==, first_output);
    }
  g_assert_null (strstr (first_output, "bob.stone@example.net"));
}

/* An output name that is not UTF-8 is printed with U+FFFD for its bad
 * byte, and the file gets the name as given. */
static void
test_clean_non_utf8_output_name (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  g_autofree char *output = g_build_filename (fixture->dir, "o\xfe.csv", NULL);
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces, "--output", output, NULL };
  g_auto(CliRun) run = { 0 };

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "o\xef\xbf\xbd.csv\n"));
  g_assert_null (strstr (run.out, "\xfe"));
  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));
}

/* An output that is one of the bounce messages read, given as a file,
 * inside a folder or through a hard link, is rejected before anything is
 * written, so the message stays. */
static void
test_clean_refuses_bounce_input (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  g_autofree char *original = g_build_filename (fixture->bounces, "hard-bob.eml", NULL);
  g_autofree char *text = read_file (original);
  g_autofree char *folder = g_build_filename (fixture->dir, "bounces", NULL);
  g_autofree char *message = g_build_filename (folder, "hard-bob.eml", NULL);
  g_autofree char *hard_link = g_build_filename (fixture->dir, "bob-link.eml", NULL);
  const char *in_folder[] = { "--bounces", folder, "--output", message, NULL };
  const char *same_file[] = { "--bounces", message, "--output", fixture->output, "--removed", message, NULL };
  const char *linked_report[] = { "--bounces", folder, "--output", fixture->output, "--report", hard_link, NULL };
  const char *linked_csv[] = { "--bounces", hard_link, "--dry-run", "--report-csv", message, NULL };
  const char * const *cases[] = { in_folder, same_file, linked_report, linked_csv };
  const char *names[] = { "the cleaned file", "the file of removed rows", "the HTML report", "the CSV report" };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_file_set_contents (message, text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (link (message, hard_link), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) args = NULL;
      g_auto(CliRun) run = { 0 };
      g_autofree char *after = NULL;

      g_strv_builder_add_many (builder, "clean", "--contacts", contacts, NULL);
      g_strv_builder_addv (builder, (const char **) cases[i]);
      args = g_strv_builder_end (builder);
      run_cli (&run, (const char * const *) args);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, names[i]));
      g_assert_nonnull (strstr (run.err, "would replace a bounce message"));
      after = read_file (message);
      g_assert_cmpstr (after, ==, text);
      g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
    }
}

/* An output that exists and is not a regular file (a pipe, a link to a
 * pipe, a folder) is rejected with exit status 2 before any work,
 * because the rename that writes an output would replace it. "-" is
 * rejected too, rather than written as a file named "-". */
static void
test_clean_refuses_special_outputs (Fixture       *fixture,
                                    gconstpointer  data)
{
  static const char * const options[] = { "--output", "--removed", "--report", "--report-csv" };
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  g_autofree char *fifo = g_build_filename (fixture->dir, "pipe", NULL);
  g_autofree char *fifo_link = g_build_filename (fixture->dir, "pipe-link", NULL);
  g_autofree char *folder = g_build_filename (fixture->dir, "folder", NULL);
  g_autofree char *dash = g_build_filename (fixture->dir, "-", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  const char *special[] = { fifo, fifo_link, folder };
  const char *messages[] = { "is a pipe (FIFO), not a regular file", "is a pipe (FIFO), not a regular file",
                             "is a folder, not a file" };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink (fifo, fifo_link), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    for (guint j = 0; j < G_N_ELEMENTS (special); j++)
      {
        g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
        g_auto(GStrv) args = NULL;
        g_auto(CliRun) run = { 0 };
        GStatBuf info;

        g_strv_builder_add_many (builder, "clean", "--contacts", contacts, "--bounces", fixture->bounces, NULL);
        if (i != 0)
          g_strv_builder_add_many (builder, "--output", fixture->output, NULL);
        g_strv_builder_add_many (builder, options[i], special[j], NULL);
        args = g_strv_builder_end (builder);
        run_cli (&run, (const char * const *) args);
        g_assert_cmpint (run.status, ==, 2);
        g_assert_nonnull (strstr (run.err, special[j]));
        g_assert_nonnull (strstr (run.err, messages[j]));
        g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
        g_assert_cmpint (g_lstat (fifo, &info), ==, 0);
        g_assert_true (S_ISFIFO (info.st_mode));
        g_assert_cmpint (g_lstat (fifo_link, &info), ==, 0);
        g_assert_true (S_ISLNK (info.st_mode));
        g_assert_cmpint (g_lstat (folder, &info), ==, 0);
        g_assert_true (S_ISDIR (info.st_mode));
      }

  /* "-" is a relative name, so the run starts in the test's folder. */
  g_assert_cmpint (g_chdir (fixture->dir), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) args = NULL;
      g_auto(CliRun) run = { 0 };

      g_strv_builder_add_many (builder, "clean", "--contacts", contacts, "--bounces", fixture->bounces, NULL);
      if (i != 0)
        g_strv_builder_add_many (builder, "--output", fixture->output, NULL);
      g_strv_builder_add_many (builder, options[i], "-", NULL);
      args = g_strv_builder_end (builder);
      run_cli (&run, (const char * const *) args);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, "standard output is not supported"));
      g_assert_cmpstr (run.out, ==, "");
      g_assert_false (g_file_test (dash, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
    }
  g_assert_cmpint (g_chdir (cwd), ==, 0);
}

/* No output may replace the history database or the list of disposable
 * domains, which the clean reads and keeps: each is refused with exit
 * status 2 and left as it was. */
static void
test_clean_refuses_kept_inputs (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  g_autofree char *db = g_build_filename (fixture->dir, "history.db", NULL);
  g_autofree char *domains = g_build_filename (fixture->dir, "disposable.txt", NULL);
  const char *record[] = { "clean", "--db", db, "--contacts", contacts, "--bounces", fixture->bounces,
                           "--output", fixture->output, NULL };
  const char *over_db[] = { "clean", "--db", db, "--contacts", contacts, "--bounces", fixture->bounces,
                            "--output", db, NULL };
  const char *over_domains[] = { "clean", "--db", db, "--contacts", contacts, "--bounces", fixture->bounces,
                                 "--output", fixture->output, "--removed", domains,
                                 "--disposable-domains", domains, NULL };
  g_auto(CliRun) first = { 0 };
  g_auto(CliRun) db_run = { 0 };
  g_auto(CliRun) domains_run = { 0 };
  g_autofree char *db_before = NULL;
  g_autofree char *db_after = NULL;
  gsize db_before_length;
  gsize db_after_length;
  g_autofree char *domains_after = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (domains, "mailinator.example\n", -1, &error);
  g_assert_no_error (error);
  cli_run (&first, record, NULL);
  g_assert_cmpint (first.status, ==, 0);
  g_assert_cmpint (g_unlink (fixture->output), ==, 0);
  g_file_get_contents (db, &db_before, &db_before_length, &error);
  g_assert_no_error (error);

  cli_run (&db_run, over_db, NULL);
  g_assert_cmpint (db_run.status, ==, 2);
  g_assert_nonnull (strstr (db_run.err, "would replace the history database"));
  g_file_get_contents (db, &db_after, &db_after_length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (db_after, db_after_length, db_before, db_before_length);

  cli_run (&domains_run, over_domains, NULL);
  g_assert_cmpint (domains_run.status, ==, 2);
  g_assert_nonnull (strstr (domains_run.err, "would replace the list of disposable domains"));
  domains_after = read_file (domains);
  g_assert_cmpstr (domains_after, ==, "mailinator.example\n");
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
}

/* Returns the count at the end of the summary line that starts with
 * @label after its indent, or -1 when no line does. */
static int
get_summary_count (const char *out,
                   const char *label)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (g_strchug (lines[i]), label))
      return (int) g_ascii_strtoll (lines[i] + strlen (label), NULL, 10);

  return -1;
}

/* A bounce of a home address column keeps the row, and the summary
 * counts it apart from the rows without a bounce, in the same terms as
 * the status cell ("not the list address"). */
static void
test_clean_other_address_bounced (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv",
                                          "Name,Email,Home Email\r\n"
                                          "Jane,jane@work.example.com,jane@home.example.net\r\n"
                                          "Ann,ann@work.example.com,\r\n");
  g_autofree char *folder = g_build_filename (fixture->dir, "bounces", NULL);
  g_autofree char *dsn = dsn_fixture_new ("jane@home.example.net", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000",
                                          "send-1@example.com");
  g_autofree char *message = NULL;
  g_autofree char *json_text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *args[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", folder,
                         "--output", fixture->output, NULL };
  const char *json_args[] = { "clean", "--no-history", "--json", "--dry-run", "--contacts", contacts,
                              "--bounces", folder, NULL };
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) json_run = { 0 };
  JsonObject *summary;

  message = write_file (folder, "1.eml", dsn);
  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (get_summary_count (run.out, "Rows kept:"), ==, 2);
  g_assert_cmpint (get_summary_count (run.out, "No bounce"), ==, 1);
  g_assert_cmpint (get_summary_count (run.out, "On another address"), ==, 1);

  run_cli (&json_run, json_args);
  g_assert_cmpint (json_run.status, ==, 0);
  json_parser_load_from_data (parser, json_run.out, -1, &error);
  g_assert_no_error (error);
  summary = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (summary, "rows_without_bounce"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "rows_other_address_bounced"), ==, 1);
}

/* A relay that suspended the sending account refuses every recipient of
 * every campaign. Three such campaigns are no soft bounces of the
 * recipients, so the soft-bounce limit removes nobody. */
static void
test_clean_sender_account_suspended (Fixture       *fixture,
                                     gconstpointer  data)
{
  static const char * const dates[] = {
    "Fri, 1 Mar 2024 09:15:04 +0100", "Fri, 8 Mar 2024 09:15:04 +0100", "Fri, 15 Mar 2024 09:15:04 +0100",
  };
  static const char * const recipients[] = { "ada.lind@example.com", "bea.holm@example.net" };
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv",
                                          "Email,Name\n"
                                          "ada.lind@example.com,Ada\n"
                                          "bea.holm@example.net,Bea\n");
  g_autofree char *folder = g_build_filename (fixture->dir, "bounces", NULL);
  const char *args[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", folder,
                         "--output", fixture->output, NULL };
  g_auto(CliRun) run = { 0 };
  g_autofree char *cleaned = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      for (guint j = 0; j < G_N_ELEMENTS (recipients); j++)
        {
          g_autofree char *message_id = g_strdup_printf ("campaign-%u@shop.example.org", i);
          g_autofree char *name = g_strdup_printf ("%u-%u.eml", i, j);
          g_autofree char *dsn = dsn_fixture_new_with_reply (recipients[j], "5.7.0",
                                                             "550 5.7.0 Sender account suspended: news@shop.example.org has been suspended for policy violations",
                                                             "relay.example.org", dates[i], message_id);
          g_autofree char *path = write_file (folder, name, dsn);
        }
    }

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (get_summary_count (run.out, "Rows removed:"), ==, 0);
  g_assert_cmpint (get_summary_count (run.out, "soft-bounce limit:"), ==, 0);
  g_assert_cmpint (get_summary_count (run.out, "Blocked"), ==, 2);
  cleaned = read_file (fixture->output);
  g_assert_cmpstr (cleaned, ==, "Email,Name\nada.lind@example.com,Ada\nbea.holm@example.net,Bea\n");
}

/* Other tools name their own columns bounce_category or bounce_reason
 * too. Without --add-columns, a clean that removes nothing leaves such
 * columns as they are, so the cleaned file equals the input. */
static void
test_clean_keeps_own_bounce_columns (Fixture       *fixture,
                                     gconstpointer  data)
{
  static const char text[] = "email,name,bounce_category,bounce_reason\r\n"
                             "ada.lind@example.com,Ada,VIP,gold customer\r\n"
                             "bea.holm@example.net,Bea,,\r\n";
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv", text);
  g_autofree char *folder = g_build_filename (fixture->dir, "bounces", NULL);
  const char *args[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", folder,
                         "--output", fixture->output, NULL };
  g_auto(CliRun) run = { 0 };
  g_autofree char *cleaned = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (get_summary_count (run.out, "Rows removed:"), ==, 0);
  cleaned = read_file (fixture->output);
  g_assert_cmpstr (cleaned, ==, text);
}

/* A CRM export's own status columns, such as a Brevo-style
 * "BOUNCE_REASON" of its texts beside "EMAIL_BLACKLISTED", keep their
 * cells also with --add-columns: the cleaner appends its own columns
 * after them, in the cleaned and in the removed file. */
static void
test_clean_add_columns_keeps_crm_columns (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv",
                                          "EMAIL,FIRSTNAME,EMAIL_BLACKLISTED,BOUNCE_REASON\n"
                                          "bob.stone@example.net,Bob,Yes,Hard bounce: user unknown\n"
                                          "ada@example.com,Ada,No,Soft bounce: mailbox full\n");
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces, "--add-columns",
                         "--output", fixture->output, "--removed", fixture->removed, NULL };
  g_auto(CliRun) run = { 0 };
  g_autofree char *kept = NULL;
  g_autofree char *removed = NULL;

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);

  kept = read_file (fixture->output);
  g_assert_cmpstr (kept, ==,
                   "EMAIL,FIRSTNAME,EMAIL_BLACKLISTED,BOUNCE_REASON,bounce_category,bounce_reason,bounce_status,"
                   "bounce_date\n"
                   "ada@example.com,Ada,No,Soft bounce: mailbox full,,,,\n");
  removed = read_file (fixture->removed);
  g_assert_true (g_str_has_prefix (removed, "EMAIL,FIRSTNAME,EMAIL_BLACKLISTED,BOUNCE_REASON,bounce_category,"
                                            "bounce_reason,bounce_status,bounce_date,bounce_removal_reason\n"
                                            "bob.stone@example.net,Bob,Yes,Hard bounce: user unknown,hard,"
                                            "mailbox-unknown,5.1.1,"));
}

static char *
message_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "messages", "input", name, NULL);
}

/* A complaint report that names no complainant came back on a message to
 * three people. None of them is known to have complained, so no row is
 * removed and the report is listed as unmatched. */
static void
test_clean_complaint_several_to (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv",
                                          "Email,Name\n"
                                          "ada.lind@example.com,Ada\n"
                                          "bea.holm@example.net,Bea\n"
                                          "cal.berg@example.org,Cal\n");
  g_autofree char *report = message_path ("arf-no-rcpt-to-several-to.eml");
  const char *args[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", report,
                         "--output", fixture->output, NULL };
  g_auto(CliRun) run = { 0 };

  g_autofree char *text = NULL;
  g_autofree char *one_to = NULL;
  g_autoptr(GString) edited = NULL;
  const char *one_to_args[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", NULL,
                                "--output", fixture->output, NULL };
  g_auto(CliRun) one_to_run = { 0 };

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (get_summary_count (run.out, "Rows removed:"), ==, 0);
  g_assert_cmpint (get_summary_count (run.out, "complaint:"), ==, 0);
  g_assert_cmpint (get_summary_count (run.out, "Unmatched bounces:"), ==, 1);

  /* One To and one Cc address are two guesses too. */
  text = read_file (report);
  edited = g_string_new (text);
  g_assert_cmpuint (g_string_replace (edited, "To: Ada Lind <ada.lind@example.com>, bea.holm@example.net\n",
                                      "To: Ada Lind <ada.lind@example.com>\n", 1), ==, 1);
  one_to = write_file (fixture->dir, "one-to.eml", edited->str);
  one_to_args[5] = one_to;
  run_cli (&one_to_run, one_to_args);
  g_assert_cmpint (one_to_run.status, ==, 0);
  g_assert_cmpint (get_summary_count (one_to_run.out, "Rows removed:"), ==, 0);
  g_assert_cmpint (get_summary_count (one_to_run.out, "Unmatched bounces:"), ==, 1);
}

/* Postfix names the group alias as Original-Recipient when one member of
 * it fails. The group row is kept for a person to check. */
static void
test_clean_group_alias_member (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv",
                                          "Email,Name\n"
                                          "team@example.org,Team\n"
                                          "ada.lind@example.com,Ada\n");
  g_autofree char *report = message_path ("postfix-group-alias-member.eml");
  const char *args[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", report,
                         "--output", fixture->output, NULL };
  g_auto(CliRun) run = { 0 };

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (get_summary_count (run.out, "Rows removed:"), ==, 0);
  g_assert_cmpint (get_summary_count (run.out, "Kept to check:"), ==, 1);
  g_assert_nonnull (strstr (run.out, "team@example.org, a group or forwarding address? The bounce is for "
                                     "member3@example.org"));
}

/* On a file with blank rows, a duplicate, an invalid address and a row
 * without address, the text and JSON of `clean`, `check` and `contacts`
 * give the same counts, and the rows by worst bounce add up to the rows
 * read. */
static void
test_clean_row_counts_agree (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv",
                                          "email;name\n"
                                          "jane@example.com;Jane\n"
                                          ";;\n"
                                          "j.a.n.e@gmail.com;J\n"
                                          "jane@gmail.com;J2\n"
                                          ";\n"
                                          ";Nora\n"
                                          "bad@@example.com;Bad\n"
                                          "kim@example.net;Kim\n");
  g_autofree char *folder = g_build_filename (fixture->dir, "bounces", NULL);
  g_autofree char *dsn = dsn_fixture_new ("jane@example.com", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000",
                                          "send-1@example.com");
  g_autofree char *message = write_file (folder, "1.eml", dsn);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) check_parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", folder, "--dry-run", NULL };
  const char *json_args[] = { "clean", "--json", "--contacts", contacts, "--bounces", folder, "--dry-run", NULL };
  const char *check_args[] = { "check", contacts, NULL };
  const char *check_json_args[] = { "check", "--json", contacts, NULL };
  const char *contacts_args[] = { "contacts", contacts, NULL };
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) json_run = { 0 };
  g_auto(CliRun) check_run = { 0 };
  g_auto(CliRun) check_json_run = { 0 };
  g_auto(CliRun) contacts_run = { 0 };
  JsonObject *summary;
  JsonObject *check;

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&json_run, json_args);
  g_assert_cmpint (json_run.status, ==, 0);
  json_parser_load_from_data (parser, json_run.out, -1, &error);
  g_assert_no_error (error);
  summary = json_node_get_object (json_parser_get_root (parser));
  run_cli (&check_run, check_args);
  g_assert_cmpint (check_run.status, ==, 0);
  run_cli (&check_json_run, check_json_args);
  g_assert_cmpint (check_json_run.status, ==, 0);
  json_parser_load_from_data (check_parser, check_json_run.out, -1, &error);
  g_assert_no_error (error);
  check = json_node_get_object (json_parser_get_root (check_parser));
  run_cli (&contacts_run, contacts_args);
  g_assert_cmpint (contacts_run.status, ==, 0);

  g_assert_cmpint (get_summary_count (run.out, "Rows read:"), ==, 8);
  g_assert_cmpint (get_summary_count (run.out, "Hard bounce"), ==, 1);
  g_assert_cmpint (get_summary_count (run.out, "No bounce"), ==, 4);
  g_assert_cmpint (get_summary_count (run.out, "Removed otherwise"), ==, 1);
  g_assert_cmpint (get_summary_count (run.out, "Blank rows"), ==, 2);
  g_assert_cmpint (get_summary_count (run.out, "Contacts:"), ==, 3);
  g_assert_cmpint (get_summary_count (run.out, "Duplicate rows:"), ==, 1);
  g_assert_cmpint (get_summary_count (run.out, "Rows without address:"), ==, 1);
  g_assert_nonnull (strstr (run.out, "Check: 6 kept + 2 removed = 8 read: OK\n"));

  g_assert_cmpint (json_object_get_int_member (summary, "rows_in"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (summary, "rows_without_bounce"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (summary, "rows_removed_without_bounce"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "rows_blank"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (summary, "distinct_addresses"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (summary, "duplicate_rows"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "rows_invalid"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "rows_without_address"), ==, 1);

  g_assert_cmpint (get_summary_count (check_run.out, "Rows read:"), ==, 8);
  g_assert_cmpint (get_summary_count (check_run.out, "Contacts:"), ==, 3);
  g_assert_cmpint (get_summary_count (check_run.out, "Duplicate"), ==, 1);
  g_assert_cmpint (get_summary_count (check_run.out, "Blank rows:"), ==, 2);
  g_assert_cmpint (get_summary_count (check_run.out, "Rows without address:"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (check, "distinct_addresses"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (check, "blank"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (check, "empty"), ==, 1);

  g_assert_cmpint (get_summary_count (contacts_run.out, "Rows:"), ==, 8);
  g_assert_cmpint (get_summary_count (contacts_run.out, "Blank rows:"), ==, 2);
}

/* A list address cell without any "@", such as "k.A", "N/V", Excel's
 * "#VALUE!" or a name, is a row without an address: kept and counted
 * apart by clean and check. A cell with an "@" that breaks a rule is
 * still an invalid address and removed. */
static void
test_clean_cells_without_at_kept (Fixture       *fixture,
                                  gconstpointer  data)
{
  const char *text = "Email,Name\n"
                     "ada@example.com,Ada\n"
                     "k.A,Ben\n"
                     "N/V,Cem\n"
                     "#VALUE!,Dora\n"
                     "none,Eli\n"
                     "-,Fay\n"
                     "Gus Example,Gus\n"
                     "ivy@@example.com,Ivy\n"
                     "bob.stone@example.net,Bob\n";
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv", text);
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, "--removed", fixture->removed, NULL };
  const char *check_args[] = { "check", "--json", contacts, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) check_run = { 0 };
  g_autofree char *kept = NULL;
  g_autofree char *removed = NULL;
  JsonObject *check;

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (get_summary_count (run.out, "Rows without address:"), ==, 6);
  g_assert_nonnull (strstr (run.out, "Check: 7 kept + 2 removed = 9 read: OK\n"));

  kept = read_file (fixture->output);
  g_assert_cmpstr (kept, ==,
                   "Email,Name\n"
                   "ada@example.com,Ada\n"
                   "k.A,Ben\n"
                   "N/V,Cem\n"
                   "#VALUE!,Dora\n"
                   "none,Eli\n"
                   "-,Fay\n"
                   "Gus Example,Gus\n");
  removed = read_file (fixture->removed);
  g_assert_nonnull (strstr (removed, "\nivy@@example.com,Ivy,invalid"));
  g_assert_nonnull (strstr (removed, "\nbob.stone@example.net,Bob,hard: bob.stone@example.net\n"));

  run_cli (&check_run, check_args);
  g_assert_cmpint (check_run.status, ==, 0);
  json_parser_load_from_data (parser, check_run.out, -1, &error);
  g_assert_no_error (error);
  check = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (check, "empty"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (check, "invalid"), ==, 1);
}

/* A placeholder beside the address of a list cell ("a@example.com; n/a")
 * is no second address: the cell is valid, its address is matched, and a
 * hard bounce of it removes the row for the bounce. */
static void
test_clean_placeholder_beside_address (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv",
                                          "Email,Name\n"
                                          "ada@example.com; n/a,Ada\n"
                                          "\"N/V, bob.stone@example.net\",Bob\n"
                                          "\"cem@example.com\n-\",Cem\n");
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, "--removed", fixture->removed, NULL };
  g_auto(CliRun) run = { 0 };
  g_autofree char *kept = NULL;
  g_autofree char *removed = NULL;

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (get_summary_count (run.out, "invalid address:"), ==, 0);
  g_assert_cmpint (get_summary_count (run.out, "Contacts:"), ==, 3);
  g_assert_nonnull (strstr (run.out, "Check: 2 kept + 1 removed = 3 read: OK\n"));

  kept = read_file (fixture->output);
  g_assert_cmpstr (kept, ==,
                   "Email,Name\n"
                   "ada@example.com; n/a,Ada\n"
                   "\"cem@example.com\n-\",Cem\n");
  removed = read_file (fixture->removed);
  g_assert_cmpstr (removed, ==,
                   "Email,Name,bounce_removal_reason\n"
                   "\"N/V, bob.stone@example.net\",Bob,hard: bob.stone@example.net\n");
}

/* Unreadable files in the bounce folder are named in the summary with
 * their reason and counted in a warning, and the files are written. */
static void
test_clean_names_unreadable (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  g_autofree char *folder = g_build_filename (fixture->dir, "bounces", NULL);
  g_autofree char *original = g_build_filename (fixture->bounces, "hard-bob.eml", NULL);
  g_autofree char *text = read_file (original);
  g_autofree char *message = g_build_filename (folder, "hard-bob.eml", NULL);
  g_autofree char *broken = g_build_filename (folder, "broken.eml", NULL);
  g_autofree char *outside = g_build_filename (folder, "outside.eml", NULL);
  g_autofree char *broken_line = NULL;
  g_autofree char *outside_line = NULL;
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", folder, "--output", fixture->output, NULL };
  g_auto(CliRun) run = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_file_set_contents (message, text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (symlink ("no-such-message.eml", broken), ==, 0);
  g_assert_cmpint (symlink (contacts, outside), ==, 0);

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Unreadable messages:   2\n"));
  broken_line = g_strdup_printf ("\n  %s: ", broken);
  outside_line = g_strdup_printf ("\n  %s: ", outside);
  g_assert_nonnull (strstr (run.out, broken_line));
  g_assert_nonnull (strstr (run.out, outside_line));
  g_assert_nonnull (strstr (run.err, "warning: 2 bounce files or messages could not be read"));
  g_assert_true (g_file_test (fixture->output, G_FILE_TEST_IS_REGULAR));

  /* The JSON summary lists them too, each with its reason. */
  {
    const char *json_args[] = { "clean", "--contacts", contacts, "--bounces", folder, "--dry-run", "--json", NULL };
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_auto(CliRun) json_run = { 0 };
    JsonObject *summary;
    JsonArray *unreadable;
    gboolean found_broken = FALSE;
    gboolean found_outside = FALSE;

    run_cli (&json_run, json_args);
    g_assert_cmpint (json_run.status, ==, 0);
    json_parser_load_from_data (parser, json_run.out, -1, &error);
    g_assert_no_error (error);
    summary = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpint (json_object_get_int_member (summary, "unreadable_messages"), ==, 2);
    unreadable = json_object_get_array_member (summary, "unreadable");
    g_assert_nonnull (unreadable);
    g_assert_cmpuint (json_array_get_length (unreadable), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        JsonObject *entry = json_array_get_object_element (unreadable, i);
        const char *file = json_object_get_string_member (entry, "file");

        found_broken |= g_strcmp0 (file, broken) == 0;
        found_outside |= g_strcmp0 (file, outside) == 0;
        g_assert_cmpstr (json_object_get_string_member (entry, "error"), !=, "");
        g_assert_false (json_object_has_member (entry, "message_number"));
      }
    g_assert_true (found_broken);
    g_assert_true (found_outside);
  }
}

static void
test_clean_bad_input (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *workbook = csv_path ("bad-workbook.csv");
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  g_autofree char *missing = g_build_filename (fixture->dir, "no-such-folder", NULL);
  g_auto(CliRun) excel = { 0 };
  g_auto(CliRun) no_bounces = { 0 };
  g_auto(CliRun) no_contacts = { 0 };
  g_autofree char *expected = NULL;
  const char *no_contacts_args[] = { "clean", "--contacts", missing, "--bounces", fixture->bounces,
                                     "--output", fixture->output, NULL };
  const char *excel_args[] = { "clean", "--contacts", workbook, "--bounces", fixture->bounces,
                               "--output", fixture->output, NULL };
  const char *missing_args[] = { "clean", "--contacts", contacts, "--bounces", missing,
                                 "--output", fixture->output, NULL };

  run_cli (&excel, excel_args);
  g_assert_cmpint (excel.status, ==, 1);
  g_assert_nonnull (strstr (excel.err, "bad-workbook.csv"));
  g_assert_nonnull (strstr (excel.err, "Excel workbook"));

  /* A missing contact file is named once, with what to check. */
  run_cli (&no_contacts, no_contacts_args);
  g_assert_cmpint (no_contacts.status, ==, 1);
  expected = g_strdup_printf ("bounce-cli clean: “%s” does not exist. Check the --contacts path.\n", missing);
  g_assert_cmpstr (no_contacts.err, ==, expected);

  run_cli (&no_bounces, missing_args);
  g_assert_cmpint (no_bounces.status, ==, 1);
  g_assert_nonnull (strstr (no_bounces.err, "no-such-folder"));
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
}

/* Bounce file names in the summary have their control characters as
 * "?", as scan prints them, so a name cannot send escape sequences to
 * the terminal. */
static void
test_clean_control_characters (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *report = dsn_fixture_new ("nobody@example.org", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000",
                                             "a@example.com");
  g_autofree char *unmatched = g_build_filename (mail, "a\033[41mred.eml", NULL);
  g_autofree char *empty = g_build_filename (mail, "b\033[42mgreen.eml", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", mail, "--output", fixture->output, NULL };

  g_assert_cmpint (g_mkdir (mail, 0700), ==, 0);
  g_file_set_contents (unmatched, report, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (empty, "", 0, &error);
  g_assert_no_error (error);

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strchr (run.out, '\033'));
  g_assert_null (strchr (run.err, '\033'));
  g_assert_nonnull (strstr (run.out, "a?[41mred.eml"));
  g_assert_nonnull (strstr (run.out, "b?[42mgreen.eml"));
}

static void
test_clean_usage (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  const char *no_output[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces, NULL };
  const char *bad_column[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                               "--output", fixture->output, "--add-columns=color", NULL };
  const char *bad_delimiter[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                                  "--output", fixture->output, "--delimiter", "ab", NULL };
  const char *bad_limit[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                              "--output", fixture->output, "--soft-limit", "-1", NULL };
  /* Without bounces only the history's suppression list could remove
   * rows, and run_cli() turns the history off. */
  const char *no_bounces[] = { "clean", "--contacts", contacts, "--output", fixture->output, NULL };
  /* "all" names every column, so a list with it is rejected without
   * suggesting "all" again. */
  const char *all_in_list[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                                "--output", fixture->output, "--add-columns=all,bounce_date", NULL };
  const char * const *cases[] = { no_output, bad_column, bad_delimiter, bad_limit, no_bounces, all_in_list };
  const char *fragments[] = { "--output", "color", "ab", "--soft-limit", "--no-history",
                              "“all” names every status column, so it cannot be combined with others" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(CliRun) run = { 0 };

      run_cli (&run, cases[i]);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, fragments[i]));
      g_assert_nonnull (strstr (run.err, "--help"));
    }
}

static void
test_clean_email_column (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("no-header.csv");
  g_autofree char *kept = NULL;
  g_auto(CliRun) run = { 0 };
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, "--no-header", "--email-column", "1",
                         "--delimiter", "comma", NULL };

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  kept = read_file (fixture->output);
  g_assert_cmpstr (kept, ==,
                   "jane.doe@example.com,Jane Doe\n"
                   "carla.mendes@example.org,Carla Mendes\n");
}

/* Two columns that are a close call for the list address stop clean
 * and check, which name both, until --email-column chooses one, and
 * contacts lists both. */
static void
test_clean_close_call (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("close-call.csv");
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) check = { 0 };
  g_auto(CliRun) chosen = { 0 };
  g_auto(CliRun) listed = { 0 };
  g_autofree char *uncertain = NULL;
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, NULL };
  const char *check_args[] = { "check", contacts, NULL };
  const char *chosen_args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                                "--output", fixture->output, "--email-column", "Customer", NULL };
  const char *contacts_args[] = { "contacts", contacts, NULL };

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "could each be the list address: 2 “Assigned To”, 3 “Customer”."));
  g_assert_nonnull (strstr (run.err, "Choose one with --email-column"));
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));

  cli_run (&check, check_args, NULL);
  g_assert_cmpint (check.status, ==, 2);
  g_assert_nonnull (strstr (check.err, "2 “Assigned To”, 3 “Customer”"));
  g_assert_null (strstr (check.out, "Rows:"));

  run_cli (&chosen, chosen_args);
  g_assert_cmpint (chosen.status, ==, 0);
  g_assert_true (g_file_test (fixture->output, G_FILE_TEST_EXISTS));

  run_cli (&listed, contacts_args);
  g_assert_cmpint (listed.status, ==, 0);
  g_assert_nonnull (strstr (listed.out, "2 “Assigned To” (list address)"));
  /* A column of addresses is matched as another address of the row. */
  g_assert_nonnull (strstr (listed.out, "3 “Customer”\n"));
  g_assert_null (strstr (listed.out, "not matched"));
  uncertain = cli_dup_field (listed.out, "Uncertain:");
  g_assert_cmpstr (uncertain, ==, "yes: the email column is a close call between columns 2 “Assigned To”, "
                                  "3 “Customer”, so “bounce-cli clean” and “check” need --email-column");

  /* The JSON lists the same columns, by 1-based number. */
  {
    const char *json_args[] = { "contacts", "--json", contacts, NULL };
    g_auto(CliRun) json = { 0 };
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;
    JsonObject *object;
    JsonArray *candidates;
    JsonArray *address_columns;

    run_cli (&json, json_args);
    g_assert_cmpint (json.status, ==, 0);
    json_parser_load_from_data (parser, json.out, -1, &error);
    g_assert_no_error (error);
    object = json_node_get_object (json_parser_get_root (parser));
    candidates = json_object_get_array_member (object, "email_column_candidates");
    address_columns = json_object_get_array_member (object, "address_columns");
    g_assert_cmpuint (json_array_get_length (candidates), ==, 2);
    g_assert_cmpint (json_array_get_int_element (candidates, 0), ==, 2);
    g_assert_cmpint (json_array_get_int_element (candidates, 1), ==, 3);
    g_assert_cmpuint (json_array_get_length (address_columns), ==, 2);
    g_assert_cmpint (json_object_get_int_member (object, "title_lines"), ==, 0);
  }
}

/* An --email-column whose cells are mostly not addresses would remove
 * every row as invalid, so clean rejects it and names the right column. */
static void
test_clean_wrong_email_column (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *contacts = g_build_filename (fixture->dir, "cities.csv", NULL);
  g_auto(CliRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, "--email-column", "City", NULL };

  g_file_set_contents (contacts,
                       "Name,Email,City\n"
                       "Ann,ann@example.com,Berlin\n"
                       "Bob,bob@example.net,Paris\n"
                       "Cid,cid@example.org,\n", -1, &error);
  g_assert_no_error (error);

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Column “City” of"));
  g_assert_nonnull (strstr (run.err, "Only 0 of them contain an address"));
  g_assert_nonnull (strstr (run.err, "Column “Email” contains the addresses"));
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));

  /* A column past the last one or a header name the file lacks is a
   * mistake of the command line too. */
  {
    const char *past_args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                                "--output", fixture->output, "--email-column", "99", NULL };
    g_auto(CliRun) past = { 0 };

    run_cli (&past, past_args);
    g_assert_cmpint (past.status, ==, 2);
    g_assert_nonnull (strstr (past.err, "Column 99 was chosen as the email column"));
    g_assert_nonnull (strstr (past.err, "has only 3 columns"));
  }
  {
    const char *name_args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                                "--output", fixture->output, "--email-column", "Fax", NULL };
    g_auto(CliRun) name = { 0 };

    run_cli (&name, name_args);
    g_assert_cmpint (name.status, ==, 2);
    g_assert_nonnull (strstr (name.err, "no column named “Fax”"));
  }
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));

  /* So is a --delimiter that leaves whole lines in the email column. */
  {
    const char *delimiter_args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                                     "--output", fixture->output, "--delimiter", "semicolon", NULL };
    g_auto(CliRun) delimiter = { 0 };

    run_cli (&delimiter, delimiter_args);
    g_assert_cmpint (delimiter.status, ==, 2);
    g_assert_nonnull (strstr (delimiter.err, "With the delimiter semicolon, column"));
    g_assert_nonnull (strstr (delimiter.err, "looks separated by the comma"));
  }
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
  g_unlink (contacts);

  /* A file with no address column at all, chosen by no option, is a
   * problem of the input. */
  {
    g_autofree char *no_addresses = csv_path ("bad-no-addresses.csv");
    const char *input_args[] = { "clean", "--contacts", no_addresses, "--bounces", fixture->bounces,
                                 "--output", fixture->output, NULL };
    g_auto(CliRun) input = { 0 };

    run_cli (&input, input_args);
    g_assert_cmpint (input.status, ==, 1);
  }
}

/* An --encoding that cannot read the file is a mistake of the command
 * line, as a wrong --delimiter is: exit status 2 and a message naming
 * the encoding detected, for clean and for contacts. */
static void
test_clean_wrong_encoding (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *utf16 = csv_path ("utf16le-tab.csv");
  g_autofree char *windows = csv_path ("semicolon-crlf-1252.csv");
  const char *utf16_as_utf8[] = { "clean", "--contacts", utf16, "--bounces", fixture->bounces,
                                  "--output", fixture->output, "--encoding", "utf-8", NULL };
  const char *windows_as_utf8[] = { "clean", "--contacts", windows, "--bounces", fixture->bounces,
                                    "--output", fixture->output, "--encoding", "utf-8", NULL };
  const char *contacts_as_utf16[] = { "contacts", "--encoding", "utf-16be", windows, NULL };
  const char * const *cases[] = { utf16_as_utf8, windows_as_utf8, contacts_as_utf16 };
  const char *detected[] = { "The file looks like UTF-16LE text", "The file looks like Windows-1252 text",
                             "The file looks like Windows-1252 text" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(CliRun) run = { 0 };

      run_cli (&run, cases[i]);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, "cannot be read, because"));
      g_assert_nonnull (strstr (run.err, detected[i]));
      g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
    }
}

/* A quote never closed: the damaged row is kept whatever its bounces,
 * the rows after it are cleaned one by one, and the summary and stderr
 * report it. */
static void
test_clean_unclosed_quote (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *contacts = g_build_filename (fixture->dir, "contacts.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) json_run = { 0 };
  g_autofree char *kept = NULL;
  g_autofree char *removed = NULL;
  JsonObject *summary;
  JsonArray *damaged;
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, "--removed", fixture->removed, NULL };
  const char *json_args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                              "--dry-run", "--json", NULL };

  g_file_set_contents (contacts,
                       "email,name\n"
                       "bob.stone@example.net,\"Bob\n"
                       "jane.doe@example.com,Jane\n"
                       "nobody@example.org,Nobody\n", -1, &error);
  g_assert_no_error (error);

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Damaged rows:          1"));
  g_assert_nonnull (strstr (run.out, "kept because it could not be read reliably: line 2"));
  g_assert_nonnull (strstr (run.out, "Check: 2 kept + 1 removed = 3 read: OK"));
  g_assert_nonnull (strstr (run.err, "contacts.csv:2:"));
  g_assert_nonnull (strstr (run.err, "warning: 1 row"));

  kept = read_file (fixture->output);
  g_assert_cmpstr (kept, ==,
                   "email,name\n"
                   "bob.stone@example.net,\"Bob\n"
                   "jane.doe@example.com,Jane\n");
  removed = read_file (fixture->removed);
  g_assert_cmpstr (removed, ==,
                   "email,name,bounce_removal_reason\n"
                   "nobody@example.org,Nobody,hard: nobody@example.org\n");

  run_cli (&json_run, json_args);
  g_assert_cmpint (json_run.status, ==, 0);
  json_parser_load_from_data (parser, json_run.out, -1, &error);
  g_assert_no_error (error);
  summary = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (summary, "rows_damaged"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "removals_skipped"), ==, 1);
  damaged = json_object_get_array_member (summary, "damaged_rows");
  g_assert_cmpuint (json_array_get_length (damaged), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (damaged, 0), "line"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (damaged, 0), "skipped_removal"),
                   ==, "hard");
}

/* The summary labels what each count counts, and the message count
 * matches what `scan` prints for the same messages. */
static void
test_clean_summary_labels (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("duplicates.csv");
  g_autofree char *plain = g_build_filename (fixture->dir, "plain.eml", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) scan = { 0 };
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--bounces", plain, "--dry-run", NULL };
  const char *scan_args[] = { "scan", fixture->bounces, plain, NULL };

  g_file_set_contents (plain,
                       "From: Ann <ann@example.com>\n"
                       "To: news@example.net\n"
                       "Subject: Thanks for the newsletter\n"
                       "Date: Mon, 06 May 2024 10:00:00 +0000\n"
                       "Message-ID: <thanks@example.com>\n"
                       "\n"
                       "I liked the spring issue.\n", -1, &error);
  g_assert_no_error (error);

  run_cli (&scan, scan_args);
  g_assert_cmpint (scan.status, ==, 0);
  g_assert_nonnull (strstr (scan.out, "5 records:"));

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Messages read:         5\n"
                                     "Bounce recipients:     4\n"
                                     "  not a bounce:        1\n"));
  g_assert_nonnull (strstr (run.out, "Duplicate rows:        1 (same mailbox as an earlier row; "
                                     "a duplicate is kept unless its address bounced)\n"));
  g_assert_null (strstr (run.out, "Bounce records:"));
}

/* A delivery notice counts among the recipients of reports, but the
 * summary names it as what it is, not as a bounce. */
static void
test_clean_summary_notices (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("duplicates.csv");
  g_autofree char *notice = g_build_filename (fixture->dir, "delivered.eml", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--bounces", notice, "--dry-run", NULL };

  g_file_set_contents (notice,
                       "Return-Path: <>\n"
                       "From: MAILER-DAEMON@mail.example.org (Mail Delivery System)\n"
                       "To: news@example.net\n"
                       "Subject: Successful Mail Delivery Report\n"
                       "Date: Mon, 06 May 2024 10:00:00 +0000\n"
                       "Message-ID: <delivered@mail.example.org>\n"
                       "MIME-Version: 1.0\n"
                       "Content-Type: multipart/report; report-type=delivery-status; boundary=\"d1\"\n"
                       "\n"
                       "--d1\n"
                       "Content-Type: text/plain\n"
                       "\n"
                       "Your message was successfully delivered.\n"
                       "\n"
                       "--d1\n"
                       "Content-Type: message/delivery-status\n"
                       "\n"
                       "Reporting-MTA: dns; mail.example.org\n"
                       "\n"
                       "Final-Recipient: rfc822; ann@example.com\n"
                       "Action: delivered\n"
                       "Status: 2.0.0\n"
                       "\n"
                       "--d1--\n", -1, &error);
  g_assert_no_error (error);

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Messages read:         5\n"
                                     "Bounce recipients:     5\n"
                                     "  delivery notices:    1\n"
                                     "Unmatched bounces:"));
}

/* A message past a limit of the parser is counted, and its bounces
 * still count. */
static void
test_clean_read_in_part (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("duplicates.csv");
  g_autofree char *deep = g_build_filename (fixture->dir, "deep.eml", NULL);
  g_autofree char *report = g_build_filename (fixture->dir, "figures.csv", NULL);
  g_autofree char *figures = NULL;
  g_autoptr(GString) text = g_string_new ("From: MAILER-DAEMON@example.com\nSubject: Undelivered Mail\n");
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) json_run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--bounces", deep, "--dry-run", "--report-csv", report, NULL };
  const char *json_args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                              "--bounces", deep, "--dry-run", "--json", NULL };

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (text, "Content-Type: multipart/mixed; boundary=\"b%u\"\n\n--b%u\n", i, i);
  g_string_append (text, "Content-Type: text/plain\n\nnothing here\n");
  g_file_set_contents (deep, text->str, text->len, &error);
  g_assert_no_error (error);

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Read only in part:     1 (messages past a size limit or cut off; "
                                     "bounce-cli scan lists them)\n"));
  /* A notice from MAILER-DAEMON whose text was not read is a bounce
   * without a recipient: a message read, but no bounce recipient. */
  g_assert_nonnull (strstr (run.out, "Messages read:         5\nBounce recipients:     4\n"
                                     "No recipient found:    1\n"));
  figures = read_file (report);
  g_assert_nonnull (strstr (figures, "\nfigure,reports,,4,"));
  g_assert_nonnull (strstr (figures, "\nfigure,reports_with_no_recipient,,1,"));

  run_cli (&json_run, json_args);
  g_assert_cmpint (json_run.status, ==, 0);
  json_parser_load_from_data (parser, json_run.out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                               "messages_read_in_part"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                               "bounce_recipients"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                               "reports_with_no_recipient"), ==, 1);
}

/* An email cell with two addresses is kept when only one of them
 * bounced, first or second, and the summary names the address that
 * bounced. */
static void
test_clean_list_cell_addresses (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *contacts = g_build_filename (fixture->dir, "pairs.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, NULL };

  g_file_set_contents (contacts,
                       "Name,Email\n"
                       "Bob and Carla,bob.stone@example.net; carla.mendes@example.org\n"
                       "Bob and Nobody,bob.stone@example.net; nobody@example.org\n"
                       "Eve,eve@example.com\n"
                       "Carla and Bob,carla.mendes@example.org; bob.stone@example.net\n", -1, &error);
  g_assert_no_error (error);

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Kept (other address):"));
  g_assert_nonnull (strstr (run.out, "line 2: a hard bounce removes bob.stone@example.net, "
                                     "but not carla.mendes@example.org in the same cell, so the row is kept"));
  g_assert_null (strstr (run.out, "line 3:"));
  g_assert_nonnull (strstr (run.out, "line 5: a hard bounce removes bob.stone@example.net, "
                                     "but not carla.mendes@example.org in the same cell, so the row is kept"));
  g_assert_nonnull (strstr (run.out, "Check: 3 kept + 1 removed = 4 read: OK"));
}

/* A quoted cell over several lines cannot be read with --quote none,
 * which reads each line as a row: clean stops with exit status 2 and
 * names the file and the line the cell starts on, and writes nothing. */
static void
test_clean_quote_none_multiline_cell (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autofree char *contacts = write_file (fixture->dir, "notes.csv",
                                          "Email,Name,Notes\n"
                                          "ada@example.com,Ada,plain\n"
                                          "bob.stone@example.net,Bob,\"first line\n"
                                          "second line\"\n"
                                          "cem@example.org,Cem,\"x\"\n");
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                          "--output", fixture->output, "--quote", "none", NULL };
  g_auto(CliRun) run = { 0 };

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Line 3 of "));
  g_assert_nonnull (strstr (run.err, "notes.csv"));
  g_assert_nonnull (strstr (run.err, "Leave out --quote none."));
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
}

/* --quote reads a file quoted with single quotes, whose quoted commas
 * otherwise split a name and leave a piece of it in the email column, and
 * "none" reads quotes as text. Both write the rows back as they were. */
static void
test_clean_quote (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *single = g_build_filename (fixture->dir, "single.csv", NULL);
  g_autofree char *plain = g_build_filename (fixture->dir, "plain.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) none_run = { 0 };
  g_auto(CliRun) bad_run = { 0 };
  g_autofree char *kept = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *none_kept = NULL;
  const char *args[] = { "clean", "--contacts", single, "--bounces", fixture->bounces,
                         "--output", fixture->output, "--removed", fixture->removed, "--quote", "'", NULL };
  const char *none_args[] = { "clean", "--contacts", plain, "--bounces", fixture->bounces,
                              "--output", fixture->output, "--quote", "none", NULL };
  const char *bad_args[] = { "contacts", plain, "--quote", "`", NULL };

  g_file_set_contents (single,
                       "'Name','Email'\n"
                       "'Stone, Bob','bob.stone@example.net'\n"
                       "'Keep, Paul','paul.keep@example.com'\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (plain,
                       "Name,Email\n"
                       "\"Ann,ann@example.com\n"
                       "Bob \"Bobby\" Stone,bob.stone@example.net\n"
                       "Cid,cid@example.org\n", -1, &error);
  g_assert_no_error (error);

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  kept = read_file (fixture->output);
  g_assert_cmpstr (kept, ==, "'Name','Email'\n'Keep, Paul','paul.keep@example.com'\n");
  removed = read_file (fixture->removed);
  g_assert_nonnull (strstr (removed, "'Stone, Bob','bob.stone@example.net',hard: bob.stone@example.net"));

  /* Without --quote none, the quote before Ann opens a field that the
   * end of the file never closes. */
  run_cli (&none_run, none_args);
  g_assert_cmpint (none_run.status, ==, 0);
  g_assert_null (strstr (none_run.err, "never closed"));
  g_assert_nonnull (strstr (none_run.out, "Check: 2 kept + 1 removed = 3 read: OK"));
  none_kept = read_file (fixture->output);
  g_assert_cmpstr (none_kept, ==, "Name,Email\n\"Ann,ann@example.com\nCid,cid@example.org\n");

  run_cli (&bad_run, bad_args);
  g_assert_cmpint (bad_run.status, ==, 2);
  g_assert_nonnull (strstr (bad_run.err, "Invalid --quote “`”"));
}

static void
test_contacts_text (void)
{
  g_autofree char *google = csv_path ("google.csv");
  g_autofree char *ragged = csv_path ("bad-ragged.csv");
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) damaged = { 0 };
  const char *args[] = { "contacts", google, NULL };
  const char *damaged_args[] = { "contacts", ragged, NULL };
  g_autofree char *unbalanced = csv_path ("bad-unbalanced-quote.csv");
  g_auto(CliRun) quote = { 0 };
  const char *quote_args[] = { "contacts", unbalanced, NULL };
  g_autofree char *title_notes = csv_path ("title-notes.csv");
  g_auto(CliRun) notes = { 0 };
  const char *notes_args[] = { "contacts", title_notes, NULL };
  g_autofree char *title_lines = NULL;
  g_autofree char *notes_rows = NULL;

  g_autofree char *encoding = NULL;
  g_autofree char *delimiter = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *uncertain = NULL;
  g_autofree char *quote_rows = NULL;
  g_autofree char *quote_damaged = NULL;

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  encoding = cli_dup_field (run.out, "Encoding:");
  g_assert_cmpstr (encoding, ==, "utf-8");
  delimiter = cli_dup_field (run.out, "Delimiter:");
  g_assert_cmpstr (delimiter, ==, "comma");
  rows = cli_dup_field (run.out, "Rows:");
  g_assert_cmpstr (rows, ==, "3");
  g_assert_nonnull (strstr (run.out, "7 “E-mail 1 - Value” (list address)"));
  g_assert_nonnull (strstr (run.out, "9 “E-mail 2 - Value”"));
  uncertain = cli_dup_field (run.out, "Uncertain:");
  g_assert_cmpstr (uncertain, ==, "no");

  g_assert_null (strstr (run.out, "Title lines:"));

  run_cli (&notes, notes_args);
  g_assert_cmpint (notes.status, ==, 0);
  title_lines = cli_dup_field (notes.out, "Title lines:");
  g_assert_cmpstr (title_lines, ==, "skipped 3 lines above the header: they are not contacts and are written back unchanged");
  notes_rows = cli_dup_field (notes.out, "Rows:");
  g_assert_cmpstr (notes_rows, ==, "3");
  g_assert_nonnull (strstr (notes.out, "4 “Email Address” (list address)"));

  run_cli (&damaged, damaged_args);
  g_assert_cmpint (damaged.status, ==, 0);
  g_assert_nonnull (strstr (damaged.err, "bad-ragged.csv:3: This row has 2 fields where the header has 3"));
  g_assert_null (strstr (damaged.out, "Damaged rows:"));

  run_cli (&quote, quote_args);
  g_assert_cmpint (quote.status, ==, 0);
  quote_rows = cli_dup_field (quote.out, "Rows:");
  g_assert_cmpstr (quote_rows, ==, "4");
  quote_damaged = cli_dup_field (quote.out, "Damaged rows:");
  g_assert_cmpstr (quote_damaged, ==, "1 (could not be read reliably; clean always keeps them)");
  g_assert_nonnull (strstr (quote.err, "bad-unbalanced-quote.csv:3: A quoted field that starts on line 3"));
}

/* A file whose lines end in "\r\r\n" loses each removed row with its
 * whole line ending, so no blank line is left where it was, and the
 * removed file and the new cells keep that line ending. */
static void
test_clean_cr_crlf (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("cr-crlf.csv");
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) columns = { 0 };
  g_autofree char *kept = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *with_columns = NULL;
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, "--removed", fixture->removed, NULL };
  const char *columns_args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                                 "--output", fixture->output, "--add-columns=category", NULL };

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Check: 2 kept + 1 removed = 3 read: OK"));

  kept = read_file (fixture->output);
  g_assert_cmpstr (kept, ==,
                   "Email,Name\r\r\n"
                   "jane.doe@example.com,Jane Doe\r\r\n"
                   "carla.mendes@example.org,Carla Mendes\r\r\n");
  removed = read_file (fixture->removed);
  g_assert_cmpstr (removed, ==,
                   "Email,Name,bounce_removal_reason\r\r\n"
                   "bob.stone@example.net,Bob Stone,hard: bob.stone@example.net\r\r\n");

  run_cli (&columns, columns_args);
  g_assert_cmpint (columns.status, ==, 0);
  with_columns = read_file (fixture->output);
  g_assert_cmpstr (with_columns, ==,
                   "Email,Name,bounce_category\r\r\n"
                   "jane.doe@example.com,Jane Doe,\r\r\n"
                   "carla.mendes@example.org,Carla Mendes,soft\r\r\n");
}

/* Quotes that a local part does not need leave a valid address, which
 * a bounce of the unquoted address removes and which is kept without
 * one. Only quotes that a local part needs make the address invalid. */
static void
test_clean_quoted_local_part (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("quoted-local-part.csv");
  g_auto(CliRun) run = { 0 };
  g_autofree char *kept = NULL;
  g_autofree char *removed = NULL;
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, "--removed", fixture->removed, NULL };

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Check: 1 kept + 2 removed = 3 read: OK"));

  kept = read_file (fixture->output);
  g_assert_cmpstr (kept, ==,
                   "Email,Name\n"
                   "\"\"\"kim.lee\"\"@example.org\",Kim Lee\n");
  removed = read_file (fixture->removed);
  g_assert_cmpstr (removed, ==,
                   "Email,Name,bounce_removal_reason\n"
                   "\"\"\"bob.stone\"\"@example.net\",Bob Stone,hard: bob.stone@example.net\n"
                   "\"\"\"kim lee\"\"@example.org\",Kim Lee,\"invalid: \"\"kim lee\"\"@example.org\"\n");
}

/* Each address of a cell of several gets the rule of a cell of one, so
 * quotes that its local part does not need leave it valid. A hard bounce
 * of the first address then keeps the row for the second, and the
 * summary and the files agree. */
static void
test_clean_quoted_local_parts_in_one_cell (Fixture       *fixture,
                                           gconstpointer  data)
{
  g_autofree char *contacts = g_build_filename (fixture->dir, "quoted-pairs.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  g_autofree char *kept = NULL;
  g_autofree char *removed = NULL;
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, "--removed", fixture->removed, NULL };

  g_file_set_contents (contacts,
                       "Email,Name\n"
                       "\"\"\"bob.stone\"\"@example.net; \"\"carla.mendes\"\"@example.org\",Bob and Carla\n"
                       "\"\"\"bob stone\"\"@example.net; carla.mendes@example.org\",Bob and Carla\n", -1, &error);
  g_assert_no_error (error);

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "line 2: a hard bounce removes bob.stone@example.net, "
                                     "but not carla.mendes@example.org in the same cell, so the row is kept"));
  g_assert_nonnull (strstr (run.out, "Check: 1 kept + 1 removed = 2 read: OK"));

  kept = read_file (fixture->output);
  g_assert_cmpstr (kept, ==,
                   "Email,Name\n"
                   "\"\"\"bob.stone\"\"@example.net; \"\"carla.mendes\"\"@example.org\",Bob and Carla\n");
  removed = read_file (fixture->removed);
  g_assert_nonnull (strstr (removed, "\"invalid: \"\"bob stone\"\"@example.net; carla.mendes@example.org\"\n"));
}

/* A quote that is not doubled inside a quoted field is reported by
 * contacts, check and clean with its file and line, and the rows kept are
 * written byte for byte. */
static void
test_undoubled_quote_reported (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("bad-undoubled-quote.csv");
  const char *contacts_args[] = { "contacts", contacts, NULL };
  const char *check_args[] = { "check", contacts, NULL };
  const char *clean_args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces,
                               "--output", fixture->output, NULL };
  const char * const *commands[] = { contacts_args, check_args, clean_args };
  g_autofree char *kept = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(CliRun) run = { 0 };
      g_autofree char *first = g_strdup_printf ("%s:2: A quote inside a quoted field is not doubled.", contacts);
      g_autofree char *second = g_strdup_printf ("%s:5: A quote inside a quoted field is not doubled.", contacts);

      /* check keeps no history, so it takes no --no-history. */
      g_test_message ("bounce-cli %s", commands[i][0]);
      if (commands[i] == check_args)
        cli_run (&run, commands[i], NULL);
      else
        run_cli (&run, commands[i]);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.err, first));
      g_assert_nonnull (strstr (run.err, second));
      g_assert_null (strstr (run.err, ":3:"));
    }

  kept = read_file (fixture->output);
  g_assert_cmpstr (kept, ==,
                   "Email,Name,Height,Notes\n"
                   "jane.doe@example.com,Jane Doe,\"said 5\" tall\",ok\n"
                   "carla.mendes@example.org,Carla Mendes,\"6\'\",x\n");
}

/* A damaged row that a list check would have removed names the check,
 * not a bounce. */
static void
test_clean_damaged_invalid (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *contacts = g_build_filename (fixture->dir, "contacts.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces, "--dry-run", NULL };
  const char *risky_args[] = { "clean", "--contacts", contacts, "--bounces", fixture->bounces, "--dry-run",
                               "--remove-risky", "role", NULL };

  g_file_set_contents (contacts,
                       "email,name\n"
                       "ana@example.com,Ana\n"
                       "ben@@example.com,\"Ben\n"
                       "info@example.org,\"Front desk\n"
                       "cleo@example.com,Cleo\n", -1, &error);
  g_assert_no_error (error);

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "line 3 (its invalid address would have removed it;"));

  run_cli (&run, risky_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "line 4 (the list-check warning “Role address” would have removed it;"));
}

static void
test_contacts_json (void)
{
  g_autofree char *path = csv_path ("semicolon-crlf-1252.csv");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  const char *args[] = { "contacts", "--json", path, NULL };
  JsonObject *object;
  JsonArray *columns;

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "encoding"), ==, "windows-1252");
  g_assert_cmpstr (json_object_get_string_member (object, "delimiter"), ==, ";");
  g_assert_cmpstr (json_object_get_string_member (object, "newline"), ==, "\r\n");
  g_assert_false (json_object_get_boolean_member (object, "bom"));
  g_assert_true (json_object_get_boolean_member (object, "header"));
  g_assert_cmpint (json_object_get_int_member (object, "rows"), ==, 4);
  columns = json_object_get_array_member (object, "email_columns");
  g_assert_cmpuint (json_array_get_length (columns), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 0), "name"),
                   ==, "E-Mail-Adresse");
}

static void
test_contacts_errors (void)
{
  g_autofree char *empty = csv_path ("bad-empty.csv");
  g_autofree char *document = csv_path ("bad-document.csv");
  const char *empty_args[] = { "contacts", empty, NULL };
  const char *document_args[] = { "contacts", document, NULL };
  const char *no_file[] = { "contacts", NULL };
  g_auto(CliRun) empty_run = { 0 };
  g_auto(CliRun) document_run = { 0 };
  g_auto(CliRun) usage_run = { 0 };

  run_cli (&empty_run, empty_args);
  g_assert_cmpint (empty_run.status, ==, 1);
  g_assert_nonnull (strstr (empty_run.err, "bad-empty.csv” is empty"));

  run_cli (&document_run, document_args);
  g_assert_cmpint (document_run.status, ==, 1);
  g_assert_nonnull (strstr (document_run.err, "PDF"));

  run_cli (&usage_run, no_file);
  g_assert_cmpint (usage_run.status, ==, 2);
}

/* A pipe named as the contact file is rejected at once, because with no
 * writer, reading it would wait for ever. */
static void
test_contacts_fifo (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *fifo = g_build_filename (fixture->dir, "contacts.csv", NULL);
  const char *contacts_args[] = { "contacts", fifo, NULL };
  const char *clean_args[] = { "clean", "--contacts", fifo, "--bounces", fixture->bounces,
                               "--output", fixture->output, NULL };
  const char * const *cases[] = { contacts_args, clean_args };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(CliRun) run = { 0 };

      run_cli (&run, cases[i]);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_nonnull (strstr (run.err, "is not a regular file"));
      g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
    }
}

/* Files that are not CSV get the core's sentence, with the file's name,
 * on standard error and exit status 1. */
static void
test_contacts_not_csv (void)
{
  static const struct {
    const char *fixture;
    const char *message;
  } cases[] = {
    { "bad-workbook.csv", "is an Excel workbook, not a CSV file. Open it in Excel and save it as CSV." },
    { "bad-old-workbook.csv", "is an Excel workbook, not a CSV file. Open it in Excel and save it as CSV." },
    { "bad-opendocument.csv", "is an OpenDocument spreadsheet, not a CSV file. Open it in LibreOffice Calc and save it as CSV." },
    { "bad-document.csv", "is a PDF document, not a CSV file." },
    { "bad-archive.csv", "is a ZIP archive, not a CSV file. Unpack it and choose the CSV file inside." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = csv_path (cases[i].fixture);
      g_autofree char *expected = g_strdup_printf ("bounce-cli contacts: “%s” %s", path, cases[i].message);
      const char *args[] = { "contacts", path, NULL };
      g_auto(CliRun) run = { 0 };

      run_cli (&run, args);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, expected));
    }
}

/* The text summary, --json and the report count the messages read and
 * the bounce recipients one way, also with an ordinary message and an
 * mbox file among the bounces, and rows with a delivery notice count as
 * no bounce. */
static void
test_clean_counts_agree (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *contacts = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "contacts.csv", NULL);
  g_autofree char *bounces = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "bounces", NULL);
  g_autofree char *report = g_build_filename (fixture->dir, "figures.csv", NULL);
  const char *json_args[] = { "clean", "--dry-run", "--json", "--contacts", contacts, "--bounces", bounces, NULL };
  const char *text_args[] = { "clean", "--dry-run", "--contacts", contacts, "--bounces", bounces,
                              "--report-csv", report, NULL };
  g_auto(CliRun) json_run = { 0 };
  g_auto(CliRun) text_run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *figures = NULL;
  g_autofree char *messages_line = NULL;
  g_autofree char *recipients_line = NULL;
  g_autofree char *messages_field = NULL;
  g_autofree char *recipients_field = NULL;
  g_autofree char *messages_text = NULL;
  g_autofree char *recipients_text = NULL;
  g_autofree char *clean_text = NULL;
  g_autofree char *clean_field = NULL;
  JsonObject *summary;
  gint64 messages, recipients, not_bounces;

  run_cli (&json_run, json_args);
  g_assert_cmpint (json_run.status, ==, 0);
  json_parser_load_from_data (parser, json_run.out, -1, &error);
  g_assert_no_error (error);
  summary = json_node_get_object (json_parser_get_root (parser));
  messages = json_object_get_int_member (summary, "messages_read");
  recipients = json_object_get_int_member (summary, "bounce_recipients");
  not_bounces = json_object_get_int_member (summary, "not_bounces");
  g_assert_cmpint (messages, >, 0);
  g_assert_cmpint (not_bounces, >, 0);
  g_assert_cmpint (recipients + json_object_get_int_member (summary, "reports_with_no_recipient") + not_bounces +
                   json_object_get_int_member (summary, "unreadable_messages"), ==,
                   json_object_get_int_member (summary, "records_read"));

  run_cli (&text_run, text_args);
  g_assert_cmpint (text_run.status, ==, 0);
  messages_text = g_strdup_printf ("%" G_GINT64_FORMAT, messages);
  recipients_text = g_strdup_printf ("%" G_GINT64_FORMAT, recipients);
  messages_field = cli_dup_field (text_run.out, "Messages read:");
  g_assert_cmpstr (messages_field, ==, messages_text);
  recipients_field = cli_dup_field (text_run.out, "Bounce recipients:");
  g_assert_cmpstr (recipients_field, ==, recipients_text);
  clean_text = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (summary, "rows_without_bounce"));
  clean_field = cli_dup_field (text_run.out, "  No bounce");
  g_assert_cmpstr (clean_field, ==, clean_text);
  g_assert_null (strstr (text_run.out, "\n  Delivered "));

  /* The samples' two forwarded bounces name the forwarding target as
   * failed, and the alias bounce names another Final-Recipient than its
   * Original-Recipient, so their contacts are kept to check, in both
   * summaries. */
  {
    JsonArray *to_check = json_object_get_array_member (summary, "rows_to_check_list");
    JsonObject *first;
    g_autofree char *check_field = cli_dup_field (text_run.out, "Kept to check:");

    g_assert_cmpint (json_object_get_int_member (summary, "rows_to_check"), ==, 3);
    g_assert_cmpuint (json_array_get_length (to_check), ==, 3);
    first = json_array_get_object_element (to_check, 0);
    g_assert_cmpstr (json_object_get_string_member (first, "address"), ==, "lena.fischer@example.com");
    g_assert_cmpstr (json_object_get_string_member (first, "failed_address"), ==, "lena@fischer-family.example.net");
    g_assert_cmpstr (check_field, ==, "3");
    g_assert_nonnull (strstr (text_run.out, "lena.fischer@example.com, a group or forwarding address? "
                                            "The bounce is for lena@fischer-family.example.net"));
    g_assert_nonnull (strstr (text_run.out, "bjorn@lindqvist.example.org, a group or forwarding address? "
                                            "The bounce is for b.lindqvist@mailhost.example.org"));
  }

  /* The report counts the ordinary message too, which the cleaner does
   * not keep. */
  figures = read_file (report);
  messages_line = g_strdup_printf ("figure,messages,,%" G_GINT64_FORMAT ",", messages);
  recipients_line = g_strdup_printf ("figure,reports,,%" G_GINT64_FORMAT ",", recipients);
  g_assert_nonnull (strstr (figures, messages_line));
  g_assert_nonnull (strstr (figures, recipients_line));
}

/* Returns the column, in characters, at which the count of the line
 * starting with @label begins in @output. */
static glong
get_count_column (const char *output,
                  const char *label)
{
  g_autofree char *start = g_strconcat ("\n", label, NULL);
  const char *line = output;
  const char *count;

  if (!g_str_has_prefix (output, label))
    {
      line = strstr (output, start);
      g_assert_nonnull (line);
      line++;
    }
  count = line + strlen (label);
  while (*count == ' ')
    count++;
  g_assert_true (g_ascii_isdigit (*count));

  return g_utf8_pointer_to_offset (line, count);
}

/* The counts line up after the widest translated label, also when a
 * French label is longer than the English ones. */
static void
test_clean_translated_labels (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  g_autofree char *db = g_build_filename (fixture->dir, "history.db", NULL);
  g_autofree char *localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
  const char *args[] = { "--db", db, "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, NULL };
  g_auto(GStrv) argv = cli_build_argv ("clean", args, NULL);
  g_auto(GStrv) envp = cli_build_environ ();
  g_auto(CliRun) run = { 0 };
  glong column;

  envp = g_environ_setenv (envp, "LANGUAGE", "fr", TRUE);
  envp = g_environ_setenv (envp, "BOUNCE_LOCALEDIR", localedir, TRUE);
  cli_spawn (&run, argv, envp, NULL);
  g_assert_cmpint (run.status, ==, 0);

  column = get_count_column (run.out, "Lignes lues\u00a0:");
  g_assert_cmpint (get_count_column (run.out, "Lignes supprimées\u00a0:"), ==, column);
  g_assert_cmpint (get_count_column (run.out, "Messages lus\u00a0:"), ==, column);
  g_assert_cmpint (get_count_column (run.out, "  liste de suppression\u00a0:"), ==, column);
}

/* The "bounce-cli clean: " before a usage error is translated too, so
 * French puts its space before the colon. */
static void
test_clean_translated_usage_prefix (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  g_autofree char *localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
  const char *args[] = { "--no-history", "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, "--soft-limit", "-1", NULL };
  g_auto(GStrv) argv = cli_build_argv ("clean", args, NULL);
  g_auto(GStrv) envp = cli_build_environ ();
  g_auto(CliRun) run = { 0 };

  envp = g_environ_setenv (envp, "LANGUAGE", "fr", TRUE);
  envp = g_environ_setenv (envp, "BOUNCE_LOCALEDIR", localedir, TRUE);
  cli_spawn (&run, argv, envp, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_true (g_str_has_prefix (run.err, "bounce-cli clean : "));

  /* An option named before the error is spaced in the same way. */
  {
    const char *risky_args[] = { "--no-history", "--contacts", contacts, "--bounces", fixture->bounces,
                                 "--output", fixture->output, "--remove-risky", "bogus", NULL };
    g_auto(GStrv) risky_argv = cli_build_argv ("clean", risky_args, NULL);
    g_auto(CliRun) risky_run = { 0 };

    cli_spawn (&risky_run, risky_argv, envp, NULL);
    g_assert_cmpint (risky_run.status, ==, 2);
    g_assert_true (g_str_has_prefix (risky_run.err, "bounce-cli clean : --remove-risky : "));
  }
}

/* With the history, a scan of an mbox it recorded as it is runs while
 * the contact file is read. The cleaned list is the one of the first
 * run, and a contact file that cannot be read still ends the command. */
static void
test_clean_recorded_mbox (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *names[] = { "complaint-dan.eml", "hard-bob.eml", "hard-nobody.eml", "soft-carla.eml" };
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  g_autofree char *workbook = csv_path ("bad-workbook.csv");
  g_autofree char *db = g_build_filename (fixture->dir, "history.db", NULL);
  g_autofree char *mbox = g_build_filename (fixture->dir, "bounces.mbox", NULL);
  const char *args[] = { "clean", "--db", db, "--contacts", contacts, "--bounces", mbox,
                         "--output", fixture->output, NULL };
  const char *bad_args[] = { "clean", "--db", db, "--contacts", workbook, "--bounces", mbox,
                             "--output", fixture->output, NULL };
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *read = NULL;
  g_auto(CliRun) run = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (fixture->bounces, names[i], NULL);
      g_autofree char *message = read_file (path);

      g_string_append (text, "From MAILER-DAEMON Mon Nov  2 10:00:00 2026\n");
      g_string_append (text, message);
      g_string_append (text, "\n");
    }
  g_assert_true (g_file_set_contents (mbox, text->str, -1, NULL));
  /* The history records a file whose stamp is older than the scan by
   * three seconds, so that a write in the same tick cannot go unseen. */
  g_usleep (3500 * 1000);

  cli_run (&run, args, NULL);
  g_assert_cmpint (run.status, ==, 0);
  read = cli_dup_field (run.out, "Messages read:");
  g_assert_cmpstr (read, ==, "4");
  removed = cli_dup_field (run.out, "Rows removed:");
  first = read_file (fixture->output);
  g_assert_cmpint (g_remove (fixture->output), ==, 0);

  cli_run (&run, args, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&read, g_free);
  read = cli_dup_field (run.out, "Messages read:");
  g_assert_cmpstr (read, ==, "4");
  second = cli_dup_field (run.out, "Rows removed:");
  g_assert_cmpstr (second, ==, removed);
  g_clear_pointer (&second, g_free);
  second = read_file (fixture->output);
  g_assert_cmpstr (second, ==, first);
  g_assert_cmpint (g_remove (fixture->output), ==, 0);

  cli_run (&run, bad_args, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Excel workbook"));
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
}

/* Gmail's plain-text delay warning, dated @day November 2026, about a
 * message sent that day. */
static char *
dup_gmail_delay_notice (guint day)
{
  return g_strdup_printf ("From: Mail Delivery Subsystem <mailer-daemon@googlemail.example.com>\n"
                          "To: letters@example.org\n"
                          "Subject: Delivery Status Notification (Delay)\n"
                          "Date: Mon, %u Nov 2026 09:00:00 +0000\n"
                          "Message-ID: <delay-%u@googlemail.example.com>\n"
                          "Content-Type: text/plain; charset=UTF-8\n"
                          "\n"
                          "** Message not delivered yet **\n"
                          "\n"
                          "There was a temporary problem delivering your message to "
                          "dee.lund@example.org. Gmail will retry for 46 more hours. You'll be "
                          "notified if the delivery fails permanently.\n"
                          "\n"
                          "The response was:\n"
                          "The recipient server did not accept our requests to connect. "
                          "[mx.example.org. 192.0.2.1: timed out]\n"
                          "\n"
                          "----- Original message -----\n"
                          "\n"
                          "From: letters@example.org\n"
                          "To: dee.lund@example.org\n"
                          "Message-ID: <letter-%u@example.org>\n"
                          "Subject: Letter\n",
                          day, day, day);
}

/* Delay warnings never remove a contact, however many of them come from
 * different sends: the server is still trying to deliver. */
static void
test_clean_delay_warnings_kept (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *bounces = g_build_filename (fixture->dir, "delays", NULL);
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv",
                                          "Email,Name\ndee.lund@example.org,Dee\n");
  g_auto(CliRun) run = { 0 };
  const char *args[] = { "clean", "--contacts", contacts, "--bounces", bounces,
                         "--output", fixture->output, "--removed", fixture->removed, NULL };
  const guint days[] = { 2, 9, 16 };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autofree char *name = g_strdup_printf ("delay-%u.eml", days[i]);
      g_autofree char *text = dup_gmail_delay_notice (days[i]);
      g_autofree char *path = write_file (bounces, name, text);
    }

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Rows removed:          0"));
  g_assert_nonnull (strstr (run.out, "Check: 1 kept + 0 removed = 1 read: OK"));
}

/* A history that cannot be read ends the clean before anything is
 * written: going on without it left out its suppression list, and people
 * who had bounced before were in the cleaned file. --no-history is the
 * way to clean without it. */
static void
test_clean_damaged_history (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  g_autofree char *db = g_build_filename (fixture->dir, "history.db", NULL);
  const char *args[] = { "--db", db, "--contacts", contacts, "--bounces", fixture->bounces,
                         "--output", fixture->output, NULL };
  const char *dry_args[] = { "--db", db, "--dry-run", "--contacts", contacts, "--bounces", fixture->bounces, NULL };
  const char *no_history_args[] = { "--no-history", "--contacts", contacts, "--bounces", fixture->bounces,
                                    "--output", fixture->output, NULL };
  g_auto(GStrv) argv = cli_build_argv ("clean", args, NULL);
  g_auto(GStrv) dry_argv = cli_build_argv ("clean", dry_args, NULL);
  g_auto(GStrv) no_history_argv = cli_build_argv ("clean", no_history_args, NULL);
  g_auto(GStrv) envp = cli_build_environ ();
  g_auto(CliRun) first = { 0 };
  g_auto(CliRun) damaged = { 0 };
  g_auto(CliRun) dry = { 0 };
  g_auto(CliRun) without = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  cli_spawn (&first, argv, envp, NULL);
  g_assert_cmpint (first.status, ==, 0);
  g_assert_cmpint (g_unlink (fixture->output), ==, 0);

  /* Zeroes over the first page after the file header, as a disk error
   * leaves it. */
  g_file_get_contents (db, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 4096);
  memset (contents + 100, 0, 4096 - 100);
  g_file_set_contents (db, contents, (gssize) length, &error);
  g_assert_no_error (error);

  cli_spawn (&damaged, argv, envp, NULL);
  g_assert_cmpint (damaged.status, ==, 1);
  g_assert_nonnull (strstr (damaged.err, "No file was written"));
  g_assert_nonnull (strstr (damaged.err, "--no-history"));
  g_assert_null (strstr (damaged.err, "goes on without history"));
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));

  cli_spawn (&dry, dry_argv, envp, NULL);
  g_assert_cmpint (dry.status, ==, 1);
  g_assert_nonnull (strstr (dry.err, "No file was written"));

  cli_spawn (&without, no_history_argv, envp, NULL);
  g_assert_cmpint (without.status, ==, 0);
  g_assert_true (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
}

/* A history whose suppression list spans many pages, damaged in the
 * middle of the file: opening it reads the first pages alone and
 * succeeds, and the damage shows only when the list is read. The clean
 * still writes nothing, as for a history that cannot be opened. */
static void
test_clean_history_damaged_later (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "history.db", NULL);
  g_autofree char *listed = g_build_filename (fixture->dir, "suppressed.csv", NULL);
  g_autofree char *contacts = g_build_filename (fixture->dir, "contacts.csv", NULL);
  const char *import_args[] = { "suppression", "--db", db, "import", listed, NULL };
  const char *clean_args[] = { "clean", "--db", db, "--contacts", contacts, "--output", fixture->output,
                               "--removed", fixture->removed, NULL };
  const char *dry_args[] = { "clean", "--db", db, "--contacts", contacts, "--dry-run", NULL };
  g_autoptr(GString) listed_text = g_string_new ("email,reason\n");
  g_autoptr(GString) contacts_text = g_string_new ("email,name\n");
  g_auto(CliRun) import = { 0 };
  g_auto(CliRun) intact = { 0 };
  g_auto(CliRun) damaged = { 0 };
  g_auto(CliRun) dry = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *removed_field = NULL;
  gsize length = 0;
  gsize page_size;
  gsize n_pages;

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (listed_text, "person%u@example.com,mailbox unknown\n", i);
  for (guint i = 0; i < 3000; i += 3)
    g_string_append_printf (contacts_text, "person%u@example.com,Person %u\n", i, i);
  g_file_set_contents (listed, listed_text->str, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (contacts, contacts_text->str, -1, &error);
  g_assert_no_error (error);

  cli_run (&import, import_args, NULL);
  g_assert_cmpint (import.status, ==, 0);

  /* Intact, the list removes every contact. */
  cli_run (&intact, clean_args, "--dry-run", NULL);
  g_assert_cmpint (intact.status, ==, 0);
  removed_field = cli_dup_field (intact.out, "Rows removed:");
  g_assert_cmpstr (removed_field, ==, "1000");

  /* The middle fifth of the pages overwritten, as a failing disk or a
   * copy cut short leaves them. The page size is bytes 16 and 17 of the
   * SQLite header (https://www.sqlite.org/fileformat.html). */
  g_file_get_contents (db, &contents, &length, &error);
  g_assert_no_error (error);
  page_size = ((guchar) contents[16] << 8) | (guchar) contents[17];
  g_assert_cmpuint (page_size, >=, 512);
  n_pages = length / page_size;
  g_assert_cmpuint (n_pages, >, 20);
  memset (contents + n_pages * 2 / 5 * page_size, 0xa5, n_pages / 5 * page_size);
  g_file_set_contents (db, contents, (gssize) length, &error);
  g_assert_no_error (error);

  cli_run (&damaged, clean_args, NULL);
  g_assert_cmpint (damaged.status, ==, 1);
  g_assert_nonnull (strstr (damaged.err, "No file was written"));
  g_assert_nonnull (strstr (damaged.err, "is damaged"));
  g_assert_nonnull (strstr (damaged.err, "--no-history"));
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (fixture->removed, G_FILE_TEST_EXISTS));

  cli_run (&dry, dry_args, NULL);
  g_assert_cmpint (dry.status, ==, 1);
  g_assert_nonnull (strstr (dry.err, "is damaged"));
}

/* A contact file that another program cuts shorter while clean reads
 * it: clean maps the file, and a read past its new end raised SIGBUS.
 * It now ends with exit status 1 and a message, and writes nothing. */
static void
test_clean_contacts_cut_while_read (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *contacts = g_build_filename (fixture->dir, "large.csv", NULL);
  g_autofree char *empty = g_build_filename (fixture->dir, "no-bounces", NULL);
  const char *args[] = { "--no-history", "--bounces", empty, "--contacts", contacts,
                         "--output", fixture->output, NULL };
  g_auto(GStrv) argv = cli_build_argv ("clean", args, NULL);
  g_auto(GStrv) envp = cli_build_environ ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GString) text = g_string_new ("email,name,city\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *maps_path = NULL;
  g_autofree char *err = NULL;
  gboolean mapped = FALSE;

  /* About 20 MB, which takes a clean tens of milliseconds to read. */
  for (guint i = 0; i < 400000; i++)
    g_string_append_printf (text, "person%u@example.com,Person %u,Springfield\n", i, i);
  g_file_set_contents (contacts, text->str, (gssize) text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (empty, 0700), ==, 0);

  g_subprocess_launcher_set_environ (launcher, envp);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);
  maps_path = g_strdup_printf ("/proc/%s/maps", g_subprocess_get_identifier (process));

  /* Cut as soon as the file is mapped, in the middle of its reading. */
  for (guint i = 0; i < 100000 && !mapped; i++)
    {
      g_autofree char *maps = NULL;

      if (g_file_get_contents (maps_path, &maps, NULL, NULL))
        mapped = strstr (maps, contacts) != NULL;
      if (!mapped)
        g_usleep (100);
    }
  g_assert_true (mapped);
  g_assert_cmpint (truncate (contacts, 0), ==, 0);

  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_nonnull (strstr (err, "No file was written"));
  g_assert_false (g_file_test (fixture->output, G_FILE_TEST_EXISTS));
}

/* A dry run opens the history read-only, and a read-only open cannot
 * update the schema of a file an older version wrote. The first dry run
 * after an upgrade stopped with advice about permissions; the update is
 * now made first where the file can be written. */
static void
test_clean_dry_run_old_history (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *contacts = csv_path ("comma-lf.csv");
  g_autofree char *db = g_build_filename (fixture->dir, "history.db", NULL);
  const char *args[] = { "--db", db, "--dry-run", "--contacts", contacts, "--bounces", fixture->bounces, NULL };
  g_auto(GStrv) argv = cli_build_argv ("clean", args, NULL);
  g_auto(GStrv) envp = cli_build_environ ();
  g_auto(CliRun) run = { 0 };
  g_autoptr(BounceHistory) old = NULL;
  g_autoptr(GError) error = NULL;

  old = _bounce_history_open_at_version (db, 9, &error);
  g_assert_no_error (error);
  g_clear_object (&old);

  cli_spawn (&run, argv, envp, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.err, "read-only"));
  g_assert_nonnull (strstr (run.out, "Dry run"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/clean/default", Fixture, NULL, fixture_set_up, test_clean_default, fixture_tear_down);
  g_test_add ("/cli/clean/translated-labels", Fixture, NULL, fixture_set_up, test_clean_translated_labels, fixture_tear_down);
  g_test_add ("/cli/clean/translated-usage-prefix", Fixture, NULL, fixture_set_up, test_clean_translated_usage_prefix,
              fixture_tear_down);
  g_test_add ("/cli/clean/counts-agree", Fixture, NULL, fixture_set_up, test_clean_counts_agree, fixture_tear_down);
  g_test_add ("/cli/clean/options", Fixture, NULL, fixture_set_up, test_clean_options, fixture_tear_down);
  g_test_add ("/cli/clean/control-characters", Fixture, NULL, fixture_set_up, test_clean_control_characters,
              fixture_tear_down);
  g_test_add ("/cli/clean/add-columns-all", Fixture, NULL, fixture_set_up, test_clean_add_columns_all, fixture_tear_down);
  g_test_add ("/cli/clean/add-columns-again", Fixture, NULL, fixture_set_up, test_clean_add_columns_again,
              fixture_tear_down);
  g_test_add ("/cli/clean/add-columns-again-no-header", Fixture, NULL, fixture_set_up,
              test_clean_add_columns_again_no_header, fixture_tear_down);
  g_test_add ("/cli/clean/removed-file-again", Fixture, NULL, fixture_set_up,
              test_clean_removed_file_again, fixture_tear_down);
  g_test_add ("/cli/clean/json-dry-run", Fixture, NULL, fixture_set_up, test_clean_json_dry_run, fixture_tear_down);
  g_test_add ("/cli/clean/refuses-input", Fixture, NULL, fixture_set_up, test_clean_refuses_input, fixture_tear_down);
  g_test_add ("/cli/clean/refuses-same-outputs", Fixture, NULL, fixture_set_up, test_clean_refuses_same_outputs,
              fixture_tear_down);
  g_test_add ("/cli/clean/refuses-dangling-links", Fixture, NULL, fixture_set_up,
              test_clean_refuses_dangling_links, fixture_tear_down);
  g_test_add ("/cli/clean/fifo-bounces", Fixture, NULL, fixture_set_up, test_clean_fifo_bounces,
              fixture_tear_down);
  g_test_add ("/cli/clean/since-local-path", Fixture, NULL, fixture_set_up, test_clean_since_local_path,
              fixture_tear_down);
  g_test_add ("/cli/clean/no-header-on-header", Fixture, NULL, fixture_set_up, test_clean_no_header_on_header,
              fixture_tear_down);
  g_test_add ("/cli/clean/keep-unknown-address", Fixture, NULL, fixture_set_up, test_clean_keep_unknown_address,
              fixture_tear_down);
  g_test_add ("/cli/clean/no-header-unknown-name", Fixture, NULL, fixture_set_up, test_clean_no_header_unknown_name,
              fixture_tear_down);
  g_test_add ("/cli/clean/wrapped-addresses", Fixture, NULL, fixture_set_up, test_clean_wrapped_addresses,
              fixture_tear_down);
  g_test_add ("/cli/clean/own-files-in-folder", Fixture, NULL, fixture_set_up, test_clean_own_files_in_folder,
              fixture_tear_down);
  g_test_add ("/cli/clean/non-utf8-output-name", Fixture, NULL, fixture_set_up,
              test_clean_non_utf8_output_name, fixture_tear_down);
  g_test_add ("/cli/clean/refuses-bounce-input", Fixture, NULL, fixture_set_up, test_clean_refuses_bounce_input,
              fixture_tear_down);
  g_test_add ("/cli/clean/refuses-kept-inputs", Fixture, NULL, fixture_set_up, test_clean_refuses_kept_inputs,
              fixture_tear_down);
  g_test_add ("/cli/clean/refuses-special-outputs", Fixture, NULL, fixture_set_up, test_clean_refuses_special_outputs,
              fixture_tear_down);
  g_test_add ("/cli/clean/names-unreadable", Fixture, NULL, fixture_set_up, test_clean_names_unreadable,
              fixture_tear_down);
  g_test_add ("/cli/clean/recorded-mbox", Fixture, NULL, fixture_set_up, test_clean_recorded_mbox,
              fixture_tear_down);
  g_test_add ("/cli/clean/bad-input", Fixture, NULL, fixture_set_up, test_clean_bad_input, fixture_tear_down);
  g_test_add ("/cli/clean/usage", Fixture, NULL, fixture_set_up, test_clean_usage, fixture_tear_down);
  g_test_add ("/cli/clean/email-column", Fixture, NULL, fixture_set_up, test_clean_email_column, fixture_tear_down);
  g_test_add ("/cli/clean/wrong-email-column", Fixture, NULL, fixture_set_up, test_clean_wrong_email_column, fixture_tear_down);
  g_test_add ("/cli/clean/close-call", Fixture, NULL, fixture_set_up, test_clean_close_call, fixture_tear_down);
  g_test_add ("/cli/clean/wrong-encoding", Fixture, NULL, fixture_set_up, test_clean_wrong_encoding, fixture_tear_down);
  g_test_add ("/cli/clean/quote", Fixture, NULL, fixture_set_up, test_clean_quote, fixture_tear_down);
  g_test_add ("/cli/clean/quote-none-multiline-cell", Fixture, NULL, fixture_set_up,
              test_clean_quote_none_multiline_cell, fixture_tear_down);
  g_test_add ("/cli/clean/add-columns-own-column", Fixture, NULL, fixture_set_up,
              test_clean_add_columns_own_column, fixture_tear_down);
  g_test_add ("/cli/clean/file-size-limit", Fixture, NULL, fixture_set_up, test_clean_file_size_limit,
              fixture_tear_down);
  g_test_add ("/cli/clean/json-write-fails", Fixture, NULL, fixture_set_up, test_clean_json_write_fails,
              fixture_tear_down);
  g_test_add ("/cli/clean/cr-crlf", Fixture, NULL, fixture_set_up, test_clean_cr_crlf, fixture_tear_down);
  g_test_add ("/cli/clean/quoted-local-part", Fixture, NULL, fixture_set_up, test_clean_quoted_local_part,
              fixture_tear_down);
  g_test_add ("/cli/clean/quoted-local-parts-in-one-cell", Fixture, NULL, fixture_set_up,
              test_clean_quoted_local_parts_in_one_cell, fixture_tear_down);
  g_test_add ("/cli/clean/undoubled-quote", Fixture, NULL, fixture_set_up, test_undoubled_quote_reported,
              fixture_tear_down);
  g_test_add ("/cli/clean/list-cell-addresses", Fixture, NULL, fixture_set_up, test_clean_list_cell_addresses, fixture_tear_down);
  g_test_add ("/cli/clean/unclosed-quote", Fixture, NULL, fixture_set_up, test_clean_unclosed_quote, fixture_tear_down);
  g_test_add ("/cli/clean/damaged-invalid", Fixture, NULL, fixture_set_up, test_clean_damaged_invalid,
              fixture_tear_down);
  g_test_add ("/cli/clean/row-counts-agree", Fixture, NULL, fixture_set_up, test_clean_row_counts_agree,
              fixture_tear_down);
  g_test_add ("/cli/clean/cells-without-at-kept", Fixture, NULL, fixture_set_up, test_clean_cells_without_at_kept,
              fixture_tear_down);
  g_test_add ("/cli/clean/placeholder-beside-address", Fixture, NULL, fixture_set_up,
              test_clean_placeholder_beside_address, fixture_tear_down);
  g_test_add ("/cli/clean/summary-labels", Fixture, NULL, fixture_set_up, test_clean_summary_labels, fixture_tear_down);
  g_test_add ("/cli/clean/other-address-bounced", Fixture, NULL, fixture_set_up, test_clean_other_address_bounced,
              fixture_tear_down);
  g_test_add ("/cli/clean/sender-account-suspended", Fixture, NULL, fixture_set_up,
              test_clean_sender_account_suspended, fixture_tear_down);
  g_test_add ("/cli/clean/complaint-several-to", Fixture, NULL, fixture_set_up,
              test_clean_complaint_several_to, fixture_tear_down);
  g_test_add ("/cli/clean/group-alias-member", Fixture, NULL, fixture_set_up,
              test_clean_group_alias_member, fixture_tear_down);
  g_test_add ("/cli/clean/keeps-own-bounce-columns", Fixture, NULL, fixture_set_up,
              test_clean_keeps_own_bounce_columns, fixture_tear_down);
  g_test_add ("/cli/clean/add-columns-keeps-crm-columns", Fixture, NULL, fixture_set_up,
              test_clean_add_columns_keeps_crm_columns, fixture_tear_down);
  g_test_add ("/cli/clean/summary-notices", Fixture, NULL, fixture_set_up, test_clean_summary_notices, fixture_tear_down);
  g_test_add ("/cli/clean/damaged-history", Fixture, NULL, fixture_set_up, test_clean_damaged_history,
              fixture_tear_down);
  g_test_add ("/cli/clean/history-damaged-later", Fixture, NULL, fixture_set_up,
              test_clean_history_damaged_later, fixture_tear_down);
  g_test_add ("/cli/clean/contacts-cut-while-read", Fixture, NULL, fixture_set_up,
              test_clean_contacts_cut_while_read, fixture_tear_down);
  g_test_add ("/cli/clean/dry-run-old-history", Fixture, NULL, fixture_set_up, test_clean_dry_run_old_history,
              fixture_tear_down);
  g_test_add ("/cli/clean/read-in-part", Fixture, NULL, fixture_set_up, test_clean_read_in_part, fixture_tear_down);
  g_test_add ("/cli/clean/delay-warnings-kept", Fixture, NULL, fixture_set_up, test_clean_delay_warnings_kept,
              fixture_tear_down);
  g_test_add_func ("/cli/contacts/text", test_contacts_text);
  g_test_add_func ("/cli/contacts/not-csv", test_contacts_not_csv);
  g_test_add_func ("/cli/contacts/json", test_contacts_json);
  g_test_add_func ("/cli/contacts/errors", test_contacts_errors);
  g_test_add ("/cli/contacts/fifo", Fixture, NULL, fixture_set_up, test_contacts_fifo, fixture_tear_down);

  return g_test_run ();
}

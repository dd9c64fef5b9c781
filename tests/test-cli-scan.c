/* test-cli-scan.c: `bounce-cli scan` as a person or a script runs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cli-util.h"

/* Runs `bounce-cli scan` with @args, without history, in the C locale,
 * so messages are English. @columns sets COLUMNS, or unsets it when
 * NULL. */
static void
run_cli_full (CliRun             *run,
              const char * const *args,
              const char         *columns)
{
  g_auto(GStrv) argv = cli_build_argv ("scan", args, "--no-history", NULL);
  g_auto(GStrv) envp = cli_build_environ ();

  if (columns != NULL)
    envp = g_environ_setenv (envp, "COLUMNS", columns, TRUE);
  else
    envp = g_environ_unsetenv (envp, "COLUMNS");

  cli_spawn (run, argv, envp, NULL);
}

static void
run_cli (CliRun             *run,
         const char * const *args)
{
  run_cli_full (run, args, "100");
}

static char *
sources_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "sources", name, NULL);
}

static GPtrArray *
parse_json_lines (const char *text)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  /* JSON Lines: every line one object, the output ending with a newline. */
  g_assert_true (text[0] == '\0' || g_str_has_suffix (text, "\n"));

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      if (lines[i][0] == '\0')
        {
          g_assert_null (lines[i + 1]);
          break;
        }

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      g_ptr_array_add (objects, json_node_copy (json_parser_get_root (parser)));
    }

  return g_steal_pointer (&objects);
}

static void
test_json_keys (void)
{
  static const char * const keys[] = {
    "file", "recipient", "category", "reason", "status", "reply_code",
    "action", "diagnostic", "remote_mta", "explanation",
  };
  g_autofree char *folder = sources_path ("folder");
  g_autofree char *mbox = sources_path ("mbox/takeout.mbox");
  const char *args[] = { "--json", folder, mbox, NULL };
  g_auto(CliRun) run = { 0 };
  g_autoptr(GPtrArray) objects = NULL;
  guint from_mbox = 0;

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  objects = parse_json_lines (run.out);
  g_assert_cmpuint (objects->len, >=, 8);

  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *object = json_node_get_object (g_ptr_array_index (objects, i));
      const char *file;

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          g_assert_true (json_object_has_member (object, keys[k]));
          g_assert_nonnull (json_object_get_string_member (object, keys[k]));
        }

      /* The path as given on the command line. */
      file = json_object_get_string_member (object, "file");
      g_assert_true (g_str_has_prefix (file, folder) || g_str_equal (file, mbox));
      if (g_str_equal (file, mbox))
        from_mbox++;
    }

  g_assert_cmpuint (from_mbox, >=, 3);
}

/* Every JSON record has a "date": null when the Date header cannot be
 * read. A leap second is read as second 59, and an offset that cannot
 * be ("+2500") leaves the date unknown with a "date_error", in place of
 * the same time read as UTC. */
static void
test_json_dates (void)
{
  static const struct { const char *name; const char *date; const char *expected; gboolean error; } cases[] = {
    { "a-offset.eml", "Mon, 1 Dec 2025 10:00:00 -0800", "2025-12-01T10:00:00-08:00", FALSE },
    { "b-leap-second.eml", "Wed, 31 Dec 2025 23:59:60 +0000", "2025-12-31T23:59:59Z", FALSE },
    { "c-invalid-offset.eml", "Mon, 1 Dec 2025 10:00:00 +2500", NULL, TRUE },
    { "d-invalid-minutes.eml", "Mon, 1 Dec 2025 10:00:00 +0160", NULL, TRUE },
    { "e-no-date.eml", "sometime in December", NULL, FALSE },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-cli-scan-XXXXXX", &error);
  const char *args[] = { "--json", "--threads", "1", dir, NULL };
  g_auto(CliRun) run = { 0 };
  g_autoptr(GPtrArray) objects = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      g_autofree char *message =
        g_strdup_printf ("From: MAILER-DAEMON@mx.example.net\n"
                         "To: news@example.com\n"
                         "Subject: Undelivered Mail Returned to Sender\n"
                         "Date: %s\n"
                         "\n"
                         "This is the mail system at host mx.example.net.\n"
                         "\n"
                         "<jane.doe@example.com>: host mx.example.net[192.0.2.1] said: 550 5.1.1\n"
                         "    <jane.doe@example.com>: Recipient address rejected: User unknown\n",
                         cases[i].date);

      g_file_set_contents (path, message, -1, &error);
      g_assert_no_error (error);
    }

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  objects = parse_json_lines (run.out);
  g_assert_cmpuint (objects->len, ==, G_N_ELEMENTS (cases));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      JsonObject *object = json_node_get_object (g_ptr_array_index (objects, i));

      g_test_message ("Date: %s", cases[i].date);
      g_assert_cmpstr (json_object_get_string_member (object, "file"), ==, path);
      g_assert_true (json_object_has_member (object, "date"));
      if (cases[i].expected != NULL)
        g_assert_cmpstr (json_object_get_string_member (object, "date"), ==, cases[i].expected);
      else
        g_assert_true (json_object_get_null_member (object, "date"));
      g_assert_cmpint (json_object_has_member (object, "date_error"), ==, cases[i].error);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The "bounce-cli scan: " before a path that does not exist is
 * translated as the sentence after it is. */
static void
test_missing_path_translated (void)
{
  const char *args[] = { "scan", "/nonexistent/bounce-cli-test", NULL };
  g_auto(CliRun) run = { 0 };

  cli_run_translated (&run, "fr", args);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "bounce-cli scan : "));
  g_assert_nonnull (strstr (run.err, "/nonexistent/bounce-cli-test"));
}

static void
test_json_unreadable (void)
{
  g_autofree char *folder = sources_path ("notmessages");
  const char *args[] = { "--json", "--threads", "1", folder, "/nonexistent/bounce-cli-test", NULL };
  g_auto(CliRun) run = { 0 };
  g_autoptr(GPtrArray) objects = NULL;
  JsonObject *outlook;

  /* Unreadable files are reported in the output, and the scan still ran.
   * The path that does not exist is an error and no record, and it makes
   * the exit status 1. */
  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "bounce-cli scan: “/nonexistent/bounce-cli-test” does not exist. Check the path.\n");
  g_assert_null (strstr (run.out, "/nonexistent/"));

  objects = parse_json_lines (run.out);
  g_assert_cmpuint (objects->len, ==, 4);
  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *object = json_node_get_object (g_ptr_array_index (objects, i));

      g_assert_cmpstr (json_object_get_string_member (object, "category"), ==, "unreadable");
      g_assert_true (json_object_has_member (object, "error"));
      g_assert_cmpstr (json_object_get_string_member (object, "error"), !=, "");
    }

  outlook = json_node_get_object (g_ptr_array_index (objects, 3));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (outlook, "file"), "outlook.msg"));
  g_assert_nonnull (strstr (json_object_get_string_member (outlook, "error"), "Save As"));
}

static void
test_table (void)
{
  g_autofree char *folder = sources_path ("notmessages");
  g_autofree char *mbox = sources_path ("mbox/crlf.mbox");
  const char *args[] = { folder, mbox, NULL };
  g_auto(CliRun) run = { 0 };
  g_auto(GStrv) lines = NULL;

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);

  lines = g_strsplit (run.out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "FILE"));
  g_assert_nonnull (strstr (lines[0], "RECIPIENT"));
  g_assert_nonnull (strstr (lines[0], "CATEGORY"));
  g_assert_nonnull (strstr (lines[0], "STATUS"));
  g_assert_nonnull (strstr (lines[0], "REASON"));

  /* No row of the table, which ends at the first blank line, is wider
   * than the 100 columns the test set. */
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    g_assert_cmpint (g_utf8_strlen (lines[i], -1), <=, 100);

  /* Messages inside an mbox are numbered from 1. */
  g_assert_nonnull (strstr (run.out, "crlf.mbox#1 "));
  g_assert_nonnull (strstr (run.out, "crlf.mbox#2 "));

  /* The summary counts the categories and lists the unreadable files. */
  g_assert_nonnull (strstr (run.out, "\n  Unreadable   4\n"));
  /* Counted as `clean` counts them: the mbox holds two messages. */
  g_assert_nonnull (strstr (run.out, "\nMessages read:      6\nBounce recipients:  2\n"));
  g_assert_nonnull (strstr (run.out, "4 files or messages could not be read:\n"));
  g_assert_nonnull (strstr (run.out, "outlook.msg: This is an Outlook .msg file"));
  g_assert_nonnull (strstr (run.out, "empty.eml: The file is empty."));
}

/* A message past a limit of the parser is listed in the summary with its
 * file, its number in the mbox file and the limit. */
static void
test_table_read_in_part (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-cli-scan-XXXXXX", NULL);
  g_autofree char *mbox = g_build_filename (dir, "parts.mbox", NULL);
  g_autoptr(GString) text = g_string_new ("From - Mon Jan  6 10:11:00 2025\nSubject: fine\n\nbody\n\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  const char *args[] = { mbox, NULL };
  g_auto(CliRun) run = { 0 };

  g_string_append (text, "From - Mon Jan  6 10:12:00 2025\nSubject: many parts\n"
                         "Content-Type: multipart/mixed; boundary=\"b\"\n\n");
  for (guint i = 0; i < 1500; i++)
    g_string_append (text, "--b\n\npart\n");
  g_string_append (text, "--b--\n");
  g_file_set_contents (mbox, text->str, text->len, &error);
  g_assert_no_error (error);

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);

  expected = g_strdup_printf ("\n1 message was read only in part:\n  %s#2: The message has more than 1000 MIME parts; "
                              "only the first 1000 were read.\n", mbox);
  g_assert_nonnull (strstr (run.out, expected));
  g_assert_null (strstr (run.out, "could not be read"));

  g_assert_cmpint (g_unlink (mbox), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A notice that names no failed address is a message read but no bounce
 * recipient: the summary counts it on a line of its own. */
static void
test_table_no_recipient (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-cli-scan-XXXXXX", NULL);
  g_autofree char *notice = g_build_filename (dir, "notice.eml", NULL);
  g_autofree char *dsn = sources_path ("folder/a.eml");
  g_autoptr(GError) error = NULL;
  const char *args[] = { notice, dsn, NULL };
  g_auto(CliRun) run = { 0 };

  g_file_set_contents (notice,
                       "From: MAILER-DAEMON@example.com\n"
                       "To: news@example.com\n"
                       "Subject: Undelivered Mail Returned to Sender\n"
                       "Date: Mon, 2 Nov 2026 10:00:00 +0000\n"
                       "\n"
                       "This is the mail system at host mx.example.net.\n"
                       "\n"
                       "I am sorry to have to inform you that your message could not\n"
                       "be delivered to one or more recipients.\n",
                       -1, &error);
  g_assert_no_error (error);

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\nMessages read:       2\n"));
  g_assert_nonnull (strstr (run.out, "\nBounce recipients:   1\n"));
  g_assert_nonnull (strstr (run.out, "\nNo recipient found:  1\n"));

  g_assert_cmpint (g_unlink (notice), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A file name that is not UTF-8 is read, and shown with U+FFFD for its
 * bad bytes, in the table as in the JSON. */
static void
test_invalid_utf8_name (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-cli-scan-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bounce-\xff.eml", NULL);
  g_autofree char *source = sources_path ("folder/a.eml");
  g_autofree char *contents = NULL;
  g_autofree char *valid_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  const char *json_args[] = { "--json", dir, NULL };
  const char *table_args[] = { dir, NULL };
  g_auto(CliRun) json_run = { 0 };
  g_auto(CliRun) table_run = { 0 };

  g_file_get_contents (source, &contents, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  run_cli (&json_run, json_args);
  g_assert_cmpint (json_run.status, ==, 0);
  g_assert_true (g_utf8_validate (json_run.out, -1, NULL));
  objects = parse_json_lines (json_run.out);
  g_assert_cmpuint (objects->len, >, 0);
  valid_path = g_utf8_make_valid (path, -1);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (g_ptr_array_index (objects, 0)), "file"),
                   ==, valid_path);

  run_cli (&table_run, table_args);
  g_assert_cmpint (table_run.status, ==, 0);
  g_assert_true (g_utf8_validate (table_run.out, -1, NULL));
  g_assert_nonnull (strstr (table_run.out, "bounce-\xef\xbf\xbd.eml"));

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Returns the terminal cells that @text takes, up to @end. */
static guint
display_width (const char *text,
               const char *end)
{
  guint width = 0;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;

  return width;
}

static void
test_table_truncates (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bounce-cli-scan-XXXXXX", NULL);
  g_autofree char *long_name = g_strnfill (120, 'n');
  g_autofree char *path = g_build_filename (dir, long_name, NULL);
  g_autofree char *start = g_strndup (path, 5);
  const char *args[] = { path, NULL };
  g_auto(CliRun) run = { 0 };
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_set_contents (path, "Shopping list\n", -1, NULL));

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);

  /* A long path is cut in the middle: its start and its end stay. */
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[1], start));
  g_assert_nonnull (strstr (lines[1], "…nnnn"));
  g_assert_cmpint (g_utf8_strlen (lines[1], -1), <=, 100);

  g_unlink (path);
  g_rmdir (dir);
}

/* Long and wide (CJK) file names keep the columns in line, counted in
 * terminal cells, and the table fits the 132 cells assumed for a pipe. */
static void
test_table_aligned (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bounce-cli-scan-XXXXXX", NULL);
  g_autofree char *long_name = g_strnfill (150, 'l');
  const char *names[] = { "a.eml", long_name, "退信通知.eml", "バウンスメッセージの長い名前の通知ファイル.eml" };
  const char *args[] = { dir, NULL };
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) json_run = { 0 };
  const char *json_args[] = { "--json", dir, NULL };
  g_auto(GStrv) lines = NULL;
  guint category_column;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      g_assert_true (g_file_set_contents (path, "Shopping list\n", -1, NULL));
    }

  run_cli_full (&run, args, NULL);
  g_assert_cmpint (run.status, ==, 0);

  lines = g_strsplit (run.out, "\n", -1);
  category_column = display_width (lines[0], strstr (lines[0], "CATEGORY"));
  for (guint i = 1; i <= G_N_ELEMENTS (names); i++)
    {
      const char *category = strstr (lines[i], "unreadable");

      g_test_message ("%s", lines[i]);
      g_assert_nonnull (category);
      g_assert_cmpuint (display_width (lines[i], category), ==, category_column);
      g_assert_cmpuint (display_width (lines[i], lines[i] + strlen (lines[i])), <=, 132);
    }
  g_assert_nonnull (strstr (run.out, "…"));

  /* --json keeps the whole name. */
  run_cli_full (&json_run, json_args, NULL);
  g_assert_cmpint (json_run.status, ==, 0);
  g_assert_nonnull (strstr (json_run.out, long_name));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_no_messages (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bounce-cli-scan-XXXXXX", NULL);
  const char *args[] = { dir, NULL };
  g_auto(CliRun) run = { 0 };

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "No messages were found."));

  g_rmdir (dir);
}

/* A pipe in a folder is skipped without being opened, so it is listed as
 * unreadable but counts as no message read. */
static void
test_skipped_pipe (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bounce-cli-scan-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe", NULL);
  const char *args[] = { dir, NULL };
  g_auto(CliRun) run = { 0 };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^Messages read: +0$", run.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^  Unreadable +1$", run.out, G_REGEX_MULTILINE, 0));
  g_assert_nonnull (strstr (run.out, "pipe: This is a pipe, socket or device"));

  g_unlink (fifo);
  g_rmdir (dir);
}

/* Files in a folder that are not messages leave the exit status 0. Only a
 * named path that does not exist makes it 1. Such a path is no message
 * read: it adds no row and no count, only the error. */
static void
test_missing_path (void)
{
  g_autofree char *folder = sources_path ("notmessages");
  const char *folder_args[] = { folder, NULL };
  const char *missing_args[] = { "/nonexistent/bounce-cli-test", NULL };
  const char *both_args[] = { folder, "/nonexistent/bounce-cli-test", NULL };
  g_auto(CliRun) folder_run = { 0 };
  g_auto(CliRun) missing_run = { 0 };
  g_auto(CliRun) both_run = { 0 };

  run_cli (&folder_run, folder_args);
  g_assert_cmpint (folder_run.status, ==, 0);
  g_assert_cmpstr (folder_run.err, ==, "");
  g_assert_nonnull (strstr (folder_run.out, "Messages read:"));

  run_cli (&missing_run, missing_args);
  g_assert_cmpint (missing_run.status, ==, 1);
  g_assert_cmpstr (missing_run.out, ==, "");
  g_assert_cmpstr (missing_run.err, ==, "bounce-cli scan: “/nonexistent/bounce-cli-test” does not exist. Check the path.\n");

  run_cli (&both_run, both_args);
  g_assert_cmpint (both_run.status, ==, 1);
  g_assert_cmpstr (both_run.out, ==, folder_run.out);
  g_assert_cmpstr (both_run.err, ==, missing_run.err);
}

static void
test_usage_no_path (void)
{
  const char *args[] = { "--json", NULL };
  g_auto(CliRun) run = { 0 };

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "No PATH given"));
  g_assert_nonnull (strstr (run.err, "--help"));
}

static void
test_usage_unknown_option (void)
{
  const char *args[] = { "--jsn", ".", NULL };
  g_auto(CliRun) run = { 0 };

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--jsn"));
}

static void
test_usage_bad_threads (void)
{
  const char *not_a_number[] = { "--threads", "many", ".", NULL };
  const char *negative[] = { "--threads", "-3", ".", NULL };
  g_auto(CliRun) first = { 0 };
  g_auto(CliRun) second = { 0 };

  run_cli (&first, not_a_number);
  g_assert_cmpint (first.status, ==, 2);
  g_assert_nonnull (strstr (first.err, "many"));

  run_cli (&second, negative);
  g_assert_cmpint (second.status, ==, 2);
  g_assert_nonnull (strstr (second.err, "--threads"));
  g_assert_nonnull (strstr (second.err, "-3"));
}

static void
test_help (void)
{
  const char *args[] = { "--help", NULL };
  g_auto(CliRun) run = { 0 };

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "bounce-cli scan"));
  g_assert_nonnull (strstr (run.out, "--json"));
  g_assert_nonnull (strstr (run.out, "--threads=N"));
  g_assert_nonnull (strstr (run.out, "PATH"));
}

static void
test_version (void)
{
  const char *args[] = { "--version", NULL };
  g_auto(CliRun) run = { 0 };

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "bounce-cli " PACKAGE_VERSION "\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/scan/json/keys", test_json_keys);
  g_test_add_func ("/cli/scan/json/unreadable", test_json_unreadable);
  g_test_add_func ("/cli/scan/json/dates", test_json_dates);
  g_test_add_func ("/cli/scan/missing-path-translated", test_missing_path_translated);
  g_test_add_func ("/cli/scan/table/summary", test_table);
  g_test_add_func ("/cli/scan/table/read-in-part", test_table_read_in_part);
  g_test_add_func ("/cli/scan/invalid-utf8-name", test_invalid_utf8_name);
  g_test_add_func ("/cli/scan/table/truncates", test_table_truncates);
  g_test_add_func ("/cli/scan/table/aligned", test_table_aligned);
  g_test_add_func ("/cli/scan/table/no-messages", test_no_messages);
  g_test_add_func ("/cli/scan/table/skipped-pipe", test_skipped_pipe);
  g_test_add_func ("/cli/scan/missing-path", test_missing_path);
  g_test_add_func ("/cli/scan/table/no-recipient", test_table_no_recipient);
  g_test_add_func ("/cli/scan/usage/no-path", test_usage_no_path);
  g_test_add_func ("/cli/scan/usage/unknown-option", test_usage_unknown_option);
  g_test_add_func ("/cli/scan/usage/bad-threads", test_usage_bad_threads);
  g_test_add_func ("/cli/scan/help", test_help);
  g_test_add_func ("/cli/scan/version", test_version);

  return g_test_run ();
}

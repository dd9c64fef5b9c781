/* test-cli-check.c: `bounce-cli check`, and the list checks and reports
 * of `bounce-cli clean`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cli-util.h"
#include "dsn-fixture.h"

static char *
data_path (const char *folder,
           const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", folder, name, NULL);
}

/* Returns the cells of the findings row of @line_number, split at the
 * runs of two or more spaces that separate the table's columns, or NULL. */
static char **
dup_finding (const char *out,
             guint       line_number)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autofree char *number = g_strdup_printf ("%u", line_number);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = g_regex_split_simple ("\\s{2,}", g_strstrip (lines[i]), 0, 0);

      if (g_str_equal (cells[0], number))
        return g_steal_pointer (&cells);
    }

  return NULL;
}

static void
assert_finding (const char *out,
                guint       line_number,
                const char *address,
                const char *checks,
                const char *description)
{
  g_auto(GStrv) cells = dup_finding (out, line_number);

  g_test_message ("line %u", line_number);
  g_assert_nonnull (cells);
  g_assert_cmpuint (g_strv_length (cells), ==, 4);
  g_assert_cmpstr (cells[1], ==, address);
  g_assert_cmpstr (cells[2], ==, checks);
  if (description != NULL)
    g_assert_cmpstr (cells[3], ==, description);
}

/* A narrow terminal gets every line within its width, with long cells cut
 * in the middle, and --json keeps them whole. */
static void
test_check_narrow (void)
{
  g_autofree char *contacts = data_path ("hygiene", "contacts.csv");
  const char *args[] = { "check", contacts, NULL };
  g_auto(GStrv) argv = cli_build_argv (NULL, args, NULL);
  g_auto(GStrv) envp = cli_build_environ ();
  g_auto(GStrv) lines = NULL;
  g_auto(CliRun) run = { 0 };
  g_auto(GStrv) typo = NULL;

  envp = g_environ_setenv (envp, "COLUMNS", "60", TRUE);
  cli_spawn (&run, argv, envp, NULL);
  g_assert_cmpint (run.status, ==, 0);

  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* The heading names the whole path. */
      if (g_str_has_prefix (lines[i], "Rows with findings in "))
        continue;
      g_test_message ("%s", lines[i]);
      g_assert_cmpint (g_utf8_strlen (lines[i], -1), <=, 60);
    }

  typo = dup_finding (run.out, 7);
  g_assert_nonnull (typo);
  g_assert_nonnull (strstr (typo[3], "…"));
  g_assert_true (g_str_has_prefix (typo[3], "poss"));
  g_assert_true (g_str_has_suffix (typo[3], "example.com?"));
}

/* Without a terminal and without COLUMNS, as in "check FILE > out", no
 * cell is shortened, however long the line gets. */
static void
test_check_pipe_whole (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-cli-check-XXXXXX", &error);
  g_autofree char *contacts = g_build_filename (dir, "long.csv", NULL);
  const char *address = "a b c d e f g h i j k l m n o p q r s t u v w x y z@example.com";
  const char *args[] = { "check", contacts, NULL };
  g_auto(GStrv) argv = cli_build_argv (NULL, args, NULL);
  g_auto(GStrv) envp = cli_build_environ ();
  g_auto(CliRun) run = { 0 };

  g_assert_no_error (error);
  g_file_set_contents (contacts, "email,name\n\"a b c d e f g h i j k l m n o p q r s t u v w x y z@example.com\",Ann\n",
                       -1, &error);
  g_assert_no_error (error);

  envp = g_environ_unsetenv (envp, "COLUMNS");
  cli_spawn (&run, argv, envp, NULL);
  g_assert_cmpint (run.status, ==, 0);

  g_assert_null (strstr (run.out, "…"));
  g_assert_nonnull (strstr (run.out, address));
  g_assert_nonnull (strstr (run.out, "Invalid address. The part before the @ contains a space, which an address cannot contain there."));

  g_unlink (contacts);
  g_rmdir (dir);
}

static void
test_check_text (void)
{
  g_autofree char *contacts = data_path ("hygiene", "contacts.csv");
  g_autofree char *invalid = NULL;
  g_autofree char *risky = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *typos = NULL;
  const char *args[] = { "check", contacts, NULL };
  g_auto(GStrv) argv = cli_build_argv (NULL, args, NULL);
  g_auto(GStrv) envp = cli_build_environ ();
  g_auto(CliRun) run = { 0 };

  /* Wide enough that no cell is cut. */
  envp = g_environ_setenv (envp, "COLUMNS", "400", TRUE);
  cli_spawn (&run, argv, envp, NULL);
  g_assert_cmpint (run.status, ==, 0);

  assert_finding (run.out, 7, "fay@mial.example.com", "Possible typo",
                  "possible typo: did you mean fay@mail.example.com?");
  assert_finding (run.out, 20, "two@@example.com", "Invalid", "Invalid address. It has more than one @.");
  /* A cell without any "@" is a row without an address, no finding. */
  g_assert_null (strstr (run.out, "not-an-address"));
  assert_finding (run.out, 17, "Ana@Mail.Example.COM", "Duplicate", "same mailbox as line 2");
  assert_finding (run.out, 14, "info@example.net", "Role address", NULL);
  invalid = cli_dup_field (run.out, "Invalid addresses:");
  g_assert_cmpstr (invalid, ==, "10");
  risky = cli_dup_field (run.out, "Rows with warnings:");
  g_assert_cmpstr (risky, ==, "6");
  empty = cli_dup_field (run.out, "Rows without address:");
  g_assert_cmpstr (empty, ==, "2");

  /* The summary names the checks in words, not by their --json names. */
  typos = cli_dup_field (run.out, "  Possible typo");
  g_assert_cmpstr (typos, ==, "2");
  g_assert_null (cli_dup_field (run.out, "  typo"));
  /* Rows without findings are not listed. */
  g_assert_null (strstr (run.out, "ben@mail.example.com"));
}

/* --no-history and --db are accepted as by clean and scan, and change
 * nothing: the checks read no history, so no history file is created. */
static void
test_check_history_options (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contacts = data_path ("hygiene", "contacts.csv");
  g_autofree char *dir = g_dir_make_tmp ("bounce-cli-check-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "history.db", NULL);
  const char *plain_args[] = { "check", contacts, NULL };
  const char *no_history_args[] = { "check", "--no-history", contacts, NULL };
  const char *db_args[] = { "check", "--db", db, contacts, NULL };
  g_auto(GStrv) plain_argv = cli_build_argv (NULL, plain_args, NULL);
  g_auto(GStrv) no_history_argv = cli_build_argv (NULL, no_history_args, NULL);
  g_auto(GStrv) db_argv = cli_build_argv (NULL, db_args, NULL);
  g_auto(GStrv) envp = cli_build_environ ();
  g_auto(CliRun) plain = { 0 };
  g_auto(CliRun) no_history = { 0 };
  g_auto(CliRun) with_db = { 0 };

  g_assert_no_error (error);
  cli_spawn (&plain, plain_argv, envp, NULL);
  g_assert_cmpint (plain.status, ==, 0);

  cli_spawn (&no_history, no_history_argv, envp, NULL);
  g_assert_cmpstr (no_history.err, ==, "");
  g_assert_cmpint (no_history.status, ==, 0);
  g_assert_cmpstr (no_history.out, ==, plain.out);

  cli_spawn (&with_db, db_argv, envp, NULL);
  g_assert_cmpint (with_db.status, ==, 0);
  g_assert_cmpstr (with_db.out, ==, plain.out);
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));

  g_rmdir (dir);
}

static void
test_check_json (void)
{
  g_autofree char *contacts = data_path ("hygiene", "contacts.csv");
  g_autofree char *extra = data_path ("hygiene", "extra-disposable.txt");
  const char *args[] = { "check", "--json", "--disposable-domains", extra, contacts, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  JsonObject *root;
  JsonArray *findings;
  gboolean found_disposable = FALSE;
  gboolean found_typo = FALSE;

  cli_run (&run, args, NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);

  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "rows"), ==, 32);
  g_assert_cmpint (json_object_get_int_member (root, "invalid"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (root, "risky"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "flagged"), "disposable"), ==, 1);

  findings = json_object_get_array_member (root, "findings");
  g_assert_cmpuint (json_array_get_length (findings), ==, 17);
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);
      gint64 line = json_object_get_int_member (finding, "line");

      if (line == 16)
        {
          g_assert_cmpstr (json_object_get_string_member (finding, "verdict"), ==, "risky");
          g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (finding, "flags"), 0), ==,
                           "disposable");
          found_disposable = TRUE;
        }
      if (line == 13)
        {
          g_assert_cmpstr (json_object_get_string_member (finding, "suggestion"), ==, "lou@post.example.org");
          found_typo = TRUE;
        }
      if (line == 20)
        g_assert_cmpstr (json_object_get_string_member (finding, "error"), ==, "several-at");
      if (line == 18)
        g_assert_cmpint (json_object_get_int_member (finding, "duplicate_of_line"), ==, 2);
    }
  g_assert_true (found_disposable);
  g_assert_true (found_typo);
}

static void
test_check_errors (void)
{
  g_autofree char *contacts = data_path ("hygiene", "contacts.csv");
  g_autofree char *bad = data_path ("hygiene", "bad-disposable.txt");
  const char *no_file[] = { "check", NULL };
  const char *two_files[] = { "check", contacts, contacts, NULL };
  const char *missing[] = { "check", "/nonexistent/contacts.csv", NULL };
  const char *bad_list[] = { "check", "--disposable-domains", bad, contacts, NULL };
  g_auto(CliRun) run1 = { 0 };
  g_auto(CliRun) run2 = { 0 };
  g_auto(CliRun) run3 = { 0 };
  g_auto(CliRun) run4 = { 0 };

  cli_run (&run1, no_file, NULL);
  g_assert_cmpint (run1.status, ==, 2);
  g_assert_nonnull (strstr (run1.err, "No FILE given"));

  cli_run (&run2, two_files, NULL);
  g_assert_cmpint (run2.status, ==, 2);

  cli_run (&run3, missing, NULL);
  g_assert_cmpint (run3.status, ==, 1);
  g_assert_nonnull (strstr (run3.err, "/nonexistent/contacts.csv"));

  cli_run (&run4, bad_list, NULL);
  g_assert_cmpint (run4.status, ==, 1);
  g_assert_true (g_str_has_prefix (run4.err, "bounce-cli check: --disposable-domains: "));
  g_assert_nonnull (strstr (run4.err, "line 2"));
  g_assert_nonnull (strstr (run4.err, "not a domain"));
}

/* The "bounce-cli check: " before an error is translated as the error
 * is, so French puts its space before the colon. So is the prefix of
 * `contacts`, which reads the file the same way. */
static void
test_check_translated_errors (void)
{
  const char *check[] = { "check", "/nonexistent/contacts.csv", NULL };
  const char *contacts[] = { "contacts", "/nonexistent/contacts.csv", NULL };
  g_auto(CliRun) check_run = { 0 };
  g_auto(CliRun) contacts_run = { 0 };

  cli_run_translated (&check_run, "fr", check);
  g_assert_cmpint (check_run.status, ==, 1);
  g_assert_true (g_str_has_prefix (check_run.err, "bounce-cli check : "));
  g_assert_nonnull (strstr (check_run.err, "/nonexistent/contacts.csv"));

  cli_run_translated (&contacts_run, "fr", contacts);
  g_assert_cmpint (contacts_run.status, ==, 1);
  g_assert_true (g_str_has_prefix (contacts_run.err, "bounce-cli contacts : "));
}

typedef struct
{
  char *dir;
  char *output;
  char *removed;
  char *report;
  char *report_csv;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("bounce-cli-check-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->output = g_build_filename (fixture->dir, "cleaned.csv", NULL);
  fixture->removed = g_build_filename (fixture->dir, "removed.csv", NULL);
  fixture->report = g_build_filename (fixture->dir, "report.html", NULL);
  fixture->report_csv = g_build_filename (fixture->dir, "figures.csv", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_unlink (fixture->output);
  g_unlink (fixture->removed);
  g_unlink (fixture->report);
  g_unlink (fixture->report_csv);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->output);
  g_free (fixture->removed);
  g_free (fixture->report);
  g_free (fixture->report_csv);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';

  return n;
}

/* Cells that people type by hand: a name before a bare address, a
 * comment after it and a "|" between two addresses. check finds them
 * valid, and clean reads the address, which a hard bounce then removes. */
static void
test_clean_hand_typed_cells (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *contacts = g_build_filename (fixture->dir, "typed.csv", NULL);
  g_autofree char *bounces = g_build_filename (fixture->dir, "bounces", NULL);
  g_autofree char *dsn = dsn_fixture_new ("eva@example.com", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000", NULL);
  g_autofree char *dsn_path = g_build_filename (bounces, "eva.eml", NULL);
  g_autofree char *invalid = NULL;
  g_autofree char *removed = NULL;
  const char *check_args[] = { "check", contacts, NULL };
  const char *clean_args[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", bounces,
                               "--output", fixture->output, "--removed", fixture->removed, NULL };
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };

  g_file_set_contents (contacts,
                       "name,email\n"
                       "A,Eva Smith eva@example.com\n"
                       "G,gus@example.com (work)\n"
                       "C,cy@example.com|cy2@example.com\n"
                       "J,jane doe@example.com\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (bounces, 0700), ==, 0);
  g_file_set_contents (dsn_path, dsn, -1, &error);
  g_assert_no_error (error);

  cli_run (&run, check_args, NULL);
  g_assert_cmpint (run.status, ==, 0);
  invalid = cli_dup_field (run.out, "Invalid addresses:");
  g_assert_cmpstr (invalid, ==, "1");
  g_assert_null (strstr (run.out, "eva@example.com"));
  g_assert_null (strstr (run.out, "gus@example.com"));
  g_assert_null (strstr (run.out, "cy@example.com"));
  assert_finding (run.out, 5, "jane doe@example.com", "Invalid", NULL);

  cli_run (&run, clean_args, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_file_get_contents (fixture->removed, &removed, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (removed, ==,
                   "name,email,bounce_removal_reason\n"
                   "A,Eva Smith eva@example.com,hard: eva@example.com\n"
                   "J,jane doe@example.com,invalid: jane doe@example.com\n");

  g_unlink (dsn_path);
  g_rmdir (bounces);
  g_unlink (contacts);
}

/* Outlook writes an Exchange identifier in "E-mail Address" for a
 * contact from the company directory, and the SMTP address in "E-mail 2
 * Address". The identifier is no address, so the row is kept, and a
 * bounce of its SMTP address is matched as one of another column. */
static void
test_clean_outlook_directory_contact (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autofree char *contacts = g_build_filename (fixture->dir, "outlook.csv", NULL);
  g_autofree char *bounces = g_build_filename (fixture->dir, "bounces", NULL);
  g_autofree char *dsn = dsn_fixture_new ("kai.lund@example.org", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000", NULL);
  g_autofree char *dsn_path = g_build_filename (bounces, "kai.eml", NULL);
  g_autofree char *invalid = NULL;
  g_autofree char *without = NULL;
  g_autofree char *removed_count = NULL;
  g_autofree char *unmatched = NULL;
  g_autofree char *removed = NULL;
  const char *check_args[] = { "check", contacts, NULL };
  const char *clean_args[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", bounces,
                               "--output", fixture->output, "--removed", fixture->removed, NULL };
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };

  g_file_set_contents (contacts,
                       "\"First Name\",\"Last Name\",\"E-mail Address\",\"E-mail Type\",\"E-mail 2 Address\",\"E-mail 2 Type\"\r\n"
                       "\"Jane\",\"Doe\",\"jane@example.com\",\"SMTP\",\"\",\"\"\r\n"
                       "\"Kai\",\"Lund\",\"/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)"
                       "/cn=Recipients/cn=3f2a1b-kai\",\"EX\",\"kai.lund@example.org\",\"SMTP\"\r\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (bounces, 0700), ==, 0);
  g_file_set_contents (dsn_path, dsn, -1, &error);
  g_assert_no_error (error);

  cli_run (&run, check_args, NULL);
  g_assert_cmpint (run.status, ==, 0);
  invalid = cli_dup_field (run.out, "Invalid addresses:");
  g_assert_cmpstr (invalid, ==, "0");
  without = cli_dup_field (run.out, "Rows without address:");
  g_assert_cmpstr (without, ==, "1");

  cli_run (&run, clean_args, NULL);
  g_assert_cmpint (run.status, ==, 0);
  removed_count = cli_dup_field (run.out, "Rows removed:");
  g_assert_cmpstr (removed_count, ==, "0");
  unmatched = cli_dup_field (run.out, "Unmatched bounces:");
  g_assert_cmpstr (unmatched, ==, "0");
  g_file_get_contents (fixture->removed, &removed, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (removed, "Kai"));

  g_unlink (dsn_path);
  g_rmdir (bounces);
  g_unlink (contacts);
}

/* One address set apart from words by a comma, a label, brackets or
 * typographic quotes, as people type and copy them, is the row's
 * address: check finds it valid, and only its hard bounce removes the
 * row. */
static void
test_clean_labelled_cells (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *contacts = g_build_filename (fixture->dir, "labelled.csv", NULL);
  g_autofree char *bounces = g_build_filename (fixture->dir, "bounces", NULL);
  g_autofree char *dsn_kim = dsn_fixture_new ("kim@example.com", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000", NULL);
  g_autofree char *dsn_lou = dsn_fixture_new ("lou@example.org", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000", NULL);
  g_autofree char *kim_path = g_build_filename (bounces, "kim.eml", NULL);
  g_autofree char *lou_path = g_build_filename (bounces, "lou.eml", NULL);
  g_autofree char *invalid = NULL;
  g_autofree char *unmatched = NULL;
  g_autofree char *removed = NULL;
  const char *check_args[] = { "check", contacts, NULL };
  const char *clean_args[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", bounces,
                               "--output", fixture->output, "--removed", fixture->removed, NULL };
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };

  g_file_set_contents (contacts,
                       "name,email\n"
                       "K,\"kim@example.com, Kim Work\"\n"
                       "N,\"Roe, Ned (ned@example.net)\"\n"
                       "P,E-mail: pia@example.net\n"
                       "R,rae@example.net <Rae Roe>\n"
                       "S,\"\"\"Sam Roe\"\" sam@example.net\"\n"
                       "L,\u201Clou@example.org\u201D\n"
                       "M,max@example.net\u200E\n"
                       "T,tia@example\uFF0Enet\n"
                       "J,jane doe@example.com\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (bounces, 0700), ==, 0);
  g_file_set_contents (kim_path, dsn_kim, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (lou_path, dsn_lou, -1, &error);
  g_assert_no_error (error);

  cli_run (&run, check_args, NULL);
  g_assert_cmpint (run.status, ==, 0);
  invalid = cli_dup_field (run.out, "Invalid addresses:");
  g_assert_cmpstr (invalid, ==, "1");
  assert_finding (run.out, 10, "jane doe@example.com", "Invalid", NULL);

  cli_run (&run, clean_args, NULL);
  g_assert_cmpint (run.status, ==, 0);
  unmatched = cli_dup_field (run.out, "Unmatched bounces:");
  g_assert_cmpstr (unmatched, ==, "0");
  g_file_get_contents (fixture->removed, &removed, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (removed, ==,
                   "name,email,bounce_removal_reason\n"
                   "K,\"kim@example.com, Kim Work\",hard: kim@example.com\n"
                   "L,\u201Clou@example.org\u201D,hard: lou@example.org\n"
                   "J,jane doe@example.com,invalid: jane doe@example.com\n");

  g_unlink (kim_path);
  g_unlink (lou_path);
  g_rmdir (bounces);
  g_unlink (contacts);
}

/* Invalid rows are removed by default, and the files still add up. */
static void
test_clean_removes_invalid (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *contacts = data_path ("hygiene", "contacts.csv");
  g_autofree char *bounces = data_path ("csv", "bounces");
  g_autofree char *kept = NULL;
  g_autofree char *removed = NULL;
  const char *args[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", bounces,
                         "--output", fixture->output, "--removed", fixture->removed, NULL };
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };

  cli_run (&run, args, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "  invalid address:     10\n"));
  g_assert_nonnull (strstr (run.out, "Check: 22 kept + 10 removed = 32 read: OK"));

  g_file_get_contents (fixture->output, &kept, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (fixture->removed, &removed, NULL, &error);
  g_assert_no_error (error);
  /* Each file has the header line. */
  g_assert_cmpuint (count_lines (kept) - 1, ==, 22);
  g_assert_cmpuint (count_lines (removed) - 1, ==, 10);
  g_assert_nonnull (strstr (removed, "invalid: jane..doe@example.com\n"));
  /* Warnings are kept. */
  g_assert_nonnull (strstr (kept, "fay@mial.example.com"));
  /* A cell without any "@" is a row without an address, kept. */
  g_assert_nonnull (strstr (kept, "\nnot-an-address,"));
}

static void
test_clean_keep_invalid (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *contacts = data_path ("hygiene", "contacts.csv");
  g_autofree char *bounces = data_path ("csv", "bounces");
  const char *keep[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", bounces,
                         "--dry-run", "--keep-invalid", NULL };
  const char *remove_risky[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", bounces,
                                 "--dry-run", "--remove-risky", "typo,role", NULL };
  const char *no_checks[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", bounces,
                              "--dry-run", "--no-checks", NULL };
  const char *bad_risky[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", bounces,
                              "--dry-run", "--remove-risky", "typos", NULL };
  g_auto(CliRun) run1 = { 0 };
  g_auto(CliRun) run2 = { 0 };
  g_auto(CliRun) run3 = { 0 };
  g_auto(CliRun) run4 = { 0 };

  cli_run (&run1, keep, NULL);
  g_assert_cmpint (run1.status, ==, 0);
  g_assert_nonnull (strstr (run1.out, "Check: 32 kept + 0 removed = 32 read: OK"));
  g_assert_nonnull (strstr (run1.out, "Invalid addresses:     10 (kept"));

  /* 10 invalid, 2 typos and 2 role addresses. */
  cli_run (&run2, remove_risky, NULL);
  g_assert_cmpint (run2.status, ==, 0);
  g_assert_nonnull (strstr (run2.out, "  list-check warning:  4\n"));
  g_assert_nonnull (strstr (run2.out, "Check: 18 kept + 14 removed = 32 read: OK"));

  cli_run (&run3, no_checks, NULL);
  g_assert_cmpint (run3.status, ==, 0);
  g_assert_nonnull (strstr (run3.out, "Check: 32 kept + 0 removed = 32 read: OK"));
  g_assert_null (strstr (run3.out, "invalid address:"));

  cli_run (&run4, bad_risky, NULL);
  g_assert_cmpint (run4.status, ==, 2);
  g_assert_nonnull (strstr (run4.err, "typos"));
}

static void
test_clean_report (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *contacts = data_path ("insight", "contacts.csv");
  g_autofree char *bounces = data_path ("csv", "bounces");
  g_autofree char *html = NULL;
  g_autofree char *csv = NULL;
  const char *args[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", bounces,
                         "--dry-run", "--report", fixture->report, "--report-csv", fixture->report_csv, NULL };
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };

  cli_run (&run, args, NULL);
  g_assert_cmpint (run.status, ==, 0);

  g_file_get_contents (fixture->report, &html, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (html, "data:image/png;base64,"));
  g_assert_nonnull (strstr (html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  g_assert_null (strstr (html, "<script>"));

  g_file_get_contents (fixture->report_csv, &csv, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (csv, "section,name,category,value,text\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nfigure,rows,,45,\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nfigure,invalid,,2,\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nfinding,typo-domain,warning,2,"));
}

static void
test_clean_report_paths (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *contacts = data_path ("insight", "contacts.csv");
  g_autofree char *bounces = data_path ("csv", "bounces");
  g_autofree char *unwritable = g_build_filename (fixture->dir, "no-such-folder", "report.html", NULL);
  const char *over_input[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", bounces,
                               "--dry-run", "--report", contacts, NULL };
  const char *missing_folder[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", bounces,
                                   "--dry-run", "--report", unwritable, NULL };
  g_auto(CliRun) run1 = { 0 };
  g_auto(CliRun) run2 = { 0 };

  cli_run (&run1, over_input, NULL);
  g_assert_cmpint (run1.status, ==, 2);
  g_assert_nonnull (strstr (run1.err, "would replace the contact list"));

  cli_run (&run2, missing_folder, NULL);
  g_assert_cmpint (run2.status, ==, 1);
  g_assert_nonnull (strstr (run2.err, unwritable));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-check/text", test_check_text);
  g_test_add_func ("/cli-check/narrow", test_check_narrow);
  g_test_add_func ("/cli-check/pipe-whole", test_check_pipe_whole);
  g_test_add_func ("/cli-check/json", test_check_json);
  g_test_add_func ("/cli-check/history-options", test_check_history_options);
  g_test_add_func ("/cli-check/errors", test_check_errors);
  g_test_add_func ("/cli-check/translated-errors", test_check_translated_errors);
  g_test_add ("/cli-check/clean/hand-typed-cells", Fixture, NULL, fixture_set_up,
              test_clean_hand_typed_cells, fixture_tear_down);
  g_test_add ("/cli/clean/labelled-cells", Fixture, NULL, fixture_set_up,
              test_clean_labelled_cells, fixture_tear_down);
  g_test_add ("/cli-check/clean/outlook-directory-contact", Fixture, NULL, fixture_set_up,
              test_clean_outlook_directory_contact, fixture_tear_down);
  g_test_add ("/cli-check/clean/removes-invalid", Fixture, NULL, fixture_set_up,
              test_clean_removes_invalid, fixture_tear_down);
  g_test_add ("/cli-check/clean/keep-invalid", Fixture, NULL, fixture_set_up,
              test_clean_keep_invalid, fixture_tear_down);
  g_test_add ("/cli-check/clean/report", Fixture, NULL, fixture_set_up,
              test_clean_report, fixture_tear_down);
  g_test_add ("/cli-check/clean/report-paths", Fixture, NULL, fixture_set_up,
              test_clean_report_paths, fixture_tear_down);

  return g_test_run ();
}

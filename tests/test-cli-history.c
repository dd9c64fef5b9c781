/* test-cli-history.c: the history through bounce-cli: --db, the history
 * and suppression commands, a scan killed while it writes, and two scans
 * writing to one file at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bounce-core.h"
#include "bounce-history-private.h"
#include "cli-util.h"
#include "dsn-fixture.h"
#include "history-fixture.h"

typedef HistoryFixture Fixture;

/* The environment of every run: English messages and dates in UTC. */
static char **
make_envp (void)
{
  return g_environ_setenv (cli_build_environ (), "TZ", "UTC", TRUE);
}

static void
run_cli (CliRun             *run,
         const char * const *args)
{
  g_auto(GStrv) argv = cli_build_argv (NULL, args, NULL);
  g_auto(GStrv) envp = make_envp ();

  cli_spawn (run, argv, envp, NULL);
}

/* @n hard bounces for person<first>@example.com onwards. */
static char *
write_many (Fixture    *fixture,
            const char *folder,
            guint       first,
            guint       n)
{
  char *dir = g_build_filename (fixture->dir, folder, NULL);

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%06u.eml", i);
      g_autofree char *recipient = g_strdup_printf ("person%u@example.com", i);
      g_autofree char *message_id = g_strdup_printf ("send-%u@example.com", i);

      g_free (write_dsn (dir, name, recipient, "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000", message_id));
    }

  return dir;
}

static const char contacts_text[] =
  "Email,First Name\r\n"
  "jane@example.com,Jane\r\n"
  "carla@example.org,Carla\r\n"
  "dan@example.net,Dan\r\n"
  "eve@example.net,Eve\r\n";

/* Runs clean with @db (or --no-history when NULL) on @contacts and the
 * bounces in @mail, with the extra arguments @extra up to NULL, and
 * returns the cleaned file's text. */
static char *
clean_kept (Fixture    *fixture,
            CliRun     *run,
            char      **envp,
            const char *db,
            const char *contacts,
            const char *mail,
            const char *extra,
            ...)
{
  g_autofree char *output = g_build_filename (fixture->dir, "cleaned.csv", NULL);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(GStrv) argv = NULL;
  char *text = NULL;
  va_list extras;

  g_ptr_array_add (args, (gpointer) "clean");
  if (db != NULL)
    {
      g_ptr_array_add (args, (gpointer) "--db");
      g_ptr_array_add (args, (gpointer) db);
    }
  else
    g_ptr_array_add (args, (gpointer) "--no-history");
  g_ptr_array_add (args, (gpointer) "--contacts");
  g_ptr_array_add (args, (gpointer) contacts);
  g_ptr_array_add (args, (gpointer) "--bounces");
  g_ptr_array_add (args, (gpointer) mail);
  g_ptr_array_add (args, (gpointer) "--output");
  g_ptr_array_add (args, output);
  va_start (extras, extra);
  for (const char *arg = extra; arg != NULL; arg = va_arg (extras, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (extras);
  g_ptr_array_add (args, NULL);

  argv = cli_build_argv (NULL, (const char * const *) args->pdata, NULL);
  cli_spawn (run, argv, envp, NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (g_file_get_contents (output, &text, NULL, NULL));

  return text;
}

/* `clean --keep` records the address: later cleans keep the row without
 * --keep, `kept list` names it, and `kept remove` ends it and puts its
 * suppression entry back. */
static void
test_kept_later_cleans (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv", contacts_text);
  g_auto(GStrv) envp = make_envp ();
  g_auto(CliRun) run = { 0 };
  g_autofree char *cleaned = NULL;
  g_autofree char *kept_count = NULL;

  g_free (write_dsn (mail, "1.eml", "jane@example.com", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000", "a@example.com"));

  cleaned = clean_kept (fixture, &run, envp, fixture->db_path, contacts, mail, "--keep", "Jane@Example.com", NULL);
  g_assert_nonnull (strstr (cleaned, "jane@example.com,Jane"));
  kept_count = cli_dup_field (run.out, "Kept by choice:");
  g_assert_cmpstr (kept_count, ==, "1");

  /* A later clean keeps her without --keep. */
  g_clear_pointer (&cleaned, g_free);
  g_clear_pointer (&kept_count, g_free);
  cleaned = clean_kept (fixture, &run, envp, fixture->db_path, contacts, mail, NULL);
  g_assert_nonnull (strstr (cleaned, "jane@example.com,Jane"));
  kept_count = cli_dup_field (run.out, "Kept by choice:");
  g_assert_cmpstr (kept_count, ==, "1");
  /* The bounce of 2 Nov 2026 came before the choice. */
  g_assert_null (strstr (run.out, "after the choice to keep it"));

  {
    const char *args[] = { "kept", "--db", fixture->db_path, "list", NULL };

    run_cli (&run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "jane@example.com\tkept since "));
    g_assert_nonnull (strstr (run.out, ", taken off the suppression list\n"));
  }
  {
    const char *args[] = { "suppression", "--db", fixture->db_path, "list", NULL };

    run_cli (&run, args);
    g_assert_cmpstr (run.out, ==, "The suppression list is empty.\n");
  }

  {
    const char *args[] = { "kept", "--db", fixture->db_path, "remove", "jane@example.com", NULL };

    run_cli (&run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "“jane@example.com” is no longer kept, and is back on the suppression list.\n");
  }
  {
    const char *args[] = { "kept", "--db", fixture->db_path, "remove", "jane@example.com", NULL };

    run_cli (&run, args);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "“jane@example.com” is not a kept address."));
  }
  {
    const char *args[] = { "kept", "--db", fixture->db_path, "add", "not an address", NULL };

    run_cli (&run, args);
    g_assert_cmpint (run.status, ==, 2);
  }

  g_clear_pointer (&cleaned, g_free);
  cleaned = clean_kept (fixture, &run, envp, fixture->db_path, contacts, mail, NULL);
  g_assert_null (strstr (cleaned, "jane@example.com"));
  g_assert_null (strstr (run.out, "Kept by choice:"));
}

/* A kept address that hard-bounces after the choice stays kept, and the
 * summary names it. */
static void
test_kept_bounced_since (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv", contacts_text);
  g_auto(GStrv) envp = make_envp ();
  g_auto(CliRun) run = { 0 };
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *cleaned = NULL;
  g_autofree char *json_path = g_build_filename (fixture->dir, "summary.json", NULL);

  {
    const char *args[] = { "kept", "--db", fixture->db_path, "add", "jane@example.com", NULL };

    run_cli (&run, args);
    g_assert_cmpint (run.status, ==, 0);
  }
  /* The choice dates from 1 Nov 2026, the bounce from 2 Nov 2026. */
  db = open_raw (fixture->db_path);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE kept SET since = 1793491200", NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&db, sqlite3_close);
  g_free (write_dsn (mail, "1.eml", "jane@example.com", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000", "a@example.com"));

  cleaned = clean_kept (fixture, &run, envp, fixture->db_path, contacts, mail, "--json", NULL);
  g_assert_nonnull (strstr (cleaned, "jane@example.com,Jane"));
  g_assert_nonnull (strstr (run.err, "  line 2: jane@example.com hard-bounced or complained after the choice to keep it\n"));
  g_assert_nonnull (strstr (run.out, "\"rows_kept_by_choice\" : 1"));
  g_assert_nonnull (strstr (run.out, "\"rows_bounced_since_kept\" : 1"));
}

/* --no-history neither reads the kept addresses nor records those of
 * --keep, which keeps its addresses in that run only. */
static void
test_kept_no_history (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv", contacts_text);
  g_autofree char *data_home = g_build_filename (fixture->dir, "data-home", NULL);
  g_autofree char *default_db = g_build_filename (data_home, "org.example.Bounce", "history.db", NULL);
  g_auto(GStrv) envp = g_environ_setenv (make_envp (), "XDG_DATA_HOME", data_home, TRUE);
  g_auto(CliRun) run = { 0 };
  g_autofree char *cleaned = NULL;
  g_autofree char *kept_count = NULL;

  g_free (write_dsn (mail, "1.eml", "jane@example.com", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000", "a@example.com"));

  cleaned = clean_kept (fixture, &run, envp, NULL, contacts, mail, "--keep", "jane@example.com", NULL);
  g_assert_nonnull (strstr (cleaned, "jane@example.com,Jane"));
  kept_count = cli_dup_field (run.out, "Kept by choice:");
  g_assert_cmpstr (kept_count, ==, "1");
  g_assert_false (g_file_test (default_db, G_FILE_TEST_EXISTS));

  /* An address kept in the default history is not read either. */
  {
    g_auto(GStrv) argv = NULL;
    const char *args[] = { "kept", "add", "jane@example.com", NULL };

    argv = cli_build_argv (NULL, args, NULL);
    cli_spawn (&run, argv, envp, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_test (default_db, G_FILE_TEST_EXISTS));
  }
  g_clear_pointer (&cleaned, g_free);
  cleaned = clean_kept (fixture, &run, envp, NULL, contacts, mail, NULL);
  g_assert_null (strstr (cleaned, "jane@example.com"));
  g_assert_null (strstr (run.out, "Kept by choice:"));
}

/* After the app or CLI is closed, a fresh copy of the contact file loses
 * the same rows, with no bounce given. */
static void
test_clean_fresh_copy (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *empty = g_build_filename (fixture->dir, "empty", NULL);
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv", contacts_text);
  g_autofree char *copy = write_file (fixture->dir, "contacts-copy.csv", contacts_text);
  g_autofree char *kept = g_build_filename (fixture->dir, "kept.csv", NULL);
  g_autofree char *removed = g_build_filename (fixture->dir, "removed.csv", NULL);
  g_autofree char *kept_again = g_build_filename (fixture->dir, "kept-again.csv", NULL);
  g_autofree char *removed_again = g_build_filename (fixture->dir, "removed-again.csv", NULL);
  g_autofree char *kept_text = NULL;
  g_autofree char *kept_again_text = NULL;
  g_autofree char *removed_again_text = NULL;
  g_auto(CliRun) run = { 0 };

  g_free (write_dsn (mail, "1.eml", "jane@example.com", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000", "a@example.com"));
  g_free (write_dsn (mail, "2.eml", "carla@example.org", "4.2.2", "Mon, 2 Nov 2026 10:00:00 +0000", "a@example.com"));
  g_mkdir_with_parents (empty, 0700);

  {
    const char *args[] = { "clean", "--db", fixture->db_path, "--contacts", contacts, "--bounces", mail,
                           "--output", kept, "--removed", removed, NULL };

    run_cli (&run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.err, ==, "");
  }

  {
    const char *args[] = { "clean", "--db", fixture->db_path, "--contacts", copy, "--bounces", empty,
                           "--output", kept_again, "--removed", removed_again, NULL };

    g_autofree char *no_bounce = NULL;
    g_autofree char *removed_otherwise = NULL;

    run_cli (&run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "  suppression list:    1\n"));
    g_assert_nonnull (strstr (run.out, "jane@example.com: suppressed since 2 Nov 2026: hard bounce 5.1.1"));
    /* The suppressed row has no new bounce, but it is removed, so it is
     * not among the rows without a bounce. */
    no_bounce = cli_dup_field (run.out, "  No bounce");
    g_assert_cmpstr (no_bounce, ==, "3");
    removed_otherwise = cli_dup_field (run.out, "  Removed otherwise");
    g_assert_cmpstr (removed_otherwise, ==, "1");
  }

  g_assert_true (g_file_get_contents (kept, &kept_text, NULL, NULL));
  g_assert_true (g_file_get_contents (kept_again, &kept_again_text, NULL, NULL));
  g_assert_true (g_file_get_contents (removed_again, &removed_again_text, NULL, NULL));
  g_assert_cmpstr (kept_again_text, ==, kept_text);
  g_assert_cmpstr (kept_text, ==, "Email,First Name\r\ncarla@example.org,Carla\r\n"
                                  "dan@example.net,Dan\r\neve@example.net,Eve\r\n");
  g_assert_nonnull (strstr (removed_again_text, "suppressed: jane@example.com"));

  /* `contacts` counts the suppressed rows, the value in line with the
   * other fields' values. */
  {
    const char *args[] = { "contacts", "--db", fixture->db_path, copy, NULL };

    run_cli (&run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "\nRows:             4\n"));
    g_assert_nonnull (strstr (run.out, "\nSuppressed rows:  1\n"));
  }

  /* Without history the fresh copy keeps every row. */
  {
    const char *args[] = { "clean", "--no-history", "--contacts", copy, "--bounces", empty,
                           "--output", kept_again, NULL };

    run_cli (&run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_clear_pointer (&kept_again_text, g_free);
    g_assert_true (g_file_get_contents (kept_again, &kept_again_text, NULL, NULL));
    g_assert_cmpstr (kept_again_text, ==, contacts_text);
  }
}

static void
test_history_command (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_auto(CliRun) run = { 0 };
  const char *scan_args[] = { "scan", "--db", fixture->db_path, mail, NULL };
  const char *history_args[] = { "history", "--db", fixture->db_path, "Carla@Example.org", NULL };
  const char *longer_args[] = { "history", "--db", fixture->db_path, "--soft-days", "30",
                                "carla@example.org", NULL };
  const char *no_history_args[] = { "history", "--no-history", "carla@example.org", NULL };
  const char *limit_one_args[] = { "history", "--db", fixture->db_path, "--soft-limit", "1",
                                   "dan@example.net", NULL };

  g_free (write_dsn (mail, "1.eml", "carla@example.org", "4.2.2", "Mon, 2 Nov 2026 10:00:00 +0000", "a@example.com"));
  g_free (write_dsn (mail, "2.eml", "carla@example.org", "4.2.2", "Mon, 9 Nov 2026 10:00:00 +0000", "b@example.com"));
  g_free (write_dsn (mail, "3.eml", "carla@example.org", "4.2.2", "Mon, 16 Nov 2026 10:00:00 +0000", "c@example.com"));
  g_free (write_dsn (mail, "4.eml", "carla@example.org", "4.2.2", "Tue, 17 Nov 2026 10:00:00 +0000", "c@example.com"));
  g_free (write_dsn (mail, "5.eml", "dan@example.net", "4.2.2", "Mon, 2 Nov 2026 10:00:00 +0000", "d@example.com"));

  run_cli (&run, scan_args);
  g_assert_cmpint (run.status, ==, 0);

  run_cli (&run, history_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "carla@example.org\n  2026-11-02 10:00  soft"));
  g_assert_nonnull (strstr (run.out, "Soft-bounce rule: 3 soft bounces between 2 and 16 November 2026, "
                                  "so the address counts as a hard bounce"));
  g_assert_nonnull (strstr (run.out, "Suppression list: not listed."));

  run_cli (&run, longer_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Soft-bounce rule: not hard yet, 3 soft bounces"));

  /* A limit of 1 needs no span of days. */
  run_cli (&run, limit_one_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Soft-bounce rule: 1 soft bounce on 2 November 2026, "
                                  "so the address counts as a hard bounce (rule: 1 send).\n"));

  run_cli (&run, no_history_args);
  g_assert_cmpint (run.status, ==, 2);
}

/* --json gives what the text gives: the bounces as `scan --json` prints
 * them, the soft-bounce rule and the suppression list's entry. */
static void
test_history_json (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *missing_db = g_build_filename (fixture->dir, "no-such-folder", "history.db", NULL);
  g_auto(CliRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *scan_args[] = { "scan", "--db", fixture->db_path, mail, NULL };
  const char *add_args[] = { "suppression", "--db", fixture->db_path, "add", "carla@example.org", NULL };
  const char *history_args[] = { "history", "--json", "--db", fixture->db_path, "Carla@Example.org", NULL };
  const char *missing_args[] = { "history", "--json", "--db", missing_db, "carla@example.org", NULL };
  JsonObject *root;
  JsonObject *rule;
  JsonObject *suppression;
  JsonArray *bounces;

  g_free (write_dsn (mail, "1.eml", "carla@example.org", "4.2.2", "Mon, 2 Nov 2026 10:00:00 +0000", "a@example.com"));
  g_free (write_dsn (mail, "2.eml", "carla@example.org", "4.2.2", "Mon, 9 Nov 2026 10:00:00 +0000", "b@example.com"));
  g_free (write_dsn (mail, "3.eml", "carla@example.org", "4.2.2", "Mon, 16 Nov 2026 10:00:00 +0000", "c@example.com"));

  run_cli (&run, scan_args);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, add_args);
  g_assert_cmpint (run.status, ==, 0);

  run_cli (&run, history_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "address"), ==, "carla@example.org");

  bounces = json_object_get_array_member (root, "bounces");
  g_assert_cmpuint (json_array_get_length (bounces), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *bounce = json_array_get_object_element (bounces, i);

      g_assert_cmpstr (json_object_get_string_member (bounce, "recipient"), ==, "carla@example.org");
      g_assert_cmpstr (json_object_get_string_member (bounce, "category"), ==, "soft");
      g_assert_cmpstr (json_object_get_string_member (bounce, "status"), ==, "4.2.2");
    }
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (bounces, 0), "date"),
                                   "2026-11-02T10:00:00"));

  rule = json_object_get_object_member (root, "soft_bounce_rule");
  g_assert_cmpint (json_object_get_int_member (rule, "soft_limit"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (rule, "soft_days"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (rule, "sends"), ==, 3);
  g_assert_true (json_object_get_boolean_member (rule, "limit_reached"));
  g_assert_false (json_object_has_member (rule, "hard"));
  g_assert_cmpstr (json_object_get_string_member (rule, "description"), ==,
                   "3 soft bounces between 2 and 16 November 2026");

  suppression = json_object_get_object_member (root, "suppression");
  g_assert_nonnull (suppression);
  g_assert_cmpstr (json_object_get_string_member (suppression, "category"), ==, "manual");

  /* Without a history file the output is empty JSON, and no
   * file or folder is created. */
  run_cli (&run, missing_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "bounces")), ==, 0);
  g_assert_true (json_object_get_null_member (root, "suppression"));
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (root, "soft_bounce_rule"),
                                                  "limit_reached"));
  g_assert_false (g_file_test (missing_db, G_FILE_TEST_EXISTS));
}

/* A bounce whose Date header has an impossible offset keeps its
 * "date_error" through the history: in `history --json`, and in a
 * second scan and a clean that take its records from the parse cache. */
static void
test_history_date_error (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *contacts = g_build_filename (fixture->dir, "contacts.csv", NULL);
  g_auto(CliRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *scan_args[] = { "scan", "--json", "--db", fixture->db_path, mail, NULL };
  const char *history_args[] = { "history", "--json", "--db", fixture->db_path, "fay@example.org", NULL };
  const char *clean_args[] = { "clean", "--json", "--dry-run", "--db", fixture->db_path, "--contacts", contacts,
                               "--bounces", mail, NULL };
  JsonObject *root;
  JsonObject *bounce;
  JsonArray *unmatched;

  g_free (write_dsn (mail, "1.eml", "fay@example.org", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +2500", "a@example.com"));
  g_file_set_contents (contacts, contacts_text, -1, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      g_test_message ("scan %u", i + 1);
      run_cli (&run, scan_args);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
      g_assert_no_error (error);
      root = json_node_get_object (json_parser_get_root (parser));
      g_assert_true (json_object_get_null_member (root, "date"));
      g_assert_true (json_object_has_member (root, "date_error"));
    }

  run_cli (&run, history_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "bounces")), ==, 1);
  bounce = json_array_get_object_element (json_object_get_array_member (root, "bounces"), 0);
  g_assert_true (json_object_get_null_member (bounce, "date"));
  g_assert_true (json_object_has_member (bounce, "date_error"));

  run_cli (&run, clean_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  unmatched = json_object_get_array_member (root, "unmatched");
  g_assert_cmpuint (json_array_get_length (unmatched), ==, 1);
  g_assert_true (json_object_has_member (json_array_get_object_element (unmatched, 0), "date_error"));
}

/* A sending service's bounce export: the soft bounce is not imported,
 * and the entry keeps the export's date and its reason apart from the
 * file name. A search without a match is reported apart from an empty
 * list. The search looks at the addresses, in any case, and not at the
 * reason or source, as the help says. */
static void
test_suppression_import_service (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *import = write_file (fixture->dir, "service.csv",
                                        "created,email,reason,status\n"
                                        "1709546400,lena@example.com,\"550 5.1.1 No such user\",5.1.1\n"
                                        "1709546400,max@example.org,\"452 4.2.2 mailbox full\",4.2.2\n");
  g_auto(CliRun) run = { 0 };
  const char *import_args[] = { "suppression", "--db", fixture->db_path, "import", import, NULL };
  const char *list_args[] = { "suppression", "--db", fixture->db_path, "list", NULL };
  const char *search_args[] = { "suppression", "--db", fixture->db_path, "list", "zzz", NULL };
  const char *address_args[] = { "suppression", "--db", fixture->db_path, "list", "LENA@", NULL };
  const char *reason_args[] = { "suppression", "--db", fixture->db_path, "list", "5.1.1", NULL };
  const char *help_args[] = { "suppression", "--help", NULL };

  run_cli (&run, import_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "1 address added to the suppression list.\n"
                                 "1 row was not imported (listed on stderr).\n");
  g_assert_nonnull (strstr (run.err, "service.csv:3: The status “4.2.2” is not a hard bounce or a complaint"));

  run_cli (&run, list_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "lena@example.com\tsuppressed since 4 Mar 2024: "
                                "imported from service.csv (550 5.1.1 No such user)\n");

  run_cli (&run, search_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "No address contains “zzz”; the suppression list has 1 entry.\n");

  run_cli (&run, address_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "lena@example.com\t"));

  run_cli (&run, reason_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "No address contains “5.1.1”; the suppression list has 1 entry.\n");

  run_cli (&run, help_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "with SEARCH only those whose address contains it, in upper or lower case; "
                                     "the reason and source are not searched."));
}

/* `history` of a kept address dates the keep, not the older bounce,
 * and states that clean keeps the row; --json gives a "kept" object. */
static void
test_history_kept_address (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = bounce_history_dup_date (g_date_time_to_unix (now));
  g_autofree char *kept_line = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  const char *keep_args[] = { "kept", "--db", fixture->db_path, "add", "keep@example.com", NULL };
  const char *scan_args[] = { "scan", "--db", fixture->db_path, mail, NULL };
  const char *history_args[] = { "history", "--db", fixture->db_path, "keep@example.com", NULL };
  const char *json_args[] = { "history", "--db", fixture->db_path, "--json", "keep@example.com", NULL };
  JsonObject *root;
  JsonObject *kept;

  g_free (write_dsn (mail, "1.eml", "keep@example.com", "5.1.1", "Tue, 10 Nov 2026 09:05:00 +0000",
                     "a@example.com"));

  run_cli (&run, keep_args);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, scan_args);
  g_assert_cmpint (run.status, ==, 0);

  run_cli (&run, history_args);
  g_assert_cmpint (run.status, ==, 0);
  kept_line = g_strdup_printf ("Kept by your choice since %s: clean keeps the row whatever bounced; "
                               "“bounce-cli kept remove keep@example.com” stops keeping it.\n", today);
  g_assert_nonnull (strstr (run.out, kept_line));
  g_assert_nonnull (strstr (run.out, "Suppression list: not listed while the address is kept.\n"));
  g_assert_null (strstr (run.out, "taken off by hand"));
  g_assert_null (strstr (run.out, "still removes the row"));

  run_cli (&run, json_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  kept = json_object_get_object_member (root, "kept");
  g_assert_nonnull (kept);
  g_assert_true (json_object_has_member (kept, "since"));
}

/* An undated import of a kept address does not list it and says so,
 * naming the address and the command that stops keeping it. */
static void
test_suppression_import_kept (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *import = write_file (fixture->dir, "unsubscribed.csv",
                                        "email,reason\nkeep.me@example.com,unsubscribed\n");
  g_auto(CliRun) run = { 0 };
  const char *keep_args[] = { "kept", "--db", fixture->db_path, "add", "keep.me@example.com", NULL };
  const char *import_args[] = { "suppression", "--db", fixture->db_path, "import", import, NULL };
  const char *list_args[] = { "suppression", "--db", fixture->db_path, "list", NULL };

  run_cli (&run, keep_args);
  g_assert_cmpint (run.status, ==, 0);

  run_cli (&run, import_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "0 addresses added to the suppression list.\n"
                                 "1 row was not imported (listed on stderr).\n"
                                 "Kept addresses were not added; “bounce-cli kept remove ADDRESS” stops keeping "
                                 "one and puts it on the suppression list.\n");
  g_assert_nonnull (strstr (run.err, "unsubscribed.csv:2: “keep.me@example.com” is kept by your choice"));

  run_cli (&run, list_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "The suppression list is empty.\n");
}

/* An export imported into another history gives the same entries, one
 * dated before 1970 (a negative Unix time) included, where the import
 * used to date it today. */
static void
test_suppression_round_trip_before_1970 (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *export = g_build_filename (fixture->dir, "export.csv", NULL);
  g_autofree char *other_db = g_build_filename (fixture->dir, "other.db", NULL);
  g_autofree char *first_list = NULL;
  g_autofree char *exported = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  const char *scan_args[] = { "scan", "--db", fixture->db_path, mail, NULL };
  const char *list_args[] = { "suppression", "--db", fixture->db_path, "list", NULL };
  const char *export_args[] = { "suppression", "--db", fixture->db_path, "export", export, NULL };
  const char *import_args[] = { "suppression", "--db", other_db, "import", export, NULL };
  const char *other_list_args[] = { "suppression", "--db", other_db, "list", NULL };

  g_free (write_dsn (mail, "1.eml", "old.timer@example.com", "5.1.1", "Mon, 1 Dec 1969 10:00:00 +0100",
                     "a@example.com"));
  g_free (write_dsn (mail, "2.eml", "jane@example.com", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000",
                     "b@example.com"));
  run_cli (&run, scan_args);
  g_assert_cmpint (run.status, ==, 0);

  run_cli (&run, list_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "jane@example.com\tsuppressed since 2 Nov 2026: hard bounce 5.1.1\n"
                                "old.timer@example.com\tsuppressed since 1 Dec 1969: hard bounce 5.1.1\n");
  first_list = g_strdup (run.out);

  run_cli (&run, export_args);
  g_assert_cmpint (run.status, ==, 0);
  g_file_get_contents (export, &exported, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (exported, "old.timer@example.com,hard,5.1.1,1969-12-01T09:00:00Z,"));

  run_cli (&run, import_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  run_cli (&run, other_list_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, first_list);
}

/* An address from a bounce that starts with "=", "+", "-" or "@" is
 * exported with an apostrophe before it, so that a spreadsheet shows it
 * as text and does not run it as a formula. The import drops the
 * apostrophe again. */
static void
test_suppression_export_formula (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *export = g_build_filename (fixture->dir, "export.csv", NULL);
  g_autofree char *other_db = g_build_filename (fixture->dir, "other.db", NULL);
  g_autofree char *first_list = NULL;
  g_autofree char *exported = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  const char *scan_args[] = { "scan", "--db", fixture->db_path, mail, NULL };
  const char *list_args[] = { "suppression", "--db", fixture->db_path, "list", NULL };
  const char *export_args[] = { "suppression", "--db", fixture->db_path, "export", export, NULL };
  const char *import_args[] = { "suppression", "--db", other_db, "import", export, NULL };
  const char *other_list_args[] = { "suppression", "--db", other_db, "list", NULL };

  g_free (write_dsn (mail, "1.eml", "=2+5+cmd|'/Ccalc'!A0@example.net", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000",
                     "a@example.com"));
  g_free (write_dsn (mail, "2.eml", "+1-1@example.net", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000",
                     "b@example.com"));
  run_cli (&run, scan_args);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, list_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "=2+5+cmd|'/ccalc'!a0@example.net\t"));
  first_list = g_strdup (run.out);

  run_cli (&run, export_args);
  g_assert_cmpint (run.status, ==, 0);
  g_file_get_contents (export, &exported, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (exported, "\r\n'=2+5+cmd|'/ccalc'!a0@example.net,hard,5.1.1,"));
  g_assert_nonnull (strstr (exported, "\r\n'+1-1@example.net,hard,5.1.1,"));
  g_assert_null (strstr (exported, "\n="));
  g_assert_null (strstr (exported, "\n+"));

  run_cli (&run, import_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  run_cli (&run, other_list_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, first_list);
}

/* Two address columns that are a close call stop the import with exit
 * status 2 and the names of both, as clean does, because a guess can
 * suppress the colleagues of "Reported By" in place of the bounced
 * addresses. --email-column chooses, by name or number. */
static void
test_suppression_import_close_call (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *import = write_file (fixture->dir, "reported.csv",
                                        "Bounced Address,Reported By\n"
                                        "jane@example.com,ops1@example.org\n"
                                        "bob@example.com,ops1@example.org\n"
                                        "carl@example.com,ops2@example.org\n"
                                        ",ops2@example.org\n"
                                        "dan@example.com,ops1@example.org\n");
  g_auto(CliRun) run = { 0 };
  const char *import_args[] = { "suppression", "--db", fixture->db_path, "import", import, NULL };
  const char *by_name_args[] = { "suppression", "--db", fixture->db_path, "--email-column", "Bounced Address",
                                 "import", import, NULL };
  const char *by_number_args[] = { "suppression", "--db", fixture->db_path, "--email-column", "2",
                                   "import", import, NULL };
  const char *list_args[] = { "suppression", "--db", fixture->db_path, "list", NULL };
  const char *list_column_args[] = { "suppression", "--db", fixture->db_path, "--email-column", "1", "list", NULL };

  run_cli (&run, import_args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "1 “Bounced Address”, 2 “Reported By”"));
  g_assert_nonnull (strstr (run.err, "--email-column"));

  /* Nothing was imported. */
  run_cli (&run, list_args);
  g_assert_null (strstr (run.out, "@example"));

  run_cli (&run, by_name_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "4 addresses added to the suppression list.\n"
                                 "1 row was not imported (listed on stderr).\n");
  g_assert_nonnull (strstr (run.err, "reported.csv:5: This row has no valid email address"));

  run_cli (&run, list_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "jane@example.com\t"));
  g_assert_nonnull (strstr (run.out, "dan@example.com\t"));
  g_assert_null (strstr (run.out, "ops1@example.org"));
  g_assert_null (strstr (run.out, "ops2@example.org"));

  /* A number chooses the other column. */
  run_cli (&run, by_number_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "2 addresses added to the suppression list.\n"
                                 "3 rows were not imported (listed on stderr).\n");

  /* The contact-file options belong to import only. */
  run_cli (&run, list_column_args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "apply only to import"));
}

/* A bare reply code in the status column counts as `explain` prints it:
 * 550 is a hard bounce unless the reason states a soft or blocked cause,
 * 554 alone is blocked, and 4xx is soft. */
static void
test_suppression_import_reply_code (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *import = write_file (fixture->dir, "codes.csv",
                                        "email,created,status,reason\n"
                                        "ana@example.com,2026-11-23,550,\"550 Requested action not taken: mailbox unavailable\"\n"
                                        "ben@example.com,2026-11-23,554,\n"
                                        "cid@example.com,2026-11-23,550,\"550 Message rejected as spam\"\n"
                                        "dee@example.com,2026-11-23,421,\"421 Try again later\"\n"
                                        "eli@example.com,2026-11-23,450,\n"
                                        "fay@example.com,2026-11-23,5.0.0,\"550 5.0.0 unknown\"\n");
  g_auto(CliRun) run = { 0 };
  const char *import_args[] = { "suppression", "--db", fixture->db_path, "import", import, NULL };
  const char *list_args[] = { "suppression", "--db", fixture->db_path, "list", NULL };

  run_cli (&run, import_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "2 addresses added to the suppression list.\n"
                                 "4 rows were not imported (listed on stderr).\n");
  g_assert_null (strstr (run.err, "codes.csv:2:"));
  g_assert_nonnull (strstr (run.err, "codes.csv:3: The status “554” is not a hard bounce or a complaint"));
  g_assert_nonnull (strstr (run.err, "codes.csv:4: The status “550” is not a hard bounce or a complaint"));
  g_assert_nonnull (strstr (run.err, "codes.csv:5: The status “421” is not a hard bounce or a complaint"));
  g_assert_nonnull (strstr (run.err, "codes.csv:6: The status “450” is not a hard bounce or a complaint"));
  g_assert_null (strstr (run.err, "codes.csv:7:"));

  run_cli (&run, list_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==,
                   "ana@example.com\tsuppressed since 23 Nov 2026: imported from codes.csv "
                   "(550 Requested action not taken: mailbox unavailable)\n"
                   "fay@example.com\tsuppressed since 23 Nov 2026: imported from codes.csv (550 5.0.0 unknown)\n");
}

/* Mailchimp's exports put OPTIN_TIME and CONFIRM_TIME, the dates of the
 * subscription, before CLEAN_TIME. An entry of its cleaned export is
 * dated by CLEAN_TIME, and a file with only the subscription dates is
 * dated the day of the import, never by the opt-in. So is a date with
 * slashes, which may be day first or month first. */
static void
test_suppression_import_mailchimp_dates (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autofree char *cleaned = write_file (fixture->dir, "cleaned.csv",
                                         "Email Address,First Name,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,"
                                         "CONFIRM_TIME,CONFIRM_IP,LAST_CHANGED,NOTES,CLEAN_TIME,CLEAN_CAMPAIGN_TITLE\n"
                                         "ana@example.com,Ana,2,2021-03-04 09:15:00,,2021-03-04 09:20:00,,"
                                         "2026-11-20 08:00:00,,2026-11-20 08:00:00,Winter sale\n");
  g_autofree char *subscribed = write_file (fixture->dir, "subscribed.csv",
                                            "Email Address,OPTIN_TIME,CONFIRM_TIME\n"
                                            "ben@example.org,2021-03-04 09:15:00,2021-03-04 09:20:00\n");
  g_autofree char *slashes = write_file (fixture->dir, "slashes.csv",
                                         "email,created,reason\n"
                                         "cid@example.net,03/04/2021 10:00,unsubscribed\n");
  const char *cleaned_args[] = { "suppression", "--db", fixture->db_path, "import", cleaned, NULL };
  const char *subscribed_args[] = { "suppression", "--db", fixture->db_path, "import", "--contact-list", subscribed,
                                    NULL };
  const char *slashes_args[] = { "suppression", "--db", fixture->db_path, "import", slashes, NULL };
  const char *list_args[] = { "suppression", "--db", fixture->db_path, "list", NULL };
  g_auto(CliRun) run = { 0 };

  run_cli (&run, cleaned_args);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, subscribed_args);
  g_assert_cmpint (run.status, ==, 0);

  /* Day first or month first: the date is named, not guessed. */
  run_cli (&run, slashes_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "slashes.csv:2: The date “03/04/2021 10:00” could not be read"));

  run_cli (&run, list_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "ana@example.com\tsuppressed since 20 Nov 2026: imported from cleaned.csv\n"));
  g_assert_nonnull (strstr (run.out, "ben@example.org\tsuppressed since "));
  g_assert_null (strstr (run.out, "2021"));
}

/* A subscriber export, with names beside the addresses and no column
 * that says why they are suppressed, stops with exit status 2 and
 * imports nothing until --contact-list confirms it. A file with an
 * unsubscribe column, or with addresses alone, is imported at once. */
static void
test_suppression_import_contact_list (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autofree char *subscribers = write_file (fixture->dir, "subscribers.csv",
                                             "Email Address,First Name,Last Name,Postal Code\n"
                                             "ana@example.com,Ana,Example,10115\n"
                                             "ben@example.org,Ben,Example,75001\n");
  g_autofree char *unsubscribed = write_file (fixture->dir, "unsubscribed.csv",
                                              "Email Address,First Name,UNSUB_TIME\n"
                                              "cid@example.net,Cid,2026-11-02 10:00:00\n");
  g_autofree char *addresses = write_file (fixture->dir, "addresses.csv", "email\ndee@example.com\n");
  g_auto(CliRun) run = { 0 };
  const char *import_args[] = { "suppression", "--db", fixture->db_path, "import", subscribers, NULL };
  const char *confirmed_args[] = { "suppression", "--db", fixture->db_path, "--contact-list",
                                   "import", subscribers, NULL };
  const char *unsubscribed_args[] = { "suppression", "--db", fixture->db_path, "import", unsubscribed, NULL };
  const char *addresses_args[] = { "suppression", "--db", fixture->db_path, "import", addresses, NULL };
  const char *list_args[] = { "suppression", "--db", fixture->db_path, "list", NULL };
  const char *misplaced_args[] = { "suppression", "--db", fixture->db_path, "--contact-list", "list", NULL };

  run_cli (&run, import_args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "subscribers.csv” looks like a contact list, not a suppression list"));
  g_assert_nonnull (strstr (run.err, "add --contact-list"));

  run_cli (&run, list_args);
  g_assert_null (strstr (run.out, "@example"));

  run_cli (&run, confirmed_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "2 addresses added to the suppression list.\n");

  run_cli (&run, unsubscribed_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "1 address added to the suppression list.\n");

  run_cli (&run, addresses_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "1 address added to the suppression list.\n");

  run_cli (&run, list_args);
  g_assert_nonnull (strstr (run.out, "ana@example.com\t"));
  g_assert_nonnull (strstr (run.out, "ben@example.org\t"));
  g_assert_nonnull (strstr (run.out, "cid@example.net\t"));
  g_assert_nonnull (strstr (run.out, "dee@example.com\t"));

  /* The flag belongs to import only. */
  run_cli (&run, misplaced_args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--contact-list applies only to import"));
}

/* A date that cannot be read is named with its line, and the entry is
 * dated today, as an entry without a date column is. */
static void
test_suppression_import_bad_date (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *import = write_file (fixture->dir, "dates.csv",
                                        "email,created,status\n"
                                        "ana@example.com,2026-11-20 08:15:00,5.1.1\n"
                                        "ben@example.com,2026-13-45 99:99:99,5.1.1\n"
                                        "cid@example.com,,5.1.1\n");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%-d %b %Y");
  g_autofree char *ben_line = g_strdup_printf ("ben@example.com\tsuppressed since %s: imported from dates.csv\n", today);
  g_autofree char *cid_line = g_strdup_printf ("cid@example.com\tsuppressed since %s: imported from dates.csv\n", today);
  g_auto(CliRun) run = { 0 };
  const char *import_args[] = { "suppression", "--db", fixture->db_path, "import", import, NULL };
  const char *list_args[] = { "suppression", "--db", fixture->db_path, "list", NULL };

  run_cli (&run, import_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "3 addresses added to the suppression list.\n");
  g_assert_true (g_str_has_suffix (run.err, "/dates.csv:3: The date “2026-13-45 99:99:99” could not be read, "
                                             "so this entry is dated today.\n"));
  g_assert_cmpint (strchr (run.err, '\n') - run.err, ==, strlen (run.err) - 1);

  run_cli (&run, list_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "ana@example.com\tsuppressed since 20 Nov 2026: imported from dates.csv\n"));
  g_assert_nonnull (strstr (run.out, ben_line));
  g_assert_nonnull (strstr (run.out, cid_line));
}

/* history --json gives each bounce of an mbox as `scan --json` prints
 * it: its action, server text and host, its offset in the mbox and an
 * RFC 3339 date. The text names the message by its number, as scan does. */
static void
test_history_json_mbox (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *first = dsn_fixture_new_with_reply ("carla@example.org", "4.2.2", "452 4.2.2 Mailbox full",
                                                       "mx.example.org", "Mon, 2 Nov 2026 10:00:00 -0800",
                                                       "a@example.com");
  g_autofree char *second = dsn_fixture_new_with_reply ("carla@example.org", "5.1.1", "550 5.1.1 User unknown",
                                                        "mx.example.org", "Mon, 9 Nov 2026 10:00:00 +0000",
                                                        "b@example.com");
  g_autofree char *mbox_text = g_strconcat ("From MAILER-DAEMON Mon Nov  2 10:00:00 2026\n", first, "\n",
                                            "From MAILER-DAEMON Mon Nov  9 10:00:00 2026\n", second, "\n", NULL);
  g_autofree char *mbox = write_file (fixture->dir, "campaigns.mbox", mbox_text);
  g_auto(CliRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) scan_lines = NULL;
  const char *scan_args[] = { "scan", "--json", "--db", fixture->db_path, mbox, NULL };
  const char *history_args[] = { "history", "--json", "--db", fixture->db_path, "carla@example.org", NULL };
  const char *text_args[] = { "history", "--db", fixture->db_path, "carla@example.org", NULL };
  g_autofree char *numbered = g_strconcat (mbox, "#2", NULL);
  JsonArray *bounces;

  run_cli (&run, scan_args);
  g_assert_cmpint (run.status, ==, 0);
  scan_lines = g_strsplit (run.out, "\n", -1);
  g_assert_nonnull (strstr (run.out, "\"date\":\"2026-11-02T10:00:00-08:00\""));

  run_cli (&run, history_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  bounces = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "bounces");
  g_assert_cmpuint (json_array_get_length (bounces), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *bounce = json_array_get_object_element (bounces, i);
      g_autofree char *line = json_to_string (json_array_get_element (bounces, i), FALSE);

      g_test_message ("%s", line);
      g_assert_cmpstr (json_object_get_string_member (bounce, "action"), ==, "failed");
      g_assert_cmpstr (json_object_get_string_member (bounce, "remote_mta"), ==, "mx.example.org");
      g_assert_true (json_object_has_member (bounce, "offset"));
      g_assert_true (g_strv_contains ((const char * const *) scan_lines, line));
    }

  run_cli (&run, text_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, numbered));
}

static void
test_suppression_command (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *import = write_file (fixture->dir, "other-tool.csv",
                                        "email,reason\nbob@example.org,unsubscribed\n"
                                        "Bob@example.org,again\nno address,spam\n");
  g_autofree char *export = g_build_filename (fixture->dir, "export.csv", NULL);
  g_autofree char *fifo = g_build_filename (fixture->dir, "pipe.csv", NULL);
  g_autofree char *exported = NULL;
  g_auto(CliRun) run = { 0 };
  const char *scan_args[] = { "scan", "--db", fixture->db_path, mail, NULL };
  const char *list_args[] = { "suppression", "--db", fixture->db_path, "list", NULL };
  const char *search_args[] = { "suppression", "--db", fixture->db_path, "list", "bob", NULL };
  const char *import_args[] = { "suppression", "--db", fixture->db_path, "import", import, NULL };
  const char *fifo_args[] = { "suppression", "--db", fixture->db_path, "import", fifo, NULL };
  const char *export_args[] = { "suppression", "--db", fixture->db_path, "export", export, NULL };
  const char *remove_args[] = { "suppression", "--db", fixture->db_path, "remove", "jane@example.com", NULL };
  const char *restore_args[] = { "suppression", "--db", fixture->db_path, "restore", "jane@example.com", NULL };
  const char *unknown_args[] = { "suppression", "--db", fixture->db_path, "remove", "nobody@example.com", NULL };
  const char *bad_action[] = { "suppression", "--db", fixture->db_path, "purge", NULL };
  const char *add_args[] = { "suppression", "--db", fixture->db_path, "add", "Dan <Dan@Example.net>", NULL };
  const char *search_dan_args[] = { "suppression", "--db", fixture->db_path, "list", "dan", NULL };
  const char *bad_add_args[] = { "suppression", "--db", fixture->db_path, "add", "not-an-address", NULL };
  const char *bad_history_args[] = { "history", "--db", fixture->db_path, "not-an-address", NULL };
  const char *history_args[] = { "history", "--db", fixture->db_path, "jane@example.com", NULL };

  g_free (write_dsn (mail, "1.eml", "jane@example.com", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000", "a@example.com"));
  run_cli (&run, scan_args);
  g_assert_cmpint (run.status, ==, 0);

  run_cli (&run, list_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "jane@example.com\tsuppressed since 2 Nov 2026: hard bounce 5.1.1\n");

  /* A pipe is rejected at once rather than read until a writer comes. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  run_cli (&run, fifo_args);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "is not a regular file"));

  run_cli (&run, import_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "1 address added to the suppression list.\n"
                                 "2 rows were not imported (listed on stderr).\n");
  g_assert_nonnull (strstr (run.err, "other-tool.csv:3: This address is also on line 2, so this row was not imported."));
  g_assert_nonnull (strstr (run.err, "other-tool.csv:4: This row has no valid email address, so it was not imported."));

  run_cli (&run, search_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "bob@example.org\tsuppressed since "));
  g_assert_true (g_str_has_suffix (run.out, ": imported from other-tool.csv (unsubscribed)\n"));

  run_cli (&run, remove_args);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, list_args);
  g_assert_null (strstr (run.out, "jane@example.com"));

  /* history reports that a person took the address off, and that its hard
   * bounce still removes the row in a clean. */
  run_cli (&run, history_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\nSuppression list: not listed, taken off by hand on "));
  g_assert_nonnull (strstr (run.out, "A hard bounce among the bounces given to clean still removes the row.\n"));

  run_cli (&run, restore_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Restored “jane@example.com” to the suppression list; "
                                "“bounce-cli suppression remove jane@example.com” takes it off again.\n");
  run_cli (&run, list_args);
  g_assert_nonnull (strstr (run.out, "jane@example.com"));

  /* The output names the stored address, which a shell can use as it is. */
  run_cli (&run, add_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "“dan@example.net” is on the suppression list; "
                                "“bounce-cli suppression remove dan@example.net” takes it off.\n");
  run_cli (&run, search_dan_args);
  g_assert_true (g_str_has_suffix (run.out, ": added by hand\n"));

  /* A bad address is bad usage in add as in history. */
  run_cli (&run, bad_add_args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "“not-an-address” is not an email address"));
  run_cli (&run, bad_history_args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "“not-an-address” is not an email address"));

  run_cli (&run, export_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (export, &exported, NULL, NULL));
  g_assert_true (g_str_has_prefix (exported, "address,category,reason,since,source\r\n"
                                             "bob@example.org,imported,unsubscribed,"));
  g_assert_nonnull (strstr (exported, "\r\njane@example.com,hard,5.1.1,2026-11-02T10:00:00Z,"));

  run_cli (&run, unknown_args);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "“nobody@example.com” is not on the suppression list."));

  run_cli (&run, bad_action);
  g_assert_cmpint (run.status, ==, 2);
}

/* A mailing sent with the customers in Bcc has the sender's own address
 * in To. A bounce that names no failed address, and a complaint whose
 * report leaves the recipient out, are then for a hidden recipient: the
 * sender's own row stays and its address is not suppressed. */
static void
test_clean_bcc_sender_kept (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *notice = g_test_build_filename (G_TEST_DIST, "data", "messages", "input",
                                                   "text-bcc-send-own-to.eml", NULL);
  g_autofree char *report = g_test_build_filename (G_TEST_DIST, "data", "messages", "input",
                                                   "arf-bcc-send-own-to.eml", NULL);
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv",
                                          "email\nletters@shop.example.com\nnews@example.org\ngreta.lind@example.org\n");
  g_autofree char *kept = g_build_filename (fixture->dir, "kept.csv", NULL);
  g_autofree char *removed = g_build_filename (fixture->dir, "removed.csv", NULL);
  g_autofree char *removed_text = NULL;
  g_auto(CliRun) run = { 0 };
  const char *clean_args[] = { "clean", "--db", fixture->db_path, "--contacts", contacts, "--bounces", notice,
                               "--bounces", report, "--output", kept, "--removed", removed, NULL };
  const char *list_args[] = { "suppression", "--db", fixture->db_path, "list", NULL };

  run_cli (&run, clean_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Rows removed:          0\n"));
  g_assert_nonnull (strstr (run.out, "Unmatched bounces:     2\n"));
  g_assert_true (g_file_get_contents (removed, &removed_text, NULL, NULL));
  g_assert_cmpstr (removed_text, ==, "email,bounce_removal_reason\n");

  run_cli (&run, list_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "The suppression list is empty.\n");
}

/* An export to a pipe, to a link to one or to "-" is rejected with exit
 * status 2, before and after the first scan, and the pipe stays a pipe. */
static void
test_suppression_special_export (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *fifo = g_build_filename (fixture->dir, "pipe.csv", NULL);
  g_autofree char *fifo_link = g_build_filename (fixture->dir, "pipe-link.csv", NULL);
  g_autofree char *dash = g_build_filename (fixture->dir, "-", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  const char *scan_args[] = { "scan", "--db", fixture->db_path, mail, NULL };
  const char *targets[] = { fifo, fifo_link, "-" };
  const char *messages[] = { "is a pipe (FIFO), not a regular file", "is a pipe (FIFO), not a regular file",
                             "standard output is not supported" };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink (fifo, fifo_link), ==, 0);
  g_free (write_dsn (mail, "1.eml", "jane@example.com", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000", "a@example.com"));

  /* "-" is a relative name, so the runs start in the test's folder. */
  g_assert_cmpint (g_chdir (fixture->dir), ==, 0);
  for (guint scanned = 0; scanned < 2; scanned++)
    {
      if (scanned == 1)
        {
          g_auto(CliRun) scan = { 0 };

          run_cli (&scan, scan_args);
          g_assert_cmpint (scan.status, ==, 0);
        }

      for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
        {
          const char *args[] = { "suppression", "--db", fixture->db_path, "export", targets[i], NULL };
          g_auto(CliRun) run = { 0 };
          GStatBuf info;

          run_cli (&run, args);
          g_assert_cmpint (run.status, ==, 2);
          g_assert_nonnull (strstr (run.err, targets[i]));
          g_assert_nonnull (strstr (run.err, messages[i]));
          /* The export is the command's only output, so leaving it out
           * is no advice. */
          g_assert_null (strstr (run.err, "leave this output out"));
          if (i < 2)
            g_assert_true (g_str_has_suffix (run.err, "Choose a regular file name.\n"));
          g_assert_cmpstr (run.out, ==, "");
          g_assert_cmpint (g_lstat (fifo, &info), ==, 0);
          g_assert_true (S_ISFIFO (info.st_mode));
          g_assert_cmpint (g_lstat (fifo_link, &info), ==, 0);
          g_assert_true (S_ISLNK (info.st_mode));
          g_assert_false (g_file_test (dash, G_FILE_TEST_EXISTS));
        }
    }
  g_assert_cmpint (g_chdir (cwd), ==, 0);
}

/* The "bounce-cli suppression: " before an error is translated as the
 * error is, so French puts its space before the colon. */
static void
test_suppression_translated_error (Fixture       *fixture,
                                   gconstpointer  data)
{
  const char *args[] = { "suppression", "--db", fixture->db_path, "export", "-", NULL };
  g_auto(CliRun) run = { 0 };

  cli_run_translated (&run, "fr", args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_true (g_str_has_prefix (run.err, "bounce-cli suppression : "));
  g_assert_cmpstr (run.out, ==, "");
}

/* Commands that only read the history create no file or folder when --db
 * names none. A command that writes still creates it. */
static void
test_read_only_missing_db (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "no-such-folder", NULL);
  g_autofree char *db = g_build_filename (folder, "history.db", NULL);
  g_autofree char *export = g_build_filename (fixture->dir, "export.csv", NULL);
  g_autofree char *expected = g_strdup_printf ("No history at %s.\n", db);
  const char *list_args[] = { "suppression", "--db", db, "list", NULL };
  const char *export_args[] = { "suppression", "--db", db, "export", export, NULL };
  const char *history_args[] = { "history", "--db", db, "jane@example.com", NULL };
  const char *add_args[] = { "suppression", "--db", db, "add", "jane@example.com", NULL };
  const char * const *cases[] = { list_args, history_args };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(CliRun) run = { 0 };

      run_cli (&run, cases[i]);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_cmpstr (run.out, ==, expected);
      g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
    }

  /* An export still writes its file, with the header line alone. */
  {
    g_auto(CliRun) run = { 0 };
    g_autofree char *exported = NULL;
    g_autofree char *expected_out = g_strdup_printf ("No history yet: wrote an empty list to “%s”.\n", export);

    run_cli (&run, export_args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, expected_out);
    g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_get_contents (export, &exported, NULL, NULL));
    g_assert_cmpstr (exported, ==, "address,category,reason,since,source\r\n");
  }

  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, add_args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
  }
}

/* A history that cannot be written leaves the cleaned file as it would
 * be without history. */
static void
test_unwritable_history (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv", contacts_text);
  g_autofree char *blocker = write_file (fixture->dir, "blocker", "not a folder\n");
  g_autofree char *bad_db = g_build_filename (blocker, "history.db", NULL);
  g_autofree char *kept = g_build_filename (fixture->dir, "kept.csv", NULL);
  g_autofree char *plain = g_build_filename (fixture->dir, "plain.csv", NULL);
  g_autofree char *kept_text = NULL;
  g_autofree char *plain_text = NULL;
  g_auto(CliRun) run = { 0 };
  const char *args[] = { "clean", "--db", bad_db, "--contacts", contacts, "--bounces", mail,
                         "--output", kept, NULL };
  const char *plain_args[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", mail,
                               "--output", plain, NULL };

  g_free (write_dsn (mail, "1.eml", "jane@example.com", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000", "a@example.com"));

  run_cli (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.err, "bounce-cli clean: warning: Could not create the folder"));
  g_assert_nonnull (strstr (run.err, "The command goes on without history."));
  g_assert_nonnull (strstr (run.err, "--no-history"));

  run_cli (&run, plain_args);
  g_assert_cmpint (run.status, ==, 0);

  g_assert_true (g_file_get_contents (kept, &kept_text, NULL, NULL));
  g_assert_true (g_file_get_contents (plain, &plain_text, NULL, NULL));
  g_assert_cmpstr (kept_text, ==, plain_text);
  g_assert_null (strstr (kept_text, "jane@example.com"));
}

/* The shell script that mounts the folder $0 read-only over itself and
 * runs the command after it, in a mount namespace of its own. */
static const char read_only_script[] =
  "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && exec \"$@\"";

/* Returns the start of a command line that runs a command with @folder
 * read-only, as on a read-only file system: `unshare` with a user
 * namespace where the kernel allows one, else as root. NULL when
 * neither may mount. */
static GStrv
dup_read_only_prefix (const char *folder)
{
  static const char * const variants[][4] = {
    { "unshare", "--mount", "--map-root-user", NULL },
    { "unshare", "--mount", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) probe = NULL;
      int status = -1;

      g_strv_builder_addv (builder, (const char **) variants[i]);
      g_strv_builder_add_many (builder, "sh", "-c", read_only_script, folder, NULL);
      probe = g_strv_builder_end (builder);
      {
        g_autoptr(GStrvBuilder) probe_builder = g_strv_builder_new ();
        g_auto(GStrv) argv = NULL;

        g_strv_builder_addv (probe_builder, (const char **) probe);
        g_strv_builder_add (probe_builder, "true");
        argv = g_strv_builder_end (probe_builder);
        if (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                          G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) &&
            g_spawn_check_wait_status (status, NULL))
          return g_steal_pointer (&probe);
      }
    }

  return NULL;
}

/* Runs bounce-cli with @args after @prefix from dup_read_only_prefix(). */
static void
run_cli_read_only (CliRun             *run,
                   const char * const *prefix,
                   const char * const *args)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) cli_argv = cli_build_argv (NULL, args, NULL);
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) envp = make_envp ();
  g_autofree char *path = NULL;

  g_strv_builder_addv (builder, (const char **) prefix);
  g_strv_builder_addv (builder, (const char **) cli_argv);
  argv = g_strv_builder_end (builder);
  /* cli_spawn() runs argv[0] as given, so unshare needs its full path. */
  path = g_find_program_in_path (argv[0]);
  g_assert_nonnull (path);
  g_free (argv[0]);
  argv[0] = g_steal_pointer (&path);

  cli_spawn (run, argv, envp, NULL);
}

/* A history on a read-only file system is read by the commands that only
 * read, with one warning, while a command that writes keeps its refusal.
 * A file whose schema needs an update cannot be read there. */
static void
test_read_only_file_system (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *folder = g_build_filename (fixture->dir, "read-only", NULL);
  g_autofree char *db = g_build_filename (folder, "history.db", NULL);
  g_autofree char *old_db = g_build_filename (folder, "old.db", NULL);
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv", contacts_text);
  g_autofree char *output = g_build_filename (fixture->dir, "cleaned.csv", NULL);
  g_auto(GStrv) prefix = NULL;
  g_auto(CliRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  const char *scan_args[] = { "scan", "--db", db, mail, NULL };
  const char *list_args[] = { "suppression", "--db", db, "list", NULL };
  const char *history_args[] = { "history", "--db", db, "jane@example.com", NULL };
  const char *add_args[] = { "suppression", "--db", db, "add", "dan@example.net", NULL };
  const char *clean_args[] = { "clean", "--db", db, "--contacts", contacts, "--output", output, NULL };
  const char *old_args[] = { "suppression", "--db", old_db, "list", NULL };
  const char *warning = "The history database was opened read-only, so nothing will be recorded.";

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_free (write_dsn (mail, "1.eml", "jane@example.com", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000", "a@example.com"));
  run_cli (&run, scan_args);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autoptr(BounceHistory) old = _bounce_history_open_at_version (old_db,
                                                                    _bounce_history_get_latest_schema_version () - 1,
                                                                    &error);

    g_assert_no_error (error);
  }

  prefix = dup_read_only_prefix (folder);
  if (prefix == NULL)
    {
      g_test_skip ("unshare may not mount a folder read-only here");
      return;
    }

  run_cli_read_only (&run, (const char * const *) prefix, list_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "jane@example.com\tsuppressed since 2 Nov 2026: hard bounce 5.1.1\n");
  g_assert_nonnull (strstr (run.err, "for writing: Read-only file system"));
  g_assert_nonnull (strstr (run.err, "copy it to a folder that can be written"));
  g_assert_nonnull (strstr (run.err, warning));
  g_assert_null (strstr (strstr (run.err, warning) + 1, warning));
  g_assert_null (strstr (run.err, "Could not create"));

  run_cli_read_only (&run, (const char * const *) prefix, history_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Suppression list: suppressed since 2 Nov 2026"));
  g_assert_nonnull (strstr (run.err, warning));

  run_cli_read_only (&run, (const char * const *) prefix, add_args);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "for writing: Read-only file system"));
  g_assert_null (strstr (run.err, warning));

  /* clean reads the suppression list as the app does, and a scan with
   * the read-only history records nothing and prints one warning. */
  run_cli_read_only (&run, (const char * const *) prefix, clean_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, warning));
  g_assert_null (strstr (run.err, "goes on without history"));
  {
    g_autofree char *cleaned = NULL;

    g_file_get_contents (output, &cleaned, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (cleaned, ==, "Email,First Name\r\ncarla@example.org,Carla\r\ndan@example.net,Dan\r\n"
                                  "eve@example.net,Eve\r\n");
  }

  run_cli_read_only (&run, (const char * const *) prefix, scan_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, warning));
  g_assert_null (strstr (run.err, "was not updated"));

  run_cli_read_only (&run, (const char * const *) prefix, old_args);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "must be updated"));
  g_assert_null (strstr (run.err, warning));
}

/* The shell script that mounts a full 64 KiB tmpfs on the folder $0 and
 * runs the command after it, in a mount namespace of its own. */
static const char full_disk_script[] =
  "mount -t tmpfs -o size=64k tmpfs \"$0\" && { head -c 65536 /dev/zero > \"$0/fill\"; exec \"$@\"; }";

/* A history created on a full disk is reported as a full disk, not as a
 * file that cannot be written, which would send the user to check permissions. */
static void
test_full_disk (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "full", NULL);
  g_autofree char *db = g_build_filename (folder, "history.db", NULL);
  g_autofree char *unshare = g_find_program_in_path ("unshare");
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv", contacts_text);
  g_autofree char *output = g_build_filename (fixture->dir, "cleaned.csv", NULL);
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  const char *clean_args[] = { "clean", "--db", db, "--contacts", contacts, "--bounces", mail,
                               "--output", output, NULL };
  g_auto(GStrv) cli_argv = cli_build_argv (NULL, clean_args, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) envp = make_envp ();
  g_auto(CliRun) run = { 0 };
  int status = -1;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_free (write_dsn (mail, "1.eml", "jane@example.com", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000", "a@example.com"));
  if (unshare != NULL)
    {
      const char *probe[] = { unshare, "--mount", "--map-root-user", "sh", "-c", full_disk_script, folder,
                              "true", NULL };

      g_spawn_sync (NULL, (char **) probe, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, NULL, NULL, &status, NULL);
    }
  if (unshare == NULL || !g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip ("unshare may not mount a tmpfs here");
      return;
    }

  g_strv_builder_add_many (builder, unshare, "--mount", "--map-root-user", "sh", "-c", full_disk_script,
                           folder, NULL);
  g_strv_builder_addv (builder, (const char **) cli_argv);
  argv = g_strv_builder_end (builder);
  cli_spawn (&run, argv, envp, NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "is full. Free some space on it."));
  g_assert_nonnull (strstr (run.err, "The command goes on without history."));
  g_assert_null (strstr (run.err, "read-only"));
  g_assert_null (strstr (run.err, "writable"));
}

static GPid
spawn_scan (const char *db_path,
            const char *folder)
{
  const char *args[] = { "scan", "--json", "--db", db_path, folder, NULL };
  g_auto(GStrv) argv = cli_build_argv (NULL, args, NULL);
  g_auto(GStrv) envp = make_envp ();
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_spawn_async (NULL, argv, envp, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);

  return pid;
}

static int
wait_exit_status (GPid pid)
{
  int status = 0;

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);

  return status;
}

/* Number of bounces recorded, or -1 before the tables exist. */
static gint64
count_bounces (const char *db_path)
{
  g_autoptr(sqlite3) db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  if (!g_file_test (db_path, G_FILE_TEST_EXISTS) ||
      sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    return -1;

  sqlite3_busy_timeout (db, 1000);
  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM bounces", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return count;
}

/* A dry run records no bounce, creates no history and writes only the
 * reports it was given, which its last line names. */
static void
test_clean_dry_run (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *db = g_build_filename (fixture->dir, "dry", "history.db", NULL);
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv", contacts_text);
  g_autofree char *output = g_build_filename (fixture->dir, "cleaned.csv", NULL);
  g_autofree char *report = g_build_filename (fixture->dir, "report.html", NULL);
  g_auto(CliRun) run = { 0 };
  const char *scan_args[] = { "scan", "--db", db, mail, NULL };
  const char *dry_args[] = { "clean", "--db", db, "--contacts", contacts, "--bounces", mail,
                             "--output", output, "--dry-run", NULL };
  const char *report_args[] = { "clean", "--db", db, "--contacts", contacts, "--bounces", mail,
                                "--output", output, "--dry-run", "--report", report, NULL };

  g_free (write_dsn (mail, "1.eml", "jane@example.com", "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000", "a@example.com"));

  run_cli (&run, dry_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Rows removed:          1"));
  g_assert_nonnull (strstr (run.out, "Dry run: no file was written."));
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));

  run_cli (&run, scan_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (count_bounces (db), ==, 1);
  g_free (write_dsn (mail, "2.eml", "dan@example.net", "5.1.1", "Tue, 3 Nov 2026 10:00:00 +0000", "b@example.com"));

  run_cli (&run, report_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Rows removed:          2"));
  g_assert_nonnull (strstr (run.out, "Dry run: the report was written, the cleaned and removed files were not."));
  g_assert_true (g_file_test (report, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_assert_cmpint (count_bounces (db), ==, 1);
}

#define KILL_MESSAGES 6000

static void
test_sigkill_mid_write (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *mail = write_many (fixture, "mail", 0, KILL_MESSAGES);
  g_autofree char *reference_db = g_build_filename (fixture->dir, "reference.db", NULL);
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *check = NULL;
  g_auto(CliRun) run = { 0 };
  const char *rescan_args[] = { "scan", "--json", "--db", fixture->db_path, mail, NULL };
  const char *reference_args[] = { "scan", "--json", "--db", reference_db, mail, NULL };
  gint64 recorded = -1;
  GPid pid;
  int status;

  /* Kills the scan once a sixth of the messages are committed, while
   * later batches are being parsed and written. A scan that ends before
   * that fails the test here rather than hanging it. */
  pid = spawn_scan (fixture->db_path, mail);
  while ((recorded = count_bounces (fixture->db_path)) < KILL_MESSAGES / 6)
    {
      int wait_status;

      if (waitpid (pid, &wait_status, WNOHANG) == pid)
        g_error ("the scan ended before it recorded anything (wait status %d)", wait_status);
      g_usleep (2000);
    }
  kill (pid, SIGKILL);
  status = wait_exit_status (pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  g_test_message ("killed after %" G_GINT64_FORMAT " bounces were recorded", recorded);

  db = open_raw (fixture->db_path);
  check = query_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  g_assert_null (query_text (db, "PRAGMA foreign_key_check"));

  /* Whole messages only: each recorded message has its cache entry and
   * its one bounce, written in the same transaction. */
  recorded = query_int (db, "SELECT count(*) FROM bounces");
  g_assert_cmpint (recorded, >, 0);
  g_assert_cmpint (recorded, <, KILL_MESSAGES);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM messages"), ==, recorded);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM parse_cache"), ==, recorded);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM bounces WHERE address = '' OR category = '' "
                                  "OR date IS NULL OR status <> '5.1.1'"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM suppression"), ==, recorded);
  g_clear_pointer (&db, sqlite3_close);

  /* Scanning again completes the history as if nothing had happened. */
  run_cli (&run, rescan_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  run_cli (&run, reference_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (count_bounces (fixture->db_path), ==, KILL_MESSAGES);
  g_assert_cmpint (count_bounces (reference_db), ==, KILL_MESSAGES);
}

static void
test_two_processes (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *first = write_many (fixture, "first", 0, 1500);
  g_autofree char *second = write_many (fixture, "second", 1500, 1500);
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *check = NULL;
  GPid a;
  GPid b;
  int status;

  a = spawn_scan (fixture->db_path, first);
  b = spawn_scan (fixture->db_path, second);

  status = wait_exit_status (a);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  status = wait_exit_status (b);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  db = open_raw (fixture->db_path);
  check = query_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM bounces"), ==, 3000);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT address) FROM suppression"), ==, 3000);
}

/* With no new bounces, and without --bounces, each history removal is
 * listed under its own count: a soft-limit row under "soft-bounce
 * limit", a suppressed one under "suppression list". */
static void
test_clean_history_lists (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *mail = g_build_filename (fixture->dir, "mail", NULL);
  g_autofree char *contacts = write_file (fixture->dir, "contacts.csv", contacts_text);
  g_autofree char *kept = g_build_filename (fixture->dir, "kept.csv", NULL);
  const char *dates[] = {
    "Mon, 2 Nov 2026 10:00:00 +0000", "Tue, 10 Nov 2026 10:00:00 +0000", "Wed, 18 Nov 2026 10:00:00 +0000",
  };
  g_auto(CliRun) run = { 0 };

  g_free (write_dsn (mail, "hard.eml", "jane@example.com", "5.1.1", dates[0], "a@example.com"));
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *name = g_strdup_printf ("soft-%u.eml", i);
      g_autofree char *message_id = g_strdup_printf ("send-%u@example.com", i);

      g_free (write_dsn (mail, name, "carla@example.org", "4.2.2", dates[i], message_id));
    }
  {
    const char *args[] = { "clean", "--db", fixture->db_path, "--contacts", contacts, "--bounces", mail,
                           "--output", kept, NULL };

    run_cli (&run, args);
    g_assert_cmpint (run.status, ==, 0);
  }

  /* With no --bounces, the history alone decides. */
  {
    const char *args[] = { "clean", "--db", fixture->db_path, "--contacts", contacts,
                           "--output", kept, NULL };

    run_cli (&run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "  soft-bounce limit:   1\n"
                                       "    line 3, carla@example.org: 3 soft bounces between"));
    g_assert_nonnull (strstr (run.out, "  suppression list:    1\n"
                                       "    line 2, jane@example.com: suppressed since 2 Nov 2026: hard bounce 5.1.1\n"
                                       "  invalid address:"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, history_fixture_set_up, func, history_fixture_tear_down)

  ADD ("/cli-history/clean/fresh-copy", test_clean_fresh_copy);
  ADD ("/cli-history/clean/history-lists", test_clean_history_lists);
  ADD ("/cli-history/clean/bcc-sender-kept", test_clean_bcc_sender_kept);
  ADD ("/cli-history/history/escalation", test_history_command);
  ADD ("/cli-history/history/json", test_history_json);
  ADD ("/cli-history/history/json-mbox", test_history_json_mbox);
  ADD ("/cli-history/history/date-error", test_history_date_error);
  ADD ("/cli-history/suppression/commands", test_suppression_command);
  ADD ("/cli-history/suppression/import-service", test_suppression_import_service);
  ADD ("/cli-history/suppression/import-kept", test_suppression_import_kept);
  ADD ("/cli-history/history/kept-address", test_history_kept_address);
  ADD ("/cli-history/suppression/round-trip-before-1970", test_suppression_round_trip_before_1970);
  ADD ("/cli-history/suppression/import-close-call", test_suppression_import_close_call);
  ADD ("/cli-history/suppression/import-reply-code", test_suppression_import_reply_code);
  ADD ("/cli-history/suppression/import-mailchimp-dates", test_suppression_import_mailchimp_dates);
  ADD ("/cli-history/suppression/import-bad-date", test_suppression_import_bad_date);
  ADD ("/cli-history/suppression/import-contact-list", test_suppression_import_contact_list);
  ADD ("/cli-history/suppression/special-export", test_suppression_special_export);
  ADD ("/cli-history/suppression/export-formula", test_suppression_export_formula);
  ADD ("/cli-history/suppression/translated-error", test_suppression_translated_error);
  ADD ("/cli-history/read-only/missing-db", test_read_only_missing_db);
  ADD ("/cli-history/read-only/file-system", test_read_only_file_system);
  ADD ("/cli-history/clean/unwritable-history", test_unwritable_history);
  ADD ("/cli-history/clean/full-disk", test_full_disk);
  ADD ("/cli-history/clean/dry-run", test_clean_dry_run);
  ADD ("/cli-history/crash/sigkill-mid-write", test_sigkill_mid_write);
  ADD ("/cli-history/concurrent/two-processes", test_two_processes);
  ADD ("/cli-history/kept/later-cleans", test_kept_later_cleans);
  ADD ("/cli-history/kept/bounced-since", test_kept_bounced_since);
  ADD ("/cli-history/kept/no-history", test_kept_no_history);

  return g_test_run ();
}

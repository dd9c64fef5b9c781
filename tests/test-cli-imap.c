/* test-cli-imap.c: bounce-cli scan, clean and folders on a mailbox of a
 * Dovecot server that the test starts on loopback ports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bounce-core.h"
#include "cli-util.h"
#include "imap-server.h"
#include "test-files.h"

typedef struct
{
  TestImapServer *server;
  char           *dir;        /* temporary folder for the history and outputs */
  char           *db_path;
  char           *tls_uri;    /* imaps://jane@127.0.0.1:PORT/INBOX */
} Fixture;

/* Without a controlling terminal bounce-cli cannot prompt, so a missing
 * password fails instead of waiting for someone to type it. */
static void
detach_terminal (gpointer user_data)
{
  setsid ();
}

/* Runs bounce-cli with @args; @password NULL leaves BOUNCE_IMAP_PASSWORD
 * unset. */
static void
run_cli (CliRun             *run,
         const char         *password,
         const char * const *args)
{
  /* Valgrind's memcheck on a busy CI machine makes a TLS handshake slow;
   * a timeout is tested in test-imap. */
  g_auto(GStrv) argv = cli_build_argv (NULL, args, "--timeout=600", NULL);
  g_auto(GStrv) envp = cli_build_environ ();

  envp = g_environ_setenv (envp, "COLUMNS", "200", TRUE);
  if (password != NULL)
    envp = g_environ_setenv (envp, "BOUNCE_IMAP_PASSWORD", password, TRUE);
  else
    envp = g_environ_unsetenv (envp, "BOUNCE_IMAP_PASSWORD");

  cli_spawn (run, argv, envp, detach_terminal);
  if (*run->err != '\0')
    g_test_message ("bounce-cli %s: exit status %d, stderr:\n%s", args[0], run->status, run->err);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *dovecot = test_imap_server_find_dovecot ();
  g_autofree char *bounces = g_build_filename (SOURCE_SAMPLES_DIR, "bounces", NULL);
  g_autoptr(GError) error = NULL;

  if (dovecot == NULL)
    {
      g_test_skip ("dovecot is not installed (Debian package dovecot-imapd, see build-aux/setup.sh)");
      return;
    }

  fixture->server = test_imap_server_new ();
  fixture->dir = g_dir_make_tmp ("bounce-cli-imap-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "history.db", NULL);
  fixture->tls_uri = g_strdup_printf ("imaps://%s@127.0.0.1:%u/INBOX", TEST_IMAP_USER, fixture->server->tls_port);

  /* The sample bounces (not the mbox) become the INBOX. */
  test_imap_server_add_folder_of_messages (fixture->server, "INBOX", bounces, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->dir != NULL)
    remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->tls_uri);
  test_imap_server_free (fixture->server);
}

static guint
count_lines_with (const char *text,
                  const char *needle)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], needle) != NULL)
      n++;

  return n;
}

static void
test_scan_incremental (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(CliRun) run = { NULL };

  if (fixture->server == NULL)
    return;

  {
    const char * const args[] = { "scan", "--json", "--db", fixture->db_path, "--trust-fingerprint",
                                   fixture->server->fingerprint, fixture->tls_uri, NULL };

    run_cli (&run, TEST_IMAP_PASSWORD, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpuint (count_lines_with (run.out, "\"file\":\"imaps://jane@127.0.0.1:"), >, 40);
    g_assert_nonnull (strstr (run.out, "\"recipient\":\"camille@cafe-lumiere.example.com\""));
    g_assert_nonnull (strstr (run.err, "messages read."));

    /* The second scan reads nothing new. */
    run_cli (&run, TEST_IMAP_PASSWORD, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "0 new messages read since the last scan"));
  }

  /* --rescan reads it all again. */
  {
    const char * const args[] = { "scan", "--json", "--rescan", "--db", fixture->db_path, "--trust-fingerprint",
                                  fixture->server->fingerprint, fixture->tls_uri, NULL };

    run_cli (&run, TEST_IMAP_PASSWORD, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpuint (count_lines_with (run.out, "\"file\":\"imaps://"), >, 40);
  }
}

static void
test_scan_untrusted (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(CliRun) run = { NULL };
  g_autofree char *hint = NULL;
  const char * const args[] = { "scan", "--no-history", fixture->tls_uri, NULL };

  if (fixture->server == NULL)
    return;

  run_cli (&run, TEST_IMAP_PASSWORD, args);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "is not trusted"));
  hint = g_strdup_printf ("--trust-fingerprint %s", fixture->server->fingerprint);
  g_assert_nonnull (strstr (run.err, hint));
}

static void
test_scan_wrong_password (Fixture       *fixture,
                          gconstpointer  data)
{
  g_auto(CliRun) run = { NULL };
  const char * const args[] = { "scan", "--no-history", "--trust-fingerprint", fixture->server->fingerprint,
                                fixture->tls_uri, NULL };

  if (fixture->server == NULL)
    return;

  run_cli (&run, "not the password", args);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "rejected the user name “jane” or its password"));
  /* The password is never printed. */
  g_assert_null (strstr (run.err, "not the password"));
  /* Nothing was read, so no empty table follows the error. */
  g_assert_null (strstr (run.out, "RECIPIENT"));
}

static void
test_scan_no_password (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(CliRun) run = { NULL };
  const char * const args[] = { "scan", "--no-history", fixture->tls_uri, NULL };

  if (fixture->server == NULL)
    return;

  run_cli (&run, NULL, args);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "BOUNCE_IMAP_PASSWORD"));
}

/* Checks that fail before any connection: no server needed. */
static void
test_scan_rejected_arguments (void)
{
  g_auto(CliRun) run = { NULL };

  {
    const char * const args[] = { "scan", "--no-history", "imaps://jane:secret@127.0.0.1/INBOX", NULL };

    run_cli (&run, "secret", args);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "contains a password"));
  }

  {
    const char * const args[] = { "clean", "--no-history", "--contacts", "contacts.csv", "--output", "cleaned.csv",
                                  "--bounces", "imaps://jane:secret@127.0.0.1/INBOX", NULL };

    run_cli (&run, "secret", args);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "contains a password"));
  }

  {
    const char * const args[] = { "scan", "--no-history", "--no-tls", "imap://jane@imap.example.com/INBOX", NULL };

    run_cli (&run, "secret", args);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--no-tls is allowed only for a server on this computer"));
  }

  {
    const char * const args[] = { "scan", "--no-history", "--since", "2024-02-30", "imaps://jane@127.0.0.1/", NULL };

    run_cli (&run, "secret", args);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--since: “2024-02-30” is not a date"));
  }

  {
    const char * const args[] = { "scan", "--no-history", "--since", "2024-05-01", "--before", "2024-04-01",
                                  "imaps://jane@127.0.0.1/", NULL };

    run_cli (&run, "secret", args);
    g_assert_cmpint (run.status, ==, 2);
  }

  {
    const char * const args[] = { "folders", "--trust-fingerprint", "12:34", "imaps://jane@127.0.0.1", NULL };

    run_cli (&run, "secret", args);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "not a SHA-256 fingerprint"));
  }

  {
    const char * const args[] = { "scan", "--no-history", "imaps://jane@imap.example.com:0/INBOX", NULL };

    run_cli (&run, "secret", args);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "has an invalid port. Write it as imaps://USER@SERVER:PORT/FOLDER"));
  }

  /* Without "//" the text is still meant as a mailbox, not a file. */
  {
    const char * const args[] = { "scan", "--no-history", "imaps:jane@imap.example.com", NULL };

    run_cli (&run, "secret", args);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "“imaps:jane@imap.example.com” lacks the “//” after “imaps:”"));
    g_assert_null (strstr (run.err, "Check the path"));
  }

  {
    const char * const args[] = { "clean", "--no-history", "--contacts", "contacts.csv", "--output", "cleaned.csv",
                                  "--bounces", "IMAP:jane@imap.example.com/INBOX", NULL };

    run_cli (&run, "secret", args);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "lacks the “//”"));
  }

  /* A mailbox address that cannot be used is a command-line error, as
   * an address of another scheme is. */
  {
    const char * const args[] = { "folders", "imaps://", NULL };

    run_cli (&run, "secret", args);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_true (g_str_has_prefix (run.err, "bounce-cli folders: “imaps://” names no user."));
    g_assert_nonnull (strstr (run.err, "Run “bounce-cli folders --help” for usage."));
  }

  {
    const char * const args[] = { "folders", "--no-tls", "imap://jane@imap.example.com", NULL };

    run_cli (&run, "secret", args);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--no-tls is allowed only for a server on this computer"));
  }

  {
    const char * const args[] = { "folders", "ftp://example.com", NULL };

    run_cli (&run, "secret", args);
    g_assert_cmpint (run.status, ==, 2);
  }

  /* The history options are accepted as by every command, though
   * listing folders reads no history: the mailbox is checked next. */
  {
    const char * const args[] = { "folders", "--no-history", "--db", "history.db", "imaps://", NULL };

    run_cli (&run, "secret", args);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_true (g_str_has_prefix (run.err, "bounce-cli folders: “imaps://” names no user."));
  }
}

static void
test_folders (Fixture       *fixture,
              gconstpointer  data)
{
  g_auto(CliRun) run = { NULL };
  g_autofree char *uri = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(GBytes) message = g_bytes_new_static ("Subject: x\n\nx\n", 14);

  if (fixture->server == NULL)
    return;

  /* Without TLS, to this computer by name. */
  uri = g_strdup_printf ("imap://%s@localhost:%u", TEST_IMAP_USER, fixture->server->port);
  stored = test_imap_server_add_message (fixture->server, "Bounces", message, "", 0);
  {
    const char * const args[] = { "folders", "--no-tls", uri, NULL };

    run_cli (&run, TEST_IMAP_PASSWORD, args);
  }
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "INBOX\nBounces\n");
}

/* clean from the mailbox writes what clean from the files writes. */
static void
test_clean_same_as_files (Fixture       *fixture,
                          gconstpointer  data)
{
  g_auto(CliRun) run = { NULL };
  g_autofree char *contacts = g_build_filename (SOURCE_SAMPLES_DIR, "contacts.csv", NULL);
  g_autofree char *bounces = g_build_filename (SOURCE_SAMPLES_DIR, "bounces", NULL);
  g_autofree char *from_files = NULL;
  g_autofree char *from_mailbox = NULL;
  g_autofree char *removed_files = NULL;
  g_autofree char *removed_mailbox = NULL;
  g_autofree char *files_text = NULL;
  g_autofree char *mailbox_text = NULL;
  g_autofree char *files_removed_text = NULL;
  g_autofree char *mailbox_removed_text = NULL;
  g_autofree char *archive = NULL;

  if (fixture->server == NULL)
    return;

  from_files = g_build_filename (fixture->dir, "from-files.csv", NULL);
  from_mailbox = g_build_filename (fixture->dir, "from-mailbox.csv", NULL);
  removed_files = g_build_filename (fixture->dir, "removed-files.csv", NULL);
  removed_mailbox = g_build_filename (fixture->dir, "removed-mailbox.csv", NULL);

  /* The mailbox contains the .eml samples, so the files scanned are those. */
  {
    g_autoptr(GDir) listing = g_dir_open (bounces, 0, NULL);
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) args = NULL;
    const char *name;

    g_strv_builder_addv (builder, (const char *[]) { "clean", "--no-history", "--contacts", contacts,
                                                     "--output", from_files, "--removed", removed_files,
                                                     NULL });
    while ((name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *path = g_build_filename (bounces, name, NULL);

        if (g_str_has_suffix (name, ".eml"))
          g_strv_builder_addv (builder, (const char *[]) { "--bounces", path, NULL });
      }
    args = g_strv_builder_end (builder);
    run_cli (&run, NULL, (const char * const *) args);
    g_assert_cmpint (run.status, ==, 0);
  }

  {
    const char * const args[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", fixture->tls_uri,
                                  "--trust-fingerprint", fixture->server->fingerprint,
                                  "--output", from_mailbox, "--removed", removed_mailbox, NULL };

    run_cli (&run, TEST_IMAP_PASSWORD, args);
    g_assert_cmpint (run.status, ==, 0);
  }

  g_file_get_contents (from_files, &files_text, NULL, NULL);
  g_file_get_contents (from_mailbox, &mailbox_text, NULL, NULL);
  g_file_get_contents (removed_files, &files_removed_text, NULL, NULL);
  g_file_get_contents (removed_mailbox, &mailbox_removed_text, NULL, NULL);
  g_assert_nonnull (files_text);
  g_assert_cmpstr (mailbox_text, ==, files_text);
  g_assert_cmpstr (mailbox_removed_text, ==, files_removed_text);
  g_assert_cmpuint (count_lines_with (mailbox_removed_text, "hard:"), >, 0);

  /* An unreadable mailbox writes nothing. */
  archive = g_build_filename (fixture->dir, "never.csv", NULL);
  {
    const char * const args[] = { "clean", "--no-history", "--contacts", contacts, "--bounces", fixture->tls_uri,
                                  "--output", archive, NULL };

    run_cli (&run, TEST_IMAP_PASSWORD, args);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "No file was written"));
    g_assert_false (g_file_test (archive, G_FILE_TEST_EXISTS));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-imap/scan/rejected-arguments", test_scan_rejected_arguments);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli-imap/scan/incremental", test_scan_incremental);
  ADD ("/cli-imap/scan/untrusted", test_scan_untrusted);
  ADD ("/cli-imap/scan/wrong-password", test_scan_wrong_password);
  ADD ("/cli-imap/scan/no-password", test_scan_no_password);
  ADD ("/cli-imap/folders", test_folders);
  ADD ("/cli-imap/clean/same-as-files", test_clean_same_as_files);

  return g_test_run ();
}

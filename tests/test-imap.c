/* test-imap.c: reading a mailbox from a real Dovecot server on loopback
 * ports, and the rules that need no server (loopback policy, fingerprints,
 * folder-name encoding, mailbox addresses).
 *
 * The server tests skip when dovecot is not installed
 * (build-aux/setup.sh installs dovecot-imapd).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "bounce-core.h"
#include "bounce-history-private.h"
#include "bounce-imap-source-private.h"
#include "history-fixture.h"
#include "imap-server.h"

/* Seconds the sources wait for the test server: far more than it needs,
 * also under Valgrind's memcheck on a busy machine. */
#define SERVER_TIMEOUT 600

/* Messages in the relay tests: more than one fetch of 50. */
#define RELAY_MESSAGES 60

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Rules without a server */

static void
test_policy_loopback (void)
{
  static const struct { const char *host; gboolean loopback; } cases[] = {
    { "localhost", TRUE },
    { "LOCALHOST.", TRUE },
    { "imap.localhost", TRUE },
    { "127.0.0.1", TRUE },
    { "127.45.6.7", TRUE },
    { "::1", TRUE },
    { "[::1]", TRUE },
    { "::ffff:127.0.0.1", TRUE },
    { "imap.example.com", FALSE },
    { "localhost.example.com", FALSE },
    { "128.0.0.1", FALSE },
    { "10.0.0.1", FALSE },
    { "192.168.1.10", FALSE },
    { "::2", FALSE },
    { "::ffff:10.0.0.1", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].host);
      g_assert_cmpint (bounce_imap_host_is_loopback (cases[i].host), ==, cases[i].loopback);
      g_assert_cmpint (bounce_imap_login_is_allowed (BOUNCE_IMAP_SECURITY_NONE, cases[i].host), ==,
                       cases[i].loopback);
      g_assert_true (bounce_imap_login_is_allowed (BOUNCE_IMAP_SECURITY_TLS, cases[i].host));
      g_assert_true (bounce_imap_login_is_allowed (BOUNCE_IMAP_SECURITY_STARTTLS, cases[i].host));
    }
}

/* A plain connection to another host fails before any connection. */
static void
test_policy_refuses_remote (void)
{
  g_autoptr(BounceImapSource) source = bounce_imap_source_new ("imap.example.com", 143,
                                                               BOUNCE_IMAP_SECURITY_NONE, "jane");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) folders = NULL;

  bounce_imap_source_set_password (source, "secret");
  folders = bounce_imap_source_list_folders (source, NULL, &error);
  g_assert_null (folders);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INSECURE);
  g_assert_nonnull (strstr (error->message, "imap.example.com"));
}

static void
test_fingerprint_normalize (void)
{
  const char *canonical = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
                          "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
  static const char * const valid[] = {
    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
    "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
    "SHA256:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
    " ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ",
  };
  static const char * const invalid[] = {
    "", "AB:CD", "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678",
    "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab",
    "zzcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
    "MD5:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autofree char *normalized = bounce_imap_normalize_fingerprint (valid[i]);

      g_assert_cmpstr (normalized, ==, canonical);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *normalized = bounce_imap_normalize_fingerprint (invalid[i]);

      g_test_message ("%s", invalid[i]);
      g_assert_null (normalized);
    }
}

static void
test_utf7 (void)
{
  static const struct { const char *utf8; const char *utf7; } cases[] = {
    { "INBOX", "INBOX" },
    { "Rückläufer", "R&APw-ckl&AOQ-ufer" },
    { "Tom & Jerry", "Tom &- Jerry" },
    { "日本語", "&ZeVnLIqe-" },
    { "~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *encoded = bounce_imap_utf7_encode (cases[i].utf8);
      g_autofree char *decoded = bounce_imap_utf7_decode (cases[i].utf7);

      g_assert_cmpstr (encoded, ==, cases[i].utf7);
      g_assert_cmpstr (decoded, ==, cases[i].utf8);
    }

  g_assert_null (bounce_imap_utf7_decode ("&ZeVnLIqe"));
  g_assert_null (bounce_imap_utf7_decode ("&A-"));
}

static void
test_uri_parse (void)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *account = NULL;
  g_autofree char *folder = NULL;
  static const char * const invalid[] = {
    "imaps://imap.example.com/INBOX",
    "imaps://jane:secret@imap.example.com/INBOX",
    "imaps://jane@/INBOX",
    "imaps://jane@imap.example.com:99999/INBOX",
    "imaps://jane@imap.example.com/INBOX?x=1",
    "https://jane@imap.example.com/INBOX",
    "imaps://jane@imap.example.com/INBOX;UIDVALIDITY=7/;UID=42",
  };

  source = bounce_imap_source_new_for_uri ("imaps://jane@imap.example.com/Bounces/2024", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bounce_imap_source_get_host (source), ==, "imap.example.com");
  g_assert_cmpuint (bounce_imap_source_get_port (source), ==, 993);
  g_assert_cmpint (bounce_imap_source_get_security (source), ==, BOUNCE_IMAP_SECURITY_TLS);
  g_assert_cmpstr (bounce_imap_source_get_user (source), ==, "jane");
  g_assert_cmpstr (bounce_imap_source_get_folder (source), ==, "Bounces/2024");
  g_clear_object (&source);

  source = bounce_imap_source_new_for_uri ("imap://jane%40example.com@[::1]:1143", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bounce_imap_source_get_host (source), ==, "::1");
  g_assert_cmpuint (bounce_imap_source_get_port (source), ==, 1143);
  g_assert_cmpint (bounce_imap_source_get_security (source), ==, BOUNCE_IMAP_SECURITY_STARTTLS);
  g_assert_cmpstr (bounce_imap_source_get_user (source), ==, "jane@example.com");
  g_assert_cmpstr (bounce_imap_source_get_folder (source), ==, "INBOX");
  account = bounce_imap_source_dup_account_uri (source);
  g_assert_cmpstr (account, ==, "imap://jane%40example.com@[::1]:1143");
  g_clear_object (&source);

  source = bounce_imap_source_new_for_uri ("imaps://jane@imap.example.com/Bounces/", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bounce_imap_source_get_folder (source), ==, "Bounces");
  g_clear_object (&source);

  source = bounce_imap_source_new_for_uri ("IMAPS://jane@imap.example.com/R%C3%BCckl%C3%A4ufer", &error);
  g_assert_no_error (error);
  folder = bounce_imap_source_dup_folder_uri (source);
  g_assert_cmpstr (folder, ==, "imaps://jane@imap.example.com/R%C3%BCckl%C3%A4ufer");

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(BounceImapSource) rejected = NULL;
      g_autoptr(GError) invalid_error = NULL;

      g_test_message ("%s", invalid[i]);
      rejected = bounce_imap_source_new_for_uri (invalid[i], &invalid_error);
      g_assert_null (rejected);
      g_assert_error (invalid_error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_message_label (void)
{
  g_autofree char *inbox = bounce_imap_dup_message_label ("imaps://jane@imap.example.com/INBOX;UIDVALIDITY=7/;UID=42");
  g_autofree char *nested = bounce_imap_dup_message_label ("imap://jane@[::1]:1143/Bounces/R%C3%BCckl%C3%A4ufer;UIDVALIDITY=9/;UID=3");
  g_autofree char *file = bounce_imap_dup_message_label ("/home/jane/mail/INBOX;UID=42");
  g_autofree char *folder_only = bounce_imap_dup_message_label ("imaps://jane@imap.example.com/INBOX");

  g_autofree char *account = NULL;
  g_autofree char *folder = NULL;
  guint32 uidvalidity = 0;
  guint32 uid = 0;

  g_assert_true (bounce_imap_parse_message_uri ("imap://jane@[::1]:1143/Bounces/R%C3%BCckl%C3%A4ufer;UIDVALIDITY=9/;UID=3",
                                                &account, &folder, &uidvalidity, &uid));
  g_assert_cmpstr (account, ==, "imap://jane@[::1]:1143");
  g_assert_cmpstr (folder, ==, "Bounces/Rückläufer");
  g_assert_cmpuint (uidvalidity, ==, 9);
  g_assert_cmpuint (uid, ==, 3);
  g_assert_false (bounce_imap_parse_message_uri ("imaps://jane@imap.example.com/INBOX;UIDVALIDITY=x/;UID=3",
                                                 NULL, NULL, NULL, NULL));
  g_assert_false (bounce_imap_parse_message_uri ("imaps://jane@imap.example.com/INBOX/;UID=0",
                                                 NULL, NULL, NULL, NULL));

  g_assert_cmpstr (inbox, ==, "INBOX, UID 42");
  g_assert_cmpstr (nested, ==, "Bounces/Rückläufer, UID 3");
  g_assert_null (file);
  g_assert_null (folder_only);
}

/* With a server */

typedef struct
{
  HistoryFixture  history;
  TestImapServer *server;
  /* The sample bounces stored in INBOX, by file name. */
  GPtrArray      *sample_paths;
} Fixture;

static gboolean
have_dovecot (void)
{
  g_autofree char *dovecot = test_imap_server_find_dovecot ();

  if (dovecot == NULL)
    {
      g_test_skip ("dovecot is not installed (Debian package dovecot-imapd, see build-aux/setup.sh)");
      return FALSE;
    }

  return TRUE;
}

/* Stores the sample bounces in INBOX, some read and some unread. */
static void
fill_inbox (Fixture *fixture)
{
  g_autofree char *dir = g_build_filename (SOURCE_SAMPLES_DIR, "bounces", NULL);
  guint n = test_imap_server_add_folder_of_messages (fixture->server, "INBOX", dir, fixture->sample_paths);

  g_assert_cmpuint (n, >, 10);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  history_fixture_set_up (&fixture->history, data);
  if (!have_dovecot ())
    return;

  fixture->server = test_imap_server_new ();
  fixture->sample_paths = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  history_fixture_tear_down (&fixture->history, data);
  g_clear_pointer (&fixture->sample_paths, g_ptr_array_unref);
  test_imap_server_free (fixture->server);
}

static BounceImapSource *
new_source (Fixture            *fixture,
            BounceImapSecurity  security)
{
  guint16 port = security == BOUNCE_IMAP_SECURITY_TLS ? fixture->server->tls_port : fixture->server->port;
  BounceImapSource *source = bounce_imap_source_new ("127.0.0.1", port, security, TEST_IMAP_USER);

  bounce_imap_source_set_password (source, TEST_IMAP_PASSWORD);
  bounce_imap_source_set_timeout (source, SERVER_TIMEOUT);

  return source;
}

/* A source over TLS that trusts the server's self-signed certificate. */
static BounceImapSource *
new_trusting_source (Fixture *fixture)
{
  BounceImapSource *source = new_source (fixture, BOUNCE_IMAP_SECURITY_TLS);
  g_autoptr(GError) error = NULL;

  bounce_imap_source_set_trusted_fingerprint (source, fixture->server->fingerprint, &error);
  g_assert_no_error (error);

  return source;
}

/* Scans @source, with the history at @history_path when it is not NULL.
 * Returns the records, or NULL with @error set. */
static GPtrArray *
scan_mailbox (BounceImapSource  *source,
              const char        *history_path,
              GError           **error)
{
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
  g_autoptr(BounceHistory) history = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);

  if (history_path != NULL)
    {
      g_autoptr(GError) open_error = NULL;

      history = bounce_history_open (history_path, &open_error);
      g_assert_no_error (open_error);
      bounce_scanner_set_history (scanner, history);
    }

  if (!bounce_scanner_scan_mailbox (scanner, source, collect_record_cb, records, NULL, error))
    return NULL;

  return g_steal_pointer (&records);
}

/* Compares line by line, so a failure shows the first difference. */
static void
assert_same_lines (const char *actual,
                   const char *expected)
{
  g_auto(GStrv) actual_lines = g_strsplit (actual, "\n", -1);
  g_auto(GStrv) expected_lines = g_strsplit (expected, "\n", -1);

  for (guint i = 0; actual_lines[i] != NULL && expected_lines[i] != NULL; i++)
    g_assert_cmpstr (actual_lines[i], ==, expected_lines[i]);
  g_assert_cmpuint (g_strv_length (actual_lines), ==, g_strv_length (expected_lines));
}

static GPtrArray *
scan_files (GPtrArray *paths)
{
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(GPtrArray) path_list = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < paths->len; i++)
    g_ptr_array_add (path_list, g_ptr_array_index (paths, i));
  g_ptr_array_add (path_list, NULL);
  bounce_scanner_scan (scanner, (const char * const *) path_list->pdata, collect_record_cb, records, NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&records);
}

static void
test_scan_same_as_files (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GPtrArray) imap_records = NULL;
  g_autoptr(GPtrArray) file_records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *imap_verdicts = NULL;
  g_autofree char *file_verdicts = NULL;
  g_autofree char *prefix = NULL;

  if (fixture->server == NULL)
    return;

  fill_inbox (fixture);
  before = test_imap_server_dup_snapshot (fixture->server, "INBOX");
  file_records = scan_files (fixture->sample_paths);

  source = new_trusting_source (fixture);
  imap_records = scan_mailbox (source, fixture->history.db_path, &error);
  g_assert_no_error (error);

  /* Every message was read, and each record names its message. */
  g_assert_cmpuint (bounce_imap_source_get_n_messages (source), ==, fixture->sample_paths->len);
  g_assert_cmpuint (bounce_imap_source_get_n_read (source), ==, fixture->sample_paths->len);
  prefix = g_strdup_printf ("imaps://jane@127.0.0.1:%u/INBOX;UIDVALIDITY=", fixture->server->tls_port);
  for (guint i = 0; i < imap_records->len; i++)
    {
      BounceRecord *record = g_ptr_array_index (imap_records, i);

      g_assert_true (g_str_has_prefix (record->file, prefix));
      g_assert_nonnull (strstr (record->file, "/;UID="));
    }

  /* The same verdicts as the scan of the files. */
  imap_verdicts = test_imap_dup_verdicts (imap_records);
  file_verdicts = test_imap_dup_verdicts (file_records);
  assert_same_lines (imap_verdicts, file_verdicts);

  /* Same files, same names (flags included), same bytes. */
  after = test_imap_server_dup_snapshot (fixture->server, "INBOX");
  g_assert_cmpstr (after, ==, before);
}

/* The app's path: an async scan without history. */
static void
scan_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GPtrArray **records = user_data;
  g_autoptr(GError) error = NULL;

  *records = bounce_scanner_scan_finish (BOUNCE_SCANNER (object), result, &error);
  g_assert_no_error (error);
}

static void
test_scan_async (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
  g_autoptr(GPtrArray) records = NULL;

  if (fixture->server == NULL)
    return;

  fill_inbox (fixture);
  source = new_trusting_source (fixture);
  bounce_scanner_scan_mailbox_async (scanner, source, NULL, scan_done_cb, &records);
  while (records == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (records->len, >=, fixture->sample_paths->len);
  g_assert_cmpuint (bounce_scanner_get_files_total (scanner), ==, fixture->sample_paths->len);
  g_assert_cmpuint (bounce_scanner_get_messages_read (scanner), ==, fixture->sample_paths->len);
}

static GBytes *
new_message (guint index)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text,
                          "From: Mail Delivery System <mailer-daemon@mx.example.net>\n"
                          "To: news@example.com\n"
                          "Subject: Undelivered Mail Returned to Sender\n"
                          "Date: Tue, 2 Jan 2024 10:00:00 +0000\n"
                          "Message-ID: <bounce-%u@mx.example.net>\n"
                          "\n"
                          "<reader%u@example.org>: host mx.example.org said: 550 5.1.1 "
                          "<reader%u@example.org>: Recipient address rejected: User unknown\n",
                          index, index, index);
  /* About 1 KB per message, so the relay tests can cut inside a fetch. */
  while (text->len < 1000)
    g_string_append (text, "This line pads the message to a known size.\n");

  return g_string_free_to_bytes (g_steal_pointer (&text));
}

static void
test_incremental (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GBytes) extra = new_message (1);
  g_autoptr(GError) error = NULL;
  g_autoptr(BounceHistory) history = NULL;
  g_autofree char *account = NULL;
  g_autofree char *extra_path = NULL;
  guint32 uidvalidity = 0;
  guint32 last_uid = 0;
  guint n_samples;

  if (fixture->server == NULL)
    return;

  fill_inbox (fixture);
  n_samples = fixture->sample_paths->len;
  source = new_trusting_source (fixture);

  /* First scan: everything. */
  records = scan_mailbox (source, fixture->history.db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_imap_source_get_n_read (source), ==, n_samples);
  g_assert_false (bounce_imap_source_get_was_incremental (source));
  g_clear_pointer (&records, g_ptr_array_unref);

  history = bounce_history_open (fixture->history.db_path, &error);
  g_assert_no_error (error);
  account = bounce_imap_source_dup_account_uri (source);
  bounce_history_get_mailbox_state (history, account, "INBOX", &uidvalidity, &last_uid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uidvalidity, !=, 0);
  g_assert_cmpuint (last_uid, ==, n_samples);

  /* Second scan: nothing new. */
  records = scan_mailbox (source, fixture->history.db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 0);
  g_assert_cmpuint (bounce_imap_source_get_n_messages (source), ==, 0);
  g_assert_true (bounce_imap_source_get_was_incremental (source));
  g_clear_pointer (&records, g_ptr_array_unref);

  /* A new message: only it is read. */
  extra_path = test_imap_server_add_message (fixture->server, "INBOX", extra, NULL, 0);
  records = scan_mailbox (source, fixture->history.db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_imap_source_get_n_read (source), ==, 1);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (((BounceRecord *) g_ptr_array_index (records, 0))->recipient, ==, "reader1@example.org");
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Without incremental reading, the whole folder. */
  bounce_imap_source_set_incremental (source, FALSE);
  records = scan_mailbox (source, fixture->history.db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_imap_source_get_n_read (source), ==, n_samples + 1);
  g_assert_false (bounce_imap_source_get_was_incremental (source));
  bounce_imap_source_set_incremental (source, TRUE);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* A new UIDVALIDITY: the whole folder again. */
  test_imap_server_renumber (fixture->server, "INBOX");
  records = scan_mailbox (source, fixture->history.db_path, &error);
  g_assert_no_error (error);
  g_assert_true (bounce_imap_source_get_uidvalidity_changed (source));
  g_assert_cmpuint (bounce_imap_source_get_n_read (source), ==, n_samples + 1);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* And the state follows the new UIDVALIDITY. */
  records = scan_mailbox (source, fixture->history.db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_imap_source_get_n_read (source), ==, 0);
}

/* The file names of @records, sorted and joined by newlines. */
static char *
dup_record_files (GPtrArray *records)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (files, ((BounceRecord *) g_ptr_array_index (records, i))->file);
  g_ptr_array_sort (files, compare_lines);
  g_ptr_array_add (files, NULL);

  return g_strjoinv ("\n", (char **) files->pdata);
}

/* With the earlier messages included, an incremental scan fetches only
 * the new ones but returns what a scan of the whole folder returns. */
static void
test_incremental_include_earlier (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;
  g_autoptr(GPtrArray) whole = NULL;
  g_autoptr(GBytes) extra = new_message (3);
  g_autoptr(BounceHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *snapshot_after = NULL;
  g_autofree char *extra_path = NULL;
  g_autofree char *first_verdicts = NULL;
  g_autofree char *second_verdicts = NULL;
  g_autofree char *third_verdicts = NULL;
  g_autofree char *whole_verdicts = NULL;
  g_autofree char *first_files = NULL;
  g_autofree char *second_files = NULL;
  guint n_samples;

  if (fixture->server == NULL)
    return;

  fill_inbox (fixture);
  n_samples = fixture->sample_paths->len;
  snapshot = test_imap_server_dup_snapshot (fixture->server, "INBOX");
  source = new_trusting_source (fixture);
  bounce_imap_source_set_include_earlier (source, TRUE);

  first = scan_mailbox (source, fixture->history.db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_imap_source_get_n_read (source), ==, n_samples);
  g_assert_false (bounce_imap_source_get_was_incremental (source));

  /* Nothing new: nothing fetched, the same records under the same names. */
  second = scan_mailbox (source, fixture->history.db_path, &error);
  g_assert_no_error (error);
  g_assert_true (bounce_imap_source_get_was_incremental (source));
  g_assert_cmpuint (bounce_imap_source_get_n_read (source), ==, 0);
  g_assert_cmpuint (bounce_imap_source_get_n_messages (source), ==, 0);
  first_verdicts = test_imap_dup_verdicts (first);
  second_verdicts = test_imap_dup_verdicts (second);
  assert_same_lines (second_verdicts, first_verdicts);
  first_files = dup_record_files (first);
  second_files = dup_record_files (second);
  assert_same_lines (second_files, first_files);
  snapshot_after = test_imap_server_dup_snapshot (fixture->server, "INBOX");
  g_assert_cmpstr (snapshot_after, ==, snapshot);

  /* One new message: only it is fetched, and the records are those of a
   * scan of the whole folder without history. */
  extra_path = test_imap_server_add_message (fixture->server, "INBOX", extra, "", 0);
  third = scan_mailbox (source, fixture->history.db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_imap_source_get_n_read (source), ==, 1);
  g_assert_cmpuint (third->len, ==, first->len + 1);
  whole = scan_mailbox (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_imap_source_get_n_read (source), ==, n_samples + 1);
  third_verdicts = test_imap_dup_verdicts (third);
  whole_verdicts = test_imap_dup_verdicts (whole);
  assert_same_lines (third_verdicts, whole_verdicts);
  g_clear_pointer (&third, g_ptr_array_unref);

  /* A message deleted on the server since is no longer returned. */
  g_assert_cmpint (g_unlink (extra_path), ==, 0);
  third = scan_mailbox (source, fixture->history.db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_imap_source_get_n_read (source), ==, 0);
  g_assert_cmpuint (third->len, ==, first->len);
  g_clear_pointer (&third, g_ptr_array_unref);

  /* Records a newer parser has not cached yet: the messages are fetched
   * again rather than left out. */
  history = bounce_history_open (fixture->history.db_path, &error);
  g_assert_no_error (error);
  g_assert_true (_bounce_history_exec (history, "UPDATE parse_cache SET stamp = 'older-parser'", &error));
  g_assert_no_error (error);
  g_clear_object (&history);
  third = scan_mailbox (source, fixture->history.db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_imap_source_get_n_read (source), ==, n_samples);
  g_assert_true (bounce_imap_source_get_was_incremental (source));
  g_clear_pointer (&third, g_ptr_array_unref);

  /* A new UIDVALIDITY: everything is fetched again. */
  test_imap_server_renumber (fixture->server, "INBOX");
  third = scan_mailbox (source, fixture->history.db_path, &error);
  g_assert_no_error (error);
  g_assert_true (bounce_imap_source_get_uidvalidity_changed (source));
  g_assert_cmpuint (bounce_imap_source_get_n_read (source), ==, n_samples);
  g_assert_cmpuint (third->len, ==, first->len);
}

/* A date range reads only its messages and leaves the state alone. */
static void
test_date_range (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) since = g_date_new_dmy (1, G_DATE_MARCH, 2024);
  g_autoptr(GDate) before = g_date_new_dmy (1, G_DATE_APRIL, 2024);
  /* Noon UTC on 15 January, 15 March and 15 May 2024. */
  static const gint64 dates[] = { 1705320000, 1710504000, 1715774400 };

  if (fixture->server == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autoptr(GBytes) message = new_message (i);
      g_autofree char *path = test_imap_server_add_message (fixture->server, "INBOX", message, "", dates[i]);
    }

  source = new_trusting_source (fixture);
  bounce_imap_source_set_date_range (source, since, before);
  records = scan_mailbox (source, fixture->history.db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (((BounceRecord *) g_ptr_array_index (records, 0))->recipient, ==, "reader1@example.org");
  g_clear_pointer (&records, g_ptr_array_unref);

  bounce_imap_source_set_date_range (source, since, NULL);
  records = scan_mailbox (source, fixture->history.db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Neither dated scan stored a state, so an undated one reads all. */
  bounce_imap_source_set_date_range (source, NULL, NULL);
  records = scan_mailbox (source, fixture->history.db_path, &error);
  g_assert_no_error (error);
  g_assert_false (bounce_imap_source_get_was_incremental (source));
  g_assert_cmpuint (records->len, ==, 3);
}

static void
test_folders (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GBytes) message = new_message (7);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) folders = NULL;
  g_autofree char *path = NULL;

  if (fixture->server == NULL)
    return;

  path = test_imap_server_add_message (fixture->server, "Rückläufer", message, "S", 0);
  g_free (test_imap_server_dup_folder (fixture->server, "Archive"));

  source = new_trusting_source (fixture);
  folders = bounce_imap_source_list_folders (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (folders), ==, 3);
  g_assert_cmpstr (folders[0], ==, "INBOX");
  g_assert_cmpstr (folders[1], ==, "Archive");
  g_assert_cmpstr (folders[2], ==, "Rückläufer");

  bounce_imap_source_set_folder (source, "Rückläufer");
  records = scan_mailbox (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (((BounceRecord *) g_ptr_array_index (records, 0))->recipient, ==, "reader7@example.org");
  g_assert_nonnull (strstr (((BounceRecord *) g_ptr_array_index (records, 0))->file,
                            "/R%C3%BCckl%C3%A4ufer;UIDVALIDITY="));
}

/* One message fetched again after the scan, as the app's message window
 * does, with the folder unchanged. */
static void
test_fetch_message (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GBytes) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *text = NULL;
  BounceRecord *record;
  guint32 uidvalidity = 0;
  guint32 uid = 0;

  if (fixture->server == NULL)
    return;

  fill_inbox (fixture);
  source = new_trusting_source (fixture);
  records = scan_mailbox (source, NULL, &error);
  g_assert_no_error (error);
  before = test_imap_server_dup_snapshot (fixture->server, "INBOX");

  record = g_ptr_array_index (records, 0);
  g_assert_true (bounce_imap_parse_message_uri (record->file, NULL, &folder, &uidvalidity, &uid));
  message = bounce_imap_source_fetch_message (source, folder, uidvalidity, uid, NULL, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message));
  g_assert_nonnull (strstr (text, "Subject:"));
  if (record->recipient[0] != '\0')
    {
      g_autofree char *lower = g_ascii_strdown (text, -1);

      g_assert_nonnull (strstr (lower, record->recipient));
    }
  g_assert_null (strstr (text, "\r\n"));
  g_clear_pointer (&message, g_bytes_unref);

  /* A UID that does not exist, and a renumbered folder. */
  message = bounce_imap_source_fetch_message (source, folder, uidvalidity, 99999, NULL, &error);
  g_assert_null (message);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  after = test_imap_server_dup_snapshot (fixture->server, "INBOX");
  g_assert_cmpstr (after, ==, before);

  test_imap_server_renumber (fixture->server, "INBOX");
  message = bounce_imap_source_fetch_message (source, folder, uidvalidity, uid, NULL, &error);
  g_assert_null (message);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "renumbered"));
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  if (fixture->server == NULL)
    return;

  source = new_trusting_source (fixture);
  bounce_imap_source_set_password (source, "wrong password");
  records = scan_mailbox (source, NULL, &error);
  g_assert_null (records);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_AUTHENTICATION);
  g_assert_nonnull (strstr (error->message, "“jane”"));
  g_assert_nonnull (strstr (error->message, "app password"));
}

static void
test_unknown_folder (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  if (fixture->server == NULL)
    return;

  source = new_trusting_source (fixture);
  bounce_imap_source_set_folder (source, "Bounced Mail");
  records = scan_mailbox (source, NULL, &error);
  g_assert_null (records);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“Bounced Mail”"));
}

static void
test_self_signed (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) folders = NULL;
  const char *other = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
                      "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";

  if (fixture->server == NULL)
    return;

  /* Not trusted: refused, and the message shows the fingerprint. */
  source = new_source (fixture, BOUNCE_IMAP_SECURITY_TLS);
  folders = bounce_imap_source_list_folders (source, NULL, &error);
  g_assert_null (folders);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_CERTIFICATE);
  g_assert_cmpstr (bounce_imap_source_get_rejected_fingerprint (source), ==, fixture->server->fingerprint);
  g_assert_nonnull (strstr (error->message, fixture->server->fingerprint));
  g_assert_nonnull (strstr (error->message, "self-signed"));
  g_clear_error (&error);

  /* Another certificate's fingerprint does not help. */
  bounce_imap_source_set_trusted_fingerprint (source, other, &error);
  g_assert_no_error (error);
  folders = bounce_imap_source_list_folders (source, NULL, &error);
  g_assert_null (folders);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_CERTIFICATE);
  g_clear_error (&error);

  /* Its own fingerprint, in lower case without colons, does. */
  {
    g_autofree char *bare = g_ascii_strdown (fixture->server->fingerprint, -1);

    g_strdelimit (bare, ":", ' ');
    bounce_imap_source_set_trusted_fingerprint (source, bare, &error);
    g_assert_no_error (error);
  }
  folders = bounce_imap_source_list_folders (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (folders[0], ==, "INBOX");
}

static void
test_starttls (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GBytes) message = new_message (3);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (fixture->server == NULL)
    return;

  path = test_imap_server_add_message (fixture->server, "INBOX", message, "", 0);

  /* STARTTLS checks the certificate as TLS does. */
  source = new_source (fixture, BOUNCE_IMAP_SECURITY_STARTTLS);
  records = scan_mailbox (source, NULL, &error);
  g_assert_null (records);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_CERTIFICATE);
  g_clear_error (&error);

  bounce_imap_source_set_trusted_fingerprint (source, fixture->server->fingerprint, &error);
  g_assert_no_error (error);
  records = scan_mailbox (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (((BounceRecord *) g_ptr_array_index (records, 0))->recipient, ==, "reader3@example.org");
}

/* Without TLS, allowed to a loopback address. */
static void
test_plain_loopback (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GBytes) message = new_message (4);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *file = NULL;

  if (fixture->server == NULL)
    return;

  path = test_imap_server_add_message (fixture->server, "INBOX", message, "", 0);
  source = new_source (fixture, BOUNCE_IMAP_SECURITY_NONE);
  records = scan_mailbox (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  file = g_strdup_printf ("imap://jane@127.0.0.1:%u/INBOX;UIDVALIDITY=", fixture->server->port);
  g_assert_true (g_str_has_prefix (((BounceRecord *) g_ptr_array_index (records, 0))->file, file));
}

static void
test_wrong_security (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) folders = NULL;

  if (fixture->server == NULL)
    return;

  /* TLS to the plain port: the handshake fails. */
  source = bounce_imap_source_new ("127.0.0.1", fixture->server->port, BOUNCE_IMAP_SECURITY_TLS, TEST_IMAP_USER);
  bounce_imap_source_set_password (source, TEST_IMAP_PASSWORD);
  bounce_imap_source_set_timeout (source, SERVER_TIMEOUT);
  folders = bounce_imap_source_list_folders (source, NULL, &error);
  g_assert_null (folders);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "port 993"));
}

static void
test_dead_port (void)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) folders = NULL;

  source = bounce_imap_source_new ("127.0.0.1", test_imap_find_free_port (), BOUNCE_IMAP_SECURITY_TLS, "jane");
  bounce_imap_source_set_password (source, "secret");
  folders = bounce_imap_source_list_folders (source, NULL, &error);
  g_assert_null (folders);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_CONNECTION);
  g_assert_nonnull (strstr (error->message, "refused"));
}

/* A server that accepts the connection and never sends a greeting. */
static void
test_timeout (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) folders = NULL;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);

  source = bounce_imap_source_new ("127.0.0.1", port, BOUNCE_IMAP_SECURITY_NONE, "jane");
  bounce_imap_source_set_password (source, "secret");
  bounce_imap_source_set_timeout (source, 1);
  folders = bounce_imap_source_list_folders (source, NULL, &error);
  g_assert_null (folders);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "1 second"));
}

/* A misbehaving IMAP server */

/* What the fake server does wrong. */
typedef enum
{
  FAKE_SILENT,          /* accepts the connection and never greets */
  FAKE_SEARCH_TOO_MANY, /* EXISTS reports 2, UID SEARCH lists 1..FAKE_SEARCH_UIDS */
  FAKE_FOLDER_CRLF,     /* LIST returns a folder name with CR LF in it */
  FAKE_ENDLESS,         /* LIST gets untagged lines that never end */
} FakeMode;

#define FAKE_SEARCH_UIDS 5000

/* A server on a loopback port that replies to one connection from a thread
 * with canned replies, for the misbehaviour Dovecot never shows. */
typedef struct
{
  GSocketListener *listener;
  guint16          port;
  FakeMode         mode;
  GCancellable    *cancellable;
  GThread         *thread;
  GString         *commands;  /* every command line read, one per line */
} FakeServer;

static void
fake_reply (GOutputStream *out,
            const char    *text)
{
  g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL);
}

static void
fake_answer (FakeServer    *fake,
             GOutputStream *out,
             const char    *tag,
             const char    *command)
{
  g_autofree char *done = g_strdup_printf ("%s OK done\r\n", tag);

  if (g_ascii_strcasecmp (command, "CAPABILITY") == 0)
    fake_reply (out, "* CAPABILITY IMAP4rev1 LOGIN\r\n");
  else if (g_ascii_strcasecmp (command, "LIST") == 0 && fake->mode == FAKE_ENDLESS)
    {
      g_autofree char *padding = g_strnfill (1000, 'x');
      g_autofree char *line = g_strdup_printf ("* OK still here %s\r\n", padding);

      /* Until the client hangs up, and never the tagged reply. */
      while (g_output_stream_write_all (out, line, strlen (line), NULL, NULL, NULL))
        ;
      return;
    }
  else if (g_ascii_strcasecmp (command, "LIST") == 0)
    fake_reply (out, "* LIST (\\HasNoChildren) \"/\" INBOX\r\n"
                     "* LIST (\\HasNoChildren) \"/\" {9}\r\nBad\r\nName\r\n");
  else if (g_ascii_strcasecmp (command, "EXAMINE") == 0)
    fake_reply (out, "* 2 EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 7] UIDs valid\r\n");
  else if (g_ascii_strcasecmp (command, "UID") == 0)
    {
      g_autoptr(GString) search = g_string_new ("* SEARCH");

      for (guint uid = 1; uid <= FAKE_SEARCH_UIDS; uid++)
        g_string_append_printf (search, " %u", uid);
      g_string_append (search, "\r\n");
      fake_reply (out, search->str);
    }
  else if (g_ascii_strcasecmp (command, "LOGOUT") == 0)
    fake_reply (out, "* BYE logging out\r\n");

  fake_reply (out, done);
}

static gpointer
fake_server_run (gpointer data)
{
  FakeServer *fake = data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  GOutputStream *out;

  connection = g_socket_listener_accept (fake->listener, NULL, fake->cancellable, NULL);
  if (connection == NULL)
    return NULL;
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  /* The silent server reads until the client hangs up. */
  if (fake->mode == FAKE_SILENT)
    {
      char buffer[256];

      while (g_input_stream_read (G_INPUT_STREAM (in), buffer, sizeof buffer, NULL, NULL) > 0)
        ;
      return NULL;
    }

  fake_reply (out, "* OK [CAPABILITY IMAP4rev1 LOGIN] fake server ready\r\n");
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, NULL);
      g_auto(GStrv) words = NULL;

      if (line == NULL)
        break;
      g_strchomp (line);
      g_string_append_printf (fake->commands, "%s\n", line);
      words = g_strsplit (line, " ", 3);
      if (words[0] == NULL || words[1] == NULL)
        continue;
      fake_answer (fake, out, words[0], words[1]);
      if (g_ascii_strcasecmp (words[1], "LOGOUT") == 0)
        break;
    }

  return NULL;
}

static FakeServer *
fake_server_new (FakeMode mode)
{
  FakeServer *fake = g_new0 (FakeServer, 1);
  g_autoptr(GError) error = NULL;

  fake->listener = g_socket_listener_new ();
  fake->port = g_socket_listener_add_any_inet_port (fake->listener, NULL, &error);
  g_assert_no_error (error);
  fake->mode = mode;
  fake->commands = g_string_new (NULL);
  fake->cancellable = g_cancellable_new ();
  fake->thread = g_thread_new ("fake-imap", fake_server_run, fake);

  return fake;
}

/* Stops the server once the client is done with it, and returns the
 * commands it read. */
static char *
fake_server_finish (FakeServer *fake)
{
  g_cancellable_cancel (fake->cancellable);
  g_thread_join (fake->thread);
  g_socket_listener_close (fake->listener);
  g_object_unref (fake->listener);
  g_object_unref (fake->cancellable);

  return g_string_free (g_steal_pointer (&fake->commands), FALSE);
}

static BounceImapSource *
new_fake_source (FakeServer *fake,
                 const char *password,
                 guint       timeout)
{
  BounceImapSource *source = bounce_imap_source_new ("127.0.0.1", fake->port, BOUNCE_IMAP_SECURITY_NONE, "jane");

  bounce_imap_source_set_password (source, password);
  bounce_imap_source_set_timeout (source, timeout);

  return source;
}

/* The timeout bounds the whole wait for the greeting, not each of the
 * reads libetpan makes. Elapsed time is the only thing to check here, so
 * the bound is loose: one read takes 2 s, two took 4 s. */
static void
test_fake_silent_greeting (void)
{
  FakeServer *fake = fake_server_new (FAKE_SILENT);
  g_autoptr(BounceImapSource) source = new_fake_source (fake, "secret", 2);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) folders = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;
  g_autofree char *commands = NULL;

  folders = bounce_imap_source_list_folders (source, NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_null (folders);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_TIMED_OUT);
  g_assert_cmpint (elapsed, <, 3500 * G_TIME_SPAN_MILLISECOND);

  commands = fake_server_finish (fake);
  g_assert_cmpstr (commands, ==, "");
  g_free (fake);
}

static void
test_fake_search_too_many (void)
{
  FakeServer *fake = fake_server_new (FAKE_SEARCH_TOO_MANY);
  g_autoptr(BounceImapSource) source = new_fake_source (fake, "secret", SERVER_TIMEOUT);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strdup_printf ("reported 2 messages in the folder “INBOX” but its search "
                                               "returned %u", FAKE_SEARCH_UIDS);
  g_autofree char *commands = NULL;

  records = scan_mailbox (source, NULL, &error);
  g_assert_null (records);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, expected));

  /* Not one fetch for the 4998 UIDs the folder does not have. */
  commands = fake_server_finish (fake);
  g_assert_nonnull (strstr (commands, "UID SEARCH"));
  g_assert_null (strstr (commands, "FETCH"));
  g_free (fake);
}

static void
test_fake_folder_crlf (void)
{
  FakeServer *fake = fake_server_new (FAKE_FOLDER_CRLF);
  g_autoptr(BounceImapSource) source = new_fake_source (fake, "secret", SERVER_TIMEOUT);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) folders = NULL;
  g_autofree char *label = NULL;
  g_autofree char *commands = NULL;

  folders = bounce_imap_source_list_folders (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) folders, "Bad\r\nName"));

  label = bounce_imap_dup_folder_label ("Bad\r\nName");
  g_assert_cmpstr (label, ==, "Bad\\r\\nName");

  commands = fake_server_finish (fake);
  g_assert_nonnull (strstr (commands, "LIST"));
  g_free (fake);
}

/* A server that replies to a command with untagged lines that never end
 * is cut off after the reply limit, with a message that says so, and
 * does not take the computer's memory. */
static void
test_fake_endless_reply (void)
{
  FakeServer *fake = fake_server_new (FAKE_ENDLESS);
  g_autoptr(BounceImapSource) source = new_fake_source (fake, "secret", SERVER_TIMEOUT);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) folders = NULL;
  g_autofree char *commands = NULL;

  _bounce_imap_source_set_max_reply_bytes (1024 * 1024);
  folders = bounce_imap_source_list_folders (source, NULL, &error);
  _bounce_imap_source_set_max_reply_bytes (0);
  g_assert_null (folders);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "sent more than 1.0"));
  g_assert_nonnull (strstr (error->message, "in reply to one request"));

  commands = fake_server_finish (fake);
  g_assert_nonnull (strstr (commands, "LIST"));
  g_free (fake);
}

static void
test_folder_label (void)
{
  static const struct { const char *folder; const char *label; } cases[] = {
    { "INBOX", "INBOX" },
    { "Bad\r\nName", "Bad\\r\\nName" },
    { "Tab\there", "Tab\\there" },
    { "Esc\x1b[31m", "Esc\\x1B[31m" },
    { "Entwürfe", "Entwürfe" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = bounce_imap_dup_folder_label (cases[i].folder);

      g_assert_cmpstr (label, ==, cases[i].label);
    }
}

/* RFC 3501 allows 8-bit text in LOGIN only as a literal, which libetpan
 * does not send, so the password never leaves the computer. */
static void
test_fake_non_ascii_password (void)
{
  FakeServer *fake = fake_server_new (FAKE_SEARCH_TOO_MANY);
  g_autoptr(BounceImapSource) source = new_fake_source (fake, "geheim-äöü", SERVER_TIMEOUT);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) folders = NULL;
  g_autofree char *commands = NULL;

  folders = bounce_imap_source_list_folders (source, NULL, &error);
  g_assert_null (folders);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "outside ASCII"));

  commands = fake_server_finish (fake);
  g_assert_null (strstr (commands, "LOGIN"));
  g_free (fake);
}

static void
fill_relay_messages (Fixture *fixture)
{
  for (guint i = 1; i <= RELAY_MESSAGES; i++)
    {
      g_autoptr(GBytes) message = new_message (i);
      g_autofree char *path = test_imap_server_add_message (fixture->server, "INBOX", message, "", 0);
    }
}

static void
cancel_cb (BounceRecord *record,
           gpointer      user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
  g_autoptr(BounceHistory) history = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *account = NULL;
  guint32 uidvalidity = 1;
  guint32 last_uid = 1;
  gboolean scanned;

  if (fixture->server == NULL)
    return;

  fill_relay_messages (fixture);

  history = bounce_history_open (fixture->history.db_path, &error);
  g_assert_no_error (error);
  bounce_scanner_set_history (scanner, history);
  source = new_trusting_source (fixture);
  scanned = bounce_scanner_scan_mailbox (scanner, source, cancel_cb, cancellable, cancellable, &error);
  g_assert_false (scanned);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* A cancelled scan stores no state. */
  account = bounce_imap_source_dup_account_uri (source);
  bounce_history_get_mailbox_state (history, account, "INBOX", &uidvalidity, &last_uid, NULL);
  g_assert_cmpuint (uidvalidity, ==, 0);
  g_assert_cmpuint (last_uid, ==, 0);
}

/* Each UID once, and every one of 1..n. */
static void
assert_uids_once (GPtrArray *records,
                  guint      n)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < records->len; i++)
    {
      BounceRecord *record = g_ptr_array_index (records, i);
      const char *uid_text = strstr (record->file, "/;UID=");
      guint64 uid;

      g_assert_nonnull (uid_text);
      uid = g_ascii_strtoull (uid_text + 6, NULL, 10);
      g_assert_false (g_hash_table_contains (seen, GUINT_TO_POINTER (uid)));
      g_hash_table_add (seen, GUINT_TO_POINTER (uid));
    }

  g_assert_cmpuint (g_hash_table_size (seen), ==, n);
  for (guint uid = 1; uid <= n; uid++)
    g_assert_true (g_hash_table_contains (seen, GUINT_TO_POINTER (uid)));
}

static BounceImapSource *
new_relayed_source (Fixture   *fixture,
                    TestRelay *relay)
{
  BounceImapSource *source = bounce_imap_source_new ("127.0.0.1", test_relay_get_port (relay),
                                                     BOUNCE_IMAP_SECURITY_NONE, TEST_IMAP_USER);

  bounce_imap_source_set_password (source, TEST_IMAP_PASSWORD);
  bounce_imap_source_set_timeout (source, SERVER_TIMEOUT);

  return source;
}

/* The connection drops inside the second fetch; the scan reconnects and
 * reads every message once. */
static void
test_drop_resumes (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  TestRelay *relay;

  if (fixture->server == NULL)
    return;

  fill_relay_messages (fixture);
  relay = test_relay_new (fixture->server->port);
  /* The log-in, the search and the first fetch of 50 messages of about
   * 1.1 KB each take about 58 KB; the cut comes inside the second fetch. */
  test_relay_cut_next (relay, 63 * 1024);

  source = new_relayed_source (fixture, relay);
  records = scan_mailbox (source, fixture->history.db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (test_relay_get_n_connections (relay), ==, 2);
  g_assert_cmpuint (records->len, ==, RELAY_MESSAGES);
  assert_uids_once (records, RELAY_MESSAGES);

  test_relay_free (relay);
}

/* The connection drops and cannot be opened again: the scan stops with
 * an error that gives how far it got, and the next scan reads the rest. */
static void
test_drop_stops (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
  g_autoptr(BounceHistory) history = NULL;
  TestRelay *relay;
  gboolean scanned;

  if (fixture->server == NULL)
    return;

  fill_relay_messages (fixture);
  relay = test_relay_new (fixture->server->port);
  test_relay_cut_next (relay, 63 * 1024);
  test_relay_set_refusing (relay, TRUE);

  history = bounce_history_open (fixture->history.db_path, &error);
  g_assert_no_error (error);
  bounce_scanner_set_history (scanner, history);
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  source = new_relayed_source (fixture, relay);
  scanned = bounce_scanner_scan_mailbox (scanner, source, collect_record_cb, records, NULL, &error);
  g_assert_false (scanned);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_CONNECTION);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Reading stopped after 50 messages of 60 (up to UID 50)"));
  g_assert_cmpuint (records->len, ==, 50);
  g_clear_error (&error);
  g_clear_object (&history);
  g_clear_object (&scanner);

  /* The next scan, with the connection back, reads the other 10. */
  test_relay_set_refusing (relay, FALSE);
  rest = scan_mailbox (source, fixture->history.db_path, &error);
  g_assert_no_error (error);
  g_assert_true (bounce_imap_source_get_was_incremental (source));
  g_assert_cmpuint (rest->len, ==, RELAY_MESSAGES - 50);
  g_ptr_array_extend_and_steal (records, g_steal_pointer (&rest));
  assert_uids_once (records, RELAY_MESSAGES);

  test_relay_free (relay);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/imap/policy/loopback", test_policy_loopback);
  g_test_add_func ("/imap/policy/refuses-remote", test_policy_refuses_remote);
  g_test_add_func ("/imap/fingerprint/normalize", test_fingerprint_normalize);
  g_test_add_func ("/imap/utf7", test_utf7);
  g_test_add_func ("/imap/uri/parse", test_uri_parse);
  g_test_add_func ("/imap/uri/message-label", test_message_label);
  g_test_add_func ("/imap/error/dead-port", test_dead_port);
  g_test_add_func ("/imap/error/timeout", test_timeout);
  g_test_add_func ("/imap/folder-label", test_folder_label);
  g_test_add_func ("/imap/fake/silent-greeting", test_fake_silent_greeting);
  g_test_add_func ("/imap/fake/search-too-many", test_fake_search_too_many);
  g_test_add_func ("/imap/fake/folder-crlf", test_fake_folder_crlf);
  g_test_add_func ("/imap/fake/endless-reply", test_fake_endless_reply);
  g_test_add_func ("/imap/fake/non-ascii-password", test_fake_non_ascii_password);

#define ADD_SERVER_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD_SERVER_TEST ("/imap/scan/same-as-files", test_scan_same_as_files);
  ADD_SERVER_TEST ("/imap/scan/async", test_scan_async);
  ADD_SERVER_TEST ("/imap/scan/incremental", test_incremental);
  ADD_SERVER_TEST ("/imap/scan/include-earlier", test_incremental_include_earlier);
  ADD_SERVER_TEST ("/imap/scan/date-range", test_date_range);
  ADD_SERVER_TEST ("/imap/scan/cancel", test_cancel);
  ADD_SERVER_TEST ("/imap/fetch/one-message", test_fetch_message);
  ADD_SERVER_TEST ("/imap/folders", test_folders);
  ADD_SERVER_TEST ("/imap/error/wrong-password", test_wrong_password);
  ADD_SERVER_TEST ("/imap/error/unknown-folder", test_unknown_folder);
  ADD_SERVER_TEST ("/imap/error/wrong-security", test_wrong_security);
  ADD_SERVER_TEST ("/imap/tls/self-signed", test_self_signed);
  ADD_SERVER_TEST ("/imap/tls/starttls", test_starttls);
  ADD_SERVER_TEST ("/imap/plain/loopback", test_plain_loopback);
  ADD_SERVER_TEST ("/imap/drop/resumes", test_drop_resumes);
  ADD_SERVER_TEST ("/imap/drop/stops", test_drop_stops);

  return g_test_run ();
}

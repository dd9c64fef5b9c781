/* test-gui-mailbox.c: Open Mailbox in the desktop app, under Xvfb, with
 * a Dovecot server that the test starts on loopback ports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bounce-application.h"
#include "bounce-core.h"
#include "bounce-mailbox-dialog.h"
#include "bounce-message-window.h"
#include "bounce-window-private.h"
#include "gui-test-util.h"
#include "imap-server.h"

static BounceApplication *application;
static BounceWindow *window;
static TestImapServer *server;
static guint n_samples;

static gboolean
review_shown (void)
{
  return review_is_shown (window);
}

static BounceMailboxDialog *dialog;

static GtkWidget *
dialog_widget (const char *name)
{
  GtkWidget *widget = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), BOUNCE_TYPE_MAILBOX_DIALOG, name));

  g_assert_nonnull (widget);

  return widget;
}

static gboolean
folders_loaded (void)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (dialog_widget ("folder_row")));

  return g_list_model_get_n_items (model) == 2;
}

static void
fill_in_dialog (void)
{
  g_autofree char *port = g_strdup_printf ("%u", server->tls_port);

  gtk_editable_set_text (GTK_EDITABLE (dialog_widget ("server_row")), "127.0.0.1");
  adw_combo_row_set_selected (ADW_COMBO_ROW (dialog_widget ("security_row")), 0);
  gtk_editable_set_text (GTK_EDITABLE (dialog_widget ("port_row")), port);
  gtk_editable_set_text (GTK_EDITABLE (dialog_widget ("user_row")), TEST_IMAP_USER);
  gtk_editable_set_text (GTK_EDITABLE (dialog_widget ("password_row")), TEST_IMAP_PASSWORD);
}

/* The security setting moves the port along while it is a default. */
static void
test_dialog_port_follows_security (void)
{
  GtkEditable *port = GTK_EDITABLE (dialog_widget ("port_row"));
  AdwComboRow *security = ADW_COMBO_ROW (dialog_widget ("security_row"));

  adw_combo_row_set_selected (security, 1);
  g_assert_cmpstr (gtk_editable_get_text (port), ==, "143");
  adw_combo_row_set_selected (security, 0);
  g_assert_cmpstr (gtk_editable_get_text (port), ==, "993");
  gtk_editable_set_text (port, "1993");
  adw_combo_row_set_selected (security, 1);
  g_assert_cmpstr (gtk_editable_get_text (port), ==, "1993");
  adw_combo_row_set_selected (security, 0);
}

/* No security to another computer is rejected before connecting. */
static void
test_dialog_rejects_plain_remote (void)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GError) error = NULL;

  fill_in_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (dialog_widget ("server_row")), "imap.example.com");
  adw_combo_row_set_selected (ADW_COMBO_ROW (dialog_widget ("security_row")), 2);
  source = bounce_mailbox_dialog_build_source (dialog, &error);
  g_assert_null (source);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INSECURE);

  /* The dates: Until is included, so BEFORE is the next day. */
  fill_in_dialog ();
  g_clear_error (&error);
  source = bounce_mailbox_dialog_build_source (dialog, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bounce_imap_source_get_folder (source), ==, "INBOX");
  g_assert_cmpint (bounce_imap_source_get_security (source), ==, BOUNCE_IMAP_SECURITY_TLS);
}

static GtkLabel *
find_label_containing (GtkWidget  *widget,
                       const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = find_label_containing (child, text);

      if (label != NULL)
        return label;
    }

  return NULL;
}

/* A zero-width space (U+200B) in UTF-8, which the question may put after
 * a colon of the fingerprint. */
#define ZERO_WIDTH_SPACE "\xe2\x80\x8b"

static gboolean
is_in_fingerprint (const char *c)
{
  return g_ascii_isxdigit (*c) || *c == ':' || g_str_has_prefix (c, ZERO_WIDTH_SPACE);
}

/* The question shows the server's fingerprint, and at any width its
 * lines break only after a colon, never inside a byte. */
static void
assert_question_shows_fingerprint (AdwMessageDialog *question)
{
  GtkLabel *body = find_label_containing (GTK_WIDGET (question), "SHA-256");
  g_autoptr(GString) shown_text = NULL;
  g_autofree char *first_byte = NULL;
  const char *text;
  const char *start;
  const char *end;

  g_assert_nonnull (body);
  text = gtk_label_get_text (body);

  /* Without its zero-width spaces, the text contains the fingerprint. */
  shown_text = g_string_new (text);
  g_string_replace (shown_text, ZERO_WIDTH_SPACE, "", 0);
  g_assert_nonnull (strstr (shown_text->str, server->fingerprint));

  /* Where the fingerprint is in the label's own text. */
  first_byte = g_strndup (server->fingerprint, 3);
  start = strstr (text, first_byte);
  g_assert_nonnull (start);
  for (end = start; is_in_fingerprint (end); end++)
    ;

  for (int width = 40; width <= 600; width++)
    {
      g_autoptr(PangoLayout) layout = pango_layout_copy (gtk_label_get_layout (body));
      PangoLayoutIter *iter;

      pango_layout_set_width (layout, width * PANGO_SCALE);
      iter = pango_layout_get_iter (layout);
      do
        {
          const char *line = text + pango_layout_iter_get_line_readonly (iter)->start_index;
          const char *before = line;

          if (line <= start || line >= end)
            continue;
          while (before > start && g_str_has_prefix (before - 3, ZERO_WIDTH_SPACE))
            before -= 3;
          if (before[-1] != ':')
            g_test_message ("At %d px a line starts with “%.8s”", width, line);
          g_assert_cmpint (before[-1], ==, ':');
        }
      while (pango_layout_iter_next_line (iter));
      pango_layout_iter_free (iter);
    }
}

/* Read Mailbox on a server whose self-signed certificate is not yet
 * trusted asks whether to trust it, with the fingerprint. Cancel leaves
 * the certificate untrusted for the next test. */
static void
test_read_untrusted_asks (void)
{
  AdwMessageDialog *question;

  fill_in_dialog ();
  g_signal_emit_by_name (dialog_widget ("read_button"), "clicked");
  dialog = NULL;
  wait_until (visible_message_dialog_shown, "the certificate question");

  question = find_visible_message_dialog ();
  assert_question_shows_fingerprint (question);
  g_assert_false (_bounce_window_is_loading (window));
  adw_message_dialog_response (question, "cancel");
  gtk_window_destroy (GTK_WINDOW (question));

  dialog = _bounce_window_choose_mailbox (window);
  wait_frames (3);
}

/* The folder list loads after the person trusts the self-signed
 * certificate. Its fingerprint is shown and remembered. */
static void
test_dialog_trust_and_folders (void)
{
  AdwMessageDialog *question;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GVariant) trusted = NULL;
  g_autofree char *key = g_strdup_printf ("127.0.0.1:%u", server->tls_port);
  const char *fingerprint = NULL;

  fill_in_dialog ();
  bounce_mailbox_dialog_load_folders (dialog);
  wait_until (visible_message_dialog_shown, "the certificate question");

  question = find_visible_message_dialog ();
  assert_question_shows_fingerprint (question);
  save_screenshot (GTK_WIDGET (question), "mailbox-trust");
  adw_message_dialog_response (question, "trust");
  gtk_window_destroy (GTK_WINDOW (question));

  wait_until (folders_loaded, "the folder list");
  trusted = g_settings_get_value (settings, "mailbox-trusted-certificates");
  g_assert_true (g_variant_lookup (trusted, key, "&s", &fingerprint));
  g_assert_cmpstr (fingerprint, ==, server->fingerprint);
  save_screenshot (GTK_WIDGET (dialog), "mailbox-dialog");
}

static void
collect_cb (BounceRecord *record,
            gpointer      user_data)
{
  g_ptr_array_add (user_data, bounce_record_ref (record));
}

/* The source of the last read of the server's TLS port, kept by the app. */
static BounceImapSource *
last_source (guint16 port)
{
  g_autofree char *account = g_strdup_printf ("imaps://%s@127.0.0.1:%u", TEST_IMAP_USER, port);
  BounceImapSource *source = bounce_mailbox_lookup_source (account);

  g_assert_nonnull (source);

  return source;
}

/* The review shows what a scan of the Maildir's files finds. */
static void
assert_review_same_as_files (void)
{
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { server->maildir, NULL };
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  bounce_scanner_scan (scanner, paths, collect_cb, records, NULL, &error);
  g_assert_no_error (error);
  expected = test_imap_dup_verdicts (records);
  actual = test_imap_dup_verdicts (window->records);
  g_assert_cmpstr (actual, ==, expected);
}

static BounceMessageWindow *message_window;

static gboolean
message_loaded (void)
{
  GtkTextView *view = GTK_TEXT_VIEW (gtk_widget_get_template_child (GTK_WIDGET (message_window),
                                                                    BOUNCE_TYPE_MESSAGE_WINDOW, "text_view"));

  return gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (view)) > 0;
}

/* Read Mailbox closes the dialog and shows the folder's bounces. */
static void
test_read_mailbox (void)
{
  g_autofree char *before = test_imap_server_dup_snapshot (server, "INBOX");
  g_autofree char *after = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *saved_server = NULL;

  g_signal_emit_by_name (dialog_widget ("read_button"), "clicked");
  dialog = NULL;
  g_assert_true (_bounce_window_is_loading (window));
  wait_until (review_shown, "the mailbox to load");

  g_assert_nonnull (window->records);
  g_assert_cmpuint (window->records->len, >=, n_samples);
  for (guint i = 0; i < window->records->len; i++)
    {
      BounceRecord *record = g_ptr_array_index (window->records, i);

      g_assert_true (g_str_has_prefix (record->file, "imaps://jane@127.0.0.1:"));
    }

  /* The mailbox is as it was, and the account (not the password) is
   * remembered. */
  after = test_imap_server_dup_snapshot (server, "INBOX");
  g_assert_cmpstr (after, ==, before);
  saved_server = g_settings_get_string (settings, "mailbox-server");
  g_assert_cmpstr (saved_server, ==, "127.0.0.1");
  save_screenshot (GTK_WIDGET (window), "mailbox-review");

  /* Every message was fetched, and the verdicts are a folder scan's. */
  g_assert_cmpuint (bounce_imap_source_get_n_read (last_source (server->tls_port)), ==, n_samples);
  assert_review_same_as_files ();

  /* The message window fetches a message from the server again. */
  {
    BounceRecord *record = g_ptr_array_index (window->records, 0);
    GtkTextBuffer *buffer = NULL;
    g_autofree char *text = NULL;
    GtkTextIter start;
    GtkTextIter end;

    g_autofree char *label = bounce_imap_dup_message_label (record->file);
    AdwWindowTitle *title = NULL;

    message_window = bounce_message_window_new (GTK_WINDOW (window), record);
    title = ADW_WINDOW_TITLE (gtk_widget_get_template_child (GTK_WIDGET (message_window),
                                                             BOUNCE_TYPE_MESSAGE_WINDOW, "window_title"));
    g_assert_true (g_str_has_prefix (label, "INBOX, UID "));
    g_assert_cmpstr (adw_window_title_get_title (title), ==, label);
    wait_until (message_loaded, "the message from the server");
    buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (gtk_widget_get_template_child (
                                         GTK_WIDGET (message_window), BOUNCE_TYPE_MESSAGE_WINDOW, "text_view")));
    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_nonnull (strstr (text, "Subject:"));
    gtk_window_destroy (GTK_WINDOW (message_window));
    message_window = NULL;
  }

  /* Nor did fetching the message change the folder. */
  g_clear_pointer (&after, g_free);
  after = test_imap_server_dup_snapshot (server, "INBOX");
  g_assert_cmpstr (after, ==, before);
}

/* Opens the dialog with what it remembers, types the password (never
 * remembered without the keyring), sets @port and reads. */
static void
read_mailbox_with_dialog (guint16 port)
{
  g_autofree char *port_text = g_strdup_printf ("%u", port);

  dialog = _bounce_window_choose_mailbox (window);
  wait_frames (3);
  gtk_editable_set_text (GTK_EDITABLE (dialog_widget ("port_row")), port_text);
  gtk_editable_set_text (GTK_EDITABLE (dialog_widget ("password_row")), TEST_IMAP_PASSWORD);
  g_signal_emit_by_name (dialog_widget ("read_button"), "clicked");
  dialog = NULL;
  g_assert_true (_bounce_window_is_loading (window));
}

static GBytes *
new_bounce (guint index)
{
  g_autofree char *text = g_strdup_printf ("From: Mail Delivery System <mailer-daemon@mx.example.net>\n"
                                           "To: news@example.com\n"
                                           "Subject: Undelivered Mail Returned to Sender\n"
                                           "Date: Wed, 3 Jan 2024 09:00:00 +0000\n"
                                           "Message-ID: <gui-bounce-%u@mx.example.net>\n"
                                           "\n"
                                           "<subscriber%u@example.org>: host mx.example.org said: 550 5.1.1 "
                                           "<subscriber%u@example.org>: Recipient address rejected: "
                                           "User unknown\n",
                                           index, index, index);

  return g_bytes_new_take (g_strdup (text), strlen (text));
}

/* The second read fetches only the new message, and the review shows
 * every bounce of the folder, as a scan of its files does. */
static void
test_read_again_fetches_new (void)
{
  g_autoptr(GBytes) message = new_bounce (1);
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint n_records;

  n_records = window->records->len;
  path = test_imap_server_add_message (server, "INBOX", message, "", 0);
  before = test_imap_server_dup_snapshot (server, "INBOX");

  read_mailbox_with_dialog (server->tls_port);
  wait_until (review_shown, "the mailbox to load again");

  g_assert_cmpuint (bounce_imap_source_get_n_read (last_source (server->tls_port)), ==, 1);
  g_assert_true (bounce_imap_source_get_was_incremental (last_source (server->tls_port)));
  g_assert_cmpuint (window->records->len, ==, n_records + 1);
  assert_review_same_as_files ();

  after = test_imap_server_dup_snapshot (server, "INBOX");
  g_assert_cmpstr (after, ==, before);
}

/* The date range comes back from GSettings. With it, the messages read
 * before still come from the history. */
static void
test_date_range_remembered (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GDateTime) since = g_date_time_new_local (2024, 3, 1, 0, 0, 0);
  g_autoptr(GDateTime) restored = NULL;
  g_autofree char *saved_since = NULL;
  g_autofree char *saved_until = NULL;
  g_autofree char *today = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  dialog = _bounce_window_choose_mailbox (window);
  wait_frames (3);
  g_assert_false (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (dialog_widget ("date_row"))));
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (dialog_widget ("date_row")), TRUE);
  gtk_calendar_select_day (GTK_CALENDAR (dialog_widget ("since_calendar")), since);
  gtk_editable_set_text (GTK_EDITABLE (dialog_widget ("password_row")), TEST_IMAP_PASSWORD);
  g_signal_emit_by_name (dialog_widget ("read_button"), "clicked");
  dialog = NULL;
  wait_until (review_shown, "the date range to load");
  g_assert_cmpuint (bounce_imap_source_get_n_read (last_source (server->tls_port)), ==, 0);

  g_assert_true (g_settings_get_boolean (settings, "mailbox-date-range"));
  saved_since = g_settings_get_string (settings, "mailbox-since");
  g_assert_cmpstr (saved_since, ==, "2024-03-01");
  saved_until = g_settings_get_string (settings, "mailbox-until");
  today = g_date_time_format (now, "%Y-%m-%d");
  g_assert_cmpstr (saved_until, ==, today);

  /* A new dialog shows the range again. */
  dialog = _bounce_window_choose_mailbox (window);
  wait_frames (3);
  g_assert_true (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (dialog_widget ("date_row"))));
  restored = gtk_calendar_get_date (GTK_CALENDAR (dialog_widget ("since_calendar")));
  g_assert_cmpint (g_date_time_get_year (restored), ==, 2024);
  g_assert_cmpint (g_date_time_get_month (restored), ==, 3);
  g_assert_cmpint (g_date_time_get_day_of_month (restored), ==, 1);

  /* Switched off, the range is kept for next time but not applied. */
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (dialog_widget ("date_row")), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (dialog_widget ("password_row")), TEST_IMAP_PASSWORD);
  g_signal_emit_by_name (dialog_widget ("read_button"), "clicked");
  dialog = NULL;
  wait_until (review_shown, "the whole folder to load");
  g_assert_false (g_settings_get_boolean (settings, "mailbox-date-range"));
  g_clear_pointer (&saved_since, g_free);
  saved_since = g_settings_get_string (settings, "mailbox-since");
  g_assert_cmpstr (saved_since, ==, "2024-03-01");
}

/* A new window opens the history again from disk: reading the mailbox
 * fetches nothing and shows the stored bounces. */
static void
test_new_window_shows_stored (void)
{
  g_autofree char *verdicts = test_imap_dup_verdicts (window->records);
  g_autofree char *shown_verdicts = NULL;
  guint n_records = window->records->len;

  gtk_window_destroy (GTK_WINDOW (window));
  window = present_new_window (application, 5);

  read_mailbox_with_dialog (server->tls_port);
  wait_until (review_shown, "the stored bounces");
  g_assert_cmpuint (bounce_imap_source_get_n_read (last_source (server->tls_port)), ==, 0);
  g_assert_cmpuint (window->records->len, ==, n_records);
  shown_verdicts = test_imap_dup_verdicts (window->records);
  g_assert_cmpstr (shown_verdicts, ==, verdicts);
  assert_review_same_as_files ();

  /* A bounce taken from the history keeps its place in the mailbox, and
   * its message is fetched alone when asked for. */
  {
    BounceRecord *record = g_ptr_array_index (window->records, 0);
    g_autofree char *label = bounce_imap_dup_message_label (record->file);

    g_assert_true (g_str_has_prefix (label, "INBOX, UID "));
    message_window = bounce_message_window_new (GTK_WINDOW (window), record);
    wait_until (message_loaded, "the stored bounce's message from the server");
    gtk_window_destroy (GTK_WINDOW (message_window));
    message_window = NULL;
  }

  /* As after a restart, with no account kept: the window prompts for the
   * password and fetches that one message. */
  {
    BounceRecord *record = g_ptr_array_index (window->records, 1);
    g_autofree char *before = test_imap_server_dup_snapshot (server, "INBOX");
    g_autofree char *after = NULL;
    GtkWidget *fetch_box;
    GtkLabel *notice;

    bounce_mailbox_forget_sources ();
    message_window = bounce_message_window_new (GTK_WINDOW (window), record);
    fetch_box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (message_window),
                                                           BOUNCE_TYPE_MESSAGE_WINDOW, "fetch_box"));
    notice = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (message_window),
                                                       BOUNCE_TYPE_MESSAGE_WINDOW, "notice_label"));
    g_assert_true (gtk_widget_get_visible (fetch_box));
    g_assert_nonnull (strstr (gtk_label_get_text (notice), "Enter the password"));
    gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (message_window),
                                                                        BOUNCE_TYPE_MESSAGE_WINDOW,
                                                                        "password_entry")),
                           TEST_IMAP_PASSWORD);
    g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (message_window),
                                                          BOUNCE_TYPE_MESSAGE_WINDOW, "fetch_button"),
                           "clicked");
    wait_until (message_loaded, "the message fetched with the password typed in");
    g_assert_false (gtk_widget_get_visible (fetch_box));
    gtk_window_destroy (GTK_WINDOW (message_window));
    message_window = NULL;

    /* The account is kept again, and the folder is unchanged. */
    g_assert_nonnull (last_source (server->tls_port));
    after = test_imap_server_dup_snapshot (server, "INBOX");
    g_assert_cmpstr (after, ==, before);
  }
}

static gboolean
progress_shows_fetch (void)
{
  const char *text = gtk_label_get_text (window->bounces_progress_label);

  return g_str_has_prefix (text, "Read ") && !g_str_has_prefix (text, "Read 0 ");
}

/* Bytes of the messages in INBOX's cur/ and new/. */
static gsize
get_inbox_size (void)
{
  static const char * const subdirs[] = { "cur", "new" };
  gsize total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = g_build_filename (server->maildir, subdirs[i], NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *file = g_build_filename (path, name, NULL);
          GStatBuf info;

          g_assert_cmpint (g_stat (file, &info), ==, 0);
          total += (gsize) info.st_size;
        }
    }

  return total;
}

/* Messages added for the cancel test: more than one fetch of 50. */
#define CANCEL_MESSAGES 300

/* Cancel in the middle of the fetch leaves the review and the folder as
 * they were, and the next read fetches the rest. */
static void
test_cancel_mid_fetch (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GVariant) trusted = g_settings_get_value (settings, "mailbox-trusted-certificates");
  g_autofree char *key = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *name;
  const char *fingerprint;
  TestRelay *relay = test_relay_new (server->tls_port);
  guint16 relay_port = test_relay_get_port (relay);
  GPtrArray *records_before = window->records;
  guint n_records = window->records->len;
  gsize n_bytes_before;
  guint n_read;

  n_bytes_before = get_inbox_size ();
  for (guint i = 0; i < CANCEL_MESSAGES; i++)
    {
      g_autoptr(GBytes) message = new_bounce (100 + i);

      g_free (test_imap_server_add_message (server, "INBOX", message, "", 0));
    }
  before = test_imap_server_dup_snapshot (server, "INBOX");

  /* The relay's port is another server:port to trust. */
  key = g_strdup_printf ("127.0.0.1:%u", relay_port);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, trusted);
  while (g_variant_iter_next (&iter, "{&s&s}", &name, &fingerprint))
    g_variant_builder_add (&builder, "{ss}", name, fingerprint);
  g_variant_builder_add (&builder, "{ss}", key, server->fingerprint);
  g_settings_set_value (settings, "mailbox-trusted-certificates", g_variant_builder_end (&builder));

  /* The relay's port makes another account, whose every message is
   * fetched. The relay stops once the messages there before and about
   * 40 KB more came through: after the first fetch of 50, and about
   * 100 KB (250 new messages of 0.4 KB) before the end. */
  test_relay_hold_next (relay, n_bytes_before + 40 * 1024);
  read_mailbox_with_dialog (relay_port);
  wait_until (progress_shows_fetch, "the first messages to arrive");
  g_assert_true (_bounce_window_is_loading (window));

  _bounce_window_cancel_loading (window);
  wait_until (review_shown, "the review after Cancel");
  wait_frames (3);
  g_assert_null (find_visible_message_dialog ());
  g_assert_true (window->records == records_before);
  g_assert_cmpuint (window->records->len, ==, n_records);
  test_relay_release (relay);
  test_relay_free (relay);

  after = test_imap_server_dup_snapshot (server, "INBOX");
  g_assert_cmpstr (after, ==, before);

  /* The next read gets every message, fetching at most the new ones. */
  read_mailbox_with_dialog (server->tls_port);
  wait_until (review_shown, "the mailbox after the cancelled read");
  n_read = bounce_imap_source_get_n_read (last_source (server->tls_port));
  g_assert_cmpuint (n_read, >, 0);
  g_assert_cmpuint (n_read, <=, CANCEL_MESSAGES);
  g_assert_cmpuint (window->records->len, ==, n_records + CANCEL_MESSAGES);
  assert_review_same_as_files ();
}

/* With the history off, the dialog shows a notice and every message is fetched. */
static void
test_history_off_fetches_all (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *before = test_imap_server_dup_snapshot (server, "INBOX");
  g_autofree char *after = NULL;
  const char *description;
  guint n_records = window->records->len;

  g_settings_set_boolean (settings, "keep-history", FALSE);
  wait_frames (3);
  g_assert_null (bounce_window_get_history (window));

  dialog = _bounce_window_choose_mailbox (window);
  wait_frames (3);
  description = adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (dialog_widget ("messages_group")));
  g_assert_nonnull (strstr (description, "history is off"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  dialog = NULL;

  read_mailbox_with_dialog (server->tls_port);
  wait_until (review_shown, "the mailbox without history");
  g_assert_cmpuint (bounce_imap_source_get_n_read (last_source (server->tls_port)), ==,
                    n_samples + 1 + CANCEL_MESSAGES);
  g_assert_cmpuint (window->records->len, ==, n_records);
  assert_review_same_as_files ();

  after = test_imap_server_dup_snapshot (server, "INBOX");
  g_assert_cmpstr (after, ==, before);
  g_settings_set_boolean (settings, "keep-history", TRUE);
}

static gboolean
status_shows_rejection (void)
{
  return strstr (gtk_label_get_text (GTK_LABEL (dialog_widget ("status_label"))), "rejected") != NULL;
}

static void
test_skipped (void)
{
  g_test_skip ("dovecot is not installed (Debian package dovecot-imapd, see build-aux/setup.sh)");
}

/* A wrong password shows its own message in the dialog. */
static void
test_dialog_wrong_password (void)
{
  GtkLabel *status;

  dialog = _bounce_window_choose_mailbox (window);
  wait_frames (3);
  /* The server, port and user are remembered, but the password is not. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_widget ("server_row"))), ==, "127.0.0.1");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_widget ("password_row"))), ==, "");

  gtk_editable_set_text (GTK_EDITABLE (dialog_widget ("password_row")), "wrong");
  bounce_mailbox_dialog_load_folders (dialog);
  wait_until (status_shows_rejection, "the login to fail");
  status = GTK_LABEL (dialog_widget ("status_label"));
  g_assert_nonnull (strstr (gtk_label_get_text (status), "“jane”"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status), "error"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  dialog = NULL;
}

/* Read Mailbox against a certificate not trusted yet shows the same
 * question as the folder list, and reads the folder once it is trusted. */
static void
test_read_trust_self_signed (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GVariant) trusted = NULL;
  g_autofree char *key = g_strdup_printf ("127.0.0.1:%u", server->tls_port);
  const char *fingerprint = NULL;
  AdwMessageDialog *question;
  guint n_records = window->records->len;

  g_settings_reset (settings, "mailbox-trusted-certificates");
  read_mailbox_with_dialog (server->tls_port);
  wait_until (visible_message_dialog_shown, "the certificate question after Read Mailbox");

  question = find_visible_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Trust This Certificate?");
  assert_question_shows_fingerprint (question);
  adw_message_dialog_response (question, "trust");
  gtk_window_destroy (GTK_WINDOW (question));

  wait_until (review_shown, "the mailbox after trusting its certificate");
  trusted = g_settings_get_value (settings, "mailbox-trusted-certificates");
  g_assert_true (g_variant_lookup (trusted, key, "&s", &fingerprint));
  g_assert_cmpstr (fingerprint, ==, server->fingerprint);
  g_assert_cmpuint (window->records->len, ==, n_records);
  assert_review_same_as_files ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dovecot = test_imap_server_find_dovecot ();
  g_autofree char *bounces = g_build_filename (SOURCE_SAMPLES_DIR, "bounces", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;
  int status;

  /* A history of its own, so that the incremental reads start empty. */
  data_home = g_dir_make_tmp ("bounce-gui-mailbox-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  if (dovecot == NULL)
    {
      g_test_add_func ("/gui-mailbox/skipped", test_skipped);
      return g_test_run ();
    }

  server = test_imap_server_new ();
  n_samples = test_imap_server_add_folder_of_messages (server, "INBOX", bounces, NULL);
  g_free (test_imap_server_dup_folder (server, "Bounces"));

  application = bounce_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  window = present_new_window (application, 5);
  dialog = _bounce_window_choose_mailbox (window);
  wait_frames (5);

  /* The tests build on each other, in this order. */
  g_test_add_func ("/gui-mailbox/a-dialog/port-follows-security", test_dialog_port_follows_security);
  g_test_add_func ("/gui-mailbox/b-dialog/rejects-plain-remote", test_dialog_rejects_plain_remote);
  g_test_add_func ("/gui-mailbox/b-read/untrusted-asks", test_read_untrusted_asks);
  g_test_add_func ("/gui-mailbox/c-dialog/trust-and-folders", test_dialog_trust_and_folders);
  g_test_add_func ("/gui-mailbox/d-read/records", test_read_mailbox);
  g_test_add_func ("/gui-mailbox/e-read/again-fetches-new", test_read_again_fetches_new);
  g_test_add_func ("/gui-mailbox/f-read/date-range-remembered", test_date_range_remembered);
  g_test_add_func ("/gui-mailbox/g-read/new-window-stored", test_new_window_shows_stored);
  g_test_add_func ("/gui-mailbox/h-read/cancel-mid-fetch", test_cancel_mid_fetch);
  g_test_add_func ("/gui-mailbox/i-read/history-off-fetches-all", test_history_off_fetches_all);
  g_test_add_func ("/gui-mailbox/j-dialog/wrong-password", test_dialog_wrong_password);
  g_test_add_func ("/gui-mailbox/k-read/trust-self-signed", test_read_trust_self_signed);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&application);
  test_imap_server_free (server);

  return status;
}

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
  return g_strcmp0 (gtk_stack_get_visible_child_name (window->main_stack), "review") == 0
         && !_bounce_window_is_loading (window);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

static gboolean
message_dialog_shown (void)
{
  return find_message_dialog () != NULL;
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

/* No security to another computer is refused before connecting. */
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

/* The folder list loads after the person trusts the self-signed
 * certificate; its fingerprint is shown and remembered. */
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
  wait_until (message_dialog_shown, "the certificate question");

  question = find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), server->fingerprint));
  save_screenshot (GTK_WIDGET (question), "mailbox-trust");
  adw_message_dialog_response (question, "trust");
  gtk_window_destroy (GTK_WINDOW (question));

  wait_until (folders_loaded, "the folder list");
  trusted = g_settings_get_value (settings, "mailbox-trusted-certificates");
  g_assert_true (g_variant_lookup (trusted, key, "&s", &fingerprint));
  g_assert_cmpstr (fingerprint, ==, server->fingerprint);
  save_screenshot (GTK_WIDGET (dialog), "mailbox-dialog");
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
  /* The server, port and user are remembered; the password is not. */
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

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dovecot = test_imap_server_find_dovecot ();
  g_autofree char *bounces = g_build_filename (SOURCE_SAMPLES_DIR, "bounces", NULL);
  g_autoptr(GError) error = NULL;
  int status;

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
  window = bounce_window_new (GTK_APPLICATION (application));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  gtk_window_present (GTK_WINDOW (window));
  wait_frames (5);
  dialog = _bounce_window_choose_mailbox (window);
  wait_frames (5);

  /* The tests build on each other, in this order. */
  g_test_add_func ("/gui-mailbox/a-dialog/port-follows-security", test_dialog_port_follows_security);
  g_test_add_func ("/gui-mailbox/b-dialog/rejects-plain-remote", test_dialog_rejects_plain_remote);
  g_test_add_func ("/gui-mailbox/c-dialog/trust-and-folders", test_dialog_trust_and_folders);
  g_test_add_func ("/gui-mailbox/d-read/records", test_read_mailbox);
  g_test_add_func ("/gui-mailbox/e-dialog/wrong-password", test_dialog_wrong_password);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&application);
  test_imap_server_free (server);

  return status;
}

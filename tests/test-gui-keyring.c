/* test-gui-keyring.c: the mailbox password in a real secret service.
 * tests/run-with-keyring.sh starts GNOME Keyring in a D-Bus session of
 * the test's own; without it, the tests skip.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "bounce-mailbox-dialog.h"
#include "bounce-message-window.h"
#include "gui-test-util.h"
#include "imap-server.h"

#define TEST_PASSWORD "keyring-test-Pa55word-7f3a"

static BounceMailboxDialog *dialog;
static GSettings *settings;
static guint16 dead_port;
static char *data_home;
static char *config_home;

static GtkWidget *
dialog_widget (const char *name)
{
  GtkWidget *widget = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), BOUNCE_TYPE_MAILBOX_DIALOG, name));

  g_assert_nonnull (widget);

  return widget;
}

/* The password the keyring stores for the test's account, or NULL. */
static char *
look_up_password (void)
{
  g_autoptr(GError) error = NULL;
  char *password = secret_password_lookup_sync (bounce_mailbox_get_password_schema (), NULL, &error,
                                                 "server", "127.0.0.1", "port", (int) dead_port,
                                                 "user", TEST_IMAP_USER, NULL);

  g_assert_no_error (error);

  return password;
}

static gboolean
password_stored (void)
{
  g_autofree char *password = look_up_password ();

  return password != NULL;
}

static gboolean
password_cleared (void)
{
  g_autofree char *password = look_up_password ();

  return password == NULL;
}

static gboolean
password_filled_in (void)
{
  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (dialog_widget ("password_row"))), TEST_PASSWORD) == 0;
}

static BounceMessageWindow *message_window;

static gboolean
message_password_filled_in (void)
{
  GtkEditable *entry = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (message_window),
                                                                    BOUNCE_TYPE_MESSAGE_WINDOW, "password_entry"));

  return g_strcmp0 (gtk_editable_get_text (entry), TEST_PASSWORD) == 0;
}

/* Fills in an account on a loopback port nothing listens on, so that
 * nothing leaves the computer when the dialog loads the folders. */
static void
open_dialog (void)
{
  g_autofree char *port = g_strdup_printf ("%u", dead_port);

  dialog = bounce_mailbox_dialog_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_frames (3);
  gtk_editable_set_text (GTK_EDITABLE (dialog_widget ("server_row")), "127.0.0.1");
  gtk_editable_set_text (GTK_EDITABLE (dialog_widget ("port_row")), port);
  gtk_editable_set_text (GTK_EDITABLE (dialog_widget ("user_row")), TEST_IMAP_USER);
}

static void
press_read (void)
{
  g_signal_emit_by_name (dialog_widget ("read_button"), "clicked");
  dialog = NULL;
}

/* Fails when a file under @path contains the test password. */
static void
assert_no_file_contains_password (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (path, &contents, &length, NULL))
        {
          g_test_message ("checked %s", path);
          g_assert_null (g_strstr_len (contents, (gssize) length, TEST_PASSWORD));
        }
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      assert_no_file_contains_password (child);
    }
}

static void
assert_settings_lack_password (void)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_test_message ("%s = %s", keys[i], text);
      g_assert_null (strstr (text, TEST_PASSWORD));
    }
}

/* Remember Password stores the password in the keyring, and a new
 * dialog fills it in from there. No setting and no file of the app
 * contains it, and turning Remember off deletes it. */
static void
test_keyring_remember (void)
{
  g_autofree char *stored = NULL;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no D-Bus session: run the test through tests/run-with-keyring.sh");
      return;
    }

  g_assert_true (password_cleared ());

  open_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (dialog_widget ("password_row")), TEST_PASSWORD);
  gtk_switch_set_active (GTK_SWITCH (dialog_widget ("remember_switch")), TRUE);
  press_read ();
  wait_until (password_stored, "the password in the keyring");
  stored = look_up_password ();
  g_assert_cmpstr (stored, ==, TEST_PASSWORD);

  /* A new dialog fills the password in from the keyring. */
  dialog = bounce_mailbox_dialog_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (dialog_widget ("remember_switch"))));
  wait_until (password_filled_in, "the password from the keyring");

  assert_settings_lack_password ();
  assert_no_file_contains_password (data_home);
  assert_no_file_contains_password (config_home);

  /* The message window of a bounce of that account, with no source
   * kept (as after a restart), fills the password in as well. */
  {
    g_autofree char *file = g_strdup_printf ("imaps://%s@127.0.0.1:%u/INBOX;UIDVALIDITY=7/;UID=42",
                                             TEST_IMAP_USER, dead_port);
    g_autoptr(BounceRecord) record = bounce_record_new (file);

    message_window = bounce_message_window_new (NULL, record);
    wait_until (message_password_filled_in, "the message window's password from the keyring");
    gtk_window_destroy (GTK_WINDOW (message_window));
    message_window = NULL;
  }

  /* With Remember off, Read deletes it from the keyring. */
  gtk_switch_set_active (GTK_SWITCH (dialog_widget ("remember_switch")), FALSE);
  press_read ();
  wait_until (password_cleared, "the password to leave the keyring");
  g_assert_false (g_settings_get_boolean (settings, "mailbox-remember-password"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Folders of the test's own for what the app writes; the keyring
   * keeps its files in the folder run-with-keyring.sh gave it. */
  data_home = g_dir_make_tmp ("bounce-keyring-data-XXXXXX", &error);
  g_assert_no_error (error);
  config_home = g_dir_make_tmp ("bounce-keyring-config-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  settings = g_settings_new (APP_ID);
  dead_port = test_imap_find_free_port ();

  g_test_add_func ("/gui-keyring/remember", test_keyring_remember);
  status = g_test_run ();

  g_clear_object (&settings);
  g_free (data_home);
  g_free (config_home);

  return status;
}

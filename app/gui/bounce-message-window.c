/* bounce-message-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-message-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bounce-gui-util.h"
#include "bounce-mailbox-dialog.h"
#include "bounce-message-window.h"

/* Bounces with their returned headers are a few KiB; a returned message
 * with large attachments is cut here rather than freezing the text view. */
#define MAX_SHOWN_BYTES (512 * 1024)

struct _BounceMessageWindow
{
  AdwWindow        parent_instance;

  AdwWindowTitle   *window_title;
  GtkLabel         *notice_label;
  GtkBox           *fetch_box;
  GtkPasswordEntry *password_entry;
  GtkButton        *fetch_button;
  GtkTextView      *text_view;

  /* Fetching a message from a mail server. */
  GCancellable     *cancellable;
  /* The mailbox message to fetch once the person gives the password:
   * the record's file name. */
  char             *message_uri;
};

G_DEFINE_FINAL_TYPE (BounceMessageWindow, bounce_message_window, ADW_TYPE_WINDOW)

/* Reads at most MAX_SHOWN_BYTES + 1 bytes from @offset; an mbox message
 * ends where the next "From " separator line starts (RFC 4155). */
static GBytes *
read_message (const char  *path,
              gint64       offset,
              gboolean    *truncated,
              GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *buffer = g_malloc (MAX_SHOWN_BYTES + 1);
  gsize length = 0;

  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;

  if (offset > 0
      && !g_seekable_seek (G_SEEKABLE (stream), offset, G_SEEK_SET, NULL, error))
    return NULL;

  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, MAX_SHOWN_BYTES + 1,
                                &length, NULL, error))
    return NULL;

  if (offset >= 0)
    {
      /* Skip the message's own separator line before looking for the next. */
      const char *start = length > 5 && memcmp (buffer, "From ", 5) == 0 ? buffer + 5 : buffer;
      const char *next = g_strstr_len (start, length - (start - buffer), "\nFrom ");

      if (next != NULL)
        length = next - buffer + 1;
    }

  *truncated = length > MAX_SHOWN_BYTES;
  if (*truncated)
    length = MAX_SHOWN_BYTES;

  return g_bytes_new (buffer, length);
}

/* Shows @bytes as text, with a notice when they were cut. */
static void
show_message (BounceMessageWindow *self,
              GBytes              *bytes,
              gboolean             truncated)
{
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;
  gsize length;
  const char *data;

  if (truncated)
    {
      gtk_label_set_text (self->notice_label,
                          _("Only the first 512 KiB of this message are shown."));
      gtk_widget_set_visible (GTK_WIDGET (self->notice_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->notice_label), FALSE);

  /* Messages are bytes in any charset; show them as they are, with
   * invalid sequences replaced, never decoded or rendered. */
  data = g_bytes_get_data (bytes, &length);
  text = g_utf8_make_valid (data, length);
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_set_text (buffer, text, -1);

  /* Addresses and headers wrap without hyphens that are not in the
   * message. */
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_apply_tag (buffer,
                             gtk_text_buffer_create_tag (buffer, NULL, "insert-hyphens", FALSE, NULL),
                             &start, &end);
}

static void
message_fetched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BounceMessageWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = bounce_imap_source_fetch_message_finish (BOUNCE_IMAP_SOURCE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (bytes == NULL)
    {
      /* TRANSLATORS: %s is a sentence that says what failed */
      g_autofree char *message = g_strdup_printf (_("Could not load the message from the server. %s"),
                                                  error->message);

      gtk_label_set_text (self->notice_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->notice_label), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->fetch_box), TRUE);
      return;
    }

  /* The account now works, so other messages of it need no password
   * while the app runs. */
  bounce_mailbox_remember_source (BOUNCE_IMAP_SOURCE (object));
  gtk_widget_set_visible (GTK_WIDGET (self->fetch_box), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), FALSE);

  if (g_bytes_get_size (bytes) > MAX_SHOWN_BYTES)
    {
      g_autoptr(GBytes) shown = g_bytes_new_from_bytes (bytes, 0, MAX_SHOWN_BYTES);

      show_message (self, shown, TRUE);
    }
  else
    show_message (self, bytes, FALSE);
}

/* Fetches self->message_uri with a new source for its account and the
 * password typed in, as after a restart of the app, when no source of a
 * scan is kept. */
static void
fetch_clicked_cb (BounceMessageWindow *self)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *account = NULL;
  g_autofree char *folder = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
  guint32 uidvalidity = 0;
  guint32 uid = 0;

  if (self->message_uri == NULL || *password == '\0' ||
      !bounce_imap_parse_message_uri (self->message_uri, &account, &folder, &uidvalidity, &uid))
    return;

  /* NOTE: an account read without TLS (loopback only) has an imap://
   * name, which means STARTTLS here, so such a server needs a new read
   * of the mailbox instead. */
  source = bounce_imap_source_new_for_uri (account, &error);
  if (source == NULL)
    {
      gtk_label_set_text (self->notice_label, error->message);
      return;
    }

  bounce_imap_source_set_password (source, password);
  bounce_mailbox_apply_trust (settings, source);

  gtk_widget_set_sensitive (GTK_WIDGET (self->fetch_box), FALSE);
  gtk_label_set_text (self->notice_label, _("Loading the message from the server…"));
  bounce_imap_source_fetch_message_async (source, folder, uidvalidity, uid, self->cancellable,
                                          message_fetched_cb, g_object_ref (self));
}

static void
password_found_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BounceMessageWindow) self = user_data;
  g_autofree char *password = bounce_mailbox_look_up_password_finish (result);

  if (password == NULL)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), password);
  fetch_clicked_cb (self);
}

/* A message from a mailbox is fetched again, read-only, with the source
 * of the scan, which the app keeps while it runs. */
static void
load_from_server (BounceMessageWindow *self,
                  const char          *file,
                  const char          *label)
{
  g_autofree char *account = NULL;
  g_autofree char *folder = NULL;
  BounceImapSource *source;
  guint32 uidvalidity = 0;
  guint32 uid = 0;

  if (bounce_imap_parse_message_uri (file, &account, &folder, &uidvalidity, &uid) &&
      (source = bounce_mailbox_lookup_source (account)) != NULL)
    {
      gtk_label_set_text (self->notice_label, _("Loading the message from the server…"));
      gtk_widget_set_visible (GTK_WIDGET (self->notice_label), TRUE);
      bounce_imap_source_fetch_message_async (source, folder, uidvalidity, uid, self->cancellable,
                                              message_fetched_cb, g_object_ref (self));
      return;
    }

  {
    g_autofree char *message = NULL;

    if (account == NULL)
      message = g_strdup_printf (_("This message is in your mailbox (%s). Read the mailbox again to show "
                                   "it here, or open it in your mail program."),
                                 label);
    else
      /* TRANSLATORS: "…in your mailbox (INBOX, UID 42) at imaps://jane@imap.example.com. Enter…" */
      message = g_strdup_printf (_("This message is in your mailbox (%s) at %s. Enter the password to "
                                   "fetch this one message from the server, read-only."),
                                 label, account);

    gtk_label_set_text (self->notice_label, message);
    gtk_widget_set_visible (GTK_WIDGET (self->notice_label), TRUE);

    if (account != NULL)
      {
        g_autoptr(GSettings) settings = g_settings_new (APP_ID);
        g_autoptr(BounceImapSource) account_source = bounce_imap_source_new_for_uri (account, NULL);

        self->message_uri = g_strdup (file);
        gtk_widget_set_visible (GTK_WIDGET (self->fetch_box), TRUE);

        /* The password the person chose to keep in the keyring. */
        if (account_source != NULL &&
            !bounce_mailbox_look_up_password (settings, account_source, self->cancellable, password_found_cb,
                                              g_object_ref (self)))
          g_object_unref (self);
      }
  }
}

static void
bounce_message_window_dispose (GObject *object)
{
  BounceMessageWindow *self = BOUNCE_MESSAGE_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->message_uri, g_free);

  G_OBJECT_CLASS (bounce_message_window_parent_class)->dispose (object);
}

static void
bounce_message_window_class_init (BounceMessageWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bounce_message_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Bounce/bounce-message-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BounceMessageWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, BounceMessageWindow, notice_label);
  gtk_widget_class_bind_template_child (widget_class, BounceMessageWindow, fetch_box);
  gtk_widget_class_bind_template_child (widget_class, BounceMessageWindow, password_entry);
  gtk_widget_class_bind_template_child (widget_class, BounceMessageWindow, fetch_button);
  gtk_widget_class_bind_template_child (widget_class, BounceMessageWindow, text_view);
  gtk_widget_class_bind_template_callback (widget_class, fetch_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
bounce_message_window_init (BounceMessageWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

BounceMessageWindow *
bounce_message_window_new (GtkWindow    *parent,
                           BounceRecord *record)
{
  BounceMessageWindow *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *base_name = NULL;
  g_autofree char *display_file = NULL;
  gboolean truncated = FALSE;

  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (BOUNCE_TYPE_MESSAGE_WINDOW,
                       "transient-for", parent,
                       NULL);

  base_name = bounce_gui_dup_file_label (record->file);
  adw_window_title_set_title (self->window_title, base_name);
  display_file = g_filename_display_name (record->file);
  adw_window_title_set_subtitle (self->window_title, display_file);

  if (bounce_imap_source_is_uri (record->file))
    {
      load_from_server (self, record->file, base_name);
      return self;
    }

  bytes = read_message (record->file, record->offset, &truncated, &error);
  if (bytes == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not read “%s”: %s. Check that the file still exists and can be read."),
                                                  display_file, error->message);

      gtk_label_set_text (self->notice_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->notice_label), TRUE);
      return self;
    }

  show_message (self, bytes, truncated);

  return self;
}

/* bounce-window-mailbox.c: reading the bounces of an IMAP folder, with
 * progress, Cancel and the certificate question.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bounce-gui-util.h"
#include "bounce-mailbox-dialog.h"
#include "bounce-window-private.h"

/* Milliseconds between updates of the progress bar. */
#define PROGRESS_INTERVAL_MS 200

typedef struct
{
  BounceWindow     *window;
  BounceImapSource *source;
  guint             progress_id;
} MailboxScan;

static void
mailbox_scan_free (MailboxScan *scan)
{
  g_clear_handle_id (&scan->progress_id, g_source_remove);
  g_object_unref (scan->window);
  g_object_unref (scan->source);
  g_free (scan);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailboxScan, mailbox_scan_free)

/* Counts only the messages fetched from the server: those read before
 * come from the history at once. It polls the source because the
 * scanner counts messages only as it hands them out in batches. */
static gboolean
mailbox_progress_cb (gpointer user_data)
{
  MailboxScan *scan = user_data;
  BounceWindow *self = scan->window;
  guint messages = bounce_imap_source_get_n_read (scan->source);
  guint total = bounce_imap_source_get_n_messages (scan->source);
  g_autofree char *messages_text = bounce_gui_format_count (messages);
  g_autofree char *total_text = bounce_gui_format_count (total);
  g_autofree char *read_text = NULL;
  g_autofree char *total_part = NULL;
  g_autofree char *text = NULL;

  if (total == 0)
    return G_SOURCE_CONTINUE;

  /* Each count chooses the plural of its own part. */
  /* TRANSLATORS: the first part of "Read 120 messages of 5,000 from the server" */
  read_text = g_strdup_printf (g_dngettext (NULL, "Read %s message", "Read %s messages", messages),
                               messages_text);
  /* TRANSLATORS: the second part of "Read 120 messages of 5,000 from the server"; %s is the number of messages to read */
  total_part = g_strdup_printf (g_dngettext (NULL, "of %s from the server", "of %s from the server", total),
                                total_text);
  /* TRANSLATORS: the two parts above, "Read 120 messages of 5,000 from the server" */
  text = g_strdup_printf (C_("progress", "%s %s"), read_text, total_part);
  gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, messages / (double) total));
  gtk_label_set_text (self->bounces_progress_label, text);

  return G_SOURCE_CONTINUE;
}

static void
trust_answered_cb (gboolean trusted,
                   gpointer user_data)
{
  g_autoptr(MailboxScan) scan = user_data;

  if (trusted)
    _bounce_window_open_mailbox (scan->window, scan->source);
}

static void
mailbox_scanned_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(MailboxScan) scan = user_data;
  BounceWindow *self = scan->window;
  BounceScanner *scanner = BOUNCE_SCANNER (object);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = bounce_scanner_scan_finish (scanner, result, &error);
  g_clear_handle_id (&scan->progress_id, g_source_remove);
  /* The title the loading page has in the .ui file, for files. */
  adw_status_page_set_title (self->loading_page, _("Reading Files…"));
  if (self->scanner == scanner)
    g_clear_object (&self->scanner);
  _bounce_window_check_history_writes (self);

  if (records != NULL)
    {
      g_debug ("%s: %u messages fetched, %u records", self->pending_bounces_name,
               bounce_imap_source_get_n_read (scan->source), records->len);
      _bounce_window_add_scanned_records (self, g_steal_pointer (&records));
      bounce_mailbox_remember_source (scan->source);
    }

  self->n_loading--;
  _bounce_window_end_loading (self);

  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A self-signed server: the person may trust it and read again. */
  if (g_error_matches (error, BOUNCE_ERROR, BOUNCE_ERROR_CERTIFICATE) &&
      bounce_imap_source_get_rejected_fingerprint (scan->source) != NULL)
    {
      /* Read before the call, because C leaves the order in which the
       * arguments are evaluated open, and g_steal_pointer() clears scan. */
      BounceImapSource *source = scan->source;

      bounce_mailbox_ask_trust (GTK_WINDOW (self), self->settings, source, error,
                                trust_answered_cb, g_steal_pointer (&scan));
      return;
    }

  bounce_gui_show_error (GTK_WINDOW (self), _("Could Not Read the Mailbox"), error);
}

void
_bounce_window_open_mailbox (BounceWindow     *self,
                             BounceImapSource *source)
{
  MailboxScan *scan;
  g_autofree char *text = NULL;

  g_return_if_fail (BOUNCE_IS_WINDOW (self));
  g_return_if_fail (BOUNCE_IS_IMAP_SOURCE (source));

  _bounce_window_begin_loading (self);
  adw_status_page_set_title (self->loading_page, _("Reading the Mailbox…"));
  g_free (self->pending_bounces_name);
  self->pending_bounces_name = bounce_imap_source_dup_folder_uri (source);
  self->pending_n_bounce_paths = 1;
  _bounce_window_add_pending_source (self, self->pending_bounces_name);

  scan = g_new0 (MailboxScan, 1);
  scan->window = g_object_ref (self);
  scan->source = g_object_ref (source);

  g_clear_object (&self->scanner);
  self->scanner = bounce_scanner_new ();
  /* Every message read is recorded, as a file scan's are. Without a
   * history (Preferences, Keep History off), the whole folder is
   * fetched each time. */
  bounce_scanner_set_history (self->scanner, self->history);
  scan->progress_id = g_timeout_add (PROGRESS_INTERVAL_MS, mailbox_progress_cb, scan);

  /* TRANSLATORS: "Connecting to imap.example.com…" */
  text = g_strdup_printf (_("Connecting to %s…"), bounce_imap_source_get_host (source));
  gtk_label_set_text (self->bounces_progress_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->bounces_progress_label), TRUE);

  bounce_scanner_scan_mailbox_async (self->scanner, source, self->cancellable, mailbox_scanned_cb, scan);
}

static void
mailbox_chosen_cb (BounceWindow        *self,
                   BounceImapSource    *source,
                   BounceMailboxDialog *dialog)
{
  _bounce_window_open_mailbox (self, source);
}

BounceMailboxDialog *
_bounce_window_choose_mailbox (BounceWindow *self)
{
  BounceMailboxDialog *dialog;

  g_return_val_if_fail (BOUNCE_IS_WINDOW (self), NULL);

  dialog = bounce_mailbox_dialog_new (GTK_WINDOW (self), self->settings);
  g_signal_connect_object (dialog, "open", G_CALLBACK (mailbox_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

/* bounce-window-keep.c: contacts a person chose to keep, whatever
 * bounced, and the way back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bounce-gui-util.h"
#include "bounce-window-private.h"

/* The values of kept_addresses: the kind of keep. */
enum
{
  KEPT_ONLY = 1,
  /* Keeping it took its entry off the suppression list, so that later
   * lists keep it too. Undoing the keep puts the entry back. */
  KEPT_AND_UNSUPPRESSED = 2,
};

/* A new table with the entries of the open one. The policy of a session
 * running on a worker thread may still read the open one, so it is
 * replaced, never changed. */
static GHashTable *
dup_kept_addresses (BounceWindow *self)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer address;
  gpointer kind;

  if (self->kept_addresses == NULL)
    return copy;

  g_hash_table_iter_init (&iter, self->kept_addresses);
  while (g_hash_table_iter_next (&iter, &address, &kind))
    g_hash_table_insert (copy, g_strdup (address), kind);

  return copy;
}

/* Makes @kept (transfer full) the open table, and judges the review
 * again with it. */
static void
bounce_window_set_kept_addresses (BounceWindow *self,
                                  GHashTable   *kept)
{
  BounceCleanPolicy policy;

  g_clear_pointer (&self->kept_addresses, g_hash_table_unref);
  if (g_hash_table_size (kept) > 0)
    self->kept_addresses = kept;
  else
    g_hash_table_unref (kept);

  if (self->session == NULL)
    return;

  _bounce_window_read_policy (self, &policy);
  bounce_session_set_policy_async (self->session, &policy);
}

static void
undo_keep_cb (BounceWindow *self,
              AdwToast     *toast)
{
  const char *address = g_object_get_data (G_OBJECT (toast), "address");

  _bounce_window_stop_keeping (self, address, FALSE);
}

gboolean
_bounce_window_is_kept (BounceWindow *self,
                        const char   *address)
{
  g_return_val_if_fail (BOUNCE_IS_WINDOW (self), FALSE);

  return self->kept_addresses != NULL && address != NULL
         && g_hash_table_contains (self->kept_addresses, address);
}

void
_bounce_window_keep_contact (BounceWindow *self,
                             const char   *address)
{
  g_autofree char *normalized = NULL;
  g_autoptr(BounceSuppression) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  GHashTable *kept;
  int kind = KEPT_ONLY;
  AdwToast *toast;

  g_return_if_fail (BOUNCE_IS_WINDOW (self));
  g_return_if_fail (address != NULL);

  normalized = bounce_address_normalize (address);
  if (normalized == NULL || _bounce_window_is_kept (self, normalized))
    return;

  /* An address kept on the suppression list would be removed again
   * from the next list, so keeping it takes it off that list too. */
  if (self->history != NULL && !bounce_history_is_read_only (self->history))
    entry = bounce_history_lookup_suppression (self->history, normalized);
  if (entry != NULL)
    {
      if (!bounce_history_unsuppress (self->history, normalized, &error))
        {
          bounce_gui_show_error (GTK_WINDOW (self), _("Could Not Take the Address Off the List"), error);
          return;
        }
      kind = KEPT_AND_UNSUPPRESSED;
      bounce_suppression_page_reload (self->suppression_page);
    }

  kept = dup_kept_addresses (self);
  g_hash_table_insert (kept, g_strdup (normalized), GINT_TO_POINTER (kind));
  bounce_window_set_kept_addresses (self, kept);

  if (kind == KEPT_AND_UNSUPPRESSED)
    /* TRANSLATORS: a toast, "Kept “jane@example.com” and took it off the suppression list" */
    title = g_strdup_printf (_("Kept “%s” and took it off the suppression list"), normalized);
  else
    /* TRANSLATORS: a toast, "Kept “jane@example.com” in the cleaned list" */
    title = g_strdup_printf (_("Kept “%s” in the cleaned list"), normalized);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "address", g_strdup (normalized), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_keep_cb), self, G_CONNECT_SWAPPED);
  bounce_window_add_toast (self, toast);
}

void
_bounce_window_stop_keeping (BounceWindow *self,
                             const char   *address,
                             gboolean      with_toast)
{
  g_autofree char *normalized = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *kept;
  int kind;

  g_return_if_fail (BOUNCE_IS_WINDOW (self));
  g_return_if_fail (address != NULL);

  normalized = bounce_address_normalize (address);
  if (!_bounce_window_is_kept (self, normalized))
    return;

  /* The entry that keeping took off goes back as it was. */
  kind = GPOINTER_TO_INT (g_hash_table_lookup (self->kept_addresses, normalized));
  if (kind == KEPT_AND_UNSUPPRESSED && self->history != NULL)
    {
      if (!bounce_history_restore_suppression (self->history, normalized, &error))
        bounce_gui_show_error (GTK_WINDOW (self), _("Could Not Put the Address Back"), error);
      bounce_suppression_page_reload (self->suppression_page);
    }

  kept = dup_kept_addresses (self);
  g_hash_table_remove (kept, normalized);
  bounce_window_set_kept_addresses (self, kept);

  if (with_toast)
    {
      /* TRANSLATORS: a toast, "“jane@example.com” is no longer kept by your choice" */
      g_autofree char *title = g_strdup_printf (_("“%s” is no longer kept by your choice"), normalized);

      bounce_window_add_toast (self, adw_toast_new (title));
    }
}

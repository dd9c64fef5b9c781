/* bounce-window-keep.c: contacts a person chose to keep, whatever
 * bounced, and the way back. A history that can be written stores the
 * choice for later lists and bounce-cli. Without one, the choice lasts
 * while the window is open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bounce-gui-util.h"
#include "bounce-window-private.h"

/* A new table with the entries of the open one. The policy of a session
 * running on a worker thread may still read the open one, so it is
 * replaced, never changed. */
static GHashTable *
dup_kept_addresses (BounceWindow *self)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer address;

  if (self->kept_addresses == NULL)
    return copy;

  g_hash_table_iter_init (&iter, self->kept_addresses);
  while (g_hash_table_iter_next (&iter, &address, NULL))
    g_hash_table_add (copy, g_strdup (address));

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

/* Judges the review again after a change of the history's kept
 * addresses, which the policy reads through its history. */
static void
bounce_window_kept_changed (BounceWindow *self)
{
  if (self->session != NULL)
    bounce_session_refresh_async (self->session);
}

static void
undo_keep_cb (BounceWindow *self,
              AdwToast     *toast)
{
  const char *address = g_object_get_data (G_OBJECT (toast), "address");

  _bounce_window_stop_keeping (self, address, FALSE);
}

/* Whether @address is kept for as long as the window is open only. */
static gboolean
is_kept_in_window (BounceWindow *self,
                   const char   *address)
{
  return self->kept_addresses != NULL && address != NULL
         && g_hash_table_contains (self->kept_addresses, address);
}

static gboolean
can_store_choice (BounceWindow *self)
{
  return self->history != NULL && !bounce_history_is_read_only (self->history);
}

gboolean
_bounce_window_is_kept (BounceWindow *self,
                        const char   *address)
{
  g_return_val_if_fail (BOUNCE_IS_WINDOW (self), FALSE);

  if (address == NULL)
    return FALSE;

  return is_kept_in_window (self, address) ||
         (self->history != NULL && bounce_history_lookup_kept (self->history, address, NULL));
}

/* Shows the toast of a new keep, whose Undo takes it back. */
static void
add_keep_toast (BounceWindow *self,
                const char   *address,
                gboolean      unsuppressed)
{
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (unsuppressed)
    /* TRANSLATORS: a toast, "Kept “jane@example.com” and took it off the suppression list" */
    title = g_strdup_printf (_("Kept “%s” and took it off the suppression list"), address);
  else
    /* TRANSLATORS: a toast, "Kept “jane@example.com” in the cleaned list" */
    title = g_strdup_printf (_("Kept “%s” in the cleaned list"), address);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "address", g_strdup (address), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_keep_cb), self, G_CONNECT_SWAPPED);
  bounce_window_add_toast (self, toast);
}

/* Stores the choice to keep @address (normalized) in the history, which
 * also takes it off the suppression list, and judges the review again. */
static void
keep_in_history (BounceWindow *self,
                 const char   *address)
{
  g_autoptr(GError) error = NULL;
  gboolean unsuppressed = FALSE;

  if (!bounce_history_keep_address (self->history, address, &unsuppressed, &error))
    {
      bounce_gui_show_error (GTK_WINDOW (self), _("Could Not Keep the Contact"), error);
      return;
    }

  if (unsuppressed)
    bounce_suppression_page_reload (self->suppression_page);
  bounce_window_kept_changed (self);
  add_keep_toast (self, address, unsuppressed);
}

void
_bounce_window_keep_contact (BounceWindow *self,
                             const char   *address)
{
  g_autofree char *normalized = NULL;
  GHashTable *kept;

  g_return_if_fail (BOUNCE_IS_WINDOW (self));
  g_return_if_fail (address != NULL);

  normalized = bounce_address_normalize (address);
  if (normalized == NULL || _bounce_window_is_kept (self, normalized))
    return;

  if (can_store_choice (self))
    {
      keep_in_history (self, normalized);
      return;
    }

  /* Without a history to store it in, the choice lasts while the window
   * is open, and the suppression list, if read-only, stays as it is. */
  kept = dup_kept_addresses (self);
  g_hash_table_add (kept, g_strdup (normalized));
  bounce_window_set_kept_addresses (self, kept);
  add_keep_toast (self, normalized, FALSE);
}

void
_bounce_window_stop_keeping (BounceWindow *self,
                             const char   *address,
                             gboolean      with_toast)
{
  g_autofree char *normalized = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *kept;

  g_return_if_fail (BOUNCE_IS_WINDOW (self));
  g_return_if_fail (address != NULL);

  normalized = bounce_address_normalize (address);
  if (normalized == NULL || !_bounce_window_is_kept (self, normalized))
    return;

  if (is_kept_in_window (self, normalized))
    {
      kept = dup_kept_addresses (self);
      g_hash_table_remove (kept, normalized);
      bounce_window_set_kept_addresses (self, kept);
    }
  else
    {
      gboolean restored = FALSE;

      /* A read-only history fails here, and the choice stays. */
      if (!bounce_history_stop_keeping (self->history, normalized, &restored, &error))
        {
          bounce_gui_show_error (GTK_WINDOW (self), _("Could Not Stop Keeping the Contact"), error);
          return;
        }
      if (restored)
        bounce_suppression_page_reload (self->suppression_page);
      bounce_window_kept_changed (self);
    }

  if (with_toast)
    {
      /* TRANSLATORS: a toast, "“jane@example.com” is no longer kept by your choice" */
      g_autofree char *title = g_strdup_printf (_("“%s” is no longer kept by your choice"), normalized);

      bounce_window_add_toast (self, adw_toast_new (title));
    }
}

/* bounce-window-history.c: the history database shared with bounce-cli,
 * opened and closed with the "keep-history" setting, and the review kept
 * in step with its suppression list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bounce-export-dialog.h"
#include "bounce-gui-util.h"
#include "bounce-window-private.h"

/* Microseconds of frame time a toast takes to appear: libadwaita 1.2
 * slides it in for 300 ms, or 500 ms when it replaces another, and
 * some slack. */
#define TOAST_ANIMATION_US (700 * G_TIME_SPAN_MILLISECOND)

void
_bounce_window_read_policy (BounceWindow      *self,
                            BounceCleanPolicy *policy)
{
  bounce_export_read_settings (self->settings, policy, NULL);
  policy->history = self->history;
  policy->kept_addresses = self->kept_addresses;
}

void
_bounce_window_update_rules_notice (BounceWindow *self)
{
  BounceCleanPolicy policy;
  g_autofree char *changes = NULL;

  bounce_export_read_settings (self->settings, &policy, NULL);
  changes = bounce_clean_policy_dup_changes (&policy);
  if (changes != NULL)
    {
      g_autofree char *text = NULL;

      /* TRANSLATORS: %s lists the changed rules: "hard bounces are kept · …" */
      text = g_strdup_printf (_("Changed cleaning rules: %s. They apply to every list you open until you change them."),
                              changes);
      gtk_label_set_text (self->rules_label, text);
    }
  gtk_revealer_set_reveal_child (self->rules_revealer, changes != NULL);
}

void
_bounce_window_use_default_rules (BounceWindow *self)
{
  bounce_export_reset_rules (self->settings);
}

static void
bounce_window_add_history_toast (BounceWindow *self,
                                 const char   *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("_Details"));
  adw_toast_set_action_name (toast, "win.show-history-error");
  bounce_window_add_toast (self, toast);
}

/* Opens the history at @path read-only after bounce_history_open()
 * failed to open it for writing, as on a read-only file system: its
 * suppression list and earlier bounces still count, as they do for the
 * reading commands of bounce-cli. history_error keeps the reason the
 * file cannot be written, unless the file cannot be read either. */
static void
open_history_read_only (BounceWindow *self,
                        const char   *path)
{
  g_autoptr(GError) read_error = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return;

  self->history = bounce_history_open_read_only (path, &read_error);
  if (self->history != NULL)
    {
      g_debug ("history opened read-only: %s", self->history_error->message);
      return;
    }

  /* A schema that needs an update, or a damaged file, explains more
   * than the failed write. */
  if (g_error_matches (read_error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE))
    {
      g_clear_error (&self->history_error);
      self->history_error = g_steal_pointer (&read_error);
    }
}

void
_bounce_window_update_history (BounceWindow *self)
{
  gboolean keep = g_settings_get_boolean (self->settings, "keep-history");

  g_clear_object (&self->history);
  g_clear_error (&self->history_error);
  self->shown_write_error = NULL;

  /* Opening waits at most the history's busy timeout, and only while
   * another program commits to the file. */
  if (keep)
    {
      g_autofree char *path = bounce_history_dup_default_path ();

      self->history = bounce_history_open (path, &self->history_error);
      if (self->history == NULL && g_error_matches (self->history_error, BOUNCE_ERROR, BOUNCE_ERROR_WRITE))
        open_history_read_only (self, path);

      /* A file that exists but cannot be opened gets the banner of
       * _bounce_window_update_history_banner() instead of a toast. */
      if (self->history == NULL)
        {
          g_debug ("history not opened: %s", self->history_error->message);
          if (!g_file_test (path, G_FILE_TEST_EXISTS))
            bounce_window_add_history_toast (self, _("The history could not be opened, so no bounce is remembered"));
        }
      else if (bounce_history_is_read_only (self->history))
        bounce_window_add_history_toast (self, _("The history file cannot be written, so new bounces are not recorded"));
    }
  _bounce_window_update_history_banner (self);

  bounce_suppression_page_set_history (self->suppression_page, self->history, self->history_error);
  g_signal_emit_by_name (self, "history-changed");

  if (self->session != NULL && _bounce_window_check_contacts (self))
    {
      BounceCleanPolicy policy;

      _bounce_window_read_policy (self, &policy);
      bounce_session_set_policy_async (self->session, &policy);
    }
}

gboolean
_bounce_window_check_suppression_list (BounceWindow  *self,
                                       GError       **error)
{
  g_autofree char *path = NULL;

  if (!g_settings_get_boolean (self->settings, "keep-history"))
    return TRUE;

  path = bounce_history_dup_default_path ();

  return bounce_history_check_suppression_list (self->history, path, self->history_error, error);
}

void
_bounce_window_update_history_banner (BounceWindow *self)
{
  g_autofree char *history_off = bounce_gui_dup_history_off_notice (self->settings);

  gtk_revealer_set_reveal_child (self->history_revealer, !_bounce_window_check_suppression_list (self, NULL));
  if (history_off != NULL)
    gtk_label_set_text (self->history_off_label, history_off);
  gtk_revealer_set_reveal_child (self->history_off_revealer, history_off != NULL);
}

void
_bounce_window_check_history_writes (BounceWindow *self)
{
  const GError *error;

  _bounce_window_update_history_banner (self);

  /* Every write to a read-only history fails, as the toast shown when
   * it was opened already reported. */
  if (self->history == NULL || bounce_history_is_read_only (self->history))
    return;

  /* The history keeps its first failed write and writes no more, so
   * one toast reports it. */
  error = bounce_history_get_write_error (self->history);
  if (error == NULL || error == self->shown_write_error)
    return;

  self->shown_write_error = error;
  bounce_window_add_history_toast (self, _("The history was not updated with these bounces"));
}

void
_bounce_window_show_history_error (BounceWindow *self)
{
  g_autoptr(GError) damage = NULL;
  const GError *error = self->history_error;

  if (self->history != NULL && !bounce_history_check_intact (self->history, &damage))
    {
      bounce_gui_show_error (GTK_WINDOW (self), _("The Suppression List Could Not Be Read"), damage);
      return;
    }

  if (error == NULL && self->history != NULL)
    error = bounce_history_get_write_error (self->history);
  if (error == NULL)
    return;

  if (self->history == NULL)
    bounce_gui_show_error (GTK_WINDOW (self), _("Could Not Open the History"), error);
  else if (bounce_history_is_read_only (self->history) && error == self->history_error)
    bounce_gui_show_error (GTK_WINDOW (self), _("The History Is Read-Only"), error);
  else
    bounce_gui_show_error (GTK_WINDOW (self), _("Could Not Update the History"), error);
}

static void
undo_remove_contact_cb (BounceWindow *self,
                        AdwToast     *toast)
{
  const char *address = g_object_get_data (G_OBJECT (toast), "address");
  g_autoptr(GError) error = NULL;

  if (self->history == NULL)
    return;

  if (!bounce_history_unsuppress (self->history, address, &error))
    bounce_gui_show_error (GTK_WINDOW (self), _("Could Not Take the Address Off the List"), error);
  bounce_suppression_page_reload (self->suppression_page);
  _bounce_window_suppression_changed (self);
}

void
_bounce_window_remove_contact (BounceWindow *self,
                               const char   *address)
{
  g_autofree char *normalized = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  g_return_if_fail (BOUNCE_IS_WINDOW (self));
  g_return_if_fail (address != NULL);

  normalized = bounce_address_normalize (address);
  if (normalized == NULL || self->history == NULL)
    return;

  /* The suppression list is where the history keeps an address out of
   * every later list, as bounce-cli clean reads it too. */
  if (!bounce_history_suppress (self->history, normalized, "manual", "", "", &error))
    {
      bounce_gui_show_error (GTK_WINDOW (self), _("Could Not Add the Address to the Suppression List"), error);
      return;
    }
  bounce_suppression_page_reload (self->suppression_page);
  _bounce_window_suppression_changed (self);

  /* TRANSLATORS: a toast after Remove This Contact */
  title = g_strdup_printf (_("“%s” is on the suppression list now, so this and later lists leave it out"),
                           normalized);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "address", g_strdup (normalized), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_remove_contact_cb), self, G_CONNECT_SWAPPED);
  bounce_window_add_toast (self, toast);
}

void
_bounce_window_suppression_changed (BounceWindow *self)
{
  if (self->session != NULL)
    bounce_session_refresh_async (self->session);
}

/* Whether the toast shown last has slid in: a frame was painted after
 * its slide ended. The frame time alone cannot tell, because while no
 * frame is painted (the main loop busy) it follows the clock. */
static gboolean
shown_toast_slid_in (BounceWindow *self)
{
  return !gtk_widget_get_mapped (GTK_WIDGET (self)) ||
         self->last_paint_time - self->shown_toast_time > TOAST_ANIMATION_US;
}

static void
show_toast (BounceWindow *self,
            AdwToast     *toast)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  gint64 now = frame_clock != NULL ? gdk_frame_clock_get_frame_time (frame_clock) : 0;
  gboolean shown_at_once = FALSE;

  if (self->shown_toast == NULL)
    shown_at_once = TRUE;
  else if (self->shown_toast_at_once && self->shown_toast_time > 0 && shown_toast_slid_in (self))
    {
      adw_toast_dismiss (self->shown_toast);
      shown_at_once = TRUE;
    }

  g_set_weak_pointer (&self->shown_toast, toast);
  self->shown_toast_time = now;
  self->shown_toast_at_once = shown_at_once;
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
after_paint_cb (GdkFrameClock *frame_clock,
                BounceWindow  *self)
{
  self->last_paint_time = gdk_frame_clock_get_frame_time (frame_clock);

  if (self->pending_toast != NULL && (self->shown_toast == NULL || shown_toast_slid_in (self)))
    {
      AdwToast *toast = g_steal_pointer (&self->pending_toast);

      show_toast (self, toast);
    }
}

void
bounce_window_add_toast (BounceWindow *self,
                         AdwToast     *toast)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  g_return_if_fail (BOUNCE_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  /* The newest toast replaces the one shown, so that an Undo does not
   * wait behind an older message. ADW_TOAST_PRIORITY_HIGH is not used,
   * because libadwaita 1.2.2 aborts when a high-priority toast is
   * dismissed while the toast it pushed back still fades out.
   *
   * libadwaita 1.2.2 also crashes when a toast is dismissed during its
   * slide and the fade-out and the slide end in the same frame (test
   * /gui/toast/during-slide). So a toast is replaced only after a painted
   * frame ended its slide. A toast that comes earlier waits for that
   * frame in pending_toast, and a toast that had queued keeps its place. */
  if (frame_clock != NULL && self->painted_clock != frame_clock)
    {
      if (self->painted_clock != NULL)
        g_signal_handlers_disconnect_by_data (self->painted_clock, self);
      g_set_weak_pointer (&self->painted_clock, frame_clock);
      g_signal_connect (frame_clock, "after-paint", G_CALLBACK (after_paint_cb), self);
    }

  g_set_weak_pointer (&self->last_toast, toast);
  if (self->shown_toast != NULL && self->shown_toast_at_once && !shown_toast_slid_in (self))
    {
      /* It takes the caller's reference, as the overlay would. */
      g_clear_object (&self->pending_toast);
      self->pending_toast = toast;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  show_toast (self, toast);
}

BounceHistory *
bounce_window_get_history (BounceWindow *self)
{
  g_return_val_if_fail (BOUNCE_IS_WINDOW (self), NULL);

  return self->history;
}

const GError *
bounce_window_get_history_error (BounceWindow *self)
{
  g_return_val_if_fail (BOUNCE_IS_WINDOW (self), NULL);

  return self->history_error;
}

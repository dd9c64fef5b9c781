/* bounce-window-actions.c: the win.* actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bounce-gui-util.h"
#include "bounce-preferences-window.h"
#include "bounce-window-private.h"

/* The win.* actions that call one BounceWindow function and take no
 * parameter, found by name in window_action(). */
static const struct
{
  const char *name;
  void      (*activate) (BounceWindow *self);
} window_actions[] = {
  { "win.open-contacts", _bounce_window_choose_contacts },
  { "win.export", _bounce_window_show_export },
  { "win.cancel-loading", _bounce_window_cancel_loading },
  { "win.show-problems", _bounce_window_show_problems },
  { "win.show-history-error", _bounce_window_show_history_error },
  { "win.reopen-history", _bounce_window_update_history },
  { "win.close-bounces", _bounce_window_close_bounces },
  { "win.use-default-rules", _bounce_window_use_default_rules },
};

static void
window_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  for (guint i = 0; i < G_N_ELEMENTS (window_actions); i++)
    {
      if (g_str_equal (window_actions[i].name, action_name))
        {
          window_actions[i].activate (BOUNCE_WINDOW (widget));
          return;
        }
    }

  g_assert_not_reached ();
}

static void
open_bounces_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _bounce_window_choose_bounces (BOUNCE_WINDOW (widget), TRUE);
}

static void
open_bounce_files_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  _bounce_window_choose_bounces (BOUNCE_WINDOW (widget), FALSE);
}

static void
open_mailbox_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _bounce_window_choose_mailbox (BOUNCE_WINDOW (widget));
}

static void
open_samples_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BounceWindow *self = BOUNCE_WINDOW (widget);
  const char *samples = _bounce_window_get_samples_dir ();
  g_autofree char *contacts_path = g_build_filename (samples, "contacts.csv", NULL);
  g_autofree char *bounces_path = g_build_filename (samples, "bounces", NULL);
  g_autoptr(GFile) contacts = g_file_new_for_path (contacts_path);
  g_autoptr(GFile) bounces = g_file_new_for_path (bounces_path);

  if (!g_file_test (contacts_path, G_FILE_TEST_IS_REGULAR)
      || !g_file_test (bounces_path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GError) error = g_error_new (BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND,
                                             _("The sample files were not found in “%s”. Reinstall Bounce, or open your own files."),
                                             samples);

      bounce_gui_show_error (GTK_WINDOW (self), _("Could Not Open the Sample Data"), error);
      return;
    }

  /* The samples start a new review rather than adding to open bounces.
   * The fictional sample bounces stay out of the person's history. */
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->bounce_sources, g_ptr_array_unref);
  _bounce_window_open_contacts (self, contacts);
  _bounce_window_open_bounces_full (self, &bounces, 1, FALSE);
}

static void
save_cleaned_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _bounce_window_save_cleaned (BOUNCE_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BounceWindow *self = BOUNCE_WINDOW (widget);

  if (self->row_model == NULL)
    return;

  adw_view_stack_set_visible_child_name (self->review_stack, "contacts");
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  /* Typing then replaces the last search rather than adding to it, also
   * when the field had the focus already. */
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  const char *uri = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  /* GtkFileLauncher is GTK 4.10, so this opens the folder with the
   * desktop's default handler for its URI. */
  if (!g_app_info_launch_default_for_uri (uri, NULL, &error))
    {
      g_autoptr(GFile) folder = g_file_new_for_uri (uri);
      g_autofree char *name = g_file_get_parse_name (folder);

      /* GLib's message names no folder and calls it a "file", so the
       * dialog names the folder the file was saved in. */
      g_prefix_error (&error, _("The file is saved in “%s”, but no file manager could open the folder. "), name);
      bounce_gui_show_error (GTK_WINDOW (widget), _("Could Not Open the Folder"), error);
    }
}

/* Opens the Codes page at a code ("550 5.1.1") or, with "", as it is. */
static void
show_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BounceWindow *self = BOUNCE_WINDOW (widget);

  /* The loading page stays until the files are read. */
  if (!_bounce_window_is_loading (self))
    gtk_stack_set_visible_child_name (self->main_stack, "review");
  adw_view_stack_set_visible_child_name (self->review_stack, "codes");
  bounce_codes_page_show_code (self->codes_page, g_variant_get_string (parameter, NULL));
}

static void
show_suppression_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  BounceWindow *self = BOUNCE_WINDOW (widget);
  const char *search = g_variant_get_string (parameter, NULL);

  if (!_bounce_window_is_loading (self))
    gtk_stack_set_visible_child_name (self->main_stack, "review");
  adw_view_stack_set_visible_child_name (self->review_stack, "suppression");
  /* An empty search keeps the one typed before. */
  if (*search != '\0')
    bounce_suppression_page_set_search_text (self->suppression_page, search);
}

static void
keep_contact_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _bounce_window_keep_contact (BOUNCE_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
remove_contact_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  _bounce_window_remove_contact (BOUNCE_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
stop_keeping_contact_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  _bounce_window_stop_keeping (BOUNCE_WINDOW (widget), g_variant_get_string (parameter, NULL), TRUE);
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BouncePreferencesWindow *preferences = bounce_preferences_window_new (BOUNCE_WINDOW (widget));

  gtk_window_present (GTK_WINDOW (preferences));
}

void
_bounce_window_update_actions (BounceWindow *self)
{
  gboolean loading = _bounce_window_is_loading (self);
  gboolean have_list = self->session != NULL && bounce_session_get_cleaner (self->session) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-contacts", !loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-bounces", !loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-bounce-files", !loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-mailbox", !loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-samples", !loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-loading", loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-bounces",
                                 !loading && self->contacts != NULL && self->records != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", have_list && !loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-cleaned", have_list && !loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", self->row_model != NULL && !loading);
}

void
_bounce_window_class_actions_init (GtkWidgetClass *widget_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (window_actions); i++)
    gtk_widget_class_install_action (widget_class, window_actions[i].name, NULL, window_action);

  gtk_widget_class_install_action (widget_class, "win.open-bounces", NULL, open_bounces_action);
  gtk_widget_class_install_action (widget_class, "win.open-bounce-files", NULL, open_bounce_files_action);
  gtk_widget_class_install_action (widget_class, "win.open-mailbox", NULL, open_mailbox_action);
  gtk_widget_class_install_action (widget_class, "win.open-samples", NULL, open_samples_action);
  gtk_widget_class_install_action (widget_class, "win.save-cleaned", "s", save_cleaned_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.open-folder", "s", open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.show-code", "s", show_code_action);
  gtk_widget_class_install_action (widget_class, "win.show-suppression", "s", show_suppression_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.keep-contact", "s", keep_contact_action);
  gtk_widget_class_install_action (widget_class, "win.stop-keeping-contact", "s", stop_keeping_contact_action);
  gtk_widget_class_install_action (widget_class, "win.remove-contact", "s", remove_contact_action);

  /* The other shortcuts are application accelerators, set in
   * bounce-application.c, so the shortcuts window can list them. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel-loading", NULL);
}

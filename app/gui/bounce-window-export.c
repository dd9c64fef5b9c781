/* bounce-window-export.c: the export dialog, the save dialog and
 * writing the cleaned list through the core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bounce-export-dialog.h"
#include "bounce-gui-util.h"
#include "bounce-window-private.h"

typedef struct
{
  BounceCleaner       *cleaner;
  BounceCleanPolicy    policy;
  BounceStatusColumns  columns;
  char                *output;
  char                *removed_output;
  BounceCleanSummary   summary;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_object (&job->cleaner);
  g_free (job->output);
  g_free (job->removed_output);
  g_free (job);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveJob *job = task_data;
  GError *error = NULL;

  if (!bounce_cleaner_write (job->cleaner, &job->policy, job->columns,
                             job->output, job->removed_output, &job->summary,
                             cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BounceWindow *self = BOUNCE_WINDOW (object);
  SaveJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->last_save_ok = g_task_propagate_boolean (G_TASK (result), &error);
  self->n_saves++;

  if (!self->last_save_ok)
    {
      const char *heading = g_error_matches (error, BOUNCE_ERROR, BOUNCE_ERROR_WOULD_OVERWRITE_INPUT)
                            ? _("The Contact List Was Not Overwritten")
                            : _("Could Not Save the Cleaned List");

      bounce_gui_show_error (GTK_WINDOW (self), heading, error);
    }
  else
    {
      g_autofree char *kept = bounce_gui_format_count (job->summary.rows_kept);
      g_autofree char *removed = bounce_gui_format_count (job->summary.rows_removed);
      g_autofree char *folder = g_path_get_dirname (job->output);
      g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
      g_autofree char *folder_uri = g_file_get_uri (folder_file);
      g_autofree char *title = NULL;
      AdwToast *toast;

      /* TRANSLATORS: "Saved 9,812 contacts, removed 188" */
      title = g_strdup_printf (_("Saved %s contacts, removed %s"), kept, removed);
      toast = adw_toast_new (title);
      adw_toast_set_timeout (toast, 8);
      adw_toast_set_button_label (toast, _("Open Folder"));
      adw_toast_set_action_name (toast, "win.open-folder");
      adw_toast_set_action_target_value (toast, g_variant_new_string (folder_uri));
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }

  g_signal_emit_by_name (self, "saved", self->last_save_ok);
}

void
_bounce_window_save_cleaned (BounceWindow *self,
                             const char   *path)
{
  g_autoptr(GTask) task = NULL;
  BounceContactList *contacts;
  gboolean save_removed;
  SaveJob *job;

  g_return_if_fail (BOUNCE_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  if (self->session == NULL || bounce_session_get_cleaner (self->session) == NULL)
    return;

  contacts = bounce_session_get_contacts (self->session);
  job = g_new0 (SaveJob, 1);
  job->cleaner = g_object_ref (bounce_session_get_cleaner (self->session));
  job->output = g_strdup (path);
  bounce_export_read_settings (self->settings, &job->policy, &job->columns, &save_removed);

  if (save_removed)
    {
      g_autofree char *folder = g_path_get_dirname (path);
      g_autofree char *name = bounce_gui_dup_base_name (bounce_contact_list_get_path (contacts));
      g_autofree char *file_name = g_strdup_printf ("%s-removed.csv", name);

      job->removed_output = g_build_filename (folder, file_name, NULL);
      if (g_strcmp0 (job->removed_output, job->output) == 0)
        {
          g_autoptr(GError) error = g_error_new (BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                                                 _("“%s” is where the removed contacts go. Choose another name for the cleaned list."),
                                                 file_name);

          bounce_gui_show_error (GTK_WINDOW (self), _("Could Not Save the Cleaned List"), error);
          save_job_free (job);
          return;
        }
    }

  /* The list on screen shows what is saved. */
  bounce_session_set_policy (self->session, &job->policy);

  task = g_task_new (self, NULL, save_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_thread);
}

static void
save_chosen_cb (BounceWindow         *self,
                int                   response,
                GtkFileChooserNative *native)
{
  GtkWindow *dialog = g_object_get_data (G_OBJECT (native), "export-dialog");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      if (dialog != NULL)
        gtk_window_destroy (dialog);
      if (path != NULL)
        _bounce_window_save_cleaned (self, path);
    }

  g_object_unref (native);
}

static void
export_save_cb (BounceWindow       *self,
                BounceExportDialog *dialog)
{
  BounceContactList *contacts = bounce_session_get_contacts (self->session);
  const char *input = bounce_contact_list_get_path (contacts);
  g_autofree char *folder = g_path_get_dirname (input);
  g_autofree char *name = bounce_gui_dup_base_name (input);
  g_autofree char *proposed = g_strdup_printf ("%s-cleaned.csv", name);
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Save Cleaned List"), GTK_WINDOW (dialog),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder_file, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), proposed);
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), csv);

  g_object_set_data (G_OBJECT (native), "export-dialog", dialog);
  g_signal_connect_object (native, "response", G_CALLBACK (save_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
_bounce_window_show_export (BounceWindow *self)
{
  BounceExportDialog *dialog;

  if (self->session == NULL || bounce_session_get_cleaner (self->session) == NULL)
    return;

  dialog = bounce_export_dialog_new (GTK_WINDOW (self), self->session, self->settings);
  g_signal_connect_object (dialog, "save", G_CALLBACK (export_save_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

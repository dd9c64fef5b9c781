/* bounce-window-export.c: the export dialog, the save dialog and
 * writing the cleaned list through the core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

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
  g_clear_object (&job->policy.hygiene);
  g_clear_object (&job->policy.history);
  g_clear_pointer (&job->policy.kept_addresses, g_hash_table_unref);
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
changed_on_disk_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             BounceWindow     *self)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "contacts-path");
  g_autoptr(GFile) file = NULL;

  if (g_strcmp0 (response, "reload") != 0 || path == NULL)
    return;

  /* The bounces read stay open and are matched with the new contents. */
  file = g_file_new_for_path (path);
  _bounce_window_open_contacts (self, file);
}

static void
changed_banner_clicked_cb (BounceWindow *self)
{
  const char *path = self->contacts != NULL ? bounce_contact_list_get_path (self->contacts) : NULL;
  g_autoptr(GFile) file = NULL;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      _bounce_window_choose_contacts (self);
      return;
    }

  /* The bounces read stay open and are matched with the new contents. */
  file = g_file_new_for_path (path);
  _bounce_window_open_contacts (self, file);
}

/* Shows, above every page of the review, that the contacts shown are out
 * of date. A person may close the dialog about it at once, but the rows
 * of a file cut shorter stay empty, so the banner stays until the list is
 * read again. */
static void
bounce_window_show_changed_banner (BounceWindow *self,
                                   const char   *path)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *text = NULL;
  gboolean exists = g_file_test (path, G_FILE_TEST_IS_REGULAR);

  if (self->changed_revealer == NULL)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      GtkWidget *revealer = gtk_revealer_new ();

      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_widget_set_margin_top (box, 8);
      gtk_widget_add_css_class (box, "card");
      gtk_widget_add_css_class (box, "notice");
      gtk_widget_add_css_class (icon, "warning");
      gtk_box_append (GTK_BOX (box), icon);

      self->changed_label = GTK_LABEL (gtk_label_new (NULL));
      gtk_widget_set_hexpand (GTK_WIDGET (self->changed_label), TRUE);
      gtk_label_set_xalign (self->changed_label, 0);
      gtk_label_set_wrap (self->changed_label, TRUE);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->changed_label));

      self->changed_button = GTK_BUTTON (gtk_button_new ());
      gtk_button_set_use_underline (self->changed_button, TRUE);
      gtk_widget_set_valign (GTK_WIDGET (self->changed_button), GTK_ALIGN_CENTER);
      g_signal_connect_object (self->changed_button, "clicked", G_CALLBACK (changed_banner_clicked_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->changed_button));

      gtk_revealer_set_child (GTK_REVEALER (revealer), box);
      gtk_widget_insert_after (revealer, gtk_widget_get_parent (GTK_WIDGET (self->problems_revealer)),
                               GTK_WIDGET (self->problems_revealer));
      self->changed_revealer = GTK_REVEALER (revealer);
    }

  if (exists)
    {
      /* TRANSLATORS: %s is a file name, such as "customers.csv" */
      text = g_strdup_printf (_("“%s” changed on disk since it was opened, so the contacts shown are out of date and cannot be saved."),
                              name);
      gtk_button_set_label (self->changed_button, _("_Reload"));
    }
  else
    {
      /* TRANSLATORS: %s is a file name, such as "customers.csv" */
      text = g_strdup_printf (_("“%s” was moved or deleted since it was opened, so the contacts shown are out of date and cannot be saved."),
                              name);
      gtk_button_set_label (self->changed_button, _("_Open Contact List…"));
    }
  gtk_label_set_text (self->changed_label, text);
  gtk_revealer_set_reveal_child (self->changed_revealer, TRUE);
}

/* Shows the dialog about the open contact file, changed on disk, with
 * @body, and the banner that stays after it. */
static void
bounce_window_show_changed_dialog (BounceWindow *self,
                                   const char   *body)
{
  const char *path = self->contacts != NULL ? bounce_contact_list_get_path (self->contacts) : NULL;
  GtkWidget *dialog;

  /* A second failed save or check replaces the open dialog, whose
   * message it repeats, so that one shows at a time. */
  if (self->changed_dialog != NULL)
    gtk_window_destroy (self->changed_dialog);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The Contact List Changed on Disk"), body);
  g_set_weak_pointer (&self->changed_dialog, GTK_WINDOW (dialog));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");

  /* A file moved or deleted cannot be read again from its old name. */
  if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "reload", _("_Reload"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reload", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "reload");
      g_object_set_data_full (G_OBJECT (dialog), "contacts-path", g_strdup (path), g_free);
    }

  g_signal_connect_object (dialog, "response", G_CALLBACK (changed_on_disk_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  if (path != NULL)
    bounce_window_show_changed_banner (self, path);
}

void
_bounce_window_show_changed_on_disk (BounceWindow *self,
                                     const GError *error)
{
  g_return_if_fail (BOUNCE_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  bounce_window_show_changed_dialog (self, error->message);
}

/* Shows that the contact file changed when no save was tried, so the
 * core's message, which states that nothing was written, does not fit. */
static gboolean
show_changed_on_disk_cb (gpointer user_data)
{
  g_autoptr(BounceWindow) self = user_data;
  BounceContactList *contacts = self->session != NULL ? bounce_session_get_contacts (self->session) : NULL;
  g_autofree char *body = NULL;
  const char *path;

  if (contacts == NULL || bounce_contact_list_check_unchanged (contacts, NULL))
    return G_SOURCE_REMOVE;

  path = bounce_contact_list_get_path (contacts);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    body = g_strdup_printf (_("The contact file “%s” changed on disk since it was opened, so the contacts shown are out of date. Reload it to review its current contents."),
                            path);
  else
    body = g_strdup_printf (_("The contact file “%s” was moved or deleted since it was opened, so the contacts shown are out of date. Open it again from where it is now."),
                            path);
  bounce_window_show_changed_dialog (self, body);

  return G_SOURCE_REMOVE;
}

gboolean
_bounce_window_check_contacts (BounceWindow *self)
{
  BounceContactList *contacts;

  g_return_val_if_fail (BOUNCE_IS_WINDOW (self), FALSE);

  if (self->contacts_changed)
    return FALSE;
  contacts = self->session != NULL ? bounce_session_get_contacts (self->session) : NULL;
  if (contacts == NULL || bounce_contact_list_check_unchanged (contacts, NULL))
    return TRUE;

  /* The caller may be binding list cells, so the dialog opens later. */
  self->contacts_changed = TRUE;
  g_idle_add (show_changed_on_disk_cb, g_object_ref (self));

  return FALSE;
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

  if (!self->last_save_ok && g_error_matches (error, BOUNCE_ERROR, BOUNCE_ERROR_CHANGED_ON_DISK))
    _bounce_window_show_changed_on_disk (self, error);
  else if (!self->last_save_ok)
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
      g_autofree char *saved_text = NULL;
      g_autofree char *removed_text = NULL;
      g_autofree char *title = NULL;
      g_autofree char *link_target = bounce_clean_dup_link_target (job->output);

      /* TRANSLATORS: the first half of "Saved 9,812 contacts, removed 188" */
      saved_text = g_strdup_printf (g_dngettext (NULL, "Saved %s contact", "Saved %s contacts",
                                                 job->summary.rows_kept),
                                    kept);
      /* TRANSLATORS: the second half of "Saved 9,812 contacts, removed 188" */
      removed_text = g_strdup_printf (g_dngettext (NULL, "removed %s", "removed %s", job->summary.rows_removed),
                                      removed);
      /* TRANSLATORS: the two halves above, "Saved 9,812 contacts, removed 188" */
      title = g_strdup_printf (C_("saved and removed", "%s, %s"), saved_text, removed_text);
      /* The added columns change the file's shape, so the toast mentions them. */
      if (job->columns != BOUNCE_STATUS_COLUMN_NONE)
        {
          g_autofree char *with_columns = NULL;

          /* TRANSLATORS: %s is "Saved 9,812 contacts, removed 188" */
          with_columns = g_strdup_printf (_("%s, with the status columns added"), title);
          g_free (title);
          title = g_steal_pointer (&with_columns);
        }

      /* A symbolic link keeps pointing at the file that got the rows, so
       * the toast names that file and opens its folder. */
      if (link_target != NULL)
        {
          g_autofree char *target_name = g_filename_display_basename (link_target);
          g_autofree char *with_target = NULL;

          /* TRANSLATORS: the first %s is "Saved 9,812 contacts, removed 188",
           * the second the file that the chosen symbolic link points to */
          with_target = g_strdup_printf (_("%s, in “%s”, the file the link points to"), title, target_name);
          g_free (title);
          title = g_steal_pointer (&with_target);
        }
      bounce_window_add_toast (self, bounce_gui_new_saved_toast (title, link_target != NULL ? link_target
                                                                                           : job->output));
    }

  g_signal_emit_by_name (self, "saved", self->last_save_ok);
}

/* TRUE when @a and @b name the same existing file, through links too. */
static gboolean
is_same_file (const char *a,
              const char *b)
{
  GStatBuf stat_a;
  GStatBuf stat_b;

  if (g_stat (a, &stat_a) != 0 || g_stat (b, &stat_b) != 0)
    return FALSE;

  return stat_a.st_dev == stat_b.st_dev && stat_a.st_ino == stat_b.st_ino;
}

/* Returns the file of an open bounce message that @path names, also
 * through a link, or NULL. Saving there would replace the message. */
static const char *
find_bounce_file (BounceSession *session,
                  const char    *path)
{
  GPtrArray *records = bounce_session_get_records (session);
  const char *last = NULL;
  GStatBuf info;

  if (records == NULL || g_stat (path, &info) != 0 || !S_ISREG (info.st_mode))
    return NULL;

  for (guint i = 0; i < records->len; i++)
    {
      const BounceRecord *record = g_ptr_array_index (records, i);
      GStatBuf record_info;

      /* The records of one file or mbox come one after another. */
      if (last != NULL && strcmp (last, record->file) == 0)
        continue;
      last = record->file;

      if (g_stat (record->file, &record_info) == 0 &&
          record_info.st_dev == info.st_dev && record_info.st_ino == info.st_ino)
        return record->file;
    }

  return NULL;
}

static void
bounce_window_start_save (BounceWindow *self,
                          SaveJob      *job)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  /* Setting the policy below draws the list's cells again from the
   * mapped contact file, which stops the app with SIGBUS when the file
   * got shorter since it was opened. */
  if (!bounce_contact_list_check_unchanged (bounce_cleaner_get_contacts (job->cleaner), &error))
    {
      save_job_free (job);
      self->last_save_ok = FALSE;
      self->n_saves++;
      _bounce_window_show_changed_on_disk (self, error);
      g_signal_emit_by_name (self, "saved", FALSE);
      return;
    }

  /* The list on screen shows what is saved. */
  bounce_session_set_policy (self->session, &job->policy);

  task = g_task_new (self, NULL, save_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_thread);
}

static void
replace_removed_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             BounceWindow     *self)
{
  SaveJob *job = g_object_steal_data (G_OBJECT (dialog), "save-job");
  BounceCleaner *cleaner = self->session != NULL ? bounce_session_get_cleaner (self->session) : NULL;

  if (job == NULL)
    return;

  /* A job of a contact list opened before would check and save the old
   * list, which a reload has replaced. */
  if (g_strcmp0 (response, "replace") == 0 && job->cleaner == cleaner)
    bounce_window_start_save (self, job);
  else
    save_job_free (job);
}

void
_bounce_window_close_save_questions (BounceWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (BOUNCE_IS_WINDOW (self));

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (toplevel) == GTK_WINDOW (self) &&
          g_object_get_data (G_OBJECT (toplevel), "save-job") != NULL)
        g_ptr_array_add (stale, g_steal_pointer (&toplevel));
    }

  /* Destroying a window changes the list of toplevels, so the windows
   * are destroyed after the loop. Their jobs are freed with them. */
  for (guint i = 0; i < stale->len; i++)
    gtk_window_destroy (g_ptr_array_index (stale, i));
}

/* The save dialog asks before it replaces the cleaned list, so the file
 * of removed contacts beside it gets the same question here. */
static void
bounce_window_ask_replace_removed (BounceWindow *self,
                                   SaveJob      *job)
{
  g_autofree char *name = g_path_get_basename (job->removed_output);
  g_autofree char *folder = g_path_get_dirname (job->removed_output);
  g_autofree char *folder_name = g_filename_display_basename (folder);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* TRANSLATORS: "Replace “contacts-removed.csv”?" */
  heading = g_strdup_printf (_("Replace “%s”?"), name);
  body = g_strdup_printf (_("A file with this name already exists in “%s”. The removed contacts of this save would replace its contents."),
                          folder_name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "replace", _("_Replace"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data_full (G_OBJECT (dialog), "save-job", job, (GDestroyNotify) save_job_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (replace_removed_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void save_cleaned (BounceWindow *self,
                          const char   *path,
                          gboolean      without_history);

static void
without_history_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             BounceWindow     *self)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "output");

  if (g_strcmp0 (response, "save") == 0)
    {
      save_cleaned (self, path, TRUE);
      return;
    }

  self->last_save_ok = FALSE;
  self->n_saves++;
  g_signal_emit_by_name (self, "saved", FALSE);
}

/* Asks whether to save the cleaned list to @path without the suppression
 * list, which could not be read for the reason @error. */
static void
ask_save_without_history (BounceWindow *self,
                          const char   *path,
                          const GError *error)
{
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  /* TRANSLATORS: %s is an error message that ends with a full stop. */
  body = g_strdup_printf (_("%s A cleaned list saved now would keep the people on it, who bounced or complained before."),
                          error->message);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("The Suppression List Could Not Be Read"),
                                                       body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "save", _("Save _Without It"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "output", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (without_history_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_bounce_window_save_cleaned (BounceWindow *self,
                             const char   *path)
{
  g_return_if_fail (BOUNCE_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  save_cleaned (self, path, FALSE);
}

/* Saves the cleaned list to @path, with the history's suppression list
 * unless @without_history is set. */
static void
save_cleaned (BounceWindow *self,
              const char   *path,
              gboolean      without_history)
{
  g_autoptr(GError) list_error = NULL;
  BounceContactList *contacts;
  gboolean save_removed;
  SaveJob *job;

  if (self->session == NULL || bounce_session_get_cleaner (self->session) == NULL)
    return;

  /* bounce-cli clean writes nothing when the history exists but its
   * suppression list cannot be read, and the app asks first. */
  if (!without_history && !_bounce_window_check_suppression_list (self, &list_error))
    {
      ask_save_without_history (self, path, list_error);
      return;
    }

  contacts = bounce_session_get_contacts (self->session);
  /* The core checks the outputs against the contact file only, and the
   * open bounce messages are files too. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *removed_path = NULL;
      const char *bounce_file;

      if (i == 1 && !g_settings_get_boolean (self->settings, "save-removed"))
        break;
      if (i == 1)
        removed_path = bounce_export_dup_removed_path (path);
      bounce_file = find_bounce_file (self->session, i == 0 ? path : removed_path);

      if (bounce_file != NULL)
        {
          g_autofree char *name = g_filename_display_basename (bounce_file);
          g_autoptr(GError) error = g_error_new (BOUNCE_ERROR, BOUNCE_ERROR_WOULD_OVERWRITE_INPUT,
                                                 i == 0
                                                 ? _("The cleaned list would replace the bounce message “%s”, which is open. Choose another name for the cleaned list.")
                                                 : _("The removed contacts would replace the bounce message “%s”, which is open. Choose another name for the cleaned list, or turn off saving the removed contacts."),
                                                 name);

          bounce_gui_show_error (GTK_WINDOW (self), _("The Bounce Message Was Not Overwritten"), error);
          self->last_save_ok = FALSE;
          self->n_saves++;
          g_signal_emit_by_name (self, "saved", FALSE);
          return;
        }
    }

  job = g_new0 (SaveJob, 1);
  job->cleaner = g_object_ref (bounce_session_get_cleaner (self->session));
  job->output = g_strdup (path);
  bounce_export_read_settings (self->settings, &job->policy, &save_removed);
  job->columns = _bounce_window_get_status_columns (self) ? BOUNCE_STATUS_COLUMN_ALL : BOUNCE_STATUS_COLUMN_NONE;
  /* The list checks of the open contacts: invalid addresses are left
   * out as bounce-cli clean leaves them out. */
  if (bounce_session_get_hygiene (self->session) != NULL)
    job->policy.hygiene = g_object_ref (bounce_session_get_hygiene (self->session));
  /* The saving thread keeps the history open, whatever the settings do
   * meanwhile. */
  if (self->history != NULL && !without_history)
    job->policy.history = g_object_ref (self->history);
  /* The contacts a person chose to keep are saved. */
  if (self->kept_addresses != NULL)
    job->policy.kept_addresses = g_hash_table_ref (self->kept_addresses);

  if (save_removed)
    {
      job->removed_output = bounce_export_dup_removed_path (path);

      /* The core refuses this too, but its message speaks of the
       * cleaned file; here the removed contacts are at fault. */
      if (is_same_file (job->removed_output, bounce_contact_list_get_path (contacts)))
        {
          g_autofree char *name = g_path_get_basename (job->removed_output);
          g_autoptr(GError) error = g_error_new (BOUNCE_ERROR, BOUNCE_ERROR_WOULD_OVERWRITE_INPUT,
                                                 _("The removed contacts would be saved as “%s”, which is the contact list itself. Choose another name for the cleaned list, or turn off saving the removed contacts."),
                                                 name);

          bounce_gui_show_error (GTK_WINDOW (self), _("The Contact List Was Not Overwritten"), error);
          save_job_free (job);
          self->last_save_ok = FALSE;
          self->n_saves++;
          g_signal_emit_by_name (self, "saved", FALSE);
          return;
        }

      /* A pipe or a device there is refused before the question whether
       * to replace it, which Replace could not keep. */
      {
        g_autoptr(GError) error = NULL;

        if (!bounce_clean_check_output_file (job->removed_output, &error))
          {
            bounce_gui_show_error (GTK_WINDOW (self), _("Could Not Save the Cleaned List"), error);
            save_job_free (job);
            self->last_save_ok = FALSE;
            self->n_saves++;
            g_signal_emit_by_name (self, "saved", FALSE);
            return;
          }
      }

      if (g_file_test (job->removed_output, G_FILE_TEST_EXISTS))
        {
          bounce_window_ask_replace_removed (self, job);
          return;
        }
    }

  bounce_window_start_save (self, job);
}

gboolean
_bounce_window_get_status_columns (BounceWindow *self)
{
  BounceContactList *contacts;

  if (self->status_columns_path == NULL || self->session == NULL)
    return FALSE;

  contacts = bounce_session_get_contacts (self->session);

  return contacts != NULL && g_strcmp0 (bounce_contact_list_get_path (contacts), self->status_columns_path) == 0;
}

void
_bounce_window_set_status_columns (BounceWindow *self,
                                   gboolean      add)
{
  BounceContactList *contacts = self->session != NULL ? bounce_session_get_contacts (self->session) : NULL;

  g_free (self->status_columns_path);
  self->status_columns_path = add && contacts != NULL ? g_strdup (bounce_contact_list_get_path (contacts)) : NULL;
}

gboolean
_bounce_window_save_chosen (BounceWindow *self,
                            const char   *path,
                            GtkWindow    *export_dialog)
{
  BounceContactList *contacts;

  g_return_val_if_fail (BOUNCE_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->session == NULL || bounce_session_get_cleaner (self->session) == NULL)
    return FALSE;

  /* The file chooser has asked whether to replace the file, which the
   * core would then reject. Saying so here, with the save options still
   * open, lets the person pick another name at once. */
  contacts = bounce_session_get_contacts (self->session);
  if (is_same_file (path, bounce_contact_list_get_path (contacts)))
    {
      g_autofree char *name = g_filename_display_basename (path);
      g_autoptr(GError) error = g_error_new (BOUNCE_ERROR, BOUNCE_ERROR_WOULD_OVERWRITE_INPUT,
                                             _("“%s” is the contact list that is open, and Bounce never replaces it, so it is unchanged. Save again and choose another name for the cleaned list."),
                                             name);

      bounce_gui_show_error (export_dialog != NULL ? export_dialog : GTK_WINDOW (self),
                             _("Choose Another Name"), error);
      return FALSE;
    }

  /* The dialog's choices become the settings only now, when the person
   * saves; closing it without saving leaves them as they were. */
  if (export_dialog != NULL && BOUNCE_IS_EXPORT_DIALOG (export_dialog))
    {
      BounceExportDialog *dialog = BOUNCE_EXPORT_DIALOG (export_dialog);

      bounce_export_dialog_apply_choices (dialog);
      _bounce_window_set_status_columns (self, bounce_export_dialog_get_status_columns (dialog));
    }
  if (export_dialog != NULL)
    gtk_window_destroy (export_dialog);
  _bounce_window_save_cleaned (self, path);

  return TRUE;
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

      if (path != NULL)
        _bounce_window_save_chosen (self, path, dialog);
    }

  g_object_unref (native);
}

static void
export_save_cb (BounceWindow       *self,
                BounceExportDialog *dialog)
{
  BounceContactList *contacts = bounce_session_get_contacts (self->session);
  const char *input = bounce_contact_list_get_path (contacts);
  g_autofree char *folder = _bounce_window_dup_save_folder (input);
  g_autofree char *proposed = bounce_export_dup_cleaned_name (input);
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Save Cleaned List"), GTK_WINDOW (dialog),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder_file, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), proposed);
  /* An Excel "Unicode Text" list is saved as .txt (see
   * bounce_export_dup_cleaned_name()), so the filter shows those too. */
  gtk_file_filter_set_name (csv, _("CSV and text files"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), csv);

  g_object_set_data (G_OBJECT (native), "export-dialog", dialog);
  g_signal_connect_object (native, "response", G_CALLBACK (save_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
_bounce_window_show_export (BounceWindow *self)
{
  BounceExportDialog *dialog;

  g_return_if_fail (BOUNCE_IS_WINDOW (self));

  if (self->session == NULL || bounce_session_get_cleaner (self->session) == NULL)
    return;

  /* Save options for a list that changed on disk would show counts of
   * contents that are gone, and the save would fail. */
  if (self->contacts_changed ||
      !bounce_contact_list_check_unchanged (bounce_session_get_contacts (self->session), NULL))
    {
      self->contacts_changed = TRUE;
      show_changed_on_disk_cb (g_object_ref (self));
      return;
    }

  if (self->export_dialog != NULL)
    {
      gtk_window_present (self->export_dialog);
      return;
    }

  dialog = bounce_export_dialog_new (GTK_WINDOW (self), self->session, self->settings);
  bounce_export_dialog_set_status_columns (dialog, _bounce_window_get_status_columns (self));
  g_signal_connect_object (dialog, "save", G_CALLBACK (export_save_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->export_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_bounce_window_update_export (BounceWindow *self)
{
  g_return_if_fail (BOUNCE_IS_WINDOW (self));

  if (self->export_dialog == NULL)
    return;

  if (self->session == NULL || bounce_session_get_cleaner (self->session) == NULL)
    {
      gtk_window_destroy (self->export_dialog);
      return;
    }

  bounce_export_dialog_set_session (BOUNCE_EXPORT_DIALOG (self->export_dialog), self->session);
  bounce_export_dialog_set_status_columns (BOUNCE_EXPORT_DIALOG (self->export_dialog),
                                           _bounce_window_get_status_columns (self));
}

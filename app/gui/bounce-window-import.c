/* bounce-window-import.c: opening contacts and bounces, by file chooser
 * and by drag and drop, read off the UI thread with progress.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-window"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bounce-export-dialog.h"
#include "bounce-gui-util.h"
#include "bounce-preview-dialog.h"
#include "bounce-window-private.h"

static void bounce_window_finish_loading (BounceWindow *self);

gboolean
_bounce_window_is_loading (BounceWindow *self)
{
  return self->n_loading > 0;
}

static gboolean
pulse_cb (gpointer user_data)
{
  BounceWindow *self = user_data;

  if (self->scanner == NULL || bounce_scanner_get_files_total (self->scanner) == 0)
    gtk_progress_bar_pulse (self->progress_bar);

  return G_SOURCE_CONTINUE;
}

static void
bounce_window_clear_pending (BounceWindow *self)
{
  g_clear_object (&self->pending_contacts);
  g_clear_pointer (&self->pending_records, g_ptr_array_unref);
  g_clear_pointer (&self->pending_bounces_name, g_free);
  g_clear_pointer (&self->pending_bounce_sources, g_ptr_array_unref);
  self->pending_n_bounce_paths = 0;
}

/* Makes the inputs of a finished load the open ones. */
static void
bounce_window_commit_pending (BounceWindow *self)
{
  if (self->pending_contacts != NULL)
    g_set_object (&self->contacts, self->pending_contacts);

  if (self->pending_records != NULL)
    {
      g_clear_pointer (&self->records, g_ptr_array_unref);
      self->records = g_steal_pointer (&self->pending_records);
      g_free (self->bounces_name);
      self->bounces_name = g_steal_pointer (&self->pending_bounces_name);
      self->n_bounce_paths = self->pending_n_bounce_paths;
    }
  if (self->pending_bounce_sources != NULL)
    {
      g_clear_pointer (&self->bounce_sources, g_ptr_array_unref);
      self->bounce_sources = g_steal_pointer (&self->pending_bounce_sources);
    }

  bounce_window_clear_pending (self);
}

BounceContactList *
bounce_window_get_contacts (BounceWindow *self)
{
  g_return_val_if_fail (BOUNCE_IS_WINDOW (self), NULL);

  return self->contacts;
}

char *
_bounce_window_dup_no_bounces_text (BounceWindow *self)
{
  if (self->n_bounce_paths > 1)
    return g_strdup_printf (g_dngettext (NULL,
                                         "No bounce messages were found in the %u file you chose. Choose the folder or mbox file your mail program exported.",
                                         "No bounce messages were found in the %u files you chose. Choose the folder or mbox file your mail program exported.",
                                         self->n_bounce_paths),
                            self->n_bounce_paths);

  return g_strdup_printf (_("No bounce messages were found in “%s”. Choose the folder or mbox file your mail program exported."),
                          self->bounces_name != NULL ? self->bounces_name : "");
}

static void
bounce_window_begin_loading (BounceWindow *self)
{
  if (self->n_loading == 0)
    {
      bounce_window_clear_pending (self);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      gtk_label_set_text (self->contacts_progress_label, "");
      gtk_label_set_text (self->bounces_progress_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->contacts_progress_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->bounces_progress_label), FALSE);
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_stack_set_visible_child_name (self->main_stack, "loading");
      self->pulse_source = g_timeout_add (100, pulse_cb, self);
    }

  self->n_loading++;
  _bounce_window_update_actions (self);
}

void
_bounce_window_begin_loading (BounceWindow *self)
{
  bounce_window_begin_loading (self);
}

void
_bounce_window_end_loading (BounceWindow *self)
{
  bounce_window_finish_loading (self);
}

/* Leaves the loading page for the page shown before, with the open
 * inputs as they were. */
static void
bounce_window_abandon_loading (BounceWindow *self)
{
  bounce_window_clear_pending (self);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  gtk_stack_set_visible_child_name (self->main_stack, self->session != NULL ? "review" : "welcome");
  _bounce_window_update_actions (self);
}

static void
session_ready_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BounceWindow) self = user_data;
  g_autoptr(BounceSession) session = NULL;
  g_autoptr(GError) error = NULL;

  self->n_loading--;
  session = bounce_session_new_finish (result, &error);
  if (session == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        bounce_gui_show_error (GTK_WINDOW (self), _("Could Not Match the Bounces to the Contacts"), error);
      bounce_window_abandon_loading (self);
      return;
    }

  bounce_window_commit_pending (self);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  _bounce_window_show_session (self, session);
  /* The verdicts read the history, which may have turned out damaged. */
  _bounce_window_update_history_banner (self);
}

/* Runs when one of the jobs started together ends: once all have, the
 * contacts and records are matched on a worker thread. */
static void
bounce_window_finish_loading (BounceWindow *self)
{
  BounceCleanPolicy policy;
  BounceContactList *contacts;
  GPtrArray *records;

  _bounce_window_update_actions (self);
  if (self->n_loading > 0)
    return;

  /* A newly read side is matched with the open other side. */
  contacts = self->pending_contacts != NULL ? self->pending_contacts : self->contacts;
  records = self->pending_records != NULL ? self->pending_records : self->records;

  /* A file opened as the contact list after it was read as a bounce
   * message is no longer listed among the unreadable messages. */
  if (contacts != NULL && records != NULL && bounce_contact_list_get_path (contacts) != NULL)
    {
      GPtrArray *without = bounce_records_dup_without_file (records, bounce_contact_list_get_path (contacts));

      if (without != NULL && self->pending_records == NULL)
        {
          self->pending_bounces_name = g_strdup (self->bounces_name);
          self->pending_n_bounce_paths = self->n_bounce_paths;
        }
      if (without != NULL)
        {
          g_clear_pointer (&self->pending_records, g_ptr_array_unref);
          self->pending_records = without;
          records = without;
        }
    }
  if (g_cancellable_is_cancelled (self->cancellable)
      || (self->pending_contacts == NULL && self->pending_records == NULL)
      || (contacts == NULL && records == NULL))
    {
      bounce_window_abandon_loading (self);
      return;
    }

  self->files_read_time = g_get_monotonic_time ();
  gtk_label_set_text (self->bounces_progress_label, _("Matching bounces to contacts…"));
  gtk_widget_set_visible (GTK_WIDGET (self->bounces_progress_label), TRUE);

  _bounce_window_read_policy (self, &policy);
  self->n_loading++;
  bounce_session_new_async (contacts, records, &policy, self->cancellable,
                            session_ready_cb, g_object_ref (self));
}

void
_bounce_window_cancel_loading (BounceWindow *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* Contacts */

static void
bounce_window_set_contacts (BounceWindow      *self,
                            BounceContactList *contacts)
{
  g_autofree char *count = bounce_gui_format_count (bounce_contact_list_get_n_rows (contacts));
  g_autofree char *text = NULL;

  g_set_object (&self->pending_contacts, contacts);

  /* TRANSLATORS: "Read 10,000 contacts" */
  text = g_strdup_printf (_("Read %s contacts"), count);
  gtk_label_set_text (self->contacts_progress_label, text);
}

static void
preview_confirmed_cb (BounceWindow        *self,
                      BounceContactList   *contacts,
                      BouncePreviewDialog *dialog)
{
  bounce_window_set_contacts (self, contacts);
}

static void
preview_destroyed_cb (BounceWindow *self)
{
  self->n_loading--;
  bounce_window_finish_loading (self);
}

static void bounce_window_read_contacts (BounceWindow *self,
                                         GFile        *file);

static char *
dup_display_basename (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  return g_filename_display_name (name);
}

typedef struct
{
  BounceWindow *window;
  char         *path;
} ContactsLoad;

static void
contacts_load_free (ContactsLoad *load)
{
  g_object_unref (load->window);
  g_free (load->path);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ContactsLoad, contacts_load_free)

static void
open_unused_candidate_cb (BounceWindow *self,
                          AdwToast     *toast)
{
  GFile *file = g_object_get_data (G_OBJECT (toast), "file");

  _bounce_window_open_contacts (self, file);
}

/* Says which of several files given together became the contact list,
 * and why, when others named .csv or .tsv were not used. The first of
 * contact_candidates is the one read. Those with other names were read
 * as bounce messages too (bounce_window_open_files()), so they go unnamed. */
static void
bounce_window_name_unused_candidates (BounceWindow *self)
{
  GFile *used = g_ptr_array_index (self->contact_candidates, 0);
  g_autofree char *used_name = dup_display_basename (used);
  g_autofree char *other_name = NULL;
  g_autofree char *text = NULL;
  GFile *other = NULL;
  guint n_unused = 0;
  AdwToast *toast;

  for (guint i = 1; i < self->contact_candidates->len; i++)
    {
      GFile *candidate = g_ptr_array_index (self->contact_candidates, i);
      g_autofree char *path = g_file_get_path (candidate);

      if (path == NULL || !bounce_contact_list_has_list_name (path))
        continue;
      if (other == NULL)
        other = candidate;
      n_unused++;
    }
  if (n_unused == 0)
    return;

  other_name = dup_display_basename (other);
  if (n_unused == 1)
    /* TRANSLATORS: both %s are file names, such as "customers.csv" */
    text = g_strdup_printf (_("“%s” is the contact list, as the first of the files given that look like one. “%s” was not used."),
                            used_name, other_name);
  else
    text = g_strdup_printf (g_dngettext (NULL,
                                         /* TRANSLATORS: %s is a file name, such as "customers.csv" */
                                         "“%s” is the contact list, as the first of the files given that look like one. %u other was not used.",
                                         "“%s” is the contact list, as the first of the files given that look like one. %u others were not used.",
                                         n_unused),
                            used_name, n_unused);

  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 10);
  if (n_unused == 1)
    {
      /* TRANSLATORS: a toast's button that opens the other file as the contact list */
      adw_toast_set_button_label (toast, _("_Use the Other"));
      g_object_set_data_full (G_OBJECT (toast), "file", g_object_ref (other), g_object_unref);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (open_unused_candidate_cb), self,
                               G_CONNECT_SWAPPED);
    }
  bounce_window_add_toast (self, toast);
}

static void
contacts_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ContactsLoad) load = user_data;
  BounceWindow *self = load->window;
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(GError) error = NULL;

  contacts = bounce_contact_list_load_finish (result, &error);

  if (contacts == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      self->contact_candidates != NULL && self->contact_candidates->len > 1)
    {
      g_autoptr(GFile) failed = g_ptr_array_steal_index (self->contact_candidates, 0);
      GFile *next = g_ptr_array_index (self->contact_candidates, 0);
      g_autofree char *failed_name = dup_display_basename (failed);
      g_autofree char *next_name = dup_display_basename (next);
      g_autofree char *text = NULL;

      g_debug ("Reading %s as the contact list failed: %s", failed_name, error->message);
      /* TRANSLATORS: both %s are file names, such as "notes.txt" and "customers.csv" */
      text = g_strdup_printf (_("“%s” could not be read as a contact list, so “%s” is read in its place."),
                              failed_name, next_name);
      bounce_window_add_toast (self, adw_toast_new (text));
      bounce_window_read_contacts (self, next);
      return;
    }
  if (contacts != NULL && self->contact_candidates != NULL && self->contact_candidates->len > 1)
    bounce_window_name_unused_candidates (self);
  g_clear_pointer (&self->contact_candidates, g_ptr_array_unref);

  if (contacts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          bounce_contact_list_reword_for_app (error, load->path);
          bounce_gui_show_error (GTK_WINDOW (self), _("Could Not Open the Contact List"), error);
        }
    }
  else if (bounce_contact_list_is_uncertain (contacts)
           && !g_cancellable_is_cancelled (self->cancellable))
    {
      BouncePreviewDialog *dialog = bounce_preview_dialog_new (GTK_WINDOW (self), contacts);

      /* Loading stays open until the person has confirmed or cancelled. */
      g_signal_connect_object (dialog, "confirmed", G_CALLBACK (preview_confirmed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (dialog, "destroy", G_CALLBACK (preview_destroyed_cb), self, G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  else
    bounce_window_set_contacts (self, contacts);

  self->n_loading--;
  bounce_window_finish_loading (self);
}

/* Reads @file as the contact list, within a loading job begun before. */
static void
bounce_window_read_contacts (BounceWindow *self,
                             GFile        *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *text = NULL;
  ContactsLoad *load;

  g_settings_set_string (self->settings, "last-contacts-folder", folder);

  /* TRANSLATORS: "Reading contacts from customers.csv…" */
  text = g_strdup_printf (_("Reading contacts from %s…"), name);
  gtk_label_set_text (self->contacts_progress_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->contacts_progress_label), TRUE);

  load = g_new0 (ContactsLoad, 1);
  load->window = g_object_ref (self);
  load->path = g_strdup (path);
  bounce_contact_list_load_async (path, NULL, self->cancellable, contacts_loaded_cb, load);
}

void
_bounce_window_open_contact_candidates (BounceWindow *self,
                                        GPtrArray    *candidates)
{
  g_return_if_fail (BOUNCE_IS_WINDOW (self));
  g_return_if_fail (candidates != NULL && candidates->len > 0);

  _bounce_window_open_contacts (self, g_ptr_array_index (candidates, 0));

  /* Set after the first is opened, which drops the candidates of an
   * earlier command line or drop. */
  self->contact_candidates = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < candidates->len; i++)
    g_ptr_array_add (self->contact_candidates, g_object_ref (g_ptr_array_index (candidates, i)));
}

void
_bounce_window_open_contacts (BounceWindow *self,
                              GFile        *file)
{
  g_autofree char *path = g_file_get_path (file);

  g_return_if_fail (BOUNCE_IS_WINDOW (self));

  g_clear_pointer (&self->contact_candidates, g_ptr_array_unref);
  if (path == NULL)
    {
      g_autoptr(GError) error = g_error_new (BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND,
                                             _("Only files on this computer can be opened. Copy the file to a local folder first."));

      bounce_gui_show_error (GTK_WINDOW (self), _("Could Not Open the Contact List"), error);
      return;
    }

  bounce_window_begin_loading (self);
  bounce_window_read_contacts (self, file);
}

/* Bounces */

/* TRUE when @source is one of the open or pending bounce sources: the
 * same string, or the same file or folder under another name. */
static gboolean
bounce_window_has_source (BounceWindow *self,
                          const char   *source)
{
  GPtrArray *sources = self->pending_bounce_sources != NULL ? self->pending_bounce_sources : self->bounce_sources;
  GStatBuf info;
  gboolean have_info;

  if (sources == NULL)
    return FALSE;

  have_info = g_stat (source, &info) == 0;
  for (guint i = 0; i < sources->len; i++)
    {
      const char *open = g_ptr_array_index (sources, i);
      GStatBuf open_info;

      if (g_str_equal (open, source))
        return TRUE;
      if (have_info && g_stat (open, &open_info) == 0
          && open_info.st_dev == info.st_dev && open_info.st_ino == info.st_ino)
        return TRUE;
    }

  return FALSE;
}

void
_bounce_window_add_pending_source (BounceWindow *self,
                                   const char   *source)
{
  if (self->pending_bounce_sources == NULL)
    {
      self->pending_bounce_sources = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; self->bounce_sources != NULL && i < self->bounce_sources->len; i++)
        g_ptr_array_add (self->pending_bounce_sources, g_strdup (g_ptr_array_index (self->bounce_sources, i)));
    }

  if (!bounce_window_has_source (self, source))
    g_ptr_array_add (self->pending_bounce_sources, g_strdup (source));
}

void
_bounce_window_add_scanned_records (BounceWindow *self,
                                    GPtrArray    *records)
{
  g_autoptr(GHashTable) scanned_files = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *merged;

  for (guint i = 0; i < records->len; i++)
    g_hash_table_add (scanned_files, ((BounceRecord *) g_ptr_array_index (records, i))->file);

  /* A file read again, alone or in a folder, counts once. */
  merged = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  for (guint i = 0; self->records != NULL && i < self->records->len; i++)
    {
      BounceRecord *record = g_ptr_array_index (self->records, i);

      if (!g_hash_table_contains (scanned_files, record->file))
        g_ptr_array_add (merged, bounce_record_ref (record));
    }
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (merged, bounce_record_ref (g_ptr_array_index (records, i)));
  g_ptr_array_unref (records);

  g_clear_pointer (&self->pending_records, g_ptr_array_unref);
  self->pending_records = merged;
}

void
_bounce_window_close_bounces (BounceWindow *self)
{
  g_return_if_fail (BOUNCE_IS_WINDOW (self));

  if (_bounce_window_is_loading (self) || self->contacts == NULL || self->records == NULL)
    return;

  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->bounces_name, g_free);
  g_clear_pointer (&self->bounce_sources, g_ptr_array_unref);
  self->n_bounce_paths = 0;

  /* The contact list alone, matched again as when it was opened.
   * NOTE: a cancelled match leaves the review of the closed bounces on
   * screen, with no bounce source named. */
  bounce_window_begin_loading (self);
  g_set_object (&self->pending_contacts, self->contacts);
  self->n_loading--;
  bounce_window_finish_loading (self);
}

static void
scanner_progress_cb (BounceWindow  *self,
                     GParamSpec    *pspec,
                     BounceScanner *scanner)
{
  guint messages = bounce_scanner_get_messages_read (scanner);
  guint files = bounce_scanner_get_files_read (scanner);
  guint total = bounce_scanner_get_files_total (scanner);
  g_autofree char *messages_text = bounce_gui_format_count (messages);
  g_autofree char *text = NULL;

  if (total > 0)
    {
      g_autofree char *files_text = bounce_gui_format_count (files);
      g_autofree char *total_text = bounce_gui_format_count (total);
      g_autofree char *read_text = NULL;
      g_autofree char *files_part = NULL;
      g_autofree char *total_part = NULL;

      /* Each count chooses the plural of its own part. */
      /* TRANSLATORS: the first part of "Read 1,234 messages from 1,200 files of 5,000" */
      read_text = g_strdup_printf (g_dngettext (NULL, "Read %s message", "Read %s messages", messages),
                                   messages_text);
      /* TRANSLATORS: the second part of "Read 1,234 messages from 1,200 files of 5,000" */
      files_part = g_strdup_printf (g_dngettext (NULL, "from %s file", "from %s files", files),
                                    files_text);
      /* TRANSLATORS: the third part of "Read 1,234 messages from 1,200 files of 5,000"; %s is the number of files found */
      total_part = g_strdup_printf (g_dngettext (NULL, "of %s", "of %s", total), total_text);
      /* TRANSLATORS: the three parts above, "Read 1,234 messages from 1,200 files of 5,000" */
      text = g_strdup_printf (_("%s %s %s"), read_text, files_part, total_part);
      gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, files / (double) total));
    }
  else
    text = g_strdup_printf (g_dngettext (NULL, "Read %s message", "Read %s messages", messages), messages_text);

  gtk_label_set_text (self->bounces_progress_label, text);
}

static void
bounces_scanned_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BounceWindow) self = user_data;
  BounceScanner *scanner = BOUNCE_SCANNER (object);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = bounce_scanner_scan_finish (scanner, result, &error);
  g_signal_handlers_disconnect_by_data (scanner, self);
  if (self->scanner == scanner)
    g_clear_object (&self->scanner);
  _bounce_window_check_history_writes (self);

  if (records == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        bounce_gui_show_error (GTK_WINDOW (self), _("Could Not Read the Bounce Messages"), error);
    }
  else
    {
      /* Added to open bounces, an empty source leaves the review as it
       * was, so a toast reports that it held none. */
      if (records->len == 0 && self->records != NULL && self->records->len > 0
          && self->pending_n_bounce_paths == 1)
        {
          g_autofree char *title = g_strdup_printf (_("No bounce messages were found in “%s”. Choose the folder or mbox file your mail program exported."),
                                                    self->pending_bounces_name);

          bounce_window_add_toast (self, adw_toast_new (title));
        }
      _bounce_window_add_scanned_records (self, g_steal_pointer (&records));
    }

  self->n_loading--;
  bounce_window_finish_loading (self);
}

void
_bounce_window_open_bounces (BounceWindow  *self,
                             GFile        **files,
                             guint          n_files)
{
  _bounce_window_open_bounces_full (self, files, n_files, TRUE);
}

void
_bounce_window_open_bounces_full (BounceWindow  *self,
                                  GFile        **files,
                                  guint          n_files,
                                  gboolean       record)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *folder = NULL;

  g_return_if_fail (BOUNCE_IS_WINDOW (self));

  for (guint i = 0; i < n_files; i++)
    {
      char *path = g_file_get_path (files[i]);

      if (path != NULL)
        g_ptr_array_add (paths, path);
    }

  if (paths->len == 0)
    {
      g_autoptr(GError) error = g_error_new (BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND,
                                             _("Only files on this computer can be opened. Copy the messages to a local folder first."));

      bounce_gui_show_error (GTK_WINDOW (self), _("Could Not Read the Bounce Messages"), error);
      return;
    }

  /* A file or folder open already is not read again, so its bounces
   * count once. */
  for (guint i = paths->len; i > 0; i--)
    if (bounce_window_has_source (self, g_ptr_array_index (paths, i - 1)))
      g_ptr_array_remove_index (paths, i - 1);
  if (paths->len == 0)
    {
      g_autofree char *name = g_file_get_basename (files[0]);
      g_autofree char *display = g_filename_display_name (name);
      /* TRANSLATORS: a toast, "“bounces” is open already" */
      g_autofree char *title = n_files == 1 ? g_strdup_printf (_("“%s” is open already"), display)
                                            : g_strdup (_("These bounces are open already"));

      bounce_window_add_toast (self, adw_toast_new (title));
      return;
    }
  g_ptr_array_add (paths, NULL);

  folder = g_file_test (g_ptr_array_index (paths, 0), G_FILE_TEST_IS_DIR)
           ? g_strdup (g_ptr_array_index (paths, 0))
           : g_path_get_dirname (g_ptr_array_index (paths, 0));
  g_settings_set_string (self->settings, "last-bounces-folder", folder);

  bounce_window_begin_loading (self);
  g_free (self->pending_bounces_name);
  self->pending_bounces_name = g_filename_display_basename (g_ptr_array_index (paths, 0));
  self->pending_n_bounce_paths = paths->len - 1;
  for (guint i = 0; i + 1 < paths->len; i++)
    _bounce_window_add_pending_source (self, g_ptr_array_index (paths, i));

  g_clear_object (&self->scanner);
  self->scanner = bounce_scanner_new ();
  /* Messages seen before come from the history's parse cache. */
  if (record)
    bounce_scanner_set_history (self->scanner, self->history);
  g_signal_connect_object (self->scanner, "notify::messages-read", G_CALLBACK (scanner_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scanner, "notify::files-total", G_CALLBACK (scanner_progress_cb), self, G_CONNECT_SWAPPED);
  gtk_label_set_text (self->bounces_progress_label, _("Reading bounce messages…"));
  gtk_widget_set_visible (GTK_WIDGET (self->bounces_progress_label), TRUE);

  bounce_scanner_scan_async (self->scanner, (const char * const *) paths->pdata, self->cancellable,
                             bounces_scanned_cb, g_object_ref (self));
}

/* File choosers */

static void
set_current_folder (GtkFileChooser *chooser,
                    GSettings      *settings,
                    const char     *key)
{
  g_autofree char *folder = g_settings_get_string (settings, key);

  if (*folder != '\0' && g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) file = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (chooser, file, NULL);
    }
}

static void
contacts_chosen_cb (BounceWindow         *self,
                    int                   response,
                    GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      _bounce_window_open_contacts (self, file);
    }

  g_object_unref (native);
}

void
_bounce_window_choose_contacts (BounceWindow *self)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Open Contacts"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  bounce_gui_add_csv_filters (GTK_FILE_CHOOSER (native), _("Contact lists (CSV)"));
  set_current_folder (GTK_FILE_CHOOSER (native), self->settings, "last-contacts-folder");

  g_signal_connect_object (native, "response", G_CALLBACK (contacts_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
bounces_chosen_cb (BounceWindow         *self,
                   int                   response,
                   GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));

      _bounce_window_open_bounces (self, (GFile **) array->pdata, array->len);
    }

  g_object_unref (native);
}

void
_bounce_window_choose_bounces (BounceWindow *self,
                               gboolean      folder)
{
  GtkFileChooserNative *native;

  if (folder)
    native = gtk_file_chooser_native_new (_("Open a Folder of Bounce Messages"), GTK_WINDOW (self),
                                          GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Open"), _("_Cancel"));
  else
    {
      g_autoptr(GtkFileFilter) messages = gtk_file_filter_new ();
      g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

      native = gtk_file_chooser_native_new (_("Open Bounce Messages"), GTK_WINDOW (self),
                                            GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
      gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);

      gtk_file_filter_set_name (messages, _("Email messages and mbox files"));
      gtk_file_filter_add_mime_type (messages, "message/rfc822");
      gtk_file_filter_add_mime_type (messages, "application/mbox");
      gtk_file_filter_add_suffix (messages, "eml");
      gtk_file_filter_add_suffix (messages, "mbox");
      gtk_file_filter_add_suffix (messages, "txt");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), messages);
      gtk_file_filter_set_name (all, _("All files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
    }

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  set_current_folder (GTK_FILE_CHOOSER (native), self->settings, "last-bounces-folder");
  g_signal_connect_object (native, "response", G_CALLBACK (bounces_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Drag and drop */

static gboolean
drop_cb (BounceWindow  *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  GSList *list;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || _bounce_window_is_loading (self))
    return FALSE;

  list = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);

  if (files->len > 0)
    bounce_window_open_files (self, (GFile **) files->pdata, files->len);
  g_slist_free (list);

  if (files->len == 0)
    return FALSE;

  return TRUE;
}

void
_bounce_window_setup_drop (BounceWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

/* bounce-window-summary.c: the Summary page of the window, its findings
 * as filters of the contact list, and the saved report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-window-summary"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bounce-window-private.h"

static gboolean
any_filter_active (BounceWindow *self)
{
  for (guint group = 0; group < BOUNCE_ROW_GROUP_LAST; group++)
    if (self->filter_buttons[group] != NULL && gtk_toggle_button_get_active (self->filter_buttons[group]))
      return TRUE;

  return FALSE;
}

void
_bounce_window_clear_finding (BounceWindow *self)
{
  g_return_if_fail (BOUNCE_IS_WINDOW (self));

  gtk_revealer_set_reveal_child (self->finding_revealer, FALSE);
  if (self->row_model != NULL && bounce_row_model_has_rows (self->row_model))
    bounce_row_model_set_rows (self->row_model, NULL);

  /* No filter was highlighted while the finding's rows showed: every
   * row shows again, so All is. */
  if (!any_filter_active (self))
    gtk_toggle_button_set_active (self->filter_buttons[BOUNCE_ROW_GROUP_ALL], TRUE);
}

void
_bounce_window_update_summary (BounceWindow *self)
{
  BounceInsight *insight = self->session != NULL ? bounce_session_get_insight (self->session) : NULL;

  g_return_if_fail (BOUNCE_IS_WINDOW (self));

  /* The rows of a finding change with the policy, so a filter made of
   * them would be out of date. */
  _bounce_window_clear_finding (self);
  bounce_summary_page_set_insight (self->summary_page, insight);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-report", insight != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-report-to", insight != NULL);
}

void
_bounce_window_show_finding (BounceWindow *self,
                             guint         index)
{
  BounceInsight *insight = bounce_summary_page_get_insight (self->summary_page);
  GPtrArray *findings;
  const BounceFinding *finding;
  int selected_row;

  g_return_if_fail (BOUNCE_IS_WINDOW (self));

  if (insight == NULL)
    return;
  findings = bounce_insight_get_findings (insight);
  g_return_if_fail (index < findings->len);
  finding = findings->pdata[index];

  if (finding->kind == BOUNCE_FINDING_UNMATCHED)
    {
      adw_view_stack_set_visible_child_name (self->review_stack, "unmatched");
      return;
    }
  if (finding->rows->len == 0 || self->row_model == NULL)
    return;

  /* The finding's rows in every group, whatever was searched. A
   * contact selected before stays in the details pane only when it is
   * among them. */
  gtk_toggle_button_set_active (self->filter_buttons[BOUNCE_ROW_GROUP_ALL], TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  selected_row = _bounce_window_begin_model_change (self);
  bounce_row_model_set_search (self->row_model, NULL);
  bounce_row_model_set_rows (self->row_model, finding->rows);
  _bounce_window_end_model_change (self, selected_row);

  gtk_label_set_text (self->finding_label, finding->text);
  gtk_revealer_set_reveal_child (self->finding_revealer, TRUE);
  adw_view_stack_set_visible_child_name (self->review_stack, "contacts");

  /* The rows are the finding's, not those of a filter, so no filter
   * shows as chosen. A click on one ends the finding's view. */
  gtk_toggle_button_set_active (self->filter_buttons[BOUNCE_ROW_GROUP_ALL], FALSE);
}

static void
finding_activated_cb (BounceWindow      *self,
                      guint              index,
                      BounceSummaryPage *page)
{
  _bounce_window_show_finding (self, index);
}

/* Saving the report */

/* Writes CSV figures for a name ending in ".csv", else the HTML page. */
static void
save_report (BounceWindow *self,
             const char   *path)
{
  BounceInsight *insight = bounce_summary_page_get_insight (self->summary_page);
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *message = NULL;
  gboolean saved;

  if (insight == NULL)
    return;

  if (g_str_has_suffix (path, ".csv") || g_str_has_suffix (path, ".CSV"))
    saved = bounce_report_write_csv (insight, path, &error);
  else
    saved = bounce_report_write_html (insight, path, &error);

  if (!saved && g_error_matches (error, BOUNCE_ERROR, BOUNCE_ERROR_CHANGED_ON_DISK))
    {
      _bounce_window_show_changed_on_disk (self, error);
      return;
    }

  if (saved)
    message = g_strdup_printf (_("Saved the report as “%s”"), basename);
  else
    message = g_strdup (error->message);
  bounce_window_add_toast (self, adw_toast_new (message));
}

static gboolean
has_report_extension (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".csv") || g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm");
}

/* Returns @path with the ending of the chosen format, in place of a
 * report ending it has or after its name. */
static char *
dup_path_for_format (const char *path,
                     gboolean    csv)
{
  g_autofree char *stem = g_strdup (path);
  char *dot = strrchr (stem, '.');

  if (dot != NULL && strchr (dot, G_DIR_SEPARATOR) == NULL && has_report_extension (stem))
    *dot = '\0';

  return g_strconcat (stem, csv ? ".csv" : ".html", NULL);
}

char *
_bounce_window_dup_report_path (const char *path,
                                const char *proposed_name,
                                gboolean    csv_chosen)
{
  g_autofree char *basename = g_path_get_basename (path);

  if (has_report_extension (basename) && g_strcmp0 (basename, proposed_name) != 0)
    return g_strdup (path);

  return dup_path_for_format (path, csv_chosen);
}

static void
report_chosen_cb (BounceWindow         *self,
                  int                   response,
                  GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *chosen_path = g_file_get_path (file);
      g_autofree char *path = NULL;
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (native));

      if (chosen_path == NULL)
        {
          g_object_unref (native);
          return;
        }

      if (filter == NULL)
        path = g_strdup (chosen_path);
      else
        path = _bounce_window_dup_report_path (chosen_path, g_object_get_data (G_OBJECT (native), "proposed-name"),
                                               filter == g_object_get_data (G_OBJECT (native), "csv-filter"));

      /* The chooser asks before replacing the typed name only, so a
       * name changed here never replaces a file. */
      if (!g_str_equal (path, chosen_path) && g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_autofree char *name = g_path_get_basename (path);
          g_autofree char *message = g_strdup_printf (_("“%s” already exists. Type that name to replace it."), name);

          bounce_window_add_toast (self, adw_toast_new (message));
          g_object_unref (native);
          return;
        }
      save_report (self, path);
    }

  g_object_unref (native);
}

static void
save_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BounceWindow *self = BOUNCE_WINDOW (widget);
  BounceInsight *insight = bounce_summary_page_get_insight (self->summary_page);
  BounceContactList *contacts;
  g_autoptr(GtkFileFilter) html = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autofree char *proposed = NULL;
  GtkFileChooserNative *native;

  if (insight == NULL)
    return;

  /* "contacts.csv" gives "contacts-report.html", beside it. */
  contacts = bounce_insight_get_contacts (insight);
  if (contacts != NULL)
    {
      g_autofree char *base = g_path_get_basename (bounce_contact_list_get_path (contacts));
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      proposed = g_strdup_printf ("%s-report.html", base);
    }
  else
    proposed = g_strdup ("bounce-report.html");

  native = gtk_file_chooser_native_new (_("Save Report"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), proposed);
  if (contacts != NULL)
    {
      g_autofree char *folder = _bounce_window_dup_save_folder (bounce_contact_list_get_path (contacts));
      g_autoptr(GFile) folder_file = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder_file, NULL);
    }
  gtk_file_filter_set_name (html, _("Web page with charts (HTML)"));
  gtk_file_filter_add_suffix (html, "html");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), html);
  gtk_file_filter_set_name (csv, _("Figures only (CSV)"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), csv);
  g_object_set_data_full (G_OBJECT (native), "csv-filter", g_object_ref (csv), g_object_unref);
  g_object_set_data_full (G_OBJECT (native), "proposed-name", g_strdup (proposed), g_free);

  g_signal_connect_object (native, "response", G_CALLBACK (report_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* The same without the file chooser, for tests and scripts. */
static void
save_report_to_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  save_report (BOUNCE_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_all_contacts_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  _bounce_window_clear_finding (BOUNCE_WINDOW (widget));
}

void
_bounce_window_summary_init (BounceWindow *self)
{
  g_signal_connect_object (self->summary_page, "finding-activated",
                           G_CALLBACK (finding_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-report", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-report-to", FALSE);
}

void
_bounce_window_class_summary_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.save-report", NULL, save_report_action);
  gtk_widget_class_install_action (widget_class, "win.save-report-to", "s", save_report_to_action);
  gtk_widget_class_install_action (widget_class, "win.show-all-contacts", NULL, show_all_contacts_action);
}

/* bounce-export-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bounce-export-dialog.h"
#include "bounce-gui-util.h"

struct _BounceExportDialog
{
  AdwWindow      parent_instance;

  BounceSession *session;
  GSettings     *settings;

  GtkSwitch     *remove_hard_switch;
  GtkSwitch     *remove_complaints_switch;
  GtkSpinButton *soft_limit_spin;
  GtkSwitch     *status_columns_switch;
  GtkSwitch     *save_removed_switch;
  GtkLabel      *counts_label;
  GtkLabel      *details_label;
  GtkButton     *save_button;
};

G_DEFINE_FINAL_TYPE (BounceExportDialog, bounce_export_dialog, ADW_TYPE_WINDOW)

enum {
  SAVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
bounce_export_read_settings (GSettings           *settings,
                             BounceCleanPolicy   *policy,
                             BounceStatusColumns *columns,
                             gboolean            *save_removed)
{
  g_return_if_fail (G_IS_SETTINGS (settings));

  if (policy != NULL)
    {
      bounce_clean_policy_init (policy);
      policy->remove_hard = g_settings_get_boolean (settings, "remove-hard");
      policy->remove_complaints = g_settings_get_boolean (settings, "remove-complaints");
      policy->soft_limit = g_settings_get_uint (settings, "soft-bounce-limit");
    }

  if (columns != NULL)
    *columns = g_settings_get_boolean (settings, "add-status-columns")
               ? BOUNCE_STATUS_COLUMN_ALL
               : BOUNCE_STATUS_COLUMN_NONE;

  if (save_removed != NULL)
    *save_removed = g_settings_get_boolean (settings, "save-removed");
}

static void
bounce_export_dialog_update_counts (BounceExportDialog *self)
{
  BounceCleaner *cleaner = bounce_session_get_cleaner (self->session);
  BounceCleanPolicy policy;
  BounceCleanSummary summary = { 0 };
  g_autofree char *kept = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *hard = NULL;
  g_autofree char *complaints = NULL;
  g_autofree char *soft = NULL;
  g_autofree char *details = NULL;

  if (cleaner == NULL)
    return;

  bounce_export_read_settings (self->settings, &policy, NULL, NULL);
  bounce_cleaner_summarize (cleaner, &policy, &summary);

  kept = bounce_gui_format_count (summary.rows_kept);
  removed = bounce_gui_format_count (summary.rows_removed);
  /* TRANSLATORS: "9,812 kept, 188 removed" */
  counts = g_strdup_printf (_("%s kept, %s removed"), kept, removed);
  gtk_label_set_text (self->counts_label, counts);

  hard = bounce_gui_format_count (summary.removed_hard);
  complaints = bounce_gui_format_count (summary.removed_complaint);
  soft = bounce_gui_format_count (summary.removed_soft_limit);
  details = g_strdup_printf (_("Removed for hard bounces: %s · complaints: %s · soft bounces: %s"),
                             hard, complaints, soft);
  gtk_label_set_text (self->details_label, details);
}

static void
settings_changed_cb (BounceExportDialog *self,
                     const char         *key,
                     GSettings          *settings)
{
  bounce_export_dialog_update_counts (self);
}

static void
save_clicked_cb (BounceExportDialog *self)
{
  g_signal_emit (self, signals[SAVE], 0);
}

static void
bounce_export_dialog_dispose (GObject *object)
{
  BounceExportDialog *self = (BounceExportDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), BOUNCE_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bounce_export_dialog_parent_class)->dispose (object);
}

static void
bounce_export_dialog_class_init (BounceExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bounce_export_dialog_dispose;

  signals[SAVE] =
    g_signal_new ("save",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Bounce/bounce-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BounceExportDialog, remove_hard_switch);
  gtk_widget_class_bind_template_child (widget_class, BounceExportDialog, remove_complaints_switch);
  gtk_widget_class_bind_template_child (widget_class, BounceExportDialog, soft_limit_spin);
  gtk_widget_class_bind_template_child (widget_class, BounceExportDialog, status_columns_switch);
  gtk_widget_class_bind_template_child (widget_class, BounceExportDialog, save_removed_switch);
  gtk_widget_class_bind_template_child (widget_class, BounceExportDialog, counts_label);
  gtk_widget_class_bind_template_child (widget_class, BounceExportDialog, details_label);
  gtk_widget_class_bind_template_child (widget_class, BounceExportDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bounce_export_dialog_init (BounceExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

BounceExportDialog *
bounce_export_dialog_new (GtkWindow     *parent,
                          BounceSession *session,
                          GSettings     *settings)
{
  BounceExportDialog *self;

  g_return_val_if_fail (BOUNCE_IS_SESSION (session), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (BOUNCE_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->session = g_object_ref (session);
  self->settings = g_object_ref (settings);

  g_settings_bind (settings, "remove-hard", self->remove_hard_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "remove-complaints", self->remove_complaints_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "soft-bounce-limit", self->soft_limit_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "add-status-columns", self->status_columns_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "save-removed", self->save_removed_switch, "active", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  bounce_export_dialog_update_counts (self);

  gtk_widget_grab_focus (GTK_WIDGET (self->save_button));

  return self;
}

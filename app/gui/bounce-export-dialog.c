/* bounce-export-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-export-dialog"

#include "config.h"

#include <string.h>

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
  GtkSwitch     *remove_invalid_switch;
  GtkSpinButton *soft_limit_spin;
  GtkSwitch     *status_columns_switch;
  GtkSwitch     *save_removed_switch;
  AdwActionRow  *save_removed_row;
  AdwPreferencesGroup *rules_group;
  GtkLabel      *rules_label;
  GtkButton     *default_rules_button;
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

/* The settings of the removal rules, which Use Default Rules resets. */
static const char * const rule_keys[] = {
  "remove-hard", "remove-complaints", "remove-invalid", "soft-bounce-limit", "soft-bounce-days",
};

/* Returns a settings object for the keys of @settings that writes them
 * all at once on g_settings_apply(), so that the window computes the
 * review again once rather than once per key. */
static GSettings *
dup_delayed_settings (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autofree char *path = NULL;
  GSettings *batch;

  g_object_get (settings, "settings-schema", &schema, "backend", &backend, "path", &path, NULL);
  batch = g_settings_new_full (schema, backend, path);
  g_settings_delay (batch);

  return batch;
}

void
bounce_export_reset_rules (GSettings *settings)
{
  g_autoptr(GSettings) batch = NULL;

  g_return_if_fail (G_IS_SETTINGS (settings));

  batch = dup_delayed_settings (settings);
  for (guint i = 0; i < G_N_ELEMENTS (rule_keys); i++)
    g_settings_reset (batch, rule_keys[i]);
  g_settings_apply (batch);
}

void
bounce_export_read_settings (GSettings         *settings,
                             BounceCleanPolicy *policy,
                             gboolean          *save_removed)
{
  g_return_if_fail (G_IS_SETTINGS (settings));

  if (policy != NULL)
    {
      bounce_clean_policy_init (policy);
      policy->remove_hard = g_settings_get_boolean (settings, "remove-hard");
      policy->remove_complaints = g_settings_get_boolean (settings, "remove-complaints");
      policy->remove_invalid = g_settings_get_boolean (settings, "remove-invalid");
      policy->soft_limit = g_settings_get_uint (settings, "soft-bounce-limit");
      policy->soft_days = g_settings_get_uint (settings, "soft-bounce-days");
    }

  if (save_removed != NULL)
    *save_removed = g_settings_get_boolean (settings, "save-removed");
}

/* Splits the file name of @path into its name without the extension
 * and the extension to give files made from it: ".txt" for an Excel
 * "Unicode Text" file, so that Excel opens it as tab-separated text
 * again, and ".csv" otherwise. */
static char *
dup_name_and_extension (const char  *path,
                        const char **extension)
{
  g_autofree char *name = g_path_get_basename (path);
  char *dot = strrchr (name, '.');

  *extension = ".csv";
  if (dot != NULL && dot != name)
    {
      if (g_ascii_strcasecmp (dot, ".txt") == 0)
        *extension = ".txt";
      *dot = '\0';
    }

  return g_steal_pointer (&name);
}

char *
bounce_export_dup_cleaned_name (const char *contacts_path)
{
  g_autofree char *name = NULL;
  const char *extension;

  g_return_val_if_fail (contacts_path != NULL, NULL);

  name = dup_name_and_extension (contacts_path, &extension);

  return g_strdup_printf ("%s-cleaned%s", name, extension);
}

char *
bounce_export_dup_removed_path (const char *output_path)
{
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *file_name = NULL;
  const char *extension;
  gsize length;

  g_return_val_if_fail (output_path != NULL, NULL);

  folder = g_path_get_dirname (output_path);
  name = dup_name_and_extension (output_path, &extension);
  length = strlen (name);
  if (length > strlen ("-cleaned") && strcmp (name + length - strlen ("-cleaned"), "-cleaned") == 0)
    name[length - strlen ("-cleaned")] = '\0';
  file_name = g_strdup_printf ("%s-removed%s", name, extension);

  return g_build_filename (folder, file_name, NULL);
}

/* Replaces *@details with @format filled in, where @format takes the old
 * text as one of its arguments. */
static void G_GNUC_PRINTF (2, 3)
replace_details (char       **details,
                 const char  *format,
                 ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  g_free (*details);
  *details = text;
}

/* Says which of the dialog's removal choices differ from the defaults,
 * because Save keeps them for every later list. The days of soft bounces
 * are set in Preferences only, and the review's notice names them. */
static void
bounce_export_dialog_update_rules (BounceExportDialog      *self,
                                   const BounceCleanPolicy *policy)
{
  BounceCleanPolicy choices = *policy;
  BounceCleanPolicy defaults;
  g_autofree char *changes = NULL;

  bounce_clean_policy_init (&defaults);
  choices.soft_days = defaults.soft_days;
  changes = bounce_clean_policy_dup_changes (&choices);
  if (changes != NULL)
    {
      g_autofree char *text = NULL;

      /* TRANSLATORS: %s lists the changed rules: "hard bounces are kept · …" */
      text = g_strdup_printf (_("Changed from the default rules: %s. Saving keeps these rules for every later list until you change them."),
                              changes);
      gtk_label_set_text (self->rules_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->rules_group), changes != NULL);
}

/* Sets the dialog's removal choices to the defaults; like every choice
 * here, they apply on Save. */
static void
default_rules_clicked_cb (BounceExportDialog *self)
{
  BounceCleanPolicy defaults;

  bounce_clean_policy_init (&defaults);
  gtk_switch_set_active (self->remove_hard_switch, defaults.remove_hard);
  gtk_switch_set_active (self->remove_complaints_switch, defaults.remove_complaints);
  gtk_switch_set_active (self->remove_invalid_switch, defaults.remove_invalid);
  gtk_spin_button_set_value (self->soft_limit_spin, defaults.soft_limit);
}

static void
bounce_export_dialog_update_counts (BounceExportDialog *self)
{
  BounceCleaner *cleaner = bounce_session_get_cleaner (self->session);
  BounceCleanPolicy policy;
  BounceCleanSummary summary = { 0 };
  g_autofree char *counts = NULL;
  g_autofree char *hard = NULL;
  g_autofree char *complaints = NULL;
  g_autofree char *soft = NULL;
  g_autofree char *details = NULL;
  g_autoptr (GString) parts = NULL;

  if (cleaner == NULL)
    return;

  /* The counts follow the switches, which apply only on Save. The
   * window gives the session the history along with the settings. */
  bounce_export_read_settings (self->settings, &policy, NULL);
  policy.remove_hard = gtk_switch_get_active (self->remove_hard_switch);
  policy.remove_complaints = gtk_switch_get_active (self->remove_complaints_switch);
  policy.remove_invalid = gtk_switch_get_active (self->remove_invalid_switch);
  policy.soft_limit = (guint) gtk_spin_button_get_value_as_int (self->soft_limit_spin);
  policy.hygiene = bounce_session_get_hygiene (self->session);
  policy.history = bounce_session_get_policy (self->session)->history;
  policy.kept_addresses = bounce_session_get_policy (self->session)->kept_addresses;
  bounce_cleaner_summarize (cleaner, &policy, &summary);
  bounce_export_dialog_update_rules (self, &policy);

  counts = bounce_gui_dup_kept_removed (summary.rows_kept, summary.rows_removed);
  gtk_label_set_text (self->counts_label, counts);

  hard = bounce_gui_format_count (summary.removed_hard);
  complaints = bounce_gui_format_count (summary.removed_complaint);
  soft = bounce_gui_format_count (summary.removed_soft_limit);
  /* Every removal reason of the summary has its part, so the parts add up
   * to the removed count above. */
  parts = g_string_new (NULL);
  g_string_printf (parts, _("Removed for hard bounces: %s · complaints: %s · soft bounces: %s"),
                   hard, complaints, soft);
  if (policy.history != NULL)
    {
      g_autofree char *suppressed = bounce_gui_format_count (summary.removed_suppressed);

      /* TRANSLATORS: appended to "Removed for hard bounces: 20 · …" */
      g_string_append_printf (parts, _(" · the suppression list: %s"), suppressed);
    }
  if (summary.removed_invalid > 0 || summary.rows_invalid > 0)
    {
      g_autofree char *invalid = bounce_gui_format_count (summary.removed_invalid);

      /* TRANSLATORS: appended to "Removed for hard bounces: 20 · …" */
      g_string_append_printf (parts, _(" · invalid addresses: %s"), invalid);
    }
  if (summary.removed_flagged > 0)
    {
      g_autofree char *flagged = bounce_gui_format_count (summary.removed_flagged);

      /* TRANSLATORS: appended to "Removed for hard bounces: 20 · …" */
      g_string_append_printf (parts, _(" · list-check warnings: %s"), flagged);
    }
  details = g_string_free (g_steal_pointer (&parts), FALSE);
  if (summary.removals_skipped > 0)
    {
      g_autofree char *skipped = bounce_gui_format_count (summary.removals_skipped);

      replace_details (&details,
                       g_dngettext (NULL,
                                    /* TRANSLATORS: appended to the line of removal counts */
                                    "%s\n%s contact with bounces is kept because its line could not be read reliably.",
                                    "%s\n%s contacts with bounces are kept because their lines could not be read reliably.",
                                    summary.removals_skipped),
                       details, skipped);
    }
  if (summary.rows_to_check > 0)
    {
      g_autofree char *to_check = bounce_gui_format_count (summary.rows_to_check);

      replace_details (&details,
                       g_dngettext (NULL,
                                    /* TRANSLATORS: appended to the line of removal counts */
                                    "%s\n%s contact is kept for you to check: its bounce is for another address, perhaps of a group or a forward.",
                                    "%s\n%s contacts are kept for you to check: their bounces are for other addresses, perhaps of groups or forwards.",
                                    summary.rows_to_check),
                       details, to_check);
    }
  if (summary.rows_kept_by_choice > 0)
    {
      g_autofree char *kept = bounce_gui_format_count (summary.rows_kept_by_choice);

      replace_details (&details,
                       g_dngettext (NULL,
                                    /* TRANSLATORS: appended to the line of removal counts */
                                    "%s\n%s contact is kept because you chose to keep it.",
                                    "%s\n%s contacts are kept because you chose to keep them.",
                                    summary.rows_kept_by_choice),
                       details, kept);
    }
  if (policy.history == NULL)
    {
      g_autofree char *history_off = bounce_gui_dup_history_off_notice (self->settings);

      if (history_off != NULL)
        replace_details (&details, "%s\n%s", details, history_off);
    }
  gtk_label_set_text (self->details_label, details);
}

/* Names the file of removed contacts, as it follows from the name the
 * save dialog proposes for the cleaned list. */
static void
bounce_export_dialog_update_removed_name (BounceExportDialog *self)
{
  BounceContactList *contacts = bounce_session_get_contacts (self->session);
  g_autofree char *cleaned = NULL;
  g_autofree char *removed_path = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *markup = NULL;

  if (contacts == NULL)
    return;

  cleaned = bounce_export_dup_cleaned_name (bounce_contact_list_get_path (contacts));
  removed_path = bounce_export_dup_removed_path (cleaned);
  removed = g_path_get_basename (removed_path);
  /* TRANSLATORS: "“contacts-removed.csv”, beside “contacts-cleaned.csv”, ..." */
  subtitle = g_strdup_printf (_("“%s”, beside “%s”, with the reason for each. The name follows the one you give the cleaned list."),
                              removed, cleaned);
  markup = g_markup_escape_text (subtitle, -1);
  adw_action_row_set_subtitle (self->save_removed_row, markup);
}

static void
settings_changed_cb (BounceExportDialog *self,
                     const char         *key,
                     GSettings          *settings)
{
  bounce_export_dialog_update_counts (self);
}

static void
choice_changed_cb (BounceExportDialog *self)
{
  bounce_export_dialog_update_counts (self);
}

void
bounce_export_dialog_apply_choices (BounceExportDialog *self)
{
  g_autoptr(GSettings) batch = NULL;

  g_return_if_fail (BOUNCE_IS_EXPORT_DIALOG (self));

  batch = dup_delayed_settings (self->settings);
  g_settings_set_boolean (batch, "remove-hard", gtk_switch_get_active (self->remove_hard_switch));
  g_settings_set_boolean (batch, "remove-complaints", gtk_switch_get_active (self->remove_complaints_switch));
  g_settings_set_boolean (batch, "remove-invalid", gtk_switch_get_active (self->remove_invalid_switch));
  g_settings_set_uint (batch, "soft-bounce-limit", (guint) gtk_spin_button_get_value_as_int (self->soft_limit_spin));
  g_settings_set_boolean (batch, "save-removed", gtk_switch_get_active (self->save_removed_switch));
  g_settings_apply (batch);
}

void
bounce_export_dialog_set_session (BounceExportDialog *self,
                                  BounceSession      *session)
{
  g_return_if_fail (BOUNCE_IS_EXPORT_DIALOG (self));
  g_return_if_fail (BOUNCE_IS_SESSION (session));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  /* Keep This Contact and the suppression list change the removals
   * while the dialog is open. */
  g_signal_connect_object (session, "policy-changed", G_CALLBACK (choice_changed_cb), self, G_CONNECT_SWAPPED);

  bounce_export_dialog_update_counts (self);
  bounce_export_dialog_update_removed_name (self);
}

void
bounce_export_dialog_set_status_columns (BounceExportDialog *self,
                                         gboolean            add)
{
  g_return_if_fail (BOUNCE_IS_EXPORT_DIALOG (self));

  gtk_switch_set_active (self->status_columns_switch, add);
}

gboolean
bounce_export_dialog_get_status_columns (BounceExportDialog *self)
{
  g_return_val_if_fail (BOUNCE_IS_EXPORT_DIALOG (self), FALSE);

  return gtk_switch_get_active (self->status_columns_switch);
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
  gtk_widget_class_bind_template_child (widget_class, BounceExportDialog, remove_invalid_switch);
  gtk_widget_class_bind_template_child (widget_class, BounceExportDialog, soft_limit_spin);
  gtk_widget_class_bind_template_child (widget_class, BounceExportDialog, status_columns_switch);
  gtk_widget_class_bind_template_child (widget_class, BounceExportDialog, save_removed_switch);
  gtk_widget_class_bind_template_child (widget_class, BounceExportDialog, save_removed_row);
  gtk_widget_class_bind_template_child (widget_class, BounceExportDialog, rules_group);
  gtk_widget_class_bind_template_child (widget_class, BounceExportDialog, rules_label);
  gtk_widget_class_bind_template_child (widget_class, BounceExportDialog, default_rules_button);
  gtk_widget_class_bind_template_child (widget_class, BounceExportDialog, counts_label);
  gtk_widget_class_bind_template_child (widget_class, BounceExportDialog, details_label);
  gtk_widget_class_bind_template_child (widget_class, BounceExportDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, default_rules_clicked_cb);

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
  self->settings = g_object_ref (settings);

  /* The widgets show the settings but do not write them: Save applies
   * them (bounce_export_dialog_apply_choices()), and closing the dialog
   * leaves the settings as they were. */
  g_settings_bind (settings, "remove-hard", self->remove_hard_switch, "active", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "remove-complaints", self->remove_complaints_switch, "active", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "remove-invalid", self->remove_invalid_switch, "active", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "soft-bounce-limit", self->soft_limit_spin, "value", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "save-removed", self->save_removed_switch, "active", G_SETTINGS_BIND_GET);

  g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->remove_hard_switch, "notify::active", G_CALLBACK (choice_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->remove_complaints_switch, "notify::active", G_CALLBACK (choice_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->remove_invalid_switch, "notify::active", G_CALLBACK (choice_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->soft_limit_spin, "value-changed", G_CALLBACK (choice_changed_cb), self, G_CONNECT_SWAPPED);
  bounce_export_dialog_set_session (self, session);

  gtk_widget_grab_focus (GTK_WIDGET (self->save_button));

  return self;
}

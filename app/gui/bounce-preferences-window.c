/* bounce-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-preferences-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bounce-gui-util.h"
#include "bounce-preferences-window.h"

struct _BouncePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  BounceWindow         *window;  /* weak: the transient parent */

  GtkSwitch            *remove_hard_switch;
  GtkSwitch            *remove_complaints_switch;
  GtkSwitch            *remove_invalid_switch;
  GtkSpinButton        *soft_limit_spin;
  GtkSpinButton        *soft_days_spin;
  AdwActionRow         *soft_days_row;
  GtkSwitch            *keep_history_switch;
  AdwActionRow         *database_row;
  AdwPreferencesGroup  *kept_group;
  /* The rows of kept_group: one per kept address, or one row stating
   * that none is kept. */
  GPtrArray            *kept_rows;

  /* Per settings key, the value it had before the last change made in
   * this window, to recognise a write the settings storage undid. */
  GHashTable           *values_before;  /* key → GVariant */
  GHashTable           *values_now;     /* key → GVariant */
};

G_DEFINE_FINAL_TYPE (BouncePreferencesWindow, bounce_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Returns @path for display, with the home folder written as "~" as
 * shells write it. */
static char *
dup_display_path (const char *path)
{
  const char *home = g_get_home_dir ();
  gsize length = strlen (home);

  if (length > 1 && g_str_has_prefix (path, home) && path[length] == G_DIR_SEPARATOR)
    return g_strconcat ("~", path + length, NULL);

  return g_filename_display_name (path);
}

/* Shows where the history is and what it contains, or why it is not open. */
static void
bounce_preferences_window_update_database (BouncePreferencesWindow *self)
{
  BounceHistory *history = self->window != NULL ? bounce_window_get_history (self->window) : NULL;
  const GError *error = self->window != NULL ? bounce_window_get_history_error (self->window) : NULL;
  g_autofree char *default_path = bounce_history_dup_default_path ();
  g_autofree char *path = dup_display_path (history != NULL ? bounce_history_get_path (history) : default_path);
  g_autofree char *subtitle = NULL;
  g_autofree char *markup = NULL;

  if (history != NULL)
    {
      guint n_bounces = bounce_history_count_bounces (history);
      guint n_entries = bounce_history_count_suppressions (history);
      g_autofree char *bounces = bounce_gui_format_count (n_bounces);
      g_autofree char *suppressed = bounce_gui_format_count (n_entries);
      g_autofree char *bounces_text = NULL;
      g_autofree char *suppressed_text = NULL;

      /* TRANSLATORS: the first half of "1,204 bounces recorded, 87 addresses suppressed" */
      bounces_text = g_strdup_printf (g_dngettext (NULL, "%s bounce recorded", "%s bounces recorded", n_bounces),
                                      bounces);
      /* TRANSLATORS: the second half of "1,204 bounces recorded, 87 addresses suppressed" */
      suppressed_text = g_strdup_printf (g_dngettext (NULL, "%s address suppressed", "%s addresses suppressed",
                                                      n_entries),
                                         suppressed);
      /* TRANSLATORS: a path, then "1,204 bounces recorded", then "87 addresses suppressed" */
      subtitle = g_strdup_printf (_("%s\n%s, %s"), path, bounces_text, suppressed_text);
      if (bounce_history_is_read_only (history))
        {
          g_autofree char *counts = g_steal_pointer (&subtitle);

          /* TRANSLATORS: the path and counts of the history, then the
           * reason the file cannot be written */
          subtitle = g_strdup_printf (_("%s\nRead-only, so new bounces are not recorded. %s"),
                                      counts, error != NULL ? error->message : "");
        }
    }
  else if (error != NULL)
    /* TRANSLATORS: a path, then the sentence that says why it could not
     * be opened */
    subtitle = g_strdup_printf (_("%s\nNot open. %s"), path, error->message);
  else
    /* TRANSLATORS: a path, then the state of the file */
    subtitle = g_strdup_printf (_("%s\nNot in use while the history is off"), path);

  markup = g_markup_escape_text (subtitle, -1);
  adw_action_row_set_subtitle (self->database_row, markup);
}

static void bounce_preferences_window_update_kept (BouncePreferencesWindow *self);

static void
stop_keeping_clicked_cb (BouncePreferencesWindow *self,
                         GtkButton               *button)
{
  const char *address = g_object_get_data (G_OBJECT (button), "address");
  g_autofree char *title = NULL;

  if (self->window == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self->window), "win.stop-keeping-contact", "s", address);
  bounce_preferences_window_update_kept (self);

  /* TRANSLATORS: a toast, "“jane@example.com” is no longer kept by your choice" */
  title = g_strdup_printf (_("“%s” is no longer kept by your choice"), address);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (title));
}

/* Lists the addresses kept in the history, each with a button that stops
 * keeping it. Without a history the group is hidden, because a choice
 * made then lasts only while the window is open. */
static void
bounce_preferences_window_update_kept (BouncePreferencesWindow *self)
{
  BounceHistory *history = self->window != NULL ? bounce_window_get_history (self->window) : NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->kept_rows->len; i++)
    adw_preferences_group_remove (self->kept_group, self->kept_rows->pdata[i]);
  g_ptr_array_set_size (self->kept_rows, 0);

  if (history != NULL)
    entries = bounce_history_list_kept (history, &error);
  if (error != NULL)
    g_warning ("%s", error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->kept_group), entries != NULL);
  if (entries == NULL)
    return;

  if (entries->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No contact is kept by your choice"));
      adw_preferences_group_add (self->kept_group, row);
      g_ptr_array_add (self->kept_rows, row);
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const BounceKeptAddress *entry = entries->pdata[i];
      g_autofree char *since = bounce_history_dup_date (entry->since);
      g_autofree char *subtitle = NULL;
      g_autofree char *title = g_markup_escape_text (entry->address, -1);
      g_autofree char *markup = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Stop Keeping"));

      if (entry->unsuppressed)
        /* TRANSLATORS: %s is a date, "5 Dec 2026" */
        subtitle = g_strdup_printf (_("Kept since %s, and taken off the suppression list"), since);
      else
        /* TRANSLATORS: %s is a date, "5 Dec 2026" */
        subtitle = g_strdup_printf (_("Kept since %s"), since);
      markup = g_markup_escape_text (subtitle, -1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), markup);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (button), "address", g_strdup (entry->address), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (stop_keeping_clicked_cb), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      adw_preferences_group_add (self->kept_group, row);
      g_ptr_array_add (self->kept_rows, row);
    }
}

/* The keys this window binds to widgets. */
static const char * const watched_keys[] = { "remove-hard", "remove-complaints", "remove-invalid",
                                             "soft-bounce-limit", "soft-bounce-days", "keep-history" };

/* The value the widget bound to @key shows. */
static GVariant *
dup_shown_value (BouncePreferencesWindow *self,
                 const char              *key)
{
  if (strcmp (key, "remove-hard") == 0)
    return g_variant_ref_sink (g_variant_new_boolean (gtk_switch_get_active (self->remove_hard_switch)));
  if (strcmp (key, "remove-complaints") == 0)
    return g_variant_ref_sink (g_variant_new_boolean (gtk_switch_get_active (self->remove_complaints_switch)));
  if (strcmp (key, "remove-invalid") == 0)
    return g_variant_ref_sink (g_variant_new_boolean (gtk_switch_get_active (self->remove_invalid_switch)));
  if (strcmp (key, "soft-bounce-limit") == 0)
    return g_variant_ref_sink (g_variant_new_uint32 ((guint32) gtk_spin_button_get_value (self->soft_limit_spin)));
  if (strcmp (key, "soft-bounce-days") == 0)
    return g_variant_ref_sink (g_variant_new_uint32 ((guint32) gtk_spin_button_get_value (self->soft_days_spin)));
  if (strcmp (key, "keep-history") == 0)
    return g_variant_ref_sink (g_variant_new_boolean (gtk_switch_get_active (self->keep_history_switch)));

  return NULL;
}

/* Runs before the bindings move the widgets. A value equal to what the
 * widget shows is this window's own write. A value that stays at or goes
 * back to the one before that write, while the widget still shows the
 * new one, means the storage did not keep it. dconf reverts a write it
 * cannot commit, for example without a D-Bus session bus, at once or
 * later, and the widget would snap back with no message.
 * NOTE: another program that sets the old value back at that moment
 * gets the same toast. */
static void
settings_changed_cb (GSettings               *settings,
                     const char              *key,
                     BouncePreferencesWindow *self)
{
  g_autoptr(GVariant) stored = g_settings_get_value (settings, key);
  g_autoptr(GVariant) shown = dup_shown_value (self, key);
  GVariant *before = g_hash_table_lookup (self->values_before, key);
  GVariant *now = g_hash_table_lookup (self->values_now, key);

  if (shown == NULL)
    return;

  if (g_variant_equal (stored, shown))
    {
      if (now != NULL && !g_variant_equal (now, stored))
        g_hash_table_insert (self->values_before, g_strdup (key), g_variant_ref (now));
    }
  else if ((before != NULL && g_variant_equal (stored, before)) || (now != NULL && g_variant_equal (stored, now)))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("Settings could not be saved: the change was undone")));
      g_hash_table_remove (self->values_before, key);
    }

  g_hash_table_insert (self->values_now, g_strdup (key), g_variant_ref (stored));
}

static void
bounce_preferences_window_dispose (GObject *object)
{
  BouncePreferencesWindow *self = (BouncePreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), BOUNCE_TYPE_PREFERENCES_WINDOW);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_weak_pointer (&self->window);
  g_clear_pointer (&self->values_before, g_hash_table_unref);
  g_clear_pointer (&self->values_now, g_hash_table_unref);
  g_clear_pointer (&self->kept_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (bounce_preferences_window_parent_class)->dispose (object);
}

static void
bounce_preferences_window_class_init (BouncePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bounce_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Bounce/bounce-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BouncePreferencesWindow, soft_limit_spin);
  gtk_widget_class_bind_template_child (widget_class, BouncePreferencesWindow, soft_days_spin);
  gtk_widget_class_bind_template_child (widget_class, BouncePreferencesWindow, soft_days_row);
  gtk_widget_class_bind_template_child (widget_class, BouncePreferencesWindow, keep_history_switch);
  gtk_widget_class_bind_template_child (widget_class, BouncePreferencesWindow, database_row);
  gtk_widget_class_bind_template_child (widget_class, BouncePreferencesWindow, kept_group);
  gtk_widget_class_bind_template_child (widget_class, BouncePreferencesWindow, remove_hard_switch);
  gtk_widget_class_bind_template_child (widget_class, BouncePreferencesWindow, remove_complaints_switch);
  gtk_widget_class_bind_template_child (widget_class, BouncePreferencesWindow, remove_invalid_switch);
}

static void
bounce_preferences_window_init (BouncePreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->kept_rows = g_ptr_array_new ();
  self->settings = g_settings_new (APP_ID);
  self->values_before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_variant_unref);
  self->values_now = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_variant_unref);
  for (guint i = 0; i < G_N_ELEMENTS (watched_keys); i++)
    g_hash_table_insert (self->values_now, g_strdup (watched_keys[i]),
                         g_settings_get_value (self->settings, watched_keys[i]));

  /* Connected before the bindings, so it reads the widgets unchanged. */
  g_signal_connect (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);
  g_settings_bind (self->settings, "remove-hard", self->remove_hard_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "remove-complaints", self->remove_complaints_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "remove-invalid", self->remove_invalid_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "soft-bounce-limit", self->soft_limit_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "soft-bounce-days", self->soft_days_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "keep-history", self->keep_history_switch, "active", G_SETTINGS_BIND_DEFAULT);
  /* Without a history the days cannot be counted. */
  g_settings_bind (self->settings, "keep-history", self->soft_days_row, "sensitive", G_SETTINGS_BIND_GET);
}

BouncePreferencesWindow *
bounce_preferences_window_new (BounceWindow *window)
{
  BouncePreferencesWindow *self;

  g_return_val_if_fail (BOUNCE_IS_WINDOW (window), NULL);

  self = g_object_new (BOUNCE_TYPE_PREFERENCES_WINDOW,
                       "transient-for", window,
                       NULL);
  g_set_weak_pointer (&self->window, window);
  g_signal_connect_object (window, "history-changed",
                           G_CALLBACK (bounce_preferences_window_update_database), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "history-changed",
                           G_CALLBACK (bounce_preferences_window_update_kept), self, G_CONNECT_SWAPPED);
  bounce_preferences_window_update_database (self);
  bounce_preferences_window_update_kept (self);

  return self;
}

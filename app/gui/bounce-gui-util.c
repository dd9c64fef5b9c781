/* bounce-gui-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-gui-util"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bounce-gui-util.h"

static const char * const badge_classes[] = {
  "badge-hard",
  "badge-complaint",
  "badge-soft",
  "badge-blocked",
  "badge-delayed",
  "badge-auto-reply",
  "badge-unknown",
  "badge-unreadable",
  "badge-invalid",
  "badge-to-check",
};

const char *
bounce_gui_category_css_class (BounceCategory category)
{
  switch (category)
    {
    case BOUNCE_CATEGORY_HARD:
      return "badge-hard";
    case BOUNCE_CATEGORY_COMPLAINT:
      return "badge-complaint";
    case BOUNCE_CATEGORY_SOFT:
      return "badge-soft";
    case BOUNCE_CATEGORY_BLOCKED:
      return "badge-blocked";
    case BOUNCE_CATEGORY_DELAYED:
      return "badge-delayed";
    case BOUNCE_CATEGORY_AUTO_REPLY:
      return "badge-auto-reply";
    case BOUNCE_CATEGORY_UNKNOWN:
      return "badge-unknown";
    case BOUNCE_CATEGORY_UNREADABLE:
      return "badge-unreadable";
    case BOUNCE_CATEGORY_NOT_BOUNCE:
    case BOUNCE_CATEGORY_DELIVERED:
    case BOUNCE_CATEGORY_LAST:
    default:
      return NULL;
    }
}

void
bounce_gui_badge_set_category (GtkLabel       *label,
                               BounceCategory  category)
{
  GtkWidget *widget = GTK_WIDGET (label);
  const char *css_class = bounce_gui_category_css_class (category);

  for (guint i = 0; i < G_N_ELEMENTS (badge_classes); i++)
    gtk_widget_remove_css_class (widget, badge_classes[i]);

  if (css_class == NULL)
    {
      gtk_widget_set_visible (widget, FALSE);
      return;
    }

  gtk_label_set_text (label, bounce_category_get_title (category));
  gtk_widget_add_css_class (widget, "badge");
  gtk_widget_add_css_class (widget, css_class);
  gtk_widget_set_visible (widget, TRUE);
}

void
bounce_gui_badge_set_text (GtkLabel   *label,
                           const char *css_class,
                           const char *text)
{
  GtkWidget *widget = GTK_WIDGET (label);

  for (guint i = 0; i < G_N_ELEMENTS (badge_classes); i++)
    gtk_widget_remove_css_class (widget, badge_classes[i]);

  gtk_label_set_text (label, text);
  gtk_widget_add_css_class (widget, "badge");
  gtk_widget_add_css_class (widget, css_class);
  gtk_widget_set_visible (widget, TRUE);
}

const char *
bounce_gui_get_to_check_badge_text (void)
{
  /* TRANSLATORS: the badge of a contact kept because its bounce is for
   * another address, which the person should check */
  return C_("row status", "To check");
}

char *
bounce_gui_format_count (guint count)
{
  return bounce_format_count (count);
}

char *
bounce_gui_dup_one_line (const char *text)
{
  GString *line = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '\r' && p[1] == '\n')
        continue;
      if (c == '\r' || c == '\n')
        g_string_append (line, "\u21b5");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_c (line, ' ');
      else
        g_string_append_c (line, *p);
    }

  return g_string_free (line, FALSE);
}

char *
bounce_gui_dup_history_off_notice (GSettings *settings)
{
  g_autofree char *path = NULL;
  g_autoptr(BounceHistory) history = NULL;
  g_autofree char *count = NULL;
  guint n_suppressed;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  if (g_settings_get_boolean (settings, "keep-history"))
    return NULL;

  /* Read-only, because a history that is off is never written. */
  path = bounce_history_dup_default_path ();
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  history = bounce_history_open_read_only (path, NULL);
  if (history == NULL)
    return NULL;
  n_suppressed = bounce_history_count_suppressions (history);
  if (n_suppressed == 0)
    return NULL;

  count = bounce_gui_format_count (n_suppressed);

  return g_strdup_printf (g_dngettext (NULL,
                                       "The history is off, so the %s address on the suppression list is not "
                                       "removed. Turn on “Keep a History of Bounces” in Preferences to remove it.",
                                       "The history is off, so the %s addresses on the suppression list are not "
                                       "removed. Turn on “Keep a History of Bounces” in Preferences to remove them.",
                                       n_suppressed),
                          count);
}

char *
bounce_gui_dup_kept_removed (guint kept,
                             guint removed)
{
  g_autofree char *kept_count = bounce_gui_format_count (kept);
  g_autofree char *removed_count = bounce_gui_format_count (removed);
  g_autofree char *kept_text = NULL;
  g_autofree char *removed_text = NULL;

  /* TRANSLATORS: contacts kept in the cleaned list, "9,812 kept" */
  kept_text = g_strdup_printf (g_dngettext (NULL, "%s kept", "%s kept", kept), kept_count);
  /* TRANSLATORS: contacts removed from the list, "188 removed" */
  removed_text = g_strdup_printf (g_dngettext (NULL, "%s removed", "%s removed", removed), removed_count);

  /* TRANSLATORS: the two counts above, "9,812 kept, 188 removed" */
  return g_strdup_printf (C_("kept and removed", "%s, %s"), kept_text, removed_text);
}

void
bounce_gui_show_error (GtkWindow    *parent,
                       const char   *heading,
                       const GError *error)
{
  GtkWidget *dialog;

  g_return_if_fail (heading != NULL);

  dialog = adw_message_dialog_new (parent, heading,
                                   error != NULL ? error->message : NULL);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

char *
bounce_gui_dup_file_label (const char *file)
{
  char *label = bounce_imap_dup_message_label (file);

  if (label != NULL)
    return label;

  /* A file name need not be UTF-8, and GTK shows only UTF-8. */
  return g_filename_display_basename (file);
}

char *
bounce_gui_format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;
  char *text;

  g_return_val_if_fail (date != NULL, NULL);

  local = g_date_time_to_local (date);
  /* TRANSLATORS: a date and time as g_date_time_format() reads it: "7 May
   * 2024, 05:45". Keep the month as a name, so the date is never ambiguous. */
  text = bounce_format_date (local, _("%e %B %Y, %H:%M"));
  if (text == NULL)
    text = g_date_time_format (local, "%Y-%m-%d %H:%M");

  /* GLib's %e pads a one-digit day with a figure space (U+2007), which
   * g_strstrip() leaves, so a date on its own line would start indented. */
  if (g_str_has_prefix (text, "\u2007"))
    memmove (text, text + strlen ("\u2007"), strlen (text) - strlen ("\u2007") + 1);

  return g_strstrip (text);
}

char *
bounce_gui_markup_no_hyphens (const char *text)
{
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  escaped = g_markup_escape_text (text, -1);

  return g_strdup_printf ("<span insert_hyphens=\"false\">%s</span>", escaped);
}

void
bounce_gui_label_no_hyphens (GtkLabel *label)
{
  PangoAttrList *attributes = pango_attr_list_new ();

  g_return_if_fail (GTK_IS_LABEL (label));

  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (label, attributes);
  pango_attr_list_unref (attributes);
}

static void
popover_visible_cb (GtkWidget  *popover,
                    GParamSpec *pspec,
                    GtkWidget  *button)
{
  gtk_widget_set_has_tooltip (button, !gtk_widget_get_visible (popover));
  /* A tooltip already on screen goes only at the next query. */
  gtk_widget_trigger_tooltip_query (button);
}

void
bounce_gui_menu_button_hide_tooltip_when_open (GtkMenuButton *button)
{
  GtkPopover *popover;

  g_return_if_fail (GTK_IS_MENU_BUTTON (button));

  popover = gtk_menu_button_get_popover (button);
  g_return_if_fail (popover != NULL);

  g_signal_connect_object (popover, "notify::visible", G_CALLBACK (popover_visible_cb), button, 0);
}

char *
bounce_gui_dup_sentence_case (const char *text)
{
  gunichar first;
  char buffer[6];
  int length;

  g_return_val_if_fail (text != NULL, NULL);

  if (*text == '\0')
    return g_strdup (text);

  first = g_utf8_get_char (text);
  length = g_unichar_to_utf8 (g_unichar_totitle (first), buffer);

  return g_strdup_printf ("%.*s%s", length, buffer, g_utf8_next_char (text));
}

void
bounce_gui_add_csv_filters (GtkFileChooser *chooser,
                            const char     *name)
{
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  g_return_if_fail (GTK_IS_FILE_CHOOSER (chooser));

  gtk_file_filter_set_name (csv, name);
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "txt");
  gtk_file_filter_add_suffix (csv, "tsv");
  gtk_file_chooser_add_filter (chooser, csv);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);
}

AdwToast *
bounce_gui_new_saved_toast (const char *title,
                            const char *path)
{
  g_autofree char *folder = NULL;
  g_autoptr(GFile) folder_file = NULL;
  g_autofree char *folder_uri = NULL;
  AdwToast *toast;

  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  folder = g_path_get_dirname (path);
  folder_file = g_file_new_for_path (folder);
  folder_uri = g_file_get_uri (folder_file);

  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 8);
  adw_toast_set_button_label (toast, _("Open Folder"));
  adw_toast_set_action_name (toast, "win.open-folder");
  adw_toast_set_action_target_value (toast, g_variant_new_string (folder_uri));

  return toast;
}

/* The row of @list that contains @focus: a child of a list view (inside
 * a column view too) or of a list box. Returns NULL when @focus is not
 * in a row. */
static GtkWidget *
find_focus_row (GtkWidget *list,
                GtkWidget *focus)
{
  for (GtkWidget *widget = focus; widget != NULL && widget != list; widget = gtk_widget_get_parent (widget))
    {
      GtkWidget *parent = gtk_widget_get_parent (widget);

      if (GTK_IS_LIST_VIEW (parent) || GTK_IS_LIST_BOX (parent))
        return widget;
    }

  return NULL;
}

static gboolean
list_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     gpointer               user_data)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkRoot *root = gtk_widget_get_root (list);
  GtkWidget *focus;
  GtkWidget *row;
  GtkDirectionType direction;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab)
    return FALSE;
  if ((state & (GDK_ALT_MASK | GDK_SUPER_MASK | GDK_HYPER_MASK | GDK_META_MASK)) != 0 || root == NULL)
    return FALSE;

  /* X11 sends Shift+Tab as ISO_Left_Tab, other backends as Tab with
   * the Shift modifier. */
  if (keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0)
    direction = GTK_DIR_TAB_BACKWARD;
  else
    direction = GTK_DIR_TAB_FORWARD;

  /* Tab first goes on to the buttons after the focus in the same row,
   * such as the Remove button of a suppression entry, and Shift+Tab
   * leaves the list at once. Neither moves to another row: the arrow
   * keys do that. */
  focus = gtk_root_get_focus (root);
  row = find_focus_row (list, focus);
  if (row != NULL && direction == GTK_DIR_TAB_FORWARD && gtk_widget_child_focus (row, direction))
    return TRUE;

  /* While @list cannot take the focus, the window's focus chain skips
   * it and moves on to the next or previous widget, as it does past any
   * other widget, and wraps around at the end of the window. */
  gtk_widget_set_can_focus (list, FALSE);
  gtk_widget_child_focus (GTK_WIDGET (root), direction);
  gtk_widget_set_can_focus (list, TRUE);

  return TRUE;
}

void
bounce_gui_list_tab_leaves (GtkWidget *list)
{
  GtkEventController *controller;

  g_return_if_fail (GTK_IS_COLUMN_VIEW (list) || GTK_IS_LIST_VIEW (list) || GTK_IS_LIST_BOX (list));

  controller = gtk_event_controller_key_new ();
  /* In the capture phase the controller receives Tab before any widget
   * in a row does, and before the window's own Tab binding. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (controller, "bounce-list-tab-leaves");
  g_signal_connect (controller, "key-pressed", G_CALLBACK (list_key_pressed_cb), NULL);
  gtk_widget_add_controller (list, controller);
}

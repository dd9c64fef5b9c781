/* bounce-problems-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-problems-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bounce-gui-util.h"
#include "bounce-problems-dialog.h"

/* A folder of a hundred thousand unreadable files would make a list no
 * one reads and GTK lays out slowly, so the rest are counted in one row. */
#define MAX_SHOWN_ROWS 500

struct _BounceProblemsDialog
{
  AdwWindow           parent_instance;

  AdwPreferencesPage *page;
  guint               n_rows;
};

G_DEFINE_FINAL_TYPE (BounceProblemsDialog, bounce_problems_dialog, ADW_TYPE_WINDOW)

/* "contacts.csv, line 12", "archive.mbox, message 3" or "notes.eml". */
static char *
dup_location (const BounceDiagnostic *diagnostic)
{
  g_autofree char *name = g_filename_display_basename (diagnostic->file);

  if (diagnostic->line > 0)
    /* TRANSLATORS: a file name and a line in it */
    return g_strdup_printf (_("%s, line %u"), name, diagnostic->line);

  return g_steal_pointer (&name);
}

static GtkWidget *
create_row (const char *title,
            const char *subtitle)
{
  g_autofree char *title_markup = g_markup_escape_text (title, -1);
  g_autofree char *subtitle_markup = g_markup_escape_text (subtitle, -1);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title_markup);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle_markup);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "property");

  return row;
}

static void
bounce_problems_dialog_class_init (BounceProblemsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Bounce/bounce-problems-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BounceProblemsDialog, page);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bounce_problems_dialog_init (BounceProblemsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

BounceProblemsDialog *
bounce_problems_dialog_new (GtkWindow *parent)
{
  return g_object_new (BOUNCE_TYPE_PROBLEMS_DIALOG,
                       "transient-for", parent,
                       NULL);
}

static int
compare_diagnostic_lines (gconstpointer a,
                          gconstpointer b)
{
  const BounceDiagnostic *diagnostic_a = *(const BounceDiagnostic * const *) a;
  const BounceDiagnostic *diagnostic_b = *(const BounceDiagnostic * const *) b;
  guint line_a = diagnostic_a->line > 0 ? diagnostic_a->line : G_MAXUINT;
  guint line_b = diagnostic_b->line > 0 ? diagnostic_b->line : G_MAXUINT;

  return (line_a > line_b) - (line_a < line_b);
}

static GtkWidget *
bounce_problems_dialog_begin_group (BounceProblemsDialog *self,
                                    const char           *title,
                                    const char           *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    {
      g_autofree char *markup = g_markup_escape_text (description, -1);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), markup);
    }
  adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));

  return group;
}

static void
add_more_row (GtkWidget *group,
              guint      n_more)
{
  g_autofree char *count = bounce_gui_format_count (n_more);
  g_autofree char *text = NULL;

  text = g_strdup_printf (g_dngettext (NULL,
                                       /* TRANSLATORS: "1,234 more problems are not listed" */
                                       "%s more problem is not listed",
                                       "%s more problems are not listed",
                                       n_more),
                          count);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), create_row (text, ""));
}

void
bounce_problems_dialog_add_diagnostics (BounceProblemsDialog *self,
                                        const char           *title,
                                        const char           *description,
                                        GPtrArray            *diagnostics)
{
  g_autoptr(GPtrArray) sorted = NULL;
  GtkWidget *group;
  guint n_shown;

  g_return_if_fail (BOUNCE_IS_PROBLEMS_DIALOG (self));
  g_return_if_fail (title != NULL);
  g_return_if_fail (diagnostics != NULL);

  /* The core lists each kind of damage apart. The rows go by line, as
   * people read a file, and sums without a line go last. */
  sorted = g_ptr_array_sized_new (diagnostics->len);
  for (guint i = 0; i < diagnostics->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (diagnostics, i));
  g_ptr_array_sort (sorted, compare_diagnostic_lines);

  group = bounce_problems_dialog_begin_group (self, title, description);
  n_shown = MIN (sorted->len, MAX_SHOWN_ROWS);
  for (guint i = 0; i < n_shown; i++)
    {
      const BounceDiagnostic *diagnostic = g_ptr_array_index (sorted, i);
      g_autofree char *location = dup_location (diagnostic);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), create_row (location, diagnostic->message));
      self->n_rows++;
    }

  if (diagnostics->len > n_shown)
    add_more_row (group, diagnostics->len - n_shown);
}

void
bounce_problems_dialog_add_records (BounceProblemsDialog *self,
                                    const char           *title,
                                    const char           *description,
                                    GPtrArray            *records)
{
  GtkWidget *group;
  guint n_shown;

  g_return_if_fail (BOUNCE_IS_PROBLEMS_DIALOG (self));
  g_return_if_fail (title != NULL);
  g_return_if_fail (records != NULL);

  group = bounce_problems_dialog_begin_group (self, title, description);
  n_shown = MIN (records->len, MAX_SHOWN_ROWS);
  for (guint i = 0; i < n_shown; i++)
    {
      const BounceRecord *record = g_ptr_array_index (records, i);
      g_autofree char *name = bounce_gui_dup_file_label (record->file);
      g_autofree char *location = NULL;

      if (record->offset >= 0)
        /* TRANSLATORS: file name and the message's number inside an mbox file */
        location = g_strdup_printf (_("%s, message %u"), name, record->index + 1);
      else
        location = g_steal_pointer (&name);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), create_row (location, record->error));
      self->n_rows++;
    }

  if (records->len > n_shown)
    add_more_row (group, records->len - n_shown);
}

guint
bounce_problems_dialog_get_n_rows (BounceProblemsDialog *self)
{
  g_return_val_if_fail (BOUNCE_IS_PROBLEMS_DIALOG (self), 0);

  return self->n_rows;
}

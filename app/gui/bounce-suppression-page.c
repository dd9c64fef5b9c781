/* bounce-suppression-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-suppression-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bounce-gui-util.h"
#include "bounce-preview-dialog.h"
#include "bounce-suppression-item.h"
#include "bounce-suppression-page.h"
#include "bounce-window.h"

typedef enum
{
  COLUMN_ADDRESS,
  COLUMN_CAUSE,
  COLUMN_SINCE,
  COLUMN_SOURCE,
  COLUMN_REMOVE,
} Column;

struct _BounceSuppressionPage
{
  GtkWidget           parent_instance;

  BounceHistory      *history;
  GError             *history_error;
  /* The soft-bounce rule, whose escalated addresses the table lists. */
  GSettings          *settings;

  /* Every active entry, ordered by address; the table shows it through
   * the search filter and the sorter of the column headers. */
  GListStore         *store;
  GtkStringFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel   *sorted;
  GtkSingleSelection *selection;
  /* How many of the store's entries the soft-bounce rule computed. */
  guint               n_escalated;

  /* Imports and exports under way. */
  guint               n_jobs;

  GtkStack           *stack;
  GtkSearchEntry     *search_entry;
  GtkLabel           *count_label;
  GtkStack           *list_stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *error_page;
  GtkButton          *add_button;
  GtkButton          *import_button;
  GtkButton          *empty_import_button;
  GtkButton          *export_button;
  GtkWidget          *read_only_box;
  GtkLabel           *read_only_label;
};

G_DEFINE_FINAL_TYPE (BounceSuppressionPage, bounce_suppression_page, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* How an import reads its file: detected, or as a person confirmed it
 * in the preview, with the email column they chose. */
typedef struct
{
  BounceCsvDialect options;
  gboolean         column_chosen;
} ImportSettings;

static ImportSettings *
import_settings_new (void)
{
  ImportSettings *settings = g_new0 (ImportSettings, 1);

  bounce_csv_dialect_init (&settings->options);

  return settings;
}

static void
import_settings_free (ImportSettings *settings)
{
  bounce_csv_dialect_clear (&settings->options);
  g_free (settings);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportSettings, import_settings_free)

/* Settings that read the file as @list was read, with its email column. */
static ImportSettings *
import_settings_new_from_list (BounceContactList *list)
{
  const BounceCsvDialect *dialect = bounce_contact_list_get_dialect (list);
  ImportSettings *settings = import_settings_new ();

  settings->options.encoding = dialect->encoding;
  settings->options.delimiter = dialect->delimiter;
  settings->options.quote = dialect->quote;
  settings->options.has_header = dialect->has_header;
  settings->options.email_column = bounce_contact_list_get_email_column (list);
  settings->column_chosen = TRUE;

  return settings;
}

static ImportSettings *
import_settings_copy (const ImportSettings *settings)
{
  ImportSettings *copy = import_settings_new ();

  copy->options.encoding = settings->options.encoding;
  copy->options.delimiter = settings->options.delimiter;
  copy->options.quote = settings->options.quote;
  copy->options.has_header = settings->options.has_header;
  copy->options.email_column = settings->options.email_column;
  copy->column_chosen = settings->column_chosen;

  return copy;
}

/* An import, its dry run, or an export on a worker thread. */
typedef struct
{
  BounceHistory            *history;
  char                     *path;
  BounceHistoryImportFlags  flags;
  ImportSettings           *settings;
  /* The file read for the import. When its address column was a close
   * call that no person decided, the thread returns with
   * @needs_column set and imports nothing. */
  BounceContactList        *list;
  gboolean                  needs_column;
  /* TRUE when the core takes the file for a contact list rather than a
   * suppression list (bounce_history_import_is_contact_list()). */
  gboolean                  is_contact_list;
  GPtrArray                *added;    /* BounceSuppression, see bounce_history_import_suppressions_full() */
  GPtrArray                *skipped;  /* BounceDiagnostic: the import's rows not imported */
  GPtrArray                *warnings; /* BounceDiagnostic: rows imported dated today */
} FileJob;

static void
file_job_free (FileJob *job)
{
  g_clear_object (&job->history);
  g_free (job->path);
  g_clear_pointer (&job->settings, import_settings_free);
  g_clear_object (&job->list);
  g_clear_pointer (&job->added, g_ptr_array_unref);
  g_clear_pointer (&job->skipped, g_ptr_array_unref);
  g_clear_pointer (&job->warnings, g_ptr_array_unref);
  g_free (job);
}

static GtkWindow *
bounce_suppression_page_get_window (BounceSuppressionPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Takes @toast. A page outside a BounceWindow shows none. */
static void
bounce_suppression_page_add_toast (BounceSuppressionPage *self,
                                   AdwToast              *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (BOUNCE_IS_WINDOW (root))
    bounce_window_add_toast (BOUNCE_WINDOW (root), toast);
  else
    g_object_unref (toast);
}

/* Returns the reason the page cannot change the suppression list, as
 * a tooltip for its disabled buttons, or NULL when it can. */
static const char *
get_read_only_reason (BounceSuppressionPage *self)
{
  if (self->history == NULL || !bounce_history_is_read_only (self->history))
    return NULL;

  return _("The history file cannot be written, so the suppression list cannot be changed");
}

/* Enables the actions that write the list only when the history can be
 * written, and gives the reason in the tooltips when it cannot. A
 * read-only history still lists and exports its entries. */
static void
bounce_suppression_page_update_write_actions (BounceSuppressionPage *self)
{
  const char *read_only_reason = get_read_only_reason (self);
  gboolean writable = self->history != NULL && read_only_reason == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "suppression.import", writable && self->n_jobs == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "suppression.add", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "suppression.remove", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "suppression.remove-selected", writable);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_button),
                               read_only_reason != NULL ? read_only_reason
                                                        : _("Add one address that must never be mailed again, for "
                                                            "example that of someone who asked to unsubscribe"));
  if (read_only_reason != NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->import_button), read_only_reason);
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->import_button),
                                 _("Add the addresses of another tool’s suppression list (CSV)"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->empty_import_button), read_only_reason);

  /* A tooltip shows only while the pointer rests on a button, so the
   * page states the reason too. */
  gtk_widget_set_visible (self->read_only_box, read_only_reason != NULL);
  gtk_label_set_text (self->read_only_label, read_only_reason != NULL ? read_only_reason : "");
}

/* Sets the count of the list: the stored entries and, apart, those the
 * soft-bounce rule adds, which Export leaves out because they are
 * computed from the soft bounces and never stored. */
static void
bounce_suppression_page_update_count (BounceSuppressionPage *self)
{
  guint n_total = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *total = bounce_gui_format_count (n_total);
  g_autofree char *count = NULL;
  const char *export_tooltip = _("Save the suppression list as a CSV file");
  g_autofree char *count_tooltip = NULL;

  if (*search != '\0')
    {
      g_autofree char *shown = bounce_gui_format_count (n_shown);

      /* TRANSLATORS: "3 of 1,250 addresses match" */
      count = g_strdup_printf (g_dngettext (NULL, "%s of %s address matches", "%s of %s addresses match", n_total),
                               shown, total);
    }
  else if (self->n_escalated > 0)
    {
      guint n_stored = n_total - self->n_escalated;
      g_autofree char *stored = bounce_gui_format_count (n_stored);
      g_autofree char *escalated = bounce_gui_format_count (self->n_escalated);
      g_autofree char *stored_text = NULL;
      g_autofree char *escalated_text = NULL;

      /* TRANSLATORS: the first part of "125 suppressed addresses, 2 more at the soft-bounce limit" */
      stored_text = g_strdup_printf (g_dngettext (NULL, "%s suppressed address", "%s suppressed addresses", n_stored),
                                     stored);
      /* TRANSLATORS: the second part of "125 suppressed addresses, 2 more at the soft-bounce limit" */
      escalated_text = g_strdup_printf (g_dngettext (NULL, "%s more at the soft-bounce limit",
                                                     "%s more at the soft-bounce limit", self->n_escalated),
                                        escalated);
      /* TRANSLATORS: joins the two counts of the suppression list:
       * "125 suppressed addresses, 2 more at the soft-bounce limit" */
      count = g_strdup_printf (C_("suppression count", "%s, %s"), stored_text, escalated_text);
      export_tooltip = _("Save the suppressed addresses as a CSV file. The addresses at the soft-bounce limit "
                         "are not saved, because the history computes them from their soft bounces.");
      count_tooltip = g_strdup_printf ("%s\n\n%s", count, export_tooltip);
    }
  else
    /* TRANSLATORS: the count of addresses on the suppression list */
    count = g_strdup_printf (g_dngettext (NULL, "%s address", "%s addresses", n_total), total);

  gtk_label_set_text (self->count_label, count);
  /* A narrow window, or a longer language, cuts the count short, so the
   * tooltip has it whole. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_label), count_tooltip != NULL ? count_tooltip : count);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->export_button), export_tooltip);
}

/* Which page, list and count the state of the history calls for. */
static void
bounce_suppression_page_update_state (BounceSuppressionPage *self)
{
  guint n_total = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  bounce_suppression_page_update_write_actions (self);

  if (self->history == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, self->history_error != NULL ? "error" : "off");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "suppression.export", FALSE);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "list");
  if (n_total == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "empty");
  else if (n_shown == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "entries");

  bounce_suppression_page_update_count (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "suppression.export", self->n_jobs == 0 && n_total > 0);
}

static int compare_addresses (gconstpointer a,
                              gconstpointer b,
                              gpointer      user_data);

/* g_ptr_array_sort_with_data() compares pointers to the elements. */
static int
compare_item_pointers (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  return compare_addresses (*(gconstpointer *) a, *(gconstpointer *) b, user_data);
}

void
bounce_suppression_page_reload (BounceSuppressionPage *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) escalated = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BOUNCE_IS_SUPPRESSION_PAGE (self));

  if (self->history != NULL)
    {
      entries = bounce_history_list_suppressions (self->history, NULL, FALSE, &error);
      if (entries == NULL)
        bounce_gui_show_error (bounce_suppression_page_get_window (self),
                               _("Could Not Read the Suppression List"), error);
    }

  /* Addresses that the soft-bounce rule makes count as hard bounces are
   * listed too, by the rule the cleaner applies. The history computes
   * them from the stored bounces on each reload.
   * NOTE: on the UI thread. With 60,000 entries and 40,000 addresses with
   * soft bounces, both lists take about 0.2 s. */
  if (self->history != NULL && entries != NULL)
    {
      escalated = bounce_history_list_escalated (self->history,
                                                 g_settings_get_uint (self->settings, "soft-bounce-limit"),
                                                 g_settings_get_uint (self->settings, "soft-bounce-days"),
                                                 &error);
      if (escalated == NULL)
        bounce_gui_show_error (bounce_suppression_page_get_window (self),
                               _("Could Not Read the Suppression List"), error);
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    g_ptr_array_add (items, bounce_suppression_item_new (g_steal_pointer (&entries->pdata[i])));
  for (guint i = 0; escalated != NULL && i < escalated->len; i++)
    g_ptr_array_add (items, bounce_suppression_item_new (g_steal_pointer (&escalated->pdata[i])));
  self->n_escalated = escalated != NULL ? escalated->len : 0;
  g_ptr_array_sort_with_data (items, compare_item_pointers, NULL);

  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);
  bounce_suppression_page_update_state (self);
}

/* Cells */

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               BounceSuppressionPage    *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkWidget *child;

  if (column == COLUMN_REMOVE)
    {
      /* Words, not a trash icon: on the Contacts page the trash icon marks
       * a contact left out, while this button lets mail reach the address
       * again. */
      child = gtk_button_new_with_label (_("Allow Again"));
      gtk_widget_add_css_class (child, "flat");
      gtk_widget_set_halign (child, GTK_ALIGN_CENTER);
      /* The target is the row's address, set when the row is bound. */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (child), "s", "");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (child), "suppression.remove");
    }
  else
    {
      child = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (child), 0);
      /* A file name cut at its end loses its extension, which is what
       * distinguishes an mbox from a message. */
      gtk_label_set_ellipsize (GTK_LABEL (child), column == COLUMN_SOURCE ? PANGO_ELLIPSIZE_MIDDLE : PANGO_ELLIPSIZE_END);
      if (column == COLUMN_ADDRESS)
        bounce_gui_label_no_hyphens (GTK_LABEL (child));
    }

  gtk_list_item_set_child (list_item, child);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              BounceSuppressionPage    *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  BounceSuppressionItem *item = gtk_list_item_get_item (list_item);
  const BounceSuppression *entry = bounce_suppression_item_get_entry (item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;
  const char *tooltip = NULL;

  switch (column)
    {
    case COLUMN_ADDRESS:
      /* An internationalized domain shows as the contact list shows it,
       * and the tooltip gives the ASCII form stored in the history. */
      text = bounce_address_dup_display (entry->address);
      tooltip = entry->address;
      break;

    case COLUMN_CAUSE:
      text = bounce_gui_dup_sentence_case (bounce_suppression_item_get_cause (item));
      tooltip = text;
      break;

    case COLUMN_SINCE:
      text = bounce_suppression_dup_since (entry);
      break;

    case COLUMN_SOURCE:
      text = *entry->source != '\0' ? g_filename_display_basename (entry->source) : g_strdup ("—");
      tooltip = *entry->source != '\0' ? entry->source : NULL;
      break;

    case COLUMN_REMOVE:
    default:
      {
        g_autofree char *label = NULL;
        const char *read_only_reason;

        /* An escalated address has no entry to take off: it leaves the
         * list when the rule changes or the bounces stop counting. */
        gtk_widget_set_visible (child, !g_str_equal (entry->category, "soft-limit"));
        gtk_actionable_set_action_target (GTK_ACTIONABLE (child), "s", entry->address);
        /* The store is refilled when the history changes, so each row
         * is bound again with the history's current state. */
        read_only_reason = get_read_only_reason (self);
        gtk_widget_set_tooltip_text (child, read_only_reason != NULL ? read_only_reason
                                                                     : _("Take off the suppression list, so that your mailings reach this address again"));
        /* TRANSLATORS: the accessible name of a row's remove button */
        label = g_strdup_printf (_("Take %s off the suppression list"), entry->address);
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                        -1);
        return;
      }
    }

  gtk_label_set_text (GTK_LABEL (child), text);
  gtk_widget_set_tooltip_text (child, tooltip);
}

static GtkSorter *
property_sorter_new (const char *property,
                     gboolean    numeric)
{
  GtkExpression *expression;

  /* GTK 4.8's string sorter has no natural order, and "sup10" would come
   * before "sup2". */
  if (g_str_equal (property, "address"))
    return GTK_SORTER (gtk_custom_sorter_new (compare_addresses, NULL, NULL));

  expression = gtk_property_expression_new (BOUNCE_TYPE_SUPPRESSION_ITEM, NULL, property);
  if (numeric)
    return GTK_SORTER (gtk_numeric_sorter_new (expression));

  return GTK_SORTER (gtk_string_sorter_new (expression));
}

static void
bounce_suppression_page_build_columns (BounceSuppressionPage *self)
{
  static const struct {
    Column      column;
    const char *title;
    const char *property;  /* sorted by, or NULL */
    gboolean    numeric;
    gboolean    expand;
  } columns[] = {
    { COLUMN_ADDRESS, N_("Address"), "address", FALSE, TRUE },
    { COLUMN_CAUSE, N_("Reason"), "cause", FALSE, TRUE },
    { COLUMN_SINCE, N_("Since"), "since", TRUE, FALSE },
    { COLUMN_SOURCE, N_("Source"), "source", FALSE, FALSE },
    { COLUMN_REMOVE, NULL, NULL, FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (columns[i].column));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), self);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), self);
      column = gtk_column_view_column_new (columns[i].title != NULL ? _(columns[i].title) : NULL, factory);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, columns[i].title != NULL);
      if (columns[i].property != NULL)
        {
          g_autoptr(GtkSorter) sorter = property_sorter_new (columns[i].property, columns[i].numeric);

          gtk_column_view_column_set_sorter (column, sorter);
        }
      gtk_column_view_append_column (self->column_view, column);
    }
}

/* Removal and undo */

/* The store's position of @address, or -1. */
static int
find_address (BounceSuppressionPage *self,
              const char            *address)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(BounceSuppressionItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (g_str_equal (bounce_suppression_item_get_entry (item)->address, address))
        return (int) i;
    }

  return -1;
}

static int
compare_addresses (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  return bounce_suppression_item_compare_addresses ((BounceSuppressionItem *) a,
                                                    (BounceSuppressionItem *) b);
}

static void
undo_remove_cb (BounceSuppressionPage *self,
                AdwToast              *toast)
{
  const char *address = g_object_get_data (G_OBJECT (toast), "address");
  g_autoptr(BounceSuppression) entry = NULL;
  g_autoptr(GError) error = NULL;

  if (self->history == NULL)
    return;

  if (!bounce_history_restore_suppression (self->history, address, &error))
    {
      bounce_gui_show_error (bounce_suppression_page_get_window (self),
                             _("Could Not Put the Address Back"), error);
      bounce_suppression_page_reload (self);
      return;
    }

  /* One item back in address order spares reading a long list again. */
  entry = bounce_history_lookup_suppression (self->history, address);
  if (entry != NULL && find_address (self, entry->address) < 0)
    {
      g_autoptr(BounceSuppressionItem) item = bounce_suppression_item_new (g_steal_pointer (&entry));

      g_list_store_insert_sorted (self->store, item, compare_addresses, NULL);
    }
  bounce_suppression_page_update_state (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
bounce_suppression_page_remove (BounceSuppressionPage *self,
                                const char            *address)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;
  int position;

  g_return_val_if_fail (BOUNCE_IS_SUPPRESSION_PAGE (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  if (self->history == NULL || bounce_history_is_read_only (self->history))
    return FALSE;

  /* The entry is marked removed, not deleted, so Undo restores its
   * cause, date and source as they were. */
  if (!bounce_history_unsuppress (self->history, address, &error))
    {
      bounce_gui_show_error (bounce_suppression_page_get_window (self),
                             _("Could Not Take the Address Off the List"), error);
      bounce_suppression_page_reload (self);
      return FALSE;
    }

  normalized = bounce_address_normalize (address);
  position = find_address (self, normalized != NULL ? normalized : address);
  if (position >= 0)
    g_list_store_remove (self->store, (guint) position);
  bounce_suppression_page_update_state (self);
  g_signal_emit (self, signals[CHANGED], 0);

  /* TRANSLATORS: a toast after a removal from the suppression list */
  title = g_strdup_printf (_("“%s” will get your mailings again"), address);
  toast = adw_toast_new (title);
  /* Longer than the default 5 s, because Undo is the way back. */
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "address", g_strdup (address), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_remove_cb), self, G_CONNECT_SWAPPED);
  bounce_suppression_page_add_toast (self, toast);

  return TRUE;
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  bounce_suppression_page_remove (BOUNCE_SUPPRESSION_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
remove_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  BounceSuppressionPage *self = BOUNCE_SUPPRESSION_PAGE (widget);
  BounceSuppressionItem *item = gtk_single_selection_get_selected_item (self->selection);
  g_autofree char *address = NULL;

  if (item == NULL)
    return;

  if (g_str_equal (bounce_suppression_item_get_entry (item)->category, "soft-limit"))
    return;

  /* Taking the entry off the list drops the item. */
  address = g_strdup (bounce_suppression_item_get_entry (item)->address);
  bounce_suppression_page_remove (self, address);
}

/* Adding one address */

static void
undo_add_cb (BounceSuppressionPage *self,
             AdwToast              *toast)
{
  const char *address = g_object_get_data (G_OBJECT (toast), "address");
  g_autoptr(GError) error = NULL;

  if (self->history == NULL)
    return;

  if (!bounce_history_unsuppress (self->history, address, &error))
    bounce_gui_show_error (bounce_suppression_page_get_window (self),
                           _("Could Not Take the Address Off the List"), error);

  bounce_suppression_page_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
bounce_suppression_page_add (BounceSuppressionPage  *self,
                             const char             *address,
                             GError                **error)
{
  g_autofree char *normalized = NULL;
  g_autofree char *title = NULL;
  g_autoptr(BounceSuppression) entry = NULL;
  AdwToast *toast;

  g_return_val_if_fail (BOUNCE_IS_SUPPRESSION_PAGE (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  if (self->history == NULL || bounce_history_is_read_only (self->history))
    {
      g_set_error_literal (error, BOUNCE_ERROR, BOUNCE_ERROR_WRITE,
                           _("The history file cannot be written, so the suppression list cannot be changed"));
      return FALSE;
    }

  normalized = bounce_address_normalize (address);
  if (normalized == NULL)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                   /* TRANSLATORS: %s is the text typed in place of an address */
                   _("“%s” is not an email address. Type it as name@example.com."), address);
      return FALSE;
    }

  /* An address on the list stays as it is, with its cause and date. */
  entry = bounce_history_lookup_suppression (self->history, normalized);
  if (entry != NULL)
    {
      /* TRANSLATORS: a toast, "“jane@example.com” is on the suppression list already" */
      title = g_strdup_printf (_("“%s” is on the suppression list already"), normalized);
      bounce_suppression_page_add_toast (self, adw_toast_new (title));
      return TRUE;
    }

  /* The same entry as `bounce-cli suppression add`. */
  if (!bounce_history_suppress (self->history, normalized, "manual", "", "", error))
    return FALSE;

  bounce_suppression_page_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);

  /* TRANSLATORS: a toast, "Added “jane@example.com” to the suppression list" */
  title = g_strdup_printf (_("Added “%s” to the suppression list"), normalized);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "address", g_strdup (normalized), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_add_cb), self, G_CONNECT_SWAPPED);
  bounce_suppression_page_add_toast (self, toast);

  return TRUE;
}

static void
add_response_cb (AdwMessageDialog      *dialog,
                 const char            *response,
                 BounceSuppressionPage *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "add") != 0)
    return;

  if (!bounce_suppression_page_add (self, gtk_editable_get_text (entry), &error))
    bounce_gui_show_error (bounce_suppression_page_get_window (self),
                           _("Could Not Add the Address"), error);
}

/* Enables Add once the entry contains an address. */
static void
add_entry_changed_cb (AdwMessageDialog *dialog,
                      GtkEditable      *entry)
{
  g_autofree char *normalized = bounce_address_normalize (gtk_editable_get_text (entry));

  adw_message_dialog_set_response_enabled (dialog, "add", normalized != NULL);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BounceSuppressionPage *self = BOUNCE_SUPPRESSION_PAGE (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  dialog = adw_message_dialog_new (bounce_suppression_page_get_window (self),
                                   _("Add an Address to the Suppression List"),
                                   _("Add an address such as that of someone who asked to unsubscribe. It will be "
                                     "removed from every list you clean."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  entry = gtk_entry_new ();
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_EMAIL);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  /* TRANSLATORS: the placeholder of the address field */
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("name@example.com"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Address"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_signal_connect_object (entry, "changed", G_CALLBACK (add_entry_changed_cb), dialog, G_CONNECT_SWAPPED);

  g_signal_connect_object (dialog, "response", G_CALLBACK (add_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Import and export */

static void
bounce_suppression_page_end_job (BounceSuppressionPage *self)
{
  self->n_jobs--;
  bounce_suppression_page_update_state (self);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FileJob *job = task_data;
  GError *error = NULL;

  job->list = bounce_contact_list_new_from_file (job->path, &job->settings->options, NULL, &error);
  if (job->list == NULL)
    {
      bounce_contact_list_reword_for_suppressions (error, job->path);
      g_task_return_error (task, error);
      return;
    }

  /* As `bounce-cli suppression import`, which stops for --email-column:
   * a wrong guess would suppress the addresses of the other column. */
  if (!job->settings->column_chosen && bounce_contact_list_get_candidate_columns (job->list)->len > 1)
    {
      job->needs_column = TRUE;
      g_task_return_boolean (task, TRUE);
      return;
    }

  job->is_contact_list = bounce_history_import_is_contact_list (job->list);
  if (bounce_history_import_suppressions_from_list (job->history, job->list, job->flags,
                                                    &job->added, &job->skipped, &job->warnings, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* "4, 5", the lines of @diagnostics, with at most five line numbers. */
static char *
dup_line_numbers (GPtrArray *diagnostics)
{
  GString *lines = g_string_new (NULL);

  for (guint i = 0; i < diagnostics->len && i < 5; i++)
    {
      const BounceDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      if (i > 0)
        g_string_append (lines, ", ");
      g_string_append_printf (lines, "%u", diagnostic->line);
    }
  if (diagnostics->len > 5)
    g_string_append (lines, ", …");

  return g_string_free (lines, FALSE);
}

/* "2 rows were not imported: lines 4, 5". */
static char *
dup_skipped_rows_text (GPtrArray *skipped)
{
  g_autofree char *lines = dup_line_numbers (skipped);
  g_autofree char *count = bounce_gui_format_count (skipped->len);

  /* TRANSLATORS: a toast; the first %s is a count, the second the line
   * numbers of the rows: "2 rows were not imported: lines 4, 5" */
  return g_strdup_printf (g_dngettext (NULL, "%s row was not imported: line %s", "%s rows were not imported: lines %s",
                                       skipped->len),
                          count, lines);
}

/* "The date of 1 row could not be read, so its entry will be dated
 * today: line 3." */
static char *
dup_unreadable_dates_text (GPtrArray *warnings)
{
  g_autofree char *lines = dup_line_numbers (warnings);
  g_autofree char *count = bounce_gui_format_count (warnings->len);

  return g_strdup_printf (g_dngettext (NULL,
                                       /* TRANSLATORS: in the question before an import; the first %s
                                        * is a count, the second the line numbers of the rows */
                                       "The date of %s row could not be read, so its entry will be dated today: line %s.",
                                       "The dates of %s rows could not be read, so their entries will be dated today: lines %s.",
                                       warnings->len),
                          count, lines);
}

static void
undo_import_cb (BounceSuppressionPage *self,
                AdwToast              *toast)
{
  GPtrArray *added = g_object_get_data (G_OBJECT (toast), "added");
  g_autoptr(GError) error = NULL;

  if (self->history == NULL)
    return;

  if (!bounce_history_undo_import (self->history, added, &error))
    bounce_gui_show_error (bounce_suppression_page_get_window (self),
                           _("Could Not Undo the Import"), error);

  bounce_suppression_page_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  BounceSuppressionPage *self = BOUNCE_SUPPRESSION_PAGE (object);
  FileJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_basename (job->path);
  g_autofree char *count = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  bounce_suppression_page_end_job (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      bounce_gui_show_error (bounce_suppression_page_get_window (self),
                             _("Could Not Import the Suppression List"), error);
      return;
    }

  count = bounce_gui_format_count (job->added->len);
  if (job->added->len == 0)
    /* TRANSLATORS: a toast, "No new address in “unsubscribed.csv”" */
    title = g_strdup_printf (_("No new address in “%s”"), name);
  else
    /* TRANSLATORS: a toast, "Added 120 addresses from “unsubscribed.csv”" */
    title = g_strdup_printf (g_dngettext (NULL, "Added %s address from “%s”", "Added %s addresses from “%s”",
                                          job->added->len),
                             count, name);
  toast = adw_toast_new (title);
  if (job->added->len > 0)
    {
      /* The toast keeps what the undo needs; a later import has a toast
       * of its own. */
      adw_toast_set_button_label (toast, _("_Undo"));
      g_object_set_data_full (G_OBJECT (toast), "added", g_ptr_array_ref (job->added),
                              (GDestroyNotify) g_ptr_array_unref);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_import_cb), self, G_CONNECT_SWAPPED);
    }
  bounce_suppression_page_add_toast (self, toast);

  if (job->skipped != NULL && job->skipped->len > 0)
    {
      g_autofree char *skipped_title = dup_skipped_rows_text (job->skipped);

      bounce_suppression_page_add_toast (self, adw_toast_new (skipped_title));
    }

  bounce_suppression_page_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void bounce_suppression_page_run_job (BounceSuppressionPage    *self,
                                             const char               *path,
                                             const ImportSettings     *settings,
                                             BounceHistoryImportFlags  flags,
                                             GTaskThreadFunc           thread,
                                             GAsyncReadyCallback       done);

/* The contact list open in the page's window, or NULL. */
static BounceContactList *
get_open_contacts (BounceSuppressionPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return BOUNCE_IS_WINDOW (root) ? bounce_window_get_contacts (BOUNCE_WINDOW (root)) : NULL;
}

/* How many of @added are addresses of the open contact list. */
static guint
count_open_contacts (BounceSuppressionPage *self,
                     GPtrArray             *added)
{
  BounceContactList *contacts = get_open_contacts (self);
  g_autoptr(GHashTable) listed = NULL;
  guint n_contacts = 0;

  if (contacts == NULL)
    return 0;

  listed = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint row = 0; row < bounce_contact_list_get_n_rows (contacts); row++)
    {
      const char *address = bounce_contact_list_get_address (contacts, row);

      if (address != NULL)
        g_hash_table_add (listed, (gpointer) address);
    }

  for (guint i = 0; i < added->len; i++)
    {
      const BounceSuppression *entry = added->pdata[i];

      if (g_hash_table_contains (listed, entry->address))
        n_contacts++;
    }

  return n_contacts;
}

static void
confirm_import_response_cb (AdwMessageDialog      *dialog,
                            const char            *response,
                            BounceSuppressionPage *self)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "path");
  const ImportSettings *settings = g_object_get_data (G_OBJECT (dialog), "settings");

  if (g_strcmp0 (response, "suppress") == 0 && self->history != NULL
      && !bounce_history_is_read_only (self->history))
    bounce_suppression_page_run_job (self, path, settings, BOUNCE_HISTORY_IMPORT_NONE, import_thread, import_done_cb);
}

/* Asks before the import that the dry run of @job planned, with the
 * number of addresses it suppresses and how many of them are contacts
 * of the open list. Cancel is the default. */
static void
bounce_suppression_page_confirm_import (BounceSuppressionPage *self,
                                        FileJob               *job)
{
  guint n_added = job->added->len;
  guint n_contacts = count_open_contacts (self, job->added);
  g_autofree char *count = bounce_gui_format_count (n_added);
  g_autofree char *contacts_count = bounce_gui_format_count (n_contacts);
  g_autofree char *name = g_filename_display_basename (job->path);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* TRANSLATORS: the question before an import, "Suppress 18 addresses?" */
  heading = g_strdup_printf (g_dngettext (NULL, "Suppress %s Address?", "Suppress %s Addresses?", n_added), count);
  if (get_open_contacts (self) == NULL)
    /* TRANSLATORS: %s is the file name */
    body = g_strdup_printf (_("The addresses of “%s” will be removed from every list you clean."), name);
  else if (n_contacts == n_added)
    body = g_strdup_printf (g_dngettext (NULL,
                                         /* TRANSLATORS: %s is the number of addresses in the heading, "All 18 are contacts …" */
                                         "It is a contact in the open list, and it will be removed from every list you clean.",
                                         "All %s are contacts in the open list, and they will be removed from every list you clean.",
                                         n_added),
                            count);
  else if (n_contacts > 0)
    body = g_strdup_printf (g_dngettext (NULL,
                                         /* TRANSLATORS: "3 of them are contacts in the open list, …"; %s after that is a file name */
                                         "%s of them is a contact in the open list. The addresses of “%s” will be removed from every list you clean.",
                                         "%s of them are contacts in the open list. The addresses of “%s” will be removed from every list you clean.",
                                         n_contacts),
                            contacts_count, name);
  else
    /* TRANSLATORS: %s is the file name */
    body = g_strdup_printf (_("None of them is a contact in the open list. The addresses of “%s” will be removed from every list you clean."),
                            name);

  /* `bounce-cli suppression import` stops on such a file until
   * --contact-list confirms it, so the question states it first. */
  if (job->is_contact_list)
    {
      g_autofree char *warning = NULL;
      char *joined;

      /* TRANSLATORS: %s is the file name; the question's other text follows */
      warning = g_strdup_printf (_("“%s” looks like a contact list, not a suppression list: no column says why its "
                                   "addresses are suppressed."),
                                 name);
      joined = g_strconcat (warning, " ", body, NULL);
      g_free (body);
      body = joined;
    }

  /* The dry run finds the dates that the import cannot read, as
   * `bounce-cli suppression import` names them. */
  if (job->warnings != NULL && job->warnings->len > 0)
    {
      g_autofree char *dates = dup_unreadable_dates_text (job->warnings);
      char *joined = g_strconcat (body, "\n\n", dates, NULL);

      g_free (body);
      body = joined;
    }

  dialog = adw_message_dialog_new (bounce_suppression_page_get_window (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "suppress", _("_Suppress"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "suppress", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (job->path), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "settings", import_settings_copy (job->settings),
                          (GDestroyNotify) import_settings_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_import_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void import_planned_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data);

static void
column_confirmed_cb (BounceSuppressionPage *self,
                     BounceContactList     *list,
                     BouncePreviewDialog   *dialog)
{
  g_autoptr(ImportSettings) settings = import_settings_new_from_list (list);

  if (self->history == NULL || bounce_history_is_read_only (self->history))
    return;

  bounce_suppression_page_run_job (self, bounce_contact_list_get_path (list), settings,
                                   BOUNCE_HISTORY_IMPORT_DRY_RUN, import_thread, import_planned_cb);
}

/* Shows the first rows of the file whose address columns were a close
 * call, and goes on with the dry run once a person chose the column. */
static void
bounce_suppression_page_choose_column (BounceSuppressionPage *self,
                                       FileJob               *job)
{
  BouncePreviewDialog *dialog = bounce_preview_dialog_new (bounce_suppression_page_get_window (self), job->list);

  bounce_preview_dialog_set_intro (dialog, _("Which Column Has the Addresses to Suppress?"),
                                   _("Several columns of this file contain addresses. Under Email Column, choose "
                                     "the one whose addresses must never be mailed again, and check the first "
                                     "rows below."));
  g_signal_connect_object (dialog, "confirmed", G_CALLBACK (column_confirmed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_planned_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  BounceSuppressionPage *self = BOUNCE_SUPPRESSION_PAGE (object);
  FileJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  bounce_suppression_page_end_job (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      bounce_gui_show_error (bounce_suppression_page_get_window (self),
                             _("Could Not Import the Suppression List"), error);
      return;
    }

  if (job->needs_column)
    {
      bounce_suppression_page_choose_column (self, job);
      return;
    }

  /* No question when the import adds nothing, because the toast reports
   * it. */
  if (job->added->len == 0)
    {
      g_autofree char *name = g_filename_display_basename (job->path);
      /* TRANSLATORS: a toast, "No new address in “unsubscribed.csv”" */
      g_autofree char *title = g_strdup_printf (_("No new address in “%s”"), name);

      bounce_suppression_page_add_toast (self, adw_toast_new (title));
      if (job->skipped != NULL && job->skipped->len > 0)
        {
          g_autofree char *skipped_title = dup_skipped_rows_text (job->skipped);

          bounce_suppression_page_add_toast (self, adw_toast_new (skipped_title));
        }
      return;
    }

  bounce_suppression_page_confirm_import (self, job);
}

/* Runs @thread on a new job for @path, read with @settings, or as
 * detected when @settings is NULL. */
static void
bounce_suppression_page_run_job (BounceSuppressionPage    *self,
                                 const char               *path,
                                 const ImportSettings     *settings,
                                 BounceHistoryImportFlags  flags,
                                 GTaskThreadFunc           thread,
                                 GAsyncReadyCallback       done)
{
  g_autoptr(GTask) task = NULL;
  FileJob *job;

  job = g_new0 (FileJob, 1);
  job->history = g_object_ref (self->history);
  job->path = g_strdup (path);
  job->flags = flags;
  job->settings = settings != NULL ? import_settings_copy (settings) : import_settings_new ();

  self->n_jobs++;
  bounce_suppression_page_update_state (self);

  task = g_task_new (self, NULL, done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) file_job_free);
  g_task_run_in_thread (task, thread);
}

/* TRUE when @path is the open contact file itself, under any name or
 * link: the same device and inode. */
static gboolean
is_open_contact_file (BounceSuppressionPage *self,
                      const char            *path)
{
  BounceContactList *contacts = get_open_contacts (self);
  GStatBuf chosen;
  GStatBuf open;

  if (contacts == NULL || bounce_contact_list_get_path (contacts) == NULL)
    return FALSE;
  if (g_stat (path, &chosen) != 0 || g_stat (bounce_contact_list_get_path (contacts), &open) != 0)
    return FALSE;

  return chosen.st_dev == open.st_dev && chosen.st_ino == open.st_ino;
}

void
bounce_suppression_page_import (BounceSuppressionPage *self,
                                const char            *path)
{
  g_return_if_fail (BOUNCE_IS_SUPPRESSION_PAGE (self));
  g_return_if_fail (path != NULL);

  if (self->history == NULL || bounce_history_is_read_only (self->history))
    return;

  if (is_open_contact_file (self, path))
    {
      g_autofree char *name = g_filename_display_basename (path);
      g_autoptr(GError) error = NULL;

      /* Its addresses are what is being cleaned: all of them would be
       * removed from it and from every later list. */
      g_set_error (&error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                   _("“%s” is the contact list open for cleaning. The suppression list is for addresses "
                     "that must never be mailed, such as unsubscribes and complaints, not for the list "
                     "being cleaned."),
                   name);
      bounce_gui_show_error (bounce_suppression_page_get_window (self),
                             _("This Is the Open Contact List"), error);
      return;
    }

  /* A dry run first, so the question can give the numbers. */
  bounce_suppression_page_run_job (self, path, NULL, BOUNCE_HISTORY_IMPORT_DRY_RUN, import_thread, import_planned_cb);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FileJob *job = task_data;
  GError *error = NULL;

  if (bounce_history_export_suppressions (job->history, job->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  BounceSuppressionPage *self = BOUNCE_SUPPRESSION_PAGE (object);
  FileJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_basename (job->path);
  g_autofree char *title = NULL;

  bounce_suppression_page_end_job (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      bounce_gui_show_error (bounce_suppression_page_get_window (self),
                             _("Could Not Export the Suppression List"), error);
      return;
    }

  /* TRANSLATORS: a toast, "Saved the suppression list as “suppression-list.csv”" */
  title = g_strdup_printf (_("Saved the suppression list as “%s”"), name);
  bounce_suppression_page_add_toast (self, bounce_gui_new_saved_toast (title, job->path));
}

void
bounce_suppression_page_export (BounceSuppressionPage *self,
                                const char            *path)
{
  g_return_if_fail (BOUNCE_IS_SUPPRESSION_PAGE (self));
  g_return_if_fail (path != NULL);

  if (self->history == NULL)
    return;

  bounce_suppression_page_run_job (self, path, NULL, BOUNCE_HISTORY_IMPORT_NONE, export_thread, export_done_cb);
}

gboolean
bounce_suppression_page_is_busy (BounceSuppressionPage *self)
{
  g_return_val_if_fail (BOUNCE_IS_SUPPRESSION_PAGE (self), FALSE);

  return self->n_jobs > 0;
}

/* File choosers */

/* Exports to the chosen file when the chooser has "export" data set,
 * else imports it. */
static void
file_chosen_cb (BounceSuppressionPage *self,
                int                    response,
                GtkFileChooserNative  *native)
{
  gboolean export = g_object_get_data (G_OBJECT (native), "export") != NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL && export)
        bounce_suppression_page_export (self, path);
      else if (path != NULL)
        bounce_suppression_page_import (self, path);
    }

  g_object_unref (native);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BounceSuppressionPage *self = BOUNCE_SUPPRESSION_PAGE (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Import a Suppression List"), bounce_suppression_page_get_window (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  bounce_gui_add_csv_filters (GTK_FILE_CHOOSER (native), _("CSV files with an email column"));

  g_signal_connect_object (native, "response", G_CALLBACK (file_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BounceSuppressionPage *self = BOUNCE_SUPPRESSION_PAGE (widget);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Export the Suppression List"), bounce_suppression_page_get_window (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  /* TRANSLATORS: the file name proposed for an exported suppression list */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("suppression-list.csv"));
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), csv);

  g_object_set_data (G_OBJECT (native), "export", GINT_TO_POINTER (TRUE));
  g_signal_connect_object (native, "response", G_CALLBACK (file_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Search */

static void
search_changed_cb (BounceSuppressionPage *self,
                   GtkSearchEntry        *entry)
{
  gtk_string_filter_set_search (self->filter, gtk_editable_get_text (GTK_EDITABLE (entry)));
  bounce_suppression_page_update_state (self);
}

void
bounce_suppression_page_set_search_text (BounceSuppressionPage *self,
                                         const char            *text)
{
  g_return_if_fail (BOUNCE_IS_SUPPRESSION_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* The entry reports changes after a delay; the table follows now. */
  search_changed_cb (self, self->search_entry);
}

GListModel *
bounce_suppression_page_get_model (BounceSuppressionPage *self)
{
  g_return_val_if_fail (BOUNCE_IS_SUPPRESSION_PAGE (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

void
bounce_suppression_page_set_history (BounceSuppressionPage *self,
                                     BounceHistory         *history,
                                     const GError          *error)
{
  g_return_if_fail (BOUNCE_IS_SUPPRESSION_PAGE (self));
  g_return_if_fail (history == NULL || BOUNCE_IS_HISTORY (history));

  g_set_object (&self->history, history);
  g_clear_error (&self->history_error);
  if (error != NULL)
    {
      self->history_error = g_error_copy (error);
      adw_status_page_set_description (self->error_page, error->message);
    }

  bounce_suppression_page_reload (self);
}

static void
bounce_suppression_page_dispose (GObject *object)
{
  BounceSuppressionPage *self = (BounceSuppressionPage *)object;

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BOUNCE_TYPE_SUPPRESSION_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->store);
  g_clear_object (&self->history);
  g_clear_error (&self->history_error);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bounce_suppression_page_parent_class)->dispose (object);
}

static void
bounce_suppression_page_class_init (BounceSuppressionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bounce_suppression_page_dispose;

  /* Emitted after the page changed the suppression list: a removal, an
   * undo or an import. */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Bounce/bounce-suppression-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BounceSuppressionPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BounceSuppressionPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BounceSuppressionPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, BounceSuppressionPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, BounceSuppressionPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, BounceSuppressionPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, BounceSuppressionPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, BounceSuppressionPage, import_button);
  gtk_widget_class_bind_template_child (widget_class, BounceSuppressionPage, empty_import_button);
  gtk_widget_class_bind_template_child (widget_class, BounceSuppressionPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, BounceSuppressionPage, read_only_box);
  gtk_widget_class_bind_template_child (widget_class, BounceSuppressionPage, read_only_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "suppression.remove", "s", remove_action);
  gtk_widget_class_install_action (widget_class, "suppression.remove-selected", NULL, remove_selected_action);
  gtk_widget_class_install_action (widget_class, "suppression.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "suppression.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "suppression.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "suppression.remove-selected", NULL);
}

/* A hidden page lists the escalated addresses again when it is shown,
 * because the rule costs one query per address with soft bounces. */
static void
soft_rule_changed_cb (BounceSuppressionPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    bounce_suppression_page_reload (self);
}

static void
bounce_suppression_page_init (BounceSuppressionPage *self)
{
  GtkExpression *address = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->store = g_list_store_new (BOUNCE_TYPE_SUPPRESSION_ITEM);
  address = gtk_property_expression_new (BOUNCE_TYPE_SUPPRESSION_ITEM, NULL, "address");
  self->filter = gtk_string_filter_new (address);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                              GTK_FILTER (g_object_ref (self->filter)));

  bounce_suppression_page_build_columns (self);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filtered)),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  bounce_gui_list_tab_leaves (GTK_WIDGET (self->column_view));

  /* Other programs, such as bounce-cli, may have changed the list. */
  g_signal_connect (self, "map", G_CALLBACK (bounce_suppression_page_reload), NULL);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::soft-bounce-limit",
                           G_CALLBACK (soft_rule_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::soft-bounce-days",
                           G_CALLBACK (soft_rule_changed_cb), self, G_CONNECT_SWAPPED);

  bounce_suppression_page_update_state (self);
}

GtkWidget *
bounce_suppression_page_new (void)
{
  return g_object_new (BOUNCE_TYPE_SUPPRESSION_PAGE, NULL);
}

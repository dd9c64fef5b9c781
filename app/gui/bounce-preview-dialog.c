/* bounce-preview-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-preview-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bounce-gui-util.h"
#include "bounce-preview-dialog.h"
#include "bounce-row-item.h"

#define N_PREVIEW_ROWS 10

struct _BouncePreviewDialog
{
  AdwWindow          parent_instance;

  BounceContactList *contacts;
  GCancellable      *cancellable;
  gboolean           updating;

  AdwComboRow       *delimiter_row;
  AdwComboRow       *quote_row;
  AdwComboRow       *encoding_row;
  AdwComboRow       *email_row;
  GtkStringList     *column_names;
  GtkColumnView     *column_view;
  GtkSpinner        *spinner;
  GtkButton         *use_button;
  GtkLabel          *intro_label;
};

G_DEFINE_FINAL_TYPE (BouncePreviewDialog, bounce_preview_dialog, ADW_TYPE_WINDOW)

enum {
  CONFIRMED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* In the order of the delimiter, quote and encoding pickers in the .ui
 * file. */
static const char delimiters[] = { ',', ';', '\t', '|' };
static const char quotes[] = { '"', '\'', BOUNCE_CSV_QUOTE_NONE };
static const BounceCsvEncoding encodings[] = {
  BOUNCE_CSV_ENCODING_UTF8,
  BOUNCE_CSV_ENCODING_UTF16LE,
  BOUNCE_CSV_ENCODING_UTF16BE,
  BOUNCE_CSV_ENCODING_WINDOWS_1252,
};

static void reload (BouncePreviewDialog *self);

static void
bind_cell_cb (BouncePreviewDialog *self,
              GtkListItem         *list_item,
              GtkSignalListItemFactory *factory)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  BounceRowItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *cell = bounce_contact_list_dup_cell (self->contacts, bounce_row_item_get_row (item), column);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), cell);
}

static void
setup_cell_cb (BouncePreviewDialog      *self,
               GtkListItem              *list_item,
               GtkSignalListItemFactory *factory)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_list_item_set_child (list_item, label);
}

static void reload (BouncePreviewDialog *self);

static void
bounce_preview_dialog_show_contacts (BouncePreviewDialog *self)
{
  const BounceCsvDialect *dialect = bounce_contact_list_get_dialect (self->contacts);
  guint n_columns = bounce_contact_list_get_n_columns (self->contacts);
  guint n_rows = MIN (bounce_contact_list_get_n_rows (self->contacts), N_PREVIEW_ROWS);
  /* The core's ranking, so that a staff column that outvoted the
   * customers' column is not the one pre-selected. */
  int email_column = bounce_contact_list_get_suggested_email_column (self->contacts);
  g_autoptr(GListStore) rows = g_list_store_new (BOUNCE_TYPE_ROW_ITEM);
  g_autoptr(GtkNoSelection) selection = NULL;
  GListModel *columns;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  self->updating = TRUE;

  /* Columns first: removing them while the model still has rows from the
   * previous list would bind cells against the new list. */
  gtk_column_view_set_model (self->column_view, NULL);
  columns = gtk_column_view_get_columns (self->column_view);
  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->column_view, column);
    }

  for (guint i = 0; i < n_columns; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (i));
      g_signal_connect_object (factory, "setup", G_CALLBACK (setup_cell_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cell_cb), self, G_CONNECT_SWAPPED);
      column = gtk_column_view_column_new (bounce_contact_list_get_column_name (self->contacts, i), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
      g_ptr_array_add (names, (gpointer) bounce_contact_list_get_column_name (self->contacts, i));
    }

  for (guint row = 0; row < n_rows; row++)
    {
      g_autoptr(BounceRowItem) item = bounce_row_item_new (row);

      g_list_store_append (rows, item);
    }
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&rows)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->column_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->column_names)),
                          (const char * const *) names->pdata);
  if (email_column >= 0)
    adw_combo_row_set_selected (self->email_row, email_column);

  for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
    if (dialect->delimiter == delimiters[i])
      adw_combo_row_set_selected (self->delimiter_row, i);

  for (guint i = 0; i < G_N_ELEMENTS (quotes); i++)
    if (dialect->quote == quotes[i])
      adw_combo_row_set_selected (self->quote_row, i);

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    if (dialect->encoding == encodings[i])
      adw_combo_row_set_selected (self->encoding_row, i);

  self->updating = FALSE;

  /* The list is read again with the pre-selected column, so that Use
   * takes the column the dialog shows. */
  if (email_column >= 0 && email_column != bounce_contact_list_get_email_column (self->contacts))
    reload (self);
}

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BouncePreviewDialog) self = user_data;
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(GError) error = NULL;

  contacts = bounce_contact_list_load_finish (result, &error);
  if (contacts == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->use_button), contacts != NULL);

  if (contacts == NULL)
    {
      bounce_gui_show_error (GTK_WINDOW (self), _("Could Not Read the File With These Settings"), error);
      return;
    }

  g_set_object (&self->contacts, contacts);
  bounce_preview_dialog_show_contacts (self);
}

static void
reload (BouncePreviewDialog *self)
{
  BounceCsvDialect options;
  guint delimiter = adw_combo_row_get_selected (self->delimiter_row);
  guint quote = adw_combo_row_get_selected (self->quote_row);
  guint encoding = adw_combo_row_get_selected (self->encoding_row);
  guint email_column = adw_combo_row_get_selected (self->email_row);
  char old_delimiter = bounce_contact_list_get_dialect (self->contacts)->delimiter;

  if (self->updating)
    return;

  bounce_csv_dialect_init (&options);
  if (delimiter < G_N_ELEMENTS (delimiters))
    options.delimiter = delimiters[delimiter];
  if (quote < G_N_ELEMENTS (quotes))
    options.quote = quotes[quote];
  if (encoding < G_N_ELEMENTS (encodings))
    options.encoding = encodings[encoding];
  /* Another separator gives other columns, so the email column is
   * detected again rather than kept by number. */
  if (email_column != GTK_INVALID_LIST_POSITION && options.delimiter == old_delimiter)
    options.email_column = email_column;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  gtk_spinner_start (self->spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->use_button), FALSE);
  bounce_contact_list_load_async (bounce_contact_list_get_path (self->contacts), &options,
                                  self->cancellable, reload_cb, g_object_ref (self));
  bounce_csv_dialect_clear (&options);
}

static void
use_clicked_cb (BouncePreviewDialog *self)
{
  g_signal_emit (self, signals[CONFIRMED], 0, self->contacts);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
bounce_preview_dialog_dispose (GObject *object)
{
  BouncePreviewDialog *self = (BouncePreviewDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BOUNCE_TYPE_PREVIEW_DIALOG);
  g_clear_object (&self->contacts);

  G_OBJECT_CLASS (bounce_preview_dialog_parent_class)->dispose (object);
}

static void
bounce_preview_dialog_class_init (BouncePreviewDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bounce_preview_dialog_dispose;

  signals[CONFIRMED] =
    g_signal_new ("confirmed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, BOUNCE_TYPE_CONTACT_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Bounce/bounce-preview-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BouncePreviewDialog, delimiter_row);
  gtk_widget_class_bind_template_child (widget_class, BouncePreviewDialog, quote_row);
  gtk_widget_class_bind_template_child (widget_class, BouncePreviewDialog, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, BouncePreviewDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, BouncePreviewDialog, column_names);
  gtk_widget_class_bind_template_child (widget_class, BouncePreviewDialog, column_view);
  gtk_widget_class_bind_template_child (widget_class, BouncePreviewDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, BouncePreviewDialog, use_button);
  gtk_widget_class_bind_template_child (widget_class, BouncePreviewDialog, intro_label);
  gtk_widget_class_bind_template_callback (widget_class, use_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bounce_preview_dialog_init (BouncePreviewDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->delimiter_row, "notify::selected", G_CALLBACK (reload), self);
  g_signal_connect_swapped (self->quote_row, "notify::selected", G_CALLBACK (reload), self);
  g_signal_connect_swapped (self->encoding_row, "notify::selected", G_CALLBACK (reload), self);
  g_signal_connect_swapped (self->email_row, "notify::selected", G_CALLBACK (reload), self);
  bounce_gui_list_tab_leaves (GTK_WIDGET (self->column_view));
}

BouncePreviewDialog *
bounce_preview_dialog_new (GtkWindow         *parent,
                           BounceContactList *contacts)
{
  BouncePreviewDialog *self;

  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (contacts), NULL);

  self = g_object_new (BOUNCE_TYPE_PREVIEW_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->updating = TRUE;
  self->contacts = g_object_ref (contacts);
  bounce_preview_dialog_show_contacts (self);

  return self;
}

void
bounce_preview_dialog_set_intro (BouncePreviewDialog *self,
                                 const char          *title,
                                 const char          *text)
{
  g_return_if_fail (BOUNCE_IS_PREVIEW_DIALOG (self));
  g_return_if_fail (title != NULL && text != NULL);

  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_text (self->intro_label, text);
}

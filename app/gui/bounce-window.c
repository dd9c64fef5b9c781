/* bounce-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bounce-details-pane.h"
#include "bounce-export-dialog.h"
#include "bounce-gui-util.h"
#include "bounce-problems-dialog.h"
#include "bounce-record-item.h"
#include "bounce-record-list.h"
#include "bounce-record-view.h"
#include "bounce-row-item.h"
#include "bounce-status-cell.h"
#include "bounce-text-cell.h"
#include "bounce-window-private.h"

G_DEFINE_FINAL_TYPE (BounceWindow, bounce_window, ADW_TYPE_APPLICATION_WINDOW)

typedef struct
{
  BounceWindow *window;
  int           column;
} SortProbe;

static void main_page_changed_cb             (BounceWindow *self);
static int  bounce_window_begin_model_change (BounceWindow *self);
static void bounce_window_end_model_change   (BounceWindow *self,
                                              int           selected_row);

typedef enum
{
  UNMATCHED_CATEGORY,
  UNMATCHED_RECIPIENT,
  UNMATCHED_STATUS,
  UNMATCHED_REASON,
  UNMATCHED_FILE,
} UnmatchedColumn;

static const struct {
  BounceRowGroup  group;
  const char     *label;
  const char     *tooltip;
} filter_info[] = {
  { BOUNCE_ROW_GROUP_ALL, NC_("filter", "All"), N_("Every contact") },
  { BOUNCE_ROW_GROUP_REMOVED, NC_("filter", "Removed"), N_("Contacts the cleaned list leaves out, with the current choices") },
  { BOUNCE_ROW_GROUP_HARD, NC_("filter", "Hard"), N_("The address or its domain does not exist") },
  { BOUNCE_ROW_GROUP_COMPLAINT, NC_("filter", "Complaints"), N_("The person reported a message as spam") },
  { BOUNCE_ROW_GROUP_BLOCKED, NC_("filter", "Blocked"), N_("The receiving server refused the sender or the content") },
  { BOUNCE_ROW_GROUP_SOFT, NC_("filter", "Soft"), N_("Temporary trouble such as a full mailbox") },
  { BOUNCE_ROW_GROUP_OTHER, NC_("filter", "Other"), N_("Delays, auto-replies and bounces whose cause is unclear") },
  { BOUNCE_ROW_GROUP_OTHER_ADDRESS, NC_("filter", "Another Address"), N_("Contacts kept for their list address, although another of their addresses bounced, such as a home address column") },
  { BOUNCE_ROW_GROUP_REMOVED_OTHERWISE, NC_("filter", "Removed Otherwise"), N_("Contacts removed without a bounce among the open messages, for an invalid address, another list check, the suppression list or earlier soft bounces") },
  { BOUNCE_ROW_GROUP_CLEAN, NC_("filter", "Clean"), N_("Contacts the cleaned list keeps that have no bounce among the open messages") },
  { BOUNCE_ROW_GROUP_BLANK, NC_("filter", "Blank Rows"), N_("Rows with no text in any field, which the cleaned list keeps as they are") },
};

/* The groups whose filter shows only when it has rows. */
static const BounceRowGroup optional_groups[] = {
  BOUNCE_ROW_GROUP_OTHER_ADDRESS, BOUNCE_ROW_GROUP_REMOVED_OTHERWISE, BOUNCE_ROW_GROUP_BLANK,
};

/* TRUE when @path is inside @folder, after resolving "..". */
static gboolean
is_inside (const char *path,
           const char *folder)
{
  g_autofree char *canonical_path = g_canonicalize_filename (path, NULL);
  g_autofree char *canonical_folder = g_canonicalize_filename (folder, NULL);
  gsize length = strlen (canonical_folder);

  return strncmp (canonical_path, canonical_folder, length) == 0 &&
         (canonical_path[length] == G_DIR_SEPARATOR || canonical_path[length] == '\0');
}

char *
_bounce_window_dup_save_folder (const char *contacts_path)
{
  const char *documents;

  if (contacts_path != NULL && !is_inside (contacts_path, _bounce_window_get_samples_dir ()))
    return g_path_get_dirname (contacts_path);

  documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    return g_strdup (documents);

  return g_strdup (g_get_home_dir ());
}

const char *
_bounce_window_get_samples_dir (void)
{
  static char *samples_dir;

  if (samples_dir == NULL)
    {
      const char *override = g_getenv ("BOUNCE_SAMPLES_DIR");

      if (override != NULL && *override != '\0')
        samples_dir = g_strdup (override);
      else if (g_file_test (SAMPLES_DIR, G_FILE_TEST_IS_DIR))
        samples_dir = g_strdup (SAMPLES_DIR);
      else
        samples_dir = g_strdup (SOURCE_SAMPLES_DIR);
    }

  return samples_dir;
}

/* Cells of the contact list's own columns. */

static void
setup_text_cell_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  int width_chars = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "width-chars"));
  GtkWidget *cell = bounce_text_cell_new (width_chars);

  /* The list item owns the cell, so the pointer lives as long as it. */
  g_object_set_data (G_OBJECT (cell), "bounce-list-item", list_item);
  gtk_list_item_set_child (list_item, cell);
}

/* The width of a column in characters: what its header and the first
 * rows need, within bounds, so addresses show whole and a long notes
 * column does not push the others out of sight. */
static int
guess_width_chars (BounceContactList *contacts,
                   guint              column)
{
  guint n_rows = MIN (bounce_contact_list_get_n_rows (contacts), 200);
  glong width = g_utf8_strlen (bounce_contact_list_get_column_name (contacts, column), -1);

  for (guint row = 0; row < n_rows; row++)
    {
      g_autofree char *cell = bounce_contact_list_dup_cell (contacts, row, column);

      width = MAX (width, g_utf8_strlen (cell, -1));
    }

  return CLAMP (width, 4, 32);
}

static void
bind_text_cell_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   BounceWindow             *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  BounceRowItem *item = gtk_list_item_get_item (list_item);
  BounceContactList *contacts = bounce_session_get_contacts (self->session);

  if (!_bounce_window_check_contacts (self))
    {
      bounce_text_cell_take_text (BOUNCE_TEXT_CELL (gtk_list_item_get_child (list_item)), g_strdup (""));
      return;
    }
  bounce_text_cell_take_text (BOUNCE_TEXT_CELL (gtk_list_item_get_child (list_item)),
                              bounce_contact_list_dup_cell (contacts, bounce_row_item_get_row (item), column));
}

/* The status cell: a badge, the short reason and a mark when the row
 * will be left out of the cleaned list. */

static void
setup_status_cell_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      gpointer                  user_data)
{
  GtkWidget *cell = bounce_status_cell_new ();

  g_object_set_data (G_OBJECT (cell), "bounce-list-item", list_item);
  gtk_list_item_set_child (list_item, cell);
}

/* Returns whether a failure or complaint matched another address column
 * of @row, which keeps the row but should not leave its status empty. */
static gboolean
has_other_address_failure (BounceWindow *self,
                           guint         row)
{
  return bounce_cleaner_get_other_address_failure (bounce_session_get_cleaner (self->session), row) != NULL;
}

static void
bind_status_cell_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     BounceWindow             *self)
{
  BounceRowItem *item = gtk_list_item_get_item (list_item);
  guint row = bounce_row_item_get_row (item);
  BounceHygiene *hygiene = bounce_session_get_hygiene (self->session);
  g_auto(GStrv) findings = NULL;
  g_autoptr(GString) tooltip = g_string_new (NULL);
  g_autofree char *check_text = NULL;
  BounceRowVerdict verdict;
  BounceStatusBadge badge = BOUNCE_STATUS_BADGE_CATEGORY;
  const char *description = NULL;

  bounce_cleaner_get_verdict (bounce_session_get_cleaner (self->session),
                              bounce_session_get_policy (self->session), row, &verdict);
  if (hygiene != NULL)
    findings = bounce_hygiene_dup_findings (hygiene, row);

  /* A row kept by a person's choice shows that choice instead of its
   * bounce. */
  if (verdict.overridden_removal != NULL)
    {
      description = _("Kept by your choice");
      check_text = g_strdup (_("Kept by your choice: it would otherwise be removed when saving."));
      g_string_append (tooltip, check_text);
    }
  /* A bounce for another address that came back on this contact's mail
   * keeps the row. The cell shows that instead of "the address does not
   * exist", and its tooltip names the address. */
  else if (verdict.check_address != NULL)
    {
      description = _("Kept to check");
      /* TRANSLATORS: %s is the address a bounce names as failed, which is not this contact's */
      check_text = g_strdup_printf (_("Kept for you to check: the bounce is for %s."), verdict.check_address);
      g_string_append (tooltip, check_text);
    }
  /* One address of the cell would be removed, another keeps the row. */
  else if (verdict.kept_address != NULL && !verdict.removed)
    {
      description = _("Kept for another address");
      /* TRANSLATORS: the first %s is the address that bounced, the second
       * another address in the same email cell that did not */
      check_text = g_strdup_printf (_("Kept: %s would be removed, but %s in the same email cell keeps the row."),
                                    verdict.spared_address, verdict.kept_address);
      g_string_append (tooltip, check_text);
    }
  else if (bounce_category_is_failure (verdict.category) || bounce_gui_category_css_class (verdict.category) != NULL)
    description = bounce_reason_get_description_for (verdict.reason, verdict.category);
  /* A contact removed by the history may have no bounce open. */
  if (description == NULL && g_strcmp0 (verdict.removal, "suppressed") == 0)
    description = _("On the suppression list");
  else if (description == NULL && g_strcmp0 (verdict.removal, "soft-limit") == 0)
    description = _("Soft bounces in earlier mailings");
  else if (description == NULL && has_other_address_failure (self, row))
    description = _("Other address bounced");

  /* The list checks speak for a row that no bounce describes; the
   * tooltip has every finding in full. */
  if (description != NULL && check_text == NULL)
    g_string_append (tooltip, description);
  for (guint i = 0; findings != NULL && findings[i] != NULL; i++)
    g_string_append_printf (tooltip, "%s%s", tooltip->len > 0 ? "\n" : "", findings[i]);
  if (description == NULL && findings != NULL)
    description = findings[0];

  bounce_status_cell_set_verdict (BOUNCE_STATUS_CELL (gtk_list_item_get_child (list_item)),
                                  verdict.category, description, tooltip->str,
                                  verdict.removed, verdict.damaged);
  /* An invalid address that no bounce describes gets a badge of its
   * own. So does a row kept to check, which must not look like the hard
   * bounces that are removed. */
  if (hygiene != NULL && bounce_hygiene_is_invalid (hygiene, row) &&
      bounce_gui_category_css_class (verdict.category) == NULL)
    badge = BOUNCE_STATUS_BADGE_INVALID;
  else if (verdict.check_address != NULL && verdict.overridden_removal == NULL && !verdict.removed)
    badge = BOUNCE_STATUS_BADGE_TO_CHECK;
  bounce_status_cell_set_badge (BOUNCE_STATUS_CELL (gtk_list_item_get_child (list_item)), badge);
}

/* The row model gives a bound item another row when the filter or the
 * order changes (see BounceRowModel): the cell then binds again. */
static void
item_row_changed_cb (BounceRowItem *item,
                     GParamSpec    *pspec,
                     GtkListItem   *list_item)
{
  GtkSignalListItemFactory *factory = g_object_get_data (G_OBJECT (list_item), "factory");
  BounceWindow *self = g_object_get_data (G_OBJECT (factory), "window");
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));

  if (column == bounce_contact_list_get_n_columns (bounce_session_get_contacts (self->session)))
    bind_status_cell_cb (factory, list_item, self);
  else
    bind_text_cell_cb (factory, list_item, self);
}

static void
watch_item_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  g_object_set_data (G_OBJECT (list_item), "factory", factory);
  g_signal_connect (gtk_list_item_get_item (list_item), "notify::row", G_CALLBACK (item_row_changed_cb), list_item);
}

static void
unwatch_item_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item)
{
  g_signal_handlers_disconnect_by_data (gtk_list_item_get_item (list_item), list_item);
}

static int
sort_probe_cb (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  SortProbe *probe = user_data;

  /* The column view's sorter calls the primary column's sorter first,
   * and that is the column the person clicked. */
  if (probe->window->probed_column == -2)
    probe->window->probed_column = probe->column;

  return GTK_ORDERING_SMALLER;
}

static void
sort_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BounceWindow) self = user_data;
  BounceRowModel *model = BOUNCE_ROW_MODEL (object);
  g_autoptr(GError) error = NULL;
  int selected_row;

  /* A sort of a model that has since been replaced changes nothing. */
  if (model != self->row_model)
    return;

  selected_row = bounce_window_begin_model_change (self);
  if (!bounce_row_model_sort_finish (model, result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Sorting failed: %s", error->message);
  bounce_window_end_model_change (self, selected_row);

  if (error == NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), FALSE);
}

static void
search_ready_cb (BounceWindow   *self,
                 BounceRowModel *model)
{
  int selected_row;

  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), FALSE);
  if (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] == '\0')
    return;

  selected_row = bounce_window_begin_model_change (self);
  bounce_row_model_refilter (model);
  bounce_window_end_model_change (self, selected_row);
}

/* GTK 4.8 has no API that names the sort column of a GtkColumnView, so
 * we compare two items through its sorter and note which column's sorter
 * it calls first and in which direction. */
static void
column_sorter_changed_cb (BounceWindow *self,
                          GtkSorterChange change,
                          GtkSorter    *sorter)
{
  g_autoptr(BounceRowItem) a = bounce_row_item_new (0);
  g_autoptr(BounceRowItem) b = bounce_row_item_new (1);
  GtkOrdering ordering;
  int column;

  if (self->row_model == NULL)
    return;

  /* Sorting reads every cell of the column. */
  if (!_bounce_window_check_contacts (self))
    return;

  self->probed_column = -2;
  ordering = gtk_sorter_compare (sorter, a, b);
  column = ordering == GTK_ORDERING_EQUAL ? -1 : self->probed_column;
  self->probed_column = -1;

  /* Collation keys for a million cells take seconds: sort on a worker
   * thread, and let a newer click replace an unfinished sort. */
  g_cancellable_cancel (self->sort_cancellable);
  g_clear_object (&self->sort_cancellable);
  self->sort_cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), TRUE);
  bounce_row_model_sort_async (self->row_model, column, ordering == GTK_ORDERING_LARGER,
                               self->sort_cancellable, sort_done_cb, g_object_ref (self));
}

static GtkColumnViewColumn *
create_column (BounceWindow *self,
               const char   *title,
               int           column,
               GCallback     setup,
               GCallback     bind)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  SortProbe *probe = g_new0 (SortProbe, 1);
  GtkColumnViewColumn *view_column;
  g_autoptr(GtkSorter) sorter = NULL;

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (column));
  g_object_set_data (G_OBJECT (factory), "window", self);
  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", bind, self);
  g_signal_connect (factory, "bind", G_CALLBACK (watch_item_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unwatch_item_cb), NULL);

  probe->window = self;
  probe->column = column;
  sorter = GTK_SORTER (gtk_custom_sorter_new (sort_probe_cb, probe, g_free));

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_sorter (view_column, sorter);
  gtk_column_view_column_set_resizable (view_column, TRUE);

  return view_column;
}

static void
bounce_window_remove_columns (GtkColumnView *column_view)
{
  GListModel *columns = gtk_column_view_get_columns (column_view);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (column_view, column);
    }
}

static void
bounce_window_append_contact_column (BounceWindow *self,
                                     guint         column)
{
  BounceContactList *contacts = bounce_session_get_contacts (self->session);
  g_autoptr(GtkColumnViewColumn) view_column = NULL;
  int width_chars = guess_width_chars (contacts, column);

  view_column = create_column (self, bounce_contact_list_get_column_name (contacts, column), column,
                               G_CALLBACK (setup_text_cell_cb), G_CALLBACK (bind_text_cell_cb));
  g_object_set_data (G_OBJECT (gtk_column_view_column_get_factory (view_column)), "width-chars",
                     GINT_TO_POINTER (width_chars));
  /* A fixed width spares GTK from measuring every cell of the column
   * on each layout. */
  gtk_column_view_column_set_fixed_width (view_column, width_chars * 8 + 24);
  gtk_column_view_append_column (self->column_view, view_column);
}

static void
bounce_window_build_columns (BounceWindow *self)
{
  BounceContactList *contacts = bounce_session_get_contacts (self->session);
  guint n_columns = bounce_contact_list_get_n_columns (contacts);
  int email_column = bounce_contact_list_get_email_column (contacts);
  g_autoptr(GtkColumnViewColumn) status = NULL;

  bounce_window_remove_columns (self->column_view);

  /* The badge and the start of the explanation: the explanation's tooltip
   * and the details pane show it whole, and the width left over shows the
   * contact's own columns. */
  status = create_column (self, _("Status"), n_columns,
                          G_CALLBACK (setup_status_cell_cb), G_CALLBACK (bind_status_cell_cb));
  gtk_column_view_column_set_fixed_width (status, BOUNCE_WINDOW_STATUS_WIDTH);
  gtk_column_view_append_column (self->column_view, status);

  /* The list address comes next, wherever the file has it (Google
   * Contacts exports put it in the eighth column), so that the address
   * a status belongs to is always in sight. The other columns follow in
   * the file's order, and the saved file keeps that order. */
  if (email_column >= 0)
    bounce_window_append_contact_column (self, email_column);
  for (guint i = 0; i < n_columns; i++)
    if ((int) i != email_column)
      bounce_window_append_contact_column (self, i);
}

/* The unmatched-bounces view. */

static void
setup_unmatched_cell_cb (GtkSignalListItemFactory *factory,
                         GtkListItem              *list_item,
                         gpointer                  user_data)
{
  UnmatchedColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkWidget *label = gtk_label_new (NULL);

  if (column == UNMATCHED_CATEGORY)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_item_set_child (list_item, box);
      return;
    }

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* A file name cut at its end loses its extension, which is what
   * distinguishes an mbox from a message. */
  gtk_label_set_ellipsize (GTK_LABEL (label), column == UNMATCHED_FILE ? PANGO_ELLIPSIZE_MIDDLE : PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_unmatched_cell_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *list_item,
                        gpointer                  user_data)
{
  UnmatchedColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  BounceRecord *record = bounce_record_item_get_record (gtk_list_item_get_item (list_item));
  GtkWidget *child = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;

  switch (column)
    {
    case UNMATCHED_CATEGORY:
      bounce_gui_badge_set_category (GTK_LABEL (gtk_widget_get_first_child (child)), record->category);
      return;
    case UNMATCHED_RECIPIENT:
      text = *record->recipient != '\0' ? bounce_address_dup_display (record->recipient) : g_strdup (_("(no address)"));
      break;
    case UNMATCHED_STATUS:
      text = g_strdup_printf ("%s %s", record->status, record->reply_code);
      break;
    case UNMATCHED_REASON:
      {
        const char *description = bounce_reason_get_description_for (record->reason, record->category);

        text = g_strdup (description != NULL ? description : record->reason);
      }
      break;
    case UNMATCHED_FILE:
    default:
      {
        g_autofree char *tooltip = g_filename_display_name (record->file);

        text = bounce_gui_dup_file_label (record->file);
        gtk_widget_set_tooltip_text (child, tooltip);
      }
      break;
    }

  gtk_label_set_text (GTK_LABEL (child), g_strstrip (text));
}

static void
bounce_window_build_unmatched_columns (BounceWindow *self)
{
  static const struct {
    UnmatchedColumn  column;
    const char      *title;
    gboolean         expand;
  } columns[] = {
    { UNMATCHED_CATEGORY, N_("Category"), FALSE },
    { UNMATCHED_RECIPIENT, N_("Recipient"), TRUE },
    { UNMATCHED_STATUS, N_("Status Code"), FALSE },
    { UNMATCHED_REASON, N_("Reason"), TRUE },
    { UNMATCHED_FILE, N_("File"), FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (columns[i].column));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_unmatched_cell_cb), self);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_unmatched_cell_cb), self);
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->unmatched_view, column);
    }
}

/* The status row of a record view opens the Codes page through
 * win.show-code. The window of an unmatched bounce has no such action of
 * its own, so it closes and activates the main window's. */
static void
unmatched_show_code_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  GtkWindow *dialog = user_data;
  GtkWidget *parent = GTK_WIDGET (gtk_window_get_transient_for (dialog));
  g_autoptr(GVariant) codes = g_variant_ref (parameter);

  gtk_window_destroy (dialog);
  if (parent != NULL)
    gtk_widget_activate_action_variant (parent, "win.show-code", codes);
}

static void
unmatched_activate_cb (BounceWindow  *self,
                       guint          position,
                       GtkColumnView *view)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_autoptr(BounceRecordItem) item = g_list_model_get_item (model, position);
  GtkWidget *dialog;
  GtkWidget *scroller;
  GtkWidget *clamp;
  GtkWidget *box;
  GtkEventController *shortcuts;

  if (item == NULL)
    return;

  /* A small window with the same view the details pane uses. */
  dialog = adw_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_title (GTK_WINDOW (dialog), _("Unmatched Bounce"));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 520, 560);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  /* The clamp gets its child before the scrolled window wraps it in a
   * GtkViewport, which gtk_scrolled_window_get_child() would return. */
  clamp = adw_clamp_new ();
  adw_clamp_set_child (ADW_CLAMP (clamp),
                       bounce_record_view_new (bounce_record_item_get_record (item), BOUNCE_MATCH_NONE, NULL));
  scroller = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_widget_set_margin_start (scroller, 12);
  gtk_widget_set_margin_end (scroller, 12);
  gtk_widget_set_margin_top (scroller, 12);
  gtk_widget_set_margin_bottom (scroller, 12);
  gtk_box_append (GTK_BOX (box), scroller);
  adw_window_set_content (ADW_WINDOW (dialog), box);

  /* Escape closes it, as it closes the message window. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (dialog, shortcuts);

  {
    g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
    g_autoptr(GSimpleAction) show_code = g_simple_action_new ("show-code", G_VARIANT_TYPE_STRING);

    g_signal_connect (show_code, "activate", G_CALLBACK (unmatched_show_code_cb), dialog);
    g_action_map_add_action (G_ACTION_MAP (actions), G_ACTION (show_code));
    gtk_widget_insert_action_group (dialog, "win", G_ACTION_GROUP (actions));
  }

  gtk_window_present (GTK_WINDOW (dialog));
}

/* Filters, counts and selection. */

/* gtk_column_view_scroll_to() is GTK 4.12; in 4.8 the column view's inner
 * list view has a "list.scroll-to-item" action. */
static void
bounce_window_scroll_to_position (BounceWindow *self,
                                  guint         position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

/* The selection is kept by contact row, not by position: a filter,
 * search or sort change gives most positions another row.
 *
 * The view goes to the top first. GtkListView keeps row widgets for up
 * to 200 positions around the top visible row. When a change removes
 * those positions, GTK 4.8 destroys the widgets and creates new ones
 * (0.3 s on the benchmark machine), while scrolling only binds them
 * again. */
static int
bounce_window_begin_model_change (BounceWindow *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);
  int row = -1;

  if (selected != GTK_INVALID_LIST_POSITION)
    row = bounce_row_model_get_row (self->row_model, selected);

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->row_model)) > 0)
    bounce_window_scroll_to_position (self, 0);

  return row;
}

static void bounce_window_update_contacts_page (BounceWindow *self);
static void bounce_window_update_counts        (BounceWindow *self);
static void bounce_window_update_details_visible (BounceWindow *self);
static void bounce_window_update_no_bounces    (BounceWindow *self);

static void
bounce_window_end_model_change (BounceWindow *self,
                                int           selected_row)
{
  int position = -1;

  if (selected_row >= 0)
    position = bounce_row_model_find_row (self->row_model, selected_row);

  if (position >= 0)
    {
      gtk_single_selection_set_selected (self->selection, position);
      bounce_window_scroll_to_position (self, position);
    }
  else
    {
      /* A changed list starts at its top, as a new one does. */
      if (g_list_model_get_n_items (G_LIST_MODEL (self->row_model)) > 0)
        bounce_window_scroll_to_position (self, 0);

      /* The contact is no longer in the list on screen: a pane that
       * still showed it would describe a row the person cannot see. */
      if (selected_row >= 0)
        {
          bounce_details_pane_show_row (self->details_pane, NULL, -1);
          bounce_window_update_details_visible (self);
        }
    }

  bounce_window_update_counts (self);
  bounce_window_update_contacts_page (self);
}

/* The filter buttons count the rows of each group, or during a search
 * the rows of each group that the search finds. */
static void
bounce_window_update_counts (BounceWindow *self)
{
  guint counts[BOUNCE_ROW_GROUP_LAST];
  gboolean searching = FALSE;
  g_autofree char *text = NULL;

  if (self->session == NULL || bounce_session_get_contacts (self->session) == NULL)
    return;

  if (self->row_model != NULL)
    searching = bounce_row_model_get_search_counts (self->row_model, counts);
  if (!searching)
    for (guint group = 0; group < BOUNCE_ROW_GROUP_LAST; group++)
      counts[group] = bounce_session_get_group_count (self->session, group);

  for (guint i = 0; i < G_N_ELEMENTS (filter_info); i++)
    {
      GtkToggleButton *button = self->filter_buttons[filter_info[i].group];
      GtkWidget *count_label = gtk_widget_get_last_child (gtk_button_get_child (GTK_BUTTON (button)));
      g_autofree char *count = bounce_gui_format_count (counts[filter_info[i].group]);

      gtk_label_set_text (GTK_LABEL (count_label), count);
    }

  /* Most lists have one address column and no blank rows, and many have
   * no row removed without a bounce, so the filters of those rows show
   * only when there are such rows, or while chosen. */
  for (guint i = 0; i < G_N_ELEMENTS (optional_groups); i++)
    {
      GtkToggleButton *button = self->filter_buttons[optional_groups[i]];

      gtk_widget_set_visible (GTK_WIDGET (button),
                              bounce_session_get_group_count (self->session, optional_groups[i]) > 0 ||
                              gtk_toggle_button_get_active (button));
    }

  if (searching)
    {
      g_autofree char *found = bounce_gui_format_count (counts[BOUNCE_ROW_GROUP_ALL]);
      g_autofree char *total = bounce_gui_format_count (bounce_session_get_n_rows (self->session));

      text = g_strdup_printf (g_dngettext (NULL,
                                           /* TRANSLATORS: "12 of 9,812 contacts match the search" */
                                           "%s of %s contact matches the search",
                                           "%s of %s contacts match the search",
                                           bounce_session_get_n_rows (self->session)),
                              found, total);
    }
  else
    {
      const BounceCleanSummary *summary = bounce_session_get_summary (self->session);

      text = bounce_gui_dup_kept_removed (summary->rows_kept, summary->rows_removed);
      if (summary->rows_kept_by_choice > 0)
        {
          g_autofree char *kept = bounce_gui_format_count (summary->rows_kept_by_choice);
          char *with_kept;

          /* TRANSLATORS: "208 kept, 24 removed" and a count, "208 kept, 24 removed · 2 kept by your choice" */
          with_kept = g_strdup_printf (g_dngettext (NULL, "%s · %s kept by your choice", "%s · %s kept by your choice",
                                                    summary->rows_kept_by_choice),
                                       text, kept);
          g_free (text);
          text = with_kept;
        }
    }
  gtk_label_set_text (self->summary_label, text);
  /* A narrow window cuts the counts short, so the tooltip has them whole. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->summary_label), text);
}

static void
bounce_window_update_contacts_page (BounceWindow *self)
{
  if (self->session == NULL || bounce_session_get_contacts (self->session) == NULL)
    gtk_stack_set_visible_child_name (self->contacts_stack, "no-contacts");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->row_model)) == 0)
    gtk_stack_set_visible_child_name (self->contacts_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->contacts_stack, "list");
}

int
_bounce_window_begin_model_change (BounceWindow *self)
{
  g_return_val_if_fail (BOUNCE_IS_WINDOW (self), -1);

  return bounce_window_begin_model_change (self);
}

void
_bounce_window_end_model_change (BounceWindow *self,
                                 int           selected_row)
{
  g_return_if_fail (BOUNCE_IS_WINDOW (self));

  bounce_window_end_model_change (self, selected_row);
}

static void
filter_toggled_cb (BounceWindow    *self,
                   GtkToggleButton *button)
{
  int selected_row;

  if (!gtk_toggle_button_get_active (button) || self->row_model == NULL)
    return;

  /* A filter chosen while a finding's rows show applies to every row. */
  if (gtk_revealer_get_reveal_child (self->finding_revealer))
    _bounce_window_clear_finding (self);

  selected_row = bounce_window_begin_model_change (self);
  bounce_row_model_set_group (self->row_model,
                              GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "group")));
  bounce_window_end_model_change (self, selected_row);
}

static void
search_changed_cb (BounceWindow   *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  int selected_row;

  /* Rebuilding the visible rows is the slow part; skip it when the entry
   * repeats its last search. */
  if (self->row_model == NULL || g_strcmp0 (text, self->last_search) == 0)
    return;
  /* A search reads the cells of every row. */
  if (!_bounce_window_check_contacts (self))
    return;
  g_free (self->last_search);
  self->last_search = g_strdup (text);

  selected_row = bounce_window_begin_model_change (self);
  bounce_row_model_set_search (self->row_model, text);
  bounce_window_end_model_change (self, selected_row);
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner),
                          *text != '\0' && !bounce_row_model_is_search_ready (self->row_model));
}

static void
stop_search_cb (BounceWindow   *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

/* The search filters the contacts only. Its text shown over another page
 * would read as a filter of that page, so the bar shows on the Contacts
 * page alone, and keeps its text for the return there. */
static void
review_page_changed_cb (BounceWindow *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->review_stack);

  gtk_widget_set_visible (GTK_WIDGET (self->search_bar), g_strcmp0 (page, "contacts") == 0);
}

/* The search button, pressed on another page, opens the search on the
 * Contacts page. */
static void
search_mode_changed_cb (BounceWindow *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->review_stack);

  if (gtk_search_bar_get_search_mode (self->search_bar) && g_strcmp0 (page, "contacts") != 0 &&
      self->row_model != NULL)
    adw_view_stack_set_visible_child_name (self->review_stack, "contacts");
}

/* Keyboard between the search and the list */

/* Type-to-search in the list passes the first letters to the search
 * field, but GTK 4.8 never passes a space there, because Space activates
 * the focused widget. The focus moves to the field, after its text, so
 * that the rest of "jane doe" is typed there and not into the row or a
 * filter button. */
static void
search_started_cb (BounceWindow   *self,
                   GtkSearchEntry *entry)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (entry));

  if (text == NULL || gtk_widget_has_focus (GTK_WIDGET (text)))
    return;

  gtk_text_grab_focus_without_selecting (GTK_TEXT (text));
  gtk_editable_set_position (text, -1);
}

/* The column view's inner list view, whose children are the row widgets. */
static GtkWidget *
bounce_window_get_list_view (BounceWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;

  return NULL;
}

/* The position that @row_widget shows, from the list item that its
 * cells were set up for, or GTK_INVALID_LIST_POSITION. GTK 4.8 has no
 * public way to ask a row widget for its position. */
static guint
get_row_widget_position (GtkWidget *row_widget)
{
  for (GtkWidget *cell = gtk_widget_get_first_child (row_widget);
       cell != NULL;
       cell = gtk_widget_get_next_sibling (cell))
    {
      GtkWidget *child = gtk_widget_get_first_child (cell);
      GtkListItem *list_item = child != NULL ? g_object_get_data (G_OBJECT (child), "bounce-list-item") : NULL;

      if (list_item != NULL && gtk_list_item_get_item (list_item) != NULL)
        return gtk_list_item_get_position (list_item);
    }

  return GTK_INVALID_LIST_POSITION;
}

/* Selects the row that gets the keyboard focus from another row, as the
 * arrow keys move it, or from the search field on Down, so that the
 * details pane shows the contact the focus is on. Focus that enters the
 * list from elsewhere, such as Tab from a filter button or the window
 * getting the focus back, selects nothing: the details pane changes only
 * when the person picks a contact. */
static void
focus_widget_changed_cb (BounceWindow *self,
                         GParamSpec   *pspec,
                         gpointer      user_data)
{
  GtkWidget *list_view = bounce_window_get_list_view (self);
  GtkWidget *row_widget = gtk_root_get_focus (GTK_ROOT (self));
  gboolean was_in_list = self->focus_in_list;
  guint position;

  self->focus_in_list = FALSE;
  if (list_view == NULL || self->selection == NULL)
    return;

  while (row_widget != NULL && gtk_widget_get_parent (row_widget) != list_view)
    row_widget = gtk_widget_get_parent (row_widget);
  if (row_widget == NULL)
    return;

  self->focus_in_list = TRUE;
  if (!was_in_list && !self->select_focused_row)
    return;

  position = get_row_widget_position (row_widget);
  if (position != GTK_INVALID_LIST_POSITION && position != gtk_single_selection_get_selected (self->selection))
    gtk_single_selection_set_selected (self->selection, position);
}

/* Moves the keyboard focus from the search field to the first row that
 * the search found, which focus_widget_changed_cb() then selects. */
static void
bounce_window_focus_first_row (BounceWindow *self)
{
  GtkWidget *list_view = bounce_window_get_list_view (self);

  bounce_window_scroll_to_position (self, 0);
  self->select_focused_row = TRUE;
  for (GtkWidget *child = list_view != NULL ? gtk_widget_get_first_child (list_view) : NULL;
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (get_row_widget_position (child) == 0 && gtk_widget_grab_focus (child))
      {
        self->select_focused_row = FALSE;
        return;
      }
  self->select_focused_row = FALSE;

  /* No row widget is bound yet: select the row, and let the list give
   * the focus to the row it tracks. */
  gtk_single_selection_set_selected (self->selection, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* Down in the search field goes to the results, rather than to the
 * widget below it on screen, which is a filter button. */
static gboolean
search_key_pressed_cb (BounceWindow          *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;
  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0 || self->row_model == NULL || self->selection == NULL)
    return FALSE;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->row_model)) > 0)
    bounce_window_focus_first_row (self);

  return TRUE;
}

/* Below this window width in pixels, the empty details pane would take
 * the room of the contact list's columns: at 800 pixels the address
 * column was cut after about 25 characters. */
#define NARROW_WINDOW_WIDTH 1100

/* Hides the details pane in a narrow window until it shows a contact. */
static void
bounce_window_update_details_visible (BounceWindow *self)
{
  int width = 0;
  int height;

  /* The default size follows the window's size as it is resized, and is
   * set before the first allocation, but not while it is maximized.
   * GTK 4.8 writes the height without checking for NULL. */
  if (gtk_window_is_maximized (GTK_WINDOW (self)))
    width = gtk_widget_get_width (GTK_WIDGET (self));
  else
    gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  gtk_widget_set_visible (GTK_WIDGET (self->details_pane),
                          width <= 0 || width >= NARROW_WINDOW_WIDTH ||
                          bounce_details_pane_shows_contact (self->details_pane));
}

static void
window_size_changed_cb (BounceWindow *self,
                        GParamSpec   *pspec,
                        gpointer      user_data)
{
  bounce_window_update_details_visible (self);
}

static void
selection_changed_cb (BounceWindow       *self,
                      guint               position,
                      guint               n_items,
                      GtkSingleSelection *selection)
{
  guint selected = gtk_single_selection_get_selected (selection);
  int row = -1;

  if (selected != GTK_INVALID_LIST_POSITION)
    row = bounce_row_model_get_row (self->row_model, selected);

  /* The details show the cell of a row without a valid address. */
  if (!_bounce_window_check_contacts (self))
    row = -1;
  bounce_details_pane_show_row (self->details_pane, self->session, row);
  bounce_window_update_details_visible (self);
}

static void
bounce_window_create_filter_buttons (BounceWindow *self)
{
  GtkToggleButton *first = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (filter_info); i++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = gtk_label_new (g_dpgettext2 (NULL, "filter", filter_info[i].label));
      GtkWidget *count = gtk_label_new ("0");

      gtk_widget_add_css_class (count, "dim-label");
      gtk_widget_add_css_class (count, "numeric");
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), count);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _(filter_info[i].tooltip));
      gtk_accessible_update_relation (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, count, NULL,
                                      -1);

      g_object_set_data (G_OBJECT (button), "group", GINT_TO_POINTER (filter_info[i].group));
      if (first == NULL)
        first = GTK_TOGGLE_BUTTON (button);
      else
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), first);
      g_signal_connect_object (button, "toggled", G_CALLBACK (filter_toggled_cb), self, G_CONNECT_SWAPPED);

      self->filter_buttons[filter_info[i].group] = GTK_TOGGLE_BUTTON (button);
      bounce_wrap_box_append (self->filter_box, button);
    }

  gtk_toggle_button_set_active (first, TRUE);
}

static void
policy_changed_cb (BounceWindow  *self,
                   BounceSession *session)
{
  int selected_row;

  bounce_window_update_counts (self);
  bounce_window_update_no_bounces (self);
  _bounce_window_update_summary (self);
  /* A search in the refilter reads the cells of every row. */
  if (self->row_model == NULL || !_bounce_window_check_contacts (self))
    return;

  /* Rebinds the visible status cells, and refilters the removed rows. */
  selected_row = bounce_window_begin_model_change (self);
  bounce_row_model_refilter (self->row_model);
  bounce_window_end_model_change (self, selected_row);
}

/* While the session computes a new policy on a worker thread, the review
 * shows the previous result and a spinner with "Applying the new
 * settings…". */
static void
session_updating_cb (BounceWindow  *self,
                     GParamSpec    *pspec,
                     BounceSession *session)
{
  if (session != self->session)
    return;

  if (bounce_session_is_updating (session))
    {
      gtk_label_set_text (self->summary_label, _("Applying the new settings…"));
      gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), FALSE);
      bounce_window_update_counts (self);
    }
}

static void
settings_changed_cb (BounceWindow *self,
                     const char   *key,
                     GSettings    *settings)
{
  BounceCleanPolicy policy;

  if (g_strcmp0 (key, "keep-history") == 0)
    _bounce_window_update_history (self);
  _bounce_window_update_rules_notice (self);

  /* A new policy is worked out from the cells of every row. */
  if (self->session == NULL || !_bounce_window_check_contacts (self))
    return;

  /* A change of the soft-bounce limit or days, or of the history,
   * evaluates every stored bounce again, on a worker thread for a long
   * list. */
  _bounce_window_read_policy (self, &policy);
  bounce_session_set_policy_async (self->session, &policy);
}

/* The notice above the contacts when no bounce is open, or when the
 * opened files held none. */
static void
bounce_window_update_no_bounces (BounceWindow *self)
{
  gboolean have_contacts = bounce_session_get_contacts (self->session) != NULL;
  const BounceCleanSummary *summary = bounce_session_get_summary (self->session);
  /* Without bounces, the history (its suppression list and the soft
   * bounces it counts) and the list checks remove contacts. */
  guint n_invalid = summary->removed_invalid;
  guint n_removed = summary->rows_removed - n_invalid - summary->removed_flagged;

  if (n_removed > 0 && (self->records == NULL || self->records->len == 0))
    {
      g_autofree char *count = bounce_gui_format_count (n_removed);
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (NULL,
                                           /* TRANSLATORS: %s is a count of contacts */
                                           "No bounce messages are open, but %s contact is on the suppression list of earlier bounces and is removed.",
                                           "No bounce messages are open, but %s contacts are on the suppression list of earlier bounces and are removed.",
                                           n_removed),
                              count);
      gtk_label_set_text (self->no_bounces_label, text);
    }
  else if (self->records != NULL && self->records->len == 0)
    {
      g_autofree char *text = _bounce_window_dup_no_bounces_text (self);

      gtk_label_set_text (self->no_bounces_label, text);
    }
  else if (n_invalid > 0 && self->records == NULL)
    {
      g_autofree char *count = bounce_gui_format_count (n_invalid);
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (NULL,
                                           /* TRANSLATORS: %s is a count of contacts */
                                           "No bounce messages are open yet. %s contact whose address is not valid is removed; every other contact is kept.",
                                           "No bounce messages are open yet. %s contacts whose addresses are not valid are removed; every other contact is kept.",
                                           n_invalid),
                              count);
      gtk_label_set_text (self->no_bounces_label, text);
    }
  else
    gtk_label_set_text (self->no_bounces_label, _("No bounce messages are open yet, so every contact is kept."));

  gtk_revealer_set_reveal_child (self->no_bounces_revealer,
                                 have_contacts && (self->records == NULL || self->records->len == 0));
}

/* Unreadable files named with their reasons on the unmatched tab's empty
 * page. The problems dialog lists every one. */
#define MAX_UNREADABLE_LISTED 3

static GPtrArray *dup_unreadable_records  (BounceSession *session);
static char      *dup_records_problems_text (GPtrArray   *unreadable);

/* The description of the unmatched tab's empty page when no message
 * could be read: how many failed, why, and that nothing is known about
 * their deliveries. */
static char *
dup_nothing_read_text (BounceSession *session)
{
  g_autoptr(GPtrArray) unreadable = dup_unreadable_records (session);
  g_autofree char *problems = dup_records_problems_text (unreadable);
  GString *text = g_string_new (problems);

  g_string_append_c (text, ' ');
  g_string_append (text, g_dngettext (NULL,
                                      "Nothing was read from it, so Bounce cannot tell whether any delivery failed.",
                                      "Nothing was read from them, so Bounce cannot tell whether any delivery failed.",
                                      unreadable->len));

  for (guint i = 0; i < unreadable->len && i < MAX_UNREADABLE_LISTED; i++)
    {
      const BounceRecord *record = g_ptr_array_index (unreadable, i);
      g_autofree char *label = bounce_gui_dup_file_label (record->file);

      g_string_append (text, i == 0 ? "\n\n" : "\n");
      /* TRANSLATORS: a file that could not be read, then the reason, "junk.eml: The file holds binary data, …" */
      g_string_append_printf (text, _("%s: %s"), label,
                              record->error != NULL && record->error[0] != '\0' ? record->error
                                                                                : _("It is not an email message."));
    }

  if (unreadable->len > MAX_UNREADABLE_LISTED)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("Show Problems lists every file that could not be read."));
    }

  return g_string_free (text, FALSE);
}

/* Sets the unmatched tab's empty page to the reason the list is empty,
 * so that "every bounce matched" is never shown when no bounce is open. */
static void
bounce_window_update_unmatched_empty (BounceWindow *self)
{
  GPtrArray *records = bounce_session_get_records (self->session);
  gboolean have_contacts = bounce_session_get_contacts (self->session) != NULL;
  guint n_failures = 0;
  guint n_unreadable = 0;

  for (guint i = 0; i < records->len; i++)
    {
      BounceRecord *record = g_ptr_array_index (records, i);

      if (bounce_category_is_failure (record->category) || record->category == BOUNCE_CATEGORY_COMPLAINT)
        n_failures++;
      else if (record->category == BOUNCE_CATEGORY_UNREADABLE)
        n_unreadable++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->unmatched_open_button), records->len == 0);

  if (self->records == NULL)
    {
      adw_status_page_set_icon_name (self->unmatched_empty_page, "mail-unread-symbolic");
      adw_status_page_set_title (self->unmatched_empty_page, _("No Bounce Messages Open"));
      adw_status_page_set_description (self->unmatched_empty_page,
                                       _("Open the bounce messages of the mailing to see which ones match no contact."));
    }
  else if (records->len == 0)
    {
      g_autofree char *text = _bounce_window_dup_no_bounces_text (self);
      g_autofree char *markup = g_markup_escape_text (text, -1);

      adw_status_page_set_icon_name (self->unmatched_empty_page, "folder-open-symbolic");
      adw_status_page_set_title (self->unmatched_empty_page, _("No Bounce Messages Found"));
      adw_status_page_set_description (self->unmatched_empty_page, markup);
    }
  else if (n_unreadable == records->len)
    {
      g_autofree char *text = dup_nothing_read_text (self->session);
      g_autofree char *markup = g_markup_escape_text (text, -1);

      adw_status_page_set_icon_name (self->unmatched_empty_page, "dialog-warning-symbolic");
      adw_status_page_set_title (self->unmatched_empty_page, _("No Message Could Be Read"));
      adw_status_page_set_description (self->unmatched_empty_page, markup);
    }
  else if (n_failures == 0)
    {
      guint n_read = records->len - n_unreadable;
      g_autofree char *count = bounce_gui_format_count (n_read);
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *markup = NULL;

      g_string_append_printf (text, g_dngettext (NULL,
                                                 "The message that was read reports no failed delivery: it is a delivery notice, an auto-reply or other mail.",
                                                 "None of the %s messages that were read reports a failed delivery: they are delivery notices, auto-replies or other mail.",
                                                 n_read),
                              count);
      /* The files that could not be read may hold bounces. */
      if (n_unreadable > 0)
        {
          g_autoptr(GPtrArray) unreadable = dup_unreadable_records (self->session);
          g_autofree char *problems = dup_records_problems_text (unreadable);

          g_string_append_c (text, ' ');
          g_string_append (text, problems);
          g_string_append_c (text, ' ');
          g_string_append (text, g_dngettext (NULL,
                                              "Bounces in it are not counted.",
                                              "Bounces in them are not counted.",
                                              unreadable->len));
        }
      markup = g_markup_escape_text (text->str, -1);
      adw_status_page_set_icon_name (self->unmatched_empty_page,
                                     n_unreadable > 0 ? "dialog-warning-symbolic" : "emblem-ok-symbolic");
      adw_status_page_set_title (self->unmatched_empty_page, _("No Failed Deliveries"));
      adw_status_page_set_description (self->unmatched_empty_page, markup);
    }
  else if (have_contacts)
    {
      adw_status_page_set_icon_name (self->unmatched_empty_page, "emblem-ok-symbolic");
      adw_status_page_set_title (self->unmatched_empty_page, _("Every Bounce Matched a Contact"));
      adw_status_page_set_description (self->unmatched_empty_page,
                                       _("Bounces that belong to no contact in the list would be listed here."));
    }
}

/* Unreadable records of @session: files, or messages of an mbox, that
 * could not be read as mail.
 * Returns: (transfer container) (element-type BounceRecord) */
static GPtrArray *
dup_unreadable_records (BounceSession *session)
{
  GPtrArray *records = bounce_session_get_records (session);
  GPtrArray *unreadable = g_ptr_array_new ();

  for (guint i = 0; i < records->len; i++)
    {
      BounceRecord *record = g_ptr_array_index (records, i);

      if (record->category == BOUNCE_CATEGORY_UNREADABLE)
        g_ptr_array_add (unreadable, record);
    }

  return unreadable;
}

/* One record of each message of @session that the parser read only up to
 * one of its limits (its error names the limit), in file order.
 * Returns: (transfer container) (element-type BounceRecord) */
static GPtrArray *
dup_read_in_part_records (BounceSession *session)
{
  GPtrArray *records = bounce_session_get_records (session);
  GPtrArray *read_in_part = g_ptr_array_new ();
  const BounceRecord *last = NULL;

  for (guint i = 0; i < records->len; i++)
    {
      BounceRecord *record = g_ptr_array_index (records, i);

      if (record->category == BOUNCE_CATEGORY_UNREADABLE || record->error[0] == '\0')
        continue;
      if (last != NULL && last->index == record->index && g_str_equal (last->file, record->file))
        continue;

      g_ptr_array_add (read_in_part, record);
      last = record;
    }

  return read_in_part;
}

/* Counts the lines that @diagnostics name, those that are damage
 * (bounce_diagnostic_is_damage()) or the others. The core lists the
 * first lines of each kind and sums up the rest in one diagnostic without
 * a line, so the count is exact only when *summed_up is FALSE. */
static guint
count_diagnostic_lines (GPtrArray *diagnostics,
                        gboolean   damage,
                        gboolean  *summed_up)
{
  g_autoptr(GHashTable) lines = g_hash_table_new (NULL, NULL);

  *summed_up = FALSE;
  for (guint i = 0; i < diagnostics->len; i++)
    {
      const BounceDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      if (bounce_diagnostic_is_damage (diagnostic) != damage)
        continue;
      if (diagnostic->line > 0)
        g_hash_table_add (lines, GUINT_TO_POINTER (diagnostic->line));
      else
        *summed_up = TRUE;
    }

  return g_hash_table_size (lines);
}

/* The notice for a contact file with problems, for a reader who is no
 * programmer: what happened, what Bounce did and what to do. A damaged
 * row is kept whatever its bounces. A row that was read in full despite
 * a problem is cleaned like any other row, so the text never calls it
 * kept. */
static char *
dup_contacts_problems_text (BounceContactList *contacts)
{
  GPtrArray *diagnostics = bounce_contact_list_get_diagnostics (contacts);
  g_autofree char *name = g_filename_display_basename (bounce_contact_list_get_path (contacts));
  g_autofree char *damaged_text = NULL;
  g_autofree char *noted_text = NULL;
  gboolean damaged_summed_up;
  gboolean noted_summed_up;
  guint n_damaged = count_diagnostic_lines (diagnostics, TRUE, &damaged_summed_up);
  guint n_noted = count_diagnostic_lines (diagnostics, FALSE, &noted_summed_up);

  if (damaged_summed_up)
    damaged_text = g_strdup_printf (_("Some contacts in %s could not be read reliably, for example because a quotation mark is never closed. Bounce keeps them in the cleaned list even if they bounced. Check them with Show Problems and fix them in the file."),
                                    name);
  else if (n_damaged > 0)
    {
      g_autofree char *count = bounce_gui_format_count (n_damaged);

      damaged_text = g_strdup_printf (g_dngettext (NULL,
                                                   /* TRANSLATORS: the first %s is a count, the second a file name. */
                                                   "%s contact in %s could not be read reliably, for example because a quotation mark is never closed. Bounce keeps it in the cleaned list even if it bounced. Check it with Show Problems and fix it in the file.",
                                                   "%s contacts in %s could not be read reliably, for example because a quotation mark is never closed. Bounce keeps them in the cleaned list even if they bounced. Check them with Show Problems and fix them in the file.",
                                                   n_damaged),
                                      count, name);
    }

  if (noted_summed_up)
    noted_text = g_strdup_printf (_("Some lines of %s look unusual, but Bounce read them completely and cleans them like any other contact. Nothing needs to be done."),
                                  name);
  else if (n_noted > 0)
    {
      g_autofree char *count = bounce_gui_format_count (n_noted);

      noted_text = g_strdup_printf (g_dngettext (NULL,
                                                 /* TRANSLATORS: the first %s is a count, the second a file name. */
                                                 "%s line of %s looks unusual, but Bounce read it completely and cleans it like any other contact. Nothing needs to be done.",
                                                 "%s lines of %s look unusual, but Bounce read them completely and clean them like any other contact. Nothing needs to be done.",
                                                 n_noted),
                                    count, name);
    }

  if (damaged_text != NULL && noted_text != NULL)
    return g_strconcat (damaged_text, " ", noted_text, NULL);
  if (damaged_text != NULL)
    return g_steal_pointer (&damaged_text);
  if (noted_text != NULL)
    return g_steal_pointer (&noted_text);

  return g_strdup_printf (_("Some lines of %s look unusual, but Bounce read them completely and cleans them like any other contact. Nothing needs to be done."),
                          name);
}

static char *
dup_records_problems_text (GPtrArray *unreadable)
{
  g_autofree char *count = bounce_gui_format_count (unreadable->len);
  gboolean in_mbox = FALSE;

  for (guint i = 0; i < unreadable->len; i++)
    in_mbox |= ((BounceRecord *) g_ptr_array_index (unreadable, i))->offset >= 0;

  if (in_mbox)
    return g_strdup_printf (g_dngettext (NULL,
                                         "%s bounce message could not be read.",
                                         "%s bounce messages could not be read.",
                                         unreadable->len),
                            count);

  return g_strdup_printf (g_dngettext (NULL,
                                       "%s file could not be read as a message.",
                                       "%s files could not be read as messages.",
                                       unreadable->len),
                          count);
}

/* The notice above the review when the open files had damage that was
 * tolerated: the person should know that, and where. */
static void
bounce_window_update_problems (BounceWindow *self)
{
  BounceContactList *contacts = bounce_session_get_contacts (self->session);
  g_autoptr(GPtrArray) unreadable = dup_unreadable_records (self->session);
  g_autoptr(GPtrArray) read_in_part = dup_read_in_part_records (self->session);
  g_autoptr(GString) text = g_string_new (NULL);

  if (contacts != NULL && bounce_contact_list_get_diagnostics (contacts)->len > 0)
    {
      g_autofree char *contacts_text = dup_contacts_problems_text (contacts);

      g_string_append (text, contacts_text);
    }

  if (unreadable->len > 0)
    {
      g_autofree char *records_text = dup_records_problems_text (unreadable);

      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, records_text);
    }

  if (read_in_part->len > 0)
    {
      g_autofree char *count = bounce_gui_format_count (read_in_part->len);

      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (NULL,
                                                 "%s bounce message was read only in part.",
                                                 "%s bounce messages were read only in part.",
                                                 read_in_part->len),
                              count);
    }

  gtk_label_set_text (self->problems_label, text->str);
  gtk_revealer_set_reveal_child (self->problems_revealer, text->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-problems", text->len > 0);
}

void
_bounce_window_show_problems (BounceWindow *self)
{
  BounceContactList *contacts;
  g_autoptr(GPtrArray) unreadable = NULL;
  g_autoptr(GPtrArray) read_in_part = NULL;
  BounceProblemsDialog *dialog;

  g_return_if_fail (BOUNCE_IS_WINDOW (self));

  if (self->session == NULL)
    return;

  contacts = bounce_session_get_contacts (self->session);
  unreadable = dup_unreadable_records (self->session);
  read_in_part = dup_read_in_part_records (self->session);
  dialog = bounce_problems_dialog_new (GTK_WINDOW (self));

  if (contacts != NULL && bounce_contact_list_get_diagnostics (contacts)->len > 0)
    {
      GPtrArray *diagnostics = bounce_contact_list_get_diagnostics (contacts);
      g_autofree char *name = g_filename_display_basename (bounce_contact_list_get_path (contacts));
      g_autoptr(GPtrArray) damaged = g_ptr_array_new ();
      g_autoptr(GPtrArray) noted = g_ptr_array_new ();

      for (guint i = 0; i < diagnostics->len; i++)
        {
          BounceDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

          g_ptr_array_add (bounce_diagnostic_is_damage (diagnostic) ? damaged : noted, diagnostic);
        }

      if (damaged->len > 0)
        bounce_problems_dialog_add_diagnostics (dialog, name,
                                                _("A quote on these lines is never closed, so the columns of their rows cannot be trusted. These rows are kept in the cleaned list exactly as they are in the file, whatever their bounces."),
                                                damaged);
      if (noted->len > 0)
        bounce_problems_dialog_add_diagnostics (dialog, name,
                                                _("These rows were read in full. Their addresses decide whether they are kept, like any other row’s, and a kept row is written back exactly as it is in the file."),
                                                noted);
    }

  if (unreadable->len > 0)
    bounce_problems_dialog_add_records (dialog, _("Bounce Messages"),
                                        _("These files were skipped, so their bounces remove no contact."),
                                        unreadable);

  if (read_in_part->len > 0)
    bounce_problems_dialog_add_records (dialog, _("Bounce Messages Read Only in Part"),
                                        _("These messages exceed a limit on their size or structure, or their file "
                                          "ends in the middle of them. Their bounces before that point were read; "
                                          "anything after it was not."),
                                        read_in_part);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
after_paint_cb (GdkFrameClock *frame_clock,
                BounceWindow  *self)
{
  self->last_review_latency = g_get_monotonic_time () - self->files_read_time;
  g_debug ("Review shown %.3f s after the files were read",
           self->last_review_latency / (double) G_USEC_PER_SEC);

  g_clear_signal_handler (&self->first_frame_handler, frame_clock);
}

/* "bounces, bounces2", "bounces, bounces2 and 3 more": the names of
 * the open bounce sources, or NULL when none is open. */
static char *
bounce_window_dup_source_names (BounceWindow *self)
{
  g_autoptr(GString) names = NULL;
  guint n_sources = self->bounce_sources != NULL ? self->bounce_sources->len : 0;
  guint n_named = MIN (n_sources, 2);

  if (n_sources == 0)
    return NULL;

  names = g_string_new (NULL);
  for (guint i = 0; i < n_named; i++)
    {
      g_autofree char *name = g_filename_display_basename (g_ptr_array_index (self->bounce_sources, i));

      if (i > 0)
        /* TRANSLATORS: between two bounce source names, "bounces, bounces2" */
        g_string_append (names, C_("source names", ", "));
      g_string_append (names, name);
    }
  if (n_sources > n_named)
    {
      g_autofree char *named = g_string_free (g_steal_pointer (&names), FALSE);

      /* TRANSLATORS: "bounces, bounces2 and 3 more" */
      return g_strdup_printf (g_dngettext (NULL, "%s and %u more", "%s and %u more", n_sources - n_named),
                              named, n_sources - n_named);
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* The header's subtitle: the contact file, and the bounce sources open. */
static char *
bounce_window_dup_subtitle (BounceWindow *self,
                            const char   *contacts_name)
{
  g_autofree char *sources = bounce_window_dup_source_names (self);

  if (sources == NULL)
    return g_strdup (contacts_name);
  if (contacts_name == NULL)
    /* TRANSLATORS: the window's subtitle, "Bounces from bounces, bounces2" */
    return g_strdup_printf (_("Bounces from %s"), sources);

  /* TRANSLATORS: the window's subtitle, the contact file and the bounce
   * folders or files open: "contacts.csv · bounces from Inbox, Bounces" */
  return g_strdup_printf (_("%s · bounces from %s"), contacts_name, sources);
}

/* Lists every open bounce source in full in the header's tooltip. */
static void
bounce_window_update_sources_tooltip (BounceWindow *self)
{
  g_autoptr(GString) text = NULL;

  if (self->bounce_sources == NULL || self->bounce_sources->len == 0)
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->switcher_title), NULL);
      return;
    }

  text = g_string_new (_("Bounces open from:"));
  for (guint i = 0; i < self->bounce_sources->len; i++)
    {
      g_autofree char *name = g_filename_display_name (g_ptr_array_index (self->bounce_sources, i));

      g_string_append_printf (text, "\n%s", name);
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->switcher_title), text->str);
}

void
_bounce_window_show_session (BounceWindow  *self,
                             BounceSession *session)
{
  g_autofree char *unmatched_count = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *unmatched_text = NULL;
  g_autoptr(BounceRecordList) unmatched = NULL;
  g_autoptr(GtkNoSelection) unmatched_selection = NULL;
  BounceContactList *contacts;
  GPtrArray *unmatched_records;
  GdkFrameClock *frame_clock;
  int width;
  int height;

  g_return_if_fail (BOUNCE_IS_WINDOW (self));
  g_return_if_fail (BOUNCE_IS_SESSION (session));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  /* A question of a save asked about the session shown before. */
  if (self->session != session)
    _bounce_window_close_save_questions (self);
  g_set_object (&self->session, session);
  _bounce_window_update_export (self);
  self->contacts_changed = FALSE;
  if (self->changed_revealer != NULL)
    gtk_revealer_set_reveal_child (self->changed_revealer, FALSE);
  g_signal_connect_object (session, "policy-changed", G_CALLBACK (policy_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::updating", G_CALLBACK (session_updating_cb), self, G_CONNECT_SWAPPED);

  contacts = bounce_session_get_contacts (session);
  gtk_column_view_set_model (self->column_view, NULL);
  bounce_details_pane_show_row (self->details_pane, NULL, -1);
  bounce_window_update_details_visible (self);
  g_clear_object (&self->row_model);
  g_clear_object (&self->selection);

  if (contacts != NULL)
    {
      /* The name as the file manager shows it, extension included, and
       * valid UTF-8 also for a file name that is not. */
      g_autofree char *base_name = g_filename_display_basename (bounce_contact_list_get_path (contacts));
      g_autofree char *title = NULL;

      g_cancellable_cancel (self->sort_cancellable);
      gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), FALSE);
      self->row_model = bounce_row_model_new (session);
      g_signal_connect_object (self->row_model, "search-ready", G_CALLBACK (search_ready_cb), self, G_CONNECT_SWAPPED);
      g_free (self->last_search);
      self->last_search = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
      bounce_row_model_set_search (self->row_model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
      for (guint i = 0; i < BOUNCE_ROW_GROUP_LAST; i++)
        if (gtk_toggle_button_get_active (self->filter_buttons[i]))
          bounce_row_model_set_group (self->row_model, i);

      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->row_model)));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      g_signal_connect_object (self->selection, "selection-changed",
                               G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

      bounce_window_build_columns (self);
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
      bounce_window_update_counts (self);
      subtitle = bounce_window_dup_subtitle (self, base_name);
      adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
      /* The task switcher and the window list name the list, which the
       * header shows only in a narrow window, where the tabs move to the
       * bottom. */
      /* TRANSLATORS: the window's title, "contacts.csv – Bounce" */
      title = g_strdup_printf (_("%s – Bounce"), base_name);
      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  else
    {
      subtitle = bounce_window_dup_subtitle (self, NULL);
      adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
      gtk_window_set_title (GTK_WINDOW (self), _("Bounce"));
    }
  bounce_window_update_sources_tooltip (self);

  bounce_window_update_no_bounces (self);
  bounce_window_update_problems (self);
  _bounce_window_update_summary (self);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_box), contacts != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), contacts != NULL);
  bounce_window_update_contacts_page (self);

  unmatched_records = bounce_session_get_unmatched (session);
  unmatched = bounce_record_list_new (unmatched_records);
  unmatched_selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&unmatched)));
  gtk_column_view_set_model (self->unmatched_view, GTK_SELECTION_MODEL (unmatched_selection));
  unmatched_count = bounce_gui_format_count (unmatched_records->len);
  if (contacts != NULL)
    unmatched_text = g_strdup_printf (g_dngettext (NULL,
                                                   "%s bounce matched no contact in the list. Double-click one to see it.",
                                                   "%s bounces matched no contact in the list. Double-click one to see it.",
                                                   unmatched_records->len),
                                      unmatched_count);
  else
    unmatched_text = g_strdup_printf (g_dngettext (NULL,
                                                   "%s failed delivery. Open a contact list to match it to contacts.",
                                                   "%s failed deliveries. Open a contact list to match them to contacts.",
                                                   unmatched_records->len),
                                      unmatched_count);
  gtk_label_set_text (self->unmatched_label, unmatched_text);
  gtk_stack_set_visible_child_name (self->unmatched_stack, unmatched_records->len > 0 ? "list" : "empty");
  bounce_window_update_unmatched_empty (self);
  adw_view_stack_set_visible_child_name (self->review_stack, contacts != NULL ? "contacts" : "unmatched");

  gtk_stack_set_visible_child_name (self->main_stack, "review");
  _bounce_window_update_actions (self);
  /* The page may have been "review" already, with other inputs. */
  main_page_changed_cb (self);

  /* The details pane gets a fixed share; the table takes the rest. Files
   * named on the command line are shown before the window has a width,
   * and then its default width is the one it opens with. */
  width = gtk_widget_get_width (GTK_WIDGET (self));
  if (width <= 0)
    gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (!self->paned_positioned && width > 0)
    {
      gtk_paned_set_position (self->paned, MAX (360, width - BOUNCE_WINDOW_DETAILS_WIDTH));
      self->paned_positioned = TRUE;
    }

  frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (frame_clock != NULL && self->first_frame_handler == 0)
    self->first_frame_handler = g_signal_connect (frame_clock, "after-paint", G_CALLBACK (after_paint_cb), self);
}

static void
main_page_changed_cb (BounceWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->main_stack);
  gboolean review = g_strcmp0 (page, "review") == 0;

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, review);
  /* The review's tabs go to the bottom bar when the header has no room
   * for them. */
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    review && adw_view_switcher_title_get_title_visible (self->switcher_title));
  gtk_widget_set_visible (GTK_WIDGET (self->search_button), review && self->row_model != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->export_button), review && self->row_model != NULL);
  if (!review)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static gboolean
bounce_window_close_request (GtkWindow *window)
{
  BounceWindow *self = BOUNCE_WINDOW (window);
  int width;
  int height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  _bounce_window_cancel_loading (self);

  return GTK_WINDOW_CLASS (bounce_window_parent_class)->close_request (window);
}

static void
bounce_window_dispose (GObject *object)
{
  BounceWindow *self = (BounceWindow *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  g_clear_weak_pointer (&self->export_dialog);
  g_clear_weak_pointer (&self->changed_dialog);
  if (self->first_frame_handler != 0)
    {
      GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

      if (frame_clock != NULL)
        g_clear_signal_handler (&self->first_frame_handler, frame_clock);
      self->first_frame_handler = 0;
    }

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BOUNCE_TYPE_WINDOW);

  g_clear_object (&self->selection);
  g_clear_object (&self->row_model);
  g_clear_object (&self->session);
  g_clear_pointer (&self->kept_addresses, g_hash_table_unref);
  g_clear_object (&self->contacts);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->bounces_name, g_free);
  g_clear_pointer (&self->bounce_sources, g_ptr_array_unref);
  g_clear_object (&self->pending_contacts);
  g_clear_pointer (&self->pending_records, g_ptr_array_unref);
  g_clear_pointer (&self->pending_bounces_name, g_free);
  g_clear_pointer (&self->pending_bounce_sources, g_ptr_array_unref);
  g_clear_pointer (&self->contact_candidates, g_ptr_array_unref);
  g_clear_object (&self->scanner);
  g_clear_object (&self->cancellable);
  if (self->sort_cancellable != NULL)
    g_cancellable_cancel (self->sort_cancellable);
  g_clear_object (&self->sort_cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->last_search, g_free);
  g_clear_pointer (&self->status_columns_path, g_free);
  g_clear_object (&self->history);
  g_clear_error (&self->history_error);
  g_clear_weak_pointer (&self->last_toast);
  g_clear_weak_pointer (&self->shown_toast);
  g_clear_object (&self->pending_toast);
  if (self->painted_clock != NULL)
    g_signal_handlers_disconnect_by_data (self->painted_clock, self);
  g_clear_weak_pointer (&self->painted_clock);

  G_OBJECT_CLASS (bounce_window_parent_class)->dispose (object);
}

static void
bounce_window_class_init (BounceWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bounce_window_dispose;
  window_class->close_request = bounce_window_close_request;

  /* Emitted when a save of the cleaned list has ended, with whether it
   * succeeded; failures have been shown to the person already. */
  g_signal_new ("saved",
                G_TYPE_FROM_CLASS (klass),
                G_SIGNAL_RUN_LAST,
                0, NULL, NULL, NULL,
                G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  /* Emitted when the history was opened or closed, or failed to open;
   * see bounce_window_get_history(). */
  g_signal_new ("history-changed",
                G_TYPE_FROM_CLASS (klass),
                G_SIGNAL_RUN_LAST,
                0, NULL, NULL, NULL,
                G_TYPE_NONE, 0);

  g_type_ensure (BOUNCE_TYPE_DETAILS_PANE);
  g_type_ensure (BOUNCE_TYPE_CODES_PAGE);
  g_type_ensure (BOUNCE_TYPE_SUMMARY_PAGE);
  g_type_ensure (BOUNCE_TYPE_SUPPRESSION_PAGE);
  g_type_ensure (BOUNCE_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Bounce/bounce-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, open_menu_button);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, welcome_contacts_button);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, contacts_progress_label);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, bounces_progress_label);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, problems_revealer);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, problems_label);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, review_stack);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, codes_page);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, summary_page);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, finding_revealer);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, finding_label);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, suppression_page);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, filter_box);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, no_bounces_revealer);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, rules_revealer);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, rules_label);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, history_revealer);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, history_off_revealer);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, history_off_label);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, no_bounces_label);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, contacts_stack);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, details_pane);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, unmatched_stack);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, unmatched_label);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, unmatched_empty_page);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, unmatched_open_button);
  gtk_widget_class_bind_template_child (widget_class, BounceWindow, unmatched_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);

  _bounce_window_class_actions_init (widget_class);
  _bounce_window_class_summary_init (widget_class);
}

static void
bounce_window_init (BounceWindow *self)
{
  GtkEventController *search_keys;

  self->probed_column = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
  bounce_gui_menu_button_hide_tooltip_when_open (self->open_menu_button);
  bounce_gui_menu_button_hide_tooltip_when_open (self->primary_menu_button);

  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::default-width", G_CALLBACK (window_size_changed_cb), NULL);
  g_signal_connect (self, "notify::maximized", G_CALLBACK (window_size_changed_cb), NULL);
  _bounce_window_update_history (self);
  _bounce_window_update_rules_notice (self);
  g_signal_connect_object (self->suppression_page, "changed",
                           G_CALLBACK (_bounce_window_suppression_changed), self, G_CONNECT_SWAPPED);

  bounce_window_create_filter_buttons (self);
  _bounce_window_summary_init (self);
  bounce_window_build_unmatched_columns (self);
  g_signal_connect_object (self->unmatched_view, "activate", G_CALLBACK (unmatched_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (column_sorter_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self->column_view));
  g_signal_connect_object (self->review_stack, "notify::visible-child-name", G_CALLBACK (review_page_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_changed_cb), self,
                           G_CONNECT_SWAPPED);
  bounce_gui_list_tab_leaves (GTK_WIDGET (self->column_view));
  bounce_gui_list_tab_leaves (GTK_WIDGET (self->unmatched_view));
  search_keys = gtk_event_controller_key_new ();
  /* In the capture phase, before the entry's text moves the focus to
   * the widget below on Down. */
  gtk_event_controller_set_propagation_phase (search_keys, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (search_keys, "bounce-search-keys");
  g_signal_connect_object (search_keys, "key-pressed", G_CALLBACK (search_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), search_keys);
  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (focus_widget_changed_cb), NULL);
  g_signal_connect_object (self->search_entry, "search-started", G_CALLBACK (search_started_cb), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->main_stack, "notify::visible-child", G_CALLBACK (main_page_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->switcher_title, "notify::title-visible", G_CALLBACK (main_page_changed_cb), self,
                           G_CONNECT_SWAPPED);
  main_page_changed_cb (self);

  _bounce_window_setup_drop (self);
  _bounce_window_update_actions (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-problems", FALSE);

  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->welcome_contacts_button));
}

BounceWindow *
bounce_window_new (GtkApplication *application)
{
  return g_object_new (BOUNCE_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

void
bounce_window_open_files (BounceWindow  *self,
                          GFile        **files,
                          guint          n_files)
{
  g_autoptr(GPtrArray) bounces = g_ptr_array_new ();
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) named = g_ptr_array_new ();
  g_autoptr(GPtrArray) sniffed = g_ptr_array_new ();
  guint n_list_names;

  g_return_if_fail (BOUNCE_IS_WINDOW (self));

  /* A file named .csv or .tsv is the contact list before one whose
   * contents only look like one, and each further candidate is read in
   * its place if the first fails. Every candidate after the first whose
   * name does not end in .csv or .tsv is also read as bounce messages,
   * as any other file: the one that becomes the contact list leaves the
   * messages again. A path that does
   * not exist, most likely a typo on the command line, is neither: it is
   * named in a toast, and no message read counts it. */
  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      g_autoptr(GError) error = NULL;

      if (path != NULL && !bounce_scanner_check_path (path, &error) &&
          g_error_matches (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND))
        g_ptr_array_add (missing, g_filename_display_name (path));
      else if (path != NULL && bounce_contact_list_has_list_name (path))
        g_ptr_array_add (named, files[i]);
      else if (path != NULL && bounce_contact_list_is_likely_file (path))
        g_ptr_array_add (sniffed, files[i]);
      else
        g_ptr_array_add (bounces, files[i]);
    }

  /* A further .csv or .tsv file is no message either, so it is not read
   * as one: the toast after the contact list loads names it. */
  n_list_names = named->len;
  g_ptr_array_extend_and_steal (named, g_steal_pointer (&sniffed));
  for (guint i = MAX (n_list_names, 1); i < named->len; i++)
    g_ptr_array_add (bounces, g_ptr_array_index (named, i));
  if (named->len > 0)
    _bounce_window_open_contact_candidates (self, named);
  if (bounces->len > 0)
    _bounce_window_open_bounces (self, (GFile **) bounces->pdata, bounces->len);

  if (missing->len > 0)
    {
      g_autofree char *text = NULL;

      if (missing->len == 1)
        text = g_strdup_printf (_("“%s” does not exist, so it was not read. Check the path."),
                                (const char *) g_ptr_array_index (missing, 0));
      else
        text = g_strdup_printf (g_dngettext (NULL,
                                             "%u file does not exist, so it was not read. Check the paths.",
                                             "%u files do not exist, so they were not read. Check the paths.",
                                             missing->len),
                                missing->len);
      bounce_window_add_toast (self, adw_toast_new (text));
    }
}

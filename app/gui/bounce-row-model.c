/* bounce-row-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-row-model"

#include "config.h"

#include <string.h>

#include "bounce-row-item.h"
#include "bounce-row-model.h"

struct _BounceRowModel
{
  GObject         parent_instance;

  BounceSession  *session;
  guint           n_rows;

  /* Every row in sort order, and the rows of that order that pass the
   * filter. Both hold contact row indices. */
  guint32        *order;
  guint32        *visible;
  guint           n_visible;

  int             sort_column;
  gboolean        sort_descending;

  BounceRowGroup  group;
  char           *search;

  /* The searched text of every row, case-folded and built on the first
   * search: row i's text starts at search_text->str + search_offsets[i]
   * and ends at a NUL. */
  GString        *search_text;
  gsize          *search_offsets;
};

static GType
bounce_row_model_get_item_type (GListModel *model)
{
  return BOUNCE_TYPE_ROW_ITEM;
}

static guint
bounce_row_model_get_n_items (GListModel *model)
{
  return BOUNCE_ROW_MODEL (model)->n_visible;
}

static gpointer
bounce_row_model_get_item (GListModel *model,
                           guint       position)
{
  BounceRowModel *self = BOUNCE_ROW_MODEL (model);

  if (position >= self->n_visible)
    return NULL;

  return bounce_row_item_new (self->visible[position]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = bounce_row_model_get_item_type;
  iface->get_n_items = bounce_row_model_get_n_items;
  iface->get_item = bounce_row_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (BounceRowModel, bounce_row_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* Columns the search looks at: every address column and every column
 * whose header mentions a name. */
static GArray *
bounce_row_model_dup_search_columns (BounceRowModel *self)
{
  BounceContactList *contacts = bounce_session_get_contacts (self->session);
  GArray *email_columns = bounce_contact_list_get_email_columns (contacts);
  guint n_columns = bounce_contact_list_get_n_columns (contacts);
  GArray *columns = g_array_new (FALSE, FALSE, sizeof (guint));

  if (email_columns != NULL)
    g_array_append_vals (columns, email_columns->data, email_columns->len);

  for (guint column = 0; column < n_columns; column++)
    {
      g_autofree char *name = g_utf8_casefold (bounce_contact_list_get_column_name (contacts, column), -1);
      gboolean seen = FALSE;

      for (guint i = 0; i < columns->len; i++)
        seen |= g_array_index (columns, guint, i) == column;

      if (!seen && strstr (name, "name") != NULL)
        g_array_append_val (columns, column);
    }

  return columns;
}

static void
bounce_row_model_build_search_text (BounceRowModel *self)
{
  BounceContactList *contacts = bounce_session_get_contacts (self->session);
  g_autoptr(GArray) columns = NULL;

  if (self->search_text != NULL)
    return;

  columns = bounce_row_model_dup_search_columns (self);
  self->search_text = g_string_sized_new (self->n_rows * 32);
  self->search_offsets = g_new (gsize, MAX (self->n_rows, 1));

  for (guint row = 0; row < self->n_rows; row++)
    {
      self->search_offsets[row] = self->search_text->len;

      for (guint i = 0; i < columns->len; i++)
        {
          g_autofree char *cell = bounce_contact_list_dup_cell (contacts, row, g_array_index (columns, guint, i));
          g_autofree char *folded = g_utf8_casefold (cell, -1);

          g_string_append (self->search_text, folded);
          /* A separator no search text contains keeps "ann" + "example"
           * from matching across two cells. */
          g_string_append_c (self->search_text, '\n');
        }

      g_string_append_c (self->search_text, '\0');
    }
}

static gboolean
bounce_row_model_row_matches (BounceRowModel *self,
                              guint           row)
{
  if (!bounce_session_row_in_group (self->session, row, self->group))
    return FALSE;

  if (self->search != NULL)
    return strstr (self->search_text->str + self->search_offsets[row], self->search) != NULL;

  return TRUE;
}

static void
bounce_row_model_refilter (BounceRowModel *self)
{
  guint old_n_visible = self->n_visible;

  if (self->search != NULL)
    bounce_row_model_build_search_text (self);

  self->n_visible = 0;
  for (guint i = 0; i < self->n_rows; i++)
    {
      guint32 row = self->order[i];

      if (bounce_row_model_row_matches (self, row))
        self->visible[self->n_visible++] = row;
    }

  g_debug ("Filter keeps %u of %u rows", self->n_visible, self->n_rows);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_visible, self->n_visible);
}

typedef struct
{
  BounceSession  *session;
  char          **keys;
  gboolean        descending;
} SortData;

static int
compare_rows_by_key (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  const SortData *data = user_data;
  guint32 row_a = *(const guint32 *)a;
  guint32 row_b = *(const guint32 *)b;
  int result = strcmp (data->keys[row_a], data->keys[row_b]);

  if (data->descending)
    result = -result;

  /* File order breaks ties, whichever the direction. */
  return result != 0 ? result : (row_a > row_b) - (row_a < row_b);
}

static int
compare_rows_by_status (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  const SortData *data = user_data;
  guint32 row_a = *(const guint32 *)a;
  guint32 row_b = *(const guint32 *)b;
  int result;

  /* Ascending puts the most severe first: that is what people look for. */
  result = -bounce_category_compare_severity (bounce_session_get_category (data->session, row_a),
                                              bounce_session_get_category (data->session, row_b));
  if (data->descending)
    result = -result;

  return result != 0 ? result : (row_a > row_b) - (row_a < row_b);
}

static void
bounce_row_model_resort (BounceRowModel *self)
{
  BounceContactList *contacts = bounce_session_get_contacts (self->session);
  SortData data = { self->session, NULL, self->sort_descending };
  guint n_columns = bounce_contact_list_get_n_columns (contacts);

  for (guint i = 0; i < self->n_rows; i++)
    self->order[i] = i;

  if (self->sort_column < 0)
    {
      if (self->sort_descending)
        for (guint i = 0; i < self->n_rows; i++)
          self->order[i] = self->n_rows - 1 - i;
      return;
    }

  if ((guint)self->sort_column >= n_columns)
    {
      g_qsort_with_data (self->order, self->n_rows, sizeof (guint32), compare_rows_by_status, &data);
      return;
    }

  /* Collation keys put "Émile" beside "Emile" and "item10" after "item9". */
  data.keys = g_new (char *, MAX (self->n_rows, 1));
  for (guint row = 0; row < self->n_rows; row++)
    {
      g_autofree char *cell = bounce_contact_list_dup_cell (contacts, row, self->sort_column);
      g_autofree char *folded = g_utf8_casefold (cell, -1);

      data.keys[row] = g_utf8_collate_key_for_filename (folded, -1);
    }

  g_qsort_with_data (self->order, self->n_rows, sizeof (guint32), compare_rows_by_key, &data);

  for (guint row = 0; row < self->n_rows; row++)
    g_free (data.keys[row]);
  g_free (data.keys);
}

static void
policy_changed_cb (BounceRowModel *self,
                   BounceSession  *session)
{
  if (self->group == BOUNCE_ROW_GROUP_REMOVED)
    bounce_row_model_refilter (self);
}

static void
bounce_row_model_finalize (GObject *object)
{
  BounceRowModel *self = (BounceRowModel *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->order, g_free);
  g_clear_pointer (&self->visible, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->search_offsets, g_free);
  if (self->search_text != NULL)
    g_string_free (g_steal_pointer (&self->search_text), TRUE);

  G_OBJECT_CLASS (bounce_row_model_parent_class)->finalize (object);
}

static void
bounce_row_model_class_init (BounceRowModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bounce_row_model_finalize;
}

static void
bounce_row_model_init (BounceRowModel *self)
{
  self->sort_column = -1;
}

BounceRowModel *
bounce_row_model_new (BounceSession *session)
{
  BounceRowModel *self;

  g_return_val_if_fail (BOUNCE_IS_SESSION (session), NULL);

  self = g_object_new (BOUNCE_TYPE_ROW_MODEL, NULL);
  self->session = g_object_ref (session);
  self->n_rows = bounce_session_get_n_rows (session);
  self->order = g_new (guint32, MAX (self->n_rows, 1));
  self->visible = g_new (guint32, MAX (self->n_rows, 1));

  for (guint i = 0; i < self->n_rows; i++)
    self->order[i] = self->visible[i] = i;
  self->n_visible = self->n_rows;

  g_signal_connect_object (session, "policy-changed",
                           G_CALLBACK (policy_changed_cb), self,
                           G_CONNECT_SWAPPED);

  return self;
}

BounceSession *
bounce_row_model_get_session (BounceRowModel *self)
{
  g_return_val_if_fail (BOUNCE_IS_ROW_MODEL (self), NULL);

  return self->session;
}

void
bounce_row_model_set_sort (BounceRowModel *self,
                           int             column,
                           gboolean        descending)
{
  g_return_if_fail (BOUNCE_IS_ROW_MODEL (self));

  if (column == self->sort_column && descending == self->sort_descending)
    return;

  self->sort_column = column;
  self->sort_descending = descending;

  if (self->n_rows == 0)
    return;

  bounce_row_model_resort (self);
  bounce_row_model_refilter (self);
}

void
bounce_row_model_set_group (BounceRowModel *self,
                            BounceRowGroup  group)
{
  g_return_if_fail (BOUNCE_IS_ROW_MODEL (self));
  g_return_if_fail (group < BOUNCE_ROW_GROUP_LAST);

  if (group == self->group)
    return;

  self->group = group;
  bounce_row_model_refilter (self);
}

BounceRowGroup
bounce_row_model_get_group (BounceRowModel *self)
{
  g_return_val_if_fail (BOUNCE_IS_ROW_MODEL (self), BOUNCE_ROW_GROUP_ALL);

  return self->group;
}

void
bounce_row_model_set_search (BounceRowModel *self,
                             const char     *text)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (BOUNCE_IS_ROW_MODEL (self));

  if (text != NULL && *text != '\0')
    folded = g_utf8_casefold (text, -1);

  if (g_strcmp0 (folded, self->search) == 0)
    return;

  g_free (self->search);
  self->search = g_steal_pointer (&folded);
  bounce_row_model_refilter (self);
}

guint
bounce_row_model_get_row (BounceRowModel *self,
                          guint           position)
{
  g_return_val_if_fail (BOUNCE_IS_ROW_MODEL (self), 0);
  g_return_val_if_fail (position < self->n_visible, 0);

  return self->visible[position];
}

int
bounce_row_model_find_row (BounceRowModel *self,
                           guint           row)
{
  g_return_val_if_fail (BOUNCE_IS_ROW_MODEL (self), -1);

  for (guint i = 0; i < self->n_visible; i++)
    if (self->visible[i] == row)
      return i;

  return -1;
}

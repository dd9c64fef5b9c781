/* bounce-row-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-row-model"

#include "config.h"

#include <string.h>

#include "bounce-format.h"
#include "bounce-row-item.h"
#include "bounce-row-model-private.h"

/* Separators in the search text. A search entry contains one line, so
 * neither can be part of a search. */
#define CELL_END '\n'
#define ROW_END  '\x01'

typedef struct
{
  GString *text;
  gsize   *offsets;
} SearchText;

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

  BounceRowGroup  group;
  char           *search;
  guint8         *row_mask; /* 1 for each row bounce_row_model_set_rows() keeps; NULL keeps all */

  /* The searched cells of every row, case-folded, in one buffer: row i
   * starts at search_offsets[i] and ends with ROW_END. NULL until the
   * worker thread has built it. */
  GString        *search_text;
  gsize          *search_offsets;
  guint8         *search_hits;
  GCancellable   *cancellable;

  /* Rows of each group that contain the search; valid while searching. */
  gboolean        searching;
  guint           search_counts[BOUNCE_ROW_GROUP_LAST];

  /* The items that exist, by position (not owned). A change of filter or
   * order gives each of them the row now at its position instead of
   * replacing it. GtkListView of GTK 4.8 then keeps its row widgets and
   * binds them again. New items would make it destroy and create up to
   * 200 rows, which took 0.5 s on the benchmark machine. */
  GHashTable     *items;
};

enum {
  SEARCH_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

static gboolean
is_item_cb (gpointer key,
            gpointer value,
            gpointer user_data)
{
  return value == user_data;
}

static void
item_finalized_cb (gpointer  user_data,
                   GObject  *where_the_object_was)
{
  BounceRowModel *self = user_data;

  g_hash_table_foreach_remove (self->items, is_item_cb, where_the_object_was);
}

static gpointer
bounce_row_model_get_item (GListModel *model,
                           guint       position)
{
  BounceRowModel *self = BOUNCE_ROW_MODEL (model);
  BounceRowItem *item;

  if (position >= self->n_visible)
    return NULL;

  item = g_hash_table_lookup (self->items, GUINT_TO_POINTER (position));
  if (item != NULL)
    return g_object_ref (item);

  item = bounce_row_item_new (self->visible[position]);
  g_hash_table_insert (self->items, GUINT_TO_POINTER (position), item);
  g_object_weak_ref (G_OBJECT (item), item_finalized_cb, self);

  return item;
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

/* Search text */

/* Columns the search looks at besides the list address: every other
 * column, so that a name is found under any header ("Nom", "Prénom",
 * "Apellido") and so are a company or a city. The other address columns
 * come first, as the list address is their first. */
static GArray *
dup_search_columns (BounceContactList *contacts)
{
  GArray *email_columns = bounce_contact_list_get_email_columns (contacts);
  guint n_columns = bounce_contact_list_get_n_columns (contacts);
  int email_column = bounce_contact_list_get_email_column (contacts);
  GArray *columns = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree gboolean *seen = g_new0 (gboolean, MAX (n_columns, 1));

  if (email_column >= 0 && (guint) email_column < n_columns)
    seen[email_column] = TRUE;

  for (guint i = 0; email_columns != NULL && i < email_columns->len; i++)
    {
      guint column = g_array_index (email_columns, guint, i);

      if (column < n_columns && !seen[column])
        {
          seen[column] = TRUE;
          g_array_append_val (columns, column);
        }
    }

  for (guint column = 0; column < n_columns; column++)
    if (!seen[column])
      g_array_append_val (columns, column);

  return columns;
}

static void
search_text_free (SearchText *search_text)
{
  if (search_text->text != NULL)
    g_string_free (search_text->text, TRUE);
  g_free (search_text->offsets);
  g_free (search_text);
}

static void
build_search_text_thread (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  BounceContactList *contacts = task_data;
  guint n_rows = bounce_contact_list_get_n_rows (contacts);
  g_autoptr(GArray) columns = dup_search_columns (contacts);
  guint n_columns = bounce_contact_list_get_n_columns (contacts);
  g_autofree char **cells = g_new0 (char *, MAX (n_columns, 1));
  int email_column = bounce_contact_list_get_email_column (contacts);
  SearchText *search_text = g_new0 (SearchText, 1);
  gint64 start = g_get_monotonic_time ();

  search_text->text = g_string_sized_new ((gsize) n_rows * 32 + 1);
  search_text->offsets = g_new (gsize, (gsize) n_rows + 1);

  for (guint row = 0; row < n_rows; row++)
    {
      const char *address = bounce_contact_list_get_address (contacts, row);

      if (row % 4096 == 0 && g_cancellable_is_cancelled (cancellable))
        {
          search_text_free (search_text);
          g_task_return_error_if_cancelled (task);
          return;
        }

      search_text->offsets[row] = search_text->text->len;

      /* The list address is normalized to lower case already, so only
       * its accents need folding. An address too broken to read is found
       * by its cell as written. */
      if (address != NULL && g_str_is_ascii (address))
        g_string_append (search_text->text, address);
      else if (address != NULL)
        {
          g_autofree char *folded = bounce_format_fold (address);

          g_string_append (search_text->text, folded);
        }
      else if (email_column >= 0)
        {
          g_autofree char *cell = bounce_contact_list_dup_cell (contacts, row, email_column);
          g_autofree char *folded = bounce_format_fold (cell);

          g_string_append (search_text->text, folded);
        }

      /* The other addresses of a list cell such as "ann@example.com;
       * gwen@example.com", which the list mails as well. */
      for (const char * const *more = address != NULL ? bounce_contact_list_get_more_list_addresses (contacts, row)
                                                      : NULL;
           more != NULL && *more != NULL; more++)
        {
          g_autofree char *folded = bounce_format_fold (*more);

          g_string_append_c (search_text->text, ' ');
          g_string_append (search_text->text, folded);
        }
      g_string_append_c (search_text->text, CELL_END);

      /* One pass over the row reads every cell, where one call per
       * column would read the row again for each. */
      if (n_columns > 0)
        bounce_contact_list_dup_cells (contacts, row, 0, n_columns, cells);
      for (guint i = 0; i < columns->len; i++)
        {
          const char *cell = cells[g_array_index (columns, guint, i)];

          /* An empty cell adds nothing a search could find. */
          if (*cell != '\0')
            {
              g_autofree char *folded = bounce_format_fold (cell);

              g_string_append (search_text->text, folded);
              g_string_append_c (search_text->text, CELL_END);
            }
        }
      for (guint column = 0; column < n_columns; column++)
        g_clear_pointer (&cells[column], g_free);

      g_string_append_c (search_text->text, ROW_END);
    }
  search_text->offsets[n_rows] = search_text->text->len;

  g_debug ("Search text of %u rows built in %.3f s", n_rows,
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  g_task_return_pointer (task, search_text, (GDestroyNotify) search_text_free);
}

static void
search_text_ready_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  BounceRowModel *self = BOUNCE_ROW_MODEL (object);
  SearchText *search_text = g_task_propagate_pointer (G_TASK (result), NULL);

  if (search_text == NULL)
    return;

  self->search_text = g_steal_pointer (&search_text->text);
  self->search_offsets = g_steal_pointer (&search_text->offsets);
  search_text_free (search_text);

  g_signal_emit (self, signals[SEARCH_READY], 0);
}

/* Marks the rows that contain the search, in one pass over the text. */
static void
bounce_row_model_find_hits (BounceRowModel *self)
{
  const char *text = self->search_text->str;
  const char *position = text;
  guint row = 0;

  memset (self->search_hits, 0, self->n_rows);

  while ((position = strstr (position, self->search)) != NULL)
    {
      gsize offset = position - text;

      /* Offsets only grow, so the row of a hit is found by walking on. */
      while (self->search_offsets[row + 1] <= offset)
        row++;

      self->search_hits[row] = 1;
      if (row + 1 >= self->n_rows)
        break;
      position = text + self->search_offsets[++row];
    }
}

/* Counts the rows that contain the search in each group, so the
 * filter buttons can show what a search found. */
static void
bounce_row_model_count_hits (BounceRowModel *self)
{
  memset (self->search_counts, 0, sizeof self->search_counts);

  for (guint row = 0; row < self->n_rows; row++)
    {
      if (!self->search_hits[row])
        continue;

      self->search_counts[BOUNCE_ROW_GROUP_ALL]++;
      for (guint group = BOUNCE_ROW_GROUP_REMOVED; group < BOUNCE_ROW_GROUP_LAST; group++)
        if (bounce_session_row_in_group (self->session, row, group))
          self->search_counts[group]++;
    }
}

/* Filtering */

/* Makes @visible the rows shown. The items that exist take the rows now
 * at their positions, and only a change of length is announced with
 * "items-changed"; @force notifies every item, for a change of what the
 * rows show. */
static void
bounce_row_model_show_rows (BounceRowModel *self,
                            guint32        *visible,
                            guint           n_visible,
                            gboolean        force)
{
  guint old_n_visible = self->n_visible;
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_free (self->visible);
  self->visible = visible;
  self->n_visible = n_visible;

  /* Items past the new end leave the table: the "items-changed" below
   * removes them from views, and a position that comes back later gets
   * a new item. */
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint position = GPOINTER_TO_UINT (key);

      if (position < n_visible)
        {
          g_ptr_array_add (kept, g_object_ref (value));
          g_array_append_val (positions, position);
        }
      else
        {
          g_object_weak_unref (value, item_finalized_cb, self);
          g_hash_table_iter_remove (&iter);
        }
    }

  /* Handlers of "notify::row" may create items, so the table is not
   * walked while they run. */
  for (guint i = 0; i < kept->len; i++)
    bounce_row_item_set_row (g_ptr_array_index (kept, i), visible[g_array_index (positions, guint, i)], force);

  if (n_visible < old_n_visible)
    g_list_model_items_changed (G_LIST_MODEL (self), n_visible, old_n_visible - n_visible, 0);
  else if (n_visible > old_n_visible)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n_visible, 0, n_visible - old_n_visible);
}

static void
bounce_row_model_apply_filter (BounceRowModel *self,
                               gboolean        force)
{
  gint64 start = g_get_monotonic_time ();
  guint32 *visible = g_new (guint32, MAX (self->n_rows, 1));
  guint n_visible = 0;
  gboolean searching;

  searching = self->search != NULL && self->search_text != NULL;
  if (searching)
    {
      if (self->search_hits == NULL)
        self->search_hits = g_new (guint8, MAX (self->n_rows, 1));
      bounce_row_model_find_hits (self);
      bounce_row_model_count_hits (self);
    }
  self->searching = searching;

  for (guint i = 0; i < self->n_rows; i++)
    {
      guint32 row = self->order[i];

      if (bounce_session_row_in_group (self->session, row, self->group)
          && (!searching || self->search_hits[row])
          && (self->row_mask == NULL || self->row_mask[row]))
        visible[n_visible++] = row;
    }

  g_debug ("Filter keeps %u of %u rows, found in %.3f s", n_visible, self->n_rows,
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  bounce_row_model_show_rows (self, visible, n_visible, force);
}

void
bounce_row_model_refilter (BounceRowModel *self)
{
  g_return_if_fail (BOUNCE_IS_ROW_MODEL (self));

  bounce_row_model_apply_filter (self, TRUE);
}

void
bounce_row_model_set_rows (BounceRowModel *self,
                           GArray         *rows)
{
  g_return_if_fail (BOUNCE_IS_ROW_MODEL (self));

  g_clear_pointer (&self->row_mask, g_free);
  if (rows != NULL)
    {
      self->row_mask = g_new0 (guint8, MAX (self->n_rows, 1));
      for (guint i = 0; i < rows->len; i++)
        if (g_array_index (rows, guint, i) < self->n_rows)
          self->row_mask[g_array_index (rows, guint, i)] = 1;
    }

  bounce_row_model_apply_filter (self, FALSE);
}

gboolean
bounce_row_model_has_rows (BounceRowModel *self)
{
  g_return_val_if_fail (BOUNCE_IS_ROW_MODEL (self), FALSE);

  return self->row_mask != NULL;
}

/* Sorting */

typedef struct
{
  BounceSession  *session;
  int             column;
  gboolean        descending;
  guint32        *order;
} SortJob;

static void
sort_job_free (SortJob *job)
{
  g_free (job->order);
  g_clear_object (&job->session);
  g_free (job);
}

static gboolean
sort_job_run (SortJob      *job,
              GCancellable *cancellable)
{
  return _bounce_row_model_sort_rows (job->session, job->column, job->descending, job->order, cancellable);
}

static void
sort_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  if (!sort_job_run (task_data, cancellable))
    g_task_return_error_if_cancelled (task);
  else
    g_task_return_boolean (task, TRUE);
}

static SortJob *
sort_job_new (BounceRowModel *self,
              int             column,
              gboolean        descending)
{
  SortJob *job = g_new0 (SortJob, 1);

  job->session = g_object_ref (self->session);
  job->column = column;
  job->descending = descending;
  job->order = g_new (guint32, MAX (self->n_rows, 1));

  return job;
}

static void
bounce_row_model_apply_order (BounceRowModel *self,
                              SortJob        *job)
{
  g_free (self->order);
  self->order = g_steal_pointer (&job->order);
  bounce_row_model_apply_filter (self, FALSE);
}

static void
bounce_row_model_dispose (GObject *object)
{
  BounceRowModel *self = (BounceRowModel *)object;

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (bounce_row_model_parent_class)->dispose (object);
}

static void
bounce_row_model_finalize (GObject *object)
{
  BounceRowModel *self = (BounceRowModel *)object;
  GHashTableIter iter;
  gpointer item;

  /* Items that outlive the model keep their last row. */
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    g_object_weak_unref (item, item_finalized_cb, self);
  g_clear_pointer (&self->items, g_hash_table_unref);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->order, g_free);
  g_clear_pointer (&self->visible, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->search_offsets, g_free);
  g_clear_pointer (&self->search_hits, g_free);
  g_clear_pointer (&self->row_mask, g_free);
  if (self->search_text != NULL)
    g_string_free (g_steal_pointer (&self->search_text), TRUE);

  G_OBJECT_CLASS (bounce_row_model_parent_class)->finalize (object);
}

static void
bounce_row_model_class_init (BounceRowModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bounce_row_model_dispose;
  object_class->finalize = bounce_row_model_finalize;

  signals[SEARCH_READY] =
    g_signal_new ("search-ready",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
bounce_row_model_init (BounceRowModel *self)
{
  self->cancellable = g_cancellable_new ();
  self->items = g_hash_table_new (NULL, NULL);
}

BounceRowModel *
bounce_row_model_new (BounceSession *session)
{
  BounceRowModel *self;
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (BOUNCE_IS_SESSION (session), NULL);
  g_return_val_if_fail (bounce_session_get_contacts (session) != NULL, NULL);

  self = g_object_new (BOUNCE_TYPE_ROW_MODEL, NULL);
  self->session = g_object_ref (session);
  self->n_rows = bounce_session_get_n_rows (session);
  self->order = g_new (guint32, MAX (self->n_rows, 1));
  self->visible = g_new (guint32, MAX (self->n_rows, 1));

  for (guint i = 0; i < self->n_rows; i++)
    self->order[i] = self->visible[i] = i;
  self->n_visible = self->n_rows;

  /* Built now, so it is ready by the time someone types a search. */
  task = g_task_new (self, self->cancellable, search_text_ready_cb, NULL);
  g_task_set_task_data (task, g_object_ref (bounce_session_get_contacts (session)), g_object_unref);
  g_task_run_in_thread (task, build_search_text_thread);

  return self;
}

BounceSession *
bounce_row_model_get_session (BounceRowModel *self)
{
  g_return_val_if_fail (BOUNCE_IS_ROW_MODEL (self), NULL);

  return self->session;
}

void
bounce_row_model_sort_async (BounceRowModel      *self,
                             int                  column,
                             gboolean             descending,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BOUNCE_IS_ROW_MODEL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_task_data (task, sort_job_new (self, column, descending), (GDestroyNotify) sort_job_free);
  g_task_run_in_thread (task, sort_thread);
}

gboolean
bounce_row_model_sort_finish (BounceRowModel  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (BOUNCE_IS_ROW_MODEL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  bounce_row_model_apply_order (self, g_task_get_task_data (G_TASK (result)));

  return TRUE;
}

void
bounce_row_model_set_sort (BounceRowModel *self,
                           int             column,
                           gboolean        descending)
{
  SortJob *job;

  g_return_if_fail (BOUNCE_IS_ROW_MODEL (self));

  job = sort_job_new (self, column, descending);
  sort_job_run (job, NULL);
  bounce_row_model_apply_order (self, job);
  sort_job_free (job);
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
  bounce_row_model_apply_filter (self, FALSE);
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
    folded = bounce_format_fold (text);

  if (g_strcmp0 (folded, self->search) == 0)
    return;

  g_free (self->search);
  self->search = g_steal_pointer (&folded);
  bounce_row_model_apply_filter (self, FALSE);
}

gboolean
bounce_row_model_is_search_ready (BounceRowModel *self)
{
  g_return_val_if_fail (BOUNCE_IS_ROW_MODEL (self), FALSE);

  return self->search_text != NULL;
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

gboolean
bounce_row_model_get_search_counts (BounceRowModel *self,
                                    guint           counts[BOUNCE_ROW_GROUP_LAST])
{
  g_return_val_if_fail (BOUNCE_IS_ROW_MODEL (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  if (!self->searching)
    return FALSE;

  memcpy (counts, self->search_counts, sizeof self->search_counts);

  return TRUE;
}

/* bounce-row-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-row-model"

#include "config.h"

#include <string.h>

#include "bounce-row-item.h"
#include "bounce-row-model.h"

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

/* Search text */

/* Columns the search looks at, besides the list address: every other
 * address column and every column whose header mentions a name. */
static GArray *
dup_search_columns (BounceContactList *contacts)
{
  GArray *email_columns = bounce_contact_list_get_email_columns (contacts);
  guint n_columns = bounce_contact_list_get_n_columns (contacts);
  int email_column = bounce_contact_list_get_email_column (contacts);
  GArray *columns = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; email_columns != NULL && i < email_columns->len; i++)
    if ((int) g_array_index (email_columns, guint, i) != email_column)
      g_array_append_val (columns, g_array_index (email_columns, guint, i));

  for (guint column = 0; column < n_columns; column++)
    {
      g_autofree char *name = g_utf8_casefold (bounce_contact_list_get_column_name (contacts, column), -1);
      gboolean seen = (int) column == email_column;

      for (guint i = 0; i < columns->len; i++)
        seen |= g_array_index (columns, guint, i) == column;

      if (!seen && strstr (name, "name") != NULL)
        g_array_append_val (columns, column);
    }

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

      /* The list address is normalized to lower case already. An address
       * too broken to read is found by its cell as written. */
      if (address != NULL)
        g_string_append (search_text->text, address);
      else if (email_column >= 0)
        {
          g_autofree char *cell = bounce_contact_list_dup_cell (contacts, row, email_column);
          g_autofree char *folded = g_utf8_casefold (cell, -1);

          g_string_append (search_text->text, folded);
        }
      g_string_append_c (search_text->text, CELL_END);

      for (guint i = 0; i < columns->len; i++)
        {
          g_autofree char *cell = bounce_contact_list_dup_cell (contacts, row, g_array_index (columns, guint, i));
          g_autofree char *folded = g_utf8_casefold (cell, -1);

          g_string_append (search_text->text, folded);
          g_string_append_c (search_text->text, CELL_END);
        }

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
      self->search_counts[bounce_row_group_for_category (bounce_session_get_category (self->session, row))]++;
      if (bounce_session_is_removed (self->session, row))
        self->search_counts[BOUNCE_ROW_GROUP_REMOVED]++;
    }
}

/* Filtering */

void
bounce_row_model_refilter (BounceRowModel *self)
{
  guint old_n_visible = self->n_visible;
  gint64 start = g_get_monotonic_time ();
  gboolean searching;

  g_return_if_fail (BOUNCE_IS_ROW_MODEL (self));

  searching = self->search != NULL && self->search_text != NULL;
  if (searching)
    {
      if (self->search_hits == NULL)
        self->search_hits = g_new (guint8, MAX (self->n_rows, 1));
      bounce_row_model_find_hits (self);
      bounce_row_model_count_hits (self);
    }
  self->searching = searching;

  self->n_visible = 0;
  for (guint i = 0; i < self->n_rows; i++)
    {
      guint32 row = self->order[i];

      if (bounce_session_row_in_group (self->session, row, self->group)
          && (!searching || self->search_hits[row])
          && (self->row_mask == NULL || self->row_mask[row]))
        self->visible[self->n_visible++] = row;
    }

  g_debug ("Filter keeps %u of %u rows, found in %.3f s", self->n_visible, self->n_rows,
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_visible, self->n_visible);
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

  bounce_row_model_refilter (self);
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
  guint           n_rows;
  guint32        *order;
  char          **keys;
} SortJob;

static void
sort_job_free (SortJob *job)
{
  if (job->keys != NULL)
    for (guint row = 0; row < job->n_rows; row++)
      g_free (job->keys[row]);
  g_free (job->keys);
  g_free (job->order);
  g_clear_object (&job->session);
  g_free (job);
}

static int
compare_rows_by_key (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  const SortJob *job = user_data;
  guint32 row_a = *(const guint32 *)a;
  guint32 row_b = *(const guint32 *)b;
  int result = strcmp (job->keys[row_a], job->keys[row_b]);

  if (job->descending)
    result = -result;

  /* File order breaks ties, whichever the direction. */
  return result != 0 ? result : (row_a > row_b) - (row_a < row_b);
}

static int
compare_rows_by_status (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  const SortJob *job = user_data;
  guint32 row_a = *(const guint32 *)a;
  guint32 row_b = *(const guint32 *)b;
  int result;

  /* Ascending puts the most severe first: that is what people look for. */
  result = -bounce_category_compare_severity (bounce_session_get_category (job->session, row_a),
                                              bounce_session_get_category (job->session, row_b));
  if (job->descending)
    result = -result;

  return result != 0 ? result : (row_a > row_b) - (row_a < row_b);
}

static gboolean
sort_job_run (SortJob      *job,
              GCancellable *cancellable)
{
  BounceContactList *contacts = bounce_session_get_contacts (job->session);
  guint n_columns = bounce_contact_list_get_n_columns (contacts);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < job->n_rows; i++)
    job->order[i] = job->descending && job->column < 0 ? job->n_rows - 1 - i : i;

  if (job->column < 0)
    return TRUE;

  if ((guint) job->column >= n_columns)
    {
      g_qsort_with_data (job->order, job->n_rows, sizeof (guint32), compare_rows_by_status, job);
      return TRUE;
    }

  /* Collation keys put "Émile" beside "Emile" and "item10" after "item9". */
  job->keys = g_new0 (char *, MAX (job->n_rows, 1));
  for (guint row = 0; row < job->n_rows; row++)
    {
      g_autofree char *cell = NULL;
      g_autofree char *folded = NULL;

      if (row % 4096 == 0 && g_cancellable_is_cancelled (cancellable))
        return FALSE;

      cell = bounce_contact_list_dup_cell (contacts, row, job->column);
      folded = g_utf8_casefold (cell, -1);
      job->keys[row] = g_utf8_collate_key_for_filename (folded, -1);
    }

  g_qsort_with_data (job->order, job->n_rows, sizeof (guint32), compare_rows_by_key, job);
  g_debug ("Sorted %u rows by column %d in %.3f s", job->n_rows, job->column,
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  return TRUE;
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
  job->n_rows = self->n_rows;
  job->order = g_new (guint32, MAX (self->n_rows, 1));

  return job;
}

static void
bounce_row_model_apply_order (BounceRowModel *self,
                              SortJob        *job)
{
  g_free (self->order);
  self->order = g_steal_pointer (&job->order);
  bounce_row_model_refilter (self);
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

/* bounce-row-model-sort.c: the orders of the contact rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-row-model"

#include "config.h"

#include <string.h>

#include "bounce-row-model-private.h"

/* Rows between two looks at the cancellable. */
#define CANCEL_CHECK_ROWS 4096

/* The rows that decide whether a text column's cells repeat enough to
 * be worth finding in a hash table. */
#define DISTINCT_SAMPLE_ROWS 4096

/* Fills @order with the rows in the order of their @ranks (each less
 * than @n_ranks), and within a rank in file order: a counting sort in
 * two passes over the rows. Descending reverses the ranks and keeps
 * file order for ties, as people expect of a column sort. */
static void
place_rows_by_rank (const guint32 *ranks,
                    guint          n_rows,
                    guint          n_ranks,
                    gboolean       descending,
                    guint32       *order)
{
  g_autofree guint *starts = g_new0 (guint, (gsize) n_ranks + 1);

  for (guint row = 0; row < n_rows; row++)
    {
      guint rank = descending ? n_ranks - 1 - ranks[row] : ranks[row];

      starts[rank + 1]++;
    }

  for (guint rank = 0; rank < n_ranks; rank++)
    starts[rank + 1] += starts[rank];

  for (guint row = 0; row < n_rows; row++)
    {
      guint rank = descending ? n_ranks - 1 - ranks[row] : ranks[row];

      order[starts[rank]++] = row;
    }
}

/* Status: ascending puts the most severe category first, because that
 * is what people look for. */
static void
sort_by_status (BounceSession *session,
                gboolean       descending,
                guint32       *order)
{
  guint n_rows = bounce_session_get_n_rows (session);
  g_autofree guint32 *ranks = g_new (guint32, MAX (n_rows, 1));
  guint32 category_ranks[BOUNCE_CATEGORY_LAST];

  /* A category's rank is the number of categories more severe than it,
   * so that categories of equal severity share a rank. */
  for (guint a = 0; a < BOUNCE_CATEGORY_LAST; a++)
    {
      category_ranks[a] = 0;
      for (guint b = 0; b < BOUNCE_CATEGORY_LAST; b++)
        if (bounce_category_compare_severity (b, a) > 0)
          category_ranks[a]++;
    }

  for (guint row = 0; row < n_rows; row++)
    ranks[row] = category_ranks[bounce_session_get_category (session, row)];

  place_rows_by_rank (ranks, n_rows, BOUNCE_CATEGORY_LAST, descending, order);
}

/* Work split into slices of items, one slice per processor. */
typedef void (*SliceFunc) (gpointer data,
                           guint    start,
                           guint    end);

typedef struct
{
  SliceFunc     func;
  gpointer      data;
  guint         start;
  guint         end;
  GCancellable *cancellable;
} Slice;

static gpointer
run_slice (gpointer data)
{
  Slice *slice = data;

  for (guint start = slice->start; start < slice->end; start += CANCEL_CHECK_ROWS)
    {
      if (g_cancellable_is_cancelled (slice->cancellable))
        break;
      slice->func (slice->data, start, MIN (start + CANCEL_CHECK_ROWS, slice->end));
    }

  return NULL;
}

/* Calls @func on every item from 0 to @n_items, on as many threads as
 * there are processors. Returns FALSE when @cancellable was cancelled,
 * when some items may have been left out. */
static gboolean
run_in_slices (SliceFunc     func,
               gpointer      data,
               guint         n_items,
               GCancellable *cancellable)
{
  guint n_threads = CLAMP (g_get_num_processors (), 1, 16);
  g_autofree Slice *slices = g_new0 (Slice, n_threads);
  g_autofree GThread **threads = g_new0 (GThread *, n_threads);

  for (guint i = 0; i < n_threads; i++)
    {
      slices[i].func = func;
      slices[i].data = data;
      slices[i].start = (guint) ((guint64) n_items * i / n_threads);
      slices[i].end = (guint) ((guint64) n_items * (i + 1) / n_threads);
      slices[i].cancellable = cancellable;
      if (i > 0)
        threads[i] = g_thread_new ("bounce-sort", run_slice, &slices[i]);
    }

  run_slice (&slices[0]);
  for (guint i = 1; i < n_threads; i++)
    g_thread_join (threads[i]);

  return !g_cancellable_is_cancelled (cancellable);
}

typedef struct
{
  BounceContactList  *contacts;
  guint               column;
  char              **cells;
  guint               n_cells;
  char              **keys;
  guint               n_keys;
} TextSort;

/* Re-reading a cell tokenizes its line again: most of a text sort. */
static void
read_cells (gpointer data,
            guint    start,
            guint    end)
{
  TextSort *sort = data;

  for (guint row = start; row < end; row++)
    sort->cells[row] = bounce_contact_list_dup_cell (sort->contacts, row, sort->column);
}

/* Collation keys put "Émile" beside "Emile" and "item10" after "item9".
 * From here on the sort compares keys only, so each cell goes as soon
 * as it has its key, and a million cells and keys are not held at once. */
static void
compute_keys (gpointer data,
              guint    start,
              guint    end)
{
  TextSort *sort = data;

  for (guint i = start; i < end; i++)
    {
      g_autofree char *cell = g_steal_pointer (&sort->cells[i]);
      g_autofree char *folded = g_utf8_casefold (cell, -1);

      sort->keys[i] = g_utf8_collate_key_for_filename (folded, -1);
    }
}

/* A cancelled sort leaves holes in both arrays. */
static void
text_sort_clear (TextSort *sort)
{
  for (guint i = 0; sort->cells != NULL && i < sort->n_cells; i++)
    g_free (sort->cells[i]);
  for (guint i = 0; sort->keys != NULL && i < sort->n_keys; i++)
    g_free (sort->keys[i]);
  g_clear_pointer (&sort->cells, g_free);
  g_clear_pointer (&sort->keys, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TextSort, text_sort_clear)

/* A collation key's first 16 bytes as two big-endian numbers, so that
 * most comparisons in the sort read numbers instead of two strings far
 * apart in memory. */
typedef struct
{
  guint64     prefix[2];
  const char *key;
  guint32     cell;
} SortKey;

static int
compare_sort_keys (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const SortKey *key_a = a;
  const SortKey *key_b = b;

  for (guint i = 0; i < G_N_ELEMENTS (key_a->prefix); i++)
    {
      if (key_a->prefix[i] != key_b->prefix[i])
        return key_a->prefix[i] < key_b->prefix[i] ? -1 : 1;

      /* Collation keys hold no zero bytes: a zero in the prefix is the
       * end of both keys. */
      if ((key_a->prefix[i] & 0xff) == 0)
        return 0;
    }

  return strcmp (key_a->key + sizeof key_a->prefix, key_b->key + sizeof key_b->prefix);
}

static void
sort_key_init (SortKey    *sort_key,
               const char *key,
               guint       cell)
{
  guint64 words[G_N_ELEMENTS (sort_key->prefix)] = { 0 };

  memcpy (words, key, MIN (strlen (key), sizeof words));
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    sort_key->prefix[i] = GUINT64_FROM_BE (words[i]);
  sort_key->key = key;
  sort_key->cell = cell;
}

/* Moves the distinct cells of @sort to the front of its array and
 * stores each row's cell in @cell_of_row. A column whose first rows are
 * mostly distinct, such as addresses, skips the hash table: each row then
 * keeps its own cell, which gives the same order. Returns the number of
 * cells kept. */
static guint
collect_distinct_cells (TextSort *sort,
                        guint     n_rows,
                        guint32  *cell_of_row)
{
  g_autoptr(GHashTable) indices = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_cells = 0;
  guint row;

  for (row = 0; row < n_rows; row++)
    {
      char *cell = g_steal_pointer (&sort->cells[row]);
      gpointer index;

      if (row == DISTINCT_SAMPLE_ROWS && n_cells > DISTINCT_SAMPLE_ROWS / 2)
        {
          sort->cells[row] = cell;
          break;
        }

      if (g_hash_table_lookup_extended (indices, cell, NULL, &index))
        {
          cell_of_row[row] = GPOINTER_TO_UINT (index);
          g_free (cell);
        }
      else
        {
          cell_of_row[row] = n_cells;
          g_hash_table_insert (indices, cell, GUINT_TO_POINTER (n_cells));
          sort->cells[n_cells++] = cell;
        }
    }

  for (; row < n_rows; row++)
    {
      char *cell = g_steal_pointer (&sort->cells[row]);

      cell_of_row[row] = n_cells;
      sort->cells[n_cells++] = cell;
    }

  return n_cells;
}

/* Text columns. Names and cities repeat, so each distinct cell gets its
 * collation key once. Cells and keys are computed on every processor.
 * The keys are sorted, and each row then takes the rank of its cell's
 * key. */
static gboolean
sort_by_text (BounceSession *session,
              guint          column,
              gboolean       descending,
              guint32       *order,
              GCancellable  *cancellable)
{
  guint n_rows = bounce_session_get_n_rows (session);
  g_autofree guint32 *ranks = g_new (guint32, MAX (n_rows, 1));
  g_autofree SortKey *sort_keys = NULL;
  g_autofree guint32 *cell_ranks = NULL;
  g_auto(TextSort) sort = { NULL, 0, NULL, 0, NULL, 0 };
  guint n_cells = 0;
  guint n_ranks = 0;

  sort.contacts = bounce_session_get_contacts (session);
  sort.column = column;
  sort.cells = g_new0 (char *, MAX (n_rows, 1));
  sort.n_cells = n_rows;
  if (!run_in_slices (read_cells, &sort, n_rows, cancellable))
    return FALSE;

  n_cells = collect_distinct_cells (&sort, n_rows, ranks);

  sort.keys = g_new0 (char *, MAX (n_cells, 1));
  sort.n_keys = n_cells;
  if (!run_in_slices (compute_keys, &sort, n_cells, cancellable))
    return FALSE;

  sort_keys = g_new (SortKey, MAX (n_cells, 1));
  for (guint i = 0; i < n_cells; i++)
    sort_key_init (&sort_keys[i], sort.keys[i], i);
  g_qsort_with_data (sort_keys, n_cells, sizeof (SortKey), compare_sort_keys, NULL);

  /* Cells with equal keys, such as "Anne" and "ANNE", share a rank, so
   * that file order decides between their rows. */
  cell_ranks = g_new (guint32, MAX (n_cells, 1));
  for (guint i = 0; i < n_cells; i++)
    {
      if (i == 0 || compare_sort_keys (&sort_keys[i - 1], &sort_keys[i], NULL) != 0)
        n_ranks++;
      cell_ranks[sort_keys[i].cell] = n_ranks - 1;
    }

  for (guint row = 0; row < n_rows; row++)
    ranks[row] = cell_ranks[ranks[row]];
  place_rows_by_rank (ranks, n_rows, MAX (n_ranks, 1), descending, order);

  return TRUE;
}

gboolean
_bounce_row_model_sort_rows (BounceSession *session,
                             int            column,
                             gboolean       descending,
                             guint32       *order,
                             GCancellable  *cancellable)
{
  BounceContactList *contacts = bounce_session_get_contacts (session);
  guint n_rows = bounce_session_get_n_rows (session);
  gint64 start = g_get_monotonic_time ();

  if (column < 0)
    {
      for (guint i = 0; i < n_rows; i++)
        order[i] = descending ? n_rows - 1 - i : i;
      return TRUE;
    }

  if ((guint) column >= bounce_contact_list_get_n_columns (contacts))
    sort_by_status (session, descending, order);
  else if (!sort_by_text (session, column, descending, order, cancellable))
    return FALSE;

  g_debug ("Sorted %u rows by column %d in %.3f s", n_rows, column,
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  return TRUE;
}

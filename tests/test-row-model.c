/* test-row-model.c: the review's list model, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "bounce-core.h"
#include "bounce-row-item.h"
#include "bounce-row-model-private.h"

static char *work_dir;

/* Names that sort apart only by case, accents or the numbers in them,
 * so that collation and ties are both tested. */
static const char * const first_names[] = {
  "Anne", "ANNE", "anne", "Émile", "Emile", "Zoë", "Zoe", "item10", "item9", "Item9",
  "", "Ölaf", "Olaf", "Łucja", "Lucja", "van Dijk", "Van Dijk", "O'Neil", "Oneil", "José",
};

/* A contact file of @n_rows fictional rows: a distinct address in the
 * first column, repeating names in the second, a number in the third. */
static char *
write_contacts (guint n_rows)
{
  g_autoptr(GString) text = g_string_new ("Email,First Name,Member Number\n");
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (work_dir, "contacts.csv", NULL);

  for (guint row = 0; row < n_rows; row++)
    {
      const char *name = first_names[(row * 7) % G_N_ELEMENTS (first_names)];

      g_string_append_printf (text, "person%u.%s@example.%s,\"%s\",%u\n",
                              (row * 7919) % n_rows, row % 3 == 0 ? "x" : "y",
                              row % 2 == 0 ? "com" : "org", name, (row * 31) % 97);
    }

  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);

  return path;
}

static BounceSession *
new_session (guint n_rows)
{
  g_autofree char *path = write_contacts (n_rows);
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(GError) error = NULL;
  BounceCleanPolicy policy;

  contacts = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (contacts), ==, n_rows);
  bounce_clean_policy_init (&policy);

  return bounce_session_new (contacts, records, &policy);
}

/* A model whose search text is built, so that no worker thread keeps a
 * reference to it when a test releases it. */
static BounceRowModel *
new_model (BounceSession *session)
{
  BounceRowModel *model = bounce_row_model_new (session);

  while (!bounce_row_model_is_search_ready (model))
    g_main_context_iteration (NULL, TRUE);

  return model;
}

/* The order the sort had before it was made faster: a collation key per
 * row, compared with strcmp(), file order for ties. */
typedef struct
{
  char     **keys;
  gboolean   descending;
} ReferenceSort;

static int
compare_reference (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const ReferenceSort *sort = user_data;
  guint32 row_a = *(const guint32 *) a;
  guint32 row_b = *(const guint32 *) b;
  int result = strcmp (sort->keys[row_a], sort->keys[row_b]);

  if (sort->descending)
    result = -result;

  return result != 0 ? result : (row_a > row_b) - (row_a < row_b);
}

static guint32 *
sort_reference (BounceSession *session,
                guint          column,
                gboolean       descending)
{
  BounceContactList *contacts = bounce_session_get_contacts (session);
  guint n_rows = bounce_session_get_n_rows (session);
  guint32 *order = g_new (guint32, n_rows);
  ReferenceSort sort = { g_new (char *, n_rows), descending };

  for (guint row = 0; row < n_rows; row++)
    {
      g_autofree char *cell = bounce_contact_list_dup_cell (contacts, row, column);
      g_autofree char *folded = g_utf8_casefold (cell, -1);

      sort.keys[row] = g_utf8_collate_key_for_filename (folded, -1);
      order[row] = row;
    }
  g_qsort_with_data (order, n_rows, sizeof (guint32), compare_reference, &sort);

  for (guint row = 0; row < n_rows; row++)
    g_free (sort.keys[row]);
  g_free (sort.keys);

  return order;
}

/* Every text column in both directions, on a list small enough for the
 * repeating names to go through the hash table and on one whose first
 * column is distinct enough to skip it. */
static void
test_sort_text_columns (void)
{
  static const guint sizes[] = { 300, 9000 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint column = 0; column < 3; column++)
      for (int descending = 0; descending < 2; descending++)
        {
          g_autoptr(BounceSession) session = new_session (sizes[i]);
          g_autofree guint32 *order = g_new (guint32, sizes[i]);
          g_autofree guint32 *expected = sort_reference (session, column, descending);

          g_assert_true (_bounce_row_model_sort_rows (session, column, descending, order, NULL));
          for (guint position = 0; position < sizes[i]; position++)
            g_assert_cmpuint (order[position], ==, expected[position]);
        }
}

static void
test_sort_file_order (void)
{
  g_autoptr(BounceSession) session = new_session (50);
  guint32 order[50];

  g_assert_true (_bounce_row_model_sort_rows (session, -1, FALSE, order, NULL));
  for (guint position = 0; position < 50; position++)
    g_assert_cmpuint (order[position], ==, position);

  g_assert_true (_bounce_row_model_sort_rows (session, -1, TRUE, order, NULL));
  for (guint position = 0; position < 50; position++)
    g_assert_cmpuint (order[position], ==, 49 - position);
}

static void
test_sort_cancelled (void)
{
  g_autoptr(BounceSession) session = new_session (9000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree guint32 *order = g_new (guint32, 9000);

  g_cancellable_cancel (cancellable);
  g_assert_false (_bounce_row_model_sort_rows (session, 1, FALSE, order, cancellable));
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GArray     *changes)
{
  guint change[3] = { position, removed, added };

  g_array_append_vals (changes, change, 3);
}

static void
row_notified_cb (BounceRowItem *item,
                 GParamSpec    *pspec,
                 guint         *n_notified)
{
  (*n_notified)++;
}

/* The rows of the first @n_held positions, as items a view would keep. */
static GPtrArray *
hold_items (BounceRowModel *model,
            guint           n_held,
            guint          *n_notified)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint position = 0; position < n_held; position++)
    {
      BounceRowItem *item = g_list_model_get_item (G_LIST_MODEL (model), position);

      g_signal_connect (item, "notify::row", G_CALLBACK (row_notified_cb), n_notified);
      g_ptr_array_add (items, item);
    }

  return items;
}

/* A filter change gives the items that exist the rows now at their
 * positions, and announces only the change of length. */
static void
test_items_keep_identity (void)
{
  g_autoptr(BounceSession) session = new_session (300);
  g_autoptr(BounceRowModel) model = new_model (session);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_notified = 0;

  items = hold_items (model, 20, &n_notified);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), changes);

  /* Every third row: 100 rows, and each of the first 20 positions
   * shows another row than before (row 2 + 3 * position). */
  for (guint row = 299; row < 300; row -= 3)
    g_array_append_val (rows, row);
  bounce_row_model_set_rows (model, rows);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100);
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, guint, 0), ==, 100);
  g_assert_cmpuint (g_array_index (changes, guint, 1), ==, 200);
  g_assert_cmpuint (g_array_index (changes, guint, 2), ==, 0);
  g_assert_cmpuint (n_notified, ==, 20);
  for (guint position = 0; position < items->len; position++)
    {
      g_autoptr(BounceRowItem) item = g_list_model_get_item (G_LIST_MODEL (model), position);

      g_assert_true (item == g_ptr_array_index (items, position));
      g_assert_cmpuint (bounce_row_item_get_row (item), ==, bounce_row_model_get_row (model, position));
      g_assert_cmpuint (bounce_row_item_get_row (item), ==, 2 + 3 * position);
    }

  /* Back to every row: the list grows at its end. */
  g_array_set_size (changes, 0);
  bounce_row_model_set_rows (model, NULL);
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, guint, 0), ==, 100);
  g_assert_cmpuint (g_array_index (changes, guint, 1), ==, 0);
  g_assert_cmpuint (g_array_index (changes, guint, 2), ==, 200);
  for (guint position = 0; position < items->len; position++)
    g_assert_cmpuint (bounce_row_item_get_row (g_ptr_array_index (items, position)), ==, position);
}

/* Items past a shorter list's end leave the model: the position gets a
 * new item when the list grows again. */
static void
test_items_past_end (void)
{
  g_autoptr(BounceSession) session = new_session (30);
  g_autoptr(BounceRowModel) model = new_model (session);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(BounceRowItem) last = g_list_model_get_item (G_LIST_MODEL (model), 29);
  g_autoptr(BounceRowItem) again = NULL;
  guint row = 5;

  g_array_append_val (rows, row);
  bounce_row_model_set_rows (model, rows);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 29));

  bounce_row_model_set_rows (model, NULL);
  again = g_list_model_get_item (G_LIST_MODEL (model), 29);
  g_assert_true (again != last);
  g_assert_cmpuint (bounce_row_item_get_row (again), ==, 29);
}

/* bounce_row_model_refilter() notifies every item, for a change of what
 * the rows show, such as their verdicts. */
static void
test_items_refilter_notifies (void)
{
  g_autoptr(BounceSession) session = new_session (30);
  g_autoptr(BounceRowModel) model = new_model (session);
  g_autoptr(GPtrArray) items = NULL;
  guint n_notified = 0;

  items = hold_items (model, 10, &n_notified);
  bounce_row_model_set_group (model, BOUNCE_ROW_GROUP_ALL);
  g_assert_cmpuint (n_notified, ==, 0);

  bounce_row_model_refilter (model);
  g_assert_cmpuint (n_notified, ==, 10);
}

/* An item released after its model is finalized does not reach back. */
static void
test_items_outlive_model (void)
{
  g_autoptr(BounceSession) session = new_session (10);
  BounceRowModel *model = new_model (session);
  BounceRowItem *item = g_list_model_get_item (G_LIST_MODEL (model), 3);
  BounceRowItem *released = g_list_model_get_item (G_LIST_MODEL (model), 4);

  g_object_unref (released);

  /* The worker thread that built the search text may keep a reference to
   * the model a moment longer. */
  g_object_add_weak_pointer (G_OBJECT (model), (gpointer *) &model);
  g_object_unref (model);
  for (guint i = 0; i < 10000 && g_atomic_pointer_get (&model) != NULL; i++)
    g_usleep (1000);
  g_assert_null (model);

  g_assert_cmpuint (bounce_row_item_get_row (item), ==, 3);
  g_object_unref (item);
}

/* A sort changes the rows of the items and no length. */
static void
test_items_sorted (void)
{
  g_autoptr(BounceSession) session = new_session (300);
  g_autoptr(BounceRowModel) model = new_model (session);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) items = NULL;
  g_autofree guint32 *expected = sort_reference (session, 0, TRUE);
  guint n_notified = 0;

  items = hold_items (model, 20, &n_notified);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), changes);
  bounce_row_model_set_sort (model, 0, TRUE);

  g_assert_cmpuint (changes->len, ==, 0);
  for (guint position = 0; position < items->len; position++)
    g_assert_cmpuint (bounce_row_item_get_row (g_ptr_array_index (items, position)), ==, expected[position]);
}

static void
count_policy_changed_cb (BounceSession *session,
                         guint         *count)
{
  (*count)++;
}

/* A long list takes a policy change on a worker thread: the session keeps
 * the previous result until the main loop applies the new one, and a
 * newer change cancels an older run, so only the last is applied. */
static void
test_session_policy_async (void)
{
  const guint n_rows = 30000;
  g_autofree char *path = write_contacts (n_rows);
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceSession) session = NULL;
  g_autoptr(BounceSession) expected = NULL;
  g_autoptr(GError) error = NULL;
  BounceCleanPolicy keep_hard, keep_nothing;
  guint n_changes = 0;
  guint n_removed;

  contacts = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);

  /* A hard bounce for every tenth row's address. */
  for (guint row = 0; row < n_rows; row += 10)
    {
      BounceRecord *record = bounce_record_new ("bounce.eml");

      record->category = BOUNCE_CATEGORY_HARD;
      record->reason = BOUNCE_REASON_MAILBOX_UNKNOWN;
      bounce_record_set_string (&record->recipient, bounce_contact_list_get_address (contacts, row));
      g_ptr_array_add (records, record);
    }

  bounce_clean_policy_init (&keep_hard);
  keep_nothing = keep_hard;
  keep_hard.remove_hard = FALSE;
  session = bounce_session_new (contacts, records, &keep_nothing);
  n_removed = bounce_session_get_group_count (session, BOUNCE_ROW_GROUP_REMOVED);
  g_assert_cmpuint (n_removed, >=, n_rows / 10);
  g_signal_connect (session, "policy-changed", G_CALLBACK (count_policy_changed_cb), &n_changes);

  bounce_session_set_policy_async (session, &keep_hard);
  g_assert_true (bounce_session_is_updating (session));
  g_assert_cmpuint (bounce_session_get_group_count (session, BOUNCE_ROW_GROUP_REMOVED), ==, n_removed);
  g_assert_true (bounce_session_get_policy (session)->remove_hard);

  /* Back to the first policy before the run ends: the run for keep_hard
   * must not be applied after it. */
  bounce_session_set_policy_async (session, &keep_nothing);
  bounce_session_set_policy_async (session, &keep_hard);
  while (bounce_session_is_updating (session))
    g_main_context_iteration (NULL, TRUE);

  expected = bounce_session_new (contacts, records, &keep_hard);
  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_false (bounce_session_get_policy (session)->remove_hard);
  /* Every filter counts as after a blocking change, such as the rows
   * removed without a bounce that the worker thread counts too. */
  for (guint group = 0; group < BOUNCE_ROW_GROUP_LAST; group++)
    g_assert_cmpuint (bounce_session_get_group_count (session, group), ==,
                      bounce_session_get_group_count (expected, group));
  g_assert_cmpuint (bounce_session_get_summary (session)->rows_removed, ==,
                    bounce_session_get_summary (expected)->rows_removed);
  for (guint row = 0; row < n_rows; row++)
    g_assert_cmpint (bounce_session_is_removed (session, row), ==, bounce_session_is_removed (expected, row));

  /* The blocking form cancels a run that has not finished. */
  bounce_session_set_policy_async (session, &keep_nothing);
  bounce_session_set_policy (session, &keep_hard);
  g_assert_false (bounce_session_is_updating (session));
  for (guint i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (bounce_session_get_policy (session)->remove_hard);
}

/* The rows of @model, in model order, as a comma list: "0,2". */
static char *
dup_model_rows (BounceRowModel *model)
{
  GString *rows = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    g_string_append_printf (rows, "%s%u", i > 0 ? "," : "", bounce_row_model_get_row (model, i));

  return g_string_free (rows, FALSE);
}

/* A search looks at every column whatever its header, ignoring case and
 * accents: French headers, a company and a city are found as well as
 * the address. */
static void
test_search_every_column (void)
{
  static const char csv[] =
    "Nom;Prénom;Courriel;Société;Ville\n"
    "Lefèvre;Hélène;h.l@example.org;Société Générale d'Exemple;Brest\n"
    "Müller;Jürgen;jm@example.com;Bäckerei Beispiel;Köln\n"
    "Dupont;Marc;marc.dupont@example.net;;Paris\n";
  static const struct {
    const char *search;
    const char *rows;
  } cases[] = {
    { "helene", "0" },
    { "HÉLÈNE", "0" },
    { "lefevre", "0" },
    { "Müller", "1" },
    { "muller", "1" },
    { "societe", "0" },
    { "brest", "0" },
    { "koln", "1" },
    { "marc.dupont@", "2" },
    { "example", "0,1,2" },
    { "nom", "" },
  };
  g_autofree char *path = g_build_filename (work_dir, "contacts-fr.csv", NULL);
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceSession) session = NULL;
  g_autoptr(BounceRowModel) model = NULL;
  g_autoptr(GError) error = NULL;
  BounceCleanPolicy policy;

  g_file_set_contents (path, csv, -1, &error);
  g_assert_no_error (error);
  contacts = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bounce_contact_list_get_email_column (contacts), ==, 2);
  bounce_clean_policy_init (&policy);
  session = bounce_session_new (contacts, records, &policy);
  model = new_model (session);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *rows = NULL;

      bounce_row_model_set_search (model, cases[i].search);
      rows = dup_model_rows (model);
      g_test_message ("search “%s”", cases[i].search);
      g_assert_cmpstr (rows, ==, cases[i].rows);
    }

  g_clear_object (&model);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  work_dir = g_dir_make_tmp ("bounce-test-row-model-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/row-model/sort/text-columns", test_sort_text_columns);
  g_test_add_func ("/row-model/sort/file-order", test_sort_file_order);
  g_test_add_func ("/row-model/sort/cancelled", test_sort_cancelled);
  g_test_add_func ("/row-model/items/keep-identity", test_items_keep_identity);
  g_test_add_func ("/row-model/items/past-end", test_items_past_end);
  g_test_add_func ("/row-model/items/refilter-notifies", test_items_refilter_notifies);
  g_test_add_func ("/row-model/items/outlive-model", test_items_outlive_model);
  g_test_add_func ("/row-model/items/sorted", test_items_sorted);
  g_test_add_func ("/row-model/session/policy-async", test_session_policy_async);
  g_test_add_func ("/row-model/search/every-column", test_search_every_column);

  status = g_test_run ();

  {
    g_autofree char *path = g_build_filename (work_dir, "contacts.csv", NULL);

    g_unlink (path);
    g_rmdir (work_dir);
  }
  g_free (work_dir);

  return status;
}

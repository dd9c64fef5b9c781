/* fuzz-csv.c: a contact file read and written back by the cleaner.
 *
 * Besides a crash, an input fails when:
 * - loading fails with an error that does not name the file;
 * - a cell, column name or diagnostic is not UTF-8;
 * - the file written back with nothing removed differs from the input
 *   by a single byte;
 * - removing rows loses one, or changes the bytes of a kept one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bounce-core.h"
#include "bounce-csv-private.h"
#include "fuzz-common.h"

/* The cells read back per input: the first rows and columns, which keeps
 * each input fast. */
#define MAX_CHECKED_ROWS    64
#define MAX_CHECKED_COLUMNS 8

static char *
read_back (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);

  return contents;
}

static void
check_cells (BounceContactList *contacts)
{
  guint n_rows = bounce_contact_list_get_n_rows (contacts);
  guint n_columns = bounce_contact_list_get_n_columns (contacts);

  for (guint column = 0; column < n_columns && column < MAX_CHECKED_COLUMNS; column++)
    g_assert_true (g_utf8_validate (bounce_contact_list_get_column_name (contacts, column), -1, NULL));

  for (guint row = 0; row < n_rows && row < MAX_CHECKED_ROWS; row++)
    {
      g_auto(GStrv) addresses = bounce_contact_list_dup_addresses (contacts, row);

      for (guint column = 0; column < n_columns && column < MAX_CHECKED_COLUMNS; column++)
        {
          g_autofree char *cell = bounce_contact_list_dup_cell (contacts, row, column);

          g_assert_true (g_utf8_validate (cell, -1, NULL));
        }
      for (guint i = 0; addresses[i] != NULL; i++)
        g_assert_true (g_utf8_validate (addresses[i], -1, NULL));
    }
}

/* With no bounce, the cleaned file is the input, byte for byte. */
static void
check_round_trip (BounceContactList *contacts,
                  const uint8_t     *data,
                  size_t             size)
{
  g_autofree char *output = g_build_filename (fuzz_get_dir (), "kept.csv", NULL);
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(BounceCleaner) cleaner = bounce_cleaner_new (contacts, records);
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  BounceCleanPolicy policy;
  BounceCleanSummary summary;
  gsize length;

  bounce_clean_policy_init (&policy);
  g_assert_true (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, output, NULL,
                                       &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rows_in, ==, bounce_contact_list_get_n_rows (contacts));
  g_assert_cmpuint (summary.rows_kept, ==, summary.rows_in);
  g_assert_cmpuint (summary.rows_removed, ==, 0);

  written = read_back (output, &length);
  g_assert_cmpmem (written, length, data, size);
}

/* A hard bounce for every third row's list address. Each row lands in one
 * of the two files. The cleaned file is the input without the removed
 * records, cut at the spans that the contact list read. */
static void
check_removal (BounceContactList *contacts)
{
  g_autofree char *output = g_build_filename (fuzz_get_dir (), "kept.csv", NULL);
  g_autofree char *removed = g_build_filename (fuzz_get_dir (), "removed.csv", NULL);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *written = NULL;
  guint n_rows = bounce_contact_list_get_n_rows (contacts);
  const BounceCsvDialect *dialect = bounce_contact_list_get_dialect (contacts);
  BounceCleanPolicy policy;
  BounceCleanSummary summary;
  BounceCsvSpan span;
  gsize length;

  for (guint row = 0; row < n_rows; row += 3)
    {
      const char *address = bounce_contact_list_get_address (contacts, row);
      BounceRecord *record;

      if (address == NULL)
        continue;
      record = bounce_record_new ("fuzz.eml");
      record->category = BOUNCE_CATEGORY_HARD;
      record->reason = BOUNCE_REASON_MAILBOX_UNKNOWN;
      bounce_record_set_string (&record->recipient, address);
      g_ptr_array_add (records, record);
    }

  cleaner = bounce_cleaner_new (contacts, records);
  bounce_clean_policy_init (&policy);
  g_assert_true (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, output, removed,
                                       &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rows_in, ==, n_rows);
  g_assert_cmpuint (summary.rows_kept + summary.rows_removed, ==, n_rows);

  /* UTF-16 files are written back through UTF-8, so their spans are not
   * the file's bytes. */
  if (dialect->encoding == BOUNCE_CSV_ENCODING_UTF16LE || dialect->encoding == BOUNCE_CSV_ENCODING_UTF16BE)
    return;

  span = _bounce_contact_list_get_bom (contacts);
  g_string_append_len (expected, span.text, span.length);
  span = _bounce_contact_list_get_head (contacts);
  g_string_append_len (expected, span.text, span.length);
  for (guint row = 0; row < n_rows; row++)
    {
      BounceRowVerdict verdict;

      span = _bounce_contact_list_get_row_gap (contacts, row);
      g_string_append_len (expected, span.text, span.length);
      bounce_cleaner_get_verdict (cleaner, &policy, row, &verdict);
      if (verdict.removed)
        continue;
      span = _bounce_contact_list_get_row_span (contacts, row);
      g_string_append_len (expected, span.text, span.length);
    }
  span = _bounce_contact_list_get_tail (contacts);
  g_string_append_len (expected, span.text, span.length);

  written = read_back (output, &length);
  g_assert_cmpmem (written, length, expected->str, expected->len);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean initialized = FALSE;
  g_autofree char *path = NULL;
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(GError) error = NULL;

  if (!initialized)
    {
      fuzz_make_warnings_fatal ();
      initialized = TRUE;
    }

  path = fuzz_write_file ("contacts.csv", data, size);
  contacts = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  if (contacts == NULL)
    {
      /* A file that cannot be read as contacts gets a message that names
       * it. */
      g_assert_true (error->domain == BOUNCE_ERROR);
      g_assert_nonnull (strstr (error->message, path));
      return 0;
    }

  for (guint i = 0; i < bounce_contact_list_get_diagnostics (contacts)->len; i++)
    {
      const BounceDiagnostic *diagnostic = g_ptr_array_index (bounce_contact_list_get_diagnostics (contacts), i);

      g_assert_cmpstr (diagnostic->file, ==, path);
      g_assert_true (g_utf8_validate (diagnostic->message, -1, NULL));
    }

  check_cells (contacts);
  check_round_trip (contacts, data, size);
  check_removal (contacts);

  return 0;
}

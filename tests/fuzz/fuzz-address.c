/* fuzz-address.c: address normalization, and matching a bounce to the
 * contacts that have its address.
 *
 * The input is a contact cell, a line feed, then the recipient of a hard
 * bounce (the whole input is both when it has no line feed). Besides
 * a crash, an input fails when:
 * - normalizing a normalized address changes it, or a normalized address
 *   is not valid UTF-8 with a single '@';
 * - the contact loader's fast path and bounce_address_normalize()
 *   disagree;
 * - the cleaner matches the bounce to a row without the bounce's
 *   address, or misses a row that has it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bounce-core.h"
#include "bounce-csv-private.h"
#include "fuzz-common.h"

/* A normalized address normalizes to itself. */
static void
check_normalized (const char *address)
{
  g_autofree char *again = NULL;

  g_assert_true (g_utf8_validate (address, -1, NULL));
  g_assert_nonnull (strchr (address, '@'));
  g_assert_true (strchr (address, '@') == strrchr (address, '@'));

  again = bounce_address_normalize (address);
  g_assert_cmpstr (again, ==, address);
}

static void
check_text (const char *text,
            gsize       length)
{
  g_autofree char *normalized = bounce_address_normalize (text);
  g_autofree char *verp = bounce_address_decode_verp (text);
  g_auto(GStrv) all = bounce_address_extract_all (text);
  g_autoptr(GString) fast = g_string_new (NULL);
  gboolean fast_found;

  if (normalized != NULL)
    check_normalized (normalized);
  if (verp != NULL)
    check_normalized (verp);
  for (guint i = 0; all[i] != NULL; i++)
    {
      check_normalized (all[i]);
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (all[i], !=, all[j]);
    }

  /* The contact loader normalizes a cell with no list separator in place,
   * which must give what the public function gives. */
  fast_found = _bounce_address_normalize_to (text, length, fast);
  g_assert_cmpint (fast_found, ==, normalized != NULL);
  if (fast_found)
    g_assert_cmpstr (fast->str, ==, normalized);

  /* The loader's one-pass check and its allocation-free error must agree
   * with the full syntax check: a cell it accepts is valid there too. The
   * loader decodes a file with invalid UTF-8 before it checks a cell. */
  if (g_utf8_validate (text, length, NULL))
    {
      BounceSyntaxCheck check;
      BounceAddressError error = _bounce_address_check_error (text, length);

      bounce_address_check_syntax (text, &check);
      if (_bounce_address_is_plain_valid (text, length))
        g_assert_cmpint (check.error, ==, BOUNCE_ADDRESS_OK);
      /* The reason may differ for text with control characters, but not
       * whether the cell is valid, invalid or empty, which decides. */
      g_assert_cmpint (error == BOUNCE_ADDRESS_OK, ==, check.error == BOUNCE_ADDRESS_OK);
      g_assert_cmpint (error == BOUNCE_ADDRESS_EMPTY, ==, check.error == BOUNCE_ADDRESS_EMPTY);
      bounce_syntax_check_clear (&check);
    }
}

static void
check_matching (const char *cell,
                const char *recipient)
{
  g_autoptr(GString) csv = g_string_new ("email\n\"");
  g_autofree char *path = NULL;
  g_autofree char *expected = bounce_address_normalize_dsn_field (recipient);
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  BounceRecord *record;

  for (const char *p = cell; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append (csv, "\"\n");

  path = fuzz_write_file ("contacts.csv", (const uint8_t *) csv->str, csv->len);
  contacts = bounce_contact_list_new_from_file (path, NULL, NULL, NULL);
  if (contacts == NULL)
    return;

  record = bounce_record_new ("fuzz.eml");
  record->category = BOUNCE_CATEGORY_HARD;
  record->reason = BOUNCE_REASON_MAILBOX_UNKNOWN;
  bounce_record_set_string (&record->recipient, recipient);
  g_ptr_array_add (records, record);
  cleaner = bounce_cleaner_new (contacts, records);

  for (guint row = 0; row < bounce_contact_list_get_n_rows (contacts); row++)
    {
      g_auto(GStrv) addresses = bounce_contact_list_dup_addresses (contacts, row);
      gboolean has_address = expected != NULL && g_strv_contains ((const char * const *) addresses, expected);
      GPtrArray *matches = bounce_cleaner_get_row_matches (cleaner, row);

      g_assert_cmpint (matches != NULL, ==, has_address);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean initialized = FALSE;
  g_autofree char *text = NULL;
  g_autofree char *cell = NULL;
  const char *recipient;
  char *newline;

  if (!initialized)
    {
      fuzz_make_warnings_fatal ();
      initialized = TRUE;
    }

  /* The functions take C strings: the input up to its first NUL. */
  text = g_strndup ((const char *) data, size);
  check_text (text, strlen (text));

  cell = g_strdup (text);
  newline = strchr (cell, '\n');
  if (newline != NULL)
    {
      *newline = '\0';
      recipient = newline + 1;
      check_text (cell, strlen (cell));
      check_text (recipient, strlen (recipient));
    }
  else
    recipient = cell;

  check_matching (cell, recipient);

  return 0;
}

/* test-csv-property.c: random contact files through the real clean path.
 *
 * Each case makes a contact file in a random dialect: delimiter, quoting,
 * line ends, byte-order mark and encoding. Its cells are random too:
 * empty ones, delimiters, quotes and line breaks inside quoted fields
 * (often in the first column, before the address, and some with a line
 * shaped like a contact),
 * non-ASCII text, ragged rows and blank lines. The case gives hard bounces
 * for some of the addresses, loads the file with
 * bounce_contact_list_new_from_file() and writes it with
 * bounce_cleaner_write(). Then rows kept plus rows removed must be the
 * rows in, and the cleaned file must be the input without the removed
 * rows, byte for byte.
 *
 * The seeds are printed. One seed is fixed, so every run checks the same
 * cases, and a few come from the clock; BOUNCE_CSV_SEED=N runs seed N
 * alone, to repeat a failure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bounce-core.h"

#define FIXED_SEED      20261204
#define FIXED_CASES     150
#define N_RANDOM_SEEDS  3
#define RANDOM_CASES    30

typedef enum
{
  ENCODING_UTF8,
  ENCODING_UTF8_BOM,
  ENCODING_WINDOWS_1252,
  ENCODING_UTF16LE_BOM,
  ENCODING_UTF16BE_BOM,
  ENCODING_UTF16LE,
  N_ENCODINGS,
} Encoding;

/* One generated file: its pieces in UTF-8, in file order. */
typedef struct
{
  Encoding    encoding;
  char        delimiter;
  const char *newline;
  GString    *header;
  GPtrArray  *rows;      /* char *: a record with its line end */
  GPtrArray  *gaps;      /* char *: blank lines before each row */
  GPtrArray  *addresses; /* char *: each row's address, or "" */
  char       *tail;      /* blank lines after the last row */
} Sample;

static char *work_dir;
static const char * const file_names[] = { "contacts.csv", "cleaned.csv", "removed.csv" };

static void
sample_free (Sample *sample)
{
  g_string_free (sample->header, TRUE);
  g_ptr_array_unref (sample->rows);
  g_ptr_array_unref (sample->gaps);
  g_ptr_array_unref (sample->addresses);
  g_free (sample->tail);
  g_free (sample);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sample, sample_free)

static gboolean
chance (GRand *rand,
        guint  percent)
{
  return g_rand_int_range (rand, 0, 100) < (gint32) percent;
}

static const char *
pick (GRand              *rand,
      const char * const *choices,
      guint               n_choices)
{
  return choices[g_rand_int_range (rand, 0, n_choices)];
}

/* Text of a cell that is not the address: empty, words, the delimiter, a
 * quote, a line break, or characters beyond ASCII that the encoding has.
 * make_sample() adds lines with a contact's shape to some of them. */
static char *
make_cell (GRand      *rand,
           Encoding    encoding,
           char        delimiter)
{
  static const char * const words[] = {
    "Ana", "Pereira", "Lisbon", "42", "12,5", "note", "a b", " padded ", "x\"y",
  };
  static const char * const latin[] = { "Jos\xc3\xa9", "M\xc3\xbcller", "\xc3\x85sa", "5 \xe2\x82\xac" };
  static const char * const unicode[] = { "\xe6\x97\xa5\xe6\x9c\xac", "\xf0\x9f\x93\xa7", "\xd0\x90\xd0\xbd\xd0\xbd\xd0\xb0" };
  GString *cell = g_string_new (NULL);
  guint parts = g_rand_int_range (rand, 0, 4);

  for (guint i = 0; i < parts; i++)
    {
      guint kind = g_rand_int_range (rand, 0, 10);

      if (i > 0)
        g_string_append_c (cell, ' ');
      if (kind < 5)
        g_string_append (cell, pick (rand, words, G_N_ELEMENTS (words)));
      else if (kind == 5)
        g_string_append_c (cell, delimiter);
      else if (kind == 6)
        g_string_append_c (cell, '"');
      else if (kind == 7)
        g_string_append (cell, chance (rand, 50) ? "\n" : "\r\n");
      else if (kind == 8)
        g_string_append (cell, pick (rand, latin, G_N_ELEMENTS (latin)));
      else if (encoding != ENCODING_WINDOWS_1252)
        g_string_append (cell, pick (rand, unicode, G_N_ELEMENTS (unicode)));
    }

  return g_string_free (cell, FALSE);
}

/* Writes @cell into @record, quoted when it must be or by chance. */
static void
append_field (GRand      *rand,
              GString    *record,
              const char *cell,
              char        delimiter)
{
  gboolean must_quote = strchr (cell, delimiter) != NULL || strchr (cell, '"') != NULL ||
                        strchr (cell, '\n') != NULL || strchr (cell, '\r') != NULL ||
                        cell[0] == ' ' || (cell[0] != '\0' && cell[strlen (cell) - 1] == ' ');

  if (!must_quote && !chance (rand, 15))
    {
      g_string_append (record, cell);
      return;
    }

  g_string_append_c (record, '"');
  for (const char *p = cell; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (record, '"');
      g_string_append_c (record, *p);
    }
  g_string_append_c (record, '"');
}

/* @unreadable_ok: the cell may hold text without an address. Fewer such
 * cells than addresses keep the column an email column, as the loader
 * checks for a column chosen by name. */
static char *
make_address_cell (GRand    *rand,
                   guint     row,
                   gboolean  unreadable_ok,
                   char    **address)
{
  g_autofree char *local = g_strdup_printf ("%s%u.%u", chance (rand, 30) ? "Person" : "person",
                                            row, (guint) g_rand_int_range (rand, 0, 1000));
  static const char * const domains[] = { "example.com", "example.net", "example.org", "EXAMPLE.ORG" };
  guint kind = g_rand_int_range (rand, 0, 10);

  /* Some rows have no address, or one the loader cannot read. */
  if (kind == 0)
    {
      *address = g_strdup ("");
      return g_strdup ("");
    }
  if (kind == 1 && unreadable_ok)
    {
      *address = g_strdup ("");
      return g_strdup ("no address here");
    }

  *address = g_strdup_printf ("%s@%s", local, pick (rand, domains, G_N_ELEMENTS (domains)));
  if (kind == 2)
    return g_strdup_printf ("Person %u <%s>", row, *address);
  if (kind == 3)
    return g_strdup_printf (" %s ", *address);

  return g_strdup (*address);
}

static Sample *
make_sample (GRand *rand)
{
  static const char delimiters[] = { ',', ';', '\t', '|' };
  static const char * const newlines[] = { "\n", "\r\n", "\r" };
  Sample *sample = g_new0 (Sample, 1);
  guint n_columns = g_rand_int_range (rand, 1, 7);
  guint email_column = g_rand_int_range (rand, 0, n_columns);
  guint n_rows = g_rand_int_range (rand, 0, 40);
  guint n_readable = 0;
  guint n_unreadable = 0;

  sample->encoding = g_rand_int_range (rand, 0, N_ENCODINGS);
  sample->delimiter = delimiters[g_rand_int_range (rand, 0, G_N_ELEMENTS (delimiters))];
  sample->newline = newlines[g_rand_int_range (rand, 0, G_N_ELEMENTS (newlines))];
  sample->header = g_string_new (NULL);
  sample->rows = g_ptr_array_new_with_free_func (g_free);
  sample->gaps = g_ptr_array_new_with_free_func (g_free);
  sample->addresses = g_ptr_array_new_with_free_func (g_free);

  for (guint column = 0; column < n_columns; column++)
    {
      g_autofree char *name = column == email_column ? g_strdup ("email") : g_strdup_printf ("Column %u", column);

      if (column > 0)
        g_string_append_c (sample->header, sample->delimiter);
      append_field (rand, sample->header, name, sample->delimiter);
    }
  g_string_append (sample->header, sample->newline);

  for (guint row = 0; row < n_rows; row++)
    {
      GString *record = g_string_new (NULL);
      GString *gap = g_string_new (NULL);
      guint n_fields = n_columns;
      char *address = NULL;

      /* Ragged rows: one field fewer (never the address) or more. */
      if (chance (rand, 10) && n_fields > email_column + 1)
        n_fields--;
      else if (chance (rand, 10))
        n_fields++;

      g_autofree char *address_cell = make_address_cell (rand, row, n_unreadable + 1 < n_readable, &address);

      for (guint column = 0; column < n_fields; column++)
        {
          g_autofree char *cell = NULL;

          if (column == email_column)
            cell = g_strdup (address_cell);
          else
            cell = make_cell (rand, sample->encoding, sample->delimiter);

          /* A multi-line first cell ends on a line that has the usual field
           * count and the address, so that line also reads as a contact. */
          if (column == 0 && column != email_column && chance (rand, 20))
            {
              char *multiline = g_strconcat (cell, chance (rand, 50) ? "\n" : "\r\n", "Jr.", NULL);

              g_free (cell);
              cell = multiline;
            }

          /* A line inside a quoted cell with a contact's shape: the usual
           * field count and an address in the address column, as notes
           * with a pasted contact have. The quote closes later, so the
           * line is part of the cell. Only in rows with an address, so
           * that the address column stays the one with most addresses. */
          if (column != email_column && address[0] != '\0' && chance (rand, 8))
            {
              GString *multiline = g_string_new (cell);

              g_string_append (multiline, chance (rand, 50) ? "\n" : "\r\n");
              for (guint i = 0; i < n_columns; i++)
                {
                  if (i > 0)
                    g_string_append_c (multiline, sample->delimiter);
                  if (i == email_column)
                    g_string_append_printf (multiline, "pasted%u@example.net", row);
                  else
                    g_string_append_printf (multiline, "Pasted %u", i);
                }
              if (chance (rand, 50))
                g_string_append (multiline, chance (rand, 50) ? "\nend" : "\r\nend");

              g_free (cell);
              cell = g_string_free (multiline, FALSE);
            }

          if (column > 0)
            g_string_append_c (record, sample->delimiter);
          append_field (rand, record, cell, sample->delimiter);
        }

      /* An empty record would be a blank line, not a row. */
      if (record->len == 0)
        g_string_append (record, "\"\"");

      /* The last record need not end with a line end. */
      if (row + 1 < n_rows || chance (rand, 70))
        g_string_append (record, sample->newline);

      if (chance (rand, 10) && row + 1 < n_rows)
        g_string_append (gap, sample->newline);

      g_ptr_array_add (sample->rows, g_string_free (record, FALSE));
      g_ptr_array_add (sample->gaps, g_string_free (gap, FALSE));
      g_ptr_array_add (sample->addresses, address);
      if (address[0] != '\0')
        n_readable++;
      else if (address_cell[0] != '\0')
        n_unreadable++;
    }

  /* Blank lines after the rows, when the last one ended its line. */
  sample->tail = g_strdup (n_rows > 0 && g_str_has_suffix (g_ptr_array_index (sample->rows, n_rows - 1), sample->newline) &&
                           chance (rand, 20) ? sample->newline : "");

  return sample;
}

/* Appends @text, UTF-8, in the sample's encoding. */
static void
append_encoded (GByteArray *bytes,
                Encoding    encoding,
                const char *text)
{
  const char *charset = NULL;
  g_autofree char *converted = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  switch (encoding)
    {
    case ENCODING_WINDOWS_1252:
      charset = "WINDOWS-1252";
      break;
    case ENCODING_UTF16LE_BOM:
    case ENCODING_UTF16LE:
      charset = "UTF-16LE";
      break;
    case ENCODING_UTF16BE_BOM:
      charset = "UTF-16BE";
      break;
    case ENCODING_UTF8:
    case ENCODING_UTF8_BOM:
    case N_ENCODINGS:
    default:
      g_byte_array_append (bytes, (const guint8 *) text, strlen (text));
      return;
    }

  converted = g_convert (text, -1, charset, "UTF-8", NULL, &length, &error);
  g_assert_no_error (error);
  g_byte_array_append (bytes, (const guint8 *) converted, length);
}

static void
append_bom (GByteArray *bytes,
            Encoding    encoding)
{
  if (encoding == ENCODING_UTF8_BOM)
    g_byte_array_append (bytes, (const guint8 *) "\xEF\xBB\xBF", 3);
  else if (encoding == ENCODING_UTF16LE_BOM)
    g_byte_array_append (bytes, (const guint8 *) "\xFF\xFE", 2);
  else if (encoding == ENCODING_UTF16BE_BOM)
    g_byte_array_append (bytes, (const guint8 *) "\xFE\xFF", 2);
}

/* The file with the rows for which @removed is TRUE left out, or with all
 * of them when @removed is NULL. Blank lines are kept, as the cleaner
 * keeps them. */
static GByteArray *
encode_sample (const Sample   *sample,
               const gboolean *removed)
{
  GByteArray *bytes = g_byte_array_new ();

  append_bom (bytes, sample->encoding);
  append_encoded (bytes, sample->encoding, sample->header->str);
  for (guint row = 0; row < sample->rows->len; row++)
    {
      append_encoded (bytes, sample->encoding, g_ptr_array_index (sample->gaps, row));
      if (removed == NULL || !removed[row])
        append_encoded (bytes, sample->encoding, g_ptr_array_index (sample->rows, row));
    }
  append_encoded (bytes, sample->encoding, sample->tail);

  return bytes;
}

static BounceCsvEncoding
loader_encoding (Encoding encoding)
{
  switch (encoding)
    {
    case ENCODING_WINDOWS_1252:
      return BOUNCE_CSV_ENCODING_WINDOWS_1252;
    case ENCODING_UTF16LE_BOM:
    case ENCODING_UTF16LE:
      return BOUNCE_CSV_ENCODING_UTF16LE;
    case ENCODING_UTF16BE_BOM:
      return BOUNCE_CSV_ENCODING_UTF16BE;
    case ENCODING_UTF8:
    case ENCODING_UTF8_BOM:
    case N_ENCODINGS:
    default:
      return BOUNCE_CSV_ENCODING_UTF8;
    }
}

static char *
describe_sample (const Sample *sample)
{
  static const char * const encodings[] = {
    "UTF-8", "UTF-8 with BOM", "Windows-1252", "UTF-16LE with BOM", "UTF-16BE with BOM", "UTF-16LE",
  };
  g_autofree char *newline = g_strescape (sample->newline, NULL);

  return g_strdup_printf ("%s, delimiter 0x%02x, line end \"%s\", %u rows", encodings[sample->encoding],
                          (guchar) sample->delimiter, newline, sample->rows->len);
}

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

/* Runs one case, the @index'th of @seed. */
static void
check_case (GRand  *rand,
            guint32 seed,
            guint   index)
{
  g_autoptr(Sample) sample = make_sample (rand);
  g_autofree char *description = describe_sample (sample);
  g_autofree char *input = g_build_filename (work_dir, "contacts.csv", NULL);
  g_autofree char *output = g_build_filename (work_dir, "cleaned.csv", NULL);
  g_autofree char *removed_output = g_build_filename (work_dir, "removed.csv", NULL);
  g_autofree gboolean *removed = g_new0 (gboolean, sample->rows->len + 1);
  g_autoptr(GByteArray) file = encode_sample (sample, NULL);
  g_autoptr(GByteArray) expected = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  BounceCsvDialect options;
  BounceCleanPolicy policy;
  BounceCleanSummary summary;
  guint n_removed = 0;
  gsize length;

  g_test_message ("seed %u, case %u: %s", seed, index, description);

  g_file_set_contents (input, (const char *) file->data, file->len, &error);
  g_assert_no_error (error);

  /* The dialect is given, as with bounce-cli clean --delimiter: what
   * detection makes of random cells is not the property checked. */
  bounce_csv_dialect_init (&options);
  options.encoding = loader_encoding (sample->encoding);
  options.delimiter = sample->delimiter;
  options.has_header = 1;
  options.email_column_name = g_strdup ("email");
  contacts = bounce_contact_list_new_from_file (input, &options, NULL, &error);
  bounce_csv_dialect_clear (&options);
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (contacts), ==, sample->rows->len);

  /* A hard bounce for about a third of the addresses. */
  for (guint row = 0; row < sample->rows->len; row++)
    {
      const char *address = g_ptr_array_index (sample->addresses, row);
      BounceRecord *record;

      if (address[0] == '\0' || !chance (rand, 35))
        continue;

      record = bounce_record_new ("bounce.eml");
      record->category = BOUNCE_CATEGORY_HARD;
      record->reason = BOUNCE_REASON_MAILBOX_UNKNOWN;
      bounce_record_set_string (&record->recipient, address);
      g_ptr_array_add (records, record);
      removed[row] = TRUE;
      n_removed++;
    }

  cleaner = bounce_cleaner_new (contacts, records);
  bounce_clean_policy_init (&policy);
  g_assert_true (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, output, removed_output,
                                       &summary, NULL, &error));
  g_assert_no_error (error);

  /* Nothing lost: every row is kept or removed, and the kept ones are
   * the input's bytes. */
  g_assert_cmpuint (summary.rows_in, ==, sample->rows->len);
  g_assert_cmpuint (summary.rows_kept + summary.rows_removed, ==, summary.rows_in);
  g_assert_cmpuint (summary.rows_removed, ==, n_removed);

  expected = encode_sample (sample, removed);
  written = read_back (output, &length);
  g_assert_cmpmem (written, length, expected->data, expected->len);
}

static void
run_seed (guint32 seed,
          guint   n_cases)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  g_test_message ("seed %u: run it alone with BOUNCE_CSV_SEED=%u", seed, seed);
  for (guint i = 0; i < n_cases; i++)
    check_case (rand, seed, i);
}

static void
test_fixed_seed (void)
{
  if (g_getenv ("BOUNCE_CSV_SEED") != NULL)
    {
      g_test_skip ("BOUNCE_CSV_SEED runs its seed alone");
      return;
    }

  run_seed (FIXED_SEED, FIXED_CASES);
}

static void
test_random_seeds (void)
{
  const char *chosen = g_getenv ("BOUNCE_CSV_SEED");

  if (chosen != NULL)
    {
      run_seed ((guint32) strtoul (chosen, NULL, 10), FIXED_CASES);
      return;
    }

  for (guint i = 0; i < N_RANDOM_SEEDS; i++)
    run_seed (g_random_int (), RANDOM_CASES);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  work_dir = g_dir_make_tmp ("test-csv-property-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/csv-property/fixed-seed", test_fixed_seed);
  g_test_add_func ("/csv-property/random-seeds", test_random_seeds);

  status = g_test_run ();

  for (guint i = 0; i < G_N_ELEMENTS (file_names); i++)
    {
      g_autofree char *path = g_build_filename (work_dir, file_names[i], NULL);

      g_unlink (path);
    }
  g_rmdir (work_dir);
  g_free (work_dir);

  return status;
}

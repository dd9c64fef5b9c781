/* test-contact-list.c: reading contact CSV files and writing them back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "bounce-core.h"
#include "bounce-csv-private.h"
#include "record-fixture.h"

typedef struct
{
  const char        *file;
  BounceCsvEncoding  encoding;
  gboolean           bom;
  char               delimiter;
  gboolean           has_header;
  int                email_column;
  guint              n_email_columns;
  guint              n_rows;
  const char        *newline;
  const char        *first_address;
  guint              first_line;
} DetectCase;

static const DetectCase detect_cases[] = {
  { "comma-lf.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 0, 1, 4, "\n", "jane.doe@example.com", 2 },
  { "semicolon-crlf-1252.csv", BOUNCE_CSV_ENCODING_WINDOWS_1252, FALSE, ';', TRUE, 0, 1, 4, "\r\n", "juergen.mueller@example.com", 2 },
  { "utf16le-tab.csv", BOUNCE_CSV_ENCODING_UTF16LE, TRUE, '\t', TRUE, 1, 1, 3, "\r\n", "anna.aberg@example.com", 2 },
  { "utf16be-tab.csv", BOUNCE_CSV_ENCODING_UTF16BE, TRUE, '\t', TRUE, 0, 1, 2, "\r\n", "ella.berg@example.com", 2 },
  { "quoted.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 1, 1, 3, "\n", "jane.doe@example.com", 2 },
  { "no-header.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', FALSE, 0, 1, 3, "\n", "jane.doe@example.com", 1 },
  { "utf8-bom.csv", BOUNCE_CSV_ENCODING_UTF8, TRUE, ',', TRUE, 0, 1, 2, "\r\n", "jose.nunez@example.com", 2 },
  { "trailing-delimiter.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 0, 1, 3, "\n", "jane.doe@example.com", 2 },
  { "blank-lines.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 0, 1, 3, "\n", "jane.doe@example.com", 4 },
  { "mailchimp.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 0, 1, 4, "\n", "jane.doe@example.com", 2 },
  { "google.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 6, 2, 3, "\n", "jane.doe@example.com", 2 },
  { "outlook.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 8, 3, 3, "\n", "jane.doe@example.com", 2 },
  { "no-final-newline.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 0, 1, 2, "\n", "jane.doe@example.com", 2 },
  { "display-names.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 0, 1, 4, "\n", "jane.doe@example.com", 2 },
  { "idn.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 0, 1, 2, "\n", "jurgen@xn--bcher-kva.example.com", 2 },
  { "pipe.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, '|', TRUE, 0, 1, 2, "\n", "jane.doe@example.com", 2 },
  { "semicolon-decimal.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ';', TRUE, 0, 1, 3, "\n", "jane.doe@example.com", 2 },
  { "lone-cr.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 0, 1, 2, "\r", "jane.doe@example.com", 2 },
  /* "\r\r\n" is one line ending, so the rows are on lines 2 to 4. */
  { "cr-crlf.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 0, 1, 3, "\r\r\n", "jane.doe@example.com", 2 },
  { "duplicates.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 0, 1, 3, "\n", "jane.doe@example.com", 2 },
  { "spanish.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ';', TRUE, 1, 1, 2, "\n", "ana.lopez@example.com", 2 },
  { "courriel.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ';', TRUE, 2, 1, 2, "\n", "jeanne.dupont@example.com", 2 },
  { "no-email-names.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 1, 1, 3, "\n", "jane.doe@example.com", 2 },
  { "header-only.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 0, 1, 0, "\n", NULL, 0 },
  { "bad-unbalanced-quote.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 0, 1, 4, "\n", "jane.doe@example.com", 2 },
  { "bad-ragged.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 0, 1, 4, "\n", "jane.doe@example.com", 2 },
  { "bad-nul.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 0, 1, 2, "\n", "jane.doe@example.com", 2 },
  { "bad-invalid-utf8.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 0, 1, 3, "\n", "josé@example.com", 2 },
  { "title-notes.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 3, 1, 3, "\n", "nina.park@example.net", 5 },
  { "title-line.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ';', TRUE, 0, 1, 2, "\r\n", "rosa.quinn@example.com", 3 },
  /* The primary address column is the list address column wherever it is. */
  { "thunderbird-reordered.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 5, 2, 2, "\n", "tina.vance@example.com", 2 },
  { "outlook-fr-reordered.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ';', TRUE, 3, 3, 2, "\r\n", "valerie.xavier@example.com", 2 },
  { "outlook-de-reordered.csv", BOUNCE_CSV_ENCODING_WINDOWS_1252, FALSE, ',', TRUE, 3, 3, 2, "\r\n", "joerg.kuehn@example.com", 2 },
  { "google-reordered.csv", BOUNCE_CSV_ENCODING_UTF8, FALSE, ',', TRUE, 6, 2, 2, "\n", "ada.byrne@example.com", 2 },
};

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "csv", name, NULL);
}

static BounceContactList *
load_fixture (const char *name)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GError) error = NULL;
  BounceContactList *list;

  list = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (list);

  return list;
}

static void
test_detect (gconstpointer data)
{
  const DetectCase *expected = data;
  g_autoptr(BounceContactList) list = load_fixture (expected->file);
  const BounceCsvDialect *dialect = bounce_contact_list_get_dialect (list);

  g_assert_cmpstr (bounce_csv_encoding_to_string (dialect->encoding), ==,
                   bounce_csv_encoding_to_string (expected->encoding));
  g_assert_cmpint (dialect->bom, ==, expected->bom);
  g_assert_cmpint (dialect->delimiter, ==, expected->delimiter);
  g_assert_cmpint (dialect->quote, ==, '"');
  g_assert_cmpint (dialect->has_header, ==, expected->has_header);
  g_assert_cmpint (bounce_contact_list_get_email_column (list), ==, expected->email_column);
  g_assert_cmpuint (bounce_contact_list_get_email_columns (list)->len, ==, expected->n_email_columns);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, expected->n_rows);
  g_assert_cmpstr (dialect->newline, ==, expected->newline);
  if (expected->n_rows > 0)
    {
      g_assert_cmpstr (bounce_contact_list_get_address (list, 0), ==, expected->first_address);
      g_assert_cmpuint (bounce_contact_list_get_line (list, 0), ==, expected->first_line);
    }
}

/* Writes @list back with no record and compares with the input. */
static void
assert_round_trip (BounceContactList *list)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_autofree char *output = NULL;
  g_autofree char *input_bytes = NULL;
  g_autofree char *output_bytes = NULL;
  gsize input_length, output_length;
  BounceCleanPolicy policy;
  BounceCleanSummary summary;

  g_assert_no_error (error);
  output = g_build_filename (dir, "out.csv", NULL);
  bounce_clean_policy_init (&policy);

  cleaner = bounce_cleaner_new (list, NULL);
  g_assert_true (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE,
                                       output, NULL, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rows_in, ==, bounce_contact_list_get_n_rows (list));
  g_assert_cmpuint (summary.rows_kept, ==, summary.rows_in);
  g_assert_cmpuint (summary.rows_removed, ==, 0);

  g_file_get_contents (bounce_contact_list_get_path (list), &input_bytes, &input_length, &error);
  g_assert_no_error (error);
  g_file_get_contents (output, &output_bytes, &output_length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (output_bytes, output_length, input_bytes, input_length);

  g_unlink (output);
  g_rmdir (dir);
}

/* Every fixture that loads comes back byte for byte. */
static void
test_round_trip_all (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", "csv", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n_checked = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(BounceContactList) list = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_str_has_suffix (name, ".csv"))
        continue;

      list = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
      if (list == NULL)
        {
          /* Only the files that are meant to fail may fail. */
          g_assert_true (g_str_has_prefix (name, "bad-"));
          continue;
        }

      g_test_message ("round trip %s", name);
      assert_round_trip (list);
      n_checked++;
    }

  g_assert_cmpuint (n_checked, >=, 24);
}

static void
test_cells (void)
{
  g_autoptr(BounceContactList) quoted = load_fixture ("quoted.csv");
  g_autoptr(BounceContactList) windows = load_fixture ("semicolon-crlf-1252.csv");
  g_autoptr(BounceContactList) utf16 = load_fixture ("utf16le-tab.csv");
  g_autoptr(BounceContactList) bom = load_fixture ("utf8-bom.csv");
  g_autofree char *name = bounce_contact_list_dup_cell (quoted, 0, 0);
  g_autofree char *notes = bounce_contact_list_dup_cell (quoted, 0, 2);
  g_autofree char *multiline = bounce_contact_list_dup_cell (quoted, 1, 2);
  g_autofree char *missing = bounce_contact_list_dup_cell (quoted, 2, 7);
  g_autofree char *first_name = bounce_contact_list_dup_cell (windows, 0, 1);
  g_autofree char *dash = bounce_contact_list_dup_cell (windows, 3, 2);
  g_autofree char *chinese = bounce_contact_list_dup_cell (utf16, 1, 0);

  g_assert_cmpstr (name, ==, "Doe, Jane");
  g_assert_cmpstr (notes, ==, "Said \"hello\" at the fair");
  g_assert_cmpstr (multiline, ==, "Line one\nline two, with a comma");
  g_assert_cmpstr (missing, ==, "");
  g_assert_cmpuint (bounce_contact_list_get_line (quoted, 2), ==, 5);
  g_assert_cmpstr (first_name, ==, "Jürgen");
  g_assert_cmpstr (dash, ==, "Smith – “Z”");
  g_assert_cmpstr (chinese, ==, "Li Wei 李伟");
  g_assert_cmpstr (bounce_contact_list_get_column_name (bom, 0), ==, "Email");
  g_assert_cmpstr (bounce_contact_list_get_column_name (quoted, 2), ==, "Notes");
  g_assert_cmpuint (bounce_contact_list_get_n_columns (quoted), ==, 3);
}

static void
test_column_names_without_header (void)
{
  g_autoptr(BounceContactList) list = load_fixture ("no-header.csv");

  g_assert_cmpstr (bounce_contact_list_get_column_name (list, 0), ==, "Column 1");
  g_assert_cmpstr (bounce_contact_list_get_column_name (list, 1), ==, "Column 2");
}

static void
test_several_addresses (void)
{
  g_autoptr(BounceContactList) google = load_fixture ("google.csv");
  g_autoptr(BounceContactList) outlook = load_fixture ("outlook.csv");
  g_autoptr(BounceContactList) display = load_fixture ("display-names.csv");
  g_auto(GStrv) jane = bounce_contact_list_dup_addresses (google, 0);
  g_auto(GStrv) carla = bounce_contact_list_dup_addresses (google, 2);
  g_auto(GStrv) bob = bounce_contact_list_dup_addresses (outlook, 1);
  g_auto(GStrv) carla2 = bounce_contact_list_dup_addresses (display, 2);
  g_auto(GStrv) dan = bounce_contact_list_dup_addresses (display, 3);

  g_assert_cmpuint (g_strv_length (jane), ==, 2);
  g_assert_cmpstr (jane[0], ==, "jane.doe@example.com");
  g_assert_cmpstr (jane[1], ==, "jane@work.example.com");
  g_assert_cmpuint (g_strv_length (carla), ==, 2);
  g_assert_cmpstr (carla[1], ==, "carla.m@example.org");
  g_assert_cmpuint (g_strv_length (bob), ==, 2);
  g_assert_cmpstr (bob[1], ==, "bob@home.example.net");
  g_assert_cmpstr (bounce_contact_list_get_address (display, 1), ==, "bob.stone@example.net");
  g_assert_cmpuint (g_strv_length (carla2), ==, 2);
  g_assert_cmpstr (carla2[1], ==, "carla@example.net");
  g_assert_cmpuint (g_strv_length (dan), ==, 2);
  g_assert_cmpstr (dan[1], ==, "dan@example.org");
}

static void
test_options_override (void)
{
  g_autofree char *path = fixture_path ("google.csv");
  g_autofree char *no_header_path = fixture_path ("no-header.csv");
  g_autoptr(BounceContactList) by_name = NULL;
  g_autoptr(BounceContactList) by_number = NULL;
  g_autoptr(BounceContactList) forced = NULL;
  g_autoptr(GError) error = NULL;
  BounceCsvDialect options;

  bounce_csv_dialect_init (&options);
  options.email_column_name = g_strdup ("e-mail 2 - value");
  by_name = bounce_contact_list_new_from_file (path, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bounce_contact_list_get_email_column (by_name), ==, 8);
  g_assert_cmpint (g_array_index (bounce_contact_list_get_email_columns (by_name), guint, 1), ==, 6);
  g_assert_cmpstr (bounce_contact_list_get_address (by_name, 0), ==, "jane@work.example.com");
  g_assert_null (bounce_contact_list_get_address (by_name, 1));
  bounce_csv_dialect_clear (&options);

  bounce_csv_dialect_init (&options);
  options.email_column_name = g_strdup ("Fax");
  g_assert_null (bounce_contact_list_new_from_file (path, &options, NULL, &error));
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NO_EMAIL_COLUMN);
  g_assert_nonnull (strstr (error->message, "Fax"));
  g_clear_error (&error);
  bounce_csv_dialect_clear (&options);

  bounce_csv_dialect_init (&options);
  options.email_column = 0;
  options.has_header = 1;
  by_number = bounce_contact_list_new_from_file (no_header_path, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (by_number), ==, 2);
  g_assert_cmpstr (bounce_contact_list_get_column_name (by_number, 0), ==, "jane.doe@example.com");

  /* A forced delimiter that leaves whole lines in the email column is
   * refused; a forced encoding is taken. */
  bounce_csv_dialect_init (&options);
  options.delimiter = ';';
  g_assert_null (bounce_contact_list_new_from_file (path, &options, NULL, &error));
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRONG_EMAIL_COLUMN);
  g_assert_nonnull (strstr (error->message, "looks separated by the comma"));
  g_clear_error (&error);

  bounce_csv_dialect_init (&options);
  options.encoding = BOUNCE_CSV_ENCODING_WINDOWS_1252;
  forced = bounce_contact_list_new_from_file (path, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bounce_contact_list_get_dialect (forced)->encoding, ==, BOUNCE_CSV_ENCODING_WINDOWS_1252);
  g_assert_cmpint (bounce_contact_list_get_dialect (forced)->delimiter, ==, ',');
}

static void
test_uncertain (void)
{
  g_autoptr(BounceContactList) clear = load_fixture ("comma-lf.csv");
  g_autoptr(BounceContactList) content = load_fixture ("no-email-names.csv");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "tie.csv", NULL);
  g_autoptr(BounceContactList) tie = NULL;

  g_assert_false (bounce_contact_list_is_uncertain (clear));
  g_assert_false (bounce_contact_list_is_uncertain (content));

  /* One comma and one semicolon on every line: either could be meant. */
  g_file_set_contents (path, "a@example.com,x;1\nb@example.com,y;2\n", -1, &error);
  g_assert_no_error (error);
  tie = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bounce_contact_list_is_uncertain (tie));

  g_unlink (path);
  g_rmdir (dir);
}

static void
assert_load_error (const char *name,
                   int         code,
                   const char *fragment)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(BounceContactList) list = NULL;

  list = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_null (list);
  g_assert_error (error, BOUNCE_ERROR, code);
  g_assert_nonnull (strstr (error->message, name));
  g_assert_nonnull (strstr (error->message, fragment));
}

/* Excel, Word and Outlook all write OLE2 compound files, so the name
 * decides which program the message names. */
static void
test_ole2_by_name (void)
{
  static const struct {
    const char *name;
    const char *message;
  } cases[] = {
    { "mail.msg", "is an Outlook message, not a CSV file." },
    { "letter.doc", "is a document, not a CSV file." },
    { "old.xls", "is an Excel workbook, not a CSV file." },
    { "contacts.csv", "is an Excel workbook, not a CSV file." },
    { "export.dat", "is a Microsoft Office file (Excel, Word or Outlook), not a CSV file." },
  };
  g_autoptr(GError) dir_error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-ole2-XXXXXX", &dir_error);

  g_assert_no_error (dir_error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(BounceContactList) list = NULL;

      g_test_message ("%s", cases[i].name);
      g_file_set_contents (path, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12, &error);
      g_assert_no_error (error);
      list = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
      g_assert_null (list);
      g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_CSV);
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_rejected_files (void)
{
  assert_load_error ("bad-empty.csv", BOUNCE_ERROR_EMPTY, "empty");
  assert_load_error ("bad-blank.csv", BOUNCE_ERROR_EMPTY, "blank lines");
  assert_load_error ("bad-workbook.csv", BOUNCE_ERROR_NOT_CSV,
                     "is an Excel workbook, not a CSV file. Open it in Excel and save it as CSV.");
  assert_load_error ("bad-old-workbook.csv", BOUNCE_ERROR_NOT_CSV, "save it as CSV");
  assert_load_error ("bad-document.csv", BOUNCE_ERROR_NOT_CSV, "PDF");
  assert_load_error ("bad-opendocument.csv", BOUNCE_ERROR_NOT_CSV,
                     "is an OpenDocument spreadsheet, not a CSV file. Open it in LibreOffice Calc and save it as CSV.");
  assert_load_error ("bad-numbers.csv", BOUNCE_ERROR_NOT_CSV, "is an Apple Numbers spreadsheet");
  assert_load_error ("bad-word.csv", BOUNCE_ERROR_NOT_CSV, "is a document, not a CSV file");
  assert_load_error ("bad-archive.csv", BOUNCE_ERROR_NOT_CSV, "is a ZIP archive, not a CSV file. Unpack it");
  assert_load_error ("bad-gzip.csv", BOUNCE_ERROR_NOT_CSV, "is compressed with gzip");
  assert_load_error ("bad-rtf.csv", BOUNCE_ERROR_NOT_CSV, "is an RTF document");
  assert_load_error ("bad-web-page.csv", BOUNCE_ERROR_NOT_CSV, "is a web page, not a CSV file");
  assert_load_error ("bad-excel-xml.csv", BOUNCE_ERROR_NOT_CSV, "is an Excel XML spreadsheet");
  /* A UTF-16 file that ends inside a character, whose last byte the
   * conversion dropped (found by fuzz-csv). */
  assert_load_error ("bad-utf16-odd-length.csv", BOUNCE_ERROR_ENCODING, "not valid UTF-16LE text at byte");
  assert_load_error ("bad-no-addresses.csv", BOUNCE_ERROR_NO_EMAIL_COLUMN, "email");
  assert_load_error ("no-such-file.csv", BOUNCE_ERROR_NOT_FOUND, "no-such-file.csv");
}

/* Files that cannot be opened get one plain sentence, with no system
 * call names and the path given once. */
static void
test_open_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_autofree char *missing = g_build_filename (dir, "missing.csv", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe.csv", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(BounceContactList) list = NULL;

  g_assert_no_error (error);

  list = bounce_contact_list_new_from_file (missing, NULL, NULL, &error);
  g_assert_null (list);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND);
  expected = g_strdup_printf ("“%s” does not exist.", missing);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_assert_null (strstr (error->message + strlen (expected), missing));
  g_assert_null (strstr (error->message, "open()"));
  g_clear_error (&error);

  list = bounce_contact_list_new_from_file (dir, NULL, NULL, &error);
  g_assert_null (list);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "is a folder, not a file"));
  g_clear_error (&error);

  /* A pipe with no writer is rejected at once, not waited on. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  list = bounce_contact_list_new_from_file (fifo, NULL, NULL, &error);
  g_assert_null (list);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "is not a regular file"));
  g_clear_error (&error);

  g_unlink (fifo);
  g_rmdir (dir);
}

/* Files given together are sorted by content: Excel's tab-separated
 * "Unicode Text" .txt is a contact list, and a message or an mbox saved as
 * .txt is not, whatever its name. A .csv or .tsv name makes a contact
 * list and an .eml, .msg or .mbox name rules one out, whatever the file
 * contains. Binary data with a tab and an '@', and an address that is not
 * valid, make no contact list. */
static void
test_likely_file (void)
{
  static const char utf16le_tab[] =
    "\xFF\xFE" "E\0m\0a\0i\0l\0\t\0N\0a\0m\0e\0\r\0\n\0"
    "j\0a\0n\0e\0@\0e\0x\0a\0m\0p\0l\0e\0.\0c\0o\0m\0\t\0J\0a\0n\0e\0\r\0\n\0";
  static const char utf16be_tab[] =
    "\xFE\xFF" "\0N\0a\0m\0e\0\t\0A\0d\0d\0r\0e\0s\0s\0\r\0\n"
    "\0B\0o\0b\0\t\0b\0o\0b\0@\0e\0x\0a\0m\0p\0l\0e\0.\0o\0r\0g\0\r\0\n";
  static const struct {
    const char *name;
    const char *contents;
    gssize      length;
    gboolean    expected;
  } cases[] = {
    { "excel-unicode.txt", utf16le_tab, (gssize) sizeof utf16le_tab - 1, TRUE },
    { "big-endian.txt", utf16be_tab, (gssize) sizeof utf16be_tab - 1, TRUE },
    { "tabs.txt", "name\taddress\nJane\tjane@example.com\n", -1, TRUE },
    { "header-only.txt", "\n\nFirst Name;E-mail Address\n", -1, TRUE },
    { "list.CSV", "not even text", -1, TRUE },
    { "list.tsv", "not even text", -1, TRUE },
    { "saved.eml", "name\taddress\nJane\tjane@example.com\n", -1, FALSE },
    { "saved.MSG", "name\taddress\nJane\tjane@example.com\n", -1, FALSE },
    { "saved.mbox", "name\taddress\nJane\tjane@example.com\n", -1, FALSE },
    { "random.bin", "\x8f\x13\t\xc2q@\x7f\x01\n\x02\tz@\x05\xfe\n", -1, FALSE },
    { "no-dot.txt", "who\twhere\nJane\tjane@localhost\n", -1, FALSE },
    { "valid.txt", "who\twhere\nJane\tjane@example.com\n", -1, TRUE },
    { "message.txt", "Return-Path: <>\nFrom: MAILER-DAEMON@example.net\nTo: jane@example.com, bob@example.org\n\nbody\n", -1, FALSE },
    { "archive.txt", "From MAILER-DAEMON Mon Nov  2 10:00:00 2026\nFrom: a@example.net\n\nbody\n", -1, FALSE },
    { "notes.txt", "Call jane@example.com about the order\n", -1, FALSE },
    { "numbers.txt", "1,2,3\n4,5,6\n", -1, FALSE },
    { "binary.txt", "\x01\x02\0\x03\x04\0\x05", 7, FALSE },
    { "empty.txt", "", 0, FALSE },
    /* Spreadsheets are meant as the contact list, so loading one says to
     * save it as CSV. An .xls name is needed, because Outlook's .msg
     * files are OLE2 compound files too. */
    { "contacts.xlsx", "PK\x03\x04\x14\0\0\0\0\0[Content_Types].xmlPK\x03\x04xl/workbook.xml", 48, TRUE },
    { "list.ods", "PK\x03\x04\x14\0\0\0\0\0mimetypeapplication/vnd.oasis.opendocument.spreadsheet", 64, TRUE },
    { "old.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12, TRUE },
    { "old.doc", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12, FALSE },
    /* Program source names addresses in lists of arguments. */
    { "make_report.py", "def report(name, kind, to):\n    pass\nfor kind, to in [('hard','jane@example.com'), ('soft','bob@example.org')]:\n    report('x', kind, to)\n", -1, FALSE },
    { "archive.zip", "PK\x03\x04\x14\0\0\0\0\0notes/readme.txt", 26, FALSE },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-likely-XXXXXX", &error);
  g_autofree char *folder = g_build_filename (dir, "folder.csv.d", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe.txt", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.txt", NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);

      g_test_message ("%s", cases[i].name);
      g_file_set_contents (path, cases[i].contents, cases[i].length, &error);
      g_assert_no_error (error);
      g_assert_cmpint (bounce_contact_list_is_likely_file (path), ==, cases[i].expected);
      g_unlink (path);
    }

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_false (bounce_contact_list_is_likely_file (folder));
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_false (bounce_contact_list_is_likely_file (fifo));
  g_assert_false (bounce_contact_list_is_likely_file (missing));

  g_unlink (fifo);
  g_rmdir (folder);
  g_rmdir (dir);
}

/* A header line far longer than the 64 KiB detection sample, 11,000
 * columns before the email column, still shows that column, found by its
 * name, chosen by name and found by its addresses. */
static void
test_wide_header (void)
{
  static const char * const email_names[] = { "Email", "Contact" };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-wide-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "wide.csv", NULL);

  g_assert_no_error (error);
  for (guint n = 0; n < G_N_ELEMENTS (email_names); n++)
    for (guint by_name = 0; by_name < 2; by_name++)
      {
        g_autoptr(GString) text = g_string_new (NULL);
        g_autoptr(BounceContactList) list = NULL;
        BounceCsvDialect options;

        for (guint i = 0; i < 11000; i++)
          g_string_append_printf (text, "c%u,", i);
        g_string_append_printf (text, "%s\n", email_names[n]);
        g_assert_cmpuint (text->len, >, 64 * 1024);
        for (guint row = 0; row < 2; row++)
          {
            for (guint i = 0; i < 11000; i++)
              g_string_append (text, "x,");
            g_string_append (text, row == 0 ? "jane.doe@example.com\n" : "bob.stone@example.net\n");
          }
        g_file_set_contents (path, text->str, (gssize) text->len, &error);
        g_assert_no_error (error);

        bounce_csv_dialect_init (&options);
        if (by_name)
          options.email_column_name = g_strdup (email_names[n]);
        list = bounce_contact_list_new_from_file (path, &options, NULL, &error);
        bounce_csv_dialect_clear (&options);
        g_assert_no_error (error);
        g_assert_cmpint (bounce_contact_list_get_email_column (list), ==, 11000);
        g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 2);
        g_assert_cmpstr (bounce_contact_list_get_address (list, 0), ==, "jane.doe@example.com");
        g_assert_cmpstr (bounce_contact_list_get_address (list, 1), ==, "bob.stone@example.net");
      }

  g_unlink (path);
  g_rmdir (dir);
}

/* A header line longer than BOUNCE_CSV_MAX_ROW_BYTES, with the email
 * column named past that limit and no address in the rows, gets a message
 * that names the limit and the way out. */
static void
test_header_over_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-wide-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "wide.csv", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(BounceContactList) list = NULL;

  g_assert_no_error (error);
  /* Few long column names keep the test fast under Valgrind. */
  while (text->len <= BOUNCE_CSV_MAX_ROW_BYTES)
    {
      g_string_append_printf (text, "column %u ", (guint) text->len);
      for (guint i = 0; i < 64 * 1024; i++)
        g_string_append_c (text, 'n');
      g_string_append_c (text, ',');
    }
  g_string_append (text, "Email\nx\n");
  g_file_set_contents (path, text->str, (gssize) text->len, &error);
  g_assert_no_error (error);

  list = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_null (list);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NO_EMAIL_COLUMN);
  g_assert_nonnull (strstr (error->message, "wide.csv"));
  g_assert_nonnull (strstr (error->message, "first line"));
  /* g_format_size_full() writes "16.0", a no-break space and "MiB". */
  g_assert_nonnull (strstr (error->message, "16.0\u00a0MiB"));
  g_assert_nonnull (strstr (error->message, "Move the email column"));

  g_unlink (path);
  g_rmdir (dir);
}

/* Returns the first diagnostic with @code, asserting there is one. */
static const BounceDiagnostic *
find_diagnostic (BounceContactList *list,
                 const char        *code)
{
  GPtrArray *diagnostics = bounce_contact_list_get_diagnostics (list);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      const BounceDiagnostic *diagnostic = diagnostics->pdata[i];

      if (g_str_equal (diagnostic->code, code))
        {
          g_assert_true (g_str_has_suffix (diagnostic->file, ".csv"));
          return diagnostic;
        }
    }

  g_assert_not_reached ();
}

static guint
count_diagnostics (BounceContactList *list,
                   const char        *code)
{
  GPtrArray *diagnostics = bounce_contact_list_get_diagnostics (list);
  guint count = 0;

  for (guint i = 0; i < diagnostics->len; i++)
    count += g_str_equal (((BounceDiagnostic *) diagnostics->pdata[i])->code, code);

  return count;
}

static void
test_damage (void)
{
  g_autoptr(BounceContactList) unbalanced = load_fixture ("bad-unbalanced-quote.csv");
  g_autoptr(BounceContactList) ragged = load_fixture ("bad-ragged.csv");
  g_autoptr(BounceContactList) nul = load_fixture ("bad-nul.csv");
  g_autoptr(BounceContactList) invalid = load_fixture ("bad-invalid-utf8.csv");
  g_autoptr(BounceContactList) trailing = load_fixture ("trailing-delimiter.csv");
  const BounceDiagnostic *diagnostic;
  g_autofree char *rest = bounce_contact_list_dup_cell (unbalanced, 1, 1);
  g_autofree char *nul_cell = bounce_contact_list_dup_cell (nul, 0, 1);
  g_autofree char *invalid_cell = bounce_contact_list_dup_cell (invalid, 1, 1);

  /* The quote opened on line 3 is ended there, and the rows after it are
   * read as rows of their own. */
  diagnostic = find_diagnostic (unbalanced, "unbalanced-quote");
  g_assert_cmpuint (diagnostic->line, ==, 3);
  g_assert_nonnull (strstr (diagnostic->message, "line 3"));
  g_assert_true (bounce_diagnostic_is_damage (diagnostic));
  g_assert_cmpstr (rest, ==, "Bob Stone");
  g_assert_true (bounce_contact_list_is_row_damaged (unbalanced, 1));
  g_assert_false (bounce_contact_list_is_row_damaged (unbalanced, 0));
  g_assert_false (bounce_contact_list_is_row_damaged (unbalanced, 2));
  g_assert_cmpstr (bounce_contact_list_get_address (unbalanced, 2), ==, "carla.mendes@example.org");
  g_assert_cmpstr (bounce_contact_list_get_address (unbalanced, 3), ==, "dan.okafor@example.com");

  /* These rows were read in full, so their addresses decide. */
  diagnostic = find_diagnostic (ragged, "ragged-row");
  g_assert_cmpuint (diagnostic->line, ==, 3);
  g_assert_false (bounce_diagnostic_is_damage (diagnostic));
  g_assert_false (bounce_contact_list_is_row_damaged (ragged, 1));
  g_assert_cmpuint (bounce_contact_list_get_diagnostics (ragged)->len, ==, 2);
  g_assert_cmpuint (((BounceDiagnostic *) bounce_contact_list_get_diagnostics (ragged)->pdata[1])->line, ==, 4);

  diagnostic = find_diagnostic (nul, "nul-byte");
  g_assert_cmpuint (diagnostic->line, ==, 2);
  g_assert_false (bounce_diagnostic_is_damage (diagnostic));
  g_assert_cmpstr (nul_cell, ==, "Jane\xEF\xBF\xBD" "Doe");

  diagnostic = find_diagnostic (invalid, "invalid-utf8");
  g_assert_cmpuint (diagnostic->line, ==, 3);
  g_assert_false (bounce_diagnostic_is_damage (diagnostic));
  g_assert_cmpstr (invalid_cell, ==, "Mar\xEF\xBF\xBD" "a");

  g_assert_cmpuint (bounce_contact_list_get_diagnostics (trailing)->len, ==, 0);
}

/* A NUL byte is reported once per line, at the first on the line, also
 * for a line of a million of them. The rows keep their bytes. */
static void
test_nul_bytes_per_line (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "contacts.csv", NULL);
  g_autoptr(GString) text = g_string_new ("email,name\n");
  g_autoptr(BounceContactList) list = NULL;
  GPtrArray *diagnostics;
  static const guint expected_lines[] = { 2, 4, 5 };

  g_string_append_len (text, "ann@example.com,A\0\0\0nn\n", 23);
  g_string_append (text, "bob@example.com,Bob\n");
  g_string_append (text, "cid@example.com,");
  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (text, '\0');
  g_string_append (text, "\n");
  g_string_append_len (text, "dan@example.com,\0Dan\n", 21);
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);

  list = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 4);
  g_assert_cmpstr (bounce_contact_list_get_address (list, 3), ==, "dan@example.com");

  diagnostics = bounce_contact_list_get_diagnostics (list);
  g_assert_cmpuint (count_diagnostics (list, "nul-byte"), ==, G_N_ELEMENTS (expected_lines));
  for (guint i = 0, found = 0; i < diagnostics->len; i++)
    {
      const BounceDiagnostic *diagnostic = diagnostics->pdata[i];

      if (!g_str_equal (diagnostic->code, "nul-byte"))
        continue;
      g_assert_cmpuint (diagnostic->line, ==, expected_lines[found++]);
    }

  assert_round_trip (list);

  g_unlink (path);
  g_rmdir (dir);
}

/* Writes @text to a temporary file and loads it. */
static BounceContactList *
load_text (const char  *text,
           char       **dir_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "contacts.csv", NULL);
  BounceContactList *list;

  g_assert_no_error (error);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  list = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  *dir_out = g_steal_pointer (&dir);

  return list;
}

static void
remove_text (BounceContactList *list,
             const char        *dir)
{
  g_unlink (bounce_contact_list_get_path (list));
  g_rmdir (dir);
}

/* A CRM export's owner or assignee column outvotes the customers' own
 * column when some customers have no address. It is a close call, as is
 * a column whose few addresses come back on many rows. */
static void
test_staff_column_close_call (void)
{
  static const char * const texts[] = {
    "Customer,Assigned To,Note\n"
    "vic.moss@example.com,rep1@shop.example.org,x\n"
    "uma.kerr@example.com,rep2@shop.example.org,\n"
    "ada.lind@example.com,rep1@shop.example.org,\n"
    ",rep3@shop.example.org,\n",
    "Contact,Owner Email,Note\n"
    "vic.moss@example.com,rep1@shop.example.org,x\n"
    "uma.kerr@example.com,rep2@shop.example.org,\n"
    "ada.lind@example.com,rep1@shop.example.org,\n"
    ",rep3@shop.example.org,\n",
    "Customer,Contact\n"
    "vic.moss@example.com,rep1@shop.example.org\n"
    ",rep1@shop.example.org\n"
    "ada.lind@example.com,rep2@shop.example.org\n"
    ",rep1@shop.example.org\n"
    ",rep2@shop.example.org\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *dir = NULL;
      g_autoptr(BounceContactList) list = load_text (texts[i], &dir);
      GArray *candidates = bounce_contact_list_get_candidate_columns (list);

      g_assert_true (bounce_contact_list_is_uncertain (list));
      g_assert_cmpuint (candidates->len, ==, 2);
      g_assert_cmpuint (g_array_index (candidates, guint, 0), ==, 0);
      g_assert_cmpuint (g_array_index (candidates, guint, 1), ==, 1);
      g_assert_cmpint (bounce_contact_list_get_suggested_email_column (list), ==, 0);
      remove_text (list, dir);
    }
}

/* A column of addresses under a header that is no known name, such as
 * "Assistant Email", is matched as the named ones are. A notes column
 * that names an address now and then is not. */
static void
test_unnamed_address_column (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BounceContactList) list = NULL;
  GArray *email_columns;
  GArray *address_columns;

  list = load_text ("Full Name,Work Email,Home Email,Assistant Email,Notes\n"
                    "Ann,ann@work.example.com,ann@home.example.net,pa.ann@example.org,\n"
                    "Bob,bob@work.example.com,,pa.bob@example.org,call first\n"
                    "Cy,cy@work.example.com,cy@home.example.net,pa.cy@example.org,\n"
                    "Di,di@work.example.com,,,old address di@old.example.com\n"
                    "Ed,ed@work.example.com,,pa.ed@example.org,vip\n"
                    "Flo,flo@work.example.com,,pa.flo@example.org,no calls\n", &dir);

  g_assert_cmpint (bounce_contact_list_get_email_column (list), ==, 1);
  email_columns = bounce_contact_list_get_email_columns (list);
  g_assert_cmpuint (email_columns->len, ==, 3);
  g_assert_cmpuint (g_array_index (email_columns, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (email_columns, guint, 1), ==, 2);
  g_assert_cmpuint (g_array_index (email_columns, guint, 2), ==, 3);
  /* The notes column contains an address, but is not matched. */
  address_columns = bounce_contact_list_get_address_columns (list);
  g_assert_cmpuint (address_columns->len, ==, 4);

  /* The assistant's address is read for matching. */
  g_assert_true (g_strv_contains (_bounce_contact_list_get_extra_addresses (list, 0), "pa.ann@example.org"));
  g_assert_true (g_strv_contains (_bounce_contact_list_get_extra_addresses (list, 1), "pa.bob@example.org"));
  g_assert_null (_bounce_contact_list_get_extra_addresses (list, 3));

  remove_text (list, dir);
}

/* The first 50 diagnostics of a kind are listed with their lines, and
 * the others summed up in one without a line. */
static void
test_diagnostics_summed (void)
{
  g_autoptr(GString) text = g_string_new ("email,name\n");
  g_autoptr(BounceContactList) list = NULL;
  g_autofree char *dir = NULL;
  GPtrArray *diagnostics;
  const BounceDiagnostic *sum;

  for (guint i = 0; i < 60; i++)
    g_string_append_printf (text, "person%u@example.com,Person %u,extra\nok%u@example.com,Ok %u\n", i, i, i, i);

  list = load_text (text->str, &dir);
  diagnostics = bounce_contact_list_get_diagnostics (list);
  g_assert_cmpuint (count_diagnostics (list, "ragged-row"), ==, 51);
  for (guint i = 0; i < 50; i++)
    g_assert_cmpuint (((BounceDiagnostic *) diagnostics->pdata[i])->line, ==, 2 + 2 * i);
  sum = diagnostics->pdata[50];
  g_assert_cmpuint (sum->line, ==, 0);
  g_assert_cmpstr (sum->message, ==, "10 more lines have the same problem (ragged-row).");

  remove_text (list, dir);
}

/* A quote never closed before the end of the file ends its row at the end
 * of its own line. */
static void
test_unclosed_quote_at_end (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BounceContactList) list =
    load_text ("email,name\n"
               "gone@example.com,\"John\n"
               "keep@example.com,Jane\n"
               "notfound@example.com,Bob\n", &dir);
  g_autofree char *name = bounce_contact_list_dup_cell (list, 0, 1);
  g_autofree char *after = bounce_contact_list_dup_cell (list, 1, 1);
  GArray *damaged = bounce_contact_list_get_damaged_rows (list);
  const BounceDiagnostic *diagnostic;

  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 3);
  g_assert_cmpstr (bounce_contact_list_get_address (list, 0), ==, "gone@example.com");
  g_assert_cmpstr (bounce_contact_list_get_address (list, 1), ==, "keep@example.com");
  g_assert_cmpstr (bounce_contact_list_get_address (list, 2), ==, "notfound@example.com");
  g_assert_cmpuint (bounce_contact_list_get_line (list, 1), ==, 3);
  g_assert_cmpstr (name, ==, "John");
  g_assert_cmpstr (after, ==, "Jane");
  g_assert_true (bounce_contact_list_is_row_damaged (list, 0));
  g_assert_false (bounce_contact_list_is_row_damaged (list, 1));
  g_assert_false (bounce_contact_list_is_row_damaged (list, 2));
  g_assert_cmpuint (damaged->len, ==, 1);
  g_assert_cmpuint (g_array_index (damaged, guint, 0), ==, 0);

  diagnostic = find_diagnostic (list, "unbalanced-quote");
  g_assert_cmpuint (diagnostic->line, ==, 2);
  g_assert_nonnull (strstr (diagnostic->message, "line 2"));

  assert_round_trip (list);
  remove_text (list, dir);
}

static BounceContactList *load_path_split (const char *path,
                                            gsize       split_min_bytes);

/* A quote closed on a later line is read as written, whatever the lines
 * in between look like (RFC 4180, section 2, rule 6). Here some have a
 * contact's shape. The loader once took such a line for a quote never
 * closed and split Paul's notes into contacts of their own. */
static void
test_unclosed_quote_closed_later (void)
{
  g_autoptr(BounceContactList) list = load_fixture ("multiline-contact-lines.csv");
  g_autofree char *old = bounce_contact_list_dup_cell (list, 0, 2);
  g_autofree char *notes = bounce_contact_list_dup_cell (list, 1, 2);

  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 3);
  g_assert_cmpstr (bounce_contact_list_get_address (list, 0), ==, "jane.doe@example.com");
  g_assert_cmpstr (bounce_contact_list_get_address (list, 1), ==, "paul.keep@example.com");
  g_assert_cmpstr (bounce_contact_list_get_address (list, 2), ==, "last.row@example.com");
  g_assert_cmpuint (bounce_contact_list_get_line (list, 2), ==, 7);
  g_assert_cmpstr (old, ==, "Old address:\r\nJane Doe,jane.old@example.com,moved");
  g_assert_cmpstr (notes, ==, "Met at fair\r\nFrank Hale,frank@example.com,colleague\r\nfollow up");
  g_assert_cmpuint (bounce_contact_list_get_damaged_rows (list)->len, ==, 0);
  g_assert_cmpuint (count_diagnostics (list, "unbalanced-quote"), ==, 0);

  assert_round_trip (list);
}

/* A line with a contact's shape inside a quoted cell, in the first, a
 * middle and the last column, with both line endings, read on one thread
 * and in two halves split inside the cell. */
static void
test_multiline_contact_lines (void)
{
  static const char * const newlines[] = { "\n", "\r\n" };
  static const guint columns[] = { 0, 2, 3 };

  for (guint n = 0; n < G_N_ELEMENTS (newlines); n++)
    for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
      {
        const char *nl = newlines[n];
        g_autoptr(GError) error = NULL;
        g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
        g_autofree char *path = g_build_filename (dir, "contacts.csv", NULL);
        g_autoptr(GString) cell = g_string_new ("Assistant:");
        g_autoptr(GString) text = g_string_new (NULL);
        const char *fields[] = { "Frank", "frank@example.com", "EA", "Lisbon" };
        g_autoptr(BounceContactList) one = NULL;
        g_autoptr(BounceContactList) two = NULL;
        g_autofree char *one_cell = NULL;
        g_autofree char *two_cell = NULL;
        g_autofree char *quoted = NULL;

        g_assert_no_error (error);

        /* Enough lines of the cell that the middle of the file is in it. */
        for (guint i = 0; i < 400; i++)
          g_string_append_printf (cell, "%sJane %u,jane%u@example.com,EA,Porto", nl, i, i);
        g_string_append_printf (cell, "%sCall first", nl);
        quoted = g_strdup_printf ("\"%s\"", cell->str);
        fields[columns[c]] = quoted;

        g_string_append_printf (text, "Name,Email,Role,City%s", nl);
        for (guint i = 0; i < 100; i++)
          g_string_append_printf (text, "Ann %u,ann%u@example.org,CEO,Rome%s", i, i, nl);
        g_string_append_printf (text, "%s,%s,%s,%s%s", fields[0], fields[1], fields[2], fields[3], nl);
        for (guint i = 0; i < 100; i++)
          g_string_append_printf (text, "Paul %u,paul%u@example.net,CTO,Oslo%s", i, i, nl);
        g_file_set_contents (path, text->str, text->len, &error);
        g_assert_no_error (error);

        one = load_path_split (path, G_MAXSIZE);
        two = load_path_split (path, 0);
        for (guint i = 0; i < 2; i++)
          {
            BounceContactList *list = i == 0 ? one : two;

            g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 201);
            g_assert_cmpstr (bounce_contact_list_get_address (list, 100), ==, "frank@example.com");
            g_assert_cmpstr (bounce_contact_list_get_address (list, 101), ==, "paul0@example.net");
            g_assert_cmpuint (bounce_contact_list_get_damaged_rows (list)->len, ==, 0);
            g_assert_cmpuint (count_diagnostics (list, "unbalanced-quote"), ==, 0);
            assert_round_trip (list);
          }
        one_cell = bounce_contact_list_dup_cell (one, 100, columns[c]);
        two_cell = bounce_contact_list_dup_cell (two, 100, columns[c]);
        g_assert_cmpstr (one_cell, ==, cell->str);
        g_assert_cmpstr (two_cell, ==, cell->str);

        g_unlink (path);
        g_rmdir (dir);
      }
}

/* A stray quote that a later quoted cell seems to close: libcsv would
 * read every row in between into one cell, since it reads on past the
 * undoubled quote that opens the later cell. The stray quote's row ends
 * with its own line instead, and the rows after it stay rows, on one
 * thread and in two halves. */
static void
test_stray_quote_closed_by_later_cell (void)
{
  static const char * const newlines[] = { "\n", "\r\n" };

  for (guint n = 0; n < G_N_ELEMENTS (newlines); n++)
    {
      const char *nl = newlines[n];
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
      g_autofree char *path = g_build_filename (dir, "contacts.csv", NULL);
      g_autoptr(GString) text = g_string_new (NULL);

      g_assert_no_error (error);
      g_string_append_printf (text, "Email,Name,City%s", nl);
      for (guint i = 0; i < 300; i++)
        {
          const char *name = i == 250 ? "\"Smith, John\"" : "Ann";
          const char *city = i == 20 ? "\"Paris" : "Rome";

          g_string_append_printf (text, "ann%u@example.org,%s,%s%s", i, name, city, nl);
        }
      g_file_set_contents (path, text->str, text->len, &error);
      g_assert_no_error (error);

      for (guint i = 0; i < 2; i++)
        {
          g_autoptr(BounceContactList) list = load_path_split (path, i == 0 ? G_MAXSIZE : 0);
          GArray *damaged = bounce_contact_list_get_damaged_rows (list);
          g_autofree char *city = bounce_contact_list_dup_cell (list, 20, 2);
          g_autofree char *name = bounce_contact_list_dup_cell (list, 250, 1);
          const BounceDiagnostic *diagnostic;

          g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 300);
          g_assert_cmpstr (bounce_contact_list_get_address (list, 21), ==, "ann21@example.org");
          g_assert_cmpstr (bounce_contact_list_get_address (list, 299), ==, "ann299@example.org");
          g_assert_cmpstr (city, ==, "Paris");
          g_assert_cmpstr (name, ==, "Smith, John");
          g_assert_cmpuint (damaged->len, ==, 1);
          g_assert_cmpuint (g_array_index (damaged, guint, 0), ==, 20);

          diagnostic = find_diagnostic (list, "unbalanced-quote");
          g_assert_cmpuint (diagnostic->line, ==, 22);
          assert_round_trip (list);
        }

      g_unlink (path);
      g_rmdir (dir);
    }
}

/* After a quote that runs to the end of the file, a later quote still
 * open at a line break is never closed either, and each is reported on
 * its own line. */
static void
test_unclosed_quotes_after_one (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BounceContactList) list =
    load_text ("email,name\n"
               "ann@example.com,\"Ann\n"
               "bob@example.com,Bob\n"
               "cid@example.com,\"Cid\n"
               "dan@example.com,Dan\n", &dir);
  GPtrArray *diagnostics = bounce_contact_list_get_diagnostics (list);
  GArray *damaged = bounce_contact_list_get_damaged_rows (list);

  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 4);
  g_assert_cmpstr (bounce_contact_list_get_address (list, 1), ==, "bob@example.com");
  g_assert_cmpstr (bounce_contact_list_get_address (list, 3), ==, "dan@example.com");
  g_assert_cmpuint (damaged->len, ==, 2);
  g_assert_cmpuint (g_array_index (damaged, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (damaged, guint, 1), ==, 2);
  g_assert_cmpuint (count_diagnostics (list, "unbalanced-quote"), ==, 2);
  g_assert_cmpuint (((BounceDiagnostic *) diagnostics->pdata[0])->line, ==, 2);
  g_assert_cmpuint (((BounceDiagnostic *) diagnostics->pdata[1])->line, ==, 4);

  assert_round_trip (list);
  remove_text (list, dir);
}

/* A row that ends early at a quote that is never closed has too few
 * fields, but the unclosed quote's warning already explains that, so no
 * second warning counts its fields. */
static void
test_unclosed_quote_one_warning (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BounceContactList) list =
    load_text ("email,name,city\n"
               "alice@example.com,Alice,Paris\n"
               "bob@example.net,\"Bob,Lyon\n"
               "dave@example.com,Dave,Rome\n", &dir);

  g_assert_true (bounce_contact_list_is_row_damaged (list, 1));
  g_assert_cmpuint (count_diagnostics (list, "unbalanced-quote"), ==, 1);
  g_assert_cmpuint (count_diagnostics (list, "ragged-row"), ==, 0);

  remove_text (list, dir);
}

/* A quoted field with text after its closing quote, as in
 * `"u v"@example.com`, never ends, and the warning states that the quote
 * was closed on its line but followed by text, not that it was never
 * closed. */
static void
test_text_after_closing_quote (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BounceContactList) list =
    load_text ("email\n"
               "a@example.com\n"
               "\"u v\"@example.com\n"
               "w@example.com\n", &dir);
  const BounceDiagnostic *diagnostic = find_diagnostic (list, "unbalanced-quote");

  g_assert_nonnull (diagnostic);
  g_assert_cmpuint (diagnostic->line, ==, 3);
  g_assert_nonnull (strstr (diagnostic->message, "has text after its closing quote"));
  g_assert_null (strstr (diagnostic->message, "never closed"));
  g_assert_cmpstr (bounce_contact_list_get_address (list, 2), ==, "w@example.com");

  remove_text (list, dir);
}

/* The last line of a multi-line first cell has the usual field count and
 * an address, like a contact of its own, but it closes the open quote, so
 * it ends the row. A line that does not close it still starts a row. */
static void
test_multiline_first_column (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *unclosed_dir = NULL;
  g_autoptr(BounceContactList) list =
    load_text ("Name,Email,City\n"
               "\"Ann\nBad\",ann.bad@example.com,Berlin\n"
               "Carl,carl@example.org,Paris\n"
               "Dora,dora.work@example.com,Rome\n", &dir);
  g_autoptr(BounceContactList) unclosed =
    load_text ("Name,Email,City\n"
               "\"Ann,ann.bad@example.com,Berlin\n"
               "Carl,carl@example.org,Paris\n", &unclosed_dir);
  g_autofree char *name = bounce_contact_list_dup_cell (list, 0, 0);

  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 3);
  g_assert_cmpstr (name, ==, "Ann\nBad");
  g_assert_cmpstr (bounce_contact_list_get_address (list, 0), ==, "ann.bad@example.com");
  g_assert_cmpstr (bounce_contact_list_get_address (list, 1), ==, "carl@example.org");
  g_assert_cmpuint (bounce_contact_list_get_line (list, 1), ==, 4);
  g_assert_cmpuint (bounce_contact_list_get_damaged_rows (list)->len, ==, 0);
  g_assert_cmpuint (count_diagnostics (list, "unbalanced-quote"), ==, 0);
  assert_round_trip (list);

  g_assert_cmpuint (bounce_contact_list_get_n_rows (unclosed), ==, 2);
  g_assert_true (bounce_contact_list_is_row_damaged (unclosed, 0));
  g_assert_cmpstr (bounce_contact_list_get_address (unclosed, 1), ==, "carl@example.org");
  g_assert_cmpuint (count_diagnostics (unclosed, "unbalanced-quote"), ==, 1);

  remove_text (list, dir);
  remove_text (unclosed, unclosed_dir);
}

/* A quote inside a quoted field that is not doubled, as in
 * `"said 5" tall"`, is reported on its line, while the row is read as
 * libcsv reads it and written back byte for byte. A quote inside an
 * unquoted field is no problem, and a row whose quote is never closed
 * gets that diagnostic alone. Read on one thread and in two halves. */
static void
test_undoubled_quote (void)
{
  g_autofree char *path = fixture_path ("bad-undoubled-quote.csv");
  g_autofree char *unclosed_dir = NULL;
  g_autoptr(BounceContactList) unclosed =
    load_text ("email,height\n"
               "ann@example.com,\"said 5\" tall\n"
               "bob@example.com,\"6 ft\"\n", &unclosed_dir);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(BounceContactList) list = load_path_split (path, i == 0 ? G_MAXSIZE : 0);
      GPtrArray *diagnostics = bounce_contact_list_get_diagnostics (list);
      g_autofree char *height = bounce_contact_list_dup_cell (list, 0, 2);
      g_autofree char *unquoted = bounce_contact_list_dup_cell (list, 1, 2);
      g_autofree char *notes = bounce_contact_list_dup_cell (list, 3, 3);
      g_autofree char *after = bounce_contact_list_dup_cell (list, 3, 2);
      const BounceDiagnostic *first;
      const BounceDiagnostic *second;

      g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 4);
      g_assert_cmpstr (height, ==, "said 5\" tall");
      g_assert_cmpstr (unquoted, ==, "5\" 10");
      g_assert_cmpstr (after, ==, "ran \"fast\" today");
      g_assert_cmpstr (notes, ==, "y");
      g_assert_cmpstr (bounce_contact_list_get_address (list, 3), ==, "dan.okafor@example.com");
      g_assert_cmpuint (bounce_contact_list_get_damaged_rows (list)->len, ==, 0);

      g_assert_cmpuint (diagnostics->len, ==, 2);
      first = diagnostics->pdata[0];
      second = diagnostics->pdata[1];
      g_assert_cmpstr (first->code, ==, BOUNCE_DIAGNOSTIC_UNDOUBLED_QUOTE);
      g_assert_cmpuint (first->line, ==, 2);
      g_assert_cmpstr (first->file, ==, path);
      g_assert_false (bounce_diagnostic_is_damage (first));
      g_assert_cmpstr (second->code, ==, BOUNCE_DIAGNOSTIC_UNDOUBLED_QUOTE);
      g_assert_cmpuint (second->line, ==, 5);

      assert_round_trip (list);
    }

  g_assert_true (bounce_contact_list_is_row_damaged (unclosed, 0));
  g_assert_cmpuint (count_diagnostics (unclosed, "unbalanced-quote"), ==, 1);
  g_assert_cmpuint (count_diagnostics (unclosed, BOUNCE_DIAGNOSTIC_UNDOUBLED_QUOTE), ==, 0);
  remove_text (unclosed, unclosed_dir);
}

/* Excel's "sep=X" first line sets the delimiter, and it is written back
 * as it is, but it is neither the header nor a row. */
static void
test_sep_line (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *plain_dir = NULL;
  g_autoptr(BounceContactList) list =
    load_text ("sep=;\r\n"
               "Name;Email\r\n"
               "\"Doe, Jane\";jane.doe@example.com\r\n"
               "Roe, Rick;rick@example.org\r\n", &dir);
  g_autoptr(BounceContactList) no_header = NULL;
  BounceCsvDialect options;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = bounce_contact_list_dup_cell (list, 1, 0);

  g_assert_cmpint (bounce_contact_list_get_dialect (list)->delimiter, ==, ';');
  g_assert_true (bounce_contact_list_get_dialect (list)->has_header);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 2);
  g_assert_cmpuint (bounce_contact_list_get_n_columns (list), ==, 2);
  g_assert_cmpstr (bounce_contact_list_get_column_name (list, 1), ==, "Email");
  g_assert_cmpint (bounce_contact_list_get_email_column (list), ==, 1);
  g_assert_cmpstr (bounce_contact_list_get_address (list, 0), ==, "jane.doe@example.com");
  g_assert_cmpuint (bounce_contact_list_get_line (list, 0), ==, 3);
  g_assert_cmpstr (name, ==, "Roe, Rick");
  g_assert_cmpuint (bounce_contact_list_get_diagnostics (list)->len, ==, 0);
  assert_round_trip (list);

  /* Without a header, the rows start right after the "sep=" line. */
  plain_dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autofree char *path = g_build_filename (plain_dir, "contacts.csv", NULL);

    g_file_set_contents (path, "SEP=|\nann@example.net|Ann\nbob@example.net|Bob\n", -1, &error);
    g_assert_no_error (error);
    bounce_csv_dialect_init (&options);
    options.has_header = 0;
    no_header = bounce_contact_list_new_from_file (path, &options, NULL, &error);
    bounce_csv_dialect_clear (&options);
    g_assert_no_error (error);
  }
  g_assert_cmpint (bounce_contact_list_get_dialect (no_header)->delimiter, ==, '|');
  g_assert_cmpuint (bounce_contact_list_get_n_rows (no_header), ==, 2);
  g_assert_cmpstr (bounce_contact_list_get_address (no_header, 0), ==, "ann@example.net");
  g_assert_cmpuint (bounce_contact_list_get_line (no_header, 0), ==, 2);
  assert_round_trip (no_header);

  remove_text (list, dir);
  remove_text (no_header, plain_dir);
}

/* Notes and title lines above the header, as LinkedIn's Connections.csv
 * writes them, are neither the header nor rows: they are written back
 * before the header, unchanged. */
static void
test_title_lines (void)
{
  g_autoptr(BounceContactList) notes = load_fixture ("title-notes.csv");
  g_autoptr(BounceContactList) title = load_fixture ("title-line.csv");
  g_autoptr(BounceContactList) plain = load_fixture ("comma-lf.csv");
  BounceCsvSpan head = _bounce_contact_list_get_head (notes);
  g_autofree char *head_text = g_strndup (head.text, head.length);

  g_assert_cmpuint (bounce_contact_list_get_n_title_lines (notes), ==, 3);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (notes), ==, 3);
  g_assert_cmpuint (bounce_contact_list_get_n_columns (notes), ==, 7);
  g_assert_cmpstr (bounce_contact_list_get_column_name (notes, 3), ==, "Email Address");
  g_assert_cmpstr (bounce_contact_list_get_column_name (notes, 6), ==, "Connected On");
  g_assert_null (bounce_contact_list_get_address (notes, 1));
  g_assert_cmpstr (bounce_contact_list_get_address (notes, 2), ==, "paula.stone@example.org");
  g_assert_cmpuint (bounce_contact_list_get_line (notes, 2), ==, 7);
  g_assert_false (bounce_contact_list_is_uncertain (notes));
  g_assert_cmpuint (bounce_contact_list_get_diagnostics (notes)->len, ==, 0);
  g_assert_true (g_str_has_prefix (head_text, "Notes:\n\""));
  g_assert_true (g_str_has_suffix (head_text, "\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n"));
  assert_round_trip (notes);

  g_assert_cmpuint (bounce_contact_list_get_n_title_lines (title), ==, 1);
  g_assert_cmpstr (bounce_contact_list_get_column_name (title, 1), ==, "Name");
  g_assert_cmpuint (bounce_contact_list_get_n_rows (title), ==, 2);
  g_assert_cmpuint (bounce_contact_list_get_diagnostics (title)->len, ==, 0);
  assert_round_trip (title);

  g_assert_cmpuint (bounce_contact_list_get_n_title_lines (plain), ==, 0);
}

/* A title cell that Excel saved with the row's other cells empty, or a
 * title with as many fields as the header, is still a title. A record
 * with an address above a header-like line is a contact, never a title. */
static void
test_title_lines_padded (void)
{
  g_autofree char *padded_dir = NULL;
  g_autofree char *three_dir = NULL;
  g_autofree char *contact_dir = NULL;
  g_autoptr(BounceContactList) padded = load_text ("Contact list;;;\r\n"
                                                   ";;;\r\n"
                                                   "name;email;company;phone\r\n"
                                                   "Jane;jane@example.com;Acme;1\r\n"
                                                   "Bob;bob@example.net;Beta;2\r\n", &padded_dir);
  g_autoptr(BounceContactList) three = load_text ("Report,Contacts,2026-12-01\n"
                                                  "name,email,company\n"
                                                  "Jane,jane@example.com,Acme\n"
                                                  "Bob,bob@example.net,Beta\n", &three_dir);
  g_autoptr(BounceContactList) contact = load_text ("Jane,jane@example.com\n"
                                                    "name,email,company\n"
                                                    "Carl,carl@example.org,Gamma\n", &contact_dir);

  g_assert_cmpuint (bounce_contact_list_get_n_title_lines (padded), ==, 2);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (padded), ==, 2);
  g_assert_cmpstr (bounce_contact_list_get_column_name (padded, 1), ==, "email");
  g_assert_cmpstr (bounce_contact_list_get_address (padded, 0), ==, "jane@example.com");
  assert_round_trip (padded);

  g_assert_cmpuint (bounce_contact_list_get_n_title_lines (three), ==, 1);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (three), ==, 2);
  g_assert_cmpstr (bounce_contact_list_get_column_name (three, 1), ==, "email");
  assert_round_trip (three);

  g_assert_cmpuint (bounce_contact_list_get_n_title_lines (contact), ==, 0);
  g_assert_cmpstr (bounce_contact_list_get_address (contact, 0), ==, "jane@example.com");

  remove_text (padded, padded_dir);
  remove_text (three, three_dir);
  remove_text (contact, contact_dir);
}

/* A title that names the account of the export by its address is a
 * title too: the header below it is found, and the title's address is
 * no contact. */
static void
test_title_line_with_address (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BounceContactList) list = load_text ("Export for owner@example.com, 2026-11-30\n"
                                                 "Email,First Name,Last Name\n"
                                                 "ada@example.com,Ada,Lovelace\n"
                                                 "bob@example.net,Bob,Stone\n", &dir);

  g_assert_cmpuint (bounce_contact_list_get_n_title_lines (list), ==, 1);
  g_assert_true (bounce_contact_list_get_dialect (list)->has_header);
  g_assert_cmpstr (bounce_contact_list_get_column_name (list, 0), ==, "Email");
  g_assert_cmpint (bounce_contact_list_get_email_column (list), ==, 0);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 2);
  g_assert_cmpstr (bounce_contact_list_get_address (list, 0), ==, "ada@example.com");
  g_assert_cmpstr (bounce_contact_list_get_address (list, 1), ==, "bob@example.net");
  g_assert_cmpuint (bounce_contact_list_get_diagnostics (list)->len, ==, 0);
  assert_round_trip (list);

  remove_text (list, dir);
}

/* A close vote between two columns of addresses without a known name
 * makes the list uncertain and names both columns, and a chosen column
 * leaves no candidates. Every column with addresses is listed. */
static void
test_close_call_columns (void)
{
  g_autoptr(BounceContactList) list = load_fixture ("close-call.csv");
  g_autoptr(BounceContactList) chosen = NULL;
  g_autoptr(BounceContactList) named = load_fixture ("google.csv");
  g_autofree char *path = fixture_path ("close-call.csv");
  g_autoptr(GError) error = NULL;
  GArray *candidates = bounce_contact_list_get_candidate_columns (list);
  GArray *address_columns = bounce_contact_list_get_address_columns (list);
  BounceCsvDialect options;

  g_assert_true (bounce_contact_list_is_uncertain (list));
  g_assert_cmpuint (candidates->len, ==, 2);
  g_assert_cmpuint (g_array_index (candidates, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (candidates, guint, 1), ==, 2);
  g_assert_cmpuint (address_columns->len, ==, 2);
  g_assert_cmpuint (g_array_index (address_columns, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (address_columns, guint, 1), ==, 2);

  bounce_csv_dialect_init (&options);
  options.email_column = 2;
  chosen = bounce_contact_list_new_from_file (path, &options, NULL, &error);
  bounce_csv_dialect_clear (&options);
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_contact_list_get_candidate_columns (chosen)->len, ==, 0);
  g_assert_false (bounce_contact_list_is_uncertain (chosen));
  g_assert_cmpstr (bounce_contact_list_get_address (chosen, 0), ==, "dana.ellis@example.net");

  g_assert_cmpuint (bounce_contact_list_get_candidate_columns (named)->len, ==, 0);
}

/* No-break, ideographic and zero-width spaces around an address, and
 * Excel's ="…" form, are trimmed for matching and checks; inside an
 * address they make it invalid with a reason that names them. A
 * placeholder such as "N/A" is no address, like an empty cell. Every
 * row is written as it was. */
static void
test_invisible_spaces (void)
{
  static const char * const padded[] = {
    "ada.nbsp@example.com", "bea.figure@example.com", "cal.narrow@example.com",
    "dan.ideo@example.com", "eva.zw@example.com", "fay.zwj@example.com",
    "gus.wj@example.com", "hal.excel@example.com", "ida.quoted@example.com",
  };
  g_autoptr(BounceContactList) list = load_fixture ("invisible-spaces.csv");
  g_autoptr(BounceHygiene) hygiene = bounce_hygiene_new (list, NULL);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_autofree char *output = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *removed = g_build_filename (dir, "removed.csv", NULL);
  g_autofree char *jo_message = NULL;
  g_autofree char *kai_message = NULL;
  g_autofree char *kept_text = NULL;
  BounceCleanPolicy policy;
  BounceCleanSummary summary;

  g_assert_no_error (error);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 16);

  for (guint row = 0; row < G_N_ELEMENTS (padded); row++)
    {
      g_assert_cmpstr (bounce_contact_list_get_address (list, row), ==, padded[row]);
      g_assert_false (bounce_hygiene_is_invalid (hygiene, row));
      g_ptr_array_add (records, record_fixture_new_hard (padded[row]));
    }

  /* Rows 9 and 10: "jo\u00a0nbsp@…" and "kai@exam\u200bple.com". */
  g_assert_true (bounce_hygiene_is_invalid (hygiene, 9));
  g_assert_true (bounce_hygiene_is_invalid (hygiene, 10));
  jo_message = bounce_hygiene_dup_syntax_message (hygiene, 9);
  kai_message = bounce_hygiene_dup_syntax_message (hygiene, 10);
  g_assert_cmpstr (jo_message, ==, "It contains a no-break space (U+00A0), which cannot be seen but makes the address invalid.");
  g_assert_cmpstr (kai_message, ==, "It contains a zero-width space (U+200B), which cannot be seen but makes the address invalid.");

  /* Rows 11 to 15: "-", "N/A", "(no email)", "none" and "?". */
  for (guint row = 11; row < 16; row++)
    {
      g_assert_null (bounce_contact_list_get_address (list, row));
      g_assert_false (bounce_hygiene_is_invalid (hygiene, row));
    }
  g_assert_cmpuint (bounce_hygiene_get_counts (hygiene)->empty, ==, 5);
  g_assert_cmpuint (bounce_hygiene_get_counts (hygiene)->invalid, ==, 2);

  cleaner = bounce_cleaner_new (list, records);
  bounce_clean_policy_init (&policy);
  policy.hygiene = hygiene;
  g_assert_true (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE,
                                       output, removed, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rows_in, ==, 16);
  g_assert_cmpuint (summary.removed_hard, ==, G_N_ELEMENTS (padded));
  g_assert_cmpuint (summary.removed_invalid, ==, 2);
  g_assert_cmpuint (summary.rows_kept, ==, 5);
  g_assert_cmpuint (summary.rows_kept + summary.rows_removed, ==, summary.rows_in);

  g_file_get_contents (output, &kept_text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept_text, ==, "email,name\n-,Lee\nN/A,Max\n(no email),Ned\nnone,Ola\n?,Pat\n");

  g_unlink (output);
  g_unlink (removed);
  g_rmdir (dir);
}

/* A last line of only a Ctrl-Z, the end-of-file mark of DOS programs,
 * is no row: it stays in the tail and is written back unchanged. */
static void
test_ctrl_z_tail (void)
{
  g_autoptr(BounceContactList) list = load_fixture ("ctrl-z.csv");
  g_autoptr(BounceContactList) inside = NULL;
  g_autofree char *inside_dir = NULL;
  BounceCsvSpan tail = _bounce_contact_list_get_tail (list);

  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 2);
  g_assert_cmpstr (bounce_contact_list_get_address (list, 1), ==, "ann.ott@example.org");
  g_assert_cmpmem (tail.text, tail.length, "\x1a", 1);
  g_assert_cmpuint (bounce_contact_list_get_diagnostics (list)->len, ==, 0);
  assert_round_trip (list);

  /* A Ctrl-Z at the end of a row is part of the row, and one alone on
   * the last line is no row with a line end after it too. */
  inside = load_text ("email,name\nbob.ng@example.net,Bob\x1a\n\x1a\n", &inside_dir);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (inside), ==, 1);
  tail = _bounce_contact_list_get_tail (inside);
  g_assert_cmpmem (tail.text, tail.length, "\x1a\n", 2);
  assert_round_trip (inside);
  remove_text (inside, inside_dir);
}

/* A Ctrl-Z straight after the last field, with no line break before
 * it, is no part of the last address: the contact is matched, and the
 * Ctrl-Z stays at the end of the cleaned file, after the status cells. */
static void
test_ctrl_z_after_last_field (void)
{
  g_autoptr(BounceContactList) list = NULL;
  g_autoptr(BounceHygiene) hygiene = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *output_dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_autofree char *output = g_build_filename (output_dir, "out.csv", NULL);
  g_autofree char *removed = g_build_filename (output_dir, "removed.csv", NULL);
  g_autofree char *kept_text = NULL;
  g_autofree char *removed_text = NULL;
  BounceCsvSpan tail;
  BounceCleanPolicy policy;
  BounceCleanSummary summary;

  g_assert_no_error (error);
  list = load_text ("name,email\r\nBob Ng,bob.ng@example.net\r\nAnn Ott,ann.ott@example.org\x1a", &dir);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 2);
  g_assert_cmpstr (bounce_contact_list_get_address (list, 1), ==, "ann.ott@example.org");
  tail = _bounce_contact_list_get_tail (list);
  g_assert_cmpmem (tail.text, tail.length, "\x1a", 1);
  g_assert_cmpuint (bounce_contact_list_get_diagnostics (list)->len, ==, 0);
  hygiene = bounce_hygiene_new (list, NULL);
  g_assert_false (bounce_hygiene_is_invalid (hygiene, 1));
  assert_round_trip (list);

  /* Bob bounced: Ann's row gets the status cells before the Ctrl-Z. */
  g_ptr_array_add (records, record_fixture_new_hard ("bob.ng@example.net"));
  cleaner = bounce_cleaner_new (list, records);
  bounce_clean_policy_init (&policy);
  policy.hygiene = hygiene;
  g_assert_true (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_CATEGORY,
                                       output, removed, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.removed_hard, ==, 1);
  g_assert_cmpuint (summary.removed_invalid, ==, 0);
  g_assert_cmpuint (summary.rows_kept, ==, 1);

  g_file_get_contents (output, &kept_text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept_text, ==, "name,email,bounce_category\r\nAnn Ott,ann.ott@example.org,\x1a");
  g_file_get_contents (removed, &removed_text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (removed_text, "Bob Ng,bob.ng@example.net,"));
  g_assert_null (strchr (removed_text, '\x1a'));

  /* The mark with a line break after it stays in the tail too. */
  remove_text (list, dir);
  g_clear_object (&cleaner);
  g_clear_object (&hygiene);
  g_clear_object (&list);
  g_clear_pointer (&dir, g_free);
  list = load_text ("email\nann.ott@example.org\x1a\n", &dir);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 1);
  g_assert_cmpstr (bounce_contact_list_get_address (list, 0), ==, "ann.ott@example.org");
  tail = _bounce_contact_list_get_tail (list);
  g_assert_cmpmem (tail.text, tail.length, "\x1a\n", 2);
  assert_round_trip (list);
  remove_text (list, dir);

  g_unlink (output);
  g_unlink (removed);
  g_rmdir (output_dir);
}

/* A chosen email column is rejected when fewer than half of its
 * non-empty cells contain an address, and accepted at half. */
static void
test_chosen_email_column (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "contacts.csv", NULL);
  g_autoptr(BounceContactList) wrong = NULL;
  g_autoptr(BounceContactList) half = NULL;
  BounceCsvDialect options;

  g_assert_no_error (error);
  g_file_set_contents (path,
                       "Name,Email,Note\n"
                       "Ann,ann@example.com,call ann@example.com\n"
                       "Bob,bob@example.net,\n"
                       "Cid,cid@example.org,no mail\n", -1, &error);
  g_assert_no_error (error);

  bounce_csv_dialect_init (&options);
  options.email_column_name = g_strdup ("Name");
  wrong = bounce_contact_list_new_from_file (path, &options, NULL, &error);
  bounce_csv_dialect_clear (&options);
  g_assert_null (wrong);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRONG_EMAIL_COLUMN);
  g_assert_nonnull (strstr (error->message, "Column “Name” of"));
  g_assert_nonnull (strstr (error->message, "it has 3 non-empty cells."));
  g_assert_nonnull (strstr (error->message, "Only 0 of them contain an address."));
  g_assert_nonnull (strstr (error->message, "Column “Email” contains the addresses"));
  g_clear_error (&error);

  /* One of the two non-empty cells of Note contains an address. */
  bounce_csv_dialect_init (&options);
  options.email_column = 2;
  half = bounce_contact_list_new_from_file (path, &options, NULL, &error);
  bounce_csv_dialect_clear (&options);
  g_assert_no_error (error);
  g_assert_cmpint (bounce_contact_list_get_email_column (half), ==, 2);

  g_unlink (path);
  g_rmdir (dir);
}

/* A file whose fields are wrapped in single quotes, with no double quote
 * anywhere, is read with the single quote. An apostrophe in a name, or a
 * double quote anywhere, keeps the usual quote. */
static void
test_single_quotes (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *names_dir = NULL;
  g_autofree char *mixed_dir = NULL;
  g_autoptr(BounceContactList) list =
    load_text ("'Name','Email'\n"
               "'Jane','jane.doe@example.com'\n"
               "'Keep, Paul','paul.keep@example.com'\n", &dir);
  g_autoptr(BounceContactList) names =
    load_text ("Name,Email\n"
               "O'Brien,obrien@example.com\n"
               "'Ann',ann@example.com\n", &names_dir);
  g_autoptr(BounceContactList) mixed =
    load_text ("'Name','Email'\n"
               "'Jane','jane.doe@example.com'\n"
               "'Bob \"B\" Stone','bob.stone@example.net'\n", &mixed_dir);
  g_autofree char *name = bounce_contact_list_dup_cell (list, 1, 0);

  g_assert_cmpint (bounce_contact_list_get_dialect (list)->quote, ==, '\'');
  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 2);
  g_assert_cmpstr (name, ==, "Keep, Paul");
  g_assert_cmpstr (bounce_contact_list_get_address (list, 1), ==, "paul.keep@example.com");
  assert_round_trip (list);

  g_assert_cmpint (bounce_contact_list_get_dialect (names)->quote, ==, '"');
  g_assert_cmpint (bounce_contact_list_get_dialect (mixed)->quote, ==, '"');

  remove_text (list, dir);
  remove_text (names, names_dir);
  remove_text (mixed, mixed_dir);
}

/* A chosen delimiter that leaves whole lines in the email column would
 * remove every row as an invalid address, so it is rejected the same way
 * as a chosen email column, naming the detected delimiter. A chosen
 * delimiter that is the detected one is not checked. */
static void
test_chosen_delimiter (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "contacts.csv", NULL);
  const char delimiters[] = { ';', '|', 'x', ',' };

  g_assert_no_error (error);
  g_file_set_contents (path,
                       "Record ID,Name,Email,Home Email\n"
                       "1000,Ann,ann@example.com,\n"
                       "1001,Bob,bob@example.net,bob@example.org\n"
                       "1002,Cid,,\n", -1, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
    {
      g_autoptr(BounceContactList) list = NULL;
      BounceCsvDialect options;

      bounce_csv_dialect_init (&options);
      options.delimiter = delimiters[i];
      list = bounce_contact_list_new_from_file (path, &options, NULL, &error);
      bounce_csv_dialect_clear (&options);

      if (delimiters[i] == ',')
        {
          g_assert_no_error (error);
          g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 3);
          continue;
        }
      g_assert_null (list);
      g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRONG_EMAIL_COLUMN);
      /* "x" cuts every address in two. */
      if (delimiters[i] == 'x')
        g_assert_nonnull (strstr (error->message, "With the delimiter “x”, no column of"));
      else
        g_assert_nonnull (strstr (error->message, "holds an address in 0 of its 3 non-empty cells."));
      g_assert_nonnull (strstr (error->message, "The file looks separated by the comma"));
      g_clear_error (&error);
    }

  g_unlink (path);
  g_rmdir (dir);
}

/* A chosen quote character that leaves quotes around the addresses
 * would remove every row as an invalid address, so it is rejected like
 * a chosen delimiter, naming the quotes the file uses. The detected
 * quote character is not checked. */
static void
test_chosen_quote (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_autofree char *doubled = g_build_filename (dir, "double.csv", NULL);
  g_autofree char *single = g_build_filename (dir, "single.csv", NULL);
  struct
  {
    const char *path;
    char        quote;
    const char *message;
  } cases[] = {
    { doubled, '\'', "Read with single quotes, column “\"Email\"”" },
    { doubled, BOUNCE_CSV_QUOTE_NONE, "Read with no quotes, column “\"Email\"”" },
    { doubled, '"', NULL },
    { single, '"', "Read with double quotes, column “'Email'”" },
    { single, '\'', NULL },
  };

  g_assert_no_error (error);
  g_file_set_contents (doubled,
                       "\"Email\",\"Name\"\n"
                       "\"ann@example.com\",\"Ann\"\n"
                       "\"bob@example.net\",\"Bob, Jr\"\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (single,
                       "'Email','Name'\n"
                       "'ann@example.com','Ann'\n"
                       "'bob@example.net','Bob, Jr'\n", -1, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BounceContactList) list = NULL;
      BounceCsvDialect options;

      bounce_csv_dialect_init (&options);
      options.quote = cases[i].quote;
      list = bounce_contact_list_new_from_file (cases[i].path, &options, NULL, &error);
      bounce_csv_dialect_clear (&options);

      if (cases[i].message == NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 2);
          g_assert_cmpstr (bounce_contact_list_get_address (list, 1), ==, "bob@example.net");
          continue;
        }
      g_assert_null (list);
      g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRONG_EMAIL_COLUMN);
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_assert_nonnull (strstr (error->message, "holds an address in 0 of its 2 non-empty cells."));
      g_clear_error (&error);
    }

  g_unlink (doubled);
  g_unlink (single);
  g_rmdir (dir);
}

/* An encoding chosen against the file's byte-order mark, UTF-16 NUL
 * bytes or invalid UTF-8 is rejected as WRONG_ENCODING, naming the
 * encoding detected, as a chosen delimiter is. A choice the file agrees
 * with, or damage that detection reads the same way, loads. */
static void
test_chosen_encoding (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_autofree char *no_bom = g_build_filename (dir, "utf16le-no-bom.csv", NULL);
  g_autofree char *utf16le = fixture_path ("utf16le-tab.csv");
  g_autofree char *utf16be = fixture_path ("utf16be-tab.csv");
  g_autofree char *comma = fixture_path ("comma-lf.csv");
  g_autofree char *windows = fixture_path ("semicolon-crlf-1252.csv");
  g_autofree char *bom = fixture_path ("utf8-bom.csv");
  g_autofree char *damaged = fixture_path ("bad-invalid-utf8.csv");
  g_autofree char *odd = fixture_path ("bad-utf16-odd-length.csv");
  const char *text = "Email,Name\r\nann@example.com,Ann\r\nbob@example.net,Bob\r\n";
  g_autofree char *utf16 = NULL;
  gsize utf16_length = 0;
  struct
  {
    const char        *path;
    BounceCsvEncoding  chosen;
    const char        *message; /* NULL: the file loads */
  } cases[] = {
    { utf16le, BOUNCE_CSV_ENCODING_UTF8, "because it starts with the byte-order mark of UTF-16LE. The file looks like UTF-16LE text" },
    { utf16le, BOUNCE_CSV_ENCODING_WINDOWS_1252, "The file looks like UTF-16LE text" },
    { utf16le, BOUNCE_CSV_ENCODING_UTF16BE, "With the encoding UTF-16BE" },
    { utf16be, BOUNCE_CSV_ENCODING_UTF16LE, "The file looks like UTF-16BE text" },
    { no_bom, BOUNCE_CSV_ENCODING_UTF8, "because every second byte of its Latin letters is a NUL byte. The file looks like UTF-16LE text" },
    { comma, BOUNCE_CSV_ENCODING_UTF16LE, "because it has no NUL bytes, which UTF-16 text has in every Latin letter. The file looks like UTF-8 text" },
    { windows, BOUNCE_CSV_ENCODING_UTF16BE, "The file looks like Windows-1252 text" },
    { windows, BOUNCE_CSV_ENCODING_UTF8, "bytes are not valid UTF-8. The file looks like Windows-1252 text" },
    { bom, BOUNCE_CSV_ENCODING_WINDOWS_1252, "byte-order mark of UTF-8. The file looks like UTF-8 text" },
    { utf16le, BOUNCE_CSV_ENCODING_UTF16LE, NULL },
    { no_bom, BOUNCE_CSV_ENCODING_UTF16LE, NULL },
    { comma, BOUNCE_CSV_ENCODING_WINDOWS_1252, NULL },
    { windows, BOUNCE_CSV_ENCODING_WINDOWS_1252, NULL },
    { bom, BOUNCE_CSV_ENCODING_UTF8, NULL },
    { damaged, BOUNCE_CSV_ENCODING_UTF8, NULL },
  };

  g_assert_no_error (error);
  utf16 = g_convert (text, -1, "UTF-16LE", "UTF-8", NULL, &utf16_length, &error);
  g_assert_no_error (error);
  g_file_set_contents (no_bom, utf16, utf16_length, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BounceContactList) list = NULL;
      BounceCsvDialect options;

      bounce_csv_dialect_init (&options);
      options.encoding = cases[i].chosen;
      list = bounce_contact_list_new_from_file (cases[i].path, &options, NULL, &error);
      bounce_csv_dialect_clear (&options);

      if (cases[i].message == NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpint (bounce_contact_list_get_dialect (list)->encoding, ==, cases[i].chosen);
          continue;
        }
      g_assert_null (list);
      g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRONG_ENCODING);
      g_assert_nonnull (strstr (error->message, cases[i].path));
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_assert_nonnull (strstr (error->message, "choose that encoding, or let Bounce detect it."));
      g_clear_error (&error);
    }

  /* A file in the chosen UTF-16 that is cut inside a character is
   * damaged, not read with the wrong encoding. */
  {
    g_autoptr(BounceContactList) list = NULL;
    BounceCsvDialect options;

    bounce_csv_dialect_init (&options);
    options.encoding = BOUNCE_CSV_ENCODING_UTF16LE;
    list = bounce_contact_list_new_from_file (odd, &options, NULL, &error);
    g_assert_null (list);
    g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_ENCODING);
    g_clear_error (&error);
  }

  g_unlink (no_bom);
  g_rmdir (dir);
}

/* The two counts of the rejection each choose their own plural: one
 * address among three cells reads "contains", not "contain". */
static void
test_chosen_email_column_plurals (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "contacts.csv", NULL);
  g_autoptr(BounceContactList) list = NULL;
  BounceCsvDialect options;

  g_assert_no_error (error);
  g_file_set_contents (path,
                       "Name,Email,Note\n"
                       "Ann,ann@example.com,call ann@example.com\n"
                       "Bob,bob@example.net,no mail\n"
                       "Cid,cid@example.org,no mail\n", -1, &error);
  g_assert_no_error (error);

  bounce_csv_dialect_init (&options);
  options.email_column = 2;
  list = bounce_contact_list_new_from_file (path, &options, NULL, &error);
  bounce_csv_dialect_clear (&options);
  g_assert_null (list);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRONG_EMAIL_COLUMN);
  g_assert_nonnull (strstr (error->message, "it has 3 non-empty cells."));
  g_assert_nonnull (strstr (error->message, "Only 1 of them contains an address."));

  g_unlink (path);
  g_rmdir (dir);
}

/* Legitimate multi-line fields are not damage. */
static void
test_multiline_not_damaged (void)
{
  g_autoptr(BounceContactList) quoted = load_fixture ("quoted.csv");

  g_assert_cmpuint (bounce_contact_list_get_damaged_rows (quoted)->len, ==, 0);
  g_assert_cmpuint (bounce_contact_list_get_diagnostics (quoted)->len, ==, 0);
}

static BounceContactList *
load_path_split (const char *path,
                 gsize       split_min_bytes)
{
  g_autoptr(GError) error = NULL;
  BounceContactList *list;

  _bounce_contact_list_set_split_min_bytes (split_min_bytes);
  list = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  _bounce_contact_list_set_split_min_bytes (8 * 1024 * 1024);
  g_assert_no_error (error);

  return list;
}

static void
assert_same_span (BounceCsvSpan a,
                  BounceCsvSpan b)
{
  g_assert_true (a.text == b.text || (a.length == 0 && b.length == 0));
  g_assert_cmpuint (a.length, ==, b.length);
}

/* Reads @text on one thread and on two, and checks that both give the
 * same rows, spans and diagnostics. */
static void
assert_split_read_same (const char *text,
                        gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "contacts.csv", NULL);
  g_autoptr(BounceContactList) one = NULL;
  g_autoptr(BounceContactList) two = NULL;
  GPtrArray *one_diagnostics, *two_diagnostics;
  GArray *one_damaged, *two_damaged;
  guint n_rows;

  g_assert_no_error (error);
  g_file_set_contents (path, text, length, &error);
  g_assert_no_error (error);
  one = load_path_split (path, G_MAXSIZE);
  two = load_path_split (path, 0);

  g_assert_cmpint (bounce_contact_list_get_dialect (two)->encoding, ==,
                   bounce_contact_list_get_dialect (one)->encoding);
  n_rows = bounce_contact_list_get_n_rows (one);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (two), ==, n_rows);
  g_assert_cmpuint (bounce_contact_list_get_n_columns (two), ==, bounce_contact_list_get_n_columns (one));
  g_assert_cmpuint (_bounce_contact_list_get_head (two).length, ==, _bounce_contact_list_get_head (one).length);
  g_assert_cmpuint (_bounce_contact_list_get_tail (two).length, ==, _bounce_contact_list_get_tail (one).length);

  for (guint row = 0; row < n_rows; row++)
    {
      g_auto(GStrv) one_addresses = bounce_contact_list_dup_addresses (one, row);
      g_auto(GStrv) two_addresses = bounce_contact_list_dup_addresses (two, row);
      BounceCsvSpan one_span = _bounce_contact_list_get_row_span (one, row);
      BounceCsvSpan two_span = _bounce_contact_list_get_row_span (two, row);
      BounceCsvSpan one_gap = _bounce_contact_list_get_row_gap (one, row);
      BounceCsvSpan two_gap = _bounce_contact_list_get_row_gap (two, row);

      g_assert_cmpstr (bounce_contact_list_get_address (two, row), ==, bounce_contact_list_get_address (one, row));
      g_assert_true (g_strv_equal ((const char * const *) two_addresses, (const char * const *) one_addresses));
      g_assert_cmpuint (bounce_contact_list_get_line (two, row), ==, bounce_contact_list_get_line (one, row));
      g_assert_cmpint (bounce_contact_list_is_row_damaged (two, row), ==, bounce_contact_list_is_row_damaged (one, row));
      g_assert_cmpuint (_bounce_contact_list_get_n_fields (two, row), ==, _bounce_contact_list_get_n_fields (one, row));
      g_assert_cmpint (two_span.text - _bounce_contact_list_get_head (two).text, ==,
                       one_span.text - _bounce_contact_list_get_head (one).text);
      g_assert_cmpuint (two_span.length, ==, one_span.length);
      g_assert_cmpint (two_gap.text - _bounce_contact_list_get_head (two).text, ==,
                       one_gap.text - _bounce_contact_list_get_head (one).text);
      g_assert_cmpuint (two_gap.length, ==, one_gap.length);

      if (row % 97 == 0)
        {
          g_autofree char *one_cell = bounce_contact_list_dup_cell (one, row, 1);
          g_autofree char *two_cell = bounce_contact_list_dup_cell (two, row, 1);

          g_assert_cmpstr (two_cell, ==, one_cell);
        }
    }

  one_damaged = bounce_contact_list_get_damaged_rows (one);
  two_damaged = bounce_contact_list_get_damaged_rows (two);
  g_assert_cmpmem (two_damaged->data, two_damaged->len * sizeof (guint),
                   one_damaged->data, one_damaged->len * sizeof (guint));

  one_diagnostics = bounce_contact_list_get_diagnostics (one);
  two_diagnostics = bounce_contact_list_get_diagnostics (two);
  g_assert_cmpuint (two_diagnostics->len, ==, one_diagnostics->len);
  for (guint i = 0; i < one_diagnostics->len; i++)
    {
      const BounceDiagnostic *a = one_diagnostics->pdata[i];
      const BounceDiagnostic *b = two_diagnostics->pdata[i];

      g_assert_cmpuint (b->line, ==, a->line);
      g_assert_cmpstr (b->code, ==, a->code);
      g_assert_cmpstr (b->message, ==, a->message);
    }

  assert_round_trip (two);
  assert_same_span (_bounce_contact_list_get_bom (two), _bounce_contact_list_get_bom (two));

  g_unlink (path);
  g_rmdir (dir);
}

static void
append_rows (GString    *text,
             guint       first,
             guint       count,
             const char *newline)
{
  for (guint i = first; i < first + count; i++)
    {
      /* Every 7th row is ragged and every 5th has a second address. */
      if (i % 7 == 0)
        g_string_append_printf (text, "person%u@example.com,Person %u%s", i, i, newline);
      else
        g_string_append_printf (text, "person%u@example.com,\"Person, %u\",%s%s", i, i,
                                i % 5 == 0 ? "home@example.net" : "", newline);
    }
}

/* The file's two halves are read on two threads, guessing that a record
 * starts after the first line break past the middle. A wrong guess must
 * not change what is read. */
static void
test_split_read (void)
{
  g_autoptr(GString) plain = g_string_new ("email,name,home_email\n");
  g_autoptr(GString) field = g_string_new ("email,name,home_email\n");
  g_autoptr(GString) blank = g_string_new ("email,name,home_email\n");
  g_autoptr(GString) quotes = g_string_new ("email,name,home_email\n");
  g_autoptr(GString) many_quotes = g_string_new ("email,name,home_email\n");
  g_autoptr(GString) cr = g_string_new ("email,name,home_email\r");
  g_autoptr(GString) latin = g_string_new ("email,name,home_email\n");
  g_autoptr(GString) windows = g_string_new ("email;name;home_email\r\n");
  g_autoptr(GString) utf16_text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *utf16 = NULL;
  gsize utf16_length = 0;
  g_autoptr(GString) crlf = g_string_new ("\xEF\xBB\xBF" "email,name,home_email\r\n");

  /* A clean split between two records, with ragged rows on both sides. */
  append_rows (plain, 0, 800, "\n");
  assert_split_read_same (plain->str, plain->len);

  /* The middle inside a quoted field of many lines. */
  append_rows (field, 0, 300, "\n");
  g_string_append (field, "long@example.com,\"Notes");
  for (guint i = 0; i < 600; i++)
    g_string_append_printf (field, "\nline %u of the notes, no contact", i);
  g_string_append (field, "\",\n");
  append_rows (field, 300, 300, "\n");
  assert_split_read_same (field->str, field->len);

  /* The middle among blank lines between two records. */
  append_rows (blank, 0, 300, "\n");
  for (guint i = 0; i < 12000; i++)
    g_string_append_c (blank, '\n');
  append_rows (blank, 300, 300, "\n");
  g_string_append (blank, "\n\n");
  assert_split_read_same (blank->str, blank->len);

  /* Quotes never closed in both halves and at the end of the file. */
  append_rows (quotes, 0, 300, "\n");
  g_string_append (quotes, "open@example.com,\"Open\n");
  append_rows (quotes, 300, 400, "\n");
  g_string_append (quotes, "again@example.com,\"Again\n");
  append_rows (quotes, 700, 300, "\n");
  g_string_append (quotes, "last@example.com,\"Last\nno contact here\n");
  assert_split_read_same (quotes->str, quotes->len);

  /* More unclosed quotes in each half than are listed one by one. */
  for (guint i = 0; i < 1200; i++)
    {
      append_rows (many_quotes, i, 1, "\n");
      if (i % 10 == 0)
        g_string_append_printf (many_quotes, "open%u@example.com,\"Open\n", i);
    }
  assert_split_read_same (many_quotes->str, many_quotes->len);

  /* A byte that is not UTF-8 in the second half only: one damaged UTF-8
   * file, not Windows-1252, because valid multi-byte characters outnumber
   * it. */
  for (guint i = 0; i < 600; i++)
    g_string_append_printf (latin, "p%u@example.com,Jos\xC3\xA9 %u,\n", i, i);
  g_string_append (latin, "bad@example.com,Jos\xE9,\n");
  assert_split_read_same (latin->str, latin->len);

  /* Windows-1252, and UTF-16 read through its UTF-8 conversion. */
  for (guint i = 0; i < 600; i++)
    g_string_append_printf (windows, "w%u@example.com;Ren\xE9" "e %u;\r\n", i, i);
  assert_split_read_same (windows->str, windows->len);
  utf16 = g_convert (plain->str, plain->len, "UTF-16LE", "UTF-8", NULL, &utf16_length, &error);
  g_assert_no_error (error);
  g_string_append_len (utf16_text, "\xFF\xFE", 2);
  g_string_append_len (utf16_text, utf16, utf16_length);
  assert_split_read_same (utf16_text->str, utf16_text->len);

  /* Classic Mac OS line ends, and CRLF with a byte-order mark. */
  append_rows (cr, 0, 600, "\r");
  assert_split_read_same (cr->str, cr->len);
  append_rows (crlf, 0, 600, "\r\n");
  assert_split_read_same (crlf->str, crlf->len);
}

/* The reader takes a quicker path for a cell of one plain address. Each
 * row must still get the address, hash and syntax error that the full
 * normalization and syntax check give for its cell. */
static void
test_list_cells_match_full_check (void)
{
  const char *cells[] = {
    "Jane.Doe@Example.COM", "'quoted@example.com", "o'brien@example.org",
    "jane@xn--mller-kva.example", "jane@m\xC3\xBCller.example", "jane@example",
    "jane@123.456", "a..b@example.com", "  bob@example.net  ", "Bob <bob@example.net>",
    "mailto:carla@example.org", "dan+tag@example.com", "ELLA@EXAMPLE.NET",
    "finn@-bad.example", "{gina}@example.com", "hugo@example.com.", ".iris@example.org",
    "jonas@example..org", "kara@@example.com", "liam@exa_mple.com", "",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "cells.csv", NULL);
  g_autoptr(GString) text = g_string_new ("Email,Name\n");
  g_autoptr(BounceContactList) list = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    g_string_append_printf (text, "\"%s\",Person %u\n", cells[i], i);
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);

  list = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bounce_contact_list_get_email_column (list), ==, 0);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, G_N_ELEMENTS (cells));

  for (guint row = 0; row < G_N_ELEMENTS (cells); row++)
    {
      g_autofree char *cell = bounce_contact_list_dup_cell (list, row, 0);
      g_autofree char *normalized = bounce_address_normalize (cells[row]);
      const char *address = bounce_contact_list_get_address (list, row);
      BounceSyntaxCheck check;

      g_test_message ("cell “%s”", cells[row]);
      g_assert_cmpstr (cell, ==, cells[row]);
      g_assert_cmpstr (address, ==, normalized);
      g_assert_cmpuint (_bounce_contact_list_get_address_hash (list, row), ==,
                        address != NULL ? g_str_hash (address) : 0);

      bounce_address_check_syntax (cell, &check);
      g_assert_cmpstr (bounce_address_error_to_string (_bounce_contact_list_get_syntax_error (list, row)), ==,
                       bounce_address_error_to_string (check.error));
      bounce_syntax_check_clear (&check);
    }

  g_unlink (path);
  g_rmdir (dir);
}

/* Runs of kept rows longer than the writer's 1 MiB buffer are copied
 * from file to file, at offsets that count the BOM. */
static void
test_round_trip_long_runs (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "long.csv", NULL);
  g_autoptr(GString) text = g_string_new ("\xEF\xBB\xBF" "Email;Name;City\r\n");
  g_autoptr(BounceContactList) list = NULL;

  for (guint i = 0; i < 60000; i++)
    g_string_append_printf (text, "person.%u@example.org;\"Person %u; Jr\";Lisbon\r\n", i, i);
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (text->len, >, 2 * 1024 * 1024);

  list = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 60000);
  assert_round_trip (list);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_huge_field (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "huge.csv", NULL);
  g_autoptr(GString) text = g_string_new ("Email,Notes,City\njane.doe@example.com,\"");
  g_autoptr(BounceContactList) list = NULL;
  g_autofree char *cell = NULL;
  gsize field_length = 24 * 1024 * 1024;

  for (gsize i = 0; i < field_length; i++)
    g_string_append_c (text, i % 64 == 63 ? '\n' : 'x');
  g_string_append (text, "\",Lisbon\nbob.stone@example.net,short,Porto\n");
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);

  list = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 2);
  g_assert_cmpstr (bounce_contact_list_get_address (list, 1), ==, "bob.stone@example.net");
  g_assert_cmpuint (bounce_contact_list_get_line (list, 1), ==, 3 + field_length / 64);
  g_assert_false (bounce_diagnostic_is_damage (find_diagnostic (list, "huge-field")));
  g_assert_false (bounce_contact_list_is_row_damaged (list, 0));
  cell = bounce_contact_list_dup_cell (list, 0, 1);
  g_assert_cmpuint (strlen (cell), <, field_length);

  /* The row is longer than BOUNCE_CSV_MAX_ROW_BYTES, so a cell after the
   * first 16 MiB reads as empty. Its address was read all the same. */
  g_assert_cmpuint (find_diagnostic (list, "long-row")->line, ==, 2);
  g_clear_pointer (&cell, g_free);
  cell = bounce_contact_list_dup_cell (list, 0, 2);
  g_assert_cmpstr (cell, ==, "");
  g_clear_pointer (&cell, g_free);
  cell = bounce_contact_list_dup_cell (list, 1, 2);
  g_assert_cmpstr (cell, ==, "Porto");
  g_assert_cmpstr (bounce_contact_list_get_address (list, 0), ==, "jane.doe@example.com");

  assert_round_trip (list);

  g_unlink (path);
  g_rmdir (dir);
}

/* Loads @text with at most @max_rows rows, on one thread, or in two halves
 * with @split, and returns the error. */
static GError *
load_error_with_max_rows (const char *path,
                          const char *text,
                          guint       max_rows,
                          gboolean    split)
{
  g_autoptr(BounceContactList) list = NULL;
  GError *error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  _bounce_contact_list_set_max_rows (max_rows);
  _bounce_contact_list_set_split_min_bytes (split ? 0 : G_MAXSIZE);
  list = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  _bounce_contact_list_set_split_min_bytes (8 * 1024 * 1024);
  _bounce_contact_list_set_max_rows (BOUNCE_CSV_MAX_ROWS);

  g_assert_true ((list == NULL) == (error != NULL));
  if (list != NULL)
    g_assert_cmpuint (bounce_contact_list_get_n_rows (list), <=, max_rows);

  return error;
}

/* BOUNCE_CSV_MAX_ROWS, lowered to 500 here. A file of more rows fails
 * whole, with an error that names it, whether read on one thread or in two
 * halves of fewer rows each. */
static void
test_max_rows (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "contacts.csv", NULL);
  g_autoptr(GString) text = g_string_new ("email,name,home_email\n");
  g_autofree char *expected = NULL;

  append_rows (text, 0, 500, "\n");
  for (guint split = 0; split < 2; split++)
    {
      error = load_error_with_max_rows (path, text->str, 500, split);
      g_assert_no_error (error);
    }

  append_rows (text, 500, 1, "\n");
  expected = g_strdup_printf ("“%s” has more than 500 rows, more than Bounce reads from one file. "
                              "Split it into files of fewer rows and clean each one.", path);
  for (guint split = 0; split < 2; split++)
    {
      error = load_error_with_max_rows (path, text->str, 500, split);
      g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_TOO_LARGE);
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);
    }

  /* The middle inside a quoted cell whose lines the second half's reader
   * takes for rows, more than the limit with the first half's: a wrong
   * guess of where a record starts refuses no file. */
  g_string_truncate (text, 0);
  g_string_append (text, "email,name,home_email\n");
  append_rows (text, 0, 100, "\n");
  g_string_append (text, "long@example.com,\"Notes");
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (text, "\nnote%u@example.com,Note %u,", i, i);
  g_string_append (text, "\",\n");
  append_rows (text, 100, 100, "\n");
  error = load_error_with_max_rows (path, text->str, 500, TRUE);
  g_assert_no_error (error);

  /* 800 rows in two halves of 400. */
  g_string_truncate (text, 0);
  g_string_append (text, "email,name,home_email\n");
  append_rows (text, 0, 800, "\n");
  error = load_error_with_max_rows (path, text->str, 500, TRUE);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_TOO_LARGE);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_load_async_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  BounceContactList **list = user_data;
  g_autoptr(GError) error = NULL;

  *list = bounce_contact_list_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_load_async (void)
{
  g_autofree char *path = fixture_path ("outlook.csv");
  g_autoptr(BounceContactList) list = NULL;

  bounce_contact_list_load_async (path, NULL, NULL, test_load_async_cb, &list);
  while (list == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 3);
}

static void
test_format_cell (void)
{
  static const struct {
    const char *cell;
    const char *formatted;
  } cases[] = {
    { "hard", "hard" },
    { "", "" },
    { "=HYPERLINK(\"http://example.com\")", "\"'=HYPERLINK(\"\"http://example.com\"\")\"" },
    { "+1 555", "'+1 555" },
    { "-2", "'-2" },
    { "@SUM(A1)", "'@SUM(A1)" },
    { "a,b", "\"a,b\"" },
    { "line\nbreak", "\"line\nbreak\"" },
    { " padded", "\" padded\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *formatted = _bounce_csv_format_cell (cases[i].cell, ',', '"');

      g_assert_cmpstr (formatted, ==, cases[i].formatted);
    }
}

/* A record written with cells in place of some of its fields keeps the
 * bytes of every other field, also quoted ones with a delimiter or a line
 * break inside. A new cell is quoted and defused like an appended one,
 * and a short row gets empty fields up to the column replaced. */
static void
test_replace_cells (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(BounceContactList) list =
    load_text ("Email,Note,bounce_status,City\r\n"
               "a@example.com,\"x, y\",old,Rome\r\n"
               "b@example.com, \"multi\r\nline\",  \"q\"\"q\"  ,Oslo\r\n"
               "c@example.com\r\n", &dir);
  g_autofree char *output = g_build_filename (dir, "out.csv", NULL);
  g_autoptr(BounceCsvWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  const char *appended[] = { "new", NULL };
  const BounceCsvCell replaced[][1] = {
    { { 2, "=1+2" } },
    { { 2, "a,b" } },
    { { 2, "5.1.1" } },
  };

  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 3);
  writer = _bounce_csv_writer_new (list, output, &error);
  g_assert_no_error (error);
  g_assert_true (_bounce_csv_writer_write_span (writer, _bounce_contact_list_get_head (list), &error));
  for (guint row = 0; row < 3; row++)
    g_assert_true (_bounce_csv_writer_write_record (writer, _bounce_contact_list_get_row_span (list, row),
                                                    _bounce_contact_list_get_n_fields (list, row), 4,
                                                    replaced[row], 1, appended, &error));
  g_assert_true (_bounce_csv_writer_commit (writer, NULL, &error));
  g_assert_no_error (error);

  g_file_get_contents (output, &written, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (written, ==,
                   "Email,Note,bounce_status,City\r\n"
                   "a@example.com,\"x, y\",'=1+2,Rome,new\r\n"
                   "b@example.com, \"multi\r\nline\",\"a,b\",Oslo,new\r\n"
                   "c@example.com,,5.1.1,,new\r\n");

  g_unlink (output);
  remove_text (list, dir);
}

/* A file without addresses read as a suppression list gets advice for
 * that list, which has no choice of column. Other errors keep theirs. */
static void
test_reword_for_suppressions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) other = g_error_new_literal (BOUNCE_ERROR, BOUNCE_ERROR_NO_EMAIL_COLUMN, "Move the email column.");
  g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "no-addresses.csv", NULL);
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  g_file_set_contents (path, "name,city\nJane,Paris\nBob,Oslo\n", -1, &error);
  g_assert_no_error (error);

  g_assert_null (bounce_contact_list_new_from_file (path, NULL, NULL, &error));
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NO_EMAIL_COLUMN);
  g_assert_nonnull (strstr (error->message, "Check that the file is a contact list"));

  bounce_contact_list_reword_for_suppressions (error, path);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NO_EMAIL_COLUMN);
  expected = g_strdup_printf ("No column of “%s” contains email addresses. A suppression list to import needs "
                              "a column of addresses, such as one headed “email”.", path);
  g_assert_cmpstr (error->message, ==, expected);

  bounce_contact_list_reword_for_suppressions (other, path);
  g_assert_cmpstr (other->message, ==, "Move the email column.");
  bounce_contact_list_reword_for_suppressions (NULL, path);

  g_unlink (path);
  g_rmdir (dir);
}

/* Every cell of a row read in one pass is the cell that
 * bounce_contact_list_dup_cell() reads alone, quoted, multi-line and
 * missing cells included. */
static void
test_cells_one_pass (void)
{
  static const char * const fixtures[] = { "quoted.csv", "semicolon-crlf-1252.csv", "utf16le-tab.csv" };

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(BounceContactList) list = load_fixture (fixtures[i]);
      guint n_columns = bounce_contact_list_get_n_columns (list);
      /* One more than the header has, which a short row gives as "". */
      guint n = n_columns + 1;

      for (guint row = 0; row < bounce_contact_list_get_n_rows (list); row++)
        {
          g_autofree char **cells = g_new0 (char *, n);

          bounce_contact_list_dup_cells (list, row, 0, n, cells);
          for (guint column = 0; column < n; column++)
            {
              g_autofree char *alone = bounce_contact_list_dup_cell (list, row, column);

              g_test_message ("%s row %u column %u", fixtures[i], row, column);
              g_assert_cmpstr (cells[column], ==, alone);
              g_free (cells[column]);
            }
        }
    }
}

/* The app's advice for a file without addresses points at no control it
 * lacks, and other errors stay as they are. */
static void
test_reword_for_app (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) other = g_error_new_literal (BOUNCE_ERROR, BOUNCE_ERROR_NO_EMAIL_COLUMN, "Move the email column.");
  g_autofree char *dir = g_dir_make_tmp ("bounce-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "no-addresses.csv", NULL);
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  g_file_set_contents (path, "name,city\nJane,Paris\nBob,Oslo\n", -1, &error);
  g_assert_no_error (error);

  g_assert_null (bounce_contact_list_new_from_file (path, NULL, NULL, &error));
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NO_EMAIL_COLUMN);
  bounce_contact_list_reword_for_app (error, path);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NO_EMAIL_COLUMN);
  expected = g_strdup_printf ("No column of “%s” contains email addresses. Check that this file is your contact "
                              "list: Bounce needs a column with an email address on each row.", path);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_null (strstr (error->message, "by hand"));

  bounce_contact_list_reword_for_app (other, path);
  g_assert_cmpstr (other->message, ==, "Move the email column.");
  bounce_contact_list_reword_for_app (NULL, path);

  g_unlink (path);
  g_rmdir (dir);
}

/* Loads a file whose list cell has @n addresses, every tenth one a
 * repeat, and returns the load time in microseconds. */
static gint64
load_many_addresses (const char *dir,
                     guint       n)
{
  g_autofree char *path = g_strdup_printf ("%s/many-%u.csv", dir, n);
  g_autoptr(GString) text = g_string_new ("Email,Name\n\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(BounceContactList) list = NULL;
  const char * const *extra;
  gint64 started;
  gint64 elapsed;
  guint n_extra = 0;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%sm%u@example.com", i > 0 ? "; " : "", i % 10 == 9 ? i - 1 : i);
  g_string_append (text, "\",Team\nkim@example.org,Kim\n");
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);

  started = g_get_monotonic_time ();
  list = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  elapsed = g_get_monotonic_time () - started;
  g_assert_no_error (error);

  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 2);
  g_assert_cmpstr (bounce_contact_list_get_address (list, 0), ==, "m0@example.com");
  extra = _bounce_contact_list_get_extra_addresses (list, 0);
  g_assert_nonnull (extra);
  while (extra[n_extra] != NULL)
    n_extra++;
  g_assert_cmpuint (n_extra, ==, n - n / 10 - 1);
  g_assert_cmpstr (bounce_contact_list_get_address (list, 1), ==, "kim@example.org");

  return elapsed;
}

/* A cell of a pasted Cc list with tens of thousands of addresses loads
 * in time that grows with their number, with each repeat listed once.
 * Four times the addresses took about sixteen times as long while each
 * was compared with all before it. The ratio holds on a slow machine and
 * under Valgrind, where a limit in seconds would not. */
static void
test_many_addresses_in_cell (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-many-XXXXXX", &error);
  gint64 small;
  gint64 large;

  g_assert_no_error (error);

  small = load_many_addresses (dir, 10000);
  large = load_many_addresses (dir, 40000);
  g_test_message ("10,000 addresses: %" G_GINT64_FORMAT " us, 40,000: %" G_GINT64_FORMAT " us", small, large);
  g_assert_cmpint (large, <, 10 * MAX (small, 1000));

  for (guint n = 10000; n <= 40000; n *= 4)
    {
      g_autofree char *path = g_strdup_printf ("%s/many-%u.csv", dir, n);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (detect_cases); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/contact-list/detect/%s", detect_cases[i].file);

      g_test_add_data_func (test_path, &detect_cases[i], test_detect);
    }
  g_test_add_func ("/contact-list/round-trip/all", test_round_trip_all);
  g_test_add_func ("/contact-list/cells", test_cells);
  g_test_add_func ("/contact-list/unnamed-address-column", test_unnamed_address_column);
  g_test_add_func ("/contact-list/reword-for-suppressions", test_reword_for_suppressions);
  g_test_add_func ("/contact-list/reword-for-app", test_reword_for_app);
  g_test_add_func ("/contact-list/cells-one-pass", test_cells_one_pass);
  g_test_add_func ("/contact-list/column-names/no-header", test_column_names_without_header);
  g_test_add_func ("/contact-list/several-addresses", test_several_addresses);
  g_test_add_func ("/contact-list/options", test_options_override);
  g_test_add_func ("/contact-list/uncertain", test_uncertain);
  g_test_add_func ("/contact-list/rejected", test_rejected_files);
  g_test_add_func ("/contact-list/rejected/ole2-by-name", test_ole2_by_name);
  g_test_add_func ("/contact-list/open-errors", test_open_errors);
  g_test_add_func ("/contact-list/damage", test_damage);
  g_test_add_func ("/contact-list/nul-bytes-per-line", test_nul_bytes_per_line);
  g_test_add_func ("/contact-list/diagnostics-summed", test_diagnostics_summed);
  g_test_add_func ("/contact-list/list-cells/match-full-check", test_list_cells_match_full_check);
  g_test_add_func ("/contact-list/round-trip/long-runs", test_round_trip_long_runs);
  g_test_add_func ("/contact-list/huge-field", test_huge_field);
  g_test_add_func ("/contact-list/max-rows", test_max_rows);
  g_test_add_func ("/contact-list/unclosed-quote/at-end", test_unclosed_quote_at_end);
  g_test_add_func ("/contact-list/unclosed-quote/closed-later", test_unclosed_quote_closed_later);
  g_test_add_func ("/contact-list/chosen-delimiter", test_chosen_delimiter);
  g_test_add_func ("/contact-list/chosen-quote", test_chosen_quote);
  g_test_add_func ("/contact-list/chosen-encoding", test_chosen_encoding);
  g_test_add_func ("/contact-list/single-quotes", test_single_quotes);
  g_test_add_func ("/contact-list/unclosed-quote/contact-lines", test_multiline_contact_lines);
  g_test_add_func ("/contact-list/unclosed-quote/after-one", test_unclosed_quotes_after_one);
  g_test_add_func ("/contact-list/unclosed-quote/stray-closed-by-later-cell", test_stray_quote_closed_by_later_cell);
  g_test_add_func ("/contact-list/unclosed-quote/multiline-kept", test_multiline_not_damaged);
  g_test_add_func ("/contact-list/unclosed-quote/multiline-first-column", test_multiline_first_column);
  g_test_add_func ("/contact-list/unclosed-quote/one-warning", test_unclosed_quote_one_warning);
  g_test_add_func ("/contact-list/unclosed-quote/text-after-closing-quote", test_text_after_closing_quote);
  g_test_add_func ("/contact-list/undoubled-quote", test_undoubled_quote);
  g_test_add_func ("/contact-list/sep-line", test_sep_line);
  g_test_add_func ("/contact-list/chosen-email-column", test_chosen_email_column);
  g_test_add_func ("/contact-list/chosen-email-column-plurals", test_chosen_email_column_plurals);
  g_test_add_func ("/contact-list/split-read", test_split_read);
  g_test_add_func ("/contact-list/load-async", test_load_async);
  g_test_add_func ("/contact-list/title-lines", test_title_lines);
  g_test_add_func ("/contact-list/title-lines-padded", test_title_lines_padded);
  g_test_add_func ("/contact-list/title-line-with-address", test_title_line_with_address);
  g_test_add_func ("/contact-list/close-call-columns", test_close_call_columns);
  g_test_add_func ("/contact-list/staff-column-close-call", test_staff_column_close_call);
  g_test_add_func ("/contact-list/invisible-spaces", test_invisible_spaces);
  g_test_add_func ("/contact-list/ctrl-z-tail", test_ctrl_z_tail);
  g_test_add_func ("/contact-list/ctrl-z-after-last-field", test_ctrl_z_after_last_field);
  g_test_add_func ("/contact-list/likely-file", test_likely_file);
  g_test_add_func ("/contact-list/wide-header", test_wide_header);
  g_test_add_func ("/contact-list/header-over-limit", test_header_over_limit);
  g_test_add_func ("/contact-list/many-addresses-in-cell", test_many_addresses_in_cell);
  g_test_add_func ("/csv-writer/format-cell", test_format_cell);
  g_test_add_func ("/csv-writer/replace-cells", test_replace_cells);

  return g_test_run ();
}

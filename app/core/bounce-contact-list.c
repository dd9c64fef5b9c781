/* bounce-contact-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-contact-list"

/* For memmem(). */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bounce-address.h"
#include "bounce-cleaner-columns-private.h"
#include "bounce-contact-list.h"
#include "bounce-csv-private.h"
#include "bounce-diagnostic.h"
#include "bounce-error.h"
#include "bounce-file-identity-private.h"
#include "bounce-format.h"
#include "bounce-hygiene.h"
#include "bounce-hygiene-private.h"

/* Parser states of libcsv 3.0.3 (libcsv.c defines them but csv.h does
 * not export them); struct csv_parser.pstate is one of them. */
#define LIBCSV_ROW_NOT_BEGUN          0
#define LIBCSV_FIELD_BEGUN            2
#define LIBCSV_FIELD_MIGHT_HAVE_ENDED 3

/* The detection sample: enough lines to vote on, small enough to be
 * instant on a 100 MB file. */
#define SAMPLE_BYTES   (64 * 1024)
#define SAMPLE_RECORDS 500

/* Lines that the detection sample contains whole when they are longer
 * than SAMPLE_BYTES, up to BOUNCE_CSV_MAX_ROW_BYTES in all: the header and
 * two rows, so that an email column after thousands of others is found
 * by its name or its addresses. */
#define SAMPLE_MIN_LINES 3

/* BOUNCE_CSV_MAX_FIELD_BYTES: a longer field is cut while loading (it is
 * never an address) so that a 100 MB field does not need 100 MB of parser
 * buffer. dup_cell() cuts it the same way and returns only its last part,
 * under 1.1 MiB. The cleaned file gets the whole field. */
#define MAX_FIELD_BYTES BOUNCE_CSV_MAX_FIELD_BYTES
/* The "huge-field" diagnostic names the limit. */
G_STATIC_ASSERT (MAX_FIELD_BYTES == 1024 * 1024);
/* Lines are fed to libcsv in pieces of at most this size, so a field
 * can be cut before it grows far past MAX_FIELD_BYTES. */
#define MAX_CHUNK_BYTES (64 * 1024)

/* dup_cell() feeds libcsv this many bytes at a time. */
#define CELL_STEP_BYTES 32

/* Bytes read between two calls to _bounce_contact_list_release_pages(). */
#define RELEASE_BYTES (16 * 1024 * 1024)

/* Diagnostics of one kind listed one by one before they are summed up. */
#define MAX_DIAGNOSTICS_PER_CODE 50

/* Files from this size on are checked and read in two halves on two
 * threads; tests lower it. */
static gsize split_min_bytes = 8 * 1024 * 1024;

/* BOUNCE_CSV_MAX_ROWS; tests lower it. */
static guint max_rows = BOUNCE_CSV_MAX_ROWS;

typedef struct
{
  guint64     start;    /* offset in text of the record's first byte */
  guint32     line;     /* 1-based line where its record starts */
  guint32     n_fields : 29;
  guint32     empty_tail : 1; /* fields after the last non-empty one */
  guint32     damaged : 1;    /* ended early at a quote that was never closed */
  guint32     blank_before : 1; /* blank lines come before the record, see gap_starts */
  guint32     address_hash; /* g_str_hash() of address, 0 without one */
  guint8      syntax_error; /* BounceAddressError of the list address cell, see
                             * _bounce_contact_list_get_syntax_error() */
  /* The address may have other spellings of its mailbox, see
   * _bounce_address_may_have_other_spelling(). Found while the address
   * is in the cache, so that the cleaner need not read every address. */
  guint8      other_spelling;
  const char *address;  /* normalized list address in addresses, or NULL */
} ContactRow;

/* The syntax check fits in the padding before the pointer. */
G_STATIC_ASSERT (sizeof (ContactRow) <= 32);
G_STATIC_ASSERT (BOUNCE_ADDRESS_ERROR_LAST <= G_MAXUINT8);

struct _BounceContactList
{
  GObject           parent_instance;

  char             *path;
  BounceCsvDialect  dialect;
  gboolean          uncertain;

  /* The file as on disk, and the text libcsv reads: the bytes after the
   * BOM, or their UTF-8 conversion for UTF-16. */
  GMappedFile      *mapped;
  int               fd;             /* of the file, kept open for the CSV writer */
  gboolean          private_copy;   /* map a sealed copy of the file, see copy_to_memfd() */
  BounceFileIdentity identity;      /* of the file when it was opened, see bounce_contact_list_check_unchanged() */
  GBytes           *bytes;
  char             *converted;
  const char       *text;
  gsize             text_length;
  gsize             bom_length;
  gboolean          needs_decoding; /* Windows-1252, or UTF-8 with invalid bytes */
  gboolean          valid_utf8;     /* text is valid UTF-8, so it has no NUL byte either */

  gsize             preamble_length; /* Excel's "sep=X" first line and the title lines above
                                      * the header, with their line ends; 0 without them */
  guint             n_preamble_lines;
  guint             n_title_lines;   /* of the preamble, see find_title_lines() */
  gsize             head_end;       /* end of the header record, or of the preamble without one */
  gsize             body_end;       /* end of the last record */
  gsize             end_mark_length; /* bytes after text_length that belong to the tail,
                                      * see set_aside_end_of_file_mark() */
  GArray           *rows;           /* ContactRow */
  GStringChunk     *addresses;
  GHashTable       *extra_addresses; /* row -> char** (rare: several per row) */
  GHashTable       *list_cell_addresses; /* row -> char**: the list address cell's
                                          * addresses after the first (rare) */
  GHashTable       *gap_starts;     /* row -> offset of the blank lines before its record (rare) */

  guint             n_columns;
  guint             n_header_fields;
  guint             max_fields;     /* of the widest record, the header included */
  GPtrArray        *column_names;
  int               email_column;
  /* The column to offer first for a close call: email_column, or the
   * customers' column when email_column looks like a staff column. */
  int               suggested_column;
  GArray           *email_columns;
  GArray           *address_columns;   /* guint: every column with addresses in the sample */
  GArray           *candidate_columns; /* guint: the close call for the list address, or empty */
  GPtrArray        *diagnostics;
  GHashTable       *diagnostic_counts; /* code -> count, while loading */
  GArray           *damaged_rows;      /* guint, in file order */
  GArray           *blank_rows;        /* guint, in file order, see find_blank_rows() */
  gboolean          too_many_rows;     /* reading stopped at max_rows */
  gint              rows_published;    /* rows read so far, for the other half's reader (atomic) */
  int               content_column;    /* the sample's column with the most addresses, or -1 */

  /* Used when this object reads the second half of a file on another
   * thread. The text before that half has its lines counted only when a
   * diagnostic needs a line number. release_floor is the lowest byte whose
   * page may be released, and part_addresses, once merged, contains the
   * strings the second half's addresses point to. */
  const char       *lines_before_text;
  gsize             lines_before_length;
  guint             lines_before;     /* G_MAXUINT until counted */
  const char       *release_floor;
  GStringChunk     *part_addresses;
  BounceContactList *first_half;     /* reads the first half, not owned */
};

G_DEFINE_FINAL_TYPE (BounceContactList, bounce_contact_list, G_TYPE_OBJECT)

void
bounce_csv_dialect_init (BounceCsvDialect *dialect)
{
  g_return_if_fail (dialect != NULL);

  memset (dialect, 0, sizeof *dialect);
  dialect->encoding = BOUNCE_CSV_ENCODING_AUTO;
  dialect->has_header = -1;
  dialect->email_column = -1;
}

void
bounce_csv_dialect_clear (BounceCsvDialect *dialect)
{
  g_return_if_fail (dialect != NULL);

  g_clear_pointer (&dialect->email_column_name, g_free);
  g_clear_pointer (&dialect->newline, g_free);
}

static void
dialect_copy (BounceCsvDialect       *dest,
              const BounceCsvDialect *src)
{
  *dest = *src;
  dest->email_column_name = g_strdup (src->email_column_name);
  dest->newline = g_strdup (src->newline);
}

char *
bounce_csv_describe_delimiter (char delimiter)
{
  switch (delimiter)
    {
    case ',':
      return g_strdup (C_("delimiter", "comma"));
    case ';':
      return g_strdup (C_("delimiter", "semicolon"));
    case '\t':
      return g_strdup (C_("delimiter", "tab"));
    case '|':
      return g_strdup (C_("delimiter", "pipe"));
    default:
      /* TRANSLATORS: %c is a delimiter character of a CSV file; use your language's quotation marks */
      return g_strdup_printf (C_("delimiter", "“%c”"), delimiter);
    }
}

const char *
bounce_csv_encoding_to_string (BounceCsvEncoding encoding)
{
  switch (encoding)
    {
    case BOUNCE_CSV_ENCODING_UTF8:
      return "utf-8";
    case BOUNCE_CSV_ENCODING_UTF16LE:
      return "utf-16le";
    case BOUNCE_CSV_ENCODING_UTF16BE:
      return "utf-16be";
    case BOUNCE_CSV_ENCODING_WINDOWS_1252:
      return "windows-1252";
    case BOUNCE_CSV_ENCODING_AUTO:
    default:
      return "auto";
    }
}

gboolean
bounce_csv_encoding_from_string (const char        *string,
                                 BounceCsvEncoding *encoding)
{
  static const struct {
    const char *name;
    BounceCsvEncoding encoding;
  } names[] = {
    { "auto", BOUNCE_CSV_ENCODING_AUTO },
    { "utf-8", BOUNCE_CSV_ENCODING_UTF8 },
    { "utf8", BOUNCE_CSV_ENCODING_UTF8 },
    { "utf-16le", BOUNCE_CSV_ENCODING_UTF16LE },
    { "utf16le", BOUNCE_CSV_ENCODING_UTF16LE },
    { "utf-16", BOUNCE_CSV_ENCODING_UTF16LE },
    { "utf-16be", BOUNCE_CSV_ENCODING_UTF16BE },
    { "utf16be", BOUNCE_CSV_ENCODING_UTF16BE },
    { "windows-1252", BOUNCE_CSV_ENCODING_WINDOWS_1252 },
    { "cp1252", BOUNCE_CSV_ENCODING_WINDOWS_1252 },
    /* Every ISO-8859-1 text decodes the same in Windows-1252 except the
     * C1 controls, which contact files do not contain. */
    { "iso-8859-1", BOUNCE_CSV_ENCODING_WINDOWS_1252 },
    { "latin1", BOUNCE_CSV_ENCODING_WINDOWS_1252 },
  };

  g_return_val_if_fail (encoding != NULL, FALSE);

  if (string == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_ascii_strcasecmp (string, names[i].name) == 0)
        {
          *encoding = names[i].encoding;
          return TRUE;
        }
    }

  return FALSE;
}

/* Decoding */

/* Windows-1252 bytes 0x80-0x9F as the WHATWG Encoding Standard maps them;
 * the five bytes it leaves undefined map to the C1 control of the same
 * value. Every other byte is its Latin-1 code point. */
static const gunichar windows_1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* Returns @length bytes of the text as UTF-8: a NUL byte becomes U+FFFD,
 * Windows-1252 is converted and invalid UTF-8 is repaired. */
static char *
decode_text (BounceContactList *self,
             const char        *bytes,
             gsize              length)
{
  GString *out;

  if (self->dialect.encoding == BOUNCE_CSV_ENCODING_WINDOWS_1252)
    {
      out = g_string_sized_new (length + 8);
      for (gsize i = 0; i < length; i++)
        {
          guchar c = bytes[i];

          if (c == 0)
            g_string_append_unichar (out, 0xFFFD);
          else if (c < 0x80)
            g_string_append_c (out, c);
          else if (c < 0xA0)
            g_string_append_unichar (out, windows_1252_high[c - 0x80]);
          else
            g_string_append_unichar (out, c);
        }
      return g_string_free (out, FALSE);
    }

  if (self->needs_decoding || memchr (bytes, '\0', length) != NULL)
    {
      g_autofree char *copy = g_strndup (bytes, length);
      gsize copy_length = strlen (copy);
      g_autofree char *valid = NULL;

      /* g_strndup stops at a NUL, so rebuild around each NUL byte. */
      if (copy_length == length)
        return g_utf8_make_valid (bytes, length);

      out = g_string_new (NULL);
      for (gsize i = 0; i < length;)
        {
          const char *nul = memchr (bytes + i, '\0', length - i);
          gsize piece = nul ? (gsize) (nul - bytes) - i : length - i;

          valid = g_utf8_make_valid (bytes + i, piece);
          g_string_append (out, valid);
          g_clear_pointer (&valid, g_free);
          i += piece;
          if (nul != NULL)
            {
              g_string_append_unichar (out, 0xFFFD);
              i++;
            }
        }
      return g_string_free (out, FALSE);
    }

  return g_strndup (bytes, length);
}

/* Diagnostics */

/* A line number known at an offset, moved forward as places further on
 * are reported: a file with a NUL or a bad byte on every line was read
 * once per place before, which took minutes for 2 MB. */
typedef struct
{
  gsize offset;
  guint line;
} LineCursor;

/* Returns whether the CR at @cr starts "\r\r\n", which is read as one line
 * ending, so that a removed row leaves no blank line behind. Python's
 * csv.writer writes it on Windows to a file opened without newline=''
 * (the csv module documentation warns of the extra "\r"). */
static gboolean
is_cr_crlf (const char *cr,
            const char *end)
{
  return end - cr >= 3 && cr[0] == '\r' && cr[1] == '\r' && cr[2] == '\n';
}

static guint
line_at_offset (BounceContactList *self,
                LineCursor        *cursor,
                gsize              offset)
{
  g_assert (offset >= cursor->offset);

  for (gsize i = cursor->offset; i < offset && i < self->text_length; i++)
    if (self->text[i] == '\n' ||
        (self->text[i] == '\r' && (i + 1 >= self->text_length || self->text[i + 1] != '\n') &&
         !is_cr_crlf (self->text + i, self->text + self->text_length)))
      cursor->line++;
  cursor->offset = offset;

  return cursor->line;
}

static const char *find_line_end (const char *start,
                                  const char *end);

/* Adds a diagnostic unless MAX_DIAGNOSTICS_PER_CODE of its code are
 * listed already; those are counted and summed up by finish_diagnostics(). */
static void
add_diagnostic (BounceContactList *self,
                guint              line,
                gint64             offset,
                const char        *code,
                const char        *message)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->diagnostic_counts, code)) + 1;

  g_hash_table_insert (self->diagnostic_counts, (gpointer) code, GUINT_TO_POINTER (count));
  if (count > MAX_DIAGNOSTICS_PER_CODE)
    return;

  g_ptr_array_add (self->diagnostics,
                   bounce_diagnostic_new (self->path, line, offset, code, message));
}

static void
finish_diagnostics (BounceContactList *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->diagnostic_counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint count = GPOINTER_TO_UINT (value);
      g_autofree char *message = NULL;

      if (count <= MAX_DIAGNOSTICS_PER_CODE)
        continue;

      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more line has the same problem (%s).",
                                           "%u more lines have the same problem (%s).",
                                           count - MAX_DIAGNOSTICS_PER_CODE),
                                 count - MAX_DIAGNOSTICS_PER_CODE, (const char *) key);
      g_ptr_array_add (self->diagnostics,
                       bounce_diagnostic_new (self->path, 0, -1, key, message));
    }
}

/* Reading the bytes */

/* Whether the ZIP archive @data names a member that starts with @name.
 * Names are stored unpacked in each member's local header and in the
 * central directory at the end (APPNOTE.TXT sections 4.3.7 and 4.3.12),
 * so the first and last 64 KiB hold those of any office file. */
static gboolean
zip_has_member (const char *data,
                gsize       length,
                const char *name)
{
  gsize window = MIN (length, 64 * 1024);

  return memmem (data, window, name, strlen (name)) != NULL ||
         memmem (data + length - window, window, name, strlen (name)) != NULL;
}

/* Fails with a message that names what a ZIP archive contains and how to
 * get a CSV file out of it. */
static void
set_zip_error (const char  *path,
               const char  *data,
               gsize        length,
               GError     **error)
{
  /* OpenDocument names its type in its first member, "mimetype" (ODF 1.2
   * part 3, section 3.3). The ZIP header before it has NUL bytes, which
   * end a g_strstr_len() search. */
  if (memmem (data, MIN (length, 200), "opendocument.spreadsheet", 24) != NULL)
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_CSV,
                 _("“%s” is an OpenDocument spreadsheet, not a CSV file. Open it in LibreOffice Calc and save it as CSV."),
                 path);
  else if (memmem (data, MIN (length, 200), "opendocument.", 13) != NULL ||
           zip_has_member (data, length, "word/"))
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_CSV,
                 _("“%s” is a document, not a CSV file. Export the contacts as CSV from the program that made it."),
                 path);
  /* Office Open XML (ECMA-376 part 2) lists its parts in
   * "[Content_Types].xml"; a workbook keeps them under "xl/". */
  else if (zip_has_member (data, length, "[Content_Types].xml") || zip_has_member (data, length, "xl/"))
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_CSV,
                 _("“%s” is an Excel workbook, not a CSV file. Open it in Excel and save it as CSV."),
                 path);
  else if (zip_has_member (data, length, "Index/Document.iwa"))
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_CSV,
                 _("“%s” is an Apple Numbers spreadsheet, not a CSV file. Open it in Numbers and export it as CSV."),
                 path);
  else
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_CSV,
                 _("“%s” is a ZIP archive, not a CSV file. Unpack it and choose the CSV file inside."),
                 path);
}

/* Excel 97-2003 (.xls), Word 97-2003 (.doc) and Outlook (.msg) all write
 * OLE2 compound files, so only the name distinguishes them. A list name
 * (.csv, .txt) on such a file is most often an Excel workbook saved under
 * the wrong name. */
static gboolean has_extension (const char *name,
                               const char *extension);

static void
set_ole2_error (const char  *path,
                GError     **error)
{
  if (has_extension (path, ".msg"))
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_CSV,
                 _("“%s” is an Outlook message, not a CSV file. Export the contacts as CSV, or save the message "
                   "as .eml in Outlook to read it as a bounce."),
                 path);
  else if (has_extension (path, ".doc") || has_extension (path, ".dot"))
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_CSV,
                 _("“%s” is a document, not a CSV file. Export the contacts as CSV from the program that made it."),
                 path);
  else if (has_extension (path, ".xls") || has_extension (path, ".xlt") ||
           bounce_contact_list_has_list_name (path) || has_extension (path, ".txt"))
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_CSV,
                 _("“%s” is an Excel workbook, not a CSV file. Open it in Excel and save it as CSV."),
                 path);
  else
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_CSV,
                 _("“%s” is a Microsoft Office file (Excel, Word or Outlook), not a CSV file. Open it in the "
                   "program that made it and save the contacts as CSV."),
                 path);
}

/* Fails with BOUNCE_ERROR_NOT_CSV, and a message that names what the file
 * is and what to do, for the formats people take for CSV: spreadsheets,
 * documents, archives and web pages exported from a spreadsheet. */
static gboolean
check_not_csv (const char  *path,
               const char  *data,
               gsize        length,
               GError     **error)
{
  static const char ole2_magic[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
  const char *text = data;
  gsize text_length = length;
  gsize head_length;

  if (length >= 4 && memcmp (data, "PK\x03\x04", 4) == 0)
    {
      set_zip_error (path, data, length, error);
      return FALSE;
    }

  if (length >= 8 && memcmp (data, ole2_magic, 8) == 0)
    {
      set_ole2_error (path, error);
      return FALSE;
    }

  if (length >= 5 && memcmp (data, "%PDF-", 5) == 0)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_CSV,
                   _("“%s” is a PDF document, not a CSV file. Export the contacts as CSV from the program that made it."),
                   path);
      return FALSE;
    }

  /* gzip, RFC 1952 section 2.3.1. */
  if (length >= 2 && memcmp (data, "\x1F\x8B", 2) == 0)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_CSV,
                   _("“%s” is compressed with gzip, not a CSV file. Unpack it and choose the CSV file inside."),
                   path);
      return FALSE;
    }

  /* The text formats, after a UTF-8 byte-order mark and blank lines. */
  if (text_length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    text += 3, text_length -= 3;
  while (text_length > 0 && g_ascii_isspace (*text))
    text++, text_length--;
  head_length = MIN (text_length, 1024);

  if (head_length >= 5 && memcmp (text, "{\\rtf", 5) == 0)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_CSV,
                   _("“%s” is an RTF document, not a CSV file. Export the contacts as CSV from the program that made it."),
                   path);
      return FALSE;
    }

  /* Excel 2003's XML Spreadsheet format. */
  if (head_length >= 5 && g_ascii_strncasecmp (text, "<?xml", 5) == 0 &&
      memmem (text, MIN (text_length, 4096), "urn:schemas-microsoft-com:office:spreadsheet", 44) != NULL)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_CSV,
                   _("“%s” is an Excel XML spreadsheet, not a CSV file. Open it in Excel and save it as CSV."),
                   path);
      return FALSE;
    }

  /* "Download as web page" of Google Sheets and "Save as Web Page" of
   * Excel. */
  if ((head_length >= 9 && g_ascii_strncasecmp (text, "<!DOCTYPE", 9) == 0 &&
       g_strstr_len (text, head_length, "html") != NULL) ||
      (head_length >= 5 && g_ascii_strncasecmp (text, "<html", 5) == 0))
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_CSV,
                   _("“%s” is a web page, not a CSV file. Export the contacts as CSV from the program that made it."),
                   path);
      return FALSE;
    }

  return TRUE;
}

/* Guesses UTF-16 without a BOM from the NUL bytes that ASCII characters
 * leave in every other byte. */
static BounceCsvEncoding
guess_utf16 (const char *data,
             gsize       length)
{
  gsize sample = MIN (length, 4096) & ~(gsize) 1;
  guint even_nuls = 0;
  guint odd_nuls = 0;

  if (sample < 4)
    return BOUNCE_CSV_ENCODING_AUTO;

  for (gsize i = 0; i < sample; i += 2)
    {
      even_nuls += data[i] == '\0';
      odd_nuls += data[i + 1] == '\0';
    }

  if (odd_nuls > sample / 4 && even_nuls == 0)
    return BOUNCE_CSV_ENCODING_UTF16LE;
  if (even_nuls > sample / 4 && odd_nuls == 0)
    return BOUNCE_CSV_ENCODING_UTF16BE;

  return BOUNCE_CSV_ENCODING_AUTO;
}

static gboolean
convert_utf16 (BounceContactList  *self,
               const char         *data,
               gsize               length,
               GError            **error)
{
  const char *charset = self->dialect.encoding == BOUNCE_CSV_ENCODING_UTF16BE
                        ? "UTF-16BE" : "UTF-16LE";
  g_autoptr(GError) local_error = NULL;
  gsize bytes_read = 0;
  gsize bytes_written = 0;

  self->converted = g_convert (data, length, "UTF-8", charset,
                               &bytes_read, &bytes_written, &local_error);

  /* g_convert() drops a last character that the data ends inside of,
   * such as the odd byte of a cut file, without an error when it returns
   * @bytes_read. The file could then not be written back whole. */
  if (self->converted != NULL && bytes_read != length)
    g_clear_pointer (&self->converted, g_free);

  if (self->converted == NULL)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_ENCODING,
                   _("“%s” is not valid %s text at byte %lu. Save it again as “CSV UTF-8” and import that file."),
                   self->path, charset, (unsigned long) (bytes_read + self->bom_length));
      return FALSE;
    }

  self->text = self->converted;
  self->text_length = bytes_written;

  return TRUE;
}

/* Reports each place where UTF-8 text has bytes that are not UTF-8. */
static void
report_invalid_utf8 (BounceContactList *self)
{
  const char *p = self->text;
  const char *end = self->text + self->text_length;
  LineCursor cursor = { 0, 1 };

  while (p < end)
    {
      const char *bad;

      if (g_utf8_validate_len (p, end - p, &bad))
        break;

      if (*bad != '\0')
        {
          gsize offset = bad - self->text;
          g_autofree char *message =
            g_strdup_printf (_("Byte 0x%02X is not valid UTF-8; it is shown as “�”. Save the file again as “CSV UTF-8” to keep the character."),
                             (guchar) *bad);

          add_diagnostic (self, line_at_offset (self, &cursor, offset),
                          offset + self->bom_length, "invalid-utf8", message);
        }
      p = bad + 1;
    }
}

/* Reports each line with NUL bytes once, at its first: a sparse file of
 * 2 GB is one line of NUL bytes. */
static void
report_nul_bytes (BounceContactList *self)
{
  const char *p = self->text;
  const char *end = self->text + self->text_length;
  LineCursor cursor = { 0, 1 };

  while (p < end && (p = memchr (p, '\0', end - p)) != NULL)
    {
      gsize offset = p - self->text;

      add_diagnostic (self, line_at_offset (self, &cursor, offset),
                      offset + self->bom_length, "nul-byte",
                      _("The line contains a NUL byte, which a text file should not have; it is shown as “�”."));
      p = find_line_end (p, end);
    }
}

/* Counts the multi-byte UTF-8 sequences and the invalid bytes. */
static void
count_utf8 (const char *text,
            gsize       length,
            guint      *n_valid_multibyte,
            guint      *n_invalid)
{
  const char *p = text;
  const char *end = text + length;

  *n_valid_multibyte = 0;
  *n_invalid = 0;

  while (p < end)
    {
      const char *bad;
      const char *stop;

      g_utf8_validate_len (p, end - p, &bad);
      stop = bad;
      for (const char *q = p; q < stop; q++)
        if ((guchar) *q >= 0xC0)
          (*n_valid_multibyte)++;
      if (bad >= end)
        break;
      if (*bad != '\0')
        (*n_invalid)++;
      p = bad + 1;
    }
}

/* Returns what g_utf8_validate_len() returns for the @length bytes at
 * @text, skipping blocks of 64 ASCII bytes without NUL eight bytes at a
 * time: a contact file is mostly such blocks, and GLib's check of each
 * byte took a tenth of the time to load one. */
static gboolean
is_valid_utf8 (const char *text,
               gsize       length)
{
  const guint64 high_bits = G_GUINT64_CONSTANT (0x8080808080808080);
  const guint64 low_bits = G_GUINT64_CONSTANT (0x0101010101010101);
  const char *p = text;
  const char *end = text + length;

  while (p < end)
    {
      gsize window;
      const char *stop;

      for (; end - p >= 64; p += 64)
        {
          guint64 words[8];
          guint64 any_high = 0;
          guint64 any_nul = 0;

          memcpy (words, p, sizeof words);
          for (guint i = 0; i < G_N_ELEMENTS (words); i++)
            {
              any_high |= words[i];
              any_nul |= (words[i] - low_bits) & ~words[i];
            }
          if (((any_high | any_nul) & high_bits) != 0)
            break;
        }
      if (p >= end)
        break;

      /* The window starts after ASCII bytes, so at a character. */
      window = MIN ((gsize) (end - p), 4096);
      if (g_utf8_validate_len (p, window, &stop))
        {
          p += window;
          continue;
        }

      /* A sequence that the end of the window cuts is checked again
       * from its start. Any other failure makes the text invalid. */
      if (p + window == end || (gsize) (p + window - stop) >= 4)
        return FALSE;
      p = stop;
    }

  return TRUE;
}

typedef struct
{
  const char *text;
  gsize       length;
} Utf8Half;

static gpointer
validate_utf8_thread (gpointer data)
{
  Utf8Half *half = data;

  return GINT_TO_POINTER (is_valid_utf8 (half->text, half->length));
}

/* g_utf8_validate_len() over the two halves of a large text on two
 * threads; the halves meet after a line feed, which no character
 * straddles. */
static gboolean
validate_utf8 (const char *text,
               gsize       length)
{
  const char *middle;
  Utf8Half second;
  GThread *thread;
  gboolean first_valid;

  if (length < MAX (split_min_bytes, 2) || g_get_num_processors () < 2)
    return is_valid_utf8 (text, length);

  middle = memchr (text + length / 2, '\n', length - length / 2);
  if (middle == NULL)
    return is_valid_utf8 (text, length);

  second.text = middle + 1;
  second.length = text + length - second.text;
  thread = g_thread_new ("bounce-csv-utf8", validate_utf8_thread, &second);
  first_valid = is_valid_utf8 (text, second.text - text);

  return GPOINTER_TO_INT (g_thread_join (thread)) && first_valid;
}

/* Returns the encoding that the byte-order mark at the start of @data
 * declares, and sets @bom_length; BOUNCE_CSV_ENCODING_AUTO without one. */
static BounceCsvEncoding
get_bom_encoding (const char *data,
                  gsize       length,
                  gsize      *bom_length)
{
  *bom_length = 0;
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      *bom_length = 3;
      return BOUNCE_CSV_ENCODING_UTF8;
    }
  if (length >= 2 && memcmp (data, "\xFF\xFE", 2) == 0)
    {
      *bom_length = 2;
      return BOUNCE_CSV_ENCODING_UTF16LE;
    }
  if (length >= 2 && memcmp (data, "\xFE\xFF", 2) == 0)
    {
      *bom_length = 2;
      return BOUNCE_CSV_ENCODING_UTF16BE;
    }

  return BOUNCE_CSV_ENCODING_AUTO;
}

/* Excel writes "CSV" in the Windows code page. Text with more valid UTF-8
 * sequences than invalid bytes is UTF-8 with some damage instead. NUL
 * bytes alone do not decide it, because count_utf8() skips them. */
static gboolean
looks_like_windows_1252 (guint n_multibyte,
                         guint n_invalid)
{
  return n_invalid > 0 && n_multibyte <= n_invalid;
}

/* Returns the name of @encoding for messages, as standards write it. */
static const char *
describe_encoding (BounceCsvEncoding encoding)
{
  switch (encoding)
    {
    case BOUNCE_CSV_ENCODING_UTF16LE:
      return "UTF-16LE";
    case BOUNCE_CSV_ENCODING_UTF16BE:
      return "UTF-16BE";
    case BOUNCE_CSV_ENCODING_WINDOWS_1252:
      return "Windows-1252";
    case BOUNCE_CSV_ENCODING_UTF8:
    case BOUNCE_CSV_ENCODING_AUTO:
    default:
      return "UTF-8";
    }
}

/* Fails with BOUNCE_ERROR_WRONG_ENCODING: the chosen encoding cannot read
 * the file, and detection finds @detected. As for a chosen delimiter, the
 * option is wrong, not the file. @evidence is the sign that showed it. */
static void
set_wrong_encoding_error (BounceContactList  *self,
                          BounceCsvEncoding   chosen,
                          BounceCsvEncoding   detected,
                          const char         *evidence,
                          GError            **error)
{
  g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRONG_ENCODING,
               /* TRANSLATORS: the first %s is an encoding name ("UTF-8"), the second a file name,
                * the third one of the reasons below, the last the encoding detected ("UTF-16LE"). */
               _("With the encoding %s, “%s” cannot be read, because %s. The file looks like %s text: "
                 "choose that encoding, or let Bounce detect it."),
               describe_encoding (chosen), self->path, evidence, describe_encoding (detected));
}

/* Checks an encoding the person chose against the signs of another: a
 * byte-order mark, the NUL bytes that UTF-16 leaves in every Latin
 * letter, and for a chosen UTF-16 the lack of any NUL byte. Read in the
 * chosen encoding, such a file would have every character wrong. Bytes
 * that are not valid UTF-8 are checked after the validation, in
 * decide_encoding(). */
static gboolean
check_chosen_encoding (BounceContactList  *self,
                       BounceCsvEncoding   chosen,
                       BounceCsvEncoding   bom_encoding,
                       GError            **error)
{
  const char *data = g_bytes_get_data (self->bytes, NULL);
  gsize length = g_bytes_get_size (self->bytes);
  gboolean chosen_utf16 = chosen == BOUNCE_CSV_ENCODING_UTF16LE || chosen == BOUNCE_CSV_ENCODING_UTF16BE;
  BounceCsvEncoding guessed;
  guint n_multibyte, n_invalid;
  g_autofree char *evidence = NULL;

  if (bom_encoding != BOUNCE_CSV_ENCODING_AUTO && bom_encoding != chosen)
    {
      /* TRANSLATORS: a reason in "… cannot be read, because %s."; %s is an encoding name */
      evidence = g_strdup_printf (_("it starts with the byte-order mark of %s"), describe_encoding (bom_encoding));
      set_wrong_encoding_error (self, chosen, bom_encoding, evidence, error);
      return FALSE;
    }

  guessed = bom_encoding == BOUNCE_CSV_ENCODING_AUTO ? guess_utf16 (data, length) : BOUNCE_CSV_ENCODING_AUTO;
  if (guessed != BOUNCE_CSV_ENCODING_AUTO && guessed != chosen)
    {
      set_wrong_encoding_error (self, chosen, guessed,
                                /* TRANSLATORS: a reason in "… cannot be read, because %s." */
                                _("every second byte of its Latin letters is a NUL byte"), error);
      return FALSE;
    }

  /* UTF-16 text of any address has NUL bytes, because an ASCII character
   * is a NUL byte and its code. Without them the chosen UTF-16 would read
   * every two letters as one CJK character. */
  if (chosen_utf16 && bom_encoding == BOUNCE_CSV_ENCODING_AUTO && memchr (data, '\0', length) == NULL)
    {
      count_utf8 (data, length, &n_multibyte, &n_invalid);
      set_wrong_encoding_error (self, chosen,
                                looks_like_windows_1252 (n_multibyte, n_invalid)
                                ? BOUNCE_CSV_ENCODING_WINDOWS_1252 : BOUNCE_CSV_ENCODING_UTF8,
                                /* TRANSLATORS: a reason in "… cannot be read, because %s." */
                                _("it has no NUL bytes, which UTF-16 text has in every Latin letter"), error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
decide_encoding (BounceContactList       *self,
                 const BounceCsvDialect  *options,
                 GError                 **error)
{
  const char *data = g_bytes_get_data (self->bytes, NULL);
  gsize length = g_bytes_get_size (self->bytes);
  BounceCsvEncoding encoding = options->encoding;
  BounceCsvEncoding bom_encoding = get_bom_encoding (data, length, &self->bom_length);

  if (encoding == BOUNCE_CSV_ENCODING_AUTO)
    encoding = bom_encoding;
  else if (!check_chosen_encoding (self, encoding, bom_encoding, error))
    return FALSE;

  if (encoding == BOUNCE_CSV_ENCODING_AUTO)
    encoding = guess_utf16 (data, length);

  self->dialect.encoding = encoding;
  self->dialect.bom = self->bom_length > 0;

  if (encoding == BOUNCE_CSV_ENCODING_UTF16LE || encoding == BOUNCE_CSV_ENCODING_UTF16BE)
    return convert_utf16 (self, data + self->bom_length, length - self->bom_length, error);

  self->text = data + self->bom_length;
  self->text_length = length - self->bom_length;

  if (encoding == BOUNCE_CSV_ENCODING_AUTO || encoding == BOUNCE_CSV_ENCODING_UTF8)
    {
      if (!validate_utf8 (self->text, self->text_length))
        {
          guint n_multibyte, n_invalid;

          count_utf8 (self->text, self->text_length, &n_multibyte, &n_invalid);
          if (encoding == BOUNCE_CSV_ENCODING_AUTO && looks_like_windows_1252 (n_multibyte, n_invalid))
            encoding = BOUNCE_CSV_ENCODING_WINDOWS_1252;
          else if (options->encoding == BOUNCE_CSV_ENCODING_UTF8 && bom_encoding == BOUNCE_CSV_ENCODING_AUTO &&
                   looks_like_windows_1252 (n_multibyte, n_invalid))
            {
              g_autofree char *evidence =
                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              /* TRANSLATORS: a reason in "… cannot be read, because %s." */
                                              "%u byte is not valid UTF-8",
                                              "%u bytes are not valid UTF-8", n_invalid),
                                 n_invalid);

              set_wrong_encoding_error (self, encoding, BOUNCE_CSV_ENCODING_WINDOWS_1252, evidence, error);
              return FALSE;
            }
          else
            {
              encoding = BOUNCE_CSV_ENCODING_UTF8;
              if (n_invalid > 0)
                {
                  self->needs_decoding = TRUE;
                  report_invalid_utf8 (self);
                }
            }
        }
      else
        {
          encoding = BOUNCE_CSV_ENCODING_UTF8;
          self->valid_utf8 = TRUE;
        }
    }

  self->dialect.encoding = encoding;
  if (encoding == BOUNCE_CSV_ENCODING_WINDOWS_1252)
    self->needs_decoding = TRUE;

  return TRUE;
}

/* Tokenizing */

/* Returns the end of the physical line that starts at @start: after its
 * "\n", "\r\n", "\r\r\n" or lone "\r", or @end. */
static const char *
find_line_end (const char *start,
               const char *end)
{
  const char *lf = memchr (start, '\n', end - start);
  const char *cr = memchr (start, '\r', (lf ? lf : end) - start);

  /* A CR right before the LF is the CRLF line ending; any other CR
   * ends a line of its own (classic Mac OS files). */
  if (cr != NULL && cr + 1 != lf)
    return is_cr_crlf (cr, end) ? cr + 3 : cr + 1;
  if (lf != NULL)
    return lf + 1;

  return end;
}

static const char *
detect_newline (const char *text,
                gsize       length)
{
  const char *end = text + length;
  const char *line_end = find_line_end (text, end);

  if (line_end >= end && (line_end == text || (line_end[-1] != '\n' && line_end[-1] != '\r')))
    return "\n";
  if (line_end[-1] == '\r')
    return "\r";
  if (line_end - text >= 3 && is_cr_crlf (line_end - 3, line_end))
    return "\r\r\n";
  if (line_end - text >= 2 && line_end[-2] == '\r')
    return "\r\n";

  return "\n";
}

/* Records of a sample, each a GPtrArray of raw field bytes (GBytes). */
typedef struct
{
  GPtrArray *records;
  GPtrArray *current;
  guint      max_records;
} SampleState;

static void
sample_field_cb (void   *field,
                 size_t  length,
                 void   *user_data)
{
  SampleState *state = user_data;

  if (state->current == NULL)
    state->current = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_ptr_array_add (state->current, g_bytes_new (field, MIN (length, MAX_FIELD_BYTES)));
}

static void
sample_row_cb (int   terminator,
               void *user_data)
{
  SampleState *state = user_data;

  if (state->current == NULL)
    state->current = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  if (state->records->len < state->max_records)
    g_ptr_array_add (state->records, g_steal_pointer (&state->current));
  else
    g_clear_pointer (&state->current, g_ptr_array_unref);
}

/* Sets up a libcsv parser for the dialect. libcsv grows its field buffer
 * by its block size, 128 bytes by default, so reading a field of 1 MiB
 * took 8,000 reallocations, each copying the field. AddressSanitizer
 * copies every reallocated block, so there a test of a 24 MiB field took
 * over 5 minutes. */
static void
init_csv_parser (struct csv_parser *parser,
                 char               delimiter,
                 char               quote)
{
  csv_init (parser, 0);
  csv_set_delim (parser, delimiter);
  csv_set_quote (parser, quote);
  csv_set_blk_size (parser, MAX_CHUNK_BYTES);
}

/* Tokenizes @text with libcsv into at most @max_records records. A last
 * record cut by the end of the sample is dropped unless @complete. */
static GPtrArray *
tokenize_sample (const char *text,
                 gsize       length,
                 char        delimiter,
                 char        quote,
                 guint       max_records,
                 gboolean    complete)
{
  struct csv_parser parser;
  SampleState state = { NULL, NULL, max_records };

  state.records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  init_csv_parser (&parser, delimiter, quote);
  csv_parse (&parser, text, length, sample_field_cb, sample_row_cb, &state);
  if (complete)
    csv_fini (&parser, sample_field_cb, sample_row_cb, &state);
  csv_free (&parser);
  g_clear_pointer (&state.current, g_ptr_array_unref);

  return state.records;
}

static char *
decode_field (BounceContactList *self,
              GBytes            *field)
{
  gsize length;
  const char *data = g_bytes_get_data (field, &length);

  return decode_text (self, data ? data : "", length);
}

/* TRUE when the field contains at least one address. A reason cell that
 * an earlier clean wrote, such as "hard: kim@example.com" in a removed
 * file, does not count: its column is no address column. */
static gboolean
field_has_address (BounceContactList *self,
                   GBytes            *field,
                   GString           *scratch)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) addresses = NULL;
  gsize length;
  const char *data = g_bytes_get_data (field, &length);

  if (data == NULL || length == 0 || memchr (data, '@', length) == NULL)
    return FALSE;

  text = decode_text (self, data, length);
  if (_bounce_is_status_cell_with_address (text))
    return FALSE;
  if (_bounce_address_is_single (text, strlen (text)))
    return _bounce_address_normalize_to (text, strlen (text), scratch);

  addresses = g_ptr_array_new_with_free_func (g_free);
  _bounce_address_extract_to (text, strlen (text), addresses);

  return addresses->len > 0;
}

/* Detection */

typedef struct
{
  char  delimiter;
  guint mode;        /* most common field count */
  guint consistent;  /* records with that count */
  guint total;
} DelimiterScore;

static void
score_delimiter (const char     *sample,
                 gsize           length,
                 gboolean        complete,
                 char            quote,
                 DelimiterScore *score)
{
  g_autoptr(GPtrArray) records = tokenize_sample (sample, length, score->delimiter, quote,
                                                  SAMPLE_RECORDS, complete);
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);

  score->mode = 0;
  score->consistent = 0;
  score->total = records->len;

  for (guint i = 0; i < records->len; i++)
    {
      GPtrArray *record = records->pdata[i];
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (record->len))) + 1;

      g_hash_table_insert (counts, GUINT_TO_POINTER (record->len), GUINT_TO_POINTER (n));
      if (n > score->consistent || (n == score->consistent && record->len > score->mode))
        {
          score->consistent = n;
          score->mode = record->len;
        }
    }
}

/* Picks the delimiter whose field count is the same on the most records
 * of the sample, quotes taken into account. A field count of 1 does not
 * count. Equal scores prefer more fields ("12,5" inside a semicolon file
 * splits into fewer fields on ','). */
static char
detect_delimiter (const char *sample,
                  gsize       length,
                  gboolean    complete,
                  char        quote,
                  gboolean   *uncertain)
{
  DelimiterScore scores[] = { { ',' }, { ';' }, { '\t' }, { '|' } };
  DelimiterScore *best = NULL;
  DelimiterScore *second = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (scores); i++)
    {
      DelimiterScore *score = &scores[i];

      score_delimiter (sample, length, complete, quote, score);
      if (score->mode < 2)
        continue;

      if (best == NULL || score->consistent > best->consistent ||
          (score->consistent == best->consistent && score->mode > best->mode))
        {
          second = best;
          best = score;
        }
      else if (second == NULL || score->consistent > second->consistent ||
               (score->consistent == second->consistent && score->mode > second->mode))
        second = score;
    }

  if (best == NULL)
    return ',';

  *uncertain = second != NULL &&
               second->consistent == best->consistent &&
               second->mode == best->mode;

  return best->delimiter;
}

/* Header names that contact exports give their address columns, folded
 * by fold_header_name(): Google Contacts "E-mail 1 - Value", Outlook
 * "E-mail Address" / "E-mail 2 Address" and its translations, Thunderbird
 * "Primary Email" / "Secondary Email", Mailchimp "Email Address". */
static const char * const email_header_names[] = {
  "email", "emails", "mail", "emailaddress", "emailaddresses", "emailaddr",
  "mailaddress", "emailvalue", "primaryemail", "secondaryemail",
  "workemail", "homeemail", "personalemail", "businessemail", "otheremail",
  "contactemail", "useremail", "subscriberemail", "customeremail",
  "emailid", "courriel", "adressecourriel", "adressedecourriel",
  "adresseemail", "adressemail", "adressedemessagerie", "emailadresse",
  "correoelectronico", "direcciondecorreoelectronico", "correo",
  "indirizzoemail", "postaelettronica", "emailadres", "epost",
  "epostadresse", "epostadress", "enderecodeemail", "enderecoeletronico",
};

/* Lower-cases, transliterates to ASCII and keeps only letters, so
 * "E-mail 2 Address", "EMAIL" and "Correo electrónico" compare with the
 * table; digits are dropped too when @drop_digits. */
static char *
fold_header_name (const char *name,
                  gboolean    drop_digits)
{
  /* g_str_to_ascii() reads past the end of text that is not valid UTF-8,
   * and a sniffed file may hold any bytes. */
  g_autofree char *valid = g_utf8_validate (name, -1, NULL) ? NULL : g_utf8_make_valid (name, -1);
  g_autofree char *ascii = g_str_to_ascii (valid != NULL ? valid : name, "C");
  GString *folded = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalpha (*p) || (!drop_digits && g_ascii_isdigit (*p)))
        g_string_append_c (folded, g_ascii_tolower (*p));
    }

  return g_string_free (folded, FALSE);
}

static gboolean
is_email_header (const char *name)
{
  g_autofree char *folded = fold_header_name (name, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (email_header_names); i++)
    if (g_str_equal (folded, email_header_names[i]))
      return TRUE;

  return FALSE;
}

/* Ranks an address column by its header name, the list address column
 * lowest: Thunderbird's "Primary Email" 0, an unnumbered name such as
 * Outlook's "E-mail Address" or a first one such as Google's "E-mail 1 -
 * Value" 1, a numbered one such as "E-mail 2 Address", "Adresse de
 * messagerie 2" or "E-Mail 2: Adresse" its number, and "Secondary Email"
 * 2. */
static guint
rank_email_header (const char *name)
{
  g_autofree char *folded = fold_header_name (name, FALSE);
  const char *digit;

  if (strstr (folded, "primary") != NULL)
    return 0;
  if (strstr (folded, "secondary") != NULL)
    return 2;

  digit = strpbrk (folded, "0123456789");
  if (digit != NULL)
    return (guint) CLAMP (g_ascii_strtoull (digit, NULL, 10), 1, G_MAXUINT - 1);

  return 1;
}

/* TRUE when the sample has no double quote and most of its non-empty
 * fields are wrapped in single quotes, as some database and script
 * exports write them: 'Doe, Jane','jane@example.com'. A double quote
 * anywhere keeps the usual quote, so a name such as O'Brien in a file
 * that quotes with '"' never decides. */
static gboolean
uses_single_quotes (const char *sample,
                    gsize       length,
                    gboolean    complete,
                    char        delimiter)
{
  g_autoptr(GPtrArray) records = NULL;
  guint n_fields = 0;
  guint n_wrapped = 0;

  if (length == 0 || memchr (sample, '"', length) != NULL || memchr (sample, '\'', length) == NULL)
    return FALSE;

  if (delimiter == 0)
    {
      gboolean uncertain;

      delimiter = detect_delimiter (sample, length, complete, '\'', &uncertain);
    }

  /* With no '"' in the sample, reading it with '"' as the quote splits
   * it at every delimiter and leaves the single quotes in the fields. */
  records = tokenize_sample (sample, length, delimiter, '"', SAMPLE_RECORDS, complete);
  for (guint i = 0; i < records->len; i++)
    {
      GPtrArray *fields = records->pdata[i];

      for (guint j = 0; j < fields->len; j++)
        {
          gsize size;
          const char *field = g_bytes_get_data (fields->pdata[j], &size);

          if (size == 0)
            continue;
          n_fields++;
          if (size >= 2 && field[0] == '\'' && field[size - 1] == '\'')
            n_wrapped++;
        }
    }

  return n_wrapped * 2 > n_fields;
}

typedef enum
{
  NO_EMAIL_COLUMN_CONTACTS,
  NO_EMAIL_COLUMN_SUPPRESSIONS,
  NO_EMAIL_COLUMN_APP,
} NoEmailColumnReader;

/* The message for a file in which no column contains addresses. A
 * suppression list is read with no choice of column, so its advice names
 * the column it needs instead. The desktop app has no way to choose a
 * column for such a file, so its advice is to check the file. */
static char *
dup_no_email_column_message (const char          *path,
                             NoEmailColumnReader  reader)
{
  if (reader == NO_EMAIL_COLUMN_APP)
    return g_strdup_printf (_("No column of “%s” contains email addresses. Check that this file is your contact list: "
                              "Bounce needs a column with an email address on each row."),
                            path);

  if (reader == NO_EMAIL_COLUMN_SUPPRESSIONS)
    return g_strdup_printf (_("No column of “%s” contains email addresses. A suppression list to import needs "
                              "a column of addresses, such as one headed “email”."),
                            path);

  return g_strdup_printf (_("No column of “%s” contains email addresses. Check that the file is a contact list, "
                            "or choose the email column by hand."),
                          path);
}

/* Folded header-name parts of the columns in which CRM exports name the
 * staff member in charge of a contact: Salesforce "Owner Email", HubSpot
 * "Contact owner", Pipedrive "Owner", helpdesks' "Assigned To". */
static const char * const staff_header_parts[] = {
  "owner", "assigned", "assignee", "salesrep", "accountmanager", "createdby", "modifiedby",
};

/* TRUE when @column of the sample looks like a staff column rather than
 * the contacts' addresses: its header names a staff role, or its
 * @n_addresses addresses repeat so that each one comes back on average
 * at least twice. */
static gboolean
is_staff_column (BounceContactList *self,
                 GPtrArray         *records,
                 GPtrArray         *header,
                 guint              column,
                 guint              n_addresses)
{
  g_autoptr(GHashTable) distinct = NULL;

  if (self->dialect.has_header && header != NULL && column < header->len)
    {
      g_autofree char *name = decode_field (self, header->pdata[column]);
      g_autofree char *folded = fold_header_name (name, TRUE);

      for (guint i = 0; i < G_N_ELEMENTS (staff_header_parts); i++)
        if (strstr (folded, staff_header_parts[i]) != NULL)
          return TRUE;
    }

  if (n_addresses < 4)
    return FALSE;

  distinct = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = self->dialect.has_header ? 1 : 0; i < records->len; i++)
    {
      GPtrArray *record = records->pdata[i];
      gsize length;
      const char *data;

      if (column >= record->len || record->pdata[column] == NULL)
        continue;
      data = g_bytes_get_data (record->pdata[column], &length);
      if (data != NULL && length > 0 && memchr (data, '@', length) != NULL)
        g_hash_table_add (distinct, g_ascii_strdown (data, length));
    }

  return g_hash_table_size (distinct) * 2 <= n_addresses;
}

/* Decides the header and the address columns from the sample records. */
static gboolean
detect_columns (BounceContactList       *self,
                GPtrArray               *records,
                const BounceCsvDialect  *options,
                GError                 **error)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_autoptr(GArray) by_name = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *votes = NULL;
  g_autofree guint *filled = NULL;
  GPtrArray *first = records->len > 0 ? records->pdata[0] : NULL;
  guint n_sample_columns = 0;
  gboolean first_has_address = FALSE;
  int chosen = -1;

  for (guint i = 0; i < records->len; i++)
    n_sample_columns = MAX (n_sample_columns, ((GPtrArray *) records->pdata[i])->len);

  /* Header: exports write one, and a header row never contains an address. */
  for (guint i = 0; first != NULL && i < first->len; i++)
    first_has_address |= field_has_address (self, first->pdata[i], scratch);

  if (options->has_header >= 0)
    self->dialect.has_header = options->has_header;
  else
    self->dialect.has_header = first != NULL && !first_has_address;

  /* Address columns by name. */
  if (self->dialect.has_header && first != NULL)
    {
      for (guint i = 0; i < first->len; i++)
        {
          g_autofree char *name = decode_field (self, first->pdata[i]);

          if (is_email_header (name))
            g_array_append_val (by_name, i);
        }
    }

  /* And by content: the column with the most cells that contain an address. */
  votes = g_new0 (guint, MAX (n_sample_columns, 1));
  filled = g_new0 (guint, MAX (n_sample_columns, 1));
  for (guint i = self->dialect.has_header ? 1 : 0; i < records->len; i++)
    {
      GPtrArray *record = records->pdata[i];

      for (guint j = 0; j < record->len; j++)
        {
          votes[j] += field_has_address (self, record->pdata[j], scratch);
          filled[j] += record->pdata[j] != NULL && g_bytes_get_size (record->pdata[j]) > 0;
        }
    }
  self->content_column = -1;
  for (guint j = 0; j < n_sample_columns; j++)
    if (votes[j] > 0 && (self->content_column < 0 || votes[j] > votes[self->content_column]))
      self->content_column = j;

  if (options->email_column_name != NULL)
    {
      g_autofree char *wanted = fold_header_name (options->email_column_name, FALSE);

      for (guint i = 0; self->dialect.has_header && first != NULL && i < first->len && chosen < 0; i++)
        {
          g_autofree char *name = decode_field (self, first->pdata[i]);
          g_autofree char *folded = fold_header_name (name, FALSE);

          if (g_str_equal (folded, wanted))
            chosen = i;
        }

      if (chosen < 0)
        {
          g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NO_EMAIL_COLUMN,
                       _("“%s” has no column named “%s”. Check the spelling against the file’s first line."),
                       self->path, options->email_column_name);
          return FALSE;
        }
    }
  else if (options->email_column >= 0)
    {
      if ((guint) options->email_column >= n_sample_columns)
        {
          g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NO_EMAIL_COLUMN,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "Column %d was chosen as the email column, but “%s” has only %u column.",
                                    "Column %d was chosen as the email column, but “%s” has only %u columns.",
                                    n_sample_columns),
                       options->email_column + 1, self->path, n_sample_columns);
          return FALSE;
        }
      chosen = options->email_column;
    }
  else if (by_name->len > 0)
    {
      guint best_rank = G_MAXUINT;

      /* The primary address column, whatever its position: a person may
       * have moved "Secondary Email" before "Primary Email". */
      for (guint i = 0; i < by_name->len; i++)
        {
          guint column = g_array_index (by_name, guint, i);
          g_autofree char *name = decode_field (self, first->pdata[column]);
          guint rank = rank_email_header (name);

          if (rank < best_rank)
            {
              best_rank = rank;
              chosen = column;
            }
        }
    }
  else
    {
      guint best_votes = 0;
      guint second_votes = 0;

      for (guint j = 0; j < n_sample_columns; j++)
        {
          if (votes[j] > best_votes)
            {
              second_votes = best_votes;
              best_votes = votes[j];
              chosen = j;
            }
          else if (votes[j] > second_votes)
            second_votes = votes[j];
        }

      /* A close vote, such as a column of work addresses next to private
       * ones, needs a person to confirm. */
      if (chosen >= 0 && second_votes * 5 >= best_votes * 4)
        {
          self->uncertain = TRUE;
          for (guint j = 0; j < n_sample_columns; j++)
            if (votes[j] > 0 && votes[j] * 5 >= best_votes * 4)
              g_array_append_val (self->candidate_columns, j);
        }
      /* A CRM export fills its owner or assignee column on every row, so
       * it can outvote the contacts' own column. A bounce of one staff
       * address would then remove all of that person's customers. */
      else if (chosen >= 0 && second_votes > 0 &&
               is_staff_column (self, records, first, (guint) chosen, votes[chosen]))
        {
          guint suggested_votes = 0;

          self->uncertain = TRUE;
          for (guint j = 0; j < n_sample_columns; j++)
            if (votes[j] > 0)
              g_array_append_val (self->candidate_columns, j);

          /* The question offers the other column with the most addresses
           * first, so that accepting it keeps every customer row. */
          for (guint j = 0; j < n_sample_columns; j++)
            if ((int) j != chosen && votes[j] > suggested_votes)
              {
                suggested_votes = votes[j];
                self->suggested_column = (int) j;
              }
        }
    }

  if (chosen < 0)
    {
      g_autofree char *message = dup_no_email_column_message (self->path, NO_EMAIL_COLUMN_CONTACTS);

      g_set_error_literal (error, BOUNCE_ERROR, BOUNCE_ERROR_NO_EMAIL_COLUMN, message);
      return FALSE;
    }

  self->email_column = chosen;
  if (self->suggested_column < 0)
    self->suggested_column = chosen;
  g_array_append_val (self->email_columns, chosen);
  for (guint i = 0; i < by_name->len; i++)
    {
      guint column = g_array_index (by_name, guint, i);

      if ((int) column != chosen)
        g_array_append_val (self->email_columns, column);
    }
  /* A column whose header is no known name, such as "Assistant Email"
   * or "Billing Contact", is matched too when most of its filled cells
   * in the sample contain an address. A notes column that names an
   * address now and then is not. */
  for (guint j = 0; j < n_sample_columns; j++)
    {
      gboolean listed = FALSE;

      for (guint i = 0; i < self->email_columns->len && !listed; i++)
        listed = g_array_index (self->email_columns, guint, i) == j;
      if (!listed && votes[j] > 0 && votes[j] * 2 > filled[j])
        g_array_append_val (self->email_columns, j);
    }

  for (guint j = 0; j < n_sample_columns; j++)
    {
      gboolean named = FALSE;

      for (guint i = 0; i < by_name->len && !named; i++)
        named = g_array_index (by_name, guint, i) == j;
      if (votes[j] > 0 || named || (int) j == chosen)
        g_array_append_val (self->address_columns, j);
    }

  return TRUE;
}

/* The full pass */

typedef struct
{
  BounceContactList *self;
  gboolean          *is_email_column; /* indexed by column, up to n_flags */
  guint              n_flags;
  GString           *scratch;
  GPtrArray         *found;            /* the row's addresses beyond the first */
  GPtrArray         *list_found;       /* those of them in the list address cell */
  const char        *address;
  guint32            address_hash;     /* g_str_hash() of address */
  guint              field;
  guint              last_nonempty;    /* 1 + index of the last non-empty field */
  gboolean           row_done;
  guint              row_fields;
  guint              row_last_nonempty;
  guint              n_events;         /* fields and rows libcsv has completed */
  BounceAddressError syntax_error;     /* of the row's list address cell */
  gboolean           unchecked;        /* a field of the row was cut */
  guint              stray_quote_line; /* first line of the record with an undoubled
                                        * quote inside a quoted field, or 0 */
} LoadState;

/* Checks the syntax of the row's list address cell as the list checks
 * would check bounce_contact_list_dup_cell()'s text, while libcsv has it
 * at hand, because reading the cell again later took most of their time. */
static void
check_list_cell (LoadState  *state,
                 const char *data,
                 gsize       length)
{
  BounceContactList *self = state->self;

  if (length > 0 && (self->needs_decoding || (!self->valid_utf8 && memchr (data, '\0', length) != NULL)))
    {
      g_autofree char *decoded = decode_text (self, data, length);

      state->syntax_error = _bounce_address_check_error (decoded, strlen (decoded));
    }
  else
    state->syntax_error = _bounce_address_check_error (data, length);
}

static void
load_address_cell (LoadState  *state,
                   const char *data,
                   gsize       length,
                   gboolean    list_column)
{
  BounceContactList *self = state->self;
  g_autofree char *decoded = NULL;
  g_autoptr(GPtrArray) addresses = NULL;

  if (length == 0 || memchr (data, '@', length) == NULL)
    return;

  /* A NUL byte becomes U+FFFD, as for the syntax check above: kept, it
   * cut the stored address before its "@", and the list checks, which
   * take every valid row's address to have one, crashed on it. */
  if (self->needs_decoding || (!self->valid_utf8 && memchr (data, '\0', length) != NULL))
    {
      decoded = decode_text (self, data, length);
      data = decoded;
      length = strlen (decoded);
    }

  if (list_column && state->address == NULL && _bounce_address_is_single (data, length))
    {
      if (_bounce_address_normalize_to (data, length, state->scratch))
        {
          state->address = g_string_chunk_insert_len (self->addresses, state->scratch->str,
                                                      state->scratch->len);
          state->address_hash = g_str_hash (state->address);
        }
      return;
    }

  addresses = g_ptr_array_new_with_free_func (g_free);
  _bounce_address_extract_to (data, length, addresses);
  for (guint i = 0; i < addresses->len; i++)
    {
      const char *address = addresses->pdata[i];

      if (list_column && state->address == NULL)
        {
          state->address = g_string_chunk_insert (self->addresses, address);
          state->address_hash = g_str_hash (state->address);
        }
      else
        {
          g_ptr_array_add (state->found, g_strdup (address));
          if (list_column)
            g_ptr_array_add (state->list_found, g_strdup (address));
        }
    }
}

static void
clear_found (LoadState *state)
{
  g_ptr_array_set_size (state->found, 0);
  g_ptr_array_set_size (state->list_found, 0);
}

/* Returns @addresses without @first and repeats, NULL-terminated, or
 * NULL when none is left. */
static char **
dup_other_addresses (GPtrArray  *addresses,
                     const char *first)
{
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  g_autoptr(GHashTable) seen_set = NULL;

  for (guint i = 0; i < addresses->len; i++)
    {
      const char *address = addresses->pdata[i];
      gboolean seen = g_strcmp0 (address, first) == 0;

      /* A cell of a pasted Cc list can have tens of thousands of
       * addresses, so a longer list is looked up in a set, which
       * borrows the strings of @others. Comparing took quadratic time. */
      if (seen_set == NULL && others->len >= 16)
        {
          seen_set = g_hash_table_new (g_str_hash, g_str_equal);
          for (guint j = 0; j < others->len; j++)
            g_hash_table_add (seen_set, others->pdata[j]);
        }

      if (seen_set != NULL)
        seen = seen || g_hash_table_contains (seen_set, address);
      else
        for (guint j = 0; j < others->len && !seen; j++)
          seen = g_str_equal (others->pdata[j], address);

      if (!seen)
        {
          char *copy = g_strdup (address);

          g_ptr_array_add (others, copy);
          if (seen_set != NULL)
            g_hash_table_add (seen_set, copy);
        }
    }

  if (others->len == 0)
    return NULL;
  g_ptr_array_add (others, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&others), FALSE);
}

/* Loads the list address cell of nearly every row in one pass, when it
 * is one plain address that the syntax check finds valid. Then
 * _bounce_address_normalize_to() would only lower its case, because
 * such a cell has no display name, separator, "mailto:" or non-ASCII
 * byte. A leading apostrophe is allowed in a local part but is trimmed
 * by the normalization, so that cell takes the full path, as does every
 * cell of a file that is not valid UTF-8 (it may hold NUL bytes). Returns
 * FALSE for any cell the full path must read. */
static gboolean
load_plain_address_cell (LoadState  *state,
                         const char *data,
                         gsize       length)
{
  BounceContactList *self = state->self;
  guint32 hash = 5381;
  char *lower;

  if (!self->valid_utf8 || state->address != NULL || length == 0 || data[0] == '\'' ||
      !_bounce_address_is_plain_valid (data, length))
    return FALSE;

  /* g_str_hash() (djb2) of the lower-case copy, computed as it is made. */
  g_string_set_size (state->scratch, length);
  lower = state->scratch->str;
  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      lower[i] = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
      hash = (hash << 5) + hash + (signed char) lower[i];
    }

  state->address = g_string_chunk_insert_len (self->addresses, lower, length);
  state->address_hash = hash;
  state->syntax_error = BOUNCE_ADDRESS_OK;

  return TRUE;
}

static void
load_field_cb (void   *field,
               size_t  length,
               void   *user_data)
{
  LoadState *state = user_data;
  guint index = state->field++;

  state->n_events++;

  if (length > 0)
    state->last_nonempty = index + 1;

  if (index >= state->n_flags || !state->is_email_column[index])
    return;

  if ((int) index != state->self->email_column)
    load_address_cell (state, field, length, FALSE);
  else if (!load_plain_address_cell (state, field, length))
    {
      load_address_cell (state, field, length, TRUE);
      check_list_cell (state, field, length);
    }
}

static void
load_row_cb (int   terminator,
             void *user_data)
{
  LoadState *state = user_data;

  state->n_events++;
  state->row_done = TRUE;
  state->row_fields = state->field;
  state->row_last_nonempty = state->last_nonempty;
  state->field = 0;
  state->last_nonempty = 0;
}

/* Stores the row whose record libcsv just completed. */
static void
add_row (BounceContactList *self,
         LoadState         *state,
         gsize              gap_start,
         gsize              start,
         guint              line,
         gboolean           damaged)
{
  ContactRow row = {
    .start = start,
    .line = line,
    .n_fields = MIN (state->row_fields, (1u << 29) - 1),
    .empty_tail = state->row_last_nonempty < state->row_fields,
    .damaged = damaged,
    .blank_before = gap_start < start,
    .address_hash = state->address != NULL ? state->address_hash : 0,
    .syntax_error = damaged || state->unchecked ? BOUNCE_ADDRESS_ERROR_LAST : state->syntax_error,
    .other_spelling = state->address != NULL && _bounce_address_may_have_other_spelling (state->address),
    .address = state->address,
  };
  guint index = self->rows->len;

  /* A row without the list address column has an empty cell there. */
  state->syntax_error = BOUNCE_ADDRESS_EMPTY;
  state->unchecked = FALSE;

  /* BOUNCE_CSV_MAX_ROWS: ten million rows take about 600 MB here, and a
   * larger file is refused whole (see load_file()), so reading stops.
   * The reader of the second half also counts the rows the first half
   * has read so far. They are real rows whether or not the second half
   * starts a record, so both halves together never contain many more rows
   * than the limit. The first half cannot count the second's until
   * join_split() has checked that guess. */
  if ((index & 0xff) == 0)
    g_atomic_int_set (&self->rows_published, index);
  if (index >= max_rows ||
      (self->first_half != NULL && index + (guint) g_atomic_int_get (&self->first_half->rows_published) >= max_rows))
    {
      self->too_many_rows = TRUE;
      clear_found (state);
      state->address = NULL;
      return;
    }

  g_array_append_val (self->rows, row);
  if (gap_start < start)
    g_hash_table_insert (self->gap_starts, GUINT_TO_POINTER (index), GSIZE_TO_POINTER (gap_start));
  if (damaged)
    g_array_append_val (self->damaged_rows, index);

  if (state->found->len > 0)
    {
      char **extra = dup_other_addresses (state->found, state->address);
      char **list_cell = dup_other_addresses (state->list_found, state->address);

      if (extra != NULL)
        g_hash_table_insert (self->extra_addresses, GUINT_TO_POINTER (index), extra);
      if (list_cell != NULL)
        g_hash_table_insert (self->list_cell_addresses, GUINT_TO_POINTER (index), list_cell);
      clear_found (state);
    }

  state->address = NULL;
}

/* Drops what libcsv buffered of a field past MAX_FIELD_BYTES. Only in
 * FIELD_BEGUN, where entry_pos and spaces can both restart from zero
 * without breaking libcsv's trailing-space and closing-quote arithmetic. */
static gboolean
cut_long_field (struct csv_parser *parser)
{
  if (parser->pstate != LIBCSV_FIELD_BEGUN || parser->entry_pos <= MAX_FIELD_BYTES)
    return FALSE;

  parser->entry_pos = 0;
  parser->spaces = 0;

  return TRUE;
}

static guint file_line (BounceContactList *self,
                        guint              line);

/* BOUNCE_CSV_MAX_ROW_BYTES: dup_cell() reads the cells of a row from its
 * first 16 MiB only, because it parses the row again for every cell. A
 * longer row gets a diagnostic on the file line of @record_line (a line
 * of the text this object reads), and FALSE is returned for it. Its
 * addresses were read while loading, and it is written back whole. */
static gboolean
check_row_length (BounceContactList *self,
                  guint              record_line,
                  gsize              start,
                  gsize              end)
{
  g_autofree char *max_size = NULL;
  g_autofree char *message = NULL;

  if (end - start <= BOUNCE_CSV_MAX_ROW_BYTES)
    return TRUE;

  max_size = g_format_size_full (BOUNCE_CSV_MAX_ROW_BYTES, G_FORMAT_SIZE_IEC_UNITS);
  message = g_strdup_printf (_("This row is longer than %s, so only the cells in its first %s are shown. Its address decides whether it is kept, and it is written whole to the cleaned or the removed file."),
                             max_size, max_size);
  add_diagnostic (self, file_line (self, record_line), -1, "long-row", message);

  return FALSE;
}

/* Returns where the line that ends at @line_end has its text end, before
 * its "\n", "\r\n", "\r\r\n" or "\r". */
static const char *
strip_line_ending (const char *line,
                   const char *line_end)
{
  if (line_end - line >= 3 && is_cr_crlf (line_end - 3, line_end))
    return line_end - 3;
  if (line_end > line && line_end[-1] == '\n')
    line_end--;
  if (line_end > line && line_end[-1] == '\r')
    line_end--;

  return line_end;
}

/* Returns TRUE when the line from @line to @line_end, read inside a
 * quoted field that an earlier line opened, has a quote that RFC 4180
 * (section 2, rules 5 to 7) does not allow there. Such a quote is not
 * doubled and is followed by more text instead of the delimiter or the
 * line end. libcsv reads on past it, so a stray quote such as `,"Paris`
 * would take in every row up to the next quoted cell of the file. A valid
 * file doubles each quote inside a field and closes the field before a
 * delimiter or a line end. */
static gboolean
line_closes_quote_badly (const char *line,
                         const char *line_end,
                         char        delimiter,
                         char        quote)
{
  const char *text_end = strip_line_ending (line, line_end);
  const char *p = line;

  while ((p = memchr (p, quote, text_end - p)) != NULL)
    {
      if (p + 1 < text_end && p[1] == quote)
        {
          p += 2;
          continue;
        }

      /* The closing quote: libcsv lets spaces follow it. */
      for (p++; p < text_end && (*p == ' ' || *p == '\t') && *p != delimiter; p++)
        ;

      return p < text_end && *p != delimiter;
    }

  return FALSE;
}

/* Feeds the @length bytes at @data, on line @line of the text, to the
 * loader's parser. That parser runs in libcsv's strict mode, which libcsv
 * checks only on its quote paths, so it adds no work per byte. In strict
 * mode libcsv stops at a quote inside an unquoted field, and at a quote
 * inside a quoted field that is not doubled (RFC 4180, section 2, rule
 * 7), such as the second quote in `"said 5" tall"`. The byte it stopped
 * at is then fed without strict mode, so every field is read as libcsv
 * reads it by default. The first line where a quoted field has such a
 * quote is kept in state->stray_quote_line, for a diagnostic once the
 * record is complete. */
static void
parse_strict (struct csv_parser *parser,
              const char        *data,
              gsize              length,
              guint              line,
              LoadState         *state)
{
  for (;;)
    {
      gsize parsed = csv_parse (parser, data, length, load_field_cb, load_row_cb, state);
      gsize step;

      /* Out of memory, or a field larger than SIZE_MAX: libcsv reads no
       * more of it, with or without strict mode. */
      if (parsed == length || parser->status != CSV_EPARSE)
        return;

      if (parser->pstate == LIBCSV_FIELD_MIGHT_HAVE_ENDED && state->stray_quote_line == 0)
        state->stray_quote_line = line;

      parser->status = CSV_SUCCESS;
      csv_set_opts (parser, 0);
      step = csv_parse (parser, data + parsed, 1, load_field_cb, load_row_cb, state);
      csv_set_opts (parser, CSV_STRICT);
      if (step == 0)
        return;
      data += parsed + step;
      length -= parsed + step;
    }
}

/* Feeds @start to @end to @parser in pieces, cutting fields past
 * MAX_FIELD_BYTES. */
static void
feed_parser (struct csv_parser *parser,
             const char        *start,
             const char        *end,
             LoadState         *state)
{
  for (const char *p = start; p < end;)
    {
      gsize piece = MIN ((gsize) (end - p), MAX_CHUNK_BYTES);

      /* The row fed here is damaged, so its quotes are reported as
       * never closed instead; line 0 lets that report stand alone. */
      parse_strict (parser, p, piece, 0, state);
      if (cut_long_field (parser))
        state->unchecked = TRUE;
      p += piece;
    }
}

static void
reset_parser (BounceContactList *self,
              struct csv_parser *parser)
{
  csv_free (parser);
  init_csv_parser (parser, self->dialect.delimiter, self->dialect.quote);
  csv_set_opts (parser, CSV_STRICT);
}

/* Reads the record that starts at @row_start again, ending it at
 * @quote_text_end, the end of the text of the line where its unclosed
 * quote opened. The row's fields are what libcsv makes of those bytes with
 * the quote closed there. */
static void
reread_row_to_quote_line (BounceContactList *self,
                          struct csv_parser *parser,
                          LoadState         *state,
                          const char        *row_start,
                          const char        *quote_text_end)
{
  reset_parser (self, parser);
  state->field = 0;
  state->last_nonempty = 0;
  state->address = NULL;
  state->syntax_error = BOUNCE_ADDRESS_EMPTY;
  state->stray_quote_line = 0;
  state->row_done = FALSE;
  clear_found (state);

  feed_parser (parser, row_start, quote_text_end, state);
  csv_fini (parser, load_field_cb, load_row_cb, state);
  if (!state->row_done)
    {
      /* Only blank bytes before the quote line: an empty row. */
      load_row_cb (-1, state);
    }
}

/* TRUE when the text from @line to @line_end has a quoted field whose
 * closing quote is followed by text other than the delimiter, as in
 * `"u v"@example.com`: libcsv reads that quote as part of the field,
 * which then never closes. */
static gboolean
line_has_text_after_closing_quote (const char *line,
                                   const char *line_end,
                                   char        delimiter,
                                   char        quote)
{
  const char *text_end = strip_line_ending (line, line_end);
  const char *p;

  for (p = line; p < text_end; p++)
    if (*p == quote && (p == line || p[-1] == delimiter))
      break;

  for (p++; p < text_end; p++)
    {
      if (*p != quote)
        continue;
      if (p + 1 < text_end && p[1] == quote)
        {
          p++;
          continue;
        }

      return p + 1 < text_end && p[1] != delimiter;
    }

  return FALSE;
}

static void
report_unclosed_quote (BounceContactList *self,
                       guint              quote_line,
                       const char        *quote_line_start,
                       const char        *quote_line_end)
{
  g_autofree char *message = NULL;

  if (line_has_text_after_closing_quote (quote_line_start, quote_line_end, self->dialect.delimiter,
                                         self->dialect.quote))
    {
      message = g_strdup_printf (_("A quoted field on line %u has text after its closing quote, which CSV does not allow, "
                                   "so the quote was read as part of the field and the field never ends. Only line %u "
                                   "was read as this row, and the lines after it as rows of their own. The row is never "
                                   "removed when cleaning. Quote the whole field on line %u and double the quotes "
                                   "inside it."),
                                 quote_line, quote_line, quote_line);
      add_diagnostic (self, quote_line, -1, BOUNCE_DIAGNOSTIC_UNBALANCED_QUOTE, message);
      return;
    }

  message = g_strdup_printf (_("A quoted field that starts on line %u is never closed. Only line %u was read as this row, "
                               "and the lines after it as rows of their own. The row is never removed when cleaning. "
                               "Check the quotes on line %u."),
                             quote_line, quote_line, quote_line);
  add_diagnostic (self, quote_line, -1, BOUNCE_DIAGNOSTIC_UNBALANCED_QUOTE, message);
}

/* Reports the undoubled quote that parse_strict() found in the record
 * just completed, unless the record is @damaged: the diagnostic of its
 * quote that is never closed already names that line. */
static void
report_stray_quote (BounceContactList *self,
                    LoadState         *state,
                    gboolean           damaged)
{
  guint line = file_line (self, state->stray_quote_line);

  state->stray_quote_line = 0;
  if (damaged)
    return;

  add_diagnostic (self, line, -1, BOUNCE_DIAGNOSTIC_UNDOUBLED_QUOTE,
                  _("A quote inside a quoted field is not doubled. The field was read up to the next quote "
                    "that is followed by the delimiter or the line end, and the single quote was kept as text. "
                    "If the field should end earlier, fix the quotes on this line."));
}

/* The second half of a file, read on its own thread while the calling
 * thread reads the first half. */
typedef struct
{
  gsize              offset;     /* where the second half starts, a line start */
  BounceContactList *part;       /* reads the second half */
  GCancellable      *cancellable;
  GThread           *thread;
} SplitRead;

static gboolean join_split (BounceContactList *self,
                            SplitRead         *split,
                            gboolean           use,
                            gsize              gap_start,
                            guint              lines_before);
static guint    count_lines (const char        *text,
                             gsize              length);

/* Returns the line number in the whole file of @line, a line number in
 * the text this object reads. */
static guint
file_line (BounceContactList *self,
           guint              line)
{
  if (self->lines_before_text == NULL)
    return line;

  if (self->lines_before == G_MAXUINT)
    self->lines_before = count_lines (self->lines_before_text, self->lines_before_length);

  return line + self->lines_before;
}

/* Reads every record into rows. When @split is not NULL, another thread
 * reads the text from split->offset on, guessing that a record starts
 * there; reaching that offset, this function checks the guess and either
 * takes the other thread's rows or reads on by itself. */
static void
read_rows (BounceContactList *self,
           GCancellable      *cancellable,
           SplitRead         *split)
{
  const char *text = self->text;
  const char *end = self->text + self->text_length;
  const char *p = text;
  struct csv_parser parser;
  LoadState state = { self, .syntax_error = BOUNCE_ADDRESS_EMPTY };
  g_autofree gboolean *flags = NULL;
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) list_found = g_ptr_array_new_with_free_func (g_free);
  gsize row_start = 0;     /* where the blank lines before the record start */
  gsize record_start = 0;
  guint line = 1;
  guint record_line = 0;
  gboolean header_pending = self->dialect.has_header;
  gboolean cut_reported = FALSE;
  const char *released = text;
  const char *line_start = text;
  /* Where the line that starts at line_start ends. It is looked for once
   * per line, not once per piece fed to libcsv: a line of 2 GB without a
   * line break made that quadratic. */
  const char *line_end = NULL;
  guint line_events = 0;
  /* The line where the quoted field still open at the last line break
   * opened; quote_line_end is NULL when no quoted field is open there. */
  guint quote_line = 0;
  const char *quote_line_start = NULL;
  const char *quote_line_end = NULL;
  /* A quoted field ran from an earlier line to the end of the file. */
  gboolean quotes_never_close = FALSE;

  /* Which columns to read addresses from while tokenizing. */
  for (guint i = 0; i < self->email_columns->len; i++)
    state.n_flags = MAX (state.n_flags, g_array_index (self->email_columns, guint, i) + 1);
  flags = g_new0 (gboolean, state.n_flags);
  for (guint i = 0; i < self->email_columns->len; i++)
    flags[g_array_index (self->email_columns, guint, i)] = TRUE;
  state.is_email_column = flags;
  state.scratch = scratch;
  state.found = found;
  state.list_found = list_found;

  init_csv_parser (&parser, self->dialect.delimiter, self->dialect.quote);
  csv_set_opts (&parser, CSV_STRICT);

  /* The "sep=" line and the title lines belong to the head, before the
   * header if there is one, and are no records. */
  if (self->preamble_length > 0)
    {
      p = line_start = released = text + self->preamble_length;
      row_start = record_start = self->preamble_length;
      self->head_end = self->preamble_length;
      line = self->n_preamble_lines + 1;
    }

  /* libcsv reports where a record ends only through its row callback, not
   * at which byte. Feeding it one physical line at a time makes the end of
   * the line that completed a record the end of the record's bytes. */
  for (;;)
    {
      const char *chunk_end;
      gboolean was_blank;
      gboolean damaged = FALSE;

      /* The end of the first half: the guess that the second half starts
       * a record holds when nothing is pending here. */
      if (split != NULL && p == text + split->offset)
        {
          gboolean at_record_start = !header_pending && !state.row_done && state.field == 0 &&
                                     parser.pstate == LIBCSV_ROW_NOT_BEGUN &&
                                     quote_line_end == NULL;

          if (join_split (self, g_steal_pointer (&split), at_record_start, row_start, line - 1))
            break;
        }

      if (p < end)
        {
          if (p == line_start || line_end == NULL)
            line_end = find_line_end (p, end);
          chunk_end = MIN (line_end, p + MAX_CHUNK_BYTES);
          was_blank = state.field == 0 && parser.pstate == LIBCSV_ROW_NOT_BEGUN;

          if ((line & 0xffff) == 0 && g_cancellable_is_cancelled (cancellable))
            break;

          /* A quoted field still open at a line break after an earlier
           * one ran to the end of the file never closes either. The
           * earlier field spans this line break too. An open quoted field
           * is in one parser state at any line break, so from here on
           * both read the same bytes the same way. Ending it here keeps a
           * file with many stray quotes linear. */
          if (p == line_start && quote_line_end != NULL && quotes_never_close)
            {
              report_unclosed_quote (self, file_line (self, quote_line), quote_line_start, quote_line_end);
              reread_row_to_quote_line (self, &parser, &state, text + row_start,
                                        strip_line_ending (quote_line_start, quote_line_end));
              p = line_start = quote_line_end;
              line = quote_line + 1;
              damaged = TRUE;
            }
          else if (p == line_start && quote_line_end != NULL &&
                   line_closes_quote_badly (line_start, line_end, self->dialect.delimiter, self->dialect.quote))
            {
              /* The quote that opened the field was a stray one: its row
               * ends where the quote's line ends, as at the end of the
               * file, and the lines after it are read again as rows. */
              report_unclosed_quote (self, file_line (self, quote_line), quote_line_start, quote_line_end);
              reread_row_to_quote_line (self, &parser, &state, text + row_start,
                                        strip_line_ending (quote_line_start, quote_line_end));
              p = line_start = quote_line_end;
              line = quote_line + 1;
              damaged = TRUE;
            }
          else
            {
              if (p == line_start)
                line_events = state.n_events;

              parse_strict (&parser, p, chunk_end - p, line, &state);

              if (cut_long_field (&parser))
                state.unchecked = TRUE;
              if (state.unchecked && !cut_reported)
                {
                  add_diagnostic (self, file_line (self, record_line ? record_line : line), -1, "huge-field",
                                  _("A field on this line is longer than 1 MiB, so it is shown cut short and not read as an address. The row’s address decides whether it is kept, and the row is written whole to the cleaned or the removed file."));
                  cut_reported = TRUE;
                }

              if (was_blank && (state.row_done || state.field > 0 || parser.pstate != LIBCSV_ROW_NOT_BEGUN))
                {
                  record_line = line;
                  record_start = p - text;
                }

              p = chunk_end;
              if (chunk_end == line_end)
                {
                  /* Where a quoted field still open at this line break
                   * began: on this line when libcsv completed a field or
                   * row on it, else on an earlier line. */
                  if (state.row_done || parser.pstate != LIBCSV_FIELD_BEGUN || !parser.quoted)
                    quote_line_end = NULL;
                  else if (quote_line_end == NULL || state.n_events != line_events)
                    {
                      quote_line = line;
                      quote_line_start = line_start;
                      quote_line_end = line_end;
                    }
                  line++;
                  line_start = line_end;
                }

              if ((gsize) (p - released) > RELEASE_BYTES)
                {
                  _bounce_contact_list_release_pages (self, p);
                  released = p;
                }
            }
        }
      else if (quote_line_end != NULL)
        {
          /* The end of the file inside a quoted field: libcsv would put
           * everything from the quote on into one field. A quote closed
           * as RFC 4180 allows on any later line, however that line
           * looks, is read as written (section 2, rule 6). */
          report_unclosed_quote (self, file_line (self, quote_line), quote_line_start, quote_line_end);
          quotes_never_close = TRUE;
          reread_row_to_quote_line (self, &parser, &state, text + row_start,
                                    strip_line_ending (quote_line_start, quote_line_end));
          p = line_start = quote_line_end;
          line = quote_line + 1;
          damaged = TRUE;
        }
      else
        break;

      if (!state.row_done)
        continue;

      state.row_done = FALSE;
      cut_reported = FALSE;
      quote_line_end = NULL;
      if (state.stray_quote_line != 0)
        report_stray_quote (self, &state, damaged);
      if (header_pending)
        {
          self->head_end = p - text;
          self->n_header_fields = state.row_fields;
          state.address = NULL;
          state.syntax_error = BOUNCE_ADDRESS_EMPTY;
          state.unchecked = FALSE;
          clear_found (&state);
          header_pending = FALSE;
        }
      else
        {
          if (!check_row_length (self, record_line, MAX (record_start, row_start), p - text))
            state.unchecked = TRUE;
          add_row (self, &state, row_start, MAX (record_start, row_start), record_line, damaged);
          if (self->too_many_rows)
            break;
        }
      self->body_end = p - text;
      row_start = p - text;
    }

  /* Cancelled before the end of the first half. */
  if (split != NULL)
    join_split (self, split, FALSE, row_start, 0);

  csv_fini (&parser, load_field_cb, load_row_cb, &state);
  if (state.row_done)
    {
      if (state.stray_quote_line != 0)
        report_stray_quote (self, &state, FALSE);
      if (header_pending)
        {
          self->head_end = self->text_length;
          self->n_header_fields = state.row_fields;
          state.address = NULL;
          clear_found (&state);
        }
      else
        {
          if (!check_row_length (self, record_line, MAX (record_start, row_start),
                                 self->text_length))
            state.unchecked = TRUE;
          add_row (self, &state, row_start, MAX (record_start, row_start), record_line, FALSE);
        }
      self->body_end = self->text_length;
    }
  csv_free (&parser);

  if (self->dialect.has_header && self->head_end == 0 && self->rows->len == 0)
    self->body_end = 0;
}

void
_bounce_contact_list_set_split_min_bytes (gsize bytes)
{
  split_min_bytes = bytes;
}

void
_bounce_contact_list_set_max_rows (guint rows)
{
  max_rows = rows;
}

static gpointer
read_part_thread (gpointer data)
{
  SplitRead *split = data;

  read_rows (split->part, split->cancellable, NULL);

  return NULL;
}

/* Returns the number of lines in @text up to @length, counted as
 * read_rows() counts them. */
static guint
count_lines (const char *text,
             gsize       length)
{
  const char *end = text + length;
  guint lines = 0;

  for (const char *p = text; p < end; p = find_line_end (p, end))
    lines++;

  return lines;
}

/* Starts reading the second half of the file on another thread; NULL when
 * the file is too small or has no line break past its middle. */
static SplitRead *
start_split (BounceContactList *self,
             gsize              estimated_rows)
{
  BounceContactList *part;
  SplitRead *split;
  const char *middle;
  gsize offset;

  if (self->text_length < MAX (split_min_bytes, 2) || g_get_num_processors () < 2)
    return NULL;

  middle = memchr (self->text + self->text_length / 2, '\n', self->text_length - self->text_length / 2);
  if (middle == NULL || middle + 1 >= self->text + self->text_length)
    return NULL;
  offset = middle + 1 - self->text;

  /* A contact list of its own over the second half, sharing the text and
   * the detected dialect. It has no header. Its rows' line numbers count
   * from its own start, but its diagnostics name the lines of the whole
   * file. */
  part = g_object_new (BOUNCE_TYPE_CONTACT_LIST, NULL);
  part->path = g_strdup (self->path);
  dialect_copy (&part->dialect, &self->dialect);
  part->dialect.has_header = 0;
  part->text = self->text + offset;
  part->text_length = self->text_length - offset;
  part->needs_decoding = self->needs_decoding;
  part->valid_utf8 = self->valid_utf8;
  part->email_column = self->email_column;
  g_array_append_vals (part->email_columns, self->email_columns->data, self->email_columns->len);
  part->lines_before_text = self->text;
  part->lines_before_length = offset;
  part->lines_before = G_MAXUINT;
  part->rows = g_array_sized_new (FALSE, FALSE, sizeof (ContactRow), estimated_rows / 2 + 16);
  if (self->converted == NULL && self->mapped != NULL)
    {
      part->mapped = g_mapped_file_ref (self->mapped);
      part->release_floor = part->text;
    }
  part->first_half = self;

  split = g_new0 (SplitRead, 1);
  split->offset = offset;
  split->part = part;
  split->cancellable = g_cancellable_new ();
  split->thread = g_thread_new ("bounce-csv-part", read_part_thread, split);

  return split;
}

/* Appends the rows, addresses and diagnostics that @part read from
 * @offset on, which is after @lines_before lines. @gap_start is where the
 * blank lines before its first record begin: the first half may end with
 * some. */
static void
merge_part (BounceContactList *self,
            BounceContactList *part,
            gsize              offset,
            gsize              gap_start,
            guint              lines_before)
{
  guint first = self->rows->len;
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  ContactRow *rows;

  g_array_set_size (self->rows, first + part->rows->len);
  rows = &g_array_index (self->rows, ContactRow, first);
  for (guint i = 0; i < part->rows->len; i++)
    {
      rows[i] = g_array_index (part->rows, ContactRow, i);
      rows[i].start += offset;
      rows[i].line += lines_before;
    }

  g_hash_table_iter_init (&iter, part->gap_starts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->gap_starts, GUINT_TO_POINTER (GPOINTER_TO_UINT (key) + first),
                         GSIZE_TO_POINTER (GPOINTER_TO_SIZE (value) + offset));
  if (part->rows->len > 0 && gap_start < offset)
    {
      g_array_index (self->rows, ContactRow, first).blank_before = TRUE;
      g_hash_table_insert (self->gap_starts, GUINT_TO_POINTER (first), GSIZE_TO_POINTER (gap_start));
    }

  for (guint i = 0; i < part->damaged_rows->len; i++)
    {
      guint row = g_array_index (part->damaged_rows, guint, i) + first;

      g_array_append_val (self->damaged_rows, row);
    }

  g_hash_table_iter_init (&iter, part->extra_addresses);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_hash_table_iter_steal (&iter);
      g_hash_table_insert (self->extra_addresses, GUINT_TO_POINTER (GPOINTER_TO_UINT (key) + first), value);
    }
  g_hash_table_iter_init (&iter, part->list_cell_addresses);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_hash_table_iter_steal (&iter);
      g_hash_table_insert (self->list_cell_addresses, GUINT_TO_POINTER (GPOINTER_TO_UINT (key) + first), value);
    }

  /* The rows' list addresses point into the part's strings. */
  g_assert (self->part_addresses == NULL);
  self->part_addresses = g_steal_pointer (&part->addresses);

  /* Diagnostics in file order, under the same limit per code as if one
   * thread had read the file; the part's unlisted ones are only counted. */
  for (guint i = 0; i < part->diagnostics->len; i++)
    {
      const BounceDiagnostic *diagnostic = part->diagnostics->pdata[i];
      guint n_listed = GPOINTER_TO_UINT (g_hash_table_lookup (listed, diagnostic->code)) + 1;

      g_hash_table_insert (listed, diagnostic->code, GUINT_TO_POINTER (n_listed));
      add_diagnostic (self, diagnostic->line, diagnostic->offset,
                      g_intern_string (diagnostic->code), diagnostic->message);
    }
  g_hash_table_iter_init (&iter, part->diagnostic_counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint unlisted = GPOINTER_TO_UINT (value) - GPOINTER_TO_UINT (g_hash_table_lookup (listed, key));
      const char *code = g_intern_string (key);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->diagnostic_counts, code));

      g_hash_table_insert (self->diagnostic_counts, (gpointer) code, GUINT_TO_POINTER (count + unlisted));
    }

  if (part->rows->len > 0)
    self->body_end = offset + part->body_end;
  self->too_many_rows |= part->too_many_rows;
}

/* Faults in the whole pages of the @length bytes at @data with one call.
 * MADV_POPULATE_WRITE needs Linux 5.14. On an older kernel madvise()
 * fails, and the first write to each page faults it in. */
static void
populate_pages (gpointer data,
                gsize    length)
{
#ifdef MADV_POPULATE_WRITE
  gsize page_size = sysconf (_SC_PAGESIZE);
  guintptr start = ((guintptr) data + page_size - 1) / page_size * page_size;
  guintptr end = ((guintptr) data + length) / page_size * page_size;

  if (end > start)
    madvise ((void *) start, end - start, MADV_POPULATE_WRITE);
#endif
}

/* Tables of at least this size get pages of their own from the kernel. */
#define TABLE_MMAP_BYTES (1024 * 1024)

/* A table of a million rows takes 16 MiB and lives for a step or two of
 * a clean. The allocator keeps freed memory resident for a while for its
 * next use, and the clean's peak memory comes while the cleaner's table
 * and the list checks' table both exist, or one of them was just freed.
 * Pages of its own are zero already and go back at once when freed. */
gpointer
_bounce_table_alloc0 (gsize size)
{
  gpointer table;

  if (size < TABLE_MMAP_BYTES)
    return g_malloc0 (size);

  table = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (table == MAP_FAILED)
    g_error ("%s: failed to map %" G_GSIZE_FORMAT " bytes: %s", G_STRLOC, size, g_strerror (errno));

  return table;
}

void
_bounce_table_free (gpointer table,
                    gsize    size)
{
  if (table == NULL)
    return;

  if (size < TABLE_MMAP_BYTES)
    g_free (table);
  else
    munmap (table, size);
}

/* Faults in the pages that @n_rows more rows will take in @rows with
 * one call, so that merge_part() does not take a page fault for each
 * 4 KiB it copies. */
static void
populate_rows (GArray *rows,
               guint   n_rows)
{
  guint length = rows->len;

  /* Growing the array first makes the pages its own. */
  g_array_set_size (rows, length + n_rows);
  populate_pages (&g_array_index (rows, ContactRow, length), (gsize) n_rows * sizeof (ContactRow));
  g_array_set_size (rows, length);
}

/* Waits for the second half's thread and, when @use, takes its rows;
 * returns whether it did. @split is freed. */
static gboolean
join_split (BounceContactList *self,
            SplitRead         *split,
            gboolean           use,
            gsize              gap_start,
            guint              lines_before)
{
  gboolean merged = FALSE;

  /* The halves hold about as many rows each, and this thread may have
   * to wait for the other one anyway. */
  if (!use)
    g_cancellable_cancel (split->cancellable);
  else if ((gsize) self->rows->len * 2 <= max_rows)
    populate_rows (self->rows, self->rows->len);
  g_thread_join (split->thread);

  /* A file over the row limit is refused without copying the second
   * half's rows. */
  if (use && !g_cancellable_is_cancelled (split->cancellable) &&
      (split->part->too_many_rows || (gsize) self->rows->len + split->part->rows->len > max_rows))
    {
      self->too_many_rows = TRUE;
      merged = TRUE;
    }
  else if (use && !g_cancellable_is_cancelled (split->cancellable))
    {
      merge_part (self, split->part, split->offset, gap_start, lines_before);
      merged = TRUE;
    }
  else
    g_debug ("%s: byte %" G_GSIZE_FORMAT " does not start a record; reading on one thread from there",
             self->path, split->offset);

  g_object_unref (split->part);
  g_object_unref (split->cancellable);
  g_free (split);

  return merged;
}

/* Reads every record, the two halves of a large file on two threads. */
static void
read_rows_in_parts (BounceContactList *self,
                    gsize              estimated_rows,
                    GCancellable      *cancellable)
{
  read_rows (self, cancellable, start_split (self, estimated_rows));
}

/* Column count, names and ragged-row reports, once every row is read. */
static void
finish_columns (BounceContactList *self)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  guint small_counts[256] = { 0 };
  guint mode = 0;
  guint mode_count = 0;
  guint expected;

  /* Field counts under 256 are counted in an array, which spares a
   * million rows a hash lookup each. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      guint n_fields = g_array_index (self->rows, ContactRow, i).n_fields;
      guint count;

      self->max_fields = MAX (self->max_fields, n_fields);
      if (n_fields < G_N_ELEMENTS (small_counts))
        count = ++small_counts[n_fields];
      else
        {
          count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (n_fields))) + 1;
          g_hash_table_insert (counts, GUINT_TO_POINTER (n_fields), GUINT_TO_POINTER (count));
        }

      if (count > mode_count)
        {
          mode_count = count;
          mode = n_fields;
        }
    }

  expected = self->dialect.has_header ? self->n_header_fields : mode;
  self->n_columns = MAX (expected, mode);
  for (guint i = 0; i < self->email_columns->len; i++)
    self->n_columns = MAX (self->n_columns, g_array_index (self->email_columns, guint, i) + 1);
  self->max_fields = MAX (self->max_fields, MAX (self->n_columns, self->n_header_fields));

  /* Column names: the header's cells, else "Column N". */
  self->column_names = g_ptr_array_new_with_free_func (g_free);
  if (self->dialect.has_header && self->head_end > 0)
    {
      g_autoptr(GPtrArray) header = tokenize_sample (self->text + self->preamble_length,
                                                     self->head_end - self->preamble_length,
                                                     self->dialect.delimiter,
                                                     self->dialect.quote, 1, TRUE);

      if (header->len > 0)
        {
          GPtrArray *fields = header->pdata[0];

          for (guint i = 0; i < fields->len; i++)
            {
              g_autofree char *name = decode_field (self, fields->pdata[i]);

              g_ptr_array_add (self->column_names, g_strdup (g_strstrip (name)));
            }
        }
    }
  for (guint i = 0; i < self->n_columns; i++)
    {
      if (i >= self->column_names->len)
        g_ptr_array_add (self->column_names, g_strdup_printf (_("Column %u"), i + 1));
      else if (((char *) self->column_names->pdata[i])[0] == '\0')
        {
          g_free (self->column_names->pdata[i]);
          self->column_names->pdata[i] = g_strdup_printf (_("Column %u"), i + 1);
        }
    }

  /* Ragged rows are kept as they are. A row with extra empty fields (a
   * trailing delimiter) is not ragged. */
  for (guint i = 0; i < self->rows->len && expected > 0; i++)
    {
      ContactRow *row = &g_array_index (self->rows, ContactRow, i);
      g_autofree char *message = NULL;

      if (row->n_fields == expected)
        continue;

      if (row->n_fields > expected && row->empty_tail)
        continue;

      /* The warning about its unclosed quote explains the fields a
       * damaged row lacks. */
      if (row->damaged)
        continue;

      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "This row has %u field where the header has %u. Its address decides whether it is kept, like any other row.",
                                           "This row has %u fields where the header has %u. Its address decides whether it is kept, like any other row.",
                                           row->n_fields),
                                 row->n_fields, expected);
      if (!self->dialect.has_header)
        {
          g_free (message);
          message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "This row has %u field where most rows have %u. Its address decides whether it is kept, like any other row.",
                                               "This row has %u fields where most rows have %u. Its address decides whether it is kept, like any other row.",
                                               row->n_fields),
                                     row->n_fields, expected);
        }
      add_diagnostic (self, row->line, -1, "ragged-row", message);
    }
}

/* Fails with BOUNCE_ERROR_WRONG_EMAIL_COLUMN when fewer than half of the
 * non-empty cells of the email column that the caller chose contain an
 * address, because cleaning by such a column would remove most rows as
 * invalid. Rows that were not read completely are not counted. */
static gboolean
check_chosen_email_column (BounceContactList  *self,
                           GError            **error)
{
  const char *name = self->column_names->pdata[self->email_column];
  guint n_filled = 0;
  guint n_addresses = 0;
  g_autofree char *filled_text = NULL;
  g_autofree char *addresses_text = NULL;
  g_autofree char *counts = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    {
      const ContactRow *row = &g_array_index (self->rows, ContactRow, i);

      if (row->damaged || row->syntax_error == BOUNCE_ADDRESS_ERROR_LAST)
        continue;
      if (row->address != NULL)
        n_addresses++;
      if (row->address != NULL || row->syntax_error != BOUNCE_ADDRESS_EMPTY)
        n_filled++;
    }

  if (n_addresses * 2 >= n_filled)
    return TRUE;

  /* Each count chooses the plural of its own sentence. */
  filled_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              /* TRANSLATORS: the first %s is a column name, the second a file name. */
                                              "Column “%s” of “%s” is not an email column: it has %u non-empty cell.",
                                              "Column “%s” of “%s” is not an email column: it has %u non-empty cells.",
                                              n_filled),
                                 name, self->path, n_filled);
  addresses_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 /* TRANSLATORS: follows "Column “Name” of “list.csv” is not an email column: it has 3 non-empty cells." */
                                                 "Only %u of them contains an address.",
                                                 "Only %u of them contain an address.",
                                                 n_addresses),
                                    n_addresses);
  /* TRANSLATORS: two sentences in a row; drop the space if your language writes none between sentences. */
  counts = g_strdup_printf (C_("two sentences", "%s %s"), filled_text, addresses_text);

  if (self->content_column >= 0 && self->content_column != self->email_column &&
      (guint) self->content_column < self->column_names->len)
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRONG_EMAIL_COLUMN,
                 /* TRANSLATORS: the first %s is a sentence, the second a column name. */
                 _("%s Column “%s” contains the addresses, so choose that one."),
                 counts, (const char *) self->column_names->pdata[self->content_column]);
  else
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRONG_EMAIL_COLUMN,
                 /* TRANSLATORS: %s is a sentence. */
                 _("%s No column of the file looks like an email column. Check that the file is a contact list."),
                 counts);

  return FALSE;
}

/* Returns whether more than half of the non-empty list address cells
 * below the first row hold a valid address, among as many rows as the
 * detection sample has. */
static gboolean
cells_below_first_are_addresses (BounceContactList *self)
{
  guint n_filled = 0;
  guint n_addresses = 0;

  for (guint i = 1; i < self->rows->len && i <= SAMPLE_RECORDS; i++)
    {
      const ContactRow *row = &g_array_index (self->rows, ContactRow, i);

      if (row->damaged || (row->address == NULL && row->syntax_error == BOUNCE_ADDRESS_EMPTY))
        continue;
      n_filled++;
      if (row->address != NULL && row->syntax_error == BOUNCE_ADDRESS_OK)
        n_addresses++;
    }

  return n_addresses * 2 > n_filled;
}

/* Fails with BOUNCE_ERROR_WRONG_HEADER when the options state that the file
 * has no header but its first row is one. Its list address cell is then a
 * known email column name ("Email Address"), or it has no "@" while the
 * cells below it are addresses ("Contact", "メールアドレス"), as the
 * header detection decides too. That row would otherwise be counted as a
 * contact without an address, and columns appended to the file would
 * have no names. */
static gboolean
check_chosen_no_header (BounceContactList  *self,
                        GError            **error)
{
  const ContactRow *row;
  g_autofree char *cell = NULL;

  if (self->rows->len == 0 || self->email_column < 0)
    return TRUE;

  row = &g_array_index (self->rows, ContactRow, 0);
  if (row->address != NULL)
    return TRUE;

  cell = bounce_contact_list_dup_cell (self, 0, (guint) self->email_column);
  if (cell == NULL)
    return TRUE;
  g_strstrip (cell);

  if (is_email_header (cell))
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRONG_HEADER,
                   /* TRANSLATORS: the first %u is a line number, the first %s a
                    * file name, the last %s a cell such as "Email Address" */
                   _("Line %u of “%s” is a header: its email cell is the column name “%s”. Without a header that "
                     "line would be read as a contact without an address. Leave out --no-header."),
                   row->line, self->path, cell);
      return FALSE;
    }

  if (row->syntax_error != BOUNCE_ADDRESS_NO_AT || !cells_below_first_are_addresses (self))
    return TRUE;

  g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRONG_HEADER,
               /* TRANSLATORS: the first %u is a line number, the first %s a
                * file name, the last %s a cell such as "Contact" */
               _("Line %u of “%s” looks like a header: its email cell “%s” has no “@”, and the cells below it are "
                 "addresses. Without a header that line would be read as a contact without an address. Leave out "
                 "--no-header, or correct the address on that line if it is a contact."),
               row->line, self->path, cell);

  return FALSE;
}

/* Returns the delimiter that a first line "sep=X" names, as Excel writes
 * and reads it, or 0 without such a line. Sets preamble_length to the
 * length of that line with its line end. */
static char
read_sep_line (BounceContactList *self)
{
  const char *text = self->text;
  gsize length = self->text_length;
  char delimiter;
  gsize end;

  if (length < 5 || g_ascii_strncasecmp (text, "sep=", 4) != 0)
    return 0;

  delimiter = text[4];
  if (delimiter == '\r' || delimiter == '\n' || delimiter == '\0' || delimiter == self->dialect.quote)
    return 0;

  end = 5;
  if (end < length && text[end] == '\r')
    end++;
  if (end < length && text[end] == '\n')
    end++;
  if (end < length && end == 5)
    return 0;

  self->preamble_length = end;
  self->n_preamble_lines = 1;

  return delimiter;
}

/* Title records looked at above a header. LinkedIn's Connections.csv
 * has two: "Notes:" and a quoted paragraph. */
#define MAX_TITLE_RECORDS 5

/* TRUE when @record reads as a header: a field has a known address
 * column name and none contains an address. */
/* Returns whether @field is a cell of an address, as a contact row has
 * one: the address alone, or with a name before it in angle brackets.
 * Words around an address without brackets are read as text here. */
static gboolean
field_is_address_cell (BounceContactList *self,
                       GBytes            *field,
                       GString           *scratch)
{
  g_autofree char *text = NULL;

  if (!field_has_address (self, field, scratch))
    return FALSE;
  text = g_strstrip (decode_field (self, field));

  return strpbrk (text, " \t") == NULL || strchr (text, '<') != NULL;
}

static gboolean
record_is_header (BounceContactList *self,
                  GPtrArray         *record,
                  GString           *scratch)
{
  gboolean named = FALSE;

  for (guint i = 0; i < record->len; i++)
    {
      g_autofree char *name = NULL;

      if (field_has_address (self, record->pdata[i], scratch))
        return FALSE;
      if (named)
        continue;
      name = decode_field (self, record->pdata[i]);
      named = is_email_header (name);
    }

  return named;
}

static void
count_field_cb (void   *field,
                size_t  length,
                void   *user_data)
{
}

static void
count_row_cb (int   terminator,
              void *user_data)
{
  guint *n_records = user_data;

  (*n_records)++;
}

/* Returns the length of the title lines at the start of the @length
 * bytes at @text, blank lines after them included, or 0 without any.
 * Title lines are records above the header with no address and no more
 * non-empty fields than the header and the row after it. LinkedIn's
 * Connections.csv writes them ("Notes:", a quoted paragraph, a blank
 * line), and some report exports write a title. The header is the first record of the sample @records
 * that reads as one (record_is_header()). */
static gsize
find_title_lines (BounceContactList *self,
                  GPtrArray         *records,
                  const char        *text,
                  gsize              length)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  struct csv_parser parser;
  const char *end = text + length;
  const char *p = text;
  GPtrArray *header = NULL;
  guint header_index = 0;
  guint n_records = 0;
  gboolean at_record_start;

  for (guint i = 0; i < records->len && i <= MAX_TITLE_RECORDS && header == NULL; i++)
    {
      if (record_is_header (self, records->pdata[i], scratch))
        {
          header = records->pdata[i];
          header_index = i;
        }
    }
  if (header == NULL || header_index == 0 || header->len < 2)
    return 0;

  /* Excel saves a title cell with the row's other cells empty
   * ("Contact list,,,"), so the fields that count are the non-empty ones.
   * A record with a cell of an address is a contact, never a title. An
   * address inside the title's text is no contact: "Export for
   * owner@example.com, 2026-11-30" names the account of the export. */
  for (guint i = 0; i < header_index; i++)
    {
      GPtrArray *record = records->pdata[i];
      guint n_fields = 0;

      for (guint j = 0; j < record->len; j++)
        {
          if (field_is_address_cell (self, record->pdata[j], scratch))
            return 0;
          if (g_bytes_get_size (record->pdata[j]) > 0)
            n_fields++;
        }

      if (n_fields > header->len ||
          (header_index + 1 < records->len && n_fields > ((GPtrArray *) records->pdata[header_index + 1])->len))
        return 0;
    }

  /* The header starts on the first non-blank line after the title
   * records. libcsv completes a record at the line break that ends it,
   * so the lines are fed one at a time. */
  init_csv_parser (&parser, self->dialect.delimiter, self->dialect.quote);
  while (p < end && n_records < header_index)
    {
      const char *line_end = find_line_end (p, end);

      csv_parse (&parser, p, line_end - p, count_field_cb, count_row_cb, &n_records);
      p = line_end;
    }
  at_record_start = parser.pstate == LIBCSV_ROW_NOT_BEGUN;
  csv_free (&parser);
  if (n_records != header_index || !at_record_start)
    return 0;

  while (p < end && (*p == '\n' || *p == '\r'))
    p++;
  if (p >= end)
    return 0;

  return p - text;
}

/* Copies the @size bytes of @fd into a new memory file sealed against
 * any change, and returns its descriptor, or -1 with @error. The kernel
 * copies from its page cache, so the bytes never pass through this
 * process. A file cut shorter during the copy is reported as changed. */
static int
copy_to_memfd (BounceContactList  *self,
               int                 fd,
               goffset             size,
               GError            **error)
{
  int copy_fd = memfd_create ("bounce-contacts", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  off_t offset = 0;
  int saved_errno;

  if (copy_fd < 0)
    goto fail;

  while (offset < size)
    {
      gssize copied = sendfile (copy_fd, fd, &offset, MIN (size - offset, (goffset) 1 << 30));

      if (copied < 0 && errno == EINTR)
        continue;
      if (copied < 0)
        goto fail;
      if (copied == 0)
        {
          close (copy_fd);
          g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE,
                       _("“%s” changed while it was read. Wait until the program that writes it is done, then open it again."),
                       self->path);
          return -1;
        }
    }

  if (fcntl (copy_fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0)
    goto fail;

  return copy_fd;

fail:
  saved_errno = errno;
  if (copy_fd >= 0)
    close (copy_fd);
  g_debug ("%s: copy into memory: %s", self->path, g_strerror (saved_errno));
  g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE,
               _("“%s” cannot be read into memory. Check that the disk it is on works and that the computer has free memory."),
               self->path);
  return -1;
}

/* Maps the file. A failure gets one plain sentence that names the file
 * once and states what to do, because the app shows the message as it
 * is. */
static gboolean
map_file (BounceContactList  *self,
          GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  GStatBuf info;
  int fd;
  int saved_errno;

  /* O_NONBLOCK: opening a pipe no one writes to would wait for ever,
   * and the check below refuses it anyway. */
  fd = g_open (self->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND,
                     _("“%s” does not exist. Check the file name and its folder."), self->path);
      else if (saved_errno == EACCES || saved_errno == EPERM)
        g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE,
                     _("“%s” cannot be opened: permission denied. Ask the file’s owner for read access, or copy the file to a folder of yours."),
                     self->path);
      else
        g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE,
                     _("“%s” cannot be opened: %s. Check that the file is readable."),
                     self->path, g_strerror (saved_errno));
      return FALSE;
    }

  if (fstat (fd, &info) != 0 || !S_ISREG (info.st_mode))
    {
      if (S_ISDIR (info.st_mode))
        g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE,
                     _("“%s” is a folder, not a file. Choose the contact CSV file inside it."), self->path);
      else
        g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE,
                     _("“%s” is not a regular file (it may be a pipe or a device). Save the contacts to a file and choose that file."),
                     self->path);
      close (fd);
      return FALSE;
    }

  /* A read of a mapping past the end of a file that was cut shorter
   * while open stops the process with SIGBUS. Writers and the app's cell
   * drawing, search and sort call bounce_contact_list_check_unchanged()
   * first, but the file can still be cut between that check and the read.
   * So the app, which keeps a list open for hours, maps a copy that no
   * other program can cut (private_copy). A command that reads the file
   * for a second maps the file itself and spares a second copy of it. */
  _bounce_file_identity_init_from_stat (&self->identity, &info);
  if (self->private_copy)
    {
      int copy_fd = copy_to_memfd (self, fd, info.st_size, error);

      if (copy_fd < 0)
        {
          close (fd);
          return FALSE;
        }
      self->mapped = g_mapped_file_new_from_fd (copy_fd, FALSE, &local_error);
      close (copy_fd);
    }
  else
    self->mapped = g_mapped_file_new_from_fd (fd, FALSE, &local_error);
  if (self->mapped == NULL)
    {
      close (fd);
      g_debug ("%s: %s", self->path, local_error->message);
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE,
                   _("“%s” cannot be read into memory. Check that the disk it is on works and that the computer has free memory."),
                   self->path);
      return FALSE;
    }
  self->fd = fd;

  return TRUE;
}

/* @found is the sentence on what the chosen delimiter made of the file.
 * The error is
 * the one of a chosen email column without addresses: the command line
 * or the import dialog is wrong, not the file. */
static void
set_wrong_delimiter_error (char         detected,
                           const char  *found,
                           GError     **error)
{
  g_autofree char *detected_name = bounce_csv_describe_delimiter (detected);

  g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRONG_EMAIL_COLUMN,
               /* TRANSLATORS: the first %s is a sentence, the second a delimiter name ("comma"). */
               _("%s The file looks separated by the %s: choose that delimiter, or let Bounce detect it."),
               found, detected_name);
}

/* Returns the header name of the email column, or "" without one. */
static const char *
get_email_column_name (BounceContactList *self)
{
  if (self->email_column >= 0 && (guint) self->email_column < self->column_names->len)
    return self->column_names->pdata[self->email_column];

  return "";
}

/* Returns whether the email cell of @row starts with @quote, or contains
 * @delimiter: the quote character or delimiter detected where the
 * person chose another one. 0 stands for neither. */
static gboolean
email_cell_has_detected (BounceContactList *self,
                         guint              row,
                         char               quote,
                         char               delimiter)
{
  g_autofree char *cell = NULL;

  if ((quote == 0 || quote == BOUNCE_CSV_QUOTE_NONE) && delimiter == 0)
    return FALSE;
  if (self->email_column < 0)
    return FALSE;
  cell = bounce_contact_list_dup_cell (self, row, self->email_column);

  if (delimiter != 0 && strchr (cell, delimiter) != NULL)
    return TRUE;

  return quote != 0 && quote != BOUNCE_CSV_QUOTE_NONE && g_strstrip (cell)[0] == quote;
}

/* Returns TRUE when under half of the non-empty email cells of the rows
 * read in full contain an address, and sets the two counts. A cell with
 * several addresses counts as none, because a whole line of a contact
 * with a work and a home address has two. So does a cell that starts with
 * @wrong_quote (0 for none): the syntax check reads an address inside
 * quotes, but there the quotes are the file's own, read with another
 * quote character. So does a cell that contains @wrong_delimiter (0 for
 * none): the syntax check reads "ann@example.com, Ann" as an address,
 * but "1000,Ann,ann@example.com" is a line read whole with another
 * delimiter. */
static gboolean
email_cells_lack_addresses (BounceContactList *self,
                            char               wrong_quote,
                            char               wrong_delimiter,
                            guint             *n_filled,
                            guint             *n_addresses)
{
  *n_filled = 0;
  *n_addresses = 0;
  for (guint i = 0; i < self->rows->len; i++)
    {
      const ContactRow *row = &g_array_index (self->rows, ContactRow, i);

      if (row->damaged || (row->address == NULL && row->syntax_error == BOUNCE_ADDRESS_EMPTY))
        continue;
      (*n_filled)++;
      if (row->address != NULL &&
          (row->syntax_error == BOUNCE_ADDRESS_OK || row->syntax_error == BOUNCE_ADDRESS_ERROR_LAST) &&
          !g_hash_table_contains (self->list_cell_addresses, GUINT_TO_POINTER (i)) &&
          !email_cell_has_detected (self, i, wrong_quote, wrong_delimiter))
        (*n_addresses)++;
    }

  return *n_filled > 0 && *n_addresses * 2 < *n_filled;
}

/* Checks a delimiter the person chose that is not the detected one. A
 * wrong one leaves whole lines or pieces of them in the email column.
 * Its cells then hold addresses inside other text, and cleaning would
 * remove every row as an invalid address. The rule is the one for a
 * chosen email column: under half of its non-empty cells hold an address. */
static gboolean
check_chosen_delimiter (BounceContactList  *self,
                        char                detected,
                        GError            **error)
{
  const char *name = get_email_column_name (self);
  guint n_filled = 0;
  guint n_addresses = 0;
  g_autofree char *chosen_name = NULL;
  g_autofree char *found = NULL;

  if (detected == 0 || !email_cells_lack_addresses (self, 0, detected, &n_filled, &n_addresses))
    return TRUE;

  chosen_name = bounce_csv_describe_delimiter (self->dialect.delimiter);
  found = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        /* TRANSLATORS: the first %s is a delimiter name ("semicolon"), the second a column name, the third a file name. */
                                        "With the delimiter %s, column “%s” of “%s” holds an address in %u of its %u non-empty cell.",
                                        "With the delimiter %s, column “%s” of “%s” holds an address in %u of its %u non-empty cells.",
                                        n_filled),
                           chosen_name, name, self->path, n_addresses, n_filled);
  set_wrong_delimiter_error (detected, found, error);

  return FALSE;
}

/* Returns the name of a quote character for messages. */
static char *
describe_quote (char quote)
{
  switch (quote)
    {
    case '"':
      return g_strdup (C_("quote", "double quotes"));
    case '\'':
      return g_strdup (C_("quote", "single quotes"));
    case BOUNCE_CSV_QUOTE_NONE:
      return g_strdup (C_("quote", "no quotes"));
    default:
      /* TRANSLATORS: %c is the quote character of a CSV file; use your language's quotation marks */
      return g_strdup_printf (C_("quote", "“%c”"), quote);
    }
}

/* A quote character the person chose that is not the one detected, and
 * that leaves quote characters or pieces of other cells in the email
 * column, so that cleaning would remove every row as an invalid address.
 * The rule is the one for a chosen delimiter. */
/* Returns whether a later row than @row closes a quoted field that is
 * open at the end of @row: its first quote that is not doubled ends a
 * field, because a delimiter or the line's end follows it. Another
 * quote, followed by more text, or none up to the end of the file,
 * makes the opening quote a stray one, as the loader judges it. Sets
 * @last to the row of the quote looked at, or the row count without one,
 * so that the rows before it need no search of their own. */
static gboolean
later_row_closes_quote (BounceContactList *self,
                        guint              row,
                        char               quote,
                        guint             *last)
{
  *last = self->rows->len;
  for (guint later = row + 1; later < self->rows->len; later++)
    {
      BounceCsvSpan span = _bounce_contact_list_get_row_span (self, later);
      const char *end = strip_line_ending (span.text, span.text + span.length);

      for (const char *p = span.text; p < end; p++)
        {
          if (*p != quote)
            continue;
          if (p + 1 < end && p[1] == quote)
            {
              p++;
              continue;
            }

          *last = later;
          return p + 1 == end || p[1] == self->dialect.delimiter;
        }
    }

  return FALSE;
}

/* Returns the line of the first row that opens a field with @quote that
 * a later line closes, as a cell over several lines does, or 0 when
 * there is none. A quote inside a field ("5\" tall") opens nothing,
 * because only a quote at the start of a field does. */
static guint
find_open_quoted_cell (BounceContactList *self,
                       char               quote)
{
  char delimiter = self->dialect.delimiter;

  for (guint row = 0; row < self->rows->len; row++)
    {
      BounceCsvSpan span = _bounce_contact_list_get_row_span (self, row);
      const char *end = strip_line_ending (span.text, span.text + span.length);
      gboolean field_start = TRUE;
      gboolean in_quotes = FALSE;

      for (const char *p = span.text; p < end; p++)
        {
          if (in_quotes && *p == quote && p + 1 < end && p[1] == quote)
            p++;
          else if (in_quotes && *p == quote)
            in_quotes = FALSE;
          else if (!in_quotes && field_start && *p == quote)
            in_quotes = TRUE;
          field_start = !in_quotes && *p == delimiter;
        }

      if (in_quotes)
        {
          guint last;

          if (later_row_closes_quote (self, row, quote, &last))
            return bounce_contact_list_get_line (self, row);

          /* Each open quote between here and that row would stop at the
           * same stray quote, or at the end of the file. */
          row = last - 1;
        }
    }

  return 0;
}

static gboolean
check_chosen_quote (BounceContactList  *self,
                    char                detected,
                    GError            **error)
{
  const char *name = get_email_column_name (self);
  guint n_filled = 0;
  guint n_addresses = 0;
  g_autofree char *chosen_name = NULL;
  g_autofree char *detected_name = NULL;

  /* Without quotes each line is a row, so a quoted cell over several
   * lines would be cut into rows, and a removed row would leave the
   * rest of its cell in the cleaned file. */
  if (self->dialect.quote == BOUNCE_CSV_QUOTE_NONE && detected != 0 && detected != BOUNCE_CSV_QUOTE_NONE)
    {
      guint line = find_open_quoted_cell (self, detected);

      if (line != 0)
        {
          detected_name = describe_quote (detected);
          g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRONG_EMAIL_COLUMN,
                       /* TRANSLATORS: %u is a line number, the first %s a file name, the second a quote name ("double quotes"). */
                       _("Line %u of “%s” starts a cell in %s that ends on a later line. With --quote none each line "
                         "is read as a row, so that cell would be cut into rows. Leave out --quote none."),
                       line, self->path, detected_name);
          return FALSE;
        }
    }

  if (!email_cells_lack_addresses (self, detected, 0, &n_filled, &n_addresses))
    return TRUE;

  chosen_name = describe_quote (self->dialect.quote);
  detected_name = describe_quote (detected);
  g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRONG_EMAIL_COLUMN,
               g_dngettext (GETTEXT_PACKAGE,
                            /* TRANSLATORS: the first %s is a quote name ("single quotes"), the second a column name, the third a file name, the last a quote name again. */
                            "Read with %s, column “%s” of “%s” holds an address in %u of its %u non-empty cell. The file looks quoted with %s: choose those, or let Bounce detect them.",
                            "Read with %s, column “%s” of “%s” holds an address in %u of its %u non-empty cells. The file looks quoted with %s: choose those, or let Bounce detect them.",
                            n_filled),
               chosen_name, name, self->path, n_addresses, n_filled, detected_name);

  return FALSE;
}

/* Extends the detection sample of @length bytes at @text (of
 * @text_length) to the end of its first SAMPLE_MIN_LINES lines when they
 * reach past it, up to BOUNCE_CSV_MAX_ROW_BYTES in all. Sets @header_cut
 * when the first line is longer than that, so its last columns are not
 * in the sample. */
static void
extend_sample (const char *text,
               gsize       text_length,
               gsize      *length,
               gboolean   *header_cut)
{
  const char *end = text + MIN (text_length, BOUNCE_CSV_MAX_ROW_BYTES);
  const char *lines_end = text;

  *header_cut = FALSE;
  for (guint i = 0; i < SAMPLE_MIN_LINES && lines_end < end; i++)
    {
      lines_end = find_line_end (lines_end, end);
      if (i == 0 && lines_end == end && end < text + text_length &&
          end[-1] != '\n' && end[-1] != '\r')
        *header_cut = TRUE;
    }

  if ((gsize) (lines_end - text) > *length)
    *length = lines_end - text;
}

/* Sets aside a Ctrl-Z (0x1A) at the end of the text, the end-of-file
 * mark of DOS programs, with any line breaks after it. libcsv reads only
 * the text before it, so the mark joins neither the last field nor the
 * rows, and the tail keeps it to be written back unchanged. The mark may
 * follow the last field directly or stand on a line of its own. A Ctrl-Z
 * anywhere else is part of its field. */
static void
set_aside_end_of_file_mark (BounceContactList *self)
{
  gsize end = self->text_length;

  while (end > 0 && (self->text[end - 1] == '\n' || self->text[end - 1] == '\r'))
    end--;
  if (end == 0 || self->text[end - 1] != '\x1a')
    return;
  while (end > 0 && self->text[end - 1] == '\x1a')
    end--;

  self->end_mark_length = self->text_length - end;
  self->text_length = end;
}

/* Sets the detection sample: the text after the preamble, from
 * @sample_start on, of which @text_length bytes are left. The sample ends
 * at a line break, so only its last record can be cut short (by a quoted
 * line break), and that one is not used. */
static void
take_sample (BounceContactList  *self,
             const char        **sample_start,
             gsize              *text_length,
             gsize              *sample_length,
             gboolean           *complete,
             gboolean           *header_cut)
{
  *sample_start = self->text + self->preamble_length;
  *text_length = self->text_length - self->preamble_length;

  *sample_length = MIN (*text_length, SAMPLE_BYTES);
  extend_sample (*sample_start, *text_length, sample_length, header_cut);
  *complete = *sample_length == *text_length;
  if (!*complete)
    {
      const char *p = *sample_start + *sample_length;

      while (p > *sample_start && p[-1] != '\n' && p[-1] != '\r')
        p--;
      if (p > *sample_start)
        *sample_length = p - *sample_start;
    }
}

/* Returns whether @span, one record, has no text in any field: only
 * delimiters, ASCII spaces, line ends and quotes around empty fields, as
 * ";;" or ",\"\"," are. A doubled quote inside quotes is a quote
 * character, which is text. */
static gboolean
is_blank_record (BounceCsvSpan span,
                 char          delimiter,
                 char          quote)
{
  gboolean quoted = FALSE;

  for (gsize i = 0; i < span.length; i++)
    {
      char c = span.text[i];

      if (c == quote && quote != BOUNCE_CSV_QUOTE_NONE)
        {
          if (quoted && i + 1 < span.length && span.text[i + 1] == quote)
            return FALSE;
          quoted = !quoted;
        }
      else if (c == delimiter && !quoted)
        continue;
      else if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
        return FALSE;
    }

  return TRUE;
}

static BounceCsvSpan row_span (BounceContactList *self,
                               guint              row);

/* Lists the rows without text in any field. Only a row without a list
 * address can be one, so the other rows' bytes are not read again. */
static void
find_blank_rows (BounceContactList *self)
{
  const ContactRow *rows = (const ContactRow *) (gpointer) self->rows->data;

  for (guint row = 0; row < self->rows->len; row++)
    if (rows[row].address == NULL && !rows[row].damaged &&
        is_blank_record (row_span (self, row), self->dialect.delimiter, self->dialect.quote))
      g_array_append_val (self->blank_rows, row);
}

static gboolean
load_file (BounceContactList       *self,
           const BounceCsvDialect  *options,
           GCancellable            *cancellable,
           GError                 **error)
{
  g_autoptr(GPtrArray) sample_records = NULL;
  gsize sample_length;
  gboolean complete;
  gboolean header_cut;
  gboolean delimiter_uncertain = FALSE;
  gsize estimated_rows;
  const char *sample_start;
  gsize text_length;
  char sep_delimiter;
  char detected_delimiter = 0;
  char detected_quote;

  if (!map_file (self, error))
    return FALSE;
  self->bytes = g_mapped_file_get_bytes (self->mapped);

  if (g_bytes_get_size (self->bytes) == 0)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_EMPTY,
                   _("“%s” is empty. Export the contact list again."), self->path);
      return FALSE;
    }

  if (!check_not_csv (self->path, g_bytes_get_data (self->bytes, NULL),
                      g_bytes_get_size (self->bytes), error))
    return FALSE;

  if (!decide_encoding (self, options, error))
    return FALSE;
  set_aside_end_of_file_mark (self);

  /* validate_utf8() has found no NUL byte in valid UTF-8, because
   * g_utf8_validate_len() counts one as invalid. */
  if (!self->valid_utf8)
    report_nul_bytes (self);
  _bounce_contact_list_release_pages (self, self->text + self->text_length);

  /* A file of blank lines is as empty as a file of no bytes. */
  {
    gboolean blank = TRUE;

    for (gsize i = 0; i < self->text_length && blank; i++)
      blank = g_ascii_isspace (self->text[i]);
    if (blank)
      {
        g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_EMPTY,
                     _("“%s” has no text, only blank lines. Export the contact list again."),
                     self->path);
        return FALSE;
      }
  }

  self->dialect.newline = g_strdup (detect_newline (self->text, self->text_length));
  self->dialect.quote = options->quote ? options->quote : '"';
  sep_delimiter = read_sep_line (self);
  take_sample (self, &sample_start, &text_length, &sample_length, &complete, &header_cut);

  detected_quote = uses_single_quotes (sample_start, sample_length, complete,
                                       options->delimiter != 0 ? options->delimiter : sep_delimiter)
                   ? '\'' : '"';
  if (options->quote == 0)
    self->dialect.quote = detected_quote;

  if (options->delimiter != 0)
    {
      self->dialect.delimiter = options->delimiter;
      detected_delimiter = sep_delimiter != 0
                           ? sep_delimiter
                           : detect_delimiter (sample_start, sample_length, complete,
                                               self->dialect.quote, &delimiter_uncertain);
      delimiter_uncertain = FALSE;
    }
  else if (sep_delimiter != 0)
    self->dialect.delimiter = sep_delimiter;
  else
    self->dialect.delimiter = detect_delimiter (sample_start, sample_length, complete,
                                                self->dialect.quote, &delimiter_uncertain);
  self->uncertain = delimiter_uncertain;

  sample_records = tokenize_sample (sample_start, sample_length, self->dialect.delimiter,
                                    self->dialect.quote, SAMPLE_RECORDS, complete);
  if (sample_records->len == 0 && !complete)
    {
      /* The first record is longer than the sample (a huge quoted field):
       * use what the sample has of it. */
      g_ptr_array_unref (sample_records);
      sample_records = tokenize_sample (sample_start, sample_length, self->dialect.delimiter,
                                        self->dialect.quote, SAMPLE_RECORDS, TRUE);
    }

  /* Title lines above the header join the "sep=" line in the preamble,
   * and the sample starts again at the header. */
  if (options->has_header != 0)
    {
      gsize title_length = find_title_lines (self, sample_records, sample_start, sample_length);

      if (title_length > 0)
        {
          self->n_title_lines = count_lines (sample_start, title_length);
          self->n_preamble_lines += self->n_title_lines;
          self->preamble_length += title_length;
          take_sample (self, &sample_start, &text_length, &sample_length, &complete, &header_cut);
          g_ptr_array_unref (sample_records);
          sample_records = tokenize_sample (sample_start, sample_length, self->dialect.delimiter,
                                            self->dialect.quote, SAMPLE_RECORDS, complete);
        }
    }

  if (!detect_columns (self, sample_records, options, error))
    {
      /* A first line cut by the limit names the limit, unless it is
       * one field that no delimiter splits, which is no header. */
      if (header_cut && sample_records->len > 0 && ((GPtrArray *) sample_records->pdata[0])->len > 1 &&
          error != NULL && g_error_matches (*error, BOUNCE_ERROR, BOUNCE_ERROR_NO_EMAIL_COLUMN))
        {
          g_autofree char *max_size = g_format_size_full (BOUNCE_CSV_MAX_ROW_BYTES, G_FORMAT_SIZE_IEC_UNITS);

          g_clear_error (error);
          g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NO_EMAIL_COLUMN,
                       /* TRANSLATORS: the first %s is a file name, the others a size such as "16.0 MiB" */
                       _("The first line of “%s” is longer than %s, and Bounce looks for the email column "
                         "in its first %s only. Move the email column to the front of the file, or remove "
                         "columns you do not need."),
                       self->path, max_size, max_size);
          return FALSE;
        }
      if (options->delimiter != 0 && detected_delimiter != 0 && detected_delimiter != options->delimiter &&
          error != NULL && g_error_matches (*error, BOUNCE_ERROR, BOUNCE_ERROR_NO_EMAIL_COLUMN))
        {
          g_autofree char *chosen_name = bounce_csv_describe_delimiter (options->delimiter);
          g_autofree char *found = g_strdup_printf (_("With the delimiter %s, no column of “%s” contains email addresses."),
                                                    chosen_name, self->path);

          g_clear_error (error);
          set_wrong_delimiter_error (detected_delimiter, found, error);
        }
      return FALSE;
    }
  self->dialect.email_column = self->email_column;
  if (self->dialect.has_header && sample_records->len > 0 &&
      self->email_column < (int) ((GPtrArray *) sample_records->pdata[0])->len)
    {
      g_autofree char *name = decode_field (self, ((GPtrArray *) sample_records->pdata[0])->pdata[self->email_column]);

      self->dialect.email_column_name = g_strdup (g_strstrip (name));
    }

  /* Size the row array once: growing it by doubling would briefly hold
   * two copies on a million-row file. */
  estimated_rows = sample_records->len > 0
                   ? (text_length / MAX (sample_length / sample_records->len, 1)) * 11 / 10 + 16
                   : 16;
  self->rows = g_array_sized_new (FALSE, FALSE, sizeof (ContactRow), estimated_rows);

  read_rows_in_parts (self, estimated_rows, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (self->too_many_rows || self->rows->len > max_rows)
    {
      g_autofree char *count = bounce_format_count (max_rows);

      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_TOO_LARGE,
                   _("“%s” has more than %s rows, more than Bounce reads from one file. "
                     "Split it into files of fewer rows and clean each one."),
                   self->path, count);
      return FALSE;
    }

  finish_columns (self);
  if ((options->email_column_name != NULL || options->email_column >= 0) &&
      !check_chosen_email_column (self, error))
    return FALSE;
  if (options->has_header == 0 && !check_chosen_no_header (self, error))
    return FALSE;
  if (options->delimiter != 0 && detected_delimiter != options->delimiter &&
      !check_chosen_delimiter (self, detected_delimiter, error))
    return FALSE;
  if (options->quote != 0 && detected_quote != options->quote &&
      !check_chosen_quote (self, detected_quote, error))
    return FALSE;
  finish_diagnostics (self);
  find_blank_rows (self);
  _bounce_contact_list_release_pages (self, self->text + self->text_length);

  g_debug ("%s: %u rows, %s, delimiter 0x%02x, header %d, email column %d",
           self->path, self->rows->len,
           bounce_csv_encoding_to_string (self->dialect.encoding),
           self->dialect.delimiter, self->dialect.has_header, self->email_column);

  return TRUE;
}

static void
bounce_contact_list_finalize (GObject *object)
{
  BounceContactList *self = (BounceContactList *) object;

  g_free (self->path);
  bounce_csv_dialect_clear (&self->dialect);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->mapped, g_mapped_file_unref);
  if (self->fd >= 0)
    close (self->fd);
  g_free (self->converted);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->addresses, g_string_chunk_free);
  g_clear_pointer (&self->extra_addresses, g_hash_table_unref);
  g_clear_pointer (&self->list_cell_addresses, g_hash_table_unref);
  g_clear_pointer (&self->gap_starts, g_hash_table_unref);
  g_clear_pointer (&self->column_names, g_ptr_array_unref);
  g_clear_pointer (&self->email_columns, g_array_unref);
  g_clear_pointer (&self->address_columns, g_array_unref);
  g_clear_pointer (&self->candidate_columns, g_array_unref);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&self->diagnostic_counts, g_hash_table_unref);
  g_clear_pointer (&self->damaged_rows, g_array_unref);
  g_clear_pointer (&self->blank_rows, g_array_unref);
  g_clear_pointer (&self->part_addresses, g_string_chunk_free);

  G_OBJECT_CLASS (bounce_contact_list_parent_class)->finalize (object);
}

static void
bounce_contact_list_class_init (BounceContactListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bounce_contact_list_finalize;
}

static void
bounce_contact_list_init (BounceContactList *self)
{
  bounce_csv_dialect_init (&self->dialect);
  self->email_column = -1;
  self->suggested_column = -1;
  self->fd = -1;
  self->addresses = g_string_chunk_new (1024 * 1024);
  self->extra_addresses = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_strfreev);
  self->list_cell_addresses = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_strfreev);
  self->gap_starts = g_hash_table_new (NULL, NULL);
  self->email_columns = g_array_new (FALSE, FALSE, sizeof (guint));
  self->address_columns = g_array_new (FALSE, FALSE, sizeof (guint));
  self->candidate_columns = g_array_new (FALSE, FALSE, sizeof (guint));
  self->diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_diagnostic_free);
  self->diagnostic_counts = g_hash_table_new (g_str_hash, g_str_equal);
  self->damaged_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  self->blank_rows = g_array_new (FALSE, FALSE, sizeof (guint));
}

static BounceContactList *
new_from_file (const char              *path,
               const BounceCsvDialect  *options,
               gboolean                 private_copy,
               GCancellable            *cancellable,
               GError                 **error)
{
  g_autoptr(BounceContactList) self = NULL;
  BounceCsvDialect defaults;

  bounce_csv_dialect_init (&defaults);

  self = g_object_new (BOUNCE_TYPE_CONTACT_LIST, NULL);
  self->path = g_strdup (path);
  self->private_copy = private_copy;

  if (!load_file (self, options ? options : &defaults, cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

BounceContactList *
bounce_contact_list_new_from_file (const char              *path,
                                   const BounceCsvDialect  *options,
                                   GCancellable            *cancellable,
                                   GError                 **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return new_from_file (path, options, FALSE, cancellable, error);
}

typedef struct
{
  char             *path;
  BounceCsvDialect  options;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  bounce_csv_dialect_clear (&data->options);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  BounceContactList *list;

  list = new_from_file (data->path, &data->options, TRUE, cancellable, &error);
  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, g_object_unref);
}

void
bounce_contact_list_load_async (const char             *path,
                                const BounceCsvDialect *options,
                                GCancellable           *cancellable,
                                GAsyncReadyCallback     callback,
                                gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (path != NULL);

  data = g_new0 (LoadData, 1);
  data->path = g_strdup (path);
  if (options != NULL)
    dialect_copy (&data->options, options);
  else
    bounce_csv_dialect_init (&data->options);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_name (task, "bounce_contact_list_load_async");
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

BounceContactList *
bounce_contact_list_load_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
bounce_contact_list_get_path (BounceContactList *self)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), NULL);

  return self->path;
}

const BounceCsvDialect *
bounce_contact_list_get_dialect (BounceContactList *self)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), NULL);

  return &self->dialect;
}

guint
bounce_contact_list_get_n_title_lines (BounceContactList *self)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), 0);

  return self->n_title_lines;
}

gboolean
bounce_contact_list_is_uncertain (BounceContactList *self)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), FALSE);

  return self->uncertain;
}

guint
bounce_contact_list_get_n_rows (BounceContactList *self)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), 0);

  return self->rows->len;
}

guint
bounce_contact_list_get_n_columns (BounceContactList *self)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), 0);

  return self->n_columns;
}

const char *
bounce_contact_list_get_column_name (BounceContactList *self,
                                     guint              column)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), NULL);
  g_return_val_if_fail (column < self->column_names->len, NULL);

  return self->column_names->pdata[column];
}

int
bounce_contact_list_get_email_column (BounceContactList *self)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), -1);

  return self->email_column;
}

int
bounce_contact_list_get_suggested_email_column (BounceContactList *self)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), -1);

  return self->suggested_column;
}

GArray *
bounce_contact_list_get_email_columns (BounceContactList *self)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), NULL);

  return self->email_columns;
}

GArray *
bounce_contact_list_get_address_columns (BounceContactList *self)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), NULL);

  return self->address_columns;
}

GArray *
bounce_contact_list_get_candidate_columns (BounceContactList *self)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), NULL);

  return self->candidate_columns;
}

/* Offset of the blank lines before the row's record, or of the record
 * when there are none. */
static gsize
gap_start (BounceContactList *self,
           guint              row)
{
  const ContactRow *rows = (const ContactRow *) (gpointer) self->rows->data;

  if (!rows[row].blank_before)
    return rows[row].start;

  return GPOINTER_TO_SIZE (g_hash_table_lookup (self->gap_starts, GUINT_TO_POINTER (row)));
}

static BounceCsvSpan
row_span (BounceContactList *self,
          guint              row)
{
  const ContactRow *rows = (const ContactRow *) (gpointer) self->rows->data;
  gsize start = rows[row].start;
  gsize end = row + 1 < self->rows->len ? gap_start (self, row + 1) : self->body_end;
  BounceCsvSpan span = { self->text + start, end - start };

  return span;
}

typedef struct
{
  guint   first;   /* the first field wanted */
  guint   n;       /* the number of fields wanted */
  guint   field;
  char  **data;    /* n fields as libcsv gives them, NULL until read */
  gsize  *lengths;
  gboolean done;
} CellState;

static void
cell_field_cb (void   *field,
               size_t  length,
               void   *user_data)
{
  CellState *state = user_data;

  if (!state->done && state->field >= state->first)
    {
      guint i = state->field - state->first;

      state->data[i] = g_memdup2 (field, length);
      state->lengths[i] = length;
      state->done = i + 1 == state->n;
    }
  state->field++;
}

static void
cell_row_cb (int   terminator,
             void *user_data)
{
  CellState *state = user_data;

  state->done = TRUE;
}

/* Sets @cells to the @n cells of @row from column @first on, as
 * bounce_contact_list_dup_cell() returns them, with "" for a column past
 * the row's end. The row is read once for all of them. */
static void
dup_cells (BounceContactList  *self,
           guint               row,
           guint               first,
           guint               n,
           char              **cells)
{
  BounceCsvSpan span;
  struct csv_parser parser;
  /* A sort reads a cell of every row, so a few fields need no allocation. */
  char *few_data[4] = { NULL };
  gsize few_lengths[4];
  g_autofree char **many_data = n > G_N_ELEMENTS (few_data) ? g_new0 (char *, n) : NULL;
  g_autofree gsize *many_lengths = n > G_N_ELEMENTS (few_data) ? g_new0 (gsize, n) : NULL;
  char **data = many_data != NULL ? many_data : few_data;
  gsize *lengths = many_lengths != NULL ? many_lengths : few_lengths;
  CellState state = { first, n, 0, data, lengths, FALSE };

  span = row_span (self, row);

  /* A damaged row was read with its open quote closed at the end of its
   * last line. Without the line ending, libcsv gives the same fields. */
  if (g_array_index (self->rows, ContactRow, row).damaged)
    span.length = strip_line_ending (span.text, span.text + span.length) - span.text;

  /* See check_row_length(). */
  span.length = MIN (span.length, BOUNCE_CSV_MAX_ROW_BYTES);

  /* Re-tokenize the row's bytes, in pieces so that a huge field is cut
   * at MAX_FIELD_BYTES as it was while loading. */
  init_csv_parser (&parser, self->dialect.delimiter, self->dialect.quote);
  for (gsize offset = 0; offset < span.length && !state.done;)
    {
      gsize piece = MIN (span.length - offset, MAX_CHUNK_BYTES);

      /* Short steps stop the tokenizer soon after the wanted field: a
       * sort reads a column of every row. */
      for (gsize step = 0; step < piece && !state.done; step += CELL_STEP_BYTES)
        csv_parse (&parser, span.text + offset + step, MIN (piece - step, CELL_STEP_BYTES),
                   cell_field_cb, cell_row_cb, &state);
      offset += piece;
      if (!state.done && state.field >= first)
        cut_long_field (&parser);
    }
  if (!state.done)
    csv_fini (&parser, cell_field_cb, cell_row_cb, &state);
  csv_free (&parser);

  for (guint i = 0; i < n; i++)
    {
      cells[i] = data[i] != NULL ? decode_text (self, data[i], lengths[i]) : g_strdup ("");
      g_free (data[i]);
    }
}

char *
bounce_contact_list_dup_cell (BounceContactList *self,
                              guint              row,
                              guint              column)
{
  char *cell;

  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);

  dup_cells (self, row, column, 1, &cell);

  return cell;
}

void
bounce_contact_list_dup_cells (BounceContactList  *self,
                               guint               row,
                               guint               first,
                               guint               n,
                               char              **cells)
{
  g_return_if_fail (BOUNCE_IS_CONTACT_LIST (self));
  g_return_if_fail (row < self->rows->len);
  g_return_if_fail (n > 0 && cells != NULL);

  dup_cells (self, row, first, n, cells);
}

void
_bounce_contact_list_dup_cells (BounceContactList  *self,
                                guint               row,
                                guint               first,
                                guint               n,
                                char              **cells)
{
  g_assert (BOUNCE_IS_CONTACT_LIST (self));
  g_assert (row < self->rows->len);
  g_assert (n > 0);

  dup_cells (self, row, first, n, cells);
}

typedef struct
{
  GArray *ends;
  gsize   delimiter; /* offset of the delimiter that ends the piece fed */
} FieldEndState;

static void
field_end_cb (void   *field,
              size_t  length,
              void   *user_data)
{
  FieldEndState *state = user_data;

  g_array_append_val (state->ends, state->delimiter);
}

guint
_bounce_contact_list_find_field_ends (BounceContactList *self,
                                      BounceCsvSpan      record,
                                      GArray            *ends)
{
  const char *end = record.text + record.length;
  struct csv_parser parser;
  FieldEndState state = { ends, 0 };

  g_assert (BOUNCE_IS_CONTACT_LIST (self));
  g_assert (g_array_get_element_size (ends) == sizeof (gsize));

  g_array_set_size (ends, 0);

  /* libcsv names no offsets, but it ends a field only at a delimiter (the
   * record's line ending is not in @record). So the record is fed up to
   * and including each delimiter in turn: a field that ends during such a
   * piece ends at its last byte. A delimiter inside a quoted field ends
   * nothing. */
  init_csv_parser (&parser, self->dialect.delimiter, self->dialect.quote);
  for (const char *p = record.text; p < end;)
    {
      const char *delimiter = memchr (p, self->dialect.delimiter, end - p);
      const char *stop = delimiter != NULL ? delimiter + 1 : end;

      state.delimiter = delimiter != NULL ? (gsize) (delimiter - record.text) : record.length;
      while (p < stop)
        {
          gsize piece = MIN ((gsize) (stop - p), MAX_CHUNK_BYTES);

          csv_parse (&parser, p, piece, field_end_cb, NULL, &state);
          cut_long_field (&parser);
          p += piece;
        }
    }
  state.delimiter = record.length;
  csv_fini (&parser, field_end_cb, NULL, &state);
  csv_free (&parser);

  return ends->len;
}

const char *
bounce_contact_list_get_address (BounceContactList *self,
                                 guint              row)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);

  return g_array_index (self->rows, ContactRow, row).address;
}

const char * const *
bounce_contact_list_get_more_list_addresses (BounceContactList *self,
                                             guint              row)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);

  return _bounce_contact_list_get_list_cell_addresses (self, row);
}

guint32
_bounce_contact_list_get_address_hash (BounceContactList *self,
                                       guint              row)
{
  g_assert (row < self->rows->len);

  return g_array_index (self->rows, ContactRow, row).address_hash;
}

gboolean
_bounce_contact_list_may_have_other_spelling (BounceContactList *self,
                                              guint              row)
{
  g_assert (row < self->rows->len);

  return g_array_index (self->rows, ContactRow, row).other_spelling;
}

BounceAddressError
_bounce_contact_list_get_syntax_error (BounceContactList *self,
                                       guint              row)
{
  g_assert (row < self->rows->len);

  return g_array_index (self->rows, ContactRow, row).syntax_error;
}

char **
bounce_contact_list_dup_addresses (BounceContactList *self,
                                   guint              row)
{
  GStrvBuilder *builder;
  const char *address;
  const char * const *extra;
  char **addresses;

  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);

  builder = g_strv_builder_new ();
  address = g_array_index (self->rows, ContactRow, row).address;
  if (address != NULL)
    g_strv_builder_add (builder, address);
  extra = g_hash_table_lookup (self->extra_addresses, GUINT_TO_POINTER (row));
  if (extra != NULL)
    g_strv_builder_addv (builder, (const char **) extra);

  addresses = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return addresses;
}

guint
bounce_contact_list_get_line (BounceContactList *self,
                              guint              row)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), 0);
  g_return_val_if_fail (row < self->rows->len, 0);

  return g_array_index (self->rows, ContactRow, row).line;
}

GPtrArray *
bounce_contact_list_get_diagnostics (BounceContactList *self)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), NULL);

  return self->diagnostics;
}

gboolean
bounce_contact_list_is_row_damaged (BounceContactList *self,
                                    guint              row)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), FALSE);
  g_return_val_if_fail (row < self->rows->len, FALSE);

  return g_array_index (self->rows, ContactRow, row).damaged;
}

GArray *
bounce_contact_list_get_damaged_rows (BounceContactList *self)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), NULL);

  return self->damaged_rows;
}

GArray *
bounce_contact_list_get_blank_rows (BounceContactList *self)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), NULL);

  return self->blank_rows;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  guint row_a = *(const guint *) a;
  guint row_b = *(const guint *) b;

  return row_a < row_b ? -1 : row_a > row_b;
}

gboolean
bounce_contact_list_is_row_blank (BounceContactList *self,
                                  guint              row)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), FALSE);
  g_return_val_if_fail (row < self->rows->len, FALSE);

  if (g_array_index (self->rows, ContactRow, row).address != NULL || self->blank_rows->len == 0)
    return FALSE;

  return bsearch (&row, self->blank_rows->data, self->blank_rows->len, sizeof (guint), compare_rows) != NULL;
}

/* Private API for the writer and the cleaner */

BounceCsvSpan
_bounce_contact_list_get_bom (BounceContactList *self)
{
  BounceCsvSpan span = { g_bytes_get_data (self->bytes, NULL), self->bom_length };

  return span;
}

BounceCsvSpan
_bounce_contact_list_get_head (BounceContactList *self)
{
  BounceCsvSpan span = { self->text, self->head_end };

  return span;
}

BounceCsvSpan
_bounce_contact_list_get_row_span (BounceContactList *self,
                                   guint              row)
{
  g_assert (row < self->rows->len);

  return row_span (self, row);
}

BounceCsvSpan
_bounce_contact_list_get_row_gap (BounceContactList *self,
                                  guint              row)
{
  gsize start;
  BounceCsvSpan span;

  g_assert (row < self->rows->len);

  start = gap_start (self, row);
  span.text = self->text + start;
  span.length = g_array_index (self->rows, ContactRow, row).start - start;

  return span;
}

BounceCsvSpan
_bounce_contact_list_get_rows_span (BounceContactList *self,
                                    guint              first,
                                    guint              n_rows)
{
  gsize start;
  gsize end;
  BounceCsvSpan span;

  g_assert (n_rows > 0 && first < self->rows->len && n_rows <= self->rows->len - first);

  start = gap_start (self, first);
  end = first + n_rows < self->rows->len ? gap_start (self, first + n_rows) : self->body_end;
  span.text = self->text + start;
  span.length = end - start;

  return span;
}

void
_bounce_contact_list_mark_special_rows (BounceContactList *self,
                                        guint8            *rows)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->list_cell_addresses);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint row = GPOINTER_TO_UINT (key);

      rows[row / 8] |= 1 << (row % 8);
    }

  for (guint i = 0; i < self->damaged_rows->len; i++)
    {
      guint row = g_array_index (self->damaged_rows, guint, i);

      rows[row / 8] |= 1 << (row % 8);
    }

  for (guint i = 0; i < self->blank_rows->len; i++)
    {
      guint row = g_array_index (self->blank_rows, guint, i);

      rows[row / 8] |= 1 << (row % 8);
    }
}

BounceCsvSpan
_bounce_contact_list_get_tail (BounceContactList *self)
{
  gsize start = MAX (self->body_end, self->head_end);
  BounceCsvSpan span = { self->text + start, self->text_length + self->end_mark_length - start };

  return span;
}

guint
_bounce_contact_list_get_n_fields (BounceContactList *self,
                                   guint              row)
{
  g_assert (row < self->rows->len);

  return g_array_index (self->rows, ContactRow, row).n_fields;
}

guint
_bounce_contact_list_get_max_fields (BounceContactList *self)
{
  return self->max_fields;
}

guint
_bounce_contact_list_get_n_header_fields (BounceContactList *self)
{
  return self->n_header_fields;
}

const char * const *
_bounce_contact_list_get_list_cell_addresses (BounceContactList *self,
                                              guint              row)
{
  if (g_hash_table_size (self->list_cell_addresses) == 0)
    return NULL;

  return g_hash_table_lookup (self->list_cell_addresses, GUINT_TO_POINTER (row));
}

const char * const *
_bounce_contact_list_get_extra_addresses (BounceContactList *self,
                                          guint              row)
{
  if (g_hash_table_size (self->extra_addresses) == 0)
    return NULL;

  return g_hash_table_lookup (self->extra_addresses, GUINT_TO_POINTER (row));
}

gboolean
bounce_contact_list_check_unchanged (BounceContactList  *self,
                                     GError            **error)
{
  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The reader of a file's second half has no file of its own. */
  if (self->path == NULL || self->first_half != NULL)
    return TRUE;

  switch (_bounce_file_identity_compare (&self->identity, self->fd, self->path))
    {
    case BOUNCE_FILE_UNCHANGED:
      return TRUE;
    case BOUNCE_FILE_MISSING:
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_CHANGED_ON_DISK,
                   _("The contact file “%s” was moved or deleted since it was opened, so nothing was written. Open it again from where it is now."),
                   self->path);
      return FALSE;
    case BOUNCE_FILE_CHANGED:
    default:
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_CHANGED_ON_DISK,
                   _("The contact file “%s” changed on disk since it was opened, so nothing was written. Open it again to clean its current contents."),
                   self->path);
      return FALSE;
    }
}

gboolean
_bounce_contact_list_get_file_range (BounceContactList *self,
                                     BounceCsvSpan      span,
                                     int               *fd,
                                     goffset           *offset)
{
  const char *contents;
  gsize size;

  g_assert (fd != NULL);
  g_assert (offset != NULL);

  /* A UTF-16 file was read from its UTF-8 conversion, whose spans are
   * not bytes of the file. */
  if (self->converted != NULL || self->mapped == NULL || self->fd < 0)
    return FALSE;

  contents = g_mapped_file_get_contents (self->mapped);
  size = g_mapped_file_get_length (self->mapped);
  if (contents == NULL || span.text < contents || span.length > size ||
      (gsize) (span.text - contents) > size - span.length)
    return FALSE;

  *fd = self->fd;
  *offset = span.text - contents;

  return TRUE;
}

void
_bounce_contact_list_release_pages (BounceContactList *self,
                                    const char        *end)
{
  const char *start;
  gsize page_size;
  gsize length;

  /* Only a mapped file can be read again from the page cache; the UTF-8
   * copy of a UTF-16 file has no other home. */
  if (self->converted != NULL || self->mapped == NULL)
    return;

  start = g_mapped_file_get_contents (self->mapped);
  if (start == NULL)
    return;

  /* The reader of a file's second half leaves the first half's pages to
   * the thread reading them. */
  page_size = sysconf (_SC_PAGESIZE);
  if (self->release_floor != NULL && self->release_floor > start)
    start += (((gsize) (self->release_floor - start) + page_size - 1) / page_size) * page_size;
  if (end <= start)
    return;

  length = ((gsize) (end - start) / page_size) * page_size;
  if (length == 0)
    return;

  /* The pages stay in the kernel's page cache and come back on the next
   * read, but stop counting toward this process's resident memory. The
   * bytes of a 100 MB file are then kept once, by the kernel, not also by
   * every process that reads it. The mapping is read-only and private, so
   * nothing is lost. */
  madvise ((void *) start, length, MADV_DONTNEED);
}

/* TRUE when @line starts with a header field ("Received: …", "From: …")
 * or an mbox "From " line, as every message file and mbox does. The
 * field name is printable ASCII without spaces (RFC 5322, section 2.2),
 * so a CSV header such as "Email Address,Name" never matches. */
static gboolean
starts_like_message (const char *line,
                     gsize       length)
{
  if (length >= 5 && memcmp (line, "From ", 5) == 0)
    return TRUE;

  for (gsize i = 0; i < length; i++)
    {
      if (line[i] == ':')
        return i > 0;
      if (line[i] <= ' ' || line[i] > '~')
        return FALSE;
    }

  return FALSE;
}

/* TRUE when @name ends with @extension (".csv"), in any case, after at
 * least one other character. */
static gboolean
has_extension (const char *name,
               const char *extension)
{
  gsize name_length = strlen (name);
  gsize extension_length = strlen (extension);

  return name_length > extension_length &&
         g_ascii_strcasecmp (name + name_length - extension_length, extension) == 0;
}

gboolean
bounce_contact_list_has_list_name (const char *path)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  name = g_path_get_basename (path);

  return has_extension (name, ".csv") || has_extension (name, ".tsv");
}

/* TRUE when @field, a field of the detection sample, contains an address
 * that passes the syntax check the hygiene page applies. Binary data often
 * contains an '@' by chance, but rarely a valid address around it. */
static gboolean
field_has_valid_address (const char *field,
                         gsize       field_length)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) addresses = NULL;

  if (memchr (field, '@', field_length) == NULL)
    return FALSE;

  text = g_strndup (field, field_length);
  addresses = bounce_address_extract_all (text);
  for (guint i = 0; addresses[i] != NULL; i++)
    {
      BounceSyntaxCheck check;
      gboolean valid;

      bounce_address_check_syntax (addresses[i], &check);
      valid = check.error == BOUNCE_ADDRESS_OK;
      bounce_syntax_check_clear (&check);
      if (valid)
        return TRUE;
    }

  return FALSE;
}

/* TRUE when @data, the start of a file named @name, is a spreadsheet:
 * a ZIP archive with the members of an Excel workbook, an OpenDocument
 * spreadsheet or an Apple Numbers file, as set_zip_error() distinguishes
 * them, or an Excel 97-2003 .xls file. Outlook's .msg bounces are OLE2
 * compound files too, so only the name identifies an .xls file. */
static gboolean
is_spreadsheet_sample (const char *name,
                       const char *data,
                       gsize       length)
{
  static const char ole2_magic[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

  if (length >= 4 && memcmp (data, "PK\x03\x04", 4) == 0)
    return memmem (data, MIN (length, 200), "opendocument.spreadsheet", 24) != NULL ||
           zip_has_member (data, length, "xl/") ||
           zip_has_member (data, length, "Index/Document.iwa");

  return length >= 8 && memcmp (data, ole2_magic, 8) == 0 && has_extension (name, ".xls");
}

static const char * const never_list_extensions[] = {
  ".py", ".sh", ".pl", ".rb", ".js", ".c", ".h", ".json", ".xml", ".html", ".htm", ".md", ".log",
};

gboolean
bounce_contact_list_is_likely_file (const char *path)
{
  g_autofree char *name = NULL;
  g_autofree char *data = NULL;
  g_autofree char *converted = NULL;
  g_autoptr(GPtrArray) records = NULL;
  BounceCsvEncoding encoding;
  struct stat info;
  const char *text;
  gsize bom_length;
  gsize length;
  gsize line_length;
  gboolean uncertain = FALSE;
  char delimiter;
  gssize n_read;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  /* A .csv or .tsv name makes the file a contact list whatever it
   * contains, and a saved message or mbox is never one. */
  if (bounce_contact_list_has_list_name (path))
    return TRUE;
  name = g_path_get_basename (path);
  if (has_extension (name, ".eml") || has_extension (name, ".msg") || has_extension (name, ".mbox"))
    return FALSE;

  /* Program source, markup and logs contain addresses between commas too,
   * and contact exports do not use such names. */
  for (guint i = 0; i < G_N_ELEMENTS (never_list_extensions); i++)
    if (has_extension (name, never_list_extensions[i]))
      return FALSE;

  /* O_NONBLOCK keeps a FIFO from blocking the open; it is no contact list. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  data = g_malloc (SAMPLE_BYTES);
  n_read = fstat (fd, &info) == 0 && S_ISREG (info.st_mode) ? read (fd, data, SAMPLE_BYTES) : -1;
  close (fd);
  if (n_read <= 0)
    return FALSE;
  length = n_read;

  /* A spreadsheet is meant as the contact list, and reading it as one
   * fails with the advice to save it as CSV. Read as bounce messages, it
   * would only be binary data. */
  if (is_spreadsheet_sample (name, data, length))
    return TRUE;

  /* Excel's "Unicode Text" is UTF-16 with a BOM, tab-separated, and
   * named .txt. A last character cut by the sample's end is left out. */
  encoding = get_bom_encoding (data, length, &bom_length);
  if (encoding == BOUNCE_CSV_ENCODING_AUTO)
    encoding = guess_utf16 (data, length);
  text = data + bom_length;
  length -= bom_length;
  if (encoding == BOUNCE_CSV_ENCODING_UTF16LE || encoding == BOUNCE_CSV_ENCODING_UTF16BE)
    {
      gsize bytes_written = 0;

      converted = g_convert (text, length & ~(gsize) 1, "UTF-8",
                             encoding == BOUNCE_CSV_ENCODING_UTF16BE ? "UTF-16BE" : "UTF-16LE",
                             NULL, &bytes_written, NULL);
      if (converted == NULL)
        return FALSE;
      text = converted;
      length = bytes_written;
    }
  else if (memchr (text, '\0', length) != NULL)
    return FALSE;

  /* Leading blank lines are skipped; the first line decides whether the
   * file is mail. */
  while (length > 0 && (*text == '\r' || *text == '\n'))
    {
      text++;
      length--;
    }
  line_length = find_line_end (text, text + length) - text;
  if (starts_like_message (text, line_length))
    return FALSE;

  /* The first line of a contact list splits into two or more fields on
   * the delimiter detection picks. A field in the sample contains an
   * address, or the first line names an email column. */
  delimiter = detect_delimiter (text, length, length < SAMPLE_BYTES, '"', &uncertain);
  records = tokenize_sample (text, length, delimiter, '"', SAMPLE_RECORDS, length < SAMPLE_BYTES);
  if (records->len < 1 || ((GPtrArray *) records->pdata[0])->len < 2)
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      GPtrArray *record = records->pdata[i];

      for (guint j = 0; j < record->len; j++)
        {
          gsize field_length;
          const char *field = g_bytes_get_data (record->pdata[j], &field_length);
          g_autofree char *field_text = NULL;

          if (field == NULL || field_length == 0)
            continue;
          if (field_has_valid_address (field, field_length))
            return TRUE;

          field_text = g_strndup (field, field_length);
          if (i == 0 && is_email_header (field_text))
            return TRUE;
        }
    }

  return FALSE;
}

/* Replaces the advice for a contact list in @error, from reading @path,
 * with the advice for @reader. Leaves any other error as it is. */
static void
reword_no_email_column (GError              *error,
                        const char          *path,
                        NoEmailColumnReader  reader)
{
  g_autofree char *contact_message = NULL;

  if (error == NULL || !g_error_matches (error, BOUNCE_ERROR, BOUNCE_ERROR_NO_EMAIL_COLUMN))
    return;

  contact_message = dup_no_email_column_message (path, NO_EMAIL_COLUMN_CONTACTS);
  if (g_str_equal (error->message, contact_message))
    {
      g_free (error->message);
      error->message = dup_no_email_column_message (path, reader);
    }
}

void
bounce_contact_list_reword_for_suppressions (GError     *error,
                                             const char *path)
{
  g_return_if_fail (path != NULL);

  reword_no_email_column (error, path, NO_EMAIL_COLUMN_SUPPRESSIONS);
}

void
bounce_contact_list_reword_for_app (GError     *error,
                                    const char *path)
{
  g_return_if_fail (path != NULL);

  reword_no_email_column (error, path, NO_EMAIL_COLUMN_APP);
}

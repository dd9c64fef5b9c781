/* bounce-csv-private.h: internals shared by the contact list, the CSV
 * writer and the cleaner.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bounce-contact-list.h"
#include "bounce-hygiene.h"

G_BEGIN_DECLS

/* Normalizes @length bytes of @text into @out (cleared first) without
 * allocating in the common ASCII case; FALSE when they hold no address. */
gboolean    _bounce_address_normalize_to       (const char *text,
                                                gsize       length,
                                                GString    *out);
/* TRUE when @text has no list separator or display name, so
 * _bounce_address_normalize_to() alone gives its only address. */
gboolean    _bounce_address_is_single          (const char *text,
                                                gsize       length);
/* Appends each new normalized address of @text to @addresses (owned
 * strings). */
void        _bounce_address_extract_to         (const char *text,
                                                gsize       length,
                                                GPtrArray  *addresses);

/* Returns whether @c is invisible in an address cell: Unicode white
 * space beyond ASCII (U+00A0 no-break space, U+2007, U+202F, U+3000 …)
 * or a zero-width character (U+200B, U+200C, U+200D, U+2060, U+FEFF). */
gboolean    _bounce_address_is_invisible       (gunichar    c);
/* Moves @start and @end, which bound UTF-8 text, past the ASCII white
 * space and the invisible characters at either end. */
void        _bounce_address_trim               (const char **start,
                                                const char **end);
/* _bounce_address_trim(), then the text inside Excel's ="…" form, inside
 * quotes around the whole cell and after an Exchange "SMTP:" or "SIP:"
 * prefix, without one dot after the domain. */
void        _bounce_address_trim_cell          (const char **start,
                                                const char **end);
/* Returns whether the @length bytes at @text, trimmed, are a stand-in
 * for no address, such as "n/a", "-" or "(no email)", or an Exchange
 * identifier ("/o=.../cn=kai"), which is no email address either. */
gboolean    _bounce_address_is_placeholder     (const char  *text,
                                                gsize        length);

/* Returns the error bounce_address_check_syntax() gives for the @length
 * bytes at @text, which must contain no NUL byte. It allocates nothing
 * for a cell of one ASCII address. */
BounceAddressError _bounce_address_check_error (const char *text,
                                                gsize       length);

/* Returns whether the @length bytes at @text are one ASCII address,
 * without spaces or angle brackets, that bounce_address_check_syntax()
 * finds valid. It takes one pass; FALSE means only that the full check
 * must decide. */
gboolean    _bounce_address_is_plain_valid     (const char *text,
                                                gsize       length);

/* The bytes of a loaded contact file, for writing it back. Spans are in
 * the text libcsv read: the file itself after the BOM, or for UTF-16 its
 * UTF-8 conversion. */
typedef struct
{
  const char *text;
  gsize       length;
} BounceCsvSpan;

/* The byte-order mark as found in the file (empty when none). */
BounceCsvSpan _bounce_contact_list_get_bom       (BounceContactList *self);
/* Blank lines before the header record, the header record and its line
 * ending; empty when the file has no header. */
BounceCsvSpan _bounce_contact_list_get_head      (BounceContactList *self);
/* The row's record and its line ending. The head, then each row's gap
 * and record, then the tail are contiguous: together with the BOM they are
 * the whole file. */
BounceCsvSpan _bounce_contact_list_get_row_span  (BounceContactList *self,
                                                  guint              row);
/* The blank lines between the previous record (or the head) and the
 * row's record; empty when there are none. */
BounceCsvSpan _bounce_contact_list_get_row_gap   (BounceContactList *self,
                                                  guint              row);
/* The gaps and records of @n_rows rows from @first on, which follow
 * each other in the file: the same bytes as their gaps and spans one by
 * one. */
BounceCsvSpan _bounce_contact_list_get_rows_span (BounceContactList *self,
                                                  guint              first,
                                                  guint              n_rows);
/* Sets the bit of each row whose list address cell contains several
 * addresses (see _bounce_contact_list_get_list_cell_addresses()), of
 * each damaged row and of each blank row in @rows, one bit per row
 * (row / 8, 1 << row % 8). */
void          _bounce_contact_list_mark_special_rows (BounceContactList *self,
                                                      guint8            *rows);
/* Blank lines after the last record. */
BounceCsvSpan _bounce_contact_list_get_tail      (BounceContactList *self);
guint         _bounce_contact_list_get_n_fields  (BounceContactList *self,
                                                  guint              row);
/* Field count of the header record, or 0 without a header. */
guint         _bounce_contact_list_get_n_header_fields (BounceContactList *self);
/* Field count of the widest record, the header included, and at least
 * bounce_contact_list_get_n_columns(). Cells appended after it line up
 * in one column on every row, also after a row with more fields than
 * the header. */
guint         _bounce_contact_list_get_max_fields (BounceContactList *self);

/* g_str_hash() of the row's list address, computed while loading; 0
 * when it has none. */
guint32       _bounce_contact_list_get_address_hash (BounceContactList *self,
                                                     guint              row);
/* Whether the row's list address may have other spellings of its
 * mailbox (a +tag, Gmail's dots, an alias domain), found while loading. */
gboolean      _bounce_contact_list_may_have_other_spelling (BounceContactList *self,
                                                            guint              row);
/* The syntax error of the row's list address cell, checked while
 * loading. BOUNCE_ADDRESS_ERROR_LAST means the row was not checked then
 * (a cut field, a damaged or very long row), so the caller must check
 * the cell from bounce_contact_list_dup_cell(). */
BounceAddressError _bounce_contact_list_get_syntax_error (BounceContactList *self,
                                                          guint              row);
/* The addresses of @row's list address cell after the first, as in
 * "hank@example.com; ivy@example.com"; NULL for a cell of one address.
 * They are among _bounce_contact_list_get_extra_addresses() too. */
const char * const *_bounce_contact_list_get_list_cell_addresses (BounceContactList *self,
                                                                  guint              row);
/* Addresses of @row beyond its list address, normalized, or NULL. */
const char * const *_bounce_contact_list_get_extra_addresses (BounceContactList *self,
                                                              guint              row);
/* Sets @cells to @n new strings: the cells of @row from column @first
 * on, as bounce_contact_list_dup_cell() returns them, read in one pass. */
void          _bounce_contact_list_dup_cells (BounceContactList  *self,
                                              guint               row,
                                              guint               first,
                                              guint               n,
                                              char              **cells);
/* Fills @ends (of gsize) with the offset in @record where each of its
 * fields ends: at the delimiter after it, or at @record's end for the
 * last. @record is a record's text without its line ending, such as a
 * row's span without it. Returns the number of fields, as libcsv counts
 * them while loading. */
guint         _bounce_contact_list_find_field_ends (BounceContactList *self,
                                                    BounceCsvSpan      record,
                                                    GArray            *ends);
/* Sets the file size from which the two halves of a contact file are
 * read on two threads. Tests lower it to check that both ways read a
 * file the same. */
void          _bounce_contact_list_set_split_min_bytes (gsize bytes);
/* Sets the number of rows past which loading fails, BOUNCE_CSV_MAX_ROWS
 * unless a test lowers it. */
void          _bounce_contact_list_set_max_rows (guint rows);
/* Allocates @size zeroed bytes for a large table, such as a hash table
 * of a million rows, and faults its pages in with one call instead of
 * one page fault for each 4 KiB. Free it with _bounce_table_free() and
 * the same @size. */
gpointer      _bounce_table_alloc0 (gsize size);
void          _bounce_table_free   (gpointer table,
                                    gsize    size);
/* Lets the kernel drop the file's pages before @end from this process's
 * resident memory; they are read again from the page cache when needed. */
void          _bounce_contact_list_release_pages (BounceContactList *self,
                                                  const char        *end);

/* Returns the open file the contacts were read from and the offset of
 * @span in it, or FALSE when @span is not a run of the file's bytes (the
 * UTF-8 conversion of a UTF-16 file is not). The descriptor stays owned
 * by @self. */
gboolean      _bounce_contact_list_get_file_range (BounceContactList *self,
                                                   BounceCsvSpan      span,
                                                   int               *fd,
                                                   goffset           *offset);

/* Writes rows of a contact file to a temporary file next to the target
 * and renames it into place on commit, in the file's own dialect and
 * encoding. */
typedef struct _BounceCsvWriter BounceCsvWriter;

/* Returns the file that writing to @path replaces: @path, or the end of
 * its chain of symbolic links (which need not exist yet). */
char            *_bounce_csv_resolve_link        (const char         *path,
                                                  GError            **error);

BounceCsvWriter *_bounce_csv_writer_new          (BounceContactList  *contacts,
                                                  const char         *path,
                                                  GError            **error);
/* Writes @span (in the text libcsv read) as the file's own bytes. */
gboolean         _bounce_csv_writer_write_span   (BounceCsvWriter    *self,
                                                  BounceCsvSpan       span,
                                                  GError            **error);
/* Writes @span as it is, without conversion: for the BOM. */
gboolean         _bounce_csv_writer_write_raw    (BounceCsvWriter    *self,
                                                  BounceCsvSpan       span,
                                                  GError            **error);
/* A cell to write in place of the field in @column of a record. */
typedef struct
{
  guint       column;
  const char *cell;
} BounceCsvCell;

/* Writes @span followed by @cells as extra fields: the record keeps its
 * bytes, except that each field @replaced names (sorted by column) gets
 * its new cell, and a column past the record's end is reached with empty
 * fields. Its short fields are padded to @n_fields, and its line ending
 * follows the new cells. New cells are quoted and defused as
 * _bounce_csv_format_cell() does. */
gboolean         _bounce_csv_writer_write_record (BounceCsvWriter      *self,
                                                  BounceCsvSpan         span,
                                                  guint                 span_n_fields,
                                                  guint                 n_fields,
                                                  const BounceCsvCell  *replaced,
                                                  guint                 n_replaced,
                                                  const char * const   *cells,
                                                  GError              **error);
/* Flushes, syncs and renames the temporary file over @path. */
gboolean         _bounce_csv_writer_commit       (BounceCsvWriter    *self,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
/* Deletes the temporary file unless committed. */
void             _bounce_csv_writer_free         (BounceCsvWriter    *self);
/* Quotes @cell for the dialect when needed and defuses a leading
 * formula character; exposed for tests. */
char            *_bounce_csv_format_cell         (const char         *cell,
                                                  char                delimiter,
                                                  char                quote);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BounceCsvWriter, _bounce_csv_writer_free)

G_END_DECLS

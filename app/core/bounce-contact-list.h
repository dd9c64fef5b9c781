/* bounce-contact-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  BOUNCE_CSV_ENCODING_AUTO,
  BOUNCE_CSV_ENCODING_UTF8,
  BOUNCE_CSV_ENCODING_UTF16LE,
  BOUNCE_CSV_ENCODING_UTF16BE,
  BOUNCE_CSV_ENCODING_WINDOWS_1252,
} BounceCsvEncoding;

/* BounceCsvDialect.quote of a file whose fields are never quoted: the
 * unit separator, a control character that no contact file holds, which
 * libcsv then takes for the quote and never finds. */
#define BOUNCE_CSV_QUOTE_NONE '\x1f'

/* A CSV dialect. As options for loading, the "auto" values ask for
 * detection; as the result of loading, every field is resolved. */
typedef struct
{
  BounceCsvEncoding encoding;
  gboolean          bom;          /* result only */
  char              delimiter;    /* 0 = auto */
  char              quote;        /* 0 = auto ('"'), or BOUNCE_CSV_QUOTE_NONE */
  int               has_header;   /* -1 = auto, 0, 1 */
  int               email_column; /* -1 = auto, else 0-based column */
  char             *email_column_name; /* NULL = auto; header name to pick */
  char             *newline;      /* result only: "\r\n", "\n", "\r" or "\r\r\n" */
} BounceCsvDialect;

/* Limits on a contact file, each explained where bounce-contact-list.c
 * enforces it. None drops a row from the cleaned file. */
#define BOUNCE_CSV_MAX_FIELD_BYTES (1024 * 1024)
#define BOUNCE_CSV_MAX_ROW_BYTES   (16 * 1024 * 1024)
#define BOUNCE_CSV_MAX_ROWS        10000000

void        bounce_csv_dialect_init          (BounceCsvDialect       *dialect);
void        bounce_csv_dialect_clear         (BounceCsvDialect       *dialect);
const char *bounce_csv_encoding_to_string    (BounceCsvEncoding       encoding);
/* The delimiter as people name it: "comma", "tab", or the character in
 * quotation marks. */
char       *bounce_csv_describe_delimiter    (char                    delimiter);
gboolean    bounce_csv_encoding_from_string  (const char             *string,
                                              BounceCsvEncoding      *encoding);

#define BOUNCE_TYPE_CONTACT_LIST (bounce_contact_list_get_type ())

G_DECLARE_FINAL_TYPE (BounceContactList, bounce_contact_list, BOUNCE, CONTACT_LIST, GObject)

/* Reads a contact file with libcsv. @options may be NULL (detect all).
 * Fails with BOUNCE_ERROR_* when the file can't be read at all, is empty,
 * is not CSV (an .xlsx or PDF), or has no email column. Damage it can
 * tolerate (ragged rows, an unbalanced quote) becomes diagnostics, and the
 * rows are kept. A file of more than BOUNCE_CSV_MAX_ROWS rows fails with
 * BOUNCE_ERROR_TOO_LARGE. A quoted field closed on any later line spans
 * those lines, as RFC 4180 reads it. One still open at the end of the
 * file, or closed on a later line by an undoubled quote followed by more
 * text, is taken as never closed. Its row then ends at the end of the
 * line where the quote opened and is marked damaged, and reading goes on
 * from the next line. */
BounceContactList *bounce_contact_list_new_from_file (const char             *path,
                                                      const BounceCsvDialect *options,
                                                      GCancellable           *cancellable,
                                                      GError                **error);
/* Loads as bounce_contact_list_new_from_file() does, in a thread. The
 * list reads a copy of the file that no other program can change, for an
 * app that keeps it open: a file cut shorter later cannot crash it. */
void               bounce_contact_list_load_async    (const char             *path,
                                                      const BounceCsvDialect *options,
                                                      GCancellable           *cancellable,
                                                      GAsyncReadyCallback     callback,
                                                      gpointer                user_data);
BounceContactList *bounce_contact_list_load_finish   (GAsyncResult           *result,
                                                      GError                **error);

/* Returns whether the name of @path ends in .csv or .tsv (in any case),
 * which makes the file a contact list whatever it contains. */
gboolean           bounce_contact_list_has_list_name   (const char        *path);
/* Returns whether the file at @path is likely a contact list rather than
 * bounce messages. The app sorts the files of its command line and of a
 * drop with it. A name ending in .csv or .tsv is a contact list, and one
 * ending in .eml, .msg or .mbox is not. A file with any other name is a
 * contact list when it is a spreadsheet (an Excel, OpenDocument or
 * Numbers file), which loading rejects with the advice to save it as CSV.
 * It is also one when it is a regular file whose first 64 KiB do not start
 * with a mail header field or an mbox "From " line. Its first line must
 * also split into fields on a delimiter. It must also contain
 * a valid address (by bounce_address_check_syntax()) or an email column
 * name. The sample is read as UTF-16 after a BOM or with UTF-16's NUL
 * bytes, and as ASCII otherwise, so Excel's tab-separated UTF-16
 * "Unicode Text" .txt is one. */
gboolean           bounce_contact_list_is_likely_file  (const char        *path);

const char        *bounce_contact_list_get_path        (BounceContactList *self);
/* Checks that the file is as it was when it was opened: the same file at
 * the path, with the same size and times. The rows' bytes come from a
 * mapping of the file, so call it right before writing output from them.
 * Fails with BOUNCE_ERROR_CHANGED_ON_DISK, whose message states that
 * nothing was written and that the file must be opened again. */
gboolean           bounce_contact_list_check_unchanged (BounceContactList  *self,
                                                        GError            **error);
/* The resolved dialect: what was detected or overridden. */
const BounceCsvDialect *bounce_contact_list_get_dialect (BounceContactList *self);
/* TRUE when detection had several plausible delimiters or email columns,
 * so the app should let a person confirm. */
gboolean           bounce_contact_list_is_uncertain    (BounceContactList *self);

guint              bounce_contact_list_get_n_rows      (BounceContactList *self);
guint              bounce_contact_list_get_n_columns   (BounceContactList *self);
/* The number of lines above the header that are neither the header nor
 * rows, such as the notes at the top of LinkedIn's Connections.csv. They
 * are written back unchanged before the header. Excel's "sep=" line is
 * not counted. */
guint              bounce_contact_list_get_n_title_lines (BounceContactList *self);
/* Header cell, or "Column N" when the file has no header. */
const char        *bounce_contact_list_get_column_name (BounceContactList *self,
                                                        guint              column);
int                bounce_contact_list_get_email_column (BounceContactList *self);
/* The column to offer first when the email column is a close call
 * (bounce_contact_list_is_uncertain()): the email column, unless it looks
 * like a CRM's staff column ("Assigned To", "Owner Email"), then the
 * other candidate with the most addresses. -1 without an email column. */
int                bounce_contact_list_get_suggested_email_column (BounceContactList *self);
/* Every column that contains addresses, the list address column first.
 * Returns: (transfer none) (element-type guint) */
GArray            *bounce_contact_list_get_email_columns (BounceContactList *self);
/* Every column whose cells in the detection sample contain addresses, or
 * whose header names an address column, in file order. Only the email
 * columns are read for matching.
 * Returns: (transfer none) (element-type guint) */
GArray            *bounce_contact_list_get_address_columns (BounceContactList *self);
/* The columns that were a close call for the list address column, in
 * file order, when detection chose it by the addresses the columns
 * contain and another column contains nearly as many. Such a list is
 * uncertain (bounce_contact_list_is_uncertain()). Empty otherwise, and
 * always empty when the caller chose the email column.
 * Returns: (transfer none) (element-type guint) */
GArray            *bounce_contact_list_get_candidate_columns (BounceContactList *self);

/* Cell text decoded to UTF-8; "" for a missing cell of a short row. */
char              *bounce_contact_list_dup_cell        (BounceContactList *self,
                                                        guint              row,
                                                        guint              column);
/* Sets @cells to @n new strings: the cells of @row from column @first
 * on, as bounce_contact_list_dup_cell() returns them, read in one pass
 * over the row rather than once per cell. */
void               bounce_contact_list_dup_cells       (BounceContactList  *self,
                                                        guint               row,
                                                        guint               first,
                                                        guint               n,
                                                        char              **cells);
/* The row's list address, normalized, or NULL when its cell has none. */
const char        *bounce_contact_list_get_address     (BounceContactList *self,
                                                        guint              row);
/* The addresses after the first of the row's list address cell, as in
 * "ann@example.com; gwen@example.com", normalized; NULL for a cell of
 * one address. The list mails each of them.
 * Returns: (transfer none) (array zero-terminated=1) (nullable) */
const char * const *bounce_contact_list_get_more_list_addresses (BounceContactList *self,
                                                                 guint              row);
/* Every address of the row in every address column, normalized.
 * Returns: (transfer full) */
char             **bounce_contact_list_dup_addresses   (BounceContactList *self,
                                                        guint              row);
/* 1-based line in the file where the row starts. */
guint              bounce_contact_list_get_line        (BounceContactList *self,
                                                        guint              row);
/* Returns: (transfer none) (element-type BounceDiagnostic) */
GPtrArray         *bounce_contact_list_get_diagnostics (BounceContactList *self);
/* TRUE when the row could not be read reliably: a quoted field in it was
 * never closed, so the row was ended at the end of the line where the
 * quote opened. The cleaner never removes such a row. */
gboolean           bounce_contact_list_is_row_damaged  (BounceContactList *self,
                                                        guint              row);
/* The damaged rows, in file order.
 * Returns: (transfer none) (element-type guint) */
GArray            *bounce_contact_list_get_damaged_rows (BounceContactList *self);
/* TRUE for a blank row: a record without text in any field, such as
 * ";;" or ",,,". It is a row of the file, kept and written back, but not
 * a contact. An empty line is not a row at all. */
gboolean           bounce_contact_list_is_row_blank    (BounceContactList *self,
                                                        guint              row);
/* The blank rows, in file order.
 * Returns: (transfer none) (element-type guint) */
GArray            *bounce_contact_list_get_blank_rows  (BounceContactList *self);

/* Replaces the advice for a contact list in @error, from reading @path,
 * with the advice for a suppression list to import, when no column of
 * the file contains addresses. Leaves any other error as it is. */
void               bounce_contact_list_reword_for_suppressions (GError     *error,
                                                                const char *path);
/* Replaces the same advice with one for the desktop app, which has no
 * way to choose the email column of a file in which no column contains
 * addresses. Leaves any other error as it is. */
void               bounce_contact_list_reword_for_app (GError     *error,
                                                       const char *path);

G_END_DECLS

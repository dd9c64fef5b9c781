/* bounce-cli-scan.c: `bounce-cli scan`, a verdict per failed recipient.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-cli-scan"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "bounce-cli.h"
#include "bounce-cli-history.h"
#include "bounce-cli-mailbox.h"
#include "bounce-cli-table.h"
#include "bounce-core.h"

/* Output is collected in a buffer and written in blocks of this size:
 * 100,000 records print in a fraction of a second. */
#define FLUSH_SIZE (64 * 1024)

/* Upper bound for --threads, far above any core count it makes sense for. */
#define MAX_THREADS 1024

/* Widths, in characters, of the table columns other than the file, which
 * takes what the terminal has left. */
#define CATEGORY_WIDTH   10
#define STATUS_WIDTH      7
#define REASON_WIDTH     22
#define RECIPIENT_WIDTH  32
#define MIN_FILE_WIDTH   16
#define COLUMN_GAP        2
#define N_COLUMNS         5

typedef struct
{
  gboolean   json;
  GString   *out;
  gboolean   write_failed;
  int        write_errno;  /* errno of the failed write, 0 when unknown */

  /* Table mode. */
  BounceCliTable *table;
  gboolean   header_done; /* the header comes with the first row, so a failed scan prints none */
  BounceReadCounts read;
  GPtrArray *unreadable;
  GPtrArray *read_in_part; /* one record per message read only in part */
} ScanOutput;

static void
flush_output (ScanOutput *output)
{
  if (output->out->len == 0)
    return;

  if (!output->write_failed &&
      fwrite (output->out->str, 1, output->out->len, stdout) != output->out->len)
    {
      output->write_failed = TRUE;
      output->write_errno = errno;
    }

  g_string_truncate (output->out, 0);
}

/* Gives the file column what the terminal has left after the others. */
static void
set_column_widths (ScanOutput *output)
{
  guint width = bounce_cli_get_terminal_width ();
  guint fixed = CATEGORY_WIDTH + STATUS_WIDTH + REASON_WIDTH + 4 * COLUMN_GAP;
  guint widths[N_COLUMNS] = { 0, RECIPIENT_WIDTH, CATEGORY_WIDTH, STATUS_WIDTH, REASON_WIDTH };

  if (width < fixed + RECIPIENT_WIDTH + MIN_FILE_WIDTH)
    widths[1] = MAX (12, width > fixed + MIN_FILE_WIDTH ? width - fixed - MIN_FILE_WIDTH : 0);

  widths[0] = MAX (MIN_FILE_WIDTH, width > fixed + widths[1] ? width - fixed - widths[1] : 0);

  output->table = bounce_cli_table_new (N_COLUMNS);
  bounce_cli_table_set_widths (output->table, widths);
}

static void
append_row (ScanOutput *output,
            const char *file,
            const char *recipient,
            const char *category,
            const char *status,
            const char *reason)
{
  const char *cells[N_COLUMNS] = { file, recipient, category, status, reason };

  bounce_cli_table_append_row (output->table, output->out, cells);
}

static void
print_json_cb (BounceRecord *record,
               gpointer      user_data)
{
  ScanOutput *output = user_data;

  bounce_record_append_json (record, output->out);
  g_string_append_c (output->out, '\n');

  if (output->out->len >= FLUSH_SIZE)
    flush_output (output);
}

static void
print_row_cb (BounceRecord *record,
              gpointer      user_data)
{
  ScanOutput *output = user_data;
  g_autofree char *location = NULL;
  const char *file = record->file;

  /* Name the message inside an mbox by its number, counted from 1 as mail
   * programs do. */
  if (record->offset >= 0)
    file = location = g_strdup_printf ("%s#%u", record->file, record->index + 1);

  bounce_read_counts_add (&output->read, record);

  if (!output->header_done)
    {
      append_row (output, _("FILE"), _("RECIPIENT"), _("CATEGORY"), _("STATUS"), _("REASON"));
      output->header_done = TRUE;
    }

  if (record->category == BOUNCE_CATEGORY_UNREADABLE)
    g_ptr_array_add (output->unreadable, bounce_record_ref (record));
  else if (record->error[0] != '\0')
    {
      /* The records of one message come one after another and name the
       * same limit. */
      const BounceRecord *last = output->read_in_part->len > 0
                                 ? g_ptr_array_index (output->read_in_part, output->read_in_part->len - 1)
                                 : NULL;

      if (last == NULL || last->index != record->index || strcmp (last->file, record->file) != 0)
        g_ptr_array_add (output->read_in_part, bounce_record_ref (record));
    }

  append_row (output, file, record->recipient,
              bounce_category_to_string (record->category),
              record->status, record->reason);

  if (output->out->len >= FLUSH_SIZE)
    flush_output (output);
}

/* Lists each record's file, with the message's number inside an mbox
 * file, and its error. */
static void
append_record_errors (ScanOutput *output,
                      GPtrArray  *records)
{
  GString *out = output->out;

  for (guint i = 0; i < records->len; i++)
    {
      BounceRecord *record = g_ptr_array_index (records, i);

      if (record->offset >= 0)
        g_string_append_printf (out, "  %s#%u: %s\n", record->file, record->index + 1, record->error);
      else
        g_string_append_printf (out, "  %s: %s\n", record->file, record->error);

      if (out->len >= FLUSH_SIZE)
        flush_output (output);
    }
}

static void
print_summary (ScanOutput *output)
{
  GString *out = output->out;
  g_autoptr(BounceCliTable) read = bounce_cli_table_new (2);
  g_autoptr(BounceCliTable) counts = bounce_cli_table_new (2);

  if (output->read.records == 0)
    {
      g_string_append_printf (out, "%s\n", _("No messages were found."));
      return;
    }

  /* The same two figures as `clean` and the app's Summary page. */
  g_string_append_c (out, '\n');
  bounce_cli_table_set_align_right (read, 1);
  bounce_cli_table_add_count (read, _("Messages read:"), output->read.messages);
  bounce_cli_table_add_count (read, _("Bounce recipients:"), output->read.bounce_recipients);
  if (output->read.no_recipient > 0)
    bounce_cli_table_add_count (read, _("No recipient found:"), output->read.no_recipient);
  bounce_cli_table_print (read, out);
  g_string_append_printf (out,
                          g_dngettext (GETTEXT_PACKAGE, "%u record", "%u records", output->read.records),
                          output->read.records);
  g_string_append (out, ":\n");

  /* Most severe first, the order in which the records matter. */
  bounce_cli_table_set_indent (counts, 2);
  bounce_cli_table_set_align_right (counts, 1);
  for (int category = BOUNCE_CATEGORY_LAST - 1; category >= 0; category--)
    {
      if (output->read.per_category[category] == 0)
        continue;

      bounce_cli_table_add_count (counts, bounce_category_get_title (category),
                                  output->read.per_category[category]);
    }
  bounce_cli_table_print (counts, out);

  if (output->unreadable->len > 0)
    {
      g_string_append_c (out, '\n');
      g_string_append_printf (out,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u file or message could not be read:",
                                           "%u files or messages could not be read:",
                                           output->unreadable->len),
                              output->unreadable->len);
      g_string_append_c (out, '\n');
      append_record_errors (output, output->unreadable);
    }

  if (output->read_in_part->len > 0)
    {
      g_string_append_c (out, '\n');
      g_string_append_printf (out,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u message was read only in part:",
                                           "%u messages were read only in part:",
                                           output->read_in_part->len),
                              output->read_in_part->len);
      g_string_append_c (out, '\n');
      append_record_errors (output, output->read_in_part);
    }
}

int
bounce_cli_scan (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(BounceScanner) scanner = NULL;
  g_autoptr(BounceHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) scanned_paths = g_ptr_array_new ();
  BounceCliHistoryOptions history_options = { NULL };
  g_auto(BounceCliMailboxOptions) mailbox_options = { NULL };
  gboolean json = FALSE;
  gboolean version = FALSE;
  int n_threads = 0;
  ScanOutput output = { 0 };
  int status;

  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object per line and record instead of a table"), NULL },
    { "threads", 0, 0, G_OPTION_ARG_INT, &n_threads,
      N_("Parse with N threads (default 0: one per processor core)"), N_("N") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Print the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("PATH… — read bounce messages"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Reads message files, folders (recursively, Maildir included), mbox "
                                  "files and IMAP mailbox folders, and prints a verdict for each recipient "
                                  "of each message. Files are only read, never changed; a mailbox is opened "
                                  "read-only and no message in it is flagged, moved or deleted."));
  g_option_context_set_description (context,
                                    _("A mailbox folder is named imaps://USER@SERVER[:PORT]/FOLDER (TLS, port "
                                      "993) or imap://USER@SERVER[:PORT]/FOLDER (STARTTLS, port 143); the "
                                      "folder defaults to INBOX. The password is read from the environment "
                                      "variable BOUNCE_IMAP_PASSWORD or asked for in the terminal. With the "
                                      "history, a scan reads only the messages added since the last scan of "
                                      "the folder.\n\n"
                                      "Example:\n"
                                      "  bounce-cli scan --since 2024-05-01 imaps://jane@imap.example.com/Bounces\n\n"
                                      "Exit status is 0 when the scan ran, even if some files were not "
                                      "messages or could not be read (they are listed), 1 when a PATH does not "
                                      "exist or cannot be read at all, or a mailbox could not be read (the other "
                                      "paths are still scanned), and 2 when the command line is invalid.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  bounce_cli_history_options_add (&history_options, context);
  bounce_cli_mailbox_options_add (&mailbox_options, context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      bounce_cli_history_options_clear (&history_options);
      bounce_cli_mailbox_options_clear (&mailbox_options);
      return bounce_cli_usage_error ("scan", "%s", error->message);
    }

  if (!bounce_cli_mailbox_options_check (&mailbox_options, "scan") ||
      (paths != NULL && !bounce_cli_mailbox_check_uris (&mailbox_options, (const char * const *) paths, "scan")))
    {
      bounce_cli_history_options_clear (&history_options);
      bounce_cli_mailbox_options_clear (&mailbox_options);
      return BOUNCE_CLI_EXIT_USAGE;
    }

  if (version)
    {
      printf ("bounce-cli %s\n", PACKAGE_VERSION);
      bounce_cli_history_options_clear (&history_options);
      bounce_cli_mailbox_options_clear (&mailbox_options);
      return BOUNCE_CLI_EXIT_OK;
    }

  if (n_threads < 0 || n_threads > MAX_THREADS)
    return bounce_cli_usage_error ("scan", _("--threads must be between 0 and %d, not %d"),
                                   MAX_THREADS, n_threads);

  if (paths == NULL || paths[0] == NULL)
    return bounce_cli_usage_error ("scan", _("No PATH given: name message files, folders, mbox files or mailbox folders (imaps://…) to read"));

  /* Every message scanned is recorded, and messages seen before are
   * taken from the parse cache. */
  history = bounce_cli_history_open_optional (&history_options, "scan", FALSE);
  bounce_cli_history_options_clear (&history_options);

  scanner = bounce_scanner_new ();
  bounce_scanner_set_n_threads (scanner, (guint) n_threads);
  bounce_scanner_set_history (scanner, history);

  output.json = json;
  output.out = g_string_sized_new (FLUSH_SIZE + 4096);
  output.unreadable = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  output.read_in_part = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);

  /* A path that is not there at all is most likely a typo. It is no
   * message read, so it is left out of the scan and its counts, reported
   * as an error, and makes the exit status 1. A path that exists but
   * cannot be read is still scanned, and listed as unreadable. */
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GError) path_error = NULL;

      if (!bounce_imap_source_is_uri (paths[i]) && !bounce_scanner_check_path (paths[i], &path_error))
        g_ptr_array_add (missing, g_strdup (path_error->message));

      if (path_error == NULL || !g_error_matches (path_error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND))
        g_ptr_array_add (scanned_paths, paths[i]);
    }
  g_ptr_array_add (scanned_paths, NULL);

  if (scanned_paths->len > 1)
    {
      if (!json)
        {
          /* Cells are cut to fit the terminal; --json prints them whole. */
          set_column_widths (&output);
        }

      status = bounce_cli_scan_inputs (scanner, &mailbox_options, (const char * const *) scanned_paths->pdata,
                                       "scan", FALSE, json ? print_json_cb : print_row_cb, &output);

      if (!json)
        print_summary (&output);
    }
  else
    status = BOUNCE_CLI_EXIT_OK;
  bounce_cli_mailbox_options_clear (&mailbox_options);

  flush_output (&output);
  errno = 0;
  if (!output.write_failed && (fflush (stdout) != 0 || ferror (stdout)))
    {
      output.write_failed = TRUE;
      output.write_errno = errno;
    }

  g_string_free (output.out, TRUE);
  g_ptr_array_unref (output.unreadable);
  bounce_read_counts_end (&output.read);
  g_clear_pointer (&output.table, bounce_cli_table_free);
  g_ptr_array_unref (output.read_in_part);

  bounce_cli_history_check_writes (history, "scan");

  for (guint i = 0; i < missing->len; i++)
    bounce_cli_print_error ("scan", (const char *) g_ptr_array_index (missing, i));
  if (missing->len > 0 && status == BOUNCE_CLI_EXIT_OK)
    status = BOUNCE_CLI_EXIT_INPUT_ERROR;

  if (status != BOUNCE_CLI_EXIT_OK)
    return status;

  /* A reader that closed the pipe, as `head` does, stopped reading by
   * choice, so only the exit status reports it. errno is saved when the
   * write fails, because later calls change it. */
  if (output.write_failed && output.write_errno == EPIPE)
    return BOUNCE_CLI_EXIT_INPUT_ERROR;
  if (output.write_failed && output.write_errno != 0)
    {
      g_printerr (_("bounce-cli scan: Could not write the output: %s\n"), g_strerror (output.write_errno));
      return BOUNCE_CLI_EXIT_INPUT_ERROR;
    }
  if (output.write_failed)
    {
      bounce_cli_print_error ("scan", _("Could not write the output."));
      return BOUNCE_CLI_EXIT_INPUT_ERROR;
    }

  return BOUNCE_CLI_EXIT_OK;
}

/* bounce-cli-contacts.c: `bounce-cli contacts`, what was detected in a
 * contact CSV file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-cli-contacts"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bounce-cli.h"
#include "bounce-cli-history.h"
#include "bounce-cli-contacts.h"
#include "bounce-cli-table.h"

void
bounce_cli_dialect_options_add (BounceCliDialectOptions *options,
                                GOptionContext          *context)
{
  const GOptionEntry entries[] = {
    { "delimiter", 0, 0, G_OPTION_ARG_STRING, &options->delimiter,
      N_("Field delimiter: comma, semicolon, tab, pipe or one character (default: detected)"), N_("CHAR") },
    { "quote", 0, 0, G_OPTION_ARG_STRING, &options->quote,
      N_("Quote character: \" or ' (double or single), or none (default: detected)"), N_("CHAR") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &options->encoding,
      N_("Text encoding: utf-8, utf-16le, utf-16be or windows-1252 (default: detected)"), N_("NAME") },
    { "email-column", 0, 0, G_OPTION_ARG_STRING, &options->email_column,
      N_("Column of the list address, by header name or 1-based number (default: detected; needed when two columns of addresses are a close call)"), N_("NAME|NUMBER") },
    { "header", 0, 0, G_OPTION_ARG_NONE, &options->header,
      N_("The first line is a header (default: detected)"), NULL },
    { "no-header", 0, 0, G_OPTION_ARG_NONE, &options->no_header,
      N_("The first line is a contact, not a header"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

void
bounce_cli_dialect_options_clear (BounceCliDialectOptions *options)
{
  g_clear_pointer (&options->delimiter, g_free);
  g_clear_pointer (&options->quote, g_free);
  g_clear_pointer (&options->encoding, g_free);
  g_clear_pointer (&options->email_column, g_free);
}

static gboolean
parse_delimiter (const char *text,
                 char       *delimiter)
{
  static const struct {
    const char *name;
    char delimiter;
  } names[] = {
    { "comma", ',' }, { "semicolon", ';' }, { "tab", '\t' }, { "\\t", '\t' },
    { "pipe", '|' }, { "space", ' ' },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_ascii_strcasecmp (text, names[i].name) == 0)
        {
          *delimiter = names[i].delimiter;
          return TRUE;
        }
    }

  /* One ASCII character other than the quote and line breaks. */
  if (text[0] != '\0' && text[1] == '\0' && (guchar) text[0] < 0x80 &&
      text[0] != '"' && text[0] != '\n' && text[0] != '\r')
    {
      *delimiter = text[0];
      return TRUE;
    }

  return FALSE;
}

static gboolean
parse_quote (const char *text,
             char       *quote)
{
  if (g_str_equal (text, "\"") || g_ascii_strcasecmp (text, "double") == 0)
    *quote = '"';
  else if (g_str_equal (text, "'") || g_ascii_strcasecmp (text, "single") == 0)
    *quote = '\'';
  else if (g_ascii_strcasecmp (text, "none") == 0)
    *quote = BOUNCE_CSV_QUOTE_NONE;
  else
    return FALSE;

  return TRUE;
}

gboolean
bounce_cli_dialect_options_apply (BounceCliDialectOptions  *options,
                                  BounceCsvDialect         *dialect,
                                  char                    **message)
{
  if (options->delimiter != NULL && !parse_delimiter (options->delimiter, &dialect->delimiter))
    {
      *message = g_strdup_printf (_("Invalid --delimiter “%s”: use comma, semicolon, tab, pipe or one character"),
                                  options->delimiter);
      return FALSE;
    }

  if (options->quote != NULL && !parse_quote (options->quote, &dialect->quote))
    {
      *message = g_strdup_printf (_("Invalid --quote “%s”: use \", ', double, single or none"),
                                  options->quote);
      return FALSE;
    }
  if (dialect->delimiter != 0 && dialect->delimiter == dialect->quote)
    {
      *message = g_strdup (_("--delimiter and --quote cannot be the same character"));
      return FALSE;
    }

  if (options->encoding != NULL &&
      !bounce_csv_encoding_from_string (options->encoding, &dialect->encoding))
    {
      *message = g_strdup_printf (_("Invalid --encoding “%s”: use utf-8, utf-16le, utf-16be or windows-1252"),
                                  options->encoding);
      return FALSE;
    }

  if (options->header && options->no_header)
    {
      *message = g_strdup (_("--header and --no-header cannot be given together"));
      return FALSE;
    }
  if (options->header)
    dialect->has_header = 1;
  if (options->no_header)
    dialect->has_header = 0;

  if (options->email_column != NULL)
    {
      guint64 number;

      if (options->email_column[0] == '\0')
        {
          *message = g_strdup (_("--email-column is empty: give a header name or a 1-based column number"));
          return FALSE;
        }

      if (g_ascii_string_to_unsigned (options->email_column, 10, 1, G_MAXINT, &number, NULL))
        dialect->email_column = (int) number - 1;
      else if (g_ascii_isdigit (options->email_column[0]))
        {
          *message = g_strdup_printf (_("Invalid --email-column “%s”: column numbers start at 1"),
                                      options->email_column);
          return FALSE;
        }
      else
        dialect->email_column_name = g_strdup (options->email_column);
    }

  return TRUE;
}

int
bounce_cli_exit_status_for_load (const GError           *error,
                                 const BounceCsvDialect *dialect)
{
  gboolean column_chosen = dialect->email_column >= 0 || dialect->email_column_name != NULL;

  /* The option is wrong, not the file, so these are usage errors. They
   * are a chosen column without addresses, past the last column or with
   * a header name the file does not have, a chosen encoding that cannot
   * read the file, and --no-header on a file whose first line is a
   * header. */
  if (g_error_matches (error, BOUNCE_ERROR, BOUNCE_ERROR_WRONG_EMAIL_COLUMN) ||
      g_error_matches (error, BOUNCE_ERROR, BOUNCE_ERROR_WRONG_ENCODING) ||
      g_error_matches (error, BOUNCE_ERROR, BOUNCE_ERROR_WRONG_HEADER) ||
      (column_chosen && g_error_matches (error, BOUNCE_ERROR, BOUNCE_ERROR_NO_EMAIL_COLUMN)))
    return BOUNCE_CLI_EXIT_USAGE;

  return BOUNCE_CLI_EXIT_INPUT_ERROR;
}

/* "1 “Assigned To”, 2 “Customer”": the columns of @list in @columns. */
static char *
dup_column_list (BounceContactList *list,
                 GArray            *columns)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < columns->len; i++)
    {
      guint column = g_array_index (columns, guint, i);

      if (i > 0)
        /* TRANSLATORS: separates the items of a list of columns */
        g_string_append (text, _(", "));
      /* TRANSLATORS: one column in a list of candidate columns; %u is a
       * column number, %s the column's name */
      g_string_append_printf (text, C_("column in a list", "%u “%s”"), column + 1,
                              bounce_contact_list_get_column_name (list, column));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

int
bounce_cli_check_email_column_choice (const char        *command,
                                      BounceContactList *list)
{
  GArray *candidates = bounce_contact_list_get_candidate_columns (list);
  g_autofree char *columns = NULL;

  if (candidates->len < 2)
    return BOUNCE_CLI_EXIT_OK;

  columns = dup_column_list (list, candidates);

  return bounce_cli_usage_error (command,
                                 /* TRANSLATORS: the first %s is a file name, the second a list of columns such as 1 “Assigned To”, 2 “Customer” */
                                 _("“%s” has several columns of addresses that could each be the list address: %s. "
                                   "Choose one with --email-column and its name or number."),
                                 bounce_contact_list_get_path (list), columns);
}

void
bounce_cli_print_diagnostics (GPtrArray *diagnostics)
{
  for (guint i = 0; i < diagnostics->len; i++)
    {
      g_autofree char *text = bounce_diagnostic_to_string (diagnostics->pdata[i]);

      g_printerr ("%s\n", text);
    }
}

static const char *
describe_newline (const char *newline)
{
  if (g_strcmp0 (newline, "\r\n") == 0)
    return "CRLF";
  if (g_strcmp0 (newline, "\r\r\n") == 0)
    return "CR CRLF";
  if (g_strcmp0 (newline, "\r") == 0)
    return "CR";

  return "LF";
}

static void
print_json (BounceContactList *list)
{
  const BounceCsvDialect *dialect = bounce_contact_list_get_dialect (list);
  GArray *columns = bounce_contact_list_get_email_columns (list);
  GPtrArray *diagnostics = bounce_contact_list_get_diagnostics (list);
  GArray *damaged = bounce_contact_list_get_damaged_rows (list);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  char delimiter[2] = { dialect->delimiter, '\0' };
  char quote[2] = { dialect->quote != BOUNCE_CSV_QUOTE_NONE ? dialect->quote : '\0', '\0' };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, bounce_contact_list_get_path (list));
  json_builder_set_member_name (builder, "encoding");
  json_builder_add_string_value (builder, bounce_csv_encoding_to_string (dialect->encoding));
  json_builder_set_member_name (builder, "bom");
  json_builder_add_boolean_value (builder, dialect->bom);
  json_builder_set_member_name (builder, "delimiter");
  json_builder_add_string_value (builder, delimiter);
  json_builder_set_member_name (builder, "quote");
  json_builder_add_string_value (builder, quote);
  json_builder_set_member_name (builder, "newline");
  json_builder_add_string_value (builder, dialect->newline);
  json_builder_set_member_name (builder, "header");
  json_builder_add_boolean_value (builder, dialect->has_header);
  json_builder_set_member_name (builder, "title_lines");
  json_builder_add_int_value (builder, bounce_contact_list_get_n_title_lines (list));
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, bounce_contact_list_get_n_rows (list));
  json_builder_set_member_name (builder, "blank_rows");
  json_builder_add_int_value (builder, bounce_contact_list_get_blank_rows (list)->len);
  json_builder_set_member_name (builder, "columns");
  json_builder_add_int_value (builder, bounce_contact_list_get_n_columns (list));
  json_builder_set_member_name (builder, "uncertain");
  json_builder_add_boolean_value (builder, bounce_contact_list_is_uncertain (list));

  json_builder_set_member_name (builder, "email_columns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < columns->len; i++)
    {
      guint column = g_array_index (columns, guint, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "number");
      json_builder_add_int_value (builder, column + 1);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, bounce_contact_list_get_column_name (list, column));
      json_builder_set_member_name (builder, "list_address");
      json_builder_add_boolean_value (builder, i == 0);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "address_columns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < bounce_contact_list_get_address_columns (list)->len; i++)
    json_builder_add_int_value (builder, g_array_index (bounce_contact_list_get_address_columns (list), guint, i) + 1);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "email_column_candidates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < bounce_contact_list_get_candidate_columns (list)->len; i++)
    json_builder_add_int_value (builder, g_array_index (bounce_contact_list_get_candidate_columns (list), guint, i) + 1);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "damaged_rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < damaged->len; i++)
    json_builder_add_int_value (builder, bounce_contact_list_get_line (list, g_array_index (damaged, guint, i)));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "diagnostics");
  json_builder_begin_array (builder);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      const BounceDiagnostic *diagnostic = diagnostics->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, diagnostic->line);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, diagnostic->code);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, diagnostic->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  printf ("%s\n", text);
}

/* Counts the rows that `bounce-cli clean` removes for the suppression
 * list when no bounce is given, by the cleaner's own rules (the same
 * mailbox, cells with several addresses, damaged rows). */
static guint
count_suppressed (BounceContactList *list,
                  BounceHistory     *history)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(BounceCleaner) cleaner = bounce_cleaner_new (list, records);
  BounceCleanPolicy policy;
  BounceCleanSummary summary;

  bounce_clean_policy_init (&policy);
  policy.history = history;
  bounce_cleaner_summarize (cleaner, &policy, &summary);

  return summary.removed_suppressed;
}

/* Prints what was detected, a label and a value a line. @history may be
 * NULL. */
static void
print_text (BounceContactList *list,
            BounceHistory     *history)
{
  const BounceCsvDialect *dialect = bounce_contact_list_get_dialect (list);
  GArray *columns = bounce_contact_list_get_email_columns (list);
  GArray *address_columns = bounce_contact_list_get_address_columns (list);
  GArray *candidates = bounce_contact_list_get_candidate_columns (list);
  GPtrArray *diagnostics = bounce_contact_list_get_diagnostics (list);
  GArray *damaged = bounce_contact_list_get_damaged_rows (list);
  g_autofree char *delimiter = bounce_csv_describe_delimiter (dialect->delimiter);
  g_autofree char *encoding = g_strconcat (bounce_csv_encoding_to_string (dialect->encoding),
                                           dialect->bom ? _(" with byte-order mark") : "", NULL);
  g_autoptr(BounceCliTable) table = bounce_cli_table_new (2);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *n_blank = bounce_format_count (bounce_contact_list_get_blank_rows (list)->len);
  /* TRANSLATORS: %s is a count of rows such as ";;", counted among the rows above it */
  g_autofree char *blank_rows = g_strdup_printf (_("%s (no text in any field: kept, but not contacts)"), n_blank);
  char quote[2] = { dialect->quote, '\0' };
  /* TRANSLATORS: the quote character of a file whose fields are never quoted */
  const char *quote_text = dialect->quote != BOUNCE_CSV_QUOTE_NONE ? quote : C_("quote", "none");

  /* The values are sentences and paths that the terminal wraps: cutting
   * them would hide the advice, so only the labels are aligned. */
  bounce_cli_table_set_max_width (table, G_MAXUINT);

  bounce_cli_table_add_row (table, _("File:"), bounce_contact_list_get_path (list), NULL);
  bounce_cli_table_add_row (table, _("Encoding:"), encoding, NULL);
  bounce_cli_table_add_row (table, _("Delimiter:"), delimiter, NULL);
  bounce_cli_table_add_row (table, _("Quote:"), quote_text, NULL);
  bounce_cli_table_add_row (table, _("Line endings:"), describe_newline (dialect->newline), NULL);
  bounce_cli_table_add_row (table, _("Header:"), dialect->has_header ? _("yes") : _("no"), NULL);
  if (bounce_contact_list_get_n_title_lines (list) > 0)
    {
      guint n_title_lines = bounce_contact_list_get_n_title_lines (list);
      g_autofree char *value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "skipped %u line above the header: it is not a contact and is written back unchanged",
                                                             "skipped %u lines above the header: they are not contacts and are written back unchanged",
                                                             n_title_lines),
                                                n_title_lines);

      bounce_cli_table_add_row (table, _("Title lines:"), value, NULL);
    }
  bounce_cli_table_add_count (table, _("Rows:"), bounce_contact_list_get_n_rows (list));
  if (bounce_contact_list_get_blank_rows (list)->len > 0)
    bounce_cli_table_add_row (table, _("Blank rows:"), blank_rows, NULL);
  bounce_cli_table_add_count (table, _("Columns:"), bounce_contact_list_get_n_columns (list));
  for (guint i = 0; i < columns->len; i++)
    {
      guint column = g_array_index (columns, guint, i);
      const char *name = bounce_contact_list_get_column_name (list, column);
      g_autofree char *value = NULL;

      if (i == 0)
        /* TRANSLATORS: %u is a column number, %s the column's name */
        value = g_strdup_printf (_("%u “%s” (list address)"), column + 1, name);
      else
        /* TRANSLATORS: a further email column in the "Email columns:"
         * row; %u is a column number, %s the column's name */
        value = g_strdup_printf (C_("email columns row", "%u “%s”"), column + 1, name);

      bounce_cli_table_add_row (table, i == 0 ? _("Email columns:") : "", value, NULL);
    }
  for (guint i = 0; i < address_columns->len; i++)
    {
      guint column = g_array_index (address_columns, guint, i);
      const char *name = bounce_contact_list_get_column_name (list, column);
      g_autofree char *value = NULL;
      gboolean listed = FALSE;

      for (guint j = 0; j < columns->len && !listed; j++)
        listed = g_array_index (columns, guint, j) == column;
      if (listed)
        continue;

      /* TRANSLATORS: %u is a column number, %s the column's name */
      value = g_strdup_printf (_("%u “%s” (contains addresses, not matched)"), column + 1, name);
      bounce_cli_table_add_row (table, "", value, NULL);
    }
  if (candidates->len >= 2)
    {
      g_autofree char *candidate_list = dup_column_list (list, candidates);
      g_autofree char *value = g_strdup_printf (_("yes: the email column is a close call between columns %s, "
                                                  "so “bounce-cli clean” and “check” need --email-column"),
                                                candidate_list);

      bounce_cli_table_add_row (table, _("Uncertain:"), value, NULL);
    }
  else
    bounce_cli_table_add_row (table, _("Uncertain:"),
                              bounce_contact_list_is_uncertain (list)
                              ? _("yes: check the delimiter and the email column, and set them with --delimiter and --email-column")
                              : _("no"),
                              NULL);
  bounce_cli_table_add_count (table, _("Problems:"), diagnostics->len);
  if (damaged->len > 0)
    {
      g_autofree char *n_damaged = bounce_format_count (damaged->len);
      g_autofree char *value = g_strdup_printf ("%s %s", n_damaged,
                                                _("(could not be read reliably; clean always keeps them)"));

      bounce_cli_table_add_row (table, _("Damaged rows:"), value, NULL);
    }
  if (history != NULL)
    bounce_cli_table_add_count (table, _("Suppressed rows:"), count_suppressed (list, history));

  bounce_cli_table_print (table, out);
  fputs (out->str, stdout);
}

int
bounce_cli_contacts (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(BounceContactList) list = NULL;
  g_autoptr(BounceHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) files = NULL;
  BounceCliHistoryOptions history_options = { NULL };
  g_autofree char *message = NULL;
  BounceCliDialectOptions dialect_options = { NULL };
  BounceCsvDialect dialect;
  gboolean json = FALSE;
  int status = BOUNCE_CLI_EXIT_OK;

  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object instead of text"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE.csv — show what was detected in a contact file"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Prints the encoding, byte-order mark, delimiter, quote, header, email "
                                  "columns and row count detected in a contact CSV file, and the problems "
                                  "found in it (listed on stderr as FILE:LINE: message)."));
  g_option_context_set_description (context,
                                    _("Exit status is 0 when the file was read, 1 when it could not be "
                                      "read, and 2 when the command line is invalid.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  bounce_cli_dialect_options_add (&dialect_options, context);
  bounce_cli_history_options_add (&history_options, context);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      bounce_cli_dialect_options_clear (&dialect_options);
      bounce_cli_history_options_clear (&history_options);
      return bounce_cli_usage_error ("contacts", "%s", error->message);
    }

  bounce_csv_dialect_init (&dialect);
  if (!bounce_cli_dialect_options_apply (&dialect_options, &dialect, &message))
    status = bounce_cli_usage_error ("contacts", "%s", message);
  else if (files == NULL || files[0] == NULL)
    status = bounce_cli_usage_error ("contacts", _("No FILE given: name the contact CSV file to read"));
  else if (files[1] != NULL)
    status = bounce_cli_usage_error ("contacts", _("Give one FILE, not %u"), g_strv_length (files));
  bounce_cli_dialect_options_clear (&dialect_options);
  if (status != BOUNCE_CLI_EXIT_OK)
    {
      bounce_cli_history_options_clear (&history_options);
      bounce_csv_dialect_clear (&dialect);
      return status;
    }

  history = bounce_cli_history_open_optional (&history_options, "contacts", FALSE);
  bounce_cli_history_options_clear (&history_options);

  list = bounce_contact_list_new_from_file (files[0], &dialect, NULL, &error);
  if (list == NULL)
    {
      bounce_cli_print_error ("contacts", error->message);
      status = bounce_cli_exit_status_for_load (error, &dialect);
      bounce_csv_dialect_clear (&dialect);
      return status;
    }
  bounce_csv_dialect_clear (&dialect);

  if (json)
    print_json (list);
  else
    {
      print_text (list, history);
      bounce_cli_print_diagnostics (bounce_contact_list_get_diagnostics (list));
    }

  if (!bounce_cli_flush_stdout ("contacts"))
    return BOUNCE_CLI_EXIT_INPUT_ERROR;

  return BOUNCE_CLI_EXIT_OK;
}

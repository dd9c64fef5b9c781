/* bounce-cli-check.c: `bounce-cli check`, the list checks that need no
 * sending.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-cli-check"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bounce-cli.h"
#include "bounce-cli-check.h"
#include "bounce-cli-contacts.h"
#include "bounce-cli-history.h"
#include "bounce-cli-table.h"

GHashTable *
bounce_cli_load_disposable (const char  *command,
                            const char  *path,
                            gboolean    *failed)
{
  g_autoptr(GError) error = NULL;
  GHashTable *set;

  *failed = FALSE;
  if (path == NULL)
    return NULL;

  set = bounce_domain_list_load (path, &error);
  if (set == NULL)
    {
      /* TRANSLATORS: the first %s is a command such as "check", the
       * second an error message. --disposable-domains is an option name */
      g_printerr (_("bounce-cli %s: --disposable-domains: %s\n"), command, error->message);
      *failed = TRUE;
    }

  return set;
}

/* "Invalid", or the translated titles of the row's flags joined by
 * commas. --json gives the machine names. */
static char *
dup_verdict_titles (BounceHygiene *hygiene,
                    guint          row)
{
  BounceHygieneFlags flags = bounce_hygiene_get_flags (hygiene, row);
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();

  if (bounce_hygiene_is_invalid (hygiene, row))
    return g_strdup (_("Invalid"));

  for (guint i = 0; i < BOUNCE_HYGIENE_N_FLAGS; i++)
    if (flags & (1 << i))
      g_ptr_array_add (titles, (gpointer) bounce_hygiene_flag_get_title (1 << i));
  g_ptr_array_add (titles, NULL);

  return g_strjoinv (", ", (char **) titles->pdata);
}

static gboolean
row_is_reported (BounceHygiene *hygiene,
                 guint          row)
{
  return bounce_hygiene_is_invalid (hygiene, row) || bounce_hygiene_get_flags (hygiene, row) != 0;
}

static void
print_text (BounceHygiene *hygiene,
            const char    *path)
{
  BounceContactList *contacts = bounce_hygiene_get_contacts (hygiene);
  const BounceHygieneCounts *counts = bounce_hygiene_get_counts (hygiene);
  int column = bounce_contact_list_get_email_column (contacts);
  g_autoptr(BounceCliTable) findings = bounce_cli_table_new (4);
  g_autoptr(BounceCliTable) figures = bounce_cli_table_new (2);
  g_autoptr(GString) out = g_string_new (NULL);

  /* TRANSLATORS: column headings of `bounce-cli check`, in capitals as
   * the headings of `bounce-cli scan`. */
  bounce_cli_table_add_row (findings, _("LINE"), _("ADDRESS"), _("CHECKS"), _("DESCRIPTION"), NULL);

  for (guint row = 0; row < counts->rows; row++)
    {
      g_autofree char *location = NULL;
      g_autofree char *cell = NULL;
      g_autofree char *names = NULL;
      g_autofree char *description = NULL;

      if (!row_is_reported (hygiene, row))
        continue;

      location = g_strdup_printf ("%u", bounce_contact_list_get_line (contacts, row));
      cell = bounce_contact_list_dup_cell (contacts, row, column);
      names = dup_verdict_titles (hygiene, row);
      description = bounce_hygiene_dup_description (hygiene, row);
      bounce_cli_table_add_row (findings, location, cell, names, description, NULL);
    }

  /* Cells cut to fit the terminal are whole in --json. */
  if (counts->invalid + counts->risky > 0)
    {
      /* TRANSLATORS: %s is the contact file's path. */
      g_string_append_printf (out, _("Rows with findings in %s:"), path);
      g_string_append_c (out, '\n');
      bounce_cli_table_set_align_right (findings, 0);
      bounce_cli_table_print (findings, out);
      g_string_append_c (out, '\n');
    }

  bounce_cli_table_add_count (figures, _("Rows read:"), counts->rows);
  bounce_cli_table_add_count (figures, _("Invalid addresses:"), counts->invalid);
  bounce_cli_table_add_count (figures, _("Rows with warnings:"), counts->risky);
  for (guint i = 0; i < BOUNCE_HYGIENE_N_FLAGS; i++)
    {
      g_autofree char *label = g_strdup_printf ("  %s", bounce_hygiene_flag_get_title (1 << i));

      bounce_cli_table_add_count (figures, label, counts->flagged[i]);
    }
  bounce_cli_table_add_count (figures, _("Rows without address:"), counts->empty);
  if (counts->blank > 0)
    bounce_cli_table_add_count (figures, _("Blank rows:"), counts->blank);
  bounce_cli_table_add_count (figures, _("Contacts:"), counts->contacts);
  bounce_cli_table_set_align_right (figures, 1);
  bounce_cli_table_print (figures, out);

  fputs (out->str, stdout);
}

static void
print_json (BounceHygiene *hygiene,
            const char    *path)
{
  BounceContactList *contacts = bounce_hygiene_get_contacts (hygiene);
  const BounceHygieneCounts *counts = bounce_hygiene_get_counts (hygiene);
  int column = bounce_contact_list_get_email_column (contacts);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "contacts");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, counts->rows);
  json_builder_set_member_name (builder, "invalid");
  json_builder_add_int_value (builder, counts->invalid);
  json_builder_set_member_name (builder, "risky");
  json_builder_add_int_value (builder, counts->risky);
  json_builder_set_member_name (builder, "empty");
  json_builder_add_int_value (builder, counts->empty);
  json_builder_set_member_name (builder, "blank");
  json_builder_add_int_value (builder, counts->blank);
  json_builder_set_member_name (builder, "distinct_addresses");
  json_builder_add_int_value (builder, counts->contacts);
  json_builder_set_member_name (builder, "flagged");
  json_builder_begin_object (builder);
  for (guint i = 0; i < BOUNCE_HYGIENE_N_FLAGS; i++)
    {
      json_builder_set_member_name (builder, bounce_hygiene_flag_to_string (1 << i));
      json_builder_add_int_value (builder, counts->flagged[i]);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint row = 0; row < counts->rows; row++)
    {
      g_autofree char *cell = NULL;
      g_autofree char *description = NULL;
      g_autofree char *suggestion = NULL;
      BounceRowHygiene result;

      if (!row_is_reported (hygiene, row))
        continue;

      bounce_hygiene_get_row (hygiene, row, &result);
      cell = bounce_contact_list_dup_cell (contacts, row, column);
      description = bounce_hygiene_dup_description (hygiene, row);
      suggestion = bounce_hygiene_dup_suggestion (hygiene, row);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, bounce_contact_list_get_line (contacts, row));
      json_builder_set_member_name (builder, "cell");
      json_builder_add_string_value (builder, cell);
      json_builder_set_member_name (builder, "verdict");
      json_builder_add_string_value (builder, bounce_hygiene_is_invalid (hygiene, row) ? "invalid" : "risky");
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, result.error != BOUNCE_ADDRESS_OK
                                              ? bounce_address_error_to_string (result.error) : NULL);
      json_builder_set_member_name (builder, "flags");
      json_builder_begin_array (builder);
      for (guint i = 0; i < BOUNCE_HYGIENE_N_FLAGS; i++)
        if (result.flags & (1 << i))
          json_builder_add_string_value (builder, bounce_hygiene_flag_to_string (1 << i));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "suggestion");
      json_builder_add_string_value (builder, suggestion);
      json_builder_set_member_name (builder, "duplicate_of_line");
      if (result.duplicate_of >= 0)
        json_builder_add_int_value (builder, bounce_contact_list_get_line (contacts, result.duplicate_of));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, description);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  printf ("%s\n", text);
}

int
bounce_cli_check (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(BounceContactList) list = NULL;
  g_autoptr(BounceHygiene) hygiene = NULL;
  g_autoptr(GHashTable) disposable = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *disposable_path = NULL;
  g_auto(GStrv) files = NULL;
  BounceCliDialectOptions dialect_options = { NULL };
  BounceCliHistoryOptions history_options = { NULL };
  BounceCsvDialect dialect;
  gboolean json = FALSE;
  gboolean failed;
  int status = BOUNCE_CLI_EXIT_OK;

  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object instead of text"), NULL },
    { "disposable-domains", 0, 0, G_OPTION_ARG_FILENAME, &disposable_path,
      N_("Also count the domains in FILE (one a line) as disposable-address services"), N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE.csv — check the addresses of a contact file without sending"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Checks the list address of every row, offline: syntax errors that mail "
                                  "servers refuse make it invalid (clean removes such rows unless given "
                                  "--keep-invalid); likely domain typos (gmial.com, gmail.con), duplicates, "
                                  "role addresses (info@, noreply@), disposable-address services and "
                                  "top-level domains that do not exist are warnings, and clean keeps "
                                  "those rows. The rows found are printed as a table of their line "
                                  "number, the address cell, the checks they failed and a description, "
                                  "then the counts. On a terminal, or with COLUMNS set, long cells are "
                                  "shortened in the middle to fit its width; in a file or a pipe every "
                                  "cell is printed whole."));
  g_option_context_set_description (context,
                                    _("Example:\n"
                                      "  bounce-cli check contacts.csv\n\n"
                                      "Exit status is 0 when the file was read, whatever was found, 1 when "
                                      "it could not be read, and 2 when the command line is invalid.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  bounce_cli_dialect_options_add (&dialect_options, context);
  /* Accepted as by every command, so scripts can pass them to all. The
   * checks read no history. */
  bounce_cli_history_options_add (&history_options, context);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      bounce_cli_dialect_options_clear (&dialect_options);
      bounce_cli_history_options_clear (&history_options);
      return bounce_cli_usage_error ("check", "%s", error->message);
    }
  bounce_cli_history_options_clear (&history_options);

  bounce_csv_dialect_init (&dialect);
  if (!bounce_cli_dialect_options_apply (&dialect_options, &dialect, &message))
    status = bounce_cli_usage_error ("check", "%s", message);
  else if (files == NULL || files[0] == NULL)
    status = bounce_cli_usage_error ("check", _("No FILE given: name the contact CSV file to check"));
  else if (files[1] != NULL)
    status = bounce_cli_usage_error ("check", _("Give one FILE, not %u"), g_strv_length (files));
  bounce_cli_dialect_options_clear (&dialect_options);
  if (status != BOUNCE_CLI_EXIT_OK)
    {
      bounce_csv_dialect_clear (&dialect);
      return status;
    }

  disposable = bounce_cli_load_disposable ("check", disposable_path, &failed);
  if (failed)
    {
      bounce_csv_dialect_clear (&dialect);
      return BOUNCE_CLI_EXIT_INPUT_ERROR;
    }

  list = bounce_contact_list_new_from_file (files[0], &dialect, NULL, &error);
  if (list == NULL)
    {
      bounce_cli_print_error ("check", error->message);
      status = bounce_cli_exit_status_for_load (error, &dialect);
      bounce_csv_dialect_clear (&dialect);
      return status;
    }
  bounce_csv_dialect_clear (&dialect);
  bounce_cli_print_diagnostics (bounce_contact_list_get_diagnostics (list));
  if (bounce_cli_check_email_column_choice ("check", list) != BOUNCE_CLI_EXIT_OK)
    return BOUNCE_CLI_EXIT_USAGE;

  hygiene = bounce_hygiene_new (list, disposable);
  if (json)
    print_json (hygiene, files[0]);
  else
    print_text (hygiene, files[0]);

  if (!bounce_cli_flush_stdout ("check"))
    return BOUNCE_CLI_EXIT_INPUT_ERROR;

  return BOUNCE_CLI_EXIT_OK;
}

/* bounce-cli-suppression.c: `bounce-cli suppression`, the list of
 * addresses never to mail again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-cli-suppression"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "bounce-cli.h"
#include "bounce-cli-contacts.h"
#include "bounce-cli-history.h"
#include "bounce-cleaner.h"

static int
list_entries (BounceHistory *history,
              const char    *search,
              gboolean       all)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = bounce_history_list_suppressions (history, search, all, &error);
  if (entries == NULL)
    {
      bounce_cli_print_error ("suppression", error->message);
      return BOUNCE_CLI_EXIT_INPUT_ERROR;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const BounceSuppression *entry = entries->pdata[i];
      g_autofree char *description = bounce_suppression_dup_description (entry);

      printf ("%s\t%s%s\n", entry->address, description, entry->active ? "" : _(" (removed)"));
    }

  if (entries->len > 0)
    return BOUNCE_CLI_EXIT_OK;

  /* Without a match, say whether the list is empty or only the search
   * found nothing. */
  if (search != NULL && search[0] != '\0')
    {
      g_autoptr(GPtrArray) every_entry = bounce_history_list_suppressions (history, NULL, all, NULL);

      if (every_entry != NULL && every_entry->len > 0)
        {
          /* TRANSLATORS: %s is the search text, %u the entries of the list.
           * The search looks at the addresses only. */
          printf (g_dngettext (GETTEXT_PACKAGE, "No address contains “%s”; the suppression list has %u entry.\n",
                               "No address contains “%s”; the suppression list has %u entries.\n", every_entry->len),
                  search, every_entry->len);
          return BOUNCE_CLI_EXIT_OK;
        }
    }

  printf ("%s\n", _("The suppression list is empty."));

  return BOUNCE_CLI_EXIT_OK;
}

/* Reads the file to import into @list with the contact-file options of
 * the command line. Stops with BOUNCE_CLI_EXIT_USAGE when the address
 * column is a close call that no --email-column decides, as clean does,
 * because a wrong guess suppresses the addresses of the other column.
 * Stops the same way on a file that looks like a contact list unless
 * @contact_list_ok. */
static int
load_import_file (const char               *path,
                  BounceCliDialectOptions  *dialect_options,
                  gboolean                  contact_list_ok,
                  BounceContactList       **list)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  BounceCsvDialect dialect;
  int status = BOUNCE_CLI_EXIT_OK;

  bounce_csv_dialect_init (&dialect);
  if (!bounce_cli_dialect_options_apply (dialect_options, &dialect, &message))
    {
      bounce_csv_dialect_clear (&dialect);
      return bounce_cli_usage_error ("suppression", "%s", message);
    }

  *list = bounce_contact_list_new_from_file (path, &dialect, NULL, &error);
  if (*list == NULL)
    {
      bounce_contact_list_reword_for_suppressions (error, path);
      bounce_cli_print_error ("suppression", error->message);
      status = bounce_cli_exit_status_for_load (error, &dialect);
    }
  else
    status = bounce_cli_check_email_column_choice ("suppression import", *list);

  /* The app puts a question before such an import. A script gets no
   * question, so the import stops until --contact-list confirms it. */
  if (status == BOUNCE_CLI_EXIT_OK && !contact_list_ok && bounce_history_import_is_contact_list (*list))
    status = bounce_cli_usage_error ("suppression import",
                                     /* TRANSLATORS: %s is a file name */
                                     _("“%s” looks like a contact list, not a suppression list: no column says why "
                                       "its addresses are suppressed, such as a reason, status or unsubscribe "
                                       "column. Importing it would remove every address in it from every list you "
                                       "clean. If that is what you want, add --contact-list."),
                                     path);
  bounce_csv_dialect_clear (&dialect);

  return status;
}

int
bounce_cli_suppression (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(BounceHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) remaining = NULL;
  BounceCliHistoryOptions history_options = { NULL };
  BounceCliDialectOptions dialect_options = { NULL };
  gboolean dialect_options_given;
  gboolean all = FALSE;
  gboolean contact_list_ok = FALSE;
  const char *action;
  const char *argument;
  int status = BOUNCE_CLI_EXIT_OK;
  guint n_added = 0;
  g_autofree char *normalized = NULL;
  g_autoptr(BounceContactList) import_list = NULL;

  const GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all,
      N_("With list: also show entries a person removed"), NULL },
    { "contact-list", 0, 0, G_OPTION_ARG_NONE, &contact_list_ok,
      N_("With import: import a file that looks like a contact list, suppressing every address in it"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &remaining, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("list [SEARCH] | export FILE | import FILE | add ADDRESS | "
                                    "remove ADDRESS | restore ADDRESS"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Shows and edits the suppression list: addresses that hard-bounced or "
                                  "complained, and those imported from another tool. “bounce-cli clean” "
                                  "removes them from every contact file, also with no new bounce. "
                                  "“remove” takes a wrongly listed address off the list and “restore” "
                                  "puts it back."));
  g_option_context_set_description (context,
                                    _("List prints the active entries, with SEARCH only those whose address "
                                      "contains it, in upper or lower case; the reason and source are not "
                                      "searched. Import reads a CSV file with an email column, and a column with "
                                      "“reason” in its name when there is one. When two columns of addresses "
                                      "are a close call, import stops with exit status 2 until --email-column "
                                      "chooses one. So does a file that looks like a contact list, with columns "
                                      "beside the email column but none that says why an address is suppressed "
                                      "(a reason, status, type, category or code, a bounce, unsubscribe or "
                                      "complaint column), until --contact-list confirms it. Export writes the "
                                      "columns address, category, reason, since and source.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  bounce_cli_dialect_options_add (&dialect_options, context);
  bounce_cli_history_options_add (&history_options, context);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      bounce_cli_history_options_clear (&history_options);
      bounce_cli_dialect_options_clear (&dialect_options);
      return bounce_cli_usage_error ("suppression", "%s", error->message);
    }
  dialect_options_given = dialect_options.delimiter != NULL || dialect_options.quote != NULL ||
                          dialect_options.encoding != NULL || dialect_options.email_column != NULL ||
                          dialect_options.header || dialect_options.no_header;

  action = remaining != NULL ? remaining[0] : NULL;
  argument = action != NULL ? remaining[1] : NULL;

  if (action == NULL)
    status = bounce_cli_usage_error ("suppression", _("No action given: use list, export, import, add, remove or restore"));
  else if (g_str_equal (action, "list"))
    {
      if (argument != NULL && remaining[2] != NULL)
        status = bounce_cli_usage_error ("suppression", _("Unexpected argument “%s”"), remaining[2]);
    }
  else if (g_strv_contains ((const char * const []) { "export", "import", "add", "remove", "restore", NULL }, action))
    {
      if (argument == NULL)
        status = bounce_cli_usage_error ("suppression", _("“%s” needs an argument: a FILE for export and import, an ADDRESS otherwise"), action);
      else if (remaining[2] != NULL)
        status = bounce_cli_usage_error ("suppression", _("Unexpected argument “%s”"), remaining[2]);
    }
  else
    status = bounce_cli_usage_error ("suppression", _("Unknown action “%s”: use list, export, import, add, remove or restore"),
                                     action);

  if (status == BOUNCE_CLI_EXIT_OK && contact_list_ok && !g_str_equal (action, "import"))
    status = bounce_cli_usage_error ("suppression", _("--contact-list applies only to import"));
  if (status == BOUNCE_CLI_EXIT_OK && dialect_options_given && !g_str_equal (action, "import"))
    status = bounce_cli_usage_error ("suppression", _("--email-column, --delimiter, --quote, --encoding, --header "
                                                      "and --no-header apply only to import"));

  /* A bad address is bad usage, as in “bounce-cli history”, and is
   * refused before the database is opened. */
  if (status == BOUNCE_CLI_EXIT_OK && g_str_equal (action, "add") &&
      (normalized = bounce_address_normalize (argument)) == NULL)
    status = bounce_cli_usage_error ("suppression", _("“%s” is not an email address"), argument);

  /* An export to a device, a pipe or "-" is bad usage too, as for clean. */
  if (status == BOUNCE_CLI_EXIT_OK && g_str_equal (action, "export") &&
      !bounce_clean_check_sole_output_file (argument, &error))
    {
      bounce_cli_print_error ("suppression", error->message);
      bounce_cli_history_options_clear (&history_options);
      return BOUNCE_CLI_EXIT_USAGE;
    }

  /* Before the first scan, an export still writes the file, so that a
   * script that sends it on finds one. */
  if (status == BOUNCE_CLI_EXIT_OK && g_str_equal (action, "export") && !history_options.no_history)
    {
      g_autofree char *path = bounce_cli_history_dup_path (&history_options);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_autoptr(GPtrArray) none = g_ptr_array_new ();

          bounce_cli_history_options_clear (&history_options);
          if (!bounce_suppressions_write_csv (none, argument, &error))
            {
              bounce_cli_print_error ("suppression", error->message);
              return BOUNCE_CLI_EXIT_INPUT_ERROR;
            }
          /* TRANSLATORS: %s is the file written */
          printf (_("No history yet: wrote an empty list to “%s”.\n"), argument);
          return BOUNCE_CLI_EXIT_OK;
        }
    }

  if (status == BOUNCE_CLI_EXIT_OK && g_str_equal (action, "import"))
    status = load_import_file (argument, &dialect_options, contact_list_ok, &import_list);
  bounce_cli_dialect_options_clear (&dialect_options);

  if (status == BOUNCE_CLI_EXIT_OK)
    history = bounce_cli_history_open_required (&history_options, "suppression",
                                                (g_str_equal (action, "list") || g_str_equal (action, "export")),
                                                &status);
  bounce_cli_history_options_clear (&history_options);
  if (history == NULL)
    return status;

  if (g_str_equal (action, "list"))
    status = list_entries (history, argument, all);
  else if (g_str_equal (action, "export"))
    {
      if (!bounce_history_export_suppressions (history, argument, &error))
        status = BOUNCE_CLI_EXIT_INPUT_ERROR;
    }
  else if (g_str_equal (action, "import"))
    {
      g_autoptr(GPtrArray) added = NULL;
      g_autoptr(GPtrArray) skipped = NULL;
      g_autoptr(GPtrArray) warnings = NULL;

      if (bounce_history_import_suppressions_from_list (history, import_list, BOUNCE_HISTORY_IMPORT_NONE,
                                                        &added, &skipped, &warnings, &error))
        {
          n_added = added->len;
          printf (g_dngettext (GETTEXT_PACKAGE, "%u address added to the suppression list.\n",
                               "%u addresses added to the suppression list.\n", n_added), n_added);
          if (skipped->len > 0)
            printf (g_dngettext (GETTEXT_PACKAGE, "%u row was not imported (listed on stderr).\n",
                                 "%u rows were not imported (listed on stderr).\n", skipped->len),
                    skipped->len);
          bounce_cli_print_diagnostics (skipped);
          bounce_cli_print_diagnostics (warnings);
          for (guint i = 0; i < skipped->len; i++)
            {
              const BounceDiagnostic *row = skipped->pdata[i];

              if (g_str_equal (row->code, "kept-address"))
                {
                  printf (_("Kept addresses were not added; “bounce-cli kept remove ADDRESS” stops keeping one "
                            "and puts it on the suppression list.\n"));
                  break;
                }
            }
        }
      else
        status = BOUNCE_CLI_EXIT_INPUT_ERROR;
    }
  else if (g_str_equal (action, "add"))
    {
      /* The stored address, not the argument: "Jane <jane@example.com>"
       * pasted into a shell as printed would be a redirection. */
      if (bounce_history_suppress (history, argument, "manual", "", "", &error))
        printf (_("“%s” is on the suppression list; “bounce-cli suppression remove %s” takes it off.\n"),
                normalized, normalized);
      else
        status = BOUNCE_CLI_EXIT_INPUT_ERROR;
    }
  else if (g_str_equal (action, "remove"))
    {
      if (bounce_history_unsuppress (history, argument, &error))
        printf (_("Removed “%s” from the suppression list; “bounce-cli suppression restore %s” undoes it.\n"),
                argument, argument);
      else
        status = BOUNCE_CLI_EXIT_INPUT_ERROR;
    }
  else if (g_str_equal (action, "restore"))
    {
      if (bounce_history_restore_suppression (history, argument, &error))
        printf (_("Restored “%s” to the suppression list; “bounce-cli suppression remove %s” takes it off again.\n"),
                argument, argument);
      else
        status = BOUNCE_CLI_EXIT_INPUT_ERROR;
    }

  if (error != NULL)
    bounce_cli_print_error ("suppression", error->message);

  if (!bounce_cli_flush_stdout ("suppression"))
    return BOUNCE_CLI_EXIT_INPUT_ERROR;

  return status;
}

/* bounce-cli-kept.c: `bounce-cli kept`, the addresses a person chose to
 * keep in every cleaned list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-cli-kept"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "bounce-cli.h"
#include "bounce-cli-history.h"
#include "bounce-address.h"

static int
list_kept (BounceHistory *history)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = bounce_history_list_kept (history, &error);
  if (entries == NULL)
    {
      bounce_cli_print_error ("kept", error->message);
      return BOUNCE_CLI_EXIT_INPUT_ERROR;
    }

  if (entries->len == 0)
    printf ("%s\n", _("No address is kept by choice."));

  for (guint i = 0; i < entries->len; i++)
    {
      const BounceKeptAddress *entry = entries->pdata[i];
      g_autofree char *since = bounce_history_dup_date (entry->since);

      if (entry->unsuppressed)
        /* TRANSLATORS: the first %s is an address, the second a date, "5 Dec 2026" */
        printf (_("%s\tkept since %s, taken off the suppression list\n"), entry->address, since);
      else
        /* TRANSLATORS: the first %s is an address, the second a date, "5 Dec 2026" */
        printf (_("%s\tkept since %s\n"), entry->address, since);
    }

  return BOUNCE_CLI_EXIT_OK;
}

int
bounce_cli_kept (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(BounceHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) remaining = NULL;
  g_autofree char *normalized = NULL;
  BounceCliHistoryOptions history_options = { NULL };
  const char *action;
  const char *argument;
  gboolean changed = FALSE;
  int status = BOUNCE_CLI_EXIT_OK;

  const GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &remaining, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("list | add ADDRESS | remove ADDRESS"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Shows and edits the addresses kept by choice: “bounce-cli clean” and the "
                                  "app keep their contacts in every cleaned list, whatever bounced and whatever "
                                  "the suppression list and the list checks say, also after a later bounce or "
                                  "complaint. “bounce-cli clean --keep” and the app’s Keep This Contact add "
                                  "to them, as “add” does."));
  g_option_context_set_description (context,
                                    _("Add takes the address off the suppression list, as keeping it in the app "
                                      "does. Remove stops keeping it and puts back the suppression entry that "
                                      "keeping took off. List prints each address with the date of the choice. "
                                      "With --no-history, clean keeps the addresses of --keep for that run only, "
                                      "and neither reads nor records kept addresses.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  bounce_cli_history_options_add (&history_options, context);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      bounce_cli_history_options_clear (&history_options);
      return bounce_cli_usage_error ("kept", "%s", error->message);
    }

  action = remaining != NULL ? remaining[0] : NULL;
  argument = action != NULL ? remaining[1] : NULL;

  if (action == NULL)
    status = bounce_cli_usage_error ("kept", _("No action given: use list, add or remove"));
  else if (g_str_equal (action, "list"))
    {
      if (argument != NULL)
        status = bounce_cli_usage_error ("kept", _("Unexpected argument “%s”"), argument);
    }
  else if (g_str_equal (action, "add") || g_str_equal (action, "remove"))
    {
      if (argument == NULL)
        status = bounce_cli_usage_error ("kept", _("“%s” needs an ADDRESS"), action);
      else if (remaining[2] != NULL)
        status = bounce_cli_usage_error ("kept", _("Unexpected argument “%s”"), remaining[2]);
      else if ((normalized = bounce_address_normalize (argument)) == NULL)
        status = bounce_cli_usage_error ("kept", _("“%s” is not an email address"), argument);
    }
  else
    status = bounce_cli_usage_error ("kept", _("Unknown action “%s”: use list, add or remove"), action);

  if (status == BOUNCE_CLI_EXIT_OK)
    history = bounce_cli_history_open_required (&history_options, "kept", g_str_equal (action, "list"), &status);
  bounce_cli_history_options_clear (&history_options);
  if (history == NULL)
    return status;

  if (g_str_equal (action, "list"))
    status = list_kept (history);
  else if (g_str_equal (action, "add"))
    {
      if (!bounce_history_keep_address (history, normalized, &changed, &error))
        status = BOUNCE_CLI_EXIT_INPUT_ERROR;
      else if (changed)
        printf (_("Kept “%s” in every cleaned list and took it off the suppression list; "
                  "“bounce-cli kept remove %s” undoes both.\n"), normalized, normalized);
      else
        printf (_("Kept “%s” in every cleaned list; “bounce-cli kept remove %s” undoes it.\n"),
                normalized, normalized);
    }
  else
    {
      if (!bounce_history_stop_keeping (history, normalized, &changed, &error))
        status = BOUNCE_CLI_EXIT_INPUT_ERROR;
      else if (changed)
        printf (_("“%s” is no longer kept, and is back on the suppression list.\n"), normalized);
      else
        printf (_("“%s” is no longer kept.\n"), normalized);
    }

  if (error != NULL)
    bounce_cli_print_error ("kept", error->message);

  if (!bounce_cli_flush_stdout ("kept"))
    return BOUNCE_CLI_EXIT_INPUT_ERROR;

  return status;
}

/* bounce-cli-history.c: `bounce-cli history ADDRESS` and the history
 * options shared by every command.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-cli-history"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "bounce-cli.h"
#include "bounce-cli-history.h"

void
bounce_cli_history_options_add (BounceCliHistoryOptions *options,
                                GOptionContext          *context)
{
  GOptionGroup *group;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &options->db_path,
      N_("History database to use (default: $XDG_DATA_HOME/org.example.Bounce/history.db)"), N_("FILE") },
    { "no-history", 0, 0, G_OPTION_ARG_NONE, &options->no_history,
      N_("Neither read nor write the history of bounces and the suppression list"), NULL },
    { NULL }
  };

  group = g_option_group_new ("history", _("History Options:"), _("Show the history options"), NULL, NULL);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_group_add_entries (group, entries);
  g_option_context_add_group (context, group);
}

void
bounce_cli_history_options_clear (BounceCliHistoryOptions *options)
{
  g_clear_pointer (&options->db_path, g_free);
}

/* Opens @path read-only after bounce_history_open() failed with @error.
 * Only a file that could not be written is tried, as one on a read-only
 * file system. When that fails too, @error keeps the reason, or the read
 * error when it explains more: a schema that needs an update, or a
 * damaged file. */
static BounceHistory *
open_read_only_instead (const char  *path,
                        GError     **error)
{
  g_autoptr(GError) read_error = NULL;
  BounceHistory *history;

  if (!g_error_matches (*error, BOUNCE_ERROR, BOUNCE_ERROR_WRITE))
    return NULL;

  history = bounce_history_open_read_only (path, &read_error);
  if (history == NULL && g_error_matches (read_error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE))
    {
      g_clear_error (error);
      *error = g_steal_pointer (&read_error);
    }

  return history;
}

static void
warn_read_only (const char   *command,
                const GError *error)
{
  /* TRANSLATORS: the first %s is a command such as "history", the
   * second an error message. As in every warning of bounce-cli,
   * the sentence after "warning:" starts with a capital letter. */
  g_printerr (_("bounce-cli %s: warning: %s The history database was opened read-only, "
                "so nothing will be recorded.\n"),
              command, error->message);
}

BounceHistory *
bounce_cli_history_try_open (BounceCliHistoryOptions  *options,
                             const char               *command,
                             gboolean                  read_only,
                             GError                  **error)
{
  g_autofree char *path = NULL;
  BounceHistory *history;

  if (options->no_history)
    return NULL;

  path = bounce_cli_history_dup_path (options);
  if (read_only)
    {
      g_autoptr(GError) read_error = NULL;
      g_autoptr(BounceHistory) updated = NULL;

      /* A file that does not exist has no history to read. */
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return NULL;
      history = bounce_history_open_read_only (path, &read_error);
      if (history != NULL)
        return history;

      /* A file that an older version wrote must have its schema updated
       * before it can be read, which a read-only open cannot do. Where
       * the file can be written, the update is made as any other command
       * makes it, and the file is read again. A damaged file fails here
       * too, and that error names the damage. */
      if (access (path, W_OK) == 0)
        {
          g_autoptr(GError) update_error = NULL;

          updated = bounce_history_open (path, &update_error);
          if (updated == NULL)
            {
              g_propagate_error (error, g_steal_pointer (&update_error));
              return NULL;
            }
          g_clear_object (&updated);
          return bounce_history_open_read_only (path, error);
        }

      g_propagate_error (error, g_steal_pointer (&read_error));
      return NULL;
    }

  history = bounce_history_open (path, error);
  if (history == NULL && (history = open_read_only_instead (path, error)) != NULL)
    {
      warn_read_only (command, *error);
      g_clear_error (error);
    }

  return history;
}

void
bounce_cli_history_warn_going_on (const char   *command,
                                  const GError *error)
{
  /* TRANSLATORS: the first %s is a command such as "clean", the second
   * an error message. As in every warning of bounce-cli, the sentence
   * after "warning:" starts with a capital letter. */
  g_printerr (_("bounce-cli %s: warning: %s The command goes on without history. "
                "Choose another file with --db, or turn the history off with --no-history.\n"),
              command, error->message);
}

BounceHistory *
bounce_cli_history_open_optional (BounceCliHistoryOptions *options,
                                  const char              *command,
                                  gboolean                 read_only)
{
  g_autoptr(GError) error = NULL;
  BounceHistory *history = bounce_cli_history_try_open (options, command, read_only, &error);

  if (error != NULL)
    bounce_cli_history_warn_going_on (command, error);

  return history;
}

void
bounce_cli_history_check_writes (BounceHistory *history,
                                 const char    *command)
{
  const GError *error;

  if (history == NULL)
    return;

  error = bounce_history_get_write_error (history);
  if (error != NULL)
    /* TRANSLATORS: the first %s is a command such as "clean", the second
     * an error message. As in every warning of bounce-cli, the sentence
     * after "warning:" starts with a capital letter. */
    g_printerr (_("bounce-cli %s: warning: The history was not updated: %s "
                  "Choose another file with --db, or turn the history off with --no-history.\n"),
                command, error->message);
}

/* Opens the history for a command that needs it: --no-history is a usage
 * error there. Returns NULL after printing why. */
char *
bounce_cli_history_dup_path (BounceCliHistoryOptions *options)
{
  return options->db_path ? g_strdup (options->db_path) : bounce_history_dup_default_path ();
}

BounceHistory *
bounce_cli_history_open_required (BounceCliHistoryOptions *options,
                                  const char              *command,
                                  gboolean                 read_only,
                                  int                     *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  BounceHistory *history;

  if (options->no_history)
    {
      *status = bounce_cli_usage_error (command, _("--no-history cannot be used here: this command reads the history"));
      return NULL;
    }

  /* Opening creates the file and its folders, which a command that only
   * reads must not leave behind, say after a mistyped --db. */
  path = bounce_cli_history_dup_path (options);
  if (read_only && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      printf (_("No history at %s.\n"), path);
      return NULL;
    }

  history = bounce_history_open (path, &error);

  /* A command that only reads can use a file that cannot be written,
   * such as one on a read-only file system. */
  if (history == NULL && read_only && (history = open_read_only_instead (path, &error)) != NULL)
    warn_read_only (command, error);

  if (history == NULL)
    {
      g_printerr (_("bounce-cli %s: %s Choose another file with --db.\n"), command, error->message);
      *status = BOUNCE_CLI_EXIT_INPUT_ERROR;
    }

  return history;
}

static void
print_bounce (const BounceRecord *record)
{
  g_autoptr(GDateTime) local = record->date ? g_date_time_to_local (record->date) : NULL;
  g_autofree char *date = local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("-");
  g_autofree char *location = NULL;
  const char *file = record->file;

  /* A message inside an mbox by its number, counted from 1, as scan names it. */
  if (record->offset >= 0)
    file = location = g_strdup_printf ("%s#%u", record->file, record->index + 1);

  printf ("  %-16s  %-10s  %-6s  %-22s  %s\n", date, bounce_category_to_string (record->category),
          record->status[0] != '\0' ? record->status : "-", record->reason, file);
}

/* Prints the history of @address as one JSON object: the bounces as
 * `scan --json` prints them, the soft-bounce rule and the suppression
 * list's entry, or null when the address has none. */
static void
print_json (const char                 *address,
            GPtrArray                  *bounces,
            const BounceHistoryVerdict *verdict,
            int                         soft_limit,
            int                         soft_days,
            const BounceSuppression    *suppression,
            gboolean                    kept,
            gint64                      kept_since)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "address");
  json_builder_add_string_value (builder, address);

  json_builder_set_member_name (builder, "bounces");
  json_builder_begin_array (builder);
  for (guint i = 0; bounces != NULL && i < bounces->len; i++)
    json_builder_add_value (builder, bounce_record_to_json_node (bounces->pdata[i]));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "soft_bounce_rule");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "soft_limit");
  json_builder_add_int_value (builder, soft_limit);
  json_builder_set_member_name (builder, "soft_days");
  json_builder_add_int_value (builder, soft_days);
  json_builder_set_member_name (builder, "sends");
  json_builder_add_int_value (builder, verdict->n_sends);
  /* TRUE when the soft bounces meet the rule, so that a clean with the
   * same limit and days removes the address. */
  json_builder_set_member_name (builder, "limit_reached");
  json_builder_add_boolean_value (builder, verdict->escalated);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, verdict->n_sends > 0 ? verdict->text : NULL);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "suppression");
  if (suppression != NULL)
    {
      g_autofree char *description = bounce_suppression_dup_description (suppression);
      g_autoptr(GDateTime) since = g_date_time_new_from_unix_utc (suppression->since);
      g_autofree char *since_text = since != NULL ? bounce_format_rfc3339 (since) : NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "category");
      json_builder_add_string_value (builder, suppression->category);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, suppression->reason);
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, suppression->source);
      json_builder_set_member_name (builder, "since");
      json_builder_add_string_value (builder, since_text);
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, description);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  /* A kept address: clean keeps its row whatever bounced. */
  json_builder_set_member_name (builder, "kept");
  if (kept)
    {
      g_autoptr(GDateTime) since = g_date_time_new_from_unix_utc (kept_since);
      g_autofree char *since_text = since != NULL ? bounce_format_rfc3339 (since) : NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "since");
      json_builder_add_string_value (builder, since_text);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  printf ("%s\n", text);
}

/* Returns the entry of @address that a person took off the suppression
 * list, or NULL. */
static BounceSuppression *
find_removed_suppression (BounceHistory *history,
                          const char    *address)
{
  g_autoptr(GPtrArray) entries = bounce_history_list_suppressions (history, address, TRUE, NULL);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      BounceSuppression *entry = g_ptr_array_index (entries, i);

      if (!entry->active && g_str_equal (entry->address, address))
        return g_ptr_array_steal_index (entries, i);
    }

  return NULL;
}

int
bounce_cli_history (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(BounceHistory) history = NULL;
  g_autoptr(BounceSuppression) suppression = NULL;
  g_autoptr(BounceSuppression) removed = NULL;
  g_autoptr(GPtrArray) bounces = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) remaining = NULL;
  g_autofree char *address = NULL;
  g_autofree char *sends_text = NULL;
  g_autofree char *days_text = NULL;
  BounceCliHistoryOptions history_options = { NULL };
  BounceHistoryVerdict verdict = { 0 };
  int soft_limit = BOUNCE_HISTORY_DEFAULT_SOFT_LIMIT;
  int soft_days = BOUNCE_HISTORY_DEFAULT_SOFT_DAYS;
  int status = BOUNCE_CLI_EXIT_OK;
  gboolean json = FALSE;
  gboolean kept = FALSE;
  gint64 kept_since = 0;

  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object instead of text"), NULL },
    { "soft-limit", 0, 0, G_OPTION_ARG_INT, &soft_limit,
      N_("Soft bounces from separate sends that make an address hard; 0 never does (default 3)"), N_("N") },
    { "soft-days", 0, 0, G_OPTION_ARG_INT, &soft_days,
      N_("Calendar days the soft bounces must span at least, with a --soft-limit of 2 or more (default 7)"), N_("DAYS") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &remaining, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("ADDRESS — show the recorded bounces of an address"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Lists every bounce of ADDRESS recorded by earlier scans, the verdict of "
                                  "the soft-bounce rule and whether the address is on the suppression list."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  bounce_cli_history_options_add (&history_options, context);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      bounce_cli_history_options_clear (&history_options);
      return bounce_cli_usage_error ("history", "%s", error->message);
    }

  if (remaining == NULL || remaining[0] == NULL)
    status = bounce_cli_usage_error ("history", _("No ADDRESS given: name the address to look up, such as jane@example.com"));
  else if (remaining[1] != NULL)
    status = bounce_cli_usage_error ("history", _("Unexpected argument “%s”: give one ADDRESS"), remaining[1]);
  else if (soft_limit < 0 || soft_days < 0)
    status = bounce_cli_usage_error ("history", _("--soft-limit and --soft-days must be 0 or more"));
  else if ((address = bounce_address_normalize (remaining[0])) == NULL)
    status = bounce_cli_usage_error ("history", _("“%s” is not an email address"), remaining[0]);

  /* Without a history file, the JSON states what the text states: no
   * bounces recorded and not on the suppression list. */
  if (status == BOUNCE_CLI_EXIT_OK && json && !history_options.no_history)
    {
      g_autofree char *path = bounce_cli_history_dup_path (&history_options);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          bounce_cli_history_options_clear (&history_options);
          print_json (address, NULL, &verdict, soft_limit, soft_days, NULL, FALSE, 0);

          return bounce_cli_flush_stdout ("history") ? BOUNCE_CLI_EXIT_OK : BOUNCE_CLI_EXIT_INPUT_ERROR;
        }
    }

  if (status == BOUNCE_CLI_EXIT_OK)
    history = bounce_cli_history_open_required (&history_options, "history", TRUE, &status);
  bounce_cli_history_options_clear (&history_options);
  if (history == NULL)
    return status;

  bounces = bounce_history_list_bounces (history, address, &error);
  if (bounces == NULL || !bounce_history_evaluate (history, address, (guint) soft_limit, (guint) soft_days,
                                                   NULL, &verdict, &error))
    {
      bounce_cli_print_error ("history", error->message);
      return BOUNCE_CLI_EXIT_INPUT_ERROR;
    }

  suppression = bounce_history_lookup_suppression (history, address);
  kept = bounce_history_lookup_kept (history, address, &kept_since);
  if (json)
    {
      print_json (address, bounces, &verdict, soft_limit, soft_days, suppression, kept, kept_since);
      bounce_history_verdict_clear (&verdict);

      return bounce_cli_flush_stdout ("history") ? BOUNCE_CLI_EXIT_OK : BOUNCE_CLI_EXIT_INPUT_ERROR;
    }

  printf ("%s\n", address);
  if (bounces->len == 0)
    printf ("  %s\n", _("No bounces recorded."));
  for (guint i = 0; i < bounces->len; i++)
    print_bounce (bounces->pdata[i]);

  /* TRANSLATORS: the middle of "(rule: 3 sends over at least 7 days)". */
  sends_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d send", "%d sends", soft_limit), soft_limit);
  /* TRANSLATORS: the end of "(rule: 3 sends over at least 7 days)". */
  days_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", soft_days), soft_days);

  printf ("\n");
  if (verdict.n_sends > 0 && !bounce_history_rule_needs_span ((guint) soft_limit, (guint) soft_days))
    {
      if (verdict.escalated)
        /* TRANSLATORS: the first %s is the soft bounces found, such as "1 soft
         * bounce on 2 November 2026", then "1 send" */
        printf (_("Soft-bounce rule: %s, so the address counts as a hard bounce (rule: %s).\n"),
                verdict.text, sends_text);
      else
        /* TRANSLATORS: the first %s is the soft bounces found, such as "2 soft
         * bounces on 2 November 2026", then "3 sends" */
        printf (_("Soft-bounce rule: not hard yet, %s (rule: %s).\n"),
                verdict.text, sends_text);
    }
  else if (verdict.escalated)
    /* TRANSLATORS: the first %s is the soft bounces found, such as "3 soft
     * bounces between 2 and 16 November 2026", then "3 sends" and "7 days". */
    printf (_("Soft-bounce rule: %s, so the address counts as a hard bounce (rule: %s over at least %s).\n"),
            verdict.text, sends_text, days_text);
  else if (verdict.n_sends > 0)
    /* TRANSLATORS: the first %s is the soft bounces found, such as "2 soft
     * bounces between 2 and 16 November 2026", then "3 sends" and "7 days" */
    printf (_("Soft-bounce rule: not hard yet, %s (rule: %s over at least %s).\n"),
            verdict.text, sends_text, days_text);

  if (kept)
    {
      g_autofree char *date = bounce_history_dup_date (kept_since);

      /* TRANSLATORS: the first %s is a date such as "5 Dec 2026", the
       * second an email address */
      printf (_("Kept by your choice since %s: clean keeps the row whatever bounced; "
                "“bounce-cli kept remove %s” stops keeping it.\n"),
              date, address);
    }

  if (suppression != NULL)
    {
      g_autofree char *description = bounce_suppression_dup_description (suppression);

      printf (_("Suppression list: %s.\n"), description);
    }
  else if (kept)
    printf ("%s\n", _("Suppression list: not listed while the address is kept."));
  else if ((removed = find_removed_suppression (history, address)) != NULL)
    {
      g_autofree char *date = bounce_history_dup_date (removed->changed);

      /* TRANSLATORS: %s is a date such as "5 Dec 2026" */
      printf (_("Suppression list: not listed, taken off by hand on %s. A hard bounce among the bounces "
                "given to clean still removes the row.\n"),
              date);
    }
  else
    printf ("%s\n", _("Suppression list: not listed."));

  bounce_history_verdict_clear (&verdict);

  if (!bounce_cli_flush_stdout ("history"))
    return BOUNCE_CLI_EXIT_INPUT_ERROR;

  return BOUNCE_CLI_EXIT_OK;
}

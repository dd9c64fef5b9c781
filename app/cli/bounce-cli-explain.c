/* bounce-cli-explain.c: `bounce-cli explain`, what a status code or a
 * server's reply means.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-cli-explain"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bounce-cli.h"
#include "bounce-cli-history.h"
#include "bounce-core.h"

/* The machine name of a verdict; "depends" for a code whose meaning the
 * server's text decides. */
static const char *
verdict_name (const BounceExplanation *explanation)
{
  if (bounce_explanation_depends (explanation))
    return "depends";

  return bounce_category_to_string (explanation->verdict);
}

/* The machine name of what decided the verdict, for --json. */
static const char *
basis_name (BounceVerdictBasis basis)
{
  switch (basis)
    {
    case BOUNCE_VERDICT_BASIS_STATUS:
      return "status";
    case BOUNCE_VERDICT_BASIS_REPLY:
      return "reply_code";
    case BOUNCE_VERDICT_BASIS_PROVIDER:
      return "provider";
    case BOUNCE_VERDICT_BASIS_PHRASE:
      return "phrase";
    case BOUNCE_VERDICT_BASIS_DELAY:
      return "delay";
    case BOUNCE_VERDICT_BASIS_NONE:
    default:
      return "none";
    }
}

static char
query_class (const BounceExplanation *explanation)
{
  if (explanation->status != NULL)
    return explanation->status[0];
  if (explanation->reply_code != NULL)
    return explanation->reply_code[0];

  return explanation->primary->status_class;
}

/* The place of "Action:" in print_entry()'s fields. */
#define ACTION_FIELD 2

static void
print_entry (const BounceStatusCode *code,
             gboolean                with_action)
{
  const char *labels[] = { _("Meaning:"), _("Causes:"), _("Action:"),
                           _("Category:"), _("Source:") };
  const char *values[] = { code->meaning, code->causes, code->action,
                           bounce_status_code_get_category_label (code),
                           code->source };
  guint width = 0;

  /* A provider's titles name the provider already. */
  g_print ("%s — %s\n", code->code, code->title);

  /* Translated labels differ in length: align the values after the
   * longest one. */
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    width = MAX (width, (guint) g_utf8_strlen (labels[i], -1));

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (with_action || i != ACTION_FIELD)
      bounce_cli_print_field (stdout, 2, width, labels[i], "%s\n", values[i]);
}

static void
print_text (const BounceExplanation *explanation)
{
  /* Two codes, or codes and words, get one verdict that names the part
   * that decided, and one action in place of the entries' own, which
   * can contradict each other. A verdict that depends on a text the
   * query lacks leaves the entries' actions. */
  gboolean combined = explanation->has_text ||
                      (explanation->reply_code != NULL && explanation->status != NULL);
  gboolean one_action = bounce_explanation_has_verdict (explanation);

  /* A phrase without a code has no class to fall back on. */
  if (!explanation->known && explanation->primary != NULL)
    {
      char klass = query_class (explanation);

      /* TRANSLATORS: %s is the code as the user typed it. */
      g_print (_("%s is not in the status-code table.\n"), explanation->query);
      g_print ("%s\n\n", bounce_status_code_class_get_meaning (klass));
      g_print ("%s\n", _("Closest entry:"));
    }

  for (guint i = 0; i < explanation->entries->len; i++)
    {
      if (i > 0)
        g_print ("\n");
      print_entry (g_ptr_array_index (explanation->entries, i), !one_action);
    }

  if (combined)
    {
      g_autofree char *basis = bounce_explanation_dup_basis (explanation);
      g_autofree char *description = bounce_explanation_dup_description (explanation);
      g_autoptr(GPtrArray) differences = bounce_explanation_dup_differences (explanation);

      /* A blank line separates the verdict from the entries above it. */
      if (explanation->entries->len > 0)
        g_print ("\n");
      g_print ("%s %s", explanation->has_text ? _("Verdict for the whole line:") : _("Verdict:"),
               bounce_explanation_depends (explanation)
               ? _("Depends on the server’s text")
               : bounce_category_get_title (explanation->verdict));
      if (description != NULL)
        g_print (" — %s", description);
      g_print ("\n%s\n", basis);
      for (guint i = 0; i < differences->len; i++)
        g_print ("%s\n", (const char *) differences->pdata[i]);
      if (one_action)
        g_print ("%s %s\n", _("What to do:"), bounce_explanation_get_action (explanation));
    }
}

/* @title and @meaning replace the entry's own, for unknown codes. */
static void
add_entry_members (JsonBuilder            *builder,
                   const BounceStatusCode *code,
                   const char             *title,
                   const char             *meaning)
{
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title != NULL ? title : code->title);
  json_builder_set_member_name (builder, "meaning");
  json_builder_add_string_value (builder, meaning != NULL ? meaning : code->meaning);
  json_builder_set_member_name (builder, "causes");
  json_builder_add_string_value (builder, code->causes);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, code->action);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, code->source);
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, code->subject);
  json_builder_set_member_name (builder, "provider");
  if (code->provider != NULL)
    json_builder_add_string_value (builder, code->provider);
  else
    json_builder_add_null_value (builder);
}

static void
print_json (const BounceExplanation *explanation)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *basis = bounce_explanation_dup_basis (explanation);
  g_autofree char *description = bounce_explanation_dup_description (explanation);
  g_autoptr(GPtrArray) differences = bounce_explanation_dup_differences (explanation);
  const BounceStatusCode *primary = explanation->primary;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, explanation->query);
  json_builder_set_member_name (builder, "known");
  json_builder_add_boolean_value (builder, explanation->known);

  /* An unknown code is explained by its class. A phrase whose verdict
   * no catalogue entry implies has only the verdict's texts. */
  if (primary == NULL)
    {
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, bounce_category_get_title (explanation->verdict));
      json_builder_set_member_name (builder, "meaning");
      json_builder_add_string_value (builder, bounce_reason_get_description (explanation->reason));
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, bounce_category_get_action (explanation->verdict));
      json_builder_set_member_name (builder, "source");
      json_builder_add_null_value (builder);
    }
  else if (explanation->known)
    add_entry_members (builder, primary, NULL, NULL);
  else
    add_entry_members (builder, primary,
                       bounce_status_code_class_get_title (query_class (explanation)),
                       bounce_status_code_class_get_meaning (query_class (explanation)));

  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, verdict_name (explanation));
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, explanation->reason);
  json_builder_set_member_name (builder, "basis");
  json_builder_add_string_value (builder, basis_name (explanation->basis));
  json_builder_set_member_name (builder, "basis_text");
  json_builder_add_string_value (builder, basis);
  json_builder_set_member_name (builder, "verdict_text");
  if (description != NULL)
    json_builder_add_string_value (builder, description);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "verdict_action");
  if (bounce_explanation_depends (explanation))
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, bounce_explanation_get_action (explanation));
  json_builder_set_member_name (builder, "differences");
  json_builder_begin_array (builder);
  for (guint i = 0; i < differences->len; i++)
    json_builder_add_string_value (builder, differences->pdata[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "reply_code");
  if (explanation->reply_code != NULL)
    json_builder_add_string_value (builder, explanation->reply_code);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "status");
  if (explanation->status != NULL)
    json_builder_add_string_value (builder, explanation->status);
  else
    json_builder_add_null_value (builder);

  /* Every entry, so that "550 5.1.1" explains both parts. */
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < explanation->entries->len; i++)
    {
      const BounceStatusCode *code = g_ptr_array_index (explanation->entries, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, code->code);
      add_entry_members (builder, code, NULL, NULL);
      json_builder_set_member_name (builder, "category");
      json_builder_add_string_value (builder,
                                     code->category == BOUNCE_CATEGORY_UNKNOWN
                                     ? "depends" : bounce_category_to_string (code->category));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

int
bounce_cli_explain (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;
  g_auto(BounceExplanation) explanation = { NULL };
  g_autofree char *argument = NULL;
  BounceCliHistoryOptions history_options = { NULL };
  gboolean json = FALSE;

  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object instead of text"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &arguments, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("CODE|LINE — explain an SMTP status code or a server’s reply"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Prints what a reply code (550), an enhanced status code (5.1.1), "
                                  "both (\"550 5.1.1\"), a provider’s code (TSS04) or a whole "
                                  "diagnostic line means, its usual causes, what to do, the category "
                                  "it implies and its source. For a whole line, the verdict is the "
                                  "one a scan would give."));
  g_option_context_set_description (context,
                                    _("Exit status is 0 when something was explained, 1 when the "
                                      "argument contains no status code or known phrase, and 2 when the "
                                      "command line is invalid.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Accepted as by every command, so scripts can pass them to all. An
   * explanation reads no history. */
  bounce_cli_history_options_add (&history_options, context);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      bounce_cli_history_options_clear (&history_options);
      return bounce_cli_usage_error ("explain", "%s", error->message);
    }
  bounce_cli_history_options_clear (&history_options);

  if (arguments == NULL || arguments[0] == NULL)
    return bounce_cli_usage_error ("explain", _("No CODE given: name a status code such as 550 or 5.1.1, "
                                                "or quote a whole line of the bounce"));

  /* Unquoted words ("explain 550 5.1.1") form one line. */
  argument = g_strjoinv (" ", arguments);
  if (!g_utf8_validate (argument, -1, NULL))
    return bounce_cli_usage_error ("explain", _("The argument is not valid UTF-8"));

  if (!bounce_explanation_init (&explanation, argument))
    {
      g_autofree char *invalid_reason = bounce_status_code_dup_invalid_reason (explanation.query);

      if (invalid_reason != NULL)
        {
          g_autofree char *message = NULL;

          /* TRANSLATORS: %s is a sentence such as "999 is not an SMTP reply code: …" */
          message = g_strdup_printf (_("%s Give a code such as 550, 5.1.1 or TSS04, or a line that contains one."),
                                     invalid_reason);
          bounce_cli_print_error ("explain", message);
          return BOUNCE_CLI_EXIT_INPUT_ERROR;
        }

      g_printerr (_("bounce-cli explain: No status code or known phrase found in “%s”; "
                    "give a code such as 550, 5.1.1 or TSS04, or a line that contains one\n"),
                  explanation.query);
      return BOUNCE_CLI_EXIT_INPUT_ERROR;
    }

  if (json)
    print_json (&explanation);
  else
    print_text (&explanation);

  if (!bounce_cli_flush_stdout ("explain"))
    return BOUNCE_CLI_EXIT_INPUT_ERROR;

  return BOUNCE_CLI_EXIT_OK;
}

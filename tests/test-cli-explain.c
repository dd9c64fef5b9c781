/* test-cli-explain.c: `bounce-cli explain` as a person or a script runs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "cli-util.h"

/* Runs `bounce-cli explain` with @args and the C locale, so messages are
 * English. */
static void
run_explain (CliRun             *run,
             const char * const *args)
{
  g_auto(GStrv) argv = cli_build_argv ("explain", args, NULL);
  g_auto(GStrv) envp = cli_build_environ ();

  cli_spawn (run, argv, envp, NULL);
}

/* Runs `explain --json ARG` and returns the object it printed. */
static JsonObject *
run_json (const char *argument)
{
  g_auto(CliRun) run = { NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--json", argument, NULL };
  JsonNode *root;

  run_explain (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_object_ref (json_node_get_object (root));
}

static void
assert_json_keys (JsonObject *object)
{
  static const char * const keys[] = {
    "code", "known", "title", "meaning", "action", "category", "source",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (object, keys[i]));
}

static void
test_text_line (void)
{
  g_auto(CliRun) run = { NULL };
  const char *args[] = { "550-5.1.1 The email account that you tried to reach does not exist", NULL };

  run_explain (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  /* Both codes, Gmail's entry, the sources and the verdict. */
  g_assert_nonnull (strstr (run.out, "5.1.1 — Bad destination mailbox address"));
  g_assert_nonnull (strstr (run.out, "550 — Mailbox unavailable"));
  g_assert_nonnull (strstr (run.out, "Account does not exist (Gmail)"));
  g_assert_nonnull (strstr (run.out, "  Source:   RFC 3463"));
  g_assert_nonnull (strstr (run.out, "  Source:   RFC 5321"));
  g_assert_nonnull (strstr (run.out, "Verdict for the whole line: Hard bounce"));
}

static void
test_json_combined (void)
{
  g_autoptr(JsonObject) object = run_json ("550 5.1.1");
  JsonArray *entries;

  assert_json_keys (object);
  g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, "550 5.1.1");
  g_assert_true (json_object_get_boolean_member (object, "known"));
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Bad destination mailbox address");
  g_assert_cmpstr (json_object_get_string_member (object, "category"), ==, "hard");
  g_assert_cmpstr (json_object_get_string_member (object, "source"), ==, "RFC 3463 section 3.2");

  /* Both parts are explained. */
  entries = json_object_get_array_member (object, "entries");
  g_assert_cmpuint (json_array_get_length (entries), >=, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 0), "code"),
                   ==, "5.1.1");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 1), "code"),
                   ==, "550");
}

/* The four codes that guides for marketers cite most. */
static void
test_json_marketer_codes (void)
{
  static const struct
  {
    const char *code;
    const char *category;
    const char *words;
  } cases[] = {
    { "550", "depends", "does not exist" },
    { "421", "soft", "for now" },
    { "554", "blocked", "spam" },
    { "450", "soft", "full" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = run_json (cases[i].code);

      g_test_message ("%s", cases[i].code);
      assert_json_keys (object);
      g_assert_true (json_object_get_boolean_member (object, "known"));
      g_assert_cmpstr (json_object_get_string_member (object, "category"), ==, cases[i].category);
      g_assert_nonnull (strstr (json_object_get_string_member (object, "meaning"), cases[i].words));
      g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "source"), "RFC 5321"));
    }
}

static void
test_json_provider (void)
{
  g_autoptr(JsonObject) range = run_json ("5.7.613");
  g_autoptr(JsonObject) tag = run_json ("TSS04");

  g_assert_true (json_object_get_boolean_member (range, "known"));
  g_assert_cmpstr (json_object_get_string_member (range, "category"), ==, "blocked");
  g_assert_nonnull (strstr (json_object_get_string_member (range, "source"), "Microsoft"));

  g_assert_true (json_object_get_boolean_member (tag, "known"));
  g_assert_cmpstr (json_object_get_string_member (tag, "category"), ==, "blocked");
  g_assert_nonnull (strstr (json_object_get_string_member (tag, "source"), "Yahoo"));
}

static void
test_unknown_code (void)
{
  g_autoptr(JsonObject) object = run_json ("599");
  g_auto(CliRun) run = { NULL };
  const char *args[] = { "4.9.9", NULL };

  assert_json_keys (object);
  g_assert_false (json_object_get_boolean_member (object, "known"));
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Permanent failure");
  g_assert_nonnull (strstr (json_object_get_string_member (object, "meaning"), "starting with 5"));

  run_explain (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "4.9.9 is not in the status-code table."));
  g_assert_nonnull (strstr (run.out, "temporary failures"));
}

static void
test_bad_usage (void)
{
  g_auto(CliRun) none = { NULL };
  g_auto(CliRun) no_code = { NULL };
  const char *no_args[] = { NULL };
  const char *words[] = { "hello there", NULL };

  run_explain (&none, no_args);
  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "no CODE given"));
  g_assert_cmpstr (none.out, ==, "");

  run_explain (&no_code, words);
  g_assert_cmpint (no_code.status, ==, 1);
  g_assert_nonnull (strstr (no_code.err, "no status code or known phrase found in “hello there”"));
  g_assert_cmpstr (no_code.out, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/explain/text-line", test_text_line);
  g_test_add_func ("/cli/explain/json-combined", test_json_combined);
  g_test_add_func ("/cli/explain/json-marketer-codes", test_json_marketer_codes);
  g_test_add_func ("/cli/explain/json-provider", test_json_provider);
  g_test_add_func ("/cli/explain/unknown-code", test_unknown_code);
  g_test_add_func ("/cli/explain/bad-usage", test_bad_usage);

  return g_test_run ();
}

/* test-cli-explain.c: `bounce-cli explain` as a person or a script runs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "bounce-core.h"
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

/* The four codes that guides for marketers cite most often. */
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

/* Microsoft's block-list tag alone gets the entry that a scan of a
 * bounce quoting the tag names. */
static void
test_json_microsoft_tag (void)
{
  g_autoptr(JsonObject) tag = run_json ("S3150");
  g_autoptr(JsonObject) line = run_json ("550 5.7.1 Unfortunately, messages from [192.0.2.7] weren't sent. "
                                         "Please contact your Internet service provider since part of "
                                         "their network is on our block list (S3150).");

  g_assert_true (json_object_get_boolean_member (tag, "known"));
  g_assert_cmpstr (json_object_get_string_member (tag, "code"), ==, "S3150");
  g_assert_cmpstr (json_object_get_string_member (tag, "category"), ==, "blocked");
  g_assert_nonnull (strstr (json_object_get_string_member (tag, "source"), "Microsoft"));

  g_assert_cmpstr (json_object_get_string_member (line, "title"), ==,
                   json_object_get_string_member (tag, "title"));
  g_assert_cmpstr (json_object_get_string_member (line, "category"), ==, "blocked");
  g_assert_cmpstr (json_object_get_string_member (line, "reason"), ==, "spam-blocked");
}

/* Greylisting is a deliberate delay that the next attempt usually passes,
 * and the words that name it decide rather than the reply code. */
static void
test_greylisting (void)
{
  g_autoptr(JsonObject) object = run_json ("450 4.7.1 <lena@example.org>: Recipient address rejected: "
                                           "Greylisted, try again later");

  g_assert_cmpstr (json_object_get_string_member (object, "category"), ==, "soft");
  g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==, "greylisted");
  g_assert_nonnull (strstr (json_object_get_string_member (object, "verdict_text"), "on purpose"));
  g_assert_null (strstr (json_object_get_string_member (object, "verdict_text"), "problem of its own"));
  g_assert_nonnull (strstr (json_object_get_string_member (object, "verdict_action"), "tries again"));
  g_assert_cmpstr (json_object_get_string_member (object, "basis"), ==, "phrase");
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
  g_assert_true (g_str_has_prefix (none.err, "bounce-cli explain: No CODE given: name a status code such as 550"));
  g_assert_cmpstr (none.out, ==, "");

  run_explain (&no_code, words);
  g_assert_cmpint (no_code.status, ==, 1);
  g_assert_nonnull (strstr (no_code.err, "No status code or known phrase found in “hello there”"));
  g_assert_cmpstr (no_code.out, ==, "");
}

/* A number of a reply code's form outside 2xx to 5xx, and a code of an
 * enhanced status code's form outside classes 2, 4 and 5, are named as
 * such. */
static void
test_invalid_code (void)
{
  g_auto(CliRun) reply = { NULL };
  g_auto(CliRun) enhanced = { NULL };
  const char *reply_args[] = { "999", NULL };
  const char *enhanced_args[] = { "9.1.1", NULL };

  run_explain (&reply, reply_args);
  g_assert_cmpint (reply.status, ==, 1);
  g_assert_cmpstr (reply.err, ==,
                   "bounce-cli explain: 999 is not an SMTP reply code: reply codes start with 2, 3, 4 or 5 "
                   "(RFC 5321 section 4.2). Give a code such as 550, 5.1.1 or TSS04, or a line that contains one.\n");
  g_assert_cmpstr (reply.out, ==, "");

  run_explain (&enhanced, enhanced_args);
  g_assert_cmpint (enhanced.status, ==, 1);
  g_assert_nonnull (strstr (enhanced.err, "9.1.1 is not an enhanced status code"));
  g_assert_cmpstr (enhanced.out, ==, "");
}

/* A code after other words, as pasted from a mail program. */
static void
test_code_inside_line (void)
{
  g_autoptr(JsonObject) after_colon = run_json ("Delivery failed: 550 mailbox unavailable");
  g_autoptr(JsonObject) after_host = run_json ("host mx.example.org said: 550 5.1.1 <jane@example.com>: "
                                               "user unknown");

  g_assert_cmpstr (json_object_get_string_member (after_colon, "reply_code"), ==, "550");
  g_assert_true (json_object_get_null_member (after_colon, "status"));
  g_assert_true (json_object_get_boolean_member (after_colon, "known"));

  g_assert_cmpstr (json_object_get_string_member (after_host, "reply_code"), ==, "550");
  g_assert_cmpstr (json_object_get_string_member (after_host, "status"), ==, "5.1.1");
  g_assert_cmpstr (json_object_get_string_member (after_host, "category"), ==, "hard");
  g_assert_cmpstr (json_object_get_string_member (after_host, "basis"), ==, "status");
}

/* Counts the lines of @text that start with @prefix. */
static guint
count_lines_with_prefix (const char *text,
                         const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint count = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      count++;

  return count;
}

/* Two codes get one verdict that names the part that decides. */
static void
test_combined_verdict (void)
{
  g_auto(CliRun) agree = { NULL };
  g_auto(CliRun) disagree = { NULL };
  const char *depends_args[] = { "550 5.1.1", NULL };
  const char *disagree_args[] = { "421 4.7.0", NULL };
  g_autoptr(JsonObject) object = run_json ("550 5.1.1");

  run_explain (&agree, depends_args);
  g_assert_cmpint (agree.status, ==, 0);
  g_assert_cmpuint (count_lines_with_prefix (agree.out, "Verdict"), ==, 1);
  g_assert_nonnull (strstr (agree.out, "Verdict: Hard bounce"));
  g_assert_nonnull (strstr (agree.out, "The enhanced status code 5.1.1 decides, because RFC 3463"));
  g_assert_cmpuint (count_lines_with_prefix (agree.out, "What to do:"), ==, 1);
  g_assert_null (strstr (agree.out, "  Action:"));

  /* 421 alone is a soft bounce, and 4.7.0 names a policy block. */
  run_explain (&disagree, disagree_args);
  g_assert_cmpint (disagree.status, ==, 0);
  g_assert_nonnull (strstr (disagree.out, "Verdict: Blocked"));
  g_assert_nonnull (strstr (disagree.out, "4.7.0 decides"));
  g_assert_nonnull (strstr (disagree.out, "reply code 421, which alone would mean “Soft bounce”"));

  g_assert_cmpstr (json_object_get_string_member (object, "basis"), ==, "status");
  g_assert_nonnull (strstr (json_object_get_string_member (object, "basis_text"), "RFC 3463"));
}

/* Two codes given enhanced code first explain both, as in the usual
 * order, and get the same verdict. */
static void
test_codes_either_order (void)
{
  g_auto(CliRun) usual = { NULL };
  g_auto(CliRun) reversed = { NULL };
  const char *usual_args[] = { "550", "5.1.1", NULL };
  const char *reversed_args[] = { "5.1.1", "550", NULL };

  run_explain (&usual, usual_args);
  run_explain (&reversed, reversed_args);
  g_assert_cmpint (reversed.status, ==, 0);
  g_assert_nonnull (strstr (reversed.out, "5.1.1 — "));
  g_assert_nonnull (strstr (reversed.out, "550 — "));
  g_assert_nonnull (strstr (reversed.out, "Verdict: Hard bounce"));
  g_assert_null (strstr (reversed.out, "Verdict for the whole line"));
  g_assert_cmpstr (reversed.out, ==, usual.out);
}

/* A phrase without a code gets the verdict of the classifier's phrases. */
static void
test_phrase_only (void)
{
  static const char * const phrases[] = { "user unknown", "Mailbox full" };

  for (guint i = 0; i < G_N_ELEMENTS (phrases); i++)
    {
      g_autoptr(JsonObject) object = run_json (phrases[i]);
      const char *reason = NULL;
      BounceCategory verdict = bounce_classify (NULL, NULL, "failed", phrases[i], &reason);

      g_test_message ("%s", phrases[i]);
      g_assert_cmpstr (json_object_get_string_member (object, "category"), ==,
                       bounce_category_to_string (verdict));
      g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==, reason);
      g_assert_true (json_object_get_null_member (object, "reply_code"));
      g_assert_true (json_object_get_null_member (object, "status"));
    }

  {
    g_autoptr(JsonObject) object = run_json ("user unknown");

    g_assert_cmpstr (json_object_get_string_member (object, "basis"), ==, "phrase");
    g_assert_nonnull (strstr (json_object_get_string_member (object, "basis_text"), "“user unknown”"));
  }
}

/* The sentences of delay warnings that make a scan read a notice as
 * delayed get the verdict "delayed" also in `explain`, with a code or
 * without, unless the line states a final failure. */
static void
test_delay_sentences (void)
{
  static const struct {
    const char *line;
    const char *sentence;
  } cases[] = {
    { "Message not delivered yet. Gmail will retry for 46 more hours", "will retry" },
    { "Delivery incomplete", "delivery incomplete" },
    { "There was a temporary problem delivering your message to dee@example.org. Gmail will retry for 46 more hours.", "will retry" },
    { "Delivery to the following recipient has been delayed", "has been delayed" },
    { "THIS IS A WARNING ONLY. YOU DO NOT NEED TO RESEND YOUR MESSAGE", "is a warning only" },
    { "Delivery is delayed to these recipients or groups", "delivery is delayed" },
    { "550 5.1.1 user unknown. Gmail will retry for 46 more hours", "will retry" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = run_json (cases[i].line);
      g_autofree char *quoted = g_strdup_printf ("“%s”", cases[i].sentence);

      g_test_message ("%s", cases[i].line);
      g_assert_cmpstr (json_object_get_string_member (object, "category"), ==, "delayed");
      g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==, "delayed");
      g_assert_cmpstr (json_object_get_string_member (object, "basis"), ==, "delay");
      g_assert_nonnull (strstr (json_object_get_string_member (object, "basis_text"), quoted));
    }

  {
    g_autoptr(JsonObject) object = run_json ("550 5.1.1 user unknown. This is a permanent error; I've given up. Delivery incomplete");

    g_assert_cmpstr (json_object_get_string_member (object, "category"), ==, "hard");
    g_assert_cmpstr (json_object_get_string_member (object, "basis"), !=, "delay");
  }
}

/* A "user unknown" without an X.1.x code is hard only at RCPT TO, and the
 * explanation names the stage only when the line shows it. */
static void
test_unknown_user_stage (void)
{
  g_autoptr(JsonObject) no_stage = run_json ("550 No Such User Here");
  g_autoptr(JsonObject) alias_table = run_json ("550 User unknown in virtual alias table");
  g_autoptr(JsonObject) at_data = run_json ("550 No Such User Here (in reply to end of DATA command)");
  g_autoptr(JsonObject) at_rcpt = run_json ("550 No Such User Here (in reply to RCPT TO command)");
  const char *no_stage_basis = json_object_get_string_member (no_stage, "basis_text");
  const char *data_basis = json_object_get_string_member (at_data, "basis_text");

  g_assert_cmpstr (json_object_get_string_member (no_stage, "category"), ==, "blocked");
  g_assert_cmpstr (json_object_get_string_member (no_stage, "reason"), ==, "filtered");
  g_assert_nonnull (strstr (no_stage_basis, "does not show that the server checked the address"));
  g_assert_null (strstr (no_stage_basis, "DATA"));
  /* Plain words for people who do not know SMTP's commands. */
  g_assert_null (strstr (no_stage_basis, "RCPT"));
  g_assert_null (strstr (json_object_get_string_member (no_stage, "verdict_action"), "RCPT"));
  g_assert_null (strstr (bounce_reason_get_description (BOUNCE_REASON_FILTERED), "after reading"));

  g_assert_cmpstr (json_object_get_string_member (alias_table, "category"), ==, "blocked");
  g_assert_nonnull (strstr (json_object_get_string_member (alias_table, "basis_text"),
                            "does not show that the server checked the address"));

  g_assert_cmpstr (json_object_get_string_member (at_data, "category"), ==, "blocked");
  g_assert_nonnull (strstr (data_basis, "in reply to DATA"));
  g_assert_null (strstr (data_basis, "does not show that the server checked the address"));

  g_assert_cmpstr (json_object_get_string_member (at_rcpt, "category"), ==, "hard");
  g_assert_cmpstr (json_object_get_string_member (at_rcpt, "reason"), ==, "mailbox-unknown");
}

/* A line whose only codes report success is a delivery, not an unknown
 * failure. */
static void
test_positive_reply (void)
{
  g_autoptr(JsonObject) queued = run_json ("250 2.0.0 OK queued as 4F2A1B");
  g_autoptr(JsonObject) failed_after = run_json ("250 2.1.5 Ok, then 550 5.1.1 user unknown");

  g_assert_cmpstr (json_object_get_string_member (queued, "category"), ==, "delivered");
  g_assert_cmpstr (json_object_get_string_member (queued, "reason"), ==, "delivered");
  g_assert_cmpstr (json_object_get_string_member (queued, "basis"), ==, "status");

  g_assert_cmpstr (json_object_get_string_member (failed_after, "category"), ==, "hard");
}

/* The verdict's text follows the verdict: a 4xx code with words of an
 * unknown address is a soft bounce, and the entry 4.7.0 that alone
 * would mean a block explains why it does not decide. */
static void
test_verdict_text_agrees (void)
{
  g_auto(CliRun) run = { NULL };
  const char *args[] = { "421 4.7.0 user unknown", NULL };
  g_autoptr(JsonObject) object = run_json ("421 4.7.0 user unknown");
  JsonArray *differences = json_object_get_array_member (object, "differences");

  run_explain (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Verdict for the whole line: Soft bounce — The server’s words "
                                     "suggest that the address does not exist, but the 4xx code makes "
                                     "the failure temporary"));
  g_assert_null (strstr (run.out, "The address does not exist at the recipient’s domain."));
  g_assert_nonnull (strstr (run.out, "What to do: Keep the contact and try again later."));

  g_assert_cmpstr (json_object_get_string_member (object, "category"), ==, "soft");
  g_assert_cmpuint (json_array_get_length (differences), ==, 1);
  g_assert_nonnull (strstr (json_array_get_string_element (differences, 0),
                            "“4.7.0 — Other or undefined security status” alone would mean “Blocked”"));
}

/* Yahoo's "Message not accepted for policy reasons" is a policy block,
 * whatever 5.7.9 (a login method too weak) means alone: the description,
 * the advice and the part named as deciding all follow the cause. */
static void
test_policy_reasons (void)
{
  g_autoptr(JsonObject) object = run_json ("554 5.7.9 Message not accepted for policy reasons.");
  const char *basis = json_object_get_string_member (object, "basis_text");

  g_assert_cmpstr (json_object_get_string_member (object, "category"), ==, "blocked");
  g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==, "policy");
  g_assert_null (strstr (json_object_get_string_member (object, "verdict_text"), "DKIM"));
  g_assert_null (strstr (json_object_get_string_member (object, "verdict_action"), "DKIM"));
  g_assert_cmpstr (json_object_get_string_member (object, "basis"), ==, "reply_code");
  g_assert_nonnull (strstr (basis, "The reply code 554 decides"));
}

/* A recipient that rejects this sender keeps its contact, because the
 * 5.7.1 code decides and not the null-MX words "does not accept mail". */
static void
test_sender_rejected (void)
{
  g_autoptr(JsonObject) object = run_json ("550 5.7.1 Recipient does not accept mail from this sender");
  const char *basis = json_object_get_string_member (object, "basis_text");

  g_assert_cmpstr (json_object_get_string_member (object, "category"), ==, "blocked");
  g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==, "policy");
  g_assert_nonnull (strstr (basis, "5.7.1 decides"));
  g_assert_null (strstr (json_object_get_string_member (object, "verdict_action"), "Remove"));
}

/* A block reason after RFC 5321's "mailbox unavailable" decides, and
 * GMX's entry for an unknown mailbox stays out of a reply from another
 * server. GMX writes the reason on the last line of a two-line reply. */
static void
test_mailbox_unavailable_block (void)
{
  g_auto(CliRun) two_lines = { NULL };
  g_auto(CliRun) local_policy = { NULL };
  const char *two_lines_args[] = { "550-Requested action not taken: mailbox unavailable\n"
                                   "550 Reject due to policy restrictions.", NULL };
  const char *local_policy_args[] = { "550 Requested action not taken: mailbox unavailable Blocked by "
                                      "local policy (in reply to RCPT TO command)", NULL };

  run_explain (&two_lines, two_lines_args);
  g_assert_cmpint (two_lines.status, ==, 0);
  g_assert_nonnull (strstr (two_lines.out, "Verdict for the whole line: Blocked"));
  g_assert_nonnull (strstr (two_lines.out, "The server’s words “policy” decide"));
  g_assert_nonnull (strstr (two_lines.out, "They outweigh the words “mailbox unavailable”"));
  g_assert_null (strstr (two_lines.out, "GMX"));
  g_assert_null (strstr (two_lines.out, "Remove"));

  run_explain (&local_policy, local_policy_args);
  g_assert_cmpint (local_policy.status, ==, 0);
  g_assert_nonnull (strstr (local_policy.out, "Verdict for the whole line: Blocked"));
  g_assert_null (strstr (local_policy.out, "GMX"));
  g_assert_null (strstr (local_policy.out, "Remove"));
}

/* Gmail's 4.2.1 limits the recipient's mailbox, not this sender. */
static void
test_gmail_receiving_rate (void)
{
  g_autoptr(JsonObject) object = run_json ("450-4.2.1 The user you are trying to contact is receiving mail "
                                           "too quickly. Please resend your message at a later time.");
  const char *verdict_text = json_object_get_string_member (object, "verdict_text");

  g_assert_cmpstr (json_object_get_string_member (object, "category"), ==, "soft");
  g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==, "rate-limited");
  g_assert_nonnull (strstr (verdict_text, "recipient’s mailbox"));
  g_assert_null (strstr (verdict_text, "this sender"));
}

/* A provider's own code cites the provider's documentation, not RFC
 * 3463; an unlisted code names the class entry that gives its meaning. */
static void
test_provider_code_source (void)
{
  g_autoptr(JsonObject) microsoft = run_json ("550 5.7.350 Remote server returned message detected as spam");
  g_autoptr(JsonObject) codes_only = run_json ("550 5.7.350");
  const char *microsoft_basis = json_object_get_string_member (microsoft, "basis_text");
  const char *codes_basis = json_object_get_string_member (codes_only, "basis_text");

  g_assert_cmpstr (json_object_get_string_member (microsoft, "basis"), ==, "status");
  g_assert_nonnull (strstr (microsoft_basis, "5.7.350 decides"));
  g_assert_nonnull (strstr (microsoft_basis, "Microsoft Learn"));
  g_assert_null (strstr (microsoft_basis, "RFC 3463"));

  g_assert_nonnull (strstr (codes_basis, "no entry for 5.7.350"));
  g_assert_nonnull (strstr (codes_basis, "5.7.0 gives its meaning (RFC 3463 section 3.8)"));
}

/* A "user unknown" without a stage is a block whose advice fits it
 * (the address may still work), not the advice to fix the sending, and
 * the GMX entry that calls it a hard bounce explains why it does not decide. */
static void
test_filtered_action (void)
{
  g_auto(CliRun) run = { NULL };
  const char *args[] = { "mx01.gmx.net: 550 mailbox unavailable", NULL };
  g_autoptr(JsonObject) rate = run_json ("451 4.7.1 too many messages, slow down");

  run_explain (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Verdict for the whole line: Blocked"));
  g_assert_nonnull (strstr (run.out, "What to do: Keep the contact, because the address may still work."));
  g_assert_null (strstr (run.out, "fix the sending"));
  g_assert_nonnull (strstr (run.out, "The entry “550 — Mailbox unavailable (GMX and WEB.DE)” alone "
                                     "would mean “Hard bounce”, but the reply does not show that the "
                                     "server checked the address"));

  g_assert_cmpstr (json_object_get_string_member (rate, "reason"), ==, "rate-limited");
  g_assert_nonnull (strstr (json_object_get_string_member (rate, "verdict_action"), "more slowly"));
}

/* A program run from the build folder reads the translations built there
 * when BOUNCE_LOCALEDIR names them, as `meson devenv` sets it. */
static void
test_build_translations (void)
{
  g_autofree char *localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
  g_autofree char *mo = g_build_filename (localedir, "de", "LC_MESSAGES", "bounce.mo", NULL);
  const char *args[] = { "5.1.1", NULL };
  g_auto(GStrv) argv = cli_build_argv ("explain", args, NULL);
  g_auto(GStrv) envp = cli_build_environ ();
  g_auto(CliRun) run = { NULL };

  /* The build compiles po/de.po by default. */
  g_assert_true (g_file_test (mo, G_FILE_TEST_EXISTS));
  envp = g_environ_setenv (envp, "LANGUAGE", "de", TRUE);
  envp = g_environ_setenv (envp, "BOUNCE_LOCALEDIR", localedir, TRUE);
  cli_spawn (&run, argv, envp, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Bedeutung:"));
  g_assert_null (strstr (run.out, "Meaning:"));
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
  g_test_add_func ("/cli/explain/json-microsoft-tag", test_json_microsoft_tag);
  g_test_add_func ("/cli/explain/greylisting", test_greylisting);
  g_test_add_func ("/cli/explain/unknown-code", test_unknown_code);
  g_test_add_func ("/cli/explain/bad-usage", test_bad_usage);
  g_test_add_func ("/cli/explain/invalid-code", test_invalid_code);
  g_test_add_func ("/cli/explain/code-inside-line", test_code_inside_line);
  g_test_add_func ("/cli/explain/combined-verdict", test_combined_verdict);
  g_test_add_func ("/cli/explain/codes-either-order", test_codes_either_order);
  g_test_add_func ("/cli/explain/phrase-only", test_phrase_only);
  g_test_add_func ("/cli/explain/delay-sentences", test_delay_sentences);
  g_test_add_func ("/cli/explain/unknown-user-stage", test_unknown_user_stage);
  g_test_add_func ("/cli/explain/sender-rejected", test_sender_rejected);
  g_test_add_func ("/cli/explain/mailbox-unavailable-block", test_mailbox_unavailable_block);
  g_test_add_func ("/cli/explain/gmail-receiving-rate", test_gmail_receiving_rate);
  g_test_add_func ("/cli/explain/positive-reply", test_positive_reply);
  g_test_add_func ("/cli/explain/verdict-text-agrees", test_verdict_text_agrees);
  g_test_add_func ("/cli/explain/policy-reasons", test_policy_reasons);
  g_test_add_func ("/cli/explain/provider-code-source", test_provider_code_source);
  g_test_add_func ("/cli/explain/filtered-action", test_filtered_action);
  g_test_add_func ("/cli/explain/build-translations", test_build_translations);

  return g_test_run ();
}

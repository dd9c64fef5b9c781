/* test-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bounce-core.h"
#include "bounce-parser-forward-private.h"
#include "bounce-parser-limits-private.h"
#include "bounce-parser-private.h"
#include "bounce-phrases-private.h"

static char *tmp_dir;

static GPtrArray *
parse_bytes (const char *data,
             gsize       length,
             const char *name)
{
  return bounce_parse_message (data, length, name, -1, 0);
}

/* Writes @data to a file in the temporary folder and parses what is read
 * back, as the scanner does. */
static GPtrArray *
parse_via_file (const char *data,
                gsize       length,
                const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *contents = NULL;
  gsize read_length = 0;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  g_file_get_contents (path, &contents, &read_length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read_length, ==, length);

  return parse_bytes (contents, read_length, path);
}

static void
assert_record_is_clean (const BounceRecord *record)
{
  const char *strings[] = {
    record->file, record->recipient, record->original_recipient, record->status,
    record->reply_code, record->action, record->diagnostic, record->remote_mta,
    record->error, record->format, record->subject, record->bounce_to,
    record->original_to, record->original_message_id, record->original_headers,
  };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_assert_nonnull (strings[i]);
      g_assert_true (g_utf8_validate (strings[i], -1, NULL));
    }
  g_assert_nonnull (record->reason);
  g_assert_cmpint (record->category, <, BOUNCE_CATEGORY_LAST);
}

static void
assert_all_clean (GPtrArray *records)
{
  g_assert_nonnull (records);
  g_assert_cmpuint (records->len, >, 0);
  for (guint i = 0; i < records->len; i++)
    assert_record_is_clean (g_ptr_array_index (records, i));
}

static const char *
member (JsonObject *object,
        const char *name)
{
  g_assert_true (json_object_has_member (object, name));

  return json_object_get_string_member (object, name);
}

/* Every input/NAME.eml gives the records listed in expected/NAME.jsonl. */
static void
test_fixtures (void)
{
  g_autofree char *input_dir = g_test_build_filename (G_TEST_DIST, "data", "messages", "input", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint count = 0;

  dir = g_dir_open (input_dir, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *input = g_build_filename (input_dir, name, NULL);
      g_autofree char *base = NULL;   /* NAME.jsonl */
      g_autofree char *expected_path = NULL;
      g_autofree char *data = NULL;
      g_autofree char *expected = NULL;
      g_auto(GStrv) lines = NULL;
      g_autoptr(GPtrArray) records = NULL;
      gsize length;
      guint n_lines = 0;

      if (!g_str_has_suffix (name, ".eml"))
        continue;

      base = g_strdup_printf ("%.*s.jsonl", (int) strlen (name) - 4, name);
      expected_path = g_test_build_filename (G_TEST_DIST, "data", "messages", "expected", base, NULL);

      g_file_get_contents (input, &data, &length, &error);
      g_assert_no_error (error);
      g_file_get_contents (expected_path, &expected, NULL, &error);
      g_assert_no_error (error);

      records = parse_bytes (data, length, input);
      assert_all_clean (records);

      lines = g_strsplit (g_strstrip (expected), "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_autoptr(JsonNode) node = NULL;
          JsonObject *object;
          BounceRecord *record;

          if (lines[i][0] == '\0')
            continue;

          g_test_message ("%s, record %u", name, n_lines);
          g_assert_cmpuint (n_lines, <, records->len);
          record = g_ptr_array_index (records, n_lines);
          node = json_from_string (lines[i], &error);
          g_assert_no_error (error);
          object = json_node_get_object (node);

          g_assert_cmpstr (record->recipient, ==, member (object, "recipient"));
          g_assert_cmpstr (bounce_category_to_string (record->category), ==, member (object, "category"));
          g_assert_cmpstr (record->reason, ==, member (object, "reason"));
          g_assert_cmpstr (record->status, ==, member (object, "status"));
          g_assert_cmpstr (record->reply_code, ==, member (object, "reply_code"));
          n_lines++;
        }

      g_assert_cmpuint (records->len, ==, n_lines);
      count++;
    }

  g_assert_cmpuint (count, >=, 10);
}

static GPtrArray *
parse_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "messages", "input", name, NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);

  return parse_bytes (data, length, path);
}

/* A final failure notice that quotes a transient reply is a failure, not
 * a delay, and a scan gives it the verdict, description and advice that
 * `explain` gives the reply: both read the reply with the classifier. */
static void
test_text_failure_agrees_with_explain (void)
{
  static const char * const names[] = {
    "yahoo-text-tss04-failure.eml", "gmail-text-does-not-exist.eml", "exim-text-mailbox-full.eml",
    "yahoo-text-policy-reasons.eml", "postfix-text-relay-denied.eml",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GPtrArray) records = parse_fixture (names[i]);
      g_auto(BounceExplanation) explanation = { NULL };
      g_autofree char *record_text = NULL;
      g_autofree char *description = NULL;
      BounceRecord *record;

      g_test_message ("%s", names[i]);
      g_assert_cmpuint (records->len, ==, 1);
      record = g_ptr_array_index (records, 0);
      g_assert_cmpint (record->category, !=, BOUNCE_CATEGORY_DELAYED);
      g_assert_true (bounce_explanation_init (&explanation, record->diagnostic));
      g_assert_cmpstr (bounce_category_to_string (record->category), ==,
                       bounce_category_to_string (explanation.verdict));
      g_assert_cmpstr (record->reason, ==, explanation.reason);

      record_text = bounce_record_dup_explanation (record);
      description = bounce_explanation_dup_description (&explanation);
      g_assert_true (g_str_has_prefix (record_text, description));
      g_assert_true (g_str_has_suffix (record_text, bounce_explanation_get_action (&explanation)));
    }
}

/* A delay warning is delayed in a scan, and `explain` of the line with
 * the sentence that made it a delay gives the same verdict, because both
 * read the sentences from one list. */
static void
test_text_delay_agrees_with_explain (void)
{
  static const char * const names[] = {
    "gmail-text-delay-incomplete-full.eml", "gmail-text-delay-not-delivered-yet.eml",
    "sendmail-text-warning-only.eml", "text-delay-not-permanent.eml",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GPtrArray) records = parse_fixture (names[i]);
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "messages", "input", names[i], NULL);
      g_autofree char *data = NULL;
      g_autofree char *lower = NULL;
      g_auto(GStrv) lines = NULL;
      g_autoptr(GError) error = NULL;
      const char *sentence;
      guint n_explained = 0;

      g_test_message ("%s", names[i]);
      g_assert_cmpuint (records->len, >=, 1);
      for (guint j = 0; j < records->len; j++)
        g_assert_cmpint (((BounceRecord *) g_ptr_array_index (records, j))->category, ==, BOUNCE_CATEGORY_DELAYED);

      g_file_get_contents (path, &data, NULL, &error);
      g_assert_no_error (error);
      lower = g_ascii_strdown (data, -1);
      sentence = _bounce_phrases_find_delay (lower);
      g_assert_nonnull (sentence);

      lines = g_strsplit (data, "\n", -1);
      for (guint j = 0; lines[j] != NULL; j++)
        {
          g_auto(BounceExplanation) explanation = { NULL };
          g_autofree char *lower_line = g_ascii_strdown (lines[j], -1);

          if (strstr (lower_line, sentence) == NULL)
            continue;
          g_test_message ("%s", lines[j]);
          g_assert_true (bounce_explanation_init (&explanation, lines[j]));
          g_assert_cmpint (explanation.verdict, ==, BOUNCE_CATEGORY_DELAYED);
          g_assert_cmpint (explanation.basis, ==, BOUNCE_VERDICT_BASIS_DELAY);
          g_assert_cmpstr (explanation.phrase, ==, sentence);
          n_explained++;
        }
      g_assert_cmpuint (n_explained, >=, 1);
    }
}

static void
test_returned_headers (void)
{
  g_autoptr(GPtrArray) records = parse_fixture ("postfix-dsn-user-unknown.eml");
  BounceRecord *record;
  g_autofree char *from = NULL;
  g_autofree char *date = NULL;

  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);

  g_assert_cmpstr (record->format, ==, "dsn");
  g_assert_cmpstr (record->action, ==, "failed");
  g_assert_cmpstr (record->original_recipient, ==, "ana.lima@example.net");
  g_assert_cmpstr (record->remote_mta, ==, "mx.example.net");
  g_assert_cmpstr (record->original_to, ==, "ana.lima@example.net");
  g_assert_cmpstr (record->original_message_id, ==, "march-news-1@example.org");
  g_assert_cmpstr (record->subject, ==, "Undelivered Mail Returned to Sender");
  g_assert_cmpstr (record->bounce_to, ==, "bounces+news=example.org@example.com");
  g_assert_nonnull (strstr (record->diagnostic, "User unknown in virtual mailbox table"));
  g_assert_null (strchr (record->diagnostic, '\n'));

  from = bounce_record_dup_original_header (record, "From");
  g_assert_cmpstr (from, ==, "Newsletter <news@example.org>");

  /* Arrival-Date of the DSN, RFC 3464 section 2.2.5. */
  g_assert_nonnull (record->date);
  date = g_date_time_format_iso8601 (record->date);
  g_assert_true (g_str_has_prefix (date, "2025-03-03T10:00:00"));
}

/* A delivery report whose third part is the returned message, sent with
 * the transfer encoding @encoding_field ("" for none). */
static char *
dup_report_returning (const char *encoding_field,
                      const char *returned)
{
  return g_strconcat ("From: MAILER-DAEMON@example.com\n"
                      "To: bounces@example.org\n"
                      "Subject: Undelivered Mail Returned to Sender\n"
                      "MIME-Version: 1.0\n"
                      "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\n"
                      "\n"
                      "--b1\n"
                      "Content-Type: text/plain\n"
                      "\n"
                      "Your message could not be delivered.\n"
                      "\n"
                      "--b1\n"
                      "Content-Type: message/delivery-status\n"
                      "\n"
                      "Reporting-MTA: dns; mx.example.com\n"
                      "\n"
                      "Final-Recipient: rfc822; ana.lima@example.net\n"
                      "Action: failed\n"
                      "Status: 5.1.1\n"
                      "Diagnostic-Code: smtp; 550 5.1.1 User unknown\n"
                      "\n"
                      "--b1\n"
                      "Content-Type: message/rfc822\n",
                      encoding_field,
                      "\n",
                      returned,
                      "\n--b1--\n",
                      NULL);
}

/* The returned message is read only up to its empty line, whatever its
 * size. Its header block is read as GMime reads one, so a line that is
 * not a field (here the second line of a Received field that lost its
 * indent) is skipped instead of ending the block. */
static void
test_returned_message_plain (void)
{
  g_autoptr(GString) returned = g_string_new ("From news@example.org Mon Mar  3 10:00:00 2025\n"
                                              "Received: from mail.example.org\n"
                                              "by mx.example.com; Mon, 3 Mar 2025 10:00:00 +0000\n"
                                              "From: Newsletter <news@example.org>\n"
                                              "To: Ana Lima\n"
                                              " <ana.lima@example.net>\n"
                                              "Message-ID: <march-news-1@example.org>\n"
                                              "Content-Type: text/plain\n"
                                              "\n");
  g_autofree char *report = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *received = NULL;
  g_autofree char *content_type = NULL;
  BounceRecord *record;

  for (guint i = 0; i < 20000; i++)
    g_string_append (returned, "March news: our spring catalogue is out.\n");
  report = dup_report_returning ("", returned->str);
  records = parse_bytes (report, strlen (report), "returned-plain.eml");

  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->recipient, ==, "ana.lima@example.net");
  g_assert_cmpstr (record->original_to, ==, "ana.lima@example.net");
  g_assert_cmpstr (record->original_message_id, ==, "march-news-1@example.org");
  received = bounce_record_dup_original_header (record, "Received");
  g_assert_cmpstr (received, ==, "from mail.example.org");
  content_type = bounce_record_dup_original_header (record, "Content-Type");
  g_assert_null (content_type);
  g_assert_null (strstr (record->original_headers, "catalogue"));
}

static void
test_returned_message_base64 (void)
{
  static const char original[] = "From: Newsletter <news@example.org>\r\n"
                                 "To: ana.lima@example.net\r\n"
                                 "Subject: =?UTF-8?Q?M=C3=A4rz?=\r\n"
                                 "Message-ID: <march-news-2@example.org>\r\n"
                                 "\r\n"
                                 "March news.\r\n";
  g_autofree char *encoded = g_base64_encode ((const guchar *) original, strlen (original));
  g_autoptr(GString) wrapped = g_string_new (NULL);
  g_autofree char *report = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *subject = NULL;
  BounceRecord *record;

  /* Base64 lines of 76 characters (RFC 2045 section 6.8). */
  for (gsize i = 0, length = strlen (encoded); i < length; i += 76)
    {
      g_string_append_len (wrapped, encoded + i, MIN (76, length - i));
      g_string_append_c (wrapped, '\n');
    }
  report = dup_report_returning ("Content-Transfer-Encoding: base64\n", wrapped->str);
  records = parse_bytes (report, strlen (report), "returned-base64.eml");

  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->original_to, ==, "ana.lima@example.net");
  g_assert_cmpstr (record->original_message_id, ==, "march-news-2@example.org");
  subject = bounce_record_dup_original_header (record, "Subject");
  g_assert_cmpstr (subject, ==, "März");
}

/* A text notice that names no failed address, sent to @bounce_to, with
 * a returned copy whose header block is @returned_headers. */
static char *
dup_notice_returning (const char *bounce_to,
                      const char *returned_headers)
{
  return g_strconcat ("Return-Path: <>\n"
                      "From: Mail Delivery System <postmaster@relay.example.net>\n"
                      "To: ", bounce_to, "\n"
                      "Subject: Undeliverable message\n"
                      "MIME-Version: 1.0\n"
                      "Content-Type: multipart/mixed; boundary=\"c1\"\n"
                      "\n"
                      "--c1\n"
                      "Content-Type: text/plain\n"
                      "\n"
                      "Your message could not be delivered. The recipient's server said:\n"
                      "550 5.1.1 Recipient address rejected: User unknown\n"
                      "\n"
                      "--c1\n"
                      "Content-Type: message/rfc822\n"
                      "\n",
                      returned_headers,
                      "Subject: November letter\n"
                      "\n"
                      "Hello\n"
                      "--c1--\n",
                      NULL);
}

/* A mailing sent with the customers in Bcc has the sender's own address
 * in To. A bounce that names no failed address is then for one of the
 * hidden recipients, and that To names none of them. */
static void
test_returned_to_own_address (void)
{
  static const struct
  {
    const char *bounce_to;
    const char *returned_headers;
    const char *recipient;
    const char *original_to;
  } cases[] = {
    /* A customer in To is the recipient. */
    { "letters@shop.example.com",
      "From: letters@shop.example.com\nTo: Greta <greta.lind@example.org>\n", "greta.lind@example.org",
      "greta.lind@example.org" },
    /* The To is the address the bounce came back to. */
    { "letters@shop.example.com",
      "From: info@shop.example.com\nTo: Letters <letters@shop.example.com>\n", "", "" },
    /* ... or another spelling of it. */
    { "letters@shop.example.com",
      "From: info@shop.example.com\nTo: LETTERS+Nov@shop.example.com\n", "", "" },
    /* The To is the return address a VERP address is built on, and the
     * VERP address names the recipient. */
    { "bounces+greta=example.org@shop.example.com",
      "From: info@shop.example.com\nTo: bounces@shop.example.com\n", "greta@example.org", "" },
    { "list-bounces-greta=example.org@lists.example.com",
      "From: info@shop.example.com\nTo: list-bounces@lists.example.com\n", "greta@example.org", "" },
    /* The To is the sender's own address in another header. */
    { "returns@shop.example.com",
      "From: Shop <letters@shop.example.com>\nTo: letters@shop.example.com\n", "", "" },
    { "returns@shop.example.com",
      "From: info@shop.example.com\nSender: letters@shop.example.com\nTo: letters@shop.example.com\n", "", "" },
    { "returns@shop.example.com",
      "From: info@shop.example.com\nReply-To: \"Shop, Help\" <help@shop.example.com>, letters@shop.example.com\n"
      "To: letters@shop.example.com\n", "", "" },
    { "returns@shop.example.com",
      "Return-Path: <letters@shop.example.com>\nFrom: info@shop.example.com\nTo: letters@shop.example.com\n", "", "" },
    { "returns@shop.example.com",
      "From: info@shop.example.com\nErrors-To: letters@shop.example.com\nTo: letters@shop.example.com\n", "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *notice = dup_notice_returning (cases[i].bounce_to, cases[i].returned_headers);
      g_autoptr(GPtrArray) records = parse_bytes (notice, strlen (notice), "notice.eml");
      BounceRecord *record;

      g_test_message ("case %u: %s", i, cases[i].returned_headers);
      g_assert_cmpuint (records->len, ==, 1);
      record = g_ptr_array_index (records, 0);
      g_assert_cmpint (record->category, ==, BOUNCE_CATEGORY_HARD);
      g_assert_cmpstr (record->recipient, ==, cases[i].recipient);
      g_assert_cmpstr (record->original_to, ==, cases[i].original_to);
    }
}

/* A feedback report without Original-Rcpt-To on a message whose To is
 * the envelope sender it names. */
static void
test_feedback_to_own_address (void)
{
  g_autoptr(GPtrArray) records = parse_fixture ("arf-bcc-send-own-to.eml");
  BounceRecord *record;

  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpint (record->category, ==, BOUNCE_CATEGORY_COMPLAINT);
  g_assert_cmpstr (record->recipient, ==, "");
  g_assert_cmpstr (record->original_to, ==, "");
}

/* One feedback report per Feedback-Type. Only complaints and opt-out
 * requests are complaints, because the other types report on the
 * message. */
static void
test_feedback_types (void)
{
  static const struct
  {
    const char     *fields;
    BounceCategory  category;
    const char     *reason;
  } cases[] = {
    { "Feedback-Type: abuse\n", BOUNCE_CATEGORY_COMPLAINT, BOUNCE_REASON_SPAM_COMPLAINT },
    { "Feedback-Type: Abuse (the user pressed Report spam)\n", BOUNCE_CATEGORY_COMPLAINT, BOUNCE_REASON_SPAM_COMPLAINT },
    { "Feedback-Type: opt-out\n", BOUNCE_CATEGORY_COMPLAINT, BOUNCE_REASON_UNSUBSCRIBE },
    { "Feedback-Type: opt-out-list\n", BOUNCE_CATEGORY_COMPLAINT, BOUNCE_REASON_UNSUBSCRIBE },
    { "", BOUNCE_CATEGORY_COMPLAINT, BOUNCE_REASON_SPAM_COMPLAINT },
    { "Feedback-Type: not-spam\n", BOUNCE_CATEGORY_DELIVERED, BOUNCE_REASON_DELIVERED },
    { "Feedback-Type: auth-failure\nAuth-Failure: dmarc\nDelivery-Result: reject\n",
      BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
    { "Feedback-Type: auth-failure\nAuth-Failure: dkim\n",
      BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
    { "Feedback-Type: auth-failure\nAuth-Failure: dmarc\nDelivery-Result: delivered\n",
      BOUNCE_CATEGORY_DELIVERED, BOUNCE_REASON_DELIVERED },
    { "Feedback-Type: virus\n", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_VIRUS },
    { "Feedback-Type: fraud\n", BOUNCE_CATEGORY_UNKNOWN, BOUNCE_REASON_FEEDBACK_REPORT },
    { "Feedback-Type: other\n", BOUNCE_CATEGORY_UNKNOWN, BOUNCE_REASON_FEEDBACK_REPORT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = NULL;
      g_autoptr(GPtrArray) records = NULL;
      BounceRecord *record;

      message = g_strdup_printf ("From: Feedback Loop <fbl@isp.example.net>\n"
                                 "To: abuse@shop.example.org\n"
                                 "Subject: Feedback report\n"
                                 "Date: Wed, 04 Nov 2026 09:00:00 +0000\n"
                                 "MIME-Version: 1.0\n"
                                 "Content-Type: multipart/report; report-type=feedback-report; boundary=\"b\"\n"
                                 "\n"
                                 "--b\n"
                                 "Content-Type: text/plain\n"
                                 "\n"
                                 "A report for a message received from 192.0.2.10.\n"
                                 "\n"
                                 "--b\n"
                                 "Content-Type: message/feedback-report\n"
                                 "\n"
                                 "%s"
                                 "User-Agent: ExampleFBL/1.0\n"
                                 "Version: 1\n"
                                 "Original-Mail-From: <news@shop.example.org>\n"
                                 "Original-Rcpt-To: <ines.moreau@example.com>\n"
                                 "Source-IP: 192.0.2.10\n"
                                 "\n"
                                 "--b\n"
                                 "Content-Type: text/rfc822-headers\n"
                                 "\n"
                                 "From: Shop News <news@shop.example.org>\n"
                                 "To: ines.moreau@example.com\n"
                                 "Subject: November offers\n"
                                 "\n"
                                 "--b--\n",
                                 cases[i].fields);
      records = parse_bytes (message, strlen (message), "feedback.eml");

      g_test_message ("fields: %s", cases[i].fields);
      g_assert_cmpuint (records->len, ==, 1);
      record = g_ptr_array_index (records, 0);
      g_assert_cmpstr (record->recipient, ==, "ines.moreau@example.com");
      g_assert_cmpstr (bounce_category_to_string (record->category), ==,
                       bounce_category_to_string (cases[i].category));
      g_assert_cmpstr (record->reason, ==, cases[i].reason);
    }
}

/* A DSN for one recipient whose Final-Recipient and Original-Recipient
 * fields have the values @final and @original. */
static char *
dup_dsn_with_recipients (const char *final,
                         const char *original)
{
  return g_strdup_printf ("From: MAILER-DAEMON@mail.shop.example.org (Mail Delivery System)\n"
                          "To: news@shop.example.org\n"
                          "Subject: Undelivered Mail Returned to Sender\n"
                          "Date: Tue, 03 Nov 2026 10:15:00 +0100\n"
                          "MIME-Version: 1.0\n"
                          "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n"
                          "\n"
                          "--b\n"
                          "Content-Type: text/plain\n"
                          "\n"
                          "Your message could not be delivered.\n"
                          "\n"
                          "--b\n"
                          "Content-Type: message/delivery-status\n"
                          "\n"
                          "Reporting-MTA: dns; mail.shop.example.org\n"
                          "\n"
                          "Final-Recipient: %s\n"
                          "Original-Recipient: %s\n"
                          "Action: failed\n"
                          "Status: 5.1.1\n"
                          "Diagnostic-Code: smtp; 550 5.1.1 User unknown\n"
                          "\n"
                          "--b--\n",
                          final, original);
}

/* Postfix copies the ORCPT parameter, which is xtext, into
 * Original-Recipient: "+2B" is "+" and "+3D" is "=". */
static void
test_original_recipient_xtext (void)
{
  static const struct
  {
    const char *original;
    const char *expected;
  } cases[] = {
    { "rfc822;kim+2Bnews@example.com", "kim+news@example.com" },
    { "rfc822; a+3Db+2Bc@example.com", "a=b+c@example.com" },
    /* Not xtext: a "+" that starts no "+2B" or "+3D" is a plain tag. */
    { "rfc822; kim+news@example.com", "kim+news@example.com" },
    { "rfc822; kim+55@example.com", "kim+55@example.com" },
    { "rfc822; kim+2Bnews+55@example.com", "kim+2bnews+55@example.com" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = dup_dsn_with_recipients ("rfc822; kim.k@mail.example.com", cases[i].original);
      g_autoptr(GPtrArray) records = parse_bytes (message, strlen (message), "xtext.eml");
      BounceRecord *record;

      g_test_message ("Original-Recipient: %s", cases[i].original);
      g_assert_cmpuint (records->len, ==, 1);
      record = g_ptr_array_index (records, 0);
      g_assert_cmpstr (record->recipient, ==, "kim.k@mail.example.com");
      g_assert_cmpstr (record->original_recipient, ==, cases[i].expected);
    }
}

/* RFC 6533 utf-8 addresses write characters as "\x{HEXPOINT}". The
 * "unknown" type gets the same decoding. */
static void
test_utf8_address_type (void)
{
  static const struct
  {
    const char *final;
    const char *expected;
  } cases[] = {
    { "utf-8; j\\x{00FC}rgen@example.org", "j\u00fcrgen@example.org" },
    { "UTF-8; J\\x{FC}rgen@example.org", "j\u00fcrgen@example.org" },
    { "utf-8; jürgen@example.org", "j\u00fcrgen@example.org" },
    { "utf-8; kim\\x{2B}news@example.org", "kim+news@example.org" },
    { "utf-8; \\x{674E}\\x{56DB}@example.org", "\u674e\u56db@example.org" },
    { "unknown; j\\x{00FC}rgen@example.org", "j\u00fcrgen@example.org" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = dup_dsn_with_recipients (cases[i].final, cases[i].final);
      g_autoptr(GPtrArray) records = parse_bytes (message, strlen (message), "utf8.eml");
      BounceRecord *record;

      g_test_message ("Final-Recipient: %s", cases[i].final);
      g_assert_cmpuint (records->len, ==, 1);
      record = g_ptr_array_index (records, 0);
      g_assert_cmpstr (record->recipient, ==, cases[i].expected);
      g_assert_cmpstr (record->original_recipient, ==, cases[i].expected);
    }
}

/* A text notice that lists the recipients the message reached above the
 * one it could not reach. Only the last one bounced. */
static void
test_text_delivered_recipients (void)
{
  static const char message[] =
    "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\n"
    "To: news@shop.example.org\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "Date: Wed, 04 Nov 2026 09:00:00 +0000\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "\n"
    "This is the mail system at host mx.example.net.\n"
    "\n"
    "Your message was delivered to the following recipients:\n"
    "    lena.fischer@example.com\n"
    "    omar.haddad@example.org\n"
    "\n"
    "but could not be delivered to:\n"
    "\n"
    "<paul.berg@example.com>: 550 5.1.1 User unknown\n";
  g_autoptr(GPtrArray) records = parse_bytes (message, strlen (message), "delivered.eml");
  static const struct
  {
    const char     *recipient;
    BounceCategory  category;
  } expected[] = {
    { "paul.berg@example.com", BOUNCE_CATEGORY_HARD },
    { "lena.fischer@example.com", BOUNCE_CATEGORY_DELIVERED },
    { "omar.haddad@example.org", BOUNCE_CATEGORY_DELIVERED },
  };

  g_assert_cmpuint (records->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      BounceRecord *record = g_ptr_array_index (records, i);

      g_assert_cmpstr (record->recipient, ==, expected[i].recipient);
      g_assert_cmpstr (bounce_category_to_string (record->category), ==,
                       bounce_category_to_string (expected[i].category));
    }
}

/* A failure heading that contains "delivered to the following" starts no
 * list of delivered recipients. */
static void
test_text_not_delivered_heading (void)
{
  static const char message[] =
    "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\n"
    "To: news@shop.example.org\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "Date: Wed, 04 Nov 2026 09:00:00 +0000\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "\n"
    "Your message could not be delivered to the following recipients:\n"
    "\n"
    "<paul.berg@example.com>: 550 5.1.1 User unknown\n";
  g_autoptr(GPtrArray) records = parse_bytes (message, strlen (message), "failed.eml");
  BounceRecord *record;

  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->recipient, ==, "paul.berg@example.com");
  g_assert_cmpstr (bounce_category_to_string (record->category), ==, "hard");
}

static void
test_inline_original (void)
{
  g_autoptr(GPtrArray) records = parse_fixture ("qmail-over-quota.eml");
  BounceRecord *record = g_ptr_array_index (records, 0);

  g_assert_cmpstr (record->format, ==, "qmail");
  g_assert_cmpstr (record->original_to, ==, "carla.dias@example.com");
  g_assert_cmpstr (record->original_message_id, ==, "hello-3@example.org");
  /* The copy of the returned message is not part of the diagnostic. */
  g_assert_null (strstr (record->diagnostic, "Below this line"));
}

static void
assert_records_equal (GPtrArray *records,
                      GPtrArray *expected)
{
  g_assert_cmpuint (records->len, ==, expected->len);
  for (guint i = 0; i < records->len; i++)
    {
      BounceRecord *record = g_ptr_array_index (records, i);
      BounceRecord *other = g_ptr_array_index (expected, i);

      g_assert_cmpstr (record->recipient, ==, other->recipient);
      g_assert_cmpint (record->category, ==, other->category);
      g_assert_cmpstr (record->reason, ==, other->reason);
      g_assert_cmpstr (record->status, ==, other->status);
      g_assert_cmpstr (record->reply_code, ==, other->reply_code);
      g_assert_cmpstr (record->diagnostic, ==, other->diagnostic);
      g_assert_cmpstr (record->format, ==, other->format);
      g_assert_cmpstr (record->subject, ==, other->subject);
      g_assert_cmpstr (record->bounce_to, ==, other->bounce_to);
      g_assert_true (record->date != NULL && other->date != NULL);
      g_assert_true (g_date_time_equal (record->date, other->date));
    }
}

/* The parser drops the bounce's header fields it never reads before GMime
 * parses the message. Fields it reads must survive between dropped ones,
 * and a dropped field's folded lines must go with it. */
static void
test_unread_fields (void)
{
  static const char notice[] =
    "Content-Type: text/plain; charset=us-ascii\n"
    "\n"
    "This message was created automatically by mail delivery software.\n"
    "\n"
    "A message that you sent could not be delivered to one or more of its\n"
    "recipients. This is a permanent error. The following address(es) failed:\n"
    "\n"
    "  ana.lima@example.net\n"
    "    SMTP error from remote mail server after RCPT TO:<ana.lima@example.net>:\n"
    "    550 5.1.1 User unknown\n";
  static const char read_fields[] =
    "Return-Path: <>\n"
    "From: Mail Delivery System <mailer-daemon@mx.example.com>\n"
    "To: news@example.org\n"
    "X-Failed-Recipients: ana.lima@example.net\n"
    "Subject: Mail delivery failed: returning message to sender\n"
    "Date: Mon, 3 Mar 2025 10:00:00 +0000\n"
    "Auto-Submitted: auto-replied\n";
  static const char mixed_fields[] =
    "Return-Path: <>\n"
    "Received: from mx.example.com by mail.example.org;\n"
    "\tMon, 3 Mar 2025 10:00:00 +0000\n"
    "From: Mail Delivery System <mailer-daemon@mx.example.com>\n"
    "To: news@example.org\n"
    "X-Failed-Recipients: ana.lima@example.net\n"
    "Message-ID: <notice-1@mx.example.com>\n"
    "Subject: Mail delivery failed: returning message to sender\n"
    "DKIM-Signature: v=1; a=rsa-sha256; d=example.com;\n"
    "\th=From:To:Subject; X-Failed-Recipients: carla.dias@example.net\n"
    "X-Mailer: Example MTA\n"
    "Date: Mon, 3 Mar 2025 10:00:00 +0000\n"
    "Auto-Submitted: auto-replied\n"
    "ARC-Seal: i=1; a=rsa-sha256; d=example.com\n";
  g_autofree char *plain = g_strconcat (read_fields, notice, NULL);
  g_autofree char *mixed = g_strconcat (mixed_fields, notice, NULL);
  g_autoptr(GPtrArray) expected = parse_bytes (plain, strlen (plain), "read-fields.eml");
  g_autoptr(GPtrArray) records = parse_bytes (mixed, strlen (mixed), "mixed-fields.eml");
  BounceRecord *record;

  assert_all_clean (records);
  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->recipient, ==, "ana.lima@example.net");
  g_assert_cmpint (record->category, ==, BOUNCE_CATEGORY_HARD);
  g_assert_cmpstr (record->bounce_to, ==, "news@example.org");
  assert_records_equal (records, expected);
}

/* The parser reads the bounce's own fields from the raw header block
 * when the block is plain, and from GMime's header list when it is not.
 * Here a field name with a non-ASCII byte, which GMime still takes as a
 * field, makes the block not plain. Both ways must give the same records:
 * the last Subject decoded, the first To, folded values unfolded. */
static void
test_own_fields_raw_and_gmime (void)
{
  static const char fields[] =
    "Return-Path: <>\n"
    "From: Mail Delivery System\n"
    "  <mailer-daemon@mx.example.com>\n"
    "Subject: first subject\n"
    "To: =?utf-8?q?News_Desk?= <news+ana.lima=example.net@example.org>\n"
    "To: other@example.org\n"
    "X-Failed-Recipients: ana.lima@example.net,\n"
    "\tcarla.dias@example.net\n"
    "Subject: =?utf-8?q?=C3=89chec_de_livraison?=\n"
    "Date: Mon, 3 Mar 2025 10:00:00 +0000 (UTC)\n"
    "MIME-Version: 1.0\n";
  static const char notice[] =
    "Content-Type: text/plain; charset=us-ascii\n"
    "\n"
    "A message that you sent could not be delivered to one or more of its\n"
    "recipients. This is a permanent error. The following address(es) failed:\n"
    "\n"
    "  ana.lima@example.net\n"
    "    550 5.1.1 User unknown\n"
    "  carla.dias@example.net\n"
    "    550 5.1.1 User unknown\n";
  g_autofree char *plain = g_strconcat (fields, notice, NULL);
  g_autofree char *not_plain = g_strconcat (fields, "X-Tr\xc3\xa4ger: 1\n", notice, NULL);
  g_autoptr(GPtrArray) expected = parse_bytes (not_plain, strlen (not_plain), "gmime-fields.eml");
  g_autoptr(GPtrArray) records = parse_bytes (plain, strlen (plain), "raw-fields.eml");
  g_autoptr(GDateTime) date = g_date_time_new_utc (2025, 3, 3, 10, 0, 0);
  g_autoptr(GString) long_message = g_string_new (plain);
  g_autoptr(GPtrArray) long_records = NULL;
  BounceRecord *record;

  assert_all_clean (records);
  g_assert_cmpuint (records->len, ==, 2);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->recipient, ==, "ana.lima@example.net");
  g_assert_cmpint (record->category, ==, BOUNCE_CATEGORY_HARD);
  g_assert_cmpstr (record->subject, ==, "\xc3\x89" "chec de livraison");
  g_assert_cmpstr (record->bounce_to, ==, "news+ana.lima=example.net@example.org");
  g_assert_true (g_date_time_equal (record->date, date));
  record = g_ptr_array_index (records, 1);
  g_assert_cmpstr (record->recipient, ==, "carla.dias@example.net");
  assert_records_equal (records, expected);

  /* A message too long to skip the limits check goes through the steps
   * one by one; its own fields are read the same way. */
  for (guint i = 0; i < BOUNCE_PARSER_MAX_MIME_PARTS; i++)
    g_string_append (long_message, "\n");
  long_records = parse_bytes (long_message->str, long_message->len, "long-fields.eml");
  g_assert_cmpuint (long_records->len, ==, 2);
  record = g_ptr_array_index (long_records, 0);
  g_assert_cmpstr (record->recipient, ==, "ana.lima@example.net");
  g_assert_cmpstr (record->subject, ==, "\xc3\x89" "chec de livraison");
  g_assert_cmpstr (record->bounce_to, ==, "news+ana.lima=example.net@example.org");
  g_assert_true (g_date_time_equal (record->date, date));
}

/* An auto-reply names its sender as the recipient: the From field,
 * folded and with an encoded display name, is read the same way from
 * the raw block and from GMime's header list. */
static void
test_own_fields_auto_reply (void)
{
  static const char fields[] =
    "From: =?utf-8?q?Ana_Lima?=\n"
    " <Ana.Lima@example.net>\n"
    "To: news@example.org\n"
    "Subject: Automatic reply: Spring newsletter\n"
    "Date: Mon, 3 Mar 2025 10:00:00 +0000\n"
    "Auto-Submitted: auto-replied\n";
  static const char body[] =
    "Content-Type: text/plain\n"
    "\n"
    "I am away until Monday.\n";
  g_autofree char *plain = g_strconcat (fields, body, NULL);
  g_autofree char *not_plain = g_strconcat (fields, "X-Tr\xc3\xa4ger: 1\n", body, NULL);
  const char *names[] = { "raw-auto-reply.eml", "gmime-auto-reply.eml" };
  const char *messages[] = { plain, not_plain };

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_autoptr(GPtrArray) records = parse_bytes (messages[i], strlen (messages[i]), names[i]);
      BounceRecord *record;

      assert_all_clean (records);
      g_assert_cmpuint (records->len, ==, 1);
      record = g_ptr_array_index (records, 0);
      g_assert_cmpint (record->category, ==, BOUNCE_CATEGORY_AUTO_REPLY);
      g_assert_cmpstr (record->recipient, ==, "ana.lima@example.net");
      g_assert_cmpstr (record->bounce_to, ==, "news@example.org");
    }
}

/* The parser's UTF-8 check reads eight ASCII bytes at a time. It must
 * return what g_utf8_validate_len() returns wherever a NUL byte, an
 * invalid byte or a character cut off at the end sits. */
static void
test_utf8_validate (void)
{
  static const char * const inserts[] = {
    "", "\x00", "\xc3\xa4", "\xc3", "\xe2\x82\xac", "\xe2\x82", "\xf0\x9f\x93\xa7", "\xff", "\x80", "\xed\xa0\x80",
  };
  static const gsize insert_lengths[] = { 0, 1, 2, 1, 3, 2, 4, 1, 1, 3 };

  for (guint i = 0; i < G_N_ELEMENTS (inserts); i++)
    {
      for (gsize position = 0; position <= 20; position++)
        {
          g_autoptr(GString) text = g_string_new ("Mailbox unavailable here");

          g_string_truncate (text, position);
          g_string_append_len (text, inserts[i], (gssize) insert_lengths[i]);
          g_string_append (text, " after");
          g_assert_cmpint (_bounce_parser_utf8_validate (text->str, text->len), ==,
                           g_utf8_validate_len (text->str, text->len, NULL));
          /* Cut at every length, which leaves characters incomplete. */
          for (gsize length = 0; length <= text->len; length++)
            g_assert_cmpint (_bounce_parser_utf8_validate (text->str, length), ==,
                             g_utf8_validate_len (text->str, length, NULL));
        }
    }
}

static void
test_ascii_down (void)
{
  static const char text[] = "User UNKNOWN: <Ana.Lima@Example.NET> [@Z`{] Ä";

  for (gssize length = -1; length <= (gssize) strlen (text); length++)
    {
      g_autofree char *expected = g_ascii_strdown (text, length);
      g_autofree char *lower = _bounce_parser_ascii_down (text, length);

      g_assert_cmpstr (lower, ==, expected);
    }
}

static void
test_dup_lower (void)
{
  static const struct { const char *text; gsize length; } cases[] = {
    { "Ana.Lima@Example.NET", 20 },
    { "INFO@EXAMPLE.ORG", 16 },
    { "j\x00rg@example.com", 16 },
    { "J\xc3\x96RG@EXAMPLE.COM", 17 },
    { "bad\xff@example.com", 16 },
    { "", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *valid = g_utf8_make_valid (cases[i].text, (gssize) cases[i].length);
      g_autofree char *expected = g_utf8_strdown (valid, -1);
      g_autofree char *lower = _bounce_parser_dup_lower (cases[i].text, cases[i].length);

      g_assert_cmpstr (lower, ==, expected);
    }
}

/* Under a Turkish locale GLib lowers I to a dotless i, and the parser's
 * ASCII shortcut must give the same. */
static void
test_dup_lower_turkish (void)
{
  static const char * const texts[] = { "MAILER-DAEMON@EXAMPLE.ORG", "Ivo@example.net", "ana@example.net" };
  g_autofree char *saved = g_strdup (setlocale (LC_CTYPE, NULL));
  g_autofree char *dotless = NULL;

  if (setlocale (LC_CTYPE, "tr_TR.UTF-8") == NULL)
    {
      g_test_skip ("the tr_TR.UTF-8 locale is not installed");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *expected = g_utf8_strdown (texts[i], -1);
      g_autofree char *lower = _bounce_parser_dup_lower (texts[i], strlen (texts[i]));

      g_assert_cmpstr (lower, ==, expected);
    }
  dotless = g_utf8_strdown ("I", -1);
  g_assert_cmpstr (dotless, ==, "\xc4\xb1");

  setlocale (LC_CTYPE, saved);
}

/* The bounce's own Date, as GMime reads it: folded, with comments,
 * as an encoded word, or not a date at all. */
static void
test_bounce_date (void)
{
  static const struct { const char *field; const char *expected; } cases[] = {
    { "Date: Tue,  5 Mar 2024 09:15:04 +0100 (CET)\n", "2024-03-05T09:15:04+01" },
    { "Date: Tue, 5 Mar 2024\n 09:15:04\n\t+0100 (Central\n European Time)\n", "2024-03-05T09:15:04+01" },
    { "Date: =?utf-8?q?Tue=2C_5_Mar_2024_09=3A15=3A04_+0100?=\n", "2024-03-05T09:15:04+01" },
    { "Date: 5 Mar 24 09:15 EST\n", "2024-03-05T09:15:00-05" },
    { "Date: sometime in March\n", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = g_strconcat ("From: Mail Delivery System <mailer-daemon@mx.example.com>\n"
                                              "To: news@example.org\n"
                                              "Subject: Undelivered Mail Returned to Sender\n",
                                              cases[i].field,
                                              "\n"
                                              "This is an ordinary message.\n", NULL);
      g_autoptr(GPtrArray) records = parse_bytes (message, strlen (message), "date.eml");
      BounceRecord *record = g_ptr_array_index (records, 0);
      g_autofree char *date = record->date != NULL ? g_date_time_format_iso8601 (record->date) : NULL;

      g_test_message ("%s", cases[i].field);
      g_assert_cmpstr (date, ==, cases[i].expected);
    }
}

static void
test_bad_empty (void)
{
  g_autoptr(GPtrArray) records = parse_via_file ("", 0, "empty.eml");
  BounceRecord *record;

  assert_all_clean (records);
  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpint (record->category, ==, BOUNCE_CATEGORY_UNREADABLE);
  g_assert_cmpstr (record->error, !=, "");
}

static void
test_bad_binary (void)
{
  g_autofree guint8 *data = g_malloc (64 * 1024);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GPtrArray) records = NULL;
  BounceRecord *record;

  for (guint i = 0; i < 64 * 1024; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);
  data[0] = 0x89;  /* not a header name character */

  records = parse_via_file ((const char *) data, 64 * 1024, "garbage.bin");
  assert_all_clean (records);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpint (record->category, ==, BOUNCE_CATEGORY_UNREADABLE);
}

static void
test_bad_binary_after_headers (void)
{
  g_autoptr(GString) data = g_string_new ("From: MAILER-DAEMON@example.com\nSubject: failure notice\n\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GPtrArray) records = NULL;

  for (guint i = 0; i < 32 * 1024; i++)
    g_string_append_c (data, (char) g_rand_int_range (rand, 0, 256));

  records = parse_via_file (data->str, data->len, "binary-body.eml");
  assert_all_clean (records);
}

static void
test_bad_truncated_mime (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "messages", "input",
                                                 "postfix-dsn-user-unknown.eml", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);

  /* Every cut of a real DSN gives clean records. */
  for (gsize cut = 1; cut < length; cut += 37)
    {
      g_autoptr(GPtrArray) records = parse_bytes (data, cut, "truncated.eml");

      assert_all_clean (records);
    }
}

static void
test_bad_deep_nesting (void)
{
  g_autoptr(GString) data = g_string_new ("From: MAILER-DAEMON@example.com\nSubject: Undelivered Mail\n"
                                          "MIME-Version: 1.0\n");
  g_autoptr(GPtrArray) records = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (data, "Content-Type: multipart/mixed; boundary=\"b%u\"\n\n--b%u\n", i, i);
  g_string_append (data, "Content-Type: text/plain\n\n<nina.alves@example.com>: user unknown (#5.1.1)\n");
  for (guint i = 1000; i-- > 0;)
    g_string_append_printf (data, "--b%u--\n", i);

  records = parse_via_file (data->str, data->len, "nested.eml");
  assert_all_clean (records);
}

static void
test_bad_huge_header (void)
{
  g_autoptr(GString) data = g_string_new ("From: MAILER-DAEMON@example.com\nSubject: ");
  g_autoptr(GPtrArray) records = NULL;
  BounceRecord *record;

  /* A 10 MB folded Subject. */
  while (data->len < 10 * 1024 * 1024)
    g_string_append (data, "Undeliverable Undeliverable Undeliverable Undeliverable\n ");
  g_string_append (data, "end\nTo: news@example.org\n\nSorry.\n<rui.bento@example.com>: no mailbox here by that name (#5.1.1)\n");

  records = parse_via_file (data->str, data->len, "huge-header.eml");
  assert_all_clean (records);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpuint (strlen (record->subject), <=, 1000);
  g_assert_cmpstr (record->recipient, ==, "rui.bento@example.com");
}

static void
test_bad_invalid_utf8 (void)
{
  /* Raw Latin-1 bytes in headers and body, and a broken UTF-8 sequence. */
  static const char data[] =
    "From: Mail Delivery System <MAILER-DAEMON@example.com>\n"
    "Subject: Unzustellbar: Gr\xfc\xdf" "e \xc3\x28\n"
    "To: news@example.org\n"
    "\n"
    "Ihre Nachricht konnte nicht zugestellt werden.\n"
    "\n"
    "<s\xe9rgio.cruz@example.com>: Empf\xe4nger unbekannt \xff\xfe (#5.1.1)\n";
  g_autoptr(GPtrArray) records = parse_via_file (data, sizeof data - 1, "latin1.eml");

  assert_all_clean (records);
}

static void
test_bad_many_recipients (void)
{
  g_autoptr(GString) data = g_string_new ("From: MAILER-DAEMON@example.com\n"
                                          "Subject: Undelivered Mail Returned to Sender\n"
                                          "MIME-Version: 1.0\n"
                                          "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
                                          "--b\nContent-Type: message/delivery-status\n\n"
                                          "Reporting-MTA: dns; mail.example.com\n\n");
  g_autoptr(GPtrArray) records = NULL;

  for (guint i = 0; i < 500; i++)
    g_string_append_printf (data,
                            "Final-Recipient: rfc822; user%u@example.net\n"
                            "Action: failed\nStatus: 5.1.1\n"
                            "Diagnostic-Code: smtp; 550 5.1.1 user unknown\n\n", i);
  g_string_append (data, "--b--\n");

  records = parse_via_file (data->str, data->len, "many.eml");
  assert_all_clean (records);
  g_assert_cmpuint (records->len, ==, 500);
  for (guint i = 0; i < records->len; i++)
    {
      BounceRecord *record = g_ptr_array_index (records, i);
      g_autofree char *expected = g_strdup_printf ("user%u@example.net", i);

      g_assert_cmpstr (record->recipient, ==, expected);
      g_assert_cmpint (record->category, ==, BOUNCE_CATEGORY_HARD);
    }
}

/* Builds a DSN with @count recipient groups, each padded with an
 * unknown field of @padding bytes. */
static GString *
new_dsn_with_recipients (guint count,
                         gsize padding)
{
  GString *data = g_string_new ("From: MAILER-DAEMON@example.com\n"
                                "Subject: Undelivered Mail Returned to Sender\n"
                                "MIME-Version: 1.0\n"
                                "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
                                "--b\nContent-Type: message/delivery-status\n\n"
                                "Reporting-MTA: dns; mail.example.com\n\n");
  g_autofree char *pad = g_strnfill (padding, 'x');

  for (guint i = 0; i < count; i++)
    g_string_append_printf (data,
                            "Final-Recipient: rfc822; user%u@example.net\n"
                            "Action: failed\nStatus: 5.1.1\n"
                            "X-Padding: %s\n"
                            "Diagnostic-Code: smtp; 550 5.1.1 user unknown\n\n", i, pad);
  g_string_append (data, "--b--\n");

  return data;
}

/* The last record of a report cut by a limit is an unknown record, with
 * no recipient, whose error names the limit. */
static void
assert_cut_report (GPtrArray  *records,
                   guint       n_read,
                   const char *error_part)
{
  BounceRecord *last;

  g_assert_cmpuint (records->len, ==, n_read + 1);
  for (guint i = 0; i < n_read; i++)
    {
      BounceRecord *record = g_ptr_array_index (records, i);
      g_autofree char *expected = g_strdup_printf ("user%u@example.net", i);

      g_assert_cmpstr (record->recipient, ==, expected);
      g_assert_cmpint (record->category, ==, BOUNCE_CATEGORY_HARD);
      g_assert_cmpstr (record->error, ==, "");
    }

  last = g_ptr_array_index (records, n_read);
  g_assert_cmpstr (last->recipient, ==, "");
  g_assert_cmpint (last->category, ==, BOUNCE_CATEGORY_UNKNOWN);
  g_assert_nonnull (strstr (last->error, error_part));
}

static void
test_bad_recipient_limit (void)
{
  g_autoptr(GString) data = new_dsn_with_recipients (20000, 1);
  g_autoptr(GPtrArray) records = parse_via_file (data->str, data->len, "many-20000.eml");

  assert_all_clean (records);
  assert_cut_report (records, 10000, "more than 10000 recipients");
}

static void
test_bad_dsn_size_limit (void)
{
  /* 9,000 groups of about 2.1 KB: more than 16 MB of fields but fewer
   * recipients than the DSN reader's limit. */
  g_autoptr(GString) data = new_dsn_with_recipients (9000, 2000);
  g_autoptr(GPtrArray) records = parse_via_file (data->str, data->len, "large-dsn.eml");

  assert_all_clean (records);
  g_assert_cmpuint (records->len, >, 7000);
  g_assert_cmpuint (records->len, <, 9000);
  assert_cut_report (records, records->len - 1, "16 MB");
}

static void
test_line_endings (void)
{
  g_autoptr(GPtrArray) lf = parse_fixture ("qmail-no-mailbox.eml");
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "messages", "input",
                                                 "qmail-no-mailbox.eml", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) crlf = g_string_new (NULL);
  g_autoptr(GPtrArray) records = NULL;
  BounceRecord *expected = g_ptr_array_index (lf, 0);
  BounceRecord *record;

  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  for (const char *p = data; *p != '\0'; p++)
    {
      if (*p == '\n')
        g_string_append_c (crlf, '\r');
      g_string_append_c (crlf, *p);
    }

  records = parse_via_file (crlf->str, crlf->len, "crlf.eml");
  assert_all_clean (records);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->recipient, ==, expected->recipient);
  g_assert_cmpint (record->category, ==, expected->category);
  g_assert_cmpstr (record->status, ==, expected->status);
  g_assert_null (strchr (record->subject, '\r'));
}

/* A bounce forwarded as an attachment gives the records of the bounce,
 * read from the file of the forward, with the bounce's subject and date.
 * Their format marks them as forwarded. */
static void
test_forwarded_attachment (void)
{
  g_autoptr(GPtrArray) records = parse_fixture ("forwarded-bounce-attachment.eml");
  g_autofree char *date = NULL;
  BounceRecord *record;

  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_true (g_str_has_suffix (record->file, "forwarded-bounce-attachment.eml"));
  g_assert_cmpstr (record->recipient, ==, "paul.berg@example.com");
  g_assert_cmpstr (record->format, ==, "forwarded-dsn");
  g_assert_cmpstr (record->subject, ==, "Undelivered Mail Returned to Sender");
  g_assert_cmpstr (record->bounce_to, ==, "news@shop.example.org");
  g_assert_cmpstr (record->error, ==, "");
  g_assert_nonnull (record->date);
  date = g_date_time_format_iso8601 (record->date);
  g_assert_cmpstr (date, ==, "2025-04-07T18:02:09+02");
}

/* A bounce forwarded inline is rebuilt as a message with the forward's
 * subject, and the forward's own date when Gmail's date cannot be read. */
static void
test_forwarded_inline (void)
{
  static const char message[] =
    "From: Rosa Klein <rosa.klein@shop.example.org>\n"
    "To: bounces@shop.example.org\n"
    "Subject: WG: Unzustellbar\n"
    "Date: Tue, 8 Apr 2025 10:30:00 +0200\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "\n"
    "---------- Weitergeleitete Nachricht ---------\n"
    "Von: Mail Delivery Subsystem <mailer-daemon@mail.example.net>\n"
    "Date: Mo., 7. Apr. 2025 um 18:20 Uhr\n"
    "Subject: Nicht zustellbar: Angebote für April\n"
    "To: <news@shop.example.org>\n"
    "\n"
    "\n"
    "<uwe.kranz@example.com>: host mx.example.com[192.0.2.34] said: 550 5.1.1\n"
    "    <uwe.kranz@example.com>: Recipient address rejected: User unknown\n";
  g_autoptr(GPtrArray) records = parse_bytes (message, strlen (message), "inline.eml");
  g_autofree char *date = NULL;
  BounceRecord *record;

  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->file, ==, "inline.eml");
  g_assert_cmpstr (record->recipient, ==, "uwe.kranz@example.com");
  g_assert_cmpint (record->category, ==, BOUNCE_CATEGORY_HARD);
  g_assert_true (g_str_has_prefix (record->format, "forwarded-"));
  g_assert_cmpstr (record->subject, ==, "Nicht zustellbar: Angebote für April");
  g_assert_nonnull (record->date);
  date = g_date_time_format_iso8601 (record->date);
  g_assert_cmpstr (date, ==, "2025-04-08T10:30:00+02");
}

static char *
wrap_in_forwards (const char *message,
                  guint       levels)
{
  GString *text = g_string_new (message);

  for (guint i = 0; i < levels; i++)
    {
      g_autofree char *inner = g_string_free (text, FALSE);

      text = g_string_new (NULL);
      g_string_append_printf (text,
                              "From: Rosa Klein <rosa.klein@shop.example.org>\n"
                              "To: bounces@shop.example.org\n"
                              "Subject: Fwd: level %u\n"
                              "MIME-Version: 1.0\n"
                              "Content-Type: message/rfc822\n"
                              "\n"
                              "%s", i + 1, inner);
    }

  return g_string_free (text, FALSE);
}

/* A bounce forwarded within forwards is read up to three forwards deep,
 * because each level parses a copy of the part. A deeper one is named in
 * a note. */
static void
test_forwarded_depth (void)
{
  static const char bounce[] =
    "Return-Path: <>\n"
    "From: MAILER-DAEMON@mx.example.net\n"
    "To: news@shop.example.org\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=delivery-status; boundary=\"dsn\"\n"
    "\n"
    "--dsn\n"
    "Content-Type: message/delivery-status\n"
    "\n"
    "Reporting-MTA: dns; mx.example.net\n"
    "\n"
    "Final-Recipient: rfc822; ole.dahl@example.com\n"
    "Action: failed\n"
    "Status: 5.1.1\n"
    "\n"
    "--dsn--\n";
  static const struct { guint levels; BounceCategory category; } cases[] = {
    { 1, BOUNCE_CATEGORY_HARD },
    { 3, BOUNCE_CATEGORY_HARD },
    { 4, BOUNCE_CATEGORY_NOT_BOUNCE },
    { 200, BOUNCE_CATEGORY_NOT_BOUNCE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = wrap_in_forwards (bounce, cases[i].levels);
      g_autoptr(GPtrArray) records = parse_bytes (message, strlen (message), "forwards.eml");
      BounceRecord *record;

      g_test_message ("%u forwards", cases[i].levels);
      assert_all_clean (records);
      g_assert_cmpuint (records->len, ==, 1);
      record = g_ptr_array_index (records, 0);
      g_assert_cmpstr (bounce_category_to_string (record->category), ==,
                       bounce_category_to_string (cases[i].category));
      if (cases[i].category == BOUNCE_CATEGORY_NOT_BOUNCE)
        g_assert_nonnull (strstr (record->error, "1 message forwarded inside this message was not read"));
      else
        g_assert_cmpstr (record->error, ==, "");
    }
}

/* A forward of many bounces is read whole, and a forward of that
 * forward gives the first ten of them, with a note on the others. */
static void
test_forwarded_nested_count (void)
{
  g_autoptr(GString) forward = g_string_new ("From: Rosa Klein <rosa.klein@shop.example.org>\n"
                                             "To: bounces@shop.example.org\n"
                                             "Subject: Fwd: bounces\n"
                                             "MIME-Version: 1.0\n"
                                             "Content-Type: multipart/mixed; boundary=\"many\"\n\n");
  g_autofree char *forwarded_again = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) records_again = NULL;

  for (guint i = 0; i < 12; i++)
    g_string_append_printf (forward,
                            "--many\n"
                            "Content-Type: message/rfc822\n"
                            "\n"
                            "Return-Path: <>\n"
                            "From: MAILER-DAEMON@mx.example.net\n"
                            "To: news@shop.example.org\n"
                            "Subject: Undelivered Mail Returned to Sender\n"
                            "MIME-Version: 1.0\n"
                            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"dsn\"\n"
                            "\n"
                            "--dsn\n"
                            "Content-Type: message/delivery-status\n"
                            "\n"
                            "Reporting-MTA: dns; mx.example.net\n"
                            "\n"
                            "Final-Recipient: rfc822; user%u@example.com\n"
                            "Action: failed\n"
                            "Status: 5.1.1\n"
                            "\n"
                            "--dsn--\n"
                            "\n", i);
  g_string_append (forward, "--many--\n");

  records = parse_bytes (forward->str, forward->len, "forward.eml");
  g_assert_cmpuint (records->len, ==, 12);
  g_assert_cmpstr (((BounceRecord *) g_ptr_array_index (records, 11))->recipient, ==, "user11@example.com");
  g_assert_cmpstr (((BounceRecord *) g_ptr_array_index (records, 11))->error, ==, "");

  forwarded_again = wrap_in_forwards (forward->str, 1);
  records_again = parse_bytes (forwarded_again, strlen (forwarded_again), "forward-again.eml");
  g_assert_cmpuint (records_again->len, ==, 10);
  for (guint i = 0; i < records_again->len; i++)
    {
      BounceRecord *record = g_ptr_array_index (records_again, i);
      g_autofree char *recipient = g_strdup_printf ("user%u@example.com", i);

      g_assert_cmpstr (record->recipient, ==, recipient);
      g_assert_nonnull (strstr (record->error, "2 messages forwarded inside this message were not read"));
    }
}

/* The message/rfc822 part of a report is the mail it returns. A bounce
 * returned there, as in a bounce of a bounce, names no recipient of the
 * report. */
static void
test_report_returns_bounce (void)
{
  static const char message[] =
    "Return-Path: <>\n"
    "From: MAILER-DAEMON@mx.shop.example.org\n"
    "To: postmaster@shop.example.org\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=delivery-status; boundary=\"outer\"\n"
    "\n"
    "--outer\n"
    "Content-Type: message/delivery-status\n"
    "\n"
    "Reporting-MTA: dns; mx.shop.example.org\n"
    "\n"
    "Final-Recipient: rfc822; uma.bauer@example.com\n"
    "Action: failed\n"
    "Status: 5.1.1\n"
    "\n"
    "--outer\n"
    "Content-Type: message/rfc822\n"
    "\n"
    "Return-Path: <>\n"
    "From: MAILER-DAEMON@mx.example.net\n"
    "To: news@shop.example.org\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=delivery-status; boundary=\"inner\"\n"
    "\n"
    "--inner\n"
    "Content-Type: message/delivery-status\n"
    "\n"
    "Reporting-MTA: dns; mx.example.net\n"
    "\n"
    "Final-Recipient: rfc822; ole.dahl@example.com\n"
    "Action: failed\n"
    "Status: 5.1.1\n"
    "\n"
    "--inner--\n"
    "\n"
    "--outer--\n";
  g_autoptr(GPtrArray) records = parse_bytes (message, strlen (message), "double.eml");
  BounceRecord *record;

  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->recipient, ==, "uma.bauer@example.com");
  g_assert_cmpstr (record->format, ==, "dsn");
}

/* The separators and header blocks that mail programs write before a
 * message they forward inline. */
static void
test_inline_forward_find (void)
{
  static const struct
  {
    const char *text;
    const char *from;    /* NULL: no forward found */
    const char *subject;
    const char *body;    /* the forwarded text, stripped */
  } cases[] = {
    { "Hi\n\n---------- Forwarded message ---------\nFrom: Mail Delivery Subsystem <mailer-daemon@example.net>\n"
      "Date: Mon, 7 Apr 2025 at 18:20\nSubject: Delivery Status Notification (Failure)\nTo: <news@example.org>\n\n\nText\n",
      "Mail Delivery Subsystem <mailer-daemon@example.net>", "Delivery Status Notification (Failure)", "Text" },
    { "-------- Forwarded Message --------\nSubject: \tUndelivered Mail Returned to Sender\n"
      "Date: \tMon, 7 Apr 2025 18:25:03 +0200\nFrom: \tMAILER-DAEMON@example.net (Mail Delivery System)\n"
      "To: \tnews@example.org\n\n\n\nText\n",
      "MAILER-DAEMON@example.net (Mail Delivery System)", "Undelivered Mail Returned to Sender", "Text" },
    { "Begin forwarded message:\n\n> From: Mail Delivery System <Mailer-Daemon@example.net>\n"
      "> Subject: Mail delivery failed\n> Date: 7 April 2025 at 18:30:12 CEST\n> To: news@example.org\n>\n> Text\n",
      "Mail Delivery System <Mailer-Daemon@example.net>", "Mail delivery failed", "Text" },
    { "-----Original Message-----\nFrom: Microsoft Outlook <postmaster@example.net>\nSent: Monday, April 7, 2025 6:35 PM\n"
      "To: news@example.org\nSubject: Undeliverable: April offers\n\nText\n",
      "Microsoft Outlook <postmaster@example.net>", "Undeliverable: April offers", "Text" },
    { "________________________________\n*From:* Microsoft Outlook <postmaster@example.net>\n*Sent:* Monday, April 7, 2025\n"
      "*To:* news@example.org\n*Subject:* Undeliverable: April offers\n\nText\n",
      "Microsoft Outlook <postmaster@example.net>", "Undeliverable: April offers", "Text" },
    { "Début du message réexpédié :\n\n> De : Mail Delivery System <postmaster@example.net>\n"
      "> Objet : Non remis : Offres d'avril\n> Date : 7 avril 2025 à 18:30:12 UTC+2\n> À : news@example.org\n>\n> Text\n",
      "Mail Delivery System <postmaster@example.net>", "Non remis : Offres d'avril", "Text" },
    { "> ---------- Forwarded message ---------\n> From: MAILER-DAEMON@example.net\n> Subject: failure notice\n>\n> Text\n",
      "MAILER-DAEMON@example.net", "failure notice", "Text" },
    { "The forwarded message is below.\nFrom: MAILER-DAEMON@example.net\nSubject: failure notice\n\nText\n",
      NULL, NULL, NULL },
    { "-----Original Message-----\nHello there,\nFrom: MAILER-DAEMON@example.net\nSubject: failure notice\n",
      NULL, NULL, NULL },
    { "---------- Forwarded message ---------\nSubject: failure notice\nTo: news@example.org\n\nText\n",
      NULL, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BounceInlineForward) forward = _bounce_inline_forward_find (cases[i].text);
      g_autofree char *body = NULL;

      g_test_message ("case %u", i);
      if (cases[i].from == NULL)
        {
          g_assert_null (forward);
          continue;
        }
      g_assert_nonnull (forward);
      g_assert_cmpstr (forward->from, ==, cases[i].from);
      g_assert_cmpstr (forward->subject, ==, cases[i].subject);
      body = g_strstrip (g_strdup (forward->body));
      g_assert_cmpstr (body, ==, cases[i].body);
    }
}

typedef struct
{
  GPtrArray *inputs;    /* GBytes */
  GPtrArray *expected;  /* char *: one JSON line per message */
} ThreadData;

static char *
dup_json_lines (GPtrArray *records)
{
  GString *lines = g_string_new (NULL);

  for (guint i = 0; i < records->len; i++)
    {
      g_autofree char *json = bounce_record_to_json (g_ptr_array_index (records, i));

      g_string_append (lines, json);
      g_string_append_c (lines, '\n');
    }

  return g_string_free (lines, FALSE);
}

static gpointer
parse_all_thread (gpointer user_data)
{
  ThreadData *data = user_data;

  for (guint round = 0; round < 20; round++)
    {
      for (guint i = 0; i < data->inputs->len; i++)
        {
          gsize length;
          const char *bytes = g_bytes_get_data (g_ptr_array_index (data->inputs, i), &length);
          g_autoptr(GPtrArray) records = parse_bytes (bytes, length, "thread.eml");
          g_autofree char *lines = dup_json_lines (records);

          if (g_strcmp0 (lines, g_ptr_array_index (data->expected, i)) != 0)
            return GINT_TO_POINTER (FALSE);
        }
    }

  return GINT_TO_POINTER (TRUE);
}

/* Several threads parsing at once give the same records as one. */
static void
test_threads (void)
{
  g_autofree char *input_dir = g_test_build_filename (G_TEST_DIST, "data", "messages", "input", NULL);
  g_autoptr(GDir) dir = g_dir_open (input_dir, 0, NULL);
  ThreadData data = {
    g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref),
    g_ptr_array_new_with_free_func (g_free),
  };
  GThread *threads[4];
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (input_dir, name, NULL);
      g_autoptr(GPtrArray) records = NULL;
      char *contents;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      records = parse_bytes (contents, length, "thread.eml");
      g_ptr_array_add (data.inputs, g_bytes_new_take (contents, length));
      g_ptr_array_add (data.expected, dup_json_lines (records));
    }

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("parser", parse_all_thread, &data);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));

  g_ptr_array_unref (data.inputs);
  g_ptr_array_unref (data.expected);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  bounce_parser_init ();

  tmp_dir = g_dir_make_tmp ("test-parser-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/parser/fixtures", test_fixtures);
  g_test_add_func ("/parser/text-failure-agrees-with-explain", test_text_failure_agrees_with_explain);
  g_test_add_func ("/parser/text-delay-agrees-with-explain", test_text_delay_agrees_with_explain);
  g_test_add_func ("/parser/returned-headers", test_returned_headers);
  g_test_add_func ("/parser/returned-message/plain", test_returned_message_plain);
  g_test_add_func ("/parser/returned-message/base64", test_returned_message_base64);
  g_test_add_func ("/parser/inline-original", test_inline_original);
  g_test_add_func ("/parser/forwarded/attachment", test_forwarded_attachment);
  g_test_add_func ("/parser/forwarded/inline", test_forwarded_inline);
  g_test_add_func ("/parser/forwarded/depth", test_forwarded_depth);
  g_test_add_func ("/parser/forwarded/nested-count", test_forwarded_nested_count);
  g_test_add_func ("/parser/forwarded/report-returns-bounce", test_report_returns_bounce);
  g_test_add_func ("/parser/forwarded/inline-find", test_inline_forward_find);
  g_test_add_func ("/parser/unread-fields", test_unread_fields);
  g_test_add_func ("/parser/own-fields/raw-and-gmime", test_own_fields_raw_and_gmime);
  g_test_add_func ("/parser/own-fields/auto-reply", test_own_fields_auto_reply);
  g_test_add_func ("/parser/utf8-validate", test_utf8_validate);
  g_test_add_func ("/parser/ascii-down", test_ascii_down);
  g_test_add_func ("/parser/dup-lower", test_dup_lower);
  g_test_add_func ("/parser/dup-lower/turkish", test_dup_lower_turkish);
  g_test_add_func ("/parser/bounce-date", test_bounce_date);
  g_test_add_func ("/parser/line-endings/crlf", test_line_endings);
  g_test_add_func ("/parser/bad/empty", test_bad_empty);
  g_test_add_func ("/parser/bad/binary", test_bad_binary);
  g_test_add_func ("/parser/bad/binary-body", test_bad_binary_after_headers);
  g_test_add_func ("/parser/bad/truncated-mime", test_bad_truncated_mime);
  g_test_add_func ("/parser/bad/nested-1000", test_bad_deep_nesting);
  g_test_add_func ("/parser/bad/huge-header", test_bad_huge_header);
  g_test_add_func ("/parser/returned-to/own-address", test_returned_to_own_address);
  g_test_add_func ("/parser/returned-to/feedback-own-address", test_feedback_to_own_address);
  g_test_add_func ("/parser/feedback-types", test_feedback_types);
  g_test_add_func ("/parser/dsn/original-recipient-xtext", test_original_recipient_xtext);
  g_test_add_func ("/parser/dsn/utf8-address-type", test_utf8_address_type);
  g_test_add_func ("/parser/text/delivered-recipients", test_text_delivered_recipients);
  g_test_add_func ("/parser/text/not-delivered-heading", test_text_not_delivered_heading);
  g_test_add_func ("/parser/bad/invalid-utf8", test_bad_invalid_utf8);
  g_test_add_func ("/parser/bad/dsn-500-recipients", test_bad_many_recipients);
  g_test_add_func ("/parser/bad/dsn-recipient-limit", test_bad_recipient_limit);
  g_test_add_func ("/parser/bad/dsn-size-limit", test_bad_dsn_size_limit);
  g_test_add_func ("/parser/threads", test_threads);

  status = g_test_run ();

  /* Remove the files the tests wrote. */
  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (tmp_dir);
    g_free (tmp_dir);
  }

  return status;
}

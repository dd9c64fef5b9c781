/* test-parser-limits.c: the limits on a message's MIME structure, and
 * that the walk that enforces them reads the structure as GMime does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "bounce-core.h"
#include "bounce-parser-limits-private.h"
#include "bounce-parser-private.h"

static const char dsn_head[] =
  "From: MAILER-DAEMON@example.com\n"
  "Subject: Undelivered Mail Returned to Sender\n"
  "MIME-Version: 1.0\n";

static const char dsn_part[] =
  "Content-Type: message/delivery-status\n"
  "\n"
  "Reporting-MTA: dns; mail.example.com\n"
  "\n"
  "Final-Recipient: rfc822; ines.ferreira@example.com\n"
  "Action: failed\n"
  "Status: 5.1.1\n"
  "Diagnostic-Code: smtp; 550 5.1.1 user unknown\n";

/* Applies the limits to @text and checks that what the walk counted in
 * the result is what GMime builds from it. Returns the result. */
static GByteArray *
apply_and_compare (const char         *text,
                   gsize               length,
                   BounceParserLimits *exceeded)
{
  BounceMimeShape walked = { 0 };
  BounceMimeShape built;
  GByteArray *limited = _bounce_parser_apply_limits ((const guint8 *) text, length, exceeded, &walked);
  GByteArray *result = limited;

  if (result == NULL)
    result = g_byte_array_append (g_byte_array_new (), (const guint8 *) text, length);

  g_assert_true (_bounce_parser_measure_gmime_shape (result->data, result->len, &built));
  g_assert_cmpuint (built.parts, ==, walked.parts);
  g_assert_cmpuint (built.depth, ==, walked.depth);
  g_assert_cmpuint (built.header_fields, <=, walked.header_fields);

  return result;
}

static GPtrArray *
parse (const GString *text)
{
  return bounce_parse_message (text->str, text->len, "limits.eml", -1, 0);
}

static const BounceRecord *
find_recipient (GPtrArray  *records,
                const char *recipient)
{
  for (guint i = 0; i < records->len; i++)
    {
      const BounceRecord *record = g_ptr_array_index (records, i);

      if (g_strcmp0 (record->recipient, recipient) == 0)
        return record;
    }

  return NULL;
}

/* Applies the limits to @text, checks that they report @expected and
 * match what GMime builds, then parses @text. Returns the records. */
static GPtrArray *
apply_and_parse (const GString      *text,
                 BounceParserLimits  expected)
{
  g_autoptr(GByteArray) result = NULL;
  BounceParserLimits exceeded;

  result = apply_and_compare (text->str, text->len, &exceeded);
  g_assert_cmpint (exceeded, ==, expected);

  return parse (text);
}

/* A report whose delivery-status part sits inside @levels multiparts. */
static GString *
make_nested_report (guint levels)
{
  GString *text = g_string_new (dsn_head);

  for (guint i = 0; i < levels; i++)
    g_string_append_printf (text, "Content-Type: multipart/mixed; boundary=\"level%u\"\n\n--level%u\n", i, i);
  g_string_append (text, dsn_part);
  for (guint i = levels; i-- > 0;)
    g_string_append_printf (text, "--level%u--\n", i);

  return text;
}

static void
test_depth_at_limit (void)
{
  g_autoptr(GString) text = make_nested_report (BOUNCE_PARSER_MAX_MIME_DEPTH);
  g_autoptr(GPtrArray) records = apply_and_parse (text, BOUNCE_PARSER_LIMIT_NONE);
  const BounceRecord *record = find_recipient (records, "ines.ferreira@example.com");

  g_assert_nonnull (record);
  g_assert_cmpint (record->category, ==, BOUNCE_CATEGORY_HARD);
  g_assert_cmpstr (record->error, ==, "");
}

static void
test_depth_over_limit (void)
{
  g_autoptr(GString) text = make_nested_report (BOUNCE_PARSER_MAX_MIME_DEPTH + 1);
  g_autoptr(GPtrArray) records = apply_and_parse (text, BOUNCE_PARSER_LIMIT_DEPTH);

  /* The part past the limit is a leaf that is not read: no recipient,
   * and the record gives the reason. */
  g_assert_null (find_recipient (records, "ines.ferreira@example.com"));
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_nonnull (strstr (((BounceRecord *) g_ptr_array_index (records, 0))->error, "32 levels"));
}

/* Thousands of levels take a walk of its own no longer than GMime's. */
static void
test_depth_hostile (void)
{
  g_autoptr(GString) text = make_nested_report (5000);
  g_autoptr(GByteArray) result = NULL;
  BounceParserLimits exceeded;
  BounceMimeShape shape;

  result = _bounce_parser_apply_limits ((const guint8 *) text->str, text->len, &exceeded, &shape);
  g_assert_nonnull (result);
  g_assert_cmpint (exceeded, ==, BOUNCE_PARSER_LIMIT_DEPTH);
  g_assert_cmpuint (shape.depth, ==, BOUNCE_PARSER_MAX_MIME_DEPTH);
  g_byte_array_unref (result);

  result = apply_and_compare (text->str, text->len, &exceeded);
}

/* A report with @n_parts parts: the notice, the status, then empty ones. */
static GString *
make_report_with_parts (guint n_parts)
{
  GString *text = g_string_new (dsn_head);

  g_string_append (text, "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n");
  g_string_append (text, "--b\nContent-Type: text/plain\n\nThe message could not be delivered.\n");
  g_string_append (text, "--b\n");
  g_string_append (text, dsn_part);
  for (guint i = 2; i < n_parts; i++)
    g_string_append (text, "--b\n\n");
  g_string_append (text, "--b--\n");

  return text;
}

static void
test_parts_at_limit (void)
{
  g_autoptr(GString) text = make_report_with_parts (BOUNCE_PARSER_MAX_MIME_PARTS);
  g_autoptr(GPtrArray) records = apply_and_parse (text, BOUNCE_PARSER_LIMIT_NONE);
  const BounceRecord *record = find_recipient (records, "ines.ferreira@example.com");

  g_assert_nonnull (record);
  g_assert_cmpstr (record->error, ==, "");
}

static void
test_parts_over_limit (void)
{
  g_autoptr(GString) text = make_report_with_parts (100000);
  g_autoptr(GPtrArray) records = apply_and_parse (text, BOUNCE_PARSER_LIMIT_PARTS);
  const BounceRecord *record = find_recipient (records, "ines.ferreira@example.com");

  /* The parts before the limit are read, and the record's error states
   * that the others were not. */
  g_assert_nonnull (record);
  g_assert_cmpint (record->category, ==, BOUNCE_CATEGORY_HARD);
  g_assert_nonnull (strstr (record->error, "more than 1000 MIME parts"));
}

/* @n_fields header fields of @field_length bytes each in the header of
 * the notice part, where GMime reads every field. */
static GString *
make_report_with_fields (guint n_fields,
                         gsize field_length)
{
  GString *text = g_string_new (dsn_head);

  g_string_append (text, "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n");
  g_string_append (text, "--b\n");
  for (guint i = 0; i < n_fields; i++)
    {
      gsize start = text->len;

      g_string_append_printf (text, "X-Note-%u: ", i);
      while (text->len - start < field_length - 1)
        g_string_append_c (text, 'n');
      g_string_append_c (text, '\n');
    }
  g_string_append (text, "Content-Type: text/plain\n\nThe message could not be delivered.\n");
  g_string_append (text, "--b\n");
  g_string_append (text, dsn_part);
  g_string_append (text, "--b--\n");

  return text;
}

static void
test_header_fields (void)
{
  g_autoptr(GString) text = make_report_with_fields (BOUNCE_PARSER_MAX_HEADER_FIELDS + 10, 20);
  g_autoptr(GByteArray) result = NULL;
  g_autoptr(GPtrArray) records = NULL;
  BounceParserLimits exceeded;
  BounceMimeShape shape;
  const BounceRecord *record;

  result = _bounce_parser_apply_limits ((const guint8 *) text->str, text->len, &exceeded, &shape);
  g_assert_nonnull (result);
  g_assert_cmpint (exceeded, ==, BOUNCE_PARSER_LIMIT_HEADER_FIELDS);
  g_assert_cmpuint (shape.header_fields, ==, BOUNCE_PARSER_MAX_HEADER_FIELDS);
  g_byte_array_unref (g_steal_pointer (&result));

  /* The fields past the limit are dropped, the parts after them read. */
  result = apply_and_compare (text->str, text->len, &exceeded);
  records = parse (text);
  record = find_recipient (records, "ines.ferreira@example.com");
  g_assert_nonnull (record);
  g_assert_nonnull (strstr (record->error, "more than 10000 header fields"));
}

static void
test_header_bytes (void)
{
  /* 40 fields of 32 KiB: more than 1 MiB of header in all. */
  g_autoptr(GString) text = make_report_with_fields (40, 32 * 1024);
  g_autoptr(GByteArray) result = NULL;
  g_autoptr(GPtrArray) records = NULL;
  BounceParserLimits exceeded;
  const BounceRecord *record;

  result = apply_and_compare (text->str, text->len, &exceeded);
  g_assert_cmpint (exceeded, ==, BOUNCE_PARSER_LIMIT_HEADER_BYTES);
  g_assert_cmpuint (result->len, <, text->len);

  records = parse (text);
  record = find_recipient (records, "ines.ferreira@example.com");
  g_assert_nonnull (record);
  g_assert_nonnull (strstr (record->error, "header fields take more than 1.0"));
}

static void
test_field_bytes (void)
{
  g_autoptr(GString) text = g_string_new ("From: MAILER-DAEMON@example.com\nSubject: Undeliverable:");
  g_autoptr(GString) one_line = NULL;
  g_autoptr(GByteArray) result = NULL;
  g_autoptr(GPtrArray) records = NULL;
  BounceParserLimits exceeded;
  const BounceRecord *record;

  /* A folded Subject of 200 KiB, then the notice. */
  while (text->len < 200 * 1024)
    g_string_append (text, " Undeliverable\n");
  g_string_append (text, " end\nTo: news@example.org\n\n<rui.bento@example.com>: no mailbox here by that name (#5.1.1)\n");

  result = apply_and_compare (text->str, text->len, &exceeded);
  g_assert_cmpint (exceeded, ==, BOUNCE_PARSER_LIMIT_FIELD_BYTES);
  g_assert_cmpuint (result->len, <, 70 * 1024);

  records = parse (text);
  record = find_recipient (records, "rui.bento@example.com");
  g_assert_nonnull (record);
  g_assert_cmpint (record->category, ==, BOUNCE_CATEGORY_HARD);
  g_assert_nonnull (strstr (record->error, "A header field is longer than 64.0"));
  g_byte_array_unref (g_steal_pointer (&result));

  /* The same as one line: it is cut inside the line. */
  one_line = g_string_new ("From: MAILER-DAEMON@example.com\nSubject: ");
  while (one_line->len < 200 * 1024)
    g_string_append (one_line, "Undeliverable ");
  g_string_append (one_line, "\n\n<rui.bento@example.com>: no mailbox here by that name (#5.1.1)\n");
  result = apply_and_compare (one_line->str, one_line->len, &exceeded);
  g_assert_cmpint (exceeded, ==, BOUNCE_PARSER_LIMIT_FIELD_BYTES);
  g_assert_nonnull (g_strstr_len ((const char *) result->data, result->len, "\n\n<rui.bento@example.com>"));
}

static void
test_long_line (void)
{
  g_autoptr(GString) text = g_string_new (dsn_head);
  g_autoptr(GByteArray) result = NULL;
  g_autoptr(GPtrArray) records = NULL;
  BounceParserLimits exceeded;

  g_string_append (text, "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n");
  g_string_append (text, "--b\n");
  g_string_append (text, dsn_part);
  g_string_append (text, "--b\nContent-Type: text/html\n\n<p>");
  for (guint i = 0; i < 600; i++)
    g_string_append (text, "ab");
  g_string_append (text, "--b\nContent-Type: text/plain\n\nnot read</p>\n--b--\n");

  result = apply_and_compare (text->str, text->len, &exceeded);
  g_assert_cmpint (exceeded, ==, BOUNCE_PARSER_LIMIT_LONG_LINE);
  g_assert_null (g_strstr_len ((const char *) result->data, result->len, "not read"));

  /* A long line without a boundary is read as it is. */
  g_string_truncate (text, 0);
  g_string_append (text, dsn_head);
  g_string_append (text, "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\n");
  g_string_append (text, dsn_part);
  g_string_append (text, "--b\nContent-Type: text/html\n\n<p>");
  for (guint i = 0; i < 6000; i++)
    g_string_append (text, "a-");
  g_string_append (text, "</p>\n--b--\n");
  g_byte_array_unref (g_steal_pointer (&result));
  result = _bounce_parser_apply_limits ((const guint8 *) text->str, text->len, &exceeded, NULL);
  g_assert_null (result);
  g_assert_cmpint (exceeded, ==, BOUNCE_PARSER_LIMIT_NONE);

  records = parse (text);
  g_assert_nonnull (find_recipient (records, "ines.ferreira@example.com"));
}

/* Boundary lines as GMime matches them. The cases are blanks after the
 * boundary, an outer boundary that ends inner parts, a closing line, a
 * boundary that is the start of another, and lines that only look like
 * one. */
static void
test_boundary_lines (void)
{
  static const char * const messages[] = {
    "Content-Type: multipart/mixed; boundary=b\n\n--b \t\n\none\n--b\n\ntwo\n--b-- \n",
    "Content-Type: multipart/mixed; boundary=outer\n\n--outer\n"
    "Content-Type: multipart/alternative; boundary=inner\n\n--inner\n\na\n--inner\n\nb\n"
    "--outer\n\nc\n--outer--\n",
    "Content-Type: multipart/mixed; boundary=b\n\n--b\n\n--bb\n--b\f\n--b x\n-- b\n--b--x\n--b--\n",
    "Content-Type: multipart/mixed; boundary=\"a b\"\n\n--a b\n\none\n--a b--\n",
    "Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--b",
    "Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--b\n",
    "Content-Type: multipart/mixed;\n boundary=\"folded\"\n\n--folded\n\none\n--folded--\n",
    "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\nContent-Type: multipart/mixed; boundary=c\n\n"
    "--c\n\none\n--c\n\ntwo\n--c--\n--b--\n",
    "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: multipart/mixed; boundary=c\nContent-Type: text/plain\n\n"
    "--c\n\none\n--c--\n--b--\n",
    "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: multipart/digest; boundary=d\n\n--d\n\n"
    "From: a@example.com\n\n--d--\n--b\nContent-Type: message/rfc822\n\nContent-Type: multipart/mixed; boundary=e\n\n"
    "--e\n\ninner\n--e--\n--b--\n",
    "Content-Type: multipart/mixed; boundary=b\n\n--b\n--b\n--b\n--b--\n",
    "Content-Type: multipart/mixed; boundary=\"\"\n\n--\n\none\n----\n",
    "Content-Type : multipart/mixed; boundary=b\n\n--b\n\none\n--b--\n",
    "Content-type: Multipart/Mixed; Boundary=b\n\n--b\n\none\n--b--\n",
    /* GMime 3.2.13 ends a part's header block at a boundary line, drops
     * a part without a header line before one, and drops a part whose
     * data ends inside a field name. */
    "Content-Type: multipart/mixed; boundary=b\n\n--b\nX-Note: a\n--b\nX-Note: b\n\nbody\n--b--\n",
    "Content-Type: multipart/mixed; boundary=b\n\n--b\n--b\n\nbody\n--b--\n",
    "Content-Type: multipart/mixed; boundary=b\n\n--b\n--b--\n",
    "Content-Type: multipart/mixed; boundary=b\n\n--b\nX-Note: a\nabc",
    "Content-Type: multipart/mixed; boundary=b\n\n--b\nX-Note: a\n--b",
    "Content-Type: multipart/mixed; boundary=b\n\n--b\nX-Note: a\na bc",
    "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: multipart/mixed; boundary=c\n--b\n\nbody\n--b--\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_autoptr(GByteArray) result = NULL;
      BounceParserLimits exceeded;

      g_test_message ("message %u", i);
      result = apply_and_compare (messages[i], strlen (messages[i]), &exceeded);
      g_assert_cmpint (exceeded, ==, BOUNCE_PARSER_LIMIT_NONE);
      g_assert_cmpmem (result->data, result->len, messages[i], strlen (messages[i]));
    }
}

static void
check_folder_unchanged (const char *folder)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint count = 0;

  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GByteArray) result = NULL;
      gsize length;
      BounceParserLimits exceeded;

      if (!g_str_has_suffix (name, ".eml"))
        continue;
      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);
      if (memchr (contents, '\r', length) != NULL || memchr (contents, '\0', length) != NULL)
        continue;

      g_test_message ("%s", path);
      result = apply_and_compare (contents, length, &exceeded);
      g_assert_cmpint (exceeded, ==, BOUNCE_PARSER_LIMIT_NONE);
      g_assert_cmpmem (result->data, result->len, contents, length);
      count++;
    }
  g_assert_cmpuint (count, >, 0);
}

/* Real bounces are far inside every limit. */
static void
test_fixtures_unchanged (void)
{
  g_autofree char *fixtures = g_test_build_filename (G_TEST_DIST, "data", "messages", "input", NULL);
  g_autofree char *samples = g_build_filename (SOURCE_SAMPLES_DIR, "bounces", NULL);

  check_folder_unchanged (fixtures);
  check_folder_unchanged (samples);
}

/* Applies the limits to @text with and without asking for the shape:
 * without, small messages skip the walk, and the result must be the
 * same. */
static void
assert_same_without_shape (const GString *text)
{
  BounceParserLimits exceeded = BOUNCE_PARSER_LIMIT_NONE;
  BounceParserLimits exceeded_fast = BOUNCE_PARSER_LIMIT_NONE;
  BounceMimeShape shape;
  g_autoptr(GByteArray) walked = _bounce_parser_apply_limits ((const guint8 *) text->str, text->len,
                                                              &exceeded, &shape);
  g_autoptr(GByteArray) fast = _bounce_parser_apply_limits ((const guint8 *) text->str, text->len,
                                                            &exceeded_fast, NULL);

  g_assert_cmpint (exceeded_fast, ==, exceeded);
  g_assert_true ((walked == NULL) == (fast == NULL));
  if (walked != NULL)
    g_assert_cmpmem (fast->data, fast->len, walked->data, walked->len);
}

/* Messages just inside and just over each limit a small message can
 * reach: depth, parts, and a long line that hides a boundary. */
static void
test_small_messages_same_result (void)
{
  static const guint levels[] = { 1, 30, 31, 32, 33, 40 };
  static const guint parts[] = { 3, 997, 998, 999, 1000, 1001, 1002 };
  g_autoptr(GString) long_line = g_string_new (dsn_head);

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      g_autoptr(GString) text = make_nested_report (levels[i]);

      g_test_message ("%u levels", levels[i]);
      assert_same_without_shape (text);
    }

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autoptr(GString) text = make_report_with_parts (parts[i]);

      g_test_message ("%u parts", parts[i]);
      assert_same_without_shape (text);
    }

  g_string_append (long_line, "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\n");
  g_string_append (long_line, dsn_part);
  g_string_append (long_line, "--b\nContent-Type: text/html\n\n<p>");
  for (guint i = 0; i < 600; i++)
    g_string_append (long_line, "ab");
  g_string_append (long_line, "--b\nContent-Type: text/plain\n\nnot read</p>\n--b--\n");
  assert_same_without_shape (long_line);
}

/* A qmail-style notice that lists @n_recipients failed addresses. */
static GString *
make_text_notice (guint n_recipients)
{
  GString *text = g_string_new ("From: MAILER-DAEMON@example.com\n"
                                "Subject: failure notice\n"
                                "\n"
                                "Hi. This is the qmail-send program at mail.example.com.\n"
                                "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
                                "This is a permanent error; I've given up. Sorry it didn't work out.\n\n");

  for (guint i = 0; i < n_recipients; i++)
    g_string_append_printf (text, "<person%u@example.com>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n", i);

  return text;
}

/* A text notice is read up to 1,000 recipients. A record without a
 * recipient states that the rest were not read. */
static void
test_text_recipients (void)
{
  g_autoptr(GString) at_limit = make_text_notice (1000);
  g_autoptr(GString) over_limit = make_text_notice (1200);
  g_autoptr(GPtrArray) records = NULL;
  const BounceRecord *last;

  records = parse (at_limit);
  g_assert_cmpuint (records->len, ==, 1000);
  for (guint i = 0; i < records->len; i++)
    g_assert_cmpstr (((BounceRecord *) g_ptr_array_index (records, i))->error, ==, "");
  g_clear_pointer (&records, g_ptr_array_unref);

  records = parse (over_limit);
  g_assert_cmpuint (records->len, ==, 1001);
  g_assert_nonnull (find_recipient (records, "person999@example.com"));
  g_assert_null (find_recipient (records, "person1000@example.com"));
  last = g_ptr_array_index (records, 1000);
  g_assert_cmpstr (last->recipient, ==, "");
  g_assert_cmpstr (last->error, ==, "This report lists more than 1000 recipients; only the first 1000 were read.");
}

/* X-Failed-Recipients is read whole, not up to its 64th address. */
static void
test_failed_recipients_header (void)
{
  g_autoptr(GString) text = g_string_new ("From: Mail Delivery System <Mailer-Daemon@mail.example.com>\n"
                                          "Subject: Mail delivery failed: returning message to sender\n"
                                          "X-Failed-Recipients: ");
  g_autoptr(GPtrArray) records = NULL;

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (text, "%sperson%u@example.com", i > 0 ? ",\n " : "", i);
  g_string_append (text, "\n\nThis message was created automatically by mail delivery software.\n\n"
                         "A message that you sent could not be delivered to one or more of its\n"
                         "recipients. This is a permanent error.\n");

  records = parse (text);
  g_assert_cmpuint (records->len, ==, 100);
  g_assert_nonnull (find_recipient (records, "person99@example.com"));
}

/* The values a record keeps are cut. A diagnostic is cut at 2,048 bytes
 * and the returned message's header block at 32 KiB of whole fields. The
 * notice is searched in its first 256 KiB. */
static void
test_kept_text (void)
{
  g_autoptr(GString) text = g_string_new (dsn_head);
  g_autoptr(GString) notice = g_string_new ("From: MAILER-DAEMON@example.com\nSubject: failure notice\n\n"
                                            "<early@example.com>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) notice_records = NULL;
  const BounceRecord *record;

  g_string_append (text, "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\n"
                         "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mail.example.com\n\n"
                         "Final-Recipient: rfc822; ines.ferreira@example.com\nAction: failed\nStatus: 5.1.1\n"
                         "Diagnostic-Code: smtp; 550 5.1.1 ");
  for (guint i = 0; i < 1000; i++)
    g_string_append (text, "unknown ");
  g_string_append (text, "\n--b\nContent-Type: message/rfc822\n\n");
  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (text, "X-Trace-%u: relay%u.example.net\n", i, i);
  g_string_append (text, "Subject: Spring offers\n\nHello.\n--b--\n");

  records = parse (text);
  record = find_recipient (records, "ines.ferreira@example.com");
  g_assert_nonnull (record);
  g_assert_cmpuint (strlen (record->diagnostic), <=, 2048);
  g_assert_true (g_str_has_prefix (record->diagnostic, "550 5.1.1 unknown unknown"));
  g_assert_true (g_str_has_prefix (record->original_headers, "X-Trace-0: relay0.example.net\n"));
  g_assert_cmpuint (strlen (record->original_headers), >=, 32 * 1024);
  g_assert_cmpuint (strlen (record->original_headers), <, 32 * 1024 + 100);
  g_assert_true (g_str_has_suffix (record->original_headers, "\n"));

  /* A recipient after the first 256 KiB of the notice is not searched
   * for. */
  while (notice->len < 300 * 1024)
    g_string_append (notice, "The remote server gave no further details about this delivery.\n");
  g_string_append (notice, "\n<late@example.com>:\nSorry, no mailbox here by that name. (#5.1.1)\n");
  notice_records = parse (notice);
  g_assert_nonnull (find_recipient (notice_records, "early@example.com"));
  g_assert_null (find_recipient (notice_records, "late@example.com"));
}

static void
test_describe (void)
{
  g_autofree char *none = _bounce_parser_describe_limits (BOUNCE_PARSER_LIMIT_NONE);
  g_autofree char *two = _bounce_parser_describe_limits (BOUNCE_PARSER_LIMIT_PARTS | BOUNCE_PARSER_LIMIT_DEPTH);

  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (two, ==, "The message has more than 1000 MIME parts; only the first 1000 were read. "
                            "Parts nested more than 32 levels deep were not read.");

  /* The counts take the locale's digit grouping, as the summary's do. */
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") != NULL)
    {
      g_autofree char *grouped = _bounce_parser_describe_limits (BOUNCE_PARSER_LIMIT_HEADER_FIELDS);

      setlocale (LC_NUMERIC, "C");
      g_assert_cmpstr (grouped, ==, "The message has more than 10.000 header fields; the ones after them were not read.");
    }
  else
    g_test_message ("locale de_DE.UTF-8 is not generated; digit grouping not checked");
}

/* A notice line of many "@" without an address around them. Each "@" is
 * tried on its own. Before, the rest of the line was searched from each
 * one: a line of 100,000 "@" took 106 seconds, and this test ran into
 * the suite's timeout. */
static void
test_many_at_signs (void)
{
  static const char line[] = "@@ lea@example.com";
  g_autoptr(GString) notice = g_string_new ("From: MAILER-DAEMON@example.com\nSubject: failure notice\n\n");
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *none = NULL;
  g_autofree char *found = NULL;

  /* Only the "@" asked for: the address further on is not returned. */
  none = _bounce_parser_extract_address_at (line, strlen (line), line);
  g_assert_null (none);
  found = _bounce_parser_extract_address_at (line, strlen (line), strchr (line + 3, '@'));
  g_assert_cmpstr (found, ==, "lea@example.com");

  g_string_append (notice, "Thanks to ");
  /* Just under the 256 KiB of a notice that is searched. */
  for (guint i = 0; i < 250000; i++)
    g_string_append_c (notice, '@');
  g_string_append (notice, " and <ines.ferreira@example.com>: 550 5.1.1 user unknown\n");
  records = parse (notice);
  g_assert_nonnull (find_recipient (records, "ines.ferreira@example.com"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  bounce_parser_init ();

  g_test_add_func ("/parser-limits/depth/at-limit", test_depth_at_limit);
  g_test_add_func ("/parser-limits/depth/over-limit", test_depth_over_limit);
  g_test_add_func ("/parser-limits/depth/hostile", test_depth_hostile);
  g_test_add_func ("/parser-limits/parts/at-limit", test_parts_at_limit);
  g_test_add_func ("/parser-limits/parts/over-limit", test_parts_over_limit);
  g_test_add_func ("/parser-limits/header-fields", test_header_fields);
  g_test_add_func ("/parser-limits/header-bytes", test_header_bytes);
  g_test_add_func ("/parser-limits/field-bytes", test_field_bytes);
  g_test_add_func ("/parser-limits/long-line", test_long_line);
  g_test_add_func ("/parser-limits/boundary-lines", test_boundary_lines);
  g_test_add_func ("/parser-limits/fixtures-unchanged", test_fixtures_unchanged);
  g_test_add_func ("/parser-limits/small-messages", test_small_messages_same_result);
  g_test_add_func ("/parser-limits/text-recipients", test_text_recipients);
  g_test_add_func ("/parser-limits/failed-recipients-header", test_failed_recipients_header);
  g_test_add_func ("/parser-limits/kept-text", test_kept_text);
  g_test_add_func ("/parser-limits/describe", test_describe);
  g_test_add_func ("/parser-limits/many-at-signs", test_many_at_signs);

  return g_test_run ();
}

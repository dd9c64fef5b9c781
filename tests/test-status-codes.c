/* test-status-codes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "bounce-core.h"
#include "catalogue-fixture.h"

/* RFC 5321 section 4.2.2 and 4.2.3, RFC 4954 section 6, RFC 7504 section 3. */
static const char * const reply_codes[] = {
  "211", "214", "220", "221", "250", "251", "252", "354", "421", "450", "451",
  "452", "455", "500", "501", "502", "503", "504", "550", "551", "552", "553",
  "554", "555",
  "235", "334", "432", "454", "530", "534", "535", "538",
  "521", "556",
};

/* The IANA "SMTP Enhanced Status Codes" registry (RFC 3463, 3886, 4468,
 * 4954, 5248, 6531, 6710, 7293, 7372, 7505, 8617, 8689). */
static const char * const enhanced_codes[] = {
  "X.0.0",
  "X.1.0", "X.1.1", "X.1.2", "X.1.3", "X.1.4", "X.1.5", "X.1.6", "X.1.7", "X.1.8",
  "X.1.9", "X.1.10",
  "X.2.0", "X.2.1", "X.2.2", "X.2.3", "X.2.4",
  "X.3.0", "X.3.1", "X.3.2", "X.3.3", "X.3.4", "X.3.5", "X.3.6",
  "X.4.0", "X.4.1", "X.4.2", "X.4.3", "X.4.4", "X.4.5", "X.4.6", "X.4.7",
  "X.5.0", "X.5.1", "X.5.2", "X.5.3", "X.5.4", "X.5.5", "X.5.6",
  "X.6.0", "X.6.1", "X.6.2", "X.6.3", "X.6.4", "X.6.5", "X.6.6", "X.6.7", "X.6.8",
  "X.6.9", "X.6.10",
  "X.7.0", "X.7.1", "X.7.2", "X.7.3", "X.7.4", "X.7.5", "X.7.6", "X.7.7", "X.7.8",
  "X.7.9", "X.7.10", "X.7.11", "X.7.12", "X.7.13", "X.7.14", "X.7.15", "X.7.16",
  "X.7.17", "X.7.18", "X.7.19", "X.7.20", "X.7.21", "X.7.22", "X.7.23", "X.7.24",
  "X.7.25", "X.7.26", "X.7.27", "X.7.28", "X.7.29", "X.7.30",
};

/* Provider codes and tags that marketers meet most often. */
static const char * const provider_codes[] = {
  "5.1.10", "5.7.133", "5.7.134", "5.7.124", "5.7.509", "5.7.510", "5.7.511",
  "5.7.512", "5.7.606", "5.7.620", "5.7.649", "5.7.705", "4.7.500", "4.7.650",
  "4.7.699", "5.2.121", "5.2.122", "4.3.2", "5.4.1", "5.5.0",
  "4.2.1", "4.2.2", "5.2.2", "5.2.1", "5.4.5", "4.7.26", "5.7.26", "4.7.27",
  "5.7.27", "4.7.28", "5.7.28", "4.7.30", "5.7.30", "4.7.32", "5.7.32",
  "5.1.90", "5.4.14", "5.7.57", "5.7.64", "5.7.350",
  "TS01", "TS02", "TS03", "TSS02",
  "TSS04", "tss09", "TSS11", "BL21", "BL23", "PH01", "554.30",
  "HME1", "CS01", "5.1.6",
  "OFR_506", "OFR_999", "OFR004_104",
};

static gboolean
is_verdict (BounceCategory category)
{
  return category == BOUNCE_CATEGORY_HARD || category == BOUNCE_CATEGORY_SOFT ||
         category == BOUNCE_CATEGORY_BLOCKED;
}

static void
test_table_fields (void)
{
  g_autoptr(GPtrArray) entries = bounce_status_code_list ();

  /* Over 150 codes, so a parse that stops early fails here. */
  g_assert_cmpuint (entries->len, >, 150);

  for (guint i = 0; i < entries->len; i++)
    {
      const BounceStatusCode *code = g_ptr_array_index (entries, i);

      g_test_message ("%s (%s)", code->code, code->provider ? code->provider : "RFC");
      g_assert_cmpstr (code->code, !=, "");
      g_assert_cmpstr (code->title, !=, "");
      g_assert_cmpstr (code->meaning, !=, "");
      g_assert_cmpstr (code->causes, !=, "");
      g_assert_cmpstr (code->action, !=, "");
      g_assert_cmpstr (code->source, !=, "");
      g_assert_nonnull (bounce_status_code_subject_get_title (code->subject));
      g_assert_nonnull (bounce_reason_get_description (code->reason));
      g_assert_true (code->status_class >= '2' && code->status_class <= '5');
      g_assert_true (is_verdict (code->category) ||
                     code->category == BOUNCE_CATEGORY_UNKNOWN ||
                     code->category == BOUNCE_CATEGORY_DELIVERED ||
                     code->category == BOUNCE_CATEGORY_NOT_BOUNCE);
      g_assert_cmpstr (bounce_status_code_get_category_label (code), !=, "");
      if (code->provider != NULL)
        g_assert_nonnull (bounce_status_code_provider_get_name (code->provider));
      else
        g_assert_true (code->source[0] == 'R' || code->source[0] == 'I');
    }
}

static void
test_coverage_reply (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (reply_codes); i++)
    {
      const BounceStatusCode *code = bounce_status_code_lookup (reply_codes[i]);

      g_test_message ("%s", reply_codes[i]);
      g_assert_nonnull (code);
      g_assert_cmpstr (code->code, ==, reply_codes[i]);
      g_assert_true (bounce_status_code_is_known (reply_codes[i]));
      g_assert_cmpint (code->status_class, ==, reply_codes[i][0]);
    }
}

static void
test_coverage_enhanced (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (enhanced_codes); i++)
    for (const char *klass = "245"; *klass != '\0'; klass++)
      {
        g_autofree char *key = g_strdup (enhanced_codes[i]);
        const BounceStatusCode *code;

        key[0] = *klass;
        g_test_message ("%s", key);
        code = bounce_status_code_lookup (key);
        g_assert_nonnull (code);
        g_assert_cmpstr (code->code, ==, key);
        g_assert_true (bounce_status_code_is_known (key));
      }
}

static void
test_coverage_providers (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (provider_codes); i++)
    {
      g_autoptr(GPtrArray) entries = NULL;
      const char *provider;

      g_test_message ("%s", provider_codes[i]);
      g_assert_true (bounce_status_code_is_known (provider_codes[i]));

      entries = bounce_status_code_explain (NULL, provider_codes[i], NULL);
      provider = NULL;
      for (guint j = 0; j < entries->len && provider == NULL; j++)
        provider = ((const BounceStatusCode *) g_ptr_array_index (entries, j))->provider;
      g_assert_nonnull (provider);
    }

  /* Outside Microsoft's ranges the code is unknown. */
  g_assert_false (bounce_status_code_is_known ("5.7.650"));
  g_assert_false (bounce_status_code_is_known ("4.7.700"));
}

static const BounceStatusCode *
find_provider_entry (GPtrArray  *entries,
                     const char *provider)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const BounceStatusCode *code = g_ptr_array_index (entries, i);

      if (g_strcmp0 (code->provider, provider) == 0)
        return code;
    }

  return NULL;
}

static void
test_mailbox_full_phrases (void)
{
  static const char * const texts[] = {
    "552 5.2.2 Mailbox full",
    "452 4.2.2 The email account that you tried to reach is over quota.",
    "550 Postfach voll",
    "550 5.1.1 user over quota (#5.1.1)",
    "552 Requested mail action aborted: exceeded storage allocation",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GPtrArray) entries = NULL;
      g_autofree char *reply = NULL;
      g_autofree char *status = NULL;

      g_test_message ("%s", texts[i]);
      bounce_status_code_parse_line (texts[i], &reply, &status);
      entries = bounce_status_code_explain (reply, status, texts[i]);
      g_assert_nonnull (find_provider_entry (entries, "mailbox-full"));
    }
}

/* The four codes that guides for marketers cite most often. */
static void
test_marketer_550 (void)
{
  const BounceStatusCode *code = bounce_status_code_lookup ("550");

  g_assert_cmpint (code->status_class, ==, '5');
  g_assert_cmpint (code->category, ==, BOUNCE_CATEGORY_UNKNOWN);
  g_assert_nonnull (strstr (code->meaning, "does not exist"));
  g_assert_nonnull (strstr (code->meaning, "text"));

  /* Hard only when the text states that the mailbox does not exist, at the
   * RCPT TO command (after DATA, content filters say it too). */
  g_assert_cmpint (bounce_classify (NULL, "550", "failed",
                                    "550 The email account that you tried to reach does not exist "
                                    "(in reply to RCPT TO command)", NULL),
                   ==, BOUNCE_CATEGORY_HARD);
  g_assert_cmpint (bounce_classify (NULL, "550", "failed", "", NULL),
                   !=, BOUNCE_CATEGORY_HARD);
}

static void
test_marketer_421 (void)
{
  const BounceStatusCode *code = bounce_status_code_lookup ("421");

  g_assert_cmpstr (code->title, ==, "Service not available");
  g_assert_cmpint (code->status_class, ==, '4');
  g_assert_cmpint (code->category, ==, BOUNCE_CATEGORY_SOFT);
  g_assert_nonnull (strstr (code->meaning, "for now"));
}

static void
test_marketer_554 (void)
{
  const BounceStatusCode *code = bounce_status_code_lookup ("554");

  g_assert_cmpstr (code->title, ==, "Transaction failed");
  g_assert_cmpint (code->status_class, ==, '5');
  g_assert_cmpint (code->category, ==, BOUNCE_CATEGORY_BLOCKED);
  g_assert_nonnull (strstr (code->meaning, "spam"));
  g_assert_nonnull (strstr (code->meaning, "policy"));
}

static void
test_marketer_450 (void)
{
  const BounceStatusCode *code = bounce_status_code_lookup ("450");

  g_assert_cmpint (code->status_class, ==, '4');
  g_assert_cmpint (code->category, ==, BOUNCE_CATEGORY_SOFT);
  g_assert_nonnull (strstr (code->meaning, "busy"));
  g_assert_nonnull (strstr (code->meaning, "full"));
}

/* The classifier reads its code-implied verdict from the same table. Every
 * RFC or IANA entry with a verdict of its own gets that verdict from
 * bounce_classify() when the server's text is empty. */
static void
test_classifier_reads_table (void)
{
  g_autoptr(GPtrArray) entries = bounce_status_code_list ();
  guint checked = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      const BounceStatusCode *code = g_ptr_array_index (entries, i);
      gboolean is_reply = strchr (code->code, '.') == NULL;
      const char *reason = NULL;
      BounceCategory category;

      if (code->provider != NULL || !is_verdict (code->category) || strchr (code->code, 'x'))
        continue;

      g_test_message ("%s", code->code);
      category = bounce_classify (is_reply ? NULL : code->code, is_reply ? code->code : NULL,
                                  "failed", "", &reason);
      g_assert_cmpstr (bounce_category_to_string (category), ==,
                       bounce_category_to_string (code->category));
      g_assert_cmpstr (reason, ==, code->reason);
      checked++;
    }

  g_assert_cmpuint (checked, >, 100);
}

/* Provider entries and the classifier agree on real-world wordings: the
 * entry the line names implies the verdict bounce_classify() gives it. */
static void
test_providers_agree_with_classifier (void)
{
  static const struct
  {
    const char *line;
    const char *provider;
    const char *code;
  } cases[] = {
    { "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
      "microsoft", "5.1.10" },
    { "550 5.4.1 Recipient address rejected: Access denied. AS(201806281)", "microsoft", "5.4.1" },
    { "550 5.7.1 Unfortunately, messages from [192.0.2.10] weren't sent. Please contact your Internet "
      "service provider since part of their network is on our block list (S3150).", "microsoft", "S3150" },
    { "550 5.7.606 Access denied, banned sending IP [192.0.2.10].", "microsoft", "5.7.606-649" },
    { "451 4.7.650 The mail server [192.0.2.10] has been temporarily rate limited due to IP reputation.",
      "microsoft", "4.7.500-699" },
    { "550 5.7.509 Access denied, sending domain example.com does not pass DMARC verification "
      "and has a DMARC policy of reject.", "microsoft", "5.7.509" },
    { "550-5.1.1 The email account that you tried to reach does not exist.", "google", "5.1.1" },
    { "550-5.2.1 The email account that you tried to reach is disabled.", "google", "5.2.1" },
    { "452-4.2.2 The email account that you tried to reach is over quota.", "google", "4.2.2" },
    { "450-4.2.1 The user you are trying to contact is receiving mail too quickly.", "google", "4.2.1" },
    { "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy.",
      "google", "5.7.26" },
    { "421-4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your "
      "IP address.", "google", "4.7.28" },
    { "554 delivery error: dd This user doesn't have a yahoo.com account (someone@example.com)",
      "yahoo", "554" },
    { "554 30 Sorry, your message to someone@example.com cannot be delivered. This mailbox is "
      "disabled (554.30).", "yahoo", "554.30" },
    { "421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume "
      "or user complaints", "yahoo", "TSS04" },
    { "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.10, because the ip is in "
      "Spamhaus's list", "yahoo", "BL21" },
    { "554 5.7.9 Message not accepted for policy reasons. [PH01]", "yahoo", "PH01" },
    { "550 5.1.1 <someone@example.com>: inactive email address (in reply to RCPT TO command)",
      "apple", "5.1.1" },
    { "554 5.7.1 [HME1] Message rejected due to local policy.", "apple", "HME1" },
    { "552 5.2.2 <someone@example.com>: user is over quota", "apple", "5.2.2" },
    { "host mx01.gmx.net[192.0.2.40] said: 550 Requested action not taken: mailbox unavailable "
      "(in reply to RCPT TO command)", "gmx", "550" },
    { "554-IP address is block listed. For explanation visit https://postmaster.gmx.net/en/case",
      "gmx", "554" },
    { "530 5.7.57 Client not authenticated to send mail.", "microsoft", "5.7.57" },
    { "550 5.7.64 TenantAttribution; Relay Access Denied", "microsoft", "5.7.64" },
    { "550 5.7.350 Remote server returned message detected as spam -> 554 5.7.1 Message rejected",
      "microsoft", "5.7.350" },
    { "554 5.4.14 Hop count exceeded - possible mail loop", "microsoft", "5.4.14" },
    { "550 5.1.90 Your message can't be sent because you've reached your daily limit for message "
      "recipients.", "microsoft", "5.1.90" },
    { "421 4.7.0 [TS02] Messages from 192.0.2.10 temporarily deferred due to user complaints",
      "yahoo", "TS02" },
    { "421 4.7.1 [TS03] All messages from 192.0.2.10 will be permanently deferred; Retrying will "
      "NOT succeed.", "yahoo", "TS03" },
    { "450 4.7.1 Error: too much mail from 192.0.2.10", "apple", "4.7.1" },
    { "550 5.2.121 Recipient's hourly message receive limit from specific sender exceeded",
      "microsoft", "5.2.121-122" },
    { "550 5.2.0 Mail rejete. Mail rejected. ofr_506 [506]", "orange", "OFR_506" },
    { "421 mwinf5c10 ME Service refuse. Veuillez essayer plus tard. Service refused, please try "
      "later. OFR_999 [999]", "orange", "OFR_999" },
    { "552 Sorry, the mailbox of the recipient is full", "mailbox-full", "mailbox-full" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *reply = NULL;
      g_autofree char *status = NULL;
      g_autoptr(GPtrArray) entries = NULL;
      const BounceStatusCode *entry;
      BounceCategory category;

      g_test_message ("%s", cases[i].line);
      bounce_status_code_parse_line (cases[i].line, &reply, &status);
      entries = bounce_status_code_explain (reply, status, cases[i].line);
      entry = find_provider_entry (entries, cases[i].provider);
      g_assert_nonnull (entry);
      g_assert_cmpstr (entry->code, ==, cases[i].code);

      category = bounce_classify (status, reply, "failed", cases[i].line, NULL);
      g_assert_cmpstr (bounce_category_to_string (category), ==,
                       bounce_category_to_string (entry->category));
    }
}

static void
test_explain_combined (void)
{
  const char *line = "550-5.1.1 The email account that you tried to reach does not exist";
  g_autofree char *reply = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  const BounceStatusCode *code;

  g_assert_true (bounce_status_code_parse_line (line, &reply, &status));
  g_assert_cmpstr (reply, ==, "550");
  g_assert_cmpstr (status, ==, "5.1.1");

  entries = bounce_status_code_explain (reply, status, line);
  g_assert_cmpuint (entries->len, ==, 3);
  code = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (code->provider, ==, "google");
  g_assert_cmpint (code->category, ==, BOUNCE_CATEGORY_HARD);
  code = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (code->code, ==, "5.1.1");
  g_assert_null (code->provider);
  code = g_ptr_array_index (entries, 2);
  g_assert_cmpstr (code->code, ==, "550");
}

static void
test_explain_provider_text (void)
{
  g_autoptr(GPtrArray) tagged = NULL;
  g_autoptr(GPtrArray) other = NULL;
  const BounceStatusCode *code;

  /* A tag in the text names the provider's entry. */
  tagged = bounce_status_code_explain ("421", "4.7.0",
                                       "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred");
  code = find_provider_entry (tagged, "yahoo");
  g_assert_nonnull (code);
  g_assert_cmpstr (code->code, ==, "TSS04");
  g_assert_cmpint (code->category, ==, BOUNCE_CATEGORY_BLOCKED);

  /* Microsoft's 5.7.1 block-list entry needs its words in the text. */
  other = bounce_status_code_explain ("550", "5.7.1", "550 5.7.1 Delivery not authorized");
  g_assert_null (find_provider_entry (other, "microsoft"));
}

/* A provider's entry for a code or words that every server uses applies
 * only to that provider's replies: its host names or its exact wording. */
static void
test_explain_provider_only (void)
{
  static const struct
  {
    const char *line;
    const char *provider;
  } cases[] = {
    { "host mx.example.org[192.0.2.30] said: 550 Requested action not taken: mailbox unavailable "
      "(in reply to RCPT TO command)", "gmx" },
    { "550-Requested action not taken: mailbox unavailable 550 Reject due to policy restrictions.", "gmx" },
    { "421 too many connections from your IP, try later", "gmx" },
    { "550 5.1.1 Sender does not exist", "google" },
    { "550 5.2.1 Mailbox disabled for this recipient", "google" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *reply = NULL;
      g_autofree char *status = NULL;
      g_autoptr(GPtrArray) entries = NULL;

      g_test_message ("%s", cases[i].line);
      bounce_status_code_parse_line (cases[i].line, &reply, &status);
      entries = bounce_status_code_explain (reply, status, cases[i].line);
      g_assert_null (find_provider_entry (entries, cases[i].provider));
    }
}

static void
test_parse_line (void)
{
  static const struct
  {
    const char *line;
    const char *reply;
    const char *status;
  } cases[] = {
    { "550 5.1.1", "550", "5.1.1" },
    { "550", "550", NULL },
    { "5.7.26", NULL, "5.7.26" },
    { "smtp; 550 Requested action not taken", "550", NULL },
    { "Remote Server returned '550 5.4.1 Recipient address rejected: Access denied'", "550", "5.4.1" },
    { "user over quota (#5.1.1)", NULL, "5.1.1" },
    { "host mx.example.com said: 452-4.2.2 The email account is over quota.", "452", "4.2.2" },
    { "Delivery failed: 550 mailbox unavailable", "550", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *reply = NULL;
      g_autofree char *status = NULL;

      g_test_message ("%s", cases[i].line);
      g_assert_true (bounce_status_code_parse_line (cases[i].line, &reply, &status));
      g_assert_cmpstr (reply, ==, cases[i].reply);
      g_assert_cmpstr (status, ==, cases[i].status);
    }

  {
    g_autofree char *reply = NULL;
    g_autofree char *status = NULL;

    g_assert_false (bounce_status_code_parse_line ("Mailbox full", &reply, &status));
    g_assert_null (reply);
    g_assert_null (status);
  }
}

static void
test_unknown_code (void)
{
  g_assert_false (bounce_status_code_is_known ("599"));
  g_assert_cmpstr (bounce_status_code_lookup ("599")->code, ==, "5xx");
  g_assert_false (bounce_status_code_is_known ("4.9.9"));
  g_assert_cmpstr (bounce_status_code_lookup ("4.9.9")->code, ==, "4.0.0");
  g_assert_null (bounce_status_code_lookup ("9.9.9"));
  g_assert_nonnull (strstr (bounce_status_code_class_get_meaning ('4'), "temporary"));
  g_assert_nonnull (strstr (bounce_status_code_class_get_meaning ('5'), "permanent"));
}

/* A text shaped like a code outside the classes of RFC 5321 and RFC 3463
 * gets a reason. Codes of a valid class and other texts get none. */
static void
test_invalid_reason (void)
{
  static const struct
  {
    const char *text;
    const char *reason;  /* NULL: not an invalid code */
  } cases[] = {
    { "999", "999 is not an SMTP reply code: reply codes start with 2, 3, 4 or 5 (RFC 5321 section 4.2)." },
    { " 199 ", "199 is not an SMTP reply code: reply codes start with 2, 3, 4 or 5 (RFC 5321 section 4.2)." },
    { "099", "099 is not an SMTP reply code: reply codes start with 2, 3, 4 or 5 (RFC 5321 section 4.2)." },
    { "9.9.9", "9.9.9 is not an enhanced status code: such codes start with 2, 4 or 5 (RFC 3463 section 2)." },
    { "3.1.1", "3.1.1 is not an enhanced status code: such codes start with 2, 4 or 5 (RFC 3463 section 2)." },
    { "550", NULL },
    { "569", NULL },
    { "5.1.1", NULL },
    { "4.9.9", NULL },
    { "9999", NULL },
    { "999 hello", NULL },
    { "hello", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *reason = bounce_status_code_dup_invalid_reason (cases[i].text);

      g_test_message ("“%s”", cases[i].text);
      g_assert_cmpstr (reason, ==, cases[i].reason);
    }
}

static guint
count_lines (char       **lines,
             const char  *text)
{
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_equal (lines[i], text);

  return n;
}

/* Untranslated, each text is searched once. */
static void
test_search_text (void)
{
  const BounceStatusCode *code = bounce_status_code_lookup ("5.1.1");
  g_autofree char *text = bounce_status_code_dup_search_text (code);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  g_assert_cmpuint (count_lines (lines, "5.1.1"), ==, 1);
  g_assert_cmpuint (count_lines (lines, code->title), ==, 1);
  g_assert_cmpuint (count_lines (lines, code->meaning), ==, 1);
  g_assert_cmpuint (count_lines (lines, code->causes), ==, 1);
  g_assert_cmpuint (count_lines (lines, code->action), ==, 1);
  g_assert_cmpuint (count_lines (lines, code->source), ==, 1);
  g_assert_cmpuint (count_lines (lines, "Addressing"), ==, 1);
}

/* Translated, an entry is searched in the catalogue's English too,
 * because servers usually write their bounces in English. */
static void
test_search_text_translated (void)
{
  const char * const translations[] = {
    "Mailbox full", "Postfach voll",
    "The recipient’s mailbox is full.", "Das Postfach des Empfängers ist voll.",
    "Mailbox", "Postfach",
    NULL
  };
  g_autofree char *folder = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  const BounceStatusCode *code;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  /* The catalogue translates when it is first read, so after this. */
  folder = catalogue_fixture_use ("de", translations);
  code = bounce_status_code_lookup ("4.2.2");
  text = bounce_status_code_dup_search_text (code);
  lines = g_strsplit (text, "\n", -1);

  g_assert_cmpstr (code->title, ==, "Postfach voll");
  g_assert_cmpuint (count_lines (lines, "Postfach voll"), ==, 1);
  g_assert_cmpuint (count_lines (lines, "Mailbox full"), ==, 1);
  g_assert_cmpuint (count_lines (lines, "Das Postfach des Empfängers ist voll."), ==, 1);
  g_assert_cmpuint (count_lines (lines, "The recipient’s mailbox is full."), ==, 1);
  g_assert_cmpuint (count_lines (lines, "Postfach"), ==, 1);
  g_assert_cmpuint (count_lines (lines, "Mailbox"), ==, 1);
  /* A text the catalogue does not translate is there once. */
  g_assert_cmpuint (count_lines (lines, code->causes), ==, 1);

  catalogue_fixture_remove (folder, "de");
}

/* Every entry's source (an RFC section, a provider's page) is among the
 * texts that xgettext collects, so translators see it. */
static void
test_sources_translatable (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "app", "core",
                                                 "bounce-status-codes-strings.h", NULL);
  g_autofree char *strings = NULL;
  g_autoptr(GPtrArray) entries = bounce_status_code_list ();
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &strings, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < entries->len; i++)
    {
      const BounceStatusCode *code = g_ptr_array_index (entries, i);
      g_autofree char *marked = g_strdup_printf ("N_(\"%s\");", code->source);

      g_test_message ("%s: %s", code->code, code->source);
      g_assert_nonnull (strstr (strings, marked));
    }
}

int
main (int   argc,
      char *argv[])
{
  /* The English texts are what the tests compare. */
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/status-codes/table/fields", test_table_fields);
  g_test_add_func ("/status-codes/coverage/reply", test_coverage_reply);
  g_test_add_func ("/status-codes/coverage/enhanced", test_coverage_enhanced);
  g_test_add_func ("/status-codes/coverage/providers", test_coverage_providers);
  g_test_add_func ("/status-codes/coverage/mailbox-full", test_mailbox_full_phrases);
  g_test_add_func ("/status-codes/marketer/550", test_marketer_550);
  g_test_add_func ("/status-codes/marketer/421", test_marketer_421);
  g_test_add_func ("/status-codes/marketer/554", test_marketer_554);
  g_test_add_func ("/status-codes/marketer/450", test_marketer_450);
  g_test_add_func ("/status-codes/classifier-reads-table", test_classifier_reads_table);
  g_test_add_func ("/status-codes/providers-agree", test_providers_agree_with_classifier);
  g_test_add_func ("/status-codes/explain/combined", test_explain_combined);
  g_test_add_func ("/status-codes/explain/provider-text", test_explain_provider_text);
  g_test_add_func ("/status-codes/explain/provider-only", test_explain_provider_only);
  g_test_add_func ("/status-codes/parse-line", test_parse_line);
  g_test_add_func ("/status-codes/sources-translatable", test_sources_translatable);
  g_test_add_func ("/status-codes/unknown", test_unknown_code);
  g_test_add_func ("/status-codes/invalid-reason", test_invalid_reason);
  g_test_add_func ("/status-codes/search-text", test_search_text);
  g_test_add_func ("/status-codes/search-text/translated", test_search_text_translated);

  return g_test_run ();
}

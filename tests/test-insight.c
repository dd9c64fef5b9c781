/* test-insight.c: the summary's figures, findings, charts and reports on
 * a list whose expected values are counted by hand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "bounce-core.h"
#include "catalogue-fixture.h"
#include "record-fixture.h"

/* tests/data/insight/contacts.csv, by row (line - 2):
 *   0 h1@blocky.example.com   hard
 *   1 h2@example.org          hard
 *   2 b1@blocky.example.com   blocked, authentication failed
 *   3 b2@blocky.example.com   blocked, reputation
 *   4 b3@blocky.example.com   blocked, reputation
 *   5 s1@example.org          soft, from two sends
 *   6 c1@example.net          complaint
 *   7 u1@example.net          unknown
 *   8-37 q1-q30@mail.example.com, q1 an auto-reply, q2 a delay
 *  38 H2@Example.org          duplicate of row 1, so hard too
 *  39 bad@@example.org        invalid
 *  40 fay@mial.example.com    typo
 *  41 gus@mial.example.com    typo
 *  42 info@example.net        role
 *  43 (empty)
 *  44 <script>alert(1)</script>@example.com  invalid, and HTML to escape
 * Contacts: rows 0-37 and 40-42, so 41 addresses. */
#define N_ROWS      45
#define N_ADDRESSES 41

static BounceRecord *
make_record (const char     *recipient,
             BounceCategory  category,
             const char     *reason,
             int             day,
             const char     *message_id)
{
  BounceRecord *record = record_fixture_new (recipient, category, reason, "");

  bounce_record_set_string (&record->original_message_id, message_id);
  if (day > 0)
    record->date = g_date_time_new_utc (2026, 3, day, 10, 30, 0);

  return record;
}

static GPtrArray *
make_records (void)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);

  g_ptr_array_add (records, make_record ("h1@blocky.example.com", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, 2, "<a@send>"));
  g_ptr_array_add (records, make_record ("h2@example.org", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, 2, "<a@send>"));
  g_ptr_array_add (records, make_record ("b1@blocky.example.com", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, 2, "<a@send>"));
  g_ptr_array_add (records, make_record ("b2@blocky.example.com", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION, 3, "<a@send>"));
  g_ptr_array_add (records, make_record ("b3@blocky.example.com", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION, 5, "<b@send>"));
  g_ptr_array_add (records, make_record ("s1@example.org", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL, 2, "<a@send>"));
  g_ptr_array_add (records, make_record ("s1@example.org", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL, 5, "<b@send>"));
  g_ptr_array_add (records, make_record ("c1@example.net", BOUNCE_CATEGORY_COMPLAINT, BOUNCE_REASON_SPAM_COMPLAINT, 3, "<a@send>"));
  g_ptr_array_add (records, make_record ("u1@example.net", BOUNCE_CATEGORY_UNKNOWN, BOUNCE_REASON_UNDETERMINED, 3, "<a@send>"));
  g_ptr_array_add (records, make_record ("gone@example.com", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, 5, "<b@send>"));
  g_ptr_array_add (records, make_record ("q1@mail.example.com", BOUNCE_CATEGORY_AUTO_REPLY, BOUNCE_REASON_AUTO_REPLY, 2, "<a@send>"));
  g_ptr_array_add (records, make_record ("q2@mail.example.com", BOUNCE_CATEGORY_DELAYED, BOUNCE_REASON_DELAYED, 4, "<a@send>"));
  g_ptr_array_add (records, make_record ("", BOUNCE_CATEGORY_NOT_BOUNCE, BOUNCE_REASON_NONE, 0, ""));

  return records;
}

typedef struct
{
  BounceContactList *contacts;
  GPtrArray         *records;
  BounceCleaner     *cleaner;
  BounceHygiene     *hygiene;
  BounceCleanPolicy  policy;
  BounceInsight     *insight;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "insight", "contacts.csv", NULL);
  g_autoptr(GError) error = NULL;

  fixture->contacts = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  fixture->records = make_records ();
  fixture->cleaner = bounce_cleaner_new (fixture->contacts, fixture->records);
  fixture->hygiene = bounce_hygiene_new (fixture->contacts, NULL);
  bounce_clean_policy_init (&fixture->policy);
  fixture->policy.hygiene = fixture->hygiene;
  fixture->insight = bounce_insight_new (fixture->cleaner, fixture->records, &fixture->policy);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->insight);
  g_clear_object (&fixture->hygiene);
  g_clear_object (&fixture->cleaner);
  g_clear_pointer (&fixture->records, g_ptr_array_unref);
  g_clear_object (&fixture->contacts);
}

static void
test_figures (Fixture       *fixture,
              gconstpointer  data)
{
  const BounceInsightFigures *figures = bounce_insight_get_figures (fixture->insight);

  g_assert_cmpuint (figures->rows, ==, N_ROWS);
  g_assert_cmpuint (figures->addresses, ==, N_ADDRESSES);
  g_assert_cmpuint (figures->read.bounce_recipients, ==, 12);
  g_assert_cmpuint (figures->failures, ==, 9);

  g_assert_cmpuint (figures->record_counts[BOUNCE_CATEGORY_HARD], ==, 3);
  g_assert_cmpuint (figures->record_counts[BOUNCE_CATEGORY_BLOCKED], ==, 3);
  g_assert_cmpuint (figures->record_counts[BOUNCE_CATEGORY_SOFT], ==, 2);
  g_assert_cmpuint (figures->record_counts[BOUNCE_CATEGORY_COMPLAINT], ==, 1);
  g_assert_cmpuint (figures->record_counts[BOUNCE_CATEGORY_NOT_BOUNCE], ==, 1);

  g_assert_cmpuint (figures->contact_counts[BOUNCE_CATEGORY_HARD], ==, 2);
  g_assert_cmpuint (figures->contact_counts[BOUNCE_CATEGORY_BLOCKED], ==, 3);
  g_assert_cmpuint (figures->contact_counts[BOUNCE_CATEGORY_SOFT], ==, 1);
  g_assert_cmpuint (figures->contact_counts[BOUNCE_CATEGORY_COMPLAINT], ==, 1);
  g_assert_cmpuint (figures->contact_counts[BOUNCE_CATEGORY_UNKNOWN], ==, 1);
  g_assert_cmpuint (figures->contact_counts[BOUNCE_CATEGORY_AUTO_REPLY], ==, 1);
  g_assert_cmpuint (figures->contact_counts[BOUNCE_CATEGORY_DELAYED], ==, 1);
  g_assert_cmpuint (figures->contact_counts[BOUNCE_CATEGORY_NOT_BOUNCE], ==, N_ADDRESSES - 10);

  g_assert_cmpuint (figures->bounced, ==, 7);
  g_assert_cmpfloat_with_epsilon (figures->bounce_rate, 7.0 / N_ADDRESSES, 1e-9);
  g_assert_cmpfloat_with_epsilon (figures->hard_rate, 2.0 / N_ADDRESSES, 1e-9);
  g_assert_cmpfloat_with_epsilon (figures->complaint_rate, 1.0 / N_ADDRESSES, 1e-9);

  /* Removed: the two hard rows and the duplicate of one, the complaint,
   * and the two invalid addresses. */
  g_assert_cmpuint (figures->rows_removed, ==, 6);
  g_assert_cmpuint (figures->rows_kept, ==, N_ROWS - 6);
  g_assert_cmpuint (figures->unmatched, ==, 1);

  g_assert_true (figures->has_hygiene);
  g_assert_cmpuint (figures->hygiene.invalid, ==, 2);
  g_assert_cmpuint (figures->hygiene.empty, ==, 1);
  g_assert_cmpuint (figures->hygiene.flagged[0], ==, 2); /* typo */
  g_assert_cmpuint (figures->hygiene.flagged[2], ==, 1); /* duplicate */
  g_assert_cmpuint (figures->hygiene.flagged[3], ==, 1); /* role */
}

static void
test_domains (Fixture       *fixture,
              gconstpointer  data)
{
  GPtrArray *domains = bounce_insight_get_domains (fixture->insight);
  const BounceInsightDomain *domain;

  g_assert_cmpuint (domains->len, ==, 3);

  domain = domains->pdata[0];
  g_assert_cmpstr (domain->domain, ==, "blocky.example.com");
  g_assert_cmpuint (domain->total, ==, 4);
  g_assert_cmpuint (domain->counts[BOUNCE_CATEGORY_HARD], ==, 1);
  g_assert_cmpuint (domain->counts[BOUNCE_CATEGORY_BLOCKED], ==, 3);

  /* Ties go by name. */
  domain = domains->pdata[1];
  g_assert_cmpstr (domain->domain, ==, "example.net");
  g_assert_cmpuint (domain->total, ==, 2);
  g_assert_cmpuint (domain->counts[BOUNCE_CATEGORY_COMPLAINT], ==, 1);
  g_assert_cmpuint (domain->counts[BOUNCE_CATEGORY_UNKNOWN], ==, 1);

  domain = domains->pdata[2];
  g_assert_cmpstr (domain->domain, ==, "example.org");
  g_assert_cmpuint (domain->counts[BOUNCE_CATEGORY_HARD], ==, 1);
  g_assert_cmpuint (domain->counts[BOUNCE_CATEGORY_SOFT], ==, 1);
}

static void
test_days (Fixture       *fixture,
           gconstpointer  data)
{
  GArray *days = bounce_insight_get_days (fixture->insight);
  const BounceInsightDay *day;

  /* 2 to 5 March. The 4th has only a delay, which the chart leaves out. */
  g_assert_cmpuint (days->len, ==, 4);

  day = &g_array_index (days, BounceInsightDay, 0);
  g_assert_cmpint (day->year, ==, 2026);
  g_assert_cmpint (day->month, ==, 3);
  g_assert_cmpint (day->day, ==, 2);
  g_assert_cmpuint (day->total, ==, 4);
  g_assert_cmpuint (day->counts[BOUNCE_CATEGORY_HARD], ==, 2);
  g_assert_cmpuint (day->counts[BOUNCE_CATEGORY_BLOCKED], ==, 1);
  g_assert_cmpuint (day->counts[BOUNCE_CATEGORY_SOFT], ==, 1);

  day = &g_array_index (days, BounceInsightDay, 1);
  g_assert_cmpint (day->day, ==, 3);
  g_assert_cmpuint (day->total, ==, 3);

  day = &g_array_index (days, BounceInsightDay, 2);
  g_assert_cmpint (day->day, ==, 4);
  g_assert_cmpuint (day->total, ==, 0);

  day = &g_array_index (days, BounceInsightDay, 3);
  g_assert_cmpint (day->day, ==, 5);
  g_assert_cmpuint (day->total, ==, 3);
  g_assert_cmpuint (day->counts[BOUNCE_CATEGORY_HARD], ==, 1);
}

static void
assert_rows (const BounceFinding *finding,
             const guint         *expected,
             guint                n_expected)
{
  g_assert_cmpuint (finding->rows->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpuint (g_array_index (finding->rows, guint, i), ==, expected[i]);
}

static void
test_findings (Fixture       *fixture,
               gconstpointer  data)
{
  GPtrArray *findings = bounce_insight_get_findings (fixture->insight);
  static const BounceFindingKind kinds[] = {
    BOUNCE_FINDING_HARD_RATE, BOUNCE_FINDING_COMPLAINT_RATE, BOUNCE_FINDING_AUTHENTICATION,
    BOUNCE_FINDING_BLOCKED_DOMAIN, BOUNCE_FINDING_TYPO_DOMAIN, BOUNCE_FINDING_INVALID,
    BOUNCE_FINDING_ROLE, BOUNCE_FINDING_SOFT_NEAR_LIMIT, BOUNCE_FINDING_UNMATCHED,
  };
  static const guint hard_rows[] = { 0, 1, 38 };
  static const guint complaint_rows[] = { 6 };
  static const guint authentication_rows[] = { 2 };
  static const guint blocked_rows[] = { 2, 3, 4 };
  static const guint typo_rows[] = { 40, 41 };
  static const guint invalid_rows[] = { 39, 44 };
  static const guint role_rows[] = { 42 };
  static const guint soft_rows[] = { 5 };
  const BounceFinding *finding;

  g_assert_cmpuint (findings->len, ==, G_N_ELEMENTS (kinds));
  for (guint i = 0; i < findings->len; i++)
    g_assert_cmpstr (bounce_finding_kind_to_string (((BounceFinding *) findings->pdata[i])->kind), ==,
                     bounce_finding_kind_to_string (kinds[i]));

  finding = findings->pdata[0];
  g_assert_cmpint (finding->severity, ==, BOUNCE_SEVERITY_PROBLEM);
  g_assert_nonnull (strstr (finding->text, "4.9%"));
  g_assert_nonnull (strstr (finding->text, "list of 41 addresses is 4.9"));
  g_assert_nonnull (strstr (finding->text, "2 addresses bounced hard."));
  assert_rows (finding, hard_rows, G_N_ELEMENTS (hard_rows));

  finding = findings->pdata[1];
  g_assert_cmpint (finding->severity, ==, BOUNCE_SEVERITY_PROBLEM);
  g_assert_nonnull (strstr (finding->text, "2.4%"));
  assert_rows (finding, complaint_rows, G_N_ELEMENTS (complaint_rows));

  finding = findings->pdata[2];
  assert_rows (finding, authentication_rows, G_N_ELEMENTS (authentication_rows));

  finding = findings->pdata[3];
  g_assert_cmpint (finding->severity, ==, BOUNCE_SEVERITY_WARNING);
  g_assert_cmpstr (finding->subject, ==, "blocky.example.com");
  g_assert_nonnull (strstr (finding->text, "75%"));
  g_assert_nonnull (strstr (finding->text, "3 of 4 contacts"));
  assert_rows (finding, blocked_rows, G_N_ELEMENTS (blocked_rows));

  finding = findings->pdata[4];
  g_assert_cmpstr (finding->subject, ==, "mial.example.com");
  g_assert_nonnull (strstr (finding->text, "2 contacts share the likely typo domain mial.example.com"));
  g_assert_nonnull (strstr (finding->text, "mail.example.com is probably meant"));
  assert_rows (finding, typo_rows, G_N_ELEMENTS (typo_rows));

  finding = findings->pdata[5];
  g_assert_nonnull (strstr (finding->text, "2 addresses are not valid"));
  g_assert_nonnull (strstr (finding->text, "bad@@example.org"));
  g_assert_nonnull (strstr (finding->text, "leaves them out"));
  assert_rows (finding, invalid_rows, G_N_ELEMENTS (invalid_rows));

  /* No finding for the repeated row 38: its hard bounce removes it. */
  finding = findings->pdata[6];
  assert_rows (finding, role_rows, G_N_ELEMENTS (role_rows));

  finding = findings->pdata[7];
  g_assert_nonnull (strstr (finding->text, "1 contact has soft bounces from 2 mailings"));
  assert_rows (finding, soft_rows, G_N_ELEMENTS (soft_rows));

  finding = findings->pdata[8];
  g_assert_nonnull (strstr (finding->text, "1 bounce matches no contact"));
  g_assert_cmpuint (finding->rows->len, ==, 0);
}

static void
test_findings_kept_invalid (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(BounceInsight) insight = NULL;
  BounceCleanPolicy policy = fixture->policy;
  GPtrArray *findings;
  gboolean found = FALSE;

  policy.remove_invalid = FALSE;
  insight = bounce_insight_new (fixture->cleaner, fixture->records, &policy);
  findings = bounce_insight_get_findings (insight);

  for (guint i = 0; i < findings->len; i++)
    {
      const BounceFinding *finding = findings->pdata[i];

      if (finding->kind != BOUNCE_FINDING_INVALID)
        continue;
      g_assert_nonnull (strstr (finding->text, "They are kept"));
      found = TRUE;
    }
  g_assert_true (found);
  g_assert_cmpuint (bounce_insight_get_figures (insight)->rows_removed, ==, 4);
}

/* Advice on the list checks leaves out the rows that the clean removes
 * anyway: a typo domain, a repeated mailbox or a role address of a row
 * that hard-bounced needs no correcting. Rows the clean keeps are still
 * listed. */
static void
test_findings_removed_rows (void)
{
  static const char csv[] =
    "Email,Name\n"
    "peter@mial.example.com,Peter Typo\n"   /* 0 typo, hard */
    "rosa@mial.example.com,Rosa Typo\n"     /* 1 typo, kept */
    "jo@example.org,Jo One\n"               /* 2 hard */
    "JO@example.org,Jo Again\n"             /* 3 repeats row 2, hard */
    "kim@example.org,Kim One\n"             /* 4 */
    "kim@example.org,Kim Again\n"           /* 5 repeats row 4, kept */
    "info@example.net,Info Desk\n"          /* 6 role, hard */
    "sales@example.net,Sales Desk\n"        /* 7 role, kept */
    "bad@@example.org,Bad Syntax\n"         /* 8 invalid, kept as chosen */
    "m1@mail.example.com,M One\n"
    "m2@mail.example.com,M Two\n"
    "m3@mail.example.com,M Three\n"
    "m4@mail.example.com,M Four\n"
    "m5@mail.example.com,M Five\n"
    "m6@mail.example.com,M Six\n"
    "m7@mail.example.com,M Seven\n"
    "m8@mail.example.com,M Eight\n";
  static const guint typo_rows[] = { 1 };
  static const guint duplicate_rows[] = { 5 };
  static const guint role_rows[] = { 7 };
  static const guint invalid_rows[] = { 8 };
  g_autofree char *folder = g_dir_make_tmp ("test-insight-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (folder, "contacts.csv", NULL);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(BounceHygiene) hygiene = NULL;
  g_autoptr(BounceInsight) insight = NULL;
  g_autoptr(GError) error = NULL;
  BounceCleanPolicy policy;
  GPtrArray *findings;
  guint n_checked = 0;

  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  contacts = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (records, make_record ("peter@mial.example.com", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, 2, "<a@send>"));
  g_ptr_array_add (records, make_record ("jo@example.org", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, 2, "<a@send>"));
  g_ptr_array_add (records, make_record ("info@example.net", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, 2, "<a@send>"));
  cleaner = bounce_cleaner_new (contacts, records);
  hygiene = bounce_hygiene_new (contacts, NULL);
  bounce_clean_policy_init (&policy);
  policy.hygiene = hygiene;
  policy.remove_invalid = FALSE;
  insight = bounce_insight_new (cleaner, records, &policy);
  findings = bounce_insight_get_findings (insight);

  /* The checks themselves still count every flagged row. */
  g_assert_cmpuint (bounce_insight_get_figures (insight)->hygiene.flagged[0], ==, 2); /* typo */
  g_assert_cmpuint (bounce_insight_get_figures (insight)->hygiene.flagged[2], ==, 2); /* duplicate */
  g_assert_cmpuint (bounce_insight_get_figures (insight)->hygiene.flagged[3], ==, 2); /* role */

  for (guint i = 0; i < findings->len; i++)
    {
      const BounceFinding *finding = findings->pdata[i];

      switch (finding->kind)
        {
        case BOUNCE_FINDING_TYPO_DOMAIN:
          g_assert_nonnull (strstr (finding->text, "1 contact has the likely typo domain mial.example.com"));
          assert_rows (finding, typo_rows, G_N_ELEMENTS (typo_rows));
          n_checked++;
          break;
        case BOUNCE_FINDING_DUPLICATES:
          g_assert_nonnull (strstr (finding->text, "1 row repeats"));
          assert_rows (finding, duplicate_rows, G_N_ELEMENTS (duplicate_rows));
          n_checked++;
          break;
        case BOUNCE_FINDING_ROLE:
          g_assert_nonnull (strstr (finding->text, "1 role address"));
          assert_rows (finding, role_rows, G_N_ELEMENTS (role_rows));
          n_checked++;
          break;
        case BOUNCE_FINDING_INVALID:
          assert_rows (finding, invalid_rows, G_N_ELEMENTS (invalid_rows));
          n_checked++;
          break;
        default:
          break;
        }
    }
  g_assert_cmpuint (n_checked, ==, 4);

  /* With every flagged row removed, no advice is left. */
  g_ptr_array_add (records, make_record ("rosa@mial.example.com", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, 2, "<a@send>"));
  g_ptr_array_add (records, make_record ("kim@example.org", BOUNCE_CATEGORY_COMPLAINT, BOUNCE_REASON_SPAM_COMPLAINT, 2, "<a@send>"));
  g_ptr_array_add (records, make_record ("sales@example.net", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, 2, "<a@send>"));
  g_clear_object (&insight);
  g_clear_object (&cleaner);
  cleaner = bounce_cleaner_new (contacts, records);
  insight = bounce_insight_new (cleaner, records, &policy);
  findings = bounce_insight_get_findings (insight);
  for (guint i = 0; i < findings->len; i++)
    {
      BounceFindingKind kind = ((BounceFinding *) findings->pdata[i])->kind;

      g_assert_cmpint (kind, !=, BOUNCE_FINDING_TYPO_DOMAIN);
      g_assert_cmpint (kind, !=, BOUNCE_FINDING_DUPLICATES);
      g_assert_cmpint (kind, !=, BOUNCE_FINDING_ROLE);
    }

  g_assert_no_errno (g_unlink (path));
  g_assert_no_errno (g_rmdir (folder));
}

static void
test_findings_spread_blocks (void)
{
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(BounceInsight) insight = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "insight", "contacts.csv", NULL);
  g_autoptr(GError) error = NULL;
  BounceCleanPolicy policy;
  GPtrArray *findings;

  contacts = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  /* One block at each of two domains, among hard bounces: no domain
   * has two, so the blocks get one finding of their own. */
  g_ptr_array_add (records, make_record ("b1@blocky.example.com", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION, 2, "<a@send>"));
  g_ptr_array_add (records, make_record ("c1@example.net", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY, 2, "<a@send>"));
  cleaner = bounce_cleaner_new (contacts, records);
  bounce_clean_policy_init (&policy);
  insight = bounce_insight_new (cleaner, records, &policy);
  findings = bounce_insight_get_findings (insight);

  /* Without list checks: no hygiene findings. The hard-bounce rate is
   * 0, below the limit. */
  g_assert_false (bounce_insight_get_figures (insight)->has_hygiene);
  g_assert_cmpuint (findings->len, ==, 2);
  g_assert_cmpint (((BounceFinding *) findings->pdata[0])->kind, ==, BOUNCE_FINDING_HARD_RATE);
  g_assert_cmpint (((BounceFinding *) findings->pdata[0])->severity, ==, BOUNCE_SEVERITY_INFO);
  g_assert_cmpint (((BounceFinding *) findings->pdata[1])->kind, ==, BOUNCE_FINDING_BLOCKED);
  g_assert_nonnull (strstr (((BounceFinding *) findings->pdata[1])->text, "2 contacts’ mail was blocked"));
  g_assert_cmpuint (((BounceFinding *) findings->pdata[1])->rows->len, ==, 2);
  /* One day only: no day chart. */
  g_assert_cmpuint (bounce_insight_get_days (insight)->len, ==, 0);
}

/* tests/data/insight/cells.csv contains list address cells of two
 * addresses each. Every address counts with its own bounces: a finding
 * about a domain or a soft limit is about the address that bounced,
 * whether it comes first in its cell or not. */
static void
test_findings_cell_addresses (void)
{
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(BounceInsight) insight = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "insight", "cells.csv", NULL);
  g_autoptr(GError) error = NULL;
  static const guint soft_rows[] = { 0 };
  static const guint blocked_rows[] = { 2, 3 };
  const BounceInsightDomain *domain;
  const BounceFinding *finding;
  BounceRowVerdict verdict;
  BounceCleanPolicy policy;
  GPtrArray *findings;
  GPtrArray *domains;

  contacts = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  /* Hank bounced hard, so Ivy alone keeps row 0, and one more soft
   * bounce of hers removes it. Jo has as many soft bounces, but Kim
   * keeps row 1 whatever Jo's next mailing does. */
  g_ptr_array_add (records, make_record ("hank@example.com", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, 2, "<a@send>"));
  g_ptr_array_add (records, make_record ("ivy@example.org", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL, 2, "<a@send>"));
  g_ptr_array_add (records, make_record ("ivy@example.org", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL, 5, "<b@send>"));
  g_ptr_array_add (records, make_record ("jo@example.com", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL, 2, "<a@send>"));
  g_ptr_array_add (records, make_record ("jo@example.com", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL, 5, "<b@send>"));
  /* Mia and Ola, the second addresses of rows 2 and 3, were blocked at
   * one domain. */
  g_ptr_array_add (records, make_record ("mia@blocky.example.net", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION, 2, "<a@send>"));
  g_ptr_array_add (records, make_record ("ola@blocky.example.net", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION, 2, "<a@send>"));
  cleaner = bounce_cleaner_new (contacts, records);
  bounce_clean_policy_init (&policy);

  bounce_cleaner_get_address_verdict (cleaner, &policy, 0, "ivy@example.org", &verdict);
  g_assert_cmpuint (verdict.n_soft, ==, 2);
  g_assert_false (verdict.removed);
  bounce_cleaner_get_address_verdict (cleaner, &policy, 0, "hank@example.com", &verdict);
  g_assert_cmpstr (verdict.removal, ==, "hard");

  insight = bounce_insight_new (cleaner, records, &policy);
  findings = bounce_insight_get_findings (insight);
  g_assert_cmpuint (findings->len, ==, 3);

  finding = findings->pdata[0];
  g_assert_cmpint (finding->kind, ==, BOUNCE_FINDING_HARD_RATE);

  finding = findings->pdata[1];
  g_assert_cmpint (finding->kind, ==, BOUNCE_FINDING_BLOCKED_DOMAIN);
  g_assert_cmpstr (finding->subject, ==, "blocky.example.net");
  g_assert_nonnull (strstr (finding->text, "2 of 2 contacts"));
  assert_rows (finding, blocked_rows, G_N_ELEMENTS (blocked_rows));

  finding = findings->pdata[2];
  g_assert_cmpint (finding->kind, ==, BOUNCE_FINDING_SOFT_NEAR_LIMIT);
  g_assert_nonnull (strstr (finding->text, "1 contact has soft bounces from 2 mailings"));
  assert_rows (finding, soft_rows, G_N_ELEMENTS (soft_rows));

  /* Each bounced address is charted at its own domain. */
  domains = bounce_insight_get_domains (insight);
  g_assert_cmpuint (domains->len, ==, 3);
  domain = domains->pdata[0];
  g_assert_cmpstr (domain->domain, ==, "blocky.example.net");
  g_assert_cmpuint (domain->total, ==, 2);
  g_assert_cmpuint (domain->counts[BOUNCE_CATEGORY_BLOCKED], ==, 2);
  domain = domains->pdata[1];
  g_assert_cmpstr (domain->domain, ==, "example.com");
  g_assert_cmpuint (domain->total, ==, 2);
  g_assert_cmpuint (domain->counts[BOUNCE_CATEGORY_HARD], ==, 1);
  g_assert_cmpuint (domain->counts[BOUNCE_CATEGORY_SOFT], ==, 1);
  domain = domains->pdata[2];
  g_assert_cmpstr (domain->domain, ==, "example.org");
  g_assert_cmpuint (domain->total, ==, 1);
  g_assert_cmpuint (domain->counts[BOUNCE_CATEGORY_SOFT], ==, 1);
}

/* tests/data/insight/damaged.csv: Ray's row was read in full, while
 * Pat's row and the cell of Sam and Tia each open a quote that is never
 * closed. A damaged row is never removed, so no soft bounce brings it
 * to the limit, and the finding names Ray's row alone. */
static void
test_findings_soft_limit_damaged (void)
{
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(BounceInsight) insight = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "insight", "damaged.csv", NULL);
  g_autoptr(GError) error = NULL;
  static const guint near_rows[] = { 0 };
  const BounceFinding *finding = NULL;
  BounceRowVerdict verdict;
  BounceCleanPolicy policy;
  GPtrArray *findings;

  contacts = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (bounce_contact_list_is_row_damaged (contacts, 0));
  g_assert_true (bounce_contact_list_is_row_damaged (contacts, 1));
  g_assert_true (bounce_contact_list_is_row_damaged (contacts, 2));

  /* Each of Ray, Pat and Tia has soft bounces from two mailings, one
   * below the default limit of 3. Sam bounced hard, so Tia alone would
   * keep her row if it were read in full. */
  g_ptr_array_add (records, make_record ("ray@example.org", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL, 2, "<a@send>"));
  g_ptr_array_add (records, make_record ("ray@example.org", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL, 5, "<b@send>"));
  g_ptr_array_add (records, make_record ("pat@example.com", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL, 2, "<a@send>"));
  g_ptr_array_add (records, make_record ("pat@example.com", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL, 5, "<b@send>"));
  g_ptr_array_add (records, make_record ("sam@example.com", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, 2, "<a@send>"));
  g_ptr_array_add (records, make_record ("tia@example.org", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL, 2, "<a@send>"));
  g_ptr_array_add (records, make_record ("tia@example.org", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL, 5, "<b@send>"));
  cleaner = bounce_cleaner_new (contacts, records);
  bounce_clean_policy_init (&policy);

  bounce_cleaner_get_verdict (cleaner, &policy, 1, &verdict);
  g_assert_true (verdict.damaged);
  g_assert_cmpuint (verdict.n_soft, ==, 2);
  bounce_cleaner_get_address_verdict (cleaner, &policy, 2, "tia@example.org", &verdict);
  g_assert_cmpuint (verdict.n_soft, ==, 2);
  g_assert_false (verdict.removed);

  insight = bounce_insight_new (cleaner, records, &policy);
  findings = bounce_insight_get_findings (insight);
  for (guint i = 0; i < findings->len; i++)
    if (((BounceFinding *) findings->pdata[i])->kind == BOUNCE_FINDING_SOFT_NEAR_LIMIT)
      finding = findings->pdata[i];
  g_assert_nonnull (finding);
  g_assert_nonnull (strstr (finding->text, "1 contact has soft bounces from 2 mailings"));
  assert_rows (finding, near_rows, G_N_ELEMENTS (near_rows));
}

static void
test_without_contacts (void)
{
  g_autoptr(GPtrArray) records = make_records ();
  g_autoptr(BounceInsight) insight = NULL;
  BounceCleanPolicy policy;
  const BounceInsightFigures *figures;
  GPtrArray *findings;

  bounce_clean_policy_init (&policy);
  insight = bounce_insight_new (NULL, records, &policy);
  figures = bounce_insight_get_figures (insight);
  findings = bounce_insight_get_findings (insight);

  g_assert_null (bounce_insight_get_contacts (insight));
  g_assert_cmpuint (figures->rows, ==, 0);
  g_assert_cmpuint (figures->read.bounce_recipients, ==, 12);
  /* Every failure and complaint record: 3 + 3 + 2 + 1 + 1. */
  g_assert_cmpuint (figures->unmatched, ==, 10);
  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_cmpint (((BounceFinding *) findings->pdata[0])->kind, ==, BOUNCE_FINDING_UNMATCHED);
  g_assert_cmpuint (bounce_insight_get_days (insight)->len, ==, 4);
  g_assert_false (bounce_chart_has_data (insight, BOUNCE_CHART_CATEGORIES));
  g_assert_false (bounce_chart_has_data (insight, BOUNCE_CHART_DOMAINS));
  g_assert_true (bounce_chart_has_data (insight, BOUNCE_CHART_DAYS));
}

/* Charts */

static void
test_chart_png (Fixture       *fixture,
                gconstpointer  data)
{
  static const guchar png_signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  for (BounceChartKind kind = BOUNCE_CHART_CATEGORIES; kind <= BOUNCE_CHART_DAYS; kind++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) png = NULL;
      g_autofree char *description = NULL;
      const guchar *bytes;
      gsize size;
      guint32 width, height;
      int expected_height;

      g_assert_true (bounce_chart_has_data (fixture->insight, kind));
      expected_height = bounce_chart_get_height (fixture->insight, kind, 600);
      g_assert_cmpint (expected_height, >, 40);

      png = bounce_chart_render_png (fixture->insight, kind, 600, 2, &error);
      g_assert_no_error (error);
      bytes = g_bytes_get_data (png, &size);
      g_assert_cmpuint (size, >, 24);
      g_assert_cmpmem (bytes, sizeof png_signature, png_signature, sizeof png_signature);

      /* The IHDR chunk: width and height, big-endian, at 16 and 20. */
      width = (guint32) bytes[16] << 24 | bytes[17] << 16 | bytes[18] << 8 | bytes[19];
      height = (guint32) bytes[20] << 24 | bytes[21] << 16 | bytes[22] << 8 | bytes[23];
      g_assert_cmpuint (width, ==, 1200);
      g_assert_cmpuint (height, ==, (guint32) expected_height * 2);

      description = bounce_chart_dup_description (fixture->insight, kind);
      g_assert_nonnull (description);
    }
}

/* Each count of the chart's text has its own plural form. */
static void
test_chart_description (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *description = bounce_chart_dup_description (fixture->insight, BOUNCE_CHART_CATEGORIES);

  g_assert_cmpstr (description, ==,
                   "Contacts by the worst kind of bounce: 2 hard bounces, 1 complaint, 3 blocked, "
                   "1 soft bounce and 1 unclear.");
}

/* Each chart colour is a colour of a badge in the app's style sheets. */
static void
test_chart_palette_matches_css (void)
{
  static const BounceCategory categories[] = {
    BOUNCE_CATEGORY_HARD, BOUNCE_CATEGORY_COMPLAINT, BOUNCE_CATEGORY_BLOCKED,
    BOUNCE_CATEGORY_SOFT, BOUNCE_CATEGORY_UNKNOWN, BOUNCE_CATEGORY_DELAYED,
  };
  static const char * const files[] = { "style.css", "style-dark.css" };

  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", files[dark], NULL);
      g_autofree char *light_path = g_test_build_filename (G_TEST_DIST, "..", "data", "style.css", NULL);
      g_autofree char *css = NULL;
      g_autofree char *light_css = NULL;
      g_autoptr(GError) error = NULL;
      BounceChartPalette palette;

      g_file_get_contents (path, &css, NULL, &error);
      g_assert_no_error (error);
      g_file_get_contents (light_path, &light_css, NULL, &error);
      g_assert_no_error (error);
      bounce_chart_palette_init (&palette, dark);

      for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
        {
          const BounceColor *color = &palette.categories[categories[i]];
          g_autofree char *hex = g_strdup_printf ("#%02x%02x%02x",
                                                  (int) (color->red * 255 + 0.5),
                                                  (int) (color->green * 255 + 0.5),
                                                  (int) (color->blue * 255 + 0.5));
          g_autofree char *rule = g_strdup_printf (".badge-%s", bounce_category_to_string (categories[i]));

          g_test_message ("%s %s", rule, hex);
          /* The dark sheet only overrides some hues, and the rest come
           * from the light one. */
          g_assert_true (strstr (css, hex) != NULL || strstr (light_css, hex) != NULL);
          g_assert_nonnull (strstr (css, rule));
        }
    }
}

/* Reports */

static void
test_report_html (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *html = bounce_report_dup_html (fixture->insight, &error);
  const char *p;
  guint n_images = 0;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (html, "<title>Bounce report: contacts.csv</title>"));

  for (p = html; (p = strstr (p, "src=\"data:image/png;base64,")) != NULL; p++)
    n_images++;
  g_assert_cmpuint (n_images, ==, 3);

  /* Self-contained: nothing is loaded from elsewhere. */
  g_assert_null (strstr (html, "src=\"http"));
  g_assert_null (strstr (html, "<link"));
  g_assert_null (strstr (html, "<script"));

  /* The hostile cell is listed under the invalid addresses, escaped. */
  g_assert_nonnull (strstr (html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  g_assert_nonnull (strstr (html, "<td class=\"number\">41</td>"));
  g_assert_nonnull (strstr (html, "blocky.example.com"));
  g_assert_nonnull (strstr (html, "fay@mial.example.com"));
}

static void
test_report_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *csv = bounce_report_dup_csv (fixture->insight);
  static const char * const lines[] = {
    "section,name,category,value,text\r\n",
    "\r\nfigure,rows,,45,\r\n",
    "\r\nfigure,addresses,,41,\r\n",
    "\r\nfigure,bounced,,7,\r\n",
    "\r\nfigure,hard_rate,,0.0488,\r\n",
    "\r\nfigure,invalid,,2,\r\n",
    "\r\ncontacts,,hard,2,\r\n",
    "\r\nrecords,,blocked,3,\r\n",
    "\r\ndomain,blocky.example.com,blocked,3,\r\n",
    "\r\nday,2026-03-02,hard,2,\r\n",
    "\r\nfinding,blocked-domain,warning,3,\"75% of bounces at blocky.example.com are blocks (3 of 4 contacts)",
  };

  g_assert_true (g_str_has_prefix (csv, lines[0]));
  for (guint i = 1; i < G_N_ELEMENTS (lines); i++)
    {
      g_test_message ("%s", lines[i]);
      g_assert_nonnull (strstr (csv, lines[i]));
    }
}

static void
test_report_write (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-insight-XXXXXX", &error);
  g_autofree char *html = g_build_filename (dir, "report.html", NULL);
  g_autofree char *csv = g_build_filename (dir, "figures.csv", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "report.html", NULL);

  g_assert_no_error (error);
  g_assert_true (bounce_report_write_html (fixture->insight, html, &error));
  g_assert_no_error (error);
  g_assert_true (bounce_report_write_csv (fixture->insight, csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (html, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (csv, G_FILE_TEST_IS_REGULAR));

  /* Reports list contact addresses: owner only, whatever the umask. */
  for (guint i = 0; i < 2; i++)
    {
      GStatBuf info;

      g_assert_cmpint (g_stat (i == 0 ? html : csv, &info), ==, 0);
      g_assert_cmpint (info.st_mode & 0777, ==, 0600);
    }

  g_assert_false (bounce_report_write_html (fixture->insight, missing, &error));
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, missing));

  g_unlink (html);
  g_unlink (csv);
  g_rmdir (dir);
}

/* The app saves the reports with these calls, so they reject a pipe
 * and leave it a pipe, as bounce-cli clean does. */
static void
test_report_write_pipe (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-insight-XXXXXX", &error);
  g_autofree char *fifo = g_build_filename (dir, "report.html", NULL);
  GStatBuf info;

  g_assert_no_error (error);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  g_assert_false (bounce_report_write_html (fixture->insight, fifo, &error));
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, fifo));
  g_clear_error (&error);
  g_assert_false (bounce_report_write_csv (fixture->insight, fifo, &error));
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (g_lstat (fifo, &info), ==, 0);
  g_assert_true (S_ISFIFO (info.st_mode));

  g_unlink (fifo);
  g_rmdir (dir);
}

/* The samples, counted by hand from data/samples/expected.tsv and the
 * contact file. 232 rows, 2 of them repeats and 3 invalid, leave 227
 * contacts. 19 of them hard-bounced, 2 complained, 4 were blocked, 11
 * soft-bounced and 1 bounce is unclear: 35 bounced. */
static void
test_samples (void)
{
  g_autofree char *contacts_path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "contacts.csv", NULL);
  g_autofree char *bounces_path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "bounces", NULL);
  const char *paths[] = { bounces_path, NULL };
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(BounceHygiene) hygiene = NULL;
  g_autoptr(BounceInsight) insight = NULL;
  g_autoptr(GError) error = NULL;
  const BounceInsightFigures *figures;
  GPtrArray *findings;
  BounceCleanPolicy policy;
  guint kinds = 0;

  contacts = bounce_contact_list_new_from_file (contacts_path, NULL, NULL, &error);
  g_assert_no_error (error);
  bounce_scanner_scan (scanner, paths, collect_record_cb, records, NULL, &error);
  g_assert_no_error (error);
  cleaner = bounce_cleaner_new (contacts, records);
  hygiene = bounce_hygiene_new (contacts, NULL);
  bounce_clean_policy_init (&policy);
  policy.hygiene = hygiene;
  insight = bounce_insight_new (cleaner, records, &policy);
  figures = bounce_insight_get_figures (insight);

  g_assert_cmpuint (figures->rows, ==, 232);
  g_assert_cmpuint (figures->addresses, ==, 227);
  g_assert_cmpuint (figures->contact_counts[BOUNCE_CATEGORY_HARD], ==, 19);
  g_assert_cmpuint (figures->contact_counts[BOUNCE_CATEGORY_COMPLAINT], ==, 2);
  g_assert_cmpuint (figures->contact_counts[BOUNCE_CATEGORY_BLOCKED], ==, 4);
  g_assert_cmpuint (figures->contact_counts[BOUNCE_CATEGORY_SOFT], ==, 11);
  g_assert_cmpuint (figures->contact_counts[BOUNCE_CATEGORY_UNKNOWN], ==, 1);
  g_assert_cmpuint (figures->bounced, ==, 35);
  g_assert_cmpuint (figures->unmatched, ==, 8);
  g_assert_cmpuint (figures->rows_removed, ==, 23);
  g_assert_cmpuint (figures->hygiene.invalid, ==, 3);
  g_assert_cmpuint (figures->hygiene.flagged[0], ==, 3);

  /* At least three kinds of findings, as the first run promises. */
  findings = bounce_insight_get_findings (insight);
  for (guint i = 0; i < findings->len; i++)
    kinds |= 1 << ((BounceFinding *) findings->pdata[i])->kind;
  g_assert_true (kinds & (1 << BOUNCE_FINDING_HARD_RATE));
  g_assert_true (kinds & (1 << BOUNCE_FINDING_TYPO_DOMAIN));
  g_assert_true (kinds & (1 << BOUNCE_FINDING_INVALID));
  g_assert_true (kinds & (1 << BOUNCE_FINDING_BLOCKED));
  g_assert_true (kinds & (1 << BOUNCE_FINDING_COMPLAINT_RATE));

  /* The two forwarded samples and the alias sample are kept to check:
   * the hard-bounce finding counts them apart and does not list them
   * among those to remove. */
  g_assert_cmpuint (figures->hard_to_check, ==, 3);
  for (guint i = 0; i < findings->len; i++)
    {
      const BounceFinding *finding = findings->pdata[i];

      if (finding->kind != BOUNCE_FINDING_HARD_RATE)
        continue;
      /* The count is the one the rate is computed from, 19 of the 227
       * addresses (8.4%), and the 3 kept to check are among them. */
      g_assert_cmpuint (figures->contact_counts[BOUNCE_CATEGORY_HARD], ==, 19);
      g_assert_cmpuint (figures->addresses, ==, 227);
      g_assert_nonnull (strstr (finding->text, "is 8.4%."));
      g_assert_nonnull (strstr (finding->text, "19 addresses bounced hard."));
      g_assert_nonnull (strstr (finding->text, "3 of them came back for other addresses"));
      /* The 16 to remove, and one more row: a duplicate row of one of
       * them. */
      g_assert_cmpuint (finding->rows->len, ==, 17);
    }
}

/* One decimal below 10%, so that small rates stay apart. */
static void
test_rate_format (void)
{
  static const struct {
    double      share;
    const char *expected;
  } cases[] = {
    { 0, "0%" },
    { 0.0004, "0.0%" },
    { 0.045, "4.5%" },
    { 0.0999, "10.0%" },
    { 0.15, "15%" },
    { 1, "100%" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = bounce_insight_format_rate (cases[i].share);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* Runs in a subprocess, because gettext caches the catalogue: formats
 * 0.3 % and 15 % with a made-up @language catalogue that puts @space
 * before the percent sign, and checks that a no-break space comes out. */
static void
assert_rates_translated (const char *language,
                         const char *space)
{
  g_autofree char *one_decimal = g_strdup_printf ("%%.1f%s%%%%", space);
  g_autofree char *whole = g_strdup_printf ("%%.0f%s%%%%", space);
  const char * const translations[] = { "%.1f%%", one_decimal, "%.0f%%", whole, NULL };
  g_autofree char *folder = NULL;
  g_autofree char *small = NULL;
  g_autofree char *large = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  folder = catalogue_fixture_use (language, translations);
  small = bounce_insight_format_rate (0.003);
  large = bounce_insight_format_rate (0.15);
  g_assert_cmpstr (small, ==, "0.3\u00a0%");
  g_assert_cmpstr (large, ==, "15\u00a0%");

  catalogue_fixture_remove (folder, language);
}

/* Every percentage of a finding and of the report takes the decimal
 * mark of LC_NUMERIC, the limits the text names as well as the rates,
 * so that a sentence never mixes "2,4%" with "0.3%". A locale the
 * system lacks is skipped. */
static void
test_rate_numeric_locale (Fixture       *fixture,
                          gconstpointer  data)
{
  static const char * const locales[] = { "de_DE.UTF-8", "fr_FR.UTF-8" };
  guint n_tested = 0;

  for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
    {
      g_autoptr(BounceInsight) insight = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *html = NULL;
      GPtrArray *findings;
      const BounceFinding *complaint = NULL;

      if (setlocale (LC_NUMERIC, locales[i]) == NULL)
        continue;
      n_tested++;

      insight = bounce_insight_new (fixture->cleaner, fixture->records, &fixture->policy);
      findings = bounce_insight_get_findings (insight);
      for (guint j = 0; j < findings->len; j++)
        if (((BounceFinding *) findings->pdata[j])->kind == BOUNCE_FINDING_COMPLAINT_RATE)
          complaint = findings->pdata[j];
      g_assert_nonnull (complaint);
      g_test_message ("%s: %s", locales[i], complaint->text);
      g_assert_nonnull (strstr (complaint->text, "2,4%"));
      g_assert_nonnull (strstr (complaint->text, "below 0,3%"));
      g_assert_null (strstr (complaint->text, "0.3"));

      html = bounce_report_dup_html (insight, &error);
      g_assert_no_error (error);
      g_assert_nonnull (strstr (html, "2,4%"));
      g_assert_nonnull (strstr (html, "below 0,3%"));
      g_assert_null (strstr (html, "0.3%"));
    }
  setlocale (LC_NUMERIC, "C");

  if (n_tested == 0)
    g_test_skip ("neither de_DE.UTF-8 nor fr_FR.UTF-8 is generated");
}

/* Where the percent sign goes is the translation's choice: French,
 * German and Spanish put a space before it. */
static void
test_rate_format_translated (void)
{
  assert_rates_translated ("fr", "\u00a0");
}

/* A translation with an ordinary space before the sign still keeps the
 * number and the sign on one line. */
static void
test_rate_format_no_break (void)
{
  assert_rates_translated ("de", " ");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/insight/figures", Fixture, NULL, fixture_set_up, test_figures, fixture_tear_down);
  g_test_add ("/insight/domains", Fixture, NULL, fixture_set_up, test_domains, fixture_tear_down);
  g_test_add ("/insight/days", Fixture, NULL, fixture_set_up, test_days, fixture_tear_down);
  g_test_add ("/insight/findings", Fixture, NULL, fixture_set_up, test_findings, fixture_tear_down);
  g_test_add ("/insight/findings/kept-invalid", Fixture, NULL, fixture_set_up, test_findings_kept_invalid,
              fixture_tear_down);
  g_test_add_func ("/insight/findings/removed-rows", test_findings_removed_rows);
  g_test_add_func ("/insight/findings/spread-blocks", test_findings_spread_blocks);
  g_test_add_func ("/insight/findings/cell-addresses", test_findings_cell_addresses);
  g_test_add_func ("/insight/findings/soft-limit-damaged", test_findings_soft_limit_damaged);
  g_test_add_func ("/insight/without-contacts", test_without_contacts);
  g_test_add ("/insight/chart/png", Fixture, NULL, fixture_set_up, test_chart_png, fixture_tear_down);
  g_test_add_func ("/insight/chart/palette-matches-css", test_chart_palette_matches_css);
  g_test_add ("/insight/report/html", Fixture, NULL, fixture_set_up, test_report_html, fixture_tear_down);
  g_test_add ("/insight/report/csv", Fixture, NULL, fixture_set_up, test_report_csv, fixture_tear_down);
  g_test_add ("/insight/report/write", Fixture, NULL, fixture_set_up, test_report_write, fixture_tear_down);
  g_test_add ("/insight/report/write-pipe", Fixture, NULL, fixture_set_up, test_report_write_pipe, fixture_tear_down);
  g_test_add_func ("/insight/samples", test_samples);
  g_test_add_func ("/insight/rate/format", test_rate_format);
  g_test_add_func ("/insight/rate/format-translated", test_rate_format_translated);
  g_test_add_func ("/insight/rate/format-no-break", test_rate_format_no_break);
  g_test_add ("/insight/rate/numeric-locale", Fixture, NULL, fixture_set_up, test_rate_numeric_locale,
              fixture_tear_down);
  g_test_add ("/insight/chart/description", Fixture, NULL, fixture_set_up, test_chart_description,
              fixture_tear_down);

  return g_test_run ();
}

/* test-cleaner.c: matching records to contacts, the cleaning policy and
 * the written files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bounce-core.h"
#include "bounce-cleaner-private.h"
#include "dsn-fixture.h"
#include "record-fixture.h"
#include "test-files.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("bounce-cleaner-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static BounceContactList *
load_text (Fixture    *fixture,
           const char *name,
           const char *text,
           gssize      length)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  BounceContactList *list;

  g_file_set_contents (path, text, length, &error);
  g_assert_no_error (error);
  list = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);

  return list;
}

static BounceContactList *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", name, NULL);
  g_autoptr(GError) error = NULL;
  BounceContactList *list;

  list = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);

  return list;
}

static char *
read_file (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static gboolean
write_files (Fixture                 *fixture,
             BounceCleaner           *cleaner,
             const BounceCleanPolicy *policy,
             BounceStatusColumns      columns,
             BounceCleanSummary      *summary,
             GError                 **error)
{
  g_autofree char *output = g_build_filename (fixture->dir, "out.csv", NULL);
  g_autofree char *removed = g_build_filename (fixture->dir, "removed.csv", NULL);

  return bounce_cleaner_write (cleaner, policy, columns, output, removed, summary, NULL, error);
}

static const char contacts_text[] =
  "Email,Name\n"
  "hard@example.com,Hana Hard\n"
  "soft@example.com,Sam Soft\n"
  "complaint@example.com,Cora Complaint\n"
  "blocked@example.com,Ben Blocked\n"
  "delayed@example.com,Dee Delayed\n"
  "quiet@example.com,Quinn Quiet\n"
  "retry@example.com,Ray Retry\n";

static GPtrArray *
make_policy_records (void)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  BounceRecord *record;

  g_ptr_array_add (records, record_fixture_new_hard ("hard@example.com"));
  g_ptr_array_add (records, record_fixture_new ("soft@example.com", BOUNCE_CATEGORY_SOFT,
                                                BOUNCE_REASON_MAILBOX_FULL, "4.2.2"));
  g_ptr_array_add (records, record_fixture_new ("complaint@example.com", BOUNCE_CATEGORY_COMPLAINT,
                                                BOUNCE_REASON_SPAM_COMPLAINT, ""));
  g_ptr_array_add (records, record_fixture_new ("blocked@example.com", BOUNCE_CATEGORY_BLOCKED,
                                                BOUNCE_REASON_REPUTATION, "5.7.1"));
  g_ptr_array_add (records, record_fixture_new ("delayed@example.com", BOUNCE_CATEGORY_DELAYED,
                                                BOUNCE_REASON_DELAYED, "4.4.7"));
  g_ptr_array_add (records, record_fixture_new_hard ("nobody@example.org"));
  g_ptr_array_add (records, record_fixture_new ("", BOUNCE_CATEGORY_NOT_BOUNCE, BOUNCE_REASON_NONE, ""));

  /* Three more soft bounces of three different sends (four with the one
   * above), and three retries of one send, which count once. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("<campaign-%u@example.com>", i);

      record = record_fixture_new ("soft@example.com", BOUNCE_CATEGORY_SOFT,
                                   BOUNCE_REASON_MAILBOX_FULL, "4.2.2");
      bounce_record_set_string (&record->original_message_id, id);
      g_ptr_array_add (records, record);

      record = record_fixture_new ("retry@example.com", BOUNCE_CATEGORY_SOFT,
                                   BOUNCE_REASON_MAILBOX_FULL, "4.2.2");
      bounce_record_set_string (&record->original_message_id, "<campaign-0@example.com>");
      g_ptr_array_add (records, record);
    }

  return records;
}

static void
test_policy (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(BounceContactList) list = load_text (fixture, "in.csv", contacts_text, -1);
  g_autoptr(GPtrArray) records = make_policy_records ();
  g_autoptr(BounceCleaner) cleaner = bounce_cleaner_new (list, records);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *removed = NULL;
  BounceCleanPolicy policy;
  BounceCleanSummary summary;
  BounceRowVerdict verdict;

  bounce_clean_policy_init (&policy);
  g_assert_true (policy.remove_hard);
  g_assert_true (policy.remove_complaints);
  g_assert_cmpuint (policy.soft_limit, ==, 3);

  bounce_cleaner_get_verdict (cleaner, &policy, 0, &verdict);
  g_assert_cmpint (verdict.category, ==, BOUNCE_CATEGORY_HARD);
  g_assert_cmpstr (verdict.reason, ==, BOUNCE_REASON_MAILBOX_UNKNOWN);
  g_assert_true (verdict.removed);
  g_assert_cmpstr (verdict.removal, ==, "hard");

  bounce_cleaner_get_verdict (cleaner, &policy, 1, &verdict);
  g_assert_cmpint (verdict.category, ==, BOUNCE_CATEGORY_SOFT);
  g_assert_cmpuint (verdict.n_soft, ==, 4);
  g_assert_cmpstr (verdict.removal, ==, "soft-limit");

  bounce_cleaner_get_verdict (cleaner, &policy, 6, &verdict);
  g_assert_cmpuint (verdict.n_soft, ==, 1);
  g_assert_false (verdict.removed);

  bounce_cleaner_get_verdict (cleaner, &policy, 2, &verdict);
  g_assert_cmpstr (verdict.removal, ==, "complaint");
  bounce_cleaner_get_verdict (cleaner, &policy, 3, &verdict);
  g_assert_false (verdict.removed);
  bounce_cleaner_get_verdict (cleaner, &policy, 4, &verdict);
  g_assert_cmpint (verdict.category, ==, BOUNCE_CATEGORY_DELAYED);
  g_assert_false (verdict.removed);
  bounce_cleaner_get_verdict (cleaner, &policy, 5, &verdict);
  g_assert_cmpint (verdict.category, ==, BOUNCE_CATEGORY_NOT_BOUNCE);
  g_assert_null (bounce_cleaner_get_row_matches (cleaner, 5));

  g_assert_cmpuint (bounce_cleaner_get_unmatched (cleaner)->len, ==, 1);
  g_assert_cmpstr (((BounceRecord *) bounce_cleaner_get_unmatched (cleaner)->pdata[0])->recipient,
                   ==, "nobody@example.org");

  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rows_in, ==, 7);
  g_assert_cmpuint (summary.rows_kept, ==, 4);
  g_assert_cmpuint (summary.rows_removed, ==, 3);
  g_assert_cmpuint (summary.removed_hard, ==, 1);
  g_assert_cmpuint (summary.removed_complaint, ==, 1);
  g_assert_cmpuint (summary.removed_soft_limit, ==, 1);
  g_assert_cmpuint (summary.per_category[BOUNCE_CATEGORY_SOFT], ==, 2);
  g_assert_cmpuint (summary.per_category[BOUNCE_CATEGORY_BLOCKED], ==, 1);
  g_assert_cmpuint (summary.unmatched_records, ==, 1);
  g_assert_cmpuint (summary.records, ==, 12);
  g_assert_cmpuint (summary.duplicate_rows, ==, 0);

  kept = read_file (fixture->dir, "out.csv");
  g_assert_cmpstr (kept, ==,
                   "Email,Name\n"
                   "blocked@example.com,Ben Blocked\n"
                   "delayed@example.com,Dee Delayed\n"
                   "quiet@example.com,Quinn Quiet\n"
                   "retry@example.com,Ray Retry\n");
  removed = read_file (fixture->dir, "removed.csv");
  g_assert_cmpstr (removed, ==,
                   "Email,Name,bounce_removal_reason\n"
                   "hard@example.com,Hana Hard,hard: hard@example.com\n"
                   "soft@example.com,Sam Soft,soft-limit: soft@example.com\n"
                   "complaint@example.com,Cora Complaint,complaint: complaint@example.com\n");
}

static void
test_policy_toggles (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(BounceContactList) list = load_text (fixture, "in.csv", contacts_text, -1);
  g_autoptr(GPtrArray) records = make_policy_records ();
  g_autoptr(BounceCleaner) cleaner = bounce_cleaner_new (list, records);
  BounceCleanPolicy policy;
  BounceCleanSummary summary;

  bounce_clean_policy_init (&policy);
  policy.remove_complaints = FALSE;
  policy.soft_limit = 0;
  bounce_cleaner_summarize (cleaner, &policy, &summary);
  g_assert_cmpuint (summary.rows_removed, ==, 1);
  g_assert_cmpuint (summary.removed_hard, ==, 1);

  policy.remove_hard = FALSE;
  bounce_cleaner_summarize (cleaner, &policy, &summary);
  g_assert_cmpuint (summary.rows_removed, ==, 0);
  g_assert_cmpuint (summary.rows_kept, ==, 7);

  policy.soft_limit = 1;
  bounce_cleaner_summarize (cleaner, &policy, &summary);
  g_assert_cmpuint (summary.removed_soft_limit, ==, 2);
}

static gpointer
build_unmatched (gpointer list)
{
  return bounce_cleaner_new_unmatched (list);
}

/* With @data set, the cleaner is made in two steps, the first on another
 * thread as `bounce-cli clean` does, and must match the same rows. */
static void
test_match_kinds (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(BounceContactList) list =
    load_text (fixture, "in.csv",
               "Email,Name\n"
               "direct@example.com,A\n"
               "original@example.com,B\n"
               "to@example.com,C\n"
               "verp@example.com,D\n"
               "anna@xn--mller-kva.example.com,E\n"
               "dup@example.com,F\n"
               "DUP@example.com,G\n", -1);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  BounceRecord *record;
  static const BounceMatchKind expected[] = {
    BOUNCE_MATCH_RECIPIENT, BOUNCE_MATCH_ORIGINAL_RECIPIENT, BOUNCE_MATCH_ORIGINAL_TO,
    BOUNCE_MATCH_VERP, BOUNCE_MATCH_RECIPIENT, BOUNCE_MATCH_RECIPIENT, BOUNCE_MATCH_RECIPIENT,
  };

  g_ptr_array_add (records, record_fixture_new_hard ("Direct@Example.com"));

  record = record_fixture_new_hard ("forwarded@example.net");
  bounce_record_set_string (&record->original_recipient, "rfc822; original@example.com");
  g_ptr_array_add (records, record);

  record = record_fixture_new ("", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "");
  bounce_record_set_string (&record->original_to, "Carl <to@example.com>");
  g_ptr_array_add (records, record);

  record = record_fixture_new ("", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "");
  bounce_record_set_string (&record->original_to, "to@example.com, direct@example.com");
  bounce_record_set_string (&record->bounce_to, "bounces+verp=example.com@sender.example.net");
  g_ptr_array_add (records, record);

  g_ptr_array_add (records, record_fixture_new_hard ("anna@müller.example.com"));
  g_ptr_array_add (records, record_fixture_new ("dup@example.com", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL, "4.2.2"));

  if (data != NULL)
    {
      cleaner = g_thread_join (g_thread_new ("test-cleaner-index", build_unmatched, list));
      bounce_cleaner_match (cleaner, records);
    }
  else
    cleaner = bounce_cleaner_new (list, records);

  for (guint row = 0; row < G_N_ELEMENTS (expected); row++)
    {
      GPtrArray *matches = bounce_cleaner_get_row_matches (cleaner, row);

      g_test_message ("row %u", row);
      g_assert_nonnull (matches);
      g_assert_cmpuint (matches->len, ==, 1);
      g_assert_cmpstr (bounce_match_kind_to_string (((BounceMatch *) matches->pdata[0])->kind), ==,
                       bounce_match_kind_to_string (expected[row]));
    }

  g_assert_cmpstr (((BounceMatch *) bounce_cleaner_get_row_matches (cleaner, 4)->pdata[0])->address,
                   ==, "anna@xn--mller-kva.example.com");
  g_assert_cmpint (bounce_cleaner_get_duplicate_of (cleaner, 6), ==, 5);
  g_assert_cmpint (bounce_cleaner_get_duplicate_of (cleaner, 5), ==, -1);
  g_assert_cmpuint (bounce_cleaner_get_unmatched (cleaner)->len, ==, 0);
}

/* A report that names its failed address, matched to another contact
 * through the returned copy's To or the VERP return path, removes
 * nothing: that contact may be a group or a forward of which one member
 * failed. The match is kept with the failed address, for a person to
 * check. */
static void
test_match_other_failed_address (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(BounceContactList) list =
    load_text (fixture, "in.csv",
               "Email,Name\n"
               "team@example.org,Team\n"
               "news@example.net,News readers\n"
               "kim+news@example.com,Kim\n", -1);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  BounceRecord *record;
  BounceCleanPolicy policy;
  BounceCleanSummary summary;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  const char *expected_failed[] = { "member@example.org", "reader@example.com" };
  const BounceMatchKind expected_kind[] = { BOUNCE_MATCH_ORIGINAL_TO, BOUNCE_MATCH_VERP };

  record = record_fixture_new_hard ("member@example.org");
  bounce_record_set_string (&record->original_to, "Team <team@example.org>");
  g_ptr_array_add (records, record);

  record = record_fixture_new_hard ("reader@example.com");
  bounce_record_set_string (&record->bounce_to, "bounces+news=example.net@sender.example.com");
  g_ptr_array_add (records, record);

  /* The server dropped the "+news" tag: the same mailbox, so removed. */
  record = record_fixture_new_hard ("kim@example.com");
  bounce_record_set_string (&record->original_to, "kim+news@example.com");
  g_ptr_array_add (records, record);

  cleaner = bounce_cleaner_new (list, records);
  g_assert_cmpuint (bounce_cleaner_get_unmatched (cleaner)->len, ==, 0);

  bounce_clean_policy_init (&policy);
  for (guint row = 0; row < G_N_ELEMENTS (expected_failed); row++)
    {
      GPtrArray *matches = bounce_cleaner_get_row_matches (cleaner, row);
      const BounceMatch *match;
      BounceRowVerdict verdict;

      g_assert_nonnull (matches);
      g_assert_cmpuint (matches->len, ==, 1);
      match = matches->pdata[0];
      g_assert_cmpint (match->kind, ==, expected_kind[row]);
      g_assert_cmpstr (match->failed_address, ==, expected_failed[row]);

      bounce_cleaner_get_verdict (cleaner, &policy, row, &verdict);
      g_assert_false (verdict.removed);
      g_assert_cmpint (verdict.category, ==, BOUNCE_CATEGORY_HARD);
      g_assert_cmpstr (verdict.check_address, ==, expected_failed[row]);
    }

  {
    const BounceMatch *kim = bounce_cleaner_get_row_matches (cleaner, 2)->pdata[0];
    BounceRowVerdict verdict;

    g_assert_null (kim->failed_address);
    bounce_cleaner_get_verdict (cleaner, &policy, 2, &verdict);
    g_assert_true (verdict.removed);
  }

  bounce_cleaner_summarize (cleaner, &policy, &summary);
  g_assert_cmpuint (summary.rows_removed, ==, 1);
  g_assert_cmpuint (summary.rows_kept, ==, 2);
  g_assert_cmpuint (summary.rows_to_check, ==, 2);
  g_assert_cmpuint (summary.per_category[BOUNCE_CATEGORY_HARD], ==, 3);

  /* The reason cell names the failed address and the row as kept, so
   * that a filter on "hard" in a spreadsheet is not misread. */
  g_assert_true (write_files (fixture, cleaner, &policy,
                              BOUNCE_STATUS_COLUMN_CATEGORY | BOUNCE_STATUS_COLUMN_REASON, NULL, &error));
  g_assert_no_error (error);
  kept = read_file (fixture->dir, "out.csv");
  g_assert_cmpstr (kept, ==,
                   "Email,Name,bounce_category,bounce_reason\n"
                   "team@example.org,Team,hard,mailbox-unknown: member@example.org; kept to check\n"
                   "news@example.net,News readers,hard,mailbox-unknown: reader@example.com; kept to check\n");
}

/* Two spellings of one address match: a local part in decomposed
 * Unicode (NFD) and a bounce in composed form (NFC), and a bounce that
 * quotes a local part that needs no quotes. */
static void
test_match_nfd_and_quoted (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(BounceContactList) list =
    load_text (fixture, "in.csv",
               "Email,Name\n"
               "bjo\xcc\x88rn@example.com,Bj\xc3\xb6rn\n"
               "john.doe@example.com,John\n"
               "kim@example.com,Kim\n", -1);
  const char *recipients[] = { "bj\xc3\xb6rn@example.com", "\"john.doe\"@example.com" };
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  BounceCleanPolicy policy;
  BounceRowVerdict verdict;

  for (guint i = 0; i < G_N_ELEMENTS (recipients); i++)
    {
      g_autofree char *message = dsn_fixture_new (recipients[i], "5.1.1", "Mon, 2 Nov 2026 10:00:00 +0000", NULL);
      g_autoptr(GPtrArray) parsed = bounce_parse_message (message, strlen (message), "bounce.eml", -1, 0);

      g_assert_cmpuint (parsed->len, ==, 1);
      g_ptr_array_add (records, bounce_record_ref (parsed->pdata[0]));
    }

  cleaner = bounce_cleaner_new (list, records);
  g_assert_cmpuint (bounce_cleaner_get_unmatched (cleaner)->len, ==, 0);

  bounce_clean_policy_init (&policy);
  bounce_cleaner_get_verdict (cleaner, &policy, 0, &verdict);
  g_assert_true (verdict.removed);
  bounce_cleaner_get_verdict (cleaner, &policy, 1, &verdict);
  g_assert_true (verdict.removed);
  bounce_cleaner_get_verdict (cleaner, &policy, 2, &verdict);
  g_assert_false (verdict.removed);
}

/* A hard bounce or a complaint means the mailbox is dead, so it removes
 * every row whose list address is the same mailbox by the rule of the
 * duplicate check. A "+tag", the dots of a Gmail local part and an alias
 * domain make no other mailbox. Soft bounces spread to no other row, and
 * neither does a dead address with a +tag. */
static void
test_same_mailbox (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(BounceContactList) list =
    load_text (fixture, "in.csv",
               "Email,Name\n"
               "kim@example.com,Kim\n"
               "kim+news@example.com,Kim news\n"
               "j.a.n.e@gmail.com,Jane dots\n"
               "jane@gmail.com,Jane\n"
               "JANE+x@gmail.com,Jane tag\n"
               "jane@googlemail.com,Jane alias\n"
               "sam+a@example.net,Sam tag\n"
               "s.a.m@example.net,Sam dots\n"
               "lou+b@example.org,Lou tag\n"
               "kimberly@example.com,Kimberly\n"
               "max@example.com,Max\n"
               "max+shop@example.com,Max shop\n", -1);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *removed = NULL;
  BounceRecord *record;
  BounceCleanPolicy policy;
  BounceCleanSummary summary;
  BounceRowVerdict verdict;
  const BounceMatch *match;

  record = record_fixture_new_hard ("kim@example.com");
  bounce_record_set_string (&record->original_to, "kim+news@example.com");
  g_ptr_array_add (records, record);
  g_ptr_array_add (records, record_fixture_new_hard ("jane@gmail.com"));
  g_ptr_array_add (records, record_fixture_new ("sam@example.net", BOUNCE_CATEGORY_SOFT,
                                                BOUNCE_REASON_MAILBOX_FULL, "4.2.2"));
  /* No row has lou@example.org itself, so only the spread matches it. */
  g_ptr_array_add (records, record_fixture_new ("lou@example.org", BOUNCE_CATEGORY_COMPLAINT,
                                                BOUNCE_REASON_SPAM_COMPLAINT, ""));
  /* A server without sub-addressing rejects max+news@ while max@ takes
   * mail: a tagged dead address removes its own row only. */
  g_ptr_array_add (records, record_fixture_new_hard ("max+shop@example.com"));

  cleaner = bounce_cleaner_new (list, records);
  g_assert_cmpuint (bounce_cleaner_get_unmatched (cleaner)->len, ==, 1);
  g_assert_cmpstr (((BounceRecord *) bounce_cleaner_get_unmatched (cleaner)->pdata[0])->recipient, ==,
                   "sam@example.net");

  match = bounce_cleaner_get_row_matches (cleaner, 1)->pdata[0];
  g_assert_cmpint (match->kind, ==, BOUNCE_MATCH_SAME_MAILBOX);
  g_assert_cmpstr (match->address, ==, "kim+news@example.com");
  g_assert_cmpstr (match->mailbox_address, ==, "kim@example.com");
  g_assert_null (match->failed_address);

  bounce_clean_policy_init (&policy);
  bounce_cleaner_get_verdict (cleaner, &policy, 6, &verdict);
  g_assert_false (verdict.removed);
  bounce_cleaner_get_verdict (cleaner, &policy, 7, &verdict);
  g_assert_false (verdict.removed);
  bounce_cleaner_get_verdict (cleaner, &policy, 9, &verdict);
  g_assert_false (verdict.removed);
  bounce_cleaner_get_verdict (cleaner, &policy, 10, &verdict);
  g_assert_false (verdict.removed);
  bounce_cleaner_get_verdict (cleaner, &policy, 11, &verdict);
  g_assert_true (verdict.removed);

  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rows_removed, ==, 8);
  removed = read_file (fixture->dir, "removed.csv");
  g_assert_cmpstr (removed, ==,
                   "Email,Name,bounce_removal_reason\n"
                   "kim@example.com,Kim,hard: kim@example.com\n"
                   "kim+news@example.com,Kim news,hard: kim@example.com (same mailbox)\n"
                   "j.a.n.e@gmail.com,Jane dots,hard: jane@gmail.com (same mailbox)\n"
                   "jane@gmail.com,Jane,hard: jane@gmail.com\n"
                   "JANE+x@gmail.com,Jane tag,hard: jane@gmail.com (same mailbox)\n"
                   "jane@googlemail.com,Jane alias,hard: jane@gmail.com (same mailbox)\n"
                   "lou+b@example.org,Lou tag,complaint: lou@example.org (same mailbox)\n"
                   "max+shop@example.com,Max shop,hard: max+shop@example.com\n");
}

/* The removal reason names an internationalized domain in Unicode, as
 * people write it, not in the ASCII form that matching compares. */
static void
test_removal_reason_unicode (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(BounceContactList) list =
    load_text (fixture, "in.csv", "Email,Name\nkim@müller.example,Kim\nana@example.com,Ana\n", -1);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *removed = NULL;
  BounceCleanPolicy policy;

  g_ptr_array_add (records, record_fixture_new_hard ("kim@xn--mller-kva.example"));
  cleaner = bounce_cleaner_new (list, records);
  bounce_clean_policy_init (&policy);
  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, NULL, &error));
  g_assert_no_error (error);
  removed = read_file (fixture->dir, "removed.csv");
  g_assert_cmpstr (removed, ==, "Email,Name,bounce_removal_reason\nkim@müller.example,Kim,hard: kim@müller.example\n");
}

/* A bounce of a home address column keeps the row, whose list address
 * is fine, but the row is counted apart from the rows without a bounce,
 * so that the summary mentions it. A delay warning is no bounce. */
static void
test_other_address_bounced_counted (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(BounceContactList) list =
    load_text (fixture, "in.csv",
               "Name,Email,Home Email\n"
               "Jane,jane@work.example.com,jane@home.example.net\n"
               "Bob,bob@work.example.com,bob@home.example.net\n"
               "Ann,ann@work.example.com,\n", -1);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  BounceCleanPolicy policy;
  BounceCleanSummary summary;
  BounceCleanSummary written;
  BounceRowVerdict verdict;

  g_ptr_array_add (records, record_fixture_new_hard ("jane@home.example.net"));
  g_ptr_array_add (records, record_fixture_new ("bob@home.example.net", BOUNCE_CATEGORY_DELAYED,
                                                BOUNCE_REASON_MAILBOX_FULL, "4.2.2"));
  cleaner = bounce_cleaner_new (list, records);
  bounce_clean_policy_init (&policy);

  bounce_cleaner_get_verdict (cleaner, &policy, 0, &verdict);
  g_assert_false (verdict.removed);
  g_assert_cmpint (verdict.category, ==, BOUNCE_CATEGORY_NOT_BOUNCE);
  g_assert_true (verdict.other_address_bounced);
  g_assert_false (bounce_row_verdict_is_without_bounce (&verdict));

  bounce_cleaner_get_verdict (cleaner, &policy, 1, &verdict);
  g_assert_false (verdict.other_address_bounced);
  g_assert_true (bounce_row_verdict_is_without_bounce (&verdict));

  bounce_cleaner_summarize (cleaner, &policy, &summary);
  g_assert_cmpuint (summary.rows_kept, ==, 3);
  g_assert_cmpuint (summary.rows_without_bounce, ==, 2);
  g_assert_cmpuint (summary.rows_other_address_bounced, ==, 1);

  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, &written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written.rows_without_bounce, ==, 2);
  g_assert_cmpuint (written.rows_other_address_bounced, ==, 1);
}

/* Bounces of other address columns are matched and shown, but only the
 * list address decides a row's category and removal. */
static void
test_secondary_columns (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(BounceContactList) list =
    load_text (fixture, "in.csv",
               "name,work_email,home_email\n"
               "Jane,jane@work.example.com,jane@home.example.net\n"
               "Bob,bob@work.example.com,bob@home.example.net\n", -1);
  g_autoptr(BounceContactList) google = load_fixture ("google.csv");
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(GPtrArray) google_records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(BounceCleaner) google_cleaner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *removed = NULL;
  GPtrArray *matches;
  BounceMatch *match;
  BounceCleanPolicy policy;
  BounceCleanSummary summary;
  BounceRowVerdict verdict;

  g_assert_cmpint (bounce_contact_list_get_email_column (list), ==, 1);
  g_ptr_array_add (records, record_fixture_new_hard ("jane@home.example.net"));
  g_ptr_array_add (records, record_fixture_new_hard ("bob@work.example.com"));
  cleaner = bounce_cleaner_new (list, records);
  bounce_clean_policy_init (&policy);

  /* Jane's home address bounced: matched and shown, but she stays. */
  matches = bounce_cleaner_get_row_matches (cleaner, 0);
  g_assert_nonnull (matches);
  g_assert_cmpuint (matches->len, ==, 1);
  match = matches->pdata[0];
  g_assert_cmpstr (match->address, ==, "jane@home.example.net");
  g_assert_false (match->on_list_address);
  bounce_cleaner_get_verdict (cleaner, &policy, 0, &verdict);
  g_assert_false (verdict.removed);
  g_assert_cmpint (verdict.category, ==, BOUNCE_CATEGORY_NOT_BOUNCE);

  match = bounce_cleaner_get_row_matches (cleaner, 1)->pdata[0];
  g_assert_true (match->on_list_address);
  bounce_cleaner_get_verdict (cleaner, &policy, 1, &verdict);
  g_assert_true (verdict.removed);

  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rows_removed, ==, 1);
  g_assert_cmpuint (summary.per_category[BOUNCE_CATEGORY_HARD], ==, 1);
  g_assert_cmpuint (summary.per_category[BOUNCE_CATEGORY_NOT_BOUNCE], ==, 0);
  kept = read_file (fixture->dir, "out.csv");
  g_assert_cmpstr (kept, ==,
                   "name,work_email,home_email\n"
                   "Jane,jane@work.example.com,jane@home.example.net\n");
  removed = read_file (fixture->dir, "removed.csv");
  g_assert_cmpstr (removed, ==,
                   "name,work_email,home_email,bounce_removal_reason\n"
                   "Bob,bob@work.example.com,bob@home.example.net,hard: bob@work.example.com\n");

  /* With status columns, Jane's row describes her home address's bounce,
   * as the app's status column does, and names why she was kept. */
  g_clear_pointer (&kept, g_free);
  g_assert_nonnull (bounce_cleaner_get_other_address_failure (cleaner, 0));
  g_assert_cmpstr (bounce_cleaner_get_other_address_failure (cleaner, 0)->address, ==, "jane@home.example.net");
  g_assert_null (bounce_cleaner_get_other_address_failure (cleaner, 1));
  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_CATEGORY | BOUNCE_STATUS_COLUMN_REASON |
                                                         BOUNCE_STATUS_COLUMN_STATUS, &summary, &error));
  g_assert_no_error (error);
  kept = read_file (fixture->dir, "out.csv");
  g_assert_cmpstr (kept, ==,
                   "name,work_email,home_email,bounce_category,bounce_reason,bounce_status\n"
                   "Jane,jane@work.example.com,jane@home.example.net,hard,"
                   "mailbox-unknown: jane@home.example.net; not the list address,5.1.1\n");

  /* The same in a Google Contacts export with two address columns. */
  g_ptr_array_add (google_records, record_fixture_new_hard ("jane@work.example.com"));
  g_ptr_array_add (google_records, record_fixture_new ("carla.m@example.org", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL, "4.2.2"));
  google_cleaner = bounce_cleaner_new (google, google_records);
  g_assert_nonnull (bounce_cleaner_get_row_matches (google_cleaner, 0));
  g_assert_nonnull (bounce_cleaner_get_row_matches (google_cleaner, 2));
  bounce_cleaner_summarize (google_cleaner, &policy, &summary);
  g_assert_cmpuint (summary.rows_removed, ==, 0);
}

static void
test_status_columns (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(BounceContactList) list =
    load_text (fixture, "in.csv",
               "Email;Name;\r\n"
               "a@example.com;Ann\r\n"
               "b@example.com;Bea;\r\n"
               "c@example.com;Cy;", -1);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *removed = NULL;
  BounceRecord *record;
  BounceCleanPolicy policy;

  record = record_fixture_new ("b@example.com", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY,
                               "=HYPERLINK(\"http://example.com\";\"x\")");
  record->date = g_date_time_new_utc (2024, 5, 1, 10, 30, 0);
  g_ptr_array_add (records, record);
  g_ptr_array_add (records, record_fixture_new_hard ("c@example.com"));
  cleaner = bounce_cleaner_new (list, records);
  bounce_clean_policy_init (&policy);

  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_ALL, NULL, &error));
  g_assert_no_error (error);

  /* Short rows are padded so the new cells line up. The status text that
   * starts with '=' is defused with an apostrophe, and quoted because it
   * contains the delimiter and quotes. The last line still has no line
   * ending. */
  kept = read_file (fixture->dir, "out.csv");
  g_assert_cmpstr (kept, ==,
                   "Email;Name;;bounce_category;bounce_reason;bounce_status;bounce_date\r\n"
                   "a@example.com;Ann;;;;;\r\n"
                   "b@example.com;Bea;;blocked;policy;\"'=HYPERLINK(\"\"http://example.com\"\";\"\"x\"\")\";2024-05-01T10:30:00Z\r\n");
  removed = read_file (fixture->dir, "removed.csv");
  g_assert_cmpstr (removed, ==,
                   "Email;Name;;bounce_category;bounce_reason;bounce_status;bounce_date;bounce_removal_reason\r\n"
                   "c@example.com;Cy;;hard;mailbox-unknown;5.1.1;;hard: c@example.com");
}

/* The status cells land under their header cells on every row, also
 * after a row with more fields than the header: the header and the
 * narrower rows are padded to the widest row. Without a header, the
 * cells of every row land in the same columns too. */
static void
test_status_columns_wide_rows (Fixture       *fixture,
                               gconstpointer  data)
{
  static const struct { const char *input; const char *expected; } cases[] = {
    { "email,name,city\n"
      "jane@example.com,Jane,Paris,extra1,extra2\n"
      "bob@example.org,Bob\n"
      "kim@example.net,Kim,Oslo\n"
      "ann@example.net,Ann,Rome\n",
      "email,name,city,,,bounce_category,bounce_reason,bounce_status,bounce_date\n"
      "jane@example.com,Jane,Paris,extra1,extra2,soft,mailbox-full,4.2.2,\n"
      "bob@example.org,Bob,,,,,,,\n"
      "kim@example.net,Kim,Oslo,,,,,,\n"
      "ann@example.net,Ann,Rome,,,,,,\n" },
    { "jane@example.com,Jane,Paris,extra1,extra2\n"
      "bob@example.org,Bob\n"
      "kim@example.net,Kim,Oslo\n"
      "ann@example.net,Ann,Rome\n",
      "jane@example.com,Jane,Paris,extra1,extra2,soft,mailbox-full,4.2.2,\n"
      "bob@example.org,Bob,,,,,,,\n"
      "kim@example.net,Kim,Oslo,,,,,,\n"
      "ann@example.net,Ann,Rome,,,,,,\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BounceContactList) list = load_text (fixture, "in.csv", cases[i].input, -1);
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
      g_autoptr(BounceCleaner) cleaner = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *kept = NULL;
      BounceCleanPolicy policy;

      g_test_message ("case %u", i);
      g_ptr_array_add (records, record_fixture_new ("jane@example.com", BOUNCE_CATEGORY_SOFT,
                                                    BOUNCE_REASON_MAILBOX_FULL, "4.2.2"));
      cleaner = bounce_cleaner_new (list, records);
      bounce_clean_policy_init (&policy);

      g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_ALL, NULL, &error));
      g_assert_no_error (error);
      kept = read_file (fixture->dir, "out.csv");
      g_assert_cmpstr (kept, ==, cases[i].expected);
    }
}

static void
test_status_columns_utf16 (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(BounceContactList) list = load_fixture ("utf16le-tab.csv");
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = g_build_filename (fixture->dir, "out.csv", NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *text = NULL;
  gsize length;
  BounceCleanPolicy policy;

  g_ptr_array_add (records, record_fixture_new_hard ("li.wei@example.net"));
  cleaner = bounce_cleaner_new (list, records);
  bounce_clean_policy_init (&policy);

  g_assert_true (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_CATEGORY,
                                       output, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_file_get_contents (output, &bytes, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (bytes, 2, "\xFF\xFE", 2);
  text = g_convert (bytes + 2, length - 2, "UTF-8", "UTF-16LE", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==,
                   "Name\tE-mail Address\tCompany\tbounce_category\r\n"
                   "Anna Åberg\tanna.aberg@example.com\tNorrsken AB\t\r\n"
                   "Omar Haddad\tomar.haddad@example.org\tDune & Co\t\r\n");
}

static void
test_windows_1252_removal (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(BounceContactList) list = load_fixture ("semicolon-crlf-1252.csv");
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *input = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *expected = NULL;
  const char *line2;
  const char *line3;
  BounceCleanPolicy policy;

  g_ptr_array_add (records, record_fixture_new_hard ("rene.lefevre@example.net"));
  cleaner = bounce_cleaner_new (list, records);
  bounce_clean_policy_init (&policy);
  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, NULL, &error));
  g_assert_no_error (error);

  /* The kept file is the input without its third line, byte for byte. */
  g_file_get_contents (bounce_contact_list_get_path (list), &input, NULL, &error);
  g_assert_no_error (error);
  line2 = strstr (input, "\r\n") + 2;
  line2 = strstr (line2, "\r\n") + 2;
  line3 = strstr (line2, "\r\n") + 2;
  expected = g_strdup_printf ("%.*s%s", (int) (line2 - input), input, line3);
  kept = read_file (fixture->dir, "out.csv");
  g_assert_cmpstr (kept, ==, expected);
}

static void
test_refuse_overwrite (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(BounceContactList) list = load_text (fixture, "in.csv", contacts_text, -1);
  g_autoptr(GPtrArray) records = make_policy_records ();
  g_autoptr(BounceCleaner) cleaner = bounce_cleaner_new (list, records);
  g_autoptr(GError) error = NULL;
  g_autofree char *input = g_build_filename (fixture->dir, "in.csv", NULL);
  g_autofree char *other_spelling = g_build_filename (fixture->dir, ".", "in.csv", NULL);
  g_autofree char *symlink_path = g_build_filename (fixture->dir, "link.csv", NULL);
  g_autofree char *hardlink_path = g_build_filename (fixture->dir, "hard.csv", NULL);
  g_autofree char *output = g_build_filename (fixture->dir, "out.csv", NULL);
  g_autofree char *after = NULL;
  const char *targets[4];
  BounceCleanPolicy policy;

  g_assert_cmpint (symlink ("in.csv", symlink_path), ==, 0);
  g_assert_cmpint (link (input, hardlink_path), ==, 0);
  targets[0] = input;
  targets[1] = other_spelling;
  targets[2] = symlink_path;
  targets[3] = hardlink_path;
  bounce_clean_policy_init (&policy);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_assert_false (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE,
                                            targets[i], NULL, NULL, NULL, &error));
      g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WOULD_OVERWRITE_INPUT);
      g_clear_error (&error);

      g_assert_false (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE,
                                            output, targets[i], NULL, NULL, &error));
      g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WOULD_OVERWRITE_INPUT);
      g_clear_error (&error);
    }

  g_assert_false (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE,
                                        output, output, NULL, NULL, &error));
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT);

  after = read_file (fixture->dir, "in.csv");
  g_assert_cmpstr (after, ==, contacts_text);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
}

/* The app saves through bounce_cleaner_write(), so it rejects an output
 * or a file of removed rows that is a pipe, a link to one or a folder,
 * and leaves each as it was. */
static void
test_refuse_special_output (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(BounceContactList) list = load_text (fixture, "in.csv", contacts_text, -1);
  g_autoptr(GPtrArray) records = make_policy_records ();
  g_autoptr(BounceCleaner) cleaner = bounce_cleaner_new (list, records);
  g_autofree char *fifo = g_build_filename (fixture->dir, "pipe.csv", NULL);
  g_autofree char *fifo_link = g_build_filename (fixture->dir, "pipe-link.csv", NULL);
  g_autofree char *folder = g_build_filename (fixture->dir, "folder.csv", NULL);
  g_autofree char *output = g_build_filename (fixture->dir, "out.csv", NULL);
  const char *targets[] = { fifo, fifo_link, folder };
  BounceCleanPolicy policy;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink (fifo, fifo_link), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  bounce_clean_policy_init (&policy);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    for (guint removed = 0; removed < 2; removed++)
      {
        g_autoptr(GError) error = NULL;
        GStatBuf info;

        g_assert_false (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE,
                                              removed ? output : targets[i], removed ? targets[i] : NULL,
                                              NULL, NULL, &error));
        g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT);
        g_assert_nonnull (strstr (error->message, targets[i]));
        g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
        g_assert_cmpint (g_lstat (fifo, &info), ==, 0);
        g_assert_true (S_ISFIFO (info.st_mode));
        g_assert_cmpint (g_lstat (fifo_link, &info), ==, 0);
        g_assert_true (S_ISLNK (info.st_mode));
        g_assert_cmpint (g_lstat (folder, &info), ==, 0);
        g_assert_true (S_ISDIR (info.st_mode));
      }
}

static void
test_write_error_keeps_target (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(BounceContactList) list = load_text (fixture, "in.csv", contacts_text, -1);
  g_autoptr(BounceCleaner) cleaner = bounce_cleaner_new (list, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *output = g_build_filename (fixture->dir, "missing-folder", "out.csv", NULL);
  BounceCleanPolicy policy;

  bounce_clean_policy_init (&policy);
  g_assert_false (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE,
                                        output, NULL, NULL, NULL, &error));
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "missing-folder"));
}

/* A row whose list address a person chose to keep is written to the
 * cleaned file although it hard-bounced, and the summary counts it.
 * Another row with a hard bounce is still removed. */
static void
test_kept_by_choice (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char text[] =
    "email,name\n"
    "Jane@Example.com,Jane\n"
    "bob@example.com,Bob\n"
    "eve@example.com,Eve\n";
  g_autoptr(BounceContactList) list = load_text (fixture, "in.csv", text, -1);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(GHashTable) kept_addresses = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  BounceCleanPolicy policy;
  BounceCleanSummary summary;
  BounceRowVerdict verdict;

  g_ptr_array_add (records, record_fixture_new_hard ("jane@example.com"));
  g_ptr_array_add (records, record_fixture_new_hard ("bob@example.com"));
  cleaner = bounce_cleaner_new (list, records);
  bounce_clean_policy_init (&policy);
  g_hash_table_add (kept_addresses, (gpointer) "jane@example.com");
  g_hash_table_add (kept_addresses, (gpointer) "eve@example.com");
  policy.kept_addresses = kept_addresses;

  bounce_cleaner_get_verdict (cleaner, &policy, 0, &verdict);
  g_assert_false (verdict.removed);
  g_assert_null (verdict.removal);
  g_assert_true (verdict.kept_by_choice);
  g_assert_cmpstr (verdict.overridden_removal, ==, "hard");
  g_assert_cmpint (verdict.category, ==, BOUNCE_CATEGORY_HARD);

  /* Eve is kept by choice, but nothing would remove her. */
  bounce_cleaner_get_verdict (cleaner, &policy, 2, &verdict);
  g_assert_true (verdict.kept_by_choice);
  g_assert_null (verdict.overridden_removal);

  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rows_kept, ==, 2);
  g_assert_cmpuint (summary.rows_removed, ==, 1);
  g_assert_cmpuint (summary.removed_hard, ==, 1);
  g_assert_cmpuint (summary.rows_kept_by_choice, ==, 1);

  kept = read_file (fixture->dir, "out.csv");
  g_assert_cmpstr (kept, ==,
                   "email,name\n"
                   "Jane@Example.com,Jane\n"
                   "eve@example.com,Eve\n");
}

/* A kept address's hard bounce removes no other spelling of its mailbox
 * through the same-mailbox rule, and such a row is counted with the rows
 * kept by choice. A spelling with a hard bounce of its own is still
 * removed. */
static void
test_kept_same_mailbox (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char text[] =
    "email,name\n"
    "kim@example.com,Kim\n"
    "kim+news@example.com,Kim news\n"
    "kim+shop@example.com,Kim shop\n"
    "ana@example.com,Ana\n";
  g_autoptr(BounceContactList) list = load_text (fixture, "in.csv", text, -1);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(GHashTable) kept_addresses = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *removed = NULL;
  BounceCleanPolicy policy;
  BounceCleanSummary summary;
  BounceRowVerdict verdict;

  g_ptr_array_add (records, record_fixture_new_hard ("kim@example.com"));
  g_ptr_array_add (records, record_fixture_new_hard ("kim+shop@example.com"));
  cleaner = bounce_cleaner_new (list, records);
  bounce_clean_policy_init (&policy);
  g_hash_table_add (kept_addresses, (gpointer) "kim@example.com");
  policy.kept_addresses = kept_addresses;

  bounce_cleaner_get_verdict (cleaner, &policy, 1, &verdict);
  g_assert_false (verdict.removed);
  g_assert_false (verdict.kept_by_choice);
  g_assert_cmpstr (verdict.overridden_removal, ==, "hard");
  g_assert_cmpint (verdict.category, ==, BOUNCE_CATEGORY_HARD);

  bounce_cleaner_get_verdict (cleaner, &policy, 2, &verdict);
  g_assert_true (verdict.removed);
  g_assert_false (verdict.kept_by_choice);

  g_assert_true (bounce_cleaner_has_list_address (cleaner, "kim+news@example.com"));
  g_assert_false (bounce_cleaner_has_list_address (cleaner, "kim@exampel.com"));

  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rows_removed, ==, 1);
  g_assert_cmpuint (summary.rows_kept_by_choice, ==, 2);
  removed = read_file (fixture->dir, "removed.csv");
  g_assert_cmpstr (removed, ==,
                   "email,name,bounce_removal_reason\n"
                   "kim+shop@example.com,Kim shop,hard: kim+shop@example.com\n");
}

/* A row whose quote is never closed is kept even when its address
 * hard-bounced, and the rows after it are matched as rows of their own. */
static void
test_damaged_row_kept (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char text[] =
    "email,name\n"
    "gone@example.com,\"John\n"
    "keep@example.com,Jane\n"
    "notfound@example.com,Bob\n";
  g_autoptr(BounceContactList) list = load_text (fixture, "in.csv", text, -1);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *with_columns = NULL;
  g_autofree char *columns_output = g_build_filename (fixture->dir, "columns.csv", NULL);
  BounceCleanPolicy policy;
  BounceCleanSummary summary;
  BounceRowVerdict verdict;

  g_ptr_array_add (records, record_fixture_new_hard ("gone@example.com"));
  g_ptr_array_add (records, record_fixture_new_hard ("notfound@example.com"));
  cleaner = bounce_cleaner_new (list, records);
  bounce_clean_policy_init (&policy);

  bounce_cleaner_get_verdict (cleaner, &policy, 0, &verdict);
  g_assert_true (verdict.damaged);
  g_assert_false (verdict.removed);
  g_assert_null (verdict.removal);
  g_assert_cmpstr (verdict.skipped_removal, ==, "hard");
  g_assert_cmpint (verdict.category, ==, BOUNCE_CATEGORY_HARD);

  bounce_cleaner_get_verdict (cleaner, &policy, 2, &verdict);
  g_assert_false (verdict.damaged);
  g_assert_true (verdict.removed);

  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rows_in, ==, 3);
  g_assert_cmpuint (summary.rows_kept, ==, 2);
  g_assert_cmpuint (summary.rows_removed, ==, 1);
  g_assert_cmpuint (summary.rows_damaged, ==, 1);
  g_assert_cmpuint (summary.removals_skipped, ==, 1);

  kept = read_file (fixture->dir, "out.csv");
  g_assert_cmpstr (kept, ==,
                   "email,name\n"
                   "gone@example.com,\"John\n"
                   "keep@example.com,Jane\n");
  removed = read_file (fixture->dir, "removed.csv");
  g_assert_cmpstr (removed, ==,
                   "email,name,bounce_removal_reason\n"
                   "notfound@example.com,Bob,hard: notfound@example.com\n");

  /* Status cells appended to the damaged row would land inside its open
   * quote, so it is written as it is. */
  g_assert_true (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_CATEGORY,
                                       columns_output, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  with_columns = read_file (fixture->dir, "columns.csv");
  g_assert_cmpstr (with_columns, ==,
                   "email,name,bounce_category\n"
                   "gone@example.com,\"John\n"
                   "keep@example.com,Jane,\n");
}

/* The write and the summary skip the verdict of rows that need none.
 * Their counts must match the verdicts requested row by row, also for rows that
 * need one without any bounce: a damaged row, an invalid address and a
 * list cell of two addresses. */
static void
test_plain_rows_counted (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("email,name\n");
  g_autoptr(BounceContactList) list = NULL;
  g_autoptr(BounceHygiene) hygiene = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  BounceCleanPolicy policy;
  BounceCleanSummary expected = { 0 };
  BounceCleanSummary summarized;
  BounceCleanSummary written;
  g_autofree char *kept = NULL;

  for (guint i = 0; i < 300; i++)
    {
      if (i == 100)
        g_string_append (text, "nora@@example.com,Nora Invalid\n");
      else if (i == 200)
        g_string_append (text, "\"hank@example.com; ivy@example.com\",Hank Two\n");
      else
        g_string_append_printf (text, "person%u@example.com,Person %u\n", i, i);
    }
  /* The unclosed quote makes the last row damaged. */
  g_string_append (text, "dana@example.com,\"Dana\n");
  list = load_text (fixture, "in.csv", text->str, (gssize) text->len);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 301);

  g_ptr_array_add (records, record_fixture_new_hard ("person10@example.com"));
  g_ptr_array_add (records, record_fixture_new ("person250@example.com", BOUNCE_CATEGORY_SOFT,
                                                BOUNCE_REASON_MAILBOX_FULL, "4.2.2"));
  cleaner = bounce_cleaner_new (list, records);
  hygiene = bounce_hygiene_new_syntax (list);
  bounce_clean_policy_init (&policy);
  policy.hygiene = hygiene;
  policy.remove_invalid = TRUE;

  for (guint row = 0; row < 301; row++)
    {
      BounceRowVerdict verdict;

      bounce_cleaner_get_verdict (cleaner, &policy, row, &verdict);
      if (verdict.removed)
        expected.rows_removed++;
      else
        expected.rows_kept++;
      if (verdict.damaged)
        expected.rows_damaged++;
      if (bounce_hygiene_is_invalid (hygiene, row))
        expected.rows_invalid++;
      if (bounce_category_is_clean (verdict.category) && !verdict.removed)
        expected.rows_without_bounce++;
      else if (bounce_category_is_clean (verdict.category))
        expected.rows_removed_without_bounce++;
    }
  g_assert_cmpuint (expected.rows_removed, ==, 2);
  g_assert_cmpuint (expected.rows_removed_without_bounce, ==, 1);
  g_assert_cmpuint (expected.rows_damaged, ==, 1);
  g_assert_cmpuint (expected.rows_invalid, ==, 1);

  /* With data, the rows are also judged in two halves on two threads. */
  if (data != NULL)
    _bounce_cleaner_set_split_rows (2);
  bounce_cleaner_summarize (cleaner, &policy, &summarized);
  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, &written, &error));
  _bounce_cleaner_set_split_rows (65536);
  g_assert_no_error (error);

  g_assert_cmpuint (summarized.rows_kept, ==, expected.rows_kept);
  g_assert_cmpuint (summarized.rows_removed, ==, expected.rows_removed);
  g_assert_cmpuint (summarized.rows_damaged, ==, expected.rows_damaged);
  g_assert_cmpuint (summarized.rows_invalid, ==, expected.rows_invalid);
  g_assert_cmpuint (summarized.rows_without_bounce, ==, expected.rows_without_bounce);
  g_assert_cmpuint (summarized.rows_removed_without_bounce, ==, expected.rows_removed_without_bounce);
  g_assert_cmpuint (written.rows_kept, ==, expected.rows_kept);
  g_assert_cmpuint (written.rows_removed, ==, expected.rows_removed);
  g_assert_cmpuint (written.rows_damaged, ==, expected.rows_damaged);
  g_assert_cmpuint (written.rows_invalid, ==, expected.rows_invalid);
  g_assert_cmpuint (written.rows_without_bounce, ==, expected.rows_without_bounce);
  g_assert_cmpuint (written.rows_removed_without_bounce, ==, expected.rows_removed_without_bounce);

  /* The cleaned file is the input without the two removed lines. */
  g_string_replace (text, "person10@example.com,Person 10\n", "", 1);
  g_string_replace (text, "nora@@example.com,Nora Invalid\n", "", 1);
  kept = read_file (fixture->dir, "out.csv");
  g_assert_cmpstr (kept, ==, text->str);
}

/* A list where every third row is removed gives the writer tens of
 * thousands of short runs of kept rows: more than fit in one write of
 * pieces, and over several megabytes, after a byte-order mark. The
 * cleaned file must be the input without those rows, byte for byte. */
static void
test_many_short_runs (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("\xEF\xBB\xBF" "Email;Name;City\r\n");
  g_autoptr(GString) expected = g_string_new ("\xEF\xBB\xBF" "Email;Name;City\r\n");
  g_autoptr(GString) expected_removed = g_string_new ("\xEF\xBB\xBF" "Email;Name;City\r\n");
  g_autoptr(BounceContactList) list = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cleaned = NULL;
  g_autofree char *removed = NULL;
  BounceCleanPolicy policy;
  BounceCleanSummary summary;
  guint n_rows = 90000;

  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *row = g_strdup_printf ("person.%u@example.org;\"Person %u; Jr\";Lisbon\r\n", i, i);

      g_string_append (text, row);
      if (i % 3 == 1)
        {
          g_autofree char *address = g_strdup_printf ("person.%u@example.org", i);

          g_ptr_array_add (records, record_fixture_new_hard (address));
          g_string_append (expected_removed, row);
        }
      else
        g_string_append (expected, row);
    }
  g_assert_cmpuint (text->len, >, 4 * 1024 * 1024);
  list = load_text (fixture, "in.csv", text->str, (gssize) text->len);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, n_rows);

  cleaner = bounce_cleaner_new (list, records);
  bounce_clean_policy_init (&policy);
  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rows_removed, ==, n_rows / 3);
  g_assert_cmpuint (summary.rows_kept, ==, n_rows - n_rows / 3);

  cleaned = read_file (fixture->dir, "out.csv");
  g_assert_cmpuint (strlen (cleaned), ==, expected->len);
  g_assert_true (strcmp (cleaned, expected->str) == 0);

  /* The removed rows get a reason cell, which goes through the buffer
   * between pieces of the file. */
  removed = read_file (fixture->dir, "removed.csv");
  g_assert_true (g_str_has_prefix (removed, "\xEF\xBB\xBF" "Email;Name;City;bounce_removal_reason\r\n"));
  g_assert_nonnull (strstr (removed, "person.1@example.org;\"Person 1; Jr\";Lisbon;hard: person.1@example.org\r\n"));
  g_assert_nonnull (strstr (removed, "person.89998@example.org;\"Person 89998; Jr\";Lisbon;"
                                     "hard: person.89998@example.org\r\n"));
}

/* The write judges rows on a thread of its own in ranges of rows and
 * copies each range once it is judged. The files and counts must be
 * those of one range for all rows, with removed rows on both sides of a
 * range's end, blank lines before a range's first row and a removed
 * first and last row. A cancelled write must stop the judging thread. */
static void
test_write_in_ranges (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("email,name\n");
  g_autoptr(GString) expected = g_string_new ("email,name\n");
  g_autoptr(GString) expected_removed = g_string_new ("email,name,bounce_removal_reason\n");
  g_autoptr(BounceContactList) list = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *output = g_build_filename (fixture->dir, "out.csv", NULL);
  g_autofree char *cleaned = NULL;
  g_autofree char *removed = NULL;
  const guint removed_rows[] = { 0, 7, 8, 15, 16, 17, 39, 40, 99 };
  BounceCleanPolicy policy;
  BounceCleanSummary one_range;
  BounceCleanSummary ranges;

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *row = g_strdup_printf ("person%u@example.com,Person %u\n", i, i);
      gboolean is_removed = FALSE;

      /* A blank line is not a row: it stays in the cleaned file before
       * the row after it, also when that row is removed. */
      if (i == 16 || i == 24)
        {
          g_string_append (text, "\n");
          g_string_append (expected, "\n");
        }
      g_string_append (text, row);
      for (guint j = 0; j < G_N_ELEMENTS (removed_rows); j++)
        is_removed = is_removed || removed_rows[j] == i;
      if (is_removed)
        {
          g_autofree char *address = g_strdup_printf ("person%u@example.com", i);

          g_ptr_array_add (records, record_fixture_new_hard (address));
          g_string_append_printf (expected_removed, "person%u@example.com,Person %u,hard: %s\n", i, i, address);
        }
      else
        g_string_append (expected, row);
    }
  list = load_text (fixture, "in.csv", text->str, (gssize) text->len);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 100);
  cleaner = bounce_cleaner_new (list, records);
  bounce_clean_policy_init (&policy);

  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, &one_range, &error));
  g_assert_no_error (error);
  cleaned = read_file (fixture->dir, "out.csv");
  g_assert_cmpstr (cleaned, ==, expected->str);
  g_clear_pointer (&cleaned, g_free);

  _bounce_cleaner_set_judge_chunk_rows (8);
  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, &ranges, &error));
  g_assert_no_error (error);
  cleaned = read_file (fixture->dir, "out.csv");
  g_assert_cmpstr (cleaned, ==, expected->str);
  removed = read_file (fixture->dir, "removed.csv");
  g_assert_cmpstr (removed, ==, expected_removed->str);
  g_assert_cmpuint (ranges.rows_removed, ==, G_N_ELEMENTS (removed_rows));
  g_assert_cmpuint (ranges.rows_kept, ==, 100 - G_N_ELEMENTS (removed_rows));
  g_assert_cmpuint (ranges.removed_hard, ==, one_range.removed_hard);
  g_assert_cmpuint (ranges.rows_without_bounce, ==, one_range.rows_without_bounce);

  /* Cancelled, the write returns while the judging thread may still
   * run: it must end before the write returns. */
  g_cancellable_cancel (cancellable);
  g_assert_false (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, output, NULL, NULL,
                                        cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  _bounce_cleaner_set_judge_chunk_rows (16384);
}

/* The removal reason of an invalid cell names the cell as written, not
 * an address read from part of it, which is not in the file. */
static void
test_invalid_reason_names_cell (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(BounceContactList) list = NULL;
  g_autoptr(BounceHygiene) hygiene = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *removed = NULL;
  BounceCleanPolicy policy;
  BounceCleanSummary written;

  list = load_text (fixture, "in.csv",
                    "email,name\n"
                    "tomas novak@example.net,Tomas\n"
                    "ann@example.com,Ann\n", -1);
  cleaner = bounce_cleaner_new (list, records);
  hygiene = bounce_hygiene_new_syntax (list);
  g_assert_true (bounce_hygiene_is_invalid (hygiene, 0));
  bounce_clean_policy_init (&policy);
  policy.hygiene = hygiene;
  policy.remove_invalid = TRUE;

  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, &written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written.rows_removed, ==, 1);
  removed = read_file (fixture->dir, "removed.csv");
  g_assert_cmpstr (removed, ==,
                   "email,name,bounce_removal_reason\n"
                   "tomas novak@example.net,Tomas,invalid: tomas novak@example.net\n");
}

/* A list address cell with several addresses is one contact reached at
 * each: its row is removed only when every address in it is removed. */
static void
test_list_cell_addresses (Fixture       *fixture,
                          gconstpointer  data)
{
  static const char text[] =
    "email,name\n"
    "hank@example.com; ivy@example.com,Hank and Ivy\n"
    "jo@example.com; kim@example.com,Jo and Kim\n"
    "lee@example.com,Lee\n"
    "mia@example.com; ned@example.com,Mia and Ned\n"
    "ola@example.com,Ola\n";
  g_autoptr(BounceContactList) list = load_text (fixture, "in.csv", text, -1);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  const char *hard[] = { "hank@example.com", "jo@example.com", "kim@example.com", "lee@example.com", "ned@example.com" };
  BounceCleanPolicy policy;
  BounceCleanSummary summary;
  BounceRowVerdict verdict;

  g_assert_cmpint (bounce_contact_list_get_dialect (list)->delimiter, ==, ',');
  for (guint i = 0; i < G_N_ELEMENTS (hard); i++)
    g_ptr_array_add (records, record_fixture_new_hard (hard[i]));
  cleaner = bounce_cleaner_new (list, records);
  bounce_clean_policy_init (&policy);

  /* Hank bounced, Ivy did not. */
  bounce_cleaner_get_verdict (cleaner, &policy, 0, &verdict);
  g_assert_false (verdict.removed);
  g_assert_null (verdict.removal);
  g_assert_cmpstr (verdict.kept_address, ==, "ivy@example.com");
  g_assert_cmpstr (verdict.spared_removal, ==, "hard");
  g_assert_cmpint (verdict.category, ==, BOUNCE_CATEGORY_HARD);
  g_assert_cmpstr (verdict.spared_address, ==, "hank@example.com");

  /* Both of Jo and Kim bounced. */
  bounce_cleaner_get_verdict (cleaner, &policy, 1, &verdict);
  g_assert_true (verdict.removed);
  g_assert_cmpstr (verdict.removal, ==, "hard");
  g_assert_null (verdict.kept_address);

  /* Only Ned, after the first address, bounced: Mia keeps the row. */
  bounce_cleaner_get_verdict (cleaner, &policy, 3, &verdict);
  g_assert_false (verdict.removed);
  g_assert_cmpstr (verdict.kept_address, ==, "mia@example.com");
  g_assert_cmpstr (verdict.spared_address, ==, "ned@example.com");
  g_assert_cmpstr (verdict.spared_removal, ==, "hard");
  g_assert_cmpint (verdict.category, ==, BOUNCE_CATEGORY_HARD);

  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rows_in, ==, 5);
  g_assert_cmpuint (summary.rows_removed, ==, 2);
  g_assert_cmpuint (summary.rows_kept, ==, 3);
  g_assert_cmpuint (summary.rows_spared, ==, 2);
  kept = read_file (fixture->dir, "out.csv");
  g_assert_cmpstr (kept, ==,
                   "email,name\n"
                   "hank@example.com; ivy@example.com,Hank and Ivy\n"
                   "mia@example.com; ned@example.com,Mia and Ned\n"
                   "ola@example.com,Ola\n");
}

static const char list_cells_text[] =
  "email,name\n"
  "hank@example.com; ivy@example.com,Hank and Ivy\n"
  "jo@example.com; kim@example.com; lou@example.com,Jo Kim and Lou\n"
  "lee@example.com,Lee\n";

/* Hank, Jo, Lou and Lee bounced hard and Kim complained: Ivy keeps the
 * first row. */
static BounceCleaner *
new_list_cells_cleaner (Fixture *fixture)
{
  g_autoptr(BounceContactList) list = load_text (fixture, "in.csv", list_cells_text, -1);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  const char *hard[] = { "hank@example.com", "jo@example.com", "lou@example.com", "lee@example.com" };

  for (guint i = 0; i < G_N_ELEMENTS (hard); i++)
    g_ptr_array_add (records, record_fixture_new_hard (hard[i]));
  g_ptr_array_add (records, record_fixture_new ("kim@example.com", BOUNCE_CATEGORY_COMPLAINT, BOUNCE_REASON_SPAM_COMPLAINT, ""));

  return bounce_cleaner_new (list, records);
}

/* The removal reason of a removed cell of several addresses names each
 * of them with its own removal. */
static void
test_list_cell_removal_reason (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(BounceCleaner) cleaner = new_list_cells_cleaner (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *removed = NULL;
  BounceCleanPolicy policy;
  BounceCleanSummary summary;

  bounce_clean_policy_init (&policy);
  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rows_removed, ==, 2);
  removed = read_file (fixture->dir, "removed.csv");
  g_assert_cmpstr (removed, ==,
                   "email,name,bounce_removal_reason\n"
                   "jo@example.com; kim@example.com; lou@example.com,Jo Kim and Lou,"
                   "hard: jo@example.com; complaint: kim@example.com; hard: lou@example.com\n"
                   "lee@example.com,Lee,hard: lee@example.com\n");
}

/* A row kept for another address of its cell keeps the status columns
 * of the bounce that would have removed it. Its reason cell names the
 * address that bounced and the one that keeps the row, so that "hard" in
 * the cleaned file is not read as a row that should be gone. */
static void
test_list_cell_kept_columns (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(BounceCleaner) cleaner = new_list_cells_cleaner (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  BounceCleanPolicy policy;
  BounceCleanSummary summary;

  bounce_clean_policy_init (&policy);
  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_ALL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rows_spared, ==, 1);
  kept = read_file (fixture->dir, "out.csv");
  g_assert_cmpstr (kept, ==,
                   "email,name,bounce_category,bounce_reason,bounce_status,bounce_date\n"
                   "hank@example.com; ivy@example.com,Hank and Ivy,hard,"
                   "mailbox-unknown: hank@example.com; kept for ivy@example.com,5.1.1,\n");
}

/* The list mails every address of a list address cell, so a bounce of
 * the second address sets the row's category and status cells. When it
 * would remove that address, the reason names the address that keeps
 * the row ("kept for"). */
static void
test_list_cell_second_address (Fixture       *fixture,
                               gconstpointer  data)
{
  static const char text[] =
    "email,name\n"
    "fiona@example.com; gwen@example.com,Fiona and Gwen\n"
    "ann@example.com; gwen@example.com,Ann and Gwen\n"
    "rob@example.com; sue@example.com,Rob and Sue\n"
    "pat@example.com; quinn@example.com,Pat and Quinn\n";
  g_autoptr(BounceContactList) list = load_text (fixture, "in.csv", text, -1);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  BounceMatch *match;
  BounceCleanPolicy policy;
  BounceCleanSummary summary;
  BounceRowVerdict verdict;

  g_ptr_array_add (records, record_fixture_new ("fiona@example.com", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL, "4.2.2"));
  g_ptr_array_add (records, record_fixture_new_hard ("gwen@example.com"));
  g_ptr_array_add (records, record_fixture_new ("rob@example.com", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "5.7.1"));
  /* Three sends, the default limit. */
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (records, record_fixture_new ("sue@example.com", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL, "4.2.2"));
  g_ptr_array_add (records, record_fixture_new ("quinn@example.com", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL, "4.2.2"));
  cleaner = bounce_cleaner_new (list, records);
  bounce_clean_policy_init (&policy);

  match = bounce_cleaner_get_row_matches (cleaner, 1)->pdata[0];
  g_assert_cmpstr (match->address, ==, "gwen@example.com");
  g_assert_true (match->on_list_address);

  /* Gwen's hard bounce is worse than Fiona's soft one. */
  bounce_cleaner_get_verdict (cleaner, &policy, 0, &verdict);
  g_assert_false (verdict.removed);
  g_assert_cmpint (verdict.category, ==, BOUNCE_CATEGORY_HARD);
  g_assert_cmpstr (verdict.reason, ==, BOUNCE_REASON_MAILBOX_UNKNOWN);
  g_assert_cmpstr (verdict.kept_address, ==, "fiona@example.com");
  g_assert_cmpstr (verdict.spared_address, ==, "gwen@example.com");
  g_assert_cmpstr (verdict.spared_removal, ==, "hard");

  bounce_cleaner_get_verdict (cleaner, &policy, 1, &verdict);
  g_assert_false (verdict.removed);
  g_assert_cmpint (verdict.category, ==, BOUNCE_CATEGORY_HARD);
  g_assert_cmpstr (verdict.kept_address, ==, "ann@example.com");
  g_assert_cmpstr (verdict.spared_address, ==, "gwen@example.com");

  /* Rob's block is the worst bounce, but Sue's soft bounces are the
   * ones that would remove her. */
  bounce_cleaner_get_verdict (cleaner, &policy, 2, &verdict);
  g_assert_false (verdict.removed);
  g_assert_cmpint (verdict.category, ==, BOUNCE_CATEGORY_BLOCKED);
  g_assert_cmpstr (verdict.kept_address, ==, "rob@example.com");
  g_assert_cmpstr (verdict.spared_address, ==, "sue@example.com");
  g_assert_cmpstr (verdict.spared_removal, ==, "soft-limit");
  g_assert_cmpstr (verdict.spared_reason, ==, BOUNCE_REASON_MAILBOX_FULL);

  /* One soft bounce of Quinn removes no one. */
  bounce_cleaner_get_verdict (cleaner, &policy, 3, &verdict);
  g_assert_false (verdict.removed);
  g_assert_cmpint (verdict.category, ==, BOUNCE_CATEGORY_SOFT);
  g_assert_null (verdict.kept_address);
  g_assert_null (verdict.spared_address);

  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_ALL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rows_removed, ==, 0);
  g_assert_cmpuint (summary.rows_spared, ==, 3);
  g_assert_cmpuint (summary.rows_without_bounce, ==, 0);
  g_assert_cmpuint (summary.per_category[BOUNCE_CATEGORY_HARD], ==, 2);
  g_assert_cmpuint (summary.per_category[BOUNCE_CATEGORY_BLOCKED], ==, 1);
  g_assert_cmpuint (summary.per_category[BOUNCE_CATEGORY_SOFT], ==, 1);
  kept = read_file (fixture->dir, "out.csv");
  g_assert_cmpstr (kept, ==,
                   "email,name,bounce_category,bounce_reason,bounce_status,bounce_date\n"
                   "fiona@example.com; gwen@example.com,Fiona and Gwen,hard,"
                   "mailbox-unknown: gwen@example.com; kept for fiona@example.com,5.1.1,\n"
                   "ann@example.com; gwen@example.com,Ann and Gwen,hard,"
                   "mailbox-unknown: gwen@example.com; kept for ann@example.com,5.1.1,\n"
                   "rob@example.com; sue@example.com,Rob and Sue,blocked,"
                   "mailbox-full: sue@example.com; kept for rob@example.com,5.7.1,\n"
                   "pat@example.com; quinn@example.com,Pat and Quinn,soft,mailbox-full,4.2.2,\n");
}

/* A CRM export gives thousands of contacts one placeholder address.
 * Indexing them once took time growing with the square of their number:
 * 320,000 such rows took 27 s. */
static void
test_shared_address (Fixture       *fixture,
                     gconstpointer  data)
{
  const guint n_shared = 200000;
  g_autoptr(GString) text = g_string_new ("email,name\nann@example.org,Ann\n");
  g_autoptr(BounceContactList) list = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  BounceCleanPolicy policy;
  BounceCleanSummary summary;
  BounceRowVerdict verdict;

  for (guint i = 0; i < n_shared; i++)
    g_string_append (text, "noemail@example.com,\n");
  list = load_text (fixture, "in.csv", text->str, text->len);
  g_ptr_array_add (records, record_fixture_new_hard ("noemail@example.com"));
  cleaner = bounce_cleaner_new (list, records);
  bounce_clean_policy_init (&policy);

  g_assert_cmpint (bounce_cleaner_get_duplicate_of (cleaner, n_shared), ==, 1);
  bounce_cleaner_get_verdict (cleaner, &policy, n_shared, &verdict);
  g_assert_true (verdict.removed);
  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rows_in, ==, n_shared + 1);
  g_assert_cmpuint (summary.rows_kept, ==, 1);
  g_assert_cmpuint (summary.rows_removed, ==, n_shared);
}

/* Blank lines are not rows: removing the row after them keeps them, so
 * only the removed rows' bytes leave the cleaned file. */
static void
test_blank_lines_kept (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char text[] =
    "\nEmail,Name\n"
    "\n"
    "jane.doe@example.com,Jane\n"
    "\n\n"
    "bob.stone@example.net,Bob\n"
    "   \n"
    "carla.mendes@example.org,Carla\n"
    "\n";
  g_autoptr(BounceContactList) list = load_text (fixture, "in.csv", text, -1);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *with_columns = NULL;
  g_autofree char *columns_output = g_build_filename (fixture->dir, "columns.csv", NULL);
  BounceCleanPolicy policy;

  g_ptr_array_add (records, record_fixture_new_hard ("jane.doe@example.com"));
  g_ptr_array_add (records, record_fixture_new_hard ("bob.stone@example.net"));
  cleaner = bounce_cleaner_new (list, records);
  bounce_clean_policy_init (&policy);

  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, NULL, &error));
  g_assert_no_error (error);
  kept = read_file (fixture->dir, "out.csv");
  g_assert_cmpstr (kept, ==,
                   "\nEmail,Name\n"
                   "\n"
                   "\n\n"
                   "   \n"
                   "carla.mendes@example.org,Carla\n"
                   "\n");
  removed = read_file (fixture->dir, "removed.csv");
  g_assert_cmpstr (removed, ==,
                   "\nEmail,Name,bounce_removal_reason\n"
                   "jane.doe@example.com,Jane,hard: jane.doe@example.com\n"
                   "bob.stone@example.net,Bob,hard: bob.stone@example.net\n");

  /* The same with status columns, where kept rows are written one by one. */
  g_assert_true (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_CATEGORY,
                                       columns_output, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  with_columns = read_file (fixture->dir, "columns.csv");
  g_assert_cmpstr (with_columns, ==,
                   "\nEmail,Name,bounce_category\n"
                   "\n"
                   "\n\n"
                   "   \n"
                   "carla.mendes@example.org,Carla,\n"
                   "\n");
}

/* Writing over an existing output replaces the path and leaves the old
 * file's inode alone, so a hard link to it keeps the old bytes. A
 * symbolic link stays, and its target gets the new contents. A pipe is
 * rejected (see test_refuse_special_output()). */
static void
test_replace_output (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(BounceContactList) list = load_text (fixture, "in.csv", contacts_text, -1);
  g_autoptr(BounceCleaner) cleaner = bounce_cleaner_new (list, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *regular = g_build_filename (fixture->dir, "out.csv", NULL);
  g_autofree char *old_link = g_build_filename (fixture->dir, "old-link.csv", NULL);
  g_autofree char *symlink_path = g_build_filename (fixture->dir, "link-out.csv", NULL);
  g_autofree char *target = g_build_filename (fixture->dir, "target.csv", NULL);
  g_autofree char *link_target = NULL;
  const char *old_text = "Email\nold.row@example.com\n";
  const char *outputs[2];
  const char *names[2] = { "out.csv", "link-out.csv" };
  g_autofree char *hard_after = NULL;
  g_autofree char *target_after = NULL;
  BounceCleanPolicy policy;

  g_file_set_contents (regular, old_text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (link (regular, old_link), ==, 0);
  g_file_set_contents (target, old_text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (symlink ("target.csv", symlink_path), ==, 0);
  outputs[0] = regular;
  outputs[1] = symlink_path;
  bounce_clean_policy_init (&policy);

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autofree char *written = NULL;

      g_assert_true (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE,
                                           outputs[i], NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_test (outputs[i], G_FILE_TEST_IS_REGULAR));
      written = read_file (fixture->dir, names[i]);
      g_assert_cmpstr (written, ==, contacts_text);
    }

  hard_after = read_file (fixture->dir, "old-link.csv");
  g_assert_cmpstr (hard_after, ==, old_text);
  g_assert_true (g_file_test (symlink_path, G_FILE_TEST_IS_SYMLINK));
  target_after = read_file (fixture->dir, "target.csv");
  g_assert_cmpstr (target_after, ==, contacts_text);
  link_target = bounce_clean_dup_link_target (symlink_path);
  g_assert_cmpstr (link_target, ==, target);
  g_assert_null (bounce_clean_dup_link_target (regular));
}

static guint
get_mode (const char *path)
{
  GStatBuf info;

  g_assert_cmpint (g_stat (path, &info), ==, 0);

  return info.st_mode & 07777;
}

/* Opens @path again as @list, with a new @cleaner. A chmod changes the
 * file's ctime, and a write from a list read before that fails as
 * changed on disk. */
static void
reload_after_chmod (const char         *path,
                    BounceContactList **list,
                    BounceCleaner     **cleaner)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (cleaner);
  g_clear_object (list);
  *list = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  *cleaner = bounce_cleaner_new (*list, NULL);
}

/* A new output takes the contact file's permission bits whatever the
 * umask, so that a private list does not give a readable copy, and a
 * replaced output keeps its own. */
static void
test_output_mode (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(BounceContactList) list = load_text (fixture, "in.csv", contacts_text, -1);
  g_autoptr(BounceCleaner) cleaner = bounce_cleaner_new (list, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *input = g_build_filename (fixture->dir, "in.csv", NULL);
  g_autofree char *output = g_build_filename (fixture->dir, "out.csv", NULL);
  g_autofree char *removed = g_build_filename (fixture->dir, "removed.csv", NULL);
  g_autofree char *existing = g_build_filename (fixture->dir, "existing.csv", NULL);
  BounceCleanPolicy policy;
  mode_t old_umask;

  bounce_clean_policy_init (&policy);
  g_assert_cmpint (g_chmod (input, 0600), ==, 0);
  reload_after_chmod (input, &list, &cleaner);
  old_umask = umask (0022);

  g_assert_true (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE,
                                       output, removed, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (get_mode (output), ==, 0600);
  g_assert_cmpuint (get_mode (removed), ==, 0600);

  /* Execute bits of the contact file are not copied. */
  g_assert_cmpint (g_chmod (input, 0755), ==, 0);
  reload_after_chmod (input, &list, &cleaner);
  g_assert_cmpint (g_unlink (output), ==, 0);
  g_assert_true (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE,
                                       output, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (get_mode (output), ==, 0644);

  g_file_set_contents (existing, "old\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (existing, 0640), ==, 0);
  g_assert_true (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE,
                                       existing, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (get_mode (existing), ==, 0640);

  umask (old_umask);
}

/* A write removes the temporary files that killed writes to the same
 * target left, and nothing else: not those of a live process, of
 * another target or of another name. */
static void
test_stale_temp_files (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(BounceContactList) list = load_text (fixture, "in.csv", contacts_text, -1);
  g_autoptr(BounceCleaner) cleaner = bounce_cleaner_new (list, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *output = g_build_filename (fixture->dir, "out.csv", NULL);
  g_autofree char *dead = NULL;
  g_autofree char *live = NULL;
  g_autofree char *other_target = NULL;
  BounceCleanPolicy policy;
  GPid child;
  int wait_status;

  /* A child that has exited and been reaped leaves a pid that no
   * process has. */
  g_assert_true (g_spawn_async (NULL, (char *[]) { (char *) "true", NULL }, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &child, &error));
  g_assert_no_error (error);
  g_assert_cmpint (waitpid (child, &wait_status, 0), ==, child);

  dead = g_strdup_printf (".out.csv.bounce-tmp-%d-XyZ789", (int) child);
  live = g_strdup_printf (".out.csv.bounce-tmp-%d-AbC123", (int) getppid ());
  other_target = g_strdup_printf (".other.csv.bounce-tmp-%d-XyZ789", (int) child);
  {
    const char *names[] = { dead, live, other_target, ".out.csv.XyZ789", ".out.csv.bounce-tmp-x-XyZ789" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (fixture->dir, names[i], NULL);

        g_file_set_contents (path, "x", -1, &error);
        g_assert_no_error (error);
      }
  }

  bounce_clean_policy_init (&policy);
  g_assert_true (bounce_cleaner_write (cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE,
                                       output, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  {
    const char *kept[] = { live, other_target, ".out.csv.XyZ789", ".out.csv.bounce-tmp-x-XyZ789" };
    g_autofree char *dead_path = g_build_filename (fixture->dir, dead, NULL);

    g_assert_false (g_file_test (dead_path, G_FILE_TEST_EXISTS));
    for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
      {
        g_autofree char *path = g_build_filename (fixture->dir, kept[i], NULL);

        g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
      }
  }
}

/* Every count of a clean adds up to the rows read, blank rows of empty
 * fields included: they are kept, but neither contacts nor rows without
 * a bounce. A row that only the suppression list removes is not counted
 * as a row without a bounce. */
static void
test_counts_add_up (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char text[] =
    "email;name;city\n"
    "jane@example.com;Jane;Paris\n"       /* row 0: hard bounce */
    ";;\n"                                /* row 1: blank */
    "j.a.n.e@gmail.com;J;Rome\n"          /* row 2: contact */
    "jane@gmail.com;J2;Rome\n"            /* row 3: the same mailbox as row 2 */
    " ; ;\n"                              /* row 4: blank */
    "\"\";\"\";\"\"\n"                    /* row 5: blank */
    ";Nora;Oslo\n"                        /* row 6: no address */
    "bad@@example.com;Bad;Lima\n"         /* row 7: invalid, removed */
    "gone@example.org;Gone;Kyiv\n"        /* row 8: suppressed, removed */
    "kim@example.net;Kim;Bern\n";         /* row 9: no bounce */
  g_autoptr(BounceContactList) list = load_text (fixture, "in.csv", text, -1);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autofree char *db_path = g_build_filename (fixture->dir, "history.db", NULL);
  g_autoptr(BounceHistory) history = NULL;
  g_autoptr(BounceHygiene) hygiene = NULL;
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GError) error = NULL;
  BounceCleanPolicy policy;
  BounceCleanSummary summary;
  BounceCleanSummary written;
  BounceRowVerdict verdict;

  g_assert_cmpuint (bounce_contact_list_get_n_rows (list), ==, 10);
  g_assert_cmpuint (bounce_contact_list_get_blank_rows (list)->len, ==, 3);
  g_assert_true (bounce_contact_list_is_row_blank (list, 1));
  g_assert_true (bounce_contact_list_is_row_blank (list, 4));
  g_assert_true (bounce_contact_list_is_row_blank (list, 5));
  g_assert_false (bounce_contact_list_is_row_blank (list, 6));

  history = bounce_history_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (bounce_history_suppress (history, "gone@example.org", "manual", "asked", "test", &error));
  g_assert_no_error (error);

  g_ptr_array_add (records, record_fixture_new_hard ("jane@example.com"));
  cleaner = bounce_cleaner_new (list, records);
  hygiene = bounce_hygiene_new (list, NULL);
  bounce_clean_policy_init (&policy);
  policy.hygiene = hygiene;
  policy.history = history;

  bounce_cleaner_get_verdict (cleaner, &policy, 1, &verdict);
  g_assert_true (verdict.blank);
  g_assert_false (verdict.removed);
  g_assert_false (bounce_row_verdict_is_without_bounce (&verdict));
  g_assert_cmpint (bounce_row_verdict_get_worst_bounce (&verdict), ==, BOUNCE_WORST_BOUNCE_BLANK);
  bounce_cleaner_get_verdict (cleaner, &policy, 8, &verdict);
  g_assert_cmpstr (verdict.removal, ==, "suppressed");
  g_assert_false (bounce_row_verdict_is_without_bounce (&verdict));
  g_assert_cmpint (bounce_row_verdict_get_worst_bounce (&verdict), ==, BOUNCE_WORST_BOUNCE_REMOVED_OTHERWISE);
  bounce_cleaner_get_verdict (cleaner, &policy, 7, &verdict);
  g_assert_cmpint (bounce_row_verdict_get_worst_bounce (&verdict), ==, BOUNCE_WORST_BOUNCE_REMOVED_OTHERWISE);
  bounce_cleaner_get_verdict (cleaner, &policy, 9, &verdict);
  g_assert_cmpint (bounce_row_verdict_get_worst_bounce (&verdict), ==, BOUNCE_WORST_BOUNCE_NONE);
  bounce_cleaner_get_verdict (cleaner, &policy, 0, &verdict);
  g_assert_cmpint (bounce_row_verdict_get_worst_bounce (&verdict), ==, BOUNCE_WORST_BOUNCE_CATEGORY);
  g_assert_cmpint (bounce_cleaner_get_contact_row_kind (cleaner, &policy, 3), ==, BOUNCE_CONTACT_ROW_DUPLICATE);
  g_assert_cmpint (bounce_cleaner_get_contact_row_kind (cleaner, &policy, 6), ==, BOUNCE_CONTACT_ROW_NO_ADDRESS);
  g_assert_cmpint (bounce_cleaner_get_contact_row_kind (cleaner, &policy, 7), ==, BOUNCE_CONTACT_ROW_INVALID);

  bounce_cleaner_summarize (cleaner, &policy, &summary);
  g_assert_cmpuint (summary.rows_in, ==, 10);
  g_assert_cmpuint (summary.rows_kept, ==, 7);
  g_assert_cmpuint (summary.rows_removed, ==, 3);
  g_assert_cmpuint (summary.removed_suppressed, ==, 1);
  g_assert_cmpuint (summary.per_category[BOUNCE_CATEGORY_HARD], ==, 1);
  g_assert_cmpuint (summary.rows_without_bounce, ==, 4);
  g_assert_cmpuint (summary.rows_removed_without_bounce, ==, 2);
  g_assert_cmpuint (summary.rows_blank, ==, 3);
  g_assert_cmpuint (summary.contacts, ==, 4);
  g_assert_cmpuint (summary.duplicate_rows, ==, 1);
  g_assert_cmpuint (summary.rows_invalid, ==, 1);
  g_assert_cmpuint (summary.rows_without_address, ==, 1);

  /* bounce-cli check counts the same contacts. */
  g_assert_cmpuint (bounce_hygiene_get_counts (hygiene)->contacts, ==, summary.contacts);
  g_assert_cmpuint (bounce_hygiene_get_counts (hygiene)->blank, ==, summary.rows_blank);
  g_assert_cmpuint (bounce_hygiene_get_counts (hygiene)->empty, ==, summary.rows_without_address);

  g_assert_true (write_files (fixture, cleaner, &policy, BOUNCE_STATUS_COLUMN_NONE, &written, &error));
  g_assert_no_error (error);
  bounce_cleaner_count_contact_rows (cleaner, &policy, &written);
  g_assert_cmpmem (&written, sizeof written, &summary, sizeof summary);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cleaner/policy", Fixture, NULL, fixture_set_up, test_policy, fixture_tear_down);
  g_test_add ("/cleaner/policy-toggles", Fixture, NULL, fixture_set_up, test_policy_toggles, fixture_tear_down);
  g_test_add ("/cleaner/match-kinds", Fixture, NULL, fixture_set_up, test_match_kinds, fixture_tear_down);
  g_test_add ("/cleaner/match-other-failed-address", Fixture, NULL, fixture_set_up,
              test_match_other_failed_address, fixture_tear_down);
  g_test_add ("/cleaner/match-kinds-two-steps", Fixture, GINT_TO_POINTER (1), fixture_set_up, test_match_kinds,
              fixture_tear_down);
  g_test_add ("/cleaner/removal-reason-unicode", Fixture, NULL, fixture_set_up, test_removal_reason_unicode,
              fixture_tear_down);
  g_test_add ("/cleaner/match-nfd-and-quoted", Fixture, NULL, fixture_set_up, test_match_nfd_and_quoted,
              fixture_tear_down);
  g_test_add ("/cleaner/same-mailbox", Fixture, NULL, fixture_set_up, test_same_mailbox, fixture_tear_down);
  g_test_add ("/cleaner/kept-same-mailbox", Fixture, NULL, fixture_set_up, test_kept_same_mailbox, fixture_tear_down);
  g_test_add ("/cleaner/secondary-columns", Fixture, NULL, fixture_set_up, test_secondary_columns, fixture_tear_down);
  g_test_add ("/cleaner/other-address-bounced", Fixture, NULL, fixture_set_up, test_other_address_bounced_counted,
              fixture_tear_down);
  g_test_add ("/cleaner/status-columns", Fixture, NULL, fixture_set_up, test_status_columns, fixture_tear_down);
  g_test_add ("/cleaner/status-columns-wide-rows", Fixture, NULL, fixture_set_up, test_status_columns_wide_rows,
              fixture_tear_down);
  g_test_add ("/cleaner/status-columns-utf16", Fixture, NULL, fixture_set_up, test_status_columns_utf16, fixture_tear_down);
  g_test_add ("/cleaner/windows-1252-removal", Fixture, NULL, fixture_set_up, test_windows_1252_removal, fixture_tear_down);
  g_test_add ("/cleaner/refuse-overwrite", Fixture, NULL, fixture_set_up, test_refuse_overwrite, fixture_tear_down);
  g_test_add ("/cleaner/replace-output", Fixture, NULL, fixture_set_up, test_replace_output, fixture_tear_down);
  g_test_add ("/cleaner/output-mode", Fixture, NULL, fixture_set_up, test_output_mode, fixture_tear_down);
  g_test_add ("/cleaner/stale-temp-files", Fixture, NULL, fixture_set_up, test_stale_temp_files, fixture_tear_down);
  g_test_add ("/cleaner/refuse-special-output", Fixture, NULL, fixture_set_up, test_refuse_special_output,
              fixture_tear_down);
  g_test_add ("/cleaner/write-error", Fixture, NULL, fixture_set_up, test_write_error_keeps_target, fixture_tear_down);
  g_test_add ("/cleaner/blank-lines-kept", Fixture, NULL, fixture_set_up, test_blank_lines_kept, fixture_tear_down);
  g_test_add ("/cleaner/damaged-row-kept", Fixture, NULL, fixture_set_up, test_damaged_row_kept, fixture_tear_down);
  g_test_add ("/cleaner/kept-by-choice", Fixture, NULL, fixture_set_up, test_kept_by_choice, fixture_tear_down);
  g_test_add ("/cleaner/counts-add-up", Fixture, NULL, fixture_set_up, test_counts_add_up, fixture_tear_down);
  g_test_add ("/cleaner/plain-rows-counted", Fixture, NULL, fixture_set_up, test_plain_rows_counted, fixture_tear_down);
  g_test_add ("/cleaner/many-short-runs", Fixture, NULL, fixture_set_up, test_many_short_runs, fixture_tear_down);
  g_test_add ("/cleaner/write-in-ranges", Fixture, NULL, fixture_set_up, test_write_in_ranges, fixture_tear_down);
  g_test_add ("/cleaner/invalid-reason-names-cell", Fixture, NULL, fixture_set_up,
              test_invalid_reason_names_cell, fixture_tear_down);
  g_test_add ("/cleaner/plain-rows-counted-halves", Fixture, GINT_TO_POINTER (1), fixture_set_up,
              test_plain_rows_counted, fixture_tear_down);
  g_test_add ("/cleaner/shared-address", Fixture, NULL, fixture_set_up, test_shared_address, fixture_tear_down);
  g_test_add ("/cleaner/list-cell-addresses", Fixture, NULL, fixture_set_up, test_list_cell_addresses, fixture_tear_down);
  g_test_add ("/cleaner/list-cell-kept-columns", Fixture, NULL, fixture_set_up, test_list_cell_kept_columns,
              fixture_tear_down);
  g_test_add ("/cleaner/list-cell-second-address", Fixture, NULL, fixture_set_up, test_list_cell_second_address,
              fixture_tear_down);
  g_test_add ("/cleaner/list-cell-removal-reason", Fixture, NULL, fixture_set_up, test_list_cell_removal_reason,
              fixture_tear_down);

  return g_test_run ();
}

/* bounce-insight.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-insight"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bounce-insight.h"
#include "bounce-reason.h"

/* A domain finding needs this many blocked contacts there, and they must
 * be at least a quarter of the domain's bounced contacts. One block can
 * come from a single strict server, but several point at the sender. */
#define MIN_DOMAIN_BLOCKS      2
#define MIN_DOMAIN_BLOCK_SHARE 0.25
/* Typo domains named one by one. The rest share one finding. */
#define MAX_TYPO_FINDINGS      5
/* The day chart fills in the days without reports over spans of up to a
 * year, so a bar's place shows its date. Longer spans show only the days
 * with reports. */
#define MAX_FILLED_DAYS        366

struct _BounceInsight
{
  GObject               parent_instance;

  BounceContactList    *contacts;
  BounceInsightFigures  figures;
  GPtrArray            *domains;  /* BounceInsightDomain */
  GArray               *days;     /* BounceInsightDay */
  GPtrArray            *findings; /* BounceFinding */
};

G_DEFINE_FINAL_TYPE (BounceInsight, bounce_insight, G_TYPE_OBJECT)

static const char * const kind_names[] = {
  "hard-rate", "complaint-rate", "authentication", "blocked-domain", "blocked",
  "typo-domain", "invalid", "unknown-tld", "disposable", "duplicates", "role",
  "soft-near-limit", "unmatched",
};

G_STATIC_ASSERT (G_N_ELEMENTS (kind_names) == BOUNCE_FINDING_LAST);

static const BounceCategory chart_categories[] = {
  BOUNCE_CATEGORY_HARD,
  BOUNCE_CATEGORY_COMPLAINT,
  BOUNCE_CATEGORY_BLOCKED,
  BOUNCE_CATEGORY_SOFT,
  BOUNCE_CATEGORY_UNKNOWN,
  BOUNCE_CATEGORY_LAST,
};

const BounceCategory *
bounce_insight_chart_categories (void)
{
  return chart_categories;
}

const char *
bounce_finding_kind_to_string (BounceFindingKind kind)
{
  g_return_val_if_fail (kind < BOUNCE_FINDING_LAST, NULL);

  return kind_names[kind];
}

const char *
bounce_severity_to_string (BounceSeverity severity)
{
  switch (severity)
    {
    case BOUNCE_SEVERITY_PROBLEM:
      return "problem";
    case BOUNCE_SEVERITY_WARNING:
      return "warning";
    case BOUNCE_SEVERITY_INFO:
    default:
      return "info";
    }
}

static gboolean
is_charted (BounceCategory category)
{
  return bounce_category_is_failure (category) || category == BOUNCE_CATEGORY_COMPLAINT;
}

char *
bounce_insight_format_rate (double share)
{
  double percent = share * 100;
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;

  /* The number takes the locale's decimal mark from printf, and the
   * translation chooses where the percent sign goes. */
  if (percent > 0 && percent < 10)
    /* TRANSLATORS: a percentage with one decimal, "4.5%". Languages
     * that put a space before the sign write "%.1f %%", best with a
     * no-break space (U+00A0) or, in French, a narrow one (U+202F). */
    text = g_strdup_printf (_("%.1f%%"), percent);
  else
    /* TRANSLATORS: a whole percentage, "12%", written like "%.1f%%" */
    text = g_strdup_printf (_("%.0f%%"), percent);

  /* A translation with an ordinary space would let a line break fall
   * between the number and the sign, so it becomes a no-break space. */
  parts = g_strsplit (text, " ", -1);

  return g_strjoinv ("\u00a0", parts);
}

static void
finding_free (BounceFinding *finding)
{
  g_free (finding->text);
  g_free (finding->subject);
  g_clear_pointer (&finding->rows, g_array_unref);
  g_free (finding);
}

static BounceFinding *
add_finding (BounceInsight     *self,
             BounceFindingKind  kind,
             BounceSeverity     severity,
             char              *text)
{
  BounceFinding *finding = g_new0 (BounceFinding, 1);

  finding->kind = kind;
  finding->severity = severity;
  finding->text = text;
  finding->rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_ptr_array_add (self->findings, finding);

  return finding;
}

static void
domain_free (BounceInsightDomain *domain)
{
  g_free (domain->domain);
  g_free (domain);
}

/* The figures */

/* Per row, what the figures and findings read more than once. */
typedef struct
{
  BounceRowVerdict  verdict;
  const char       *reason;  /* of the worst bounce, or NULL */
  gboolean          first;   /* the first row with its list address */
  /* kept, and one more soft bounce of the address that keeps it removes it */
  gboolean          near_soft_limit;
} RowInfo;

/* Takes @read_counts, or counts @records when it is NULL. */
static void
count_records (BounceInsight          *self,
               GPtrArray              *records,
               const BounceReadCounts *read_counts)
{
  BounceInsightFigures *figures = &self->figures;

  if (read_counts != NULL)
    {
      figures->read = *read_counts;
      figures->read.last_file = NULL;
    }
  else
    {
      for (guint i = 0; records != NULL && i < records->len; i++)
        bounce_read_counts_add (&figures->read, records->pdata[i]);
      bounce_read_counts_end (&figures->read);
    }

  for (guint category = 0; category < BOUNCE_CATEGORY_LAST; category++)
    {
      figures->record_counts[category] = figures->read.per_category[category];
      if (bounce_category_is_failure (category))
        figures->failures += figures->read.per_category[category];
    }
}

/* Adds a bounce of @category at @address to the chart of its domain. */
static void
count_domain (BounceInsight  *self,
              GHashTable     *by_domain,
              const char     *address,
              BounceCategory  category)
{
  const char *name = strrchr (address, '@') + 1;
  BounceInsightDomain *domain;

  if (!is_charted (category))
    return;

  domain = g_hash_table_lookup (by_domain, name);
  if (domain == NULL)
    {
      domain = g_new0 (BounceInsightDomain, 1);
      domain->domain = g_strdup (name);
      g_hash_table_insert (by_domain, domain->domain, domain);
      g_ptr_array_add (self->domains, domain);
    }
  domain->counts[category]++;
  domain->total++;
}

/* TRUE when one more soft bounce removes the row of @row_verdict: it is
 * kept for @n_kept addresses, and the last of them has @n_soft soft
 * bounces counted for the limit. A damaged row is never removed, so no
 * bounce brings it to the limit. */
static gboolean
is_near_soft_limit (const BounceCleanPolicy *policy,
                    const BounceRowVerdict  *row_verdict,
                    guint                    n_kept,
                    guint                    n_soft)
{
  return !row_verdict->removed && !row_verdict->damaged && policy->soft_limit >= 2 &&
         n_kept == 1 && n_soft == policy->soft_limit - 1;
}

/* Counts @row, whose list address cell contains @address and @more, the
 * addresses after it: each bounced address at its own domain when
 * @count_domains is TRUE, and whether it is near the soft limit. The row
 * is removed only when every address in it is, so one more soft bounce
 * removes it only when a single address keeps it and that address is one
 * soft bounce below the limit. */
static void
count_cell_addresses (BounceInsight           *self,
                      BounceCleaner           *cleaner,
                      const BounceCleanPolicy *policy,
                      GHashTable              *by_domain,
                      gboolean                 count_domains,
                      guint                    row,
                      const char              *address,
                      const char * const      *more,
                      RowInfo                 *info)
{
  guint n_kept = 0;
  guint n_soft = 0;

  for (guint i = 0; address != NULL; address = more[i++])
    {
      BounceRowVerdict verdict;

      bounce_cleaner_get_address_verdict (cleaner, policy, row, address, &verdict);
      if (count_domains)
        count_domain (self, by_domain, address, verdict.category);
      if (!verdict.removed)
        {
          n_kept++;
          n_soft = verdict.n_soft;
        }
    }

  info->near_soft_limit = is_near_soft_limit (policy, &info->verdict, n_kept, n_soft);
}

static void
count_rows (BounceInsight           *self,
            BounceCleaner           *cleaner,
            const BounceCleanPolicy *policy,
            RowInfo                 *rows)
{
  BounceInsightFigures *figures = &self->figures;
  g_autoptr(GHashTable) by_domain = g_hash_table_new (g_str_hash, g_str_equal);
  BounceCleanSummary summary;

  bounce_cleaner_summarize (cleaner, policy, &summary);
  figures->duplicate_rows = summary.duplicate_rows;
  figures->rows_invalid = summary.rows_invalid;
  figures->rows_without_address = summary.rows_without_address;
  figures->rows_blank = summary.rows_blank;
  figures->rows_kept = summary.rows_kept;
  figures->rows_removed = summary.rows_removed;
  figures->rows_kept_by_choice = summary.rows_kept_by_choice;
  figures->unmatched = summary.unmatched_records;

  for (guint row = 0; row < figures->rows; row++)
    {
      const char *address = bounce_contact_list_get_address (self->contacts, row);
      const char * const *more = bounce_contact_list_get_more_list_addresses (self->contacts, row);
      RowInfo *info = &rows[row];

      bounce_cleaner_get_verdict (cleaner, policy, row, &info->verdict);
      info->reason = info->verdict.reason;
      /* The contacts of `bounce-cli clean` and `check`: an invalid
       * address cannot be sent to, and a repeated mailbox counts once. */
      info->first = bounce_cleaner_get_contact_row_kind (cleaner, policy, row) == BOUNCE_CONTACT_ROW_CONTACT;

      if (address != NULL && more != NULL)
        count_cell_addresses (self, cleaner, policy, by_domain, info->first, row, address, more, info);
      else
        info->near_soft_limit = is_near_soft_limit (policy, &info->verdict, 1, info->verdict.n_soft);
      if (!info->first)
        continue;

      figures->addresses++;
      figures->contact_counts[info->verdict.category]++;
      if (info->verdict.category == BOUNCE_CATEGORY_HARD && info->verdict.check_address != NULL)
        figures->hard_to_check++;
      if (bounce_category_is_failure (info->verdict.category))
        figures->bounced++;
      if (more == NULL)
        count_domain (self, by_domain, address, info->verdict.category);
    }

  g_assert (figures->addresses == summary.contacts);
  if (figures->addresses > 0)
    {
      figures->bounce_rate = (double) figures->bounced / figures->addresses;
      figures->hard_rate = (double) figures->contact_counts[BOUNCE_CATEGORY_HARD] / figures->addresses;
      figures->complaint_rate = (double) figures->contact_counts[BOUNCE_CATEGORY_COMPLAINT] / figures->addresses;
    }
}

static int
compare_domains (gconstpointer a,
                 gconstpointer b)
{
  const BounceInsightDomain *domain_a = *(const BounceInsightDomain **) a;
  const BounceInsightDomain *domain_b = *(const BounceInsightDomain **) b;

  if (domain_a->total != domain_b->total)
    return domain_a->total > domain_b->total ? -1 : 1;

  return strcmp (domain_a->domain, domain_b->domain);
}

static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  const BounceInsightDay *day_a = a;
  const BounceInsightDay *day_b = b;

  if (day_a->year != day_b->year)
    return day_a->year < day_b->year ? -1 : 1;
  if (day_a->month != day_b->month)
    return day_a->month < day_b->month ? -1 : 1;
  if (day_a->day != day_b->day)
    return day_a->day < day_b->day ? -1 : 1;

  return 0;
}

/* Adds the days between the reports, so gaps show as gaps. */
static void
fill_days (BounceInsight *self)
{
  g_autoptr(GArray) filled = NULL;
  GDate first, last;
  guint span;
  guint next = 0;

  g_date_set_dmy (&first, g_array_index (self->days, BounceInsightDay, 0).day,
                  g_array_index (self->days, BounceInsightDay, 0).month,
                  g_array_index (self->days, BounceInsightDay, 0).year);
  g_date_set_dmy (&last, g_array_index (self->days, BounceInsightDay, self->days->len - 1).day,
                  g_array_index (self->days, BounceInsightDay, self->days->len - 1).month,
                  g_array_index (self->days, BounceInsightDay, self->days->len - 1).year);
  span = g_date_days_between (&first, &last) + 1;
  if (span > MAX_FILLED_DAYS || span == self->days->len)
    return;

  filled = g_array_sized_new (FALSE, TRUE, sizeof (BounceInsightDay), span);
  for (guint i = 0; i < span; i++)
    {
      BounceInsightDay day = { 0 };

      day.year = g_date_get_year (&first);
      day.month = g_date_get_month (&first);
      day.day = g_date_get_day (&first);
      if (next < self->days->len && compare_days (&day, &g_array_index (self->days, BounceInsightDay, next)) == 0)
        day = g_array_index (self->days, BounceInsightDay, next++);
      g_array_append_val (filled, day);
      g_date_add_days (&first, 1);
    }

  g_array_unref (self->days);
  self->days = g_steal_pointer (&filled);
}

static void
count_days (BounceInsight *self,
            GPtrArray     *records)
{
  g_autoptr(GHashTable) by_day = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      const BounceRecord *record = records->pdata[i];
      BounceInsightDay *day;
      char *key;
      int year, month, day_of_month;

      if (record->date == NULL || !is_charted (record->category))
        continue;

      g_date_time_get_ymd (record->date, &year, &month, &day_of_month);
      key = g_strdup_printf ("%04d-%02d-%02d", year, month, day_of_month);
      day = g_hash_table_lookup (by_day, key);
      if (day == NULL)
        {
          BounceInsightDay empty = { year, month, day_of_month, { 0 }, 0 };

          g_array_append_val (self->days, empty);
          g_ptr_array_add (keys, key);
          /* The array may move as it grows: the table stores indices. */
          g_hash_table_insert (by_day, key, GUINT_TO_POINTER (self->days->len));
          day = &g_array_index (self->days, BounceInsightDay, self->days->len - 1);
        }
      else
        {
          day = &g_array_index (self->days, BounceInsightDay, GPOINTER_TO_UINT (day) - 1);
          g_free (key);
        }
      day->counts[record->category]++;
      day->total++;
    }

  if (self->days->len < 2)
    {
      g_array_set_size (self->days, 0);
      return;
    }

  g_array_sort (self->days, compare_days);
  fill_days (self);
}

/* Findings about bounces */

static void
add_rows_where (BounceFinding *finding,
                const RowInfo *rows,
                guint          n_rows,
                gboolean     (*keep) (const RowInfo *info, gconstpointer data),
                gconstpointer  data)
{
  for (guint row = 0; row < n_rows; row++)
    if (keep (&rows[row], data))
      g_array_append_val (finding->rows, row);
}

static gboolean
has_category (const RowInfo *info,
              gconstpointer  data)
{
  return info->verdict.category == (BounceCategory) GPOINTER_TO_INT (data);
}

/* A row with a hard bounce that is not kept to check. */
static gboolean
has_hard_to_remove (const RowInfo *info,
                    gconstpointer  data)
{
  return info->verdict.category == BOUNCE_CATEGORY_HARD && info->verdict.check_address == NULL;
}

static void
find_hard_rate (BounceInsight *self,
                const RowInfo *rows)
{
  const BounceInsightFigures *figures = &self->figures;
  /* The rate counts every hard bounce, as mailbox providers do, so the
   * sentence names that count, and then how many of them are kept to
   * check. The rows to remove leave those out. */
  guint hard = figures->contact_counts[BOUNCE_CATEGORY_HARD];
  g_autofree char *rate = bounce_insight_format_rate (figures->hard_rate);
  g_autofree char *rate_text = NULL;
  g_autofree char *hard_text = NULL;
  BounceFinding *finding;
  char *text;

  if (figures->addresses == 0 || figures->read.bounce_recipients == 0)
    return;

  /* Each count chooses the plural of its own sentence. */
  rate_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            /* TRANSLATORS: %u is the number of addresses, %s a percentage such as "4.9 %" */
                                            "The hard-bounce rate of this list of %u address is %s.",
                                            "The hard-bounce rate of this list of %u addresses is %s.",
                                            figures->addresses),
                               figures->addresses, rate);
  if (figures->hard_rate > BOUNCE_INSIGHT_HARD_RATE_LIMIT)
    hard_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u address bounced hard. Above 2%%, mailbox providers start filtering or blocking the sender, so remove this address before the next mailing.",
                                              "%u addresses bounced hard. Above 2%%, mailbox providers start filtering or blocking the sender, so remove these addresses before the next mailing.",
                                              hard),
                                 hard);
  else
    hard_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u address bounced hard. That is below the 2%% at which mailbox providers start filtering.",
                                              "%u addresses bounced hard. That is below the 2%% at which mailbox providers start filtering.",
                                              hard),
                                 hard);
  if (figures->hard_to_check > 0)
    {
      g_autofree char *check_text = NULL;
      char *joined;

      check_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 /* TRANSLATORS: "them" are the addresses that bounced hard, counted in the sentence before */
                                                 "%u of them came back for another address on mail to a contact, who is kept for you to check.",
                                                 "%u of them came back for other addresses on mail to contacts, who are kept for you to check.",
                                                 figures->hard_to_check),
                                    figures->hard_to_check);
      /* TRANSLATORS: two sentences in a row; drop the space if your language writes none between sentences. */
      joined = g_strdup_printf (C_("two sentences", "%s %s"), hard_text, check_text);
      g_free (hard_text);
      hard_text = joined;
    }
  /* TRANSLATORS: two sentences in a row; drop the space if your language writes none between sentences. */
  text = g_strdup_printf (C_("two sentences", "%s %s"), rate_text, hard_text);

  finding = add_finding (self, BOUNCE_FINDING_HARD_RATE,
                         figures->hard_rate > BOUNCE_INSIGHT_HARD_RATE_LIMIT ? BOUNCE_SEVERITY_PROBLEM : BOUNCE_SEVERITY_INFO,
                         text);
  add_rows_where (finding, rows, figures->rows, has_hard_to_remove, NULL);
}

static void
find_complaint_rate (BounceInsight *self,
                     const RowInfo *rows)
{
  const BounceInsightFigures *figures = &self->figures;
  guint complaints = figures->contact_counts[BOUNCE_CATEGORY_COMPLAINT];
  g_autofree char *rate = bounce_insight_format_rate (figures->complaint_rate);
  BounceSeverity severity = BOUNCE_SEVERITY_INFO;
  BounceFinding *finding;
  char *text;

  if (complaints == 0)
    return;

  /* The limits are formatted as the rate is, so that both numbers in
   * the sentence take the locale's decimal mark. */
  if (figures->complaint_rate >= BOUNCE_INSIGHT_COMPLAINT_RATE_LIMIT)
    {
      g_autofree char *limit = bounce_insight_format_rate (BOUNCE_INSIGHT_COMPLAINT_RATE_LIMIT);

      severity = BOUNCE_SEVERITY_PROBLEM;
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* TRANSLATORS: the first %s is the list's complaint rate, the second
                                            * the providers' limit, both percentages such as "0.3%" */
                                           "%u contact reported your mail as spam: %s of the list. Gmail and Yahoo require senders to stay below %s, so check that everyone on the list asked for your mail.",
                                           "%u contacts reported your mail as spam: %s of the list. Gmail and Yahoo require senders to stay below %s, so check that everyone on the list asked for your mail.",
                                           complaints),
                              complaints, rate, limit);
    }
  else
    {
      g_autofree char *target = bounce_insight_format_rate (BOUNCE_INSIGHT_COMPLAINT_RATE_TARGET);

      if (figures->complaint_rate >= BOUNCE_INSIGHT_COMPLAINT_RATE_TARGET)
        severity = BOUNCE_SEVERITY_WARNING;
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* TRANSLATORS: the first %s is the list's complaint rate, the second
                                            * Gmail's target, both percentages such as "0.1%" */
                                           "%u contact reported your mail as spam: %s of the list. Gmail asks senders to stay below %s.",
                                           "%u contacts reported your mail as spam: %s of the list. Gmail asks senders to stay below %s.",
                                           complaints),
                              complaints, rate, target);
    }

  finding = add_finding (self, BOUNCE_FINDING_COMPLAINT_RATE, severity, text);
  add_rows_where (finding, rows, figures->rows, has_category, GINT_TO_POINTER (BOUNCE_CATEGORY_COMPLAINT));
}

static gboolean
has_reason (const RowInfo *info,
            gconstpointer  data)
{
  return info->reason != NULL && g_str_equal (info->reason, data);
}

static void
find_authentication (BounceInsight *self,
                     const RowInfo *rows)
{
  BounceFinding *finding;
  guint n = 0;

  for (guint row = 0; row < self->figures.rows; row++)
    if (rows[row].first && has_reason (&rows[row], BOUNCE_REASON_AUTHENTICATION_FAILED))
      n++;
  if (n == 0)
    return;

  finding = add_finding (self, BOUNCE_FINDING_AUTHENTICATION, BOUNCE_SEVERITY_PROBLEM,
                         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "%u contact’s server refused your mail because it failed the sender checks SPF, DKIM or DMARC. Ask your sending service to check your domain’s DNS records; the address itself is fine.",
                                                       "%u contacts’ servers refused your mail because it failed the sender checks SPF, DKIM or DMARC. Ask your sending service to check your domain’s DNS records; the addresses themselves are fine.",
                                                       n),
                                          n));
  add_rows_where (finding, rows, self->figures.rows, has_reason, BOUNCE_REASON_AUTHENTICATION_FAILED);
}

static gboolean
is_address_at (const char *address,
               const char *domain)
{
  return address != NULL && g_str_equal (strrchr (address, '@') + 1, domain);
}

/* TRUE when an address of @row's list address cell at @domain was
 * blocked, as count_domain() counted it. */
static gboolean
is_blocked_at (BounceInsight           *self,
               BounceCleaner           *cleaner,
               const BounceCleanPolicy *policy,
               const RowInfo           *info,
               guint                    row,
               const char              *domain)
{
  const char *address = bounce_contact_list_get_address (self->contacts, row);
  const char * const *more = bounce_contact_list_get_more_list_addresses (self->contacts, row);
  BounceRowVerdict verdict;

  if (more == NULL)
    return info->verdict.category == BOUNCE_CATEGORY_BLOCKED && is_address_at (address, domain);

  for (guint i = 0; address != NULL; address = more[i++])
    {
      if (!is_address_at (address, domain))
        continue;
      bounce_cleaner_get_address_verdict (cleaner, policy, row, address, &verdict);
      if (verdict.category == BOUNCE_CATEGORY_BLOCKED)
        return TRUE;
    }

  return FALSE;
}

static void
find_blocks (BounceInsight           *self,
             BounceCleaner           *cleaner,
             const BounceCleanPolicy *policy,
             const RowInfo           *rows)
{
  guint blocked = self->figures.contact_counts[BOUNCE_CATEGORY_BLOCKED];
  g_autofree guint8 *covered_rows = NULL;
  guint covered = 0;
  BounceFinding *finding;

  if (blocked == 0)
    return;

  /* A contact blocked at two domains is covered once. */
  covered_rows = g_new0 (guint8, self->figures.rows / 8 + 1);

  for (guint i = 0; i < self->domains->len; i++)
    {
      const BounceInsightDomain *domain = self->domains->pdata[i];
      guint at_domain = domain->counts[BOUNCE_CATEGORY_BLOCKED];
      double share = domain->total > 0 ? (double) at_domain / domain->total : 0;
      g_autofree char *percent = NULL;

      if (at_domain < MIN_DOMAIN_BLOCKS || share < MIN_DOMAIN_BLOCK_SHARE)
        continue;

      percent = bounce_insight_format_rate (share);
      finding = add_finding (self, BOUNCE_FINDING_BLOCKED_DOMAIN, BOUNCE_SEVERITY_WARNING,
                             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%s of bounces at %s are blocks (%u of %u contact): that server refuses your sending, not the addresses. Check your sending reputation there before you remove anyone.",
                                                           "%s of bounces at %s are blocks (%u of %u contacts): that server refuses your sending, not the addresses. Check your sending reputation there before you remove anyone.",
                                                           domain->total),
                                              percent, domain->domain, at_domain, domain->total));
      finding->subject = g_strdup (domain->domain);
      for (guint row = 0; row < self->figures.rows; row++)
        {
          if (!is_blocked_at (self, cleaner, policy, &rows[row], row, domain->domain))
            continue;
          g_array_append_val (finding->rows, row);

          /* The finding below is about the contacts whose worst bounce is
           * a block, and names those that no domain finding covers. */
          if (rows[row].first && rows[row].verdict.category == BOUNCE_CATEGORY_BLOCKED &&
              !(covered_rows[row / 8] & (1 << (row % 8))))
            {
              covered_rows[row / 8] |= 1 << (row % 8);
              covered++;
            }
        }
    }

  if (covered == blocked)
    return;

  finding = add_finding (self, BOUNCE_FINDING_BLOCKED, BOUNCE_SEVERITY_INFO,
                         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "%u contact’s mail was blocked: the receiving server refused the sender or the content, not the address. Blocked contacts stay on the list.",
                                                       "%u contacts’ mail was blocked: the receiving servers refused the sender or the content, not the addresses. Blocked contacts stay on the list.",
                                                       blocked),
                                          blocked));
  add_rows_where (finding, rows, self->figures.rows, has_category, GINT_TO_POINTER (BOUNCE_CATEGORY_BLOCKED));
}

static void
find_soft_near_limit (BounceInsight           *self,
                      const BounceCleanPolicy *policy,
                      const RowInfo           *rows)
{
  g_autoptr(GArray) near = g_array_new (FALSE, FALSE, sizeof (guint));
  BounceFinding *finding;
  guint n = 0;

  if (policy->soft_limit < 2)
    return;

  for (guint row = 0; row < self->figures.rows; row++)
    {
      if (!rows[row].near_soft_limit)
        continue;
      g_array_append_val (near, row);
      n += rows[row].first;
    }
  if (n == 0)
    return;

  finding = add_finding (self, BOUNCE_FINDING_SOFT_NEAR_LIMIT, BOUNCE_SEVERITY_INFO,
                         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "%u contact has soft bounces from %u mailings; one more from another mailing removes it.",
                                                       "%u contacts have soft bounces from %u mailings; one more from another mailing removes them.",
                                                       n),
                                          n, policy->soft_limit - 1));
  g_array_append_vals (finding->rows, near->data, near->len);
}

static void
find_unmatched (BounceInsight *self)
{
  guint n = self->figures.unmatched;

  if (n == 0)
    return;

  add_finding (self, BOUNCE_FINDING_UNMATCHED, BOUNCE_SEVERITY_INFO,
               g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u bounce matches no contact in the list: it may be for a forwarded address or another list.",
                                             "%u bounces match no contact in the list: they may be for forwarded addresses or another list.",
                                             n),
                                n));
}

/* Findings of the list checks */

typedef struct
{
  char   *domain;
  char   *suggestion;
  GArray *rows;
} TypoGroup;

static void
typo_group_free (TypoGroup *group)
{
  g_free (group->domain);
  g_free (group->suggestion);
  g_array_unref (group->rows);
  g_free (group);
}

static int
compare_typo_groups (gconstpointer a,
                     gconstpointer b)
{
  const TypoGroup *group_a = *(const TypoGroup **) a;
  const TypoGroup *group_b = *(const TypoGroup **) b;

  if (group_a->rows->len != group_b->rows->len)
    return group_a->rows->len > group_b->rows->len ? -1 : 1;

  return strcmp (group_a->domain, group_b->domain);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  guint row_a = *(const guint *) a;
  guint row_b = *(const guint *) b;

  return row_a < row_b ? -1 : row_a > row_b;
}

/* Advice on a list-check warning is for the rows the clean keeps: a row
 * that a bounce, the suppression list or another check removes needs no
 * corrected address and cannot reach anyone twice. */
static gboolean
is_kept (const RowInfo *rows,
         guint          row)
{
  return !rows[row].verdict.removed;
}

static void
find_typo_domains (BounceInsight *self,
                   BounceHygiene *hygiene,
                   const RowInfo *rows)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) typo_group_free);
  g_autoptr(GHashTable) by_domain = g_hash_table_new (g_str_hash, g_str_equal);
  BounceFinding *rest = NULL;
  guint n_rest = 0;

  for (guint row = 0; row < self->figures.rows; row++)
    {
      BounceRowHygiene result;
      const char *domain;
      TypoGroup *group;

      if (!is_kept (rows, row))
        continue;
      bounce_hygiene_get_row (hygiene, row, &result);
      if (!(result.flags & BOUNCE_HYGIENE_FLAG_TYPO))
        continue;

      domain = strrchr (result.address, '@') + 1;
      group = g_hash_table_lookup (by_domain, domain);
      if (group == NULL)
        {
          group = g_new0 (TypoGroup, 1);
          group->domain = g_strdup (domain);
          group->suggestion = g_strdup (result.suggested_domain);
          group->rows = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (by_domain, group->domain, group);
          g_ptr_array_add (groups, group);
        }
      g_array_append_val (group->rows, row);
    }

  g_ptr_array_sort (groups, compare_typo_groups);

  for (guint i = 0; i < groups->len; i++)
    {
      TypoGroup *group = groups->pdata[i];
      BounceFinding *finding;

      if (i >= MAX_TYPO_FINDINGS)
        {
          if (rest == NULL)
            rest = add_finding (self, BOUNCE_FINDING_TYPO_DOMAIN, BOUNCE_SEVERITY_WARNING, NULL);
          g_array_append_vals (rest->rows, group->rows->data, group->rows->len);
          n_rest += group->rows->len;
          continue;
        }

      if (group->rows->len == 1)
        finding = add_finding (self, BOUNCE_FINDING_TYPO_DOMAIN, BOUNCE_SEVERITY_WARNING,
                               g_strdup_printf (_("1 contact has the likely typo domain %s; %s is probably meant. Correct the address before the next mailing."),
                                                group->domain, group->suggestion));
      else
        finding = add_finding (self, BOUNCE_FINDING_TYPO_DOMAIN, BOUNCE_SEVERITY_WARNING,
                               g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u contact shares the likely typo domain %s; %s is probably meant. Correct the addresses before the next mailing.",
                                                             "%u contacts share the likely typo domain %s; %s is probably meant. Correct the addresses before the next mailing.",
                                                             group->rows->len),
                                                group->rows->len, group->domain, group->suggestion));
      finding->subject = g_strdup (group->domain);
      g_array_append_vals (finding->rows, group->rows->data, group->rows->len);
    }

  if (rest != NULL)
    {
      g_array_sort (rest->rows, compare_rows);
      rest->text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%u more contact has another likely typo domain.",
                                                 "%u more contacts have other likely typo domains.",
                                                 n_rest),
                                    n_rest);
    }
}

/* Adds the rows of @hygiene with @flag, or with an invalid address when
 * @flag is 0, to a finding. With @rows, only the rows the clean keeps. */
static BounceFinding *
add_hygiene_finding (BounceInsight      *self,
                     BounceHygiene      *hygiene,
                     const RowInfo      *rows,
                     BounceHygieneFlags  flag,
                     BounceFindingKind   kind,
                     BounceSeverity      severity)
{
  g_autoptr(GArray) matching = g_array_new (FALSE, FALSE, sizeof (guint));
  BounceFinding *finding;

  for (guint row = 0; row < self->figures.rows; row++)
    {
      gboolean match = flag == 0 ? bounce_hygiene_is_invalid (hygiene, row)
                                 : (bounce_hygiene_get_flags (hygiene, row) & flag) != 0;

      if (match && (rows == NULL || is_kept (rows, row)))
        g_array_append_val (matching, row);
    }
  if (matching->len == 0)
    return NULL;

  finding = add_finding (self, kind, severity, NULL);
  g_array_append_vals (finding->rows, matching->data, matching->len);

  return finding;
}

static void
find_hygiene (BounceInsight           *self,
              const BounceCleanPolicy *policy,
              const RowInfo           *rows)
{
  BounceHygiene *hygiene = policy->hygiene;
  BounceFinding *finding;

  find_typo_domains (self, hygiene, rows);

  /* With remove_invalid the finding explains why the cleaned list leaves
   * out every invalid row, whatever else removes it. Without, it advises
   * correcting the ones the clean keeps. */
  finding = add_hygiene_finding (self, hygiene, policy->remove_invalid ? NULL : rows, 0,
                                 BOUNCE_FINDING_INVALID, BOUNCE_SEVERITY_WARNING);
  if (finding != NULL)
    {
      guint n = finding->rows->len;
      guint first = g_array_index (finding->rows, guint, 0);
      g_autofree char *cell = bounce_contact_list_dup_cell (self->contacts, first,
                                                            bounce_contact_list_get_email_column (self->contacts));
      g_autofree char *why = bounce_hygiene_dup_syntax_message (hygiene, first);

      if (policy->remove_invalid)
        finding->text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                      "%u address is not a valid email address, such as “%s”: %s Mail to it cannot be sent, so the cleaned list leaves it out.",
                                                      "%u addresses are not valid email addresses, such as “%s”: %s Mail to them cannot be sent, so the cleaned list leaves them out.",
                                                      n),
                                         n, cell, why);
      else
        finding->text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                      "%u address is not a valid email address, such as “%s”: %s It is kept, as chosen; correct it or remove it.",
                                                      "%u addresses are not valid email addresses, such as “%s”: %s They are kept, as chosen; correct or remove them.",
                                                      n),
                                         n, cell, why);
    }

  finding = add_hygiene_finding (self, hygiene, rows, BOUNCE_HYGIENE_FLAG_UNKNOWN_TLD, BOUNCE_FINDING_UNKNOWN_TLD,
                                 BOUNCE_SEVERITY_WARNING);
  if (finding != NULL)
    finding->text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%u address ends in a top-level domain that does not exist, so mail to it cannot arrive.",
                                                  "%u addresses end in a top-level domain that does not exist, so mail to them cannot arrive.",
                                                  finding->rows->len),
                                     finding->rows->len);

  finding = add_hygiene_finding (self, hygiene, rows, BOUNCE_HYGIENE_FLAG_DISPOSABLE, BOUNCE_FINDING_DISPOSABLE,
                                 BOUNCE_SEVERITY_WARNING);
  if (finding != NULL)
    finding->text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%u address belongs to a disposable-address service; such inboxes stop working after minutes or days.",
                                                  "%u addresses belong to disposable-address services; such inboxes stop working after minutes or days.",
                                                  finding->rows->len),
                                     finding->rows->len);

  finding = add_hygiene_finding (self, hygiene, rows, BOUNCE_HYGIENE_FLAG_DUPLICATE, BOUNCE_FINDING_DUPLICATES,
                                 BOUNCE_SEVERITY_INFO);
  if (finding != NULL)
    finding->text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%u row repeats a mailbox already on the list, so that person gets every mailing twice.",
                                                  "%u rows repeat a mailbox already on the list, so those people get every mailing twice.",
                                                  finding->rows->len),
                                     finding->rows->len);

  finding = add_hygiene_finding (self, hygiene, rows, BOUNCE_HYGIENE_FLAG_ROLE, BOUNCE_FINDING_ROLE,
                                 BOUNCE_SEVERITY_INFO);
  if (finding != NULL)
    finding->text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%u role address such as info@ or sales@ reaches a team or nobody rather than a person who signed up.",
                                                  "%u role addresses such as info@ or sales@ reach a team or nobody rather than a person who signed up.",
                                                  finding->rows->len),
                                     finding->rows->len);
}

static int
compare_findings (gconstpointer a,
                  gconstpointer b)
{
  const BounceFinding *finding_a = *(const BounceFinding **) a;
  const BounceFinding *finding_b = *(const BounceFinding **) b;

  if (finding_a->severity != finding_b->severity)
    return finding_a->severity > finding_b->severity ? -1 : 1;

  return (int) finding_a->kind - (int) finding_b->kind;
}

static void
bounce_insight_finalize (GObject *object)
{
  BounceInsight *self = (BounceInsight *) object;

  g_clear_pointer (&self->domains, g_ptr_array_unref);
  g_clear_pointer (&self->days, g_array_unref);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_object (&self->contacts);

  G_OBJECT_CLASS (bounce_insight_parent_class)->finalize (object);
}

static void
bounce_insight_class_init (BounceInsightClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bounce_insight_finalize;
}

static void
bounce_insight_init (BounceInsight *self)
{
  self->domains = g_ptr_array_new_with_free_func ((GDestroyNotify) domain_free);
  self->days = g_array_new (FALSE, TRUE, sizeof (BounceInsightDay));
  self->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) finding_free);
}

BounceInsight *
bounce_insight_new (BounceCleaner           *cleaner,
                    GPtrArray               *records,
                    const BounceCleanPolicy *policy)
{
  return bounce_insight_new_full (cleaner, records, NULL, policy);
}

BounceInsight *
bounce_insight_new_full (BounceCleaner           *cleaner,
                         GPtrArray               *records,
                         const BounceReadCounts  *read_counts,
                         const BounceCleanPolicy *policy)
{
  g_autofree RowInfo *rows = NULL;
  BounceInsight *self;

  g_return_val_if_fail (cleaner == NULL || BOUNCE_IS_CLEANER (cleaner), NULL);
  g_return_val_if_fail (read_counts == NULL || read_counts->last_file == NULL, NULL);
  g_return_val_if_fail (policy != NULL, NULL);

  self = g_object_new (BOUNCE_TYPE_INSIGHT, NULL);
  count_records (self, records, read_counts);
  count_days (self, records);

  if (cleaner == NULL)
    {
      /* Without contacts every failure or complaint is unmatched. */
      for (guint category = 0; category < BOUNCE_CATEGORY_LAST; category++)
        if (is_charted (category))
          self->figures.unmatched += self->figures.record_counts[category];
      find_unmatched (self);
      return self;
    }

  self->contacts = g_object_ref (bounce_cleaner_get_contacts (cleaner));
  self->figures.rows = bounce_contact_list_get_n_rows (self->contacts);
  rows = g_new0 (RowInfo, MAX (self->figures.rows, 1));
  count_rows (self, cleaner, policy, rows);

  g_ptr_array_sort (self->domains, compare_domains);
  if (self->domains->len > BOUNCE_INSIGHT_MAX_DOMAINS)
    g_ptr_array_set_size (self->domains, BOUNCE_INSIGHT_MAX_DOMAINS);

  find_hard_rate (self, rows);
  find_complaint_rate (self, rows);
  find_authentication (self, rows);
  find_blocks (self, cleaner, policy, rows);
  find_soft_near_limit (self, policy, rows);
  find_unmatched (self);
  if (policy->hygiene != NULL)
    {
      self->figures.has_hygiene = TRUE;
      self->figures.hygiene = *bounce_hygiene_get_counts (policy->hygiene);
      find_hygiene (self, policy, rows);
    }

  /* Stable, so findings of one kind keep their order. */
  g_ptr_array_sort (self->findings, compare_findings);

  return self;
}

const BounceInsightFigures *
bounce_insight_get_figures (BounceInsight *self)
{
  g_return_val_if_fail (BOUNCE_IS_INSIGHT (self), NULL);

  return &self->figures;
}

BounceContactList *
bounce_insight_get_contacts (BounceInsight *self)
{
  g_return_val_if_fail (BOUNCE_IS_INSIGHT (self), NULL);

  return self->contacts;
}

GPtrArray *
bounce_insight_get_domains (BounceInsight *self)
{
  g_return_val_if_fail (BOUNCE_IS_INSIGHT (self), NULL);

  return self->domains;
}

GArray *
bounce_insight_get_days (BounceInsight *self)
{
  g_return_val_if_fail (BOUNCE_IS_INSIGHT (self), NULL);

  return self->days;
}

GPtrArray *
bounce_insight_get_findings (BounceInsight *self)
{
  g_return_val_if_fail (BOUNCE_IS_INSIGHT (self), NULL);

  return self->findings;
}

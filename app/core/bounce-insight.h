/* bounce-insight.h: the figures and findings of the summary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bounce-category.h"
#include "bounce-cleaner.h"
#include "bounce-hygiene.h"

G_BEGIN_DECLS

/* The hard-bounce rate above which mailbox providers are widely believed
 * to start filtering a sender. It is a rule of thumb of email marketing,
 * not a limit any provider publishes. */
#define BOUNCE_INSIGHT_HARD_RATE_LIMIT       0.02
/* Gmail's and Yahoo's sender requirements of February 2024: keep the
 * spam-complaint rate below 0.1%, and never reach 0.3%. */
#define BOUNCE_INSIGHT_COMPLAINT_RATE_TARGET 0.001
#define BOUNCE_INSIGHT_COMPLAINT_RATE_LIMIT  0.003
/* Recipient domains the domain chart shows. */
#define BOUNCE_INSIGHT_MAX_DOMAINS           10

/* The figures, counted once per list address: a row that repeats an
 * earlier row's address is one contact with it. */
typedef struct
{
  guint   rows;               /* contact rows */
  /* The rows by bounce_cleaner_get_contact_row_kind(), which add up to
   * rows: the contacts, distinct valid list addresses, then the others,
   * as BounceCleanSummary counts them. */
  guint   addresses;
  guint   duplicate_rows;
  guint   rows_invalid;
  guint   rows_without_address;
  guint   rows_blank;
  BounceReadCounts read;      /* messages and records read; read.bounce_recipients are the reports */
  guint   failures;           /* records of failed deliveries (hard, soft, blocked, unknown) */
  guint   record_counts[BOUNCE_CATEGORY_LAST];  /* records by category */
  guint   contact_counts[BOUNCE_CATEGORY_LAST]; /* contacts by the worst category of their bounces */
  guint   bounced;            /* contacts with a failed delivery */
  /* contacts kept to check (BounceRowVerdict.check_address) whose worst
   * bounce is hard: counted in contact_counts, but not advised removed */
  guint   hard_to_check;
  double  bounce_rate;        /* bounced / addresses, 0 to 1 */
  double  hard_rate;          /* contacts with a hard bounce / addresses */
  double  complaint_rate;     /* contacts who complained / addresses */
  guint   rows_kept;
  guint   rows_removed;
  guint   rows_kept_by_choice; /* see BounceCleanSummary */
  guint   unmatched;          /* failure and complaint records that matched no row */
  gboolean has_hygiene;       /* the list checks ran, so @hygiene is filled */
  BounceHygieneCounts hygiene;
} BounceInsightFigures;

/* Contacts of one recipient domain, by the worst category of their
 * bounces. Each address of a list address cell with several is counted
 * at its own domain, by its own bounces. */
typedef struct
{
  char  *domain;
  guint  counts[BOUNCE_CATEGORY_LAST];
  guint  total;
} BounceInsightDomain;

/* Failure and complaint records of one calendar day, in the time zone
 * each report was written in. */
typedef struct
{
  int    year;
  int    month;
  int    day;
  guint  counts[BOUNCE_CATEGORY_LAST];
  guint  total;
} BounceInsightDay;

typedef enum
{
  BOUNCE_FINDING_HARD_RATE,
  BOUNCE_FINDING_COMPLAINT_RATE,
  BOUNCE_FINDING_AUTHENTICATION,
  BOUNCE_FINDING_BLOCKED_DOMAIN,
  BOUNCE_FINDING_BLOCKED,
  BOUNCE_FINDING_TYPO_DOMAIN,
  BOUNCE_FINDING_INVALID,
  BOUNCE_FINDING_UNKNOWN_TLD,
  BOUNCE_FINDING_DISPOSABLE,
  BOUNCE_FINDING_DUPLICATES,
  BOUNCE_FINDING_ROLE,
  BOUNCE_FINDING_SOFT_NEAR_LIMIT,
  BOUNCE_FINDING_UNMATCHED,
  BOUNCE_FINDING_LAST
} BounceFindingKind;

typedef enum
{
  BOUNCE_SEVERITY_INFO,
  BOUNCE_SEVERITY_WARNING,
  BOUNCE_SEVERITY_PROBLEM,
} BounceSeverity;

/* One finding in plain words, with the contacts behind it. */
typedef struct
{
  BounceFindingKind  kind;
  BounceSeverity     severity;
  char              *text;    /* translated sentences */
  char              *subject; /* the domain a domain finding is about, or NULL */
  GArray            *rows;    /* (element-type guint) contact rows in file order; empty for unmatched bounces */
} BounceFinding;

/* A share from 0 to 1 as people read a rate in their language: "8.4%"
 * ("8,4 %" in French), with one decimal below 10% so that small rates
 * stay apart, and "15%" above. */
char       *bounce_insight_format_rate    (double            share);

/* "hard-rate", "blocked-domain" …, for JSON and CSV. */
const char *bounce_finding_kind_to_string (BounceFindingKind kind);
/* "info", "warning" or "problem". */
const char *bounce_severity_to_string     (BounceSeverity    severity);

#define BOUNCE_TYPE_INSIGHT (bounce_insight_get_type ())

G_DECLARE_FINAL_TYPE (BounceInsight, bounce_insight, BOUNCE, INSIGHT, GObject)

/* Computes the figures and findings of @cleaner's rows under @policy
 * (whose hygiene, when set, adds the list checks), and of @records
 * (element-type BounceRecord), the records read. @cleaner may be NULL
 * when only bounces were read. */
BounceInsight              *bounce_insight_new          (BounceCleaner           *cleaner,
                                                         GPtrArray               *records,
                                                         const BounceCleanPolicy *policy);
/* The same, with @read_counts (ended with bounce_read_counts_end()) for
 * the records read, when @records holds only some of them: `bounce-cli
 * clean` keeps no record of ordinary messages. NULL counts @records. */
BounceInsight              *bounce_insight_new_full     (BounceCleaner           *cleaner,
                                                         GPtrArray               *records,
                                                         const BounceReadCounts  *read_counts,
                                                         const BounceCleanPolicy *policy);
const BounceInsightFigures *bounce_insight_get_figures  (BounceInsight           *self);
/* Nullable: the contact list the figures are about. */
BounceContactList          *bounce_insight_get_contacts (BounceInsight           *self);
/* The recipient domains with the most bounced contacts, at most
 * BOUNCE_INSIGHT_MAX_DOMAINS, most first.
 * Returns: (transfer none) (element-type BounceInsightDomain) */
GPtrArray                  *bounce_insight_get_domains  (BounceInsight           *self);
/* Every day from the first report to the last, also days without one,
 * when the reports span two days or more; empty otherwise.
 * Returns: (transfer none) (element-type BounceInsightDay) */
GArray                     *bounce_insight_get_days     (BounceInsight           *self);
/* Most severe first.
 * Returns: (transfer none) (element-type BounceFinding) */
GPtrArray                  *bounce_insight_get_findings (BounceInsight           *self);

/* The categories the charts show, most severe first, ending with
 * BOUNCE_CATEGORY_LAST. */
const BounceCategory       *bounce_insight_chart_categories (void);

G_END_DECLS

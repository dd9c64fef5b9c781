/* bounce-cleaner.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bounce-category.h"
#include "bounce-contact-list.h"
#include "bounce-history.h"
#include "bounce-hygiene.h"
#include "bounce-record.h"

G_BEGIN_DECLS

/* The cleaning policy, one for the CLI and the app. */
typedef struct
{
  gboolean remove_hard;        /* default TRUE */
  gboolean remove_complaints;  /* default TRUE */
  guint    soft_limit;         /* remove after this many soft bounces; 0 = never; default 3 */
  /* With a history: suppressed addresses are removed, and soft bounces
   * count across every scan but must span soft_days calendar days. NULL
   * (the default) counts only the loaded records. Not owned. */
  BounceHistory *history;
  guint    soft_days;          /* default 7 */
  /* With list checks of the same contact list: rows whose address is
   * invalid are removed when remove_invalid is set, and rows with any of
   * remove_flags. NULL (the default) checks nothing. Not owned. */
  BounceHygiene      *hygiene;
  gboolean            remove_invalid; /* default TRUE */
  BounceHygieneFlags  remove_flags;   /* default none */
  /* Normalized list addresses that a person chose to keep for this run
   * only, as the keys of a table. Their rows are kept whatever bounced,
   * and whatever the suppression list and the list checks decide. The
   * kept addresses of @history (bounce_history_keep_address()) are kept
   * the same way. NULL (the default) keeps none. Not owned, and not
   * changed while the policy is in use, because the cleaner reads it
   * from several threads. */
  GHashTable         *kept_addresses;
} BounceCleanPolicy;

void  bounce_clean_policy_init        (BounceCleanPolicy       *policy);
/* Describes how the removal rules of @policy (remove_hard,
 * remove_complaints, remove_invalid, soft_limit and soft_days) differ
 * from those of bounce_clean_policy_init(), as a translated list such as
 * "hard bounces are kept · soft bounces never remove a contact". Returns
 * NULL when they are the defaults. */
char *bounce_clean_policy_dup_changes (const BounceCleanPolicy *policy);

/* Status columns appended to each written row when asked. */
typedef enum
{
  BOUNCE_STATUS_COLUMN_NONE     = 0,
  BOUNCE_STATUS_COLUMN_CATEGORY = 1 << 0, /* bounce_category */
  BOUNCE_STATUS_COLUMN_REASON   = 1 << 1, /* bounce_reason */
  BOUNCE_STATUS_COLUMN_STATUS   = 1 << 2, /* bounce_status */
  BOUNCE_STATUS_COLUMN_DATE     = 1 << 3, /* bounce_date */
  BOUNCE_STATUS_COLUMN_ALL      = 0xf,
} BounceStatusColumns;

/* One bounce record matched to one contact row, and how. Records are
 * matched on every address column, but only those on an address of the
 * row's list address cell decide its category and removal. */
typedef struct
{
  BounceRecord    *record;
  BounceMatchKind  kind;
  char            *address; /* the contact address it matched */
  /* @address is in the row's list address cell: its first address, or
   * another of a cell such as "hank@example.com; ivy@example.com" */
  gboolean         on_list_address;
  /* The address the bounce names as failed, when it is not @address: the
   * match came through the returned copy's To or the VERP return path,
   * so @address may be a group or a forward of which only this address
   * failed. Such a match removes nothing. NULL otherwise. */
  char            *failed_address;
  /* For BOUNCE_MATCH_SAME_MAILBOX: the address that hard-bounced or
   * complained, of which @address is another spelling by
   * bounce_address_dup_mailbox_key() ("jane@gmail.com" for
   * "j.a.n.e@gmail.com"). NULL for the other kinds. */
  char            *mailbox_address;
} BounceMatch;

/* What the policy decided for one row, from the bounces of the addresses
 * of its list address cell only. */
typedef struct
{
  BounceCategory  category;   /* worst category among the bounces of its list address cell */
  const char     *reason;     /* reason of that bounce, static */
  guint           n_soft;     /* soft bounces of its first list address counted for the limit */
  gboolean        removed;
  /* static: "hard", "complaint", "soft-limit", "suppressed", "invalid",
   * a flag name such as "typo" (bounce_hygiene_flag_to_string()), or NULL */
  const char     *removal;
  gboolean        damaged;    /* the row could not be read reliably, so it is never removed */
  const char     *skipped_removal; /* static: the removal a damaged row was spared, or NULL */
  /* kept_address: an address of a list address cell with several that
   * nothing removed. It keeps the row although spared_removal (static)
   * removed spared_address, another address of the cell, for a bounce
   * with spared_reason (static, NULL when the history alone removed it).
   * The addresses are owned by the contact list, and all four are NULL
   * unless the cell has both kinds of address. */
  const char     *kept_address;
  const char     *spared_address;
  const char     *spared_removal;
  const char     *spared_reason;
  /* check_address: the failed address of a hard bounce or a complaint
   * that came back on a message sent to the row's list address, which
   * may be a group or a forward (BounceMatch.failed_address). The row is
   * kept for a person to check. Owned by the match, and NULL when no such
   * bounce came or the row is removed for another cause. */
  const char     *check_address;
  /* mailbox_address: the address that hard-bounced or complained when
   * only its BOUNCE_MATCH_SAME_MAILBOX matches removed the row, so the
   * reason names it ("hard: jane@gmail.com (same mailbox)"). Owned by
   * the match, and NULL otherwise. */
  const char     *mailbox_address;
  /* kept_by_choice: the row's first list address is one of the policy's
   * kept_addresses or a kept address of its history, so the row is kept.
   * overridden_removal (static) is the removal that the choice prevented,
   * or NULL when nothing else would remove the row. It is also set
   * without kept_by_choice when only the hard bounce or complaint of a
   * kept address of the same mailbox would remove the row, which such a
   * match does not (BounceMatch.mailbox_address). kept_since is the
   * Unix time the history recorded the choice, 0 for a choice of this run
   * only. bounced_since_kept: a hard bounce or complaint of that address
   * dated after kept_since, loaded or recorded, is among the causes the
   * choice overrides, so a person may want to stop keeping it. */
  gboolean        kept_by_choice;
  const char     *overridden_removal;
  gint64          kept_since;
  gboolean        bounced_since_kept;
  /* other_address_bounced: an address of the row outside its list
   * address cell, such as a home address column, failed or complained
   * (bounce_cleaner_get_other_address_failure()). That keeps the row,
   * but it is no row without a bounce. */
  gboolean        other_address_bounced;
  /* blank: the row has no text in any field
   * (bounce_contact_list_is_row_blank()), so it is kept but is not a
   * contact */
  gboolean        blank;
} BounceRowVerdict;

/* The line of bounce-cli clean's "Rows by worst bounce" that a row is
 * on. Each row is on one of them, so the lines add up to the rows read,
 * and the app's filters show the same rows. */
typedef enum
{
  BOUNCE_WORST_BOUNCE_CATEGORY,          /* its list address bounced: the line of its category */
  BOUNCE_WORST_BOUNCE_OTHER_ADDRESS,     /* "On another address", see other_address_bounced */
  BOUNCE_WORST_BOUNCE_BLANK,             /* "Blank rows" */
  BOUNCE_WORST_BOUNCE_REMOVED_OTHERWISE, /* "Removed otherwise": by the suppression list, the
                                          * soft-bounce history or a list check */
  BOUNCE_WORST_BOUNCE_NONE,              /* "No bounce": kept, without a bounce */
} BounceWorstBounce;

/* What a row is to the count of contacts. Each row is one of them. */
typedef enum
{
  BOUNCE_CONTACT_ROW_CONTACT,    /* a valid list address, the first row with its mailbox */
  BOUNCE_CONTACT_ROW_DUPLICATE,  /* a valid list address whose mailbox an earlier row has */
  BOUNCE_CONTACT_ROW_INVALID,    /* an invalid list address; only with list checks */
  BOUNCE_CONTACT_ROW_NO_ADDRESS, /* a list address cell without any "@", such as "" or "n/a" */
  BOUNCE_CONTACT_ROW_BLANK,      /* no text in any field, such as ";;" */
} BounceContactRowKind;

/* The counts of a clean. Three sets of them add up to rows_in:
 * - rows_kept + rows_removed;
 * - the categories of per_category that bounce_category_is_clean()
 *   rejects, rows_other_address_bounced, rows_without_bounce,
 *   rows_removed_without_bounce and rows_blank;
 * - contacts, duplicate_rows, rows_invalid, rows_without_address and
 *   rows_blank, by bounce_cleaner_get_contact_row_kind().
 * bounce_cleaner_summarize() asserts all three. */
typedef struct
{
  guint rows_in;
  guint rows_kept;
  guint rows_removed;
  guint removed_hard;
  guint removed_complaint;
  guint removed_soft_limit;
  guint per_category[BOUNCE_CATEGORY_LAST]; /* rows whose list address cell's worst category is this */
  /* kept rows with no bounce: bounce_row_verdict_is_without_bounce() */
  guint rows_without_bounce;
  /* rows removed although their list address cell has no bounce: by the
   * suppression list, the soft-bounce history or a list check */
  guint rows_removed_without_bounce;
  guint rows_blank;         /* rows without text in any field, always kept */
  guint contacts;           /* rows of BOUNCE_CONTACT_ROW_CONTACT: distinct valid list addresses */
  guint duplicate_rows;     /* rows of BOUNCE_CONTACT_ROW_DUPLICATE */
  guint rows_without_address; /* rows of BOUNCE_CONTACT_ROW_NO_ADDRESS */
  guint unmatched_records;  /* failure records that matched no contact */
  guint records;            /* records considered */
  guint rows_damaged;       /* rows kept because they could not be read reliably */
  guint removals_skipped;   /* damaged rows the policy would otherwise have removed */
  guint rows_to_check;      /* rows with a check_address, see BounceRowVerdict */
  guint rows_spared;        /* rows kept for an address of their list address cell
                             * that nothing removed, see BounceRowVerdict.kept_address */
  guint removed_suppressed; /* rows removed because their address is on the suppression list */
  guint rows_invalid;       /* rows of BOUNCE_CONTACT_ROW_INVALID, removed or not; 0 without list checks */
  guint removed_invalid;    /* rows removed because their address is invalid */
  guint removed_flagged;    /* rows removed for a list-check warning in remove_flags */
  guint rows_kept_by_choice; /* rows kept by a person's choice that the policy would remove */
  guint rows_bounced_since_kept; /* those of them with BounceRowVerdict.bounced_since_kept */
  /* rows whose list address cell has no bounce but another address of
   * which failed or complained, kept or removed */
  guint rows_other_address_bounced;
} BounceCleanSummary;

#define BOUNCE_TYPE_CLEANER (bounce_cleaner_get_type ())

G_DECLARE_FINAL_TYPE (BounceCleaner, bounce_cleaner, BOUNCE, CLEANER, GObject)

/* Matches every record of @records (element-type BounceRecord) to the
 * rows of @contacts: by recipient, Original-Recipient, the returned
 * message's To header, then VERP. */
BounceCleaner     *bounce_cleaner_new              (BounceContactList       *contacts,
                                                    GPtrArray               *records);
/* bounce_cleaner_new() in two steps, so that the index of the rows can
 * be built on another thread while the records are read. Nothing but
 * bounce_cleaner_match(), called once, may use the cleaner in between. */
BounceCleaner     *bounce_cleaner_new_unmatched    (BounceContactList       *contacts);
void               bounce_cleaner_match            (BounceCleaner           *self,
                                                    GPtrArray               *records);
BounceContactList *bounce_cleaner_get_contacts     (BounceCleaner           *self);

/* Returns: (transfer none) (element-type BounceMatch), NULL when none. */
GPtrArray         *bounce_cleaner_get_row_matches  (BounceCleaner           *self,
                                                    guint                    row);
/* The worst failure or complaint matched on an address of @row outside
 * its list address cell, such as a home address column, or NULL. Such a
 * bounce keeps the row (see BounceRowVerdict).
 * Returns: (transfer none) (nullable) */
const BounceMatch *bounce_cleaner_get_other_address_failure (BounceCleaner *self,
                                                             guint          row);
/* Whether @verdict's row is kept without a bounce: its list address
 * cell has none, or only a delivery notice, no other address of the row
 * failed (BounceRowVerdict.other_address_bounced), nothing else removes
 * it, and it is not blank. bounce-cli clean counts such rows as "No
 * bounce", and the app's Clean filter shows them. */
gboolean           bounce_row_verdict_is_without_bounce (const BounceRowVerdict *verdict);
/* The line of the rows by worst bounce that @verdict's row is on. */
BounceWorstBounce  bounce_row_verdict_get_worst_bounce  (const BounceRowVerdict *verdict);
/* What @row is to the count of contacts. With list checks in @policy
 * (its hygiene), duplicates are rows with the mailbox of an earlier row
 * by bounce-cli check's rule, and invalid addresses are counted apart.
 * Without them, duplicates are rows with the same list address as an
 * earlier row, and an invalid address counts as a contact. */
BounceContactRowKind bounce_cleaner_get_contact_row_kind (BounceCleaner           *self,
                                                          const BounceCleanPolicy *policy,
                                                          guint                    row);
/* Failure records (and complaints) that matched no contact.
 * Returns: (transfer none) (element-type BounceRecord) */
GPtrArray         *bounce_cleaner_get_unmatched    (BounceCleaner           *self);
/* Whether the list address of a row, the first address of its list
 * address cell, is @address (normalized), as the policy's
 * kept_addresses are compared. */
gboolean           bounce_cleaner_has_list_address (BounceCleaner           *self,
                                                    const char              *address);
/* Row of the first contact with the same list address, or -1. */
int                bounce_cleaner_get_duplicate_of (BounceCleaner           *self,
                                                    guint                    row);

void               bounce_cleaner_get_verdict      (BounceCleaner           *self,
                                                    const BounceCleanPolicy *policy,
                                                    guint                    row,
                                                    BounceRowVerdict        *verdict);
/* Fills @verdict for @address alone, one address of @row's list address
 * cell (bounce_contact_list_get_address() or one of
 * bounce_contact_list_get_more_list_addresses()): its own bounces and the
 * history decide, and neither the other addresses of the cell nor the
 * list checks do. */
void               bounce_cleaner_get_address_verdict (BounceCleaner           *self,
                                                       const BounceCleanPolicy *policy,
                                                       guint                    row,
                                                       const char              *address,
                                                       BounceRowVerdict        *verdict);
/* Why the policy removes @row, in words, when a history decided it:
 * "suppressed since 2 Nov 2026: hard bounce 5.1.1" or "3 soft bounces
 * between 2 and 16 November 2026"; NULL otherwise. */
char              *bounce_cleaner_dup_history_reason (BounceCleaner           *self,
                                                      const BounceCleanPolicy *policy,
                                                      guint                    row);
/* Describes @suppression, the entry that removes a row:
 * bounce_suppression_dup_description(), and for an entry of another
 * spelling of the row's mailbox, @mailbox_address
 * (BounceRowVerdict.mailbox_address, may be NULL), that address too:
 * "suppressed since 2 Nov 2026: hard bounce 5.1.1 (jane@gmail.com, the
 * same mailbox)". Translated. */
char              *bounce_suppression_dup_row_description (const BounceSuppression *suppression,
                                                           const char              *mailbox_address);
/* The history's part of the verdict of @row: fills @history_verdict when
 * the escalation rule looked at the row's soft bounces (its text stays
 * NULL otherwise), and returns the suppression entry that removes the
 * row, or NULL. Clear @history_verdict with
 * bounce_history_verdict_clear(). */
BounceSuppression *bounce_cleaner_get_history_verdict (BounceCleaner           *self,
                                                       const BounceCleanPolicy *policy,
                                                       guint                    row,
                                                       BounceHistoryVerdict    *history_verdict);
/* Fills @summary with every count of the rows under @policy. It reads
 * the warnings of the policy's list checks, so their second step
 * (bounce_hygiene_check_addresses()) must have finished. */
void               bounce_cleaner_summarize        (BounceCleaner           *self,
                                                    const BounceCleanPolicy *policy,
                                                    BounceCleanSummary      *summary);
/* Fills the counts of contacts, duplicate_rows and rows_without_address
 * of @summary, whose other counts bounce_cleaner_summarize() or
 * bounce_cleaner_write() set: one pass of
 * bounce_cleaner_get_contact_row_kind() over the rows. The list checks'
 * second step must have finished. */
void               bounce_cleaner_count_contact_rows (BounceCleaner           *self,
                                                      const BounceCleanPolicy *policy,
                                                      BounceCleanSummary      *summary);

/* Fails with BOUNCE_ERROR_WOULD_OVERWRITE_INPUT when @output or
 * @removed_output (may be NULL) is the contact file @input, also through
 * a link, and with BOUNCE_ERROR_INVALID_ARGUMENT when the two outputs are
 * one file. bounce_cleaner_write() checks the same; this lets a caller
 * check before the work. */
gboolean           bounce_clean_check_paths        (const char              *input,
                                                    const char              *output,
                                                    const char              *removed_output,
                                                    GError                 **error);

/* Fails with BOUNCE_ERROR_WOULD_OVERWRITE_INPUT when one of the outputs
 * (each may be NULL) is one of the bounce messages read from @bounces: a
 * file given, or a file inside a folder given, also through a symbolic
 * or a hard link. A file inside a folder counts only when it starts like
 * a message or an mbox, so the outputs of an earlier clean in the folder
 * may be written again. IMAP URIs in @bounces are skipped. */
gboolean           bounce_clean_check_bounce_inputs (const char * const     *bounces,
                                                     const char              *output,
                                                     const char              *removed_output,
                                                     const char              *report,
                                                     const char              *report_csv,
                                                     GError                 **error);

/* Fails with BOUNCE_ERROR_WOULD_OVERWRITE_INPUT when one of the outputs
 * (each may be NULL) is the file @input, which the clean reads or keeps,
 * also through a symbolic or a hard link. @input_name names it in the
 * message, such as "the history database". */
gboolean           bounce_clean_check_input_file    (const char              *input,
                                                     const char              *input_name,
                                                     const char              *output,
                                                     const char              *removed_output,
                                                     const char              *report,
                                                     const char              *report_csv,
                                                     GError                 **error);

/* Returns the file that bounce_cleaner_write() replaces when @output is
 * a symbolic link (the link's final target), or NULL when @output is
 * not a link or the link cannot be followed. */
char              *bounce_clean_dup_link_target    (const char              *output);

/* Fails with BOUNCE_ERROR_INVALID_ARGUMENT when @path is "-" or exists
 * and is not a regular file or a symbolic link to one: a device such as
 * /dev/null, a pipe, a socket or a folder. Every output of Bounce is
 * written to a temporary file renamed into place, and that rename would
 * replace such a file. The writers of the cleaned files, the reports and
 * the suppression list check this too. */
gboolean           bounce_clean_check_output_file  (const char              *path,
                                                    GError                 **error);
/* As bounce_clean_check_output_file(), for the only output of a command,
 * such as `suppression export`: the message does not offer to leave the
 * output out. */
gboolean           bounce_clean_check_sole_output_file (const char          *path,
                                                        GError             **error);

/* Fails with BOUNCE_ERROR_INVALID_ARGUMENT when one of the outputs (each
 * may be NULL) fails bounce_clean_check_output_file(), or when two of
 * them are one file, also through "./", a symbolic or a hard link. */
gboolean           bounce_clean_check_outputs      (const char              *output,
                                                    const char              *removed_output,
                                                    const char              *report,
                                                    const char              *report_csv,
                                                    GError                 **error);

/* Writes the kept rows to @output byte for byte (and the removed rows to
 * @removed_output with a bounce_removal_reason column such as
 * "hard: jane@example.com", one such part for each address of a cell with
 * several joined by "; ", or "invalid: " and the address cell, when not
 * NULL), through a
 * temporary file renamed into place. Refuses to write over the input
 * (BOUNCE_ERROR_WOULD_OVERWRITE_INPUT) and, as
 * bounce_clean_check_outputs() does, to replace a file that is not a
 * regular file (BOUNCE_ERROR_INVALID_ARGUMENT). Writes nothing when the
 * policy's history turned out damaged (bounce_history_check_intact()).
 * Fills @summary as bounce_cleaner_summarize() does, except the counts of
 * bounce_cleaner_count_contact_rows(): the list checks may still set
 * their warnings on another thread while the rows are written. */
gboolean           bounce_cleaner_write            (BounceCleaner           *self,
                                                    const BounceCleanPolicy *policy,
                                                    BounceStatusColumns      columns,
                                                    const char              *output,
                                                    const char              *removed_output,
                                                    BounceCleanSummary      *summary,
                                                    GCancellable            *cancellable,
                                                    GError                 **error);

G_END_DECLS

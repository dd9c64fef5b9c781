/* bounce-session.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bounce-core.h"

G_BEGIN_DECLS

/* Groups of rows the review can show. A row belongs to ALL, to REMOVED
 * when the policy removes it, and to one other group: that of its worst
 * category, or of the line of `bounce-cli clean`'s rows by worst bounce
 * that it is on (bounce_row_verdict_get_worst_bounce()). */
typedef enum
{
  BOUNCE_ROW_GROUP_ALL,
  BOUNCE_ROW_GROUP_REMOVED,
  BOUNCE_ROW_GROUP_HARD,
  BOUNCE_ROW_GROUP_COMPLAINT,
  BOUNCE_ROW_GROUP_BLOCKED,
  BOUNCE_ROW_GROUP_SOFT,
  BOUNCE_ROW_GROUP_OTHER,   /* delayed, auto-reply, unknown, unreadable */
  /* no bounce of the list address, but of another address of the row
   * (BounceRowVerdict.other_address_bounced): the rows that
   * `bounce-cli clean` counts as "On another address" */
  BOUNCE_ROW_GROUP_OTHER_ADDRESS,
  /* no bounce, but removed by the suppression list, the soft-bounce
   * history or a list check, such as an invalid address: "Removed
   * otherwise" */
  BOUNCE_ROW_GROUP_REMOVED_OTHERWISE,
  BOUNCE_ROW_GROUP_CLEAN,   /* kept, with no bounce or a delivery notice */
  BOUNCE_ROW_GROUP_BLANK,   /* no text in any field: "Blank rows" */
  BOUNCE_ROW_GROUP_LAST
} BounceRowGroup;

#define BOUNCE_TYPE_SESSION (bounce_session_get_type ())

G_DECLARE_FINAL_TYPE (BounceSession, bounce_session, BOUNCE, SESSION, GObject)

/* Matches @records to @contacts on a worker thread and computes each
 * row's worst category. Either may be NULL, not both. */
void               bounce_session_new_async       (BounceContactList       *contacts,
                                                   GPtrArray               *records,
                                                   const BounceCleanPolicy *policy,
                                                   GCancellable            *cancellable,
                                                   GAsyncReadyCallback      callback,
                                                   gpointer                 user_data);
BounceSession     *bounce_session_new_finish      (GAsyncResult            *result,
                                                   GError                 **error);
/* The blocking form, for tests and benchmarks. */
BounceSession     *bounce_session_new             (BounceContactList       *contacts,
                                                   GPtrArray               *records,
                                                   const BounceCleanPolicy *policy);

/* Nullable: NULL when only bounces were opened. */
BounceContactList *bounce_session_get_contacts    (BounceSession           *self);
/* Nullable: NULL when only bounces were opened. */
BounceCleaner     *bounce_session_get_cleaner     (BounceSession           *self);
/* Returns: (transfer none) (element-type BounceRecord): every record. */
GPtrArray         *bounce_session_get_records     (BounceSession           *self);
/* Records that matched no contact; every failure record when there are
 * no contacts. Returns: (transfer none) (element-type BounceRecord) */
GPtrArray         *bounce_session_get_unmatched   (BounceSession           *self);
guint              bounce_session_get_n_rows      (BounceSession           *self);

const BounceCleanPolicy *bounce_session_get_policy (BounceSession          *self);
/* Recomputes which rows are removed; emits "policy-changed". The session
 * keeps a reference on the policy's history and kept addresses. */
void               bounce_session_set_policy      (BounceSession           *self,
                                                   const BounceCleanPolicy *policy);
/* Recomputes which rows are removed after the policy's history changed,
 * such as a suppression entry removed or imported; emits
 * "policy-changed". Does nothing without a history. Like
 * bounce_session_set_policy() it runs on the calling thread, and with a
 * history a pass costs about 0.45 µs a row (1,000,000 rows: 0.45 s of
 * CPU per pass, docs/benchmarks.md). Both cancel a worker-thread run. */
void               bounce_session_refresh         (BounceSession           *self);
/* The same two on a worker thread for a long list, so that the review
 * stays usable: the session keeps the previous result, with "updating"
 * TRUE, until the main thread applies the new one and emits
 * "policy-changed". A newer call cancels an unfinished run. A list of
 * fewer than 20,000 rows is updated at once, as by the blocking forms. */
void               bounce_session_set_policy_async (BounceSession          *self,
                                                    const BounceCleanPolicy *policy);
void               bounce_session_refresh_async   (BounceSession           *self);
gboolean           bounce_session_is_updating     (BounceSession           *self);
const BounceCleanSummary *bounce_session_get_summary (BounceSession        *self);
/* Nullable: the list checks of the contacts, which the session's policy
 * applies: NULL when only bounces were opened. */
BounceHygiene     *bounce_session_get_hygiene    (BounceSession           *self);
/* The figures and findings under the current policy, computed when
 * first asked for after a change. */
BounceInsight     *bounce_session_get_insight    (BounceSession           *self);

BounceCategory     bounce_session_get_category    (BounceSession           *self,
                                                   guint                    row);
gboolean           bounce_session_is_removed      (BounceSession           *self,
                                                   guint                    row);
gboolean           bounce_session_row_in_group    (BounceSession           *self,
                                                   guint                    row,
                                                   BounceRowGroup           group);
guint              bounce_session_get_group_count (BounceSession           *self,
                                                   BounceRowGroup           group);
BounceRowGroup     bounce_row_group_for_category  (BounceCategory           category);

G_END_DECLS

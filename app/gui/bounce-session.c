/* bounce-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-session"

#include "config.h"

#include <string.h>

#include "bounce-session.h"

/* One opened contact list with the bounces opened with it, matched once
 * by the core's BounceCleaner. Per-row categories and removal flags live
 * in byte arrays so the review can filter and sort a million rows without
 * asking the cleaner for every row again. */
struct _BounceSession
{
  GObject             parent_instance;

  BounceContactList  *contacts;
  GPtrArray          *records;
  BounceCleaner      *cleaner;
  BounceHygiene      *hygiene;  /* the list checks; NULL without contacts */
  BounceInsight      *insight;  /* made when first asked for, dropped when the policy changes */
  GPtrArray          *unmatched;

  /* The policy holds a reference on its history, which the cleaner
   * reads on the worker thread and the app may close meanwhile. */
  BounceCleanPolicy   policy;
  BounceCleanSummary  summary;

  guint               n_rows;
  guint8             *categories;
  /* BounceRowVerdict.other_address_bounced per row, which no policy changes */
  guint8             *other_bounced;
  guint8             *blank;    /* BounceRowVerdict.blank per row */
  guint8             *removed;
  guint               group_counts[BOUNCE_ROW_GROUP_LAST];

  /* The run of bounce_session_set_policy_async() on a worker thread, or
   * NULL. A newer change cancels it. */
  GCancellable       *update_cancellable;
};

G_DEFINE_FINAL_TYPE (BounceSession, bounce_session, G_TYPE_OBJECT)

/* Lists of fewer rows are updated on the calling thread: two passes at
 * about 0.45 µs a row (docs/benchmarks.md) take about 20 ms, near one
 * frame at 60 Hz, an estimate from that per-row cost. Longer lists are
 * updated on a worker thread. */
#define ASYNC_MIN_ROWS 20000

/* Rows between two looks at the cancellable of a worker-thread run. */
#define CANCEL_CHECK_ROWS 65536

enum {
  POLICY_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_UPDATING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

BounceRowGroup
bounce_row_group_for_category (BounceCategory category)
{
  /* The same rows as the "No bounce" line of `bounce-cli clean`. */
  if (bounce_category_is_clean (category))
    return BOUNCE_ROW_GROUP_CLEAN;

  switch (category)
    {
    case BOUNCE_CATEGORY_HARD:
      return BOUNCE_ROW_GROUP_HARD;
    case BOUNCE_CATEGORY_COMPLAINT:
      return BOUNCE_ROW_GROUP_COMPLAINT;
    case BOUNCE_CATEGORY_BLOCKED:
      return BOUNCE_ROW_GROUP_BLOCKED;
    case BOUNCE_CATEGORY_SOFT:
      return BOUNCE_ROW_GROUP_SOFT;
    case BOUNCE_CATEGORY_DELAYED:
    case BOUNCE_CATEGORY_AUTO_REPLY:
    case BOUNCE_CATEGORY_UNKNOWN:
    case BOUNCE_CATEGORY_UNREADABLE:
      return BOUNCE_ROW_GROUP_OTHER;
    case BOUNCE_CATEGORY_NOT_BOUNCE:
    case BOUNCE_CATEGORY_DELIVERED:
    case BOUNCE_CATEGORY_LAST:
    default:
      return BOUNCE_ROW_GROUP_CLEAN;
    }
}

/* The filter group of a row: the group of its worst category, else the
 * line of the rows by worst bounce of `bounce-cli clean` that it is on.
 * So each row is in one group besides ALL and REMOVED, and the counts of
 * those groups add up to the rows read, as the lines of that list do. */
static BounceRowGroup
get_row_group (guint8 category,
               guint8 other_bounced,
               guint8 blank,
               guint8 removed)
{
  BounceRowVerdict verdict = {
    .category = category, .other_address_bounced = other_bounced, .blank = blank, .removed = removed,
  };

  switch (bounce_row_verdict_get_worst_bounce (&verdict))
    {
    case BOUNCE_WORST_BOUNCE_CATEGORY:
      return bounce_row_group_for_category (category);
    case BOUNCE_WORST_BOUNCE_OTHER_ADDRESS:
      return BOUNCE_ROW_GROUP_OTHER_ADDRESS;
    case BOUNCE_WORST_BOUNCE_BLANK:
      return BOUNCE_ROW_GROUP_BLANK;
    case BOUNCE_WORST_BOUNCE_REMOVED_OTHERWISE:
      return BOUNCE_ROW_GROUP_REMOVED_OTHERWISE;
    case BOUNCE_WORST_BOUNCE_NONE:
    default:
      return BOUNCE_ROW_GROUP_CLEAN;
    }
}

/* Counts the rows of each group but ALL into @counts, from the removal
 * flags in @removed. */
static void
count_groups (guint         n_rows,
              const guint8 *categories,
              const guint8 *other_bounced,
              const guint8 *blank,
              const guint8 *removed,
              guint         counts[BOUNCE_ROW_GROUP_LAST])
{
  for (guint group = BOUNCE_ROW_GROUP_REMOVED; group < BOUNCE_ROW_GROUP_LAST; group++)
    counts[group] = 0;

  for (guint row = 0; row < n_rows; row++)
    {
      counts[BOUNCE_ROW_GROUP_REMOVED] += removed[row];
      counts[get_row_group (categories[row], other_bounced[row], blank[row], removed[row])]++;
    }
}

static void
bounce_session_update_removed (BounceSession *self)
{
  for (guint row = 0; row < self->n_rows; row++)
    {
      BounceRowVerdict verdict;

      bounce_cleaner_get_verdict (self->cleaner, &self->policy, row, &verdict);
      self->removed[row] = verdict.removed ? 1 : 0;
    }

  count_groups (self->n_rows, self->categories, self->other_bounced, self->blank, self->removed,
                self->group_counts);
  g_clear_object (&self->insight);

  if (self->cleaner != NULL)
    bounce_cleaner_summarize (self->cleaner, &self->policy, &self->summary);
}

static void
bounce_session_compute (BounceSession *self)
{
  BounceCleanPolicy policy = self->policy;

  if (self->contacts != NULL)
    {
      self->cleaner = bounce_cleaner_new (self->contacts, self->records);
      self->hygiene = bounce_hygiene_new (self->contacts, NULL);
      self->policy.hygiene = self->hygiene;
      self->n_rows = bounce_contact_list_get_n_rows (self->contacts);
      self->unmatched = g_ptr_array_ref (bounce_cleaner_get_unmatched (self->cleaner));
    }
  else
    {
      /* Without contacts every failure is "unmatched". */
      self->unmatched = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
      for (guint i = 0; i < self->records->len; i++)
        {
          BounceRecord *record = g_ptr_array_index (self->records, i);

          if (bounce_category_is_failure (record->category)
              || record->category == BOUNCE_CATEGORY_COMPLAINT)
            g_ptr_array_add (self->unmatched, bounce_record_ref (record));
        }
    }

  self->categories = g_new0 (guint8, MAX (self->n_rows, 1));
  self->other_bounced = g_new0 (guint8, MAX (self->n_rows, 1));
  self->blank = g_new0 (guint8, MAX (self->n_rows, 1));
  self->removed = g_new0 (guint8, MAX (self->n_rows, 1));

  for (guint row = 0; row < self->n_rows; row++)
    {
      BounceRowVerdict verdict;

      bounce_cleaner_get_verdict (self->cleaner, &policy, row, &verdict);
      self->categories[row] = verdict.category;
      self->other_bounced[row] = verdict.other_address_bounced;
      self->blank[row] = verdict.blank;
    }
  self->group_counts[BOUNCE_ROW_GROUP_ALL] = self->n_rows;

  bounce_session_update_removed (self);
}

static void
bounce_session_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BounceSession *self = BOUNCE_SESSION (object);

  switch (prop_id)
    {
    case PROP_UPDATING:
      g_value_set_boolean (value, bounce_session_is_updating (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bounce_session_finalize (GObject *object)
{
  BounceSession *self = (BounceSession *)object;

  g_cancellable_cancel (self->update_cancellable);
  g_clear_object (&self->update_cancellable);

  g_clear_object (&self->insight);
  g_clear_object (&self->hygiene);
  g_clear_object (&self->cleaner);
  g_clear_object (&self->contacts);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->unmatched, g_ptr_array_unref);
  g_clear_pointer (&self->categories, g_free);
  g_clear_pointer (&self->other_bounced, g_free);
  g_clear_pointer (&self->blank, g_free);
  g_clear_pointer (&self->removed, g_free);
  g_clear_object (&self->policy.history);
  g_clear_pointer (&self->policy.kept_addresses, g_hash_table_unref);

  G_OBJECT_CLASS (bounce_session_parent_class)->finalize (object);
}

static void
bounce_session_class_init (BounceSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bounce_session_finalize;
  object_class->get_property = bounce_session_get_property;

  /* TRUE while a worker thread computes the rows under a new policy;
   * the session shows the previous result meanwhile. */
  properties[PROP_UPDATING] =
    g_param_spec_boolean ("updating", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[POLICY_CHANGED] =
    g_signal_new ("policy-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
bounce_session_init (BounceSession *self)
{
  bounce_clean_policy_init (&self->policy);
}

static BounceSession *
bounce_session_create (BounceContactList       *contacts,
                       GPtrArray               *records,
                       const BounceCleanPolicy *policy)
{
  BounceSession *self = g_object_new (BOUNCE_TYPE_SESSION, NULL);

  if (contacts != NULL)
    self->contacts = g_object_ref (contacts);
  if (records != NULL)
    self->records = g_ptr_array_ref (records);
  else
    self->records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  if (policy != NULL)
    self->policy = *policy;
  if (self->policy.history != NULL)
    g_object_ref (self->policy.history);
  if (self->policy.kept_addresses != NULL)
    g_hash_table_ref (self->policy.kept_addresses);

  return self;
}

BounceSession *
bounce_session_new (BounceContactList       *contacts,
                    GPtrArray               *records,
                    const BounceCleanPolicy *policy)
{
  BounceSession *self;

  g_return_val_if_fail (contacts != NULL || records != NULL, NULL);

  self = bounce_session_create (contacts, records, policy);
  bounce_session_compute (self);

  return self;
}

static void
bounce_session_compute_thread (GTask        *task,
                               gpointer      source_object,
                               gpointer      task_data,
                               GCancellable *cancellable)
{
  BounceSession *self = task_data;

  bounce_session_compute (self);
  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

void
bounce_session_new_async (BounceContactList       *contacts,
                          GPtrArray               *records,
                          const BounceCleanPolicy *policy,
                          GCancellable            *cancellable,
                          GAsyncReadyCallback      callback,
                          gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (contacts != NULL || records != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_task_data (task, bounce_session_create (contacts, records, policy), g_object_unref);
  g_task_run_in_thread (task, bounce_session_compute_thread);
}

BounceSession *
bounce_session_new_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

BounceContactList *
bounce_session_get_contacts (BounceSession *self)
{
  g_return_val_if_fail (BOUNCE_IS_SESSION (self), NULL);

  return self->contacts;
}

BounceCleaner *
bounce_session_get_cleaner (BounceSession *self)
{
  g_return_val_if_fail (BOUNCE_IS_SESSION (self), NULL);

  return self->cleaner;
}

GPtrArray *
bounce_session_get_records (BounceSession *self)
{
  g_return_val_if_fail (BOUNCE_IS_SESSION (self), NULL);

  return self->records;
}

GPtrArray *
bounce_session_get_unmatched (BounceSession *self)
{
  g_return_val_if_fail (BOUNCE_IS_SESSION (self), NULL);

  return self->unmatched;
}

guint
bounce_session_get_n_rows (BounceSession *self)
{
  g_return_val_if_fail (BOUNCE_IS_SESSION (self), 0);

  return self->n_rows;
}

const BounceCleanPolicy *
bounce_session_get_policy (BounceSession *self)
{
  g_return_val_if_fail (BOUNCE_IS_SESSION (self), NULL);

  return &self->policy;
}

/* Cancels the worker-thread run, whose result a newer change replaces. */
static void
bounce_session_cancel_update (BounceSession *self)
{
  if (self->update_cancellable == NULL)
    return;

  g_cancellable_cancel (self->update_cancellable);
  g_clear_object (&self->update_cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATING]);
}

static void
bounce_session_take_policy (BounceSession           *self,
                            const BounceCleanPolicy *policy)
{
  if (policy->history != NULL)
    g_object_ref (policy->history);
  if (policy->kept_addresses != NULL)
    g_hash_table_ref (policy->kept_addresses);
  g_clear_object (&self->policy.history);
  g_clear_pointer (&self->policy.kept_addresses, g_hash_table_unref);
  self->policy = *policy;
}

void
bounce_session_set_policy (BounceSession           *self,
                           const BounceCleanPolicy *policy)
{
  BounceCleanPolicy with_checks;

  g_return_if_fail (BOUNCE_IS_SESSION (self));
  g_return_if_fail (policy != NULL);

  /* The list checks belong to the contacts, not to the settings. */
  with_checks = *policy;
  with_checks.hygiene = self->hygiene;
  policy = &with_checks;

  /* A run for an earlier change would otherwise overwrite this one. */
  bounce_session_cancel_update (self);

  if (memcmp (&self->policy, policy, sizeof *policy) == 0)
    return;

  bounce_session_take_policy (self, policy);
  bounce_session_update_removed (self);
  g_signal_emit (self, signals[POLICY_CHANGED], 0);
}

void
bounce_session_refresh (BounceSession *self)
{
  g_return_if_fail (BOUNCE_IS_SESSION (self));

  if (self->policy.history == NULL)
    return;

  bounce_session_cancel_update (self);
  bounce_session_update_removed (self);
  g_signal_emit (self, signals[POLICY_CHANGED], 0);
}

/* A worker-thread run: the removal flags and summary of every row under
 * @policy, computed from the session's cleaner, which only reads. */
typedef struct
{
  BounceCleaner      *cleaner;
  GPtrArray          *records;
  BounceCleanPolicy   policy;   /* holds a reference on its history and kept addresses */
  guint               n_rows;
  const guint8       *categories; /* the session's, which the task's reference on it keeps */
  const guint8       *other_bounced; /* the session's too */
  const guint8       *blank;         /* the session's too */
  guint8             *removed;
  guint               group_counts[BOUNCE_ROW_GROUP_LAST];
  BounceCleanSummary  summary;
  BounceInsight      *insight;  /* the Summary page's figures, also a pass over the rows */
} UpdateJob;

static void
update_job_free (UpdateJob *job)
{
  g_clear_object (&job->cleaner);
  g_clear_pointer (&job->records, g_ptr_array_unref);
  g_clear_object (&job->insight);
  g_clear_object (&job->policy.history);
  g_clear_pointer (&job->policy.kept_addresses, g_hash_table_unref);
  g_free (job->removed);
  g_free (job);
}

static void
update_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  UpdateJob *job = task_data;

  for (guint row = 0; row < job->n_rows; row++)
    {
      BounceRowVerdict verdict;

      if (row % CANCEL_CHECK_ROWS == 0 && g_task_return_error_if_cancelled (task))
        return;

      bounce_cleaner_get_verdict (job->cleaner, &job->policy, row, &verdict);
      job->removed[row] = verdict.removed ? 1 : 0;
    }
  count_groups (job->n_rows, job->categories, job->other_bounced, job->blank, job->removed,
                job->group_counts);

  if (g_task_return_error_if_cancelled (task))
    return;
  bounce_cleaner_summarize (job->cleaner, &job->policy, &job->summary);

  if (g_task_return_error_if_cancelled (task))
    return;
  job->insight = bounce_insight_new (job->cleaner, job->records, &job->policy);
  g_task_return_boolean (task, TRUE);
}

/* Applies a finished run on the main thread, unless a newer change
 * cancelled it. */
static void
update_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  BounceSession *self = BOUNCE_SESSION (source_object);
  UpdateJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    return;
  if (g_task_get_cancellable (G_TASK (result)) != self->update_cancellable)
    return;

  g_clear_object (&self->update_cancellable);
  bounce_session_take_policy (self, &job->policy);
  g_free (self->removed);
  self->removed = g_steal_pointer (&job->removed);
  for (guint group = BOUNCE_ROW_GROUP_REMOVED; group < BOUNCE_ROW_GROUP_LAST; group++)
    self->group_counts[group] = job->group_counts[group];
  self->summary = job->summary;
  g_clear_object (&self->insight);
  self->insight = g_steal_pointer (&job->insight);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATING]);
  g_signal_emit (self, signals[POLICY_CHANGED], 0);
}

/* Starts a worker-thread run under @policy, cancelling an earlier one. */
static void
bounce_session_start_update (BounceSession           *self,
                             const BounceCleanPolicy *policy)
{
  g_autoptr(GTask) task = NULL;
  UpdateJob *job = g_new0 (UpdateJob, 1);
  gboolean was_updating = self->update_cancellable != NULL;

  if (was_updating)
    g_cancellable_cancel (self->update_cancellable);
  g_clear_object (&self->update_cancellable);
  self->update_cancellable = g_cancellable_new ();

  job->cleaner = g_object_ref (self->cleaner);
  job->records = g_ptr_array_ref (self->records);
  job->policy = *policy;
  if (job->policy.history != NULL)
    g_object_ref (job->policy.history);
  if (job->policy.kept_addresses != NULL)
    g_hash_table_ref (job->policy.kept_addresses);
  job->n_rows = self->n_rows;
  job->categories = self->categories;
  job->other_bounced = self->other_bounced;
  job->blank = self->blank;
  job->removed = g_new0 (guint8, MAX (self->n_rows, 1));

  task = g_task_new (self, self->update_cancellable, update_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) update_job_free);
  g_task_run_in_thread (task, update_thread);

  if (!was_updating)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATING]);
}

void
bounce_session_set_policy_async (BounceSession           *self,
                                 const BounceCleanPolicy *policy)
{
  BounceCleanPolicy with_checks;

  g_return_if_fail (BOUNCE_IS_SESSION (self));
  g_return_if_fail (policy != NULL);

  if (self->cleaner == NULL || self->n_rows < ASYNC_MIN_ROWS)
    {
      bounce_session_set_policy (self, policy);
      return;
    }

  with_checks = *policy;
  with_checks.hygiene = self->hygiene;
  bounce_session_start_update (self, &with_checks);
}

void
bounce_session_refresh_async (BounceSession *self)
{
  g_return_if_fail (BOUNCE_IS_SESSION (self));

  if (self->policy.history == NULL)
    return;

  if (self->cleaner == NULL || self->n_rows < ASYNC_MIN_ROWS)
    {
      bounce_session_refresh (self);
      return;
    }

  bounce_session_start_update (self, &self->policy);
}

gboolean
bounce_session_is_updating (BounceSession *self)
{
  g_return_val_if_fail (BOUNCE_IS_SESSION (self), FALSE);

  return self->update_cancellable != NULL;
}

const BounceCleanSummary *
bounce_session_get_summary (BounceSession *self)
{
  g_return_val_if_fail (BOUNCE_IS_SESSION (self), NULL);

  return &self->summary;
}

BounceCategory
bounce_session_get_category (BounceSession *self,
                             guint          row)
{
  g_return_val_if_fail (BOUNCE_IS_SESSION (self), BOUNCE_CATEGORY_NOT_BOUNCE);
  g_return_val_if_fail (row < self->n_rows, BOUNCE_CATEGORY_NOT_BOUNCE);

  return self->categories[row];
}

gboolean
bounce_session_is_removed (BounceSession *self,
                           guint          row)
{
  g_return_val_if_fail (BOUNCE_IS_SESSION (self), FALSE);
  g_return_val_if_fail (row < self->n_rows, FALSE);

  return self->removed[row];
}

gboolean
bounce_session_row_in_group (BounceSession  *self,
                             guint           row,
                             BounceRowGroup  group)
{
  g_assert (row < self->n_rows);

  switch (group)
    {
    case BOUNCE_ROW_GROUP_ALL:
      return TRUE;
    case BOUNCE_ROW_GROUP_REMOVED:
      return self->removed[row];
    case BOUNCE_ROW_GROUP_HARD:
    case BOUNCE_ROW_GROUP_COMPLAINT:
    case BOUNCE_ROW_GROUP_BLOCKED:
    case BOUNCE_ROW_GROUP_SOFT:
    case BOUNCE_ROW_GROUP_OTHER:
    case BOUNCE_ROW_GROUP_OTHER_ADDRESS:
    case BOUNCE_ROW_GROUP_REMOVED_OTHERWISE:
    case BOUNCE_ROW_GROUP_CLEAN:
    case BOUNCE_ROW_GROUP_BLANK:
      return get_row_group (self->categories[row], self->other_bounced[row], self->blank[row],
                            self->removed[row]) == group;
    case BOUNCE_ROW_GROUP_LAST:
    default:
      return FALSE;
    }
}

guint
bounce_session_get_group_count (BounceSession  *self,
                                BounceRowGroup  group)
{
  g_return_val_if_fail (BOUNCE_IS_SESSION (self), 0);
  g_return_val_if_fail (group < BOUNCE_ROW_GROUP_LAST, 0);

  return self->group_counts[group];
}

BounceHygiene *
bounce_session_get_hygiene (BounceSession *self)
{
  g_return_val_if_fail (BOUNCE_IS_SESSION (self), NULL);

  return self->hygiene;
}

BounceInsight *
bounce_session_get_insight (BounceSession *self)
{
  g_return_val_if_fail (BOUNCE_IS_SESSION (self), NULL);

  if (self->insight == NULL)
    self->insight = bounce_insight_new (self->cleaner, self->records, &self->policy);

  return self->insight;
}

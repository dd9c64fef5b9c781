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
  guint8             *removed;
  guint               group_counts[BOUNCE_ROW_GROUP_LAST];
};

G_DEFINE_FINAL_TYPE (BounceSession, bounce_session, G_TYPE_OBJECT)

enum {
  POLICY_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

static void
bounce_session_update_removed (BounceSession *self)
{
  guint n_removed = 0;

  for (guint row = 0; row < self->n_rows; row++)
    {
      BounceRowVerdict verdict;

      bounce_cleaner_get_verdict (self->cleaner, &self->policy, row, &verdict);
      self->removed[row] = verdict.removed ? 1 : 0;
      n_removed += self->removed[row];
    }

  self->group_counts[BOUNCE_ROW_GROUP_REMOVED] = n_removed;
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
  self->removed = g_new0 (guint8, MAX (self->n_rows, 1));

  for (guint row = 0; row < self->n_rows; row++)
    {
      BounceRowVerdict verdict;

      bounce_cleaner_get_verdict (self->cleaner, &policy, row, &verdict);
      self->categories[row] = verdict.category;
      self->group_counts[bounce_row_group_for_category (verdict.category)]++;
    }
  self->group_counts[BOUNCE_ROW_GROUP_ALL] = self->n_rows;

  bounce_session_update_removed (self);
}

static void
bounce_session_finalize (GObject *object)
{
  BounceSession *self = (BounceSession *)object;

  g_clear_object (&self->insight);
  g_clear_object (&self->hygiene);
  g_clear_object (&self->cleaner);
  g_clear_object (&self->contacts);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->unmatched, g_ptr_array_unref);
  g_clear_pointer (&self->categories, g_free);
  g_clear_pointer (&self->removed, g_free);
  g_clear_object (&self->policy.history);

  G_OBJECT_CLASS (bounce_session_parent_class)->finalize (object);
}

static void
bounce_session_class_init (BounceSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bounce_session_finalize;

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

  if (memcmp (&self->policy, policy, sizeof *policy) == 0)
    return;

  if (policy->history != NULL)
    g_object_ref (policy->history);
  g_clear_object (&self->policy.history);
  self->policy = *policy;
  bounce_session_update_removed (self);
  g_signal_emit (self, signals[POLICY_CHANGED], 0);
}

void
bounce_session_refresh (BounceSession *self)
{
  g_return_if_fail (BOUNCE_IS_SESSION (self));

  if (self->policy.history == NULL)
    return;

  bounce_session_update_removed (self);
  g_signal_emit (self, signals[POLICY_CHANGED], 0);
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
    case BOUNCE_ROW_GROUP_CLEAN:
      return bounce_row_group_for_category (self->categories[row]) == group;
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

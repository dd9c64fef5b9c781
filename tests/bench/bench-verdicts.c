/* bench-verdicts.c: what the history adds to the cleaner's verdicts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loads a contact file and scans bounce messages into a history file: a
 * new one, or the one named, which then only needs its parse cache. Then
 * it prints the CPU time of bounce_cleaner_summarize() over every row,
 * without and with the history, three times each. The app's review runs
 * such a pass each time the policy or the suppression list changes. It
 * asserts nothing about time.
 *
 * Usage:
 *   build/tests/bench-verdicts [CONTACTS.csv BOUNCES [HISTORY.db]]
 * The defaults are the files tests/bench/bench-clean.sh generates, and a
 * history in a temporary folder that is deleted at the end.
 */

#include "config.h"

#include <time.h>

#include <glib/gstdio.h>

#include "bounce-core.h"

/* Seconds of CPU this thread has used. */
static double
thread_cpu_seconds (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);

  return now.tv_sec + now.tv_nsec / 1e9;
}

static void
collect_cb (BounceRecord *record,
            gpointer      user_data)
{
  if (record->category != BOUNCE_CATEGORY_NOT_BOUNCE)
    g_ptr_array_add (user_data, bounce_record_ref (record));
}

static void
measure (BounceCleaner *cleaner,
         BounceHistory *history,
         const char    *name)
{
  BounceCleanPolicy policy;
  BounceCleanSummary summary;

  bounce_clean_policy_init (&policy);
  policy.history = history;

  for (guint i = 0; i < 3; i++)
    {
      double start = thread_cpu_seconds ();

      bounce_cleaner_summarize (cleaner, &policy, &summary);
      g_print ("%-16s %.3f s CPU  (%u rows, %u removed)\n", name, thread_cpu_seconds () - start,
               summary.rows_in, summary.rows_removed);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(BounceHistory) history = NULL;
  g_autoptr(BounceScanner) scanner = NULL;
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autofree char *contacts_path = NULL;
  g_autofree char *bounces_path = NULL;
  g_autofree char *history_path = NULL;
  g_autofree char *folder = NULL;
  const char *paths[2] = { NULL, NULL };
  double start;

  if (argc >= 3)
    {
      contacts_path = g_strdup (argv[1]);
      bounces_path = g_strdup (argv[2]);
    }
  else
    {
      contacts_path = g_build_filename (SOURCE_SAMPLES_DIR, "..", "..", "tests", "bench", "out", "clean", "contacts.csv", NULL);
      bounces_path = g_build_filename (SOURCE_SAMPLES_DIR, "..", "..", "tests", "bench", "out", "clean", "bounces.mbox", NULL);
    }
  if (argc >= 4)
    history_path = g_strdup (argv[3]);
  else
    {
      folder = g_dir_make_tmp ("bounce-bench-verdicts-XXXXXX", &error);
      if (folder == NULL)
        g_error ("%s", error->message);
      history_path = g_build_filename (folder, "history.db", NULL);
    }

  contacts = bounce_contact_list_new_from_file (contacts_path, NULL, NULL, &error);
  if (contacts == NULL)
    g_error ("%s", error->message);
  history = bounce_history_open (history_path, &error);
  if (history == NULL)
    g_error ("%s", error->message);

  scanner = bounce_scanner_new ();
  bounce_scanner_set_history (scanner, history);
  paths[0] = bounces_path;
  start = g_get_monotonic_time () / (double) G_USEC_PER_SEC;
  if (!bounce_scanner_scan (scanner, paths, collect_cb, records, NULL, &error))
    g_error ("%s", error->message);
  g_print ("scanned into the history in %.1f s: %u records, %u bounces recorded\n",
           g_get_monotonic_time () / (double) G_USEC_PER_SEC - start, records->len,
           bounce_history_count_bounces (history));

  cleaner = bounce_cleaner_new (contacts, records);
  measure (cleaner, NULL, "without history");
  measure (cleaner, history, "with history");

  if (folder != NULL)
    {
      const char * const names[] = { "history.db", "history.db-wal", "history.db-shm" };

      g_clear_object (&scanner);
      g_clear_object (&history);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          g_autofree char *path = g_build_filename (folder, names[i], NULL);

          g_unlink (path);
        }
      g_rmdir (folder);
    }

  return 0;
}

/* bench-hygiene.c: the CPU time of the list checks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loads a contact file, then prints the CPU time of bounce_hygiene_new()
 * (syntax, typo domains, duplicates, role, disposable and unknown
 * top-level domain) over every row, three times, and the counts it found.
 * The app's review runs these checks once for each contact file it reads.
 * Last it prints a checksum of every row's result (error, flags, first
 * row of a duplicate, suggested address), which must stay the same when
 * the checks are only made faster. It asserts nothing about time.
 *
 * Usage:
 *   build/tests/bench-hygiene [CONTACTS.csv]
 * The default is the file tests/bench/bench-clean.sh generates.
 */

#include "config.h"

#include <time.h>

#include "bounce-core.h"

/* Seconds of CPU this process has used, on all its threads. */
static double
process_cpu_seconds (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);

  return now.tv_sec + now.tv_nsec / 1e9;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BounceContactList) contacts = NULL;
  g_autofree char *contacts_path = NULL;

  if (argc > 1)
    contacts_path = g_strdup (argv[1]);
  else
    contacts_path = g_build_filename (SOURCE_SAMPLES_DIR, "..", "..", "tests", "bench", "out", "clean",
                                      "contacts.csv", NULL);

  contacts = bounce_contact_list_new_from_file (contacts_path, NULL, NULL, &error);
  if (contacts == NULL)
    g_error ("%s", error->message);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(BounceHygiene) hygiene = NULL;
      const BounceHygieneCounts *counts;
      gint64 start = g_get_monotonic_time ();
      double cpu = process_cpu_seconds ();

      hygiene = bounce_hygiene_new (contacts, NULL);
      counts = bounce_hygiene_get_counts (hygiene);
      g_print ("bounce_hygiene_new: %.3f s CPU, %.3f s wall; %u rows, %u empty, %u invalid, %u with warnings\n",
               process_cpu_seconds () - cpu,
               (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
               counts->rows, counts->empty, counts->invalid, counts->risky);
    }

  {
    g_autoptr(BounceHygiene) hygiene = bounce_hygiene_new (contacts, NULL);
    g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
    const BounceHygieneCounts *counts = bounce_hygiene_get_counts (hygiene);

    for (guint row = 0; row < counts->rows; row++)
      {
        BounceRowHygiene result;
        g_autofree char *suggestion = NULL;
        g_autofree char *line = NULL;

        bounce_hygiene_get_row (hygiene, row, &result);
        suggestion = bounce_hygiene_dup_suggestion (hygiene, row);
        line = g_strdup_printf ("%u %u %d %s\n", result.error, result.flags, result.duplicate_of,
                                suggestion != NULL ? suggestion : "-");
        g_checksum_update (checksum, (const guchar *) line, -1);
      }
    for (guint i = 0; i < BOUNCE_HYGIENE_N_FLAGS; i++)
      g_print ("%s %u; ", bounce_hygiene_flag_to_string (1 << i), counts->flagged[i]);
    g_print ("\nresults checksum %s\n", g_checksum_get_string (checksum));
  }

  return 0;
}

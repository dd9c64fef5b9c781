/* fuzz-replay.c: runs a fuzz target on saved inputs, without libFuzzer.
 *
 * Usage: fuzz-replay-TARGET [-s TESTPATH] PATH...
 * Each PATH is an input file, or a folder whose files (searched
 * recursively, hidden ones too) are inputs. The test suite runs each
 * target on its seed corpus and its regression inputs in tests/data/fuzz,
 * so a crash once found stays fixed. Prints the number of inputs and
 * exits 0; a failed check aborts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
replay_path (const char *path,
             guint      *count)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      g_assert_no_error (error);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_strdup (name));

      /* A fixed order, so a failure repeats. */
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *child = g_build_filename (path, g_ptr_array_index (names, i), NULL);

          replay_path (child, count);
        }
      return;
    }

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  g_printerr ("%s\n", path);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  (*count)++;
}

int
main (int   argc,
      char *argv[])
{
  guint count = 0;

  if (argc < 2)
    {
      g_printerr ("Usage: %s PATH...\n", argv[0]);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      /* tests/run-valgrind.sh gives every test program GTest's "-s
       * TESTPATH" to skip a test, but there is none to skip here. */
      if (g_str_equal (argv[i], "-s") && i + 1 < argc)
        {
          i++;
          continue;
        }
      replay_path (argv[i], &count);
    }

  g_printerr ("%u inputs replayed\n", count);

  return 0;
}

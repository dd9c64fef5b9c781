/* fuzz-common.h: what the fuzz targets share. Each target defines
 * LLVMFuzzerTestOneInput(); libFuzzer calls it with generated inputs, and
 * fuzz-replay.c with the files of a corpus, so a crash found once stays a
 * test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdint.h>
#include <stdlib.h>

#include <glib.h>
#include <glib/gstdio.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Makes a g_critical() or g_warning() from the code under test fail the
 * input like a crash: each is a bug that a person would never see. */
static inline void
fuzz_make_warnings_fatal (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_FATAL_MASK);
}

/* Calls bounce_parser_init(), whose one-time GMime registrations are
 * leaked by GMime (see there), without LeakSanitizer reporting them. */
#if defined(__has_feature)
#  if __has_feature(address_sanitizer)
#    define FUZZ_HAVE_LSAN 1
#  endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#  define FUZZ_HAVE_LSAN 1
#endif
#ifdef FUZZ_HAVE_LSAN
#  include <sanitizer/lsan_interface.h>
#endif

void bounce_parser_init (void);

static inline void
fuzz_init_parser (void)
{
#ifdef FUZZ_HAVE_LSAN
  __lsan_disable ();
#endif
  bounce_parser_init ();
#ifdef FUZZ_HAVE_LSAN
  __lsan_enable ();
#endif
}

static char *fuzz_dir;

static void
fuzz_remove_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (fuzz_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fuzz_dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fuzz_dir);
}

/* Returns a folder of this process for the files a target writes, in
 * $TMPDIR. The folder is removed at exit. */
static inline const char *
fuzz_get_dir (void)
{
  if (fuzz_dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      fuzz_dir = g_dir_make_tmp ("bounce-fuzz-XXXXXX", &error);
      g_assert_no_error (error);
      atexit (fuzz_remove_dir);
    }

  return fuzz_dir;
}

/* Writes @size bytes of @data to the file @name in fuzz_get_dir() and
 * returns its path. */
static inline char *
fuzz_write_file (const char    *name,
                 const uint8_t *data,
                 size_t         size)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fuzz_get_dir (), name, NULL);

  g_file_set_contents (path, (const char *) data, (gssize) size, &error);
  g_assert_no_error (error);

  return path;
}

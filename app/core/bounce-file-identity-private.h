/* bounce-file-identity-private.h: whether a file that was read changed
 * on disk since.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <glib/gstdio.h>

G_BEGIN_DECLS

/* The stat(2) fields that change when a file is rewritten, replaced or
 * renamed: a write changes the size or the mtime, and ctime also changes
 * on a rename, a new link or a chmod, and when a program sets the mtime
 * back. Times keep their nanoseconds, since two writes within one second
 * are common.
 * NOTE: Linux sets file times from a clock that advances once per timer
 * tick (1 to 10 ms), so a rewrite to the same size within one tick of the
 * read goes unnoticed. */
typedef struct
{
  guint64 device;
  guint64 inode;
  gint64  size;
  gint64  mtime_sec;
  gint64  mtime_nsec;
  gint64  ctime_sec;
  gint64  ctime_nsec;
} BounceFileIdentity;

typedef enum
{
  BOUNCE_FILE_UNCHANGED,
  BOUNCE_FILE_CHANGED,
  BOUNCE_FILE_MISSING,  /* nothing is at the path: the file was moved or deleted */
} BounceFileChange;

void             _bounce_file_identity_init_from_stat (BounceFileIdentity *identity,
                                                       const GStatBuf     *info);
/* Compares @identity with the file open as @fd, read from @path, and
 * with what @path names now. */
BounceFileChange _bounce_file_identity_compare        (const BounceFileIdentity *identity,
                                                       int                       fd,
                                                       const char               *path);

G_END_DECLS

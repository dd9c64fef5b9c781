/* bounce-message-source.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A message larger than this, in a file of its own or in an mbox file,
 * is skipped with a BOUNCE_ERROR_TOO_LARGE error and never read. An mbox
 * file of any size is read. */
#define BOUNCE_MESSAGE_MAX_FILE_SIZE (G_GUINT64_CONSTANT (64) * 1024 * 1024)

/* Called once per message found. @bytes is NULL and @error set when the
 * file could not be read or is not a message (an Outlook .msg file gives
 * BOUNCE_ERROR_OUTLOOK_MSG). Both are set when only part of the message
 * is there: @error, BOUNCE_ERROR_TRUNCATED, names what is missing. Return
 * FALSE to stop the walk. Called on the thread that runs
 * bounce_message_source_foreach(). */
typedef gboolean (*BounceMessageFunc) (const char   *file,
                                       gint64        offset,
                                       guint         index,
                                       GBytes       *bytes,
                                       const GError *error,
                                       gpointer      user_data);

/* Walks @paths: a message file of any name, a folder (recursively, which
 * covers Maildir cur/ and new/), or an mbox file split on its "From "
 * lines with >From unquoted. Only reads: never changes, moves or deletes
 * a message. Streams: at most one file is held in memory at a time (an
 * mbox is mapped, not read whole).
 *
 * Returns FALSE only when @cancellable was cancelled. */
gboolean bounce_message_source_foreach (const char * const *paths,
                                        BounceMessageFunc   func,
                                        gpointer            user_data,
                                        GCancellable       *cancellable,
                                        GError            **error);

/* Identity and change times of a file, from stat(). Writing to a file
 * changes its ctime, so a file whose stamp is the same as before contains
 * the same bytes, unless the write came within the granularity of the
 * file system's time stamps (the scanner allows for that). */
typedef struct
{
  guint64 device;
  guint64 inode;
  gint64  size;
  gint64  mtime_ns;   /* modification time, ns since 1970 */
  gint64  ctime_ns;   /* status change time, ns since 1970 */
} BounceFileStamp;

/* Called before a regular file is opened, with the file's @stamp. Return
 * TRUE to skip reading it: the caller then accounts for it itself. */
typedef gboolean (*BounceFileCheckFunc) (const char            *file,
                                         const BounceFileStamp *stamp,
                                         gpointer               user_data);

/* Walks @paths as bounce_message_source_foreach() does, but calls
 * @check_func on each regular file first, on the same thread, and reads
 * only the files it does not take. */
gboolean bounce_message_source_foreach_checked (const char * const  *paths,
                                                BounceFileCheckFunc  check_func,
                                                BounceMessageFunc    func,
                                                gpointer             user_data,
                                                GCancellable        *cancellable,
                                                GError             **error);

/* Counts the files under @paths, for a progress bar's total; cheap (no
 * file is opened). An mbox counts as one. */
guint    bounce_message_source_count_files (const char * const *paths,
                                            GCancellable       *cancellable);

G_END_DECLS

/* bounce-message-source.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A message larger than this, in a file of its own or in an mbox file,
 * is skipped with a BOUNCE_ERROR_TOO_LARGE error and never read; an mbox
 * file of any size is read. */
#define BOUNCE_MESSAGE_MAX_FILE_SIZE (G_GUINT64_CONSTANT (64) * 1024 * 1024)

/* Called once per message found. @bytes is NULL and @error set when the
 * file could not be read or is not a message (an Outlook .msg file gives
 * BOUNCE_ERROR_OUTLOOK_MSG). Return FALSE to stop the walk. Called on the
 * thread that runs bounce_message_source_foreach(). */
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

/* Counts the files under @paths, for a progress bar's total; cheap (no
 * file is opened). An mbox counts as one. */
guint    bounce_message_source_count_files (const char * const *paths,
                                            GCancellable       *cancellable);

G_END_DECLS

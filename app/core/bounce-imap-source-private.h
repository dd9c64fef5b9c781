/* bounce-imap-source-private.h: the walk over an IMAP folder, for the
 * scanner.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bounce-history.h"
#include "bounce-imap-source.h"
#include "bounce-message-source.h"

G_BEGIN_DECLS

/* Called with the name of a message that an earlier scan read and the
 * history recorded with its records, and the message's hash (SHA-256,
 * 32 bytes). Return FALSE to stop the walk. */
typedef gboolean (*BounceKnownMessageFunc) (const char   *file,
                                            const guint8 *hash,
                                            gpointer      user_data);

/* Connects, examines the folder, searches it and hands each message to
 * @func in UID order, as bounce_message_source_foreach() does for files.
 * With @history and incremental reading on, fetches only the UIDs above
 * the stored state, and with bounce_imap_source_set_include_earlier()
 * hands the earlier messages to @known_func first. Sets *@n_total (atomically) once the number of
 * messages to read is known. Reconnects when the connection drops during
 * the fetch, and fails when that does not help, saying how far it got.
 * Unlike a walk of files, it can fail: see
 * bounce_imap_source_list_folders() for the errors, plus
 * BOUNCE_ERROR_NOT_FOUND for a folder that does not exist. */
gboolean _bounce_imap_source_foreach    (BounceImapSource       *self,
                                         BounceHistory          *history,
                                         guint                  *n_total,
                                         BounceMessageFunc       func,
                                         BounceKnownMessageFunc  known_func,
                                         gpointer                user_data,
                                         GCancellable           *cancellable,
                                         GError                **error);
/* Stores in @history how far the last walk read the folder; call it once
 * the records of the walk are committed. Does nothing after a walk with
 * a date range, a cancelled one, or one that read nothing. */
/* Sets the bytes a server may send in reply to one command, for tests.
 * 0 restores the default, twice the message size limit. */
void     _bounce_imap_source_set_max_reply_bytes (guint64 bytes);

gboolean _bounce_imap_source_save_state (BounceImapSource  *self,
                                         BounceHistory     *history,
                                         GError           **error);

G_END_DECLS

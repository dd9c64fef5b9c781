/* bounce-scanner.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bounce-history.h"
#include "bounce-imap-source.h"
#include "bounce-record.h"

G_BEGIN_DECLS

#define BOUNCE_TYPE_SCANNER (bounce_scanner_get_type ())

G_DECLARE_FINAL_TYPE (BounceScanner, bounce_scanner, BOUNCE, SCANNER, GObject)

/* Called for each record in input order, on the thread that called
 * bounce_scanner_scan(). */
typedef void (*BounceRecordFunc) (BounceRecord *record,
                                  gpointer      user_data);

BounceScanner *bounce_scanner_new              (void);
/* 0 (the default) uses every core. */
void           bounce_scanner_set_n_threads    (BounceScanner       *self,
                                                guint                n_threads);

/* Records every scanned message in @history (NULL: none) and takes the
 * records of messages it has seen from its parse cache instead of parsing
 * them again. Set it before a scan starts. */
void           bounce_scanner_set_history      (BounceScanner       *self,
                                                BounceHistory       *history);

/* With @light, the records of an unchanged mbox that the history
 * recorded come without their diagnostic, remote_mta, subject and
 * original_headers (empty strings). A clean reads none of them, and
 * decoding and copying them was a large share of a clean whose 100,000
 * records all came from the history. Other records are whole. Set it
 * before a scan starts. */
void           bounce_scanner_set_light_records (BounceScanner      *self,
                                                 gboolean            light);

/* Progress, readable from any thread. The "notify" signals of the
 * "messages-read" and "files-total" properties are emitted on the main
 * context of the thread that started an async scan, at most ~20 times a
 * second. files-total is 0 until it is known. */
guint          bounce_scanner_get_messages_read (BounceScanner      *self);
guint          bounce_scanner_get_files_read   (BounceScanner       *self);
guint          bounce_scanner_get_files_total  (BounceScanner       *self);

/* Returns whether the history set on @self recorded every one of @paths
 * as a file with the stamp it has now, so that a scan takes their records
 * from the history without reading them. FALSE without a history, for a
 * folder, a mailbox or a file it has not seen like this. */
gboolean       bounce_scanner_paths_are_recorded (BounceScanner      *self,
                                                  const char * const *paths);

/* Fails when @path, as a person named it, does not exist
 * (BOUNCE_ERROR_NOT_FOUND) or cannot be read at all
 * (BOUNCE_ERROR_UNREADABLE). A folder some of whose files are not
 * messages passes: bounce_scanner_scan() lists those. */
gboolean       bounce_scanner_check_path       (const char          *path,
                                                GError             **error);

/* Parses every message under @paths on all cores, streaming. Returns
 * FALSE only when cancelled; unreadable files become records. */
gboolean       bounce_scanner_scan             (BounceScanner       *self,
                                                const char * const  *paths,
                                                BounceRecordFunc     func,
                                                gpointer             user_data,
                                                GCancellable        *cancellable,
                                                GError             **error);

/* Parses every message of the folder @mailbox names, as the scan of
 * files does; record files are the messages' imaps:// names. With a
 * history, reads only the messages added since the last scan of the
 * folder (see bounce_imap_source_set_incremental()) and stores how far
 * it got, also when the connection failed part way. Returns FALSE with
 * the source's error (bounce-imap-source.h) when the server cannot be
 * read; the records handed out before stay valid. */
gboolean       bounce_scanner_scan_mailbox     (BounceScanner       *self,
                                                BounceImapSource    *mailbox,
                                                BounceRecordFunc     func,
                                                gpointer             user_data,
                                                GCancellable        *cancellable,
                                                GError             **error);

void           bounce_scanner_scan_async       (BounceScanner       *self,
                                                const char * const  *paths,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* files-total becomes the number of messages to read once the server
 * has been searched; finish with bounce_scanner_scan_finish(). */
void           bounce_scanner_scan_mailbox_async (BounceScanner     *self,
                                                  BounceImapSource  *mailbox,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
/* Returns: (transfer full) (element-type BounceRecord): every record. */
GPtrArray     *bounce_scanner_scan_finish      (BounceScanner       *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS

/* bounce-imap-source.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How the connection to the server is protected. */
typedef enum
{
  BOUNCE_IMAP_SECURITY_TLS,       /* TLS from the first byte (imaps, port 993) */
  BOUNCE_IMAP_SECURITY_STARTTLS,  /* plain connection upgraded with STARTTLS (port 143) */
  BOUNCE_IMAP_SECURITY_NONE,      /* no TLS: allowed only to a loopback address */
} BounceImapSecurity;

#define BOUNCE_IMAP_PORT_TLS      993
#define BOUNCE_IMAP_PORT_STARTTLS 143

/* Seconds a connection attempt or a read waits for the server. */
#define BOUNCE_IMAP_DEFAULT_TIMEOUT 30

#define BOUNCE_TYPE_IMAP_SOURCE (bounce_imap_source_get_type ())

G_DECLARE_FINAL_TYPE (BounceImapSource, bounce_imap_source, BOUNCE, IMAP_SOURCE, GObject)

/* A folder on an IMAP server, read with EXAMINE (read-only) and
 * UID FETCH … BODY.PEEK[], so no flag changes and nothing is stored,
 * copied, moved or expunged. Scan it with bounce_scanner_scan_mailbox().
 * The messages are handed out as if read from files named like
 * imaps://jane@imap.example.com/INBOX;UIDVALIDITY=7/;UID=42 (RFC 5092),
 * with CRLF line ends made LF, which is how a Maildir stores them.
 *
 * A source is configured on one thread and then used by one operation
 * at a time. */
BounceImapSource  *bounce_imap_source_new             (const char          *host,
                                                       guint16              port,
                                                       BounceImapSecurity   security,
                                                       const char          *user);
/* Parses imaps://USER@HOST[:PORT][/FOLDER] (TLS) or imap://… (STARTTLS
 * required). A missing port is the scheme's default; a missing folder is
 * INBOX, unless @folder_required is FALSE (folder listing). Fails with
 * BOUNCE_ERROR_INVALID_ARGUMENT for anything else, and for a password in
 * the URL. */
BounceImapSource  *bounce_imap_source_new_for_uri     (const char          *uri,
                                                       GError             **error);
/* TRUE when @text starts with imap:// or imaps://. */
gboolean           bounce_imap_source_is_uri          (const char          *text);

const char        *bounce_imap_source_get_host        (BounceImapSource    *self);
guint16            bounce_imap_source_get_port        (BounceImapSource    *self);
BounceImapSecurity bounce_imap_source_get_security    (BounceImapSource    *self);
void               bounce_imap_source_set_security    (BounceImapSource    *self,
                                                       BounceImapSecurity   security);
const char        *bounce_imap_source_get_user        (BounceImapSource    *self);
void               bounce_imap_source_set_password    (BounceImapSource    *self,
                                                       const char          *password);
/* The folder to scan, in UTF-8 as bounce_imap_source_list_folders()
 * returns it; INBOX by default. */
const char        *bounce_imap_source_get_folder      (BounceImapSource    *self);
void               bounce_imap_source_set_folder      (BounceImapSource    *self,
                                                       const char          *folder);
/* Only messages the server received on or after @since and before
 * @before (IMAP SEARCH SINCE and BEFORE: whole days, in the server's
 * time zone). NULL removes a bound. A scan with a bound neither uses nor
 * updates the stored incremental state. */
void               bounce_imap_source_set_date_range  (BounceImapSource    *self,
                                                       GDate               *since,
                                                       GDate               *before);
/* Accepts a server certificate that fails verification (self-signed, for
 * another name, expired) when its SHA-256 fingerprint is @fingerprint,
 * in any form bounce_imap_normalize_fingerprint() accepts. */
gboolean           bounce_imap_source_set_trusted_fingerprint (BounceImapSource *self,
                                                               const char       *fingerprint,
                                                               GError          **error);
/* Seconds to wait for a connection and for each read (default
 * BOUNCE_IMAP_DEFAULT_TIMEOUT). */
void               bounce_imap_source_set_timeout     (BounceImapSource    *self,
                                                       guint                seconds);
/* With a history, a scan reads only the messages added since the last
 * one (the default). FALSE reads the whole folder again. */
void               bounce_imap_source_set_incremental (BounceImapSource    *self,
                                                       gboolean             incremental);

/* With incremental reading and a history, a scan also hands out the
 * messages earlier scans read and the folder (or date range) still has,
 * with the records the history stored for them, and fetches only the
 * others. Its output is then that of a scan of the whole folder or range
 * (default FALSE: only the new messages). */
void               bounce_imap_source_set_include_earlier (BounceImapSource *self,
                                                           gboolean          include_earlier);

/* "imaps://jane@imap.example.com" (with the port when not the default),
 * the account part of the messages' names. */
char              *bounce_imap_source_dup_account_uri (BounceImapSource    *self);
/* The account URI followed by the folder. */
char              *bounce_imap_source_dup_folder_uri  (BounceImapSource    *self);

/* After a failure with BOUNCE_ERROR_CERTIFICATE: the fingerprint of the
 * certificate that was rejected, as AB:CD:…; else NULL. */
const char        *bounce_imap_source_get_rejected_fingerprint (BounceImapSource *self);

/* Figures of the last scan: the messages the scan set out to fetch, how
 * many of them were handed out (messages taken from the history count
 * in neither), and whether
 * the stored state limited the search to new messages. Readable from any
 * thread while the scan runs. */
guint              bounce_imap_source_get_n_messages  (BounceImapSource    *self);
guint              bounce_imap_source_get_n_read      (BounceImapSource    *self);
gboolean           bounce_imap_source_get_was_incremental (BounceImapSource *self);
/* TRUE when the folder's UIDVALIDITY differed from the stored one, so
 * the whole folder was read again. */
gboolean           bounce_imap_source_get_uidvalidity_changed (BounceImapSource *self);

/* Connects, logs in and lists the folders that can be selected, in
 * UTF-8, INBOX first, then in alphabetical order. Errors as for a scan:
 * BOUNCE_ERROR_AUTHENTICATION, BOUNCE_ERROR_CERTIFICATE, BOUNCE_ERROR_TLS,
 * BOUNCE_ERROR_TIMED_OUT, BOUNCE_ERROR_CONNECTION, BOUNCE_ERROR_INSECURE,
 * BOUNCE_ERROR_FAILED or G_IO_ERROR_CANCELLED. */
GStrv              bounce_imap_source_list_folders    (BounceImapSource    *self,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
void               bounce_imap_source_list_folders_async  (BounceImapSource    *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GStrv              bounce_imap_source_list_folders_finish (BounceImapSource    *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* TRUE when @host names this computer: localhost (and names under
 * .localhost, RFC 6761), an address in 127.0.0.0/8, ::1, or an
 * IPv4-mapped loopback address. A source with BOUNCE_IMAP_SECURITY_NONE
 * connects only to such a host, and checks again that the address it
 * reached is a loopback address. */
gboolean           bounce_imap_host_is_loopback       (const char          *host);
/* TRUE when a login over a connection with @security to @host may send
 * the password: always with TLS or STARTTLS, only to a loopback host
 * without. */
gboolean           bounce_imap_login_is_allowed       (BounceImapSecurity   security,
                                                       const char          *host);
/* Returns @text (64 hex digits, with or without colons, spaces or a
 * "SHA256:" prefix, any case) as AB:CD:…, or NULL when it is not a
 * SHA-256 fingerprint. */
char              *bounce_imap_normalize_fingerprint  (const char          *text);

/* Fetches one message of @folder with UID FETCH BODY.PEEK[], as a scan
 * does, after checking that the folder still has @uidvalidity (0: no
 * check). Fails with BOUNCE_ERROR_NOT_FOUND when the message is gone, or
 * as a scan fails. */
GBytes            *bounce_imap_source_fetch_message   (BounceImapSource    *self,
                                                       const char          *folder,
                                                       guint32              uidvalidity,
                                                       guint32              uid,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
void               bounce_imap_source_fetch_message_async  (BounceImapSource    *self,
                                                            const char          *folder,
                                                            guint32              uidvalidity,
                                                            guint32              uid,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
GBytes            *bounce_imap_source_fetch_message_finish (BounceImapSource    *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* Splits a message name as a source hands out
 * (imaps://jane@imap.example.com/INBOX;UIDVALIDITY=7/;UID=42) into its
 * account URI, folder (UTF-8), UIDVALIDITY (0 when absent) and UID.
 * Returns FALSE for anything else. */
gboolean           bounce_imap_parse_message_uri      (const char          *file,
                                                       char               **account_uri,
                                                       char               **folder,
                                                       guint32             *uidvalidity,
                                                       guint32             *uid);
/* "INBOX, UID 42" for a message name as a source hands out
 * (imaps://…/INBOX;UIDVALIDITY=7/;UID=42), else NULL. Translated. */
char              *bounce_imap_dup_message_label      (const char          *file);
/* @folder for display on one line: control characters become C escapes
 * ("\r", "\n", "\t", "\x1B"), so a name with a line break cannot
 * split a line of output. Other characters are kept as they are. */
char              *bounce_imap_dup_folder_label       (const char          *folder);

/* Modified UTF-7, the encoding of IMAP folder names (RFC 3501 5.1.3).
 * Decoding returns NULL for invalid input. */
char              *bounce_imap_utf7_encode            (const char          *utf8);
char              *bounce_imap_utf7_decode            (const char          *utf7);

G_END_DECLS

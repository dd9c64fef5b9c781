/* imap-server.h: a throw-away Dovecot IMAP server on loopback ports, for
 * the tests that read a mailbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TEST_IMAP_USER     "jane"
#define TEST_IMAP_PASSWORD "correct horse battery"

typedef struct
{
  char        *dir;           /* temporary folder holding everything */
  char        *maildir;       /* the user's Maildir (INBOX) */
  guint16      port;          /* plain IMAP with STARTTLS, on 127.0.0.1 */
  guint16      tls_port;      /* IMAP over TLS, on 127.0.0.1 */
  char        *fingerprint;   /* SHA-256 of the self-signed certificate, as openssl prints it */
  uid_t        mail_uid;      /* owner of the Maildir files */
  gid_t        mail_gid;
  GSubprocess *process;
} TestImapServer;

/* A port of 127.0.0.1 nothing listens on: the kernel's pick for port 0,
 * released again. */
guint16         test_imap_find_free_port       (void);
/* Returns the path of the dovecot program, or NULL when it is not
 * installed (the tests then skip). */
char           *test_imap_server_find_dovecot  (void);
/* Makes a certificate, writes a configuration and starts Dovecot in the
 * foreground, listening only on 127.0.0.1; returns once it accepts
 * logins. Fails the test when it cannot start. */
TestImapServer *test_imap_server_new           (void);
void            test_imap_server_free          (TestImapServer *server);

/* The Maildir of @folder: the user's Maildir for "INBOX", else the
 * Maildir++ subfolder ".NAME" (NAME in modified UTF-7), created when
 * missing. */
char           *test_imap_server_dup_folder    (TestImapServer *server,
                                                const char     *folder);
/* Stores @contents as a message of @folder: in cur/ with the Maildir
 * flags @flags ("S" for \Seen, "" for none), or in new/ when @flags is
 * NULL. @mtime (Unix time, 0 for now) becomes its INTERNALDATE. Returns
 * the path of the file. */
char           *test_imap_server_add_message   (TestImapServer *server,
                                                const char     *folder,
                                                GBytes         *contents,
                                                const char     *flags,
                                                gint64          mtime);
/* Stores every .eml file of the folder @dir as a message of @folder, in
 * name order: every third one in new/, the others in cur/ alternately
 * read (\Seen) and unread. Adds the paths of the files read to @paths
 * when it is not NULL; returns how many were stored. */
guint           test_imap_server_add_folder_of_messages (TestImapServer *server,
                                                         const char     *folder,
                                                         const char     *dir,
                                                         GPtrArray      *paths);
/* Every message file of @folder as "cur/NAME" or "new/NAME" (the flags
 * are part of the name), each followed by "=" and the SHA-256 of its
 * bytes, sorted: equal strings mean an unchanged folder. */
char           *test_imap_server_dup_snapshot  (TestImapServer *server,
                                                const char     *folder);
/* Gives @folder a new UIDVALIDITY, as a server does after its index was
 * rebuilt; returns the new value. */
guint32         test_imap_server_renumber      (TestImapServer *server,
                                                const char     *folder);

/* A TCP relay on 127.0.0.1 in front of the server, for dropped
 * connections: it relays each connection it accepts to @target_port. */
typedef struct _TestRelay TestRelay;

TestRelay      *test_relay_new                 (guint16         target_port);
guint16         test_relay_get_port            (TestRelay      *relay);
/* Cuts the next connection after @cut_after bytes from the server. */
void            test_relay_cut_next            (TestRelay      *relay,
                                                gsize           cut_after);
/* While @refusing, closes each connection right after accepting it,
 * except one that test_relay_cut_next() asked to cut later. */
void            test_relay_set_refusing        (TestRelay      *relay,
                                                gboolean        refusing);
/* Stops relaying the next connection's bytes from the server after
 * @hold_after of them, until test_relay_release(). */
void            test_relay_hold_next           (TestRelay      *relay,
                                                gsize           hold_after);
void            test_relay_release             (TestRelay      *relay);
guint           test_relay_get_n_connections   (TestRelay      *relay);
void            test_relay_free                (TestRelay      *relay);

/* The records as JSON lines without the file, sorted: what a scan
 * found, wherever the messages came from. */
char           *test_imap_dup_verdicts         (GPtrArray      *records);

G_END_DECLS

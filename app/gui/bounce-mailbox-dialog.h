/* bounce-mailbox-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <libsecret/secret.h>

#include "bounce-core.h"

G_BEGIN_DECLS

#define BOUNCE_TYPE_MAILBOX_DIALOG (bounce_mailbox_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BounceMailboxDialog, bounce_mailbox_dialog, BOUNCE, MAILBOX_DIALOG, AdwWindow)

/* Asks for an IMAP server, account, folder and date range, filled in from
 * @settings and the keyring, and emits "open" with a configured
 * BounceImapSource when the person presses Read Mailbox. */
BounceMailboxDialog *bounce_mailbox_dialog_new          (GtkWindow           *parent,
                                                         GSettings           *settings);
/* The source the fields describe, or NULL with @error set when a field
 * is missing or invalid. */
BounceImapSource    *bounce_mailbox_dialog_build_source (BounceMailboxDialog *self,
                                                         GError             **error);
/* Starts loading the folder list from the server, as the refresh button
 * does. */
void                 bounce_mailbox_dialog_load_folders (BounceMailboxDialog *self);

/* Called with TRUE when the person chose to trust the certificate. */
typedef void (*BounceTrustFunc) (gboolean trusted,
                                 gpointer user_data);

/* Shows @error (BOUNCE_ERROR_CERTIFICATE, which contains the fingerprint)
 * and asks whether to trust the certificate of @source's server. On
 * yes, stores its fingerprint in @settings for that server and port, and
 * sets it on @source. */
void                 bounce_mailbox_ask_trust           (GtkWindow           *parent,
                                                         GSettings           *settings,
                                                         BounceImapSource    *source,
                                                         const GError        *error,
                                                         BounceTrustFunc      func,
                                                         gpointer             user_data);
/* Sets on @source the fingerprint @settings trusts for its server, if any. */
void                 bounce_mailbox_apply_trust         (GSettings           *settings,
                                                         BounceImapSource    *source);

/* Keeps @source, password included, in memory while the app runs, so
 * the message window can fetch its messages again. */
void                 bounce_mailbox_remember_source     (BounceImapSource    *source);
/* Looks up the keyring password for @source's server, port and user and
 * returns TRUE, calling @callback when the lookup ends. Returns FALSE
 * without a lookup when Remember Password is off or @settings names
 * another account. */
gboolean             bounce_mailbox_look_up_password    (GSettings           *settings,
                                                         BounceImapSource    *source,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
/* The password found, or NULL when there is none or the lookup failed,
 * which is logged unless it was cancelled. */
char                *bounce_mailbox_look_up_password_finish (GAsyncResult    *result);

/* Drops the sources kept so far, as quitting the app does. */
void                 bounce_mailbox_forget_sources      (void);
/* The source kept for @account_uri (as bounce_imap_source_dup_account_uri()
 * returns it), or NULL. */
BounceImapSource    *bounce_mailbox_lookup_source       (const char          *account_uri);

/* The keyring's schema of mailbox passwords: one item per "server"
 * (host name), "port" and "user", stored only when the person turns on
 * Remember Password. */
const SecretSchema  *bounce_mailbox_get_password_schema (void);

G_END_DECLS

/* bounce-cli-mailbox.h: the mailbox options and password prompt shared by
 * scan, clean and folders.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bounce-core.h"

G_BEGIN_DECLS

/* The environment variable bounce-cli reads a mailbox password from. */
#define BOUNCE_CLI_PASSWORD_VARIABLE "BOUNCE_IMAP_PASSWORD"

/* The mailbox options as parsed by GOption. */
typedef struct
{
  char     *since;
  char     *before;
  char     *trust_fingerprint;
  gboolean  no_tls;
  gboolean  rescan;
  int       timeout;
} BounceCliMailboxOptions;

/* Adds the mailbox options to @context in a group of their own; the date
 * range and --rescan only with @scanning. */
void              bounce_cli_mailbox_options_add   (BounceCliMailboxOptions *options,
                                                    GOptionContext          *context,
                                                    gboolean                 scanning);
void              bounce_cli_mailbox_options_clear (BounceCliMailboxOptions *options);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BounceCliMailboxOptions, bounce_cli_mailbox_options_clear)
/* Checks the option values; on a mistake prints it as a usage error of
 * @command and returns FALSE. */
gboolean          bounce_cli_mailbox_options_check (BounceCliMailboxOptions *options,
                                                    const char              *command);

/* Checks each mailbox address (imaps://, imap://) of @inputs before any
 * connection: its form, and that @options allow its security. Rejects
 * --since and --before when an input is a local path. On a mistake
 * prints it as a usage error of @command and returns FALSE. */
gboolean          bounce_cli_mailbox_check_uris    (BounceCliMailboxOptions *options,
                                                    const char * const      *inputs,
                                                    const char              *command);

/* Makes a source for the mailbox address @uri with the options applied
 * and the password read from $BOUNCE_IMAP_PASSWORD or, on a terminal,
 * asked for without echo. On failure prints why and returns NULL. */
BounceImapSource *bounce_cli_mailbox_open          (BounceCliMailboxOptions *options,
                                                    const char              *uri,
                                                    const char              *command);
/* Prints @error of a mailbox source, followed for an untrusted
 * certificate by how to trust it. */
void              bounce_cli_mailbox_print_error   (const char              *command,
                                                    BounceImapSource        *source,
                                                    const GError            *error);
/* Prints how much of the folder a scan read, to stderr. */
void              bounce_cli_mailbox_print_summary (const char              *command,
                                                    BounceImapSource        *source);

/* Scans @inputs in their order: each run of file and folder paths in one
 * scan, each mailbox address (imaps://, imap://) on its own, handing every
 * record to @func. Prints why a mailbox could not be read, with how far
 * it got, and goes on with the next input unless @stop_on_error. Returns
 * BOUNCE_CLI_EXIT_OK when every input was read, else
 * BOUNCE_CLI_EXIT_INPUT_ERROR. */
int               bounce_cli_scan_inputs           (BounceScanner           *scanner,
                                                    BounceCliMailboxOptions *options,
                                                    const char * const      *inputs,
                                                    const char              *command,
                                                    gboolean                 stop_on_error,
                                                    BounceRecordFunc         func,
                                                    gpointer                 user_data);

G_END_DECLS

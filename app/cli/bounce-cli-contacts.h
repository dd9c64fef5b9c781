/* bounce-cli-contacts.h: contact-file options shared by `bounce-cli
 * contacts` and `bounce-cli clean`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bounce-core.h"

G_BEGIN_DECLS

/* The values of --delimiter, --quote, --encoding, --email-column,
 * --header and --no-header as parsed by GOption. */
typedef struct
{
  char     *delimiter;
  char     *quote;
  char     *encoding;
  char     *email_column;
  gboolean  header;
  gboolean  no_header;
} BounceCliDialectOptions;

/* Adds the options above to the main group of @context. */
void     bounce_cli_dialect_options_add         (BounceCliDialectOptions  *options,
                                                 GOptionContext           *context);
void     bounce_cli_dialect_options_clear       (BounceCliDialectOptions  *options);
/* Fills @dialect from @options; FALSE with a message for bad values. */
gboolean bounce_cli_dialect_options_apply       (BounceCliDialectOptions  *options,
                                                 BounceCsvDialect         *dialect,
                                                 char                    **message);
/* Returns the exit status for @error from loading a contact file read
 * with @dialect: BOUNCE_CLI_EXIT_USAGE when the email column that the
 * command line chose is wrong or missing, else BOUNCE_CLI_EXIT_INPUT_ERROR. */
int      bounce_cli_exit_status_for_load        (const GError             *error,
                                                 const BounceCsvDialect   *dialect);
/* Returns BOUNCE_CLI_EXIT_OK, or prints a usage error that names the
 * candidate columns and returns BOUNCE_CLI_EXIT_USAGE when the list
 * address column of @list was a close call
 * (bounce_contact_list_get_candidate_columns()). A command that writes
 * or judges by the list address must not guess it. */
int      bounce_cli_check_email_column_choice   (const char               *command,
                                                 BounceContactList        *list);
/* Prints each diagnostic of @diagnostics on stderr as "file:line: text". */
void     bounce_cli_print_diagnostics           (GPtrArray                *diagnostics);

G_END_DECLS

/* bounce-cli-history.h: the history options every command takes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bounce-core.h"

G_BEGIN_DECLS

/* The values of --db and --no-history as parsed by GOption. */
typedef struct
{
  char     *db_path;
  gboolean  no_history;
} BounceCliHistoryOptions;

/* Adds --db and --no-history to @context in a group of their own. */
void           bounce_cli_history_options_add   (BounceCliHistoryOptions  *options,
                                                 GOptionContext           *context);
void           bounce_cli_history_options_clear (BounceCliHistoryOptions  *options);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BounceCliHistoryOptions, bounce_cli_history_options_clear)
/* Prints that @command goes on without history because of @error. */
void           bounce_cli_history_warn_going_on (const char               *command,
                                                 const GError             *error);
/* Opens the history as bounce_cli_history_open_optional() does. A
 * failure is returned in @error, not printed: the caller may not go on
 * without the file it was given. Returns NULL without an error with
 * --no-history, and with @read_only when the file does not exist. */
BounceHistory *bounce_cli_history_try_open      (BounceCliHistoryOptions  *options,
                                                 const char               *command,
                                                 gboolean                  read_only,
                                                 GError                  **error);
/* Opens the history @options name (the default file without --db), or
 * returns NULL with --no-history. A file that can be read but not
 * written is opened read-only, with a warning: its suppression list and
 * bounces still count, and nothing is recorded. With @read_only it is
 * always opened so, and a file that does not exist is not created. When
 * it cannot be opened, prints why and that @command goes on without
 * history, and returns NULL. */
BounceHistory *bounce_cli_history_open_optional (BounceCliHistoryOptions  *options,
                                                 const char               *command,
                                                 gboolean                  read_only);
/* The history file @options name: --db, else the default file. */
char          *bounce_cli_history_dup_path      (BounceCliHistoryOptions  *options);
/* Opens the history for a command that reads it; prints why and sets
 * @status when it cannot, and rejects --no-history. With @read_only, a
 * file that does not exist is not created: prints "No history at PATH."
 * and returns NULL with @status left at BOUNCE_CLI_EXIT_OK. */
BounceHistory *bounce_cli_history_open_required (BounceCliHistoryOptions  *options,
                                                 const char               *command,
                                                 gboolean                  read_only,
                                                 int                      *status);
/* Prints a warning when a scan's writes to @history failed. */
void           bounce_cli_history_check_writes  (BounceHistory            *history,
                                                 const char               *command);

G_END_DECLS

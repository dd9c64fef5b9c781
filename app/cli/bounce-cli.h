/* bounce-cli.h: commands of bounce-cli, one file each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses shared by every command. */
#define BOUNCE_CLI_EXIT_OK          0
#define BOUNCE_CLI_EXIT_INPUT_ERROR 1
#define BOUNCE_CLI_EXIT_USAGE       2

/* Each command gets argv with argv[0] set to "bounce-cli COMMAND". */
int bounce_cli_scan     (int argc, char **argv);
int bounce_cli_folders  (int argc, char **argv);
int bounce_cli_clean    (int argc, char **argv);
int bounce_cli_check    (int argc, char **argv);
int bounce_cli_contacts (int argc, char **argv);
int bounce_cli_history  (int argc, char **argv);
int bounce_cli_suppression (int argc, char **argv);
int bounce_cli_kept     (int argc, char **argv);
int bounce_cli_explain  (int argc, char **argv);

void bounce_cli_run_again_with_malloc_slices (void);

/* Prints "bounce-cli COMMAND: MESSAGE" to stderr, with the prefix
 * translated, because French, for one, puts a space before the colon. */
void bounce_cli_print_error (const char *command,
                             const char *message);

/* Flushes standard output and returns whether every write to it
 * succeeded, earlier ones included. Otherwise prints "bounce-cli
 * COMMAND: Could not write the output" with the reason, except when the
 * reader closed the pipe, and returns FALSE. */
gboolean bounce_cli_flush_stdout (const char *command);

/* Prints "bounce-cli COMMAND: MESSAGE" and a hint to use --help to
 * stderr, and returns BOUNCE_CLI_EXIT_USAGE. Every message of bounce-cli
 * after its "bounce-cli COMMAND: " (and "warning: ") prefix is a sentence
 * that starts with a capital letter, unless it starts with an option
 * name such as --output, as the core library's messages do. */
int bounce_cli_usage_error (const char *command,
                            const char *format,
                            ...) G_GNUC_PRINTF (2, 3);

/* Prints @indent spaces, then @label padded with spaces to @width
 * terminal cells, a space and the rest of the line from @format. The
 * padding counts cells, not bytes, so translated labels with accented
 * letters or CJK characters line up. */
void bounce_cli_print_field (FILE       *stream,
                             guint       indent,
                             guint       width,
                             const char *label,
                             const char *format,
                             ...) G_GNUC_PRINTF (5, 6);

/* Prints a line like bounce_cli_print_field() with @count as its value,
 * grouped for the locale as bounce_format_count() does. */
void bounce_cli_print_count (FILE       *stream,
                             guint       indent,
                             guint       width,
                             const char *label,
                             guint       count);

G_END_DECLS

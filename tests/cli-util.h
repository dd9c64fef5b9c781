/* cli-util.h: running the built bounce-cli from the CLI tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What one run of bounce-cli printed and how it exited. */
typedef struct
{
  char *out;
  char *err;
  int   status;  /* the exit status, because a run killed by a signal fails the test */
} CliRun;

void    cli_run_clear     (CliRun              *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

/* The argument vector of bounce-cli ($BOUNCE_CLI, else the one in the
 * build folder): @command when not NULL, then @args, then each further
 * argument up to NULL. */
char  **cli_build_argv    (const char          *command,
                           const char * const  *args,
                           ...) G_GNUC_NULL_TERMINATED;
/* The test's environment with LC_ALL=C.UTF-8, so messages are English. */
char  **cli_build_environ (void);
/* cli_build_environ() with the messages of @language, such as "fr",
 * from the catalogues in the build folder's po/. gettext reads LANGUAGE
 * because the locale is not plain C. */
char  **cli_build_translated_environ (const char *language);
/* Runs @argv with @envp, waits for it and fills @run, which is cleared
 * first. @child_setup may be NULL. */
void    cli_spawn         (CliRun              *run,
                           char               **argv,
                           char               **envp,
                           GSpawnChildSetupFunc child_setup);
/* Runs bounce-cli with @args, then each further argument up to NULL, in
 * the environment of cli_build_environ(). */
void    cli_run           (CliRun              *run,
                           const char * const  *args,
                           ...) G_GNUC_NULL_TERMINATED;

/* cli_run() with @args alone, in the environment of
 * cli_build_translated_environ(). */
void    cli_run_translated (CliRun             *run,
                            const char         *language,
                            const char * const *args);

/* Returns the value of the first line of @out that starts with @label
 * and then blanks, as a label table of bounce-cli prints it, or NULL.
 * The columns' widths depend on the labels, so tests compare values. */
char   *cli_dup_field     (const char          *out,
                           const char          *label);

G_END_DECLS

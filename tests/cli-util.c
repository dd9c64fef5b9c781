/* cli-util.c: running the built bounce-cli from the CLI tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "cli-util.h"

void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  run->status = 0;
}

static char **
build_argv_va (const char         *command,
               const char * const *args,
               va_list             more)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *cli = g_getenv ("BOUNCE_CLI");
  const char *arg;

  if (cli == NULL)
    cli = g_test_get_filename (G_TEST_BUILT, "..", "app", "cli", "bounce-cli", NULL);

  g_strv_builder_add (builder, cli);
  if (command != NULL)
    g_strv_builder_add (builder, command);
  g_strv_builder_addv (builder, (const char **) args);
  while ((arg = va_arg (more, const char *)) != NULL)
    g_strv_builder_add (builder, arg);

  return g_strv_builder_end (builder);
}

char **
cli_build_argv (const char         *command,
                const char * const *args,
                ...)
{
  va_list more;
  char **argv;

  va_start (more, args);
  argv = build_argv_va (command, args, more);
  va_end (more);

  return argv;
}

char **
cli_build_environ (void)
{
  return g_environ_setenv (g_get_environ (), "LC_ALL", "C.UTF-8", TRUE);
}

char **
cli_build_translated_environ (const char *language)
{
  g_autofree char *localedir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  char **envp = cli_build_environ ();

  envp = g_environ_setenv (envp, "LANGUAGE", language, TRUE);

  return g_environ_setenv (envp, "BOUNCE_LOCALEDIR", localedir, TRUE);
}

void
cli_run_translated (CliRun             *run,
                    const char         *language,
                    const char * const *args)
{
  g_auto(GStrv) argv = cli_build_argv (NULL, args, NULL);
  g_auto(GStrv) envp = cli_build_translated_environ (language);

  cli_spawn (run, argv, envp, NULL);
}

void
cli_spawn (CliRun               *run,
           char                **argv,
           char                **envp,
           GSpawnChildSetupFunc  child_setup)
{
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  cli_run_clear (run);
  g_spawn_sync (NULL, argv, envp, G_SPAWN_DEFAULT, child_setup, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);

  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

void
cli_run (CliRun             *run,
         const char * const *args,
         ...)
{
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) envp = cli_build_environ ();
  va_list more;

  va_start (more, args);
  argv = build_argv_va (NULL, args, more);
  va_end (more);

  cli_spawn (run, argv, envp, NULL);
}

char *
cli_dup_field (const char *out,
               const char *label)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  gsize length = strlen (label);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strncmp (lines[i], label, length) != 0 || lines[i][length] != ' ')
        continue;

      return g_strdup (g_strchug (lines[i] + length));
    }

  return NULL;
}

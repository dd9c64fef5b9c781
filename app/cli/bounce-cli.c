/* bounce-cli.c: command dispatch for bounce-cli.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-cli"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "bounce-cli.h"
#include "bounce-cli-table.h"
#include "bounce-format.h"

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "scan", bounce_cli_scan, N_("Read bounce messages and print a verdict per failed recipient") },
  { "folders", bounce_cli_folders, N_("List the folders of an IMAP mailbox") },
  { "clean", bounce_cli_clean, N_("Remove bounced contacts from a CSV file") },
  { "check", bounce_cli_check, N_("Check the addresses of a CSV file without sending: syntax, typos, duplicates") },
  { "contacts", bounce_cli_contacts, N_("Show what was detected in a contact CSV file") },
  { "history", bounce_cli_history, N_("Show the recorded bounces of an address") },
  { "suppression", bounce_cli_suppression, N_("List, export, import or edit the suppression list") },
  { "kept", bounce_cli_kept, N_("List, add or remove the addresses kept in every cleaned list") },
  { "explain", bounce_cli_explain, N_("Explain an SMTP status code or a server’s reply") },
};

void
bounce_cli_print_error (const char *command,
                        const char *message)
{
  /* TRANSLATORS: the first %s is a command such as "clean", the second
   * an error message. French, for one, puts a space before the colon */
  g_printerr (_("bounce-cli %s: %s\n"), command, message);
}

gboolean
bounce_cli_flush_stdout (const char *command)
{
  g_autofree char *message = NULL;
  int saved_errno;

  errno = 0;
  if (fflush (stdout) == 0 && !ferror (stdout))
    return TRUE;
  saved_errno = errno;

  /* A reader that closed the pipe, as `head` does, stopped by choice, so
   * nothing is printed. The exit status still reports the lost output. */
  if (saved_errno == EPIPE)
    return FALSE;

  /* g_print() flushes each call, so a write that failed in it left only
   * the error indicator of stdout, and errno has changed since. */
  if (saved_errno != 0)
    message = g_strdup_printf (_("Could not write the output: %s"), g_strerror (saved_errno));
  else
    message = g_strdup (_("Could not write the output."));
  bounce_cli_print_error (command, message);

  return FALSE;
}

int
bounce_cli_usage_error (const char *command,
                        const char *format,
                        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (command != NULL)
    bounce_cli_print_error (command, message);
  else
    /* TRANSLATORS: %s is an error message */
    g_printerr (_("bounce-cli: %s\n"), message);
  if (command != NULL)
    g_printerr (_("Run “bounce-cli %s --help” for usage.\n"), command);
  else
    g_printerr (_("Run “bounce-cli --help” for usage.\n"));

  return BOUNCE_CLI_EXIT_USAGE;
}

void
bounce_cli_print_field (FILE       *stream,
                        guint       indent,
                        guint       width,
                        const char *label,
                        const char *format,
                        ...)
{
  guint length = bounce_cli_text_width (label);
  va_list args;

  fprintf (stream, "%*s%s%*s ", (int) indent, "", label,
           length < width ? (int) (width - length) : 0, "");

  va_start (args, format);
  vfprintf (stream, format, args);
  va_end (args);
}

void
bounce_cli_print_count (FILE       *stream,
                        guint       indent,
                        guint       width,
                        const char *label,
                        guint       count)
{
  g_autofree char *count_text = bounce_format_count (count);

  bounce_cli_print_field (stream, indent, width, label, "%s\n", count_text);
}

static void
print_help (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: bounce-cli COMMAND [OPTION…] [ARGUMENT…]"));
  fprintf (stream, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “bounce-cli COMMAND --help” for the options of a command."));
}

/* The command line as main() received it, for running the program again. */
static char **original_argv;

/* GLib 2.74 hands out GObjects and other small blocks from its slice
 * allocator's per-thread magazines. Where mimalloc serves malloc() (see
 * the allocator option), a scan on two threads took about a tenth less
 * CPU time with G_SLICE=always-malloc, which sends those blocks to
 * malloc() too. GLib reads G_SLICE when it loads, before main() runs,
 * so the commands that scan set it and run the program again. GLib 2.76
 * and later call malloc() for slices anyway. */
void
bounce_cli_run_again_with_malloc_slices (void)
{
#ifdef BOUNCE_WITH_MIMALLOC
  if (original_argv == NULL || glib_check_version (2, 76, 0) == NULL || g_getenv ("G_SLICE") != NULL)
    return;
  if (!g_setenv ("G_SLICE", "always-malloc", TRUE))
    return;

  execv ("/proc/self/exe", original_argv);

  /* Without /proc the command goes on with the slice allocator. */
  g_debug ("running again with G_SLICE=always-malloc failed: %s", g_strerror (errno));
#endif
}

int
main (int    argc,
      char **argv)
{
  g_auto(GStrv) argv_copy = g_strdupv (argv);
  const char *name;

  /* Commands replace argv[1] below, so the copy keeps the original.
   * `clean` decides after reading its options, from the size of the
   * bounces. The copy is freed when main() returns, so that the leak
   * checker of the sanitizer build does not count it. */
  original_argv = argv_copy;
  if (argc >= 2 && g_str_equal (argv[1], "scan"))
    bounce_cli_run_again_with_malloc_slices ();

  setlocale (LC_ALL, "");
  bounce_format_bind_translations ();

  /* A write past the file-size limit (ulimit -f) then fails with EFBIG,
   * which names the file and removes the temporary ones, in place of
   * SIGXFSZ killing the process without a word. */
  signal (SIGXFSZ, SIG_IGN);

  if (argc < 2)
    {
      print_help (stderr);
      return BOUNCE_CLI_EXIT_USAGE;
    }

  name = argv[1];

  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_help (stdout);
      return BOUNCE_CLI_EXIT_OK;
    }

  if (g_str_equal (name, "--version") || g_str_equal (name, "-V"))
    {
      g_print ("bounce-cli %s\n", PACKAGE_VERSION);
      return BOUNCE_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (name, commands[i].name))
        {
          g_autofree char *program = g_strdup_printf ("bounce-cli %s", name);

          /* Each command parses its own options with GOptionContext,
           * which reads the program name from argv[0]. */
          argv[1] = program;
          return commands[i].run (argc - 1, argv + 1);
        }
    }

  return bounce_cli_usage_error (NULL, _("Unknown command “%s”"), name);
}

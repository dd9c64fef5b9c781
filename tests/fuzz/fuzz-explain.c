/* fuzz-explain.c: `bounce-cli explain` with any arguments: its option
 * parsing, the search for codes in the argument and the catalogue look-up.
 *
 * The input is the command line after "explain", one argument per
 * NUL-separated piece. Besides crashes, an input fails when the command
 * returns an exit status other than 0, 1 or 2. Arguments that ask for
 * --help are left out, because GOption prints the help and exits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "bounce-cli.h"
#include "fuzz-common.h"

/* More arguments add nothing that eight do not reach. */
#define MAX_ARGUMENTS 8

static gboolean
asks_for_help (const char *argument)
{
  if (g_str_has_prefix (argument, "--help"))
    return TRUE;

  /* "-h", "-?" and groups of short options such as "-xh". */
  return argument[0] == '-' && argument[1] != '-' &&
         (strchr (argument, 'h') != NULL || strchr (argument, '?') != NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean initialized = FALSE;
  g_autoptr(GPtrArray) arguments = g_ptr_array_new_with_free_func (g_free);
  g_autofree char **argv = NULL;
  const char *end = (const char *) data + size;
  int status;

  if (!initialized)
    {
      int null_fd = open ("/dev/null", O_WRONLY | O_CLOEXEC);

      /* The explanations go to standard output, which is not checked. */
      g_assert_cmpint (null_fd, >=, 0);
      g_assert_cmpint (dup2 (null_fd, STDOUT_FILENO), ==, STDOUT_FILENO);
      close (null_fd);
      fuzz_make_warnings_fatal ();
      initialized = TRUE;
    }

  g_ptr_array_add (arguments, g_strdup ("bounce-cli explain"));
  for (const char *piece = (const char *) data; piece < end && arguments->len <= MAX_ARGUMENTS;)
    {
      const char *nul = memchr (piece, '\0', end - piece);
      const char *piece_end = nul != NULL ? nul : end;
      char *argument = g_strndup (piece, piece_end - piece);

      if (asks_for_help (argument))
        g_free (argument);
      else
        g_ptr_array_add (arguments, argument);
      piece = piece_end + 1;
    }

  /* GOption reorders and drops entries of argv, so it gets a copy of the
   * pointers and the strings are freed through @arguments. */
  argv = g_new0 (char *, arguments->len + 1);
  memcpy (argv, arguments->pdata, arguments->len * sizeof (char *));

  status = bounce_cli_explain ((int) arguments->len, argv);
  g_assert_true (status == BOUNCE_CLI_EXIT_OK || status == BOUNCE_CLI_EXIT_INPUT_ERROR ||
                 status == BOUNCE_CLI_EXIT_USAGE);

  return 0;
}

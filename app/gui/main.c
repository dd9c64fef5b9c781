/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <signal.h>

#include <glib/gi18n.h>

#include "bounce-application.h"
#include "bounce-format.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BounceApplication) application = NULL;

  setlocale (LC_ALL, "");
  bounce_format_bind_translations ();

  /* A save past the file-size limit (ulimit -f) then fails with EFBIG
   * and a message, in place of SIGXFSZ closing the window. */
  signal (SIGXFSZ, SIG_IGN);

  application = bounce_application_new (G_APPLICATION_DEFAULT_FLAGS);

  return g_application_run (G_APPLICATION (application), argc, argv);
}

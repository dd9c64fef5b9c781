/* bounce-cli-scan.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bounce-cli.h"

/* TODO: being written. */
int
bounce_cli_scan (int argc, char **argv)
{
  return bounce_cli_usage_error ("scan", "not available yet");
}

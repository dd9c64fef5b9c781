/* bounce-cli-contacts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bounce-cli.h"

/* TODO: being written. */
int
bounce_cli_contacts (int argc, char **argv)
{
  return bounce_cli_usage_error ("contacts", "not available yet");
}

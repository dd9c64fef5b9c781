/* bounce-reason.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bounce-reason.h"

/* TODO: being written. */
const char *
bounce_reason_get_description (const char *reason)
{
  return NULL;
}

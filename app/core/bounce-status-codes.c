/* bounce-status-codes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bounce-core.h"

/* TODO: being written. */

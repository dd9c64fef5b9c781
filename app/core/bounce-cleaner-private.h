/* bounce-cleaner-private.h: cleaner settings for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bounce-cleaner.h"

G_BEGIN_DECLS

/* Sets the number of rows from which the verdicts of a contact list are
 * worked out in two halves on two threads. Tests lower it to check that
 * both ways give the same counts and files. */
void _bounce_cleaner_set_split_rows (guint rows);

G_END_DECLS

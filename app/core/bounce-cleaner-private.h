/* bounce-cleaner-private.h: cleaner settings for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bounce-cleaner.h"

G_BEGIN_DECLS

/* Sets the number of rows from which bounce_cleaner_summarize() works
 * out the verdicts of a contact list in two halves on two threads. Tests
 * lower it to check that both ways give the same counts. */
void _bounce_cleaner_set_split_rows (guint rows);

/* Sets the number of rows that bounce_cleaner_write() judges on its
 * judging thread before the writing thread copies them, rounded down to
 * a multiple of 8. Tests lower it to check rows on both sides of a
 * range's end. */
void _bounce_cleaner_set_judge_chunk_rows (guint rows);

G_END_DECLS

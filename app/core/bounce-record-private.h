/* bounce-record-private.h: record construction for readers of stored
 * records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bounce-record.h"

G_BEGIN_DECLS

/* Returns a new record like bounce_record_new() but with every string
 * field but @file NULL, for a reader that sets each of them right away:
 * the rest of Bounce expects a string in each. */
BounceRecord *_bounce_record_new_unset (const char *file);

G_END_DECLS

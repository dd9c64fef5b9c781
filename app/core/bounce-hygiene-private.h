/* bounce-hygiene-private.h: list check results for the cleaner.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bounce-hygiene.h"

G_BEGIN_DECLS

/* Sets in @rows the bit of each row whose list address is invalid, one
 * bit per row (row / 8, 1 << row % 8), as bounce_hygiene_is_invalid()
 * reports it. */
void _bounce_hygiene_mark_invalid_rows (BounceHygiene *self,
                                        guint8        *rows);

/* bounce_address_dup_mailbox_key() of @normalized, or NULL when the key
 * is @normalized itself, which it finds without allocating: the address
 * has no "+tag", no alias domain, and no dots a provider ignores. */
char *_bounce_address_dup_other_mailbox_key (const char *normalized);

/* Whether the mailbox key of @normalized may differ from it: the address
 * has a +tag or a domain whose provider ignores dots or is an alias.
 * Cheaper than _bounce_address_dup_other_mailbox_key(), and never FALSE
 * where that returns a key. */
gboolean _bounce_address_may_have_other_spelling (const char *normalized);

G_END_DECLS

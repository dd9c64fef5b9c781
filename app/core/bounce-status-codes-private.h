/* bounce-status-codes-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bounce-category.h"

G_BEGIN_DECLS

/* Category and reason (a BOUNCE_REASON_* string) implied by a reply code
 * or an enhanced status code alone, with the same fallback as
 * bounce_status_code_lookup(). Returns FALSE when the code is unknown or
 * its meaning depends on the server's text. */
gboolean _bounce_status_code_classify (const char      *code,
                                       BounceCategory  *category,
                                       const char     **reason);

G_END_DECLS

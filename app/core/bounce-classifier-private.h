/* bounce-classifier-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bounce-category.h"

G_BEGIN_DECLS

/* bounce_classify() with the text around the diagnostic (the readable
 * notice of the bounce): it decides when the diagnostic and the codes do
 * not, and tells at which SMTP command the server refused. */
BounceCategory _bounce_classify_with_context (const char  *status,
                                              const char  *reply_code,
                                              const char  *action,
                                              const char  *diagnostic,
                                              const char  *context,
                                              const char **reason);

G_END_DECLS

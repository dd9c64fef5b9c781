/* bounce-classifier.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bounce-category.h"

G_BEGIN_DECLS

/* Decides the category and reason of one failed recipient from its
 * enhanced status code (RFC 3463), reply code (RFC 5321) and the server's
 * diagnostic text. Provider phrases win over bare codes, because codes are
 * often wrong (550 serves both "no such user" and "blocked as spam").
 * @action is the DSN Action ("failed", "delayed", ...) or NULL.
 * @reason receives a static string such as "mailbox-unknown". */
BounceCategory bounce_classify (const char  *status,
                                const char  *reply_code,
                                const char  *action,
                                const char  *diagnostic,
                                const char **reason);

G_END_DECLS

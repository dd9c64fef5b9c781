/* bounce-scanner-private.h: scanner settings for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bounce-scanner.h"

G_BEGIN_DECLS

/* Sets how much older than a scan a file's ctime must be for the history
 * to record the file's stamp, so a rescan can skip reading it. The
 * default is 3 s; tests that rescan files they just wrote set 0. */
void _bounce_scanner_set_file_age_margin (BounceScanner *self,
                                          gint64         margin_ns);

G_END_DECLS

/* bounce-format.h: numbers as people read them in their locale, and text
 * folded for search.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *bounce_format_count (guint count) G_GNUC_WARN_UNUSED_RESULT;
char *bounce_format_fold  (const char *text) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

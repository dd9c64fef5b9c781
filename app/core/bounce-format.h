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
char *bounce_format_date  (GDateTime  *date,
                           const char *format) G_GNUC_WARN_UNUSED_RESULT;

/* Makes the program's messages come from the translations in
 * $BOUNCE_LOCALEDIR when it is set, as `meson devenv` and
 * build-aux/run.sh set it to the build folder's, and from the install
 * prefix's locale folder otherwise. Call it after setlocale(). */
void  bounce_format_bind_translations (void);

G_END_DECLS

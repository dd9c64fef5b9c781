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
/* @date as RFC 3339 text for JSON and CSV cells: "2024-03-05T09:00:00Z",
 * "2024-03-05T09:00:00-08:00", with ".ffffff" after a fraction of a
 * second. g_date_time_format_iso8601() writes "-08", which RFC 3339 and
 * JavaScript's Date reject. An offset with seconds becomes UTC. */
char *bounce_format_rfc3339 (GDateTime *date) G_GNUC_WARN_UNUSED_RESULT;
GDateTime *bounce_format_parse_header_date (const char *value,
                                            gboolean   *invalid_offset) G_GNUC_WARN_UNUSED_RESULT;

/* Makes the program's messages come from the translations in
 * $BOUNCE_LOCALEDIR when it is set, as `meson devenv` and
 * build-aux/run.sh set it to the build folder's, and from the install
 * prefix's locale folder otherwise. Call it after setlocale(). */
void  bounce_format_bind_translations (void);

G_END_DECLS

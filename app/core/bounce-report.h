/* bounce-report.h: the summary as a self-contained HTML page and as CSV
 * figures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bounce-insight.h"

G_BEGIN_DECLS

/* Contacts a finding lists by name in the HTML report; the rest are
 * counted. */
#define BOUNCE_REPORT_MAX_LISTED 100

/* The HTML page: figures, findings with the contacts behind them, and
 * the charts as PNG images in data: URIs, so the one file shows
 * everything offline. Every text that comes from the contact file or
 * the messages is escaped. */
char     *bounce_report_dup_html   (BounceInsight  *insight,
                                    GError        **error);
/* The figures as CSV (RFC 4180) with the header
 * "section,name,category,value,text": one line per figure, category
 * count, domain and category, day and category, and finding. */
char     *bounce_report_dup_csv    (BounceInsight  *insight);

/* Write the page or the CSV to @path through a temporary file renamed
 * into place. Fail with BOUNCE_ERROR_WRITE naming @path, or with the
 * error of bounce_clean_check_output_file() when @path is a device, a
 * pipe or a folder. */
gboolean  bounce_report_write_html (BounceInsight  *insight,
                                    const char     *path,
                                    GError        **error);
gboolean  bounce_report_write_csv  (BounceInsight  *insight,
                                    const char     *path,
                                    GError        **error);

G_END_DECLS

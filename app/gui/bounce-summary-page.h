/* bounce-summary-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bounce-core.h"

G_BEGIN_DECLS

#define BOUNCE_TYPE_SUMMARY_PAGE (bounce_summary_page_get_type ())

G_DECLARE_FINAL_TYPE (BounceSummaryPage, bounce_summary_page, BOUNCE, SUMMARY_PAGE, AdwBin)

/* The Summary page: the figures of a BounceInsight, its findings as rows
 * that emit "finding-activated" with the finding's index, and its
 * charts. */
GtkWidget     *bounce_summary_page_new         (void);
/* Shows @insight; NULL shows the empty state. */
void           bounce_summary_page_set_insight (BounceSummaryPage *self,
                                                BounceInsight     *insight);
BounceInsight *bounce_summary_page_get_insight (BounceSummaryPage *self);

G_END_DECLS

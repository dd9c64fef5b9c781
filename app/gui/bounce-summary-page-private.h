/* bounce-summary-page-private.h: the Summary page's widgets, for the
 * window's tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bounce-summary-page.h"

G_BEGIN_DECLS

struct _BounceSummaryPage
{
  AdwBin          parent_instance;

  BounceInsight  *insight;

  /* Template widgets. */
  GtkStack       *stack;
  GtkLabel       *title_label;
  GtkFlowBox     *figures_box;
  GtkLabel       *findings_heading;
  GtkListBox     *findings_list;
  GtkBox         *charts_box;

  GtkWidget      *charts[3];
  GtkWidget      *chart_titles[3];
};

G_END_DECLS

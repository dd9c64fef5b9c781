/* bounce-chart-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bounce-core.h"

G_BEGIN_DECLS

#define BOUNCE_TYPE_CHART_VIEW (bounce_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (BounceChartView, bounce_chart_view, BOUNCE, CHART_VIEW, GtkWidget)

/* A widget that draws one chart of the core's bounce-chart with the
 * widget's font, in the badge colours of the light or dark style. */
GtkWidget     *bounce_chart_view_new         (BounceChartKind  kind);
void           bounce_chart_view_set_insight (BounceChartView *self,
                                              BounceInsight   *insight);
BounceInsight *bounce_chart_view_get_insight (BounceChartView *self);

G_END_DECLS

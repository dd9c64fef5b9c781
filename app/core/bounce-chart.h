/* bounce-chart.h: the summary's charts, drawn with cairo for the app's
 * summary page and for the PNG images of the HTML report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "bounce-insight.h"

G_BEGIN_DECLS

typedef enum
{
  BOUNCE_CHART_CATEGORIES, /* a bar per category */
  BOUNCE_CHART_DOMAINS,    /* the top recipient domains, stacked by category */
  BOUNCE_CHART_DAYS,       /* reports per day, stacked by category */
} BounceChartKind;

typedef struct
{
  double red, green, blue;
} BounceColor;

/* The colours of a chart. The category colours are the hues of the
 * badges in data/style.css and data/style-dark.css. */
typedef struct
{
  BounceColor text;
  BounceColor grid;
  BounceColor categories[BOUNCE_CATEGORY_LAST];
} BounceChartPalette;

void     bounce_chart_palette_init (BounceChartPalette       *palette,
                                    gboolean                  dark);
/* TRUE when @insight has something for a chart of @kind to show. */
gboolean bounce_chart_has_data     (BounceInsight            *insight,
                                    BounceChartKind           kind);
/* The height in pixels a chart of @kind needs at @width. */
int      bounce_chart_get_height   (BounceInsight            *insight,
                                    BounceChartKind           kind,
                                    int                       width);
/* Draws the chart into the @width x @height box at the origin of @cr,
 * with text in @font (a Pango font description such as "Cantarell 11";
 * NULL for "Sans 10"). */
void     bounce_chart_draw         (BounceInsight            *insight,
                                    BounceChartKind           kind,
                                    cairo_t                  *cr,
                                    int                       width,
                                    int                       height,
                                    const BounceChartPalette *palette,
                                    const char               *font);
/* The chart as a PNG image @width pixels wide, on a white background,
 * drawn at @scale (2 for sharp images on high-density screens). */
GBytes  *bounce_chart_render_png   (BounceInsight            *insight,
                                    BounceChartKind           kind,
                                    int                       width,
                                    int                       scale,
                                    GError                  **error);
/* A translated sentence that describes what the chart shows, for the
 * alternative text of its image. */
char    *bounce_chart_dup_description (BounceInsight         *insight,
                                       BounceChartKind        kind);

G_END_DECLS

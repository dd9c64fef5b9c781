/* bounce-chart-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-chart-view"

#include "config.h"

#include <adwaita.h>

#include "bounce-chart-view.h"

struct _BounceChartView
{
  GtkWidget        parent_instance;

  BounceInsight   *insight;
  BounceChartKind  kind;
};

G_DEFINE_FINAL_TYPE (BounceChartView, bounce_chart_view, GTK_TYPE_WIDGET)

/* The widget's own font, so chart labels match the labels around them. */
static char *
dup_font (BounceChartView *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *description = pango_context_get_font_description (context);

  return description != NULL ? pango_font_description_to_string (description) : NULL;
}

static void
bounce_chart_view_update_accessible (BounceChartView *self)
{
  g_autofree char *description = NULL;

  if (self->insight == NULL)
    return;

  description = bounce_chart_dup_description (self->insight, self->kind);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static GtkSizeRequestMode
bounce_chart_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
bounce_chart_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  BounceChartView *self = BOUNCE_CHART_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 600;
      return;
    }

  if (self->insight == NULL || !bounce_chart_has_data (self->insight, self->kind))
    {
      *minimum = *natural = 0;
      return;
    }

  *minimum = *natural = bounce_chart_get_height (self->insight, self->kind, for_size > 0 ? for_size : 600);
}

static void
bounce_chart_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  BounceChartView *self = BOUNCE_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autofree char *font = NULL;
  BounceChartPalette palette;
  cairo_t *cr;

  if (self->insight == NULL || width <= 0 || height <= 0)
    return;

  font = dup_font (self);
  bounce_chart_palette_init (&palette, adw_style_manager_get_dark (adw_style_manager_get_default ()));
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  bounce_chart_draw (self->insight, self->kind, cr, width, height, &palette, font);
  cairo_destroy (cr);
}

static void
dark_changed_cb (BounceChartView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
bounce_chart_view_dispose (GObject *object)
{
  BounceChartView *self = BOUNCE_CHART_VIEW (object);

  g_clear_object (&self->insight);

  G_OBJECT_CLASS (bounce_chart_view_parent_class)->dispose (object);
}

static void
bounce_chart_view_class_init (BounceChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bounce_chart_view_dispose;

  widget_class->get_request_mode = bounce_chart_view_get_request_mode;
  widget_class->measure = bounce_chart_view_measure;
  widget_class->snapshot = bounce_chart_view_snapshot;

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bounce_chart_view_init (BounceChartView *self)
{
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
bounce_chart_view_new (BounceChartKind kind)
{
  BounceChartView *self = g_object_new (BOUNCE_TYPE_CHART_VIEW, NULL);

  self->kind = kind;

  return GTK_WIDGET (self);
}

void
bounce_chart_view_set_insight (BounceChartView *self,
                               BounceInsight   *insight)
{
  g_return_if_fail (BOUNCE_IS_CHART_VIEW (self));
  g_return_if_fail (insight == NULL || BOUNCE_IS_INSIGHT (insight));

  if (!g_set_object (&self->insight, insight))
    return;

  bounce_chart_view_update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

BounceInsight *
bounce_chart_view_get_insight (BounceChartView *self)
{
  g_return_val_if_fail (BOUNCE_IS_CHART_VIEW (self), NULL);

  return self->insight;
}

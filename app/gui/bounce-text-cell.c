/* bounce-text-cell.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-text-cell"

#include "config.h"

#include "bounce-gui-util.h"
#include "bounce-text-cell.h"

struct _BounceTextCell
{
  GtkWidget  parent_instance;

  char      *text;
  char      *display_text;  /* text on one line, as drawn */
  char      *tooltip;
  int        width_chars;
};

G_DEFINE_FINAL_TYPE (BounceTextCell, bounce_text_cell, GTK_TYPE_WIDGET)

/* Sizes of one font, in pixels. */
typedef struct
{
  PangoFontDescription *font;
  double                resolution;
  int                   line_height;
  int                   char_width;
} FontSize;

/* pango_context_get_metrics() costs more than laying out a short line,
 * and the cells of a list use one or two fonts. The cache is used on the
 * main thread only, as widgets are. */
static const FontSize *
lookup_font_size (GtkWidget *widget)
{
  static FontSize sizes[4];
  static guint next_slot;
  PangoContext *context = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *font = pango_context_get_font_description (context);
  double resolution = pango_cairo_context_get_resolution (context);
  g_autoptr(PangoLayout) layout = NULL;
  PangoFontMetrics *metrics;
  FontSize *size;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    if (sizes[i].font != NULL && sizes[i].resolution == resolution
        && pango_font_description_equal (sizes[i].font, font))
      return &sizes[i];

  size = &sizes[next_slot];
  next_slot = (next_slot + 1) % G_N_ELEMENTS (sizes);
  g_clear_pointer (&size->font, pango_font_description_free);
  size->font = pango_font_description_copy (font);
  size->resolution = resolution;

  /* A line with an ascender and a descender is as high as a GtkLabel of
   * one line. The character width is the one GtkLabel uses for
   * "width-chars". */
  layout = pango_layout_new (context);
  pango_layout_set_text (layout, "Ag", -1);
  pango_layout_get_pixel_size (layout, NULL, &size->line_height);
  metrics = pango_context_get_metrics (context, font, NULL);
  size->char_width = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                          pango_font_metrics_get_approximate_digit_width (metrics));
  pango_font_metrics_unref (metrics);

  return size;
}

static void
bounce_text_cell_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  BounceTextCell *self = BOUNCE_TEXT_CELL (widget);
  const FontSize *size = lookup_font_size (widget);

  /* The text is cut with "…" to any width. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 0;
      *natural = PANGO_PIXELS_CEIL (size->char_width * self->width_chars);
    }
  else
    *minimum = *natural = size->line_height;
}

static void
bounce_text_cell_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  BounceTextCell *self = BOUNCE_TEXT_CELL (widget);
  g_autoptr(PangoLayout) layout = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int text_height;
  GdkRGBA color;

  if (self->text == NULL || self->text[0] == '\0' || width <= 0)
    return;

  /* A layout from the widget follows its CSS font and text direction. */
  layout = gtk_widget_create_pango_layout (widget, self->display_text);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_get_pixel_size (layout, NULL, &text_height);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, (height - text_height) / 2));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static gboolean
bounce_text_cell_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard_tooltip,
                                GtkTooltip *tooltip)
{
  BounceTextCell *self = BOUNCE_TEXT_CELL (widget);

  if (self->tooltip == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, self->tooltip);

  return TRUE;
}

static void
bounce_text_cell_finalize (GObject *object)
{
  BounceTextCell *self = (BounceTextCell *)object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->display_text, g_free);
  g_clear_pointer (&self->tooltip, g_free);

  G_OBJECT_CLASS (bounce_text_cell_parent_class)->finalize (object);
}

static void
bounce_text_cell_class_init (BounceTextCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bounce_text_cell_finalize;

  widget_class->measure = bounce_text_cell_measure;
  widget_class->snapshot = bounce_text_cell_snapshot;
  widget_class->query_tooltip = bounce_text_cell_query_tooltip;

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
bounce_text_cell_init (BounceTextCell *self)
{
}

GtkWidget *
bounce_text_cell_new (int width_chars)
{
  BounceTextCell *self = g_object_new (BOUNCE_TYPE_TEXT_CELL, NULL);

  self->width_chars = MAX (width_chars, 0);

  return GTK_WIDGET (self);
}

void
bounce_text_cell_take_text (BounceTextCell *self,
                            char           *text)
{
  g_return_if_fail (BOUNCE_IS_TEXT_CELL (self));

  if (g_strcmp0 (text, self->text) == 0)
    {
      g_free (text);
      return;
    }

  g_free (self->text);
  self->text = text;
  g_free (self->display_text);
  self->display_text = text != NULL ? bounce_gui_dup_one_line (text) : NULL;

  /* The size does not depend on the text, so a redraw is enough. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

void
bounce_text_cell_set_text (BounceTextCell *self,
                           const char     *text)
{
  g_return_if_fail (BOUNCE_IS_TEXT_CELL (self));

  bounce_text_cell_take_text (self, g_strdup (text));
}

const char *
bounce_text_cell_get_text (BounceTextCell *self)
{
  g_return_val_if_fail (BOUNCE_IS_TEXT_CELL (self), NULL);

  return self->text != NULL ? self->text : "";
}

void
bounce_text_cell_set_tooltip (BounceTextCell *self,
                              const char     *tooltip)
{
  g_return_if_fail (BOUNCE_IS_TEXT_CELL (self));

  if (tooltip != NULL && tooltip[0] == '\0')
    tooltip = NULL;
  if (g_strcmp0 (tooltip, self->tooltip) == 0)
    return;

  g_free (self->tooltip);
  self->tooltip = g_strdup (tooltip);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), tooltip != NULL);
}

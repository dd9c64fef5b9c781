/* bounce-chart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-chart"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "bounce-chart.h"
#include "bounce-error.h"
#include "bounce-format.h"

#define PADDING       8
#define BAR_GAP       6   /* between bar rows, and between columns of the day chart */
#define SWATCH_SIZE   10  /* the coloured square of a legend entry */
#define PLOT_HEIGHT   160 /* the columns of the day chart */
#define DEFAULT_FONT  "Sans 10"

typedef struct
{
  cairo_t                  *cr;
  PangoLayout              *layout;
  const BounceChartPalette *palette;
  int                       width;
  int                       line_height;
} Context;

static void
set_color (cairo_t           *cr,
           const BounceColor *color)
{
  cairo_set_source_rgb (cr, color->red, color->green, color->blue);
}

static BounceColor
color_from_hex (guint32 rgb)
{
  BounceColor color = {
    ((rgb >> 16) & 0xff) / 255.0,
    ((rgb >> 8) & 0xff) / 255.0,
    (rgb & 0xff) / 255.0,
  };

  return color;
}

void
bounce_chart_palette_init (BounceChartPalette *palette,
                           gboolean            dark)
{
  g_return_if_fail (palette != NULL);

  /* The GNOME palette colours the badges use: see .badge-* in
   * data/style.css and data/style-dark.css. */
  palette->text = color_from_hex (dark ? 0xeeeeee : 0x303030);
  palette->grid = color_from_hex (dark ? 0x5e5c64 : 0xc0bfbc);
  for (guint i = 0; i < BOUNCE_CATEGORY_LAST; i++)
    palette->categories[i] = color_from_hex (dark ? 0xc0bfbc : 0x77767b);
  palette->categories[BOUNCE_CATEGORY_HARD] = color_from_hex (0xe01b24);
  palette->categories[BOUNCE_CATEGORY_COMPLAINT] = color_from_hex (dark ? 0xc01c28 : 0xa51d2d);
  palette->categories[BOUNCE_CATEGORY_BLOCKED] = color_from_hex (dark ? 0xc061cb : 0x9141ac);
  palette->categories[BOUNCE_CATEGORY_SOFT] = color_from_hex (0xf5c211);
  palette->categories[BOUNCE_CATEGORY_DELAYED] = color_from_hex (0x3584e4);
}

/* Text */

static void
context_init (Context                  *context,
              cairo_t                  *cr,
              const BounceChartPalette *palette,
              int                       width,
              const char               *font)
{
  PangoFontDescription *description = pango_font_description_from_string (font != NULL ? font : DEFAULT_FONT);
  int height;

  context->cr = cr;
  context->palette = palette;
  context->width = width;
  context->layout = pango_cairo_create_layout (cr);
  pango_layout_set_font_description (context->layout, description);
  pango_font_description_free (description);

  pango_layout_set_text (context->layout, "0Ag", -1);
  pango_layout_get_pixel_size (context->layout, NULL, &height);
  context->line_height = height;
}

static void
context_clear (Context *context)
{
  g_clear_object (&context->layout);
}

static int
text_width (Context    *context,
            const char *text)
{
  int width;

  pango_layout_set_width (context->layout, -1);
  pango_layout_set_text (context->layout, text, -1);
  pango_layout_get_pixel_size (context->layout, &width, NULL);

  return width;
}

/* Draws @text with its left edge at @x (or its right edge, when
 * @align_right), centred on @y, cut with an ellipsis at @max_width
 * (-1 for no limit). */
static void
draw_text (Context    *context,
           const char *text,
           double      x,
           double      y,
           int         max_width,
           gboolean    align_right)
{
  int width, height;

  pango_layout_set_text (context->layout, text, -1);
  pango_layout_set_ellipsize (context->layout, max_width > 0 ? PANGO_ELLIPSIZE_MIDDLE : PANGO_ELLIPSIZE_NONE);
  pango_layout_set_width (context->layout, max_width > 0 ? max_width * PANGO_SCALE : -1);
  pango_layout_get_pixel_size (context->layout, &width, &height);

  set_color (context->cr, &context->palette->text);
  cairo_move_to (context->cr, align_right ? x - width : x, y - height / 2.0);
  pango_cairo_show_layout (context->cr, context->layout);
  pango_layout_set_ellipsize (context->layout, PANGO_ELLIPSIZE_NONE);
}

static int
row_height (Context *context)
{
  return MAX (context->line_height + BAR_GAP, 22);
}

/* Legend */

/* The categories a stacked chart shows: those with a count. */
static guint
legend_categories (const guint     counts[BOUNCE_CATEGORY_LAST],
                   BounceCategory  shown[BOUNCE_CATEGORY_LAST])
{
  const BounceCategory *categories = bounce_insight_chart_categories ();
  guint n = 0;

  for (guint i = 0; categories[i] != BOUNCE_CATEGORY_LAST; i++)
    if (counts[categories[i]] > 0)
      shown[n++] = categories[i];

  return n;
}

/* Lays out the legend in lines that fit the width, draws it when @draw
 * is TRUE, and returns its height. */
static int
legend (Context              *context,
        const BounceCategory *shown,
        guint                 n_shown,
        gboolean              draw)
{
  double x = PADDING;
  double y = PADDING + context->line_height / 2.0;

  for (guint i = 0; i < n_shown; i++)
    {
      const char *title = bounce_category_get_title (shown[i]);
      int entry = SWATCH_SIZE + 4 + text_width (context, title) + 16;

      if (x > PADDING && x + entry > context->width - PADDING)
        {
          x = PADDING;
          y += context->line_height + 4;
        }

      if (draw)
        {
          set_color (context->cr, &context->palette->categories[shown[i]]);
          cairo_rectangle (context->cr, x, y - SWATCH_SIZE / 2.0, SWATCH_SIZE, SWATCH_SIZE);
          cairo_fill (context->cr);
          draw_text (context, title, x + SWATCH_SIZE + 4, y, -1, FALSE);
        }
      x += entry;
    }

  return (int) (y + context->line_height / 2.0) + PADDING;
}

/* The totals by category of every bar of a stacked chart. */
static void
sum_domains (GPtrArray *domains,
             guint      totals[BOUNCE_CATEGORY_LAST])
{
  memset (totals, 0, sizeof (guint) * BOUNCE_CATEGORY_LAST);
  for (guint i = 0; i < domains->len; i++)
    for (guint category = 0; category < BOUNCE_CATEGORY_LAST; category++)
      totals[category] += ((BounceInsightDomain *) domains->pdata[i])->counts[category];
}

static void
sum_days (GArray *days,
          guint   totals[BOUNCE_CATEGORY_LAST])
{
  memset (totals, 0, sizeof (guint) * BOUNCE_CATEGORY_LAST);
  for (guint i = 0; i < days->len; i++)
    for (guint category = 0; category < BOUNCE_CATEGORY_LAST; category++)
      totals[category] += g_array_index (days, BounceInsightDay, i).counts[category];
}

/* The category chart */

static char *
format_count_share (guint  count,
                    guint  total)
{
  g_autofree char *rate = bounce_insight_format_rate (total > 0 ? (double) count / total : 0);

  return g_strdup_printf ("%u · %s", count, rate);
}

static int
categories_height (Context *context)
{
  const BounceCategory *categories = bounce_insight_chart_categories ();
  guint n = 0;

  while (categories[n] != BOUNCE_CATEGORY_LAST)
    n++;

  return 2 * PADDING + n * row_height (context);
}

static void
draw_categories (Context       *context,
                 BounceInsight *insight)
{
  const BounceInsightFigures *figures = bounce_insight_get_figures (insight);
  const BounceCategory *categories = bounce_insight_chart_categories ();
  int label_width = 0;
  int value_width = 0;
  guint max_count = 1;
  int bar_left, bar_space;

  for (guint i = 0; categories[i] != BOUNCE_CATEGORY_LAST; i++)
    {
      g_autofree char *value = format_count_share (figures->contact_counts[categories[i]], figures->addresses);

      label_width = MAX (label_width, text_width (context, bounce_category_get_title (categories[i])));
      value_width = MAX (value_width, text_width (context, value));
      max_count = MAX (max_count, figures->contact_counts[categories[i]]);
    }

  bar_left = PADDING + label_width + 12;
  bar_space = MAX (context->width - bar_left - value_width - 12 - PADDING, 20);

  for (guint i = 0; categories[i] != BOUNCE_CATEGORY_LAST; i++)
    {
      guint count = figures->contact_counts[categories[i]];
      g_autofree char *value = format_count_share (count, figures->addresses);
      double y = PADDING + i * row_height (context);
      double middle = y + row_height (context) / 2.0;
      double length = count > 0 ? MAX (2.0, (double) bar_space * count / max_count) : 0;

      draw_text (context, bounce_category_get_title (categories[i]), PADDING, middle, label_width, FALSE);

      set_color (context->cr, &context->palette->grid);
      cairo_rectangle (context->cr, bar_left, y + BAR_GAP / 2.0, 1, row_height (context) - BAR_GAP);
      cairo_fill (context->cr);

      set_color (context->cr, &context->palette->categories[categories[i]]);
      cairo_rectangle (context->cr, bar_left, y + BAR_GAP / 2.0, length, row_height (context) - BAR_GAP);
      cairo_fill (context->cr);

      draw_text (context, value, bar_left + length + 6, middle, -1, FALSE);
    }
}

/* The domain chart */

static int
domains_height (Context       *context,
                BounceInsight *insight)
{
  GPtrArray *domains = bounce_insight_get_domains (insight);
  BounceCategory shown[BOUNCE_CATEGORY_LAST];
  guint totals[BOUNCE_CATEGORY_LAST];

  sum_domains (domains, totals);

  return legend (context, shown, legend_categories (totals, shown), FALSE) +
         domains->len * row_height (context) + PADDING;
}

static void
draw_domains (Context       *context,
              BounceInsight *insight)
{
  GPtrArray *domains = bounce_insight_get_domains (insight);
  const BounceCategory *categories = bounce_insight_chart_categories ();
  BounceCategory shown[BOUNCE_CATEGORY_LAST];
  guint totals[BOUNCE_CATEGORY_LAST];
  int label_width = 0;
  int value_width = 0;
  guint max_total = 1;
  int top, bar_left, bar_space;

  sum_domains (domains, totals);
  top = legend (context, shown, legend_categories (totals, shown), TRUE);

  for (guint i = 0; i < domains->len; i++)
    {
      const BounceInsightDomain *domain = domains->pdata[i];
      g_autofree char *value = g_strdup_printf ("%u", domain->total);

      label_width = MAX (label_width, text_width (context, domain->domain));
      value_width = MAX (value_width, text_width (context, value));
      max_total = MAX (max_total, domain->total);
    }

  /* Long domain names are cut in the middle, so the bars keep room. */
  label_width = MIN (label_width, context->width * 2 / 5);
  bar_left = PADDING + label_width + 12;
  bar_space = MAX (context->width - bar_left - value_width - 12 - PADDING, 20);

  for (guint i = 0; i < domains->len; i++)
    {
      const BounceInsightDomain *domain = domains->pdata[i];
      g_autofree char *value = g_strdup_printf ("%u", domain->total);
      double y = top + i * row_height (context);
      double middle = y + row_height (context) / 2.0;
      double x = bar_left;

      draw_text (context, domain->domain, PADDING, middle, label_width, FALSE);

      for (guint j = 0; categories[j] != BOUNCE_CATEGORY_LAST; j++)
        {
          double length = (double) bar_space * domain->counts[categories[j]] / max_total;

          if (length <= 0)
            continue;
          set_color (context->cr, &context->palette->categories[categories[j]]);
          cairo_rectangle (context->cr, x, y + BAR_GAP / 2.0, length, row_height (context) - BAR_GAP);
          cairo_fill (context->cr);
          x += length;
        }

      draw_text (context, value, x + 6, middle, -1, FALSE);
    }
}

/* The day chart */

static char *
format_day (const BounceInsightDay *day)
{
  g_autoptr(GDateTime) date = g_date_time_new_utc (day->year, day->month, day->day, 0, 0, 0);

  /* TRANSLATORS: a day on the axis of the day chart, as in "14 Mar";
   * see g_date_time_format() for the codes. */
  return bounce_format_date (date, _("%-d %b"));
}

static int
days_height (Context       *context,
             BounceInsight *insight)
{
  GArray *days = bounce_insight_get_days (insight);
  BounceCategory shown[BOUNCE_CATEGORY_LAST];
  guint totals[BOUNCE_CATEGORY_LAST];

  sum_days (days, totals);

  return legend (context, shown, legend_categories (totals, shown), FALSE) +
         PLOT_HEIGHT + context->line_height + 2 * PADDING;
}

static void
draw_days (Context       *context,
           BounceInsight *insight)
{
  GArray *days = bounce_insight_get_days (insight);
  const BounceCategory *categories = bounce_insight_chart_categories ();
  BounceCategory shown[BOUNCE_CATEGORY_LAST];
  guint totals[BOUNCE_CATEGORY_LAST];
  g_autofree char *max_label = NULL;
  guint max_total = 1;
  int top, plot_left, plot_width, label_every, widest_label = 0;
  double column_width;

  sum_days (days, totals);
  top = legend (context, shown, legend_categories (totals, shown), TRUE);

  for (guint i = 0; i < days->len; i++)
    {
      g_autofree char *label = format_day (&g_array_index (days, BounceInsightDay, i));

      max_total = MAX (max_total, g_array_index (days, BounceInsightDay, i).total);
      widest_label = MAX (widest_label, text_width (context, label));
    }

  /* The y axis: a line at the top value and one at zero. */
  max_label = g_strdup_printf ("%u", max_total);
  plot_left = PADDING + text_width (context, max_label) + 8;
  plot_width = MAX (context->width - plot_left - PADDING, 20);
  column_width = (double) plot_width / MAX (days->len, 1);
  label_every = (int) ceil ((widest_label + 8) / column_width);

  set_color (context->cr, &context->palette->grid);
  cairo_rectangle (context->cr, plot_left, top, plot_width, 1);
  cairo_rectangle (context->cr, plot_left, top + PLOT_HEIGHT, plot_width, 1);
  cairo_fill (context->cr);
  draw_text (context, max_label, plot_left - 6, top, -1, TRUE);
  draw_text (context, "0", plot_left - 6, top + PLOT_HEIGHT, -1, TRUE);

  for (guint i = 0; i < days->len; i++)
    {
      const BounceInsightDay *day = &g_array_index (days, BounceInsightDay, i);
      double x = plot_left + i * column_width + MIN (BAR_GAP / 2.0, column_width / 4);
      double bar_width = MAX (column_width - MIN (BAR_GAP, column_width / 2), 1);
      double bottom = top + PLOT_HEIGHT;

      for (guint j = 0; categories[j] != BOUNCE_CATEGORY_LAST; j++)
        {
          double length = (double) PLOT_HEIGHT * day->counts[categories[j]] / max_total;

          if (length <= 0)
            continue;
          set_color (context->cr, &context->palette->categories[categories[j]]);
          cairo_rectangle (context->cr, x, bottom - length, bar_width, length);
          cairo_fill (context->cr);
          bottom -= length;
        }

      if (i % label_every == 0)
        {
          g_autofree char *label = format_day (day);
          int width = text_width (context, label);

          draw_text (context, label, x + bar_width / 2 - width / 2.0,
                     top + PLOT_HEIGHT + PADDING + context->line_height / 2.0, -1, FALSE);
        }
    }
}

/* Public API */

gboolean
bounce_chart_has_data (BounceInsight   *insight,
                       BounceChartKind  kind)
{
  g_return_val_if_fail (BOUNCE_IS_INSIGHT (insight), FALSE);

  switch (kind)
    {
    case BOUNCE_CHART_CATEGORIES:
      return bounce_insight_get_figures (insight)->addresses > 0;
    case BOUNCE_CHART_DOMAINS:
      return bounce_insight_get_domains (insight)->len > 0;
    case BOUNCE_CHART_DAYS:
      return bounce_insight_get_days (insight)->len > 0;
    default:
      g_return_val_if_reached (FALSE);
    }
}

static int
chart_height (Context         *context,
              BounceInsight   *insight,
              BounceChartKind  kind)
{
  switch (kind)
    {
    case BOUNCE_CHART_CATEGORIES:
      return categories_height (context);
    case BOUNCE_CHART_DOMAINS:
      return domains_height (context, insight);
    case BOUNCE_CHART_DAYS:
      return days_height (context, insight);
    default:
      g_return_val_if_reached (0);
    }
}

int
bounce_chart_get_height (BounceInsight   *insight,
                         BounceChartKind  kind,
                         int              width)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  BounceChartPalette palette;
  Context context;
  int height;

  g_return_val_if_fail (BOUNCE_IS_INSIGHT (insight), 0);

  /* Text is measured on a scratch surface, as no drawing target exists
   * yet when a widget measures itself. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);
  bounce_chart_palette_init (&palette, FALSE);
  context_init (&context, cr, &palette, width, NULL);
  height = chart_height (&context, insight, kind);
  context_clear (&context);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return height;
}

void
bounce_chart_draw (BounceInsight            *insight,
                   BounceChartKind           kind,
                   cairo_t                  *cr,
                   int                       width,
                   int                       height,
                   const BounceChartPalette *palette,
                   const char               *font)
{
  Context context;

  g_return_if_fail (BOUNCE_IS_INSIGHT (insight));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (palette != NULL);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  context_init (&context, cr, palette, width, font);

  switch (kind)
    {
    case BOUNCE_CHART_CATEGORIES:
      draw_categories (&context, insight);
      break;
    case BOUNCE_CHART_DOMAINS:
      draw_domains (&context, insight);
      break;
    case BOUNCE_CHART_DAYS:
      draw_days (&context, insight);
      break;
    default:
      g_warn_if_reached ();
    }

  context_clear (&context);
  cairo_restore (cr);
}

static cairo_status_t
append_png_cb (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  g_byte_array_append (closure, data, length);

  return CAIRO_STATUS_SUCCESS;
}

GBytes *
bounce_chart_render_png (BounceInsight    *insight,
                         BounceChartKind   kind,
                         int               width,
                         int               scale,
                         GError          **error)
{
  g_autoptr(GByteArray) png = g_byte_array_new ();
  BounceChartPalette palette;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int height;

  g_return_val_if_fail (BOUNCE_IS_INSIGHT (insight), NULL);
  g_return_val_if_fail (width > 0 && scale > 0, NULL);

  height = bounce_chart_get_height (insight, kind, width);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width * scale, height * scale);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  bounce_chart_palette_init (&palette, FALSE);
  bounce_chart_draw (insight, kind, cr, width, height, &palette, NULL);
  cairo_destroy (cr);

  status = cairo_surface_write_to_png_stream (surface, append_png_cb, png);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_FAILED,
                   _("Could not draw the chart: %s"), cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

/* Each count gets its own plural form, so "1 hard bounce" reads right. */
static char *
dup_categories_description (const BounceInsightFigures *figures)
{
  const guint *counts = figures->contact_counts;
  g_autofree char *hard = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hard bounce", "%u hard bounces",
                                                        counts[BOUNCE_CATEGORY_HARD]),
                                           counts[BOUNCE_CATEGORY_HARD]);
  g_autofree char *complaints = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u complaint", "%u complaints",
                                                              counts[BOUNCE_CATEGORY_COMPLAINT]),
                                                 counts[BOUNCE_CATEGORY_COMPLAINT]);
  /* TRANSLATORS: contacts whose mail was blocked, "3 blocked" */
  g_autofree char *blocked = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u blocked", "%u blocked",
                                                           counts[BOUNCE_CATEGORY_BLOCKED]),
                                              counts[BOUNCE_CATEGORY_BLOCKED]);
  g_autofree char *soft = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u soft bounce", "%u soft bounces",
                                                        counts[BOUNCE_CATEGORY_SOFT]),
                                           counts[BOUNCE_CATEGORY_SOFT]);
  /* TRANSLATORS: contacts whose bounce could not be classified, "3 unclear" */
  g_autofree char *unclear = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unclear", "%u unclear",
                                                           counts[BOUNCE_CATEGORY_UNKNOWN]),
                                              counts[BOUNCE_CATEGORY_UNKNOWN]);

  /* TRANSLATORS: the five counts above, in the order hard bounces,
   * complaints, blocked, soft bounces, unclear */
  return g_strdup_printf (_("Contacts by the worst kind of bounce: %s, %s, %s, %s and %s."),
                          hard, complaints, blocked, soft, unclear);
}

char *
bounce_chart_dup_description (BounceInsight   *insight,
                              BounceChartKind  kind)
{
  const BounceInsightFigures *figures;
  GArray *days;

  g_return_val_if_fail (BOUNCE_IS_INSIGHT (insight), NULL);

  figures = bounce_insight_get_figures (insight);
  days = bounce_insight_get_days (insight);

  switch (kind)
    {
    case BOUNCE_CHART_CATEGORIES:
      return dup_categories_description (figures);
    case BOUNCE_CHART_DOMAINS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The recipient domain with the most bounced contacts, split by kind of bounce.",
                                           "The %u recipient domains with the most bounced contacts, split by kind of bounce.",
                                           bounce_insight_get_domains (insight)->len),
                              bounce_insight_get_domains (insight)->len);
    case BOUNCE_CHART_DAYS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Bounces and complaints per day, over %u day.",
                                           "Bounces and complaints per day, over %u days.",
                                           days->len),
                              days->len);
    default:
      g_return_val_if_reached (NULL);
    }
}

/* bounce-wrap-box.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-wrap-box"

#include "config.h"

#include "bounce-wrap-box.h"

struct _BounceWrapBox
{
  GtkWidget parent_instance;

  int       spacing;
  int       row_spacing;
};

G_DEFINE_FINAL_TYPE (BounceWrapBox, bounce_wrap_box, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SPACING,
  PROP_ROW_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Places the visible children in lines of at most @width pixels and
 * returns the height they take. Each child gets its natural width, cut
 * to @width but never below its minimum width. When @allocate is TRUE,
 * the children are also allocated there, mirrored for right-to-left
 * text. */
static int
bounce_wrap_box_lay_out (BounceWrapBox *self,
                         int            width,
                         gboolean       natural_height,
                         gboolean       allocate)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  GtkWidget *line_start = NULL;
  int x = 0;
  int y = 0;
  int line_height = 0;
  gboolean first_line = TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);; child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0;
      int child_nat = 0;
      int child_width = 0;
      int height_min = 0;
      int height_nat = 0;

      if (child != NULL && !gtk_widget_should_layout (child))
        continue;

      if (child != NULL)
        {
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
          child_width = MAX (child_min, MIN (child_nat, width));
        }

      /* A line ends before the child that does not fit, or at the end. */
      if (line_start != NULL && (child == NULL || x + child_width > width))
        {
          int line_x = 0;

          for (GtkWidget *placed = line_start; placed != child; placed = gtk_widget_get_next_sibling (placed))
            {
              int placed_min = 0;
              int placed_nat = 0;
              int placed_width;

              if (!gtk_widget_should_layout (placed))
                continue;

              gtk_widget_measure (placed, GTK_ORIENTATION_HORIZONTAL, -1, &placed_min, &placed_nat, NULL, NULL);
              placed_width = MAX (placed_min, MIN (placed_nat, width));
              if (allocate)
                {
                  GtkAllocation allocation = {
                    .x = rtl ? width - line_x - placed_width : line_x,
                    .y = y,
                    .width = placed_width,
                    .height = line_height,
                  };

                  gtk_widget_size_allocate (placed, &allocation, -1);
                }
              line_x += placed_width + self->spacing;
            }

          y += line_height;
          x = 0;
          line_height = 0;
          line_start = NULL;
          first_line = FALSE;
        }

      if (child == NULL)
        break;

      if (line_start == NULL)
        {
          line_start = child;
          if (!first_line)
            y += self->row_spacing;
        }

      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_width, &height_min, &height_nat, NULL, NULL);
      line_height = MAX (line_height, natural_height ? height_nat : height_min);
      x += child_width + self->spacing;
    }

  return y;
}

static GtkSizeRequestMode
bounce_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* At the minimum width every child has a line of its own, and at the
 * natural width they all share one. */
static void
bounce_wrap_box_measure_width (BounceWrapBox *self,
                               int           *minimum,
                               int           *natural)
{
  int n_children = 0;

  *minimum = 0;
  *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0;
      int child_nat = 0;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
      *minimum = MAX (*minimum, child_min);
      *natural += child_nat;
      n_children++;
    }
  if (n_children > 1)
    *natural += (n_children - 1) * self->spacing;
}

static void
bounce_wrap_box_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  BounceWrapBox *self = BOUNCE_WRAP_BOX (widget);
  int min_width = 0;
  int nat_width = 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      bounce_wrap_box_measure_width (self, minimum, natural);
      return;
    }

  /* Without a width, the height is that of the narrowest layout, the
   * tallest one. */
  if (for_size < 0)
    bounce_wrap_box_measure_width (self, &min_width, &nat_width);
  else
    min_width = for_size;

  *minimum = bounce_wrap_box_lay_out (self, min_width, FALSE, FALSE);
  *natural = bounce_wrap_box_lay_out (self, min_width, TRUE, FALSE);
}

static void
bounce_wrap_box_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  bounce_wrap_box_lay_out (BOUNCE_WRAP_BOX (widget), width, TRUE, TRUE);
}

static void
bounce_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bounce_wrap_box_parent_class)->dispose (object);
}

static void
bounce_wrap_box_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BounceWrapBox *self = BOUNCE_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    case PROP_ROW_SPACING:
      g_value_set_int (value, self->row_spacing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bounce_wrap_box_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BounceWrapBox *self = BOUNCE_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      if (self->spacing != g_value_get_int (value))
        {
          self->spacing = g_value_get_int (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_ROW_SPACING:
      if (self->row_spacing != g_value_get_int (value))
        {
          self->row_spacing = g_value_get_int (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bounce_wrap_box_class_init (BounceWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bounce_wrap_box_dispose;
  object_class->get_property = bounce_wrap_box_get_property;
  object_class->set_property = bounce_wrap_box_set_property;

  widget_class->get_request_mode = bounce_wrap_box_get_request_mode;
  widget_class->measure = bounce_wrap_box_measure;
  widget_class->size_allocate = bounce_wrap_box_size_allocate;

  /* The gap between two children of a line, in pixels. */
  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The gap between two lines, in pixels. */
  properties[PROP_ROW_SPACING] =
    g_param_spec_int ("row-spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "box");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bounce_wrap_box_init (BounceWrapBox *self)
{
}

GtkWidget *
bounce_wrap_box_new (void)
{
  return g_object_new (BOUNCE_TYPE_WRAP_BOX, NULL);
}

void
bounce_wrap_box_append (BounceWrapBox *self,
                        GtkWidget     *child)
{
  g_return_if_fail (BOUNCE_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

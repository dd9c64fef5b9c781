/* bounce-status-cell.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-status-cell"

#include "config.h"

#include <glib/gi18n.h>

#include "bounce-gui-util.h"
#include "bounce-status-cell.h"
#include "bounce-text-cell.h"

struct _BounceStatusCell
{
  GtkWidget       parent_instance;

  GtkWidget      *badge;
  GtkWidget      *reason;
  GtkWidget      *removed;
  GtkWidget      *damaged;

  /* BOUNCE_CATEGORY_LAST until the first verdict. */
  BounceCategory  category;
  /* The style class of the badge shown in place of the category's, such
   * as "badge-invalid", or NULL. A static string. */
  const char     *badge_class;
};

G_DEFINE_FINAL_TYPE (BounceStatusCell, bounce_status_cell, GTK_TYPE_WIDGET)

/* The icons' tooltips never change. With gtk_widget_set_tooltip_text(),
 * each new row would query the pointer position from the display. */
static gboolean
query_icon_tooltip_cb (GtkWidget  *icon,
                       int         x,
                       int         y,
                       gboolean    keyboard_tooltip,
                       GtkTooltip *tooltip,
                       const char *text)
{
  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static GtkWidget *
create_icon (BounceStatusCell *self,
             const char       *icon_name,
             const char       *css_class,
             const char       *label,
             const char       *tooltip)
{
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (icon, css_class);
  gtk_widget_set_has_tooltip (icon, TRUE);
  g_signal_connect (icon, "query-tooltip", G_CALLBACK (query_icon_tooltip_cb), (gpointer) tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_visible (icon, FALSE);
  gtk_widget_set_parent (icon, GTK_WIDGET (self));

  return icon;
}

#define SPACING 6

/* The children in the order they are laid out. */
static void
get_children (BounceStatusCell *self,
              GtkWidget        *children[4])
{
  children[0] = self->badge;
  children[1] = self->reason;
  children[2] = self->removed;
  children[3] = self->damaged;
}

static void
bounce_status_cell_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  BounceStatusCell *self = BOUNCE_STATUS_CELL (widget);
  GtkWidget *children[4];
  guint n_visible = 0;

  get_children (self, children);
  *minimum = *natural = 0;

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      int child_minimum;
      int child_natural;

      if (!gtk_widget_get_visible (children[i]))
        continue;

      gtk_widget_measure (children[i], orientation, -1, &child_minimum, &child_natural, NULL, NULL);
      n_visible++;

      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          /* The explanation can shrink to nothing. */
          *minimum += children[i] == self->reason ? 0 : child_minimum;
          *natural += child_natural;
        }
      else
        {
          *minimum = MAX (*minimum, child_minimum);
          *natural = MAX (*natural, child_natural);
        }
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL && n_visible > 1)
    {
      *minimum += SPACING * (int) (n_visible - 1);
      *natural += SPACING * (int) (n_visible - 1);
    }
}

/* The icons keep their width whatever the column's width, because they
 * mark what happens to the contact. The explanation gives up its width
 * first, then the badge, which is cut with "…": a translated badge such
 * as "Rebond permanent" can take most of the column. */
static void
bounce_status_cell_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  BounceStatusCell *self = BOUNCE_STATUS_CELL (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  GtkWidget *children[4];
  int widths[4] = { 0 };
  int left = width;
  int x = 0;
  guint n_visible = 0;

  get_children (self, children);

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    if (gtk_widget_get_visible (children[i]))
      n_visible++;
  if (n_visible > 1)
    left -= SPACING * (int) (n_visible - 1);

  /* Icons first, then the badge, then the explanation gets the rest. */
  for (guint i = 2; i < G_N_ELEMENTS (children); i++)
    if (gtk_widget_get_visible (children[i]))
      {
        gtk_widget_measure (children[i], GTK_ORIENTATION_HORIZONTAL, -1, NULL, &widths[i], NULL, NULL);
        left -= widths[i];
      }
  if (gtk_widget_get_visible (self->badge))
    {
      int badge_minimum;
      int badge_natural;

      gtk_widget_measure (self->badge, GTK_ORIENTATION_HORIZONTAL, -1, &badge_minimum, &badge_natural, NULL, NULL);
      widths[0] = MAX (badge_minimum, MIN (badge_natural, left));
      left -= widths[0];
    }
  widths[1] = MAX (left, 0);

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      if (!gtk_widget_get_visible (children[i]))
        continue;

      gtk_widget_size_allocate (children[i],
                                &(GtkAllocation) { rtl ? width - x - widths[i] : x, 0, widths[i], height },
                                -1);
      x += widths[i] + SPACING;
    }
}

static void
bounce_status_cell_dispose (GObject *object)
{
  BounceStatusCell *self = (BounceStatusCell *)object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bounce_status_cell_parent_class)->dispose (object);
}

static void
bounce_status_cell_class_init (BounceStatusCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bounce_status_cell_dispose;

  widget_class->measure = bounce_status_cell_measure;
  widget_class->size_allocate = bounce_status_cell_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "box");
}

static void
bounce_status_cell_init (BounceStatusCell *self)
{
  self->category = BOUNCE_CATEGORY_LAST;

  self->badge = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (self->badge), PANGO_ELLIPSIZE_END);
  gtk_widget_set_valign (self->badge, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->badge, FALSE);
  gtk_widget_set_parent (self->badge, GTK_WIDGET (self));

  self->reason = bounce_text_cell_new (18);
  gtk_widget_add_css_class (self->reason, "reason-label");
  gtk_widget_set_parent (self->reason, GTK_WIDGET (self));

  self->removed = create_icon (self, "user-trash-symbolic", "removed-icon",
                               /* TRANSLATORS: the accessible name of the icon that marks a
                                * contact the cleaned list leaves out */
                               C_("row mark", "Removed"), _("Left out of the cleaned list"));
  self->damaged = create_icon (self, "dialog-warning-symbolic", "warning",
                               _("Damaged line"), _("This line could not be read reliably, so it is never removed"));
}

GtkWidget *
bounce_status_cell_new (void)
{
  return g_object_new (BOUNCE_TYPE_STATUS_CELL, NULL);
}

void
bounce_status_cell_set_verdict (BounceStatusCell *self,
                                BounceCategory    category,
                                const char       *description,
                                const char       *tooltip,
                                gboolean          removed,
                                gboolean          damaged)
{
  g_return_if_fail (BOUNCE_IS_STATUS_CELL (self));

  /* A new badge class restyles the badge, so only a change sets it. */
  if (category != self->category)
    {
      if (self->badge_class == NULL)
        bounce_gui_badge_set_category (GTK_LABEL (self->badge), category);
      self->category = category;
    }

  bounce_text_cell_set_text (BOUNCE_TEXT_CELL (self->reason), description);
  bounce_text_cell_set_tooltip (BOUNCE_TEXT_CELL (self->reason), tooltip);
  gtk_widget_set_visible (self->removed, removed);
  gtk_widget_set_visible (self->damaged, damaged);
}

void
bounce_status_cell_set_badge (BounceStatusCell *self,
                              BounceStatusBadge badge_kind)
{
  GtkLabel *badge;
  const char *badge_class = NULL;
  const char *text = NULL;

  g_return_if_fail (BOUNCE_IS_STATUS_CELL (self));

  if (badge_kind == BOUNCE_STATUS_BADGE_INVALID)
    {
      badge_class = "badge-invalid";
      /* TRANSLATORS: the badge of a contact whose address is invalid */
      text = C_("row status", "Invalid");
    }
  else if (badge_kind == BOUNCE_STATUS_BADGE_TO_CHECK)
    {
      badge_class = "badge-to-check";
      text = bounce_gui_get_to_check_badge_text ();
    }

  if (g_strcmp0 (badge_class, self->badge_class) == 0)
    return;

  self->badge_class = badge_class;
  badge = GTK_LABEL (self->badge);
  if (badge_class == NULL)
    bounce_gui_badge_set_category (badge, self->category);
  else
    bounce_gui_badge_set_text (badge, badge_class, text);
}

const char *
bounce_status_cell_get_badge_text (BounceStatusCell *self)
{
  g_return_val_if_fail (BOUNCE_IS_STATUS_CELL (self), NULL);

  if (!gtk_widget_get_visible (self->badge))
    return NULL;

  return gtk_label_get_text (GTK_LABEL (self->badge));
}

BounceCategory
bounce_status_cell_get_category (BounceStatusCell *self)
{
  g_return_val_if_fail (BOUNCE_IS_STATUS_CELL (self), BOUNCE_CATEGORY_LAST);

  return self->category;
}

const char *
bounce_status_cell_get_description (BounceStatusCell *self)
{
  g_return_val_if_fail (BOUNCE_IS_STATUS_CELL (self), NULL);

  return bounce_text_cell_get_text (BOUNCE_TEXT_CELL (self->reason));
}

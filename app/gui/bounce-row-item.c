/* bounce-row-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-row-item"

#include "config.h"

#include "bounce-row-item.h"

struct _BounceRowItem
{
  GObject parent_instance;
  guint   row;
};

G_DEFINE_FINAL_TYPE (BounceRowItem, bounce_row_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bounce_row_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BounceRowItem *self = BOUNCE_ROW_ITEM (object);

  switch (prop_id)
    {
    case PROP_ROW:
      g_value_set_uint (value, self->row);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bounce_row_item_class_init (BounceRowItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = bounce_row_item_get_property;

  properties[PROP_ROW] =
    g_param_spec_uint ("row", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bounce_row_item_init (BounceRowItem *self)
{
}

BounceRowItem *
bounce_row_item_new (guint row)
{
  BounceRowItem *self = g_object_new (BOUNCE_TYPE_ROW_ITEM, NULL);

  self->row = row;

  return self;
}

guint
bounce_row_item_get_row (BounceRowItem *self)
{
  g_return_val_if_fail (BOUNCE_IS_ROW_ITEM (self), 0);

  return self->row;
}

void
bounce_row_item_set_row (BounceRowItem *self,
                         guint          row,
                         gboolean       force)
{
  g_return_if_fail (BOUNCE_IS_ROW_ITEM (self));

  if (row == self->row && !force)
    return;

  self->row = row;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROW]);
}

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

static void
bounce_row_item_class_init (BounceRowItemClass *klass)
{
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

/* bounce-record-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-record-item"

#include "config.h"

#include "bounce-record-item.h"

struct _BounceRecordItem
{
  GObject       parent_instance;
  BounceRecord *record;
};

G_DEFINE_FINAL_TYPE (BounceRecordItem, bounce_record_item, G_TYPE_OBJECT)

static void
bounce_record_item_finalize (GObject *object)
{
  BounceRecordItem *self = (BounceRecordItem *)object;

  g_clear_pointer (&self->record, bounce_record_unref);

  G_OBJECT_CLASS (bounce_record_item_parent_class)->finalize (object);
}

static void
bounce_record_item_class_init (BounceRecordItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bounce_record_item_finalize;
}

static void
bounce_record_item_init (BounceRecordItem *self)
{
}

BounceRecordItem *
bounce_record_item_new (BounceRecord *record)
{
  BounceRecordItem *self;

  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (BOUNCE_TYPE_RECORD_ITEM, NULL);
  self->record = bounce_record_ref (record);

  return self;
}

BounceRecord *
bounce_record_item_get_record (BounceRecordItem *self)
{
  g_return_val_if_fail (BOUNCE_IS_RECORD_ITEM (self), NULL);

  return self->record;
}

/* bounce-record-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-record-list"

#include "config.h"

#include "bounce-record-item.h"
#include "bounce-record-list.h"

struct _BounceRecordList
{
  GObject    parent_instance;
  GPtrArray *records;
};

static GType
bounce_record_list_get_item_type (GListModel *model)
{
  return BOUNCE_TYPE_RECORD_ITEM;
}

static guint
bounce_record_list_get_n_items (GListModel *model)
{
  BounceRecordList *self = BOUNCE_RECORD_LIST (model);

  return self->records->len;
}

static gpointer
bounce_record_list_get_item (GListModel *model,
                             guint       position)
{
  BounceRecordList *self = BOUNCE_RECORD_LIST (model);

  if (position >= self->records->len)
    return NULL;

  return bounce_record_item_new (g_ptr_array_index (self->records, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = bounce_record_list_get_item_type;
  iface->get_n_items = bounce_record_list_get_n_items;
  iface->get_item = bounce_record_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (BounceRecordList, bounce_record_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
bounce_record_list_finalize (GObject *object)
{
  BounceRecordList *self = (BounceRecordList *)object;

  g_clear_pointer (&self->records, g_ptr_array_unref);

  G_OBJECT_CLASS (bounce_record_list_parent_class)->finalize (object);
}

static void
bounce_record_list_class_init (BounceRecordListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bounce_record_list_finalize;
}

static void
bounce_record_list_init (BounceRecordList *self)
{
}

BounceRecordList *
bounce_record_list_new (GPtrArray *records)
{
  BounceRecordList *self;

  g_return_val_if_fail (records != NULL, NULL);

  self = g_object_new (BOUNCE_TYPE_RECORD_LIST, NULL);
  self->records = g_ptr_array_ref (records);

  return self;
}

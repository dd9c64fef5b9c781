/* bounce-suppression-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-suppression-item"

#include "config.h"

#include <string.h>

#include "bounce-address.h"
#include "bounce-suppression-item.h"

struct _BounceSuppressionItem
{
  GObject            parent_instance;

  BounceSuppression *entry;
  char              *cause;
  char              *address_key;  /* made on first use */
};

G_DEFINE_FINAL_TYPE (BounceSuppressionItem, bounce_suppression_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ADDRESS,
  PROP_CAUSE,
  PROP_SINCE,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bounce_suppression_item_finalize (GObject *object)
{
  BounceSuppressionItem *self = (BounceSuppressionItem *)object;

  g_clear_pointer (&self->entry, bounce_suppression_free);
  g_clear_pointer (&self->cause, g_free);
  g_clear_pointer (&self->address_key, g_free);

  G_OBJECT_CLASS (bounce_suppression_item_parent_class)->finalize (object);
}

static void
bounce_suppression_item_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  BounceSuppressionItem *self = BOUNCE_SUPPRESSION_ITEM (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      g_value_set_string (value, self->entry->address);
      break;

    case PROP_CAUSE:
      g_value_set_string (value, self->cause);
      break;

    case PROP_SINCE:
      g_value_set_int64 (value, self->entry->since);
      break;

    case PROP_SOURCE:
      g_value_set_string (value, self->entry->source);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bounce_suppression_item_class_init (BounceSuppressionItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bounce_suppression_item_finalize;
  object_class->get_property = bounce_suppression_item_get_property;

  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAUSE] =
    g_param_spec_string ("cause", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SINCE] =
    g_param_spec_int64 ("since", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bounce_suppression_item_init (BounceSuppressionItem *self)
{
}

BounceSuppressionItem *
bounce_suppression_item_new (BounceSuppression *entry)
{
  BounceSuppressionItem *self;

  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (BOUNCE_TYPE_SUPPRESSION_ITEM, NULL);
  self->entry = entry;
  self->cause = bounce_suppression_dup_cause (entry);

  return self;
}

const BounceSuppression *
bounce_suppression_item_get_entry (BounceSuppressionItem *self)
{
  g_return_val_if_fail (BOUNCE_IS_SUPPRESSION_ITEM (self), NULL);

  return self->entry;
}

const char *
bounce_suppression_item_get_cause (BounceSuppressionItem *self)
{
  g_return_val_if_fail (BOUNCE_IS_SUPPRESSION_ITEM (self), NULL);

  return self->cause;
}

int
bounce_suppression_item_compare_addresses (BounceSuppressionItem *a,
                                           BounceSuppressionItem *b)
{
  int order;

  g_return_val_if_fail (BOUNCE_IS_SUPPRESSION_ITEM (a), 0);
  g_return_val_if_fail (BOUNCE_IS_SUPPRESSION_ITEM (b), 0);

  /* A key is made once per item, because a long list is sorted with many
   * comparisons per item. */
  if (a->address_key == NULL)
    a->address_key = bounce_address_dup_sort_key (a->entry->address);
  if (b->address_key == NULL)
    b->address_key = bounce_address_dup_sort_key (b->entry->address);

  order = strcmp (a->address_key, b->address_key);
  if (order == 0)
    order = strcmp (a->entry->address, b->entry->address);

  return order;
}

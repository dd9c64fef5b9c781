/* bounce-record-item.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "bounce-record.h"

G_BEGIN_DECLS

#define BOUNCE_TYPE_RECORD_ITEM (bounce_record_item_get_type ())

G_DECLARE_FINAL_TYPE (BounceRecordItem, bounce_record_item, BOUNCE, RECORD_ITEM, GObject)

/* A bounce record as a list item, for the unmatched-bounces view. */
BounceRecordItem *bounce_record_item_new        (BounceRecord     *record);
BounceRecord     *bounce_record_item_get_record (BounceRecordItem *self);

G_END_DECLS

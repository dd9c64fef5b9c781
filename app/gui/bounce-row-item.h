/* bounce-row-item.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BOUNCE_TYPE_ROW_ITEM (bounce_row_item_get_type ())

G_DECLARE_FINAL_TYPE (BounceRowItem, bounce_row_item, BOUNCE, ROW_ITEM, GObject)

/* One contact row as a list item: only its index. BounceRowModel creates
 * these on demand, so a list of a million rows has only a few dozen. */
BounceRowItem *bounce_row_item_new     (guint          row);
guint          bounce_row_item_get_row (BounceRowItem *self);
/* Gives the item another row, for a model that keeps an item per
 * position. Emits "notify::row" when @row differs, or with @force when
 * what is shown for the row changed. */
void           bounce_row_item_set_row (BounceRowItem *self,
                                        guint          row,
                                        gboolean       force);

G_END_DECLS

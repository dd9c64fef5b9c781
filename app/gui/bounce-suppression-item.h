/* bounce-suppression-item.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "bounce-history.h"

G_BEGIN_DECLS

#define BOUNCE_TYPE_SUPPRESSION_ITEM (bounce_suppression_item_get_type ())

G_DECLARE_FINAL_TYPE (BounceSuppressionItem, bounce_suppression_item, BOUNCE, SUPPRESSION_ITEM, GObject)

/* A suppression entry as a list item, with the properties the
 * Suppression page sorts and filters by: "address", "cause" (translated,
 * "hard bounce 5.1.1"), "since" (Unix time) and "source". */
/* Takes @entry. */
BounceSuppressionItem   *bounce_suppression_item_new         (BounceSuppression     *entry);
const BounceSuppression *bounce_suppression_item_get_entry   (BounceSuppressionItem *self);
const char              *bounce_suppression_item_get_cause   (BounceSuppressionItem *self);
/* Orders by address as file choosers order names: "sup2" before "sup10". */
int                      bounce_suppression_item_compare_addresses (BounceSuppressionItem *a,
                                                                    BounceSuppressionItem *b);

G_END_DECLS

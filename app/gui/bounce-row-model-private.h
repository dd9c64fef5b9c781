/* bounce-row-model-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bounce-row-model.h"

G_BEGIN_DECLS

/* Fills @order (one element per row of @session) with the rows sorted as
 * bounce_row_model_sort_async() describes. That is by text @column in
 * collation order, by status for the column count, or in file order for
 * -1. File order breaks ties in either direction. Runs on any thread.
 * Returns FALSE when @cancellable was cancelled, leaving @order partly
 * filled. */
gboolean _bounce_row_model_sort_rows (BounceSession *session,
                                      int            column,
                                      gboolean       descending,
                                      guint32       *order,
                                      GCancellable  *cancellable);

G_END_DECLS

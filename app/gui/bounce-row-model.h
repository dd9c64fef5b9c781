/* bounce-row-model.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bounce-session.h"

G_BEGIN_DECLS

#define BOUNCE_TYPE_ROW_MODEL (bounce_row_model_get_type ())

G_DECLARE_FINAL_TYPE (BounceRowModel, bounce_row_model, BOUNCE, ROW_MODEL, GObject)

/* A GListModel of BounceRowItem over the contact rows of a session,
 * sorted and filtered through arrays of row indices. Items are created
 * only when a view requests them. The search text of every row is built
 * on a worker thread as soon as the model exists. "search-ready" is
 * emitted when it is done, after which a pending search applies. */
BounceRowModel *bounce_row_model_new            (BounceSession  *session);
BounceSession  *bounce_row_model_get_session    (BounceRowModel *self);

/* Sorts on a worker thread. @column is a CSV column, or the column
 * count for the status column, or -1 for file order. The order changes
 * in bounce_row_model_sort_finish(), which emits "items-changed". */
void            bounce_row_model_sort_async     (BounceRowModel      *self,
                                                 int                  column,
                                                 gboolean             descending,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        bounce_row_model_sort_finish    (BounceRowModel      *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* The blocking form, for tests and benchmarks. */
void            bounce_row_model_set_sort       (BounceRowModel *self,
                                                 int             column,
                                                 gboolean        descending);

void            bounce_row_model_set_group      (BounceRowModel *self,
                                                 BounceRowGroup  group);
BounceRowGroup  bounce_row_model_get_group      (BounceRowModel *self);
/* Keeps rows whose addresses or name columns contain @text, ignoring
 * case; NULL or "" keeps every row. Until the search text is ready the
 * filter keeps every row of the group. */
void            bounce_row_model_set_search     (BounceRowModel *self,
                                                 const char     *text);
gboolean        bounce_row_model_is_search_ready (BounceRowModel *self);
/* Fills @counts with the rows of each group that contain the search,
 * whichever group is shown. Returns FALSE, leaving @counts alone, when no
 * search applies: the entry is empty or the search text is not ready. */
gboolean        bounce_row_model_get_search_counts (BounceRowModel *self,
                                                    guint           counts[BOUNCE_ROW_GROUP_LAST]);
/* Keeps only @rows (element-type guint), such as the contacts behind a
 * finding of the summary, within the group and the search; NULL keeps
 * every row. */
void            bounce_row_model_set_rows       (BounceRowModel *self,
                                                 GArray         *rows);
gboolean        bounce_row_model_has_rows       (BounceRowModel *self);
/* Re-applies the filter, after the session's policy changed. */
void            bounce_row_model_refilter       (BounceRowModel *self);

/* The contact row shown at @position. */
guint           bounce_row_model_get_row        (BounceRowModel *self,
                                                 guint           position);
/* The position of contact row @row, or -1 when it is filtered out. */
int             bounce_row_model_find_row       (BounceRowModel *self,
                                                 guint           row);

G_END_DECLS

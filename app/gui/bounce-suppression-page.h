/* bounce-suppression-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bounce-core.h"

G_BEGIN_DECLS

#define BOUNCE_TYPE_SUPPRESSION_PAGE (bounce_suppression_page_get_type ())

G_DECLARE_FINAL_TYPE (BounceSuppressionPage, bounce_suppression_page, BOUNCE, SUPPRESSION_PAGE, GtkWidget)

/* The suppression list of the history: a searchable, sortable table of
 * the active entries, with import, export, and removal that a toast can
 * undo. Emits "changed" when it changed the list, so the review can be
 * computed again. */
GtkWidget  *bounce_suppression_page_new             (void);

/* Shows the entries of @history, or, when it is NULL, that no history is
 * kept or, with @error, why it could not be opened. */
void        bounce_suppression_page_set_history     (BounceSuppressionPage *self,
                                                     BounceHistory         *history,
                                                     const GError          *error);
/* Reads the entries from the file again; other programs may have changed
 * them. The page does so each time it is shown. */
void        bounce_suppression_page_reload          (BounceSuppressionPage *self);
/* Filters the table as if @text were typed into the search entry. */
void        bounce_suppression_page_set_search_text (BounceSuppressionPage *self,
                                                     const char            *text);
/* The rows shown, after search and sort.
 * Returns: (transfer none) (element-type BounceSuppressionItem) */
GListModel *bounce_suppression_page_get_model       (BounceSuppressionPage *self);

/* Takes @address off the list, and shows a toast whose Undo puts the
 * entry back as it was. Shows an error dialog and returns FALSE when the
 * history rejects the change. Returns FALSE at once without a history or
 * with one opened read-only. */
gboolean    bounce_suppression_page_remove          (BounceSuppressionPage *self,
                                                     const char            *address);
/* Adds @address to the list as `bounce-cli suppression add` does, and
 * shows a toast whose Undo takes it off again. An address on the list
 * already stays as it is. Fails with BOUNCE_ERROR_INVALID_ARGUMENT when
 * @address is not an email address, and with BOUNCE_ERROR_WRITE without
 * a history or with one opened read-only. */
gboolean    bounce_suppression_page_add             (BounceSuppressionPage  *self,
                                                     const char             *address,
                                                     GError                **error);
/* Adds the addresses of another tool's suppression CSV at @path, or
 * writes the list to @path as CSV, on a worker thread. An import rejects
 * the open contact file with an error dialog. When two address columns
 * are a close call, it shows the file's first rows and asks for the
 * column. It asks before the import with the number of addresses it
 * adds, how many are contacts of the open list, whether the file looks
 * like a contact list, and the rows whose date cannot be read.
 * A toast reports the result, with an Undo for an import, and an error
 * dialog a failure. An import does nothing with a history opened
 * read-only, which an export still reads. */
void        bounce_suppression_page_import          (BounceSuppressionPage *self,
                                                     const char            *path);
void        bounce_suppression_page_export          (BounceSuppressionPage *self,
                                                     const char            *path);
/* TRUE while an import or export runs. */
gboolean    bounce_suppression_page_is_busy         (BounceSuppressionPage *self);

G_END_DECLS

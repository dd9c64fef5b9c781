/* bounce-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bounce-core.h"

G_BEGIN_DECLS

#define BOUNCE_TYPE_WINDOW (bounce_window_get_type ())

G_DECLARE_FINAL_TYPE (BounceWindow, bounce_window, BOUNCE, WINDOW, AdwApplicationWindow)

BounceWindow *bounce_window_new         (GtkApplication *application);
/* Opens @files: one that bounce_contact_list_is_likely_file() takes for
 * a contact list (a CSV file, or Excel's tab-separated "Unicode Text") as
 * the contact list, anything else (message files, folders, mbox files)
 * as bounce messages. A .csv or .tsv name comes before content that only
 * looks like a list, and the next candidate is read when one fails. */
void          bounce_window_open_files  (BounceWindow   *self,
                                         GFile         **files,
                                         guint           n_files);

/* Shows @toast (transfer full) in place of the one shown before. */
void           bounce_window_add_toast         (BounceWindow *self,
                                                AdwToast     *toast);

/* The history of bounces the window reads and writes, or NULL when the
 * "keep-history" setting is off or the file could not be opened, which
 * bounce_window_get_history_error() then explains. It explains too why
 * a history opened read-only (bounce_history_is_read_only()) cannot be
 * written. "history-changed" is emitted when either changes. */
BounceHistory *bounce_window_get_history       (BounceWindow *self);
const GError  *bounce_window_get_history_error (BounceWindow *self);
/* The open contact list, or NULL before one is opened. */
BounceContactList *bounce_window_get_contacts  (BounceWindow *self);

G_END_DECLS

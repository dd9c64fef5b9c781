/* bounce-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BOUNCE_TYPE_WINDOW (bounce_window_get_type ())

G_DECLARE_FINAL_TYPE (BounceWindow, bounce_window, BOUNCE, WINDOW, AdwApplicationWindow)

BounceWindow *bounce_window_new         (GtkApplication *application);
/* Opens @files: a CSV file as the contact list, anything else (message
 * files, folders, mbox files) as bounce messages. */
void          bounce_window_open_files  (BounceWindow   *self,
                                         GFile         **files,
                                         guint           n_files);

G_END_DECLS

/* bounce-preview-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bounce-core.h"

G_BEGIN_DECLS

#define BOUNCE_TYPE_PREVIEW_DIALOG (bounce_preview_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BouncePreviewDialog, bounce_preview_dialog, BOUNCE, PREVIEW_DIALOG, AdwWindow)

/* Shows the first rows of @contacts, a list whose separator or email
 * column was a guess, with pickers that reload the file. Emits
 * "confirmed" with the list read with the chosen settings. */
BouncePreviewDialog *bounce_preview_dialog_new (GtkWindow         *parent,
                                                BounceContactList *contacts);
/* Replaces the title and the text above the settings, which are for a
 * contact list, such as for a suppression list to import. */
void                 bounce_preview_dialog_set_intro (BouncePreviewDialog *self,
                                                      const char          *title,
                                                      const char          *text);

G_END_DECLS

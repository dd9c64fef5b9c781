/* bounce-details-pane.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bounce-session.h"

G_BEGIN_DECLS

#define BOUNCE_TYPE_DETAILS_PANE (bounce_details_pane_get_type ())

G_DECLARE_FINAL_TYPE (BounceDetailsPane, bounce_details_pane, BOUNCE, DETAILS_PANE, GtkWidget)

/* Shows contact row @row of @session with each of its bounces; @row -1
 * (or a NULL session) shows the empty state. */
void bounce_details_pane_show_row (BounceDetailsPane *self,
                                   BounceSession     *session,
                                   int                row);

/* Returns whether a contact is shown, rather than the empty state. */
gboolean bounce_details_pane_shows_contact (BounceDetailsPane *self);

/* The number of bounces shown. */
guint bounce_details_pane_get_n_records (BounceDetailsPane *self);

G_END_DECLS

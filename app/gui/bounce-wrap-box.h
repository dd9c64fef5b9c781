/* bounce-wrap-box.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BOUNCE_TYPE_WRAP_BOX (bounce_wrap_box_get_type ())

G_DECLARE_FINAL_TYPE (BounceWrapBox, bounce_wrap_box, BOUNCE, WRAP_BOX, GtkWidget)

/* A row of widgets that starts a new line where the next one would not
 * fit, so that none is cut off in a narrow window. GTK 4.8 and
 * libadwaita 1.2 have no such container that keeps the Tab order of
 * plain buttons (GtkFlowBox moves between its children with the arrow
 * keys). */
GtkWidget *bounce_wrap_box_new    (void);
void       bounce_wrap_box_append (BounceWrapBox *self,
                                   GtkWidget     *child);

G_END_DECLS

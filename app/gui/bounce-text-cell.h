/* bounce-text-cell.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BOUNCE_TYPE_TEXT_CELL (bounce_text_cell_get_type ())

G_DECLARE_FINAL_TYPE (BounceTextCell, bounce_text_cell, BOUNCE, TEXT_CELL, GtkWidget)

/* One line of text for a list cell, ellipsized at the end. Unlike a
 * GtkLabel it never lays out its text to measure itself: its height is
 * the font's line height and its width @width_chars average characters,
 * so a new text only redraws the cell. */
GtkWidget  *bounce_text_cell_new          (int             width_chars);
void        bounce_text_cell_set_text     (BounceTextCell *self,
                                           const char     *text);
/* Like bounce_text_cell_set_text(), taking ownership of @text. */
void        bounce_text_cell_take_text    (BounceTextCell *self,
                                           char           *text);
const char *bounce_text_cell_get_text     (BounceTextCell *self);
/* Sets the tooltip. NULL or "" shows none. Unlike
 * gtk_widget_set_tooltip_text(), it does not query the pointer position,
 * which costs a round trip to the X server per call. */
void        bounce_text_cell_set_tooltip  (BounceTextCell *self,
                                           const char     *tooltip);

G_END_DECLS

/* bounce-gui-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bounce-core.h"

G_BEGIN_DECLS

/* The CSS class of a category's badge ("badge-hard"), or NULL for a
 * category that gets no badge. */
const char *bounce_gui_category_css_class (BounceCategory  category);
/* Sets @label to the badge of @category: title and colour class. */
void        bounce_gui_badge_set_category (GtkLabel       *label,
                                           BounceCategory  category);
/* Sets @label to a badge of its own, @text in colour class @css_class,
 * in place of a category's badge. */
void        bounce_gui_badge_set_text     (GtkLabel       *label,
                                           const char     *css_class,
                                           const char     *text);
/* "To check", the badge of a contact kept because its bounce is for
 * another address. */
const char *bounce_gui_get_to_check_badge_text (void);
/* A number with the locale's digit grouping: "9,812". */
char       *bounce_gui_format_count       (guint           count);
/* @text on one line for a list cell: each line break (CR LF, CR or LF)
 * becomes "↵" and every other control character a space, where Pango
 * would draw a box glyph. */
char       *bounce_gui_dup_one_line       (const char     *text);
/* Describes that the addresses on the history file's suppression list are
 * not removed while the "keep-history" setting of @settings is off.
 * Returns NULL when the setting is on, or when the file is missing,
 * unreadable or has no address on its suppression list. */
char       *bounce_gui_dup_history_off_notice (GSettings  *settings);
/* "9,812 kept, 188 removed", each count with its own plural form. */
char       *bounce_gui_dup_kept_removed   (guint           kept,
                                           guint           removed);
/* Shows a modal message dialog. @heading states what failed, and
 * @error's message (written for people by the core) explains why and what
 * to do. */
void        bounce_gui_show_error         (GtkWindow      *parent,
                                           const char     *heading,
                                           const GError   *error);
/* The name to show for a record's file: its base name, or "INBOX, UID
 * 42" for a message read from a mailbox. */
char       *bounce_gui_dup_file_label     (const char     *file);
/* "7 May 2024, 05:45" in local time, with the locale's month name, so
 * that day and month cannot be mistaken for each other. */
char       *bounce_gui_format_date        (GDateTime      *date);
/* Pango markup of @text that is never hyphenated where it wraps: an
 * address cut as "example.n-et" reads as a different address. */
char       *bounce_gui_markup_no_hyphens  (const char     *text);
/* Turns hyphenation off for every line break in @label. */
void        bounce_gui_label_no_hyphens   (GtkLabel       *label);
/* Hides the tooltip of @button while its popover is open, so that the
 * tooltip never covers the first item of the menu. */
void        bounce_gui_menu_button_hide_tooltip_when_open (GtkMenuButton *button);
/* Adds a filter of CSV files named @name, the one shown first, and one
 * of all files to @chooser. */
void        bounce_gui_add_csv_filters    (GtkFileChooser *chooser,
                                           const char     *name);
/* A toast with @title and an Open Folder button that opens the folder
 * of @path. */
AdwToast   *bounce_gui_new_saved_toast    (const char     *title,
                                           const char     *path);
/* @text with its first letter in title case, for a phrase of the core
 * ("hard bounce 5.1.1") that starts a sentence or a table cell. Scripts
 * without case are returned as they are. */
char       *bounce_gui_dup_sentence_case  (const char     *text);

/* Makes Tab and Shift+Tab (also with Ctrl) move the focus from a row of
 * @list, a GtkColumnView, GtkListView or GtkListBox, to the next or
 * previous widget of the window, while the arrow keys still move between
 * rows. In GTK 4.8 these lists move to the next row on Tab, which traps
 * the focus in a long list. GTK 4.12 added the "tab-behavior" property
 * to list views for this. */
void        bounce_gui_list_tab_leaves    (GtkWidget      *list);

G_END_DECLS

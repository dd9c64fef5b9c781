/* gui-test-util.h: what the tests of the desktop app share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <gtk/gtk.h>

#include "bounce-application.h"
#include "bounce-preview-dialog.h"
#include "bounce-window.h"

G_BEGIN_DECLS

/* Seconds a test waits for the window before it fails: generous, for a
 * slow, shared CI machine under Xvfb. */
#define GUI_TEST_TIMEOUT_SECONDS 120

/* Iterates the main context until @done returns TRUE. Fails the test
 * rather than hanging when it never does. @what names the wait. */
void wait_until         (gboolean   (*done) (void),
                         const char  *what);
/* Iterates the main context for about 20 ms per frame. */
void wait_frames        (guint        n_frames);
/* Renders @widget's window into NAME.png in the build folder, for people
 * to look at. The tests read nothing from it. */
void save_screenshot    (GtkWidget   *widget,
                         const char  *name);
/* Fails the test unless the files have the same bytes. */
void assert_files_equal (const char  *path_a,
                         const char  *path_b);

/* Creates a 1280×760 window of @application, presents it and iterates
 * the main context for @n_frames frames. save_finished() and
 * save_succeeded() report the "saved" signal of every such window. */
BounceWindow *present_new_window    (BounceApplication *application,
                                     guint              n_frames);
/* Forgets the last "saved" signal, so that save_finished() returns FALSE
 * until the next one. */
void          forget_last_save      (void);
/* Returns TRUE once a window emitted "saved" since forget_last_save(). */
gboolean      save_finished         (void);
/* Returns the ok argument of the last "saved" signal. */
gboolean      save_succeeded        (void);
/* Returns TRUE when @window shows the review and is not loading. */
gboolean      review_is_shown       (BounceWindow      *window);
/* Closes the open bounces (win.close-bounces) and waits for the review
 * of the contacts alone. */
void          close_bounces_and_wait (BounceWindow     *window);
/* Opens the bounce file or folder at @path in @window and waits until
 * the review shows it. */
void          open_bounces_and_wait (BounceWindow      *window,
                                     const char        *path);
/* Activates win.save-cleaned on @window with @path, waits for "saved"
 * and returns its ok argument. */
gboolean      save_through_window   (BounceWindow      *window,
                                     const char        *path);

/* Returns the first toplevel window of @type, or NULL. */
GtkWindow    *find_toplevel         (GType              type);
/* Returns the first visible toplevel window of @type, or NULL. */
GtkWindow    *find_visible_toplevel (GType              type);
/* Returns the first visible AdwMessageDialog, or NULL. */
AdwMessageDialog *find_visible_message_dialog (void);
/* Returns TRUE once a visible AdwMessageDialog is open, for
 * wait_until(). */
gboolean      visible_message_dialog_shown (void);
/* Returns the open BouncePreviewDialog, or NULL. */
BouncePreviewDialog *find_preview_dialog (void);
/* Returns TRUE once a BouncePreviewDialog is open, for wait_until(). */
gboolean      preview_shown         (void);
/* Waits until @dialog has read its file again, which it shows by
 * stopping its spinner. */
void          wait_for_preview_reload (BouncePreviewDialog *dialog);

/* Sends @keyval with @state to the Tab handler that
 * bounce_gui_list_tab_leaves() adds to @list, as a key press in the
 * list would, and returns whether the handler took the key. */
gboolean      press_key_in_list     (GtkWidget         *list,
                                     guint              keyval,
                                     GdkModifierType    state);
/* Returns TRUE when the keyboard focus of @widget's window is @widget
 * or one of its descendants. */
gboolean      focus_is_inside       (GtkWidget         *widget);

/* Focuses a row of @list, then fails the test unless Tab leaves @list
 * after at most @n_row_buttons presses that stay in the row, Shift+Tab
 * leaves it at once, and the Down arrow is left to @list. */
void          assert_tab_leaves_list (GtkWidget        *list,
                                      guint             n_row_buttons);

G_END_DECLS

/* gui-test-util.h: what the tests of the desktop app share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Seconds a test waits for the window before it fails: generous, for a
 * slow, shared CI machine under Xvfb. */
#define GUI_TEST_TIMEOUT_SECONDS 120

/* Iterates the main context until @done returns TRUE; fails the test
 * rather than hanging when it never does. @what names the wait. */
void wait_until         (gboolean   (*done) (void),
                         const char  *what);
/* Iterates the main context for about 20 ms per frame. */
void wait_frames        (guint        n_frames);
/* Renders @widget's window into NAME.png in the build folder, for people
 * to look at; the tests read nothing from it. */
void save_screenshot    (GtkWidget   *widget,
                         const char  *name);
/* Fails the test unless the files have the same bytes. */
void assert_files_equal (const char  *path_a,
                         const char  *path_b);

G_END_DECLS

/* gui-test-util.c: what the tests of the desktop app share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bounce-window-private.h"
#include "gui-test-util.h"

static gboolean save_done;
static gboolean save_ok;
static BounceWindow *loading_window;

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

void
wait_until (gboolean   (*done) (void),
            const char  *what)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (GUI_TEST_TIMEOUT_SECONDS, timeout_cb, &timed_out);

  while (!done () && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (source);
}

void
wait_frames (guint n_frames)
{
  for (guint i = 0; i < n_frames; i++)
    {
      gint64 until = g_get_monotonic_time () + 20 * 1000;

      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
    }
}

void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file_name = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, file_name, NULL);
  gint64 deadline = g_get_monotonic_time () + GUI_TEST_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  GskRenderer *renderer;
  int width = 0;
  int height = 0;

  /* A window presented just before may not be mapped yet on a loaded
   * machine, and an unmapped widget draws nothing: try again each frame
   * until it draws or the test's time-out passes. */
  wait_frames (10);
  while (node == NULL && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      if (width > 0 && height > 0 && gtk_widget_get_mapped (widget))
        {
          gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
          node = gtk_snapshot_to_node (snapshot);
        }
      if (node == NULL)
        wait_frames (1);
    }
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (GTK_NATIVE (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot saved to %s", path);
}

void
assert_files_equal (const char *path_a,
                    const char *path_b)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  gsize length_a;
  gsize length_b;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path_a, &a, &length_a, &error);
  g_assert_no_error (error);
  g_file_get_contents (path_b, &b, &length_b, &error);
  g_assert_no_error (error);

  g_assert_cmpmem (a, length_a, b, length_b);
}

static void
saved_cb (BounceWindow *window,
          gboolean      ok,
          gpointer      user_data)
{
  save_done = TRUE;
  save_ok = ok;
}

BounceWindow *
present_new_window (BounceApplication *application,
                    guint              n_frames)
{
  BounceWindow *window = bounce_window_new (GTK_APPLICATION (application));

  g_signal_connect (window, "saved", G_CALLBACK (saved_cb), NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  gtk_window_present (GTK_WINDOW (window));
  wait_frames (n_frames);

  return window;
}

void
forget_last_save (void)
{
  save_done = FALSE;
}

gboolean
save_finished (void)
{
  return save_done;
}

gboolean
save_succeeded (void)
{
  return save_ok;
}

gboolean
save_through_window (BounceWindow *window,
                     const char   *path)
{
  forget_last_save ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-cleaned", "s", path);
  wait_until (save_finished, "the save to finish");

  return save_ok;
}

gboolean
review_is_shown (BounceWindow *window)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (window->main_stack), "review") == 0
         && !_bounce_window_is_loading (window);
}

static gboolean
loading_window_shows_review (void)
{
  return review_is_shown (loading_window);
}

void
close_bounces_and_wait (BounceWindow *window)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-bounces", NULL);
  g_assert_true (_bounce_window_is_loading (window));
  loading_window = window;
  wait_until (loading_window_shows_review, "the contacts to be matched again");
  g_assert_null (window->records);
}

void
open_bounces_and_wait (BounceWindow *window,
                       const char   *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  _bounce_window_open_bounces (window, &file, 1);
  g_assert_true (_bounce_window_is_loading (window));
  loading_window = window;
  wait_until (loading_window_shows_review, "the bounces to load");
}

static GtkWindow *
find_toplevel_full (GType    type,
                    gboolean visible_only)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type)
          && (!visible_only || gtk_widget_get_visible (toplevel)))
        return GTK_WINDOW (toplevel);
    }

  return NULL;
}

GtkWindow *
find_toplevel (GType type)
{
  return find_toplevel_full (type, FALSE);
}

GtkWindow *
find_visible_toplevel (GType type)
{
  return find_toplevel_full (type, TRUE);
}

AdwMessageDialog *
find_visible_message_dialog (void)
{
  return ADW_MESSAGE_DIALOG (find_visible_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

gboolean
visible_message_dialog_shown (void)
{
  return find_visible_message_dialog () != NULL;
}

BouncePreviewDialog *
find_preview_dialog (void)
{
  return BOUNCE_PREVIEW_DIALOG (find_toplevel (BOUNCE_TYPE_PREVIEW_DIALOG));
}

gboolean
preview_shown (void)
{
  return find_preview_dialog () != NULL;
}

static BouncePreviewDialog *reloading_preview;

static gboolean
preview_reloaded (void)
{
  GObject *spinner = gtk_widget_get_template_child (GTK_WIDGET (reloading_preview),
                                                    BOUNCE_TYPE_PREVIEW_DIALOG, "spinner");

  return !gtk_spinner_get_spinning (GTK_SPINNER (spinner));
}

void
wait_for_preview_reload (BouncePreviewDialog *dialog)
{
  reloading_preview = dialog;
  wait_until (preview_reloaded, "the preview to reload");
  reloading_preview = NULL;
}

gboolean
press_key_in_list (GtkWidget       *list,
                   guint            keyval,
                   GdkModifierType  state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (list);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "bounce-list-tab-leaves") != 0)
        continue;

      g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);

      return handled;
    }

  g_error ("The list has no Tab handler");
}

gboolean
focus_is_inside (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Grabs the focus for the first row of @list and returns the row. A row
 * with a button gives the focus to the button. */
static GtkWidget *
focus_list (GtkWidget *list)
{
  GtkWidget *row = NULL;

  if (GTK_IS_LIST_BOX (list))
    {
      row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
    }
  else
    {
      /* A column view's rows are the children of its inner list view. */
      GtkWidget *list_view = list;

      for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL && !GTK_IS_LIST_VIEW (list_view); child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_LIST_VIEW (child))
          list_view = child;
      row = gtk_widget_get_first_child (list_view);
    }

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_grab_focus (row));
  g_assert_true (focus_is_inside (row));

  return row;
}

void
assert_tab_leaves_list (GtkWidget *list,
                        guint      n_row_buttons)
{
  GtkRoot *root = gtk_widget_get_root (list);
  GtkWidget *row = focus_list (list);
  guint n_presses = 0;

  /* Tab may visit the row's buttons, but never another row. */
  while (focus_is_inside (list))
    {
      g_assert_true (focus_is_inside (row));
      g_assert_cmpuint (n_presses, <=, n_row_buttons);
      g_assert_true (press_key_in_list (list, GDK_KEY_Tab, 0));
      n_presses++;
    }
  g_assert_nonnull (gtk_root_get_focus (root));

  /* X11 sends Shift+Tab as ISO_Left_Tab. */
  focus_list (list);
  g_assert_true (press_key_in_list (list, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK));
  g_assert_nonnull (gtk_root_get_focus (root));
  g_assert_false (focus_is_inside (list));

  focus_list (list);
  g_assert_false (press_key_in_list (list, GDK_KEY_Down, 0));
  g_assert_true (focus_is_inside (list));
}

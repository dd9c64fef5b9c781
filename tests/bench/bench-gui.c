/* bench-gui.c: how fast the desktop app shows and filters a big list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens a contact file and bounce messages in the real window, as a drop
 * onto the window does. Prints the time from "files read" to the first
 * painted frame of the review. Then prints, for filter, sort, search and
 * scroll changes, the time until the next painted frame, and the CPU
 * time the main thread spent in that time (a figure that depends less on
 * other programs' load). Paging through the list prints the time of each
 * frame. Last, it turns the history on in a temporary folder, records the
 * bounces in it, and prints the time of a soft-bounce limit change and of
 * a suppression entry taken off the list and put back. It asserts
 * nothing about time.
 *
 * Usage (under a display):
 *   xvfb-run -a -s "-screen 0 1280x800x24" build/tests/bench-gui [--review-only] [CONTACTS.csv BOUNCES]
 * The defaults are the files tests/bench/bench-clean.sh generates.
 * --review-only leaves out the history.
 */

#include "config.h"

#include <string.h>
#include <time.h>

#include <adwaita.h>

#include <glib/gstdio.h>

#include "bounce-application.h"
#include "bounce-suppression-item.h"
#include "bounce-window-private.h"

static gboolean painted;
static gint64 paint_start;

/* Microseconds of CPU time that @clock (the calling thread's or the
 * process's) has counted. */
static gint64
cpu_time (clockid_t clock)
{
  struct timespec now;

  clock_gettime (clock, &now);

  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static gint64
thread_cpu_time (void)
{
  return cpu_time (CLOCK_THREAD_CPUTIME_ID);
}

static void
before_paint_cb (GdkFrameClock *frame_clock,
                 gpointer       user_data)
{
  paint_start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  painted = TRUE;
}

static gboolean
review_shown (BounceWindow *window)
{
  return window->last_review_latency > 0;
}

/* Seconds from now until the window has painted a frame. */
static double
time_to_paint (BounceWindow *window,
               gint64        start)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gulong before_handler = g_signal_connect (frame_clock, "before-paint", G_CALLBACK (before_paint_cb), NULL);
  gulong after_handler = g_signal_connect (frame_clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);

  painted = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (window));
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (frame_clock, before_handler);
  g_signal_handler_disconnect (frame_clock, after_handler);

  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static GtkAdjustment *
get_vadjustment (BounceWindow *window)
{
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_parent (GTK_WIDGET (window->column_view)));

  return gtk_scrolled_window_get_vadjustment (scroller);
}

/* Scrolls to @fraction of the list and waits for the frame. */
static void
scroll_to_fraction (BounceWindow *window,
                    double        fraction)
{
  GtkAdjustment *adjustment = get_vadjustment (window);
  double upper = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  gtk_adjustment_set_value (adjustment, upper * fraction);
  time_to_paint (window, g_get_monotonic_time ());
}

static void
measure_group (BounceWindow   *window,
               BounceRowGroup  group,
               const char     *name)
{
  gint64 start = g_get_monotonic_time ();
  gint64 cpu_start = thread_cpu_time ();
  double seconds;

  gtk_toggle_button_set_active (window->filter_buttons[group], TRUE);
  seconds = time_to_paint (window, start);
  g_print ("filter %-10s %9u rows  %.3f s (main thread CPU %.3f s)\n", name,
           g_list_model_get_n_items (G_LIST_MODEL (window->row_model)), seconds,
           (thread_cpu_time () - cpu_start) / (double) G_USEC_PER_SEC);
}

static void
measure_sort (BounceWindow *window,
              guint         column_index,
              const char   *name)
{
  GListModel *columns = gtk_column_view_get_columns (window->column_view);
  g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, column_index);
  gint64 start = g_get_monotonic_time ();
  gint64 cpu_start = cpu_time (CLOCK_PROCESS_CPUTIME_ID);
  double responsive;

  /* The sort runs on a worker thread: the window paints at once, then
   * again when the sorted rows arrive. */
  gtk_column_view_sort_by_column (window->column_view, column, GTK_SORT_ASCENDING);
  responsive = time_to_paint (window, start);
  while (gtk_widget_get_visible (GTK_WIDGET (window->busy_spinner)))
    g_main_context_iteration (NULL, TRUE);
  g_print ("sort by %-15s %.3f s (window painted again after %.3f s; CPU of all threads %.3f s)\n", name,
           time_to_paint (window, start), responsive,
           (cpu_time (CLOCK_PROCESS_CPUTIME_ID) - cpu_start) / (double) G_USEC_PER_SEC);
}

static void
measure_search (BounceWindow *window,
                const char   *text,
                const char   *name)
{
  const char *current = gtk_editable_get_text (GTK_EDITABLE (window->search_entry));
  gint64 start = g_get_monotonic_time ();
  gint64 cpu_start = thread_cpu_time ();
  double seconds;

  /* Typing on appends to the text. GtkSearchEntry then waits 150 ms before
   * "search-changed", which is left out here by emitting it at once (the
   * window ignores the repeat). */
  if (*current != '\0' && *text != '\0' && g_str_has_prefix (text, current))
    {
      int position = -1;

      gtk_editable_insert_text (GTK_EDITABLE (window->search_entry), text + strlen (current), -1, &position);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (window->search_entry), text);
  g_signal_emit_by_name (window->search_entry, "search-changed");
  seconds = time_to_paint (window, start);
  g_print ("search %-16s %9u rows  %.3f s (main thread CPU %.3f s)\n", name,
           g_list_model_get_n_items (G_LIST_MODEL (window->row_model)), seconds,
           (thread_cpu_time () - cpu_start) / (double) G_USEC_PER_SEC);
}

static void
measure_scroll (BounceWindow *window)
{
  GtkAdjustment *adjustment = get_vadjustment (window);
  double worst = 0;

  /* Ten jumps across the list, as dragging the scrollbar does. */
  for (guint i = 1; i <= 10; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double upper = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

      gtk_adjustment_set_value (adjustment, upper * ((i * 7) % 10) / 10.0);
      worst = MAX (worst, time_to_paint (window, start));
    }
  g_print ("scroll jump (worst of 10)  %.3f s\n", worst);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Prints the mean, median, 95th percentile and maximum of @times. */
static void
print_distribution (const char *name,
                    double     *times,
                    guint       n_times)
{
  double total = 0;

  for (guint i = 0; i < n_times; i++)
    total += times[i];
  qsort (times, n_times, sizeof (double), compare_doubles);
  g_print ("  %-31s mean %5.1f ms, median %5.1f ms, 95th percentile %5.1f ms, max %5.1f ms\n",
           name, total / n_times, times[n_times / 2], times[n_times * 95 / 100], times[n_times - 1]);
}

/* Pages down through the list from its top, as Page Down does. Prints per
 * page the time until the frame was painted, and the time the main loop
 * was busy. The busy time covers binding the rows that come into view,
 * then the frame from "before-paint" to "after-paint". The frame clock
 * paints at most 60 frames a second, so the first figure is at least 16.7
 * ms. */
static void
measure_paging (BounceWindow *window,
                guint         n_pages)
{
  GtkAdjustment *adjustment = get_vadjustment (window);
  g_autofree double *to_paint = g_new (double, n_pages);
  g_autofree double *busy = g_new (double, n_pages);
  gint64 cpu_start;

  scroll_to_fraction (window, 0);
  cpu_start = thread_cpu_time ();
  for (guint i = 0; i < n_pages; i++)
    {
      gint64 start = g_get_monotonic_time ();
      gint64 bound;

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment)
                                            + gtk_adjustment_get_page_size (adjustment));
      bound = g_get_monotonic_time ();
      to_paint[i] = time_to_paint (window, start) * 1000;
      busy[i] = ((bound - start) + (g_get_monotonic_time () - paint_start)) / 1000.0;
    }

  g_print ("page down x%u (main thread CPU %.1f ms a page):\n", n_pages,
           (thread_cpu_time () - cpu_start) / 1000.0 / n_pages);
  print_distribution ("until painted", to_paint, n_pages);
  print_distribution ("main loop busy", busy, n_pages);
}

/* A filter change while the list shows its middle, far past the end of
 * the filtered list. */
static void
measure_group_from_middle (BounceWindow   *window,
                           BounceRowGroup  group,
                           const char     *name)
{
  gtk_toggle_button_set_active (window->filter_buttons[BOUNCE_ROW_GROUP_ALL], TRUE);
  scroll_to_fraction (window, 0.5);
  measure_group (window, group, name);
}

static gboolean
loaded (BounceWindow *window)
{
  return !_bounce_window_is_loading (window);
}

/* The history's share of the review: turned on, filled with the bounces,
 * then a change of the rule and of the suppression list. */
static void
measure_history (BounceWindow *window,
                 GSettings    *settings,
                 GFile        *bounces)
{
  GListModel *entries;
  g_autoptr(BounceSuppressionItem) item = NULL;
  g_autofree char *address = NULL;
  gint64 start = g_get_monotonic_time ();

  g_settings_set_boolean (settings, "keep-history", TRUE);
  g_print ("history on (empty file)    %.3f s\n", time_to_paint (window, start));

  start = g_get_monotonic_time ();
  _bounce_window_open_bounces (window, &bounces, 1);
  while (!loaded (window))
    g_main_context_iteration (NULL, TRUE);
  g_print ("bounces opened and recorded %.3f s (%u bounces in the history)\n",
           time_to_paint (window, start), bounce_history_count_bounces (window->history));

  /* The change runs on a worker thread: the window paints at once, and
   * the longest main-loop step while it runs is what a person could
   * notice as a freeze. A second change at once cancels the first run. */
  start = g_get_monotonic_time ();
  g_settings_set_uint (settings, "soft-bounce-limit", 2);
  g_print ("soft-bounce limit 3 -> 2   %.3f s until painted\n", time_to_paint (window, start));
  g_settings_set_uint (settings, "soft-bounce-limit", 4);
  g_settings_set_uint (settings, "soft-bounce-limit", 2);
  {
    gint64 longest = 0;

    while (bounce_session_is_updating (window->session))
      {
        gint64 before = g_get_monotonic_time ();

        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (1000);
        longest = MAX (longest, g_get_monotonic_time () - before);
      }
    g_print ("  applied after             %.3f s, longest main-loop step %.3f s (%u rows removed)\n",
             (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
             longest / (double) G_USEC_PER_SEC,
             bounce_session_get_group_count (window->session, BOUNCE_ROW_GROUP_REMOVED));
  }
  g_settings_reset (settings, "soft-bounce-limit");
  while (bounce_session_is_updating (window->session))
    g_main_context_iteration (NULL, TRUE);

  /* Every row's verdict with the history again, and the window's
   * handlers of the change, without painting. */
  start = g_get_monotonic_time ();
  bounce_session_refresh (window->session);
  g_print ("review evaluated again     %.3f s (before painting)\n",
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  bounce_suppression_page_reload (window->suppression_page);
  entries = bounce_suppression_page_get_model (window->suppression_page);
  item = g_list_model_get_item (entries, 0);
  address = g_strdup (bounce_suppression_item_get_entry (item)->address);
  start = g_get_monotonic_time ();
  bounce_suppression_page_remove (window->suppression_page, address);
  g_print ("entry taken off the list   %.3f s (%u entries left)\n", time_to_paint (window, start),
           g_list_model_get_n_items (entries));
  while (bounce_session_is_updating (window->session))
    g_main_context_iteration (NULL, TRUE);
  start = g_get_monotonic_time ();
  bounce_history_restore_suppression (window->history, address, NULL);
  _bounce_window_suppression_changed (window);
  g_print ("entry put back             %.3f s\n", time_to_paint (window, start));
  while (bounce_session_is_updating (window->session))
    g_main_context_iteration (NULL, TRUE);
}

/* Deletes the bench's history file and its folders. */
static void
remove_history (const char *folder)
{
  static const char * const names[] = { "history.db", "history.db-wal", "history.db-shm" };
  g_autofree char *app_folder = g_build_filename (folder, APP_ID, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (app_folder, names[i], NULL);

      g_unlink (path);
    }
  g_rmdir (app_folder);
  g_rmdir (folder);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BounceApplication) application = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) contacts = NULL;
  g_autoptr(GFile) bounces = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *history_folder = NULL;
  gboolean review_only = FALSE;
  GFile *files[2];
  BounceWindow *window;
  gint64 start;

  if (argc > 1 && g_strcmp0 (argv[1], "--review-only") == 0)
    {
      review_only = TRUE;
      argv[1] = argv[0];
      argc--;
      argv++;
    }

  g_setenv ("GTK_A11Y", "none", TRUE);
  /* The figures measure the parser and the review, not the parse cache.
   * The settings live in memory and the history is off, so the generated
   * bounces stay out of the person's history. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  history_folder = g_dir_make_tmp ("bounce-bench-gui-XXXXXX", &error);
  if (history_folder == NULL)
    g_error ("%s", error->message);
  g_setenv ("XDG_DATA_HOME", history_folder, TRUE);
  gtk_init ();
  adw_init ();
  settings = g_settings_new (APP_ID);
  g_settings_set_boolean (settings, "keep-history", FALSE);

  if (argc == 3)
    {
      contacts = g_file_new_for_commandline_arg (argv[1]);
      bounces = g_file_new_for_commandline_arg (argv[2]);
    }
  else
    {
      contacts = g_file_new_build_filename (SOURCE_SAMPLES_DIR, "..", "..", "tests", "bench", "out", "clean", "contacts.csv", NULL);
      bounces = g_file_new_build_filename (SOURCE_SAMPLES_DIR, "..", "..", "tests", "bench", "out", "clean", "bounces.mbox", NULL);
    }

  application = bounce_application_new (G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (application), NULL, &error))
    g_error ("%s", error->message);
  window = bounce_window_new (GTK_APPLICATION (application));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  time_to_paint (window, g_get_monotonic_time ());

  files[0] = contacts;
  files[1] = bounces;
  start = g_get_monotonic_time ();
  bounce_window_open_files (window, files, 2);
  while (!review_shown (window))
    {
      if (!_bounce_window_is_loading (window) && window->session == NULL)
        g_error ("Loading failed; see the message dialog");
      g_main_context_iteration (NULL, TRUE);
    }

  g_print ("contacts %u, bounce records %u\n",
           bounce_session_get_n_rows (window->session),
           bounce_session_get_records (window->session)->len);
  g_print ("reading files              %.3f s\n",
           (window->files_read_time - start) / (double) G_USEC_PER_SEC);
  g_print ("files read -> review shown %.3f s\n",
           window->last_review_latency / (double) G_USEC_PER_SEC);

  /* The search text is built on a worker thread after the review shows.
   * The figures below are taken once it is done, without that load. */
  start = g_get_monotonic_time ();
  while (!bounce_row_model_is_search_ready (window->row_model))
    g_main_context_iteration (NULL, TRUE);
  g_print ("search text ready after    %.3f s more\n",
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  measure_group (window, BOUNCE_ROW_GROUP_HARD, "hard");
  measure_group (window, BOUNCE_ROW_GROUP_REMOVED, "removed");
  measure_group (window, BOUNCE_ROW_GROUP_CLEAN, "clean");
  measure_group (window, BOUNCE_ROW_GROUP_ALL, "all");
  measure_group_from_middle (window, BOUNCE_ROW_GROUP_HARD, "hard (from the middle)");
  measure_group (window, BOUNCE_ROW_GROUP_ALL, "all");
  measure_scroll (window);
  measure_paging (window, 200);
  measure_sort (window, 0, "status");
  measure_sort (window, 1, "first column");
  measure_sort (window, 3, "third column");
  measure_sort (window, 0, "status");
  measure_search (window, "j", "j");
  measure_search (window, "ja", "ja");
  measure_search (window, "jane", "jane");
  measure_search (window, "jane.doe", "jane.doe");
  measure_search (window, "jane.doe.2", "jane.doe.2");
  measure_search (window, "", "(cleared)");
  /* A city and a company, in columns other than the address and names */
  measure_search (window, "riverton", "riverton");
  measure_search (window, "doe & co", "doe & co");
  measure_search (window, "", "(cleared)");

  if (!review_only)
    measure_history (window, settings, bounces);

  gtk_window_destroy (GTK_WINDOW (window));
  remove_history (history_folder);

  return 0;
}

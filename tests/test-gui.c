/* test-gui.c: the desktop app's window under a real display (Xvfb).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the sample files through the same action as "Try Sample Data",
 * checks the review against the core's own verdicts, saves through the
 * export dialog's code path and compares the file with `bounce-cli clean`.
 */

#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bounce-application.h"
#include "bounce-core.h"
#include "bounce-export-dialog.h"
#include "bounce-gui-util.h"
#include "bounce-message-window.h"
#include "bounce-preferences-window.h"
#include "bounce-preview-dialog.h"
#include "bounce-problems-dialog.h"
#include "bounce-record-view.h"
#include "bounce-status-cell.h"
#include "bounce-summary-page-private.h"
#include "bounce-text-cell.h"
#include "bounce-window-private.h"
#include "dsn-fixture.h"
#include "gui-test-util.h"
#include "test-files.h"

static BounceApplication *application;
static BounceWindow *window;
static char *work_dir;
static char *samples_dir;

typedef struct
{
  BounceContactList *contacts;
  GPtrArray         *records;
  BounceCleaner     *cleaner;
  BounceHygiene     *hygiene;
} Reference;

static Reference reference;

static gboolean
review_shown (void)
{
  return review_is_shown (window);
}

static void
copy_tree (GFile *source,
           GFile *destination)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  if (g_file_query_file_type (source, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL) != G_FILE_TYPE_DIRECTORY)
    {
      g_file_copy (source, destination, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      return;
    }

  g_file_make_directory (destination, NULL, &error);
  g_assert_no_error (error);
  children = g_file_enumerate_children (source, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &error);
  g_assert_no_error (error);

  while ((info = g_file_enumerator_next_file (children, NULL, &error)) != NULL)
    {
      g_autoptr(GFileInfo) child_info = info;
      g_autoptr(GFile) child = g_file_get_child (source, g_file_info_get_name (child_info));
      g_autoptr(GFile) child_destination = g_file_get_child (destination, g_file_info_get_name (child_info));

      copy_tree (child, child_destination);
    }
  g_assert_no_error (error);
}

static void
add_record_cb (BounceRecord *record,
               gpointer      user_data)
{
  g_ptr_array_add (user_data, bounce_record_ref (record));
}

/* The verdicts the core gives for the same files, without the app. */
static void
load_reference (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BounceScanner) scanner = bounce_scanner_new ();
  g_autofree char *contacts_path = g_build_filename (samples_dir, "contacts.csv", NULL);
  g_autofree char *bounces_path = g_build_filename (samples_dir, "bounces", NULL);
  const char *paths[] = { bounces_path, NULL };
  GPtrArray *records;

  reference.contacts = bounce_contact_list_new_from_file (contacts_path, NULL, NULL, &error);
  g_assert_no_error (error);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  reference.records = records;
  bounce_scanner_scan (scanner, paths, add_record_cb, records, NULL, &error);
  g_assert_no_error (error);

  reference.cleaner = bounce_cleaner_new (reference.contacts, reference.records);
  reference.hygiene = bounce_hygiene_new (reference.contacts, NULL);
}

static void
reference_policy (BounceCleanPolicy *policy)
{
  bounce_export_read_settings (window->settings, policy, NULL);
  /* The app applies the list checks of the contacts, as bounce-cli
   * clean does. */
  policy->hygiene = reference.hygiene;
}

/* Ctrl+S, where most programs save, opens the save options as Ctrl+E
 * does. */
static void
test_save_shortcuts (void)
{
  g_auto(GStrv) control_s = gtk_application_get_actions_for_accel (GTK_APPLICATION (application), "<Control>s");
  g_auto(GStrv) control_e = gtk_application_get_actions_for_accel (GTK_APPLICATION (application), "<Control>e");

  g_assert_true (g_strv_contains ((const char * const *) control_s, "win.export"));
  g_assert_true (g_strv_contains ((const char * const *) control_e, "win.export"));
}

static void
test_welcome (void)
{
  GtkWidget *focus;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "welcome");

  /* The primary button has the keyboard focus on the first run. */
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == GTK_WIDGET (window->welcome_contacts_button)
                 || gtk_widget_is_ancestor (focus, GTK_WIDGET (window->welcome_contacts_button)));

  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (window->export_button))
                  && gtk_widget_get_visible (GTK_WIDGET (window->export_button)));
}

static void
test_load_samples (void)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-samples", NULL);
  g_assert_true (_bounce_window_is_loading (window));
  wait_until (review_shown, "the sample files to load");
  wait_frames (5);

  g_assert_nonnull (window->session);
  g_assert_nonnull (window->row_model);
  g_assert_cmpuint (bounce_session_get_n_rows (window->session), ==,
                    bounce_contact_list_get_n_rows (reference.contacts));
  /* The window list names the contact file as the file manager does. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "contacts.csv – Bounce");
  g_assert_cmpuint (bounce_session_get_records (window->session)->len, ==, reference.records->len);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->row_model)), ==,
                    bounce_contact_list_get_n_rows (reference.contacts));
}

/* The default window fits a 1400x900 screen. At that size the review
 * shows the Status column, the email address and at least two more
 * columns of the contact list whole. The Status column takes less than a
 * third of the table. */
/* In a window 800 pixels wide, the empty details pane gives its room to
 * the contact list, and comes back when a contact is selected. */
static void
test_narrow_hides_empty_details (void)
{
  GtkWidget *pane = GTK_WIDGET (window->details_pane);
  GtkWidget *scrolled = gtk_widget_get_parent (GTK_WIDGET (window->column_view));
  int width;
  int height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  gtk_toggle_button_set_active (window->filter_buttons[BOUNCE_ROW_GROUP_ALL], TRUE);
  gtk_single_selection_set_selected (window->selection, GTK_INVALID_LIST_POSITION);
  wait_frames (3);
  g_assert_true (gtk_widget_get_visible (pane));

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  wait_frames (10);
  g_assert_false (gtk_widget_get_visible (pane));
  g_assert_cmpint (gtk_widget_get_width (scrolled), >, 700);
  save_screenshot (GTK_WIDGET (window), "screenshot-narrow-no-contact");

  gtk_single_selection_set_selected (window->selection, 0);
  wait_frames (10);
  g_assert_true (gtk_widget_get_visible (pane));
  save_screenshot (GTK_WIDGET (window), "screenshot-narrow-contact");

  gtk_single_selection_set_selected (window->selection, GTK_INVALID_LIST_POSITION);
  wait_frames (3);
  g_assert_false (gtk_widget_get_visible (pane));

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  wait_frames (10);
  g_assert_true (gtk_widget_get_visible (pane));
}

static void
test_default_layout (void)
{
  GListModel *columns = gtk_column_view_get_columns (window->column_view);
  /* The status column comes first, then the list address, then the
   * other columns of the file. */
  guint email_column = 1;
  GtkWidget *scrolled = gtk_widget_get_parent (GTK_WIDGET (window->column_view));
  int table_width;
  int right_edge = 0;
  guint n_whole = 0;

  gtk_toggle_button_set_active (window->filter_buttons[BOUNCE_ROW_GROUP_ALL], TRUE);
  wait_frames (3);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1400);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, 900);

  g_assert_true (GTK_IS_SCROLLED_WINDOW (scrolled));
  table_width = gtk_widget_get_width (scrolled);
  g_assert_cmpint (table_width, >, 0);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      right_edge += gtk_column_view_column_get_fixed_width (column);
      if (right_edge > table_width)
        break;
      n_whole++;
    }

  g_assert_cmpuint (n_whole, >, email_column);
  g_assert_cmpuint (n_whole, >=, 4);
  {
    g_autoptr(GtkColumnViewColumn) status = g_list_model_get_item (columns, 0);

    g_assert_cmpint (3 * gtk_column_view_column_get_fixed_width (status), <, table_width);
  }
}

static void
test_counts (void)
{
  BounceCleanPolicy policy;
  guint expected[BOUNCE_ROW_GROUP_LAST] = { 0 };
  guint n_rows = bounce_contact_list_get_n_rows (reference.contacts);

  reference_policy (&policy);

  for (guint row = 0; row < n_rows; row++)
    {
      BounceRowVerdict verdict;

      bounce_cleaner_get_verdict (reference.cleaner, &policy, row, &verdict);
      expected[BOUNCE_ROW_GROUP_ALL]++;
      /* A removed row is never clean, also when it has no bounce: the
       * list checks removed it, as an invalid address. */
      if (!verdict.removed || bounce_row_group_for_category (verdict.category) != BOUNCE_ROW_GROUP_CLEAN)
        expected[bounce_row_group_for_category (verdict.category)]++;
      else
        expected[BOUNCE_ROW_GROUP_REMOVED_OTHERWISE]++;
      if (verdict.removed)
        expected[BOUNCE_ROW_GROUP_REMOVED]++;

      g_assert_cmpint (bounce_session_get_category (window->session, row), ==, verdict.category);
      g_assert_cmpint (bounce_session_is_removed (window->session, row), ==, verdict.removed);
    }

  /* The sample data has at least one hard bounce, else this test proves
   * little. */
  g_assert_cmpuint (expected[BOUNCE_ROW_GROUP_HARD], >, 0);
  /* It has one address column, so the filter of the rows whose other
   * address bounced is hidden. */
  g_assert_cmpuint (expected[BOUNCE_ROW_GROUP_OTHER_ADDRESS], ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->filter_buttons[BOUNCE_ROW_GROUP_OTHER_ADDRESS])));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->filter_buttons[BOUNCE_ROW_GROUP_BLANK])));
  /* Its invalid addresses are removed without a bounce, and have a
   * filter, so that the filters but All and Removed add up to the rows. */
  g_assert_cmpuint (expected[BOUNCE_ROW_GROUP_REMOVED_OTHERWISE], >, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->filter_buttons[BOUNCE_ROW_GROUP_REMOVED_OTHERWISE])));
  {
    guint sum = 0;

    for (guint group = BOUNCE_ROW_GROUP_REMOVED + 1; group < BOUNCE_ROW_GROUP_LAST; group++)
      sum += bounce_session_get_group_count (window->session, group);
    g_assert_cmpuint (sum, ==, n_rows);
  }

  for (guint group = 0; group < BOUNCE_ROW_GROUP_LAST; group++)
    {
      GtkWidget *count_label = gtk_widget_get_last_child (gtk_button_get_child (GTK_BUTTON (window->filter_buttons[group])));
      g_autofree char *count = g_strdup_printf ("%u", expected[group]);

      g_assert_cmpuint (bounce_session_get_group_count (window->session, group), ==, expected[group]);

      /* The filter button shows the count, and pressing it shows as many
       * rows. */
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count_label)), ==, count);
      gtk_toggle_button_set_active (window->filter_buttons[group], TRUE);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->row_model)), ==, expected[group]);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (window->row_model)); i++)
        g_assert_true (bounce_session_row_in_group (window->session,
                                                    bounce_row_model_get_row (window->row_model, i),
                                                    group));
    }

  gtk_toggle_button_set_active (window->filter_buttons[BOUNCE_ROW_GROUP_ALL], TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->row_model)), ==, n_rows);
}

/* The list view inside the review's column view, whose children are the
 * row widgets in the order of their positions. */
static GtkWidget *
review_list_view (void)
{
  GtkWidget *list_view = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (window->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      list_view = child;
  g_assert_nonnull (list_view);

  return list_view;
}

/* Checks that each row widget of the review shows the contact at its
 * position, and returns how many row widgets there are. */
static guint
assert_rows_show_positions (void)
{
  BounceContactList *contacts = bounce_session_get_contacts (window->session);
  guint email_column = bounce_contact_list_get_email_column (contacts);
  GtkWidget *list_view = review_list_view ();
  guint position = 0;

  for (GtkWidget *row_widget = gtk_widget_get_first_child (list_view);
       row_widget != NULL;
       row_widget = gtk_widget_get_next_sibling (row_widget), position++)
    {
      /* The status cell comes first, then the list address. */
      GtkWidget *status_cell = gtk_widget_get_first_child (row_widget);
      GtkWidget *email_cell = gtk_widget_get_next_sibling (status_cell);
      guint row = bounce_row_model_get_row (window->row_model, position);
      g_autofree char *address = bounce_contact_list_dup_cell (contacts, row, email_column);

      g_assert_true (BOUNCE_IS_STATUS_CELL (gtk_widget_get_first_child (status_cell)));
      g_assert_cmpint (bounce_status_cell_get_category (BOUNCE_STATUS_CELL (gtk_widget_get_first_child (status_cell))),
                       ==, bounce_session_get_category (window->session, row));
      g_assert_true (BOUNCE_IS_TEXT_CELL (gtk_widget_get_first_child (email_cell)));
      g_assert_cmpstr (bounce_text_cell_get_text (BOUNCE_TEXT_CELL (gtk_widget_get_first_child (email_cell))),
                       ==, address);
    }

  return position;
}

/* A filter change gives the row widgets on screen other contacts: each
 * must show the contact now at its position. */
static void
test_filter_rows_rebound (void)
{
  static const BounceRowGroup groups[] = {
    BOUNCE_ROW_GROUP_HARD, BOUNCE_ROW_GROUP_CLEAN, BOUNCE_ROW_GROUP_REMOVED, BOUNCE_ROW_GROUP_ALL,
  };

  wait_frames (3);
  g_assert_cmpuint (assert_rows_show_positions (), >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      guint n_items;

      gtk_toggle_button_set_active (window->filter_buttons[groups[i]], TRUE);
      wait_frames (3);
      n_items = g_list_model_get_n_items (G_LIST_MODEL (window->row_model));

      /* Short lists have a row widget for every contact. */
      g_assert_cmpuint (n_items, >, 0);
      if (n_items < 100)
        g_assert_cmpuint (assert_rows_show_positions (), ==, n_items);
      else
        g_assert_cmpuint (assert_rows_show_positions (), >=, 100);
    }
}

static int
first_row_in_group (BounceRowGroup group)
{
  for (guint row = 0; row < bounce_session_get_n_rows (window->session); row++)
    if (bounce_session_row_in_group (window->session, row, group))
      return row;

  return -1;
}

static void
test_details (void)
{
  int row = first_row_in_group (BOUNCE_ROW_GROUP_HARD);
  GPtrArray *matches;

  g_assert_cmpint (row, >=, 0);
  gtk_single_selection_set_selected (window->selection, bounce_row_model_find_row (window->row_model, row));
  wait_frames (2);

  matches = bounce_cleaner_get_row_matches (reference.cleaner, row);
  g_assert_nonnull (matches);

  /* One view per bounce of the contact. */
  g_assert_cmpuint (bounce_details_pane_get_n_records (window->details_pane), ==, MIN (matches->len, 50));
}

static const char *
template_label_text (GtkWidget  *widget,
                     GType       type,
                     const char *name)
{
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (widget, type, name)));
}

static int
first_row_removed_for (const char *removal)
{
  BounceCleanPolicy policy;

  reference_policy (&policy);
  for (guint row = 0; row < bounce_contact_list_get_n_rows (reference.contacts); row++)
    {
      BounceRowVerdict verdict;

      bounce_cleaner_get_verdict (reference.cleaner, &policy, row, &verdict);
      if (g_strcmp0 (verdict.removal, removal) == 0)
        return row;
    }

  return -1;
}

static void
select_row (int row)
{
  g_assert_cmpint (row, >=, 0);
  gtk_toggle_button_set_active (window->filter_buttons[BOUNCE_ROW_GROUP_ALL], TRUE);
  gtk_single_selection_set_selected (window->selection, bounce_row_model_find_row (window->row_model, row));
  wait_frames (2);
}

/* Calls @func on every record view of the details pane. */
static void
foreach_record_view (void (*func) (BounceRecordView *view, gpointer user_data),
                     gpointer user_data)
{
  GtkWidget *records_box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window->details_pane),
                                                                      BOUNCE_TYPE_DETAILS_PANE, "records_box"));

  for (GtkWidget *child = gtk_widget_get_first_child (records_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    func (BOUNCE_RECORD_VIEW (child), user_data);
}

static void
assert_advice_labelled_cb (BounceRecordView *view,
                           gpointer          user_data)
{
  GObject *action_row = gtk_widget_get_template_child (GTK_WIDGET (view), BOUNCE_TYPE_RECORD_VIEW, "action_row");

  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (action_row)), ==, "This Bounce Alone");
}

static void
test_details_soft_limit (void)
{
  int row = first_row_removed_for ("soft-limit");
  GtkWidget *pane = GTK_WIDGET (window->details_pane);
  const char *advice;
  BounceCleanPolicy policy;
  BounceRowVerdict verdict;
  g_autofree char *count = NULL;

  /* The samples have a contact whose soft bounces reach the default limit.
   * Without one, this test proves nothing. */
  g_assert_cmpint (row, >=, 0);
  select_row (row);
  reference_policy (&policy);
  bounce_cleaner_get_verdict (reference.cleaner, &policy, row, &verdict);

  g_assert_true (g_str_has_prefix (template_label_text (pane, BOUNCE_TYPE_DETAILS_PANE, "verdict_label"),
                                   "Removed when saving"));

  /* The contact's advice gives the reason for the removal and never
   * the single soft bounce's "try again later". */
  advice = template_label_text (pane, BOUNCE_TYPE_DETAILS_PANE, "advice_label");
  count = g_strdup_printf ("%u times", verdict.n_soft);
  g_assert_nonnull (strstr (advice, count));
  g_assert_null (strstr (advice, bounce_category_get_action (BOUNCE_CATEGORY_SOFT)));

  /* Each bounce's own advice is titled as being about that bounce alone. */
  g_assert_cmpuint (bounce_details_pane_get_n_records (window->details_pane), >, 0);
  foreach_record_view (assert_advice_labelled_cb, NULL);

  save_screenshot (GTK_WIDGET (window), "screenshot-soft-limit");
}

static void
test_details_kept_by_choice (void)
{
  int row = first_row_removed_for ("hard");
  const char *verdict_text;

  g_settings_set_boolean (window->settings, "remove-hard", FALSE);
  select_row (row);

  verdict_text = template_label_text (GTK_WIDGET (window->details_pane), BOUNCE_TYPE_DETAILS_PANE, "verdict_label");
  g_assert_true (g_str_has_prefix (verdict_text, "Kept"));
  g_assert_nonnull (strstr (verdict_text, "save choices"));
  /* "Remove the address." would contradict "Kept". */
  g_assert_null (strstr (template_label_text (GTK_WIDGET (window->details_pane), BOUNCE_TYPE_DETAILS_PANE, "advice_label"),
                         bounce_category_get_action (BOUNCE_CATEGORY_HARD)));

  g_settings_reset (window->settings, "remove-hard");
}

/* TRUE when the first run of @attributes, where a contact's address
 * starts, turns hyphenation off. */
static gboolean
attributes_have_no_hyphens (PangoAttrList *attributes)
{
  g_autoptr(PangoAttrIterator) iterator = NULL;
  PangoAttribute *attribute;

  if (attributes == NULL)
    return FALSE;

  iterator = pango_attr_list_get_iterator (attributes);
  attribute = pango_attr_iterator_get (iterator, PANGO_ATTR_INSERT_HYPHENS);

  return attribute != NULL && !((PangoAttrInt *) attribute)->value;
}

/* The label under @widget that shows @text. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = find_label (child, text);

      if (label != NULL)
        return label;
    }

  return NULL;
}

static void
assert_record_view_text_cb (BounceRecordView *view,
                            gpointer          user_data)
{
  GPtrArray *matches = user_data;
  GObject *date_label = gtk_widget_get_template_child (GTK_WIDGET (view), BOUNCE_TYPE_RECORD_VIEW, "date_label");
  GObject *match_row = gtk_widget_get_template_child (GTK_WIDGET (view), BOUNCE_TYPE_RECORD_VIEW, "match_row");
  const char *title = gtk_label_get_text (GTK_LABEL (date_label));
  const char *match_text = adw_action_row_get_subtitle (ADW_ACTION_ROW (match_row));
  const BounceMatch *match = NULL;
  GtkLabel *subtitle;

  for (guint i = 0; i < matches->len && match == NULL; i++)
    {
      const BounceMatch *candidate = g_ptr_array_index (matches, i);
      g_autofree char *date = NULL;

      if (candidate->record->date == NULL)
        continue;
      date = bounce_gui_format_date (candidate->record->date);
      if (g_strcmp0 (date, title) == 0)
        match = candidate;
    }
  g_assert_nonnull (match);

  /* The month is a name and the year has four digits: "7 May 2024". */
  {
    g_autoptr(GDateTime) local = g_date_time_to_local (match->record->date);
    g_autofree char *month = g_date_time_format (local, "%B");
    g_autofree char *year = g_date_time_format (local, "%Y");

    g_assert_nonnull (strstr (title, month));
    g_assert_nonnull (strstr (title, year));
  }

  /* How the bounce was matched, in plain words, and an address that is
   * never hyphenated where the line wraps. */
  g_assert_nonnull (strstr (match_text, bounce_match_kind_get_title (match->kind)));
  g_assert_null (strstr (match_text, "VERP"));
  g_assert_true (g_str_has_prefix (match_text, match->address));
  subtitle = find_label (GTK_WIDGET (match_row), match_text);
  g_assert_nonnull (subtitle);
  g_assert_true (attributes_have_no_hyphens (pango_layout_get_attributes (gtk_label_get_layout (subtitle))));
}

static void
test_details_text (void)
{
  int row = -1;
  GtkLabel *address_label;
  GPtrArray *matches;

  /* A contact matched through the return address of the mailing. */
  for (guint i = 0; i < bounce_contact_list_get_n_rows (reference.contacts) && row < 0; i++)
    {
      GPtrArray *candidates = bounce_cleaner_get_row_matches (reference.cleaner, i);

      for (guint j = 0; candidates != NULL && j < candidates->len; j++)
        if (((BounceMatch *) g_ptr_array_index (candidates, j))->kind == BOUNCE_MATCH_VERP)
          row = i;
    }
  g_assert_cmpint (row, >=, 0);
  select_row (row);

  matches = bounce_cleaner_get_row_matches (reference.cleaner, row);
  foreach_record_view (assert_record_view_text_cb, matches);

  address_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (window->details_pane),
                                                            BOUNCE_TYPE_DETAILS_PANE, "address_label"));
  g_assert_cmpstr (gtk_label_get_text (address_label), ==, bounce_contact_list_get_address (reference.contacts, row));
  g_assert_true (attributes_have_no_hyphens (gtk_label_get_attributes (address_label)));

  /* The sample's bounce names the forwarding address that failed, so the
   * contact is kept for a person to check, and the pane names it. */
  g_assert_nonnull (((BounceMatch *) g_ptr_array_index (matches, 0))->failed_address);
  g_assert_cmpstr (template_label_text (GTK_WIDGET (window->details_pane), BOUNCE_TYPE_DETAILS_PANE,
                                       "verdict_label"),
                   ==, "Kept for you to check: the bounce is for lena@fischer-family.example.net.");
  /* "The contact's address", not "this address", which would be the
   * failed one named just before. */
  g_assert_cmpstr (template_label_text (GTK_WIDGET (window->details_pane), BOUNCE_TYPE_DETAILS_PANE,
                                       "advice_label"),
                   ==, "The bounce names lena@fischer-family.example.net as the address that failed, and it came "
                       "back on a message sent to this contact. The contact’s address may be a group of which only "
                       "lena@fischer-family.example.net failed, or it may forward its mail there. The contact is "
                       "kept. If its address only forwards to the failed address, delete its row in the contact "
                       "file yourself.");
}

static gboolean
view_idle (void)
{
  return bounce_row_model_is_search_ready (window->row_model)
         && !gtk_widget_get_visible (GTK_WIDGET (window->busy_spinner));
}

/* The first sample row whose address is invalid, or that has @flag. */
static int
first_row_with_finding (BounceHygieneFlags flag)
{
  for (guint row = 0; row < bounce_contact_list_get_n_rows (reference.contacts); row++)
    {
      if (flag == BOUNCE_HYGIENE_FLAG_NONE ? bounce_hygiene_is_invalid (reference.hygiene, row)
                                           : (bounce_hygiene_get_flags (reference.hygiene, row) & flag) != 0)
        return row;
    }

  return -1;
}

/* What the list checks found about a contact shows in its details. */
static void
test_details_list_checks (void)
{
  int typo_row = first_row_with_finding (BOUNCE_HYGIENE_FLAG_TYPO);
  int invalid_row = first_row_with_finding (BOUNCE_HYGIENE_FLAG_NONE);
  int hard_row = first_row_removed_for ("hard");
  GtkWidget *pane = GTK_WIDGET (window->details_pane);
  GtkWidget *findings_label = GTK_WIDGET (gtk_widget_get_template_child (pane, BOUNCE_TYPE_DETAILS_PANE,
                                                                         "findings_label"));
  g_auto(GStrv) typo_findings = NULL;
  g_autofree char *expected_typo = NULL;
  g_autofree char *invalid_message = NULL;
  g_autofree char *expected_invalid = NULL;
  g_autofree char *invalid_cell = NULL;
  BounceCleanPolicy policy;
  BounceRowHygiene typo;

  /* The samples plant typos and invalid addresses. Without them this
   * test proves nothing. */
  g_assert_cmpint (typo_row, >=, 0);
  g_assert_cmpint (invalid_row, >=, 0);
  g_assert_cmpint (hard_row, >=, 0);
  g_assert_null (bounce_hygiene_dup_findings (reference.hygiene, hard_row));

  /* A typo names the misspelt domain and the likely one. */
  bounce_hygiene_get_row (reference.hygiene, typo_row, &typo);
  expected_typo = g_strdup_printf ("Possible typo: %s — did you mean %s?",
                                   strrchr (typo.address, '@') + 1, typo.suggested_domain);
  typo_findings = bounce_hygiene_dup_findings (reference.hygiene, typo_row);
  g_assert_cmpstr (typo_findings[0], ==, expected_typo);
  select_row (typo_row);
  g_assert_true (gtk_widget_get_visible (findings_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (findings_label)), ==, expected_typo);
  g_assert_cmpstr (template_label_text (pane, BOUNCE_TYPE_DETAILS_PANE, "verdict_label"), ==,
                   "Kept: no bounce for this contact.");
  save_screenshot (GTK_WIDGET (window), "screenshot-list-checks");

  /* An invalid address gets the reason it is invalid and a verdict that
   * names it. */
  invalid_message = bounce_hygiene_dup_syntax_message (reference.hygiene, invalid_row);
  expected_invalid = g_strdup_printf ("Invalid address. %s", invalid_message);
  select_row (invalid_row);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (findings_label)), ==, expected_invalid);
  /* Its title is the cell as the file has it. */
  invalid_cell = bounce_contact_list_dup_cell (reference.contacts, invalid_row,
                                               bounce_contact_list_get_email_column (reference.contacts));
  g_assert_cmpstr (template_label_text (pane, BOUNCE_TYPE_DETAILS_PANE, "address_label"), ==,
                   g_strstrip (invalid_cell));
  g_assert_cmpstr (template_label_text (pane, BOUNCE_TYPE_DETAILS_PANE, "verdict_label"), ==,
                   "Removed when saving: the address is invalid.");

  g_settings_set_boolean (window->settings, "remove-invalid", FALSE);
  wait_frames (3);
  select_row (invalid_row);
  g_assert_cmpstr (template_label_text (pane, BOUNCE_TYPE_DETAILS_PANE, "verdict_label"), ==,
                   "Kept: invalid addresses are kept with the current save choices.");
  g_settings_reset (window->settings, "remove-invalid");
  wait_frames (3);

  /* A warning that the policy removes is named in the verdict. The app
   * has no setting for it yet, but bounce-cli clean --remove-risky has. */
  policy = *bounce_session_get_policy (window->session);
  policy.remove_flags = BOUNCE_HYGIENE_FLAG_TYPO;
  bounce_session_set_policy (window->session, &policy);
  select_row (typo_row);
  g_assert_cmpstr (template_label_text (pane, BOUNCE_TYPE_DETAILS_PANE, "verdict_label"), ==,
                   "Removed when saving: the save choices remove addresses with the warning “Possible typo”.");
  policy.remove_flags = BOUNCE_HYGIENE_FLAG_NONE;
  bounce_session_set_policy (window->session, &policy);

  /* A contact with no findings shows none. */
  select_row (hard_row);
  g_assert_false (gtk_widget_get_visible (findings_label));
}

static void
test_sort_by_status (void)
{
  GListModel *columns = gtk_column_view_get_columns (window->column_view);
  g_autoptr(GtkColumnViewColumn) status = g_list_model_get_item (columns, 0);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (window->row_model));

  /* The same call a click on the column header makes. */
  wait_until (view_idle, "the search text to be ready");
  gtk_column_view_sort_by_column (window->column_view, status, GTK_SORT_ASCENDING);
  wait_until (view_idle, "the sort to finish");
  for (guint i = 1; i < n_items; i++)
    {
      BounceCategory previous = bounce_session_get_category (window->session, bounce_row_model_get_row (window->row_model, i - 1));
      BounceCategory current = bounce_session_get_category (window->session, bounce_row_model_get_row (window->row_model, i));

      g_assert_cmpint (bounce_category_compare_severity (previous, current), >=, 0);
    }
  g_assert_cmpint (bounce_session_get_category (window->session, bounce_row_model_get_row (window->row_model, 0)),
                   ==, BOUNCE_CATEGORY_HARD);

  gtk_column_view_sort_by_column (window->column_view, NULL, GTK_SORT_ASCENDING);
  wait_until (view_idle, "the sort to finish");
  for (guint i = 0; i < n_items; i++)
    g_assert_cmpuint (bounce_row_model_get_row (window->row_model, i), ==, i);
}

static const char *
filter_count_text (BounceRowGroup group)
{
  GtkWidget *box = gtk_button_get_child (GTK_BUTTON (window->filter_buttons[group]));

  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_last_child (box)));
}

static const char *
pane_page (void)
{
  GObject *stack = gtk_widget_get_template_child (GTK_WIDGET (window->details_pane), BOUNCE_TYPE_DETAILS_PANE, "stack");

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static void
test_search (void)
{
  int row = first_row_in_group (BOUNCE_ROW_GROUP_HARD);
  const char *address = bounce_contact_list_get_address (reference.contacts, row);
  g_autofree char *upper = g_ascii_strup (address, -1);
  g_autofree char *summary = NULL;
  g_autofree char *total = NULL;
  guint expected[BOUNCE_ROW_GROUP_LAST] = { 0 };
  guint n_items;
  gboolean found = FALSE;

  wait_until (view_idle, "the search text to be ready");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  g_assert_true (gtk_search_bar_get_search_mode (window->search_bar));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (window->search_entry))
                 || gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (window->search_entry)));

  /* The selected contact stays selected while the search finds it. */
  gtk_single_selection_set_selected (window->selection, bounce_row_model_find_row (window->row_model, row));

  /* Case does not matter. */
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), upper);
  g_signal_emit_by_name (window->search_entry, "search-changed");
  n_items = g_list_model_get_n_items (G_LIST_MODEL (window->row_model));
  g_assert_cmpuint (n_items, >=, 1);
  g_assert_cmpuint (n_items, <, bounce_session_get_n_rows (window->session));
  for (guint i = 0; i < n_items; i++)
    found |= bounce_row_model_get_row (window->row_model, i) == (guint) row;
  g_assert_true (found);
  g_assert_cmpint (bounce_row_model_get_row (window->row_model, gtk_single_selection_get_selected (window->selection)), ==, row);
  g_assert_cmpstr (pane_page (), ==, "contact");

  /* The filter buttons count what the search found, group by group. */
  for (guint i = 0; i < n_items; i++)
    {
      guint found_row = bounce_row_model_get_row (window->row_model, i);

      expected[BOUNCE_ROW_GROUP_ALL]++;
      expected[bounce_row_group_for_category (bounce_session_get_category (window->session, found_row))]++;
      if (bounce_session_is_removed (window->session, found_row))
        expected[BOUNCE_ROW_GROUP_REMOVED]++;
    }
  for (guint group = 0; group < BOUNCE_ROW_GROUP_LAST; group++)
    {
      g_autofree char *count = g_strdup_printf ("%u", expected[group]);

      g_assert_cmpstr (filter_count_text (group), ==, count);
    }
  summary = g_strdup_printf ("%u of %u contacts match the search", n_items, bounce_session_get_n_rows (window->session));
  g_assert_cmpstr (gtk_label_get_text (window->summary_label), ==, summary);
  save_screenshot (GTK_WIDGET (window), "screenshot-search");

  /* A search that leaves the selected contact out clears the pane. */
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "no such text anywhere in the list");
  g_signal_emit_by_name (window->search_entry, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->row_model)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->contacts_stack), ==, "no-results");
  g_assert_cmpstr (pane_page (), ==, "empty");
  g_assert_cmpstr (filter_count_text (BOUNCE_ROW_GROUP_ALL), ==, "0");

  g_signal_emit_by_name (window->search_entry, "stop-search");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->row_model)), ==,
                    bounce_session_get_n_rows (window->session));
  total = g_strdup_printf ("%u", bounce_session_get_n_rows (window->session));
  g_assert_cmpstr (filter_count_text (BOUNCE_ROW_GROUP_ALL), ==, total);
}

/* An address too broken to read is found by its cell as written. */
static void
test_search_invalid_address (void)
{
  int row = first_row_with_finding (BOUNCE_HYGIENE_FLAG_NONE);
  g_autofree char *cell = NULL;

  g_assert_cmpint (row, >=, 0);
  cell = bounce_contact_list_dup_cell (reference.contacts, row, bounce_contact_list_get_email_column (reference.contacts));
  g_assert_null (bounce_contact_list_get_address (reference.contacts, row));

  wait_until (view_idle, "the search text to be ready");
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), cell);
  g_signal_emit_by_name (window->search_entry, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->row_model)), ==, 1);
  g_assert_cmpuint (bounce_row_model_get_row (window->row_model, 0), ==, row);

  g_signal_emit_by_name (window->search_entry, "stop-search");
}

/* A search without accents finds a name written with them. */
static void
test_search_accents (void)
{
  guint n_columns = bounce_contact_list_get_n_columns (reference.contacts);
  int jurgen_row = -1;
  gboolean found = FALSE;

  for (guint row = 0; row < bounce_contact_list_get_n_rows (reference.contacts) && jurgen_row < 0; row++)
    for (guint column = 0; column < n_columns; column++)
      {
        g_autofree char *cell = bounce_contact_list_dup_cell (reference.contacts, row, column);

        if (g_strcmp0 (cell, "Jürgen") == 0)
          jurgen_row = (int) row;
      }
  g_assert_cmpint (jurgen_row, >=, 0);

  wait_until (view_idle, "the search text to be ready");
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "jurgen");
  g_signal_emit_by_name (window->search_entry, "search-changed");
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (window->row_model)); i++)
    found |= bounce_row_model_get_row (window->row_model, i) == (guint) jurgen_row;
  g_assert_true (found);

  g_signal_emit_by_name (window->search_entry, "stop-search");
}

/* Sends @keyval to the search field's key handler, as a key press in
 * the field would, and returns whether the handler took the key. */
static gboolean
press_key_in_search (guint keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window->search_entry));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "bounce-search-keys") != 0)
        continue;

      g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);

      return handled;
    }

  g_error ("The search field has no key handler");
}

/* From the search field, Down goes to the first result and shows it in
 * the details pane. A row that gets the focus in any way is the selected
 * row. Ctrl+F in a search field that has the focus already selects its
 * text, so typing replaces it. */
static void
test_search_keyboard (void)
{
  GtkWidget *list_view = review_list_view ();
  GtkWidget *third_row;
  int start = -1;
  int end = -1;

  wait_until (view_idle, "the search text to be ready");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "example");
  g_signal_emit_by_name (window->search_entry, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->row_model)), >=, 3);
  gtk_single_selection_set_selected (window->selection, GTK_INVALID_LIST_POSITION);
  wait_frames (3);

  /* Down goes to the first result, not to the filter buttons below. */
  g_assert_true (press_key_in_search (GDK_KEY_Down));
  g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), ==, 0);
  g_assert_true (focus_is_inside (list_view));
  g_assert_true (focus_is_inside (gtk_widget_get_first_child (list_view)));
  g_assert_cmpstr (pane_page (), ==, "contact");

  /* Other keys stay with the field. */
  g_assert_false (press_key_in_search (GDK_KEY_Up));
  g_assert_false (press_key_in_search (GDK_KEY_a));

  /* The row that gets the focus becomes the selected row. */
  third_row = gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (gtk_widget_get_first_child (list_view)));
  g_assert_nonnull (third_row);
  g_assert_true (gtk_widget_grab_focus (third_row));
  g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), ==, 2);
  g_assert_cmpstr (pane_page (), ==, "contact");

  /* Ctrl+F with the focus in the field already selects the search. */
  gtk_widget_grab_focus (GTK_WIDGET (window->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (window->search_entry), 3, 3);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  g_assert_true (gtk_editable_get_selection_bounds (GTK_EDITABLE (window->search_entry), &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, (int) strlen ("example"));

  g_signal_emit_by_name (window->search_entry, "stop-search");
}

/* Tab from a filter button into the list moves the focus only: the
 * selection, and with it the details pane, changes only when the person
 * picks a row, with a click or the arrow keys. */
static void
test_focus_keeps_selection (void)
{
  GtkWidget *list_view = review_list_view ();
  GtkWidget *all = GTK_WIDGET (window->filter_buttons[BOUNCE_ROW_GROUP_ALL]);

  gtk_toggle_button_set_active (window->filter_buttons[BOUNCE_ROW_GROUP_ALL], TRUE);
  gtk_single_selection_set_selected (window->selection, GTK_INVALID_LIST_POSITION);
  wait_frames (3);
  g_assert_cmpstr (pane_page (), ==, "empty");

  g_assert_true (gtk_widget_grab_focus (all));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window->column_view), GTK_DIR_TAB_FORWARD));
  wait_frames (2);
  g_assert_true (focus_is_inside (list_view));
  g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), ==, GTK_INVALID_LIST_POSITION);
  g_assert_cmpstr (pane_page (), ==, "empty");

  /* Focus that comes back to the window, as after a dialog, selects
   * nothing either. */
  g_assert_true (gtk_widget_grab_focus (all));
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_first_child (list_view)));
  g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), ==, GTK_INVALID_LIST_POSITION);

  /* Down from the focused row selects the next one. */
  g_assert_true (gtk_widget_child_focus (list_view, GTK_DIR_DOWN));
  wait_frames (2);
  g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), ==, 1);
  g_assert_cmpstr (pane_page (), ==, "contact");

  gtk_single_selection_set_selected (window->selection, GTK_INVALID_LIST_POSITION);
}

/* Type-to-search starts in the list, which gets the first letter, but
 * GTK never passes a space on. The search field takes the focus then, so
 * the rest of a name such as "jane doe" is typed there, after the text. */
static void
test_type_to_search_focus (void)
{
  GtkWidget *list_view = review_list_view ();
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (window->search_entry));
  int start = -1;
  int end = -1;

  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_first_child (list_view)));
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "jane");
  gtk_editable_set_position (text, 0);
  g_assert_false (gtk_widget_has_focus (GTK_WIDGET (text)));
  g_signal_emit_by_name (window->search_entry, "search-started");

  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (text)));
  g_assert_false (gtk_editable_get_selection_bounds (GTK_EDITABLE (window->search_entry), &start, &end));
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (window->search_entry)), ==, (int) strlen ("jane"));

  g_signal_emit_by_name (window->search_entry, "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->search_entry)), ==, "");
}

/* The status cell of the first row widget of the review. */
static BounceStatusCell *
first_status_cell (void)
{
  GtkWidget *list_view = review_list_view ();
  GtkWidget *row_widget;

  row_widget = gtk_widget_get_first_child (list_view);
  g_assert_nonnull (row_widget);

  return BOUNCE_STATUS_CELL (gtk_widget_get_first_child (gtk_widget_get_first_child (row_widget)));
}

/* A translated badge can fill the status column ("Rebond permanent" in
 * French), as an English one does in a narrower column. The removed icon
 * must stay inside the cell, and the badge is cut with "…". */
static void
test_status_cell_narrow (void)
{
  GListModel *columns = gtk_column_view_get_columns (window->column_view);
  g_autoptr(GtkColumnViewColumn) status = g_list_model_get_item (columns, 0);
  guint n_removed = 0;

  gtk_column_view_column_set_fixed_width (status, 110);
  wait_frames (3);

  for (GtkWidget *row_widget = gtk_widget_get_first_child (review_list_view ());
       row_widget != NULL;
       row_widget = gtk_widget_get_next_sibling (row_widget))
    {
      GtkWidget *cell = gtk_widget_get_first_child (gtk_widget_get_first_child (row_widget));
      GtkWidget *badge = gtk_widget_get_first_child (cell);
      int cell_width = gtk_widget_get_width (cell);

      /* The list view keeps a few spare row widgets off screen. */
      g_assert_true (BOUNCE_IS_STATUS_CELL (cell));
      if (!gtk_widget_get_mapped (cell))
        continue;
      g_assert_cmpint (cell_width, <=, 110);
      for (GtkWidget *child = badge; child != NULL; child = gtk_widget_get_next_sibling (child))
        {
          graphene_rect_t bounds;

          if (!GTK_IS_IMAGE (child) || !gtk_widget_get_visible (child) ||
              !gtk_widget_has_css_class (child, "removed-icon"))
            continue;

          g_assert_true (gtk_widget_compute_bounds (child, cell, &bounds));
          g_assert_cmpfloat (bounds.origin.x, >=, 0);
          g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, cell_width);
          g_assert_cmpfloat (bounds.size.width, >, 0);
          g_assert_true (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (badge))));
          n_removed++;
        }
    }
  g_assert_cmpuint (n_removed, >, 0);

  gtk_column_view_column_set_fixed_width (status, BOUNCE_WINDOW_STATUS_WIDTH);
  wait_frames (3);
}

/* The longest part of @address between an "@" and a ".", in bytes. */
static gsize
longest_address_part (const char *address)
{
  gsize longest = 0;
  gsize start = 0;

  for (gsize i = 1; address[i - 1] != '\0'; i++)
    if (address[i] == '\0' || address[i] == '@' || address[i] == '.')
      {
        longest = MAX (longest, i - start);
        start = i;
      }

  return longest;
}

/* Wraps the details title of @row at half its width on one line, and
 * returns the layout. */
static PangoLayout *
wrap_details_title (int row,
                    int *width)
{
  GtkLabel *address_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (window->details_pane),
                                                                      BOUNCE_TYPE_DETAILS_PANE, "address_label"));
  PangoLayout *layout;

  bounce_details_pane_show_row (window->details_pane, window->session, row);
  g_assert_cmpstr (gtk_label_get_text (address_label), ==, bounce_contact_list_get_address (reference.contacts, row));

  layout = pango_layout_copy (gtk_label_get_layout (address_label));
  pango_layout_set_width (layout, -1);
  pango_layout_get_size (layout, width, NULL);
  *width /= 2;
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, *width);
  g_assert_cmpint (pango_layout_get_line_count (layout), >=, 2);

  return layout;
}

/* The details title wraps a long address before an "@" or a ".", not
 * between two letters ("alice.moreau@example.co" and "m"). A part too
 * long for the pane still wraps inside it. */
static void
test_details_address_wraps (void)
{
  guint n_rows = bounce_contact_list_get_n_rows (reference.contacts);
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoLayout) long_layout = NULL;
  PangoLayoutIter *iter;
  const char *address;
  int short_row = -1;
  int long_row = -1;
  int width;
  int line_width;

  /* The longest address of short parts, and one with a long part. */
  for (guint i = 0; i < n_rows; i++)
    {
      const char *candidate = bounce_contact_list_get_address (reference.contacts, i);

      if (candidate == NULL)
        continue;
      if (longest_address_part (candidate) <= 16 &&
          (short_row < 0 || strlen (candidate) > strlen (bounce_contact_list_get_address (reference.contacts, short_row))))
        short_row = (int) i;
      if (long_row < 0 ||
          longest_address_part (candidate) > longest_address_part (bounce_contact_list_get_address (reference.contacts, long_row)))
        long_row = (int) i;
    }
  g_assert_cmpint (short_row, >=, 0);
  g_assert_cmpint (long_row, >=, 0);

  address = bounce_contact_list_get_address (reference.contacts, short_row);
  g_assert_cmpuint (strlen (address), >=, 20);
  layout = wrap_details_title (short_row, &width);
  iter = pango_layout_get_iter (layout);
  while (pango_layout_iter_next_line (iter))
    {
      int start = pango_layout_iter_get_index (iter);

      g_test_message ("line of “%s” from “%s”", address, address + start);
      g_assert_true (address[start] == '@' || address[start] == '.');
    }
  pango_layout_iter_free (iter);

  g_assert_cmpuint (longest_address_part (bounce_contact_list_get_address (reference.contacts, long_row)), >, 20);
  long_layout = wrap_details_title (long_row, &width);
  pango_layout_get_size (long_layout, &line_width, NULL);
  g_assert_cmpint (line_width, <=, width);
}

/* A contact kept because the bounce names another address: the advice
 * names the step a person takes outside the app, which has no way to
 * remove a single row. */
static void
test_details_check_advice (void)
{
  GtkWidget *pane = GTK_WIDGET (window->details_pane);
  const char *advice;
  int row = -1;

  for (guint i = 0; i < bounce_session_get_n_rows (window->session) && row < 0; i++)
    {
      BounceRowVerdict verdict;

      bounce_cleaner_get_verdict (bounce_session_get_cleaner (window->session),
                                  bounce_session_get_policy (window->session), i, &verdict);
      if (verdict.check_address != NULL)
        row = (int) i;
    }
  g_assert_cmpint (row, >=, 0);

  bounce_details_pane_show_row (window->details_pane, window->session, row);
  advice = template_label_text (pane, BOUNCE_TYPE_DETAILS_PANE, "advice_label");
  g_assert_nonnull (strstr (advice, "delete its row in the contact file yourself"));
  g_assert_null (strstr (advice, "by hand"));
  /* Remove This Contact needs the suppression list of a history. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (pane, BOUNCE_TYPE_DETAILS_PANE,
                                                                                     "remove_button"))));
}

/* A row kept to check has a badge of its own, so it does not look like
 * the removed hard bounces. */
static void
test_to_check_badge (void)
{
  wait_until (view_idle, "the search text to be ready");
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "lena.fischer@example.com");
  g_signal_emit_by_name (window->search_entry, "search-changed");
  wait_frames (3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->row_model)), ==, 1);
  g_assert_cmpstr (bounce_status_cell_get_badge_text (first_status_cell ()), ==, "To check");
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_first_child (GTK_WIDGET (first_status_cell ())),
                                           "badge-to-check"));
  g_assert_false (gtk_widget_has_css_class (gtk_widget_get_first_child (GTK_WIDGET (first_status_cell ())),
                                            "badge-hard"));
  gtk_single_selection_set_selected (window->selection, 0);
  wait_frames (3);
  g_assert_cmpstr (template_label_text (GTK_WIDGET (window->details_pane), BOUNCE_TYPE_DETAILS_PANE, "badge_label"),
                   ==, "To check");
  save_screenshot (GTK_WIDGET (window), "screenshot-to-check-badge");

  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "mario@pasticceria-rossi.example.net");
  g_signal_emit_by_name (window->search_entry, "search-changed");
  wait_frames (3);
  g_assert_cmpstr (bounce_status_cell_get_badge_text (first_status_cell ()), ==, "Hard bounce");
  g_signal_emit_by_name (window->search_entry, "stop-search");
}

/* The details show the date whole on two lines where one is too narrow,
 * as with a long French month beside a badge. */
static void
test_details_date_wraps (void)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *date_text = NULL;
  const char *message = "From: Mail Delivery System <mailer-daemon@example.org>\n"
                        "To: news@example.com\n"
                        "Date: Wed, 2 Dec 2026 10:15:00 +0000\n"
                        "Subject: Undelivered Mail Returned to Sender\n"
                        "\n"
                        "<lars.holm@example.net>:\n"
                        "550 5.1.1 <lars.holm@example.net>: Recipient address rejected: User unknown\n";
  GtkWidget *test_window = gtk_window_new ();
  GtkWidget *view;
  GtkLabel *date_label;
  PangoLayout *layout;
  int natural;

  records = bounce_parse_message (message, strlen (message), "notice.eml", -1, 0);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_nonnull (((BounceRecord *) g_ptr_array_index (records, 0))->date);
  view = bounce_record_view_new (g_ptr_array_index (records, 0), BOUNCE_MATCH_NONE, NULL);
  date_label = GTK_LABEL (gtk_widget_get_template_child (view, BOUNCE_TYPE_RECORD_VIEW, "date_label"));
  date_text = bounce_gui_format_date (((BounceRecord *) g_ptr_array_index (records, 0))->date);

  gtk_window_set_child (GTK_WINDOW (test_window), view);
  gtk_widget_set_size_request (view, 180, -1);
  gtk_window_set_default_size (GTK_WINDOW (test_window), 1, 1);
  gtk_window_present (GTK_WINDOW (test_window));
  wait_frames (3);

  /* The label is narrower than its text on one line, so it must wrap. */
  gtk_widget_measure (GTK_WIDGET (date_label), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (date_label)), <, natural);
  g_assert_cmpstr (gtk_label_get_text (date_label), ==, date_text);
  layout = gtk_label_get_layout (date_label);
  g_assert_false (pango_layout_is_ellipsized (layout));
  g_assert_cmpint (pango_layout_get_line_count (layout), >=, 2);

  /* GLib pads a one-digit day with a figure space, which would indent
   * the date. */
  g_assert_false (g_str_has_prefix (date_text, "\u2007"));
  g_assert_false (g_str_has_prefix (date_text, " "));

  gtk_window_destroy (GTK_WINDOW (test_window));
}

/* A contact that no bounce describes shows its first list-check finding
 * in the status cell. */
static void
test_status_list_checks (void)
{
  static const BounceHygieneFlags kinds[] = { BOUNCE_HYGIENE_FLAG_TYPO, BOUNCE_HYGIENE_FLAG_NONE };
  int email_column = bounce_contact_list_get_email_column (reference.contacts);

  wait_until (view_idle, "the search text to be ready");
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      int row = first_row_with_finding (kinds[i]);
      g_autofree char *cell = NULL;
      g_auto(GStrv) findings = NULL;

      g_assert_cmpint (row, >=, 0);
      cell = bounce_contact_list_dup_cell (reference.contacts, row, email_column);
      findings = bounce_hygiene_dup_findings (reference.hygiene, row);
      g_assert_nonnull (findings);

      gtk_editable_set_text (GTK_EDITABLE (window->search_entry), cell);
      g_signal_emit_by_name (window->search_entry, "search-changed");
      wait_frames (3);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->row_model)), ==, 1);
      g_assert_cmpstr (bounce_status_cell_get_description (first_status_cell ()), ==, findings[0]);
      /* An invalid address has a badge that marks it invalid. */
      if (kinds[i] == BOUNCE_HYGIENE_FLAG_NONE)
        g_assert_cmpstr (bounce_status_cell_get_badge_text (first_status_cell ()), ==, "Invalid");
      else
        g_assert_null (bounce_status_cell_get_badge_text (first_status_cell ()));
    }

  g_signal_emit_by_name (window->search_entry, "stop-search");
}

static GtkWidget *
export_dialog_child (BounceExportDialog *dialog,
                     const char         *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), BOUNCE_TYPE_EXPORT_DIALOG, name));
}

/* The Save dialog's choices apply only when the person saves: closing it
 * keeps the settings and the review as they were, and a save keeps its
 * choices, which Preferences then shows. */
static void
test_export_dialog_cancel_keeps_settings (void)
{
  g_autofree char *output = g_build_filename (work_dir, "out", "choices-cleaned.csv", NULL);
  g_autofree char *out_dir = g_build_filename (work_dir, "out", NULL);
  guint removed_before = bounce_session_get_group_count (window->session, BOUNCE_ROW_GROUP_REMOVED);
  g_autofree char *counts_before = NULL;
  BouncePreferencesWindow *preferences;
  BounceExportDialog *dialog;
  GtkWidget *hard_switch;
  GtkWidget *counts_label;
  GObject *preferences_hard;

  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0700), ==, 0);
  g_assert_true (g_settings_get_boolean (window->settings, "remove-hard"));

  dialog = bounce_export_dialog_new (GTK_WINDOW (window), window->session, window->settings);
  gtk_window_present (GTK_WINDOW (dialog));
  hard_switch = export_dialog_child (dialog, "remove_hard_switch");
  counts_label = export_dialog_child (dialog, "counts_label");
  counts_before = g_strdup (gtk_label_get_text (GTK_LABEL (counts_label)));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (hard_switch)));

  /* The counts follow the switch, and nothing else does. */
  gtk_switch_set_active (GTK_SWITCH (hard_switch), FALSE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (export_dialog_child (dialog, "soft_limit_spin")), 1);
  wait_frames (3);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (counts_label)), !=, counts_before);
  g_assert_true (g_settings_get_boolean (window->settings, "remove-hard"));
  g_assert_cmpuint (g_settings_get_uint (window->settings, "soft-bounce-limit"), ==, 3);
  g_assert_true (g_settings_get_user_value (window->settings, "remove-hard") == NULL);

  /* Cancel (the window's close button or Escape) closes the dialog. */
  gtk_window_close (GTK_WINDOW (dialog));
  wait_frames (3);
  g_assert_true (g_settings_get_boolean (window->settings, "remove-hard"));
  g_assert_cmpuint (g_settings_get_uint (window->settings, "soft-bounce-limit"), ==, 3);
  g_assert_cmpuint (bounce_session_get_group_count (window->session, BOUNCE_ROW_GROUP_REMOVED), ==, removed_before);

  /* A new dialog starts from the settings again. */
  dialog = bounce_export_dialog_new (GTK_WINDOW (window), window->session, window->settings);
  gtk_window_present (GTK_WINDOW (dialog));
  hard_switch = export_dialog_child (dialog, "remove_hard_switch");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (hard_switch)));
  counts_label = export_dialog_child (dialog, "counts_label");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (counts_label)), ==, counts_before);

  /* Saving keeps the choices. */
  gtk_switch_set_active (GTK_SWITCH (hard_switch), FALSE);
  forget_last_save ();
  g_assert_true (_bounce_window_save_chosen (window, output, GTK_WINDOW (dialog)));
  wait_until (save_finished, "the save to finish");
  g_assert_false (g_settings_get_boolean (window->settings, "remove-hard"));

  /* Preferences shows the kept choice, and turns it back on. */
  preferences = bounce_preferences_window_new (window);
  gtk_window_present (GTK_WINDOW (preferences));
  preferences_hard = gtk_widget_get_template_child (GTK_WIDGET (preferences), BOUNCE_TYPE_PREFERENCES_WINDOW,
                                                    "remove_hard_switch");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (preferences_hard)));
  save_screenshot (GTK_WIDGET (preferences), "screenshot-preferences-rules");
  gtk_switch_set_active (GTK_SWITCH (preferences_hard), TRUE);
  g_assert_true (g_settings_get_boolean (window->settings, "remove-hard"));
  gtk_window_destroy (GTK_WINDOW (preferences));

  g_settings_reset (window->settings, "remove-hard");
  g_settings_reset (window->settings, "soft-bounce-limit");
  wait_frames (3);
}

/* A removal rule turned off in one Save stays off for every later list,
 * so the review and the next Save dialog show a notice, each with a button back
 * to the defaults. */
static void
test_changed_rules_notice (void)
{
  g_autofree char *output = g_build_filename (work_dir, "out", "rules-cleaned.csv", NULL);
  g_autofree char *out_dir = g_build_filename (work_dir, "out", NULL);
  BounceExportDialog *dialog;
  GtkWidget *hard_switch;
  GtkWidget *rules_group;
  const char *text;

  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0700), ==, 0);
  g_assert_false (gtk_revealer_get_reveal_child (window->rules_revealer));

  /* The dialog shows at once that its choice differs, and Save keeps it. */
  dialog = bounce_export_dialog_new (GTK_WINDOW (window), window->session, window->settings);
  gtk_window_present (GTK_WINDOW (dialog));
  hard_switch = export_dialog_child (dialog, "remove_hard_switch");
  rules_group = export_dialog_child (dialog, "rules_group");
  g_assert_false (gtk_widget_get_visible (rules_group));
  gtk_switch_set_active (GTK_SWITCH (hard_switch), FALSE);
  g_assert_true (gtk_widget_get_visible (rules_group));
  text = gtk_label_get_text (GTK_LABEL (export_dialog_child (dialog, "rules_label")));
  g_assert_nonnull (strstr (text, "hard bounces are kept"));
  g_assert_nonnull (strstr (text, "every later list"));
  save_screenshot (GTK_WIDGET (dialog), "screenshot-export-rules-changed");
  forget_last_save ();
  g_assert_true (_bounce_window_save_chosen (window, output, GTK_WINDOW (dialog)));
  wait_until (save_finished, "the save to finish");
  g_assert_false (g_settings_get_boolean (window->settings, "remove-hard"));

  /* The review names the changed rule, on every page. */
  wait_frames (3);
  g_assert_true (gtk_revealer_get_reveal_child (window->rules_revealer));
  text = gtk_label_get_text (window->rules_label);
  g_assert_nonnull (strstr (text, "hard bounces are kept"));
  g_assert_null (strstr (text, "soft"));
  g_settings_set_uint (window->settings, "soft-bounce-days", 2);
  text = gtk_label_get_text (window->rules_label);
  g_assert_nonnull (strstr (text, "hard bounces are kept · repeated soft bounces must span 2 days instead of 7"));
  save_screenshot (GTK_WIDGET (window), "screenshot-review-rules-changed");

  /* The next Save dialog starts from the kept rules and shows a notice, and its
   * button sets the defaults, which apply on Save. */
  dialog = bounce_export_dialog_new (GTK_WINDOW (window), window->session, window->settings);
  gtk_window_present (GTK_WINDOW (dialog));
  hard_switch = export_dialog_child (dialog, "remove_hard_switch");
  rules_group = export_dialog_child (dialog, "rules_group");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (hard_switch)));
  g_assert_true (gtk_widget_get_visible (rules_group));
  g_signal_emit_by_name (export_dialog_child (dialog, "default_rules_button"), "clicked");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (hard_switch)));
  g_assert_false (gtk_widget_get_visible (rules_group));
  g_assert_false (g_settings_get_boolean (window->settings, "remove-hard"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The review's button resets every rule at once. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.use-default-rules", NULL);
  g_assert_null (g_settings_get_user_value (window->settings, "remove-hard"));
  g_assert_null (g_settings_get_user_value (window->settings, "soft-bounce-days"));
  g_assert_false (gtk_revealer_get_reveal_child (window->rules_revealer));
  wait_frames (3);
}

static void
test_export_dialog_counts (void)
{
  BounceCleanPolicy policy;
  BounceCleanSummary summary;
  g_autofree char *expected = NULL;
  GtkWidget *dialog = NULL;
  GtkWidget *details_label;
  const char *details;
  guint parts_sum = 0;
  int details_height;
  GtkWidget *page;
  graphene_rect_t bounds;
  GListModel *toplevels = gtk_window_get_toplevels ();

  reference_policy (&policy);
  bounce_cleaner_summarize (reference.cleaner, &policy, &summary);
  expected = g_strdup_printf ("%u kept, %u removed", summary.rows_kept, summary.rows_removed);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  wait_frames (2);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (BOUNCE_IS_EXPORT_DIALOG (toplevel))
        dialog = toplevel;
    }
  g_assert_nonnull (dialog);

  /* The summary label is the only one with this text. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (dialog, BOUNCE_TYPE_EXPORT_DIALOG, "counts_label"))), ==, expected);

  /* The parts of the removal line, invalid addresses among them, add up to
   * the removed count, and the line shows without scrolling. */
  details_label = GTK_WIDGET (gtk_widget_get_template_child (dialog, BOUNCE_TYPE_EXPORT_DIALOG, "details_label"));
  details = gtk_label_get_text (GTK_LABEL (details_label));
  g_assert_cmpuint (summary.removed_invalid, >, 0);
  g_assert_nonnull (strstr (details, "invalid addresses: "));
  for (const char *part = strstr (details, ": "); part != NULL; part = strstr (part + 2, ": "))
    parts_sum += (guint) g_ascii_strtoull (part + 2, NULL, 10);
  g_assert_cmpuint (parts_sum, ==, summary.rows_removed);
  /* The samples' two forwarded bounces and their alias bounce keep their
   * contacts to check. */
  g_assert_cmpuint (summary.rows_to_check, ==, 3);
  g_assert_nonnull (strstr (details, "\n3 contacts are kept for you to check: "));
  page = gtk_widget_get_ancestor (details_label, ADW_TYPE_PREFERENCES_PAGE);
  g_assert_true (gtk_widget_compute_bounds (details_label, page, &bounds));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (page));
  gtk_widget_measure (details_label, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (details_label),
                      &details_height, NULL, NULL, NULL);
  g_assert_cmpint (details_height, <=, gtk_widget_get_height (details_label) + gtk_widget_get_margin_top (details_label));

  /* A change of the policy updates the counts at once. */
  g_settings_set_uint (window->settings, "soft-bounce-limit", 1);
  reference_policy (&policy);
  bounce_cleaner_summarize (reference.cleaner, &policy, &summary);
  g_free (expected);
  expected = g_strdup_printf ("%u kept, %u removed", summary.rows_kept, summary.rows_removed);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (dialog, BOUNCE_TYPE_EXPORT_DIALOG, "counts_label"))), ==, expected);
  g_assert_cmpuint (bounce_session_get_group_count (window->session, BOUNCE_ROW_GROUP_REMOVED), ==, summary.rows_removed);

  save_screenshot (dialog, "screenshot-export");
  gtk_widget_measure (details_label, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (details_label),
                      &details_height, NULL, NULL, NULL);
  g_assert_cmpint (details_height, <=, gtk_widget_get_height (details_label) + gtk_widget_get_margin_top (details_label));
  g_settings_reset (window->settings, "soft-bounce-limit");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
run_cli_clean (const char *output,
               const char *removed,
               gboolean    status_columns)
{
  const char *cli = g_getenv ("BOUNCE_CLI");
  g_autofree char *contacts_path = g_build_filename (samples_dir, "contacts.csv", NULL);
  g_autofree char *bounces_path = g_build_filename (samples_dir, "bounces", NULL);
  g_autofree char *soft_limit = g_strdup_printf ("%u", g_settings_get_uint (window->settings, "soft-bounce-limit"));
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *standard_error = NULL;
  int status;

  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, "clean");
  g_ptr_array_add (argv, "--contacts");
  g_ptr_array_add (argv, contacts_path);
  g_ptr_array_add (argv, "--bounces");
  g_ptr_array_add (argv, bounces_path);
  g_ptr_array_add (argv, "--output");
  g_ptr_array_add (argv, (char *) output);
  g_ptr_array_add (argv, "--soft-limit");
  g_ptr_array_add (argv, soft_limit);
  /* The app keeps no history here, so the CLI must not either. */
  g_ptr_array_add (argv, "--no-history");
  if (removed != NULL)
    {
      g_ptr_array_add (argv, "--removed");
      g_ptr_array_add (argv, (char *) removed);
    }
  if (status_columns)
    g_ptr_array_add (argv, "--add-columns");
  if (!g_settings_get_boolean (window->settings, "remove-complaints"))
    g_ptr_array_add (argv, "--keep-complaints");
  if (!g_settings_get_boolean (window->settings, "remove-hard"))
    g_ptr_array_add (argv, "--keep-hard");
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &standard_error, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("bounce-cli clean failed: %s\n%s", error->message, standard_error);
}

static void
test_export_matches_cli (void)
{
  g_autofree char *output = g_build_filename (work_dir, "out", "contacts-cleaned.csv", NULL);
  g_autofree char *removed = g_build_filename (work_dir, "out", "contacts-removed.csv", NULL);
  g_autofree char *cli_output = g_build_filename (work_dir, "cli-cleaned.csv", NULL);
  g_autofree char *cli_removed = g_build_filename (work_dir, "cli-removed.csv", NULL);
  g_autofree char *out_dir = g_build_filename (work_dir, "out", NULL);

  if (g_getenv ("BOUNCE_CLI") == NULL)
    {
      g_test_skip ("BOUNCE_CLI is not set");
      return;
    }

  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0700), ==, 0);

  /* The defaults: remove hard bounces and complaints, save the removed. */
  g_settings_set_boolean (window->settings, "save-removed", TRUE);
  _bounce_window_set_status_columns (window, FALSE);
  g_assert_true (save_through_window (window, output));
  run_cli_clean (cli_output, cli_removed, FALSE);
  assert_files_equal (output, cli_output);
  assert_files_equal (removed, cli_removed);

  /* Other choices: status columns, soft limit 1, complaints kept. */
  _bounce_window_set_status_columns (window, TRUE);
  g_settings_set_uint (window->settings, "soft-bounce-limit", 1);
  g_settings_set_boolean (window->settings, "remove-complaints", FALSE);
  g_settings_set_boolean (window->settings, "save-removed", FALSE);
  g_assert_true (save_through_window (window, output));
  run_cli_clean (cli_output, NULL, TRUE);
  assert_files_equal (output, cli_output);

  _bounce_window_set_status_columns (window, FALSE);
  g_settings_reset (window->settings, "soft-bounce-limit");
  g_settings_reset (window->settings, "remove-complaints");
  g_settings_reset (window->settings, "save-removed");
}

static GtkWindow *
find_message_dialog (void)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
}

/* Saving to a symbolic link writes the link's target and keeps the
 * link, and the toast names the target. */
static void
test_export_through_link (void)
{
  g_autofree char *target = g_build_filename (work_dir, "link-target.csv", NULL);
  g_autofree char *link_path = g_build_filename (work_dir, "link-to-target.csv", NULL);
  g_autofree char *written = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (target, "old\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (symlink ("link-target.csv", link_path), ==, 0);
  g_settings_set_boolean (window->settings, "save-removed", FALSE);

  g_assert_true (save_through_window (window, link_path));
  g_assert_true (g_file_test (link_path, G_FILE_TEST_IS_SYMLINK));
  g_file_get_contents (target, &written, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (written, "Email Address,"));
  g_assert_nonnull (window->last_toast);
  g_assert_nonnull (strstr (adw_toast_get_title (window->last_toast),
                            ", in “link-target.csv”, the file the link points to"));

  g_settings_reset (window->settings, "save-removed");
}

static void
set_true (gboolean *flag)
{
  *flag = TRUE;
}

static void
test_export_refuses_input (void)
{
  g_autofree char *contacts_path = g_build_filename (samples_dir, "contacts.csv", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWindow *dialog;

  g_file_get_contents (contacts_path, &before, NULL, NULL);
  g_settings_set_boolean (window->settings, "save-removed", FALSE);

  g_assert_false (save_through_window (window, contacts_path));

  /* Reported in a dialog, and the list is untouched. */
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  gtk_window_destroy (dialog);
  g_file_get_contents (contacts_path, &after, NULL, NULL);
  g_assert_cmpstr (before, ==, after);

  /* Choosing the contact list's own name in the file chooser is
   * rejected before any save, and the save options stay open. */
  {
    BounceExportDialog *export_dialog = bounce_export_dialog_new (GTK_WINDOW (window), window->session,
                                                                  window->settings);
    guint n_saves = window->n_saves;
    gboolean destroyed = FALSE;

    g_signal_connect_swapped (export_dialog, "destroy", G_CALLBACK (set_true), &destroyed);
    g_assert_false (_bounce_window_save_chosen (window, contacts_path, GTK_WINDOW (export_dialog)));
    g_assert_cmpuint (window->n_saves, ==, n_saves);
    g_assert_false (destroyed);
    dialog = find_message_dialog ();
    g_assert_nonnull (dialog);
    g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Choose Another Name");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "“contacts.csv”"));
    gtk_window_destroy (dialog);
    gtk_window_destroy (GTK_WINDOW (export_dialog));
  }
  g_clear_pointer (&after, g_free);
  g_file_get_contents (contacts_path, &after, NULL, NULL);
  g_assert_cmpstr (before, ==, after);

  g_settings_reset (window->settings, "save-removed");
}

static void
test_export_removed_name (void)
{
  g_autofree char *removed = NULL;
  BounceExportDialog *dialog;
  GObject *row;

  /* Named after the chosen file, in its folder. */
  removed = bounce_export_dup_removed_path ("/data/june-cleaned.csv");
  g_assert_cmpstr (removed, ==, "/data/june-removed.csv");
  g_free (removed);
  removed = bounce_export_dup_removed_path ("/data/june.CSV");
  g_assert_cmpstr (removed, ==, "/data/june-removed.csv");
  g_free (removed);
  removed = bounce_export_dup_removed_path ("/data/cleaned");
  g_assert_cmpstr (removed, ==, "/data/cleaned-removed.csv");
  g_free (removed);
  removed = bounce_export_dup_removed_path ("/data/list-cleaned.txt");
  g_assert_cmpstr (removed, ==, "/data/list-removed.txt");

  /* The proposed name drops the input's extension, and keeps .txt for an
   * Excel text file. */
  {
    const char *inputs[] = { "/data/june.csv", "/data/excel-utf16.txt", "/data/June.TXT", "/data/list.tsv",
                             "/data/no-extension", "/data/.hidden" };
    const char *expected[] = { "june-cleaned.csv", "excel-utf16-cleaned.txt", "June-cleaned.txt",
                               "list-cleaned.csv", "no-extension-cleaned.csv", ".hidden-cleaned.csv" };

    for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
      {
        g_autofree char *cleaned = bounce_export_dup_cleaned_name (inputs[i]);

        g_assert_cmpstr (cleaned, ==, expected[i]);
      }
  }

  /* The dialog names the file before the person saves. */
  dialog = bounce_export_dialog_new (GTK_WINDOW (window), window->session, window->settings);
  row = gtk_widget_get_template_child (GTK_WIDGET (dialog), BOUNCE_TYPE_EXPORT_DIALOG, "save_removed_row");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "“contacts-removed.csv”"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_export_removed_follows_output (void)
{
  g_autofree char *output = g_build_filename (work_dir, "out", "june.csv", NULL);
  g_autofree char *removed = g_build_filename (work_dir, "out", "june-removed.csv", NULL);
  g_autofree char *input_removed = g_build_filename (samples_dir, "contacts-removed.csv", NULL);
  g_autofree char *out_dir = g_build_filename (work_dir, "out", NULL);

  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0700), ==, 0);
  g_settings_set_boolean (window->settings, "save-removed", TRUE);

  g_assert_true (save_through_window (window, output));
  g_assert_true (g_file_test (removed, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (input_removed, G_FILE_TEST_EXISTS));

  g_settings_reset (window->settings, "save-removed");
}

static void
respond_to_message_dialog (const char *response,
                           const char *expected_heading)
{
  GtkWindow *dialog = find_message_dialog ();

  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, expected_heading);
  /* A click on a button emits the response and then closes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (dialog);
}

static void
test_export_asks_to_replace_removed (void)
{
  g_autofree char *output = g_build_filename (work_dir, "out", "ask-cleaned.csv", NULL);
  g_autofree char *removed = g_build_filename (work_dir, "out", "ask-removed.csv", NULL);
  g_autofree char *out_dir = g_build_filename (work_dir, "out", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0700), ==, 0);
  g_file_set_contents (removed, "kept by the person\n", -1, &error);
  g_assert_no_error (error);
  g_settings_set_boolean (window->settings, "save-removed", TRUE);

  /* Declined: nothing is written, neither file. */
  forget_last_save ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-cleaned", "s", output);
  respond_to_message_dialog ("cancel", "Replace “ask-removed.csv”?");
  g_assert_false (save_finished ());
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_file_get_contents (removed, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "kept by the person\n");
  g_clear_pointer (&contents, g_free);

  /* Accepted: both files are written. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-cleaned", "s", output);
  save_screenshot (GTK_WIDGET (find_message_dialog ()), "screenshot-replace-removed");
  respond_to_message_dialog ("replace", "Replace “ask-removed.csv”?");
  wait_until (save_finished, "the save to finish");
  g_assert_true (save_succeeded ());
  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));
  g_file_get_contents (removed, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, !=, "kept by the person\n");

  g_settings_reset (window->settings, "save-removed");
}

/* A pipe where the removed contacts would go is refused before any
 * question whether to replace it, and nothing is written. */
static void
test_export_removed_fifo (void)
{
  g_autofree char *out_dir = g_build_filename (work_dir, "out", NULL);
  g_autofree char *output = g_build_filename (out_dir, "pipe-cleaned.csv", NULL);
  g_autofree char *removed = g_build_filename (out_dir, "pipe-removed.csv", NULL);
  GtkWindow *dialog;
  GStatBuf info;

  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0700), ==, 0);
  g_assert_cmpint (mkfifo (removed, 0600), ==, 0);
  g_settings_set_boolean (window->settings, "save-removed", TRUE);

  g_assert_false (save_through_window (window, output));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "is a pipe (FIFO)"));
  respond_to_message_dialog ("close", "Could Not Save the Cleaned List");
  g_assert_null (find_message_dialog ());
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_lstat (removed, &info), ==, 0);
  g_assert_true (S_ISFIFO (info.st_mode));

  g_unlink (removed);
  g_settings_reset (window->settings, "save-removed");
}

static gboolean
contacts_path_is (const char *path)
{
  return window->session != NULL
         && bounce_session_get_contacts (window->session) != NULL
         && g_strcmp0 (bounce_contact_list_get_path (bounce_session_get_contacts (window->session)), path) == 0;
}

static const char *awaited_contacts_path;

static gboolean
contacts_shown (void)
{
  return review_shown () && contacts_path_is (awaited_contacts_path);
}

static void
open_contacts_and_wait (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  awaited_contacts_path = path;
  _bounce_window_open_contacts (window, file);
  wait_until (contacts_shown, "the contact list to load");
}

static void
test_export_removed_never_over_input (void)
{
  g_autofree char *samples_contacts = g_build_filename (samples_dir, "contacts.csv", NULL);
  g_autofree char *input = g_build_filename (work_dir, "june-removed.csv", NULL);
  g_autofree char *output = g_build_filename (work_dir, "june-cleaned.csv", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  /* A contact list whose name is the one the removed contacts of
   * "june-cleaned.csv" would get. */
  g_file_get_contents (samples_contacts, &before, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (input, before, length, &error);
  g_assert_no_error (error);
  open_contacts_and_wait (input);

  g_settings_set_boolean (window->settings, "save-removed", TRUE);
  g_assert_false (save_through_window (window, output));
  respond_to_message_dialog ("close", "The Contact List Was Not Overwritten");
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_file_get_contents (input, &after, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (before, ==, after);

  g_settings_reset (window->settings, "save-removed");
  open_contacts_and_wait (samples_contacts);
}

/* Runs @func against a new window at its welcome page, as the global
 * window, so a test can start from nothing open. */
static void
with_fresh_window (void (*func) (void))
{
  BounceWindow *main_window = window;

  window = present_new_window (application, 3);

  func ();

  gtk_window_destroy (GTK_WINDOW (window));
  window = main_window;
}

/* A toast added while the one before still slides in waits for a
 * painted frame before it replaces that one, even when no frame was
 * painted for longer than the slide. Dismissing the first one at once
 * crashed libadwaita 1.2.2 when its fade-out and its slide ended in one
 * frame. */
static void
toast_during_slide (void)
{
  AdwToast *first = adw_toast_new ("First toast");
  AdwToast *second = adw_toast_new ("Second toast");
  gboolean first_dismissed = FALSE;
  gboolean second_dismissed = FALSE;

  g_signal_connect_swapped (first, "dismissed", G_CALLBACK (set_true), &first_dismissed);
  g_signal_connect_swapped (second, "dismissed", G_CALLBACK (set_true), &second_dismissed);

  bounce_window_add_toast (window, first);
  wait_frames (2);

  /* No frame is painted, as while a test runs bounce-cli. */
  g_usleep (800 * G_TIME_SPAN_MILLISECOND);
  bounce_window_add_toast (window, second);
  g_assert_false (first_dismissed);
  g_assert_true (window->last_toast == second);
  g_usleep (400 * G_TIME_SPAN_MILLISECOND);

  /* The first painted frame ends the slide, and the second toast takes
   * the first one's place after it. */
  wait_frames (60);
  g_assert_true (first_dismissed);
  g_assert_false (second_dismissed);
  adw_toast_dismiss (second);
  wait_frames (30);
  g_assert_true (second_dismissed);
}

/* When no file manager opens the folder of a saved file, the dialog
 * names the folder, which GLib's message does not. */
static void
test_open_folder_failure (void)
{
  g_autoptr(GAppInfo) handler = g_app_info_get_default_for_type ("inode/directory", FALSE);
  g_autoptr(GFile) folder = g_file_new_for_path (work_dir);
  g_autofree char *uri = g_file_get_uri (folder);
  GtkWindow *dialog;

  /* A file manager would open a window on this desktop. */
  if (handler != NULL)
    {
      g_test_skip ("a file manager is installed");
      return;
    }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-folder", "s", uri);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), work_dir));
  respond_to_message_dialog ("close", "Could Not Open the Folder");
}

static void
test_toast_during_slide (void)
{
  with_fresh_window (toast_during_slide);
}

static char *
make_empty_folder (const char *name)
{
  char *path = g_build_filename (work_dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);

  return path;
}

static void
empty_folder_alone (void)
{
  g_autofree char *folder = make_empty_folder ("no-messages");
  const char *description;

  open_bounces_and_wait (window, folder);

  g_assert_nonnull (window->records);
  g_assert_cmpuint (window->records->len, ==, 0);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->review_stack), ==, "unmatched");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->unmatched_stack), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (window->unmatched_empty_page), ==, "No Bounce Messages Found");
  description = adw_status_page_get_description (window->unmatched_empty_page);
  g_assert_nonnull (strstr (description, "“no-messages”"));
  g_assert_nonnull (strstr (description, "mbox"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->unmatched_open_button)));
  save_screenshot (GTK_WIDGET (window), "screenshot-empty-folder");
}

static void
test_bounces_empty_folder_alone (void)
{
  with_fresh_window (empty_folder_alone);
}

/* Writes a file of binary bytes, which no parser reads as a message. */
static void
write_junk_file (const char *folder,
                 const char *name)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GError) error = NULL;
  char junk[512];

  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (char) ((i * 131 + 7) % 256);
  g_file_set_contents (path, junk, sizeof junk, &error);
  g_assert_no_error (error);
}

/* A folder whose only file is not a message: the page shows that nothing
 * was read and why, not that no delivery failed. */
static void
unreadable_folder_alone (void)
{
  g_autofree char *folder = make_empty_folder ("only-junk");
  const char *description;

  write_junk_file (folder, "junk.eml");
  open_bounces_and_wait (window, folder);

  g_assert_cmpuint (window->records->len, ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->unmatched_stack), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (window->unmatched_empty_page), ==, "No Message Could Be Read");
  g_assert_cmpstr (adw_status_page_get_icon_name (window->unmatched_empty_page), ==, "dialog-warning-symbolic");
  description = adw_status_page_get_description (window->unmatched_empty_page);
  g_assert_null (strstr (description, "reports no failed delivery"));
  g_assert_nonnull (strstr (description, "1 file could not be read as a message."));
  g_assert_nonnull (strstr (description, "cannot tell whether any delivery failed"));
  g_assert_nonnull (strstr (description, "junk.eml: "));
  g_assert_nonnull (strstr (description, "binary data"));
  save_screenshot (GTK_WIDGET (window), "screenshot-unreadable-folder");
}

static void
test_bounces_unreadable_folder_alone (void)
{
  with_fresh_window (unreadable_folder_alone);
}

/* Beside an ordinary message, an unreadable file keeps "No Failed
 * Deliveries" from sounding certain. */
static void
unreadable_beside_ordinary_mail (void)
{
  g_autofree char *folder = make_empty_folder ("junk-and-mail");
  g_autofree char *mail = NULL;
  const char *description;

  write_junk_file (folder, "junk.eml");
  mail = write_file (folder, "hello.eml",
                     "From: Ann <ann@example.com>\n"
                     "To: news@example.org\n"
                     "Subject: Thanks for the newsletter\n"
                     "Date: Tue, 2 Apr 2024 08:30:04 +0200\n"
                     "Message-Id: <hello-1@example.com>\n"
                     "\n"
                     "Thank you, I enjoyed it.\n");
  open_bounces_and_wait (window, folder);

  g_assert_cmpuint (window->records->len, ==, 2);
  g_assert_cmpstr (adw_status_page_get_title (window->unmatched_empty_page), ==, "No Failed Deliveries");
  g_assert_cmpstr (adw_status_page_get_icon_name (window->unmatched_empty_page), ==, "dialog-warning-symbolic");
  description = adw_status_page_get_description (window->unmatched_empty_page);
  g_assert_nonnull (strstr (description, "The message that was read reports no failed delivery"));
  g_assert_nonnull (strstr (description, "1 file could not be read as a message. Bounces in it are not counted."));
}

static void
test_bounces_unreadable_beside_mail (void)
{
  with_fresh_window (unreadable_beside_ordinary_mail);
}

static void
test_bounces_empty_folder_with_contacts (void)
{
  g_autofree char *folder = make_empty_folder ("no-messages-either");
  g_autofree char *samples_bounces = g_build_filename (samples_dir, "bounces", NULL);

  close_bounces_and_wait (window);
  open_bounces_and_wait (window, folder);

  /* The contacts are all kept, and the notice above them gives the reason. */
  g_assert_cmpuint (bounce_session_get_group_count (window->session, BOUNCE_ROW_GROUP_REMOVED), ==, 0);
  g_assert_true (gtk_revealer_get_reveal_child (window->no_bounces_revealer));
  g_assert_nonnull (strstr (gtk_label_get_text (window->no_bounces_label), "“no-messages-either”"));
  g_assert_cmpstr (adw_status_page_get_title (window->unmatched_empty_page), ==, "No Bounce Messages Found");
  save_screenshot (GTK_WIDGET (window), "screenshot-empty-folder-contacts");

  /* The samples again, for the tests after this one. */
  close_bounces_and_wait (window);
  open_bounces_and_wait (window, samples_bounces);
  g_assert_cmpuint (window->records->len, ==, reference.records->len);
  g_assert_false (gtk_revealer_get_reveal_child (window->no_bounces_revealer));
}

static void
contacts_alone (void)
{
  g_autofree char *contacts = g_build_filename (samples_dir, "contacts.csv", NULL);

  open_contacts_and_wait (contacts);

  g_assert_null (window->records);
  g_assert_true (gtk_revealer_get_reveal_child (window->no_bounces_revealer));
  /* The samples plant three invalid addresses. */
  g_assert_cmpstr (gtk_label_get_text (window->no_bounces_label), ==,
                   "No bounce messages are open yet. 3 contacts whose addresses are not valid are removed; "
                   "every other contact is kept.");
  g_assert_cmpstr (adw_status_page_get_title (window->unmatched_empty_page), ==, "No Bounce Messages Open");
}

static void
test_bounces_none_open (void)
{
  with_fresh_window (contacts_alone);
}

/* Drag and drop: GTK cannot synthesise a drop from another program. So the
 * tests emit the "drop" signal of the window's drop target with a file
 * list, as GTK does when a drop lands. */

static GtkDropTarget *
find_drop_target (void)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }

  return NULL;
}

static gboolean
drop_paths (const char * const *paths)
{
  GtkDropTarget *target = find_drop_target ();
  g_autoptr(GSList) files = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean handled = FALSE;

  g_assert_nonnull (target);
  for (guint i = 0; paths[i] != NULL; i++)
    files = g_slist_append (files, g_file_new_for_path (paths[i]));

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &handled);
  g_slist_free_full (g_steal_pointer (&files), g_object_unref);

  return handled;
}

static void
drop_contacts_and_bounces (void)
{
  g_autofree char *contacts = g_build_filename (samples_dir, "contacts.csv", NULL);
  g_autofree char *bounces = g_build_filename (samples_dir, "bounces", NULL);
  const char *both[] = { bounces, contacts, NULL };
  const char *none[] = { NULL };
  BounceCleanPolicy policy;

  /* An empty list is not taken. */
  g_assert_false (drop_paths (none));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "welcome");

  /* The CSV file is the contact list, whatever its place in the list,
   * and the folder contains the bounces. */
  g_assert_true (drop_paths (both));
  g_assert_true (_bounce_window_is_loading (window));

  /* A second drop while the first loads is rejected, not mixed in. */
  g_assert_false (drop_paths (both));

  wait_until (review_shown, "the dropped files to load");
  g_assert_cmpstr (bounce_contact_list_get_path (bounce_session_get_contacts (window->session)), ==, contacts);
  g_assert_cmpuint (bounce_session_get_n_rows (window->session), ==, bounce_contact_list_get_n_rows (reference.contacts));
  g_assert_cmpuint (bounce_session_get_records (window->session)->len, ==, reference.records->len);
  /* The session's policy with the reference's own list checks, which
   * belong to the reference's contact list. */
  policy = *bounce_session_get_policy (window->session);
  policy.hygiene = reference.hygiene;
  for (guint row = 0; row < bounce_session_get_n_rows (window->session); row++)
    {
      BounceRowVerdict verdict;

      bounce_cleaner_get_verdict (reference.cleaner, &policy, row, &verdict);
      g_assert_cmpint (bounce_session_get_category (window->session, row), ==, verdict.category);
    }
}

static void
test_drop_files (void)
{
  with_fresh_window (drop_contacts_and_bounces);
}

static void
drop_bounces_only (void)
{
  g_autofree char *mbox = g_build_filename (samples_dir, "bounces", "archive.mbox", NULL);
  const char *paths[] = { mbox, NULL };

  /* A file that is not CSV is read as bounces, without contacts. */
  g_assert_true (drop_paths (paths));
  wait_until (review_shown, "the dropped mbox to load");
  g_assert_null (bounce_session_get_contacts (window->session));
  g_assert_cmpuint (bounce_session_get_records (window->session)->len, >, 0);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->review_stack), ==, "unmatched");
}

static void
test_drop_mbox (void)
{
  with_fresh_window (drop_bounces_only);
}

/* Cancel during loading */

#define N_LARGE_MBOX_MESSAGES 20000

/* A Postfix-style report that delivery to @recipient failed for good. */
static char *
dup_hard_bounce (const char *recipient,
                 guint       id)
{
  return g_strdup_printf ("Return-Path: <>\n"
                          "Date: Tue, 2 Apr 2024 08:30:04 +0200\n"
                          "From: MAILER-DAEMON@mail.example.org (Mail Delivery System)\n"
                          "Subject: Undelivered Mail Returned to Sender\n"
                          "To: news@example.org\n"
                          "Message-Id: <bounce-%u@mail.example.org>\n"
                          "MIME-Version: 1.0\n"
                          "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b%u\"\n"
                          "\n"
                          "--b%u\n"
                          "Content-Type: text/plain\n"
                          "\n"
                          "<%s>: host mx.example.com said: 550 5.1.1 User unknown\n"
                          "\n"
                          "--b%u\n"
                          "Content-Type: message/delivery-status\n"
                          "\n"
                          "Reporting-MTA: dns; mail.example.org\n"
                          "\n"
                          "Final-Recipient: rfc822; %s\n"
                          "Action: failed\n"
                          "Status: 5.1.1\n"
                          "Diagnostic-Code: smtp; 550 5.1.1 User unknown\n"
                          "\n"
                          "--b%u--\n",
                          id, id, id, recipient, id, recipient, id);
}

static char *
write_large_mbox (void)
{
  char *path = g_build_filename (work_dir, "large.mbox", NULL);
  g_autoptr(GString) mbox = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < N_LARGE_MBOX_MESSAGES; i++)
    {
      g_autofree char *recipient = g_strdup_printf ("person%u@example.com", i);
      g_autofree char *message = dup_hard_bounce (recipient, i);

      g_string_append_printf (mbox, "From MAILER-DAEMON Tue Apr  2 08:30:04 2024\n%s\n", message);
    }

  g_file_set_contents (path, mbox->str, mbox->len, &error);
  g_assert_no_error (error);

  return path;
}

static gboolean
scan_started_or_loading_ended (void)
{
  return !_bounce_window_is_loading (window)
         || (window->scanner != NULL && bounce_scanner_get_messages_read (window->scanner) > 0);
}

static gboolean
loading_ended (void)
{
  return !_bounce_window_is_loading (window);
}

static void
test_cancel_loading (void)
{
  g_autofree char *mbox = write_large_mbox ();
  g_autofree char *other_contacts = g_build_filename (work_dir, "other-contacts.csv", NULL);
  g_autoptr(GFile) mbox_file = g_file_new_for_path (mbox);
  g_autoptr(GFile) contacts_file = g_file_new_for_path (other_contacts);
  g_autoptr(GError) error = NULL;
  BounceSession *session_before = window->session;
  BounceContactList *contacts_before = window->contacts;
  GPtrArray *records_before = window->records;
  guint n_items_before = g_list_model_get_n_items (G_LIST_MODEL (window->row_model));
  gboolean cancelled_in_time;

  g_file_set_contents (other_contacts, "email\nperson1@example.com\nperson2@example.com\n", -1, &error);
  g_assert_no_error (error);

  /* A small contact list that finishes loading at once, and an mbox
   * that takes a while: the cancel comes after the first is read. */
  _bounce_window_open_contacts (window, contacts_file);
  _bounce_window_open_bounces (window, &mbox_file, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "loading");
  wait_until (scan_started_or_loading_ended, "the scan to start");
  cancelled_in_time = _bounce_window_is_loading (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-loading", NULL);
  wait_until (loading_ended, "the loading to stop");
  wait_frames (2);

  if (!cancelled_in_time)
    {
      g_test_incomplete ("The mbox was read before the cancel; the machine is faster than this test expects");
      return;
    }

  /* The review is back as it was, with nothing of the cancelled load. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "review");
  g_assert_true (window->session == session_before);
  g_assert_true (window->contacts == contacts_before);
  g_assert_true (window->records == records_before);
  g_assert_null (window->pending_contacts);
  g_assert_null (window->pending_records);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->row_model)), ==, n_items_before);

  /* Everything can be used again. */
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window->export_button)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->export_button)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window->welcome_contacts_button)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window->open_menu_button)));
}

static BounceProblemsDialog *
find_problems_dialog (void)
{
  return BOUNCE_PROBLEMS_DIALOG (find_toplevel (BOUNCE_TYPE_PROBLEMS_DIALOG));
}

static void
damaged_files (void)
{
  g_autofree char *csv_path = g_build_filename (work_dir, "damaged.csv", NULL);
  g_autofree char *folder = make_empty_folder ("damaged-bounces");
  g_autofree char *empty_path = g_build_filename (folder, "empty.eml", NULL);
  /* Not UTF-8: GTK must be given the name made valid. */
  g_autofree char *notes_path = g_build_filename (folder, "notes-\xff.eml", NULL);
  g_autofree char *eve_bounce_path = g_build_filename (folder, "eve.eml", NULL);
  g_autofree char *eve_bounce = dup_hard_bounce ("eve@example.com", 1);
  g_autofree char *deep_path = g_build_filename (folder, "deep.eml", NULL);
  g_autoptr(GString) deep = g_string_new ("From: MAILER-DAEMON@example.com\nSubject: Undelivered Mail\n");
  g_autoptr(BounceCleaner) cleaner = NULL;
  BounceCleanPolicy policy;
  BounceRowVerdict verdict;
  int eve_row = -1;
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  g_autoptr(BounceContactList) expected = NULL;
  g_autoptr(GHashTable) lines = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_start = NULL;
  GPtrArray *diagnostics;
  BounceProblemsDialog *dialog;
  const char *text;
  /* A NUL byte, a row with too many cells, a quote not doubled inside a
   * quoted field and a quote never closed. */
  static const char csv[] =
    "email,name\n"
    "ann@example.com,Ann\n"
    "bea@example.com,B\0ea\n"
    "cid@example.com,Cid,extra,cells\n"
    "dan@example.com,Dan\n"
    "fay@example.com,\"Fay \"F\" Fox\"\n"
    "eve@example.com,\"Eve\n";

  g_file_set_contents (csv_path, csv, sizeof csv - 1, &error);
  g_assert_no_error (error);
  g_file_set_contents (empty_path, "", 0, &error);
  g_assert_no_error (error);
  g_file_set_contents (notes_path, "Remember to call Ann on Monday.\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (eve_bounce_path, eve_bounce, -1, &error);
  g_assert_no_error (error);
  /* Multiparts nested deeper than the parser reads. */
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (deep, "Content-Type: multipart/mixed; boundary=\"b%u\"\n\n--b%u\n", i, i);
  g_string_append (deep, "Content-Type: text/plain\n\nnothing here\n");
  g_file_set_contents (deep_path, deep->str, deep->len, &error);
  g_assert_no_error (error);

  /* The lines the core reports, counted as the notice counts them. */
  expected = bounce_contact_list_new_from_file (csv_path, NULL, NULL, &error);
  g_assert_no_error (error);
  diagnostics = bounce_contact_list_get_diagnostics (expected);
  g_assert_cmpuint (diagnostics->len, >=, 3);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      const BounceDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      g_assert_cmpuint (diagnostic->line, >, 0);
      if (diagnostic->line != 7)
        g_hash_table_add (lines, GUINT_TO_POINTER (diagnostic->line));
    }

  /* Only the row whose quote is never closed is kept whatever bounced.
   * The others were read in full, so the notice does not call them kept. */
  expected_start = g_strdup_printf ("1 contact in damaged.csv could not be read reliably, for example because a "
                                    "quotation mark is never closed. Bounce keeps it in the cleaned list even if it "
                                    "bounced. Check it with Show Problems and fix it in the file. "
                                    "%u lines of damaged.csv look unusual, but Bounce read them completely and clean "
                                    "them like any other contact. Nothing needs to be done.",
                                    g_hash_table_size (lines));

  _bounce_window_open_contacts (window, csv_file);
  _bounce_window_open_bounces (window, &folder_file, 1);
  wait_until (review_shown, "the damaged files to load");

  g_assert_true (gtk_revealer_get_reveal_child (window->problems_revealer));
  text = gtk_label_get_text (window->problems_label);
  g_assert_true (g_str_has_prefix (text, expected_start));
  g_assert_nonnull (strstr (text, "2 files could not be read as messages."));
  g_assert_nonnull (strstr (text, "1 bounce message was read only in part."));
  save_screenshot (GTK_WIDGET (window), "screenshot-problems-notice");

  /* The dialog lists every problem: file, line and message. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-problems", NULL);
  dialog = find_problems_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpuint (bounce_problems_dialog_get_n_rows (dialog), ==, diagnostics->len + 3);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      const BounceDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);
      g_autofree char *location = g_strdup_printf ("damaged.csv, line %u", diagnostic->line);

      g_assert_nonnull (find_label (GTK_WIDGET (dialog), location));
      g_assert_nonnull (find_label (GTK_WIDGET (dialog), diagnostic->message));
    }
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "damaged.csv, line 6"));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog),
                                "A quote inside a quoted field is not doubled. The field was read up to the next quote "
                                "that is followed by the delimiter or the line end, and the single quote was kept as text. "
                                "If the field should end earlier, fix the quotes on this line."));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "empty.eml"));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "notes-\xef\xbf\xbd.eml"));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "deep.eml"));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "Parts nested more than 32 levels deep were not read."));
  save_screenshot (GTK_WIDGET (dialog), "screenshot-problems");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The row whose quote never closes has a hard bounce, and is kept. */
  for (guint row = 0; row < bounce_contact_list_get_n_rows (expected); row++)
    if (g_strcmp0 (bounce_contact_list_get_address (expected, row), "eve@example.com") == 0)
      eve_row = row;
  g_assert_cmpint (eve_row, >=, 0);
  g_assert_true (bounce_contact_list_is_row_damaged (expected, eve_row));
  cleaner = bounce_cleaner_new (expected, bounce_session_get_records (window->session));
  reference_policy (&policy);
  /* The reference's list checks are of the samples, not this file. */
  policy.hygiene = NULL;
  bounce_cleaner_get_verdict (cleaner, &policy, eve_row, &verdict);
  g_assert_cmpstr (verdict.skipped_removal, ==, "hard");

  g_assert_false (bounce_session_is_removed (window->session, eve_row));
  select_row (eve_row);
  g_assert_true (g_str_has_prefix (template_label_text (GTK_WIDGET (window->details_pane), BOUNCE_TYPE_DETAILS_PANE, "verdict_label"),
                                   "Kept: this line could not be read reliably"));
  g_assert_nonnull (strstr (template_label_text (GTK_WIDGET (window->details_pane), BOUNCE_TYPE_DETAILS_PANE, "advice_label"),
                            "would remove it"));
  save_screenshot (GTK_WIDGET (window), "screenshot-damaged-row");
}

/* Opens the contact list @csv, saved as @name, with the bounce messages
 * @messages (NULL-terminated), and returns the row whose list address is
 * @address. */
static int
open_with_bounces (const char         *name,
                   const char         *csv,
                   const char * const *messages,
                   const char         *address)
{
  g_autofree char *csv_path = g_build_filename (work_dir, name, NULL);
  g_autofree char *folder_name = g_strconcat (name, "-bounces", NULL);
  g_autofree char *folder = make_empty_folder (folder_name);
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  g_autoptr(GError) error = NULL;
  int row = -1;

  g_file_set_contents (csv_path, csv, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; messages[i] != NULL; i++)
    {
      g_autofree char *message_name = g_strdup_printf ("bounce-%u.eml", i);
      g_autofree char *message_path = g_build_filename (folder, message_name, NULL);

      g_file_set_contents (message_path, messages[i], -1, &error);
      g_assert_no_error (error);
    }

  _bounce_window_open_contacts (window, csv_file);
  _bounce_window_open_bounces (window, &folder_file, 1);
  wait_until (review_shown, "the files to load");

  for (guint i = 0; i < bounce_session_get_n_rows (window->session); i++)
    if (g_strcmp0 (bounce_contact_list_get_address (bounce_session_get_contacts (window->session), i), address) == 0)
      row = i;
  g_assert_cmpint (row, >=, 0);

  return row;
}

/* Opens the contact list @csv, saved as @name, with a hard bounce of
 * @bounced, and returns the row whose list address is @address, which
 * the bounce does not remove. */
static int
open_kept_after_bounce (const char *name,
                        const char *csv,
                        const char *bounced,
                        const char *address)
{
  g_autofree char *bounce = dup_hard_bounce (bounced, 2);
  const char *messages[] = { bounce, NULL };
  int row = open_with_bounces (name, csv, messages, address);

  g_assert_false (bounce_session_is_removed (window->session, row));

  return row;
}

/* Searches the review for @text, which must leave one row, and waits
 * until that row's cells are drawn. */
static void
search_one_row (const char *text)
{
  wait_until (view_idle, "the search text to be ready");
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), text);
  g_signal_emit_by_name (window->search_entry, "search-changed");
  wait_frames (3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->row_model)), ==, 1);
}

static void
home_address_bounce (void)
{
  GObject *group;
  int row;

  row = open_kept_after_bounce ("work-and-home.csv",
                                "name,work_email,home_email\n"
                                "Jane,jane@work.example.com,jane@home.example.net\n"
                                "Bob,bob@work.example.com,bob@home.example.net\n",
                                "jane@home.example.net", "jane@work.example.com");

  /* The home address bounced: the bounce is listed and marked as not
   * deciding the removal. */
  select_row (row);
  g_assert_cmpuint (bounce_details_pane_get_n_records (window->details_pane), ==, 1);
  g_assert_cmpstr (template_label_text (GTK_WIDGET (window->details_pane), BOUNCE_TYPE_DETAILS_PANE, "verdict_label"), ==,
                   "Kept: the bounces are for another address of this contact, not the one the list mails.");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window->details_pane),
                                                                                    BOUNCE_TYPE_DETAILS_PANE, "advice_label"))));
  group = gtk_widget_get_template_child (GTK_WIDGET (gtk_widget_get_first_child (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window->details_pane), BOUNCE_TYPE_DETAILS_PANE, "records_box")))),
                                         BOUNCE_TYPE_RECORD_VIEW, "group");
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), "another address"));

  /* The row has a filter of its own, which counts the rows that
   * `bounce-cli clean` counts as "On another address". */
  g_assert_true (bounce_session_row_in_group (window->session, row, BOUNCE_ROW_GROUP_OTHER_ADDRESS));
  g_assert_false (bounce_session_row_in_group (window->session, row, BOUNCE_ROW_GROUP_OTHER));
  g_assert_false (bounce_session_row_in_group (window->session, row, BOUNCE_ROW_GROUP_CLEAN));
  g_assert_cmpuint (bounce_session_get_group_count (window->session, BOUNCE_ROW_GROUP_OTHER_ADDRESS), ==, 1);
  g_assert_cmpuint (bounce_session_get_summary (window->session)->rows_other_address_bounced, ==, 1);
  g_assert_cmpuint (bounce_session_get_group_count (window->session, BOUNCE_ROW_GROUP_OTHER), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->filter_buttons[BOUNCE_ROW_GROUP_OTHER_ADDRESS])));
  gtk_toggle_button_set_active (window->filter_buttons[BOUNCE_ROW_GROUP_OTHER_ADDRESS], TRUE);
  wait_frames (2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->row_model)), ==, 1);
  g_assert_cmpuint (bounce_row_model_get_row (window->row_model, 0), ==, (guint) row);
  gtk_toggle_button_set_active (window->filter_buttons[BOUNCE_ROW_GROUP_ALL], TRUE);

  /* The status cell shows it too, before the row is selected. */
  search_one_row ("jane@work.example.com");
  g_assert_cmpstr (bounce_status_cell_get_description (first_status_cell ()), ==, "Other address bounced");
  g_assert_false (bounce_session_row_in_group (window->session, row, BOUNCE_ROW_GROUP_HARD));
}

/* A column of addresses whose header is no known name is matched too,
 * so a bounce of the assistant's address shows on the contact's row
 * instead of "no bounce". */
static void
assistant_address_bounce (void)
{
  int row;

  row = open_kept_after_bounce ("assistant.csv",
                                "Full Name,Work Email,Assistant Email\n"
                                "Jane,jane@work.example.com,pa.jane@example.net\n"
                                "Bob,bob@work.example.com,pa.bob@example.net\n",
                                "pa.jane@example.net", "jane@work.example.com");

  select_row (row);
  g_assert_cmpuint (bounce_details_pane_get_n_records (window->details_pane), ==, 1);
  g_assert_cmpstr (template_label_text (GTK_WIDGET (window->details_pane), BOUNCE_TYPE_DETAILS_PANE, "verdict_label"), ==,
                   "Kept: the bounces are for another address of this contact, not the one the list mails.");
  search_one_row ("jane@work.example.com");
  g_assert_cmpstr (bounce_status_cell_get_description (first_status_cell ()), ==, "Other address bounced");
}

static void
test_details_assistant_address (void)
{
  with_fresh_window (assistant_address_bounce);
}

/* A row kept because another address of its email cell did not bounce:
 * the line beside the badge names both addresses, as the advice below
 * it does, rather than count bounces "none that removes it". */
static void
cell_address_bounce (void)
{
  GtkWidget *pane = GTK_WIDGET (window->details_pane);
  int row;

  row = open_kept_after_bounce ("shared-cell.csv",
                                "name,email\n"
                                "Hank and Ivy,hank@example.com; ivy@example.com\n"
                                "Bob,bob@example.com\n",
                                "hank@example.com", "hank@example.com");
  select_row (row);
  g_assert_cmpstr (template_label_text (pane, BOUNCE_TYPE_DETAILS_PANE, "verdict_label"), ==,
                   "Kept: hank@example.com would be removed, but ivy@example.com in the same email cell keeps the row.");
  g_assert_nonnull (strstr (template_label_text (pane, BOUNCE_TYPE_DETAILS_PANE, "advice_label"),
                            "ivy@example.com was not removed"));
}

/* A successful-delivery report from Postfix for @recipient. */
static char *
dup_delivery_notice (const char *recipient)
{
  return g_strdup_printf ("Return-Path: <>\n"
                          "Date: Tue, 2 Apr 2024 08:30:04 +0200\n"
                          "From: MAILER-DAEMON@mail.example.org (Mail Delivery System)\n"
                          "Subject: Successful Mail Delivery Report\n"
                          "To: news@example.org\n"
                          "Message-Id: <delivered-1@mail.example.org>\n"
                          "MIME-Version: 1.0\n"
                          "Content-Type: multipart/report; report-type=delivery-status; boundary=\"d1\"\n"
                          "\n"
                          "--d1\n"
                          "Content-Type: text/plain\n"
                          "\n"
                          "Your message was successfully delivered to the destination(s) listed below.\n"
                          "\n"
                          "<%s>: delivery via mx.example.com: 250 2.0.0 OK\n"
                          "\n"
                          "--d1\n"
                          "Content-Type: message/delivery-status\n"
                          "\n"
                          "Reporting-MTA: dns; mail.example.org\n"
                          "\n"
                          "Final-Recipient: rfc822; %s\n"
                          "Action: delivered\n"
                          "Status: 2.0.0\n"
                          "Diagnostic-Code: smtp; 250 2.0.0 OK\n"
                          "\n"
                          "--d1--\n",
                          recipient, recipient);
}

static void
assert_notice_view_cb (BounceRecordView *view,
                       gpointer          user_data)
{
  GObject *action_row = gtk_widget_get_template_child (GTK_WIDGET (view), BOUNCE_TYPE_RECORD_VIEW, "action_row");
  GObject *match_row = gtk_widget_get_template_child (GTK_WIDGET (view), BOUNCE_TYPE_RECORD_VIEW, "match_row");
  const char *match_text = adw_action_row_get_subtitle (ADW_ACTION_ROW (match_row));

  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (action_row)), ==, "This Notice Alone");
  g_assert_nonnull (strstr (match_text, "by the address the delivery notice names as delivered"));
  g_assert_null (strstr (match_text, "failed"));
}

/* A delivery notice is no bounce: the details count it as what it is,
 * and its match does not call the address failed. */
static void
delivery_notice_details (void)
{
  GtkWidget *pane = GTK_WIDGET (window->details_pane);
  g_autofree char *notice = dup_delivery_notice ("ann@example.com");
  const char *messages[] = { notice, NULL };
  int row;

  row = open_with_bounces ("delivered.csv",
                           "email,name\n"
                           "ann@example.com,Ann\n"
                           "bob@example.com,Bob\n",
                           messages, "ann@example.com");
  g_assert_cmpint (((BounceRecord *) g_ptr_array_index (window->records, 0))->category, ==,
                   BOUNCE_CATEGORY_DELIVERED);
  select_row (row);
  g_assert_cmpuint (bounce_details_pane_get_n_records (window->details_pane), ==, 1);
  g_assert_cmpstr (template_label_text (pane, BOUNCE_TYPE_DETAILS_PANE, "verdict_label"), ==,
                   "Kept: 1 delivery notice and no bounce.");
  foreach_record_view (assert_notice_view_cb, NULL);
  save_screenshot (GTK_WIDGET (window), "screenshot-delivery-notice");
}

static void
test_details_delivery_notice (void)
{
  with_fresh_window (delivery_notice_details);
}

/* An auto-reply and a delay warning are named as what they are too. */
static void
other_notice_details (void)
{
  GtkWidget *pane = GTK_WIDGET (window->details_pane);
  g_autofree char *auto_reply_path = g_build_filename (samples_dir, "bounces", "auto-reply-english.eml", NULL);
  g_autofree char *delay_path = g_build_filename (samples_dir, "bounces", "gmail-delay.eml", NULL);
  g_autofree char *auto_reply = NULL;
  g_autofree char *delay = NULL;
  g_autoptr(GError) error = NULL;
  const char *messages[] = { NULL, NULL, NULL };
  int priya_row;
  int chloe_row;

  g_file_get_contents (auto_reply_path, &auto_reply, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (delay_path, &delay, NULL, &error);
  g_assert_no_error (error);
  messages[0] = auto_reply;
  messages[1] = delay;

  priya_row = open_with_bounces ("notices.csv",
                                 "email,name\n"
                                 "priya.raman@example.com,Priya\n"
                                 "chloe.bernard@example.com,Chloe\n",
                                 messages, "priya.raman@example.com");
  chloe_row = priya_row == 0 ? 1 : 0;

  select_row (priya_row);
  g_assert_cmpstr (template_label_text (pane, BOUNCE_TYPE_DETAILS_PANE, "verdict_label"), ==,
                   "Kept: 1 auto-reply and no bounce.");
  select_row (chloe_row);
  g_assert_cmpstr (template_label_text (pane, BOUNCE_TYPE_DETAILS_PANE, "verdict_label"), ==,
                   "Kept: 1 delay warning and no bounce.");
}

static void
test_details_other_notices (void)
{
  with_fresh_window (other_notice_details);
}

static void
test_details_cell_address (void)
{
  with_fresh_window (cell_address_bounce);
}

/* A row kept below the soft-bounce limit: the line beside the badge
 * counts the soft bounces of the address of its email cell that has the
 * most, and names it, whether it comes first in the cell or not. */
static void
cell_soft_bounces (void)
{
  GtkWidget *pane = GTK_WIDGET (window->details_pane);
  g_autofree char *hank = dsn_fixture_new ("hank@example.com", "4.2.2", "Mon, 2 Nov 2026 10:00:00 +0000",
                                           "send-1@example.com");
  g_autofree char *ivy_first = dsn_fixture_new ("ivy@example.com", "4.2.2", "Mon, 2 Nov 2026 10:00:00 +0000",
                                                "send-1@example.com");
  g_autofree char *ivy_second = dsn_fixture_new ("ivy@example.com", "4.2.2", "Mon, 9 Nov 2026 10:00:00 +0000",
                                                 "send-2@example.com");
  g_autofree char *kim_first = dsn_fixture_new ("kim@example.com", "4.2.2", "Mon, 2 Nov 2026 10:00:00 +0000",
                                                "send-1@example.com");
  g_autofree char *kim_second = dsn_fixture_new ("kim@example.com", "4.2.2", "Mon, 9 Nov 2026 10:00:00 +0000",
                                                 "send-2@example.com");
  const char *messages[] = { hank, ivy_first, ivy_second, kim_first, kim_second, NULL };
  int hank_row;
  int jo_row;

  hank_row = open_with_bounces ("soft-cells.csv",
                                "name,email\n"
                                "Hank and Ivy,hank@example.com; ivy@example.com\n"
                                "Jo and Kim,jo@example.com; kim@example.com\n",
                                messages, "hank@example.com");
  g_assert_cmpuint (g_settings_get_uint (window->settings, "soft-bounce-limit"), ==, 3);

  /* Hank has 1 soft bounce and Ivy 2, from two mailings. */
  select_row (hank_row);
  g_assert_false (bounce_session_is_removed (window->session, hank_row));
  g_assert_cmpstr (template_label_text (pane, BOUNCE_TYPE_DETAILS_PANE, "verdict_label"), ==,
                   "Kept: 2 soft bounces of ivy@example.com, below the limit of 3.");

  /* Jo has none, and Kim 2. */
  jo_row = hank_row + 1;
  g_assert_cmpstr (bounce_contact_list_get_address (bounce_session_get_contacts (window->session), jo_row), ==,
                   "jo@example.com");
  select_row (jo_row);
  g_assert_cmpstr (template_label_text (pane, BOUNCE_TYPE_DETAILS_PANE, "verdict_label"), ==,
                   "Kept: 2 soft bounces of kim@example.com, below the limit of 3.");
}

static void
test_details_cell_soft_bounces (void)
{
  with_fresh_window (cell_soft_bounces);
}

/* A bounce of the second address of an email cell is a bounce of an
 * address the list mails, as one of the first is. */
static void
second_cell_address_bounce (void)
{
  GtkWidget *pane = GTK_WIDGET (window->details_pane);
  GObject *group;
  int row;

  row = open_kept_after_bounce ("second-in-cell.csv",
                                "name,email\n"
                                "Ann and Gwen,ann@example.com; gwen@example.com\n"
                                "Bob,bob@example.com\n",
                                "gwen@example.com", "ann@example.com");
  select_row (row);
  g_assert_cmpstr (template_label_text (pane, BOUNCE_TYPE_DETAILS_PANE, "verdict_label"), ==,
                   "Kept: gwen@example.com would be removed, but ann@example.com in the same email cell keeps the row.");
  g_assert_nonnull (strstr (template_label_text (pane, BOUNCE_TYPE_DETAILS_PANE, "advice_label"),
                            "ann@example.com was not removed"));
  g_assert_cmpuint (bounce_details_pane_get_n_records (window->details_pane), ==, 1);
  group = gtk_widget_get_template_child (GTK_WIDGET (gtk_widget_get_first_child (GTK_WIDGET (gtk_widget_get_template_child (pane, BOUNCE_TYPE_DETAILS_PANE, "records_box")))),
                                         BOUNCE_TYPE_RECORD_VIEW, "group");
  g_assert_null (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), "another address"));

  /* The search finds the row by the address that bounced. */
  search_one_row ("gwen@example");

  /* The status cell shows that the row is kept, and the hard group
   * shows the bounce as well. */
  search_one_row ("ann@example.com");
  g_assert_cmpstr (bounce_status_cell_get_description (first_status_cell ()), ==, "Kept for another address");
  g_assert_true (bounce_session_row_in_group (window->session, row, BOUNCE_ROW_GROUP_HARD));
}

static void
test_details_second_cell_address (void)
{
  with_fresh_window (second_cell_address_bounce);
}

/* Saving the cleaned list, or its removed contacts, over an open bounce
 * message is rejected, and the message stays. */
static void
save_over_bounce (void)
{
  g_autofree char *csv_path = g_build_filename (work_dir, "over-bounce.csv", NULL);
  g_autofree char *folder = make_empty_folder ("over-bounce-bounces");
  g_autofree char *bounce_path = g_build_filename (folder, "jane.eml", NULL);
  g_autofree char *removed_name_path = g_build_filename (folder, "jane-cleaned.csv", NULL);
  g_autofree char *removed_bounce_path = g_build_filename (folder, "jane-removed.csv", NULL);
  g_autofree char *bounce = dup_hard_bounce ("jane@example.com", 2);
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  GtkWindow *dialog;

  g_file_set_contents (csv_path, "Email,Name\njane@example.com,Jane\nbob@example.com,Bob\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (bounce_path, bounce, -1, &error);
  g_assert_no_error (error);
  /* The removed contacts of "jane-cleaned.csv" go to "jane-removed.csv",
   * here a second copy of the bounce. */
  g_file_set_contents (removed_bounce_path, bounce, -1, &error);
  g_assert_no_error (error);

  _bounce_window_open_contacts (window, csv_file);
  _bounce_window_open_bounces (window, &folder_file, 1);
  wait_until (review_shown, "the files to load");

  g_settings_set_boolean (window->settings, "save-removed", FALSE);
  g_assert_false (save_through_window (window, bounce_path));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "The Bounce Message Was Not Overwritten");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "“jane.eml”"));
  gtk_window_destroy (dialog);

  g_settings_set_boolean (window->settings, "save-removed", TRUE);
  g_assert_false (save_through_window (window, removed_name_path));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "The removed contacts"));
  gtk_window_destroy (dialog);
  g_assert_false (g_file_test (removed_name_path, G_FILE_TEST_EXISTS));

  g_file_get_contents (bounce_path, &after, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after, ==, bounce);
  g_clear_pointer (&after, g_free);
  g_file_get_contents (removed_bounce_path, &after, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after, ==, bounce);

  g_settings_reset (window->settings, "save-removed");
}

static void
test_export_refuses_bounce (void)
{
  with_fresh_window (save_over_bounce);
}

static void
test_details_other_address (void)
{
  with_fresh_window (home_address_bounce);
}

/* Each row is in one filter besides All and Removed, that of the line
 * of `bounce-cli clean`'s rows by worst bounce it is on, so the counts
 * of those filters add up to the rows read. */
static void
filters_add_up (void)
{
  g_autofree char *hard = dup_hard_bounce ("bob@example.com", 30);
  g_autofree char *home = dup_hard_bounce ("cleo@home.example.net", 31);
  const char *messages[] = { hard, home, NULL };
  const BounceCleanSummary *summary;
  const struct {
    BounceRowGroup group;
    guint          count;
  } expected[] = {
    { BOUNCE_ROW_GROUP_HARD, 1 },
    { BOUNCE_ROW_GROUP_OTHER_ADDRESS, 1 },
    { BOUNCE_ROW_GROUP_REMOVED_OTHERWISE, 1 },
    { BOUNCE_ROW_GROUP_CLEAN, 2 },
    { BOUNCE_ROW_GROUP_BLANK, 1 },
  };
  guint sum = 0;

  open_with_bounces ("every-filter.csv",
                     "name,email,home_email\n"
                     "Ann,ann@example.com,\n"
                     "Bob,bob@example.com,\n"
                     "Cleo,cleo@example.com,cleo@home.example.net\n"
                     ",,\n"
                     "Dan,dan@@example.com,\n"
                     "Eve,eve@example.com,\n",
                     messages, "ann@example.com");
  summary = bounce_session_get_summary (window->session);
  g_assert_cmpuint (bounce_session_get_n_rows (window->session), ==, 6);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GtkWidget *button = GTK_WIDGET (window->filter_buttons[expected[i].group]);
      g_autofree char *count = g_strdup_printf ("%u", expected[i].count);

      g_assert_cmpuint (bounce_session_get_group_count (window->session, expected[i].group), ==, expected[i].count);
      g_assert_true (gtk_widget_get_visible (button));
      g_assert_cmpstr (filter_count_text (expected[i].group), ==, count);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->row_model)), ==, expected[i].count);
    }
  gtk_toggle_button_set_active (window->filter_buttons[BOUNCE_ROW_GROUP_ALL], TRUE);

  for (guint group = BOUNCE_ROW_GROUP_REMOVED + 1; group < BOUNCE_ROW_GROUP_LAST; group++)
    sum += bounce_session_get_group_count (window->session, group);
  g_assert_cmpuint (sum, ==, summary->rows_in);

  /* The same counts as the lines of `bounce-cli clean`'s summary. */
  g_assert_cmpuint (bounce_session_get_group_count (window->session, BOUNCE_ROW_GROUP_REMOVED_OTHERWISE), ==,
                    summary->rows_removed_without_bounce);
  g_assert_cmpuint (bounce_session_get_group_count (window->session, BOUNCE_ROW_GROUP_CLEAN), ==,
                    summary->rows_without_bounce);
  g_assert_cmpuint (bounce_session_get_group_count (window->session, BOUNCE_ROW_GROUP_BLANK), ==,
                    summary->rows_blank);
  g_assert_cmpuint (bounce_session_get_group_count (window->session, BOUNCE_ROW_GROUP_OTHER_ADDRESS), ==,
                    summary->rows_other_address_bounced);
}

static void
test_filters_add_up (void)
{
  with_fresh_window (filters_add_up);
}

/* An invalid cell is named as written in the details title, not by the
 * address read from part of it, which is not in the file. */
static void
details_invalid_cell (void)
{
  g_autofree char *bounce = dup_hard_bounce ("bob@example.com", 20);
  const char *messages[] = { bounce, NULL };
  GObject *label;
  int row = -1;

  open_with_bounces ("invalid-cell.csv",
                     "email,name\n"
                     "tomas novak@example.net,Tomas\n"
                     "bob@example.com,Bob\n",
                     messages, "bob@example.com");
  for (guint i = 0; i < bounce_session_get_n_rows (window->session); i++)
    if (bounce_session_get_hygiene (window->session) != NULL &&
        bounce_hygiene_is_invalid (bounce_session_get_hygiene (window->session), i))
      row = i;

  select_row (row);
  label = gtk_widget_get_template_child (GTK_WIDGET (window->details_pane), BOUNCE_TYPE_DETAILS_PANE, "address_label");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "tomas novak@example.net");
}

static void
test_details_invalid_cell (void)
{
  with_fresh_window (details_invalid_cell);
}

static void
collect_date_cb (BounceRecordView *view,
                 gpointer          user_data)
{
  GPtrArray *dates = user_data;
  GObject *label = gtk_widget_get_template_child (GTK_WIDGET (view), BOUNCE_TYPE_RECORD_VIEW, "date_label");

  g_ptr_array_add (dates, g_strdup (gtk_label_get_text (GTK_LABEL (label))));
}

/* Files are read in name order, which says nothing of the bounces'
 * dates. The details list a contact's bounces oldest first, as
 * bounce-cli history does. */
static void
details_by_date (void)
{
  const char *headers[] = { "Tue, 7 May 2024 08:30:04 +0200",
                            "Tue, 5 Mar 2024 08:30:04 +0100",
                            "Tue, 2 Apr 2024 08:30:04 +0200" };
  const char *expected[] = { "2024-03-05T08:30:04+01:00",
                             "2024-04-02T08:30:04+02:00",
                             "2024-05-07T08:30:04+02:00" };
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);
  int row;

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_autofree char *bounce = dup_hard_bounce ("ines@example.org", 10 + i);
      GString *text = g_string_new (bounce);

      g_string_replace (text, "Tue, 2 Apr 2024 08:30:04 +0200", headers[i], 1);
      g_ptr_array_add (messages, g_string_free (text, FALSE));
    }
  g_ptr_array_add (messages, NULL);
  row = open_with_bounces ("by-date.csv",
                           "email,name\n"
                           "ann@example.com,Ann\n"
                           "ines@example.org,Ines\n",
                           (const char * const *) messages->pdata, "ines@example.org");

  select_row (row);
  foreach_record_view (collect_date_cb, dates);
  g_assert_cmpuint (dates->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (expected[i], NULL);
      g_autofree char *text = bounce_gui_format_date (date);

      g_assert_cmpstr (g_ptr_array_index (dates, i), ==, text);
    }
}

static void
test_details_by_date (void)
{
  with_fresh_window (details_by_date);
}

/* A file saved before with status columns, opened and saved again with
 * them, keeps one set: Ann has no bounce now, and Bob's hard bounce
 * (kept by the settings) fills his row's cells. */
static void
status_columns_saved_again (void)
{
  g_autofree char *bounce = dup_hard_bounce ("bob@example.com", 3);
  g_autofree char *output = g_build_filename (work_dir, "status-again-cleaned.csv", NULL);
  g_autofree char *saved = NULL;
  g_autoptr(GError) error = NULL;
  const char *messages[] = { bounce, NULL };

  g_settings_set_boolean (window->settings, "remove-hard", FALSE);
  g_settings_set_boolean (window->settings, "save-removed", FALSE);
  open_with_bounces ("status-again.csv",
                     "email,name,bounce_category,bounce_reason,bounce_status,bounce_date\n"
                     "ann@example.com,Ann,soft,mailbox-full,4.2.2,2024-01-02T00:00:00Z\n"
                     "bob@example.com,Bob,,,,\n",
                     messages, "bob@example.com");
  _bounce_window_set_status_columns (window, TRUE);
  g_assert_true (save_through_window (window, output));

  g_file_get_contents (output, &saved, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved, ==,
                   "email,name,bounce_category,bounce_reason,bounce_status,bounce_date\n"
                   "ann@example.com,Ann,,,,\n"
                   "bob@example.com,Bob,hard,mailbox-unknown,5.1.1,2024-04-02T08:30:04+02:00\n");

  g_settings_reset (window->settings, "remove-hard");
  g_settings_reset (window->settings, "save-removed");
}

static void
test_status_columns_saved_again (void)
{
  with_fresh_window (status_columns_saved_again);
}

/* Add Status Columns holds for the list it was turned on for: the next
 * Save of that list starts with it on, and another list starts with it
 * off and is saved as it was. */
static void
status_columns_per_list (void)
{
  g_autofree char *bounce = dup_hard_bounce ("bob@example.com", 3);
  g_autofree char *first_output = g_build_filename (work_dir, "columns-first-cleaned.csv", NULL);
  g_autofree char *second_output = g_build_filename (work_dir, "columns-second-cleaned.csv", NULL);
  g_autofree char *saved = NULL;
  g_autoptr(GError) error = NULL;
  const char *messages[] = { bounce, NULL };
  BounceExportDialog *dialog;
  GtkWidget *columns_switch;
  AdwToast *toast;

  g_settings_set_boolean (window->settings, "save-removed", FALSE);
  open_with_bounces ("columns-first.csv", "email,name\nann@example.com,Ann\nbob@example.com,Bob\n",
                     messages, "bob@example.com");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  dialog = BOUNCE_EXPORT_DIALOG (find_toplevel (BOUNCE_TYPE_EXPORT_DIALOG));
  columns_switch = export_dialog_child (dialog, "status_columns_switch");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (columns_switch)));
  gtk_switch_set_active (GTK_SWITCH (columns_switch), TRUE);
  forget_last_save ();
  g_assert_true (_bounce_window_save_chosen (window, first_output, GTK_WINDOW (dialog)));
  wait_until (save_finished, "the save to finish");
  g_file_get_contents (first_output, &saved, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved, ==, "email,name,bounce_category,bounce_reason,bounce_status,bounce_date\n"
                              "ann@example.com,Ann,,,,\n");
  toast = window->last_toast;
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (adw_toast_get_title (toast), "with the status columns added"));

  /* The same list keeps the choice. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  dialog = BOUNCE_EXPORT_DIALOG (find_toplevel (BOUNCE_TYPE_EXPORT_DIALOG));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (export_dialog_child (dialog, "status_columns_switch"))));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Another list starts without the columns. */
  open_with_bounces ("columns-second.csv", "email,name\ncarl@example.com,Carl\nbob@example.com,Bob\n",
                     messages, "bob@example.com");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  dialog = BOUNCE_EXPORT_DIALOG (find_toplevel (BOUNCE_TYPE_EXPORT_DIALOG));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (export_dialog_child (dialog, "status_columns_switch"))));
  forget_last_save ();
  g_assert_true (_bounce_window_save_chosen (window, second_output, GTK_WINDOW (dialog)));
  wait_until (save_finished, "the save to finish");
  g_clear_pointer (&saved, g_free);
  g_file_get_contents (second_output, &saved, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved, ==, "email,name\ncarl@example.com,Carl\n");

  g_settings_reset (window->settings, "save-removed");
}

static void
test_status_columns_per_list (void)
{
  with_fresh_window (status_columns_per_list);
}

/* The contact file rewritten in place after it was opened, as a
 * spreadsheet saves it, is not written from its old offsets. The save
 * fails and writes nothing. The dialog's Reload reads the new contents
 * and matches the open bounces to them. */
static void
changed_on_disk_reload (void)
{
  g_autofree char *bounce = dup_hard_bounce ("bob@example.com", 4);
  g_autofree char *csv_path = g_build_filename (work_dir, "changed.csv", NULL);
  g_autofree char *output = g_build_filename (work_dir, "changed-cleaned.csv", NULL);
  const char *messages[] = { bounce, NULL };
  struct timespec times[2] = { { 0, UTIME_OMIT }, { 0, 0 } };
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;
  GStatBuf info;
  FILE *file;

  g_settings_set_boolean (window->settings, "save-removed", FALSE);
  open_with_bounces ("changed.csv",
                     "email,name\n"
                     "ann@example.com,Ann\n"
                     "bob@example.com,Bob\n",
                     messages, "bob@example.com");
  g_assert_cmpuint (bounce_session_get_n_rows (window->session), ==, 2);

  /* A contact added at the top, with the mtime of a person's edit a few
   * seconds later. */
  g_assert_cmpint (g_stat (csv_path, &info), ==, 0);
  file = fopen (csv_path, "w");
  g_assert_nonnull (file);
  fputs ("email,name\nnew@example.com,New\nann@example.com,Ann\nbob@example.com,Bob\n", file);
  g_assert_cmpint (fclose (file), ==, 0);
  times[1].tv_sec = info.st_mtim.tv_sec + 3;
  g_assert_cmpint (utimensat (AT_FDCWD, csv_path, times, 0), ==, 0);

  g_assert_false (save_through_window (window, output));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "The Contact List Changed on Disk");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "nothing was written"));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "reload"));
  save_screenshot (GTK_WIDGET (dialog), "screenshot-changed-on-disk");

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "reload");
  gtk_window_destroy (dialog);
  wait_frames (2);
  wait_until (review_shown, "the contact list to load again");
  g_assert_cmpuint (bounce_session_get_n_rows (window->session), ==, 3);
  g_assert_true (bounce_session_is_removed (window->session, 2));
  g_assert_false (bounce_session_is_removed (window->session, 0));

  /* The new contents save as they are now, minus Bob. */
  g_assert_true (save_through_window (window, output));
  {
    g_autofree char *saved = NULL;

    g_file_get_contents (output, &saved, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (saved, ==, "email,name\nnew@example.com,New\nann@example.com,Ann\n");
  }

  g_settings_reset (window->settings, "save-removed");
}

static void
test_changed_on_disk_reload (void)
{
  with_fresh_window (changed_on_disk_reload);
}

/* The dialog "The Contact List Changed on Disk", or NULL. */
static GtkWindow *
find_changed_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (toplevel)),
                     "The Contact List Changed on Disk") == 0)
        return GTK_WINDOW (toplevel);
    }

  return NULL;
}

static gboolean
changed_dialog_shown (void)
{
  return find_changed_dialog () != NULL;
}

static gboolean
save_question_is_open (void)
{
  GtkWindow *dialog = find_message_dialog ();

  return dialog != NULL
         && g_str_has_prefix (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), "Replace");
}

/* The contact file changes while the save asks whether to replace the
 * file of removed contacts. Reload closes that question, because its job
 * would save the list opened before, and the next save writes the new
 * contents. */
static void
changed_on_disk_drops_question (void)
{
  g_autofree char *bounce = dup_hard_bounce ("bob@example.com", 4);
  g_autofree char *csv_path = g_build_filename (work_dir, "asked.csv", NULL);
  g_autofree char *output = g_build_filename (work_dir, "asked-cleaned.csv", NULL);
  g_autofree char *removed = g_build_filename (work_dir, "asked-removed.csv", NULL);
  g_autofree char *saved = NULL;
  const char *messages[] = { bounce, NULL };
  struct timespec times[2] = { { 0, UTIME_OMIT }, { 0, 0 } };
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;
  GStatBuf info;
  FILE *file;

  g_settings_set_boolean (window->settings, "save-removed", TRUE);
  g_file_set_contents (removed, "an older save\n", -1, &error);
  g_assert_no_error (error);
  open_with_bounces ("asked.csv",
                     "email,name\n"
                     "ann@example.com,Ann\n"
                     "bob@example.com,Bob\n",
                     messages, "bob@example.com");

  forget_last_save ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-cleaned", "s", output);
  g_assert_true (save_question_is_open ());

  /* A contact added outside the app while the question is open. */
  g_assert_cmpint (g_stat (csv_path, &info), ==, 0);
  file = fopen (csv_path, "w");
  g_assert_nonnull (file);
  fputs ("email,name\nnew@example.com,New\nann@example.com,Ann\nbob@example.com,Bob\n", file);
  g_assert_cmpint (fclose (file), ==, 0);
  times[1].tv_sec = info.st_mtim.tv_sec + 3;
  g_assert_cmpint (utimensat (AT_FDCWD, csv_path, times, 0), ==, 0);

  g_assert_false (_bounce_window_check_contacts (window));
  wait_until (changed_dialog_shown, "the dialog about the changed file");
  dialog = find_changed_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "reload");
  gtk_window_destroy (dialog);
  wait_frames (2);
  wait_until (review_shown, "the contact list to load again");
  g_assert_cmpuint (bounce_session_get_n_rows (window->session), ==, 3);

  /* No question of the old save is left, and nothing was written. */
  g_assert_false (save_question_is_open ());
  g_assert_false (save_finished ());
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));

  /* A new save asks again and writes the new contents. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-cleaned", "s", output);
  respond_to_message_dialog ("replace", "Replace “asked-removed.csv”?");
  wait_until (save_finished, "the save to finish");
  g_assert_true (save_succeeded ());
  g_file_get_contents (output, &saved, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved, ==, "email,name\nnew@example.com,New\nann@example.com,Ann\n");

  g_settings_reset (window->settings, "save-removed");
}

static void
test_changed_on_disk_drops_question (void)
{
  with_fresh_window (changed_on_disk_drops_question);
}

/* Cut to its header, the contact file leaves the mapping's later pages
 * without bytes. A save must not draw or copy a row from them, which
 * would stop the app with SIGBUS. */
static void
changed_on_disk_truncated (void)
{
  g_autofree char *bounce = dup_hard_bounce ("person001@example.com", 5);
  g_autofree char *csv_path = g_build_filename (work_dir, "truncated.csv", NULL);
  g_autofree char *output = g_build_filename (work_dir, "truncated-cleaned.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("email,name\n");
  const char *messages[] = { bounce, NULL };
  struct timespec times[2] = { { 0, UTIME_OMIT }, { 0, 0 } };
  GtkWindow *dialog;
  GStatBuf info;
  FILE *file;

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (csv, "person%03u@example.com,Person %u with a longer name\n", i, i);
  g_settings_set_boolean (window->settings, "save-removed", FALSE);
  open_with_bounces ("truncated.csv", csv->str, messages, "person001@example.com");
  /* A search that stays set reads every cell again when the rows are
   * filtered anew. */
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "person1");
  g_signal_emit_by_name (window->search_entry, "search-changed");
  wait_frames (3);

  g_assert_cmpint (g_stat (csv_path, &info), ==, 0);
  file = fopen (csv_path, "w");
  g_assert_nonnull (file);
  fputs ("email,name\n", file);
  g_assert_cmpint (fclose (file), ==, 0);
  times[1].tv_sec = info.st_mtim.tv_sec + 3;
  g_assert_cmpint (utimensat (AT_FDCWD, csv_path, times, 0), ==, 0);

  g_assert_false (save_through_window (window, output));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "The Contact List Changed on Disk");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_destroy (dialog);
  wait_frames (2);

  /* A changed setting, a new search and a selected row read no cell
   * either. */
  g_settings_set_boolean (window->settings, "remove-hard", FALSE);
  wait_frames (3);
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "person1999");
  g_signal_emit_by_name (window->search_entry, "search-changed");
  wait_frames (3);
  gtk_single_selection_set_selected (window->selection, 1);
  wait_frames (2);

  g_settings_reset (window->settings, "remove-hard");
  g_settings_reset (window->settings, "save-removed");
}

/* The search bar shows on the Contacts page only, so its text does not
 * read as a filter of the Summary. It keeps the text for the return, and
 * the search button pressed on another page opens the Contacts page. */
static void
search_on_contacts_only (void)
{
  g_autofree char *bounce = dup_hard_bounce ("bob@example.com", 30);
  const char *messages[] = { bounce, NULL };

  open_with_bounces ("search-pages.csv",
                     "email,name\n"
                     "ann@example.com,Ann\n"
                     "bob@example.com,Bob\n",
                     messages, "bob@example.com");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "ann");
  g_signal_emit_by_name (window->search_entry, "search-changed");
  wait_frames (2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->search_bar)));

  adw_view_stack_set_visible_child_name (window->review_stack, "summary");
  wait_frames (2);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->search_bar)));

  adw_view_stack_set_visible_child_name (window->review_stack, "contacts");
  wait_frames (2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->search_bar)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->search_entry)), ==, "ann");

  /* The search button, pressed on the Summary page. */
  gtk_search_bar_set_search_mode (window->search_bar, FALSE);
  adw_view_stack_set_visible_child_name (window->review_stack, "summary");
  wait_frames (2);
  gtk_toggle_button_set_active (window->search_button, TRUE);
  wait_frames (2);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->review_stack), ==, "contacts");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->search_bar)));
  g_assert_true (gtk_search_bar_get_search_mode (window->search_bar));

  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "");
  gtk_search_bar_set_search_mode (window->search_bar, FALSE);
}

static void
test_search_on_contacts_only (void)
{
  with_fresh_window (search_on_contacts_only);
}

/* The window of an unmatched bounce opens the Codes page from its
 * status row, as the details pane does, rather than show a row whose
 * action is missing. */
static void
unmatched_status_row (void)
{
  g_autofree char *bounce = dup_hard_bounce ("zed@example.com", 40);
  const char *messages[] = { bounce, NULL };
  GtkWindow *unmatched = NULL;
  GListModel *toplevels;

  open_with_bounces ("unmatched-code.csv",
                     "email,name\n"
                     "ann@example.com,Ann\n",
                     messages, "ann@example.com");
  g_signal_emit_by_name (window->unmatched_view, "activate", 0);
  wait_frames (2);
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (toplevel), "Unmatched Bounce") == 0)
        unmatched = toplevel;
    }
  g_assert_nonnull (unmatched);
  save_screenshot (GTK_WIDGET (unmatched), "screenshot-unmatched-bounce");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (unmatched), "win.show-code", "s", "550 5.1.1"));
  wait_frames (2);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->review_stack), ==, "codes");
  g_assert_cmpstr (bounce_codes_page_get_shown_code (window->codes_page)->code, ==, "5.1.1");
}

static void
test_unmatched_status_row (void)
{
  with_fresh_window (unmatched_status_row);
}

/* A change found while the list is read, with no save tried, says so
 * without "nothing was written". After Close, a banner says that the
 * contacts shown are out of date, and its Reload reads the file again. */
static void
changed_on_disk_banner (void)
{
  g_autofree char *bounce = dup_hard_bounce ("bob@example.com", 4);
  g_autofree char *csv_path = g_build_filename (work_dir, "banner.csv", NULL);
  const char *messages[] = { bounce, NULL };
  struct timespec times[2] = { { 0, UTIME_OMIT }, { 0, 0 } };
  GtkWindow *dialog;
  GStatBuf info;
  FILE *file;

  open_with_bounces ("banner.csv",
                     "email,name\n"
                     "ann@example.com,Ann\n"
                     "bob@example.com,Bob\n",
                     messages, "bob@example.com");
  g_assert_true (window->changed_revealer == NULL ||
                 !gtk_revealer_get_reveal_child (window->changed_revealer));

  g_assert_cmpint (g_stat (csv_path, &info), ==, 0);
  file = fopen (csv_path, "w");
  g_assert_nonnull (file);
  fputs ("email,name\nnew@example.com,New\nann@example.com,Ann\nbob@example.com,Bob\n", file);
  g_assert_cmpint (fclose (file), ==, 0);
  times[1].tv_sec = info.st_mtim.tv_sec + 3;
  g_assert_cmpint (utimensat (AT_FDCWD, csv_path, times, 0), ==, 0);

  g_assert_false (_bounce_window_check_contacts (window));
  wait_until (changed_dialog_shown, "the dialog about the changed file");
  dialog = find_changed_dialog ();
  g_assert_nonnull (dialog);
  g_assert_null (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "nothing was written"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "out of date"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_destroy (dialog);
  wait_frames (2);

  /* The banner stays after the dialog. */
  g_assert_nonnull (window->changed_revealer);
  g_assert_true (gtk_revealer_get_reveal_child (window->changed_revealer));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->changed_revealer)));
  g_assert_cmpstr (gtk_label_get_text (window->changed_label), ==,
                   "“banner.csv” changed on disk since it was opened, so the contacts shown are out of date and cannot be saved.");
  g_assert_cmpstr (gtk_button_get_label (window->changed_button), ==, "_Reload");
  wait_frames (10);
  save_screenshot (GTK_WIDGET (window), "screenshot-changed-banner");

  g_signal_emit_by_name (window->changed_button, "clicked");
  wait_frames (2);
  wait_until (review_shown, "the contact list to load again");
  g_assert_cmpuint (bounce_session_get_n_rows (window->session), ==, 3);
  g_assert_false (gtk_revealer_get_reveal_child (window->changed_revealer));
}

static void
test_changed_on_disk_banner (void)
{
  with_fresh_window (changed_on_disk_banner);
}

static guint
count_toplevels (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      n += G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type);
    }

  return n;
}

static guint
count_changed_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      n += ADW_IS_MESSAGE_DIALOG (toplevel) &&
           g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (toplevel)),
                      "The Contact List Changed on Disk") == 0;
    }

  return n;
}

/* The Save dialog opens once, and after the contact file changed on disk
 * and was read again it counts the new contents. While the file is
 * changed, Save shows the dialog about the change instead. */
static void
export_dialog_follows_list (void)
{
  g_autofree char *bounce = dup_hard_bounce ("bob@example.com", 5);
  g_autofree char *csv_path = g_build_filename (work_dir, "one-dialog.csv", NULL);
  const char *messages[] = { bounce, NULL };
  struct timespec times[2] = { { 0, UTIME_OMIT }, { 0, 0 } };
  GtkWindow *dialog;
  GtkWindow *changed;
  GtkWidget *counts_label;
  GStatBuf info;
  FILE *file;

  open_with_bounces ("one-dialog.csv",
                     "email,name\n"
                     "ann@example.com,Ann\n"
                     "bob@example.com,Bob\n",
                     messages, "bob@example.com");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  wait_frames (2);
  g_assert_cmpuint (count_toplevels (BOUNCE_TYPE_EXPORT_DIALOG), ==, 1);
  dialog = find_toplevel (BOUNCE_TYPE_EXPORT_DIALOG);
  counts_label = export_dialog_child (BOUNCE_EXPORT_DIALOG (dialog), "counts_label");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (counts_label)), ==, "1 kept, 1 removed");

  /* A contact added at the top, with the mtime of a later edit. */
  g_assert_cmpint (g_stat (csv_path, &info), ==, 0);
  file = fopen (csv_path, "w");
  g_assert_nonnull (file);
  fputs ("email,name\nnew@example.com,New\nann@example.com,Ann\nbob@example.com,Bob\n", file);
  g_assert_cmpint (fclose (file), ==, 0);
  times[1].tv_sec = info.st_mtim.tv_sec + 3;
  g_assert_cmpint (utimensat (AT_FDCWD, csv_path, times, 0), ==, 0);

  /* Save again tells of the change, once, and opens no second dialog. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  wait_frames (2);
  g_assert_cmpuint (count_toplevels (BOUNCE_TYPE_EXPORT_DIALOG), ==, 1);
  g_assert_cmpuint (count_changed_dialogs (), ==, 1);
  changed = find_changed_dialog ();
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (changed), "reload"));

  /* Reload: the open Save dialog counts the three rows now. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (changed), "reload");
  gtk_window_destroy (changed);
  wait_frames (2);
  wait_until (review_shown, "the contact list to load again");
  g_assert_cmpuint (bounce_session_get_n_rows (window->session), ==, 3);
  g_assert_cmpuint (count_toplevels (BOUNCE_TYPE_EXPORT_DIALOG), ==, 1);
  g_assert_true (find_toplevel (BOUNCE_TYPE_EXPORT_DIALOG) == dialog);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (counts_label)), ==, "2 kept, 1 removed");

  gtk_window_destroy (dialog);
  wait_frames (2);
  g_assert_cmpuint (count_toplevels (BOUNCE_TYPE_EXPORT_DIALOG), ==, 0);
}

static void
test_export_dialog_follows_list (void)
{
  with_fresh_window (export_dialog_follows_list);
}

static void
test_changed_on_disk_truncated (void)
{
  with_fresh_window (changed_on_disk_truncated);
}

static void
test_problems_listed (void)
{
  with_fresh_window (damaged_files);
}

static gboolean
message_dialog_shown (void)
{
  return find_message_dialog () != NULL && !_bounce_window_is_loading (window);
}

/* A workbook, a spreadsheet or a PDF chosen as the contact list gets the
 * core's sentence, which states what the file is and what to do. */
static void
not_csv_files (void)
{
  static const struct {
    const char *fixture;
    const char *message;
  } cases[] = {
    { "bad-workbook.csv", "is an Excel workbook, not a CSV file. Open it in Excel and save it as CSV." },
    { "bad-opendocument.csv", "is an OpenDocument spreadsheet, not a CSV file. Open it in LibreOffice Calc and save it as CSV." },
    { "bad-document.csv", "is a PDF document, not a CSV file. Export the contacts as CSV from the program that made it." },
    /* The app has no way to choose a column without addresses, so its
     * advice leaves out choosing the email column. */
    { "bad-no-addresses.csv", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", cases[i].fixture, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *expected = NULL;
      GtkWindow *dialog;

      if (cases[i].message != NULL)
        expected = g_strdup_printf ("“%s” %s", path, cases[i].message);
      else
        expected = g_strdup_printf ("No column of “%s” contains email addresses. Check that this file is your "
                                    "contact list: Bounce needs a column with an email address on each row.", path);

      _bounce_window_open_contacts (window, file);
      wait_until (message_dialog_shown, "the error dialog");
      dialog = find_message_dialog ();
      g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                       "Could Not Open the Contact List");
      g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==, expected);
      if (i == 0)
        save_screenshot (GTK_WIDGET (dialog), "screenshot-not-csv");
      gtk_window_destroy (dialog);
    }
}

static void
test_open_not_csv (void)
{
  with_fresh_window (not_csv_files);
}

static void
test_problems_none_in_samples (void)
{
  /* The samples read cleanly, so no notice is shown. */
  g_assert_false (gtk_revealer_get_reveal_child (window->problems_revealer));
}

static void
test_screenshot (void)
{
  int row = first_row_in_group (BOUNCE_ROW_GROUP_HARD);

  gtk_toggle_button_set_active (window->filter_buttons[BOUNCE_ROW_GROUP_ALL], TRUE);
  gtk_single_selection_set_selected (window->selection, bounce_row_model_find_row (window->row_model, row));
  save_screenshot (GTK_WIDGET (window), "screenshot-review");

  /* The badges must stay readable in the dark style too. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  save_screenshot (GTK_WIDGET (window), "screenshot-review-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* The Summary page shows the core's figures for the same files. */
static void
test_summary_figures (void)
{
  g_autoptr(BounceInsight) expected = NULL;
  BounceSummaryPage *page = window->summary_page;
  BounceInsight *insight;
  BounceCleanPolicy policy;
  GtkWidget *child;
  guint n_findings = 0;
  guint n_figures = 0;

  bounce_clean_policy_init (&policy);
  reference_policy (&policy);
  expected = bounce_insight_new (reference.cleaner, reference.records, &policy);

  adw_view_stack_set_visible_child_name (window->review_stack, "summary");
  wait_frames (5);
  insight = bounce_summary_page_get_insight (page);
  g_assert_nonnull (insight);
  g_assert_true (insight == bounce_session_get_insight (window->session));

  g_assert_cmpuint (bounce_insight_get_figures (insight)->addresses, ==,
                    bounce_insight_get_figures (expected)->addresses);
  g_assert_cmpuint (bounce_insight_get_figures (insight)->bounced, ==,
                    bounce_insight_get_figures (expected)->bounced);
  g_assert_cmpuint (bounce_insight_get_figures (insight)->rows_removed, ==,
                    bounce_insight_get_figures (expected)->rows_removed);
  g_assert_cmpuint (bounce_insight_get_findings (insight)->len, ==,
                    bounce_insight_get_findings (expected)->len);
  /* The samples plant three invalid addresses and three typo rows. */
  g_assert_cmpuint (bounce_insight_get_figures (insight)->hygiene.invalid, ==, 3);
  g_assert_cmpuint (bounce_insight_get_figures (insight)->hygiene.flagged[0], ==, 3);

  for (child = gtk_widget_get_first_child (GTK_WIDGET (page->findings_list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n_findings++;
  g_assert_cmpuint (n_findings, ==, bounce_insight_get_findings (insight)->len);
  for (child = gtk_widget_get_first_child (GTK_WIDGET (page->figures_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n_figures++;
  /* Rows read, contacts, bounced contacts, three rates, rows removed,
   * messages read, bounce recipients and invalid addresses. */
  g_assert_cmpuint (n_figures, ==, 10);

  /* Every chart has data in the samples, and is drawn at a height. */
  for (guint i = 0; i < G_N_ELEMENTS (page->charts); i++)
    {
      g_assert_true (gtk_widget_get_visible (page->charts[i]));
      g_assert_cmpint (gtk_widget_get_height (page->charts[i]), >, 40);
    }
}

/* The Summary page and the Clean filter count as `bounce-cli clean` does
 * for the same files: messages read, bounce recipients, and rows without
 * a bounce, a delivery notice among them, less the removed ones. */
static void
test_summary_counts_match_cli (void)
{
  g_autofree char *contacts_path = g_build_filename (samples_dir, "contacts.csv", NULL);
  g_autofree char *bounces_path = g_build_filename (samples_dir, "bounces", NULL);
  const char *cli = g_getenv ("BOUNCE_CLI");
  const char *argv[] = { cli, "clean", "--no-history", "--dry-run", "--json",
                         "--contacts", contacts_path, "--bounces", bounces_path, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const BounceInsightFigures *figures;
  JsonObject *summary;
  int status;

  if (cli == NULL)
    {
      g_test_skip ("BOUNCE_CLI is not set");
      return;
    }

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  summary = json_node_get_object (json_parser_get_root (parser));

  figures = bounce_insight_get_figures (bounce_session_get_insight (window->session));
  g_assert_cmpint (figures->read.messages, ==, json_object_get_int_member (summary, "messages_read"));
  g_assert_cmpint (figures->read.bounce_recipients, ==,
                   json_object_get_int_member (summary, "bounce_recipients"));
  g_assert_cmpint (figures->read.messages, <, figures->read.bounce_recipients);

  /* The samples have one delivery notice, which counts as no bounce. */
  g_assert_cmpuint (figures->record_counts[BOUNCE_CATEGORY_DELIVERED], ==, 1);

  /* The Clean filter shows the rows of "No bounce": a row without a
   * bounce that is removed all the same, such as one with an invalid
   * address, is on a line of its own. The "All" filter shows the rows
   * read, and the Summary page's contacts are `clean`'s. */
  g_assert_cmpint (json_object_get_int_member (summary, "rows_removed_without_bounce"), >, 0);
  g_assert_cmpint (bounce_session_get_group_count (window->session, BOUNCE_ROW_GROUP_CLEAN), ==,
                   json_object_get_int_member (summary, "rows_without_bounce"));
  g_assert_cmpint (bounce_session_get_group_count (window->session, BOUNCE_ROW_GROUP_ALL), ==,
                   json_object_get_int_member (summary, "rows_in"));
  g_assert_cmpint (bounce_session_get_group_count (window->session, BOUNCE_ROW_GROUP_REMOVED), ==,
                   json_object_get_int_member (summary, "rows_removed"));
  g_assert_cmpint (figures->addresses, ==, json_object_get_int_member (summary, "distinct_addresses"));
  g_assert_cmpint (figures->duplicate_rows, ==, json_object_get_int_member (summary, "duplicate_rows"));
  g_assert_cmpint (figures->rows_invalid, ==, json_object_get_int_member (summary, "rows_invalid"));
  g_assert_cmpuint (figures->addresses + figures->duplicate_rows + figures->rows_invalid +
                    figures->rows_without_address + figures->rows_blank, ==, figures->rows);
}

/* Save dialogs open in the contact file's folder, but not in the bundled
 * samples' folder, which may be read-only. */
static void
test_save_folder (void)
{
  BounceContactList *contacts = bounce_session_get_contacts (window->session);
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autofree char *samples_folder = _bounce_window_dup_save_folder (bounce_contact_list_get_path (contacts));
  g_autofree char *own_folder = _bounce_window_dup_save_folder ("/srv/lists/contacts.csv");
  g_autofree char *canonical_samples = g_canonicalize_filename (samples_dir, NULL);

  g_assert_true (g_str_has_prefix (bounce_contact_list_get_path (contacts), samples_dir));
  g_assert_false (g_str_has_prefix (samples_folder, canonical_samples));
  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    g_assert_cmpstr (samples_folder, ==, documents);
  else
    g_assert_cmpstr (samples_folder, ==, g_get_home_dir ());

  g_assert_cmpstr (own_folder, ==, "/srv/lists");
}

/* Collects the buttons of the view switchers below @widget. */
static void
collect_switcher_buttons (GtkWidget *widget,
                          GPtrArray *buttons)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_TOGGLE_BUTTON (child) && ADW_IS_VIEW_SWITCHER (gtk_widget_get_ancestor (child, ADW_TYPE_VIEW_SWITCHER)))
        g_ptr_array_add (buttons, child);
      else
        collect_switcher_buttons (child, buttons);
    }
}

/* Neighbouring page buttons keep a gap, so that long translated names
 * ("Nicht zugeordnet", "Zusammenfassung") do not run together. */
static void
test_switcher_gap (void)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_switcher_buttons (GTK_WIDGET (window), buttons);
  g_assert_cmpuint (buttons->len, >=, 2);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      GtkStyleContext *context = gtk_widget_get_style_context (button);
      GtkBorder margin;

      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_style_context_get_margin (context, &margin);
      G_GNUC_END_IGNORE_DEPRECATIONS
      g_assert_cmpint (margin.left + margin.right, >=, 6);
    }
}

/* A menu button's tooltip would cover the first item of its open menu,
 * so it is off while the menu is open and back once it closes. */
static void
test_menu_tooltip (void)
{
  GtkMenuButton *buttons[] = { window->open_menu_button, window->primary_menu_button };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = GTK_WIDGET (buttons[i]);

      g_assert_true (gtk_widget_get_has_tooltip (button));
      g_assert_nonnull (gtk_widget_get_tooltip_text (button));

      gtk_menu_button_popup (buttons[i]);
      wait_frames (2);
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (buttons[i]))));
      g_assert_false (gtk_widget_get_has_tooltip (button));

      gtk_menu_button_popdown (buttons[i]);
      wait_frames (2);
      g_assert_true (gtk_widget_get_has_tooltip (button));
      g_assert_nonnull (gtk_widget_get_tooltip_text (button));
    }
}

/* The first descendant of @widget of @type, depth first, or NULL. */
static GtkWidget *
find_child_of_type (GtkWidget *widget,
                    GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = G_TYPE_CHECK_INSTANCE_TYPE (child, type) ? child : find_child_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static int
find_finding (BounceFindingKind kind)
{
  GPtrArray *findings = bounce_insight_get_findings (bounce_session_get_insight (window->session));

  for (guint i = 0; i < findings->len; i++)
    if (((BounceFinding *) findings->pdata[i])->kind == kind)
      return i;

  return -1;
}

/* A finding's row filters the review to the contacts behind it. */
static void
test_summary_finding_filters_review (void)
{
  int index = find_finding (BOUNCE_FINDING_INVALID);
  const BounceFinding *finding;
  GtkListBoxRow *row;

  g_assert_cmpint (index, >=, 0);
  finding = g_ptr_array_index (bounce_insight_get_findings (bounce_session_get_insight (window->session)), index);

  row = gtk_list_box_get_row_at_index (window->summary_page->findings_list, index);
  g_assert_true (gtk_list_box_row_get_activatable (row));
  g_signal_emit_by_name (window->summary_page->findings_list, "row-activated", row);
  wait_frames (3);

  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->review_stack), ==, "contacts");
  g_assert_true (gtk_revealer_get_reveal_child (window->finding_revealer));
  g_assert_cmpstr (gtk_label_get_text (window->finding_label), ==, finding->text);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->row_model)), ==, finding->rows->len);
  for (guint i = 0; i < finding->rows->len; i++)
    g_assert_cmpint (bounce_row_model_find_row (window->row_model, g_array_index (finding->rows, guint, i)), >=, 0);

  /* The finding's rows are no filter's, so none shows as chosen. */
  for (guint group = 0; group < BOUNCE_ROW_GROUP_LAST; group++)
    g_assert_false (gtk_toggle_button_get_active (window->filter_buttons[group]));
  save_screenshot (GTK_WIDGET (window), "screenshot-finding-rows");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-all-contacts", NULL);
  wait_frames (3);
  g_assert_false (gtk_revealer_get_reveal_child (window->finding_revealer));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->row_model)), ==,
                    bounce_session_get_n_rows (window->session));
  g_assert_true (gtk_toggle_button_get_active (window->filter_buttons[BOUNCE_ROW_GROUP_ALL]));

  /* A contact selected before, and not among the finding's rows, leaves
   * the details pane, as it does when a filter hides it. */
  {
    int clean_row = first_row_in_group (BOUNCE_ROW_GROUP_CLEAN);

    gtk_single_selection_set_selected (window->selection, bounce_row_model_find_row (window->row_model, clean_row));
    wait_frames (2);
    g_assert_cmpstr (pane_page (), ==, "contact");
    _bounce_window_show_finding (window, find_finding (BOUNCE_FINDING_INVALID));
    wait_frames (3);
    g_assert_cmpint (bounce_row_model_find_row (window->row_model, clean_row), <, 0);
    g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), ==, GTK_INVALID_LIST_POSITION);
    g_assert_cmpstr (pane_page (), ==, "empty");
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-all-contacts", NULL);
    wait_frames (3);
  }

  /* A filter chosen while a finding's rows show ends the finding's view. */
  _bounce_window_show_finding (window, find_finding (BOUNCE_FINDING_INVALID));
  wait_frames (3);
  g_assert_true (gtk_revealer_get_reveal_child (window->finding_revealer));
  gtk_toggle_button_set_active (window->filter_buttons[BOUNCE_ROW_GROUP_HARD], TRUE);
  wait_frames (3);
  g_assert_false (gtk_revealer_get_reveal_child (window->finding_revealer));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->row_model)), ==,
                    bounce_session_get_group_count (window->session, BOUNCE_ROW_GROUP_HARD));
  gtk_toggle_button_set_active (window->filter_buttons[BOUNCE_ROW_GROUP_ALL], TRUE);

  /* The unmatched bounces have a page of their own. */
  index = find_finding (BOUNCE_FINDING_UNMATCHED);
  g_assert_cmpint (index, >=, 0);
  _bounce_window_show_finding (window, index);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->review_stack), ==, "unmatched");

  /* Activating one opens a window with its details. */
  g_signal_emit_by_name (window->unmatched_view, "activate", 0);
  wait_frames (2);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    GtkWindow *dialog = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
      {
        g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

        if (g_strcmp0 (gtk_window_get_title (toplevel), "Unmatched Bounce") == 0)
          dialog = toplevel;
      }
    g_assert_nonnull (dialog);
    g_assert_nonnull (find_child_of_type (GTK_WIDGET (dialog), BOUNCE_TYPE_RECORD_VIEW));
    gtk_window_destroy (dialog);
  }
  adw_view_stack_set_visible_child_name (window->review_stack, "contacts");
}

static void
test_summary_save_report (void)
{
  g_autofree char *html_path = g_build_filename (work_dir, "summary-report.html", NULL);
  g_autofree char *csv_path = g_build_filename (work_dir, "summary-figures.csv", NULL);
  g_autofree char *html = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-report-to", "s", html_path);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-report-to", "s", csv_path);

  g_file_get_contents (html_path, &html, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (html, "data:image/png;base64,"));
  g_assert_nonnull (strstr (html, "hmoe.example.org"));

  g_file_get_contents (csv_path, &csv, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (csv, "section,name,category,value,text\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nfigure,invalid,,3,\r\n"));
}

/* The file type picked in Save Report decides the format unless a report
 * ending was typed. */
static void
test_summary_save_report_type (void)
{
  static const struct
  {
    const char *path;
    gboolean    csv_chosen;
    const char *expected;
  } cases[] = {
    { "/data/contacts-report.html", TRUE, "/data/contacts-report.csv" },
    { "/data/contacts-report.html", FALSE, "/data/contacts-report.html" },
    { "/data/app-figs", TRUE, "/data/app-figs.csv" },
    { "/data/app-figs", FALSE, "/data/app-figs.html" },
    { "/data/mine.csv", FALSE, "/data/mine.csv" },
    { "/data/mine.HTML", TRUE, "/data/mine.HTML" },
    { "/data/v1.2/report", TRUE, "/data/v1.2/report.csv" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = _bounce_window_dup_report_path (cases[i].path, "contacts-report.html",
                                                              cases[i].csv_chosen);

      g_assert_cmpstr (path, ==, cases[i].expected);
    }
}

/* The export dialog's Invalid Addresses switch keeps them in the list. */
static void
test_summary_keep_invalid (void)
{
  guint removed = bounce_session_get_summary (window->session)->rows_removed;
  int index;
  const BounceFinding *finding;

  g_settings_set_boolean (window->settings, "remove-invalid", FALSE);
  wait_frames (3);
  g_assert_cmpuint (bounce_session_get_summary (window->session)->rows_removed, ==, removed - 3);
  index = find_finding (BOUNCE_FINDING_INVALID);
  g_assert_cmpint (index, >=, 0);
  finding = g_ptr_array_index (bounce_insight_get_findings (bounce_summary_page_get_insight (window->summary_page)),
                               index);
  g_assert_nonnull (strstr (finding->text, "They are kept"));

  g_settings_set_boolean (window->settings, "remove-invalid", TRUE);
  wait_frames (3);
  g_assert_cmpuint (bounce_session_get_summary (window->session)->rows_removed, ==, removed);
}

static void
test_summary_screenshot (void)
{
  adw_view_stack_set_visible_child_name (window->review_stack, "summary");
  save_screenshot (GTK_WIDGET (window), "screenshot-summary");

  /* The charts redraw in the dark style's colours. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  save_screenshot (GTK_WIDGET (window), "screenshot-summary-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  adw_view_stack_set_visible_child_name (window->review_stack, "contacts");
}

static void
test_view_message (void)
{
  GPtrArray *records = bounce_session_get_records (window->session);
  BounceRecord *record = NULL;
  g_autofree char *text = NULL;
  g_autofree char *lower = NULL;
  GtkTextView *text_view;
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;
  BounceMessageWindow *message_window;

  /* A message inside an mbox, not its first: the window shows that
   * message alone. */
  for (guint i = 0; i < records->len && record == NULL; i++)
    {
      BounceRecord *candidate = g_ptr_array_index (records, i);

      if (candidate->offset > 0 && *candidate->recipient != '\0')
        record = candidate;
    }
  if (record == NULL)
    {
      g_test_skip ("The sample bounces hold no mbox");
      return;
    }

  message_window = bounce_message_window_new (GTK_WINDOW (window), record);
  gtk_window_present (GTK_WINDOW (message_window));
  text_view = GTK_TEXT_VIEW (gtk_widget_get_template_child (GTK_WIDGET (message_window), BOUNCE_TYPE_MESSAGE_WINDOW, "text_view"));
  buffer = gtk_text_view_get_buffer (text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  g_assert_false (gtk_text_view_get_editable (text_view));
  g_assert_true (g_str_has_prefix (text, "From "));
  g_assert_null (strstr (text + 1, "\nFrom "));
  lower = g_ascii_strdown (text, -1);
  g_assert_nonnull (strstr (lower, record->recipient));

  /* Wrapped lines get no hyphens that are not in the message. */
  {
    g_autoptr(GSList) tags = gtk_text_iter_get_tags (&start);
    gboolean no_hyphens = FALSE;

    for (GSList *l = tags; l != NULL; l = l->next)
      {
        gboolean hyphens;
        gboolean hyphens_set;

        g_object_get (l->data, "insert-hyphens", &hyphens, "insert-hyphens-set", &hyphens_set, NULL);
        no_hyphens |= hyphens_set && !hyphens;
      }
    g_assert_true (no_hyphens);
  }

  save_screenshot (GTK_WIDGET (message_window), "screenshot-message");
  gtk_window_destroy (GTK_WINDOW (message_window));
}

static BouncePreviewDialog *preview_dialog;

static void
test_preview_uncertain (void)
{
  g_autofree char *path = g_build_filename (work_dir, "two-addresses.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GString *csv = g_string_new (NULL);
  AdwComboRow *email_row;
  GtkColumnView *column_view;
  GtkWidget *use_button;
  guint chosen;

  /* No header and two address columns, one per person at work and at home:
   * the core cannot determine which is the list address. */
  for (guint i = 0; i < 20; i++)
    g_string_append_printf (csv, "person%u@example.com,home%u@example.org,Person %u\n", i, i, i);
  g_file_set_contents (path, csv->str, csv->len, &error);
  g_assert_no_error (error);
  g_string_free (csv, TRUE);

  _bounce_window_open_contacts (window, file);
  wait_until (preview_shown, "the preview dialog");
  preview_dialog = find_preview_dialog ();

  column_view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (preview_dialog), BOUNCE_TYPE_PREVIEW_DIALOG, "column_view"));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (column_view)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (column_view))), ==, 10);
  save_screenshot (GTK_WIDGET (preview_dialog), "screenshot-preview");

  /* Choosing the other address column reloads the file with it. */
  email_row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (preview_dialog), BOUNCE_TYPE_PREVIEW_DIALOG, "email_row"));
  chosen = adw_combo_row_get_selected (email_row) == 0 ? 1 : 0;
  adw_combo_row_set_selected (email_row, chosen);
  wait_for_preview_reload (preview_dialog);

  use_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (preview_dialog), BOUNCE_TYPE_PREVIEW_DIALOG, "use_button"));
  g_assert_true (gtk_widget_is_sensitive (use_button));
  g_signal_emit_by_name (use_button, "clicked");
  wait_until (review_shown, "the confirmed list to load");

  g_assert_cmpint (bounce_contact_list_get_email_column (bounce_session_get_contacts (window->session)), ==, chosen);
  g_assert_cmpuint (bounce_session_get_n_rows (window->session), ==, 20);
}

/* A CRM export whose "Assigned To" column of staff addresses outvotes
 * the customers' column, some of whose cells are empty: the close call
 * pre-selects the customers' column, as the core ranks them, so that
 * Use keeps every customer row apart. */
static void
test_preview_staff_column (void)
{
  g_autofree char *path = g_build_filename (work_dir, "assigned-to.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  AdwComboRow *email_row;
  GtkWidget *use_button;

  g_file_set_contents (path,
                       "Customer,Assigned To,Note\n"
                       "vic.moss@example.com,rep1@shop.example.org,x\n"
                       "uma.kerr@example.com,rep2@shop.example.org,\n"
                       "ada.lind@example.com,rep1@shop.example.org,\n"
                       ",rep3@shop.example.org,\n",
                       -1, &error);
  g_assert_no_error (error);

  _bounce_window_open_contacts (window, file);
  wait_until (preview_shown, "the preview dialog");
  preview_dialog = find_preview_dialog ();
  email_row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (preview_dialog), BOUNCE_TYPE_PREVIEW_DIALOG, "email_row"));
  g_assert_cmpuint (adw_combo_row_get_selected (email_row), ==, 0);
  wait_for_preview_reload (preview_dialog);

  use_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (preview_dialog), BOUNCE_TYPE_PREVIEW_DIALOG, "use_button"));
  g_signal_emit_by_name (use_button, "clicked");
  wait_until (review_shown, "the confirmed list to load");
  g_assert_cmpint (bounce_contact_list_get_email_column (bounce_session_get_contacts (window->session)), ==, 0);
}

/* The window stays busy opening the list while its preview is shown. */
static gboolean
error_dialog_shown (void)
{
  return find_message_dialog () != NULL;
}

/* The quote picker reloads the file with single quotes, which keep the
 * comma in each quoted name inside its cell. A wrong separator is
 * refused. */
static void
test_preview_quote (void)
{
  g_autofree char *path = g_build_filename (work_dir, "single-quotes.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new (NULL);
  AdwComboRow *quote_row;
  AdwComboRow *delimiter_row;
  GtkColumnView *column_view;
  GtkWindow *dialog;

  for (guint i = 0; i < 20; i++)
    g_string_append_printf (csv, "'Doe, Person %u',person%u@example.com,home%u@example.org\n", i, i, i);
  g_file_set_contents (path, csv->str, csv->len, &error);
  g_assert_no_error (error);

  _bounce_window_open_contacts (window, file);
  wait_until (preview_shown, "the preview dialog");
  preview_dialog = find_preview_dialog ();
  column_view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (preview_dialog), BOUNCE_TYPE_PREVIEW_DIALOG, "column_view"));
  quote_row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (preview_dialog), BOUNCE_TYPE_PREVIEW_DIALOG, "quote_row"));
  g_assert_cmpuint (adw_combo_row_get_selected (quote_row), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (column_view)), ==, 4);

  adw_combo_row_set_selected (quote_row, 1);
  wait_for_preview_reload (preview_dialog);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (column_view)), ==, 3);

  /* A separator that leaves whole lines in the email column is refused,
   * naming the one the file uses, as with bounce-cli's --delimiter. */
  adw_combo_row_set_selected (quote_row, 0);
  wait_for_preview_reload (preview_dialog);
  delimiter_row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (preview_dialog), BOUNCE_TYPE_PREVIEW_DIALOG, "delimiter_row"));
  adw_combo_row_set_selected (delimiter_row, 1);
  wait_until (error_dialog_shown, "the error dialog");
  dialog = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Could Not Read the File With These Settings");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "The file looks separated by the comma"));
  gtk_window_destroy (dialog);

  gtk_window_destroy (GTK_WINDOW (preview_dialog));
  preview_dialog = NULL;
}

/* An encoding picked in the preview that cannot read the file is
 * refused with the message of bounce-cli's --encoding, which names the
 * encoding detected. */
static void
test_preview_encoding (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", "utf16le-tab.csv", NULL);
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(GError) error = NULL;
  AdwComboRow *encoding_row;
  GtkWindow *dialog;

  contacts = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  preview_dialog = bounce_preview_dialog_new (GTK_WINDOW (window), contacts);
  gtk_window_present (GTK_WINDOW (preview_dialog));
  encoding_row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (preview_dialog), BOUNCE_TYPE_PREVIEW_DIALOG, "encoding_row"));
  g_assert_cmpuint (adw_combo_row_get_selected (encoding_row), ==, 1);

  /* The first entry is UTF-8. */
  adw_combo_row_set_selected (encoding_row, 0);
  wait_until (error_dialog_shown, "the error dialog");
  dialog = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Could Not Read the File With These Settings");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "With the encoding UTF-8, "));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "The file looks like UTF-16LE text: choose that encoding, or let Bounce detect it."));
  gtk_window_destroy (dialog);

  gtk_window_destroy (GTK_WINDOW (preview_dialog));
  preview_dialog = NULL;
}

static guint
count_visible_code_rows (GtkWidget *list_box)
{
  guint n_visible = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child))
      n_visible++;

  return n_visible;
}

/* Counts the visible rows of the Status Codes list whose code is @code,
 * and checks that each is under the "Any class" heading. */
static guint
count_visible_code_rows_named (GtkWidget  *list_box,
                               const char *code)
{
  const char *heading = NULL;
  guint n_visible = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *header;
      GtkWidget *code_label;

      if (!GTK_IS_LIST_BOX_ROW (child) || !gtk_widget_get_child_visible (child))
        continue;
      header = gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (child));
      if (header != NULL)
        heading = gtk_label_get_text (GTK_LABEL (header));
      code_label = gtk_widget_get_first_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (child)));
      if (!g_str_equal (gtk_label_get_text (GTK_LABEL (code_label)), code))
        continue;
      g_assert_cmpstr (heading, ==, "Any class");
      n_visible++;
    }

  return n_visible;
}

/* The codes search ignores accents, as the contact search does, so
 * "boite pleine" finds the French "boîte pleine". */
static void
test_codes_search_accents (void)
{
  GtkWidget *list_box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window->codes_page),
                                                                   BOUNCE_TYPE_CODES_PAGE, "list_box"));
  guint n_plain;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-code", "s", "");
  wait_frames (2);
  bounce_codes_page_set_search_text (window->codes_page, "quota");
  wait_frames (2);
  n_plain = count_visible_code_rows (list_box);
  g_assert_cmpuint (n_plain, >, 0);

  bounce_codes_page_set_search_text (window->codes_page, "QUÓTÁ");
  wait_frames (2);
  g_assert_cmpuint (count_visible_code_rows (list_box), ==, n_plain);

  bounce_codes_page_set_search_text (window->codes_page, "");
  wait_frames (2);
}

/* Every title of the codes list shows whole in the list's default width,
 * wrapped where it is long, so that no two titles read alike. */
static void
test_codes_titles_whole (void)
{
  GtkWidget *list_box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window->codes_page),
                                                                   BOUNCE_TYPE_CODES_PAGE, "list_box"));
  guint n_wrapped = 0;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-code", "s", "");
  wait_frames (3);

  for (GtkWidget *row = gtk_widget_get_first_child (list_box); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *title_label;
      PangoLayout *layout;

      if (!GTK_IS_LIST_BOX_ROW (row) || !gtk_widget_get_child_visible (row))
        continue;
      title_label = gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));
      layout = gtk_label_get_layout (GTK_LABEL (title_label));
      g_assert_false (pango_layout_is_ellipsized (layout));
      n_wrapped += pango_layout_get_line_count (layout) > 1;
    }
  /* Some English titles are longer than the list is wide. */
  g_assert_cmpuint (n_wrapped, >, 0);
}

static void
test_codes_search (void)
{
  GtkWidget *page = GTK_WIDGET (window->codes_page);
  GtkWidget *list_box = GTK_WIDGET (gtk_widget_get_template_child (page, BOUNCE_TYPE_CODES_PAGE, "list_box"));
  GObject *meaning_row = gtk_widget_get_template_child (page, BOUNCE_TYPE_CODES_PAGE, "meaning_row");
  GObject *source_row = gtk_widget_get_template_child (page, BOUNCE_TYPE_CODES_PAGE, "source_row");
  GObject *list_stack = gtk_widget_get_template_child (page, BOUNCE_TYPE_CODES_PAGE, "list_stack");
  GtkWidget *search_entry = GTK_WIDGET (gtk_widget_get_template_child (page, BOUNCE_TYPE_CODES_PAGE, "search_entry"));
  const BounceStatusCode *shown;
  int search_width;
  guint n_all;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-code", "s", "");
  wait_frames (2);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->review_stack), ==, "codes");
  n_all = count_visible_code_rows (list_box);
  g_assert_cmpuint (n_all, >, 150);

  /* A code lists the RFC entry and the providers' uses of it, and the
   * first is explained. */
  bounce_codes_page_set_search_text (window->codes_page, "5.1.1");
  wait_frames (2);
  g_assert_cmpuint (count_visible_code_rows (list_box), >=, 2);
  g_assert_cmpuint (count_visible_code_rows (list_box), <, 10);
  shown = bounce_codes_page_get_shown_code (window->codes_page);
  g_assert_nonnull (shown);
  g_assert_cmpstr (shown->code, ==, "5.1.1");
  g_assert_null (shown->provider);
  g_assert_cmpstr (template_label_text (page, BOUNCE_TYPE_CODES_PAGE, "code_label"), ==, "5.1.1");
  g_assert_cmpstr (template_label_text (page, BOUNCE_TYPE_CODES_PAGE, "title_label"), ==,
                   "Bad destination mailbox address");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (meaning_row)), "does not exist"));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (source_row)), "RFC 3463"));
  save_screenshot (GTK_WIDGET (window), "screenshot-codes");

  /* Grouped by subject, the first header names the subject of 5.1.1. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (page, BOUNCE_TYPE_CODES_PAGE,
                                                                                  "subject_button")), TRUE);
  wait_frames (2);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_header (
                     gtk_list_box_get_selected_row (GTK_LIST_BOX (list_box))))), ==, "Addressing");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (page, BOUNCE_TYPE_CODES_PAGE,
                                                                                  "class_button")), TRUE);
  wait_frames (2);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_header (
                     gtk_list_box_get_selected_row (GTK_LIST_BOX (list_box))))), ==, "5xx · Permanent failure");

  /* A pasted reply lists the entries of its codes, as the explain
   * command does. */
  bounce_codes_page_set_search_text (window->codes_page, "550 5.1.1 user unknown");
  wait_frames (2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (list_stack)), ==, "list");
  g_assert_cmpuint (count_visible_code_rows (list_box), >=, 2);
  shown = bounce_codes_page_get_shown_code (window->codes_page);
  g_assert_nonnull (shown);
  g_assert_true (g_str_equal (shown->code, "550") || g_str_equal (shown->code, "5.1.1"));

  /* Without a match, no earlier entry stays on show, and the search
   * field keeps its width rather than stretching across the page. */
  search_width = gtk_widget_get_width (search_entry);
  g_assert_cmpint (search_width, >, 0);
  bounce_codes_page_set_search_text (window->codes_page, "qqxqq");
  wait_frames (2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (list_stack)), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (gtk_widget_get_template_child (
                     page, BOUNCE_TYPE_CODES_PAGE, "empty_page"))), ==, "No Matching Codes");
  g_assert_null (bounce_codes_page_get_shown_code (window->codes_page));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (page, BOUNCE_TYPE_CODES_PAGE,
                                                                                     "details_group"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (page, BOUNCE_TYPE_CODES_PAGE,
                                                                                     "verdict_group"))));
  g_assert_cmpint (gtk_widget_get_width (search_entry), ==, search_width);

  /* A delay warning's sentence matches no entry, but its verdict is on
   * show, as `bounce-cli explain` prints it. */
  bounce_codes_page_set_search_text (window->codes_page, "Delivery incomplete");
  wait_frames (2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (list_stack)), ==, "empty");
  g_assert_null (bounce_codes_page_get_shown_code (window->codes_page));
  g_assert_true (gtk_widget_get_visible (gtk_paned_get_end_child (GTK_PANED (
                   gtk_widget_get_template_child (page, BOUNCE_TYPE_CODES_PAGE, "paned")))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (page, BOUNCE_TYPE_CODES_PAGE,
                                                                                    "verdict_group"))));
  g_assert_cmpstr (template_label_text (page, BOUNCE_TYPE_CODES_PAGE, "verdict_badge_label"), ==, "Delayed");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (page, BOUNCE_TYPE_CODES_PAGE,
                                                                                     "details_group"))));
  /* The empty list does not contradict the verdict beside it. */
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (gtk_widget_get_template_child (
                     page, BOUNCE_TYPE_CODES_PAGE, "empty_page"))), ==, "No Catalogue Entry");

  /* Words search the texts. */
  bounce_codes_page_set_search_text (window->codes_page, "mailbox full");
  wait_frames (2);
  g_assert_nonnull (bounce_codes_page_get_shown_code (window->codes_page));
  g_assert_cmpuint (count_visible_code_rows (list_box), >, 0);
  g_assert_cmpuint (count_visible_code_rows (list_box), <, n_all);

  /* The phrase entry of a full mailbox is used with class 4 and 5, and
   * is listed once, under "Any class", whichever of them a search names. */
  g_assert_cmpuint (count_visible_code_rows_named (list_box, "mailbox-full"), ==, 1);
  bounce_codes_page_set_search_text (window->codes_page, "postfach voll");
  wait_frames (2);
  g_assert_cmpuint (count_visible_code_rows_named (list_box, "mailbox-full"), ==, 1);
  shown = bounce_codes_page_get_shown_code (window->codes_page);
  g_assert_nonnull (shown);
  g_assert_cmpstr (shown->code, ==, "mailbox-full");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                   gtk_widget_get_template_child (page, BOUNCE_TYPE_CODES_PAGE, "group_row"))), "Any class · "));

  /* A phrase without a code shows the entry that `bounce-cli explain`
   * shows for it, found by the classifier's phrases, and a code after
   * other words is found. */
  bounce_codes_page_set_search_text (window->codes_page, "user unknown");
  wait_frames (2);
  shown = bounce_codes_page_get_shown_code (window->codes_page);
  g_assert_nonnull (shown);
  g_assert_cmpstr (shown->code, ==, "5.1.1");

  bounce_codes_page_set_search_text (window->codes_page, "Delivery failed: 554 transaction failed");
  wait_frames (2);
  shown = bounce_codes_page_get_shown_code (window->codes_page);
  g_assert_nonnull (shown);
  g_assert_cmpstr (shown->code, ==, "554");

  bounce_codes_page_set_search_text (window->codes_page, "");
  wait_frames (2);
  g_assert_cmpuint (count_visible_code_rows (list_box), ==, n_all);
}

/* A bounce's details give the advice for its cause. The catalogue's
 * advice for its code appears only where the code means that cause:
 * Yahoo's "554 5.7.9 Message not accepted for policy reasons" is no
 * weak login method, which is what 5.7.9 means, and a refused relay
 * needs a look at the sending set-up. */
static void
test_details_advice_fits_cause (void)
{
  static const struct
  {
    const char *reply;
    const char *reason;
  } cases[] = {
    { "554 5.7.9 Message not accepted for policy reasons.", BOUNCE_REASON_POLICY },
    { "554 5.7.1 <lars.holm@example.net>: Relay access denied", BOUNCE_REASON_RELAY_DENIED },
    { "550 5.1.1 <lars.holm@example.net>: Recipient address rejected: User unknown in virtual "
      "mailbox table (in reply to RCPT TO command)", BOUNCE_REASON_MAILBOX_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = g_strdup_printf ("From: MAILER-DAEMON@mta.example.net\n"
                                                  "To: letters@example.org\n"
                                                  "Subject: Failure Notice\n"
                                                  "Date: Thu, 5 Nov 2026 10:00:00 +0000\n"
                                                  "\n"
                                                  "Sorry, we were unable to deliver your message to "
                                                  "the following address.\n"
                                                  "\n"
                                                  "<lars.holm@example.net>:\n"
                                                  "%s\n",
                                                  cases[i].reply);
      g_autoptr(GPtrArray) records = bounce_parse_message (message, strlen (message), "notice.eml", -1, 0);
      BounceRecord *record;
      GtkWidget *view;
      GObject *action_row;
      const BounceStatusCode *code;
      const char *action;

      g_test_message ("%s", cases[i].reply);
      g_assert_cmpuint (records->len, ==, 1);
      record = g_ptr_array_index (records, 0);
      g_assert_cmpstr (record->reason, ==, cases[i].reason);

      view = g_object_ref_sink (bounce_record_view_new (record, BOUNCE_MATCH_NONE, NULL));
      action_row = gtk_widget_get_template_child (view, BOUNCE_TYPE_RECORD_VIEW, "action_row");
      action = adw_action_row_get_subtitle (ADW_ACTION_ROW (action_row));
      code = bounce_status_code_lookup (record->status);
      g_assert_nonnull (code);
      if (g_str_equal (code->reason, record->reason))
        g_assert_cmpstr (action, ==, code->action);
      else
        g_assert_cmpstr (action, ==, bounce_reason_get_action_for (record->reason, record->category));
      g_object_unref (view);
    }
}

/* A new Codes page opens on a failure, 5.1.1, not on the first row of the
 * list, a 2xx success code. */
static void
test_codes_opens_on_failure (void)
{
  GtkWidget *page = g_object_ref_sink (GTK_WIDGET (bounce_codes_page_new ()));
  const BounceStatusCode *shown = bounce_codes_page_get_shown_code (BOUNCE_CODES_PAGE (page));

  g_assert_nonnull (shown);
  g_assert_cmpstr (shown->code, ==, "5.1.1");
  g_assert_cmpint (shown->category, ==, BOUNCE_CATEGORY_HARD);
  g_object_unref (page);
}

/* The window's Codes page, on first show, scrolls its list to the row of
 * the entry it opens on. */
static void
test_codes_scrolled_to_selection (void)
{
  g_autofree char *previous = g_strdup (adw_view_stack_get_visible_child_name (window->review_stack));
  GtkListBox *list_box = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (window->codes_page),
                                                                      BOUNCE_TYPE_CODES_PAGE, "list_box"));
  GtkWidget *viewport = gtk_widget_get_parent (GTK_WIDGET (list_box));
  GtkListBoxRow *row;
  graphene_rect_t bounds;

  adw_view_stack_set_visible_child_name (window->review_stack, "codes");
  wait_frames (5);

  row = gtk_list_box_get_selected_row (list_box);
  g_assert_nonnull (row);
  g_assert_cmpstr (bounce_codes_page_get_shown_code (window->codes_page)->code, ==, "5.1.1");
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (row), viewport, &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (viewport));

  adw_view_stack_set_visible_child_name (window->review_stack, previous);
}

/* Asserts that the Codes page shows the verdict and advice that
 * `bounce-cli explain` gives for @line, and hides the advice of the
 * entry on show. */
static void
assert_codes_verdict (const char *line)
{
  GtkWidget *page = GTK_WIDGET (window->codes_page);
  GObject *verdict_group = gtk_widget_get_template_child (page, BOUNCE_TYPE_CODES_PAGE, "verdict_group");
  GObject *verdict_row = gtk_widget_get_template_child (page, BOUNCE_TYPE_CODES_PAGE, "verdict_row");
  GObject *verdict_action_row = gtk_widget_get_template_child (page, BOUNCE_TYPE_CODES_PAGE,
                                                               "verdict_action_row");
  GObject *action_row = gtk_widget_get_template_child (page, BOUNCE_TYPE_CODES_PAGE, "action_row");
  g_auto(BounceExplanation) explanation = { NULL };
  g_autofree char *description = NULL;

  g_test_message ("%s", line);
  g_assert_true (bounce_explanation_init (&explanation, line));
  description = bounce_explanation_dup_description (&explanation);

  bounce_codes_page_set_search_text (window->codes_page, line);
  wait_frames (2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (verdict_group)));
  g_assert_cmpstr (template_label_text (page, BOUNCE_TYPE_CODES_PAGE, "verdict_badge_label"), ==,
                   bounce_category_get_title (explanation.verdict));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (verdict_row)), ==, description);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (verdict_action_row)), ==,
                   bounce_explanation_get_action (&explanation));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (action_row)));
  g_assert_true (bounce_codes_page_get_shown_code (window->codes_page) == explanation.primary);
}

/* A line or phrase typed into the Codes page gets the one verdict of
 * `bounce-cli explain` above its entries, whose own advice it replaces:
 * a bare "user unknown" keeps the contact although 5.1.1 alone advises
 * removing the address. A code alone has no such verdict. */
static void
test_codes_verdict (void)
{
  GtkWidget *page = GTK_WIDGET (window->codes_page);
  GObject *verdict_group = gtk_widget_get_template_child (page, BOUNCE_TYPE_CODES_PAGE, "verdict_group");
  GObject *action_row = gtk_widget_get_template_child (page, BOUNCE_TYPE_CODES_PAGE, "action_row");
  const BounceStatusCode *shown;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-code", "s", "");
  wait_frames (2);

  assert_codes_verdict ("user unknown");
  g_assert_cmpstr (template_label_text (page, BOUNCE_TYPE_CODES_PAGE, "verdict_badge_label"), ==, "Blocked");
  save_screenshot (GTK_WIDGET (window), "screenshot-codes-verdict");

  assert_codes_verdict ("421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected "
                        "volume or user complaints");
  shown = bounce_codes_page_get_shown_code (window->codes_page);
  g_assert_cmpstr (shown->code, ==, "TSS04");
  g_assert_cmpstr (template_label_text (page, BOUNCE_TYPE_CODES_PAGE, "verdict_badge_label"), ==, "Blocked");

  assert_codes_verdict ("550 5.1.1");

  bounce_codes_page_set_search_text (window->codes_page, "5.1.1");
  wait_frames (2);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (verdict_group)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (action_row)));

  bounce_codes_page_set_search_text (window->codes_page, "");
  wait_frames (2);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (verdict_group)));
}

static void
find_linked_status_row_cb (BounceRecordView *view,
                           gpointer          user_data)
{
  GtkWidget **found = user_data;
  GObject *status_row = gtk_widget_get_template_child (GTK_WIDGET (view), BOUNCE_TYPE_RECORD_VIEW, "status_row");

  if (*found == NULL &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (status_row)), "win.show-code") == 0)
    *found = GTK_WIDGET (status_row);
}

/* Activating the status code in a contact's details opens the Codes page
 * at that code. */
static void
test_codes_from_details (void)
{
  GtkWidget *status_row = NULL;
  g_autofree char *codes = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *status = NULL;
  const BounceStatusCode *shown;

  adw_view_stack_set_visible_child_name (window->review_stack, "contacts");
  select_row (first_row_in_group (BOUNCE_ROW_GROUP_HARD));
  foreach_record_view (find_linked_status_row_cb, &status_row);
  g_assert_nonnull (status_row);

  g_variant_get (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (status_row)), "s", &codes);
  g_assert_true (bounce_status_code_parse_line (codes, &reply, &status));

  g_assert_true (gtk_widget_activate (status_row));
  wait_frames (2);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->review_stack), ==, "codes");
  shown = bounce_codes_page_get_shown_code (window->codes_page);
  g_assert_nonnull (shown);
  g_assert_true (g_strcmp0 (shown->code, status) == 0 || g_strcmp0 (shown->code, reply) == 0 ||
                 shown->provider != NULL);

  /* The list keeps the bounce's codes: both parts when it had both. */
  if (reply != NULL && status != NULL)
    {
      GtkWidget *list_box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window->codes_page),
                                                                       BOUNCE_TYPE_CODES_PAGE, "list_box"));

      g_assert_cmpuint (count_visible_code_rows (list_box), >=, 2);
    }
  save_screenshot (GTK_WIDGET (window), "screenshot-codes-from-details");

  adw_view_stack_set_visible_child_name (window->review_stack, "contacts");
}

/* Tab leaves the contact list for the details pane, and Shift+Tab for
 * the filters, while the arrow keys stay with the list. GTK 4.8 alone
 * moves to the next row on Tab, so the focus never left a long list. */
static void
test_list_tab_leaves (void)
{
  GtkWidget *list = GTK_WIDGET (window->column_view);

  select_row (first_row_in_group (BOUNCE_ROW_GROUP_HARD));
  g_assert_true (gtk_widget_child_focus (list, GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_is_inside (list));

  g_assert_true (press_key_in_list (list, GDK_KEY_Tab, 0));
  g_assert_false (focus_is_inside (list));
  g_assert_true (focus_is_inside (GTK_WIDGET (window->details_pane)));

  /* From the first widget of the pane, the window's own Shift+Tab goes
   * back to the list. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_BACKWARD));
  g_assert_true (focus_is_inside (list));

  /* X11 sends Shift+Tab as ISO_Left_Tab. */
  g_assert_true (press_key_in_list (list, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK));
  g_assert_false (focus_is_inside (list));
  g_assert_true (focus_is_inside (GTK_WIDGET (window->filter_box)));

  g_assert_true (gtk_widget_child_focus (list, GTK_DIR_TAB_FORWARD));
  g_assert_true (press_key_in_list (list, GDK_KEY_Tab, GDK_SHIFT_MASK));
  g_assert_true (focus_is_inside (GTK_WIDGET (window->filter_box)));

  /* GTK binds Ctrl+Tab to move the focus also out of widgets that take
   * Tab as input, such as text views, so it leaves the list too. */
  g_assert_true (gtk_widget_child_focus (list, GTK_DIR_TAB_FORWARD));
  g_assert_true (press_key_in_list (list, GDK_KEY_Tab, GDK_CONTROL_MASK));
  g_assert_true (focus_is_inside (GTK_WIDGET (window->details_pane)));

  /* The arrow keys and Alt+Tab are left to the list and the window. */
  g_assert_true (gtk_widget_child_focus (list, GTK_DIR_TAB_FORWARD));
  g_assert_false (press_key_in_list (list, GDK_KEY_Down, 0));
  g_assert_false (press_key_in_list (list, GDK_KEY_Up, 0));
  g_assert_false (press_key_in_list (list, GDK_KEY_Tab, GDK_ALT_MASK));
  g_assert_true (focus_is_inside (list));
}

/* The unmatched bounces' list lets Tab leave it as the contact list does. */
static void
test_unmatched_tab_leaves (void)
{
  GtkWidget *list = GTK_WIDGET (window->unmatched_view);

  adw_view_stack_set_visible_child_name (window->review_stack, "unmatched");
  wait_frames (3);
  /* The samples have bounces that match no contact, else this test
   * proves nothing. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->unmatched_stack), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (window->unmatched_view))), >, 1);

  assert_tab_leaves_list (list, 0);

  adw_view_stack_set_visible_child_name (window->review_stack, "contacts");
  wait_frames (3);
}

/* A file name too long for the unmatched bounces' File column is cut in
 * the middle, so that its extension, such as ".mbox", still shows. */
static void
test_unmatched_file_extension (void)
{
  GtkWidget *list_view = NULL;
  guint n_file_cells = 0;

  adw_view_stack_set_visible_child_name (window->review_stack, "unmatched");
  wait_frames (3);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (window->unmatched_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      list_view = child;
  g_assert_nonnull (list_view);

  for (GtkWidget *row = gtk_widget_get_first_child (list_view); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *cell = gtk_widget_get_last_child (row);
      GtkWidget *label = cell != NULL ? gtk_widget_get_first_child (cell) : NULL;

      if (label == NULL || !GTK_IS_LABEL (label) || !g_str_has_suffix (gtk_label_get_text (GTK_LABEL (label)), ".eml"))
        continue;
      g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (label)), ==, PANGO_ELLIPSIZE_MIDDLE);
      n_file_cells++;
    }
  g_assert_cmpuint (n_file_cells, >, 0);

  adw_view_stack_set_visible_child_name (window->review_stack, "contacts");
  wait_frames (3);
}

/* The Status Codes list, a GtkListBox, lets Tab leave it too: in GTK 4.8
 * a list box also moves to the next row on Tab. */
static void
test_codes_tab_leaves (void)
{
  GtkWidget *list_box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window->codes_page),
                                                                   BOUNCE_TYPE_CODES_PAGE, "list_box"));

  adw_view_stack_set_visible_child_name (window->review_stack, "codes");
  wait_frames (3);
  assert_tab_leaves_list (list_box, 0);

  adw_view_stack_set_visible_child_name (window->review_stack, "contacts");
  wait_frames (3);
}

/* Checks that every filter button shows whole, at its natural width,
 * inside the filter bar and clear of the kept and removed count. */
static void
assert_filter_bar_fits (void)
{
  GtkWidget *filter_bar = gtk_widget_get_parent (GTK_WIDGET (window->filter_box));
  GtkWidget *summary = GTK_WIDGET (window->summary_label);
  graphene_rect_t summary_bounds;

  g_test_message ("window %d px wide", gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpint (gtk_widget_get_width (filter_bar), <=, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_true (gtk_widget_compute_bounds (summary, filter_bar, &summary_bounds));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (window->summary_label)));

  for (guint group = 0; group < BOUNCE_ROW_GROUP_LAST; group++)
    {
      GtkWidget *button = GTK_WIDGET (window->filter_buttons[group]);
      graphene_rect_t bounds;
      int natural = 0;

      g_assert_true (gtk_widget_get_mapped (button));
      g_assert_true (gtk_widget_compute_bounds (button, filter_bar, &bounds));
      gtk_widget_measure (button, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      g_assert_cmpfloat (bounds.size.width, >=, natural);
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.y, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (filter_bar));
      g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (filter_bar));
      g_assert_false (graphene_rect_intersection (&bounds, &summary_bounds, NULL));
    }
}

/* Checks that the header's subtitle shows a list and three bounce
 * sources whole, as long as the French or German Save button leaves
 * the one it names. */
static void
assert_subtitle_fits (void)
{
  static const char subtitle[] = "customers-newsletter-november.csv · bounces from Inbox, Bounces, Archive";
  g_autofree char *shown = g_strdup (adw_view_switcher_title_get_subtitle (window->switcher_title));
  GtkLabel *label;

  adw_view_switcher_title_set_subtitle (window->switcher_title, subtitle);
  wait_frames (5);
  g_assert_true (adw_view_switcher_title_get_title_visible (window->switcher_title));
  label = find_label (GTK_WIDGET (window->switcher_title), subtitle);
  g_assert_nonnull (label);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));

  adw_view_switcher_title_set_subtitle (window->switcher_title, shown);
}

/* In a window 1024 pixels wide, and at the window's minimum size, the
 * filters start a second line rather than being cut off or covered by
 * the count. In the first, the header's subtitle is not cut either. */
static void
test_filter_bar_fits (void)
{
  GtkWidget *other_address = GTK_WIDGET (window->filter_buttons[BOUNCE_ROW_GROUP_OTHER_ADDRESS]);
  GtkWidget *blank = GTK_WIDGET (window->filter_buttons[BOUNCE_ROW_GROUP_BLANK]);
  int min_width = 0;

  gtk_toggle_button_set_active (window->filter_buttons[BOUNCE_ROW_GROUP_ALL], TRUE);
  /* The sample list has one address column and no blank row, which
   * hides the filters of rows whose other address bounced and of blank
   * rows. Every filter must fit, as for a list with a home address
   * column and blank rows. */
  g_assert_false (gtk_widget_get_visible (other_address));
  g_assert_false (gtk_widget_get_visible (blank));
  gtk_widget_set_visible (other_address, TRUE);
  gtk_widget_set_visible (blank, TRUE);

  /* The default size counts the frame that the window draws around
   * itself, so the window's content is a few pixels narrower. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 700);
  wait_frames (5);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1024);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >, 1000);
  assert_filter_bar_fits ();
  assert_subtitle_fits ();
  save_screenshot (GTK_WIDGET (window), "screenshot-1024");

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 300);
  wait_frames (5);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, min_width);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <, 1000);
  assert_filter_bar_fits ();
  save_screenshot (GTK_WIDGET (window), "screenshot-minimum");

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  gtk_widget_set_visible (other_address, FALSE);
  gtk_widget_set_visible (blank, FALSE);
  wait_frames (5);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >, 1024);
}

/* The review in each language fits a window 800 pixels wide, the width
 * of a small laptop screen or a window beside another on a 1600-pixel
 * screen: German and French labels are the longest. */
static void
test_min_width_translations (void)
{
  static const char * const languages[] = { "en", "de", "fr", "es" };
  BounceWindow *main_window = window;
  g_autofree char *old_locale = g_strdup (setlocale (LC_MESSAGES, NULL));

  /* gettext ignores LANGUAGE in the C locale. */
  if (setlocale (LC_MESSAGES, "C.UTF-8") == NULL)
    {
      g_test_skip ("The C.UTF-8 locale is not available");
      return;
    }
  bounce_format_bind_translations ();

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      int min_width = 0;

      g_setenv ("LANGUAGE", languages[i], TRUE);
      /* The catalogue was found, or the test would measure English. */
      if (i > 0)
        g_assert_cmpstr (g_dpgettext2 (NULL, "filter", "All"), !=, "All");
      window = present_new_window (application, 3);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.open-samples", NULL);
      wait_until (review_shown, "the sample files to load");
      wait_frames (3);

      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      g_test_message ("%s: minimum width %d px", languages[i], min_width);
      g_assert_cmpint (min_width, <=, 800);

      gtk_window_destroy (GTK_WINDOW (window));
    }

  window = main_window;
  g_unsetenv ("LANGUAGE");
  setlocale (LC_MESSAGES, old_locale);
}

/* A Google Contacts export has the list address in its eighth column.
 * The review shows it right after the status, while the saved file
 * keeps the columns in their order. */
static void
address_column_first (void)
{
  static const char header[] = "Name,Given Name,Additional Name,Family Name,Nickname,Group Membership,"
                               "E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value\n";
  static const char * const rows[] = {
    "Ana Lind,Ana,,Lind,,* myContacts,* Work,ana@example.com,Mobile,+1 555 0101\n",
    "Ben Ross,Ben,,Ross,,* myContacts,* Home,ben@example.org,Mobile,+1 555 0102\n",
    "Cleo Park,Cleo,,Park,,* myContacts,* Work,cleo@example.net,Work,+1 555 0103\n",
  };
  static const char * const titles[] = {
    "Status", "E-mail 1 - Value", "Name", "Given Name", "Additional Name", "Family Name",
    "Nickname", "Group Membership", "E-mail 1 - Type", "Phone 1 - Type", "Phone 1 - Value",
  };
  g_autofree char *csv_path = g_build_filename (work_dir, "google.csv", NULL);
  g_autofree char *folder = make_empty_folder ("google-bounces");
  g_autofree char *bounce_path = g_build_filename (folder, "ben.eml", NULL);
  g_autofree char *bounce = dup_hard_bounce ("ben@example.org", 7);
  g_autofree char *output = g_build_filename (work_dir, "google-cleaned.csv", NULL);
  g_autofree char *csv = g_strconcat (header, rows[0], rows[1], rows[2], NULL);
  g_autofree char *expected = g_strconcat (header, rows[0], rows[2], NULL);
  g_autofree char *saved = NULL;
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  g_autoptr(GError) error = NULL;
  GListModel *columns;
  GtkWidget *list_view = NULL;
  guint n_rows = 0;

  g_file_set_contents (csv_path, csv, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (bounce_path, bounce, -1, &error);
  g_assert_no_error (error);

  _bounce_window_open_contacts (window, csv_file);
  _bounce_window_open_bounces (window, &folder_file, 1);
  wait_until (review_shown, "the files to load");
  wait_frames (3);
  g_assert_cmpint (bounce_contact_list_get_email_column (bounce_session_get_contacts (window->session)), ==, 7);

  columns = gtk_column_view_get_columns (window->column_view);
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, G_N_ELEMENTS (titles));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, titles[i]);
    }

  /* Each row widget's second cell shows the address. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (window->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      list_view = child;
  g_assert_nonnull (list_view);
  for (GtkWidget *row_widget = gtk_widget_get_first_child (list_view);
       row_widget != NULL;
       row_widget = gtk_widget_get_next_sibling (row_widget), n_rows++)
    {
      GtkWidget *email_cell = gtk_widget_get_next_sibling (gtk_widget_get_first_child (row_widget));
      g_autofree char *address = bounce_contact_list_dup_cell (bounce_session_get_contacts (window->session),
                                                               bounce_row_model_get_row (window->row_model, n_rows), 7);

      g_assert_cmpstr (bounce_text_cell_get_text (BOUNCE_TEXT_CELL (gtk_widget_get_first_child (email_cell))),
                       ==, address);
    }
  g_assert_cmpuint (n_rows, ==, G_N_ELEMENTS (rows));
  save_screenshot (GTK_WIDGET (window), "screenshot-address-first");

  g_settings_set_boolean (window->settings, "save-removed", FALSE);
  g_assert_true (save_through_window (window, output));
  g_settings_reset (window->settings, "save-removed");
  g_file_get_contents (output, &saved, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved, ==, expected);
}

static void
test_address_column_first (void)
{
  with_fresh_window (address_column_first);
}

/* A list cell draws line breaks as "↵" and other control characters as
 * spaces, where Pango would draw a box glyph. */
static void
test_one_line_cell_text (void)
{
  static const struct { const char *text; const char *line; } cases[] = {
    { "1 Main St\r\nApt 2", "1 Main St\u21b5Apt 2" },
    { "a\nb\rc", "a\u21b5b\u21b5c" },
    { "tab\there", "tab here" },
    { "Zoë", "Zoë" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *line = bounce_gui_dup_one_line (cases[i].text);

      g_assert_cmpstr (line, ==, cases[i].line);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) destination = NULL;
  g_autoptr(GSettings) settings = NULL;
  const char *source_samples;
  int status;

  /* Xvfb has no accessibility bus, so GTK would warn, and tests make
   * warnings fatal. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The app reads the samples from a copy, so a failed refusal to
   * overwrite the input can never touch the real sample files. */
  source_samples = g_getenv ("BOUNCE_SAMPLES_DIR");
  if (source_samples == NULL)
    source_samples = SOURCE_SAMPLES_DIR;
  work_dir = g_dir_make_tmp ("bounce-test-gui-XXXXXX", &error);
  g_assert_no_error (error);
  samples_dir = g_build_filename (work_dir, "samples", NULL);
  source = g_file_new_for_path (source_samples);
  destination = g_file_new_for_path (samples_dir);
  copy_tree (source, destination);
  g_setenv ("BOUNCE_SAMPLES_DIR", samples_dir, TRUE);

  load_reference ();

  /* These tests compare the app with `bounce-cli clean --no-history`.
   * test-gui-history.c covers the history. */
  settings = g_settings_new (APP_ID);
  g_settings_set_boolean (settings, "keep-history", FALSE);

  application = bounce_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  window = present_new_window (application, 5);

  g_test_add_func ("/gui/welcome/focus", test_welcome);
  g_test_add_func ("/gui/welcome/save-shortcuts", test_save_shortcuts);
  g_test_add_func ("/gui/samples/load", test_load_samples);
  g_test_add_func ("/gui/review/counts", test_counts);
  g_test_add_func ("/gui/review/default-layout", test_default_layout);
  g_test_add_func ("/gui/review/narrow-hides-empty-details", test_narrow_hides_empty_details);
  g_test_add_func ("/gui/review/filter-rows-rebound", test_filter_rows_rebound);
  g_test_add_func ("/gui/review/no-problems", test_problems_none_in_samples);
  g_test_add_func ("/gui/review/details", test_details);
  g_test_add_func ("/gui/details/soft-limit", test_details_soft_limit);
  g_test_add_func ("/gui/details/kept-by-choice", test_details_kept_by_choice);
  g_test_add_func ("/gui/details/text", test_details_text);
  g_test_add_func ("/gui/details/list-checks", test_details_list_checks);
  g_test_add_func ("/gui/review/sort-status", test_sort_by_status);
  g_test_add_func ("/gui/review/search", test_search);
  g_test_add_func ("/gui/review/search-invalid-address", test_search_invalid_address);
  g_test_add_func ("/gui/review/search-accents", test_search_accents);
  g_test_add_func ("/gui/review/search-keyboard", test_search_keyboard);
  g_test_add_func ("/gui/review/focus-keeps-selection", test_focus_keeps_selection);
  g_test_add_func ("/gui/review/type-to-search-focus", test_type_to_search_focus);
  g_test_add_func ("/gui/review/status-list-checks", test_status_list_checks);
  g_test_add_func ("/gui/review/status-cell-narrow", test_status_cell_narrow);
  g_test_add_func ("/gui/details/date-wraps", test_details_date_wraps);
  g_test_add_func ("/gui/details/address-wraps", test_details_address_wraps);
  g_test_add_func ("/gui/details/check-advice", test_details_check_advice);
  g_test_add_func ("/gui/review/to-check-badge", test_to_check_badge);
  g_test_add_func ("/gui/codes/opens-on-failure", test_codes_opens_on_failure);
  g_test_add_func ("/gui/codes/scrolled-to-selection", test_codes_scrolled_to_selection);
  g_test_add_func ("/gui/codes/titles-whole", test_codes_titles_whole);
  g_test_add_func ("/gui/review/unmatched-file-extension", test_unmatched_file_extension);
  g_test_add_func ("/gui/window/min-width-translations", test_min_width_translations);
  g_test_add_func ("/gui/export/dialog-counts", test_export_dialog_counts);
  g_test_add_func ("/gui/export/dialog-cancel-keeps-settings", test_export_dialog_cancel_keeps_settings);
  g_test_add_func ("/gui/export/changed-rules-notice", test_changed_rules_notice);
  g_test_add_func ("/gui/export/matches-cli", test_export_matches_cli);
  g_test_add_func ("/gui/export/refuses-input", test_export_refuses_input);
  g_test_add_func ("/gui/export/through-link", test_export_through_link);
  g_test_add_func ("/gui/export/open-folder-failure", test_open_folder_failure);
  g_test_add_func ("/gui/toast/during-slide", test_toast_during_slide);
  g_test_add_func ("/gui/export/refuses-bounce", test_export_refuses_bounce);
  g_test_add_func ("/gui/export/removed-name", test_export_removed_name);
  g_test_add_func ("/gui/export/removed-follows-output", test_export_removed_follows_output);
  g_test_add_func ("/gui/export/asks-to-replace-removed", test_export_asks_to_replace_removed);
  g_test_add_func ("/gui/export/removed-fifo", test_export_removed_fifo);
  g_test_add_func ("/gui/export/removed-never-over-input", test_export_removed_never_over_input);
  g_test_add_func ("/gui/review/screenshot", test_screenshot);
  g_test_add_func ("/gui/summary/figures", test_summary_figures);
  g_test_add_func ("/gui/summary/counts-match-cli", test_summary_counts_match_cli);
  g_test_add_func ("/gui/export/save-folder", test_save_folder);
  g_test_add_func ("/gui/window/switcher-gap", test_switcher_gap);
  g_test_add_func ("/gui/window/menu-tooltip", test_menu_tooltip);
  g_test_add_func ("/gui/summary/finding-filters-review", test_summary_finding_filters_review);
  g_test_add_func ("/gui/summary/save-report", test_summary_save_report);
  g_test_add_func ("/gui/summary/save-report-type", test_summary_save_report_type);
  g_test_add_func ("/gui/summary/keep-invalid", test_summary_keep_invalid);
  g_test_add_func ("/gui/summary/screenshot", test_summary_screenshot);
  g_test_add_func ("/gui/review/view-message", test_view_message);
  g_test_add_func ("/gui/preview/uncertain", test_preview_uncertain);
  g_test_add_func ("/gui/preview/staff-column", test_preview_staff_column);
  g_test_add_func ("/gui/preview/quote", test_preview_quote);
  g_test_add_func ("/gui/preview/encoding", test_preview_encoding);
  g_test_add_func ("/gui/bounces/empty-folder-alone", test_bounces_empty_folder_alone);
  g_test_add_func ("/gui/bounces/empty-folder-with-contacts", test_bounces_empty_folder_with_contacts);
  g_test_add_func ("/gui/bounces/unreadable-folder-alone", test_bounces_unreadable_folder_alone);
  g_test_add_func ("/gui/bounces/unreadable-beside-mail", test_bounces_unreadable_beside_mail);
  g_test_add_func ("/gui/bounces/none-open", test_bounces_none_open);
  g_test_add_func ("/gui/drop/files", test_drop_files);
  g_test_add_func ("/gui/drop/mbox", test_drop_mbox);
  g_test_add_func ("/gui/loading/cancel", test_cancel_loading);
  g_test_add_func ("/gui/problems/listed", test_problems_listed);
  g_test_add_func ("/gui/export/changed-on-disk", test_changed_on_disk_reload);
  g_test_add_func ("/gui/export/changed-on-disk-truncated", test_changed_on_disk_truncated);
  g_test_add_func ("/gui/export/changed-on-disk-drops-question", test_changed_on_disk_drops_question);
  g_test_add_func ("/gui/export/changed-on-disk-banner", test_changed_on_disk_banner);
  g_test_add_func ("/gui/export/dialog-follows-list", test_export_dialog_follows_list);
  g_test_add_func ("/gui/review/search-on-contacts-only", test_search_on_contacts_only);
  g_test_add_func ("/gui/review/unmatched-status-row", test_unmatched_status_row);
  g_test_add_func ("/gui/export/status-columns-again", test_status_columns_saved_again);
  g_test_add_func ("/gui/export/status-columns-per-list", test_status_columns_per_list);
  g_test_add_func ("/gui/open/not-csv", test_open_not_csv);
  g_test_add_func ("/gui/details/other-address", test_details_other_address);
  g_test_add_func ("/gui/review/filters-add-up", test_filters_add_up);
  g_test_add_func ("/gui/details/assistant-address", test_details_assistant_address);
  g_test_add_func ("/gui/details/by-date", test_details_by_date);
  g_test_add_func ("/gui/details/invalid-cell", test_details_invalid_cell);
  g_test_add_func ("/gui/details/cell-address", test_details_cell_address);
  g_test_add_func ("/gui/details/delivery-notice", test_details_delivery_notice);
  g_test_add_func ("/gui/details/other-notices", test_details_other_notices);
  g_test_add_func ("/gui/details/cell-soft-bounces", test_details_cell_soft_bounces);
  g_test_add_func ("/gui/details/second-cell-address", test_details_second_cell_address);
  g_test_add_func ("/gui/review/codes-search", test_codes_search);
  g_test_add_func ("/gui/review/codes-search-accents", test_codes_search_accents);
  g_test_add_func ("/gui/review/codes-verdict", test_codes_verdict);
  g_test_add_func ("/gui/review/details-advice-fits-cause", test_details_advice_fits_cause);
  g_test_add_func ("/gui/review/codes-from-details", test_codes_from_details);
  g_test_add_func ("/gui/review/list-tab-leaves", test_list_tab_leaves);
  g_test_add_func ("/gui/review/unmatched-tab-leaves", test_unmatched_tab_leaves);
  g_test_add_func ("/gui/review/codes-tab-leaves", test_codes_tab_leaves);
  g_test_add_func ("/gui/review/filter-bar-fits", test_filter_bar_fits);
  g_test_add_func ("/gui/review/address-column-first", test_address_column_first);
  g_test_add_func ("/gui/text-cell/one-line", test_one_line_cell_text);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&application);

  return status;
}

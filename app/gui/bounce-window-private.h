/* bounce-window-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bounce-codes-page.h"
#include "bounce-details-pane.h"
#include "bounce-mailbox-dialog.h"
#include "bounce-row-model.h"
#include "bounce-session.h"
#include "bounce-summary-page.h"
#include "bounce-suppression-page.h"
#include "bounce-window.h"
#include "bounce-wrap-box.h"

G_BEGIN_DECLS

/* Widths in pixels of the review's Status column and of the details
 * pane at the first layout. With the default window width, they leave
 * the email address and a few more columns of the contact list in view. */
#define BOUNCE_WINDOW_STATUS_WIDTH  280
#define BOUNCE_WINDOW_DETAILS_WIDTH 340

struct _BounceWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* The history of bounces and the suppression list, shared with
   * bounce-cli. NULL when the "keep-history" setting is off or the file
   * could not be opened, and history_error then gives the reason. A file
   * that can be read but not written is opened read-only, and
   * history_error is the reason it cannot be written. shown_write_error
   * is the failed write that a toast has already reported. */
  BounceHistory        *history;
  GError               *history_error;
  const GError         *shown_write_error;

  /* Toasts, see bounce_window_add_toast(). last_toast is the newest one,
   * shown or waiting. shown_toast is the one given to the overlay last,
   * which the next one replaces. */
  AdwToast             *last_toast;
  AdwToast             *shown_toast;
  gint64                shown_toast_time;    /* frame time it was given at */
  gboolean              shown_toast_at_once; /* it appeared at once, not queued */
  /* The newest toast that came before shown_toast had slid in. It waits
   * for a frame painted after the slide. */
  AdwToast             *pending_toast;
  gint64                last_paint_time;     /* frame time of the last painted frame */
  GdkFrameClock        *painted_clock;

  /* The open inputs of session, kept apart so that opening one side
   * again keeps the other. records is NULL until bounces are opened.
   * bounces_name and n_bounce_paths name what was opened, for messages. */
  BounceContactList    *contacts;
  GPtrArray            *records;
  char                 *bounces_name;
  guint                 n_bounce_paths;
  BounceSession        *session;
  /* The list addresses a person chose to keep while the window is open
   * (a set of char *), for want of a history that can be written (see
   * bounce-window-keep.c). The policy's kept_addresses is this table.
   * NULL when none is kept. Replaced on each change, never changed. */
  GHashTable           *kept_addresses;
  /* The bounce sources whose records are open, in the order opened:
   * paths of files and folders, and mailbox folder URIs (char *). A new
   * source adds its records to the open ones; win.close-bounces clears
   * them. NULL before bounces are opened. */
  GPtrArray            *bounce_sources;

  /* Inputs read by the loading under way. They replace the open ones
   * only when every job started together has finished uncancelled, so a
   * cancelled load leaves nothing half-loaded. */
  BounceContactList    *pending_contacts;
  GPtrArray            *pending_records;
  char                 *pending_bounces_name;
  guint                 pending_n_bounce_paths;
  GPtrArray            *pending_bounce_sources;
  /* The contact-list candidates of one command line or drop (GFile):
   * the one being read, then those read in its place if it fails. */
  GPtrArray            *contact_candidates;
  BounceRowModel       *row_model;
  GtkSingleSelection   *selection;

  /* Loading: one cancellable for everything started together. */
  GCancellable         *cancellable;
  GCancellable         *sort_cancellable;
  BounceScanner        *scanner;
  guint                 n_loading;
  guint                 pulse_source;
  gint64                files_read_time;
  gulong                first_frame_handler;

  /* Figures for the benchmark, in microseconds. */
  gint64                last_review_latency;
  guint                 n_saves;
  gboolean              last_save_ok;
  /* The contact file whose saves add the status columns, as chosen in
   * the Save dialog; NULL when none does. The choice holds for that list
   * only and is never stored, because the columns change the shape of a
   * file the person expects back as it was. */
  char                 *status_columns_path;
  /* The open contact file changed on disk, so its cells are no longer
   * read from its mapping; see _bounce_window_check_contacts(). */
  gboolean              contacts_changed;
  /* The banner over the review that reports that the open contact file
   * changed on disk, with a button that reads it again. Built when first
   * shown, NULL before, and hidden when another session is shown. */
  GtkRevealer          *changed_revealer;
  GtkLabel             *changed_label;
  GtkButton            *changed_button;
  /* The Save dialog and the dialog about the changed contact file while
   * they are open, else NULL (weak pointers), so that each shows once. */
  GtkWindow            *export_dialog;
  GtkWindow            *changed_dialog;
  /* Whether the keyboard focus was on a row of the contact list at the
   * last focus change. focus_widget_changed_cb() selects a row only when
   * the focus moves between rows, not when it enters the list. */
  gboolean              focus_in_list;
  gboolean              select_focused_row;

  /* The column whose header sort is being asked, see sort_probe_cb. */
  int                   probed_column;
  char                 *last_search;
  gboolean              paned_positioned;

  /* Template widgets. */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  GtkButton            *export_button;
  GtkToggleButton      *search_button;
  GtkMenuButton        *open_menu_button;
  GtkMenuButton        *primary_menu_button;
  GtkStack             *main_stack;
  AdwStatusPage        *welcome_page;
  GtkButton            *welcome_contacts_button;
  AdwStatusPage        *loading_page;
  GtkProgressBar       *progress_bar;
  GtkLabel             *contacts_progress_label;
  GtkLabel             *bounces_progress_label;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkRevealer          *problems_revealer;
  GtkLabel             *problems_label;
  GtkRevealer          *rules_revealer;
  GtkLabel             *rules_label;
  GtkRevealer          *history_revealer;
  GtkRevealer          *history_off_revealer;
  GtkLabel             *history_off_label;
  AdwViewStack         *review_stack;
  BounceCodesPage      *codes_page;
  BounceSummaryPage    *summary_page;
  GtkRevealer          *finding_revealer;
  GtkLabel             *finding_label;
  BounceSuppressionPage *suppression_page;
  BounceWrapBox        *filter_box;
  GtkLabel             *summary_label;
  GtkSpinner           *busy_spinner;
  GtkRevealer          *no_bounces_revealer;
  GtkLabel             *no_bounces_label;
  GtkPaned             *paned;
  GtkStack             *contacts_stack;
  GtkColumnView        *column_view;
  BounceDetailsPane    *details_pane;
  GtkStack             *unmatched_stack;
  GtkLabel             *unmatched_label;
  AdwStatusPage        *unmatched_empty_page;
  GtkButton            *unmatched_open_button;
  GtkColumnView        *unmatched_view;

  GtkToggleButton      *filter_buttons[BOUNCE_ROW_GROUP_LAST];
};

/* bounce-window.c */
void     _bounce_window_show_session       (BounceWindow  *self,
                                            BounceSession *session);
void     _bounce_window_update_actions     (BounceWindow  *self);
const char *_bounce_window_get_samples_dir (void);
/* The folder a save dialog opens in for output about @contacts_path:
 * its own folder, but the user's Documents folder (or home) for the
 * bundled samples, which are often installed read-only. @contacts_path
 * may be NULL. */
char       *_bounce_window_dup_save_folder (const char    *contacts_path);

/* bounce-window-import.c */
/* Start and end one loading job, as opening files does: the loading
 * page with Cancel shows until every job started together has ended.
 * Decrement n_loading before calling _bounce_window_end_loading(). */
void     _bounce_window_begin_loading      (BounceWindow  *self);
void     _bounce_window_end_loading        (BounceWindow  *self);
/* "No bounce messages were found in …", for inputs that held none. */
char    *_bounce_window_dup_no_bounces_text (BounceWindow *self);
void     _bounce_window_open_contacts      (BounceWindow  *self,
                                            GFile         *file);
/* Opens the first of @candidates (GFile) as the contact list. When it
 * cannot be read as one, the next is read in its place, and a toast
 * names the file that failed. The error of the last one is shown. */
void     _bounce_window_open_contact_candidates (BounceWindow *self,
                                                 GPtrArray    *candidates);
void     _bounce_window_open_bounces       (BounceWindow  *self,
                                            GFile        **files,
                                            guint          n_files);
/* As _bounce_window_open_bounces(), but the scan records the messages in
 * the history only when @record is TRUE; the sample data never is. */
void     _bounce_window_open_bounces_full  (BounceWindow  *self,
                                            GFile        **files,
                                            guint          n_files,
                                            gboolean       record);
void     _bounce_window_cancel_loading     (BounceWindow  *self);
/* Makes @records (transfer full) the pending records, after the open
 * ones. Open records from a file that @records read again are left out,
 * so each message counts once. */
void     _bounce_window_add_scanned_records (BounceWindow *self,
                                             GPtrArray    *records);
/* Adds @source to the pending bounce sources, after the open ones. */
void     _bounce_window_add_pending_source (BounceWindow  *self,
                                            const char    *source);
/* Closes the open bounces and matches the contact list again without
 * them, for a new review of other bounces. */
void     _bounce_window_close_bounces      (BounceWindow  *self);
void     _bounce_window_choose_contacts    (BounceWindow  *self);
void     _bounce_window_choose_bounces     (BounceWindow  *self,
                                            gboolean       folder);
gboolean _bounce_window_is_loading         (BounceWindow  *self);
void     _bounce_window_setup_drop         (BounceWindow  *self);

/* Opens the dialog that lists the damage found in the open files. */
void     _bounce_window_show_problems      (BounceWindow  *self);

/* Brackets a change of the rows that the review shows: the selected
 * contact stays selected when it is still shown, and the details pane
 * clears when it is not. Pass the result of the first to the second. */
int      _bounce_window_begin_model_change (BounceWindow *self);
void     _bounce_window_end_model_change   (BounceWindow *self,
                                            int           selected_row);

/* bounce-window-export.c */
/* Opens the Save dialog, or brings the open one to the front. A contact
 * file that changed on disk cannot be saved, so its dialog shows instead. */
void     _bounce_window_show_export        (BounceWindow  *self);
/* Gives the open Save dialog the window's session, so that its counts
 * are those of the list shown, or closes it when there is nothing to
 * save. */
void     _bounce_window_update_export      (BounceWindow  *self);
/* Writes the cleaned list to @path, and the removed contacts beside it
 * (bounce_export_dup_removed_path()) when the "save-removed" setting is
 * on, as the export dialog's Save does. Asks before it replaces an
 * existing file of removed contacts. Emits "saved" when the save ends,
 * but not when the person declines to replace that file. */
void     _bounce_window_save_cleaned       (BounceWindow  *self,
                                            const char    *path);
/* Returns whether saves of the open contact list add the status
 * columns: FALSE for each list until the Save dialog turns them on. */
gboolean _bounce_window_get_status_columns (BounceWindow *self);
void     _bounce_window_set_status_columns (BounceWindow *self,
                                            gboolean      add);
/* Saves to @path, the name chosen in the file chooser opened from
 * @export_dialog (may be NULL), and closes that dialog. When @path is the
 * open contact list, shows why not and keeps @export_dialog open, so the
 * person can save again; returns FALSE then. */
gboolean _bounce_window_save_chosen        (BounceWindow  *self,
                                            const char    *path,
                                            GtkWindow     *export_dialog);
/* Shows @error, BOUNCE_ERROR_CHANGED_ON_DISK, in a dialog whose Reload
 * button opens the contact file again and matches the open bounces to it.
 * A banner with the same button stays over the review until then. */
void     _bounce_window_show_changed_on_disk (BounceWindow *self,
                                              const GError *error);
/* Returns whether the cells of the open contact file can be read: FALSE
 * once it changed on disk, and the first such call then shows
 * _bounce_window_show_changed_on_disk(). Call it before reading cells,
 * because a file cut shorter stops the app with SIGBUS on a read. */
gboolean _bounce_window_check_contacts     (BounceWindow *self);
/* Closes the questions of saves not yet started, such as whether to
 * replace the file of removed contacts, and drops their jobs. Called when
 * another contact list or session replaces the one they would save. */
void     _bounce_window_close_save_questions (BounceWindow *self);

/* bounce-window-history.c */
/* Reads the cleaning policy from the settings, with the open history. */
void     _bounce_window_read_policy        (BounceWindow      *self,
                                            BounceCleanPolicy *policy);
/* Opens the history again, or closes it, as the "keep-history" setting
 * requests, and evaluates the review with it. A failure to open is shown
 * in a toast. Emits "history-changed". */
void     _bounce_window_update_history     (BounceWindow  *self);
/* Shows a toast when the last scan's writes to the history failed. */
void     _bounce_window_check_history_writes (BounceWindow *self);
/* Shows why the history could not be opened or written. */
void     _bounce_window_show_history_error (BounceWindow  *self);
/* Fails as bounce_history_check_suppression_list() does for the history
 * of the "keep-history" setting, and never when the setting is off. */
gboolean _bounce_window_check_suppression_list (BounceWindow  *self,
                                                GError       **error);
/* Shows the banner about an unreadable suppression list while
 * _bounce_window_check_suppression_list() fails. */
void     _bounce_window_update_history_banner (BounceWindow *self);
/* Shows the notice over the review when the removal rules differ from
 * the defaults, and hides it otherwise. */
void     _bounce_window_update_rules_notice (BounceWindow *self);
/* Resets the removal rules to their defaults, in one change. */
void     _bounce_window_use_default_rules  (BounceWindow  *self);
/* Puts @address on the suppression list as added by hand, so that the
 * open list and every later one leave it out, for a contact kept to
 * check. A toast's Undo takes it off again. Needs a writable history. */
void     _bounce_window_remove_contact     (BounceWindow  *self,
                                            const char    *address);
/* Recomputes the review after the suppression list changed. */
void     _bounce_window_suppression_changed (BounceWindow *self);

/* bounce-window-summary.c */
/* Shows the session's figures and findings, and ends a finding's
 * filter of the contact list. */
void     _bounce_window_update_summary     (BounceWindow  *self);
/* Shows the contacts behind finding @index of the Summary page, or the
 * unmatched bounces for that finding. */
void     _bounce_window_show_finding       (BounceWindow  *self,
                                            guint          index);
void     _bounce_window_clear_finding      (BounceWindow  *self);
void     _bounce_window_summary_init       (BounceWindow  *self);
void     _bounce_window_class_summary_init (GtkWidgetClass *widget_class);

/* bounce-window-mailbox.c */
/* Reads the bounces of @source's folder, replacing the open bounces. */
void     _bounce_window_open_mailbox       (BounceWindow     *self,
                                            BounceImapSource *source);
/* Shows the Open Mailbox dialog; returns it, for the tests. */
BounceMailboxDialog *_bounce_window_choose_mailbox (BounceWindow *self);

/* bounce-window-keep.c */
/* Keeps the rows of @address whatever bounced. With a history that can
 * be written, the choice is stored there and takes the address off the
 * suppression list (bounce_history_keep_address()). A toast's Undo takes
 * both back. */
void     _bounce_window_keep_contact       (BounceWindow  *self,
                                            const char    *address);
/* Undoes _bounce_window_keep_contact(), with a toast that reports it when
 * @with_toast is TRUE. */
void     _bounce_window_stop_keeping       (BounceWindow  *self,
                                            const char    *address,
                                            gboolean       with_toast);
gboolean _bounce_window_is_kept            (BounceWindow  *self,
                                            const char    *address);

/* bounce-window-actions.c */
void     _bounce_window_class_actions_init (GtkWidgetClass *widget_class);

/* Returns the path to write the Save Report dialog's choice to. A name
 * typed with a report ending (.csv, .html, .htm) decides the format.
 * Otherwise the file type picked decides, CSV when @csv_chosen, and the
 * name gets its ending in place of the proposed one, because the GTK 4.8
 * chooser keeps the proposed name when the type changes. */
char *_bounce_window_dup_report_path (const char *path,
                                      const char *proposed_name,
                                      gboolean    csv_chosen);

G_END_DECLS

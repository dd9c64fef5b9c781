/* bounce-export-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bounce-session.h"

G_BEGIN_DECLS

#define BOUNCE_TYPE_EXPORT_DIALOG (bounce_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BounceExportDialog, bounce_export_dialog, BOUNCE, EXPORT_DIALOG, AdwWindow)

/* The cleaning choices, read from @settings, with live counts from
 * @session for the choices shown. Emits "save" when the person presses
 * Save. The choices are written to @settings only by
 * bounce_export_dialog_apply_choices(), so closing the dialog keeps the
 * settings as they were. */
BounceExportDialog *bounce_export_dialog_new (GtkWindow     *parent,
                                              BounceSession *session,
                                              GSettings     *settings);
/* Writes the dialog's choices to its settings, for the save under way.
 * Add Status Columns is not a setting: the window keeps it for the open
 * list (bounce_export_dialog_get_status_columns()). */
void     bounce_export_dialog_apply_choices      (BounceExportDialog *self);
/* Shows the counts of @session, such as a contact list read again, and
 * keeps the choices made. */
void     bounce_export_dialog_set_session        (BounceExportDialog *self,
                                                  BounceSession      *session);
void     bounce_export_dialog_set_status_columns (BounceExportDialog *self,
                                                  gboolean            add);
gboolean bounce_export_dialog_get_status_columns (BounceExportDialog *self);

/* Reads the cleaning policy and whether to save the removed contacts
 * from @settings. The policy's history stays NULL: the window that owns
 * one sets it. */
void bounce_export_read_settings (GSettings         *settings,
                                  BounceCleanPolicy *policy,
                                  gboolean          *save_removed);

/* Resets the settings of the removal rules (Remove Contacts With in
 * Preferences) to their defaults, in one change. */
void bounce_export_reset_rules (GSettings *settings);

/* The name proposed for the cleaned list of @contacts_path, without its
 * extension: "contacts.csv" -> "contacts-cleaned.csv", and an Excel text
 * file "list.txt" -> "list-cleaned.txt". */
char *bounce_export_dup_cleaned_name (const char *contacts_path);
/* The path of the removed contacts that go with the cleaned list at
 * @output_path, in the same folder: "NAME-cleaned.csv" ->
 * "NAME-removed.csv", any other "OUT.csv" -> "OUT-removed.csv", with
 * ".txt" kept for a ".txt" output. */
char *bounce_export_dup_removed_path (const char *output_path);

G_END_DECLS

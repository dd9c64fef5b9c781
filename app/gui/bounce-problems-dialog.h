/* bounce-problems-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bounce-core.h"

G_BEGIN_DECLS

#define BOUNCE_TYPE_PROBLEMS_DIALOG (bounce_problems_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BounceProblemsDialog, bounce_problems_dialog, BOUNCE, PROBLEMS_DIALOG, AdwWindow)

/* Lists the damage found in the open files: one group per file kind,
 * one row per problem, "contacts.csv, line 12" over its message. */
BounceProblemsDialog *bounce_problems_dialog_new       (GtkWindow            *parent);
/* Adds a group titled @title with a row for each diagnostic of
 * @diagnostics (element-type BounceDiagnostic). */
void                  bounce_problems_dialog_add_diagnostics (BounceProblemsDialog *self,
                                                              const char           *title,
                                                              const char           *description,
                                                              GPtrArray            *diagnostics);
/* Adds a group titled @title with a row for each unreadable record of
 * @records (element-type BounceRecord): its file and why. */
void                  bounce_problems_dialog_add_records     (BounceProblemsDialog *self,
                                                              const char           *title,
                                                              const char           *description,
                                                              GPtrArray            *records);
/* The number of problem rows in every group. */
guint                 bounce_problems_dialog_get_n_rows (BounceProblemsDialog *self);

G_END_DECLS

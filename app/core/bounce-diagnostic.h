/* bounce-diagnostic.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The code of a CSV row that could not be read completely because one of
 * its quotes is never closed. */
#define BOUNCE_DIAGNOSTIC_UNBALANCED_QUOTE "unbalanced-quote"

/* The code of a CSV row with a quote inside a quoted field that is not
 * doubled, such as `"said 5" tall"`. The row was read in full, as libcsv
 * reads it, so this is no damage. */
#define BOUNCE_DIAGNOSTIC_UNDOUBLED_QUOTE "undoubled-quote"

/* Damage in input that was tolerated: a ragged CSV row, a file in a
 * folder that is not a message. The app lists these and the CLI prints
 * them; they are never errors that stop the job. */
typedef struct
{
  char   *file;    /* path of the input */
  guint   line;    /* 1-based line, or 0 when it does not apply */
  gint64  offset;  /* byte offset, or -1 */
  char   *code;    /* stable machine name: "ragged-row", "outlook-msg" ... */
  char   *message; /* translated sentence: what failed and what to do */
} BounceDiagnostic;

GType             bounce_diagnostic_get_type (void) G_GNUC_CONST;
#define BOUNCE_TYPE_DIAGNOSTIC (bounce_diagnostic_get_type ())

BounceDiagnostic *bounce_diagnostic_new      (const char             *file,
                                              guint                   line,
                                              gint64                  offset,
                                              const char             *code,
                                              const char             *message);
BounceDiagnostic *bounce_diagnostic_copy     (const BounceDiagnostic *diagnostic);
void              bounce_diagnostic_free     (BounceDiagnostic       *diagnostic);
/* "contacts.csv:12: message" — for CLI output. */
char             *bounce_diagnostic_to_string (const BounceDiagnostic *diagnostic);
gboolean          bounce_diagnostic_is_damage (const BounceDiagnostic *diagnostic);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BounceDiagnostic, bounce_diagnostic_free)

G_END_DECLS

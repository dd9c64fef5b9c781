/* bounce-phrases-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bounce-category.h"

G_BEGIN_DECLS

/* One provider or server phrase that decides a verdict when it appears in
 * a diagnostic text. @pattern is lower-case, with single spaces. */
typedef struct
{
  const char     *pattern;
  BounceCategory  category;
  const char     *reason;
  const char     *source;
  gboolean        weak;     /* decides only when the status code does not */
  gboolean        specific; /* one provider's exact wording: needs no other evidence */
} BouncePhrase;

/* Lower-cases the text, folds every run of white space into one space
 * (the form the patterns are written in) and blanks relay labels that
 * would match by accident. Free with g_free(). */
char               *_bounce_phrases_normalize (const char *text);

/* Returns the phrase that occurs in @normalized_text and comes first in the
 * table (earlier rows are more specific), or NULL. @normalized_text must
 * come from _bounce_phrases_normalize(). Thread-safe. */
const BouncePhrase *_bounce_phrases_match     (const char *normalized_text);

/* Returns the phrase that occurs in @normalized_text, has one of the
 * NULL-terminated @reasons and comes first in the table, or NULL. */
const BouncePhrase *_bounce_phrases_match_reasons (const char         *normalized_text,
                                                   const char * const *reasons);

/* The whole table, for tests. */
const BouncePhrase *_bounce_phrases_get_table (guint      *n_phrases);

G_END_DECLS

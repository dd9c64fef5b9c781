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
  gboolean        vague;    /* names nothing that is missing, so an X.7.x code or a stated
                             * block (bare == FALSE) outweighs it */
  gboolean        bare;     /* a refusal that states no cause ("rejected") */
  gboolean        soft_if_transient; /* a limit of the recipient's mailbox: soft with a 4xx code */
} BouncePhrase;

/* Lower-cases the text, folds every run of white space into one space
 * (the form the patterns are written in), drops the codes that a
 * multi-line reply repeats on its continuation lines and blanks relay
 * labels that would match by accident. Free with g_free(). */
char               *_bounce_phrases_normalize (const char *text);

/* Returns the phrase that occurs in @normalized_text and comes first in the
 * table (earlier rows are more specific), or NULL. When that phrase is
 * vague, the first block phrase of the text that states a cause wins
 * instead. @normalized_text must come from _bounce_phrases_normalize().
 * Thread-safe. */
const BouncePhrase *_bounce_phrases_match     (const char *normalized_text);

/* Returns the vague phrase that comes first in @normalized_text when a
 * block phrase that states a cause outweighs it (see
 * _bounce_phrases_match()), or NULL. */
const BouncePhrase *_bounce_phrases_find_outweighed (const char *normalized_text);

/* Returns the phrase that occurs in @normalized_text, has one of the
 * NULL-terminated @reasons and comes first in the table, or NULL. */
const BouncePhrase *_bounce_phrases_match_reasons (const char         *normalized_text,
                                                   const char * const *reasons);

/* Returns the sentence of a delay warning ("will retry", "delivery
 * incomplete", "has been delayed") that occurs first in the list in
 * @lower_text, or NULL. Such a sentence states that the sending server is
 * still trying, which makes a scan read the notice as delayed. It is NULL
 * also when @lower_text states that delivery failed for good. The text is
 * lower-cased ASCII; white space is not folded. */
const char         *_bounce_phrases_find_delay (const char *lower_text);

/* Returns whether @lower_text states that delivery failed for good
 * ("This is a permanent error; I've given up."), not negated or supposed
 * ("You'll be notified if the delivery fails permanently."). */
gboolean            _bounce_phrases_states_final_failure (const char *lower_text);

/* The whole table, for tests. */
const BouncePhrase *_bounce_phrases_get_table (guint      *n_phrases);

G_END_DECLS

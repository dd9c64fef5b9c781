/* bounce-explanation.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bounce-category.h"
#include "bounce-status-codes.h"

G_BEGIN_DECLS

/* What decided the verdict of a BounceExplanation. */
typedef enum
{
  BOUNCE_VERDICT_BASIS_NONE,     /* nothing known: the class of the code */
  BOUNCE_VERDICT_BASIS_STATUS,   /* the enhanced status code */
  BOUNCE_VERDICT_BASIS_REPLY,    /* the reply code */
  BOUNCE_VERDICT_BASIS_PROVIDER, /* a provider's own code or phrase in the catalogue */
  BOUNCE_VERDICT_BASIS_PHRASE,   /* a phrase of the server's text */
  BOUNCE_VERDICT_BASIS_DELAY,    /* a sentence of a delay warning: the sender still retries */
} BounceVerdictBasis;

/* What a code, a pair of codes or a pasted line of a bounce means: the
 * codes found in it, the catalogue entries that explain them and one
 * verdict, the one a scan gives to the same text. The CLI's `explain` and
 * the app's Status Codes page both read it. */
typedef struct
{
  char                   *query;       /* the text, trimmed */
  char                   *reply_code;  /* "550" or NULL */
  char                   *status;      /* "5.1.1" or NULL */
  gboolean                has_text;    /* words beyond the codes */
  GPtrArray              *entries;     /* const BounceStatusCode * */
  const BounceStatusCode *primary;     /* the entry that describes the query */
  gboolean                known;       /* primary is the query's own entry, not a class fallback */
  BounceCategory          verdict;     /* BOUNCE_CATEGORY_UNKNOWN: depends on the text */
  const char             *reason;      /* a BOUNCE_REASON_* value */
  BounceVerdictBasis      basis;
  const char             *phrase;      /* the deciding phrase, for BOUNCE_VERDICT_BASIS_PHRASE and _DELAY */
} BounceExplanation;

/* Explains @text: a reply code, an enhanced status code, both, a
 * provider's code or a whole line of a bounce, with the codes anywhere in
 * it ("Delivery failed: 550 mailbox unavailable"). A line without a code
 * is explained by the classifier's phrases ("user unknown"). A line with
 * a sentence of a delay warning ("Gmail will retry for 46 more hours") is
 * delayed whatever its codes, as a scan of a notice with it is. Returns
 * FALSE, with @explanation still to be cleared, when @text contains no
 * code and no known phrase. */
gboolean  bounce_explanation_init          (BounceExplanation       *explanation,
                                            const char              *text);

void      bounce_explanation_clear         (BounceExplanation       *explanation);

/* Returns TRUE when the verdict depends on a server text that the query
 * does not contain ("550" alone). */
gboolean  bounce_explanation_depends       (const BounceExplanation *explanation);

/* Returns TRUE when the query gets one verdict and one action in place
 * of its entries' own, which can contradict each other. A line with
 * words gets them, and so do a reply code and an enhanced code together,
 * unless the verdict depends on words the query lacks. */
gboolean  bounce_explanation_has_verdict   (const BounceExplanation *explanation);

/* Translated sentence that names the part that decided the verdict and
 * why, such as "The enhanced status code 5.1.1 decides, because RFC 3463
 * makes it more specific than the reply code 550 …". */
char     *bounce_explanation_dup_basis     (const BounceExplanation *explanation);

/* Translated description of the verdict's cause. It agrees with the
 * verdict where the reason alone would not: "421 4.7.0 user unknown" is
 * a soft bounce whose words suggest an unknown address. Returns NULL
 * when the verdict depends on a text the query lacks or the reason has
 * no description. */
char       *bounce_explanation_dup_description (const BounceExplanation *explanation);

/* Translated advice for the verdict, more precise than the category's
 * for blocks that a change of the sending cannot fix, such as a
 * "user unknown" that a content filter may have sent. */
const char *bounce_explanation_get_action        (const BounceExplanation *explanation);

/* Translated sentences, one for each listed catalogue entry whose own
 * category is not the verdict, that explain why the verdict differs. Empty
 * when the verdict depends on a text the query lacks. */
GPtrArray  *bounce_explanation_dup_differences (const BounceExplanation *explanation);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BounceExplanation, bounce_explanation_clear)

G_END_DECLS

/* bounce-explanation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-explanation"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bounce-classifier.h"
#include "bounce-classifier-private.h"
#include "bounce-explanation.h"
#include "bounce-phrases-private.h"
#include "bounce-reason.h"
#include "bounce-status-codes-private.h"

/* TRUE when @query contains nothing but the codes found in it ("550 5.1.1",
 * "550-5.1.1"), so there is no server text to classify. */
static gboolean
is_codes_only (const char *query,
               const char *reply_code,
               const char *status)
{
  g_autofree char *rest = g_strdup (query);
  const char *codes[] = { reply_code, status };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      char *found;

      if (codes[i] == NULL)
        continue;
      found = strstr (rest, codes[i]);
      if (found != NULL)
        memset (found, ' ', strlen (codes[i]));
    }

  for (const char *p = rest; *p != '\0'; p++)
    if (!g_ascii_isspace (*p) && *p != '-')
      return FALSE;

  return TRUE;
}

/* TRUE when the query has a code and every code in it is of class 2
 * (success), as in "250 2.0.0 OK queued". */
static gboolean
is_positive_reply (const BounceExplanation *explanation)
{
  if (explanation->reply_code == NULL && explanation->status == NULL)
    return FALSE;
  if (explanation->reply_code != NULL && explanation->reply_code[0] != '2')
    return FALSE;

  return explanation->status == NULL || explanation->status[0] == '2';
}

/* An entry that describes exactly what was asked, not a class fallback. */
static gboolean
is_exact (const BounceExplanation *explanation,
          const BounceStatusCode  *code)
{
  return code->provider != NULL ||
         g_strcmp0 (code->code, explanation->status) == 0 ||
         g_strcmp0 (code->code, explanation->reply_code) == 0;
}

/* The first standard entry that implies @reason and @category, or NULL.
 * The catalogue lists X.1.1 as 4.1.1 and 5.1.1, so the category picks the
 * class. */
static const BounceStatusCode *
find_entry (const char     *reason,
            BounceCategory  category)
{
  g_autoptr(GPtrArray) entries = bounce_status_code_list ();

  for (guint i = 0; i < entries->len; i++)
    {
      const BounceStatusCode *code = g_ptr_array_index (entries, i);

      if (code->provider == NULL && code->category == category &&
          g_strcmp0 (code->reason, reason) == 0)
        return code;
    }

  return NULL;
}

/* The phrase of the classifier's table that occurs in @text, or NULL. */
static const BouncePhrase *
find_phrase (const char *text)
{
  g_autofree char *normalized = _bounce_phrases_normalize (text);

  return _bounce_phrases_match (normalized);
}

/* Names the part that gave the verdict: a code whose meaning alone is the
 * verdict, then a provider's entry, then a phrase of the text. A code
 * that agrees with a phrase is named, because a scan of the same code
 * with other words would give the same verdict. */
static void
set_basis (BounceExplanation *explanation)
{
  BounceCategory category;
  const char *reason;
  const BouncePhrase *phrase;

  explanation->basis = BOUNCE_VERDICT_BASIS_NONE;
  if (bounce_explanation_depends (explanation))
    return;

  if (_bounce_status_code_classify (explanation->status, &category, &reason) &&
      category == explanation->verdict)
    explanation->basis = BOUNCE_VERDICT_BASIS_STATUS;
  else if (_bounce_status_code_classify (explanation->reply_code, &category, &reason) &&
           category == explanation->verdict)
    explanation->basis = BOUNCE_VERDICT_BASIS_REPLY;
  else if (explanation->primary != NULL && explanation->primary->provider != NULL &&
           explanation->primary->category == explanation->verdict)
    explanation->basis = BOUNCE_VERDICT_BASIS_PROVIDER;
  else if (explanation->has_text && (phrase = find_phrase (explanation->query)) != NULL)
    {
      explanation->basis = BOUNCE_VERDICT_BASIS_PHRASE;
      explanation->phrase = phrase->pattern;
    }
}

/* Explains a line without a code by the classifier's phrases. The entry
 * shown is the one for the verdict's reason or, when the classifier
 * changed the phrase's reason ("user unknown" without a code may come
 * from a content filter), the one for the phrase's own reason. */
static gboolean
explain_phrase (BounceExplanation *explanation)
{
  const BouncePhrase *phrase;
  const BounceStatusCode *entry;

  if (!explanation->has_text)
    return FALSE;
  phrase = find_phrase (explanation->query);
  if (phrase == NULL)
    return FALSE;

  explanation->verdict = bounce_classify (NULL, NULL, "failed", explanation->query,
                                          &explanation->reason);
  entry = find_entry (explanation->reason, explanation->verdict);
  if (entry == NULL)
    entry = find_entry (phrase->reason, phrase->category);
  if (entry != NULL)
    {
      g_ptr_array_add (explanation->entries, (gpointer) entry);
      explanation->primary = entry;
    }

  return TRUE;
}

gboolean
bounce_explanation_init (BounceExplanation *explanation,
                         const char        *text)
{
  g_return_val_if_fail (explanation != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  memset (explanation, 0, sizeof *explanation);
  explanation->query = g_strstrip (g_strdup (text));
  explanation->verdict = BOUNCE_CATEGORY_UNKNOWN;
  explanation->reason = BOUNCE_REASON_UNDETERMINED;

  /* A provider tag alone ("TSS04") is a code too. */
  if (!bounce_status_code_parse_line (explanation->query, &explanation->reply_code,
                                      &explanation->status))
    explanation->has_text = !bounce_status_code_is_known (explanation->query);
  else
    explanation->has_text = !is_codes_only (explanation->query, explanation->reply_code,
                                            explanation->status);

  explanation->entries = bounce_status_code_explain (explanation->reply_code,
                                                     explanation->status,
                                                     explanation->query);
  if (explanation->entries->len == 0)
    {
      if (!explain_phrase (explanation))
        return FALSE;

      explanation->known = explanation->primary != NULL;
      set_basis (explanation);
      return TRUE;
    }

  for (guint i = 0; i < explanation->entries->len && explanation->primary == NULL; i++)
    {
      const BounceStatusCode *code = g_ptr_array_index (explanation->entries, i);

      if (is_exact (explanation, code))
        explanation->primary = code;
    }
  explanation->known = explanation->primary != NULL;
  if (explanation->primary == NULL)
    explanation->primary = g_ptr_array_index (explanation->entries, 0);

  /* A whole line gets the classifier's verdict, as a scan would. Codes
   * alone get the verdict of the enhanced code, or of the reply code when
   * the enhanced code does not decide, because RFC 3463 makes the
   * enhanced code the more specific. */
  if (explanation->has_text)
    {
      explanation->verdict = bounce_classify (explanation->status, explanation->reply_code,
                                              "failed", explanation->query, &explanation->reason);
      /* The classifier reads a positive code as an earlier step of a
       * failed session, but a line whose only codes are positive ("250
       * 2.0.0 OK queued") and whose words decide nothing reports a
       * delivery. */
      if (explanation->verdict == BOUNCE_CATEGORY_UNKNOWN && is_positive_reply (explanation))
        {
          explanation->verdict = BOUNCE_CATEGORY_DELIVERED;
          explanation->reason = BOUNCE_REASON_DELIVERED;
        }
    }
  else if (!_bounce_status_code_classify (explanation->status, &explanation->verdict,
                                          &explanation->reason) &&
           !_bounce_status_code_classify (explanation->reply_code, &explanation->verdict,
                                          &explanation->reason))
    {
      explanation->verdict = explanation->primary->category;
      explanation->reason = explanation->primary->reason;
    }

  set_basis (explanation);

  return TRUE;
}

void
bounce_explanation_clear (BounceExplanation *explanation)
{
  g_return_if_fail (explanation != NULL);

  g_clear_pointer (&explanation->query, g_free);
  g_clear_pointer (&explanation->reply_code, g_free);
  g_clear_pointer (&explanation->status, g_free);
  g_clear_pointer (&explanation->entries, g_ptr_array_unref);
  explanation->primary = NULL;
  explanation->phrase = NULL;
}

gboolean
bounce_explanation_depends (const BounceExplanation *explanation)
{
  g_return_val_if_fail (explanation != NULL, FALSE);

  return !explanation->has_text && explanation->verdict == BOUNCE_CATEGORY_UNKNOWN;
}

/* The sentence on the reply code that the enhanced code @status
 * outweighed. */
static char *
dup_status_basis (const BounceExplanation *explanation)
{
  BounceCategory category;
  const char *reason;

  if (explanation->reply_code == NULL)
    /* TRANSLATORS: %s is an enhanced status code such as 5.1.1. */
    return g_strdup_printf (_("The enhanced status code %s decides."), explanation->status);

  if (!_bounce_status_code_classify (explanation->reply_code, &category, &reason))
    /* TRANSLATORS: the first %s is an enhanced status code such as
     * 5.1.1, the second a reply code such as 550. */
    return g_strdup_printf (_("The enhanced status code %s decides, because RFC 3463 makes it "
                              "more specific than the reply code %s, whose meaning alone "
                              "depends on the server’s text."),
                            explanation->status, explanation->reply_code);

  if (category == explanation->verdict)
    /* TRANSLATORS: the first %s is an enhanced status code such as
     * 5.1.1, the second a reply code such as 550. */
    return g_strdup_printf (_("The enhanced status code %s decides, and the reply code %s "
                              "agrees."),
                            explanation->status, explanation->reply_code);

  /* TRANSLATORS: the first %s is an enhanced status code such as 5.1.1,
   * the second a reply code such as 421, the third a category such as
   * "Soft bounce". */
  return g_strdup_printf (_("The enhanced status code %s decides, because RFC 3463 makes it "
                            "more specific than the reply code %s, which alone would mean "
                            "“%s”."),
                          explanation->status, explanation->reply_code,
                          bounce_category_get_title (category));
}

/* The sentences on a "user unknown" that the classifier did not believe.
 * They name the stage only when the query shows it, because a pasted line
 * often lacks the notice that would. */
static char *
dup_filtered_basis (const BounceExplanation *explanation)
{
  if (_bounce_classify_find_command (explanation->query) == BOUNCE_SMTP_COMMAND_DATA)
    /* TRANSLATORS: %s is words of the server's reply, such as "user
     * unknown". DATA is the SMTP command that sends the message. */
    return g_strdup_printf (_("The server’s words “%s” call the address unknown, but the line "
                              "shows that the server sent them in reply to DATA, after it "
                              "read the message. Content filters refuse mail with these words "
                              "there, so they do not prove the address dead."),
                            explanation->phrase);

  /* TRANSLATORS: %s is words of the server's reply, such as "user
   * unknown". RCPT TO is the SMTP command that names the recipient. */
  return g_strdup_printf (_("The server’s words “%s” call the address unknown, but content "
                            "filters send the same words. The line names no SMTP stage and no "
                            "X.1.x status code that would confirm them. A scan calls such a "
                            "reply a hard bounce when the report shows that it answered "
                            "RCPT TO."),
                          explanation->phrase);
}

char *
bounce_explanation_dup_basis (const BounceExplanation *explanation)
{
  g_return_val_if_fail (explanation != NULL, NULL);

  switch (explanation->basis)
    {
    case BOUNCE_VERDICT_BASIS_STATUS:
      return dup_status_basis (explanation);

    case BOUNCE_VERDICT_BASIS_REPLY:
      if (explanation->status != NULL)
        /* TRANSLATORS: the first %s is a reply code such as 550, the
         * second an enhanced status code such as 5.0.0. */
        return g_strdup_printf (_("The reply code %s decides, because the enhanced status "
                                  "code %s alone does not."),
                                explanation->reply_code, explanation->status);
      /* TRANSLATORS: %s is a reply code such as 554. */
      return g_strdup_printf (_("The reply code %s decides."), explanation->reply_code);

    case BOUNCE_VERDICT_BASIS_PROVIDER:
      /* TRANSLATORS: %s is the title of a provider's code, such as
       * "Account does not exist (Gmail)". */
      return g_strdup_printf (_("The provider’s entry “%s” decides."),
                              explanation->primary->title);

    case BOUNCE_VERDICT_BASIS_PHRASE:
      if (g_strcmp0 (explanation->reason, BOUNCE_REASON_FILTERED) == 0)
        return dup_filtered_basis (explanation);
      if (explanation->reply_code == NULL && explanation->status == NULL)
        /* TRANSLATORS: %s is words of the server's reply, such as
         * "user unknown". */
        return g_strdup_printf (_("The server’s words “%s” decide, because the line has no "
                                  "status code."),
                                explanation->phrase);
      /* TRANSLATORS: %s is words of the server's reply, such as
       * "mailbox full". */
      return g_strdup_printf (_("The server’s words “%s” decide, because a provider’s wording "
                                "is more reliable than codes, which servers often reuse."),
                              explanation->phrase);

    case BOUNCE_VERDICT_BASIS_NONE:
    default:
      if (bounce_explanation_depends (explanation))
        return g_strdup (_("The verdict depends on the server’s text, because the code "
                           "alone does not decide."));
      return g_strdup (_("No code or phrase decides, so the class of the code gives the "
                         "verdict."));
    }
}

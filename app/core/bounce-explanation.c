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

/* Returns the reply code of a query of two codes given enhanced code
 * first ("5.1.1 550"), or NULL. bounce_status_code_parse_line() takes a
 * reply code only where a server writes it, at the start of the line. */
static char *
dup_reply_code_after_status (const char *query,
                             const char *status)
{
  g_autofree char *rest = g_strdup (query);
  char *found = strstr (rest, status);
  const char *code;

  if (found == NULL)
    return NULL;
  memset (found, ' ', strlen (status));
  code = g_strstrip (rest);

  if (strlen (code) != 3 || code[0] < '2' || code[0] > '5' ||
      !g_ascii_isdigit (code[1]) || !g_ascii_isdigit (code[2]))
    return NULL;

  return g_strdup (code);
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

/* Whether @code alone ("5.7.9", "554") means the verdict of @explanation,
 * and with @same_cause also its cause. */
static gboolean
code_means_verdict (const BounceExplanation *explanation,
                    const char              *code,
                    gboolean                 same_cause)
{
  BounceCategory category;
  const char *reason;

  return _bounce_status_code_classify (code, &category, &reason) &&
         category == explanation->verdict &&
         (!same_cause || g_strcmp0 (reason, explanation->reason) == 0);
}

/* The code or provider entry whose meaning alone is the verdict, and with
 * @same_cause also its cause, or BOUNCE_VERDICT_BASIS_NONE. */
static BounceVerdictBasis
find_code_basis (const BounceExplanation *explanation,
                 gboolean                 same_cause)
{
  const BounceStatusCode *primary = explanation->primary;

  if (code_means_verdict (explanation, explanation->status, same_cause))
    return BOUNCE_VERDICT_BASIS_STATUS;
  if (code_means_verdict (explanation, explanation->reply_code, same_cause))
    return BOUNCE_VERDICT_BASIS_REPLY;
  if (primary != NULL && primary->provider != NULL && primary->category == explanation->verdict &&
      (!same_cause || g_strcmp0 (primary->reason, explanation->reason) == 0))
    return BOUNCE_VERDICT_BASIS_PROVIDER;

  return BOUNCE_VERDICT_BASIS_NONE;
}

/* Names the part that gave the verdict: a code whose meaning alone is the
 * verdict, then a provider's entry, then a phrase of the text. A code
 * that agrees with a phrase is named, because a scan of the same code
 * with other words would give the same verdict. A code that also means
 * the verdict's cause comes before one that means only its category.
 * In "554 5.7.9 Message not accepted for policy reasons" the reply code
 * 554, a policy block, decides rather than 5.7.9, a weak login method. */
static void
set_basis (BounceExplanation *explanation,
           const char        *delay)
{
  const BouncePhrase *phrase;

  explanation->basis = BOUNCE_VERDICT_BASIS_NONE;
  if (bounce_explanation_depends (explanation))
    return;

  if (delay != NULL)
    {
      explanation->basis = BOUNCE_VERDICT_BASIS_DELAY;
      explanation->phrase = delay;
      return;
    }

  explanation->basis = find_code_basis (explanation, TRUE);
  if (explanation->basis == BOUNCE_VERDICT_BASIS_NONE)
    explanation->basis = find_code_basis (explanation, FALSE);

  /* Words that give the cause ("Greylisted" under 450 4.7.1) come before
   * a reply code that gives only the category. */
  if (explanation->basis == BOUNCE_VERDICT_BASIS_REPLY && explanation->has_text &&
      !code_means_verdict (explanation, explanation->reply_code, TRUE) &&
      (phrase = find_phrase (explanation->query)) != NULL && !phrase->weak &&
      phrase->category == explanation->verdict &&
      g_strcmp0 (phrase->reason, explanation->reason) == 0)
    {
      explanation->basis = BOUNCE_VERDICT_BASIS_PHRASE;
      explanation->phrase = phrase->pattern;
      return;
    }

  if (explanation->basis == BOUNCE_VERDICT_BASIS_NONE && explanation->has_text &&
      (phrase = find_phrase (explanation->query)) != NULL)
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
  g_autofree char *lower_query = NULL;
  const char *delay = NULL;

  g_return_val_if_fail (explanation != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  memset (explanation, 0, sizeof *explanation);
  explanation->query = g_strstrip (g_strdup (text));
  explanation->verdict = BOUNCE_CATEGORY_UNKNOWN;
  explanation->reason = BOUNCE_REASON_UNDETERMINED;
  lower_query = g_ascii_strdown (explanation->query, -1);

  /* A provider tag alone ("TSS04") is a code too. */
  if (!bounce_status_code_parse_line (explanation->query, &explanation->reply_code,
                                      &explanation->status))
    explanation->has_text = !bounce_status_code_is_known (explanation->query);
  else
    {
      if (explanation->reply_code == NULL && explanation->status != NULL)
        explanation->reply_code = dup_reply_code_after_status (explanation->query, explanation->status);
      explanation->has_text = !is_codes_only (explanation->query, explanation->reply_code,
                                              explanation->status);
    }

  /* A scan reads a notice with such a sentence as delayed, whatever
   * codes and phrases it quotes. */
  if (explanation->has_text)
    delay = _bounce_phrases_find_delay (lower_query);

  explanation->entries = bounce_status_code_explain (explanation->reply_code,
                                                     explanation->status,
                                                     explanation->query);
  if (explanation->entries->len == 0)
    {
      if (delay != NULL)
        {
          explanation->verdict = BOUNCE_CATEGORY_DELAYED;
          explanation->reason = BOUNCE_REASON_DELAYED;
        }
      else if (!explain_phrase (explanation))
        return FALSE;

      explanation->known = explanation->primary != NULL;
      set_basis (explanation, delay);
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
                                              delay != NULL ? "delayed" : "failed",
                                              explanation->query, &explanation->reason);
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

  set_basis (explanation, delay);

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

gboolean
bounce_explanation_has_verdict (const BounceExplanation *explanation)
{
  g_return_val_if_fail (explanation != NULL, FALSE);

  if (bounce_explanation_depends (explanation))
    return FALSE;

  return explanation->has_text || (explanation->reply_code != NULL && explanation->status != NULL);
}

/* The catalogue row of a provider's own enhanced code @status among the
 * entries, such as Microsoft's 5.7.350, or NULL for a code of RFC 3463
 * and the IANA registry. */
static const BounceStatusCode *
find_provider_status (const BounceExplanation *explanation)
{
  for (guint i = 0; i < explanation->entries->len; i++)
    {
      const BounceStatusCode *code = g_ptr_array_index (explanation->entries, i);

      if (code->provider != NULL && g_strcmp0 (code->code, explanation->status) == 0)
        return code;
    }

  return NULL;
}

/* The sentence on a provider's enhanced code that decided, citing the
 * catalogue row's own source, because RFC 3463 does not define it. */
static char *
dup_provider_status_basis (const BounceExplanation *explanation,
                           const BounceStatusCode  *entry)
{
  BounceCategory category;
  const char *reason;

  if (explanation->reply_code == NULL)
    /* TRANSLATORS: the first %s is a provider's enhanced status code
     * such as 5.7.350, the second the title of the provider's page that
     * documents it. */
    return g_strdup_printf (_("The enhanced status code %s decides, as its provider documents "
                              "it (%s)."),
                            explanation->status, entry->source);

  if (!_bounce_status_code_classify (explanation->reply_code, &category, &reason))
    /* TRANSLATORS: the first %s is a provider's enhanced status code
     * such as 5.7.350, the second the title of the provider's page that
     * documents it, the third a reply code such as 550. */
    return g_strdup_printf (_("The enhanced status code %s decides, because its provider "
                              "documents it (%s) and it is more specific than the reply code "
                              "%s, whose meaning alone depends on the server’s text."),
                            explanation->status, entry->source, explanation->reply_code);

  if (category == explanation->verdict)
    /* TRANSLATORS: the first %s is a provider's enhanced status code
     * such as 5.7.350, the second the title of the provider's page that
     * documents it, the third a reply code such as 550. */
    return g_strdup_printf (_("The enhanced status code %s decides, as its provider documents "
                              "it (%s), and the reply code %s agrees."),
                            explanation->status, entry->source, explanation->reply_code);

  /* TRANSLATORS: the first %s is a provider's enhanced status code such
   * as 5.7.350, the second the title of the provider's page that
   * documents it, the third a reply code such as 550, the fourth a
   * category such as "Soft bounce". */
  return g_strdup_printf (_("The enhanced status code %s decides, because its provider "
                            "documents it (%s) and it is more specific than the reply code "
                            "%s, which alone would mean “%s”."),
                          explanation->status, entry->source, explanation->reply_code,
                          bounce_category_get_title (category));
}

/* The entry of the class that replaces an enhanced code @status that
 * the catalogue does not list ("5.7.0" for "5.7.350" without the
 * provider's words), or NULL when @status has an entry of its own. */
static const BounceStatusCode *
find_status_fallback (const BounceExplanation *explanation)
{
  for (guint i = 0; i < explanation->entries->len; i++)
    {
      const BounceStatusCode *code = g_ptr_array_index (explanation->entries, i);

      if (g_strcmp0 (code->code, explanation->status) == 0)
        return NULL;
    }

  for (guint i = 0; i < explanation->entries->len; i++)
    {
      const BounceStatusCode *code = g_ptr_array_index (explanation->entries, i);

      if (strchr (code->code, '.') != NULL && code->code[0] == explanation->status[0])
        return code;
    }

  return NULL;
}

/* The sentence on the reply code that the enhanced code @status, one of
 * RFC 3463 or the IANA registry, outweighed. */
static char *
dup_standard_status_basis (const BounceExplanation *explanation)
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

/* The sentences on the enhanced code @status that decided: its
 * precedence over the reply code, and the source of its meaning where
 * RFC 3463 does not give it. */
static char *
dup_status_basis (const BounceExplanation *explanation)
{
  const BounceStatusCode *provider_entry = find_provider_status (explanation);
  const BounceStatusCode *fallback;
  g_autofree char *sentence = NULL;
  g_autofree char *source = NULL;

  if (provider_entry != NULL)
    return dup_provider_status_basis (explanation, provider_entry);

  sentence = dup_standard_status_basis (explanation);
  fallback = find_status_fallback (explanation);
  if (fallback == NULL)
    return g_steal_pointer (&sentence);

  /* TRANSLATORS: the first %s is an enhanced status code such as
   * 5.7.350, the second the code of its class such as 5.7.0, the third
   * a source such as "RFC 3463 section 3.8". */
  source = g_strdup_printf (_("The catalogue has no entry for %s, so the entry %s gives its "
                              "meaning (%s)."),
                            explanation->status, fallback->code, fallback->source);

  /* TRANSLATORS: two sentences in a row; drop the space if your language writes none between sentences. */
  return g_strdup_printf (C_("two sentences", "%s %s"), sentence, source);
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

  /* The reply names no SMTP stage (RCPT TO, the command that names the
   * recipient) and no X.1.x status code. The text states this in plain
   * words for people who do not know SMTP. */
  /* TRANSLATORS: %s is words of the server's reply, such as "user
   * unknown". */
  return g_strdup_printf (_("The server’s words “%s” call the address unknown, but spam "
                            "filters send the same words about mail they refuse. The reply "
                            "does not show that the server checked the address: it has no "
                            "code such as 5.1.1 and does not say when the server refused. A "
                            "scan calls such a reply a hard bounce when the report shows that "
                            "the server refused the address itself."),
                          explanation->phrase);
}

/* Returns the sentence on the phrase that decided, and one on the vague
 * words such as "mailbox unavailable" that it outweighed in the line. */
static char *
dup_phrase_basis (const BounceExplanation *explanation)
{
  g_autofree char *normalized = _bounce_phrases_normalize (explanation->query);
  const BouncePhrase *outweighed = _bounce_phrases_find_outweighed (normalized);
  g_autofree char *sentence = NULL;
  g_autofree char *outweighed_sentence = NULL;

  if (explanation->reply_code == NULL && explanation->status == NULL)
    /* TRANSLATORS: %s is words of the server's reply, such as
     * "user unknown". */
    sentence = g_strdup_printf (_("The server’s words “%s” decide, because the line has no "
                                  "status code."),
                                explanation->phrase);
  else
    /* TRANSLATORS: %s is words of the server's reply, such as
     * "mailbox full". */
    sentence = g_strdup_printf (_("The server’s words “%s” decide, because a provider’s wording "
                                  "is more reliable than codes, which servers often reuse."),
                                explanation->phrase);

  if (outweighed == NULL)
    return g_steal_pointer (&sentence);

  /* TRANSLATORS: %s is words of the server's reply, such as "mailbox
   * unavailable". */
  outweighed_sentence = g_strdup_printf (_("They outweigh the words “%s”, which servers also "
                                           "send when they refuse the sender or the message."),
                                         outweighed->pattern);

  /* TRANSLATORS: two sentences in a row; drop the space if your language writes none between sentences. */
  return g_strdup_printf (C_("two sentences", "%s %s"), sentence, outweighed_sentence);
}

char *
bounce_explanation_dup_basis (const BounceExplanation *explanation)
{
  BounceCategory category;
  const char *reason;

  g_return_val_if_fail (explanation != NULL, NULL);

  switch (explanation->basis)
    {
    case BOUNCE_VERDICT_BASIS_STATUS:
      return dup_status_basis (explanation);

    case BOUNCE_VERDICT_BASIS_REPLY:
      if (explanation->has_text && _bounce_status_code_classify (explanation->status, &category, &reason))
        /* TRANSLATORS: the first %s is a reply code such as 421, the
         * second an enhanced status code such as 4.7.0. */
        return g_strdup_printf (_("The reply code %s decides, because it agrees with the "
                                  "reading of the whole line and the enhanced status code %s "
                                  "does not."),
                                explanation->reply_code, explanation->status);
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
      return dup_phrase_basis (explanation);

    case BOUNCE_VERDICT_BASIS_DELAY:
      /* TRANSLATORS: %s is words of a delay warning, such as "will
       * retry". */
      return g_strdup_printf (_("The words “%s” decide, because they say that the sending "
                                "server is still trying to deliver the message. A scan reads "
                                "such a notice as a delay, whatever codes it quotes."),
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

char *
bounce_explanation_dup_description (const BounceExplanation *explanation)
{
  const char *description;

  g_return_val_if_fail (explanation != NULL, NULL);

  if (bounce_explanation_depends (explanation))
    return NULL;

  /* The classifier keeps the reason of the words, but the verdict is
   * what a scan does with the address, so the text follows it. */
  description = bounce_reason_get_description_for (explanation->reason, explanation->verdict);

  return g_strdup (description);
}

const char *
bounce_explanation_get_action (const BounceExplanation *explanation)
{
  g_return_val_if_fail (explanation != NULL, NULL);

  return bounce_reason_get_action_for (explanation->reason, explanation->verdict);
}

/* The sentence on one entry whose own category is not the verdict. */
static char *
dup_difference (const BounceExplanation *explanation,
                const BounceStatusCode  *code)
{
  g_autofree char *name = g_strdup_printf ("%s — %s", code->code, code->title);
  const char *title = bounce_category_get_title (code->category);

  switch (explanation->basis)
    {
    case BOUNCE_VERDICT_BASIS_STATUS:
      /* TRANSLATORS: the first %s names a catalogue entry such as
       * "4.7.0 — Other or undefined security status", the second is a
       * category such as "Blocked", the third an enhanced status code. */
      return g_strdup_printf (_("The entry “%s” alone would mean “%s”, but the enhanced status "
                                "code %s is more specific and decides."),
                              name, title, explanation->status);

    case BOUNCE_VERDICT_BASIS_REPLY:
      /* TRANSLATORS: the first %s names a catalogue entry such as
       * "4.7.0 — Other or undefined security status", the second is a
       * category such as "Blocked", the third a reply code such as 421. */
      return g_strdup_printf (_("The entry “%s” alone would mean “%s”, but the reply code %s "
                                "decides, as said above."),
                              name, title, explanation->reply_code);

    case BOUNCE_VERDICT_BASIS_PROVIDER:
      /* TRANSLATORS: the first %s names a catalogue entry, the second is
       * a category such as "Blocked", the third the title of a
       * provider's entry. */
      return g_strdup_printf (_("The entry “%s” alone would mean “%s”, but the provider’s own "
                                "entry “%s” decides."),
                              name, title, explanation->primary->title);

    case BOUNCE_VERDICT_BASIS_PHRASE:
      if (g_strcmp0 (explanation->reason, BOUNCE_REASON_FILTERED) == 0)
        /* TRANSLATORS: the first %s names a catalogue entry such as
         * "550 — Mailbox unavailable (GMX and WEB.DE)", the second is a
         * category such as "Hard bounce". */
        return g_strdup_printf (_("The entry “%s” alone would mean “%s”, but the reply does "
                                  "not show that the server checked the address, so its words "
                                  "do not prove the address dead."),
                                name, title);
      /* TRANSLATORS: the first %s names a catalogue entry, the second is
       * a category such as "Blocked", the third words of the server's
       * reply, such as "mailbox full". */
      return g_strdup_printf (_("The entry “%s” alone would mean “%s”, but the server’s words "
                                "“%s” decide."),
                              name, title, explanation->phrase);

    case BOUNCE_VERDICT_BASIS_DELAY:
      /* TRANSLATORS: the first %s names a catalogue entry, the second is
       * a category such as "Hard bounce", the third words of a delay
       * warning, such as "will retry". */
      return g_strdup_printf (_("The entry “%s” alone would mean “%s”, but the words “%s” say "
                                "that the sending server is still trying."),
                              name, title, explanation->phrase);

    case BOUNCE_VERDICT_BASIS_NONE:
    default:
      /* TRANSLATORS: the first %s names a catalogue entry, the second is
       * a category such as "Blocked". */
      return g_strdup_printf (_("The entry “%s” alone would mean “%s”, but a scan reads the "
                                "whole line and decides otherwise."),
                              name, title);
    }
}

GPtrArray *
bounce_explanation_dup_differences (const BounceExplanation *explanation)
{
  GPtrArray *sentences = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (explanation != NULL, sentences);

  if (bounce_explanation_depends (explanation))
    return sentences;

  for (guint i = 0; i < explanation->entries->len; i++)
    {
      const BounceStatusCode *code = g_ptr_array_index (explanation->entries, i);

      if (code->category != BOUNCE_CATEGORY_UNKNOWN && code->category != explanation->verdict)
        g_ptr_array_add (sentences, dup_difference (explanation, code));
    }

  return sentences;
}

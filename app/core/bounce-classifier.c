/* bounce-classifier.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-classifier"

#include "config.h"

#include <string.h>

#include "bounce-classifier.h"
#include "bounce-classifier-private.h"
#include "bounce-parser-private.h"
#include "bounce-phrases-private.h"
#include "bounce-reason.h"
#include "bounce-status-codes-private.h"

static gboolean
is_transient (const char *status,
              const char *reply_code)
{
  if (status != NULL && status[0] != '\0')
    return status[0] == '4';

  return reply_code != NULL && reply_code[0] == '4';
}

/* Tells at which SMTP command (RFC 5321 section 3.3) the server refused,
 * from the wording of Postfix ("in reply to end of DATA command"), Exim
 * ("after RCPT TO:"), Sendmail transcripts (">>> DATA"), qmail-remote
 * ("does not like recipient." at RCPT TO, "failed after I sent the
 * message." after DATA) and others. */
static BounceSmtpCommand
find_smtp_command (const char *normalized)
{
  static const char * const data_signs[] = {
    "end of data", "in reply to data", "after data", ">>> data", "data command",
    "failed after i sent the message",
  };
  /* A reply that quotes the address before "User unknown" was a reply to
   * the address itself. au (KDDI) replies "550 <a@b>: User unknown" for
   * an address it lacks and "550 : User unknown" from its content filter. */
  static const char * const rcpt_signs[] = {
    "rcpt to", "rcpt_to", "in reply to rcpt", ">>> rcpt", "rcpt command",
    "recipient address rejected", ">: user unknown", "does not like recipient",
  };

  if (normalized == NULL)
    return BOUNCE_SMTP_COMMAND_UNKNOWN;

  for (guint i = 0; i < G_N_ELEMENTS (data_signs); i++)
    {
      if (strstr (normalized, data_signs[i]) != NULL)
        return BOUNCE_SMTP_COMMAND_DATA;
    }
  for (guint i = 0; i < G_N_ELEMENTS (rcpt_signs); i++)
    {
      if (strstr (normalized, rcpt_signs[i]) != NULL)
        return BOUNCE_SMTP_COMMAND_RCPT;
    }

  return BOUNCE_SMTP_COMMAND_UNKNOWN;
}

BounceSmtpCommand
_bounce_classify_find_command (const char *text)
{
  g_autofree char *normalized = _bounce_phrases_normalize (text);

  return find_smtp_command (normalized);
}

/* Returns the subject of a class 5 enhanced status code (the 1 of
 * "5.1.1"), or -1. */
static int
permanent_subject (const char *status)
{
  if (status == NULL || status[0] != '5' || status[1] != '.' || !g_ascii_isdigit (status[2]))
    return -1;

  return (int) g_ascii_strtoull (status + 2, NULL, 10);
}

/* X.2.0 and X.2.1 name a mailbox that exists, so "user unknown" beside
 * them is a content filter's reply. A full mailbox (X.2.2) or an
 * oversized message (X.2.3) still names the cause. */
static gboolean
is_disabled_status (const char *status)
{
  return g_str_has_suffix (status, ".2.0") || g_str_has_suffix (status, ".2.1");
}

static gboolean
is_generic_status (const char *status)
{
  return status == NULL || status[0] == '\0' || g_str_has_suffix (status, ".0.0");
}

/* The reasons of a mailbox that exists: one array, because the phrase
 * table keeps an index for the first reason array it is asked about. */
static const char * const soft_reasons[] = {
  BOUNCE_REASON_MAILBOX_DISABLED, BOUNCE_REASON_MAILBOX_FULL, NULL,
};

/* Returns the phrase of a soft cause (a full or disabled mailbox) that
 * the normalized text states, or NULL. au (KDDI) heads "550 user unknown"
 * with "The user(s) account is disabled."; a Sendmail relay wraps its own
 * "Not enough disk space" around the next hop's "User Unknown". */
static const BouncePhrase *
find_soft_cause (const char *normalized)
{
  return _bounce_phrases_match_reasons (normalized, soft_reasons);
}

/* PowerMTA writes its verdict on each recipient into the DSN as
 * X-PowerMTA-BounceCategory, from the bounce categories its operator
 * configures, and the sending services that run it suppress addresses by
 * that verdict. Categories not listed here ("other") decide nothing. */
static const struct
{
  const char     *name;
  BounceCategory  category;
  const char     *reason;
} mta_categories[] = {
  { "bad-mailbox", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "bad-domain", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN },
  { "inactive-mailbox", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "quota-issues", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "message-expired", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_EXPIRED },
  { "no-answer-from-host", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_NETWORK_ERROR },
  { "bad-connection", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_NETWORK_ERROR },
  { "routing-errors", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "policy-related", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "spam-related", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "virus-related", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_VIRUS },
  { "relaying-issues", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RELAY_DENIED },
};

/* Returns the reply that Microsoft 365 relays from the next server in
 * "Remote server returned <its own summary> -> <the reply>", or NULL.
 * Its own code (5.1.351, 5.7.350) and summary ("unknown recipient or
 * mailbox unavailable") only restate the relayed reply. */
static const char *
find_relayed_reply (const char *normalized)
{
  const char *wrapper = strstr (normalized, "remote server returned");
  const char *arrow;
  const char *next;

  if (wrapper == NULL)
    return NULL;

  arrow = strstr (wrapper, "->");
  if (arrow == NULL)
    return NULL;
  while ((next = strstr (arrow + 2, "->")) != NULL)
    arrow = next;

  return arrow + 2;
}

static BounceCategory classify (const char  *status,
                                 const char  *reply_code,
                                 const char  *action,
                                 const char  *diagnostic,
                                 const char  *context,
                                 gboolean     next_hop_answered,
                                 const char **reason);

/* Whether the reply is the next hop's own reply about this address: the
 * DSN names the server that gave it (Remote-MTA), the reply names the
 * address, and no enhanced code contradicts it. A gateway that forwards
 * to the mailbox server (McAfee's) writes such reports without a Status
 * field. Filters that reply "unknown user" to mail they dislike send an
 * X.2.x code, which this excludes, or a class-only X.0.0. Postfix also
 * writes X.0.0 for any reply without an enhanced code, so with X.0.0 only
 * the address in angle brackets counts, as servers quote it at RCPT TO
 * ("550 <a@b>: mailbox unavailable", "550 <a@b>... User unknown"). */
static gboolean
next_hop_answered (const BounceClassifyInput *input)
{
  g_autofree char *diagnostic = NULL;
  gboolean class_only;
  gsize length;

  if (input->remote_mta == NULL || input->remote_mta[0] == '\0' ||
      input->recipient == NULL || input->recipient[0] == '\0' ||
      input->diagnostic == NULL)
    return FALSE;
  if (!is_generic_status (input->status))
    return FALSE;
  class_only = input->status != NULL && input->status[0] != '\0';
  if (input->reply_code == NULL || input->reply_code[0] != '5')
    return FALSE;

  diagnostic = g_ascii_strdown (input->diagnostic, -1);
  length = strlen (input->recipient);

  /* The whole address: "ines@example.net" is not "agnes@example.net". */
  for (const char *hit = strstr (diagnostic, input->recipient); hit != NULL;
       hit = strstr (hit + 1, input->recipient))
    {
      char before = hit == diagnostic ? ' ' : hit[-1];
      char after = hit[length] == '\0' ? ' ' : hit[length];

      if (class_only && (before != '<' || after != '>'))
        continue;
      if (!g_ascii_isalnum (before) && strchr ("._-+=", before) == NULL &&
          !g_ascii_isalnum (after) && strchr ("_-", after) == NULL)
        return TRUE;
    }

  return FALSE;
}

BounceCategory
_bounce_classify_input (const BounceClassifyInput  *input,
                        const char                **reason)
{
  const char *why = NULL;
  BounceCategory category;

  g_return_val_if_fail (input != NULL, BOUNCE_CATEGORY_UNKNOWN);

  category = classify (input->status, input->reply_code, input->action, input->diagnostic,
                       input->context, next_hop_answered (input), &why);

  /* A hard verdict must also hold for the relayed reply alone, read with
   * its own codes. au's content filter replies "550 : User unknown",
   * which Microsoft 365 wraps as "5.1.351 Remote server returned unknown
   * recipient". A relayed reply that decides nothing leaves the verdict. */
  if (category == BOUNCE_CATEGORY_HARD)
    {
      g_autofree char *text = _bounce_phrases_normalize (input->diagnostic);
      const char *relayed = find_relayed_reply (text);

      if (relayed != NULL)
        {
          g_autofree char *relayed_reply_code = NULL;
          g_autofree char *relayed_status = NULL;
          BounceClassifyInput relayed_input = *input;
          const char *relayed_why = NULL;
          BounceCategory relayed_category;

          _bounce_parser_find_codes (relayed, &relayed_reply_code, &relayed_status);
          relayed_input.status = relayed_status;
          relayed_input.reply_code = relayed_reply_code;
          relayed_input.diagnostic = relayed;
          relayed_category = classify (relayed_status, relayed_reply_code, input->action, relayed, NULL,
                                       next_hop_answered (&relayed_input), &relayed_why);
          if (relayed_category != BOUNCE_CATEGORY_HARD && relayed_category != BOUNCE_CATEGORY_UNKNOWN)
            {
              category = relayed_category;
              why = relayed_why;
            }
        }
    }

  /* The sending MTA's own verdict outweighs our reading of the text it
   * relays, but not an Action that reports no failure, and a transient
   * code still never proves a dead address. */
  if (input->mta_category != NULL &&
      category != BOUNCE_CATEGORY_DELIVERED && category != BOUNCE_CATEGORY_DELAYED)
    {
      for (guint i = 0; i < G_N_ELEMENTS (mta_categories); i++)
        {
          if (g_ascii_strcasecmp (input->mta_category, mta_categories[i].name) != 0)
            continue;

          category = mta_categories[i].category;
          why = mta_categories[i].reason;
          if (category == BOUNCE_CATEGORY_HARD && is_transient (input->status, input->reply_code))
            category = BOUNCE_CATEGORY_SOFT;
          break;
        }
    }

  /* When the notice's own sentence about its only recipient contradicts
   * the relayed reply, the softer reading wins, because a false hard
   * verdict deletes a live contact. */
  if (category == BOUNCE_CATEGORY_HARD && g_str_equal (why, BOUNCE_REASON_MAILBOX_UNKNOWN) &&
      input->notice != NULL)
    {
      g_autofree char *notice = _bounce_phrases_normalize (input->notice);
      const BouncePhrase *soft = find_soft_cause (notice);

      if (soft != NULL)
        {
          category = soft->category;
          why = soft->reason;
        }
    }

  if (reason != NULL)
    *reason = why;

  return category;
}

BounceCategory
_bounce_classify_with_context (const char  *status,
                               const char  *reply_code,
                               const char  *action,
                               const char  *diagnostic,
                               const char  *context,
                               const char **reason)
{
  BounceClassifyInput input = { status, reply_code, action, diagnostic, context, NULL, NULL, NULL, NULL };

  return _bounce_classify_input (&input, reason);
}

/* @next_hop_answered: the reply is the next hop's own reply about this
 * address (see next_hop_answered()), which proves a generic "user
 * unknown" unless the notice places it after DATA. */
static BounceCategory
classify (const char  *status,
          const char  *reply_code,
          const char  *action,
          const char  *diagnostic,
          const char  *context,
          gboolean     next_hop_answered,
          const char **reason)
{
  g_autofree char *text = NULL;
  g_autofree char *context_text = NULL;
  const BouncePhrase *phrase;
  BounceCategory code_category = BOUNCE_CATEGORY_UNKNOWN;
  const char *code_reason = BOUNCE_REASON_UNDETERMINED;
  gboolean code_decides;
  gboolean by_phrase = FALSE;
  gboolean code_outweighs_phrase;
  BounceCategory category;
  const char *why;

  /* RFC 3464 section 2.3.3: only "failed" reports a failure, and
   * "delayed" means the server is still trying. Postfix replies to a
   * verification request (sendmail -bv) with "deliverable". */
  if (action != NULL &&
      (g_ascii_strcasecmp (action, "delivered") == 0 ||
       g_ascii_strcasecmp (action, "relayed") == 0 ||
       g_ascii_strcasecmp (action, "expanded") == 0 ||
       g_ascii_strcasecmp (action, "deliverable") == 0))
    {
      if (reason != NULL)
        *reason = BOUNCE_REASON_DELIVERED;
      return BOUNCE_CATEGORY_DELIVERED;
    }
  /* OpenSMTPD writes "Envelope expired" when it deletes a message whose
   * time in the queue ran out (smtpd/queue.c), and it has sent that notice
   * with the wording and the Action of a delay warning. Nothing retries
   * the message after it, so the failure is final. */
  text = _bounce_phrases_normalize (diagnostic);
  if (action != NULL && g_ascii_strcasecmp (action, "delayed") == 0 &&
      strstr (text, "envelope expired") == NULL)
    {
      if (reason != NULL)
        *reason = BOUNCE_REASON_DELAYED;
      return BOUNCE_CATEGORY_DELAYED;
    }

  /* The enhanced status code is more precise than the reply code. */
  code_decides = _bounce_status_code_classify (status, &code_category, &code_reason);
  if (!code_decides)
    {
      code_decides = _bounce_status_code_classify (reply_code, &code_category, &code_reason);

    }

  /* A positive code in a failure report belongs to an earlier step of the
   * session ("250 2.1.5 Ok" before DATA failed) or is no reply at all
   * ("Size (in bytes): 222"). Delivered actions returned earlier. */
  if (code_decides && code_category == BOUNCE_CATEGORY_DELIVERED)
    code_category = BOUNCE_CATEGORY_NOT_BOUNCE;

  /* A reply that only reports the session's progress ("220" of a
   * greeting quoted in Gmail's notice) does not describe a failure. */
  if (code_decides && code_category == BOUNCE_CATEGORY_NOT_BOUNCE)
    {
      code_decides = FALSE;
      code_category = BOUNCE_CATEGORY_UNKNOWN;
      code_reason = BOUNCE_REASON_UNDETERMINED;
    }

  /* RFC 7504 section 3: 521 means that the host accepts no mail at all.
   * An enhanced code of the system class ("5.3.2 System not accepting
   * network messages") or none agrees, so the reply decides. */
  if (g_strcmp0 (reply_code, "521") == 0 &&
      (permanent_subject (status) == 3 || is_generic_status (status)))
    {
      code_decides = TRUE;
      code_category = BOUNCE_CATEGORY_HARD;
      code_reason = BOUNCE_REASON_DOMAIN_UNKNOWN;
    }

  /* Provider phrases win over codes, because codes are often wrong; only
   * the weakest words ("rejected") leave the decision to a code. The
   * wider notice speaks only when the diagnostic and the codes are
   * silent. */
  phrase = _bounce_phrases_match (text);
  if ((phrase == NULL || phrase->weak) && !code_decides && context != NULL)
    {
      const BouncePhrase *context_phrase;

      context_text = _bounce_phrases_normalize (context);
      context_phrase = _bounce_phrases_match (context_text);
      if (context_phrase != NULL && (phrase == NULL || !context_phrase->weak))
        phrase = context_phrase;
    }

  /* RFC 7504 defines 521 for a host that accepts no mail at all, but
   * servers also send it to hosts they block. Without an X.3.x code that
   * agrees, a reply with "blocked", "refused" or "rejected" is a block. */
  if (phrase != NULL && phrase->weak && phrase->category == BOUNCE_CATEGORY_BLOCKED &&
      g_strcmp0 (reply_code, "521") == 0 && code_category == BOUNCE_CATEGORY_HARD &&
      is_generic_status (status))
    code_decides = FALSE;

  /* An X.4.x code of "no answer" or "unable to route" is wrong when the
   * server replied with a permanent refusal ("550 5.4.1 All recipient
   * addresses rejected : Access denied"), so even weak words outweigh it. */
  if (phrase != NULL && phrase->weak && code_decides &&
      g_str_equal (code_reason, BOUNCE_REASON_NETWORK_ERROR) &&
      reply_code != NULL && reply_code[0] == '5')
    code_decides = FALSE;

  code_outweighs_phrase = phrase != NULL && phrase->weak && code_decides;

  /* A vague phrase ("does not exist") does not say what is missing, and
   * an X.7.x code means a policy rejection, so the code decides. */
  if (phrase != NULL && phrase->vague && code_decides && permanent_subject (status) == 7)
    code_outweighs_phrase = TRUE;

  if (phrase != NULL && !code_outweighs_phrase)
    {
      category = phrase->category;
      why = phrase->reason;
      by_phrase = TRUE;
    }
  else if (code_decides)
    {
      category = code_category;
      why = code_reason;
    }
  else if (is_transient (status, reply_code))
    {
      category = BOUNCE_CATEGORY_SOFT;
      why = BOUNCE_REASON_SYSTEM_ERROR;
    }
  else
    {
      category = BOUNCE_CATEGORY_UNKNOWN;
      why = BOUNCE_REASON_UNDETERMINED;
    }

  /* X.1.7 and X.1.8 (RFC 3463) reject the sender's address, so "invalid
   * address" or "domain does not exist" beside them is about the sender,
   * not the recipient. */
  if (by_phrase && category == BOUNCE_CATEGORY_HARD && code_decides && status != NULL &&
      (g_str_has_suffix (status, ".1.7") || g_str_has_suffix (status, ".1.8")))
    {
      category = code_category;
      why = code_reason;
      by_phrase = FALSE;
    }

  /* A reply that names an unknown address and also a full or disabled
   * mailbox describes a mailbox that exists, and the softer reading keeps
   * a live contact. */
  if (by_phrase && category == BOUNCE_CATEGORY_HARD &&
      g_str_equal (why, BOUNCE_REASON_MAILBOX_UNKNOWN))
    {
      const BouncePhrase *soft = find_soft_cause (text);

      if (soft != NULL)
        {
          category = soft->category;
          why = soft->reason;
        }
    }

  /* A generic "user unknown" proves a dead address only when the server
   * replied so at RCPT TO or with an X.1.x code. Content filters (NTT
   * docomo, au, appliances) reply "user unknown" after DATA to mail they
   * merely dislike, and an X.2.x code names a mailbox that exists. A
   * reply that names no stage proves nothing either, because such filters
   * use the same words, and sisimai 5.1 also calls it "filtered". One
   * provider's exact wording needs no more evidence, unless it came after
   * DATA. */
  if (by_phrase && category == BOUNCE_CATEGORY_HARD &&
      g_str_equal (why, BOUNCE_REASON_MAILBOX_UNKNOWN))
    {
      BounceSmtpCommand command = find_smtp_command (text);
      int subject = permanent_subject (status);

      if (command == BOUNCE_SMTP_COMMAND_UNKNOWN && context != NULL)
        {
          if (context_text == NULL)
            context_text = _bounce_phrases_normalize (context);
          command = find_smtp_command (context_text);
        }

      if (subject == 1)
        ;
      else if (command == BOUNCE_SMTP_COMMAND_DATA)
        {
          category = BOUNCE_CATEGORY_BLOCKED;
          why = BOUNCE_REASON_FILTERED;
        }
      else if (phrase->specific || command == BOUNCE_SMTP_COMMAND_RCPT || next_hop_answered)
        ;
      else if (subject == 2 && !is_disabled_status (status) &&
               _bounce_status_code_classify (status, &category, &why))
        ;
      else if (subject == 2 || is_generic_status (status))
        {
          category = BOUNCE_CATEGORY_BLOCKED;
          why = BOUNCE_REASON_FILTERED;
        }
    }

  /* A temporary limit of what the recipient's mailbox takes from all
   * senders (Gmail's 450 4.2.1 "is receiving mail at a rate that prevents
   * additional messages") is soft, as Microsoft's 5.2.122 is. */
  if (by_phrase && phrase->soft_if_transient && is_transient (status, reply_code))
    category = BOUNCE_CATEGORY_SOFT;

  /* A transient (4xx) refusal never proves that an address is dead, even
   * when its text reads "user unknown". */
  if (category == BOUNCE_CATEGORY_HARD && is_transient (status, reply_code))
    category = BOUNCE_CATEGORY_SOFT;

  if (reason != NULL)
    *reason = why;

  return category;
}

BounceCategory
bounce_classify (const char  *status,
                 const char  *reply_code,
                 const char  *action,
                 const char  *diagnostic,
                 const char **reason)
{
  return _bounce_classify_with_context (status, reply_code, action, diagnostic, NULL, reason);
}

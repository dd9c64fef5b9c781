/* bounce-classifier.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-classifier"

#include "config.h"

#include "bounce-classifier.h"
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

BounceCategory
bounce_classify (const char  *status,
                 const char  *reply_code,
                 const char  *action,
                 const char  *diagnostic,
                 const char **reason)
{
  g_autofree char *text = NULL;
  const BouncePhrase *phrase;
  BounceCategory code_category = BOUNCE_CATEGORY_UNKNOWN;
  const char *code_reason = BOUNCE_REASON_UNDETERMINED;
  gboolean code_decides;
  BounceCategory category;
  const char *why;

  /* RFC 3464 section 2.3.3: only "failed" reports a failure; "delayed"
   * means the server is still trying. */
  if (action != NULL &&
      (g_ascii_strcasecmp (action, "delivered") == 0 ||
       g_ascii_strcasecmp (action, "relayed") == 0 ||
       g_ascii_strcasecmp (action, "expanded") == 0))
    {
      if (reason != NULL)
        *reason = BOUNCE_REASON_DELIVERED;
      return BOUNCE_CATEGORY_DELIVERED;
    }
  if (action != NULL && g_ascii_strcasecmp (action, "delayed") == 0)
    {
      if (reason != NULL)
        *reason = BOUNCE_REASON_DELAYED;
      return BOUNCE_CATEGORY_DELAYED;
    }

  /* The enhanced status code is more precise than the reply code. */
  code_decides = _bounce_status_code_classify (status, &code_category, &code_reason);
  if (!code_decides)
    code_decides = _bounce_status_code_classify (reply_code, &code_category, &code_reason);

  /* Provider phrases win over codes, because codes are often wrong; only
   * the weakest words ("rejected") leave the decision to a code. */
  text = _bounce_phrases_normalize (diagnostic);
  phrase = _bounce_phrases_match (text);
  if (phrase != NULL && !(phrase->weak && code_decides))
    {
      category = phrase->category;
      why = phrase->reason;
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

  /* A transient (4xx) refusal never proves that an address is dead, even
   * when its text says "user unknown". */
  if (category == BOUNCE_CATEGORY_HARD && is_transient (status, reply_code))
    category = BOUNCE_CATEGORY_SOFT;

  if (reason != NULL)
    *reason = why;

  return category;
}

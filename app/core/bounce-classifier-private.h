/* bounce-classifier-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bounce-category.h"

G_BEGIN_DECLS

/* The SMTP command (RFC 5321 section 3.3) at which a server rejected the
 * message, as far as the text of a bounce shows it. */
typedef enum
{
  BOUNCE_SMTP_COMMAND_UNKNOWN,
  BOUNCE_SMTP_COMMAND_RCPT,
  BOUNCE_SMTP_COMMAND_DATA,
} BounceSmtpCommand;

/* Finds the SMTP command at which @text shows the rejection, from the
 * wording of Postfix ("in reply to end of DATA command"), Exim ("after
 * RCPT TO:") and Sendmail transcripts (">>> DATA"). DATA wins when the
 * text names both. */
BounceSmtpCommand _bounce_classify_find_command (const char *text);

/* bounce_classify() with the text around the diagnostic (the readable
 * notice of the bounce). The notice decides when the diagnostic and the
 * codes do not, and shows at which SMTP command the server rejected the
 * mail. */
BounceCategory _bounce_classify_with_context (const char  *status,
                                              const char  *reply_code,
                                              const char  *action,
                                              const char  *diagnostic,
                                              const char  *context,
                                              const char **reason);

/* The fields that the parser read about one failed recipient. */
typedef struct
{
  const char *status;      /* enhanced status code, RFC 3463 */
  const char *reply_code;  /* SMTP reply code, RFC 5321 */
  const char *action;      /* DSN Action, RFC 3464 */
  const char *diagnostic;  /* the server's text about this recipient */
  const char *context;     /* the notice's lines about this recipient, or its whole text */
  const char *notice;      /* the whole notice, only when it reports this recipient alone */
  const char *mta_category; /* the sending MTA's own classification (PowerMTA's "bad-mailbox"), or NULL */
  const char *recipient;   /* lower-case address */
  const char *remote_mta;  /* DSN Remote-MTA, RFC 3464 */
} BounceClassifyInput;

/* _bounce_classify_with_context() that also weighs the notice of a
 * message with one recipient: when its own sentence names a mailbox that
 * is full or disabled, a generic "user unknown" in the diagnostic does not
 * make the address dead. */
BounceCategory _bounce_classify_input        (const BounceClassifyInput  *input,
                                              const char                **reason);

G_END_DECLS

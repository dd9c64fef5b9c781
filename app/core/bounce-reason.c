/* bounce-reason.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-reason"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bounce-reason.h"

typedef struct
{
  const char *reason;
  const char *description;
} ReasonInfo;

/* Marked with N_() and translated when read, so the table stays constant. */
static const ReasonInfo reasons[] = {
  { BOUNCE_REASON_MAILBOX_UNKNOWN, N_("The address does not exist at the recipient’s domain.") },
  { BOUNCE_REASON_DOMAIN_UNKNOWN, N_("The recipient’s domain does not exist or accepts no mail.") },
  { BOUNCE_REASON_MAILBOX_MOVED, N_("The mailbox has moved or now belongs to someone else.") },
  { BOUNCE_REASON_MAILBOX_FULL, N_("The recipient’s mailbox is full.") },
  { BOUNCE_REASON_MAILBOX_DISABLED, N_("The recipient’s account exists but is disabled or suspended for now.") },
  { BOUNCE_REASON_MESSAGE_TOO_LARGE, N_("The message is larger than the recipient’s server accepts.") },
  { BOUNCE_REASON_SPAM_BLOCKED, N_("The recipient’s server took the message or the sending server for spam.") },
  { BOUNCE_REASON_AUTHENTICATION_FAILED, N_("The message failed the sender checks SPF, DKIM or DMARC, or the sending server could not log in.") },
  { BOUNCE_REASON_REPUTATION, N_("The recipient’s server distrusts the sending server or domain because of its reputation.") },
  { BOUNCE_REASON_RATE_LIMITED, N_("The recipient’s server received too much mail from this sender in a short time.") },
  { BOUNCE_REASON_POLICY, N_("The recipient’s server refused the message under its rules for senders or content.") },
  { BOUNCE_REASON_RELAY_DENIED, N_("The server refused to pass the message on to another domain.") },
  { BOUNCE_REASON_FILTERED, N_("The recipient’s server called the address unknown, but content filters send the same reply to mail they refuse. Nothing in the report proves the address dead, so it may still work.") },
  { BOUNCE_REASON_VIRUS, N_("The recipient’s server found a virus or other malware in the message.") },
  { BOUNCE_REASON_SYSTEM_ERROR, N_("The recipient’s mail system had a problem of its own.") },
  { BOUNCE_REASON_SENDER_SIDE, N_("Your own sending account or sending server failed, not the recipient’s address: the account is suspended, disabled or over its quota, or the server is set up wrongly.") },
  { BOUNCE_REASON_GREYLISTED, N_("The recipient’s server delayed the message on purpose, because it does not know the sending server yet (greylisting). Such a delay is temporary.") },
  { BOUNCE_REASON_NETWORK_ERROR, N_("The recipient’s server could not be reached.") },
  { BOUNCE_REASON_EXPIRED, N_("The sending server retried for days and gave up.") },
  { BOUNCE_REASON_SYNTAX_ERROR, N_("An address or a command was not written correctly.") },
  { BOUNCE_REASON_SPAM_COMPLAINT, N_("The recipient marked the message as spam.") },
  { BOUNCE_REASON_UNSUBSCRIBE, N_("The recipient asked for no more mail from this list.") },
  { BOUNCE_REASON_FEEDBACK_REPORT, N_("A feedback report about the message, such as a report of fraud, not a failed delivery and not a spam complaint.") },
  { BOUNCE_REASON_AUTO_REPLY, N_("An automatic reply, such as an out-of-office message.") },
  { BOUNCE_REASON_DELAYED, N_("The message is delayed and the server is still trying.") },
  { BOUNCE_REASON_DELIVERED, N_("The message was delivered or passed on.") },
  { BOUNCE_REASON_UNREADABLE, N_("The file could not be read as an email message.") },
  { BOUNCE_REASON_NONE, N_("An ordinary message, not a delivery report.") },
  { BOUNCE_REASON_UNDETERMINED, N_("The server’s report did not say why delivery failed.") },
};

/* TRUE for a reason that names a permanent cause. The classifier keeps
 * it when a 4xx code makes the verdict a soft bounce. */
static gboolean
is_permanent_reason (const char *reason)
{
  return g_strcmp0 (reason, BOUNCE_REASON_MAILBOX_UNKNOWN) == 0 ||
         g_strcmp0 (reason, BOUNCE_REASON_DOMAIN_UNKNOWN) == 0 ||
         g_strcmp0 (reason, BOUNCE_REASON_MAILBOX_MOVED) == 0;
}

const char *
bounce_reason_get_description_for (const char     *reason,
                                   BounceCategory  category)
{
  /* A soft rate limit is on the recipient's side, such as Gmail's 4.2.1
   * for a mailbox that receives too much mail from all its senders. A
   * limit on this sender is a block. */
  if (category == BOUNCE_CATEGORY_SOFT && g_strcmp0 (reason, BOUNCE_REASON_RATE_LIMITED) == 0)
    return _("The recipient’s mailbox or server is getting more mail in a short time than it "
             "accepts, so delivery waits.");
  if (category != BOUNCE_CATEGORY_SOFT || !is_permanent_reason (reason))
    return bounce_reason_get_description (reason);

  if (g_str_equal (reason, BOUNCE_REASON_MAILBOX_UNKNOWN))
    return _("The server’s words suggest that the address does not exist, but the 4xx code "
             "makes the failure temporary, so a later attempt may succeed.");
  if (g_str_equal (reason, BOUNCE_REASON_DOMAIN_UNKNOWN))
    return _("The server’s words suggest that the recipient’s domain does not exist, but the "
             "4xx code makes the failure temporary, so a later attempt may succeed.");

  return _("The server’s words suggest that the mailbox has moved, but the 4xx code makes the "
           "failure temporary, so a later attempt may succeed.");
}

const char *
bounce_reason_get_action_for (const char     *reason,
                              BounceCategory  category)
{
  if (category == BOUNCE_CATEGORY_SOFT && g_strcmp0 (reason, BOUNCE_REASON_GREYLISTED) == 0)
    return _("Keep the contact. The sending server tries again by itself, and the next attempt "
             "usually gets through.");
  if (category != BOUNCE_CATEGORY_BLOCKED || reason == NULL)
    return bounce_category_get_action (category);

  /* The category's action fits a block of the sender or the content.
   * These reasons need something else. */
  if (g_str_equal (reason, BOUNCE_REASON_FILTERED))
    return _("Keep the contact, because the address may still work. Remove it when a later "
             "bounce shows that the server checked the address, such as with a 5.1.1 code, "
             "and found no such mailbox.");
  if (g_str_equal (reason, BOUNCE_REASON_RATE_LIMITED))
    return _("Keep the contact and send to this domain more slowly.");
  if (g_str_equal (reason, BOUNCE_REASON_AUTHENTICATION_FAILED))
    return _("Keep the contact and fix the SPF, DKIM and DMARC records of your sending "
             "domain, or ask your sending service to.");
  if (g_str_equal (reason, BOUNCE_REASON_VIRUS))
    return _("Keep the contact and remove the attachment or link that the server took for "
             "malware.");
  if (g_str_equal (reason, BOUNCE_REASON_SENDER_SIDE))
    return _("Keep the contact. Ask your sending service or mail administrator to restore the "
             "sending account or fix the server, then send again.");
  if (g_str_equal (reason, BOUNCE_REASON_RELAY_DENIED))
    return _("Keep the contact and check the sending server’s set-up: it sent through a "
             "server that does not relay mail for it.");

  return bounce_category_get_action (category);
}

const char *
bounce_reason_get_description (const char *reason)
{
  if (reason == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      if (g_str_equal (reason, reasons[i].reason))
        return _(reasons[i].description);
    }

  return NULL;
}

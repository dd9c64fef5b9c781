/* test-provider-replies.c: the verdict on each provider's reply, read
 * through the parser from an RFC 3464 report whose Remote-MTA gave it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bounce-core.h"

#include "dsn-fixture.h"

typedef struct
{
  const char     *path;
  const char     *reply;
  BounceCategory  category;
  const char     *reason;
} ReplyCase;

/* Replies modelled on each provider's wording, with made-up addresses,
 * hosts and queue ids. A comment explains each row whose verdict differs
 * from its code's class. */
static const ReplyCase cases[] = {
  /* Gmail and Google Workspace. */
  { "/provider-replies/gmail/5.1.1-does-not-exist",
    "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces.",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/gmail/5.2.1-disabled",
    "550-5.2.1 The email account that you tried to reach is disabled.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/provider-replies/gmail/5.2.1-inactive",
    "550 5.2.1 The email account that you tried to reach is inactive.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/provider-replies/gmail/4.2.2-over-quota",
    "452-4.2.2 The email account that you tried to reach is over quota.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/provider-replies/gmail/5.2.2-out-of-storage",
    "552-5.2.2 The recipient's inbox is out of storage space.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/provider-replies/gmail/5.7.26-unauthenticated",
    "550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/provider-replies/gmail/5.7.27-spf",
    "550-5.7.27 The sender's domain example.org does not pass SPF checks.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/provider-replies/gmail/5.7.30-dkim",
    "550-5.7.30 This message does not pass authentication checks (SPF and DKIM both do not pass).",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/provider-replies/gmail/4.7.0-low-reputation",
    "421-4.7.0 This message is suspicious due to the very low reputation of the sending IP address.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/provider-replies/gmail/5.7.1-unsolicited",
    "550-5.7.1 Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/provider-replies/gmail/5.7.28-unusual-rate",
    "550-5.7.28 There is an unusual rate of unsolicited mail originating from your IP address.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  /* The limit is on the recipient's mailbox, not on this sender. */
  { "/provider-replies/gmail/4.2.1-too-quickly",
    "450-4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_RATE_LIMITED },

  /* DMARC could not be checked for now: the sender's DNS, not the address. */
  { "/provider-replies/gmail/4.7.26-dns-failures",
    "451 4.7.26 Unauthenticated email from example.org is not accepted due to domain's DMARC policy, but temporary DNS failures prevent authentication.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/provider-replies/gmail/4.7.0-content-or-links",
    "421 4.7.0 This message is suspicious due to the nature of the content or the links within.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },

  /* Microsoft 365, Outlook.com and Exchange. */
  { "/provider-replies/microsoft/5.1.1-recip-not-found",
    "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  /* 5.1.10 alone reads as an unknown domain; the text names the mailbox. */
  { "/provider-replies/microsoft/5.1.10-recipient-not-found",
    "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient nina@example.com not found by SMTP address lookup",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/microsoft/5.5.0-mailbox-unavailable",
    "550 5.5.0 Requested action not taken: mailbox unavailable",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  /* X.4.1 is "no answer from host", but Microsoft sends it for an
   * address the tenant does not have. */
  { "/provider-replies/microsoft/5.4.1-access-denied",
    "550 5.4.1 Recipient address rejected: Access denied. [AM0PR01MB0001.eurprd01.prod.example.com]",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  /* The same text with 5.7.504, and "banned recipient" with 5.7.505,
   * which sisimai 5.1 calls "suspend", not a dead address. */
  { "/provider-replies/microsoft/5.7.504-access-denied",
    "550 5.7.504 Recipient address rejected: Access denied",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/provider-replies/microsoft/5.7.504-address-first",
    "550 5.7.504 <nina@example.com>: Recipient address rejected: Access denied",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/provider-replies/microsoft/5.7.505-banned-recipient",
    "550 5.7.505 Access denied, banned recipient",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/provider-replies/microsoft/4.7.500-server-busy",
    "451 4.7.500 Server busy. Please try again later from [192.0.2.1]. (AS761)",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/provider-replies/microsoft/s3150",
    "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/provider-replies/microsoft/5.7.606-banned-ip",
    "550 5.7.606 Access denied, banned sending IP [192.0.2.1]. To request removal from this list please visit https://sender.example.com/",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/provider-replies/microsoft/5.7.511-banned-sender",
    "550 5.7.511 Access denied, banned sender[192.0.2.1]. To request removal, forward this message to delist@example.com.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/provider-replies/microsoft/4.7.650-rate-limited",
    "451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/provider-replies/microsoft/5.7.509-dmarc",
    "550 5.7.509 Access denied, sending domain example.org does not pass DMARC verification and has a DMARC policy of reject.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/provider-replies/microsoft/5.7.57-not-authenticated",
    "530 5.7.57 Client not authenticated to send mail. Error: 535 5.7.3 Authentication unsuccessful",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/provider-replies/microsoft/5.7.57-anonymous",
    "550 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/provider-replies/microsoft/5.7.64-tenant-relay",
    "550 5.7.64 TenantAttribution; Relay Access Denied",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RELAY_DENIED },
  { "/provider-replies/microsoft/5.7.350-forward-spam",
    "550 5.7.350 Remote server returned message detected as spam -> 554 5.7.1 Message rejected",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/provider-replies/microsoft/5.4.14-hop-count",
    "554 5.4.14 Hop count exceeded - possible mail loop ATTR34",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/provider-replies/microsoft/5.7.708-traffic-not-accepted",
    "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/provider-replies/microsoft/5.7.750-unregistered-domain",
    "550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/provider-replies/microsoft/5.7.133-group",
    "550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required; Delivery restriction check failed because the sender was not authenticated when sending to this group",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/provider-replies/microsoft/5.7.520-forwarding",
    "550 5.7.520 Access denied, Your organization does not allow external forwarding.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/provider-replies/microsoft/5.1.90-daily-limit",
    "550 5.1.90 Your message can't be sent because you've reached your daily limit for message recipients.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  /* X.2.x reads as the mailbox, but these are hourly limits that pass.
   * They are soft, as in the status-code catalogue, because the sender
   * did nothing wrong. */
  { "/provider-replies/microsoft/5.2.121-sender-limit",
    "550 5.2.121 Recipient's hourly message receive limit from specific sender exceeded",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_RATE_LIMITED },
  { "/provider-replies/microsoft/5.2.122-hourly-limit",
    "550 5.2.122 The recipient has exceeded their limit for the number of messages they can receive per hour",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_RATE_LIMITED },
  { "/provider-replies/microsoft/4.4.7-queue-expired",
    "550 4.4.7 QUEUE.Expired; message expired",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_EXPIRED },
  { "/provider-replies/microsoft/5.4.4-nonexistent-domain",
    "554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN },
  { "/provider-replies/microsoft/5.4.300-expired",
    "550 5.4.300 Message expired",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_EXPIRED },

  /* Yahoo and AOL. */
  { "/provider-replies/yahoo/no-account",
    "554 delivery error: dd This user doesn't have a example.com account (nina@example.com) [0] - mta1000.mail.example.com",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/yahoo/554.30-disabled",
    "554 delivery error: dd Sorry your message to nina@example.com cannot be delivered. This mailbox is disabled (554.30). - mta1000.mail.example.com",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/provider-replies/yahoo/no-longer-valid",
    "554 delivery error: dd Sorry, your message to nina@example.com cannot be delivered. This account is no longer valid. [-20] - mta1000.mail.example.com",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/provider-replies/yahoo/ts01",
    "421 4.7.0 [TS01] Messages from 192.0.2.1 temporarily deferred due to user complaints - 4.16.55.1",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/provider-replies/yahoo/ts02",
    "421 4.7.0 [TS02] Messages from 192.0.2.1 temporarily deferred due to user complaints - 4.16.56.1",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/provider-replies/yahoo/ts03",
    "421 4.7.1 [TS03] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/provider-replies/yahoo/tss02",
    "421 4.7.0 [TSS02] Messages from 192.0.2.1 temporarily deferred due to user complaints or because the IP/domain is in the unverified category.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/provider-replies/yahoo/tss04",
    "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/provider-replies/yahoo/tss09",
    "553 5.7.2 [TSS09] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/provider-replies/yahoo/tss11",
    "553 5.7.2 [TSS11] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/provider-replies/yahoo/bl21",
    "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.1, because the ip is in Spamhaus's list",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/provider-replies/yahoo/bl23",
    "553 5.7.1 [BL23] Connections not accepted from IP addresses on Spamhaus XBL",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/provider-replies/yahoo/ph01",
    "554 5.7.9 Message not accepted for policy reasons. [PH01]",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },

  /* iCloud. */
  { "/provider-replies/icloud/inactive-address",
    "550 5.1.1 <nina@example.com>: inactive email address",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/icloud/illegal-alias",
    "550 5.1.1 unknown or illegal alias: nina@example.com",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/icloud/user-does-not-exist",
    "550 5.1.1 <nina@example.com>: user does not exist",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/icloud/no-longer-on-server",
    "550 5.1.6 recipient no longer on server: nina@example.com",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_MOVED },
  { "/provider-replies/icloud/over-quota",
    "552 5.2.2 <nina@example.com>: user is over quota",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/provider-replies/icloud/hme1",
    "554 5.7.1 [HME1] Message rejected: failed SPF and DKIM checks",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/provider-replies/icloud/cs01",
    "554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.example.com/",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  /* "too much mail" is the sender's volume here, not a full mailbox. */
  { "/provider-replies/icloud/4.7.1-too-much-mail",
    "450 4.7.1 Error: too much mail from 192.0.2.1",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },

  /* GMX and Web.de write no enhanced codes. */
  { "/provider-replies/gmx/mailbox-unavailable",
    "550 <nina@example.com>: Requested action not taken: mailbox unavailable",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  /* The same words without the address, at no stage the report names,
   * prove nothing. Content filters send them too. */
  { "/provider-replies/gmx/mailbox-unavailable-no-address",
    "550 Requested action not taken: mailbox unavailable",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },
  { "/provider-replies/gmx/block-listed",
    "554-example.net (mxgmx104) Nemesis ESMTP Service not available 554-No SMTP service 554-IP address is block listed. 554 For explanation visit https://postmaster.example.net/en/case?c=r0201",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/provider-replies/gmx/bad-ptr",
    "554-example.net (mxweb010) Nemesis ESMTP Service not available 554-No SMTP service 554-Bad DNS PTR resource record. 554 For explanation visit https://postmaster.example.net/en/case?c=r0100",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/provider-replies/gmx/policy-restrictions",
    "554-Transaction failed 554-Reject due to policy restrictions. 554 For explanation visit https://postmaster.example.net/en/case?c=r0301",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/provider-replies/gmx/spf",
    "550 <nina@example.com>: Reject due to SPF policy. The originating IP of the message is not permitted by the domain owner",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/provider-replies/gmx/spam-source",
    "421 example.net (mxgmx117) Nemesis ESMTP Service not available; No SMTP service; IP address is marked as spam source",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },

  /* Orange (France). */
  { "/provider-replies/orange/ofr-506",
    "550 5.2.0 Mail rejete. Mail rejected. ofr_506 [506]",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/provider-replies/orange/ofr-416-invalid",
    "550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416]",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/orange/ofr-417-full",
    "552 5.1.1 Boite du destinataire pleine. Recipient mailbox is full. OFR_417 [417]",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/provider-replies/orange/too-many-connections",
    "421 mwinf0000 ME Trop de connexions, veuillez verifier votre configuration. Too many connections, slow down. OFR005_104 [104]",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },

  /* Mail.ru and Yandex. The Status field of these reports is 5.0.0, so
   * generic wording such as "user not found" proves a dead address only
   * with the RCPT TO command or the address in angle brackets. Content
   * filters use the same words after DATA. */
  { "/provider-replies/mailru/user-not-found",
    "550 Message was not accepted -- invalid mailbox. Local mailbox nina@example.com is unavailable: user not found",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },
  { "/provider-replies/mailru/account-disabled",
    "550 Message was not accepted -- invalid mailbox. Local mailbox nina@example.com is unavailable: account is disabled",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/provider-replies/mailru/spam",
    "550 spam message rejected. Please visit https://help.example.com/notspam-support/id?c=abc or report details to abuse@example.com.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  /* Yandex replies to an unknown address with 5.7.1. */
  { "/provider-replies/yandex/no-such-user",
    "550 5.7.1 No such user!",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/yandex/size-limit",
    "552 5.2.2 Mailbox size limit exceeded",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/provider-replies/yandex/spam",
    "554 5.7.1 [2] Message rejected under suspicion of SPAM; https://example.com/1abc",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },

  /* QQ and NetEase, with the same limits on generic wording. */
  { "/provider-replies/qq/mailbox-not-found",
    "550 Mailbox not found. https://service.example.com/cgi-bin/help?subtype=1&&id=20022&&no=1000728",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },
  { "/provider-replies/qq/ip-frequency",
    "550 Ip frequency limited. https://service.example.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/provider-replies/qq/domain-frequency",
    "550 Domain frequency limited. https://service.example.com/cgi-bin/help?subtype=1&&id=20022&&no=1000723",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/provider-replies/qq/content-denied",
    "550 Mail content denied. https://service.example.com/cgi-bin/help?subtype=1&&id=20022&&no=1000726",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/provider-replies/netease/dt-spm",
    "554 DT:SPM mx.example.com, please see https://mail.example.com/help/help_spam_16.htm?ip=192.0.2.1",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/provider-replies/netease/user-not-found",
    "550 User not found: nina@example.com",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },
  { "/provider-replies/netease/user-not-found-at-rcpt",
    "550 User not found: <nina@example.com>",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },

  /* Mail servers. */
  { "/provider-replies/postfix/virtual-mailbox-table",
    "550 5.1.1 <nina@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/postfix/relay-access-denied",
    "554 5.7.1 <nina@example.com>: Relay access denied",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RELAY_DENIED },
  { "/provider-replies/postfix/cannot-find-hostname",
    "450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/provider-replies/exim/unrouteable",
    "550 Unrouteable address",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN },
  { "/provider-replies/sendmail/user-unknown",
    "550 5.1.1 <nina@example.com>... User unknown",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/sendmail/sender-domain",
    "553 5.1.8 <news@example.org>... Domain of sender address news@example.org does not exist",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/provider-replies/sendmail/too-many-hops",
    "554 5.4.6 Too many hops",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/provider-replies/qmail/no-mailbox",
    "Sorry, no mailbox here by that name. (#5.1.1)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  /* qmail writes 5.1.1 even for a full mailbox. */
  { "/provider-replies/qmail/over-quota",
    "user is over quota (#5.1.1)",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/provider-replies/qmail/no-host",
    "Sorry, I couldn't find any host named example.invalid. (#5.1.2)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN },
  /* Without an X.1.x code, the RCPT TO stage or the address in angle
   * brackets, these words do not prove a dead address. Content filters
   * send them too, and sisimai 5.1 calls such replies "filtered". */
  { "/provider-replies/generic/no-such-user-no-stage",
    "550 No Such User Here",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },
  { "/provider-replies/generic/no-such-user-at-rcpt",
    "550 No Such User Here (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/generic/no-such-user-at-data",
    "550 No Such User Here (in reply to end of DATA command)",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },
  { "/provider-replies/postfix/virtual-alias-table-no-code",
    "550 User unknown in virtual alias table",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },
  /* More wordings of an unknown address, proved by the RCPT TO stage. */
  { "/provider-replies/generic/user-in-brackets-unknown",
    "550 user (nina) unknown (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/generic/address-not-found",
    "550 <nina@example.com> not found (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/iua/user-is-not-found",
    "550 User is not found. See https://mail.example.net/err/2/ (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/generic/address-invalid",
    "550 address invalid (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/generic/mailbox-is-unavailable",
    "550 mailbox is unavailable (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/generic/envelope-recipient-denied",
    "553 sorry, your envelope recipient has been denied (#5.7.1) (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/postfix/access-invalid-recipient",
    "550 5.0.0 <nina@example.com>: Recipient address rejected: invalid-recipient",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/notes/name-directory",
    "550 No such user (nina) in name directory (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  /* The same words after DATA are a content filter's. */
  { "/provider-replies/generic/address-invalid-at-data",
    "550 address invalid (in reply to end of DATA command)",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },
  { "/provider-replies/generic/replaced-by",
    "550 5.1.6 nina@example.com has been replaced by nina@example.net",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_MOVED },
  { "/provider-replies/generic/not-enough-storage",
    "552 not enough storage space in the mailbox",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/provider-replies/generic/mailbox-quota",
    "552 mailbox quota usage exceeded",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/provider-replies/generic/inactive-user",
    "550 invalid/inactive user",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/provider-replies/mdaemon/backscatter",
    "550 Backscatter protection detected an invalid or expired email address",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/provider-replies/generic/rejecting-mail-content",
    "554 rejecting mail content",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/provider-replies/generic/protocol-violation",
    "554 protocol violation",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/provider-replies/qmail/allowed-rcpthost",
    "553 sorry, that domain isn't in my list of allowed rcpthost (#5.7.1)",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RELAY_DENIED },
  { "/provider-replies/exchange/not-found-in-system",
    "550 5.1.1 The recipient's e-mail address was not found in the recipient's e-mail system.",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },

  /* Sending services. */
  { "/provider-replies/ses/suppressed",
    "550 5.1.1 Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address.",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  /* SES rejects every message of the sending account alike. */
  { "/provider-replies/ses/not-verified",
    "554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: news@example.org",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SENDER_SIDE },
  { "/provider-replies/ses/sending-paused",
    "554 Message rejected: Sending paused for this account.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SENDER_SIDE },
  { "/provider-replies/ses/not-subscribed",
    "554 Account not subscribed to SES",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SENDER_SIDE },
  { "/provider-replies/ses/maximum-rate",
    "454 Throttling failure: Maximum sending rate exceeded.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  /* The address is on the sending account's own bounce list, which
   * proves nothing new about it. */
  { "/provider-replies/sendgrid/bounced-address",
    "550 5.0.0 Bounced Address",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },
  { "/provider-replies/sendgrid/looked-like-spam",
    "550 5.7.1 The content of this message looked like spam",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/provider-replies/sendgrid/connection-limit",
    "421 4.7.0 All available IPs are at maximum connection limit",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/provider-replies/mailgun/previously-bounced",
    "550 5.0.0 Not delivering to previously bounced address",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },

  /* Mail filtering services. */
  { "/provider-replies/mimecast/security-policies",
    "554 Email rejected due to security policies - https://community.mimecast.com/docs/DOC-1369#554",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/provider-replies/mimecast/envelope-blocked",
    "550 Envelope blocked - User Entry - https://community.mimecast.com/docs/DOC-1369#550",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/provider-replies/mimecast/anti-spoofing",
    "550 Rejected by header-based Anti-Spoofing policy: news@example.org - https://community.mimecast.com/docs/DOC-1369#550",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/provider-replies/mimecast/spf",
    "550 SPF Sender Invalid - envelope rejected - https://community.mimecast.com/docs/DOC-1369#550",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/provider-replies/mimecast/ip-reputation",
    "550 Local CT IP Reputation - (reject) - https://community.mimecast.com/docs/DOC-1369#550",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/provider-replies/mimecast/open-relay",
    "451 Open relay not allowed - https://community.mimecast.com/docs/DOC-1369#451",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RELAY_DENIED },
  { "/provider-replies/mimecast/size",
    "554 Maximum email size exceeded - https://community.mimecast.com/docs/DOC-1369#554",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE },
  { "/provider-replies/proofpoint/ipcheck",
    "554 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.1",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/provider-replies/proofpoint/user-unknown",
    "550 5.1.1 <nina@example.com>: Recipient address rejected: User unknown",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/barracuda/reputation",
    "554 Service unavailable; Client host [192.0.2.1] blocked using Barracuda Reputation; http://www.barracudanetworks.com/reputation/?pr=1&ip=192.0.2.1",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/provider-replies/barracuda/permanent-failure-blocked",
    "550 permanent failure for one or more recipients (nina@example.com:blocked)",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },

  /* Zoho Mail. */
  { "/provider-replies/zoho/user-does-not-exist",
    "550 5.1.1 User does not exist - <nina@example.com>",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/zoho/dmarc",
    "550 5.7.1 Email rejected per DMARC policy for example.org",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/provider-replies/zoho/flagged-as-spam",
    "554 5.7.1 Email cannot be delivered. Reason: Email flagged as Spam.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/provider-replies/zoho/relaying-disallowed",
    "553 Relaying disallowed as news@example.org",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RELAY_DENIED },

  /* Comcast and Cox. */
  { "/provider-replies/comcast/not-our-customer",
    "550 5.1.1 <nina@example.com> Not our Customer",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/provider-replies/comcast/block-for-spam",
    "554 5.7.1 resimta-po-01v.example.net comcast 192.0.2.1 Comcast block for spam. Please see http://postmaster.example.net/smtp-error-codes.php#BL000000",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/provider-replies/comcast/ptr",
    "554 5.7.1 resimta-po-01v.example.net comcast 192.0.2.1 Comcast requires that all mail servers must have a PTR record with a valid Reverse DNS entry.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/provider-replies/cox/cxbl",
    "554 5.7.1 cxr.mx.example.net cmsmtp 192.0.2.1 blocked - AUP#CXBL",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },

  { "/provider-replies/cox/cxsndr",
    "550 5.7.1 cox.net cmsmtp example.org sender rejected - AUP#CXSNDR",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/provider-replies/cox/ipbl",
    "554 5.7.1 cox.net cmsmtp 192.0.2.1 rejected - AUP#IPBL0001",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },

  /* Orange, La Poste and NetEase: rejections of the sending host, and
   * accounts that exist but take no mail. */
  { "/provider-replies/orange/service-refused",
    "421 mwinf5c04 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR006_103 [103]",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/provider-replies/orange/service-refused-505",
    "421 4.2.0 Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR005_505 [505]",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/provider-replies/orange/account-blocked",
    "550 5.5.0 Le compte du destinataire est bloque. The recipient account isblocked. LPN007_426",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/provider-replies/orange/archived",
    "550 5.5.0 Boite du destinataire archivee. Archived recipient. LPN007_420",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/provider-replies/netease/user-suspended",
    "550 User suspended: https://help.example.com/help/help_spam_16.htm",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
};

/* Returns the first enhanced status code (RFC 3463: class, subject and
 * detail) in @reply, or the class alone as "5.0.0" or "4.0.0" from its
 * reply code, as Postfix and Exim fill the Status field. */
static char *
find_status (const char *reply)
{
  g_autoptr(GRegex) regex = g_regex_new ("\\b([245])\\.[0-9]{1,3}\\.[0-9]{1,3}\\b", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (g_regex_match (regex, reply, 0, &match))
    return g_match_info_fetch (match, 0);
  if (reply[0] == '4' || reply[0] == '5')
    return g_strdup_printf ("%c.0.0", reply[0]);

  return g_strdup ("5.0.0");
}

static void
test_reply (gconstpointer user_data)
{
  const ReplyCase *c = user_data;
  g_autofree char *status = find_status (c->reply);
  g_autofree char *report = dsn_fixture_new_with_reply ("nina@example.com", status, c->reply, "mx.example.com",
                                                        "Mon, 2 Nov 2026 10:00:00 +0000", NULL);
  g_autoptr(GPtrArray) records = bounce_parse_message (report, strlen (report), "report.eml", -1, 0);
  const BounceRecord *record;

  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->recipient, ==, "nina@example.com");
  g_assert_cmpstr (bounce_category_to_string (record->category), ==, bounce_category_to_string (c->category));
  g_assert_cmpstr (record->reason, ==, c->reason);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  bounce_parser_init ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (cases[i].path, &cases[i], test_reply);

  return g_test_run ();
}

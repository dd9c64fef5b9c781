/* test-classifier.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bounce-core.h"
#include "bounce-classifier-private.h"
#include "bounce-phrases-private.h"

typedef struct
{
  const char     *path;
  const char     *status;
  const char     *reply_code;
  const char     *action;
  const char     *diagnostic;
  BounceCategory  category;
  const char     *reason;
} ClassifyCase;

static const ClassifyCase cases[] = {
  /* Bare codes, RFC 3463 and RFC 5321. */
  { "/classifier/status/5.1.1", "5.1.1", "550", "failed", "", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/status/5.1.2", "5.1.2", "550", "failed", "", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN },
  { "/classifier/status/5.1.6", "5.1.6", "550", "failed", "", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_MOVED },
  { "/classifier/status/5.1.10", "5.1.10", "550", "failed", "", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN },
  { "/classifier/status/5.2.1", "5.2.1", "550", "failed", "", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/classifier/status/5.2.2", "5.2.2", "552", "failed", "", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/status/5.3.4", "5.3.4", "552", "failed", "", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE },
  { "/classifier/status/4.4.7", "4.4.7", "", "failed", "", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_EXPIRED },
  { "/classifier/status/5.7.1", "5.7.1", "550", "failed", "", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/status/5.7.26", "5.7.26", "550", "failed", "", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/classifier/status/4.1.1", "4.1.1", "450", "failed", "", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/status/5.1.99-falls-back", "5.1.99", "", "failed", "", BOUNCE_CATEGORY_UNKNOWN, BOUNCE_REASON_UNDETERMINED },
  { "/classifier/status/5.0.0", "5.0.0", "550", "failed", "", BOUNCE_CATEGORY_UNKNOWN, BOUNCE_REASON_UNDETERMINED },
  { "/classifier/reply/550-alone", "", "550", "failed", "", BOUNCE_CATEGORY_UNKNOWN, BOUNCE_REASON_UNDETERMINED },
  { "/classifier/reply/551", "", "551", "failed", "", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_MOVED },
  { "/classifier/reply/552", "", "552", "failed", "", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/reply/556", "", "556", "failed", "", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN },
  { "/classifier/reply/421", "", "421", "failed", "", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_NETWORK_ERROR },
  { "/classifier/reply/535", "", "535", "failed", "", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },

  /* Actions, RFC 3464 section 2.3.3. */
  { "/classifier/action/delayed", "4.4.1", "", "delayed", "Connection timed out", BOUNCE_CATEGORY_DELAYED, BOUNCE_REASON_DELAYED },
  { "/classifier/action/delayed-envelope-expired", "4.4.7", "", "delayed", "tomas.berg@example.net: Envelope expired",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_EXPIRED },
  { "/classifier/action/relayed", "2.0.0", "250", "relayed", "", BOUNCE_CATEGORY_DELIVERED, BOUNCE_REASON_DELIVERED },
  { "/classifier/action/delivered", "2.0.0", "250", "delivered", "", BOUNCE_CATEGORY_DELIVERED, BOUNCE_REASON_DELIVERED },
  { "/classifier/action/expanded", "2.0.0", "250", "expanded", "", BOUNCE_CATEGORY_DELIVERED, BOUNCE_REASON_DELIVERED },

  /* Provider phrases that override their codes. */
  { "/classifier/microsoft/5.4.1-access-denied", "5.4.1", "550", "failed",
    "550 5.4.1 Recipient address rejected: Access denied. AS(201806281)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/microsoft/s3150", "5.7.1", "550", "failed",
    "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  /* Refusals of the sender's own account and faults of the sending
   * server say nothing about the recipient. */
  { "/classifier/sender/account-suspended", "5.7.0", "550", "failed",
    "550 5.7.0 Sender account suspended: news@shop.example.org has been suspended for policy violations",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SENDER_SIDE },
  { "/classifier/sender/your-account-disabled", "5.7.1", "550", "failed", "550 5.7.1 Your account is disabled",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SENDER_SIDE },
  { "/classifier/sender/disabled-for-sending", "5.7.1", "550", "failed", "550 5.7.1 Account disabled for sending",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SENDER_SIDE },
  { "/classifier/sender/your-account-inactive", "5.7.1", "550", "failed",
    "550 5.7.1 Your account is inactive, please log in", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SENDER_SIDE },
  { "/classifier/sender/sender-account-disabled", "", "550", "failed", "550 Sender account is disabled",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SENDER_SIDE },
  { "/classifier/sender/outgoing-mail-quota", "", "550", "failed", "550 Outgoing mail quota exceeded",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SENDER_SIDE },
  { "/classifier/sender/outgoing-quota-4.2.2", "4.2.2", "452", "failed", "452 4.2.2 Outgoing quota exceeded",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SENDER_SIDE },
  { "/classifier/sender/from-your-account", "4.7.0", "421", "failed",
    "421 4.7.0 Too many messages from your account, quota exceeded", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SENDER_SIDE },
  { "/classifier/sender/full-sender-account", "5.7.1", "554", "failed",
    "554 5.7.1 Mailbox full for sender account news@shop.example.org", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SENDER_SIDE },
  { "/classifier/sender/postfix-loop-to-myself", "5.4.6", "", "failed", "X-Postfix; mail for example.com loops back to myself",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SENDER_SIDE },
  { "/classifier/sender/sendmail-loop-to-me", "5.3.5", "553", "failed",
    "553 5.3.5 mail.example.org. config error: mail loops back to me (MX problem?)", BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SENDER_SIDE },
  { "/classifier/sender/local-configuration-error", "5.0.0", "", "failed", "5.0.0 Local configuration error",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SENDER_SIDE },
  { "/classifier/sender/unknown-mail-transport", "5.3.0", "", "failed", "5.3.0 unknown mail transport error",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SENDER_SIDE },
  { "/classifier/sender/recipient-account-disabled", "5.2.1", "550", "failed",
    "550 5.2.1 The email account that you tried to reach is disabled", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/classifier/sender/recipient-suspended", "", "550", "failed", "550 Mailbox suspended",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/classifier/microsoft/5.2.2-submission-quota", "5.2.2", "550", "failed",
    "550 5.2.2 STOREDRV.Submit; sender's submission quota was exceeded",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/mimecast/invalid-recipient", "5.0.0", "550", "failed",
    "550 Invalid Recipient - https://community.mimecast.com/s/article/Mimecast-SMTP-Error-Codes-842605754",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/i.ua/mailbox-not-used", "5.0.0", "550", "failed",
    "550 Mailbox was not used for more than 3 months https://mail.i.ua/err/3/",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/classifier/sender/domain-does-not-exist", "5.7.1", "550", "failed",
    "550 5.7.1 The sender's domain does not exist",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/sender/typographic-apostrophe", "5.7.1", "550", "failed",
    "550 5.7.1 The sender’s domain does not exist",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/sender/mail-from-domain", "5.7.1", "550", "failed",
    "550 5.7.1 MAIL FROM domain not found",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/sender/header-from-domain", "5.7.1", "550", "failed",
    "550 5.7.1 Header From domain does not exist",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/sender/return-path-domain", "5.1.0", "550", "failed",
    "550 5.1.0 Return-Path domain not found",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/sender/bounce-address", "5.7.1", "550", "failed",
    "550 5.7.1 Bounce address does not exist",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/microsoft/4.7.650", "4.7.650", "451", "failed",
    "451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/classifier/qmail/over-quota-5.1.1", "5.1.1", "", "failed", "user is over quota (#5.1.1)",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/orange/ofr-506", "5.2.0", "550", "failed",
    "550 5.2.0 Mail rejete. Mail rejected. ofr_506 [506]",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/classifier/orange/ofr-999", "4.0.0", "421", "failed",
    "421 mwinf0000 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR_999 [999]",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/t-online/problem-occurred-5.5.0", "5.5.0", "554", "failed",
    "554 IP=192.0.2.254 - A problem occurred. (Ask your postmaster for help or to contact postmaster@example.net to clarify.) (BL)",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/classifier/dns/servfail-5.4.4", "5.4.4", "550", "failed",
    "550 5.4.4 DNS lookup of flaky.example.com failed: SERVFAIL",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_NETWORK_ERROR },
  { "/classifier/dns/servfail-5.1.2", "5.1.2", "550", "failed",
    "550 5.1.2 Domain lookup failed for flaky.example.com: SERVFAIL",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_NETWORK_ERROR },
  { "/classifier/dns/name-resolution-5.4.4", "5.4.4", "", "failed",
    "Unable to route to flaky.example.com: Temporary failure in name resolution",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_NETWORK_ERROR },
  { "/classifier/dns/temporary-failure-5.4.4", "5.4.4", "550", "failed",
    "550 5.4.4 Temporary DNS failure for flaky.example.com",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_NETWORK_ERROR },
  { "/classifier/dns/nxdomain-5.1.2", "5.1.2", "550", "failed",
    "550 5.1.2 Host unknown: gone.example.com (NXDOMAIN)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN },
  { "/classifier/gmail/does-not-exist", "5.1.1", "550", "failed",
    "550-5.1.1 The email account that you tried to reach does not exist.",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/gmail/disabled", "5.2.1", "550", "failed",
    "550-5.2.1 The email account that you tried to reach is disabled.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/classifier/gmail/over-quota", "4.2.2", "452", "failed",
    "452-4.2.2 The email account that you tried to reach is over quota.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/gmail/dmarc", "5.7.26", "550", "failed",
    "550-5.7.26 Unauthenticated email from example.org is not accepted due to domain's DMARC policy.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/classifier/gmail/rate", "4.2.1", "450", "failed",
    "450-4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/gmail/rate-550", "5.2.1", "550", "failed",
    "550-5.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/rate/gmail-relay-limit", "4.2.1", "450", "failed",
    "450-4.2.1 Peak SMTP relay limit exceeded for customer. This is a temporary error.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/rate/gmail-daily-relay-limit", "5.4.5", "550", "failed",
    "550 5.4.5 Daily SMTP relay limit exceeded for user.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/rate/sender-4.7.0", "4.7.0", "421", "failed",
    "421 4.7.0 Too many messages from your IP, try again later",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/yahoo/no-account", "", "554", "failed",
    "554 delivery error: dd This user doesn't have a example.com account (nina@example.com) [0]",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/yahoo/disabled", "", "554", "failed",
    "554 delivery error: dd Sorry your message to nina@example.com cannot be delivered. This mailbox is disabled (554.30).",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/classifier/yahoo/tss04", "4.7.0", "421", "failed",
    "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/classifier/icloud/moved", "5.1.6", "550", "failed",
    "550 5.1.6 recipient no longer on server: nina@example.com",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_MOVED },

  /* 550 serves both "no such user" and "blocked as spam". */
  { "/classifier/550/no-such-user", "5.1.1", "550", "failed", "550 5.1.1 <nina@example.com>: No such user",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/550/spam", "", "550", "failed", "550 Message rejected as spam by content filter",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/classifier/550/spamhaus", "5.7.1", "554", "failed",
    "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  /* 5.7.1 is both a relay refusal and, at some providers, an unknown user. */
  { "/classifier/5.7.1/relay-denied", "5.7.1", "554", "failed", "554 5.7.1 <nina@example.net>: Relay access denied",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RELAY_DENIED },
  { "/classifier/5.7.1/user-unknown", "5.7.1", "550", "failed", "550 5.7.1 <nina@example.com>: user unknown",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },

  /* A generic "user unknown" needs RCPT TO or X.1.x to be hard. */
  { "/classifier/unknown-user/after-data", "", "550", "failed",
    "550 Unknown user nina@example.jp (in reply to end of DATA command)",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },
  { "/classifier/unknown-user/at-rcpt", "", "550", "failed",
    "550 <nina@example.com>: User unknown (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/unknown-user/no-evidence", "5.0.0", "550", "failed", "550 User unknown",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },
  { "/classifier/unknown-user/transient", "4.1.1", "450", "failed",
    "450 4.1.1 <nina@example.com>: Recipient address rejected: User unknown in local recipient table",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_UNKNOWN },

  /* The reply quotes the address (au answers "550 <a@b>: User unknown"
   * for an address it lacks and "550 : User unknown" from its filter). */
  { "/classifier/unknown-user/address-quoted", "", "550", "failed",
    "550: <nina@example.jp>: User unknown",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/unknown-user/address-missing", "", "550", "failed",
    "550: : User unknown",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },
  { "/classifier/unknown-user/5.2.1-no-command", "5.2.1", "550", "failed",
    "550 5.2.1 <nina@example.com>... User Unknown",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },
  { "/classifier/unknown-user/5.2.2-no-command", "5.2.2", "552", "failed",
    "552 5.2.2 <nina@example.com>... User unknown, mailbox full",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/phrase/greeting-refused", "", "554", "failed",
    "SMTP error from remote mail server after initial connection: 554 mx.example.net refuses your host",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/phrase/frozen", "5.0.0", "550", "failed", "550 Mailbox is frozen.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/classifier/unknown-user/disabled-in-same-reply", "5.0.0", "550", "failed",
    "550 Invalid mailbox: the account is disabled",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/classifier/unknown-user/gmail-wording-5.0.0", "5.0.0", "", "failed",
    "The email account that you tried to reach does not exist.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },

  /* A server's own label before the address is not a relayed reply
   * (Postfix local, mail.local, IMail). */
  { "/classifier/unknown-user/server-label", "", "", "failed",
    "Unknown user: nina@example.com",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/unknown-user/server-label-after-data", "", "550", "failed",
    "550 Unknown user: nina@example.com (in reply to end of DATA command)",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },

  /* cPanel's Exim words an unrouteable domain this way, and quotes the
   * same text about the sender when its sender callout fails. */
  { "/classifier/cpanel/cannot-route", "", "", "failed",
    "The mail server could not deliver mail to nina@example.net.  The account or domain may not exist, they may be blacklisted, or missing the proper dns entries.",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN },
  { "/classifier/cpanel/sender-verify", "", "550", "failed",
    "550-Verification failed for <news@example.org> 550-The mail server could not deliver mail to news@example.org.  The account or domain may not exist, they may be blacklisted, or missing the proper dns entries. 550 Sender verify failed",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },

  /* Failures of the local delivery agent or of the session. */
  { "/classifier/local/procmail", "5.1.1", "", "failed",
    "procmail: Couldn't create \"/var/spool/mail/nina\" procmail: No such user",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/classifier/local/exim-pipe", "5.0.0", "", "failed",
    "pipe to |/usr/local/bin/filter nina@example.com generated by nina@example.com The following text was generated during the delivery of the message",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/classifier/session/remote-protocol-error", "", "554", "failed",
    "554 <nina@example.org>... Remote protocol error 550 example.org (smtp)... 550 Host unknown",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },

  /* Codes that say something other than their class suggests. */
  { "/classifier/reply/521-system-class", "5.3.2", "521", "failed",
    "521 5.3.2 <nina@example.net>: Recipient address rejected: System not accepting network messages",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN },
  { "/classifier/reply/521-host-blocked", "5.0.0", "521", "failed",
    "521 5.0.0 Mail from this host is blocked",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/reply/521-blocked", "5.7.1", "521", "failed",
    "521 5.7.1 Client host [192.0.2.1] blocked using dnsbl.example.org",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/classifier/reply/2xx-in-failure", "", "220", "failed", "220 mx.example.com ESMTP ready",
    BOUNCE_CATEGORY_UNKNOWN, BOUNCE_REASON_UNDETERMINED },
  { "/classifier/reply/250-before-data", "", "250", "failed", "Out: 250 2.1.5 Ok In: DATA Out: 354 End data",
    BOUNCE_CATEGORY_UNKNOWN, BOUNCE_REASON_UNDETERMINED },

  /* Where the session failed decides whose fault it is. */
  /* X.1.7 and X.1.8 name the sender's address. */
  { "/classifier/sender-code/5.1.7", "5.1.7", "550", "failed", "550 5.1.7 Invalid address",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/sender-code/5.1.8", "5.1.8", "553", "failed", "553 5.1.8 Domain example.org does not exist",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/session/after-mail-from", "5.1.7", "550", "failed",
    "SMTP error from remote mail server after MAIL FROM:<news@example.org>: 550 5.1.7 No such domain example.org.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/session/mail-from-refused", "5.7.1", "550", "failed",
    "550 5.7.1 Mail from news@example.org refused: the domain example.org does not exist",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/session/from-address", "5.1.0", "550", "failed",
    "550 5.1.0 From address does not exist",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/session/mail-from-as-detail", "", "550", "failed",
    "550 - Requested action not taken: no such user here MAIL FROM: news@example.org RCPT TO: nina@example.net",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },

  /* A permanent refusal shows the server replied, whatever the X.4.x code. */
  { "/classifier/network/5.4.1-access-denied", "5.4.1", "550", "failed",
    "550 5.4.1 All recipient addresses rejected : Access denied",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/network/5.4.1-no-text", "5.4.1", "550", "failed", "",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_NETWORK_ERROR },

  /* Microsoft 365 relays the next server's reply after "->". */
  { "/classifier/relayed/filter-reply", "5.1.351", "550", "failed",
    "550 5.1.351 Remote server returned unknown recipient or mailbox unavailable -> 550 : User unknown",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },
  { "/classifier/relayed/user-unknown-5.1.1", "5.1.351", "550", "failed",
    "550 5.1.351 Remote server returned unknown recipient or mailbox unavailable -> 550 5.1.1 <nina@example.com>: User unknown",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/relayed/unreadable-reply", "5.1.351", "550", "failed",
    "550 5.1.351 Remote server returned unknown recipient or mailbox unavailable -> 550 Go away",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },

  /* One-word wildcards and provider markers. */
  { "/classifier/phrase/dns-lookup-host-not-found", "", "", "failed",
    "DNS lookup failure: host mx.example.net not found",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN },
  { "/classifier/phrase/wildcard-is-one-word", "", "", "failed",
    "DNS lookup failure: host mx.example.net was not found",
    BOUNCE_CATEGORY_UNKNOWN, BOUNCE_REASON_UNDETERMINED },
  { "/classifier/phrase/gmail-connect", "", "", "failed",
    "The recipient server did not accept our requests to connect.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_NETWORK_ERROR },
  { "/classifier/phrase/google-groups", "", "", "failed",
    "Wenn Sie Fragen haben, besuchen Sie die Hilfe unter https://groups.google.com/support/.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },

  /* Generic phrasings. */
  { "/classifier/phrase/mailbox-full", "", "", "failed", "Mailbox is full", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/phrase/postfach-voll", "", "", "failed", "Postfach voll", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/phrase/boite-pleine", "", "", "failed", "552 Boite du destinataire pleine", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/phrase/host-unknown", "", "550", "failed", "550 Host unknown", BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN },
  { "/classifier/phrase/host-not-found-try-again", "", "", "failed", "Name service error for domain example.com: Host not found, try again",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_NETWORK_ERROR },
  { "/classifier/phrase/too-large", "5.3.4", "552", "failed", "552 5.3.4 Message size exceeds fixed limit",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE },
  { "/classifier/phrase/virus", "5.7.0", "554", "failed", "554 5.7.0 Virus found in message",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_VIRUS },
  { "/classifier/phrase/rejected-with-5.1.1", "5.1.1", "550", "failed", "550 5.1.1 Recipient rejected",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/phrase/expired", "4.4.7", "", "failed", "retry timeout exceeded",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_EXPIRED },
  /* Localized notices. An unknown address still needs proof of the
   * RCPT TO command, as in English. */
  { "/classifier/localized/de-mailbox-full", "", "", "failed", "Das Postfach des Empfängers ist voll und kann derzeit keine Nachrichten annehmen.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/localized/fr-mailbox-full", "", "", "failed", "La boîte aux lettres du destinataire est pleine.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/localized/es-mailbox-full", "", "", "failed", "El buzón del destinatario está lleno.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/localized/it-mailbox-full", "", "", "failed", "La casella di posta del destinatario è piena.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/localized/nl-mailbox-full", "", "", "failed", "Het postvak van de ontvanger is vol.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/localized/pt-mailbox-full", "", "", "failed", "A caixa de correio do destinatário está cheia.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/localized/ru-mailbox-full", "", "", "failed", "Почтовый ящик переполнен.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/localized/de-unknown-at-rcpt", "", "550", "failed",
    "550 <nina@example.net>: Die E-Mail-Adresse, die Sie eingegeben haben, wurde nicht gefunden. (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/localized/fr-unknown-at-rcpt", "", "550", "failed",
    "550 <nina@example.net>: L'adresse e-mail que vous avez entrée est introuvable. (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/localized/es-unknown-at-rcpt", "", "550", "failed",
    "550 <nina@example.net>: No se encontró la dirección de correo electrónico que escribió. (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/localized/it-unknown-at-rcpt", "", "550", "failed",
    "550 <nina@example.net>: L'indirizzo e-mail inserito non è stato trovato. (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/localized/nl-unknown-at-rcpt", "", "550", "failed",
    "550 <nina@example.net>: Het e-mailadres dat u hebt ingevoerd, is niet gevonden. (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/localized/pt-unknown-at-rcpt", "", "550", "failed",
    "550 <nina@example.net>: O endereço de email inserido não foi encontrado. (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/localized/ru-unknown-at-rcpt", "", "550", "failed",
    "550 <nina@example.net>: Пользователь не найден. (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/localized/de-unknown-no-proof", "", "550", "failed",
    "550 Die E-Mail-Adresse, die Sie eingegeben haben, wurde nicht gefunden.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },

  /* A recipient that rejects one sender, or everyone outside its
   * organization, exists. Only a domain's null MX (RFC 7505) rejects all
   * mail for good. */
  { "/classifier/sender-refused/this-sender", "5.7.1", "550", "failed",
    "550 5.7.1 Recipient does not accept mail from this sender",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/sender-refused/outside-organization", "5.7.1", "550", "failed",
    "550 5.7.1 This recipient does not accept mail from senders outside its organization",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/sender-refused/sending-host", "5.7.1", "554", "failed",
    "554 5.7.1 recipient does not accept mail from shop.example.com",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/sender-refused/without-status", "", "550", "failed",
    "550 Recipient does not accept mail from this sender",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/sender-refused/not-on-list", "5.7.1", "550", "failed",
    "550 5.7.1 Your message does not exist in our allow list",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/sender-refused/mailbox-unavailable", "5.7.1", "550", "failed",
    "550 5.7.1 Requested action not taken: mailbox unavailable",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/sender-refused/unknown-user-wins", "5.7.1", "550", "failed",
    "550 5.7.1 <ada@example.org>: Recipient address rejected: User unknown in local recipient table",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },

  /* RFC 5321 gives "mailbox unavailable" for a policy rejection too, so a
   * block reason in the same reply wins. GMX ends its multi-line reply
   * with that reason. */
  { "/classifier/mailbox-unavailable/gmx-policy", "5.0.0", "550", "failed",
    "550-Requested action not taken: mailbox unavailable 550 Reject due to policy restrictions. (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/mailbox-unavailable/gmx-ptr", "5.0.0", "550", "failed",
    "550-Requested action not taken: mailbox unavailable 550 invalid DNS PTR resource record, IP=192.0.2.10 (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/mailbox-unavailable/local-policy", "5.0.0", "550", "failed",
    "550 Requested action not taken: mailbox unavailable Blocked by local policy (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/mailbox-unavailable/temporarily-blocked", "5.0.0", "550", "failed",
    "550 Requested action not taken: mailbox unavailable temporarily blocked (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/mailbox-unavailable/recipient-filter", "5.0.0", "550", "failed",
    "550 Requested action not taken: mailbox unavailable rejected by recipient filter (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/mailbox-unavailable/rfc-example-text", "5.0.0", "550", "failed",
    "550 Requested action not taken: mailbox unavailable (e.g., mailbox not found, no access, or command "
    "rejected for policy reasons) (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  /* A bare "rejected" states no cause, so the unknown mailbox decides. */
  { "/classifier/mailbox-unavailable/bare-rejection", "5.0.0", "550", "failed",
    "550 <ada@example.org>: Recipient address rejected: mailbox unavailable (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/mailbox-unavailable/alone", "5.0.0", "550", "failed",
    "550 Requested action not taken: mailbox unavailable (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },

  /* Refusals of the sender under codes that name the recipient's side. */
  { "/classifier/sender-refused/aol-521", "5.2.1", "521", "failed",
    "521 5.2.1 : AOL will not accept delivery of this message.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/sender-refused/orange-invalid-sender", "5.1.0", "501", "failed",
    "501 5.1.0 Emetteur invalide. Invalid Sender. OFR_416 [416]",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/sender-refused/sender-does-not-exist", "5.1.1", "550", "failed",
    "550 5.1.1 Sender does not exist",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/sender-refused/mailbox-for-sender", "5.0.0", "550", "failed",
    "550 Mailbox does not exist for sender news@shop.example.com (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  /* Orange's OFR_416 also names an invalid recipient, which is hard. */
  { "/classifier/sender-refused/orange-invalid-recipient", "5.1.1", "550", "failed",
    "550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416]",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },

  /* Gmail limits the mail one mailbox receives from all its senders. */
  /* A multi-line reply repeats its code on each line, and a phrase may
   * span the break. */
  { "/classifier/multi-line/gmail-rate", "4.2.1", "450", "failed",
    "450-4.2.1 The user you are trying to contact is receiving mail too\n450-4.2.1 quickly. Please resend your message at a later time.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/multi-line/gmail-5.7.28", "5.7.28", "550", "failed",
    "550-5.7.28 [192.0.2.1] Our system has detected an unusual rate of\n550-5.7.28 unsolicited mail originating from your IP address.\n550 5.7.28 To protect our users from spam, mail sent from your IP address has been blocked.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/classifier/multi-line/folded", "5.7.28", "550", "failed",
    "550-5.7.28 [192.0.2.1] Our system has detected an unusual rate of     550-5.7.28 unsolicited mail originating from your IP address.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/classifier/rate/gmail-recipient-too-quickly", "4.2.1", "450", "failed",
    "450-4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/null-mx/domain", "5.1.10", "556", "failed",
    "556 5.1.10 Domain does not accept mail",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN },
  { "/classifier/null-mx/postfix", "", "", "failed",
    "Domain example.net does not accept mail (nullMX)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN },
  { "/classifier/null-mx/host-domain", "5.1.10", "", "failed",
    "host/domain does not accept mail",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN },

  /* Greylisting rejects an unknown sender until it retries. */
  { "/classifier/greylisting/postgrey", "4.2.0", "450", "failed",
    "450 4.2.0 <lena@example.org>: Recipient address rejected: Greylisted, see https://greylist.example.org/help",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_GREYLISTED },
  { "/classifier/greylisting/policy-code", "4.7.1", "451", "failed",
    "451 4.7.1 Greylisting in action, please come back later",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_GREYLISTED },

  { "/classifier/phrase/uppercase-folded", "", "", "failed", "MAILBOX\n   FULL", BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/phrase/nothing", "", "", "failed", "", BOUNCE_CATEGORY_UNKNOWN, BOUNCE_REASON_UNDETERMINED },

  /* Server wordings seen in real bounces, one per phrase row. Replies
   * that name an unknown user also name RCPT TO, which proves them. */
  { "/classifier/wording/domino-french", "", "", "failed",
    "L'utilisateur jonas.keller (jonas.keller@example.de) ne figure pas dans l'annuaire Domino",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/gmail-french-not-found", "", "", "failed",
    "Votre message n'a pas été remis à ida@example.net car l'adresse est introuvable ou ne peut pas recevoir d'e-mails.",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/gmail-spanish-not-found", "", "", "failed",
    "Tu mensaje no se ha entregado a ida@example.net porque no se ha encontrado la dirección o no puede recibir correo.",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/gmail-italian-not-found", "", "", "failed",
    "Il tuo messaggio non è stato recapitato a ida@example.net perché l'indirizzo non è stato trovato o non può ricevere email.",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/gmail-portuguese-not-found", "", "", "failed",
    "A sua mensagem não foi entregue a ida@example.net porque o endereço não foi encontrado ou não pode receber e-mails.",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/gmail-dutch-not-found", "", "", "failed",
    "Je bericht is niet afgeleverd bij ida@example.net omdat het adres niet is gevonden of geen e-mail kan ontvangen.",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/gmail-chinese-not-found", "", "", "failed",
    "您的邮件无法发送到 ida@example.net，因为找不到该地址，或该地址无法接收邮件。",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/user-has-no-account", "", "", "failed",
    "<ida@example.net>: This user doesn't have a example.net account (ida@example.net) [0]",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },
  { "/classifier/wording/user-has-no-account-rcpt", "", "550", "failed",
    "550 This user doesn't have a example.net account (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/gmail-domain-not-found", "", "", "failed",
    "Your message wasn't delivered to ida@nohost.example.net because the domain nohost.example.net couldn't be found. Check for typos or unnecessary spaces and try again.",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN },
  { "/classifier/wording/gmail-dns-servfail", "", "", "failed",
    "DNS Error: DNS type 'mx' lookup of example.net responded with code SERVFAIL",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_NETWORK_ERROR },
  { "/classifier/wording/yahoo-dd-not-valid", "", "554", "failed",
    "554: delivery error: dd Not a valid recipient - atlas100.mail.example.com",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/exim-local-delivery", "", "", "failed",
    "pipe to |/usr/local/bin/filter generated by ida@example.net local delivery failed",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/classifier/wording/mimecast-size", "", "554", "failed",
    "554 Maximum email size exceeded",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE },
  { "/classifier/wording/mimecast-login", "", "550", "failed",
    "550 Submitter failed to authenticate",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/classifier/wording/mimecast-threads", "", "550", "failed",
    "550 Exceeding outbound thread limit",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/wording/french-quota", "", "", "failed",
    "Quota dépassé pour ce destinataire",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/italian-quota", "", "", "failed",
    "Quota superata per la casella",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/spanish-quota", "", "", "failed",
    "Cuota excedida del buzón",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/spanish-quota-reached", "", "", "failed",
    "Cuota superada",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/portuguese-quota", "", "", "failed",
    "Quota excedida",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/russian-quota", "", "", "failed",
    "Превышена квота почтового ящика",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/russian-quota-late", "", "", "failed",
    "Квота превышена",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/japanese-over-capacity-kanji", "", "", "failed",
    "メールボックス容量超過",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/french-nonexistent-user", "", "550", "failed",
    "550 Utilisateur inexistant (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/french-nonexistent-address", "", "550", "failed",
    "550 Adresse inexistante (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/french-nonexistent-mailbox", "", "550", "failed",
    "550 Boîte aux lettres inexistante (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/italian-nonexistent-box", "", "550", "failed",
    "550 Casella inesistente (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/italian-nonexistent-mailbox", "", "550", "failed",
    "550 Casella di posta inesistente (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/italian-nonexistent-address", "", "550", "failed",
    "550 Indirizzo inesistente (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/spanish-nonexistent-mailbox", "", "550", "failed",
    "550 Buzón inexistente (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/spanish-mailbox-missing", "", "550", "failed",
    "550 El buzón no existe (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/spanish-nonexistent-address", "", "550", "failed",
    "550 Dirección inexistente (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/portuguese-nonexistent-address", "", "550", "failed",
    "550 Endereço inexistente (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/portuguese-nonexistent-account", "", "550", "failed",
    "550 Conta inexistente (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/dutch-mailbox-missing", "", "550", "failed",
    "550 Deze mailbox bestaat niet (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/dutch-unknown-address", "", "550", "failed",
    "550 Onbekend adres (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/russian-mailbox-missing", "", "550", "failed",
    "550 Почтовый ящик не существует (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/russian-recipient-full", "", "", "failed",
    "Ящик получателя переполнен.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/russian-size-exceeded", "", "", "failed",
    "Превышен размер почтового ящика получателя",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/japanese-capacity-full", "", "", "failed",
    "宛先のメールボックスの容量が一杯です。",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/japanese-over-capacity", "", "", "failed",
    "メールボックス容量オーバーのため配信できませんでした。",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/japanese-mailbox-full", "", "", "failed",
    "受信者のメールボックスが一杯です。",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/chinese-mailbox-full", "", "", "failed",
    "收件人邮箱已满",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/chinese-no-space", "", "", "failed",
    "收件人邮箱空间不足",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/chinese-box-full", "", "", "failed",
    "对方信箱已满",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/dutch-mailbox-full", "", "", "failed",
    "De mailbox is vol.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/italian-mailbox-full", "", "", "failed",
    "Casella di posta piena",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/portuguese-mailbox-full", "", "", "failed",
    "Caixa postal lotada",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/biglobe-local-limit", "", "", "failed",
    "The number of messages in recipient's mailbox exceeded the local limit.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/russian-recipient-not-found", "", "550", "failed",
    "550 Адресат не найден (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/japanese-address-missing", "", "550", "failed",
    "550 宛先のメールアドレスが存在しません (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/japanese-user-missing", "", "550", "failed",
    "550 ユーザが存在しません (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/japanese-user-missing-long", "", "550", "failed",
    "550 ユーザーが存在しません (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/japanese-unknown-recipient", "", "550", "failed",
    "550 宛先不明 (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/chinese-user-missing", "", "550", "failed",
    "550 用户不存在 (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/chinese-recipient-missing", "", "550", "failed",
    "550 收件人不存在 (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/chinese-address-missing", "", "550", "failed",
    "550 收件人地址不存在 (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/chinese-no-stage", "", "550", "failed",
    "550 收件人地址不存在",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },
  { "/classifier/wording/dutch-unknown-user", "", "550", "failed",
    "550 Onbekende gebruiker (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/dutch-user-missing", "", "550", "failed",
    "550 Deze gebruiker bestaat niet (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/portuguese-nonexistent", "", "550", "failed",
    "550 Usuário inexistente (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/portuguese-unknown", "", "550", "failed",
    "550 Usuário desconhecido (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/portuguese-eu-unknown", "", "550", "failed",
    "550 Utilizador desconhecido (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/italian-nonexistent", "", "550", "failed",
    "550 Utente inesistente (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/spanish-user-missing", "", "550", "failed",
    "550 El usuario no existe (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/gmail-german", "", "550", "failed",
    "550 Ihre Nachricht wurde nicht an nina@example.net zugestellt, weil die Adresse nicht gefunden wurde oder keine E-Mails empfangen kann.",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/exchange-dns-records", "", "550", "failed",
    "550 Unable to deliver: the DNS records for the destination computer could not be found.",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_NETWORK_ERROR },
  { "/classifier/wording/too-many-messages-on-server", "", "552", "failed",
    "552 User has too many messages on the server",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/mailfolder-full", "", "552", "failed",
    "552 Mailfolder is full",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/space-used-up", "", "552", "failed",
    "552 The user's space has been used up",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/wording/batv", "", "550", "failed",
    "550 BATV failed to verify the return address",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/bogus-mail-from", "", "550", "failed",
    "550 Bogus mail from",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/sender-id", "", "550", "failed",
    "550 Can't determine purported responsible address",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/senderfilterconfig", "5.7.1", "550", "failed",
    "550 5.7.1 Sender email address is on SenderFilterConfig list",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/list-of-senders", "5.7.1", "550", "failed",
    "550 5.7.1 Delivery not authorized because the sender isn't on the recipient's list of senders to accept mail from",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/third-party-dsn", "", "550", "failed",
    "550 Error: no third-party DSNs",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/unsigned-dsn", "", "550", "failed",
    "550 Transaction failed unsigned DSN for nina@example.net",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/returned-mail", "", "550", "failed",
    "550 Returned mail not accepted here",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/gateway-user", "", "550", "failed",
    "550 'nina@example.net' is not a registered gateway user",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/not-owned", "", "553", "failed",
    "553 Mail from not owned by user",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/pre-approved", "", "550", "failed",
    "550 Sender not pre-approved",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/yahoo-untagged-volume", "", "421", "failed",
    "421 Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/classifier/wording/bad-sender-ip", "", "550", "failed",
    "550 Bad sender IP address",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/classifier/wording/bad-ip-profile", "", "550", "failed",
    "550 Extreme bad IP profile",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_REPUTATION },
  { "/classifier/wording/abusive", "", "550", "failed",
    "550 Server IP 192.0.2.1 listed as abusive",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/classifier/wording/unwanted", "", "550", "failed",
    "550 Too many unwanted messages have been sent from the following IP address above",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/classifier/wording/open-proxy", "", "550", "failed",
    "550 Rejecting open proxy 192.0.2.1",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/classifier/wording/dynamic-ip", "", "550", "failed",
    "550 We do not accept mail from dynamic IPs",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/classifier/wording/mass-mailer", "", "550", "failed",
    "550 You're using a mass mailer",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/classifier/wording/banned-content", "", "554", "failed",
    "554 Rejecting banned content",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/classifier/wording/isp-server", "5.7.0", "550", "failed",
    "550 5.7.0 Please use the SMTP server of your ISP",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/no-access", "", "550", "failed",
    "550 No access from mail server 192.0.2.1",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/confirm-server", "", "550", "failed",
    "550 Please confirm this mail server",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/server-confirmation", "", "550", "failed",
    "550 Your server requires confirmation",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_SPAM_BLOCKED },
  { "/classifier/wording/illegal-attachment", "", "554", "failed",
    "554 There is an illegal attachment on your message",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/aol-attachments", "", "550", "failed",
    "550 Delivery failed because the recipient is not accepting mail with attachments or embedded images",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/members-only", "", "550", "failed",
    "550 Post by non-member to a members-only list",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/closed-list", "", "550", "failed",
    "550 Closed mailing list",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/group-subscription", "", "550", "failed",
    "550 The email address used to send your message is not subscribed to this group",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/organization-settings", "5.7.1", "550", "failed",
    "550 5.7.1 Message bounced due to organizational settings",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/protected-account", "", "550", "failed",
    "550 Account is protected by a sender filter",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/specific-senders", "", "550", "failed",
    "550 Recipient is only accepting mail from specific email addresses",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/refuse-to-receive", "", "550", "failed",
    "550 Recipient id refuse to receive mail",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/refuses-to-receive", "", "550", "failed",
    "550 User refuses to receive this mail",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/blocked-by-recipient", "", "550", "failed",
    "550 You have been blocked by the recipient",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/mailbox-invalid", "", "550", "failed",
    "550 <nina@example.net>: mailbox invalid (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/mailbox-not-present", "", "550", "failed",
    "550 Mailbox not present (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/no-mail-box", "", "550", "failed",
    "550 No mail box available for this user (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/recipient-not-exist", "", "550", "failed",
    "550 Recipient not exist (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/nonexistent-user", "", "550", "failed",
    "550 Nonexistent user (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/non-existent-user", "", "550", "failed",
    "550 Non-existent user (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/unknown-email-address", "", "550", "failed",
    "550 Unknown email address (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/unknown-e-mail-address", "", "550", "failed",
    "550 Unknown e-mail address (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/address-wrong", "", "550", "failed",
    "550 This email address is wrong or no longer valid (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/email-name", "", "550", "failed",
    "550 The user's email name is not found (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/no-one", "", "550", "failed",
    "550 There is no one at this address (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/directory", "", "550", "failed",
    "550 Address not present in directory (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/domino-destination", "", "550", "failed",
    "550 The following destination addresses were unknown (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/not-active-address", "", "550", "failed",
    "550 nina@example.net is not an active address at this host (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/virtual-user", "", "550", "failed",
    "550 vdeliver: Invalid or unknown virtual user (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/badrcptto", "", "553", "failed",
    "553 sorry, badrcptto (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/badrecipientto", "", "553", "failed",
    "553 This recipient is in my badrecipientto list (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/validrcptto", "", "553", "failed",
    "553 This recipient is not in my validrcptto list (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/user-was-not-found", "", "550", "failed",
    "550 User nina was not found (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/recipient-was-not-found", "", "550", "failed",
    "550 Recipient nina@example.net was not found in the directory (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/italian", "", "550", "failed",
    "550 Nessun utente simile in questo indirizzo (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/spanish-person", "", "550", "failed",
    "550 No existe dicha persona (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/spanish-user", "", "550", "failed",
    "550 No existe ese usuario (in reply to RCPT TO command)",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/wording/unroutable", "", "550", "failed",
    "550 Unroutable address",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN },
  { "/classifier/wording/domain-mentioned", "", "550", "failed",
    "550 Mail domain mentioned in email address is unknown",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN },
  { "/classifier/wording/recipient-domain", "", "550", "failed",
    "550 Recipient domain must exist",
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_DOMAIN_UNKNOWN },
  { "/classifier/wording/archived", "", "550", "failed",
    "550 Archived recipient",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/classifier/wording/orange-archived", "5.1.1", "550", "failed",
    "550 5.1.1 Boite du destinataire archivee",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/classifier/wording/terminated", "", "550", "failed",
    "550 nina@example.net is unavailable: user is terminated",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/classifier/wording/temporarily-inactive", "", "550", "failed",
    "550 Recipient rejected: Temporarily inactive",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/classifier/wording/suspend-service", "", "550", "failed",
    "550 Recipient suspend the service",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/classifier/wording/domain-disabled", "", "550", "failed",
    "550 User or domain is disabled",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/classifier/wording/host-name-lookup", "", "550", "failed",
    "550 Host name lookup failure",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_NETWORK_ERROR },
  { "/classifier/wording/resolve-route", "", "550", "failed",
    "550 Unable to resolve route for example.net",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_NETWORK_ERROR },
  { "/classifier/wording/unrouteable-domain", "", "550", "failed",
    "550 Unrouteable mail domain example.net",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_NETWORK_ERROR },
  { "/classifier/wording/host-unreachable", "", "550", "failed",
    "550 Host is unreachable",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_NETWORK_ERROR },
  { "/classifier/wording/forwarding-loop", "", "554", "failed",
    "554 Mail forwarding loop for nina@example.net",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/classifier/wording/looping", "", "554", "failed",
    "554 Message looping",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/classifier/wording/no-space", "", "451", "failed",
    "451 No space left on device",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/classifier/wording/ses-throttling", "", "554", "failed",
    "554 Throttling failure: Daily message quota exceeded.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/wording/authentication-failure", "", "535", "failed",
    "535 Authentication failure",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/classifier/wording/authentication-credentials", "5.7.8", "535", "failed",
    "535 5.7.8 Authentication credentials invalid",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/classifier/wording/authentication-turned-on", "", "550", "failed",
    "550 Please turn SMTP authentication turned on in your email client",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/classifier/wording/authentication-level", "5.7.515", "550", "failed",
    "550 5.7.515 Access denied, sending domain example.org doesn't meet the required authentication level.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/classifier/wording/authentification-invalide", "", "535", "failed",
    "535 Authentification invalide OFR_305",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/classifier/wording/authentification-requise", "", "550", "failed",
    "550 Authentification requise OFR_402",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED },
  { "/classifier/wording/forward-dns", "", "550", "failed",
    "550 The corresponding forward DNS entry does not point to the sending IP.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/unresolvable-relay", "", "450", "failed",
    "450 Unresolvable relay host name",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/unverifyable-ip", "", "550", "failed",
    "550 This service permits no unverifyable sending IPs",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/as-a-relay", "", "550", "failed",
    "550 We do not accept mail as a relay",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RELAY_DENIED },
  { "/classifier/wording/insecure-relay", "", "550", "failed",
    "550 Insecure mail relay",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RELAY_DENIED },
  { "/classifier/wording/open-relay", "", "550", "failed",
    "550 This is not an open relay, so get lost",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RELAY_DENIED },
  { "/classifier/wording/configured-to-relay", "5.7.1", "550", "failed",
    "550 5.7.1 This system is not configured to relay mail",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RELAY_DENIED },
  { "/classifier/wording/non-local-address", "", "530", "failed",
    "530 This mail server requires authentication when attempting to send to a non-local e-mail address.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RELAY_DENIED },
  { "/classifier/wording/rcpthosts", "", "553", "failed",
    "553 sorry, that domain isn't in my list of allowed rcpthosts",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RELAY_DENIED },
  { "/classifier/wording/handle-mail", "", "550", "failed",
    "550 We don't handle mail for example.net",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RELAY_DENIED },
  { "/classifier/wording/not-a-gateway", "", "550", "failed",
    "550 Not a gateway",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RELAY_DENIED },
  { "/classifier/wording/connection-limit", "", "421", "failed",
    "421 All available IPs are at maximum connection limit",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/wording/per-domain-limit", "", "421", "failed",
    "421 Exceeds per-domain connection limit for example.org",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/wording/emails-per-hour", "", "550", "failed",
    "550 The sender has exceeded the max emails per hour",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/wording/smtp-sessions", "", "421", "failed",
    "421 Too many SMTP sessions for this host",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/wording/trop-de-connexions", "", "421", "failed",
    "421 Trop de connexions, veuillez essayer plus tard",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/wording/try-again-slower", "4.7.1", "451", "failed",
    "451 4.7.1 Client host rejected: Please try again slower",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/executable-attachment", "", "552", "failed",
    "552 The message was blocked because it has a potentially executable attachment",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_VIRUS },
  { "/classifier/wording/gmail-rfc", "5.7.1", "550", "failed",
    "550 5.7.1 This message is not RFC 5322 compliant. https://support.google.com/mail/?p=RfcMessageNonCompliant",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/duplicate-header", "", "554", "failed",
    "554 Duplicate header: Subject",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/header-size", "", "552", "failed",
    "552 Header size exceeds maximum permitted",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/8-bit-header", "", "550", "failed",
    "550 Improper use of 8-bit data in message header",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/mime-headers", "5.6.211", "550", "failed",
    "550 5.6.211 This message contain invalid MIME headers",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/binary-content", "5.6.211", "550", "failed",
    "550 5.6.211 This message contain improperly-formatted binary content",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/base64-text", "5.6.211", "550", "failed",
    "550 5.6.211 This message contain text that uses unnecessary base64 encoding",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/failed-to-deliver-domain", "", "554", "failed",
    "554 Failed to deliver to domain example.net for 5 days",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_EXPIRED },
  { "/classifier/wording/failing-long-time", "", "554", "failed",
    "554 Deliveries to this domain have been failing for a long time",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_EXPIRED },
  { "/classifier/wording/not-collected", "", "554", "failed",
    "554 The message was returned because it has not been collected after 5 days",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_EXPIRED },
  { "/classifier/wording/multiple-retries", "", "554", "failed",
    "554 Unable to deliver message after multiple retries",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_EXPIRED },
  { "/classifier/wording/queue-period", "", "554", "failed",
    "554 The host was not reachable within the allowed queue period",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_EXPIRED },
  { "/classifier/wording/more-than-days", "", "554", "failed",
    "554 Your message could not be delivered for more than 5 days",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_EXPIRED },
  { "/classifier/wording/for-days", "", "554", "failed",
    "554 The message could not be delivered for 4 days",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_EXPIRED },
  { "/classifier/wording/server-did-not-respond", "", "554", "failed",
    "554 The recipient's server did not respond",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_NETWORK_ERROR },
  { "/classifier/wording/user-output-file", "", "554", "failed",
    "554 Can't create user output file",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/classifier/wording/drd", "", "554", "failed",
    "554 Could not load DRD for domain example.net",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/classifier/wording/interrupted-call", "", "451", "failed",
    "451 Interrupted system call",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/classifier/wording/processing-error", "", "554", "failed",
    "554 The message could not be delivered because it encountered an error while being processed",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/classifier/wording/mx-loop", "", "554", "failed",
    "554 A loop was found in the mail exchanger list",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/classifier/wording/queue-write", "", "451", "failed",
    "451 Queue file write error",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/classifier/wording/no-mdb", "", "451", "failed",
    "451 Recipient deferred because there is no Mdb",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/classifier/wording/misconfigured", "", "554", "failed",
    "554 The remote server is misconfigured",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/classifier/wording/system-config", "", "451", "failed",
    "451 System config error",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/classifier/wording/local-problem", "", "451", "failed",
    "451 Temporary local problem, please try later",
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_SYSTEM_ERROR },
  { "/classifier/wording/yahoo-unresolvable-from", "", "451", "failed",
    "451 Message temporarily deferred due to unresolvable RFC.5321 from domain.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/from-domain-invalid", "", "550", "failed",
    "550 example.org From: Domain is invalid. Provide a valid From:",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/bounce-attack", "", "550", "failed",
    "550 Suspected bounce attacks",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_POLICY },
  { "/classifier/wording/too-many-sessions", "", "421", "failed",
    "421 Connection refused, too many sessions from this IP. Lower the number of concurrent sessions.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/wording/bad-commands", "", "421", "failed",
    "421 Too many bad commands from 192.0.2.1",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/wording/messages-per-session", "", "550", "failed",
    "550 This message has exceeded the max number of messages per session.",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/wording/message-per-connection", "", "421", "failed",
    "421 Max message per connection reached, closing transmission channel",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/wording/message-threshold", "", "452", "failed",
    "452 Message threshold exceeded",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
  { "/classifier/wording/receiving-frequency", "", "550", "failed",
    "550 Frequency of receiving messages is limited",
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_RATE_LIMITED },
};

static void
test_case (gconstpointer user_data)
{
  const ClassifyCase *c = user_data;
  const char *reason = NULL;
  BounceCategory category;

  category = bounce_classify (c->status, c->reply_code, c->action, c->diagnostic, &reason);

  g_assert_cmpstr (bounce_category_to_string (category), ==, bounce_category_to_string (c->category));
  g_assert_cmpstr (reason, ==, c->reason);
  g_assert_nonnull (bounce_reason_get_description (reason));
}

static void
test_null_arguments (void)
{
  const char *reason = NULL;

  g_assert_cmpint (bounce_classify (NULL, NULL, NULL, NULL, &reason), ==, BOUNCE_CATEGORY_UNKNOWN);
  g_assert_cmpstr (reason, ==, BOUNCE_REASON_UNDETERMINED);
  g_assert_cmpint (bounce_classify ("5.1.1", NULL, NULL, NULL, NULL), ==, BOUNCE_CATEGORY_HARD);
}

static void
test_reason_descriptions (void)
{
  static const char * const reasons[] = {
    BOUNCE_REASON_MAILBOX_UNKNOWN, BOUNCE_REASON_DOMAIN_UNKNOWN, BOUNCE_REASON_MAILBOX_MOVED,
    BOUNCE_REASON_MAILBOX_FULL, BOUNCE_REASON_MAILBOX_DISABLED, BOUNCE_REASON_MESSAGE_TOO_LARGE,
    BOUNCE_REASON_SPAM_BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, BOUNCE_REASON_REPUTATION,
    BOUNCE_REASON_RATE_LIMITED, BOUNCE_REASON_POLICY, BOUNCE_REASON_RELAY_DENIED,
    BOUNCE_REASON_VIRUS, BOUNCE_REASON_FILTERED, BOUNCE_REASON_SYSTEM_ERROR, BOUNCE_REASON_SENDER_SIDE,
    BOUNCE_REASON_GREYLISTED,
    BOUNCE_REASON_NETWORK_ERROR, BOUNCE_REASON_EXPIRED, BOUNCE_REASON_SYNTAX_ERROR,
    BOUNCE_REASON_SPAM_COMPLAINT, BOUNCE_REASON_AUTO_REPLY, BOUNCE_REASON_DELAYED,
    BOUNCE_REASON_DELIVERED, BOUNCE_REASON_UNREADABLE, BOUNCE_REASON_NONE,
    BOUNCE_REASON_UNDETERMINED,
  };

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      const char *description = bounce_reason_get_description (reasons[i]);

      g_assert_nonnull (description);
      g_assert_true (g_str_has_suffix (description, "."));
    }
  g_assert_null (bounce_reason_get_description ("no-such-reason"));
}

/* A 4xx refusal with the words of an unknown address is a soft bounce,
 * and its description says so instead of calling the address dead. */
static void
test_reason_description_soft (void)
{
  const char *reason = NULL;
  BounceCategory category = bounce_classify ("4.7.0", "421", "failed", "421 4.7.0 user unknown", &reason);
  const char *description = bounce_reason_get_description_for (reason, category);

  g_assert_cmpint (category, ==, BOUNCE_CATEGORY_SOFT);
  g_assert_cmpstr (reason, ==, BOUNCE_REASON_MAILBOX_UNKNOWN);
  g_assert_nonnull (strstr (description, "temporary"));
  g_assert_cmpstr (description, !=, bounce_reason_get_description (reason));

  g_assert_cmpstr (bounce_reason_get_description_for (BOUNCE_REASON_MAILBOX_UNKNOWN, BOUNCE_CATEGORY_HARD),
                   ==, bounce_reason_get_description (BOUNCE_REASON_MAILBOX_UNKNOWN));
  g_assert_cmpstr (bounce_reason_get_description_for (BOUNCE_REASON_MAILBOX_FULL, BOUNCE_CATEGORY_SOFT),
                   ==, bounce_reason_get_description (BOUNCE_REASON_MAILBOX_FULL));
}

/* Normalizing drops the code that a multi-line reply repeats on each
 * line, but keeps the first one and codes that are not repeats. */
static void
test_normalize_multi_line (void)
{
  static const struct
  {
    const char *text;
    const char *normalized;
  } normalize_cases[] = {
    { "550-5.7.1 Message\n550-5.7.1 refused.\n550 5.7.1 See the help page", "550-5.7.1 message refused. see the help page" },
    { "451-Greylisted,\n451-please retry", "451-greylisted, please retry" },
    { "said: 550 5.1.1 Unknown user; 450 4.2.2 later", "said: 550 5.1.1 unknown user; 450 4.2.2 later" },
    { "call 555-1234 or 555-1234", "call 555-1234 or 555-1234" },
    { "550-5.1.1 a 550-5.2.1 b", "550-5.1.1 a 550-5.2.1 b" },
    { "550-5.7.10 a 550 5.7.1 b", "550-5.7.10 a 550 5.7.1 b" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (normalize_cases); i++)
    {
      g_autofree char *normalized = _bounce_phrases_normalize (normalize_cases[i].text);

      g_assert_cmpstr (normalized, ==, normalize_cases[i].normalized);
    }
}

/* A soft rate limit is on the recipient's side, so its description does
 * not blame this sender's volume as a block's does. */
static void
test_reason_description_soft_rate (void)
{
  const char *soft = bounce_reason_get_description_for (BOUNCE_REASON_RATE_LIMITED, BOUNCE_CATEGORY_SOFT);
  const char *blocked = bounce_reason_get_description_for (BOUNCE_REASON_RATE_LIMITED, BOUNCE_CATEGORY_BLOCKED);

  g_assert_nonnull (strstr (soft, "recipient’s mailbox"));
  g_assert_null (strstr (soft, "this sender"));
  g_assert_nonnull (strstr (blocked, "this sender"));
}

static void
test_status_codes (void)
{
  static const char * const reply_codes[] = {
    "211", "214", "220", "221", "250", "251", "252", "354", "421", "432", "450", "451",
    "452", "454", "455", "500", "501", "502", "503", "504", "521", "530", "534", "535",
    "538", "550", "551", "552", "553", "554", "555", "556",
  };
  const BounceStatusCode *code;

  for (guint i = 0; i < G_N_ELEMENTS (reply_codes); i++)
    {
      code = bounce_status_code_lookup (reply_codes[i]);
      g_assert_nonnull (code);
      g_assert_cmpstr (code->code, ==, reply_codes[i]);
      g_assert_cmpstr (code->title, !=, "");
      g_assert_cmpstr (code->meaning, !=, "");
      g_assert_cmpstr (code->action, !=, "");
      g_assert_cmpstr (code->source, !=, "");
    }

  for (guint subject = 0; subject <= 7; subject++)
    {
      g_autofree char *key = g_strdup_printf ("5.%u.0", subject);

      code = bounce_status_code_lookup (key);
      g_assert_nonnull (code);
      g_assert_cmpstr (code->code, ==, key);
    }

  code = bounce_status_code_lookup ("5.1.1");
  g_assert_cmpint (code->category, ==, BOUNCE_CATEGORY_HARD);
  g_assert_true (g_str_has_prefix (code->source, "RFC 3463"));
  code = bounce_status_code_lookup ("4.1.1");
  g_assert_cmpint (code->category, ==, BOUNCE_CATEGORY_SOFT);
  code = bounce_status_code_lookup ("2.1.5");
  g_assert_cmpint (code->category, ==, BOUNCE_CATEGORY_DELIVERED);
  code = bounce_status_code_lookup ("5.7.30");
  g_assert_cmpstr (code->code, ==, "5.7.30");

  /* Fallbacks by class and subject. */
  g_assert_cmpstr (bounce_status_code_lookup ("5.7.606")->code, ==, "5.7.0");
  g_assert_cmpstr (bounce_status_code_lookup ("5.9.1")->code, ==, "5.0.0");
  g_assert_cmpstr (bounce_status_code_lookup ("599")->code, ==, "5xx");
  g_assert_null (bounce_status_code_lookup ("9.9.9"));
  g_assert_null (bounce_status_code_lookup ("abc"));
  g_assert_null (bounce_status_code_lookup (""));
}

typedef struct
{
  const char          *path;
  BounceClassifyInput  input;
  BounceCategory       category;
  const char          *reason;
} ContextCase;

static const ContextCase context_cases[] = {
  /* Postfix's notice names the command the DSN fields leave out. */
  { "/classifier/context/5.2.1-at-rcpt",
    { "5.2.1", "550", "failed", "550 5.2.1 <nina@example.com>... User Unknown",
      "<nina@example.com>: host mx.example.com[192.0.2.1] said: 550 5.2.1 <nina@example.com>... User Unknown (in reply to RCPT TO command)",
      NULL },
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/context/5.2.1-after-data",
    { "5.2.1", "550", "failed", "550 5.2.1 <nina@example.com>... User Unknown",
      "... while talking to mx.example.com.: >>> DATA <<< 550 5.2.1 <nina@example.com>... User Unknown",
      NULL },
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },
  /* Postfix writes 5.0.0 for a reply without an enhanced code, so the
   * address must be quoted as at RCPT TO for the reply to be about it. */
  { "/classifier/next-hop/5.0.0-address-in-brackets",
    { "5.0.0", "550", "failed", "550 <nina@example.net>: Requested action not taken: mailbox unavailable",
      NULL, NULL, NULL, "nina@example.net", "mx.example.net" },
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
  { "/classifier/next-hop/5.0.0-address-in-sentence",
    { "5.0.0", "550", "failed", "550 Mailbox nina@example.net is unavailable: user not found",
      NULL, NULL, NULL, "nina@example.net", "mx.example.net" },
    BOUNCE_CATEGORY_BLOCKED, BOUNCE_REASON_FILTERED },
  { "/classifier/next-hop/no-status-address-in-sentence",
    { NULL, "550", "failed", "550 Mailbox nina@example.net is unavailable: user not found",
      NULL, NULL, NULL, "nina@example.net", "mx.example.net" },
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },

  /* The reply relayed by Microsoft 365 names the address, and the DSN
   * names the server that gave it. */
  { "/classifier/relayed/next-hop-names-address",
    { "5.1.351", "550", "failed",
      "550 5.1.351 Remote server returned unknown recipient or mailbox unavailable -> 550 Unknown user nina@example.net",
      NULL, NULL, NULL, "nina@example.net", "mx.example.net" },
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },

  /* The notice of a sole recipient names a softer cause. */
  { "/classifier/notice/disabled",
    { "5.0.0", "550", "failed", "<nina@example.jp>: 550 user unknown (in reply to RCPT TO command)", NULL,
      "The user(s) account is disabled.\n\n<nina@example.jp>: 550 user unknown (in reply to RCPT TO command)" },
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_DISABLED },
  { "/classifier/notice/disk-space",
    { "5.1.1", "550", "failed", "550 5.1.1 <nina@example.jp>... User Unknown", NULL,
      "Your message to <nina> was automatically rejected:\nNot enough disk space" },
    BOUNCE_CATEGORY_SOFT, BOUNCE_REASON_MAILBOX_FULL },
  { "/classifier/notice/silent",
    { "5.1.1", "550", "failed", "550 5.1.1 <nina@example.jp>... User Unknown", NULL,
      "This message could not be delivered." },
    BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN },
};

static void
test_context_case (gconstpointer user_data)
{
  const ContextCase *c = user_data;
  const char *reason = NULL;
  BounceCategory category;

  category = _bounce_classify_input (&c->input, &reason);

  g_assert_cmpstr (bounce_category_to_string (category), ==, bounce_category_to_string (c->category));
  g_assert_cmpstr (reason, ==, c->reason);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (cases[i].path, &cases[i], test_case);
  for (guint i = 0; i < G_N_ELEMENTS (context_cases); i++)
    g_test_add_data_func (context_cases[i].path, &context_cases[i], test_context_case);
  g_test_add_func ("/classifier/null-arguments", test_null_arguments);
  g_test_add_func ("/classifier/reason-descriptions", test_reason_descriptions);
  g_test_add_func ("/classifier/reason-description-soft", test_reason_description_soft);
  g_test_add_func ("/classifier/reason-description-soft-rate", test_reason_description_soft_rate);
  g_test_add_func ("/classifier/normalize/multi-line", test_normalize_multi_line);
  g_test_add_func ("/classifier/status-codes", test_status_codes);

  return g_test_run ();
}

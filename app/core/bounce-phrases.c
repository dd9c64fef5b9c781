/* bounce-phrases.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-phrases"

#include "config.h"

#include <string.h>

#include "bounce-phrases-private.h"
#include "bounce-reason.h"

#define HARD    BOUNCE_CATEGORY_HARD
#define SOFT    BOUNCE_CATEGORY_SOFT
#define BLOCKED BOUNCE_CATEGORY_BLOCKED

/* Every server phrase that decides a verdict, in order of precedence: when
 * several occur in one text, the earliest row wins. The groups are:
 *   1. provider texts whose meaning differs from their code;
 *   2. full mailboxes and oversized messages, which some servers send
 *      with X.1.1 (qmail's "over quota (#5.1.1)");
 *   3. refusals aimed at the sender (block lists, spam filters,
 *      authentication, reputation, relaying, rate limits, viruses), which
 *      come before "user unknown" because a false hard verdict deletes a
 *      live contact while a false block verdict keeps it;
 *   4. addresses and domains that do not exist, and moved mailboxes;
 *   5. disabled accounts: soft, because a disabled account exists and may
 *      come back, and the reference tools (sisimai) call it soft;
 *   6. expiry, network and system trouble;
 *   7. the weakest words ("rejected", "denied", "policy").
 * Weak rows only decide when the status code does not: "Recipient address
 * rejected" with 5.1.1 is an unknown user. Specific rows are one
 * provider's exact wording and are trusted without further evidence.
 * Vague rows do not say what is missing ("does not exist"), so an X.7.x
 * code, which means a policy rejection, outweighs them. "550 5.7.1 Your
 * message does not exist in our allow list" rejects the sender. A block
 * phrase later in the table that states a cause outweighs them too (see
 * _bounce_phrases_match()). Bare rows refuse without a cause
 * ("rejected"), so they outweigh nothing.
 * Patterns are lower-case with single spaces (see
 * _bounce_phrases_normalize()), and a '*' in one stands for one word. */
static const BouncePhrase phrases[] = {
  /* 1. Provider texts that override their code. */
  /* Refusals of the sender's own account and faults of the sending
   * server. A relay that suspends or limits the sending account (a sending
   * service after complaints, Microsoft 365 after a compromise) refuses
   * every recipient of every campaign alike. These rows come before
   * "suspended", "account is disabled" and "quota exceeded", which would
   * count a soft bounce for each recipient. */
  { "sender account", BLOCKED, BOUNCE_REASON_SENDER_SIDE, "relays and sending services: \"Sender account suspended\", \"Sender account is disabled\"" },
  { "sending account", BLOCKED, BOUNCE_REASON_SENDER_SIDE, "relays and sending services: the sending account is suspended, blocked or over its limits" },
  { "your account", BLOCKED, BOUNCE_REASON_SENDER_SIDE, "relays speak to the sender: \"Your account is disabled\", \"Too many messages from your account\"" },
  { "disabled for sending", BLOCKED, BOUNCE_REASON_SENDER_SIDE, "relays: \"Account disabled for sending\"" },
  { "suspended for sending", BLOCKED, BOUNCE_REASON_SENDER_SIDE, "relays: the sending account is suspended" },
  { "outgoing quota", BLOCKED, BOUNCE_REASON_SENDER_SIDE, "relays: the sending account's quota of outgoing mail" },
  { "outgoing * quota", BLOCKED, BOUNCE_REASON_SENDER_SIDE, "relays: \"Outgoing mail quota exceeded\"" },
  /* Amazon SES rejects every message of an account whose sending is
   * paused, whose From address it has not verified, or which has no SES
   * subscription. */
  { "sending paused", BLOCKED, BOUNCE_REASON_SENDER_SIDE, "Amazon SES: \"Sending paused for this account\"" },
  { "email address is not verified", BLOCKED, BOUNCE_REASON_SENDER_SIDE, "Amazon SES: the sender's From address is not a verified identity" },
  { "account not subscribed to ses", BLOCKED, BOUNCE_REASON_SENDER_SIDE, "Amazon SES: the sending account has no SES subscription" },
  /* Postfix writes "loops back to myself" and Sendmail "mail loops back
   * to me (MX problem?)" when the recipient domain's MX host is the
   * sending server itself, which is not set up to take that domain's
   * mail. */
  { "loops back to myself", BLOCKED, BOUNCE_REASON_SENDER_SIDE, "Postfix: the MX host is the sending server itself" },
  { "loops back to me", BLOCKED, BOUNCE_REASON_SENDER_SIDE, "Sendmail: the MX host is the sending server itself" },
  { "local configuration error", BLOCKED, BOUNCE_REASON_SENDER_SIDE, "Sendmail: the sending server's own configuration" },
  { "unknown mail transport error", BLOCKED, BOUNCE_REASON_SENDER_SIDE, "Postfix: the sending server's master.cf lacks a transport its tables name" },
  /* Microsoft 365 sends the same text with 5.7.504, and "banned
   * recipient" with 5.7.505. Its NDR reference calls such an address not
   * valid, but sisimai 5.1 calls both "suspend", and a false hard verdict
   * deletes a live contact, so these stay soft. */
  { "5.7.504 recipient address rejected", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Microsoft 365 550 5.7.504: Recipient address rejected: Access denied" },
  { "5.7.504 * recipient address rejected", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Microsoft 365 550 5.7.504 with the address before the text" },
  { "banned recipient", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Microsoft 365 550 5.7.505: Access denied, banned recipient" },
  { "recipient address rejected: access denied", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Microsoft 365: 550 5.4.1 for an address the tenant does not have", FALSE, TRUE },
  { "recipientnotfound", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Microsoft Exchange Online 5.1.10", FALSE, TRUE },
  /* Mimecast links its own page of reply codes after the reply. It sends
   * "550 Invalid Recipient" when its directory has no such internal user
   * and the customer chose to reject rather than defer such mail. */
  { "invalid recipient - https://community.mimecast.com", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Mimecast 550: no such user in the customer's directory", FALSE, TRUE },
  { "ofr_506", BLOCKED, BOUNCE_REASON_REPUTATION, "Orange: sending IP refused for reputation" },
  { "ofr_999", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "Orange 421 OFR_999: the sending host is refused for now for the way it sends, not for the address (sisimai's table of Orange codes)" },
  /* Orange and La Poste send the same text for several codes (OFR_103,
   * LPN_510 and OFR_999 in sisimai's table of Orange codes). Each rejects
   * the sending host, except code 505, a temporary fault of their own
   * servers that they send with 421 4.2.0 after DATA. */
  { "_505", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "Orange and La Poste 421 4.2.0 OFR005_505: a temporary fault at the receiving end" },
  { "service refused, please try later", BLOCKED, BOUNCE_REASON_REPUTATION, "Orange and La Poste: \"Service refuse. Veuillez essayer plus tard. Service refused, please try later.\"" },
  /* NetEase links its page about spam after every refusal, also after
   * "User suspended", so this row comes before "spam". */
  { "user suspended", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "NetEase (163.com): the recipient's account is suspended" },
  /* Cox names the cause with a code after "AUP#" (Cox postmaster's
   * table, as sisimai 5.1 lists it). */
  { "aup#cxsndr", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "Cox CXSNDR: the sender's domain failed SPF or DKIM" },
  { "aup#cxdns", BLOCKED, BOUNCE_REASON_POLICY, "Cox CXDNS: the sending IP has no working reverse DNS" },
  { "aup#cxcnct", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "Cox CXCNCT: too many connections from the sending IP" },
  { "aup#cxmxrt", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "Cox CXMXRT: the sender sent to too many recipients" },
  { "aup#cxthrt", BLOCKED, BOUNCE_REASON_SENDER_SIDE, "Cox CXTHRT: sending limited for suspicious account activity" },
  { "aup#cxmj", BLOCKED, BOUNCE_REASON_SENDER_SIDE, "Cox CXMJ: sending blocked for suspicious account activity" },
  { "aup#ipbl", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Cox IPBL: the sending IP is on a block list" },
  { "aup#urlbl", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Cox URLBL: a link in the message is on a block list" },
  { "a problem occurred. (ask your postmaster for help or to contact", BLOCKED, BOUNCE_REASON_REPUTATION, "T-Online 554, whatever the DSN status: the receiving servers refuse a sending host with a bad or unknown reputation (T-Online to spamresource.com, June 2020)" },
  { "(s3150)", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Microsoft: sending network on the block list" },
  { "(s3140)", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Microsoft: sending network on the block list" },
  { "banned sending ip", BLOCKED, BOUNCE_REASON_REPUTATION, "Microsoft 5.7.606-649" },
  { "banned sender", BLOCKED, BOUNCE_REASON_POLICY, "Microsoft 5.7.511" },
  { "traffic not accepted from this ip", BLOCKED, BOUNCE_REASON_REPUTATION, "Microsoft 5.7.708" },
  { "too much mail from", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "iCloud 450 4.7.1: the sending host's volume, not a full mailbox" },
  { "frequency limited", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "QQ Mail: too many messages or connections from the sending IP or domain" },
  { "rate limited due to ip reputation", BLOCKED, BOUNCE_REASON_REPUTATION, "Microsoft 451 4.7.650" },
  { "did not pass dmarc", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "Microsoft 5.7.509" },
  { "does not pass dmarc", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "Microsoft 5.7.509" },
  { "[ts01]", BLOCKED, BOUNCE_REASON_REPUTATION, "Yahoo: deferred, the sending IP has too little history" },
  { "[ts02]", BLOCKED, BOUNCE_REASON_REPUTATION, "Yahoo: deferred for user complaints" },
  { "[ts03]", BLOCKED, BOUNCE_REASON_REPUTATION, "Yahoo: all messages from the sending IP permanently deferred" },
  { "[tss02]", BLOCKED, BOUNCE_REASON_REPUTATION, "Yahoo: deferred for complaints or an unverified sending IP" },
  { "[tss04]", BLOCKED, BOUNCE_REASON_REPUTATION, "Yahoo: deferred for volume or complaints" },
  { "[tss09]", BLOCKED, BOUNCE_REASON_REPUTATION, "Yahoo: permanently deferred" },
  { "[tss11]", BLOCKED, BOUNCE_REASON_REPUTATION, "Yahoo: permanently deferred" },
  { "[bl21]", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Yahoo: sending IP on the Spamhaus list" },
  { "[bl23]", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Yahoo: sending IP on a block list" },
  { "[ph01]", BLOCKED, BOUNCE_REASON_POLICY, "Yahoo: not accepted for policy reasons" },
  /* Yahoo sends its text without the tag too, and with 5.7.9, whose
   * meaning in RFC 4954 (a login method too weak) does not apply. */
  { "not accepted for policy reasons", BLOCKED, BOUNCE_REASON_POLICY, "Yahoo 554 5.7.9: not accepted for policy reasons" },
  { "554.30", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Yahoo/AOL: mailbox disabled" },
  /* AOL sends it with 521 5.2.1. Neither a host that takes no mail nor a
   * disabled mailbox applies, because AOL refused this message or its
   * sender. */
  { "will not accept delivery of this message", BLOCKED, BOUNCE_REASON_POLICY, "AOL 521 5.2.1: a refusal of the message or its sender" },
  { "dd this user doesn't have a", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Yahoo/AOL: 554 delivery error: dd This user doesn't have a ... account", FALSE, TRUE },
  { "dd not a valid recipient", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Yahoo/AOL: 554 delivery error: dd Not a valid recipient", FALSE, TRUE },
  { "the recipient name is not recognized", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Microsoft Exchange 2003", FALSE, TRUE },
  { "because the address couldn't be found", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Gmail and Google Workspace", FALSE, TRUE },
  /* Gmail's notice for a recipient domain that has no DNS records; a
   * lookup that may pass later (SERVFAIL) is only a network error. */
  { "because the domain * couldn't be found", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "Gmail and Google Workspace: the recipient's domain has no DNS records", FALSE, TRUE },
  { "responded with code servfail", SOFT, BOUNCE_REASON_NETWORK_ERROR, "Gmail: the recipient domain's DNS servers failed to answer" },
  /* A DNS lookup that failed for now proves nothing about the domain,
   * whatever code the sending server puts on it (5.4.4, 5.1.2). Only
   * NXDOMAIN, "no such domain", means that the domain does not exist. */
  { "servfail", SOFT, BOUNCE_REASON_NETWORK_ERROR, "DNS response code 2, server failure (RFC 1035 section 4.1.1): the domain's name servers did not answer" },
  { "temporary failure in name resolution", SOFT, BOUNCE_REASON_NETWORK_ERROR, "glibc's message for EAI_AGAIN: a DNS lookup that may pass later" },
  { "dns failures prevent authentication", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "Gmail 451 4.7.26: DMARC of the sender's domain could not be checked for now" },
  { "temporary dns failure", SOFT, BOUNCE_REASON_NETWORK_ERROR, "a DNS lookup that may pass later" },
  { "command output:", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "Postfix: the local delivery program failed" },
  { "procmail:", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "procmail, the local delivery agent, failed: its \"No such user\" names a local account, not the address" },
  { "maildrop:", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "maildrop, the local delivery agent, failed" },
  { "generated during the delivery", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "Exim: a pipe or filter command failed during local delivery" },
  { "local delivery failed", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "Exim: the local delivery program or pipe failed" },
  { "remote protocol error", BLOCKED, BOUNCE_REASON_POLICY, "Sendmail V5: the session broke off, usually after a refusal of the sender; the address was never checked" },
  { "host not found, try again", SOFT, BOUNCE_REASON_NETWORK_ERROR, "Postfix: a temporary DNS failure" },
  { "did not accept our requests to connect", SOFT, BOUNCE_REASON_NETWORK_ERROR, "Gmail: the recipient's server refused or dropped every connection" },
  { "groups.google.com/support", BLOCKED, BOUNCE_REASON_POLICY, "Google Groups, any language: the group does not exist or takes no posts from the sender" },
  { "after initial connection", BLOCKED, BOUNCE_REASON_POLICY, "Exim: refused in the server's greeting, which blocks the sending host" },
  { "my name was rejected", BLOCKED, BOUNCE_REASON_POLICY, "qmail: the server refused the sending host's HELO name" },
  { "mismatches client ip", BLOCKED, BOUNCE_REASON_POLICY, "Microsoft: the HELO domain does not match the sending IP" },
  { "invalid ip for sending mail", BLOCKED, BOUNCE_REASON_POLICY, "the sending IP is not allowed for the sender's domain" },
  { "not accepting connections", BLOCKED, BOUNCE_REASON_POLICY, "iCloud: the server refuses this sending host" },
  { "turn on smtp authentication", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "Symantec MessageLabs: the sender must log in" },
  { "refused to talk to me", BLOCKED, BOUNCE_REASON_POLICY, "Postfix: the server refused the session in its greeting, which blocks the sending host" },
  { "delivery temporarily suspended", SOFT, BOUNCE_REASON_NETWORK_ERROR, "Postfix: the destination failed before and is not tried for now" },
  { "is no longer valid", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Yahoo/AOL: mailbox disabled" },
  { "[hme1]", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "iCloud: failed SPF and DKIM" },
  { "[cs01]", BLOCKED, BOUNCE_REASON_POLICY, "iCloud: local policy" },
  { "no longer on server", HARD, BOUNCE_REASON_MAILBOX_MOVED, "iCloud 550 5.1.6", FALSE, TRUE },
  /* Not marked specific: Gmail sends it with 5.1.1, which proves it, and
   * other servers quote it under 5.0.0 for mail their filter refused. */
  { "account that you tried to reach does not exist", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Gmail 550 5.1.1" },
  { "account that you tried to reach is disabled", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Gmail 550 5.2.1" },
  { "account that you tried to reach is inactive", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Gmail 550 5.2.1" },
  /* Gmail limits the mail that one mailbox receives from all senders.
   * With 450 4.2.1 both wordings are soft, like Microsoft's 5.2.122.
   * NOTE: with 550 5.2.1 the first wording stays a block, because sisimai
   * 5.1 calls that "speeding", a block, but then the explanation blames
   * this sender's volume. */
  { "receiving mail at a rate", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "Gmail 550 5.2.1 and 450 4.2.1", FALSE, FALSE, FALSE, FALSE, TRUE },
  { "receiving mail too quickly", SOFT, BOUNCE_REASON_RATE_LIMITED, "Gmail 450 4.2.1: the recipient's mailbox receives too much mail" },
  { "unusual rate of unsolicited mail", BLOCKED, BOUNCE_REASON_REPUTATION, "Gmail 550 5.7.28" },
  { "out of storage space", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Gmail 552 5.2.2" },
  { "not listed in domino directory", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "IBM Domino", FALSE, TRUE },
  { "not listed in public name & address book", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Lotus Notes", FALSE, TRUE },
  { "nicht im domino-verzeichnis", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "IBM Domino, German: not listed in the Domino directory", FALSE, TRUE },
  { "ne figure pas dans l'annuaire domino", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "IBM Domino, French: not listed in the Domino directory", FALSE, TRUE },
  { "ディレクトリには見つかりません", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "IBM Domino, Japanese: not found in the Domino directory", FALSE, TRUE },
  { "ディレクトリのリストにありません", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Lotus Notes, Japanese: not in the directory list", FALSE, TRUE },
  { "recipient preferences", BLOCKED, BOUNCE_REASON_POLICY, "Facebook: refused due to recipient preferences" },
  { "may not have permission to post", BLOCKED, BOUNCE_REASON_POLICY, "Google Groups: posting not allowed" },
  { "indicated no smtp service", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "Exim: null MX or SRV record", FALSE, TRUE },
  { "wasn't found at the destination domain", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Microsoft 365 5.1.10", FALSE, TRUE },
  { "wasn’t found at the destination domain", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Microsoft 365 5.1.10", FALSE, TRUE },
  { "please check if address is correct", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Trend Micro InterScan MSS: the next server refused the address", FALSE, TRUE },
  { "mailbox unavailable or access denied", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Cisco IronPort" },
  /* cPanel's Exim writes the next row's text where Exim writes
   * "Unrouteable address", and quotes it about the sender's address when
   * its sender callout fails, so the callout row comes first. */
  { "sender verify failed", BLOCKED, BOUNCE_REASON_POLICY, "Exim sender callout" },
  { "the account or domain may not exist", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "cPanel's Exim: the recipient's domain cannot be routed", FALSE, TRUE },
  { "weil die adresse nicht gefunden wurde", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Gmail, German: because the address couldn't be found", FALSE, TRUE },
  { "car l'adresse est introuvable", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Gmail, French: because the address couldn't be found", FALSE, TRUE },
  { "porque no se ha encontrado la dirección", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Gmail, Spanish: because the address couldn't be found", FALSE, TRUE },
  { "perché l'indirizzo non è stato trovato", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Gmail, Italian: because the address couldn't be found", FALSE, TRUE },
  { "porque o endereço não foi encontrado", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Gmail, Portuguese: because the address couldn't be found", FALSE, TRUE },
  { "omdat het adres niet is gevonden", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Gmail, Dutch: because the address couldn't be found", FALSE, TRUE },
  { "因为找不到该地址", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Gmail, Chinese: because the address couldn't be found", FALSE, TRUE },
  /* Before "could not be found": a DNS lookup that failed, which may
   * pass, proves nothing about the mailbox. */
  { "dns records for the destination computer could not be found", SOFT, BOUNCE_REASON_NETWORK_ERROR, "Microsoft Exchange: no DNS record for the recipient's domain" },

  /* 2. Full mailboxes and oversized messages. */
  { "sending quota", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "sending services: the sender's own quota" },
  { "throttling failure", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "Amazon SES: the sender's own sending quota or rate" },
  { "relay limit exceeded", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "Google Workspace SMTP relay 450 4.2.1 and 550 5.4.5: the sender's own limit" },
  { "daily limit", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "Microsoft 5.1.90: the sender's daily recipient limit" },
  { "message receive limit", SOFT, BOUNCE_REASON_RATE_LIMITED, "Microsoft 5.2.121: the recipient's hourly limit for one sender" },
  { "messages they can receive", SOFT, BOUNCE_REASON_RATE_LIMITED, "Microsoft 5.2.122: the recipient's hourly limit" },
  { "sending limit", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "sending services: the sender's own quota" },
  { "submission quota", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "Microsoft 365 5.2.2: the sender's mailbox sent to more recipients a day than allowed" },
  { "mailbox full", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "mailbox is full", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "mailbox has exceeded", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "mailbox size limit exceeded", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Postfix local delivery" },
  { "mailbox would exceed", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "mailbox exceeds", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "full mailbox", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "over quota", SOFT, BOUNCE_REASON_MAILBOX_FULL, "qmail, iCloud, Gmail" },
  { "overquota", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "over the quota", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "quota exceeded", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "exceeded quota", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "exceeds quota", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "exceed quota", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "quota full", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "disk quota", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "quota violation", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "exceeded storage", SOFT, BOUNCE_REASON_MAILBOX_FULL, "exceeded storage allocation" },
  { "exceeds the storage", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "storage limit", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "too much mail", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "insufficient disk space", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "not enough space", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "not enough disk space", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Sendmail relays" },
  { "boite du destinataire pleine", SOFT, BOUNCE_REASON_MAILBOX_FULL, "French servers" },
  { "boîte du destinataire pleine", SOFT, BOUNCE_REASON_MAILBOX_FULL, "French servers" },
  { "boite pleine", SOFT, BOUNCE_REASON_MAILBOX_FULL, "French servers" },
  { "boîte pleine", SOFT, BOUNCE_REASON_MAILBOX_FULL, "French servers" },
  { "postfach voll", SOFT, BOUNCE_REASON_MAILBOX_FULL, "German servers" },
  { "postfach ist voll", SOFT, BOUNCE_REASON_MAILBOX_FULL, "German servers" },
  { "speicherplatz", SOFT, BOUNCE_REASON_MAILBOX_FULL, "German servers" },
  { "buzón lleno", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Spanish servers" },
  { "buzon lleno", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Spanish servers" },
  { "casella piena", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Italian servers" },
  { "caixa postal cheia", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Portuguese servers" },
  { "postfach des empfängers ist voll", SOFT, BOUNCE_REASON_MAILBOX_FULL, "German notices" },
  { "boîte aux lettres du destinataire est pleine", SOFT, BOUNCE_REASON_MAILBOX_FULL, "French notices" },
  { "boite aux lettres du destinataire est pleine", SOFT, BOUNCE_REASON_MAILBOX_FULL, "French notices" },
  { "boîte aux lettres est pleine", SOFT, BOUNCE_REASON_MAILBOX_FULL, "French notices" },
  { "boîte aux lettres pleine", SOFT, BOUNCE_REASON_MAILBOX_FULL, "French notices" },
  { "buzón del destinatario está lleno", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Spanish notices" },
  { "buzón está lleno", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Spanish notices" },
  { "casella di posta del destinatario è piena", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Italian notices" },
  { "casella di posta è piena", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Italian notices" },
  { "postvak van de ontvanger is vol", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Dutch notices" },
  { "postvak is vol", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Dutch notices" },
  { "mailbox voll", SOFT, BOUNCE_REASON_MAILBOX_FULL, "German notices" },
  { "mailbox ist voll", SOFT, BOUNCE_REASON_MAILBOX_FULL, "German notices" },
  { "mailbox vol", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Dutch notices" },
  { "mailbox is vol", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Dutch notices" },
  { "skrzynka pełna", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Polish notices: the mailbox is full" },
  { "skrzynka jest pełna", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Polish notices: the mailbox is full" },
  { "skrzynka odbiorcza jest pełna", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Polish notices: the inbox is full" },
  { "schránka je plná", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Czech notices: the mailbox is full" },
  { "plná schránka", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Czech notices: full mailbox" },
  { "brevlådan är full", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Swedish notices: the mailbox is full" },
  { "caixa de correio do destinatário está cheia", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Portuguese notices" },
  { "caixa de correio está cheia", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Portuguese notices" },
  { "ящик переполнен", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Russian notices: the mailbox is full" },
  { "ящик получателя переполнен", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Russian notices: the recipient's mailbox is full" },
  { "превышен размер почтового ящика", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Russian notices: the mailbox size is exceeded" },
  { "容量が一杯", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Japanese notices: the mailbox's capacity is full" },
  { "容量オーバー", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Japanese notices: over capacity" },
  { "メールボックスが一杯", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Japanese notices: the mailbox is full" },
  { "邮箱已满", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Chinese notices: the mailbox is full" },
  { "邮箱空间不足", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Chinese notices: not enough mailbox space" },
  { "信箱已满", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Chinese notices: the mailbox is full" },
  { "mailbox is vol", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Dutch notices: the mailbox is full" },
  { "casella di posta piena", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Italian notices: the mailbox is full" },
  { "caixa postal lotada", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Portuguese notices: the mailbox is full" },
  { "mailbox exceeded the local limit", SOFT, BOUNCE_REASON_MAILBOX_FULL, "BIGLOBE: too many messages in the recipient's mailbox" },
  { "quota dépassé", SOFT, BOUNCE_REASON_MAILBOX_FULL, "French notices: quota exceeded" },
  { "quota superata", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Italian notices: quota exceeded" },
  { "cuota excedida", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Spanish notices: quota exceeded" },
  { "cuota superada", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Spanish notices: quota exceeded" },
  { "quota excedida", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Portuguese notices: quota exceeded" },
  { "превышена квота", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Russian notices: quota exceeded" },
  { "квота превышена", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Russian notices: quota exceeded" },
  { "容量超過", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Japanese notices: over capacity" },
  { "quota überschritten", SOFT, BOUNCE_REASON_MAILBOX_FULL, "German servers: quota exceeded" },
  { "kontingent überschritten", SOFT, BOUNCE_REASON_MAILBOX_FULL, "German servers: storage quota exceeded" },
  { "postfachgröße überschritten", SOFT, BOUNCE_REASON_MAILBOX_FULL, "German servers: mailbox size exceeded" },
  { "stockage insuffisant", SOFT, BOUNCE_REASON_MAILBOX_FULL, "French servers: not enough storage space" },
  { "boite de reception pleine", SOFT, BOUNCE_REASON_MAILBOX_FULL, "French servers: the inbox is full" },
  { "boîte de réception pleine", SOFT, BOUNCE_REASON_MAILBOX_FULL, "French servers: the inbox is full" },
  { "boîte de réception est pleine", SOFT, BOUNCE_REASON_MAILBOX_FULL, "French servers: the inbox is full" },
  { "cuota del buzón", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Spanish servers: the mailbox quota" },
  { "espacio insuficiente", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Spanish servers: not enough space" },
  { "spazio esaurito", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Italian servers: the space is used up" },
  { "spazio insufficiente", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Italian servers: not enough space" },
  { "caixa de correio cheia", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Portuguese servers: the mailbox is full" },
  { "cota excedida", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Brazilian servers: quota exceeded" },
  { "espaço insuficiente", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Portuguese servers: not enough space" },
  { "quotum overschreden", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Dutch servers: quota exceeded" },
  { "postvak vol", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Dutch servers: the mailbox is full" },
  { "odbiorcy jest pełna", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Polish servers: the recipient's mailbox is full" },
  { "przepełnion", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Polish servers: an overfull mailbox (przepełniona skrzynka)" },
  { "limit miejsca", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Polish servers: the space limit" },
  { "недостаточно места", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Russian servers: not enough space" },
  { "容量を超えて", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Japanese servers: over the mailbox's capacity" },
  { "空间已满", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Chinese servers: the mailbox space is full" },
  { "容量不足", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Chinese servers: not enough capacity" },
  { "信箱已滿", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Chinese servers, traditional script: the mailbox is full" },
  { "郵箱已滿", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Chinese servers, traditional script: the mailbox is full" },
  { "message too large", SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE, "generic" },
  { "message too big", SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE, "generic" },
  { "message is too large", SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE, "generic" },
  { "message is too big", SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE, "generic" },
  { "message size exceeds", SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE, "generic" },
  { "email size exceeded", SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE, "Mimecast 554: maximum email size exceeded" },
  { "message length exceeds", SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE, "RFC 3463 X.2.3 wording" },
  { "exceeds size limit", SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE, "generic" },
  { "exceeds the maximum size", SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE, "generic" },
  { "exceeds maximum message size", SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE, "generic" },
  { "size limit exceeded", SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE, "generic" },
  { "message size limit", SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE, "generic" },
  { "mesg too big", SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE, "generic" },
  { "message file too big", SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE, "Postfix local delivery" },
  { "too many messages on the server", SOFT, BOUNCE_REASON_MAILBOX_FULL, "a mailbox that holds the most messages it may" },
  { "mailfolder is full", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic" },
  { "space has been used up", SOFT, BOUNCE_REASON_MAILBOX_FULL, "Chinese providers: the user's space has been used up" },
  { "sufficient disk space", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic: \"not sufficient disk space\"" },
  { "enough * space", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic: \"not enough storage space\"" },
  { "mailbox quota", SOFT, BOUNCE_REASON_MAILBOX_FULL, "generic: \"mailbox quota usage exceeded\"" },

  /* 3. Refusals aimed at the sender. */
  { "spamhaus", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "block list" },
  { "spamcop", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "block list" },
  { "abuseat.org", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "block list (CBL)" },
  { "sorbs", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "block list" },
  { "barracuda", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "block list" },
  { "uceprotect", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "block list" },
  { "blacklist", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "generic" },
  { "black list", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "generic" },
  { "blocklist", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "generic" },
  { "block list", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "generic" },
  { "denylist", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "generic" },
  { "sperrliste", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "German servers: block list" },
  { "schwarze liste", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "German servers: black list" },
  { "schwarzen liste", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "German servers: on the black list" },
  { "liste noire", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "French servers: black list" },
  { "lista negra", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Spanish and Portuguese servers: black list" },
  { "lista nera", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Italian servers: black list" },
  { "zwarte lijst", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Dutch servers: black list" },
  { "czarna lista", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Polish servers: black list" },
  { "czarnej liście", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Polish servers: on the black list" },
  { "черный список", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Russian servers: black list" },
  { "чёрный список", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Russian servers: black list" },
  { "черном списке", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Russian servers: on the black list" },
  { "чёрном списке", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Russian servers: on the black list" },
  { "黑名单", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Chinese servers: black list" },
  { "ブラックリスト", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Japanese servers: black list" },
  { "dnsbl", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "generic" },
  { " rbl", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "generic" },
  { "blocked using", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Postfix reject_rbl_client" },
  { "is listed at", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "block lists" },
  { "is listed in", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "block lists" },
  { "is listed on", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "block lists" },
  { "was listed", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "block lists" },
  { "client host rejected", BLOCKED, BOUNCE_REASON_POLICY, "Postfix smtpd_client_restrictions" },
  { "client host blocked", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "generic" },
  { "sender address rejected", BLOCKED, BOUNCE_REASON_POLICY, "Postfix smtpd_sender_restrictions" },
  { "sender rejected", BLOCKED, BOUNCE_REASON_POLICY, "generic" },
  { "sender denied", BLOCKED, BOUNCE_REASON_POLICY, "generic" },
  { "sender blocked", BLOCKED, BOUNCE_REASON_POLICY, "generic" },
  { "sender is blocked", BLOCKED, BOUNCE_REASON_POLICY, "generic" },
  { "sender verification", BLOCKED, BOUNCE_REASON_POLICY, "generic" },
  { "sender domain", BLOCKED, BOUNCE_REASON_POLICY, "generic" },
  { "domain of sender address", BLOCKED, BOUNCE_REASON_POLICY, "Sendmail" },
  { "sender address", BLOCKED, BOUNCE_REASON_POLICY, "generic" },
  { "envelope sender", BLOCKED, BOUNCE_REASON_POLICY, "generic" },
  { "invalid sender", BLOCKED, BOUNCE_REASON_POLICY, "Orange 501 5.1.0 OFR_416 and others: the sender's address was refused" },
  { "emetteur invalide", BLOCKED, BOUNCE_REASON_POLICY, "Orange, French: invalid sender" },
  { "émetteur invalide", BLOCKED, BOUNCE_REASON_POLICY, "French servers: invalid sender" },
  { "unknown sender", BLOCKED, BOUNCE_REASON_POLICY, "generic: the sender's address, not the recipient's" },
  { "sender unknown", BLOCKED, BOUNCE_REASON_POLICY, "generic: the sender's address, not the recipient's" },
  { "sender does not exist", BLOCKED, BOUNCE_REASON_POLICY, "generic: the sender's address, not the recipient's" },
  { "sender doesn't exist", BLOCKED, BOUNCE_REASON_POLICY, "generic: the sender's address, not the recipient's" },
  { "does not exist for sender", BLOCKED, BOUNCE_REASON_POLICY, "a reply that depends on the sender, as in \"Mailbox does not exist for sender <address>\"" },
  { "mail from command", BLOCKED, BOUNCE_REASON_POLICY, "a refusal at the MAIL FROM command" },
  { "after mail from", BLOCKED, BOUNCE_REASON_POLICY, "Exim: refused at the MAIL FROM command, so the sender, not the address, was refused" },
  { "from address", BLOCKED, BOUNCE_REASON_POLICY, "the sender's From address, as in \"From address does not exist\"" },
  { "does not accept mail from", BLOCKED, BOUNCE_REASON_POLICY, "a recipient that takes no mail from this sender or from outside its organization" },
  { "does not accept email from", BLOCKED, BOUNCE_REASON_POLICY, "a recipient that takes no mail from this sender or from outside its organization" },
  { "does not accept messages from", BLOCKED, BOUNCE_REASON_POLICY, "a recipient that takes no mail from this sender or from outside its organization" },
  { "mail from * refused", BLOCKED, BOUNCE_REASON_POLICY, "\"Mail from <sender> refused\": whatever follows is about the sender" },
  { "mail from * rejected", BLOCKED, BOUNCE_REASON_POLICY, "\"Mail from <sender> rejected\": whatever follows is about the sender" },
  { "batv", BLOCKED, BOUNCE_REASON_POLICY, "Bounce Address Tag Validation: a refusal of the sender's unsigned or forged return address" },
  { "bogus mail from", BLOCKED, BOUNCE_REASON_POLICY, "IMail: a refusal of the sender's address" },
  { "purported responsible address", BLOCKED, BOUNCE_REASON_POLICY, "Sender ID: the sender's address could not be checked" },
  { "senderfilterconfig", BLOCKED, BOUNCE_REASON_POLICY, "Microsoft Exchange: the sender is on the server's sender filter list" },
  { "list of senders to accept mail from", BLOCKED, BOUNCE_REASON_POLICY, "Microsoft Exchange: the recipient accepts mail only from listed senders" },
  { "third-party dsn", BLOCKED, BOUNCE_REASON_POLICY, "a refusal of bounces from other servers" },
  { "unsigned dsn", BLOCKED, BOUNCE_REASON_POLICY, "a refusal of bounces without the sender's signature" },
  { "returned mail not accepted", BLOCKED, BOUNCE_REASON_POLICY, "a refusal of bounces" },
  { "not a registered gateway user", BLOCKED, BOUNCE_REASON_POLICY, "a gateway that relays only for its registered senders" },
  { "not owned by user", BLOCKED, BOUNCE_REASON_POLICY, "the sender's address does not belong to the logged-in user" },
  { "sender not pre-approved", BLOCKED, BOUNCE_REASON_POLICY, "a recipient that accepts approved senders only" },
  { "unresolvable rfc.5321", BLOCKED, BOUNCE_REASON_POLICY, "Yahoo: the sender's domain does not resolve" },
  { "from: domain is invalid", BLOCKED, BOUNCE_REASON_POLICY, "GoDaddy IB506: the sender's domain is invalid" },
  { "suspected bounce attack", BLOCKED, BOUNCE_REASON_POLICY, "QQ Mail: a refusal of bounces" },
  { "backscatter protection", BLOCKED, BOUNCE_REASON_POLICY, "MDaemon: a refusal of bounces whose return address it did not sign" },
  { "fully qualified email address required", BLOCKED, BOUNCE_REASON_POLICY, "McAfee: the sender's address lacks a domain" },
  { "virus", BLOCKED, BOUNCE_REASON_VIRUS, "generic" },
  { "malware", BLOCKED, BOUNCE_REASON_VIRUS, "generic" },
  { "infected", BLOCKED, BOUNCE_REASON_VIRUS, "generic" },
  { "trojan", BLOCKED, BOUNCE_REASON_VIRUS, "generic" },
  { "potentially executable attachment", BLOCKED, BOUNCE_REASON_VIRUS, "an attachment that may carry a virus" },
  { "dmarc", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 7489" },
  { "dkim", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 6376" },
  { "spf", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 7208" },
  { "sender policy framework", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 7208" },
  { "not authenticated", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "generic" },
  { "authentication required", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 4954 530" },
  { "submitter failed to authenticate", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "Mimecast 550: the sender's login failed" },
  { "authentication failed", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "generic" },
  { "must authenticate", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "Gmail 5.7.26" },
  { "authentication failure", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "generic" },
  { "authentication credentials", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "the sending server's login was refused" },
  { "authentication turned on", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "the sender must log in" },
  { "required authentication level", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "Microsoft: the sender's domain fails SPF, DKIM or DMARC" },
  { "authentification invalide", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "Orange, French: the sending server's login was refused" },
  { "authentification requise", BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "Orange, French: the sender must log in" },
  { "reputation", BLOCKED, BOUNCE_REASON_REPUTATION, "generic" },
  { "reverse dns", BLOCKED, BOUNCE_REASON_POLICY, "missing PTR record" },
  { "reverse lookup", BLOCKED, BOUNCE_REASON_POLICY, "missing PTR record" },
  { "ptr record", BLOCKED, BOUNCE_REASON_POLICY, "missing PTR record" },
  { "rdns", BLOCKED, BOUNCE_REASON_POLICY, "missing PTR record" },
  { "reverse hostname", BLOCKED, BOUNCE_REASON_POLICY, "missing PTR record" },
  { "cannot find your hostname", BLOCKED, BOUNCE_REASON_POLICY, "missing PTR record" },
  { "cannot resolve your address", BLOCKED, BOUNCE_REASON_POLICY, "missing PTR record" },
  { "no ptr", BLOCKED, BOUNCE_REASON_POLICY, "missing PTR record" },
  { "forward dns entry does not point to the sending ip", BLOCKED, BOUNCE_REASON_POLICY, "Gmail: the sending IP's PTR and A records disagree" },
  { "unresolvable relay host name", BLOCKED, BOUNCE_REASON_POLICY, "the sending host's name does not resolve" },
  { "unverifyable sending ip", BLOCKED, BOUNCE_REASON_POLICY, "the sending IP's name cannot be checked" },
  { "dns ptr", BLOCKED, BOUNCE_REASON_POLICY, "GMX and WEB.DE: \"invalid DNS PTR resource record\"" },
  { "helo command", BLOCKED, BOUNCE_REASON_POLICY, "a refusal of the HELO name" },
  { "helo name", BLOCKED, BOUNCE_REASON_POLICY, "a refusal of the HELO name" },
  { "bad helo", BLOCKED, BOUNCE_REASON_POLICY, "a refusal of the HELO name" },
  { "invalid helo", BLOCKED, BOUNCE_REASON_POLICY, "a refusal of the HELO name" },
  { "helo/ehlo", BLOCKED, BOUNCE_REASON_POLICY, "a refusal of the HELO name" },
  { "relay access denied", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "Postfix" },
  { "relaying denied", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "Sendmail" },
  { "relay denied", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "generic" },
  { "relaying not allowed", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "generic" },
  { "relay not permitted", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "Exim" },
  { "not permitted to relay", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "generic" },
  { "relaying prohibited", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "generic" },
  { "relaying disallowed", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "Zoho 553: the sender's address does not belong to the logged-in account" },
  { "unable to relay", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "Microsoft 5.7.54" },
  { "we do not relay", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "generic" },
  { "no relaying", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "generic" },
  { "relay not allowed", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "generic" },
  { "as a relay", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "generic" },
  { "insecure mail relay", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "generic" },
  { "not an open relay", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "generic" },
  { "not configured to relay", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "generic" },
  { "non-local e-mail address", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "MailEnable: the sender must log in to send to other domains" },
  { "allowed rcpthost", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "qmail: the server does not take mail for the recipient's domain from this sender" },
  { "we don't handle mail for", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "a server that does not take mail for the recipient's domain" },
  { "not a gateway", BLOCKED, BOUNCE_REASON_RELAY_DENIED, "a server that does not relay" },
  { "too many connections", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "generic" },
  { "outbound thread limit", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "Mimecast 550: too many connections from the sending account" },
  { "too many concurrent", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "generic" },
  { "too many messages", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "generic" },
  { "too many recipients", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "RFC 3463 X.5.3 wording" },
  { "too many errors", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "generic" },
  { "rate limit", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "generic" },
  { "ratelimit", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "generic" },
  { "throttl", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "generic" },
  { "exceeded the rate", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "generic" },
  { "maximum connection limit", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "SendGrid: every sending IP is at its connection limit" },
  { "per-domain connection limit", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "generic" },
  { "max emails per hour", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "the sender's hourly limit" },
  { "too many smtp sessions", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "Sendmail" },
  { "trop de connexions", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "French servers: too many connections" },
  { "try again slower", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "generic" },
  { "too many sessions", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "GoDaddy and Cox: too many sessions from the sending IP" },
  { "too many bad commands", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "Cox: the sending IP is blocked for a while" },
  { "messages per session", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "GoDaddy IB510" },
  { "message per connection", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "Yahoo: the connection's message limit" },
  { "message threshold exceeded", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "Cox: the connection's message limit" },
  { "frequency of receiving messages", BLOCKED, BOUNCE_REASON_RATE_LIMITED, "QQ Mail: the sending host's message rate" },
  { "unexpected volume or user complaints", BLOCKED, BOUNCE_REASON_REPUTATION, "Yahoo: deferred for volume or complaints, with or without its [TSS04] tag" },
  { "greylist", SOFT, BOUNCE_REASON_GREYLISTED, "greylisting: a deliberate delay of an unknown sender" },
  { "graylist", SOFT, BOUNCE_REASON_GREYLISTED, "greylisting: a deliberate delay of an unknown sender" },
  { "grey-list", SOFT, BOUNCE_REASON_GREYLISTED, "greylisting: a deliberate delay of an unknown sender" },
  { "gray-list", SOFT, BOUNCE_REASON_GREYLISTED, "greylisting: a deliberate delay of an unknown sender" },
  { "spam", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "generic" },
  { "junk mail", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "generic" },
  { "unsolicited", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "generic" },
  { "bulk mail", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "generic" },
  { "content rejected", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "generic" },
  { "content denied", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "QQ Mail: \"Mail content denied\"" },
  { "message content", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "generic" },
  { "content filter", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "generic" },
  { "message filtered", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "generic" },
  { "nature of the content", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Gmail 421 4.7.0: suspicious for the nature of the content or the links within" },
  { "ip address has been blocked", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "generic" },
  { "your ip", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "a refusal of the sending IP address" },
  { "your host", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "a refusal of the sending host" },
  { "your server", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "a refusal of the sending server" },
  { "your domain", BLOCKED, BOUNCE_REASON_POLICY, "a refusal of the sending domain" },
  { "connections from", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "a refusal of the sending host" },
  { "bad sender ip", BLOCKED, BOUNCE_REASON_REPUTATION, "a refusal of the sending IP address" },
  { "bad ip profile", BLOCKED, BOUNCE_REASON_REPUTATION, "a refusal of the sending IP address for its history" },
  { "listed as abusive", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "a refusal of the sending IP address" },
  { "unwanted messages", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "too many unwanted messages from the sending IP address" },
  { "open proxy", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Sendmail: the sending host looks like an open proxy" },
  { "dynamic ip", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "a refusal of hosts with dynamic IP addresses" },
  { "mass mailer", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "a refusal of bulk sending software" },
  { "banned content", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "amavisd: the message contains a banned file or text" },
  /* "Spam" in other scripts, and the French "indésirable" (unwanted). */
  { "спам", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Russian servers: spam" },
  { "垃圾邮件", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Chinese servers: spam" },
  { "垃圾郵件", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Chinese servers, traditional script: spam" },
  { "迷惑メール", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "Japanese servers: spam" },
  { "indésirable", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "French servers: unwanted mail" },
  { "rejecting mail content", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "a content filter's refusal" },
  { "bulk.advertising", BLOCKED, BOUNCE_REASON_SPAM_BLOCKED, "a content filter's bulk advertising class" },
  { "header error", BLOCKED, BOUNCE_REASON_POLICY, "a message header the server refuses" },
  { "header are not accepted", BLOCKED, BOUNCE_REASON_POLICY, "a message header the server refuses" },
  { "messages with multiple addresses", BLOCKED, BOUNCE_REASON_POLICY, "a refusal of messages with several addresses in a header field" },
  { "protocol violation", BLOCKED, BOUNCE_REASON_POLICY, "the sending server broke the SMTP protocol" },
  { "containing images or other attachments", BLOCKED, BOUNCE_REASON_POLICY, "a recipient that takes no attachments" },
  /* Rejections of this sender's messages to one recipient, which sisimai
   * 5.1 calls "filtered". SendGrid's "Bounced Address" drops a message to
   * an address on the sending account's own bounce list, which proves
   * nothing new about the address. */
  { "bounced address", BLOCKED, BOUNCE_REASON_FILTERED, "SendGrid: the address is on the sending account's bounce list" },
  { "has restricted sms e-mail", BLOCKED, BOUNCE_REASON_FILTERED, "AT&T: the recipient takes no mail to SMS" },
  { "is not accepting any mail", BLOCKED, BOUNCE_REASON_FILTERED, "a recipient that refuses this mail" },
  { "user reject", BLOCKED, BOUNCE_REASON_FILTERED, "a recipient that refuses this mail" },
  { "smtp server of your isp", BLOCKED, BOUNCE_REASON_POLICY, "a refusal of direct sending from a consumer network" },
  { "no access from mail server", BLOCKED, BOUNCE_REASON_POLICY, "a refusal of the sending server" },
  { "confirm this mail server", BLOCKED, BOUNCE_REASON_POLICY, "the sending server must be confirmed first" },
  { "server requires confirmation", BLOCKED, BOUNCE_REASON_POLICY, "the sending server must be confirmed first" },
  { "illegal attachment", BLOCKED, BOUNCE_REASON_POLICY, "an attachment type the server refuses" },
  { "not accepting mail with", BLOCKED, BOUNCE_REASON_POLICY, "AOL: the recipient takes no mail with attachments or links" },
  { "members-only list", BLOCKED, BOUNCE_REASON_POLICY, "a mailing list that takes posts from its members only" },
  { "closed mailing list", BLOCKED, BOUNCE_REASON_POLICY, "a mailing list that takes posts from its members only" },
  { "not subscribed to this group", BLOCKED, BOUNCE_REASON_POLICY, "a group that takes posts from its members only" },
  { "organizational settings", BLOCKED, BOUNCE_REASON_POLICY, "Microsoft 365: refused under the recipient organization's settings" },
  { "account is protected by", BLOCKED, BOUNCE_REASON_POLICY, "a recipient that accepts approved senders only" },
  { "only accepting mail from specific", BLOCKED, BOUNCE_REASON_POLICY, "AOL: a recipient that accepts listed senders only" },
  { "refuse to receive", BLOCKED, BOUNCE_REASON_POLICY, "a recipient that refuses mail from this sender" },
  { "refuses to receive", BLOCKED, BOUNCE_REASON_POLICY, "a recipient that refuses mail from this sender" },
  { "blocked by the recipient", BLOCKED, BOUNCE_REASON_POLICY, "a recipient that blocked this sender" },
  { "not compliant with rfc", BLOCKED, BOUNCE_REASON_POLICY, "generic" },
  { "rfc 5322", BLOCKED, BOUNCE_REASON_POLICY, "a message that breaks RFC 5322" },
  { "rfc5322", BLOCKED, BOUNCE_REASON_POLICY, "a message that breaks RFC 5322" },
  { "rfc 2822", BLOCKED, BOUNCE_REASON_POLICY, "a message that breaks RFC 2822" },
  { "rfcmessagenoncompliant", BLOCKED, BOUNCE_REASON_POLICY, "Gmail: a message that breaks RFC 5322" },
  { "duplicate header", BLOCKED, BOUNCE_REASON_POLICY, "a message with a header field twice" },
  { "header size exceeds", BLOCKED, BOUNCE_REASON_POLICY, "a message header over the server's limit" },
  { "8-bit data in message header", BLOCKED, BOUNCE_REASON_POLICY, "a message header with raw 8-bit text" },
  { "invalid mime headers", BLOCKED, BOUNCE_REASON_POLICY, "Microsoft: malformed MIME headers" },
  { "improperly-formatted binary content", BLOCKED, BOUNCE_REASON_POLICY, "Microsoft: malformed binary content" },
  { "unnecessary base64 encoding", BLOCKED, BOUNCE_REASON_POLICY, "Microsoft: text sent as base64 without need" },

  /* The sender's address or domain, the envelope sender's (MAIL FROM,
   * Return-Path) or the From header field's, which a server checks with
   * DNS: "MAIL FROM domain not found" is no verdict on the recipient's
   * domain. These rows come after the authentication rows, because a
   * reply that names the failed check ("The sender's domain ... does not
   * pass SPF checks") is an authentication failure. */
  { "sender's domain", BLOCKED, BOUNCE_REASON_POLICY, "generic: the sender's domain, not the recipient's" },
  { "sender's address", BLOCKED, BOUNCE_REASON_POLICY, "generic: the sender's address, not the recipient's" },
  { "sender’s domain", BLOCKED, BOUNCE_REASON_POLICY, "generic, with a typographic apostrophe" },
  { "sender’s address", BLOCKED, BOUNCE_REASON_POLICY, "generic, with a typographic apostrophe" },
  { "from domain", BLOCKED, BOUNCE_REASON_POLICY, "generic: the domain of MAIL FROM or of the From header field" },
  { "return-path domain", BLOCKED, BOUNCE_REASON_POLICY, "generic: the domain of the envelope sender" },
  { "bounce address", BLOCKED, BOUNCE_REASON_POLICY, "generic: the envelope sender, where bounces go" },
  { "return address", BLOCKED, BOUNCE_REASON_POLICY, "generic: the envelope sender, where bounces go" },

  /* 4. Addresses and domains that do not exist, moved mailboxes. */
  { "user unknown", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Sendmail, Postfix" },
  { "unknown user:", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "the delivering server's own label for an address it lacks, not a relayed reply: Postfix local, mail.local, IMail", FALSE, TRUE },
  { "unknown user", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "unknown recipient", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "recipient unknown", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "unknown mailbox", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "mailbox unknown", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "unknown address", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "address unknown", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "addressee unknown", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "unknown local part", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Exim" },
  { "unknown local-part", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Exim" },
  { "unknown or illegal alias", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "iCloud" },
  { "user not known", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "no such user", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "no such mailbox", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "no such recipient", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "no such address", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "no such account", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "no such person", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "no such local user", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "no mailbox", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "qmail, generic" },
  { "no account", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "user not found", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "recipient not found", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "mailbox not found", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "address not found", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "addressee not found", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "account not found", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "could not be found", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Microsoft: the address couldn't be found", FALSE, FALSE, TRUE },
  { "couldn't be found", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Microsoft: the address couldn't be found", FALSE, FALSE, TRUE },
  { "invalid recipient", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "invalid mailbox", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "invalid address", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "invalid user", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "user invalid", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "not a valid recipient", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  /* Yahoo's wording without its "dd" prefix, which other servers copy:
   * generic, so without a stage or an X.1.x code it reads as filtered. */
  { "this user doesn't have a", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Yahoo's unknown-user wording, sent by other servers too" },
  { "not a valid mailbox", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "not a valid user", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "is not a known user", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "bad destination mailbox address", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "RFC 3463 X.1.1 wording" },
  { "mailbox is unavailable", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "the same words as \"mailbox unavailable\"", FALSE, FALSE, TRUE },
  { "mailbox unavailable", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Microsoft 550 5.5.0, and RFC 5321 section 4.2.3 also gives it for policy rejections", FALSE, FALSE, TRUE },
  { "mailbox does not exist", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "user does not exist", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "user doesn't exist", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "address does not exist", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "account does not exist", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "recipient does not exist", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "does not have an account", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "not our customer", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "mailbox invalid", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "mailbox not present", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "no mail box available", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "recipient not exist", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "nonexistent user", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "non-existent user", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "unknown email address", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "unknown e-mail address", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "email address is wrong", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "email name is not found", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "no one at this address", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "not present in directory", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "destination addresses were unknown", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "IBM Domino" },
  { "not an active address at this host", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "unknown virtual user", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "vpopmail's vdeliver" },
  /* qmail's recipient checks: the badrcptto and validrcptto patches. */
  { "badrcptto", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "qmail: the address is on the list of refused recipients" },
  { "badrecipientto", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "qmail: the address is on the list of refused recipients" },
  { "validrcptto", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "qmail: the address is not on the list of valid recipients" },
  { "user * was not found", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "recipient * was not found", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "user is not found", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "i.ua error 2 and others: \"User is not found\"" },
  { "recipient is not found", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "user * unknown", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic: \"user (nina) unknown\"" },
  { "> not found", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic: \"<nina@example.com> not found\"" },
  { "no * in name directory", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Lotus Notes: \"No such user in name directory\"" },
  { "address invalid", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "bad recipient", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "can't accept user", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "recipient not ok", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "invalid-recipient", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Postfix access tables: \"Recipient address rejected: invalid-recipient\"" },
  { "userunknown", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Postfix access tables: \"Recipient address rejected: userunknown\"" },
  { "envelope recipient has been denied", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "qmail-ldap: no such address" },
  { "user missing home directory", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "a local account without a mailbox" },
  { "not a local address", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "recipient is not local", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic" },
  { "unrouteable address", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "Exim" },
  { "host unknown", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "Sendmail" },
  { "dns lookup failure: host * not found", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "DragonFly Mail Agent: the domain has no such host" },
  { "unknown host", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "generic" },
  { "host not found", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "Postfix" },
  { "host or domain name not found", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "Postfix" },
  { "domain not found", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "generic" },
  { "domain name not found", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "generic" },
  { "no such domain", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "generic" },
  { "domain does not exist", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "generic" },
  { "unknown domain", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "generic" },
  { "domain unknown", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "generic" },
  { "nxdomain", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "DNS" },
  { "unroutable address", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "Exim, another spelling" },
  { "domain mentioned in email address is unknown", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "generic" },
  { "recipient domain must exist", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "generic" },
  { "all relevant mx records point to non-existent hosts", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "Exim" },
  { "no mx record", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "generic" },
  /* Only a domain or host rejects all mail. A recipient that "does not
   * accept mail from" someone rejects the sender (group 3). */
  { "domain does not accept mail", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "RFC 7504 556 and iCloud's \"host/domain does not accept mail\": null MX" },
  { "host does not accept mail", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "RFC 7504 521 and Sendmail: null MX" },
  { "does not accept mail (nullmx)", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "Postfix: null MX" },
  { "null mx", HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "RFC 7505 null MX" },
  { "user has moved", HARD, BOUNCE_REASON_MAILBOX_MOVED, "generic" },
  { "has been replaced by", HARD, BOUNCE_REASON_MAILBOX_MOVED, "generic: \"<old address> has been replaced by <new address>\"" },
  { "mailbox has moved", HARD, BOUNCE_REASON_MAILBOX_MOVED, "generic" },
  { "address has moved", HARD, BOUNCE_REASON_MAILBOX_MOVED, "generic" },
  { "user not local", HARD, BOUNCE_REASON_MAILBOX_MOVED, "RFC 5321 551" },
  { "recipient address rejected.", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Postfix and Google: a recipient refused without a stated cause" },
  { "address rejected.", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Google Workspace 550 #5.1.0" },
  { "user not exist", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "McAfee" },
  { "does not exist", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic", FALSE, FALSE, TRUE },
  { "doesn't exist", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "generic", FALSE, FALSE, TRUE },
  { "unbekannt", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "German servers" },
  { "existiert nicht", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "German servers", FALSE, FALSE, TRUE },
  { "utilisateur inconnu", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "French servers" },
  { "destinataire inconnu", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "French servers" },
  { "adresse inconnue", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "French servers" },
  { "n'existe pas", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "French servers", FALSE, FALSE, TRUE },
  { "usuario desconocido", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Spanish servers" },
  { "utente sconosciuto", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Italian servers" },
  { "nessun utente simile", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Italian servers: no such user" },
  { "no existe dicha persona", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Spanish servers: no such person" },
  { "no existe ese usuario", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Spanish servers: no such user" },
  { "die sie eingegeben haben, wurde nicht gefunden", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "German notices: the address you entered was not found" },
  { "benutzer nicht gefunden", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "German notices" },
  { "empfänger nicht gefunden", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "German notices" },
  { "adresse introuvable", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "French notices" },
  { "destinataire introuvable", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "French notices" },
  { "que vous avez entrée est introuvable", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "French notices: the address you entered was not found" },
  { "no se encontró la dirección", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Spanish notices: the address was not found" },
  { "inserito non è stato trovato", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Italian notices: the address you entered was not found" },
  { "hebt ingevoerd, is niet gevonden", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Dutch notices: the address you entered was not found" },
  { "inserido não foi encontrado", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Portuguese notices: the address you entered was not found" },
  { "пользователь не найден", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Russian notices: user not found" },
  { "нет такого пользователя", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Russian notices: no such user" },
  { "адресат не найден", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Russian notices: recipient not found" },
  { "メールアドレスが存在しません", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Japanese notices: the address does not exist" },
  { "ユーザが存在しません", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Japanese notices: the user does not exist" },
  { "ユーザーが存在しません", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Japanese notices: the user does not exist" },
  { "宛先不明", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Japanese notices: unknown recipient" },
  { "用户不存在", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Chinese notices: the user does not exist" },
  { "收件人不存在", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Chinese notices: the recipient does not exist" },
  { "收件人地址不存在", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Chinese notices: the recipient's address does not exist" },
  { "onbekende gebruiker", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Dutch notices: unknown user" },
  { "gebruiker bestaat niet", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Dutch notices: the user does not exist" },
  { "usuário inexistente", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Portuguese notices: nonexistent user" },
  { "usuário desconhecido", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Portuguese notices: unknown user" },
  { "utilizador desconhecido", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Portuguese notices: unknown user" },
  { "utente inesistente", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Italian notices: nonexistent user" },
  { "el usuario no existe", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Spanish notices: the user does not exist" },
  { "utilisateur inexistant", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "French notices: nonexistent user" },
  { "adresse inexistante", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "French notices: nonexistent address" },
  { "boîte aux lettres inexistante", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "French notices: nonexistent mailbox" },
  { "casella inesistente", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Italian notices: nonexistent mailbox" },
  { "casella di posta inesistente", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Italian notices: nonexistent mailbox" },
  { "indirizzo inesistente", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Italian notices: nonexistent address" },
  { "buzón inexistente", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Spanish notices: nonexistent mailbox" },
  { "buzón no existe", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Spanish notices: the mailbox does not exist" },
  { "dirección inexistente", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Spanish notices: nonexistent address" },
  { "endereço inexistente", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Portuguese notices: nonexistent address" },
  { "conta inexistente", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Portuguese notices: nonexistent account" },
  { "mailbox bestaat niet", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Dutch notices: the mailbox does not exist" },
  { "onbekend adres", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Dutch notices: unknown address" },
  { "gebruiker onbekend", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Dutch notices: user unknown" },
  { "e-mailadres bestaat niet", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Dutch notices: the address does not exist" },
  { "użytkownik nie istnieje", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Polish notices: the user does not exist" },
  { "nie ma takiego użytkownika", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Polish notices: no such user" },
  { "uživatel neexistuje", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Czech notices: the user does not exist" },
  { "neznámý uživatel", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Czech notices: unknown user" },
  { "användaren finns inte", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Swedish notices: the user does not exist" },
  { "okänd mottagare", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Swedish notices: unknown recipient" },
  { "ящик не существует", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Russian notices: the mailbox does not exist" },
  { "ungültiger empfänger", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "German servers: invalid recipient" },
  { "kein solcher benutzer", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "German servers: no such user" },
  { "destinataire invalide", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "French servers: invalid recipient" },
  { "adresse e-mail invalide", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "French servers: invalid address" },
  { "adresse email invalide", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "French servers: invalid address" },
  { "destinatario desconocido", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Spanish servers: unknown recipient" },
  { "cuenta inexistente", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Spanish servers: nonexistent account" },
  { "destinatario sconosciuto", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Italian servers: unknown recipient" },
  { "destinatário desconhecido", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Portuguese servers: unknown recipient" },
  { "onbekende ontvanger", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Dutch servers: unknown recipient" },
  { "nieznany odbiorca", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Polish servers: unknown recipient" },
  { "nieznany użytkownik", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Polish servers: unknown user" },
  { "неизвестный получатель", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Russian servers: unknown recipient" },
  { "неизвестный пользователь", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Russian servers: unknown user" },
  { "ユーザーが見つかりません", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Japanese servers: the user was not found" },
  { "ユーザが見つかりません", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Japanese servers: the user was not found" },
  /* "Does not exist" in other languages, vague as in English: it does
   * not say what is missing. */
  { "no existe", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Spanish servers: does not exist", FALSE, FALSE, TRUE },
  { "non esiste", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Italian servers: does not exist", FALSE, FALSE, TRUE },
  { "não existe", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Portuguese servers: does not exist", FALSE, FALSE, TRUE },
  { "bestaat niet", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Dutch servers: does not exist", FALSE, FALSE, TRUE },
  { "nie istnieje", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Polish servers: does not exist", FALSE, FALSE, TRUE },
  { "не существует", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Russian servers: does not exist", FALSE, FALSE, TRUE },
  { "存在しません", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Japanese servers: does not exist", FALSE, FALSE, TRUE },
  { "不存在", HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "Chinese servers: does not exist", FALSE, FALSE, TRUE },

  /* 5. Disabled accounts. */
  { "account disabled", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "account is disabled", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "account has been disabled", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "mailbox disabled", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "RFC 3463 X.2.1 wording" },
  { "mailbox is disabled", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "disabled mailbox", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "mailbox is inactive", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "account is inactive", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "inactive account", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "suspended", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "deactivated", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "account expired", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "account has expired", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "account is locked", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "account locked", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "no longer active", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "mailbox is frozen", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "i.ua" },
  { "was not used for more than", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "i.ua error 3: the mailbox was not used for more than three months, so it takes no mail" },
  { "temporary locked", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "temporarily locked", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "deaktiviert", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "German servers: deactivated" },
  { "postfach gesperrt", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "German servers: the mailbox is locked" },
  { "postfach ist gesperrt", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "German servers: the mailbox is locked" },
  { "postfach wurde gesperrt", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "German servers: the mailbox was locked" },
  { "désactivé", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "French servers: deactivated (also désactivée)" },
  { "suspendu", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "French servers: suspended" },
  { "desactivad", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Spanish servers: deactivated (desactivada, desactivado)" },
  { "deshabilitad", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Spanish servers: disabled (deshabilitada, deshabilitado)" },
  { "cuenta suspendida", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Spanish servers: the account is suspended" },
  { "disattivat", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Italian servers: deactivated (disattivata, disattivato)" },
  { "disabilitat", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Italian servers: disabled (disabilitata, disabilitato)" },
  { "desativad", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Portuguese servers: deactivated (desativada, desativado)" },
  { "conta suspensa", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Portuguese servers: the account is suspended" },
  { "gedeactiveerd", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Dutch servers: deactivated" },
  { "konto zablokowane", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Polish servers: the account is locked" },
  { "konto jest zablokowane", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Polish servers: the account is locked" },
  { "skrzynka zablokowana", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Polish servers: the mailbox is locked" },
  { "konto zawieszone", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Polish servers: the account is suspended" },
  { "ящик заблокирован", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Russian servers: the mailbox is locked" },
  { "ящик отключен", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Russian servers: the mailbox is switched off" },
  { "учетная запись отключена", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Russian servers: the account is switched off" },
  { "учётная запись отключена", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Russian servers: the account is switched off" },
  { "アカウントは停止", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Japanese servers: the account is suspended" },
  { "已被冻结", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Chinese servers: the mailbox is frozen" },
  { "已冻结", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Chinese servers: the mailbox is frozen" },
  { "已停用", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Chinese servers: the account is disabled" },
  { "已被停用", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Chinese servers: the account is disabled" },
  { "已被禁用", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Chinese servers: the account is disabled" },
  { "service currently unavailable", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "server busy", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "Microsoft 451 4.7.500 and Gmail 421 4.4.5: the receiving server is overloaded for now" },
  { "agent busy", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "Microsoft 451 4.7.700: \"PFA agent busy, please try again\"" },
  { "not accepting messages", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "RFC 3463 X.2.1 wording" },
  { "archived recipient", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "a mailbox archived for lack of use" },
  { "destinataire archivee", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Orange, French: the recipient's mailbox is archived" },
  { "destinataire archivée", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "French servers: the recipient's mailbox is archived" },
  { "user is terminated", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "temporarily inactive", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "suspend the service", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "domain is disabled", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "\"user or domain is disabled\"" },
  { "invalid/inactive user", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  { "user not active", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "generic" },
  /* Orange and La Poste: "Le compte du destinataire est bloque. The
   * recipient account isblocked." (sic) or "isn't enabled". */
  { "compte du destinataire est bloque", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Orange and La Poste, French: the recipient's account is blocked" },
  { "recipient account isn't enabled", SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "Orange: the recipient's account is not enabled" },

  /* 6. Expiry, network and system trouble. */
  { "retry timeout exceeded", SOFT, BOUNCE_REASON_EXPIRED, "Exim" },
  { "retry time not reached", SOFT, BOUNCE_REASON_EXPIRED, "Exim" },
  { "delivery time expired", SOFT, BOUNCE_REASON_EXPIRED, "RFC 3463 X.4.7 wording" },
  { "message expired", SOFT, BOUNCE_REASON_EXPIRED, "generic" },
  { "queue too long", SOFT, BOUNCE_REASON_EXPIRED, "qmail" },
  { "in the queue too long", SOFT, BOUNCE_REASON_EXPIRED, "qmail" },
  { "could not be delivered within", SOFT, BOUNCE_REASON_EXPIRED, "generic" },
  { "was not delivered within", SOFT, BOUNCE_REASON_EXPIRED, "generic" },
  { "giving up", SOFT, BOUNCE_REASON_EXPIRED, "generic" },
  { "gave up", SOFT, BOUNCE_REASON_EXPIRED, "generic" },
  { "delivery expired", SOFT, BOUNCE_REASON_EXPIRED, "generic" },
  { "failed to deliver to domain", SOFT, BOUNCE_REASON_EXPIRED, "generic" },
  { "failing for a long time", SOFT, BOUNCE_REASON_EXPIRED, "generic" },
  { "not been collected after", SOFT, BOUNCE_REASON_EXPIRED, "generic" },
  { "after multiple retries", SOFT, BOUNCE_REASON_EXPIRED, "generic" },
  { "allowed queue period", SOFT, BOUNCE_REASON_EXPIRED, "generic" },
  { "could not be delivered for more than", SOFT, BOUNCE_REASON_EXPIRED, "generic" },
  { "could not be delivered for * days", SOFT, BOUNCE_REASON_EXPIRED, "generic" },
  { "delivery failed * attempts", SOFT, BOUNCE_REASON_EXPIRED, "IMail: gave up after repeated attempts" },
  { "expired", SOFT, BOUNCE_REASON_EXPIRED, "generic" },
  { "connection refused", SOFT, BOUNCE_REASON_NETWORK_ERROR, "generic" },
  { "connection timed out", SOFT, BOUNCE_REASON_NETWORK_ERROR, "generic" },
  { "timed out", SOFT, BOUNCE_REASON_NETWORK_ERROR, "generic" },
  { "timeout", SOFT, BOUNCE_REASON_NETWORK_ERROR, "generic" },
  { "no route to host", SOFT, BOUNCE_REASON_NETWORK_ERROR, "generic" },
  { "network is unreachable", SOFT, BOUNCE_REASON_NETWORK_ERROR, "generic" },
  { "lost connection", SOFT, BOUNCE_REASON_NETWORK_ERROR, "Postfix" },
  { "connection reset", SOFT, BOUNCE_REASON_NETWORK_ERROR, "generic" },
  { "connection dropped", SOFT, BOUNCE_REASON_NETWORK_ERROR, "generic" },
  { "could not connect", SOFT, BOUNCE_REASON_NETWORK_ERROR, "generic" },
  { "unable to connect", SOFT, BOUNCE_REASON_NETWORK_ERROR, "generic" },
  { "host not reachable", SOFT, BOUNCE_REASON_NETWORK_ERROR, "Zoho" },
  { "no smtp connection", SOFT, BOUNCE_REASON_NETWORK_ERROR, "qmail" },
  { "could not find a gateway", SOFT, BOUNCE_REASON_NETWORK_ERROR, "a sending server that found no route to the recipient's domain until it gave up" },
  { "name server", SOFT, BOUNCE_REASON_NETWORK_ERROR, "a DNS failure" },
  { "dns failure", SOFT, BOUNCE_REASON_NETWORK_ERROR, "a DNS failure" },
  { "host name lookup failure", SOFT, BOUNCE_REASON_NETWORK_ERROR, "a DNS failure" },
  { "unable to resolve route", SOFT, BOUNCE_REASON_NETWORK_ERROR, "a routing failure" },
  { "unrouteable mail domain", SOFT, BOUNCE_REASON_NETWORK_ERROR, "a routing failure of the recipient's domain" },
  { "host is unreachable", SOFT, BOUNCE_REASON_NETWORK_ERROR, "generic" },
  { "server did not respond", SOFT, BOUNCE_REASON_NETWORK_ERROR, "generic" },
  { "mail loop", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "too many hops", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "routing loop", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "hop count exceeded", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "forwarding loop", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "message looping", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "no space left on device", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "the receiving server's disk is full" },
  { "can't create user output file", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "Sendmail local delivery" },
  { "could not load drd", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "interrupted system call", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "error while being processed", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "loop was found", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "queue file write error", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "Postfix" },
  { "there is no mdb", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "Microsoft Exchange: the mailbox database is not available" },
  { "is misconfigured", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "system config error", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "temporary local problem", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "insufficient system storage", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "RFC 5321 452" },
  { "system storage", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "configuration error", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "system error", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "internal error", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "server error", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "local error", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "mailer error", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic" },
  { "command died", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "Postfix pipe" },
  { "temporary failure", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic", TRUE },
  { "temporarily unavailable", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic", TRUE },
  { "try again later", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "generic", TRUE },
  { "service unavailable", SOFT, BOUNCE_REASON_SYSTEM_ERROR, "RFC 5321 421/554 wording", TRUE },

  /* 7. The weakest words: a refusal without a stated cause. */
  { "administrative prohibition", BLOCKED, BOUNCE_REASON_POLICY, "Exim ACL", TRUE },
  { "mail from:", BLOCKED, BOUNCE_REASON_POLICY, "a refusal at the MAIL FROM command; weak, because notices also list the MAIL FROM address as a detail", TRUE, FALSE, FALSE, TRUE },
  { "not authorized", BLOCKED, BOUNCE_REASON_POLICY, "RFC 3463 X.7.1 wording", TRUE },
  { "unauthorized", BLOCKED, BOUNCE_REASON_POLICY, "generic", TRUE },
  { "not allowed", BLOCKED, BOUNCE_REASON_POLICY, "generic", TRUE },
  { "prohibited", BLOCKED, BOUNCE_REASON_POLICY, "generic", TRUE },
  { "forbidden", BLOCKED, BOUNCE_REASON_POLICY, "generic", TRUE },
  { "policy", BLOCKED, BOUNCE_REASON_POLICY, "generic", TRUE },
  { "blocked", BLOCKED, BOUNCE_REASON_POLICY, "generic", TRUE },
  { "recipient filter", BLOCKED, BOUNCE_REASON_POLICY, "a filter of the recipient's server, as in \"rejected by recipient filter\"", TRUE },
  /* Bare refusals: "Recipient address rejected: <why>" leaves the cause
   * to the words that follow. */
  { "access denied", BLOCKED, BOUNCE_REASON_POLICY, "generic", TRUE, FALSE, FALSE, TRUE },
  { "denied", BLOCKED, BOUNCE_REASON_POLICY, "generic", TRUE, FALSE, FALSE, TRUE },
  { "refused", BLOCKED, BOUNCE_REASON_POLICY, "generic", TRUE, FALSE, FALSE, TRUE },
  { "rejected", BLOCKED, BOUNCE_REASON_POLICY, "generic", TRUE, FALSE, FALSE, TRUE },
  /* The same bare refusals in other languages. The stems cover both
   * genders ("rechazado", "rechazada"). */
  { "abgelehnt", BLOCKED, BOUNCE_REASON_POLICY, "German servers: rejected", TRUE, FALSE, FALSE, TRUE },
  { "refusé", BLOCKED, BOUNCE_REASON_POLICY, "French servers: rejected (refusé, refusée)", TRUE, FALSE, FALSE, TRUE },
  { "rechazad", BLOCKED, BOUNCE_REASON_POLICY, "Spanish servers: rejected", TRUE, FALSE, FALSE, TRUE },
  { "rifiutat", BLOCKED, BOUNCE_REASON_POLICY, "Italian servers: rejected", TRUE, FALSE, FALSE, TRUE },
  { "rejeitad", BLOCKED, BOUNCE_REASON_POLICY, "Portuguese servers: rejected", TRUE, FALSE, FALSE, TRUE },
  { "geweigerd", BLOCKED, BOUNCE_REASON_POLICY, "Dutch servers: rejected", TRUE, FALSE, FALSE, TRUE },
  { "odrzucon", BLOCKED, BOUNCE_REASON_POLICY, "Polish servers: rejected (odrzucona, odrzucony)", TRUE, FALSE, FALSE, TRUE },
  { "отклонен", BLOCKED, BOUNCE_REASON_POLICY, "Russian servers: rejected (отклонено, отклонена)", TRUE, FALSE, FALSE, TRUE },
  { "拒绝", BLOCKED, BOUNCE_REASON_POLICY, "Chinese servers: rejected", TRUE, FALSE, FALSE, TRUE },
  { "拒否", BLOCKED, BOUNCE_REASON_POLICY, "Japanese servers: rejected", TRUE, FALSE, FALSE, TRUE },
};

/* Text that looks like a phrase but is a relay's own label around the
 * remote server's reply; it is blanked before matching. */
static const char * const noise[] = {
  "unknown address error",   /* Amazon SES: "5.1.0 - Unknown address error 550-'5.7.1 ...'" */
  /* RFC 5321 section 4.2.3's example text for 550, which some servers
   * send as it is: "mailbox unavailable (e.g., mailbox not found, no
   * access, or command rejected for policy reasons)". It lists possible
   * causes and does not state that the mailbox is missing. */
  "e.g., mailbox not found",
};

static void
mask_noise (char *normalized)
{
  for (guint i = 0; i < G_N_ELEMENTS (noise); i++)
    {
      gsize length = strlen (noise[i]);

      for (char *hit = strstr (normalized, noise[i]); hit != NULL; hit = strstr (hit + length, noise[i]))
        memset (hit, '_', length);
    }
}

/* Bigram index over the table: the phrases whose first two bytes are
 * (a, b) are order[bucket[a << 8 | b] .. bucket[(a << 8 | b) + 1]], in
 * table order, so one pass over the text finds every candidate. */
typedef struct
{
  guint16 bucket[65536 + 1];
  guint16 order[G_N_ELEMENTS (phrases)];
  guint16 length[G_N_ELEMENTS (phrases)];
  gboolean wildcard[G_N_ELEMENTS (phrases)];
} PhraseIndex;

static gboolean has_reason (const BouncePhrase *phrase,
                            const char * const *reasons);

/* Builds the index over the phrases with one of @reasons, or over all of
 * them when @reasons is NULL. */
static PhraseIndex *
phrase_index_new (const char * const *reasons)
{
  PhraseIndex *index = g_new0 (PhraseIndex, 1);
  g_autofree guint *counts = g_new0 (guint, 65536);
  guint position = 0;

  for (guint i = 0; i < G_N_ELEMENTS (phrases); i++)
    {
      const guchar *pattern = (const guchar *) phrases[i].pattern;

      /* The index keys on the first two bytes, so they are literal. */
      g_assert (pattern[0] != '\0' && pattern[1] != '\0' && pattern[0] != '*' && pattern[1] != '*');
      index->length[i] = strlen (phrases[i].pattern);
      index->wildcard[i] = strchr (phrases[i].pattern, '*') != NULL;
      if (reasons == NULL || has_reason (&phrases[i], reasons))
        counts[pattern[0] << 8 | pattern[1]]++;
    }

  for (guint key = 0; key < 65536; key++)
    {
      index->bucket[key] = position;
      position += counts[key];
    }
  index->bucket[65536] = position;

  memset (counts, 0, 65536 * sizeof *counts);
  for (guint i = 0; i < G_N_ELEMENTS (phrases); i++)
    {
      const guchar *pattern = (const guchar *) phrases[i].pattern;
      guint key = pattern[0] << 8 | pattern[1];

      if (reasons == NULL || has_reason (&phrases[i], reasons))
        index->order[index->bucket[key] + counts[key]++] = i;
    }

  return index;
}

static PhraseIndex *
phrase_index_get (void)
{
  static gsize once = 0;
  static PhraseIndex *index;

  if (g_once_init_enter (&once))
    {
      index = phrase_index_new (NULL);
      g_once_init_leave (&once, 1);
    }

  return index;
}

/* Returns the index over the phrases of the first @reasons array it is
 * called with, and NULL for any other array. The classifier searches
 * whole notices for one set of reasons, and the full index gave it every
 * other phrase to skip at each position. */
static PhraseIndex *
reason_index_get (const char * const *reasons)
{
  static gsize once = 0;
  static const char * const *indexed_reasons;
  static PhraseIndex *index;

  if (g_once_init_enter (&once))
    {
      indexed_reasons = reasons;
      index = phrase_index_new (reasons);
      g_once_init_leave (&once, 1);
    }

  return reasons == indexed_reasons ? index : NULL;
}

/* Returns the length of the code that starts a continuation line of a
 * multi-line SMTP reply at @p, or 0. Each line starts with the reply
 * code (RFC 5321 section 4.2.1) and the enhanced code (RFC 2034), as in
 * "550-5.7.28 ... unusual rate of\n550-5.7.28 unsolicited mail", and a
 * folded Diagnostic-Code joins the lines, so the repeat would split a
 * phrase. Only a repeat of a hyphenated code that came earlier counts,
 * so the reply's own first code stays. */
static gsize
continuation_length (const char *text,
                     const char *p)
{
  g_autofree char *hyphenated = NULL;
  gsize length = 4;

  if (p == text || (p[0] != '2' && p[0] != '4' && p[0] != '5') ||
      !g_ascii_isdigit (p[1]) || !g_ascii_isdigit (p[2]) || (p[3] != '-' && p[3] != ' '))
    return 0;

  /* An enhanced status code of the same class may follow. */
  if (p[4] == p[0] && p[5] == '.')
    {
      const char *q = p + 6;

      while (g_ascii_isdigit (*q) && q - p < 9)
        q++;
      if (q == p + 6 || *q != '.' || !g_ascii_isdigit (q[1]))
        return 0;
      q++;
      while (g_ascii_isdigit (*q) && q - p < 13)
        q++;
      if (*q != '\0' && !g_ascii_isspace (*q))
        return 0;
      length = q - p;
    }
  else if (p[3] != '-' || g_ascii_isdigit (p[4]))
    return 0;

  hyphenated = g_strndup (p, length);
  hyphenated[3] = '-';
  for (const char *hit = g_strstr_len (text, p - text, hyphenated); hit != NULL;
       hit = g_strstr_len (hit + 1, p - hit - 1, hyphenated))
    {
      /* "550-5.7.1" does not repeat "550-5.7.10". */
      if (length == 4 || !g_ascii_isdigit (hit[length]))
        return length;
    }

  return 0;
}

char *
_bounce_phrases_normalize (const char *text)
{
  g_autofree char *lowered = NULL;
  const char *source = text;
  char *normalized;
  gsize length = 0;
  gboolean in_space = TRUE;

  if (text == NULL)
    return g_strdup ("");

  /* Non-ASCII letters ("Empfänger", Cyrillic texts) need Unicode case
   * folding; the ASCII loop below handles the rest. */
  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p >= 0x80)
        {
          if (g_utf8_validate (text, -1, NULL))
            source = lowered = g_utf8_strdown (text, -1);
          break;
        }
    }

  /* The output is never longer than the input. Each notice passes here,
   * so the loop writes bytes directly rather than through GString. */
  normalized = g_malloc (strlen (source) + 1);
  for (const char *p = source; *p != '\0'; p++)
    {
      char c = *p;
      gsize skip;

      if (in_space && (skip = continuation_length (source, p)) > 0)
        {
          p += skip - 1;
          continue;
        }

      if (g_ascii_isspace (c))
        {
          if (!in_space)
            normalized[length++] = ' ';
          in_space = TRUE;
          continue;
        }

      normalized[length++] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
      in_space = FALSE;
    }

  if (length > 0 && normalized[length - 1] == ' ')
    length--;
  normalized[length] = '\0';
  mask_noise (normalized);

  return normalized;
}

/* Returns whether @pattern matches the text at @p. A '*' in a pattern
 * stands for one word (a host or a number: a run of characters without
 * spaces), so "host * not found" matches "host mx.example.com not found". */
static gboolean
pattern_matches_at (const char *p,
                    const char *pattern)
{
  const char *star = strchr (pattern, '*');
  gsize prefix_length;

  if (star == NULL)
    return strncmp (p, pattern, strlen (pattern)) == 0;

  prefix_length = star - pattern;
  if (strncmp (p, pattern, prefix_length) != 0)
    return FALSE;

  p += prefix_length;
  if (*p == '\0' || *p == ' ')
    return FALSE;
  while (*p != '\0' && *p != ' ')
    p++;

  return pattern_matches_at (p, star + 1);
}

static gboolean
has_reason (const BouncePhrase *phrase,
            const char * const *reasons)
{
  for (guint r = 0; reasons[r] != NULL; r++)
    {
      if (strcmp (phrase->reason, reasons[r]) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Returns the first phrase in table order that occurs in the text and
 * whose reason is one of @reasons (any reason when NULL). */
static const BouncePhrase *
match_phrase (const char         *normalized_text,
              const char * const *reasons)
{
  PhraseIndex *index = reasons != NULL ? reason_index_get (reasons) : NULL;
  guint best = G_N_ELEMENTS (phrases);

  if (index == NULL)
    index = phrase_index_get ();

  for (const guchar *p = (const guchar *) normalized_text; p[0] != '\0' && p[1] != '\0'; p++)
    {
      guint key = p[0] << 8 | p[1];

      for (guint k = index->bucket[key]; k < index->bucket[key + 1]; k++)
        {
          guint i = index->order[k];

          /* The bucket is in table order, so nothing later in it can win. */
          if (i >= best)
            break;
          /* A third byte that differs rules most candidates out cheaply. */
          if (index->length[i] > 2 && p[2] != (guchar) phrases[i].pattern[2] && phrases[i].pattern[2] != '*')
            continue;

          if ((index->wildcard[i] ? pattern_matches_at ((const char *) p, phrases[i].pattern)
                                  : strncmp ((const char *) p, phrases[i].pattern, index->length[i]) == 0) &&
              (reasons == NULL || has_reason (&phrases[i], reasons)))
            {
              best = i;
              break;
            }
        }
    }

  return best < G_N_ELEMENTS (phrases) ? &phrases[best] : NULL;
}

/* Returns whether @pattern occurs anywhere in @normalized_text. */
static gboolean
text_has_pattern (const char *normalized_text,
                  const char *pattern)
{
  const char *star = strchr (pattern, '*');
  g_autofree char *prefix = NULL;

  if (star == NULL)
    return strstr (normalized_text, pattern) != NULL;

  prefix = g_strndup (pattern, star - pattern);
  for (const char *hit = strstr (normalized_text, prefix); hit != NULL; hit = strstr (hit + 1, prefix))
    {
      if (pattern_matches_at (hit, pattern))
        return TRUE;
    }

  return FALSE;
}

/* Returns the first block phrase after @vague in the table that occurs in
 * the text and states a cause, or NULL. Rows before @vague cannot occur,
 * because @vague was the first match. */
static const BouncePhrase *
match_stated_block (const char         *normalized_text,
                    const BouncePhrase *vague)
{
  for (const BouncePhrase *phrase = vague + 1; phrase < phrases + G_N_ELEMENTS (phrases); phrase++)
    {
      if (phrase->category == BLOCKED && !phrase->bare &&
          text_has_pattern (normalized_text, phrase->pattern))
        return phrase;
    }

  return NULL;
}

/* Returns the first match of the table, and in @block the block phrase
 * that outweighs it, or NULL. */
static const BouncePhrase *
match_with_block (const char          *normalized_text,
                  const BouncePhrase **block)
{
  const BouncePhrase *phrase = match_phrase (normalized_text, NULL);

  *block = NULL;

  /* RFC 5321 section 4.2.3 gives "mailbox unavailable" for a missing
   * mailbox and for a policy rejection alike, so a block reason in the
   * same reply decides. GMX writes it on the last line, as in
   * "550-Requested action not taken: mailbox unavailable / 550 Reject due
   * to policy restrictions.", and a false hard verdict would delete a
   * live contact. */
  if (phrase != NULL && phrase->vague && phrase->category == HARD)
    *block = match_stated_block (normalized_text, phrase);

  return phrase;
}

const BouncePhrase *
_bounce_phrases_match (const char *normalized_text)
{
  const BouncePhrase *phrase;
  const BouncePhrase *block;

  g_return_val_if_fail (normalized_text != NULL, NULL);

  phrase = match_with_block (normalized_text, &block);

  return block != NULL ? block : phrase;
}

const BouncePhrase *
_bounce_phrases_find_outweighed (const char *normalized_text)
{
  const BouncePhrase *phrase;
  const BouncePhrase *block;

  g_return_val_if_fail (normalized_text != NULL, NULL);

  phrase = match_with_block (normalized_text, &block);

  return block != NULL ? phrase : NULL;
}

const BouncePhrase *
_bounce_phrases_match_reasons (const char         *normalized_text,
                               const char * const *reasons)
{
  g_return_val_if_fail (normalized_text != NULL, NULL);
  g_return_val_if_fail (reasons != NULL, NULL);

  return match_phrase (normalized_text, reasons);
}

const BouncePhrase *
_bounce_phrases_get_table (guint *n_phrases)
{
  if (n_phrases != NULL)
    *n_phrases = G_N_ELEMENTS (phrases);

  return phrases;
}

/* Sentences of delay warnings, in which the sending server states that
 * it is still trying. Gmail heads its warning "Message not delivered
 * yet" or "Delivery incomplete" and adds "Gmail will retry for 47 more
 * hours"; Exim writes "Delivery attempts will continue"; Sendmail's
 * banner reads "THIS IS A WARNING MESSAGE ONLY / YOU DO NOT NEED TO
 * RESEND YOUR MESSAGE"; OpenSMTPD's "this is only a temporary failure
 * report". */
static const char * const delay_sentences[] = {
  "has been delayed", "delivery is delayed", "delayed mail", "still trying",
  "will continue trying", "will keep trying", "will retry", "will be retried",
  "not yet been delivered", "not delivered yet", "not been delivered yet",
  "delivery incomplete", "continue to be attempted", "delivery attempts will continue",
  "could not send message for past", "warning: message", "this is only a warning",
  "is a warning only", "warning message only", "not need to resend", "not need to re-send",
  "temporary failure report", "is not a permanent error", "delivery delay",
  "hasn't been delivered yet", "keep trying to deliver", "has been deferred",
  "try to deliver it again",

  /* The same statements in other languages, as Microsoft Exchange words
   * its localized delay notices ("Zustellung verzögert", "Remise
   * différée") and as providers' own notices state "not delivered yet"
   * and "will keep trying". Only positive statements are listed, because
   * a failure notice may state that no further attempt will be made. */
  "noch nicht zugestellt", "zustellung verzögert", "wurde verzögert",
  "wird weiterhin versucht", "dies ist nur eine warnung",
  "pas encore été remis", "pas encore pu être remis", "pas encore été livré",
  "remise différée", "est différée", "continuera à tenter", "continuera d'essayer",
  "ceci est un avertissement",
  "todavía no se ha entregado", "aún no se ha entregado", "aún no ha podido ser entregado",
  "entrega retrasada", "se ha retrasado", "seguirá intentando", "esto es solo un aviso",
  "non è stato ancora recapitato", "non è stato ancora consegnato", "recapito ritardato",
  "è stato ritardato", "continuerà a tentare", "questo è solo un avviso",
  "ainda não foi entregue", "entrega atrasada", "está atrasada", "continuará tentando",
  "continuará a ser tentada", "este é apenas um aviso",
  "non ancora recapitato", "non ancora consegnato",
  "nog niet bezorgd", "nog niet afgeleverd", "nog niet worden afgeleverd", "probeert het nog",
  "bezorging vertraagd", "is vertraagd", "dit is slechts een waarschuwing",
  "まだ配信されていません", "配信が遅れています", "配信の遅延", "配信遅延", "引き続き配信を試み",
  "尚未传递", "尚未送达", "尚未投递", "传递延迟", "延迟传递", "延迟投递", "将继续尝试",
  "尚未傳遞", "延遲傳遞", "傳遞延遲",
  "еще не доставлено", "ещё не доставлено", "пока не доставлено", "задерживается",
  "задержка доставки", "попытки доставки будут продолжаться",
};

/* Whether @position follows a line break that ends a blank line. */
static gboolean
is_blank_line_end (const char *text,
                   const char *position)
{
  const char *p = position - 1;

  if (p < text || *p != '\n')
    return FALSE;
  if (p > text && p[-1] == '\r')
    p--;

  return p > text && p[-1] == '\n';
}

/* Whether the words of the clause that ends at @end negate or suppose
 * what follows them: "not", "never", "if", "unless" or a word ending in
 * "n't". The clause starts after the last sentence mark or blank line
 * before @end, at most 80 bytes back. */
static gboolean
clause_negates (const char *text,
                const char *end)
{
  static const char * const words[] = {
    "not", "never", "if", "unless",
    /* The same words in the languages of localized delay warnings,
     * whose "permanente" and "permanentemente" contain "permanent":
     * Gmail's Italian warning ends "se il recapito non va a buon fine in
     * modo permanente". */
    "non", "pas", "nicht", "niet", "não", "si", "se", "wenn", "falls", "als",
  };
  const char *start = end;
  g_auto(GStrv) tokens = NULL;
  g_autofree char *clause = NULL;

  while (start > text && end - start < 80 && strchr (".!?;", start[-1]) == NULL &&
         !is_blank_line_end (text, start))
    start--;

  clause = g_strndup (start, end - start);
  tokens = g_strsplit_set (clause, " \t\r\n,:()\"", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      if (g_str_has_suffix (tokens[i], "n't") || g_str_has_suffix (tokens[i], "n\xe2\x80\x99t"))
        return TRUE;
      for (guint j = 0; j < G_N_ELEMENTS (words); j++)
        {
          if (g_str_equal (tokens[i], words[j]))
            return TRUE;
        }
    }

  return FALSE;
}

/* Whether @lower_notice states that delivery failed for good (qmail:
 * "This is a permanent error; I've given up."). A negated or supposed
 * failure is no such statement: "This is not a permanent error", and
 * Gmail's delay warning ends "You'll be notified if the delivery fails
 * permanently." */
gboolean
_bounce_phrases_states_final_failure (const char *lower_notice)
{
  static const char * const words[] = { "permanent", "gave up", "given up", "giving up" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      for (const char *hit = strstr (lower_notice, words[i]); hit != NULL;
           hit = strstr (hit + 1, words[i]))
        {
          if (!clause_negates (lower_notice, hit))
            return TRUE;
        }
    }

  return FALSE;
}

const char *
_bounce_phrases_find_delay (const char *lower_text)
{
  g_return_val_if_fail (lower_text != NULL, NULL);

  if (_bounce_phrases_states_final_failure (lower_text))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (delay_sentences); i++)
    {
      if (strstr (lower_text, delay_sentences[i]) != NULL)
        return delay_sentences[i];
    }

  return NULL;
}

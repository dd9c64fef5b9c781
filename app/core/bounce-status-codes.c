/* bounce-status-codes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-status-codes"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bounce-reason.h"
#include "bounce-status-codes.h"
#include "bounce-status-codes-private.h"

#define HARD       BOUNCE_CATEGORY_HARD
#define SOFT       BOUNCE_CATEGORY_SOFT
#define BLOCKED    BOUNCE_CATEGORY_BLOCKED
#define UNKNOWN    BOUNCE_CATEGORY_UNKNOWN
#define DELIVERED  BOUNCE_CATEGORY_DELIVERED
#define NOT_BOUNCE BOUNCE_CATEGORY_NOT_BOUNCE

/* What the sender should do, by category. */
#define ACTION_REMOVE N_("Remove the address.")
#define ACTION_RETRY  N_("Keep the contact and try again later.")
#define ACTION_FIX    N_("Keep the contact and fix the sending: authentication, reputation or content.")
#define ACTION_READ   N_("Keep the contact and read the server's text, which decides.")
#define ACTION_NONE   N_("Nothing to do.")

typedef struct
{
  const char     *code;     /* "550", or "X.1.1" for every class */
  const char     *title;
  const char     *meaning;
  const char     *action;
  BounceCategory  category; /* for class 5; class 4 is derived */
  const char     *reason;
  const char     *source;
} StatusCodeRow;

/* Reply codes of RFC 5321 section 4.2.2 and 4.2.3, the AUTH codes of
 * RFC 4954 section 6, and the codes RFC 7504 added. The category is the
 * one the code implies alone; UNKNOWN means the text decides, as for 550
 * ("no such user" and "blocked as spam" alike) and 554. */
static const StatusCodeRow reply_rows[] = {
  { "211", N_("System status"), N_("A reply to a status request; it says nothing about delivery."), ACTION_NONE, NOT_BOUNCE, BOUNCE_REASON_NONE, "RFC 5321" },
  { "214", N_("Help message"), N_("A reply to a help request; it says nothing about delivery."), ACTION_NONE, NOT_BOUNCE, BOUNCE_REASON_NONE, "RFC 5321" },
  { "220", N_("Service ready"), N_("The receiving server greeted the sender."), ACTION_NONE, NOT_BOUNCE, BOUNCE_REASON_NONE, "RFC 5321" },
  { "221", N_("Closing connection"), N_("The receiving server ended the session normally."), ACTION_NONE, NOT_BOUNCE, BOUNCE_REASON_NONE, "RFC 5321" },
  { "235", N_("Authentication succeeded"), N_("The sender logged in to the server."), ACTION_NONE, NOT_BOUNCE, BOUNCE_REASON_NONE, "RFC 4954" },
  { "250", N_("Requested action completed"), N_("The receiving server accepted the message."), ACTION_NONE, DELIVERED, BOUNCE_REASON_DELIVERED, "RFC 5321" },
  { "251", N_("User not local, will forward"), N_("The receiving server accepted the message and forwards it to another address."), ACTION_NONE, DELIVERED, BOUNCE_REASON_DELIVERED, "RFC 5321" },
  { "252", N_("Cannot verify the user, will attempt delivery"), N_("The server accepted the message without checking the address."), ACTION_NONE, DELIVERED, BOUNCE_REASON_DELIVERED, "RFC 5321" },
  { "334", N_("Authentication challenge"), N_("A step of logging in; it says nothing about delivery."), ACTION_NONE, NOT_BOUNCE, BOUNCE_REASON_NONE, "RFC 4954" },
  { "354", N_("Start mail input"), N_("The server is ready for the message text."), ACTION_NONE, NOT_BOUNCE, BOUNCE_REASON_NONE, "RFC 5321" },
  { "421", N_("Service not available"), N_("The receiving server closed the connection for now, often because it is busy or limits this sender."), ACTION_RETRY, SOFT, BOUNCE_REASON_NETWORK_ERROR, "RFC 5321" },
  { "432", N_("Password transition needed"), N_("The sending account must change its password before it can log in."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 4954" },
  { "450", N_("Mailbox unavailable for now"), N_("The mailbox could not be used at the moment; the server will accept a later attempt."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYSTEM_ERROR, "RFC 5321" },
  { "451", N_("Local error in processing"), N_("The receiving server had a temporary problem."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYSTEM_ERROR, "RFC 5321" },
  { "452", N_("Insufficient system storage"), N_("The receiving server or mailbox is out of space for now."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYSTEM_ERROR, "RFC 5321" },
  { "454", N_("Temporary authentication failure"), N_("Logging in to the server failed for now."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 4954" },
  { "455", N_("Server unable to accommodate parameters"), N_("The server could not handle the sending options for now."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYSTEM_ERROR, "RFC 5321" },
  { "500", N_("Syntax error, command unrecognized"), N_("The receiving server did not understand a command of the sending server."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYNTAX_ERROR, "RFC 5321" },
  { "501", N_("Syntax error in parameters"), N_("A command or an address sent to the server was malformed."), ACTION_READ, SOFT, BOUNCE_REASON_SYNTAX_ERROR, "RFC 5321" },
  { "502", N_("Command not implemented"), N_("The receiving server does not support a command the sender used."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYNTAX_ERROR, "RFC 5321" },
  { "503", N_("Bad sequence of commands"), N_("The sending server used commands in the wrong order."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYNTAX_ERROR, "RFC 5321" },
  { "504", N_("Command parameter not implemented"), N_("The receiving server does not support an option the sender used."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYNTAX_ERROR, "RFC 5321" },
  { "521", N_("Host does not accept mail"), N_("The receiving host accepts no mail at all, or refused this sender at connection."), ACTION_READ, UNKNOWN, BOUNCE_REASON_UNDETERMINED, "RFC 7504" },
  { "530", N_("Authentication required"), N_("The server accepts mail only from senders that log in."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 4954" },
  { "534", N_("Authentication mechanism is too weak"), N_("The server requires a stronger way of logging in."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 4954" },
  { "535", N_("Authentication credentials invalid"), N_("The user name or password used to log in was rejected."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 4954" },
  { "538", N_("Encryption required"), N_("The server requires an encrypted connection for this way of logging in."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 4954" },
  { "550", N_("Mailbox unavailable"), N_("The server refused the message: servers use this code both for addresses that do not exist and for mail they block."), ACTION_READ, UNKNOWN, BOUNCE_REASON_UNDETERMINED, "RFC 5321" },
  { "551", N_("User not local"), N_("The address is no longer served here; the server may name a new address."), ACTION_REMOVE, HARD, BOUNCE_REASON_MAILBOX_MOVED, "RFC 5321" },
  { "552", N_("Exceeded storage allocation"), N_("The mailbox is full or the message is too large."), ACTION_RETRY, SOFT, BOUNCE_REASON_MAILBOX_FULL, "RFC 5321" },
  { "553", N_("Mailbox name not allowed"), N_("The server refused the address, often because of its syntax and sometimes as a block."), ACTION_READ, UNKNOWN, BOUNCE_REASON_UNDETERMINED, "RFC 5321" },
  { "554", N_("Transaction failed"), N_("The server refused the message without a more precise code."), ACTION_READ, UNKNOWN, BOUNCE_REASON_UNDETERMINED, "RFC 5321" },
  { "555", N_("Parameters not recognized"), N_("The server did not support an option of the sender's MAIL FROM or RCPT TO command."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYNTAX_ERROR, "RFC 5321" },
  { "556", N_("Domain does not accept mail"), N_("The recipient's domain accepts no mail at all."), ACTION_REMOVE, HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "RFC 7504" },
  /* Fallbacks by class (RFC 5321 section 4.2.1). */
  { "2xx", N_("Positive completion"), N_("The server accepted the request."), ACTION_NONE, DELIVERED, BOUNCE_REASON_DELIVERED, "RFC 5321" },
  { "4xx", N_("Transient failure"), N_("The server refused for now; a later attempt may succeed."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYSTEM_ERROR, "RFC 5321" },
  { "5xx", N_("Permanent failure"), N_("The server refused the message; the text says why."), ACTION_READ, UNKNOWN, BOUNCE_REASON_UNDETERMINED, "RFC 5321" },
};

/* Enhanced status codes of RFC 3463 and the IANA registry "Simple Mail
 * Transfer Protocol (SMTP) Enhanced Status Codes", written once for all
 * classes (X = 2, 4 or 5). The category is the one for class 5; class 4
 * turns hard into soft and class 2 means delivered. X.0.0 of each subject
 * is the fallback for unknown details. */
static const StatusCodeRow enhanced_rows[] = {
  { "X.0.0", N_("Other undefined status"), N_("The server gave no details."), ACTION_READ, UNKNOWN, BOUNCE_REASON_UNDETERMINED, "RFC 3463" },
  /* X.1: addressing */
  { "X.1.0", N_("Other address status"), N_("Something is wrong with an address."), ACTION_READ, UNKNOWN, BOUNCE_REASON_UNDETERMINED, "RFC 3463" },
  { "X.1.1", N_("Bad destination mailbox address"), N_("The mailbox does not exist at the recipient's domain."), ACTION_REMOVE, HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "RFC 3463" },
  { "X.1.2", N_("Bad destination system address"), N_("The recipient's domain or mail server does not exist or accepts no mail."), ACTION_REMOVE, HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "RFC 3463" },
  { "X.1.3", N_("Bad destination mailbox address syntax"), N_("The address is not written correctly and can never receive mail."), ACTION_REMOVE, HARD, BOUNCE_REASON_SYNTAX_ERROR, "RFC 3463" },
  { "X.1.4", N_("Destination mailbox address ambiguous"), N_("The address matches more than one mailbox at the recipient's server."), ACTION_READ, SOFT, BOUNCE_REASON_SYSTEM_ERROR, "RFC 3463" },
  { "X.1.5", N_("Destination address valid"), N_("The address is valid."), ACTION_NONE, UNKNOWN, BOUNCE_REASON_UNDETERMINED, "RFC 3463" },
  { "X.1.6", N_("Destination mailbox has moved"), N_("The mailbox has moved and the server gave no forwarding address."), ACTION_REMOVE, HARD, BOUNCE_REASON_MAILBOX_MOVED, "RFC 3463" },
  { "X.1.7", N_("Bad sender's mailbox address syntax"), N_("The server refused the sender's address as malformed."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 3463" },
  { "X.1.8", N_("Bad sender's system address"), N_("The server refused the sender's domain, often because it does not resolve."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 3463" },
  { "X.1.9", N_("Message relayed to non-compliant mailer"), N_("The message was passed to a system that sends no delivery reports."), ACTION_NONE, UNKNOWN, BOUNCE_REASON_UNDETERMINED, "RFC 3886" },
  { "X.1.10", N_("Recipient address has null MX"), N_("The recipient's domain declares that it accepts no mail."), ACTION_REMOVE, HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "RFC 7505" },
  /* X.2: the mailbox */
  { "X.2.0", N_("Other or undefined mailbox status"), N_("Something is wrong with the mailbox; the text says what."), ACTION_READ, UNKNOWN, BOUNCE_REASON_UNDETERMINED, "RFC 3463" },
  { "X.2.1", N_("Mailbox disabled, not accepting messages"), N_("The mailbox exists but is disabled or suspended."), ACTION_RETRY, SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "RFC 3463" },
  { "X.2.2", N_("Mailbox full"), N_("The recipient's mailbox is full."), ACTION_RETRY, SOFT, BOUNCE_REASON_MAILBOX_FULL, "RFC 3463" },
  { "X.2.3", N_("Message length exceeds administrative limit"), N_("The message is larger than the mailbox accepts."), ACTION_RETRY, SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE, "RFC 3463" },
  { "X.2.4", N_("Mailing list expansion problem"), N_("The recipient is a mailing list that could not be expanded."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYSTEM_ERROR, "RFC 3463" },
  /* X.3: the receiving mail system */
  { "X.3.0", N_("Other or undefined mail system status"), N_("The receiving mail system has a problem."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYSTEM_ERROR, "RFC 3463" },
  { "X.3.1", N_("Mail system full"), N_("The receiving mail system is out of storage."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYSTEM_ERROR, "RFC 3463" },
  { "X.3.2", N_("System not accepting network messages"), N_("The receiving system is not accepting mail at the moment."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYSTEM_ERROR, "RFC 3463" },
  { "X.3.3", N_("System not capable of selected features"), N_("The receiving system does not support a feature the message needs."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYSTEM_ERROR, "RFC 3463" },
  { "X.3.4", N_("Message too big for system"), N_("The message is larger than the receiving system accepts."), ACTION_RETRY, SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE, "RFC 3463" },
  { "X.3.5", N_("System incorrectly configured"), N_("The receiving system is misconfigured."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYSTEM_ERROR, "RFC 3463" },
  { "X.3.6", N_("Requested priority was changed"), N_("The message was accepted at another priority."), ACTION_NONE, SOFT, BOUNCE_REASON_SYSTEM_ERROR, "RFC 6710" },
  /* X.4: network and routing */
  { "X.4.0", N_("Other or undefined network or routing status"), N_("A network or routing problem stopped delivery."), ACTION_RETRY, SOFT, BOUNCE_REASON_NETWORK_ERROR, "RFC 3463" },
  { "X.4.1", N_("No answer from host"), N_("The recipient's server did not answer."), ACTION_RETRY, SOFT, BOUNCE_REASON_NETWORK_ERROR, "RFC 3463" },
  { "X.4.2", N_("Bad connection"), N_("The connection to the recipient's server broke."), ACTION_RETRY, SOFT, BOUNCE_REASON_NETWORK_ERROR, "RFC 3463" },
  { "X.4.3", N_("Directory server failure"), N_("A directory or DNS server failed while routing the message."), ACTION_RETRY, SOFT, BOUNCE_REASON_NETWORK_ERROR, "RFC 3463" },
  { "X.4.4", N_("Unable to route"), N_("No mail server could be found for the recipient's domain."), ACTION_REMOVE, HARD, BOUNCE_REASON_DOMAIN_UNKNOWN, "RFC 3463" },
  { "X.4.5", N_("Mail system congestion"), N_("The receiving system is overloaded."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYSTEM_ERROR, "RFC 3463" },
  { "X.4.6", N_("Routing loop detected"), N_("The message went round in a loop between servers."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYSTEM_ERROR, "RFC 3463" },
  { "X.4.7", N_("Delivery time expired"), N_("The servers gave up after retrying for too long."), ACTION_RETRY, SOFT, BOUNCE_REASON_EXPIRED, "RFC 3463" },
  /* X.5: the SMTP protocol */
  { "X.5.0", N_("Other or undefined protocol status"), N_("The servers could not agree on the SMTP protocol."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYSTEM_ERROR, "RFC 3463" },
  { "X.5.1", N_("Invalid command"), N_("The receiving server refused a command it does not know."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYNTAX_ERROR, "RFC 3463" },
  { "X.5.2", N_("Syntax error"), N_("The receiving server could not parse a command."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYNTAX_ERROR, "RFC 3463" },
  { "X.5.3", N_("Too many recipients"), N_("The message had more recipients than the server accepts at once."), ACTION_RETRY, BLOCKED, BOUNCE_REASON_RATE_LIMITED, "RFC 3463" },
  { "X.5.4", N_("Invalid command arguments"), N_("A command had arguments the server does not accept."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYNTAX_ERROR, "RFC 3463" },
  { "X.5.5", N_("Wrong protocol version"), N_("The servers use incompatible protocol versions."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYNTAX_ERROR, "RFC 3463" },
  { "X.5.6", N_("Authentication exchange line is too long"), N_("A login step was longer than the server accepts."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 4954" },
  /* X.6: message content and media */
  { "X.6.0", N_("Other or undefined media error"), N_("The server refused the content of the message."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 3463" },
  { "X.6.1", N_("Media not supported"), N_("The message contains a kind of content the server does not accept."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 3463" },
  { "X.6.2", N_("Conversion required and prohibited"), N_("The message would need a conversion the sender forbade."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 3463" },
  { "X.6.3", N_("Conversion required but not supported"), N_("The message would need a conversion the server cannot do."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 3463" },
  { "X.6.4", N_("Conversion with loss performed"), N_("The message was converted and lost some content."), ACTION_NONE, BLOCKED, BOUNCE_REASON_POLICY, "RFC 3463" },
  { "X.6.5", N_("Conversion failed"), N_("Converting the message failed."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 3463" },
  { "X.6.6", N_("Message content not available"), N_("Referenced content of the message could not be fetched."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 4468" },
  { "X.6.7", N_("Non-ASCII addresses not permitted"), N_("The server does not accept internationalized addresses."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 6531" },
  { "X.6.8", N_("UTF-8 string reply is required"), N_("The server needs UTF-8 support the sending side lacks."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 6531" },
  { "X.6.9", N_("UTF-8 header message cannot be transferred"), N_("The message has UTF-8 headers the next server cannot receive."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 6531" },
  { "X.6.10", N_("UTF-8 string reply is required"), N_("The server needs UTF-8 support the sending side lacks."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 6531" },
  /* X.7: security and policy */
  { "X.7.0", N_("Other or undefined security status"), N_("The server refused the message for a security or policy reason."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 3463" },
  { "X.7.1", N_("Delivery not authorized, message refused"), N_("The server refused the sender or the message by policy; some servers also use this code for unknown recipients."), ACTION_READ, BLOCKED, BOUNCE_REASON_POLICY, "RFC 3463" },
  { "X.7.2", N_("Mailing list expansion prohibited"), N_("The sender may not write to this mailing list."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 3463" },
  { "X.7.3", N_("Security conversion required but not possible"), N_("The message would need a security conversion the server cannot do."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 3463" },
  { "X.7.4", N_("Security features not supported"), N_("The message uses security features the server does not support."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 3463" },
  { "X.7.5", N_("Cryptographic failure"), N_("Checking a signature or decrypting the message failed."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 3463" },
  { "X.7.6", N_("Cryptographic algorithm not supported"), N_("The message uses an algorithm the server does not support."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 3463" },
  { "X.7.7", N_("Message integrity failure"), N_("The message was changed on its way or its signature does not match."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 3463" },
  { "X.7.8", N_("Authentication credentials invalid"), N_("The sender's login was rejected."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 4954" },
  { "X.7.9", N_("Authentication mechanism is too weak"), N_("The server requires a stronger way of logging in."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 4954" },
  { "X.7.10", N_("Encryption needed"), N_("The server requires an encrypted connection."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 5248" },
  { "X.7.11", N_("Encryption required for requested authentication mechanism"), N_("This way of logging in needs an encrypted connection."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 4954" },
  { "X.7.12", N_("A password transition is needed"), N_("The sending account must change its password."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 4954" },
  { "X.7.13", N_("User account disabled"), N_("The account is disabled."), ACTION_RETRY, SOFT, BOUNCE_REASON_MAILBOX_DISABLED, "RFC 5248" },
  { "X.7.14", N_("Trust relationship required"), N_("The server accepts mail only from systems it trusts."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 5248" },
  { "X.7.15", N_("Priority level is too low"), N_("The server refused the message's priority."), ACTION_RETRY, BLOCKED, BOUNCE_REASON_POLICY, "RFC 6710" },
  { "X.7.16", N_("Message is too big for the specified priority"), N_("The message is too large for its priority."), ACTION_RETRY, SOFT, BOUNCE_REASON_MESSAGE_TOO_LARGE, "RFC 6710" },
  { "X.7.17", N_("Mailbox owner has changed"), N_("The mailbox now belongs to someone else."), ACTION_REMOVE, HARD, BOUNCE_REASON_MAILBOX_MOVED, "RFC 7293" },
  { "X.7.18", N_("Domain owner has changed"), N_("The recipient's domain now belongs to someone else."), ACTION_REMOVE, HARD, BOUNCE_REASON_MAILBOX_MOVED, "RFC 7293" },
  { "X.7.19", N_("RRVS test cannot be completed"), N_("The server could not check whether the mailbox changed owner."), ACTION_RETRY, SOFT, BOUNCE_REASON_SYSTEM_ERROR, "RFC 7293" },
  { "X.7.20", N_("No passing DKIM signature found"), N_("The message had no valid DKIM signature."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 7372" },
  { "X.7.21", N_("No acceptable DKIM signature found"), N_("The message's DKIM signatures did not meet the server's rules."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 7372" },
  { "X.7.22", N_("No valid author-matched DKIM signature found"), N_("No DKIM signature matched the From domain."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 7372" },
  { "X.7.23", N_("SPF validation failed"), N_("The sending server is not allowed by the sender domain's SPF record."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 7372" },
  { "X.7.24", N_("SPF validation error"), N_("The sender domain's SPF record could not be checked."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 7372" },
  { "X.7.25", N_("Reverse DNS validation failed"), N_("The sending server's IP address has no matching host name."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 7372" },
  { "X.7.26", N_("Multiple authentication checks failed"), N_("The message failed SPF, DKIM or DMARC checks."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 7372" },
  { "X.7.27", N_("Sender address has null MX"), N_("The sender's domain declares that it accepts no mail, so replies could not reach it."), ACTION_FIX, BLOCKED, BOUNCE_REASON_POLICY, "RFC 7505" },
  { "X.7.28", N_("Mail flood detected"), N_("The server saw an unusual volume of mail from this sender."), ACTION_FIX, BLOCKED, BOUNCE_REASON_REPUTATION, "Gmail 550 5.7.28" },
  { "X.7.29", N_("ARC validation failure"), N_("The message's ARC chain did not validate."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 8617" },
  { "X.7.30", N_("REQUIRETLS support required"), N_("The message requires TLS on every hop and a server lacks it."), ACTION_FIX, BLOCKED, BOUNCE_REASON_AUTHENTICATION_FAILED, "RFC 8689" },
};

typedef struct
{
  BounceStatusCode public;  /* first, so a pointer to it is a pointer to this */
  const char      *reason;
} StatusCodeEntry;

/* The catalogue with its texts translated and the X rows expanded for the
 * classes 2, 4 and 5, built once and never freed. */
static GHashTable *
catalogue_get (void)
{
  static gsize once = 0;
  static GHashTable *catalogue;

  if (g_once_init_enter (&once))
    {
      GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);
      static const char classes[] = { '2', '4', '5' };

      for (guint i = 0; i < G_N_ELEMENTS (reply_rows); i++)
        {
          const StatusCodeRow *row = &reply_rows[i];
          StatusCodeEntry *entry = g_new0 (StatusCodeEntry, 1);

          entry->public.code = row->code;
          entry->public.title = _(row->title);
          entry->public.meaning = _(row->meaning);
          entry->public.action = _(row->action);
          entry->public.category = row->category;
          entry->public.source = row->source;
          entry->reason = row->reason;
          g_hash_table_insert (table, (gpointer) entry->public.code, entry);
        }

      for (guint i = 0; i < G_N_ELEMENTS (enhanced_rows); i++)
        {
          const StatusCodeRow *row = &enhanced_rows[i];

          for (guint c = 0; c < G_N_ELEMENTS (classes); c++)
            {
              StatusCodeEntry *entry = g_new0 (StatusCodeEntry, 1);
              char *code = g_strdup (row->code);

              code[0] = classes[c];
              entry->public.code = code;
              entry->public.title = _(row->title);
              entry->public.meaning = _(row->meaning);
              entry->public.source = row->source;

              if (classes[c] == '2')
                {
                  entry->public.action = _(ACTION_NONE);
                  entry->public.category = DELIVERED;
                  entry->reason = BOUNCE_REASON_DELIVERED;
                }
              else if (classes[c] == '4' && row->category == HARD)
                {
                  /* A transient code never proves that an address is dead. */
                  entry->public.action = _(ACTION_RETRY);
                  entry->public.category = SOFT;
                  entry->reason = row->reason;
                }
              else
                {
                  entry->public.action = _(row->action);
                  entry->public.category = row->category;
                  entry->reason = row->reason;
                }

              g_hash_table_insert (table, code, entry);
            }
        }

      catalogue = table;
      g_once_init_leave (&once, 1);
    }

  return catalogue;
}

/* Splits "5.1.10" into its parts; FALSE unless it is class.subject.detail
 * with a class of 2, 4 or 5 (RFC 3463 section 2). */
static gboolean
parse_enhanced (const char *code,
                char       *klass,
                guint      *subject,
                guint      *detail)
{
  const char *p = code;
  char *end;
  guint64 value;

  if ((p[0] != '2' && p[0] != '4' && p[0] != '5') || p[1] != '.')
    return FALSE;
  *klass = p[0];
  p += 2;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  value = g_ascii_strtoull (p, &end, 10);
  if (*end != '.' || end - p > 3 || value > 999)
    return FALSE;
  *subject = (guint) value;
  p = end + 1;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  value = g_ascii_strtoull (p, &end, 10);
  if (*end != '\0' || end - p > 3 || value > 999)
    return FALSE;
  *detail = (guint) value;

  return TRUE;
}

static const StatusCodeEntry *
lookup_entry (const char *code)
{
  GHashTable *catalogue = catalogue_get ();
  const StatusCodeEntry *entry;
  char klass;
  guint subject, detail;
  char key[16];

  entry = g_hash_table_lookup (catalogue, code);
  if (entry != NULL)
    return entry;

  /* A three-digit reply code falls back to its class. */
  if (strlen (code) == 3 && g_ascii_isdigit (code[0]) &&
      g_ascii_isdigit (code[1]) && g_ascii_isdigit (code[2]))
    {
      g_snprintf (key, sizeof key, "%cxx", code[0]);
      return g_hash_table_lookup (catalogue, key);
    }

  /* An enhanced code falls back to X.subject.0, then to X.0.0. */
  if (!parse_enhanced (code, &klass, &subject, &detail))
    return NULL;

  g_snprintf (key, sizeof key, "%c.%u.0", klass, subject);
  entry = g_hash_table_lookup (catalogue, key);
  if (entry != NULL)
    return entry;

  g_snprintf (key, sizeof key, "%c.0.0", klass);

  return g_hash_table_lookup (catalogue, key);
}

const BounceStatusCode *
bounce_status_code_lookup (const char *code)
{
  const StatusCodeEntry *entry;

  g_return_val_if_fail (code != NULL, NULL);

  entry = lookup_entry (code);

  return entry != NULL ? &entry->public : NULL;
}

gboolean
_bounce_status_code_classify (const char      *code,
                              BounceCategory  *category,
                              const char     **reason)
{
  const StatusCodeEntry *entry;

  if (code == NULL || code[0] == '\0')
    return FALSE;

  entry = lookup_entry (code);
  if (entry == NULL || entry->public.category == UNKNOWN)
    return FALSE;

  *category = entry->public.category;
  *reason = entry->reason;

  return TRUE;
}

/* bounce-reason.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bounce-category.h"

G_BEGIN_DECLS

/* The finer cause that goes with a category. Values are static strings
 * and can be compared by pointer or with g_str_equal(). */
#define BOUNCE_REASON_MAILBOX_UNKNOWN       "mailbox-unknown"
#define BOUNCE_REASON_DOMAIN_UNKNOWN        "domain-unknown"
#define BOUNCE_REASON_MAILBOX_MOVED         "mailbox-moved"
#define BOUNCE_REASON_MAILBOX_FULL          "mailbox-full"
#define BOUNCE_REASON_MAILBOX_DISABLED      "mailbox-disabled"
#define BOUNCE_REASON_MESSAGE_TOO_LARGE     "message-too-large"
#define BOUNCE_REASON_SPAM_BLOCKED          "spam-blocked"
#define BOUNCE_REASON_AUTHENTICATION_FAILED "authentication-failed"
#define BOUNCE_REASON_REPUTATION            "reputation"
#define BOUNCE_REASON_RATE_LIMITED          "rate-limited"
#define BOUNCE_REASON_POLICY                "policy"
#define BOUNCE_REASON_RELAY_DENIED          "relay-denied"
#define BOUNCE_REASON_VIRUS                 "virus-detected"
/* A "user unknown" given at the DATA stage, at no stage the report names,
 * or with an X.2.x code. Content filters reply so too, so the address may
 * still work. */
#define BOUNCE_REASON_FILTERED              "filtered"
#define BOUNCE_REASON_SYSTEM_ERROR          "system-error"
/* A refusal of the sender's own account (suspended, disabled, over its
 * sending quota) or a fault of the sending server's own set-up. It hits
 * every recipient alike and reveals nothing about any of them. */
#define BOUNCE_REASON_SENDER_SIDE           "sender-side"
/* Greylisting. The server rejects a sender it has not seen before with a
 * 4xx reply and accepts the message when the sender retries. */
#define BOUNCE_REASON_GREYLISTED            "greylisted"
#define BOUNCE_REASON_NETWORK_ERROR         "network-error"
#define BOUNCE_REASON_EXPIRED               "expired"
#define BOUNCE_REASON_SYNTAX_ERROR          "syntax-error"
#define BOUNCE_REASON_SPAM_COMPLAINT        "spam-complaint"
/* A feedback report of type opt-out (ARF drafts before RFC 5965): the
 * recipient asked for no more mail. */
#define BOUNCE_REASON_UNSUBSCRIBE           "unsubscribe"
/* A feedback report of a type that is no complaint and no failed
 * delivery, such as fraud or other (RFC 5965). */
#define BOUNCE_REASON_FEEDBACK_REPORT       "feedback-report"
#define BOUNCE_REASON_AUTO_REPLY            "auto-reply"
#define BOUNCE_REASON_DELAYED               "delayed"
#define BOUNCE_REASON_DELIVERED             "delivered"
#define BOUNCE_REASON_UNREADABLE            "unreadable"
#define BOUNCE_REASON_NONE                  "none"
#define BOUNCE_REASON_UNDETERMINED          "undetermined"

/* Translated short description of a reason ("The mailbox is full."), or
 * NULL for a reason this table does not know. */
const char *bounce_reason_get_description (const char *reason);

/* Like bounce_reason_get_description(), but for a record whose verdict
 * is @category. A 4xx refusal whose words name a permanent cause ("421
 * 4.7.0 user unknown") is a soft bounce. Its text then states that the
 * failure is temporary, not that the address does not exist. */
const char *bounce_reason_get_description_for (const char     *reason,
                                               BounceCategory  category);

/* Translated advice for a bounce whose verdict is @category and whose
 * cause is @reason. Blocks that new content or a better reputation
 * cannot fix, such as a refused relay or a "user unknown" from a content
 * filter, get their own advice instead of the category's. */
const char *bounce_reason_get_action_for      (const char     *reason,
                                               BounceCategory  category);

G_END_DECLS

/* bounce-parser-forward-private.h: a message that a person forwarded
 * inline, as text in the body of their own message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The header block and text of a message forwarded inline. The fields
 * are the values as the mail program wrote them (UTF-8, trimmed), or
 * NULL when the block has no such line. */
typedef struct
{
  char *from;
  char *to;
  char *subject;
  char *date;
  char *body;    /* the forwarded text, one level of ">" quoting removed */
} BounceInlineForward;

/* Finds the first message forwarded inline in @text, the readable text
 * of a message: a separator line that mail programs write before it
 * ("---------- Forwarded message ---------", "-------- Original Message
 * --------", "Begin forwarded message:"), then a block of From, Date,
 * Subject and To lines, then the forwarded text. Returns NULL when
 * @text forwards nothing or the block has no From line. */
BounceInlineForward *_bounce_inline_forward_find       (const char *text);
void                 _bounce_inline_forward_free       (BounceInlineForward *forward);

/* Returns @forward rebuilt as an RFC 5322 message with a text/plain
 * body, for the parser to read as the message it was. GMime encodes the
 * header values. @fallback_date, which may be NULL, becomes the Date when
 * the block has none or one GMime cannot read (Gmail in German writes
 * "Mo., 7. Apr. 2025 um 18:20 Uhr"). */
GByteArray          *_bounce_inline_forward_to_message (const BounceInlineForward *forward,
                                                        GDateTime                 *fallback_date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BounceInlineForward, _bounce_inline_forward_free)

G_END_DECLS

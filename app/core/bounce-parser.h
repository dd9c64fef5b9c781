/* bounce-parser.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bounce-record.h"

G_BEGIN_DECLS

/* Call once before any parsing (initialises GMime). Thread-safe. It also
 * makes GMime, for the whole process, parse message/rfc822 parts as leaf
 * parts rather than as embedded messages. */
void       bounce_parser_init     (void);

/* Parses one message (the bytes of one file or of one mbox entry) into
 * bounce records, one per failed recipient. Never returns an empty array:
 * an ordinary message gives one BOUNCE_CATEGORY_NOT_BOUNCE record and bytes
 * that are not a message give one BOUNCE_CATEGORY_UNREADABLE record with
 * its error set. Safe to call from several threads at once.
 *
 * @file is stored in each record as given; @offset is -1 outside an mbox.
 * Returns: (transfer full) (element-type BounceRecord) */
GPtrArray *bounce_parse_message   (const char *data,
                                   gsize       length,
                                   const char *file,
                                   gint64      offset,
                                   guint       index);

G_END_DECLS

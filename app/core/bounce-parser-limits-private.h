/* bounce-parser-limits-private.h: the limits on the MIME structure of one
 * message, applied before GMime reads it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each limit is explained where bounce-parser-limits.c enforces it. */
#define BOUNCE_PARSER_MAX_MIME_DEPTH     32
#define BOUNCE_PARSER_MAX_MIME_PARTS     1000
#define BOUNCE_PARSER_MAX_HEADER_FIELDS  10000
#define BOUNCE_PARSER_MAX_HEADER_BYTES   (1024 * 1024)
#define BOUNCE_PARSER_MAX_FIELD_BYTES    (64 * 1024)
#define BOUNCE_PARSER_MAX_LINE_BYTES     1000

/* The limits a message exceeded. */
typedef enum
{
  BOUNCE_PARSER_LIMIT_NONE          = 0,
  BOUNCE_PARSER_LIMIT_DEPTH         = 1 << 0,
  BOUNCE_PARSER_LIMIT_PARTS         = 1 << 1,
  BOUNCE_PARSER_LIMIT_HEADER_FIELDS = 1 << 2,
  BOUNCE_PARSER_LIMIT_HEADER_BYTES  = 1 << 3,
  BOUNCE_PARSER_LIMIT_FIELD_BYTES   = 1 << 4,
  BOUNCE_PARSER_LIMIT_LONG_LINE     = 1 << 5,
} BounceParserLimits;

/* What the walk of a message found, in the copy it returned (or the
 * message itself): GMime builds at most this much from it. */
typedef struct
{
  guint parts;         /* MIME parts that follow a boundary line */
  guint depth;         /* maximum number of nested multiparts */
  guint header_fields; /* header fields, in every header block */
} BounceMimeShape;

/* Walks the MIME structure of @data (LF line ends, no NUL bytes) as GMime
 * 3.2 reads it, and returns a copy cut to the limits above, or NULL when
 * @data is within them. @exceeded is set to the limits the message
 * exceeded; @shape, which may be NULL, to what the result contains. */
GByteArray *_bounce_parser_apply_limits    (const guint8       *data,
                                            gsize               length,
                                            BounceParserLimits *exceeded,
                                            BounceMimeShape    *shape);

/* Whether @data is too small to exceed any of the limits above, which
 * also holds for any copy of it with whole lines left out. Then
 * _bounce_parser_apply_limits() returns NULL without walking it. */
gboolean    _bounce_parser_cannot_exceed_limits (const guint8 *data,
                                                 gsize         length);

/* Returns one translated sentence per limit in @exceeded, saying what was
 * not read. */
char       *_bounce_parser_describe_limits (BounceParserLimits  exceeded);

/* Parses @data with GMime and counts the parts, levels and header fields
 * it built, for the tests that check _bounce_parser_apply_limits()
 * against GMime. FALSE when GMime built nothing. Call bounce_parser_init()
 * first. */
gboolean    _bounce_parser_measure_gmime_shape (const guint8    *data,
                                                gsize            length,
                                                BounceMimeShape *shape);

G_END_DECLS

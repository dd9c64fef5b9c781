/* bounce-parser-limits.c: keeps a hostile MIME structure away from GMime.
 *
 * GMime builds an object for every header field and every MIME part it
 * reads, and compares every line that starts with "--" with the boundary
 * of each multipart around it. Measured with GMime 3.2.13 through
 * bounce-cli scan, a 10 MB message of empty parts took 2.6 GB of memory.
 * 10 MB of short header fields in one part took 1 GB, and 60 MB of nested
 * multiparts took 20 seconds. Messages of up to 64 MB are read, so before
 * GMime reads one, this walk follows its MIME structure the way GMime 3.2
 * reads it (gmime-parser.c) and makes a copy within the limits below.
 * Real bounces are far inside them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-parser"

/* For memmem(). */
#define _GNU_SOURCE

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>

#include "bounce-format.h"
#include "bounce-parser-limits-private.h"

/* The field that makes a multipart too deep a leaf: GMime takes the last
 * Content-Type field of a header block, and this type is neither text
 * nor a report, so the parser does not search its content. */
static const char leaf_content_type[] = "Content-Type: application/octet-stream\n";

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeContentType, g_object_unref)

typedef struct
{
  const char         *data;
  gsize               length;

  /* The copy, made at the first change. Bytes of data before @copied are
   * in it already, or were dropped. */
  GByteArray         *copy;
  gsize               copied;
  gboolean            cut;       /* the rest of data is dropped */

  /* "--" and the boundary of each multipart around the current line,
   * innermost last, as GMime's boundary stack stores them. */
  GPtrArray          *boundaries;
  gsize               header_bytes;

  BounceParserLimits  exceeded;
  BounceMimeShape     shape;
} LimitWalk;

/* The last Content-Type field of a header block that is kept. */
typedef struct
{
  gsize value_start;
  gsize value_end;
} ContentTypeField;

/* Replaces the bytes from @from to @to with @text (NULL for none). Edits
 * come in the order of the data. */
static void
replace (LimitWalk  *walk,
         gsize       from,
         gsize       to,
         const char *text)
{
  g_assert (from >= walk->copied && to >= from);

  if (walk->copy == NULL)
    {
      walk->copy = g_byte_array_sized_new (MIN (walk->length, 1024 * 1024) + 64);
      walk->copied = 0;
    }
  g_byte_array_append (walk->copy, (const guint8 *) walk->data + walk->copied, from - walk->copied);
  if (text != NULL)
    g_byte_array_append (walk->copy, (const guint8 *) text, strlen (text));
  walk->copied = to;
}

/* Drops everything from @offset on. */
static void
cut_at (LimitWalk          *walk,
        gsize               offset,
        BounceParserLimits  limit)
{
  replace (walk, offset, walk->length, NULL);
  walk->cut = TRUE;
  walk->exceeded |= limit;
}

static gsize
next_line (const LimitWalk *walk,
           gsize            offset)
{
  const char *eol = memchr (walk->data + offset, '\n', walk->length - offset);

  return eol != NULL ? (gsize) (eol + 1 - walk->data) : walk->length;
}

/* Whether the field that starts at @start is Content-Type, by GMime's
 * reading of a field name: no blank or control character inside it,
 * blanks allowed before the colon. Sets @colon. */
static gboolean
is_content_type_field (const LimitWalk *walk,
                       gsize            start,
                       gsize            end,
                       gsize           *colon)
{
  static const char name[] = "Content-Type";
  const char *line = walk->data + start;
  const char *found = memchr (line, ':', next_line (walk, start) - start);
  gsize length;

  if (found == NULL || found >= walk->data + end)
    return FALSE;
  *colon = found - walk->data;

  length = found - line;
  while (length > 0 && (line[length - 1] == ' ' || line[length - 1] == '\t'))
    length--;

  return length == sizeof name - 1 && g_ascii_strncasecmp (line, name, sizeof name - 1) == 0;
}

/* Applies the header limits to one field, its first line and folded
 * continuation lines from @start to @end, and returns where its kept
 * bytes end.
 *
 * - BOUNCE_PARSER_MAX_FIELD_BYTES: a longer field is cut at a line end,
 *   or inside its first line when that alone is longer. No field the
 *   parser reads needs more, and GMime unfolds a long field a few bytes
 *   at a time (a folded 10 MB Subject took it 20 minutes under Valgrind).
 * - BOUNCE_PARSER_MAX_HEADER_FIELDS and BOUNCE_PARSER_MAX_HEADER_BYTES,
 *   for all header blocks of the message together: fields past either
 *   are dropped. GMime keeps an object of about 500 bytes per field. */
static gsize
limit_field (LimitWalk *walk,
             gsize      start,
             gsize      end)
{
  gsize kept = 0;

  if (walk->shape.header_fields >= BOUNCE_PARSER_MAX_HEADER_FIELDS)
    {
      walk->exceeded |= BOUNCE_PARSER_LIMIT_HEADER_FIELDS;
      replace (walk, start, end, NULL);
      return start;
    }
  if (walk->header_bytes + MIN (end - start, BOUNCE_PARSER_MAX_FIELD_BYTES) > BOUNCE_PARSER_MAX_HEADER_BYTES)
    {
      walk->exceeded |= BOUNCE_PARSER_LIMIT_HEADER_BYTES;
      replace (walk, start, end, NULL);
      return start;
    }

  if (end - start > BOUNCE_PARSER_MAX_FIELD_BYTES)
    {
      walk->exceeded |= BOUNCE_PARSER_LIMIT_FIELD_BYTES;
      for (gsize line = start; line < end;)
        {
          gsize after = next_line (walk, line);

          if (kept + (after - line) > BOUNCE_PARSER_MAX_FIELD_BYTES)
            break;
          kept += after - line;
          line = after;
        }

      if (kept > 0)
        replace (walk, start + kept, end, NULL);
      else
        {
          kept = BOUNCE_PARSER_MAX_FIELD_BYTES;
          replace (walk, start + kept - 1, end, "\n");
        }
    }
  else
    kept = end - start;

  walk->shape.header_fields++;
  walk->header_bytes += kept;

  return start + kept;
}

/* How a part's header block ended. */
typedef enum
{
  HEADER_END_EMPTY_LINE,
  HEADER_END_BOUNDARY,  /* at a boundary line, which GMime 3.2 checks here too */
  HEADER_END_DATA,
  HEADER_END_IN_NAME,   /* the data ended inside a field name */
} HeaderEnd;

static gboolean is_any_boundary_line (const LimitWalk *walk,
                                      const char      *line,
                                      gsize            length);

/* Whether the last line of the data, from @line on without a line end,
 * is still a field name to GMime: no colon yet, no control character, no
 * blank followed by more name. GMime then drops the part. */
static gboolean
ends_in_field_name (const LimitWalk *walk,
                    gsize            line)
{
  gboolean blank = FALSE;

  if (walk->data[line] == ' ' || walk->data[line] == '\t')
    return FALSE;

  for (gsize i = line; i < walk->length; i++)
    {
      guchar c = (guchar) walk->data[i];

      if (c == ':' || c == '\n')
        return FALSE;
      if (c == ' ' || c == '\t')
        blank = TRUE;
      else if (blank || c < 0x20 || c == 0x7f)
        return FALSE;
    }

  return TRUE;
}

/* Reads the header block that starts at @offset, up to its first empty
 * line or a boundary line, and applies the header limits. Returns where
 * the content after it starts; @block_end is where the block ends. */
static gsize
walk_header_block (LimitWalk        *walk,
                   gsize             offset,
                   ContentTypeField *content_type,
                   gsize            *block_end,
                   HeaderEnd        *how)
{
  gsize line = offset;

  content_type->value_start = content_type->value_end = 0;
  *how = HEADER_END_DATA;

  while (line < walk->length)
    {
      gsize end = next_line (walk, line);
      gsize kept_end;
      gsize colon;

      if (walk->data[line] == '\n')
        {
          *how = HEADER_END_EMPTY_LINE;
          break;
        }
      if (walk->data[end - 1] == '\n' &&
          is_any_boundary_line (walk, walk->data + line, end - 1 - line))
        {
          *how = HEADER_END_BOUNDARY;
          break;
        }
      if (end == walk->length && walk->data[end - 1] != '\n' && ends_in_field_name (walk, line))
        {
          *how = HEADER_END_IN_NAME;
          break;
        }

      /* A field continues on the lines that start with a blank (RFC
       * 5322 section 2.2.3). */
      while (end < walk->length && (walk->data[end] == ' ' || walk->data[end] == '\t'))
        end = next_line (walk, end);

      kept_end = limit_field (walk, line, end);
      if (kept_end > line && is_content_type_field (walk, line, kept_end, &colon))
        {
          content_type->value_start = colon + 1;
          content_type->value_end = kept_end;
        }
      line = end;
    }

  *block_end = line;

  return *how == HEADER_END_EMPTY_LINE ? line + 1 : line;
}

/* Whether @length bytes at @value contain "multipart" in any case. */
static gboolean
mentions_multipart (const char *value,
                    gsize       length)
{
  for (gsize i = 0; i + 9 <= length; i++)
    {
      if ((value[i] == 'm' || value[i] == 'M') && g_ascii_strncasecmp (value + i, "multipart", 9) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Returns the boundary of a multipart whose header block has @field as
 * its last Content-Type, or NULL for any other part. Parsed by GMime, as
 * its parser reads the field. */
static char *
dup_multipart_boundary (const LimitWalk        *walk,
                        const ContentTypeField *field)
{
  g_autofree char *value = NULL;
  g_autoptr(GMimeContentType) type = NULL;
  const char *boundary;

  if (field->value_end <= field->value_start)
    return NULL;

  /* A multipart's type names it in so many letters, since neither
   * comments nor folding may split a token. Most parts are text, and
   * GMime's parse of their field made the walk a tenth of the parse. */
  if (!mentions_multipart (walk->data + field->value_start, field->value_end - field->value_start))
    return NULL;

  value = g_strndup (walk->data + field->value_start, field->value_end - field->value_start);
  type = g_mime_content_type_parse (NULL, value);
  if (type == NULL || !g_mime_content_type_is_type (type, "multipart", "*"))
    return NULL;

  boundary = g_mime_content_type_get_parameter (type, "boundary");

  return boundary != NULL ? g_strdup (boundary) : NULL;
}

/* Whether the output up to @offset ends with a line end, or is empty. */
static gboolean
output_ends_line (const LimitWalk *walk,
                  gsize            offset)
{
  if (walk->copy != NULL && walk->copied >= offset)
    return walk->copy->len == 0 || walk->copy->data[walk->copy->len - 1] == '\n';

  return offset == 0 || walk->data[offset - 1] == '\n';
}

/* Pushes the boundary of the multipart whose header block just ended at
 * @block_end. BOUNCE_PARSER_MAX_MIME_DEPTH: a multipart inside that many
 * others gets a last Content-Type field that makes it a leaf part, whose
 * content the parser skips. No real bounce nests more than a handful. */
static void
enter_part (LimitWalk              *walk,
            const ContentTypeField *field,
            gsize                   block_end)
{
  g_autofree char *boundary = dup_multipart_boundary (walk, field);

  if (boundary == NULL)
    return;

  if (walk->boundaries->len >= BOUNCE_PARSER_MAX_MIME_DEPTH)
    {
      gboolean line_open = !output_ends_line (walk, block_end);

      walk->exceeded |= BOUNCE_PARSER_LIMIT_DEPTH;
      replace (walk, block_end, block_end, line_open ? "\n" : NULL);
      replace (walk, block_end, block_end, leaf_content_type);
      walk->shape.header_fields++;
      return;
    }

  g_ptr_array_add (walk->boundaries, g_strconcat ("--", boundary, NULL));
  walk->shape.depth = MAX (walk->shape.depth, walk->boundaries->len);
}

/* Whether the line from @line of @length bytes is the boundary line
 * @boundary ("--" and the boundary), or its closing line with @close.
 * GMime allows only blanks after it. */
static gboolean
is_boundary_line (const char *line,
                  gsize       length,
                  const char *boundary,
                  gboolean    close)
{
  gsize boundary_length = strlen (boundary);

  if (length < boundary_length + (close ? 2 : 0) || memcmp (line, boundary, boundary_length) != 0)
    return FALSE;
  if (close && memcmp (line + boundary_length, "--", 2) != 0)
    return FALSE;

  for (gsize i = boundary_length + (close ? 2 : 0); i < length; i++)
    {
      if (line[i] != ' ' && line[i] != '\t')
        return FALSE;
    }

  return TRUE;
}

/* Returns the index in walk->boundaries of the innermost multipart whose
 * boundary line @line is, or -1. Sets @close for its closing line. GMime
 * tries each multipart, the innermost first, the closing line before the
 * other. */
static int
match_boundary_line (const LimitWalk *walk,
                     const char      *line,
                     gsize            length,
                     gboolean        *close)
{
  if (length < 2 || line[0] != '-' || line[1] != '-')
    return -1;

  for (guint i = walk->boundaries->len; i-- > 0;)
    {
      const char *boundary = g_ptr_array_index (walk->boundaries, i);

      *close = TRUE;
      if (is_boundary_line (line, length, boundary, TRUE))
        return (int) i;
      *close = FALSE;
      if (is_boundary_line (line, length, boundary, FALSE))
        return (int) i;
    }

  return -1;
}

static gboolean
is_any_boundary_line (const LimitWalk *walk,
                      const char      *line,
                      gsize            length)
{
  gboolean close;

  return match_boundary_line (walk, line, length, &close) >= 0;
}

/* Whether @line contains a boundary of a multipart around it anywhere. */
static gboolean
contains_boundary (const LimitWalk *walk,
                   const char      *line,
                   gsize            length)
{
  for (guint i = 0; i < walk->boundaries->len; i++)
    {
      const char *boundary = g_ptr_array_index (walk->boundaries, i);

      if (memmem (line, length, boundary, strlen (boundary)) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* Reads the content from @offset to the next line that starts a part, as
 * GMime matches boundary lines: against each multipart around it, the
 * innermost first, the closing line before the other. Returns where the
 * new part's header block starts, and the end of the data when none does.
 *
 * - BOUNCE_PARSER_MAX_MIME_PARTS: the message ends before the boundary
 *   line of the part past it. No bounce has that many; a message made of
 *   empty parts has.
 * - BOUNCE_PARSER_MAX_LINE_BYTES: GMime reads a line longer than its 4 KB
 *   buffer in pieces and matches boundaries at the start of each piece,
 *   so the message ends before a longer line that contains a boundary of
 *   a multipart around it. RFC 5322 section 2.1.1 allows no line over 998
 *   bytes. */
static gsize
walk_content (LimitWalk *walk,
              gsize      offset)
{
  gsize line = offset;

  while (line < walk->length && walk->boundaries->len > 0)
    {
      gsize next = next_line (walk, line);
      const char *text = walk->data + line;
      gsize length = next - line - (walk->data[next - 1] == '\n' ? 1 : 0);
      gboolean close;
      int level = match_boundary_line (walk, text, length, &close);

      if (level >= 0 && close)
        {
          /* The multipart ends, and the ones inside it. */
          g_ptr_array_set_size (walk->boundaries, level);
        }
      else if (level >= 0)
        {
          g_ptr_array_set_size (walk->boundaries, level + 1);

          /* GMime adds no part for a boundary line at the end of the
           * data. */
          if (next == walk->length)
            return walk->length;

          if (walk->shape.parts >= BOUNCE_PARSER_MAX_MIME_PARTS)
            {
              cut_at (walk, line, BOUNCE_PARSER_LIMIT_PARTS);
              return walk->length;
            }
          walk->shape.parts++;

          return next;
        }
      else if (length > BOUNCE_PARSER_MAX_LINE_BYTES && contains_boundary (walk, text, length))
        {
          cut_at (walk, line, BOUNCE_PARSER_LIMIT_LONG_LINE);
          return walk->length;
        }

      line = next;
    }

  return walk->length;
}

/* Whether @data is too small for any limit, which spares most messages
 * the walk and its GMime parse of each multipart's Content-Type:
 * - under BOUNCE_PARSER_MAX_FIELD_BYTES, no field, and no header, can be
 *   longer than its limit;
 * - with fewer lines than BOUNCE_PARSER_MAX_MIME_PARTS, there are fewer
 *   boundary lines, so fewer parts, and fewer header fields than theirs;
 * - with no line over BOUNCE_PARSER_MAX_LINE_BYTES, no long line hides a
 *   boundary;
 * - a multipart is entered only at the message's header block and after
 *   a boundary line, which starts with "--", so with fewer such lines
 *   than BOUNCE_PARSER_MAX_MIME_DEPTH the nesting stays shallower. */
static gboolean
cannot_exceed_limits (const char *data,
                      gsize       length)
{
  const char *end = data + length;
  guint lines = 0;
  guint dash_lines = 0;

  G_STATIC_ASSERT (BOUNCE_PARSER_MAX_FIELD_BYTES <= BOUNCE_PARSER_MAX_HEADER_BYTES);
  G_STATIC_ASSERT (BOUNCE_PARSER_MAX_MIME_PARTS <= BOUNCE_PARSER_MAX_HEADER_FIELDS);

  if (length >= BOUNCE_PARSER_MAX_FIELD_BYTES)
    return FALSE;

  for (const char *line = data; line < end; lines++)
    {
      const char *eol = memchr (line, '\n', end - line);
      const char *next = eol != NULL ? eol + 1 : end;

      if (next - line > BOUNCE_PARSER_MAX_LINE_BYTES || lines >= BOUNCE_PARSER_MAX_MIME_PARTS - 1)
        return FALSE;
      if (next - line >= 2 && line[0] == '-' && line[1] == '-')
        dash_lines++;
      line = next;
    }

  return dash_lines + 1 < BOUNCE_PARSER_MAX_MIME_DEPTH;
}

gboolean
_bounce_parser_cannot_exceed_limits (const guint8 *data,
                                     gsize         length)
{
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  return cannot_exceed_limits ((const char *) data, length);
}

GByteArray *
_bounce_parser_apply_limits (const guint8       *data,
                             gsize               length,
                             BounceParserLimits *exceeded,
                             BounceMimeShape    *shape)
{
  LimitWalk walk = { 0 };
  ContentTypeField content_type;
  gsize offset;
  gsize block_end;
  HeaderEnd how;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (exceeded != NULL, NULL);

  if (shape == NULL && cannot_exceed_limits ((const char *) data, length))
    {
      *exceeded = BOUNCE_PARSER_LIMIT_NONE;
      return NULL;
    }

  walk.data = (const char *) data;
  walk.length = length;
  walk.boundaries = g_ptr_array_new_with_free_func (g_free);

  /* The message's own header block, then each part's. */
  offset = walk_header_block (&walk, 0, &content_type, &block_end, &how);
  enter_part (&walk, &content_type, block_end);
  while (offset < length && !walk.cut)
    {
      gsize part_start;

      offset = walk_content (&walk, offset);
      if (offset >= length || walk.cut)
        break;

      part_start = offset;
      offset = walk_header_block (&walk, offset, &content_type, &block_end, &how);

      /* GMime 3.2.13 drops a part whose header block is cut short by the
       * end of the data inside a field name, or that has no header line
       * before the next boundary line. */
      if (how == HEADER_END_IN_NAME || (how == HEADER_END_BOUNDARY && block_end == part_start))
        walk.shape.parts--;
      else
        enter_part (&walk, &content_type, block_end);
    }

  if (walk.copy != NULL && !walk.cut)
    replace (&walk, length, length, NULL);

  g_ptr_array_unref (walk.boundaries);
  *exceeded = walk.exceeded;
  if (shape != NULL)
    *shape = walk.shape;

  return walk.copy;
}

char *
_bounce_parser_describe_limits (BounceParserLimits exceeded)
{
  g_autoptr(GPtrArray) sentences = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *max_header_bytes = g_format_size_full (BOUNCE_PARSER_MAX_HEADER_BYTES, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *max_field_bytes = g_format_size_full (BOUNCE_PARSER_MAX_FIELD_BYTES, G_FORMAT_SIZE_IEC_UNITS);
  /* Counts are formatted for the locale ("10.000" in German), as the
   * summary's counts are. */
  g_autofree char *max_parts = bounce_format_count (BOUNCE_PARSER_MAX_MIME_PARTS);
  g_autofree char *max_fields = bounce_format_count (BOUNCE_PARSER_MAX_HEADER_FIELDS);

  if (exceeded & BOUNCE_PARSER_LIMIT_PARTS)
    /* TRANSLATORS: both %s are the same count, such as "1,000" */
    g_ptr_array_add (sentences, g_strdup_printf (_("The message has more than %s MIME parts; only the first %s were read."),
                                                 max_parts, max_parts));
  if (exceeded & BOUNCE_PARSER_LIMIT_DEPTH)
    g_ptr_array_add (sentences, g_strdup_printf (_("Parts nested more than %u levels deep were not read."),
                                                 BOUNCE_PARSER_MAX_MIME_DEPTH));
  if (exceeded & BOUNCE_PARSER_LIMIT_LONG_LINE)
    g_ptr_array_add (sentences, g_strdup_printf (_("A line longer than %u bytes contains a MIME boundary, so the message was read only up to that line."),
                                                 BOUNCE_PARSER_MAX_LINE_BYTES));
  if (exceeded & BOUNCE_PARSER_LIMIT_HEADER_FIELDS)
    /* TRANSLATORS: %s is a count, such as "10,000" */
    g_ptr_array_add (sentences, g_strdup_printf (_("The message has more than %s header fields; the ones after them were not read."),
                                                 max_fields));
  if (exceeded & BOUNCE_PARSER_LIMIT_HEADER_BYTES)
    g_ptr_array_add (sentences, g_strdup_printf (_("The message’s header fields take more than %s; the ones after that were not read."),
                                                 max_header_bytes));
  if (exceeded & BOUNCE_PARSER_LIMIT_FIELD_BYTES)
    g_ptr_array_add (sentences, g_strdup_printf (_("A header field is longer than %s; only its start was read."),
                                                 max_field_bytes));
  g_ptr_array_add (sentences, NULL);

  return g_strjoinv (" ", (char **) sentences->pdata);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParser, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeObject, g_object_unref)

/* A multipart without a boundary is read as one block of text, so it
 * does not count as a level. */
static void
add_gmime_shape (GMimeObject     *object,
                 guint            depth,
                 BounceMimeShape *shape)
{
  shape->header_fields += g_mime_header_list_get_count (g_mime_object_get_header_list (object));

  if (!GMIME_IS_MULTIPART (object) ||
      g_mime_object_get_content_type_parameter (object, "boundary") == NULL)
    return;

  shape->depth = MAX (shape->depth, depth + 1);
  for (int i = 0; i < g_mime_multipart_get_count (GMIME_MULTIPART (object)); i++)
    {
      shape->parts++;
      add_gmime_shape (g_mime_multipart_get_part (GMIME_MULTIPART (object), i), depth + 1, shape);
    }
}

gboolean
_bounce_parser_measure_gmime_shape (const guint8    *data,
                                    gsize            length,
                                    BounceMimeShape *shape)
{
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeParser) parser = NULL;
  g_autoptr(GMimeObject) top = NULL;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (shape != NULL, FALSE);

  memset (shape, 0, sizeof *shape);
  if (length == 0)
    return FALSE;

  stream = g_mime_stream_mem_new_with_buffer ((const char *) data, length);
  parser = g_mime_parser_new_with_stream (stream);
  top = g_mime_parser_construct_part (parser, NULL);
  if (top == NULL)
    return FALSE;

  add_gmime_shape (top, 0, shape);

  return TRUE;
}

/* bounce-parser.c: one message in, one record per recipient out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-parser"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>
#include <libpsl.h>

#include "bounce-address.h"
#include "bounce-classifier.h"
#include "bounce-classifier-private.h"
#include "bounce-format.h"
#include "bounce-hygiene.h"
#include "bounce-parser.h"
#include "bounce-parser-forward-private.h"
#include "bounce-parser-limits-private.h"
#include "bounce-parser-private.h"
#include "bounce-reason.h"

/* A bounce attached to a notice or forwarded by a person is parsed as a
 * message of its own, and one attached to that too, but no deeper: each
 * level copies the part. */
#define MAX_ATTACHED_BOUNCE_DEPTH 3
/* A message that was itself forwarded or attached gives at most this
 * many forwarded messages. That keeps a 64 MB message of tiny forwards
 * within forwards from costing a parse for each of about a million
 * messages. A person forwards several bounces at once in one message,
 * and forwarding that message once more keeps it whole. */
#define MAX_NESTED_FORWARDS 10

/* GMime 3.2 declares no g_autoptr() cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParser, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeObject, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InternetAddressList, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeFilter, g_object_unref)

/* The subtypes GMime parses as an embedded message (RFC 2046 section
 * 5.2.1, RFC 6532 section 3.7, RFC 1036). */
static const char * const returned_message_subtypes[] = {
  "rfc822", "rfc2822", "global", "news",
};

void
bounce_parser_init (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      g_mime_init ();

      /* Only the headers of a returned message are read, so GMime keeps
       * it as one leaf part. As a message it built a message object, a
       * header object per field and address lists for each of its parts,
       * a third of GMime's work on a sample bounce. The walk reads the
       * header block from the part's decoded content. NOTE: GMime does
       * not free the registrations replaced here (16 bytes each, once). */
      for (guint i = 0; i < G_N_ELEMENTS (returned_message_subtypes); i++)
        g_mime_object_register_type ("message", returned_message_subtypes[i], GMIME_TYPE_PART);

      g_once_init_leave (&once, 1);
    }
}

BounceFoundRecipient *
_bounce_found_recipient_new (void)
{
  return g_new0 (BounceFoundRecipient, 1);
}

void
_bounce_found_recipient_free (BounceFoundRecipient *found)
{
  if (found == NULL)
    return;

  g_free (found->recipient);
  g_free (found->original_recipient);
  g_free (found->action);
  g_free (found->status);
  g_free (found->reply_code);
  g_free (found->diagnostic);
  g_free (found->remote_mta);
  g_free (found->context);
  g_free (found->mta_category);
  g_clear_pointer (&found->date, g_date_time_unref);
  g_free (found);
}

gboolean
_bounce_parser_utf8_validate (const char *text,
                              gsize       length)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  gsize i = 0;

  /* The content of an empty part comes as NULL, and NULL + 0 is
   * undefined behavior. */
  if (length == 0)
    return TRUE;

  /* Eight bytes at a time while they are ASCII other than NUL: a high
   * bit or a zero byte ends the run, and the byte loop takes over at
   * that word, which starts on a character boundary. */
  for (; i + 8 <= length; i += 8)
    {
      guint64 word;

      memcpy (&word, text + i, sizeof word);
      if ((word & highs) != 0 || ((word - ones) & ~word & highs) != 0)
        break;
    }

  return g_utf8_validate_len (text + i, length - i, NULL);
}

char *
_bounce_parser_ascii_down (const char *text,
                           gssize      length)
{
  gsize n = length < 0 ? strlen (text) : strnlen (text, (gsize) length);
  char *lower = g_malloc (n + 1);

  for (gsize i = 0; i < n; i++)
    {
      char c = text[i];

      lower[i] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
  lower[n] = '\0';

  return lower;
}

/* Whether g_utf8_strdown() lowers I to a dotless i: GLib 2.74 does so
 * when the name of the LC_CTYPE locale starts with "tr" or "az". */
static gboolean
has_turkic_locale (void)
{
  const char *locale = setlocale (LC_CTYPE, NULL);

  return locale != NULL && (g_str_has_prefix (locale, "tr") || g_str_has_prefix (locale, "az"));
}

char *
_bounce_parser_dup_lower (const char *text,
                          gsize       length)
{
  gboolean has_capital_i = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) text[i];

      /* NUL and bytes above ASCII need g_utf8_make_valid(), so such text
       * takes GLib's way. */
      if (c == '\0' || c >= 0x80)
        {
          g_autofree char *valid = g_utf8_make_valid (text, length);

          return g_utf8_strdown (valid, -1);
        }
      has_capital_i |= c == 'I';
    }

  /* So does an I under a Turkish or Azeri locale. The locale is looked
   * up only then: MAILER-DAEMON is in the From of most bounces. */
  if (has_capital_i && has_turkic_locale ())
    return g_utf8_strdown (text, length);

  return _bounce_parser_ascii_down (text, length);
}

char *
_bounce_parser_make_valid (const char *text,
                           gssize      length,
                           gsize       max_length)
{
  g_autofree char *valid = NULL;
  gsize valid_length;
  const char *end;

  if (text == NULL)
    return g_strdup ("");
  if (length < 0)
    length = strlen (text);

  /* g_utf8_make_valid() stops at NUL bytes only when length is -1, so
   * cut at the first one to keep C strings honest. */
  end = memchr (text, '\0', length);
  if (end != NULL)
    length = end - text;

  /* Valid text, the usual case, is copied once and measured without
   * strlen(). */
  if (_bounce_parser_utf8_validate (text, length))
    {
      if ((gsize) length <= max_length)
        return g_strndup (text, length);

      end = g_utf8_find_prev_char (text, text + max_length + 1);

      return g_strndup (text, end != NULL ? (gsize) (end - text) : 0);
    }

  valid = g_utf8_make_valid (text, length);
  valid_length = strlen (valid);
  if (valid_length <= max_length)
    return g_steal_pointer (&valid);

  end = g_utf8_find_prev_char (valid, valid + max_length + 1);

  return g_strndup (valid, end != NULL ? (gsize) (end - valid) : 0);
}

static gboolean
is_local_char (guchar c)
{
  return g_ascii_isalnum (c) || c >= 0x80 || strchr ("!#$%&'*+-/=?^_`{|}~.", c) != NULL;
}

static gboolean
is_domain_char (guchar c)
{
  return g_ascii_isalnum (c) || c >= 0x80 || c == '-' || c == '.' || c == '[' || c == ']' || c == ':';
}

/* Whether the UTF-8 character at @p (at most @length bytes) is a
 * punctuation mark, a symbol or a space. Chinese and Japanese notices put
 * full-width marks right beside an address ("收件人：a@example.net，"),
 * and these end it as their ASCII forms do. */
static gboolean
is_non_ascii_separator (const char *p,
                        gsize       length)
{
  gunichar c = g_utf8_get_char_validated (p, length);

  if (c == (gunichar) -1 || c == (gunichar) -2)
    return FALSE;

  return g_unichar_ispunct (c) || g_unichar_isspace (c);
}

char *
_bounce_parser_extract_address_at (const char *text,
                                   gsize       length,
                                   const char *at)
{
  const char *end = text + length;
  const char *start = at;
  const char *stop = at + 1;

  g_return_val_if_fail (at >= text && at < end && *at == '@', NULL);

  /* A quoted local part ("a..b"@example.com, RFC 5321 section 4.1.2)
   * keeps its quotes: without them the address is another one. */
  if (at > text && at[-1] == '"')
    {
      const char *open = at - 1;

      while (open > text && at - open < 66 && open[-1] != '"' && open[-1] != '\n')
        open--;
      if (open > text && open[-1] == '"' && open < at - 1)
        start = open - 1;
    }
  if (start == at)
    {
      while (start > text && is_local_char ((guchar) start[-1]))
        {
          const char *previous = start - 1;

          if ((guchar) *previous >= 0x80)
            {
              previous = g_utf8_find_prev_char (text, start);
              if (previous == NULL || is_non_ascii_separator (previous, start - previous))
                break;
            }
          start = previous;
        }
    }
  while (stop < end && is_domain_char ((guchar) *stop))
    {
      if ((guchar) *stop >= 0x80 && is_non_ascii_separator (stop, end - stop))
        break;
      stop++;
    }

  /* Dots may not start or end either part ("Sorry. <a@b.example>."). */
  while (start < at && *start == '.')
    start++;
  while (stop > at + 1 && (stop[-1] == '.' || stop[-1] == ':' || stop[-1] == ']'))
    {
      if (stop[-1] == ']' && memchr (at, '[', stop - at) != NULL)
        break;
      stop--;
    }

  if (start == at || stop - at < 4 || memchr (at + 1, '.', stop - at - 1) == NULL)
    return NULL;
  if (stop - start > 254)
    return NULL;

  return _bounce_parser_dup_lower (start, stop - start);
}

char *
_bounce_parser_extract_address (const char *text,
                                gsize       length)
{
  const char *end = text + length;

  for (const char *at = memchr (text, '@', length); at != NULL;
       at = memchr (at + 1, '@', end - at - 1))
    {
      char *address = _bounce_parser_extract_address_at (text, length, at);

      if (address != NULL)
        return address;
    }

  return NULL;
}

static gboolean
is_boundary (const char *text,
             const char *p)
{
  return p == text || !(g_ascii_isalnum (p[-1]) || p[-1] == '.' || p[-1] == '-' || p[-1] == '_');
}

/* Finds the first failure code in a text. A positive code ("250 2.1.5
 * Ok" in a transcript) is from an earlier step, so it is kept only when
 * no failure code follows. */
void
_bounce_parser_find_codes (const char  *text,
                           char       **reply_code,
                           char       **status)
{
  g_autofree char *positive_reply = NULL;
  g_autofree char *positive_status = NULL;
  gboolean want_reply = reply_code != NULL && *reply_code == NULL;
  gboolean want_status = status != NULL && *status == NULL;

  if (text == NULL)
    return;

  for (const char *p = text; *p != '\0' && (want_reply || want_status); p++)
    {
      if (*p != '2' && *p != '4' && *p != '5')
        continue;
      /* "550-5.1.1" is a multi-line SMTP reply; the hyphen separates. */
      if (!is_boundary (text, p) &&
          !(p - text >= 4 && p[-1] == '-' && g_ascii_isdigit (p[-2]) && p[1] == '.'))
        continue;

      /* Enhanced status code, RFC 3463: class "." 1*3digit "." 1*3digit. */
      if (p[1] == '.' && g_ascii_isdigit (p[2]))
        {
          const char *q = p + 2;
          guint digits = 0;

          if (!want_status)
            continue;

          while (g_ascii_isdigit (*q) && digits < 4)
            q++, digits++;
          if (digits <= 3 && *q == '.' && g_ascii_isdigit (q[1]))
            {
              const char *r = q + 1;

              digits = 0;
              while (g_ascii_isdigit (*r) && digits < 4)
                r++, digits++;
              /* Not part of an IP address or a version number. */
              if (digits <= 3 && !(*r == '.' && g_ascii_isdigit (r[1])) && !g_ascii_isalnum (*r))
                {
                  if (*p != '2')
                    {
                      *status = g_strndup (p, r - p);
                      want_status = FALSE;
                    }
                  else if (positive_status == NULL)
                    positive_status = g_strndup (p, r - p);
                }
            }
          continue;
        }

      /* Reply code, RFC 5321 section 4.2: three digits then a space, a
       * hyphen or the end. */
      if (want_reply && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) &&
          p[1] <= '5' && strchr (" -]):\n", p[3]) != NULL)
        {
          /* Not a date ("2025-03") nor part of a dotted number; a hyphen
           * may only lead to the enhanced code ("550-5.1.1"). */
          if (!(p > text && p[-1] == '.') &&
              !(p[3] == '-' && g_ascii_isdigit (p[4]) && p[5] != '.'))
            {
              if (*p != '2')
                {
                  *reply_code = g_strndup (p, 3);
                  want_reply = FALSE;
                }
              else if (positive_reply == NULL)
                positive_reply = g_strndup (p, 3);
            }
        }
    }

  if (want_reply && positive_reply != NULL)
    *reply_code = g_steal_pointer (&positive_reply);
  if (want_status && positive_status != NULL)
    *status = g_steal_pointer (&positive_status);
}

/* Whether @length bytes of @text are ASCII without a NUL. */
static gboolean
is_ascii (const char *text,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if ((guchar) text[i] >= 0x80 || text[i] == '\0')
        return FALSE;
    }

  return TRUE;
}

static void
append_header_line (GString    *headers,
                    const char *name,
                    gsize       name_length,
                    const char *value)
{
  g_autofree char *valid = NULL;
  g_autofree char *valid_name = NULL;

  if (headers->len >= BOUNCE_PARSER_MAX_HEADERS)
    return;

  valid = _bounce_parser_make_valid (value, -1, BOUNCE_PARSER_MAX_VALUE);
  for (char *p = valid; *p != '\0'; p++)
    {
      if (*p == '\n' || *p == '\r' || *p == '\t')
        *p = ' ';
    }

  /* GMime takes any byte but a blank or a control character into a field
   * name, so a damaged name may not be UTF-8 either. An ASCII name, the
   * usual case, is valid as it is. */
  if (name_length <= BOUNCE_PARSER_MAX_VALUE && is_ascii (name, name_length))
    g_string_append_len (headers, name, name_length);
  else
    {
      valid_name = _bounce_parser_make_valid (name, name_length, BOUNCE_PARSER_MAX_VALUE);
      g_string_append (headers, valid_name);
    }
  g_string_append (headers, ": ");
  g_string_append (headers, g_strstrip (valid));
  g_string_append_c (headers, '\n');
}

/* RFC 2047 encoded words are rare in the headers that matter, and
 * decoding every header costs more than the rest of the parse. */
static void
append_decoded_header_line (GString    *headers,
                            const char *name,
                            gsize       name_length,
                            const char *raw)
{
  g_autofree char *decoded = NULL;

  if (headers->len >= BOUNCE_PARSER_MAX_HEADERS)
    return;

  if (strstr (raw, "=?") != NULL)
    decoded = g_mime_utils_header_decode_text (NULL, raw);

  append_header_line (headers, name, name_length, decoded ? decoded : raw);
}

/* Returns the length of the field name that @line starts with, as
 * GMime's parser reads one: no blanks or controls inside the name,
 * blanks allowed before the colon. 0 when the line is not a field. */
static gsize
gmime_field_name_length (const char *line,
                         gsize       line_length)
{
  gsize name_length = 0;
  gboolean blank = FALSE;

  for (gsize i = 0; i < line_length; i++)
    {
      guchar c = (guchar) line[i];

      if (c == ':')
        return name_length;
      if (c == ' ' || c == '\t')
        blank = TRUE;
      else if (blank || c < 0x20 || c == 0x7f)
        return 0;
      else
        name_length = i + 1;
    }

  return 0;
}

/* Appends the fields of a header block, up to its first empty line, to
 * ctx->original_headers. With @like_gmime the block is read as GMime
 * read the header block of a message/rfc822 part before such parts were
 * kept as leaves. A line that is not a field is then skipped with its
 * continuation lines instead of ending the block, and folded values keep
 * their line breaks (written as spaces). The Content-* fields, which
 * GMime gave to the body, are left out. */
static void
add_header_fields (BounceParseContext *ctx,
                   const char         *block,
                   gsize               length,
                   gboolean            like_gmime)
{
  const char *end = block + length;
  const char *line = block;
  GString *value = g_string_new (NULL);
  const char *name = NULL;
  gsize name_length = 0;
  gboolean skipping = FALSE;

  while (line < end)
    {
      const char *eol = memchr (line, '\n', end - line);
      const char *next = eol != NULL ? eol + 1 : end;
      gsize line_length = (eol != NULL ? eol : end) - line;

      if (line_length == 0 || (line_length == 1 && line[0] == '\r'))
        break;

      if ((line[0] == ' ' || line[0] == '\t') && (name != NULL || skipping))
        {
          /* Folded continuation (RFC 5322 section 2.2.3). */
          if (name != NULL && value->len < BOUNCE_PARSER_MAX_VALUE)
            {
              if (like_gmime)
                g_string_append_c (value, '\n');
              g_string_append_len (value, line, MIN (line_length, BOUNCE_PARSER_MAX_VALUE));
            }
        }
      else if (like_gmime)
        {
          gsize field_length = gmime_field_name_length (line, line_length);

          if (name != NULL)
            append_decoded_header_line (ctx->original_headers, name, name_length, value->str);
          name = NULL;
          skipping = field_length == 0 || g_ascii_strncasecmp (line, "Content-", 8) == 0;
          if (!skipping)
            {
              const char *colon = memchr (line, ':', line_length);

              name = line;
              name_length = field_length;
              g_string_assign (value, "");
              g_string_append_len (value, colon + 1, MIN ((gsize) (line + line_length - colon - 1), BOUNCE_PARSER_MAX_VALUE));
            }
        }
      else
        {
          const char *colon = memchr (line, ':', line_length);

          if (name != NULL)
            {
              append_decoded_header_line (ctx->original_headers, name, name_length, value->str);
              name = NULL;
            }

          /* A line that is not a header ends the block. */
          if (colon == NULL || colon == line || memchr (line, ' ', colon - line) != NULL)
            break;

          name = line;
          name_length = colon - line;
          g_string_assign (value, "");
          g_string_append_len (value, colon + 1, MIN ((gsize) (line + line_length - colon - 1), BOUNCE_PARSER_MAX_VALUE));
        }

      line = next;
    }

  if (name != NULL)
    append_decoded_header_line (ctx->original_headers, name, name_length, value->str);

  g_string_free (value, TRUE);
  ctx->have_original = ctx->original_headers->len > 0;
}

void
_bounce_parser_add_header_block (BounceParseContext *ctx,
                                 const char         *block,
                                 gsize               length)
{
  add_header_fields (ctx, block, length, FALSE);
}

static gboolean
is_returned_message (const char *subtype)
{
  for (guint i = 0; i < G_N_ELEMENTS (returned_message_subtypes); i++)
    {
      if (g_ascii_strcasecmp (subtype, returned_message_subtypes[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Whether an empty line starts at @from or after a line end found at or
 * after @from. */
static gboolean
has_empty_line (const char *data,
                gsize       from,
                gsize       length)
{
  const char *end = data + length;

  if (from == 0 && length > 0 && (data[0] == '\n' || (data[0] == '\r' && length > 1 && data[1] == '\n')))
    return TRUE;

  for (const char *nl = memchr (data + from, '\n', length - from); nl != NULL;
       nl = memchr (nl + 1, '\n', end - nl - 1))
    {
      if ((end - nl > 1 && nl[1] == '\n') || (end - nl > 2 && nl[1] == '\r' && nl[2] == '\n'))
        return TRUE;
    }

  return FALSE;
}

/* Adds the header block of a returned message (a message/rfc822 part)
 * to ctx->original_headers. GMime undoes the transfer encoding; reading
 * stops at the empty line after the headers, so a large original is
 * never decoded or copied whole. */
static void
add_returned_message_headers (BounceParseContext *ctx,
                              GMimeObject        *object)
{
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GByteArray) block = NULL;
  GMimeDataWrapper *content;
  GMimeContentEncoding encoding;
  const char *start;
  const char *end;
  char buffer[4096];
  ssize_t nread;

  if (!GMIME_IS_PART (object))
    return;
  content = g_mime_part_get_content (GMIME_PART (object));
  if (content == NULL || g_mime_data_wrapper_get_stream (content) == NULL)
    return;

  stream = g_object_ref (g_mime_data_wrapper_get_stream (content));
  g_mime_stream_reset (stream);
  encoding = g_mime_data_wrapper_get_encoding (content);
  if (encoding == GMIME_CONTENT_ENCODING_BASE64 ||
      encoding == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE ||
      encoding == GMIME_CONTENT_ENCODING_UUENCODE)
    {
      g_autoptr(GMimeFilter) filter = g_mime_filter_basic_new (encoding, FALSE);
      GMimeStream *filtered = g_mime_stream_filter_new (stream);

      g_mime_stream_filter_add (GMIME_STREAM_FILTER (filtered), filter);
      g_object_unref (stream);
      stream = filtered;
    }

  block = g_byte_array_new ();
  while (block->len < 2 * BOUNCE_PARSER_MAX_HEADERS &&
         (nread = g_mime_stream_read (stream, buffer, sizeof buffer)) > 0)
    {
      gsize from = block->len >= 2 ? block->len - 2 : 0;

      g_byte_array_append (block, (const guint8 *) buffer, nread);
      if (has_empty_line ((const char *) block->data, from, block->len))
        break;
    }

  /* An empty part: the array has no data to point into. */
  if (block->len == 0)
    return;

  /* GMime keeps an mbox "From " line before the headers apart, and so
   * does this reader. */
  start = (const char *) block->data;
  end = start + block->len;
  if (block->len > 5 && memcmp (start, "From ", 5) == 0)
    {
      const char *eol = memchr (start, '\n', block->len);

      start = eol != NULL ? eol + 1 : end;
    }

  add_header_fields (ctx, start, end - start, encoding == GMIME_CONTENT_ENCODING_DEFAULT ||
                     encoding == GMIME_CONTENT_ENCODING_7BIT || encoding == GMIME_CONTENT_ENCODING_8BIT ||
                     encoding == GMIME_CONTENT_ENCODING_BINARY);
}

/* ISO-2022-JP (RFC 1468) is 7-bit: its kanji runs start with ESC $ B
 * or ESC $ @, so text in it passes for ASCII and no charset is needed
 * to notice it. */
static gboolean
has_iso_2022_jp (const char *text,
                 gsize       length)
{
  const char *end = text + length;

  for (const char *esc = memchr (text, 0x1b, length); esc != NULL && end - esc >= 3;
       esc = memchr (esc + 1, 0x1b, end - esc - 1))
    {
      if (esc[1] == '$' && (esc[2] == 'B' || esc[2] == '@'))
        return TRUE;
    }

  return FALSE;
}

/* Converts ISO-2022-JP to UTF-8 with GMime's charset filter; NULL when
 * iconv lacks the charset. Japanese servers (NTT, KDDI, Lotus Notes,
 * Domino) write it into delivery-status fields and into text parts that
 * declare no charset. */
static char *
dup_from_iso_2022_jp (const char *text,
                      gsize       length,
                      gsize       max_length)
{
  g_autoptr(GMimeStream) output = NULL;
  g_autoptr(GMimeStream) filtered = NULL;
  g_autoptr(GMimeFilter) filter = g_mime_filter_charset_new ("iso-2022-jp", "utf-8");
  GByteArray *bytes;

  if (filter == NULL)
    return NULL;

  output = g_mime_stream_mem_new ();
  filtered = g_mime_stream_filter_new (output);
  g_mime_stream_filter_add (GMIME_STREAM_FILTER (filtered), filter);
  g_mime_stream_write (filtered, text, length);
  g_mime_stream_flush (filtered);
  bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (output));

  return _bounce_parser_make_valid ((const char *) bytes->data, bytes->len, max_length);
}

static char *
dup_valid_text (const char *text,
                gssize      length,
                gsize       max_length)
{
  if (text == NULL)
    return g_strdup ("");
  if (length < 0)
    length = strlen (text);

  if (has_iso_2022_jp (text, length))
    {
      char *converted = dup_from_iso_2022_jp (text, length, max_length);

      if (converted != NULL)
        return converted;
    }

  return _bounce_parser_make_valid (text, length, max_length);
}

/* Whether converting @length bytes of @text from @charset to UTF-8
 * would give them back unchanged: valid UTF-8 declared as UTF-8, or
 * ASCII declared as ASCII. */
static gboolean
converts_to_itself (const char  *charset,
                    const guint8 *text,
                    gsize        length)
{
  if (g_ascii_strcasecmp (charset, "utf-8") == 0 || g_ascii_strcasecmp (charset, "utf8") == 0)
    return _bounce_parser_utf8_validate ((const char *) text, length);

  if (g_ascii_strcasecmp (charset, "us-ascii") == 0 || g_ascii_strcasecmp (charset, "ascii") == 0)
    {
      for (gsize i = 0; i < length; i++)
        {
          if (text[i] >= 0x80)
            return FALSE;
        }
      return TRUE;
    }

  return FALSE;
}

/* Points @data at the content of a part in no transfer encoding, which
 * GMime keeps as a slice of the message's memory stream, so it is read
 * in place instead of copied into a new stream. */
static gboolean
peek_unencoded_content (GMimeDataWrapper  *content,
                        const guint8     **data,
                        gsize             *length)
{
  GMimeContentEncoding encoding = g_mime_data_wrapper_get_encoding (content);
  GMimeStream *source = g_mime_data_wrapper_get_stream (content);
  GByteArray *array;
  gint64 end;

  if (encoding == GMIME_CONTENT_ENCODING_BASE64 ||
      encoding == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE ||
      encoding == GMIME_CONTENT_ENCODING_UUENCODE)
    return FALSE;
  if (source == NULL || !GMIME_IS_STREAM_MEM (source))
    return FALSE;

  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (source));
  if (array == NULL)
    return FALSE;

  end = source->bound_end < 0 ? (gint64) array->len : MIN (source->bound_end, (gint64) array->len);
  if (source->bound_start < 0 || source->bound_start > end)
    return FALSE;

  *data = array->data + source->bound_start;
  *length = (gsize) (end - source->bound_start);

  return TRUE;
}

/* Returns the decoded body of a leaf part as UTF-8, cut to at most
 * @max_length bytes: text parts through their charset, other parts
 * (message/delivery-status) as bytes made valid. */
static char *
dup_part_text (GMimeObject *object,
               gsize        max_length)
{
  GMimeDataWrapper *content;
  g_autoptr(GMimeStream) stream = NULL;
  const guint8 *data;
  gsize length;
  const char *charset;

  if (!GMIME_IS_PART (object))
    return NULL;

  content = g_mime_part_get_content (GMIME_PART (object));
  if (content == NULL)
    return GMIME_IS_TEXT_PART (object) ? g_strdup ("") : NULL;

  if (!peek_unencoded_content (content, &data, &length))
    {
      GByteArray *bytes;

      stream = g_mime_stream_mem_new ();
      g_mime_data_wrapper_write_to_stream (content, stream);
      bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (stream));
      /* An empty byte array has no data at all, and the checks below
       * must not be given NULL. */
      data = bytes->len > 0 ? bytes->data : (const guint8 *) "";
      length = bytes->len;
    }

  if (!GMIME_IS_TEXT_PART (object))
    return dup_valid_text ((const char *) data, length, max_length);

  /* g_mime_text_part_get_text() runs every text part with a charset
   * through iconv, UTF-8 into UTF-8 too: 7% of the parse of the sample
   * bounces. Text the conversion would not change is taken as decoded,
   * up to its first NUL as that function returns it. */
  charset = g_mime_object_get_content_type_parameter (object, "charset");
  if (charset == NULL || converts_to_itself (charset, data, length))
    {
      const guint8 *nul = memchr (data, '\0', length);

      return dup_valid_text ((const char *) data, nul != NULL ? (gsize) (nul - data) : length, max_length);
    }
  else
    {
      g_autofree char *text = g_mime_text_part_get_text (GMIME_TEXT_PART (object));

      return dup_valid_text (text, -1, max_length);
    }
}

static void
append_text (GString    *buffer,
             const char *text)
{
  if (text == NULL || buffer->len >= BOUNCE_PARSER_MAX_TEXT)
    return;

  if (buffer->len > 0)
    g_string_append (buffer, "\n\n");
  g_string_append (buffer, text);
}

/* Turns HTML into rough text for bounces that come only as HTML
 * (some Microsoft and web-mail notices): tags become line breaks, a few
 * entities are decoded. */
static char *
html_to_text (const char *html)
{
  GString *text = g_string_sized_new (strlen (html));
  gboolean in_tag = FALSE;

  for (const char *p = html; *p != '\0'; p++)
    {
      if (in_tag)
        {
          if (*p == '>')
            in_tag = FALSE;
          continue;
        }
      if (*p == '<')
        {
          in_tag = TRUE;
          if (g_ascii_strncasecmp (p, "<br", 3) == 0 || g_ascii_strncasecmp (p, "<p", 2) == 0 ||
              g_ascii_strncasecmp (p, "<div", 4) == 0 || g_ascii_strncasecmp (p, "<tr", 3) == 0 ||
              g_ascii_strncasecmp (p, "</p", 3) == 0 || g_ascii_strncasecmp (p, "</div", 5) == 0)
            g_string_append_c (text, '\n');
          else
            g_string_append_c (text, ' ');
          continue;
        }
      if (*p == '&')
        {
          static const struct { const char *entity; char c; } entities[] = {
            { "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' }, { "&nbsp;", ' ' }, { "&quot;", '"' },
          };
          gboolean replaced = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
            {
              gsize entity_length = strlen (entities[i].entity);

              if (g_ascii_strncasecmp (p, entities[i].entity, entity_length) == 0)
                {
                  g_string_append_c (text, entities[i].c);
                  p += entity_length - 1;
                  replaced = TRUE;
                  break;
                }
            }
          if (replaced)
            continue;
        }
      g_string_append_c (text, *p);
    }

  return g_string_free (text, FALSE);
}

static void
walk_parts (BounceParseContext *ctx,
            GMimeObject        *object,
            guint               depth,
            GPtrArray          *html_parts)
{
  GMimeContentType *type;
  const char *media_type;
  const char *subtype;

  /* _bounce_parser_apply_limits() keeps GMime from building deeper
   * parts; this guards the recursion should it miss one. */
  if (depth > BOUNCE_PARSER_MAX_MIME_DEPTH)
    {
      ctx->too_deep = TRUE;
      return;
    }

  type = g_mime_object_get_content_type (object);
  media_type = type ? g_mime_content_type_get_media_type (type) : "text";
  subtype = type ? g_mime_content_type_get_media_subtype (type) : "plain";
  if (media_type == NULL)
    media_type = "text";
  if (subtype == NULL)
    subtype = "plain";

  if (GMIME_IS_MULTIPART (object))
    {
      GMimeMultipart *multipart = GMIME_MULTIPART (object);
      int count = g_mime_multipart_get_count (multipart);

      if (g_ascii_strcasecmp (subtype, "report") == 0 && ctx->report_type == NULL)
        {
          const char *report_type = g_mime_object_get_content_type_parameter (object, "report-type");

          if (report_type != NULL)
            ctx->report_type = _bounce_parser_ascii_down (report_type, -1);
        }

      /* A multipart whose boundary never occurs keeps its whole body as
       * the prologue; some Sendmail reports arrive like that. */
      if (count == 0 && g_mime_multipart_get_prologue (multipart) != NULL)
        {
          g_autofree char *prologue = _bounce_parser_make_valid (g_mime_multipart_get_prologue (multipart),
                                                                 -1, BOUNCE_PARSER_MAX_TEXT);

          append_text (ctx->text, prologue);
        }

      for (int i = 0; i < count; i++)
        walk_parts (ctx, g_mime_multipart_get_part (multipart, i), depth + 1, html_parts);
      return;
    }

  if (g_ascii_strcasecmp (media_type, "message") == 0)
    {
      g_autofree char *text = NULL;

      /* The returned message (RFC 3462 section 2, third part). Its body
       * is the sender's own text, so it is not searched. */
      if (is_returned_message (subtype))
        {
          if (!ctx->have_original)
            add_returned_message_headers (ctx, object);
          if (ctx->returned_part == NULL)
            ctx->returned_part = g_object_ref (object);
          return;
        }

      /* A delivery-status part is read up to BOUNCE_PARSER_MAX_DSN, not
       * the shorter limit of a notice, because it contains a group of
       * fields per recipient. The DSN reader stops at its own recipient
       * limit. */
      if (g_ascii_strcasecmp (subtype, "delivery-status") == 0 ||
          g_ascii_strcasecmp (subtype, "global-delivery-status") == 0)
        {
          text = dup_part_text (object, BOUNCE_PARSER_MAX_DSN + 1);
          if (text == NULL)
            return;
          if (strlen (text) > BOUNCE_PARSER_MAX_DSN)
            ctx->dsn_cut = TRUE;
          if (ctx->dsn->len < BOUNCE_PARSER_MAX_DSN)
            {
              if (ctx->dsn->len > 0)
                g_string_append (ctx->dsn, "\n\n");
              g_string_append (ctx->dsn, text);
            }
          return;
        }

      text = dup_part_text (object, BOUNCE_PARSER_MAX_TEXT);
      if (text == NULL)
        return;

      if (g_ascii_strcasecmp (subtype, "feedback-report") == 0)
        append_text (ctx->feedback, text);
      else if ((g_ascii_strcasecmp (subtype, "rfc822-headers") == 0 ||
                g_ascii_strcasecmp (subtype, "global-headers") == 0) && !ctx->have_original)
        _bounce_parser_add_header_block (ctx, text, strlen (text));
      return;
    }

  if (g_ascii_strcasecmp (media_type, "text") == 0)
    {
      g_autofree char *text = NULL;

      if (g_ascii_strcasecmp (subtype, "rfc822-headers") == 0)
        {
          if (!ctx->have_original)
            {
              text = dup_part_text (object, BOUNCE_PARSER_MAX_TEXT);
              if (text != NULL)
                _bounce_parser_add_header_block (ctx, text, strlen (text));
            }
          return;
        }

      /* HTML is read only when the bounce has no plain text, which is
       * rare, so it is not decoded here. */
      if (g_ascii_strcasecmp (subtype, "html") == 0)
        {
          g_ptr_array_add (html_parts, object);
          return;
        }

      if (g_ascii_strcasecmp (subtype, "plain") != 0 && g_ascii_strcasecmp (subtype, "x-aol") != 0)
        return;

      text = dup_part_text (object, BOUNCE_PARSER_MAX_TEXT);
      if (text != NULL)
        append_text (ctx->text, text);
    }
}

/* Appends the text of the HTML parts, for bounces that come only as
 * HTML. */
static void
append_html_parts (BounceParseContext *ctx,
                   GPtrArray          *html_parts)
{
  g_autoptr(GString) html = g_string_new (NULL);

  for (guint i = 0; i < html_parts->len; i++)
    {
      g_autofree char *text = dup_part_text (g_ptr_array_index (html_parts, i), BOUNCE_PARSER_MAX_TEXT);
      g_autofree char *plain = NULL;

      if (text == NULL)
        continue;

      plain = html_to_text (text);
      append_text (html, plain);
    }

  g_string_append (ctx->text, html->str);
}

static char *
dup_address_of (InternetAddressList *list,
                char               **name)
{
  int count = list ? internet_address_list_length (list) : 0;

  for (int i = 0; i < count; i++)
    {
      InternetAddress *address = internet_address_list_get_address (list, i);

      if (INTERNET_ADDRESS_IS_MAILBOX (address))
        {
          const char *addr = internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address));

          if (name != NULL && internet_address_get_name (address) != NULL)
            *name = _bounce_parser_make_valid (internet_address_get_name (address), -1, 256);
          if (addr != NULL && *addr != '\0')
            {
              g_autofree char *valid = _bounce_parser_make_valid (addr, -1, 256);

              return _bounce_parser_dup_lower (valid, strlen (valid));
            }
        }
    }

  return NULL;
}

/* The header fields of the bounce itself that read_bounce_headers()
 * reads, the Content-* fields GMime needs for the MIME structure, and
 * MIME-Version. The others are dropped before the limits check and GMime
 * see them (sort_header_fields()). GMime makes a GObject of every field
 * it parses, and creating and freeing one took about 10,000 instructions
 * under callgrind. */
typedef enum
{
  READ_FROM,
  READ_TO,
  READ_DATE,
  READ_SUBJECT,
  READ_DELIVERED_TO,
  READ_ENVELOPE_TO,
  READ_RETURN_PATH,
  READ_FAILED_RECIPIENTS,
  READ_AUTO_SUBMITTED,
  READ_X_AUTOREPLY,
  READ_X_AUTORESPOND,
  READ_X_AUTORESPONDER,
  READ_X_AUTO_RESPONSE_SUPPRESS,
  READ_PRECEDENCE,
  READ_X_PRECEDENCE,
  READ_MIME_VERSION,
  N_READ_FIELDS
} ReadField;

#define READ_FIELD(field, name) [field] = { name, sizeof name - 1 }
static const struct
{
  const char *name;
  gsize       length;
} read_fields[N_READ_FIELDS] = {
  READ_FIELD (READ_FROM, "From"),
  READ_FIELD (READ_TO, "To"),
  READ_FIELD (READ_DATE, "Date"),
  READ_FIELD (READ_SUBJECT, "Subject"),
  READ_FIELD (READ_DELIVERED_TO, "Delivered-To"),
  READ_FIELD (READ_ENVELOPE_TO, "Envelope-To"),
  READ_FIELD (READ_RETURN_PATH, "Return-Path"),
  READ_FIELD (READ_FAILED_RECIPIENTS, "X-Failed-Recipients"),
  READ_FIELD (READ_AUTO_SUBMITTED, "Auto-Submitted"),
  READ_FIELD (READ_X_AUTOREPLY, "X-Autoreply"),
  READ_FIELD (READ_X_AUTORESPOND, "X-Autorespond"),
  READ_FIELD (READ_X_AUTORESPONDER, "X-Autoresponder"),
  READ_FIELD (READ_X_AUTO_RESPONSE_SUPPRESS, "X-Auto-Response-Suppress"),
  READ_FIELD (READ_PRECEDENCE, "Precedence"),
  READ_FIELD (READ_X_PRECEDENCE, "X-Precedence"),
  READ_FIELD (READ_MIME_VERSION, "MIME-Version"),
};
#undef READ_FIELD

/* Returns which of read_fields the field @name is, or -1. */
static int
find_read_field (const char *name,
                 gsize       length)
{
  for (int i = 0; i < N_READ_FIELDS; i++)
    {
      if (read_fields[i].length == length && g_ascii_strncasecmp (name, read_fields[i].name, length) == 0)
        return i;
    }

  return -1;
}

static gboolean
is_read_field (const char *name,
               gsize       length)
{
  return (length >= 8 && g_ascii_strncasecmp (name, "Content-", 8) == 0) ||
         find_read_field (name, length) >= 0;
}

/* The bounce's own header fields as name and raw value pairs, in their
 * order: read from the raw header block when GMime was given only the
 * MIME fields, from GMime's header list otherwise. */
typedef struct
{
  GPtrArray *pairs; /* name, raw value, name, raw value ... (not owned) */
  GString   *storage; /* the pairs' strings when read from the raw block */
} BounceFields;

static void
bounce_fields_clear (BounceFields *fields)
{
  g_clear_pointer (&fields->pairs, g_ptr_array_unref);
  if (fields->storage != NULL)
    g_string_free (g_steal_pointer (&fields->storage), TRUE);
}

/* Points @fields at the strings sort_header_fields() appended to
 * @taken_fields, which @fields then owns. */
static void
bounce_fields_take_block (BounceFields *fields,
                          GString      *taken_fields)
{
  const char *end = taken_fields->str + taken_fields->len;

  fields->storage = taken_fields;
  fields->pairs = g_ptr_array_new ();
  for (const char *p = taken_fields->str; p < end; p += strlen (p) + 1)
    g_ptr_array_add (fields->pairs, (gpointer) p);
}

static void
bounce_fields_take_gmime (BounceFields *fields,
                          GMimeObject  *object)
{
  GMimeHeaderList *list = g_mime_object_get_header_list (object);
  int count = g_mime_header_list_get_count (list);

  fields->pairs = g_ptr_array_sized_new (2 * count);
  for (int i = 0; i < count; i++)
    {
      GMimeHeader *header = g_mime_header_list_get_header_at (list, i);
      const char *raw = g_mime_header_get_raw_value (header);

      g_ptr_array_add (fields->pairs, (gpointer) g_mime_header_get_name (header));
      g_ptr_array_add (fields->pairs, (gpointer) (raw != NULL ? raw : ""));
    }
}

/* Returns the decoded value of a raw field value, as
 * g_mime_header_get_value() does: unfolded, encoded words decoded. */
static char *
dup_field_value (const char *raw)
{
  g_autofree char *unfolded = g_mime_utils_header_unfold (raw);

  /* GMime's decoder copies ASCII text without encoded words unchanged
   * (GMime 3.2.13; the same held for all 11,522 such values in the
   * samples, the test fixtures and the corpus), so it is skipped. */
  if (strstr (unfolded, "=?") == NULL && is_ascii (unfolded, strlen (unfolded)))
    return g_steal_pointer (&unfolded);

  return g_mime_utils_header_decode_text (NULL, unfolded);
}

/* Returns the decoded value of a raw field value that may be NULL. */
static char *
dup_field_value_or_null (const char *raw)
{
  return raw != NULL ? dup_field_value (raw) : NULL;
}

static gboolean
value_contains (const char *raw,
                const char *needle)
{
  g_autofree char *value = dup_field_value_or_null (raw);
  g_autofree char *lower = NULL;

  if (value == NULL)
    return FALSE;
  if (needle == NULL)
    return TRUE;

  lower = _bounce_parser_ascii_down (value, MIN (strlen (value), 256));

  return strstr (lower, needle) != NULL;
}

static void
read_bounce_headers (BounceParseContext *ctx,
                     const BounceFields *fields)
{
  g_autoptr(InternetAddressList) from = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *return_path = NULL;
  g_autofree char *auto_submitted = NULL;
  g_autofree char *failed = NULL;
  /* The raw value of the first field of each name. */
  const char *first[N_READ_FIELDS] = { NULL };
  const char *value;
  /* X-Original-To is left out: Postfix writes it beside Delivered-To,
   * which comes first, and DragonFly Mail Agent writes it into its own
   * bounces to name the failed recipient, not the bounce's addressee. */
  static const ReadField to_fields[] = {
    READ_DELIVERED_TO, READ_ENVELOPE_TO, READ_TO,
  };

  /* What GMime's message object would give: the addresses of every From
   * field, the last Subject and the last Date. */
  for (guint i = 0; i + 1 < fields->pairs->len; i += 2)
    {
      const char *name = g_ptr_array_index (fields->pairs, i);
      const char *raw = g_ptr_array_index (fields->pairs, i + 1);
      int field = find_read_field (name, strlen (name));

      if (field < 0)
        continue;
      if (first[field] == NULL)
        first[field] = raw;

      if (field == READ_FROM)
        {
          InternetAddressList *addresses = internet_address_list_parse (NULL, raw);

          if (addresses != NULL && from == NULL)
            from = addresses;
          else if (addresses != NULL)
            {
              internet_address_list_append (from, addresses);
              g_object_unref (addresses);
            }
        }
      else if (field == READ_SUBJECT)
        {
          g_free (subject);
          subject = dup_field_value (raw);
        }
      else if (field == READ_DATE)
        {
          g_autofree char *decoded = NULL;

          /* GMime's date parser skips folding and comments itself, so
           * only a value with encoded words goes through GMime's
           * decoding, which took about as many instructions as the
           * date parse itself (callgrind). */
          if (strstr (raw, "=?") != NULL)
            decoded = dup_field_value (raw);
          g_clear_pointer (&ctx->date, g_date_time_unref);
          ctx->date = bounce_format_parse_header_date (decoded != NULL ? decoded : raw, &ctx->date_offset_invalid);
        }
    }

  ctx->from = dup_address_of (from, &ctx->from_name);
  ctx->subject = _bounce_parser_make_valid (subject, -1, 1000);

  /* VERP addresses survive in the envelope headers a server adds on
   * delivery, which are more reliable than To. */
  for (guint i = 0; i < G_N_ELEMENTS (to_fields) && ctx->bounce_to == NULL; i++)
    {
      g_autofree char *to = dup_field_value_or_null (first[to_fields[i]]);

      if (to != NULL)
        ctx->bounce_to = _bounce_parser_extract_address (to, MIN (strlen (to), 4096));
    }

  failed = dup_field_value_or_null (first[READ_FAILED_RECIPIENTS]);
  if (failed != NULL)
    {
      /* Every address: the text reader keeps the first 1,000, and reports
       * the cut when there are more. */
      g_auto(GStrv) parts = g_strsplit_set (failed, ",;", 0);
      GPtrArray *addresses = g_ptr_array_new ();

      for (guint i = 0; parts[i] != NULL; i++)
        {
          char *address = _bounce_parser_extract_address (parts[i], strlen (parts[i]));

          if (address != NULL)
            g_ptr_array_add (addresses, address);
        }
      g_ptr_array_add (addresses, NULL);
      ctx->failed_recipients = (char **) g_ptr_array_free (addresses, FALSE);
    }

  /* A delivery report has a null reverse path (RFC 5321 section 4.5.5)
   * and is marked auto-generated or auto-replied (RFC 3834 section 5). */
  return_path = dup_field_value_or_null (first[READ_RETURN_PATH]);
  value = return_path;
  while (value != NULL && (*value == ' ' || *value == '\t'))
    value++;
  if (value != NULL && (g_str_has_prefix (value, "<>") || g_ascii_strncasecmp (value, "<mailer-daemon", 14) == 0))
    ctx->machine_sent = ctx->null_sender = TRUE;
  auto_submitted = dup_field_value_or_null (first[READ_AUTO_SUBMITTED]);
  value = auto_submitted;
  while (value != NULL && (*value == ' ' || *value == '\t'))
    value++;
  if (value != NULL && g_ascii_strncasecmp (value, "no", 2) != 0)
    {
      ctx->machine_sent = TRUE;
      ctx->auto_generated = g_ascii_strncasecmp (value, "auto-replied", 12) != 0;
    }

  /* RFC 3834 section 5 and the older non-standard markers. */
  ctx->auto_reply_header =
    value_contains (first[READ_AUTO_SUBMITTED], "auto-replied") ||
    value_contains (first[READ_X_AUTOREPLY], NULL) ||
    value_contains (first[READ_X_AUTORESPOND], NULL) ||
    value_contains (first[READ_X_AUTORESPONDER], NULL) ||
    value_contains (first[READ_X_AUTO_RESPONSE_SUPPRESS], "oof") ||
    value_contains (first[READ_PRECEDENCE], "auto_reply") ||
    value_contains (first[READ_X_PRECEDENCE], "auto_reply");
}

/* Subjects of out-of-office replies, in the languages seen most. */
static const char * const auto_reply_subjects[] = {
  "out of office", "out of the office", "automatic reply", "auto reply", "autoreply",
  "auto-reply", "auto response", "autoresponse", "away from my mail", "vacation",
  "on vacation", "on leave", "abwesenheitsnotiz", "automatische antwort", "abwesend",
  "réponse automatique", "reponse automatique", "absence", "respuesta automática",
  "respuesta automatica", "fuera de la oficina", "risposta automatica",
  "fuori sede", "automatisch antwoord", "afwezig", "resposta automática",
  "automatyczna odpowiedź",
};

static gboolean
looks_like_auto_reply (BounceParseContext *ctx)
{
  g_autofree char *subject = NULL;

  if (ctx->auto_reply_header)
    return TRUE;

  subject = _bounce_parser_dup_lower (ctx->subject, strlen (ctx->subject));
  for (guint i = 0; i < G_N_ELEMENTS (auto_reply_subjects); i++)
    {
      if (strstr (subject, auto_reply_subjects[i]) != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
read_feedback_fields (BounceParseContext *ctx,
                      const char         *fields)
{
  for (const char *line = fields; line != NULL && *line != '\0';)
    {
      const char *eol = strchr (line, '\n');
      gsize length = eol ? (gsize) (eol - line) : strlen (line);

      if (length > 16 && (g_ascii_strncasecmp (line, "Original-Rcpt-To:", 17) == 0 ||
                          g_ascii_strncasecmp (line, "Removal-Recipient:", 18) == 0 ||
                          g_ascii_strncasecmp (line, "X-HmXmrOriginalRecipient:", 25) == 0))
        {
          char *address = _bounce_parser_extract_address (line, length);

          if (address != NULL)
            {
              BounceFoundRecipient *found = _bounce_found_recipient_new ();

              found->recipient = address;
              g_ptr_array_add (ctx->found, found);
            }
        }

      line = eol ? eol + 1 : NULL;
    }
}

/* RFC 5965 section 3.1: the fields of a feedback report. Microsoft's JMRP
 * reports name the complainant in a header of the returned message
 * instead. */
static void
read_feedback (BounceParseContext *ctx)
{
  if (ctx->found->len > 0)
    return;

  read_feedback_fields (ctx, ctx->feedback->str);
  if (ctx->found->len == 0)
    read_feedback_fields (ctx, ctx->original_headers->str);
}

/* Copies the lower-case value of the first @name field (with its colon)
 * of the feedback report, without comments or surrounding blanks, or
 * returns NULL when the report has no such field. */
static char *
dup_feedback_field (BounceParseContext *ctx,
                    const char         *name)
{
  gsize name_length = strlen (name);

  for (const char *line = ctx->feedback->str; *line != '\0';)
    {
      const char *eol = strchr (line, '\n');
      gsize length = eol ? (gsize) (eol - line) : strlen (line);

      if (length >= name_length && g_ascii_strncasecmp (line, name, name_length) == 0)
        {
          g_autofree char *value = _bounce_parser_dup_lower (line + name_length,
                                                             MIN (length - name_length, 256));
          char *comment = strchr (value, '(');

          if (comment != NULL)
            *comment = '\0';
          return g_strdup (g_strstrip (value));
        }

      line = eol ? eol + 1 : line + length;
    }

  return NULL;
}

/* Decides the verdict of a feedback report's recipients from its
 * Feedback-Type. Only a complaint or a request for no more mail removes
 * the contact:
 *   - abuse (RFC 5965): the recipient reported the message as spam.
 *   - opt-out and opt-out-list (the ARF drafts before RFC 5965, still sent
 *     by some feedback loops): the recipient asked for no more mail.
 *   - No Feedback-Type: Microsoft's JMRP reports, Amazon SES complaints
 *     and older feedback loops report complaints without one.
 * The other types report on the message, not a complaint by the recipient:
 *   - not-spam (RFC 6430) and miscategorized (ARF drafts): the recipient
 *     moved the message out of the spam folder, so it was delivered.
 *   - auth-failure (RFC 6591): a DMARC, DKIM or SPF failure report. The
 *     sending domain's "ruf" address gets one for each failing message,
 *     also for mail that others forged in its name. Unless its
 *     Delivery-Result is "delivered", the sender has to fix its
 *     authentication.
 *   - virus (RFC 5965): the reporter found malware in the message.
 *   - fraud and other (RFC 5965), and unregistered types: the report does
 *     not show that the recipient complained, and fraud reports are often
 *     about mail forged in the sender's name. The user reads the report. */
static void
decide_feedback_type (BounceParseContext *ctx,
                      BounceCategory     *category,
                      const char        **reason)
{
  g_autofree char *type = dup_feedback_field (ctx, "Feedback-Type:");
  g_autofree char *result = NULL;

  *category = BOUNCE_CATEGORY_COMPLAINT;
  *reason = BOUNCE_REASON_SPAM_COMPLAINT;
  if (type == NULL || type[0] == '\0' || g_str_equal (type, "abuse"))
    return;

  if (g_str_equal (type, "opt-out") || g_str_equal (type, "opt-out-list"))
    {
      *reason = BOUNCE_REASON_UNSUBSCRIBE;
      return;
    }

  if (g_str_equal (type, "not-spam") || g_str_equal (type, "miscategorized"))
    {
      *category = BOUNCE_CATEGORY_DELIVERED;
      *reason = BOUNCE_REASON_DELIVERED;
    }
  else if (g_str_equal (type, "auth-failure"))
    {
      result = dup_feedback_field (ctx, "Delivery-Result:");
      if (g_strcmp0 (result, "delivered") == 0)
        {
          *category = BOUNCE_CATEGORY_DELIVERED;
          *reason = BOUNCE_REASON_DELIVERED;
        }
      else
        {
          *category = BOUNCE_CATEGORY_BLOCKED;
          *reason = BOUNCE_REASON_AUTHENTICATION_FAILED;
        }
    }
  else if (g_str_equal (type, "virus"))
    {
      *category = BOUNCE_CATEGORY_BLOCKED;
      *reason = BOUNCE_REASON_VIRUS;
    }
  else
    {
      *category = BOUNCE_CATEGORY_UNKNOWN;
      *reason = BOUNCE_REASON_FEEDBACK_REPORT;
    }
}

/* Keeps only @found's own lines of the notice as its context when the
 * notice reports several recipients. The whole notice also contains the
 * other recipients' replies, so "550 user unknown" or "account has been
 * disabled" for one would decide for all. */
static void
narrow_context (BounceParseContext   *ctx,
                BounceFoundRecipient *found)
{
  if (ctx->found->len < 2 || found->context == NULL)
    return;

  g_clear_pointer (&found->context, g_free);
  _bounce_parser_add_recipient_notice (ctx, found);
}

/* Returns the return address that a VERP address such as
 * bounces+jane=example.com@shop.example.com (or bounces-jane=...) is
 * built on, bounces@shop.example.com, or NULL when @address is no VERP
 * address. */
static char *
dup_verp_base (const char *address)
{
  g_autofree char *normalized = bounce_address_normalize (address);
  g_autofree char *decoded = bounce_address_decode_verp (address);
  const char *at;
  gssize base_length;

  if (normalized == NULL || decoded == NULL)
    return NULL;

  /* The local part is the base, a separator, then the decoded address
   * with "=" in place of its "@". */
  at = strrchr (normalized, '@');
  base_length = (at - normalized) - (gssize) strlen (decoded) - 1;
  if (base_length <= 0)
    return NULL;

  return g_strdup_printf ("%.*s%s", (int) base_length, normalized, at);
}

/* Returns whether @text is an address whose mailbox key is @key. */
static gboolean
has_mailbox_key (const char *text,
                 const char *key)
{
  g_autofree char *normalized = text != NULL ? bounce_address_normalize (text) : NULL;
  g_autofree char *other_key = NULL;

  if (normalized == NULL)
    return FALSE;
  other_key = bounce_address_dup_mailbox_key (normalized);

  return g_str_equal (key, other_key);
}

/* Returns whether the feedback report's Original-Mail-From (RFC 5965
 * 3.2), the envelope sender of the reported message, has the mailbox
 * key @key. */
static gboolean
is_feedback_mail_from (BounceParseContext *ctx,
                       const char         *key)
{
  for (const char *line = ctx->feedback->str; *line != '\0';)
    {
      const char *eol = strchr (line, '\n');
      gsize length = eol ? (gsize) (eol - line) : strlen (line);

      if (length > 19 && g_ascii_strncasecmp (line, "Original-Mail-From:", 19) == 0)
        {
          g_autofree char *mail_from = _bounce_parser_extract_address (line + 19, length - 19);

          if (has_mailbox_key (mail_from, key))
            return TRUE;
        }

      line = eol ? eol + 1 : line + length;
    }

  return FALSE;
}

/* Returns whether @address is the sender's own mailbox. The sender owns
 * the address the bounce was sent to, which took this bounce and so is
 * alive. The sender also owns the return address that a VERP address is
 * built on, the From, Sender, Reply-To, Return-Path and Errors-To of the
 * returned message, and the envelope sender a feedback report names.
 * Spellings of one mailbox count as one (news+test@ is news@). */
static gboolean
is_sender_address (BounceParseContext *ctx,
                   const char         *address)
{
  static const char * const sender_headers[] = {
    "From", "Sender", "Reply-To", "Return-Path", "Errors-To",
  };
  BounceRecord record = { 0 };
  g_autofree char *normalized = bounce_address_normalize (address);
  g_autofree char *key = NULL;
  g_autofree char *verp_base = NULL;

  if (normalized == NULL)
    return FALSE;
  key = bounce_address_dup_mailbox_key (normalized);

  if (has_mailbox_key (ctx->bounce_to, key))
    return TRUE;
  verp_base = ctx->bounce_to != NULL ? dup_verp_base (ctx->bounce_to) : NULL;
  if (has_mailbox_key (verp_base, key) || is_feedback_mail_from (ctx, key))
    return TRUE;

  record.original_headers = ctx->original_headers->str;
  for (guint i = 0; i < G_N_ELEMENTS (sender_headers); i++)
    {
      g_autofree char *value = bounce_record_dup_original_header (&record, sender_headers[i]);
      g_auto(GStrv) addresses = NULL;

      if (value == NULL)
        continue;

      /* A Reply-To may list several addresses. */
      addresses = bounce_address_extract_all (value);
      for (guint j = 0; addresses[j] != NULL; j++)
        if (has_mailbox_key (addresses[j], key))
          return TRUE;
    }

  return FALSE;
}

/* Adds one record per address in the To (or Cc) header of the returned
 * message; complaint reports often carry nothing else. With @with_cc the
 * Cc addresses are added beside the To ones, else only when To has none.
 * The sender's own address is left out: a mailing sent with the customers
 * in Bcc has it in To, and the report is then for one of the hidden
 * recipients. */
static void
add_original_to_recipients (BounceParseContext *ctx,
                            gboolean            with_cc)
{
  static const char * const headers[] = { "To", "Cc" };

  for (guint h = 0; h < G_N_ELEMENTS (headers) && (with_cc || ctx->found->len == 0); h++)
    {
      BounceRecord record = { 0 };
      g_autofree char *value = NULL;
      g_autoptr(InternetAddressList) list = NULL;
      int count;

      record.original_headers = ctx->original_headers->str;
      value = bounce_record_dup_original_header (&record, headers[h]);
      if (value == NULL)
        continue;

      list = internet_address_list_parse (NULL, value);
      count = list ? internet_address_list_length (list) : 0;
      for (int i = 0; i < count && i < 1000; i++)
        {
          InternetAddress *address = internet_address_list_get_address (list, i);
          const char *addr;

          if (!INTERNET_ADDRESS_IS_MAILBOX (address))
            continue;
          addr = internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address));
          if (addr != NULL && strchr (addr, '@') != NULL &&
              !is_sender_address (ctx, addr))
            {
              BounceFoundRecipient *found = _bounce_found_recipient_new ();
              g_autofree char *valid = _bounce_parser_make_valid (addr, -1, 256);

              found->recipient = _bounce_parser_dup_lower (valid, strlen (valid));
              g_ptr_array_add (ctx->found, found);
            }
        }
    }
}

/* RFC 5965 section 2 sends one feedback report for each complaining
 * recipient. A report that names none, whose returned message went to
 * several To and Cc addresses, does not show which of them complained.
 * Its record then names no recipient, and its original_to lists them all
 * so that the cleaner matches none of them (see match_record()). */
static void
forget_guessed_complainants (BounceParseContext *ctx)
{
  g_autoptr(GString) all = NULL;

  if (ctx->found->len < 2)
    return;

  all = g_string_new (NULL);
  for (guint i = 0; i < ctx->found->len; i++)
    {
      const BounceFoundRecipient *found = g_ptr_array_index (ctx->found, i);

      if (i > 0)
        g_string_append (all, ", ");
      g_string_append (all, found->recipient);
    }
  g_free (ctx->original_to);
  ctx->original_to = g_string_free (g_steal_pointer (&all), FALSE);
  g_ptr_array_set_size (ctx->found, 0);
}

/* Adds the address that the VERP return path of the bounce encodes
 * (bounces+vic=example.com@shop.example.com for vic@example.com) when
 * nothing else names a recipient. A notice sent to such an address may
 * name only the local part ("vic"), and the cleaner matches the VERP
 * address too, so scan reports the address that clean removes. */
static void
add_verp_recipient (BounceParseContext *ctx)
{
  g_autofree char *address = NULL;
  BounceFoundRecipient *found;

  if (ctx->found->len > 0 || ctx->bounce_to == NULL)
    return;

  address = bounce_address_decode_verp (ctx->bounce_to);
  if (address == NULL)
    return;

  found = _bounce_found_recipient_new ();
  found->recipient = g_steal_pointer (&address);
  g_ptr_array_add (ctx->found, found);
}

/* Exim names a delivery to a file or pipe ("Final-Recipient:
 * rfc822;/mail/spool/...") in the DSN and the address in
 * X-Failed-Recipients. The address is what a contact list contains. */
static void
replace_non_addresses (BounceParseContext *ctx)
{
  guint next = 0;

  if (ctx->failed_recipients == NULL)
    return;

  for (guint i = 0; i < ctx->found->len && ctx->failed_recipients[next] != NULL; i++)
    {
      BounceFoundRecipient *found = g_ptr_array_index (ctx->found, i);

      if (found->recipient != NULL && strchr (found->recipient, '@') != NULL)
        continue;

      g_free (found->recipient);
      found->recipient = g_strdup (ctx->failed_recipients[next++]);
    }
}

static void
take_if_empty (char **field,
               char **other)
{
  if ((*field == NULL || **field == '\0') && *other != NULL && **other != '\0')
    {
      g_free (*field);
      *field = g_steal_pointer (other);
    }
}

/* Merges records of one recipient that several parts (two DSN parts, a
 * DSN and the notice) reported, keeping the first and filling its gaps. */
static void
merge_duplicates (BounceParseContext *ctx)
{
  for (guint i = 1; i < ctx->found->len;)
    {
      BounceFoundRecipient *later = g_ptr_array_index (ctx->found, i);
      BounceFoundRecipient *first = NULL;

      for (guint j = 0; j < i && later->recipient != NULL; j++)
        {
          BounceFoundRecipient *candidate = g_ptr_array_index (ctx->found, j);

          if (g_strcmp0 (candidate->recipient, later->recipient) == 0)
            {
              first = candidate;
              break;
            }
        }

      if (first == NULL)
        {
          i++;
          continue;
        }

      take_if_empty (&first->original_recipient, &later->original_recipient);
      take_if_empty (&first->action, &later->action);
      take_if_empty (&first->status, &later->status);
      take_if_empty (&first->reply_code, &later->reply_code);
      take_if_empty (&first->diagnostic, &later->diagnostic);
      take_if_empty (&first->remote_mta, &later->remote_mta);
      take_if_empty (&first->context, &later->context);
      take_if_empty (&first->mta_category, &later->mta_category);
      if (first->date == NULL)
        first->date = g_steal_pointer (&later->date);
      g_ptr_array_remove_index (ctx->found, i);
    }
}

/* Returns the To of the returned message for matching, or "" when there
 * is none or it is the sender's own address. The cleaner matches a
 * bounce that names no failed address through it, and the own address
 * of a mailing sent with the customers in Bcc must not be taken for a
 * failed one. */
static char *
dup_original_to (BounceParseContext *ctx,
                 const BounceRecord *record)
{
  g_autofree char *to = bounce_record_dup_original_header (record, "To");
  g_autofree char *address = NULL;

  if (to == NULL)
    return g_strdup ("");

  address = _bounce_parser_extract_address (to, strlen (to));
  if (address != NULL && is_sender_address (ctx, address))
    return g_strdup ("");

  return address != NULL ? g_steal_pointer (&address) : g_steal_pointer (&to);
}

static void
fill_common (BounceRecord       *record,
             BounceParseContext *ctx)
{
  g_autofree char *message_id = NULL;

  bounce_record_set_string (&record->subject, ctx->subject);
  bounce_record_set_string (&record->bounce_to, ctx->bounce_to);
  bounce_record_set_string (&record->format, ctx->format);
  bounce_record_set_string (&record->original_headers, ctx->original_headers->str);

  /* The records of one message share it, and a report may name a
   * thousand recipients. */
  if (ctx->original_to == NULL)
    ctx->original_to = dup_original_to (ctx, record);
  bounce_record_set_string (&record->original_to, ctx->original_to);

  message_id = bounce_record_dup_original_header (record, "Message-ID");
  if (message_id != NULL)
    {
      g_autofree char *decoded = g_mime_utils_decode_message_id (message_id);

      bounce_record_set_string (&record->original_message_id, decoded ? decoded : message_id);
    }

  if (record->date == NULL && ctx->date != NULL)
    record->date = g_date_time_ref (ctx->date);
  record->date_offset_invalid = record->date == NULL && ctx->date_offset_invalid;
}

/* Whether Amazon SES receiving wrote the report. It accepts a message
 * and then bounces it by a receipt rule, with a reply that the domain's
 * owner picked from a template ("550 5.1.1 Mailbox does not exist"), so
 * no server looked the address up and the reply proves no dead address.
 * Refusals at RCPT by the same servers name them in Remote-MTA instead. */
static gboolean
is_receipt_rule_report (BounceParseContext *ctx)
{
  g_autofree char *mta = NULL;

  if (ctx->reporting_mta == NULL)
    return FALSE;

  mta = _bounce_parser_ascii_down (ctx->reporting_mta, -1);
  g_strstrip (mta);

  return g_str_has_prefix (mta, "inbound-smtp.") && g_str_has_suffix (mta, ".amazonaws.com");
}

static BounceRecord *
record_from_found (BounceParseContext   *ctx,
                   BounceFoundRecipient *found,
                   const char           *file,
                   gint64                offset,
                   guint                 index)
{
  BounceRecord *record = bounce_record_new (file);
  BounceClassifyInput input = { 0 };
  g_autofree char *notice = NULL;
  const char *reason = NULL;

  record->offset = offset;
  record->index = index;
  bounce_record_set_string (&record->recipient, found->recipient);
  bounce_record_set_string (&record->original_recipient, found->original_recipient);
  bounce_record_set_string (&record->status, found->status);
  bounce_record_set_string (&record->reply_code, found->reply_code);
  bounce_record_set_string (&record->action, found->action);
  bounce_record_set_string (&record->diagnostic, found->diagnostic);
  bounce_record_set_string (&record->remote_mta, found->remote_mta);

  if (found->date != NULL)
    record->date = g_date_time_ref (found->date);
  else if (ctx->arrival_date != NULL)
    record->date = g_date_time_ref (ctx->arrival_date);

  input.status = found->status;
  input.reply_code = found->reply_code;
  input.action = found->action;
  input.diagnostic = found->diagnostic;
  input.context = found->context;
  input.mta_category = found->mta_category;
  input.recipient = found->recipient;
  input.remote_mta = found->remote_mta;
  if (ctx->found->len == 1 && ctx->text->len > 0)
    input.notice = notice = _bounce_parser_make_valid (ctx->text->str, MIN (ctx->text->len, BOUNCE_PARSER_MAX_VALUE * 2),
                                                       BOUNCE_PARSER_MAX_VALUE * 2);
  record->category = _bounce_classify_input (&input, &reason);
  if (record->category == BOUNCE_CATEGORY_HARD && is_receipt_rule_report (ctx))
    {
      record->category = BOUNCE_CATEGORY_BLOCKED;
      reason = BOUNCE_REASON_FILTERED;
    }

  /* A failed recipient whose cause nothing decides is still a failure. */
  record->reason = reason ? reason : BOUNCE_REASON_UNDETERMINED;
  fill_common (record, ctx);

  return record;
}

static BounceRecord *
record_new_simple (BounceParseContext *ctx,
                   const char         *file,
                   gint64              offset,
                   guint               index,
                   const char         *recipient,
                   BounceCategory      category,
                   const char         *reason)
{
  BounceRecord *record = bounce_record_new (file);

  record->offset = offset;
  record->index = index;
  record->category = category;
  record->reason = reason;
  bounce_record_set_string (&record->recipient, recipient);
  fill_common (record, ctx);

  return record;
}

/* An extra record for a delivery report that was read only in part, so
 * that the recipients it lists further down are not silently missing. */
static BounceRecord *
record_new_cut_report (BounceParseContext *ctx,
                       const char         *file,
                       gint64              offset,
                       guint               index)
{
  BounceRecord *record = record_new_simple (ctx, file, offset, index, "", BOUNCE_CATEGORY_UNKNOWN,
                                            BOUNCE_REASON_UNDETERMINED);
  g_autofree char *error = NULL;

  /* The count is formatted for the locale ("10.000" in German), as the
   * summary's counts are. */
  if (ctx->recipient_limit > 0)
    {
      g_autofree char *limit = bounce_format_count (ctx->recipient_limit);

      error = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            /* TRANSLATORS: both %s are the same count, such as "10,000" */
                                            "This report lists more than %s recipient; only the first %s was read.",
                                            "This report lists more than %s recipients; only the first %s were read.",
                                            ctx->recipient_limit),
                               limit, limit);
    }
  else
    error = g_strdup_printf (_("This report’s delivery status is larger than %u MB; only the recipients in its first %u MB were read."),
                             BOUNCE_PARSER_MAX_DSN / (1024 * 1024), BOUNCE_PARSER_MAX_DSN / (1024 * 1024));
  bounce_record_set_string (&record->error, error);
  g_debug ("%s: %s", file, error);

  return record;
}

/* Says in each record of a message that was read only in part which
 * limit it exceeded, unless the record names a problem already. */
static void
note_limits (GPtrArray          *records,
             BounceParserLimits  exceeded,
             const char         *file)
{
  g_autofree char *note = _bounce_parser_describe_limits (exceeded);

  g_debug ("%s: %s", file, note);
  for (guint i = 0; i < records->len; i++)
    {
      BounceRecord *record = g_ptr_array_index (records, i);

      if (record->error[0] == '\0')
        bounce_record_set_string (&record->error, note);
    }
}

static BounceRecord *
record_new_unreadable (const char *file,
                       gint64      offset,
                       guint       index,
                       const char *error)
{
  BounceRecord *record = bounce_record_new (file);

  record->offset = offset;
  record->index = index;
  record->category = BOUNCE_CATEGORY_UNREADABLE;
  record->reason = BOUNCE_REASON_UNREADABLE;
  bounce_record_set_string (&record->error, error);

  return record;
}

/* Copies the message with every line ending turned into LF (bare CR
 * included, which GMime does not treat as a line break), every NUL byte
 * turned into a blank and without a leading mbox "From " line. A stray
 * NUL would end the text of its part (GMime's text and the C strings
 * of the readers stop there), losing the DSN fields or notice after it. */
static GByteArray *
normalize_line_endings (const char *data,
                        gsize       length)
{
  GByteArray *bytes = g_byte_array_sized_new (length + 1);
  const char *p = data;
  const char *end = data + length;
  guint8 *out;

  if (length > 5 && memcmp (data, "From ", 5) == 0)
    {
      const char *eol = memchr (data, '\n', length);

      p = eol ? eol + 1 : end;
    }

  /* The copy is never longer than the message, so the lines are
   * written straight into the array's memory, without a call to
   * g_byte_array_append() for each of them. */
  g_byte_array_set_size (bytes, end - p);
  out = bytes->data;
  while (p < end)
    {
      const char *cr = memchr (p, '\r', end - p);

      if (cr == NULL)
        {
          memcpy (out, p, end - p);
          out += end - p;
          break;
        }

      memcpy (out, p, cr - p);
      out += cr - p;
      *out++ = '\n';
      p = cr + 1;
      if (p < end && *p == '\n')
        p++;
    }
  g_byte_array_set_size (bytes, out - bytes->data);

  for (guint8 *nul = memchr (bytes->data, '\0', bytes->len); nul != NULL;
       nul = memchr (nul + 1, '\0', bytes->data + bytes->len - nul - 1))
    *nul = ' ';

  return bytes;
}

/* Wraps the message without copying it when no line ending needs work,
 * skipping a leading mbox "From " line. The copy and its large
 * allocation took 4% of the parse of a sample bounce. The array does not
 * own @data, so free it with g_byte_array_free (bytes, FALSE). */
static GByteArray *
borrow_message (const char *data,
                gsize       length)
{
  if (length > 5 && memcmp (data, "From ", 5) == 0)
    {
      const char *eol = memchr (data, '\n', length);
      gsize skip = eol != NULL ? (gsize) (eol + 1 - data) : length;

      data += skip;
      length -= skip;
    }

  return g_byte_array_new_take ((guint8 *) data, length);
}

static gboolean
has_header_shape (const char *data,
                  gsize       length)
{
  /* The first line of a message is a header field (RFC 5322 section
   * 2.2): printable name characters, then a colon. */
  for (gsize i = 0; i < length && i < 998; i++)
    {
      guchar c = (guchar) data[i];

      if (c == ':')
        return i > 0;
      if (c < 33 || c > 126)
        return FALSE;
    }

  return FALSE;
}

/* What happens to a field of the bounce's own header block on its way
 * to GMime. */
typedef enum
{
  FIELD_KEEP, /* stays in the copy GMime parses */
  FIELD_DROP, /* left out: no reader uses it */
  FIELD_TAKE, /* left out, and its name and raw value added to @taken_fields */
} FieldFate;

typedef FieldFate (*FieldFateFunc) (const char *name,
                                    gsize       length);

static FieldFate
drop_unread (const char *name,
             gsize       length)
{
  return is_read_field (name, length) ? FIELD_KEEP : FIELD_DROP;
}

/* GMime's g_mime_parser_construct_part() builds the MIME structure from
 * the Content-* fields alone (GMime 3.2.13). Every other field that
 * reaches it still costs a GMimeHeader object, so the bounce's own From, To, Subject and the like are read
 * from the raw block instead. That took 10% off the instructions of a
 * parse of the sample bounces (callgrind). */
static FieldFate
take_non_mime (const char *name,
               gsize       length)
{
  if (length >= 8 && g_ascii_strncasecmp (name, "Content-", 8) == 0)
    return FIELD_KEEP;

  return FIELD_TAKE;
}

/* Both steps at once: unread fields dropped, the others but Content-*
 * taken. */
static FieldFate
drop_unread_take_non_mime (const char *name,
                           gsize       length)
{
  return is_read_field (name, length) ? take_non_mime (name, length) : FIELD_DROP;
}

/* Returns a copy of @bytes whose header block holds only the fields that
 * @fate keeps, or NULL when it would keep all of them or none. The block
 * must be plain: each line a field name of printable ASCII and a colon,
 * or a folded continuation line. Anything else returns NULL, so GMime
 * gets the message as it came and handles the damage its own way. A
 * block with a NUL byte returns NULL too, and so does a block without
 * any field kept, which GMime would read as no header. The fields that
 * @fate takes are appended to @taken_fields, when it is not NULL and a
 * copy is returned, as the name, a NUL, the raw value as GMime keeps it
 * (the bytes after the colon, line breaks included) and a NUL. @bytes
 * ends its lines with LF only. */
static GByteArray *
sort_header_fields (const GByteArray *bytes,
                    FieldFateFunc     fate,
                    GString          *taken_fields)
{
  const char *data = (const char *) bytes->data;
  const char *end = data + bytes->len;
  const char *line = data;
  const char *body;
  GByteArray *copy;
  FieldFate field_fate = FIELD_KEEP;
  gboolean any_left_out = FALSE;
  gboolean any_kept = FALSE;

  /* First pass: check the block and find whether a field is left out. */
  while (line < end && *line != '\n')
    {
      const char *eol = memchr (line, '\n', end - line);
      const char *next = eol != NULL ? eol + 1 : end;

      if (*line == ' ' || *line == '\t')
        {
          if (line == data)
            return NULL;
        }
      else
        {
          const char *p = line;

          while (p < next && *p != ':' && (guchar) *p > 32 && (guchar) *p < 127)
            p++;
          if (p == line || p == next || *p != ':')
            return NULL;
          field_fate = fate (line, p - line);
          any_left_out |= field_fate != FIELD_KEEP;
          any_kept |= field_fate == FIELD_KEEP;
        }
      line = next;
    }
  body = line;
  if (!any_left_out || !any_kept || memchr (data, '\0', body - data) != NULL)
    return NULL;

  /* Second pass: copy the kept fields with their continuation lines,
   * then the rest of the message unchanged. */
  copy = g_byte_array_sized_new (bytes->len + 1);
  for (line = data; line < body;)
    {
      const char *field_end = line;
      const char *colon = memchr (line, ':', body - line);

      /* A field ends before the next line that is not a continuation. */
      do
        {
          const char *eol = memchr (field_end, '\n', body - field_end);

          field_end = eol != NULL ? eol + 1 : body;
        }
      while (field_end < body && (*field_end == ' ' || *field_end == '\t'));

      field_fate = fate (line, colon - line);
      if (field_fate == FIELD_KEEP)
        g_byte_array_append (copy, (const guint8 *) line, field_end - line);
      else if (field_fate == FIELD_TAKE && taken_fields != NULL)
        {
          g_string_append_len (taken_fields, line, colon - line);
          g_string_append_c (taken_fields, '\0');
          g_string_append_len (taken_fields, colon + 1, field_end - colon - 1);
          g_string_append_c (taken_fields, '\0');
        }
      line = field_end;
    }
  g_byte_array_append (copy, (const guint8 *) body, end - body);

  return copy;
}

/* Each thread keeps one GMime parser, and an empty stream to hand it
 * between messages: a new parser allocates a 4 KB buffer, which made
 * malloc consolidate its free lists on every message. A message needs
 * the parser only until g_mime_parser_construct_part() returns, so the
 * parse of an attached bounce may take it over during the walk. */
static GPrivate thread_parser = G_PRIVATE_INIT (g_object_unref);
static GPrivate thread_idle_stream = G_PRIVATE_INIT (g_object_unref);

static GMimeParser *
dup_thread_parser (GMimeStream *stream)
{
  GMimeParser *parser = g_private_get (&thread_parser);

  if (parser == NULL)
    {
      parser = g_mime_parser_new ();
      g_private_set (&thread_parser, parser);
      g_private_set (&thread_idle_stream, g_mime_stream_null_new ());
    }

  g_mime_parser_init_with_stream (parser, stream);
  g_mime_parser_set_format (parser, GMIME_FORMAT_MESSAGE);

  return g_object_ref (parser);
}

/* Detaches the thread's parser from the message's stream and frees the
 * stream before the borrowed array it reads, if any. */
static void
release_stream (GMimeParser **parser,
                GMimeStream **stream,
                GByteArray   *borrowed)
{
  g_mime_parser_init_with_stream (*parser, g_private_get (&thread_idle_stream));
  g_clear_object (parser);
  g_clear_object (stream);
  if (borrowed != NULL)
    g_byte_array_free (borrowed, FALSE);
}

static void
context_clear (BounceParseContext *ctx)
{
  g_free (ctx->from);
  g_free (ctx->from_name);
  g_free (ctx->subject);
  g_free (ctx->bounce_to);
  g_free (ctx->original_to);
  g_clear_pointer (&ctx->date, g_date_time_unref);
  g_strfreev (ctx->failed_recipients);
  g_free (ctx->report_type);
  g_string_free (ctx->dsn, TRUE);
  g_string_free (ctx->feedback, TRUE);
  g_string_free (ctx->text, TRUE);
  g_string_free (ctx->original_headers, TRUE);
  g_clear_pointer (&ctx->arrival_date, g_date_time_unref);
  g_free (ctx->reporting_mta);
  g_clear_object (&ctx->returned_part);
  g_ptr_array_unref (ctx->found);
}

static GPtrArray *parse_message (const char *data,
                                 gsize       length,
                                 const char *file,
                                 gint64      offset,
                                 guint       index,
                                 guint       depth,
                                 guint      *unread_forwards);

/* Returns the decoded bytes of a message/rfc822 part, or NULL. */
static GByteArray *
dup_returned_message (GMimeObject *object)
{
  g_autoptr(GMimeStream) stream = NULL;
  GMimeDataWrapper *content;
  GByteArray *bytes;

  if (!GMIME_IS_PART (object))
    return NULL;
  content = g_mime_part_get_content (GMIME_PART (object));
  if (content == NULL)
    return NULL;

  bytes = g_byte_array_new ();
  stream = g_mime_stream_mem_new_with_byte_array (bytes);
  g_mime_stream_mem_set_owner (GMIME_STREAM_MEM (stream), FALSE);
  g_mime_data_wrapper_write_to_stream (content, stream);

  return bytes;
}

/* Whether one of @records reports a failed recipient, or with
 * @with_complaints a complaint, which is how a parsed message shows
 * that it is a report and not an ordinary message. */
static gboolean
reports_failure (GPtrArray *records,
                 gboolean   with_complaints)
{
  for (guint i = 0; i < records->len; i++)
    {
      BounceRecord *record = g_ptr_array_index (records, i);

      switch (record->category)
        {
        case BOUNCE_CATEGORY_HARD:
        case BOUNCE_CATEGORY_SOFT:
        case BOUNCE_CATEGORY_BLOCKED:
        case BOUNCE_CATEGORY_DELAYED:
        case BOUNCE_CATEGORY_UNKNOWN:
          if (record->recipient != NULL && record->recipient[0] != '\0')
            return TRUE;
          break;

        case BOUNCE_CATEGORY_COMPLAINT:
          if (with_complaints)
            return TRUE;
          break;

        default:
          break;
        }
    }

  return FALSE;
}

/* A mail system that passes a bounce on to a notification address may
 * attach it whole as a message/rfc822 part under a notice of its own
 * that names no recipient (a relay's "Returned mail: User unknown" with
 * an empty list of addresses). The attached bounce is then the report:
 * its records are added to @records when it is one. */
static gboolean
add_attached_bounce (BounceParseContext *ctx,
                     GPtrArray          *records,
                     const char         *file,
                     gint64              offset,
                     guint               index,
                     guint               depth,
                     guint              *unread_forwards)
{
  g_autoptr(GPtrArray) inner = NULL;
  GByteArray *bytes;

  if (ctx->returned_part == NULL || depth >= MAX_ATTACHED_BOUNCE_DEPTH)
    return FALSE;

  bytes = dup_returned_message (ctx->returned_part);
  if (bytes == NULL || bytes->len == 0)
    {
      if (bytes != NULL)
        g_byte_array_unref (bytes);
      return FALSE;
    }
  inner = parse_message ((const char *) bytes->data, bytes->len, file, offset, index, depth + 1, unread_forwards);
  g_byte_array_unref (bytes);

  if (!reports_failure (inner, FALSE))
    return FALSE;

  for (guint i = 0; i < inner->len; i++)
    g_ptr_array_add (records, bounce_record_ref (g_ptr_array_index (inner, i)));

  return TRUE;
}

/* Returns the registrable domain of @address ("example.co.uk" for
 * news@mail.example.co.uk), or its whole domain when the Public Suffix
 * List names none, or NULL. The list built into libpsl is used, not the
 * newer file that the hygiene checks load, so that a parse depends only
 * on this build (the parse cache keeps records per build). */
static const char *
organization_domain (const char *address)
{
  const char *at = address != NULL ? strrchr (address, '@') : NULL;
  const psl_ctx_t *psl = psl_builtin ();
  const char *registrable;

  if (at == NULL || at[1] == '\0')
    return NULL;

  registrable = psl != NULL ? psl_registrable_domain (psl, at + 1) : NULL;

  return registrable != NULL ? registrable : at + 1;
}

/* Adds the records of a message that a person forwarded to @records when
 * that message is a bounce or a complaint, and was sent to the same
 * organization (registrable domain) as the forward. Someone who collects
 * the bounces of their own mailings forwards them within their
 * organization. A customer who forwards a bounce of their own mail to a
 * shop's support address forwards no report on the shop's mailings, and
 * the address it names is not a contact to remove.
 * NOTE: so a bounce forwarded to another organization, such as an agency
 * that runs the mailings, is not read. */
static gboolean
add_forwarded_records (BounceParseContext *ctx,
                       GPtrArray          *inner,
                       GPtrArray          *records)
{
  const BounceRecord *first;
  const char *own_domain;
  const char *domain;

  if (!reports_failure (inner, TRUE))
    return FALSE;

  first = g_ptr_array_index (inner, 0);
  own_domain = organization_domain (ctx->bounce_to);
  domain = organization_domain (first->bounce_to);
  if (own_domain == NULL || domain == NULL || strcmp (own_domain, domain) != 0)
    return FALSE;

  /* The format field, which the JSON leaves out, marks the report as
   * forwarded. The subject and date stay those of the report. */
  for (guint i = 0; i < inner->len; i++)
    {
      BounceRecord *record = g_ptr_array_index (inner, i);

      if (!g_str_has_prefix (record->format, "forwarded"))
        {
          g_autofree char *format = record->format[0] != '\0' ? g_strconcat ("forwarded-", record->format, NULL)
                                                               : g_strdup ("forwarded");

          bounce_record_set_string (&record->format, format);
        }
      g_ptr_array_add (records, bounce_record_ref (record));
    }

  return TRUE;
}

/* Collects the message/rfc822 parts of @object, @object itself included,
 * without looking inside them. */
static void
collect_message_parts (GMimeObject *object,
                       GPtrArray   *parts,
                       guint        depth)
{
  GMimeContentType *type;
  const char *media_type;
  const char *subtype;

  if (depth > BOUNCE_PARSER_MAX_MIME_DEPTH)
    return;

  if (GMIME_IS_MULTIPART (object))
    {
      GMimeMultipart *multipart = GMIME_MULTIPART (object);
      int count = g_mime_multipart_get_count (multipart);

      for (int i = 0; i < count; i++)
        collect_message_parts (g_mime_multipart_get_part (multipart, i), parts, depth + 1);
      return;
    }

  type = g_mime_object_get_content_type (object);
  media_type = type != NULL ? g_mime_content_type_get_media_type (type) : NULL;
  subtype = type != NULL ? g_mime_content_type_get_media_subtype (type) : NULL;
  if (media_type != NULL && subtype != NULL && g_ascii_strcasecmp (media_type, "message") == 0 &&
      is_returned_message (subtype))
    g_ptr_array_add (parts, object);
}

/* Mail programs forward a message "as attachment" in a message/rfc822
 * part, or as the whole body. Each such part of a message that is no
 * report itself is parsed as a message of its own, so that a person may
 * forward several bounces at once. */
static gboolean
add_attached_forwards (BounceParseContext *ctx,
                       GMimeObject        *top,
                       GPtrArray          *records,
                       const char         *file,
                       gint64              offset,
                       guint               index,
                       guint               depth,
                       guint              *unread_forwards)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  gboolean added = FALSE;
  guint count;

  collect_message_parts (top, parts, 0);
  count = depth == 0 ? parts->len : MIN (parts->len, MAX_NESTED_FORWARDS);
  *unread_forwards += parts->len - count;
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(GPtrArray) inner = NULL;
      g_autoptr(GByteArray) bytes = dup_returned_message (g_ptr_array_index (parts, i));

      if (bytes == NULL || bytes->len == 0)
        continue;

      inner = parse_message ((const char *) bytes->data, bytes->len, file, offset, index, depth + 1,
                             unread_forwards);
      added |= add_forwarded_records (ctx, inner, records);
    }

  return added;
}

/* Reads a message that a person forwarded inline, but only when its
 * header block names a mail server's mailbox (MAILER-DAEMON, postmaster,
 * "Mail Delivery System") in From or has the subject of a report. Only
 * then do the text notice rules apply to its text. */
static gboolean
add_inline_forward (BounceParseContext        *ctx,
                    const BounceInlineForward *forward,
                    GPtrArray                 *records,
                    const char                *file,
                    gint64                     offset,
                    guint                      index,
                    guint                      depth,
                    guint                     *unread_forwards)
{
  g_autoptr(InternetAddressList) from = internet_address_list_parse (NULL, forward->from);
  g_autoptr(GPtrArray) inner = NULL;
  g_autoptr(GByteArray) bytes = NULL;
  BounceParseContext header = { 0 };
  gboolean from_report;

  header.from = dup_address_of (from, &header.from_name);
  header.subject = g_strdup (forward->subject != NULL ? forward->subject : "");
  header.dsn = g_string_new (NULL);
  header.feedback = g_string_new (NULL);
  header.text = g_string_new (NULL);
  header.original_headers = g_string_new (NULL);
  header.found = g_ptr_array_new_with_free_func ((GDestroyNotify) _bounce_found_recipient_free);
  from_report = _bounce_parser_looks_like_bounce (&header);
  context_clear (&header);
  if (!from_report)
    return FALSE;

  bytes = _bounce_inline_forward_to_message (forward, ctx->date);
  inner = parse_message ((const char *) bytes->data, bytes->len, file, offset, index, depth + 1,
                         unread_forwards);

  return add_forwarded_records (ctx, inner, records);
}

static guint
count_message_parts (GMimeObject *top)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  collect_message_parts (top, parts, 0);

  return parts->len;
}

/* Writes into each record of a message how many forwarded messages
 * inside it were not read, unless the record names a problem already. */
static void
note_unread_forwards (GPtrArray  *records,
                      guint       count,
                      const char *file)
{
  g_autofree char *note = NULL;

  note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* TRANSLATORS: a number of messages, then the number of
                                        * levels and of messages per level that are read */
                                       "%u message forwarded inside this message was not read, because forwards are read %u levels deep and %u per forwarded message.",
                                       "%u messages forwarded inside this message were not read, because forwards are read %u levels deep and %u per forwarded message.",
                                       count),
                          count, MAX_ATTACHED_BOUNCE_DEPTH, MAX_NESTED_FORWARDS);
  g_debug ("%s: %s", file, note);
  for (guint i = 0; i < records->len; i++)
    {
      BounceRecord *record = g_ptr_array_index (records, i);

      if (record->error[0] == '\0')
        bounce_record_set_string (&record->error, note);
    }
}

GPtrArray *
bounce_parse_message (const char *data,
                      gsize       length,
                      const char *file,
                      gint64      offset,
                      guint       index)
{
  guint unread_forwards = 0;

  return parse_message (data, length, file, offset, index, 0, &unread_forwards);
}

/* @depth counts the attached or forwarded messages that led to this
 * message. @unread_forwards counts the forwarded messages that the
 * limits above left unread, in the whole message that depth 0 parses. */
static GPtrArray *
parse_message (const char *data,
               gsize       length,
               const char *file,
               gint64      offset,
               guint       index,
               guint       depth,
               guint      *unread_forwards)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeParser) parser = NULL;
  g_autoptr(GMimeObject) top = NULL;
  g_autoptr(GPtrArray) html_parts = NULL;
  BounceParseContext ctx = { 0 };
  GByteArray *bytes;
  GByteArray *filtered;
  GByteArray *limited;
  GByteArray *mime_only;
  GString *taken_fields;
  BounceFields fields = { 0 };
  BounceParserLimits exceeded;
  g_autoptr(BounceInlineForward) inline_forward = NULL;
  gboolean borrowed;
  gboolean decided = FALSE;
  gboolean ses_complaint = FALSE;
  gboolean by_person;

  g_return_val_if_fail (data != NULL || length == 0, records);

  bounce_parser_init ();

  if (length == 0)
    {
      g_ptr_array_add (records, record_new_unreadable (file, offset, index,
                                                       _("The file is empty.")));
      return records;
    }

  borrowed = memchr (data, '\r', length) == NULL && memchr (data, '\0', length) == NULL;
  bytes = borrowed ? borrow_message (data, length) : normalize_line_endings (data, length);
  if (!has_header_shape ((const char *) bytes->data, bytes->len))
    {
      g_byte_array_free (bytes, !borrowed);
      g_ptr_array_add (records, record_new_unreadable (file, offset, index,
                                                       _("The file does not start with mail headers, so it is not an email message. Save the message from your mail program as .eml.")));
      return records;
    }

  /* Three steps: drop the unread fields, apply the limits to the rest
   * (they count every field that is read), and take out the fields GMime
   * does not need. A message too small to exceed any limit stays so
   * without some of its lines, so the first and the last step run as one
   * pass over its header block, with one copy. When that pass keeps no
   * field for GMime (a notice without MIME fields), the steps run one by
   * one, and GMime still gets the read fields. */
  taken_fields = g_string_new (NULL);
  mime_only = NULL;
  exceeded = BOUNCE_PARSER_LIMIT_NONE;
  if (_bounce_parser_cannot_exceed_limits (bytes->data, bytes->len))
    mime_only = sort_header_fields (bytes, drop_unread_take_non_mime, taken_fields);

  if (mime_only == NULL)
    {
      filtered = sort_header_fields (bytes, drop_unread, NULL);
      if (filtered != NULL)
        {
          g_byte_array_free (bytes, !borrowed);
          bytes = filtered;
          borrowed = FALSE;
        }

      limited = _bounce_parser_apply_limits (bytes->data, bytes->len, &exceeded, NULL);
      if (limited != NULL)
        {
          g_byte_array_free (bytes, !borrowed);
          bytes = limited;
          borrowed = FALSE;
        }

      mime_only = sort_header_fields (bytes, take_non_mime, taken_fields);
    }

  if (mime_only != NULL)
    {
      g_byte_array_free (bytes, !borrowed);
      bytes = mime_only;
      borrowed = FALSE;
      bounce_fields_take_block (&fields, g_steal_pointer (&taken_fields));
    }
  else
    g_string_free (g_steal_pointer (&taken_fields), TRUE);

  stream = g_mime_stream_mem_new_with_byte_array (bytes);
  g_mime_stream_mem_set_owner (GMIME_STREAM_MEM (stream), !borrowed);
  parser = dup_thread_parser (stream);

  /* A part, not a message: GMime's message object would parse every
   * address field and date of the bounce, and read_bounce_headers()
   * needs only From, Subject and Date. */
  top = g_mime_parser_construct_part (parser, NULL);
  if (top == NULL)
    {
      release_stream (&parser, &stream, borrowed ? bytes : NULL);
      bounce_fields_clear (&fields);
      g_ptr_array_add (records, record_new_unreadable (file, offset, index,
                                                       _("The message could not be parsed as MIME.")));
      return records;
    }

  ctx.dsn = g_string_new (NULL);
  ctx.feedback = g_string_new (NULL);
  ctx.text = g_string_new (NULL);
  ctx.original_headers = g_string_new (NULL);
  ctx.found = g_ptr_array_new_with_free_func ((GDestroyNotify) _bounce_found_recipient_free);
  ctx.format = "";
  html_parts = g_ptr_array_new ();

  if (fields.pairs == NULL)
    bounce_fields_take_gmime (&fields, top);
  read_bounce_headers (&ctx, &fields);
  bounce_fields_clear (&fields);
  walk_parts (&ctx, top, 0, html_parts);
  if (ctx.text->len == 0)
    append_html_parts (&ctx, html_parts);
  if (ctx.too_deep)
    exceeded |= BOUNCE_PARSER_LIMIT_DEPTH;

  /* A person's message, or a person's auto-reply, that quotes or
   * forwards a bounce names no failed recipient of ours. Only a
   * multipart/report of delivery status makes it a report. */
  by_person = _bounce_parser_sent_by_person (&ctx) &&
              (ctx.report_type == NULL || strstr (ctx.report_type, "delivery-status") == NULL);

  /* A relay that wraps a whole bounce into its own text notice (NTT OCN)
   * puts the DSN fields below what looks like the returned message's
   * headers, so take them before the notice is cut there. */
  if (ctx.dsn->len == 0 && !by_person)
    {
      const char *text_dsn = _bounce_parser_find_text_dsn (ctx.text->str);

      if (text_dsn != NULL)
        g_string_append (ctx.dsn, text_dsn);
    }

  /* A bounce that a person forwarded inline follows a separator that the
   * cut below takes for the start of a returned message. */
  if (by_person)
    inline_forward = _bounce_inline_forward_find (ctx.text->str);

  /* The inline copy of the returned message is not part of the notice. */
  _bounce_parser_split_inline_original (&ctx);

  /* 1. A feedback report (RFC 5965), Microsoft's JMRP report or an Amazon
   * SES complaint. Its Feedback-Type decides whether it is a complaint. */
  if ((ctx.report_type != NULL && strcmp (ctx.report_type, "feedback-report") == 0) ||
      ctx.feedback->len > 0 || strstr (ctx.original_headers->str, "X-HmXmrOriginalRecipient:") != NULL ||
      (_bounce_parser_read_ses (&ctx, &ses_complaint) && ses_complaint))
    {
      BounceCategory feedback_category;
      const char *feedback_reason;

      decide_feedback_type (&ctx, &feedback_category, &feedback_reason);
      read_feedback (&ctx);
      if (ctx.found->len == 0)
        {
          /* Every To and Cc address, so that one in each is two
           * guesses, not a sure one. */
          add_original_to_recipients (&ctx, TRUE);
          forget_guessed_complainants (&ctx);
        }
      ctx.format = "arf";
      for (guint i = 0; i < ctx.found->len; i++)
        {
          BounceFoundRecipient *found = g_ptr_array_index (ctx.found, i);

          g_ptr_array_add (records, record_new_simple (&ctx, file, offset, index, found->recipient,
                                                       feedback_category, feedback_reason));
        }
      if (records->len == 0)
        g_ptr_array_add (records, record_new_simple (&ctx, file, offset, index, "",
                                                     feedback_category, feedback_reason));
      decided = TRUE;
    }

  /* Amazon SES bounce and delivery notifications. */
  if (!decided && ctx.found->len > 0)
    {
      ctx.format = "amazonses";
      decided = TRUE;
    }

  /* 2. Delivery-status fields, as a part or as plain text. */
  if (!decided && !by_person)
    {
      const char *text_dsn = NULL;

      if (ctx.dsn->len > 0 && _bounce_parser_read_dsn (&ctx, ctx.dsn->str))
        decided = TRUE;
      else if ((text_dsn = _bounce_parser_find_text_dsn (ctx.text->str)) != NULL &&
               _bounce_parser_read_dsn (&ctx, text_dsn))
        decided = TRUE;

      if (decided)
        {
          ctx.format = "dsn";
          replace_non_addresses (&ctx);
          for (guint i = 0; i < ctx.found->len; i++)
            {
              BounceFoundRecipient *found = g_ptr_array_index (ctx.found, i);

              /* The notice beside the DSN often states what the fields
               * do not: the reason itself, or at which SMTP command the
               * server rejected the mail (Postfix: "in reply to RCPT TO
               * command"). */
              if (found->diagnostic == NULL || found->diagnostic[0] == '\0' || found->exit_status_only ||
                  found->status == NULL || g_str_has_suffix (found->status, ".0.0"))
                _bounce_parser_add_text_context (&ctx, found);
              else
                _bounce_parser_add_recipient_notice (&ctx, found);

              narrow_context (&ctx, found);
            }
        }
    }

  /* 3. X-Failed-Recipients and the readable notices of known servers. */
  if (!decided && !by_person && _bounce_parser_looks_like_bounce (&ctx))
    {
      _bounce_parser_read_text (&ctx);
      if (ctx.found->len == 0 && !add_attached_bounce (&ctx, records, file, offset, index, depth, unread_forwards))
        {
          add_original_to_recipients (&ctx, FALSE);
          add_verp_recipient (&ctx);
          for (guint i = 0; i < ctx.found->len; i++)
            _bounce_parser_add_text_context (&ctx, g_ptr_array_index (ctx.found, i));
        }
      for (guint i = 0; i < ctx.found->len; i++)
        narrow_context (&ctx, g_ptr_array_index (ctx.found, i));
      if (ctx.found->len == 0 && records->len == 0)
        {
          BounceFoundRecipient *found = _bounce_found_recipient_new ();

          _bounce_parser_add_text_context (&ctx, found);
          g_ptr_array_add (ctx.found, found);
        }
      decided = TRUE;
    }

  if (decided && records->len == 0)
    {
      merge_duplicates (&ctx);
      for (guint i = 0; i < ctx.found->len; i++)
        g_ptr_array_add (records, record_from_found (&ctx, g_ptr_array_index (ctx.found, i),
                                                     file, offset, index));
      if (ctx.recipient_limit > 0 || (g_strcmp0 (ctx.format, "dsn") == 0 && ctx.dsn_cut))
        g_ptr_array_add (records, record_new_cut_report (&ctx, file, offset, index));
    }

  /* 4. A message that is no report may forward one, as an attachment or
   * inline. A report was decided above, so the original mail that it
   * returns in its message/rfc822 part is not read here. */
  if (!decided && depth < MAX_ATTACHED_BOUNCE_DEPTH &&
      (add_attached_forwards (&ctx, top, records, file, offset, index, depth, unread_forwards) ||
       (inline_forward != NULL &&
        add_inline_forward (&ctx, inline_forward, records, file, offset, index, depth, unread_forwards))))
    decided = TRUE;
  else if (!decided && depth >= MAX_ATTACHED_BOUNCE_DEPTH)
    *unread_forwards += count_message_parts (top) + (inline_forward != NULL ? 1 : 0);

  /* 5. Only now auto-reply signs: bounces carry Auto-Submitted too. */
  if (!decided && looks_like_auto_reply (&ctx))
    {
      ctx.format = "auto-reply";
      g_ptr_array_add (records, record_new_simple (&ctx, file, offset, index, ctx.from,
                                                   BOUNCE_CATEGORY_AUTO_REPLY,
                                                   BOUNCE_REASON_AUTO_REPLY));
      decided = TRUE;
    }

  if (!decided)
    {
      ctx.format = "";
      g_ptr_array_add (records, record_new_simple (&ctx, file, offset, index, "",
                                                   BOUNCE_CATEGORY_NOT_BOUNCE,
                                                   BOUNCE_REASON_NONE));
    }

  if (exceeded != BOUNCE_PARSER_LIMIT_NONE)
    note_limits (records, exceeded, file);
  if (depth == 0 && *unread_forwards > 0)
    note_unread_forwards (records, *unread_forwards, file);

  context_clear (&ctx);
  g_clear_object (&top);
  release_stream (&parser, &stream, borrowed ? bytes : NULL);

  return records;
}

/* bounce-parser-forward.c: a message that a person forwarded inline.
 *
 * A mail program that forwards a message inline writes a separator line,
 * the forwarded message's From, Date, Subject and To as a block of text
 * lines, and then its text. The MIME structure and every other header
 * field of that message are gone. Apple Mail quotes the block and the
 * text with ">", the others do not quote them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-parser"

#include "config.h"

#include <string.h>

#include <gmime/gmime.h>

#include "bounce-parser-forward-private.h"

/* GMime 3.2 declares no g_autoptr() cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeTextPart, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InternetAddressList, g_object_unref)

/* Blank lines allowed between the separator and the header block, and
 * the maximum number of lines in that block. */
#define MAX_BLANK_LINES   3
#define MAX_HEADER_LINES  12
/* A field name longer than this ends the header block. */
#define MAX_NAME_LENGTH   24
/* Outlook separates a forward with a line of underscores only. */
#define MIN_UNDERSCORES   10

/* The words of separator lines, lower-case, without the dashes around
 * them and a closing colon, as mail programs write them in English,
 * German, French and Spanish. */
static const char * const separator_words[] = {
  "forwarded message",                     /* Gmail, Thunderbird */
  "original message",                      /* Outlook, and older mail programs */
  "begin forwarded message",               /* Apple Mail */
  "weitergeleitete nachricht",
  "ursprüngliche nachricht",
  "anfang der weitergeleiteten nachricht",
  "message transféré",
  "message d'origine",
  "début du message réexpédié",
  "mensaje reenviado",
  "mensaje original",
  "inicio del mensaje reenviado",
};

typedef enum
{
  FIELD_FROM,
  FIELD_TO,
  FIELD_SUBJECT,
  FIELD_DATE,
  FIELD_OTHER,
} ForwardField;

/* The names of the lines in the header block, lower-case. Outlook
 * writes "Sent" for the date. */
static const struct
{
  const char   *name;
  ForwardField  field;
} field_names[] = {
  { "from", FIELD_FROM }, { "von", FIELD_FROM }, { "de", FIELD_FROM },
  { "to", FIELD_TO }, { "an", FIELD_TO }, { "à", FIELD_TO }, { "para", FIELD_TO },
  { "subject", FIELD_SUBJECT }, { "betreff", FIELD_SUBJECT }, { "objet", FIELD_SUBJECT },
  { "asunto", FIELD_SUBJECT },
  { "date", FIELD_DATE }, { "sent", FIELD_DATE }, { "datum", FIELD_DATE },
  { "gesendet", FIELD_DATE }, { "envoyé", FIELD_DATE }, { "enviado", FIELD_DATE },
  { "enviado el", FIELD_DATE }, { "fecha", FIELD_DATE },
  { "cc", FIELD_OTHER }, { "bcc", FIELD_OTHER }, { "reply-to", FIELD_OTHER },
};

/* One line of the text, without its line end. */
typedef struct
{
  const char *start;
  gsize       length;
} Line;

static GArray *
split_lines (const char *text)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  const char *p = text;

  while (*p != '\0')
    {
      const char *eol = strchr (p, '\n');
      Line line = { p, eol != NULL ? (gsize) (eol - p) : strlen (p) };

      if (line.length > 0 && p[line.length - 1] == '\r')
        line.length--;
      g_array_append_val (lines, line);
      if (eol == NULL)
        break;
      p = eol + 1;
    }

  return lines;
}

/* Removes one level of ">" quoting, with the blank after it. */
static Line
unquote (Line line)
{
  if (line.length > 0 && line.start[0] == '>')
    {
      line.start++;
      line.length--;
      if (line.length > 0 && line.start[0] == ' ')
        {
          line.start++;
          line.length--;
        }
    }

  return line;
}

static gboolean
is_blank (Line line)
{
  for (gsize i = 0; i < line.length; i++)
    {
      if (line.start[i] != ' ' && line.start[i] != '\t')
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_separator (Line line)
{
  const char *start = line.start;
  const char *end = line.start + line.length;
  g_autofree char *words = NULL;
  guint underscores = 0;

  /* A separator may itself be quoted, in a reply to a forward. */
  while (start < end && (*start == '>' || *start == ' ' || *start == '\t'))
    start++;
  while (start < end && strchr ("-_* \t", *start) != NULL)
    underscores += *start++ == '_';
  while (end > start && strchr ("-_*: \t", end[-1]) != NULL)
    end--;

  if (start == end)
    return underscores >= MIN_UNDERSCORES;
  if (end - start > 64)
    return FALSE;

  words = g_utf8_strdown (start, end - start);
  for (guint i = 0; i < G_N_ELEMENTS (separator_words); i++)
    {
      if (strcmp (words, separator_words[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Returns which field of the header block @line is, or -1. Sets @value
 * to the text after the colon, trimmed. */
static int
find_field (Line   line,
            char **value)
{
  const char *colon = memchr (line.start, ':', line.length);
  const char *name = line.start;
  const char *name_end = colon;
  const char *end = line.start + line.length;
  g_autofree char *lower = NULL;

  if (colon == NULL)
    return -1;

  /* Outlook writes the names in bold when it converts HTML ("*From:*").
   * French typography puts a blank before the colon ("De :"). */
  while (name < name_end && (*name == '*' || *name == ' '))
    name++;
  while (name_end > name && (name_end[-1] == '*' || name_end[-1] == ' ' || name_end[-1] == '\t'))
    name_end--;
  if (name == name_end || name_end - name > MAX_NAME_LENGTH)
    return -1;

  lower = g_utf8_strdown (name, name_end - name);
  for (guint i = 0; i < G_N_ELEMENTS (field_names); i++)
    {
      if (strcmp (lower, field_names[i].name) == 0)
        {
          const char *start = colon + 1;

          while (start < end && (*start == '*' || *start == ' ' || *start == '\t'))
            start++;
          *value = g_strstrip (g_strndup (start, end - start));
          return field_names[i].field;
        }
    }

  return -1;
}

void
_bounce_inline_forward_free (BounceInlineForward *forward)
{
  if (forward == NULL)
    return;

  g_free (forward->from);
  g_free (forward->to);
  g_free (forward->subject);
  g_free (forward->date);
  g_free (forward->body);
  g_free (forward);
}

/* Reads the header block that starts at line @first and the text after
 * it. Returns NULL when the block is not one. */
static BounceInlineForward *
read_forward (GArray *lines,
              guint   first)
{
  g_autoptr(BounceInlineForward) forward = g_new0 (BounceInlineForward, 1);
  char **fields[] = {
    [FIELD_FROM] = &forward->from,
    [FIELD_TO] = &forward->to,
    [FIELD_SUBJECT] = &forward->subject,
    [FIELD_DATE] = &forward->date,
  };
  gboolean quoted = g_array_index (lines, Line, first).start[0] == '>';
  GString *body = g_string_new (NULL);
  guint n_fields = 0;
  guint i;

  for (i = first; i < lines->len && i - first < MAX_HEADER_LINES; i++)
    {
      Line line = g_array_index (lines, Line, i);
      g_autofree char *value = NULL;
      int field;

      if (quoted)
        line = unquote (line);
      if (is_blank (line))
        {
          i++;
          break;
        }

      field = find_field (line, &value);
      if (field < 0)
        break;
      if (field != FIELD_OTHER && *fields[field] == NULL)
        *fields[field] = g_steal_pointer (&value);
      n_fields++;
    }

  if (forward->from == NULL || n_fields < 2)
    {
      g_string_free (body, TRUE);
      return NULL;
    }

  for (; i < lines->len; i++)
    {
      Line line = g_array_index (lines, Line, i);

      if (quoted)
        line = unquote (line);
      g_string_append_len (body, line.start, line.length);
      g_string_append_c (body, '\n');
    }
  forward->body = g_string_free (body, FALSE);

  return g_steal_pointer (&forward);
}

BounceInlineForward *
_bounce_inline_forward_find (const char *text)
{
  g_autoptr(GArray) lines = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  lines = split_lines (text);
  for (guint i = 0; i < lines->len; i++)
    {
      guint first = i + 1;
      BounceInlineForward *forward;

      if (!is_separator (g_array_index (lines, Line, i)))
        continue;

      while (first < lines->len && first - i <= MAX_BLANK_LINES &&
             is_blank (unquote (g_array_index (lines, Line, first))))
        first++;
      if (first >= lines->len)
        break;

      forward = read_forward (lines, first);
      if (forward != NULL)
        return forward;
    }

  return NULL;
}

static void
add_addresses (InternetAddressList *list,
               const char          *value)
{
  g_autoptr(InternetAddressList) parsed = NULL;

  if (value == NULL)
    return;

  parsed = internet_address_list_parse (NULL, value);
  if (parsed != NULL)
    internet_address_list_append (list, parsed);
}

GByteArray *
_bounce_inline_forward_to_message (const BounceInlineForward *forward,
                                   GDateTime                 *fallback_date)
{
  g_autoptr(GMimeMessage) message = g_mime_message_new (FALSE);
  g_autoptr(GMimeTextPart) body = g_mime_text_part_new_with_subtype ("plain");
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GDateTime) date = NULL;
  GByteArray *bytes;

  g_return_val_if_fail (forward != NULL, NULL);

  add_addresses (g_mime_message_get_from (message), forward->from);
  add_addresses (g_mime_message_get_to (message), forward->to);
  if (forward->subject != NULL)
    g_mime_message_set_subject (message, forward->subject, "utf-8");

  if (forward->date != NULL)
    date = g_mime_utils_header_decode_date (forward->date);
  if (date == NULL && fallback_date != NULL)
    date = g_date_time_ref (fallback_date);
  if (date != NULL)
    g_mime_message_set_date (message, date);

  g_mime_text_part_set_text (body, forward->body != NULL ? forward->body : "");
  g_mime_message_set_mime_part (message, GMIME_OBJECT (body));

  bytes = g_byte_array_new ();
  stream = g_mime_stream_mem_new_with_byte_array (bytes);
  g_mime_stream_mem_set_owner (GMIME_STREAM_MEM (stream), FALSE);
  g_mime_object_write_to_stream (GMIME_OBJECT (message), NULL, stream);

  return bytes;
}

/* bounce-address.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-address"

#include "config.h"

#include <string.h>

#include "bounce-address.h"
#include "bounce-csv-private.h"

static inline char
ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static gboolean
is_trim_char (char c)
{
  return g_ascii_isspace (c) || c == '<' || c == '>' || c == '"' ||
         c == '\'' || c == ';' || c == ',' || c == '(' || c == ')' ||
         c == '[' || c == ']';
}

/* Characters that never occur in an unquoted address (RFC 5322 3.4.1
 * "specials" other than '@' and '.', plus whitespace). */
static gboolean
is_forbidden_char (char c)
{
  return g_ascii_isspace (c) || c == '<' || c == '>' || c == '(' ||
         c == ')' || c == ',' || c == ';' || c == ':' || c == '\\' ||
         c == '[' || c == ']' || c == '"';
}

gboolean
_bounce_address_is_invisible (gunichar c)
{
  switch (c)
    {
    /* The characters with Unicode's White_Space property beyond ASCII. */
    case 0x0085: case 0x00A0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000:
    /* Zero-width characters, and the Mongolian vowel separator that was
     * a space before Unicode 6.3. */
    case 0x180E: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
    /* The bidirectional marks, embeddings and isolates, which text
     * copied from a right-to-left page or message can carry. */
    case 0x061C: case 0x200E: case 0x200F: case 0x202A: case 0x202B: case 0x202C:
    case 0x202D: case 0x202E: case 0x2066: case 0x2067: case 0x2068: case 0x2069:
      return TRUE;
    default:
      return c >= 0x2000 && c <= 0x200A;
    }
}

/* Returns the length of the invisible character (see
 * _bounce_address_is_invisible()) that starts at @p, or 0. */
static gsize
invisible_length_at (const char *p,
                     const char *end)
{
  gunichar c = g_utf8_get_char_validated (p, end - p);

  if (c == (gunichar) -1 || c == (gunichar) -2 || !_bounce_address_is_invisible (c))
    return 0;

  return g_utf8_next_char (p) - p;
}

void
_bounce_address_trim (const char **start,
                      const char **end)
{
  const char *p = *start;
  const char *e = *end;

  for (;;)
    {
      gsize length;

      if (p < e && g_ascii_isspace (*p))
        p++;
      else if (p < e && (guchar) *p >= 0x80 && (length = invisible_length_at (p, e)) > 0)
        p += length;
      else
        break;
    }

  for (;;)
    {
      const char *lead = e - 1;

      if (e > p && g_ascii_isspace (e[-1]))
        {
          e--;
          continue;
        }
      if (e <= p || (guchar) e[-1] < 0x80)
        break;

      /* The lead byte of the last character: at most 3 continuation
       * bytes come before the end. */
      while (lead > p && ((guchar) *lead & 0xc0) == 0x80 && e - lead < 4)
        lead--;
      if (invisible_length_at (lead, e) != (gsize) (e - lead))
        break;
      e = lead;
    }

  *start = p;
  *end = e;
}

/* The marks that wrap an address in a cell, opening and closing. Besides
 * ASCII quotes and Markdown's code marks, they are the typographic quotes
 * that autocorrect types (English, German and their single forms), the
 * guillemets of French and Swiss lists and the full-width angle brackets
 * of CJK input methods. */
static const struct
{
  const char *open;
  const char *close;
} wrappers[] = {
  { "\"", "\"" }, { "'", "'" }, { "`", "`" },
  { "\u201c", "\u201d" }, { "\u201e", "\u201c" }, { "\u201d", "\u201d" },
  { "\u2018", "\u2019" }, { "\u201a", "\u2018" }, { "\u2019", "\u2019" },
  { "\u00ab", "\u00bb" }, { "\u00bb", "\u00ab" }, { "\u2039", "\u203a" }, { "\u203a", "\u2039" },
  { "\uff1c", "\uff1e" },
};

/* Moves @start and @end inside quotes that wrap the whole cell,
 * "'jane@example.com'", "\"jane@example.com\"" or "\u201cjane@example.com\u201d",
 * as hand-kept lists and some exports write an address. A quoted local
 * part, "\"jane doe\"@example.com", ends in its domain instead, so it
 * stays. */
static void
unwrap_quotes (const char **start,
               const char **end)
{
  for (guint i = 0; i < G_N_ELEMENTS (wrappers); i++)
    {
      gsize open_length = strlen (wrappers[i].open);
      gsize close_length = strlen (wrappers[i].close);
      const char *inner = *start + open_length;
      gsize inner_length;

      if ((gsize) (*end - *start) < open_length + close_length + 1 ||
          memcmp (*start, wrappers[i].open, open_length) != 0 ||
          memcmp (*end - close_length, wrappers[i].close, close_length) != 0)
        continue;

      inner_length = *end - close_length - inner;
      if (g_strstr_len (inner, inner_length, wrappers[i].open) != NULL ||
          g_strstr_len (inner, inner_length, wrappers[i].close) != NULL ||
          memchr (inner, '@', inner_length) == NULL)
        return;

      *start = inner;
      *end -= close_length;
      _bounce_address_trim (start, end);
      return;
    }
}

/* Moves @start past the type prefix of an Exchange proxy address, as
 * Get-Recipient and Active Directory's proxyAddresses export them:
 * "SMTP:" for the primary address, "smtp:" for another one and "SIP:"
 * for the Skype for Business or Teams address. NOTE: a SIP address is
 * usually the mail address but can differ from it, and then the cell is
 * read as an address that may not receive mail. */
static void
cut_proxy_prefix (const char **start,
                  const char **end)
{
  static const char * const prefixes[] = { "smtp:", "sip:" };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      gsize length = strlen (prefixes[i]);

      if ((gsize) (*end - *start) > length && g_ascii_strncasecmp (*start, prefixes[i], length) == 0 &&
          memchr (*start + length, '@', *end - *start - length) != NULL)
        {
          *start += length;
          _bounce_address_trim (start, end);
          return;
        }
    }
}

void
_bounce_address_trim_cell (const char **start,
                           const char **end)
{
  _bounce_address_trim (start, end);

  /* Excel's ="jane@example.com" keeps a spreadsheet from reading the
   * text as a formula or a number; the text is inside the quotes. */
  if (*end - *start >= 3 && (*start)[0] == '=' && (*start)[1] == '"' && (*end)[-1] == '"')
    {
      *start += 2;
      *end -= 1;
      _bounce_address_trim (start, end);
    }

  unwrap_quotes (start, end);
  cut_proxy_prefix (start, end);

  /* "jane@example.com." ends a sentence it was copied from, or writes
   * the domain as an absolute DNS name. Postfix's trivial-rewrite
   * (resolve.c) strips such a dot too. One dot only, and only after an
   * address's "@", so that "n.a." stays a placeholder. */
  if (*end - *start >= 4 && (*end)[-1] == '.' && (*end)[-2] != '.' && (*end)[-2] != '@' &&
      memchr (*start, '@', *end - *start) != NULL)
    (*end)--;
}

/* What contact tools and people write in an email cell for "no
 * address", compared without case: English, Excel's #N/A and the error
 * values a formula leaves, and the German, French and Spanish words for
 * "none", "not given" and "not available" (German "n/v"). */
static const char * const placeholders[] = {
  "?", "n/a", "na", "n.a.", "n/d", "#n/a", "none", "(none)", "null", "nil", "tbd",
  "no email", "(no email)", "unknown", "keine", "k.a.", "k.a", "k. a.", "n/v", "aucun", "aucune",
  "ninguno", "#value!", "#ref!", "#name?",
};

/* Returns TRUE for a cell of dashes, dots or other punctuation alone,
 * such as "-", "---" or "—", which stands for "no address". */
static gboolean
is_punctuation_only (const char *start,
                     const char *end)
{
  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2 || g_unichar_isalnum (c) || !g_unichar_ispunct (c))
        return FALSE;
    }

  return start < end;
}

/* Returns whether the text from @start to @end is an Exchange
 * identifier, "/o=ExchangeLabs/ou=.../cn=Recipients/cn=kai" (an X.500
 * distinguished name, legacyExchangeDN), also as "EX:/o=...". Outlook
 * exports one in "E-mail Address", with "EX" as its "E-mail Type", for a
 * contact from the company directory, and the SMTP address in another
 * column. It is no email address. */
static gboolean
is_exchange_dn (const char *start,
                const char *end)
{
  if (end - start > 3 && g_ascii_strncasecmp (start, "ex:", 3) == 0)
    start += 3;
  if (end - start < 3 || g_ascii_strncasecmp (start, "/o=", 3) != 0)
    return FALSE;

  for (const char *p = start; p + 4 <= end; p++)
    if (g_ascii_strncasecmp (p, "/cn=", 4) == 0)
      return TRUE;

  return FALSE;
}

gboolean
_bounce_address_is_placeholder (const char *text,
                                gsize       length)
{
  const char *start = text;
  const char *end = text + length;

  _bounce_address_trim (&start, &end);
  if (is_exchange_dn (start, end))
    return TRUE;
  if (memchr (start, '@', end - start) != NULL)
    return FALSE;
  if (is_punctuation_only (start, end))
    return TRUE;
  if (end - start > 10)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
    if (strlen (placeholders[i]) == (gsize) (end - start) &&
        g_ascii_strncasecmp (start, placeholders[i], end - start) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
domain_is_plausible (const char *domain,
                     gsize       length)
{
  gboolean has_dot = FALSE;

  if (length == 0 || domain[0] == '.' || domain[0] == '-' || domain[length - 1] == '.')
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = domain[i];

      if (c == '.')
        {
          if (i + 1 < length && domain[i + 1] == '.')
            return FALSE;
          has_dot = TRUE;
        }
      else if (c < 0x80 && !g_ascii_isalnum (c) && c != '-' && c != '_')
        return FALSE;
    }

  return has_dot;
}

/* Trims the characters that surround an address in a cell (spaces of
 * any kind, list separators, quotes) and a final dot until none is left
 * at either end. A separator can hide a no-break space behind it, as in
 * ";\u00a0jane@example.com", and the result must normalize to itself. */
static void
trim_around_address (const char **start,
                     const char **end)
{
  for (;;)
    {
      const char *old_start = *start;
      const char *old_end = *end;

      _bounce_address_trim_cell (start, end);
      while (*start < *end && is_trim_char (**start))
        (*start)++;
      while (*end > *start && (is_trim_char ((*end)[-1]) || (*end)[-1] == '.'))
        (*end)--;

      if (*start == old_start && *end == old_end)
        return;
    }
}

/* Moves @start and @end past an RFC 5322 comment (section 3.2.2) at
 * either end and the blanks beside it: "gus@example.com (work)" is the
 * address gus@example.com. When the parentheses hold the only "@", as
 * in "Jane Doe (jane@example.com)", the address is inside them and the
 * name outside is dropped. */
static void
cut_end_comments (const char **start,
                  const char **end)
{
  if (*end > *start && (*end)[-1] == ')')
    {
      const char *open = g_strrstr_len (*start, *end - *start, "(");

      if (open != NULL && memchr (open, ')', *end - open) == *end - 1)
        {
          if (memchr (open, '@', *end - open) != NULL && memchr (*start, '@', open - *start) == NULL)
            {
              *start = open + 1;
              *end -= 1;
            }
          else
            *end = open;
          _bounce_address_trim (start, end);
          return;
        }
    }

  if (*end > *start && (*start)[0] == '(')
    {
      const char *close = memchr (*start, ')', *end - *start);

      if (close != NULL)
        {
          *start = close + 1;
          _bounce_address_trim (start, end);
        }
    }
}

/* Returns whether UTF-8 @text has a character from U+0300 on, where
 * the combining marks start, so that it may not be in NFC. */
static gboolean
needs_nfc (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p >= 0xCC)
      return TRUE;

  return FALSE;
}

/* Returns whether the text from @start to @end is a local part that
 * needs no quotes: an RFC 5321 Dot-string of atext, or UTF-8 (RFC 6531),
 * with no dot at either end and none doubled. */
static gboolean
is_dot_string (const char *start,
               const char *end)
{
  if (start >= end || *start == '.' || end[-1] == '.')
    return FALSE;

  for (const char *p = start; p < end; p++)
    {
      guchar c = *p;

      if (c == '.' && p[1] == '.')
        return FALSE;
      if (c != '.' && c < 0x80 && !g_ascii_isalnum (c) && strchr ("!#$%&'*+-/=?^_`{|}~", c) == NULL)
        return FALSE;
    }

  return TRUE;
}

/* Returns whether @c is an ASCII letter or digit, an atext symbol of
 * RFC 5322 3.2.3 other than the apostrophe and the backtick, "@" or ".".
 * No step of _bounce_address_normalize_to() trims, cuts or maps them
 * inside an address. The apostrophe and the backtick may wrap a cell. */
static gboolean
is_lower_case_only_char (guchar c)
{
  if (g_ascii_isalnum (c))
    return TRUE;

  switch (c)
    {
    case '.': case '@': case '-': case '_': case '+': case '=': case '!': case '#': case '$':
    case '%': case '&': case '*': case '/': case '?': case '^': case '{': case '|':
    case '}': case '~':
      return TRUE;
    default:
      return FALSE;
    }
}

/* Returns whether _bounce_address_normalize_to() would only lower the
 * case of the @length bytes at @text: one "@" between a local part and
 * a plausible ASCII domain, with no character that a step of it trims,
 * cuts or maps. An apostrophe at either end and a final dot are
 * trimmed there, so the apostrophe takes the full path everywhere. FALSE means only that the full path must
 * decide. */
static gboolean
is_lower_case_only (const char *text,
                    gsize       length)
{
  const char *at = NULL;

  if (length == 0 || text[length - 1] == '.')
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = text[i];

      if (!is_lower_case_only_char (c))
        return FALSE;
      if (c == '@')
        {
          if (at != NULL)
            return FALSE;
          at = text + i;
        }
    }

  return at != NULL && at != text && at + 1 < text + length &&
         domain_is_plausible (at + 1, text + length - at - 1);
}

gboolean
_bounce_address_normalize_to (const char *text,
                              gsize       length,
                              GString    *out)
{
  const char *start = text;
  const char *end = text + length;
  const char *open;
  const char *at;
  const char *domain;
  gsize domain_length;
  gboolean ascii_domain = TRUE;
  gboolean non_ascii_local = FALSE;

  g_assert (text != NULL || length == 0);
  g_assert (out != NULL);

  g_string_truncate (out, 0);

  /* Most addresses need nothing but lower-casing (see
   * is_lower_case_only()). Matching normalizes the recipient of each of
   * 100,000 records, and the steps below took about 1,300 instructions
   * for one such address (callgrind). */
  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  if (is_lower_case_only (start, end - start))
    {
      gsize plain_length = end - start;

      g_string_set_size (out, plain_length);
      for (gsize i = 0; i < plain_length; i++)
        out->str[i] = ascii_lower (start[i]);

      return TRUE;
    }

  /* A no-break or zero-width space around the address, as copying from
   * a web page leaves it, is trimmed like an ASCII one. */
  _bounce_address_trim_cell (&start, &end);

  /* "Jane Doe <jane@example.com>": the address is inside the angle
   * brackets (RFC 5322 3.4 name-addr); the display name is dropped. */
  open = start < end ? memchr (start, '<', end - start) : NULL;
  if (open != NULL)
    {
      const char *close = memchr (open, '>', end - open);

      /* "jane@example.com <Jane Doe>" has the name in the brackets. */
      if (close != NULL && (memchr (open, '@', close - open) != NULL || memchr (start, '@', end - start) == NULL))
        {
          start = open + 1;
          end = close;
          _bounce_address_trim (&start, &end);
        }
    }

  cut_end_comments (&start, &end);

  /* "john.doe"@example.com is john.doe@example.com (RFC 5321 4.1.2):
   * quotes around a local part that needs none change nothing. */
  if (start < end && *start == '"')
    {
      const char *close = memchr (start + 1, '"', end - start - 1);

      if (close != NULL && end - close > 1 && close[1] == '@' && is_dot_string (start + 1, close))
        {
          g_autofree char *unquoted = g_strdup_printf ("%.*s%.*s", (int) (close - start - 1), start + 1,
                                                       (int) (end - close - 1), close + 1);

          return _bounce_address_normalize_to (unquoted, strlen (unquoted), out);
        }
    }

  trim_around_address (&start, &end);

  if (end - start > 7 && g_ascii_strncasecmp (start, "mailto:", 7) == 0)
    {
      const char *query;

      start += 7;

      /* mailto:jane@example.com?subject=Hello (RFC 6068) */
      query = start < end ? memchr (start, '?', end - start) : NULL;
      if (query != NULL)
        end = query;
      trim_around_address (&start, &end);
    }

  if (start >= end)
    return FALSE;

  at = NULL;
  for (const char *p = start; p < end; p++)
    {
      if (*p == '@' && at != NULL)
        return FALSE;
      else if (*p == '@')
        at = p;
      else if (is_forbidden_char (*p))
        return FALSE;
    }

  if (at == NULL || at == start || at + 1 >= end)
    return FALSE;

  domain = at + 1;
  domain_length = end - domain;
  for (const char *p = domain; p < end && ascii_domain; p++)
    ascii_domain = (guchar) *p < 0x80;

  /* A domain that is not ASCII is checked after IDNA below, which maps
   * the ideographic and full-width full stops (U+3002, U+FF0E, U+FF61)
   * of a Chinese or Japanese input method to ".". */
  if (ascii_domain && !domain_is_plausible (domain, domain_length))
    return FALSE;

  /* Local part: compared case-insensitively, as every large provider
   * does, although RFC 5321 2.4 lets a server treat case as significant. */
  for (const char *p = start; p < at && !non_ascii_local; p++)
    non_ascii_local = (guchar) *p >= 0x80;

  if (non_ascii_local)
    {
      g_autofree char *lower = NULL;
      g_autofree char *nfc = NULL;

      /* Bytes that are not UTF-8 make no address, and would make the
       * lower-cased copy invalid too. */
      if (!g_utf8_validate_len (start, at - start, NULL))
        return FALSE;
      lower = g_utf8_strdown (start, at - start);

      /* NFC (Unicode normalization form C): some macOS programs write
       * "björn" with "o" and a combining diaeresis (NFD), while servers
       * write the composed "ö" in bounces. Lower-casing first, because case mapping
       * can leave a string that is no longer in NFC. Text below U+0300,
       * whose UTF-8 lead bytes are below 0xCC, is in NFC already, and
       * g_utf8_normalize() took about 3,500 instructions an address
       * (callgrind). */
      if (needs_nfc (lower))
        {
          nfc = g_utf8_normalize (lower, -1, G_NORMALIZE_NFC);
          if (nfc == NULL)
            return FALSE;
        }

      g_string_append (out, nfc != NULL ? nfc : lower);
      g_string_append_c (out, '@');
    }
  else
    {
      /* The common case, written straight into the buffer: this runs
       * once per row of a million-row file. */
      gsize local_length = at - start;
      char *dest;

      g_string_set_size (out, local_length + 1);
      dest = out->str;
      for (gsize i = 0; i < local_length; i++)
        dest[i] = ascii_lower (start[i]);
      dest[local_length] = '@';
    }

  if (ascii_domain)
    {
      gsize offset = out->len;
      char *dest;

      g_string_set_size (out, offset + domain_length);
      dest = out->str + offset;
      for (gsize i = 0; i < domain_length; i++)
        dest[i] = ascii_lower (domain[i]);
    }
  else
    {
      g_autofree char *unicode = g_strndup (domain, domain_length);
      g_autofree char *ascii = NULL;

      /* IDNA (RFC 5891): müller.example and xn--mller-kva.example are one
       * domain, and bounces name it either way. */
      if (g_utf8_validate (unicode, -1, NULL))
        ascii = g_hostname_to_ascii (unicode);

      /* IDNA maps some characters to nothing (U+FEFF, soft hyphens), so
       * the ASCII form must be checked again: "\uFEFF.com" is ".com". */
      if (ascii == NULL || !domain_is_plausible (ascii, strlen (ascii)))
        return FALSE;

      for (const char *p = ascii; *p != '\0'; p++)
        g_string_append_c (out, g_ascii_tolower (*p));
    }

  return TRUE;
}

char *
bounce_address_normalize (const char *text)
{
  g_autoptr(GString) out = NULL;

  if (text == NULL)
    return NULL;

  out = g_string_new (NULL);
  if (!_bounce_address_normalize_to (text, strlen (text), out))
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
is_list_separator (char c)
{
  return c == ',' || c == ';' || g_ascii_isspace (c);
}

/* Returns whether a "|" separates addresses in the @length bytes at
 * @text, as it does in "a@example.com|b@example.com". In a cell with one
 * "@" it is part of the address, because RFC 5322 allows it in a local
 * part. */
static gboolean
pipe_separates (const char *text,
                gsize       length)
{
  const char *at = memchr (text, '@', length);

  return at != NULL && memchr (text, '|', length) != NULL &&
         memchr (at + 1, '@', text + length - at - 1) != NULL;
}

gboolean
_bounce_address_is_single (const char *text,
                           gsize       length)
{
  const char *end = text + length;

  while (length > 0 && g_ascii_isspace (text[0]))
    text++, length--;
  while (end > text && g_ascii_isspace (end[-1]))
    end--;

  for (const char *p = text; p < end; p++)
    if (is_list_separator (*p) || *p == '<')
      return FALSE;

  return !pipe_separates (text, end - text);
}

/* The number of addresses from which _bounce_address_extract_to() looks
 * new ones up in a hash table, below which comparing them is quicker. */
#define EXTRACT_SET_MIN 16

void
_bounce_address_extract_to (const char *text,
                            gsize       length,
                            GPtrArray  *addresses)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GHashTable) seen_set = NULL;
  const char *end = text + length;
  const char *token = text;
  gboolean split_at_pipe = pipe_separates (text, length);

  g_assert (addresses != NULL);

  /* Tokens are split on ',', ';' and white space, so "Jane Doe
   * <jane@example.com>" gives "Jane", "Doe" and "<jane@example.com>", and
   * only tokens with an '@' count. A quoted local part with a space in it
   * is not supported: no contact export writes one. */
  for (const char *p = text; p <= end; p++)
    {
      if (p < end && !is_list_separator (*p) && !(split_at_pipe && *p == '|'))
        continue;

      if (p > token && memchr (token, '@', p - token) != NULL &&
          _bounce_address_normalize_to (token, p - token, out))
        {
          gboolean seen = FALSE;

          /* A cell of a pasted Cc list can have tens of thousands of
           * addresses, and comparing each with all before it took
           * quadratic time, so a longer list gets a set of the
           * addresses, which borrows the array's strings. */
          if (seen_set == NULL && addresses->len >= EXTRACT_SET_MIN)
            {
              seen_set = g_hash_table_new (g_str_hash, g_str_equal);
              for (guint i = 0; i < addresses->len; i++)
                g_hash_table_add (seen_set, addresses->pdata[i]);
            }

          if (seen_set != NULL)
            seen = g_hash_table_contains (seen_set, out->str);
          else
            for (guint i = 0; i < addresses->len && !seen; i++)
              seen = g_str_equal (addresses->pdata[i], out->str);

          if (!seen)
            {
              char *address = g_strndup (out->str, out->len);

              g_ptr_array_add (addresses, address);
              if (seen_set != NULL)
                g_hash_table_add (seen_set, address);
            }
        }

      token = p + 1;
    }
}

char **
bounce_address_extract_all (const char *text)
{
  g_autoptr(GPtrArray) addresses = g_ptr_array_new ();

  if (text != NULL)
    _bounce_address_extract_to (text, strlen (text), addresses);
  g_ptr_array_add (addresses, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&addresses), FALSE);
}

/* Tags that end the fixed part of a VERP local part when '-' is the
 * separator, as in "list-bounces-jane=example.com@lists.example". */
static const char * const verp_tags[] = {
  "bounces-", "bounce-", "return-", "returns-", "verp-", "bnc-",
};

char *
bounce_address_decode_verp (const char *address)
{
  g_autofree char *normalized = NULL;
  g_autofree char *decoded = NULL;
  const char *at;
  const char *equals;
  const char *user = NULL;

  if (address == NULL)
    return NULL;

  normalized = bounce_address_normalize (address);
  if (normalized == NULL)
    return NULL;

  /* SRS (Sender Rewriting Scheme) addresses also carry '=' but encode the
   * sender, not the recipient. */
  if (g_str_has_prefix (normalized, "srs0=") || g_str_has_prefix (normalized, "srs1="))
    return NULL;

  at = strrchr (normalized, '@');
  equals = g_strrstr_len (normalized, at - normalized, "=");
  if (equals == NULL)
    return NULL;

  /* VERP (Bernstein, "Variable envelope return paths", 1997): the
   * recipient jane@example.com is written as "prefix+jane=example.com" or
   * "prefix-jane=example.com" in the return path's local part. */
  user = memchr (normalized, '+', equals - normalized);
  if (user != NULL)
    user++;
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (verp_tags) && user == NULL; i++)
        {
          const char *tag = g_strstr_len (normalized, equals - normalized, verp_tags[i]);

          if (tag != NULL)
            user = tag + strlen (verp_tags[i]);
        }
      if (user == NULL)
        {
          user = memchr (normalized, '-', equals - normalized);
          if (user != NULL)
            user++;
        }
    }

  if (user == NULL || user >= equals)
    return NULL;

  decoded = g_strdup_printf ("%.*s@%.*s",
                             (int) (equals - user), user,
                             (int) (at - equals - 1), equals + 1);

  return bounce_address_normalize (decoded);
}

char *
bounce_address_dup_sort_key (const char *address)
{
  g_return_val_if_fail (address != NULL, NULL);

  /* Locale-aware, with runs of digits compared as numbers. */
  return g_utf8_collate_key_for_filename (address, -1);
}

char *
bounce_address_normalize_dsn_field (const char *field)
{
  const char *semicolon;

  if (field == NULL || field[0] == '\0')
    return NULL;

  /* The address type before the semicolon, unless the semicolon is part
   * of the address. */
  semicolon = strchr (field, ';');
  if (semicolon != NULL && memchr (field, '@', semicolon - field) == NULL)
    field = semicolon + 1;

  return bounce_address_normalize (field);
}

char *
bounce_address_dup_display (const char *address)
{
  const char *at;
  g_autofree char *domain = NULL;

  g_return_val_if_fail (address != NULL, NULL);

  at = strrchr (address, '@');
  if (at != NULL && g_hostname_is_ascii_encoded (at + 1))
    domain = g_hostname_to_unicode (at + 1);
  if (domain == NULL)
    return g_strdup (address);

  return g_strdup_printf ("%.*s@%s", (int) (at - address), address, domain);
}

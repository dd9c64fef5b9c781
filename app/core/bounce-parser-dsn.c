/* bounce-parser-dsn.c: delivery-status fields of RFC 3464 and RFC 6533.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-parser"

#include "config.h"

#include <string.h>

#include <gmime/gmime.h>

#include "bounce-format.h"
#include "bounce-parser-private.h"

/* Recipients read from one message's delivery-status fields. A report
 * that lists more is cut here, and ctx->recipient_limit makes the parser
 * add a record that reports the cut. Real reports list far fewer
 * (Postfix takes 1,000 recipients per message by default), and the limit
 * bounds the work and memory per message. */
#define MAX_RECIPIENTS 10000

typedef enum
{
  FIELD_OTHER,
  /* Per-message fields, RFC 3464 section 2.2. */
  FIELD_REPORTING_MTA,
  FIELD_ARRIVAL_DATE,
  /* Per-recipient fields, RFC 3464 section 2.3. */
  FIELD_ORIGINAL_RECIPIENT,
  FIELD_FINAL_RECIPIENT,
  FIELD_ACTUAL_RECIPIENT,        /* Sendmail's X-Actual-Recipient */
  FIELD_ACTION,
  FIELD_STATUS,
  FIELD_REMOTE_MTA,
  FIELD_DIAGNOSTIC_CODE,
  FIELD_LAST_ATTEMPT_DATE,
  FIELD_BOUNCE_CATEGORY,         /* PowerMTA's X-PowerMTA-BounceCategory */
} FieldKind;

#define FIELD_NAME(name, kind) { name, sizeof name - 1, kind }
static const struct
{
  const char *name;
  gsize       length;
  FieldKind   kind;
} field_names[] = {
  FIELD_NAME ("reporting-mta", FIELD_REPORTING_MTA),
  FIELD_NAME ("arrival-date", FIELD_ARRIVAL_DATE),
  FIELD_NAME ("original-recipient", FIELD_ORIGINAL_RECIPIENT),
  FIELD_NAME ("final-recipient", FIELD_FINAL_RECIPIENT),
  FIELD_NAME ("x-actual-recipient", FIELD_ACTUAL_RECIPIENT),
  FIELD_NAME ("action", FIELD_ACTION),
  FIELD_NAME ("status", FIELD_STATUS),
  FIELD_NAME ("remote-mta", FIELD_REMOTE_MTA),
  FIELD_NAME ("diagnostic-code", FIELD_DIAGNOSTIC_CODE),
  FIELD_NAME ("last-attempt-date", FIELD_LAST_ATTEMPT_DATE),
  FIELD_NAME ("x-powermta-bouncecategory", FIELD_BOUNCE_CATEGORY),
};
#undef FIELD_NAME

static FieldKind
field_kind (const char *name,
            gsize       length)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_names); i++)
    {
      if (field_names[i].length == length &&
          g_ascii_strncasecmp (name, field_names[i].name, length) == 0)
        return field_names[i].kind;
    }

  return FIELD_OTHER;
}

/* Drops the type of a typed field: "rfc822; a@b", "smtp; 550 ...",
 * "dns; mx.example.com" (RFC 3464 section 2.1.2). */
static const char *
skip_type (const char *value)
{
  const char *semicolon = strchr (value, ';');

  if (semicolon != NULL && semicolon - value <= 32)
    {
      gboolean is_type = TRUE;

      for (const char *p = value; p < semicolon; p++)
        {
          if (!(g_ascii_isalnum (*p) || *p == '-' || *p == ' '))
            {
              is_type = FALSE;
              break;
            }
        }
      if (is_type)
        value = semicolon + 1;
    }

  while (*value == ' ' || *value == '\t')
    value++;

  return value;
}

/* Whether a Diagnostic-Code is only the exit status of a local delivery
 * program ("X-Unix; 255"). Sendmail (8.7 and later) types the diagnostic
 * of its local and procmail agents X-Unix and that of its SMTP and LMTP
 * agents SMTP, so such a number is no reply code, and it gives no reason. */
static gboolean
is_exit_status (const char *value)
{
  const char *number;

  if (g_ascii_strncasecmp (value, "x-unix", 6) != 0)
    return FALSE;

  number = skip_type (value);
  if (number == value || *number == '\0')
    return FALSE;
  for (const char *p = number; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

/* Copies the lower-case address type of a typed field ("rfc822" of
 * "rfc822; a@b"), or returns NULL when the value has none. */
static char *
dup_address_type (const char *value)
{
  const char *address = skip_type (value);
  const char *semicolon = strchr (value, ';');
  g_autofree char *type = NULL;

  if (address == value || semicolon == NULL || semicolon > address)
    return NULL;

  type = _bounce_parser_ascii_down (value, semicolon - value);
  return g_strdup (g_strstrip (type));
}

/* Decodes the "\x{HEXPOINT}" escapes of an RFC 6533 utf-8 address
 * ("j\x{00FC}rgen@example.org"). RFC 6533 requires the escape for "\",
 * "+" and "=", and for non-ASCII characters where the field cannot hold
 * UTF-8. An escape that names no Unicode scalar value stays as written. */
static char *
decode_embedded_unicode (const char *address)
{
  GString *decoded = g_string_sized_new (strlen (address));

  for (const char *p = address; *p != '\0';)
    {
      if (p[0] == '\\' && (p[1] == 'x' || p[1] == 'X') && p[2] == '{')
        {
          const char *hex = p + 3;
          gsize digits = 0;
          gunichar c = 0;

          while (digits < 6 && g_ascii_isxdigit (hex[digits]))
            c = c * 16 + g_ascii_xdigit_value (hex[digits++]);
          if (digits > 0 && hex[digits] == '}' && c != 0 && g_unichar_validate (c))
            {
              g_string_append_unichar (decoded, c);
              p = hex + digits + 1;
              continue;
            }
        }
      g_string_append_c (decoded, *p++);
    }

  return g_string_free (decoded, FALSE);
}

/* Decodes the xtext of an Original-Recipient (RFC 3461 section 4), as
 * Postfix copies it from the ORCPT parameter: "kim+2Bnews@example.com" is
 * kim+news@example.com. Only "+2B" ("+") and "+3D" ("=") are decoded,
 * because they are the characters that xtext must encode and an address
 * may hold, and only when every "+" starts one of them. So an address
 * that is not xtext keeps a tag such as "+55" or "+news" as written. */
static char *
decode_xtext (const char *address)
{
  GString *decoded;

  for (const char *plus = strchr (address, '+'); plus != NULL; plus = strchr (plus + 1, '+'))
    {
      if (strncmp (plus + 1, "2B", 2) != 0 && strncmp (plus + 1, "3D", 2) != 0)
        return g_strdup (address);
    }

  decoded = g_string_sized_new (strlen (address));
  for (const char *p = address; *p != '\0';)
    {
      if (*p == '+')
        {
          g_string_append_c (decoded, p[1] == '2' ? '+' : '=');
          p += 3;
        }
      else
        {
          g_string_append_c (decoded, *p++);
        }
    }

  return g_string_free (decoded, FALSE);
}

/* Reads the address of an Original-Recipient, Final-Recipient or
 * X-Actual-Recipient field. @original is TRUE for Original-Recipient,
 * whose rfc822 address may still be in the xtext of the ORCPT parameter. */
static char *
dup_address_field (const char *value,
                   gboolean    original)
{
  g_autofree char *type = dup_address_type (value);
  g_autofree char *decoded = NULL;
  const char *address = skip_type (value);
  char *found;

  if (g_strcmp0 (type, "utf-8") == 0 || g_strcmp0 (type, "unknown") == 0)
    address = decoded = decode_embedded_unicode (address);
  else if (original && g_strcmp0 (type, "rfc822") == 0 && strchr (address, '+') != NULL)
    address = decoded = decode_xtext (address);

  found = _bounce_parser_extract_address (address, strlen (address));

  if (found == NULL)
    {
      /* A value without a domain ("rfc822; kijitora") is kept only when
       * it at least looks like a local user. */
      g_autofree char *valid = _bounce_parser_make_valid (address, -1, 256);

      g_strstrip (valid);
      g_strdelimit (valid, "<>\"", ' ');
      g_strstrip (valid);
      /* A source route or a host without a domain ("@relay:a@server")
       * is no address a contact list holds. */
      if (valid[0] != '\0' && strchr (valid, ' ') == NULL && strchr (valid, '@') == NULL)
        found = _bounce_parser_dup_lower (valid, strlen (valid));
    }

  return found;
}

/* Returns the address inside an Exchange IMCEA encapsulation of an SMTP
 * address ("imceasmtp-jane+40example+2ecom@corp.example.net" is
 * jane@example.com), or NULL for any other @address. Exchange writes a
 * byte that an atom cannot contain as "+" and two hex digits. */
static char *
dup_imceasmtp_address (const char *address)
{
  g_autoptr(GString) decoded = NULL;
  const char *end;

  if (g_ascii_strncasecmp (address, "imceasmtp-", 10) != 0)
    return NULL;
  end = strrchr (address, '@');
  if (end == NULL)
    return NULL;

  decoded = g_string_new (NULL);
  for (const char *p = address + 10; p < end; p++)
    {
      if (*p == '+' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
        {
          g_string_append_c (decoded, (char) (g_ascii_xdigit_value (p[1]) * 16 + g_ascii_xdigit_value (p[2])));
          p += 2;
        }
      else
        g_string_append_c (decoded, *p);
    }

  return _bounce_parser_extract_address (decoded->str, decoded->len);
}

/* Returns whether @address is an IMCEA encapsulation of an Exchange
 * X.500 address ("imceaex-_o=org_ou=..._cn=recipients_cn=kai@" and the
 * server's domain). It names an entry of the server's directory, not a
 * mailbox that a contact list contains. */
static gboolean
is_imceaex_address (const char *address)
{
  return address != NULL && g_ascii_strncasecmp (address, "imceaex-", 8) == 0;
}

/* Replaces an Exchange IMCEA address in @address by the SMTP address it
 * encapsulates, when it does. */
static void
decode_imcea (char **address)
{
  char *inner = *address != NULL ? dup_imceasmtp_address (*address) : NULL;

  if (inner != NULL)
    {
      g_free (*address);
      *address = inner;
    }
}

static gboolean
found_has_recipient (BounceFoundRecipient *found)
{
  return found != NULL && (found->recipient != NULL || found->original_recipient != NULL);
}

/* Keeps a recipient group when it names an address; RFC 3464 requires
 * Final-Recipient, but some servers send only Original-Recipient. */
static void
finish_recipient (BounceParseContext    *ctx,
                  BounceFoundRecipient **current)
{
  BounceFoundRecipient *found = *current;

  *current = NULL;
  if (found == NULL)
    return;

  if (!found_has_recipient (found))
    {
      _bounce_found_recipient_free (found);
      return;
    }
  if (ctx->found->len >= MAX_RECIPIENTS)
    {
      ctx->recipient_limit = MAX_RECIPIENTS;
      _bounce_found_recipient_free (found);
      return;
    }

  /* Exchange writes a recipient of its directory as an IMCEA address.
   * One of type SMTP contains the address. One of type EX contains none,
   * so the Original-Recipient replaces it when that is an SMTP address.
   * Without one, the IMCEAEX address stays, so the bounce is listed as
   * unmatched rather than matched to a guess. */
  decode_imcea (&found->recipient);
  decode_imcea (&found->original_recipient);

  /* Final-Recipient without a domain ("rfc822; kijitora") or of type EX
   * is less useful than a full Original-Recipient. */
  if (found->recipient == NULL || strchr (found->recipient, '@') == NULL ||
      is_imceaex_address (found->recipient))
    {
      if (found->original_recipient != NULL && strchr (found->original_recipient, '@') != NULL &&
          !is_imceaex_address (found->original_recipient))
        {
          g_free (found->recipient);
          found->recipient = g_strdup (found->original_recipient);
        }
    }

  g_ptr_array_add (ctx->found, found);
}

static void
set_field (char       **field,
           const char  *value)
{
  g_free (*field);
  *field = _bounce_parser_make_valid (value, -1, BOUNCE_PARSER_MAX_VALUE);
}

static void
apply_field (BounceParseContext    *ctx,
             BounceFoundRecipient **current,
             FieldKind              kind,
             const char            *value)
{
  BounceFoundRecipient *found = *current;
  /* A DSN date with an impossible offset is not read, and the bounce's
   * Date header dates the record instead. */
  gboolean invalid_offset;

  switch (kind)
    {
    case FIELD_REPORTING_MTA:
      if (ctx->reporting_mta == NULL)
        ctx->reporting_mta = _bounce_parser_make_valid (skip_type (value), -1, 256);
      return;

    case FIELD_ARRIVAL_DATE:
      if (ctx->arrival_date == NULL)
        ctx->arrival_date = bounce_format_parse_header_date (value, &invalid_offset);
      return;

    case FIELD_OTHER:
      return;

    case FIELD_ORIGINAL_RECIPIENT:
    case FIELD_FINAL_RECIPIENT:
    case FIELD_ACTUAL_RECIPIENT:
    case FIELD_ACTION:
    case FIELD_STATUS:
    case FIELD_REMOTE_MTA:
    case FIELD_DIAGNOSTIC_CODE:
    case FIELD_LAST_ATTEMPT_DATE:
    case FIELD_BOUNCE_CATEGORY:
    default:
      break;
    }

  /* A second Final-Recipient or Original-Recipient starts a new group
   * even without the blank line that RFC 3464 requires. Either may come first
   * (AOL writes Final-Recipient before Original-Recipient). */
  if (found != NULL &&
      ((kind == FIELD_FINAL_RECIPIENT && found->recipient != NULL) ||
       (kind == FIELD_ORIGINAL_RECIPIENT && found->original_recipient != NULL)))
    {
      finish_recipient (ctx, current);
      found = NULL;
    }
  if (found == NULL)
    found = *current = _bounce_found_recipient_new ();

  switch (kind)
    {
    case FIELD_ORIGINAL_RECIPIENT:
      g_free (found->original_recipient);
      found->original_recipient = dup_address_field (value, TRUE);
      break;

    case FIELD_FINAL_RECIPIENT:
      g_free (found->recipient);
      found->recipient = dup_address_field (value, FALSE);
      break;

    case FIELD_ACTUAL_RECIPIENT:
      if (found->recipient == NULL)
        found->recipient = dup_address_field (value, FALSE);
      break;

    case FIELD_ACTION:
      {
        g_autofree char *action = _bounce_parser_ascii_down (value, -1);

        /* "failed (bad address)": the keyword is the first word. */
        g_strstrip (action);
        action[strcspn (action, " \t(;")] = '\0';
        set_field (&found->action, action);
      }
      break;

    case FIELD_STATUS:
      g_clear_pointer (&found->status, g_free);
      _bounce_parser_find_codes (value, NULL, &found->status);
      break;

    case FIELD_REMOTE_MTA:
      set_field (&found->remote_mta, skip_type (value));
      break;

    case FIELD_DIAGNOSTIC_CODE:
      set_field (&found->diagnostic, skip_type (value));
      found->exit_status_only = is_exit_status (value);
      break;

    case FIELD_LAST_ATTEMPT_DATE:
      g_clear_pointer (&found->date, g_date_time_unref);
      found->date = bounce_format_parse_header_date (value, &invalid_offset);
      break;

    case FIELD_BOUNCE_CATEGORY:
      {
        g_autofree char *category = _bounce_parser_ascii_down (value, -1);

        set_field (&found->mta_category, g_strstrip (category));
      }
      break;

    case FIELD_OTHER:
    case FIELD_REPORTING_MTA:
    case FIELD_ARRIVAL_DATE:
    default:
      break;
    }
}

/* Returns the remote server's reply that a relay quotes after a summary
 * code of its own, or the whole @diagnostic. Amazon SES wrote "5.1.0 -
 * Unknown address error 550-'5.7.1 <a@b>... Access denied'", whose
 * 5.1.0 only sorts the failure. */
static const char *
skip_relay_summary (const char *diagnostic)
{
  const char *p = diagnostic;

  if (!g_ascii_isdigit (p[0]) || p[1] != '.')
    return diagnostic;
  p += 2;
  while (g_ascii_isdigit (*p) || *p == '.')
    p++;
  if (!g_str_has_prefix (p, " - "))
    return diagnostic;

  /* The quoted reply: a reply code, "-'" or " '", and the text. */
  for (const char *quote = strchr (p, '\''); quote != NULL; quote = strchr (quote + 1, '\''))
    {
      if (quote - p >= 4 && (quote[-1] == '-' || quote[-1] == ' ') &&
          g_ascii_isdigit (quote[-2]) && g_ascii_isdigit (quote[-3]) && g_ascii_isdigit (quote[-4]))
        return quote + 1;
    }

  return diagnostic;
}

/* Returns the enhanced code of the last attempt's reply that an expiry
 * notice quotes after its own X.4.7, or NULL. RFC 3463 section 3.5
 * recommends "the code for the actual problem found when delivery was
 * attempted" over X.4.7, and Amazon SES and WorkMail quote that reply:
 * "554 4.4.7 Message expired: unable to deliver in 600 minutes.<451
 * 4.4.2 Timeout while reading the reply>". */
static char *
find_attempt_status (const char *diagnostic,
                     const char *status)
{
  const char *expiry = strstr (diagnostic, status);
  g_autofree char *reply = NULL;
  char *attempt = NULL;

  if (expiry == NULL)
    return NULL;

  _bounce_parser_find_codes (expiry + strlen (status), &reply, &attempt);
  if (reply == NULL || attempt == NULL || attempt[0] != status[0] || reply[0] != status[0] ||
      g_str_equal (attempt, status))
    g_clear_pointer (&attempt, g_free);

  return attempt;
}

/* Fills in the codes a DSN left out from its Diagnostic-Code. The remote
 * server's own enhanced code there also replaces a Status of the same
 * class, because the reporting server writes its own summary into Status
 * (Sendmail: 4.4.7 for a message it gave up on, whatever the reply was). */
static void
complete_codes (BounceFoundRecipient *found)
{
  g_autofree char *reply = NULL;
  g_autofree char *status = NULL;

  if (found->diagnostic == NULL || found->exit_status_only)
    return;

  _bounce_parser_find_codes (skip_relay_summary (found->diagnostic), NULL, &status);
  _bounce_parser_find_codes (found->diagnostic, &reply, status == NULL ? &status : NULL);

  if (found->reply_code == NULL && reply != NULL)
    found->reply_code = g_steal_pointer (&reply);

  if (status != NULL && g_str_has_suffix (status, ".4.7"))
    {
      char *attempt = find_attempt_status (found->diagnostic, status);

      if (attempt != NULL)
        {
          g_free (status);
          status = attempt;
        }
    }

  if (status != NULL &&
      (found->status == NULL || status[0] == found->status[0]))
    {
      g_free (found->status);
      found->status = g_steal_pointer (&status);
    }
}

gboolean
_bounce_parser_read_dsn (BounceParseContext *ctx,
                         const char         *fields)
{
  BounceFoundRecipient *current = NULL;
  const char *line = fields;
  GString *value = g_string_new (NULL);
  FieldKind kind = FIELD_OTHER;
  gboolean in_field = FALSE;
  guint before = ctx->found->len;

  while (line != NULL && ctx->recipient_limit == 0)
    {
      const char *eol = strchr (line, '\n');
      gsize length = eol ? (gsize) (eol - line) : strlen (line);
      gboolean blank = TRUE;

      for (gsize i = 0; i < length; i++)
        {
          if (!g_ascii_isspace (line[i]))
            {
              blank = FALSE;
              break;
            }
        }

      if (!blank && (line[0] == ' ' || line[0] == '\t') && in_field)
        {
          /* Folded continuation of the previous field. */
          if (value->len < BOUNCE_PARSER_MAX_VALUE)
            {
              g_string_append_c (value, ' ');
              g_string_append_len (value, line, MIN (length, BOUNCE_PARSER_MAX_VALUE));
            }
        }
      else
        {
          const char *colon;

          if (in_field)
            {
              g_strstrip (value->str);
              apply_field (ctx, &current, kind, value->str);
              in_field = FALSE;
            }

          /* A blank line ends a recipient group (RFC 3464 section 2.1). */
          if (blank)
            finish_recipient (ctx, &current);
          else if ((colon = memchr (line, ':', length)) != NULL && colon > line &&
                   memchr (line, ' ', colon - line) == NULL)
            {
              kind = field_kind (line, colon - line);
              g_string_assign (value, "");
              g_string_append_len (value, colon + 1, MIN ((gsize) (line + length - colon - 1), BOUNCE_PARSER_MAX_VALUE));
              in_field = TRUE;
            }
          else if (current != NULL && current->recipient != NULL && current->action != NULL)
            {
              /* Prose after the fields (a text/plain DSN going on with
               * the human-readable part) ends the fields. */
              break;
            }
        }

      line = eol ? eol + 1 : NULL;
    }

  if (in_field)
    {
      g_strstrip (value->str);
      apply_field (ctx, &current, kind, value->str);
    }
  finish_recipient (ctx, &current);
  g_string_free (value, TRUE);

  for (guint i = before; i < ctx->found->len; i++)
    {
      BounceFoundRecipient *found = g_ptr_array_index (ctx->found, i);

      complete_codes (found);
      /* What g_strdelimit() with "\r\n\t" does, without a strchr()
       * call for every byte. */
      for (char *p = found->diagnostic; p != NULL && *p != '\0'; p++)
        {
          if (*p == '\r' || *p == '\n' || *p == '\t')
            *p = ' ';
        }
    }

  return ctx->found->len > before;
}

const char *
_bounce_parser_find_text_dsn (const char *text)
{
  const char *start = NULL;
  gboolean has_final = FALSE;
  gboolean has_status = FALSE;

  if (text == NULL)
    return NULL;

  for (const char *line = text; line != NULL && *line != '\0';)
    {
      const char *eol = strchr (line, '\n');
      const char *p = line;

      while (*p == ' ' || *p == '\t')
        p++;

      if (g_ascii_strncasecmp (p, "Reporting-MTA:", 14) == 0 ||
          g_ascii_strncasecmp (p, "Original-Recipient:", 19) == 0 ||
          g_ascii_strncasecmp (p, "Final-Recipient:", 16) == 0)
        {
          if (start == NULL)
            start = line;
          if (g_ascii_strncasecmp (p, "Final-Recipient:", 16) == 0)
            has_final = TRUE;
        }
      else if (start != NULL &&
               (g_ascii_strncasecmp (p, "Action:", 7) == 0 || g_ascii_strncasecmp (p, "Status:", 7) == 0))
        has_status = TRUE;

      if (has_final && has_status)
        return start;

      line = eol ? eol + 1 : NULL;
    }

  return NULL;
}

/* bounce-parser-text.c: bounces that come as readable text only.
 *
 * qmail, Exim, Sendmail, Postfix (without DSN), Microsoft Exchange,
 * Gmail, Yahoo, Lotus Notes/Domino, Courier, OpenSMTPD, mail.ru and many
 * appliances write a notice for people instead of RFC 3464 fields. They
 * share a shape: a sentence saying delivery failed, then each failed
 * address on a line of its own (bare, in <>, or followed by ":"), then the
 * server's reply, and finally a copy of the returned message. The rules
 * below read that shape rather than one layout per server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-parser"

#include "config.h"

#include <string.h>

#include "bounce-parser-private.h"
#include "bounce-phrases-private.h"
#include "bounce-record.h"
#include "bounce-status-codes.h"

/* At most this many recipients are read from one notice: a record for
 * each takes about a kilobyte, and a notice that names more is cut with a
 * record that reports the cut. A recipient's diagnostic spans at most
 * MAX_DIAGNOSTIC_LINES lines. */
#define MAX_TEXT_RECIPIENTS 1000
#define MAX_DIAGNOSTIC_LINES 12
#define MAX_CONTEXT 4096

/* Lines (lower-case substrings) that introduce the copy of the returned
 * message in a text notice. Each contains MARKER_WORD, so a line without
 * that word is passed over after one search instead of one per marker. */
#define MARKER_WORD "message"

static const char * const original_markers[] = {
  "below this line is a copy of the message",      /* qmail */
  "this is a copy of the message",                 /* Exim */
  "original message follows",
  "----- original message",                        /* Gmail */
  "-----original message",
  "original message -----",
  "------- returned message",                      /* Lotus Notes */
  "----- returned message",
  "returned message follows",
  "unsent message follows",                        /* Sendmail V5 */
  "message header follows",
  "header of the original message",
  "headers of the original message",
  "original message header",
  "the original message headers",
  "a copy of the original message",
  "content-type: message/rfc822",
  "----- message text follows",
  "original message:",
};

/* Subjects of delivery reports (lower-case substrings). */
static const char * const bounce_subjects[] = {
  "undeliver", "undelivered", "delivery status notification", "delivery failure",
  "delivery failed", "failure notice", "returned mail", "mail delivery failed",
  "delivery notification", "mail system error", "nondeliverable", "non-deliverable",
  "non deliverable", "could not be delivered", "delivery problem", "message not delivered",
  "returned to sender", "could not send message", "delayed mail", "delivery delay",
  "mail failure", "permanent error", "delivery has failed", "delivery report",
  "not delivered", "deliver failure", "delivery error", "mail error", "non remis",
  "nicht zustellbar", "unzustellbar", "no entregado", "non recapitato", "onbestelbaar",
  "message delayed", "warning: message", "returned message", "mail could not be delivered",
  "bounced mail", "rejected:", "unable to deliver",
};

/* Sentences of delivery notices (lower-case substrings), used when the
 * headers are not conclusive. */
static const char * const bounce_sentences[] = {
  "could not be delivered", "couldn't be delivered", "was not delivered",
  "wasn't able to deliver", "was unable to deliver", "unable to deliver",
  "delivery to the following recipient", "delivery has failed",
  "the following address(es) failed", "permanent fatal errors",
  "this is the mail system at host", "mail delivery software",
  "qmail-send program", "transcript of session follows", "did not reach",
  "could not reach the following", "following recipients was rejected",
  "message could not be delivered", "delivery failed", "undeliverable",
  "this is the mailer-daemon", "rejected your message", "following address had",
  "following addresses had", "message was not delivered",
};

/* Words of a server's reply that a notice quotes both while the sending
 * server retries and after it gave up: Yahoo's "421 4.7.0 [TSS04] ...
 * temporarily deferred" also ends a final failure notice. They mark a
 * delay only in a notice without a sentence of failure_sentences. */
static const char * const deferral_words[] = {
  "temporarily deferred",
};

/* Words of the subjects of delay warnings (lower-case substrings), in
 * English and as Microsoft Exchange, Gmail and providers localize them
 * ("Zustellung verzögert", "Remise différée", "配信の遅延", Gmail's
 * "Notificación del estado del envío (Retraso)"). Words that
 * also head non-delivery notices, such as the Spanish and Italian
 * "aviso" and "avviso", are left out. */
static const char * const delay_subject_words[] = {
  "delay", "warning", "verzögert", "verzögerung", "warnung", "différée", "retard",
  "avertissement", "retrasad", "retraso", "ritardo", "ritardat", "atrasad", "atraso",
  "vertraagd", "vertraging", "waarschuwing", "遅延", "延迟", "延遲", "задерж",
};

/* Sentences of a notice that reports a failure rather than a delay. */
static const char * const failure_sentences[] = {
  "unable to deliver", "could not be delivered", "couldn't be delivered",
  "was not delivered", "wasn't delivered", "delivery has failed", "delivery failed",
  "failed to deliver", "undeliverable", "did not reach",
};

static gboolean
contains_any (const char         *haystack,
              const char * const *needles,
              gsize               n_needles)
{
  for (gsize i = 0; i < n_needles; i++)
    {
      if (strstr (haystack, needles[i]) != NULL)
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_header_line (const char *line,
                gsize       length,
                const char *name)
{
  gsize name_length = strlen (name);

  return length > name_length && line[name_length] == ':' &&
         g_ascii_strncasecmp (line, name, name_length) == 0;
}

void
_bounce_parser_split_inline_original (BounceParseContext *ctx)
{
  GString *text = ctx->text;
  g_autofree char *lower_text = _bounce_parser_ascii_down (text->str, text->len);
  const char *line = text->str;
  gsize cut = text->len;
  const char *copy = NULL;
  static gsize markers_checked = 0;

  if (g_once_init_enter (&markers_checked))
    {
      for (guint i = 0; i < G_N_ELEMENTS (original_markers); i++)
        g_assert (strstr (original_markers[i], MARKER_WORD) != NULL);
      g_once_init_leave (&markers_checked, 1);
    }

  while (line != NULL && *line != '\0')
    {
      const char *eol = strchr (line, '\n');
      gsize length = eol ? (gsize) (eol - line) : strlen (line);

      if (length > 8 && length < 200)
        {
          char *lower = lower_text + (line - text->str);
          char saved = lower[length];
          gboolean marker;

          lower[length] = '\0';
          marker = strstr (lower, MARKER_WORD) != NULL &&
                   contains_any (lower, original_markers, G_N_ELEMENTS (original_markers));
          lower[length] = saved;
          if (marker)
            {
              cut = line - text->str;
              copy = eol ? eol + 1 : NULL;
              break;
            }
        }

      /* A header block without a marker line: Received or Return-Path at
       * the start of a line, after some notice text. */
      if (line != text->str &&
          (is_header_line (line, length, "Received") || is_header_line (line, length, "Return-Path")))
        {
          cut = line - text->str;
          copy = line;
          break;
        }

      line = eol ? eol + 1 : NULL;
    }

  if (copy != NULL && !ctx->have_original)
    {
      /* Skip blank lines and the odd non-header line before the block. */
      for (guint skipped = 0; *copy != '\0' && skipped < 5; skipped++)
        {
          const char *eol = strchr (copy, '\n');
          gsize length = eol ? (gsize) (eol - copy) : strlen (copy);
          const char *colon = memchr (copy, ':', length);

          if (colon != NULL && colon > copy && memchr (copy, ' ', colon - copy) == NULL)
            break;
          if (eol == NULL)
            {
              copy += length;
              break;
            }
          copy = eol + 1;
        }
      _bounce_parser_add_header_block (ctx, copy, strlen (copy));
    }

  g_string_truncate (text, cut);
}

/* Whether From names a mail server's own mailbox. */
static gboolean
is_from_mail_system (BounceParseContext *ctx)
{
  g_autofree char *from_name = NULL;

  if (ctx->from != NULL &&
      (g_str_has_prefix (ctx->from, "mailer-daemon") || g_str_has_prefix (ctx->from, "postmaster") ||
       g_str_has_prefix (ctx->from, "mail-daemon") || g_str_has_prefix (ctx->from, "mailerdaemon") ||
       g_str_has_prefix (ctx->from, "post_master@")))
    return TRUE;
  if (ctx->from_name != NULL)
    {
      from_name = _bounce_parser_ascii_down (ctx->from_name, -1);
      if (strstr (from_name, "mail delivery") != NULL || strstr (from_name, "mailer-daemon") != NULL ||
          strstr (from_name, "mail deliver") != NULL)
        return TRUE;
    }

  return FALSE;
}

/* Whether @subject starts with what a mail program or an auto-reply puts
 * before the subject it forwards or replies to ("Fwd:", "TR :",
 * "Automatic reply:"). */
static gboolean
has_reply_prefix (const char *subject)
{
  static const char * const prefixes[] = {
    "fwd", "fw", "wg", "tr", "re", "aw", "sv", "vs", "rv", "enc", "antw", "doorst",
    "automatic reply", "auto reply", "autoreply", "auto-reply", "out of office",
    "abwesenheitsnotiz", "automatische antwort", "réponse automatique", "reponse automatique",
    "respuesta automática", "respuesta automatica", "risposta automatica", "automatisch antwoord",
  };

  while (*subject == ' ' || *subject == '\t')
    subject++;

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      gsize length = strlen (prefixes[i]);
      const char *p = subject + length;

      if (strncmp (subject, prefixes[i], length) != 0)
        continue;
      while (*p == ' ')
        p++;
      if (*p == ':')
        return TRUE;
    }

  return FALSE;
}

gboolean
_bounce_parser_sent_by_person (BounceParseContext *ctx)
{
  g_autofree char *subject = NULL;

  if (ctx->from == NULL || ctx->null_sender || ctx->auto_generated || is_from_mail_system (ctx))
    return FALSE;
  if (ctx->failed_recipients != NULL && ctx->failed_recipients[0] != NULL)
    return FALSE;

  subject = _bounce_parser_dup_lower (ctx->subject ? ctx->subject : "", ctx->subject ? strlen (ctx->subject) : 0);

  return has_reply_prefix (subject) || !contains_any (subject, bounce_subjects, G_N_ELEMENTS (bounce_subjects));
}

gboolean
_bounce_parser_looks_like_bounce (BounceParseContext *ctx)
{
  g_autofree char *subject = NULL;
  g_autofree char *notice = NULL;

  if (ctx->failed_recipients != NULL && ctx->failed_recipients[0] != NULL)
    return TRUE;
  if (ctx->report_type != NULL && strstr (ctx->report_type, "delivery-status") != NULL)
    return TRUE;

  if (is_from_mail_system (ctx))
    return TRUE;

  subject = _bounce_parser_ascii_down (ctx->subject ? ctx->subject : "", -1);
  if (contains_any (subject, bounce_subjects, G_N_ELEMENTS (bounce_subjects)))
    return TRUE;

  /* A person's out-of-office reply may quote such sentences; a server's
   * notice does not mark itself as a reply. A person's own message may
   * use them too ("the delivery failed to arrive"), so they count only
   * in a message that a machine sent. */
  if (ctx->auto_reply_header || !ctx->machine_sent)
    return FALSE;

  notice = _bounce_parser_ascii_down (ctx->text->str, MIN (ctx->text->len, MAX_CONTEXT));

  return contains_any (notice, bounce_sentences, G_N_ELEMENTS (bounce_sentences));
}

static gboolean
is_service_address (const char *address)
{
  static const char * const service_names[] = {
    "mailer-daemon@", "mailerdaemon@", "mail-daemon@", "postmaster@", "post_master@", "abuse@",
    "hostmaster@", "noreply@", "no-reply@",
  };

  for (guint i = 0; i < G_N_ELEMENTS (service_names); i++)
    {
      if (g_str_has_prefix (address, service_names[i]))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_excluded_address (BounceParseContext *ctx,
                     const char         *address,
                     GPtrArray          *senders)
{
  for (guint i = 0; i < senders->len; i++)
    {
      if (g_str_equal (address, g_ptr_array_index (senders, i)))
        return TRUE;
    }

  return is_service_address (address);
}

/* Returns where the part of a notice line that names the sender, the
 * message or a help address starts, or NULL when the line names none.
 * Such a part never names a failed recipient. A header-like line is such
 * a part from its start. Markers inside the line ("message-id", "please
 * contact") start it at the marker, because one-line replies put the
 * recipient first: "<a@b>: ... Please contact your Internet service
 * provider". */
static const char *
find_sender_part (const char *lower)
{
  static const char * const prefixes[] = {
    "from:", "reply-to:", "sender:", "return-path:", "message-id:", "references:",
    "in-reply-to:", "sent by:", "envelope-from", "date:", "subject:",
  };
  static const char * const markers[] = {
    "message-id", "message id", "envelope-from", "mail from:", "originally sent from",
    /* Help lines name the site's support address ("For further
     * assistance, please contact <support@...>"; NTT OCN repeats it in
     * Japanese). */
    "please contact", "please send mail to", "ご連絡", "お問い合わせ",
  };
  const char *p = lower;
  const char *first = NULL;

  while (*p == ' ' || *p == '\t' || *p == '>')
    p++;
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      if (g_str_has_prefix (p, prefixes[i]))
        return lower;
    }

  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      const char *hit = strstr (lower, markers[i]);

      if (hit != NULL && (first == NULL || hit < first))
        first = hit;
    }

  return first;
}

/* Words after which a notice's sentence names its help desk, not a
 * failed recipient: "If you need help, contact helpdesk@example.net",
 * "More at support@example.net". */
static const char * const help_lead_ins[] = {
  "contact", "contact us at", "write to", "write us at", "email us at", "e-mail us at", "more at",
  "help at", "support at", "questions to", "reach us at",
};

/* Words before "contact" that make it a failure to reach the address
 * ("unable to contact jane@example.org: no MX record"). */
static const char * const failed_contact_words[] = {
  "not ", "unable to ", "cannot ", "can't ", "couldn't ", "failed to ",
};

/* Words that make a bare "contact" a request for help: "please contact
 * x", "If you need help, contact x". Without them "contact" names the
 * failed recipient itself, as in "could not be delivered to the following
 * contact: jane@example.com" or "Contact: jane@example.com". */
static const char * const help_request_words[] = {
  "please", "help", "assistance", "question", "problem", "support", "info",
};

/* Returns whether the sentence of @lower that ends @end bytes in, just
 * before a bare "contact", contains one of help_request_words. */
static gboolean
asks_for_help (const char *lower,
               gsize       end)
{
  gsize start = end;
  g_autofree char *sentence = NULL;

  /* A dot ends a sentence only before a space: the dots of an address or
   * a host name earlier in the line do not. */
  while (start > 0 && strchr ("!?;", lower[start - 1]) == NULL &&
         !(lower[start - 1] == '.' && lower[start] == ' '))
    start--;
  sentence = g_strndup (lower + start, end - start);

  for (guint i = 0; i < G_N_ELEMENTS (help_request_words); i++)
    {
      if (strstr (sentence, help_request_words[i]) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* Returns whether the address that starts @offset bytes into @lower, a
 * lower-case line of at least @offset bytes, follows words of
 * help_lead_ins. */
static gboolean
follows_help_words (const char *lower,
                    gsize       offset)
{
  gsize end = offset;

  while (end > 0 && strchr (" \t<\":", lower[end - 1]) != NULL)
    end--;

  for (guint i = 0; i < G_N_ELEMENTS (help_lead_ins); i++)
    {
      gsize length = strlen (help_lead_ins[i]);
      gsize start;

      if (end < length || memcmp (lower + end - length, help_lead_ins[i], length) != 0)
        continue;
      start = end - length;
      if (start > 0 && g_ascii_isalnum (lower[start - 1]))
        continue;

      for (guint j = 0; j < G_N_ELEMENTS (failed_contact_words); j++)
        {
          gsize words_length = strlen (failed_contact_words[j]);

          if (start >= words_length &&
              memcmp (lower + start - words_length, failed_contact_words[j], words_length) == 0)
            return FALSE;
        }

      if (i == 0 && !asks_for_help (lower, start))
        return FALSE;

      return TRUE;
    }

  return FALSE;
}

static GPtrArray *
collect_senders (BounceParseContext *ctx)
{
  GPtrArray *senders = g_ptr_array_new_with_free_func (g_free);
  static const char * const headers[] = { "From", "Return-Path", "Sender", "Reply-To" };
  BounceRecord record = { 0 };

  if (ctx->from != NULL)
    g_ptr_array_add (senders, g_strdup (ctx->from));
  if (ctx->bounce_to != NULL)
    g_ptr_array_add (senders, g_strdup (ctx->bounce_to));

  record.original_headers = ctx->original_headers->str;
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_autofree char *value = bounce_record_dup_original_header (&record, headers[i]);
      char *address = value ? _bounce_parser_extract_address (value, strlen (value)) : NULL;

      if (address != NULL)
        g_ptr_array_add (senders, address);
    }

  return senders;
}

typedef struct
{
  const char *start;
  gsize       length;
  gboolean    blank;
} Line;

static GArray *
split_lines (const char *text)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));

  for (const char *p = text; p != NULL && *p != '\0';)
    {
      const char *eol = strchr (p, '\n');
      Line line = { p, eol ? (gsize) (eol - p) : strlen (p), TRUE };

      for (gsize i = 0; i < line.length; i++)
        {
          if (!g_ascii_isspace (p[i]))
            {
              line.blank = FALSE;
              break;
            }
        }
      g_array_append_val (lines, line);
      p = eol ? eol + 1 : NULL;
    }

  return lines;
}

/* Whether @line is quoted by a mail program ("> <a@b>: ..."): a person
 * or an auto-reply quoting a report names no failed recipient. Exactly
 * three ">" and a blank are a session transcript's sent command
 * (Sendmail: ">>> RCPT To:<a@b>") or a listed failure, not a quote. */
static gboolean
is_quoted_line (const Line *line)
{
  const char *p = line->start;
  const char *end = line->start + line->length;

  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  if (p == end || *p != '>')
    return FALSE;

  return !(end - p > 3 && p[1] == '>' && p[2] == '>' && (p[3] == ' ' || p[3] == '\t'));
}

/* Returns whether the notice is inside a list of recipients that the
 * message reached after @line: a heading such as "Your message was
 * delivered to the following recipients:" starts the list, and the next
 * line without an address ("but could not be delivered to:") ends it.
 * Blank lines keep the state. @in_list is the state before @line. */
static gboolean
update_delivered_list (const Line *line,
                       gboolean    in_list)
{
  static const char * const headings[] = {
    "delivered to the following", "successfully delivered", "delivered successfully",
    "delivery to the following recipients succeeded", "delivery to the following recipient succeeded",
    "delivery to these recipients or groups is complete",
  };
  static const char * const negations[] = { "not ", "n't", "unable", "fail", "undeliver" };
  g_autofree char *lower = NULL;
  gboolean heading = FALSE;

  if (line->blank)
    return in_list;

  lower = _bounce_parser_ascii_down (line->start, line->length);
  for (guint i = 0; i < G_N_ELEMENTS (headings) && !heading; i++)
    heading = strstr (lower, headings[i]) != NULL;
  for (guint i = 0; i < G_N_ELEMENTS (negations) && heading; i++)
    heading = strstr (lower, negations[i]) == NULL;
  if (heading)
    return TRUE;

  return in_list && memchr (line->start, '@', line->length) != NULL;
}

/* Removes @address from @addresses, when it is there. */
static void
remove_address (GPtrArray  *addresses,
                const char *address)
{
  guint index;

  if (g_ptr_array_find_with_equal_func (addresses, address, g_str_equal, &index))
    g_ptr_array_remove_index (addresses, index);
}

static gboolean
line_has_address (const Line *line,
                  const char *address)
{
  g_autofree char *lower = _bounce_parser_ascii_down (line->start, line->length);

  return strstr (lower, address) != NULL;
}

static gboolean
line_has_other_candidate (const Line *line,
                          const char *address,
                          GPtrArray  *candidates)
{
  g_autofree char *lower = _bounce_parser_ascii_down (line->start, line->length);

  for (guint i = 0; i < candidates->len; i++)
    {
      const char *other = g_ptr_array_index (candidates, i);

      if (!g_str_equal (other, address) && strstr (lower, other) != NULL &&
          strstr (lower, address) == NULL)
        return TRUE;
    }

  return FALSE;
}

/* Whether @line begins with a "To:" or "Cc:" field, which repeats the
 * returned message's recipients rather than listing a failure. */
static gboolean
is_address_field (const Line *line)
{
  const char *p = line->start;

  while (p < line->start + line->length && (*p == ' ' || *p == '\t'))
    p++;

  return g_ascii_strncasecmp (p, "to:", 3) == 0 || g_ascii_strncasecmp (p, "cc:", 3) == 0;
}

/* Whether @block contains a reply code or an enhanced status code. */
static gboolean
block_has_codes (const char *block)
{
  g_autofree char *reply = NULL;
  g_autofree char *status = NULL;

  _bounce_parser_find_codes (block, &reply, &status);

  return reply != NULL || status != NULL;
}

/* Whether @line starts with Sendmail's transcript marker @marker: ">>>"
 * for a command the client sent, "<<<" for the server's reply. */
static gboolean
is_transcript_line (const Line *line,
                    const char *marker)
{
  const char *p = line->start;
  const char *end = line->start + line->length;

  while (p < end && (*p == ' ' || *p == '\t'))
    p++;

  return end - p >= 3 && memcmp (p, marker, 3) == 0;
}

/* Returns the text that belongs to @address from line @first, which
 * names it: that line and the lines below it up to a blank line or the
 * next failed address. When the address is alone on its line (Gmail,
 * Domino), the next paragraph contains the reason. */
static char *
dup_block_at (GArray     *lines,
              guint       first,
              const char *address,
              GPtrArray  *candidates)
{
  GString *block = g_string_new (NULL);
  guint taken = 0;
  gboolean only_address = TRUE;
  guint extended = 0;
  gboolean previous_is_command = FALSE;

  for (guint i = first; i < lines->len && taken < MAX_DIAGNOSTIC_LINES; i++)
    {
      const Line *line = &g_array_index (lines, Line, i);

      if (line->blank)
        {
          if (only_address)
            continue;

          /* A sentence naming the address ("There was an error delivering
           * your mail to <a@b>.") comes before the reply paragraph. */
          if (extended >= 2 || block_has_codes (block->str))
            break;
          extended++;
          while (i + 1 < lines->len && g_array_index (lines, Line, i + 1).blank)
            i++;
          continue;
        }
      if (i > first && line_has_other_candidate (line, address, candidates))
        break;

      /* In Sendmail's transcript a new command starts the next exchange,
       * and a reply that follows no command belongs to the next recipient:
       * "554 5.0.0 <a@b>... Service unavailable" above "<<< 550 5.1.1 User
       * unknown" for <c@d>. */
      if (i > first && (is_transcript_line (line, ">>>") ||
                        (is_transcript_line (line, "<<<") && !previous_is_command)))
        break;
      previous_is_command = is_transcript_line (line, ">>>");

      if (block->len > 0)
        g_string_append_c (block, ' ');
      g_string_append_len (block, line->start, line->length);
      taken++;

      if (i > first)
        only_address = FALSE;
      else
        {
          /* Text beside the address ("<a@b>: host said: 550 ...") is a
           * reason already. */
          g_autofree char *lower = _bounce_parser_ascii_down (line->start, line->length);
          const char *at = strstr (lower, address);
          gsize rest = strlen (lower) - (at - lower) - strlen (address);

          if (rest > 12 || at - lower > 24)
            only_address = FALSE;
        }
    }

  g_strdelimit (block->str, "\r\t", ' ');

  return g_string_free (block, FALSE);
}

/* Returns the text that belongs to @address: the block under the first
 * line that names it, unless that line only repeats the returned
 * message's To (Exchange: "Your message To: a@b ... did not reach the
 * following recipient(s): a@b ..."). A notice may name the address again
 * further down with the server's reply: Microsoft 365 explains the
 * failure to people under the first mention and gives "Remote Server
 * returned '550 5.1.10 ...'" under the second, in its section for
 * administrators. When the first block has no code, the first later
 * block that has one is the diagnostic, however far below it is. When
 * it has only a reply code, as Sendmail's summary "(reason: 550 Host
 * unknown)" does, a later reply of the same class with an enhanced code
 * is the diagnostic: the transcript's whole reply, "550 5.1.2 <a@b>...
 * Host unknown". */
static char *
dup_diagnostic_block (GArray     *lines,
                      const char *address,
                      GPtrArray  *candidates)
{
  g_autofree char *reply_code = NULL;
  g_autofree char *status = NULL;
  guint first = G_MAXUINT;
  char *block;

  for (guint pass = 0; pass < 2 && first == G_MAXUINT; pass++)
    {
      for (guint i = 0; i < lines->len; i++)
        {
          const Line *line = &g_array_index (lines, Line, i);

          if (pass == 0 && is_address_field (line))
            continue;
          if (line_has_address (line, address))
            {
              first = i;
              break;
            }
        }
    }
  if (first == G_MAXUINT)
    return NULL;

  block = dup_block_at (lines, first, address, candidates);
  _bounce_parser_find_codes (block, &reply_code, &status);
  if (status != NULL)
    return block;

  for (guint i = first + 1; i < lines->len; i++)
    {
      const Line *line = &g_array_index (lines, Line, i);
      g_autofree char *later = NULL;
      g_autofree char *later_reply_code = NULL;
      g_autofree char *later_status = NULL;

      if (line->blank || is_address_field (line) || is_quoted_line (line) ||
          !line_has_address (line, address))
        continue;

      later = dup_block_at (lines, i, address, candidates);
      _bounce_parser_find_codes (later, &later_reply_code, &later_status);
      if (reply_code == NULL ? later_reply_code != NULL || later_status != NULL
                             : later_reply_code != NULL && later_status != NULL &&
                               later_reply_code[0] == reply_code[0] && later_status[0] == reply_code[0])
        {
          g_free (block);
          return g_steal_pointer (&later);
        }
    }

  return block;
}

/* Returns the first line of a qmail notice that ends in qmail's form of
 * an enhanced status code, "(#5.1.1)", or NULL. qmail-send writes the
 * reason of each failure on such a line, and a notice sent to a VERP
 * address may name no recipient before it. The code sits in the text
 * of the line, so _bounce_parser_find_codes() reads it from there. */
static char *
dup_qmail_code_line (GArray *lines)
{
  for (guint i = 0; i < lines->len; i++)
    {
      const Line *line = &g_array_index (lines, Line, i);
      const char *code = g_strstr_len (line->start, line->length, "(#");
      char *text;

      if (code == NULL || is_quoted_line (line) || code + 4 > line->start + line->length ||
          (code[2] != '4' && code[2] != '5') || code[3] != '.')
        continue;

      text = g_strndup (line->start, line->length);
      g_strdelimit (text, "\r\t", ' ');

      return text;
    }

  return NULL;
}

/* Returns the first unquoted line with a server's failure reply, or
 * NULL. Its 4xx or 5xx reply code starts the line, follows a colon or
 * precedes an enhanced status code ("550 5.1.1 No such user here",
 * "Remote server said: 550 mailbox unavailable"). A reply code alone
 * inside a sentence does not count, because sizes and times also have
 * three digits. */
static char *
dup_reply_line (GArray *lines)
{
  for (guint i = 0; i < lines->len; i++)
    {
      const Line *line = &g_array_index (lines, Line, i);
      g_autofree char *text = NULL;
      g_autofree char *reply_code = NULL;
      g_autofree char *status = NULL;

      if (line->blank || is_quoted_line (line) || is_address_field (line))
        continue;

      text = g_strndup (line->start, line->length);
      g_strdelimit (text, "\r\t", ' ');
      if (!bounce_status_code_parse_line (text, &reply_code, &status) || reply_code == NULL)
        continue;
      if (reply_code[0] != '4' && reply_code[0] != '5')
        continue;
      if (status != NULL && status[0] != reply_code[0])
        continue;

      return g_steal_pointer (&text);
    }

  return NULL;
}

static const char *
detect_format (BounceParseContext *ctx,
               const char         *lower_notice)
{
  static const struct
  {
    const char *needle;
    const char *format;
  } signatures[] = {
    { "qmail-send program", "qmail" },
    { "(#5.", "qmail" },
    { "(#4.", "qmail" },
    { "mail delivery software", "exim" },
    { "the following address(es) failed", "exim" },
    { "this is the mail system at host", "postfix" },
    { "transcript of session follows", "sendmail" },
    { "permanent fatal errors", "sendmail" },
    { "google tried to deliver", "gmail" },
    { "delivery to the following recipient", "gmail" },
    { "did not reach the following recipient", "exchange" },
    { "delivery has failed to these recipients", "exchange" },
    { "your message did not reach some or all", "exchange" },
    { "domino directory", "domino" },
    { "lotus", "domino" },
    { "courier mail server", "courier" },
    { "this is the mailer-daemon, please do not reply", "opensmtpd" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (signatures); i++)
    {
      if (strstr (lower_notice, signatures[i].needle) != NULL)
        return signatures[i].format;
    }

  if (ctx->from != NULL)
    {
      if (strstr (ctx->from, "yahoo") != NULL)
        return "yahoo";
      if (strstr (ctx->from, "aol.") != NULL)
        return "aol";
      if (strstr (ctx->from, "google") != NULL)
        return "gmail";
    }

  return "text";
}

static char *
dup_context (BounceParseContext *ctx)
{
  return _bounce_parser_make_valid (ctx->text->str, MIN (ctx->text->len, MAX_CONTEXT), MAX_CONTEXT);
}

/* OpenSMTPD writes only the class (5.0.0) into the Status of its DSN and
 * the remote server's reply ("550 5.7.26 ...") into the text notice, so
 * the reply's enhanced code of the same class is the more precise one. */
static void
replace_class_only_status (BounceFoundRecipient *found)
{
  g_autofree char *status = NULL;

  if (found->status == NULL || !g_str_has_suffix (found->status, ".0.0"))
    return;

  _bounce_parser_find_codes (found->diagnostic, NULL, &status);
  if (status != NULL && status[0] == found->status[0] && !g_str_has_suffix (status, ".0.0"))
    {
      g_free (found->status);
      found->status = g_steal_pointer (&status);
    }
}

static void
fill_from_block (BounceFoundRecipient *found,
                 char                 *block,
                 BounceParseContext   *ctx,
                 gboolean              delayed)
{
  /* Takes ownership of @block, which every caller allocates for this call. */
  g_autofree char *owned_block = block;
  g_autofree char *collapsed = NULL;

  if (owned_block != NULL)
    {
      collapsed = _bounce_parser_make_valid (g_strstrip (owned_block), -1, BOUNCE_PARSER_MAX_VALUE);
      g_free (found->diagnostic);
      found->diagnostic = g_steal_pointer (&collapsed);
      if (found->reply_code == NULL || found->status == NULL)
        _bounce_parser_find_codes (found->diagnostic,
                                   found->reply_code == NULL ? &found->reply_code : NULL,
                                   found->status == NULL ? &found->status : NULL);
      replace_class_only_status (found);
    }

  g_free (found->context);
  found->context = dup_context (ctx);

  if (delayed && found->action == NULL)
    found->action = g_strdup ("delayed");
}

static gboolean
notice_is_delay (BounceParseContext *ctx,
                 const char         *lower_notice)
{
  g_autofree char *subject = NULL;

  if (_bounce_phrases_states_final_failure (lower_notice))
    return FALSE;

  subject = ctx->subject != NULL && g_utf8_validate (ctx->subject, -1, NULL)
            ? g_utf8_strdown (ctx->subject, -1)
            : _bounce_parser_ascii_down (ctx->subject ? ctx->subject : "", -1);
  if (contains_any (subject, delay_subject_words, G_N_ELEMENTS (delay_subject_words)) ||
      _bounce_phrases_find_delay (lower_notice) != NULL)
    return TRUE;

  return contains_any (lower_notice, deferral_words, G_N_ELEMENTS (deferral_words)) &&
         !contains_any (lower_notice, failure_sentences, G_N_ELEMENTS (failure_sentences));
}

gboolean
_bounce_parser_read_text (BounceParseContext *ctx)
{
  g_autoptr(GPtrArray) senders = collect_senders (ctx);
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) listed_senders = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) listed_services = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) delivered = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) lines = split_lines (ctx->text->str);
  g_autofree char *lower_notice = _bounce_parser_ascii_down (ctx->text->str, MIN (ctx->text->len, MAX_CONTEXT * 4));
  gboolean delayed;
  gboolean in_delivered_list = FALSE;

  ctx->format = detect_format (ctx, lower_notice);
  delayed = notice_is_delay (ctx, lower_notice);

  /* Every address of the notice, in order, except the sender's own and
   * the servers' service mailboxes. An address that starts its line
   * ("<a@b>:", "  a@b", ">>> a@b") is a listed failure; one inside a
   * sentence is weaker evidence. */
  /* One more than the limit, to know whether there are more. */
  for (guint i = 0; i < lines->len && candidates->len <= MAX_TEXT_RECIPIENTS; i++)
    {
      const Line *line = &g_array_index (lines, Line, i);
      g_autofree char *lower = NULL;
      const char *p;
      const char *first_text;
      const char *sender_part;
      const char *end = line->start + line->length;

      if (!is_quoted_line (line))
        in_delivered_list = update_delivered_list (line, in_delivered_list);
      if (line->blank || memchr (line->start, '@', line->length) == NULL || is_quoted_line (line))
        continue;

      lower = _bounce_parser_ascii_down (line->start, line->length);
      sender_part = find_sender_part (lower);
      if (sender_part != NULL)
        end = line->start + (sender_part - lower);
      if (end == line->start)
        continue;

      first_text = lower;
      while (*first_text == ' ' || *first_text == '\t' || *first_text == '<' ||
             *first_text == '>' || *first_text == '"')
        first_text++;

      p = line->start;
      while (p < end)
        {
          const char *at = memchr (p, '@', end - p);
          const char *start;
          char *address;

          if (at == NULL)
            break;
          start = at;
          while (start > p && start[-1] != ' ' && start[-1] != '<' && start[-1] != '(' &&
                 start[-1] != '"' && start[-1] != ':' && start[-1] != '\t' && start[-1] != '[')
            start--;

          /* Only this "@": trying the rest of the line from each "@" took
           * quadratic time on a line of many "@" without an address. */
          address = _bounce_parser_extract_address_at (start, end - start, at);
          p = at + 1;
          if (address == NULL)
            continue;

          if (in_delivered_list)
            {
              if (delivered->len < MAX_TEXT_RECIPIENTS && !is_excluded_address (ctx, address, senders) &&
                  !g_ptr_array_find_with_equal_func (delivered, address, g_str_equal, NULL))
                g_ptr_array_add (delivered, address);
              else
                g_free (address);
            }
          else if (g_ptr_array_find_with_equal_func (candidates, address, g_str_equal, NULL) ||
              g_ptr_array_find_with_equal_func (listed_senders, address, g_str_equal, NULL))
            g_free (address);
          else if ((gsize) (start - line->start) <= strlen (lower) &&
                   follows_help_words (lower, start - line->start))
            g_free (address);
          else if (!is_excluded_address (ctx, address, senders))
            {
              if (g_str_has_prefix (first_text, address))
                g_ptr_array_add (listed, g_strdup (address));
              g_ptr_array_add (candidates, address);
            }
          else if (g_str_has_prefix (first_text, address) && !is_service_address (address))
            g_ptr_array_add (listed_senders, address);
          else if (g_str_has_prefix (first_text, address) && listed_services->len < MAX_TEXT_RECIPIENTS &&
                   !g_ptr_array_find_with_equal_func (listed_services, address, g_str_equal, NULL))
            g_ptr_array_add (listed_services, address);
          else
            g_free (address);
        }
    }

  /* A recipient that the notice lists as delivered did not bounce, even
   * where the notice names it again. */
  for (guint i = 0; i < delivered->len; i++)
    {
      remove_address (candidates, g_ptr_array_index (delivered, i));
      remove_address (listed, g_ptr_array_index (delivered, i));
    }

  /* Redacted or self-addressed bounces list the sender's own address as
   * the failure; take it when the notice lists nothing else. */
  if (candidates->len == 0 && delivered->len == 0)
    {
      for (guint i = 0; i < listed_senders->len; i++)
        g_ptr_array_add (candidates, g_strdup (g_ptr_array_index (listed_senders, i)));
    }

  /* A service mailbox such as postmaster@ or noreply@ that starts its
   * line, as "<postmaster@example.org>: 550 5.1.1 user unknown" does,
   * is the failure when the notice lists no other address. Without it
   * the bounce would be pinned on the To of the returned copy, a
   * different person. */
  if (candidates->len == 0 && delivered->len == 0)
    {
      for (guint i = 0; i < listed_services->len; i++)
        g_ptr_array_add (candidates, g_strdup (g_ptr_array_index (listed_services, i)));
    }

  /* Addresses that start their line are the notice's list of failures.
   * An address mentioned only inside a sentence beside them is a help
   * address ("...<support@example.net> までご連絡ください") or the sender. */
  if (listed->len > 0 && listed->len < candidates->len)
    {
      g_ptr_array_set_size (candidates, 0);
      for (guint i = 0; i < listed->len; i++)
        g_ptr_array_add (candidates, g_strdup (g_ptr_array_index (listed, i)));
    }

  /* Exim and others name the failed addresses in a header; trust it over
   * the addresses a notice merely mentions, but keep the ones it lists. */
  if (ctx->failed_recipients != NULL && ctx->failed_recipients[0] != NULL)
    {
      g_ptr_array_set_size (candidates, 0);
      for (guint i = 0; ctx->failed_recipients[i] != NULL && i <= MAX_TEXT_RECIPIENTS; i++)
        g_ptr_array_add (candidates, g_strdup (ctx->failed_recipients[i]));
      for (guint i = 0; i < listed->len; i++)
        {
          const char *address = g_ptr_array_index (listed, i);

          if (!g_ptr_array_find_with_equal_func (candidates, address, g_str_equal, NULL))
            g_ptr_array_add (candidates, g_strdup (address));
        }
    }

  /* The parser adds a record that reports the rest as not read. */
  if (candidates->len > MAX_TEXT_RECIPIENTS)
    {
      g_ptr_array_set_size (candidates, MAX_TEXT_RECIPIENTS);
      ctx->recipient_limit = MAX_TEXT_RECIPIENTS;
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      BounceFoundRecipient *found = _bounce_found_recipient_new ();
      char *block;

      found->recipient = g_strdup (g_ptr_array_index (candidates, i));
      block = dup_diagnostic_block (lines, found->recipient, candidates);

      /* Exim lists a failed address as the sender wrote it, which may be
       * a bare local part ("olaf.berg") while X-Failed-Recipients names
       * the whole address. The only failure's reply is then its own. */
      if (block == NULL && candidates->len == 1)
        block = dup_reply_line (lines);

      /* MailMarshal and others put the server's reply above the list of
       * affected recipients ("Could not be delivered because of / 550
       * 5.1.1 User unknown / The following recipients were affected:").
       * When the only failure's own lines give no code, that reply is
       * its reason, so it leads the diagnostic. */
      else if (block != NULL && candidates->len == 1 && !block_has_codes (block))
        {
          g_autofree char *reply = dup_reply_line (lines);

          if (reply != NULL)
            {
              char *joined = g_strconcat (reply, " ", block, NULL);

              g_free (block);
              block = joined;
            }
        }

      fill_from_block (found, block, ctx, delayed);
      g_ptr_array_add (ctx->found, found);
    }

  /* The delivered recipients get records of their own, as a DSN's
   * "Action: delivered" does, so that a notice of delivery alone is no
   * bounce of the returned message's recipients. */
  for (guint i = 0; i < delivered->len; i++)
    {
      BounceFoundRecipient *found = _bounce_found_recipient_new ();

      found->recipient = g_strdup (g_ptr_array_index (delivered, i));
      found->action = g_strdup ("delivered");
      fill_from_block (found, NULL, ctx, FALSE);
      g_ptr_array_add (ctx->found, found);
    }

  return ctx->found->len > 0;
}

/* Returns the recipients found so far, borrowed from @ctx. A block of
 * the notice ends where the next failed recipient's lines begin
 * (Sendmail's "<a@b>" above "(reason: 550 ...)", Postfix's "<a@b>: host
 * ... said:"), so these are the addresses that end it. */
static GPtrArray *
list_found_recipients (BounceParseContext *ctx)
{
  GPtrArray *recipients = g_ptr_array_new ();

  for (guint i = 0; i < ctx->found->len; i++)
    {
      const BounceFoundRecipient *other = g_ptr_array_index (ctx->found, i);

      if (other->recipient != NULL)
        g_ptr_array_add (recipients, other->recipient);
    }

  return recipients;
}

void
_bounce_parser_add_text_context (BounceParseContext   *ctx,
                                 BounceFoundRecipient *found)
{
  g_autofree char *lower_notice = _bounce_parser_ascii_down (ctx->text->str, MIN (ctx->text->len, MAX_CONTEXT * 4));
  gboolean delayed = found->action == NULL && notice_is_delay (ctx, lower_notice);

  /* A bare exit status gives no reason, so the notice's lines replace it. */
  if (found->diagnostic == NULL || found->diagnostic[0] == '\0' || found->exit_status_only)
    {
      g_autoptr(GPtrArray) candidates = list_found_recipients (ctx);
      g_autoptr(GArray) lines = split_lines (ctx->text->str);
      char *block = NULL;

      if (found->recipient != NULL)
        block = dup_diagnostic_block (lines, found->recipient, candidates);

      /* A qmail notice that names no recipient, or not this one, still
       * gives the reason and its code on a line of its own. */
      if (block == NULL && g_strcmp0 (ctx->format, "qmail") == 0)
        block = dup_qmail_code_line (lines);

      /* So does a notice that names the recipient only in the returned
       * message or in the VERP address it was sent to. The server's reply
       * in it belongs to this recipient when the report has no other. */
      if (block == NULL && ctx->found->len <= 1)
        block = dup_reply_line (lines);

      if (found->recipient != NULL || block != NULL)
        {
          fill_from_block (found, block, ctx, delayed);
          return;
        }
    }

  fill_from_block (found, NULL, ctx, delayed);
}

void
_bounce_parser_add_recipient_notice (BounceParseContext   *ctx,
                                     BounceFoundRecipient *found)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GArray) lines = NULL;
  char *block;

  if (found->recipient == NULL || ctx->text->len == 0 ||
      strstr (ctx->text->str, found->recipient) == NULL)
    return;

  candidates = list_found_recipients (ctx);
  lines = split_lines (ctx->text->str);
  block = dup_diagnostic_block (lines, found->recipient, candidates);
  if (block == NULL)
    return;

  g_free (found->context);
  found->context = _bounce_parser_make_valid (g_strstrip (block), -1, BOUNCE_PARSER_MAX_VALUE);
  g_free (block);
}

/* bounce-parser-private.h: what the readers of one message share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Longest text kept from one source, cut, never rejected:
 * - BOUNCE_PARSER_MAX_VALUE: a diagnostic, a header value;
 * - BOUNCE_PARSER_MAX_HEADERS: the header block of the returned message
 *   that a record keeps, whole fields only;
 * - BOUNCE_PARSER_MAX_TEXT: the readable notice of a bounce, which the
 *   readers search for recipients and reasons. */
#define BOUNCE_PARSER_MAX_VALUE     2048
#define BOUNCE_PARSER_MAX_HEADERS   (32 * 1024)
#define BOUNCE_PARSER_MAX_TEXT      (256 * 1024)
/* A delivery-status part is read up to this size: room for the DSN
 * reader's 10,000 recipients with a long diagnostic each. */
#define BOUNCE_PARSER_MAX_DSN       (16 * 1024 * 1024)

/* One failed (or delivered, or delayed) recipient as a reader found it,
 * before classification. Strings are UTF-8 or NULL. */
typedef struct
{
  char      *recipient;          /* lower-case address */
  char      *original_recipient; /* lower-case address */
  char      *action;             /* lower-case DSN Action */
  char      *status;             /* "5.1.1" */
  char      *reply_code;         /* "550" */
  char      *diagnostic;         /* server text, unfolded */
  char      *remote_mta;
  GDateTime *date;
  char      *context;            /* wider text to classify when the diagnostic is silent */
  char      *mta_category;       /* the sending MTA's own verdict, lower-case: PowerMTA's "bad-mailbox" */
  gboolean   exit_status_only;   /* the diagnostic is only an "X-Unix" exit status ("255") */
} BounceFoundRecipient;

/* Everything collected from one message. The readers fill it in; the
 * parser turns it into records. */
typedef struct
{
  /* The bounce itself. */
  char       *from;              /* lower-case address of From */
  char       *from_name;         /* display name of From */
  char       *subject;
  char       *bounce_to;
  GDateTime  *date;
  gboolean    date_offset_invalid; /* the Date header has an impossible offset, so date is NULL */
  char      **failed_recipients; /* X-Failed-Recipients, lower-case */
  gboolean    auto_reply_header; /* Auto-Submitted, X-Autoreply, Precedence ... */
  gboolean    machine_sent;      /* null Return-Path or Auto-Submitted other than "no" */
  gboolean    null_sender;       /* Return-Path <> or <MAILER-DAEMON...> */
  gboolean    auto_generated;    /* Auto-Submitted other than "no" and "auto-replied" */
  char       *report_type;       /* multipart/report report-type */

  /* The parts. */
  GString    *dsn;               /* message/delivery-status bodies */
  GString    *feedback;          /* message/feedback-report bodies */
  GString    *text;              /* readable text of the bounce */
  GString    *original_headers;  /* "Name: value\n" of the returned message */
  char       *original_to;       /* BounceRecord.original_to of every record, NULL until
                                  * the first record is filled */
  gboolean    have_original;
  gboolean    too_deep;          /* MIME nesting beyond the guard */
  gpointer    returned_part;     /* GMimeObject: the first message/rfc822 part, or NULL */
  gboolean    dsn_cut;           /* a delivery-status part exceeded BOUNCE_PARSER_MAX_DSN */
  guint       recipient_limit;   /* the DSN or text reader's limit, once a report exceeded it; else 0 */

  /* Per-message DSN fields (RFC 3464 section 2.2). */
  GDateTime  *arrival_date;
  char       *reporting_mta;

  GPtrArray  *found;             /* BounceFoundRecipient */
  const char *format;            /* static: "dsn", "qmail", ... */
} BounceParseContext;

BounceFoundRecipient *_bounce_found_recipient_new  (void);
void                  _bounce_found_recipient_free (BounceFoundRecipient *found);

/* Returns the first e-mail address in @text, lower-cased, without <> and
 * quotes; NULL when there is none. */
char     *_bounce_parser_extract_address (const char *text,
                                          gsize       length);
/* The same for the "@" at @at in @text only: NULL when the characters
 * around that "@" form no address. A caller that tries every "@" of a
 * line this way reads each byte a bounded number of times. */
char     *_bounce_parser_extract_address_at (const char *text,
                                             gsize       length,
                                             const char *at);
/* Finds the first SMTP reply code ("550") and enhanced status code
 * ("5.1.1") in @text. Either output may stay NULL. */
void      _bounce_parser_find_codes      (const char *text,
                                          char      **reply_code,
                                          char      **status);
/* Returns a valid UTF-8 copy of @length bytes of @text, cut at
 * @max_length bytes on a character boundary. */
char     *_bounce_parser_make_valid      (const char *text,
                                          gssize      length,
                                          gsize       max_length);
/* The same as g_utf8_validate_len (@text, @length, NULL), faster on
 * ASCII. */
gboolean  _bounce_parser_utf8_validate   (const char *text,
                                          gsize       length);
/* The same as g_ascii_strdown(), without a function call per byte. */
char     *_bounce_parser_ascii_down      (const char *text,
                                          gssize      length);
/* The same as g_utf8_strdown (g_utf8_make_valid (@text, @length), -1),
 * without GLib's Unicode tables for plain ASCII. */
char     *_bounce_parser_dup_lower       (const char *text,
                                          gsize       length);
/* Appends "Name: value" lines of an RFC 5322 header block (up to its first
 * empty line) to ctx->original_headers, unfolded and decoded. */
void      _bounce_parser_add_header_block (BounceParseContext *ctx,
                                           const char         *block,
                                           gsize               length);

/* bounce-parser-dsn.c: RFC 3464 / RFC 6533 delivery-status fields. Returns
 * TRUE when at least one recipient was found. */
gboolean  _bounce_parser_read_dsn        (BounceParseContext *ctx,
                                          const char         *fields);
/* Finds DSN fields sent as plain text instead of a message/delivery-status
 * part; returns where they start in @text, or NULL. */
const char *_bounce_parser_find_text_dsn (const char *text);

/* bounce-parser-ses.c: Amazon SES JSON notifications. Sets @complaint
 * for a complaint; returns TRUE when the body was such a notification. */
gboolean  _bounce_parser_read_ses        (BounceParseContext *ctx,
                                          gboolean           *complaint);

/* bounce-parser-text.c: the readable notices of qmail, Exim, Sendmail,
 * Postfix, Exchange, Gmail and others. */
gboolean  _bounce_parser_looks_like_bounce (BounceParseContext *ctx);
/* Whether a person, or a person's auto-reply, sent the message: no
 * null sender, no server mailbox in From, no Auto-Submitted other than
 * auto-replied, no X-Failed-Recipients, and no Subject that starts with
 * a delivery report's words ("Fwd:", "Re:" or "Automatic reply:" before
 * them mean that a person forwarded a report or replied to it). */
gboolean  _bounce_parser_sent_by_person  (BounceParseContext *ctx);
gboolean  _bounce_parser_read_text       (BounceParseContext *ctx);
/* Fills found->diagnostic and found->context from the notice text for a
 * recipient the DSN part left without a diagnostic or with only an exit
 * status. */
void      _bounce_parser_add_text_context (BounceParseContext   *ctx,
                                           BounceFoundRecipient *found);
/* Sets found->context to the lines of the notice about this recipient,
 * when the notice names it, for a recipient the DSN part described. */
void      _bounce_parser_add_recipient_notice (BounceParseContext   *ctx,
                                               BounceFoundRecipient *found);
/* Cuts the notice at the start of an inline copy of the returned message
 * and reads that copy's headers. */
void      _bounce_parser_split_inline_original (BounceParseContext *ctx);

G_END_DECLS

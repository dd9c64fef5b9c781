/* bounce-status-codes.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bounce-category.h"

G_BEGIN_DECLS

/* One entry of the status-code catalogue (data/status-codes.tsv): an SMTP
 * reply code ("550"), an enhanced status code ("5.1.1") or a provider's
 * own code or phrase ("5.7.606-649", "TSS04"). Strings are translated,
 * and entries live as long as the process. */
typedef struct
{
  const char     *code;
  const char     *title;
  const char     *meaning;
  const char     *action;
  BounceCategory  category;      /* BOUNCE_CATEGORY_UNKNOWN: depends on the text */
  const char     *source;        /* "RFC 3463 section 3.2", provider documentation ... */
  const char     *causes;
  const char     *subject;       /* "addressing", "mailbox", "system", "network",
                                  * "protocol", "content" or "security" */
  const char     *provider;      /* "microsoft", ..., or NULL for RFC and IANA codes */
  const char     *reason;        /* a BOUNCE_REASON_* value */
  char            status_class;  /* '2', '3', '4' or '5' */
} BounceStatusCode;

/* Looks up a reply code or an enhanced status code among the RFC and IANA
 * codes, and returns NULL when it is unknown. Enhanced codes fall back to their class and
 * subject ("5.1.0", then "5.0.0"), reply codes to their class ("5xx"). */
const BounceStatusCode *bounce_status_code_lookup         (const char *code);

/* Returns TRUE when the catalogue has a row for exactly this code, a
 * provider's range that contains it, or this provider tag ("TSS04").
 * Unlike bounce_status_code_lookup(), it does not fall back to the class. */
gboolean                bounce_status_code_is_known       (const char *code);

/* Collects the entries that explain one bounce: the entries of @status and
 * @reply_code (either may be NULL) with their fallbacks, and the provider
 * entries that apply. With a @diagnostic text, a provider entry keyed on
 * a code applies when its phrases occur in the text (or it has none).
 * Tag and phrase entries apply when the text names them. Provider entries
 * then come first. Without a @diagnostic, the RFC entries come first and
 * every provider entry for the codes follows. Returns a GPtrArray of
 * const BounceStatusCode *. */
GPtrArray              *bounce_status_code_explain        (const char *reply_code,
                                                           const char *status,
                                                           const char *diagnostic);

/* Finds the reply code ("550") and the enhanced status code ("5.1.1") in
 * a diagnostic line such as "550-5.1.1 The email account ...". Returns
 * FALSE when the line contains neither. Each output is NULL when absent. */
gboolean                bounce_status_code_parse_line     (const char  *line,
                                                           char       **reply_code,
                                                           char       **status);

/* Every entry for browsing, in catalogue order, once per class it is
 * used with. Returns a GPtrArray of const BounceStatusCode *. */
GPtrArray              *bounce_status_code_list           (void);

/* Translated name of a subject ("Addressing"), or NULL when unknown. */
const char             *bounce_status_code_subject_get_title (const char *subject);

/* Translated name of a class: "Success", "Transient failure", ... */
const char             *bounce_status_code_class_get_title   (char status_class);

/* Translated one-sentence explanation of a class, for codes that are not
 * in the catalogue. */
const char             *bounce_status_code_class_get_meaning (char status_class);

/* Returns why @text, which has the form of a reply code ("999") or of an
 * enhanced status code ("9.1.1"), is neither, as a translated sentence,
 * or NULL for any other text. A code of a valid class that the catalogue
 * lacks ("569") is not invalid: it is explained by its class. */
char                   *bounce_status_code_dup_invalid_reason (const char *text);

/* Translated name of a provider ("Microsoft 365 and Outlook.com"), or NULL
 * for RFC and IANA entries. */
const char             *bounce_status_code_provider_get_name (const char *provider);

/* Translated label of the category an entry implies alone: the category's
 * title, or "Depends on the server's text" for BOUNCE_CATEGORY_UNKNOWN. */
const char             *bounce_status_code_get_category_label (const BounceStatusCode *code);

/* Returns the texts of an entry that a search looks in, one a line: its
 * code, title, meaning, causes, action, source, provider and subject.
 * Each is translated and, where the translation differs, also in the
 * catalogue's English, so words pasted from a bounce ("mailbox full")
 * find the entry in every language. */
char                   *bounce_status_code_dup_search_text (const BounceStatusCode *code);

G_END_DECLS

/* bounce-status-codes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-status-codes"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "bounce-core-resources.h"
#include "bounce-reason.h"
#include "bounce-status-codes.h"
#include "bounce-status-codes-private.h"

#define CATALOGUE_PATH "/org/example/Bounce/core/status-codes.tsv"

/* The columns of data/status-codes.tsv, in order. */
enum
{
  COLUMN_KEY,
  COLUMN_CLASSES,
  COLUMN_CATEGORY,
  COLUMN_REASON,
  COLUMN_SUBJECT,
  COLUMN_SOURCE,
  COLUMN_MATCH,
  COLUMN_TITLE,
  COLUMN_MEANING,
  COLUMN_CAUSES,
  COLUMN_ACTION,
  N_COLUMNS
};

/* What the code part of a provider row's key is. */
typedef enum
{
  CODE_KIND_REPLY,     /* "554@yahoo" */
  CODE_KIND_ENHANCED,  /* "5.1.1@google" */
  CODE_KIND_RANGE,     /* "5.7.606-649@microsoft" */
  CODE_KIND_TAG,       /* "TSS04@yahoo": a tag in the server's text */
  CODE_KIND_PHRASE,    /* "*@mailbox-full": phrases only */
} CodeKind;

typedef struct
{
  BounceStatusCode   public;   /* first, so a pointer to it is a pointer to this */
  guint              row;      /* line number in the TSV, the same for every class */
  CodeKind           kind;
  guint              range_first;
  guint              range_last;
  char             **phrases;  /* lower case, parts joined by '&'; NULL when the row has none */
  /* The catalogue's own English texts. A search looks in them too,
   * because a line pasted from a bounce is usually English. The public
   * fields are the translations. */
  const char        *title_msgid;
  const char        *source_msgid;
  const char        *meaning_msgid;
  const char        *causes_msgid;
  const char        *action_msgid;
} StatusCodeEntry;

typedef struct
{
  GHashTable *standard;   /* code -> entry: RFC and IANA codes, every class */
  GPtrArray  *providers;  /* provider entries, every class, in file order */
  GPtrArray  *listing;    /* what the Codes page lists, in file order */
  GPtrArray  *rows;       /* the split fields of each row: entries point into them */
} Catalogue;

static const char * const subjects[] = {
  "addressing", "mailbox", "system", "network", "protocol", "content", "security",
};

/* Marked here so that xgettext extracts them, and translated when read. */
static const char * const subject_titles[] = {
  N_("Addressing"), N_("Mailbox"), N_("Mail system"), N_("Network and routing"),
  N_("Mail protocol"), N_("Message content"), N_("Security and policy"),
};

/* RFC 3463 section 3.1: class 4 never proves that an address is dead. */
static const char *transient_action =
  N_("Keep the contact. The sending server tries again by itself; remove the address only if the same refusal repeats over several campaigns.");
static const char *success_action = N_("Nothing to do.");

static const char *
translate (const char *text)
{
  return text[0] != '\0' ? g_dgettext (GETTEXT_PACKAGE, text) : "";
}

static gboolean
parse_category (const char     *text,
                BounceCategory *category)
{
  if (g_str_equal (text, "depends"))
    {
      *category = BOUNCE_CATEGORY_UNKNOWN;
      return TRUE;
    }

  if (!bounce_category_from_string (text, category))
    return FALSE;

  return *category == BOUNCE_CATEGORY_HARD ||
         *category == BOUNCE_CATEGORY_SOFT ||
         *category == BOUNCE_CATEGORY_BLOCKED ||
         *category == BOUNCE_CATEGORY_DELIVERED ||
         *category == BOUNCE_CATEGORY_NOT_BOUNCE;
}

static gboolean
is_subject (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
    if (g_str_equal (text, subjects[i]))
      return TRUE;

  return FALSE;
}

/* Splits "5.1.10" into its parts; FALSE unless it is class.subject.detail
 * with a class of 2, 4 or 5 (RFC 3463 section 2). */
static gboolean
parse_enhanced (const char *code,
                char       *klass,
                guint      *subject,
                guint      *detail,
                const char **rest)
{
  const char *p = code;
  char *end;
  guint64 value;

  if ((p[0] != '2' && p[0] != '4' && p[0] != '5') || p[1] != '.')
    return FALSE;
  *klass = p[0];
  p += 2;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  value = g_ascii_strtoull (p, &end, 10);
  if (*end != '.' || end - p > 3 || value > 999)
    return FALSE;
  *subject = (guint) value;
  p = end + 1;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  value = g_ascii_strtoull (p, &end, 10);
  if (end - p > 3 || value > 999)
    return FALSE;
  *detail = (guint) value;

  if (rest != NULL)
    *rest = end;
  else if (*end != '\0')
    return FALSE;

  return TRUE;
}

static gboolean
is_reply_code (const char *code)
{
  return strlen (code) == 3 && code[0] >= '2' && code[0] <= '5' &&
         g_ascii_isdigit (code[1]) && g_ascii_isdigit (code[2]);
}

/* Reads the code part of a provider row's key. */
static gboolean
parse_provider_code (const char      *code,
                     StatusCodeEntry *entry)
{
  char klass;
  guint subject, detail;
  const char *rest;

  if (g_str_equal (code, "*"))
    entry->kind = CODE_KIND_PHRASE;
  else if (is_reply_code (code))
    entry->kind = CODE_KIND_REPLY;
  else if (parse_enhanced (code, &klass, &subject, &detail, &rest))
    {
      if (*rest == '\0')
        entry->kind = CODE_KIND_ENHANCED;
      else if (*rest == '-' && g_ascii_isdigit (rest[1]))
        {
          char *end;

          entry->kind = CODE_KIND_RANGE;
          entry->range_first = detail;
          entry->range_last = (guint) g_ascii_strtoull (rest + 1, &end, 10);
          if (*end != '\0' || entry->range_last < detail)
            return FALSE;
        }
      else
        return FALSE;
    }
  else if (g_ascii_isalnum (code[0]))
    entry->kind = CODE_KIND_TAG;
  else
    return FALSE;

  return TRUE;
}

/* Makes the entry of one row for one class: "X.1.1" and "5.7.26@google"
 * take the class as their first digit, other keys stay as written. */
static StatusCodeEntry *
entry_new (char      **fields,
           guint       row,
           const char *code,
           const char *provider,
           char        klass)
{
  StatusCodeEntry *entry = g_new0 (StatusCodeEntry, 1);
  BounceCategory category;

  entry->row = row;
  entry->public.status_class = klass;
  entry->title_msgid = fields[COLUMN_TITLE];
  entry->meaning_msgid = fields[COLUMN_MEANING];
  entry->causes_msgid = fields[COLUMN_CAUSES];
  entry->action_msgid = fields[COLUMN_ACTION];
  entry->public.title = translate (entry->title_msgid);
  entry->public.meaning = translate (entry->meaning_msgid);
  entry->public.causes = translate (entry->causes_msgid);
  entry->public.action = translate (entry->action_msgid);
  entry->source_msgid = fields[COLUMN_SOURCE];
  entry->public.source = translate (entry->source_msgid);
  entry->public.subject = fields[COLUMN_SUBJECT];
  entry->public.provider = provider;
  entry->public.reason = fields[COLUMN_REASON];
  parse_category (fields[COLUMN_CATEGORY], &category);
  entry->public.category = category;

  if (fields[COLUMN_MATCH][0] != '\0')
    entry->phrases = g_strsplit (fields[COLUMN_MATCH], "|", -1);

  if ((code[0] == 'X' || (provider != NULL && code[1] == '.')) && code[0] != klass)
    {
      char *expanded = g_strdup (code);

      expanded[0] = klass;
      entry->public.code = expanded;
    }
  else
    entry->public.code = code;

  /* An X row states the class-5 verdict. */
  if (code[0] == 'X' && klass == '2')
    {
      entry->public.category = BOUNCE_CATEGORY_DELIVERED;
      entry->public.reason = BOUNCE_REASON_DELIVERED;
      entry->action_msgid = success_action;
      entry->public.action = translate (success_action);
    }
  else if (code[0] == 'X' && klass == '4' && category == BOUNCE_CATEGORY_HARD)
    {
      entry->public.category = BOUNCE_CATEGORY_SOFT;
      entry->action_msgid = transient_action;
      entry->public.action = translate (transient_action);
    }

  return entry;
}

/* Checks one row; the "status-codes" test fails on any message this logs. */
static gboolean
row_is_valid (char  **fields,
              guint   line)
{
  BounceCategory category;
  const char *classes;

  if (g_strv_length (fields) != N_COLUMNS)
    {
      g_critical ("status-codes.tsv:%u: %u columns instead of %d", line,
                  g_strv_length (fields), N_COLUMNS);
      return FALSE;
    }

  for (guint i = 0; i < N_COLUMNS; i++)
    if (i != COLUMN_MATCH && fields[i][0] == '\0')
      {
        g_critical ("status-codes.tsv:%u: column %u is empty", line, i + 1);
        return FALSE;
      }

  classes = fields[COLUMN_CLASSES];
  for (const char *c = classes; *c != '\0'; c++)
    if (*c < '2' || *c > '5')
      {
        g_critical ("status-codes.tsv:%u: invalid class list “%s”", line, classes);
        return FALSE;
      }

  if (!parse_category (fields[COLUMN_CATEGORY], &category))
    {
      g_critical ("status-codes.tsv:%u: invalid category “%s”", line, fields[COLUMN_CATEGORY]);
      return FALSE;
    }

  if (bounce_reason_get_description (fields[COLUMN_REASON]) == NULL)
    {
      g_critical ("status-codes.tsv:%u: invalid reason “%s”", line, fields[COLUMN_REASON]);
      return FALSE;
    }

  if (!is_subject (fields[COLUMN_SUBJECT]))
    {
      g_critical ("status-codes.tsv:%u: invalid subject “%s”", line, fields[COLUMN_SUBJECT]);
      return FALSE;
    }

  return TRUE;
}

static void
catalogue_add_row (Catalogue  *catalogue,
                   char      **fields,
                   guint       line)
{
  const char *key = fields[COLUMN_KEY];
  const char *at = strchr (key, '@');
  const char *classes = fields[COLUMN_CLASSES];

  if (at != NULL)
    {
      /* A provider row: one entry per class, matched by code or text.
       * The code is interned because entries may keep it or a copy. */
      g_autofree char *key_code = g_strndup (key, at - key);
      const char *code = g_intern_string (key_code);
      const char *provider = at + 1;

      for (const char *c = classes; *c != '\0'; c++)
        {
          StatusCodeEntry *entry = entry_new (fields, line, code, provider, *c);

          if (!parse_provider_code (code, entry))
            {
              g_critical ("status-codes.tsv:%u: invalid key “%s”", line, key);
              return;
            }

          /* A phrase row's "code" is its name, for lists. */
          if (entry->kind == CODE_KIND_PHRASE)
            entry->public.code = provider;

          g_ptr_array_add (catalogue->providers, entry);
          g_ptr_array_add (catalogue->listing, entry);
        }

      return;
    }

  if (key[0] == 'X')
    {
      /* Lookups find an X row under every class, because servers pair
       * details with unusual classes; the list shows only its classes. */
      static const char all_classes[] = "245";

      for (const char *c = all_classes; *c != '\0'; c++)
        {
          StatusCodeEntry *entry = entry_new (fields, line, key, NULL, *c);

          g_hash_table_insert (catalogue->standard, (gpointer) entry->public.code, entry);
          if (strchr (classes, *c) != NULL)
            g_ptr_array_add (catalogue->listing, entry);
        }

      return;
    }

  /* A reply code or a class fallback ("5xx"). */
  {
    StatusCodeEntry *entry = entry_new (fields, line, key, NULL, key[0]);

    g_hash_table_insert (catalogue->standard, (gpointer) entry->public.code, entry);
    g_ptr_array_add (catalogue->listing, entry);
  }
}

/* Parses the TSV of the GResource once; the catalogue is never freed. */
static Catalogue *
catalogue_get (void)
{
  static gsize once = 0;
  static Catalogue *catalogue;

  if (g_once_init_enter (&once))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      Catalogue *table = g_new0 (Catalogue, 1);
      char **lines;

      table->standard = g_hash_table_new (g_str_hash, g_str_equal);
      table->providers = g_ptr_array_new ();
      table->listing = g_ptr_array_new ();
      table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      bytes = g_resource_lookup_data (bounce_core_get_resource (), CATALOGUE_PATH,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes == NULL)
        g_error ("The status-code catalogue is missing from the build: %s", error->message);

      /* The fields of each row stay allocated: entries point into them. */
      lines = g_strsplit (g_bytes_get_data (bytes, NULL), "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          char **fields;

          if (lines[i][0] == '\0' || lines[i][0] == '#')
            continue;

          fields = g_strsplit (lines[i], "\t", -1);
          if (row_is_valid (fields, i + 1))
            {
              catalogue_add_row (table, fields, i + 1);
              g_ptr_array_add (table->rows, fields);
            }
          else
            g_strfreev (fields);
        }
      g_strfreev (lines);

      catalogue = table;
      g_once_init_leave (&once, 1);
    }

  return catalogue;
}

static const StatusCodeEntry *
lookup_entry (const char *code)
{
  Catalogue *catalogue = catalogue_get ();
  const StatusCodeEntry *entry;
  char klass;
  guint subject, detail;
  char key[16];

  entry = g_hash_table_lookup (catalogue->standard, code);
  if (entry != NULL)
    return entry;

  /* A three-digit reply code falls back to its class. */
  if (strlen (code) == 3 && g_ascii_isdigit (code[0]) &&
      g_ascii_isdigit (code[1]) && g_ascii_isdigit (code[2]))
    {
      g_snprintf (key, sizeof key, "%cxx", code[0]);
      return g_hash_table_lookup (catalogue->standard, key);
    }

  /* An enhanced code falls back to X.subject.0, then to X.0.0. */
  if (!parse_enhanced (code, &klass, &subject, &detail, NULL))
    return NULL;

  g_snprintf (key, sizeof key, "%c.%u.0", klass, subject);
  entry = g_hash_table_lookup (catalogue->standard, key);
  if (entry != NULL)
    return entry;

  g_snprintf (key, sizeof key, "%c.0.0", klass);

  return g_hash_table_lookup (catalogue->standard, key);
}

const BounceStatusCode *
bounce_status_code_lookup (const char *code)
{
  const StatusCodeEntry *entry;

  g_return_val_if_fail (code != NULL, NULL);

  entry = lookup_entry (code);

  return entry != NULL ? &entry->public : NULL;
}

/* Whether a provider entry is keyed on @code ("5.7.606" falls in
 * "5.7.606-649"; tags compare without case). */
static gboolean
provider_has_code (const StatusCodeEntry *entry,
                   const char            *code)
{
  char klass, range_class;
  guint subject, detail, range_subject, range_detail;
  const char *rest;

  switch (entry->kind)
    {
    case CODE_KIND_REPLY:
    case CODE_KIND_ENHANCED:
      return g_str_equal (entry->public.code, code);

    case CODE_KIND_TAG:
      return g_ascii_strcasecmp (entry->public.code, code) == 0;

    case CODE_KIND_RANGE:
      if (!parse_enhanced (code, &klass, &subject, &detail, NULL) ||
          !parse_enhanced (entry->public.code, &range_class, &range_subject,
                           &range_detail, &rest))
        return FALSE;
      return klass == range_class && subject == range_subject &&
             detail >= entry->range_first && detail <= entry->range_last;

    case CODE_KIND_PHRASE:
    default:
      return FALSE;
    }
}

/* Whether every '&'-separated part of @phrase occurs in @lower_text. */
static gboolean
text_has_all_parts (const char *lower_text,
                    const char *phrase)
{
  g_auto(GStrv) parts = g_strsplit (phrase, "&", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (strstr (lower_text, parts[i]) == NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
provider_names_phrase (const StatusCodeEntry *entry,
                       const char            *lower_text)
{
  if (lower_text == NULL)
    return FALSE;

  /* A tag names its row also without the brackets around it ("TSS04"). */
  if (entry->kind == CODE_KIND_TAG)
    {
      g_autofree char *tag = g_ascii_strdown (entry->public.code, -1);

      if (strstr (lower_text, tag) != NULL)
        return TRUE;
    }

  if (entry->phrases == NULL)
    return FALSE;

  for (guint i = 0; entry->phrases[i] != NULL; i++)
    if (text_has_all_parts (lower_text, entry->phrases[i]))
      return TRUE;

  return FALSE;
}

gboolean
bounce_status_code_is_known (const char *code)
{
  Catalogue *catalogue;

  g_return_val_if_fail (code != NULL, FALSE);

  catalogue = catalogue_get ();
  if (g_hash_table_contains (catalogue->standard, code))
    return TRUE;

  for (guint i = 0; i < catalogue->providers->len; i++)
    if (provider_has_code (g_ptr_array_index (catalogue->providers, i), code))
      return TRUE;

  return FALSE;
}

static gboolean
array_has_row (GPtrArray             *entries,
               const StatusCodeEntry *entry)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const StatusCodeEntry *other = g_ptr_array_index (entries, i);

      if (other == entry || (other->public.provider != NULL && other->row == entry->row))
        return TRUE;
    }

  return FALSE;
}

static void
add_standard_entries (GPtrArray   *entries,
                      const char **codes,
                      guint        n_codes)
{
  for (guint c = 0; c < n_codes; c++)
    {
      const StatusCodeEntry *entry;

      if (codes[c] == NULL || codes[c][0] == '\0')
        continue;

      entry = lookup_entry (codes[c]);
      if (entry != NULL && !array_has_row (entries, entry))
        g_ptr_array_add (entries, (gpointer) entry);
    }
}

GPtrArray *
bounce_status_code_explain (const char *reply_code,
                            const char *status,
                            const char *diagnostic)
{
  Catalogue *catalogue = catalogue_get ();
  g_autofree char *lower = NULL;
  GPtrArray *entries = g_ptr_array_new ();
  const char *codes[] = { status, reply_code };

  if (diagnostic != NULL && diagnostic[0] != '\0')
    lower = g_utf8_strdown (diagnostic, -1);

  /* Without a text, the RFC meaning comes first and every provider's use
   * of the code follows. With one, the provider entries it names are the
   * most specific and come first. */
  if (lower == NULL)
    add_standard_entries (entries, codes, G_N_ELEMENTS (codes));

  for (guint i = 0; i < catalogue->providers->len; i++)
    {
      const StatusCodeEntry *entry = g_ptr_array_index (catalogue->providers, i);
      gboolean by_code = FALSE;
      gboolean by_text = provider_names_phrase (entry, lower);

      for (guint c = 0; c < G_N_ELEMENTS (codes); c++)
        if (codes[c] != NULL && provider_has_code (entry, codes[c]))
          by_code = TRUE;

      if (by_code && (lower == NULL || entry->phrases == NULL || by_text))
        ;
      else if (by_text && (entry->kind == CODE_KIND_TAG || entry->kind == CODE_KIND_PHRASE))
        ;
      else
        continue;

      if (!array_has_row (entries, entry))
        g_ptr_array_add (entries, (gpointer) entry);
    }

  if (lower != NULL)
    add_standard_entries (entries, codes, G_N_ELEMENTS (codes));

  return entries;
}

gboolean
bounce_status_code_parse_line (const char  *line,
                               char       **reply_code,
                               char       **status)
{
  static gsize once = 0;
  static GRegex *combined, *leading_reply, *enhanced;
  g_autoptr(GMatchInfo) match = NULL;

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (reply_code != NULL && status != NULL, FALSE);

  if (g_once_init_enter (&once))
    {
      /* "550-5.1.1", "550 5.1.1" anywhere; a reply code at the start of
       * the line, after Postfix's "smtp;", or after a colon as in a
       * pasted "Delivery failed: 550 mailbox unavailable"; an enhanced
       * code anywhere, also qmail's "(#5.1.1)". Not G_REGEX_OPTIMIZE:
       * one typed line costs less to match than to JIT-compile, and
       * PCRE2's JIT code reads past the end of the line, which Valgrind
       * reports. */
      combined = g_regex_new ("(?<![\\w.])([2-5][0-9][0-9])[ -]+([245]\\.[0-9]{1,3}\\.[0-9]{1,3})(?![0-9])",
                              0, 0, NULL);
      leading_reply = g_regex_new ("(?:^|:)\\s*(?:smtp;\\s*)?([2-5][0-9][0-9])(?![\\w.:])",
                                   G_REGEX_CASELESS, 0, NULL);
      enhanced = g_regex_new ("(?<![\\w.])([245]\\.[0-9]{1,3}\\.[0-9]{1,3})(?![0-9])",
                              0, 0, NULL);
      g_once_init_leave (&once, 1);
    }

  *reply_code = NULL;
  *status = NULL;

  if (g_regex_match (combined, line, 0, &match))
    {
      *reply_code = g_match_info_fetch (match, 1);
      *status = g_match_info_fetch (match, 2);
      return TRUE;
    }
  g_clear_pointer (&match, g_match_info_free);

  if (g_regex_match (leading_reply, line, 0, &match))
    *reply_code = g_match_info_fetch (match, 1);
  g_clear_pointer (&match, g_match_info_free);

  if (g_regex_match (enhanced, line, 0, &match))
    *status = g_match_info_fetch (match, 1);

  return *reply_code != NULL || *status != NULL;
}

GPtrArray *
bounce_status_code_list (void)
{
  Catalogue *catalogue = catalogue_get ();
  GPtrArray *entries = g_ptr_array_sized_new (catalogue->listing->len);

  for (guint i = 0; i < catalogue->listing->len; i++)
    g_ptr_array_add (entries, g_ptr_array_index (catalogue->listing, i));

  return entries;
}

/* The English name of @subject, or NULL. */
static const char *
subject_get_msgid (const char *subject)
{
  for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
    if (g_str_equal (subject, subjects[i]))
      return subject_titles[i];

  return NULL;
}

const char *
bounce_status_code_subject_get_title (const char *subject)
{
  const char *msgid;

  g_return_val_if_fail (subject != NULL, NULL);

  msgid = subject_get_msgid (subject);

  return msgid != NULL ? _(msgid) : NULL;
}

const char *
bounce_status_code_class_get_title (char status_class)
{
  /* RFC 5321 section 4.2.1 and RFC 3463 section 3.1. */
  switch (status_class)
    {
    case '2':
      return _("Success");
    case '3':
      return _("Intermediate step");
    case '4':
      return _("Transient failure");
    case '5':
      return _("Permanent failure");
    default:
      return _("Unknown class");
    }
}

const char *
bounce_status_code_class_get_meaning (char status_class)
{
  switch (status_class)
    {
    case '2':
      return _("Codes starting with 2 report success: the server accepted the request.");
    case '3':
      return _("Codes starting with 3 are steps of a mail connection that wait for more input; they report no failure.");
    case '4':
      return _("Codes starting with 4 are temporary failures: the server refused for now and a later attempt may succeed.");
    case '5':
      return _("Codes starting with 5 are permanent failures: the server refused, and sending the same message again will fail too. The server’s text tells whether the address is dead or the message was blocked.");
    default:
      return _("SMTP codes start with 2, 3, 4 or 5; this is not one of them.");
    }
}

char *
bounce_status_code_dup_invalid_reason (const char *text)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));

  /* RFC 5321 section 4.2: Reply-code = %x32-35 %x30-35 %x30-39. */
  if (g_regex_match_simple ("^[0-9]{3}$", trimmed, 0, 0) && (trimmed[0] < '2' || trimmed[0] > '5'))
    /* TRANSLATORS: %s is the number as the user typed it, such as 999 */
    return g_strdup_printf (_("%s is not an SMTP reply code: reply codes start with 2, 3, 4 or 5 "
                              "(RFC 5321 section 4.2)."),
                            trimmed);

  /* RFC 3463 section 2: class "." subject "." detail, where the class is
   * 2, 4 or 5 and the others have one to three digits. */
  if (g_regex_match_simple ("^[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}$", trimmed, 0, 0) &&
      !g_regex_match_simple ("^[245]\\.", trimmed, 0, 0))
    /* TRANSLATORS: %s is the code as the user typed it, such as 9.1.1 */
    return g_strdup_printf (_("%s is not an enhanced status code: such codes start with 2, 4 or 5 "
                              "(RFC 3463 section 2)."),
                            trimmed);

  return NULL;
}

/* The English name of @provider, or @provider itself when it has none. */
static const char *
provider_get_msgid (const char *provider)
{
  static const struct
  {
    const char *id;
    const char *name;
  } providers[] = {
    { "microsoft", N_("Microsoft 365 and Outlook.com") },
    { "google", N_("Gmail and Google Workspace") },
    { "google-gcdp", N_("Gmail and Google Workspace") },
    { "yahoo", N_("Yahoo and AOL") },
    { "apple", N_("Apple iCloud Mail") },
    { "gmx", N_("GMX and WEB.DE") },
    { "orange", N_("Orange") },
    { "mailbox-full", N_("Any provider") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    if (g_str_equal (provider, providers[i].id))
      return providers[i].name;

  return provider;
}

const char *
bounce_status_code_provider_get_name (const char *provider)
{
  const char *msgid;

  if (provider == NULL)
    return NULL;

  msgid = provider_get_msgid (provider);

  return msgid != provider ? _(msgid) : provider;
}

const char *
bounce_status_code_get_category_label (const BounceStatusCode *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  if (code->category == BOUNCE_CATEGORY_UNKNOWN)
    return _("Depends on the server’s text");

  return bounce_category_get_title (code->category);
}

gboolean
_bounce_status_code_classify (const char      *code,
                              BounceCategory  *category,
                              const char     **reason)
{
  const StatusCodeEntry *entry;

  if (code == NULL || code[0] == '\0')
    return FALSE;

  entry = lookup_entry (code);
  if (entry == NULL || entry->public.category == BOUNCE_CATEGORY_UNKNOWN)
    return FALSE;

  *category = entry->public.category;
  *reason = entry->public.reason;

  return TRUE;
}

/* Appends @text on a line of its own, and @msgid, its English, on the
 * next one when the translation differs. */
static void
append_texts (GString    *search_text,
              const char *text,
              const char *msgid)
{
  if (text == NULL)
    return;

  g_string_append_printf (search_text, "%s\n", text);
  if (msgid != NULL && g_strcmp0 (msgid, text) != 0)
    g_string_append_printf (search_text, "%s\n", msgid);
}

char *
bounce_status_code_dup_search_text (const BounceStatusCode *code)
{
  const StatusCodeEntry *entry = (const StatusCodeEntry *) code;
  GString *search_text;

  g_return_val_if_fail (code != NULL, NULL);

  search_text = g_string_new (NULL);
  append_texts (search_text, code->code, NULL);
  append_texts (search_text, code->title, entry->title_msgid);
  append_texts (search_text, code->meaning, entry->meaning_msgid);
  append_texts (search_text, code->causes, entry->causes_msgid);
  append_texts (search_text, code->action, entry->action_msgid);
  append_texts (search_text, code->source, entry->source_msgid);
  if (code->provider != NULL)
    append_texts (search_text, bounce_status_code_provider_get_name (code->provider),
                  provider_get_msgid (code->provider));
  append_texts (search_text, bounce_status_code_subject_get_title (code->subject),
                subject_get_msgid (code->subject));

  return g_string_free (search_text, FALSE);
}

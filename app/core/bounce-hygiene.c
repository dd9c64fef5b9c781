/* bounce-hygiene.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-hygiene"

/* For memmem() and memrchr(). */
#define _GNU_SOURCE

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libpsl.h>

#include "bounce-address.h"
#include "bounce-core-resources.h"
#include "bounce-csv-private.h"
#include "bounce-error.h"
#include "bounce-hygiene-private.h"

#define PROVIDERS_PATH  "/org/example/Bounce/core/hygiene/providers.tsv"
#define ROLES_PATH      "/org/example/Bounce/core/hygiene/role-local-parts.txt"
#define DISPOSABLE_PATH "/org/example/Bounce/core/hygiene/disposable-domains.txt"

/* RFC 5321 4.5.3.1: 64 octets for a local part, 255 for a domain, and
 * 256 for a path with its angle brackets, so 254 for the address. A
 * domain written as text has at most 253 characters (RFC 1035 2.3.4
 * counts 255 octets in wire form, two of them length bytes). */
#define MAX_LOCAL_LENGTH   64
#define MAX_DOMAIN_LENGTH  253
#define MAX_LABEL_LENGTH   63
#define MAX_ADDRESS_LENGTH 254

/* A domain that at least this many rows share is a common domain of the
 * list, and a domain with at most a quarter of its rows one edit away
 * from it is taken for a typo of it. */
#define MIN_COMMON_ROWS    5
#define COMMON_ROWS_RATIO  4

typedef struct
{
  char     *domain;
  char     *label;   /* the label before the public suffix: "gmail" */
  char     *suffix;  /* the public suffix: "com", "co.uk" */
  char     *alias_of;
  guint     label_length;
  gboolean  plus;
  gboolean  dots;
} Provider;

typedef struct
{
  const char *name;
  gsize       length;
} SpellingDomain;

typedef struct
{
  GPtrArray  *providers;   /* Provider, most used first */
  GHashTable *by_domain;   /* domain -> Provider */
  /* The few domains whose addresses have other spellings than a +tag:
   * providers that ignore dots, and alias domains (SpellingDomain). */
  GArray     *spelling_domains;
  GHashTable *roles;
  gsize       max_role_length;
  /* For each first byte, bit n is set when a role name of length n
   * starts with it, so that most local parts need no hash lookup. */
  guint32     role_lengths[256];
  GHashTable *disposable;
  psl_ctx_t  *psl;
} HygieneData;

/* What the checks found for one domain of a list. */
typedef struct
{
  guint               rows;
  BounceHygieneFlags  flags;
  char               *suggestion;
  const Provider     *provider;    /* provider of the mailbox key, or NULL */
  const char         *key_domain;  /* domain of the mailbox key, after aliases */
  gboolean            aliased;     /* TRUE when key_domain is the domain it is an alias of */
  guint32             number;      /* position among the domains, in the order rows name them */
} DomainInfo;

struct _BounceHygiene
{
  GObject              parent_instance;

  BounceContactList   *contacts;
  guint8              *errors;       /* BounceAddressError per row */
  guint8              *flags;        /* BounceHygieneFlags per row */
  GHashTable          *duplicate_of; /* row -> first row + 1 */
  GHashTable          *domains;      /* domain -> DomainInfo */
  BounceHygieneCounts  counts;
};

G_DEFINE_FINAL_TYPE (BounceHygiene, bounce_hygiene, G_TYPE_OBJECT)

static const char * const error_names[] = {
  "ok", "empty", "no-at", "several-at", "too-long", "local-empty", "local-too-long",
  "local-dot", "local-character", "local-quoted", "domain-empty", "domain-too-long",
  "domain-dot", "domain-no-dot", "domain-character", "label-too-long", "label-hyphen",
  "numeric-tld", "domain-literal", "idn-invalid", "invisible-character",
};

G_STATIC_ASSERT (G_N_ELEMENTS (error_names) == BOUNCE_ADDRESS_ERROR_LAST);

static const struct {
  BounceHygieneFlags  flag;
  const char         *name;
  const char         *title;
} flag_info[BOUNCE_HYGIENE_N_FLAGS] = {
  { BOUNCE_HYGIENE_FLAG_TYPO, "typo", N_("Possible typo") },
  { BOUNCE_HYGIENE_FLAG_UNKNOWN_TLD, "unknown-tld", N_("Unknown top-level domain") },
  { BOUNCE_HYGIENE_FLAG_DUPLICATE, "duplicate", N_("Duplicate") },
  { BOUNCE_HYGIENE_FLAG_ROLE, "role", N_("Role address") },
  { BOUNCE_HYGIENE_FLAG_DISPOSABLE, "disposable", N_("Disposable address") },
};

/* Country domains one key away from .com (Colombia, Cameroon, Oman).
 * No provider in the list uses them, so a provider's name with one of
 * them is taken for a typo. */
static const char * const com_typo_suffixes[] = { "co", "cm", "om" };

/* Data */

static GBytes *
lookup_data (const char *path)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = g_resource_lookup_data (bounce_core_get_resource (), path,
                                          G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  if (bytes == NULL)
    g_error ("The list %s is missing from the build: %s", path, error->message);

  return bytes;
}

/* Adds each line of @bytes that is neither blank nor a comment to @set. */
static void
add_lines (GHashTable *set,
           GBytes     *bytes)
{
  g_auto(GStrv) lines = g_strsplit (g_bytes_get_data (bytes, NULL), "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (line[0] != '\0' && line[0] != '#')
        g_hash_table_add (set, g_ascii_strdown (line, -1));
    }
}

/* Splits @domain at its public suffix: "mail.gmail.co.uk" gives the
 * label "gmail", the suffix "co.uk" and the subdomain "mail". FALSE when
 * @domain is a public suffix itself. */
static gboolean
split_domain (psl_ctx_t   *psl,
              const char  *domain,
              char       **subdomain,
              char       **label,
              char       **suffix)
{
  const char *registrable = psl_registrable_domain (psl, domain);
  const char *dot;

  if (registrable == NULL)
    return FALSE;

  dot = strchr (registrable, '.');
  if (dot == NULL)
    return FALSE;

  if (subdomain != NULL)
    *subdomain = registrable > domain ? g_strndup (domain, registrable - domain - 1) : NULL;
  *label = g_strndup (registrable, dot - registrable);
  *suffix = g_strdup (dot + 1);

  return TRUE;
}

static void
provider_free (Provider *provider)
{
  g_free (provider->domain);
  g_free (provider->label);
  g_free (provider->suffix);
  g_free (provider->alias_of);
  g_free (provider);
}

static void
load_providers (HygieneData *data)
{
  g_autoptr(GBytes) bytes = lookup_data (PROVIDERS_PATH);
  g_auto(GStrv) lines = g_strsplit (g_bytes_get_data (bytes, NULL), "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_auto(GStrv) rules = NULL;
      Provider *provider;

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;

      fields = g_strsplit (lines[i], "\t", -1);
      if (g_strv_length (fields) != 2)
        g_error ("%s:%u: expected a domain and rules, separated by a tab", PROVIDERS_PATH, i + 1);

      provider = g_new0 (Provider, 1);
      provider->domain = g_strdup (fields[0]);
      if (!split_domain (data->psl, provider->domain, NULL, &provider->label, &provider->suffix))
        g_error ("%s:%u: %s is a public suffix, not a provider", PROVIDERS_PATH, i + 1, fields[0]);
      provider->label_length = g_utf8_strlen (provider->label, -1);

      rules = g_strsplit (fields[1], ",", -1);
      for (guint j = 0; rules[j] != NULL; j++)
        {
          if (g_str_equal (rules[j], "plus"))
            provider->plus = TRUE;
          else if (g_str_equal (rules[j], "dots"))
            provider->dots = TRUE;
          else if (rules[j][0] == '=')
            provider->alias_of = g_strdup (rules[j] + 1);
          else if (!g_str_equal (rules[j], "-"))
            g_error ("%s:%u: unknown rule “%s”", PROVIDERS_PATH, i + 1, rules[j]);
        }

      g_ptr_array_add (data->providers, provider);
      g_hash_table_insert (data->by_domain, provider->domain, provider);
      if (provider->dots || provider->alias_of != NULL)
        {
          SpellingDomain spelling = { provider->domain, strlen (provider->domain) };

          g_array_append_val (data->spelling_domains, spelling);
        }
    }
}

static HygieneData *
get_data (void)
{
  static HygieneData *data;

  if (g_once_init_enter (&data))
    {
      HygieneData *loaded = g_new0 (HygieneData, 1);
      g_autoptr(GBytes) roles = lookup_data (ROLES_PATH);
      g_autoptr(GBytes) disposable = lookup_data (DISPOSABLE_PATH);
      GHashTableIter iter;
      gpointer role;

      /* The system's list (Debian's publicsuffix package) when there is
       * one, since that package is updated without a new libpsl. */
      loaded->psl = psl_latest (NULL);
      if (loaded->psl == NULL)
        loaded->psl = (psl_ctx_t *) psl_builtin ();

      loaded->providers = g_ptr_array_new_with_free_func ((GDestroyNotify) provider_free);
      loaded->by_domain = g_hash_table_new (g_str_hash, g_str_equal);
      loaded->spelling_domains = g_array_new (FALSE, FALSE, sizeof (SpellingDomain));
      loaded->roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      loaded->disposable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      load_providers (loaded);
      add_lines (loaded->roles, roles);
      g_hash_table_iter_init (&iter, loaded->roles);
      while (g_hash_table_iter_next (&iter, &role, NULL))
        {
          gsize length = strlen (role);

          loaded->max_role_length = MAX (loaded->max_role_length, length);
          if (length < 32)
            loaded->role_lengths[*(guchar *) role] |= 1u << length;
        }
      /* A role name of 32 bytes or more would need a wider mask. */
      g_assert (loaded->max_role_length < 32);
      add_lines (loaded->disposable, disposable);

      g_once_init_leave (&data, loaded);
    }

  return data;
}

/* Names */

const char *
bounce_address_error_to_string (BounceAddressError error)
{
  g_return_val_if_fail (error < BOUNCE_ADDRESS_ERROR_LAST, NULL);

  return error_names[error];
}

const char *
bounce_hygiene_flag_to_string (BounceHygieneFlags flag)
{
  for (guint i = 0; i < G_N_ELEMENTS (flag_info); i++)
    if (flag_info[i].flag == flag)
      return flag_info[i].name;

  g_return_val_if_reached (NULL);
}

const char *
bounce_hygiene_flag_get_title (BounceHygieneFlags flag)
{
  for (guint i = 0; i < G_N_ELEMENTS (flag_info); i++)
    if (flag_info[i].flag == flag)
      return g_dgettext (GETTEXT_PACKAGE, flag_info[i].title);

  g_return_val_if_reached (NULL);
}

gboolean
bounce_hygiene_flags_parse (const char          *text,
                            BounceHygieneFlags  *flags,
                            GError             **error)
{
  g_auto(GStrv) names = NULL;
  BounceHygieneFlags parsed = BOUNCE_HYGIENE_FLAG_NONE;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (flags != NULL, FALSE);

  names = g_strsplit (text, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);
      gboolean found = FALSE;

      if (g_ascii_strcasecmp (name, "all") == 0)
        {
          parsed |= BOUNCE_HYGIENE_FLAG_ALL;
          continue;
        }

      for (guint j = 0; j < G_N_ELEMENTS (flag_info) && !found; j++)
        {
          if (g_ascii_strcasecmp (name, flag_info[j].name) == 0)
            {
              parsed |= flag_info[j].flag;
              found = TRUE;
            }
        }

      if (!found)
        {
          g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                       _("Unknown check “%s”: use all, or a comma list of typo, unknown-tld, duplicate, role and disposable."),
                       name);
          return FALSE;
        }
    }

  *flags = parsed;

  return TRUE;
}

/* Syntax */

/* RFC 5322 3.2.3 atext, the characters of an unquoted local part besides
 * dots. Bytes from 0x80 are UTF-8, which RFC 6531 (SMTPUTF8) allows. */
static gboolean
is_atext (guchar c)
{
  return g_ascii_isalnum (c) || c >= 0x80 || strchr ("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

/* The characters that separate the addresses of a cell: g_ascii_isspace()
 * is TRUE for the white space here, not for a vertical tab. */
#define SEPARATORS ",; \t\n\f\r"

static gboolean
is_separator (char c)
{
  return c == ',' || c == ';' || g_ascii_isspace (c);
}

/* Returns whether @c may be part of a word of a person's name: a
 * letter, or the dot, hyphen or apostrophe of "J.", "Anne-Marie" and
 * "O'Neil". */
static gboolean
is_name_character (gunichar c)
{
  return g_unichar_isalpha (c) || c == '.' || c == '-' || c == '\'' || c == 0x2019;
}

/* Returns whether @tokens, without the one at @skip and the empty ones,
 * are the display name of a name and address written without angle
 * brackets ("Eva Smith eva@example.com"). That takes two words at least,
 * of letters, one of them longer than a letter. A single word before the
 * address ("jane doe@example.com") is more likely a space typed inside
 * the address, which the check reports. */
static gboolean
is_display_name (char       **tokens,
                 guint        skip)
{
  guint n_words = 0;
  gboolean has_long_word = FALSE;

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      glong n_letters = 0;

      if (i == skip || tokens[i][0] == '\0')
        continue;
      if (!g_utf8_validate (tokens[i], -1, NULL))
        return FALSE;

      for (const char *p = tokens[i]; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (!is_name_character (c))
            return FALSE;
          n_letters += g_unichar_isalpha (c);
        }
      if (n_letters == 0)
        return FALSE;
      has_long_word |= n_letters >= 2;
      n_words++;
    }

  return n_words >= 2 && has_long_word;
}

/* Returns whether @tokens, without the one at @skip and the empty ones,
 * are words of name characters only, as "jane" in "jane
 * doe@example.com", where the blank is more likely typed inside the
 * address than between a name and the address. */
static gboolean
are_plain_words (char       **tokens,
                 guint        skip)
{
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      gboolean has_letter = FALSE;

      if (i == skip || tokens[i][0] == '\0')
        continue;
      if (!g_utf8_validate (tokens[i], -1, NULL))
        return FALSE;

      for (const char *p = tokens[i]; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (!is_name_character (c))
            return FALSE;
          has_letter |= g_unichar_isalpha (c);
        }
      if (!has_letter)
        return FALSE;
    }

  return TRUE;
}

/* Returns whether @text starts with a quoted local part,
 * "\"jane doe\"@example.com", rather than a quoted display name before
 * an address, "\"Jane Doe\" jane@example.com". A quote that is never
 * closed counts as a local part, so the check reports the whole cell. */
static gboolean
starts_quoted_local_part (const char *text)
{
  const char *close;

  if (text[0] != '"')
    return FALSE;

  close = strchr (text + 1, '"');

  return close == NULL || close[1] == '@' || memchr (text + 1, '@', close - text - 1) != NULL;
}

/* Moves @start and @end inside one pair of parentheses, brackets or
 * angle brackets around text with an "@". Returns whether it moved them. */
static gboolean
strip_brackets (const char **start,
                const char **end)
{
  const char *first = *start;
  const char *last = *end - 1;

  if (*end - *start < 3 || memchr (first, '@', *end - first) == NULL ||
      !((*first == '(' && *last == ')') || (*first == '[' && *last == ']') || (*first == '<' && *last == '>')))
    return FALSE;

  *start += 1;
  *end -= 1;

  return TRUE;
}

/* Returns a copy of the address token @token without the wrappers that
 * _bounce_address_trim_cell() removes and without one pair of
 * parentheses, brackets or angle brackets around it, as in "Jane Doe
 * [jane@example.com]". */
static char *
dup_unwrapped (const char *token)
{
  const char *start = token;
  const char *end = token + strlen (token);

  _bounce_address_trim_cell (&start, &end);
  if (strip_brackets (&start, &end))
    _bounce_address_trim_cell (&start, &end);

  return g_strndup (start, end - start);
}

/* Cuts an RFC 5322 comment ("(work)", section 3.2.2) off either end of
 * @text, in place, with the blanks beside it, and returns the start of
 * what is left. "gus@example.com (work)" is the address gus@example.com.
 * When the parentheses hold the only "@", as in "Jane Doe
 * (jane@example.com)", what is inside them is left. */
static char *
cut_end_comments (char *text)
{
  gsize length = strlen (text);

  if (length > 0 && text[length - 1] == ')')
    {
      char *open = strrchr (text, '(');

      if (open != NULL && strchr (open, ')') == text + length - 1)
        {
          if (strchr (open, '@') != NULL && memchr (text, '@', open - text) == NULL)
            {
              text[length - 1] = '\0';
              return g_strstrip (open + 1);
            }

          *open = '\0';
          g_strchomp (text);
          return text;
        }
    }

  if (text[0] == '(')
    {
      char *close = strchr (text, ')');

      if (close != NULL)
        text = g_strchug (close + 1);
    }

  return text;
}

/* Returns the number of '@' in @text. */
static guint
count_at (const char *text)
{
  guint n = 0;

  for (const char *p = strchr (text, '@'); p != NULL; p = strchr (p + 1, '@'))
    n++;

  return n;
}

/* Returns the one part of @text, split at commas, semicolons and line
 * breaks, that contains an "@", when every other part is empty or a
 * placeholder for no address (_bounce_address_is_placeholder()), as in
 * "jane@example.com; n/a". Returns NULL otherwise. */
static char *
dup_part_beside_placeholders (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text, ",;\r\n", -1);
  const char *found = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (strchr (parts[i], '@') != NULL)
        {
          if (found != NULL)
            return NULL;
          found = parts[i];
        }
      else if (!_bounce_address_is_placeholder (parts[i], strlen (parts[i])) &&
               g_strstrip (parts[i])[0] != '\0')
        return NULL;
    }

  return found != NULL ? g_strdup (found) : NULL;
}

/* Returns whether @text, which starts with a quoted local part, lists
 * more addresses after the first one, as "\"bob\"@example.com;
 * \"carl\"@example.com" does. Each address of such a cell is split off
 * and checked as one alone would be. Quotes that hold a separator
 * ("\"kim lee\"@example.org") keep the cell whole, so the check reports
 * them. */
static gboolean
lists_addresses_after_quote (const char *text)
{
  const char *close = strchr (text + 1, '"');

  if (close == NULL || close[1] != '@')
    return FALSE;
  for (const char *p = text + 1; p < close; p++)
    if (is_separator (*p))
      return FALSE;

  return strpbrk (close + 1, SEPARATORS) != NULL && count_at (close + 1) >= 2;
}

/* The address to check in a cell, as the contact list picks the list
 * address: the whole cell, or the part in angle brackets, or the first
 * of several addresses, or the address after (or before) a display name
 * without brackets, without a comment at either end. A cell with one "@"
 * and one other word ("jane doe@example.com") is checked whole, so the
 * space is reported. */
static char *
dup_candidate (const char *text)
{
  const char *cell_start = text;
  const char *cell_end = text + strlen (text);
  g_autofree char *trimmed = NULL;
  const char *open;
  const char *close;
  g_auto(GStrv) tokens = NULL;
  const char *first = NULL;
  guint first_index = 0;
  guint n_with_at = 0;
  char *start;
  gsize length;

  /* Spaces of any kind around the address, and Excel's ="…" form. */
  _bounce_address_trim_cell (&cell_start, &cell_end);
  if (_bounce_address_is_placeholder (cell_start, cell_end - cell_start))
    return g_strdup ("");
  trimmed = g_strndup (cell_start, cell_end - cell_start);
  start = trimmed;
  open = strchr (trimmed, '<');
  close = open != NULL ? strchr (open, '>') : NULL;

  /* "jane@example.com <Jane Doe>" has the name in the brackets. */
  if (close != NULL && (memchr (open, '@', close - open) != NULL || strchr (trimmed, '@') == NULL))
    return g_strndup (open + 1, close - open - 1);

  /* mailto:jane@example.com?subject=Hello (RFC 6068): the query is no
   * part of the address, as matching reads it too. */
  if (g_ascii_strncasecmp (start, "mailto:", 7) == 0)
    {
      char *query;

      start += 7;
      query = strchr (start, '?');
      if (query != NULL)
        *query = '\0';
    }

  start = cut_end_comments (start);

  /* A separator at either end ("jane@example.com;") is punctuation. */
  length = strlen (start);
  while (length > 0 && is_separator (start[length - 1]))
    start[--length] = '\0';

  /* A line break separates too, as a spreadsheet cell of one address
   * per line has. So does a "|" between addresses, as some hand-kept
   * lists have, while "a|b@example.com" is one address. The loader's
   * one-pass check, check_plain_cell(), splits at the same characters. */
  if ((starts_quoted_local_part (start) && !lists_addresses_after_quote (start)) ||
      (strpbrk (start, SEPARATORS) == NULL && (strchr (start, '|') == NULL || count_at (start) < 2)))
    {
      const char *end = start + length;

      /* "[jane@example.com]" */
      if (start[0] == '[')
        strip_brackets ((const char **) &start, &end);

      return g_strndup (start, end - start);
    }

  tokens = g_strsplit_set (start, count_at (start) >= 2 ? SEPARATORS "|" : SEPARATORS, -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      if (strchr (tokens[i], '@') != NULL && n_with_at++ == 0)
        {
          first = tokens[i];
          first_index = i;
        }
    }

  if (n_with_at >= 2 ||
      (n_with_at == 1 && strpbrk (start, ",;") == NULL && is_display_name (tokens, first_index)))
    return dup_unwrapped (first);

  /* One address with words that a comma, a semicolon or punctuation
   * sets apart, such as "kim@example.com, Kim Work", "Doe, Jane
   * (jane@example.com)", "E-mail: jane@example.com" or "jane@example.com
   * / Work", is the contact's address when it is valid by itself. The
   * contact list reads the same address from such a cell, and removing
   * the row would drop a reachable contact. */
  if (n_with_at == 1 && (strpbrk (start, ",;") != NULL || !are_plain_words (tokens, first_index)))
    {
      g_autofree char *address = dup_unwrapped (first);

      if (_bounce_address_check_error (address, strlen (address)) == BOUNCE_ADDRESS_OK)
        return g_steal_pointer (&address);
    }

  /* A placeholder beside the address ("jane@example.com; n/a") stands
   * for a second address that the contact does not have. The part with
   * the address is read as a cell of its own, which has no separator
   * left, so this recursion ends there. */
  if (n_with_at == 1 && strpbrk (start, ",;\r\n") != NULL)
    {
      g_autofree char *part = dup_part_beside_placeholders (start);

      if (part != NULL)
        return dup_candidate (part);
    }

  return g_strdup (start);
}

static gboolean
set_error (BounceSyntaxCheck  *check,
           BounceAddressError  error)
{
  check->error = error;

  return FALSE;
}

static gboolean
check_local_part (BounceSyntaxCheck *check,
                  const char        *local,
                  gsize              length)
{
  if (length == 0)
    return set_error (check, BOUNCE_ADDRESS_LOCAL_EMPTY);

  /* RFC 5321 4.1.2: quotes around a local part that needs none change
   * nothing, so "jane.doe"@example.com is jane.doe@example.com, which
   * the contact list reads, matches and can send to. A quoted string
   * that needs its quotes is allowed too, but sending services and most
   * contact tools refuse it, and bounces never name one. */
  if (local[0] == '"')
    {
      BounceSyntaxCheck inner = { 0 };

      if (length >= 3 && local[length - 1] == '"' && memchr (local + 1, '"', length - 2) == NULL &&
          check_local_part (&inner, local + 1, length - 2))
        return TRUE;

      return set_error (check, BOUNCE_ADDRESS_LOCAL_QUOTED);
    }

  if (length > MAX_LOCAL_LENGTH)
    {
      check->length = length;
      return set_error (check, BOUNCE_ADDRESS_LOCAL_TOO_LONG);
    }

  /* RFC 5322 3.4.1 dot-atom: no dot at either end, none doubled. */
  if (local[0] == '.' || local[length - 1] == '.' || g_strstr_len (local, length, "..") != NULL)
    return set_error (check, BOUNCE_ADDRESS_LOCAL_DOT);

  if (!g_utf8_validate (local, length, NULL))
    {
      check->character = 0xFFFD;
      return set_error (check, BOUNCE_ADDRESS_LOCAL_CHARACTER);
    }

  for (gsize i = 0; i < length; i++)
    {
      if (local[i] != '.' && !is_atext (local[i]))
        {
          check->character = (guchar) local[i];
          return set_error (check, BOUNCE_ADDRESS_LOCAL_CHARACTER);
        }
    }

  return TRUE;
}

/* Checks the labels of the ASCII domain in the @length bytes at @ascii
 * (RFC 1035 2.3.1, RFC 1123 2.1). It walks the text in place, because
 * the check runs on every row of a list. */
static gboolean
check_labels (BounceSyntaxCheck *check,
              const char        *ascii,
              gsize              length)
{
  const char *end = ascii + length;
  const char *tld = ascii;
  guint n_labels = 1;
  gboolean numeric = TRUE;

  for (const char *p = ascii; p < end; p++)
    if (*p == '.')
      n_labels++;

  if (length == 0)
    return set_error (check, BOUNCE_ADDRESS_DOMAIN_NO_DOT);

  /* An empty label anywhere is reported before any other label error. */
  if (ascii[0] == '.' || end[-1] == '.' || memmem (ascii, length, "..", 2) != NULL)
    return set_error (check, BOUNCE_ADDRESS_DOMAIN_DOT);

  for (const char *label = ascii; label != NULL; )
    {
      const char *dot = memchr (label, '.', end - label);
      gsize label_length = dot != NULL ? (gsize) (dot - label) : (gsize) (end - label);

      for (gsize j = 0; j < label_length; j++)
        {
          if (!g_ascii_isalnum (label[j]) && label[j] != '-')
            {
              check->character = (guchar) label[j];
              return set_error (check, BOUNCE_ADDRESS_DOMAIN_CHARACTER);
            }
        }
      if (label_length > MAX_LABEL_LENGTH)
        {
          check->length = label_length;
          return set_error (check, BOUNCE_ADDRESS_LABEL_TOO_LONG);
        }
      if (label[0] == '-' || label[label_length - 1] == '-')
        return set_error (check, BOUNCE_ADDRESS_LABEL_HYPHEN);

      tld = label;
      label = dot != NULL ? dot + 1 : NULL;
    }

  if (n_labels < 2)
    return set_error (check, BOUNCE_ADDRESS_DOMAIN_NO_DOT);

  /* "jane@192.0.2.1" is a host address without the brackets of a domain
   * literal; no top-level domain is all digits. */
  for (const char *p = tld; p < end && numeric; p++)
    numeric = g_ascii_isdigit (*p);
  if (numeric)
    return set_error (check, BOUNCE_ADDRESS_NUMERIC_TLD);

  return TRUE;
}

static gboolean
check_domain (BounceSyntaxCheck *check,
              const char        *domain)
{
  g_autofree char *ascii = NULL;
  g_autofree char *unicode = NULL;

  if (domain[0] == '\0')
    return set_error (check, BOUNCE_ADDRESS_DOMAIN_EMPTY);

  /* RFC 5321 4.1.3 address literals: valid, but sending services and
   * receiving servers refuse them. */
  if (domain[0] == '[')
    return set_error (check, BOUNCE_ADDRESS_DOMAIN_LITERAL);

  /* Dots at the ends or doubled would make the IDNA conversion fail
   * with a vaguer reason. */
  if (domain[0] == '.' || domain[strlen (domain) - 1] == '.' || strstr (domain, "..") != NULL)
    return set_error (check, BOUNCE_ADDRESS_DOMAIN_DOT);

  if (!g_str_is_ascii (domain))
    {
      /* IDNA 2008 (RFC 5891): the domain goes out as its A-labels. */
      if (g_utf8_validate (domain, -1, NULL))
        ascii = g_hostname_to_ascii (domain);
      if (ascii == NULL)
        return set_error (check, BOUNCE_ADDRESS_IDN_INVALID);
    }
  else
    ascii = g_ascii_strdown (domain, -1);

  if (!check_labels (check, ascii, strlen (ascii)))
    return FALSE;

  /* An A-label that is not valid Punycode ("xn--zz") is refused by
   * resolvers. */
  if (strstr (ascii, "xn--") != NULL)
    {
      unicode = g_hostname_to_unicode (ascii);
      if (unicode == NULL || g_hostname_is_ascii_encoded (unicode))
        return set_error (check, BOUNCE_ADDRESS_IDN_INVALID);
    }

  if (strlen (ascii) > MAX_DOMAIN_LENGTH)
    {
      check->length = strlen (ascii);
      return set_error (check, BOUNCE_ADDRESS_DOMAIN_TOO_LONG);
    }

  check->domain = g_steal_pointer (&ascii);

  return TRUE;
}

void
bounce_address_check_syntax (const char        *text,
                             BounceSyntaxCheck *check)
{
  const char *at;
  gsize local_length;
  gsize total;

  g_return_if_fail (check != NULL);

  memset (check, 0, sizeof *check);
  check->error = BOUNCE_ADDRESS_OK;

  if (text != NULL)
    check->address = dup_candidate (text);
  if (check->address != NULL)
    {
      const char *start = check->address;
      const char *end = start + strlen (start);

      /* "Jane <\u00a0jane@example.com>" has the spaces inside the
       * brackets, which dup_candidate() removed. */
      _bounce_address_trim (&start, &end);
      if (start != check->address || *end != '\0')
        {
          char *inner = g_strndup (start, end - start);

          g_free (check->address);
          check->address = inner;
        }
    }
  if (check->address == NULL || check->address[0] == '\0' ||
      _bounce_address_is_placeholder (check->address, strlen (check->address)))
    {
      g_clear_pointer (&check->address, g_free);
      check->error = BOUNCE_ADDRESS_EMPTY;
      return;
    }

  /* A no-break or zero-width space inside the address cannot be seen,
   * and IDNA would reject the domain with a reason that hides it. */
  if (!g_str_is_ascii (check->address) && g_utf8_validate (check->address, -1, NULL))
    {
      for (const char *p = check->address; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (_bounce_address_is_invisible (c))
            {
              check->character = c;
              check->error = BOUNCE_ADDRESS_INVISIBLE_CHARACTER;
              return;
            }
        }
    }

  /* The domain starts after the last "@": a quoted local part may
   * contain one. */
  at = strrchr (check->address, '@');
  if (at == NULL)
    {
      check->error = BOUNCE_ADDRESS_NO_AT;
      return;
    }
  if (check->address[0] != '"' && strchr (check->address, '@') != at)
    {
      check->error = BOUNCE_ADDRESS_SEVERAL_AT;
      return;
    }

  local_length = at - check->address;
  if (!check_local_part (check, check->address, local_length))
    return;
  if (!check_domain (check, at + 1))
    return;

  total = local_length + 1 + strlen (check->domain);
  if (total > MAX_ADDRESS_LENGTH)
    {
      check->length = total;
      g_clear_pointer (&check->domain, g_free);
      check->error = BOUNCE_ADDRESS_TOO_LONG;
    }
}

/* Returns whether the @length bytes at @address are an address that
 * bounce_address_check_syntax() finds valid, by one pass for the common
 * case: an ASCII dot-atom local part and an ASCII domain without an
 * A-label. FALSE means only that the full check must decide. */
static gboolean
is_plain_valid_address (const char *address,
                        gsize       length)
{
  const char *end = address + length;
  const char *p = address;
  const char *label;
  guint n_labels = 1;
  gboolean numeric = TRUE;

  if (length == 0 || length > MAX_ADDRESS_LENGTH || address[0] == '.')
    return FALSE;

  for (; p < end && *p != '@'; p++)
    {
      guchar c = *p;

      if (c == '.')
        {
          if (p + 1 >= end || p[1] == '.' || p[1] == '@')
            return FALSE;
        }
      else if (c >= 0x80 || !is_atext (c))
        return FALSE;
    }
  if (p == address || p >= end || p - address > MAX_LOCAL_LENGTH)
    return FALSE;

  label = ++p;
  if (end - label > MAX_DOMAIN_LENGTH)
    return FALSE;
  for (;; p++)
    {
      if (p == end || *p == '.')
        {
          gsize label_length = p - label;

          if (label_length == 0 || label_length > MAX_LABEL_LENGTH || label[0] == '-' || p[-1] == '-')
            return FALSE;
          if (p == end)
            break;
          n_labels++;
          label = p + 1;
          continue;
        }

      /* An A-label ("xn--") needs the IDNA check. */
      if ((*p | 0x20) == 'x' && end - p >= 4 && (p[1] | 0x20) == 'n' && p[2] == '-' && p[3] == '-')
        return FALSE;
      if (!g_ascii_isalnum (*p) && *p != '-')
        return FALSE;
    }

  for (p = label; p < end && numeric; p++)
    numeric = g_ascii_isdigit (*p);

  return n_labels >= 2 && !numeric;
}

gboolean
_bounce_address_is_plain_valid (const char *text,
                                gsize       length)
{
  return is_plain_valid_address (text, length);
}

/* The steps of bounce_address_check_syntax() for a cell that is one
 * address and nothing else, with an ASCII domain that has no A-label.
 * They need no copy of the text. Returns FALSE, leaving @error alone,
 * for any other cell. */
static gboolean
check_plain_cell (const char         *text,
                  gsize               length,
                  BounceAddressError *error)
{
  BounceSyntaxCheck check = { 0 };
  const char *start = text;
  const char *end = text + length;
  const char *at;
  const char *domain;
  gsize domain_length;

  /* dup_candidate(): g_strstrip(), then the angle brackets, the wrappers
   * that _bounce_address_trim_cell() removes, "mailto:", separators at
   * the end, lists and square brackets around the cell, which this path
   * leaves to it. */
  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  if (start == end)
    {
      *error = BOUNCE_ADDRESS_EMPTY;
      return TRUE;
    }
  if (is_plain_valid_address (start, end - start))
    {
      *error = BOUNCE_ADDRESS_OK;
      return TRUE;
    }
  if (start[0] == '"' || start[0] == '\'' || start[0] == '`' || start[0] == '=' || start[0] == '[' ||
      end[-1] == ',' || end[-1] == ';' || end[-1] == '.')
    return FALSE;
  /* A byte from 0x80 on may start an invisible character, which the full
   * check trims or reports. A "|" may separate two addresses, a
   * parenthesis may start a comment, and a ":" may end a prefix such as
   * "mailto:" or "SMTP:". */
  for (const char *p = start; p < end; p++)
    if (*p == '<' || *p == ',' || *p == ';' || *p == '|' || *p == '(' || *p == ':' || g_ascii_isspace (*p) ||
        (guchar) *p >= 0x80)
      return FALSE;

  at = memrchr (start, '@', end - start);
  if (at == NULL)
    {
      *error = _bounce_address_is_placeholder (start, end - start) ? BOUNCE_ADDRESS_EMPTY : BOUNCE_ADDRESS_NO_AT;
      return TRUE;
    }
  if (memchr (start, '@', end - start) != at)
    {
      *error = BOUNCE_ADDRESS_SEVERAL_AT;
      return TRUE;
    }
  if (!check_local_part (&check, start, at - start))
    {
      *error = check.error;
      return TRUE;
    }

  /* check_domain() up to the IDNA steps, which this path leaves to it. */
  domain = at + 1;
  domain_length = end - domain;
  if (domain_length == 0)
    *error = BOUNCE_ADDRESS_DOMAIN_EMPTY;
  else if (domain[0] == '[')
    *error = BOUNCE_ADDRESS_DOMAIN_LITERAL;
  else if (domain[0] == '.' || end[-1] == '.' || memmem (domain, domain_length, "..", 2) != NULL)
    *error = BOUNCE_ADDRESS_DOMAIN_DOT;
  else
    {
      for (const char *p = domain; p < end; p++)
        if ((guchar) *p >= 0x80)
          return FALSE;
      if (!check_labels (&check, domain, domain_length))
        {
          *error = check.error;
          return TRUE;
        }
      for (const char *p = domain; p + 4 <= end; p++)
        if (g_ascii_tolower (p[0]) == 'x' && g_ascii_tolower (p[1]) == 'n' && p[2] == '-' && p[3] == '-')
          return FALSE;

      if (domain_length > MAX_DOMAIN_LENGTH)
        *error = BOUNCE_ADDRESS_DOMAIN_TOO_LONG;
      else if ((gsize) (at - start) + 1 + domain_length > MAX_ADDRESS_LENGTH)
        *error = BOUNCE_ADDRESS_TOO_LONG;
      else
        *error = BOUNCE_ADDRESS_OK;
    }

  return TRUE;
}

BounceAddressError
_bounce_address_check_error (const char *text,
                             gsize       length)
{
  g_autofree char *copy = NULL;
  BounceSyntaxCheck check;
  BounceAddressError error;

  if (check_plain_cell (text, length, &error))
    return error;

  copy = g_strndup (text, length);
  bounce_address_check_syntax (copy, &check);
  error = check.error;
  bounce_syntax_check_clear (&check);

  return error;
}

void
bounce_syntax_check_clear (BounceSyntaxCheck *check)
{
  g_return_if_fail (check != NULL);

  g_clear_pointer (&check->address, g_free);
  g_clear_pointer (&check->domain, g_free);
}

/* The offending character as people read it: a space is invisible. */
static char *
dup_character_name (gunichar character)
{
  char utf8[8] = { 0 };

  if (character == ' ')
    return g_strdup (_("a space"));
  if (character == '\t')
    return g_strdup (_("a tab"));
  if (character < 0x20 || character == 0x7f)
    return g_strdup_printf (_("the control character U+%04X"), character);
  if (character == 0x00a0 || character == 0x202f)
    return g_strdup_printf (_("a no-break space (U+%04X)"), character);
  if (character == 0x200b || character == 0xfeff)
    return g_strdup_printf (_("a zero-width space (U+%04X)"), character);
  if (_bounce_address_is_invisible (character))
    return g_strdup_printf (_("the invisible character U+%04X"), character);

  g_unichar_to_utf8 (character, utf8);

  /* TRANSLATORS: %s is one character that an email address may not contain; use your language's quotation marks */
  return g_strdup_printf (_("“%s”"), utf8);
}

char *
bounce_syntax_check_dup_message (const BounceSyntaxCheck *check)
{
  g_autofree char *character = NULL;

  g_return_val_if_fail (check != NULL, NULL);

  switch (check->error)
    {
    case BOUNCE_ADDRESS_OK:
      return g_strdup (_("The address is valid."));
    case BOUNCE_ADDRESS_EMPTY:
      return g_strdup (_("There is no address."));
    case BOUNCE_ADDRESS_NO_AT:
      return g_strdup (_("There is no @ in it."));
    case BOUNCE_ADDRESS_SEVERAL_AT:
      return g_strdup (_("It has more than one @."));
    case BOUNCE_ADDRESS_TOO_LONG:
      return g_strdup_printf (_("It is %u characters long; mail servers accept at most 254 (RFC 5321)."),
                              check->length);
    case BOUNCE_ADDRESS_LOCAL_EMPTY:
      return g_strdup (_("Nothing comes before the @."));
    case BOUNCE_ADDRESS_LOCAL_TOO_LONG:
      return g_strdup_printf (_("The part before the @ is %u characters long; mail servers accept at most 64 (RFC 5321)."),
                              check->length);
    case BOUNCE_ADDRESS_LOCAL_DOT:
      return g_strdup (_("The part before the @ starts or ends with a dot, or has two dots in a row."));
    case BOUNCE_ADDRESS_LOCAL_CHARACTER:
      character = dup_character_name (check->character);
      return g_strdup_printf (_("The part before the @ contains %s, which an address cannot contain there."),
                              character);
    case BOUNCE_ADDRESS_LOCAL_QUOTED:
      return g_strdup (_("The part before the @ is in quotes. RFC 5322 allows it, but sending services refuse such addresses."));
    case BOUNCE_ADDRESS_DOMAIN_EMPTY:
      return g_strdup (_("Nothing comes after the @."));
    case BOUNCE_ADDRESS_DOMAIN_TOO_LONG:
      return g_strdup_printf (_("The domain is %u characters long; at most 253 are allowed."), check->length);
    case BOUNCE_ADDRESS_DOMAIN_DOT:
      return g_strdup (_("The domain starts or ends with a dot, or has two dots in a row."));
    case BOUNCE_ADDRESS_DOMAIN_NO_DOT:
      return g_strdup (_("The domain has no dot, so it names no domain on the internet."));
    case BOUNCE_ADDRESS_DOMAIN_CHARACTER:
      character = dup_character_name (check->character);
      return g_strdup_printf (_("The domain contains %s; a domain has only letters, digits, hyphens and dots."),
                              character);
    case BOUNCE_ADDRESS_LABEL_TOO_LONG:
      return g_strdup_printf (_("A part of the domain is %u characters long; at most 63 are allowed."),
                              check->length);
    case BOUNCE_ADDRESS_LABEL_HYPHEN:
      return g_strdup (_("A part of the domain starts or ends with a hyphen."));
    case BOUNCE_ADDRESS_NUMERIC_TLD:
      return g_strdup (_("The domain ends in a number, like an IP address; no top-level domain is a number."));
    case BOUNCE_ADDRESS_DOMAIN_LITERAL:
      return g_strdup (_("The domain is an IP address in brackets; sending services and most servers refuse such addresses."));
    case BOUNCE_ADDRESS_IDN_INVALID:
      return g_strdup (_("The domain is not a valid internationalized domain name (IDNA)."));
    case BOUNCE_ADDRESS_INVISIBLE_CHARACTER:
      character = dup_character_name (check->character);
      return g_strdup_printf (_("It contains %s, which cannot be seen but makes the address invalid."),
                              character);
    case BOUNCE_ADDRESS_ERROR_LAST:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Domains and local parts */

guint
bounce_edit_distance (const char *a,
                      const char *b)
{
  g_autofree gunichar *s = NULL;
  g_autofree gunichar *t = NULL;
  g_autofree guint *rows = NULL;
  glong m, n;
  guint *previous2, *previous, *current;
  guint distance;

  g_return_val_if_fail (a != NULL && b != NULL, G_MAXUINT);

  s = g_utf8_to_ucs4_fast (a, -1, &m);
  t = g_utf8_to_ucs4_fast (b, -1, &n);

  /* Three rows of the (m + 1) x (n + 1) table: a transposition looks two
   * rows back. */
  rows = g_new0 (guint, 3 * (n + 1));
  previous2 = rows;
  previous = rows + (n + 1);
  current = rows + 2 * (n + 1);

  for (glong j = 0; j <= n; j++)
    previous[j] = j;

  for (glong i = 1; i <= m; i++)
    {
      guint *spare;

      current[0] = i;
      for (glong j = 1; j <= n; j++)
        {
          guint cost = s[i - 1] == t[j - 1] ? 0 : 1;
          guint best = MIN (previous[j] + 1, current[j - 1] + 1);

          best = MIN (best, previous[j - 1] + cost);
          if (i > 1 && j > 1 && s[i - 1] == t[j - 2] && s[i - 2] == t[j - 1])
            best = MIN (best, previous2[j - 2] + 1);
          current[j] = best;
        }

      spare = previous2;
      previous2 = previous;
      previous = current;
      current = spare;
    }

  distance = previous[n];

  return distance;
}

gboolean
bounce_domain_has_known_tld (const char *domain)
{
  HygieneData *data = get_data ();
  const char *dot;
  g_autofree char *unicode = NULL;

  g_return_val_if_fail (domain != NULL, FALSE);

  dot = strrchr (domain, '.');
  /* The list writes IDN top-level domains in Unicode. */
  unicode = g_hostname_to_unicode (dot != NULL ? dot + 1 : domain);

  return unicode != NULL &&
         psl_is_public_suffix2 (data->psl, unicode, PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

static gboolean
is_com_typo_suffix (const char *suffix)
{
  for (guint i = 0; i < G_N_ELEMENTS (com_typo_suffixes); i++)
    if (g_str_equal (suffix, com_typo_suffixes[i]))
      return TRUE;

  return FALSE;
}

/* The edit distance at which @domain is taken for a typo of @provider, or
 * 0 when it is not one. A misspelt label must be long enough that one
 * or two edits are unlikely to give another real name: "gmial" for
 * "gmail", but not "gmz" for "gmx". */
static guint
provider_typo_distance (const Provider *provider,
                        const char     *domain,
                        const char     *label,
                        const char     *suffix,
                        gboolean        known_tld)
{
  guint distance;

  if (g_str_equal (suffix, provider->suffix))
    {
      guint allowed = 0;

      if (provider->label_length >= 8)
        allowed = 2;
      else if (provider->label_length >= 5)
        allowed = 1;

      distance = bounce_edit_distance (label, provider->label);
      return distance <= allowed ? distance : 0;
    }

  if (g_str_equal (label, provider->label))
    {
      /* "gmail.con" (no such top-level domain), "gmail.co" */
      distance = bounce_edit_distance (suffix, provider->suffix);
      if (!known_tld && distance <= 2)
        return distance;
      if (is_com_typo_suffix (suffix) && distance == 1)
        return distance;
      return 0;
    }

  /* Both parts misspelt, as in "gmial.con": only with a top-level
   * domain that does not exist. */
  if (!known_tld && provider->label_length >= 5 &&
      bounce_edit_distance (label, provider->label) == 1)
    {
      distance = bounce_edit_distance (domain, provider->domain);
      return distance <= 3 ? distance : 0;
    }

  return 0;
}

char *
bounce_domain_suggest (const char *domain)
{
  HygieneData *data = get_data ();
  g_autofree char *subdomain = NULL;
  g_autofree char *label = NULL;
  g_autofree char *suffix = NULL;
  const Provider *best = NULL;
  guint best_distance = G_MAXUINT;
  gboolean known_tld;

  g_return_val_if_fail (domain != NULL, NULL);

  if (g_hash_table_contains (data->by_domain, domain))
    return NULL;

  /* Typos inside a subdomain of a provider ("mail.gmial.com") are too
   * rare to risk flagging company hosts for. */
  if (!split_domain (data->psl, domain, &subdomain, &label, &suffix) || subdomain != NULL)
    return NULL;

  known_tld = bounce_domain_has_known_tld (domain);

  for (guint i = 0; i < data->providers->len; i++)
    {
      const Provider *provider = data->providers->pdata[i];
      guint distance = provider_typo_distance (provider, domain, label, suffix, known_tld);

      /* Ties go to the provider listed first, the more common one. */
      if (distance > 0 && distance < best_distance)
        {
          best = provider;
          best_distance = distance;
        }
    }

  return best != NULL ? g_strdup (best->domain) : NULL;
}

gboolean
bounce_domain_is_disposable (const char *domain,
                             GHashTable *extra)
{
  HygieneData *data = get_data ();

  g_return_val_if_fail (domain != NULL, FALSE);

  /* The domain and each parent of it, down to the top-level domain. */
  for (const char *p = domain; p != NULL; )
    {
      const char *dot = strchr (p, '.');

      if (g_hash_table_contains (data->disposable, p))
        return TRUE;
      if (extra != NULL && g_hash_table_contains (extra, p))
        return TRUE;
      p = dot != NULL ? dot + 1 : NULL;
    }

  return FALSE;
}

/* Returns whether the local part, the @length bytes at @local, is a role
 * name. It copies the text to the heap only when it is long. */
static gboolean
local_part_is_role (const char *local,
                    gsize       length)
{
  HygieneData *data = get_data ();
  const char *plus = memchr (local, '+', length);
  char buffer[128];
  g_autofree char *copy = NULL;
  char *name = buffer;

  /* "info+news" is the role "info". */
  if (plus != NULL && plus > local)
    length = plus - local;
  if (length > data->max_role_length || length == 0 ||
      (data->role_lengths[*(const guchar *) local] & (1u << length)) == 0)
    return FALSE;
  if (length >= sizeof buffer)
    name = copy = g_malloc (length + 1);
  memcpy (name, local, length);
  name[length] = '\0';

  return g_hash_table_contains (data->roles, name);
}

gboolean
bounce_local_part_is_role (const char *local_part)
{
  g_return_val_if_fail (local_part != NULL, FALSE);

  return local_part_is_role (local_part, strlen (local_part));
}

/* Returns the provider of *@domain, and replaces *@domain with the
 * domain it is an alias of, if any. NULL for a domain of no provider. */
static const Provider *
lookup_provider (const char **domain)
{
  HygieneData *data = get_data ();
  const Provider *provider = g_hash_table_lookup (data->by_domain, *domain);

  if (provider != NULL && provider->alias_of != NULL)
    {
      *domain = provider->alias_of;
      provider = g_hash_table_lookup (data->by_domain, *domain);
    }

  return provider;
}

/* Sets @key to the mailbox key of @normalized, whose "@" is at @at, with
 * @domain and @provider from lookup_provider(). */
static void
build_mailbox_key (GString        *key,
                   const char     *normalized,
                   const char     *at,
                   const char     *domain,
                   const Provider *provider)
{
  const char *plus;
  const char *end;

  g_string_truncate (key, 0);

  /* Sub-addressing (RFC 5233): Gmail, Outlook, iCloud and Fastmail, and
   * Postfix and Exim with their usual settings, deliver "jane+news" to
   * "jane". A server that does not is rare enough for a warning that
   * keeps the row. */
  plus = memchr (normalized, '+', at - normalized);
  if (plus == normalized)
    plus = NULL;
  end = plus != NULL ? plus : at;

  if (provider == NULL || !provider->dots)
    g_string_append_len (key, normalized, end - normalized);
  else
    for (const char *p = normalized; p < end; p++)
      if (*p != '.')
        g_string_append_c (key, *p);
  g_string_append_c (key, '@');
  g_string_append (key, domain);
}

char *
bounce_address_dup_mailbox_key (const char *normalized)
{
  const char *at;
  const char *domain;
  const Provider *provider;
  GString *key;

  g_return_val_if_fail (normalized != NULL, NULL);

  at = strrchr (normalized, '@');
  if (at == NULL)
    return g_strdup (normalized);

  domain = at + 1;
  provider = lookup_provider (&domain);
  key = g_string_new (NULL);
  build_mailbox_key (key, normalized, at, domain, provider);

  return g_string_free (key, FALSE);
}

static gboolean
is_spelling_domain (const char *domain)
{
  GArray *domains = get_data ()->spelling_domains;
  gsize length = strlen (domain);

  /* The loader calls this for every row, and a length compare rules out
   * nearly every domain without comparing its bytes. */
  for (guint i = 0; i < domains->len; i++)
    {
      const SpellingDomain *spelling = &g_array_index (domains, SpellingDomain, i);

      if (spelling->length == length && memcmp (domain, spelling->name, length) == 0)
        return TRUE;
    }

  return FALSE;
}

gboolean
_bounce_address_may_have_other_spelling (const char *normalized)
{
  const char *at = strrchr (normalized, '@');
  const char *plus;

  if (at == NULL)
    return FALSE;

  plus = memchr (normalized, '+', at - normalized);

  return (plus != NULL && plus != normalized) || is_spelling_domain (at + 1);
}

char *
_bounce_address_dup_other_mailbox_key (const char *normalized)
{
  const char *at;
  const char *domain;
  const char *plus;
  const Provider *provider;

  g_return_val_if_fail (normalized != NULL, NULL);

  at = strrchr (normalized, '@');
  if (at == NULL)
    return NULL;

  /* Most addresses have no +tag and a domain of no such provider. The
   * short list of those domains is cheaper to compare than a lookup in
   * the provider table, which matters because the loader checks every row. */
  plus = memchr (normalized, '+', at - normalized);
  if ((plus == NULL || plus == normalized) && !is_spelling_domain (at + 1))
    return NULL;

  domain = at + 1;
  provider = lookup_provider (&domain);
  if ((plus == NULL || plus == normalized) && domain == at + 1 &&
      (provider == NULL || !provider->dots || memchr (normalized, '.', at - normalized) == NULL))
    return NULL;

  return bounce_address_dup_mailbox_key (normalized);
}

GHashTable *
bounce_domain_list_load (const char  *path,
                         GError     **error)
{
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      BounceSyntaxCheck check = { 0 };
      g_autofree char *address = NULL;

      if (line[0] == '\0' || line[0] == '#')
        continue;

      address = g_strconcat ("postmaster@", line, NULL);
      bounce_address_check_syntax (address, &check);
      if (check.error != BOUNCE_ADDRESS_OK)
        {
          g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                       _("%s, line %u: “%s” is not a domain. Write one domain a line, such as mailinator.com."),
                       path, i + 1, line);
          bounce_syntax_check_clear (&check);
          return NULL;
        }
      g_hash_table_add (set, g_steal_pointer (&check.domain));
      bounce_syntax_check_clear (&check);
    }

  return g_steal_pointer (&set);
}

/* The list */

static void
domain_info_free (DomainInfo *info)
{
  g_free (info->suggestion);
  g_free (info);
}

/* A common domain of the list, with what the typo check needs of it
 * worked out once rather than for each domain it is compared with. */
typedef struct
{
  const char *domain;
  char       *unicode;
  glong       length;   /* of unicode, in characters */
  guint       rows;
} CommonDomain;

static void
common_domain_clear (CommonDomain *common)
{
  g_free (common->unicode);
}

/* The common domain of the list that @domain is one edit away from, or
 * NULL. @common contains the domains that MIN_COMMON_ROWS rows share. */
static char *
suggest_common_domain (GArray     *common,
                       const char *domain,
                       guint       rows)
{
  g_autofree char *unicode = NULL;
  glong length = 0;

  for (guint i = 0; i < common->len; i++)
    {
      const CommonDomain *other = &g_array_index (common, CommonDomain, i);

      if (other->rows < rows * COMMON_ROWS_RATIO || g_str_equal (other->domain, domain))
        continue;

      /* Short names are too close to each other to tell a typo. */
      if (other->unicode == NULL || other->length < 8)
        continue;

      if (unicode == NULL)
        {
          unicode = g_hostname_to_unicode (domain);
          if (unicode == NULL)
            return NULL;
          length = g_utf8_strlen (unicode, -1);
        }

      /* One edit changes the length by one character at most. */
      if (ABS (other->length - length) > 1)
        continue;

      if (bounce_edit_distance (unicode, other->unicode) == 1)
        return g_strdup (other->domain);
    }

  return NULL;
}

static int
compare_common (gconstpointer a,
                gconstpointer b)
{
  const CommonDomain *common_a = a;
  const CommonDomain *common_b = b;

  if (common_a->rows != common_b->rows)
    return common_a->rows > common_b->rows ? -1 : 1;

  return strcmp (common_a->domain, common_b->domain);
}

/* Fills the flags of each domain of the list, once per domain. */
static void
check_domains (BounceHygiene *self,
               GHashTable    *extra_disposable)
{
  g_autoptr(GArray) common = g_array_new (FALSE, FALSE, sizeof (CommonDomain));
  GHashTableIter iter;
  gpointer key, value;

  g_array_set_clear_func (common, (GDestroyNotify) common_domain_clear);
  g_hash_table_iter_init (&iter, self->domains);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      CommonDomain other = { key, NULL, 0, ((DomainInfo *) value)->rows };

      if (other.rows < MIN_COMMON_ROWS)
        continue;
      other.unicode = g_hostname_to_unicode (other.domain);
      if (other.unicode != NULL)
        other.length = g_utf8_strlen (other.unicode, -1);
      g_array_append_val (common, other);
    }
  /* The most common first, so a typo gets the likelier correction. */
  g_array_sort (common, compare_common);

  g_hash_table_iter_init (&iter, self->domains);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *domain = key;
      DomainInfo *info = value;

      info->suggestion = bounce_domain_suggest (domain);
      if (info->suggestion == NULL)
        info->suggestion = suggest_common_domain (common, domain, info->rows);

      if (info->suggestion != NULL)
        info->flags |= BOUNCE_HYGIENE_FLAG_TYPO;
      else if (!bounce_domain_has_known_tld (domain))
        info->flags |= BOUNCE_HYGIENE_FLAG_UNKNOWN_TLD;

      if (bounce_domain_is_disposable (domain, extra_disposable))
        info->flags |= BOUNCE_HYGIENE_FLAG_DISPOSABLE;
    }
}

static void
count_row (BounceHygiene *self,
           guint          row)
{
  BounceHygieneCounts *counts = &self->counts;

  if (self->errors[row] == BOUNCE_ADDRESS_EMPTY && bounce_contact_list_is_row_blank (self->contacts, row))
    counts->blank++;
  else if (self->errors[row] == BOUNCE_ADDRESS_EMPTY)
    counts->empty++;
  else if (self->errors[row] != BOUNCE_ADDRESS_OK)
    counts->invalid++;
  else if (!(self->flags[row] & BOUNCE_HYGIENE_FLAG_DUPLICATE))
    counts->contacts++;

  if (self->flags[row] != 0)
    counts->risky++;
  for (guint i = 0; i < BOUNCE_HYGIENE_N_FLAGS; i++)
    if (self->flags[row] & flag_info[i].flag)
      counts->flagged[i]++;
}

static void
bounce_hygiene_finalize (GObject *object)
{
  BounceHygiene *self = (BounceHygiene *) object;

  g_clear_pointer (&self->errors, g_free);
  g_clear_pointer (&self->flags, g_free);
  g_clear_pointer (&self->duplicate_of, g_hash_table_unref);
  g_clear_pointer (&self->domains, g_hash_table_unref);
  g_clear_object (&self->contacts);

  G_OBJECT_CLASS (bounce_hygiene_parent_class)->finalize (object);
}

static void
bounce_hygiene_class_init (BounceHygieneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bounce_hygiene_finalize;
}

static void
bounce_hygiene_init (BounceHygiene *self)
{
  self->duplicate_of = g_hash_table_new (NULL, NULL);
  self->domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) domain_info_free);
}

/* Fills the syntax error of each row's list address. The contact list
 * checked most cells while reading them, and the few it could not are
 * read again here. */
static void
check_syntax (BounceHygiene *self,
              guint          n_rows)
{
  BounceContactList *contacts = self->contacts;
  int column = bounce_contact_list_get_email_column (contacts);

  for (guint row = 0; row < n_rows; row++)
    {
      BounceAddressError error = _bounce_contact_list_get_syntax_error (contacts, row);
      g_autofree char *cell = NULL;

      if (error == BOUNCE_ADDRESS_ERROR_LAST || error == BOUNCE_ADDRESS_NO_AT)
        cell = column >= 0 ? bounce_contact_list_dup_cell (contacts, row, column) : NULL;
      if (error == BOUNCE_ADDRESS_ERROR_LAST)
        {
          BounceSyntaxCheck check;

          bounce_address_check_syntax (cell, &check);
          error = check.error;
          bounce_syntax_check_clear (&check);
        }

      /* A list cell without any "@" contains no address, whatever its
       * text: besides the placeholders of _bounce_address_is_placeholder(),
       * exports leave a name, a note or a formula's error value there.
       * Removed as invalid, such a row would lose a contact whose other
       * columns may still be matched to a bounce. */
      if (error == BOUNCE_ADDRESS_NO_AT && (cell == NULL || strchr (cell, '@') == NULL))
        error = BOUNCE_ADDRESS_EMPTY;

      /* A cell can pass the syntax check while the contact list reads
       * no address from it, because the two split cells differently.
       * Such a row can be neither matched nor sent to. */
      if (error == BOUNCE_ADDRESS_OK && bounce_contact_list_get_address (contacts, row) == NULL)
        error = BOUNCE_ADDRESS_NO_AT;

      self->errors[row] = error;
    }
}

/* How far ahead the duplicate search fetches index slots into the cache. */
#define PREFETCH_ROWS 16

/* A slot of the mailbox index: the first row with a mailbox key, and the
 * key's hash, so that most probes compare no string. */
typedef struct
{
  guint32 row;  /* row + 1, 0 when the slot is empty */
  guint32 hash;
} MailboxSlot;

/* The search for rows with the same mailbox. It keeps eight bytes a slot
 * and a domain number per row, and builds a key only for an address that
 * differs from its own key, because a table of a million keys and their strings
 * took over 100 MB. */
typedef struct
{
  BounceContactList *contacts;
  GPtrArray         *domain_list;  /* DomainInfo, by number */
  guint32           *row_domains;  /* domain number per valid row */
  MailboxSlot       *slots;
  gsize              mask;
  GString           *key;
  GString           *other_key;
} MailboxSearch;

/* Returns the row's mailbox key: its address, or @key filled with the
 * key when the two differ. */
static const char *
get_mailbox_key (MailboxSearch *search,
                 guint          row,
                 GString       *key)
{
  const char *address = bounce_contact_list_get_address (search->contacts, row);
  const char *at = strrchr (address, '@');
  const DomainInfo *info = search->domain_list->pdata[search->row_domains[row]];
  const char *plus = memchr (address, '+', at - address);

  if ((plus == NULL || plus == address) && !info->aliased &&
      (info->provider == NULL || !info->provider->dots || memchr (address, '.', at - address) == NULL))
    return address;

  build_mailbox_key (key, address, at, info->key_domain, info->provider);

  return key->str;
}

static guint32
hash_mailbox_key (MailboxSearch *search,
                  guint          row)
{
  const char *key = get_mailbox_key (search, row, search->key);

  if (key == search->key->str)
    return g_str_hash (key);

  /* The key is the address, whose hash the contact list computed. */
  return _bounce_contact_list_get_address_hash (search->contacts, row);
}

/* Returns the first row before @row with the same mailbox, or -1. The
 * first row of a mailbox enters the index. */
static int
find_first_row (MailboxSearch *search,
                guint          row)
{
  guint32 hash = hash_mailbox_key (search, row);
  gsize slot = hash & search->mask;
  const char *key = NULL;

  for (; search->slots[slot].row != 0; slot = (slot + 1) & search->mask)
    {
      guint other = search->slots[slot].row - 1;

      if (search->slots[slot].hash != hash)
        continue;

      if (key == NULL)
        key = get_mailbox_key (search, row, search->key);
      if (g_str_equal (key, get_mailbox_key (search, other, search->other_key)))
        return other;
    }

  search->slots[slot].row = row + 1;
  search->slots[slot].hash = hash;

  return -1;
}

/* A small cache of the domains that rows named last, by a hash of the
 * domain's length and end bytes. A list names a few domains over and
 * over (gmail.com, yahoo.com), so most rows find theirs here with one
 * memcmp(). On the clean benchmark's million rows, the table lookups
 * took 190 of the 560 million instructions of the list checks
 * (callgrind). The domain text belongs to the contact list. */
#define RECENT_DOMAINS 64

typedef struct
{
  const char *domain;
  gsize       length;
  DomainInfo *info;
} RecentDomain;

static guint
recent_domain_slot (const char *domain,
                    gsize       length)
{
  guint hash = (guint) length;

  if (length > 0)
    hash = hash * 31 + (guchar) domain[0];
  if (length > 1)
    hash = hash * 31 + (guchar) domain[length - 2];
  if (length > 0)
    hash = hash * 31 + (guchar) domain[length - 1];

  return hash % RECENT_DOMAINS;
}

BounceHygiene *
bounce_hygiene_new_syntax (BounceContactList *contacts)
{
  BounceHygiene *self;
  guint n_rows;

  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (contacts), NULL);

  self = g_object_new (BOUNCE_TYPE_HYGIENE, NULL);
  self->contacts = g_object_ref (contacts);
  n_rows = bounce_contact_list_get_n_rows (contacts);
  self->errors = g_new0 (guint8, MAX (n_rows, 1));
  self->flags = g_new0 (guint8, MAX (n_rows, 1));
  self->counts.rows = n_rows;

  check_syntax (self, n_rows);

  return self;
}

void
bounce_hygiene_check_addresses (BounceHygiene *self,
                                GHashTable    *extra_disposable)
{
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(GString) other_key = g_string_new (NULL);
  g_autoptr(GPtrArray) domain_list = g_ptr_array_new ();
  g_autofree guint32 *row_domains = NULL;
  RecentDomain recent_domains[RECENT_DOMAINS] = { { NULL, 0, NULL } };
  MailboxSlot *slots;
  BounceContactList *contacts;
  MailboxSearch search;
  guint n_rows;
  gsize n_slots = 16;

  g_return_if_fail (BOUNCE_IS_HYGIENE (self));
  g_return_if_fail (g_hash_table_size (self->domains) == 0);

  contacts = self->contacts;
  n_rows = self->counts.rows;

  /* Domains first, each looked up once per row and checked once. */
  row_domains = g_new (guint32, MAX (n_rows, 1));
  for (guint row = 0; row < n_rows; row++)
    {
      const char *address;
      DomainInfo *info;
      const char *at;
      const char *domain;
      gsize domain_length;
      RecentDomain *recent;

      if (self->errors[row] != BOUNCE_ADDRESS_OK)
        continue;

      address = bounce_contact_list_get_address (contacts, row);
      at = strrchr (address, '@');
      domain = at + 1;
      domain_length = strlen (domain);
      recent = &recent_domains[recent_domain_slot (domain, domain_length)];
      if (recent->info != NULL && recent->length == domain_length &&
          memcmp (recent->domain, domain, domain_length) == 0)
        info = recent->info;
      else
        {
          info = g_hash_table_lookup (self->domains, domain);
          if (info == NULL)
            {
              char *copy = g_strdup (domain);

              info = g_new0 (DomainInfo, 1);
              info->number = domain_list->len;
              info->key_domain = copy;
              info->provider = lookup_provider (&info->key_domain);
              info->aliased = info->key_domain != copy;
              g_hash_table_insert (self->domains, copy, info);
              g_ptr_array_add (domain_list, info);
            }
          *recent = (RecentDomain) { domain, domain_length, info };
        }
      info->rows++;
      row_domains[row] = info->number;

      if (local_part_is_role (address, at - address))
        self->flags[row] |= BOUNCE_HYGIENE_FLAG_ROLE;
    }

  /* Duplicates in row order, so the first row of a mailbox is the one
   * kept. */
  while (n_slots < (gsize) n_rows * 2)
    n_slots *= 2;
  slots = _bounce_table_alloc0 (n_slots * sizeof (MailboxSlot));
  search = (MailboxSearch) { contacts, domain_list, row_domains, slots, n_slots - 1, key, other_key };
  for (guint row = 0; row < n_rows; row++)
    {
      int first;

      /* The slots of a million rows are far larger than the CPU cache.
       * The address hash of a row ahead is its key's hash for most rows,
       * so fetching its slot early hides most cache misses. */
      if (row + PREFETCH_ROWS < n_rows)
        __builtin_prefetch (&slots[_bounce_contact_list_get_address_hash (contacts, row + PREFETCH_ROWS) & search.mask]);

      if (self->errors[row] != BOUNCE_ADDRESS_OK)
        continue;

      first = find_first_row (&search, row);
      if (first >= 0)
        {
          g_hash_table_insert (self->duplicate_of, GUINT_TO_POINTER (row), GUINT_TO_POINTER (first + 1));
          self->flags[row] |= BOUNCE_HYGIENE_FLAG_DUPLICATE;
        }
    }
  _bounce_table_free (slots, n_slots * sizeof (MailboxSlot));

  check_domains (self, extra_disposable);

  for (guint row = 0; row < n_rows; row++)
    {
      if (self->errors[row] == BOUNCE_ADDRESS_OK)
        self->flags[row] |= ((DomainInfo *) domain_list->pdata[row_domains[row]])->flags;
      count_row (self, row);
    }

  g_debug ("%u rows: %u empty, %u invalid, %u with warnings",
           n_rows, self->counts.empty, self->counts.invalid, self->counts.risky);
}

BounceHygiene *
bounce_hygiene_new (BounceContactList *contacts,
                    GHashTable        *extra_disposable)
{
  BounceHygiene *self;

  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (contacts), NULL);

  self = bounce_hygiene_new_syntax (contacts);
  bounce_hygiene_check_addresses (self, extra_disposable);

  return self;
}

BounceContactList *
bounce_hygiene_get_contacts (BounceHygiene *self)
{
  g_return_val_if_fail (BOUNCE_IS_HYGIENE (self), NULL);

  return self->contacts;
}

void
bounce_hygiene_get_row (BounceHygiene    *self,
                        guint             row,
                        BounceRowHygiene *result)
{
  gpointer first;

  g_return_if_fail (BOUNCE_IS_HYGIENE (self));
  g_return_if_fail (row < self->counts.rows);
  g_return_if_fail (result != NULL);

  memset (result, 0, sizeof *result);
  result->error = self->errors[row];
  result->flags = self->flags[row];
  result->duplicate_of = -1;

  if (result->error != BOUNCE_ADDRESS_OK)
    return;

  result->address = bounce_contact_list_get_address (self->contacts, row);
  if (result->flags & BOUNCE_HYGIENE_FLAG_TYPO)
    {
      const DomainInfo *info = g_hash_table_lookup (self->domains, strrchr (result->address, '@') + 1);

      result->suggested_domain = info->suggestion;
    }

  first = g_hash_table_lookup (self->duplicate_of, GUINT_TO_POINTER (row));
  if (first != NULL)
    result->duplicate_of = GPOINTER_TO_INT (first) - 1;
}

gboolean
bounce_hygiene_is_invalid (BounceHygiene *self,
                           guint          row)
{
  g_return_val_if_fail (BOUNCE_IS_HYGIENE (self), FALSE);
  g_return_val_if_fail (row < self->counts.rows, FALSE);

  return self->errors[row] != BOUNCE_ADDRESS_OK && self->errors[row] != BOUNCE_ADDRESS_EMPTY;
}

gboolean
bounce_hygiene_is_empty (BounceHygiene *self,
                         guint          row)
{
  g_return_val_if_fail (BOUNCE_IS_HYGIENE (self), FALSE);
  g_return_val_if_fail (row < self->counts.rows, FALSE);

  return self->errors[row] == BOUNCE_ADDRESS_EMPTY;
}

void
_bounce_hygiene_mark_invalid_rows (BounceHygiene *self,
                                   guint8        *rows)
{
  g_return_if_fail (BOUNCE_IS_HYGIENE (self));
  g_return_if_fail (rows != NULL);

  for (guint row = 0; row < self->counts.rows; row++)
    if (self->errors[row] != BOUNCE_ADDRESS_OK && self->errors[row] != BOUNCE_ADDRESS_EMPTY)
      rows[row / 8] |= 1 << (row % 8);
}

BounceHygieneFlags
bounce_hygiene_get_flags (BounceHygiene *self,
                          guint          row)
{
  g_return_val_if_fail (BOUNCE_IS_HYGIENE (self), 0);
  g_return_val_if_fail (row < self->counts.rows, 0);

  return self->flags[row];
}

const BounceHygieneCounts *
bounce_hygiene_get_counts (BounceHygiene *self)
{
  g_return_val_if_fail (BOUNCE_IS_HYGIENE (self), NULL);

  return &self->counts;
}

char *
bounce_hygiene_dup_suggestion (BounceHygiene *self,
                               guint          row)
{
  BounceRowHygiene result;
  const char *at;

  g_return_val_if_fail (BOUNCE_IS_HYGIENE (self), NULL);

  bounce_hygiene_get_row (self, row, &result);
  if (result.suggested_domain == NULL)
    return NULL;

  at = strrchr (result.address, '@');

  return g_strdup_printf ("%.*s@%s", (int) (at - result.address), result.address, result.suggested_domain);
}

char *
bounce_hygiene_dup_syntax_message (BounceHygiene *self,
                                   guint          row)
{
  g_autofree char *cell = NULL;
  BounceSyntaxCheck check;
  char *message;

  g_return_val_if_fail (BOUNCE_IS_HYGIENE (self), NULL);

  if (!bounce_hygiene_is_invalid (self, row))
    return NULL;

  cell = bounce_contact_list_dup_cell (self->contacts, row, bounce_contact_list_get_email_column (self->contacts));
  bounce_address_check_syntax (cell, &check);
  /* A cell the syntax check passes but the contact list could not read
   * is reported as lacking an "@" address, as bounce_hygiene_new()
   * counts it. */
  if (check.error == BOUNCE_ADDRESS_OK)
    check.error = BOUNCE_ADDRESS_NO_AT;
  message = bounce_syntax_check_dup_message (&check);
  bounce_syntax_check_clear (&check);

  return message;
}

char *
bounce_hygiene_dup_description (BounceHygiene *self,
                                guint          row)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  BounceRowHygiene result;

  g_return_val_if_fail (BOUNCE_IS_HYGIENE (self), NULL);

  bounce_hygiene_get_row (self, row, &result);

  if (bounce_hygiene_is_invalid (self, row))
    {
      g_autofree char *message = bounce_hygiene_dup_syntax_message (self, row);

      /* TRANSLATORS: %s is a sentence that says what is wrong, such as
       * "There is no @ in it." */
      return g_strdup_printf (_("Invalid address. %s"), message);
    }

  if (result.flags & BOUNCE_HYGIENE_FLAG_TYPO)
    {
      g_autofree char *suggestion = bounce_hygiene_dup_suggestion (self, row);

      g_ptr_array_add (parts, g_strdup_printf (_("possible typo: did you mean %s?"), suggestion));
    }
  if (result.flags & BOUNCE_HYGIENE_FLAG_UNKNOWN_TLD)
    g_ptr_array_add (parts, g_strdup (_("the top-level domain does not exist")));
  if (result.flags & BOUNCE_HYGIENE_FLAG_DUPLICATE)
    g_ptr_array_add (parts, g_strdup_printf (_("same mailbox as line %u"),
                                             bounce_contact_list_get_line (self->contacts, result.duplicate_of)));
  if (result.flags & BOUNCE_HYGIENE_FLAG_ROLE)
    g_ptr_array_add (parts, g_strdup (_("role address, read by a team or nobody")));
  if (result.flags & BOUNCE_HYGIENE_FLAG_DISPOSABLE)
    g_ptr_array_add (parts, g_strdup (_("disposable-address service")));

  if (parts->len == 0)
    return NULL;

  g_ptr_array_add (parts, NULL);

  return g_strjoinv ("; ", (char **) parts->pdata);
}

/* The sentence of one warning flag about @result's address. */
static char *
dup_flag_finding (BounceHygiene          *self,
                  const BounceRowHygiene *result,
                  BounceHygieneFlags      flag)
{
  const char *at = strrchr (result->address, '@');
  const char *domain = at + 1;

  switch (flag)
    {
    case BOUNCE_HYGIENE_FLAG_TYPO:
      /* TRANSLATORS: the domain of the address, then the common domain it
       * is close to: "Possible typo: gmial.com — did you mean gmail.com?" */
      return g_strdup_printf (_("Possible typo: %s — did you mean %s?"), domain, result->suggested_domain);
    case BOUNCE_HYGIENE_FLAG_UNKNOWN_TLD:
      /* TRANSLATORS: %s is the last part of the domain, such as "cmo" */
      return g_strdup_printf (_("Unknown top-level domain: no domain on the internet ends in “.%s”, so mail to it cannot be delivered."),
                              strrchr (domain, '.') != NULL ? strrchr (domain, '.') + 1 : domain);
    case BOUNCE_HYGIENE_FLAG_DUPLICATE:
      return g_strdup_printf (_("Duplicate: line %u of the file has the same mailbox, so this person would get every mail twice."),
                              bounce_contact_list_get_line (self->contacts, result->duplicate_of));
    case BOUNCE_HYGIENE_FLAG_ROLE:
      /* TRANSLATORS: %.*s is the part before the @, such as "info" */
      return g_strdup_printf (_("Role address: “%.*s@” is a shared inbox, read by a team or by nobody rather than by one person."),
                              (int) (at - result->address), result->address);
    case BOUNCE_HYGIENE_FLAG_DISPOSABLE:
      /* TRANSLATORS: %s is a domain such as "mailinator.com" */
      return g_strdup_printf (_("Disposable address: %s hands out addresses that stop working after a short time."),
                              domain);
    case BOUNCE_HYGIENE_FLAG_NONE:
    case BOUNCE_HYGIENE_FLAG_ALL:
    default:
      g_assert_not_reached ();
    }
}

char **
bounce_hygiene_dup_findings (BounceHygiene *self,
                             guint          row)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_free);
  BounceRowHygiene result;

  g_return_val_if_fail (BOUNCE_IS_HYGIENE (self), NULL);
  g_return_val_if_fail (row < self->counts.rows, NULL);

  bounce_hygiene_get_row (self, row, &result);

  /* An invalid address has no flags: they are only checked on valid ones. */
  if (bounce_hygiene_is_invalid (self, row))
    {
      g_autofree char *message = bounce_hygiene_dup_syntax_message (self, row);

      /* TRANSLATORS: %s is a sentence that says what is wrong, such as
       * "There is no @ in it." */
      g_ptr_array_add (findings, g_strdup_printf (_("Invalid address. %s"), message));
    }

  /* In flag order, which puts a typo, the likeliest to be fixed, first. */
  for (guint i = 0; i < BOUNCE_HYGIENE_N_FLAGS; i++)
    if (result.flags & flag_info[i].flag)
      g_ptr_array_add (findings, dup_flag_finding (self, &result, flag_info[i].flag));

  if (findings->len == 0)
    return NULL;

  g_ptr_array_add (findings, NULL);
  g_ptr_array_set_free_func (findings, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&findings), FALSE);
}

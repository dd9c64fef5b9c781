/* bounce-hygiene.h: checks of a contact list that need no sending.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bounce-contact-list.h"

G_BEGIN_DECLS

/* Why an address cannot be sent to, from the rules of RFC 5321 and
 * RFC 5322 that mail servers enforce. BOUNCE_ADDRESS_OK and
 * BOUNCE_ADDRESS_EMPTY are not errors; every other value makes the
 * address invalid. */
typedef enum
{
  BOUNCE_ADDRESS_OK,
  BOUNCE_ADDRESS_EMPTY,
  BOUNCE_ADDRESS_NO_AT,
  BOUNCE_ADDRESS_SEVERAL_AT,
  BOUNCE_ADDRESS_TOO_LONG,
  BOUNCE_ADDRESS_LOCAL_EMPTY,
  BOUNCE_ADDRESS_LOCAL_TOO_LONG,
  BOUNCE_ADDRESS_LOCAL_DOT,
  BOUNCE_ADDRESS_LOCAL_CHARACTER,
  BOUNCE_ADDRESS_LOCAL_QUOTED,
  BOUNCE_ADDRESS_DOMAIN_EMPTY,
  BOUNCE_ADDRESS_DOMAIN_TOO_LONG,
  BOUNCE_ADDRESS_DOMAIN_DOT,
  BOUNCE_ADDRESS_DOMAIN_NO_DOT,
  BOUNCE_ADDRESS_DOMAIN_CHARACTER,
  BOUNCE_ADDRESS_LABEL_TOO_LONG,
  BOUNCE_ADDRESS_LABEL_HYPHEN,
  BOUNCE_ADDRESS_NUMERIC_TLD,
  BOUNCE_ADDRESS_DOMAIN_LITERAL,
  BOUNCE_ADDRESS_IDN_INVALID,
  BOUNCE_ADDRESS_INVISIBLE_CHARACTER,
  BOUNCE_ADDRESS_ERROR_LAST
} BounceAddressError;

/* The result of checking one address cell. */
typedef struct
{
  BounceAddressError  error;
  char               *address;   /* the address checked, trimmed, or NULL when empty */
  char               *domain;    /* its domain in IDNA ASCII, lower case; NULL unless OK */
  gunichar            character; /* the offending character of a *_CHARACTER error */
  guint               length;    /* the length of a *_TOO_LONG error, in octets */
} BounceSyntaxCheck;

/* Checks the address in @text, a contact cell. White space, angle
 * brackets ("Jane <jane@example.com>") and "mailto:" around it are
 * allowed. In a cell with several addresses the first is checked,
 * because it is the list address. Clear @check with
 * bounce_syntax_check_clear(). */
void         bounce_address_check_syntax   (const char              *text,
                                            BounceSyntaxCheck       *check);
void         bounce_syntax_check_clear     (BounceSyntaxCheck       *check);
/* A translated sentence that describes what is wrong: "There is no @ in
 * it." */
char        *bounce_syntax_check_dup_message (const BounceSyntaxCheck *check);
/* The stable machine name of an error: "no-at", "local-too-long" … */
const char  *bounce_address_error_to_string (BounceAddressError      error);

/* Warnings about a valid address: it is kept by default. */
typedef enum
{
  BOUNCE_HYGIENE_FLAG_NONE        = 0,
  BOUNCE_HYGIENE_FLAG_TYPO        = 1 << 0, /* the domain looks like a misspelt common one */
  BOUNCE_HYGIENE_FLAG_UNKNOWN_TLD = 1 << 1, /* the top-level domain does not exist */
  BOUNCE_HYGIENE_FLAG_DUPLICATE   = 1 << 2, /* an earlier row has the same mailbox */
  BOUNCE_HYGIENE_FLAG_ROLE        = 1 << 3, /* info@, sales@, noreply@ … */
  BOUNCE_HYGIENE_FLAG_DISPOSABLE  = 1 << 4, /* a disposable-address service */
  BOUNCE_HYGIENE_FLAG_ALL         = 0x1f,
} BounceHygieneFlags;

#define BOUNCE_HYGIENE_N_FLAGS 5

/* "typo", "unknown-tld", "duplicate", "role" or "disposable", for one
 * flag. */
const char  *bounce_hygiene_flag_to_string (BounceHygieneFlags  flag);
/* Translated short label: "Possible typo". */
const char  *bounce_hygiene_flag_get_title (BounceHygieneFlags  flag);
/* Parses a comma list of flag names, or "all"; fails with
 * BOUNCE_ERROR_INVALID_ARGUMENT naming the unknown name. */
gboolean     bounce_hygiene_flags_parse    (const char         *text,
                                            BounceHygieneFlags *flags,
                                            GError            **error);

/* Single checks, for an address already normalized. */

/* The common provider domain that @domain (IDNA ASCII, lower case)
 * is likely a misspelling of, such as "gmail.com" for "gmial.com" or
 * "gmail.con"; NULL when none is close. */
char        *bounce_domain_suggest         (const char         *domain);
/* FALSE when the last label of @domain is no top-level domain in the
 * Public Suffix List. */
gboolean     bounce_domain_has_known_tld   (const char         *domain);
/* TRUE when @domain or a parent of it is a disposable-address service,
 * from the shipped list or @extra (may be NULL). */
gboolean     bounce_domain_is_disposable   (const char         *domain,
                                            GHashTable         *extra);
/* TRUE when @local_part, without a "+tag", names a role (RFC 2142 and
 * common shared inboxes). */
gboolean     bounce_local_part_is_role     (const char         *local_part);
/* The key under which two spellings of one mailbox are equal: the tag
 * after "+" is dropped, and the dots of a Gmail local part, and an alias
 * domain becomes its provider's (googlemail.com -> gmail.com). */
char        *bounce_address_dup_mailbox_key (const char        *normalized);
/* Damerau-Levenshtein distance (optimal string alignment) between two
 * UTF-8 strings, counted in characters. */
guint        bounce_edit_distance          (const char         *a,
                                            const char         *b);

/* Reads a list of domains, one a line, "#" comments allowed, into a set
 * for bounce_hygiene_new(). Fails with the file's error, or
 * BOUNCE_ERROR_INVALID_ARGUMENT naming a line that is not a domain. */
GHashTable  *bounce_domain_list_load       (const char         *path,
                                            GError            **error);

/* What the checks found for one row. */
typedef struct
{
  BounceAddressError  error;        /* OK, EMPTY, or why the address is invalid */
  BounceHygieneFlags  flags;        /* only for a valid address */
  const char         *address;      /* the list address, normalized; NULL unless valid */
  const char         *suggested_domain; /* for FLAG_TYPO, else NULL */
  int                 duplicate_of; /* first row with the same mailbox, or -1 */
} BounceRowHygiene;

typedef struct
{
  guint rows;
  guint empty;      /* rows without an address that are not blank */
  guint blank;      /* rows without text in any field, see bounce_contact_list_is_row_blank() */
  /* rows with a valid address that no earlier row has the mailbox of.
   * With empty, blank, invalid and the duplicates of flagged, they add
   * up to rows. */
  guint contacts;
  guint invalid;    /* rows whose address is invalid */
  guint risky;      /* rows with any flag */
  guint flagged[BOUNCE_HYGIENE_N_FLAGS]; /* rows per flag, in flag order */
} BounceHygieneCounts;

#define BOUNCE_TYPE_HYGIENE (bounce_hygiene_get_type ())

G_DECLARE_FINAL_TYPE (BounceHygiene, bounce_hygiene, BOUNCE, HYGIENE, GObject)

/* Checks every row of @contacts. Domains that many rows share count as
 * common domains too, so a rare domain one letter away from one of them
 * is flagged as a typo. @extra_disposable (may be NULL) adds domains
 * to the shipped disposable list. */
BounceHygiene     *bounce_hygiene_new             (BounceContactList  *contacts,
                                                   GHashTable         *extra_disposable);
/* bounce_hygiene_new() in two steps, so that a caller can act on
 * invalid addresses while the slower second step runs on another
 * thread. After the first step only bounce_hygiene_is_invalid() and
 * bounce_hygiene_get_contacts() may be called, also from other threads
 * during the second step. The second step, run once, sets the flags,
 * the counts and everything else. */
BounceHygiene     *bounce_hygiene_new_syntax      (BounceContactList  *contacts);
void               bounce_hygiene_check_addresses (BounceHygiene      *self,
                                                   GHashTable         *extra_disposable);
BounceContactList *bounce_hygiene_get_contacts    (BounceHygiene      *self);
void               bounce_hygiene_get_row         (BounceHygiene      *self,
                                                   guint               row,
                                                   BounceRowHygiene   *result);
/* TRUE for a row without an address: its list address cell has no "@",
 * such as an empty cell, "n/a" or a name. */
gboolean           bounce_hygiene_is_empty        (BounceHygiene      *self,
                                                   guint               row);
/* TRUE for a row whose address has a syntax error. */
gboolean           bounce_hygiene_is_invalid      (BounceHygiene      *self,
                                                   guint               row);
BounceHygieneFlags bounce_hygiene_get_flags       (BounceHygiene      *self,
                                                   guint               row);
const BounceHygieneCounts *bounce_hygiene_get_counts (BounceHygiene   *self);
/* The row's address with the suggested domain: "jane@gmail.com" for
 * "jane@gmial.com"; NULL without a typo flag. */
char              *bounce_hygiene_dup_suggestion  (BounceHygiene      *self,
                                                   guint               row);
/* Why the row's address is invalid, as one translated sentence ("There
 * is no @ in it."); NULL when it is not invalid. */
char              *bounce_hygiene_dup_syntax_message (BounceHygiene   *self,
                                                      guint            row);
/* One translated line about the row for people: "invalid: There is no
 * @ in it." or "possible typo: did you mean jane@gmail.com?"; NULL
 * when the row is fine. */
char              *bounce_hygiene_dup_description (BounceHygiene      *self,
                                                   guint               row);
/* What the checks found about the row, as translated sentences for
 * people, most serious first: "Invalid address: There is no @ in it.",
 * "Possible typo: gmial.com — did you mean gmail.com?". NULL when the
 * row is fine. */
char             **bounce_hygiene_dup_findings    (BounceHygiene      *self,
                                                   guint               row);

G_END_DECLS

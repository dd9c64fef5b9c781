/* test-hygiene.c: the offline list checks: syntax, typo domains,
 * duplicates, role and disposable addresses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "bounce-core.h"
#include "bounce-csv-private.h"

static const struct {
  const char         *text;
  BounceAddressError  error;
  gunichar            character;
} syntax_cases[] = {
  { "jane@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "  Jane.Doe+news@Example.COM  ", BOUNCE_ADDRESS_OK, 0 },
  { "Jane Doe <jane@example.com>", BOUNCE_ADDRESS_OK, 0 },
  { "mailto:jane@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "mailto:jane@example.com?subject=Hello", BOUNCE_ADDRESS_OK, 0 },
  { "jane@example.com;", BOUNCE_ADDRESS_OK, 0 },
  { "a@example.com, b@example.net", BOUNCE_ADDRESS_OK, 0 },
  { "a@example.com\nb@example.net", BOUNCE_ADDRESS_OK, 0 },
  { "a@example.com\r\nb@example.net", BOUNCE_ADDRESS_OK, 0 },
  { "o'brien@example.ie", BOUNCE_ADDRESS_OK, 0 },
  { "{x}!#$%&*/=?^`|~@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "anna@bäckerei.example.com", BOUNCE_ADDRESS_OK, 0 },
  { "ünsal@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "jane@xn--bckerei-5wa.example.com", BOUNCE_ADDRESS_OK, 0 },
  { "", BOUNCE_ADDRESS_EMPTY, 0 },
  { "   ", BOUNCE_ADDRESS_EMPTY, 0 },
  /* Placeholders for no address are empty cells. */
  { "n/a", BOUNCE_ADDRESS_EMPTY, 0 },
  { " N/A ", BOUNCE_ADDRESS_EMPTY, 0 },
  { "-", BOUNCE_ADDRESS_EMPTY, 0 },
  { "--", BOUNCE_ADDRESS_EMPTY, 0 },
  { "(no email)", BOUNCE_ADDRESS_EMPTY, 0 },
  { "No Email", BOUNCE_ADDRESS_EMPTY, 0 },
  { "NULL", BOUNCE_ADDRESS_EMPTY, 0 },
  { "unknown", BOUNCE_ADDRESS_EMPTY, 0 },
  { "?", BOUNCE_ADDRESS_EMPTY, 0 },
  { "nope", BOUNCE_ADDRESS_NO_AT, 0 },
  { "\xe2\x80\x94", BOUNCE_ADDRESS_EMPTY, 0 },
  { "------------", BOUNCE_ADDRESS_EMPTY, 0 },
  { "#N/A", BOUNCE_ADDRESS_EMPTY, 0 },
  { "n.a.", BOUNCE_ADDRESS_EMPTY, 0 },
  { "TBD", BOUNCE_ADDRESS_EMPTY, 0 },
  { "(none)", BOUNCE_ADDRESS_EMPTY, 0 },
  { "keine", BOUNCE_ADDRESS_EMPTY, 0 },
  { "k.A.", BOUNCE_ADDRESS_EMPTY, 0 },
  { "aucun", BOUNCE_ADDRESS_EMPTY, 0 },
  { "N/V", BOUNCE_ADDRESS_EMPTY, 0 },
  { "k.A", BOUNCE_ADDRESS_EMPTY, 0 },
  { "#VALUE!", BOUNCE_ADDRESS_EMPTY, 0 },
  /* Outlook's Exchange identifier of a directory contact is no address. */
  { "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=3f2a1b-kai",
    BOUNCE_ADDRESS_EMPTY, 0 },
  { "EX:/O=ACME/OU=FIRST ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=KAI", BOUNCE_ADDRESS_EMPTY, 0 },
  { "/o=acme", BOUNCE_ADDRESS_NO_AT, 0 },
  /* A placeholder beside one address is no second address. */
  { "jo@example.com; n/a", BOUNCE_ADDRESS_OK, 0 },
  { "jo@example.com, -", BOUNCE_ADDRESS_OK, 0 },
  { "N/A; jo@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "jo@example.com;(no email)", BOUNCE_ADDRESS_OK, 0 },
  { "jo@example.com\nnone", BOUNCE_ADDRESS_OK, 0 },
  { "N/V, jo@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "jo@example.com; k.A", BOUNCE_ADDRESS_OK, 0 },
  { "#VALUE!;jo@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "jo@example.com; n/a; jo2@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "jo@@example.com; n/a", BOUNCE_ADDRESS_SEVERAL_AT, 0 },
  { "jo@example.com; Berlin", BOUNCE_ADDRESS_OK, 0 },
  /* Unicode spaces and zero-width characters around an address are
   * trimmed, and Excel's ="…" form is read as the text inside. */
  { "\xc2\xa0jane@example.com\xc2\xa0", BOUNCE_ADDRESS_OK, 0 },
  { "\xe2\x80\x87jane@example.com\xe2\x80\xaf", BOUNCE_ADDRESS_OK, 0 },
  { "\xe3\x80\x80jane@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "\xe2\x80\x8bjane@example.com\xe2\x80\x8c\xe2\x80\x8d", BOUNCE_ADDRESS_OK, 0 },
  { "\xe2\x81\xa0jane@example.com\xef\xbb\xbf", BOUNCE_ADDRESS_OK, 0 },
  { "=\"jane@example.com\"", BOUNCE_ADDRESS_OK, 0 },
  { "\xc2\xa0 n/a", BOUNCE_ADDRESS_EMPTY, 0 },
  /* Wrappers whose address is plain: quotes around the whole cell, an
   * Exchange proxy prefix and a dot after the domain. */
  { "'kim@example.com'", BOUNCE_ADDRESS_OK, 0 },
  { "\"lea@example.com\"", BOUNCE_ADDRESS_OK, 0 },
  { "SMTP:max@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "smtp:ned@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "SIP:pia@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "ole@example.com.", BOUNCE_ADDRESS_OK, 0 },
  { "'SMTP:max@example.com.'", BOUNCE_ADDRESS_OK, 0 },
  { "'o'brien@example.ie'", BOUNCE_ADDRESS_DOMAIN_CHARACTER, '\'' },
  { "\u201cjane@example.com\u201d", BOUNCE_ADDRESS_OK, 0 },
  { "\u2018jane@example.com\u2019", BOUNCE_ADDRESS_OK, 0 },
  { "\u00abjane@example.com\u00bb", BOUNCE_ADDRESS_OK, 0 },
  { "\u2039jane@example.com\u203a", BOUNCE_ADDRESS_OK, 0 },
  { "\uff1cjane@example.com\uff1e", BOUNCE_ADDRESS_OK, 0 },
  { "`jane@example.com`", BOUNCE_ADDRESS_OK, 0 },
  { "jane@example.com\u200e", BOUNCE_ADDRESS_OK, 0 },
  { "jane@example.com\u2069", BOUNCE_ADDRESS_OK, 0 },
  { "X500:/o=acme/cn=kim", BOUNCE_ADDRESS_NO_AT, 0 },
  /* Inside an address they make it invalid, and the reason names them. */
  { "jane\xc2\xa0" "doe@example.com", BOUNCE_ADDRESS_INVISIBLE_CHARACTER, 0xa0 },
  { "jane@exam\xe2\x80\x8bple.com", BOUNCE_ADDRESS_INVISIBLE_CHARACTER, 0x200b },
  { "jane\xe2\x80\x8d@example.com", BOUNCE_ADDRESS_INVISIBLE_CHARACTER, 0x200d },
  { "jane\xe2\x80\x8e@example.com", BOUNCE_ADDRESS_INVISIBLE_CHARACTER, 0x200e },
  { "jane.example.com", BOUNCE_ADDRESS_NO_AT, 0 },
  { "jane@@example.com", BOUNCE_ADDRESS_SEVERAL_AT, 0 },
  { "jane@home@example.com", BOUNCE_ADDRESS_SEVERAL_AT, 0 },
  /* A vertical tab is not white space to g_ascii_isspace(), so it does not
   * separate two addresses. */
  { "a@example.com\vb@example.net", BOUNCE_ADDRESS_SEVERAL_AT, 0 },
  { "@example.com", BOUNCE_ADDRESS_LOCAL_EMPTY, 0 },
  { "\"jane doe\"@example.com", BOUNCE_ADDRESS_LOCAL_QUOTED, 0 },
  /* Quotes that the local part does not need change nothing (RFC 5321
   * 4.1.2), but the inside must still be a valid local part. */
  { "\"jane.doe\"@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "Jane <\"jane.doe\"@example.com>", BOUNCE_ADDRESS_OK, 0 },
  { "\"\"@example.com", BOUNCE_ADDRESS_LOCAL_QUOTED, 0 },
  { "\"jane..doe\"@example.com", BOUNCE_ADDRESS_LOCAL_QUOTED, 0 },
  { "\"jane@home\"@example.com", BOUNCE_ADDRESS_LOCAL_QUOTED, 0 },
  { "\"jane\"doe\"@example.com", BOUNCE_ADDRESS_LOCAL_QUOTED, 0 },
  /* The same holds for each address of a cell of several. */
  { "\"bob\"@example.com; \"carl\"@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "\"bob\"@example.com, carl@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "\"bob smith\"@example.com; carl@example.com", BOUNCE_ADDRESS_LOCAL_QUOTED, 0 },
  { "\"bob..smith\"@example.com; carl@example.com", BOUNCE_ADDRESS_LOCAL_QUOTED, 0 },
  { ".jane@example.com", BOUNCE_ADDRESS_LOCAL_DOT, 0 },
  { "jane.@example.com", BOUNCE_ADDRESS_LOCAL_DOT, 0 },
  { "jane..doe@example.com", BOUNCE_ADDRESS_LOCAL_DOT, 0 },
  { "jane doe@example.com", BOUNCE_ADDRESS_LOCAL_CHARACTER, ' ' },
  { "a b c@example.com", BOUNCE_ADDRESS_LOCAL_CHARACTER, ' ' },
  /* A name before or after the address, without angle brackets, and a
   * comment at either end (RFC 5322 3.2.2). */
  { "Eva Smith eva@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "Anne-Marie O'Neil anne@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "J. Åberg jaberg@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "eva@example.com Eva Smith", BOUNCE_ADDRESS_OK, 0 },
  { "gus@example.com (work)", BOUNCE_ADDRESS_OK, 0 },
  { "(home) gus@example.com", BOUNCE_ADDRESS_OK, 0 },
  /* One valid address that a comma, a semicolon, punctuation or
   * brackets set apart from words is the cell's address. */
  { "Ann,ann@example.com,Berlin", BOUNCE_ADDRESS_OK, 0 },
  { "kim@example.com, Kim", BOUNCE_ADDRESS_OK, 0 },
  { "kim@example.com; Kim Work", BOUNCE_ADDRESS_OK, 0 },
  { "Kim Work, kim@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "Doe, Jane (jane@example.com)", BOUNCE_ADDRESS_OK, 0 },
  { "Jane Doe (jane@example.com)", BOUNCE_ADDRESS_OK, 0 },
  { "(jane@example.com)", BOUNCE_ADDRESS_OK, 0 },
  { "jane@example.com <Jane Doe>", BOUNCE_ADDRESS_OK, 0 },
  { "Jane Doe [jane@example.com]", BOUNCE_ADDRESS_OK, 0 },
  { "[jane@example.com]", BOUNCE_ADDRESS_OK, 0 },
  { "Jane Doe - jane@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "Jane Doe: jane@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "E-mail: jane@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "jane@example.com / Work", BOUNCE_ADDRESS_OK, 0 },
  { "\"Jane Doe\" jane@example.com", BOUNCE_ADDRESS_OK, 0 },
  /* An invalid address among words is reported on the whole cell. */
  { "kim@example, com", BOUNCE_ADDRESS_DOMAIN_CHARACTER, ',' },
  { "Kim, kim@exa_mple.com", BOUNCE_ADDRESS_LOCAL_CHARACTER, ',' },
  { "\"jane doe\" @example.com", BOUNCE_ADDRESS_LOCAL_QUOTED, 0 },
  /* Typographic brackets around an address after a display name. */
  { "Jane Doe \u2039jane@example.com\u203A", BOUNCE_ADDRESS_OK, 0 },
  { "\u201Cjane", BOUNCE_ADDRESS_NO_AT, 0 },
  /* IDNA maps the full-width full stop of a CJK input method to ".". */
  { "jane@example\uFF0Ecom", BOUNCE_ADDRESS_OK, 0 },
  /* A "|" between two addresses separates them, and is part of an
   * address otherwise. */
  { "cy@example.com|cy2@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "cy@example.com | cy2@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "cy|news@example.com", BOUNCE_ADDRESS_OK, 0 },
  { "cy@exam|ple.com", BOUNCE_ADDRESS_DOMAIN_CHARACTER, '|' },
  { "jane(home)@example.com", BOUNCE_ADDRESS_LOCAL_CHARACTER, '(' },
  { "jane\\x@example.com", BOUNCE_ADDRESS_LOCAL_CHARACTER, '\\' },
  { "jane@", BOUNCE_ADDRESS_DOMAIN_EMPTY, 0 },
  { "jane@example", BOUNCE_ADDRESS_DOMAIN_NO_DOT, 0 },
  { "jane@localhost", BOUNCE_ADDRESS_DOMAIN_NO_DOT, 0 },
  { "jane@.example.com", BOUNCE_ADDRESS_DOMAIN_DOT, 0 },
  { "jane@example..com", BOUNCE_ADDRESS_DOMAIN_DOT, 0 },
  { "jane@example.com..", BOUNCE_ADDRESS_DOMAIN_DOT, 0 },
  { "jane@exa_mple.com", BOUNCE_ADDRESS_DOMAIN_CHARACTER, '_' },
  { "jane@example!.com", BOUNCE_ADDRESS_DOMAIN_CHARACTER, '!' },
  { "jane@-example.com", BOUNCE_ADDRESS_LABEL_HYPHEN, 0 },
  { "jane@example-.com", BOUNCE_ADDRESS_LABEL_HYPHEN, 0 },
  { "jane@192.0.2.1", BOUNCE_ADDRESS_NUMERIC_TLD, 0 },
  { "jane@[192.0.2.1]", BOUNCE_ADDRESS_DOMAIN_LITERAL, 0 },
  { "jane@[IPv6:2001:db8::1]", BOUNCE_ADDRESS_DOMAIN_LITERAL, 0 },
  { "jane@xn--zz.example.com", BOUNCE_ADDRESS_IDN_INVALID, 0 },
};

static void
test_syntax_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (syntax_cases); i++)
    {
      BounceSyntaxCheck check;
      g_autofree char *message = NULL;

      g_test_message ("%s", syntax_cases[i].text);
      bounce_address_check_syntax (syntax_cases[i].text, &check);
      g_assert_cmpstr (bounce_address_error_to_string (check.error), ==,
                       bounce_address_error_to_string (syntax_cases[i].error));
      if (syntax_cases[i].character != 0)
        g_assert_cmpuint (check.character, ==, syntax_cases[i].character);
      if (check.error == BOUNCE_ADDRESS_OK)
        g_assert_nonnull (check.domain);
      else
        g_assert_null (check.domain);

      message = bounce_syntax_check_dup_message (&check);
      g_assert_nonnull (message);
      g_assert_cmpstr (message, !=, "");
      bounce_syntax_check_clear (&check);
    }
}

/* The check the contact list runs on each cell while loading must give
 * what the full check gives, on the cell's bytes alone. */
static void
test_syntax_cell_check (void)
{
  static const struct {
    const char *before;
    const char *after;
  } wrappings[] = {
    { "", "" }, { "  ", "\t" }, { "Jane <", ">" }, { "mailto:", "" }, { "", ";" },
    { "", ", b@example.net" }, { "\"", "\"" },
  };
  g_autofree char *local_64 = g_strnfill (64, 'a');
  g_autofree char *label_63 = g_strnfill (63, 'b');
  g_autofree char *label_64 = g_strnfill (64, 'b');
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (syntax_cases); i++)
    for (guint j = 0; j < G_N_ELEMENTS (wrappings); j++)
      {
        g_ptr_array_add (texts, g_strconcat (wrappings[j].before, syntax_cases[i].text, wrappings[j].after, NULL));
        g_ptr_array_add (texts, g_ascii_strup (texts->pdata[texts->len - 1], -1));
      }
  g_ptr_array_add (texts, g_strdup_printf ("%s@example.com", local_64));
  g_ptr_array_add (texts, g_strdup_printf ("%sa@example.com", local_64));
  g_ptr_array_add (texts, g_strdup_printf ("j@%s.%s", label_63, "example.com"));
  g_ptr_array_add (texts, g_strdup_printf ("j@%s.%s", label_64, "example.com"));
  g_ptr_array_add (texts, g_strdup_printf ("j@%s.%s.%s.%s.com", label_63, label_63, label_63, label_63));
  g_ptr_array_add (texts, g_strdup_printf ("%s@%s.%s.%s.c", local_64, label_63, label_63, label_63));
  g_ptr_array_add (texts, g_strdup ("jane@abcxn--d.example.com"));
  g_ptr_array_add (texts, g_strdup ("jane@example.123"));
  g_ptr_array_add (texts, g_strdup ("jane@example.c0m"));

  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = texts->pdata[i];
      BounceSyntaxCheck check;

      g_test_message ("%s", text);
      bounce_address_check_syntax (text, &check);
      g_assert_cmpstr (bounce_address_error_to_string (_bounce_address_check_error (text, strlen (text))), ==,
                       bounce_address_error_to_string (check.error));
      bounce_syntax_check_clear (&check);
    }

  /* Only the given bytes count: the rest of the buffer would be a second @. */
  g_assert_cmpint (_bounce_address_check_error ("jane@example.com@x", 16), ==, BOUNCE_ADDRESS_OK);
  g_assert_cmpint (_bounce_address_check_error ("jane@example.com.", 16), ==, BOUNCE_ADDRESS_OK);
  g_assert_cmpint (_bounce_address_check_error ("jane@", 4), ==, BOUNCE_ADDRESS_NO_AT);
  g_assert_cmpint (_bounce_address_check_error (NULL, 0), ==, BOUNCE_ADDRESS_EMPTY);
}

static void
test_syntax_lengths (void)
{
  g_autofree char *local_64 = g_strnfill (64, 'a');
  g_autofree char *local_65 = g_strnfill (65, 'a');
  g_autofree char *label_63 = g_strnfill (63, 'b');
  g_autofree char *label_64 = g_strnfill (64, 'b');
  g_autofree char *ok = g_strdup_printf ("%s@example.com", local_64);
  g_autofree char *long_local = g_strdup_printf ("%s@example.com", local_65);
  g_autofree char *ok_label = g_strdup_printf ("jane@%s.example.com", label_63);
  g_autofree char *long_label = g_strdup_printf ("jane@%s.example.com", label_64);
  /* Four labels of 63 and ".com" make a domain of 259 characters. */
  g_autofree char *long_domain = g_strdup_printf ("j@%s.%s.%s.%s.com", label_63, label_63, label_63, label_63);
  g_autofree char *message = NULL;
  BounceSyntaxCheck check;

  bounce_address_check_syntax (ok, &check);
  g_assert_cmpint (check.error, ==, BOUNCE_ADDRESS_OK);
  bounce_syntax_check_clear (&check);

  bounce_address_check_syntax (long_local, &check);
  g_assert_cmpint (check.error, ==, BOUNCE_ADDRESS_LOCAL_TOO_LONG);
  g_assert_cmpuint (check.length, ==, 65);
  message = bounce_syntax_check_dup_message (&check);
  g_assert_nonnull (strstr (message, "65"));
  g_assert_nonnull (strstr (message, "64"));
  bounce_syntax_check_clear (&check);

  bounce_address_check_syntax (ok_label, &check);
  g_assert_cmpint (check.error, ==, BOUNCE_ADDRESS_OK);
  bounce_syntax_check_clear (&check);

  bounce_address_check_syntax (long_label, &check);
  g_assert_cmpint (check.error, ==, BOUNCE_ADDRESS_LABEL_TOO_LONG);
  bounce_syntax_check_clear (&check);

  bounce_address_check_syntax (long_domain, &check);
  g_assert_cmpint (check.error, ==, BOUNCE_ADDRESS_DOMAIN_TOO_LONG);
  g_assert_cmpuint (check.length, ==, 4 * 63 + 3 + 4);
  bounce_syntax_check_clear (&check);
}

static void
test_syntax_address_too_long (void)
{
  g_autofree char *local_64 = g_strnfill (64, 'a');
  g_autofree char *label_60 = g_strnfill (60, 'b');
  /* 64 + 1 + (3 x 60 + 3 dots + "xx.com") = 254, the limit; one more
   * character passes it. */
  g_autofree char *fits = g_strdup_printf ("%s@%s.%s.%s.xx.com", local_64, label_60, label_60, label_60);
  g_autofree char *too_long = g_strdup_printf ("%s@%s.%s.%s.xxx.com", local_64, label_60, label_60, label_60);
  BounceSyntaxCheck check;

  g_assert_cmpuint (strlen (fits), ==, 254);
  bounce_address_check_syntax (fits, &check);
  g_assert_cmpint (check.error, ==, BOUNCE_ADDRESS_OK);
  bounce_syntax_check_clear (&check);

  bounce_address_check_syntax (too_long, &check);
  g_assert_cmpint (check.error, ==, BOUNCE_ADDRESS_TOO_LONG);
  g_assert_cmpuint (check.length, ==, 255);
  bounce_syntax_check_clear (&check);
}

static const struct {
  const char *domain;
  const char *suggestion;
} typo_cases[] = {
  { "gmial.com", "gmail.com" },
  { "gamil.com", "gmail.com" },
  { "gmai.com", "gmail.com" },
  { "gmail.con", "gmail.com" },
  { "gmail.co", "gmail.com" },
  { "gmail.cm", "gmail.com" },
  { "gmial.con", "gmail.com" },
  { "hotmial.com", "hotmail.com" },
  { "hotmail.co", "hotmail.com" },
  { "hotmial.co.uk", "hotmail.co.uk" },
  { "yaho.com", "yahoo.com" },
  { "yahooo.com", "yahoo.com" },
  { "outlok.com", "outlook.com" },
  { "outlook.cm", "outlook.com" },
  { "iclod.com", "icloud.com" },
  { "aol.con", "aol.com" },
  { "sbcgloble.net", "sbcglobal.net" },
  /* Real domains of the providers, and others near them. */
  { "gmail.com", NULL },
  { "googlemail.com", NULL },
  { "hotmail.fr", NULL },
  { "hotmail.co.uk", NULL },
  { "yahoo.co.jp", NULL },
  { "yahoo.co.in", NULL },
  { "ymail.com", NULL },
  { "mail.com", NULL },
  { "gmx.de", NULL },
  { "online.de", NULL },
  { "protonmail.ch", NULL },
  { "example.com", NULL },
  { "mail.example.com", NULL },
  /* Too short to tell a typo from another name. */
  { "gmz.de", NULL },
  { "aoll.com", NULL },
  /* A typo inside a subdomain is not guessed. */
  { "mail.gmial.com", NULL },
};

static void
test_typo_providers (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (typo_cases); i++)
    {
      g_autofree char *suggestion = bounce_domain_suggest (typo_cases[i].domain);

      g_test_message ("%s", typo_cases[i].domain);
      g_assert_cmpstr (suggestion, ==, typo_cases[i].suggestion);
    }
}

static void
test_known_tld (void)
{
  g_assert_true (bounce_domain_has_known_tld ("example.com"));
  g_assert_true (bounce_domain_has_known_tld ("example.co.uk"));
  g_assert_true (bounce_domain_has_known_tld ("example.museum"));
  /* .рф, written as its A-label */
  g_assert_true (bounce_domain_has_known_tld ("example.xn--p1ai"));
  g_assert_false (bounce_domain_has_known_tld ("example.con"));
  g_assert_false (bounce_domain_has_known_tld ("example.cmo"));
  g_assert_false (bounce_domain_has_known_tld ("example.invalid"));
}

static void
test_edit_distance (void)
{
  g_assert_cmpuint (bounce_edit_distance ("gmail", "gmial"), ==, 1);
  g_assert_cmpuint (bounce_edit_distance ("gmail", "gmail"), ==, 0);
  g_assert_cmpuint (bounce_edit_distance ("", "abc"), ==, 3);
  g_assert_cmpuint (bounce_edit_distance ("abc", ""), ==, 3);
  g_assert_cmpuint (bounce_edit_distance ("kitten", "sitting"), ==, 3);
  g_assert_cmpuint (bounce_edit_distance ("ab", "ba"), ==, 1);
  /* Optimal string alignment edits no substring twice. */
  g_assert_cmpuint (bounce_edit_distance ("ca", "abc"), ==, 3);
  g_assert_cmpuint (bounce_edit_distance ("bäcker", "backer"), ==, 1);
}

static void
test_mailbox_key (void)
{
  static const struct {
    const char *address;
    const char *key;
  } cases[] = {
    { "jane@example.com", "jane@example.com" },
    { "jane+news@example.com", "jane@example.com" },
    { "j.ane+x@example.com", "j.ane@example.com" },
    { "j.a.n.e+news@gmail.com", "jane@gmail.com" },
    { "j.a.n.e@googlemail.com", "jane@gmail.com" },
    { "jane@me.com", "jane@icloud.com" },
    { "+tag@example.com", "+tag@example.com" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = bounce_address_dup_mailbox_key (cases[i].address);

      g_assert_cmpstr (key, ==, cases[i].key);
    }
}

static void
test_role_and_disposable (void)
{
  g_autoptr(GHashTable) extra = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_true (bounce_local_part_is_role ("info"));
  g_assert_true (bounce_local_part_is_role ("no-reply"));
  g_assert_true (bounce_local_part_is_role ("postmaster"));
  g_assert_true (bounce_local_part_is_role ("sales+eu"));
  g_assert_false (bounce_local_part_is_role ("jane"));
  g_assert_false (bounce_local_part_is_role ("information"));
  g_assert_false (bounce_local_part_is_role ("+info"));

  g_assert_true (bounce_domain_is_disposable ("mailinator.com", NULL));
  g_assert_true (bounce_domain_is_disposable ("inbox.mailinator.com", NULL));
  g_assert_false (bounce_domain_is_disposable ("notmailinator.com", NULL));
  g_assert_false (bounce_domain_is_disposable ("example.com", NULL));

  g_hash_table_add (extra, (gpointer) "throwaway.example.net");
  g_assert_true (bounce_domain_is_disposable ("throwaway.example.net", extra));
  g_assert_true (bounce_domain_is_disposable ("a.throwaway.example.net", extra));
  g_assert_false (bounce_domain_is_disposable ("example.net", extra));
}

static void
test_flags_parse (void)
{
  g_autoptr(GError) error = NULL;
  BounceHygieneFlags flags = BOUNCE_HYGIENE_FLAG_NONE;

  g_assert_true (bounce_hygiene_flags_parse ("typo, role", &flags, &error));
  g_assert_no_error (error);
  g_assert_cmpint (flags, ==, BOUNCE_HYGIENE_FLAG_TYPO | BOUNCE_HYGIENE_FLAG_ROLE);

  g_assert_true (bounce_hygiene_flags_parse ("all", &flags, &error));
  g_assert_cmpint (flags, ==, BOUNCE_HYGIENE_FLAG_ALL);

  g_assert_false (bounce_hygiene_flags_parse ("typo,bogus", &flags, &error));
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "bogus"));
  g_assert_cmpint (flags, ==, BOUNCE_HYGIENE_FLAG_ALL);

  for (guint i = 0; i < BOUNCE_HYGIENE_N_FLAGS; i++)
    {
      g_assert_nonnull (bounce_hygiene_flag_to_string (1 << i));
      g_assert_nonnull (bounce_hygiene_flag_get_title (1 << i));
    }
}

static void
test_domain_list_load (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "hygiene", "extra-disposable.txt", NULL);
  g_autofree char *bad = g_test_build_filename (G_TEST_DIST, "data", "hygiene", "bad-disposable.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) set = NULL;
  g_autoptr(GHashTable) none = NULL;

  set = bounce_domain_list_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (set), ==, 1);
  g_assert_true (g_hash_table_contains (set, "throwaway.example.net"));

  none = bounce_domain_list_load (bad, &error);
  g_assert_null (none);
  g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_clear_error (&error);

  none = bounce_domain_list_load ("/nonexistent/list.txt", &error);
  g_assert_null (none);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

static BounceHygiene *
load_fixture_hygiene (gboolean with_extra)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "hygiene", "contacts.csv", NULL);
  g_autofree char *extra_path = g_test_build_filename (G_TEST_DIST, "data", "hygiene", "extra-disposable.txt", NULL);
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(GHashTable) extra = NULL;
  g_autoptr(GError) error = NULL;

  contacts = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bounce_contact_list_get_email_column (contacts), ==, 0);
  if (with_extra)
    {
      extra = bounce_domain_list_load (extra_path, &error);
      g_assert_no_error (error);
    }

  return bounce_hygiene_new (contacts, extra);
}

/* The verdict of each line of tests/data/hygiene/contacts.csv. The
 * third column of the file names what each line plants. */
static const struct {
  guint               line;
  BounceAddressError  error;
  BounceHygieneFlags  flags;
  const char         *suggestion;
  guint               duplicate_line;
} fixture_rows[] = {
  { 2, BOUNCE_ADDRESS_OK, 0, NULL, 0 },
  { 6, BOUNCE_ADDRESS_OK, 0, NULL, 0 },
  { 7, BOUNCE_ADDRESS_OK, BOUNCE_HYGIENE_FLAG_TYPO, "fay@mail.example.com", 0 },
  { 12, BOUNCE_ADDRESS_OK, 0, NULL, 0 },
  { 13, BOUNCE_ADDRESS_OK, BOUNCE_HYGIENE_FLAG_TYPO, "lou@post.example.org", 0 },
  { 14, BOUNCE_ADDRESS_OK, BOUNCE_HYGIENE_FLAG_ROLE, NULL, 0 },
  { 15, BOUNCE_ADDRESS_OK, BOUNCE_HYGIENE_FLAG_ROLE, NULL, 0 },
  { 16, BOUNCE_ADDRESS_OK, BOUNCE_HYGIENE_FLAG_DISPOSABLE, NULL, 0 },
  { 17, BOUNCE_ADDRESS_OK, BOUNCE_HYGIENE_FLAG_DUPLICATE, NULL, 2 },
  { 18, BOUNCE_ADDRESS_OK, BOUNCE_HYGIENE_FLAG_DUPLICATE, NULL, 2 },
  { 19, BOUNCE_ADDRESS_EMPTY, 0, NULL, 0 },
  { 20, BOUNCE_ADDRESS_SEVERAL_AT, 0, NULL, 0 },
  { 21, BOUNCE_ADDRESS_LOCAL_DOT, 0, NULL, 0 },
  { 22, BOUNCE_ADDRESS_LOCAL_CHARACTER, 0, NULL, 0 },
  { 23, BOUNCE_ADDRESS_DOMAIN_NO_DOT, 0, NULL, 0 },
  { 24, BOUNCE_ADDRESS_LABEL_HYPHEN, 0, NULL, 0 },
  { 25, BOUNCE_ADDRESS_DOMAIN_CHARACTER, 0, NULL, 0 },
  { 26, BOUNCE_ADDRESS_DOMAIN_LITERAL, 0, NULL, 0 },
  { 27, BOUNCE_ADDRESS_LOCAL_EMPTY, 0, NULL, 0 },
  { 28, BOUNCE_ADDRESS_EMPTY, 0, NULL, 0 },
  { 29, BOUNCE_ADDRESS_LOCAL_TOO_LONG, 0, NULL, 0 },
  { 30, BOUNCE_ADDRESS_OK, 0, NULL, 0 },
  { 31, BOUNCE_ADDRESS_OK, 0, NULL, 0 },
  { 32, BOUNCE_ADDRESS_OK, 0, NULL, 0 },
  { 33, BOUNCE_ADDRESS_DOMAIN_DOT, 0, NULL, 0 },
};

static void
test_list_rows (void)
{
  g_autoptr(BounceHygiene) hygiene = load_fixture_hygiene (TRUE);
  BounceContactList *contacts = bounce_hygiene_get_contacts (hygiene);

  for (guint i = 0; i < G_N_ELEMENTS (fixture_rows); i++)
    {
      guint row = fixture_rows[i].line - 2;
      g_autofree char *suggestion = bounce_hygiene_dup_suggestion (hygiene, row);
      g_autofree char *description = bounce_hygiene_dup_description (hygiene, row);
      BounceRowHygiene result;

      g_test_message ("line %u", fixture_rows[i].line);
      g_assert_cmpuint (bounce_contact_list_get_line (contacts, row), ==, fixture_rows[i].line);
      bounce_hygiene_get_row (hygiene, row, &result);
      g_assert_cmpstr (bounce_address_error_to_string (result.error), ==,
                       bounce_address_error_to_string (fixture_rows[i].error));
      g_assert_cmphex (result.flags, ==, fixture_rows[i].flags);
      g_assert_cmpstr (suggestion, ==, fixture_rows[i].suggestion);

      if (fixture_rows[i].duplicate_line != 0)
        g_assert_cmpuint (bounce_contact_list_get_line (contacts, result.duplicate_of), ==,
                          fixture_rows[i].duplicate_line);
      else
        g_assert_cmpint (result.duplicate_of, ==, -1);

      g_assert_cmpint (bounce_hygiene_is_invalid (hygiene, row), ==,
                       result.error != BOUNCE_ADDRESS_OK && result.error != BOUNCE_ADDRESS_EMPTY);
      if (result.flags == 0 && result.error <= BOUNCE_ADDRESS_EMPTY)
        g_assert_null (description);
      else
        g_assert_nonnull (description);
      if (suggestion != NULL)
        g_assert_nonnull (strstr (description, suggestion));
    }
}

/* Rows whose cells the contact list could not check while loading (a
 * field cut at 1 MiB, a row with a quote never closed) are checked from
 * their cell text, like every other row was before. */
static void
test_list_cells_read_again (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-hygiene-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *long_local = g_strnfill (1536 * 1024, 'a');
  g_autofree char *text = NULL;
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(BounceHygiene) hygiene = NULL;
  int column;

  g_assert_no_error (error);
  path = g_build_filename (dir, "contacts.csv", NULL);
  text = g_strconcat ("Email,Name,Notes\n",
                      "jane@example.com,Jane,fine\n",
                      long_local, "@example.com,Long,cut\n",
                      "bob@example.net,Bob,\"never closed\n",
                      "carla@example.org,Carla,fine\n",
                      "jane doe@example.com,Jane,space\n",
                      NULL);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);

  contacts = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (contacts), ==, 5);
  hygiene = bounce_hygiene_new (contacts, NULL);
  column = bounce_contact_list_get_email_column (contacts);

  /* The reader leaves the cut row and the damaged row unchecked. */
  g_assert_cmpint (_bounce_contact_list_get_syntax_error (contacts, 0), ==, BOUNCE_ADDRESS_OK);
  g_assert_cmpint (_bounce_contact_list_get_syntax_error (contacts, 1), ==, BOUNCE_ADDRESS_ERROR_LAST);
  g_assert_true (bounce_contact_list_is_row_damaged (contacts, 2));
  g_assert_cmpint (_bounce_contact_list_get_syntax_error (contacts, 2), ==, BOUNCE_ADDRESS_ERROR_LAST);
  g_assert_cmpint (_bounce_contact_list_get_syntax_error (contacts, 4), ==, BOUNCE_ADDRESS_LOCAL_CHARACTER);

  for (guint row = 0; row < bounce_contact_list_get_n_rows (contacts); row++)
    {
      g_autofree char *cell = bounce_contact_list_dup_cell (contacts, row, column);
      BounceRowHygiene result;
      BounceSyntaxCheck check;

      g_test_message ("row %u", row);
      bounce_address_check_syntax (cell, &check);
      if (check.error == BOUNCE_ADDRESS_OK && bounce_contact_list_get_address (contacts, row) == NULL)
        check.error = BOUNCE_ADDRESS_NO_AT;
      bounce_hygiene_get_row (hygiene, row, &result);
      g_assert_cmpstr (bounce_address_error_to_string (result.error), ==,
                       bounce_address_error_to_string (check.error));
      bounce_syntax_check_clear (&check);
    }

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Rows that cycle through more domains than the checks keep at hand,
 * so that each domain is found again after others took its place. Each
 * row must still get the flags of its own domain and local part. */
static void
test_list_many_domains (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-hygiene-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GString) text = g_string_new ("Email\n");
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(BounceHygiene) hygiene = NULL;
  const BounceHygieneCounts *counts;
  guint n_rows = 3000;
  guint n_disposable = 0;
  guint n_role = 0;

  g_assert_no_error (error);
  path = g_build_filename (dir, "contacts.csv", NULL);
  for (guint i = 0; i < n_rows; i++)
    {
      gboolean disposable = i % 7 == 0;
      gboolean role = !disposable && i % 11 == 0;

      /* Local parts of a role's length and first letter that are no
       * role ("infx", "sale") must stay unflagged. */
      if (role)
        g_string_append (text, i % 2 == 0 ? "info" : "Sales+eu");
      else
        g_string_append_printf (text, "%s%u", i % 3 == 0 ? "infx" : "sale", i);
      if (disposable)
        g_string_append (text, "@mailinator.com\n");
      else
        g_string_append_printf (text, "@d%u.example.com\n", (i * 7919) % 300);
    }
  g_assert_true (g_file_set_contents (path, text->str, text->len, &error));
  g_assert_no_error (error);

  contacts = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (contacts), ==, n_rows);
  hygiene = bounce_hygiene_new (contacts, NULL);

  for (guint row = 0; row < n_rows; row++)
    {
      BounceHygieneFlags flags = bounce_hygiene_get_flags (hygiene, row);
      gboolean disposable = row % 7 == 0;
      gboolean role = !disposable && row % 11 == 0;

      g_test_message ("row %u: %s", row, bounce_contact_list_get_address (contacts, row));
      g_assert_cmpint (!!(flags & BOUNCE_HYGIENE_FLAG_DISPOSABLE), ==, disposable);
      g_assert_cmpint (!!(flags & BOUNCE_HYGIENE_FLAG_ROLE), ==, role);
      n_disposable += disposable;
      n_role += role;
    }

  counts = bounce_hygiene_get_counts (hygiene);
  g_assert_cmpuint (counts->rows, ==, n_rows);
  g_assert_cmpuint (counts->invalid, ==, 0);
  g_assert_cmpuint (counts->flagged[g_bit_nth_lsf (BOUNCE_HYGIENE_FLAG_DISPOSABLE, -1)], ==, n_disposable);
  g_assert_cmpuint (counts->flagged[g_bit_nth_lsf (BOUNCE_HYGIENE_FLAG_ROLE, -1)], ==, n_role);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_list_counts (void)
{
  g_autoptr(BounceHygiene) with_extra = load_fixture_hygiene (TRUE);
  g_autoptr(BounceHygiene) without = load_fixture_hygiene (FALSE);
  const BounceHygieneCounts *counts = bounce_hygiene_get_counts (with_extra);

  g_assert_cmpuint (counts->rows, ==, 32);
  g_assert_cmpuint (counts->empty, ==, 2);
  g_assert_cmpuint (counts->invalid, ==, 10);
  g_assert_cmpuint (counts->risky, ==, 7);
  g_assert_cmpuint (counts->flagged[0], ==, 2); /* typo */
  g_assert_cmpuint (counts->flagged[1], ==, 0); /* unknown-tld */
  g_assert_cmpuint (counts->flagged[2], ==, 2); /* duplicate */
  g_assert_cmpuint (counts->flagged[3], ==, 2); /* role */
  g_assert_cmpuint (counts->flagged[4], ==, 1); /* disposable */

  /* The disposable domain is only known from the extra list. */
  counts = bounce_hygiene_get_counts (without);
  g_assert_cmpuint (counts->flagged[4], ==, 0);
  g_assert_cmpuint (counts->risky, ==, 6);
}

static void
test_list_description (void)
{
  g_autoptr(BounceHygiene) hygiene = load_fixture_hygiene (TRUE);
  g_autofree char *no_address = bounce_hygiene_dup_description (hygiene, 19 - 2);
  g_autofree char *invalid = bounce_hygiene_dup_description (hygiene, 20 - 2);
  g_autofree char *space = bounce_hygiene_dup_description (hygiene, 22 - 2);
  g_autofree char *typo = bounce_hygiene_dup_description (hygiene, 7 - 2);
  g_autofree char *duplicate = bounce_hygiene_dup_description (hygiene, 17 - 2);

  g_assert_null (no_address);
  g_assert_cmpstr (invalid, ==, "Invalid address. It has more than one @.");
  g_assert_nonnull (strstr (space, "a space"));
  g_assert_cmpstr (typo, ==, "possible typo: did you mean fay@mail.example.com?");
  g_assert_cmpstr (duplicate, ==, "same mailbox as line 2");
}

static void
assert_findings (BounceHygiene      *hygiene,
                 guint               line,
                 const char * const *expected)
{
  g_auto(GStrv) findings = bounce_hygiene_dup_findings (hygiene, line - 2);

  g_test_message ("line %u", line);
  g_assert_cmpstrv (findings, expected);
}

static void
test_list_findings (void)
{
  g_autoptr(BounceHygiene) hygiene = load_fixture_hygiene (TRUE);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "hygiene", "findings.csv", NULL);
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(BounceHygiene) two_flags = NULL;
  g_autoptr(GError) error = NULL;
  const char * const invalid[] = { "Invalid address. It has more than one @.", NULL };
  const char * const typo[] = { "Possible typo: mial.example.com — did you mean mail.example.com?", NULL };
  const char * const duplicate[] = {
    "Duplicate: line 2 of the file has the same mailbox, so this person would get every mail twice.", NULL
  };
  const char * const role[] = {
    "Role address: “noreply+list@” is a shared inbox, read by a team or by nobody rather than by one person.", NULL
  };
  const char * const disposable[] = {
    "Disposable address: throwaway.example.net hands out addresses that stop working after a short time.", NULL
  };
  const char * const tld_and_role[] = {
    "Unknown top-level domain: no domain on the internet ends in “.cmo”, so mail to it cannot be delivered.",
    "Role address: “sales@” is a shared inbox, read by a team or by nobody rather than by one person.",
    NULL
  };

  assert_findings (hygiene, 2, NULL);
  assert_findings (hygiene, 28, NULL); /* no address */
  assert_findings (hygiene, 19, NULL); /* no "@", so no address */
  assert_findings (hygiene, 20, invalid);
  assert_findings (hygiene, 7, typo);
  assert_findings (hygiene, 18, duplicate);
  assert_findings (hygiene, 15, role);
  assert_findings (hygiene, 16, disposable);

  /* Several findings come in flag order. */
  contacts = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  two_flags = bounce_hygiene_new (contacts, NULL);
  assert_findings (two_flags, 2, tld_and_role);
}

/* The samples plant typos and syntax errors for the app's first run. */
static void
test_samples (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "contacts.csv", NULL);
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(BounceHygiene) hygiene = NULL;
  g_autoptr(GError) error = NULL;
  const BounceHygieneCounts *counts;

  contacts = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  hygiene = bounce_hygiene_new (contacts, NULL);
  counts = bounce_hygiene_get_counts (hygiene);

  g_assert_cmpuint (counts->invalid, ==, 3);
  g_assert_cmpuint (counts->flagged[0], ==, 3);
}

/* The two steps together match bounce_hygiene_new(), and the first
 * step alone already marks the invalid rows. */
static void
test_list_two_steps (void)
{
  g_autoptr(BounceHygiene) reference = load_fixture_hygiene (TRUE);
  BounceContactList *contacts = bounce_hygiene_get_contacts (reference);
  g_autofree char *extra_path = g_test_build_filename (G_TEST_DIST, "data", "hygiene", "extra-disposable.txt", NULL);
  g_autoptr(GHashTable) extra = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BounceHygiene) hygiene = NULL;
  const BounceHygieneCounts *counts;
  const BounceHygieneCounts *reference_counts;
  guint n_invalid = 0;

  extra = bounce_domain_list_load (extra_path, &error);
  g_assert_no_error (error);

  hygiene = bounce_hygiene_new_syntax (contacts);
  g_assert_true (bounce_hygiene_get_contacts (hygiene) == contacts);
  for (guint row = 0; row < bounce_contact_list_get_n_rows (contacts); row++)
    {
      g_test_message ("row %u", row);
      g_assert_cmpint (bounce_hygiene_is_invalid (hygiene, row), ==, bounce_hygiene_is_invalid (reference, row));
      if (bounce_hygiene_is_invalid (hygiene, row))
        n_invalid++;
    }
  g_assert_cmpuint (n_invalid, >, 0);

  bounce_hygiene_check_addresses (hygiene, extra);
  for (guint row = 0; row < bounce_contact_list_get_n_rows (contacts); row++)
    {
      g_autofree char *description = bounce_hygiene_dup_description (hygiene, row);
      g_autofree char *reference_description = bounce_hygiene_dup_description (reference, row);

      g_test_message ("row %u", row);
      g_assert_cmpuint (bounce_hygiene_get_flags (hygiene, row), ==, bounce_hygiene_get_flags (reference, row));
      g_assert_cmpstr (description, ==, reference_description);
    }

  counts = bounce_hygiene_get_counts (hygiene);
  reference_counts = bounce_hygiene_get_counts (reference);
  g_assert_cmpuint (counts->rows, ==, reference_counts->rows);
  g_assert_cmpuint (counts->empty, ==, reference_counts->empty);
  g_assert_cmpuint (counts->invalid, ==, reference_counts->invalid);
  g_assert_cmpuint (counts->risky, ==, reference_counts->risky);
  g_assert_cmpuint (counts->invalid, ==, n_invalid);
  for (guint i = 0; i < BOUNCE_HYGIENE_N_FLAGS; i++)
    g_assert_cmpuint (counts->flagged[i], ==, reference_counts->flagged[i]);
}

/* A NUL byte before the "@" of a cell. The syntax check reads the NUL as
 * U+FFFD and finds the cell valid, so the stored address must contain the
 * same text, with its "@": the list checks look for the domain after it. */
static void
test_list_nul_byte (void)
{
  static const char text[] = "email,name\na\0b@example.org,A\nc@example.org,C\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-hygiene-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(BounceHygiene) hygiene = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "contacts.csv", NULL);
  g_assert_true (g_file_set_contents (path, text, sizeof text - 1, &error));
  g_assert_no_error (error);

  contacts = bounce_contact_list_new_from_file (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bounce_contact_list_get_n_rows (contacts), ==, 2);
  g_assert_cmpstr (bounce_contact_list_get_address (contacts, 0), ==, "a\xef\xbf\xbd" "b@example.org");
  hygiene = bounce_hygiene_new (contacts, NULL);
  g_assert_cmpuint (bounce_hygiene_get_counts (hygiene)->rows, ==, 2);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hygiene/syntax/table", test_syntax_table);
  g_test_add_func ("/hygiene/syntax/cell-check", test_syntax_cell_check);
  g_test_add_func ("/hygiene/syntax/lengths", test_syntax_lengths);
  g_test_add_func ("/hygiene/syntax/address-too-long", test_syntax_address_too_long);
  g_test_add_func ("/hygiene/typo/providers", test_typo_providers);
  g_test_add_func ("/hygiene/typo/known-tld", test_known_tld);
  g_test_add_func ("/hygiene/edit-distance", test_edit_distance);
  g_test_add_func ("/hygiene/mailbox-key", test_mailbox_key);
  g_test_add_func ("/hygiene/role-and-disposable", test_role_and_disposable);
  g_test_add_func ("/hygiene/flags-parse", test_flags_parse);
  g_test_add_func ("/hygiene/domain-list-load", test_domain_list_load);
  g_test_add_func ("/hygiene/list/rows", test_list_rows);
  g_test_add_func ("/hygiene/list/cells-read-again", test_list_cells_read_again);
  g_test_add_func ("/hygiene/list/counts", test_list_counts);
  g_test_add_func ("/hygiene/list/many-domains", test_list_many_domains);
  g_test_add_func ("/hygiene/list/nul-byte", test_list_nul_byte);
  g_test_add_func ("/hygiene/list/description", test_list_description);
  g_test_add_func ("/hygiene/list/findings", test_list_findings);
  g_test_add_func ("/hygiene/list/two-steps", test_list_two_steps);
  g_test_add_func ("/hygiene/samples", test_samples);

  return g_test_run ();
}

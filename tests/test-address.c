/* test-address.c: address normalization and VERP decoding.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bounce-core.h"

static void
test_normalize (void)
{
  static const struct {
    const char *text;
    const char *normalized;
  } cases[] = {
    { "jane.doe@example.com", "jane.doe@example.com" },
    { "  Jane.Doe@Example.COM  ", "jane.doe@example.com" },
    { "<jane@example.com>", "jane@example.com" },
    { "Jane Doe <jane@example.com>", "jane@example.com" },
    { "\"Doe, Jane\" <Jane@Example.com>", "jane@example.com" },
    { "mailto:jane@example.com", "jane@example.com" },
    { "MAILTO:jane@example.com?subject=Hello", "jane@example.com" },
    { "<mailto:jane@example.com>", "jane@example.com" },
    { "\"jane@example.com\"", "jane@example.com" },
    { "'jane@example.com'", "jane@example.com" },
    /* Typographic quotes, guillemets, Markdown code marks and CJK
     * full-width brackets around the whole cell. */
    { "\u201cjane@example.com\u201d", "jane@example.com" },
    { "\u201ejane@example.com\u201c", "jane@example.com" },
    { "\u2018jane@example.com\u2019", "jane@example.com" },
    { "\u00abjane@example.com\u00bb", "jane@example.com" },
    { "\u00ab\u00a0jane@example.com\u00a0\u00bb", "jane@example.com" },
    { "\u2039jane@example.com\u203a", "jane@example.com" },
    { "\uff1cjane@example.com\uff1e", "jane@example.com" },
    { "`jane@example.com`", "jane@example.com" },
    { "jane`s@example.com", "jane`s@example.com" },
    /* Bidirectional marks around an address copied from right-to-left
     * text. */
    { "jane@example.com\u200e", "jane@example.com" },
    { "\u200fjane@example.com", "jane@example.com" },
    { "\u2066jane@example.com\u2069", "jane@example.com" },
    { "\u202ajane@example.com\u202c", "jane@example.com" },
    { "jane@example.com\u061c", "jane@example.com" },
    { "jane@example.com.", "jane@example.com" },
    /* Exchange proxy addresses (proxyAddresses, Get-Recipient). */
    { "SMTP:Jane@Example.com", "jane@example.com" },
    { "smtp:jane@example.com", "jane@example.com" },
    { "SIP:jane@example.com", "jane@example.com" },
    { "'SMTP:jane@example.com'", "jane@example.com" },
    { "X500:/o=Example/cn=jane", NULL },
    { "o'brien@example.org", "o'brien@example.org" },
    { "jürgen@müller.example.com", "jürgen@xn--mller-kva.example.com" },
    { "JANE@XN--MLLER-KVA.EXAMPLE.COM", "jane@xn--mller-kva.example.com" },
    { "rfc822;jane@example.com", NULL },
    { "", NULL },
    { "Jane Doe", NULL },
    { "jane@", NULL },
    { "@example.com", NULL },
    { "jane@localhost", NULL },
    { "jane doe@example.com", NULL },
    { "gus@example.com (work)", "gus@example.com" },
    { "(home) Gus@example.com", "gus@example.com" },
    { "gus@example.com(work)", "gus@example.com" },
    /* Parentheses that hold the only address, and typographic quotes
     * or brackets around an address. */
    { "Jane Doe (Jane@example.com)", "jane@example.com" },
    { "(jane@example.com)", "jane@example.com" },
    { "\u201Cjane@example.com\u201D", "jane@example.com" },
    { "\u00AB jane@example.com \u00BB", "jane@example.com" },
    { "\uFF1Cjane@example.com\uFF1E", "jane@example.com" },
    { "jane@example.com\u200E", "jane@example.com" },
    { "\u2067jane@example.com\u2069", "jane@example.com" },
    { "jane@example\uFF0Ecom", "jane@example.com" },
    { "jane@example\u3002com", "jane@example.com" },
    { "jane@example\uFF0E", NULL },
    { "jane@exa mple.com", NULL },
    { "jane@@example.com", NULL },
    { "a@example.com; b@example.com", NULL },
    /* Bytes that are not UTF-8 make no address (found by fuzz-address). */
    { "j\xe9r\xf4me@example.com", NULL },
    { "bounces+jane=exam\x8ble.com@lists.example.org", NULL },
    { "J\xc3\x89R\xc3\x94ME@example.com", "j\xc3\xa9r\xc3\xb4me@example.com" },
    /* Decomposed Unicode (NFD) is composed (NFC), also after lower-casing. */
    { "bjo\xcc\x88rn@example.com", "bj\xc3\xb6rn@example.com" },
    { "BJO\xcc\x88RN@example.com", "bj\xc3\xb6rn@example.com" },
    /* Quotes around a local part that needs none change nothing. */
    { "\"john.doe\"@example.com", "john.doe@example.com" },
    { "<\"John.Doe\"@Example.com>", "john.doe@example.com" },
    { "\"john doe\"@example.com", NULL },
    { "\"john..doe\"@example.com", NULL },
    { "\".john\"@example.com", NULL },
    /* A dot before a mailto: query ends the domain, and a domain whose
     * only dot ends it has one label (found by fuzz-address). */
    { "mailto:ove@example.org.?subject=Hi", "ove@example.org" },
    { "mailto:ove@m\xc3\xbcller.?subject=Hi", NULL },
    { "ove@example.", NULL },
    /* IDNA maps U+FEFF to nothing, which leaves no label before the dot
     * (found by fuzz-address). */
    { "e@\xef\xbb\xbf.com", NULL },
    { "e@ex\xc2\xad" "ample.com", "e@example.com" },
    /* No-break, ideographic and zero-width spaces around an address,
     * and Excel's ="…" form. */
    { "\xc2\xa0Jane@Example.com\xc2\xa0", "jane@example.com" },
    { "\xe3\x80\x80jane@example.com\xe2\x80\xaf", "jane@example.com" },
    { "\xe2\x80\x8bjane@example.com\xef\xbb\xbf", "jane@example.com" },
    { "Jane <\xe2\x81\xa0jane@example.com\xe2\x80\x8d>", "jane@example.com" },
    { "=\"jane@example.com\"", "jane@example.com" },
    { "\xc2\xa0", NULL },
    /* Plain addresses take a shorter path, which must give the same. */
    { "\t Kim.O'Neil+News@Example.ORG \r\n", "kim.o'neil+news@example.org" },
    { "'Kim@Example.org", "kim@example.org" },
    { "=kim@example.org", "=kim@example.org" },
    { "kim@Xn--Mller-Kva.Example.com", "kim@xn--mller-kva.example.com" },
    { "kim@example.123", "kim@example.123" },
    { "kim.@example.org", "kim.@example.org" },
    { "kim@-example.org", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normalized = bounce_address_normalize (cases[i].text);
      g_autofree char *escaped = g_strescape (cases[i].text, NULL);

      /* Escaped, because TAP readers reject invalid UTF-8 in messages. */
      g_test_message ("normalize “%s”", escaped);
      g_assert_cmpstr (normalized, ==, cases[i].normalized);
    }

  g_assert_null (bounce_address_normalize (NULL));
}

static void
test_idna_same_domain (void)
{
  g_autofree char *unicode = bounce_address_normalize ("anna@müller.example.com");
  g_autofree char *ascii = bounce_address_normalize ("Anna@xn--mller-kva.example.com");

  g_assert_cmpstr (unicode, ==, ascii);
}

static void
test_extract_all (void)
{
  static const struct {
    const char *text;
    const char *joined;
  } cases[] = {
    { "a@example.com; b@example.com", "a@example.com b@example.com" },
    { "a@example.com, B@example.com", "a@example.com b@example.com" },
    { "Jane Doe <jane@example.com>, Bob <bob@example.net>", "jane@example.com bob@example.net" },
    { "a@example.com ::: a2@example.org", "a@example.com a2@example.org" },
    { "a@example.com;a@example.com", "a@example.com" },
    { "Eva Smith eva@example.com", "eva@example.com" },
    { "gus@example.com (work)", "gus@example.com" },
    { "cy@example.com|cy2@example.com", "cy@example.com cy2@example.com" },
    { "cy|news@example.com", "cy|news@example.com" },
    { "Jane Doe (jane@example.com)", "jane@example.com" },
    { "jane@example.com <Jane Doe>", "jane@example.com" },
    { "Jane Doe \u2039jane@example.com\u203A", "jane@example.com" },
    { "\"Jane Doe\" jane@example.com", "jane@example.com" },
    { "mailto:a@example.com", "a@example.com" },
    { "no address here", "" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) addresses = bounce_address_extract_all (cases[i].text);
      g_autofree char *joined = g_strjoinv (" ", addresses);

      g_test_message ("extract “%s”", cases[i].text);
      g_assert_cmpstr (joined, ==, cases[i].joined);
    }
}

static void
test_verp (void)
{
  static const struct {
    const char *address;
    const char *decoded;
  } cases[] = {
    { "bounces+jane=example.com@sender.example.net", "jane@example.com" },
    { "bounces-jane=example.com@sender.example.net", "jane@example.com" },
    { "list-bounces+jane.doe=example.org@lists.example.net", "jane.doe@example.org" },
    { "list-bounces-mary-ann=example.org@lists.example.net", "mary-ann@example.org" },
    { "Mailer <bounces+Jane=Example.com@sender.example.net>", "jane@example.com" },
    { "return-bob=example.net@mail.example.com", "bob@example.net" },
    /* Digits before a '-' may be a campaign id or the start of the local
     * part. Read as an id, the bounce of 2024-team@ would remove team@,
     * a contact that never bounced. Kept, an id leaves the bounce
     * unmatched and listed, which removes no one. */
    { "bounce-2024-team=example.com@shop.example.org", "2024-team@example.com" },
    { "bounce-12345-vic=example.com@shop.example.org", "12345-vic@example.com" },
    { "bounces@sender.example.net", NULL },
    { "SRS0=abcd=XY=example.com=jane@forwarder.example.net", NULL },
    { "bounces+jane=localhost@sender.example.net", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *decoded = bounce_address_decode_verp (cases[i].address);

      g_test_message ("verp “%s”", cases[i].address);
      g_assert_cmpstr (decoded, ==, cases[i].decoded);
    }
}

/* The ASCII form of an internationalized domain shows in Unicode, as the
 * contact list writes it, and other addresses are unchanged. */
static void
test_display (void)
{
  static const struct {
    const char *address;
    const char *expected;
  } cases[] = {
    { "anna@xn--bckerei-5wa.example.com", "anna@bäckerei.example.com" },
    { "kim@example.com", "kim@example.com" },
    { "no-at-sign", "no-at-sign" },
    { "a@b@xn--mller-kva.example", "a@b@müller.example" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = bounce_address_dup_display (cases[i].address);

      g_assert_cmpstr (shown, ==, cases[i].expected);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/address/normalize", test_normalize);
  g_test_add_func ("/address/idna", test_idna_same_domain);
  g_test_add_func ("/address/extract-all", test_extract_all);
  g_test_add_func ("/address/verp", test_verp);
  g_test_add_func ("/address/display", test_display);

  return g_test_run ();
}

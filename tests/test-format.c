/* test-format.c: counts grouped for the locale, and month names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The locales other than C exist only where they were generated, which
 * build-aux/setup.sh does when it runs as root. A test whose locale is
 * missing is skipped.
 */

#include "config.h"

#include <locale.h>

#include "bounce-core.h"

typedef struct
{
  guint       count;
  const char *expected;
} CountCase;

/* Sets LC_NUMERIC to @locale for one test. Returns FALSE, with the test
 * marked skipped, when the system lacks it. */
static gboolean
use_numeric_locale (const char *locale)
{
  if (setlocale (LC_NUMERIC, locale) == NULL)
    {
      g_autofree char *message = g_strdup_printf ("locale %s is not generated", locale);

      g_test_skip (message);
      return FALSE;
    }

  return TRUE;
}

static void
check_cases (const CountCase *cases,
             gsize            n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *text = bounce_format_count (cases[i].count);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_c_locale (void)
{
  static const CountCase cases[] = {
    { 0, "0" },
    { 999, "999" },
    { 1000, "1000" },
    { 4294967295u, "4294967295" },
  };

  g_assert_nonnull (setlocale (LC_NUMERIC, "C"));
  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_german (void)
{
  static const CountCase cases[] = {
    { 7, "7" },
    { 999, "999" },
    { 1000, "1.000" },
    { 123456, "123.456" },
    { 1234567, "1.234.567" },
    { 4294967295u, "4.294.967.295" },
  };

  if (use_numeric_locale ("de_DE.UTF-8"))
    check_cases (cases, G_N_ELEMENTS (cases));
  setlocale (LC_NUMERIC, "C");
}

static void
test_english (void)
{
  static const CountCase cases[] = {
    { 999, "999" },
    { 1000, "1,000" },
    { 1234567, "1,234,567" },
  };

  if (use_numeric_locale ("en_US.UTF-8"))
    check_cases (cases, G_N_ELEMENTS (cases));
  setlocale (LC_NUMERIC, "C");
}

/* Indian English groups by three, then by two. */
static void
test_indian_grouping (void)
{
  static const CountCase cases[] = {
    { 1000, "1,000" },
    { 123456, "1,23,456" },
    { 1234567, "12,34,567" },
    { 4294967295u, "4,29,49,67,295" },
  };

  if (use_numeric_locale ("en_IN.UTF-8"))
    check_cases (cases, G_N_ELEMENTS (cases));
  setlocale (LC_NUMERIC, "C");
}

/* Folding for search drops case and accents, also of letters that have
 * no decomposition. */
static void
test_fold_accents (void)
{
  static const struct { const char *text; const char *folded; } cases[] = {
    { "Jürgen", "jurgen" },
    { "JÜRGEN", "jurgen" },
    { "Zoë Nguyễn", "zoe nguyen" },
    { "Søren Łukasz", "soren lukasz" },
    { "Straße", "strasse" },
    { "Jane@Example.COM", "jane@example.com" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = bounce_format_fold (cases[i].text);

      g_assert_cmpstr (folded, ==, cases[i].folded);
    }
}

/* In the C.UTF-8 locale, which a system without the user's locale falls
 * back to, the month follows LANGUAGE as the messages do, through GLib's
 * translations (Debian's libglib2.0-data). */
static void
test_date_c_locale_month (void)
{
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 12, 2, 10, 15, 0);
  g_autofree char *french = NULL;
  g_autofree char *french_short = NULL;
  g_autofree char *standalone = NULL;
  g_autofree char *literal = NULL;
  g_autofree char *english = NULL;

  if (setlocale (LC_ALL, "C.UTF-8") == NULL)
    {
      g_test_skip ("locale C.UTF-8 is not available");
      return;
    }
  if (!g_file_test ("/usr/share/locale/fr/LC_MESSAGES/glib20.mo", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("GLib's French translations are not installed");
      setlocale (LC_ALL, "C");
      return;
    }

  g_unsetenv ("LANGUAGE");
  english = bounce_format_date (date, "%-d %B %Y, %H:%M");

  /* gettext keeps what it looked up until the locale changes. */
  g_setenv ("LANGUAGE", "fr", TRUE);
  setlocale (LC_ALL, "C");
  setlocale (LC_ALL, "C.UTF-8");
  french = bounce_format_date (date, "%-d %B %Y, %H:%M");
  french_short = bounce_format_date (date, "%-d %b");
  standalone = bounce_format_date (date, "%OB");
  literal = bounce_format_date (date, "100%% %%B");
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "C");

  g_assert_cmpstr (french, ==, "2 décembre 2026, 10:15");
  g_assert_cmpstr (french_short, ==, "2 déc.");
  g_assert_cmpstr (standalone, ==, "décembre");
  g_assert_cmpstr (literal, ==, "100% %B");
  g_assert_cmpstr (english, ==, "2 December 2026, 10:15");
}

/* A generated locale gives its own month names, as g_date_time_format()
 * does. */
static void
test_date_named_locale (void)
{
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 12, 2, 10, 15, 0);
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  if (setlocale (LC_TIME, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("locale de_DE.UTF-8 is not generated");
      return;
    }

  g_setenv ("LANGUAGE", "fr", TRUE);
  text = bounce_format_date (date, "%-d. %B %Y");
  expected = g_date_time_format (date, "%-d. %B %Y");
  g_unsetenv ("LANGUAGE");
  setlocale (LC_TIME, "C");

  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpstr (text, ==, "2. Dezember 2026");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/count/c-locale", test_c_locale);
  g_test_add_func ("/format/fold/accents", test_fold_accents);
  g_test_add_func ("/format/count/german", test_german);
  g_test_add_func ("/format/count/english", test_english);
  g_test_add_func ("/format/count/indian-grouping", test_indian_grouping);
  g_test_add_func ("/format/date/c-locale-month", test_date_c_locale_month);
  g_test_add_func ("/format/date/named-locale", test_date_named_locale);

  return g_test_run ();
}

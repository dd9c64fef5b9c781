/* test-format.c: counts grouped for the locale.
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

  return g_test_run ();
}

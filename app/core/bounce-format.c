/* bounce-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-format"

#include "config.h"

#include <limits.h>
#include <locale.h>
#include <string.h>

#include "bounce-format.h"

/**
 * bounce_format_count:
 * @count: a number of rows, messages or bounces
 *
 * Formats @count with the digit grouping and thousands separator of the
 * LC_NUMERIC locale, as printf's ' flag does: "12,345" in English,
 * "12.345" in German, plain "12345" in the C locale. printf's flag is not
 * used because ISO C lacks it and -Wpedantic rejects it.
 *
 * Returns: (transfer full): the digits, grouped
 */
char *
bounce_format_count (guint count)
{
  const struct lconv *conventions = localeconv ();
  const char *separator = conventions->thousands_sep;
  const char *grouping = conventions->grouping;
  g_autofree char *digits = g_strdup_printf ("%u", count);
  gsize n_digits = strlen (digits);
  gboolean separator_before[24] = { FALSE };
  gsize n_left = n_digits;
  int group_size = 0;
  GString *text;

  g_assert (n_digits < G_N_ELEMENTS (separator_before));

  /* grouping lists the group sizes from the right; a 0 repeats the last
   * size for the remaining digits and CHAR_MAX ends the grouping. */
  while (separator != NULL && separator[0] != '\0' && grouping != NULL)
    {
      if (*grouping == CHAR_MAX || (*grouping <= 0 && group_size == 0))
        break;
      if (*grouping > 0)
        group_size = *grouping++;
      if (n_left <= (gsize) group_size)
        break;
      n_left -= group_size;
      separator_before[n_left] = TRUE;
    }

  text = g_string_sized_new (n_digits * 2);
  for (gsize i = 0; i < n_digits; i++)
    {
      if (separator_before[i])
        g_string_append (text, separator);
      g_string_append_c (text, digits[i]);
    }

  return g_string_free (text, FALSE);
}

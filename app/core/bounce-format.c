/* bounce-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-format"

#include "config.h"

#include <limits.h>
#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>

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

  /* grouping lists the group sizes from the right. A 0 repeats the last
   * size for the remaining digits, and CHAR_MAX ends the grouping. */
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

/**
 * bounce_format_fold:
 * @text: UTF-8 text, or %NULL
 *
 * Folds @text for a search that ignores case and accents: case-folded,
 * decomposed (NFKD) and without combining marks, so that "Jürgen" and
 * "JURGEN" both give "jurgen". ASCII text only changes case.
 *
 * Returns: (transfer full): the folded text, "" for %NULL
 */
char *
bounce_format_fold (const char *text)
{
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  GString *stripped;

  if (text == NULL)
    return g_strdup ("");

  if (g_str_is_ascii (text))
    return g_ascii_strdown (text, -1);

  folded = g_utf8_casefold (text, -1);
  decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
  /* Text that is not valid UTF-8 has no normal form: keep it case-folded. */
  if (decomposed == NULL)
    return g_steal_pointer (&folded);

  stripped = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (g_unichar_type (c))
        {
        case G_UNICODE_NON_SPACING_MARK:
        case G_UNICODE_SPACING_MARK:
        case G_UNICODE_ENCLOSING_MARK:
          break;
        default:
          /* These letters have no decomposition, but readers take them
           * for a base letter with a mark. */
          if (c == 0x00F8)      /* ø */
            c = 'o';
          else if (c == 0x0142) /* ł */
            c = 'l';
          else if (c == 0x0111) /* đ */
            c = 'd';
          g_string_append_unichar (stripped, c);
        }
    }

  return g_string_free (stripped, FALSE);
}

/* The English month names that GLib's translations (the "glib20" domain)
 * take as message ids, January first. */
static const char * const month_names[] = {
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
};

static const char * const month_abbreviations[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* Looks @month up in GLib's translations under @context. xgettext reads
 * the calls of the context variant, g_dpgettext2, as messages of this
 * program and would copy GLib's month names into its catalogue. */
static const char *
lookup_glib_month (const char *context,
                   const char *month)
{
  g_autofree char *key = g_strconcat (context, "\004", month, NULL);
  gsize offset = strlen (context) + 1;
  const char *name = g_dpgettext ("glib20", key, offset);

  /* Without a translation, the result points into @key. */
  if (name == key + offset)
    return month;

  return name;
}

static gboolean
time_locale_is_c (void)
{
  const char *name = setlocale (LC_TIME, NULL);

  return name == NULL || strcmp (name, "C") == 0 || strcmp (name, "POSIX") == 0 ||
         g_str_has_prefix (name, "C.");
}

static void
append_escaped (GString    *format,
                const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%')
        g_string_append_c (format, '%');
      g_string_append_c (format, *p);
    }
}

char *
bounce_format_rfc3339 (GDateTime *date)
{
  g_autoptr(GDateTime) utc = NULL;
  GString *out;
  gint64 offset;
  gint64 minutes;
  int year, month, day;

  g_return_val_if_fail (date != NULL, NULL);

  offset = g_date_time_get_utc_offset (date) / G_TIME_SPAN_SECOND;
  if (offset % 60 != 0)
    {
      date = utc = g_date_time_to_utc (date);
      offset = 0;
    }

  g_date_time_get_ymd (date, &year, &month, &day);
  out = g_string_sized_new (32);
  g_string_append_printf (out, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day,
                          g_date_time_get_hour (date), g_date_time_get_minute (date),
                          g_date_time_get_second (date));
  if (g_date_time_get_microsecond (date) != 0)
    g_string_append_printf (out, ".%06d", g_date_time_get_microsecond (date));

  if (offset == 0)
    {
      g_string_append_c (out, 'Z');
      return g_string_free (out, FALSE);
    }

  minutes = ABS (offset) / 60;
  g_string_append_printf (out, "%c%02d:%02d", offset < 0 ? '-' : '+', (int) (minutes / 60), (int) (minutes % 60));

  return g_string_free (out, FALSE);
}

/**
 * bounce_format_date:
 * @date: the date and time
 * @format: a format as g_date_time_format() reads it
 *
 * Formats @date as g_date_time_format() does, except that in the C or
 * C.UTF-8 time locale the month names of %B, %OB and %b come from GLib's
 * translations in the language of the messages. On a system without the
 * locale of the user's language, LANGUAGE=fr with LANG=C.UTF-8 would
 * otherwise print French text around an English month: "2 December 2026
 * à 10:15".
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when @format is
 * invalid
 */
char *
bounce_format_date (GDateTime  *date,
                    const char *format)
{
  g_autoptr(GString) localized = NULL;
  int month;

  g_return_val_if_fail (date != NULL, NULL);
  g_return_val_if_fail (format != NULL, NULL);

  if (!time_locale_is_c ())
    return g_date_time_format (date, format);

  /* GLib's contexts: "with day" is the form beside a day number, which
   * some languages inflect, and the plain one is for a month without a day (%OB). */
  month = g_date_time_get_month (date) - 1;
  localized = g_string_sized_new (strlen (format) + 16);
  for (const char *p = format; *p != '\0'; p++)
    {
      const char *name = NULL;

      if (p[0] != '%' || p[1] == '\0')
        {
          g_string_append_c (localized, *p);
          continue;
        }

      if (p[1] == 'B')
        name = lookup_glib_month ("full month name with day", month_names[month]);
      else if (p[1] == 'b')
        name = lookup_glib_month ("abbreviated month name with day", month_abbreviations[month]);
      else if (p[1] == 'O' && p[2] == 'B')
        {
          name = lookup_glib_month ("full month name", month_names[month]);
          p++;
        }

      /* "%%" and every other code pass through whole. */
      if (name != NULL)
        append_escaped (localized, name);
      else
        g_string_append_len (localized, p, 2);
      p++;
    }

  return g_date_time_format (date, localized->str);
}

void
bounce_format_bind_translations (void)
{
  const char *localedir = g_getenv ("BOUNCE_LOCALEDIR");

  if (localedir == NULL || localedir[0] == '\0')
    localedir = LOCALEDIR;

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* bounce_format_date() reads month names from GLib's translations. */
  bind_textdomain_codeset ("glib20", "UTF-8");
}

/* Returns the colon after the hours of the time in an RFC 5322 date
 * ("Mon, 1 Dec 2025 10:00:60 +0000"), or NULL. */
static const char *
find_time (const char *value)
{
  for (const char *p = strchr (value, ':'); p != NULL; p = strchr (p + 1, ':'))
    if (p > value && g_ascii_isdigit (p[-1]) && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]))
      return p;

  return NULL;
}

/**
 * bounce_format_parse_header_date:
 * @value: the value of a Date header or a DSN date field (RFC 5322
 *   section 3.3), unfolded or not
 * @invalid_offset: (out): set when the date has a numeric time zone
 *   offset that cannot be, such as "+2500"
 *
 * Parses @value with GMime, which skips comments and folding. A leap
 * second (":60"), which RFC 5322 allows and GDateTime cannot hold, is
 * read as ":59". GMime reads an impossible offset as UTC, so the time
 * would be off by up to a day without a sign of it: such a date is not
 * read at all, and @invalid_offset is set. A zone that is missing or not
 * known is read as UTC, which RFC 5322 section 4.3 recommends ("-0000").
 *
 * Returns: (transfer full) (nullable): the date, or %NULL when @value
 *   is not a date
 */
GDateTime *
bounce_format_parse_header_date (const char *value,
                                 gboolean   *invalid_offset)
{
  g_autofree char *leap_second = NULL;
  const char *colon;
  const char *p;

  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (invalid_offset != NULL, NULL);

  *invalid_offset = FALSE;
  colon = find_time (value);
  if (colon == NULL)
    return g_mime_utils_header_decode_date (value);

  /* After the minutes, the seconds if there are any. */
  p = colon + 3;
  if (p[0] == ':' && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]))
    {
      if (p[1] == '6' && p[2] == '0' && !g_ascii_isdigit (p[3]))
        {
          leap_second = g_strdup (value);
          leap_second[p + 1 - value] = '5';
          leap_second[p + 2 - value] = '9';
        }
      p += 3;
    }

  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
    p++;
  if ((p[0] == '+' || p[0] == '-') &&
      g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) && g_ascii_isdigit (p[3]) && g_ascii_isdigit (p[4]) &&
      !g_ascii_isdigit (p[5]))
    {
      int hours = (p[1] - '0') * 10 + (p[2] - '0');
      int minutes = (p[3] - '0') * 10 + (p[4] - '0');

      /* GTimeZone takes offsets up to 23:59. */
      if (hours > 23 || minutes > 59)
        {
          *invalid_offset = TRUE;
          return NULL;
        }
    }

  return g_mime_utils_header_decode_date (leap_second != NULL ? leap_second : value);
}

/* bounce-cleaner-columns.c: where the cleaner writes the status cells of
 * a row, so that a file cleaned before keeps one set of status columns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-cleaner"

#include "config.h"

#include <string.h>

#include "bounce-cleaner-columns-private.h"
#include "bounce-csv-private.h"
#include "bounce-hygiene.h"
#include "bounce-reason.h"

/* Indexed by BounceStatusKind. */
static const char * const column_names[] = {
  "bounce_category", "bounce_reason", "bounce_status", "bounce_date", "bounce_removal_reason",
};
G_STATIC_ASSERT (G_N_ELEMENTS (column_names) == BOUNCE_STATUS_KIND_LAST);

/* Each BounceStatusColumns bit is the bit of its kind. */
G_STATIC_ASSERT (BOUNCE_STATUS_COLUMN_CATEGORY == 1 << BOUNCE_STATUS_KIND_CATEGORY);
G_STATIC_ASSERT (BOUNCE_STATUS_COLUMN_REASON == 1 << BOUNCE_STATUS_KIND_REASON);
G_STATIC_ASSERT (BOUNCE_STATUS_COLUMN_STATUS == 1 << BOUNCE_STATUS_KIND_STATUS);
G_STATIC_ASSERT (BOUNCE_STATUS_COLUMN_DATE == 1 << BOUNCE_STATUS_KIND_DATE);

/* The status columns that --add-columns appends, which a file without a
 * header can end with. A removed file has a bounce_removal_reason column
 * after them. */
#define N_UNNAMED_KINDS BOUNCE_STATUS_KIND_REMOVAL
#define ALL_UNNAMED_KINDS ((1u << N_UNNAMED_KINDS) - 1)
#define REMOVAL_KIND (1u << BOUNCE_STATUS_KIND_REMOVAL)
#define ALL_KINDS ((1u << BOUNCE_STATUS_KIND_LAST) - 1)

/* The removals before ": " in a bounce_removal_reason cell, besides the
 * names of the list checks, such as "typo". */
static const char * const removal_names[] = { "hard", "complaint", "soft-limit", "suppressed", "invalid", NULL };

/* Rows read between two calls to _bounce_contact_list_release_pages(). */
#define RELEASE_ROWS 65536

const char *
_bounce_status_kind_get_column_name (BounceStatusKind kind)
{
  g_assert (kind < BOUNCE_STATUS_KIND_LAST);

  return column_names[kind];
}

/* The bounce_category cells the cleaner writes: a category's name. */
static gboolean
is_category_cell (const char *cell)
{
  BounceCategory category;

  return bounce_category_from_string (cell, &category) &&
         strcmp (cell, bounce_category_to_string (category)) == 0;
}

/* The bounce_reason cells the cleaner writes: a reason such as
 * "mailbox-unknown", or for a row kept for another address
 * "mailbox-unknown: hank@example.com; kept for ivy@example.com",
 * "mailbox-unknown: kim@example.com; kept to check" and, for a bounce of
 * another address column, "mailbox-unknown: lena@example.org; not the
 * list address". */
static gboolean
is_reason_cell (const char *cell)
{
  const char *colon = strchr (cell, ':');

  if (colon == NULL)
    return bounce_reason_get_description (cell) != NULL;

  for (const char *p = cell; p < colon; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;

  return strstr (colon, "; kept for ") != NULL || g_str_has_suffix (colon, "; kept to check") ||
         g_str_has_suffix (colon, "; not the list address");
}

static gboolean
is_removal_name (const char *name,
                 gsize       length)
{
  g_autofree char *copy = g_strndup (name, length);

  if (g_strv_contains (removal_names, copy))
    return TRUE;

  for (guint flag = 1; flag <= BOUNCE_HYGIENE_FLAG_ALL; flag <<= 1)
    if (strcmp (copy, bounce_hygiene_flag_to_string (flag)) == 0)
      return TRUE;

  return FALSE;
}

/* The bounce_removal_reason cells the cleaner writes: a removal and the
 * address it is for ("hard: kim@example.com", "hard: jane@gmail.com
 * (same mailbox)"), several of them joined by "; ", or the cell of an
 * invalid address ("invalid: kim@exa mple.com"). */
static gboolean
is_removal_cell (const char *cell)
{
  const char *colon = strchr (cell, ':');

  return colon != NULL && colon > cell && colon[1] == ' ' && is_removal_name (cell, colon - cell);
}

gboolean
_bounce_is_status_cell_with_address (const char *cell)
{
  g_return_val_if_fail (cell != NULL, FALSE);

  if (strchr (cell, '@') == NULL || strchr (cell, ':') == NULL)
    return FALSE;

  return is_removal_cell (cell) || is_reason_cell (cell);
}

/* The bounce_status cells the cleaner writes: an enhanced status code
 * (RFC 3463, section 2), such as "5.1.1". */
static gboolean
is_status_cell (const char *cell)
{
  const char *p = cell;

  if (*p != '2' && *p != '4' && *p != '5')
    return FALSE;
  p++;

  for (guint part = 0; part < 2; part++)
    {
      guint digits = 0;

      if (*p++ != '.')
        return FALSE;
      for (; g_ascii_isdigit (*p); p++)
        digits++;
      if (digits == 0 || digits > 3)
        return FALSE;
    }

  return *p == '\0';
}

/* The bounce_date cells the cleaner writes with bounce_format_rfc3339(),
 * or with g_date_time_format_iso8601() before it ("-08" for "-08:00"). */
static gboolean
is_date_cell (const char *cell)
{
  g_autoptr(GDateTime) date = NULL;

  if (!g_ascii_isdigit (cell[0]))
    return FALSE;
  date = g_date_time_new_from_iso8601 (cell, NULL);

  return date != NULL;
}

/* Returns the kinds of unnamed status column whose cells @cell can be, a
 * bit for each BounceStatusKind. An empty cell can be any. */
static guint
get_cell_kinds (const char *cell)
{
  guint kinds = 0;

  if (cell[0] == '\0')
    return ALL_KINDS;

  if (is_category_cell (cell))
    kinds |= 1 << BOUNCE_STATUS_KIND_CATEGORY;
  if (is_reason_cell (cell))
    kinds |= 1 << BOUNCE_STATUS_KIND_REASON;
  if (is_status_cell (cell))
    kinds |= 1 << BOUNCE_STATUS_KIND_STATUS;
  if (is_date_cell (cell))
    kinds |= 1 << BOUNCE_STATUS_KIND_DATE;
  if (is_removal_cell (cell))
    kinds |= REMOVAL_KIND;

  return kinds;
}

static void
add_column (BounceStatusLayout *layout,
            guint               column,
            BounceStatusKind    kind)
{
  BounceCsvCell cell = { column, NULL };

  g_array_append_val (layout->columns, cell);
  g_array_append_val (layout->kinds, kind);
  layout->present |= 1u << kind;
}

/* Adds the status columns among the @n_candidates columns from @first
 * on, whose cells can be of @kinds (see get_cell_kinds()). It takes the
 * most columns that fit, ending at the last candidate, in the order they
 * are appended in: bounce_category, bounce_reason, bounce_status,
 * bounce_date. */
static void
add_unnamed_status_columns (BounceStatusLayout *layout,
                            guint               first,
                            guint               n_candidates,
                            const guint        *kinds,
                            const gboolean     *filled)
{
  for (guint n = MIN (n_candidates, N_UNNAMED_KINDS); n > 0; n--)
    for (guint set = 1; set <= ALL_UNNAMED_KINDS; set++)
      {
        guint offset = n_candidates - n;
        guint i = 0;
        guint size = 0;
        gboolean fits;

        for (guint kind = 0; kind < N_UNNAMED_KINDS; kind++)
          size += (set >> kind) & 1;
        fits = size == n && (set & (1 << BOUNCE_STATUS_KIND_CATEGORY)) != 0;

        for (guint kind = 0; kind < N_UNNAMED_KINDS && fits; kind++)
          {
            if ((set & (1u << kind)) == 0)
              continue;
            fits = (kinds[offset + i] & (1u << kind)) != 0 &&
                   (kind != BOUNCE_STATUS_KIND_CATEGORY || filled[offset + i]);
            i++;
          }
        if (!fits)
          continue;

        i = 0;
        for (guint kind = 0; kind < N_UNNAMED_KINDS; kind++)
          if ((set & (1u << kind)) != 0)
            add_column (layout, first + offset + i++, kind);
        return;
      }
}

/* A file without a header names no columns, so the status columns of an
 * earlier clean are recognized by their cells instead. They are the last
 * columns, after the list address column, in the order the cleaner
 * appends them, and a removed file has its bounce_removal_reason column
 * after them. Each of their cells is empty or has the form the cleaner
 * writes. A bounce_category column with a category in it is required,
 * so that a column of the contact's own dates or codes is never taken
 * for one: its cells would be written over. A last column of removal
 * reasons is always looked for, because their form ("hard:
 * kim@example.com") is Bounce's own, and so are the status columns
 * before it. Without it, the status columns are only looked for when
 * @status_columns, as a person asked for status cells then. */
static void
find_unnamed_columns (BounceStatusLayout *layout,
                      BounceContactList  *contacts,
                      gboolean            status_columns)
{
  guint n_columns = bounce_contact_list_get_n_columns (contacts);
  guint n_rows = bounce_contact_list_get_n_rows (contacts);
  int email_column = bounce_contact_list_get_email_column (contacts);
  guint first = MAX (n_columns > BOUNCE_STATUS_KIND_LAST ? n_columns - BOUNCE_STATUS_KIND_LAST : 0,
                     (guint) email_column + 1);
  guint kinds[BOUNCE_STATUS_KIND_LAST];
  gboolean filled[BOUNCE_STATUS_KIND_LAST] = { FALSE };
  guint n_candidates;
  guint last;

  if (first >= n_columns)
    return;
  n_candidates = n_columns - first;
  last = n_candidates - 1;
  for (guint i = 0; i < n_candidates; i++)
    kinds[i] = ALL_KINDS;

  for (guint row = 0; row < n_rows; row++)
    {
      char *cells[BOUNCE_STATUS_KIND_LAST] = { NULL };
      gboolean possible;

      /* The rows read so far can leave this process's memory, as they
       * do while the file is written. */
      if (row % RELEASE_ROWS == 0)
        _bounce_contact_list_release_pages (contacts, _bounce_contact_list_get_row_gap (contacts, row).text);

      if (bounce_contact_list_is_row_damaged (contacts, row) ||
          _bounce_contact_list_get_n_fields (contacts, row) <= first)
        continue;

      _bounce_contact_list_dup_cells (contacts, row, first, n_candidates, cells);
      for (guint i = 0; i < n_candidates; i++)
        {
          if (cells[i][0] != '\0')
            filled[i] = TRUE;
          kinds[i] &= get_cell_kinds (cells[i]);
          g_free (cells[i]);
        }

      /* A file whose last columns hold the contact's own data ends here,
       * usually at its first row. */
      possible = (kinds[last] & REMOVAL_KIND) != 0;
      for (guint i = 0; i < n_candidates && status_columns && !possible; i++)
        possible |= (kinds[i] & (1 << BOUNCE_STATUS_KIND_CATEGORY)) != 0;
      if (!possible)
        return;
    }

  /* Of a removed file, the status columns come before the last one, and
   * are added first to keep the columns in their order. */
  if ((kinds[last] & REMOVAL_KIND) != 0 && filled[last])
    {
      add_unnamed_status_columns (layout, first, last, kinds, filled);
      add_column (layout, first + last, BOUNCE_STATUS_KIND_REMOVAL);
    }
  else if (status_columns)
    {
      guint offset = n_candidates > N_UNNAMED_KINDS ? n_candidates - N_UNNAMED_KINDS : 0;

      add_unnamed_status_columns (layout, first + offset, n_candidates - offset, kinds + offset, filled + offset);
    }
}

/* TRUE when each cell of @column is empty or has the form the cleaner
 * writes in a column of @kind. */
static gboolean
has_cells_of_kind (BounceContactList *contacts,
                   guint              column,
                   BounceStatusKind   kind)
{
  guint n_rows = bounce_contact_list_get_n_rows (contacts);

  for (guint row = 0; row < n_rows; row++)
    {
      g_autofree char *cell = NULL;

      if (row % RELEASE_ROWS == 0)
        _bounce_contact_list_release_pages (contacts, _bounce_contact_list_get_row_gap (contacts, row).text);

      if (bounce_contact_list_is_row_damaged (contacts, row) ||
          _bounce_contact_list_get_n_fields (contacts, row) <= column)
        continue;

      _bounce_contact_list_dup_cells (contacts, row, column, 1, &cell);
      if ((get_cell_kinds (cell) & (1u << kind)) == 0)
        return FALSE;
    }

  return TRUE;
}

void
_bounce_status_layout_init (BounceStatusLayout *layout,
                            BounceContactList  *contacts,
                            BounceStatusColumns columns)
{
  memset (layout, 0, sizeof *layout);
  layout->columns = g_array_new (FALSE, FALSE, sizeof (BounceCsvCell));
  layout->kinds = g_array_new (FALSE, FALSE, sizeof (BounceStatusKind));

  if (bounce_contact_list_get_dialect (contacts)->has_header)
    {
      guint n_names = _bounce_contact_list_get_n_header_fields (contacts);

      /* Every column of such a name, also the second set that an older
       * version appended to a file cleaned before. A column only counts
       * when its cells have the form the cleaner writes, also when
       * status columns are asked for: other tools and people name their
       * own columns so too, and a clean would write over their notes.
       * Status columns asked for are then appended beside such a
       * column. */
      for (guint column = 0; column < n_names; column++)
        for (guint kind = 0; kind < BOUNCE_STATUS_KIND_LAST; kind++)
          if (g_ascii_strcasecmp (bounce_contact_list_get_column_name (contacts, column), column_names[kind]) == 0 &&
              has_cells_of_kind (contacts, column, kind))
            add_column (layout, column, kind);
    }
  else
    find_unnamed_columns (layout, contacts, columns != BOUNCE_STATUS_COLUMN_NONE);
}

void
_bounce_status_layout_clear (BounceStatusLayout *layout)
{
  g_clear_pointer (&layout->columns, g_array_unref);
  g_clear_pointer (&layout->kinds, g_array_unref);
}

guint
_bounce_status_layout_get_kinds (const BounceStatusLayout *layout,
                                 BounceStatusColumns       columns,
                                 gboolean                  removed_file)
{
  /* The status cells of a file cleaned before describe that clean, so
   * they are all written again, also when no status columns are asked
   * for. A row of a removed file that is kept now gets an empty removal
   * reason. */
  guint kinds = columns | layout->present;

  if (removed_file)
    kinds |= REMOVAL_KIND;

  return kinds;
}

guint
_bounce_status_layout_place (const BounceStatusLayout *layout,
                             guint                     kinds,
                             const char * const       *values,
                             GArray                   *replaced,
                             const char              **appended)
{
  guint n = 0;

  g_array_set_size (replaced, 0);
  for (guint i = 0; i < layout->columns->len; i++)
    {
      BounceCsvCell cell = g_array_index (layout->columns, BounceCsvCell, i);
      BounceStatusKind kind = g_array_index (layout->kinds, BounceStatusKind, i);

      if ((kinds & (1u << kind)) == 0)
        continue;
      cell.cell = values[kind] != NULL ? values[kind] : "";
      g_array_append_val (replaced, cell);
    }

  for (guint kind = 0; kind < BOUNCE_STATUS_KIND_LAST; kind++)
    if ((kinds & (1u << kind)) != 0 && (layout->present & (1u << kind)) == 0)
      appended[n++] = values[kind] != NULL ? values[kind] : "";
  appended[n] = NULL;

  return n;
}

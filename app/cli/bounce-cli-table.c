/* bounce-cli-table.c: the text tables of bounce-cli.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-cli-table"

#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "bounce-cli-table.h"
#include "bounce-format.h"

#define COLUMN_GAP 2

/* A column is not narrowed below this many cells to fit the terminal: a
 * cut cell keeps a few characters at each end. */
#define MIN_CUT_WIDTH 8

/* The width assumed for a file or a pipe: wide enough for most paths in
 * a file or a pager. */
#define DEFAULT_WIDTH 132

struct _BounceCliTable
{
  guint      n_columns;
  guint      indent;
  guint      max_width;
  gboolean  *align_right;
  guint     *widths;     /* from bounce_cli_table_set_widths() or the last print */
  gboolean   shorten;    /* cut cells to fit: on a terminal, or with $COLUMNS set */
  GPtrArray *rows;       /* GStrv, each of n_columns valid UTF-8 cells */
};

/* Returns the cells that @c takes on a terminal. Control characters are
 * printed as "?", so they take one. */
static guint
char_width (gunichar c)
{
  if (c < 0x20 || c == 0x7f)
    return 1;
  if (g_unichar_iszerowidth (c))
    return 0;
  if (g_unichar_iswide (c))
    return 2;

  return 1;
}

guint
bounce_cli_text_width (const char *text)
{
  guint width = 0;

  g_return_val_if_fail (text != NULL, 0);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += char_width (g_utf8_get_char (p));

  return width;
}

/* Sets @width to the terminal's width on standard output, else to
 * $COLUMNS. Returns FALSE when there is neither. */
static gboolean
read_output_width (guint *width)
{
  const char *columns = g_getenv ("COLUMNS");
  struct winsize size;
  guint64 value = 0;

  if (isatty (STDOUT_FILENO) && ioctl (STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    {
      *width = size.ws_col;
      return TRUE;
    }

  if (columns != NULL && g_ascii_string_to_unsigned (columns, 10, 20, 1000, &value, NULL))
    {
      *width = (guint) value;
      return TRUE;
    }

  return FALSE;
}

gboolean
bounce_cli_output_has_width (void)
{
  guint width;

  return read_output_width (&width);
}

guint
bounce_cli_get_terminal_width (void)
{
  guint width;

  return read_output_width (&width) ? width : DEFAULT_WIDTH;
}

BounceCliTable *
bounce_cli_table_new (guint n_columns)
{
  BounceCliTable *table;

  g_return_val_if_fail (n_columns > 0, NULL);

  table = g_new0 (BounceCliTable, 1);
  table->n_columns = n_columns;
  table->shorten = bounce_cli_output_has_width ();
  table->max_width = table->shorten ? bounce_cli_get_terminal_width () : G_MAXUINT;
  table->align_right = g_new0 (gboolean, n_columns);
  table->widths = g_new0 (guint, n_columns);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  return table;
}

void
bounce_cli_table_free (BounceCliTable *table)
{
  if (table == NULL)
    return;

  g_free (table->align_right);
  g_free (table->widths);
  g_ptr_array_unref (table->rows);
  g_free (table);
}

void
bounce_cli_table_set_indent (BounceCliTable *table,
                             guint           indent)
{
  g_return_if_fail (table != NULL);

  table->indent = indent;
}

void
bounce_cli_table_set_max_width (BounceCliTable *table,
                                guint           max_width)
{
  g_return_if_fail (table != NULL);

  table->max_width = max_width;
}

void
bounce_cli_table_set_align_right (BounceCliTable *table,
                                  guint           column)
{
  g_return_if_fail (table != NULL);
  g_return_if_fail (column < table->n_columns);

  table->align_right[column] = TRUE;
}

void
bounce_cli_table_set_widths (BounceCliTable *table,
                             const guint    *widths)
{
  g_return_if_fail (table != NULL);
  g_return_if_fail (widths != NULL);

  memcpy (table->widths, widths, table->n_columns * sizeof (guint));

  /* Rows that come one at a time keep their columns in line only by
   * cutting, because the widest cell is not known in advance. */
  table->shorten = TRUE;
}

void
bounce_cli_table_add_row (BounceCliTable *table,
                          const char     *first_cell,
                          ...)
{
  char **row;
  va_list args;
  const char *cell = first_cell;

  g_return_if_fail (table != NULL);

  row = g_new0 (char *, table->n_columns + 1);
  va_start (args, first_cell);
  for (guint i = 0; i < table->n_columns; i++)
    {
      /* A row with fewer cells leaves the rest empty. */
      if (cell == NULL)
        {
          row[i] = g_strdup ("");
          continue;
        }
      row[i] = g_utf8_make_valid (cell, -1);
      cell = va_arg (args, const char *);
    }
  va_end (args);

  g_ptr_array_add (table->rows, row);
}

void
bounce_cli_table_add_count (BounceCliTable *table,
                            const char     *label,
                            guint           count)
{
  g_autofree char *count_text = bounce_format_count (count);

  bounce_cli_table_add_row (table, label, count_text, NULL);
}

/* Appends the characters of @text from @start to @end, with control
 * characters as "?", so that a file name with a newline cannot break the
 * table. */
static void
append_text (GString    *out,
             const char *start,
             const char *end)
{
  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        g_string_append_c (out, '?');
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
}

char *
bounce_cli_dup_printable (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_sized_new (strlen (valid));

  append_text (out, valid, valid + strlen (valid));

  return g_string_free (out, FALSE);
}

/* Appends @text in at most @width cells and returns the cells appended.
 * A wider text is shortened in the middle with "…", so that both ends
 * stay: the start of a path and the file name, or the name and the
 * domain of an address. */
static guint
append_cut (GString    *out,
            const char *text,
            guint       width)
{
  guint text_width = bounce_cli_text_width (text);
  guint head_budget, tail_budget, head_width = 0, tail_width = 0;
  const char *head_end = text;
  const char *tail_start = text + strlen (text);

  if (text_width <= width)
    {
      append_text (out, text, text + strlen (text));
      return text_width;
    }
  if (width == 0)
    return 0;

  /* One cell goes to the "…", a third of the rest to the head and the
   * rest to the tail, because the end of a path names the file. */
  head_budget = (width - 1) / 3;
  tail_budget = width - 1 - head_budget;

  while (*head_end != '\0')
    {
      guint cells = char_width (g_utf8_get_char (head_end));

      if (head_width + cells > head_budget)
        break;
      head_width += cells;
      head_end = g_utf8_next_char (head_end);
    }

  while (tail_start > head_end)
    {
      const char *previous = g_utf8_prev_char (tail_start);
      guint cells = char_width (g_utf8_get_char (previous));

      if (tail_width + cells > tail_budget)
        break;
      tail_width += cells;
      tail_start = previous;
    }

  append_text (out, text, head_end);
  g_string_append (out, "…");
  append_text (out, tail_start, text + strlen (text));

  return head_width + 1 + tail_width;
}

static void
append_spaces (GString *out,
               guint    count)
{
  for (guint i = 0; i < count; i++)
    g_string_append_c (out, ' ');
}

void
bounce_cli_table_append_row (BounceCliTable     *table,
                             GString            *out,
                             const char * const *cells)
{
  gsize line_start = out->len;

  g_return_if_fail (table != NULL);
  g_return_if_fail (out != NULL);
  g_return_if_fail (cells != NULL);

  append_spaces (out, table->indent);
  for (guint i = 0; i < table->n_columns; i++)
    {
      g_autofree char *valid = g_utf8_make_valid (cells[i] != NULL ? cells[i] : "", -1);
      guint width = table->widths[i];
      guint cut_width;

      /* In a file or a pipe a cell is printed whole, even past its column. */
      if (!table->shorten)
        width = MAX (width, bounce_cli_text_width (valid));

      if (i > 0)
        append_spaces (out, COLUMN_GAP);

      if (table->align_right[i])
        {
          GString *cell = g_string_new (NULL);

          cut_width = append_cut (cell, valid, width);
          append_spaces (out, width - cut_width);
          g_string_append (out, cell->str);
          g_string_free (cell, TRUE);
          continue;
        }

      cut_width = append_cut (out, valid, width);
      append_spaces (out, width - cut_width);
    }

  /* The last column is not padded, and an empty last cell leaves no gap. */
  while (out->len > line_start && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '\n');
}

/* Sets each column as wide as its widest cell, then narrows the widest
 * column a cell at a time until a line fits the maximum width or every
 * column is down to MIN_CUT_WIDTH. */
static void
fit_widths (BounceCliTable *table)
{
  guint total = table->indent + COLUMN_GAP * (table->n_columns - 1);

  for (guint c = 0; c < table->n_columns; c++)
    {
      table->widths[c] = 0;
      for (guint r = 0; r < table->rows->len; r++)
        {
          char **row = g_ptr_array_index (table->rows, r);

          table->widths[c] = MAX (table->widths[c], bounce_cli_text_width (row[c]));
        }
      total += table->widths[c];
    }

  while (total > table->max_width)
    {
      guint widest = 0;

      for (guint c = 1; c < table->n_columns; c++)
        if (table->widths[c] > table->widths[widest])
          widest = c;

      if (table->widths[widest] <= MIN_CUT_WIDTH)
        break;
      table->widths[widest]--;
      total--;
    }
}

void
bounce_cli_table_print (BounceCliTable *table,
                        GString        *out)
{
  g_return_if_fail (table != NULL);
  g_return_if_fail (out != NULL);

  fit_widths (table);
  for (guint r = 0; r < table->rows->len; r++)
    bounce_cli_table_append_row (table, out, g_ptr_array_index (table->rows, r));

  g_ptr_array_set_size (table->rows, 0);
}

/* bounce-cli-table.h: the text tables of bounce-cli.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A table printed in columns aligned by display cells (a CJK character
 * takes two), with cells too long for their column shortened in the
 * middle with "…", so that each line fits the terminal. The last column
 * is not padded, so lines carry no trailing blanks. */
typedef struct _BounceCliTable BounceCliTable;

BounceCliTable *bounce_cli_table_new             (guint           n_columns);
void            bounce_cli_table_free            (BounceCliTable *table);

/* Sets the spaces printed before each line (0 by default). */
void            bounce_cli_table_set_indent      (BounceCliTable *table,
                                                  guint           indent);

/* Sets the width of a whole line in display cells. The default is the
 * terminal's width (see bounce_cli_get_terminal_width()), and no limit
 * when bounce_cli_output_has_width() returns FALSE. */
void            bounce_cli_table_set_max_width   (BounceCliTable *table,
                                                  guint           max_width);

/* Aligns the cells of @column to the right, as for counts. */
void            bounce_cli_table_set_align_right (BounceCliTable *table,
                                                  guint           column);

/* Adds a row of n_columns cells to print with bounce_cli_table_print().
 * The table copies the cells. */
void            bounce_cli_table_add_row         (BounceCliTable *table,
                                                  const char     *first_cell,
                                                  ...) G_GNUC_NULL_TERMINATED;

/* Appends the rows added so far to @out, in columns as wide as their
 * widest cell, narrowed from the widest column down when the lines would
 * be wider than the maximum width. The rows are then removed. */
void            bounce_cli_table_print           (BounceCliTable *table,
                                                  GString        *out);

/* Fixes the column widths for bounce_cli_table_append_row(), for a
 * table whose rows come one at a time. @widths has n_columns values.
 * Such a table cuts longer cells also in a file or a pipe. */
void            bounce_cli_table_set_widths      (BounceCliTable *table,
                                                  const guint    *widths);

/* Appends one row of n_columns @cells to @out at once, with the widths
 * of bounce_cli_table_set_widths(). */
void            bounce_cli_table_append_row      (BounceCliTable     *table,
                                                  GString            *out,
                                                  const char * const *cells);

/* Adds a row of @label and @count, grouped for the locale as
 * bounce_format_count() does. */
void            bounce_cli_table_add_count       (BounceCliTable *table,
                                                  const char     *label,
                                                  guint           count);

/* Returns @text with its control characters as "?", as the table prints
 * cells, for a file name printed on its own line. */
char           *bounce_cli_dup_printable         (const char     *text);

/* Returns the number of terminal cells @text takes: two for a wide
 * (East Asian) character, none for a combining mark, one for others. */
guint           bounce_cli_text_width            (const char     *text);

/* Returns the width of the terminal on standard output, else $COLUMNS,
 * else 132 for a file or a pipe. */
guint           bounce_cli_get_terminal_width    (void);

/* Returns TRUE when standard output is a terminal or $COLUMNS is set.
 * Otherwise a table printed with bounce_cli_table_print() never shortens
 * a cell, so a file or a pipe gets every cell whole. */
gboolean        bounce_cli_output_has_width      (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BounceCliTable, bounce_cli_table_free)

G_END_DECLS

/* bounce-cleaner-columns-private.h: where the cleaner writes the status
 * cells of a row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bounce-cleaner.h"

G_BEGIN_DECLS

/* The cells the cleaner can add to a row, in the order it appends them.
 * The first four are the BounceStatusColumns bits. */
typedef enum
{
  BOUNCE_STATUS_KIND_CATEGORY, /* bounce_category */
  BOUNCE_STATUS_KIND_REASON,   /* bounce_reason */
  BOUNCE_STATUS_KIND_STATUS,   /* bounce_status */
  BOUNCE_STATUS_KIND_DATE,     /* bounce_date */
  BOUNCE_STATUS_KIND_REMOVAL,  /* bounce_removal_reason, in the removed file only */
  BOUNCE_STATUS_KIND_LAST,
} BounceStatusKind;

/* The status columns a contact file has already, from an earlier clean:
 * their cells are written again in place, so that the file keeps one set
 * of status columns. */
typedef struct
{
  GArray *columns;  /* BounceCsvCell, by column; the cells are unset */
  GArray *kinds;    /* BounceStatusKind of each of columns */
  guint   present;  /* a bit for each BounceStatusKind in columns */
} BounceStatusLayout;

const char *_bounce_status_kind_get_column_name (BounceStatusKind kind);
/* Returns whether @cell has the form of a bounce_reason or
 * bounce_removal_reason cell that names an address, such as "hard:
 * kim@example.com": a column of them is no address column. */
gboolean    _bounce_is_status_cell_with_address (const char *cell);

/* Finds the status columns of @contacts: by their header names, or in a
 * file without a header by their cells. There a last column of removal
 * reasons and the status columns before it are always looked for, other
 * status columns only when @columns requests status cells. */
void        _bounce_status_layout_init        (BounceStatusLayout       *layout,
                                               BounceContactList        *contacts,
                                               BounceStatusColumns       columns);
void        _bounce_status_layout_clear       (BounceStatusLayout       *layout);
/* Returns the kinds of cell each row of the cleaned file, or of the
 * removed file when @removed_file, gets: those @columns requests, those
 * the file has, and the removal reason in the removed file. A bit for
 * each BounceStatusKind. */
guint       _bounce_status_layout_get_kinds   (const BounceStatusLayout *layout,
                                               BounceStatusColumns       columns,
                                               gboolean                  removed_file);
/* Sets @replaced (of BounceCsvCell) to the file's own columns of @kinds
 * with their new cells from @values (indexed by BounceStatusKind), and
 * @appended (BOUNCE_STATUS_KIND_LAST + 1 long) to the NULL-terminated
 * cells of @kinds the file lacks. Returns the number appended. */
guint       _bounce_status_layout_place       (const BounceStatusLayout *layout,
                                               guint                     kinds,
                                               const char * const       *values,
                                               GArray                   *replaced,
                                               const char              **appended);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BounceStatusLayout, _bounce_status_layout_clear)

G_END_DECLS

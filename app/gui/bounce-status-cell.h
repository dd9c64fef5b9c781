/* bounce-status-cell.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bounce-core.h"

G_BEGIN_DECLS

#define BOUNCE_TYPE_STATUS_CELL (bounce_status_cell_get_type ())

G_DECLARE_FINAL_TYPE (BounceStatusCell, bounce_status_cell, BOUNCE, STATUS_CELL, GtkWidget)

/* The status cell of a contact row: the category's badge, the short
 * reason, and marks for a row that the cleaned list leaves out and for a
 * damaged line. Setting the same verdict again changes no widget, so
 * rebinding a row that keeps its verdict costs no style or size work. */
GtkWidget      *bounce_status_cell_new         (void);
void            bounce_status_cell_set_verdict (BounceStatusCell *self,
                                                BounceCategory    category,
                                                const char       *description,
                                                const char       *tooltip,
                                                gboolean          removed,
                                                gboolean          damaged);
/* A badge shown in place of the category's. */
typedef enum
{
  BOUNCE_STATUS_BADGE_CATEGORY,  /* the category's own badge */
  BOUNCE_STATUS_BADGE_INVALID,   /* "Invalid": an invalid address that no bounce describes */
  BOUNCE_STATUS_BADGE_TO_CHECK,  /* "To check": kept, the bounce is for another address */
} BounceStatusBadge;

void            bounce_status_cell_set_badge   (BounceStatusCell  *self,
                                                BounceStatusBadge  badge_kind);
/* The badge's text, or NULL when no badge shows. */
const char     *bounce_status_cell_get_badge_text (BounceStatusCell *self);
BounceCategory  bounce_status_cell_get_category (BounceStatusCell *self);
const char     *bounce_status_cell_get_description (BounceStatusCell *self);

G_END_DECLS

/* bounce-record-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bounce-core.h"

G_BEGIN_DECLS

#define BOUNCE_TYPE_RECORD_VIEW (bounce_record_view_get_type ())

G_DECLARE_FINAL_TYPE (BounceRecordView, bounce_record_view, BOUNCE, RECORD_VIEW, GtkWidget)

/* One bounce of a contact: when, what category, the codes with their
 * meaning, how it matched and the server's own text. @kind is
 * BOUNCE_MATCH_NONE and @address NULL for a bounce that matched nothing. */
GtkWidget *bounce_record_view_new (BounceRecord    *record,
                                   BounceMatchKind  kind,
                                   const char      *address);
/* Titles the advice "This Bounce Alone" rather than "What to Do", for a
 * view shown under a contact whose own decision sits above it. */
void       bounce_record_view_set_contact_decided (BounceRecordView *self,
                                                   gboolean          contact_decided);
/* Says that the bounce is for a second address column of the contact,
 * which the cleaning policy does not look at. */
void       bounce_record_view_set_other_address   (BounceRecordView *self);
void       bounce_record_view_set_failed_address  (BounceRecordView *self,
                                                   const char       *failed_address);

G_END_DECLS

/* bounce-record-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BOUNCE_TYPE_RECORD_LIST (bounce_record_list_get_type ())

G_DECLARE_FINAL_TYPE (BounceRecordList, bounce_record_list, BOUNCE, RECORD_LIST, GObject)

/* A GListModel of BounceRecordItem over an array of BounceRecord. Items
 * are created when the view requests them. */
BounceRecordList *bounce_record_list_new (GPtrArray *records);

G_END_DECLS

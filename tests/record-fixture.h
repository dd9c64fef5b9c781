/* record-fixture.h: bounce records for the tests, built in memory
 * without a message to parse or collected from a scan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bounce-core.h"

G_BEGIN_DECLS

/* Creates a record of test.eml for @recipient with @category, @reason (a
 * BOUNCE_REASON_* string) and @status. */
BounceRecord *record_fixture_new      (const char     *recipient,
                                       BounceCategory  category,
                                       const char     *reason,
                                       const char     *status);
/* Creates a record of a hard bounce of @recipient: mailbox unknown,
 * status 5.1.1. */
BounceRecord *record_fixture_new_hard (const char     *recipient);

/* A BounceRecordFunc that adds a reference to @record to the
 * GPtrArray @records. */
void          collect_record_cb       (BounceRecord   *record,
                                       gpointer        records);

G_END_DECLS

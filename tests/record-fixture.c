/* record-fixture.c: bounce records for the tests, built in memory
 * without a message to parse or collected from a scan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "record-fixture.h"

BounceRecord *
record_fixture_new (const char     *recipient,
                    BounceCategory  category,
                    const char     *reason,
                    const char     *status)
{
  BounceRecord *record = bounce_record_new ("test.eml");

  bounce_record_set_string (&record->recipient, recipient);
  bounce_record_set_string (&record->status, status);
  record->category = category;
  record->reason = reason;

  return record;
}

BounceRecord *
record_fixture_new_hard (const char *recipient)
{
  return record_fixture_new (recipient, BOUNCE_CATEGORY_HARD, BOUNCE_REASON_MAILBOX_UNKNOWN, "5.1.1");
}

void
collect_record_cb (BounceRecord *record,
                   gpointer      records)
{
  g_ptr_array_add (records, bounce_record_ref (record));
}

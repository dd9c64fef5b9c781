/* dsn-fixture.h: bounce messages for the history and classifier tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An RFC 3464 report that mail for @recipient failed with @status (a
 * 5.x.x status gives a "550 5.1.1" diagnostic, any other "452 4.2.2").
 * @date, an RFC 5322 date, is both its Date and its Arrival-Date.
 * @message_id is the returned message's Message-ID, or NULL for none. */
char *dsn_fixture_new (const char *recipient,
                       const char *status,
                       const char *date,
                       const char *message_id);

/* The same report with @diagnostic as the Diagnostic-Code and, unless
 * @remote_mta is NULL, a Remote-MTA field naming the server that gave it. */
char *dsn_fixture_new_with_reply (const char *recipient,
                                  const char *status,
                                  const char *diagnostic,
                                  const char *remote_mta,
                                  const char *date,
                                  const char *message_id);

G_END_DECLS

/* dsn-fixture.c: bounce messages for the history and classifier tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dsn-fixture.h"

char *
dsn_fixture_new (const char *recipient,
                 const char *status,
                 const char *date,
                 const char *message_id)
{
  const char *diagnostic = status[0] == '5' ? "550 5.1.1 User unknown" : "452 4.2.2 Mailbox full";

  return dsn_fixture_new_with_reply (recipient, status, diagnostic, NULL, date, message_id);
}

char *
dsn_fixture_new_with_reply (const char *recipient,
                            const char *status,
                            const char *diagnostic,
                            const char *remote_mta,
                            const char *date,
                            const char *message_id)
{
  g_autofree char *id_header = message_id ? g_strdup_printf ("Message-ID: <%s>\n", message_id) : g_strdup ("");
  g_autofree char *remote_field = remote_mta ? g_strdup_printf ("Remote-MTA: dns; %s\n", remote_mta) : g_strdup ("");

  return g_strdup_printf ("From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\n"
                          "To: news@example.com\n"
                          "Date: %s\n"
                          "Subject: Delivery Status Notification (Failure)\n"
                          "MIME-Version: 1.0\n"
                          "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n"
                          "\n"
                          "--b\n"
                          "Content-Type: text/plain\n"
                          "\n"
                          "Delivery to %s failed.\n"
                          "\n"
                          "--b\n"
                          "Content-Type: message/delivery-status\n"
                          "\n"
                          "Reporting-MTA: dns; mx.example.net\n"
                          "Arrival-Date: %s\n"
                          "\n"
                          "Final-Recipient: rfc822; %s\n"
                          "Action: failed\n"
                          "Status: %s\n"
                          "%s"
                          "Diagnostic-Code: smtp; %s\n"
                          "\n"
                          "--b\n"
                          "Content-Type: text/rfc822-headers\n"
                          "\n"
                          "From: news@example.com\n"
                          "To: %s\n"
                          "%s"
                          "Subject: News\n"
                          "\n"
                          "--b--\n",
                          date, recipient, date, recipient, status, remote_field, diagnostic, recipient,
                          id_header);
}

/* parse-files.c: prints the records bounce_parse_message() makes of each
 * file named on the command line, one JSON object per line, as
 * `bounce-cli scan --json` does. With --all-fields it prints every field
 * of each record instead, the ones the JSON leaves out too, for comparing
 * the parser's output before and after a change. With --repeat N it
 * parses the files N times and prints the parse rate on standard error
 * instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bounce-core.h"

/* Prints every field of @record, one "name: value" line each, with line
 * breaks in values escaped, then an empty line. */
static void
print_all_fields (const BounceRecord *record)
{
  g_autofree char *date = record->date != NULL ? g_date_time_format_iso8601 (record->date) : g_strdup ("");
  const struct { const char *name; const char *value; } fields[] = {
    { "file", record->file },
    { "recipient", record->recipient },
    { "original_recipient", record->original_recipient },
    { "category", bounce_category_to_string (record->category) },
    { "reason", record->reason != NULL ? record->reason : "" },
    { "status", record->status },
    { "reply_code", record->reply_code },
    { "action", record->action },
    { "diagnostic", record->diagnostic },
    { "remote_mta", record->remote_mta },
    { "error", record->error },
    { "format", record->format },
    { "date", date },
    { "subject", record->subject },
    { "bounce_to", record->bounce_to },
    { "original_to", record->original_to },
    { "original_message_id", record->original_message_id },
    { "original_headers", record->original_headers },
  };

  printf ("offset: %" G_GINT64_FORMAT "\nindex: %u\n", record->offset, record->index);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *escaped = g_strescape (fields[i].value != NULL ? fields[i].value : "(null)", NULL);

      printf ("%s: %s\n", fields[i].name, escaped);
    }
  printf ("\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint repeat = 0;
  gboolean all_fields = FALSE;
  int first = 1;
  gint64 started;
  guint64 parsed = 0;
  double seconds;

  if (argc > 2 && g_str_equal (argv[1], "--repeat"))
    {
      repeat = (guint) g_ascii_strtoull (argv[2], NULL, 10);
      first = 3;
    }
  else if (argc > 1 && g_str_equal (argv[1], "--all-fields"))
    {
      all_fields = TRUE;
      first = 2;
    }
  if (first >= argc)
    {
      fprintf (stderr, "Usage: %s [--repeat N | --all-fields] FILE...\n", argv[0]);
      return 2;
    }

  bounce_parser_init ();

  for (int i = first; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      char *data = NULL;
      gsize length = 0;

      if (!g_file_get_contents (argv[i], &data, &length, &error))
        {
          fprintf (stderr, "%s: %s\n", argv[i], error->message);
          return 1;
        }
      g_ptr_array_add (contents, g_bytes_new_take (data, length));
    }

  if (repeat == 0)
    {
      for (guint i = 0; i < contents->len; i++)
        {
          gsize length;
          const char *data = g_bytes_get_data (g_ptr_array_index (contents, i), &length);
          g_autoptr(GPtrArray) records = bounce_parse_message (data, length, argv[first + i], -1, 0);

          for (guint r = 0; r < records->len && all_fields; r++)
            print_all_fields (g_ptr_array_index (records, r));
          for (guint r = 0; r < records->len && !all_fields; r++)
            {
              g_autofree char *json = bounce_record_to_json (g_ptr_array_index (records, r));

              printf ("%s\n", json);
            }
        }
      return 0;
    }

  started = g_get_monotonic_time ();
  for (guint round = 0; round < repeat; round++)
    {
      for (guint i = 0; i < contents->len; i++)
        {
          gsize length;
          const char *data = g_bytes_get_data (g_ptr_array_index (contents, i), &length);
          g_autoptr(GPtrArray) records = bounce_parse_message (data, length, argv[first + i], -1, 0);

          parsed++;
        }
    }
  seconds = (g_get_monotonic_time () - started) / 1e6;
  fprintf (stderr, "%" G_GUINT64_FORMAT " messages in %.2f s: %.0f messages/s on one thread\n",
           parsed, seconds, parsed / seconds);

  return 0;
}

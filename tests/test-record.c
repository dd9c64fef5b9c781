/* test-record.c: the JSON line of a record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>

#include <glib/gstdio.h>

#include "bounce-core.h"

/* The line json-glib writes for the record, the reference for the direct
 * writer. */
static char *
dup_json_glib_line (const BounceRecord *record)
{
  g_autoptr(JsonNode) node = bounce_record_to_json_node (record);

  return json_to_string (node, FALSE);
}

static BounceRecord *
new_record (const char *diagnostic)
{
  BounceRecord *record = bounce_record_new ("/tmp/Bounces/ünïcode \"quoted\" \\ name.eml");

  record->category = BOUNCE_CATEGORY_HARD;
  record->reason = BOUNCE_REASON_MAILBOX_UNKNOWN;
  bounce_record_set_string (&record->recipient, "ana.lima@example.net");
  bounce_record_set_string (&record->status, "5.1.1");
  bounce_record_set_string (&record->reply_code, "550");
  bounce_record_set_string (&record->action, "failed");
  bounce_record_set_string (&record->diagnostic, diagnostic);
  bounce_record_set_string (&record->remote_mta, "mx.example.net");

  return record;
}

static void
test_same_as_json_glib (void)
{
  static const char * const diagnostics[] = {
    "",
    "550 5.1.1 <ana.lima@example.net>: User unknown",
    "quote \" backslash \\ slash / tab \t newline \n return \r",
    "backspace \b form feed \f bell \a escape \x1b delete \x7f",
    "Benutzer unbekannt: Empfänger „ana“ – 受信者が見つかりません 😀",
    "line separator \xe2\x80\xa8 paragraph separator \xe2\x80\xa9",
  };

  for (guint i = 0; i < G_N_ELEMENTS (diagnostics); i++)
    {
      g_autoptr(BounceRecord) record = new_record (diagnostics[i]);
      g_autofree char *expected = NULL;
      g_autofree char *line = NULL;

      g_test_message ("diagnostic %u", i);

      expected = dup_json_glib_line (record);
      line = bounce_record_to_json (record);
      g_assert_cmpstr (line, ==, expected);

      /* The optional members: offset, date and error. */
      record->offset = 1234567890123;
      record->date = g_date_time_new_utc (2024, 4, 16, 8, 0, 5);
      bounce_record_set_string (&record->error, "The file is empty.");
      g_clear_pointer (&expected, g_free);
      g_clear_pointer (&line, g_free);
      expected = dup_json_glib_line (record);
      line = bounce_record_to_json (record);
      g_assert_cmpstr (line, ==, expected);
    }
}

static void
test_every_control_character (void)
{
  g_autoptr(GString) text = g_string_new ("a");
  g_autoptr(BounceRecord) record = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  JsonObject *object;

  for (int c = 1; c < 0x20; c++)
    g_string_append_c (text, (char) c);
  g_string_append (text, "\x7f\"\\z");

  record = new_record (text->str);
  line = bounce_record_to_json (record);

  /* Valid JSON whose string reads back unchanged, 0x1f included (which
   * json-glib 1.6 would write unescaped). */
  g_assert_nonnull (strstr (line, "\\u001f"));
  g_assert_true (json_parser_load_from_data (parser, line, -1, &error));
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "diagnostic"), ==, text->str);
  g_assert_cmpstr (json_object_get_string_member (object, "file"), ==, record->file);
  g_assert_cmpstr (json_object_get_string_member (object, "recipient"), ==, "ana.lima@example.net");
}

static void
test_append (void)
{
  g_autoptr(BounceRecord) record = new_record ("550 User unknown");
  g_autoptr(GString) out = g_string_new ("previous line\n");
  g_autofree char *line = bounce_record_to_json (record);
  g_autofree char *expected = g_strconcat ("previous line\n", line, NULL);

  bounce_record_append_json (record, out);
  g_assert_cmpstr (out->str, ==, expected);
}

/* The JSON writer formats dates itself. GLib's ISO 8601 text is the
 * reference, for whole and fractional offsets on both sides of UTC and for
 * the dates it leaves to GLib. */
static void
test_date_same_as_glib (void)
{
  static const char * const zones[] = {
    "Z", "+02:00", "+05:30", "-03:30", "+05:45", "-10:00", "+14:00", "-00:30", "+00:00:30",
  };
  static const struct { int year, month, day, hour, minute; double seconds; } dates[] = {
    { 2024, 3, 5, 9, 15, 4 }, { 1999, 12, 31, 23, 59, 59 }, { 2026, 11, 2, 0, 0, 0 },
    { 999, 1, 1, 0, 0, 1 }, { 2024, 4, 16, 8, 0, 5.25 }, { 1000, 1, 1, 0, 0, 0 },
  };

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (zones[z]);

      g_assert_nonnull (zone);
      for (guint d = 0; d < G_N_ELEMENTS (dates); d++)
        {
          g_autoptr(BounceRecord) record = new_record ("550 User unknown");
          g_autofree char *expected = NULL;
          g_autofree char *line = NULL;

          record->date = g_date_time_new (zone, dates[d].year, dates[d].month, dates[d].day,
                                          dates[d].hour, dates[d].minute, dates[d].seconds);
          g_assert_nonnull (record->date);
          expected = dup_json_glib_line (record);
          line = bounce_record_to_json (record);
          g_assert_cmpstr (line, ==, expected);
        }
    }
}

/* Dates are RFC 3339, which JavaScript's Date and most JSON readers
 * parse: an offset always has its minutes ("-08:00", where GLib's ISO 8601
 * text writes "-08"), and an offset in seconds, which RFC 3339 cannot
 * write, becomes UTC. */
static void
test_date_rfc3339 (void)
{
  static const struct { const char *zone; double seconds; const char *expected; } cases[] = {
    { "-08:00", 0, "2024-03-05T09:00:00-08:00" },
    { "+02:00", 0, "2024-03-05T09:00:00+02:00" },
    { "+05:30", 0, "2024-03-05T09:00:00+05:30" },
    { "Z", 0, "2024-03-05T09:00:00Z" },
    { "+00:00", 0, "2024-03-05T09:00:00Z" },
    { "-03:30", 4.25, "2024-03-05T09:00:04.250000-03:30" },
    { "+00:00:30", 0, "2024-03-05T08:59:30Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (cases[i].zone);
      g_autoptr(BounceRecord) record = new_record ("550 User unknown");
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *line = NULL;
      g_autofree char *text = NULL;
      g_autofree char *expected_member = g_strdup_printf ("\"date\":\"%s\"", cases[i].expected);

      g_test_message ("zone %s", cases[i].zone);
      record->date = g_date_time_new (zone, 2024, 3, 5, 9, 0, cases[i].seconds);
      text = bounce_format_rfc3339 (record->date);
      g_assert_cmpstr (text, ==, cases[i].expected);

      line = bounce_record_to_json (record);
      g_assert_nonnull (strstr (line, expected_member));
      node = bounce_record_to_json_node (record);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "date"), ==,
                       cases[i].expected);
    }
}

static void
test_unreadable_explanation (void)
{
  g_autoptr(BounceRecord) record = bounce_record_new ("empty.eml");
  g_autofree char *explanation = NULL;
  g_autoptr(GString) json = g_string_new (NULL);

  record->category = BOUNCE_CATEGORY_UNREADABLE;
  bounce_record_set_string (&record->error, "The file is empty.");

  /* The file's own problem leads, not a sentence about a server report. */
  explanation = bounce_record_dup_explanation (record);
  g_assert_true (g_str_has_prefix (explanation, "The file is empty. "));

  bounce_record_append_json (record, json);
  g_assert_nonnull (strstr (json->str, "\"explanation\":\"The file is empty. "));
}

/* An error that already gives its advice is the whole explanation, so
 * the advice is not repeated. */
static void
test_unreadable_advice_once (void)
{
  const char *error = "The file holds binary data, not an email message. Save the bounce as .eml.";
  g_autoptr(BounceRecord) record = bounce_record_new ("random.bin");
  g_autofree char *explanation = NULL;
  g_autofree char *expected_json = NULL;
  g_autoptr(GString) json = g_string_new (NULL);

  record->category = BOUNCE_CATEGORY_UNREADABLE;
  bounce_record_set_string (&record->error, error);

  explanation = bounce_record_dup_explanation (record);
  g_assert_cmpstr (explanation, ==, error);

  bounce_record_append_json (record, json);
  expected_json = g_strdup_printf ("\"explanation\":\"%s\"", error);
  g_assert_nonnull (strstr (json->str, expected_json));
}

/* The records read from the file that is open as the contact list go,
 * also when the list is named through a symbolic link, and the others
 * stay in their order. */
static void
test_without_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-record-XXXXXX", &error);
  g_autofree char *list = g_build_filename (dir, "list.txt", NULL);
  g_autofree char *link_path = g_build_filename (dir, "link.txt", NULL);
  g_autofree char *message = g_build_filename (dir, "notice.eml", NULL);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(GPtrArray) without = NULL;
  g_autoptr(GPtrArray) unchanged = NULL;
  const char *files[] = { message, list, message, link_path };

  g_assert_no_error (error);
  g_file_set_contents (list, "Email\tName\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (message, "From: a@example.net\n\nbody\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (symlink (list, link_path), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_ptr_array_add (records, bounce_record_new (files[i]));

  without = bounce_records_dup_without_file (records, link_path);
  g_assert_nonnull (without);
  g_assert_cmpuint (without->len, ==, 2);
  g_assert_true (without->pdata[0] == records->pdata[0]);
  g_assert_true (without->pdata[1] == records->pdata[2]);

  unchanged = bounce_records_dup_without_file (without, list);
  g_assert_null (unchanged);

  g_unlink (link_path);
  g_unlink (list);
  g_unlink (message);
  g_rmdir (dir);
}

/* Records sort by date, oldest first, with those without a date last,
 * as bounce-cli history lists them. Records of one date keep their order. */
static void
test_compare_date (void)
{
  const char *dates[] = { "2024-05-07T08:30:04+02:00", NULL, "2024-03-05T08:30:04+01:00",
                          "2024-04-02T08:30:04+02:00", "2024-03-05T07:30:04Z" };
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  const char *expected[] = { "2.eml", "4.eml", "3.eml", "0.eml", "1.eml" };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *file = g_strdup_printf ("%u.eml", i);
      BounceRecord *record = bounce_record_new (file);

      if (dates[i] != NULL)
        record->date = g_date_time_new_from_iso8601 (dates[i], NULL);
      g_ptr_array_add (records, record);
    }

  g_ptr_array_sort (records, (GCompareFunc) bounce_record_compare_date);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (((BounceRecord *) g_ptr_array_index (records, i))->file, ==, expected[i]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/record/json/same-as-json-glib", test_same_as_json_glib);
  g_test_add_func ("/record/json/control-characters", test_every_control_character);
  g_test_add_func ("/record/json/append", test_append);
  g_test_add_func ("/record/json/date", test_date_same_as_glib);
  g_test_add_func ("/record/json/date-rfc3339", test_date_rfc3339);
  g_test_add_func ("/record/explanation/unreadable", test_unreadable_explanation);
  g_test_add_func ("/record/explanation/advice-once", test_unreadable_advice_once);
  g_test_add_func ("/record/without-file", test_without_file);
  g_test_add_func ("/record/compare-date", test_compare_date);

  return g_test_run ();
}

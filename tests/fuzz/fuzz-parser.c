/* fuzz-parser.c: one message, from its bytes to its bounce records.
 *
 * Besides a crash, an input fails when the parser returns:
 * - no record, or a record with a string that is not UTF-8 or a category
 *   out of range, or whose JSON line does not parse back;
 * - and when GMime builds more MIME parts, levels or header fields from
 *   the message than the limits walk counted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "bounce-core.h"
#include "bounce-parser-limits-private.h"
#include "fuzz-common.h"

static void
check_record (const BounceRecord *record)
{
  const struct {
    const char *name;
    const char *value;
  } strings[] = {
    { "file", record->file }, { "recipient", record->recipient },
    { "original_recipient", record->original_recipient }, { "status", record->status },
    { "reply_code", record->reply_code }, { "action", record->action },
    { "diagnostic", record->diagnostic }, { "remote_mta", record->remote_mta },
    { "error", record->error }, { "format", record->format }, { "subject", record->subject },
    { "bounce_to", record->bounce_to }, { "original_to", record->original_to },
    { "original_message_id", record->original_message_id },
    { "original_headers", record->original_headers },
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *explanation = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      if (strings[i].value == NULL)
        g_error ("The record's %s is NULL.", strings[i].name);
      if (!g_utf8_validate (strings[i].value, -1, NULL))
        g_error ("The record's %s is not UTF-8: “%s”.", strings[i].name, strings[i].value);
    }
  g_assert_nonnull (record->reason);
  g_assert_cmpint (record->category, >=, 0);
  g_assert_cmpint (record->category, <, BOUNCE_CATEGORY_LAST);

  json = bounce_record_to_json (record);
  g_assert_null (strchr (json, '\n'));
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);

  explanation = bounce_record_dup_explanation (record);
  g_assert_true (g_utf8_validate (explanation, -1, NULL));
}

/* The limits walk reads the MIME structure as GMime does: GMime must not
 * build more than the walk counted, or the limits do not hold. */
static void
check_limits_walk (const uint8_t *data,
                   size_t         size)
{
  g_autoptr(GByteArray) input = g_byte_array_new ();
  g_autoptr(GByteArray) limited = NULL;
  GByteArray *result;
  BounceParserLimits exceeded;
  BounceMimeShape walked;
  BounceMimeShape built;

  /* The walk's input: LF line ends and no NUL, as the parser makes it. */
  for (size_t i = 0; i < size; i++)
    {
      guint8 c = data[i] == '\0' ? ' ' : data[i];

      if (c == '\r')
        {
          c = '\n';
          if (i + 1 < size && data[i + 1] == '\n')
            i++;
        }
      g_byte_array_append (input, &c, 1);
    }

  if (input->len == 0)
    return;

  limited = _bounce_parser_apply_limits (input->data, input->len, &exceeded, &walked);
  result = limited != NULL ? limited : input;
  g_assert_cmpuint (walked.depth, <=, BOUNCE_PARSER_MAX_MIME_DEPTH);
  g_assert_cmpuint (walked.parts, <=, BOUNCE_PARSER_MAX_MIME_PARTS);
  g_assert_cmpuint (walked.header_fields, <=, BOUNCE_PARSER_MAX_HEADER_FIELDS + BOUNCE_PARSER_MAX_MIME_PARTS + 1);

  if (_bounce_parser_measure_gmime_shape (result->data, result->len, &built))
    {
      g_assert_cmpuint (built.parts, <=, walked.parts);
      g_assert_cmpuint (built.depth, <=, walked.depth);
      g_assert_cmpuint (built.header_fields, <=, walked.header_fields);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean initialized = FALSE;
  g_autoptr(GPtrArray) records = NULL;

  if (!initialized)
    {
      fuzz_make_warnings_fatal ();
      fuzz_init_parser ();
      initialized = TRUE;
    }

  records = bounce_parse_message ((const char *) data, size, "fuzz.eml", -1, 0);
  g_assert_nonnull (records);
  g_assert_cmpuint (records->len, >, 0);
  for (guint i = 0; i < records->len; i++)
    check_record (g_ptr_array_index (records, i));

  check_limits_walk (data, size);

  return 0;
}

/* bounce-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-record"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bounce-format.h"
#include "bounce-reason.h"
#include "bounce-record-private.h"

/* Registered by hand: G_DEFINE_BOXED_TYPE casts to a transparent union,
 * which -Wpedantic rejects in C. */
GType
bounce_record_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      GType new_type = g_boxed_type_register_static ("BounceRecord",
                                                     (GBoxedCopyFunc) bounce_record_ref,
                                                     (GBoxedFreeFunc) bounce_record_unref);

      g_once_init_leave (&type, new_type);
    }

  return type;
}

BounceRecord *
_bounce_record_new_unset (const char *file)
{
  BounceRecord *record = g_new0 (BounceRecord, 1);

  g_atomic_ref_count_init (&record->ref_count);
  record->file = g_strdup (file ? file : "");
  record->offset = -1;
  record->category = BOUNCE_CATEGORY_UNKNOWN;
  record->reason = BOUNCE_REASON_UNDETERMINED;

  return record;
}

BounceRecord *
bounce_record_new (const char *file)
{
  BounceRecord *record = _bounce_record_new_unset (file);

  record->recipient = g_strdup ("");
  record->original_recipient = g_strdup ("");
  record->status = g_strdup ("");
  record->reply_code = g_strdup ("");
  record->action = g_strdup ("");
  record->diagnostic = g_strdup ("");
  record->remote_mta = g_strdup ("");
  record->error = g_strdup ("");
  record->format = g_strdup ("");
  record->subject = g_strdup ("");
  record->bounce_to = g_strdup ("");
  record->original_to = g_strdup ("");
  record->original_message_id = g_strdup ("");
  record->original_headers = g_strdup ("");

  return record;
}

BounceRecord *
bounce_record_copy (const BounceRecord *record)
{
  BounceRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = bounce_record_new (record->file);
  copy->offset = record->offset;
  copy->index = record->index;
  copy->category = record->category;
  copy->reason = record->reason;
  copy->date = record->date ? g_date_time_ref (record->date) : NULL;
  copy->date_offset_invalid = record->date_offset_invalid;
  copy->skipped = record->skipped;
  bounce_record_set_string (&copy->recipient, record->recipient);
  bounce_record_set_string (&copy->original_recipient, record->original_recipient);
  bounce_record_set_string (&copy->status, record->status);
  bounce_record_set_string (&copy->reply_code, record->reply_code);
  bounce_record_set_string (&copy->action, record->action);
  bounce_record_set_string (&copy->diagnostic, record->diagnostic);
  bounce_record_set_string (&copy->remote_mta, record->remote_mta);
  bounce_record_set_string (&copy->error, record->error);
  bounce_record_set_string (&copy->format, record->format);
  bounce_record_set_string (&copy->subject, record->subject);
  bounce_record_set_string (&copy->bounce_to, record->bounce_to);
  bounce_record_set_string (&copy->original_to, record->original_to);
  bounce_record_set_string (&copy->original_message_id, record->original_message_id);
  bounce_record_set_string (&copy->original_headers, record->original_headers);

  return copy;
}

BounceRecord *
bounce_record_ref (BounceRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  g_atomic_ref_count_inc (&record->ref_count);

  return record;
}

void
bounce_record_unref (BounceRecord *record)
{
  g_return_if_fail (record != NULL);

  if (!g_atomic_ref_count_dec (&record->ref_count))
    return;

  g_free (record->file);
  g_free (record->recipient);
  g_free (record->original_recipient);
  g_free (record->status);
  g_free (record->reply_code);
  g_free (record->action);
  g_free (record->diagnostic);
  g_free (record->remote_mta);
  g_free (record->error);
  g_free (record->format);
  g_free (record->subject);
  g_free (record->bounce_to);
  g_free (record->original_to);
  g_free (record->original_message_id);
  g_free (record->original_headers);
  g_clear_pointer (&record->date, g_date_time_unref);
  g_free (record);
}

void
bounce_record_set_string (char       **field,
                          const char  *value)
{
  char *old = *field;

  *field = g_strdup (value ? value : "");
  g_free (old);
}

/* Returns the first sentence of a record's explanation, which the
 * category's action follows. An unreadable file has no server report to
 * explain, so its error, which describes what is wrong with the file
 * itself, comes first. */
static const char *
get_explanation_lead (const BounceRecord *record)
{
  const char *reason_text;

  if (record->category == BOUNCE_CATEGORY_UNREADABLE && record->error[0] != '\0')
    return record->error;

  reason_text = bounce_reason_get_description_for (record->reason, record->category);
  if (reason_text != NULL)
    return reason_text;

  return bounce_category_get_explanation (record->category);
}

/* Returns the action that follows the lead, or NULL when the lead is an
 * unreadable file's error of more than one sentence. Such an error goes
 * on to say what to do with the file ("… not an email message. Save the
 * bounce …"), so the category's general advice would repeat it. */
static const char *
get_explanation_action (const BounceRecord *record)
{
  if (record->category == BOUNCE_CATEGORY_UNREADABLE && strstr (record->error, ". ") != NULL)
    return NULL;

  return bounce_reason_get_action_for (record->reason, record->category);
}

char *
bounce_record_dup_explanation (const BounceRecord *record)
{
  const char *action;

  g_return_val_if_fail (record != NULL, NULL);

  action = get_explanation_action (record);
  if (action == NULL)
    return g_strdup (get_explanation_lead (record));

  return g_strdup_printf ("%s %s", get_explanation_lead (record), action);
}

char *
bounce_record_dup_original_header (const BounceRecord *record,
                                   const char         *name)
{
  gsize name_length;
  const char *line;

  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  /* original_headers is stored unfolded: one "Name: value" per line. */
  name_length = strlen (name);
  line = record->original_headers;
  while (line != NULL && *line != '\0')
    {
      const char *end = strchr (line, '\n');
      gsize length = end ? (gsize) (end - line) : strlen (line);

      if (length > name_length &&
          line[name_length] == ':' &&
          g_ascii_strncasecmp (line, name, name_length) == 0)
        return g_strstrip (g_strndup (line + name_length + 1, length - name_length - 1));

      line = end ? end + 1 : NULL;
    }

  return NULL;
}

/* The "date_error" member of a record whose Date header has an
 * impossible time zone offset. */
static const char *
get_date_error (void)
{
  return _("The Date header has an invalid time zone offset, such as +2500, so the date of the bounce is not known.");
}

JsonNode *
bounce_record_to_json_node (const BounceRecord *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *explanation = NULL;

  g_return_val_if_fail (record != NULL, NULL);

  explanation = bounce_record_dup_explanation (record);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, record->file);
  json_builder_set_member_name (builder, "recipient");
  json_builder_add_string_value (builder, record->recipient);
  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, bounce_category_to_string (record->category));
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, record->reason);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, record->status);
  json_builder_set_member_name (builder, "reply_code");
  json_builder_add_string_value (builder, record->reply_code);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, record->action);
  json_builder_set_member_name (builder, "diagnostic");
  json_builder_add_string_value (builder, record->diagnostic);
  json_builder_set_member_name (builder, "remote_mta");
  json_builder_add_string_value (builder, record->remote_mta);
  json_builder_set_member_name (builder, "explanation");
  json_builder_add_string_value (builder, explanation);
  if (record->offset >= 0)
    {
      json_builder_set_member_name (builder, "offset");
      json_builder_add_int_value (builder, record->offset);
    }
  json_builder_set_member_name (builder, "date");
  if (record->date != NULL)
    {
      g_autofree char *date = bounce_format_rfc3339 (record->date);

      json_builder_add_string_value (builder, date);
    }
  else
    json_builder_add_null_value (builder);
  if (record->date_offset_invalid)
    {
      json_builder_set_member_name (builder, "date_error");
      json_builder_add_string_value (builder, get_date_error ());
    }
  if (record->error[0] != '\0')
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, record->error);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Appends @text escaped for a JSON string (RFC 8259 section 7) as
 * json-glib escapes it. Quotes and backslashes are escaped, control
 * characters become \b, \f, \n, \r, \t or \u00XX, DEL becomes \u007f,
 * and everything else (UTF-8 included) stays as it is. json-glib 1.6
 * leaves 0x1f unescaped, which is not valid JSON, so this function
 * writes it as \u001f. */
static void
append_json_escaped (GString    *out,
                     const char *text)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = text;

  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append (out, "\\u00");
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 0xf]);
          break;
        }
    }

  g_string_append (out, run);
}

/* Appends ,"name":"value" (or null for a NULL value, as json-glib). */
static void
append_json_member (GString    *out,
                    const char *name,
                    const char *value)
{
  g_string_append (out, ",\"");
  g_string_append (out, name);
  g_string_append (out, "\":");
  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  append_json_escaped (out, value);
  g_string_append_c (out, '"');
}

static void
append_digits (GString *out,
               int      value,
               guint    width)
{
  char digits[4];

  g_assert (width <= sizeof digits && value >= 0);

  for (guint i = width; i > 0; i--)
    {
      digits[i - 1] = (char) ('0' + value % 10);
      value /= 10;
    }
  g_string_append_len (out, digits, width);
}

/* Appends what bounce_format_rfc3339() returns for @date, which the JSON
 * writer needs once per record, without its allocations:
 * 2024-03-05T09:15:04Z, or the offset as +02:00 or +05:30. Dates outside
 * the years 1000 to 9999, with a fraction of a second or an offset in
 * seconds go to bounce_format_rfc3339(). */
static void
append_iso8601 (GString   *out,
                GDateTime *date)
{
  gint64 offset = g_date_time_get_utc_offset (date) / G_TIME_SPAN_SECOND;
  gint64 minutes = ABS (offset) / 60;
  int year, month, day;

  g_date_time_get_ymd (date, &year, &month, &day);
  if (year < 1000 || year > 9999 || g_date_time_get_microsecond (date) != 0 || offset % 60 != 0)
    {
      g_autofree char *text = bounce_format_rfc3339 (date);

      g_string_append (out, text);
      return;
    }

  append_digits (out, year, 4);
  g_string_append_c (out, '-');
  append_digits (out, month, 2);
  g_string_append_c (out, '-');
  append_digits (out, day, 2);
  g_string_append_c (out, 'T');
  append_digits (out, g_date_time_get_hour (date), 2);
  g_string_append_c (out, ':');
  append_digits (out, g_date_time_get_minute (date), 2);
  g_string_append_c (out, ':');
  append_digits (out, g_date_time_get_second (date), 2);

  if (offset == 0)
    {
      g_string_append_c (out, 'Z');
      return;
    }

  g_string_append_c (out, offset < 0 ? '-' : '+');
  append_digits (out, (int) (minutes / 60), 2);
  g_string_append_c (out, ':');
  append_digits (out, (int) (minutes % 60), 2);
}

void
bounce_record_append_json (const BounceRecord *record,
                           GString            *out)
{
  g_return_if_fail (record != NULL);
  g_return_if_fail (out != NULL);

  /* Written directly, because JsonBuilder and JsonGenerator take three
   * times as long per record. Same keys, order and escaping as
   * bounce_record_to_json_node(). */
  g_string_append (out, "{\"file\":\"");
  append_json_escaped (out, record->file);
  g_string_append_c (out, '"');
  append_json_member (out, "recipient", record->recipient);
  append_json_member (out, "category", bounce_category_to_string (record->category));
  append_json_member (out, "reason", record->reason);
  append_json_member (out, "status", record->status);
  append_json_member (out, "reply_code", record->reply_code);
  append_json_member (out, "action", record->action);
  append_json_member (out, "diagnostic", record->diagnostic);
  append_json_member (out, "remote_mta", record->remote_mta);

  /* bounce_record_dup_explanation() without the copy. */
  g_string_append (out, ",\"explanation\":\"");
  append_json_escaped (out, get_explanation_lead (record));
  if (get_explanation_action (record) != NULL)
    {
      g_string_append_c (out, ' ');
      append_json_escaped (out, get_explanation_action (record));
    }
  g_string_append_c (out, '"');

  if (record->offset >= 0)
    g_string_append_printf (out, ",\"offset\":%" G_GINT64_FORMAT, record->offset);
  if (record->date != NULL)
    {
      g_string_append (out, ",\"date\":\"");
      append_iso8601 (out, record->date);
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, ",\"date\":null");
  if (record->date_offset_invalid)
    append_json_member (out, "date_error", get_date_error ());
  if (record->error[0] != '\0')
    append_json_member (out, "error", record->error);
  g_string_append_c (out, '}');
}

char *
bounce_record_to_json (const BounceRecord *record)
{
  GString *out;

  g_return_val_if_fail (record != NULL, NULL);

  out = g_string_sized_new (512);
  bounce_record_append_json (record, out);

  return g_string_free (out, FALSE);
}

const char *
bounce_match_kind_to_string (BounceMatchKind kind)
{
  switch (kind)
    {
    case BOUNCE_MATCH_RECIPIENT:
      return "recipient";
    case BOUNCE_MATCH_ORIGINAL_RECIPIENT:
      return "original-recipient";
    case BOUNCE_MATCH_ORIGINAL_TO:
      return "original-to";
    case BOUNCE_MATCH_VERP:
      return "verp";
    case BOUNCE_MATCH_SAME_MAILBOX:
      return "same-mailbox";
    case BOUNCE_MATCH_NONE:
    default:
      return "none";
    }
}

const char *
bounce_match_kind_get_title (BounceMatchKind kind)
{
  /* People who send mailings read these, so they avoid the terms of
   * RFC 3464 and of VERP. */
  switch (kind)
    {
    case BOUNCE_MATCH_RECIPIENT:
      return _("by the address the bounce names as failed");
    case BOUNCE_MATCH_ORIGINAL_RECIPIENT:
      return _("by the address the receiving server says the message was first sent to");
    case BOUNCE_MATCH_ORIGINAL_TO:
      return _("by the To address of the copy of your message that came back");
    case BOUNCE_MATCH_VERP:
      return _("through the return address your mailing tool put on the message");
    case BOUNCE_MATCH_SAME_MAILBOX:
      return _("as another spelling of an address that hard-bounced or complained, which reaches the same mailbox");
    case BOUNCE_MATCH_NONE:
    default:
      return _("not matched");
    }
}

const char *
bounce_match_kind_get_title_for (BounceMatchKind kind,
                                 BounceCategory  category)
{
  /* A delivery notice, delay warning or auto-reply names an address
   * that did not fail. */
  if (kind == BOUNCE_MATCH_RECIPIENT)
    switch (category)
      {
      case BOUNCE_CATEGORY_DELIVERED:
        return _("by the address the delivery notice names as delivered");
      case BOUNCE_CATEGORY_DELAYED:
        return _("by the address the delay warning names as not delivered yet");
      case BOUNCE_CATEGORY_AUTO_REPLY:
        return _("by the address the automatic reply names");
      case BOUNCE_CATEGORY_NOT_BOUNCE:
        return _("by the address the message names");
      default:
        break;
      }

  return bounce_match_kind_get_title (kind);
}

void
bounce_read_counts_add (BounceReadCounts   *counts,
                        const BounceRecord *record)
{
  g_return_if_fail (counts != NULL);
  g_return_if_fail (record != NULL);
  g_return_if_fail (record->category < BOUNCE_CATEGORY_LAST);

  counts->records++;
  counts->per_category[record->category]++;
  if (record->skipped)
    {
      counts->unreadable++;
      return;
    }
  if (counts->last_file == NULL || record->index != counts->last_index ||
      strcmp (record->file, counts->last_file) != 0)
    {
      counts->messages++;
      g_free (counts->last_file);
      counts->last_file = g_strdup (record->file);
      counts->last_index = record->index;
      counts->last_read_in_part = FALSE;
    }

  /* The parser names the limit a message exceeded in each of its
   * records, so a message is counted once. */
  if (record->category != BOUNCE_CATEGORY_UNREADABLE && record->error[0] != '\0' &&
      !counts->last_read_in_part)
    {
      counts->read_in_part++;
      counts->last_read_in_part = TRUE;
    }

  if (record->category == BOUNCE_CATEGORY_UNREADABLE)
    counts->unreadable++;
  else if (record->category == BOUNCE_CATEGORY_NOT_BOUNCE)
    counts->not_bounces++;
  else if (record->recipient[0] == '\0')
    counts->no_recipient++;
  else
    counts->bounce_recipients++;
}

void
bounce_read_counts_end (BounceReadCounts *counts)
{
  g_return_if_fail (counts != NULL);

  g_clear_pointer (&counts->last_file, g_free);
}

GPtrArray *
bounce_records_dup_without_file (GPtrArray  *records,
                                 const char *path)
{
  g_autoptr(GPtrArray) kept = NULL;
  const char *last = NULL;
  gboolean last_matches = FALSE;
  gboolean found = FALSE;
  GStatBuf info;
  gboolean have_info;

  g_return_val_if_fail (records != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  have_info = g_stat (path, &info) == 0;
  kept = g_ptr_array_new_full (records->len, (GDestroyNotify) bounce_record_unref);
  for (guint i = 0; i < records->len; i++)
    {
      BounceRecord *record = g_ptr_array_index (records, i);

      /* The records of one file come one after another, so each file is
       * looked up once. */
      if (last == NULL || strcmp (last, record->file) != 0)
        {
          GStatBuf record_info;

          last = record->file;
          last_matches = strcmp (record->file, path) == 0 ||
                         (have_info && g_stat (record->file, &record_info) == 0 &&
                          record_info.st_dev == info.st_dev && record_info.st_ino == info.st_ino);
        }

      if (last_matches)
        found = TRUE;
      else
        g_ptr_array_add (kept, bounce_record_ref (record));
    }

  if (!found)
    return NULL;

  return g_steal_pointer (&kept);
}

int
bounce_record_compare_date (const BounceRecord * const *a,
                            const BounceRecord * const *b)
{
  GDateTime *date_a = (*a)->date;
  GDateTime *date_b = (*b)->date;

  if (date_a == NULL || date_b == NULL)
    return (date_a == NULL) - (date_b == NULL);

  return g_date_time_compare (date_a, date_b);
}

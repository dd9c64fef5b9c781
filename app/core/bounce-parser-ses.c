/* bounce-parser-ses.c: Amazon SES notifications delivered by e-mail.
 *
 * Amazon SES sends bounce, complaint and delivery notifications through
 * Amazon SNS as a JSON document in a text/plain body ("notificationType":
 * "Bounce", "Complaint" or "Delivery"), not as RFC 3464 or RFC 5965
 * reports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-parser"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "bounce-parser-private.h"

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static BounceFoundRecipient *
found_new (const char *address)
{
  BounceFoundRecipient *found;

  if (address == NULL)
    return NULL;

  found = _bounce_found_recipient_new ();
  found->recipient = _bounce_parser_extract_address (address, strlen (address));
  if (found->recipient == NULL)
    found->recipient = _bounce_parser_make_valid (address, -1, 256);

  return found;
}

gboolean
_bounce_parser_read_ses (BounceParseContext *ctx,
                         gboolean           *complaint)
{
  g_autoptr(JsonParser) parser = NULL;
  const char *text = ctx->text->str;
  const char *start = strstr (text, "{\"notificationType\"");
  const char *end;
  JsonObject *root;
  const char *type;
  guint before = ctx->found->len;

  *complaint = FALSE;
  if (start == NULL)
    return FALSE;

  /* SNS appends an unsubscribe note after the document. */
  end = strrchr (start, '}');
  if (end == NULL)
    return FALSE;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, start, end - start + 1, NULL))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;

  root = json_node_get_object (json_parser_get_root (parser));
  type = member_string (root, "notificationType");
  if (type == NULL)
    return FALSE;

  if (g_str_equal (type, "Bounce"))
    {
      JsonObject *bounce = member_object (root, "bounce");
      JsonArray *recipients = member_array (bounce, "bouncedRecipients");
      const char *bounce_type = member_string (bounce, "bounceType");

      for (guint i = 0; recipients != NULL && i < json_array_get_length (recipients); i++)
        {
          JsonObject *recipient = json_array_get_object_element (recipients, i);
          BounceFoundRecipient *found = found_new (member_string (recipient, "emailAddress"));
          const char *diagnostic = member_string (recipient, "diagnosticCode");

          if (found == NULL)
            continue;

          found->status = g_strdup (member_string (recipient, "status"));
          found->action = _bounce_parser_ascii_down (member_string (recipient, "action") != NULL ? member_string (recipient, "action") : "failed", -1);
          found->diagnostic = _bounce_parser_make_valid (diagnostic, -1, BOUNCE_PARSER_MAX_VALUE);
          _bounce_parser_find_codes (found->diagnostic, &found->reply_code,
                                     found->status == NULL ? &found->status : NULL);
          /* "Transient" bounces are retried by SES itself. */
          if (g_strcmp0 (bounce_type, "Transient") == 0 && found->status == NULL)
            found->status = g_strdup ("4.0.0");
          g_ptr_array_add (ctx->found, found);
        }
    }
  else if (g_str_equal (type, "Complaint"))
    {
      JsonArray *recipients = member_array (member_object (root, "complaint"), "complainedRecipients");

      *complaint = TRUE;
      for (guint i = 0; recipients != NULL && i < json_array_get_length (recipients); i++)
        {
          JsonObject *recipient = json_array_get_object_element (recipients, i);
          BounceFoundRecipient *found = found_new (member_string (recipient, "emailAddress"));

          if (found != NULL)
            g_ptr_array_add (ctx->found, found);
        }
    }
  else if (g_str_equal (type, "Delivery"))
    {
      JsonObject *delivery = member_object (root, "delivery");
      JsonArray *recipients = member_array (delivery, "recipients");
      const char *response = member_string (delivery, "smtpResponse");

      for (guint i = 0; recipients != NULL && i < json_array_get_length (recipients); i++)
        {
          JsonNode *node = json_array_get_element (recipients, i);
          BounceFoundRecipient *found;

          if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE || json_node_get_value_type (node) != G_TYPE_STRING)
            continue;
          found = found_new (json_node_get_string (node));
          found->action = g_strdup ("delivered");
          found->diagnostic = _bounce_parser_make_valid (response, -1, BOUNCE_PARSER_MAX_VALUE);
          _bounce_parser_find_codes (found->diagnostic, &found->reply_code, &found->status);
          g_ptr_array_add (ctx->found, found);
        }
    }

  return ctx->found->len > before || *complaint;
}

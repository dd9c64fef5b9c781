/* bounce-category.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-category"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bounce-category.h"

typedef struct
{
  const char *name;
  const char *title;
  const char *explanation;
  const char *action;
} CategoryInfo;

/* Indexed by BounceCategory. The texts are marked with N_() and translated
 * when they are read, so the table stays a constant. */
static const CategoryInfo category_info[BOUNCE_CATEGORY_LAST] = {
  [BOUNCE_CATEGORY_NOT_BOUNCE] = {
    "not-bounce", N_("Not a bounce"),
    N_("An ordinary message, not a delivery report."),
    N_("Nothing to do."),
  },
  [BOUNCE_CATEGORY_UNREADABLE] = {
    "unreadable", N_("Unreadable"),
    N_("The file could not be read as an email message."),
    N_("Check the file, or save it from your mail program as .eml."),
  },
  [BOUNCE_CATEGORY_DELIVERED] = {
    "delivered", N_("Delivered"),
    N_("A notice that the message was delivered or relayed."),
    N_("Keep the contact."),
  },
  [BOUNCE_CATEGORY_AUTO_REPLY] = {
    "auto-reply", N_("Auto-reply"),
    N_("An automatic reply such as an out-of-office message; the address works."),
    N_("Keep the contact."),
  },
  [BOUNCE_CATEGORY_DELAYED] = {
    "delayed", N_("Delayed"),
    N_("The receiving side has not delivered the message yet and is still retrying."),
    N_("Keep the contact and wait for the final result."),
  },
  [BOUNCE_CATEGORY_UNKNOWN] = {
    "unknown", N_("Unknown"),
    N_("A bounce whose cause could not be decided."),
    N_("Keep the contact and read the server’s message."),
  },
  [BOUNCE_CATEGORY_SOFT] = {
    "soft", N_("Soft bounce"),
    N_("Temporary trouble at the recipient: a full mailbox, a server that is down or a message that is too large."),
    N_("Keep the contact and try again later."),
  },
  [BOUNCE_CATEGORY_BLOCKED] = {
    "blocked", N_("Blocked"),
    N_("The recipient’s server refused this sender, its content, its authentication or its sending rate."),
    N_("Keep the contact and fix the sending: authentication, reputation or content."),
  },
  [BOUNCE_CATEGORY_COMPLAINT] = {
    "complaint", N_("Complaint"),
    N_("The recipient reported the message as spam."),
    N_("Remove the contact and do not email them again."),
  },
  [BOUNCE_CATEGORY_HARD] = {
    "hard", N_("Hard bounce"),
    N_("The address or its domain does not exist or will never accept mail."),
    N_("Remove the address."),
  },
};

GType
bounce_category_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { BOUNCE_CATEGORY_NOT_BOUNCE, "BOUNCE_CATEGORY_NOT_BOUNCE", "not-bounce" },
        { BOUNCE_CATEGORY_UNREADABLE, "BOUNCE_CATEGORY_UNREADABLE", "unreadable" },
        { BOUNCE_CATEGORY_DELIVERED, "BOUNCE_CATEGORY_DELIVERED", "delivered" },
        { BOUNCE_CATEGORY_AUTO_REPLY, "BOUNCE_CATEGORY_AUTO_REPLY", "auto-reply" },
        { BOUNCE_CATEGORY_DELAYED, "BOUNCE_CATEGORY_DELAYED", "delayed" },
        { BOUNCE_CATEGORY_UNKNOWN, "BOUNCE_CATEGORY_UNKNOWN", "unknown" },
        { BOUNCE_CATEGORY_SOFT, "BOUNCE_CATEGORY_SOFT", "soft" },
        { BOUNCE_CATEGORY_BLOCKED, "BOUNCE_CATEGORY_BLOCKED", "blocked" },
        { BOUNCE_CATEGORY_COMPLAINT, "BOUNCE_CATEGORY_COMPLAINT", "complaint" },
        { BOUNCE_CATEGORY_HARD, "BOUNCE_CATEGORY_HARD", "hard" },
        { 0, NULL, NULL }
      };
      GType new_type = g_enum_register_static ("BounceCategory", values);

      g_once_init_leave (&type, new_type);
    }

  return type;
}

const char *
bounce_category_to_string (BounceCategory category)
{
  g_return_val_if_fail (category < BOUNCE_CATEGORY_LAST, "unknown");

  return category_info[category].name;
}

gboolean
bounce_category_from_string (const char     *string,
                             BounceCategory *category)
{
  g_return_val_if_fail (string != NULL, FALSE);

  /* The first letters tell most names apart without a call: the history
   * decodes a stored category for each of its records. */
  for (guint i = 0; i < BOUNCE_CATEGORY_LAST; i++)
    {
      if (g_ascii_tolower (string[0]) == g_ascii_tolower (category_info[i].name[0]) &&
          g_ascii_strcasecmp (string, category_info[i].name) == 0)
        {
          if (category != NULL)
            *category = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
bounce_category_get_title (BounceCategory category)
{
  g_return_val_if_fail (category < BOUNCE_CATEGORY_LAST, NULL);

  return _(category_info[category].title);
}

const char *
bounce_category_get_explanation (BounceCategory category)
{
  g_return_val_if_fail (category < BOUNCE_CATEGORY_LAST, NULL);

  return _(category_info[category].explanation);
}

const char *
bounce_category_get_action (BounceCategory category)
{
  g_return_val_if_fail (category < BOUNCE_CATEGORY_LAST, NULL);

  return _(category_info[category].action);
}

gboolean
bounce_category_is_clean (BounceCategory category)
{
  return category == BOUNCE_CATEGORY_NOT_BOUNCE ||
         category == BOUNCE_CATEGORY_DELIVERED ||
         category >= BOUNCE_CATEGORY_LAST;
}

gboolean
bounce_category_is_failure (BounceCategory category)
{
  return category == BOUNCE_CATEGORY_HARD ||
         category == BOUNCE_CATEGORY_SOFT ||
         category == BOUNCE_CATEGORY_BLOCKED ||
         category == BOUNCE_CATEGORY_UNKNOWN;
}

/* Returns < 0 when @a is less severe than @b. The enum is declared in
 * order of severity, so the comparison is on the values. */
int
bounce_category_compare_severity (BounceCategory a,
                                  BounceCategory b)
{
  return (int) a - (int) b;
}

/* bounce-category.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The verdict for one recipient of one message. The order is the order of
 * severity used when one contact has several bounces (see
 * bounce_category_compare_severity()). */
typedef enum
{
  BOUNCE_CATEGORY_NOT_BOUNCE,
  BOUNCE_CATEGORY_UNREADABLE,
  BOUNCE_CATEGORY_DELIVERED,
  BOUNCE_CATEGORY_AUTO_REPLY,
  BOUNCE_CATEGORY_DELAYED,
  BOUNCE_CATEGORY_UNKNOWN,
  BOUNCE_CATEGORY_SOFT,
  BOUNCE_CATEGORY_BLOCKED,
  BOUNCE_CATEGORY_COMPLAINT,
  BOUNCE_CATEGORY_HARD,
  BOUNCE_CATEGORY_LAST
} BounceCategory;

GType        bounce_category_get_type         (void) G_GNUC_CONST;
#define BOUNCE_TYPE_CATEGORY (bounce_category_get_type ())

/* The stable machine name: "hard", "auto-reply", "not-bounce", ... */
const char  *bounce_category_to_string        (BounceCategory  category);
gboolean     bounce_category_from_string      (const char     *string,
                                               BounceCategory *category);
/* Translated short label for badges: "Hard bounce". */
const char  *bounce_category_get_title        (BounceCategory  category);
/* Translated one-line plain-language explanation. */
const char  *bounce_category_get_explanation  (BounceCategory  category);
/* Translated one-line action it implies: "Remove the address." */
const char  *bounce_category_get_action       (BounceCategory  category);
/* TRUE for the categories under which a contact has no bounce: an
 * ordinary message, a delivery notice, or BOUNCE_CATEGORY_LAST for no
 * message at all. The app's Clean filter and the "No bounce" line of
 * `bounce-cli clean` count these. */
gboolean     bounce_category_is_clean         (BounceCategory  category);
/* TRUE for categories that describe a failed delivery. */
gboolean     bounce_category_is_failure       (BounceCategory  category);
int          bounce_category_compare_severity (BounceCategory  a,
                                               BounceCategory  b);

G_END_DECLS

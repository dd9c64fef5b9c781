/* bounce-status-codes.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bounce-category.h"

G_BEGIN_DECLS

/* One entry of the status-code catalogue: an SMTP reply code ("550") or
 * an enhanced status code ("5.1.1"). Strings are translated. */
typedef struct
{
  const char     *code;
  const char     *title;
  const char     *meaning;
  const char     *action;
  BounceCategory  category;      /* BOUNCE_CATEGORY_UNKNOWN: depends on the text */
  const char     *source;        /* "RFC 3463", provider documentation ... */
} BounceStatusCode;

/* Looks up a reply code or an enhanced status code; NULL when unknown.
 * Enhanced codes fall back to their class and subject ("5.1.x"). */
const BounceStatusCode *bounce_status_code_lookup (const char *code);

G_END_DECLS

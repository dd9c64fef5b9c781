/* bounce-codes-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bounce-core.h"

G_BEGIN_DECLS

#define BOUNCE_TYPE_CODES_PAGE (bounce_codes_page_get_type ())

G_DECLARE_FINAL_TYPE (BounceCodesPage, bounce_codes_page, BOUNCE, CODES_PAGE, GtkWidget)

/* The status-code catalogue to browse: a searchable list grouped by class
 * or by subject, and the explanation of the selected code. */
GtkWidget              *bounce_codes_page_new            (void);

/* Selects and explains @code: a reply code, an enhanced code, both
 * ("550 5.1.1"), a provider tag or a whole reply line. An empty @code
 * only shows the page. */
void                    bounce_codes_page_show_code      (BounceCodesPage *self,
                                                          const char      *code);

/* Filters the list as if @text were typed into the search entry. */
void                    bounce_codes_page_set_search_text (BounceCodesPage *self,
                                                           const char      *text);

/* The entry whose explanation is shown, or NULL. */
const BounceStatusCode *bounce_codes_page_get_shown_code (BounceCodesPage *self);

G_END_DECLS

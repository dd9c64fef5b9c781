/* bounce-message-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bounce-record.h"

G_BEGIN_DECLS

#define BOUNCE_TYPE_MESSAGE_WINDOW (bounce_message_window_get_type ())

G_DECLARE_FINAL_TYPE (BounceMessageWindow, bounce_message_window, BOUNCE, MESSAGE_WINDOW, AdwWindow)

/* Shows the raw source of the message @record came from, read-only and
 * as plain text: HTML is never rendered and nothing is fetched. */
BounceMessageWindow *bounce_message_window_new (GtkWindow    *parent,
                                                BounceRecord *record);

G_END_DECLS

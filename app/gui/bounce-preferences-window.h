/* bounce-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bounce-window.h"

G_BEGIN_DECLS

#define BOUNCE_TYPE_PREFERENCES_WINDOW (bounce_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (BouncePreferencesWindow, bounce_preferences_window, BOUNCE, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* The soft-bounce rule and the history switch, kept in the app's
 * settings, for @window, whose history the window describes. */
BouncePreferencesWindow *bounce_preferences_window_new (BounceWindow *window);

G_END_DECLS

/* bounce-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BOUNCE_TYPE_APPLICATION (bounce_application_get_type ())

G_DECLARE_FINAL_TYPE (BounceApplication, bounce_application, BOUNCE, APPLICATION, AdwApplication)

BounceApplication *bounce_application_new (GApplicationFlags flags);

G_END_DECLS

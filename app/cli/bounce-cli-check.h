/* bounce-cli-check.h: list-check options shared by `bounce-cli check`
 * and `bounce-cli clean`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bounce-core.h"

G_BEGIN_DECLS

/* Reads the --disposable-domains file at @path; NULL without a path or
 * when it fails, with the error printed for @command and @failed set. */
GHashTable *bounce_cli_load_disposable (const char *command,
                                        const char *path,
                                        gboolean   *failed);

G_END_DECLS

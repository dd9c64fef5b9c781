/* test-files.h: files and folders that tests write into a temporary
 * folder and remove afterwards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deletes @path and, for a folder, everything below it. Folders are made
 * writable first, and symbolic links are deleted, not followed. Errors
 * are ignored, because it only cleans up after a test. */
void  remove_tree (const char *path);
/* Writes @text to @dir/@name, creating @dir if needed, and returns the
 * path. Fails the test when either step fails. */
char *write_file  (const char *dir,
                   const char *name,
                   const char *text);

G_END_DECLS

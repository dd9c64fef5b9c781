/* catalogue-fixture.c: a made-up translation for the tests of
 * translated text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libintl.h>
#include <locale.h>

#include <glib/gstdio.h>

#include "catalogue-fixture.h"

/* A C string literal of the PO format for @text. */
static char *
quote (const char *text)
{
  g_autofree char *escaped = g_strescape (text, NULL);

  return g_strdup_printf ("\"%s\"", escaped);
}

char *
catalogue_fixture_use (const char         *language,
                       const char * const *pairs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) po = g_string_new ("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n");
  g_autofree char *folder = g_dir_make_tmp ("bounce-catalogue-XXXXXX", &error);
  g_autofree char *messages = NULL;
  g_autofree char *po_path = NULL;
  g_autofree char *mo_path = NULL;
  int wait_status = 0;

  g_assert_no_error (error);
  messages = g_build_filename (folder, language, "LC_MESSAGES", NULL);
  g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
  po_path = g_build_filename (folder, "fixture.po", NULL);
  mo_path = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);

  for (guint i = 0; pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
    {
      g_autofree char *msgid = quote (pairs[i]);
      g_autofree char *msgstr = quote (pairs[i + 1]);

      g_string_append_printf (po, "\nmsgid %s\nmsgstr %s\n", msgid, msgstr);
    }
  g_file_set_contents (po_path, po->str, -1, &error);
  g_assert_no_error (error);

  {
    const char *argv[] = { "msgfmt", "--output-file", mo_path, po_path, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                  &wait_status, &error);
    g_assert_no_error (error);
    g_spawn_check_wait_status (wait_status, &error);
    g_assert_no_error (error);
    g_unlink (po_path);
  }

  /* gettext reads LANGUAGE only when the locale is not plain C, and
   * C.UTF-8 exists on every Debian system. */
  g_assert_nonnull (setlocale (LC_MESSAGES, "C.UTF-8"));
  g_setenv ("LANGUAGE", language, TRUE);
  bindtextdomain (GETTEXT_PACKAGE, folder);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  return g_steal_pointer (&folder);
}

void
catalogue_fixture_remove (const char *folder,
                          const char *language)
{
  g_autofree char *language_dir = g_build_filename (folder, language, NULL);
  g_autofree char *messages = g_build_filename (language_dir, "LC_MESSAGES", NULL);
  g_autofree char *mo_path = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);

  g_unlink (mo_path);
  g_rmdir (messages);
  g_rmdir (language_dir);
  g_rmdir (folder);
}

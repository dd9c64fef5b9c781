/* catalogue-fixture.h: a made-up translation for the tests of
 * translated text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Compiles the translations in @pairs (msgid, msgstr, msgid, msgstr …,
 * NULL) with msgfmt into a catalogue for @language in a new folder. Then
 * binds Bounce's text domain to it and makes @language the language
 * gettext uses. Returns the folder, which the caller removes with
 * catalogue_fixture_remove(). The status-code catalogue is translated once
 * per process, so a test of it runs this in a subprocess. */
char *catalogue_fixture_use    (const char         *language,
                                const char * const *pairs);
void  catalogue_fixture_remove (const char         *folder,
                                const char         *language);

G_END_DECLS

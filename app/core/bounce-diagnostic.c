/* bounce-diagnostic.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-diagnostic"

#include "config.h"

#include "bounce-diagnostic.h"

/* Registered by hand: G_DEFINE_BOXED_TYPE casts to a transparent union,
 * which -Wpedantic rejects in C. */
GType
bounce_diagnostic_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      GType new_type = g_boxed_type_register_static ("BounceDiagnostic",
                                                     (GBoxedCopyFunc) bounce_diagnostic_copy,
                                                     (GBoxedFreeFunc) bounce_diagnostic_free);

      g_once_init_leave (&type, new_type);
    }

  return type;
}

BounceDiagnostic *
bounce_diagnostic_new (const char *file,
                       guint       line,
                       gint64      offset,
                       const char *code,
                       const char *message)
{
  BounceDiagnostic *diagnostic = g_new0 (BounceDiagnostic, 1);

  diagnostic->file = g_strdup (file ? file : "");
  diagnostic->line = line;
  diagnostic->offset = offset;
  diagnostic->code = g_strdup (code ? code : "");
  diagnostic->message = g_strdup (message ? message : "");

  return diagnostic;
}

BounceDiagnostic *
bounce_diagnostic_copy (const BounceDiagnostic *diagnostic)
{
  g_return_val_if_fail (diagnostic != NULL, NULL);

  return bounce_diagnostic_new (diagnostic->file, diagnostic->line,
                                diagnostic->offset, diagnostic->code,
                                diagnostic->message);
}

void
bounce_diagnostic_free (BounceDiagnostic *diagnostic)
{
  if (diagnostic == NULL)
    return;

  g_free (diagnostic->file);
  g_free (diagnostic->code);
  g_free (diagnostic->message);
  g_free (diagnostic);
}

char *
bounce_diagnostic_to_string (const BounceDiagnostic *diagnostic)
{
  g_return_val_if_fail (diagnostic != NULL, NULL);

  if (diagnostic->line > 0)
    return g_strdup_printf ("%s:%u: %s", diagnostic->file, diagnostic->line,
                            diagnostic->message);

  return g_strdup_printf ("%s: %s", diagnostic->file, diagnostic->message);
}

/* Returns TRUE when @diagnostic names a CSV row that could not be read
 * completely, so its columns cannot be trusted: the cleaner keeps such a
 * row whatever bounced. The rows of other CSV diagnostics (a ragged row, a
 * field cut for display, bytes that are not text) were read in full, and
 * their address decides like any other row's. */
gboolean
bounce_diagnostic_is_damage (const BounceDiagnostic *diagnostic)
{
  g_return_val_if_fail (diagnostic != NULL, FALSE);

  return g_strcmp0 (diagnostic->code, BOUNCE_DIAGNOSTIC_UNBALANCED_QUOTE) == 0;
}

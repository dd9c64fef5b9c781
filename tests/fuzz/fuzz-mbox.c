/* fuzz-mbox.c: the message source on one file of any content, which
 * splits an mbox file into its messages.
 *
 * Besides a crash, an input fails when:
 * - a message comes with an error as well, or an error without a text;
 * - the messages of an mbox come out of order or outside the file;
 * - a message that needed no copy differs from the file's bytes after
 *   its envelope line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* For memmem(). */
#define _GNU_SOURCE

#include "config.h"

#include <string.h>

#include "bounce-core.h"
#include "fuzz-common.h"

typedef struct
{
  const uint8_t *data;
  size_t         size;
  gint64         last_offset;
  guint          n_found;
  char           line_end;  /* what ends the lines: '\r' when the first line ends in a CR alone */
} Split;

static gboolean
message_cb (const char   *file,
            gint64        offset,
            guint         index,
            GBytes       *bytes,
            const GError *error,
            gpointer      user_data)
{
  Split *split = user_data;
  gsize length = 0;
  const char *message = bytes != NULL ? g_bytes_get_data (bytes, &length) : NULL;

  /* The message, the error or, for a message read only in part, both.
   * An error has a text. */
  g_assert_true (bytes != NULL || error != NULL);
  if (error != NULL)
    {
      g_assert_true (error->domain == BOUNCE_ERROR);
      g_assert_cmpstr (error->message, !=, "");
    }
  if (bytes != NULL && error != NULL)
    g_assert_cmpint (error->code, ==, BOUNCE_ERROR_TRUNCATED);

  g_assert_cmpuint (index, ==, split->n_found);
  split->n_found++;

  if (offset < 0)
    {
      /* A file of one message: at most the file, less what was trimmed
       * before its headers. */
      g_assert_cmpuint (index, ==, 0);
      g_assert_cmpuint (length, <=, split->size);
      return TRUE;
    }

  /* A message of an mbox starts at its envelope line, after the one
   * before. */
  g_assert_cmpint (offset, <, (gint64) split->size);
  g_assert_cmpint (offset, >, split->last_offset);
  g_assert_true (memcmp (split->data + offset, "From ", 5) == 0);
  split->last_offset = offset;

  if (bytes != NULL)
    {
      const uint8_t *after_envelope = memchr (split->data + offset, split->line_end, split->size - offset);
      const uint8_t *start = after_envelope != NULL ? after_envelope + 1 : split->data + split->size;

      g_assert_cmpuint (length, <=, split->size - (gsize) (start - split->data));

      /* Without CR line ends or >From quoting, a message is the file's
       * bytes after its envelope line. The quoting is looked for up to
       * the end of the file: unquoting shortened the message. */
      if (memchr (split->data, '\r', split->size) == NULL &&
          memmem (start, split->size - (gsize) (start - split->data), ">From ", 6) == NULL)
        g_assert_true (memcmp (message, start, length) == 0);
    }

  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean initialized = FALSE;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[2] = { NULL, NULL };
  Split split = { data, size, -1, 0, '\n' };
  const uint8_t *cr = memchr (data, '\r', MIN (size, 8192));
  const uint8_t *lf = memchr (data, '\n', MIN (size, 8192));

  if (!initialized)
    {
      fuzz_make_warnings_fatal ();
      initialized = TRUE;
    }

  /* The mbox reader splits on the line end the first line has. */
  if (cr != NULL && (lf == NULL || cr < lf) && lf != cr + 1)
    split.line_end = '\r';

  path = fuzz_write_file ("archive", data, size);
  paths[0] = path;
  g_assert_true (bounce_message_source_foreach (paths, message_cb, &split, NULL, &error));
  g_assert_no_error (error);

  /* Every file gives a message or an error. */
  g_assert_cmpuint (split.n_found, >, 0);

  return 0;
}

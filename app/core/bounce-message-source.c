/* bounce-message-source.c: finds the messages in files, folders, Maildirs
 * and mbox files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-message-source"

/* For memmem() and O_NOATIME. */
#define _GNU_SOURCE

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bounce-contact-list.h"
#include "bounce-error.h"
#include "bounce-message-source-private.h"

/* First bytes of an OLE2 compound file, the container of Outlook .msg. */
static const guchar ole2_magic[] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
/* The first bytes of a gzip file (RFC 1952 section 2.3.1), such as a
 * compressed mbox "Inbox.mbox.gz". */
static const guchar gzip_magic[] = { 0x1F, 0x8B };

/* Bytes checked for control characters when deciding whether a file
 * contains text. */
#define BINARY_PROBE_SIZE 8192

/* A real bounce may carry a few stray NUL bytes, in its notice or after
 * its last line, and the parser reads them as blanks. More NULs than this
 * in BINARY_PROBE_SIZE bytes mean binary data. */
#define MAX_STRAY_NULS 16

/* Pages of a mapped mbox behind the split point are released in steps of
 * this size, so a scan of a file of several GB keeps a bounded resident
 * set. Slices still held by a parser fault back in from the page cache. */
#define MBOX_RELEASE_STEP (16 * 1024 * 1024)

typedef enum
{
  LINE_END_LF,
  LINE_END_CRLF,
  LINE_END_CR,
} LineEnd;

typedef struct
{
  dev_t dev;
  ino_t ino;
} DirId;

typedef struct
{
  BounceMessageFunc  func;
  BounceFileCheckFunc check_func;
  gpointer           user_data;
  GCancellable      *cancellable;

  /* bounce_message_source_count_files() walks without opening files. */
  gboolean           count_only;
  guint              n_files;

  /* Folders on the path from the root to the current one, to detect
   * links that point back into an ancestor, and every folder seen, so
   * that one reached twice through links or another spelling of its
   * path is read once. */
  GArray            *ancestors;
  GHashTable        *visited;
  /* The regular files among the given paths, each mapped to TRUE once
   * read. They are read where they were given: a repeat is skipped, and
   * so is the same file met in a given folder. */
  GHashTable        *given_files;
  /* Every file read so far (DirId), so that a second name of one file
   * inside the folders, a symbolic link to a file beside it or a hard
   * link, does not count its messages twice. The first name met is the
   * one read. */
  GHashTable        *read_files;

  /* The named folder being walked, with its links resolved. A link in
   * it is followed only to a target inside this folder. */
  char              *root;

  /* Set when the callback returned FALSE or the walk was cancelled. */
  gboolean           stopped;
} Walk;

typedef struct
{
  char          *name;
  unsigned char  type;
} Entry;

static void walk_path (Walk       *walk,
                       const char *path);

static guint
dir_id_hash (gconstpointer key)
{
  const DirId *id = key;
  guint64 ino = (guint64) id->ino;

  return (guint) (ino ^ (ino >> 32)) ^ (guint) id->dev;
}

static gboolean
dir_id_equal (gconstpointer a,
              gconstpointer b)
{
  const DirId *id_a = a;
  const DirId *id_b = b;

  return id_a->dev == id_b->dev && id_a->ino == id_b->ino;
}

static gboolean
walk_is_cancelled (Walk *walk)
{
  if (!walk->stopped && g_cancellable_is_cancelled (walk->cancellable))
    walk->stopped = TRUE;

  return walk->stopped;
}

/* Hands out a message. @error is NULL for a whole message, else the
 * reason only part of it is there. */
static void
deliver (Walk         *walk,
         const char   *path,
         gint64        offset,
         guint         index,
         GBytes       *bytes,
         const GError *error)
{
  if (walk->stopped)
    return;

  if (!walk->func (path, offset, index, bytes, error, walk->user_data))
    walk->stopped = TRUE;
}

/* Hands out the last message of an mbox file that ends in the middle
 * of a line. Every mbox writer ends a message with a line end, so the
 * file was cut, as by a full disk or a download that stopped.
 * NOTE: a file cut exactly at a line end looks whole and gets no note. */
static void
deliver_cut (Walk       *walk,
             const char *path,
             gint64      offset,
             guint       index,
             GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;

  error = g_error_new_literal (BOUNCE_ERROR, BOUNCE_ERROR_TRUNCATED,
                               _("The mbox file ends in the middle of this message, so only its first "
                                 "part was read. Export or copy the mailbox again to read it whole."));
  deliver (walk, path, offset, index, bytes, error);
}

/* Reports a file that is not a message. Errors are never fatal: the
 * caller turns them into records and the walk goes on. */
static void
report (Walk       *walk,
        const char *path,
        gint64      offset,
        guint       index,
        BounceError code,
        const char *format,
        ...) G_GNUC_PRINTF (6, 7);

static void
report (Walk       *walk,
        const char *path,
        gint64      offset,
        guint       index,
        BounceError code,
        const char *format,
        ...)
{
  g_autoptr(GError) error = NULL;
  va_list args;

  if (walk->count_only)
    {
      walk->n_files++;
      return;
    }

  if (walk->stopped)
    return;

  va_start (args, format);
  error = g_error_new_valist (BOUNCE_ERROR, code, format, args);
  va_end (args);

  g_debug ("%s: %s", path, error->message);

  if (!walk->func (path, offset, index, NULL, error, walk->user_data))
    walk->stopped = TRUE;
}

/* Reports a failed stat(), open() or read() in words a person can act on. */
static void
report_errno (Walk       *walk,
              const char *path,
              int         saved_errno)
{
  switch (saved_errno)
    {
    case ENOENT:
    case ENOTDIR:
      report (walk, path, -1, 0, BOUNCE_ERROR_NOT_FOUND,
              _("The file or folder was not found. Check the path, or whether a link points to a file that was moved."));
      break;

    case ELOOP:
      report (walk, path, -1, 0, BOUNCE_ERROR_UNREADABLE,
              _("The symbolic link could not be followed because it is part of a loop of links."));
      break;

    case EACCES:
    case EPERM:
      report (walk, path, -1, 0, BOUNCE_ERROR_UNREADABLE,
              _("Permission to read the file was denied. Change its permissions or copy it to a folder you own."));
      break;

    default:
      report (walk, path, -1, 0, BOUNCE_ERROR_UNREADABLE,
              _("The file could not be read: %s."), g_strerror (saved_errno));
      break;
    }
}

/* BOUNCE_MESSAGE_MAX_FILE_SIZE: a larger message is skipped, not read.
 * The parser keeps a message in memory several times over (GMime's parts,
 * the notice and the copies of its line ends), and no bounce comes near
 * it. @offset is -1 for a file of its own, else the message's in the mbox
 * file. */
static void
report_too_large (Walk       *walk,
                  const char *path,
                  gint64      offset,
                  guint       index,
                  guint64     size)
{
  g_autofree char *size_text = g_format_size (size);

  /* The messages name the limit. */
  G_STATIC_ASSERT (BOUNCE_MESSAGE_MAX_FILE_SIZE == 64 * 1024 * 1024);

  if (offset < 0)
    report (walk, path, offset, index, BOUNCE_ERROR_TOO_LARGE,
            _("The file is %s, larger than the 64 MB limit for one email message, so it was skipped."),
            size_text);
  else
    report (walk, path, offset, index, BOUNCE_ERROR_TOO_LARGE,
            _("The message is %s, larger than the 64 MB limit for one email message, so it was skipped."),
            size_text);
}

static void
report_not_regular (Walk       *walk,
                    const char *path)
{
  report (walk, path, -1, 0, BOUNCE_ERROR_NOT_REGULAR,
          _("This is a pipe, socket or device, not a file, so it was skipped."));
}

static gboolean
has_prefix_bytes (const char *data,
                  gsize       length,
                  const char *prefix,
                  gsize       prefix_length)
{
  return length >= prefix_length && memcmp (data, prefix, prefix_length) == 0;
}

/* Copies @data with mboxrd quoting removed (">From " and ">>From " lose one
 * ">", as the mboxrd variant of the format specifies) and, for files with bare
 * CR line ends, each CR turned into LF, since GMime splits lines on LF. */
static GBytes *
copy_normalized (const char *data,
                 gsize       length,
                 LineEnd     line_end,
                 gboolean    unquote)
{
  char line_char = line_end == LINE_END_CR ? '\r' : '\n';
  char *copy = g_malloc (length + 1);
  gsize out = 0;
  gsize i = 0;

  while (i < length)
    {
      const char *end = memchr (data + i, line_char, length - i);
      gsize line_length = end ? (gsize) (end - (data + i)) + 1 : length - i;
      const char *line = data + i;

      if (unquote && line_length > 1 && line[0] == '>')
        {
          gsize k = 0;

          while (k < line_length && line[k] == '>')
            k++;
          if (has_prefix_bytes (line + k, line_length - k, "From ", 5))
            {
              line++;
              line_length--;
            }
        }

      memcpy (copy + out, line, line_length);
      if (line_end == LINE_END_CR && line[line_length - 1] == '\r')
        copy[out + line_length - 1] = '\n';
      out += line_length;
      i = end ? (gsize) (end - data) + 1 : length;
    }

  return g_bytes_new_take (copy, out);
}

static LineEnd
detect_line_end (const char *data,
                 gsize       length)
{
  const char *cr = memchr (data, '\r', MIN (length, BINARY_PROBE_SIZE));
  const char *lf = memchr (data, '\n', MIN (length, BINARY_PROBE_SIZE));

  /* The first line end decides. */
  if (cr == NULL || (lf != NULL && lf < cr))
    return LINE_END_LF;
  if (lf == cr + 1)
    return LINE_END_CRLF;

  return LINE_END_CR;
}

static gboolean starts_with_header (const char *data,
                                    gsize       length);

/* Returns the offset just past the line end at or after @i: LF, CRLF or
 * a CR alone. */
static gsize
skip_line (const char *data,
           gsize       available,
           gsize       i)
{
  while (i < available && data[i] != '\n' && data[i] != '\r')
    i++;
  if (i < available && data[i] == '\r')
    i++;
  if (i < available && data[i] == '\n' && data[i - 1] != '\n')
    i++;

  return i;
}

/* Whether @word of @length bytes begins with one of the three-letter
 * names of @names, followed by a space. */
static gboolean
starts_with_name (const char         *word,
                  gsize               length,
                  const char * const *names)
{
  if (length < 4 || word[3] != ' ')
    return FALSE;

  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strncasecmp (word, names[i], 3) == 0)
      return TRUE;

  return FALSE;
}

/* Whether the envelope line @line of @length bytes, without a year, has
 * the shape mbox writers give it. That is "From ", a sender (an address,
 * a local user name such as MAILER-DAEMON, or "-"), one space or more,
 * and a ctime() date without the year ("Tue Mar  5 09:15:04") or an ISO
 * 8601 date and time ("2024-03-05T09:15:04Z"). Some delivery agents put
 * two spaces after the sender. Body text such as "From jane Tue 09:15 to
 * 10:00" or "From here on we ..." has no day and month names, or no
 * date, after its first word. */
static gboolean
has_loose_envelope_shape (const char *line,
                          gsize       length)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", NULL };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", NULL };
  gsize sender = 5;
  gsize end = sender;
  gsize date;

  while (end < length && line[end] != ' ' && line[end] != '\n' && line[end] != '\r')
    end++;
  if (end == sender || end >= length || line[end] != ' ')
    return FALSE;

  date = end;
  while (date < length && line[date] == ' ')
    date++;
  if (date + 16 <= length && g_ascii_isdigit (line[date]) && g_ascii_isdigit (line[date + 3]) &&
      line[date + 4] == '-' && line[date + 7] == '-' && line[date + 10] == 'T' && line[date + 13] == ':')
    return TRUE;

  if (!starts_with_name (line + date, length - date, days))
    return FALSE;
  date += 4;
  while (date < length && line[date] == ' ')
    date++;

  return starts_with_name (line + date, length - date, months);
}

/* An envelope line as Thunderbird ("From - Mon Jan  1 12:00:00 2024"),
 * Google Takeout ("From 1234@xxx Mon Jan 01 12:00:00 +0000 2024") and
 * mail delivery agents write it: "From ", a time of day, a year after it,
 * and on the next line the first header field of the message (or the end
 * of the file). A body line that starts with "From " and was left
 * unquoted (mboxcl2 writers do not quote), such as "From 9:00 to 17:00"
 * or a quoted envelope line followed by text, does not split the
 * message.
 *
 * Some writers leave out the year ("From MAILER-DAEMON Tue Mar  5
 * 09:15:04") or write an ISO 8601 date ("From x@example.com
 * 2024-03-05T09:15:04Z"). Such a line is an envelope only when it has
 * that shape (has_loose_envelope_shape()), @after_blank_line (mbox
 * writers put an empty line before each envelope) and two header fields
 * follow it, which a body line starting with "From " seldom has. */
static gboolean
is_envelope_line (const char *line,
                  gsize       available,
                  gboolean    after_blank_line)
{
  gsize length = MIN (available, 256);
  gsize i = 5;
  gboolean time_found = FALSE;
  gboolean year_found = FALSE;
  gsize second_line;

  if (!has_prefix_bytes (line, length, "From ", 5))
    return FALSE;

  for (; i < length && line[i] != '\n' && line[i] != '\r'; i++)
    {
      if (!time_found && i + 3 < length && g_ascii_isdigit (line[i]) && line[i + 1] == ':' &&
          g_ascii_isdigit (line[i + 2]) && g_ascii_isdigit (line[i + 3]))
        time_found = TRUE;
      else if (time_found && i + 4 <= length && !g_ascii_isdigit (line[i - 1]) &&
               (line[i] == '1' || line[i] == '2') && g_ascii_isdigit (line[i + 1]) &&
               g_ascii_isdigit (line[i + 2]) && g_ascii_isdigit (line[i + 3]) &&
               (i + 4 == length || !g_ascii_isdigit (line[i + 4])))
        year_found = TRUE;
    }
  if (!time_found || (!year_found && (!after_blank_line || !has_loose_envelope_shape (line, length))))
    return FALSE;

  i = skip_line (line, available, i);
  if (i >= available)
    return year_found;
  if (!starts_with_header (line + i, available - i))
    return FALSE;
  if (year_found)
    return TRUE;

  second_line = skip_line (line, available, i);

  return second_line < available && starts_with_header (line + second_line, available - second_line);
}

/* Whether the line starting at @offset comes after an empty line. */
static gboolean
follows_blank_line (const char *data,
                    gsize       offset,
                    LineEnd     line_end)
{
  switch (line_end)
    {
    case LINE_END_CRLF:
      return offset >= 4 && memcmp (data + offset - 4, "\r\n\r\n", 4) == 0;
    case LINE_END_CR:
      return offset >= 2 && memcmp (data + offset - 2, "\r\r", 2) == 0;
    case LINE_END_LF:
    default:
      return offset >= 2 && memcmp (data + offset - 2, "\n\n", 2) == 0;
    }
}

/* Returns the offset of the next envelope line at or after @from, or
 * @length when there is none. Sets @quoted_from when ">From " occurs
 * between @from and that offset, a line that mboxrd quoting may have
 * made. One search for "From " finds both, so each message is scanned
 * once instead of twice. */
static gsize
find_next_envelope (const char *data,
                    gsize       length,
                    gsize       from,
                    LineEnd     line_end,
                    gboolean   *quoted_from)
{
  char line_char = line_end == LINE_END_CR ? '\r' : '\n';
  gsize position = from;

  *quoted_from = FALSE;
  while (position < length)
    {
      const char *hit = memmem (data + position, length - position, "From ", 5);
      gsize offset;

      if (hit == NULL)
        return length;

      offset = (gsize) (hit - data);
      if (offset > 0 && data[offset - 1] == line_char &&
          is_envelope_line (hit, length - offset, follows_blank_line (data, offset, line_end)))
        return offset;
      if (offset > from && data[offset - 1] == '>')
        *quoted_from = TRUE;

      position = offset + 1;
    }

  return length;
}

/* Drops the empty line an mbox writer puts before the next "From " line:
 * it separates messages and is not part of the one before. */
static gsize
strip_separator_line (const char *data,
                      gsize       length,
                      LineEnd     line_end)
{
  if (!follows_blank_line (data, length, line_end))
    return length;

  return length - (line_end == LINE_END_CRLF ? 2 : 1);
}

/* Releases the pages of @mapping between the offsets @from and @to,
 * rounded down to whole pages. */
static void
release_pages (const char *mapping,
               gsize       from,
               gsize       to)
{
#ifdef MADV_DONTNEED
  gsize page_size = (gsize) sysconf (_SC_PAGESIZE);

  from -= from % page_size;
  to -= to % page_size;

  /* The mapping is private and read-only, so dropped pages contain
   * nothing that can be lost: a later access reads them again from the
   * file. */
  if (to > from)
    madvise ((void *) (mapping + from), to - from, MADV_DONTNEED);
#endif
}

/* Splits an mbox on its envelope lines and hands out each message as a
 * slice of @contents, copied only when it needs >From unquoting or line
 * ends changed. The offset given is the one of the envelope line, which
 * is how Thunderbird's index addresses a message. */
static void
split_mbox (Walk       *walk,
            const char *path,
            GBytes     *contents,
            gboolean    mapped)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (contents, &length);
  LineEnd line_end = detect_line_end (data, length);
  char line_char = line_end == LINE_END_CR ? '\r' : '\n';
  gsize released = 0;
  gsize envelope = 0;
  guint index = 0;

#ifdef MADV_SEQUENTIAL
  if (mapped)
    madvise ((void *) data, length, MADV_SEQUENTIAL);
#endif

  while (envelope < length && !walk_is_cancelled (walk))
    {
      const char *newline = memchr (data + envelope, line_char, length - envelope);
      gsize start = newline ? (gsize) (newline - data) + 1 : length;
      gsize next;
      gsize message_length;
      gboolean quoted_from;
      gboolean cut;

      next = find_next_envelope (data, length, start, line_end, &quoted_from);
      message_length = strip_separator_line (data + start, next - start, line_end);
      cut = next == length && length > 0 && data[length - 1] != line_char;

      if (message_length == 0)
        {
          report (walk, path, (gint64) envelope, index, BOUNCE_ERROR_EMPTY,
                  _("This message in the mbox file is empty."));
        }
      else if (message_length > BOUNCE_MESSAGE_MAX_FILE_SIZE)
        report_too_large (walk, path, (gint64) envelope, index, message_length);
      else
        {
          g_autoptr(GBytes) message = NULL;

          if (line_end == LINE_END_CR || quoted_from)
            message = copy_normalized (data + start, message_length, line_end, TRUE);
          else
            message = g_bytes_new_from_bytes (contents, start, message_length);

          if (cut)
            deliver_cut (walk, path, (gint64) envelope, index, message);
          else
            deliver (walk, path, (gint64) envelope, index, message, NULL);
        }

      if (mapped && next > released + 2 * MBOX_RELEASE_STEP)
        {
          release_pages (data, released, next - MBOX_RELEASE_STEP);
          released = next - MBOX_RELEASE_STEP;
        }

      envelope = next;
      index++;
    }
}

/* Apple Mail's .emlx starts with the message length on a line of its own
 * and ends with an XML property list after the message. */
static gboolean
find_emlx_message (const char *path,
                   const char *data,
                   gsize       length,
                   gsize      *start,
                   gsize      *message_length)
{
  const char *newline;
  guint64 declared = 0;

  if (!g_str_has_suffix (path, ".emlx"))
    return FALSE;

  newline = memchr (data, '\n', MIN (length, 32));
  if (newline == NULL || newline == data)
    return FALSE;

  for (const char *p = data; p < newline; p++)
    {
      if (g_ascii_isdigit (*p))
        declared = declared * 10 + (guint64) (*p - '0');
      else if (*p != ' ' && *p != '\t' && *p != '\r')
        return FALSE;
    }

  *start = (gsize) (newline - data) + 1;
  *message_length = MIN (declared, length - *start);

  return TRUE;
}

/* The first line of a message is a header field: a name of printable
 * ASCII other than ":" followed by ":" (RFC 5322 section 2.2). */
static gboolean
starts_with_header (const char *data,
                    gsize       length)
{
  gsize i = 0;

  while (i < length && i < 998)
    {
      guchar c = (guchar) data[i];

      if (c == ':')
        return i > 0;
      if (c < 33 || c > 126)
        break;
      i++;
    }

  /* Allow blanks between the name and the colon, as RFC 822 did. */
  if (i == 0)
    return FALSE;
  while (i < length && (data[i] == ' ' || data[i] == '\t'))
    i++;

  return i < length && data[i] == ':';
}

/* Per byte value: 1 for NUL, 2 for a control character that text never
 * contains (all but tab, LF, CR, FF, and ESC, SO and SI of ISO-2022-JP),
 * else 0. */
static const guint8 binary_class[256] = {
  1, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 2, 0, 0, 0, 0,
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 2, 2, 2, 2,
  [0x7f] = 2,
};

/* Whether the first BINARY_PROBE_SIZE bytes of @data are binary: more
 * than MAX_STRAY_NULS NUL bytes, or more than one byte in 16 a control
 * character that text never contains. ESC, SO and SI occur in ISO-2022-JP
 * text; PNG, ZIP and random bytes have far more controls than that. */
static gboolean
looks_binary (const char *data,
              gsize       length)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  gsize probe = MIN (length, BINARY_PROBE_SIZE);
  gsize nuls = 0;
  gsize controls = 0;
  gsize i = 0;

  /* Every message file passes here. Most 8-byte words of text contain
   * no byte below 0x20 and no DEL, so they are skipped whole. For a word
   * w, (w - n * ones) & ~w & highs is nonzero exactly when a byte of w is
   * below n (n <= 128), and w ^ (0x7f * ones) has a zero byte where w
   * has a DEL. */
  for (; i + 8 <= probe; i += 8)
    {
      guint64 word;
      guint64 del;

      memcpy (&word, data + i, sizeof word);
      del = word ^ (0x7f * ones);
      if ((((word - 0x20 * ones) & ~word) | ((del - ones) & ~del)) & highs)
        {
          for (gsize j = i; j < i + 8; j++)
            {
              guint8 class = binary_class[(guchar) data[j]];

              nuls += class & 1;
              controls += class >> 1;
            }
        }
    }

  for (; i < probe; i++)
    {
      guint8 class = binary_class[(guchar) data[i]];

      nuls += class & 1;
      controls += class >> 1;
    }

  return nuls > MAX_STRAY_NULS || controls > probe / 16;
}

/* Checks that @contents is a message and returns it trimmed of a byte
 * order mark and blank lines before the headers, with bare CR line ends
 * made LF. A message is recognized by its structure: it starts with a
 * header field, and its first bytes are not binary. @from_file picks the
 * wording of the errors: a file's, or a message's on a mail server. */
GBytes *
_bounce_message_source_prepare (const char  *path,
                                GBytes      *contents,
                                gboolean     from_file,
                                GError     **error)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (contents, &length);
  gsize start = 0;
  gsize message_length = length;

  if (find_emlx_message (path, data, length, &start, &message_length))
    g_debug ("%s: Apple Mail message of %" G_GSIZE_FORMAT " bytes", path, message_length);

  if (has_prefix_bytes (data + start, message_length, "\xEF\xBB\xBF", 3))
    {
      start += 3;
      message_length -= 3;
    }
  while (message_length > 0 && (data[start] == '\n' || data[start] == '\r' ||
                                data[start] == ' ' || data[start] == '\t'))
    {
      start++;
      message_length--;
    }

  if (message_length == 0)
    {
      g_set_error_literal (error, BOUNCE_ERROR, BOUNCE_ERROR_EMPTY,
                           from_file ? _("The file is empty or holds only blank lines.")
                                     : _("The message on the server is empty."));
      return NULL;
    }

  if (looks_binary (data + start, message_length))
    {
      g_set_error_literal (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_A_MESSAGE,
                           from_file ? _("The file holds binary data, not an email message. Save the bounce from your mail program as .eml or mbox.")
                                     : _("The message on the server holds binary data, not an email message."));
      return NULL;
    }

  if (!starts_with_header (data + start, message_length))
    {
      g_set_error_literal (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_A_MESSAGE,
                           from_file ? _("The file does not start with email headers, so it is not an email message. Save the bounce from your mail program as .eml or mbox.")
                                     : _("The message on the server does not start with email headers."));
      return NULL;
    }

  if (detect_line_end (data + start, message_length) == LINE_END_CR)
    return copy_normalized (data + start, message_length, LINE_END_CR, FALSE);
  if (start == 0 && message_length == length)
    return g_bytes_ref (contents);

  return g_bytes_new_from_bytes (contents, start, message_length);
}

static void
deliver_message_file (Walk       *walk,
                      const char *path,
                      GBytes     *contents)
{
  g_autoptr(GBytes) message = NULL;
  g_autoptr(GError) error = NULL;

  message = _bounce_message_source_prepare (path, contents, TRUE, &error);
  if (message == NULL && error->code == BOUNCE_ERROR_NOT_A_MESSAGE && bounce_contact_list_is_likely_file (path))
    {
      /* A contact list given with the bounce messages, such as Excel's
       * UTF-16 "Unicode Text" export, would otherwise be "binary data". */
      report (walk, path, -1, 0, BOUNCE_ERROR_NOT_A_MESSAGE,
              _("The file looks like a contact list, not an email message. Open it as the contact list: "
                "with Open Contacts in the app, or with --contacts in bounce-cli clean."));
      return;
    }
  if (message == NULL)
    {
      report (walk, path, -1, 0, (BounceError) error->code, "%s", error->message);
      return;
    }

  deliver (walk, path, -1, 0, message, NULL);
}

static void
dispatch_contents (Walk       *walk,
                   const char *path,
                   GBytes     *contents,
                   gboolean    mapped)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (contents, &length);

  if (has_prefix_bytes (data, length, (const char *) ole2_magic, sizeof ole2_magic))
    {
      report (walk, path, -1, 0, BOUNCE_ERROR_OUTLOOK_MSG,
              _("This is an Outlook .msg file; open it in Outlook and save it as .eml (File > Save As)"));
      return;
    }

  /* Bounce reads no compressed file, so the report names the format
   * rather than calling it binary data. */
  if (has_prefix_bytes (data, length, (const char *) gzip_magic, sizeof gzip_magic))
    {
      report (walk, path, -1, 0, BOUNCE_ERROR_NOT_A_MESSAGE,
              _("The file is compressed with gzip. Unpack it first, for example with “gunzip”, and read the "
                "unpacked mbox or message."));
      return;
    }

  /* An mbox is recognized by its first line, whatever the file is named:
   * Thunderbird's folders have no extension. */
  if (has_prefix_bytes (data, length, "From ", 5))
    {
      split_mbox (walk, path, contents, mapped);
      return;
    }

  if (length > BOUNCE_MESSAGE_MAX_FILE_SIZE)
    {
      report_too_large (walk, path, -1, 0, length);
      return;
    }

  deliver_message_file (walk, path, contents);
}

/* Opens @name relative to the folder @dir_fd (or AT_FDCWD), which spares
 * the kernel a lookup of the whole path for each of many files. */
static int
open_for_reading (int         dir_fd,
                  const char *name)
{
  int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  int fd = -1;

  /* O_NOATIME keeps the scan from touching the files' access times. The
   * kernel allows it only to the file's owner, so retry without. */
#ifdef O_NOATIME
  fd = openat (dir_fd, name, flags | O_NOATIME);
  if (fd >= 0 || errno != EPERM)
    return fd;
#endif

  return openat (dir_fd, name, flags);
}

static GBytes *
read_whole (int         fd,
            gsize       size,
            int        *saved_errno)
{
  char *buffer = g_malloc (size + 1);
  gsize done = 0;

  while (done < size)
    {
      gssize n = read (fd, buffer + done, size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          *saved_errno = errno;
          g_free (buffer);
          return NULL;
        }
      if (n == 0)
        break;
      done += (gsize) n;
    }

  return g_bytes_new_take (buffer, done);
}

/* Returns TRUE when the file of @st was read already under another name,
 * and marks it read otherwise. */
static gboolean
is_read_already (Walk              *walk,
                 const struct stat *st,
                 const char        *path)
{
  DirId id = { st->st_dev, st->st_ino };

  if (g_hash_table_contains (walk->read_files, &id))
    {
      g_debug ("%s: file already read under another name", path);
      return TRUE;
    }
  g_hash_table_add (walk->read_files, g_memdup2 (&id, sizeof id));

  return FALSE;
}

/* Hands the stat() data of @name, relative to @dir_fd, to the caller's
 * check function, and returns whether it took the file, which is then not
 * read. Also returns TRUE, without asking, for a file read already under
 * another name. A file that cannot be examined is left to the reading
 * code, which reports why. */
static gboolean
file_is_taken (Walk       *walk,
               int         dir_fd,
               const char *name,
               const char *path)
{
  BounceFileStamp stamp;
  struct stat st;

  if (walk->stopped || fstatat (dir_fd, name, &st, 0) != 0 || !S_ISREG (st.st_mode))
    return FALSE;

  if (is_read_already (walk, &st, path))
    return TRUE;

  stamp.device = (guint64) st.st_dev;
  stamp.inode = (guint64) st.st_ino;
  stamp.size = (gint64) st.st_size;
  stamp.mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
  stamp.ctime_ns = (gint64) st.st_ctim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_ctim.tv_nsec;

  return walk->check_func (path, &stamp, walk->user_data);
}

/* Returns whether @name, relative to @dir_fd, is met inside a folder but
 * is one of the files given by themselves, which are read where they
 * were given. Costs a stat() only when files were given beside folders. */
static gboolean
is_given_elsewhere (Walk       *walk,
                    int         dir_fd,
                    const char *name)
{
  struct stat st;
  DirId id;

  if (walk->ancestors->len == 0 || g_hash_table_size (walk->given_files) == 0)
    return FALSE;

  if (fstatat (dir_fd, name, &st, 0) != 0)
    return FALSE;

  id = (DirId) { st.st_dev, st.st_ino };

  return g_hash_table_contains (walk->given_files, &id);
}

/* Reads one regular file, @path for messages and @name, relative to
 * @dir_fd, for opening. @beside_index is TRUE when the folder contains an
 * index file for it, as Thunderbird keeps "Inbox.msf" next to "Inbox". */
static void
read_file (Walk       *walk,
           int         dir_fd,
           const char *name,
           const char *path,
           gboolean    beside_index)
{
  g_autoptr(GBytes) contents = NULL;
  gboolean mapped = FALSE;
  struct stat st;
  int saved_errno = 0;
  int fd;

  if (is_given_elsewhere (walk, dir_fd, name))
    {
      g_debug ("%s: file given by itself too, read there", path);
      return;
    }

  if (walk->count_only)
    {
      /* An empty Thunderbird folder is skipped quietly, see below. */
      if (beside_index && fstatat (dir_fd, name, &st, 0) == 0 && st.st_size == 0)
        return;
      walk->n_files++;
      return;
    }

  if (walk->check_func != NULL && file_is_taken (walk, dir_fd, name, path))
    return;

  fd = open_for_reading (dir_fd, name);
  if (fd < 0)
    {
      report_errno (walk, path, errno);
      return;
    }

  if (fstat (fd, &st) != 0)
    {
      saved_errno = errno;
      close (fd);
      report_errno (walk, path, saved_errno);
      return;
    }

  /* The type was checked before opening. This check catches a file
   * replaced in between. */
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      report_not_regular (walk, path);
      return;
    }

  /* file_is_taken() checked and marked the file already. */
  if (walk->check_func == NULL && is_read_already (walk, &st, path))
    {
      close (fd);
      return;
    }

  if (st.st_size == 0)
    {
      close (fd);
      if (beside_index)
        g_debug ("%s: empty Thunderbird folder", path);
      else
        report (walk, path, -1, 0, BOUNCE_ERROR_EMPTY, _("The file is empty."));
      return;
    }

  /* Small files are read, which is faster than mapping them. Large ones
   * (an mbox can be GB) are mapped and handed out in slices. */
  if ((guint64) st.st_size <= BOUNCE_MESSAGE_MAX_FILE_SIZE)
    {
      contents = read_whole (fd, (gsize) st.st_size, &saved_errno);
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GMappedFile) mapping = g_mapped_file_new_from_fd (fd, FALSE, &error);

      if (mapping != NULL)
        {
          contents = g_mapped_file_get_bytes (mapping);
          mapped = TRUE;
        }
      else
        {
          saved_errno = EIO;
          g_debug ("%s: %s", path, error->message);
        }
    }
  close (fd);

  if (contents == NULL)
    {
      report_errno (walk, path, saved_errno);
      return;
    }

  if (g_bytes_get_size (contents) == 0)
    {
      report (walk, path, -1, 0, BOUNCE_ERROR_EMPTY, _("The file is empty."));
      return;
    }

  dispatch_contents (walk, path, contents, mapped);
}

/* Files that mail programs keep next to messages, skipped without a word:
 * Thunderbird's summary and settings files. */
static gboolean
is_bookkeeping_file (const char *name)
{
  static const char * const names[] = {
    "msgFilterRules.dat", "popstate.dat", "filterlog.html", "junklog.html",
  };

  if (g_str_has_suffix (name, ".msf"))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      return TRUE;

  return FALSE;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *entry_a = a;
  const Entry *entry_b = b;

  return strcmp (entry_a->name, entry_b->name);
}

static void
clear_entry (gpointer data)
{
  Entry *entry = data;

  g_free (entry->name);
}

static gboolean
has_entry (GArray     *entries,
           const char *name)
{
  Entry key = { (char *) name, DT_UNKNOWN };

  /* bsearch() must not be given a NULL array, which an empty folder has. */
  if (entries->len == 0)
    return FALSE;

  return bsearch (&key, entries->data, entries->len, sizeof (Entry), compare_entries) != NULL;
}

static gboolean
entry_is_dir (const char  *folder,
              const Entry *entry)
{
  g_autofree char *path = NULL;

  if (entry->type == DT_DIR)
    return TRUE;
  if (entry->type != DT_UNKNOWN && entry->type != DT_LNK)
    return FALSE;

  path = g_build_filename (folder, entry->name, NULL);

  return g_file_test (path, G_FILE_TEST_IS_DIR);
}

/* Reads the names in a folder, sorted bytewise so every run walks the same
 * order. readdir() is used rather than GDir for d_type, which gives the
 * type of most entries without a stat() per file. */
static GArray *
list_folder (int  dir_fd,
             int *saved_errno)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  struct dirent *dirent;
  DIR *dir;
  int list_fd;

  g_array_set_clear_func (entries, clear_entry);

  /* closedir() closes the descriptor it was given, and the caller keeps
   * @dir_fd for opening the entries. */
  list_fd = dup (dir_fd);
  dir = list_fd >= 0 ? fdopendir (list_fd) : NULL;
  if (dir == NULL)
    {
      *saved_errno = errno;
      if (list_fd >= 0)
        close (list_fd);
      return NULL;
    }

  while ((dirent = readdir (dir)) != NULL)
    {
      Entry entry;

      if (g_str_equal (dirent->d_name, ".") || g_str_equal (dirent->d_name, ".."))
        continue;

      entry.name = g_strdup (dirent->d_name);
      entry.type = dirent->d_type;
      g_array_append_val (entries, entry);
    }
  closedir (dir);

  g_array_sort (entries, compare_entries);

  return g_steal_pointer (&entries);
}

/* Decides which entries of a folder are read. A Maildir keeps delivered
 * messages in cur/ and new/ and messages still being written in tmp/, and
 * its Maildir++ subfolders are hidden folders such as ".Sent". Elsewhere,
 * hidden files (".DS_Store", "._name" from macOS) and mail programs' index
 * files are skipped. */
static gboolean
should_walk_entry (const char  *folder,
                   const Entry *entry,
                   gboolean     is_maildir)
{
  if (is_maildir)
    {
      if (g_str_equal (entry->name, "cur") || g_str_equal (entry->name, "new"))
        return TRUE;
      if (entry->name[0] == '.' && entry_is_dir (folder, entry))
        return TRUE;

      g_debug ("%s: skipping “%s” in a Maildir", folder, entry->name);
      return FALSE;
    }

  if (entry->name[0] == '.' || is_bookkeeping_file (entry->name))
    {
      g_debug ("%s: skipping “%s”", folder, entry->name);
      return FALSE;
    }

  /* Apple Mail exports a mailbox as a folder "Name.mbox" with the
   * messages in a file "mbox", next to its own "table_of_contents" index
   * and, in some versions, an "Info.plist". */
  if (g_str_has_suffix (folder, ".mbox") &&
      (g_str_equal (entry->name, "table_of_contents") || g_str_equal (entry->name, "Info.plist")))
    {
      g_debug ("%s: skipping Apple Mail's “%s”", folder, entry->name);
      return FALSE;
    }

  return TRUE;
}

/* TRUE when @path, with its links resolved, is @root or inside it. */
static gboolean
is_inside_root (const char *path,
                const char *root)
{
  gsize root_length = strlen (root);

  if (strcmp (root, "/") == 0)
    return TRUE;

  return strncmp (path, root, root_length) == 0 && (path[root_length] == '\0' || path[root_length] == '/');
}

/* Walks an entry that may be a symbolic link: a link whose target lies
 * outside the named folder is reported and not followed, so a scan never
 * reads a parent folder or another tree. */
static void
walk_link (Walk       *walk,
           const char *path)
{
  g_autofree char *target = NULL;
  struct stat st;

  if (walk->root == NULL || g_lstat (path, &st) != 0 || !S_ISLNK (st.st_mode))
    {
      walk_path (walk, path);
      return;
    }

  target = realpath (path, NULL);
  if (target == NULL)
    {
      report_errno (walk, path, errno);
      return;
    }

  if (!is_inside_root (target, walk->root))
    {
      report (walk, path, -1, 0, BOUNCE_ERROR_UNREADABLE,
              _("This link points outside the folder being read, so it was not followed."));
      return;
    }

  walk_path (walk, path);
}

static void
walk_entry (Walk        *walk,
            int          dir_fd,
            const char  *folder,
            const Entry *entry,
            GArray      *entries,
            gboolean     has_index_files)
{
  g_autofree char *path = g_build_filename (folder, entry->name, NULL);

  switch (entry->type)
    {
    case DT_REG:
      if (has_index_files)
        {
          g_autofree char *index_name = g_strconcat (entry->name, ".msf", NULL);

          read_file (walk, dir_fd, entry->name, path, has_entry (entries, index_name));
        }
      else
        read_file (walk, dir_fd, entry->name, path, FALSE);
      break;

    case DT_DIR:
      walk_path (walk, path);
      break;

    case DT_LNK:
    case DT_UNKNOWN:
      walk_link (walk, path);
      break;

    default:
      /* FIFOs, sockets and devices are never opened: opening a FIFO
       * blocks until a writer comes, and opening a device can act on it. */
      report_not_regular (walk, path);
      break;
    }
}

static void
walk_folder (Walk              *walk,
             const char        *path,
             const struct stat *st)
{
  g_autoptr(GArray) entries = NULL;
  DirId id = { st->st_dev, st->st_ino };
  gboolean is_maildir;
  gboolean has_index_files = FALSE;
  int saved_errno = 0;
  int dir_fd;

  for (guint i = 0; i < walk->ancestors->len; i++)
    {
      if (dir_id_equal (&g_array_index (walk->ancestors, DirId, i), &id))
        {
          report (walk, path, -1, 0, BOUNCE_ERROR_UNREADABLE,
                  _("This link points back to a folder that contains it, so it was not followed."));
          return;
        }
    }

  if (g_hash_table_contains (walk->visited, &id))
    {
      g_debug ("%s: folder already read through another path", path);
      return;
    }
  g_hash_table_add (walk->visited, g_memdup2 (&id, sizeof id));

  dir_fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  entries = dir_fd >= 0 ? list_folder (dir_fd, &saved_errno) : NULL;
  if (entries == NULL)
    {
      if (dir_fd < 0)
        saved_errno = errno;
      else
        close (dir_fd);
      report_errno (walk, path, saved_errno);
      return;
    }

  is_maildir = has_entry (entries, "cur") && has_entry (entries, "new");

  /* Only a folder with index files needs the search for each file's. */
  for (guint i = 0; i < entries->len && !has_index_files; i++)
    has_index_files = g_str_has_suffix (g_array_index (entries, Entry, i).name, ".msf");

  g_array_append_val (walk->ancestors, id);

  for (guint i = 0; i < entries->len && !walk_is_cancelled (walk); i++)
    {
      const Entry *entry = &g_array_index (entries, Entry, i);

      if (should_walk_entry (path, entry, is_maildir))
        walk_entry (walk, dir_fd, path, entry, entries, has_index_files);
    }

  g_array_set_size (walk->ancestors, walk->ancestors->len - 1);
  close (dir_fd);
}

/* Walks a path whose type is not known yet: a path given by the caller
 * (read even when hidden), a symbolic link or an entry of a file system
 * without d_type. stat() follows links, so a loop of links fails with
 * ELOOP and a link to an ancestor folder is caught in walk_folder(). */
static void
walk_path (Walk       *walk,
           const char *path)
{
  struct stat st;

  if (walk_is_cancelled (walk))
    return;

  if (g_stat (path, &st) != 0)
    {
      report_errno (walk, path, errno);
      return;
    }

  if (S_ISDIR (st.st_mode))
    walk_folder (walk, path, &st);
  else if (S_ISREG (st.st_mode))
    read_file (walk, AT_FDCWD, path, path, FALSE);
  else
    report_not_regular (walk, path);
}

/* Returns TRUE when @path, given by the caller, is a regular file that
 * an earlier given path named already, as "a.mbox" and "./a.mbox" or a
 * link to it do, so that its messages are not counted twice. Marks the
 * file read otherwise. Folders are caught in walk_folder(). */
static gboolean
is_given_file_repeated (Walk       *walk,
                        const char *path)
{
  struct stat st;
  DirId id;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return FALSE;

  id = (DirId) { st.st_dev, st.st_ino };
  if (g_hash_table_lookup (walk->given_files, &id) != NULL)
    return TRUE;
  g_hash_table_insert (walk->given_files, g_memdup2 (&id, sizeof id), GINT_TO_POINTER (TRUE));

  return FALSE;
}

/* Collects the regular files among @paths before the walk, so that a
 * folder given before one of them skips it too. */
static void
collect_given_files (Walk               *walk,
                     const char * const *paths)
{
  for (guint i = 0; paths[i] != NULL; i++)
    {
      struct stat st;
      DirId id;

      if (g_stat (paths[i], &st) != 0 || !S_ISREG (st.st_mode))
        continue;

      id = (DirId) { st.st_dev, st.st_ino };
      if (!g_hash_table_contains (walk->given_files, &id))
        g_hash_table_insert (walk->given_files, g_memdup2 (&id, sizeof id), GINT_TO_POINTER (FALSE));
    }
}

static void
walk_run (Walk               *walk,
          const char * const *paths)
{
  walk->ancestors = g_array_new (FALSE, FALSE, sizeof (DirId));
  walk->visited = g_hash_table_new_full (dir_id_hash, dir_id_equal, g_free, NULL);
  walk->given_files = g_hash_table_new_full (dir_id_hash, dir_id_equal, g_free, NULL);
  walk->read_files = g_hash_table_new_full (dir_id_hash, dir_id_equal, g_free, NULL);

  /* A single path cannot meet a given file a second time. */
  if (paths[0] != NULL && paths[1] != NULL)
    collect_given_files (walk, paths);

  for (guint i = 0; paths[i] != NULL && !walk_is_cancelled (walk); i++)
    {
      if (is_given_file_repeated (walk, paths[i]))
        {
          g_debug ("%s: file already read through another path", paths[i]);
          continue;
        }

      /* The named path itself may be a link, and is followed. */
      walk->root = realpath (paths[i], NULL);
      walk_path (walk, paths[i]);
      g_clear_pointer (&walk->root, free);
    }

  g_clear_pointer (&walk->ancestors, g_array_unref);
  g_clear_pointer (&walk->visited, g_hash_table_unref);
  g_clear_pointer (&walk->given_files, g_hash_table_unref);
  g_clear_pointer (&walk->read_files, g_hash_table_unref);
}

/* Runs the walk of bounce_message_source_foreach() and, with a
 * @check_func, of bounce_message_source_foreach_checked(). */
static gboolean
run_foreach (const char * const  *paths,
             BounceFileCheckFunc  check_func,
             BounceMessageFunc    func,
             gpointer             user_data,
             GCancellable        *cancellable,
             GError             **error)
{
  Walk walk = { 0 };

  walk.func = func;
  walk.check_func = check_func;
  walk.user_data = user_data;
  walk.cancellable = cancellable;

  walk_run (&walk, paths);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  return TRUE;
}

gboolean
bounce_message_source_foreach (const char * const *paths,
                               BounceMessageFunc   func,
                               gpointer            user_data,
                               GCancellable       *cancellable,
                               GError            **error)
{
  g_return_val_if_fail (paths != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_foreach (paths, NULL, func, user_data, cancellable, error);
}

gboolean
bounce_message_source_foreach_checked (const char * const  *paths,
                                       BounceFileCheckFunc  check_func,
                                       BounceMessageFunc    func,
                                       gpointer             user_data,
                                       GCancellable        *cancellable,
                                       GError             **error)
{
  g_return_val_if_fail (paths != NULL, FALSE);
  g_return_val_if_fail (check_func != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_foreach (paths, check_func, func, user_data, cancellable, error);
}

guint
bounce_message_source_count_files (const char * const *paths,
                                   GCancellable       *cancellable)
{
  Walk walk = { 0 };

  g_return_val_if_fail (paths != NULL, 0);

  walk.count_only = TRUE;
  walk.cancellable = cancellable;

  walk_run (&walk, paths);

  return walk.n_files;
}

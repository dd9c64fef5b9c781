/* bounce-csv-writer.c: writes rows of a contact file back in its own
 * dialect, through a temporary file renamed into place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-csv-writer"

/* For sync_file_range() and copy_file_range(). */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <csv.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bounce-csv-private.h"
#include "bounce-error.h"

/* Bytes collected before one write(2). */
#define BUFFER_SIZE (1024 * 1024)

/* Pieces of text collected before one writev(2): Linux's IOV_MAX. */
#define MAX_PIECES 1024

/* Bytes written between two requests to start writing them to disk. */
#define WRITEBACK_BYTES (8 * 1024 * 1024)

/* Marks the temporary files of a write: ".NAME.bounce-tmp-PID-XXXXXX",
 * where PID is the writing process. */
#define TEMP_INFIX ".bounce-tmp-"

/* Bytes of the target's name kept in the temporary file's name, so that
 * the name stays under the 255 bytes most file systems allow. */
#define TEMP_NAME_MAX_BASENAME 200

/* Symbolic links followed to find the file to replace, as Linux's
 * MAXSYMLINKS. */
#define MAX_LINKS 40

struct _BounceCsvWriter
{
  char              *path;          /* the name given, for messages */
  char              *target;        /* the file the rename replaces: @path or its link's target */
  char              *temp_path;
  int                fd;
  int                old_fd;        /* the file the rename replaces, or -1 */
  BounceContactList *contacts;      /* the source of the spans written */
  gboolean           copy_failed;   /* copy_file_range() failed once, so write() is used */
  gboolean           populate_failed; /* MADV_POPULATE_READ failed once, so file bytes are copied */
  /* The text of the next writev(): pieces of the mapped contact file,
   * and of the buffer for text that Bounce made or converted. The
   * buffer never grows past its first size while pieces point into it. */
  GString           *buffer;
  struct iovec       pieces[MAX_PIECES];
  guint              n_pieces;
  gsize              pieces_length;
  const char        *mapped_start;  /* the bytes of the mapping that pieces point into */
  const char        *mapped_end;
  guint64            written;       /* bytes written to fd so far */
  guint64            writeback_end; /* offset up to which writeback was started */
  BounceCsvEncoding  encoding;
  char               delimiter;
  char               quote;
  gboolean           committed;
};

static void
set_write_error (BounceCsvWriter  *self,
                 int               saved_errno,
                 GError          **error)
{
  g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRITE,
               _("Could not write “%s”: %s. Check that the folder is writable and the disk is not full."),
               self->path, g_strerror (saved_errno));
}

/* Opens the regular file at @path that the commit will replace, or
 * returns -1. Holding it open keeps its inode alive through the rename,
 * so the rename does not wait for the kernel to free the old file's
 * pages and blocks. @path is the link's target when the name given was
 * a link, so O_NOFOLLOW only stops a link swapped in since. */
static int
open_old_file (const char *path)
{
  struct stat info;
  int fd = open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

  if (fd < 0)
    return -1;
  if (fstat (fd, &info) != 0 || !S_ISREG (info.st_mode))
    {
      close (fd);
      return -1;
    }

  return fd;
}

char *
_bounce_csv_resolve_link (const char  *path,
                          GError     **error)
{
  g_autofree char *current = g_strdup (path);

  for (guint i = 0; i < MAX_LINKS; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *link = NULL;
      g_autofree char *dirname = NULL;

      if (!g_file_test (current, G_FILE_TEST_IS_SYMLINK))
        return g_steal_pointer (&current);

      link = g_file_read_link (current, &local_error);
      if (link == NULL)
        {
          g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRITE,
                       _("Could not follow the symbolic link “%s”: %s"), path, local_error->message);
          return NULL;
        }

      /* A relative target is relative to the folder of the link. */
      dirname = g_path_get_dirname (current);
      g_free (current);
      current = g_path_is_absolute (link) ? g_steal_pointer (&link) : g_build_filename (dirname, link, NULL);
    }

  g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRITE,
               _("Could not follow the symbolic link “%s”: it leads through more than %d links, or in a circle. "
                 "Name the file to write directly."),
               path, MAX_LINKS);

  return NULL;
}

/* Returns whether @name is a temporary file of an earlier write whose
 * name starts with @prefix and whose process is gone, such as one that
 * was killed. */
static gboolean
is_stale_temp_file (const char *name,
                    const char *prefix)
{
  const char *rest;
  char *end;
  long pid;

  if (!g_str_has_prefix (name, prefix))
    return FALSE;

  rest = name + strlen (prefix);
  errno = 0;
  pid = strtol (rest, &end, 10);
  if (errno != 0 || end == rest || pid <= 0 || pid > G_MAXINT || *end != '-' || strlen (end + 1) != 6)
    return FALSE;

  /* NOTE: the process number is only checked on this computer. In a
   * folder that two computers share, a write running on the other one
   * could lose its temporary file here. */
  if (pid == getpid ())
    return FALSE;

  return kill ((pid_t) pid, 0) != 0 && errno == ESRCH;
}

/* Removes the temporary files in @dirname that killed writes to one
 * target left behind. Only regular files of this user whose name is
 * @prefix, a pid and six characters, and whose process is gone, go. */
static void
remove_stale_temp_files (const char *dirname,
                         const char *prefix)
{
  g_autoptr(GDir) dir = g_dir_open (dirname, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf info;

      if (!is_stale_temp_file (name, prefix))
        continue;

      path = g_build_filename (dirname, name, NULL);
      if (g_lstat (path, &info) != 0 || !S_ISREG (info.st_mode) || info.st_uid != geteuid ())
        continue;

      if (g_unlink (path) == 0)
        g_debug ("Removed %s, left by an earlier write that did not finish", path);
    }
}

/* Returns the permission bits for the new file at @target: those of the
 * file it replaces, or else those of the contact file without execute
 * bits, so that a cleaned copy of a private list stays private. Returns
 * 0 when neither can be read. */
static mode_t
choose_mode (const char        *target,
             BounceContactList *contacts)
{
  const char *input = bounce_contact_list_get_path (contacts);
  GStatBuf info;

  if (g_stat (target, &info) == 0 && S_ISREG (info.st_mode))
    return info.st_mode & 0777;

  if (input != NULL && g_stat (input, &info) == 0 && S_ISREG (info.st_mode))
    return info.st_mode & 0666;

  return 0;
}

static gpointer
close_old_file (gpointer data)
{
  close (GPOINTER_TO_INT (data));

  return NULL;
}

BounceCsvWriter *
_bounce_csv_writer_new (BounceContactList  *contacts,
                        const char         *path,
                        GError            **error)
{
  const BounceCsvDialect *dialect = bounce_contact_list_get_dialect (contacts);
  g_autofree char *target = NULL;
  g_autofree char *dirname = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *template = NULL;
  BounceCsvWriter *self;
  int fd;

  /* A symbolic link is written through: its target gets the new
   * contents, and the link stays. */
  target = _bounce_csv_resolve_link (path, error);
  if (target == NULL)
    return NULL;
  dirname = g_path_get_dirname (target);
  basename = g_path_get_basename (target);
  if (strlen (basename) > TEMP_NAME_MAX_BASENAME)
    basename[TEMP_NAME_MAX_BASENAME] = '\0';

  prefix = g_strconcat (".", basename, TEMP_INFIX, NULL);
  remove_stale_temp_files (dirname, prefix);

  /* The temporary file sits in the target's folder so that the final
   * rename(2) stays on one file system and is atomic. */
  template = g_strdup_printf ("%s%c%s%d-XXXXXX", dirname, G_DIR_SEPARATOR, prefix, (int) getpid ());
  fd = g_mkstemp_full (template, O_WRONLY, 0600);
  if (fd >= 0)
    {
      /* fchmod() sets the bits as they are, without the umask. */
      mode_t mode = choose_mode (target, contacts);
      if (mode != 0 && fchmod (fd, mode) != 0)
        g_debug ("Could not set the mode of %s: %s", template, g_strerror (errno));
    }
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRITE,
                   _("Could not create a file in “%s”: %s. Check that the folder exists and is writable."),
                   dirname, g_strerror (saved_errno));
      return NULL;
    }

  self = g_new0 (BounceCsvWriter, 1);
  self->path = g_strdup (path);
  self->target = g_steal_pointer (&target);
  self->temp_path = g_steal_pointer (&template);
  self->fd = fd;
  self->old_fd = open_old_file (self->target);
  self->contacts = g_object_ref (contacts);
  self->buffer = g_string_sized_new (BUFFER_SIZE + 4096);
  self->encoding = dialect->encoding;
  self->delimiter = dialect->delimiter;
  self->quote = dialect->quote;

  return self;
}

/* Starts writing what came so far to disk, without waiting for it, so
 * that the fsync() of commit waits for the last part only: on a file of
 * 100 MB it waited 30 to 50 ms. A failure here is no failure of the
 * write, and the fsync() reports any real one. */
static void
start_writeback (BounceCsvWriter *self)
{
#ifdef SYNC_FILE_RANGE_WRITE
  if (self->written - self->writeback_end >= WRITEBACK_BYTES)
    {
      sync_file_range (self->fd, self->writeback_end, self->written - self->writeback_end,
                       SYNC_FILE_RANGE_WRITE);
      self->writeback_end = self->written;
    }
#endif
}

static gboolean
write_all (BounceCsvWriter  *self,
           const char       *data,
           gsize             length,
           GError          **error)
{
  while (length > 0)
    {
      gssize written = write (self->fd, data, length);

      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          set_write_error (self, errno, error);
          return FALSE;
        }
      data += written;
      length -= written;
      self->written += written;
    }
  start_writeback (self);

  return TRUE;
}

/* Maps the pages of the contact file that the pieces point into. The
 * loader released them from this process, and a write from a page that
 * is not mapped fails over to the slow path described at
 * write_file_bytes(). One madvise() maps a megabyte's pages at once,
 * where copying the bytes faulted them in 64 KB at a time. */
static void
populate_mapped (BounceCsvWriter *self)
{
#ifdef MADV_POPULATE_READ
  gsize page_size = (gsize) sysconf (_SC_PAGESIZE);
  guintptr start = GPOINTER_TO_SIZE (self->mapped_start) & ~(guintptr) (page_size - 1);
  guintptr end = GPOINTER_TO_SIZE (self->mapped_end);

  /* Linux before 5.14 has no MADV_POPULATE_READ (EINVAL): later file
   * bytes then go through the buffer, as the ones here may still be
   * written from the mapping. */
  if (madvise (GSIZE_TO_POINTER (start), end - start, MADV_POPULATE_READ) != 0)
    self->populate_failed = TRUE;
#else
  self->populate_failed = TRUE;
#endif
}

static gboolean
flush (BounceCsvWriter  *self,
       GError          **error)
{
  struct iovec *piece = self->pieces;
  guint n_left = self->n_pieces;

  if (self->mapped_start != NULL)
    populate_mapped (self);

  while (n_left > 0)
    {
      gssize written = writev (self->fd, piece, (int) n_left);

      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          set_write_error (self, errno, error);
          return FALSE;
        }
      self->written += written;

      /* A short write leaves part of the pieces for the next call. */
      while (n_left > 0 && (gsize) written >= piece->iov_len)
        {
          written -= piece->iov_len;
          piece++;
          n_left--;
        }
      if (n_left > 0)
        {
          piece->iov_base = (char *) piece->iov_base + written;
          piece->iov_len -= written;
        }
    }

  self->n_pieces = 0;
  self->pieces_length = 0;
  self->mapped_start = NULL;
  self->mapped_end = NULL;
  g_string_truncate (self->buffer, 0);
  start_writeback (self);

  return TRUE;
}

/* Adds @length bytes at @text to the next writev(), and writes when the
 * pieces hold a megabyte or there is no room for another. @mapped is
 * TRUE for bytes of the contact file's mapping. */
static gboolean
add_piece (BounceCsvWriter  *self,
           const char       *text,
           gsize             length,
           gboolean          mapped,
           GError          **error)
{
  struct iovec *last = self->n_pieces > 0 ? &self->pieces[self->n_pieces - 1] : NULL;

  if (length == 0)
    return TRUE;

  /* Rows kept one after the other are one piece of the file. */
  if (last != NULL && (const char *) last->iov_base + last->iov_len == text)
    last->iov_len += length;
  else
    {
      self->pieces[self->n_pieces].iov_base = (char *) text;
      self->pieces[self->n_pieces].iov_len = length;
      self->n_pieces++;
    }
  self->pieces_length += length;

  if (mapped)
    {
      if (self->mapped_start == NULL || text < self->mapped_start)
        self->mapped_start = text;
      if (self->mapped_end == NULL || text + length > self->mapped_end)
        self->mapped_end = text + length;
    }

  if (self->pieces_length >= BUFFER_SIZE || self->n_pieces == MAX_PIECES)
    return flush (self, error);

  return TRUE;
}

/* Copies @length bytes, at most BUFFER_SIZE, into the buffer as the next
 * piece. */
static gboolean
add_copy (BounceCsvWriter  *self,
          const char       *text,
          gsize             length,
          GError          **error)
{
  gsize offset;

  g_assert (length <= BUFFER_SIZE);

  if (self->buffer->len + length > BUFFER_SIZE && !flush (self, error))
    return FALSE;
  offset = self->buffer->len;
  g_string_append_len (self->buffer, text, length);

  return add_piece (self, self->buffer->str + offset, length, FALSE, error);
}

/* Writes a long run of the contact file's own bytes with
 * copy_file_range(2), so that the kernel copies them from file to file.
 * A write(2) straight from the mapping reads pages that loading released
 * from this process. On Linux 6.18 with ext4, each such write stopped at
 * the first missing page, zeroed the new page-cache folio and tried
 * again. That took up to a third of the CPU time of a clean. Where the
 * kernel refuses the copy, the run goes through the buffer, so that the
 * page faults happen in memcpy() instead. */
static gboolean
write_file_bytes (BounceCsvWriter  *self,
                  const char       *text,
                  gsize             length,
                  GError          **error)
{
  BounceCsvSpan span = { text, length };
  goffset offset;
  int source_fd;

  if (!self->copy_failed &&
      _bounce_contact_list_get_file_range (self->contacts, span, &source_fd, &offset))
    {
      while (length > 0)
        {
          off_t source_offset = offset;
          gssize copied = copy_file_range (source_fd, &source_offset, self->fd, NULL, length, 0);

          if (copied < 0 && errno == EINTR)
            continue;

          /* EXDEV between two file systems, ENOSYS or EINVAL on old
           * kernels, 0 when the file got shorter. write() takes over and
           * reports the errors that also stop it, such as ENOSPC. */
          if (copied <= 0)
            {
              self->copy_failed = TRUE;
              break;
            }
          offset += copied;
          text += copied;
          length -= copied;
          self->written += copied;
        }
      start_writeback (self);
    }

  while (length > 0)
    {
      gsize piece = MIN (length, BUFFER_SIZE);

      if (!add_copy (self, text, piece, error))
        return FALSE;
      text += piece;
      length -= piece;
    }

  return TRUE;
}

/* Appends @length bytes of text (in the encoding libcsv read) as the
 * file's bytes. UTF-16 text was converted to UTF-8 for reading; converting
 * it back gives the original bytes, since each code point has exactly one
 * UTF-16 form. */
static gboolean
append_text (BounceCsvWriter  *self,
             const char       *text,
             gsize             length,
             GError          **error)
{
  g_autofree char *converted = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize converted_length = 0;
  BounceCsvSpan span;
  int source_fd;
  goffset offset;

  if (length == 0)
    return TRUE;

  if (self->encoding == BOUNCE_CSV_ENCODING_UTF16LE || self->encoding == BOUNCE_CSV_ENCODING_UTF16BE)
    {
      const char *charset = self->encoding == BOUNCE_CSV_ENCODING_UTF16LE ? "UTF-16LE" : "UTF-16BE";

      converted = g_convert (text, length, charset, "UTF-8", NULL, &converted_length, &local_error);
      if (converted == NULL)
        {
          g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRITE,
                       _("Could not write “%s”: %s"), self->path, local_error->message);
          return FALSE;
        }
      text = converted;
      length = converted_length;
    }

  span = (BounceCsvSpan) { text, length };
  if (length > BUFFER_SIZE)
    {
      if (!flush (self, error))
        return FALSE;
      if (converted == NULL)
        return write_file_bytes (self, text, length, error);
      return write_all (self, text, length, error);
    }

  /* Bytes of the contact file are written from its mapping, which
   * spares copying 100 MB through the buffer on a million rows. */
  if (converted == NULL && !self->populate_failed &&
      _bounce_contact_list_get_file_range (self->contacts, span, &source_fd, &offset))
    return add_piece (self, text, length, TRUE, error);

  return add_copy (self, text, length, error);
}

/* Appends UTF-8 text that Bounce made (added cells), in the file's
 * encoding. */
static gboolean
append_utf8 (BounceCsvWriter  *self,
             const char       *text,
             GError          **error)
{
  g_autofree char *converted = NULL;
  gsize length = 0;

  if (self->encoding == BOUNCE_CSV_ENCODING_WINDOWS_1252)
    {
      converted = g_convert_with_fallback (text, -1, "WINDOWS-1252", "UTF-8", "?",
                                           NULL, &length, NULL);
      if (converted != NULL)
        return append_text (self, converted, length, error);
    }

  return append_text (self, text, strlen (text), error);
}

gboolean
_bounce_csv_writer_write_span (BounceCsvWriter  *self,
                               BounceCsvSpan     span,
                               GError          **error)
{
  g_assert (self != NULL);

  return append_text (self, span.text, span.length, error);
}

/* Writes bytes exactly as given, without conversion: the BOM. */
gboolean
_bounce_csv_writer_write_raw (BounceCsvWriter  *self,
                              BounceCsvSpan     span,
                              GError          **error)
{
  g_assert (self != NULL);

  return add_copy (self, span.text, span.length, error);
}

char *
_bounce_csv_format_cell (const char *cell,
                         char        delimiter,
                         char        quote)
{
  g_autofree char *defused = NULL;
  char *quoted;
  gsize length;
  gboolean needs_quotes;

  /* A cell that starts with '=', '+', '-', '@', a tab or a carriage
   * return is run as a formula by Excel and LibreOffice when the file is
   * opened ("CSV Injection", OWASP). A leading apostrophe makes the
   * spreadsheet show it as text. Only the cells Bounce adds are changed:
   * the contact's own cells are written back untouched. */
  if (strchr ("=+-@\t\r", cell[0]) != NULL && cell[0] != '\0')
    {
      defused = g_strconcat ("'", cell, NULL);
      cell = defused;
    }

  length = strlen (cell);
  needs_quotes = length > 0 && (g_ascii_isspace (cell[0]) || g_ascii_isspace (cell[length - 1]));
  for (const char *p = cell; *p != '\0' && !needs_quotes; p++)
    needs_quotes = *p == delimiter || *p == quote || *p == '\n' || *p == '\r';

  if (!needs_quotes)
    return g_strdup (cell);

  /* csv_write2() writes the quoted form with inner quotes doubled (RFC
   * 4180 2.7), at most twice the length plus the two quotes. */
  quoted = g_malloc (length * 2 + 3);
  quoted[csv_write2 (quoted, length * 2 + 2, cell, length, quote)] = '\0';

  return quoted;
}

static gsize
line_ending_length (BounceCsvSpan span)
{
  if (span.length >= 3 && memcmp (span.text + span.length - 3, "\r\r\n", 3) == 0)
    return 3;
  if (span.length >= 2 && span.text[span.length - 2] == '\r' && span.text[span.length - 1] == '\n')
    return 2;
  if (span.length >= 1 && (span.text[span.length - 1] == '\n' || span.text[span.length - 1] == '\r'))
    return 1;

  return 0;
}

/* Appends @cell, quoted and defused, after a delimiter when
 * @delimiter_first. */
static gboolean
append_cell (BounceCsvWriter  *self,
             const char       *cell,
             gboolean          delimiter_first,
             GError          **error)
{
  char delimiter[2] = { self->delimiter, '\0' };
  g_autofree char *formatted = _bounce_csv_format_cell (cell, self->delimiter, self->quote);

  if (delimiter_first && !append_utf8 (self, delimiter, error))
    return FALSE;

  return append_utf8 (self, formatted, error);
}

/* Appends the @length bytes of @text, a record without its line ending,
 * with the fields that @replaced names written as their new cells.
 * Returns the number of fields written in @n_written. */
static gboolean
append_replacing (BounceCsvWriter      *self,
                  const char           *text,
                  gsize                 length,
                  guint                 n_fields,
                  const BounceCsvCell  *replaced,
                  guint                 n_replaced,
                  guint                *n_written,
                  GError              **error)
{
  BounceCsvSpan record = { text, length };
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize copied = 0;
  guint i = 0;

  /* The loader counted the fields of the same bytes with the same
   * parser, so the counts agree. Should they not, the record keeps its
   * bytes rather than a cell being written over the wrong field. */
  if (_bounce_contact_list_find_field_ends (self->contacts, record, ends) != n_fields)
    {
      g_warning ("%s: a record read as %u fields now has %u; its status cells are not replaced",
                 self->path, n_fields, ends->len);
      *n_written = n_fields;
      return append_text (self, text, length, error);
    }

  for (; i < n_replaced && replaced[i].column < n_fields; i++)
    {
      guint column = replaced[i].column;
      gsize field_start = column == 0 ? 0 : g_array_index (ends, gsize, column - 1) + 1;

      g_assert (field_start >= copied);
      if (!append_text (self, text + copied, field_start - copied, error) ||
          !append_cell (self, replaced[i].cell, FALSE, error))
        return FALSE;
      copied = g_array_index (ends, gsize, column);
    }
  if (!append_text (self, text + copied, length - copied, error))
    return FALSE;

  /* A short row gets empty fields up to a replaced column past its end. */
  for (; i < n_replaced; i++)
    {
      for (; n_fields < replaced[i].column; n_fields++)
        if (!append_cell (self, "", TRUE, error))
          return FALSE;
      if (!append_cell (self, replaced[i].cell, TRUE, error))
        return FALSE;
      n_fields++;
    }
  *n_written = n_fields;

  return TRUE;
}

gboolean
_bounce_csv_writer_write_record (BounceCsvWriter      *self,
                                 BounceCsvSpan         span,
                                 guint                 span_n_fields,
                                 guint                 n_fields,
                                 const BounceCsvCell  *replaced,
                                 guint                 n_replaced,
                                 const char * const   *cells,
                                 GError              **error)
{
  gsize ending = line_ending_length (span);
  guint n_written = span_n_fields;

  g_assert (self != NULL);

  if (span.length == 0)
    return TRUE;

  if (n_replaced > 0)
    {
      if (!append_replacing (self, span.text, span.length - ending, span_n_fields,
                             replaced, n_replaced, &n_written, error))
        return FALSE;
    }
  else if (!append_text (self, span.text, span.length - ending, error))
    return FALSE;

  /* Pad a short row so that the new cells line up under their header
   * cells. */
  for (guint i = n_written; i < n_fields; i++)
    if (!append_cell (self, "", TRUE, error))
      return FALSE;

  for (guint i = 0; cells != NULL && cells[i] != NULL; i++)
    if (!append_cell (self, cells[i], TRUE, error))
      return FALSE;

  return append_text (self, span.text + span.length - ending, ending, error);
}

gboolean
_bounce_csv_writer_commit (BounceCsvWriter  *self,
                           GCancellable     *cancellable,
                           GError          **error)
{
  g_assert (self != NULL);
  g_assert (!self->committed);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!flush (self, error))
    return FALSE;

  /* fsync before rename: after a crash the target is either the old
   * file or the complete new one, never a truncated one. */
  if (fsync (self->fd) != 0)
    {
      set_write_error (self, errno, error);
      return FALSE;
    }
  if (close (self->fd) != 0)
    {
      self->fd = -1;
      set_write_error (self, errno, error);
      return FALSE;
    }
  self->fd = -1;

  if (g_rename (self->temp_path, self->target) != 0)
    {
      set_write_error (self, errno, error);
      return FALSE;
    }
  self->committed = TRUE;

  /* The last close of the replaced file frees its pages and blocks: on
   * ext4 with a cached file of 100 MB that took 20 to 36 ms. A detached
   * thread does it while the caller goes on; the process still waits
   * for it at exit. */
  if (self->old_fd >= 0)
    {
      g_thread_unref (g_thread_new ("bounce-csv-close", close_old_file, GINT_TO_POINTER (self->old_fd)));
      self->old_fd = -1;
    }

  return TRUE;
}

void
_bounce_csv_writer_free (BounceCsvWriter *self)
{
  if (self == NULL)
    return;

  if (self->fd >= 0)
    close (self->fd);
  if (self->old_fd >= 0)
    close (self->old_fd);
  if (!self->committed)
    g_unlink (self->temp_path);

  g_free (self->path);
  g_free (self->target);
  g_free (self->temp_path);
  g_object_unref (self->contacts);
  g_string_free (self->buffer, TRUE);
  g_free (self);
}

/* test-message-source.c: walking files, folders, Maildirs and mbox files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bounce-core.h"
#include "test-files.h"

typedef struct
{
  char   *file;
  gint64  offset;
  guint   index;
  GBytes *bytes;
  GError *error;
} Found;

static void
found_free (gpointer data)
{
  Found *found = data;

  g_free (found->file);
  g_clear_pointer (&found->bytes, g_bytes_unref);
  g_clear_error (&found->error);
  g_free (found);
}

typedef struct
{
  GPtrArray    *found;
  /* Paths are stored relative to this folder. */
  const char   *root;
  guint         stop_after;
  GCancellable *cancel;
} Collector;

static gboolean
collect_cb (const char   *file,
            gint64        offset,
            guint         index,
            GBytes       *bytes,
            const GError *error,
            gpointer      user_data)
{
  Collector *collector = user_data;
  Found *found = g_new0 (Found, 1);
  gsize root_length = collector->root ? strlen (collector->root) : 0;

  if (root_length > 0 && g_str_has_prefix (file, collector->root) && file[root_length] == '/')
    found->file = g_strdup (file + root_length + 1);
  else
    found->file = g_strdup (file);
  found->offset = offset;
  found->index = index;
  found->bytes = bytes ? g_bytes_ref (bytes) : NULL;
  found->error = error ? g_error_copy (error) : NULL;
  g_ptr_array_add (collector->found, found);

  /* A message, an error, or both for a message read only in part. */
  g_assert_true (bytes != NULL || error != NULL);
  if (bytes != NULL && error != NULL)
    g_assert_error (error, BOUNCE_ERROR, BOUNCE_ERROR_TRUNCATED);

  if (collector->cancel != NULL && collector->found->len == collector->stop_after)
    g_cancellable_cancel (collector->cancel);

  return collector->stop_after == 0 || collector->cancel != NULL ||
         collector->found->len < collector->stop_after;
}

static GPtrArray *
walk (const char *root,
      const char *path)
{
  const char *paths[] = { path, NULL };
  Collector collector = { 0 };
  g_autoptr(GError) error = NULL;

  collector.found = g_ptr_array_new_with_free_func (found_free);
  collector.root = root;

  g_assert_true (bounce_message_source_foreach (paths, collect_cb, &collector, NULL, &error));
  g_assert_no_error (error);

  return collector.found;
}

static char *
sources_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "sources", name, NULL);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static char *
found_text (const Found *found)
{
  gsize length = 0;
  const char *data;

  g_assert_nonnull (found->bytes);
  data = g_bytes_get_data (found->bytes, &length);

  return g_strndup (data, length);
}

static void
assert_found_file (GPtrArray  *found,
                   guint       i,
                   const char *file)
{
  g_assert_cmpuint (i, <, found->len);
  g_assert_cmpstr (((Found *) g_ptr_array_index (found, i))->file, ==, file);
}

static void
assert_same_bytes_as_file (const Found *found,
                           const char  *path)
{
  g_autoptr(GBytes) expected = read_bytes (path);

  g_assert_nonnull (found->bytes);
  g_assert_cmpmem (g_bytes_get_data (found->bytes, NULL), g_bytes_get_size (found->bytes),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("bounce-source-XXXXXX", &error);

  g_assert_no_error (error);

  return dir;
}

static void
write_contents (const char *path,
                const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static const char *short_message =
  "From: Mail Delivery System <MAILER-DAEMON@example.net>\n"
  "To: sender@example.org\n"
  "Subject: Undelivered Mail Returned to Sender\n"
  "\n"
  "Your message to alice@example.com could not be delivered.\n";

static void
test_folder_order (void)
{
  g_autofree char *root = sources_path ("folder");
  g_autoptr(GPtrArray) found = walk (root, root);

  /* Sorted bytewise, so "B" comes before "a". .DS_Store is skipped. */
  g_assert_cmpuint (found->len, ==, 5);
  assert_found_file (found, 0, "B.eml");
  assert_found_file (found, 1, "a.eml");
  assert_found_file (found, 2, "sub/1234.");
  assert_found_file (found, 3, "sub/noext");
  assert_found_file (found, 4, "z.eml");

  for (guint i = 0; i < found->len; i++)
    {
      Found *entry = g_ptr_array_index (found, i);
      g_autofree char *path = g_build_filename (root, entry->file, NULL);

      g_assert_no_error (entry->error);
      g_assert_cmpint (entry->offset, ==, -1);
      g_assert_cmpuint (entry->index, ==, 0);
      assert_same_bytes_as_file (entry, path);
    }
}

static void
test_folder_path_as_found (void)
{
  g_autofree char *root = sources_path ("folder");
  g_autofree char *with_slash = g_strconcat (root, "/", NULL);
  g_autoptr(GPtrArray) found = walk (NULL, with_slash);
  g_autofree char *expected = g_build_filename (root, "B.eml", NULL);

  g_assert_cmpuint (found->len, ==, 5);
  g_assert_cmpstr (((Found *) g_ptr_array_index (found, 0))->file, ==, expected);
}

static void
test_single_file (void)
{
  g_autofree char *path = sources_path ("folder/sub/1234.");
  g_autoptr(GPtrArray) found = walk (NULL, path);

  g_assert_cmpuint (found->len, ==, 1);
  assert_found_file (found, 0, path);
  assert_same_bytes_as_file (g_ptr_array_index (found, 0), path);
}

/* A file given twice, also as "dir/./name" or through a link, is read
 * once, so that its messages are not counted twice. */
static void
test_file_given_twice (void)
{
  g_autofree char *path = sources_path ("mbox/crlf.mbox");
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *dotted = g_build_filename (folder, ".", "crlf.mbox", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bounce-given-twice-XXXXXX", &error);
  g_autofree char *link = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (found_free);
  Collector collector = { found, NULL, 0, NULL };
  const char *paths[5] = { NULL };

  g_assert_no_error (error);
  link = g_build_filename (dir, "link.mbox", NULL);
  g_assert_cmpint (symlink (path, link), ==, 0);
  paths[0] = path;
  paths[1] = path;
  paths[2] = dotted;
  paths[3] = link;

  g_assert_true (bounce_message_source_foreach (paths, collect_cb, &collector, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  assert_found_file (found, 0, path);
  assert_found_file (found, 1, path);
  g_assert_cmpuint (bounce_message_source_count_files (paths, NULL), ==, 1);

  remove_tree (dir);
}

/* A file given by itself and inside a folder given too is read once, at
 * the place it was given, whatever the order and the spelling of the
 * two paths. */
static void
test_file_in_given_folder (void)
{
  g_autofree char *folder = sources_path ("folder");
  g_autofree char *slashed = g_strconcat (folder, "/", NULL);
  g_autofree char *file = g_build_filename (folder, "a.eml", NULL);
  g_autofree char *dotted = g_build_filename (folder, ".", "sub", "noext", NULL);
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *link = g_build_filename (dir, "link.eml", NULL);
  g_autofree char *folder_link = g_build_filename (dir, "folder", NULL);
  g_autofree char *through_link = g_build_filename (folder_link, "z.eml", NULL);
  const char *cases[][3] = {
    { folder, file, NULL },
    { file, slashed, NULL },
    { slashed, dotted, NULL },
    { link, folder, NULL },
    { folder, through_link, NULL },
    { folder_link, file, NULL },
  };

  g_assert_cmpint (symlink (file, link), ==, 0);
  g_assert_cmpint (symlink (folder, folder_link), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (found_free);
      g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      Collector collector = { found, NULL, 0, NULL };
      g_autoptr(GError) error = NULL;

      g_test_message ("paths: %s %s", cases[i][0], cases[i][1]);
      g_assert_true (bounce_message_source_foreach (cases[i], collect_cb, &collector, NULL, &error));
      g_assert_no_error (error);

      /* The five files of the folder, each once. */
      g_assert_cmpuint (found->len, ==, 5);
      for (guint j = 0; j < found->len; j++)
        {
          Found *entry = g_ptr_array_index (found, j);
          char *name = g_path_get_basename (entry->file);

          g_assert_no_error (entry->error);
          g_assert_true (g_hash_table_add (names, name));
        }
      g_assert_cmpuint (bounce_message_source_count_files (cases[i], NULL), ==, 5);
    }

  remove_tree (dir);
}

static void
test_maildir (void)
{
  g_autofree char *root = sources_path ("maildir");
  g_autoptr(GPtrArray) found = walk (root, root);

  /* tmp/ contains messages being delivered and dovecot-uidlist is an index:
   * neither is read. The Maildir++ folder .Sent sorts first. */
  g_assert_cmpuint (found->len, ==, 3);
  assert_found_file (found, 0, ".Sent/cur/1736158204.M4P104.mx:2,S");
  assert_found_file (found, 1, "cur/1736158201.M1P101.mx:2,S");
  assert_found_file (found, 2, "new/1736158202.M2P102.mx");

  for (guint i = 0; i < found->len; i++)
    g_assert_no_error (((Found *) g_ptr_array_index (found, i))->error);
}

/* Offsets of the lines starting with @prefix, the envelope lines. */
static GArray *
find_line_offsets (GBytes     *contents,
                   const char *prefix)
{
  GArray *offsets = g_array_new (FALSE, FALSE, sizeof (gint64));
  gsize length = 0;
  const char *data = g_bytes_get_data (contents, &length);

  for (gsize i = 0; i < length; i++)
    {
      if ((i == 0 || data[i - 1] == '\n') && strncmp (data + i, prefix, strlen (prefix)) == 0)
        {
          gint64 offset = (gint64) i;

          g_array_append_val (offsets, offset);
        }
    }

  return offsets;
}

static void
test_mbox_takeout (void)
{
  g_autofree char *path = sources_path ("mbox/takeout.mbox");
  g_autoptr(GPtrArray) found = walk (NULL, path);
  g_autoptr(GBytes) contents = read_bytes (path);
  g_autoptr(GArray) offsets = find_line_offsets (contents, "From 18204");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  g_assert_cmpuint (offsets->len, ==, 3);
  g_assert_cmpuint (found->len, ==, 3);

  for (guint i = 0; i < found->len; i++)
    {
      Found *entry = g_ptr_array_index (found, i);

      g_assert_no_error (entry->error);
      g_assert_cmpstr (entry->file, ==, path);
      g_assert_cmpuint (entry->index, ==, i);
      g_assert_cmpint (entry->offset, ==, g_array_index (offsets, gint64, i));
    }

  first = found_text (g_ptr_array_index (found, 0));
  second = found_text (g_ptr_array_index (found, 1));
  third = found_text (g_ptr_array_index (found, 2));

  /* The envelope line is not part of the message. */
  g_assert_true (g_str_has_prefix (first, "Return-Path: <>\n"));
  g_assert_true (g_str_has_prefix (third, "Return-Path: <>\n"));

  /* mboxrd: one level of ">" is removed from ">From " lines. */
  g_assert_nonnull (strstr (first, "\nFrom the archive: this line was quoted"));
  g_assert_null (strstr (first, ">From the archive"));
  g_assert_nonnull (strstr (first, "\n>From here on, two levels"));
  g_assert_null (strstr (first, ">>From here on"));

  /* A body line starting "From " without a time does not split. */
  g_assert_nonnull (strstr (second, "\nFrom now on this line is not an envelope line.\n"));
  g_assert_nonnull (strstr (second, "judy@example.com"));

  /* The blank line before the next envelope line belongs to the mbox. */
  g_assert_true (g_str_has_suffix (first, "--\n"));
  g_assert_true (g_str_has_suffix (third, "--\n"));
}

static void
test_mbox_crlf (void)
{
  g_autofree char *path = sources_path ("mbox/crlf.mbox");
  g_autoptr(GPtrArray) found = walk (NULL, path);
  g_autoptr(GBytes) contents = read_bytes (path);
  g_autoptr(GArray) offsets = find_line_offsets (contents, "From MAILER-DAEMON ");

  g_assert_cmpuint (offsets->len, ==, 2);
  g_assert_cmpuint (found->len, ==, 2);

  for (guint i = 0; i < found->len; i++)
    {
      Found *entry = g_ptr_array_index (found, i);
      g_autofree char *text = found_text (entry);

      g_assert_cmpint (entry->offset, ==, g_array_index (offsets, gint64, i));
      g_assert_cmpuint (entry->index, ==, i);
      g_assert_true (g_str_has_prefix (text, "Return-Path: <>\r\n"));
      g_assert_true (g_str_has_suffix (text, "--\r\n"));
    }
}

static void
test_mbox_bare_cr (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "old-mac.mbox", NULL);
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  const char *contents =
    "From MAILER-DAEMON Mon Jan  6 10:11:00 2025\r"
    "Subject: one\r\r>From the body\r\r"
    "From MAILER-DAEMON Mon Jan  6 10:12:00 2025\r"
    "Subject: two\r\rbody\r";

  write_contents (path, contents);

  found = walk (NULL, path);
  g_assert_cmpuint (found->len, ==, 2);
  first = found_text (g_ptr_array_index (found, 0));
  second = found_text (g_ptr_array_index (found, 1));
  g_assert_cmpstr (first, ==, "Subject: one\n\nFrom the body\n");
  g_assert_cmpstr (second, ==, "Subject: two\n\nbody\n");
  g_assert_cmpint (((Found *) g_ptr_array_index (found, 1))->offset, ==,
                   strstr (contents, "\rFrom MAILER-DAEMON Mon Jan  6 10:12") + 1 - contents);

  remove_tree (dir);
}

static void
test_thunderbird (void)
{
  g_autofree char *root = sources_path ("thunderbird");
  g_autoptr(GPtrArray) found = walk (root, root);

  /* Inbox is an mbox without extension. The .msf index files and the
   * empty Trash folder are skipped without an error. */
  g_assert_cmpuint (found->len, ==, 2);
  for (guint i = 0; i < found->len; i++)
    {
      Found *entry = g_ptr_array_index (found, i);
      g_autofree char *text = NULL;

      g_assert_no_error (entry->error);
      g_assert_cmpstr (entry->file, ==, "Inbox");
      g_assert_cmpuint (entry->index, ==, i);
      text = found_text (entry);
      g_assert_true (g_str_has_prefix (text, "X-Mozilla-Status: 0001\n"));
    }
  g_assert_cmpint (((Found *) g_ptr_array_index (found, 0))->offset, ==, 0);
  g_assert_cmpint (((Found *) g_ptr_array_index (found, 1))->offset, >, 0);
}

static void
test_line_ends_crlf (void)
{
  g_autofree char *path = sources_path ("lineendings/crlf.eml");
  g_autoptr(GPtrArray) found = walk (NULL, path);

  /* GMime reads CRLF itself, so the bytes are handed over unchanged. */
  g_assert_cmpuint (found->len, ==, 1);
  assert_same_bytes_as_file (g_ptr_array_index (found, 0), path);
}

static void
test_line_ends_cr (void)
{
  g_autofree char *path = sources_path ("lineendings/cr.eml");
  g_autoptr(GPtrArray) found = walk (NULL, path);
  g_autoptr(GBytes) contents = read_bytes (path);
  g_autofree char *expected = g_strndup (g_bytes_get_data (contents, NULL), g_bytes_get_size (contents));
  g_autofree char *text = NULL;

  g_assert_cmpuint (found->len, ==, 1);
  text = found_text (g_ptr_array_index (found, 0));

  /* Bare CR line ends become LF. */
  g_strdelimit (expected, "\r", '\n');
  g_assert_null (strchr (text, '\r'));
  g_assert_cmpstr (text, ==, expected);
}

static void
assert_found_error (GPtrArray  *found,
                    guint       i,
                    const char *file,
                    BounceError code)
{
  Found *entry;

  assert_found_file (found, i, file);
  entry = g_ptr_array_index (found, i);
  g_assert_null (entry->bytes);
  g_assert_error (entry->error, BOUNCE_ERROR, (int) code);
  g_assert_cmpstr (entry->error->message, !=, "");
}

static void
test_not_messages (void)
{
  g_autofree char *root = sources_path ("notmessages");
  g_autoptr(GPtrArray) found = walk (root, root);
  Found *outlook;

  g_assert_cmpuint (found->len, ==, 4);
  assert_found_error (found, 0, "binary.bin", BOUNCE_ERROR_NOT_A_MESSAGE);
  assert_found_error (found, 1, "empty.eml", BOUNCE_ERROR_EMPTY);
  assert_found_error (found, 2, "notes.txt", BOUNCE_ERROR_NOT_A_MESSAGE);
  assert_found_error (found, 3, "outlook.msg", BOUNCE_ERROR_OUTLOOK_MSG);

  outlook = g_ptr_array_index (found, 3);
  g_assert_nonnull (strstr (outlook->error->message, "Outlook"));
  g_assert_nonnull (strstr (outlook->error->message, ".eml"));
}

static void
write_bytes (const char *dir,
             const char *name,
             const char *data,
             gsize       length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

/* Apple Mail's export folder "Name.mbox" is read through its "mbox" file.
 * Its "table_of_contents" and "Info.plist" are skipped, not reported as
 * unreadable messages. */
static void
test_apple_mail_export (void)
{
  static const char mbox[] = "From MAILER-DAEMON Mon Nov  2 10:00:00 2026\n"
                             "From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail\n\nbody\n";
  static const char toc[] = "\x00\x01\x02\x03table";
  static const char plist[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict/></plist>\n";
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *export = g_build_filename (dir, "Bounces.mbox", NULL);
  g_autoptr(GPtrArray) found = NULL;
  Found *message;

  g_assert_cmpint (g_mkdir (export, 0700), ==, 0);
  write_bytes (export, "mbox", mbox, sizeof mbox - 1);
  write_bytes (export, "table_of_contents", toc, sizeof toc - 1);
  write_bytes (export, "Info.plist", plist, sizeof plist - 1);
  found = walk (dir, dir);

  g_assert_cmpuint (found->len, ==, 1);
  message = g_ptr_array_index (found, 0);
  g_assert_no_error (message->error);
  g_assert_true (g_str_has_suffix (message->file, "/mbox"));

  remove_tree (dir);
}

/* A gzip-compressed mbox, as a real gzip stream, is named as compressed
 * rather than as binary data. */
static void
test_gzip_file (void)
{
  static const char mbox[] = "From MAILER-DAEMON Mon Nov  2 10:00:00 2026\n"
                             "From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail\n\nbody\n";
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  char compressed[4096];
  gsize bytes_read = 0;
  gsize bytes_written = 0;
  Found *entry;

  g_assert_cmpint (g_converter_convert (G_CONVERTER (compressor), mbox, sizeof mbox - 1, compressed,
                                        sizeof compressed, G_CONVERTER_INPUT_AT_END, &bytes_read,
                                        &bytes_written, &error), ==, G_CONVERTER_FINISHED);
  g_assert_no_error (error);
  write_bytes (dir, "Inbox.mbox.gz", compressed, bytes_written);
  found = walk (dir, dir);

  g_assert_cmpuint (found->len, ==, 1);
  assert_found_error (found, 0, "Inbox.mbox.gz", BOUNCE_ERROR_NOT_A_MESSAGE);
  entry = g_ptr_array_index (found, 0);
  g_assert_nonnull (strstr (entry->error->message, "compressed with gzip"));

  remove_tree (dir);
}

/* A message with a stray NUL byte is a message, but PNG, ZIP and random
 * bytes are binary even with a header-like first line. */
static void
test_stray_nul (void)
{
  static const char dsn_with_nul[] =
    "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
    "--b\nContent-Type: text/plain\n\n"
    "I'm sorry to have to inform you that your message could not\n"
    "be delivered to one or more recipients.\x00\n\n"
    "--b\nContent-Type: message/delivery-status\n\n"
    "Final-Recipient: rfc822; eva.lund@example.com\n"
    "Action: failed\nStatus: 5.1.1\n\n"
    "--b--\n\x00";
  static const char png[] = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00";
  static const char zip[] = "PK\x03\x04\x14\x00\x00\x00\x08\x00\x00\x00!\x00\x00\x00\x00\x00\x00\x00\x00\x00";
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(GString) random = g_string_new ("Subject: random bytes\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GPtrArray) found = NULL;
  Found *message;

  for (guint i = 0; i < 4096; i++)
    g_string_append_c (random, (char) g_rand_int_range (rand, 0, 256));

  write_bytes (dir, "a-stray-nul.eml", dsn_with_nul, sizeof dsn_with_nul - 1);
  write_bytes (dir, "b-image.png", png, sizeof png - 1);
  write_bytes (dir, "c-archive.zip", zip, sizeof zip - 1);
  write_bytes (dir, "d-random.eml", random->str, random->len);
  found = walk (dir, dir);

  g_assert_cmpuint (found->len, ==, 4);
  assert_found_file (found, 0, "a-stray-nul.eml");
  message = g_ptr_array_index (found, 0);
  g_assert_no_error (message->error);
  g_assert_cmpuint (g_bytes_get_size (message->bytes), ==, sizeof dsn_with_nul - 1);
  assert_found_error (found, 1, "b-image.png", BOUNCE_ERROR_NOT_A_MESSAGE);
  assert_found_error (found, 2, "c-archive.zip", BOUNCE_ERROR_NOT_A_MESSAGE);
  assert_found_error (found, 3, "d-random.eml", BOUNCE_ERROR_NOT_A_MESSAGE);
  for (guint i = 1; i < found->len; i++)
    {
      Found *binary = g_ptr_array_index (found, i);

      g_assert_nonnull (strstr (binary->error->message, "binary data"));
    }

  remove_tree (dir);
}

/* A contact list among the bounce files, such as Excel's UTF-16 "Unicode
 * Text" export or a CSV file, is named as one, with where to open it,
 * rather than as binary data or a file without headers. */
static void
test_contact_list_among_bounces (void)
{
  static const char utf16le_tab[] =
    "\xFF\xFE" "E\0m\0a\0i\0l\0\t\0N\0a\0m\0e\0\r\0\n\0"
    "j\0a\0n\0e\0@\0e\0x\0a\0m\0p\0l\0e\0.\0c\0o\0m\0\t\0J\0a\0n\0e\0\r\0\n\0";
  static const char csv[] = "email,name\nbob@example.org,Bob\n";
  static const char notes[] = "Call Bob about the order, Tuesday\n";
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(GPtrArray) found = NULL;

  write_bytes (dir, "a-list.txt", utf16le_tab, sizeof utf16le_tab - 1);
  write_bytes (dir, "b-list.csv", csv, sizeof csv - 1);
  write_bytes (dir, "c-notes.txt", notes, sizeof notes - 1);
  found = walk (dir, dir);

  g_assert_cmpuint (found->len, ==, 3);
  for (guint i = 0; i < 2; i++)
    {
      Found *list = g_ptr_array_index (found, i);

      assert_found_error (found, i, i == 0 ? "a-list.txt" : "b-list.csv", BOUNCE_ERROR_NOT_A_MESSAGE);
      g_assert_nonnull (strstr (list->error->message, "looks like a contact list"));
      g_assert_nonnull (strstr (list->error->message, "Open Contacts"));
      g_assert_nonnull (strstr (list->error->message, "--contacts"));
    }
  assert_found_error (found, 2, "c-notes.txt", BOUNCE_ERROR_NOT_A_MESSAGE);
  g_assert_nonnull (strstr (((Found *) g_ptr_array_index (found, 2))->error->message,
                            "does not start with email headers"));

  remove_tree (dir);
}

static void
test_missing_path (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "no-such-file.eml", NULL);
  g_autoptr(GPtrArray) found = walk (NULL, path);

  g_assert_cmpuint (found->len, ==, 1);
  assert_found_error (found, 0, path, BOUNCE_ERROR_NOT_FOUND);

  remove_tree (dir);
}

static void
test_fifo (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *fifo = g_build_filename (dir, "pipe", NULL);
  g_autofree char *message = g_build_filename (dir, "z.eml", NULL);
  g_autoptr(GPtrArray) in_folder = NULL;
  g_autoptr(GPtrArray) named = NULL;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  write_contents (message, short_message);

  /* Opening a FIFO without a writer would block: the walk must not. */
  in_folder = walk (dir, dir);
  g_assert_cmpuint (in_folder->len, ==, 2);
  assert_found_error (in_folder, 0, "pipe", BOUNCE_ERROR_NOT_REGULAR);
  assert_found_file (in_folder, 1, "z.eml");
  g_assert_no_error (((Found *) g_ptr_array_index (in_folder, 1))->error);

  named = walk (NULL, fifo);
  g_assert_cmpuint (named->len, ==, 1);
  assert_found_error (named, 0, fifo, BOUNCE_ERROR_NOT_REGULAR);

  remove_tree (dir);
}

static void
test_symlink_loop (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *up = g_build_filename (sub, "up", NULL);
  g_autofree char *link_a = g_build_filename (dir, "loop-a", NULL);
  g_autofree char *link_b = g_build_filename (dir, "loop-b", NULL);
  g_autofree char *message = g_build_filename (sub, "m.eml", NULL);
  g_autoptr(GPtrArray) found = NULL;

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  write_contents (message, short_message);
  g_assert_cmpint (symlink ("..", up), ==, 0);
  g_assert_cmpint (symlink ("loop-b", link_a), ==, 0);
  g_assert_cmpint (symlink ("loop-a", link_b), ==, 0);

  found = walk (dir, dir);

  /* loop-a and loop-b point at each other, and sub/up points back to the
   * folder being walked. Each is reported once and the message is read
   * once. */
  g_assert_cmpuint (found->len, ==, 4);
  assert_found_error (found, 0, "loop-a", BOUNCE_ERROR_UNREADABLE);
  assert_found_error (found, 1, "loop-b", BOUNCE_ERROR_UNREADABLE);
  assert_found_file (found, 2, "sub/m.eml");
  g_assert_no_error (((Found *) g_ptr_array_index (found, 2))->error);
  assert_found_error (found, 3, "sub/up", BOUNCE_ERROR_UNREADABLE);

  remove_tree (dir);
}

/* Links that leave the named folder, to its parent or to a file beside
 * it, are reported and not followed, so nothing outside is read. */
static void
test_symlink_outside (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *root = g_build_filename (dir, "root", NULL);
  g_autofree char *outside = g_build_filename (dir, "outside.eml", NULL);
  g_autofree char *inside = g_build_filename (root, "inside.eml", NULL);
  g_autofree char *up = g_build_filename (root, "up", NULL);
  g_autofree char *beside = g_build_filename (root, "beside.eml", NULL);
  g_autofree char *alias = g_build_filename (root, "alias.eml", NULL);
  g_autoptr(GPtrArray) found = NULL;

  g_assert_cmpint (g_mkdir (root, 0700), ==, 0);
  write_contents (outside, short_message);
  write_contents (inside, short_message);
  g_assert_cmpint (symlink ("..", up), ==, 0);
  g_assert_cmpint (symlink ("../outside.eml", beside), ==, 0);
  g_assert_cmpint (symlink ("inside.eml", alias), ==, 0);

  found = walk (root, root);

  /* alias.eml and inside.eml are one file, read under the first name. */
  g_assert_cmpuint (found->len, ==, 3);
  assert_found_file (found, 0, "alias.eml");
  g_assert_no_error (((Found *) g_ptr_array_index (found, 0))->error);
  assert_found_error (found, 1, "beside.eml", BOUNCE_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (((Found *) g_ptr_array_index (found, 1))->error->message, "outside the folder"));
  assert_found_error (found, 2, "up", BOUNCE_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (((Found *) g_ptr_array_index (found, 2))->error->message, "outside the folder"));

  remove_tree (dir);
}

/* A Collector that also counts the calls of the check function: the
 * check and message callbacks get the same user data. */
typedef struct
{
  Collector collector;
  guint     n_checked;
} CheckingCollector;

static gboolean
take_no_file_cb (const char            *path,
                 const BounceFileStamp *stamp,
                 gpointer               user_data)
{
  CheckingCollector *checking = user_data;

  checking->n_checked++;

  return FALSE;
}

/* A hard link and a symbolic link to a file in the same folder name one
 * file, whose messages are read once, under the first name met. */
static void
test_links_read_once (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *file = g_build_filename (dir, "a.eml", NULL);
  g_autofree char *hard_link = g_build_filename (dir, "b.eml", NULL);
  g_autofree char *symbolic_link = g_build_filename (dir, "c.eml", NULL);
  g_autofree char *other = g_build_filename (dir, "d.eml", NULL);
  g_autoptr(GPtrArray) found = NULL;
  const char *paths[] = { dir, NULL };
  CheckingCollector checking = { { 0 }, 0 };
  g_autoptr(GError) error = NULL;

  write_contents (file, short_message);
  write_contents (other, short_message);
  g_assert_cmpint (link (file, hard_link), ==, 0);
  g_assert_cmpint (symlink ("a.eml", symbolic_link), ==, 0);

  found = walk (dir, dir);

  g_assert_cmpuint (found->len, ==, 2);
  assert_found_file (found, 0, "a.eml");
  assert_found_file (found, 1, "d.eml");

  /* The same with a check function, as the history uses: it is asked
   * about each file once. */
  checking.collector.found = g_ptr_array_new_with_free_func (found_free);
  checking.collector.root = dir;
  g_assert_true (bounce_message_source_foreach_checked (paths, take_no_file_cb, collect_cb, &checking, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (checking.n_checked, ==, 2);
  g_assert_cmpuint (checking.collector.found->len, ==, 2);
  assert_found_file (checking.collector.found, 0, "a.eml");
  assert_found_file (checking.collector.found, 1, "d.eml");
  g_ptr_array_unref (checking.collector.found);

  remove_tree (dir);
}

/* Unprivileged user and group "nobody" on Debian, for dropping root. */
#define NOBODY_ID 65534

static void
assert_unreadable (const char *path)
{
  g_autoptr(GPtrArray) found = walk (NULL, path);

  g_assert_cmpuint (found->len, ==, 1);
  assert_found_error (found, 0, path, BOUNCE_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (((Found *) g_ptr_array_index (found, 0))->error->message,
                            "Permission to read the file was denied"));
}

/* Whether a child process can drop root for the user nobody, which a
 * container without CAP_SETUID does not allow. */
static gboolean
can_become_nobody (void)
{
  int status = 0;
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (setgid (NOBODY_ID) == 0 && setuid (NOBODY_ID) == 0 ? 0 : 1);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

/* A file without read permission. Root reads every file, so as root the
 * check runs in a child process that has become the user nobody. */
static void
test_unreadable_file (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (g_test_subprocess ())
    {
      g_assert_cmpint (setgid (NOBODY_ID), ==, 0);
      g_assert_cmpint (setuid (NOBODY_ID), ==, 0);
      assert_unreadable (g_getenv ("BOUNCE_TEST_LOCKED_FILE"));
      return;
    }

  dir = make_temp_dir ();
  path = g_build_filename (dir, "locked.eml", NULL);
  write_contents (path, short_message);
  g_assert_cmpint (g_chmod (path, 0), ==, 0);

  if (geteuid () != 0)
    assert_unreadable (path);
  else if (!can_become_nobody ())
    g_test_skip ("run as root, and the test cannot become the user nobody to lose root's read access");
  else
    {
      /* nobody must reach the file through its folder. */
      g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
      g_setenv ("BOUNCE_TEST_LOCKED_FILE", path, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
    }

  remove_tree (dir);
}

static void
make_sparse_file (const char *path,
                  const char *start,
                  gint64      size)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, start, strlen (start)), ==, (gssize) strlen (start));
  g_assert_cmpint (ftruncate (fd, size), ==, 0);
  close (fd);
}

static void
test_too_large (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *big = g_build_filename (dir, "big.eml", NULL);
  g_autofree char *at_limit = g_build_filename (dir, "limit.eml", NULL);
  g_autoptr(GPtrArray) found = NULL;

  /* Sparse files: no 64 MB are written. */
  make_sparse_file (big, "Subject: big\n\n", (gint64) BOUNCE_MESSAGE_MAX_FILE_SIZE + 1);
  make_sparse_file (at_limit, "Subject: at the limit\n\n", (gint64) BOUNCE_MESSAGE_MAX_FILE_SIZE);

  found = walk (dir, dir);
  g_assert_cmpuint (found->len, ==, 2);
  assert_found_error (found, 0, "big.eml", BOUNCE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (((Found *) g_ptr_array_index (found, 0))->error->message, "64 MB"));

  /* A file of exactly 64 MB is read, and its hole of NUL bytes then makes
   * it binary data rather than a message. */
  assert_found_error (found, 1, "limit.eml", BOUNCE_ERROR_NOT_A_MESSAGE);

  remove_tree (dir);
}

/* Body lines that start with "From " and were left unquoted, one of them
 * an envelope line quoted in a reply, split no message. */
static void
test_mbox_unquoted_from (void)
{
  g_autofree char *path = sources_path ("mbox/unquoted-from.mbox");
  g_autoptr(GPtrArray) found = walk (NULL, path);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_cmpuint (found->len, ==, 3);
  for (guint i = 0; i < found->len; i++)
    g_assert_no_error (((Found *) g_ptr_array_index (found, i))->error);

  first = found_text (g_ptr_array_index (found, 0));
  g_assert_true (g_str_has_suffix (first, "From 9:00 to 17:00 the help desk of example.com answers by phone.\n"));
  second = found_text (g_ptr_array_index (found, 1));
  g_assert_nonnull (strstr (second, "\nFrom news@example.org Mon Jan  6 09:00:00 2025\nwhich my mail program"));
  g_assert_true (g_str_has_suffix (second, "\nFrom the team at example.net\n"));
}

/* Envelope lines without a year or with an ISO 8601 date split the mbox
 * when an empty line comes before them and two header fields after them.
 * A body line "From 10:30 ..." with one header-like line after it does
 * not split. */
static void
test_mbox_loose_envelope (void)
{
  g_autofree char *path = sources_path ("mbox/loose-envelope.mbox");
  g_autoptr(GPtrArray) found = walk (NULL, path);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  g_assert_cmpuint (found->len, ==, 3);
  for (guint i = 0; i < found->len; i++)
    g_assert_no_error (((Found *) g_ptr_array_index (found, i))->error);

  first = found_text (g_ptr_array_index (found, 0));
  second = found_text (g_ptr_array_index (found, 1));
  third = found_text (g_ptr_array_index (found, 2));
  g_assert_true (g_str_has_prefix (first, "Return-Path: <>\n"));
  g_assert_nonnull (strstr (first, "\nFrom 10:30 the help desk of example.org is open.\nPhone:"));
  g_assert_true (g_str_has_prefix (second, "Return-Path: <>\n"));
  g_assert_nonnull (strstr (second, "<sam@example.com>"));
  g_assert_null (strstr (second, "<ivy@example.com>"));
  g_assert_true (g_str_has_prefix (third, "Return-Path: <>\n"));
  g_assert_nonnull (strstr (third, "<una@example.com>"));
}

/* A year-less "From " line in a body, after an empty line and before
 * two lines that look like header fields, splits no message unless it
 * has an envelope line's shape: a sender (an address, MAILER-DAEMON or
 * "-") and a date. The year-less envelope line after it still splits. */
static void
test_mbox_loose_body_line (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "minutes.mbox", NULL);
  const char *contents =
    "From MAILER-DAEMON Tue Mar  5 09:15:04\n"
    "From: MAILER-DAEMON@example.net\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "\n"
    "The minutes of the meeting you sent:\n"
    "\n"
    "From jane Tue 09:15 to 10:00 in room 2\n"
    "Subject: budget\n"
    "Decision: approved\n"
    "\n"
    "From MAILER-DAEMON Tue Mar  5 09:17:04\n"
    "From: MAILER-DAEMON@example.net\n"
    "Subject: second\n"
    "\n"
    "<bob@example.org>: host mx.example.org said: 550 5.1.1 no such user\n";
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  write_contents (path, contents);
  found = walk (NULL, path);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_no_error (((Found *) g_ptr_array_index (found, 0))->error);
  g_assert_no_error (((Found *) g_ptr_array_index (found, 1))->error);

  first = found_text (g_ptr_array_index (found, 0));
  g_assert_nonnull (strstr (first, "\nFrom jane Tue 09:15 to 10:00 in room 2\nSubject: budget\n"));
  second = found_text (g_ptr_array_index (found, 1));
  g_assert_true (g_str_has_prefix (second, "From: MAILER-DAEMON@example.net\nSubject: second\n"));

  remove_tree (dir);
}

/* Year-less envelope lines as delivery agents write them: two spaces
 * after the sender, or a local user name without "@" as the sender. Each starts a message,
 * while a body line "From here on we ..." in the same file does not. */
static void
test_mbox_loose_envelope_senders (void)
{
  static const char * const envelopes[] = {
    "From MAILER-DAEMON@mx.example.org  Tue Nov 10 09:05:00\n",
    "From MAILER-DAEMON  Tue Nov 10 09:05:00\n",
    "From jane Tue Nov 10 09:05:00\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (envelopes); i++)
    {
      g_autofree char *dir = make_temp_dir ();
      g_autofree char *path = g_build_filename (dir, "bounces.mbox", NULL);
      g_autofree char *contents = g_strconcat (
        "From MAILER-DAEMON@mx.example.org  Mon Nov  9 08:00:00 2026\n"
        "From: MAILER-DAEMON@mx.example.org\n"
        "Subject: first\n"
        "\n"
        "<m1@example.com>: 550 5.1.1 no such user\n"
        "\n"
        "From here on we meet at 09:15 on Tuesdays\n"
        "Subject: news\n"
        "Decision: monthly\n"
        "\n",
        envelopes[i],
        "From: MAILER-DAEMON@mx.example.org\n"
        "Subject: second\n"
        "\n"
        "<m2@example.com>: 550 5.1.1 no such user\n", NULL);
      g_autoptr(GPtrArray) found = NULL;
      g_autofree char *first = NULL;
      g_autofree char *second = NULL;

      write_contents (path, contents);
      found = walk (NULL, path);
      g_assert_cmpuint (found->len, ==, 2);
      g_assert_no_error (((Found *) g_ptr_array_index (found, 0))->error);
      g_assert_no_error (((Found *) g_ptr_array_index (found, 1))->error);

      first = found_text (g_ptr_array_index (found, 0));
      g_assert_nonnull (strstr (first, "\nFrom here on we meet at 09:15 on Tuesdays\nSubject: news\n"));
      second = found_text (g_ptr_array_index (found, 1));
      g_assert_true (g_str_has_prefix (second, "From: MAILER-DAEMON@mx.example.org\nSubject: second\n"));

      remove_tree (dir);
    }
}

/* An mbox file that ends in the middle of a line was cut: its last
 * message comes with the bytes there are and a BOUNCE_ERROR_TRUNCATED.
 * The same file with its final line end, in LF or CRLF, is whole. */
static void
test_mbox_cut (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "cut.mbox", NULL);
  const char *first =
    "From MAILER-DAEMON Mon Jan  6 10:11:00 2025\n"
    "From: MAILER-DAEMON@example.net\n"
    "Subject: first\n"
    "\n"
    "whole\n"
    "\n";
  const char *second =
    "From MAILER-DAEMON Mon Jan  6 10:12:00 2025\n"
    "From: MAILER-DAEMON@example.net\n"
    "Subject: second\n"
    "\n"
    "<jane@example.com>: host mx.example.com said: 550 5.1.1 no such us";
  const struct
  {
    const char *end;
    gboolean    cut;
  } cases[] = {
    { "", TRUE },
    { "\n", FALSE },
    { "er\n\n", FALSE },
    { "\r\n", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *contents = g_strconcat (first, second, cases[i].end, NULL);
      g_autoptr(GPtrArray) found = NULL;
      g_autofree char *text = NULL;
      Found *last;

      write_contents (path, contents);
      found = walk (NULL, path);
      g_assert_cmpuint (found->len, ==, 2);
      g_assert_no_error (((Found *) g_ptr_array_index (found, 0))->error);

      last = g_ptr_array_index (found, 1);
      text = found_text (last);
      g_assert_true (g_str_has_prefix (text, "From: MAILER-DAEMON@example.net\nSubject: second\n"));
      if (cases[i].cut)
        {
          g_assert_error (last->error, BOUNCE_ERROR, BOUNCE_ERROR_TRUNCATED);
          g_assert_nonnull (strstr (last->error->message, "ends in the middle of this message"));
          g_assert_true (g_str_has_suffix (text, "no such us"));
        }
      else
        g_assert_no_error (last->error);
    }

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A sparse file of 2 GiB that starts like a message is skipped as too
 * large without being read: a read would take 2 GiB of memory. */
static void
test_sparse_2gb (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "huge.eml", NULL);
  g_autoptr(GPtrArray) found = NULL;
  const char *message;

  make_sparse_file (path, "Subject: huge\n\n", G_GINT64_CONSTANT (2) * 1024 * 1024 * 1024);

  found = walk (NULL, path);
  g_assert_cmpuint (found->len, ==, 1);
  assert_found_error (found, 0, path, BOUNCE_ERROR_TOO_LARGE);
  message = ((Found *) g_ptr_array_index (found, 0))->error->message;
  g_assert_true (g_str_has_prefix (message, "The file is 2.1"));
  g_assert_nonnull (strstr (message, "larger than the 64 MB limit for one email message, so it was skipped."));

  remove_tree (dir);
}

/* File names are bytes: one that is not UTF-8 is read and named as it is
 * on disk, and the scanner's output makes it valid where it must be. */
static void
test_invalid_utf8_name (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "bounce-\xff\xfe.eml", NULL);
  g_autofree char *sub = g_build_filename (dir, "folder-\xe9", NULL);
  g_autofree char *nested = g_build_filename (sub, "\xc3\x28.eml", NULL);
  g_autoptr(GPtrArray) found = NULL;

  write_contents (path, short_message);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  write_contents (nested, short_message);

  found = walk (dir, dir);
  g_assert_cmpuint (found->len, ==, 2);
  assert_found_file (found, 0, "bounce-\xff\xfe.eml");
  assert_found_file (found, 1, "folder-\xe9/\xc3\x28.eml");
  for (guint i = 0; i < found->len; i++)
    {
      g_assert_no_error (((Found *) g_ptr_array_index (found, i))->error);
      g_assert_nonnull (((Found *) g_ptr_array_index (found, i))->bytes);
    }

  remove_tree (dir);
}

static void
test_large_mbox (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "archive", NULL);
  g_autoptr(GPtrArray) found = NULL;
  GString *text = g_string_new (NULL);
  gint64 size = (gint64) BOUNCE_MESSAGE_MAX_FILE_SIZE + 4096;
  const char *last_message = "\nFrom - Mon Jan  6 10:13:00 2025\nSubject: three\n\nend\n";
  int fd;

  /* Two messages, then a sparse hole, then a third at the end: an mbox
   * above the single-message limit is mapped and split, not skipped. The
   * hole makes the second message larger than the limit, so it alone is
   * skipped, without being read. */
  g_string_append (text, "From - Mon Jan  6 10:11:00 2025\nSubject: one\n\nbody\n\n");
  g_string_append (text, "From - Mon Jan  6 10:12:00 2025\nSubject: two\n\nbody\n");
  make_sparse_file (path, text->str, size);

  fd = open (path, O_WRONLY);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (lseek (fd, size, SEEK_SET), ==, size);
  g_assert_cmpint (write (fd, last_message, strlen (last_message)), ==, (gssize) strlen (last_message));
  close (fd);

  found = walk (NULL, path);
  g_assert_cmpuint (found->len, ==, 3);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpuint (((Found *) g_ptr_array_index (found, i))->index, ==, i);
  g_assert_no_error (((Found *) g_ptr_array_index (found, 0))->error);
  assert_found_error (found, 1, path, BOUNCE_ERROR_TOO_LARGE);
  g_assert_cmpint (((Found *) g_ptr_array_index (found, 1))->offset, ==, (gint64) strstr (text->str, "From - Mon Jan  6 10:12") - (gint64) text->str);
  g_assert_nonnull (strstr (((Found *) g_ptr_array_index (found, 1))->error->message, "larger than the 64 MB limit for one email message"));
  g_assert_no_error (((Found *) g_ptr_array_index (found, 2))->error);
  g_assert_cmpint (((Found *) g_ptr_array_index (found, 2))->offset, ==, size + 1);
  {
    g_autofree char *last = found_text (g_ptr_array_index (found, 2));

    g_assert_cmpstr (last, ==, "Subject: three\n\nend\n");
  }

  g_string_free (text, TRUE);
  remove_tree (dir);
}

static void
test_emlx (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "1234.emlx", NULL);
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *contents = g_strdup_printf ("%zu\n%s<?xml version=\"1.0\"?>\n<plist/>\n",
                                               strlen (short_message), short_message);
  g_autofree char *text = NULL;

  write_contents (path, contents);
  found = walk (NULL, path);

  g_assert_cmpuint (found->len, ==, 1);
  text = found_text (g_ptr_array_index (found, 0));
  g_assert_cmpstr (text, ==, short_message);

  remove_tree (dir);
}

typedef struct
{
  char    *path;
  GBytes  *contents;
  struct stat st;
} Snapshot;

static void
snapshot_free (gpointer data)
{
  Snapshot *snapshot = data;

  g_free (snapshot->path);
  g_bytes_unref (snapshot->contents);
  g_free (snapshot);
}

static void
take_snapshots (const char *path,
                GPtrArray  *snapshots)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      Snapshot *snapshot;

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          take_snapshots (child, snapshots);
          continue;
        }

      snapshot = g_new0 (Snapshot, 1);
      snapshot->path = g_strdup (child);
      snapshot->contents = read_bytes (child);
      g_assert_cmpint (lstat (child, &snapshot->st), ==, 0);
      g_ptr_array_add (snapshots, snapshot);
    }
}

static void
copy_tree (const char *from,
           const char *to)
{
  g_autofree char *command = g_strdup_printf ("cp -a '%s/.' '%s'", from, to);
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_command_line_sync (command, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
test_files_unchanged (void)
{
  g_autofree char *sources = sources_path ("");
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (snapshot_free);
  g_autoptr(GPtrArray) found = NULL;

  /* A copy, so the snapshot's reads of the fixtures do not hide a change
   * of access times by the walk itself. */
  copy_tree (sources, dir);
  take_snapshots (dir, before);
  g_assert_cmpuint (before->len, >, 10);

  found = walk (dir, dir);
  g_assert_cmpuint (found->len, >, 10);

  for (guint i = 0; i < before->len; i++)
    {
      Snapshot *snapshot = g_ptr_array_index (before, i);
      g_autoptr(GBytes) now = read_bytes (snapshot->path);
      struct stat st;

      g_assert_cmpint (lstat (snapshot->path, &st), ==, 0);
      g_assert_true (g_bytes_equal (now, snapshot->contents));
      g_assert_cmpint (st.st_mtim.tv_sec, ==, snapshot->st.st_mtim.tv_sec);
      g_assert_cmpint (st.st_mtim.tv_nsec, ==, snapshot->st.st_mtim.tv_nsec);
      g_assert_cmpint (st.st_mode, ==, snapshot->st.st_mode);
    }

  remove_tree (dir);
}

static void
test_count_files (void)
{
  g_autofree char *root = sources_path ("");
  const char *paths[] = { root, "/nonexistent/bounce-test-path", NULL };
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (found_free);
  Collector collector = { found, NULL, 0, NULL };
  guint first_messages = 0;

  g_assert_true (bounce_message_source_foreach (paths, collect_cb, &collector, NULL, NULL));

  for (guint i = 0; i < found->len; i++)
    if (((Found *) g_ptr_array_index (found, i))->index == 0)
      first_messages++;

  /* One per file read or reported: an mbox counts as one. */
  g_assert_cmpuint (bounce_message_source_count_files (paths, NULL), ==, first_messages);
  g_assert_cmpuint (first_messages, <, found->len);
}

static void
test_stop (void)
{
  g_autofree char *root = sources_path ("");
  const char *paths[] = { root, NULL };
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (found_free);
  Collector collector = { found, NULL, 3, NULL };
  g_autoptr(GError) error = NULL;

  /* A callback that returns FALSE ends the walk, which still succeeds. */
  g_assert_true (bounce_message_source_foreach (paths, collect_cb, &collector, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 3);
}

static void
test_cancel (void)
{
  g_autofree char *root = sources_path ("");
  const char *paths[] = { root, NULL };
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (found_free);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Collector collector = { found, NULL, 2, cancellable };
  g_autoptr(GError) error = NULL;

  g_assert_false (bounce_message_source_foreach (paths, collect_cb, &collector, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (found->len, ==, 2);

  g_clear_error (&error);
  g_assert_false (bounce_message_source_foreach (paths, collect_cb, &collector, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (found->len, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/message-source/folder/order", test_folder_order);
  g_test_add_func ("/message-source/folder/path-as-found", test_folder_path_as_found);
  g_test_add_func ("/message-source/file/single", test_single_file);
  g_test_add_func ("/message-source/file/given-twice", test_file_given_twice);
  g_test_add_func ("/message-source/file/in-given-folder", test_file_in_given_folder);
  g_test_add_func ("/message-source/maildir", test_maildir);
  g_test_add_func ("/message-source/mbox/takeout", test_mbox_takeout);
  g_test_add_func ("/message-source/mbox/crlf", test_mbox_crlf);
  g_test_add_func ("/message-source/mbox/bare-cr", test_mbox_bare_cr);
  g_test_add_func ("/message-source/mbox/thunderbird", test_thunderbird);
  g_test_add_func ("/message-source/mbox/large", test_large_mbox);
  g_test_add_func ("/message-source/mbox/unquoted-from", test_mbox_unquoted_from);
  g_test_add_func ("/message-source/mbox/cut", test_mbox_cut);
  g_test_add_func ("/message-source/mbox/loose-envelope", test_mbox_loose_envelope);
  g_test_add_func ("/message-source/mbox/loose-body-line", test_mbox_loose_body_line);
  g_test_add_func ("/message-source/mbox/loose-envelope-senders", test_mbox_loose_envelope_senders);
  g_test_add_func ("/message-source/line-ends/crlf", test_line_ends_crlf);
  g_test_add_func ("/message-source/line-ends/cr", test_line_ends_cr);
  g_test_add_func ("/message-source/file/emlx", test_emlx);
  g_test_add_func ("/message-source/errors/not-messages", test_not_messages);
  g_test_add_func ("/message-source/errors/gzip-file", test_gzip_file);
  g_test_add_func ("/message-source/apple-mail-export", test_apple_mail_export);
  g_test_add_func ("/message-source/errors/stray-nul", test_stray_nul);
  g_test_add_func ("/message-source/errors/missing-path", test_missing_path);
  g_test_add_func ("/message-source/errors/contact-list", test_contact_list_among_bounces);
  g_test_add_func ("/message-source/errors/fifo", test_fifo);
  g_test_add_func ("/message-source/errors/symlink-loop", test_symlink_loop);
  g_test_add_func ("/message-source/errors/symlink-outside", test_symlink_outside);
  g_test_add_func ("/message-source/links-read-once", test_links_read_once);
  g_test_add_func ("/message-source/errors/unreadable", test_unreadable_file);
  g_test_add_func ("/message-source/errors/too-large", test_too_large);
  g_test_add_func ("/message-source/errors/sparse-2gb", test_sparse_2gb);
  g_test_add_func ("/message-source/file/invalid-utf8-name", test_invalid_utf8_name);
  g_test_add_func ("/message-source/read-only", test_files_unchanged);
  g_test_add_func ("/message-source/count-files", test_count_files);
  g_test_add_func ("/message-source/stop", test_stop);
  g_test_add_func ("/message-source/cancel", test_cancel);

  return g_test_run ();
}

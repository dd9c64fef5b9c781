/* imap-server.c: a throw-away Dovecot IMAP server on loopback ports.
 *
 * Dovecot runs in the foreground (dovecot -F) with a configuration, a
 * password file, a self-signed certificate and the Maildirs all in one
 * temporary folder. It listens on 127.0.0.1 only. Run as root (as CI
 * does), the mail files belong to "nobody", because Dovecot refuses mail
 * access as root; run as another user, every Dovecot process runs as
 * that user.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bounce-core.h"
#include "imap-server.h"
#include "test-files.h"

/* Tries, 50 ms apart, to get a greeting from the new server: 10 s. */
#define START_TRIES 200

char *
test_imap_server_find_dovecot (void)
{
  char *path = g_find_program_in_path ("dovecot");

  if (path == NULL && g_file_test ("/usr/sbin/dovecot", G_FILE_TEST_IS_EXECUTABLE))
    path = g_strdup ("/usr/sbin/dovecot");

  return path;
}

guint16
test_imap_find_free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
run_command (const char * const *argv,
             char              **output)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, output, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s failed: %s", argv[0], err);
}

static void
chown_tree (TestImapServer *server,
            const char     *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (lchown (path, server->mail_uid, server->mail_gid) != 0)
    g_error ("chown %s: %s", path, g_strerror (errno));

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return;

  dir = g_dir_open (path, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      chown_tree (server, child);
    }
}

static void
make_certificate (TestImapServer *server)
{
  g_autofree char *cert = g_build_filename (server->dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (server->dir, "key.pem", NULL);
  g_autofree char *output = NULL;
  const char *equals;
  const char * const request[] = {
    "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
    "-subj", "/CN=localhost", "-keyout", key, "-out", cert, NULL
  };
  const char * const fingerprint[] = {
    "openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", cert, NULL
  };

  run_command (request, NULL);
  g_chmod (key, 0644);

  /* "sha256 Fingerprint=AB:CD:…" */
  run_command (fingerprint, &output);
  equals = strchr (output, '=');
  g_assert_nonnull (equals);
  server->fingerprint = g_strstrip (g_strdup (equals + 1));
}

static void
write_configuration (TestImapServer *server,
                     const char     *path)
{
  g_autoptr(GString) config = g_string_new (NULL);
  g_autofree char *passwd = g_build_filename (server->dir, "passwd", NULL);
  g_autofree char *passwd_line = g_strdup_printf ("%s:{PLAIN}%s\n", TEST_IMAP_USER, TEST_IMAP_PASSWORD);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (passwd, passwd_line, -1, &error);
  g_assert_no_error (error);
  g_chmod (passwd, 0644);

  g_string_append_printf (config,
                          "base_dir = %s/run\n"
                          "state_dir = %s/state\n"
                          "log_path = %s/dovecot.log\n"
                          "protocols = imap\n"
                          "listen = 127.0.0.1\n"
                          "ssl = yes\n"
                          "ssl_cert = <%s/cert.pem\n"
                          "ssl_key = <%s/key.pem\n"
                          "disable_plaintext_auth = no\n"
                          "auth_mechanisms = plain login\n"
                          "first_valid_uid = 1\n"
                          "first_valid_gid = 1\n"
                          "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%%u %s\n}\n"
                          "userdb {\n  driver = static\n  args = uid=%u gid=%u home=%s/home/%%u\n}\n"
                          "mail_location = maildir:~/Maildir\n"
                          "service imap-login {\n"
                          "  inet_listener imap {\n    address = 127.0.0.1\n    port = %u\n  }\n"
                          "  inet_listener imaps {\n    address = 127.0.0.1\n    port = %u\n    ssl = yes\n  }\n"
                          "}\n",
                          server->dir, server->dir, server->dir, server->dir, server->dir,
                          passwd, (guint) server->mail_uid, (guint) server->mail_gid, server->dir,
                          server->port, server->tls_port);

  /* Without root, every process runs as the current user, unchrooted. */
  if (getuid () != 0)
    {
      const char *user = g_get_user_name ();
      struct group *group = getgrgid (getgid ());

      g_assert_nonnull (group);
      g_string_append_printf (config,
                              "default_login_user = %s\n"
                              "default_internal_user = %s\n"
                              "default_internal_group = %s\n"
                              "service imap-login {\n  chroot =\n}\n"
                              "service anvil {\n  chroot =\n}\n",
                              user, user, group->gr_name);
    }

  g_file_set_contents (path, config->str, -1, &error);
  g_assert_no_error (error);
}

/* Whether the server sends its "ready" greeting on the plain port. */
static gboolean
server_is_ready (TestImapServer *server)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  g_autofree char *line = NULL;

  g_socket_client_set_timeout (client, 2);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", server->port, NULL, NULL);
  if (connection == NULL)
    return FALSE;

  input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  line = g_data_input_stream_read_line (input, NULL, NULL, NULL);

  /* "* OK Waiting for authentication process to respond.." comes
   * before the authentication process has started. */
  return line != NULL && strstr (line, "ready") != NULL;
}

static void
print_log (TestImapServer *server)
{
  g_autofree char *log_path = g_build_filename (server->dir, "dovecot.log", NULL);
  g_autofree char *log = NULL;

  if (g_file_get_contents (log_path, &log, NULL, NULL))
    g_printerr ("%s", log);
}

/* A test that aborts skips its tear-down; the kernel then stops Dovecot
 * (whose master stops its children). */
static void
stop_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

TestImapServer *
test_imap_server_new (void)
{
  TestImapServer *server = g_new0 (TestImapServer, 1);
  g_autofree char *dovecot = test_imap_server_find_dovecot ();
  g_autofree char *config = NULL;
  g_autofree char *home = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  guint tries;

  g_assert_nonnull (dovecot);

  server->dir = g_dir_make_tmp ("bounce-imap-XXXXXX", &error);
  g_assert_no_error (error);
  /* Dovecot's unprivileged processes must reach the files inside. */
  g_chmod (server->dir, 0755);

  if (getuid () == 0)
    {
      struct passwd *nobody = getpwnam ("nobody");

      g_assert_nonnull (nobody);
      server->mail_uid = nobody->pw_uid;
      server->mail_gid = nobody->pw_gid;
    }
  else
    {
      server->mail_uid = getuid ();
      server->mail_gid = getgid ();
    }

  server->port = test_imap_find_free_port ();
  server->tls_port = test_imap_find_free_port ();
  while (server->tls_port == server->port)
    server->tls_port = test_imap_find_free_port ();

  make_certificate (server);
  config = g_build_filename (server->dir, "dovecot.conf", NULL);
  write_configuration (server, config);

  home = g_build_filename (server->dir, "home", TEST_IMAP_USER, NULL);
  server->maildir = g_build_filename (home, "Maildir", NULL);
  g_mkdir_with_parents (home, 0755);
  for (guint i = 0; i < 3; i++)
    {
      static const char * const subdirs[] = { "cur", "new", "tmp" };
      g_autofree char *subdir = g_build_filename (server->maildir, subdirs[i], NULL);

      g_mkdir_with_parents (subdir, 0700);
    }
  chown_tree (server, home);

  /* Dovecot logs to its file; it must not hold the test's output open. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, stop_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawn (launcher, &error, dovecot, "-F", "-c", config, NULL);
  g_assert_no_error (error);

  for (tries = 0; tries < START_TRIES && !server_is_ready (server); tries++)
    g_usleep (50 * 1000);
  if (tries == START_TRIES)
    {
      print_log (server);
      g_error ("Dovecot did not start on port %u", server->port);
    }

  return server;
}

void
test_imap_server_free (TestImapServer *server)
{
  if (server == NULL)
    return;

  if (server->process != NULL)
    {
      g_subprocess_send_signal (server->process, SIGTERM);
      g_subprocess_wait (server->process, NULL, NULL);
      g_object_unref (server->process);
    }

  /* Dovecot's helper processes exit just after the master, and may
   * still remove their sockets while the tree is being removed. */
  if (g_getenv ("BOUNCE_KEEP_IMAP_SERVER") == NULL)
    for (guint tries = 0; tries < 40 && g_file_test (server->dir, G_FILE_TEST_EXISTS); tries++)
      {
        if (tries > 0)
          g_usleep (50 * 1000);
        remove_tree (server->dir);
      }
  g_free (server->dir);
  g_free (server->maildir);
  g_free (server->fingerprint);
  g_free (server);
}

char *
test_imap_server_dup_folder (TestImapServer *server,
                             const char     *folder)
{
  g_autofree char *encoded = NULL;
  g_autofree char *dot_name = NULL;
  char *path;

  if (g_ascii_strcasecmp (folder, "INBOX") == 0)
    return g_strdup (server->maildir);

  encoded = bounce_imap_utf7_encode (folder);
  dot_name = g_strconcat (".", encoded, NULL);
  path = g_build_filename (server->maildir, dot_name, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      static const char * const subdirs[] = { "cur", "new", "tmp" };

      for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
        {
          g_autofree char *subdir = g_build_filename (path, subdirs[i], NULL);

          g_mkdir_with_parents (subdir, 0700);
        }
      chown_tree (server, path);
    }

  return path;
}

char *
test_imap_server_add_message (TestImapServer *server,
                              const char     *folder,
                              GBytes         *contents,
                              const char     *flags,
                              gint64          mtime)
{
  static guint counter;
  g_autofree char *dir = test_imap_server_dup_folder (server, folder);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (contents, &length);

  counter++;
  if (flags == NULL)
    name = g_strdup_printf ("%" G_GINT64_FORMAT ".M%uP%d.test", g_get_real_time (), counter, getpid ());
  else
    name = g_strdup_printf ("%" G_GINT64_FORMAT ".M%uP%d.test:2,%s", g_get_real_time (), counter, getpid (), flags);
  path = g_build_filename (dir, flags == NULL ? "new" : "cur", name, NULL);

  g_file_set_contents (path, data, (gssize) length, &error);
  g_assert_no_error (error);
  chown_tree (server, path);

  if (mtime != 0)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, (guint64) mtime,
                                   G_FILE_QUERY_INFO_NONE, NULL, &error);
      g_assert_no_error (error);
    }

  return g_steal_pointer (&path);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

guint
test_imap_server_add_folder_of_messages (TestImapServer *server,
                                         const char     *folder,
                                         const char     *dir,
                                         GPtrArray      *paths)
{
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".eml"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *stored = NULL;
      g_autoptr(GBytes) bytes = NULL;
      const char *flags = "";
      char *contents = NULL;
      gsize length = 0;

      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);
      bytes = g_bytes_new_take (contents, length);

      if (i % 3 == 0)
        flags = NULL;
      else if (i % 3 == 1)
        flags = "S";
      stored = test_imap_server_add_message (server, folder, bytes, flags, 0);

      if (paths != NULL)
        g_ptr_array_add (paths, g_steal_pointer (&path));
    }

  return names->len;
}

static void
add_snapshot_entries (GPtrArray  *entries,
                      const char *dir,
                      const char *subdir)
{
  g_autofree char *path = g_build_filename (dir, subdir, NULL);
  g_autoptr(GDir) listing = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *digest = NULL;
      gsize length = 0;
      g_autoptr(GError) error = NULL;

      g_file_get_contents (file, &contents, &length, &error);
      g_assert_no_error (error);
      digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
      g_ptr_array_add (entries, g_strdup_printf ("%s/%s=%s", subdir, name, digest));
    }
}

char *
test_imap_server_dup_snapshot (TestImapServer *server,
                               const char     *folder)
{
  g_autofree char *dir = test_imap_server_dup_folder (server, folder);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_free);

  add_snapshot_entries (entries, dir, "cur");
  add_snapshot_entries (entries, dir, "new");
  g_ptr_array_sort (entries, compare_names);
  g_ptr_array_add (entries, NULL);

  return g_strjoinv ("\n", (char **) entries->pdata);
}

guint32
test_imap_server_renumber (TestImapServer *server,
                           const char     *folder)
{
  g_autofree char *dir = test_imap_server_dup_folder (server, folder);
  g_autofree char *uidlist = g_build_filename (dir, "dovecot-uidlist", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GString) renumbered = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  char *v;
  char *end;
  guint64 uidvalidity;

  /* The first line of dovecot-uidlist is "3 V<uidvalidity> N<next> …". */
  g_file_get_contents (uidlist, &contents, NULL, &error);
  g_assert_no_error (error);
  v = strstr (contents, " V");
  g_assert_nonnull (v);
  uidvalidity = g_ascii_strtoull (v + 2, &end, 10) + 1;

  renumbered = g_string_new_len (contents, v + 2 - contents);
  g_string_append_printf (renumbered, "%" G_GUINT64_FORMAT "%s", uidvalidity, end);
  g_file_set_contents (uidlist, renumbered->str, -1, &error);
  g_assert_no_error (error);
  chown_tree (server, uidlist);

  /* The index keeps its own copy of the UIDVALIDITY. */
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      if (g_str_has_prefix (name, "dovecot.index"))
        {
          g_autofree char *index = g_build_filename (dir, name, NULL);

          g_remove (index);
        }
    }

  return (guint32) uidvalidity;
}

/* The relay */

struct _TestRelay
{
  GSocketService *service;
  guint16         port;
  guint16         target_port;
  GThread        *thread;
  GMainContext   *context;
  GMainLoop      *loop;

  GMutex          mutex;
  gsize           cut_next;   /* 0: no cut pending */
  gboolean        cut_pending;
  gboolean        refusing;
  guint           n_connections;
  gsize           hold_next;
  gboolean        hold_pending;
  gboolean        holding;      /* a pipe waits for test_relay_release() */
  GCond           release_cond;
};

typedef struct
{
  TestRelay         *relay;
  GSocketConnection *from;
  GSocketConnection *to;
  gsize              cut_after;   /* G_MAXSIZE: never */
  gsize              hold_after;  /* G_MAXSIZE: never */
} Pipe;

/* Blocks the pipe until test_relay_release(). */
static void
pipe_hold (Pipe *pipe)
{
  TestRelay *relay = pipe->relay;

  g_mutex_lock (&relay->mutex);
  relay->holding = TRUE;
  while (relay->holding)
    g_cond_wait (&relay->release_cond, &relay->mutex);
  g_mutex_unlock (&relay->mutex);
  pipe->hold_after = G_MAXSIZE;
}

/* Copies from one connection to the other until either side closes or
 * the byte budget is spent, then shuts both down. */
static gpointer
pipe_thread (gpointer data)
{
  Pipe *pipe = data;
  GSocket *from = g_socket_connection_get_socket (pipe->from);
  GSocket *to = g_socket_connection_get_socket (pipe->to);
  char buffer[4096];
  gsize passed = 0;

  while (passed < pipe->cut_after)
    {
      gsize limit = MIN (pipe->cut_after, pipe->hold_after);
      gssize n;
      gssize sent = 0;

      if (passed >= pipe->hold_after)
        {
          pipe_hold (pipe);
          continue;
        }

      n = g_socket_receive (from, buffer, MIN (sizeof buffer, limit - passed), NULL, NULL);

      if (n <= 0)
        break;
      while (sent < n)
        {
          gssize m = g_socket_send (to, buffer + sent, (gsize) (n - sent), NULL, NULL);

          if (m <= 0)
            break;
          sent += m;
        }
      if (sent < n)
        break;
      passed += (gsize) n;
    }

  g_socket_shutdown (from, TRUE, TRUE, NULL);
  g_socket_shutdown (to, TRUE, TRUE, NULL);
  g_object_unref (pipe->from);
  g_object_unref (pipe->to);
  g_free (pipe);

  return NULL;
}

static void
start_pipe (TestRelay         *relay,
            GSocketConnection *from,
            GSocketConnection *to,
            gsize              cut_after,
            gsize              hold_after)
{
  Pipe *pipe = g_new0 (Pipe, 1);

  pipe->relay = relay;
  pipe->from = g_object_ref (from);
  pipe->to = g_object_ref (to);
  pipe->cut_after = cut_after;
  pipe->hold_after = hold_after;
  g_thread_unref (g_thread_new ("relay-pipe", pipe_thread, pipe));
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  TestRelay *relay = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) upstream = NULL;
  gsize cut_after = G_MAXSIZE;
  gsize hold_after = G_MAXSIZE;
  gboolean refuse;

  g_mutex_lock (&relay->mutex);
  relay->n_connections++;
  refuse = relay->refusing;
  if (relay->cut_pending)
    {
      cut_after = relay->cut_next;
      relay->cut_pending = FALSE;
      refuse = FALSE;
    }
  if (relay->hold_pending)
    {
      hold_after = relay->hold_next;
      relay->hold_pending = FALSE;
    }
  g_mutex_unlock (&relay->mutex);

  if (refuse)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }

  upstream = g_socket_client_connect_to_host (client, "127.0.0.1", relay->target_port, NULL, NULL);
  if (upstream == NULL)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }

  start_pipe (relay, upstream, connection, cut_after, hold_after);
  start_pipe (relay, connection, upstream, G_MAXSIZE, G_MAXSIZE);

  return TRUE;
}

static gpointer
relay_thread (gpointer data)
{
  TestRelay *relay = data;

  g_main_context_push_thread_default (relay->context);
  g_main_loop_run (relay->loop);
  g_main_context_pop_thread_default (relay->context);

  return NULL;
}

TestRelay *
test_relay_new (guint16 target_port)
{
  TestRelay *relay = g_new0 (TestRelay, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&relay->mutex);
  g_cond_init (&relay->release_cond);
  relay->target_port = target_port;
  relay->context = g_main_context_new ();
  relay->loop = g_main_loop_new (relay->context, FALSE);

  /* The service's sources attach to the context current when it starts. */
  g_main_context_push_thread_default (relay->context);
  relay->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (relay->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  relay->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (relay->service, "incoming", G_CALLBACK (incoming_cb), relay);
  g_socket_service_start (relay->service);
  g_main_context_pop_thread_default (relay->context);

  relay->thread = g_thread_new ("relay", relay_thread, relay);

  return relay;
}

guint16
test_relay_get_port (TestRelay *relay)
{
  return relay->port;
}

void
test_relay_cut_next (TestRelay *relay,
                     gsize      cut_after)
{
  g_mutex_lock (&relay->mutex);
  relay->cut_next = cut_after;
  relay->cut_pending = TRUE;
  g_mutex_unlock (&relay->mutex);
}

void
test_relay_set_refusing (TestRelay *relay,
                         gboolean   refusing)
{
  g_mutex_lock (&relay->mutex);
  relay->refusing = refusing;
  g_mutex_unlock (&relay->mutex);
}

void
test_relay_hold_next (TestRelay *relay,
                      gsize      hold_after)
{
  g_mutex_lock (&relay->mutex);
  relay->hold_next = hold_after;
  relay->hold_pending = TRUE;
  g_mutex_unlock (&relay->mutex);
}

void
test_relay_release (TestRelay *relay)
{
  g_mutex_lock (&relay->mutex);
  relay->holding = FALSE;
  g_cond_broadcast (&relay->release_cond);
  g_mutex_unlock (&relay->mutex);
}

guint
test_relay_get_n_connections (TestRelay *relay)
{
  guint n;

  g_mutex_lock (&relay->mutex);
  n = relay->n_connections;
  g_mutex_unlock (&relay->mutex);

  return n;
}

static gboolean
quit_cb (gpointer data)
{
  TestRelay *relay = data;

  g_socket_service_stop (relay->service);
  g_socket_listener_close (G_SOCKET_LISTENER (relay->service));
  g_main_loop_quit (relay->loop);

  return G_SOURCE_REMOVE;
}

void
test_relay_free (TestRelay *relay)
{
  test_relay_release (relay);
  g_main_context_invoke (relay->context, quit_cb, relay);
  g_thread_join (relay->thread);
  g_object_unref (relay->service);
  g_main_loop_unref (relay->loop);
  g_main_context_unref (relay->context);
  g_mutex_clear (&relay->mutex);
  g_cond_clear (&relay->release_cond);
  g_free (relay);
}

/* Verdicts */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
test_imap_dup_verdicts (GPtrArray *records)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < records->len; i++)
    {
      g_autoptr(JsonNode) node = bounce_record_to_json_node (g_ptr_array_index (records, i));
      g_autoptr(JsonGenerator) generator = json_generator_new ();

      json_object_remove_member (json_node_get_object (node), "file");
      json_generator_set_root (generator, node);
      g_ptr_array_add (lines, json_generator_to_data (generator, NULL));
    }

  g_ptr_array_sort (lines, compare_strings);
  g_ptr_array_add (lines, NULL);

  return g_strjoinv ("\n", (char **) lines->pdata);
}

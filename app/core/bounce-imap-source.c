/* bounce-imap-source.c: reads the messages of an IMAP folder without
 * changing it.
 *
 * libetpan speaks IMAP (EXAMINE, UID SEARCH, UID FETCH BODY.PEEK[], LIST)
 * over a transport of our own built on GIO: GSocketClient for the
 * connection and its timeouts, GTlsClientConnection for TLS, which checks
 * the certificate against the system's authorities and the host name,
 * and GCancellable to stop a blocked read. libetpan's own TLS does not
 * verify certificates.
 *
 * No command that changes a mailbox is ever sent: the folder is opened
 * with EXAMINE, which makes it read-only for the session (RFC 3501
 * 6.3.2), and bodies are fetched with BODY.PEEK[], which does not set
 * \Seen (RFC 3501 6.4.5).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-imap-source"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libetpan/libetpan.h>

#include "bounce-error.h"
#include "bounce-history-private.h"
#include "bounce-imap-source-private.h"
#include "bounce-message-source-private.h"

/* A fetch requests at most this many messages or, by their RFC822.SIZE,
 * this many bytes. libetpan keeps a whole response in memory until it is
 * parsed, so these bound the memory a fetch uses. */
#define FETCH_MAX_MESSAGES 50
#define FETCH_MAX_BYTES    (8 * 1024 * 1024)

/* Reconnections a scan tries after the connection dropped during the
 * fetch, before it stops with an error that gives how far it got. */
#define MAX_RECONNECTS 3

/* Bytes of libetpan's read buffer. */
#define STREAM_BUFFER_SIZE 8192

/* Bytes a server may send in reply to one command. libetpan keeps a
 * reply in memory until its tagged line, so a server that streams
 * untagged lines or an endless literal would otherwise take all memory,
 * and the read timeout never fires while bytes arrive. The largest reply
 * read is one fetch: a message of up to BOUNCE_MESSAGE_MAX_FILE_SIZE, or
 * messages of up to FETCH_MAX_BYTES together, so twice the message
 * limit leaves room for the protocol around them. */
static guint64 max_reply_bytes = 2 * BOUNCE_MESSAGE_MAX_FILE_SIZE;

struct _BounceImapSource
{
  GObject             parent_instance;

  char               *host;
  guint16             port;
  BounceImapSecurity  security;
  char               *user;
  char               *password;
  char               *folder;
  GDate              *since;
  GDate              *before;
  char               *trusted_fingerprint;
  guint               timeout;
  gboolean            incremental;
  gboolean            include_earlier;

  char               *rejected_fingerprint;

  /* Progress of the walk under way, read from other threads. */
  guint               n_messages;
  guint               n_read;

  /* Results of the last walk, for _bounce_imap_source_save_state(). */
  gboolean            was_incremental;
  gboolean            uidvalidity_changed;
  gboolean            save_state;
  guint32             uidvalidity;
  guint32             done_uid;
};

G_DEFINE_FINAL_TYPE (BounceImapSource, bounce_imap_source, G_TYPE_OBJECT)

/* The transport under libetpan's mailstream: reads and writes go to
 * @stream, which is the connection or, once TLS is on, the
 * GTlsConnection over it. */
typedef struct
{
  GIOStream    *stream;
  GCancellable *cancellable;
  /* The first I/O failure, the cause of a stream error libetpan
   * reports: a timeout, a reset, a cancellation. */
  GError       *error;
  /* Bytes read since the last write, which sent a command. */
  guint64       n_reply_bytes;
} Transport;

/* One logged-in connection. */
typedef struct
{
  BounceImapSource  *source;
  GCancellable      *cancellable;
  GSocketConnection *connection;
  GTlsConnection    *tls;
  Transport          transport;
  mailimap          *imap;
} Session;

/* Helpers */

static gboolean
is_default_port (BounceImapSecurity security,
                 guint16            port)
{
  if (security == BOUNCE_IMAP_SECURITY_TLS)
    return port == BOUNCE_IMAP_PORT_TLS;

  return port == BOUNCE_IMAP_PORT_STARTTLS;
}

static guint16
default_port (BounceImapSecurity security)
{
  return security == BOUNCE_IMAP_SECURITY_TLS ? BOUNCE_IMAP_PORT_TLS : BOUNCE_IMAP_PORT_STARTTLS;
}

static char *
dup_host_port (BounceImapSource *self)
{
  if (strchr (self->host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", self->host, self->port);

  return g_strdup_printf ("%s:%u", self->host, self->port);
}

gboolean
bounce_imap_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *name = NULL;
  gsize length;

  if (host == NULL || *host == '\0')
    return FALSE;

  name = g_ascii_strdown (host, -1);
  length = strlen (name);
  if (length > 2 && name[0] == '[' && name[length - 1] == ']')
    {
      memmove (name, name + 1, length - 2);
      name[length - 2] = '\0';
      length -= 2;
    }
  if (length > 1 && name[length - 1] == '.')
    name[--length] = '\0';

  /* RFC 6761 6.3: localhost and the names under it are this computer. */
  if (g_str_equal (name, "localhost") || g_str_has_suffix (name, ".localhost"))
    return TRUE;

  address = g_inet_address_new_from_string (name);
  if (address == NULL)
    return FALSE;
  if (g_inet_address_get_is_loopback (address))
    return TRUE;

  /* ::ffff:127.0.0.1, an IPv4 loopback address mapped into IPv6. */
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    {
      const guint8 *bytes = g_inet_address_to_bytes (address);
      static const guint8 mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

      return memcmp (bytes, mapped_prefix, sizeof mapped_prefix) == 0 && bytes[12] == 127;
    }

  return FALSE;
}

gboolean
bounce_imap_login_is_allowed (BounceImapSecurity  security,
                              const char         *host)
{
  if (security == BOUNCE_IMAP_SECURITY_TLS || security == BOUNCE_IMAP_SECURITY_STARTTLS)
    return TRUE;

  return bounce_imap_host_is_loopback (host);
}

char *
bounce_imap_normalize_fingerprint (const char *text)
{
  g_autoptr(GString) hex = g_string_new (NULL);
  GString *out;
  const char *p;

  if (text == NULL)
    return NULL;

  p = text;
  while (g_ascii_isspace (*p))
    p++;
  if (g_ascii_strncasecmp (p, "SHA256:", 7) == 0)
    p += 7;
  else if (g_ascii_strncasecmp (p, "SHA-256:", 8) == 0)
    p += 8;

  for (; *p != '\0'; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (hex, g_ascii_toupper (*p));
      else if (*p != ':' && !g_ascii_isspace (*p))
        return NULL;
    }

  if (hex->len != 64)
    return NULL;

  out = g_string_sized_new (96);
  for (gsize i = 0; i < hex->len; i += 2)
    {
      if (i > 0)
        g_string_append_c (out, ':');
      g_string_append_len (out, hex->str + i, 2);
    }

  return g_string_free (out, FALSE);
}

static char *
dup_certificate_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;

  g_checksum_update (checksum, der->data, der->len);

  return bounce_imap_normalize_fingerprint (g_checksum_get_string (checksum));
}

/* Modified UTF-7 (RFC 3501 5.1.3) */

/* Modified base64 uses "," where base64 uses "/", and no padding. */
static void
append_utf7_run (GString         *out,
                 const gunichar2 *units,
                 gsize            n_units)
{
  g_autofree guint8 *bytes = g_new (guint8, n_units * 2);
  g_autofree char *encoded = NULL;

  for (gsize i = 0; i < n_units; i++)
    {
      bytes[2 * i] = (guint8) (units[i] >> 8);
      bytes[2 * i + 1] = (guint8) (units[i] & 0xff);
    }

  encoded = g_base64_encode (bytes, n_units * 2);
  g_strdelimit (encoded, "/", ',');
  g_strdelimit (encoded, "=", '\0');

  g_string_append_c (out, '&');
  g_string_append (out, encoded);
  g_string_append_c (out, '-');
}

char *
bounce_imap_utf7_encode (const char *utf8)
{
  g_autofree gunichar2 *units = NULL;
  GString *out;
  glong n_units = 0;
  glong run_start = -1;

  g_return_val_if_fail (utf8 != NULL, NULL);

  units = g_utf8_to_utf16 (utf8, -1, NULL, &n_units, NULL);
  if (units == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (glong i = 0; i <= n_units; i++)
    {
      gboolean printable = i < n_units && units[i] >= 0x20 && units[i] <= 0x7e;

      if (i < n_units && !printable)
        {
          if (run_start < 0)
            run_start = i;
          continue;
        }

      if (run_start >= 0)
        {
          append_utf7_run (out, units + run_start, (gsize) (i - run_start));
          run_start = -1;
        }

      if (i == n_units)
        break;

      if (units[i] == '&')
        g_string_append (out, "&-");
      else
        g_string_append_c (out, (char) units[i]);
    }

  return g_string_free (out, FALSE);
}

char *
bounce_imap_utf7_decode (const char *utf7)
{
  g_autoptr(GString) out = NULL;
  const char *p;

  g_return_val_if_fail (utf7 != NULL, NULL);

  /* A server that allows UTF-8 names (RFC 6855) may send them as they
   * are; modified UTF-7 itself is ASCII. */
  for (p = utf7; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return g_utf8_validate (utf7, -1, NULL) ? g_strdup (utf7) : NULL;

  out = g_string_new (NULL);
  for (p = utf7; *p != '\0'; p++)
    {
      const char *end;
      g_autofree char *encoded = NULL;
      g_autofree guchar *bytes = NULL;
      g_autofree gunichar2 *units = NULL;
      g_autofree char *text = NULL;
      gsize n_bytes = 0;
      gsize length;

      if (*p != '&')
        {
          g_string_append_c (out, *p);
          continue;
        }

      end = strchr (p + 1, '-');
      if (end == NULL)
        return NULL;
      if (end == p + 1)
        {
          g_string_append_c (out, '&');
          p = end;
          continue;
        }

      length = (gsize) (end - (p + 1));
      encoded = g_malloc (length + 4);
      memcpy (encoded, p + 1, length);
      for (gsize i = 0; i < length; i++)
        {
          if (encoded[i] == ',')
            encoded[i] = '/';
          else if (!g_ascii_isalnum (encoded[i]) && encoded[i] != '+')
            return NULL;
        }
      while (length % 4 != 0)
        encoded[length++] = '=';
      encoded[length] = '\0';

      bytes = g_base64_decode (encoded, &n_bytes);
      if (n_bytes == 0 || n_bytes % 2 != 0)
        return NULL;

      units = g_new (gunichar2, n_bytes / 2);
      for (gsize i = 0; i < n_bytes / 2; i++)
        units[i] = (gunichar2) ((bytes[2 * i] << 8) | bytes[2 * i + 1]);
      text = g_utf16_to_utf8 (units, (glong) (n_bytes / 2), NULL, NULL, NULL);
      if (text == NULL)
        return NULL;

      g_string_append (out, text);
      p = end;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
bounce_imap_parse_message_uri (const char  *file,
                               char       **account_uri,
                               char       **folder,
                               guint32     *uidvalidity,
                               guint32     *uid)
{
  g_autofree char *escaped_folder = NULL;
  g_autofree char *unescaped = NULL;
  const char *path;
  const char *uid_part;
  const char *end;
  guint64 uid_value = 0;
  guint64 uidvalidity_value = 0;

  if (!bounce_imap_source_is_uri (file))
    return FALSE;

  path = strchr (strstr (file, "://") + 3, '/');
  uid_part = g_strrstr (file, "/;UID=");
  if (path == NULL || uid_part == NULL || uid_part < path ||
      !g_ascii_string_to_unsigned (uid_part + 6, 10, 1, G_MAXUINT32, &uid_value, NULL))
    return FALSE;

  end = strstr (path, ";UIDVALIDITY=");
  if (end != NULL && end < uid_part)
    {
      g_autofree char *number = g_strndup (end + 13, (gsize) (uid_part - end - 13));

      if (!g_ascii_string_to_unsigned (number, 10, 1, G_MAXUINT32, &uidvalidity_value, NULL))
        return FALSE;
    }
  else
    end = uid_part;

  escaped_folder = g_strndup (path + 1, (gsize) (end - path - 1));
  unescaped = g_uri_unescape_string (escaped_folder, NULL);
  if (unescaped == NULL || *unescaped == '\0')
    return FALSE;

  if (account_uri != NULL)
    *account_uri = g_strndup (file, (gsize) (path - file));
  if (folder != NULL)
    *folder = g_steal_pointer (&unescaped);
  if (uidvalidity != NULL)
    *uidvalidity = (guint32) uidvalidity_value;
  if (uid != NULL)
    *uid = (guint32) uid_value;

  return TRUE;
}

char *
bounce_imap_dup_message_label (const char *file)
{
  g_autofree char *folder = NULL;
  guint32 uid = 0;

  if (!bounce_imap_parse_message_uri (file, NULL, &folder, NULL, &uid))
    return NULL;

  /* TRANSLATORS: a message in a mailbox folder: "INBOX, UID 42" */
  return g_strdup_printf (_("%s, UID %u"), folder, uid);
}

char *
bounce_imap_dup_folder_label (const char *folder)
{
  GString *label = g_string_sized_new (strlen (folder));

  for (const char *p = folder; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '\r')
        g_string_append (label, "\\r");
      else if (c == '\n')
        g_string_append (label, "\\n");
      else if (c == '\t')
        g_string_append (label, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (label, "\\x%02X", c);
      else
        g_string_append_c (label, *p);
    }

  return g_string_free (label, FALSE);
}

/* The transport: a mailstream_low driver over GIO */

static ssize_t
transport_read (mailstream_low *low,
                void           *buffer,
                size_t          count)
{
  Transport *transport = low->data;
  g_autoptr(GError) error = NULL;
  gssize n;

  /* libetpan reads again after a failed read (the greeting is read
   * twice), and each read would wait the whole timeout once more. */
  if (transport->error != NULL)
    return -1;

  n = g_input_stream_read (g_io_stream_get_input_stream (transport->stream),
                           buffer, count, transport->cancellable, &error);
  if (n < 0)
    {
      g_debug ("read failed: %s", error->message);
      if (transport->error == NULL)
        transport->error = g_steal_pointer (&error);
      return -1;
    }

  /* libetpan reads again after an end of file in the middle of a
   * literal, forever, so the end is an error here: a server closes the
   * connection only after the reply to LOGOUT, which is not read on. */
  if (n == 0)
    {
      if (transport->error == NULL)
        transport->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                                _("the server closed the connection"));
      return -1;
    }

  transport->n_reply_bytes += (guint64) n;
  if (transport->n_reply_bytes > max_reply_bytes)
    {
      g_debug ("reply longer than %" G_GUINT64_FORMAT " bytes", max_reply_bytes);
      transport->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                                              "reply too long");
      return -1;
    }

  return n;
}

void
_bounce_imap_source_set_max_reply_bytes (guint64 bytes)
{
  max_reply_bytes = bytes > 0 ? bytes : 2 * BOUNCE_MESSAGE_MAX_FILE_SIZE;
}

static ssize_t
transport_write (mailstream_low *low,
                 const void     *buffer,
                 size_t          count)
{
  Transport *transport = low->data;
  g_autoptr(GError) error = NULL;
  gsize written = 0;

  if (transport->error != NULL)
    return -1;

  transport->n_reply_bytes = 0;
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (transport->stream),
                                  buffer, count, &written, transport->cancellable, &error))
    {
      g_debug ("write failed: %s", error->message);
      if (transport->error == NULL)
        transport->error = g_steal_pointer (&error);
      return -1;
    }

  return (ssize_t) written;
}

/* The session closes the GIO streams itself. */
static int
transport_close (mailstream_low *low)
{
  return 0;
}

static int
transport_get_fd (mailstream_low *low)
{
  return -1;
}

static void
transport_free (mailstream_low *low)
{
  free (low);
}

/* Cancellation goes through the GCancellable the reads and writes use. */
static void
transport_cancel (mailstream_low *low)
{
}

static struct mailstream_cancel *
transport_get_cancel (mailstream_low *low)
{
  return NULL;
}

static carray *
transport_get_certificate_chain (mailstream_low *low)
{
  return NULL;
}

static mailstream_low_driver transport_driver = {
  .mailstream_read = transport_read,
  .mailstream_write = transport_write,
  .mailstream_close = transport_close,
  .mailstream_get_fd = transport_get_fd,
  .mailstream_free = transport_free,
  .mailstream_cancel = transport_cancel,
  .mailstream_get_cancel = transport_get_cancel,
  .mailstream_get_certificate_chain = transport_get_certificate_chain,
};

/* Errors */

static gboolean
transport_failed_with (Session *session,
                       GQuark   domain,
                       int      code)
{
  return session->transport.error != NULL &&
         g_error_matches (session->transport.error, domain, code);
}

/* Sets @error for a failed libetpan call @r during @what ("logging in"),
 * from the transport's error when there is one. */
static void
set_protocol_error (Session     *session,
                    int          r,
                    const char  *what,
                    GError     **error)
{
  BounceImapSource *self = session->source;
  g_autofree char *host_port = dup_host_port (self);
  const char *reply = session->imap != NULL && session->imap->imap_response != NULL
                      ? session->imap->imap_response : "";

  if (g_cancellable_is_cancelled (session->cancellable))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Reading the mailbox was cancelled."));
      return;
    }

  if (transport_failed_with (session, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_TIMED_OUT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The server %s did not answer within %u second while %s. Check your network "
                                "connection, or try again later.",
                                "The server %s did not answer within %u seconds while %s. Check your network "
                                "connection, or try again later.",
                                self->timeout),
                   host_port, self->timeout, what);
      return;
    }

  if (transport_failed_with (session, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    {
      g_autofree char *limit = g_format_size (max_reply_bytes);

      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_TOO_LARGE,
                   _("The server %s sent more than %s in reply to one request while %s, so Bounce closed "
                     "the connection. The server may be broken or not an IMAP server: check the server "
                     "name and port, or try again later."),
                   host_port, limit, what);
      return;
    }

  if (r == MAILIMAP_ERROR_STREAM || session->transport.error != NULL)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_CONNECTION,
                   _("The connection to %s was closed while %s (%s)."),
                   host_port, what,
                   session->transport.error != NULL ? session->transport.error->message
                                                    : _("the server ended it"));
      return;
    }

  if (r == MAILIMAP_ERROR_PARSE)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_FAILED,
                   _("The reply of %s could not be understood while %s. It may not be an IMAP "
                     "server: check the server name and port."),
                   host_port, what);
      return;
    }

  g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_FAILED,
               _("The server %s refused the request while %s: “%s”."), host_port, what, reply);
}

/* Sets @error for a failure to connect, resolve or complete TLS. */
static void
set_connect_error (Session      *session,
                   const GError *cause,
                   GError      **error)
{
  BounceImapSource *self = session->source;
  g_autofree char *host_port = dup_host_port (self);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Reading the mailbox was cancelled."));
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_TIMED_OUT,
                 g_dngettext (GETTEXT_PACKAGE,
                              "The server %s did not answer within %u second. Check the server name, the "
                              "port and your network connection.",
                              "The server %s did not answer within %u seconds. Check the server name, the "
                              "port and your network connection.",
                              self->timeout),
                 host_port, self->timeout);
  else if (cause->domain == G_RESOLVER_ERROR)
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_CONNECTION,
                 _("The server name “%s” could not be found (%s). Check its spelling and your "
                   "network connection."),
                 self->host, cause->message);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_CONNECTION,
                 _("The connection to %s was refused: no mail server answers on that port. Check "
                   "the port (993 for TLS, 143 for STARTTLS)."),
                 host_port);
  else if (cause->domain == G_TLS_ERROR)
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_TLS,
                 _("The secure connection (TLS) to %s failed: %s. Check the port and the security "
                   "setting: port 993 uses TLS from the start, port 143 uses STARTTLS."),
                 host_port, cause->message);
  else
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_CONNECTION,
                 _("Could not connect to %s: %s."), host_port, cause->message);
}

static const char *
describe_certificate_errors (GTlsCertificateFlags errors)
{
  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return _("it is self-signed or signed by an unknown authority");
  if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return _("it was issued for another server name");
  if (errors & G_TLS_CERTIFICATE_EXPIRED)
    return _("it has expired");
  if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return _("it is not valid yet");
  if (errors & G_TLS_CERTIFICATE_REVOKED)
    return _("it was revoked");
  if (errors & G_TLS_CERTIFICATE_INSECURE)
    return _("it uses an insecure algorithm");

  return _("it failed verification");
}

/* Connecting */

typedef struct
{
  Session              *session;
  GTlsCertificateFlags  errors;
} TrustCheck;

/* Runs when the certificate failed verification: accepts it only when
 * its fingerprint is the trusted one. */
static gboolean
accept_certificate_cb (GTlsConnection       *connection,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  TrustCheck *check = user_data;
  BounceImapSource *self = check->session->source;
  g_autofree char *fingerprint = dup_certificate_fingerprint (certificate);

  check->errors = errors;
  if (fingerprint != NULL && self->trusted_fingerprint != NULL &&
      g_str_equal (fingerprint, self->trusted_fingerprint))
    {
      g_debug ("accepting the trusted certificate %s", fingerprint);
      return TRUE;
    }

  g_free (self->rejected_fingerprint);
  self->rejected_fingerprint = g_steal_pointer (&fingerprint);

  return FALSE;
}

/* Starts TLS over the connection, for imaps and after STARTTLS. */
static gboolean
session_start_tls (Session  *session,
                   GError  **error)
{
  BounceImapSource *self = session->source;
  g_autoptr(GSocketConnectable) identity = g_network_address_new (self->host, self->port);
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) local_error = NULL;
  TrustCheck check = { session, 0 };
  gulong handler;

  tls = g_tls_client_connection_new (G_IO_STREAM (session->connection), identity, &local_error);
  if (tls == NULL)
    {
      set_connect_error (session, local_error, error);
      return FALSE;
    }

  handler = g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), &check);
  g_clear_pointer (&self->rejected_fingerprint, g_free);

  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), session->cancellable, &local_error))
    {
      g_signal_handler_disconnect (tls, handler);

      if (self->rejected_fingerprint != NULL)
        {
          g_autofree char *host_port = dup_host_port (self);

          g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_CERTIFICATE,
                       _("The certificate of %s is not trusted: %s. Its SHA-256 fingerprint is %s. "
                         "Trust it only if this is the fingerprint your mail provider or administrator "
                         "gives for the server."),
                       host_port, describe_certificate_errors (check.errors), self->rejected_fingerprint);
          return FALSE;
        }

      set_connect_error (session, local_error, error);
      return FALSE;
    }

  g_signal_handler_disconnect (tls, handler);
  session->tls = G_TLS_CONNECTION (g_steal_pointer (&tls));
  session->transport.stream = G_IO_STREAM (session->tls);

  return TRUE;
}

static gboolean
capability_has (struct mailimap_capability_data *capabilities,
                const char                      *name)
{
  if (capabilities == NULL)
    return FALSE;

  for (clistiter *iter = clist_begin (capabilities->cap_list); iter != NULL; iter = clist_next (iter))
    {
      struct mailimap_capability *capability = clist_content (iter);

      if (capability->cap_type == MAILIMAP_CAPABILITY_NAME &&
          capability->cap_data.cap_name != NULL &&
          g_ascii_strcasecmp (capability->cap_data.cap_name, name) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
session_query_capability (Session   *session,
                          const char *name,
                          gboolean  *has,
                          GError   **error)
{
  struct mailimap_capability_data *capabilities = NULL;
  int r;

  r = mailimap_capability (session->imap, &capabilities);
  if (r != MAILIMAP_NO_ERROR)
    {
      set_protocol_error (session, r, _("asking for its capabilities"), error);
      return FALSE;
    }

  *has = capability_has (capabilities, name);
  mailimap_capability_data_free (capabilities);

  return TRUE;
}

/* STARTTLS (RFC 3501 6.2.1), then TLS over the same connection. */
static gboolean
session_starttls (Session  *session,
                  GError  **error)
{
  g_autofree char *host_port = dup_host_port (session->source);
  gboolean has_starttls = FALSE;
  int r;

  if (!session_query_capability (session, "STARTTLS", &has_starttls, error))
    return FALSE;

  if (!has_starttls)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_TLS,
                   _("The server %s does not offer STARTTLS, so the password would travel "
                     "unencrypted. Use TLS (imaps, port 993) if the server offers it."),
                   host_port);
      return FALSE;
    }

  r = mailimap_starttls (session->imap);
  if (r != MAILIMAP_NO_ERROR)
    {
      set_protocol_error (session, r, _("starting TLS"), error);
      return FALSE;
    }

  /* Bytes read after the STARTTLS reply but before TLS would be
   * injected by someone on the path (CVE-2020-15953 was this in
   * libetpan's own STARTTLS). */
  if (session->imap->imap_stream->read_buffer_len > 0)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_TLS,
                   _("The server %s sent data before the STARTTLS handshake, which someone on the "
                     "network may have inserted. The connection was closed."),
                   host_port);
      return FALSE;
    }

  return session_start_tls (session, error);
}

static void
session_free (Session *session)
{
  if (session == NULL)
    return;

  if (session->imap != NULL)
    {
      /* LOGOUT is polite, not needed: nothing was changed. A dead
       * connection fails it at once. */
      if (session->transport.error == NULL && !g_cancellable_is_cancelled (session->cancellable))
        mailimap_logout (session->imap);
      mailimap_free (session->imap);
    }

  if (session->tls != NULL)
    g_io_stream_close (G_IO_STREAM (session->tls), NULL, NULL);
  if (session->connection != NULL)
    g_io_stream_close (G_IO_STREAM (session->connection), NULL, NULL);

  g_clear_object (&session->tls);
  g_clear_object (&session->connection);
  g_clear_error (&session->transport.error);
  g_clear_object (&session->cancellable);
  g_clear_object (&session->transport.cancellable);
  g_free (session);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Session, session_free)

static gboolean
check_security (BounceImapSource  *self,
                GSocketConnection *connection,
                GError           **error)
{
  g_autoptr(GSocketAddress) remote = NULL;

  if (self->security != BOUNCE_IMAP_SECURITY_NONE)
    return TRUE;

  /* The host name is a loopback name; the address reached must be a
   * loopback address too. */
  remote = g_socket_connection_get_remote_address (connection, NULL);
  if (remote != NULL && G_IS_INET_SOCKET_ADDRESS (remote) &&
      g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote))))
    return TRUE;

  g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INSECURE,
               _("“%s” did not lead to this computer, so the password would travel unencrypted. "
                 "Use TLS or STARTTLS."),
               self->host);

  return FALSE;
}

/* Checks that @text fits in an IMAP quoted string: 7-bit characters
 * other than NUL, CR and LF (QUOTED-CHAR in RFC 3501 section 9).
 * libetpan's LOGIN sends the user name and the password as quoted
 * strings, never as the literals that 8-bit text needs. */
static gboolean
fits_quoted_string (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (*p >= 0x80 || *p == '\r' || *p == '\n')
        return FALSE;
    }

  return TRUE;
}

/* Connects, starts TLS as the source's security setting requires, and
 * logs in. */
static Session *
session_open (BounceImapSource  *self,
              GCancellable      *cancellable,
              GError           **error)
{
  g_autoptr(Session) session = g_new0 (Session, 1);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address = NULL;
  g_autoptr(GError) local_error = NULL;
  mailstream_low *low;
  mailstream *stream;
  gboolean preauthenticated;
  int r;

  session->source = self;
  session->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  session->transport.cancellable = g_object_ref (session->cancellable);

  if (!bounce_imap_login_is_allowed (self->security, self->host))
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INSECURE,
                   _("Logging in to %s without TLS would send the password unencrypted over the "
                     "network. Use TLS or STARTTLS; a connection without TLS is allowed only to this "
                     "computer."),
                   self->host);
      return NULL;
    }

  if (self->password == NULL)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                   _("No password was given for %s."), self->user);
      return NULL;
    }

  if (!fits_quoted_string (self->user))
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                   _("The user name “%s” contains characters outside ASCII or a line break, which "
                     "Bounce cannot send with the IMAP LOGIN command. Use the ASCII form of the "
                     "user name."),
                   self->user);
      return NULL;
    }

  if (!fits_quoted_string (self->password))
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                   _("The password for %s contains characters outside ASCII or a line break, which "
                     "Bounce cannot send with the IMAP LOGIN command, so it was not sent. Use a "
                     "password of ASCII characters or an app password."),
                   self->user);
      return NULL;
    }

  g_debug ("connecting to %s port %u", self->host, self->port);
  g_socket_client_set_timeout (client, self->timeout);
  address = g_network_address_new (self->host, self->port);
  session->connection = g_socket_client_connect (client, address, session->cancellable, &local_error);
  if (session->connection == NULL)
    {
      set_connect_error (session, local_error, error);
      return NULL;
    }

  if (!check_security (self, session->connection, error))
    return NULL;

  session->transport.stream = G_IO_STREAM (session->connection);
  if (self->security == BOUNCE_IMAP_SECURITY_TLS && !session_start_tls (session, error))
    return NULL;

  low = mailstream_low_new (&session->transport, &transport_driver);
  stream = mailstream_new (low, STREAM_BUFFER_SIZE);
  session->imap = mailimap_new (0, NULL);
  r = mailimap_connect (session->imap, stream);
  if (r != MAILIMAP_NO_ERROR_AUTHENTICATED && r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED)
    {
      set_protocol_error (session, r, _("reading its greeting"), error);
      return NULL;
    }
  preauthenticated = r == MAILIMAP_NO_ERROR_AUTHENTICATED;

  if (self->security == BOUNCE_IMAP_SECURITY_STARTTLS && !preauthenticated &&
      !session_starttls (session, error))
    return NULL;

  if (!preauthenticated)
    {
      gboolean login_disabled = FALSE;

      if (!session_query_capability (session, "LOGINDISABLED", &login_disabled, error))
        return NULL;
      if (login_disabled)
        {
          g_autofree char *host_port = dup_host_port (self);

          g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_AUTHENTICATION,
                       _("The server %s does not accept a password login on this connection "
                         "(LOGINDISABLED). Use TLS or STARTTLS."),
                       host_port);
          return NULL;
        }

      g_debug ("logging in as %s", self->user);
      r = mailimap_login (session->imap, self->user, self->password);
      if (r == MAILIMAP_ERROR_LOGIN)
        {
          g_autofree char *host_port = dup_host_port (self);
          const char *code = session->imap->imap_response_info != NULL
                             ? session->imap->imap_response_info->rsp_atom : NULL;

          if (code != NULL && g_ascii_strcasecmp (code, "UNAVAILABLE") == 0)
            g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_FAILED,
                         _("The server %s cannot log you in right now: “%s”. Try again later."),
                         host_port, session->imap->imap_response ? session->imap->imap_response : "");
          else
            g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_AUTHENTICATION,
                         _("The server %s rejected the user name “%s” or its password. Check both; an "
                           "account with two-step verification needs an app password."),
                         host_port, self->user);
          return NULL;
        }
      if (r != MAILIMAP_NO_ERROR)
        {
          set_protocol_error (session, r, _("logging in"), error);
          return NULL;
        }
    }

  return g_steal_pointer (&session);
}

/* Folders */

static gboolean
mailbox_is_selectable (struct mailimap_mailbox_list *mailbox)
{
  struct mailimap_mbx_list_flags *flags = mailbox->mb_flag;

  if (flags == NULL)
    return TRUE;

  if (flags->mbf_type == MAILIMAP_MBX_LIST_FLAGS_SFLAG &&
      flags->mbf_sflag == MAILIMAP_MBX_LIST_SFLAG_NOSELECT)
    return FALSE;

  for (clistiter *iter = clist_begin (flags->mbf_oflags); iter != NULL; iter = clist_next (iter))
    {
      struct mailimap_mbx_list_oflag *oflag = clist_content (iter);

      /* \NonExistent is RFC 5258's; it implies \Noselect. */
      if (oflag->of_type == MAILIMAP_MBX_LIST_OFLAG_FLAG_EXT && oflag->of_flag_ext != NULL &&
          (g_ascii_strcasecmp (oflag->of_flag_ext, "Noselect") == 0 ||
           g_ascii_strcasecmp (oflag->of_flag_ext, "NonExistent") == 0))
        return FALSE;
    }

  return TRUE;
}

static int
compare_folders (gconstpointer a,
                 gconstpointer b)
{
  const char *name_a = *(const char * const *) a;
  const char *name_b = *(const char * const *) b;
  gboolean inbox_a = g_ascii_strcasecmp (name_a, "INBOX") == 0;
  gboolean inbox_b = g_ascii_strcasecmp (name_b, "INBOX") == 0;

  if (inbox_a != inbox_b)
    return inbox_a ? -1 : 1;

  return g_utf8_collate (name_a, name_b);
}

/* LIST @pattern: the selectable folders' names in UTF-8. */
static GPtrArray *
session_list (Session     *session,
              const char  *pattern,
              GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  clist *list = NULL;
  int r;

  r = mailimap_list (session->imap, "", pattern, &list);
  if (r != MAILIMAP_NO_ERROR)
    {
      set_protocol_error (session, r, _("listing the folders"), error);
      return NULL;
    }

  for (clistiter *iter = clist_begin (list); iter != NULL; iter = clist_next (iter))
    {
      struct mailimap_mailbox_list *mailbox = clist_content (iter);
      char *name;

      if (!mailbox_is_selectable (mailbox))
        continue;

      name = bounce_imap_utf7_decode (mailbox->mb_name);
      if (name == NULL)
        {
          g_debug ("skipping the folder with an invalid name “%s”", mailbox->mb_name);
          continue;
        }
      g_ptr_array_add (names, name);
    }
  mailimap_list_result_free (list);

  return g_steal_pointer (&names);
}

GStrv
bounce_imap_source_list_folders (BounceImapSource  *self,
                                 GCancellable      *cancellable,
                                 GError           **error)
{
  g_autoptr(Session) session = NULL;
  g_autoptr(GPtrArray) names = NULL;

  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  session = session_open (self, cancellable, error);
  if (session == NULL)
    return NULL;

  names = session_list (session, "*", error);
  if (names == NULL)
    return NULL;

  g_ptr_array_sort (names, compare_folders);
  g_ptr_array_add (names, NULL);

  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static void
list_folders_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;
  GStrv names = bounce_imap_source_list_folders (source_object, cancellable, &error);

  if (names == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, names, (GDestroyNotify) g_strfreev);
}

/* Source tag: the address of data, since -Wpedantic rejects casting a
 * function pointer to gpointer. */
static char list_folders_tag[] = "bounce_imap_source_list_folders_async";

void
bounce_imap_source_list_folders_async (BounceImapSource    *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BOUNCE_IS_IMAP_SOURCE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, list_folders_tag);
  g_task_run_in_thread (task, list_folders_thread);
}

GStrv
bounce_imap_source_list_folders_finish (BounceImapSource  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Reading a folder */

/* Opens @folder with EXAMINE. Servers word a refusal in their own way,
 * so a refused folder is listed to tell a missing one from the rest. */
static gboolean
session_examine (Session     *session,
                 const char  *folder,
                 GError     **error)
{
  BounceImapSource *self = session->source;
  g_autofree char *encoded = bounce_imap_utf7_encode (folder);
  g_autoptr(GPtrArray) matches = NULL;
  int r;

  g_debug ("examining %s", folder);
  r = mailimap_examine (session->imap, encoded);
  if (r == MAILIMAP_NO_ERROR)
    return TRUE;
  g_debug ("EXAMINE failed with %d: %s", r, session->imap->imap_response ? session->imap->imap_response : "");

  if (r != MAILIMAP_ERROR_EXAMINE)
    {
      set_protocol_error (session, r, _("opening the folder"), error);
      return FALSE;
    }

  matches = session_list (session, encoded, NULL);
  if (matches != NULL && matches->len == 0)
    {
      g_autofree char *host_port = dup_host_port (self);

      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND,
                   _("The folder “%s” does not exist on %s. Folder names are case-sensitive except "
                     "INBOX; list the folders to pick one."),
                   folder, host_port);
      return FALSE;
    }

  set_protocol_error (session, r, _("opening the folder"), error);
  return FALSE;
}

static struct mailimap_date *
new_imap_date (const GDate *date)
{
  return mailimap_date_new (g_date_get_day (date), g_date_get_month (date), g_date_get_year (date));
}

static struct mailimap_set *
new_uid_set (const guint32 *uids,
             guint          n_uids)
{
  struct mailimap_set *set = mailimap_set_new_empty ();

  for (guint i = 0; i < n_uids;)
    {
      guint j = i;

      while (j + 1 < n_uids && uids[j + 1] == uids[j] + 1)
        j++;
      mailimap_set_add_interval (set, uids[i], uids[j]);
      i = j + 1;
    }

  return set;
}

static int
compare_uids (gconstpointer a,
              gconstpointer b)
{
  guint32 uid_a = *(const guint32 *) a;
  guint32 uid_b = *(const guint32 *) b;

  return uid_a < uid_b ? -1 : uid_a > uid_b;
}

/* UID SEARCH for the messages to read: above @after, in the date range.
 * Returns the UIDs in ascending order. */
static GArray *
session_search (Session  *session,
                guint32   after,
                GError  **error)
{
  BounceImapSource *self = session->source;
  g_autoptr(GArray) uids = g_array_new (FALSE, FALSE, sizeof (guint32));
  struct mailimap_search_key *key = mailimap_search_key_new_multiple_empty ();
  clist *result = NULL;
  int r;

  if (after > 0)
    mailimap_search_key_multiple_add (key, mailimap_search_key_new_uid (mailimap_set_new_interval (after + 1, 0)));
  if (self->since != NULL)
    mailimap_search_key_multiple_add (key, mailimap_search_key_new_since (new_imap_date (self->since)));
  if (self->before != NULL)
    mailimap_search_key_multiple_add (key, mailimap_search_key_new_before (new_imap_date (self->before)));
  if (clist_count (key->sk_data.sk_multiple) == 0)
    mailimap_search_key_multiple_add (key, mailimap_search_key_new_all ());

  r = mailimap_uid_search (session->imap, NULL, key, &result);
  mailimap_search_key_free (key);
  if (r != MAILIMAP_NO_ERROR)
    {
      set_protocol_error (session, r, _("searching the folder"), error);
      return NULL;
    }

  for (clistiter *iter = clist_begin (result); iter != NULL; iter = clist_next (iter))
    {
      guint32 uid = *(guint32 *) clist_content (iter);

      /* "N:*" also matches the highest UID when it is below N (RFC 3501
       * 6.4.8), so a folder with nothing new still returns its last UID. */
      if (uid > after)
        g_array_append_val (uids, uid);
    }
  mailimap_search_result_free (result);

  g_array_sort (uids, compare_uids);

  return g_steal_pointer (&uids);
}

static guint32
get_msg_att_uid (struct mailimap_msg_att *msg_att)
{
  for (clistiter *iter = clist_begin (msg_att->att_list); iter != NULL; iter = clist_next (iter))
    {
      struct mailimap_msg_att_item *item = clist_content (iter);

      if (item->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC &&
          item->att_data.att_static->att_type == MAILIMAP_MSG_ATT_UID)
        return item->att_data.att_static->att_data.att_uid;
    }

  return 0;
}

static struct mailimap_msg_att_static *
find_msg_att_static (struct mailimap_msg_att *msg_att,
                     int                      type)
{
  for (clistiter *iter = clist_begin (msg_att->att_list); iter != NULL; iter = clist_next (iter))
    {
      struct mailimap_msg_att_item *item = clist_content (iter);

      if (item->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC &&
          item->att_data.att_static->att_type == type)
        return item->att_data.att_static;
    }

  return NULL;
}

/* UID FETCH RFC822.SIZE of @uids, in one command: sizes by UID. */
static GHashTable *
session_fetch_sizes (Session      *session,
                     const GArray *uids,
                     GError      **error)
{
  g_autoptr(GHashTable) sizes = g_hash_table_new (NULL, NULL);
  struct mailimap_fetch_type *fetch_type = mailimap_fetch_type_new_fetch_att_list_empty ();
  struct mailimap_set *set;
  clist *result = NULL;
  int r;

  if (uids->len == 0)
    {
      mailimap_fetch_type_free (fetch_type);
      return g_steal_pointer (&sizes);
    }

  mailimap_fetch_type_new_fetch_att_list_add (fetch_type, mailimap_fetch_att_new_uid ());
  mailimap_fetch_type_new_fetch_att_list_add (fetch_type, mailimap_fetch_att_new_rfc822_size ());
  set = new_uid_set ((const guint32 *) (gpointer) uids->data, uids->len);
  r = mailimap_uid_fetch (session->imap, set, fetch_type, &result);
  mailimap_set_free (set);
  mailimap_fetch_type_free (fetch_type);
  if (r != MAILIMAP_NO_ERROR)
    {
      set_protocol_error (session, r, _("reading the message sizes"), error);
      return NULL;
    }

  for (clistiter *iter = clist_begin (result); iter != NULL; iter = clist_next (iter))
    {
      struct mailimap_msg_att *msg_att = clist_content (iter);
      struct mailimap_msg_att_static *size = find_msg_att_static (msg_att, MAILIMAP_MSG_ATT_RFC822_SIZE);
      guint32 uid = get_msg_att_uid (msg_att);

      if (uid != 0 && size != NULL)
        g_hash_table_insert (sizes, GUINT_TO_POINTER (uid), GUINT_TO_POINTER (size->att_data.att_rfc822_size));
    }
  mailimap_fetch_list_free (result);

  return g_steal_pointer (&sizes);
}

/* IMAP sends messages with CRLF line ends; a Maildir or an exported .eml
 * has LF. Making them LF gives the bytes a file scan of the same message
 * hashes, so the history counts it once. */
static GBytes *
new_bytes_with_lf (const char *data,
                   gsize       length)
{
  char *copy = g_malloc (length + 1);
  gsize out = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (data[i] == '\r' && i + 1 < length && data[i + 1] == '\n')
        continue;
      copy[out++] = data[i];
    }

  return g_bytes_new_take (copy, out);
}

typedef struct
{
  BounceImapSource  *self;
  BounceMessageFunc  func;
  gpointer           user_data;
  GArray            *uids;
  GHashTable        *sizes;
  guint              next;       /* index in uids of the next message to hand out */
  gboolean           stopped;    /* func returned FALSE */
} Walk;

static char *
dup_message_uri (BounceImapSource *self,
                 guint32           uid)
{
  g_autofree char *folder_uri = bounce_imap_source_dup_folder_uri (self);

  /* RFC 5092 section 6: the UIDVALIDITY, then the UID after a "/". */
  return g_strdup_printf ("%s;UIDVALIDITY=%u/;UID=%u", folder_uri, self->uidvalidity, uid);
}

static void
walk_deliver (Walk         *walk,
              guint32       uid,
              GBytes       *bytes,
              const GError *error)
{
  BounceImapSource *self = walk->self;
  g_autofree char *uri = dup_message_uri (self, uid);

  if (!walk->stopped && !walk->func (uri, -1, 0, bytes, error, walk->user_data))
    walk->stopped = TRUE;

  /* A message below the stored state is fetched again when the history
   * lacks its records, and must not move the state back. */
  self->done_uid = MAX (self->done_uid, uid);
  g_atomic_int_inc (&self->n_read);
}

static void
walk_deliver_body (Walk       *walk,
                   guint32     uid,
                   const char *data,
                   gsize       length)
{
  g_autoptr(GBytes) raw = new_bytes_with_lf (data, length);
  g_autofree char *uri = dup_message_uri (walk->self, uid);
  g_autoptr(GBytes) message = NULL;
  g_autoptr(GError) error = NULL;

  message = _bounce_message_source_prepare (uri, raw, FALSE, &error);
  walk_deliver (walk, uid, message, error);
}

/* Fetches the next chunk of messages and hands them out in UID order.
 * A message too large to read is handed out as an error; one the server
 * no longer has (expunged by another program meanwhile) is skipped. */
static gboolean
walk_fetch_chunk (Walk     *walk,
                  Session  *session,
                  GError  **error)
{
  const guint32 *uids = (const guint32 *) (gpointer) walk->uids->data;
  g_autoptr(GHashTable) bodies = g_hash_table_new (NULL, NULL);
  struct mailimap_fetch_type *fetch_type = NULL;
  struct mailimap_set *set;
  clist *result = NULL;
  guint start = walk->next;
  guint end = start;
  guint64 bytes = 0;
  int r;

  /* Messages over the size limit are not fetched at all. */
  while (walk->next < walk->uids->len)
    {
      guint32 uid = uids[walk->next];
      guint64 size = GPOINTER_TO_UINT (g_hash_table_lookup (walk->sizes, GUINT_TO_POINTER (uid)));
      g_autoptr(GError) too_large = NULL;
      g_autofree char *size_text = NULL;

      if (size <= BOUNCE_MESSAGE_MAX_FILE_SIZE)
        break;

      size_text = g_format_size (size);
      too_large = g_error_new (BOUNCE_ERROR, BOUNCE_ERROR_TOO_LARGE,
                               _("The message is %s, larger than the 64 MB limit for one email message, so it was skipped."),
                               size_text);
      walk_deliver (walk, uid, NULL, too_large);
      walk->next++;
    }

  start = end = walk->next;
  while (end < walk->uids->len && end - start < FETCH_MAX_MESSAGES)
    {
      guint64 size = GPOINTER_TO_UINT (g_hash_table_lookup (walk->sizes, GUINT_TO_POINTER (uids[end])));

      if (size > BOUNCE_MESSAGE_MAX_FILE_SIZE || (end > start && bytes + size > FETCH_MAX_BYTES))
        break;
      bytes += size;
      end++;
    }

  if (end == start)
    return TRUE;

  fetch_type = mailimap_fetch_type_new_fetch_att_list_empty ();
  mailimap_fetch_type_new_fetch_att_list_add (fetch_type, mailimap_fetch_att_new_uid ());
  /* BODY.PEEK[]: the whole message, without setting \Seen. */
  mailimap_fetch_type_new_fetch_att_list_add (fetch_type,
                                              mailimap_fetch_att_new_body_peek_section (mailimap_section_new (NULL)));
  set = new_uid_set (uids + start, end - start);
  r = mailimap_uid_fetch (session->imap, set, fetch_type, &result);
  mailimap_set_free (set);
  mailimap_fetch_type_free (fetch_type);
  if (r != MAILIMAP_NO_ERROR)
    {
      set_protocol_error (session, r, _("reading messages"), error);
      return FALSE;
    }

  for (clistiter *iter = clist_begin (result); iter != NULL; iter = clist_next (iter))
    {
      struct mailimap_msg_att *msg_att = clist_content (iter);
      struct mailimap_msg_att_static *body = find_msg_att_static (msg_att, MAILIMAP_MSG_ATT_BODY_SECTION);
      guint32 uid = get_msg_att_uid (msg_att);

      if (uid != 0 && body != NULL && body->att_data.att_body_section != NULL)
        g_hash_table_insert (bodies, GUINT_TO_POINTER (uid), body->att_data.att_body_section);
    }

  for (guint i = start; i < end; i++)
    {
      struct mailimap_msg_att_body_section *section = g_hash_table_lookup (bodies, GUINT_TO_POINTER (uids[i]));

      if (section == NULL)
        {
          g_debug ("UID %u is gone from %s", uids[i], walk->self->folder);
          walk->self->done_uid = uids[i];
          g_atomic_int_inc (&walk->self->n_read);
        }
      else
        walk_deliver_body (walk, uids[i], section->sec_body_part != NULL ? section->sec_body_part : "",
                           section->sec_body_part != NULL ? section->sec_length : 0);
    }
  walk->next = end;

  mailimap_fetch_list_free (result);

  return TRUE;
}

/* Opens a session on @folder. @expected_uidvalidity, when not 0, is the
 * UIDVALIDITY the folder must still have, as after a reconnection. */
static Session *
open_folder (BounceImapSource  *self,
             const char        *folder,
             guint32            expected_uidvalidity,
             GCancellable      *cancellable,
             GError           **error)
{
  g_autoptr(Session) session = session_open (self, cancellable, error);
  guint32 uidvalidity;

  if (session == NULL || !session_examine (session, folder, error))
    return NULL;

  uidvalidity = session->imap->imap_selection_info->sel_uidvalidity;
  if (uidvalidity == 0)
    {
      g_autofree char *host_port = dup_host_port (self);

      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_FAILED,
                   _("The server %s gave no UIDVALIDITY for the folder “%s”, so its messages cannot "
                     "be named reliably."),
                   host_port, folder);
      return NULL;
    }

  if (expected_uidvalidity != 0 && uidvalidity != expected_uidvalidity)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_FAILED,
                   _("The folder “%s” was renumbered on the server (its UIDVALIDITY changed), so its "
                     "messages have other numbers now. Read it again."),
                   folder);
      return NULL;
    }

  return g_steal_pointer (&session);
}

/* Turns @error into one that also names how far the walk got. */
static void
prefix_progress (Walk    *walk,
                 GError **error)
{
  BounceImapSource *self = walk->self;

  if (error == NULL || *error == NULL || g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (walk->next == 0)
    g_prefix_error (error,
                    g_dngettext (GETTEXT_PACKAGE,
                                 "None of the %u message was read. ",
                                 "None of the %u messages were read. ",
                                 walk->uids->len),
                    walk->uids->len);
  else
    {
      g_autofree char *read_text = NULL;
      g_autofree char *total_text = NULL;

      /* Each count chooses the plural of its own part. */
      read_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                /* TRANSLATORS: the first part of "Reading stopped after 50 messages of 60 (up to UID 50)" */
                                                "Reading stopped after %u message",
                                                "Reading stopped after %u messages",
                                                walk->next),
                                   walk->next);
      if (self->save_state)
        total_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   /* TRANSLATORS: the second part of "Reading stopped after 50 messages of 60 (up to UID 50)"; the first %u is the number of messages to read */
                                                   "of %u (up to UID %u); the next scan goes on from there.",
                                                   "of %u (up to UID %u); the next scan goes on from there.",
                                                   walk->uids->len),
                                      walk->uids->len, self->done_uid);
      else
        total_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   /* TRANSLATORS: the second part of "Reading stopped after 50 messages of 60 (up to UID 50)"; the first %u is the number of messages to read */
                                                   "of %u (up to UID %u).",
                                                   "of %u (up to UID %u).",
                                                   walk->uids->len),
                                      walk->uids->len, self->done_uid);
      /* TRANSLATORS: the two parts above; the error that stopped the reading follows */
      g_prefix_error (error, _("%s %s "), read_text, total_text);
    }
}

/* Removes from @uids the messages that @history recorded under this
 * UIDVALIDITY with their records, and hands them to @known_func. */
static gboolean
walk_known (BounceImapSource       *self,
            BounceHistory          *history,
            const char             *account,
            GArray                 *uids,
            BounceKnownMessageFunc  known_func,
            gpointer                user_data)
{
  g_autoptr(GHashTable) recorded = NULL;
  g_autoptr(GArray) known = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint n_left = 0;

  recorded = _bounce_history_load_mailbox_messages (history, account, self->folder, self->uidvalidity);
  for (guint i = 0; i < uids->len; i++)
    {
      guint32 uid = g_array_index (uids, guint32, i);

      if (g_hash_table_contains (recorded, GUINT_TO_POINTER (uid)))
        g_array_append_val (known, uid);
      else
        g_array_index (uids, guint32, n_left++) = uid;
    }
  g_array_set_size (uids, n_left);
  g_debug ("%u messages of %s taken from the history", known->len, self->folder);

  for (guint i = 0; i < known->len; i++)
    {
      guint32 uid = g_array_index (known, guint32, i);
      g_autofree char *uri = dup_message_uri (self, uid);

      if (!known_func (uri, g_hash_table_lookup (recorded, GUINT_TO_POINTER (uid)), user_data))
        return FALSE;
    }

  return TRUE;
}

gboolean
_bounce_imap_source_foreach (BounceImapSource       *self,
                             BounceHistory          *history,
                             guint                  *n_total,
                             BounceMessageFunc       func,
                             BounceKnownMessageFunc  known_func,
                             gpointer                user_data,
                             GCancellable           *cancellable,
                             GError                **error)
{
  g_autoptr(Session) session = NULL;
  g_autoptr(GArray) uids = NULL;
  g_autoptr(GHashTable) sizes = NULL;
  g_autofree char *account = NULL;
  guint32 stored_uidvalidity = 0;
  guint32 stored_last_uid = 0;
  guint32 after = 0;
  gboolean dated;
  gboolean include_known;
  guint n_found;
  guint n_reconnects = 0;
  Walk walk = { 0 };

  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  g_atomic_int_set (&self->n_messages, 0);
  g_atomic_int_set (&self->n_read, 0);
  self->was_incremental = FALSE;
  self->uidvalidity_changed = FALSE;
  self->save_state = FALSE;
  self->uidvalidity = 0;
  self->done_uid = 0;

  session = open_folder (self, self->folder, 0, cancellable, error);
  if (session == NULL)
    return FALSE;
  self->uidvalidity = session->imap->imap_selection_info->sel_uidvalidity;

  /* The stored state records up to which UID the folder was read. */
  dated = self->since != NULL || self->before != NULL;
  account = bounce_imap_source_dup_account_uri (self);
  if (history != NULL && !dated)
    {
      g_autoptr(GError) state_error = NULL;

      if (!bounce_history_get_mailbox_state (history, account, self->folder,
                                             &stored_uidvalidity, &stored_last_uid, &state_error))
        g_warning ("reading the state of %s %s failed: %s", account, self->folder, state_error->message);

      if (stored_uidvalidity != 0 && stored_uidvalidity != self->uidvalidity)
        {
          g_debug ("UIDVALIDITY of %s changed from %u to %u: reading it all again",
                   self->folder, stored_uidvalidity, self->uidvalidity);
          self->uidvalidity_changed = TRUE;
        }
      else if (stored_uidvalidity != 0 && self->incremental)
        {
          after = stored_last_uid;
          self->was_incremental = TRUE;
        }
    }

  /* To hand out the earlier messages too, the search lists the whole
   * folder (or date range), so a message deleted since is left out, and
   * only the messages the history lacks are fetched. */
  include_known = history != NULL && self->incremental && self->include_earlier && known_func != NULL &&
                  !self->uidvalidity_changed;
  uids = session_search (session, include_known ? 0 : after, error);
  if (uids == NULL)
    return FALSE;

  /* When a search lists more UIDs than the folder contains, fetching
   * each listed UID would send batches that return nothing. */
  if (uids->len > session->imap->imap_selection_info->sel_exists)
    {
      g_autofree char *host_port = dup_host_port (self);
      g_autofree char *folder_label = bounce_imap_dup_folder_label (self->folder);

      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_FAILED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The server %s reported %u message in the folder “%s” but its search "
                                "returned %u, so nothing was read. The server’s index of the folder may "
                                "be damaged.",
                                "The server %s reported %u messages in the folder “%s” but its search "
                                "returned %u, so nothing was read. The server’s index of the folder may "
                                "be damaged.",
                                session->imap->imap_selection_info->sel_exists),
                   host_port, session->imap->imap_selection_info->sel_exists, folder_label, uids->len);
      return FALSE;
    }
  n_found = uids->len;
  if (include_known && !walk_known (self, history, account, uids, known_func, user_data))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Reading the mailbox was cancelled."));
      return FALSE;
    }
  g_debug ("%u messages to read in %s above UID %u", uids->len, self->folder, after);
  g_atomic_int_set (&self->n_messages, uids->len);
  if (n_total != NULL)
    g_atomic_int_set (n_total, n_found);

  /* From here a failure leaves the state at the last message read. */
  self->done_uid = after;
  self->save_state = history != NULL && !dated;

  sizes = session_fetch_sizes (session, uids, error);
  if (sizes == NULL)
    return FALSE;

  walk.self = self;
  walk.func = func;
  walk.user_data = user_data;
  walk.uids = uids;
  walk.sizes = sizes;

  while (walk.next < uids->len && !walk.stopped)
    {
      g_autoptr(GError) local_error = NULL;

      if (walk_fetch_chunk (&walk, session, &local_error))
        continue;

      /* A dropped connection is opened again; every other failure, and
       * one reconnection too many, ends the walk. */
      if (!g_error_matches (local_error, BOUNCE_ERROR, BOUNCE_ERROR_CONNECTION) &&
          !g_error_matches (local_error, BOUNCE_ERROR, BOUNCE_ERROR_TIMED_OUT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          prefix_progress (&walk, error);
          return FALSE;
        }

      while (session == NULL || local_error != NULL)
        {
          g_clear_pointer (&session, session_free);
          if (n_reconnects == MAX_RECONNECTS)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              prefix_progress (&walk, error);
              return FALSE;
            }

          n_reconnects++;
          g_debug ("%s; reconnecting (%u of %u)", local_error->message, n_reconnects, MAX_RECONNECTS);
          g_clear_error (&local_error);
          session = open_folder (self, self->folder, self->uidvalidity, cancellable, &local_error);
          if (session == NULL &&
              !g_error_matches (local_error, BOUNCE_ERROR, BOUNCE_ERROR_CONNECTION) &&
              !g_error_matches (local_error, BOUNCE_ERROR, BOUNCE_ERROR_TIMED_OUT))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              prefix_progress (&walk, error);
              return FALSE;
            }
        }
    }

  if (walk.stopped || g_cancellable_is_cancelled (cancellable))
    {
      self->save_state = FALSE;
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Reading the mailbox was cancelled."));
      return FALSE;
    }

  return TRUE;
}

GBytes *
bounce_imap_source_fetch_message (BounceImapSource  *self,
                                  const char        *folder,
                                  guint32            uidvalidity,
                                  guint32            uid,
                                  GCancellable      *cancellable,
                                  GError           **error)
{
  g_autoptr(Session) session = NULL;
  struct mailimap_fetch_type *fetch_type;
  struct mailimap_set *set;
  clist *result = NULL;
  GBytes *bytes = NULL;
  int r;

  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (self), NULL);
  g_return_val_if_fail (folder != NULL, NULL);
  g_return_val_if_fail (uid != 0, NULL);

  session = open_folder (self, folder, uidvalidity, cancellable, error);
  if (session == NULL)
    return NULL;

  fetch_type = mailimap_fetch_type_new_fetch_att_list_empty ();
  mailimap_fetch_type_new_fetch_att_list_add (fetch_type, mailimap_fetch_att_new_uid ());
  mailimap_fetch_type_new_fetch_att_list_add (fetch_type,
                                              mailimap_fetch_att_new_body_peek_section (mailimap_section_new (NULL)));
  set = mailimap_set_new_single (uid);
  r = mailimap_uid_fetch (session->imap, set, fetch_type, &result);
  mailimap_set_free (set);
  mailimap_fetch_type_free (fetch_type);
  if (r != MAILIMAP_NO_ERROR)
    {
      set_protocol_error (session, r, _("reading the message"), error);
      return NULL;
    }

  for (clistiter *iter = clist_begin (result); iter != NULL && bytes == NULL; iter = clist_next (iter))
    {
      struct mailimap_msg_att *msg_att = clist_content (iter);
      struct mailimap_msg_att_static *body = find_msg_att_static (msg_att, MAILIMAP_MSG_ATT_BODY_SECTION);

      if (get_msg_att_uid (msg_att) == uid && body != NULL && body->att_data.att_body_section != NULL &&
          body->att_data.att_body_section->sec_body_part != NULL)
        bytes = new_bytes_with_lf (body->att_data.att_body_section->sec_body_part,
                                   body->att_data.att_body_section->sec_length);
    }
  mailimap_fetch_list_free (result);

  if (bytes == NULL)
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND,
                 _("The message with UID %u is no longer in the folder “%s”; it was moved or deleted "
                   "after the scan."),
                 uid, folder);

  return bytes;
}

typedef struct
{
  char    *folder;
  guint32  uidvalidity;
  guint32  uid;
} FetchRequest;

static void
fetch_request_free (FetchRequest *request)
{
  g_free (request->folder);
  g_free (request);
}

static void
fetch_message_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  FetchRequest *request = task_data;
  GError *error = NULL;
  GBytes *bytes = bounce_imap_source_fetch_message (source_object, request->folder, request->uidvalidity,
                                                    request->uid, cancellable, &error);

  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

static char fetch_message_tag[] = "bounce_imap_source_fetch_message_async";

void
bounce_imap_source_fetch_message_async (BounceImapSource    *self,
                                        const char          *folder,
                                        guint32              uidvalidity,
                                        guint32              uid,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FetchRequest *request;

  g_return_if_fail (BOUNCE_IS_IMAP_SOURCE (self));
  g_return_if_fail (folder != NULL);

  request = g_new0 (FetchRequest, 1);
  request->folder = g_strdup (folder);
  request->uidvalidity = uidvalidity;
  request->uid = uid;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fetch_message_tag);
  g_task_set_task_data (task, request, (GDestroyNotify) fetch_request_free);
  g_task_run_in_thread (task, fetch_message_thread);
}

GBytes *
bounce_imap_source_fetch_message_finish (BounceImapSource  *self,
                                         GAsyncResult      *result,
                                         GError           **error)
{
  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
_bounce_imap_source_save_state (BounceImapSource  *self,
                                BounceHistory     *history,
                                GError           **error)
{
  g_autofree char *account = NULL;

  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (self), FALSE);
  g_return_val_if_fail (BOUNCE_IS_HISTORY (history), FALSE);

  if (!self->save_state || self->uidvalidity == 0)
    return TRUE;

  account = bounce_imap_source_dup_account_uri (self);
  g_debug ("%s %s read up to UID %u", account, self->folder, self->done_uid);

  return bounce_history_set_mailbox_state (history, account, self->folder,
                                           self->uidvalidity, self->done_uid, error);
}

/* GObject */

static void
bounce_imap_source_finalize (GObject *object)
{
  BounceImapSource *self = BOUNCE_IMAP_SOURCE (object);

  g_free (self->host);
  g_free (self->user);
  if (self->password != NULL)
    {
      explicit_bzero (self->password, strlen (self->password));
      g_free (self->password);
    }
  g_free (self->folder);
  g_clear_pointer (&self->since, g_date_free);
  g_clear_pointer (&self->before, g_date_free);
  g_free (self->trusted_fingerprint);
  g_free (self->rejected_fingerprint);

  G_OBJECT_CLASS (bounce_imap_source_parent_class)->finalize (object);
}

static void
bounce_imap_source_class_init (BounceImapSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bounce_imap_source_finalize;
}

static void
bounce_imap_source_init (BounceImapSource *self)
{
  self->folder = g_strdup ("INBOX");
  self->timeout = BOUNCE_IMAP_DEFAULT_TIMEOUT;
  self->incremental = TRUE;
}

BounceImapSource *
bounce_imap_source_new (const char         *host,
                        guint16             port,
                        BounceImapSecurity  security,
                        const char         *user)
{
  BounceImapSource *self;

  g_return_val_if_fail (host != NULL && *host != '\0', NULL);
  g_return_val_if_fail (user != NULL, NULL);

  self = g_object_new (BOUNCE_TYPE_IMAP_SOURCE, NULL);
  self->host = g_strdup (host);
  self->security = security;
  self->port = port != 0 ? port : default_port (security);
  self->user = g_strdup (user);

  return self;
}

gboolean
bounce_imap_source_is_uri (const char *text)
{
  return text != NULL &&
         (g_ascii_strncasecmp (text, "imaps://", 8) == 0 || g_ascii_strncasecmp (text, "imap://", 7) == 0);
}

BounceImapSource *
bounce_imap_source_new_for_uri (const char  *uri,
                                GError     **error)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *folder = NULL;
  BounceImapSecurity security;
  BounceImapSource *self;
  const char *path;
  const char *start;
  int port;

  g_return_val_if_fail (uri != NULL, NULL);

  parsed = g_uri_parse (uri, G_URI_FLAGS_HAS_PASSWORD, &parse_error);
  if (parsed == NULL)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid mailbox address (%s). Write it as imaps://USER@SERVER/FOLDER."),
                   uri, parse_error->message);
      return NULL;
    }

  if (g_ascii_strcasecmp (g_uri_get_scheme (parsed), "imaps") == 0)
    security = BOUNCE_IMAP_SECURITY_TLS;
  else if (g_ascii_strcasecmp (g_uri_get_scheme (parsed), "imap") == 0)
    security = BOUNCE_IMAP_SECURITY_STARTTLS;
  else
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a mailbox address: it must start with imaps:// (TLS) or imap:// "
                     "(STARTTLS)."),
                   uri);
      return NULL;
    }

  /* Without "//", GUri reads "imaps:jane@imap.example.com" as a path. */
  if (g_uri_get_host (parsed) == NULL && strstr (uri, "://") == NULL)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                   _("“%s” lacks the “//” after “%s:”. Write it as imaps://USER@SERVER/FOLDER."),
                   uri, g_uri_get_scheme (parsed));
      return NULL;
    }

  if (g_uri_get_password (parsed) != NULL)
    {
      g_set_error_literal (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                           _("The mailbox address contains a password. Remove it: other users of the "
                             "computer can read command lines. Give the password when asked instead."));
      return NULL;
    }

  if (g_uri_get_user (parsed) == NULL || *g_uri_get_user (parsed) == '\0')
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                   _("“%s” names no user. Write it as imaps://USER@SERVER/FOLDER, with %%40 for an @ "
                     "in the user name."),
                   uri);
      return NULL;
    }

  if (g_uri_get_host (parsed) == NULL || *g_uri_get_host (parsed) == '\0')
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                   _("“%s” names no server. Write it as imaps://USER@SERVER/FOLDER."), uri);
      return NULL;
    }

  if (g_uri_get_query (parsed) != NULL || g_uri_get_fragment (parsed) != NULL)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                   _("“%s” has a “?” or “#” part, which a mailbox address does not take."), uri);
      return NULL;
    }

  port = g_uri_get_port (parsed);
  if (port == 0 || port > G_MAXUINT16)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                   _("“%s” has an invalid port. Write it as imaps://USER@SERVER:PORT/FOLDER, "
                     "with a port from 1 to 65535."), uri);
      return NULL;
    }

  /* A record's file names one message, with RFC 5092's parameters. */
  path = g_uri_get_path (parsed);
  if (strstr (path, ";UID=") != NULL || strstr (path, ";UIDVALIDITY=") != NULL)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                   _("“%s” names one message, not a folder. Leave out the part from “;” on."), uri);
      return NULL;
    }

  self = bounce_imap_source_new (g_uri_get_host (parsed), port > 0 ? (guint16) port : 0, security,
                                 g_uri_get_user (parsed));

  /* "/INBOX/" is the folder INBOX. */
  folder = g_strdup (path);
  g_strstrip (folder);
  while (*folder != '\0' && folder[strlen (folder) - 1] == '/')
    folder[strlen (folder) - 1] = '\0';
  start = folder;
  while (*start == '/')
    start++;
  if (*start != '\0')
    bounce_imap_source_set_folder (self, start);

  return self;
}

const char *
bounce_imap_source_get_host (BounceImapSource *self)
{
  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (self), NULL);

  return self->host;
}

guint16
bounce_imap_source_get_port (BounceImapSource *self)
{
  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (self), 0);

  return self->port;
}

BounceImapSecurity
bounce_imap_source_get_security (BounceImapSource *self)
{
  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (self), BOUNCE_IMAP_SECURITY_TLS);

  return self->security;
}

void
bounce_imap_source_set_security (BounceImapSource   *self,
                                 BounceImapSecurity  security)
{
  g_return_if_fail (BOUNCE_IS_IMAP_SOURCE (self));

  self->security = security;
}

const char *
bounce_imap_source_get_user (BounceImapSource *self)
{
  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (self), NULL);

  return self->user;
}

void
bounce_imap_source_set_password (BounceImapSource *self,
                                 const char       *password)
{
  g_return_if_fail (BOUNCE_IS_IMAP_SOURCE (self));

  if (self->password != NULL)
    explicit_bzero (self->password, strlen (self->password));
  g_free (self->password);
  self->password = g_strdup (password);
}

const char *
bounce_imap_source_get_folder (BounceImapSource *self)
{
  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (self), NULL);

  return self->folder;
}

void
bounce_imap_source_set_folder (BounceImapSource *self,
                               const char       *folder)
{
  g_return_if_fail (BOUNCE_IS_IMAP_SOURCE (self));
  g_return_if_fail (folder != NULL && *folder != '\0');

  g_free (self->folder);
  /* INBOX is case-insensitive (RFC 3501 5.1); one spelling keeps one
   * state per folder. */
  self->folder = g_ascii_strcasecmp (folder, "INBOX") == 0 ? g_strdup ("INBOX") : g_strdup (folder);
}

void
bounce_imap_source_set_date_range (BounceImapSource *self,
                                   GDate            *since,
                                   GDate            *before)
{
  g_return_if_fail (BOUNCE_IS_IMAP_SOURCE (self));
  g_return_if_fail (since == NULL || g_date_valid (since));
  g_return_if_fail (before == NULL || g_date_valid (before));

  g_clear_pointer (&self->since, g_date_free);
  g_clear_pointer (&self->before, g_date_free);
  if (since != NULL)
    self->since = g_date_copy (since);
  if (before != NULL)
    self->before = g_date_copy (before);
}

gboolean
bounce_imap_source_set_trusted_fingerprint (BounceImapSource  *self,
                                            const char        *fingerprint,
                                            GError           **error)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (self), FALSE);

  if (fingerprint == NULL)
    {
      g_clear_pointer (&self->trusted_fingerprint, g_free);
      return TRUE;
    }

  normalized = bounce_imap_normalize_fingerprint (fingerprint);
  if (normalized == NULL)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a SHA-256 fingerprint: it must have 64 hexadecimal digits, such as "
                     "AB:CD:… as the certificate message prints it."),
                   fingerprint);
      return FALSE;
    }

  g_free (self->trusted_fingerprint);
  self->trusted_fingerprint = g_steal_pointer (&normalized);

  return TRUE;
}

void
bounce_imap_source_set_timeout (BounceImapSource *self,
                                guint             seconds)
{
  g_return_if_fail (BOUNCE_IS_IMAP_SOURCE (self));
  g_return_if_fail (seconds > 0);

  self->timeout = seconds;
}

void
bounce_imap_source_set_incremental (BounceImapSource *self,
                                    gboolean          incremental)
{
  g_return_if_fail (BOUNCE_IS_IMAP_SOURCE (self));

  self->incremental = incremental;
}

void
bounce_imap_source_set_include_earlier (BounceImapSource *self,
                                        gboolean          include_earlier)
{
  g_return_if_fail (BOUNCE_IS_IMAP_SOURCE (self));

  self->include_earlier = include_earlier;
}

char *
bounce_imap_source_dup_account_uri (BounceImapSource *self)
{
  g_autofree char *user = NULL;
  GString *uri;

  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (self), NULL);

  user = g_uri_escape_string (self->user, NULL, FALSE);
  uri = g_string_new (self->security == BOUNCE_IMAP_SECURITY_TLS ? "imaps://" : "imap://");
  g_string_append_printf (uri, "%s@", user);
  if (strchr (self->host, ':') != NULL)
    g_string_append_printf (uri, "[%s]", self->host);
  else
    g_string_append (uri, self->host);
  if (!is_default_port (self->security, self->port))
    g_string_append_printf (uri, ":%u", self->port);

  return g_string_free (uri, FALSE);
}

char *
bounce_imap_source_dup_folder_uri (BounceImapSource *self)
{
  g_autofree char *account = NULL;
  g_autofree char *folder = NULL;

  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (self), NULL);

  account = bounce_imap_source_dup_account_uri (self);
  folder = g_uri_escape_string (self->folder, "/", FALSE);

  return g_strdup_printf ("%s/%s", account, folder);
}

const char *
bounce_imap_source_get_rejected_fingerprint (BounceImapSource *self)
{
  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (self), NULL);

  return self->rejected_fingerprint;
}

guint
bounce_imap_source_get_n_messages (BounceImapSource *self)
{
  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (self), 0);

  return (guint) g_atomic_int_get (&self->n_messages);
}

guint
bounce_imap_source_get_n_read (BounceImapSource *self)
{
  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (self), 0);

  return (guint) g_atomic_int_get (&self->n_read);
}

gboolean
bounce_imap_source_get_was_incremental (BounceImapSource *self)
{
  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (self), FALSE);

  return self->was_incremental;
}

gboolean
bounce_imap_source_get_uidvalidity_changed (BounceImapSource *self)
{
  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (self), FALSE);

  return self->uidvalidity_changed;
}

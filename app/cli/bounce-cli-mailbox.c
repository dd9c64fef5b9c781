/* bounce-cli-mailbox.c: the mailbox options shared by scan, clean and
 * folders, the password prompt, and `bounce-cli folders`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-cli-mailbox"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "bounce-cli.h"
#include "bounce-cli-history.h"
#include "bounce-cli-mailbox.h"

/* Maximum length in bytes of a password read from the terminal. */
#define MAX_PASSWORD_LENGTH 1024

/* Upper bound of --timeout: an hour. */
#define MAX_TIMEOUT 3600

void
bounce_cli_mailbox_options_add (BounceCliMailboxOptions *options,
                                GOptionContext          *context,
                                gboolean                 scanning)
{
  GOptionGroup *group;
  const GOptionEntry connection_entries[] = {
    { "trust-fingerprint", 0, 0, G_OPTION_ARG_STRING, &options->trust_fingerprint,
      N_("Accept the server’s certificate when its SHA-256 fingerprint is this, also when it is self-signed"),
      N_("SHA256") },
    { "no-tls", 0, 0, G_OPTION_ARG_NONE, &options->no_tls,
      N_("Connect without TLS, which sends the password unencrypted; allowed only to this computer (localhost)"),
      NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &options->timeout,
      N_("Seconds to wait for the server (default 30)"), N_("SECONDS") },
    { NULL }
  };
  const GOptionEntry scan_entries[] = {
    { "since", 0, 0, G_OPTION_ARG_STRING, &options->since,
      N_("Only messages the server received on or after this day"), N_("YYYY-MM-DD") },
    { "before", 0, 0, G_OPTION_ARG_STRING, &options->before,
      N_("Only messages the server received before this day"), N_("YYYY-MM-DD") },
    { "rescan", 0, 0, G_OPTION_ARG_NONE, &options->rescan,
      N_("Read the whole folder again, not only the messages added since the last scan"), NULL },
    { NULL }
  };

  group = g_option_group_new ("mailbox", _("Mailbox Options (for imaps:// and imap:// addresses):"),
                              _("Show the mailbox options"), NULL, NULL);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_group_add_entries (group, connection_entries);
  if (scanning)
    g_option_group_add_entries (group, scan_entries);
  g_option_context_add_group (context, group);
}

void
bounce_cli_mailbox_options_clear (BounceCliMailboxOptions *options)
{
  g_clear_pointer (&options->since, g_free);
  g_clear_pointer (&options->before, g_free);
  g_clear_pointer (&options->trust_fingerprint, g_free);
}

/* Parses YYYY-MM-DD into @date; FALSE when it is not such a date. */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  guint64 year = 0;
  guint64 month = 0;
  guint64 day = 0;
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return FALSE;

  parts = g_strsplit (text, "-", -1);
  if (g_strv_length (parts) != 3 || strlen (parts[0]) != 4 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1900, 9999, &year, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &month, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &day, NULL) ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  return TRUE;
}

gboolean
bounce_cli_mailbox_options_check (BounceCliMailboxOptions *options,
                                  const char              *command)
{
  GDate since;
  GDate before;

  if (options->since != NULL && !parse_date (options->since, &since))
    {
      bounce_cli_usage_error (command, _("--since: “%s” is not a date; write it as YYYY-MM-DD"), options->since);
      return FALSE;
    }

  if (options->before != NULL && !parse_date (options->before, &before))
    {
      bounce_cli_usage_error (command, _("--before: “%s” is not a date; write it as YYYY-MM-DD"), options->before);
      return FALSE;
    }

  if (options->since != NULL && options->before != NULL && g_date_compare (&since, &before) >= 0)
    {
      bounce_cli_usage_error (command, _("--since %s is not before --before %s, so no message could match"),
                              options->since, options->before);
      return FALSE;
    }

  if (options->timeout < 0 || options->timeout > MAX_TIMEOUT)
    {
      bounce_cli_usage_error (command, _("--timeout must be between 1 and %d seconds, not %d"),
                              MAX_TIMEOUT, options->timeout);
      return FALSE;
    }

  if (options->trust_fingerprint != NULL)
    {
      g_autofree char *fingerprint = bounce_imap_normalize_fingerprint (options->trust_fingerprint);

      if (fingerprint == NULL)
        {
          bounce_cli_usage_error (command,
                                  _("--trust-fingerprint: “%s” is not a SHA-256 fingerprint; give the 64 "
                                    "hexadecimal digits the certificate message printed"),
                                  options->trust_fingerprint);
          return FALSE;
        }
    }

  return TRUE;
}

/* Reads a line from the terminal with echo off. Returns NULL with
 * @error set when there is no terminal. */
static char *
prompt_password (const char  *prompt,
                 GError     **error)
{
  struct termios saved;
  struct termios silent;
  char buffer[MAX_PASSWORD_LENGTH + 2];
  gboolean restore;
  gssize n;
  gsize length = 0;
  int fd;

  fd = open ("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s", g_strerror (errno));
      return NULL;
    }

  if (write (fd, prompt, strlen (prompt)) < 0)
    g_debug ("writing the prompt failed: %s", g_strerror (errno));

  restore = tcgetattr (fd, &saved) == 0;
  if (restore)
    {
      silent = saved;
      silent.c_lflag &= ~(tcflag_t) ECHO;
      silent.c_lflag |= ECHONL;
      tcsetattr (fd, TCSAFLUSH, &silent);
    }

  while (length < sizeof buffer - 1)
    {
      n = read (fd, buffer + length, 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0 || buffer[length] == '\n')
        break;
      length++;
    }
  buffer[length] = '\0';

  if (restore)
    tcsetattr (fd, TCSAFLUSH, &saved);
  close (fd);

  if (length > MAX_PASSWORD_LENGTH)
    {
      explicit_bzero (buffer, sizeof buffer);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The password is longer than %d bytes"), MAX_PASSWORD_LENGTH);
      return NULL;
    }

  if (length > 0 && buffer[length - 1] == '\r')
    buffer[length - 1] = '\0';

  {
    char *password = g_strdup (buffer);

    explicit_bzero (buffer, sizeof buffer);
    return password;
  }
}

/* Makes a source for @uri with the security that @options choose.
 * Returns NULL with @error set when @uri is not a valid mailbox address
 * or when --no-tls would send the password to another computer. */
static BounceImapSource *
new_source (BounceCliMailboxOptions  *options,
            const char               *uri,
            GError                  **error)
{
  g_autoptr(BounceImapSource) source = NULL;

  source = bounce_imap_source_new_for_uri (uri, error);
  if (source == NULL)
    return NULL;

  if (options->no_tls)
    bounce_imap_source_set_security (source, BOUNCE_IMAP_SECURITY_NONE);
  if (!bounce_imap_login_is_allowed (bounce_imap_source_get_security (source), bounce_imap_source_get_host (source)))
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INSECURE,
                   _("--no-tls is allowed only for a server on this computer (localhost, 127.0.0.1 or ::1), "
                     "not “%s”, because the password would travel unencrypted."),
                   bounce_imap_source_get_host (source));
      return NULL;
    }

  return g_steal_pointer (&source);
}

static gboolean
has_imap_scheme (const char *text)
{
  return g_ascii_strncasecmp (text, "imaps:", 6) == 0 || g_ascii_strncasecmp (text, "imap:", 5) == 0;
}

gboolean
bounce_cli_mailbox_check_uris (BounceCliMailboxOptions *options,
                               const char * const      *inputs,
                               const char              *command)
{
  for (guint i = 0; inputs[i] != NULL; i++)
    {
      g_autoptr(BounceImapSource) source = NULL;
      g_autoptr(GError) error = NULL;

      /* "imaps:jane@imap.example.com" lacks the "//" but is meant as a
       * mailbox, unless a file of that name exists. */
      if (!bounce_imap_source_is_uri (inputs[i]) &&
          (!has_imap_scheme (inputs[i]) || g_file_test (inputs[i], G_FILE_TEST_EXISTS)))
        {
          /* The dates select messages by the day the IMAP server received
           * them. A local file has no such date, and ignoring the options
           * would count bounces that the person meant to leave out. */
          if (options->since != NULL || options->before != NULL)
            {
              bounce_cli_usage_error (command,
                                      _("--since and --before apply only to a mailbox (imaps:// or imap://), "
                                        "but “%s” is a local path. Leave them out, and name a file or folder "
                                        "that contains only the messages of those days."),
                                      inputs[i]);
              return FALSE;
            }
          continue;
        }

      source = new_source (options, inputs[i], &error);
      if (source == NULL)
        {
          bounce_cli_usage_error (command, "%s", error->message);
          return FALSE;
        }
    }

  return TRUE;
}

BounceImapSource *
bounce_cli_mailbox_open (BounceCliMailboxOptions *options,
                         const char              *uri,
                         const char              *command)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  const char *variable;

  source = new_source (options, uri, &error);
  if (source == NULL)
    {
      bounce_cli_print_error (command, error->message);
      return NULL;
    }

  if (options->trust_fingerprint != NULL &&
      !bounce_imap_source_set_trusted_fingerprint (source, options->trust_fingerprint, &error))
    {
      bounce_cli_print_error (command, error->message);
      return NULL;
    }

  if (options->timeout > 0)
    bounce_imap_source_set_timeout (source, (guint) options->timeout);

  if (options->since != NULL || options->before != NULL)
    {
      GDate since;
      GDate before;
      gboolean has_since = parse_date (options->since, &since);
      gboolean has_before = parse_date (options->before, &before);

      bounce_imap_source_set_date_range (source, has_since ? &since : NULL, has_before ? &before : NULL);
    }

  bounce_imap_source_set_incremental (source, !options->rescan);

  /* The password never comes from the command line, which other users
   * of the computer can read. */
  variable = g_getenv (BOUNCE_CLI_PASSWORD_VARIABLE);
  if (variable != NULL && *variable != '\0')
    password = g_strdup (variable);
  else
    {
      g_autofree char *account = bounce_imap_source_dup_account_uri (source);
      g_autofree char *prompt = g_strdup_printf (_("Password for %s: "), account);

      password = prompt_password (prompt, &error);
      if (password == NULL)
        {
          g_printerr (_("bounce-cli %s: No password for %s: set the environment variable %s, or run the "
                        "command in a terminal to be asked (%s).\n"),
                      command, account, BOUNCE_CLI_PASSWORD_VARIABLE, error->message);
          return NULL;
        }
    }

  bounce_imap_source_set_password (source, password);
  explicit_bzero (password, strlen (password));

  return g_steal_pointer (&source);
}

void
bounce_cli_mailbox_print_error (const char       *command,
                                BounceImapSource *source,
                                const GError     *error)
{
  const char *fingerprint = bounce_imap_source_get_rejected_fingerprint (source);

  bounce_cli_print_error (command, error->message);

  if (g_error_matches (error, BOUNCE_ERROR, BOUNCE_ERROR_CERTIFICATE) && fingerprint != NULL)
    g_printerr (_("To trust this certificate, compare the fingerprint with the one your provider gives, "
                  "then run the command again with:\n  --trust-fingerprint %s\n"),
                fingerprint);
}

void
bounce_cli_mailbox_print_summary (const char       *command,
                                  BounceImapSource *source)
{
  g_autofree char *folder = bounce_imap_source_dup_folder_uri (source);
  guint n_read = bounce_imap_source_get_n_read (source);

  if (bounce_imap_source_get_was_incremental (source))
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "bounce-cli %s: %s: %u new message read since the last scan "
                             "(--rescan reads the whole folder).\n",
                             "bounce-cli %s: %s: %u new messages read since the last scan "
                             "(--rescan reads the whole folder).\n",
                             n_read),
                command, folder, n_read);
  else if (bounce_imap_source_get_uidvalidity_changed (source))
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "bounce-cli %s: %s: the server renumbered the folder (new UIDVALIDITY), so all "
                             "of it was read again: %u message.\n",
                             "bounce-cli %s: %s: the server renumbered the folder (new UIDVALIDITY), so all "
                             "of it was read again: %u messages.\n",
                             n_read),
                command, folder, n_read);
  else
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "bounce-cli %s: %s: %u message read.\n",
                             "bounce-cli %s: %s: %u messages read.\n",
                             n_read),
                command, folder, n_read);
}

static int
scan_mailbox (BounceScanner           *scanner,
              BounceCliMailboxOptions *options,
              const char              *uri,
              const char              *command,
              BounceRecordFunc         func,
              gpointer                 user_data)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GError) error = NULL;

  source = bounce_cli_mailbox_open (options, uri, command);
  if (source == NULL)
    return BOUNCE_CLI_EXIT_INPUT_ERROR;

  if (!bounce_scanner_scan_mailbox (scanner, source, func, user_data, NULL, &error))
    {
      bounce_cli_mailbox_print_error (command, source, error);
      return BOUNCE_CLI_EXIT_INPUT_ERROR;
    }

  bounce_cli_mailbox_print_summary (command, source);

  return BOUNCE_CLI_EXIT_OK;
}

int
bounce_cli_scan_inputs (BounceScanner           *scanner,
                        BounceCliMailboxOptions *options,
                        const char * const      *inputs,
                        const char              *command,
                        gboolean                 stop_on_error,
                        BounceRecordFunc         func,
                        gpointer                 user_data)
{
  int status = BOUNCE_CLI_EXIT_OK;
  guint i = 0;

  while (inputs[i] != NULL)
    {
      g_autoptr(GPtrArray) paths = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;

      if (bounce_imap_source_is_uri (inputs[i]))
        {
          if (scan_mailbox (scanner, options, inputs[i], command, func, user_data) != BOUNCE_CLI_EXIT_OK)
            {
              status = BOUNCE_CLI_EXIT_INPUT_ERROR;
              if (stop_on_error)
                return status;
            }
          i++;
          continue;
        }

      while (inputs[i] != NULL && !bounce_imap_source_is_uri (inputs[i]))
        g_ptr_array_add (paths, (gpointer) inputs[i++]);
      g_ptr_array_add (paths, NULL);

      /* A scan of files fails only when cancelled, and this call passes no
       * GCancellable. */
      if (!bounce_scanner_scan (scanner, (const char * const *) paths->pdata, func, user_data, NULL, &error))
        {
          bounce_cli_print_error (command, error->message);
          return BOUNCE_CLI_EXIT_INPUT_ERROR;
        }
    }

  return status;
}

int
bounce_cli_folders (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) remaining = NULL;
  g_auto(GStrv) folders = NULL;
  g_auto(BounceCliMailboxOptions) options = { NULL };
  BounceCliHistoryOptions history_options = { NULL };

  const GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &remaining, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("imaps://USER@SERVER[:PORT] — list the folders of a mailbox"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Logs in to the IMAP server and prints the folders that can be scanned, one "
                                  "per line, INBOX first. imaps:// uses TLS (port 993), imap:// requires "
                                  "STARTTLS (port 143). The password is read from the environment variable "
                                  "BOUNCE_IMAP_PASSWORD or asked for in the terminal."));
  g_option_context_set_description (context,
                                    _("Example:\n"
                                      "  bounce-cli folders imaps://jane@imap.example.com\n\n"
                                      "Exit status is 0 when the folders were listed, 1 when the server could "
                                      "not be read, and 2 when the command line is invalid.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  bounce_cli_mailbox_options_add (&options, context, FALSE);
  /* Accepted as by every command, so scripts can pass them to all.
   * Listing folders reads no history. */
  bounce_cli_history_options_add (&history_options, context);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      bounce_cli_mailbox_options_clear (&options);
      bounce_cli_history_options_clear (&history_options);
      return bounce_cli_usage_error ("folders", "%s", error->message);
    }
  bounce_cli_history_options_clear (&history_options);

  if (remaining == NULL || remaining[0] == NULL || remaining[1] != NULL)
    {
      bounce_cli_mailbox_options_clear (&options);
      return bounce_cli_usage_error ("folders", _("Name one mailbox, such as imaps://jane@imap.example.com"));
    }

  if (!bounce_imap_source_is_uri (remaining[0]))
    {
      bounce_cli_mailbox_options_clear (&options);
      return bounce_cli_usage_error ("folders", _("“%s” is not a mailbox address: write imaps://USER@SERVER"),
                                     remaining[0]);
    }

  if (!bounce_cli_mailbox_options_check (&options, "folders") ||
      !bounce_cli_mailbox_check_uris (&options, (const char * const *) remaining, "folders"))
    {
      bounce_cli_mailbox_options_clear (&options);
      return BOUNCE_CLI_EXIT_USAGE;
    }

  source = bounce_cli_mailbox_open (&options, remaining[0], "folders");
  bounce_cli_mailbox_options_clear (&options);
  if (source == NULL)
    return BOUNCE_CLI_EXIT_INPUT_ERROR;

  folders = bounce_imap_source_list_folders (source, NULL, &error);
  if (folders == NULL)
    {
      bounce_cli_mailbox_print_error ("folders", source, error);
      return BOUNCE_CLI_EXIT_INPUT_ERROR;
    }

  for (guint i = 0; folders[i] != NULL; i++)
    {
      g_autofree char *label = bounce_imap_dup_folder_label (folders[i]);

      printf ("%s\n", label);
    }

  if (fflush (stdout) != 0)
    return BOUNCE_CLI_EXIT_INPUT_ERROR;

  return BOUNCE_CLI_EXIT_OK;
}

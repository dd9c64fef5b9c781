/* bounce-mailbox-dialog.c: asks which IMAP folder to read, and whether
 * to trust a server's certificate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-mailbox-dialog"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "bounce-mailbox-dialog.h"

/* The rows of the security combo row, in the order of the .ui file. */
enum {
  SECURITY_ROW_TLS,
  SECURITY_ROW_STARTTLS,
  SECURITY_ROW_NONE,
};

struct _BounceMailboxDialog
{
  AdwWindow             parent_instance;

  GSettings            *settings;
  /* The folder listing or password lookup under way. */
  GCancellable         *cancellable;
  /* The folder to select once the list has loaded. */
  char                 *folder_to_select;

  /* Template widgets. */
  AdwEntryRow          *server_row;
  AdwComboRow          *security_row;
  AdwEntryRow          *port_row;
  AdwEntryRow          *user_row;
  AdwPasswordEntryRow  *password_row;
  GtkSwitch            *remember_switch;
  AdwPreferencesGroup  *messages_group;
  AdwComboRow          *folder_row;
  GtkStringList        *folder_list;
  GtkStack             *folder_stack;
  GtkButton            *load_folders_button;
  AdwExpanderRow       *date_row;
  GtkMenuButton        *since_button;
  GtkMenuButton        *until_button;
  GtkCalendar          *since_calendar;
  GtkCalendar          *until_calendar;
  GtkLabel             *status_label;
  GtkButton            *read_button;
};

G_DEFINE_FINAL_TYPE (BounceMailboxDialog, bounce_mailbox_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_OPEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const SecretSchema *
bounce_mailbox_get_password_schema (void)
{
  static const SecretSchema schema = {
    "org.example.Bounce.Mailbox", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "port", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

static const char *
security_to_string (BounceImapSecurity security)
{
  switch (security)
    {
    case BOUNCE_IMAP_SECURITY_STARTTLS:
      return "starttls";
    case BOUNCE_IMAP_SECURITY_NONE:
      return "none";
    case BOUNCE_IMAP_SECURITY_TLS:
    default:
      return "tls";
    }
}

static BounceImapSecurity
get_security (BounceMailboxDialog *self)
{
  switch (adw_combo_row_get_selected (self->security_row))
    {
    case SECURITY_ROW_STARTTLS:
      return BOUNCE_IMAP_SECURITY_STARTTLS;
    case SECURITY_ROW_NONE:
      return BOUNCE_IMAP_SECURITY_NONE;
    default:
      return BOUNCE_IMAP_SECURITY_TLS;
    }
}

static guint16
default_port (BounceImapSecurity security)
{
  return security == BOUNCE_IMAP_SECURITY_TLS ? BOUNCE_IMAP_PORT_TLS : BOUNCE_IMAP_PORT_STARTTLS;
}

static gboolean
parse_port (const char *text,
            guint16    *port)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT16, &value, NULL))
    return FALSE;

  *port = (guint16) value;

  return TRUE;
}

static char *
dup_trust_key (BounceImapSource *source)
{
  return g_strdup_printf ("%s:%u", bounce_imap_source_get_host (source), bounce_imap_source_get_port (source));
}

void
bounce_mailbox_apply_trust (GSettings        *settings,
                            BounceImapSource *source)
{
  g_autoptr(GVariant) trusted = g_settings_get_value (settings, "mailbox-trusted-certificates");
  g_autofree char *key = dup_trust_key (source);
  const char *fingerprint = NULL;

  if (g_variant_lookup (trusted, key, "&s", &fingerprint))
    bounce_imap_source_set_trusted_fingerprint (source, fingerprint, NULL);
}

static void
show_status (BounceMailboxDialog *self,
             const char          *text,
             gboolean             is_error)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL && *text != '\0');
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
update_sensitivity (BounceMailboxDialog *self)
{
  g_autofree char *server = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  guint16 port = 0;
  gboolean complete;

  complete = *server != '\0' && *user != '\0' && *password != '\0' &&
             parse_port (gtk_editable_get_text (GTK_EDITABLE (self->port_row)), &port);

  gtk_widget_set_sensitive (GTK_WIDGET (self->read_button), complete);
  gtk_widget_set_sensitive (GTK_WIDGET (self->load_folders_button), complete);
}

static void
account_changed_cb (BounceMailboxDialog *self)
{
  update_sensitivity (self);
}

/* Changing the security moves the port along while it is the other
 * setting's default. */
static void
security_changed_cb (BounceMailboxDialog *self)
{
  BounceImapSecurity security = get_security (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->port_row));
  guint16 port = 0;

  if (*text == '\0' ||
      (parse_port (text, &port) && (port == BOUNCE_IMAP_PORT_TLS || port == BOUNCE_IMAP_PORT_STARTTLS)))
    {
      g_autofree char *port_text = g_strdup_printf ("%u", default_port (security));

      gtk_editable_set_text (GTK_EDITABLE (self->port_row), port_text);
    }
}

static void
update_date_label (GtkMenuButton *button,
                   GtkCalendar   *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  /* TRANSLATORS: a day in a date range, "4 Dec 2026" */
  g_autofree char *text = bounce_format_date (date, _("%-d %b %Y"));

  gtk_menu_button_set_label (button, text);
}

static void
date_changed_cb (BounceMailboxDialog *self)
{
  update_date_label (self->since_button, self->since_calendar);
  update_date_label (self->until_button, self->until_calendar);
}

static void
set_calendar_date (GtkCalendar *calendar,
                   GDateTime   *date)
{
  gtk_calendar_select_day (calendar, date);
}

/* Selects the day @text (YYYY-MM-DD, from the settings) on @calendar, or
 * @fallback when @text is empty or invalid. */
static void
set_calendar_day (GtkCalendar *calendar,
                  const char  *text,
                  GDateTime   *fallback)
{
  g_autoptr(GDateTime) date = NULL;
  int year = 0;
  int month = 0;
  int day = 0;

  if (sscanf (text, "%4d-%2d-%2d", &year, &month, &day) == 3)
    date = g_date_time_new_local (year, month, day, 0, 0, 0);
  if (date == NULL && *text != '\0')
    g_message ("Ignoring the invalid mailbox date “%s” in the settings; expected YYYY-MM-DD.", text);

  set_calendar_date (calendar, date != NULL ? date : fallback);
}

static char *
dup_calendar_day (GtkCalendar *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);

  return g_date_time_format (date, "%Y-%m-%d");
}

static void
get_calendar_date (GtkCalendar *calendar,
                   GDate       *date)
{
  g_autoptr(GDateTime) selected = gtk_calendar_get_date (calendar);

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (selected),
                  (GDateMonth) g_date_time_get_month (selected),
                  (GDateYear) g_date_time_get_year (selected));
}

BounceImapSource *
bounce_mailbox_dialog_build_source (BounceMailboxDialog  *self,
                                    GError              **error)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autofree char *server = NULL;
  const char *user;
  const char *password;
  BounceImapSecurity security;
  guint16 port = 0;
  guint selected;

  g_return_val_if_fail (BOUNCE_IS_MAILBOX_DIALOG (self), NULL);

  server = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));
  user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  security = get_security (self);

  if (*server == '\0' || *user == '\0' || *password == '\0')
    {
      g_set_error_literal (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                           _("Fill in the server, the user name and the password."));
      return NULL;
    }

  if (!parse_port (gtk_editable_get_text (GTK_EDITABLE (self->port_row)), &port))
    {
      g_set_error_literal (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                           _("The port must be a number from 1 to 65535, usually 993 for TLS or 143 for STARTTLS."));
      return NULL;
    }

  if (!bounce_imap_login_is_allowed (security, server))
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INSECURE,
                   _("Without TLS the password would travel unencrypted to “%s”. Choose TLS or STARTTLS; "
                     "no security is allowed only for a server on this computer."),
                   server);
      return NULL;
    }

  source = bounce_imap_source_new (server, port, security, user);
  bounce_imap_source_set_password (source, password);
  bounce_mailbox_apply_trust (self->settings, source);

  selected = adw_combo_row_get_selected (self->folder_row);
  if (selected != GTK_INVALID_LIST_POSITION)
    bounce_imap_source_set_folder (source, gtk_string_list_get_string (self->folder_list, selected));

  /* The app shows every bounce of the folder: with a history, the
   * messages read before come from it and only new ones are fetched. */
  bounce_imap_source_set_incremental (source, TRUE);
  bounce_imap_source_set_include_earlier (source, TRUE);

  if (adw_expander_row_get_enable_expansion (self->date_row))
    {
      GDate since;
      GDate before;

      get_calendar_date (self->since_calendar, &since);
      get_calendar_date (self->until_calendar, &before);
      /* The Until day is included; IMAP's BEFORE excludes its day. */
      g_date_add_days (&before, 1);

      if (g_date_compare (&since, &before) >= 0)
        {
          g_set_error_literal (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                               _("The From day is after the Until day, so no message could match."));
          return NULL;
        }
      bounce_imap_source_set_date_range (source, &since, &before);
    }

  return g_steal_pointer (&source);
}

/* Folders */

static void
select_folder (BounceMailboxDialog *self,
               const char          *folder)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->folder_list));

  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (gtk_string_list_get_string (self->folder_list, i), folder) == 0)
        {
          adw_combo_row_set_selected (self->folder_row, i);
          return;
        }
    }
}

static void
trust_answered_cb (gboolean trusted,
                   gpointer user_data)
{
  g_autoptr(BounceMailboxDialog) self = user_data;

  if (trusted)
    bounce_mailbox_dialog_load_folders (self);
}

/* The folder row's label for a folder name: a name with a line break
 * or another control character would otherwise show a box glyph. */
static char *
dup_folder_label (gpointer    unused,
                  const char *folder)
{
  return folder != NULL ? bounce_imap_dup_folder_label (folder) : NULL;
}

static void
folders_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BounceMailboxDialog) self = user_data;
  BounceImapSource *source = BOUNCE_IMAP_SOURCE (object);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) folders = NULL;
  g_autofree char *text = NULL;
  guint n;

  folders = bounce_imap_source_list_folders_finish (source, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_stack_set_visible_child_name (self->folder_stack, "button");

  if (g_error_matches (error, BOUNCE_ERROR, BOUNCE_ERROR_CERTIFICATE))
    {
      show_status (self, NULL, FALSE);
      bounce_mailbox_ask_trust (GTK_WINDOW (self), self->settings, source, error,
                                trust_answered_cb, g_object_ref (self));
      return;
    }

  if (folders == NULL)
    {
      show_status (self, error->message, TRUE);
      return;
    }

  n = g_strv_length (folders);
  gtk_string_list_splice (self->folder_list, 0, g_list_model_get_n_items (G_LIST_MODEL (self->folder_list)),
                          (const char * const *) folders);
  select_folder (self, self->folder_to_select);

  text = g_strdup_printf (g_dngettext (NULL, "The server has %u folder.", "The server has %u folders.", n), n);
  show_status (self, text, FALSE);
}

void
bounce_mailbox_dialog_load_folders (BounceMailboxDialog *self)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GError) error = NULL;
  guint selected;

  g_return_if_fail (BOUNCE_IS_MAILBOX_DIALOG (self));

  source = bounce_mailbox_dialog_build_source (self, &error);
  if (source == NULL)
    {
      show_status (self, error->message, TRUE);
      return;
    }

  /* Keeps the folder picked now, or the remembered one, selected. */
  selected = adw_combo_row_get_selected (self->folder_row);
  if (selected != GTK_INVALID_LIST_POSITION)
    {
      g_free (self->folder_to_select);
      self->folder_to_select = g_strdup (gtk_string_list_get_string (self->folder_list, selected));
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  show_status (self, _("Loading the folders…"), FALSE);
  gtk_stack_set_visible_child_name (self->folder_stack, "spinner");
  bounce_imap_source_list_folders_async (source, self->cancellable, folders_listed_cb, g_object_ref (self));
}

static void
load_folders_clicked_cb (BounceMailboxDialog *self)
{
  bounce_mailbox_dialog_load_folders (self);
}

/* The keyring */

static void
password_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_message ("The password could not be stored in the keyring: %s", error->message);
}

static void
password_cleared_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_debug ("clearing the password from the keyring failed: %s", error->message);
}

static void
save_password (BounceMailboxDialog *self,
               BounceImapSource    *source)
{
  const char *server = bounce_imap_source_get_host (source);
  const char *user = bounce_imap_source_get_user (source);
  int port = bounce_imap_source_get_port (source);

  if (gtk_switch_get_active (self->remember_switch))
    {
      g_autofree char *label = g_strdup_printf (_("Bounce: %s on %s"), user, server);

      secret_password_store (bounce_mailbox_get_password_schema (), SECRET_COLLECTION_DEFAULT, label,
                             gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                             NULL, password_stored_cb, NULL,
                             "server", server, "port", port, "user", user, NULL);
    }
  else
    secret_password_clear (bounce_mailbox_get_password_schema (), NULL, password_cleared_cb, NULL,
                           "server", server, "port", port, "user", user, NULL);
}

gboolean
bounce_mailbox_look_up_password (GSettings           *settings,
                                 BounceImapSource    *source,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;
  guint port;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (source), FALSE);

  server = g_settings_get_string (settings, "mailbox-server");
  user = g_settings_get_string (settings, "mailbox-user");
  port = g_settings_get_uint (settings, "mailbox-port");
  if (!g_settings_get_boolean (settings, "mailbox-remember-password") ||
      !g_str_equal (server, bounce_imap_source_get_host (source)) ||
      !g_str_equal (user, bounce_imap_source_get_user (source)) ||
      port != bounce_imap_source_get_port (source))
    return FALSE;

  secret_password_lookup (bounce_mailbox_get_password_schema (), cancellable, callback, user_data,
                          "server", server, "port", (int) port, "user", user, NULL);

  return TRUE;
}

char *
bounce_mailbox_look_up_password_finish (GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = secret_password_lookup_finish (result, &error);

  if (password == NULL && error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("The password could not be read from the keyring: %s", error->message);

  return g_steal_pointer (&password);
}

static void
password_found_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BounceMailboxDialog) self = user_data;
  g_autofree char *password = bounce_mailbox_look_up_password_finish (result);

  if (password == NULL)
    return;

  if (*gtk_editable_get_text (GTK_EDITABLE (self->password_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);

  /* With everything remembered, the folder list can load at once. */
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->load_folders_button)))
    bounce_mailbox_dialog_load_folders (self);
}

static void
look_up_password (BounceMailboxDialog *self)
{
  g_autofree char *server = g_settings_get_string (self->settings, "mailbox-server");
  g_autofree char *user = g_settings_get_string (self->settings, "mailbox-user");
  g_autoptr(BounceImapSource) source = NULL;

  if (*server == '\0' || *user == '\0')
    return;

  /* The source only names the remembered account; nothing connects. */
  source = bounce_imap_source_new (server, (guint16) g_settings_get_uint (self->settings, "mailbox-port"),
                                   BOUNCE_IMAP_SECURITY_TLS, user);
  if (!bounce_mailbox_look_up_password (self->settings, source, self->cancellable, password_found_cb,
                                        g_object_ref (self)))
    g_object_unref (self);
}

/* Buttons */

static void
save_settings (BounceMailboxDialog *self,
               BounceImapSource    *source)
{
  g_settings_set_string (self->settings, "mailbox-server", bounce_imap_source_get_host (source));
  g_settings_set_uint (self->settings, "mailbox-port", bounce_imap_source_get_port (source));
  g_settings_set_string (self->settings, "mailbox-security",
                         security_to_string (bounce_imap_source_get_security (source)));
  g_settings_set_string (self->settings, "mailbox-user", bounce_imap_source_get_user (source));
  g_settings_set_string (self->settings, "mailbox-folder", bounce_imap_source_get_folder (source));
  g_settings_set_boolean (self->settings, "mailbox-remember-password",
                          gtk_switch_get_active (self->remember_switch));
}

/* The date range is kept even when the person switched it off, so it
 * comes back when switched on again. */
static void
save_date_range (BounceMailboxDialog *self)
{
  g_autofree char *since = dup_calendar_day (self->since_calendar);
  g_autofree char *until = dup_calendar_day (self->until_calendar);

  g_settings_set_boolean (self->settings, "mailbox-date-range", adw_expander_row_get_enable_expansion (self->date_row));
  g_settings_set_string (self->settings, "mailbox-since", since);
  g_settings_set_string (self->settings, "mailbox-until", until);
}

static void
read_clicked_cb (BounceMailboxDialog *self)
{
  g_autoptr(BounceImapSource) source = NULL;
  g_autoptr(GError) error = NULL;

  source = bounce_mailbox_dialog_build_source (self, &error);
  if (source == NULL)
    {
      show_status (self, error->message, TRUE);
      return;
    }

  save_settings (self, source);
  save_date_range (self);
  save_password (self, source);

  g_signal_emit (self, signals[SIGNAL_OPEN], 0, source);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_clicked_cb (BounceMailboxDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Trusting a certificate */

typedef struct
{
  GSettings        *settings;
  BounceImapSource *source;
  BounceTrustFunc   func;
  gpointer          user_data;
} TrustRequest;

static void
trust_request_free (TrustRequest *request)
{
  g_object_unref (request->settings);
  g_object_unref (request->source);
  g_free (request);
}

static void
trust_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   gpointer          user_data)
{
  TrustRequest *request = user_data;
  const char *fingerprint = bounce_imap_source_get_rejected_fingerprint (request->source);
  gboolean trusted = g_str_equal (response, "trust") && fingerprint != NULL;

  if (trusted)
    {
      g_autoptr(GVariant) old = g_settings_get_value (request->settings, "mailbox-trusted-certificates");
      g_autofree char *key = dup_trust_key (request->source);
      g_autofree char *trusted_fingerprint = g_strdup (fingerprint);
      GVariantBuilder builder;
      GVariantIter iter;
      const char *old_key;
      const char *old_fingerprint;

      /* The new fingerprint replaces the one trusted before, if any. */
      g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
      g_variant_iter_init (&iter, old);
      while (g_variant_iter_next (&iter, "{&s&s}", &old_key, &old_fingerprint))
        if (!g_str_equal (old_key, key))
          g_variant_builder_add (&builder, "{ss}", old_key, old_fingerprint);
      g_variant_builder_add (&builder, "{ss}", key, trusted_fingerprint);
      g_settings_set_value (request->settings, "mailbox-trusted-certificates", g_variant_builder_end (&builder));
      bounce_imap_source_set_trusted_fingerprint (request->source, trusted_fingerprint, NULL);
    }

  request->func (trusted, request->user_data);
  trust_request_free (request);
}

/* Returns @message as Pango markup with @fingerprint in a monospace
 * span. A zero-width space after each colon lets the fingerprint wrap
 * between bytes, so Pango never splits a byte. Its hyphen at a break
 * inside a word is off too, because the person compares every
 * character with the provider's fingerprint. */
static char *
dup_trust_body_markup (const char *message,
                       const char *fingerprint)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(GStrv) bytes = NULL;
  g_autofree char *breakable = NULL;
  g_autofree char *span = NULL;
  const char *start = fingerprint != NULL ? strstr (message, fingerprint) : NULL;

  if (start == NULL)
    return g_markup_escape_text (message, -1);

  before = g_markup_escape_text (message, start - message);
  after = g_markup_escape_text (start + strlen (fingerprint), -1);
  bytes = g_strsplit (fingerprint, ":", -1);
  breakable = g_strjoinv (":\u200B", bytes);
  span = g_markup_printf_escaped ("<span font_family=\"monospace\" insert_hyphens=\"false\">%s</span>",
                                  breakable);
  g_string_append (markup, before);
  g_string_append (markup, span);
  g_string_append (markup, after);

  return g_string_free (g_steal_pointer (&markup), FALSE);
}

void
bounce_mailbox_ask_trust (GtkWindow        *parent,
                          GSettings        *settings,
                          BounceImapSource *source,
                          const GError     *error,
                          BounceTrustFunc   func,
                          gpointer          user_data)
{
  TrustRequest *request;
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (BOUNCE_IS_IMAP_SOURCE (source));
  g_return_if_fail (error != NULL);
  g_return_if_fail (func != NULL);

  request = g_new0 (TrustRequest, 1);
  request->settings = g_object_ref (settings);
  request->source = g_object_ref (source);
  request->func = func;
  request->user_data = user_data;

  dialog = adw_message_dialog_new (parent, _("Trust This Certificate?"), NULL);
  body = dup_trust_body_markup (error->message, bounce_imap_source_get_rejected_fingerprint (source));
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), TRUE);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "trust", _("_Trust and Connect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (trust_response_cb), request);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Sources read in this run of the app, by account URI: only in memory,
 * on the main thread. */
static GHashTable *remembered_sources;

void
bounce_mailbox_remember_source (BounceImapSource *source)
{
  g_return_if_fail (BOUNCE_IS_IMAP_SOURCE (source));

  if (remembered_sources == NULL)
    remembered_sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  g_hash_table_replace (remembered_sources, bounce_imap_source_dup_account_uri (source), g_object_ref (source));
}

void
bounce_mailbox_forget_sources (void)
{
  g_clear_pointer (&remembered_sources, g_hash_table_unref);
}

BounceImapSource *
bounce_mailbox_lookup_source (const char *account_uri)
{
  if (remembered_sources == NULL || account_uri == NULL)
    return NULL;

  return g_hash_table_lookup (remembered_sources, account_uri);
}

/* GObject */

static void
bounce_mailbox_dialog_dispose (GObject *object)
{
  BounceMailboxDialog *self = BOUNCE_MAILBOX_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->folder_to_select, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), BOUNCE_TYPE_MAILBOX_DIALOG);

  G_OBJECT_CLASS (bounce_mailbox_dialog_parent_class)->dispose (object);
}

static void
bounce_mailbox_dialog_class_init (BounceMailboxDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bounce_mailbox_dialog_dispose;

  /* Emitted with the configured BounceImapSource, before the dialog
   * closes. */
  signals[SIGNAL_OPEN] =
    g_signal_new ("open",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, BOUNCE_TYPE_IMAP_SOURCE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Bounce/bounce-mailbox-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BounceMailboxDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, BounceMailboxDialog, security_row);
  gtk_widget_class_bind_template_child (widget_class, BounceMailboxDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, BounceMailboxDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, BounceMailboxDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, BounceMailboxDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, BounceMailboxDialog, messages_group);
  gtk_widget_class_bind_template_child (widget_class, BounceMailboxDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, BounceMailboxDialog, folder_list);
  gtk_widget_class_bind_template_child (widget_class, BounceMailboxDialog, folder_stack);
  gtk_widget_class_bind_template_child (widget_class, BounceMailboxDialog, load_folders_button);
  gtk_widget_class_bind_template_child (widget_class, BounceMailboxDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, BounceMailboxDialog, since_button);
  gtk_widget_class_bind_template_child (widget_class, BounceMailboxDialog, until_button);
  gtk_widget_class_bind_template_child (widget_class, BounceMailboxDialog, since_calendar);
  gtk_widget_class_bind_template_child (widget_class, BounceMailboxDialog, until_calendar);
  gtk_widget_class_bind_template_child (widget_class, BounceMailboxDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, dup_folder_label);
  gtk_widget_class_bind_template_child (widget_class, BounceMailboxDialog, read_button);
  gtk_widget_class_bind_template_callback (widget_class, account_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, security_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, load_folders_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, read_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
bounce_mailbox_dialog_init (BounceMailboxDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

static void
load_date_range (BounceMailboxDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  /* A month up to today, the usual look back after a campaign. */
  g_autoptr(GDateTime) month_ago = g_date_time_add_days (now, -30);
  g_autofree char *since = g_settings_get_string (self->settings, "mailbox-since");
  g_autofree char *until = g_settings_get_string (self->settings, "mailbox-until");

  set_calendar_day (self->since_calendar, since, month_ago);
  set_calendar_day (self->until_calendar, until, now);
  date_changed_cb (self);
  adw_expander_row_set_enable_expansion (self->date_row, g_settings_get_boolean (self->settings, "mailbox-date-range"));
}

static void
load_settings (BounceMailboxDialog *self)
{
  g_autofree char *server = g_settings_get_string (self->settings, "mailbox-server");
  g_autofree char *security = g_settings_get_string (self->settings, "mailbox-security");
  g_autofree char *user = g_settings_get_string (self->settings, "mailbox-user");
  g_autofree char *port = g_strdup_printf ("%u", g_settings_get_uint (self->settings, "mailbox-port"));

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
  if (g_str_equal (security, "starttls"))
    adw_combo_row_set_selected (self->security_row, SECURITY_ROW_STARTTLS);
  else if (g_str_equal (security, "none"))
    adw_combo_row_set_selected (self->security_row, SECURITY_ROW_NONE);
  else
    adw_combo_row_set_selected (self->security_row, SECURITY_ROW_TLS);
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user);
  gtk_switch_set_active (self->remember_switch, g_settings_get_boolean (self->settings, "mailbox-remember-password"));
  load_date_range (self);

  if (g_settings_get_boolean (self->settings, "keep-history"))
    adw_preferences_group_set_description (self->messages_group,
                                           _("Messages read before are taken from the history; only new "
                                             "ones are fetched from the server."));
  else
    adw_preferences_group_set_description (self->messages_group,
                                           _("The history is off in Preferences, so every message of the "
                                             "folder is fetched each time."));

  self->folder_to_select = g_settings_get_string (self->settings, "mailbox-folder");
  if (!g_str_equal (self->folder_to_select, "INBOX"))
    {
      gtk_string_list_append (self->folder_list, self->folder_to_select);
      select_folder (self, self->folder_to_select);
    }

  update_sensitivity (self);
}

BounceMailboxDialog *
bounce_mailbox_dialog_new (GtkWindow *parent,
                           GSettings *settings)
{
  BounceMailboxDialog *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (BOUNCE_TYPE_MAILBOX_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->settings = g_object_ref (settings);
  load_settings (self);
  look_up_password (self);

  return self;
}

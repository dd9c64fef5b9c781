/* bounce-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-application"

#include "config.h"

#include <glib/gi18n.h>

#include "bounce-application.h"
#include "bounce-window.h"

struct _BounceApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (BounceApplication, bounce_application, ADW_TYPE_APPLICATION)

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *application = user_data;
  static const char *developers[] = { "The Bounce developers", NULL };
  GtkWidget *about;

  about = adw_about_window_new ();
  g_object_set (about,
                "transient-for", gtk_application_get_active_window (application),
                "application-name", _("Bounce"),
                "application-icon", APP_ID,
                "version", PACKAGE_VERSION,
                "developer-name", _("The Bounce developers"),
                "developers", developers,
                "comments", _("Find the contacts whose email bounced and save a clean list without them. Everything stays on this computer."),
                "license-type", GTK_LICENSE_GPL_3_0,
                "translator-credits", _("translator-credits"),
                NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *application = user_data;
  GList *windows = gtk_application_get_windows (application);

  /* Closing each window saves its size, as closing it by hand does. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

static const GActionEntry app_actions[] = {
  { "about", about_action, NULL, NULL, NULL, { 0 } },
  { "quit", quit_action, NULL, NULL, NULL, { 0 } },
};

static BounceWindow *
bounce_application_get_window (BounceApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (bounce_window_new (GTK_APPLICATION (self)));

  return BOUNCE_WINDOW (window);
}

static void
bounce_application_activate (GApplication *application)
{
  gtk_window_present (GTK_WINDOW (bounce_application_get_window (BOUNCE_APPLICATION (application))));
}

static void
bounce_application_open (GApplication  *application,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  BounceWindow *window = bounce_application_get_window (BOUNCE_APPLICATION (application));

  gtk_window_present (GTK_WINDOW (window));
  bounce_window_open_files (window, files, n_files);
}

/* Handles the options that need no window, such as --version, in the
 * process that was started rather than in a running instance. */
static int
bounce_application_handle_local_options (GApplication *application,
                                         GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("bounce %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static void
bounce_application_startup (GApplication *application)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "win.open-contacts", { "<Control>o", NULL } },
    { "win.open-bounces", { "<Control><Shift>o", NULL } },
    /* Ctrl+S is where most programs save, so it opens the save options
     * too. */
    { "win.export", { "<Control>e", "<Control>s", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.preferences", { "<Control>comma", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "app.quit", { "<Control>q", NULL } },
  };

  G_APPLICATION_CLASS (bounce_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (application),
                                           accels[i].action, accels[i].accels);

  gtk_window_set_default_icon_name (APP_ID);
}

static void
bounce_application_class_init (BounceApplicationClass *klass)
{
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  application_class->activate = bounce_application_activate;
  application_class->open = bounce_application_open;
  application_class->startup = bounce_application_startup;
  application_class->handle_local_options = bounce_application_handle_local_options;
}

static void
bounce_application_init (BounceApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self), "version", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE, _("Print the version and quit"), NULL);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Opens contact lists (CSV files) and bounce messages "
                                              "(message files, folders, Maildir folders and mbox files)."));
}

BounceApplication *
bounce_application_new (GApplicationFlags flags)
{
  return g_object_new (BOUNCE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", flags | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/example/Bounce",
                       NULL);
}

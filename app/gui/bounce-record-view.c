/* bounce-record-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-record-view"

#include "config.h"

#include <glib/gi18n.h>

#include "bounce-gui-util.h"
#include "bounce-message-window.h"
#include "bounce-record-view.h"

struct _BounceRecordView
{
  GtkWidget             parent_instance;

  BounceRecord         *record;

  GtkWidget            *content;  /* the date's line and the group */
  AdwPreferencesGroup  *group;
  GtkLabel             *date_label;
  GtkLabel             *badge_label;
  AdwActionRow         *status_row;
  AdwActionRow         *meaning_row;
  AdwActionRow         *action_row;
  AdwActionRow         *match_row;
  AdwActionRow         *file_row;
  AdwExpanderRow       *diagnostic_row;
  GtkLabel             *diagnostic_label;
};

G_DEFINE_FINAL_TYPE (BounceRecordView, bounce_record_view, GTK_TYPE_WIDGET)

/* TRUE for a report that names no failed delivery. */
static gboolean
is_notice (BounceCategory category)
{
  return category == BOUNCE_CATEGORY_DELIVERED ||
         category == BOUNCE_CATEGORY_DELAYED ||
         category == BOUNCE_CATEGORY_AUTO_REPLY ||
         category == BOUNCE_CATEGORY_NOT_BOUNCE;
}

static void
view_message_cb (BounceRecordView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  BounceMessageWindow *window = bounce_message_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                           self->record);

  gtk_window_present (GTK_WINDOW (window));
}

/* "5.1.1 · reply 550 · Bad destination mailbox address" */
static char *
dup_status_text (const BounceRecord *record)
{
  const BounceStatusCode *code = NULL;
  GString *text = g_string_new (NULL);

  if (*record->status != '\0')
    {
      g_string_append (text, record->status);
      code = bounce_status_code_lookup (record->status);
    }

  if (*record->reply_code != '\0')
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      /* TRANSLATORS: an SMTP reply code such as 550 */
      g_string_append_printf (text, _("reply %s"), record->reply_code);
      if (code == NULL)
        code = bounce_status_code_lookup (record->reply_code);
    }

  if (code != NULL && code->title != NULL)
    g_string_append_printf (text, " · %s", code->title);

  if (text->len == 0)
    g_string_append (text, _("The message gave no status code."));

  return g_string_free (text, FALSE);
}

/* Row subtitles are Pango markup: file names and server texts may hold
 * "&" or "<". */
static void
set_subtitle_text (AdwActionRow *row,
                   const char   *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_action_row_set_subtitle (row, escaped);
}

/* Makes the status row open the Codes page at this bounce's codes. */
static void
link_status_row (BounceRecordView *self)
{
  const BounceRecord *record = self->record;
  g_autofree char *codes = g_strjoin (" ", record->reply_code, record->status, NULL);
  GtkWidget *icon;

  g_strstrip (codes);
  if (codes[0] == '\0')
    return;

  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->status_row), "win.show-code");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->status_row), "s", codes);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->status_row), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_row), _("Explain this code"));

  icon = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Explain this code"), -1);
  adw_action_row_add_suffix (self->status_row, icon);
}

static const BounceStatusCode *
lookup_code (const BounceRecord *record)
{
  const BounceStatusCode *code = NULL;

  if (*record->status != '\0')
    code = bounce_status_code_lookup (record->status);
  if (code == NULL && *record->reply_code != '\0')
    code = bounce_status_code_lookup (record->reply_code);

  return code;
}

static void
bounce_record_view_fill (BounceRecordView *self,
                         BounceMatchKind   kind,
                         const char       *address)
{
  const BounceRecord *record = self->record;
  const BounceStatusCode *code = lookup_code (record);
  g_autofree char *title = NULL;
  g_autofree char *status = dup_status_text (record);
  g_autofree char *base_name = bounce_gui_dup_file_label (record->file);
  g_autofree char *display_file = g_filename_display_name (record->file);
  g_autofree char *file_text = NULL;
  const char *reason = bounce_reason_get_description_for (record->reason, record->category);
  const char *meaning;
  const char *action;

  if (record->date != NULL)
    title = bounce_gui_format_date (record->date);
  else
    title = g_strdup (_("Date unknown"));
  gtk_label_set_text (self->date_label, title);
  if (kind == BOUNCE_MATCH_NONE && *record->recipient != '\0')
    {
      g_autofree char *markup = bounce_gui_markup_no_hyphens (record->recipient);

      adw_preferences_group_set_description (self->group, markup);
    }

  bounce_gui_badge_set_category (self->badge_label, record->category);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->badge_label)))
    {
      gtk_label_set_text (self->badge_label, bounce_category_get_title (record->category));
      gtk_widget_set_visible (GTK_WIDGET (self->badge_label), TRUE);
    }

  set_subtitle_text (self->status_row, status);
  link_status_row (self);

  /* The meaning and the advice stay apart: the advice is for this bounce
   * alone, and a contact's decision can differ from it (three soft
   * bounces remove a contact that each of them alone would keep). */
  meaning = reason != NULL ? reason : bounce_category_get_explanation (record->category);
  set_subtitle_text (self->meaning_row, meaning);

  /* The catalogue's advice for the code fits only a bounce of the same
   * verdict and cause: "554 5.7.9 Message not accepted for policy
   * reasons" is a policy block, not the weak login that 5.7.9 means. */
  action = code != NULL && code->action != NULL && code->category == record->category &&
           g_strcmp0 (code->reason, record->reason) == 0
           ? code->action
           : bounce_reason_get_action_for (record->reason, record->category);
  set_subtitle_text (self->action_row, action);

  if (kind != BOUNCE_MATCH_NONE && address != NULL)
    {
      g_autofree char *markup = bounce_gui_markup_no_hyphens (address);
      g_autofree char *kind_text = g_markup_escape_text (bounce_match_kind_get_title_for (kind, record->category), -1);
      /* TRANSLATORS: "ann@example.com, by the address the bounce names as failed" */
      g_autofree char *match = g_strdup_printf (C_("address and match", "%s, %s"), markup, kind_text);

      adw_action_row_set_subtitle (self->match_row, match);
    }
  else
    adw_action_row_set_subtitle (self->match_row, _("No contact has this address"));

  if (record->offset >= 0)
    /* TRANSLATORS: file name and the message's number inside an mbox file */
    file_text = g_strdup_printf (_("%s, message %u"), base_name, record->index + 1);
  else
    file_text = g_strdup (base_name);
  set_subtitle_text (self->file_row, file_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->file_row), display_file);

  bounce_gui_label_no_hyphens (self->diagnostic_label);
  if (*record->error != '\0')
    gtk_label_set_text (self->diagnostic_label, record->error);
  else if (*record->diagnostic != '\0')
    gtk_label_set_text (self->diagnostic_label, record->diagnostic);
  else
    gtk_widget_set_visible (GTK_WIDGET (self->diagnostic_row), FALSE);
}

static void
bounce_record_view_dispose (GObject *object)
{
  BounceRecordView *self = (BounceRecordView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), BOUNCE_TYPE_RECORD_VIEW);
  g_clear_pointer (&self->record, bounce_record_unref);

  G_OBJECT_CLASS (bounce_record_view_parent_class)->dispose (object);
}

static void
bounce_record_view_class_init (BounceRecordViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bounce_record_view_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Bounce/bounce-record-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BounceRecordView, content);
  gtk_widget_class_bind_template_child (widget_class, BounceRecordView, group);
  gtk_widget_class_bind_template_child (widget_class, BounceRecordView, date_label);
  gtk_widget_class_bind_template_child (widget_class, BounceRecordView, badge_label);
  gtk_widget_class_bind_template_child (widget_class, BounceRecordView, status_row);
  gtk_widget_class_bind_template_child (widget_class, BounceRecordView, meaning_row);
  gtk_widget_class_bind_template_child (widget_class, BounceRecordView, action_row);
  gtk_widget_class_bind_template_child (widget_class, BounceRecordView, match_row);
  gtk_widget_class_bind_template_child (widget_class, BounceRecordView, file_row);
  gtk_widget_class_bind_template_child (widget_class, BounceRecordView, diagnostic_row);
  gtk_widget_class_bind_template_child (widget_class, BounceRecordView, diagnostic_label);
  gtk_widget_class_bind_template_callback (widget_class, view_message_cb);
}

static void
bounce_record_view_init (BounceRecordView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
bounce_record_view_set_contact_decided (BounceRecordView *self,
                                        gboolean          contact_decided)
{
  g_return_if_fail (BOUNCE_IS_RECORD_VIEW (self));

  /* A delivery notice, delay warning or auto-reply is no bounce. */
  if (!contact_decided)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->action_row), _("What to Do"));
  else if (is_notice (self->record->category))
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->action_row), _("This Notice Alone"));
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->action_row), _("This Bounce Alone"));
}

void
bounce_record_view_set_other_address (BounceRecordView *self)
{
  g_return_if_fail (BOUNCE_IS_RECORD_VIEW (self));

  adw_preferences_group_set_description (self->group,
                                         _("For another address of this contact, not the one the list mails, so it does not decide whether the contact is removed."));
}

/* Describes the bounce as one for @failed_address, matched to this
 * contact through the message it came back on. */
void
bounce_record_view_set_failed_address (BounceRecordView *self,
                                       const char       *failed_address)
{
  g_autofree char *markup = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (BOUNCE_IS_RECORD_VIEW (self));
  g_return_if_fail (failed_address != NULL);

  markup = bounce_gui_markup_no_hyphens (failed_address);
  /* TRANSLATORS: %s is the address a bounce names as failed, which is not this contact's */
  text = g_strdup_printf (_("For %s, which failed when this contact’s mail was delivered there, so it does not remove the contact."),
                          markup);
  adw_preferences_group_set_description (self->group, text);
}

GtkWidget *
bounce_record_view_new (BounceRecord    *record,
                        BounceMatchKind  kind,
                        const char      *address)
{
  BounceRecordView *self;

  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (BOUNCE_TYPE_RECORD_VIEW, NULL);
  self->record = bounce_record_ref (record);
  bounce_record_view_fill (self, kind, address);

  return GTK_WIDGET (self);
}

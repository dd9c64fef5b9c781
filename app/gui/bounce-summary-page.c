/* bounce-summary-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-summary-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bounce-chart-view.h"
#include "bounce-gui-util.h"
#include "bounce-summary-page-private.h"

G_DEFINE_FINAL_TYPE (BounceSummaryPage, bounce_summary_page, ADW_TYPE_BIN)

enum {
  FINDING_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct {
  BounceChartKind  kind;
  const char      *title;
} chart_info[] = {
  { BOUNCE_CHART_CATEGORIES, N_("Contacts by Kind of Bounce") },
  { BOUNCE_CHART_DOMAINS, N_("Recipient Domains with the Most Bounces") },
  { BOUNCE_CHART_DAYS, N_("Bounces per Day") },
};

/* A card with a large figure over its caption. */
static void
add_figure (BounceSummaryPage *self,
            const char        *value,
            const char        *caption,
            const char        *tooltip,
            const char        *css_class)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *value_label = gtk_label_new (value);
  GtkWidget *caption_label = gtk_label_new (caption);
  g_autofree char *accessible = g_strdup_printf ("%s: %s", caption, value);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "summary-figure");
  gtk_widget_add_css_class (value_label, "title-1");
  if (css_class != NULL)
    gtk_widget_add_css_class (value_label, css_class);
  gtk_widget_add_css_class (caption_label, "caption");
  gtk_widget_add_css_class (caption_label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (caption_label), TRUE);
  gtk_label_set_justify (GTK_LABEL (caption_label), GTK_JUSTIFY_CENTER);
  gtk_widget_set_tooltip_text (box, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  gtk_box_append (GTK_BOX (box), value_label);
  gtk_box_append (GTK_BOX (box), caption_label);
  gtk_flow_box_append (self->figures_box, box);
}

static void
add_count_figure (BounceSummaryPage *self,
                  guint              count,
                  const char        *caption,
                  const char        *tooltip)
{
  g_autofree char *value = bounce_gui_format_count (count);

  add_figure (self, value, caption, tooltip, NULL);
}

/* Splits the rows into the contacts and the other rows, as
 * `bounce-cli clean` counts them: "Contacts: 227, duplicate rows: 2,
 * invalid addresses: 3, rows without address: 0, blank rows: 0". */
static char *
dup_other_rows_text (const BounceInsightFigures *figures)
{
  g_autofree char *contacts = bounce_gui_format_count (figures->addresses);
  g_autofree char *duplicates = bounce_gui_format_count (figures->duplicate_rows);
  g_autofree char *invalid = bounce_gui_format_count (figures->rows_invalid);
  g_autofree char *without_address = bounce_gui_format_count (figures->rows_without_address);
  g_autofree char *blank = bounce_gui_format_count (figures->rows_blank);

  /* TRANSLATORS: the tooltip of the "Rows Read" figure, whose counts add
   * up to it. A duplicate row has the mailbox of an earlier row, and a
   * blank row has no text in any field. */
  return g_strdup_printf (_("Contacts: %s, duplicate rows: %s, invalid addresses: %s, rows without address: %s, "
                            "blank rows: %s"),
                          contacts, duplicates, invalid, without_address, blank);
}

static void
fill_figures (BounceSummaryPage *self)
{
  const BounceInsightFigures *figures = bounce_insight_get_figures (self->insight);
  g_autofree char *bounce_rate = bounce_insight_format_rate (figures->bounce_rate);
  g_autofree char *hard_rate = bounce_insight_format_rate (figures->hard_rate);
  g_autofree char *complaint_rate = bounce_insight_format_rate (figures->complaint_rate);
  g_autofree char *complaint_limit = bounce_insight_format_rate (BOUNCE_INSIGHT_COMPLAINT_RATE_LIMIT);
  g_autofree char *complaint_tooltip = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->figures_box))) != NULL)
    gtk_flow_box_remove (self->figures_box, child);

  if (bounce_insight_get_contacts (self->insight) != NULL)
    {
      g_autofree char *other_rows = dup_other_rows_text (figures);

      /* The rows of the contact list's "All" filter, of which the
       * contacts are a part: the tooltip names the others. */
      add_count_figure (self, figures->rows,
                        g_dngettext (NULL, "Row Read", "Rows Read", figures->rows),
                        other_rows);
      add_count_figure (self, figures->addresses,
                        g_dngettext (NULL, "Contact", "Contacts", figures->addresses),
                        _("Distinct valid addresses in the list; a repeated mailbox counts once"));
      add_count_figure (self, figures->bounced,
                        g_dngettext (NULL, "Bounced Contact", "Bounced Contacts", figures->bounced),
                        _("Contacts with a hard, soft, blocked or unclear bounce"));
      add_figure (self, bounce_rate, _("Bounce Rate"), _("Bounced contacts out of all contacts"), NULL);
      add_figure (self, hard_rate, _("Hard-Bounce Rate"),
                  _("Above 2%, mailbox providers start filtering the sender"),
                  figures->hard_rate > BOUNCE_INSIGHT_HARD_RATE_LIMIT ? "error" : "success");
      /* TRANSLATORS: %s is a percentage such as "0.3%", with the decimal mark of the locale */
      complaint_tooltip = g_strdup_printf (_("Gmail and Yahoo require senders to stay below %s"), complaint_limit);
      add_figure (self, complaint_rate, _("Complaint Rate"), complaint_tooltip,
                  figures->complaint_rate >= BOUNCE_INSIGHT_COMPLAINT_RATE_LIMIT ? "error" : NULL);
      add_count_figure (self, figures->rows_removed,
                        g_dngettext (NULL, "Row Removed", "Rows Removed", figures->rows_removed),
                        _("Rows the cleaned list leaves out, with the current choices"));
      if (figures->rows_kept_by_choice > 0)
        add_count_figure (self, figures->rows_kept_by_choice,
                          g_dngettext (NULL, "Row Kept by Your Choice", "Rows Kept by Your Choice",
                                       figures->rows_kept_by_choice),
                          _("Rows you chose to keep, which the bounces, the suppression list or the list checks "
                            "would remove"));
    }
  add_count_figure (self, figures->read.messages,
                    g_dngettext (NULL, "Message Read", "Messages Read", figures->read.messages),
                    _("Message files, and messages inside mbox files"));
  add_count_figure (self, figures->read.bounce_recipients,
                    g_dngettext (NULL, "Bounce Recipient", "Bounce Recipients", figures->read.bounce_recipients),
                    _("Bounces, complaints, delay warnings, automatic replies and delivery notices, one per recipient"));
  if (figures->read.no_recipient > 0)
    add_count_figure (self, figures->read.no_recipient,
                      g_dngettext (NULL, "Report with No Recipient", "Reports with No Recipient",
                                   figures->read.no_recipient),
                      _("Bounces and other reports in which no recipient address was found"));
  if (figures->has_hygiene)
    add_count_figure (self, figures->hygiene.invalid,
                      g_dngettext (NULL, "Invalid Address", "Invalid Addresses", figures->hygiene.invalid),
                      _("Addresses that mail servers would refuse"));
}

static const char *
severity_icon (BounceSeverity severity)
{
  switch (severity)
    {
    case BOUNCE_SEVERITY_PROBLEM:
      return "dialog-error-symbolic";
    case BOUNCE_SEVERITY_WARNING:
      return "dialog-warning-symbolic";
    case BOUNCE_SEVERITY_INFO:
    default:
      return "dialog-information-symbolic";
    }
}

static const char *
severity_class (BounceSeverity severity)
{
  switch (severity)
    {
    case BOUNCE_SEVERITY_PROBLEM:
      return "error";
    case BOUNCE_SEVERITY_WARNING:
      return "warning";
    case BOUNCE_SEVERITY_INFO:
    default:
      return "accent";
    }
}

static GtkWidget *
create_finding_row (const BounceFinding *finding)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (severity_icon (finding->severity));
  g_autofree char *subtitle = NULL;

  gtk_widget_add_css_class (icon, severity_class (finding->severity));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), finding->text);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  if (finding->rows->len > 0)
    {
      g_autofree char *count = bounce_gui_format_count (finding->rows->len);

      subtitle = g_strdup_printf (g_dngettext (NULL, "Show %s row in the contact list",
                                               "Show the %s rows in the contact list", finding->rows->len),
                                  count);
    }
  else if (finding->kind == BOUNCE_FINDING_UNMATCHED)
    subtitle = g_strdup (_("Show the unmatched bounces"));

  if (subtitle != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
    }

  return row;
}

static void
fill_findings (BounceSummaryPage *self)
{
  GPtrArray *findings = bounce_insight_get_findings (self->insight);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->findings_list))) != NULL)
    gtk_list_box_remove (self->findings_list, child);

  for (guint i = 0; i < findings->len; i++)
    {
      GtkWidget *row = create_finding_row (findings->pdata[i]);

      g_object_set_data (G_OBJECT (row), "finding-index", GUINT_TO_POINTER (i));
      gtk_list_box_append (self->findings_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->findings_heading), findings->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->findings_list), findings->len > 0);
}

static void
finding_row_activated_cb (BounceSummaryPage *self,
                          GtkListBoxRow     *row,
                          GtkListBox        *list)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "finding-index"));

  g_signal_emit (self, signals[FINDING_ACTIVATED], 0, index);
}

static void
bounce_summary_page_dispose (GObject *object)
{
  BounceSummaryPage *self = BOUNCE_SUMMARY_PAGE (object);

  g_clear_object (&self->insight);

  G_OBJECT_CLASS (bounce_summary_page_parent_class)->dispose (object);
}

static void
bounce_summary_page_class_init (BounceSummaryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bounce_summary_page_dispose;

  /* The index of the finding in bounce_insight_get_findings(). */
  signals[FINDING_ACTIVATED] =
    g_signal_new ("finding-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Bounce/bounce-summary-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BounceSummaryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BounceSummaryPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, BounceSummaryPage, figures_box);
  gtk_widget_class_bind_template_child (widget_class, BounceSummaryPage, findings_heading);
  gtk_widget_class_bind_template_child (widget_class, BounceSummaryPage, findings_list);
  gtk_widget_class_bind_template_child (widget_class, BounceSummaryPage, charts_box);
  gtk_widget_class_bind_template_callback (widget_class, finding_row_activated_cb);
}

static void
bounce_summary_page_init (BounceSummaryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (chart_info); i++)
    {
      self->chart_titles[i] = gtk_label_new (_(chart_info[i].title));
      gtk_label_set_xalign (GTK_LABEL (self->chart_titles[i]), 0);
      gtk_widget_set_margin_top (self->chart_titles[i], 12);
      gtk_widget_add_css_class (self->chart_titles[i], "heading");
      self->charts[i] = bounce_chart_view_new (chart_info[i].kind);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->charts[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(chart_info[i].title),
                                      -1);
      gtk_box_append (self->charts_box, self->chart_titles[i]);
      gtk_box_append (self->charts_box, self->charts[i]);
    }
}

GtkWidget *
bounce_summary_page_new (void)
{
  return g_object_new (BOUNCE_TYPE_SUMMARY_PAGE, NULL);
}

void
bounce_summary_page_set_insight (BounceSummaryPage *self,
                                 BounceInsight     *insight)
{
  BounceContactList *contacts;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (BOUNCE_IS_SUMMARY_PAGE (self));
  g_return_if_fail (insight == NULL || BOUNCE_IS_INSIGHT (insight));

  g_set_object (&self->insight, insight);
  for (guint i = 0; i < G_N_ELEMENTS (chart_info); i++)
    {
      gboolean shown = insight != NULL && bounce_chart_has_data (insight, chart_info[i].kind);

      bounce_chart_view_set_insight (BOUNCE_CHART_VIEW (self->charts[i]), insight);
      gtk_widget_set_visible (self->chart_titles[i], shown);
      gtk_widget_set_visible (self->charts[i], shown);
    }

  if (insight == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  contacts = bounce_insight_get_contacts (insight);
  name = contacts != NULL ? g_path_get_basename (bounce_contact_list_get_path (contacts)) : NULL;
  title = name != NULL ? g_strdup_printf (_("Summary of %s"), name) : g_strdup (_("Summary of the Bounces"));
  gtk_label_set_text (self->title_label, title);

  fill_figures (self);
  fill_findings (self);
  gtk_stack_set_visible_child_name (self->stack, "summary");
}

BounceInsight *
bounce_summary_page_get_insight (BounceSummaryPage *self)
{
  g_return_val_if_fail (BOUNCE_IS_SUMMARY_PAGE (self), NULL);

  return self->insight;
}

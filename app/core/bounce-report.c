/* bounce-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-report"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bounce-chart.h"
#include "bounce-cleaner.h"
#include "bounce-error.h"
#include "bounce-report.h"

/* The charts' width in CSS pixels. The images are drawn at twice that
 * width for high-density screens. */
#define CHART_WIDTH 720

/* The page's own style: no fonts, scripts or images from elsewhere. */
static const char page_style[] =
  "body{font-family:system-ui,sans-serif;max-width:780px;margin:2em auto;padding:0 1em;color:#303030}"
  "h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em}"
  "table{border-collapse:collapse}td,th{padding:.2em .8em;text-align:left;border-bottom:1px solid #deddda}"
  "td.number{text-align:right;font-variant-numeric:tabular-nums}"
  "ul.findings{padding-left:0;list-style:none}"
  "ul.findings>li{border-left:4px solid #77767b;padding:.3em .8em;margin:.6em 0}"
  "ul.findings>li.problem{border-color:#e01b24}ul.findings>li.warning{border-color:#f5c211}"
  "img{max-width:100%;height:auto}"
  ".muted{color:#77767b}";

/* Appends @text to @html with &, <, >, ' and " escaped. */
static void
append_escaped (GString    *html,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (html, escaped);
}

static void
append_row (GString    *html,
            const char *label,
            const char *value)
{
  g_string_append (html, "<tr><th>");
  append_escaped (html, label);
  g_string_append (html, "</th><td class=\"number\">");
  append_escaped (html, value);
  g_string_append (html, "</td></tr>\n");
}

static void
append_count_row (GString    *html,
                  const char *label,
                  guint       value)
{
  g_autofree char *text = g_strdup_printf ("%u", value);

  append_row (html, label, text);
}

static void
append_figures (GString                    *html,
                const BounceInsightFigures *figures)
{
  g_autofree char *bounce_rate = bounce_insight_format_rate (figures->bounce_rate);
  g_autofree char *hard_rate = bounce_insight_format_rate (figures->hard_rate);
  g_autofree char *complaint_rate = bounce_insight_format_rate (figures->complaint_rate);

  g_string_append_printf (html, "<h2>%s</h2>\n<table>\n", _("Figures"));
  append_count_row (html, _("Contact rows"), figures->rows);
  append_count_row (html, _("Contacts (distinct addresses)"), figures->addresses);
  append_count_row (html, _("Duplicate rows"), figures->duplicate_rows);
  if (figures->rows_blank > 0)
    append_count_row (html, _("Blank rows"), figures->rows_blank);
  append_count_row (html, _("Messages read"), figures->read.messages);
  append_count_row (html, _("Bounce recipients"), figures->read.bounce_recipients);
  if (figures->read.no_recipient > 0)
    append_count_row (html, _("Reports with no recipient"), figures->read.no_recipient);
  append_count_row (html, _("Failed deliveries"), figures->failures);
  append_count_row (html, _("Bounced contacts"), figures->bounced);
  append_row (html, _("Bounce rate"), bounce_rate);
  append_row (html, _("Hard-bounce rate"), hard_rate);
  append_row (html, _("Complaint rate"), complaint_rate);
  append_count_row (html, _("Rows kept"), figures->rows_kept);
  append_count_row (html, _("Rows removed"), figures->rows_removed);
  append_count_row (html, _("Unmatched bounces"), figures->unmatched);
  if (figures->has_hygiene)
    {
      append_count_row (html, _("Invalid addresses"), figures->hygiene.invalid);
      append_count_row (html, _("Rows with warnings"), figures->hygiene.risky);
      for (guint i = 0; i < BOUNCE_HYGIENE_N_FLAGS; i++)
        append_count_row (html, bounce_hygiene_flag_get_title (1 << i), figures->hygiene.flagged[i]);
      append_count_row (html, _("Rows without address"), figures->hygiene.empty);
    }
  g_string_append (html, "</table>\n");
}

static void
append_finding (GString             *html,
                BounceInsight       *insight,
                const BounceFinding *finding)
{
  BounceContactList *contacts = bounce_insight_get_contacts (insight);
  guint n = finding->rows->len;

  g_string_append_printf (html, "<li class=\"%s\"><p>", bounce_severity_to_string (finding->severity));
  append_escaped (html, finding->text);
  g_string_append (html, "</p>");

  if (n > 0 && contacts != NULL)
    {
      int column = bounce_contact_list_get_email_column (contacts);
      g_autofree char *summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u contact", "%u contacts", n), n);

      g_string_append (html, "<details><summary>");
      append_escaped (html, summary);
      g_string_append (html, "</summary><ul>");
      for (guint i = 0; i < n && i < BOUNCE_REPORT_MAX_LISTED; i++)
        {
          guint row = g_array_index (finding->rows, guint, i);
          g_autofree char *cell = bounce_contact_list_dup_cell (contacts, row, column);
          g_autofree char *line = g_strdup_printf (_("line %u"), bounce_contact_list_get_line (contacts, row));

          g_string_append (html, "<li>");
          append_escaped (html, cell);
          g_string_append (html, " <span class=\"muted\">");
          append_escaped (html, line);
          g_string_append (html, "</span></li>");
        }
      if (n > BOUNCE_REPORT_MAX_LISTED)
        {
          g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more", "… and %u more",
                                                                n - BOUNCE_REPORT_MAX_LISTED),
                                                   n - BOUNCE_REPORT_MAX_LISTED);

          g_string_append (html, "<li class=\"muted\">");
          append_escaped (html, more);
          g_string_append (html, "</li>");
        }
      g_string_append (html, "</ul></details>");
    }

  g_string_append (html, "</li>\n");
}

static gboolean
append_chart (GString          *html,
              BounceInsight    *insight,
              BounceChartKind   kind,
              const char       *title,
              GError          **error)
{
  g_autoptr(GBytes) png = NULL;
  g_autofree char *base64 = NULL;
  g_autofree char *description = NULL;

  if (!bounce_chart_has_data (insight, kind))
    return TRUE;

  png = bounce_chart_render_png (insight, kind, CHART_WIDTH, 2, error);
  if (png == NULL)
    return FALSE;

  base64 = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  description = bounce_chart_dup_description (insight, kind);

  g_string_append (html, "<h2>");
  append_escaped (html, title);
  g_string_append_printf (html, "</h2>\n<img width=\"%d\" src=\"data:image/png;base64,%s\" alt=\"",
                          CHART_WIDTH, base64);
  append_escaped (html, description);
  g_string_append (html, "\">\n");

  return TRUE;
}

static void
append_category_table (GString       *html,
                       BounceInsight *insight)
{
  const BounceInsightFigures *figures = bounce_insight_get_figures (insight);
  const BounceCategory *categories = bounce_insight_chart_categories ();

  g_string_append_printf (html, "<table>\n<tr><th>%s</th><th>%s</th><th>%s</th></tr>\n",
                          _("Kind of bounce"), _("Contacts"), _("Share of contacts"));
  for (guint i = 0; categories[i] != BOUNCE_CATEGORY_LAST; i++)
    {
      guint count = figures->contact_counts[categories[i]];
      g_autofree char *share = bounce_insight_format_rate (figures->addresses > 0 ? (double) count / figures->addresses : 0);

      g_string_append (html, "<tr><td>");
      append_escaped (html, bounce_category_get_title (categories[i]));
      g_string_append_printf (html, "</td><td class=\"number\">%u</td><td class=\"number\">%s</td></tr>\n",
                              count, share);
    }
  g_string_append (html, "</table>\n");
}

static void
append_domain_table (GString       *html,
                     BounceInsight *insight)
{
  GPtrArray *domains = bounce_insight_get_domains (insight);
  const BounceCategory *categories = bounce_insight_chart_categories ();

  if (domains->len == 0)
    return;

  g_string_append_printf (html, "<table>\n<tr><th>%s</th>", _("Domain"));
  for (guint j = 0; categories[j] != BOUNCE_CATEGORY_LAST; j++)
    {
      g_string_append (html, "<th>");
      append_escaped (html, bounce_category_get_title (categories[j]));
      g_string_append (html, "</th>");
    }
  g_string_append_printf (html, "<th>%s</th></tr>\n", _("Total"));

  for (guint i = 0; i < domains->len; i++)
    {
      const BounceInsightDomain *domain = domains->pdata[i];

      g_string_append (html, "<tr><td>");
      append_escaped (html, domain->domain);
      g_string_append (html, "</td>");
      for (guint j = 0; categories[j] != BOUNCE_CATEGORY_LAST; j++)
        g_string_append_printf (html, "<td class=\"number\">%u</td>", domain->counts[categories[j]]);
      g_string_append_printf (html, "<td class=\"number\">%u</td></tr>\n", domain->total);
    }
  g_string_append (html, "</table>\n");
}

char *
bounce_report_dup_html (BounceInsight  *insight,
                        GError        **error)
{
  g_autoptr(GString) html = g_string_new (NULL);
  BounceContactList *contacts;
  GPtrArray *findings;
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (BOUNCE_IS_INSIGHT (insight), NULL);

  contacts = bounce_insight_get_contacts (insight);
  findings = bounce_insight_get_findings (insight);
  name = contacts != NULL ? g_path_get_basename (bounce_contact_list_get_path (contacts)) : NULL;
  heading = name != NULL ? g_strdup_printf (_("Bounce report: %s"), name) : g_strdup (_("Bounce report"));

  g_string_append (html, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
                         "<meta name=\"viewport\" content=\"width=device-width\">\n<title>");
  append_escaped (html, heading);
  g_string_append_printf (html, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", page_style);
  append_escaped (html, heading);
  g_string_append (html, "</h1>\n");

  append_figures (html, bounce_insight_get_figures (insight));

  g_string_append_printf (html, "<h2>%s</h2>\n", _("Findings"));
  if (findings->len == 0)
    g_string_append_printf (html, "<p>%s</p>\n", _("Nothing stands out."));
  else
    {
      g_string_append (html, "<ul class=\"findings\">\n");
      for (guint i = 0; i < findings->len; i++)
        append_finding (html, insight, findings->pdata[i]);
      g_string_append (html, "</ul>\n");
    }

  if (!append_chart (html, insight, BOUNCE_CHART_CATEGORIES, _("Contacts by kind of bounce"), error))
    return NULL;
  if (bounce_chart_has_data (insight, BOUNCE_CHART_CATEGORIES))
    append_category_table (html, insight);
  if (!append_chart (html, insight, BOUNCE_CHART_DOMAINS, _("Recipient domains with the most bounces"), error))
    return NULL;
  append_domain_table (html, insight);
  if (!append_chart (html, insight, BOUNCE_CHART_DAYS, _("Bounces per day"), error))
    return NULL;

  g_string_append (html, "</body>\n</html>\n");

  return g_string_free (g_steal_pointer (&html), FALSE);
}

/* CSV */

/* Appends one CSV field, quoted when it contains a comma, a quote or a
 * line break (RFC 4180 2.6), and the separator or line end after it. */
static void
append_field (GString    *csv,
              const char *text,
              gboolean    last)
{
  if (text == NULL)
    text = "";

  if (strpbrk (text, ",\"\r\n") != NULL)
    {
      g_string_append_c (csv, '"');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (csv, '"');
          g_string_append_c (csv, *p);
        }
      g_string_append_c (csv, '"');
    }
  else
    g_string_append (csv, text);

  g_string_append (csv, last ? "\r\n" : ",");
}

static void
append_line (GString    *csv,
             const char *section,
             const char *name,
             const char *category,
             const char *value,
             const char *text)
{
  append_field (csv, section, FALSE);
  append_field (csv, name, FALSE);
  append_field (csv, category, FALSE);
  append_field (csv, value, FALSE);
  append_field (csv, text, TRUE);
}

static void
append_count_line (GString    *csv,
                   const char *section,
                   const char *name,
                   const char *category,
                   guint       value)
{
  char number[16];

  g_snprintf (number, sizeof number, "%u", value);
  append_line (csv, section, name, category, number, NULL);
}

static void
append_rate_line (GString    *csv,
                  const char *name,
                  double      value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  /* A dot whatever the locale, so spreadsheets and scripts agree. */
  g_ascii_formatd (number, sizeof number, "%.4f", value);
  append_line (csv, "figure", name, NULL, number, NULL);
}

char *
bounce_report_dup_csv (BounceInsight *insight)
{
  g_autoptr(GString) csv = g_string_new ("section,name,category,value,text\r\n");
  const BounceInsightFigures *figures;
  GPtrArray *domains;
  GPtrArray *findings;
  GArray *days;

  g_return_val_if_fail (BOUNCE_IS_INSIGHT (insight), NULL);

  figures = bounce_insight_get_figures (insight);
  domains = bounce_insight_get_domains (insight);
  days = bounce_insight_get_days (insight);
  findings = bounce_insight_get_findings (insight);

  append_count_line (csv, "figure", "rows", NULL, figures->rows);
  append_count_line (csv, "figure", "addresses", NULL, figures->addresses);
  append_count_line (csv, "figure", "duplicate_rows", NULL, figures->duplicate_rows);
  append_count_line (csv, "figure", "blank_rows", NULL, figures->rows_blank);
  append_count_line (csv, "figure", "messages", NULL, figures->read.messages);
  append_count_line (csv, "figure", "reports", NULL, figures->read.bounce_recipients);
  append_count_line (csv, "figure", "reports_with_no_recipient", NULL, figures->read.no_recipient);
  append_count_line (csv, "figure", "failures", NULL, figures->failures);
  append_count_line (csv, "figure", "bounced", NULL, figures->bounced);
  append_rate_line (csv, "bounce_rate", figures->bounce_rate);
  append_rate_line (csv, "hard_rate", figures->hard_rate);
  append_rate_line (csv, "complaint_rate", figures->complaint_rate);
  append_count_line (csv, "figure", "rows_kept", NULL, figures->rows_kept);
  append_count_line (csv, "figure", "rows_removed", NULL, figures->rows_removed);
  append_count_line (csv, "figure", "unmatched", NULL, figures->unmatched);
  if (figures->has_hygiene)
    {
      append_count_line (csv, "figure", "invalid", NULL, figures->hygiene.invalid);
      append_count_line (csv, "figure", "risky", NULL, figures->hygiene.risky);
      append_count_line (csv, "figure", "empty", NULL, figures->hygiene.empty);
      for (guint i = 0; i < BOUNCE_HYGIENE_N_FLAGS; i++)
        append_count_line (csv, "figure", bounce_hygiene_flag_to_string (1 << i), NULL, figures->hygiene.flagged[i]);
    }

  for (guint category = 0; category < BOUNCE_CATEGORY_LAST; category++)
    append_count_line (csv, "contacts", NULL, bounce_category_to_string (category), figures->contact_counts[category]);
  for (guint category = 0; category < BOUNCE_CATEGORY_LAST; category++)
    append_count_line (csv, "records", NULL, bounce_category_to_string (category), figures->record_counts[category]);

  for (guint i = 0; i < domains->len; i++)
    {
      const BounceInsightDomain *domain = domains->pdata[i];

      for (guint category = 0; category < BOUNCE_CATEGORY_LAST; category++)
        if (domain->counts[category] > 0)
          append_count_line (csv, "domain", domain->domain, bounce_category_to_string (category),
                             domain->counts[category]);
    }

  for (guint i = 0; i < days->len; i++)
    {
      const BounceInsightDay *day = &g_array_index (days, BounceInsightDay, i);
      g_autofree char *date = g_strdup_printf ("%04d-%02d-%02d", day->year, day->month, day->day);

      for (guint category = 0; category < BOUNCE_CATEGORY_LAST; category++)
        if (day->counts[category] > 0)
          append_count_line (csv, "day", date, bounce_category_to_string (category), day->counts[category]);
    }

  for (guint i = 0; i < findings->len; i++)
    {
      const BounceFinding *finding = findings->pdata[i];
      char number[16];

      g_snprintf (number, sizeof number, "%u", finding->rows->len);
      append_line (csv, "finding", bounce_finding_kind_to_string (finding->kind),
                   bounce_severity_to_string (finding->severity), number, finding->text);
    }

  return g_string_free (g_steal_pointer (&csv), FALSE);
}

static gboolean
write_file (const char  *path,
            const char  *contents,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!bounce_clean_check_output_file (path, error))
    return FALSE;

  /* A report lists contact addresses, so it is readable by its owner
   * only, like the cleaned copy of a private contact file. */
  if (!g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRITE,
                   _("Could not write the report “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* Reports quote contact cells, which are read from a mapping of the
 * contact file and would be garbage after a rewrite of the file. */
static gboolean
check_contacts_unchanged (BounceInsight  *insight,
                          GError        **error)
{
  BounceContactList *contacts = bounce_insight_get_contacts (insight);

  return contacts == NULL || bounce_contact_list_check_unchanged (contacts, error);
}

gboolean
bounce_report_write_html (BounceInsight  *insight,
                          const char     *path,
                          GError        **error)
{
  g_autofree char *html = NULL;

  g_return_val_if_fail (BOUNCE_IS_INSIGHT (insight), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_contacts_unchanged (insight, error))
    return FALSE;
  html = bounce_report_dup_html (insight, error);
  if (html == NULL)
    return FALSE;

  return write_file (path, html, error);
}

gboolean
bounce_report_write_csv (BounceInsight  *insight,
                         const char     *path,
                         GError        **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (BOUNCE_IS_INSIGHT (insight), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_contacts_unchanged (insight, error))
    return FALSE;
  csv = bounce_report_dup_csv (insight);

  return write_file (path, csv, error);
}

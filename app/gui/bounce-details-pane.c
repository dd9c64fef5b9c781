/* bounce-details-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-details-pane"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bounce-details-pane.h"
#include "bounce-gui-util.h"
#include "bounce-record-view.h"

/* The longest part of an address between an "@" and a "." that the
 * details title keeps on one line: about the width of the pane in the
 * title's font at the narrowest window. An estimate. */
#define MAX_UNBROKEN_PART 24

/* A contact with more bounces than this shows the most recent ones only,
 * so one address that bounced every day for years stays quick to show. */
#define MAX_SHOWN_RECORDS 50

struct _BounceDetailsPane
{
  GtkWidget  parent_instance;

  GtkStack  *stack;
  GtkLabel  *address_label;
  GtkLabel  *line_label;
  GtkLabel  *badge_label;
  GtkLabel  *verdict_label;
  GtkLabel  *findings_label;
  GtkLabel  *advice_label;
  GtkButton *suppression_button;
  GtkButton *keep_button;
  GtkButton *stop_keeping_button;
  GtkButton *remove_button;
  GtkBox    *records_box;
};

G_DEFINE_FINAL_TYPE (BounceDetailsPane, bounce_details_pane, GTK_TYPE_WIDGET)

static void
bounce_details_pane_clear_records (BounceDetailsPane *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->records_box))) != NULL)
    gtk_box_remove (self->records_box, child);
}

/* Why the list checks remove the row: "invalid", or the name of the
 * warning flag that the save choices remove. */
static char *
dup_check_removal_text (const char *removal)
{
  BounceHygieneFlags flag = BOUNCE_HYGIENE_FLAG_NONE;

  if (g_strcmp0 (removal, "invalid") == 0)
    return g_strdup (_("Removed when saving: the address is invalid."));

  if (removal != NULL && bounce_hygiene_flags_parse (removal, &flag, NULL))
    /* TRANSLATORS: %s is the name of a list check's warning, such as
     * "Possible typo" or "Role address" */
    return g_strdup_printf (_("Removed when saving: the save choices remove addresses with the warning “%s”."),
                            bounce_hygiene_flag_get_title (flag));

  return g_strdup (_("Removed when saving."));
}

/* Returns the maximum number of soft bounces counted for the limit on
 * one address of @row's list address cell, and sets @soft_address to
 * that address when the cell has several. @verdict, the row's, counts
 * its first address only. */
static guint
count_cell_soft_bounces (BounceCleaner           *cleaner,
                         const BounceCleanPolicy *policy,
                         guint                    row,
                         const BounceRowVerdict  *verdict,
                         const char             **soft_address)
{
  BounceContactList *contacts = bounce_cleaner_get_contacts (cleaner);
  const char * const *more = bounce_contact_list_get_more_list_addresses (contacts, row);
  guint n_soft = verdict->n_soft;

  *soft_address = NULL;
  if (more == NULL)
    return n_soft;

  *soft_address = bounce_contact_list_get_address (contacts, row);
  for (guint i = 0; more[i] != NULL; i++)
    {
      BounceRowVerdict address_verdict;

      bounce_cleaner_get_address_verdict (cleaner, policy, row, more[i], &address_verdict);
      if (address_verdict.n_soft > n_soft)
        {
          n_soft = address_verdict.n_soft;
          *soft_address = more[i];
        }
    }

  return n_soft;
}

/* The decision for the row, in one line beside its badge. A kept row
 * gets the @n_soft soft bounces of @soft_address, the address of its
 * cell with the most, and a removed row those of its first address,
 * whose removal is the row's. @unsuppressed_text is
 * bounce_history_dup_unsuppressed_text() of the list address, or NULL. */
static char *
dup_verdict_text (const BounceRowVerdict  *verdict,
                  const BounceCleanPolicy *policy,
                  gboolean                 invalid,
                  guint                    n_matches,
                  guint                    n_list_matches,
                  guint                    n_list_notices,
                  BounceCategory           notice_category,
                  guint                    n_soft,
                  const char              *soft_address,
                  const char              *unsuppressed_text)
{
  if (verdict->removed)
    {
      if (g_strcmp0 (verdict->removal, "suppressed") == 0 && verdict->mailbox_address != NULL)
        /* TRANSLATORS: %s is another spelling of the contact's address,
         * "jane@gmail.com" for "j.a.n.e@gmail.com" */
        return g_strdup_printf (_("Removed when saving: %s, the same mailbox, is on the suppression list."),
                                verdict->mailbox_address);
      if (g_strcmp0 (verdict->removal, "suppressed") == 0)
        return g_strdup (_("Removed when saving: the address is on the suppression list."));
      if (g_strcmp0 (verdict->removal, "hard") == 0)
        return g_strdup (_("Removed when saving: the address does not work."));
      if (g_strcmp0 (verdict->removal, "complaint") == 0)
        return g_strdup (_("Removed when saving: this person reported spam."));
      if (g_strcmp0 (verdict->removal, "soft-limit") == 0)
        return g_strdup_printf (g_dngettext (NULL,
                                             "Removed when saving: %u soft bounce reached the limit.",
                                             "Removed when saving: %u soft bounces reached the limit.",
                                             verdict->n_soft),
                                verdict->n_soft);
      return dup_check_removal_text (verdict->removal);
    }

  if (verdict->overridden_removal != NULL)
    return g_strdup (_("Kept by your choice: it would otherwise be removed when saving."));

  if (verdict->damaged)
    return g_strdup (_("Kept: this line could not be read reliably, so it is never removed."));

  if (verdict->kept_address != NULL)
    /* TRANSLATORS: the first %s is the address that bounced, the second
     * another address in the same email cell that did not */
    return g_strdup_printf (_("Kept: %s would be removed, but %s in the same email cell keeps the row."),
                            verdict->spared_address, verdict->kept_address);

  if (verdict->check_address != NULL)
    /* TRANSLATORS: %s is the address a bounce names as failed, which is not this contact's */
    return g_strdup_printf (_("Kept for you to check: the bounce is for %s."), verdict->check_address);

  /* Soft bounces of earlier scans count with a history, even when none
   * is open now. A kept address that reached the limit with them was
   * kept because they span too few days. */
  if (policy->history != NULL && policy->soft_limit > 0 && n_soft >= policy->soft_limit)
    return g_strdup_printf (g_dngettext (NULL,
                                         /* TRANSLATORS: the second number is the days set in the preferences */
                                         "Kept: %u soft bounces, but over less than %u day.",
                                         "Kept: %u soft bounces, but over less than %u days.",
                                         policy->soft_days),
                            n_soft, policy->soft_days);
  if (invalid && n_list_matches == 0)
    return g_strdup (_("Kept: invalid addresses are kept with the current save choices."));
  if (n_matches == 0 && n_soft == 0 && unsuppressed_text != NULL)
    /* TRANSLATORS: %s is "the history records a hard bounce 5.1.1 on 5 Mar
     * 2024, and the address was taken off the suppression list on 6 Mar 2024" */
    return g_strdup_printf (_("Kept: %s."), unsuppressed_text);
  if (n_matches == 0 && n_soft == 0)
    return g_strdup (_("Kept: no bounce for this contact."));
  if (n_list_matches == 0 && n_soft == 0)
    return g_strdup (_("Kept: the bounces are for another address of this contact, not the one the list mails."));

  /* A row is kept despite a bounce that could remove it only because of
   * a choice in the save dialog, and the details state that choice. */
  if (verdict->category == BOUNCE_CATEGORY_HARD && !policy->remove_hard)
    return g_strdup (_("Kept: hard bounces are kept with the current save choices."));
  if (verdict->category == BOUNCE_CATEGORY_COMPLAINT && !policy->remove_complaints)
    return g_strdup (_("Kept: complaints are kept with the current save choices."));
  if (n_soft > 0 && policy->soft_limit == 0)
    return g_strdup (_("Kept: soft bounces never remove a contact with the current save choices."));
  if (n_soft > 0 && soft_address != NULL)
    return g_strdup_printf (g_dngettext (NULL,
                                         /* TRANSLATORS: %s is one address of an email cell with
                                          * several, the last number the limit set in the save dialog */
                                         "Kept: %u soft bounce of %s, below the limit of %u.",
                                         "Kept: %u soft bounces of %s, below the limit of %u.",
                                         n_soft),
                            n_soft, soft_address, policy->soft_limit);
  if (n_soft > 0)
    return g_strdup_printf (g_dngettext (NULL,
                                         /* TRANSLATORS: the second number is the limit set in the save dialog */
                                         "Kept: %u soft bounce, below the limit of %u.",
                                         "Kept: %u soft bounces, below the limit of %u.",
                                         n_soft),
                            n_soft, policy->soft_limit);

  /* Delivery notices, delay warnings and auto-replies are no bounces,
   * so they are counted apart. */
  if (n_list_notices == n_list_matches && notice_category == BOUNCE_CATEGORY_DELIVERED)
    return g_strdup_printf (g_dngettext (NULL,
                                         "Kept: %u delivery notice and no bounce.",
                                         "Kept: %u delivery notices and no bounce.",
                                         n_list_notices),
                            n_list_notices);
  if (n_list_notices == n_list_matches && notice_category == BOUNCE_CATEGORY_DELAYED)
    return g_strdup_printf (g_dngettext (NULL,
                                         "Kept: %u delay warning and no bounce.",
                                         "Kept: %u delay warnings and no bounce.",
                                         n_list_notices),
                            n_list_notices);
  if (n_list_notices == n_list_matches && notice_category == BOUNCE_CATEGORY_AUTO_REPLY)
    return g_strdup_printf (g_dngettext (NULL,
                                         "Kept: %u auto-reply and no bounce.",
                                         "Kept: %u auto-replies and no bounce.",
                                         n_list_notices),
                            n_list_notices);
  if (n_list_notices == n_list_matches)
    return g_strdup_printf (g_dngettext (NULL,
                                         "Kept: %u notice, such as a delivery notice, delay warning or auto-reply, and no bounce.",
                                         "Kept: %u notices, such as delivery notices, delay warnings or auto-replies, and no bounce.",
                                         n_list_notices),
                            n_list_notices);

  return g_strdup_printf (g_dngettext (NULL,
                                       "Kept: %u bounce, none that removes it.",
                                       "Kept: %u bounces, none that removes it.",
                                       n_list_matches - n_list_notices),
                          n_list_matches - n_list_notices);
}

/* Why a row kept by a person's choice would be removed without it, as
 * sentences for the advice, with the date of a choice the history
 * stored and a warning when the address failed again since. */
static char *
dup_overridden_text (const BounceRowVerdict *verdict)
{
  const char *removal = verdict->overridden_removal;
  g_autofree char *since = NULL;
  g_autofree char *kept = NULL;
  const char *cause;

  if (g_str_equal (removal, "hard"))
    cause = _("the address does not work");
  else if (g_str_equal (removal, "complaint"))
    cause = _("this person reported spam");
  else if (g_str_equal (removal, "suppressed"))
    cause = _("the address is on the suppression list");
  else if (g_str_equal (removal, "soft-limit"))
    cause = _("its soft bounces reached the limit");
  else if (g_str_equal (removal, "invalid"))
    cause = _("the address is invalid");
  else
    cause = _("the save choices remove addresses with one of its list-check warnings");

  if (verdict->kept_since == 0)
    /* TRANSLATORS: %s is a cause, such as "the address does not work" */
    return g_strdup_printf (_("You chose to keep this contact, so it stays in the cleaned list, although %s."), cause);

  since = bounce_history_dup_date (verdict->kept_since);
  /* TRANSLATORS: the first %s is a date, "5 Dec 2026", the second a
   * cause, such as "the address does not work" */
  kept = g_strdup_printf (_("You chose to keep this contact on %s, so it stays in every cleaned list, although %s."),
                          since, cause);
  if (!verdict->bounced_since_kept)
    return g_steal_pointer (&kept);

  return g_strconcat (kept, " ",
                      _("It hard-bounced or reported spam after that choice, so check whether to stop keeping it."),
                      NULL);
}

/* The soft-bounce rule of the history, for advice: "The preferences
 * remove a contact after 3 soft bounces spread over at least 7 days." */
static char *
dup_history_rule_text (const BounceCleanPolicy *policy)
{
  g_autofree char *bounces = NULL;
  g_autofree char *days = NULL;

  /* TRANSLATORS: the first half of "after 3 soft bounces spread over at least 7 days" */
  bounces = g_strdup_printf (g_dngettext (NULL, "%u soft bounce", "%u soft bounces", policy->soft_limit),
                             policy->soft_limit);
  if (!bounce_history_rule_needs_span (policy->soft_limit, policy->soft_days))
    /* TRANSLATORS: "3 soft bounces" */
    return g_strdup_printf (_("The preferences remove a contact after %s from separate mailings, because an address that keeps failing is usually no longer read."),
                            bounces);

  /* TRANSLATORS: the second half of "after 3 soft bounces spread over at least 7 days" */
  days = g_strdup_printf (g_dngettext (NULL, "%u day", "%u days", policy->soft_days), policy->soft_days);

  /* TRANSLATORS: "3 soft bounces" and "7 days" */
  return g_strdup_printf (_("The preferences remove a contact after %s from separate mailings, spread over at least %s, because an address that keeps failing is usually no longer read."),
                          bounces, days);
}

/* What the decision means and why, in words that agree with it: a row
 * removed for repeated soft bounces gets the reason for the removal,
 * not the advice of a single soft bounce ("try again later"). */
static char *
dup_advice_text (const BounceRowVerdict     *verdict,
                 const BounceCleanPolicy    *policy,
                 const BounceHistoryVerdict *history_verdict,
                 const BounceSuppression    *suppression,
                 guint                       line)
{
  static const char * const bounce_removals[] = { "hard", "complaint", "soft-limit", "suppressed", NULL };

  if (verdict->damaged && verdict->skipped_removal != NULL
      && g_strv_contains (bounce_removals, verdict->skipped_removal))
    return g_strdup_printf (_("Its bounces would remove it, but a quote on line %u of the file is never closed, so the columns of this row cannot be trusted. Fix the quotes on that line and open the list again."),
                            line);
  if (verdict->damaged && verdict->skipped_removal != NULL)
    return g_strdup_printf (_("The list checks would remove it, but a quote on line %u of the file is never closed, so the columns of this row cannot be trusted. Fix the quotes on that line and open the list again."),
                            line);
  if (verdict->damaged)
    return g_strdup_printf (_("A quote on line %u of the file is never closed, so the columns of this row cannot be trusted. Fix the quotes on that line and open the list again."),
                            line);
  /* Remove This Contact puts the address on the suppression list, which
   * only a history keeps. */
  if (verdict->check_address != NULL && policy->history != NULL)
    /* TRANSLATORS: %s is the address a bounce names as failed, which is not this contact's */
    return g_strdup_printf (_("The bounce names %s as the address that failed, and it came back on a message sent to this contact. This address may be a group, of which only %s failed, or forward its mail there. It is kept. If it only forwards to the failed address, remove this contact."),
                            verdict->check_address, verdict->check_address);
  if (verdict->check_address != NULL)
    /* TRANSLATORS: %s is the address a bounce names as failed, which is not this contact's */
    return g_strdup_printf (_("The bounce names %s as the address that failed, and it came back on a message sent to this contact. The contact’s address may be a group of which only %s failed, or it may forward its mail there. The contact is kept. If its address only forwards to the failed address, delete its row in the contact file yourself."),
                            verdict->check_address, verdict->check_address);
  if (verdict->kept_address != NULL)
    /* TRANSLATORS: %s is an address in the same cell as the one that bounced */
    return g_strdup_printf (_("Kept: its email cell holds several addresses, and %s was not removed. A row is removed only when every address in its email cell is."),
                            verdict->kept_address);
  if (suppression != NULL)
    {
      g_autofree char *description = bounce_suppression_dup_row_description (suppression, verdict->mailbox_address);
      g_autofree char *sentence = bounce_gui_dup_sentence_case (description);

      /* TRANSLATORS: %s is "Suppressed since 2 Nov 2026: hard bounce 5.1.1" */
      return g_strdup_printf (_("%s. Addresses on the suppression list are removed from every contact list, also when no bounce for them is open."),
                              sentence);
    }
  /* The escalation rule looked at the soft bounces of every scan. */
  if (history_verdict->text != NULL)
    {
      g_autofree char *found = bounce_gui_dup_sentence_case (history_verdict->text);
      g_autofree char *rule = dup_history_rule_text (policy);

      /* TRANSLATORS: "3 soft bounces between 2 and 16 November 2026", then the rule */
      return g_strdup_printf (_("%s. %s"), found, rule);
    }
  if (g_strcmp0 (verdict->removal, "hard") == 0)
    return g_strdup (bounce_category_get_explanation (BOUNCE_CATEGORY_HARD));
  if (g_strcmp0 (verdict->removal, "complaint") == 0)
    return g_strdup_printf ("%s %s",
                            bounce_category_get_explanation (BOUNCE_CATEGORY_COMPLAINT),
                            _("Mailing them again can harm the delivery of all your mail."));
  if (g_strcmp0 (verdict->removal, "soft-limit") == 0)
    {
      g_autofree char *failures = NULL;
      g_autofree char *limit = NULL;

      failures = g_strdup_printf (g_dngettext (NULL,
                                               "Delivery to this address failed temporarily %u time.",
                                               "Delivery to this address failed temporarily %u times.",
                                               verdict->n_soft),
                                  verdict->n_soft);
      limit = g_strdup_printf (g_dngettext (NULL,
                                            "The save choices remove a contact after %u such failure, because an address that keeps failing is usually no longer read.",
                                            "The save choices remove a contact after %u such failures, because an address that keeps failing is usually no longer read.",
                                            policy->soft_limit),
                               policy->soft_limit);

      return g_strdup_printf ("%s %s", failures, limit);
    }

  /* Kept: the advice for the worst bounce agrees with keeping the row,
   * except for a hard bounce or complaint kept by choice. */
  if (verdict->category == BOUNCE_CATEGORY_HARD || verdict->category == BOUNCE_CATEGORY_COMPLAINT)
    return g_strdup (bounce_category_get_explanation (verdict->category));

  return g_strdup_printf ("%s %s",
                          bounce_category_get_explanation (verdict->category),
                          bounce_category_get_action (verdict->category));
}


/* Orders matches as bounce_record_compare_date() orders their records. */
static int
compare_match_dates (gconstpointer a,
                     gconstpointer b)
{
  const BounceMatch *match_a = *(const BounceMatch * const *) a;
  const BounceMatch *match_b = *(const BounceMatch * const *) b;

  return bounce_record_compare_date ((const BounceRecord * const *) &match_a->record,
                                     (const BounceRecord * const *) &match_b->record);
}

/* Shows @address in @label. An address has no spaces, so a wrapped line
 * would break it between any two characters ("alice.moreau@example.co"
 * and "m"). Only the places before an "@" or a "." stay open to a line
 * break, so a long address wraps at "@example.com" or at ".com". A part
 * longer than MAX_UNBROKEN_PART bytes may still break anywhere, so that
 * it cannot make the pane wider than the window. */
static void
set_address_title (GtkLabel   *label,
                   const char *address)
{
  PangoAttrList *attributes = pango_attr_list_new ();
  guint start = 0;
  guint length = strlen (address);

  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  for (guint i = 1; i <= length; i++)
    {
      PangoAttribute *no_breaks;

      if (i < length && address[i] != '@' && address[i] != '.')
        continue;
      if (i - start > MAX_UNBROKEN_PART)
        {
          start = i;
          continue;
        }

      no_breaks = pango_attr_allow_breaks_new (FALSE);
      no_breaks->start_index = start;
      no_breaks->end_index = i;
      pango_attr_list_insert (attributes, no_breaks);
      start = i;
    }

  gtk_label_set_text (label, address);
  gtk_label_set_attributes (label, attributes);
  pango_attr_list_unref (attributes);
}

static void
bounce_details_pane_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BOUNCE_TYPE_DETAILS_PANE);

  G_OBJECT_CLASS (bounce_details_pane_parent_class)->dispose (object);
}

static void
bounce_details_pane_class_init (BounceDetailsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bounce_details_pane_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Bounce/bounce-details-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, BounceDetailsPane, stack);
  gtk_widget_class_bind_template_child (widget_class, BounceDetailsPane, address_label);
  gtk_widget_class_bind_template_child (widget_class, BounceDetailsPane, line_label);
  gtk_widget_class_bind_template_child (widget_class, BounceDetailsPane, badge_label);
  gtk_widget_class_bind_template_child (widget_class, BounceDetailsPane, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, BounceDetailsPane, findings_label);
  gtk_widget_class_bind_template_child (widget_class, BounceDetailsPane, advice_label);
  gtk_widget_class_bind_template_child (widget_class, BounceDetailsPane, suppression_button);
  gtk_widget_class_bind_template_child (widget_class, BounceDetailsPane, keep_button);
  gtk_widget_class_bind_template_child (widget_class, BounceDetailsPane, stop_keeping_button);
  gtk_widget_class_bind_template_child (widget_class, BounceDetailsPane, remove_button);
  gtk_widget_class_bind_template_child (widget_class, BounceDetailsPane, records_box);
}

static void
bounce_details_pane_init (BounceDetailsPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bounce_gui_label_no_hyphens (self->address_label);
}

void
bounce_details_pane_show_row (BounceDetailsPane *self,
                              BounceSession     *session,
                              int                row)
{
  g_auto(BounceHistoryVerdict) history_verdict = { 0 };
  g_autoptr(BounceSuppression) suppression = NULL;
  BounceContactList *contacts;
  BounceCleaner *cleaner;
  GPtrArray *matches;
  BounceRowVerdict verdict;
  const BounceCleanPolicy *policy;
  g_autofree char *verdict_text = NULL;
  g_autofree char *advice_text = NULL;
  g_autofree char *line_text = NULL;
  g_autofree char *findings_text = NULL;
  g_autofree char *unsuppressed_text = NULL;
  g_auto(GStrv) findings = NULL;
  BounceHygiene *hygiene;
  BounceHygieneFlags flags = BOUNCE_HYGIENE_FLAG_NONE;
  gboolean invalid = FALSE;
  g_autofree char *cell = NULL;
  g_autoptr(GPtrArray) by_date = NULL;
  const char *address;
  const char *list_address;
  const char *soft_address;
  guint n_soft;
  int duplicate_of;
  guint n_matches;
  guint n_list_matches = 0;
  guint n_list_notices = 0;
  BounceCategory notice_category = BOUNCE_CATEGORY_LAST;
  guint first;

  g_return_if_fail (BOUNCE_IS_DETAILS_PANE (self));

  bounce_details_pane_clear_records (self);

  if (session == NULL || row < 0 || bounce_session_get_cleaner (session) == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  contacts = bounce_session_get_contacts (session);
  cleaner = bounce_session_get_cleaner (session);
  matches = bounce_cleaner_get_row_matches (cleaner, row);
  n_matches = matches != NULL ? matches->len : 0;
  policy = bounce_session_get_policy (session);
  bounce_cleaner_get_verdict (cleaner, policy, row, &verdict);
  suppression = bounce_cleaner_get_history_verdict (cleaner, policy, row, &history_verdict);

  hygiene = bounce_session_get_hygiene (session);
  address = bounce_contact_list_get_address (contacts, row);
  /* An invalid address is no address, so the title shows the cell as
   * written: the address read from part of it may not be in the file. */
  if (address == NULL || (hygiene != NULL && bounce_hygiene_is_invalid (hygiene, row)))
    {
      address = NULL;
      cell = bounce_contact_list_dup_cell (contacts, row, bounce_contact_list_get_email_column (contacts));
      if (cell != NULL && *g_strstrip (cell) != '\0')
        address = cell;
    }
  set_address_title (self->address_label, address != NULL ? address : _("No address in this row"));

  if (hygiene != NULL)
    {
      findings = bounce_hygiene_dup_findings (hygiene, row);
      flags = bounce_hygiene_get_flags (hygiene, row);
      invalid = bounce_hygiene_is_invalid (hygiene, row);
    }

  /* The list checks' "Duplicate" finding names the earlier line itself,
   * and also catches the same mailbox spelt another way. */
  duplicate_of = bounce_cleaner_get_duplicate_of (cleaner, row);
  if (duplicate_of >= 0 && !(flags & BOUNCE_HYGIENE_FLAG_DUPLICATE))
    line_text = g_strdup_printf (_("Line %u of the file, the same address as line %u"),
                                 bounce_contact_list_get_line (contacts, row),
                                 bounce_contact_list_get_line (contacts, duplicate_of));
  else
    line_text = g_strdup_printf (_("Line %u of the file"), bounce_contact_list_get_line (contacts, row));
  gtk_label_set_text (self->line_label, line_text);

  /* A row kept to check must not look like a removed hard bounce. */
  if (verdict.check_address != NULL && !verdict.removed && verdict.overridden_removal == NULL)
    bounce_gui_badge_set_text (self->badge_label, "badge-to-check", bounce_gui_get_to_check_badge_text ());
  else
    bounce_gui_badge_set_category (self->badge_label, verdict.category);
  for (guint i = 0; i < n_matches; i++)
    {
      const BounceMatch *match = g_ptr_array_index (matches, i);
      BounceCategory category = match->record->category;

      if (!match->on_list_address)
        continue;
      n_list_matches++;
      if (category != BOUNCE_CATEGORY_DELIVERED && category != BOUNCE_CATEGORY_DELAYED &&
          category != BOUNCE_CATEGORY_AUTO_REPLY && category != BOUNCE_CATEGORY_NOT_BOUNCE)
        continue;

      /* The kind of notice, or BOUNCE_CATEGORY_LAST for several kinds. */
      if (n_list_notices == 0)
        notice_category = category;
      else if (notice_category != category)
        notice_category = BOUNCE_CATEGORY_LAST;
      n_list_notices++;
    }
  n_soft = count_cell_soft_bounces (cleaner, policy, row, &verdict, &soft_address);
  /* A kept contact with no bounce open may still have a hard bounce in
   * the history, as `bounce-cli history` lists it, when a person took the
   * address off the suppression list. */
  list_address = bounce_contact_list_get_address (contacts, row);
  if (!verdict.removed && n_matches == 0 && n_soft == 0 && policy->history != NULL && list_address != NULL)
    {
      g_autoptr(GError) error = NULL;

      unsuppressed_text = bounce_history_dup_unsuppressed_text (policy->history, list_address, &error);
      if (error != NULL)
        g_warning ("Could not read the history of %s: %s", list_address, error->message);
    }
  verdict_text = dup_verdict_text (&verdict, policy, invalid, n_matches, n_list_matches, n_list_notices,
                                   notice_category, n_soft, soft_address, unsuppressed_text);
  gtk_label_set_text (self->verdict_label, verdict_text);

  if (findings != NULL)
    findings_text = g_strjoinv ("\n", findings);
  gtk_label_set_text (self->findings_label, findings_text != NULL ? findings_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->findings_label), findings_text != NULL);

  if (n_list_matches > 0 || verdict.damaged || suppression != NULL || history_verdict.text != NULL)
    advice_text = dup_advice_text (&verdict, policy, &history_verdict, suppression,
                                   bounce_contact_list_get_line (contacts, row));
  if (verdict.overridden_removal != NULL)
    {
      g_autofree char *overridden = dup_overridden_text (&verdict);
      char *joined = advice_text != NULL ? g_strconcat (overridden, " ", advice_text, NULL)
                                         : g_steal_pointer (&overridden);

      g_free (advice_text);
      advice_text = joined;
    }
  gtk_label_set_text (self->advice_label, advice_text != NULL ? advice_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->advice_label), advice_text != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->suppression_button), suppression != NULL);
  if (suppression != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->suppression_button), "s", suppression->address);

  /* A person may keep a row that would be removed, and change their
   * mind. A row without a valid list address has nothing to keep by. */
  gtk_widget_set_visible (GTK_WIDGET (self->keep_button), verdict.removed && list_address != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_keeping_button), verdict.kept_by_choice);
  /* A row kept to check may be a forward that the person wants gone. */
  gtk_widget_set_visible (GTK_WIDGET (self->remove_button),
                          !verdict.removed && verdict.check_address != NULL && !verdict.kept_by_choice &&
                          list_address != NULL && policy->history != NULL);
  if (list_address != NULL)
    {
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_button), "s", list_address);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->keep_button), "s", list_address);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->stop_keeping_button), "s", list_address);
    }

  /* Matches come in the order the files were read, which is unrelated to
   * their dates. They are shown oldest first, as `bounce-cli history`
   * lists them, and the latest ones when there are too many. */
  if (n_matches > 0)
    {
      /* A copy without the free function of @matches, which owns them. */
      by_date = g_ptr_array_sized_new (n_matches);
      for (guint i = 0; i < n_matches; i++)
        g_ptr_array_add (by_date, g_ptr_array_index (matches, i));
      g_ptr_array_sort (by_date, compare_match_dates);
    }
  first = n_matches > MAX_SHOWN_RECORDS ? n_matches - MAX_SHOWN_RECORDS : 0;
  for (guint i = first; i < n_matches; i++)
    {
      const BounceMatch *match = g_ptr_array_index (by_date, i);
      GtkWidget *view = bounce_record_view_new (match->record, match->kind, match->address);

      bounce_record_view_set_contact_decided (BOUNCE_RECORD_VIEW (view), TRUE);
      if (!match->on_list_address)
        bounce_record_view_set_other_address (BOUNCE_RECORD_VIEW (view));
      else if (match->failed_address != NULL)
        bounce_record_view_set_failed_address (BOUNCE_RECORD_VIEW (view), match->failed_address);
      gtk_box_append (self->records_box, view);
    }

  gtk_stack_set_visible_child_name (self->stack, "contact");
}

gboolean
bounce_details_pane_shows_contact (BounceDetailsPane *self)
{
  g_return_val_if_fail (BOUNCE_IS_DETAILS_PANE (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "contact") == 0;
}

guint
bounce_details_pane_get_n_records (BounceDetailsPane *self)
{
  guint n_records = 0;

  g_return_val_if_fail (BOUNCE_IS_DETAILS_PANE (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->records_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n_records++;

  return n_records;
}

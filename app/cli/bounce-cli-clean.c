/* bounce-cli-clean.c: `bounce-cli clean`, the contact file without the
 * bounced contacts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-cli-clean"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bounce-cli.h"
#include "bounce-cli-check.h"
#include "bounce-cli-history.h"
#include "bounce-cli-mailbox.h"
#include "bounce-cli-contacts.h"
#include "bounce-cli-table.h"

/* Unmatched failure records listed one by one in the text summary. */
#define MAX_UNMATCHED_SHOWN 10
/* Damaged rows listed one by one in the text summary. */
#define MAX_DAMAGED_SHOWN 10

/* Unreadable bounce files listed by name in the summary. */
#define MAX_UNREADABLE_SHOWN 10

typedef struct
{
  BounceStatusColumns  columns;
  GPtrArray           *records;
  GPtrArray           *unreadable; /* the first records of files that could not be read */
  guint                max_unreadable; /* how many of them to keep: all for --json */
  /* --json: records keep the server's text and host, which the
   * "unmatched" entries print with the keys of `scan --json` */
  gboolean             server_text;
  BounceReadCounts     read;
  /* The contact file and the outputs, as GStatBuf: found in a folder of
   * bounces, they are no unreadable message but the clean's own files. */
  GArray              *own_files;
} CleanState;

static const struct {
  const char          *name;
  BounceStatusColumns  column;
} column_names[] = {
  { "bounce_category", BOUNCE_STATUS_COLUMN_CATEGORY },
  { "bounce_reason", BOUNCE_STATUS_COLUMN_REASON },
  { "bounce_status", BOUNCE_STATUS_COLUMN_STATUS },
  { "bounce_date", BOUNCE_STATUS_COLUMN_DATE },
};

static gboolean
parse_add_columns_cb (const char  *option_name,
                      const char  *value,
                      gpointer     user_data,
                      GError     **error)
{
  CleanState *state = user_data;
  g_auto(GStrv) names = NULL;

  if (value == NULL || g_ascii_strcasecmp (value, "all") == 0)
    {
      state->columns = BOUNCE_STATUS_COLUMN_ALL;
      return TRUE;
    }

  names = g_strsplit (value, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);
      gboolean found = FALSE;

      if (g_ascii_strcasecmp (name, "all") == 0)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“all” names every status column, so it cannot be combined with others in "
                         "--add-columns “%s”: give all alone, or a list of bounce_category, bounce_reason, "
                         "bounce_status and bounce_date"),
                       value);
          return FALSE;
        }

      /* "category" is accepted for "bounce_category". */
      if (g_str_has_prefix (name, "bounce_"))
        name += strlen ("bounce_");

      for (guint j = 0; j < G_N_ELEMENTS (column_names) && !found; j++)
        {
          if (g_str_equal (name, column_names[j].name + strlen ("bounce_")))
            {
              state->columns |= column_names[j].column;
              found = TRUE;
            }
        }

      if (!found)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Unknown column “%s” for --add-columns: use all, or bounce_category, bounce_reason, bounce_status or bounce_date"),
                       names[i]);
          return FALSE;
        }
    }

  return TRUE;
}

/* GOptionEntry keeps a callback in its gpointer field, a conversion that
 * -Wpedantic rejects when written as a cast. */
static gpointer
option_callback (GOptionArgFunc func)
{
  union {
    GOptionArgFunc func;
    gpointer       pointer;
  } callback = { func };

  return callback.pointer;
}

/* Returns whether @path is the contact file or an output of the clean.
 * A symbolic link to one of them is not: the scan reports such a link
 * when it leads out of the folder, and that report stays. */
static gboolean
is_own_file (const CleanState *state,
             const char       *path)
{
  GStatBuf info;

  if (state->own_files == NULL || state->own_files->len == 0 || g_lstat (path, &info) != 0)
    return FALSE;

  for (guint i = 0; i < state->own_files->len; i++)
    {
      const GStatBuf *own = &g_array_index (state->own_files, GStatBuf, i);

      if (own->st_dev == info.st_dev && own->st_ino == info.st_ino)
        return TRUE;
    }

  return FALSE;
}

static void
collect_record_cb (BounceRecord *record,
                   gpointer      user_data)
{
  CleanState *state = user_data;
  BounceRecord *copy;

  /* A contact file or last run's cleaned file inside the folder of
   * bounces is no message, and telling the person to give it with
   * --contacts, as for any other contact list, would be wrong. */
  if (record->category == BOUNCE_CATEGORY_UNREADABLE && is_own_file (state, record->file))
    return;

  /* Records come in input order, as the counts require. */
  bounce_read_counts_add (&state->read, record);

  /* The text summary names the first unreadable files, as scan does, and
   * the JSON summary each of them. */
  if (record->category == BOUNCE_CATEGORY_UNREADABLE && state->unreadable->len < state->max_unreadable)
    g_ptr_array_add (state->unreadable, bounce_record_ref (record));

  /* Ordinary messages never match a contact; keeping 100,000 of them would
   * only cost memory. */
  if (record->category == BOUNCE_CATEGORY_NOT_BOUNCE || record->category == BOUNCE_CATEGORY_UNREADABLE)
    return;

  /* A light record from the history contains no more than the copy
   * below would, so it is kept as it is. */
  if (record->diagnostic[0] == '\0' && record->subject[0] == '\0' && record->remote_mta[0] == '\0' &&
      record->original_headers[0] == '\0')
    {
      g_ptr_array_add (state->records, bounce_record_ref (record));
      return;
    }

  /* Keep what matching, the policy, the status columns and the summary
   * read. The server text and the returned headers would triple the
   * memory of 100,000 records. */
  copy = bounce_record_new (record->file);
  copy->offset = record->offset;
  copy->index = record->index;
  copy->category = record->category;
  copy->reason = record->reason;
  copy->date = record->date ? g_date_time_ref (record->date) : NULL;
  copy->date_offset_invalid = record->date_offset_invalid;
  bounce_record_set_string (&copy->recipient, record->recipient);
  bounce_record_set_string (&copy->original_recipient, record->original_recipient);
  bounce_record_set_string (&copy->status, record->status);
  bounce_record_set_string (&copy->reply_code, record->reply_code);
  bounce_record_set_string (&copy->action, record->action);
  bounce_record_set_string (&copy->bounce_to, record->bounce_to);
  bounce_record_set_string (&copy->original_to, record->original_to);
  bounce_record_set_string (&copy->original_message_id, record->original_message_id);
  if (state->server_text)
    {
      bounce_record_set_string (&copy->diagnostic, record->diagnostic);
      bounce_record_set_string (&copy->remote_mta, record->remote_mta);
    }
  g_ptr_array_add (state->records, copy);
}

/* What would have removed a row, for the sentence "… would have removed
 * it": a bounce, the history or a list check. */
static char *
dup_removal_description (const char *removal)
{
  BounceHygieneFlags flag = BOUNCE_HYGIENE_FLAG_NONE;

  if (g_strcmp0 (removal, "hard") == 0)
    return g_strdup (_("a hard bounce"));
  if (g_strcmp0 (removal, "complaint") == 0)
    return g_strdup (_("a spam complaint"));
  if (g_strcmp0 (removal, "suppressed") == 0)
    return g_strdup (_("the suppression list"));
  if (g_strcmp0 (removal, "soft-limit") == 0)
    return g_strdup (_("the soft-bounce limit"));
  if (g_strcmp0 (removal, "invalid") == 0)
    return g_strdup (_("its invalid address"));
  if (removal != NULL && bounce_hygiene_flags_parse (removal, &flag, NULL))
    /* TRANSLATORS: %s is the name of a list check's warning, such as "Possible typo" */
    return g_strdup_printf (_("the list-check warning “%s”"), bounce_hygiene_flag_get_title (flag));

  return g_strdup (removal);
}

/* Lists the first @count rows that the history removed for @removal
 * ("suppressed" or "soft-limit"), with its reason: "suppressed since
 * 2 Nov 2026: hard bounce 5.1.1". Each list goes under its own count, so
 * that the count and the lines agree. */
static void
print_history_removals (FILE                     *stream,
                        BounceCleaner            *cleaner,
                        const BounceCleanPolicy  *policy,
                        const BounceCleanSummary *summary,
                        const char               *removal,
                        guint                     count)
{
  BounceContactList *contacts = bounce_cleaner_get_contacts (cleaner);
  /* Looking at every row when there are none took 0.75 s on a
   * million-row file. */
  guint to_show = MIN (count, MAX_DAMAGED_SHOWN);
  guint shown = 0;

  for (guint row = 0; row < summary->rows_in && shown < to_show; row++)
    {
      g_autofree char *reason = NULL;
      BounceRowVerdict verdict;

      bounce_cleaner_get_verdict (cleaner, policy, row, &verdict);
      if (verdict.removal == NULL || !g_str_equal (verdict.removal, removal))
        continue;

      reason = bounce_cleaner_dup_history_reason (cleaner, policy, row);
      if (reason == NULL)
        continue;

      fprintf (stream, _("    line %u, %s: %s\n"), bounce_contact_list_get_line (contacts, row),
               bounce_contact_list_get_address (contacts, row), reason);
      shown++;
    }
}

/* The labels of the summary's count lines, with their indents. The
 * counts start after the widest label in the current language, so that
 * translations need no abbreviations. */
static const struct
{
  guint       indent;
  const char *label;
} summary_labels[] = {
  { 0, N_("Rows read:") },
  { 0, N_("Rows kept:") },
  { 0, N_("Rows removed:") },
  { 2, N_("hard bounce:") },
  { 2, N_("complaint:") },
  { 2, N_("soft-bounce limit:") },
  { 2, N_("suppression list:") },
  { 2, N_("invalid address:") },
  { 2, N_("list-check warning:") },
  { 0, N_("Invalid addresses:") },
  { 0, N_("List-check warnings:") },
  { 2, N_("No bounce") },
  { 2, N_("Removed otherwise") },
  { 2, N_("On another address") },
  { 2, N_("Blank rows") },
  { 0, N_("Contacts:") },
  { 0, N_("Duplicate rows:") },
  { 0, N_("Rows without address:") },
  { 0, N_("Messages read:") },
  { 0, N_("Bounce recipients:") },
  { 2, N_("delivery notices:") },
  { 2, N_("delay warnings:") },
  { 2, N_("auto-replies:") },
  { 2, N_("not a bounce:") },
  { 0, N_("No recipient found:") },
  { 0, N_("Unmatched bounces:") },
  { 0, N_("Unreadable messages:") },
  { 0, N_("Read only in part:") },
  { 0, N_("Damaged rows:") },
  { 0, N_("Kept (other address):") },
  { 0, N_("Kept to check:") },
  { 0, N_("Kept by choice:") },
};

/* Returns the width in display cells that the unindented labels are
 * padded to: the widest label with its indent, and one cell more. */
static guint
get_summary_label_width (void)
{
  guint width = 0;

  for (guint i = 0; i < G_N_ELEMENTS (summary_labels); i++)
    width = MAX (width, summary_labels[i].indent + bounce_cli_text_width (_(summary_labels[i].label)));
  for (int category = 0; category < BOUNCE_CATEGORY_LAST; category++)
    if (!bounce_category_is_clean (category))
      width = MAX (width, 2 + bounce_cli_text_width (bounce_category_get_title (category)));

  return width + 1;
}

/* Ends a list cut after its first entries. */
static void
print_more (FILE  *stream,
            guint  n_more)
{
  fprintf (stream, g_dngettext (GETTEXT_PACKAGE, "  … and %u more\n", "  … and %u more\n", n_more), n_more);
}

/* Counts the list-check removals and warnings. */
static void
print_hygiene (FILE                     *stream,
               const BounceCleanPolicy  *policy,
               const BounceCleanSummary *summary,
               guint                     width)
{
  const BounceHygieneCounts *counts;
  g_autofree char *risky = NULL;

  if (policy->hygiene == NULL)
    return;

  counts = bounce_hygiene_get_counts (policy->hygiene);
  bounce_cli_print_count (stream, 2, width - 2, _("invalid address:"), summary->removed_invalid);
  if (policy->remove_flags != 0)
    bounce_cli_print_count (stream, 2, width - 2, _("list-check warning:"), summary->removed_flagged);
  if (!policy->remove_invalid && counts->invalid > 0)
    {
      g_autofree char *invalid = bounce_format_count (counts->invalid);

      bounce_cli_print_field (stream, 0, width, _("Invalid addresses:"), "%s %s\n", invalid,
                              _("(kept, as --keep-invalid asks)"));
    }
  risky = bounce_format_count (counts->risky);
  bounce_cli_print_field (stream, 0, width, _("List-check warnings:"), "%s %s\n", risky,
                          _("(run “bounce-cli check” to see them)"));
}

/* Prints "Check: 3 kept + 1 removed = 4 read: OK", each count with its
 * own plural form. */
static void
print_check_line (FILE                     *stream,
                  const BounceCleanSummary *summary,
                  gboolean                  balanced)
{
  guint total = summary->rows_kept + summary->rows_removed;
  /* TRANSLATORS: rows kept in the cleaned file, "3 kept" */
  g_autofree char *kept = g_strdup_printf (g_dngettext (NULL, "%u kept", "%u kept", summary->rows_kept),
                                           summary->rows_kept);
  /* TRANSLATORS: rows removed from the file, "1 removed" */
  g_autofree char *removed = g_strdup_printf (g_dngettext (NULL, "%u removed", "%u removed", summary->rows_removed),
                                              summary->rows_removed);
  /* TRANSLATORS: rows read from the contact file, "4 read" */
  g_autofree char *read = g_strdup_printf (g_dngettext (NULL, "%u read", "%u read", total), total);

  /* TRANSLATORS: "Check: 3 kept + 1 removed = 4 read: OK", with the
   * three counts above and OK or MISMATCH */
  fprintf (stream, _("Check: %s + %s = %s: %s\n"), kept, removed, read, balanced ? _("OK") : _("MISMATCH"));
}

/* Lists the rows kept because they could not be read reliably. */
static void
print_damaged_rows (FILE                     *stream,
                    BounceCleaner            *cleaner,
                    const BounceCleanPolicy  *policy,
                    const BounceCleanSummary *summary,
                    guint                     width)
{
  BounceContactList *contacts = bounce_cleaner_get_contacts (cleaner);
  GArray *damaged = bounce_contact_list_get_damaged_rows (contacts);

  if (summary->rows_damaged == 0)
    return;

  bounce_cli_print_count (stream, 0, width, _("Damaged rows:"), summary->rows_damaged);
  for (guint i = 0; i < damaged->len && i < MAX_DAMAGED_SHOWN; i++)
    {
      guint row = g_array_index (damaged, guint, i);
      guint line = bounce_contact_list_get_line (contacts, row);
      BounceRowVerdict verdict;

      bounce_cleaner_get_verdict (cleaner, policy, row, &verdict);
      if (verdict.skipped_removal != NULL)
        {
          g_autofree char *cause = dup_removal_description (verdict.skipped_removal);

          fprintf (stream, _("  kept because it could not be read reliably: line %u "
                             "(%s would have removed it; check this contact by hand)\n"),
                   line, cause);
        }
      else
        fprintf (stream, _("  kept because it could not be read reliably: line %u\n"), line);
    }
  if (damaged->len > MAX_DAMAGED_SHOWN)
    print_more (stream, damaged->len - MAX_DAMAGED_SHOWN);
}

/* Lists the rows kept because another address in their list address
 * cell was not removed, naming the address that was. */
static void
print_spared_rows (FILE                     *stream,
                   BounceCleaner            *cleaner,
                   const BounceCleanPolicy  *policy,
                   const BounceCleanSummary *summary,
                   guint                     width)
{
  BounceContactList *contacts = bounce_cleaner_get_contacts (cleaner);
  guint n_rows = bounce_contact_list_get_n_rows (contacts);
  guint shown = 0;

  if (summary->rows_spared == 0)
    return;

  bounce_cli_print_count (stream, 0, width, _("Kept (other address):"), summary->rows_spared);
  for (guint row = 0; row < n_rows && shown < MAX_DAMAGED_SHOWN; row++)
    {
      BounceRowVerdict verdict;
      g_autofree char *cause = NULL;

      bounce_cleaner_get_verdict (cleaner, policy, row, &verdict);
      if (verdict.kept_address == NULL)
        continue;

      cause = dup_removal_description (verdict.spared_removal);
      /* TRANSLATORS: "line 4: a hard bounce removes hank@example.com, but
       * not ivy@example.com in the same cell, so the row is kept" */
      fprintf (stream, _("  line %u: %s removes %s, but not %s in the same cell, so the row is kept\n"),
               bounce_contact_list_get_line (contacts, row), cause,
               verdict.spared_address, verdict.kept_address);
      shown++;
    }
  if (summary->rows_spared > MAX_DAMAGED_SHOWN)
    print_more (stream, summary->rows_spared - MAX_DAMAGED_SHOWN);
}

/* Sets @verdict to @row's and returns whether the row is kept for a
 * person to check (BounceRowVerdict.check_address). A row without a
 * match is never one, so its verdict is not worked out. */
static gboolean
get_verdict_to_check (BounceCleaner           *cleaner,
                      const BounceCleanPolicy *policy,
                      guint                    row,
                      BounceRowVerdict        *verdict)
{
  if (bounce_cleaner_get_row_matches (cleaner, row) == NULL)
    return FALSE;

  bounce_cleaner_get_verdict (cleaner, policy, row, verdict);

  return verdict->check_address != NULL;
}

/* Lists the rows kept for a person to check: a hard bounce or complaint
 * for another address came back on a message sent to them. */
static void
print_rows_to_check (FILE                     *stream,
                     BounceCleaner            *cleaner,
                     const BounceCleanPolicy  *policy,
                     const BounceCleanSummary *summary,
                     guint                     width)
{
  BounceContactList *contacts = bounce_cleaner_get_contacts (cleaner);
  guint n_rows = bounce_contact_list_get_n_rows (contacts);
  guint n_listed = 0;

  if (summary->rows_to_check == 0)
    return;

  bounce_cli_print_count (stream, 0, width, _("Kept to check:"), summary->rows_to_check);
  for (guint row = 0; row < n_rows && n_listed < MAX_DAMAGED_SHOWN; row++)
    {
      BounceRowVerdict verdict;

      if (!get_verdict_to_check (cleaner, policy, row, &verdict))
        continue;

      /* TRANSLATORS: "line 4: team@example.org, a group or forwarding
       * address? The bounce is for member@example.org" */
      fprintf (stream, _("  line %u: %s, a group or forwarding address? The bounce is for %s\n"),
               bounce_contact_list_get_line (contacts, row), bounce_contact_list_get_address (contacts, row),
               verdict.check_address);
      n_listed++;
    }
  if (summary->rows_to_check > MAX_DAMAGED_SHOWN)
    print_more (stream, summary->rows_to_check - MAX_DAMAGED_SHOWN);
}

/* Counts the rows kept by a person's choice (--keep, or a kept address
 * of the history) that the policy would remove, and lists those whose
 * address hard-bounced or complained after the choice. */
static void
print_rows_kept_by_choice (FILE                     *stream,
                           BounceCleaner            *cleaner,
                           const BounceCleanPolicy  *policy,
                           const BounceCleanSummary *summary,
                           guint                     width)
{
  BounceContactList *contacts = bounce_cleaner_get_contacts (cleaner);
  guint n_rows = bounce_contact_list_get_n_rows (contacts);
  guint n_listed = 0;

  if (summary->rows_kept_by_choice == 0)
    return;

  bounce_cli_print_count (stream, 0, width, _("Kept by choice:"), summary->rows_kept_by_choice);
  for (guint row = 0; row < n_rows && n_listed < MIN (summary->rows_bounced_since_kept, MAX_DAMAGED_SHOWN); row++)
    {
      BounceRowVerdict verdict;

      bounce_cleaner_get_verdict (cleaner, policy, row, &verdict);
      if (!verdict.bounced_since_kept)
        continue;

      /* TRANSLATORS: "line 4: jane@example.com hard-bounced or complained
       * after the choice to keep it" */
      fprintf (stream, _("  line %u: %s hard-bounced or complained after the choice to keep it\n"),
               bounce_contact_list_get_line (contacts, row), bounce_contact_list_get_address (contacts, row));
      n_listed++;
    }
  if (summary->rows_bounced_since_kept > MAX_DAMAGED_SHOWN)
    print_more (stream, summary->rows_bounced_since_kept - MAX_DAMAGED_SHOWN);
}

/* Prints "Wrote FILE", and where the rows went when FILE is a symbolic
 * link, which the write replaces the target of. */
static void
print_written (FILE       *stream,
               const char *path)
{
  g_autofree char *target = bounce_clean_dup_link_target (path);
  g_autofree char *display_path = g_filename_display_name (path);
  g_autofree char *display_target = target != NULL ? g_filename_display_name (target) : NULL;

  /* A name that is not UTF-8 is shown with U+FFFD for its bad bytes, as
   * the scan shows file names, rather than as raw bytes. */
  if (target != NULL)
    /* TRANSLATORS: the first %s is a symbolic link, the second the file it points to */
    fprintf (stream, _("Wrote %s, a symbolic link: its target %s has the new contents\n"), display_path,
             display_target);
  else
    fprintf (stream, _("Wrote %s\n"), display_path);
}

static void
print_summary (FILE                     *stream,
               BounceCleaner            *cleaner,
               const BounceCleanPolicy  *policy,
               const BounceCleanSummary *summary,
               const CleanState         *state,
               const char               *output,
               const char               *removed,
               gboolean                  dry_run,
               guint                     n_reports)
{
  g_autofree char *contacts = NULL;
  g_autofree char *duplicates = NULL;
  const BounceReadCounts *read = &state->read;
  GPtrArray *unmatched = bounce_cleaner_get_unmatched (cleaner);
  gboolean balanced = summary->rows_kept + summary->rows_removed == summary->rows_in;
  guint width = get_summary_label_width ();

  bounce_cli_print_count (stream, 0, width, _("Rows read:"), summary->rows_in);
  bounce_cli_print_count (stream, 0, width, _("Rows kept:"), summary->rows_kept);
  bounce_cli_print_count (stream, 0, width, _("Rows removed:"), summary->rows_removed);
  bounce_cli_print_count (stream, 2, width - 2, _("hard bounce:"), summary->removed_hard);
  bounce_cli_print_count (stream, 2, width - 2, _("complaint:"), summary->removed_complaint);
  bounce_cli_print_count (stream, 2, width - 2, _("soft-bounce limit:"), summary->removed_soft_limit);
  if (policy->history != NULL)
    {
      print_history_removals (stream, cleaner, policy, summary, "soft-limit", summary->removed_soft_limit);
      bounce_cli_print_count (stream, 2, width - 2, _("suppression list:"), summary->removed_suppressed);
      print_history_removals (stream, cleaner, policy, summary, "suppressed", summary->removed_suppressed);
    }
  print_hygiene (stream, policy, summary, width);
  /* Each row is on one line of this list, so the lines add up to the
   * rows read. "No bounce" counts the kept rows with a delivery notice or
   * no report, the rows that the app's Clean filter shows. */
  fprintf (stream, "%s\n", _("Rows by worst bounce:"));
  for (int category = BOUNCE_CATEGORY_LAST - 1; category >= 0; category--)
    if (summary->per_category[category] > 0 && !bounce_category_is_clean (category))
      bounce_cli_print_count (stream, 2, width - 2, bounce_category_get_title (category),
                              summary->per_category[category]);
  bounce_cli_print_count (stream, 2, width - 2, _("No bounce"), summary->rows_without_bounce);
  /* Rows that the suppression list, the soft-bounce history or a list
   * check removed, without a bounce of their list address in this clean. */
  if (summary->rows_removed_without_bounce > 0)
    bounce_cli_print_count (stream, 2, width - 2, _("Removed otherwise"),
                            summary->rows_removed_without_bounce);
  /* Rows whose worst bounce came from a home address column or the like.
   * Their status cells read "not the list address". The label is no
   * wider than the others, so that the counts stay in their column. */
  if (summary->rows_other_address_bounced > 0)
    bounce_cli_print_count (stream, 2, width - 2, _("On another address"), summary->rows_other_address_bounced);
  if (summary->rows_blank > 0)
    bounce_cli_print_count (stream, 2, width - 2, _("Blank rows"), summary->rows_blank);

  /* The contacts of the app's Summary page. With the invalid addresses
   * above and the blank rows, the lines add up to the rows read. */
  contacts = bounce_format_count (summary->contacts);
  bounce_cli_print_field (stream, 0, width, _("Contacts:"), "%s %s\n", contacts,
                          _("(distinct valid list addresses)"));
  duplicates = bounce_format_count (summary->duplicate_rows);
  if (summary->duplicate_rows > 0)
    bounce_cli_print_field (stream, 0, width, _("Duplicate rows:"), "%s %s\n", duplicates,
                            _("(same mailbox as an earlier row; a duplicate is kept unless its address bounced)"));
  else
    bounce_cli_print_field (stream, 0, width, _("Duplicate rows:"), "%s\n", duplicates);
  if (summary->rows_without_address > 0)
    bounce_cli_print_count (stream, 0, width, _("Rows without address:"), summary->rows_without_address);

  /* The same figures as the app's Summary page. The bounce recipients,
   * reports with no recipient, ordinary messages and unreadable files add
   * up to what `scan` counts as records. */
  bounce_cli_print_count (stream, 0, width, _("Messages read:"), read->messages);
  bounce_cli_print_count (stream, 0, width, _("Bounce recipients:"), read->bounce_recipients);
  /* Reports that name no failure count among the recipients above, so
   * each kind is named: a delivery notice is not a bounce. */
  if (read->per_category[BOUNCE_CATEGORY_DELIVERED] > 0)
    bounce_cli_print_count (stream, 2, width - 2, _("delivery notices:"),
                            read->per_category[BOUNCE_CATEGORY_DELIVERED]);
  if (read->per_category[BOUNCE_CATEGORY_DELAYED] > 0)
    bounce_cli_print_count (stream, 2, width - 2, _("delay warnings:"),
                            read->per_category[BOUNCE_CATEGORY_DELAYED]);
  if (read->per_category[BOUNCE_CATEGORY_AUTO_REPLY] > 0)
    bounce_cli_print_count (stream, 2, width - 2, _("auto-replies:"),
                            read->per_category[BOUNCE_CATEGORY_AUTO_REPLY]);
  /* The indented count of ordinary messages belongs to the two figures
   * above it. Reports with no recipient follow it on a line of their own. */
  if (read->not_bounces > 0)
    bounce_cli_print_count (stream, 2, width - 2, _("not a bounce:"), read->not_bounces);
  if (read->no_recipient > 0)
    bounce_cli_print_count (stream, 0, width, _("No recipient found:"), read->no_recipient);
  bounce_cli_print_count (stream, 0, width, _("Unmatched bounces:"), summary->unmatched_records);
  for (guint i = 0; i < unmatched->len && i < MAX_UNMATCHED_SHOWN; i++)
    {
      const BounceRecord *record = unmatched->pdata[i];
      g_autofree char *recipient = bounce_cli_dup_printable (record->recipient);
      g_autofree char *file = bounce_cli_dup_printable (record->file);

      fprintf (stream, "  %s (%s) %s\n", recipient[0] ? recipient : _("no recipient"),
               bounce_category_get_title (record->category), file);
    }
  if (unmatched->len > MAX_UNMATCHED_SHOWN)
    print_more (stream, unmatched->len - MAX_UNMATCHED_SHOWN);
  if (read->unreadable > 0)
    {
      bounce_cli_print_count (stream, 0, width, _("Unreadable messages:"), read->unreadable);
      for (guint i = 0; i < state->unreadable->len && i < MAX_UNREADABLE_SHOWN; i++)
        {
          const BounceRecord *record = state->unreadable->pdata[i];
          g_autofree char *file = bounce_cli_dup_printable (record->file);

          if (record->offset >= 0)
            fprintf (stream, "  %s#%u: %s\n", file, record->index + 1, record->error);
          else
            fprintf (stream, "  %s: %s\n", file, record->error);
        }
      if (read->unreadable > MAX_UNREADABLE_SHOWN)
        print_more (stream, read->unreadable - MAX_UNREADABLE_SHOWN);
    }
  if (read->read_in_part > 0)
    {
      g_autofree char *read_in_part = bounce_format_count (read->read_in_part);

      bounce_cli_print_field (stream, 0, width, _("Read only in part:"), "%s %s\n", read_in_part,
                              _("(messages past a size limit or cut off; bounce-cli scan lists them)"));
    }
  print_damaged_rows (stream, cleaner, policy, summary, width);
  print_spared_rows (stream, cleaner, policy, summary, width);
  print_rows_to_check (stream, cleaner, policy, summary, width);
  print_rows_kept_by_choice (stream, cleaner, policy, summary, width);

  print_check_line (stream, summary, balanced);

  if (dry_run && n_reports > 0)
    fprintf (stream, "%s\n", g_dngettext (GETTEXT_PACKAGE,
                                           "Dry run: the report was written, the cleaned and removed files were not.",
                                           "Dry run: the reports were written, the cleaned and removed files were not.",
                                           n_reports));
  else if (dry_run)
    fprintf (stream, "%s\n", _("Dry run: no file was written."));
  else
    {
      print_written (stream, output);
      if (removed != NULL)
        print_written (stream, removed);
    }
}

static void
print_json_summary (BounceCleaner            *cleaner,
                    const BounceCleanPolicy  *policy,
                    const BounceCleanSummary *summary,
                    const CleanState         *state,
                    const char               *contacts,
                    const char               *output,
                    const char               *removed,
                    gboolean                  dry_run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  GPtrArray *unmatched = bounce_cleaner_get_unmatched (cleaner);
  BounceContactList *contacts_list = bounce_cleaner_get_contacts (cleaner);
  GArray *damaged = bounce_contact_list_get_damaged_rows (contacts_list);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "contacts");
  json_builder_add_string_value (builder, contacts);
  json_builder_set_member_name (builder, "output");
  json_builder_add_string_value (builder, dry_run ? NULL : output);
  json_builder_set_member_name (builder, "removed_output");
  json_builder_add_string_value (builder, dry_run ? NULL : removed);
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, dry_run);
  json_builder_set_member_name (builder, "rows_in");
  json_builder_add_int_value (builder, summary->rows_in);
  json_builder_set_member_name (builder, "rows_kept");
  json_builder_add_int_value (builder, summary->rows_kept);
  json_builder_set_member_name (builder, "rows_removed");
  json_builder_add_int_value (builder, summary->rows_removed);
  json_builder_set_member_name (builder, "removed_hard");
  json_builder_add_int_value (builder, summary->removed_hard);
  json_builder_set_member_name (builder, "removed_complaint");
  json_builder_add_int_value (builder, summary->removed_complaint);
  json_builder_set_member_name (builder, "removed_soft_limit");
  json_builder_add_int_value (builder, summary->removed_soft_limit);
  if (policy->history != NULL)
    {
      json_builder_set_member_name (builder, "removed_suppressed");
      json_builder_add_int_value (builder, summary->removed_suppressed);
    }
  if (policy->hygiene != NULL)
    {
      const BounceHygieneCounts *counts = bounce_hygiene_get_counts (policy->hygiene);

      json_builder_set_member_name (builder, "removed_invalid");
      json_builder_add_int_value (builder, summary->removed_invalid);
      json_builder_set_member_name (builder, "removed_flagged");
      json_builder_add_int_value (builder, summary->removed_flagged);
      json_builder_set_member_name (builder, "rows_invalid");
      json_builder_add_int_value (builder, summary->rows_invalid);
      json_builder_set_member_name (builder, "rows_risky");
      json_builder_add_int_value (builder, counts->risky);
    }
  json_builder_set_member_name (builder, "per_category");
  json_builder_begin_object (builder);
  for (guint category = 0; category < BOUNCE_CATEGORY_LAST; category++)
    {
      json_builder_set_member_name (builder, bounce_category_to_string (category));
      json_builder_add_int_value (builder, summary->per_category[category]);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "distinct_addresses");
  json_builder_add_int_value (builder, summary->contacts);
  json_builder_set_member_name (builder, "duplicate_rows");
  json_builder_add_int_value (builder, summary->duplicate_rows);
  json_builder_set_member_name (builder, "rows_without_address");
  json_builder_add_int_value (builder, summary->rows_without_address);
  json_builder_set_member_name (builder, "rows_blank");
  json_builder_add_int_value (builder, summary->rows_blank);
  json_builder_set_member_name (builder, "records");
  json_builder_add_int_value (builder, summary->records);
  json_builder_set_member_name (builder, "unmatched_records");
  json_builder_add_int_value (builder, summary->unmatched_records);
  json_builder_set_member_name (builder, "unmatched");
  json_builder_begin_array (builder);
  for (guint i = 0; i < unmatched->len; i++)
    json_builder_add_value (builder, bounce_record_to_json_node (unmatched->pdata[i]));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "unreadable_messages");
  json_builder_add_int_value (builder, state->read.unreadable);
  /* Each file or mbox message that could not be read, with the reason. */
  json_builder_set_member_name (builder, "unreadable");
  json_builder_begin_array (builder);
  for (guint i = 0; i < state->unreadable->len; i++)
    {
      const BounceRecord *record = state->unreadable->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, record->file);
      if (record->offset >= 0)
        {
          /* Counted from 1, as mail programs number the messages of an mbox. */
          json_builder_set_member_name (builder, "message_number");
          json_builder_add_int_value (builder, record->index + 1);
        }
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, record->error);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "messages_read_in_part");
  json_builder_add_int_value (builder, state->read.read_in_part);
  json_builder_set_member_name (builder, "messages_read");
  json_builder_add_int_value (builder, state->read.messages);
  json_builder_set_member_name (builder, "records_read");
  json_builder_add_int_value (builder, state->read.records);
  json_builder_set_member_name (builder, "bounce_recipients");
  json_builder_add_int_value (builder, state->read.bounce_recipients);
  json_builder_set_member_name (builder, "reports_with_no_recipient");
  json_builder_add_int_value (builder, state->read.no_recipient);
  json_builder_set_member_name (builder, "not_bounces");
  json_builder_add_int_value (builder, state->read.not_bounces);
  json_builder_set_member_name (builder, "rows_without_bounce");
  json_builder_add_int_value (builder, summary->rows_without_bounce);
  json_builder_set_member_name (builder, "rows_removed_without_bounce");
  json_builder_add_int_value (builder, summary->rows_removed_without_bounce);
  json_builder_set_member_name (builder, "rows_other_address_bounced");
  json_builder_add_int_value (builder, summary->rows_other_address_bounced);
  json_builder_set_member_name (builder, "rows_damaged");
  json_builder_add_int_value (builder, summary->rows_damaged);
  json_builder_set_member_name (builder, "removals_skipped");
  json_builder_add_int_value (builder, summary->removals_skipped);
  json_builder_set_member_name (builder, "rows_kept_for_another_address");
  json_builder_add_int_value (builder, summary->rows_spared);
  json_builder_set_member_name (builder, "rows_to_check");
  json_builder_add_int_value (builder, summary->rows_to_check);
  json_builder_set_member_name (builder, "rows_kept_by_choice");
  json_builder_add_int_value (builder, summary->rows_kept_by_choice);
  json_builder_set_member_name (builder, "rows_bounced_since_kept");
  json_builder_add_int_value (builder, summary->rows_bounced_since_kept);
  json_builder_set_member_name (builder, "rows_to_check_list");
  json_builder_begin_array (builder);
  for (guint row = 0; summary->rows_to_check > 0 && row < bounce_contact_list_get_n_rows (contacts_list); row++)
    {
      BounceRowVerdict verdict;

      if (!get_verdict_to_check (cleaner, policy, row, &verdict))
        continue;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, bounce_contact_list_get_line (contacts_list, row));
      json_builder_set_member_name (builder, "address");
      json_builder_add_string_value (builder, bounce_contact_list_get_address (contacts_list, row));
      json_builder_set_member_name (builder, "failed_address");
      json_builder_add_string_value (builder, verdict.check_address);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "damaged_rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < damaged->len; i++)
    {
      guint row = g_array_index (damaged, guint, i);
      BounceRowVerdict verdict;

      bounce_cleaner_get_verdict (cleaner, policy, row, &verdict);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, bounce_contact_list_get_line (contacts_list, row));
      json_builder_set_member_name (builder, "skipped_removal");
      json_builder_add_string_value (builder, verdict.skipped_removal);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "balanced");
  json_builder_add_boolean_value (builder, summary->rows_kept + summary->rows_removed == summary->rows_in);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  printf ("%s\n", text);
}

/* Writes the HTML report and the CSV figures, when asked. */
static gboolean
write_reports (BounceCleaner            *cleaner,
               GPtrArray                *records,
               const BounceReadCounts   *read_counts,
               const BounceCleanPolicy  *policy,
               const char               *report,
               const char               *report_csv,
               GError                  **error)
{
  g_autoptr(BounceInsight) insight = NULL;

  if (report == NULL && report_csv == NULL)
    return TRUE;

  insight = bounce_insight_new_full (cleaner, records, read_counts, policy);
  if (report != NULL && !bounce_report_write_html (insight, report, error))
    return FALSE;
  if (report_csv != NULL && !bounce_report_write_csv (insight, report_csv, error))
    return FALSE;

  return TRUE;
}

/* Exit status for an error of the core library. */
static int
exit_status_for_error (const GError *error)
{
  if (g_error_matches (error, BOUNCE_ERROR, BOUNCE_ERROR_WOULD_OVERWRITE_INPUT) ||
      g_error_matches (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT))
    return BOUNCE_CLI_EXIT_USAGE;

  return BOUNCE_CLI_EXIT_INPUT_ERROR;
}

/* The input of the second step of the list checks, which runs on its
 * own thread. */
typedef struct
{
  BounceHygiene *hygiene;
  GHashTable    *disposable;
} ListChecks;

/* Bounce files above this total size make a scan long enough to pay
 * for running the program again with malloc() slices. Running it again
 * took 8 ms. The slices save about a tenth of the scan's CPU time, an
 * estimated 3 ms per MB of mbox: 100,000 DSNs in 97 MB took 3.3 s. */
#define MALLOC_SLICES_MIN_BYTES (4 * 1024 * 1024)

/* Returns whether the bounce inputs are large or of unknown size: a
 * folder, an IMAP mailbox or a path that cannot be read. */
static gboolean
bounces_are_large (const char * const *bounces)
{
  guint64 total = 0;

  for (guint i = 0; bounces[i] != NULL; i++)
    {
      GStatBuf info;

      if (bounce_imap_source_is_uri (bounces[i]) || g_stat (bounces[i], &info) != 0 || !S_ISREG (info.st_mode))
        return TRUE;
      total += info.st_size;
    }

  return total >= MALLOC_SLICES_MIN_BYTES;
}

static gpointer
run_list_checks (gpointer data)
{
  ListChecks *checks = data;

  bounce_hygiene_check_addresses (checks->hygiene, checks->disposable);

  return NULL;
}

static gpointer
build_cleaner_index (gpointer contacts)
{
  return bounce_cleaner_new_unmatched (contacts);
}

/* A mailbox that cannot be read ends the command before any file is
 * written: a cleaned list from part of the bounces would keep dead
 * addresses without a word. With a history, the messages read before
 * the failure are recorded there. */
static int
scan_bounces (BounceScanner           *scanner,
              BounceCliMailboxOptions *mailbox_options,
              char                   **bounces,
              BounceHistory           *history,
              CleanState              *state)
{
  int status;

  status = bounce_cli_scan_inputs (scanner, mailbox_options, (const char * const *) bounces, "clean", TRUE,
                                   collect_record_cb, state);
  bounce_read_counts_end (&state->read);
  bounce_cli_history_check_writes (history, "clean");

  return status;
}

/* The message of on_sigbus(), formatted before the files are read,
 * because a signal handler may call only async-signal-safe functions. */
static char  *sigbus_message;
static gsize  sigbus_message_length;

/* Ends the command with a message where it would crash. The contact
 * file and large mbox files are mapped to keep the clean fast, and a
 * read of a mapping past the end of a file that another program cut
 * shorter raises SIGBUS (BUS_ADRERR). Outputs are written to temporary
 * files renamed only at the end, so none was replaced, and the next
 * clean removes the temporary files left behind. */
static void
on_sigbus (int        signal_number,
           siginfo_t *info,
           void      *context)
{
  if (info->si_code == BUS_ADRERR && write (STDERR_FILENO, sigbus_message, sigbus_message_length) >= 0)
    _exit (BOUNCE_CLI_EXIT_INPUT_ERROR);

  signal (SIGBUS, SIG_DFL);
  raise (SIGBUS);
}

static void
catch_truncated_files (const char *contacts_path)
{
  struct sigaction action = { 0 };

  sigbus_message = g_strdup_printf (_("bounce-cli clean: No file was written, because another program cut "
                                      "“%s” or a bounce file shorter while it was read. Run the clean again "
                                      "when no other program writes to them.\n"),
                                    contacts_path);
  sigbus_message_length = strlen (sigbus_message);

  action.sa_sigaction = on_sigbus;
  action.sa_flags = SA_SIGINFO;
  sigemptyset (&action.sa_mask);
  sigaction (SIGBUS, &action, NULL);
}

/* The contact file, read on a thread of its own. */
typedef struct
{
  const char        *path;
  BounceCsvDialect  *dialect;
  BounceContactList *contacts;
  GError            *error;
} ContactsLoad;

static gpointer
load_contacts (gpointer data)
{
  ContactsLoad *load = data;

  load->contacts = bounce_contact_list_new_from_file (load->path, load->dialect, NULL, &load->error);

  return NULL;
}

static gpointer
load_history_lists (gpointer history)
{
  bounce_history_load_lists (history, NULL);

  return NULL;
}

/* What the last clean loaded, left for the end of the program: see
 * leave_to_exit(). */
static struct
{
  BounceContactList *contacts;
  BounceCleaner     *cleaner;
  BounceHygiene     *hygiene;
  GPtrArray         *records;
} left_to_exit;

/* Records the addresses of --keep in @history, so that later cleans and
 * the app keep them too. An address that cannot be recorded is still
 * kept in this run, through the policy's table. */
static void
record_kept_addresses (BounceHistory *history,
                       GHashTable    *kept_addresses)
{
  GHashTableIter iter;
  gpointer address;

  g_hash_table_iter_init (&iter, kept_addresses);
  while (g_hash_table_iter_next (&iter, &address, NULL))
    {
      g_autoptr(GError) error = NULL;

      if (!bounce_history_keep_address (history, address, NULL, &error))
        /* TRANSLATORS: the first %s is an address, the second an error message */
        g_printerr (_("bounce-cli clean: warning: “%s” is kept in this run only, because the history could not "
                      "record it: %s\n"), (const char *) address, error->message);
    }
}

/* Keeps the loaded data of a clean that is done until the program ends,
 * which it does right after the command. Freeing 100,000 records and a
 * contact list of a million rows piece by piece took about 40 ms of a
 * 0.6 s clean, and the kernel takes the memory back at once. The static
 * pointers keep the blocks reachable, which leak checkers accept. The
 * data of an earlier clean in the same process is freed. */
static void
leave_to_exit (BounceContactList *contacts,
               BounceCleaner     *cleaner,
               BounceHygiene     *hygiene,
               GPtrArray         *records)
{
  g_clear_object (&left_to_exit.cleaner);
  g_clear_object (&left_to_exit.hygiene);
  g_clear_object (&left_to_exit.contacts);
  g_clear_pointer (&left_to_exit.records, g_ptr_array_unref);

  left_to_exit.contacts = contacts;
  left_to_exit.cleaner = cleaner;
  left_to_exit.hygiene = hygiene;
  left_to_exit.records = records;
}

static void
finish_list_checks (GThread **thread)
{
  if (*thread != NULL)
    g_thread_join (g_steal_pointer (thread));
}

int
bounce_cli_clean (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(BounceContactList) contacts = NULL;
  g_autoptr(BounceScanner) scanner = NULL;
  g_autoptr(BounceCleaner) cleaner = NULL;
  g_autoptr(BounceHistory) history = NULL;
  g_autoptr(BounceHygiene) hygiene = NULL;
  g_autoptr(GHashTable) disposable = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GArray) own_files = g_array_new (FALSE, FALSE, sizeof (GStatBuf));
  g_autoptr(GPtrArray) unreadable = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(GError) history_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contacts_path = NULL;
  g_autofree char *disposable_path = NULL;
  g_autofree char *remove_risky = NULL;
  g_autofree char *report = NULL;
  g_autofree char *report_csv = NULL;
  g_autofree char *output = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *message = NULL;
  g_auto(GStrv) bounces = NULL;
  g_auto(GStrv) remaining = NULL;
  BounceCliDialectOptions dialect_options = { NULL };
  g_auto(BounceCliHistoryOptions) history_options = { NULL };
  g_auto(BounceCliMailboxOptions) mailbox_options = { NULL };
  BounceCsvDialect dialect;
  BounceCleanPolicy policy;
  BounceCleanSummary summary;
  CleanState state = { 0 };
  ListChecks checks;
  GThread *checks_thread = NULL;
  GThread *lists_thread = NULL;
  GThread *index_thread;
  GThread *load_thread;
  ContactsLoad load;
  gboolean scanned;
  GOptionGroup *group;
  gboolean keep_hard = FALSE;
  gboolean keep_complaints = FALSE;
  gboolean keep_invalid = FALSE;
  g_auto(GStrv) keep = NULL;
  g_autoptr(GHashTable) kept_addresses = NULL;
  gboolean no_checks = FALSE;
  BounceHygieneFlags remove_flags = BOUNCE_HYGIENE_FLAG_NONE;
  gboolean dry_run = FALSE;
  gboolean written = FALSE;
  gboolean json = FALSE;
  int soft_limit = 3;
  int soft_days = BOUNCE_HISTORY_DEFAULT_SOFT_DAYS;
  int status = BOUNCE_CLI_EXIT_OK;

  const GOptionEntry entries[] = {
    { "contacts", 'c', 0, G_OPTION_ARG_FILENAME, &contacts_path,
      N_("Contact CSV file to clean (only read, never changed)"), N_("FILE") },
    { "bounces", 'b', 0, G_OPTION_ARG_FILENAME_ARRAY, &bounces,
      N_("Bounce messages: a file, a folder, an mbox or a mailbox folder (imaps://USER@SERVER/FOLDER); repeat for more. "
         "Without it, only the history’s suppression list removes rows"),
      N_("PATH") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Where to write the kept rows: a new or regular file other than the contact file (not a device, a pipe or “-”)"), N_("FILE") },
    { "removed", 0, 0, G_OPTION_ARG_FILENAME, &removed,
      N_("Also write the removed rows, with a bounce_removal_reason column such as “hard: jane@example.com”"), N_("FILE") },
    { "add-columns", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, option_callback (parse_add_columns_cb),
      N_("Append status columns: all four (no value or “all”), or a comma list of bounce_category, bounce_reason, bounce_status, bounce_date"),
      N_("LIST") },
    { "soft-limit", 0, 0, G_OPTION_ARG_INT, &soft_limit,
      N_("Remove contacts with N or more soft bounces from different sends; 0 never does (default 3)"), N_("N") },
    { "soft-days", 0, 0, G_OPTION_ARG_INT, &soft_days,
      N_("With history and a --soft-limit of 2 or more: the soft bounces must span at least this many calendar days (default 7)"), N_("DAYS") },
    { "keep-hard", 0, 0, G_OPTION_ARG_NONE, &keep_hard,
      N_("Keep contacts whose address hard-bounced"), NULL },
    { "keep-complaints", 0, 0, G_OPTION_ARG_NONE, &keep_complaints,
      N_("Keep contacts who reported a message as spam"), NULL },
    { "keep-invalid", 0, 0, G_OPTION_ARG_NONE, &keep_invalid,
      N_("Keep contacts whose address is not a valid email address"), NULL },
    { "keep", 0, 0, G_OPTION_ARG_STRING_ARRAY, &keep,
      N_("Keep the contacts of this address whatever bounced, whatever the suppression list and the list checks "
         "say, also in later cleans and in the app (see “bounce-cli kept”); repeat it for several addresses"),
      N_("ADDRESS") },
    { "remove-risky", 0, 0, G_OPTION_ARG_STRING, &remove_risky,
      N_("Also remove contacts with these list-check warnings: all, or a comma list of typo, unknown-tld, duplicate, role, disposable"),
      N_("LIST") },
    { "disposable-domains", 0, 0, G_OPTION_ARG_FILENAME, &disposable_path,
      N_("Also count the domains in FILE (one a line) as disposable-address services"), N_("FILE") },
    { "no-checks", 0, 0, G_OPTION_ARG_NONE, &no_checks,
      N_("Skip the list checks: keep invalid addresses and flag nothing"), NULL },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report,
      N_("Write the summary, findings and charts as one HTML page"), N_("FILE.html") },
    { "report-csv", 0, 0, G_OPTION_ARG_FILENAME, &report_csv,
      N_("Write the summary’s figures as CSV"), N_("FILE.csv") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Print the summary and write only --report and --report-csv: no cleaned or removed file, "
         "and no bounce recorded in the history"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the summary as JSON on stdout (the text summary goes to stderr)"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &remaining, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("— remove bounced contacts from a CSV file"));
  group = g_option_group_new ("clean", "", "", &state, NULL);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, group);
  g_option_context_set_summary (context,
                                _("Reads the contact file and the bounce messages, and writes the contact "
                                  "file again without the rows of hard-bounced addresses, spam complaints "
                                  "and contacts over the soft-bounce limit. Every other row is written byte "
                                  "for byte as it was, in the same encoding, delimiter and line endings. "
                                  "Soft bounces, blocks, delay warnings and auto-replies never remove a "
                                  "contact on their own. Only a bounce of the row’s list address (the "
                                  "email column, see --email-column) removes it; bounces of addresses in "
                                  "other address columns are matched but keep the row. An email cell with "
                                  "several addresses, such as “hank@example.com; ivy@example.com”, is "
                                  "removed only when every address in it is; the summary names the "
                                  "address that bounced."));
  g_option_context_set_description (context,
                                    _("Example:\n"
                                      "  bounce-cli clean --contacts contacts.csv --bounces Bounces/ \\\n"
                                      "                   --output contacts-cleaned.csv --removed contacts-removed.csv\n\n"
                                      "A row that could not be read reliably, such as one with a quote that is "
                                      "never closed, is always kept, whatever its bounces. The summary lists it "
                                      "by line and a warning is printed on stderr.\n\n"
                                      "The list checks of “bounce-cli check” run too: rows whose address is "
                                      "not a valid email address are removed (--keep-invalid keeps them), and "
                                      "rows with warnings such as a likely typo are kept unless --remove-risky "
                                      "names the warning.\n\n"
                                      "--keep records the address in the history and takes it off the "
                                      "suppression list, so later cleans and the app keep it too, also after a "
                                      "later bounce or complaint, until “bounce-cli kept remove ADDRESS”. The "
                                      "addresses kept so far, also from the app’s Keep This Contact, are kept "
                                      "without --keep. With --dry-run, --no-history or a read-only history, "
                                      "--keep applies to this run only, and --no-history reads no kept "
                                      "address either.\n\n"
                                      "Each output is written to a temporary file that is renamed into place, "
                                      "so an output that exists must be a regular file or a link to one: a "
                                      "device such as /dev/null, a pipe, a folder or “-” for standard output "
                                      "is refused with exit status 2. To skip an output, leave its option out.\n\n"
                                      "Exit status is 0 when the files were written, also when damaged rows were "
                                      "kept or some bounce messages could not be read (the summary names them); "
                                      "1 when the contact file or a --bounces path could not be read or an output "
                                      "could not be written; and 2 when the command line is invalid.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  bounce_cli_dialect_options_add (&dialect_options, context);
  bounce_cli_history_options_add (&history_options, context);
  bounce_cli_mailbox_options_add (&mailbox_options, context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      bounce_cli_dialect_options_clear (&dialect_options);
      bounce_cli_history_options_clear (&history_options);
      return bounce_cli_usage_error ("clean", "%s", error->message);
    }

  if (!bounce_cli_mailbox_options_check (&mailbox_options, "clean") ||
      (bounces != NULL && !bounce_cli_mailbox_check_uris (&mailbox_options, (const char * const *) bounces, "clean")))
    {
      bounce_cli_dialect_options_clear (&dialect_options);
      bounce_cli_history_options_clear (&history_options);
      return BOUNCE_CLI_EXIT_USAGE;
    }

  bounce_csv_dialect_init (&dialect);
  if (!bounce_cli_dialect_options_apply (&dialect_options, &dialect, &message))
    status = bounce_cli_usage_error ("clean", "%s", message);
  else if (remaining != NULL && remaining[0] != NULL)
    status = bounce_cli_usage_error ("clean", _("Unexpected argument “%s”: name bounce paths with --bounces"),
                                     remaining[0]);
  else if (contacts_path == NULL)
    status = bounce_cli_usage_error ("clean", _("--contacts is missing: name the contact CSV file to clean"));
  else if ((bounces == NULL || bounces[0] == NULL) && history_options.no_history)
    status = bounce_cli_usage_error ("clean", _("--bounces is missing: without bounces only the suppression list "
                                                "removes rows, and --no-history turns it off. Name the bounce "
                                                "messages, folder or mbox, or leave out --no-history"));
  else if (output == NULL && !dry_run)
    status = bounce_cli_usage_error ("clean", _("--output is missing: name the file to write, or use --dry-run"));
  else if (soft_limit < 0)
    status = bounce_cli_usage_error ("clean", _("--soft-limit must be 0 or more, not %d"), soft_limit);
  else if (soft_days < 0)
    status = bounce_cli_usage_error ("clean", _("--soft-days must be 0 or more, not %d"), soft_days);
  else if (remove_risky != NULL && !bounce_hygiene_flags_parse (remove_risky, &remove_flags, &error))
    /* TRANSLATORS: %s is an error message; --remove-risky is an option name */
    status = bounce_cli_usage_error ("clean", _("--remove-risky: %s"), error->message);
  else if (no_checks && (keep_invalid || remove_risky != NULL || disposable_path != NULL))
    status = bounce_cli_usage_error ("clean", _("--no-checks skips the list checks, so it cannot go with "
                                                "--keep-invalid, --remove-risky or --disposable-domains"));

  /* The addresses of --keep, the app's "Keep This Contact". */
  for (guint i = 0; status == BOUNCE_CLI_EXIT_OK && keep != NULL && keep[i] != NULL; i++)
    {
      char *normalized = bounce_address_normalize (keep[i]);

      if (normalized == NULL)
        {
          status = bounce_cli_usage_error ("clean", _("--keep: “%s” is not an email address"), keep[i]);
          break;
        }
      if (kept_addresses == NULL)
        kept_addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_add (kept_addresses, normalized);
    }

  bounce_cli_dialect_options_clear (&dialect_options);
  if (status != BOUNCE_CLI_EXIT_OK)
    {
      bounce_cli_history_options_clear (&history_options);
      bounce_csv_dialect_clear (&dialect);
      return status;
    }

  /* Without --bounces the history's suppression list alone decides, as
   * for a fresh copy of a list cleaned before. */
  if (bounces == NULL)
    bounces = g_new0 (char *, 1);

  /* The scanner turns an unreadable file into a record, but a path that
   * does not exist at all is a typo to report before any work. */
  for (guint i = 0; bounces[i] != NULL; i++)
    {
      if (!bounce_imap_source_is_uri (bounces[i]) && !bounce_scanner_check_path (bounces[i], &error))
        {
          if (g_error_matches (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND))
            g_printerr (_("bounce-cli clean: “%s” does not exist. Check the --bounces path.\n"), bounces[i]);
          else
            /* TRANSLATORS: %s is an error message */
            g_printerr (_("bounce-cli clean: %s\n"), error->message);
          bounce_csv_dialect_clear (&dialect);
          return BOUNCE_CLI_EXIT_INPUT_ERROR;
        }
    }

  if (bounces_are_large ((const char * const *) bounces))
    bounce_cli_run_again_with_malloc_slices ();

  /* Output names that would replace the contact file are a mistake to
   * report before any work. */
  if (!dry_run && !bounce_clean_check_paths (contacts_path, output, removed, &error))
    {
      /* TRANSLATORS: %s is an error message */
      g_printerr (_("bounce-cli clean: %s\n"), error->message);
      bounce_csv_dialect_clear (&dialect);
      return exit_status_for_error (error);
    }

  if (!bounce_clean_check_outputs (dry_run ? NULL : output, dry_run ? NULL : removed, report, report_csv, &error))
    {
      /* TRANSLATORS: %s is an error message */
      g_printerr (_("bounce-cli clean: %s\n"), error->message);
      bounce_csv_dialect_clear (&dialect);
      return BOUNCE_CLI_EXIT_USAGE;
    }

  if (!bounce_clean_check_bounce_inputs ((const char * const *) bounces, dry_run ? NULL : output,
                                         dry_run ? NULL : removed, report, report_csv, &error))
    {
      /* TRANSLATORS: %s is an error message */
      g_printerr (_("bounce-cli clean: %s\n"), error->message);
      bounce_csv_dialect_clear (&dialect);
      return BOUNCE_CLI_EXIT_USAGE;
    }

  /* The history and the list of disposable domains are read and kept, so
   * no output may replace them either. */
  {
    g_autofree char *db_path = NULL;

    if (!history_options.no_history)
      db_path = bounce_cli_history_dup_path (&history_options);
    if (!bounce_clean_check_input_file (db_path, _("the history database"), dry_run ? NULL : output,
                                        dry_run ? NULL : removed, report, report_csv, &error) ||
        !bounce_clean_check_input_file (disposable_path, _("the list of disposable domains"),
                                        dry_run ? NULL : output, dry_run ? NULL : removed, report,
                                        report_csv, &error))
      {
        /* TRANSLATORS: %s is an error message */
        g_printerr (_("bounce-cli clean: %s\n"), error->message);
        bounce_csv_dialect_clear (&dialect);
        return BOUNCE_CLI_EXIT_USAGE;
      }
  }

  for (guint i = 0; i < 2; i++)
    {
      const char *path = i == 0 ? report : report_csv;

      if (path != NULL && !bounce_clean_check_paths (contacts_path, path, NULL, &error))
        {
          g_printerr (_("bounce-cli clean: The report “%s” would replace the contact list. Choose another file name.\n"),
                      path);
          bounce_csv_dialect_clear (&dialect);
          return BOUNCE_CLI_EXIT_USAGE;
        }
    }

  if (disposable_path != NULL)
    {
      gboolean failed;

      disposable = bounce_cli_load_disposable ("clean", disposable_path, &failed);
      if (failed)
        {
          bounce_csv_dialect_clear (&dialect);
          return BOUNCE_CLI_EXIT_INPUT_ERROR;
        }
    }

  /* The contact file is read first, so that a file that is not CSV is
   * reported before a long scan. A scan that takes every record from the
   * history is short, so it runs while the file is read. For a million
   * rows and 100,000 bounces each takes about 0.4 s. */
  catch_truncated_files (contacts_path);
  load = (ContactsLoad) { contacts_path, &dialect, NULL, NULL };
  load_thread = g_thread_new ("bounce-clean-load", load_contacts, &load);

  /* The history records this scan and keeps the suppression list,
   * which removes listed addresses even with no new bounce. */
  /* A dry run records no bounce either. */
  {
    g_autofree char *history_path = bounce_cli_history_dup_path (&history_options);
    gboolean existed = g_file_test (history_path, G_FILE_TEST_EXISTS);

    history = bounce_cli_history_try_open (&history_options, "clean", dry_run, &history_error);

    /* A new history that cannot be made (a full disk, a folder that cannot
     * be created) has no suppression list to lose: the clean goes on as
     * with --no-history. */
    if (history_error != NULL && !existed)
      {
        bounce_cli_history_warn_going_on ("clean", history_error);
        g_clear_error (&history_error);
      }
  }
  bounce_cli_history_options_clear (&history_options);
  state.records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  state.unreadable = unreadable;
  state.max_unreadable = json ? G_MAXUINT : MAX_UNREADABLE_SHOWN;
  state.server_text = json;
  state.own_files = own_files;
  {
    const char *own_paths[] = { contacts_path, output, removed, report, report_csv };

    for (guint i = 0; i < G_N_ELEMENTS (own_paths); i++)
      {
        GStatBuf info;

        if (own_paths[i] != NULL && g_stat (own_paths[i], &info) == 0 && S_ISREG (info.st_mode))
          g_array_append_val (own_files, info);
      }
  }
  scanner = bounce_scanner_new ();
  bounce_scanner_set_history (scanner, history);
  bounce_scanner_set_light_records (scanner, !json);
  scanned = bounces[0] != NULL && bounce_scanner_paths_are_recorded (scanner, (const char * const *) bounces);
  if (scanned)
    status = scan_bounces (scanner, &mailbox_options, bounces, history, &state);

  g_thread_join (load_thread);
  contacts = load.contacts;
  if (contacts == NULL)
    {
      /* Here the path to check is the option's value. */
      if (g_error_matches (load.error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND))
        g_printerr (_("bounce-cli clean: “%s” does not exist. Check the --contacts path.\n"), contacts_path);
      else
        /* TRANSLATORS: %s is an error message */
        g_printerr (_("bounce-cli clean: %s\n"), load.error->message);
      status = bounce_cli_exit_status_for_load (load.error, &dialect);
      g_clear_error (&load.error);
      g_ptr_array_unref (state.records);
      bounce_csv_dialect_clear (&dialect);
      return status;
    }
  bounce_csv_dialect_clear (&dialect);
  bounce_cli_print_diagnostics (bounce_contact_list_get_diagnostics (contacts));
  if (bounce_cli_check_email_column_choice ("clean", contacts) != BOUNCE_CLI_EXIT_OK)
    {
      g_ptr_array_unref (state.records);
      return BOUNCE_CLI_EXIT_USAGE;
    }
  if (bounce_contact_list_is_uncertain (contacts))
    g_printerr (_("bounce-cli clean: The delimiter or the email column of “%s” was a close call; "
                  "run “bounce-cli contacts” on it and set --delimiter or --email-column if it is wrong.\n"),
                contacts_path);

  /* Without an existing history its suppression list would not apply,
   * and the cleaned file would keep people who bounced or complained
   * before. A clean without it is asked for with --no-history. */
  if (history_error != NULL)
    {
      /* TRANSLATORS: %s is an error message that ends with a full stop. */
      g_printerr (_("bounce-cli clean: No file was written: %s Without the history its suppression list "
                    "cannot remove the people who bounced or complained before. Choose another file with "
                    "--db, or clean without the history with --no-history.\n"),
                  history_error->message);
      g_ptr_array_unref (state.records);
      return BOUNCE_CLI_EXIT_INPUT_ERROR;
    }
  if (history == NULL && bounces[0] == NULL)
    {
      g_printerr (_("bounce-cli clean: No file was written, because without --bounces only the suppression "
                    "list removes rows, and the history could not be opened.\n"));
      g_ptr_array_unref (state.records);
      return BOUNCE_CLI_EXIT_INPUT_ERROR;
    }

  /* The verdicts read the history's lists. While the contact file is
   * read, both cores are busy. From here until the verdicts one core is
   * free but for the list checks, so after a scan from the history the
   * lists load on it while the bounces are matched. A failure shows
   * again, as a warning, where they are read. */
  if (history != NULL && scanned)
    lists_thread = g_thread_new ("bounce-clean-lists", load_history_lists, history);
  else if (history != NULL)
    bounce_history_load_lists (history, NULL);

  if (scanned)
    cleaner = bounce_cleaner_new_unmatched (contacts);
  else
    {
      /* The cleaner's index of the rows needs the contact list alone, so
       * it is built while the bounces are read. */
      index_thread = g_thread_new ("bounce-clean-index", build_cleaner_index, contacts);
      status = scan_bounces (scanner, &mailbox_options, bounces, history, &state);
      cleaner = g_thread_join (index_thread);
    }
  if (status != BOUNCE_CLI_EXIT_OK)
    {
      if (lists_thread != NULL)
        g_thread_join (g_steal_pointer (&lists_thread));
      g_printerr (_("bounce-cli clean: No file was written, because not every bounce could be read.\n"));
      g_ptr_array_unref (state.records);
      return status;
    }

  /* The list checks need the contact file alone. Their first step finds
   * the invalid addresses, which the policy removes, in a few ms on a
   * million rows. The second step sets the warnings in 0.07 s on its own
   * thread while, unless a warning removes rows, the files are written
   * on one core. Started earlier, it slowed the scan. */
  if (!no_checks)
    {
      hygiene = bounce_hygiene_new_syntax (contacts);
      checks = (ListChecks) { hygiene, disposable };
      checks_thread = g_thread_new ("bounce-list-checks", run_list_checks, &checks);
    }

  bounce_cleaner_match (cleaner, state.records);
  records = g_steal_pointer (&state.records);
  if (lists_thread != NULL)
    g_thread_join (g_steal_pointer (&lists_thread));
  if (remove_flags != BOUNCE_HYGIENE_FLAG_NONE)
    finish_list_checks (&checks_thread);

  /* After the scan, so that keeping takes off the suppression entries
   * of the bounces it recorded too. */
  if (history != NULL && !bounce_history_is_read_only (history) && kept_addresses != NULL)
    record_kept_addresses (history, kept_addresses);

  bounce_clean_policy_init (&policy);
  policy.remove_flags = remove_flags;
  if (!no_checks)
    {
      policy.hygiene = hygiene;
      policy.remove_invalid = !keep_invalid;
    }
  policy.remove_hard = !keep_hard;
  policy.remove_complaints = !keep_complaints;
  policy.soft_limit = (guint) soft_limit;
  policy.history = history;
  policy.soft_days = (guint) soft_days;
  policy.kept_addresses = kept_addresses;

  /* bounce_cleaner_summarize() reads the warnings of the list checks. */
  if (dry_run)
    {
      finish_list_checks (&checks_thread);
      bounce_cleaner_summarize (cleaner, &policy, &summary);
      /* A damaged history stops a dry run as it stops the write, so that
       * its figures never lack the suppression list. */
      written = history == NULL || bounce_history_check_intact (history, &error);
    }
  else
    written = bounce_cleaner_write (cleaner, &policy, state.columns, output, removed, &summary, NULL, &error);
  finish_list_checks (&checks_thread);
  if (g_error_matches (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE) && history != NULL &&
      !bounce_history_check_intact (history, NULL))
    {
      /* TRANSLATORS: %s is an error message that ends with a full stop. */
      g_printerr (_("bounce-cli clean: No file was written: %s Without the history its suppression list "
                    "cannot remove the people who bounced or complained before. Choose another file with "
                    "--db, or clean without the history with --no-history.\n"),
                  error->message);
      return BOUNCE_CLI_EXIT_INPUT_ERROR;
    }
  if (!dry_run && !written)
    {
      /* TRANSLATORS: %s is an error message */
      g_printerr (_("bounce-cli clean: %s\n"), error->message);
      return exit_status_for_error (error);
    }
  if (!dry_run)
    bounce_cleaner_count_contact_rows (cleaner, &policy, &summary);

  if (!write_reports (cleaner, records, &state.read, &policy, report, report_csv, &error))
    {
      /* TRANSLATORS: %s is an error message */
      g_printerr (_("bounce-cli clean: %s\n"), error->message);
      return BOUNCE_CLI_EXIT_INPUT_ERROR;
    }

  if (json)
    {
      print_summary (stderr, cleaner, &policy, &summary, &state, output, removed, dry_run,
                     (report != NULL) + (report_csv != NULL));
      print_json_summary (cleaner, &policy, &summary, &state, contacts_path, output, removed, dry_run);
    }
  else
    print_summary (stdout, cleaner, &policy, &summary, &state, output, removed, dry_run,
                   (report != NULL) + (report_csv != NULL));

  /* Damaged rows are kept, so the files are safe to use and the exit
   * status stays 0; the warning is for the person or script watching. */
  if (summary.rows_damaged > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             /* TRANSLATORS: as in every warning of bounce-cli, the sentence
                              * after "warning:" starts with a capital letter, or here with
                              * the number */
                             "bounce-cli clean: warning: %u row of “%s” could not be read reliably and was kept "
                             "whatever its bounces; fix the quotes on the line named in the summary.\n",
                             "bounce-cli clean: warning: %u rows of “%s” could not be read reliably and were kept "
                             "whatever their bounces; fix the quotes on the lines named in the summary.\n",
                             summary.rows_damaged),
                summary.rows_damaged, contacts_path);

  /* The files are written from the bounces that could be read, so the
   * exit status stays 0, as for damaged rows. */
  if (state.read.unreadable > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             /* TRANSLATORS: as in every warning of bounce-cli, the sentence
                              * after "warning:" starts with a capital letter, or here with
                              * the number */
                             "bounce-cli clean: warning: %u bounce file or message could not be read and was "
                             "skipped; the summary names it.\n",
                             "bounce-cli clean: warning: %u bounce files or messages could not be read and were "
                             "skipped; the summary names them.\n",
                             state.read.unreadable),
                state.read.unreadable);

  /* A --keep that no row has is most likely misspelt, and the row it
   * meant to keep may have been removed. */
  for (guint i = 0; keep != NULL && keep[i] != NULL; i++)
    {
      g_autofree char *normalized = bounce_address_normalize (keep[i]);

      if (!bounce_cleaner_has_list_address (cleaner, normalized))
        g_printerr (_("bounce-cli clean: warning: No row of “%s” has the address of --keep “%s”, so it kept "
                      "nothing. Check its spelling.\n"),
                    contacts_path, keep[i]);
    }

  if (!bounce_cli_flush_stdout ("clean"))
    return BOUNCE_CLI_EXIT_INPUT_ERROR;

  leave_to_exit (g_steal_pointer (&contacts), g_steal_pointer (&cleaner), g_steal_pointer (&hygiene),
                 g_steal_pointer (&records));

  return BOUNCE_CLI_EXIT_OK;
}

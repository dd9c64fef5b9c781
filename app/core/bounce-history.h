/* bounce-history.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bounce-contact-list.h"
#include "bounce-record.h"

G_BEGIN_DECLS

/* Length in bytes of a message's content hash (SHA-256). */
#define BOUNCE_HISTORY_HASH_LENGTH 32

/* Defaults of the escalation rule: this many soft bounces from separate
 * sends, spread over at least this many days, make an address hard. */
#define BOUNCE_HISTORY_DEFAULT_SOFT_LIMIT 3
#define BOUNCE_HISTORY_DEFAULT_SOFT_DAYS  7

/* One entry of the suppression list. @category is "hard", "complaint",
 * "imported" or "manual"; @active is FALSE once a person removed it. */
typedef struct
{
  char     *address;
  char     *category;
  char     *reason;     /* "5.1.1 mailbox-unknown", the imported reason, or "" */
  char     *source;     /* bounce file or imported CSV it came from, or "" */
  gint64    since;      /* Unix time the address was first suppressed */
  gint64    changed;    /* Unix time of the last change */
  gint64    bounce_id;  /* row of the bounce that caused it, or 0 */
  gboolean  active;
} BounceSuppression;

void               bounce_suppression_free             (BounceSuppression *suppression);
/* "suppressed since 2 Nov 2026: hard bounce 5.1.1". Translated. */
char              *bounce_suppression_dup_description  (const BounceSuppression *suppression);
/* The parts of that description: the date in local time, "2 Nov 2026",
 * and the cause, "hard bounce 5.1.1", which for an imported entry leaves
 * out the file it came from ("imported: unsubscribed"). Translated. */
char              *bounce_suppression_dup_since        (const BounceSuppression *suppression);
char              *bounce_suppression_dup_cause        (const BounceSuppression *suppression);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BounceSuppression, bounce_suppression_free)

/* An address a person chose to keep in every cleaned list, whatever
 * bounced and whatever the suppression list and the list checks report
 * (the app's Keep This Contact, `bounce-cli clean --keep`). */
typedef struct
{
  char     *address;      /* normalized */
  gint64    since;        /* Unix time of the choice */
  gboolean  unsuppressed; /* keeping took its entry off the suppression list */
} BounceKeptAddress;

void               bounce_kept_address_free            (BounceKeptAddress *kept);
/* @unix_time as a date in local time, "2 Nov 2026", as suppression
 * entries and kept addresses show it. Translated. */
char              *bounce_history_dup_date             (gint64             unix_time);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BounceKeptAddress, bounce_kept_address_free)

/* What the escalation rule decided for one address, computed from the
 * stored bounces each time, so a change of N or D applies to all of them. */
typedef struct
{
  gboolean  escalated;   /* n_sends >= N and the sends span at least D days */
  guint     n_sends;     /* soft bounces counted: separate sends only */
  GDateTime *first;      /* nullable: date of the earliest counted send */
  GDateTime *last;       /* nullable: date of the latest counted send */
  char      *text;       /* "3 soft bounces between 2 and 16 November 2026", translated */
  guint      n_implausible_dates; /* counted sends dated before 1990 or over a year
                                   * ahead, whose dates the span leaves out */
} BounceHistoryVerdict;

void               bounce_history_verdict_clear        (BounceHistoryVerdict *verdict);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BounceHistoryVerdict, bounce_history_verdict_clear)

#define BOUNCE_TYPE_HISTORY (bounce_history_get_type ())

G_DECLARE_FINAL_TYPE (BounceHistory, bounce_history, BOUNCE, HISTORY, GObject)

/* $XDG_DATA_HOME/org.example.Bounce/history.db. */
char              *bounce_history_dup_default_path     (void);

/* Opens the database at @path, creating it (mode 0600) and its folder
 * (mode 0700) when missing, and migrates its schema to the current
 * version. Fails with BOUNCE_ERROR_UNREADABLE, BOUNCE_ERROR_WRITE,
 * BOUNCE_ERROR_NO_SPACE (the disk is full, so opening it read-only does
 * not help) or BOUNCE_ERROR_FAILED and a message that names the path and
 * what to do. */
BounceHistory     *bounce_history_open                 (const char    *path,
                                                        GError       **error);
/* Opens the existing database at @path for reading only, for a file that
 * bounce_history_open() cannot open for writing, such as one on a
 * read-only file system. Nothing is written: a write fails with
 * SQLite's read-only error. Fails with BOUNCE_ERROR_UNREADABLE when the
 * file's schema is older or newer than the current version, because an
 * update would have to write. */
BounceHistory     *bounce_history_open_read_only       (const char    *path,
                                                        GError       **error);
/* Returns TRUE for a history opened by bounce_history_open_read_only(). */
gboolean           bounce_history_is_read_only         (BounceHistory *self);
const char        *bounce_history_get_path             (BounceHistory *self);
int                bounce_history_get_schema_version   (BounceHistory *self);

/* SHA-256 of a message's bytes: the key for deduplication and the parse
 * cache. */
void               bounce_history_hash_message         (const void    *data,
                                                        gsize          length,
                                                        guint8         hash[BOUNCE_HISTORY_HASH_LENGTH]);

/* Records the records of one message in one transaction; the same bytes
 * are recorded once, whatever their file name. Hard bounces and
 * complaints add suppression entries. */
gboolean           bounce_history_add_message          (BounceHistory *self,
                                                        const void    *data,
                                                        gsize          length,
                                                        GPtrArray     *records,
                                                        GError       **error);

/* The first error of a write made on behalf of a scan, which went on
 * without history after it; NULL when every write succeeded. */
const GError      *bounce_history_get_write_error      (BounceHistory *self);
/* Fails with BOUNCE_ERROR_UNREADABLE when a read or a write after the
 * history was opened found its file damaged (SQLITE_CORRUPT or
 * SQLITE_NOTADB). Lookups find nothing from then on, so a cleaned list
 * made after it may lack the suppression list. */
gboolean           bounce_history_check_intact         (BounceHistory *self,
                                                        GError       **error);
/* Fails when a clean that uses the history at @path would lack its
 * suppression list: @history (may be NULL) turned out damaged, or the
 * file at @path exists and could not be opened, for the reason
 * @open_error. A file that does not exist has no list to lose. bounce-cli
 * clean writes nothing then, and the app asks before it saves. */
gboolean           bounce_history_check_suppression_list (BounceHistory *history,
                                                          const char    *path,
                                                          const GError  *open_error,
                                                          GError       **error);

/* Every recorded bounce of @address, oldest first, as records whose file,
 * date, category, reason, status, reply_code, diagnostic,
 * original_message_id, action, remote_mta, and for a message of an mbox
 * offset and index are set. Bounces recorded before schema version 9 have
 * no action, remote_mta or offset, and their date is in local time.
 * Returns: (transfer full) (element-type BounceRecord) */
GPtrArray         *bounce_history_list_bounces         (BounceHistory *self,
                                                        const char    *address,
                                                        GError       **error);
guint              bounce_history_count_bounces        (BounceHistory *self);
/* The number of active suppression entries; 0 when it cannot be read. */
guint              bounce_history_count_suppressions   (BounceHistory *self);

/* TRUE when the escalation rule requires the sends to span @soft_days: only
 * from a @soft_limit of 2, because a single send spans no days, so a limit
 * of 1 removes after the first soft bounce. */
gboolean           bounce_history_rule_needs_span      (guint          soft_limit,
                                                        guint          soft_days);

/* Applies the escalation rule to the stored soft bounces of @address and
 * to @extra_records (element-type BounceRecord, may be NULL: soft records
 * not recorded yet). Sends are distinguished by the returned message's
 * Message-ID, else by day. */
gboolean           bounce_history_evaluate             (BounceHistory        *self,
                                                        const char           *address,
                                                        guint                 soft_limit,
                                                        guint                 soft_days,
                                                        GPtrArray            *extra_records,
                                                        BounceHistoryVerdict *verdict,
                                                        GError              **error);

/* Reads the active suppressions and the stored soft bounces into memory
 * now rather than at the first verdict that needs them, so that a caller
 * can do it while it waits for other work. This took 0.1 s for the
 * 100,000 addresses of the clean benchmark. */
gboolean           bounce_history_load_lists           (BounceHistory  *self,
                                                        GError        **error);

/* TRUE when stored soft bounces of @address (normalized) exist: the
 * cleaner evaluates only those addresses. */
gboolean           bounce_history_has_soft_bounces     (BounceHistory *self,
                                                        const char    *address);

/* Entries for the addresses that bounce_history_evaluate() escalates
 * under @soft_limit and @soft_days and that have no active suppression
 * entry, ordered by address: category "soft-limit", reason the verdict's
 * text ("3 soft bounces between …"), since the latest counted send. They
 * are computed, never stored, so a change of the rule changes them. A
 * @soft_limit of 0 turns the rule off and gives none.
 * Returns: (transfer full) (element-type BounceSuppression) */
GPtrArray         *bounce_history_list_escalated       (BounceHistory *self,
                                                        guint          soft_limit,
                                                        guint          soft_days,
                                                        GError       **error);

/* Describes the latest recorded hard bounce or complaint of @address
 * (normalized) when no active suppression entry removes the address:
 * "the history records a hard bounce 5.1.1 on 5 Mar 2024, and the
 * address was taken off the suppression list on 6 Mar 2024". Returns
 * NULL, without @error, when the address is suppressed or the history
 * records neither for it. Translated. */
char              *bounce_history_dup_unsuppressed_text (BounceHistory *self,
                                                         const char    *address,
                                                         GError       **error);
/* The active suppression entry of @address (normalized), or NULL. */
BounceSuppression *bounce_history_lookup_suppression   (BounceHistory *self,
                                                        const char    *address);
/* Entries whose address contains @search (or all when NULL or ""),
 * ordered by bounce_address_dup_sort_key(); removed ones only with
 * @include_removed.
 * Returns: (transfer full) (element-type BounceSuppression) */
GPtrArray         *bounce_history_list_suppressions    (BounceHistory *self,
                                                        const char    *search,
                                                        gboolean       include_removed,
                                                        GError       **error);
/* Adds or reactivates an entry; @category as in BounceSuppression. */
gboolean           bounce_history_suppress             (BounceHistory *self,
                                                        const char    *address,
                                                        const char    *category,
                                                        const char    *reason,
                                                        const char    *source,
                                                        GError       **error);
/* Marks the entry of @address removed (kept, so it can be restored).
 * Fails with BOUNCE_ERROR_NOT_FOUND when it has no active entry. */
gboolean           bounce_history_unsuppress           (BounceHistory *self,
                                                        const char    *address,
                                                        GError       **error);
/* Undoes bounce_history_unsuppress(). */
gboolean           bounce_history_restore_suppression  (BounceHistory *self,
                                                        const char    *address,
                                                        GError       **error);
/* Keeps @address in every later clean, also of the app, until
 * bounce_history_stop_keeping(). In the same transaction it takes the
 * address's active suppression entry off the list, so that an export of
 * the list for a sending service leaves it out too, and sets
 * @unsuppressed (may be NULL) when it did. An address kept already stays
 * as it was. Fails with BOUNCE_ERROR_INVALID_ARGUMENT for an invalid
 * address. */
gboolean           bounce_history_keep_address         (BounceHistory *self,
                                                        const char    *address,
                                                        gboolean      *unsuppressed,
                                                        GError       **error);
/* Undoes bounce_history_keep_address(): the address is no longer kept,
 * and the suppression entry that keeping took off is active again, unless
 * it changed since. Sets @restored (may be NULL) when that entry came
 * back. Fails with BOUNCE_ERROR_NOT_FOUND when @address is not kept. */
gboolean           bounce_history_stop_keeping         (BounceHistory *self,
                                                        const char    *address,
                                                        gboolean      *restored,
                                                        GError       **error);
/* Returns TRUE when @address (normalized) is kept, and sets @since (may
 * be NULL) to the Unix time of the choice. FALSE also when the history
 * cannot be read. Safe to call from any thread. */
gboolean           bounce_history_lookup_kept          (BounceHistory *self,
                                                        const char    *address,
                                                        gint64        *since);
/* The kept addresses, ordered by address.
 * Returns: (transfer full) (element-type BounceKeptAddress) */
GPtrArray         *bounce_history_list_kept            (BounceHistory *self,
                                                        GError       **error);

/* Reads a suppression CSV and adds its addresses. The email column is
 * detected, and a column named like "reason" is taken when present. The
 * "category", "since" and "source" columns of
 * bounce_history_export_suppressions() are taken back too; without them
 * an entry is "imported" today from this file. Rows without a valid
 * address, or with an address of an earlier row, are not imported but
 * returned in @skipped (element-type BounceDiagnostic, with their lines)
 * when it is not NULL. */
gboolean           bounce_history_import_suppressions  (BounceHistory *self,
                                                        const char    *path,
                                                        guint         *n_added,
                                                        GPtrArray    **skipped,
                                                        GError       **error);
typedef enum
{
  BOUNCE_HISTORY_IMPORT_NONE    = 0,
  /* Store nothing: @added and @skipped give what an import would do. */
  BOUNCE_HISTORY_IMPORT_DRY_RUN = 1 << 0,
} BounceHistoryImportFlags;

/* As bounce_history_import_suppressions(), and returns in @added
 * (element-type BounceSuppression) what bounce_history_undo_import()
 * needs to take the import back. For an address the import added, that
 * is its new entry (@active TRUE). For one whose removed entry it made
 * active again, it is that entry as it was before (@active FALSE).
 * Addresses with an active entry are left as they are and are not in
 * @added. */
gboolean           bounce_history_import_suppressions_full (BounceHistory             *self,
                                                            const char                *path,
                                                            BounceHistoryImportFlags   flags,
                                                            GPtrArray                **added,
                                                            GPtrArray                **skipped,
                                                            GError                   **error);
/* As bounce_history_import_suppressions_full(), from @list, a file the
 * caller has read already, for instance with a chosen email column. A
 * row whose date cell cannot be read is imported dated today, and
 * returned in @warnings (element-type BounceDiagnostic) when it is not
 * NULL. */
gboolean           bounce_history_import_suppressions_from_list (BounceHistory             *self,
                                                                 BounceContactList         *list,
                                                                 BounceHistoryImportFlags   flags,
                                                                 GPtrArray                **added,
                                                                 GPtrArray                **skipped,
                                                                 GPtrArray                **warnings,
                                                                 GError                   **error);
/* Returns TRUE when @list, a file to import, looks like a contact list
 * rather than a suppression list. Such a file has a header and a named
 * column beside the email column. No column name in it gives a cause of
 * suppression: a reason, status, type, category or code, a bounce,
 * unsubscribe, complaint or block, or Mailchimp's CLEAN_TIME. Importing
 * a subscriber export by mistake would remove every subscriber from
 * every later list, so callers ask or stop before such an import.
 * NOTE: a contact list with a column named just "Status" or "Type"
 * passes as a suppression list. */
gboolean           bounce_history_import_is_contact_list (BounceContactList *list);
/* Takes back an import, in one transaction: deletes the new entries of
 * @added and puts the removed ones back as they were. An entry that is
 * no longer active, because a person took it off the list since, is
 * left as it is. */
gboolean           bounce_history_undo_import          (BounceHistory *self,
                                                        GPtrArray     *added,
                                                        GError       **error);
/* Writes the active entries as CSV: address,category,reason,since,source. */
gboolean           bounce_history_export_suppressions  (BounceHistory *self,
                                                        const char    *path,
                                                        GError       **error);
/* Writes @entries (element-type BounceSuppression) as that CSV; with no
 * entries, the header line alone. Fails as
 * bounce_clean_check_sole_output_file() does when @path is a device, a pipe
 * or a folder. */
gboolean           bounce_suppressions_write_csv       (GPtrArray     *entries,
                                                        const char    *path,
                                                        GError       **error);

/* How far a scan read an IMAP folder: its UIDVALIDITY and the highest
 * UID up to which every message was read. @account is the source's
 * account URI (bounce_imap_source_dup_account_uri()). A folder never read
 * gives 0 and 0, and still returns TRUE. */
gboolean           bounce_history_get_mailbox_state    (BounceHistory *self,
                                                        const char    *account,
                                                        const char    *folder,
                                                        guint32       *uidvalidity,
                                                        guint32       *last_uid,
                                                        GError       **error);
/* Stores the state after committing the records of the scan under way. */
gboolean           bounce_history_set_mailbox_state    (BounceHistory *self,
                                                        const char    *account,
                                                        const char    *folder,
                                                        guint32        uidvalidity,
                                                        guint32        last_uid,
                                                        GError       **error);

G_END_DECLS

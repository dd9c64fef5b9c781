/* bounce-cleaner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-cleaner"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bounce-address.h"
#include "bounce-cleaner-columns-private.h"
#include "bounce-cleaner-private.h"
#include "bounce-csv-private.h"
#include "bounce-error.h"
#include "bounce-format.h"
#include "bounce-history-private.h"
#include "bounce-hygiene-private.h"
#include "bounce-imap-source.h"
#include "bounce-message-source-private.h"

/* Rows written between two looks at the cancellable. */
#define CANCEL_CHECK_ROWS 65536

/* How far ahead build_index() fetches index slots into the cache. */
#define PREFETCH_ROWS 16

/* Records whose recipients bounce_cleaner_match() looks up together. */
#define LOOKUP_BATCH 64

/* Set in a row of mailbox_rows when an address after the first of the
 * row's list address cell has the key. BOUNCE_CSV_MAX_ROWS leaves the
 * bit free. */
#define CELL_ADDRESS_ROW (1u << 31)
G_STATIC_ASSERT (BOUNCE_CSV_MAX_ROWS < CELL_ADDRESS_ROW);

typedef struct
{
  guint32 row;  /* row + 1, 0 when the slot is empty */
  guint32 hash;
} IndexSlot;

struct _BounceCleaner
{
  GObject            parent_instance;

  BounceContactList *contacts;
  GPtrArray         *records;

  /* Rows by list address, with open addressing: a slot contains row + 1 (0
   * when empty) and the address's hash, so most probes compare no string.
   * Eight bytes a slot, sized once: a GHashTable would hold a key and a
   * value pointer per row and rehash as it grows, which on a million rows
   * costs tens of megabytes and a large share of the time. */
  IndexSlot         *slots;
  gsize              mask;
  /* Address -> GArray of further rows: rows that repeat a list address,
   * and rows that have it in another address column. Keys are owned by the
   * contact list. */
  GHashTable        *more_rows;
  GHashTable        *duplicate_of; /* row -> first row with its list address */
  /* Mailbox key -> GArray of the rows whose list address cell has
   * another spelling of it (bounce_address_dup_mailbox_key()), with
   * CELL_ADDRESS_ROW when that is not the first address of the cell.
   * Built at the first need (ensure_mailbox_rows()), NULL until then. */
  GHashTable        *mailbox_rows;
  GHashTable        *row_matches;  /* row -> GPtrArray of BounceMatch */
  guint8            *matched_rows; /* one bit per row: set when it has matches */
  GPtrArray         *unmatched;
  guint              n_considered;
};

G_DEFINE_FINAL_TYPE (BounceCleaner, bounce_cleaner, G_TYPE_OBJECT)

void
bounce_clean_policy_init (BounceCleanPolicy *policy)
{
  g_return_if_fail (policy != NULL);

  policy->remove_hard = TRUE;
  policy->remove_complaints = TRUE;
  policy->soft_limit = 3;
  policy->history = NULL;
  policy->soft_days = BOUNCE_HISTORY_DEFAULT_SOFT_DAYS;
  policy->hygiene = NULL;
  policy->remove_invalid = TRUE;
  policy->remove_flags = BOUNCE_HYGIENE_FLAG_NONE;
  policy->kept_addresses = NULL;
}

char *
bounce_clean_policy_dup_changes (const BounceCleanPolicy *policy)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  BounceCleanPolicy defaults;

  g_return_val_if_fail (policy != NULL, NULL);

  bounce_clean_policy_init (&defaults);

  if (policy->remove_hard != defaults.remove_hard)
    g_ptr_array_add (changes, g_strdup (policy->remove_hard
                                        ? _("hard bounces are removed")
                                        : _("hard bounces are kept")));
  if (policy->remove_complaints != defaults.remove_complaints)
    g_ptr_array_add (changes, g_strdup (policy->remove_complaints
                                        ? _("spam complaints are removed")
                                        : _("spam complaints are kept")));
  if (policy->remove_invalid != defaults.remove_invalid)
    g_ptr_array_add (changes, g_strdup (policy->remove_invalid
                                        ? _("invalid addresses are removed")
                                        : _("invalid addresses are kept")));
  if (policy->soft_limit != defaults.soft_limit && policy->soft_limit == 0)
    g_ptr_array_add (changes, g_strdup (_("soft bounces never remove a contact")));
  else if (policy->soft_limit != defaults.soft_limit)
    g_ptr_array_add (changes,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   /* TRANSLATORS: the second number is the default limit */
                                                   "a contact is removed after %u soft bounce instead of %u",
                                                   "a contact is removed after %u soft bounces instead of %u",
                                                   policy->soft_limit),
                                      policy->soft_limit, defaults.soft_limit));
  if (policy->soft_days != defaults.soft_days)
    g_ptr_array_add (changes,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   /* TRANSLATORS: the second number is the default count of days */
                                                   "repeated soft bounces must span %u day instead of %u",
                                                   "repeated soft bounces must span %u days instead of %u",
                                                   policy->soft_days),
                                      policy->soft_days, defaults.soft_days));

  if (changes->len == 0)
    return NULL;

  g_ptr_array_add (changes, NULL);

  /* TRANSLATORS: the separator between two changed cleaning rules */
  return g_strjoinv (_(" · "), (char **) changes->pdata);
}

static void
bounce_match_free (BounceMatch *match)
{
  g_clear_pointer (&match->record, bounce_record_unref);
  g_free (match->address);
  g_free (match->failed_address);
  g_free (match->mailbox_address);
  g_free (match);
}

/* Indexing */

/* Returns the slot of @address: the one with its first row, or the
 * empty one where it belongs. */
static gsize
find_slot_hashed (BounceCleaner *self,
                  const char    *address,
                  guint32        hash)
{
  gsize slot = hash & self->mask;

  while (self->slots[slot].row != 0)
    {
      if (self->slots[slot].hash == hash &&
          strcmp (bounce_contact_list_get_address (self->contacts, self->slots[slot].row - 1), address) == 0)
        break;
      slot = (slot + 1) & self->mask;
    }

  return slot;
}

static gsize
find_slot (BounceCleaner *self,
           const char    *address)
{
  return find_slot_hashed (self, address, g_str_hash (address));
}

/* build_index() adds the rows of each of its two passes in file order,
 * so a row already added is the last one. Looking through the whole list
 * took time growing with the square of the rows sharing an address, as
 * in a CRM export where thousands of contacts have a placeholder one. */
static void
add_more_row (BounceCleaner *self,
              const char    *address,
              guint          row)
{
  GArray *more = g_hash_table_lookup (self->more_rows, address);

  if (more == NULL)
    {
      more = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (self->more_rows, (gpointer) address, more);
    }
  if (more->len > 0 && g_array_index (more, guint, more->len - 1) == row)
    return;
  g_array_append_val (more, row);
}

static void
build_index (BounceCleaner *self)
{
  guint n_rows = bounce_contact_list_get_n_rows (self->contacts);
  gsize n_slots = 16;

  while (n_slots < (gsize) n_rows * 2)
    n_slots *= 2;
  self->slots = _bounce_table_alloc0 (n_slots * sizeof (IndexSlot));
  self->mask = n_slots - 1;

  for (guint row = 0; row < n_rows; row++)
    {
      const char *address = bounce_contact_list_get_address (self->contacts, row);
      guint32 hash = _bounce_contact_list_get_address_hash (self->contacts, row);
      gsize slot;

      /* The slots of a million rows are far larger than the CPU cache, so
       * each first probe is a cache miss. Fetching the slot of the row
       * PREFETCH_ROWS ahead hides most of that wait. */
      if (row + PREFETCH_ROWS < n_rows)
        __builtin_prefetch (&self->slots[_bounce_contact_list_get_address_hash (self->contacts, row + PREFETCH_ROWS) & self->mask]);

      if (address == NULL)
        continue;

      slot = find_slot_hashed (self, address, hash);
      if (self->slots[slot].row == 0)
        {
          self->slots[slot].row = row + 1;
          self->slots[slot].hash = hash;
        }
      else
        {
          g_hash_table_insert (self->duplicate_of, GUINT_TO_POINTER (row),
                               GUINT_TO_POINTER (self->slots[slot].row));
          add_more_row (self, address, row);
        }
    }

  /* Addresses in other columns, or after the first in a cell, are rare. */
  for (guint row = 0; row < n_rows; row++)
    {
      const char * const *extra = _bounce_contact_list_get_extra_addresses (self->contacts, row);

      for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
        {
          gsize slot = find_slot (self, extra[i]);

          if (self->slots[slot].row != row + 1)
            add_more_row (self, extra[i], row);
        }
    }
}

/* Matching */

/* Returns whether @address is in @row's list address cell. */
static gboolean
is_list_cell_address (BounceCleaner *self,
                      guint          row,
                      const char    *address)
{
  const char * const *cell_addresses = _bounce_contact_list_get_list_cell_addresses (self->contacts, row);

  if (g_strcmp0 (address, bounce_contact_list_get_address (self->contacts, row)) == 0)
    return TRUE;

  return cell_addresses != NULL && g_strv_contains (cell_addresses, address);
}

/* Returns whether the normalized addresses @a and @b are one mailbox,
 * by the rule of the duplicate check: kim+news@example.com is delivered
 * to kim@example.com, because the receiving server drops the "+tag". */
static gboolean
is_same_mailbox (const char *a,
                 const char *b)
{
  g_autofree char *key_a = bounce_address_dup_mailbox_key (a);
  g_autofree char *key_b = bounce_address_dup_mailbox_key (b);

  return strcmp (key_a, key_b) == 0;
}

/* Returns the new match, or NULL when @row already has @record. */
static BounceMatch *
add_match (BounceCleaner   *self,
           guint            row,
           BounceRecord    *record,
           BounceMatchKind  kind,
           const char      *address,
           const char      *failed_address)
{
  GPtrArray *matches = g_hash_table_lookup (self->row_matches, GUINT_TO_POINTER (row));
  BounceMatch *match;

  if (matches == NULL)
    {
      matches = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_match_free);
      g_hash_table_insert (self->row_matches, GUINT_TO_POINTER (row), matches);
      self->matched_rows[row / 8] |= 1 << (row % 8);
    }

  /* One record may match two addresses of a list address cell, such as
   * j.a.n.e@gmail.com and jane+news@gmail.com after a bounce of
   * jane@gmail.com, and the cell's verdict needs each. */
  for (guint i = 0; i < matches->len; i++)
    {
      const BounceMatch *earlier = matches->pdata[i];

      if (earlier->record == record && g_strcmp0 (earlier->address, address) == 0)
        return NULL;
    }

  match = g_new0 (BounceMatch, 1);
  match->record = bounce_record_ref (record);
  match->kind = kind;
  match->address = g_strdup (address);
  match->on_list_address = is_list_cell_address (self, row, address);
  if (failed_address != NULL && !is_same_mailbox (failed_address, address))
    match->failed_address = g_strdup (failed_address);
  g_ptr_array_add (matches, match);

  return match;
}

/* Returns the further rows that have @address (see more_rows), or NULL. */
static GArray *
lookup_more_rows (BounceCleaner *self,
                  const char    *address)
{
  /* Most lists have no such rows, and hashing the address again for an
   * empty table would cost as much as the slot lookup. */
  if (g_hash_table_size (self->more_rows) == 0)
    return NULL;

  return g_hash_table_lookup (self->more_rows, address);
}

/* Looks up a batch of addresses in the slots in three passes. Each lookup
 * misses the CPU cache twice: at its slot among the 16 MB of slots of a
 * million rows, then at the row's address. The passes overlap the misses
 * of the whole batch. Sets each address's hash and its first row + 1 (0
 * when no row's list address is it), and skips NULL addresses. */
static void
lookup_batch (BounceCleaner      *self,
              const char * const *addresses,
              guint               n_addresses,
              guint32            *hashes,
              guint32            *rows)
{
  for (guint i = 0; i < n_addresses; i++)
    {
      if (addresses[i] == NULL)
        continue;
      hashes[i] = g_str_hash (addresses[i]);
      __builtin_prefetch (&self->slots[hashes[i] & self->mask]);
    }

  for (guint i = 0; i < n_addresses; i++)
    {
      guint32 row;

      if (addresses[i] == NULL)
        continue;
      row = self->slots[hashes[i] & self->mask].row;
      if (row != 0)
        __builtin_prefetch (bounce_contact_list_get_address (self->contacts, row - 1));
    }

  for (guint i = 0; i < n_addresses; i++)
    rows[i] = addresses[i] != NULL ? self->slots[find_slot_hashed (self, addresses[i], hashes[i])].row : 0;
}

/* Adds @record to every row that has @address, whose first row + 1 is
 * @first (0 for none); FALSE when no row has it. @failed_address is
 * BounceMatch.failed_address before the comparison with @address. */
static gboolean
match_address_at (BounceCleaner   *self,
                  BounceRecord    *record,
                  const char      *address,
                  guint32          first,
                  BounceMatchKind  kind,
                  const char      *failed_address)
{
  GArray *more = lookup_more_rows (self, address);

  if (first == 0 && more == NULL)
    return FALSE;

  if (first != 0)
    add_match (self, first - 1, record, kind, address, failed_address);
  for (guint i = 0; more != NULL && i < more->len; i++)
    add_match (self, g_array_index (more, guint, i), record, kind, address, failed_address);

  return TRUE;
}

/* Adds @record to every row that has @address; FALSE when none does. */
static gboolean
match_address (BounceCleaner   *self,
               BounceRecord    *record,
               const char      *address,
               BounceMatchKind  kind,
               const char      *failed_address)
{
  if (address == NULL)
    return FALSE;

  return match_address_at (self, record, address, self->slots[find_slot (self, address)].row, kind,
                           failed_address);
}

/* Matches @record, whose normalized recipient @recipient (may be NULL)
 * has its first row + 1 at @recipient_row. Sets @matched_address to the
 * address it matched on, or NULL. */
static gboolean
match_record (BounceCleaner  *self,
              BounceRecord   *record,
              const char     *recipient,
              guint32         recipient_row,
              char          **matched_address)
{
  g_autofree char *original = NULL;
  g_autofree char *verp = NULL;
  g_auto(GStrv) original_to = NULL;

  /* In the order of trust: the failed address the report names, then the
   * Original-Recipient the sender's MTA passed on (RFC 3464 2.3.1), which
   * survives forwarding. Then come the To of the returned message, and
   * last the VERP return path the bounce was sent to. */
  *matched_address = NULL;
  if (recipient != NULL &&
      match_address_at (self, record, recipient, recipient_row, BOUNCE_MATCH_RECIPIENT, NULL))
    {
      *matched_address = g_strdup (recipient);
      return TRUE;
    }

  /* Postfix writes the alias as Original-Recipient when it expands a group
   * alias or a forward and one target fails. The group still takes mail
   * for its other members, so a match through another Final-Recipient
   * records @recipient as BounceMatch.failed_address and removes nothing. */
  original = bounce_address_normalize_dsn_field (record->original_recipient);
  if (match_address (self, record, original, BOUNCE_MATCH_ORIGINAL_RECIPIENT, recipient))
    {
      *matched_address = g_steal_pointer (&original);
      return TRUE;
    }

  /* The returned copy's To and the VERP return path name whom the
   * mailing was sent to, not who failed. When the report names another
   * failed address, the contact may forward to it or be a group that
   * still takes mail, so the match records @recipient as
   * BounceMatch.failed_address and removes nothing. A returned message
   * sent to several people does not show which of them failed. */
  original_to = bounce_address_extract_all (record->original_to);
  if (g_strv_length (original_to) == 1 &&
      match_address (self, record, original_to[0], BOUNCE_MATCH_ORIGINAL_TO, recipient))
    {
      *matched_address = g_strdup (original_to[0]);
      return TRUE;
    }

  verp = bounce_address_decode_verp (record->bounce_to);
  if (!match_address (self, record, verp, BOUNCE_MATCH_VERP, recipient))
    return FALSE;
  *matched_address = g_steal_pointer (&verp);

  return TRUE;
}

/* Adds @row to the rows of @key (taken, may be NULL) in @mailbox_rows,
 * once. */
static void
add_mailbox_row (GHashTable *mailbox_rows,
                 char       *key,
                 guint       row)
{
  GArray *rows;

  if (key == NULL)
    return;

  rows = g_hash_table_lookup (mailbox_rows, key);
  if (rows == NULL)
    {
      rows = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (mailbox_rows, key, rows);
    }
  else
    g_free (key);

  /* Rows come in order, so a row already added is the last one. */
  if (rows->len > 0 && g_array_index (rows, guint, rows->len - 1) == row)
    return;
  g_array_append_val (rows, row);
}

/* Returns mailbox_rows, which it fills on first use. Most addresses are
 * their own mailbox key, so they are found in the slots and not stored
 * again. The loader marked the few rows whose address may have another
 * key, so that this pass reads no address of the others: reading every
 * address of a million rows took about 45 ms. The matching fills it at
 * the first hard bounce or complaint, the verdicts of the history at
 * their first look, possibly on another thread. */
static GHashTable *
ensure_mailbox_rows (BounceCleaner *self)
{
  g_autofree guint8 *cell_rows = NULL;
  GHashTable *mailbox_rows;
  guint n_rows;

  if (!g_once_init_enter (&self->mailbox_rows))
    return self->mailbox_rows;

  n_rows = bounce_contact_list_get_n_rows (self->contacts);
  mailbox_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  for (guint row = 0; row < n_rows; row++)
    {
      const char *address;

      if (!_bounce_contact_list_may_have_other_spelling (self->contacts, row))
        continue;

      address = bounce_contact_list_get_address (self->contacts, row);
      if (address != NULL)
        add_mailbox_row (mailbox_rows, _bounce_address_dup_other_mailbox_key (address), row);
    }

  /* The further addresses of list address cells, which few rows have,
   * and which the loader did not mark. */
  cell_rows = g_new0 (guint8, n_rows / 8 + 1);
  _bounce_contact_list_mark_special_rows (self->contacts, cell_rows);
  for (guint row = 0; row < n_rows; row++)
    {
      const char * const *cell_addresses;

      if (cell_rows[row / 8] == 0)
        {
          row |= 7;
          continue;
        }
      if (!(cell_rows[row / 8] & (1 << (row % 8))))
        continue;

      cell_addresses = _bounce_contact_list_get_list_cell_addresses (self->contacts, row);
      for (guint i = 0; cell_addresses != NULL && cell_addresses[i] != NULL; i++)
        if (_bounce_address_may_have_other_spelling (cell_addresses[i]))
          add_mailbox_row (mailbox_rows, _bounce_address_dup_other_mailbox_key (cell_addresses[i]),
                           row | CELL_ADDRESS_ROW);
    }

  g_once_init_leave (&self->mailbox_rows, mailbox_rows);

  return mailbox_rows;
}

/* Adds @record to @row as a BOUNCE_MATCH_SAME_MAILBOX of @dead_address
 * on @address, an address of the row's list address cell, unless that is
 * @dead_address itself. */
static gboolean
add_same_mailbox_match (BounceCleaner *self,
                        guint          row,
                        BounceRecord  *record,
                        const char    *address,
                        const char    *dead_address)
{
  BounceMatch *match;

  if (address == NULL || g_str_equal (address, dead_address))
    return FALSE;

  match = add_match (self, row, record, BOUNCE_MATCH_SAME_MAILBOX, address, NULL);
  if (match != NULL)
    match->mailbox_address = g_strdup (dead_address);

  return TRUE;
}

/* Adds @record to each address after the first of @row's list address
 * cell whose mailbox key is @key, as add_same_mailbox_match() does. */
static gboolean
add_same_mailbox_cell_matches (BounceCleaner *self,
                               guint          row,
                               BounceRecord  *record,
                               const char    *key,
                               const char    *dead_address)
{
  const char * const *cell_addresses = _bounce_contact_list_get_list_cell_addresses (self->contacts, row);
  gboolean matched = FALSE;

  for (guint i = 0; cell_addresses != NULL && cell_addresses[i] != NULL; i++)
    {
      g_autofree char *cell_key = _bounce_address_dup_other_mailbox_key (cell_addresses[i]);

      if (cell_key != NULL && g_str_equal (cell_key, key))
        matched |= add_same_mailbox_match (self, row, record, cell_addresses[i], dead_address);
    }

  return matched;
}

/* A hard bounce or a complaint means that the mailbox of @dead_address is
 * dead. So @record also matches every row with the same mailbox by the
 * rule of the duplicate check in its list address cell, such as
 * kim+news@example.com for kim@example.com and j.a.n.e@gmail.com for
 * jane@gmail.com. Each address of the cell counts, as in the matching of
 * a bounce, and the cell's verdict weighs them. Returns whether a row has
 * such an address. A dead address with a +tag spreads
 * to no other spelling: a server without sub-addressing (RFC 5233)
 * rejects kim+news@ while kim@ still takes mail. */
static gboolean
match_same_mailbox (BounceCleaner *self,
                    BounceRecord  *record,
                    const char    *dead_address)
{
  const char *at = strrchr (dead_address, '@');
  const char *plus = at != NULL ? memchr (dead_address, '+', at - dead_address) : NULL;
  g_autofree char *other_key = NULL;
  const char *key;
  guint32 first;
  GArray *more;
  GHashTable *mailbox_rows;
  GArray *spellings;
  gboolean matched = FALSE;

  if (plus != NULL && plus != dead_address)
    return FALSE;

  mailbox_rows = ensure_mailbox_rows (self);

  other_key = _bounce_address_dup_other_mailbox_key (dead_address);
  key = other_key != NULL ? other_key : dead_address;

  /* The rows whose list address cell has the key itself, when that is
   * not the dead address: those rows were matched on it already.
   * more_rows also has the rows with the key in another address column,
   * which do not count. */
  if (other_key != NULL)
    {
      first = self->slots[find_slot (self, key)].row;
      more = lookup_more_rows (self, key);
      if (first != 0)
        matched |= add_same_mailbox_match (self, first - 1, record, key, dead_address);
      for (guint i = 0; more != NULL && i < more->len; i++)
        {
          guint row = g_array_index (more, guint, i);

          if (is_list_cell_address (self, row, key))
            matched |= add_same_mailbox_match (self, row, record, key, dead_address);
        }
    }

  /* Most lists have no address with another spelling at all. */
  if (g_hash_table_size (mailbox_rows) == 0)
    return matched;

  spellings = g_hash_table_lookup (mailbox_rows, key);
  for (guint i = 0; spellings != NULL && i < spellings->len; i++)
    {
      guint row = g_array_index (spellings, guint, i);

      if (row & CELL_ADDRESS_ROW)
        matched |= add_same_mailbox_cell_matches (self, row & ~CELL_ADDRESS_ROW, record, key, dead_address);
      else
        matched |= add_same_mailbox_match (self, row, record, bounce_contact_list_get_address (self->contacts, row),
                                           dead_address);
    }

  return matched;
}

static gboolean
record_is_matched (const BounceRecord *record)
{
  return record->category != BOUNCE_CATEGORY_NOT_BOUNCE &&
         record->category != BOUNCE_CATEGORY_UNREADABLE;
}

static gboolean
record_must_match (const BounceRecord *record)
{
  return bounce_category_is_failure (record->category) ||
         record->category == BOUNCE_CATEGORY_COMPLAINT;
}

static void
bounce_cleaner_finalize (GObject *object)
{
  BounceCleaner *self = (BounceCleaner *) object;

  if (self->slots != NULL)
    _bounce_table_free (self->slots, (self->mask + 1) * sizeof (IndexSlot));
  g_clear_pointer (&self->matched_rows, g_free);
  g_clear_pointer (&self->more_rows, g_hash_table_unref);
  g_clear_pointer (&self->duplicate_of, g_hash_table_unref);
  g_clear_pointer (&self->mailbox_rows, g_hash_table_unref);
  g_clear_pointer (&self->row_matches, g_hash_table_unref);
  g_clear_pointer (&self->unmatched, g_ptr_array_unref);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_object (&self->contacts);

  G_OBJECT_CLASS (bounce_cleaner_parent_class)->finalize (object);
}

static void
bounce_cleaner_class_init (BounceCleanerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bounce_cleaner_finalize;
}

static void
bounce_cleaner_init (BounceCleaner *self)
{
  self->more_rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) g_array_unref);
  self->duplicate_of = g_hash_table_new (NULL, NULL);
  self->row_matches = g_hash_table_new_full (NULL, NULL, NULL,
                                             (GDestroyNotify) g_ptr_array_unref);
  self->unmatched = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
}

BounceCleaner *
bounce_cleaner_new_unmatched (BounceContactList *contacts)
{
  BounceCleaner *self;

  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (contacts), NULL);

  self = g_object_new (BOUNCE_TYPE_CLEANER, NULL);
  self->contacts = g_object_ref (contacts);
  self->matched_rows = g_new0 (guint8, bounce_contact_list_get_n_rows (contacts) / 8 + 1);

  build_index (self);

  return self;
}

BounceCleaner *
bounce_cleaner_new (BounceContactList *contacts,
                    GPtrArray         *records)
{
  BounceCleaner *self;

  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (contacts), NULL);

  self = bounce_cleaner_new_unmatched (contacts);
  bounce_cleaner_match (self, records);

  return self;
}

void
bounce_cleaner_match (BounceCleaner *self,
                      GPtrArray     *records)
{
  g_return_if_fail (BOUNCE_IS_CLEANER (self));
  g_return_if_fail (self->records == NULL);

  self->records = records ? g_ptr_array_ref (records) : g_ptr_array_new ();

  /* In batches, so that the slot lookups of the recipients overlap (see
   * lookup_batch()): 100,000 records took 0.1 s one at a time. */
  for (guint start = 0; start < self->records->len; start += LOOKUP_BATCH)
    {
      guint n = MIN (LOOKUP_BATCH, self->records->len - start);
      char *recipients[LOOKUP_BATCH];
      guint32 hashes[LOOKUP_BATCH];
      guint32 rows[LOOKUP_BATCH];

      for (guint i = 0; i < n; i++)
        {
          const BounceRecord *record = self->records->pdata[start + i];

          recipients[i] = record_is_matched (record) ? bounce_address_normalize_dsn_field (record->recipient) : NULL;
        }

      lookup_batch (self, (const char * const *) recipients, n, hashes, rows);

      for (guint i = 0; i < n; i++)
        {
          BounceRecord *record = self->records->pdata[start + i];
          g_autofree char *recipient = recipients[i];
          g_autofree char *matched_address = NULL;
          const char *dead_address;
          gboolean matched;

          if (!record_is_matched (record))
            continue;

          self->n_considered++;
          matched = match_record (self, record, recipient, rows[i], &matched_address);

          /* The failed address the report names is the dead mailbox, else
           * the address the mailing went to. */
          dead_address = recipient != NULL ? recipient : matched_address;
          if (dead_address != NULL &&
              (record->category == BOUNCE_CATEGORY_HARD || record->category == BOUNCE_CATEGORY_COMPLAINT))
            matched |= match_same_mailbox (self, record, dead_address);

          if (!matched && record_must_match (record))
            g_ptr_array_add (self->unmatched, bounce_record_ref (record));
        }
    }

  g_debug ("%u records considered, %u rows matched, %u failures unmatched",
           self->n_considered, g_hash_table_size (self->row_matches), self->unmatched->len);
}

BounceContactList *
bounce_cleaner_get_contacts (BounceCleaner *self)
{
  g_return_val_if_fail (BOUNCE_IS_CLEANER (self), NULL);

  return self->contacts;
}

GPtrArray *
bounce_cleaner_get_row_matches (BounceCleaner *self,
                                guint          row)
{
  g_return_val_if_fail (BOUNCE_IS_CLEANER (self), NULL);

  return g_hash_table_lookup (self->row_matches, GUINT_TO_POINTER (row));
}

const BounceMatch *
bounce_cleaner_get_other_address_failure (BounceCleaner *self,
                                          guint          row)
{
  GPtrArray *matches;
  const BounceMatch *worst = NULL;

  g_return_val_if_fail (BOUNCE_IS_CLEANER (self), NULL);

  matches = g_hash_table_lookup (self->row_matches, GUINT_TO_POINTER (row));
  for (guint i = 0; matches != NULL && i < matches->len; i++)
    {
      const BounceMatch *match = g_ptr_array_index (matches, i);
      BounceCategory category = match->record->category;

      if (match->on_list_address ||
          !(bounce_category_is_failure (category) || category == BOUNCE_CATEGORY_COMPLAINT))
        continue;
      if (worst == NULL || bounce_category_compare_severity (category, worst->record->category) > 0)
        worst = match;
    }

  return worst;
}

BounceWorstBounce
bounce_row_verdict_get_worst_bounce (const BounceRowVerdict *verdict)
{
  g_return_val_if_fail (verdict != NULL, BOUNCE_WORST_BOUNCE_NONE);

  if (!bounce_category_is_clean (verdict->category))
    return BOUNCE_WORST_BOUNCE_CATEGORY;
  if (verdict->other_address_bounced)
    return BOUNCE_WORST_BOUNCE_OTHER_ADDRESS;
  if (verdict->blank)
    return BOUNCE_WORST_BOUNCE_BLANK;
  if (verdict->removed)
    return BOUNCE_WORST_BOUNCE_REMOVED_OTHERWISE;

  return BOUNCE_WORST_BOUNCE_NONE;
}

gboolean
bounce_row_verdict_is_without_bounce (const BounceRowVerdict *verdict)
{
  g_return_val_if_fail (verdict != NULL, FALSE);

  return bounce_row_verdict_get_worst_bounce (verdict) == BOUNCE_WORST_BOUNCE_NONE;
}

BounceContactRowKind
bounce_cleaner_get_contact_row_kind (BounceCleaner           *self,
                                     const BounceCleanPolicy *policy,
                                     guint                    row)
{
  BounceHygiene *hygiene;

  g_return_val_if_fail (BOUNCE_IS_CLEANER (self), BOUNCE_CONTACT_ROW_NO_ADDRESS);
  g_return_val_if_fail (policy != NULL, BOUNCE_CONTACT_ROW_NO_ADDRESS);

  hygiene = policy->hygiene;
  if (bounce_contact_list_is_row_blank (self->contacts, row))
    return BOUNCE_CONTACT_ROW_BLANK;

  if (hygiene != NULL)
    {
      if (bounce_hygiene_is_invalid (hygiene, row))
        return BOUNCE_CONTACT_ROW_INVALID;
      if (bounce_hygiene_is_empty (hygiene, row))
        return BOUNCE_CONTACT_ROW_NO_ADDRESS;
      if (bounce_hygiene_get_flags (hygiene, row) & BOUNCE_HYGIENE_FLAG_DUPLICATE)
        return BOUNCE_CONTACT_ROW_DUPLICATE;

      return BOUNCE_CONTACT_ROW_CONTACT;
    }

  if (bounce_contact_list_get_address (self->contacts, row) == NULL)
    return BOUNCE_CONTACT_ROW_NO_ADDRESS;
  if (g_hash_table_contains (self->duplicate_of, GUINT_TO_POINTER (row)))
    return BOUNCE_CONTACT_ROW_DUPLICATE;

  return BOUNCE_CONTACT_ROW_CONTACT;
}

GPtrArray *
bounce_cleaner_get_unmatched (BounceCleaner *self)
{
  g_return_val_if_fail (BOUNCE_IS_CLEANER (self), NULL);

  return self->unmatched;
}

int
bounce_cleaner_get_duplicate_of (BounceCleaner *self,
                                 guint          row)
{
  gpointer first;

  g_return_val_if_fail (BOUNCE_IS_CLEANER (self), -1);

  first = g_hash_table_lookup (self->duplicate_of, GUINT_TO_POINTER (row));

  return first != NULL ? (int) GPOINTER_TO_UINT (first) - 1 : -1;
}

gboolean
bounce_cleaner_has_list_address (BounceCleaner *self,
                                 const char    *address)
{
  g_return_val_if_fail (BOUNCE_IS_CLEANER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  return self->slots[find_slot (self, address)].row != 0;
}

/* The policy */

/* TRUE when @a and @b report the same send: retries of one campaign
 * message must not add up to the soft limit. The same original
 * Message-ID is the same send; without one, the same day is. */
static gboolean
same_send (const BounceRecord *a,
           const BounceRecord *b)
{
  if (a->original_message_id[0] != '\0' || b->original_message_id[0] != '\0')
    return g_str_equal (a->original_message_id, b->original_message_id);

  if (a->date != NULL && b->date != NULL)
    {
      int ya, ma, da, yb, mb, db;

      g_date_time_get_ymd (a->date, &ya, &ma, &da);
      g_date_time_get_ymd (b->date, &yb, &mb, &db);

      return ya == yb && ma == mb && da == db;
    }

  return FALSE;
}

/* TRUE when @match is evidence about @address, one address of a list
 * address cell. */
static gboolean
match_is_on (const BounceMatch *match,
             const char        *address)
{
  return g_strcmp0 (match->address, address) == 0;
}

/* Returns TRUE when a person chose to keep @address, for this run or in
 * the history, and sets @since to the time the history recorded. */
static gboolean
is_kept_by_choice (const BounceCleanPolicy *policy,
                   const char              *address,
                   gint64                  *since)
{
  if (policy->history != NULL && bounce_history_lookup_kept (policy->history, address, since))
    return TRUE;

  return policy->kept_addresses != NULL && g_hash_table_contains (policy->kept_addresses, address);
}

/* Whether @match reaches its row only through the same-mailbox rule from
 * an address a person chose to keep. That person vouches for the mailbox,
 * so the bounce removes none of its other spellings ("jane+news@gmail.com"
 * after a bounce of a kept "jane@gmail.com"), though it is still shown. */
static gboolean
match_is_kept_mailbox (const BounceMatch       *match,
                       const BounceCleanPolicy *policy)
{
  return match->mailbox_address != NULL && is_kept_by_choice (policy, match->mailbox_address, NULL);
}

/* Returns the removal, "hard" or "complaint", that a match of @matches on
 * @address would make but for match_is_kept_mailbox(), or NULL. */
static const char *
find_kept_mailbox_removal (GPtrArray               *matches,
                           const BounceCleanPolicy *policy,
                           const char              *address)
{
  const char *removal = NULL;

  for (guint i = 0; matches != NULL && i < matches->len; i++)
    {
      const BounceMatch *match = matches->pdata[i];
      BounceCategory category = match->record->category;

      if (!match_is_on (match, address) || match->failed_address != NULL || !match_is_kept_mailbox (match, policy))
        continue;
      if (category == BOUNCE_CATEGORY_HARD && policy->remove_hard)
        return "hard";
      if (category == BOUNCE_CATEGORY_COMPLAINT && policy->remove_complaints)
        removal = "complaint";
    }

  return removal;
}

static const BounceRecord *
verdict_for_matches (GPtrArray               *matches,
                     const BounceCleanPolicy *policy,
                     const char              *address,
                     BounceRowVerdict        *verdict)
{
  const BounceRecord *worst = NULL;
  gboolean has_hard = FALSE;
  gboolean has_complaint = FALSE;
  gboolean has_own_hard = FALSE;
  gboolean has_own_complaint = FALSE;
  const char *hard_mailbox = NULL;
  const char *complaint_mailbox = NULL;

  memset (verdict, 0, sizeof *verdict);
  verdict->category = BOUNCE_CATEGORY_NOT_BOUNCE;

  for (guint i = 0; matches != NULL && i < matches->len; i++)
    {
      const BounceMatch *match = matches->pdata[i];
      const BounceRecord *record = match->record;

      /* A bounce of a second address column (a home address next to the
       * work address the list mails) is no evidence about the list address. */
      if (!match_is_on (match, address))
        continue;

      if (worst == NULL || bounce_category_compare_severity (record->category, worst->category) > 0)
        worst = record;

      /* Shown as the row's bounce, but a person decides. */
      if (match->failed_address != NULL)
        {
          if (verdict->check_address == NULL &&
              (record->category == BOUNCE_CATEGORY_HARD || record->category == BOUNCE_CATEGORY_COMPLAINT))
            verdict->check_address = match->failed_address;
          continue;
        }

      if (match_is_kept_mailbox (match, policy))
        continue;

      has_hard |= record->category == BOUNCE_CATEGORY_HARD;
      has_complaint |= record->category == BOUNCE_CATEGORY_COMPLAINT;
      if (match->mailbox_address == NULL)
        {
          has_own_hard |= record->category == BOUNCE_CATEGORY_HARD;
          has_own_complaint |= record->category == BOUNCE_CATEGORY_COMPLAINT;
        }
      else if (record->category == BOUNCE_CATEGORY_HARD && hard_mailbox == NULL)
        hard_mailbox = match->mailbox_address;
      else if (record->category == BOUNCE_CATEGORY_COMPLAINT && complaint_mailbox == NULL)
        complaint_mailbox = match->mailbox_address;

      if (record->category == BOUNCE_CATEGORY_SOFT)
        {
          gboolean counted = FALSE;

          for (guint j = 0; j < i && !counted; j++)
            {
              const BounceMatch *earlier = matches->pdata[j];

              counted = match_is_on (earlier, address) && earlier->failed_address == NULL &&
                        earlier->record->category == BOUNCE_CATEGORY_SOFT &&
                        same_send (earlier->record, record);
            }
          if (!counted)
            verdict->n_soft++;
        }
    }

  if (worst != NULL)
    {
      verdict->category = worst->category;
      verdict->reason = worst->reason;
    }

  if (policy->remove_hard && has_hard)
    {
      verdict->removal = "hard";
      verdict->mailbox_address = has_own_hard ? NULL : hard_mailbox;
    }
  else if (policy->remove_complaints && has_complaint)
    {
      verdict->removal = "complaint";
      verdict->mailbox_address = has_own_complaint ? NULL : complaint_mailbox;
    }
  else if (policy->soft_limit > 0 && verdict->n_soft >= policy->soft_limit)
    verdict->removal = "soft-limit";
  verdict->removed = verdict->removal != NULL;

  return worst;
}

/* The soft records of @matches on @address, for the escalation rule;
 * NULL when there are none. */
static GPtrArray *
dup_soft_records (GPtrArray  *matches,
                  const char *address)
{
  GPtrArray *records = NULL;

  for (guint i = 0; matches != NULL && i < matches->len; i++)
    {
      const BounceMatch *match = matches->pdata[i];

      if (!match_is_on (match, address) || match->record->category != BOUNCE_CATEGORY_SOFT ||
          match->failed_address != NULL)
        continue;
      if (records == NULL)
        records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
      g_ptr_array_add (records, bounce_record_ref (match->record));
    }

  return records;
}

/* Refines @verdict with the history: soft bounces of every scan count
 * when they span the policy's days, and a suppressed address is removed
 * even with no bounce loaded. Fills @history_verdict (with its text when
 * @describe is TRUE) or @suppression when they decided the removal. */
static void
apply_history (BounceCleaner           *self,
               const BounceCleanPolicy *policy,
               guint                    row,
               const char              *cell_address,
               GPtrArray               *matches,
               BounceRowVerdict        *verdict,
               BounceHistoryVerdict    *history_verdict,
               gboolean                 describe,
               BounceSuppression      **suppression)
{
  const char *address = cell_address != NULL ? cell_address : bounce_contact_list_get_address (self->contacts, row);
  g_autoptr(GPtrArray) soft_records = dup_soft_records (matches, address);

  if (address == NULL)
    return;

  if (verdict->removal != NULL && g_str_equal (verdict->removal, "soft-limit"))
    verdict->removal = NULL;

  if (verdict->removal == NULL && policy->soft_limit > 0 &&
      (soft_records != NULL || bounce_history_has_soft_bounces (policy->history, address)))
    {
      g_autoptr(GError) error = NULL;

      if (!_bounce_history_evaluate_full (policy->history, address, policy->soft_limit, policy->soft_days,
                                          soft_records, describe, TRUE, history_verdict, &error))
        {
          /* bounce_cleaner_write() fails with a damaged file's error,
           * so it is not warned about for every row. */
          if (!g_error_matches (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE))
            g_warning ("%s", error->message);
        }
      else
        {
          verdict->n_soft = history_verdict->n_sends;
          if (history_verdict->escalated)
            verdict->removal = "soft-limit";
        }
    }

  if (verdict->removal == NULL)
    {
      gboolean other_spelling = cell_address != NULL ? _bounce_address_may_have_other_spelling (address)
                                                     : _bounce_contact_list_may_have_other_spelling (self->contacts, row);
      const char *mailbox_address;
      const char *category = _bounce_history_lookup_suppression_category (policy->history, address, other_spelling,
                                                                           policy->remove_hard,
                                                                           policy->remove_complaints,
                                                                           &mailbox_address);

      /* Entries from hard bounces and complaints follow the policy for
       * those; imported and hand-made entries always apply. An entry of
       * another spelling of the mailbox removes the row as a bounce in
       * a scan would (match_same_mailbox()). */
      if (category != NULL &&
          !(g_str_equal (category, "hard") && !policy->remove_hard) &&
          !(g_str_equal (category, "complaint") && !policy->remove_complaints))
        {
          verdict->removal = "suppressed";
          verdict->mailbox_address = mailbox_address;
          if (suppression != NULL)
            *suppression = bounce_history_lookup_suppression (policy->history,
                                                              mailbox_address != NULL ? mailbox_address : address);
        }
    }

  verdict->removed = verdict->removal != NULL;
}

/* Removes @row for the list checks when no bounce removed it: an invalid
 * address cannot be sent to, and warnings remove only when asked. */
static void
apply_hygiene (const BounceCleanPolicy *policy,
               guint                    row,
               BounceRowVerdict        *verdict)
{
  BounceHygieneFlags flags;

  if (verdict->removal != NULL)
    return;

  if (bounce_hygiene_is_invalid (policy->hygiene, row))
    {
      if (policy->remove_invalid)
        verdict->removal = "invalid";
    }
  else if (policy->remove_flags != BOUNCE_HYGIENE_FLAG_NONE)
    {
      /* Only a policy that removes flagged rows reads the flags, so the
       * flags may still be set on another thread when it removes none
       * (bounce_hygiene_check_addresses()). */
      flags = bounce_hygiene_get_flags (policy->hygiene, row) & policy->remove_flags;
      /* The lowest flag names the removal: a typo before a duplicate. */
      for (guint i = 0; i < BOUNCE_HYGIENE_N_FLAGS && verdict->removal == NULL; i++)
        if (flags & (1 << i))
          verdict->removal = bounce_hygiene_flag_to_string (1 << i);
    }

  verdict->removed = verdict->removal != NULL;
}

static GPtrArray *
get_matches (BounceCleaner *self,
             guint          row)
{
  /* The bit spares a hash lookup for each of a million unmatched rows. */
  if (!(self->matched_rows[row / 8] & (1 << (row % 8))))
    return NULL;

  return g_hash_table_lookup (self->row_matches, GUINT_TO_POINTER (row));
}

/* The verdict of @address, one address of @row's list address cell,
 * from its own bounces and, when @ask_history is TRUE, the
 * history. Returns its worst record. */
static const BounceRecord *
verdict_for_cell_address (BounceCleaner           *self,
                          const BounceCleanPolicy *policy,
                          guint                    row,
                          GPtrArray               *matches,
                          const char              *address,
                          gboolean                 ask_history,
                          BounceRowVerdict        *verdict)
{
  const BounceRecord *worst = verdict_for_matches (matches, policy, address, verdict);

  if (ask_history)
    {
      BounceHistoryVerdict local = { 0 };

      apply_history (self, policy, row, address, matches, verdict, &local, FALSE, NULL);
      bounce_history_verdict_clear (&local);
    }

  return worst;
}

/* Adds the verdicts of the other addresses of @row's list address cell
 * to @verdict, that of its first address, whose worst record is @worst.
 * A cell with several addresses ("hank@example.com; ivy@example.com") is
 * one contact reached at each of them, so the worst bounce of any of them
 * is the row's. Removing the row for a bounce of one would drop the
 * others, which still take mail, so it is removed only when every address
 * in it is. Returns the row's worst record. */
static const BounceRecord *
add_cell_verdicts (BounceCleaner           *self,
                   const BounceCleanPolicy *policy,
                   guint                    row,
                   GPtrArray               *matches,
                   const char * const      *cell_addresses,
                   gboolean                 ask_history,
                   const BounceRecord      *worst,
                   BounceRowVerdict        *verdict,
                   BounceSuppression      **suppression)
{
  const char *list_address = bounce_contact_list_get_address (self->contacts, row);
  const char *kept_address = verdict->removed ? NULL : list_address;
  const char *spared_address = verdict->removed ? list_address : NULL;
  const char *spared_removal = verdict->removal;
  const char *spared_reason = verdict->reason;

  for (guint i = 0; cell_addresses[i] != NULL; i++)
    {
      BounceRowVerdict other;
      const BounceRecord *other_worst;

      other_worst = verdict_for_cell_address (self, policy, row, matches, cell_addresses[i], ask_history, &other);
      if (other_worst != NULL &&
          (worst == NULL || bounce_category_compare_severity (other_worst->category, worst->category) > 0))
        {
          worst = other_worst;
          verdict->category = worst->category;
          verdict->reason = worst->reason;
        }

      if (other.removed && spared_address == NULL)
        {
          spared_address = cell_addresses[i];
          spared_removal = other.removal;
          spared_reason = other.reason;
        }
      else if (!other.removed && kept_address == NULL)
        kept_address = cell_addresses[i];
    }

  /* No address is removed, or every one is. */
  if (kept_address == NULL || spared_address == NULL)
    return worst;

  verdict->kept_address = kept_address;
  verdict->spared_address = spared_address;
  verdict->spared_removal = spared_removal;
  verdict->spared_reason = spared_reason;
  verdict->removal = NULL;
  verdict->removed = FALSE;
  if (suppression != NULL)
    g_clear_pointer (suppression, bounce_suppression_free);

  return worst;
}

/* Returns TRUE when a hard bounce or complaint of @address is dated
 * after @since (a Unix time, 0 for none): a loaded one among @matches,
 * or one that the history recorded, whose suppression entry is dated
 * with it. The address then failed again after a person chose to keep
 * it. */
static gboolean
has_bounced_since (const BounceCleanPolicy *policy,
                   GPtrArray               *matches,
                   const char              *address,
                   gint64                   since)
{
  g_autoptr(BounceSuppression) entry = NULL;

  if (since == 0)
    return FALSE;

  for (guint i = 0; matches != NULL && i < matches->len; i++)
    {
      const BounceMatch *match = matches->pdata[i];
      const BounceRecord *record = match->record;

      if (match_is_on (match, address) && match->failed_address == NULL && record->date != NULL &&
          (record->category == BOUNCE_CATEGORY_HARD || record->category == BOUNCE_CATEGORY_COMPLAINT) &&
          g_date_time_to_unix (record->date) > since)
        return TRUE;
    }

  entry = bounce_history_lookup_suppression (policy->history, address);

  return entry != NULL && entry->bounce_id != 0 && entry->since > since;
}

/* The verdict of @row. A damaged row is kept whatever bounced, because
 * its line may have been read wrongly, and a wrongly removed customer
 * costs more than one more bounce. */
static const BounceRecord *
verdict_for_row_full (BounceCleaner           *self,
                      const BounceCleanPolicy *policy,
                      guint                    row,
                      const guint8            *history_rows,
                      BounceRowVerdict        *verdict,
                      BounceHistoryVerdict    *history_verdict,
                      BounceSuppression      **suppression)
{
  GPtrArray *matches = get_matches (self, row);
  const char *list_address = bounce_contact_list_get_address (self->contacts, row);
  const BounceRecord *worst = verdict_for_matches (matches, policy, list_address, verdict);
  const char * const *cell_addresses = _bounce_contact_list_get_list_cell_addresses (self->contacts, row);
  /* Only a match or the history removes a row before the list checks. */
  gboolean ask_history = policy->history != NULL &&
                         (matches != NULL || history_rows == NULL || history_rows[row / 8] & (1 << (row % 8)));

  if (ask_history)
    {
      BounceHistoryVerdict local = { 0 };

      /* Only a caller that asked for the history's verdict reads its text. */
      apply_history (self, policy, row, NULL, matches, verdict,
                     history_verdict ? history_verdict : &local, history_verdict != NULL, suppression);
      bounce_history_verdict_clear (&local);
    }

  if (cell_addresses != NULL)
    worst = add_cell_verdicts (self, policy, row, matches, cell_addresses, ask_history, worst, verdict, suppression);

  if (policy->hygiene != NULL)
    apply_hygiene (policy, row, verdict);

  if (bounce_contact_list_is_row_damaged (self->contacts, row))
    {
      verdict->damaged = TRUE;
      verdict->skipped_removal = verdict->removal;
      verdict->removal = NULL;
      verdict->removed = FALSE;
    }

  /* A person's choice to keep the address outweighs every removal. */
  if (list_address != NULL && is_kept_by_choice (policy, list_address, &verdict->kept_since))
    {
      verdict->kept_by_choice = TRUE;
      if (verdict->removed)
        {
          verdict->overridden_removal = verdict->removal;
          verdict->bounced_since_kept = has_bounced_since (policy, matches, list_address, verdict->kept_since);
        }
      verdict->removal = NULL;
      verdict->removed = FALSE;
    }

  /* A row that only a kept address's bounce of the same mailbox would
   * remove is counted with the rows kept by choice, but its own address
   * is not kept, so there is no choice of it to stop. */
  if (!verdict->removed && !verdict->kept_by_choice && list_address != NULL)
    verdict->overridden_removal = find_kept_mailbox_removal (matches, policy, list_address);

  /* The bit spares the lookup for the rows without matches. */
  verdict->other_address_bounced = matches != NULL && bounce_cleaner_get_other_address_failure (self, row) != NULL;
  verdict->blank = list_address == NULL && bounce_contact_list_is_row_blank (self->contacts, row);

  /* A row removed anyway has nothing left to check. */
  if (verdict->removed)
    verdict->check_address = NULL;

  return worst;
}

static const BounceRecord *
verdict_for_row (BounceCleaner           *self,
                 const BounceCleanPolicy *policy,
                 guint                    row,
                 const guint8            *history_rows,
                 BounceRowVerdict        *verdict)
{
  return verdict_for_row_full (self, policy, row, history_rows, verdict, NULL, NULL);
}

typedef struct
{
  BounceCleaner *cleaner;
  guint8        *rows;
} ListedRows;

static void
mark_listed_rows (const char * const *addresses,
                  guint               n_addresses,
                  gpointer            user_data)
{
  ListedRows *listed = user_data;
  BounceCleaner *self = listed->cleaner;
  guint32 hashes[BOUNCE_HISTORY_LISTED_BATCH];
  guint32 firsts[BOUNCE_HISTORY_LISTED_BATCH];

  g_assert (n_addresses <= BOUNCE_HISTORY_LISTED_BATCH);

  lookup_batch (self, addresses, n_addresses, hashes, firsts);

  for (guint j = 0; j < n_addresses; j++)
    {
      guint32 first = firsts[j];
      GArray *more = lookup_more_rows (self, addresses[j]);

      if (first != 0)
        listed->rows[(first - 1) / 8] |= 1 << ((first - 1) % 8);
      for (guint i = 0; more != NULL && i < more->len; i++)
        {
          guint row = g_array_index (more, guint, i);

          listed->rows[row / 8] |= 1 << (row % 8);
        }
    }
}

/* Marks the rows of mailbox keys from _bounce_history_foreach_mailbox_key():
 * those with the key as an address, and those with another spelling of
 * it (mailbox_rows). */
static void
mark_mailbox_rows (const char * const *keys,
                   guint               n_keys,
                   gpointer            user_data)
{
  ListedRows *listed = user_data;
  GHashTable *mailbox_rows = listed->cleaner->mailbox_rows;

  mark_listed_rows (keys, n_keys, user_data);

  if (g_hash_table_size (mailbox_rows) == 0)
    return;

  for (guint i = 0; i < n_keys; i++)
    {
      GArray *rows = g_hash_table_lookup (mailbox_rows, keys[i]);

      for (guint j = 0; rows != NULL && j < rows->len; j++)
        {
          guint row = g_array_index (rows, guint, j) & ~CELL_ADDRESS_ROW;

          listed->rows[row / 8] |= 1 << (row % 8);
        }
    }
}

/* One bit per row with an address that the history lists (see
 * _bounce_history_foreach_listed()), or that an entry of another
 * spelling of its mailbox removes. The verdicts of a million rows then
 * query the history about those rows alone, because querying it about
 * every row took 0.3 s of a 0.4 s write. Rows with matches are queried
 * whatever their bit is. NULL, for every row to be queried, without a
 * history or when it could not be read. */
static guint8 *
dup_history_rows (BounceCleaner           *self,
                  const BounceCleanPolicy *policy)
{
  g_autofree guint8 *rows = NULL;
  ListedRows listed;

  if (policy->history == NULL)
    return NULL;

  rows = g_new0 (guint8, bounce_contact_list_get_n_rows (self->contacts) / 8 + 1);
  listed = (ListedRows) { self, rows };
  if (!_bounce_history_foreach_listed (policy->history, mark_listed_rows, &listed) ||
      !_bounce_history_foreach_mailbox_key (policy->history, ensure_mailbox_rows (self), mark_mailbox_rows, &listed))
    return NULL;

  return g_steal_pointer (&rows);
}

/* One bit per row whose verdict needs working out: rows with matches,
 * rows the history lists, rows with an invalid list address, damaged
 * rows and list cells of several addresses. Every other row is kept and
 * has no bounce. Returns NULL when every row needs its verdict: the
 * history could not tell which rows it lists, or the policy removes rows
 * for list check warnings, which another thread may still be setting. */
static guint8 *
dup_rows_to_judge (BounceCleaner           *self,
                   const BounceCleanPolicy *policy,
                   const guint8            *history_rows)
{
  guint n_bytes = bounce_contact_list_get_n_rows (self->contacts) / 8 + 1;
  guint8 *rows;

  if ((policy->history != NULL && history_rows == NULL) ||
      (policy->hygiene != NULL && policy->remove_flags != BOUNCE_HYGIENE_FLAG_NONE))
    return NULL;

  rows = g_malloc (n_bytes);
  for (guint i = 0; i < n_bytes; i++)
    rows[i] = self->matched_rows[i] | (history_rows != NULL ? history_rows[i] : 0);
  _bounce_contact_list_mark_special_rows (self->contacts, rows);
  if (policy->hygiene != NULL)
    _bounce_hygiene_mark_invalid_rows (policy->hygiene, rows);

  return rows;
}

/* Returns the number of rows from @row on whose bit in @rows is clear
 * (rows that need no verdict, or that are not removed), up to the next
 * multiple of CANCEL_CHECK_ROWS, where the write checks for
 * cancellation. 0 when @rows is NULL. */
static guint
count_plain_rows (const guint8 *rows,
                  guint         row,
                  guint         n_rows)
{
  guint first = row;

  if (rows == NULL)
    return 0;

  while (row < n_rows && !(rows[row / 8] & (1 << (row % 8))) &&
         (row == first || row % CANCEL_CHECK_ROWS != 0))
    row++;

  return row - first;
}

/* Counts @n rows that need no verdict, as count_verdict() would count
 * each of them: kept, without a bounce and not blank. */
static void
count_plain_verdicts (BounceCleanSummary *summary,
                      guint               n)
{
  summary->rows_kept += n;
  summary->rows_without_bounce += n;
}

char *
bounce_suppression_dup_row_description (const BounceSuppression *suppression,
                                         const char              *mailbox_address)
{
  g_autofree char *description = NULL;

  g_return_val_if_fail (suppression != NULL, NULL);

  description = bounce_suppression_dup_description (suppression);
  if (mailbox_address == NULL)
    return g_steal_pointer (&description);

  /* TRANSLATORS: %s is a suppression entry's description, "suppressed
   * since 2 Nov 2026: hard bounce 5.1.1", then the address of that
   * entry, another spelling of the row's address: "jane@gmail.com"
   * for "j.a.n.e@gmail.com" */
  return g_strdup_printf (_("%s (%s, the same mailbox)"), description, mailbox_address);
}

char *
bounce_cleaner_dup_history_reason (BounceCleaner           *self,
                                   const BounceCleanPolicy *policy,
                                   guint                    row)
{
  BounceHistoryVerdict history_verdict = { 0 };
  g_autoptr(BounceSuppression) suppression = NULL;
  BounceRowVerdict verdict;
  char *reason = NULL;

  g_return_val_if_fail (BOUNCE_IS_CLEANER (self), NULL);
  g_return_val_if_fail (policy != NULL, NULL);

  if (policy->history == NULL)
    return NULL;

  verdict_for_row_full (self, policy, row, NULL, &verdict, &history_verdict, &suppression);

  if (!verdict.removed)
    ;
  else if (suppression != NULL)
    reason = bounce_suppression_dup_row_description (suppression, verdict.mailbox_address);
  else if (history_verdict.escalated)
    reason = g_steal_pointer (&history_verdict.text);

  bounce_history_verdict_clear (&history_verdict);

  return reason;
}

BounceSuppression *
bounce_cleaner_get_history_verdict (BounceCleaner           *self,
                                    const BounceCleanPolicy *policy,
                                    guint                    row,
                                    BounceHistoryVerdict    *history_verdict)
{
  BounceSuppression *suppression = NULL;
  BounceRowVerdict verdict;

  g_return_val_if_fail (BOUNCE_IS_CLEANER (self), NULL);
  g_return_val_if_fail (policy != NULL, NULL);
  g_return_val_if_fail (history_verdict != NULL, NULL);

  memset (history_verdict, 0, sizeof *history_verdict);
  if (policy->history == NULL)
    return NULL;

  verdict_for_row_full (self, policy, row, NULL, &verdict, history_verdict, &suppression);

  /* A damaged row keeps its entry but is never removed. */
  if (!verdict.removed)
    g_clear_pointer (&suppression, bounce_suppression_free);

  return suppression;
}

void
bounce_cleaner_get_verdict (BounceCleaner           *self,
                            const BounceCleanPolicy *policy,
                            guint                    row,
                            BounceRowVerdict        *verdict)
{
  g_return_if_fail (BOUNCE_IS_CLEANER (self));
  g_return_if_fail (policy != NULL);
  g_return_if_fail (policy->hygiene == NULL || bounce_hygiene_get_contacts (policy->hygiene) == self->contacts);
  g_return_if_fail (verdict != NULL);

  verdict_for_row (self, policy, row, NULL, verdict);
}

void
bounce_cleaner_get_address_verdict (BounceCleaner           *self,
                                    const BounceCleanPolicy *policy,
                                    guint                    row,
                                    const char              *address,
                                    BounceRowVerdict        *verdict)
{
  g_return_if_fail (BOUNCE_IS_CLEANER (self));
  g_return_if_fail (policy != NULL);
  g_return_if_fail (row < bounce_contact_list_get_n_rows (self->contacts));
  g_return_if_fail (address != NULL);
  g_return_if_fail (verdict != NULL);

  verdict_for_cell_address (self, policy, row, get_matches (self, row), address, policy->history != NULL, verdict);
}

static void
count_verdict (BounceCleanSummary      *summary,
               const BounceCleanPolicy *policy,
               guint                    row,
               const BounceRowVerdict  *verdict,
               gboolean                 matched)
{
  if (matched)
    summary->per_category[verdict->category]++;
  /* Each row lands on one line of the rows by worst bounce. */
  switch (bounce_row_verdict_get_worst_bounce (verdict))
    {
    case BOUNCE_WORST_BOUNCE_CATEGORY:
      break;
    case BOUNCE_WORST_BOUNCE_OTHER_ADDRESS:
      summary->rows_other_address_bounced++;
      break;
    case BOUNCE_WORST_BOUNCE_BLANK:
      summary->rows_blank++;
      break;
    case BOUNCE_WORST_BOUNCE_REMOVED_OTHERWISE:
      summary->rows_removed_without_bounce++;
      break;
    case BOUNCE_WORST_BOUNCE_NONE:
    default:
      summary->rows_without_bounce++;
      break;
    }

  if (policy->hygiene != NULL && bounce_hygiene_is_invalid (policy->hygiene, row))
    summary->rows_invalid++;

  if (verdict->kept_address != NULL)
    summary->rows_spared++;
  if (verdict->check_address != NULL)
    summary->rows_to_check++;

  if (verdict->damaged)
    {
      summary->rows_damaged++;
      if (verdict->skipped_removal != NULL)
        summary->removals_skipped++;
    }
  if (verdict->overridden_removal != NULL)
    summary->rows_kept_by_choice++;
  if (verdict->bounced_since_kept)
    summary->rows_bounced_since_kept++;

  if (!verdict->removed)
    {
      summary->rows_kept++;
      return;
    }

  summary->rows_removed++;
  if (g_str_equal (verdict->removal, "hard"))
    summary->removed_hard++;
  else if (g_str_equal (verdict->removal, "complaint"))
    summary->removed_complaint++;
  else if (g_str_equal (verdict->removal, "suppressed"))
    summary->removed_suppressed++;
  else if (g_str_equal (verdict->removal, "soft-limit"))
    summary->removed_soft_limit++;
  else if (g_str_equal (verdict->removal, "invalid"))
    summary->removed_invalid++;
  else
    summary->removed_flagged++;
}

static void
summary_init (BounceCleaner      *self,
              BounceCleanSummary *summary)
{
  memset (summary, 0, sizeof *summary);
  summary->rows_in = bounce_contact_list_get_n_rows (self->contacts);
  summary->unmatched_records = self->unmatched->len;
  summary->records = self->n_considered;
}

void
bounce_cleaner_count_contact_rows (BounceCleaner           *self,
                                   const BounceCleanPolicy *policy,
                                   BounceCleanSummary      *summary)
{
  guint n_invalid = 0;
  guint n_blank = 0;

  g_return_if_fail (BOUNCE_IS_CLEANER (self));
  g_return_if_fail (policy != NULL);
  g_return_if_fail (summary != NULL);

  summary->contacts = 0;
  summary->duplicate_rows = 0;
  summary->rows_without_address = 0;
  for (guint row = 0; row < summary->rows_in; row++)
    switch (bounce_cleaner_get_contact_row_kind (self, policy, row))
      {
      case BOUNCE_CONTACT_ROW_CONTACT:
        summary->contacts++;
        break;
      case BOUNCE_CONTACT_ROW_DUPLICATE:
        summary->duplicate_rows++;
        break;
      case BOUNCE_CONTACT_ROW_INVALID:
        n_invalid++;
        break;
      case BOUNCE_CONTACT_ROW_NO_ADDRESS:
        summary->rows_without_address++;
        break;
      case BOUNCE_CONTACT_ROW_BLANK:
      default:
        n_blank++;
        break;
      }

  /* The verdicts counted these two already. */
  g_assert (n_invalid == summary->rows_invalid);
  g_assert (n_blank == summary->rows_blank);
  g_assert (summary->contacts + summary->duplicate_rows + summary->rows_invalid +
            summary->rows_without_address + summary->rows_blank == summary->rows_in);
}

/* Checks two of the sums that BounceCleanSummary promises.
 * bounce_cleaner_count_contact_rows() checks the third. */
static void
assert_summary_adds_up (const BounceCleanSummary *summary)
{
  guint by_bounce = summary->rows_other_address_bounced + summary->rows_without_bounce +
                    summary->rows_removed_without_bounce + summary->rows_blank;

  for (guint category = 0; category < BOUNCE_CATEGORY_LAST; category++)
    if (!bounce_category_is_clean (category))
      by_bounce += summary->per_category[category];

  g_assert (summary->rows_kept + summary->rows_removed == summary->rows_in);
  g_assert (by_bounce == summary->rows_in);
}
/* Adds the counts of @part, a summary of some of the rows, to
 * @summary. */
static void
add_counts (BounceCleanSummary       *summary,
            const BounceCleanSummary *part)
{
  summary->rows_kept += part->rows_kept;
  summary->rows_removed += part->rows_removed;
  summary->removed_hard += part->removed_hard;
  summary->removed_complaint += part->removed_complaint;
  summary->removed_soft_limit += part->removed_soft_limit;
  for (guint i = 0; i < G_N_ELEMENTS (summary->per_category); i++)
    summary->per_category[i] += part->per_category[i];
  summary->rows_without_bounce += part->rows_without_bounce;
  summary->rows_removed_without_bounce += part->rows_removed_without_bounce;
  summary->rows_blank += part->rows_blank;
  summary->rows_invalid += part->rows_invalid;
  summary->rows_damaged += part->rows_damaged;
  summary->removals_skipped += part->removals_skipped;
  summary->rows_spared += part->rows_spared;
  summary->rows_kept_by_choice += part->rows_kept_by_choice;
  summary->rows_bounced_since_kept += part->rows_bounced_since_kept;
  summary->rows_other_address_bounced += part->rows_other_address_bounced;
  summary->rows_to_check += part->rows_to_check;
  summary->removed_suppressed += part->removed_suppressed;
  summary->removed_invalid += part->removed_invalid;
  summary->removed_flagged += part->removed_flagged;
}

/* A removed row's verdict, with its worst record. */
typedef struct
{
  guint               row;
  const BounceRecord *worst;
  BounceRowVerdict    verdict;
} JudgedRow;

/* The rows from @first up to @end, judged on one thread: the counts of
 * all of them and, when @judged is not NULL, the verdicts of the removed
 * ones in row order, with their bits set in @removed_rows. @first is a
 * multiple of 8, so that two threads never set bits of the same byte. */
typedef struct
{
  BounceCleaner           *cleaner;
  const BounceCleanPolicy *policy;
  const guint8            *history_rows;
  const guint8            *rows_to_judge;
  guint                    first;
  guint                    end;
  GArray                  *judged;
  guint8                  *removed_rows;
  BounceCleanSummary       counts;
} RowRange;

static gpointer
judge_rows (gpointer data)
{
  RowRange *range = data;

  memset (&range->counts, 0, sizeof range->counts);
  for (guint row = range->first; row < range->end; row++)
    {
      JudgedRow judged;
      guint n_plain = count_plain_rows (range->rows_to_judge, row, range->end);

      if (n_plain > 0)
        {
          count_plain_verdicts (&range->counts, n_plain);
          row += n_plain - 1;
          continue;
        }

      judged.row = row;
      judged.worst = verdict_for_row (range->cleaner, range->policy, row, range->history_rows, &judged.verdict);
      count_verdict (&range->counts, range->policy, row, &judged.verdict, judged.worst != NULL);
      if (range->judged != NULL && judged.verdict.removed)
        {
          range->removed_rows[row / 8] |= 1 << (row % 8);
          g_array_append_val (range->judged, judged);
        }
    }

  return NULL;
}

/* bounce_cleaner_summarize() judges lists from this many rows on in two
 * halves, the second on a thread of its own. Tests lower it. */
static guint split_rows = 65536;

void
_bounce_cleaner_set_split_rows (guint rows)
{
  split_rows = rows;
}

/* Counts the verdicts of every row into @summary, which summary_init()
 * set up. Only the rows that need a verdict (see dup_rows_to_judge())
 * are judged one by one, and a large list is judged in two halves at
 * once. On the clean benchmark with its history, about 100,000 of a
 * million rows need a verdict, which took about 75 ms on one thread. */
static void
judge_all_rows (BounceCleaner           *self,
                const BounceCleanPolicy *policy,
                const guint8            *history_rows,
                const guint8            *rows_to_judge,
                BounceCleanSummary      *summary)
{
  guint n_rows = summary->rows_in;
  guint middle = n_rows >= split_rows && g_get_num_processors () > 1 ? n_rows / 2 / 8 * 8 : n_rows;
  RowRange ranges[2];
  GThread *thread = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    ranges[i] = (RowRange) {
      self, policy, history_rows, rows_to_judge,
      i == 0 ? 0 : middle, i == 0 ? middle : n_rows,
      NULL, NULL,
    };

  if (middle < n_rows)
    thread = g_thread_new ("bounce-clean-judge", judge_rows, &ranges[1]);
  judge_rows (&ranges[0]);
  if (thread != NULL)
    g_thread_join (thread);
  else
    judge_rows (&ranges[1]);

  add_counts (summary, &ranges[0].counts);
  add_counts (summary, &ranges[1].counts);
}

/* Rows that the write's judging thread judges before it hands them to
 * the writing thread. A multiple of 8, so that two ranges never share a
 * byte of the bitmap of removed rows. Tests lower it. */
static guint judge_chunk_rows = 16384;

void
_bounce_cleaner_set_judge_chunk_rows (guint rows)
{
  judge_chunk_rows = MAX (rows / 8 * 8, 8);
}

/* The verdicts of bounce_cleaner_write(), worked out on a thread of their
 * own while the writing thread copies the rows judged so far. The thread
 * judges @ranges in row order, and a range is ready for the writer once
 * @n_done counts it. @stop makes the thread end after its current range.
 * On tests/bench/bench-clean.sh with its history, judging took about
 * 80 ms and writing 50 ms, which ran one after the other before. One
 * thread judges, because two threads that look up the history wait for
 * each other's lock: two took 100 to 140 ms there. */
typedef struct
{
  GThread  *thread;
  GMutex    mutex;
  GCond     done_cond;
  RowRange *ranges;
  guint     n_ranges;
  guint     range_rows;
  guint     n_done;
  gboolean  stop;
} JudgeQueue;

static gpointer
run_judge_queue (gpointer data)
{
  JudgeQueue *queue = data;

  for (guint i = 0; i < queue->n_ranges; i++)
    {
      gboolean stop;

      g_mutex_lock (&queue->mutex);
      stop = queue->stop;
      g_mutex_unlock (&queue->mutex);
      if (stop)
        break;

      judge_rows (&queue->ranges[i]);

      g_mutex_lock (&queue->mutex);
      queue->n_done = i + 1;
      g_cond_signal (&queue->done_cond);
      g_mutex_unlock (&queue->mutex);
    }

  return NULL;
}

/* Starts judging the rows of @rows_to_judge in ranges of
 * judge_chunk_rows. Their bits go to @removed_rows, and each range's
 * counts and verdicts of removed rows stay in its RowRange. */
static void
judge_queue_start (JudgeQueue              *queue,
                   BounceCleaner           *self,
                   const BounceCleanPolicy *policy,
                   const guint8            *history_rows,
                   const guint8            *rows_to_judge,
                   guint                    n_rows,
                   guint8                  *removed_rows)
{
  g_mutex_init (&queue->mutex);
  g_cond_init (&queue->done_cond);
  queue->range_rows = judge_chunk_rows;
  queue->n_ranges = MAX ((n_rows + queue->range_rows - 1) / queue->range_rows, 1);
  queue->ranges = g_new (RowRange, queue->n_ranges);
  for (guint i = 0; i < queue->n_ranges; i++)
    queue->ranges[i] = (RowRange) {
      self, policy, history_rows, rows_to_judge,
      i * queue->range_rows, MIN ((i + 1) * queue->range_rows, n_rows),
      g_array_new (FALSE, FALSE, sizeof (JudgedRow)),
      removed_rows,
    };
  queue->thread = g_thread_new ("bounce-clean-judge", run_judge_queue, queue);
}

/* Waits until the range of @row is judged and returns it. */
static const RowRange *
judge_queue_wait (JudgeQueue *queue,
                  guint       row)
{
  guint index = row / queue->range_rows;

  g_mutex_lock (&queue->mutex);
  while (queue->n_done <= index)
    g_cond_wait (&queue->done_cond, &queue->mutex);
  g_mutex_unlock (&queue->mutex);

  return &queue->ranges[index];
}

/* Stops the thread, if it still runs, and frees the ranges. After
 * judge_queue_finish() it only frees. */
static void
judge_queue_clear (JudgeQueue *queue)
{
  if (queue->thread != NULL)
    {
      g_mutex_lock (&queue->mutex);
      queue->stop = TRUE;
      g_mutex_unlock (&queue->mutex);
      g_thread_join (g_steal_pointer (&queue->thread));
    }
  if (queue->ranges == NULL)
    return;

  for (guint i = 0; i < queue->n_ranges; i++)
    g_array_unref (queue->ranges[i].judged);
  g_clear_pointer (&queue->ranges, g_free);
  g_mutex_clear (&queue->mutex);
  g_cond_clear (&queue->done_cond);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (JudgeQueue, judge_queue_clear)

/* Waits for the last range and adds the counts of every range to
 * @summary. */
static void
judge_queue_finish (JudgeQueue         *queue,
                    BounceCleanSummary *summary)
{
  g_thread_join (g_steal_pointer (&queue->thread));
  for (guint i = 0; i < queue->n_ranges; i++)
    add_counts (summary, &queue->ranges[i].counts);
}

void
bounce_cleaner_summarize (BounceCleaner           *self,
                          const BounceCleanPolicy *policy,
                          BounceCleanSummary      *summary)
{
  g_autoptr(BounceHistoryRead) read = NULL;
  g_autofree guint8 *history_rows = NULL;
  g_autofree guint8 *rows_to_judge = NULL;

  g_return_if_fail (BOUNCE_IS_CLEANER (self));
  g_return_if_fail (policy != NULL);
  g_return_if_fail (policy->hygiene == NULL || bounce_hygiene_get_contacts (policy->hygiene) == self->contacts);
  g_return_if_fail (summary != NULL);

  summary_init (self, summary);
  read = policy->history != NULL ? _bounce_history_begin_read (policy->history) : NULL;
  history_rows = dup_history_rows (self, policy);
  rows_to_judge = dup_rows_to_judge (self, policy, history_rows);
  judge_all_rows (self, policy, history_rows, rows_to_judge, summary);
  assert_summary_adds_up (summary);
  bounce_cleaner_count_contact_rows (self, policy, summary);
}

/* Writing */

/* Returns the file that a write to @path creates or replaces: the end of
 * its chain of symbolic links, also when that end does not exist yet,
 * with its folder resolved by realpath(). Returns a copy of @path when a
 * link cannot be followed, which the write then reports. */
static char *
dup_write_target (const char *path)
{
  g_autofree char *target = _bounce_csv_resolve_link (path, NULL);
  g_autofree char *dirname = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *folder = NULL;

  if (target == NULL)
    return g_strdup (path);

  dirname = g_path_get_dirname (target);
  basename = g_path_get_basename (target);
  folder = realpath (dirname, NULL);
  if (folder == NULL)
    return g_steal_pointer (&target);

  return g_build_filename (folder, basename, NULL);
}

/* TRUE when @path names the same file as @other, also through another
 * spelling, a symbolic link or a hard link. A link whose target does not
 * exist yet counts as its target, so an output written through a
 * dangling link cannot replace another output of the same run. */
static gboolean
is_same_file (const char *path,
              const char *other)
{
  g_autofree char *path_target = dup_write_target (path);
  g_autofree char *other_target = dup_write_target (other);
  g_autoptr(GFile) a = g_file_new_for_path (path_target);
  g_autoptr(GFile) b = g_file_new_for_path (other_target);
  GStatBuf sa, sb;

  if (g_file_equal (a, b))
    return TRUE;

  if (g_stat (path_target, &sa) != 0 || g_stat (other_target, &sb) != 0)
    return FALSE;

  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Fills @values (indexed by BounceStatusKind) with the status cells of
 * a row of @kinds, as strings owned by @storage or static ones. The
 * removal reason is left to the caller. */
static void
status_values (guint                    kinds,
               const BounceRecord      *worst,
               const BounceRowVerdict  *verdict,
               const BounceMatch       *other,
               GPtrArray               *storage,
               const char             **values)
{
  const char *other_reason = NULL;

  /* When only an address in another column bounced (a home address next
   * to the list address), the kept row's cells describe that bounce, as
   * the app's status column does. A filter on the category then finds the
   * contact to update. The reason cell names the address, so "hard" in a
   * cleaned file is not read as a row that should have gone. */
  if (worst == NULL && other != NULL && !verdict->removed)
    {
      worst = other->record;
      if (kinds & (1 << BOUNCE_STATUS_KIND_REASON))
        {
          char *text = g_strdup_printf ("%s: %s; not the list address",
                                        worst->reason ? worst->reason : "", other->address);

          g_ptr_array_add (storage, text);
          other_reason = text;
        }
    }

  values[BOUNCE_STATUS_KIND_CATEGORY] = worst ? bounce_category_to_string (worst->category) : "";
  values[BOUNCE_STATUS_KIND_STATUS] = worst ? worst->status : "";
  if (other_reason != NULL)
    values[BOUNCE_STATUS_KIND_REASON] = other_reason;
  else
    values[BOUNCE_STATUS_KIND_REASON] = worst && worst->reason ? worst->reason : "";
  values[BOUNCE_STATUS_KIND_DATE] = "";

  if (kinds & (1 << BOUNCE_STATUS_KIND_REASON) && verdict->kept_address != NULL)
    {
      /* A row kept for another address of its list address cell keeps
       * the columns of the bounce, so that a filter on the category
       * finds the cell to correct. The reason cell names the address that
       * bounced and the one that keeps the row, so that "hard" in a
       * cleaned file is not read as a row that should have gone. */
      const char *reason = verdict->spared_reason && verdict->spared_reason[0] != '\0'
                           ? verdict->spared_reason : verdict->spared_removal;
      char *text = g_strdup_printf ("%s: %s; kept for %s", reason, verdict->spared_address, verdict->kept_address);

      g_ptr_array_add (storage, text);
      values[BOUNCE_STATUS_KIND_REASON] = text;
    }
  else if (kinds & (1 << BOUNCE_STATUS_KIND_REASON) && verdict->check_address != NULL)
    {
      /* Kept for a person to check: the bounce is for another address,
       * so a filter on "hard" must not read the row as one to remove. */
      char *text = g_strdup_printf ("%s: %s; kept to check", worst && worst->reason ? worst->reason : "",
                                    verdict->check_address);

      g_ptr_array_add (storage, text);
      values[BOUNCE_STATUS_KIND_REASON] = text;
    }

  if (kinds & (1 << BOUNCE_STATUS_KIND_DATE) && worst && worst->date)
    {
      char *date = bounce_format_rfc3339 (worst->date);

      g_ptr_array_add (storage, date);
      values[BOUNCE_STATUS_KIND_DATE] = date;
    }
}

/* Writes the BOM and the header, with the names of the status columns
 * of @kinds that the file lacks after it. */
static gboolean
write_head (BounceCleaner             *self,
            BounceCsvWriter           *writer,
            const BounceStatusLayout  *layout,
            guint                      kinds,
            GError                   **error)
{
  BounceContactList *contacts = self->contacts;
  BounceCsvSpan head = _bounce_contact_list_get_head (contacts);
  const char *names[BOUNCE_STATUS_KIND_LAST] = { NULL };
  const char *cells[BOUNCE_STATUS_KIND_LAST + 1] = { NULL };
  g_autoptr(GArray) replaced = g_array_new (FALSE, FALSE, sizeof (BounceCsvCell));
  guint n;

  if (!_bounce_csv_writer_write_raw (writer, _bounce_contact_list_get_bom (contacts), error))
    return FALSE;

  /* Without a header there is no line to name the new columns on. */
  if (head.length == 0)
    return TRUE;

  for (guint kind = 0; kind < BOUNCE_STATUS_KIND_LAST; kind++)
    names[kind] = _bounce_status_kind_get_column_name (kind);
  n = _bounce_status_layout_place (layout, kinds, names, replaced, cells);

  /* The header names the file's own status columns already. */
  if (n == 0)
    return _bounce_csv_writer_write_span (writer, head, error);

  return _bounce_csv_writer_write_record (writer, head,
                                          _bounce_contact_list_get_n_header_fields (contacts),
                                          _bounce_contact_list_get_max_fields (contacts),
                                          NULL, 0, cells, error);
}

gboolean
bounce_clean_check_paths (const char  *input,
                          const char  *output,
                          const char  *removed_output,
                          GError     **error)
{
  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (output != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (is_same_file (output, input))
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WOULD_OVERWRITE_INPUT,
                   _("The cleaned file would replace the contact list “%s” itself. Choose another file name, so that the original stays as it is."),
                   input);
      return FALSE;
    }

  if (removed_output && is_same_file (removed_output, input))
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WOULD_OVERWRITE_INPUT,
                   _("The file of removed rows would replace the contact list “%s” itself. Choose another file name, so that the original stays as it is."),
                   input);
      return FALSE;
    }

  if (removed_output && is_same_file (output, removed_output))
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                   _("The cleaned file and the file of removed rows are both “%s”. Choose two different file names."),
                   output);
      return FALSE;
    }

  return TRUE;
}

/* The outputs of a clean, in the order of the paths that
 * bounce_clean_check_bounce_inputs() and bounce_clean_check_outputs() take. */
static const char * const output_names[] = {
  N_("the cleaned file"), N_("the file of removed rows"), N_("the HTML report"), N_("the CSV report"),
};

/* Returns whether the file @info is @path or, when @path is a folder, a
 * file anywhere inside it. Links are followed, as by the scanner, and
 * @depth stops a loop of folder links. */
static gboolean
is_inside (const char      *path,
           const GStatBuf  *info,
           guint            depth)
{
  g_autoptr(GDir) dir = NULL;
  GStatBuf path_info;
  const char *name;

  if (g_stat (path, &path_info) != 0)
    return FALSE;
  if (!S_ISDIR (path_info.st_mode))
    return path_info.st_dev == info->st_dev && path_info.st_ino == info->st_ino;
  if (depth == 0)
    return FALSE;

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (is_inside (child, info, depth - 1))
        return TRUE;
    }

  return FALSE;
}

/* Returns whether the file at @path starts like an email message or an
 * mbox file, as the scanner reads it. Only its first 64 KiB are read. */
static gboolean
starts_like_message (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  g_autoptr(GBytes) head = NULL;
  g_autoptr(GBytes) message = NULL;
  gsize length = 0;
  const char *data;

  /* A file that cannot be read is kept safe, as a message would be. */
  if (stream == NULL)
    return TRUE;
  head = g_input_stream_read_bytes (G_INPUT_STREAM (stream), 64 * 1024, NULL, NULL);
  if (head == NULL)
    return TRUE;

  data = g_bytes_get_data (head, &length);
  if (length >= 5 && memcmp (data, "From ", 5) == 0)
    return TRUE;
  message = _bounce_message_source_prepare (path, head, TRUE, NULL);

  return message != NULL;
}

gboolean
bounce_clean_check_bounce_inputs (const char * const  *bounces,
                                  const char          *output,
                                  const char          *removed_output,
                                  const char          *report,
                                  const char          *report_csv,
                                  GError             **error)
{
  const char *paths[] = { output, removed_output, report, report_csv };

  g_return_val_if_fail (bounces != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      GStatBuf info;

      /* An output that does not exist yet is no input. */
      if (paths[i] == NULL || g_stat (paths[i], &info) != 0 || !S_ISREG (info.st_mode))
        continue;

      for (guint j = 0; bounces[j] != NULL; j++)
        if (!bounce_imap_source_is_uri (bounces[j]) && is_inside (bounces[j], &info, 64))
          {
            /* An output that a folder of bounces contains but that is no
             * message, such as the cleaned file of the last run in the
             * same folder, gives no bounce, so it may be written again. */
            if (g_file_test (bounces[j], G_FILE_TEST_IS_DIR) && !starts_like_message (paths[i]))
              continue;

            g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WOULD_OVERWRITE_INPUT,
                         /* TRANSLATORS: the first %s is an output name such as "the
                          * cleaned file", the second a file name, the third a --bounces path */
                         _("Writing %s to “%s” would replace a bounce message read from “%s”. "
                           "Choose another file name, so that the bounce messages stay as they are."),
                         _(output_names[i]), paths[i], bounces[j]);
            return FALSE;
          }
    }

  return TRUE;
}

gboolean
bounce_clean_check_input_file (const char  *input,
                               const char  *input_name,
                               const char  *output,
                               const char  *removed_output,
                               const char  *report,
                               const char  *report_csv,
                               GError     **error)
{
  const char *paths[] = { output, removed_output, report, report_csv };

  g_return_val_if_fail (input_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (input == NULL)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    if (paths[i] != NULL && is_same_file (paths[i], input))
      {
        g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WOULD_OVERWRITE_INPUT,
                     /* TRANSLATORS: the first %s is an output name such as "the
                      * cleaned file", the second a file name, the third the name
                      * of an input such as "the history database" */
                     _("Writing %s to “%s” would replace %s. Choose another file name."),
                     _(output_names[i]), paths[i], input_name);
        return FALSE;
      }

  return TRUE;
}

char *
bounce_clean_dup_link_target (const char *output)
{
  g_return_val_if_fail (output != NULL, NULL);

  if (!g_file_test (output, G_FILE_TEST_IS_SYMLINK))
    return NULL;

  return _bounce_csv_resolve_link (output, NULL);
}

/* The checks of bounce_clean_check_output_file(). The advice of the
 * message offers to leave the output out only when it is @optional. */
static gboolean
check_output_file (const char  *path,
                   gboolean     optional,
                   GError     **error)
{
  g_autofree char *first = NULL;
  GStatBuf info;

  /* Command lines use "-" for standard output, which a rename cannot
   * replace, so a file named "-" would surprise. */
  if (g_str_equal (path, "-"))
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                   _("“-” would be a file named “-”: standard output is not supported, because each output is "
                     "written to a temporary file that is then renamed into place. Give a file name, or “./-” "
                     "for a file named “-”."));
      return FALSE;
    }

  /* g_stat() follows links, so a link to a regular file passes. A path
   * that does not exist yet, or cannot be examined, is left to the write
   * to create or to report. */
  if (g_stat (path, &info) != 0 || S_ISREG (info.st_mode))
    return TRUE;

  if (S_ISDIR (info.st_mode))
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                   _("“%s” is a folder, not a file. Give the name of a file to write, such as a new name inside that folder."),
                   path);
      return FALSE;
    }

  if (S_ISCHR (info.st_mode) || S_ISBLK (info.st_mode))
    /* TRANSLATORS: %s is a file name such as /dev/null */
    first = g_strdup_printf (_("“%s” is a device, not a regular file."), path);
  else if (S_ISFIFO (info.st_mode))
    /* TRANSLATORS: %s is a file name; a FIFO is a named pipe */
    first = g_strdup_printf (_("“%s” is a pipe (FIFO), not a regular file."), path);
  else
    /* TRANSLATORS: %s is a file name, such as that of a socket */
    first = g_strdup_printf (_("“%s” is not a regular file."), path);

  if (optional)
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                 /* TRANSLATORS: the %s is one of the sentences above, such as
                  * "“/dev/null” is a device, not a regular file." */
                 _("%s Each output is written to a temporary file that is then renamed into place, which would "
                   "replace it with a regular file. Choose a regular file name, or leave this output out."),
                 first);
  else
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                 /* TRANSLATORS: the %s is one of the sentences above, such as
                  * "“/dev/null” is a device, not a regular file." */
                 _("%s The output is written to a temporary file that is then renamed into place, which would "
                   "replace it with a regular file. Choose a regular file name."),
                 first);

  return FALSE;
}

gboolean
bounce_clean_check_output_file (const char  *path,
                                GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check_output_file (path, TRUE, error);
}

gboolean
bounce_clean_check_sole_output_file (const char  *path,
                                     GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check_output_file (path, FALSE, error);
}

gboolean
bounce_clean_check_outputs (const char  *output,
                            const char  *removed_output,
                            const char  *report,
                            const char  *report_csv,
                            GError     **error)
{
  const char *paths[] = { output, removed_output, report, report_csv };

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    if (paths[i] != NULL && !bounce_clean_check_output_file (paths[i], error))
      return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (paths); j++)
      if (paths[i] != NULL && paths[j] != NULL && is_same_file (paths[i], paths[j]))
        {
          g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                       /* TRANSLATORS: the first two %s are output names such as
                        * "the cleaned file" and "the HTML report", the last a file name. */
                       _("Both %s and %s are “%s”, so one would replace the other. Choose a different file name for each."),
                       _(output_names[i]), _(output_names[j]), paths[j]);
          return FALSE;
        }

  return TRUE;
}

/* Returns the bounce_removal_reason cell of the removed @row: the
 * removal and the address whose bounce removed the row, each address of
 * a list address cell with several ("hard: hank@example.com; soft-limit:
 * ivy@example.com"), or the cell an invalid address was read from. */
/* Appends normalized @address with an internationalized domain in
 * Unicode ("kim@müller.example"), as people write it, where matching
 * compares its ASCII form ("kim@xn--mller-kva.example"). */
static void
append_display_address (GString    *out,
                        const char *address)
{
  const char *at = strrchr (address, '@');
  g_autofree char *domain = at != NULL && g_hostname_is_ascii_encoded (at + 1) ? g_hostname_to_unicode (at + 1) : NULL;

  if (domain == NULL)
    {
      g_string_append (out, address);
      return;
    }

  g_string_append_len (out, address, at + 1 - address);
  g_string_append (out, domain);
}

/* Appends "hard: kim@example.com", or for a row removed as the same
 * mailbox as a dead address, "hard: jane@gmail.com (same mailbox)". */
static void
append_removal (GString                *reason,
                const BounceRowVerdict *verdict,
                const char             *address)
{
  g_string_append_printf (reason, "%s: ", verdict->removal);
  append_display_address (reason, verdict->mailbox_address != NULL ? verdict->mailbox_address : address);
  if (verdict->mailbox_address != NULL)
    g_string_append (reason, " (same mailbox)");
}

static char *
dup_removal_reason (BounceCleaner           *self,
                    const BounceCleanPolicy *policy,
                    guint                    row,
                    const BounceRowVerdict  *verdict)
{
  static const char * const cell_removals[] = { "hard", "complaint", "soft-limit", "suppressed", NULL };
  const char *address = bounce_contact_list_get_address (self->contacts, row);
  const char * const *cell_addresses = _bounce_contact_list_get_list_cell_addresses (self->contacts, row);
  g_autofree char *cell = NULL;
  GString *reason;

  /* The list checks judge the cell as written, and an address read from
   * part of it ("novak@example.net" from "tomas novak@example.net") is
   * not in the file, so an invalid cell is named whole. */
  if (address == NULL || g_str_equal (verdict->removal, "invalid"))
    {
      cell = bounce_contact_list_dup_cell (self->contacts, row, bounce_contact_list_get_email_column (self->contacts));
      return g_strdup_printf ("%s: %s", verdict->removal, cell);
    }

  reason = g_string_new (NULL);
  append_removal (reason, verdict, address);

  /* Bounces and the history remove a cell of several addresses only when
   * each of them is removed, but a list check judges the first alone. */
  if (!g_strv_contains (cell_removals, verdict->removal))
    return g_string_free (reason, FALSE);

  for (guint i = 0; cell_addresses != NULL && cell_addresses[i] != NULL; i++)
    {
      BounceRowVerdict other;

      /* The row is removed, so each of them is too. */
      verdict_for_cell_address (self, policy, row, get_matches (self, row), cell_addresses[i],
                                policy->history != NULL, &other);
      if (other.removal != NULL)
        {
          g_string_append (reason, "; ");
          append_removal (reason, &other, cell_addresses[i]);
        }
    }

  return g_string_free (reason, FALSE);
}

/* Adds @span to the bytes @pending to be copied to @writer as they are.
 * Runs of kept rows are contiguous in the file, so they are written with
 * one copy, up to 1 MiB at a time. */
static gboolean
add_pending (BounceCsvWriter  *writer,
             BounceCsvSpan    *pending,
             BounceCsvSpan     span,
             GError          **error)
{
  if (pending->length > 0 &&
      (pending->text + pending->length != span.text || pending->length > 1024 * 1024))
    {
      if (!_bounce_csv_writer_write_span (writer, *pending, error))
        return FALSE;
      pending->length = 0;
    }

  if (pending->length == 0)
    *pending = span;
  else
    pending->length += span.length;

  return TRUE;
}

gboolean
bounce_cleaner_write (BounceCleaner            *self,
                      const BounceCleanPolicy  *policy,
                      BounceStatusColumns       columns,
                      const char               *output,
                      const char               *removed_output,
                      BounceCleanSummary       *summary,
                      GCancellable             *cancellable,
                      GError                  **error)
{
  g_autoptr(BounceCsvWriter) kept_writer = NULL;
  g_autoptr(BounceCsvWriter) removed_writer = NULL;
  g_autoptr(BounceHistoryRead) read = NULL;
  g_autofree guint8 *history_rows = NULL;
  g_autofree guint8 *rows_to_judge = NULL;
  g_autofree guint8 *removed_rows = NULL;
  /* Declared after @read, so the judging thread ends before the read
   * transaction that its lookups rely on. */
  g_auto(JudgeQueue) judging = { NULL };
  const RowRange *judged = NULL;
  guint next_judged = 0;
  g_autoptr(GPtrArray) storage = g_ptr_array_new_with_free_func (g_free);
  BounceCleanSummary local_summary;
  g_autoptr(GArray) replaced = g_array_new (FALSE, FALSE, sizeof (BounceCsvCell));
  g_auto(BounceStatusLayout) layout = { NULL };
  BounceContactList *contacts;
  guint n_columns;
  guint kept_kinds;
  guint removed_kinds;
  BounceCsvSpan pending = { NULL, 0 };

  g_return_val_if_fail (BOUNCE_IS_CLEANER (self), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (policy->hygiene == NULL || bounce_hygiene_get_contacts (policy->hygiene) == self->contacts,
                        FALSE);
  g_return_val_if_fail (output != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  contacts = self->contacts;
  /* Appended cells go after the widest row, so that they stay under
   * their header cells on a row with more fields than the header. */
  n_columns = _bounce_contact_list_get_max_fields (contacts);
  if (summary == NULL)
    summary = &local_summary;
  summary_init (self, summary);

  if (!bounce_clean_check_paths (bounce_contact_list_get_path (contacts), output, removed_output, error) ||
      !bounce_clean_check_outputs (output, removed_output, NULL, NULL, error))
    return FALSE;

  /* The rows are copied from a mapping of the contact file, so a file
   * rewritten since it was read would give shifted rows or NUL bytes. */
  if (!bounce_contact_list_check_unchanged (contacts, error))
    return FALSE;

  kept_writer = _bounce_csv_writer_new (contacts, output, error);
  if (kept_writer == NULL)
    return FALSE;
  if (removed_output != NULL)
    {
      removed_writer = _bounce_csv_writer_new (contacts, removed_output, error);
      if (removed_writer == NULL)
        return FALSE;
    }

  /* A file cleaned before has status columns of its own, which get the
   * new cells in place of a second set. */
  _bounce_status_layout_init (&layout, contacts, columns);
  kept_kinds = _bounce_status_layout_get_kinds (&layout, columns, FALSE);
  removed_kinds = _bounce_status_layout_get_kinds (&layout, columns, TRUE);

  if (!write_head (self, kept_writer, &layout, kept_kinds, error))
    return FALSE;
  if (removed_writer && !write_head (self, removed_writer, &layout, removed_kinds, error))
    return FALSE;

  read = policy->history != NULL ? _bounce_history_begin_read (policy->history) : NULL;
  history_rows = dup_history_rows (self, policy);
  /* Status cells go on every kept row, so each needs its verdict, and
   * those are worked out as the rows are written. Without them, the
   * verdicts are worked out first, and each row but the removed ones is
   * written as it is. */
  if (kept_kinds == 0)
    rows_to_judge = dup_rows_to_judge (self, policy, history_rows);
  if (rows_to_judge != NULL)
    {
      removed_rows = g_new0 (guint8, summary->rows_in / 8 + 1);
      judge_queue_start (&judging, self, policy, history_rows, rows_to_judge, summary->rows_in, removed_rows);
    }
  for (guint row = 0; row < summary->rows_in; row++)
    {
      BounceCsvSpan gap;
      BounceCsvSpan span;
      guint n_fields;
      const char *values[BOUNCE_STATUS_KIND_LAST] = { NULL };
      const char *cells[BOUNCE_STATUS_KIND_LAST + 1] = { NULL };
      const BounceRecord *worst;
      BounceRowVerdict verdict;
      guint n_plain;

      if (row % CANCEL_CHECK_ROWS == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;

          /* Rows before this one (or before the run still to be written)
           * have been copied out, so their pages can go. */
          _bounce_contact_list_release_pages (contacts, pending.length > 0 ? pending.text
                                                        : _bounce_contact_list_get_row_gap (contacts, row).text);
        }

      /* The bits of @removed_rows are set up to the end of the range
       * judged last. */
      if (rows_to_judge != NULL && (judged == NULL || row >= judged->end))
        {
          judged = judge_queue_wait (&judging, row);
          next_judged = 0;
        }

      /* Rows written as they are follow each other in the file, so a run
       * of them is one piece of it. */
      n_plain = count_plain_rows (removed_rows, row, judged != NULL ? judged->end : summary->rows_in);
      if (n_plain > 0)
        {
          if (!add_pending (kept_writer, &pending, _bounce_contact_list_get_rows_span (contacts, row, n_plain), error))
            return FALSE;
          row += n_plain - 1;
          continue;
        }

      gap = _bounce_contact_list_get_row_gap (contacts, row);
      span = _bounce_contact_list_get_row_span (contacts, row);
      n_fields = _bounce_contact_list_get_n_fields (contacts, row);
      if (judged != NULL)
        {
          const JudgedRow *next = &g_array_index (judged->judged, JudgedRow, next_judged++);

          g_assert (next->row == row);
          worst = next->worst;
          verdict = next->verdict;
        }
      else
        {
          worst = verdict_for_row (self, policy, row, history_rows, &verdict);
          count_verdict (summary, policy, row, &verdict, worst != NULL);
        }

      /* Blank lines are not rows, so they go to the cleaned file whatever
       * happens to the record after them. */
      if (gap.length > 0 && !add_pending (kept_writer, &pending, gap, error))
        return FALSE;

      /* A damaged row ends inside its unclosed quote, where appended
       * status cells would become part of that field: it is written as it
       * is, like every row without status cells. */
      if (!verdict.removed && (kept_kinds == 0 || verdict.damaged))
        {
          if (!add_pending (kept_writer, &pending, span, error))
            return FALSE;
          continue;
        }

      if (pending.length > 0)
        {
          if (!_bounce_csv_writer_write_span (kept_writer, pending, error))
            return FALSE;
          pending.length = 0;
        }

      g_ptr_array_set_size (storage, 0);
      status_values (verdict.removed ? removed_kinds : kept_kinds, worst, &verdict,
                     worst == NULL ? bounce_cleaner_get_other_address_failure (self, row) : NULL,
                     storage, values);

      if (!verdict.removed)
        {
          _bounce_status_layout_place (&layout, kept_kinds, values, replaced, cells);
          if (!_bounce_csv_writer_write_record (kept_writer, span, n_fields, n_columns,
                                                (const BounceCsvCell *) (gpointer) replaced->data, replaced->len,
                                                cells, error))
            return FALSE;
          continue;
        }

      if (removed_writer == NULL)
        continue;

      values[BOUNCE_STATUS_KIND_REMOVAL] = dup_removal_reason (self, policy, row, &verdict);
      g_ptr_array_add (storage, (char *) values[BOUNCE_STATUS_KIND_REMOVAL]);
      _bounce_status_layout_place (&layout, removed_kinds, values, replaced, cells);
      if (!_bounce_csv_writer_write_record (removed_writer, span, n_fields, n_columns,
                                            (const BounceCsvCell *) (gpointer) replaced->data, replaced->len,
                                            cells, error))
        return FALSE;
    }

  if (pending.length > 0 && !_bounce_csv_writer_write_span (kept_writer, pending, error))
    return FALSE;
  if (!_bounce_csv_writer_write_span (kept_writer, _bounce_contact_list_get_tail (contacts), error))
    return FALSE;
  if (rows_to_judge != NULL)
    judge_queue_finish (&judging, summary);

  /* Every row goes to exactly one of the two files. */
  assert_summary_adds_up (summary);
  if (summary->rows_kept + summary->rows_removed != summary->rows_in)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_FAILED,
                   _("Internal error: %u rows kept and %u removed out of %u. Nothing was written."),
                   summary->rows_kept, summary->rows_removed, summary->rows_in);
      return FALSE;
    }

  /* A change while the rows were copied leaves both files unwritten. */
  if (!bounce_contact_list_check_unchanged (contacts, error))
    return FALSE;
  /* So does a history found damaged while the verdicts read it: its
   * suppression list may have been left out of them. */
  if (policy->history != NULL && !bounce_history_check_intact (policy->history, error))
    return FALSE;
  /* The cleaned list first: when it cannot be written, as on a full
   * disk, no file of removed contacts is left without it. */
  if (!_bounce_csv_writer_commit (kept_writer, cancellable, error))
    return FALSE;
  if (removed_writer && !_bounce_csv_writer_commit (removed_writer, cancellable, error))
    {
      g_autofree char *name = g_filename_display_basename (output);

      /* TRANSLATORS: %s is the cleaned list's file name; the reason follows */
      g_prefix_error (error, _("The cleaned list “%s” was saved, but the removed contacts were not. "), name);
      return FALSE;
    }

  g_debug ("%s: %u rows kept, %u removed", output, summary->rows_kept, summary->rows_removed);

  return TRUE;
}

/* bounce-history-private.h: the parse cache and batch writes, shared by
 * the history and the scanner.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bounce-history.h"
#include "bounce-message-source.h"

G_BEGIN_DECLS

/* One parsed message of a scan batch. */
typedef struct
{
  guint8                 hash[BOUNCE_HISTORY_HASH_LENGTH];
  gsize                  size;
  const char            *file;
  GPtrArray             *records;  /* element-type BounceRecord */
  gboolean               cached;   /* the records came from the parse cache */
  /* Set to record the file the message came from: its absolute path
   * and its stamp when it was read. */
  const char            *path;
  const BounceFileStamp *stamp;
  /* Set to record which message the IMAP UID named by @file held. */
  gboolean               in_mailbox;
} BounceHistoryEntry;

/* Bytes per message in the message list of an mbox: the offset of its
 * envelope line (8 bytes, big-endian), then the SHA-256 of its bytes as
 * the scan hands them out. */
#define BOUNCE_HISTORY_MBOX_ENTRY_LENGTH (8 + BOUNCE_HISTORY_HASH_LENGTH)

/* A message file as the history recorded it: a file of one message, with
 * its @hash, or an mbox, with the list of its @messages in file order
 * (BOUNCE_HISTORY_MBOX_ENTRY_LENGTH bytes each). */
typedef struct
{
  BounceFileStamp stamp;
  guint8          hash[BOUNCE_HISTORY_HASH_LENGTH];
  GBytes         *messages;
} BounceHistoryFile;

/* One message to look up in the parse cache. */
typedef struct
{
  const guint8 *hash;
  const char   *file;
  gint64        offset;
  guint         index;
  GPtrArray    *records;  /* out: element-type BounceRecord, or NULL when not cached */
} BounceHistoryLookup;

/* Sets the records cached for each hash by this build's parser, with
 * file, offset and index set to the message's place in this scan. One
 * read transaction for all of them; safe to call from any thread. */
void           _bounce_history_lookup_parse_batch (BounceHistory         *self,
                                                   BounceHistoryLookup   *lookups,
                                                   guint                  n_lookups);
/* Copies the parse cache entries of this parser build for @n_hashes
 * hashes (32 bytes each, back to back) into @entries, NULL for a hash
 * without one, in one read transaction. Returns how many it found. Safe
 * to call from any thread. */
guint          _bounce_history_copy_parse_entries (BounceHistory         *self,
                                                   const guint8          *hashes,
                                                   guint                  n_hashes,
                                                   GBytes               **entries);
/* Returns the records of a parse cache entry from
 * _bounce_history_copy_parse_entries(), with file, offset and index set,
 * or NULL when the entry is damaged. With @light, the fields that
 * bounce_scanner_set_light_records() names stay empty. */
GPtrArray     *_bounce_history_decode_parse_entry (GBytes                *entry,
                                                   const char            *file,
                                                   gint64                 offset,
                                                   guint                  index,
                                                   gboolean               light);
/* Returns the files recorded in @folder (an absolute path without a
 * trailing slash) as a table from file name to BounceHistoryFile. Safe
 * to call from any thread. */
GHashTable    *_bounce_history_load_files         (BounceHistory         *self,
                                                   const char            *folder);
/* Returns the messages recorded for the UIDs of an IMAP folder under
 * @uidvalidity, as a table from UID to the message's hash (32 bytes),
 * leaving out those whose records are missing from the parse cache of
 * this parser build. Safe to call from any thread. */
GHashTable    *_bounce_history_load_mailbox_messages (BounceHistory      *self,
                                                      const char         *account,
                                                      const char         *folder,
                                                      guint32             uidvalidity);
/* Records a batch in the scan's transaction, which is committed after
 * 2048 messages, then after twice as many each time up to 32,768, after
 * 2 s, and by _bounce_history_flush(). A failure is kept (see
 * bounce_history_get_write_error()) and turns later batches into no-ops,
 * so a scan goes on without history. */
void           _bounce_history_store_batch     (BounceHistory            *self,
                                                const BounceHistoryEntry *entries,
                                                guint                     n_entries);
/* Records in the scan's transaction that the mbox at the absolute @path
 * had @stamp and contained @messages (see BounceHistoryFile), whose
 * records were stored before. A failure is kept as in
 * _bounce_history_store_batch(). */
void           _bounce_history_store_mbox_file (BounceHistory            *self,
                                                const char               *path,
                                                const BounceFileStamp    *stamp,
                                                GBytes                   *messages);
/* Messages per row of the history's mbox_chunks table: about 450 KB for
 * the DSNs of the clean benchmark. */
#define BOUNCE_HISTORY_MBOX_CHUNK 1024

/* Appends a message to a chunk of its mbox: its @hash and its parse cache
 * entry, @entry when set, else the one encoded from @records. */
void           _bounce_history_append_chunk_entry (GByteArray         *chunk,
                                                   const guint8       *hash,
                                                   GPtrArray          *records,
                                                   GBytes             *entry);
/* Returns the parse cache entry of the message at *@position of @chunk,
 * moves *@position past it and points @hash at its hash. Returns NULL at
 * the end of the chunk or when the rest of it is damaged. */
GBytes        *_bounce_history_chunk_next_entry (GBytes               *chunk,
                                                 gsize                *position,
                                                 const guint8        **hash);
/* Records in the scan's transaction the chunk of the mbox at the
 * absolute @path whose first message is the mbox's message @first. The
 * chunk of message 0 drops every chunk recorded for @path before. A
 * failure is kept as in _bounce_history_store_batch(). */
void           _bounce_history_store_mbox_chunk (BounceHistory        *self,
                                                 const char           *path,
                                                 guint                 first,
                                                 const GByteArray     *chunk);
/* Returns a copy of the chunk of the mbox at the absolute @path that
 * starts at its message @first, or NULL when there is none by this
 * parser build. Safe to call from any thread. */
GBytes        *_bounce_history_copy_mbox_chunk  (BounceHistory        *self,
                                                 const char           *path,
                                                 guint                 first);
/* Runs @sql on the history's connection, for tests that simulate a full
 * disk (PRAGMA max_page_count) or a read-only file (PRAGMA query_only). */
gboolean       _bounce_history_exec            (BounceHistory            *self,
                                                const char               *sql,
                                                GError                  **error);
/* A read transaction on the history's connection, for a run of many
 * lookups such as the verdicts of a million rows. Without it, each query
 * locks and checks the file again: 130,000 system calls for the 40,000
 * addresses with soft bounces of the clean benchmark. */
typedef struct _BounceHistoryRead BounceHistoryRead;

/* Opens a read transaction unless one is open already, and returns the
 * token that _bounce_history_end_read() takes. Every write of the
 * history ends the transaction first, so one from another thread still
 * works; the lookups after it then run without one. */
BounceHistoryRead *_bounce_history_begin_read  (BounceHistory            *self);
void           _bounce_history_end_read        (BounceHistoryRead        *read);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BounceHistoryRead, _bounce_history_end_read)

/* The maximum number of addresses a BounceHistoryAddressesFunc gets at
 * a time. */
#define BOUNCE_HISTORY_LISTED_BATCH 64

typedef void (*BounceHistoryAddressesFunc) (const char * const *addresses,
                                            guint               n_addresses,
                                            gpointer            user_data);

/* Calls @func with batches of the addresses the history can remove a
 * row for without a bounce being loaded: each active suppression and
 * each address with soft bounces (the same address may come twice).
 * Batches let the caller overlap its lookups. @func runs with the
 * history locked and must not call it. Returns FALSE when the history
 * could not be read. */
gboolean       _bounce_history_foreach_listed  (BounceHistory             *self,
                                                BounceHistoryAddressesFunc func,
                                                gpointer                   user_data);

/* Returns the category of the active suppression entry that removes
 * @address, an interned string, or NULL when none does. That is
 * @address's own entry, or else an entry of a hard bounce (with @hard)
 * or a complaint (with @complaint) of another spelling of its mailbox
 * (bounce_address_dup_mailbox_key()) without a +tag, as the cleaner's
 * same-mailbox matches spread a bounce in a scan. Sets
 * @mailbox_address to the address of that other entry, interned, or to
 * NULL. @other_spelling is _bounce_address_may_have_other_spelling() of
 * @address. bounce_history_lookup_suppression() without copying. */
const char    *_bounce_history_lookup_suppression_category (BounceHistory *self,
                                                            const char    *address,
                                                            gboolean       other_spelling,
                                                            gboolean       hard,
                                                            gboolean       complaint,
                                                            const char   **mailbox_address);

/* Calls @func with batches of the mailbox keys whose addresses
 * _bounce_history_lookup_suppression_category() may remove for an entry
 * of another spelling. These are the key of each spreading entry that is
 * not its own key, and each key of @keys (a set, may be NULL) whose own
 * entry spreads. @func runs with the history locked and must not call
 * it. Returns FALSE when the history could not be read. */
gboolean       _bounce_history_foreach_mailbox_key (BounceHistory             *self,
                                                    GHashTable                *keys,
                                                    BounceHistoryAddressesFunc func,
                                                    gpointer                   user_data);

/* Commits what _bounce_history_store_batch() left in its open
 * transaction; the scanner calls it when a scan ends. */
void           _bounce_history_flush           (BounceHistory            *self);
/* Returns the schema version bounce_history_open() migrates to. */
int            _bounce_history_get_latest_schema_version (void);
/* bounce_history_evaluate(), which leaves the verdict's text NULL unless
 * @describe is TRUE: formatting the dates costs about a third of a call,
 * and the cleaner evaluates every address with soft bounces each time it
 * decides the rows. With @address_is_normalized, @address is taken as
 * bounce_address_normalize() returns it, as the contact list stores its
 * addresses, and not normalized again. */
gboolean       _bounce_history_evaluate_full   (BounceHistory            *self,
                                                const char               *address,
                                                guint                     soft_limit,
                                                guint                     soft_days,
                                                GPtrArray                *extra_records,
                                                gboolean                  describe,
                                                gboolean                  address_is_normalized,
                                                BounceHistoryVerdict     *verdict,
                                                GError                  **error);
/* Opens @path migrated only up to @version, for the migration tests. */
BounceHistory *_bounce_history_open_at_version (const char               *path,
                                                int                       version,
                                                GError                  **error);

G_END_DECLS

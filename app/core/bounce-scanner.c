/* bounce-scanner.c: parses the messages of a message source on all cores.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-scanner"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bounce-error.h"
#include "bounce-history-private.h"
#include "bounce-imap-source-private.h"
#include "bounce-message-source.h"
#include "bounce-parser.h"
#include "bounce-scanner.h"
#include "bounce-scanner-private.h"

/* Messages handed to a worker at once. Batches keep the cost of the
 * thread pool's locking small next to the cost of parsing. */
#define BATCH_MESSAGES 32
#define BATCH_BYTES    (1024 * 1024)

/* Messages of an mbox the history recorded, handed to a worker at once.
 * Decoding one's stored records takes about a microsecond, not the tens
 * of parsing one, so batches of BATCH_MESSAGES made the waking of the
 * threads for each batch cost more than the work: 100,000 messages took
 * about 4,000 context switches. */
#define KNOWN_BATCH_MESSAGES 1024

/* Batches queued or being parsed per worker before the walk waits: the
 * back-pressure that keeps a large folder from being read into memory
 * faster than it is parsed. */
#define BATCHES_PER_THREAD 4

/* Maximum bytes of messages read but not yet delivered. Above it the walk
 * waits, though at least one batch is always let through. */
#define MAX_BYTES_IN_FLIGHT (256 * 1024 * 1024)

/* A file's stamp is recorded only when its ctime is this much older
 * than the scan: a write within the granularity of the file system's
 * time stamps would leave the stamp unchanged. Linux stamps files from a
 * clock that ticks every few milliseconds, and some file systems keep
 * whole seconds or, like FAT, two. */
#define FILE_AGE_MARGIN_NS (G_GINT64_CONSTANT (3) * 1000000000)

/* Interval of the progress notifications of an async scan: 20 a second. */
#define NOTIFY_INTERVAL_MS 50

struct _BounceScanner
{
  GObject parent_instance;

  guint          n_threads;
  BounceHistory *history;
  gboolean       light_records;
  /* How much older than the scan a file's ctime must be for the history
   * to record the file's stamp (see file_check_cb()). */
  gint64         file_age_margin_ns;

  /* Written by the scanning thread, read from any thread. */
  guint   messages_read;
  guint   files_read;
  guint   files_total;
};

G_DEFINE_FINAL_TYPE (BounceScanner, bounce_scanner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_THREADS,
  PROP_MESSAGES_READ,
  PROP_FILES_READ,
  PROP_FILES_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* An mbox whose messages the scan reads, to be recorded in the history
 * with its stamp and message list once every message is delivered. Only
 * the walking thread touches it. */
typedef struct
{
  char            *file;       /* as the walk names it */
  char            *path;       /* absolute */
  BounceFileStamp  stamp;
  GByteArray      *messages;   /* see BounceHistoryFile */
  /* The parse cache entries of the messages delivered since the last
   * chunk was stored, and the index of the first of them. */
  GByteArray      *chunk;
  guint            chunk_first;
  guint            n_queued;
  guint            n_delivered;
  gboolean         walked;     /* the walk has moved past the file */
  gboolean         failed;     /* a message had no hash: no row is written */
} MboxRecording;

static void
mbox_recording_clear (gpointer data)
{
  MboxRecording *recording = data;

  g_free (recording->file);
  g_free (recording->path);
  g_byte_array_unref (recording->messages);
  g_byte_array_unref (recording->chunk);
}

typedef struct
{
  char      *file;
  gint64     offset;
  guint      index;
  GBytes    *bytes;
  GError    *error;
  /* The reason a message in @bytes was read only in part, or NULL. */
  char      *cut_reason;
  GPtrArray *records;

  /* Set when the scan has a history. */
  guint8     hash[BOUNCE_HISTORY_HASH_LENGTH];
  gsize      size;
  gboolean   hashed;
  gboolean   cached;

  /* The absolute path of a message file, set when the history recorded
   * it unchanged (@known: the file was not read, @hash is the recorded
   * one) or when it is to be recorded with @stamp (@has_stamp). */
  char            *path;
  gboolean         known;
  gboolean         has_stamp;
  BounceFileStamp  stamp;

  /* A message of an IMAP folder, whose UID the history records. */
  gboolean         in_mailbox;

  /* A message of an mbox the history recorded unchanged: its parse
   * cache entry, copied by the walk, which the worker decodes. */
  GBytes          *entry;
  /* The mbox being recorded that the message is part of. */
  MboxRecording   *mbox;
} ScanItem;

typedef struct
{
  GArray   *items;
  gsize     n_bytes;
  gboolean  done;
} ScanBatch;

/* What a scan reads: files and folders, or one IMAP folder. */
typedef struct
{
  char             **paths;
  BounceImapSource  *mailbox;
} ScanInput;

static void
scan_input_clear (ScanInput *input)
{
  g_clear_pointer (&input->paths, g_strfreev);
  g_clear_object (&input->mailbox);
}

/* State of one scan, shared by the walking thread and the workers. The
 * walking thread is the caller's: it reads files, queues batches in input
 * order and delivers finished batches from the head of the queue. */
typedef struct
{
  BounceScanner    *self;
  BounceRecordFunc  func;
  gpointer          user_data;
  GCancellable     *cancellable;
  GThreadPool      *pool;
  guint             max_batches;

  GMutex            mutex;
  GCond             cond;
  GQueue            pending;
  gsize             bytes_in_flight;

  /* Only touched by the walking thread. */
  ScanBatch        *filling;

  /* With a history: the working folder, to make paths absolute, the
   * files recorded in the folder being walked, and the file whose stamp
   * the next message gets (see file_check_cb()). */
  char             *current_dir;
  char             *files_folder;
  GHashTable       *files;
  char             *stamped_path;
  char             *stamped_file;
  BounceFileStamp   stamp;
  gint64            trusted_before_ns;

  /* The mbox whose messages the walk is reading, when its stamp is to be
   * recorded. */
  MboxRecording    *recording;
  /* An mbox read after a miss in the parse cache, and the number of its
   * first messages already taken from the history (see queue_known_mbox()). */
  char             *taken_file;
  guint             n_taken;

  /* The walk reads an IMAP folder. */
  gboolean          in_mailbox;
} ScanRun;

static void
scan_item_clear (gpointer data)
{
  ScanItem *item = data;

  g_clear_pointer (&item->file, g_free);
  g_clear_pointer (&item->bytes, g_bytes_unref);
  g_clear_error (&item->error);
  g_clear_pointer (&item->cut_reason, g_free);
  g_clear_pointer (&item->records, g_ptr_array_unref);
  g_clear_pointer (&item->path, g_free);
  g_clear_pointer (&item->entry, g_bytes_unref);
  if (item->mbox != NULL)
    g_atomic_rc_box_release_full (g_steal_pointer (&item->mbox), mbox_recording_clear);
}

static ScanBatch *
scan_batch_new (void)
{
  ScanBatch *batch = g_new0 (ScanBatch, 1);

  batch->items = g_array_sized_new (FALSE, TRUE, sizeof (ScanItem), BATCH_MESSAGES);
  g_array_set_clear_func (batch->items, scan_item_clear);

  return batch;
}

static void
scan_batch_free (ScanBatch *batch)
{
  g_array_unref (batch->items);
  g_free (batch);
}

/* Record files are UTF-8 (bounce-record.h), paths need not be. */
static char *
dup_display_path (const char *file)
{
  if (g_utf8_validate (file, -1, NULL))
    return g_strdup (file);

  return g_filename_display_name (file);
}

static BounceRecord *
new_unreadable_record (const ScanItem *item,
                       const char     *message)
{
  BounceRecord *record = bounce_record_new (item->file);

  record->offset = item->offset;
  record->index = item->index;
  record->category = BOUNCE_CATEGORY_UNREADABLE;
  bounce_record_set_string (&record->error, message);

  return record;
}

static gboolean
take_first_message_cb (const char   *file,
                       gint64        offset,
                       guint         index,
                       GBytes       *bytes,
                       const GError *error,
                       gpointer      user_data)
{
  ScanItem *item = user_data;

  if (bytes != NULL)
    item->bytes = g_bytes_ref (bytes);
  else
    item->error = g_error_copy (error);

  return FALSE;
}

/* Reads a file that the walk skipped because the history recorded it
 * unchanged, for when the parse cache has no records of its message
 * (a newer parser wrote none yet). The file is read as the walk reads
 * it, and its message is parsed and recorded as a new one. */
static void
read_known_item (ScanItem *item)
{
  const char *paths[] = { item->path, NULL };

  item->known = FALSE;

  /* A mailbox message's records were checked to be cached before the
   * walk, so they went missing during the scan. */
  if (item->path == NULL)
    {
      item->hashed = FALSE;
      item->error = g_error_new_literal (BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE,
                                         _("The history lost this message’s records during the scan. "
                                           "Read the mailbox again."));
      return;
    }

  bounce_message_source_foreach (paths, take_first_message_cb, item, NULL, NULL);

  /* NOTE: a file that turned into an mbox since the walk saw it yields
   * only its first message here. */
  if (item->bytes != NULL)
    {
      gsize length = 0;
      const char *data = g_bytes_get_data (item->bytes, &length);

      bounce_history_hash_message (data, length, item->hash);
      item->size = length;
      item->hashed = TRUE;
    }
  else
    {
      item->hashed = FALSE;
      if (item->error == NULL)
        item->error = g_error_new_literal (BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE,
                                           _("The file changed while it was scanned. Scan it again."));
    }
}

/* Decodes the parse cache entry that the walk copied for a message of an
 * unchanged mbox. */
static void
decode_entry (ScanItem *item,
              gboolean  light)
{
  item->records = _bounce_history_decode_parse_entry (item->entry, item->file, item->offset, item->index,
                                                      light);
  g_clear_pointer (&item->entry, g_bytes_unref);

  if (item->records != NULL)
    {
      item->cached = TRUE;
      return;
    }

  /* NOTE: only a hand-edited history gets here: the entry passed the
   * checks of SQLite, and it was written by this parser build. */
  item->hashed = FALSE;
  item->error = g_error_new_literal (BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE,
                                     _("The history contains damaged records of this message. "
                                       "Scan without the history to read it."));
}

/* Takes the records of the messages of @batch the history has seen from
 * its parse cache, in one read of the database. */
static void
lookup_batch (ScanBatch     *batch,
              BounceHistory *history,
              gboolean       light)
{
  g_autofree BounceHistoryLookup *lookups = g_new0 (BounceHistoryLookup, batch->items->len);
  g_autofree ScanItem **looked_up = g_new0 (ScanItem *, batch->items->len);
  guint n = 0;

  for (guint i = 0; i < batch->items->len; i++)
    {
      ScanItem *item = &g_array_index (batch->items, ScanItem, i);
      gsize length = 0;
      const char *data;

      if (item->error != NULL)
        continue;

      if (item->entry != NULL)
        {
          decode_entry (item, light);
          continue;
        }

      if (!item->known)
        {
          data = g_bytes_get_data (item->bytes, &length);
          bounce_history_hash_message (data, length, item->hash);
          item->size = length;
          item->hashed = TRUE;
        }

      lookups[n].hash = item->hash;
      lookups[n].file = item->file;
      lookups[n].offset = item->offset;
      lookups[n].index = item->index;
      looked_up[n++] = item;
    }

  _bounce_history_lookup_parse_batch (history, lookups, n);

  for (guint i = 0; i < n; i++)
    {
      if (lookups[i].records == NULL)
        {
          if (looked_up[i]->known)
            read_known_item (looked_up[i]);
          continue;
        }

      looked_up[i]->records = lookups[i].records;
      looked_up[i]->cached = TRUE;
      g_clear_pointer (&looked_up[i]->bytes, g_bytes_unref);
    }
}

static void
parse_item (ScanItem *item)
{
  gsize length = 0;
  const char *data;

  if (item->cached)
    return;

  item->records = NULL;

  if (item->error != NULL)
    {
      item->records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
      BounceRecord *record = new_unreadable_record (item, item->error->message);

      record->skipped = g_error_matches (item->error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_REGULAR);
      g_ptr_array_add (item->records, record);
      return;
    }

  data = g_bytes_get_data (item->bytes, &length);
  item->records = bounce_parse_message (data, length, item->file, item->offset, item->index);

  /* The parser promises at least one record. If it returns none, an
   * unreadable record keeps the message visible in the output. */
  if (item->records == NULL || item->records->len == 0)
    {
      g_clear_pointer (&item->records, g_ptr_array_unref);
      item->records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
      g_ptr_array_add (item->records,
                       new_unreadable_record (item, _("The message could not be parsed.")));
    }

  /* A message that was cut is read only in part, as one past a limit of
   * the parser. The parse cache keeps the reason with the records. */
  for (guint i = 0; item->cut_reason != NULL && i < item->records->len; i++)
    {
      BounceRecord *record = g_ptr_array_index (item->records, i);

      if (record->error[0] == '\0')
        bounce_record_set_string (&record->error, item->cut_reason);
    }

  /* Frees the parsed bytes now rather than when the batch is delivered,
   * which may be much later. */
  g_clear_pointer (&item->bytes, g_bytes_unref);
}

static void
worker_func (gpointer data,
             gpointer user_data)
{
  ScanBatch *batch = data;
  ScanRun *run = user_data;

  /* Bytes seen before are not parsed again: the history's parse cache
   * contains their records. */
  if (run->self->history != NULL && !g_cancellable_is_cancelled (run->cancellable))
    lookup_batch (batch, run->self->history, run->self->light_records);

  /* After cancellation the remaining messages are left unparsed, and
   * deliver_ready() frees them without delivering. */
  for (guint i = 0; i < batch->items->len; i++)
    {
      if (g_cancellable_is_cancelled (run->cancellable))
        break;
      parse_item (&g_array_index (batch->items, ScanItem, i));
    }

  g_mutex_lock (&run->mutex);
  batch->done = TRUE;
  g_cond_broadcast (&run->cond);
  g_mutex_unlock (&run->mutex);
}

/* Records the parsed messages of @batch in the history, in one
 * transaction. */
static void
store_batch (BounceHistory *history,
             ScanBatch     *batch)
{
  g_autoptr(GArray) entries = g_array_sized_new (FALSE, TRUE, sizeof (BounceHistoryEntry),
                                                 batch->items->len);

  for (guint i = 0; i < batch->items->len; i++)
    {
      const ScanItem *item = &g_array_index (batch->items, ScanItem, i);
      BounceHistoryEntry entry = { 0 };

      /* A cached message was recorded together with its cache entry, so
       * it is written again only to record the file it came from. */
      if (!item->hashed || item->records == NULL || item->known ||
          (item->cached && !item->has_stamp && !item->in_mailbox))
        continue;

      memcpy (entry.hash, item->hash, sizeof entry.hash);
      entry.size = item->size;
      entry.file = item->file;
      entry.records = item->records;
      entry.cached = item->cached;
      entry.in_mailbox = item->in_mailbox;
      if (item->has_stamp)
        {
          entry.path = item->path;
          entry.stamp = &item->stamp;
        }
      g_array_append_val (entries, entry);
    }

  if (entries->len > 0)
    _bounce_history_store_batch (history, (BounceHistoryEntry *) (gpointer) entries->data, entries->len);
}

/* Writes the history's row of an mbox once the walk has moved past it
 * and each of its messages was delivered and recorded. */
static void
store_mbox_if_complete (BounceHistory *history,
                        MboxRecording *recording)
{
  g_autoptr(GBytes) messages = NULL;

  if (!recording->walked || recording->failed || recording->n_queued == 0 ||
      recording->n_delivered < recording->n_queued)
    return;

  if (recording->chunk->len > 0)
    _bounce_history_store_mbox_chunk (history, recording->path, recording->chunk_first, recording->chunk);
  messages = g_bytes_new (recording->messages->data, recording->messages->len);
  _bounce_history_store_mbox_file (history, recording->path, &recording->stamp, messages);
  /* Written once. */
  recording->failed = TRUE;
}

/* Adds a delivered message to the list of the mbox it is part of. */
static void
add_to_mbox_recording (BounceHistory  *history,
                       const ScanItem *item)
{
  MboxRecording *recording = item->mbox;
  guint8 offset[8];

  recording->n_delivered++;
  if (!item->hashed || item->records == NULL || item->offset < 0)
    recording->failed = TRUE;

  if (!recording->failed)
    {
      for (guint i = 0; i < 8; i++)
        offset[i] = (guint8) ((guint64) item->offset >> (56 - 8 * i));
      g_byte_array_append (recording->messages, offset, sizeof offset);
      g_byte_array_append (recording->messages, item->hash, BOUNCE_HISTORY_HASH_LENGTH);

      _bounce_history_append_chunk_entry (recording->chunk, item->hash, item->records, NULL);
      if (recording->n_delivered - recording->chunk_first == BOUNCE_HISTORY_MBOX_CHUNK)
        {
          _bounce_history_store_mbox_chunk (history, recording->path, recording->chunk_first, recording->chunk);
          g_byte_array_set_size (recording->chunk, 0);
          recording->chunk_first = recording->n_delivered;
        }
    }

  store_mbox_if_complete (history, recording);
}

static void
deliver_batch (ScanRun   *run,
               ScanBatch *batch)
{
  BounceScanner *self = run->self;

  /* The messages are recorded before their mbox's row, in the same or
   * an earlier transaction. */
  if (self->history != NULL)
    {
      store_batch (self->history, batch);
      for (guint i = 0; i < batch->items->len; i++)
        {
          const ScanItem *item = &g_array_index (batch->items, ScanItem, i);

          if (item->mbox != NULL)
            add_to_mbox_recording (self->history, item);
        }
    }

  for (guint i = 0; i < batch->items->len; i++)
    {
      ScanItem *item = &g_array_index (batch->items, ScanItem, i);

      if (item->records == NULL)
        continue;

      for (guint j = 0; j < item->records->len; j++)
        run->func (g_ptr_array_index (item->records, j), run->user_data);

      if (item->index == 0)
        g_atomic_int_inc (&self->files_read);
      g_atomic_int_inc (&self->messages_read);
    }
}

/* Delivers the finished batches at the head of the queue. With @wait_until
 * set, blocks until fewer than that many batches are in flight and the
 * bytes in flight are below the limit. */
static void
deliver_ready (ScanRun *run,
               guint    wait_until)
{
  g_mutex_lock (&run->mutex);

  for (;;)
    {
      ScanBatch *head = g_queue_peek_head (&run->pending);

      if (head != NULL && head->done)
        {
          g_queue_pop_head (&run->pending);
          run->bytes_in_flight -= head->n_bytes;
          g_mutex_unlock (&run->mutex);

          if (!g_cancellable_is_cancelled (run->cancellable))
            deliver_batch (run, head);
          scan_batch_free (head);

          g_mutex_lock (&run->mutex);
          continue;
        }

      if (head == NULL)
        break;
      if (run->pending.length < wait_until && run->bytes_in_flight < MAX_BYTES_IN_FLIGHT)
        break;

      g_cond_wait (&run->cond, &run->mutex);
    }

  g_mutex_unlock (&run->mutex);
}

static void
submit_batch (ScanRun *run)
{
  ScanBatch *batch = g_steal_pointer (&run->filling);

  if (batch == NULL)
    return;

  g_mutex_lock (&run->mutex);
  g_queue_push_tail (&run->pending, batch);
  run->bytes_in_flight += batch->n_bytes;
  g_mutex_unlock (&run->mutex);

  g_thread_pool_push (run->pool, batch, NULL);

  deliver_ready (run, run->max_batches);
}

/* Marks the end of the walk's reading of the mbox being recorded; called
 * before the walk goes on to another file and after it ends. */
static void
finish_mbox_walk (ScanRun *run)
{
  MboxRecording *recording = g_steal_pointer (&run->recording);

  if (recording == NULL)
    return;

  recording->walked = TRUE;
  store_mbox_if_complete (run->self->history, recording);
  g_atomic_rc_box_release_full (recording, mbox_recording_clear);
}

static gboolean
message_cb (const char   *file,
            gint64        offset,
            guint         index,
            GBytes       *bytes,
            const GError *error,
            gpointer      user_data)
{
  ScanRun *run = user_data;
  ScanItem item = { 0 };

  /* The first messages of an mbox read after a miss in the parse cache
   * were queued from the history already. */
  if (run->taken_file != NULL && index < run->n_taken && g_str_equal (file, run->taken_file))
    return !g_cancellable_is_cancelled (run->cancellable);

  if (run->filling == NULL)
    run->filling = scan_batch_new ();

  item.file = dup_display_path (file);
  item.offset = offset;
  item.index = index;
  item.bytes = bytes ? g_bytes_ref (bytes) : NULL;
  if (bytes != NULL && error != NULL)
    item.cut_reason = g_strdup (error->message);
  else
    item.error = error ? g_error_copy (error) : NULL;
  item.in_mailbox = run->in_mailbox;

  /* A single-message file or the first message of an mbox, read after
   * file_check_cb() saw the file. */
  if (run->stamped_file != NULL && index == 0 && g_str_equal (file, run->stamped_file))
    {
      if (bytes != NULL && offset == -1)
        {
          item.path = g_steal_pointer (&run->stamped_path);
          item.has_stamp = TRUE;
          item.stamp = run->stamp;
        }
      else if (offset >= 0)
        {
          finish_mbox_walk (run);
          run->recording = g_atomic_rc_box_new0 (MboxRecording);
          run->recording->file = g_strdup (file);
          run->recording->path = g_steal_pointer (&run->stamped_path);
          run->recording->stamp = run->stamp;
          run->recording->messages = g_byte_array_new ();
          run->recording->chunk = g_byte_array_new ();
        }
    }
  g_clear_pointer (&run->stamped_file, g_free);
  g_clear_pointer (&run->stamped_path, g_free);

  if (run->recording != NULL && g_str_equal (file, run->recording->file))
    {
      item.mbox = g_atomic_rc_box_acquire (run->recording);
      run->recording->n_queued++;
    }
  g_array_append_val (run->filling->items, item);
  run->filling->n_bytes += bytes ? g_bytes_get_size (bytes) : 0;

  if (run->filling->items->len >= BATCH_MESSAGES || run->filling->n_bytes >= BATCH_BYTES)
    submit_batch (run);

  return !g_cancellable_is_cancelled (run->cancellable);
}

static gboolean
stamps_equal (const BounceFileStamp *a,
              const BounceFileStamp *b)
{
  return a->device == b->device && a->inode == b->inode && a->size == b->size &&
         a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns;
}

/* Queues a file the history recorded with the same stamp as a message
 * whose hash is known, without reading it. */
static void
queue_known_file (ScanRun                 *run,
                  const char              *file,
                  char                    *path,
                  const BounceHistoryFile *recorded)
{
  ScanItem item = { 0 };

  if (run->filling == NULL)
    run->filling = scan_batch_new ();

  item.file = dup_display_path (file);
  item.offset = -1;
  item.path = path;
  item.known = TRUE;
  item.hashed = TRUE;
  item.size = (gsize) recorded->stamp.size;
  memcpy (item.hash, recorded->hash, sizeof item.hash);
  g_array_append_val (run->filling->items, item);

  if (run->filling->items->len >= BATCH_MESSAGES)
    submit_batch (run);
}

/* Queues message @index of an mbox the history recorded unchanged, whose
 * entry in @list (see BounceHistoryFile) gives its offset and hash, with
 * its parse cache @entry, which the item takes. */
static void
queue_known_message (ScanRun      *run,
                     const char   *display,
                     const guint8 *list,
                     guint         index,
                     GBytes       *entry)
{
  const guint8 *message = list + (gsize) index * BOUNCE_HISTORY_MBOX_ENTRY_LENGTH;
  ScanItem item = { 0 };
  guint64 offset = 0;

  for (guint j = 0; j < 8; j++)
    offset = offset << 8 | message[j];

  if (run->filling == NULL)
    run->filling = scan_batch_new ();

  item.file = g_strdup (display);
  item.offset = (gint64) offset;
  item.index = index;
  item.known = TRUE;
  item.hashed = TRUE;
  memcpy (item.hash, message + 8, sizeof item.hash);
  item.entry = entry;
  g_array_append_val (run->filling->items, item);
  run->filling->n_bytes += g_bytes_get_size (entry);

  if (run->filling->items->len >= KNOWN_BATCH_MESSAGES || run->filling->n_bytes >= BATCH_BYTES)
    submit_batch (run);
}

/* Queues the messages of an unchanged mbox from the chunks the history
 * keeps of it. Returns the index of the first message not queued. That
 * is the number of messages, or the first message of a chunk that is
 * missing, comes from another parser build or names other messages than
 * @list. */
static guint
queue_mbox_chunks (ScanRun      *run,
                   const char   *display,
                   const char   *path,
                   const guint8 *list,
                   guint         n_messages)
{
  guint first;

  for (first = 0; first < n_messages; first += BOUNCE_HISTORY_MBOX_CHUNK)
    {
      g_autoptr(GBytes) chunk = NULL;
      GBytes *entries[BOUNCE_HISTORY_MBOX_CHUNK];
      guint n = MIN (BOUNCE_HISTORY_MBOX_CHUNK, n_messages - first);
      gsize position = 0;
      guint i;

      if (g_cancellable_is_cancelled (run->cancellable))
        return n_messages;

      chunk = _bounce_history_copy_mbox_chunk (run->self->history, path, first);
      if (chunk == NULL)
        break;

      for (i = 0; i < n; i++)
        {
          const guint8 *hash = NULL;

          entries[i] = _bounce_history_chunk_next_entry (chunk, &position, &hash);
          if (entries[i] == NULL ||
              memcmp (hash, list + (gsize) (first + i) * BOUNCE_HISTORY_MBOX_ENTRY_LENGTH + 8,
                      BOUNCE_HISTORY_HASH_LENGTH) != 0)
            break;
        }

      if (i < n || position != g_bytes_get_size (chunk))
        {
          g_debug ("%s: chunk %u does not match the recorded messages", path, first);
          for (guint j = 0; j <= i && j < n; j++)
            g_clear_pointer (&entries[j], g_bytes_unref);
          break;
        }

      for (i = 0; i < n; i++)
        queue_known_message (run, display, list, first + i, entries[i]);
    }

  return first;
}

/* Queues the messages of an mbox the history recorded with the same
 * stamp, without reading the file. They come from the history's chunks,
 * else from the parse cache entries of their recorded hashes, which then
 * make the missing chunks for the next scan. Returns FALSE when an entry
 * is missing (another parser build replaced it, say). The walk then reads
 * the file, and message_cb() drops the messages queued here. */
static gboolean
queue_known_mbox (ScanRun                 *run,
                  const char              *file,
                  const char              *path,
                  const BounceHistoryFile *recorded)
{
  gsize length = 0;
  const guint8 *list = g_bytes_get_data (recorded->messages, &length);
  guint n_messages = (guint) (length / BOUNCE_HISTORY_MBOX_ENTRY_LENGTH);
  g_autofree char *display = dup_display_path (file);
  g_autoptr(GByteArray) chunk = g_byte_array_new ();
  guint chunk_first = queue_mbox_chunks (run, display, path, list, n_messages);

  for (guint first = chunk_first; first < n_messages; first += BATCH_MESSAGES)
    {
      guint n = MIN (BATCH_MESSAGES, n_messages - first);
      guint8 hashes[BATCH_MESSAGES * BOUNCE_HISTORY_HASH_LENGTH];
      GBytes *entries[BATCH_MESSAGES];

      if (g_cancellable_is_cancelled (run->cancellable))
        return TRUE;

      for (guint i = 0; i < n; i++)
        memcpy (hashes + i * BOUNCE_HISTORY_HASH_LENGTH,
                list + (gsize) (first + i) * BOUNCE_HISTORY_MBOX_ENTRY_LENGTH + 8, BOUNCE_HISTORY_HASH_LENGTH);

      _bounce_history_copy_parse_entries (run->self->history, hashes, n, entries);

      for (guint i = 0; i < n; i++)
        {
          guint index = first + i;

          if (entries[i] == NULL)
            {
              for (guint j = i + 1; j < n; j++)
                g_clear_pointer (&entries[j], g_bytes_unref);
              g_free (run->taken_file);
              run->taken_file = g_strdup (file);
              run->n_taken = index;
              return FALSE;
            }

          _bounce_history_append_chunk_entry (chunk, list + (gsize) index * BOUNCE_HISTORY_MBOX_ENTRY_LENGTH + 8,
                                              NULL, entries[i]);
          if (index + 1 - chunk_first == BOUNCE_HISTORY_MBOX_CHUNK || index + 1 == n_messages)
            {
              _bounce_history_store_mbox_chunk (run->self->history, path, chunk_first, chunk);
              g_byte_array_set_size (chunk, 0);
              chunk_first = index + 1;
            }

          queue_known_message (run, display, list, index, entries[i]);
        }
    }

  return TRUE;
}

/* Queues a message of an IMAP folder that an earlier scan read, whose
 * records the parse cache contains, without fetching it. */
static gboolean
mailbox_known_cb (const char   *file,
                  const guint8 *hash,
                  gpointer      user_data)
{
  ScanRun *run = user_data;
  ScanItem item = { 0 };

  if (run->filling == NULL)
    run->filling = scan_batch_new ();

  item.file = g_strdup (file);
  item.offset = -1;
  item.known = TRUE;
  item.hashed = TRUE;
  item.in_mailbox = TRUE;
  memcpy (item.hash, hash, sizeof item.hash);
  g_array_append_val (run->filling->items, item);

  if (run->filling->items->len >= BATCH_MESSAGES)
    submit_batch (run);

  return !g_cancellable_is_cancelled (run->cancellable);
}

/* Called by the walk before it opens a file. A file whose stamp is the
 * one recorded is taken as the message recorded with it: the stamp
 * changes when the file is written, and a file replaced by another gets
 * another inode. Any other file is read, and the stamp it had is kept for
 * message_cb(), which gets its message next. */
static gboolean
file_check_cb (const char            *file,
               const BounceFileStamp *stamp,
               gpointer               user_data)
{
  ScanRun *run = user_data;
  g_autofree char *path = NULL;
  const BounceHistoryFile *recorded;
  const char *slash;
  g_autofree char *folder = NULL;

  finish_mbox_walk (run);
  g_clear_pointer (&run->taken_file, g_free);

  path = g_path_is_absolute (file) ? g_strdup (file) : g_build_filename (run->current_dir, file, NULL);
  slash = strrchr (path, '/');
  folder = g_strndup (path, slash > path ? (gsize) (slash - path) : 1);

  if (run->files_folder == NULL || !g_str_equal (folder, run->files_folder))
    {
      g_clear_pointer (&run->files, g_hash_table_unref);
      g_free (run->files_folder);
      run->files_folder = g_steal_pointer (&folder);
      run->files = _bounce_history_load_files (run->self->history, run->files_folder);
    }

  recorded = g_hash_table_lookup (run->files, slash + 1);
  if (recorded != NULL && stamps_equal (stamp, &recorded->stamp))
    {
      if (recorded->messages == NULL)
        {
          queue_known_file (run, file, g_steal_pointer (&path), recorded);
          return TRUE;
        }

      /* After a miss in the parse cache the mbox is read, and its row,
       * which names the same messages, is kept. */
      return queue_known_mbox (run, file, path, recorded);
    }

  /* A file changed in the last moments may change again within the
   * granularity of its time stamps, with no change to its stamp, so it
   * is recorded only when its ctime is older than the scan by a margin. */
  g_clear_pointer (&run->stamped_file, g_free);
  g_clear_pointer (&run->stamped_path, g_free);
  if (stamp->ctime_ns < run->trusted_before_ns)
    {
      run->stamped_file = g_strdup (file);
      run->stamped_path = g_steal_pointer (&path);
      run->stamp = *stamp;
    }

  return FALSE;
}

static guint
get_n_workers (BounceScanner *self)
{
  if (self->n_threads > 0)
    return self->n_threads;

  return MAX (1, g_get_num_processors ());
}

static void
bounce_scanner_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BounceScanner *self = BOUNCE_SCANNER (object);

  switch (prop_id)
    {
    case PROP_N_THREADS:
      g_value_set_uint (value, self->n_threads);
      break;

    case PROP_MESSAGES_READ:
      g_value_set_uint (value, bounce_scanner_get_messages_read (self));
      break;

    case PROP_FILES_READ:
      g_value_set_uint (value, bounce_scanner_get_files_read (self));
      break;

    case PROP_FILES_TOTAL:
      g_value_set_uint (value, bounce_scanner_get_files_total (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bounce_scanner_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BounceScanner *self = BOUNCE_SCANNER (object);

  switch (prop_id)
    {
    case PROP_N_THREADS:
      bounce_scanner_set_n_threads (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bounce_scanner_finalize (GObject *object)
{
  BounceScanner *self = BOUNCE_SCANNER (object);

  g_clear_object (&self->history);

  G_OBJECT_CLASS (bounce_scanner_parent_class)->finalize (object);
}

static void
bounce_scanner_class_init (BounceScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bounce_scanner_finalize;
  object_class->get_property = bounce_scanner_get_property;
  object_class->set_property = bounce_scanner_set_property;

  properties[PROP_N_THREADS] =
    g_param_spec_uint ("n-threads", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MESSAGES_READ] =
    g_param_spec_uint ("messages-read", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_FILES_READ] =
    g_param_spec_uint ("files-read", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_FILES_TOTAL] =
    g_param_spec_uint ("files-total", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  bounce_parser_init ();
}

static void
bounce_scanner_init (BounceScanner *self)
{
  self->file_age_margin_ns = FILE_AGE_MARGIN_NS;
}

BounceScanner *
bounce_scanner_new (void)
{
  return g_object_new (BOUNCE_TYPE_SCANNER, NULL);
}

void
bounce_scanner_set_light_records (BounceScanner *self,
                                  gboolean       light)
{
  g_return_if_fail (BOUNCE_IS_SCANNER (self));

  self->light_records = light;
}

void
bounce_scanner_set_n_threads (BounceScanner *self,
                              guint          n_threads)
{
  g_return_if_fail (BOUNCE_IS_SCANNER (self));

  if (self->n_threads == n_threads)
    return;

  self->n_threads = n_threads;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_THREADS]);
}

void
bounce_scanner_set_history (BounceScanner *self,
                            BounceHistory *history)
{
  g_return_if_fail (BOUNCE_IS_SCANNER (self));
  g_return_if_fail (history == NULL || BOUNCE_IS_HISTORY (history));

  g_set_object (&self->history, history);
}

guint
bounce_scanner_get_messages_read (BounceScanner *self)
{
  g_return_val_if_fail (BOUNCE_IS_SCANNER (self), 0);

  return (guint) g_atomic_int_get (&self->messages_read);
}

guint
bounce_scanner_get_files_read (BounceScanner *self)
{
  g_return_val_if_fail (BOUNCE_IS_SCANNER (self), 0);

  return (guint) g_atomic_int_get (&self->files_read);
}

guint
bounce_scanner_get_files_total (BounceScanner *self)
{
  g_return_val_if_fail (BOUNCE_IS_SCANNER (self), 0);

  return (guint) g_atomic_int_get (&self->files_total);
}

static void
reset_progress (BounceScanner *self)
{
  g_atomic_int_set (&self->messages_read, 0);
  g_atomic_int_set (&self->files_read, 0);
  g_atomic_int_set (&self->files_total, 0);
}

/* Stores how far the scan read its IMAP folder, unless the scan was
 * cancelled (batches read before are then dropped unrecorded) or a write
 * to the history failed: the state must not claim unrecorded messages. */
static void
save_mailbox_state (BounceScanner    *self,
                    BounceImapSource *mailbox,
                    GCancellable     *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (self->history == NULL || g_cancellable_is_cancelled (cancellable) ||
      bounce_history_get_write_error (self->history) != NULL)
    return;

  if (!_bounce_imap_source_save_state (mailbox, self->history, &error))
    g_warning ("storing how far the mailbox was read failed: %s", error->message);
}

static gboolean
scan_internal (BounceScanner      *self,
               const ScanInput    *input,
               BounceRecordFunc    func,
               gpointer            user_data,
               GCancellable       *cancellable,
               GError            **error)
{
  g_autoptr(GError) pool_error = NULL;
  g_autoptr(GError) walk_error = NULL;
  ScanRun run = { 0 };
  guint n_workers = get_n_workers (self);
  gboolean completed;

  run.self = self;
  run.func = func;
  run.user_data = user_data;
  run.cancellable = cancellable;
  run.max_batches = n_workers * BATCHES_PER_THREAD;
  g_mutex_init (&run.mutex);
  g_cond_init (&run.cond);
  g_queue_init (&run.pending);

  run.pool = g_thread_pool_new (worker_func, &run, (int) n_workers, TRUE, &pool_error);
  if (run.pool == NULL)
    {
      g_mutex_clear (&run.mutex);
      g_cond_clear (&run.cond);
      g_propagate_error (error, g_steal_pointer (&pool_error));
      return FALSE;
    }

  g_debug ("scanning with %u workers", n_workers);

  if (input->mailbox != NULL)
    {
      run.in_mailbox = TRUE;
      completed = _bounce_imap_source_foreach (input->mailbox, self->history, &self->files_total,
                                               message_cb, mailbox_known_cb, &run, cancellable, &walk_error);
    }
  else if (self->history != NULL)
    {
      run.current_dir = g_get_current_dir ();
      run.trusted_before_ns = g_get_real_time () * 1000 - self->file_age_margin_ns;
      completed = bounce_message_source_foreach_checked ((const char * const *) input->paths, file_check_cb,
                                                         message_cb, &run, cancellable, NULL);
    }
  else
    completed = bounce_message_source_foreach ((const char * const *) input->paths, message_cb, &run,
                                               cancellable, NULL);
  finish_mbox_walk (&run);
  submit_batch (&run);
  deliver_ready (&run, 1);

  g_clear_pointer (&run.current_dir, g_free);
  g_clear_pointer (&run.taken_file, g_free);
  g_clear_pointer (&run.files_folder, g_free);
  g_clear_pointer (&run.files, g_hash_table_unref);
  g_clear_pointer (&run.stamped_file, g_free);
  g_clear_pointer (&run.stamped_path, g_free);

  if (self->history != NULL)
    _bounce_history_flush (self->history);

  /* A walk that failed part way still records how far it got, so the
   * next scan goes on from there. */
  if (input->mailbox != NULL)
    save_mailbox_state (self, input->mailbox, cancellable);

  /* Waits for the workers. Every batch was delivered or freed above. */
  g_thread_pool_free (run.pool, FALSE, TRUE);
  g_assert (g_queue_is_empty (&run.pending));
  g_mutex_clear (&run.mutex);
  g_cond_clear (&run.cond);

  if (!completed && walk_error != NULL &&
      !g_error_matches (walk_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&walk_error));
      return FALSE;
    }

  if (!completed || g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The scan was cancelled."));
      return FALSE;
    }

  return TRUE;
}

gboolean
bounce_scanner_paths_are_recorded (BounceScanner      *self,
                                   const char * const *paths)
{
  g_autofree char *current_dir = g_get_current_dir ();

  g_return_val_if_fail (BOUNCE_IS_SCANNER (self), FALSE);
  g_return_val_if_fail (paths != NULL, FALSE);

  if (self->history == NULL)
    return FALSE;

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *folder = NULL;
      g_autoptr(GHashTable) files = NULL;
      const BounceHistoryFile *recorded;
      BounceFileStamp stamp;
      const char *slash;
      struct stat info;

      if (bounce_imap_source_is_uri (paths[i]) || stat (paths[i], &info) != 0 || !S_ISREG (info.st_mode))
        return FALSE;

      /* The same path and stamp that file_check_cb() gets. */
      path = g_path_is_absolute (paths[i]) ? g_strdup (paths[i]) : g_build_filename (current_dir, paths[i], NULL);
      slash = strrchr (path, '/');
      folder = g_strndup (path, slash > path ? (gsize) (slash - path) : 1);
      stamp.device = (guint64) info.st_dev;
      stamp.inode = (guint64) info.st_ino;
      stamp.size = (gint64) info.st_size;
      stamp.mtime_ns = (gint64) info.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + info.st_mtim.tv_nsec;
      stamp.ctime_ns = (gint64) info.st_ctim.tv_sec * G_GINT64_CONSTANT (1000000000) + info.st_ctim.tv_nsec;

      files = _bounce_history_load_files (self->history, folder);
      recorded = g_hash_table_lookup (files, slash + 1);
      if (recorded == NULL || !stamps_equal (&stamp, &recorded->stamp))
        return FALSE;
    }

  return TRUE;
}

gboolean
bounce_scanner_check_path (const char  *path,
                           GError     **error)
{
  GStatBuf info;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_stat (path, &info) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND,
                     _("“%s” does not exist. Check the path."), path);
      else
        g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE,
                     _("“%s” cannot be read: %s. Check its permissions."), path, g_strerror (saved_errno));
      return FALSE;
    }

  /* A pipe, socket or device named on its own would give no message, and
   * opening it could block, so it is never read. Inside a folder the scan
   * reports such a file and goes on. */
  if (!S_ISREG (info.st_mode) && !S_ISDIR (info.st_mode))
    {
      if (S_ISFIFO (info.st_mode))
        g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE,
                     /* TRANSLATORS: %s is a path; a FIFO is a named pipe */
                     _("“%s” is a pipe (FIFO), not a message file or a folder, so no bounce can be read from it. "
                       "Save the messages to a file or folder and name that."), path);
      else
        g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE,
                     /* TRANSLATORS: %s is a path, such as that of a device or a socket */
                     _("“%s” is not a regular file or a folder, so no bounce can be read from it. "
                       "Save the messages to a file or folder and name that."), path);
      return FALSE;
    }

  /* A folder is read through its entries, which needs search access too. */
  if (g_access (path, S_ISDIR (info.st_mode) ? R_OK | X_OK : R_OK) != 0)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE,
                   _("“%s” cannot be read: %s. Check its permissions."), path, g_strerror (errno));
      return FALSE;
    }

  return TRUE;
}

gboolean
bounce_scanner_scan (BounceScanner       *self,
                     const char * const  *paths,
                     BounceRecordFunc     func,
                     gpointer             user_data,
                     GCancellable        *cancellable,
                     GError             **error)
{
  ScanInput input = { NULL };

  g_return_val_if_fail (BOUNCE_IS_SCANNER (self), FALSE);
  g_return_val_if_fail (paths != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  reset_progress (self);
  input.paths = (char **) paths;

  return scan_internal (self, &input, func, user_data, cancellable, error);
}

gboolean
bounce_scanner_scan_mailbox (BounceScanner       *self,
                             BounceImapSource    *mailbox,
                             BounceRecordFunc     func,
                             gpointer             user_data,
                             GCancellable        *cancellable,
                             GError             **error)
{
  ScanInput input = { NULL };

  g_return_val_if_fail (BOUNCE_IS_SCANNER (self), FALSE);
  g_return_val_if_fail (BOUNCE_IS_IMAP_SOURCE (mailbox), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  reset_progress (self);
  input.mailbox = mailbox;

  return scan_internal (self, &input, func, user_data, cancellable, error);
}

/* An async scan runs in a GTask thread (the inner task). The task given
 * to the caller (the outer one) completes after the progress source is
 * stopped and the final counts are notified, so the final counts are
 * notified before the caller's callback runs. */
/* Source tags: addresses of data, since -Wpedantic rejects casting a
 * function pointer to gpointer. */
static char scan_async_tag[] = "bounce_scanner_scan_async";
static char scan_thread_tag[] = "bounce_scanner_scan_thread";

typedef struct
{
  ScanInput input;
  GSource  *progress_source;
  guint     notified_messages_read;
  guint     notified_files_read;
  guint     notified_files_total;
} ScanAsyncData;

static void
scan_async_data_free (ScanAsyncData *data)
{
  if (data->progress_source != NULL)
    {
      g_source_destroy (data->progress_source);
      g_source_unref (data->progress_source);
    }
  scan_input_clear (&data->input);
  g_free (data);
}

static void
notify_progress (BounceScanner *self,
                 ScanAsyncData *data)
{
  guint messages_read = bounce_scanner_get_messages_read (self);
  guint files_read = bounce_scanner_get_files_read (self);
  guint files_total = bounce_scanner_get_files_total (self);

  g_object_freeze_notify (G_OBJECT (self));

  if (files_total != data->notified_files_total)
    {
      data->notified_files_total = files_total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILES_TOTAL]);
    }

  if (files_read != data->notified_files_read)
    {
      data->notified_files_read = files_read;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILES_READ]);
    }

  if (messages_read != data->notified_messages_read)
    {
      data->notified_messages_read = messages_read;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGES_READ]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
progress_source_cb (gpointer user_data)
{
  GTask *outer = user_data;

  notify_progress (g_task_get_source_object (outer), g_task_get_task_data (outer));

  return G_SOURCE_CONTINUE;
}

static void
collect_record_cb (BounceRecord *record,
                   gpointer      user_data)
{
  GPtrArray *records = user_data;

  g_ptr_array_add (records, bounce_record_ref (record));
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  BounceScanner *self = source_object;
  const ScanInput *input = task_data;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(GError) error = NULL;

  /* Counting first costs one walk of the folders without opening files,
   * and gives a progress bar its end. A mailbox sets the total itself
   * once its search has run. */
  if (input->paths != NULL)
    g_atomic_int_set (&self->files_total,
                      bounce_message_source_count_files ((const char * const *) input->paths, cancellable));

  if (!scan_internal (self, input, collect_record_cb, records, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&records), (GDestroyNotify) g_ptr_array_unref);
}

static void
scan_thread_done_cb (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  ScanAsyncData *data = g_task_get_task_data (outer);
  GError *error = NULL;
  GPtrArray *records;

  g_source_destroy (data->progress_source);
  notify_progress (BOUNCE_SCANNER (source_object), data);

  records = g_task_propagate_pointer (G_TASK (result), &error);
  if (records == NULL)
    g_task_return_error (outer, error);
  else
    g_task_return_pointer (outer, records, (GDestroyNotify) g_ptr_array_unref);
}

/* Takes @data. */
static void
scan_async_start (BounceScanner       *self,
                  ScanAsyncData       *data,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;

  reset_progress (self);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, scan_async_tag);
  g_task_set_task_data (outer, data, (GDestroyNotify) scan_async_data_free);

  /* GTask calls back on the thread-default main context of this thread,
   * and the progress notifications go to the same context. */
  data->progress_source = g_timeout_source_new (NOTIFY_INTERVAL_MS);
  g_source_set_callback (data->progress_source, progress_source_cb, outer, NULL);
  g_source_set_static_name (data->progress_source, "[bounce] scan progress");
  g_source_attach (data->progress_source, g_task_get_context (outer));

  inner = g_task_new (self, cancellable, scan_thread_done_cb, g_object_ref (outer));
  g_task_set_source_tag (inner, scan_thread_tag);
  g_task_set_task_data (inner, &data->input, NULL);
  g_task_run_in_thread (inner, scan_thread);
}

void
bounce_scanner_scan_async (BounceScanner       *self,
                           const char * const  *paths,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  ScanAsyncData *data;

  g_return_if_fail (BOUNCE_IS_SCANNER (self));
  g_return_if_fail (paths != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ScanAsyncData, 1);
  data->input.paths = g_strdupv ((char **) paths);
  scan_async_start (self, data, cancellable, callback, user_data);
}

void
bounce_scanner_scan_mailbox_async (BounceScanner       *self,
                                   BounceImapSource    *mailbox,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  ScanAsyncData *data;

  g_return_if_fail (BOUNCE_IS_SCANNER (self));
  g_return_if_fail (BOUNCE_IS_IMAP_SOURCE (mailbox));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ScanAsyncData, 1);
  data->input.mailbox = g_object_ref (mailbox);
  scan_async_start (self, data, cancellable, callback, user_data);
}

GPtrArray *
bounce_scanner_scan_finish (BounceScanner  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (BOUNCE_IS_SCANNER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == scan_async_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_bounce_scanner_set_file_age_margin (BounceScanner *self,
                                     gint64         margin_ns)
{
  g_return_if_fail (BOUNCE_IS_SCANNER (self));
  g_return_if_fail (margin_ns >= 0);

  self->file_age_margin_ns = margin_ns;
}

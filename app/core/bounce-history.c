/* bounce-history.c: bounces seen and the suppression list, in SQLite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-history"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gmime/gmime.h>
#include <nettle/sha2.h>
#include <sqlite3.h>

#include "bounce-address.h"
#include "bounce-classifier.h"
#include "bounce-cleaner.h"
#include "bounce-contact-list.h"
#include "bounce-csv-private.h"
#include "bounce-diagnostic.h"
#include "bounce-imap-source.h"
#include "bounce-error.h"
#include "bounce-format.h"
#include "bounce-history-private.h"
#include "bounce-hygiene-private.h"
#include "bounce-parse-stamp.h"
#include "bounce-parser-private.h"
#include "bounce-reason.h"
#include "bounce-record-private.h"
#include "bounce-status-codes.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Milliseconds a writer waits for another process's transaction (a second
 * app window, a CLI scan) before it reports the database busy. */
#define BUSY_TIMEOUT_MS 10000
/* Pause between two tries to switch a new file to WAL. */
#define JOURNAL_RETRY_MS 50

/* A scan commits its first transaction after SCAN_COMMIT_FIRST messages
 * and each later one after twice as many as the one before, up to
 * SCAN_COMMIT_MAX, or after it was open SCAN_COMMIT_INTERVAL_US,
 * whichever comes first. Each commit writes every page it changed, and
 * random hashes and addresses spread a batch over many pages. Larger
 * transactions therefore write far fewer pages per message: a first scan
 * of 100,000 messages took 8.2 s of CPU time with 32,768 messages per
 * commit, against 10.6 s with 2048 (tests/bench/bench-clean.sh). Small
 * early commits make the first records visible soon. The time limit
 * bounds how long another program waits to write, and the size of the
 * WAL file. A crash loses at most the uncommitted messages, never part
 * of one, and the next scan parses them again. */
#define SCAN_COMMIT_FIRST 2048
#define SCAN_COMMIT_MAX 32768
#define SCAN_COMMIT_INTERVAL_US (2 * G_USEC_PER_SEC)

/* Microseconds between two reads of PRAGMA data_version, which changes
 * when another connection commits to the file. */
#define DATA_VERSION_INTERVAL_US G_USEC_PER_SEC

/* Strings per record in a parse cache entry, in the order of
 * encode_records(). */
#define CACHE_FIELDS 17

/* The date field of a parse cache entry whose Date header had an
 * impossible time zone offset. No ISO 8601 date starts with "!". */
#define DATE_OFFSET_INVALID "!offset"

/* Schema migrations: migrations[i] brings version i to version i + 1.
 * Never edit a released step; append a new one. */
static const char * const migrations[] = {
  /* 1: messages by content hash, their bounces, the suppression list. */
  "CREATE TABLE messages ("
  "  hash BLOB PRIMARY KEY NOT NULL,"       /* SHA-256 of the message bytes */
  "  path TEXT NOT NULL,"                   /* where it was first seen */
  "  size INTEGER NOT NULL,"
  "  first_seen INTEGER NOT NULL"           /* Unix time */
  ") WITHOUT ROWID;"
  "CREATE TABLE bounces ("
  "  id INTEGER PRIMARY KEY,"
  "  hash BLOB NOT NULL REFERENCES messages (hash) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"            /* record number in the message */
  "  address TEXT NOT NULL,"                /* normalized recipient */
  "  date INTEGER,"                         /* the bounce's own date, Unix time, or NULL */
  "  day TEXT,"                             /* its YYYY-MM-DD in its own time zone, or NULL */
  "  category TEXT NOT NULL,"
  "  reason TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  reply_code TEXT NOT NULL,"
  "  diagnostic TEXT NOT NULL,"
  "  original_message_id TEXT NOT NULL,"
  "  path TEXT NOT NULL,"
  "  UNIQUE (hash, position)"
  ");"
  "CREATE INDEX bounces_by_address ON bounces (address, category);"
  "CREATE TABLE suppression ("
  "  address TEXT PRIMARY KEY NOT NULL,"
  "  category TEXT NOT NULL,"               /* hard, complaint, imported, manual */
  "  reason TEXT NOT NULL,"
  "  source TEXT NOT NULL,"
  "  status TEXT NOT NULL CHECK (status IN ('active', 'removed')),"
  "  since INTEGER NOT NULL,"
  "  changed INTEGER NOT NULL,"
  "  bounce_id INTEGER REFERENCES bounces (id) ON DELETE SET NULL"
  ");",

  /* 2: the parse cache. @stamp names the parser build that wrote it. */
  "CREATE TABLE parse_cache ("
  "  hash BLOB PRIMARY KEY NOT NULL,"
  "  stamp TEXT NOT NULL,"
  "  records BLOB NOT NULL"                 /* see encode_records() */
  ");",

  /* 3: the parse cache keyed by the hash's first 8 bytes as the rowid, so
   * a lookup is one B-tree search instead of an index search followed by
   * a table search. The full hash is compared after the lookup. */
  "DROP TABLE parse_cache;"
  "CREATE TABLE parse_cache ("
  "  key INTEGER PRIMARY KEY,"              /* first 8 bytes of the hash */
  "  hash BLOB NOT NULL,"
  "  stamp TEXT NOT NULL,"
  "  records BLOB NOT NULL"                 /* see encode_records() */
  ");",

  /* 4: the message file seen at each path, with the stat() data it had,
   * so a rescan takes an unchanged file's records from the parse cache
   * without reading the file. */
  "CREATE TABLE files ("
  "  folder TEXT NOT NULL,"                 /* absolute path of the folder */
  "  name TEXT NOT NULL,"                   /* file name in it */
  "  device INTEGER NOT NULL,"
  "  inode INTEGER NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  mtime INTEGER NOT NULL,"               /* ns since 1970 */
  "  ctime INTEGER NOT NULL,"               /* ns since 1970 */
  "  hash BLOB NOT NULL,"                   /* SHA-256 of the message it held */
  "  PRIMARY KEY (folder, name)"
  ") WITHOUT ROWID;",

  /* 5: how far each IMAP folder was read, so the next scan fetches only
   * newer messages. A UID is valid only with its folder's UIDVALIDITY
   * (RFC 3501 2.3.1.1), so a changed UIDVALIDITY means reading it all. */
  "CREATE TABLE mailbox_state ("
  "  account TEXT NOT NULL,"                /* imaps://jane@imap.example.com */
  "  folder TEXT NOT NULL,"                 /* UTF-8 name, "INBOX" */
  "  uidvalidity INTEGER NOT NULL,"
  "  last_uid INTEGER NOT NULL,"            /* every message up to this UID was read */
  "  scanned INTEGER NOT NULL,"             /* Unix time of the scan */
  "  PRIMARY KEY (account, folder)"
  ") WITHOUT ROWID;",

  /* 6: the message each UID of an IMAP folder held, so a scan that
   * fetches only new messages can take the records of the earlier ones
   * from the parse cache, as a rescan of files does. */
  "CREATE TABLE mailbox_messages ("
  "  account TEXT NOT NULL,"
  "  folder TEXT NOT NULL,"
  "  uidvalidity INTEGER NOT NULL,"
  "  uid INTEGER NOT NULL,"
  "  hash BLOB NOT NULL,"                   /* SHA-256 of the message */
  "  PRIMARY KEY (account, folder, uid)"
  ") WITHOUT ROWID;",

  /* 7: the mbox file seen at each path, with the stat() data it had and
   * the messages it contained, so a rescan takes an unchanged mbox's
   * records from the parse cache without reading the file. The files
   * table keeps single-message files, and a path has a row in only one
   * of the two tables. */
  "CREATE TABLE mbox_files ("
  "  folder TEXT NOT NULL,"                 /* absolute path of the folder */
  "  name TEXT NOT NULL,"                   /* file name in it */
  "  device INTEGER NOT NULL,"
  "  inode INTEGER NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  mtime INTEGER NOT NULL,"               /* ns since 1970 */
  "  ctime INTEGER NOT NULL,"               /* ns since 1970 */
  "  messages BLOB NOT NULL,"               /* see BounceHistoryFile */
  "  PRIMARY KEY (folder, name)"
  ") WITHOUT ROWID;",

  /* 8: the parse cache entries of each recorded mbox in file order, in
   * rows of BOUNCE_HISTORY_MBOX_CHUNK messages. A rescan of an unchanged
   * mbox of 100,000 messages reads about a hundred rows instead of making
   * 100,000 lookups, which took 0.32 s of its 0.45 s. */
  "CREATE TABLE mbox_chunks ("
  "  folder TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  first INTEGER NOT NULL,"               /* index of its first message in the mbox */
  "  stamp TEXT NOT NULL,"                  /* the parser build that wrote it */
  "  entries BLOB NOT NULL,"                /* see _bounce_history_append_chunk_entry() */
  "  PRIMARY KEY (folder, name, first)"
  ");",

  /* 9: what `scan --json` prints of a bounce and the bounces table did
   * not keep, so that `history --json` gives the same members. Rows of
   * earlier versions have '' and NULL. */
  "ALTER TABLE bounces ADD COLUMN action TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE bounces ADD COLUMN remote_mta TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE bounces ADD COLUMN mbox_offset INTEGER;"   /* byte offset in an mbox, else NULL */
  "ALTER TABLE bounces ADD COLUMN mbox_index INTEGER;"    /* 0-based message number in an mbox */
  "ALTER TABLE bounces ADD COLUMN utc_offset INTEGER;",   /* seconds east of UTC of the bounce's date */

  /* 10: the addresses a person chose to keep in every cleaned list,
   * whatever bounced (the app's Keep This Contact, `clean --keep`). */
  "CREATE TABLE kept ("
  "  address TEXT PRIMARY KEY NOT NULL,"    /* normalized */
  "  since INTEGER NOT NULL,"               /* Unix time of the choice */
  "  unsuppressed INTEGER NOT NULL"         /* 1: keeping took its entry off the suppression list */
  ") WITHOUT ROWID;",

  /* 11: whether the bounce's Date header had an impossible time zone
   * offset (BounceRecord.date_offset_invalid), so that `history --json`
   * keeps its "date_error". Rows of earlier versions have 0. */
  "ALTER TABLE bounces ADD COLUMN date_error INTEGER NOT NULL DEFAULT 0;",
};

#define SCHEMA_VERSION ((int) G_N_ELEMENTS (migrations))

/* The first schema version with the kept table. */
#define KEPT_SCHEMA_VERSION 10

/* The status of a new suppression entry of the address ?1 from a
 * bounce dated ?5: "removed" when a person chose to keep the address at
 * or after that date, because the choice was made knowing of the
 * bounce. A bounce dated after the choice is listed, so that later
 * cleans flag it as "bounced after the choice" (has_bounced_since() in
 * bounce-cleaner.c), and the keep still outweighs it in every verdict. */
#define KEPT_STATUS "CASE WHEN EXISTS (SELECT 1 FROM kept WHERE address = ?1 AND since >= ?5) " \
                    "THEN 'removed' ELSE 'active' END"
/* The status of an imported entry of the address ?1 dated ?7: "removed"
 * when a person chose to keep the address at or after that date, because
 * a provider's list cannot know the choice. An undated row binds
 * G_MININT64, so any keep outweighs it. A row dated after the keep, such
 * as a later unsubscribe, is listed. */
#define KEPT_IMPORT_STATUS "CASE WHEN EXISTS (SELECT 1 FROM kept WHERE address = ?1 AND since >= ?7) " \
                           "THEN 'removed' ELSE 'active' END"

/* Marks the keep of ?1 as one that took an entry off the list, so that
 * bounce_history_stop_keeping() puts the entry a bounce or an import
 * recorded while it was kept back on the list. */
#define MARK_KEPT_UNSUPPRESSED "UPDATE kept SET unsuppressed = 1 WHERE address = ?1 AND unsuppressed = 0"


struct _BounceHistory
{
  GObject       parent_instance;

  char         *path;
  sqlite3      *db;
  int           schema_version;
  /* Opened by bounce_history_open_read_only(): nothing is written. */
  gboolean      read_only;

  /* Guards the connection and its statements. */
  GMutex        mutex;

  /* A second connection for the parse cache lookups of scan workers,
   * which in WAL mode reads while the first one writes. */
  sqlite3      *reader;
  GMutex        reader_mutex;
  sqlite3_stmt *lookup_cache;
  sqlite3_stmt *lookup_chunk;

  /* The escalation rule's query on the first connection, prepared once:
   * the app's review runs it for every address with soft bounces, and
   * preparing it each time took more than half of its cost. */
  sqlite3_stmt *select_soft;

  GError       *write_error;
  /* The first failure that showed the file damaged, set once with
   * g_atomic_pointer_compare_and_exchange() from any thread. The lists
   * are not read again after it. */
  GError       *damage_error;
  /* A read transaction of _bounce_history_begin_read() is open. */
  gboolean      read_transaction;
  /* A scan's transaction is open since the monotonic time
   * @scan_started, with this many messages in it. */
  gboolean      scan_transaction;
  guint         scan_pending;
  gint64        scan_started;
  /* Messages after which the scan's transaction is committed. */
  guint         scan_commit_size;

  /* Active suppression entries by address, and the soft bounces by
   * address (a GArray of SoftBounce), loaded on first use. The strings
   * of both are in @soft_strings, but for the interned categories. */
  GHashTable   *suppressed;
  GHashTable   *soft_addresses;
  GStringChunk *soft_strings;
  /* Mailbox key -> GPtrArray of the entries in @suppressed that spread
   * to the other spellings of their mailbox (entry_spreads()) and whose
   * address is not their key, such as "j.a.n.e@gmail.com" under
   * "jane@gmail.com". Built on first use, and cleared with a reload of
   * @suppressed, whose entries it points to. */
  GHashTable   *spreading_entries;
  /* Kept addresses -> BounceKeptAddress, loaded and cleared with
   * @suppressed; their addresses are in @soft_strings. */
  GHashTable   *kept;
  gint64        data_version;
  gint64        data_version_checked;
};

G_DEFINE_FINAL_TYPE (BounceHistory, bounce_history, G_TYPE_OBJECT)

void
bounce_suppression_free (BounceSuppression *suppression)
{
  if (suppression == NULL)
    return;

  g_free (suppression->address);
  g_free (suppression->category);
  g_free (suppression->reason);
  g_free (suppression->source);
  g_free (suppression);
}

static BounceSuppression *
suppression_copy (const BounceSuppression *suppression)
{
  BounceSuppression *copy = g_memdup2 (suppression, sizeof *suppression);

  copy->address = g_strdup (suppression->address);
  copy->category = g_strdup (suppression->category);
  copy->reason = g_strdup (suppression->reason);
  copy->source = g_strdup (suppression->source);

  return copy;
}

char *
bounce_history_dup_date (gint64 unix_time)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_local (unix_time);

  /* TRANSLATORS: date of a suppression entry or of a choice to keep an
   * address, "2 Nov 2026" */
  return bounce_format_date (date, _("%-d %b %Y"));
}

char *
bounce_suppression_dup_since (const BounceSuppression *suppression)
{
  g_return_val_if_fail (suppression != NULL, NULL);

  return bounce_history_dup_date (suppression->since);
}

/* "hard bounce 5.1.1"; an imported entry names its file only with
 * @with_source, for a list that has no column for it. */
static char *
dup_cause (const BounceSuppression *suppression,
           gboolean                 with_source)
{
  /* A reason id such as "mailbox-unknown" only repeats the category in
   * a machine's words; the export keeps it, and a status code stays. */
  const char *reason = bounce_reason_get_description (suppression->reason) != NULL ? "" : suppression->reason;
  char *cause;

  if (g_str_equal (suppression->category, "hard"))
    cause = g_strdup_printf (_("hard bounce %s"), reason);
  else if (g_str_equal (suppression->category, "complaint"))
    cause = g_strdup_printf (_("spam complaint %s"), reason);
  else if (g_str_equal (suppression->category, "imported") && with_source && suppression->reason[0] != '\0')
    /* TRANSLATORS: the file an entry was imported from, then the reason
     * the other tool gave: "imported from bounces.csv (550 5.1.1 no such user)" */
    cause = g_strdup_printf (_("imported from %s (%s)"), suppression->source, suppression->reason);
  else if (g_str_equal (suppression->category, "imported") && with_source)
    /* TRANSLATORS: the file an entry was imported from */
    cause = g_strdup_printf (_("imported from %s"), suppression->source);
  else if (g_str_equal (suppression->category, "imported") && suppression->reason[0] != '\0')
    /* TRANSLATORS: the other tool's reason follows, "imported: unsubscribed" */
    cause = g_strdup_printf (_("imported: %s"), suppression->reason);
  else if (g_str_equal (suppression->category, "imported"))
    cause = g_strdup (_("imported"));
  else if (g_str_equal (suppression->category, "soft-limit"))
    /* TRANSLATORS: the soft-bounce rule's verdict follows, "repeated soft
     * bounces, 3 soft bounces between 2 and 16 November 2026" */
    cause = g_strdup_printf (_("repeated soft bounces, %s"), suppression->reason);
  else
    cause = g_strdup_printf (_("added by hand %s"), reason);

  return g_strchomp (cause);
}

char *
bounce_suppression_dup_cause (const BounceSuppression *suppression)
{
  g_return_val_if_fail (suppression != NULL, NULL);

  return dup_cause (suppression, FALSE);
}

char *
bounce_suppression_dup_description (const BounceSuppression *suppression)
{
  g_autofree char *date = NULL;
  g_autofree char *cause = NULL;

  g_return_val_if_fail (suppression != NULL, NULL);

  date = bounce_suppression_dup_since (suppression);
  cause = dup_cause (suppression, TRUE);

  return g_strdup_printf (_("suppressed since %s: %s"), date, cause);
}

void
bounce_history_verdict_clear (BounceHistoryVerdict *verdict)
{
  g_return_if_fail (verdict != NULL);

  g_clear_pointer (&verdict->first, g_date_time_unref);
  g_clear_pointer (&verdict->last, g_date_time_unref);
  g_clear_pointer (&verdict->text, g_free);
  memset (verdict, 0, sizeof *verdict);
}

/* Errors */

/* Turns an SQLite failure into a BOUNCE_ERROR with what to do next. */
static void
set_sqlite_error (GError     **error,
                  const char  *path,
                  int          code,
                  const char  *detail)
{
  switch (code & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NO_SPACE,
                   _("The disk holding the history database “%s” is full. Free some space on it."), path);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRITE,
                   _("The history database “%s” cannot be written (%s). Make the file and its "
                     "folder writable."), path, detail);
      break;

    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE,
                   _("The history database “%s” is damaged or is not a Bounce database (%s). "
                     "Move it away to start a new history."),
                   path, detail);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_FAILED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The history database “%s” stayed locked by another program for %d second. "
                                "Try again when the other scan has finished.",
                                "The history database “%s” stayed locked by another program for %d seconds. "
                                "Try again when the other scan has finished.",
                                BUSY_TIMEOUT_MS / 1000),
                   path, BUSY_TIMEOUT_MS / 1000);
      break;

    default:
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_FAILED,
                   _("The history database “%s” failed: %s."), path, detail);
      break;
    }
}

static gboolean
is_damage_code (int code)
{
  return (code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB;
}

/* Keeps the first failure with @code that shows the file damaged, for
 * bounce_history_check_intact(). SQLite checks a page only when it reads
 * it, so a file damaged past the pages read at opening fails later. */
static void
note_damage (BounceHistory *self,
             int            code,
             const char    *detail)
{
  GError *damage = NULL;

  if (!is_damage_code (code) || g_atomic_pointer_get (&self->damage_error) != NULL)
    return;

  set_sqlite_error (&damage, self->path, code, detail);
  if (g_atomic_pointer_compare_and_exchange (&self->damage_error, NULL, damage))
    g_debug ("%s", damage->message);
  else
    g_error_free (damage);
}

static gboolean
fail (BounceHistory  *self,
      int             code,
      GError        **error)
{
  note_damage (self, code, sqlite3_errmsg (self->db));
  set_sqlite_error (error, self->path, code, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec_sql (BounceHistory  *self,
          const char     *sql,
          GError        **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      note_damage (self, rc, message ? message : sqlite3_errstr (rc));
      set_sqlite_error (error, self->path, rc, message ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

static gboolean ensure_suppressed (BounceHistory  *self,
                                   GError        **error);

/* Warns about a failure to read the lists that a lookup met, unless it
 * shows the file damaged: bounce_history_check_intact() returns that
 * failure to the caller, which reports it. */
static void
warn_read_failure (const GError *error)
{
  if (!g_error_matches (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE))
    g_warning ("%s", error->message);
}

/* Ends the read transaction of _bounce_history_begin_read(), if one is
 * open, so that a write can begin its own; called with the lock held. */
static void
end_read_locked (BounceHistory *self)
{
  if (!self->read_transaction)
    return;

  self->read_transaction = FALSE;
  if (!exec_sql (self, "COMMIT", NULL))
    exec_sql (self, "ROLLBACK", NULL);
}

BounceHistoryRead *
_bounce_history_begin_read (BounceHistory *self)
{
  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), NULL);

  g_mutex_lock (&self->mutex);
  if (!self->read_transaction && sqlite3_get_autocommit (self->db) && exec_sql (self, "BEGIN", NULL))
    {
      /* The lookups in the transaction trust the suppression list loaded
       * now, in its snapshot. A failure leaves it unloaded, and each
       * lookup then tries again and reports it. */
      self->data_version_checked = 0;
      ensure_suppressed (self, NULL);
      self->read_transaction = TRUE;
    }
  g_mutex_unlock (&self->mutex);

  return (BounceHistoryRead *) g_object_ref (self);
}

void
_bounce_history_end_read (BounceHistoryRead *read)
{
  BounceHistory *self = (BounceHistory *) read;

  g_return_if_fail (BOUNCE_IS_HISTORY (self));

  g_mutex_lock (&self->mutex);
  end_read_locked (self);
  g_mutex_unlock (&self->mutex);
  g_object_unref (self);
}

/* Commits the transaction a scan left open, and ends a read transaction;
 * called with the lock held before each write. */
static gboolean
flush_locked (BounceHistory  *self,
              GError        **error)
{
  end_read_locked (self);

  if (!self->scan_transaction)
    return TRUE;

  self->scan_transaction = FALSE;
  self->scan_pending = 0;
  g_clear_pointer (&self->suppressed, g_hash_table_unref);

  if (!exec_sql (self, "COMMIT", error))
    {
      exec_sql (self, "ROLLBACK", NULL);
      return FALSE;
    }

  return TRUE;
}

static sqlite3_stmt *
prepare (BounceHistory  *self,
         const char     *sql,
         GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      fail (self, rc, error);
      return NULL;
    }

  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  sqlite3_bind_text (stmt, index, text ? text : "", -1, SQLITE_TRANSIENT);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text ? text : "";
}

/* Opening and migrating */

char *
bounce_history_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), APP_ID, "history.db", NULL);
}

/* Creates the file with mode 0600 before SQLite opens it: SQLite would
 * create it with the umask's mode, readable by others, and gives its WAL
 * and shared-memory files the database file's mode. */
static gboolean
create_file (const char  *path,
             GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  GStatBuf info;
  gboolean exists = g_stat (path, &info) == 0;
  int fd;

  /* SQLite reports a device such as /dev/null as a "disk I/O error", and
   * opening a folder fails with "Is a directory": name the problem. */
  if (exists && S_ISDIR (info.st_mode))
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                   _("The history database “%s” is a folder, not a file. Give the name of a file, "
                     "such as a new name inside that folder."), path);
      return FALSE;
    }
  if (exists && !S_ISREG (info.st_mode))
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                   _("The history database “%s” is not a regular file, but a device, a pipe or a "
                     "socket."), path);
      return FALSE;
    }

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOSPC)
        {
          set_sqlite_error (error, path, SQLITE_FULL, g_strerror (saved_errno));
          return FALSE;
        }
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRITE,
                   _("Could not create the folder “%s” for the history database: %s. "
                     "Make its parent folder writable."),
                   folder, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      /* No change of permissions helps on a read-only file system or for
       * an immutable file (EPERM, chattr +i). */
      if (saved_errno == ENOSPC)
        set_sqlite_error (error, path, SQLITE_FULL, g_strerror (saved_errno));
      else if (g_file_test (path, G_FILE_TEST_EXISTS) && (saved_errno == EROFS || saved_errno == EPERM))
        g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRITE,
                     _("Could not open the history database “%s” for writing: %s. To record "
                       "bounces, copy it to a folder that can be written and name the copy with "
                       "--db or in Preferences."),
                     path, g_strerror (saved_errno));
      else if (g_file_test (path, G_FILE_TEST_EXISTS))
        g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRITE,
                     _("Could not open the history database “%s” for writing: %s. Make the file "
                       "and its folder writable."),
                     path, g_strerror (saved_errno));
      else
        g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRITE,
                     _("Could not create the history database “%s”: %s. Make its folder writable."),
                     path, g_strerror (saved_errno));
      return FALSE;
    }

  g_close (fd, NULL);

  return TRUE;
}

static gboolean
read_user_version (BounceHistory  *self,
                   int            *version,
                   GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "PRAGMA user_version", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return fail (self, rc, error);

  *version = sqlite3_column_int (stmt, 0);

  return TRUE;
}

/* Whether @path is on a file system mounted read-only (ST_RDONLY). */
static gboolean
is_on_read_only_file_system (const char *path)
{
  struct statvfs info;

  return statvfs (path, &info) == 0 && (info.f_flag & ST_RDONLY) != 0;
}

/* Whether @path can be opened as immutable: its file system is
 * read-only, or this process cannot write its folder, where SQLite would
 * create the -shm file that reading a WAL file needs. A write to a WAL
 * file goes through its -wal file, so without one beside it (or with a
 * file that cannot be written) no program of this user changes it.
 * NOTE: another user, such as root, still could while it is read. */
static gboolean
can_open_immutable (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  return is_on_read_only_file_system (path) ||
         (g_access (folder, W_OK) != 0 &&
          (g_access (path, W_OK) != 0 || !g_file_test (wal, G_FILE_TEST_EXISTS)));
}

/* An SQLite URI (https://www.sqlite.org/uri.html) that opens @path as
 * immutable: SQLite then takes no locks and needs no -shm file. */
static char *
dup_immutable_uri (const char *path)
{
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);

  return g_strdup_printf ("file:%s?immutable=1", escaped);
}

/* Runs the migrations from the file's version up to @target, each in its
 * own transaction together with its user_version, so a crash leaves the
 * file at one version or the next. The version is read inside the
 * transaction: two programs that create the file at once then migrate it
 * once, one after the other. */
static gboolean
migrate (BounceHistory  *self,
         int             target,
         GError        **error)
{
  int version = 0;

  for (;;)
    {
      g_autofree char *set_version = NULL;

      if (!exec_sql (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!read_user_version (self, &version, error))
        {
          exec_sql (self, "ROLLBACK", NULL);
          return FALSE;
        }

      if (version > SCHEMA_VERSION)
        {
          exec_sql (self, "ROLLBACK", NULL);
          g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE,
                       _("The history database “%s” has schema version %d, written by a newer "
                         "version of Bounce that knows %d. Update Bounce."), self->path, version, SCHEMA_VERSION);
          return FALSE;
        }

      if (version >= target)
        break;

      g_debug ("migrating %s from schema version %d", self->path, version);
      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!exec_sql (self, migrations[version], error) ||
          !exec_sql (self, set_version, error) ||
          !exec_sql (self, "COMMIT", error))
        {
          exec_sql (self, "ROLLBACK", NULL);
          return FALSE;
        }
    }

  if (!exec_sql (self, "COMMIT", error))
    {
      exec_sql (self, "ROLLBACK", NULL);
      return FALSE;
    }

  self->schema_version = version;

  return TRUE;
}

/* PRAGMA application_id of a Bounce history, "Bnce" in ASCII: the
 * SQLite file format's field for the application that owns the file
 * (https://www.sqlite.org/fileformat.html#application_id). Histories of
 * versions before it have 0. */
#define BOUNCE_APPLICATION_ID 0x426e6365

/* Rejects another program's SQLite file, so that opening it never adds
 * Bounce's tables to it or switches it to WAL. A file is Bounce's when
 * it has Bounce's application_id, or an application_id of 0 and either
 * no table or Bounce's first tables (a history of an older version).
 * Sets *@mark when the file should get the application_id. */
static gboolean
check_owner (BounceHistory  *self,
             gboolean       *mark,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 application_id;
  int n_tables;
  int n_own_tables;
  int rc;

  *mark = FALSE;
  stmt = prepare (self, "SELECT (SELECT application_id FROM pragma_application_id), "
                        "(SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'), "
                        "(SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                        "AND name IN ('messages', 'bounces', 'suppression'))", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return fail (self, rc, error);

  application_id = sqlite3_column_int64 (stmt, 0);
  n_tables = sqlite3_column_int (stmt, 1);
  n_own_tables = sqlite3_column_int (stmt, 2);
  if (application_id == BOUNCE_APPLICATION_ID)
    return TRUE;

  if (application_id == 0 && (n_tables == 0 || n_own_tables == 3))
    {
      *mark = TRUE;
      return TRUE;
    }

  g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
               _("The file “%s” is another program’s SQLite database, not a Bounce history: it has "
                 "tables, but not Bounce’s, so Bounce leaves it unchanged."),
               self->path);

  return FALSE;
}

static gboolean
open_database (BounceHistory  *self,
               int             target,
               GError        **error)
{
  gboolean mark = FALSE;
  g_autoptr(sqlite3_stmt) mode = NULL;
  int rc;

  if (!create_file (self->path, error))
    return FALSE;

  /* FULLMUTEX serializes the calls of scan workers on the connection. */
  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->path, rc,
                        self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }

  /* SQLite opens a write-protected file read-only without a word. */
  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      set_sqlite_error (error, self->path, SQLITE_READONLY, g_strerror (EACCES));
      return FALSE;
    }

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 1);

  if (!check_owner (self, &mark, error))
    return FALSE;

  /* WAL lets the app read while a scan writes; with synchronous=NORMAL a
   * commit survives a crash of the program, and only a power cut may lose
   * the last transactions, never the file's consistency. */
  for (guint waited_ms = 0;; waited_ms += JOURNAL_RETRY_MS)
    {
      mode = prepare (self, "PRAGMA journal_mode = WAL", error);
      if (mode == NULL)
        return FALSE;

      rc = sqlite3_step (mode);
      if (rc == SQLITE_ROW)
        break;

      /* When two programs switch a new file to WAL at once, SQLite returns
       * SQLITE_BUSY to one without calling the busy handler, because waiting
       * could deadlock (sqlite3_busy_handler documentation). Retry instead. */
      if ((rc & 0xff) != SQLITE_BUSY || waited_ms >= BUSY_TIMEOUT_MS)
        return fail (self, rc, error);

      g_clear_pointer (&mode, sqlite3_finalize);
      g_usleep (JOURNAL_RETRY_MS * 1000);
    }
  if (g_ascii_strcasecmp (column_text (mode, 0), "wal") != 0)
    g_debug ("%s: journal mode %s, not WAL", self->path, column_text (mode, 0));
  /* A statement left open would hold a read lock through the migration. */
  g_clear_pointer (&mode, sqlite3_finalize);

  if (!exec_sql (self, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL", error))
    return FALSE;

  if (!migrate (self, target, error))
    return FALSE;

  if (mark)
    return exec_sql (self, "PRAGMA application_id = " G_STRINGIFY (BOUNCE_APPLICATION_ID), error);

  return TRUE;
}

/* Opens the existing file at self->path without writing anything: no
 * WAL switch, no pragma that writes, no migration. A file in WAL mode
 * needs its -shm file, which SQLite cannot create on a read-only file
 * system or in a folder this process cannot write. There the file is
 * opened as immutable (see can_open_immutable()), which is safe when no
 * other program writes to it either.
 * NOTE: an immutable open ignores a -wal file, so transactions that a
 * crash left in it without a -shm file beside it are not read. */
static gboolean
open_database_read_only (BounceHistory  *self,
                         GError        **error)
{
  g_autoptr(GError) version_error = NULL;
  g_autofree char *uri = NULL;
  int version = 0;
  int rc;

  rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
      sqlite3_extended_result_codes (self->db, 1);
      if (read_user_version (self, &version, &version_error))
        goto opened;
    }

  g_clear_pointer (&self->db, sqlite3_close);
  if (!can_open_immutable (self->path))
    {
      if (version_error != NULL)
        g_propagate_error (error, g_steal_pointer (&version_error));
      else
        set_sqlite_error (error, self->path, rc, sqlite3_errstr (rc));
      return FALSE;
    }

  uri = dup_immutable_uri (self->path);
  rc = sqlite3_open_v2 (uri, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->path, rc, self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 1);
  if (!read_user_version (self, &version, error))
    return FALSE;

opened:
  {
    gboolean mark = FALSE;

    if (!check_owner (self, &mark, error))
      return FALSE;
  }

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE,
                   _("The history database “%s” has schema version %d, written by a newer "
                     "version of Bounce that knows %d. Update Bounce."), self->path, version, SCHEMA_VERSION);
      return FALSE;
    }
  if (version < SCHEMA_VERSION)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_UNREADABLE,
                   _("The history database “%s” has schema version %d and must be updated to "
                     "version %d before it can be read, but an update writes to the file, which "
                     "can only be opened read-only. Make the file and its folder writable once."),
                   self->path, version, SCHEMA_VERSION);
      return FALSE;
    }

  self->schema_version = version;
  self->read_only = TRUE;

  return TRUE;
}

static void
bounce_history_finalize (GObject *object)
{
  BounceHistory *self = BOUNCE_HISTORY (object);
  g_autoptr(GError) error = NULL;

  if (self->db != NULL && !flush_locked (self, &error))
    g_warning ("%s", error->message);

  g_clear_pointer (&self->lookup_cache, sqlite3_finalize);
  g_clear_pointer (&self->lookup_chunk, sqlite3_finalize);
  g_clear_pointer (&self->select_soft, sqlite3_finalize);
  if (self->reader != NULL)
    sqlite3_close (self->reader);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_clear_pointer (&self->suppressed, g_hash_table_unref);
  g_clear_pointer (&self->soft_addresses, g_hash_table_unref);
  g_clear_pointer (&self->soft_strings, g_string_chunk_free);
  g_clear_pointer (&self->spreading_entries, g_hash_table_unref);
  g_clear_pointer (&self->kept, g_hash_table_unref);
  g_clear_error (&self->write_error);
  g_clear_error (&self->damage_error);
  g_free (self->path);
  g_mutex_clear (&self->mutex);
  g_mutex_clear (&self->reader_mutex);

  G_OBJECT_CLASS (bounce_history_parent_class)->finalize (object);
}

static void
bounce_history_class_init (BounceHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bounce_history_finalize;
}

static void
bounce_history_init (BounceHistory *self)
{
  self->scan_commit_size = SCAN_COMMIT_FIRST;
  g_mutex_init (&self->mutex);
  g_mutex_init (&self->reader_mutex);
}

BounceHistory *
_bounce_history_open_at_version (const char  *path,
                                 int          version,
                                 GError     **error)
{
  g_autoptr(BounceHistory) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (version >= 1 && version <= SCHEMA_VERSION, NULL);

  self = g_object_new (BOUNCE_TYPE_HISTORY, NULL);
  self->path = g_strdup (path);

  if (!open_database (self, version, error))
    return NULL;

  g_debug ("opened %s at schema version %d", path, self->schema_version);

  return g_steal_pointer (&self);
}

int
_bounce_history_get_latest_schema_version (void)
{
  return SCHEMA_VERSION;
}

/* Opens the second connection, for the parse cache lookups of scan
 * workers, the way the first one was opened. */
static gboolean
open_reader (BounceHistory  *self,
             GError        **error)
{
  g_autofree char *uri = NULL;
  const char *path = self->path;
  int rc;

  if (self->read_only && can_open_immutable (path))
    uri = dup_immutable_uri (path);

  rc = sqlite3_open_v2 (uri != NULL ? uri : path, &self->reader,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | (uri != NULL ? SQLITE_OPEN_URI : 0), NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_busy_timeout (self->reader, BUSY_TIMEOUT_MS);
  /* Lookups hit random pages of a file of about 1 KB per message, which
   * the reader reads with pread(). Mapping the file cost twice the CPU
   * time on a rescan of 100,000 messages: each page fault maps 64 KB
   * around the page, and the pages had to be given back (SQLite 3.40,
   * Linux 6.18, tests/bench/bench-clean.sh). */
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (self->reader, "SELECT records, hash, stamp FROM parse_cache WHERE key = ?1",
                             -1, &self->lookup_cache, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, path, rc, self->reader ? sqlite3_errmsg (self->reader) : sqlite3_errstr (rc));
      return FALSE;
    }

  return TRUE;
}

BounceHistory *
bounce_history_open (const char  *path,
                     GError     **error)
{
  g_autoptr(BounceHistory) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = _bounce_history_open_at_version (path, SCHEMA_VERSION, error);
  if (self == NULL)
    return NULL;

  if (!open_reader (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

BounceHistory *
bounce_history_open_read_only (const char  *path,
                               GError     **error)
{
  g_autoptr(BounceHistory) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND,
                   _("The history database “%s” does not exist or is not a regular file."), path);
      return NULL;
    }

  self = g_object_new (BOUNCE_TYPE_HISTORY, NULL);
  self->path = g_strdup (path);
  if (!open_database_read_only (self, error) || !open_reader (self, error))
    return NULL;

  g_debug ("opened %s read-only at schema version %d", path, self->schema_version);

  return g_steal_pointer (&self);
}

gboolean
bounce_history_is_read_only (BounceHistory *self)
{
  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);

  return self->read_only;
}


gboolean
_bounce_history_exec (BounceHistory  *self,
                      const char     *sql,
                      GError        **error)
{
  gboolean done;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);

  g_mutex_lock (&self->mutex);
  done = flush_locked (self, error) && exec_sql (self, sql, error);
  g_mutex_unlock (&self->mutex);

  return done;
}

const char *
bounce_history_get_path (BounceHistory *self)
{
  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), NULL);

  return self->path;
}

int
bounce_history_get_schema_version (BounceHistory *self)
{
  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), 0);

  return self->schema_version;
}

const GError *
bounce_history_get_write_error (BounceHistory *self)
{
  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), NULL);

  return self->write_error;
}

gboolean
bounce_history_check_intact (BounceHistory  *self,
                             GError        **error)
{
  const GError *damage;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  damage = g_atomic_pointer_get (&self->damage_error);
  if (damage != NULL)
    {
      g_propagate_error (error, g_error_copy (damage));
      return FALSE;
    }

  return TRUE;
}

gboolean
bounce_history_check_suppression_list (BounceHistory  *history,
                                       const char     *path,
                                       const GError   *open_error,
                                       GError        **error)
{
  g_return_val_if_fail (history == NULL || BOUNCE_IS_HISTORY (history), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (history != NULL)
    return bounce_history_check_intact (history, error);

  if (open_error != NULL && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_propagate_error (error, g_error_copy (open_error));
      return FALSE;
    }

  return TRUE;
}

/* The parse cache */

/* nettle's SHA-256 uses the processor's SHA instructions where it has
 * them: on the 2-core EPYC test machine it hashes a 3.8 KB message in
 * about 4 µs, against about 26 µs for GChecksum, which would cost a
 * rescan a large share of its time. */
void
bounce_history_hash_message (const void *data,
                             gsize       length,
                             guint8      hash[BOUNCE_HISTORY_HASH_LENGTH])
{
  struct sha256_ctx context;

  sha256_init (&context);
  sha256_update (&context, length, data);
  sha256_digest (&context, BOUNCE_HISTORY_HASH_LENGTH, hash);
}

/* The parse cache's rowid for @hash: its first 8 bytes. */
static gint64
hash_key (const guint8 *hash)
{
  guint64 key = 0;

  for (guint i = 0; i < 8; i++)
    key = key << 8 | hash[i];

  return (gint64) key;
}

static void
append_field (GString    *out,
              const char *text)
{
  g_string_append_len (out, text, (gssize) strlen (text) + 1);
}

/* A parse cache entry: CACHE_FIELDS NUL-terminated UTF-8 strings per
 * record. Plain strings decode in a fraction of the time a GVariant
 * takes, and the rescan of unchanged messages spends most of its time
 * decoding. */
static GString *
encode_records (GPtrArray *records)
{
  GString *out = g_string_sized_new (1024);

  for (guint i = 0; i < records->len; i++)
    {
      const BounceRecord *record = records->pdata[i];
      g_autofree char *date = record->date ? g_date_time_format_iso8601 (record->date) : NULL;

      append_field (out, record->recipient);
      append_field (out, record->original_recipient);
      append_field (out, bounce_category_to_string (record->category));
      append_field (out, record->reason ? record->reason : "");
      append_field (out, record->status);
      append_field (out, record->reply_code);
      append_field (out, record->action);
      append_field (out, record->diagnostic);
      append_field (out, record->remote_mta);
      append_field (out, record->error);
      append_field (out, record->format);
      /* A date that could not be read for its offset is stored as
       * DATE_OFFSET_INVALID in place of the date. */
      if (date != NULL)
        append_field (out, date);
      else if (record->date_offset_invalid)
        append_field (out, DATE_OFFSET_INVALID);
      else
        append_field (out, "");
      append_field (out, record->subject);
      append_field (out, record->bounce_to);
      append_field (out, record->original_to);
      append_field (out, record->original_message_id);
      append_field (out, record->original_headers);
    }

  return out;
}


/* The time zones of stored dates by their offset text ("Z",
 * "+01:00"), as g_date_time_new_from_iso8601() makes them. A scan meets
 * a few offsets. GLib finds a zone by its identifier in a hash table
 * under a global lock, and its ISO 8601 parser does that for each date
 * that the decoding threads read. The zones live as long as the program. */
#define STORED_ZONES 16
static GMutex stored_zones_mutex;
static struct
{
  char       offset[8];
  GTimeZone *zone;
} stored_zones[STORED_ZONES];

static GTimeZone *
ref_stored_zone (const char *offset,
                 gsize       length)
{
  GTimeZone *zone = NULL;
  guint i;

  g_mutex_lock (&stored_zones_mutex);
  for (i = 0; i < STORED_ZONES && stored_zones[i].zone != NULL && zone == NULL; i++)
    if (strlen (stored_zones[i].offset) == length && memcmp (stored_zones[i].offset, offset, length) == 0)
      zone = g_time_zone_ref (stored_zones[i].zone);

  if (zone == NULL)
    {
      g_autofree char *identifier = g_strndup (offset, length);

      zone = length == 1 ? g_time_zone_new_utc () : g_time_zone_new_identifier (identifier);
      if (zone != NULL && i < STORED_ZONES)
        {
          memcpy (stored_zones[i].offset, offset, length);
          stored_zones[i].offset[length] = '\0';
          stored_zones[i].zone = g_time_zone_ref (zone);
        }
    }
  g_mutex_unlock (&stored_zones_mutex);

  return zone;
}

/* Returns the value of @length ASCII digits at @text, or -1. */
static int
parse_digits (const char *text,
              guint       length)
{
  int value = 0;

  for (guint i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return -1;
      value = value * 10 + (text[i] - '0');
    }

  return value;
}

/* Parses a date as encode_records() stores it, which
 * g_date_time_format_iso8601() wrote: "2026-11-02T10:15:00Z" or
 * "2026-11-02T10:15:00+01:00", with ".ffffff" after the seconds when
 * they have a fraction. Other forms go to GLib's general parser. */
static GDateTime *
parse_stored_date (const char *text,
                   gsize       length)
{
  g_autoptr(GTimeZone) zone = NULL;
  int year, month, day, hour, minute, second;

  if ((length != 20 && length != 25) || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
      text[13] != ':' || text[16] != ':' ||
      !(length == 20 ? text[19] == 'Z' : (text[19] == '+' || text[19] == '-') && text[22] == ':'))
    return g_date_time_new_from_iso8601 (text, NULL);

  year = parse_digits (text, 4);
  month = parse_digits (text + 5, 2);
  day = parse_digits (text + 8, 2);
  hour = parse_digits (text + 11, 2);
  minute = parse_digits (text + 14, 2);
  second = parse_digits (text + 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 ||
      (length == 25 && (parse_digits (text + 20, 2) < 0 || parse_digits (text + 23, 2) < 0)))
    return g_date_time_new_from_iso8601 (text, NULL);

  zone = ref_stored_zone (text + 19, length - 19);
  if (zone == NULL)
    return g_date_time_new_from_iso8601 (text, NULL);

  return g_date_time_new (zone, year, month, day, hour, minute, second);
}

/* The fields of a cache entry that a light decode leaves empty (see
 * bounce_scanner_set_light_records()): the server's text, the remote
 * MTA, the subject and the returned headers. */
#define LIGHT_SKIPPED_FIELDS ((1 << 7) | (1 << 8) | (1 << 12) | (1 << 16))

/* The fields of a cache entry that are string fields of a record, by
 * their place in the entry (see encode_records()). */
static const struct
{
  guint field;
  gsize offset;
} string_fields[] = {
  { 0, G_STRUCT_OFFSET (BounceRecord, recipient) },
  { 1, G_STRUCT_OFFSET (BounceRecord, original_recipient) },
  { 4, G_STRUCT_OFFSET (BounceRecord, status) },
  { 5, G_STRUCT_OFFSET (BounceRecord, reply_code) },
  { 6, G_STRUCT_OFFSET (BounceRecord, action) },
  { 7, G_STRUCT_OFFSET (BounceRecord, diagnostic) },
  { 8, G_STRUCT_OFFSET (BounceRecord, remote_mta) },
  { 9, G_STRUCT_OFFSET (BounceRecord, error) },
  { 10, G_STRUCT_OFFSET (BounceRecord, format) },
  { 12, G_STRUCT_OFFSET (BounceRecord, subject) },
  { 13, G_STRUCT_OFFSET (BounceRecord, bounce_to) },
  { 14, G_STRUCT_OFFSET (BounceRecord, original_to) },
  { 15, G_STRUCT_OFFSET (BounceRecord, original_message_id) },
  { 16, G_STRUCT_OFFSET (BounceRecord, original_headers) },
};

/* The others are the category, the reason and the date. */
G_STATIC_ASSERT (G_N_ELEMENTS (string_fields) + 3 == CACHE_FIELDS);

/* NULL when the blob does not hold valid records, so the message is
 * parsed again rather than trusted. With @light, the fields of
 * LIGHT_SKIPPED_FIELDS are neither checked nor copied. */
static GPtrArray *
decode_records (const char *data,
                gsize       length,
                const char *file,
                gint64      offset,
                guint       index,
                gboolean    light)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  const char *end = data + length;
  const char *p = data;

  if (length == 0 || data[length - 1] != '\0')
    return NULL;

  while (p < end)
    {
      /* Each string field is set below, which spares making an empty
       * string for each first: that was most of the allocations. */
      BounceRecord *record = _bounce_record_new_unset (file);
      const char *fields[CACHE_FIELDS];
      gsize lengths[CACHE_FIELDS];

      g_ptr_array_add (records, record);

      for (guint i = 0; i < CACHE_FIELDS; i++)
        {
          const char *nul = p < end ? memchr (p, '\0', (gsize) (end - p)) : NULL;

          if (nul == NULL)
            return NULL;
          if (!(light && (LIGHT_SKIPPED_FIELDS & (1 << i))) && !_bounce_parser_utf8_validate (p, (gsize) (nul - p)))
            return NULL;
          fields[i] = p;
          lengths[i] = (gsize) (nul - p);
          p = nul + 1;
        }

      record->offset = offset;
      record->index = index;
      if (!bounce_category_from_string (fields[2], &record->category))
        return NULL;
      /* Reasons are static strings; interned ones live as long. */
      record->reason = g_intern_string (fields[3]);
      if (strcmp (fields[11], DATE_OFFSET_INVALID) == 0)
        record->date_offset_invalid = TRUE;
      else if (lengths[11] > 0 && (record->date = parse_stored_date (fields[11], lengths[11])) == NULL)
        return NULL;

      for (guint i = 0; i < G_N_ELEMENTS (string_fields); i++)
        {
          guint field = string_fields[i].field;
          char **member = G_STRUCT_MEMBER_P (record, string_fields[i].offset);

          *member = light && (LIGHT_SKIPPED_FIELDS & (1 << field)) ? g_strdup ("")
                                                                   : g_memdup2 (fields[field], lengths[field] + 1);
        }
    }

  return g_steal_pointer (&records);
}

/* Copies the parse cache entry of this parser build for @hash, or
 * returns NULL; called with the reader's lock held, in a transaction. */
static char *
copy_cache_entry_locked (BounceHistory *self,
                         const guint8  *hash,
                         gsize         *length)
{
  char *entry = NULL;

  sqlite3_bind_int64 (self->lookup_cache, 1, hash_key (hash));
  if (sqlite3_step (self->lookup_cache) == SQLITE_ROW &&
      sqlite3_column_bytes (self->lookup_cache, 1) == BOUNCE_HISTORY_HASH_LENGTH &&
      memcmp (sqlite3_column_blob (self->lookup_cache, 1), hash, BOUNCE_HISTORY_HASH_LENGTH) == 0 &&
      g_str_equal (column_text (self->lookup_cache, 2), BOUNCE_PARSE_STAMP))
    {
      *length = (gsize) sqlite3_column_bytes (self->lookup_cache, 0);
      entry = g_memdup2 (sqlite3_column_blob (self->lookup_cache, 0), *length);
    }
  sqlite3_reset (self->lookup_cache);

  return entry;
}

void
_bounce_history_lookup_parse_batch (BounceHistory       *self,
                                    BounceHistoryLookup *lookups,
                                    guint                n_lookups)
{
  g_autofree char **blobs = NULL;
  g_autofree gsize *lengths = NULL;

  g_return_if_fail (BOUNCE_IS_HISTORY (self));
  g_return_if_fail (lookups != NULL || n_lookups == 0);

  if (n_lookups == 0)
    return;

  blobs = g_new0 (char *, n_lookups);
  lengths = g_new0 (gsize, n_lookups);

  /* One read transaction for the batch spares a lock of the file per
   * message. Only the copies happen under the lock; decoding runs in
   * parallel on the workers. */
  g_mutex_lock (&self->reader_mutex);
  sqlite3_exec (self->reader, "BEGIN", NULL, NULL, NULL);
  for (guint i = 0; i < n_lookups; i++)
    blobs[i] = copy_cache_entry_locked (self, lookups[i].hash, &lengths[i]);
  sqlite3_exec (self->reader, "COMMIT", NULL, NULL, NULL);
  g_mutex_unlock (&self->reader_mutex);

  for (guint i = 0; i < n_lookups; i++)
    {
      if (blobs[i] == NULL)
        continue;

      lookups[i].records = decode_records (blobs[i], lengths[i], lookups[i].file,
                                           lookups[i].offset, lookups[i].index, FALSE);
      g_free (blobs[i]);
    }
}

guint
_bounce_history_copy_parse_entries (BounceHistory  *self,
                                    const guint8   *hashes,
                                    guint           n_hashes,
                                    GBytes        **entries)
{
  guint n_found = 0;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), 0);
  g_return_val_if_fail (hashes != NULL || n_hashes == 0, 0);

  g_mutex_lock (&self->reader_mutex);
  sqlite3_exec (self->reader, "BEGIN", NULL, NULL, NULL);
  for (guint i = 0; i < n_hashes; i++)
    {
      gsize length = 0;
      char *entry = copy_cache_entry_locked (self, hashes + (gsize) i * BOUNCE_HISTORY_HASH_LENGTH, &length);

      entries[i] = entry != NULL ? g_bytes_new_take (entry, length) : NULL;
      if (entry != NULL)
        n_found++;
    }
  sqlite3_exec (self->reader, "COMMIT", NULL, NULL, NULL);
  g_mutex_unlock (&self->reader_mutex);

  return n_found;
}

GPtrArray *
_bounce_history_decode_parse_entry (GBytes     *entry,
                                    const char *file,
                                    gint64      offset,
                                    guint       index,
                                    gboolean    light)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (entry, &length);

  return decode_records (data, length, file, offset, index, light);
}

/* A chunk holds, for each message in file order, its hash
 * (BOUNCE_HISTORY_HASH_LENGTH bytes), the length of its parse cache entry
 * (4 bytes, big-endian) and the entry. The hashes let a reader check each
 * entry against the message list of the mbox_files row, whatever happened
 * between the writes of the two. */
#define CHUNK_PREFIX_LENGTH (BOUNCE_HISTORY_HASH_LENGTH + 4)

void
_bounce_history_append_chunk_entry (GByteArray   *chunk,
                                    const guint8 *hash,
                                    GPtrArray    *records,
                                    GBytes       *entry)
{
  g_autoptr(GString) encoded = NULL;
  const void *data;
  gsize length = 0;
  guint8 prefix[4];

  g_return_if_fail (chunk != NULL);
  g_return_if_fail (hash != NULL);
  g_return_if_fail (records != NULL || entry != NULL);

  if (entry != NULL)
    data = g_bytes_get_data (entry, &length);
  else
    {
      encoded = encode_records (records);
      data = encoded->str;
      length = encoded->len;
    }

  g_return_if_fail (length <= G_MAXUINT32);

  for (guint i = 0; i < 4; i++)
    prefix[i] = (guint8) (length >> (24 - 8 * i));
  g_byte_array_append (chunk, hash, BOUNCE_HISTORY_HASH_LENGTH);
  g_byte_array_append (chunk, prefix, sizeof prefix);
  g_byte_array_append (chunk, data, (guint) length);
}

GBytes *
_bounce_history_chunk_next_entry (GBytes        *chunk,
                                  gsize         *position,
                                  const guint8 **hash)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (chunk, &length);
  const guint8 *prefix;
  gsize entry_length = 0;

  g_return_val_if_fail (position != NULL && *position <= length, NULL);
  g_return_val_if_fail (hash != NULL, NULL);

  if (length - *position < CHUNK_PREFIX_LENGTH)
    return NULL;

  prefix = data + *position;
  for (guint i = 0; i < 4; i++)
    entry_length = entry_length << 8 | prefix[BOUNCE_HISTORY_HASH_LENGTH + i];
  if (length - *position - CHUNK_PREFIX_LENGTH < entry_length)
    return NULL;

  *hash = prefix;
  *position += CHUNK_PREFIX_LENGTH + entry_length;

  return g_bytes_new_from_bytes (chunk, (gsize) (prefix - data) + CHUNK_PREFIX_LENGTH, entry_length);
}

/* Binds the folder and the name of the absolute @path to the parameters
 * 1 and 2, and @stamp to 3 to 7, in the column order of the files and
 * mbox_files tables. */
static void
bind_file (sqlite3_stmt          *stmt,
           const char            *path,
           const BounceFileStamp *stamp)
{
  const char *slash = strrchr (path, '/');

  g_assert (slash != NULL);

  sqlite3_bind_text (stmt, 1, path, slash > path ? (int) (slash - path) : 1, SQLITE_TRANSIENT);
  bind_text (stmt, 2, slash + 1);
  if (stamp == NULL)
    return;

  sqlite3_bind_int64 (stmt, 3, (gint64) stamp->device);
  sqlite3_bind_int64 (stmt, 4, (gint64) stamp->inode);
  sqlite3_bind_int64 (stmt, 5, stamp->size);
  sqlite3_bind_int64 (stmt, 6, stamp->mtime_ns);
  sqlite3_bind_int64 (stmt, 7, stamp->ctime_ns);
}

GBytes *
_bounce_history_copy_mbox_chunk (BounceHistory *self,
                                 const char    *path,
                                 guint          first)
{
  GBytes *chunk = NULL;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), NULL);
  g_return_val_if_fail (path != NULL && g_path_is_absolute (path), NULL);

  g_mutex_lock (&self->reader_mutex);

  /* A history opened at an older schema version has no chunks. */
  if (self->lookup_chunk == NULL && self->reader != NULL && self->schema_version >= 8 &&
      sqlite3_prepare_v2 (self->reader, "SELECT entries, stamp FROM mbox_chunks "
                                        "WHERE folder = ?1 AND name = ?2 AND first = ?3",
                          -1, &self->lookup_chunk, NULL) != SQLITE_OK)
    g_debug ("%s: %s", self->path, sqlite3_errmsg (self->reader));

  if (self->lookup_chunk != NULL)
    {
      bind_file (self->lookup_chunk, path, NULL);
      sqlite3_bind_int64 (self->lookup_chunk, 3, first);
      if (sqlite3_step (self->lookup_chunk) == SQLITE_ROW &&
          g_str_equal (column_text (self->lookup_chunk, 1), BOUNCE_PARSE_STAMP))
        chunk = g_bytes_new (sqlite3_column_blob (self->lookup_chunk, 0),
                             (gsize) sqlite3_column_bytes (self->lookup_chunk, 0));
      sqlite3_reset (self->lookup_chunk);
      sqlite3_clear_bindings (self->lookup_chunk);
    }

  g_mutex_unlock (&self->reader_mutex);

  return chunk;
}

static void
history_file_free (BounceHistoryFile *file)
{
  g_clear_pointer (&file->messages, g_bytes_unref);
  g_free (file);
}

/* Reads a row of "SELECT name, device, inode, size, mtime, ctime, x"
 * into @files, where x is the hash of a single-message file or the
 * message list of an mbox. */
static void
add_file_row (GHashTable   *files,
              sqlite3_stmt *stmt,
              gboolean      is_mbox)
{
  const guint8 *data = sqlite3_column_blob (stmt, 6);
  gsize length = (gsize) sqlite3_column_bytes (stmt, 6);
  BounceHistoryFile *file;

  if (is_mbox ? length == 0 || length % BOUNCE_HISTORY_MBOX_ENTRY_LENGTH != 0
              : length != BOUNCE_HISTORY_HASH_LENGTH)
    return;

  file = g_new0 (BounceHistoryFile, 1);
  file->stamp.device = (guint64) sqlite3_column_int64 (stmt, 1);
  file->stamp.inode = (guint64) sqlite3_column_int64 (stmt, 2);
  file->stamp.size = sqlite3_column_int64 (stmt, 3);
  file->stamp.mtime_ns = sqlite3_column_int64 (stmt, 4);
  file->stamp.ctime_ns = sqlite3_column_int64 (stmt, 5);
  if (is_mbox)
    file->messages = g_bytes_new (data, length);
  else
    memcpy (file->hash, data, BOUNCE_HISTORY_HASH_LENGTH);
  g_hash_table_replace (files, g_strdup (column_text (stmt, 0)), file);
}

GHashTable *
_bounce_history_load_files (BounceHistory *self,
                            const char    *folder)
{
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) history_file_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), NULL);
  g_return_val_if_fail (folder != NULL, NULL);

  g_mutex_lock (&self->reader_mutex);

  sqlite3_exec (self->reader, "BEGIN", NULL, NULL, NULL);

  /* A history opened at an older schema version lacks the tables, and
   * then every file is read. */
  for (guint table = 0; table < 2; table++)
    {
      gboolean is_mbox = table == 1;

      rc = sqlite3_prepare_v2 (self->reader,
                               is_mbox ? "SELECT name, device, inode, size, mtime, ctime, messages "
                                         "FROM mbox_files WHERE folder = ?1"
                                       : "SELECT name, device, inode, size, mtime, ctime, hash "
                                         "FROM files WHERE folder = ?1",
                               -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_text (stmt, 1, folder, -1, SQLITE_STATIC);
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            add_file_row (files, stmt, is_mbox);
        }
      if (rc != SQLITE_DONE)
        g_debug ("%s: reading the recorded files of %s failed: %s", self->path, folder,
                 sqlite3_errmsg (self->reader));
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  sqlite3_exec (self->reader, "COMMIT", NULL, NULL, NULL);
  g_mutex_unlock (&self->reader_mutex);

  return g_steal_pointer (&files);
}

GHashTable *
_bounce_history_load_mailbox_messages (BounceHistory *self,
                                       const char    *account,
                                       const char    *folder,
                                       guint32        uidvalidity)
{
  g_autoptr(GHashTable) messages = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), NULL);
  g_return_val_if_fail (account != NULL && folder != NULL, NULL);

  g_mutex_lock (&self->reader_mutex);
  sqlite3_exec (self->reader, "BEGIN", NULL, NULL, NULL);

  /* A history opened at an older schema version has no such table, and
   * then every message is fetched. */
  rc = sqlite3_prepare_v2 (self->reader,
                           "SELECT uid, hash FROM mailbox_messages "
                           "WHERE account = ?1 AND folder = ?2 AND uidvalidity = ?3",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, account, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, folder, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, uidvalidity);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const guint8 *hash = sqlite3_column_blob (stmt, 1);
          gboolean cached;

          if (sqlite3_column_bytes (stmt, 1) != BOUNCE_HISTORY_HASH_LENGTH)
            continue;

          /* Only a message whose records this parser build cached can be
           * taken without fetching it. */
          sqlite3_bind_int64 (self->lookup_cache, 1, hash_key (hash));
          cached = sqlite3_step (self->lookup_cache) == SQLITE_ROW &&
                   sqlite3_column_bytes (self->lookup_cache, 1) == BOUNCE_HISTORY_HASH_LENGTH &&
                   memcmp (sqlite3_column_blob (self->lookup_cache, 1), hash, BOUNCE_HISTORY_HASH_LENGTH) == 0 &&
                   g_str_equal (column_text (self->lookup_cache, 2), BOUNCE_PARSE_STAMP);
          sqlite3_reset (self->lookup_cache);

          if (cached)
            g_hash_table_insert (messages, GUINT_TO_POINTER ((guint32) sqlite3_column_int64 (stmt, 0)),
                                 g_memdup2 (hash, BOUNCE_HISTORY_HASH_LENGTH));
        }
    }
  if (rc != SQLITE_DONE)
    g_debug ("%s: reading the recorded messages of %s %s failed: %s", self->path, account, folder,
             sqlite3_errmsg (self->reader));
  sqlite3_finalize (stmt);

  sqlite3_exec (self->reader, "COMMIT", NULL, NULL, NULL);
  g_mutex_unlock (&self->reader_mutex);

  return g_steal_pointer (&messages);
}

/* Recording bounces */

/* Records of these categories describe an address's mail and are kept;
 * ordinary messages and unreadable files are not bounces of anyone. */
static gboolean
is_recorded (const BounceRecord *record)
{
  return record->recipient[0] != '\0' &&
         record->category != BOUNCE_CATEGORY_NOT_BOUNCE &&
         record->category != BOUNCE_CATEGORY_UNREADABLE;
}

typedef struct
{
  sqlite3_stmt *insert_message;
  sqlite3_stmt *insert_cache;
  sqlite3_stmt *insert_bounce;
  sqlite3_stmt *suppress_bounce;
  sqlite3_stmt *insert_file;
  sqlite3_stmt *delete_mbox_file;
  sqlite3_stmt *delete_mbox_chunks;
  sqlite3_stmt *insert_mailbox_message;
  /* Prepared on first use, for a message judged again (rejudge_message()). */
  sqlite3_stmt *select_cache_stamp;
  sqlite3_stmt *insert_judged_suppression;
  sqlite3_stmt *mark_kept;
} WriteStatements;

static void
write_statements_clear (WriteStatements *statements)
{
  g_clear_pointer (&statements->insert_message, sqlite3_finalize);
  g_clear_pointer (&statements->insert_cache, sqlite3_finalize);
  g_clear_pointer (&statements->insert_bounce, sqlite3_finalize);
  g_clear_pointer (&statements->suppress_bounce, sqlite3_finalize);
  g_clear_pointer (&statements->insert_file, sqlite3_finalize);
  g_clear_pointer (&statements->delete_mbox_file, sqlite3_finalize);
  g_clear_pointer (&statements->delete_mbox_chunks, sqlite3_finalize);
  g_clear_pointer (&statements->insert_mailbox_message, sqlite3_finalize);
  g_clear_pointer (&statements->select_cache_stamp, sqlite3_finalize);
  g_clear_pointer (&statements->insert_judged_suppression, sqlite3_finalize);
  g_clear_pointer (&statements->mark_kept, sqlite3_finalize);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WriteStatements, write_statements_clear)

static gboolean
write_statements_prepare (BounceHistory    *self,
                          WriteStatements  *statements,
                          GError          **error)
{
  statements->insert_message =
    prepare (self, "INSERT OR IGNORE INTO messages (hash, path, size, first_seen) "
                   "VALUES (?1, ?2, ?3, ?4)", error);
  if (statements->insert_message == NULL)
    return FALSE;

  statements->insert_cache =
    prepare (self, "INSERT OR REPLACE INTO parse_cache (key, hash, stamp, records) VALUES (?4, ?1, ?2, ?3)", error);
  if (statements->insert_cache == NULL)
    return FALSE;

  statements->insert_bounce =
    prepare (self, "INSERT INTO bounces (hash, position, address, date, day, category, reason, "
                   "status, reply_code, diagnostic, original_message_id, path, action, remote_mta, "
                   "mbox_offset, mbox_index, utc_offset, date_error) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)", error);
  if (statements->insert_bounce == NULL)
    return FALSE;

  /* A new hard bounce reactivates an entry a person removed: the address
   * failed again after the removal. A bounce dated before a person's
   * keep leaves the address off the list (KEPT_STATUS). */
  statements->suppress_bounce =
    prepare (self, self->schema_version >= KEPT_SCHEMA_VERSION
                   ? "INSERT INTO suppression (address, category, reason, source, status, since, "
                     "changed, bounce_id) VALUES (?1, ?2, ?3, ?4, " KEPT_STATUS ", ?5, ?5, ?6) "
                     "ON CONFLICT (address) DO UPDATE SET category = excluded.category, "
                     "reason = excluded.reason, source = excluded.source, status = excluded.status, "
                     "since = excluded.since, changed = excluded.changed, "
                     "bounce_id = excluded.bounce_id WHERE status = 'removed'"
                   : "INSERT INTO suppression (address, category, reason, source, status, since, "
                     "changed, bounce_id) VALUES (?1, ?2, ?3, ?4, 'active', ?5, ?5, ?6) "
                     "ON CONFLICT (address) DO UPDATE SET category = excluded.category, "
                     "reason = excluded.reason, source = excluded.source, status = 'active', "
                     "since = excluded.since, changed = excluded.changed, "
                     "bounce_id = excluded.bounce_id WHERE status = 'removed'", error);
  if (statements->suppress_bounce == NULL)
    return FALSE;

  statements->insert_file =
    prepare (self, "INSERT OR REPLACE INTO files (folder, name, device, inode, size, mtime, ctime, hash) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);

  return statements->insert_file != NULL;
}

static int
step_done (sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Runs MARK_KEPT_UNSUPPRESSED for @address; a history without the kept
 * table has nothing to mark. */
static int
mark_kept_unsuppressed (BounceHistory   *self,
                        WriteStatements *statements,
                        const char      *address)
{
  if (self->schema_version < KEPT_SCHEMA_VERSION)
    return SQLITE_OK;

  if (statements->mark_kept == NULL)
    statements->mark_kept = prepare (self, MARK_KEPT_UNSUPPRESSED, NULL);
  if (statements->mark_kept == NULL)
    return SQLITE_ERROR;

  bind_text (statements->mark_kept, 1, address);

  return step_done (statements->mark_kept);
}

/* Puts @address on the suppression list for the hard bounce or
 * complaint @record, stored as the bounce @bounce_id. */
static int
suppress_bounce_address (BounceHistory      *self,
                         WriteStatements    *statements,
                         const char         *address,
                         const BounceRecord *record,
                         gint64              since,
                         gint64              bounce_id)
{
  sqlite3_stmt *stmt = statements->suppress_bounce;
  int rc;

  bind_text (stmt, 1, address);
  bind_text (stmt, 2, bounce_category_to_string (record->category));
  bind_text (stmt, 3, record->status[0] != '\0' ? record->status : record->reason);
  bind_text (stmt, 4, record->file);
  sqlite3_bind_int64 (stmt, 5, since);
  sqlite3_bind_int64 (stmt, 6, bounce_id);

  rc = step_done (stmt);
  if (rc != SQLITE_OK)
    return rc;

  return mark_kept_unsuppressed (self, statements, address);
}

/* Puts @address on the suppression list for the hard bounce or
 * complaint @record, stored as the bounce @bounce_id, unless it has an
 * entry, whatever its status. A message judged again is no new bounce,
 * so it must not bring back an entry a person removed. */
static int
add_judged_address (BounceHistory      *self,
                    WriteStatements    *statements,
                    const char         *address,
                    const BounceRecord *record,
                    gint64              since,
                    gint64              bounce_id)
{
  sqlite3_stmt *stmt;
  int rc;

  if (statements->insert_judged_suppression == NULL)
    statements->insert_judged_suppression =
      prepare (self, self->schema_version >= KEPT_SCHEMA_VERSION
                     ? "INSERT INTO suppression (address, category, reason, source, status, since, "
                       "changed, bounce_id) VALUES (?1, ?2, ?3, ?4, " KEPT_STATUS ", ?5, ?5, ?6) "
                       "ON CONFLICT (address) DO NOTHING"
                     : "INSERT INTO suppression (address, category, reason, source, status, since, "
                       "changed, bounce_id) VALUES (?1, ?2, ?3, ?4, 'active', ?5, ?5, ?6) "
                       "ON CONFLICT (address) DO NOTHING", NULL);
  stmt = statements->insert_judged_suppression;
  if (stmt == NULL)
    return SQLITE_ERROR;

  bind_text (stmt, 1, address);
  bind_text (stmt, 2, bounce_category_to_string (record->category));
  bind_text (stmt, 3, record->status[0] != '\0' ? record->status : record->reason);
  bind_text (stmt, 4, record->file);
  sqlite3_bind_int64 (stmt, 5, since);
  sqlite3_bind_int64 (stmt, 6, bounce_id);

  rc = step_done (stmt);
  if (rc != SQLITE_OK)
    return rc;

  return mark_kept_unsuppressed (self, statements, address);
}

/* Stores @record as bounce @position of the message @hash. A hard bounce
 * or complaint puts its address on the suppression list, through
 * suppress_bounce_address() when @is_new_bounce is set and through
 * add_judged_address() for a message judged again. */
static int
insert_bounce (BounceHistory      *self,
               WriteStatements    *statements,
               const guint8       *hash,
               guint               position,
               const BounceRecord *record,
               gboolean            is_new_bounce,
               gint64              now)
{
  sqlite3_stmt *stmt = statements->insert_bounce;
  g_autofree char *address = bounce_address_normalize (record->recipient);
  const char *category = bounce_category_to_string (record->category);
  gint64 since = now;
  gint64 bounce_id;
  int rc;

  if (address == NULL)
    address = g_strdup (record->recipient);

  sqlite3_bind_blob (stmt, 1, hash, BOUNCE_HISTORY_HASH_LENGTH, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, (int) position);
  bind_text (stmt, 3, address);
  if (record->date != NULL)
    {
      g_autofree char *day = g_date_time_format (record->date, "%Y-%m-%d");

      since = g_date_time_to_unix (record->date);
      sqlite3_bind_int64 (stmt, 4, since);
      bind_text (stmt, 5, day);
      sqlite3_bind_int64 (stmt, 17, g_date_time_get_utc_offset (record->date) / G_TIME_SPAN_SECOND);
    }
  bind_text (stmt, 6, category);
  bind_text (stmt, 7, record->reason);
  bind_text (stmt, 8, record->status);
  bind_text (stmt, 9, record->reply_code);
  bind_text (stmt, 10, record->diagnostic);
  bind_text (stmt, 11, record->original_message_id);
  bind_text (stmt, 12, record->file);
  bind_text (stmt, 13, record->action);
  bind_text (stmt, 14, record->remote_mta);
  if (record->offset >= 0)
    {
      sqlite3_bind_int64 (stmt, 15, record->offset);
      sqlite3_bind_int64 (stmt, 16, record->index);
    }
  sqlite3_bind_int (stmt, 18, record->date_offset_invalid ? 1 : 0);

  rc = step_done (stmt);
  if (rc != SQLITE_OK)
    return rc;

  if (record->category != BOUNCE_CATEGORY_HARD && record->category != BOUNCE_CATEGORY_COMPLAINT)
    return SQLITE_OK;

  /* Only the address that failed. An Original-Recipient (RFC 3464
   * 2.3.1) that differs from it is a group alias or a forward that still
   * takes mail for its other targets, which the cleaner keeps to check. */
  bounce_id = sqlite3_last_insert_rowid (self->db);
  if (!is_new_bounce)
    return add_judged_address (self, statements, address, record, since, bounce_id);

  return suppress_bounce_address (self, statements, address, record, since, bounce_id);
}

static int write_message (BounceHistory            *self,
                          WriteStatements          *statements,
                          const BounceHistoryEntry *entry,
                          gint64                    now);

/* Records which message the file at entry->path held, with its stamp,
 * and drops the rows that recorded the path as an mbox. A history opened
 * at a schema version without mbox_files has no such row. */
static int
write_file (BounceHistory            *self,
            WriteStatements          *statements,
            const BounceHistoryEntry *entry)
{
  sqlite3_stmt *stmt = statements->insert_file;
  int rc;

  bind_file (stmt, entry->path, entry->stamp);
  sqlite3_bind_blob (stmt, 8, entry->hash, BOUNCE_HISTORY_HASH_LENGTH, SQLITE_TRANSIENT);
  rc = step_done (stmt);
  if (rc != SQLITE_OK || self->schema_version < 7)
    return rc;

  if (statements->delete_mbox_file == NULL)
    statements->delete_mbox_file = prepare (self, "DELETE FROM mbox_files WHERE folder = ?1 AND name = ?2", NULL);
  stmt = statements->delete_mbox_file;
  if (stmt == NULL)
    return SQLITE_ERROR;

  bind_file (stmt, entry->path, NULL);
  rc = step_done (stmt);
  if (rc != SQLITE_OK || self->schema_version < 8)
    return rc;

  if (statements->delete_mbox_chunks == NULL)
    statements->delete_mbox_chunks = prepare (self, "DELETE FROM mbox_chunks WHERE folder = ?1 AND name = ?2", NULL);
  stmt = statements->delete_mbox_chunks;
  if (stmt == NULL)
    return SQLITE_ERROR;

  bind_file (stmt, entry->path, NULL);

  return step_done (stmt);
}

/* Records which message the IMAP UID in entry->file held. A history
 * opened at a schema version without the table records nothing. */
static int
write_mailbox_message (BounceHistory            *self,
                       WriteStatements          *statements,
                       const BounceHistoryEntry *entry)
{
  g_autofree char *account = NULL;
  g_autofree char *folder = NULL;
  guint32 uidvalidity = 0;
  guint32 uid = 0;
  sqlite3_stmt *stmt;

  if (!bounce_imap_parse_message_uri (entry->file, &account, &folder, &uidvalidity, &uid) ||
      uidvalidity == 0)
    return SQLITE_OK;

  if (statements->insert_mailbox_message == NULL)
    statements->insert_mailbox_message =
      prepare (self, "INSERT OR REPLACE INTO mailbox_messages (account, folder, uidvalidity, uid, hash) "
                     "VALUES (?1, ?2, ?3, ?4, ?5)", NULL);
  stmt = statements->insert_mailbox_message;
  if (stmt == NULL)
    return SQLITE_OK;

  bind_text (stmt, 1, account);
  bind_text (stmt, 2, folder);
  sqlite3_bind_int64 (stmt, 3, uidvalidity);
  sqlite3_bind_int64 (stmt, 4, uid);
  sqlite3_bind_blob (stmt, 5, entry->hash, BOUNCE_HISTORY_HASH_LENGTH, SQLITE_TRANSIENT);

  return step_done (stmt);
}

/* Writes one message, and the file or the IMAP UID it came from when
 * entry->stamp or entry->in_mailbox is set; called inside a transaction
 * with the lock held. */
static int
write_entry (BounceHistory            *self,
             WriteStatements          *statements,
             const BounceHistoryEntry *entry,
             gint64                    now)
{
  int rc = write_message (self, statements, entry, now);

  if (rc == SQLITE_OK && entry->stamp != NULL)
    rc = write_file (self, statements, entry);
  if (rc == SQLITE_OK && entry->in_mailbox)
    rc = write_mailbox_message (self, statements, entry);

  return rc;
}

/* Sets *@stale when the parse cache has no entry of this parser build
 * for the message @hash, so that its stored bounces were judged by
 * another build (or by one whose entry was lost). */
static int
check_judged_elsewhere (BounceHistory   *self,
                        WriteStatements *statements,
                        const guint8    *hash,
                        gboolean        *stale)
{
  sqlite3_stmt *stmt;
  int rc;

  if (statements->select_cache_stamp == NULL)
    statements->select_cache_stamp =
      prepare (self, "SELECT stamp = ?2 FROM parse_cache WHERE key = ?1 AND hash = ?3", NULL);
  stmt = statements->select_cache_stamp;
  if (stmt == NULL)
    return SQLITE_ERROR;

  sqlite3_bind_int64 (stmt, 1, hash_key (hash));
  bind_text (stmt, 2, BOUNCE_PARSE_STAMP);
  sqlite3_bind_blob (stmt, 3, hash, BOUNCE_HISTORY_HASH_LENGTH, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *stale = rc != SQLITE_ROW || sqlite3_column_int (stmt, 0) == 0;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Runs @sql with the message hash @hash bound as ?1 and appends the
 * text of the first column of each row to @out. */
static int
collect_texts (BounceHistory *self,
               const char    *sql,
               const guint8  *hash,
               GPtrArray     *out)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, sql, NULL);
  int rc;

  if (stmt == NULL)
    return SQLITE_ERROR;

  sqlite3_bind_blob (stmt, 1, hash, BOUNCE_HISTORY_HASH_LENGTH, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, g_strdup (column_text (stmt, 0)));

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Ties the suppression entry of @address, whose bounce was judged again,
 * to the latest hard bounce or complaint still stored for the address,
 * or deletes the entry when none is left. Its status stays: an entry a
 * person removed stays removed. */
static int
update_judged_entry (BounceHistory *self,
                     const char    *address)
{
  g_autoptr(sqlite3_stmt) latest = NULL;
  g_autoptr(sqlite3_stmt) change = NULL;
  int rc;

  latest = prepare (self, "SELECT id, category, CASE WHEN status <> '' THEN status ELSE reason END, path "
                          "FROM bounces WHERE address = ?1 AND category IN ('hard', 'complaint') "
                          "ORDER BY date DESC NULLS LAST, id DESC LIMIT 1", NULL);
  if (latest == NULL)
    return SQLITE_ERROR;

  bind_text (latest, 1, address);
  rc = sqlite3_step (latest);
  if (rc == SQLITE_DONE)
    {
      change = prepare (self, "DELETE FROM suppression WHERE address = ?1", NULL);
      if (change == NULL)
        return SQLITE_ERROR;
      bind_text (change, 1, address);

      return step_done (change);
    }
  if (rc != SQLITE_ROW)
    return rc;

  change = prepare (self, "UPDATE suppression SET bounce_id = ?2, category = ?3, reason = ?4, source = ?5 "
                          "WHERE address = ?1", NULL);
  if (change == NULL)
    return SQLITE_ERROR;
  bind_text (change, 1, address);
  sqlite3_bind_int64 (change, 2, sqlite3_column_int64 (latest, 0));
  bind_text (change, 3, column_text (latest, 1));
  bind_text (change, 4, column_text (latest, 2));
  bind_text (change, 5, column_text (latest, 3));

  return step_done (change);
}

/* Replaces the stored bounces of a message that another parser build
 * judged with @entry's records, which this build parsed, and updates
 * the hard bounce and complaint entries of the suppression list that
 * the old bounces made. An address the old build called a hard bounce
 * and this one a soft bounce thus leaves the list. Entries added by
 * hand or imported from a provider have no bounce and stay. */
static int
rejudge_message (BounceHistory            *self,
                 WriteStatements          *statements,
                 const BounceHistoryEntry *entry,
                 gint64                    now)
{
  g_autoptr(GPtrArray) judged = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) delete_bounces = NULL;
  int rc;

  g_debug ("judging the stored bounces of %s again", entry->file);

  /* The deletion below sets their bounce_id to NULL, so they are
   * collected first. */
  rc = collect_texts (self, "SELECT s.address FROM suppression s JOIN bounces b ON b.id = s.bounce_id "
                            "WHERE b.hash = ?1 AND s.category IN ('hard', 'complaint')",
                      entry->hash, judged);
  if (rc != SQLITE_OK)
    return rc;

  delete_bounces = prepare (self, "DELETE FROM bounces WHERE hash = ?1", NULL);
  if (delete_bounces == NULL)
    return SQLITE_ERROR;
  sqlite3_bind_blob (delete_bounces, 1, entry->hash, BOUNCE_HISTORY_HASH_LENGTH, SQLITE_TRANSIENT);
  rc = step_done (delete_bounces);

  for (guint i = 0; rc == SQLITE_OK && i < entry->records->len; i++)
    {
      const BounceRecord *record = entry->records->pdata[i];

      if (is_recorded (record))
        rc = insert_bounce (self, statements, entry->hash, i, record, FALSE, now);
    }

  for (guint i = 0; rc == SQLITE_OK && i < judged->len; i++)
    rc = update_judged_entry (self, judged->pdata[i]);

  return rc;
}

static int
write_message (BounceHistory            *self,
               WriteStatements          *statements,
               const BounceHistoryEntry *entry,
               gint64                    now)
{
  sqlite3_stmt *stmt = statements->insert_message;
  int rc;

  sqlite3_bind_blob (stmt, 1, entry->hash, BOUNCE_HISTORY_HASH_LENGTH, SQLITE_TRANSIENT);
  bind_text (stmt, 2, entry->file);
  sqlite3_bind_int64 (stmt, 3, (gint64) entry->size);
  sqlite3_bind_int64 (stmt, 4, now);
  rc = step_done (stmt);
  if (rc != SQLITE_OK)
    return rc;

  /* Seen before, under this name or another: recorded once. A message
   * parsed again because its parse cache entry came from another parser
   * build is judged again, which costs a lookup only for messages that
   * missed the cache. */
  if (sqlite3_changes (self->db) == 0)
    {
      gboolean stale = FALSE;

      if (entry->cached)
        return SQLITE_OK;

      rc = check_judged_elsewhere (self, statements, entry->hash, &stale);
      if (rc == SQLITE_OK && stale)
        rc = rejudge_message (self, statements, entry, now);
      if (rc != SQLITE_OK)
        return rc;
    }
  else
    {
      for (guint i = 0; i < entry->records->len; i++)
        {
          const BounceRecord *record = entry->records->pdata[i];

          if (!is_recorded (record))
            continue;

          rc = insert_bounce (self, statements, entry->hash, i, record, TRUE, now);
          if (rc != SQLITE_OK)
            return rc;
        }
    }

  if (!entry->cached)
    {
      g_autoptr(GString) encoded = encode_records (entry->records);

      stmt = statements->insert_cache;
      sqlite3_bind_blob (stmt, 1, entry->hash, BOUNCE_HISTORY_HASH_LENGTH, SQLITE_TRANSIENT);
      bind_text (stmt, 2, BOUNCE_PARSE_STAMP);
      sqlite3_bind_blob (stmt, 3, encoded->str, (int) encoded->len, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, hash_key (entry->hash));
      rc = step_done (stmt);
    }

  return rc;
}

/* Ends a read transaction and opens the scan's transaction unless it is
 * open; called with the lock held. IMMEDIATE takes the write lock now,
 * so a second writer waits in the busy handler here rather than failing
 * halfway. */
static gboolean
begin_scan_locked (BounceHistory  *self,
                   GError        **error)
{
  end_read_locked (self);
  if (self->scan_transaction)
    return TRUE;

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->scan_transaction = TRUE;
  self->scan_started = g_get_monotonic_time ();

  return TRUE;
}

/* Rolls the scan's transaction back after the SQLite error @rc and sets
 * @error from it; called with the lock held. Returns FALSE. */
static gboolean
abort_scan_locked (BounceHistory  *self,
                   int             rc,
                   GError        **error)
{
  fail (self, rc, error);
  exec_sql (self, "ROLLBACK", NULL);
  self->scan_transaction = FALSE;
  self->scan_pending = 0;

  return FALSE;
}

/* Writes @entries with the lock held: in a transaction of their own, or
 * with @keep_open in the scan's transaction, which is committed by the
 * rule described at SCAN_COMMIT_FIRST. */
static gboolean
write_entries (BounceHistory             *self,
               const BounceHistoryEntry  *entries,
               guint                      n_entries,
               gboolean                   keep_open,
               GError                   **error)
{
  g_auto(WriteStatements) statements = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  int rc = SQLITE_OK;

  if (!keep_open && !flush_locked (self, error))
    return FALSE;

  if (!write_statements_prepare (self, &statements, error))
    return FALSE;

  if (!begin_scan_locked (self, error))
    return FALSE;

  for (guint i = 0; i < n_entries && rc == SQLITE_OK; i++)
    rc = write_entry (self, &statements, &entries[i], now);

  if (rc != SQLITE_OK)
    return abort_scan_locked (self, rc, error);

  self->scan_pending += n_entries;
  if (!keep_open)
    return flush_locked (self, error);

  if (self->scan_pending >= self->scan_commit_size ||
      g_get_monotonic_time () - self->scan_started >= SCAN_COMMIT_INTERVAL_US)
    {
      self->scan_commit_size = MIN (self->scan_commit_size * 2, SCAN_COMMIT_MAX);
      return flush_locked (self, error);
    }

  return TRUE;
}

/* Keeps @error as the reason that @self records nothing more, which
 * bounce_history_get_write_error() returns. Called with the lock held. */
static void
stop_writes_locked (BounceHistory  *self,
                    GError        **error)
{
  g_debug ("history writes stopped: %s", (*error)->message);
  self->write_error = g_steal_pointer (error);
}

void
_bounce_history_store_batch (BounceHistory            *self,
                             const BounceHistoryEntry *entries,
                             guint                     n_entries)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BOUNCE_IS_HISTORY (self));

  /* A history opened read-only records nothing; a scan still reads it. */
  if (self->read_only)
    return;

  g_mutex_lock (&self->mutex);

  if (self->write_error == NULL && !write_entries (self, entries, n_entries, TRUE, &error))
    stop_writes_locked (self, &error);

  g_mutex_unlock (&self->mutex);
}

/* Writes the mbox_files row of @path, and drops a files row of the same
 * path, in the scan's transaction; called with the lock held. */
static gboolean
write_mbox_file (BounceHistory          *self,
                 const char             *path,
                 const BounceFileStamp  *stamp,
                 GBytes                 *messages,
                 GError                **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) delete = NULL;
  gsize length = 0;
  const void *data = g_bytes_get_data (messages, &length);
  int rc;

  insert = prepare (self, "INSERT OR REPLACE INTO mbox_files (folder, name, device, inode, size, mtime, ctime, "
                          "messages) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  if (insert == NULL)
    return FALSE;
  delete = prepare (self, "DELETE FROM files WHERE folder = ?1 AND name = ?2", error);
  if (delete == NULL)
    return FALSE;

  if (!begin_scan_locked (self, error))
    return FALSE;

  bind_file (insert, path, stamp);
  sqlite3_bind_blob64 (insert, 8, data, length, SQLITE_STATIC);
  rc = step_done (insert);
  if (rc == SQLITE_OK)
    {
      bind_file (delete, path, NULL);
      rc = step_done (delete);
    }

  if (rc != SQLITE_OK)
    return abort_scan_locked (self, rc, error);

  return TRUE;
}

void
_bounce_history_store_mbox_file (BounceHistory         *self,
                                 const char            *path,
                                 const BounceFileStamp *stamp,
                                 GBytes                *messages)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BOUNCE_IS_HISTORY (self));
  g_return_if_fail (path != NULL && g_path_is_absolute (path));
  g_return_if_fail (stamp != NULL);
  g_return_if_fail (messages != NULL);

  /* A history opened read-only records nothing; a scan still reads it. */
  if (self->read_only)
    return;

  g_mutex_lock (&self->mutex);

  /* A history opened at an older schema version records no mbox. */
  if (self->write_error == NULL && self->schema_version >= 7 &&
      !write_mbox_file (self, path, stamp, messages, &error))
    stop_writes_locked (self, &error);

  g_mutex_unlock (&self->mutex);
}

/* Writes a chunk of the mbox at @path in the scan's transaction; called
 * with the lock held. */
static gboolean
write_mbox_chunk (BounceHistory     *self,
                  const char        *path,
                  guint              first,
                  const GByteArray  *chunk,
                  GError           **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) delete = NULL;
  int rc = SQLITE_OK;

  insert = prepare (self, "INSERT OR REPLACE INTO mbox_chunks (folder, name, first, stamp, entries) "
                          "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (insert == NULL)
    return FALSE;

  if (!begin_scan_locked (self, error))
    return FALSE;

  /* The first chunk of a recording replaces all of an earlier one, which
   * may have had more messages. */
  if (first == 0)
    {
      delete = prepare (self, "DELETE FROM mbox_chunks WHERE folder = ?1 AND name = ?2", error);
      if (delete == NULL)
        return FALSE;
      bind_file (delete, path, NULL);
      rc = step_done (delete);
    }

  if (rc == SQLITE_OK)
    {
      bind_file (insert, path, NULL);
      sqlite3_bind_int64 (insert, 3, first);
      bind_text (insert, 4, BOUNCE_PARSE_STAMP);
      sqlite3_bind_blob64 (insert, 5, chunk->data, chunk->len, SQLITE_STATIC);
      rc = step_done (insert);
    }

  if (rc != SQLITE_OK)
    return abort_scan_locked (self, rc, error);

  return TRUE;
}

void
_bounce_history_store_mbox_chunk (BounceHistory    *self,
                                  const char       *path,
                                  guint             first,
                                  const GByteArray *chunk)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BOUNCE_IS_HISTORY (self));
  g_return_if_fail (path != NULL && g_path_is_absolute (path));
  g_return_if_fail (chunk != NULL);

  /* A history opened read-only records nothing; a scan still reads it. */
  if (self->read_only)
    return;

  g_mutex_lock (&self->mutex);

  /* A history opened at an older schema version keeps no chunks. */
  if (self->write_error == NULL && self->schema_version >= 8 &&
      !write_mbox_chunk (self, path, first, chunk, &error))
    stop_writes_locked (self, &error);

  g_mutex_unlock (&self->mutex);
}

void
_bounce_history_flush (BounceHistory *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BOUNCE_IS_HISTORY (self));

  /* A history opened read-only records nothing; a scan still reads it. */
  if (self->read_only)
    return;

  g_mutex_lock (&self->mutex);

  /* The next scan starts with small commits again. */
  self->scan_commit_size = SCAN_COMMIT_FIRST;

  if (!flush_locked (self, &error) && self->write_error == NULL)
    stop_writes_locked (self, &error);

  g_mutex_unlock (&self->mutex);
}

gboolean
bounce_history_add_message (BounceHistory  *self,
                            const void     *data,
                            gsize           length,
                            GPtrArray      *records,
                            GError        **error)
{
  BounceHistoryEntry entry = { 0 };
  gboolean written;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (records != NULL, FALSE);

  bounce_history_hash_message (data, length, entry.hash);
  entry.size = length;
  entry.records = records;
  entry.file = records->len > 0 ? ((BounceRecord *) records->pdata[0])->file : "";

  g_mutex_lock (&self->mutex);
  written = write_entries (self, &entry, 1, FALSE, error);
  g_mutex_unlock (&self->mutex);

  return written;
}

/* Reading bounces */

GPtrArray *
bounce_history_list_bounces (BounceHistory  *self,
                             const char     *address,
                             GError        **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_record_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *normalized = NULL;
  int rc;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  normalized = bounce_address_normalize (address);

  g_mutex_lock (&self->mutex);

  stmt = prepare (self, "SELECT path, date, category, reason, status, reply_code, diagnostic, "
                        "original_message_id, action, remote_mta, mbox_offset, mbox_index, utc_offset, "
                        "date_error FROM bounces WHERE address = ?1 ORDER BY date IS NULL, date, id", error);
  if (stmt == NULL)
    {
      g_mutex_unlock (&self->mutex);
      return NULL;
    }

  bind_text (stmt, 1, normalized ? normalized : address);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BounceRecord *record = bounce_record_new (column_text (stmt, 0));

      g_ptr_array_add (records, record);
      bounce_record_set_string (&record->recipient, normalized ? normalized : address);
      /* In the date's own offset, as the bounce gave it; rows recorded
       * before the offset was stored are in local time. */
      if (sqlite3_column_type (stmt, 1) != SQLITE_NULL && sqlite3_column_type (stmt, 12) != SQLITE_NULL)
        {
          g_autoptr(GTimeZone) zone = g_time_zone_new_offset (sqlite3_column_int (stmt, 12));
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 1));

          record->date = g_date_time_to_timezone (utc, zone);
        }
      else if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        record->date = g_date_time_new_from_unix_local (sqlite3_column_int64 (stmt, 1));
      record->date_offset_invalid = record->date == NULL && sqlite3_column_int (stmt, 13) != 0;
      if (!bounce_category_from_string (column_text (stmt, 2), &record->category))
        record->category = BOUNCE_CATEGORY_UNKNOWN;
      record->reason = g_intern_string (column_text (stmt, 3));
      bounce_record_set_string (&record->status, column_text (stmt, 4));
      bounce_record_set_string (&record->reply_code, column_text (stmt, 5));
      bounce_record_set_string (&record->diagnostic, column_text (stmt, 6));
      bounce_record_set_string (&record->original_message_id, column_text (stmt, 7));
      bounce_record_set_string (&record->action, column_text (stmt, 8));
      bounce_record_set_string (&record->remote_mta, column_text (stmt, 9));
      if (sqlite3_column_type (stmt, 10) != SQLITE_NULL)
        {
          record->offset = sqlite3_column_int64 (stmt, 10);
          record->index = (guint) sqlite3_column_int64 (stmt, 11);
        }
    }

  g_mutex_unlock (&self->mutex);

  if (rc != SQLITE_DONE)
    {
      fail (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&records);
}

guint
bounce_history_count_bounces (BounceHistory *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint count = 0;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), 0);

  g_mutex_lock (&self->mutex);
  stmt = prepare (self, "SELECT count(*) FROM bounces", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint) sqlite3_column_int64 (stmt, 0);
  g_mutex_unlock (&self->mutex);

  return count;
}

guint
bounce_history_count_suppressions (BounceHistory *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint count = 0;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), 0);

  g_mutex_lock (&self->mutex);
  stmt = prepare (self, "SELECT count(*) FROM suppression WHERE status = 'active'", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint) sqlite3_column_int64 (stmt, 0);
  g_mutex_unlock (&self->mutex);

  return count;
}

/* Escalation */

/* What identifies a send (see add_send()). */
typedef enum
{
  SEND_BY_MESSAGE_ID,
  SEND_BY_DAY,
  SEND_BY_FILE,
} SendKey;

typedef struct
{
  SendKey    key;
  char      *text;  /* the Message-ID or the file; NULL for SEND_BY_DAY */
  GDateTime *date;  /* nullable: the earliest bounce of the send */
  GDate      day;   /* its day in the bounce's own time zone */
} Send;

/* A recorded soft bounce, as the escalation rule reads it. */
typedef struct
{
  gboolean    has_date;
  gint64      date;        /* Unix time */
  GDate       day;         /* in the bounce's own time zone; invalid when unknown */
  const char *message_id;
  const char *path;
} SoftBounce;

static void
send_clear (gpointer data)
{
  Send *send = data;

  g_clear_pointer (&send->text, g_free);
  g_clear_pointer (&send->date, g_date_time_unref);
}

/* Adds a soft bounce to @sends (element-type Send) under the key of its
 * send. The key is the returned message's Message-ID, else its day (in
 * the bounce's own time zone), else its file, so a loaded record and its
 * stored copy count once. An address has a few sends, so a linear search
 * beats a hash table, which the cleaner would build 40,000 times for the
 * clean benchmark. */
static void
add_send (GArray      *sends,
          const char  *message_id,
          GDateTime   *date,
          const GDate *day,
          const char  *fallback_key)
{
  SendKey key;
  const char *text = NULL;
  Send *send = NULL;

  if (message_id[0] != '\0')
    {
      key = SEND_BY_MESSAGE_ID;
      text = message_id;
    }
  else if (date != NULL && g_date_valid (day))
    key = SEND_BY_DAY;
  else
    {
      key = SEND_BY_FILE;
      text = fallback_key;
    }

  for (guint i = 0; i < sends->len && send == NULL; i++)
    {
      Send *other = &g_array_index (sends, Send, i);

      if (other->key == key &&
          (key == SEND_BY_DAY ? g_date_compare (&other->day, day) == 0 : g_str_equal (other->text, text)))
        send = other;
    }

  if (send == NULL)
    {
      Send added = { key, g_strdup (text), NULL, { 0 } };

      g_date_clear (&added.day, 1);
      if (key == SEND_BY_DAY)
        added.day = *day;
      g_array_append_val (sends, added);
      send = &g_array_index (sends, Send, sends->len - 1);
    }

  if (date != NULL && g_date_valid (day) && (send->date == NULL || g_date_time_compare (date, send->date) < 0))
    {
      g_clear_pointer (&send->date, g_date_time_unref);
      send->date = g_date_time_ref (date);
      send->day = *day;
    }
}

/* Sets @day from the bounces table's day column (YYYY-MM-DD), or clears
 * it when @text is NULL or not a date. */
static void
parse_day (const char *text,
           GDate      *day)
{
  int year, month, mday;

  g_date_clear (day, 1);
  if (text == NULL)
    return;

  /* The column contains what g_date_time_format() wrote for
   * "%Y-%m-%d", so a fixed layout is read first, and sscanf() only for
   * anything else, because it took a tenth of the time of loading the
   * lists. */
  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-')
    {
      year = parse_digits (text, 4);
      month = parse_digits (text + 5, 2);
      mday = parse_digits (text + 8, 2);
    }
  else if (sscanf (text, "%d-%d-%d", &year, &month, &mday) != 3)
    return;

  if (year > 0 && month > 0 && mday > 0 &&
      g_date_valid_dmy ((GDateDay) mday, (GDateMonth) month, (GDateYear) year))
    g_date_set_dmy (day, (GDateDay) mday, (GDateMonth) month, (GDateYear) year);
}

static char *
format_day (const GDate *day,
            const char  *format)
{
  g_autoptr(GDateTime) noon = g_date_time_new_local (g_date_get_year (day), g_date_get_month (day),
                                                     g_date_get_day (day), 12, 0, 0);

  return bounce_format_date (noon, format);
}

/* "3 soft bounces between 2 and 16 November 2026": the last day carries
 * the year, so a range read months or years later is never ambiguous,
 * and the first day names its month and year only where they differ
 * from the last day's. */
static char *
describe_dated_sends (guint        n_sends,
                      const GDate *first,
                      const GDate *last)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (first == NULL || !g_date_valid (first) || !g_date_valid (last))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u soft bounce", "%u soft bounces", n_sends),
                            n_sends);

  /* TRANSLATORS: a date, "16 November 2026" */
  to = format_day (last, _("%-d %B %Y"));

  if (g_date_compare (first, last) == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u soft bounce on %s",
                                         "%u soft bounces on %s", n_sends), n_sends, to);

  if (g_date_get_year (first) != g_date_get_year (last))
    from = format_day (first, _("%-d %B %Y"));
  else if (g_date_get_month (first) != g_date_get_month (last))
    /* TRANSLATORS: a date in the same year as the next one, "2 October" */
    from = format_day (first, _("%-d %B"));
  else
    /* TRANSLATORS: a day in the same month as the next date, "2" */
    from = format_day (first, _("%-d"));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* TRANSLATORS: a count, then the first and the last
                                        * day: "3 soft bounces between 2 and 16 November 2026" */
                                       "%u soft bounce between %s and %s",
                                       "%u soft bounces between %s and %s", n_sends),
                          n_sends, from, to);
}

/* describe_dated_sends(), followed by how many sends have an implausible
 * date that the span leaves out. */
static char *
describe_sends (guint        n_sends,
                const GDate *first,
                const GDate *last,
                guint        n_implausible)
{
  g_autofree char *text = describe_dated_sends (n_sends, first, last);

  if (n_implausible == 0)
    return g_steal_pointer (&text);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* TRANSLATORS: %s is a text such as "3 soft bounces on 2
                                        * November 2026", %u a count of those bounces */
                                       "%s; %u of them has a date before 1990 or over a year "
                                       "ahead, which does not count for the span",
                                       "%s; %u of them have a date before 1990 or over a year "
                                       "ahead, which do not count for the span", n_implausible),
                          text, n_implausible);
}

/* Bounce dates before this (1 January 1990 UTC) come from a server with
 * a wrong clock, such as one set to 1 January 1970. */
#define FIRST_PLAUSIBLE_DATE G_GINT64_CONSTANT (631152000)

/* Seconds that a bounce date may lie after the present: a year, so that
 * only a clock that is far ahead counts as wrong. Fixtures and tests
 * with dates of the coming months stay valid. */
#define MAX_FUTURE_SECONDS (366 * 24 * 60 * 60)

/* Returns whether @date can be the date of a bounce. One that cannot,
 * from a server with a wrong clock, would otherwise make a few soft
 * bounces of one afternoon span decades. */
static gboolean
is_plausible_date (GDateTime *date,
                   gint64     now)
{
  gint64 time = g_date_time_to_unix (date);

  return time >= FIRST_PLAUSIBLE_DATE && time <= now + MAX_FUTURE_SECONDS;
}

gboolean
bounce_history_evaluate (BounceHistory         *self,
                         const char            *address,
                         guint                  soft_limit,
                         guint                  soft_days,
                         GPtrArray             *extra_records,
                         BounceHistoryVerdict  *verdict,
                         GError               **error)
{
  return _bounce_history_evaluate_full (self, address, soft_limit, soft_days, extra_records,
                                        TRUE, FALSE, verdict, error);
}

/* Adds the sends of the soft bounces recorded for the normalized
 * @address to @sends, by a query; called with the lock held. */
static gboolean
add_recorded_sends_locked (BounceHistory  *self,
                           const char     *address,
                           GArray         *sends,
                           GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (self->select_soft == NULL)
    self->select_soft = prepare (self, "SELECT date, day, original_message_id, path FROM bounces "
                                       "WHERE address = ?1 AND category = 'soft'", error);
  stmt = self->select_soft;
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, address);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GDateTime) date = NULL;
      GDate day;

      if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        date = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 0));
      parse_day (sqlite3_column_type (stmt, 1) != SQLITE_NULL ? column_text (stmt, 1) : NULL, &day);

      add_send (sends, column_text (stmt, 2), date, &day, column_text (stmt, 3));
    }
  if (rc != SQLITE_DONE)
    fail (self, rc, error);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return rc == SQLITE_DONE;
}

/* Adds the sends of the soft bounces that ensure_suppressed() loaded for
 * the normalized @address to @sends; called with the lock held. */
static void
add_loaded_sends_locked (BounceHistory *self,
                         const char    *address,
                         GArray        *sends)
{
  GArray *bounces = g_hash_table_lookup (self->soft_addresses, address);

  for (guint i = 0; bounces != NULL && i < bounces->len; i++)
    {
      const SoftBounce *bounce = &g_array_index (bounces, SoftBounce, i);
      g_autoptr(GDateTime) date = bounce->has_date ? g_date_time_new_from_unix_utc (bounce->date) : NULL;

      add_send (sends, bounce->message_id, date, &bounce->day, bounce->path);
    }
}

gboolean
bounce_history_rule_needs_span (guint soft_limit,
                                guint soft_days)
{
  return soft_limit >= 2 && soft_days > 0;
}

gboolean
_bounce_history_evaluate_full (BounceHistory         *self,
                               const char            *address,
                               guint                  soft_limit,
                               guint                  soft_days,
                               GPtrArray             *extra_records,
                               gboolean               describe,
                               gboolean               address_is_normalized,
                               BounceHistoryVerdict  *verdict,
                               GError               **error)
{
  g_autoptr(GArray) sends = g_array_sized_new (FALSE, FALSE, sizeof (Send), 4);
  g_autofree char *normalized_copy = NULL;
  const char *normalized;
  const Send *first = NULL;
  const Send *last = NULL;
  gboolean done;
  gint64 now;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (verdict != NULL, FALSE);

  g_array_set_clear_func (sends, send_clear);
  memset (verdict, 0, sizeof *verdict);
  /* An address that cannot be normalized is looked up as it is. */
  if (!address_is_normalized)
    normalized_copy = bounce_address_normalize (address);
  normalized = normalized_copy != NULL ? normalized_copy : address;

  g_mutex_lock (&self->mutex);
  /* In a read transaction the soft bounces loaded with the suppression
   * list are those of its snapshot, which spares a query per address:
   * 40,000 of them in the clean benchmark. */
  if (self->read_transaction && ensure_suppressed (self, NULL))
    {
      add_loaded_sends_locked (self, normalized, sends);
      done = TRUE;
    }
  else
    done = add_recorded_sends_locked (self, normalized, sends, error);
  g_mutex_unlock (&self->mutex);

  if (!done)
    return FALSE;

  for (guint i = 0; extra_records != NULL && i < extra_records->len; i++)
    {
      const BounceRecord *record = extra_records->pdata[i];
      GDate day;

      if (record->category != BOUNCE_CATEGORY_SOFT)
        continue;

      /* The day in the bounce's own time zone, as the history stores it. */
      g_date_clear (&day, 1);
      if (record->date != NULL)
        {
          int year, month, mday;

          g_date_time_get_ymd (record->date, &year, &month, &mday);
          g_date_set_dmy (&day, (GDateDay) mday, (GDateMonth) month, (GDateYear) year);
        }

      add_send (sends, record->original_message_id, record->date, &day, record->file);
    }

  now = g_get_real_time () / G_USEC_PER_SEC;
  for (guint i = 0; i < sends->len; i++)
    {
      const Send *send = &g_array_index (sends, Send, i);

      if (send->date == NULL || !g_date_valid (&send->day))
        continue;

      /* A send with an implausible date still counts, as one without a
       * date does, but its date is left out of the span. */
      if (!is_plausible_date (send->date, now))
        {
          verdict->n_implausible_dates++;
          continue;
        }
      if (first == NULL || g_date_time_compare (send->date, first->date) < 0)
        first = send;
      if (last == NULL || g_date_time_compare (send->date, last->date) > 0)
        last = send;
    }

  verdict->n_sends = sends->len;
  if (first != NULL)
    {
      verdict->first = g_date_time_ref (first->date);
      verdict->last = g_date_time_ref (last->date);
    }

  /* Calendar days, so sends on 2 and 9 November span 7 days at any hour. */
  verdict->escalated = soft_limit > 0 &&
                       verdict->n_sends >= soft_limit &&
                       (!bounce_history_rule_needs_span (soft_limit, soft_days) ||
                        (first != NULL &&
                         g_date_days_between (&first->day, &last->day) >= (int) soft_days));

  if (describe)
    verdict->text = describe_sends (verdict->n_sends,
                                    first ? &first->day : NULL,
                                    last ? &last->day : NULL,
                                    verdict->n_implausible_dates);

  return TRUE;
}

/* The suppression list */

static BounceSuppression *
suppression_from_row (sqlite3_stmt *stmt)
{
  BounceSuppression *suppression = g_new0 (BounceSuppression, 1);

  suppression->address = g_strdup (column_text (stmt, 0));
  suppression->category = g_strdup (column_text (stmt, 1));
  suppression->reason = g_strdup (column_text (stmt, 2));
  suppression->source = g_strdup (column_text (stmt, 3));
  suppression->active = g_str_equal (column_text (stmt, 4), "active");
  suppression->since = sqlite3_column_int64 (stmt, 5);
  suppression->changed = sqlite3_column_int64 (stmt, 6);
  suppression->bounce_id = sqlite3_column_int64 (stmt, 7);

  return suppression;
}

#define SUPPRESSION_COLUMNS "address, category, reason, source, status, since, changed, bounce_id"

/* Returns a copy of @text in @chunk, shared with equal texts, as
 * g_string_chunk_insert_const() does. Consecutive rows often have the same
 * text (the path of one mbox, the Message-ID of one mailing), and
 * comparing with *@last spares hashing it again. */
static const char *
insert_repeated (GStringChunk  *chunk,
                 const char    *text,
                 const char   **last)
{
  if (*last == NULL || strcmp (*last, text) != 0)
    *last = g_string_chunk_insert_const (chunk, text);

  return *last;
}

/* Loads the active entries and the addresses with soft bounces into
 * memory, again when another connection changed the file. A contact file
 * of a million rows then costs a million hash lookups, not queries.
 * Called with the lock held. */
/* Adds a row of "SELECT address, date, day, original_message_id, path"
 * to the soft bounces by address. */
static void
add_soft_bounce (BounceHistory  *self,
                 sqlite3_stmt   *stmt,
                 const char    **last_message_id,
                 const char    **last_path)
{
  const char *address = column_text (stmt, 0);
  GArray *bounces = g_hash_table_lookup (self->soft_addresses, address);
  SoftBounce bounce = { 0 };

  if (bounces == NULL)
    {
      bounces = g_array_new (FALSE, FALSE, sizeof (SoftBounce));
      g_hash_table_insert (self->soft_addresses, g_string_chunk_insert (self->soft_strings, address), bounces);
    }

  bounce.has_date = sqlite3_column_type (stmt, 1) != SQLITE_NULL;
  bounce.date = sqlite3_column_int64 (stmt, 1);
  parse_day (sqlite3_column_type (stmt, 2) != SQLITE_NULL ? column_text (stmt, 2) : NULL, &bounce.day);
  bounce.message_id = insert_repeated (self->soft_strings, column_text (stmt, 3), last_message_id);
  bounce.path = insert_repeated (self->soft_strings, column_text (stmt, 4), last_path);
  g_array_append_val (bounces, bounce);
}

static gboolean
ensure_suppressed (BounceHistory  *self,
                   GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *last_reason = NULL;
  const char *last_source = NULL;
  const char *last_message_id = NULL;
  const char *last_path = NULL;
  gint64 now;
  int rc;

  /* A damaged file is not read again for each lookup: the lookups then
   * find nothing, and bounce_history_check_intact() reports it. */
  if (g_atomic_pointer_get (&self->damage_error) != NULL)
    return bounce_history_check_intact (self, error);

  /* Other connections' commits stay invisible inside a read transaction,
   * so its lookups can share one clock reading. */
  if (self->suppressed != NULL && self->read_transaction)
    return TRUE;

  now = g_get_monotonic_time ();
  if (self->suppressed != NULL && now - self->data_version_checked < DATA_VERSION_INTERVAL_US)
    return TRUE;

  self->data_version_checked = now;
  stmt = prepare (self, "PRAGMA data_version", error);
  if (stmt == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return fail (self, rc, error);

  if (self->suppressed != NULL && sqlite3_column_int64 (stmt, 0) == self->data_version)
    return TRUE;
  self->data_version = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  g_clear_pointer (&self->suppressed, g_hash_table_unref);
  g_clear_pointer (&self->soft_addresses, g_hash_table_unref);
  g_clear_pointer (&self->soft_strings, g_string_chunk_free);
  g_clear_pointer (&self->spreading_entries, g_hash_table_unref);
  g_clear_pointer (&self->kept, g_hash_table_unref);
  self->suppressed = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->soft_strings = g_string_chunk_new (64 * 1024);

  stmt = prepare (self, "SELECT " SUPPRESSION_COLUMNS " FROM suppression WHERE status = 'active'", error);
  if (stmt == NULL)
    return FALSE;

  /* One allocation per entry: its strings go to the chunk, and its few
   * categories are interned, so that a lookup can return one. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BounceSuppression *suppression = g_new (BounceSuppression, 1);

      suppression->address = g_string_chunk_insert (self->soft_strings, column_text (stmt, 0));
      suppression->category = (char *) g_intern_string (column_text (stmt, 1));
      suppression->reason = (char *) insert_repeated (self->soft_strings, column_text (stmt, 2), &last_reason);
      suppression->source = (char *) insert_repeated (self->soft_strings, column_text (stmt, 3), &last_source);
      suppression->active = g_str_equal (column_text (stmt, 4), "active");
      suppression->since = sqlite3_column_int64 (stmt, 5);
      suppression->changed = sqlite3_column_int64 (stmt, 6);
      suppression->bounce_id = sqlite3_column_int64 (stmt, 7);
      g_hash_table_replace (self->suppressed, suppression->address, suppression);
    }

  if (rc != SQLITE_DONE)
    {
      g_clear_pointer (&self->suppressed, g_hash_table_unref);
      return fail (self, rc, error);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  self->soft_addresses = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);

  /* In the order of the query of add_recorded_sends_locked(). */
  stmt = prepare (self, "SELECT address, date, day, original_message_id, path FROM bounces "
                        "WHERE category = 'soft' ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_soft_bounce (self, stmt, &last_message_id, &last_path);

  if (rc != SQLITE_DONE)
    {
      g_clear_pointer (&self->suppressed, g_hash_table_unref);
      return fail (self, rc, error);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  self->kept = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  stmt = prepare (self, "SELECT address, since, unsuppressed FROM kept", error);
  if (stmt == NULL)
    {
      g_clear_pointer (&self->suppressed, g_hash_table_unref);
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BounceKeptAddress *kept = g_new (BounceKeptAddress, 1);

      kept->address = g_string_chunk_insert (self->soft_strings, column_text (stmt, 0));
      kept->since = sqlite3_column_int64 (stmt, 1);
      kept->unsuppressed = sqlite3_column_int (stmt, 2) != 0;
      g_hash_table_replace (self->kept, kept->address, kept);
    }

  if (rc != SQLITE_DONE)
    {
      g_clear_pointer (&self->suppressed, g_hash_table_unref);
      return fail (self, rc, error);
    }

  return TRUE;
}

gboolean
bounce_history_load_lists (BounceHistory  *self,
                           GError        **error)
{
  gboolean done;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_lock (&self->mutex);
  done = ensure_suppressed (self, error);
  g_mutex_unlock (&self->mutex);

  return done;
}

gboolean
_bounce_history_foreach_listed (BounceHistory             *self,
                                BounceHistoryAddressesFunc func,
                                gpointer                   user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean done;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  g_mutex_lock (&self->mutex);

  done = ensure_suppressed (self, &error);
  if (!done)
    warn_read_failure (error);
  else
    {
      GHashTable *tables[] = { self->suppressed, self->soft_addresses };
      const char *batch[BOUNCE_HISTORY_LISTED_BATCH];
      guint n = 0;

      for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
        {
          GHashTableIter iter;
          gpointer address;

          g_hash_table_iter_init (&iter, tables[i]);
          while (g_hash_table_iter_next (&iter, &address, NULL))
            {
              batch[n++] = address;
              if (n == G_N_ELEMENTS (batch))
                {
                  func (batch, n, user_data);
                  n = 0;
                }
            }
        }

      if (n > 0)
        func (batch, n, user_data);
    }

  g_mutex_unlock (&self->mutex);

  return done;
}

/* Returns @address's entry in the loaded soft bounces (@soft) or
 * suppression list, which it loads first, or NULL; called with the lock
 * held. */
static gpointer
lookup_loaded_locked (BounceHistory *self,
                      gboolean       soft,
                      const char    *address)
{
  g_autoptr(GError) error = NULL;

  if (!ensure_suppressed (self, &error))
    {
      warn_read_failure (error);
      return NULL;
    }

  return g_hash_table_lookup (soft ? self->soft_addresses : self->suppressed, address);
}

gboolean
bounce_history_has_soft_bounces (BounceHistory *self,
                                 const char    *address)
{
  gboolean found;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  found = lookup_loaded_locked (self, TRUE, address) != NULL;
  g_mutex_unlock (&self->mutex);

  return found;
}

/* g_ptr_array_sort() compares pointers to the elements. */
static int
compare_address_pointers (gconstpointer a,
                          gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
bounce_history_list_escalated (BounceHistory  *self,
                               guint           soft_limit,
                               guint           soft_days,
                               GError        **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_suppression_free);
  g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BounceHistoryRead) read = NULL;
  GHashTableIter iter;
  gpointer address;
  gpointer bounces;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), NULL);

  if (soft_limit == 0)
    return g_steal_pointer (&entries);

  /* In a read transaction, evaluating uses the soft bounces loaded with
   * the suppression list instead of a query per address: 40,000 queries
   * took 0.55 s on the clean benchmark's history. */
  read = _bounce_history_begin_read (self);

  /* The addresses are copied so that evaluating, which takes the lock
   * itself, runs without it. An address with fewer soft bounces than
   * the limit has fewer sends too, so it is not evaluated. */
  g_mutex_lock (&self->mutex);
  if (!ensure_suppressed (self, error))
    {
      g_mutex_unlock (&self->mutex);
      return NULL;
    }
  g_hash_table_iter_init (&iter, self->soft_addresses);
  while (g_hash_table_iter_next (&iter, &address, &bounces))
    if (((GArray *) bounces)->len >= soft_limit && !g_hash_table_contains (self->suppressed, address))
      g_ptr_array_add (addresses, g_strdup (address));
  g_mutex_unlock (&self->mutex);

  g_ptr_array_sort (addresses, compare_address_pointers);
  for (guint i = 0; i < addresses->len; i++)
    {
      g_auto(BounceHistoryVerdict) verdict = { 0 };
      BounceSuppression *entry;
      GDateTime *since;

      if (!bounce_history_evaluate (self, addresses->pdata[i], soft_limit, soft_days, NULL, &verdict, error))
        return NULL;
      if (!verdict.escalated)
        continue;

      since = verdict.last != NULL ? verdict.last : verdict.first;
      entry = g_new0 (BounceSuppression, 1);
      entry->address = g_strdup (addresses->pdata[i]);
      entry->category = g_strdup ("soft-limit");
      entry->reason = g_strdup (verdict.text != NULL ? verdict.text : "");
      entry->source = g_strdup ("");
      entry->since = since != NULL ? g_date_time_to_unix (since) : 0;
      entry->changed = entry->since;
      entry->active = TRUE;
      g_ptr_array_add (entries, entry);
    }

  return g_steal_pointer (&entries);
}

/* Whether @entry also makes the other spellings of its mailbox dead, as
 * a hard bounce or a complaint in a scan does (the cleaner's
 * same-mailbox matches): an entry of one of those categories, @hard or
 * @complaint as the policy removes them, of an address without a +tag.
 * A server without sub-addressing (RFC 5233) rejects kim+news@ while
 * kim@ still takes mail. Imported and hand-made entries may be an
 * unsubscription of one spelling, so they spread to none. */
static gboolean
entry_spreads (const BounceSuppression *entry,
               gboolean                 hard,
               gboolean                 complaint)
{
  const char *at;
  const char *plus;

  if (!(hard && g_str_equal (entry->category, "hard")) &&
      !(complaint && g_str_equal (entry->category, "complaint")))
    return FALSE;

  at = strrchr (entry->address, '@');
  plus = at != NULL ? memchr (entry->address, '+', at - entry->address) : NULL;

  return plus == NULL || plus == entry->address;
}

/* Fills spreading_entries; called with the lock held, after
 * ensure_suppressed(). */
static GHashTable *
ensure_spreading_entries_locked (BounceHistory *self)
{
  GHashTableIter iter;
  gpointer value;

  if (self->spreading_entries != NULL)
    return self->spreading_entries;

  self->spreading_entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   (GDestroyNotify) g_ptr_array_unref);
  g_hash_table_iter_init (&iter, self->suppressed);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      BounceSuppression *entry = value;
      char *key;
      GPtrArray *entries;

      /* Most addresses are their own key, which is the quickest test. */
      key = _bounce_address_dup_other_mailbox_key (entry->address);
      if (key == NULL)
        continue;
      if (!entry_spreads (entry, TRUE, TRUE))
        {
          g_free (key);
          continue;
        }

      entries = g_hash_table_lookup (self->spreading_entries, key);
      if (entries == NULL)
        {
          entries = g_ptr_array_new ();
          g_hash_table_insert (self->spreading_entries, key, entries);
        }
      else
        g_free (key);
      g_ptr_array_add (entries, entry);
    }

  return self->spreading_entries;
}

/* Returns the entry of another spelling of @address's mailbox that
 * removes @address too, or NULL; called with the lock held, after
 * ensure_suppressed(). */
static const BounceSuppression *
lookup_spreading_entry_locked (BounceHistory *self,
                               const char    *address,
                               gboolean       other_spelling,
                               gboolean       hard,
                               gboolean       complaint)
{
  g_autofree char *key = other_spelling ? _bounce_address_dup_other_mailbox_key (address) : NULL;
  GHashTable *spreading = ensure_spreading_entries_locked (self);
  GPtrArray *entries;

  /* The entry of the key itself: kim@example.com for kim+news@example.com. */
  if (key != NULL)
    {
      const BounceSuppression *entry = g_hash_table_lookup (self->suppressed, key);

      if (entry != NULL && entry_spreads (entry, hard, complaint))
        return entry;
    }

  /* Entries of other spellings with the same key: j.a.n.e@gmail.com
   * for jane@gmail.com, ada@me.com for ada@icloud.com. An address
   * without another spelling is its own key. */
  if (g_hash_table_size (spreading) == 0)
    return NULL;
  entries = g_hash_table_lookup (spreading, key != NULL ? key : address);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const BounceSuppression *entry = entries->pdata[i];

      if (entry_spreads (entry, hard, complaint) && !g_str_equal (entry->address, address))
        return entry;
    }

  return NULL;
}

const char *
_bounce_history_lookup_suppression_category (BounceHistory *self,
                                             const char    *address,
                                             gboolean       other_spelling,
                                             gboolean       hard,
                                             gboolean       complaint,
                                             const char   **mailbox_address)
{
  g_autoptr(GError) error = NULL;
  const BounceSuppression *found = NULL;
  const char *category = NULL;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (mailbox_address != NULL, NULL);

  *mailbox_address = NULL;

  g_mutex_lock (&self->mutex);
  if (!ensure_suppressed (self, &error))
    warn_read_failure (error);
  else if ((found = g_hash_table_lookup (self->suppressed, address)) == NULL &&
           (found = lookup_spreading_entry_locked (self, address, other_spelling, hard, complaint)) != NULL)
    /* Interned like the category, so that it outlives a reload of the
     * list. Only the few addresses that remove another spelling are. */
    *mailbox_address = g_intern_string (found->address);
  if (found != NULL)
    category = found->category;
  g_mutex_unlock (&self->mutex);

  return category;
}

gboolean
_bounce_history_foreach_mailbox_key (BounceHistory             *self,
                                     GHashTable                *keys,
                                     BounceHistoryAddressesFunc func,
                                     gpointer                   user_data)
{
  g_autoptr(GError) error = NULL;
  const char *batch[BOUNCE_HISTORY_LISTED_BATCH];
  guint n = 0;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  if (!ensure_suppressed (self, &error))
    {
      warn_read_failure (error);
      g_mutex_unlock (&self->mutex);
      return FALSE;
    }

  g_hash_table_iter_init (&iter, ensure_spreading_entries_locked (self));
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      batch[n++] = key;
      if (n == G_N_ELEMENTS (batch))
        {
          func (batch, n, user_data);
          n = 0;
        }
    }

  if (keys != NULL)
    {
      g_hash_table_iter_init (&iter, keys);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          const BounceSuppression *entry = g_hash_table_lookup (self->suppressed, key);

          if (entry == NULL || !entry_spreads (entry, TRUE, TRUE))
            continue;
          batch[n++] = key;
          if (n == G_N_ELEMENTS (batch))
            {
              func (batch, n, user_data);
              n = 0;
            }
        }
    }

  if (n > 0)
    func (batch, n, user_data);
  g_mutex_unlock (&self->mutex);

  return TRUE;
}

BounceSuppression *
bounce_history_lookup_suppression (BounceHistory *self,
                                   const char    *address)
{
  const BounceSuppression *found;
  BounceSuppression *copy = NULL;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  g_mutex_lock (&self->mutex);
  found = lookup_loaded_locked (self, FALSE, address);
  if (found != NULL)
    copy = suppression_copy (found);
  g_mutex_unlock (&self->mutex);

  return copy;
}

char *
bounce_history_dup_unsuppressed_text (BounceHistory  *self,
                                      const char     *address,
                                      GError        **error)
{
  g_autoptr(BounceSuppression) active = NULL;
  g_autoptr(GPtrArray) bounces = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *bounce_text = NULL;
  const BounceSuppression *removed = NULL;
  const BounceRecord *latest = NULL;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  active = bounce_history_lookup_suppression (self, address);
  if (active != NULL)
    return NULL;

  bounces = bounce_history_list_bounces (self, address, error);
  if (bounces == NULL)
    return NULL;
  for (guint i = bounces->len; i > 0 && latest == NULL; i--)
    {
      const BounceRecord *record = bounces->pdata[i - 1];

      if (record->category == BOUNCE_CATEGORY_HARD || record->category == BOUNCE_CATEGORY_COMPLAINT)
        latest = record;
    }
  if (latest == NULL)
    return NULL;

  /* The search matches parts of addresses, so the entry is the one
   * whose address is @address itself. */
  entries = bounce_history_list_suppressions (self, address, TRUE, error);
  if (entries == NULL)
    return NULL;
  for (guint i = 0; i < entries->len; i++)
    {
      const BounceSuppression *entry = entries->pdata[i];

      if (g_str_equal (entry->address, address))
        removed = entry;
    }

  if (latest->date != NULL)
    {
      /* TRANSLATORS: date of a recorded bounce, "5 Mar 2024" */
      g_autofree char *date = bounce_format_date (latest->date, _("%-d %b %Y"));

      bounce_text = latest->category == BOUNCE_CATEGORY_HARD
                    /* TRANSLATORS: a status code such as 5.1.1, then a date */
                    ? g_strdup_printf (_("the history records a hard bounce %s on %s"), latest->status, date)
                    /* TRANSLATORS: a date follows */
                    : g_strdup_printf (_("the history records a spam complaint on %s"), date);
    }
  else
    bounce_text = latest->category == BOUNCE_CATEGORY_HARD
                  /* TRANSLATORS: a status code such as 5.1.1 */
                  ? g_strdup_printf (_("the history records a hard bounce %s"), latest->status)
                  : g_strdup (_("the history records a spam complaint"));
  g_strchomp (bounce_text);

  if (removed != NULL)
    {
      g_autoptr(GDateTime) changed = g_date_time_new_from_unix_local (removed->changed);
      g_autofree char *date = bounce_format_date (changed, _("%-d %b %Y"));

      /* TRANSLATORS: the first %s is "the history records a hard bounce
       * 5.1.1 on 5 Mar 2024", the second a date */
      return g_strdup_printf (_("%s, and the address was taken off the suppression list on %s"),
                              bounce_text, date);
    }

  /* TRANSLATORS: %s is "the history records a hard bounce 5.1.1 on 5 Mar 2024" */
  return g_strdup_printf (_("%s, but the address is not on the suppression list"), bounce_text);
}

typedef struct
{
  char              *key;
  BounceSuppression *entry;
} SortedEntry;

static int
compare_sorted_entries (gconstpointer a,
                        gconstpointer b)
{
  const SortedEntry *first = a;
  const SortedEntry *second = b;
  int order = strcmp (first->key, second->key);

  return order != 0 ? order : strcmp (first->entry->address, second->entry->address);
}

/* Puts @entries in the order of bounce_address_dup_sort_key(), the one
 * the app's Suppression List page shows, with one key per entry. */
static void
sort_by_address (GPtrArray *entries)
{
  g_autofree SortedEntry *sorted = NULL;

  /* g_new() returns NULL for no entries, which qsort() must not get. */
  if (entries->len < 2)
    return;

  sorted = g_new (SortedEntry, entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      BounceSuppression *entry = entries->pdata[i];

      sorted[i] = (SortedEntry) { bounce_address_dup_sort_key (entry->address), entry };
    }

  qsort (sorted, entries->len, sizeof *sorted, compare_sorted_entries);

  for (guint i = 0; i < entries->len; i++)
    {
      entries->pdata[i] = sorted[i].entry;
      g_free (sorted[i].key);
    }
}

GPtrArray *
bounce_history_list_suppressions (BounceHistory  *self,
                                  const char     *search,
                                  gboolean        include_removed,
                                  GError        **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_suppression_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *pattern = NULL;
  int rc;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), NULL);

  /* instr() rather than LIKE, so "%" and "_" in a search are plain. */
  g_mutex_lock (&self->mutex);
  stmt = prepare (self, "SELECT " SUPPRESSION_COLUMNS " FROM suppression "
                        "WHERE (?1 OR status = 'active') AND instr (address, ?2) > 0", error);
  if (stmt == NULL)
    {
      g_mutex_unlock (&self->mutex);
      return NULL;
    }

  pattern = g_utf8_strdown (search ? search : "", -1);
  sqlite3_bind_int (stmt, 1, include_removed ? 1 : 0);
  bind_text (stmt, 2, pattern);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, suppression_from_row (stmt));

  g_mutex_unlock (&self->mutex);

  if (rc != SQLITE_DONE)
    {
      fail (self, rc, error);
      return NULL;
    }

  sort_by_address (entries);

  return g_steal_pointer (&entries);
}

/* Runs one write statement in its own transaction. */
static gboolean
run_write (BounceHistory  *self,
           sqlite3_stmt   *stmt,
           gboolean        must_change,
           const char     *address,
           GError        **error)
{
  int rc;

  if (!flush_locked (self, error) || !exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      fail (self, rc, error);
      exec_sql (self, "ROLLBACK", NULL);
      return FALSE;
    }

  if (must_change && sqlite3_changes (self->db) == 0)
    {
      exec_sql (self, "ROLLBACK", NULL);
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND,
                   _("“%s” is not on the suppression list."), address);
      return FALSE;
    }

  if (!exec_sql (self, "COMMIT", error))
    {
      exec_sql (self, "ROLLBACK", NULL);
      return FALSE;
    }

  g_clear_pointer (&self->suppressed, g_hash_table_unref);

  return TRUE;
}

/* The since of suppress_locked() for an entry dated now. 0 cannot be it,
 * because an entry exported with a date before 1970 has a negative since
 * and 0 is 1 January 1970. */
#define SINCE_NOW G_MININT64

/* Lists @address as a person's request (added by hand or imported). An
 * entry listed by a bounce becomes the request's entry: a bounce that a
 * later parser build judges again may leave the list, a person's request
 * must not. With @yield_to_keep, a keep made at or after @since (any keep
 * for SINCE_NOW) records the entry as removed and sets *@held_by_keep.
 * Sets *@added when the address was not listed before and is now. */
static gboolean
suppress_locked (BounceHistory  *self,
                 const char     *address,
                 const char     *category,
                 const char     *reason,
                 const char     *source,
                 gint64          since,
                 gboolean        yield_to_keep,
                 gboolean       *added,
                 gboolean       *held_by_keep,
                 GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) mark = NULL;
  g_autoptr(sqlite3_stmt) lookup = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean listed;
  gboolean changed;
  gboolean active;
  int rc;

  lookup = prepare (self, "SELECT 1 FROM suppression WHERE address = ?1 AND status = 'active'", error);
  if (lookup == NULL)
    return FALSE;
  bind_text (lookup, 1, address);
  rc = sqlite3_step (lookup);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return fail (self, rc, error);
  listed = rc == SQLITE_ROW;

  yield_to_keep = yield_to_keep && self->schema_version >= KEPT_SCHEMA_VERSION;
  stmt = prepare (self, yield_to_keep
                        ? "INSERT INTO suppression (address, category, reason, source, status, "
                          "since, changed) VALUES (?1, ?2, ?3, ?4, " KEPT_IMPORT_STATUS ", ?6, ?5) "
                          "ON CONFLICT (address) DO UPDATE SET category = excluded.category, "
                          "reason = excluded.reason, source = excluded.source, status = excluded.status, "
                          "since = excluded.since, changed = excluded.changed, bounce_id = NULL "
                          "WHERE status = 'removed' OR (bounce_id IS NOT NULL AND excluded.status = 'active')"
                        : "INSERT INTO suppression (address, category, reason, source, status, "
                          "since, changed) VALUES (?1, ?2, ?3, ?4, 'active', ?6, ?5) "
                          "ON CONFLICT (address) DO UPDATE SET category = excluded.category, "
                          "reason = excluded.reason, source = excluded.source, status = 'active', "
                          "since = excluded.since, changed = excluded.changed, bounce_id = NULL "
                          "WHERE status = 'removed' OR bounce_id IS NOT NULL", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, address);
  bind_text (stmt, 2, category);
  bind_text (stmt, 3, reason);
  bind_text (stmt, 4, source);
  sqlite3_bind_int64 (stmt, 5, now);
  sqlite3_bind_int64 (stmt, 6, since != SINCE_NOW ? since : now);
  if (yield_to_keep)
    sqlite3_bind_int64 (stmt, 7, since);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    return fail (self, sqlite3_errcode (self->db), error);
  changed = sqlite3_changes (self->db) > 0;

  sqlite3_reset (lookup);
  rc = sqlite3_step (lookup);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return fail (self, rc, error);
  active = rc == SQLITE_ROW;

  if (added != NULL)
    *added = changed && !listed && active;
  if (held_by_keep != NULL)
    *held_by_keep = yield_to_keep && !active;

  if (yield_to_keep)
    {
      mark = prepare (self, MARK_KEPT_UNSUPPRESSED, error);
      if (mark == NULL)
        return FALSE;
      bind_text (mark, 1, address);
      if (sqlite3_step (mark) != SQLITE_DONE)
        return fail (self, sqlite3_errcode (self->db), error);
    }

  return TRUE;
}

/* Returns @address normalized, or NULL with BOUNCE_ERROR_INVALID_ARGUMENT
 * when it is not an email address. */
static char *
dup_normalized_address (const char  *address,
                        GError     **error)
{
  char *normalized = bounce_address_normalize (address);

  if (normalized == NULL)
    g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_INVALID_ARGUMENT,
                 _("“%s” is not an email address."), address);

  return normalized;
}

/* Ends the transaction of a write of the suppression list or the kept
 * addresses: commits it when @done, else rolls it back. Either way the
 * lists loaded in memory are read again at the next lookup. Called with
 * the lock held. */
static gboolean
end_write_locked (BounceHistory  *self,
                  gboolean        done,
                  GError        **error)
{
  if (done && !(done = exec_sql (self, "COMMIT", error)))
    exec_sql (self, "ROLLBACK", NULL);
  else if (!done)
    exec_sql (self, "ROLLBACK", NULL);

  g_clear_pointer (&self->suppressed, g_hash_table_unref);

  return done;
}

gboolean
bounce_history_suppress (BounceHistory  *self,
                         const char     *address,
                         const char     *category,
                         const char     *reason,
                         const char     *source,
                         GError        **error)
{
  g_autofree char *normalized = NULL;
  gboolean done;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (category != NULL, FALSE);

  normalized = dup_normalized_address (address, error);
  if (normalized == NULL)
    return FALSE;

  g_mutex_lock (&self->mutex);
  done = flush_locked (self, error) && exec_sql (self, "BEGIN IMMEDIATE", error);
  if (done)
    done = suppress_locked (self, normalized, category, reason, source, SINCE_NOW, FALSE, NULL, NULL, error);
  done = end_write_locked (self, done, error);
  g_mutex_unlock (&self->mutex);

  return done;
}

static gboolean
set_suppression_status (BounceHistory  *self,
                        const char     *address,
                        const char     *from,
                        const char     *to,
                        GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *normalized = NULL;
  gboolean done = FALSE;

  normalized = bounce_address_normalize (address);

  g_mutex_lock (&self->mutex);
  stmt = prepare (self, "UPDATE suppression SET status = ?3, changed = ?4 "
                        "WHERE address = ?1 AND status = ?2", error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, normalized ? normalized : address);
      bind_text (stmt, 2, from);
      bind_text (stmt, 3, to);
      sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
      done = run_write (self, stmt, TRUE, address, error);
    }
  g_mutex_unlock (&self->mutex);

  return done;
}

gboolean
bounce_history_unsuppress (BounceHistory  *self,
                           const char     *address,
                           GError        **error)
{
  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  return set_suppression_status (self, address, "active", "removed", error);
}

gboolean
bounce_history_restore_suppression (BounceHistory  *self,
                                    const char     *address,
                                    GError        **error)
{
  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  return set_suppression_status (self, address, "removed", "active", error);
}

/* Kept addresses */

void
bounce_kept_address_free (BounceKeptAddress *kept)
{
  if (kept == NULL)
    return;

  g_free (kept->address);
  g_free (kept);
}

/* Runs @sql with @address bound as ?1 and, when it has a ?2, the
 * current Unix time as ?2, inside the caller's transaction. Returns the
 * rows it changed, or -1 on failure. Called with the lock held. */
static int
change_address_rows_locked (BounceHistory  *self,
                            const char     *sql,
                            const char     *address,
                            GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;

  bind_text (stmt, 1, address);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      fail (self, rc, error);
      return -1;
    }

  return sqlite3_changes (self->db);
}

gboolean
bounce_history_keep_address (BounceHistory  *self,
                             const char     *address,
                             gboolean       *unsuppressed,
                             GError        **error)
{
  g_autofree char *normalized = NULL;
  int n_added = -1;
  int n_unsuppressed = 0;
  gboolean done;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  if (unsuppressed != NULL)
    *unsuppressed = FALSE;

  normalized = dup_normalized_address (address, error);
  if (normalized == NULL)
    return FALSE;

  /* An address kept already keeps its date and the entry it took off.
   * A suppression entry added since stays on the list, because the keep
   * outweighs it in every verdict anyway. */
  g_mutex_lock (&self->mutex);
  done = flush_locked (self, error) && exec_sql (self, "BEGIN IMMEDIATE", error);
  if (done)
    {
      n_added = change_address_rows_locked (self,
                                            "INSERT INTO kept (address, since, unsuppressed) VALUES (?1, ?2, "
                                            "EXISTS (SELECT 1 FROM suppression WHERE address = ?1 AND status = 'active')) "
                                            "ON CONFLICT (address) DO NOTHING",
                                            normalized, error);
      done = n_added >= 0;
    }
  if (done && n_added > 0)
    {
      n_unsuppressed = change_address_rows_locked (self,
                                                   "UPDATE suppression SET status = 'removed', changed = ?2 "
                                                   "WHERE address = ?1 AND status = 'active'",
                                                   normalized, error);
      done = n_unsuppressed >= 0;
    }
  done = end_write_locked (self, done, error);
  g_mutex_unlock (&self->mutex);

  if (done && unsuppressed != NULL)
    *unsuppressed = n_unsuppressed > 0;

  return done;
}

gboolean
bounce_history_stop_keeping (BounceHistory  *self,
                             const char     *address,
                             gboolean       *restored,
                             GError        **error)
{
  g_autofree char *normalized = NULL;
  int n_restored = 0;
  int n_deleted = -1;
  gboolean done;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  if (restored != NULL)
    *restored = FALSE;

  normalized = bounce_address_normalize (address);

  /* The entry that keeping took off goes back as it was, unless a person
   * or a later bounce changed it since. */
  g_mutex_lock (&self->mutex);
  done = flush_locked (self, error) && exec_sql (self, "BEGIN IMMEDIATE", error);
  if (done)
    {
      n_restored = change_address_rows_locked (self,
                                               "UPDATE suppression SET status = 'active', changed = ?2 "
                                               "WHERE address = ?1 AND status = 'removed' AND EXISTS "
                                               "(SELECT 1 FROM kept WHERE address = ?1 AND unsuppressed)",
                                               normalized ? normalized : address, error);
      done = n_restored >= 0;
    }
  if (done)
    {
      n_deleted = change_address_rows_locked (self, "DELETE FROM kept WHERE address = ?1",
                                              normalized ? normalized : address, error);
      done = n_deleted >= 0;
    }
  if (done && n_deleted == 0)
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_NOT_FOUND,
                   _("“%s” is not a kept address. “bounce-cli kept list” lists them."), address);
      done = FALSE;
    }
  done = end_write_locked (self, done, error);
  g_mutex_unlock (&self->mutex);

  if (done && restored != NULL)
    *restored = n_restored > 0;

  return done;
}

gboolean
bounce_history_lookup_kept (BounceHistory *self,
                            const char    *address,
                            gint64        *since)
{
  g_autoptr(GError) error = NULL;
  const BounceKeptAddress *kept = NULL;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  /* The cleaner looks up the address of every row it judges, and most
   * histories keep no address, so hashing the address took most of the
   * call's instructions. */
  g_mutex_lock (&self->mutex);
  if (!ensure_suppressed (self, &error))
    warn_read_failure (error);
  else if (g_hash_table_size (self->kept) > 0)
    kept = g_hash_table_lookup (self->kept, address);
  if (kept != NULL && since != NULL)
    *since = kept->since;
  g_mutex_unlock (&self->mutex);

  return kept != NULL;
}

static int
compare_kept_addresses (gconstpointer a,
                        gconstpointer b)
{
  const BounceKeptAddress *first = *(const BounceKeptAddress * const *) a;
  const BounceKeptAddress *second = *(const BounceKeptAddress * const *) b;

  return strcmp (first->address, second->address);
}

GPtrArray *
bounce_history_list_kept (BounceHistory  *self,
                          GError        **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_kept_address_free);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_mutex_lock (&self->mutex);
  if (!ensure_suppressed (self, error))
    {
      g_mutex_unlock (&self->mutex);
      return NULL;
    }

  g_hash_table_iter_init (&iter, self->kept);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const BounceKeptAddress *kept = value;
      BounceKeptAddress *copy = g_new (BounceKeptAddress, 1);

      *copy = *kept;
      copy->address = g_strdup (kept->address);
      g_ptr_array_add (entries, copy);
    }
  g_mutex_unlock (&self->mutex);

  g_ptr_array_sort (entries, compare_kept_addresses);

  return g_steal_pointer (&entries);
}

/* Another tool's column with the cause: "reason", "Reason", "bounce
 * reason", else the server's text in Mailgun's "error" column, a
 * "diagnostic" column or Postmark's "Details", else Postmark's
 * "Description". */
static int
find_reason_column (BounceContactList *list)
{
  static const char * const words[] = { "reason", "error", "diagnostic", "details", "description", NULL };

  for (guint i = 0; words[i] != NULL; i++)
    for (guint column = 0; column < bounce_contact_list_get_n_columns (list); column++)
      {
        g_autofree char *name = g_utf8_strdown (bounce_contact_list_get_column_name (list, column), -1);

        if (strstr (name, words[i]) != NULL)
          return (int) column;
      }

  return -1;
}

/* Returns the column named @name, ignoring case, or -1. */
static int
find_named_column (BounceContactList *list,
                   const char        *name)
{
  for (guint column = 0; column < bounce_contact_list_get_n_columns (list); column++)
    {
      g_autofree char *column_name = g_strdup (bounce_contact_list_get_column_name (list, column));

      if (g_ascii_strcasecmp (g_strstrip (column_name), name) == 0)
        return (int) column;
    }

  return -1;
}

/* Returns the cell at @row and @column, stripped, or NULL when @column
 * is -1 or the cell is empty. */
static char *
dup_stripped_cell (BounceContactList *list,
                   guint              row,
                   int                column)
{
  g_autofree char *cell = NULL;

  if (column < 0)
    return NULL;

  cell = bounce_contact_list_dup_cell (list, row, (guint) column);
  if (cell == NULL || g_strstrip (cell)[0] == '\0')
    return NULL;

  /* The apostrophe that bounce_suppressions_write_csv() puts before a
   * formula character is not part of the text. */
  if (cell[0] == '\'' && cell[1] != '\0' && strchr ("=+-@", cell[1]) != NULL)
    return g_strdup (cell + 1);

  return g_steal_pointer (&cell);
}

/* The categories of the suppression list, which an export writes. */
static const char * const suppression_categories[] = { "hard", "complaint", "soft-limit", "manual", "imported", NULL };

/* Returns whether @name contains one of @words, a NULL-terminated list
 * or NULL. */
static gboolean
contains_any_word (const char         *name,
                   const char * const *words)
{
  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    if (strstr (name, words[i]) != NULL)
      return TRUE;

  return FALSE;
}

/* Returns the first column, other than @taken_a and @taken_b, named one
 * of @names (ignoring case), else the first whose name contains one of
 * them and none of @skip_words (NULL for none), in the order of @names;
 * -1 when there is none. */
static int
find_column_among (BounceContactList  *list,
                   const char * const *names,
                   const char * const *skip_words,
                   int                 taken_a,
                   int                 taken_b)
{
  guint n_columns = bounce_contact_list_get_n_columns (list);

  for (guint i = 0; names[i] != NULL; i++)
    {
      int column = find_named_column (list, names[i]);

      if (column >= 0 && column != taken_a && column != taken_b)
        return column;
    }

  for (guint i = 0; names[i] != NULL; i++)
    for (guint column = 0; column < n_columns; column++)
      {
        g_autofree char *name = g_utf8_strdown (bounce_contact_list_get_column_name (list, column), -1);

        if ((int) column != taken_a && (int) column != taken_b && strstr (name, names[i]) != NULL &&
            !contains_any_word (name, skip_words))
          return (int) column;
      }

  return -1;
}

/* The column of a sending service's bounce export that names what
 * happened: "status" (SendGrid: "4.2.2"), "type" (Postmark:
 * "SoftBounce"), "category", "code", or a name that contains one. */
static int
find_status_column (BounceContactList *list,
                    int                reason_column)
{
  static const char * const names[] = { "status", "type", "category", "code", NULL };

  return find_column_among (list, names, NULL, reason_column, (int) bounce_contact_list_get_email_column (list));
}

/* The column with the date of each entry: "since" of the export,
 * Mailchimp's CLEAN_TIME (cleaned) or UNSUB_TIME (unsubscribed), or a
 * service's "created" (SendGrid), "date" or "timestamp". Mailchimp's
 * OPTIN_TIME and CONFIRM_TIME, which come first in its exports, date the
 * subscription instead, so they never count, and neither does any other
 * column that names an opt-in or a confirmation. */
static int
find_date_column (BounceContactList *list,
                  int                status_column)
{
  static const char * const names[] = { "since", "clean_time", "unsub_time", "created", "date", "timestamp", "time",
                                        "bouncedat", "blockedat", NULL };
  static const char * const subscription_words[] = { "optin", "opt_in", "opt-in", "confirm", NULL };

  return find_column_among (list, names, subscription_words, status_column,
                            (int) bounce_contact_list_get_email_column (list));
}

/* Words of a column name that say why an address is on a suppression
 * list: another tool's reason or bounce columns, Mailchimp's CLEAN_TIME
 * and UNSUB_TIME, and "suppressed", "complaint", "blocked" or
 * "opted out" in the names of other services' exports. */
static const char * const suppression_column_words[] = {
  "reason", "bounce", "unsub", "clean", "suppress", "complain", "spam", "abuse", "block",
  "opt-out", "optout", "opted out", "opted-out", NULL
};

/* Column names that mark a suppression list in the same way: the status,
 * type, category or code column of a sending service's bounce export,
 * and the "since" of bounce_suppressions_write_csv(). Only the whole name
 * counts, because a contact list has columns such as "Postal Code" or
 * "Contact Type". */
static const char * const suppression_column_names[] = {
  "status", "type", "category", "code", "since", NULL
};

gboolean
bounce_history_import_is_contact_list (BounceContactList *list)
{
  guint n_columns;
  guint n_named = 0;
  int email_column;

  g_return_val_if_fail (BOUNCE_IS_CONTACT_LIST (list), FALSE);

  /* Without a header no column name can tell, and a file of addresses
   * alone is what a list of unsubscribes usually is. */
  if (bounce_contact_list_get_dialect (list)->has_header != 1)
    return FALSE;

  n_columns = bounce_contact_list_get_n_columns (list);
  email_column = bounce_contact_list_get_email_column (list);
  for (guint column = 0; column < n_columns; column++)
    {
      g_autofree char *name = g_utf8_strdown (bounce_contact_list_get_column_name (list, column), -1);

      g_strstrip (name);
      if (g_strv_contains (suppression_column_names, name))
        return FALSE;
      for (guint i = 0; suppression_column_words[i] != NULL; i++)
        if (strstr (name, suppression_column_words[i]) != NULL)
          return FALSE;

      if ((int) column != email_column && name[0] != '\0')
        n_named++;
    }

  return n_named > 0;
}

/* Stores in @since the Unix time of a date cell and returns TRUE, or
 * returns FALSE when @text is not a date. Read are ISO 8601 as the
 * export writes it, with a space in place of the "T" or as a date alone
 * (UTC when it names no offset), RFC 5322 dates, and Unix seconds or
 * milliseconds. */
static gboolean
parse_since (const char *text,
             gint64     *since)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *iso = NULL;
  gsize length;
  guint64 number;

  *since = 0;
  length = strlen (text);

  /* "03/04/2026" is 3 April or 4 March depending on the exporter's
   * locale, and GMime would read "03/04/2026 10:00" month first. Neither
   * ISO 8601 nor RFC 5322 writes a "/", so such a date is not read. */
  if (strchr (text, '/') != NULL)
    return FALSE;
  if (length >= 9 && length <= 13 && g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &number, NULL))
    {
      *since = length >= 12 ? (gint64) (number / 1000) : (gint64) number;
      return TRUE;
    }

  if (length == 10)
    iso = g_strconcat (text, "T00:00:00", NULL);
  else
    iso = g_strdup (text);
  if (length > 10 && iso[10] == ' ')
    iso[10] = 'T';
  time = g_date_time_new_from_iso8601 (iso, utc);

  /* Mailgun's exports write RFC 5322 dates ("Mon, 02 Nov 2026 10:00:00
   * UTC"). GMime reads them, but also reads a date without a time, so a
   * time is required here. */
  if (time == NULL && strchr (text, ':') != NULL)
    time = g_mime_utils_header_decode_date (text);
  if (time == NULL)
    return FALSE;

  *since = g_date_time_to_unix (time);

  return TRUE;
}

/* TRUE when @reason, the text of a bounce export's reason column, states
 * a cause that does not make an address dead. That is when the
 * classifier, which `explain` and a scan use, reads a soft, delayed or
 * blocked bounce or an auto-reply in it ("mailbox full", "rejected as
 * spam", "out of office"). @dead is set when it reads a hard bounce or
 * a complaint.
 * The classifier calls a vague "mailbox unavailable" without an enhanced
 * code "filtered", because a spam filter may have written it. That is no
 * stated cause, and the sending service has already counted the row as a
 * bounce. @code is the row's reply or enhanced code, or NULL. */
static gboolean
reason_states_temporary (const char *code,
                         const char *reason,
                         gboolean   *dead)
{
  const char *reason_id = NULL;
  g_autofree char *reply_code = NULL;
  g_autofree char *status = NULL;
  BounceCategory category;

  *dead = FALSE;
  if (reason == NULL || reason[0] == '\0')
    return FALSE;

  /* "552 5.2.2 Mailbox full": the codes in the text count as the
   * server's, as `explain` reads a whole line. */
  bounce_status_code_parse_line (reason, &reply_code, &status);
  if (code != NULL && strchr (code, '.') != NULL)
    {
      g_free (status);
      status = g_strdup (code);
    }
  else if (code != NULL)
    {
      g_free (reply_code);
      reply_code = g_strdup (code);
    }

  category = bounce_classify (status, reply_code, NULL, reason, &reason_id);
  *dead = category == BOUNCE_CATEGORY_HARD || category == BOUNCE_CATEGORY_COMPLAINT;
  if (category == BOUNCE_CATEGORY_BLOCKED)
    return g_strcmp0 (reason_id, BOUNCE_REASON_FILTERED) != 0;

  return category == BOUNCE_CATEGORY_SOFT || category == BOUNCE_CATEGORY_DELAYED ||
         category == BOUNCE_CATEGORY_AUTO_REPLY;
}

/* TRUE when @reply_code, a bare RFC 5321 reply code such as "550" in the
 * status column, names a bounce that makes an address dead. The text of
 * @reason decides first when it states a cause. Otherwise the code's
 * entry in the status-code catalogue decides, as `explain 552` prints
 * it: 551 is hard, 552 (mailbox full) soft and 554 blocked. A 5xx code
 * whose category depends on the text (550, 553) counts as hard, because
 * the sending service has counted the row as a permanent bounce. A
 * code of another class (4xx, or a service's own such as Mailgun's 605)
 * is imported only when its text is a hard bounce or a complaint. */
static gboolean
is_dead_reply_code (const char *reply_code,
                    const char *reason)
{
  const BounceStatusCode *entry;
  gboolean dead;

  if (reason_states_temporary (reply_code, reason, &dead))
    return FALSE;
  if (dead)
    return TRUE;
  if (reply_code[0] != '5')
    return FALSE;

  entry = bounce_status_code_lookup (reply_code);
  if (entry == NULL)
    return TRUE;

  return entry->category == BOUNCE_CATEGORY_HARD || entry->category == BOUNCE_CATEGORY_COMPLAINT ||
         entry->category == BOUNCE_CATEGORY_UNKNOWN;
}

/* Words of a sending service's event type or status that make an address
 * dead. The value is compared in lower case and without spaces, hyphens
 * or underscores. The words cover hard bounces and bad addresses ("HardBounce",
 * "BadEmailAddress", "invalidEmail"), spam complaints ("SpamComplaint",
 * "spamreport", Brevo's "contactFlaggedAsSpam"), Mailchimp's "cleaned",
 * and suppressions a person made: unsubscribes and manual blocks
 * (Postmark's "ManuallyDeactivated", Brevo's "adminBlocked"). */
static const char * const dead_type_words[] = {
  "hard", "permanent", "bademail", "badaddress", "invalid", "userunknown", "unknownuser", "nosuchuser",
  "doesnotexist", "complain", "abuse", "spamreport", "asspam", "fbl", "cleaned",
  "unsub", "optout", "optedout", "manual", "admin", NULL
};

/* Whole values that mean a permanent bounce alone: Amazon SES's
 * suppression list uses "BOUNCE" only for hard bounces. */
static const char * const dead_type_values[] = { "bounce", "bounced", "suppressed", "complaint", NULL };

/* TRUE when @status, a cell of the status column, names a hard bounce
 * or a complaint, which make an address dead. Our own categories come
 * back as they were. A code is read with @reason by the classifier and
 * the catalogue, as `explain` reads them. A service's event type counts
 * only when it is one of dead_type_words[], so soft bounces, blocks and
 * events that are no bounce at all (Postmark's "AutoResponder",
 * "Subscribe", "ChallengeVerification", "SpamNotification") are left out. */
static gboolean
is_dead_status (const char *status,
                const char *reason)
{
  g_autofree char *lower = g_ascii_strdown (status, -1);
  g_autoptr(GString) squashed = g_string_new (NULL);
  const char *reason_id = NULL;
  BounceCategory category;
  gboolean dead;

  /* An entry of our own export, where "soft-limit" is the verdict of the
   * soft-bounce rule that the address is dead. */
  if (g_strv_contains (suppression_categories, lower))
    return TRUE;

  if (g_ascii_isdigit (lower[0]))
    {
      /* "5.1.1" or "550": an enhanced code or a reply code alone. */
      if (strchr (lower, '.') == NULL)
        return strlen (lower) == 3 ? is_dead_reply_code (lower, reason) : TRUE;

      if (reason_states_temporary (lower, reason, &dead))
        return FALSE;
      category = bounce_classify (lower, NULL, NULL, reason != NULL ? reason : "", &reason_id);
      if (category == BOUNCE_CATEGORY_HARD || category == BOUNCE_CATEGORY_COMPLAINT)
        return TRUE;

      return category == BOUNCE_CATEGORY_UNKNOWN && lower[0] == '5';
    }

  for (const char *c = lower; *c != '\0'; c++)
    if (*c != ' ' && *c != '-' && *c != '_')
      g_string_append_c (squashed, *c);
  if (g_strv_contains (dead_type_values, squashed->str))
    return TRUE;
  for (guint i = 0; dead_type_words[i] != NULL; i++)
    if (strstr (squashed->str, dead_type_words[i]) != NULL)
      return TRUE;

  return FALSE;
}

/* TRUE when @reason, the reason cell of a file without a status column,
 * names an event that makes no address dead. Such a file is a
 * suppression list of its own, so free text stays imported unless it
 * names a soft bounce, a block, a delay or an auto-reply (Brevo's
 * "softBounce"), or the classifier reads that cause in it. */
static gboolean
is_temporary_reason (const char *reason)
{
  static const char * const temporary_words[] = {
    "softbounce", "transient", "temporar", "autorespon", "autoreply", "outofoffice", "delay", "defer", NULL
  };
  g_autofree char *lower = g_ascii_strdown (reason, -1);
  g_autoptr(GString) squashed = g_string_new (NULL);
  gboolean dead;

  for (const char *c = lower; *c != '\0'; c++)
    if (*c != ' ' && *c != '-' && *c != '_')
      g_string_append_c (squashed, *c);
  for (guint i = 0; temporary_words[i] != NULL; i++)
    if (strstr (squashed->str, temporary_words[i]) != NULL)
      return TRUE;

  /* Brevo's "contactFlaggedAsSpam" is a complaint, which the classifier
   * would read as a spam block. */
  for (guint i = 0; dead_type_words[i] != NULL; i++)
    if (strstr (squashed->str, dead_type_words[i]) != NULL)
      return FALSE;

  return reason_states_temporary (NULL, reason, &dead);
}

static void
add_skipped_row (GPtrArray  *skipped,
                 const char *path,
                 guint       line,
                 const char *code,
                 const char *message)
{
  g_ptr_array_add (skipped, bounce_diagnostic_new (path, line, -1, code, message));
}

/* The entry of @address, active or removed, or NULL. */
static BounceSuppression *
lookup_any_locked (BounceHistory  *self,
                   const char     *address,
                   GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  BounceSuppression *entry = NULL;
  int rc;

  stmt = prepare (self, "SELECT " SUPPRESSION_COLUMNS " FROM suppression WHERE address = ?1", error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, address);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    entry = suppression_from_row (stmt);
  else if (rc != SQLITE_DONE)
    fail (self, rc, error);

  return entry;
}

gboolean
bounce_history_import_suppressions (BounceHistory  *self,
                                    const char     *path,
                                    guint          *n_added,
                                    GPtrArray     **skipped,
                                    GError        **error)
{
  g_autoptr(GPtrArray) added = NULL;

  if (!bounce_history_import_suppressions_full (self, path, BOUNCE_HISTORY_IMPORT_NONE, &added, skipped, error))
    {
      if (n_added != NULL)
        *n_added = 0;
      return FALSE;
    }

  if (n_added != NULL)
    *n_added = added->len;

  return TRUE;
}

gboolean
bounce_history_import_suppressions_full (BounceHistory             *self,
                                         const char                *path,
                                         BounceHistoryImportFlags   flags,
                                         GPtrArray                **added,
                                         GPtrArray                **skipped,
                                         GError                   **error)
{
  g_autoptr(BounceContactList) list = NULL;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  list = bounce_contact_list_new_from_file (path, NULL, NULL, error);
  if (list == NULL)
    return FALSE;

  return bounce_history_import_suppressions_from_list (self, list, flags, added, skipped, NULL, error);
}

gboolean
bounce_history_import_suppressions_from_list (BounceHistory             *self,
                                              BounceContactList         *list,
                                              BounceHistoryImportFlags   flags,
                                              GPtrArray                **added,
                                              GPtrArray                **skipped,
                                              GPtrArray                **warnings,
                                              GError                   **error)
{
  g_autoptr(GPtrArray) skipped_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_diagnostic_free);
  g_autoptr(GPtrArray) warning_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_diagnostic_free);
  g_autoptr(GPtrArray) added_entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bounce_suppression_free);
  g_autoptr(GHashTable) first_lines = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *file_name = NULL;
  const char *path;
  gboolean dry_run = (flags & BOUNCE_HISTORY_IMPORT_DRY_RUN) != 0;
  int reason_column;
  int category_column;
  int status_column;
  int since_column;
  int source_column;
  gboolean done;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (list != NULL, FALSE);

  path = bounce_contact_list_get_path (list);

  /* The columns of bounce_suppressions_write_csv() bring an exported
   * entry back as it was. Another tool's file may have a reason, a date
   * and a status, by which soft bounces are left out. */
  file_name = g_path_get_basename (path);
  reason_column = find_reason_column (list);
  category_column = find_named_column (list, "category");
  status_column = find_status_column (list, reason_column);
  since_column = find_date_column (list, status_column);
  source_column = find_named_column (list, "source");

  /* One transaction: an import is whole or not at all. */
  g_mutex_lock (&self->mutex);
  done = flush_locked (self, error) && exec_sql (self, "BEGIN IMMEDIATE", error);

  for (guint row = 0; done && row < bounce_contact_list_get_n_rows (list); row++)
    {
      const char *address = bounce_contact_list_get_address (list, row);
      guint line = bounce_contact_list_get_line (list, row);
      g_autofree char *reason = NULL;
      g_autofree char *category = NULL;
      g_autofree char *status = NULL;
      g_autofree char *since = NULL;
      g_autofree char *source = NULL;
      g_autoptr(BounceSuppression) previous = NULL;
      g_autoptr(GError) local_error = NULL;
      gboolean row_added = FALSE;
      gboolean row_kept = FALSE;
      gint64 since_time = SINCE_NOW;
      guint first_line;

      if (address == NULL)
        {
          add_skipped_row (skipped_rows, path, line, "invalid-address",
                           _("This row has no valid email address, so it was not imported."));
          continue;
        }

      first_line = GPOINTER_TO_UINT (g_hash_table_lookup (first_lines, address));
      if (first_line > 0)
        {
          g_autofree char *message = g_strdup_printf (_("This address is also on line %u, so this row was not imported."),
                                                      first_line);

          add_skipped_row (skipped_rows, path, line, "duplicate-address", message);
          continue;
        }
      g_hash_table_insert (first_lines, (gpointer) address, GUINT_TO_POINTER (line));

      reason = dup_stripped_cell (list, row, reason_column);
      status = dup_stripped_cell (list, row, status_column);
      if (status != NULL && !is_dead_status (status, reason))
        {
          /* TRANSLATORS: %s is the status cell of a sending service's
           * bounce export, such as "4.2.2", "SoftBounce" or "AutoResponder" */
          g_autofree char *message = g_strdup_printf (_("The status “%s” is not a hard bounce or a complaint, so "
                                                        "it does not make an address dead, and this row was not "
                                                        "imported."),
                                                      status);

          add_skipped_row (skipped_rows, path, line, "not-permanent", message);
          continue;
        }
      if (status == NULL && status_column < 0 && reason != NULL && is_temporary_reason (reason))
        {
          /* TRANSLATORS: %s is the reason cell of a suppression import,
           * such as "softBounce" or "552 5.2.2 Mailbox full" */
          g_autofree char *message = g_strdup_printf (_("The reason “%s” is not a hard bounce or a complaint, so "
                                                        "it does not make an address dead, and this row was not "
                                                        "imported."),
                                                      reason);

          add_skipped_row (skipped_rows, path, line, "not-permanent", message);
          continue;
        }

      /* Without a cause, a service's event type ("SpamComplaint") is the
       * only word that distinguishes a complaint from a hard bounce. A
       * code alone ("5.1.1") stays out of the reason, as before. */
      if (reason == NULL && status != NULL && status_column != category_column && !g_ascii_isdigit (status[0]))
        reason = g_strdup (status);

      category = dup_stripped_cell (list, row, category_column);
      since = dup_stripped_cell (list, row, since_column);
      source = dup_stripped_cell (list, row, source_column);

      /* An entry added by hand has no source, and an export writes the
       * empty cell. It comes back without one, not as from this file. */
      if (source == NULL && source_column >= 0)
        source = g_strdup ("");
      if (category == NULL || !g_strv_contains (suppression_categories, category))
        {
          g_free (category);
          category = g_strdup ("imported");
        }

      /* A removed entry is kept for the undo, which puts it back. */
      previous = lookup_any_locked (self, address, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          done = FALSE;
          break;
        }
      /* An entry listed by a bounce becomes this import's entry (see
       * suppress_locked()), but it is no address added.
       * NOTE: bounce_history_undo_import() leaves such an entry as the
       * import's, still listed. */
      if (previous != NULL && previous->active && previous->bounce_id == 0)
        continue;

      if (since != NULL && !parse_since (since, &since_time))
        {
          since_time = SINCE_NOW;
          /* TRANSLATORS: %s is the date cell of a suppression import */
          g_autofree char *message = g_strdup_printf (_("The date “%s” could not be read, so this entry is dated "
                                                        "today."),
                                                      since);

          add_skipped_row (warning_rows, path, line, "unreadable-date", message);
        }

      done = suppress_locked (self, address, category, reason, source != NULL ? source : file_name,
                              since_time, TRUE, &row_added, &row_kept, error);
      if (done && row_kept)
        {
          /* TRANSLATORS: %s is an email address */
          g_autofree char *message = g_strdup_printf (_("“%s” is kept by your choice, so it was not added to the "
                                                        "suppression list. Stop keeping it to suppress it."),
                                                      address);

          /* NOTE: the entry is recorded off the list and not in @added,
           * so bounce_history_undo_import() leaves it, and stopping the
           * keep lists it even after the import was undone. */
          add_skipped_row (skipped_rows, path, line, "kept-address", message);
        }
      if (done && row_added && previous != NULL)
        g_ptr_array_add (added_entries, g_steal_pointer (&previous));
      else if (done && row_added)
        g_ptr_array_add (added_entries, lookup_any_locked (self, address, NULL));
    }

  /* A dry run rolls back what it wrote, so it names exactly the entries
   * the import would add. */
  if (done && !dry_run)
    done = exec_sql (self, "COMMIT", error);
  if (!done || dry_run)
    exec_sql (self, "ROLLBACK", NULL);

  g_clear_pointer (&self->suppressed, g_hash_table_unref);
  g_mutex_unlock (&self->mutex);

  if (!done)
    return FALSE;

  g_ptr_array_remove (added_entries, NULL);
  if (added != NULL)
    *added = g_steal_pointer (&added_entries);
  if (skipped != NULL)
    *skipped = g_steal_pointer (&skipped_rows);
  if (warnings != NULL)
    *warnings = g_steal_pointer (&warning_rows);

  return TRUE;
}

gboolean
bounce_history_undo_import (BounceHistory  *self,
                            GPtrArray      *added,
                            GError        **error)
{
  g_autoptr(sqlite3_stmt) delete_stmt = NULL;
  g_autoptr(sqlite3_stmt) restore_stmt = NULL;
  gboolean begun;
  gboolean done;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (added != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  begun = flush_locked (self, error) && exec_sql (self, "BEGIN IMMEDIATE", error);
  done = begun;

  /* Only active entries change: one that a person took off the list
   * since the import stays as they left it. */
  if (done)
    delete_stmt = prepare (self, "DELETE FROM suppression WHERE address = ?1 AND status = 'active'", error);
  if (delete_stmt != NULL)
    restore_stmt = prepare (self, "UPDATE suppression SET category = ?2, reason = ?3, source = ?4, "
                                  "since = ?5, changed = ?6, bounce_id = NULLIF (?7, 0), status = 'removed' "
                                  "WHERE address = ?1 AND status = 'active'", error);
  done = done && restore_stmt != NULL;

  for (guint i = 0; done && i < added->len; i++)
    {
      const BounceSuppression *entry = added->pdata[i];
      sqlite3_stmt *stmt = entry->active ? delete_stmt : restore_stmt;

      sqlite3_reset (stmt);
      bind_text (stmt, 1, entry->address);
      if (!entry->active)
        {
          bind_text (stmt, 2, entry->category);
          bind_text (stmt, 3, entry->reason);
          bind_text (stmt, 4, entry->source);
          sqlite3_bind_int64 (stmt, 5, entry->since);
          sqlite3_bind_int64 (stmt, 6, entry->changed);
          sqlite3_bind_int64 (stmt, 7, entry->bounce_id);
        }
      if (sqlite3_step (stmt) != SQLITE_DONE)
        done = fail (self, sqlite3_errcode (self->db), error);
    }

  if (done)
    done = exec_sql (self, "COMMIT", error);
  if (begun && !done)
    exec_sql (self, "ROLLBACK", NULL);

  g_clear_pointer (&self->suppressed, g_hash_table_unref);
  g_mutex_unlock (&self->mutex);

  return done;
}

/* Appends @text as a CSV cell, quoted when it needs it (RFC 4180). The
 * address, reason and source come from bounce messages that anyone can
 * send. A leading "=", "+", "-" or "@" therefore gets an apostrophe, so
 * Excel and LibreOffice show the cell as text and do not run it as a
 * formula when the export is opened. */
static void
append_csv_cell (GString    *out,
                 const char *text)
{
  g_autofree char *cell = _bounce_csv_format_cell (text, ',', '"');

  g_string_append (out, cell);
}

gboolean
bounce_history_export_suppressions (BounceHistory  *self,
                                    const char     *path,
                                    GError        **error)
{
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  entries = bounce_history_list_suppressions (self, NULL, FALSE, error);
  if (entries == NULL)
    return FALSE;

  return bounce_suppressions_write_csv (entries, path, error);
}

gboolean
bounce_suppressions_write_csv (GPtrArray   *entries,
                               const char  *path,
                               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) out = g_string_new ("address,category,reason,since,source\r\n");

  g_return_val_if_fail (entries != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  for (guint i = 0; i < entries->len; i++)
    {
      const BounceSuppression *entry = entries->pdata[i];
      g_autoptr(GDateTime) since = g_date_time_new_from_unix_utc (entry->since);
      g_autofree char *date = bounce_format_rfc3339 (since);

      append_csv_cell (out, entry->address);
      g_string_append_c (out, ',');
      append_csv_cell (out, entry->category);
      g_string_append_c (out, ',');
      append_csv_cell (out, entry->reason);
      g_string_append_c (out, ',');
      g_string_append (out, date);
      g_string_append_c (out, ',');
      append_csv_cell (out, entry->source);
      g_string_append (out, "\r\n");
    }

  if (!bounce_clean_check_sole_output_file (path, error))
    return FALSE;
  if (!g_file_set_contents_full (path, out->str, (gssize) out->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, BOUNCE_ERROR, BOUNCE_ERROR_WRITE,
                   _("Could not write the suppression list to “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* Mailbox state */

gboolean
bounce_history_get_mailbox_state (BounceHistory  *self,
                                  const char     *account,
                                  const char     *folder,
                                  guint32        *uidvalidity,
                                  guint32        *last_uid,
                                  GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (account != NULL && folder != NULL, FALSE);
  g_return_val_if_fail (uidvalidity != NULL && last_uid != NULL, FALSE);

  *uidvalidity = 0;
  *last_uid = 0;

  g_mutex_lock (&self->mutex);
  stmt = prepare (self, "SELECT uidvalidity, last_uid FROM mailbox_state WHERE account = ? AND folder = ?",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, account, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, folder, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *uidvalidity = (guint32) sqlite3_column_int64 (stmt, 0);
          *last_uid = (guint32) sqlite3_column_int64 (stmt, 1);
          ok = TRUE;
        }
      else if (rc == SQLITE_DONE)
        ok = TRUE;
      else
        fail (self, rc, error);
    }
  g_mutex_unlock (&self->mutex);

  return ok;
}

gboolean
bounce_history_set_mailbox_state (BounceHistory  *self,
                                  const char     *account,
                                  const char     *folder,
                                  guint32         uidvalidity,
                                  guint32         last_uid,
                                  GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (BOUNCE_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (account != NULL && folder != NULL, FALSE);
  g_return_val_if_fail (uidvalidity != 0, FALSE);

  g_mutex_lock (&self->mutex);
  /* The UIDs recorded under another UIDVALIDITY name other messages now
   * (RFC 3501 2.3.1.1). A history without the table has none. */
  stmt = prepare (self, "DELETE FROM mailbox_messages WHERE account = ? AND folder = ? AND uidvalidity <> ?",
                  NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, account, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, folder, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, uidvalidity);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        g_debug ("%s: forgetting the old UIDs of %s %s failed: %s", self->path, account, folder,
                 sqlite3_errmsg (self->db));
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  /* The state must never claim messages whose records are not committed. */
  if (flush_locked (self, error))
    stmt = prepare (self,
                    "INSERT INTO mailbox_state (account, folder, uidvalidity, last_uid, scanned) "
                    "VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (account, folder) DO UPDATE SET uidvalidity = excluded.uidvalidity, "
                    "last_uid = excluded.last_uid, scanned = excluded.scanned",
                    error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, account, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, folder, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, uidvalidity);
      sqlite3_bind_int64 (stmt, 4, last_uid);
      sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        ok = TRUE;
      else
        fail (self, rc, error);
    }
  g_mutex_unlock (&self->mutex);

  return ok;
}

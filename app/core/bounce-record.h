/* bounce-record.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "bounce-category.h"

G_BEGIN_DECLS

/* How a bounce record was matched to a contact (see bounce-matcher.h). */
typedef enum
{
  BOUNCE_MATCH_NONE,
  BOUNCE_MATCH_RECIPIENT,          /* Final-Recipient or the failed address */
  BOUNCE_MATCH_ORIGINAL_RECIPIENT, /* Original-Recipient (RFC 3464 2.3.1) */
  BOUNCE_MATCH_ORIGINAL_TO,        /* To header of the returned message */
  BOUNCE_MATCH_VERP,               /* VERP-encoded address the bounce was sent to */
  BOUNCE_MATCH_SAME_MAILBOX,       /* another spelling of a hard-bounced or complained address */
} BounceMatchKind;

/* One recipient of one message: the unit `bounce-cli scan --json` prints
 * one line for. Reference counted and immutable once the parser returns
 * it, so worker threads can hand records to the UI thread. All strings are
 * UTF-8 and never NULL ("" when absent), except the ones marked nullable. */
typedef struct _BounceRecord BounceRecord;

struct _BounceRecord
{
  /*< private >*/
  gatomicrefcount ref_count;

  /*< public >*/
  char           *file;            /* path of the message as found */
  gint64          offset;          /* byte offset inside an mbox, else -1 */
  guint           index;           /* 0-based message number inside the file */
  gboolean        date_offset_invalid; /* date is NULL because the Date header's
                                        * time zone offset cannot be, such as "+2500" */
  char           *recipient;       /* failed address, lower-case, or "" */
  char           *original_recipient; /* Original-Recipient, or "" */
  BounceCategory  category;
  const char     *reason;          /* static string: "mailbox-unknown", ... */
  char           *status;          /* enhanced status code "5.1.1", or "" */
  char           *reply_code;      /* SMTP reply code "550", or "" */
  char           *action;          /* DSN Action, lower-case, or "" */
  char           *diagnostic;      /* server text, unfolded, or "" */
  char           *remote_mta;      /* Remote-MTA or host named in the text, or "" */
  char           *error;           /* why the file was unreadable or read only in part, or "" */
  gboolean        skipped;         /* the path was never opened: a pipe, socket or device */
  char           *format;          /* which reader decided: "dsn", "qmail", ... */
  GDateTime      *date;            /* nullable: Arrival-Date, Last-Attempt-Date or Date */
  char           *subject;         /* Subject of the bounce message itself */
  char           *bounce_to;       /* To/Delivered-To of the bounce itself (VERP) */
  char           *original_to;     /* To of the returned message; "" when none or the sender's own */
  char           *original_message_id; /* Message-ID of the returned message, or "" */
  char           *original_headers;/* header block of the returned message, or "" */
};

GType          bounce_record_get_type       (void) G_GNUC_CONST;
#define BOUNCE_TYPE_RECORD (bounce_record_get_type ())

BounceRecord  *bounce_record_new            (const char         *file);
BounceRecord  *bounce_record_copy           (const BounceRecord *record);
BounceRecord  *bounce_record_ref            (BounceRecord       *record);
void           bounce_record_unref          (BounceRecord       *record);

/* Setters take a copy and turn NULL into "". */
void           bounce_record_set_string     (char              **field,
                                             const char         *value);

/* Plain-language sentence for the record: category explanation refined by
 * its reason and status code. Translated; free with g_free(). */
char          *bounce_record_dup_explanation (const BounceRecord *record);

/* Value of a header of the returned message, or NULL. */
char          *bounce_record_dup_original_header (const BounceRecord *record,
                                                  const char         *name);

/* Orders records by date, oldest first, and records without a date
 * after those with one, as `bounce-cli history ADDRESS` lists them.
 * Records of the same date compare equal, so a stable sort keeps them
 * in reading order. For g_ptr_array_sort() on BounceRecord pointers. */
int            bounce_record_compare_date   (const BounceRecord * const *a,
                                             const BounceRecord * const *b);

/* The object `bounce-cli scan --json` prints for the record: the keys
 * file, recipient, category, reason, status, reply_code, action,
 * diagnostic, remote_mta, explanation, and error when set. */
JsonNode      *bounce_record_to_json_node   (const BounceRecord *record);
/* The same as one line of JSON, without a newline. */
char          *bounce_record_to_json        (const BounceRecord *record);
/* Appends that line (without a newline) to @out, without a copy. */
void           bounce_record_append_json    (const BounceRecord *record,
                                             GString            *out);

const char    *bounce_match_kind_to_string  (BounceMatchKind     kind);
/* Translated description: "by the failed address", "through VERP" ... */
const char    *bounce_match_kind_get_title  (BounceMatchKind     kind);
/* The same for a match of a record of @category: a delivery notice, delay
 * warning or auto-reply names no failed address. */
const char    *bounce_match_kind_get_title_for (BounceMatchKind kind,
                                                BounceCategory  category);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BounceRecord, bounce_record_unref)

/* Returns a new array of @records (element-type BounceRecord, each
 * referenced) without those read from the file at @path, also named
 * through a link, or NULL when none of them were. A file that is open as
 * the contact list is no bounce message, so what reading it as one found,
 * such as "binary data", is dropped. */
GPtrArray     *bounce_records_dup_without_file (GPtrArray  *records,
                                                const char *path);

/* What a scan read, counted one way for `bounce-cli clean`, its report
 * and the app's Summary page. Records must be added in the order the
 * scanner returns them, because the records of one message follow each
 * other and a new file or message number starts a new message. */
typedef struct
{
  guint     messages;           /* message files and messages inside mbox files, not skipped paths */
  guint     records;            /* every record, as `bounce-cli scan` lists them */
  guint     bounce_recipients;  /* records of reports (all but not-bounce and unreadable) that name a recipient */
  guint     no_recipient;       /* records of reports in which no recipient was found */
  guint     not_bounces;        /* records of ordinary messages, which are no report */
  guint     unreadable;         /* records of files that could not be read as a message */
  guint     read_in_part;       /* messages read only up to a limit */
  guint     per_category[BOUNCE_CATEGORY_LAST];

  /*< private >*/
  char     *last_file;
  guint     last_index;
  gboolean  last_read_in_part;
} BounceReadCounts;

/* Counts @record in @counts, which starts zeroed. */
void           bounce_read_counts_add       (BounceReadCounts   *counts,
                                             const BounceRecord *record);

/* Frees what counting the next record needs. The counts stay, and the
 * struct may be copied afterwards. */
void           bounce_read_counts_end       (BounceReadCounts   *counts);

G_END_DECLS

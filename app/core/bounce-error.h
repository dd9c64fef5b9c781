/* bounce-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BOUNCE_ERROR (bounce_error_quark ())

/* Failures a caller of libbounce-core must handle. Tolerated damage in
 * input (a broken MIME part, a ragged CSV row) is not an error: it is
 * recorded as a BounceDiagnostic instead. */
typedef enum
{
  BOUNCE_ERROR_FAILED = 1,
  BOUNCE_ERROR_NOT_FOUND,
  BOUNCE_ERROR_UNREADABLE,
  BOUNCE_ERROR_NOT_A_MESSAGE,
  BOUNCE_ERROR_OUTLOOK_MSG,
  BOUNCE_ERROR_TOO_LARGE,
  BOUNCE_ERROR_EMPTY,
  BOUNCE_ERROR_ENCODING,
  BOUNCE_ERROR_NO_EMAIL_COLUMN,
  BOUNCE_ERROR_INVALID_ARGUMENT,
  BOUNCE_ERROR_WOULD_OVERWRITE_INPUT,
  BOUNCE_ERROR_WRITE,
  BOUNCE_ERROR_NOT_CSV,
  /* Mail servers (bounce-imap-source.h). */
  BOUNCE_ERROR_AUTHENTICATION,   /* the server rejected the user name or password */
  BOUNCE_ERROR_CERTIFICATE,      /* the server's certificate failed verification */
  BOUNCE_ERROR_TLS,              /* the TLS handshake failed, or STARTTLS is missing */
  BOUNCE_ERROR_TIMED_OUT,        /* the server did not reply in time */
  BOUNCE_ERROR_CONNECTION,       /* no connection, or the connection was lost */
  BOUNCE_ERROR_INSECURE,         /* a password would cross the network unencrypted */
  BOUNCE_ERROR_WRONG_EMAIL_COLUMN, /* the chosen email column has too few addresses */
  BOUNCE_ERROR_WRONG_ENCODING,   /* the chosen encoding cannot read the file, which has another */
  BOUNCE_ERROR_TRUNCATED,        /* the file ends in the middle of a message, which is read in part */
  BOUNCE_ERROR_CHANGED_ON_DISK,  /* the contact file changed since it was read, so its rows cannot be written */
  BOUNCE_ERROR_NO_SPACE,         /* the disk is full (SQLITE_FULL, ENOSPC) */
  BOUNCE_ERROR_WRONG_HEADER,     /* the options state that the file has no header, but its first line is one */
  BOUNCE_ERROR_NOT_REGULAR,      /* a pipe, socket or device, which is skipped without being opened */
} BounceError;

GQuark bounce_error_quark (void);

G_END_DECLS

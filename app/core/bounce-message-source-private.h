/* bounce-message-source-private.h: the message checks shared by the file
 * walk and the IMAP source.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bounce-message-source.h"

G_BEGIN_DECLS

/* Checks that @contents is an email message and returns it trimmed of a
 * byte order mark, blank lines before the headers and an Apple Mail
 * .emlx frame (when @path ends in .emlx), with bare CR line ends made
 * LF. Fails with BOUNCE_ERROR_EMPTY or BOUNCE_ERROR_NOT_A_MESSAGE, worded
 * for a file when @from_file is TRUE, else for a message on a server. */
GBytes *_bounce_message_source_prepare (const char  *path,
                                        GBytes      *contents,
                                        gboolean     from_file,
                                        GError     **error);

G_END_DECLS

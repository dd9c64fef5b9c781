/* bounce-address.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns the canonical form used for matching: whitespace, <>, quotes
 * and "mailto:" stripped, display name dropped ("Jane <jane@x>"), local
 * part lower-cased, domain lower-cased in its IDNA ASCII form
 * (müller.example -> xn--mller-kva.example). NULL when @text contains no
 * address. */
char  *bounce_address_normalize   (const char *text);

/* Every address in a cell such as "a@example.com; b@example.com",
 * normalized, in order, without repeats. Never NULL. */
char **bounce_address_extract_all (const char *text);

/* Returns the normalized address of a DSN recipient field such as
 * Final-Recipient or Original-Recipient ("rfc822; jane@example.com", RFC
 * 3464 2.3.1 and 2.3.2), with or without its address type; NULL when @field contains
 * no address. */
char  *bounce_address_normalize_dsn_field (const char *field);

/* Decodes a VERP return path (bounces+jane=example.com@sender.example,
 * also with '-' as the separator) into the address it carries, normalized;
 * NULL when @address is not VERP-encoded. */
char  *bounce_address_decode_verp (const char *address);

/* Returns a key for sorting addresses as people expect: in the order of
 * the file choosers, so "sup2@example.com" comes before "sup10@example.com".
 * Compare keys with strcmp(). */
char  *bounce_address_dup_sort_key (const char *address);

/* Returns @address, normalized, with an internationalized domain in
 * Unicode as people write it ("anna@bäckerei.example.com" for
 * "anna@xn--bckerei-5wa.example.com"), for display only: matching and the
 * history compare the ASCII form. Other addresses are returned as they
 * are. */
char  *bounce_address_dup_display (const char *address);

G_END_DECLS

/* bounce-file-identity.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bounce-file-identity"

#include "config.h"

#include <errno.h>
#include <sys/stat.h>

#include "bounce-file-identity-private.h"

void
_bounce_file_identity_init_from_stat (BounceFileIdentity *identity,
                                      const GStatBuf     *info)
{
  g_assert (identity != NULL);
  g_assert (info != NULL);

  identity->device = info->st_dev;
  identity->inode = info->st_ino;
  identity->size = info->st_size;
  identity->mtime_sec = info->st_mtim.tv_sec;
  identity->mtime_nsec = info->st_mtim.tv_nsec;
  identity->ctime_sec = info->st_ctim.tv_sec;
  identity->ctime_nsec = info->st_ctim.tv_nsec;
}

static gboolean
identity_equal (const BounceFileIdentity *a,
                const BounceFileIdentity *b)
{
  return a->device == b->device &&
         a->inode == b->inode &&
         a->size == b->size &&
         a->mtime_sec == b->mtime_sec &&
         a->mtime_nsec == b->mtime_nsec &&
         a->ctime_sec == b->ctime_sec &&
         a->ctime_nsec == b->ctime_nsec;
}

BounceFileChange
_bounce_file_identity_compare (const BounceFileIdentity *identity,
                               int                       fd,
                               const char               *path)
{
  BounceFileIdentity now;
  GStatBuf info;

  g_assert (identity != NULL);
  g_assert (path != NULL);

  if (g_stat (path, &info) != 0)
    {
      if (errno == ENOENT || errno == ENOTDIR)
        return BOUNCE_FILE_MISSING;
      g_debug ("%s: stat failed: %s", path, g_strerror (errno));
      return BOUNCE_FILE_CHANGED;
    }

  /* The path shows a file renamed over the one read: a mapping still has
   * the old bytes, but the person edited the new file. */
  _bounce_file_identity_init_from_stat (&now, &info);
  if (!identity_equal (identity, &now))
    return BOUNCE_FILE_CHANGED;

  /* The open descriptor shows a rewrite in place, whose new bytes a
   * mapping of the file would copy. */
  if (fd >= 0)
    {
      if (fstat (fd, &info) != 0)
        return BOUNCE_FILE_CHANGED;
      _bounce_file_identity_init_from_stat (&now, &info);
      if (!identity_equal (identity, &now))
        return BOUNCE_FILE_CHANGED;
    }

  return BOUNCE_FILE_UNCHANGED;
}

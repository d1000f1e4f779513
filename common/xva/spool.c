/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Decompressing a whole-file-compressed XVA into a temporary file. */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <unistd.h>

#include <archive.h>

#include "cleanup.h"
#include "iszero.h"
#include "spool.h"
#include "xva-error.h"

#define BUFFER (1 << 20)
#define BLOCK 4096

static void
cleanup_archive (struct archive **a)
{
  if (*a)
    archive_read_free (*a);
}

/* libarchive's message, which it does not always set. */
static const char *
archive_why (struct archive *a)
{
  const char *s = archive_error_string (a);
  return s ? s : "unknown error";
}

/* An anonymous file in dir: O_TMPFILE where the filesystem has it,
 * else a named file unlinked at once.
 */
static int
open_temporary (const char *dir)
{
  CLEANUP_FREE char *path = NULL;
  int fd;

  fd = open (dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
    return fd;
  if (asprintf (&path, "%s/virt-xva-spoolXXXXXX", dir) == -1)
    return -1;
  fd = mkostemp (path, O_CLOEXEC);
  if (fd >= 0)
    unlink (path);
  return fd;
}

/* Is the start of the decompressed stream a tar header?  Ask libarchive
 * rather than parse it here: this stops a compressed file that is not
 * an XVA (or a "bomb" of zeros) before it fills the disk.
 */
static int
looks_like_tar (const char *buf, size_t len)
{
  __attribute__ ((cleanup (cleanup_archive))) struct archive *a = NULL;
  struct archive_entry *entry;
  int r;

  a = archive_read_new ();
  if (a == NULL)
    return 0;
  archive_read_support_format_tar (a);
  if (archive_read_open_memory (a, buf, len) != ARCHIVE_OK)
    return 0;
  r = archive_read_next_header (a, &entry);
  return r == ARCHIVE_OK || r == ARCHIVE_WARN;
}

int
spool_decompress (int fd, const char *display, uint64_t *size)
{
  __attribute__ ((cleanup (cleanup_archive))) struct archive *a = NULL;
  CLEANUP_FREE char *buf = NULL;
  CLEANUP_CLOSE int out = -1;
  const char *dir = getenv ("TMPDIR");
  struct archive_entry *entry;
  uint64_t pos = 0;
  int ret;

  if (dir == NULL || *dir == '\0')
    dir = "/var/tmp";
  buf = malloc (BUFFER);
  a = archive_read_new ();
  if (buf == NULL || a == NULL) {
    xva_set_error (ENOMEM, "out of memory");
    return -1;
  }
  /* Only the compressions detect.c recognises: "all" would also let
   * libarchive run external programs (lrzip, lzop, grzip...) on
   * untrusted input, and decode uuencode and the rest.
   */
  archive_read_support_filter_gzip (a);
  archive_read_support_filter_zstd (a);
  archive_read_support_filter_xz (a);
  archive_read_support_filter_bzip2 (a);
  archive_read_support_format_raw (a);
  if (archive_read_open_fd (a, fd, BUFFER) != ARCHIVE_OK ||
      archive_read_next_header (a, &entry) != ARCHIVE_OK) {
    xva_set_error (0, "%s: cannot decompress: %s", display,
                   archive_why (a));
    return -1;
  }
  out = open_temporary (dir);
  if (out == -1) {
    xva_set_error (errno, "%s: cannot create a temporary file in %s to "
                   "decompress into: %s", display, dir, strerror (errno));
    return -1;
  }

  for (;;) {
    ssize_t n = 0, got = 0;
    size_t i;

    /* Fill the buffer so that zero detection sees whole blocks. */
    while (n < BUFFER &&
           (got = archive_read_data (a, buf + n, BUFFER - n)) > 0)
      n += got;
    if (n < BUFFER && got < 0) {
      xva_set_error (0, "%s: corrupt compressed data: %s", display,
                     archive_why (a));
      return -1;
    }
    if (pos == 0 && !looks_like_tar (buf, n)) {
      xva_set_error (0, "%s: not an XVA file (%s compressed data that "
                     "is not a tar archive)", display,
                     archive_filter_name (a, 0));
      return -1;
    }
    for (i = 0; i < (size_t) n; i += BLOCK) {
      size_t len = (size_t) n - i < BLOCK ? (size_t) n - i : BLOCK;
      if (is_zero (buf + i, len))
        continue;
      if (pwrite (out, buf + i, len, pos + i) != (ssize_t) len) {
        xva_set_error (errno, "%s: writing the decompressed XVA to %s: %s",
                       display, dir,
                       errno ? strerror (errno) : "short write");
        return -1;
      }
    }
    pos += n;
    if (n < BUFFER)
      break;
  }
  if (ftruncate (out, pos) == -1) {
    xva_set_error (errno, "%s: ftruncate: %s", display, strerror (errno));
    return -1;
  }
  *size = pos;
  ret = out;
  out = -1;
  return ret;
}

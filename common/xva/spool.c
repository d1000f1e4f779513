/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Decompressing a whole-file-compressed XVA into a temporary file. */

#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <unistd.h>
#include <sys/statvfs.h>

#include <archive.h>
#include <archive_entry.h>

#include "chunk-map.h"
#include "cleanup.h"
#include "human-size.h"
#include "iszero.h"
#include "ova-xml.h"
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

/* The first member of the tar at the start of buf, through libarchive
 * (caller frees the archive), or NULL when buf does not start with a
 * tar header.  Asking libarchive rather than parsing it here stops a
 * compressed file that is not an XVA (or a "bomb" of zeros) before it
 * fills the disk.
 */
static struct archive *
first_member (const char *buf, size_t len, struct archive_entry **entry)
{
  struct archive *a = archive_read_new ();
  int r;

  if (a == NULL)
    return NULL;
  archive_read_support_format_tar (a);
  if (archive_read_open_memory (a, buf, len) != ARCHIVE_OK ||
      ((r = archive_read_next_header (a, entry)) != ARCHIVE_OK &&
       r != ARCHIVE_WARN)) {
    archive_read_free (a);
    return NULL;
  }
  return a;
}

/* Saturating: a bound that overflows is "more than any disk". */
static uint64_t
sat_add (uint64_t a, uint64_t b)
{
  return a + b < a ? UINT64_MAX : a + b;
}

static uint64_t
sat_mul (uint64_t a, uint64_t b)
{
  return b != 0 && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

/* An upper bound on the space the spool takes, from ova.xml when it is
 * the first member (entry, read by a from a buffer of len bytes) and
 * lies whole in the buffer: the disks' virtual sizes,
 * three tar blocks of 512 bytes a chunk (its header, its checksum's
 * header and text) and ova.xml itself.  Zero chunks are not stored and
 * the spool keeps zeros as holes, so the real figure is often much
 * smaller.  False when it cannot be known before decompressing it all
 * (ova.xml not first, as in "tar cf" of an unpacked XVA).
 */
static bool
spool_need (const char *display, struct archive *a,
            struct archive_entry *entry, size_t len, uint64_t *need)
{
  CLEANUP_FREE char *xml = NULL;
  struct ova_vm *vm;
  const char *name;
  int64_t size;
  uint64_t sum = 0, chunks = 0;
  size_t i;

  name = archive_entry_pathname (entry);
  if (name == NULL)
    return false;
  while (name[0] == '.' && name[1] == '/')
    name += 2;
  size = archive_entry_size (entry);
  if (strcmp (name, "ova.xml") != 0 || size <= 0 || (uint64_t) size >= len)
    return false;
  xml = malloc (size);
  if (xml == NULL || archive_read_data (a, xml, size) != size)
    return false;
  vm = ova_xml_parse (display, xml, size);
  if (vm == NULL)
    return false;               /* said properly when it is indexed */
  for (i = 0; i < vm->nr_vdis; ++i) {
    uint64_t v = vm->vdis[i]->virtual_size;
    if (v > CHUNK_MAP_MAX_OFFSET) {     /* refused when it is indexed */
      ova_vm_free (vm);
      return false;
    }
    sum = sat_add (sum, v);
    chunks = sat_add (chunks, v / (1 << 20) + 1);
  }
  ova_vm_free (vm);
  *need = sat_add (sat_add (sum, sat_mul (chunks, 3 * 512)), size + 1024);
  return true;
}

/* Say, before the long step, where the XVA is decompressed to, how much
 * it may need there and how much is free; warn when that may not be
 * enough.
 */
static void
say_spool_space (const char *display, const char *filter, const char *dir,
                 int out, struct archive *a, struct archive_entry *entry,
                 size_t len)
{
  char need_s[HUMAN_SIZE_LEN], free_s[HUMAN_SIZE_LEN];
  struct statvfs sv;
  uint64_t need, avail;

  if (fstatvfs (out, &sv) == -1)
    return;
  avail = (uint64_t) sv.f_bavail * sv.f_frsize;
  human_size_r (avail, free_s);
  if (!spool_need (display, a, entry, len, &need)) {
    xva_notice (XVA_NOTICE_INFO, "%s: %s compressed: decompressing it into "
                "a temporary file in %s (%s free there)", display, filter,
                dir, free_s);
    return;
  }
  human_size_r (need, need_s);
  if (need > avail)
    xva_notice (XVA_NOTICE_WARNING, "%s: %s compressed: decompressing it "
                "may need up to %s in %s, but only %s is free there (set "
                "TMPDIR to a directory with more space)", display, filter,
                need_s, dir, free_s);
  else
    xva_notice (XVA_NOTICE_INFO, "%s: %s compressed: decompressing it into "
                "a temporary file in %s, which needs up to %s (%s free "
                "there)", display, filter, dir, need_s, free_s);
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
    if (pos == 0) {
      struct archive_entry *first;
      __attribute__ ((cleanup (cleanup_archive))) struct archive *t =
        first_member (buf, n, &first);

      if (t == NULL) {
        xva_set_error (0, "%s: not an XVA file (%s compressed data that "
                       "is not a tar archive)", display,
                       archive_filter_name (a, 0));
        return -1;
      }
      say_spool_space (display, archive_filter_name (a, 0), dir, out,
                       t, first, n);
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

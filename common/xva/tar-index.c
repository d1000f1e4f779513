/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Tar member index on libarchive. */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <inttypes.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>

#include "cleanup.h"
#include "tar-index.h"
#include "xva-error.h"

/* How much libarchive gets per read callback.  After a chunk's 1 MiB
 * of data is skipped, the next 2 KiB hold everything up to the next
 * chunk's data: the checksum's header and text (512 bytes each) and the
 * next chunk's header.  So each chunk costs one 2 KiB pread.  A larger
 * buffer mostly reads chunk data only to skip it: 16 KiB made the
 * index of a 784 MB XVA read 12 MB, 2 KiB makes it read 1.5 MB.
 */
#define READ_BUFFER 2048

struct walk {
  struct xva_source *src;
  const char *display;
  uint64_t pos;                 /* next byte the read callback returns */
  char buf[READ_BUFFER];
  int read_failed;              /* the source failed: keep its message */
};

static la_ssize_t
walk_read (struct archive *a, void *opaque, const void **bufp)
{
  struct walk *w = opaque;
  uint64_t n = READ_BUFFER;

  if (w->pos >= w->src->size)
    return 0;                   /* EOF */
  if (n > w->src->size - w->pos)
    n = w->src->size - w->pos;
  if (w->src->pread (w->src->opaque, w->buf, n, w->pos) == -1) {
    w->read_failed = 1;
    archive_set_error (a, EIO, "%s", xva_last_error ());
    return -1;
  }
  w->pos += n;
  *bufp = w->buf;
  return n;
}

/* Skipping never reads.  A skip past the end is cut short, which
 * libarchive reports as a truncated archive.
 */
static la_int64_t
walk_skip (struct archive *a, void *opaque, la_int64_t request)
{
  struct walk *w = opaque;
  uint64_t n;

  if (request <= 0 || w->pos >= w->src->size)
    return 0;
  n = request;
  if (n > w->src->size - w->pos)
    n = w->src->size - w->pos;
  w->pos += n;
  return n;
}

static la_int64_t
walk_seek (struct archive *a, void *opaque, la_int64_t offset, int whence)
{
  struct walk *w = opaque;
  int64_t base;

  switch (whence) {
  case SEEK_SET: base = 0; break;
  case SEEK_CUR: base = w->pos; break;
  case SEEK_END: base = w->src->size; break;
  default: return ARCHIVE_FATAL;
  }
  if (offset < -base || offset > (int64_t) w->src->size - base)
    return ARCHIVE_FATAL;
  w->pos = base + offset;
  return w->pos;
}

const char *
tar_flavour_name (enum tar_flavour f)
{
  switch (f) {
  case TAR_FLAVOUR_V7: return "v7";
  case TAR_FLAVOUR_USTAR: return "ustar";
  case TAR_FLAVOUR_GNU: return "gnu";
  case TAR_FLAVOUR_PAX: return "pax";
  case TAR_FLAVOUR_UNKNOWN: ;
  }
  return "unknown";
}

static enum tar_flavour
flavour_of (struct archive *a)
{
  switch (archive_format (a)) {
  case ARCHIVE_FORMAT_TAR_USTAR: return TAR_FLAVOUR_USTAR;
  case ARCHIVE_FORMAT_TAR_GNUTAR: return TAR_FLAVOUR_GNU;
  case ARCHIVE_FORMAT_TAR_PAX_INTERCHANGE:
  case ARCHIVE_FORMAT_TAR_PAX_RESTRICTED: return TAR_FLAVOUR_PAX;
  case ARCHIVE_FORMAT_TAR: return TAR_FLAVOUR_V7;
  default: return TAR_FLAVOUR_UNKNOWN;
  }
}

/* Reject names that would escape a directory if someone extracted the
 * archive the naive way: we never do, but such a member is a sign of a
 * hostile or broken file, and later layers can rely on clean names.
 */
static int
check_name (const char *display, const char *name)
{
  const char *p;

  if (name[0] == '\0') {
    xva_set_error (0, "%s: corrupt XVA: member with an empty name", display);
    return -1;
  }
  if (name[0] == '/') {
    xva_set_error (0, "%s: corrupt XVA: member name is an absolute path: %s",
                   display, name);
    return -1;
  }
  for (p = name; p; p = strchr (p, '/')) {
    if (*p == '/')
      p++;
    if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0')) {
      xva_set_error (0, "%s: corrupt XVA: member name contains \"..\": %s",
                     display, name);
      return -1;
    }
  }
  return 0;
}

static void
cleanup_archive (struct archive **a)
{
  if (*a)
    archive_read_free (*a);
}

int
tar_index_walk (struct xva_source *src, const char *display,
                tar_member_fn fn, void *opaque, enum tar_flavour *flavour)
{
  __attribute__ ((cleanup (cleanup_archive))) struct archive *a = NULL;
  CLEANUP_FREE struct walk *w = NULL;
  struct archive_entry *entry;
  int r, first = 1;

  w = calloc (1, sizeof *w);
  if (w == NULL) {
    xva_set_error (errno, "calloc: %s", strerror (errno));
    return -1;
  }
  w->src = src;
  w->display = display;
  *flavour = TAR_FLAVOUR_UNKNOWN;

  a = archive_read_new ();
  if (a == NULL) {
    xva_set_error (ENOMEM, "archive_read_new: out of memory");
    return -1;
  }
  archive_read_support_format_tar (a);
  archive_read_set_read_callback (a, walk_read);
  archive_read_set_skip_callback (a, walk_skip);
  archive_read_set_seek_callback (a, walk_seek);
  archive_read_set_callback_data (a, w);
  if (archive_read_open1 (a) != ARCHIVE_OK) {
    if (w->read_failed)
      ;                         /* the source's message is already set */
    else
      xva_set_error (0, "%s: not an XVA file (not a tar archive)", display);
    return -1;
  }

  for (;;) {
    struct tar_member m;
    const char *name;
    mode_t type;
    int64_t size;

    r = archive_read_next_header (a, &entry);
    if (r == ARCHIVE_EOF)
      break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      /* libarchive fails some truncated pax headers without a message. */
      const char *why = archive_error_string (a);
      if (why == NULL)
        why = "unreadable tar header";
      if (w->read_failed)
        ;                       /* the source's message is already set */
      else if (first)
        xva_set_error (0, "%s: not an XVA file (not a tar archive)",
                       display);
      else if (strstr (why, "Truncated") ||
               archive_filter_bytes (a, 0) + 512 > (int64_t) src->size)
        xva_set_error (0, "%s: corrupt XVA: the file ends inside a tar "
                       "header at offset %" PRIi64 " (truncated XVA?)",
                       display, archive_filter_bytes (a, 0));
      else
        xva_set_error (0, "%s: corrupt XVA: %s at offset %" PRIi64,
                       display, why,
                       archive_filter_bytes (a, 0));
      return -1;
    }
    if (first) {
      *flavour = flavour_of (a);
      first = 0;
    }
    else if (*flavour == TAR_FLAVOUR_V7 || *flavour == TAR_FLAVOUR_USTAR) {
      /* A later pax or GNU header upgrades the whole archive's flavour. */
      enum tar_flavour f = flavour_of (a);
      if (f == TAR_FLAVOUR_PAX || f == TAR_FLAVOUR_GNU)
        *flavour = f;
    }

    name = archive_entry_pathname (entry);
    if (name == NULL) {
      xva_set_error (0, "%s: corrupt XVA: member without a name at offset %"
                     PRIi64, display, archive_filter_bytes (a, 0));
      return -1;
    }
    while (name[0] == '.' && name[1] == '/')
      name += 2;
    if (check_name (display, name) == -1) {
      return -1;
    }

    type = archive_entry_filetype (entry);
    if (archive_entry_hardlink (entry) != NULL) {
      xva_set_error (0, "%s: corrupt XVA: member is a hard link: %s",
                     display, name);
      return -1;
    }
    if (type == AE_IFDIR || (name[0] && name[strlen (name) - 1] == '/')) {
      /* "tar cf" of an unpacked XVA stores each Ref:NNN/ directory:
       * skipped.  A directory deeper down stands where a chunk should.
       */
      size_t len = strlen (name);
      while (len > 0 && name[len - 1] == '/')
        --len;
      if (memchr (name, '/', len) != NULL) {
        xva_set_error (0, "%s: corrupt XVA: member is a directory, not a "
                       "chunk: %.*s", display, (int) len, name);
        return -1;
      }
      continue;
    }
    if (type != AE_IFREG) {
      xva_set_error (0, "%s: corrupt XVA: member is not a regular file: %s",
                     display, name);
      return -1;
    }
    /* A sparse member's size is that of the file it expands to, not of
     * the bytes stored, which are not one run either: its data cannot
     * be read in place (and no XVA producer writes one).
     */
    if (archive_entry_sparse_count (entry) > 0) {
      xva_set_error (0, "%s: corrupt XVA: member is a sparse file: %s",
                     display, name);
      return -1;
    }

    size = archive_entry_size (entry);
    m.name = name;
    m.offset = archive_filter_bytes (a, 0);
    if (size < 0 || m.offset > src->size ||
        (uint64_t) size > src->size - m.offset) {
      xva_set_error (0, "%s: corrupt XVA: member %s (%" PRIi64 " bytes at "
                     "offset %" PRIu64 ") runs past the end of the file "
                     "(truncated XVA?)", display, name, size, m.offset);
      return -1;
    }
    m.size = size;
    if (fn (opaque, &m) == -1) {
      return -1;
    }
  }

  if (first) {
    xva_set_error (0, "%s: not an XVA file (an empty tar archive)", display);
    return -1;
  }
  return 0;
}

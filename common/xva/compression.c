/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Whole-file compression of an XVA: recognising it from its first
 * bytes, and decompressing the tar once into a temporary file (the
 * spool), bounded by what its ova.xml declares.
 *
 * Over 600 lines, and one file all the same: the detection is some
 * 30 of them, and the spool is one bounded state machine whose parts
 * (the bound, the write-or-hole choice, the two readers' callbacks)
 * only make sense together.
 *
 * The spool stacks two libarchive readers: the first decompresses (the
 * "raw" format), the second reads the tar headers in the decompressed
 * stream through our callbacks, which write what they pass on into
 * the spool at its offset in the tar.  Member data that the tar reader
 * skips goes through the skip callback, which writes it only for
 * ova.xml and the disks ova.xml declares: anything else becomes a hole
 * at the same offsets, so the spool indexes as the tar would.
 */

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
#include "compression.h"
#include "human-size.h"
#include "iszero.h"
#include "ova-xml.h"
#include "xva-error.h"

/* Detection. */

enum xva_compression
xva_compression_detect (const unsigned char *buf, size_t len)
{
  if (len >= 2 && buf[0] == 0x1f && buf[1] == 0x8b)
    return XVA_COMPRESSION_GZIP;
  if (len >= 4 && memcmp (buf, "\x28\xb5\x2f\xfd", 4) == 0)
    return XVA_COMPRESSION_ZSTD;
  if (len >= 6 && memcmp (buf, "\xfd" "7zXZ\0", 6) == 0)
    return XVA_COMPRESSION_XZ;
  if (len >= 3 && memcmp (buf, "BZh", 3) == 0)
    return XVA_COMPRESSION_BZIP2;
  return XVA_COMPRESSION_NONE;
}

const char *
xva_compression_name (enum xva_compression c)
{
  switch (c) {
  case XVA_COMPRESSION_GZIP: return "gzip";
  case XVA_COMPRESSION_ZSTD: return "zstd";
  case XVA_COMPRESSION_XZ: return "xz";
  case XVA_COMPRESSION_BZIP2: return "bzip2";
  case XVA_COMPRESSION_NONE: ;
  }
  return "none";
}

/* The spool. */

#define BUFFER (1 << 20)
#define BLOCK 4096
#define TAR_BLOCK 512

/* The tar reader gets the decompressed stream this much at a time.
 * What it reads ahead with a header is spooled even when it is the
 * start of a member that is skipped: small pieces keep that small.
 */
#define HEADER_READ 2048

/* Before ova.xml is known the bound is this: its header, with any pax
 * or GNU extension, must end before.
 */
#define FIRST_HEADER_MAX (1 << 20)

/* Larger is refused when the spool is indexed (xvafile.c): it is not
 * read here either.
 */
#define OVA_XML_MAX (64 << 20)

/* What a data member costs besides its data: its header and its
 * checksum member's header and text (three blocks, xva-format(5)),
 * room for a pax or GNU extension (two blocks) on each header and the
 * padding of a short chunk.
 */
#define MEMBER_OVERHEAD (8 * TAR_BLOCK)

/* The smallest chunk a producer writes: old xe's 1,000,000 bytes
 * (xva-format(5)).  It sets how many members a disk may have.
 */
#define SMALLEST_CHUNK 1000000

/* For what belongs to no disk: the end blocks, the padding of a tar
 * written in 10 KiB records, a pax global header, a stray README.
 */
#define SLACK (1 << 20)

struct spool {
  const char *display;
  const char *filter;           /* "gzip"...: for messages */
  struct archive *in;           /* decompresses: the tar's bytes */
  int out;                      /* the spool */
  uint64_t pos;                 /* tar bytes decompressed so far */
  uint64_t bound;               /* more than this is refused */
  bool bound_known;             /* the bound is ova.xml's, not a guess */
  bool keep;                    /* spool what the tar reader skips */
  enum { SPOOL_OK, SPOOL_OVER, SPOOL_CORRUPT, SPOOL_WRITE } failed;
  int write_errno;
  char *buf;                    /* BUFFER bytes */
  char head[HEADER_READ];
};

static void
cleanup_archive (struct archive **a)
{
  if (*a)
    archive_read_free (*a);
}

static void
cleanup_vm (struct ova_vm **vm)
{
  ova_vm_free (*vm);
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
  if (fd >= 0 && unlink (path) == -1) {
    int e = errno;
    close (fd);
    errno = e;
    return -1;
  }
  return fd;
}

/* Saturating: a bound that overflows is "more than any disk". */
static uint64_t
sat_add (uint64_t a, uint64_t b)
{
  return a + b < a ? UINT64_MAX : a + b;
}

/* The most an honest tar holds for a disk of v bytes: its data, the
 * last chunk padded to 1 MiB, XO's placeholder chunk one past the end
 * (xva-format(5)); members of SMALLEST_CHUNK bytes, each preceded
 * by a keep-alive, with their checksums.  v is at most
 * CHUNK_MAP_MAX_OFFSET, so none of this overflows.
 */
static uint64_t
disk_allowance (uint64_t v)
{
  uint64_t chunks = (v + CHUNK_SIZE - 1) / CHUNK_SIZE + 1;
  uint64_t members = 2 * (v / SMALLEST_CHUNK + 2);

  return chunks * CHUNK_SIZE + members * MEMBER_OVERHEAD;
}

/* Write buf (len bytes) at offset off of the spool, leaving zero
 * blocks as holes.  Each offset is written once, so a hole left here
 * is never over data.
 */
static int
spool_write (struct spool *sp, const char *buf, size_t len, uint64_t off)
{
  while (len > 0) {
    size_t n = BLOCK - off % BLOCK, run;

    if (n > len)
      n = len;
    if (is_zero (buf, n)) {
      buf += n, off += n, len -= n;
      continue;
    }
    for (run = n; run < len; run += n) {
      n = len - run < BLOCK ? len - run : BLOCK;
      if (is_zero (buf + run, n))
        break;
    }
    while (run > 0) {
      ssize_t r = pwrite (sp->out, buf, run, off);
      if (r <= 0) {
        sp->failed = SPOOL_WRITE;
        sp->write_errno = r == 0 ? ENOSPC : errno;
        return -1;
      }
      buf += r, off += r, len -= r, run -= r;
    }
  }
  return 0;
}

/* Decompress up to n bytes into buf.  Returns the count, 0 at the end
 * of the stream, or -1 (sp->failed says why; failure is final).
 */
static ssize_t
pull (struct spool *sp, char *buf, size_t n)
{
  uint64_t room = sp->pos < sp->bound ? sp->bound - sp->pos : 0;
  la_ssize_t got;

  if (sp->failed)
    return -1;
  /* One byte more than the bound allows tells a stream that ends at
   * the bound from one that goes past it.
   */
  if (n > room)
    n = room + 1;
  got = archive_read_data (sp->in, buf, n);
  if (got < 0) {
    sp->failed = SPOOL_CORRUPT;
    return -1;
  }
  if ((uint64_t) got > room) {
    sp->failed = SPOOL_OVER;
    return -1;
  }
  sp->pos += got;
  return got;
}

/* Decompress up to len more bytes, spooled if keep.  Returns the count
 * (short at the end of the stream) or -1.
 */
static int64_t
advance (struct spool *sp, uint64_t len, bool keep)
{
  uint64_t done = 0;

  while (done < len) {
    size_t n = len - done < BUFFER ? len - done : BUFFER;
    uint64_t at = sp->pos;
    ssize_t got = pull (sp, sp->buf, n);

    if (got < 0)
      return -1;
    if (got == 0)
      break;
    if (keep && spool_write (sp, sp->buf, got, at) == -1)
      return -1;
    done += got;
  }
  return done;
}

/* The tar reader's read callback: headers, and what it reads ahead. */
static la_ssize_t
tar_read (struct archive *t, void *opaque, const void **bufp)
{
  struct spool *sp = opaque;
  uint64_t at = sp->pos;
  ssize_t got = pull (sp, sp->head, sizeof sp->head);

  if (got < 0 || (got > 0 && spool_write (sp, sp->head, got, at) == -1)) {
    archive_set_error (t, EIO, "decompressing failed");
    return -1;
  }
  *bufp = sp->head;
  return got;
}

/* The tar reader's skip callback: member data.  Never negative, which
 * libarchive would take for a count: after a failure it reads on, and
 * the read fails.
 */
static la_int64_t
tar_skip (struct archive *t, void *opaque, la_int64_t request)
{
  struct spool *sp = opaque;
  int64_t r;

  if (request <= 0)
    return 0;
  r = advance (sp, request, sp->keep);
  return r < 0 ? 0 : r;
}

/* Set the error for a failed spool and return -1. */
static int
spool_error (const struct spool *sp, const char *dir)
{
  switch (sp->failed) {
  case SPOOL_OVER:
    if (sp->bound_known)
      xva_set_error (0, "%s: corrupt XVA: the %s-compressed data expands "
                     "past the %" PRIu64 " bytes that ova.xml declares",
                     sp->display, sp->filter, sp->bound);
    else
      xva_set_error (0, "%s: not an XVA file (%s compressed data whose "
                     "first tar header is longer than %d bytes)",
                     sp->display, sp->filter, FIRST_HEADER_MAX);
    break;
  case SPOOL_CORRUPT:
    xva_set_error (0, "%s: corrupt compressed data: %s", sp->display,
                   archive_why (sp->in));
    break;
  case SPOOL_WRITE:
    xva_set_error (sp->write_errno, "%s: writing the decompressed XVA to "
                   "%s: %s", sp->display, dir, strerror (sp->write_errno));
    break;
  case SPOOL_OK:
    xva_set_error (0, "%s: not an XVA file (%s compressed data that is not "
                   "a tar archive)", sp->display, sp->filter);
    break;
  }
  return -1;
}

/* Say, before the long step, where the XVA is decompressed to, how much
 * it may need there and how much is free; warn when that may not be
 * enough.
 */
static void
say_spool_space (const struct spool *sp, const char *dir)
{
  char need_s[HUMAN_SIZE_LEN], free_s[HUMAN_SIZE_LEN];
  struct statvfs sv;
  uint64_t avail;

  if (fstatvfs (sp->out, &sv) == -1)
    return;
  avail = (uint64_t) sv.f_bavail * sv.f_frsize;
  human_size (avail, free_s);
  human_size (sp->bound, need_s);
  if (sp->bound > avail)
    xva_notice (XVA_NOTICE_WARNING, "%s: %s compressed: decompressing it "
                "may need up to %s in %s, but only %s is free there (set "
                "TMPDIR to a directory with more space)", sp->display,
                sp->filter, need_s, dir, free_s);
  else
    xva_notice (XVA_NOTICE_INFO, "%s: %s compressed: decompressing it into "
                "a temporary file in %s, which needs up to %s (%s free "
                "there)", sp->display, sp->filter, dir, need_s, free_s);
}

static int
compare_ids (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

struct prefix {
  const char *name;
  size_t len;
};

static int
compare_prefix (const void *key, const void *elem)
{
  const struct prefix *p = key;
  const char *id = *(char *const *) elem;
  int r = strncmp (p->name, id, p->len);

  if (r != 0)
    return r;
  return id[p->len] == '\0' ? 0 : -1;
}

/* True if name (a member's path) lies in the directory of a declared
 * disk: ids, n of them, sorted.
 */
static bool
is_declared (const char *name, char **ids, size_t n)
{
  struct prefix p;
  const char *slash;

  if (name == NULL)
    return false;
  while (name[0] == '.' && name[1] == '/')
    name += 2;
  slash = strchr (name, '/');
  if (slash == NULL || n == 0)
    return false;
  p.name = name;
  p.len = slash - name;
  return bsearch (&p, ids, n, sizeof *ids, compare_prefix) != NULL;
}

/* The disks whose data is spooled, sorted into ids (which point into
 * vm), and the bound on the whole tar, which has end bytes of
 * ova.xml's member before them.  A VDI on an ISO SR has no data in the
 * tar; one larger than the reader handles is not attached to the VM
 * (too_large), and its data is ignored.
 */
static uint64_t
declared_disks (const struct ova_vm *vm, uint64_t end, char **ids,
                size_t *n)
{
  uint64_t bound = sat_add (end, SLACK);
  size_t i;

  *n = 0;
  for (i = 0; i < vm->nr_vdis; ++i) {
    const struct ova_vdi *vdi = vm->vdis[i];

    if (vdi->is_iso || vdi->virtual_size > CHUNK_MAP_MAX_OFFSET)
      continue;
    ids[(*n)++] = vdi->id;
    bound = sat_add (bound, disk_allowance (vdi->virtual_size));
  }
  qsort (ids, *n, sizeof *ids, compare_ids);
  return bound;
}

/* True if a disk of the VM is larger than the reader handles: the
 * index refuses it.
 */
static bool
too_large (const struct ova_vm *vm)
{
  size_t i;

  for (i = 0; i < vm->nr_vbds; ++i)
    if (ova_vbd_has_data (&vm->vbds[i]) &&
        vm->vbds[i].vdi->virtual_size > CHUNK_MAP_MAX_OFFSET)
      return true;
  return false;
}

/* Read the member's data (size bytes) from the tar reader into buf.
 * False when the tar ends first.
 */
static bool
read_member (struct archive *t, char *buf, int64_t size)
{
  int64_t got = 0;
  la_ssize_t r;

  while (got < size && (r = archive_read_data (t, buf + got, size - got)) > 0)
    got += r;
  return got == size;
}

int
xva_compression_spool (int fd, const char *display, uint64_t *size)
{
  __attribute__ ((cleanup (cleanup_archive))) struct archive *in = NULL;
  __attribute__ ((cleanup (cleanup_archive))) struct archive *t = NULL;
  __attribute__ ((cleanup (cleanup_vm))) struct ova_vm *vm = NULL;
  CLEANUP_FREE char *buf = NULL;
  CLEANUP_FREE char *xml = NULL;
  CLEANUP_FREE char **ids = NULL;
  CLEANUP_CLOSE int out = -1;
  const char *dir = getenv ("TMPDIR");
  struct archive_entry *entry;
  CLEANUP_FREE struct spool *sp = NULL;
  const char *name;
  uint64_t ova_end;
  int64_t ova_size;
  size_t nr_ids;
  int r, ret;

  if (dir == NULL || *dir == '\0')
    dir = "/var/tmp";
  buf = malloc (BUFFER);
  sp = calloc (1, sizeof *sp);
  in = archive_read_new ();
  t = archive_read_new ();
  if (buf == NULL || sp == NULL || in == NULL || t == NULL) {
    xva_set_error (ENOMEM, "out of memory");
    return -1;
  }
  /* Only the compressions xva_compression_detect recognises: "all"
   * would also let libarchive run external programs (lrzip, lzop,
   * grzip...) on untrusted input, and decode uuencode and the rest.
   */
  archive_read_support_filter_gzip (in);
  archive_read_support_filter_zstd (in);
  archive_read_support_filter_xz (in);
  archive_read_support_filter_bzip2 (in);
  archive_read_support_format_raw (in);
  if (archive_read_open_fd (in, fd, BUFFER) != ARCHIVE_OK ||
      archive_read_next_header (in, &entry) != ARCHIVE_OK) {
    xva_set_error (0, "%s: cannot decompress: %s", display,
                   archive_why (in));
    return -1;
  }
  out = open_temporary (dir);
  if (out == -1) {
    xva_set_error (errno, "%s: cannot create a temporary file in %s to "
                   "decompress into: %s", display, dir, strerror (errno));
    return -1;
  }
  sp->display = display;
  sp->filter = archive_filter_name (in, 0);
  sp->in = in;
  sp->out = out;
  sp->buf = buf;
  sp->bound = FIRST_HEADER_MAX;
  sp->keep = true;

  /* The first member must be ova.xml, as xapi writes it
   * (xva-format(5)): the bound comes from it.  A re-packed archive has
   * it last, after all the data it would have bounded.
   */
  archive_read_support_format_tar (t);
  archive_read_set_read_callback (t, tar_read);
  archive_read_set_skip_callback (t, tar_skip);
  archive_read_set_callback_data (t, sp);
  if (archive_read_open1 (t) != ARCHIVE_OK ||
      ((r = archive_read_next_header (t, &entry)) != ARCHIVE_OK &&
       r != ARCHIVE_WARN))
    return spool_error (sp, dir);
  name = archive_entry_pathname (entry);
  while (name && name[0] == '.' && name[1] == '/')
    name += 2;
  if (name == NULL || strcmp (name, "ova.xml") != 0) {
    xva_set_error (0, "%s: the first member of this %s-compressed tar is "
                   "not ova.xml: not an XVA, or a re-packed one (decompress "
                   "it first)", display, sp->filter);
    return -1;
  }
  ova_size = archive_entry_size (entry);
  ova_end = archive_filter_bytes (t, 0);
  if (ova_size >= 0)
    ova_end += (ova_size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;

  /* What cannot be read here cannot be indexed either: keep ova.xml's
   * header (and its data when there is little), end the tar after it,
   * and let the index say what is wrong, in the same words as for an
   * uncompressed XVA.
   */
  if (ova_size < 0 || ova_size > OVA_XML_MAX)
    goto stub;
  sp->bound = ova_end + HEADER_READ;
  xml = malloc (ova_size > 0 ? ova_size : 1);
  if (xml == NULL) {
    xva_set_error (errno, "malloc: %s", strerror (errno));
    return -1;
  }
  if (!read_member (t, xml, ova_size)) {
    if (sp->failed)
      return spool_error (sp, dir);
    goto rest;                  /* cut short: the index says where */
  }
  vm = ova_xml_parse (display, xml, ova_size);
  if (vm == NULL || too_large (vm))
    goto stub;

  ids = malloc ((vm->nr_vdis ? vm->nr_vdis : 1) * sizeof *ids);
  if (ids == NULL) {
    xva_set_error (errno, "malloc: %s", strerror (errno));
    return -1;
  }
  sp->bound = declared_disks (vm, ova_end, ids, &nr_ids);
  sp->bound_known = true;
  say_spool_space (sp, dir);

  for (;;) {
    sp->keep = true;
    r = archive_read_next_header (t, &entry);
    if (r == ARCHIVE_EOF)
      break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
      goto rest;
    sp->keep = is_declared (archive_entry_pathname (entry), ids, nr_ids);
    if (archive_read_data_skip (t) != ARCHIVE_OK)
      goto rest;
  }
  /* Past the end of the tar: only counted (a tar written in 10 KiB
   * records has padding there), never read again.
   */
  advance (sp, UINT64_MAX, false);
  goto done;

 rest:
  /* A damaged or truncated tar: the rest is spooled as it is (within
   * the bound) for the index to find the fault and say it as for an
   * uncompressed XVA.
   */
  advance (sp, UINT64_MAX, true);
  goto done;

 stub:
  /* Cut what was read ahead: two zero blocks end the tar. */
  if (ftruncate (out, ova_end) == -1) {
    xva_set_error (errno, "%s: ftruncate: %s", display, strerror (errno));
    return -1;
  }
  sp->pos = ova_end + 2 * TAR_BLOCK;

 done:
  if (sp->failed)
    return spool_error (sp, dir);
  if (ftruncate (out, sp->pos) == -1) {
    xva_set_error (errno, "%s: ftruncate: %s", display, strerror (errno));
    return -1;
  }
  *size = sp->pos;
  ret = out;
  out = -1;
  return ret;
}

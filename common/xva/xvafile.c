/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The XVA handle: open, index, and read disks.  The reading procedure
 * follows xva-format(5).
 *
 * Longer than the ~600 lines a file here usually keeps to, on purpose:
 * it is the one place that knows the handle's private struct, and what
 * it holds (the open paths for a file, a descriptor and a source; the
 * matching of tar directories to ova.xml's disks; reads, extents and
 * chunk checks through the maps) all reads that struct.  Splitting it
 * would mean a private header shared by the halves, which is the
 * coupling that one file states more plainly.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <linux/fs.h>

#include "chunk-map.h"
#include "cleanup.h"
#include "compression.h"
#include "iszero.h"
#include "source.h"
#include "tar-index.h"
#include "vector.h"
#include "xvafile.h"

/* An XVA has one directory per disk, and a VM at most OVA_MAX_VBDS
 * disks (ova.xml, which says which, may come after them); room is left
 * for the disks of snapshots and the suspend image.  More than this is
 * not an XVA but an attempt to make the index slow.
 */
#define MAX_DIRECTORIES (4 * OVA_MAX_VBDS)

DEFINE_VECTOR_TYPE (map_vector, struct chunk_map *);
DEFINE_VECTOR_TYPE (string_vector, char *);

struct xvafile {
  char *display;
  int fd;                       /* the XVA, or its decompressed spool */
  bool spooled;                 /* fd is the spool (we decompressed) */
  struct fd_source fd_src;      /* fd is read through this, */
  struct xva_source src;        /* or the caller's source: what is read */
  enum xva_compression compression;
  enum tar_flavour flavour;

  /* While indexing. */
  uint64_t ova_offset, ova_size;
  bool have_ova;
  bool ova_first;
  bool legacy_chunks;           /* v1-style chunk-NNN.gz members seen */
  uint64_t members;
  map_vector maps;
  struct chunk_map *last_map;   /* members of a disk come together */

  struct ova_vm *vm;
  struct xva_disk *disks;
  size_t nr_disks;
  struct xva_disk suspend;
  bool have_suspend;
  bool metadata_only;
  unsigned checksum_kinds;
  string_vector warnings;
};

static void add_warning (struct xvafile *x, const char *fs, ...)
  __attribute__ ((__format__ (__printf__, 2, 3)));

static void
add_warning (struct xvafile *x, const char *fs, ...)
{
  va_list args;
  char *msg;

  va_start (args, fs);
  if (vasprintf (&msg, fs, args) == -1)
    msg = NULL;
  va_end (args);
  if (msg && string_vector_append (&x->warnings, msg) == -1)
    free (msg);
}

/* Parse a decimal chunk number of any width (xapi pads to 8, some
 * builders to 20: xva-format(5)).  Returns the length parsed, or 0
 * if s does not start with digits or the number overflows.
 */
static size_t
parse_number (const char *s, uint64_t *n)
{
  size_t i;

  *n = 0;
  for (i = 0; s[i] >= '0' && s[i] <= '9'; ++i) {
    if (__builtin_mul_overflow (*n, 10, n) ||
        __builtin_add_overflow (*n, (uint64_t) (s[i] - '0'), n))
      return 0;
  }
  return i;
}

static struct chunk_map *
get_map (struct xvafile *x, const char *prefix, size_t len)
{
  struct chunk_map *map;
  CLEANUP_FREE char *name = strndup (prefix, len);
  size_t i;

  if (name == NULL) {
    xva_set_error (errno, "strndup: %s", strerror (errno));
    return NULL;
  }
  if (x->last_map && strcmp (chunk_map_prefix (x->last_map), name) == 0)
    return x->last_map;
  for (i = 0; i < x->maps.len; ++i)
    if (strcmp (chunk_map_prefix (x->maps.ptr[i]), name) == 0)
      return x->last_map = x->maps.ptr[i];
  if (x->maps.len >= MAX_DIRECTORIES) {
    xva_set_error (0, "%s: corrupt XVA: more than %d disk directories",
                   x->display, MAX_DIRECTORIES);
    return NULL;
  }
  map = chunk_map_new (x->display, name);
  if (map == NULL)
    return NULL;
  if (map_vector_append (&x->maps, map) == -1) {
    xva_set_error (errno, "realloc: %s", strerror (errno));
    chunk_map_free (map);
    return NULL;
  }
  return x->last_map = map;
}

/* Route one tar member: ova.xml, a chunk, a checksum, or something we
 * ignore.
 */
static int
on_member (void *opaque, const struct tar_member *m)
{
  struct xvafile *x = opaque;
  const char *slash, *rest;
  struct chunk_map *map;
  uint64_t number;
  size_t digits;

  x->members++;
  if (strcmp (m->name, "ova.xml") == 0) {
    if (x->have_ova) {
      xva_set_error (0, "%s: corrupt XVA: two ova.xml members", x->display);
      return -1;
    }
    x->have_ova = true;
    x->ova_first = x->members == 1;
    x->ova_offset = m->offset;
    x->ova_size = m->size;
    return 0;
  }

  slash = strchr (m->name, '/');
  if (slash == NULL || slash == m->name || strchr (slash + 1, '/'))
    return 0;                   /* not a chunk: ignore */
  rest = slash + 1;
  if (strncmp (rest, "chunk", 5) == 0) {
    x->legacy_chunks = true;    /* v1: "chunk-000000000.gz" */
    return 0;
  }
  digits = parse_number (rest, &number);
  if (digits == 0)
    return 0;

  map = get_map (x, m->name, slash - m->name);
  if (map == NULL)
    return -1;
  if (rest[digits] == '\0')
    return chunk_map_add_chunk (map, number, m->offset, m->size);
  if (strcmp (&rest[digits], ".checksum") == 0)
    return chunk_map_add_checksum (map, number, CHECKSUM_SHA1,
                                   m->offset, m->size);
  if (strcmp (&rest[digits], ".xxhash") == 0)
    return chunk_map_add_checksum (map, number, CHECKSUM_XXH64,
                                   m->offset, m->size);
  return 0;
}

static struct chunk_map *
find_map (struct xvafile *x, const char *prefix)
{
  size_t i;

  for (i = 0; i < x->maps.len; ++i)
    if (strcmp (chunk_map_prefix (x->maps.ptr[i]), prefix) == 0)
      return x->maps.ptr[i];
  return NULL;
}

/* Fit a disk's map to its virtual_size (xva-format(5)): chunks
 * wholly past the end must be zeros (XO's placeholder) and are dropped;
 * a last chunk padded past the end is cut when read; data ending early
 * reads as zeros, with a warning.
 */
static int
fit_map (struct xvafile *x, struct xva_disk *d, struct chunk_map *map)
{
  size_t n = chunk_map_nr_entries (map), i, first_past = n;
  CLEANUP_FREE char *buf = NULL;
  struct chunk_info ci;
  const uint64_t vsize = d->virtual_size;

  for (i = n; i > 0; --i) {
    chunk_map_get (map, i-1, &ci);
    if (ci.disk_offset + ci.length <= vsize)
      break;
    if (buf == NULL && (buf = malloc (CHUNK_SIZE)) == NULL) {
      xva_set_error (errno, "malloc: %s", strerror (errno));
      return -1;
    }
    /* Only the part past the end matters. */
    {
      uint64_t skip = ci.disk_offset >= vsize ? 0 : vsize - ci.disk_offset;
      size_t len = ci.length - skip;
      if (xvafile_read_tar (x, buf, len, ci.file_offset + skip) == -1)
        return -1;
      if (!is_zero (buf, len)) {
        if (ci.disk_offset >= vsize) {
          xva_set_error (0, "%s: corrupt XVA: %s/%08" PRIu64 ": chunk "
                         "beyond the end of the disk (virtual_size %"
                         PRIu64 ")", x->display, d->ref, ci.number, vsize);
          return -1;
        }
        add_warning (x, "%s: %s/%08" PRIu64 ": %zu bytes of data past the "
                     "end of the disk (virtual_size %" PRIu64 ") ignored",
                     x->display, d->ref, ci.number, len, vsize);
      }
    }
    if (ci.disk_offset >= vsize)
      first_past = i-1;
  }
  chunk_map_truncate (map, first_past);

  if (chunk_map_stats (map)->end < vsize && chunk_map_nr_entries (map) > 0)
    add_warning (x, "%s: %s: data ends at byte %" PRIu64 " of %" PRIu64
                 ": the rest reads as zeros (truncated export?)",
                 x->display, d->ref, chunk_map_stats (map)->end, vsize);
  return 0;
}

/* Match the VM's disks with the tar's directories. */
static int
match_disks (struct xvafile *x)
{
  const struct ova_vm *vm = x->vm;
  size_t i, n = 0, missing = 0, with_data = 0;
  const struct xva_disk *first_missing = NULL;

  x->disks = calloc (vm->nr_vbds ? vm->nr_vbds : 1, sizeof *x->disks);
  if (x->disks == NULL) {
    xva_set_error (errno, "calloc: %s", strerror (errno));
    return -1;
  }
  for (i = 0; i < vm->nr_vbds; ++i) {
    const struct ova_vbd *vbd = &vm->vbds[i];
    struct xva_disk *d;

    if (!ova_vbd_has_data (vbd))
      continue;
    d = &x->disks[n];
    d->index = n++;
    d->vbd = vbd;
    d->vdi = vbd->vdi;
    d->ref = vbd->vdi->id;
    d->virtual_size = vbd->vdi->virtual_size;
    d->map = find_map (x, d->ref);
    if (d->virtual_size > CHUNK_MAP_MAX_OFFSET) {
      xva_set_error (0, "%s: ova.xml: disk %s has a virtual_size of %" PRIu64
                     " bytes, more than the 64 PiB this program handles",
                     x->display, d->ref, d->virtual_size);
      return -1;
    }
    if (d->map)
      with_data++;
    else if (d->virtual_size > 0) {
      missing++;
      if (!first_missing)
        first_missing = d;
    }
  }
  x->nr_disks = n;

  if (vm->suspend_vdi) {
    x->have_suspend = true;
    x->suspend.index = SIZE_MAX;
    x->suspend.vdi = vm->suspend_vdi;
    x->suspend.ref = vm->suspend_vdi->id;
    x->suspend.virtual_size = vm->suspend_vdi->virtual_size;
    x->suspend.map = find_map (x, x->suspend.ref);
  }

  /* Only ova.xml: a metadata export (xen-api export.ml /export_metadata). */
  if (missing > 0 && with_data == 0 && x->maps.len == 0) {
    x->metadata_only = true;
    return 0;
  }
  if (missing > 0) {
    xva_set_error (0, "%s: disk %zu (%s, %s) is missing from the archive",
                   x->display, first_missing->index, first_missing->ref,
                   first_missing->vbd->device[0] ?
                   first_missing->vbd->device : "no device name");
    return -1;
  }

  for (i = 0; i < x->maps.len; ++i) {
    const char *p = chunk_map_prefix (x->maps.ptr[i]);
    size_t j;
    bool used = x->have_suspend && strcmp (p, x->suspend.ref) == 0;

    for (j = 0; j < x->nr_disks && !used; ++j)
      used = strcmp (p, x->disks[j].ref) == 0;
    if (!used)
      add_warning (x, "%s: %s/: data of a disk that ova.xml does not "
                   "attach to the VM, ignored", x->display, p);
    x->checksum_kinds |= chunk_map_stats (x->maps.ptr[i])->checksum_kinds;
  }

  for (i = 0; i < x->nr_disks; ++i)
    if (x->disks[i].map &&
        fit_map (x, &x->disks[i], (struct chunk_map *) x->disks[i].map) == -1)
      return -1;
  if (x->have_suspend && x->suspend.map &&
      fit_map (x, &x->suspend, (struct chunk_map *) x->suspend.map) == -1)
    return -1;
  return 0;
}

static int
read_ova_xml (struct xvafile *x)
{
  CLEANUP_FREE char *buf = NULL;

  if (!x->have_ova) {
    if (x->legacy_chunks)
      xva_set_error (0, "%s: legacy XVA version 1 is not supported: "
                     "re-export it from a current XenServer or XCP-ng",
                     x->display);
    else
      xva_set_error (0, "%s: not an XVA file (no ova.xml member)",
                     x->display);
    return -1;
  }
  if (x->ova_size > (64 << 20)) {
    xva_set_error (0, "%s: ova.xml is too large (%" PRIu64 " bytes)",
                   x->display, x->ova_size);
    return -1;
  }
  buf = malloc (x->ova_size + 1);
  if (buf == NULL) {
    xva_set_error (errno, "malloc: %s", strerror (errno));
    return -1;
  }
  if (xvafile_read_tar (x, buf, x->ova_size, x->ova_offset) == -1)
    return -1;
  x->vm = ova_xml_parse (x->display, buf, x->ova_size);
  if (x->vm == NULL)
    return -1;
  if (!x->ova_first)
    add_warning (x, "%s: ova.xml is not the first member (a re-packed "
                 "archive?); xapi would refuse to import it", x->display);
  return 0;
}

/* Check what x->fd is open on: a regular file or a block device, never
 * something endless like /dev/zero or a pipe.  Sets *size.
 */
static int
check_input (struct xvafile *x, uint64_t *size)
{
  const char *name = x->display;
  struct stat st;

  if (fstat (x->fd, &st) == -1) {
    xva_set_error (errno, "%s: fstat: %s", name, strerror (errno));
    return -1;
  }
  if (S_ISDIR (st.st_mode)) {
    xva_set_error (EISDIR, "%s: is a directory, not an XVA file "
                   "(unpacked XVAs are not supported)", name);
    return -1;
  }
  if (S_ISBLK (st.st_mode)) {
    if (ioctl (x->fd, BLKGETSIZE64, size) == -1) {
      xva_set_error (errno, "%s: BLKGETSIZE64: %s", name, strerror (errno));
      return -1;
    }
  }
  else if (S_ISREG (st.st_mode))
    *size = st.st_size;
  else {
    xva_set_error (0, "%s: not a regular file or block device", name);
    return -1;
  }
  if (*size == 0) {
    xva_set_error (0, "%s: empty file, not an XVA", name);
    return -1;
  }
  return 0;
}

/* A new handle with nothing open yet, or NULL with the error set. */
static struct xvafile *
new_handle (const char *display)
{
  struct xvafile *x = calloc (1, sizeof *x);

  if (x == NULL || (x->display = strdup (display)) == NULL) {
    xva_set_error (errno, "calloc: %s", strerror (errno));
    free (x);
    return NULL;
  }
  x->fd = -1;
  return x;
}

/* Index the tar that x->src reads: the members, ova.xml, the disks. */
static int
index_tar (struct xvafile *x)
{
  size_t i;

  if (tar_index_walk (&x->src, x->display, on_member, x, &x->flavour) == -1)
    return -1;
  for (i = 0; i < x->maps.len; ++i)
    chunk_map_finish (x->maps.ptr[i]);
  if (read_ova_xml (x) == -1 || match_disks (x) == -1)
    return -1;
  return 0;
}

/* Detect compression on x->fd and, if allowed, decompress it into a
 * spool which then replaces x->fd; then index the tar.
 */
static int
index_input (struct xvafile *x, uint64_t size, bool may_spool)
{
  unsigned char magic[8];
  ssize_t r;

  r = pread (x->fd, magic, sizeof magic, 0);
  if (r == -1) {
    xva_set_error (errno, "%s: read: %s", x->display, strerror (errno));
    return -1;
  }
  x->compression = xva_compression_detect (magic, r);
  if (x->compression != XVA_COMPRESSION_NONE) {
    int spool;

    if (!may_spool) {
      xva_set_error (0, "%s: %s-compressed data, not an uncompressed XVA "
                     "tar", x->display,
                     xva_compression_name (x->compression));
      return -1;
    }
    spool = xva_compression_spool (x->fd, x->display, &size);
    if (spool == -1)
      return -1;
    close (x->fd);
    x->fd = spool;
    x->spooled = true;
  }
  fd_source_init (&x->fd_src, x->fd, size, x->display);
  x->src = x->fd_src.source;
  return index_tar (x);
}

struct xvafile *
xvafile_open (const char *path)
{
  return xvafile_open_as (path, path);
}

struct xvafile *
xvafile_open_as (const char *path, const char *display)
{
  struct xvafile *x;
  uint64_t size;

  x = new_handle (display);
  if (x == NULL)
    return NULL;
  x->fd = open (path, O_RDONLY | O_CLOEXEC);
  if (x->fd == -1) {
    xva_set_error (errno, "%s: %s", display, strerror (errno));
    goto fail;
  }
  if (check_input (x, &size) == -1 || index_input (x, size, true) == -1)
    goto fail;
  return x;

 fail:
  xvafile_close (x);
  return NULL;
}

struct xvafile *
xvafile_open_source (const struct xva_source *src, const char *display)
{
  struct xvafile *x;
  unsigned char magic[8];
  size_t n;

  x = new_handle (display);
  if (x == NULL)
    return NULL;
  if (src->size == 0) {
    xva_set_error (0, "%s: empty file, not an XVA", display);
    goto fail;
  }
  n = src->size < sizeof magic ? src->size : sizeof magic;
  if (src->pread (src->opaque, magic, n, 0) == -1)
    goto fail;
  x->compression = xva_compression_detect (magic, n);
  if (x->compression != XVA_COMPRESSION_NONE) {
    xva_set_error (0, "%s: a %s-compressed XVA can only be read from a "
                   "file", display, xva_compression_name (x->compression));
    goto fail;
  }
  x->src = *src;
  if (index_tar (x) == -1)
    goto fail;
  return x;

 fail:
  xvafile_close (x);
  return NULL;
}

struct xvafile *
xvafile_open_fd (int fd, const char *display)
{
  struct xvafile *x;
  uint64_t size;

  x = new_handle (display);
  if (x == NULL) {
    close (fd);
    return NULL;
  }
  x->fd = fd;
  if (check_input (x, &size) == -1 || index_input (x, size, false) == -1) {
    xvafile_close (x);
    return NULL;
  }
  return x;
}

void
xvafile_close (struct xvafile *x)
{
  size_t i;

  if (x == NULL)
    return;
  if (x->fd >= 0)
    close (x->fd);
  for (i = 0; i < x->maps.len; ++i)
    chunk_map_free (x->maps.ptr[i]);
  map_vector_reset (&x->maps);
  for (i = 0; i < x->warnings.len; ++i)
    free (x->warnings.ptr[i]);
  string_vector_reset (&x->warnings);
  ova_vm_free (x->vm);
  free (x->disks);
  free (x->display);
  free (x);
}

int
xvafile_spool_fd (const struct xvafile *x)
{
  return x->spooled ? x->fd : -1;
}

const char *
xvafile_display (const struct xvafile *x)
{
  return x->display;
}

const struct ova_vm *
xvafile_vm (const struct xvafile *x)
{
  return x->vm;
}

size_t
xvafile_nr_disks (const struct xvafile *x)
{
  return x->nr_disks;
}

const struct xva_disk *
xvafile_disk (const struct xvafile *x, size_t i)
{
  return &x->disks[i];
}

const struct xva_disk *
xvafile_suspend_image (const struct xvafile *x)
{
  return x->have_suspend ? &x->suspend : NULL;
}

const struct xva_disk *
xvafile_lookup_disk (const struct xvafile *x, const char *spec)
{
  uint64_t n;
  size_t i;

  for (i = 0; i < x->nr_disks; ++i)
    if (strcmp (x->disks[i].ref, spec) == 0)
      return &x->disks[i];
  if (parse_number (spec, &n) == strlen (spec) && spec[0]) {
    if (n < x->nr_disks)
      return &x->disks[n];
    xva_set_error (0, "%s: there is no disk %s (the VM has %zu disk%s)",
                   x->display, spec, x->nr_disks,
                   x->nr_disks == 1 ? "" : "s");
    return NULL;
  }
  xva_set_error (0, "%s: there is no disk %s (give a number from 0 or a "
                 "reference as 'virt-xva info' shows)", x->display, spec);
  return NULL;
}

bool
xvafile_metadata_only (const struct xvafile *x)
{
  return x->metadata_only;
}

const char *
xvafile_tar_flavour_name (const struct xvafile *x)
{
  return tar_flavour_name (x->flavour);
}

enum xva_compression
xvafile_compression (const struct xvafile *x)
{
  return x->compression;
}

uint64_t
xvafile_tar_size (const struct xvafile *x)
{
  return x->src.size;
}

uint64_t
xvafile_bytes_read (const struct xvafile *x)
{
  return x->src.opaque == &x->fd_src ?
    __atomic_load_n (&x->fd_src.bytes_read, __ATOMIC_RELAXED) : 0;
}

unsigned
xvafile_checksum_kinds (const struct xvafile *x)
{
  return x->checksum_kinds;
}

size_t
xvafile_nr_warnings (const struct xvafile *x)
{
  return x->warnings.len;
}

const char *
xvafile_warning (const struct xvafile *x, size_t i)
{
  return x->warnings.ptr[i];
}

int
xvafile_read_tar (const struct xvafile *x, void *buf, size_t count,
                  uint64_t offset)
{
  return x->src.pread (x->src.opaque, buf, count, offset);
}

int
xvafile_pread (const struct xvafile *x, const struct xva_disk *d,
               void *buf, size_t count, uint64_t offset)
{
  char *p = buf;
  size_t i, n;
  int inside;

  if (offset > d->virtual_size || count > d->virtual_size - offset) {
    xva_set_error (EINVAL, "%s: %s: read of %zu bytes at %" PRIu64
                   " is past the end of the disk", x->display, d->ref,
                   count, offset);
    return -1;
  }
  if (d->map == NULL) {
    memset (buf, 0, count);
    return 0;
  }

  n = chunk_map_nr_entries (d->map);
  i = chunk_map_find (d->map, offset, &inside);
  while (count > 0) {
    struct chunk_info ci;
    uint64_t len;

    if (i < n)
      chunk_map_get (d->map, i, &ci);
    if (i < n && inside) {
      /* Inside entry i: read from the tar. */
      len = ci.disk_offset + ci.length - offset;
      if (len > count)
        len = count;
      if (xvafile_read_tar (x, p, len,
                            ci.file_offset + (offset - ci.disk_offset)) == -1)
        return -1;
      i++;
    }
    else {
      /* In a hole, up to the next entry or the end. */
      len = (i < n ? ci.disk_offset : d->virtual_size) - offset;
      if (len > count)
        len = count;
      memset (p, 0, len);
    }
    p += len;
    offset += len;
    count -= len;
    if (i < n) {
      chunk_map_get (d->map, i, &ci);
      inside = offset >= ci.disk_offset;
    }
  }
  return 0;
}

int
xvafile_extents (const struct xvafile *x, const struct xva_disk *d,
                 uint64_t offset, uint64_t count,
                 xva_extent_fn fn, void *opaque)
{
  const uint64_t end = offset + count;
  size_t i, n;
  int inside;

  if (d->map == NULL)
    return fn (opaque, offset, d->virtual_size - offset, true);

  n = chunk_map_nr_entries (d->map);
  i = chunk_map_find (d->map, offset, &inside);
  while (offset < end) {
    struct chunk_info ci;
    uint64_t next;
    bool hole;

    if (i < n)
      chunk_map_get (d->map, i, &ci);
    if (i < n && inside) {
      /* Coalesce entries that touch. */
      next = ci.disk_offset + ci.length;
      while (++i < n) {
        chunk_map_get (d->map, i, &ci);
        if (ci.disk_offset != next)
          break;
        next += ci.length;
      }
      hole = false;
    }
    else {
      next = i < n ? ci.disk_offset : d->virtual_size;
      hole = true;
    }
    if (next > d->virtual_size)
      next = d->virtual_size;
    if (next <= offset)
      break;
    if (fn (opaque, offset, next - offset, hole) == -1)
      return -1;
    offset = next;
    inside = 1;
    if (i < n && hole == false) {
      chunk_map_get (d->map, i, &ci);
      inside = offset >= ci.disk_offset;
    }
  }
  return 0;
}

int
xvafile_check_chunk (const struct xvafile *x, const struct chunk_info *ci,
                     const void *data, const char *stored,
                     struct xva_chunk_check *check)
{
  char text[CHECKSUM_HEX_MAX];
  size_t len = checksum_hex_len (ci->checksum);

  if (ci->checksum == CHECKSUM_NONE)
    return 2;
  if (stored == NULL) {
    if (xvafile_read_tar (x, text, len, ci->checksum_offset) == -1)
      return -1;
    stored = text;
  }
  return checksum_matches (ci->checksum, data, ci->length, stored, len,
                           check->expected, check->actual) ? 1 : 0;
}

size_t
xvafile_nr_chunks (const struct xvafile *x, const struct xva_disk *d)
{
  return d->map ? chunk_map_nr_entries (d->map) : 0;
}

void
xvafile_chunk_range (const struct xvafile *x, const struct xva_disk *d,
                     uint64_t offset, uint64_t count,
                     size_t *first, size_t *end)
{
  struct chunk_info ci;
  size_t i, n;
  int inside;

  *first = *end = 0;
  if (d->map == NULL || count == 0)
    return;
  n = chunk_map_nr_entries (d->map);
  *first = i = chunk_map_find (d->map, offset, &inside);
  for (; i < n; ++i) {
    chunk_map_get (d->map, i, &ci);
    if (ci.disk_offset >= offset + count)
      break;
  }
  *end = i;
}

int
xvafile_verify_chunk (const struct xvafile *x, const struct xva_disk *d,
                      size_t i, uint64_t *number, enum checksum_kind *kind,
                      char **mismatch)
{
  struct chunk_info ci;
  struct xva_chunk_check check;
  CLEANUP_FREE char *data = NULL;
  int r;

  *mismatch = NULL;
  chunk_map_get (d->map, i, &ci);
  *number = ci.number;
  *kind = ci.checksum;
  if (ci.checksum == CHECKSUM_NONE)
    return 2;
  data = malloc (ci.length ? ci.length : 1);
  if (data == NULL) {
    xva_set_error (ENOMEM, "out of memory");
    return -1;
  }
  if (xvafile_read_tar (x, data, ci.length, ci.file_offset) == -1)
    return -1;
  r = xvafile_check_chunk (x, &ci, data, NULL, &check);
  if (r == 0)
    *mismatch = xvafile_mismatch_message (x, d, &ci, &check);
  return r;
}

char *
xvafile_mismatch_message (const struct xvafile *x, const struct xva_disk *d,
                          const struct chunk_info *ci,
                          const struct xva_chunk_check *check)
{
  char *msg;

  if (asprintf (&msg, "%s: corrupt XVA: %s/%08" PRIu64 " (disk %zu, offset %"
                PRIu64 "): %s checksum mismatch (expected %s, got %s)",
                x->display, d->ref, ci->number, d->index, ci->disk_offset,
                checksum_kind_name (ci->checksum), check->expected,
                check->actual) == -1)
    return NULL;
  return msg;
}

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* libFuzzer harness: the whole reader on an XVA held in memory.  Open
 * it through a memory source (the tar index, ova.xml, the chunk maps,
 * fitting them to the disks), then do what the programs do: list the
 * disks, read each one end to end in reads that straddle chunk
 * boundaries, walk its extents and verify every chunk's checksum.
 *
 * Disks can claim up to 64 PiB, so a disk larger than FULL_READ is read
 * only where it has data, plus the edges of each hole, and no input
 * gets more than BUDGET bytes read.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "chunk-map.h"
#include "iszero.h"
#include "source.h"
#include "xvafile.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define FULL_READ (4 << 20)     /* read disks up to this size fully */
#define READ_SIZE 65537         /* odd, to cross chunk boundaries */
#define HOLE_EDGE 4096          /* bytes read at each end of a hole */
#define BUDGET (64 << 20)       /* bytes read per input, at most */
#define SMALL_DISK (256 << 10)  /* read twice, in different pieces */

static char buf[READ_SIZE];
static char chunk[CHUNK_SIZE];
static char on_disk[CHUNK_SIZE];
static char whole[SMALL_DISK];
static uint64_t budget;

static void
read_range (const struct xvafile *x, const struct xva_disk *d,
            uint64_t offset, uint64_t count, bool hole)
{
  while (count > 0 && budget > 0) {
    size_t n = count < READ_SIZE ? count : READ_SIZE;
    if (xvafile_pread (x, d, buf, n, offset) == -1)
      return;                   /* a read may fail: the data is bad */
    if (hole && !is_zero (buf, n))
      abort ();                 /* holes read as zeros */
    offset += n;
    count -= n;
    budget -= n < budget ? n : budget;
  }
}

struct extents {
  const struct xvafile *x;
  const struct xva_disk *d;
  uint64_t next;                /* extents are contiguous */
};

static int
on_extent (void *opaque, uint64_t offset, uint64_t length, bool hole)
{
  struct extents *ex = opaque;

  if (offset != ex->next || length == 0 ||
      offset > ex->d->virtual_size || length > ex->d->virtual_size - offset)
    abort ();
  ex->next = offset + length;
  if (ex->d->virtual_size <= FULL_READ)
    return 0;                   /* read fully already */
  if (!hole)
    read_range (ex->x, ex->d, offset, length, false);
  else if (length <= 2 * HOLE_EDGE)
    read_range (ex->x, ex->d, offset, length, true);
  else {
    read_range (ex->x, ex->d, offset, HOLE_EDGE, true);
    read_range (ex->x, ex->d, offset + length - HOLE_EDGE, HOLE_EDGE, true);
  }
  return 0;
}

static void
check_disk (const struct xvafile *x, const struct xva_disk *d)
{
  struct extents ex = { .x = x, .d = d };
  size_t i;

  if (d->ref == NULL || d->vdi == NULL)
    abort ();
  if (d->virtual_size <= FULL_READ)
    read_range (x, d, 0, d->virtual_size, false);

  /* A small disk read in one go and in odd pieces must agree. */
  if (d->virtual_size <= SMALL_DISK &&
      xvafile_pread (x, d, whole, d->virtual_size, 0) == 0) {
    uint64_t off, n;
    for (off = 0; off < d->virtual_size; off += n) {
      n = d->virtual_size - off < 509 ? d->virtual_size - off : 509;
      if (xvafile_pread (x, d, buf, n, off) == -1 ||
          memcmp (buf, &whole[off], n) != 0)
        abort ();
    }
  }
  /* As nbdkit asks: never for zero bytes. */
  if (d->virtual_size > 0 &&
      xvafile_extents (x, d, 0, d->virtual_size, on_extent, &ex) == 0 &&
      ex.next != d->virtual_size)
    abort ();                   /* the extents must cover the disk */
  if (d->virtual_size > 0 && xvafile_pread (x, d, buf, 1,
                                            d->virtual_size) != -1)
    abort ();                   /* past the end */

  if (d->map == NULL)
    return;
  for (i = 0; i < chunk_map_nr_entries (d->map); ++i) {
    struct chunk_info ci;
    struct xva_chunk_check check;
    int r;

    chunk_map_get (d->map, i, &ci);
    /* Fitted to the disk: every entry starts inside it. */
    if (ci.length == 0 || ci.disk_offset >= d->virtual_size)
      abort ();
    if (budget < 2 * (uint64_t) ci.length)
      break;
    budget -= 2 * (uint64_t) ci.length;
    if (xvafile_read_tar (x, chunk, ci.length, ci.file_offset) == -1)
      continue;

    /* The disk reads the chunk's bytes where the map puts them. */
    {
      uint64_t n = d->virtual_size - ci.disk_offset;
      if (n > ci.length)
        n = ci.length;
      if (xvafile_pread (x, d, on_disk, n, ci.disk_offset) == 0 &&
          memcmp (on_disk, chunk, n) != 0)
        abort ();
    }

    r = xvafile_check_chunk (x, &ci, chunk, NULL, &check);
    if (r < -1 || r > 2 || (r == 2) != (ci.checksum == CHECKSUM_NONE))
      abort ();
    if (r == 0) {
      char *msg = xvafile_mismatch_message (x, d, &ci, &check);
      if (msg == NULL)
        abort ();
      free (msg);
    }
    /* The stored text handed in, as virt-xva's chunk walk does, must
     * give the same answer.
     */
    if (r >= 0 && ci.checksum != CHECKSUM_NONE) {
      char stored[CHECKSUM_HEX_MAX];
      if (xvafile_read_tar (x, stored, checksum_hex_len (ci.checksum),
                            ci.checksum_offset) == -1 ||
          xvafile_check_chunk (x, &ci, chunk, stored, &check) != r)
        abort ();
    }
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct mem_source src;
  struct xvafile *x;
  const struct ova_vm *vm;
  size_t i;

  budget = BUDGET;
  xva_set_error (0, "%s", "");
  mem_source_init (&src, data, size, "fuzz.xva");
  x = xvafile_open_source (&src.source, "fuzz.xva");
  if (x == NULL) {
    if (strcmp (xva_last_error (), "unknown error") == 0)
      abort ();                 /* a failure must say why */
    return 0;
  }

  vm = xvafile_vm (x);
  if (vm == NULL || xvafile_tar_size (x) != size)
    abort ();
  (void) xvafile_tar_flavour_name (x);
  (void) xvafile_checksum_kinds (x);
  for (i = 0; i < xvafile_nr_warnings (x); ++i)
    if (xvafile_warning (x, i) == NULL)
      abort ();
  for (i = 0; i < xvafile_nr_disks (x); ++i) {
    const struct xva_disk *d = xvafile_disk (x, i);
    char spec[32];

    snprintf (spec, sizeof spec, "%zu", i);
    if (d->index != i || xvafile_lookup_disk (x, spec) != d ||
        xvafile_lookup_disk (x, d->ref) == NULL)
      abort ();
    if (!xvafile_metadata_only (x))
      check_disk (x, d);
  }
  if (xvafile_lookup_disk (x, "999999") != NULL)
    abort ();
  if (xvafile_suspend_image (x) && !xvafile_metadata_only (x))
    check_disk (x, xvafile_suspend_image (x));
  xvafile_close (x);
  return 0;
}

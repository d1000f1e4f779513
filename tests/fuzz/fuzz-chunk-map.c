/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* libFuzzer harness: the chunk map.  The input is a list of 21-byte
 * records, each one tar member as xvafile.c feeds it (a chunk or a
 * checksum, in archive order) or a look-up:
 *
 *   byte 0       op: bits 0-1 = 0 chunk, 1 .checksum, 2 .xxhash,
 *                3 look-up; bit 2 = take the offset from the record
 *                instead of the next 512-aligned tar position
 *   bytes 1-8    chunk number (little-endian)
 *   bytes 9-12   member size (little-endian)
 *   bytes 13-20  file offset or look-up disk offset (little-endian)
 *
 * Like xvafile.c, the walk stops at the first member the map refuses.
 * Once built, every entry must read back as it was fed, entries must be
 * sorted without overlaps at the disk offsets the sequential rule
 * gives, and chunk_map_find must agree with a linear search.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "chunk-map.h"
#include "xva-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define RECORD 21
#define MAX_RECORDS 4096

/* What the harness expects of each entry. */
struct expect {
  uint64_t number, file_offset, disk_offset, checksum_offset;
  uint32_t length;
  enum checksum_kind kind;
};

static uint64_t
le (const uint8_t *p, int n)
{
  uint64_t v = 0;
  int i;

  for (i = n - 1; i >= 0; --i)
    v = (v << 8) | p[i];
  return v;
}

/* Linear search: what chunk_map_find must return. */
static size_t
slow_find (const struct expect *e, size_t n, uint64_t off, int *inside)
{
  size_t i;

  for (i = 0; i < n; ++i) {
    if (off < e[i].disk_offset) {
      *inside = 0;
      return i;
    }
    if (off - e[i].disk_offset < e[i].length) {
      *inside = 1;
      return i;
    }
  }
  *inside = 0;
  return n;
}

static void
check_find (const struct chunk_map *map, const struct expect *e, size_t n,
            uint64_t off)
{
  int inside, want_inside;
  size_t i = chunk_map_find (map, off, &inside);

  if (i != slow_find (e, n, off, &want_inside) || inside != want_inside)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static struct expect e[MAX_RECORDS];
  size_t nr = 0, nrec = size / RECORD, r, i;
  struct chunk_map *map;
  uint64_t tar_pos = 512;       /* ova.xml's header */
  uint64_t pos = 0, unit = CHUNK_SIZE, first_length = 0, members = 0;
  int64_t last = -1;
  int failed = 0;

  if (nrec > MAX_RECORDS)
    nrec = MAX_RECORDS;
  xva_set_error (0, "%s", "");
  map = chunk_map_new ("fuzz.xva", "Ref:1");
  if (map == NULL)
    abort ();
  if (strcmp (chunk_map_prefix (map), "Ref:1") != 0)
    abort ();

  for (r = 0; r < nrec && !failed; ++r) {
    const uint8_t *p = &data[r * RECORD];
    unsigned op = p[0] & 3;
    uint64_t number = le (&p[1], 8), msize = le (&p[9], 4);
    uint64_t offset = le (&p[13], 8);

    if (op == 3)
      continue;                 /* look-ups come after the build */
    /* A tar header, then the data, padded. */
    tar_pos += 512;
    if (!(p[0] & 4))
      offset = tar_pos;
    tar_pos += (msize + 511) & ~UINT64_C (511);

    if (op == 0) {
      if (chunk_map_add_chunk (map, number, offset, msize) == -1) {
        failed = 1;
        break;
      }
      /* The sequential rule, as xapi's importer applies it. */
      if (last >= 0 && number <= (uint64_t) last)
        abort ();               /* should have been refused */
      if (members == 1 && last == 0 && first_length > 0)
        unit = first_length;
      pos += (number - (uint64_t) (last + 1)) * unit;
      if (members == 0 && number == 0)
        first_length = msize;
      members++;
      last = number;
      if (msize > 0) {
        e[nr] = (struct expect) {
          .number = number, .file_offset = offset, .disk_offset = pos,
          .length = msize, .kind = CHECKSUM_NONE,
        };
        nr++;
      }
      pos += msize;
    }
    else {
      enum checksum_kind kind = op == 1 ? CHECKSUM_SHA1 : CHECKSUM_XXH64;
      if (chunk_map_add_checksum (map, number, kind, offset, msize) == -1) {
        failed = 1;
        break;
      }
      if (nr > 0 && e[nr-1].number == number &&
          e[nr-1].kind == CHECKSUM_NONE) {
        e[nr-1].kind = kind;
        e[nr-1].checksum_offset = offset;
      }
    }
  }
  if (failed) {
    if (strcmp (xva_last_error (), "unknown error") == 0)
      abort ();
    chunk_map_free (map);
    return 0;
  }
  chunk_map_finish (map);

  /* Every entry as it was fed, sorted, no overlaps. */
  if (chunk_map_nr_entries (map) != nr)
    abort ();
  for (i = 0; i < nr; ++i) {
    struct chunk_info ci;

    chunk_map_get (map, i, &ci);
    if (ci.number != e[i].number || ci.file_offset != e[i].file_offset ||
        ci.disk_offset != e[i].disk_offset || ci.length != e[i].length ||
        ci.checksum != e[i].kind ||
        (ci.checksum != CHECKSUM_NONE &&
         ci.checksum_offset != e[i].checksum_offset))
      abort ();
    if (ci.length == 0 || ci.length > CHUNK_SIZE ||
        ci.disk_offset + ci.length - 1 > CHUNK_MAP_MAX_OFFSET)
      abort ();
    if (i > 0 && e[i-1].disk_offset + e[i-1].length > ci.disk_offset)
      abort ();
  }
  if (chunk_map_stats (map)->members != members ||
      chunk_map_stats (map)->end != pos)
    abort ();

  /* Look-ups: at, inside and after each entry, then the record's. */
  check_find (map, e, nr, 0);
  check_find (map, e, nr, UINT64_MAX);
  for (i = 0; i < nr; ++i) {
    check_find (map, e, nr, e[i].disk_offset);
    check_find (map, e, nr, e[i].disk_offset - 1);
    check_find (map, e, nr, e[i].disk_offset + e[i].length - 1);
    check_find (map, e, nr, e[i].disk_offset + e[i].length);
  }
  for (r = 0; r < nrec; ++r) {
    const uint8_t *p = &data[r * RECORD];
    if ((p[0] & 3) == 3)
      check_find (map, e, nr, le (&p[13], 8));
  }

  /* Drop the tail as fit_map does, at the last record's number. */
  if (nrec > 0) {
    size_t cut = le (&data[(nrec - 1) * RECORD + 1], 8) % (nr + 2);
    chunk_map_truncate (map, cut);
    if (chunk_map_nr_entries (map) != (cut < nr ? cut : nr))
      abort ();
    nr = chunk_map_nr_entries (map);
    for (i = 0; i < nr; ++i)
      check_find (map, e, nr, e[i].disk_offset + e[i].length / 2);
  }

  chunk_map_free (map);
  return 0;
}

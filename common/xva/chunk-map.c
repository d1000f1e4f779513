/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The chunk map: building it with the sequential rule, and looking
 * disk offsets up in it.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <inttypes.h>

#include "chunk-map.h"
#include "vector.h"
#include "xva-error.h"

/* One stored chunk, packed in 16 bytes so that the map of a 2 TiB disk
 * (2 million chunks) stays at 32 MiB:
 *
 *   a:  bits  0-39  data offset in the tar / 512 (tar data is 512-aligned)
 *       bits 40-60  length (at most 1 MiB, needs 21 bits)
 *       bits 61-62  checksum kind
 *   b:  bits  0-55  disk offset
 *       bits 56-63  (checksum data offset - end of padded chunk data) / 512
 *                   - 1, i.e. the extra header blocks before the checksum
 *                   text (0 for the usual single header)
 */
struct entry {
  uint64_t a;
  uint64_t b;
};
DEFINE_VECTOR_TYPE (entry_vector, struct entry);

#define A_OFFSET_BITS 40
#define A_LENGTH_SHIFT 40
#define A_LENGTH_MASK ((UINT64_C (1) << 21) - 1)
#define A_KIND_SHIFT 61
#define B_OFFSET_MASK CHUNK_MAP_MAX_OFFSET
#define B_GAP_SHIFT 56
#define GAP_MAX 255

/* Chunk numbers that do not follow from disk offsets (after keep-alives
 * or gaps of odd sizes) are kept as a list of changes: from entry
 * "index" on, number = disk_offset / unit + shift.  Normal disks have
 * none, and each keep-alive adds one.
 */
struct number_shift {
  size_t index;
  int64_t shift;
};
DEFINE_VECTOR_TYPE (shift_vector, struct number_shift);

struct chunk_map {
  char *prefix;
  const char *display;
  entry_vector entries;
  shift_vector shifts;
  uint64_t unit;                /* bytes per chunk number */
  uint64_t pos;                 /* sequential rule: next disk offset */
  int64_t last;                 /* sequential rule: last number, or -1 */
  int64_t pending;              /* number awaiting its checksum, or -1 */
  int pending_entry;            /* ... and whether it made an entry */
  uint64_t pending_end;         /* end of its padded data in the tar */
  uint64_t first_length;        /* length of chunk 0, if it came first */
  struct chunk_map_stats stats;
};

struct chunk_map *
chunk_map_new (const char *display, const char *prefix)
{
  struct chunk_map *map = calloc (1, sizeof *map);

  if (map == NULL || (map->prefix = strdup (prefix)) == NULL) {
    xva_set_error (errno, "calloc: %s", strerror (errno));
    free (map);
    return NULL;
  }
  map->display = display;
  map->unit = CHUNK_SIZE;
  map->last = -1;
  map->pending = -1;
  return map;
}

void
chunk_map_free (struct chunk_map *map)
{
  if (map) {
    entry_vector_reset (&map->entries);
    shift_vector_reset (&map->shifts);
    free (map->prefix);
    free (map);
  }
}

const char *
chunk_map_prefix (const struct chunk_map *map)
{
  return map->prefix;
}

const struct chunk_map_stats *
chunk_map_stats (const struct chunk_map *map)
{
  return &map->stats;
}

size_t
chunk_map_nr_entries (const struct chunk_map *map)
{
  return map->entries.len;
}

static int64_t
shift_of (const struct chunk_map *map, size_t i)
{
  size_t lo = 0, hi = map->shifts.len;

  /* Last change at or before entry i. */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (map->shifts.ptr[mid].index <= i)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo == 0 ? 0 : map->shifts.ptr[lo-1].shift;
}

void
chunk_map_get (const struct chunk_map *map, size_t i, struct chunk_info *info)
{
  const struct entry *e = &map->entries.ptr[i];
  uint64_t padded;

  info->file_offset = (e->a & ((UINT64_C (1) << A_OFFSET_BITS) - 1)) << 9;
  info->length = (e->a >> A_LENGTH_SHIFT) & A_LENGTH_MASK;
  info->checksum = (e->a >> A_KIND_SHIFT) & 3;
  info->disk_offset = e->b & B_OFFSET_MASK;
  padded = (info->length + UINT64_C (511)) & ~UINT64_C (511);
  info->checksum_offset =
    info->file_offset + padded + 512 * (1 + (e->b >> B_GAP_SHIFT));
  info->number = info->disk_offset / map->unit + shift_of (map, i);
}

size_t
chunk_map_find (const struct chunk_map *map, uint64_t off, int *inside)
{
  size_t lo = 0, hi = map->entries.len;
  struct chunk_info ci;

  /* First entry starting after off. */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if ((map->entries.ptr[mid].b & B_OFFSET_MASK) <= off)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo > 0) {
    chunk_map_get (map, lo-1, &ci);
    if (off < ci.disk_offset + ci.length) {
      *inside = 1;
      return lo-1;
    }
  }
  *inside = 0;
  return lo;
}

void
chunk_map_truncate (struct chunk_map *map, size_t i)
{
  if (i < map->entries.len)
    map->entries.len = i;
}

/* Name of member number n in messages, as xapi spells it. */
#define MEMBER_FMT "%s/%08" PRIu64

int
chunk_map_add_chunk (struct chunk_map *map, uint64_t number,
                     uint64_t file_offset, uint64_t size)
{
  uint64_t gap, skip;
  int64_t shift;

  if (map->last >= 0 && number <= (uint64_t) map->last) {
    xva_set_error (0, "%s: corrupt XVA: " MEMBER_FMT ": %s chunk number",
                   map->display, map->prefix, number,
                   number == (uint64_t) map->last ? "duplicate" :
                   "out of order");
    return -1;
  }
  if (size > CHUNK_SIZE) {
    xva_set_error (0, "%s: corrupt XVA: " MEMBER_FMT ": chunk of %" PRIu64
                   " bytes is larger than 1 MiB", map->display, map->prefix,
                   number, size);
    return -1;
  }
  if (file_offset > CHUNK_MAP_MAX_FILE || (file_offset & 511) != 0) {
    xva_set_error (0, "%s: corrupt XVA: " MEMBER_FMT ": data at offset %"
                   PRIu64 " cannot be indexed", map->display, map->prefix,
                   number, file_offset);
    return -1;
  }

  /* A chunk 0 shorter than 1 MiB that is not the last one sets the unit
   * (old exports cut disks into 1,000,000-byte chunks).
   */
  if (map->stats.members == 1 && map->last == 0 && map->first_length > 0)
    map->unit = map->first_length;

  gap = number - (uint64_t) (map->last + 1);
  if (__builtin_mul_overflow (gap, map->unit, &skip) ||
      __builtin_add_overflow (map->pos, skip, &map->pos) ||
      map->pos > CHUNK_MAP_MAX_OFFSET ||
      size > CHUNK_MAP_MAX_OFFSET - map->pos) {
    xva_set_error (0, "%s: corrupt XVA: " MEMBER_FMT ": chunk number too "
                   "large", map->display, map->prefix, number);
    return -1;
  }

  if (map->stats.members == 0 && number == 0)
    map->first_length = size;
  map->stats.members++;
  map->stats.stored_bytes += size;
  if (map->pending >= 0)
    map->stats.without_checksum++;
  map->pending = number;
  map->pending_entry = 0;
  map->last = number;

  if (size == 0) {
    map->stats.keepalives++;
    map->pending_end = file_offset;
    map->stats.end = map->pos;
    return 0;
  }

  shift = (int64_t) number - (int64_t) (map->pos / map->unit);
  if (shift != shift_of (map, map->entries.len)) {
    struct number_shift s = { .index = map->entries.len, .shift = shift };
    if (shift_vector_append (&map->shifts, s) == -1) {
      xva_set_error (errno, "realloc: %s", strerror (errno));
      return -1;
    }
  }

  struct entry e = {
    .a = (file_offset >> 9) | (size << A_LENGTH_SHIFT),
    .b = map->pos,
  };
  if (entry_vector_append (&map->entries, e) == -1) {
    xva_set_error (errno, "realloc: %s", strerror (errno));
    return -1;
  }
  map->pending_entry = 1;
  map->pending_end = file_offset + ((size + 511) & ~UINT64_C (511));
  map->pos += size;
  map->stats.end = map->pos;
  return 0;
}

void
chunk_map_finish (struct chunk_map *map)
{
  if (map->pending >= 0)
    map->stats.without_checksum++;
  map->pending = -1;
}

int
chunk_map_add_checksum (struct chunk_map *map, uint64_t number,
                        enum checksum_kind kind, uint64_t file_offset,
                        uint64_t size)
{
  const size_t want = checksum_hex_len (kind);
  uint64_t gap;

  if (map->pending < 0 || (uint64_t) map->pending != number) {
    xva_set_error (0, "%s: corrupt XVA: " MEMBER_FMT ".%s does not follow "
                   "its chunk", map->display, map->prefix, number,
                   kind == CHECKSUM_SHA1 ? "checksum" : "xxhash");
    return -1;
  }
  /* The text is exact in every producer; allow a little trailing white
   * space from hand-made files.
   */
  if (size < want || size > want + 8) {
    xva_set_error (0, "%s: corrupt XVA: " MEMBER_FMT ".%s: checksum of %"
                   PRIu64 " bytes (expected %zu)", map->display, map->prefix,
                   number, kind == CHECKSUM_SHA1 ? "checksum" : "xxhash",
                   size, want);
    return -1;
  }
  map->stats.checksum_kinds |= 1u << kind;
  map->pending = -1;

  if (!map->pending_entry)
    return 0;                   /* keep-alive: nothing to verify later */

  struct entry *e = &map->entries.ptr[map->entries.len - 1];
  if (file_offset < map->pending_end + 512 ||
      (gap = (file_offset - map->pending_end) / 512 - 1) > GAP_MAX ||
      (file_offset & 511) != 0) {
    xva_set_error (0, "%s: corrupt XVA: " MEMBER_FMT ": checksum member is "
                   "not next to its chunk", map->display, map->prefix,
                   number);
    return -1;
  }
  e->a |= (uint64_t) kind << A_KIND_SHIFT;
  e->b |= gap << B_GAP_SHIFT;
  return 0;
}

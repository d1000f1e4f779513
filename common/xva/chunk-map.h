/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The chunk map of one disk: which bytes of the tar hold which bytes of
 * the disk.
 *
 * CHUNK NUMBERS ARE NOT OFFSETS.  xapi writes an empty "keep-alive"
 * member when it has scanned zeros for 5 s, under the current number,
 * and then writes the same disk offset under the next number (xen-api
 * ocaml/xapi/stream_vdi.ml, commit 9345073d54; xva-format(5)).  So
 * the map is built the way xapi's importer reads: walking the members in
 * archive order with pos += (n - last - 1) * unit; place L bytes at pos;
 * pos += L; last = n.
 *
 * The map keeps one 16-byte entry per stored non-empty chunk, sorted by
 * disk offset; everything between entries reads as zeros.
 */

#ifndef XVA_CHUNK_MAP_H
#define XVA_CHUNK_MAP_H

#include <stdint.h>
#include <stddef.h>

#include "checksum.h"

/* Size of a chunk (xen-api ocaml/xapi/stream_vdi.ml: 1 MiB). */
#define CHUNK_SIZE (UINT64_C (1) << 20)

/* Largest disk (and disk offset) the map can describe: 2^56 bytes,
 * 64 PiB, far beyond any VDI.
 */
#define CHUNK_MAP_MAX_OFFSET ((UINT64_C (1) << 56) - 1)

/* Largest tar the map can address: data offsets are multiples of 512
 * kept in 40 bits, so 512 TiB.
 */
#define CHUNK_MAP_MAX_FILE ((UINT64_C (1) << 49) - 1)

struct chunk_map;

/* What one entry describes, unpacked. */
struct chunk_info {
  uint64_t disk_offset;         /* where the chunk's first byte goes */
  uint64_t file_offset;         /* where its data starts in the tar */
  uint32_t length;              /* bytes stored (may run past the disk) */
  enum checksum_kind checksum;  /* CHECKSUM_NONE: no checksum member */
  uint64_t checksum_offset;     /* data of the checksum member */
  uint64_t number;              /* chunk number from the member name */
};

/* Build a map.  Returns a new empty map for the disk directory prefix
 * (e.g. "Ref:12"), or NULL with the error set.  display names the file
 * in messages.  Caller frees with chunk_map_free.
 */
extern struct chunk_map *chunk_map_new (const char *display,
                                        const char *prefix);
extern void chunk_map_free (struct chunk_map *map);

/* The directory prefix, as given to chunk_map_new. */
extern const char *chunk_map_prefix (const struct chunk_map *map);

/* Feed the next data member of this disk, in archive order: its chunk
 * number, data offset in the tar and size.  Returns 0, or -1 with the
 * error set (duplicate or decreasing numbers, oversized chunk, ...).
 */
extern int chunk_map_add_chunk (struct chunk_map *map, uint64_t number,
                                uint64_t file_offset, uint64_t size);

/* Feed a checksum member: number as in its name, kind from its
 * extension, where its data is and its size.  It must come after its
 * own chunk's data member.  Returns 0, or -1 with the error set.
 */
extern int chunk_map_add_checksum (struct chunk_map *map, uint64_t number,
                                   enum checksum_kind kind,
                                   uint64_t file_offset, uint64_t size);

/* Call once after the last member of the archive. */
extern void chunk_map_finish (struct chunk_map *map);

/* Number of entries (stored non-empty chunks). */
extern size_t chunk_map_nr_entries (const struct chunk_map *map);

/* Fill *info for entry i (0 <= i < chunk_map_nr_entries). */
extern void chunk_map_get (const struct chunk_map *map, size_t i,
                           struct chunk_info *info);

/* Index of the entry containing disk offset off, or of the first entry
 * after it (== chunk_map_nr_entries when none).  *inside is set to 1 if
 * off lies inside the returned entry, 0 if it lies in a hole before it.
 */
extern size_t chunk_map_find (const struct chunk_map *map, uint64_t off,
                              int *inside);

/* Drop entries from index i to the end (chunks found beyond the disk). */
extern void chunk_map_truncate (struct chunk_map *map, size_t i);

/* Statistics gathered while building. */
struct chunk_map_stats {
  uint64_t members;             /* data members, keep-alives included */
  uint64_t keepalives;          /* empty data members */
  uint64_t stored_bytes;        /* sum of data member sizes */
  uint64_t end;                 /* pos after the last member */
  uint64_t without_checksum;    /* data members with no checksum member */
  unsigned checksum_kinds;      /* bit (1 << kind) for each kind seen */
};
extern const struct chunk_map_stats *chunk_map_stats (const struct chunk_map *map);

#endif /* XVA_CHUNK_MAP_H */

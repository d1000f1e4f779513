/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The chunk map's sequential rule on synthetic member lists: keep-alives
 * shift numbers, gaps are holes, bad numbering is refused.
 */

#undef NDEBUG
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <assert.h>
#include <inttypes.h>

#include "chunk-map.h"
#include "xva-error.h"

#define MiB CHUNK_SIZE

/* Data members sit every 1 MiB + 1536 bytes in a real tar; any 512-
 * aligned offsets will do here.
 */
static uint64_t file_pos = 1536;

static int
add (struct chunk_map *m, uint64_t n, uint64_t size)
{
  int r = chunk_map_add_chunk (m, n, file_pos, size);
  file_pos += ((size + 511) & ~UINT64_C (511)) + 512;
  return r;
}

static int
add_sum (struct chunk_map *m, uint64_t n, enum checksum_kind k)
{
  int r = chunk_map_add_checksum (m, n, k, file_pos,
                                  checksum_hex_len (k));
  file_pos += 1024;
  return r;
}

static void
expect (const struct chunk_map *m, size_t i, uint64_t disk_offset,
        uint32_t length, uint64_t number)
{
  struct chunk_info ci;

  chunk_map_get (m, i, &ci);
  if (ci.disk_offset != disk_offset || ci.length != length ||
      ci.number != number) {
    fprintf (stderr, "entry %zu: got offset %" PRIu64 " length %" PRIu32
             " number %" PRIu64 ", expected %" PRIu64 " %" PRIu32 " %"
             PRIu64 "\n", i, ci.disk_offset, ci.length, ci.number,
             disk_offset, length, number);
    exit (EXIT_FAILURE);
  }
}

static void
test_keepalives (void)
{
  struct chunk_map *m = chunk_map_new ("t.xva", "Ref:1");
  struct chunk_info ci;
  int inside;

  /* 0 data, 1-2 absent (zeros), 3 keep-alive, 4 = offset 3 MiB,
   * 5 and 6 keep-alives in a row, 7 = offset 4 MiB, 9 = offset 6 MiB
   * (one absent in between), 10 short last chunk.
   */
  assert (add (m, 0, MiB) == 0);
  assert (add_sum (m, 0, CHECKSUM_SHA1) == 0);
  assert (add (m, 3, 0) == 0);
  assert (add_sum (m, 3, CHECKSUM_SHA1) == 0);
  assert (add (m, 4, MiB) == 0);
  assert (add_sum (m, 4, CHECKSUM_XXH64) == 0);
  assert (add (m, 5, 0) == 0);
  assert (add (m, 6, 0) == 0);
  assert (add (m, 7, MiB) == 0);
  assert (add (m, 9, MiB) == 0);
  assert (add_sum (m, 9, CHECKSUM_SHA1) == 0);
  assert (add (m, 10, 1000) == 0);
  chunk_map_finish (m);

  assert (chunk_map_nr_entries (m) == 5);
  expect (m, 0, 0, MiB, 0);
  expect (m, 1, 3*MiB, MiB, 4);
  expect (m, 2, 4*MiB, MiB, 7);
  expect (m, 3, 6*MiB, MiB, 9);
  expect (m, 4, 7*MiB, 1000, 10);
  assert (chunk_map_stats (m)->keepalives == 3);
  assert (chunk_map_stats (m)->members == 8);
  assert (chunk_map_stats (m)->end == 7*MiB + 1000);
  /* Chunks 5, 6 (keep-alives), 7 and 10 have no checksum member. */
  assert (chunk_map_stats (m)->without_checksum == 4);

  chunk_map_get (m, 1, &ci);
  assert (ci.checksum == CHECKSUM_XXH64);
  assert (ci.checksum_offset == ci.file_offset + MiB + 512);
  chunk_map_get (m, 2, &ci);
  assert (ci.checksum == CHECKSUM_NONE);

  /* Lookups. */
  assert (chunk_map_find (m, 0, &inside) == 0 && inside);
  assert (chunk_map_find (m, MiB, &inside) == 1 && !inside);
  assert (chunk_map_find (m, 3*MiB - 1, &inside) == 1 && !inside);
  assert (chunk_map_find (m, 3*MiB, &inside) == 1 && inside);
  assert (chunk_map_find (m, 5*MiB + 7, &inside) == 3 && !inside);
  assert (chunk_map_find (m, 7*MiB + 999, &inside) == 4 && inside);
  assert (chunk_map_find (m, 7*MiB + 1000, &inside) == 5 && !inside);
  chunk_map_free (m);
}

static void
expect_error (int r, const char *want)
{
  assert (r == -1);
  if (strstr (xva_last_error (), want) == NULL) {
    fprintf (stderr, "error \"%s\" does not contain \"%s\"\n",
             xva_last_error (), want);
    exit (EXIT_FAILURE);
  }
}

static void
test_errors (void)
{
  struct chunk_map *m = chunk_map_new ("t.xva", "Ref:1");

  assert (add (m, 2, MiB) == 0);
  expect_error (add (m, 2, MiB),
                "t.xva: corrupt XVA: Ref:1/00000002: duplicate chunk number");
  expect_error (add (m, 1, MiB), "out of order");
  expect_error (add (m, 3, MiB + 1), "larger than 1 MiB");
  expect_error (add (m, UINT64_C (1) << 40, MiB), "chunk number too large");
  expect_error (add_sum (m, 7, CHECKSUM_SHA1), "does not follow its chunk");
  chunk_map_free (m);

  m = chunk_map_new ("t.xva", "Ref:2");
  assert (add (m, 0, MiB) == 0);
  expect_error (chunk_map_add_checksum (m, 0, CHECKSUM_SHA1, file_pos, 39),
                "checksum of 39 bytes (expected 40)");
  chunk_map_free (m);
}

/* A chunk 0 shorter than 1 MiB that is not the last sets the unit. */
static void
test_unit (void)
{
  struct chunk_map *m = chunk_map_new ("t.xva", "Ref:3");

  assert (add (m, 0, 1000000) == 0);
  assert (add (m, 2, 1000000) == 0);
  expect (m, 1, 2000000, 1000000, 2);
  chunk_map_free (m);
}

int
main (void)
{
  test_keepalives ();
  test_errors ();
  test_unit ();
  printf ("test-chunk-map: ok\n");
  return 0;
}

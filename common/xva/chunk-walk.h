/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Walk every stored chunk of a disk once, in large sequential reads of
 * the tar, checking checksums on all cores (virt-xva verify and
 * convert).  The workers run with every signal blocked.  Like the rest
 * of the reader, it never prints: failures are left in the error
 * (xva-error.h), mismatches go to the caller's callback.
 */

#ifndef XVA_CHUNK_WALK_H
#define XVA_CHUNK_WALK_H

#include <stdbool.h>
#include <stdint.h>

#include "chunk-map.h"
#include "xvafile.h"

/* What to do with each chunk, and the results. */
struct chunk_walk {
  const struct xvafile *x;
  const struct xva_disk *disk;
  bool check;                   /* verify checksums */

  /* Called from worker threads for every chunk, after its check (if
   * any) passed, or failed under a warn policy.  data holds ci->length
   * bytes.  Returns 0, or -1 after setting the error to stop the walk.
   */
  int (*on_chunk) (void *opaque, const struct chunk_info *ci,
                   const char *data);
  /* Called for each mismatch, one at a time.  Returns 0 to go on, -1 to
   * stop the walk.
   */
  int (*on_mismatch) (void *opaque, const struct chunk_info *ci,
                      const struct xva_chunk_check *check);
  void *opaque;

  /* Progress: bytes of chunk data done so far (updated atomically). */
  uint64_t done;
  /* Results. */
  uint64_t checked;             /* chunks whose checksum was compared */
  uint64_t unchecked;           /* chunks without a checksum member */
  uint64_t mismatches;
  bool stopped;                 /* on_mismatch stopped the walk (and so
                                   has said why) */
};

/* Returns 0 when the walk finished (mismatches are counted, not
 * errors), or -1: with w->stopped set when on_mismatch stopped it,
 * else with the error set (read error, callback failure).  progress,
 * if not NULL, is called about ten times a second from the calling
 * thread while the workers run, and once at the end, with the bytes of
 * chunk data done so far (w->done).
 */
extern int chunk_walk_run (struct chunk_walk *w,
                           void (*progress) (void *popaque,
                                             uint64_t done),
                           void *popaque);

#endif /* XVA_CHUNK_WALK_H */

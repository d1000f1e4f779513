/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* virt-xva convert -O raw: the sparse raw writer.  The chunk walk hands
 * each chunk to on_chunk (in worker threads), which writes its non-zero
 * blocks at their disk offset; zero blocks stay holes in the file that
 * convert.c created empty and sized.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

#include "chunk-map.h"
#include "chunk-walk.h"
#include "cleanup.h"
#include "iszero.h"
#include "convert.h"

/* Zero blocks of this size in the data are left as holes. */
#define SPARSE_BLOCK 4096

/* The walk's callbacks' state. */
struct convert {
  const struct xvafile *x;
  struct output *out;
  uint64_t base;                /* progress: bytes done in earlier disks */
  enum checksum_policy policy;
};

static int
pwrite_all (struct output *o, const char *buf, size_t len, uint64_t off)
{
  while (len > 0) {
    ssize_t r = pwrite (o->fd, buf, len, off);
    if (r == -1) {
      if (errno == EINTR)
        continue;
      xva_set_error (errno, "%s: write: %s", o->path, strerror (errno));
      return -1;
    }
    buf += r;
    len -= r;
    off += r;
  }
  return 0;
}

/* Bytes from off to the next SPARSE_BLOCK boundary, at most len. */
static size_t
to_boundary (uint64_t off, size_t len)
{
  size_t n = SPARSE_BLOCK - off % SPARSE_BLOCK;
  return n < len ? n : len;
}

/* Write one chunk, leaving zero blocks as holes (the output was
 * created empty and sized with ftruncate).  Called from worker threads:
 * only pwrite, which is safe at distinct offsets.
 */
static int
on_chunk (void *opaque, const struct chunk_info *ci, const char *data)
{
  struct convert *c = opaque;
  struct output *o = c->out;
  const uint64_t vsize = o->disk->virtual_size, off = ci->disk_offset;
  size_t len = ci->length, i = 0, j, b;

  if (off >= vsize)
    return 0;
  if (len > vsize - off)
    len = vsize - off;          /* padding past the end of the disk */

  while (i < len) {
    b = to_boundary (off + i, len - i);
    if (is_zero (data + i, b)) {
      i += b;
      continue;
    }
    for (j = i + b; j < len; j += b) {
      b = to_boundary (off + j, len - j);
      if (is_zero (data + j, b))
        break;
    }
    if (pwrite_all (o, data + i, j - i, off + i) == -1)
      return -1;
    i = j;
  }
  return 0;
}

static int
on_mismatch (void *opaque, const struct chunk_info *ci,
             const struct xva_chunk_check *check)
{
  struct convert *c = opaque;
  CLEANUP_FREE char *msg = xvafile_mismatch_message (c->x, c->out->disk, ci,
                                                     check);

  if (c->policy == CHECKSUM_POLICY_WARN) {
    warning ("%s", msg ? msg : "checksum mismatch");
    return 0;
  }
  error ("%s (use --checksum=warn to convert anyway)",
         msg ? msg : "checksum mismatch");
  return -1;
}

static void
on_progress (void *opaque, uint64_t done)
{
  struct convert *c = opaque;
  progress_update (c->base + done);
}

int
write_raw (const struct xvafile *x, struct output *outs, size_t n,
           enum checksum_policy policy, enum progress_mode pmode)
{
  struct convert c = { .x = x, .policy = policy };
  struct convert *conv = &c;
  uint64_t total = 0;
  size_t i;

  for (i = 0; i < n; ++i)
    if (outs[i].disk->map)
      total += chunk_map_stats (outs[i].disk->map)->stored_bytes;

  progress_start (pmode, total);
  for (i = 0; i < n; ++i) {
    struct chunk_walk w = {
      .x = conv->x, .disk = outs[i].disk,
      .check = conv->policy != CHECKSUM_POLICY_IGNORE,
      .on_chunk = on_chunk, .on_mismatch = on_mismatch, .opaque = conv,
    };
    conv->out = &outs[i];
    debug ("writing disk %zu (%s) to %s", outs[i].disk->index,
           outs[i].disk->ref, outs[i].path);
    if (chunk_walk_run (&w, on_progress, conv) == -1) {
      progress_end ();
      if (!w.stopped)           /* else on_mismatch said why */
        error ("%s", xva_last_error ());
      return -1;
    }
    conv->base += w.done;
    if (close (outs[i].fd) == -1) {
      outs[i].fd = -1;
      progress_end ();
      error ("%s: close: %m", outs[i].path);
      return -1;
    }
    outs[i].fd = -1;
  }
  progress_end ();
  return 0;
}


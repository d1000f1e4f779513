/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Where the reader takes its bytes from: a size and a pread-style
 * callback.  A file descriptor and a memory buffer are the sources
 * today; anything that can read at an offset (an nbdkit filter's
 * next->pread, say) can be another without touching the reader.
 */

#ifndef XVA_SOURCE_H
#define XVA_SOURCE_H

#include <stdint.h>
#include <stddef.h>

struct xva_source {
  uint64_t size;
  /* Read exactly count bytes at offset.  Returns 0, or -1 with the
   * error set (a short read at the end of the source is an error).
   */
  int (*pread) (void *opaque, void *buf, size_t count, uint64_t offset);
  void *opaque;
};

/* A source reading a file descriptor.  Embed it where the fd lives. */
struct fd_source {
  struct xva_source source;
  int fd;                       /* not owned */
  const char *display;          /* name used in messages, not owned */
  uint64_t bytes_read;          /* by pread, all threads (atomic) */
};

/* Set up s to read fd, of size bytes. */
extern void fd_source_init (struct fd_source *s, int fd, uint64_t size,
                            const char *display);

/* A source reading a buffer in memory (the fuzzing harnesses use it). */
struct mem_source {
  struct xva_source source;
  const unsigned char *data;    /* not owned */
  const char *display;          /* name used in messages, not owned */
};

/* Set up s to read the size bytes at data. */
extern void mem_source_init (struct mem_source *s, const void *data,
                             size_t size, const char *display);

#endif /* XVA_SOURCE_H */

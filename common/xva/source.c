/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The file-descriptor and memory sources. */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "source.h"
#include "xva-error.h"

static int
fd_pread (void *opaque, void *buf, size_t count, uint64_t offset)
{
  struct fd_source *s = opaque;
  char *p = buf;

  __atomic_fetch_add (&s->bytes_read, count, __ATOMIC_RELAXED);

  while (count > 0) {
    ssize_t r = pread (s->fd, p, count, offset);
    if (r == -1) {
      if (errno == EINTR)
        continue;
      xva_set_error (errno, "%s: read: %s", s->display, strerror (errno));
      return -1;
    }
    if (r == 0) {
      xva_set_error (0, "%s: unexpected end of file at offset %" PRIu64
                     " (truncated XVA?)", s->display, offset);
      return -1;
    }
    p += r;
    count -= r;
    offset += r;
  }
  return 0;
}

void
fd_source_init (struct fd_source *s, int fd, uint64_t size,
                const char *display)
{
  s->fd = fd;
  s->display = display;
  s->bytes_read = 0;
  s->source.size = size;
  s->source.pread = fd_pread;
  s->source.opaque = s;
}

static int
mem_pread (void *opaque, void *buf, size_t count, uint64_t offset)
{
  const struct mem_source *s = opaque;

  if (offset > s->source.size || count > s->source.size - offset) {
    xva_set_error (0, "%s: unexpected end of file at offset %" PRIu64
                   " (truncated XVA?)", s->display,
                   offset > s->source.size ? offset : s->source.size);
    return -1;
  }
  if (count > 0)
    memcpy (buf, s->data + offset, count);
  return 0;
}

void
mem_source_init (struct mem_source *s, const void *data, size_t size,
                 const char *display)
{
  s->data = data;
  s->display = display;
  s->source.size = size;
  s->source.pread = mem_pread;
  s->source.opaque = s;
}

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* libFuzzer harness: the tar index (tar_index_walk over libarchive) on
 * a tar held in memory.  Every member it reports must lie inside the
 * input and have a clean name.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "source.h"
#include "tar-index.h"
#include "xva-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

struct state {
  uint64_t size;
  uint64_t end;                 /* end of the last member's data */
  size_t members;
  int stop_at;                  /* member at which to stop the walk */
};

static int
on_member (void *opaque, const struct tar_member *m)
{
  struct state *st = opaque;
  const char *p;

  if (m->name == NULL || m->name[0] == '\0' || m->name[0] == '/')
    abort ();
  for (p = m->name; p; p = strchr (p, '/')) {
    if (*p == '/')
      p++;
    if (strncmp (p, "..", 2) == 0 && (p[2] == '/' || p[2] == '\0'))
      abort ();
  }
  if (m->offset > st->size || m->size > st->size - m->offset)
    abort ();
  /* Members come in archive order, each after the previous one's data. */
  if (m->offset < st->end)
    abort ();
  st->end = m->offset + m->size;
  if ((int) st->members++ == st->stop_at) {
    xva_set_error (0, "stopped by the harness");
    return -1;
  }
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct mem_source src;
  struct state st = { .size = size, .stop_at = -1 };
  enum tar_flavour flavour;
  int r;

  /* The last byte, when odd, makes the callback stop the walk at the
   * member it names: the error path out of the middle of a walk.
   */
  if (size > 0 && (data[size-1] & 1))
    st.stop_at = data[size-1] >> 4;

  xva_set_error (0, "%s", "");
  mem_source_init (&src, data, size, "fuzz.xva");
  r = tar_index_walk (&src.source, "fuzz.xva", on_member, &st, &flavour);
  if (r == -1 && strcmp (xva_last_error (), "unknown error") == 0)
    abort ();                   /* a failure must say why */
  if (r == 0 && st.stop_at >= 0 && (int) st.members > st.stop_at)
    abort ();                   /* the callback's -1 was ignored */
  if (tar_flavour_name (flavour) == NULL)
    abort ();
  return 0;
}

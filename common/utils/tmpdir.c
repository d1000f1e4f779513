/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Private temporary directories. */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

#include "on-exit.h"
#include "tmpdir.h"

char *
tmpdir_make (const char *name)
{
  const char *base = getenv ("TMPDIR");
  char *dir;
  int saved;

  if (asprintf (&dir, "%s/%s.XXXXXX", base && *base ? base : "/tmp",
                name) == -1)
    return NULL;
  /* The directory and its registration come into being together. */
  on_exit_block (true);
  if (mkdtemp (dir) == NULL ||      /* mkdtemp makes it 0700 */
      on_exit_remove (dir) == -1) {
    saved = errno;
    rmdir (dir);
    free (dir);
    on_exit_block (false);
    errno = saved;
    return NULL;
  }
  on_exit_block (false);
  return dir;
}

void
tmpdir_remove (const char *dir)
{
  on_exit_remove_now (dir);
}

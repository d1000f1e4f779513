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
#include <dirent.h>
#include <unistd.h>

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
  if (mkdtemp (dir) == NULL) {      /* mkdtemp makes it 0700 */
    saved = errno;
    free (dir);
    errno = saved;
    return NULL;
  }
  return dir;
}

void
tmpdir_remove (const char *dir)
{
  DIR *d = opendir (dir);
  struct dirent *e;

  if (d) {
    while ((e = readdir (d)) != NULL) {
      char *p;
      if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0)
        continue;
      if (asprintf (&p, "%s/%s", dir, e->d_name) != -1) {
        unlink (p);
        free (p);
      }
    }
    closedir (d);
  }
  rmdir (dir);
}

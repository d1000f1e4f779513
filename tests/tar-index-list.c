/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* tar-index-list FILE: print "NAME OFFSET SIZE" for every member as the
 * reader's tar index sees it, for test-tar-offsets.sh to compare with an
 * independent tar reader.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <inttypes.h>
#include <unistd.h>
#include <sys/stat.h>

#include "source.h"
#include "tar-index.h"
#include "xva-error.h"

static int
print_member (void *opaque, const struct tar_member *m)
{
  printf ("%s %" PRIu64 " %" PRIu64 "\n", m->name, m->offset, m->size);
  return 0;
}

int
main (int argc, char *argv[])
{
  struct fd_source src;
  enum tar_flavour flavour;
  struct stat st;
  int fd;

  if (argc != 2) {
    fprintf (stderr, "usage: tar-index-list FILE\n");
    return EXIT_FAILURE;
  }
  fd = open (argv[1], O_RDONLY);
  if (fd == -1 || fstat (fd, &st) == -1) {
    perror (argv[1]);
    return EXIT_FAILURE;
  }
  fd_source_init (&src, fd, st.st_size, argv[1]);
  if (tar_index_walk (&src.source, argv[1], print_member, NULL,
                      &flavour) == -1) {
    fprintf (stderr, "tar-index-list: %s\n", xva_last_error ());
    return EXIT_FAILURE;
  }
  fprintf (stderr, "flavour: %s\n", tar_flavour_name (flavour));
  close (fd);
  return EXIT_SUCCESS;
}

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* A main() for the libFuzzer harnesses when they are built without
 * libFuzzer (by gcc, for make check): each argument is a file, or a
 * directory of files, replayed through LLVMFuzzerTestOneInput.  Prints
 * nothing: the test checks that stderr stays empty.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
replay_file (const char *path)
{
  struct stat st;
  uint8_t *data;
  size_t done = 0;
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd == -1 || fstat (fd, &st) == -1) {
    perror (path);
    exit (EXIT_FAILURE);
  }
  /* A copy of exactly the file's size, as libFuzzer passes it, so
   * reads past the end are caught by memory checkers.
   */
  data = malloc (st.st_size ? st.st_size : 1);
  if (data == NULL) {
    perror ("malloc");
    exit (EXIT_FAILURE);
  }
  while (done < (size_t) st.st_size) {
    ssize_t r = read (fd, data + done, st.st_size - done);
    if (r <= 0) {
      fprintf (stderr, "%s: read: %s\n", path,
               r == 0 ? "unexpected end of file" : strerror (errno));
      exit (EXIT_FAILURE);
    }
    done += r;
  }
  close (fd);
  LLVMFuzzerTestOneInput (data, done);
  free (data);
}

static int
by_name (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

int
main (int argc, char *argv[])
{
  int i;

  for (i = 1; i < argc; ++i) {
    struct stat st;

    if (stat (argv[i], &st) == -1) {
      perror (argv[i]);
      exit (EXIT_FAILURE);
    }
    if (S_ISDIR (st.st_mode)) {
      DIR *dir = opendir (argv[i]);
      struct dirent *ent;
      char **names = NULL;
      size_t n = 0, j;

      if (dir == NULL) {
        perror (argv[i]);
        exit (EXIT_FAILURE);
      }
      while ((ent = readdir (dir)) != NULL) {
        if (ent->d_name[0] == '.')
          continue;
        names = realloc (names, (n + 1) * sizeof *names);
        if (names == NULL ||
            asprintf (&names[n], "%s/%s", argv[i], ent->d_name) == -1) {
          perror ("malloc");
          exit (EXIT_FAILURE);
        }
        n++;
      }
      closedir (dir);
      qsort (names, n, sizeof *names, by_name);
      for (j = 0; j < n; ++j) {
        replay_file (names[j]);
        free (names[j]);
      }
      free (names);
    }
    else
      replay_file (argv[i]);
  }
  exit (EXIT_SUCCESS);
}

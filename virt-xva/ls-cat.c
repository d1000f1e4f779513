/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* virt-xva ls VM.xva DIRECTORY
 * virt-xva cat VM.xva FILE
 *
 * A directory listing or a file of the guest, read in place through
 * libguestfs (guest.c).
 */

#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <getopt.h>

#include <guestfs.h>

#include "cleanup.h"
#include "escape.h"
#include "guest.h"
#include "virt-xva.h"

void
usage_ls_cat (FILE *fp)
{
  fprintf (fp, "  %s ls [--checksum=...] VM.xva DIRECTORY\n", progname);
  fprintf (fp, "  %s cat [--checksum=...] VM.xva FILE\n", progname);
}

/* ls and cat: mount the first OS found, then list or print. */
static int
ls_or_cat (int argc, char *argv[], bool cat)
{
  enum { HELP_OPTION = 0x100, CHECKSUM_OPTION };
  static const struct option long_options[] = {
    { "checksum", required_argument, NULL, CHECKSUM_OPTION },
    { "help", no_argument, NULL, HELP_OPTION },
    { NULL }
  };
  enum checksum_policy policy = CHECKSUM_POLICY_IGNORE;
  struct guest gu;
  CLEANUP_FREE char *root = NULL;
  int c, status = EXIT_FAILURE;

  while ((c = getopt_long (argc, argv, "", long_options, NULL)) != -1) {
    switch (c) {
    case HELP_OPTION:
      usage_ls_cat (stdout);
      return EXIT_SUCCESS;
    case CHECKSUM_OPTION:
      if (parse_checksum_option (cat ? "cat" : "ls", optarg, &policy) == -1)
        return EXIT_FAILURE;
      break;
    default:
      usage_ls_cat (stderr);
      return EXIT_FAILURE;
    }
  }
  if (argc - optind != 2) {
    error ("%s: expected an XVA file and a path in the guest",
           cat ? "cat" : "ls");
    return EXIT_FAILURE;
  }
  if (guest_open (&gu, argv[optind], policy) == -1)
    return EXIT_FAILURE;
  root = guest_first_os (&gu);
  if (root == NULL)
    goto out;
  guest_mount_os (&gu, root);

  if (cat) {
    size_t len;
    char *data = guestfs_read_file (gu.g, argv[optind+1], &len);
    if (data == NULL) {
      guest_error (&gu, NULL);
      goto out;
    }
    if (fwrite (data, 1, len, stdout) != len || fflush (stdout) == EOF) {
      error ("write: stdout: %m");
      free (data);
      goto out;
    }
    free (data);
  }
  else {
    char **names = guestfs_ls (gu.g, argv[optind+1]);
    size_t i;
    if (names == NULL) {
      guest_error (&gu, NULL);
      goto out;
    }
    /* File names in the guest: escaped, as ls -b does (cat, whose
     * output is the file itself, prints it as it is).
     */
    for (i = 0; names[i]; ++i) {
      escape_fputs (names[i], stdout);
      putchar ('\n');
    }
    guest_free_strings (names);
  }
  status = EXIT_SUCCESS;

 out:
  guest_close (&gu);
  return status;
}

int
do_ls (int argc, char *argv[])
{
  return ls_or_cat (argc, argv, false);
}

int
do_cat (int argc, char *argv[])
{
  return ls_or_cat (argc, argv, true);
}

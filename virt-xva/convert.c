/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* virt-xva convert [--disk N|REF] [--checksum=verify|warn|ignore]
 *                  [-O raw|qcow2] [-p|-q] VM.xva OUTPUT
 *
 * Write disks as sparse raw files, reading the XVA once, or as qcow2
 * through nbdkit xva and qemu-img convert.  Each output is written to a
 * temporary name beside it and renamed only when every selected disk is
 * complete, so an interrupted or failed run never leaves a file that
 * looks good.
 *
 * This file holds the command line, the plan of outputs, their creation
 * under temporary names and the renaming; convert-raw.c and
 * convert-qcow2.c write the disks.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <unistd.h>
#include <sys/stat.h>

#include "on-exit.h"
#include "convert.h"

void
usage_convert (FILE *fp)
{
  fprintf (fp, "  %s convert [--disk N|REF] [--checksum=verify|warn|ignore]\n"
           "                   [-O raw|qcow2] [-p|-q] VM.xva OUTPUT\n",
           progname);
}

/* What a signal must undo is registered with on-exit.h where it is
 * made: each temporary output and the directory made for them here,
 * the children and their directory in convert-qcow2.c.
 */
static mode_t process_umask;

/* -O: what convert writes. */
enum output_format { FORMAT_RAW, FORMAT_QCOW2 };

/* Create o->tmp beside o->path, open as o->fd, and for raw size it
 * (qemu-img writes a qcow2 into the empty file, through o->fd: it is
 * never reopened by name, which someone sharing the directory could
 * have swapped for a link).  Returns 0 or -1 (printed).
 */
static int
create_output (struct output *o, enum output_format format)
{
  if (asprintf (&o->tmp, "%s.tmp-XXXXXX", o->path) == -1) {
    error ("asprintf: %m");
    return -1;
  }
  /* The file and its registration come into being together: a signal
   * in between would leave the file behind.
   */
  on_exit_block (true);
  o->fd = mkostemp (o->tmp, O_CLOEXEC);
  if (o->fd >= 0 && (o->tmp_id = on_exit_remove (o->tmp)) == -1) {
    unlink (o->tmp);
    close (o->fd);
    o->fd = -1;
  }
  on_exit_block (false);
  if (o->fd == -1) {
    error ("%s: cannot create a temporary file: %m", o->path);
    free (o->tmp);
    o->tmp = NULL;
    return -1;
  }
  /* mkstemp makes 0600; give the file the mode a new file gets. */
  if (fchmod (o->fd, 0666 & ~process_umask) == -1) {
    error ("%s: fchmod: %m", o->path);
    return -1;
  }
  if (format == FORMAT_QCOW2)
    return 0;
  if (ftruncate (o->fd, o->disk->virtual_size) == -1) {
    error ("%s: cannot make a file of %" PRIu64 " bytes: %m", o->path,
           o->disk->virtual_size);
    return -1;
  }
  return 0;
}

/* What OUTPUT is: a file for one disk, a directory for several, where
 * disk N is diskN.EXT.
 */
static int
plan_outputs (const struct xvafile *x, const struct xva_disk *only,
              const char *output, const char *ext, struct output **outs,
              size_t *n, int *dir_id)
{
  size_t i, nd = only ? 1 : xvafile_nr_disks (x);
  struct stat st;
  int r;

  *outs = calloc (nd, sizeof **outs);
  if (*outs == NULL) {
    error ("calloc: %m");
    return -1;
  }
  *n = nd;
  if (nd == 1) {
    (*outs)[0].disk = only ? only : xvafile_disk (x, 0);
    (*outs)[0].index = (*outs)[0].disk->index;
    (*outs)[0].fd = -1;
    (*outs)[0].tmp_id = -1;
    if (stat (output, &st) == 0 && !S_ISREG (st.st_mode)) {
      error ("%s: the output exists and is not a regular file", output);
      return -1;
    }
    return ((*outs)[0].path = strdup (output)) ? 0 : -1;
  }

  /* Several disks: OUTPUT is a directory, made if it does not exist
   * (and then removed again if we fail, once our files in it are).
   */
  on_exit_block (true);
  r = mkdir (output, 0755);
  if (r == 0 && (*dir_id = on_exit_rmdir (output)) == -1) {
    rmdir (output);
    errno = ENOMEM;
  }
  on_exit_block (false);
  if (r == 0 && *dir_id == -1) {
    error ("%s: %m", output);
    return -1;
  }
  if (r == -1 && (errno != EEXIST || stat (output, &st) == -1 ||
                  !S_ISDIR (st.st_mode))) {
    error ("%s: the XVA has %zu disks, so the output must be a directory: "
           "%s", output, nd, errno == EEXIST ? "Not a directory" :
           strerror (errno));
    return -1;
  }
  for (i = 0; i < nd; ++i) {
    (*outs)[i].disk = xvafile_disk (x, i);
    (*outs)[i].index = i;
    (*outs)[i].fd = -1;
    (*outs)[i].tmp_id = -1;
    if (asprintf (&(*outs)[i].path, "%s/disk%zu.%s", output, i, ext) == -1) {
      error ("asprintf: %m");
      return -1;
    }
  }
  return 0;
}

int
do_convert (int argc, char *argv[])
{
  enum { HELP_OPTION = 0x100, CHECKSUM_OPTION, DISK_OPTION };
  static const struct option long_options[] = {
    { "checksum", required_argument, NULL, CHECKSUM_OPTION },
    { "disk", required_argument, NULL, DISK_OPTION },
    { "help", no_argument, NULL, HELP_OPTION },
    { "progress", no_argument, NULL, 'p' },
    { "quiet", no_argument, NULL, 'q' },
    { NULL }
  };
  enum progress_mode pmode = PROGRESS_AUTO;
  enum output_format format = FORMAT_RAW;
  enum checksum_policy policy = CHECKSUM_POLICY_VERIFY;
  const char *disk_spec = NULL, *input, *output;
  const struct xva_disk *only = NULL;
  struct output *outs = NULL;
  struct xvafile *x;
  size_t n = 0, i;
  int c, status = EXIT_FAILURE, r, dir_id = -1;

  while ((c = getopt_long (argc, argv, "O:pq", long_options, NULL)) != -1) {
    switch (c) {
    case HELP_OPTION:
      usage_convert (stdout);
      return EXIT_SUCCESS;
    case CHECKSUM_OPTION:
      if (parse_checksum_option ("convert", optarg, &policy) == -1)
        return EXIT_FAILURE;
      break;
    case DISK_OPTION: disk_spec = optarg; break;
    case 'O':
      if (strcmp (optarg, "raw") == 0)
        format = FORMAT_RAW;
      else if (strcmp (optarg, "qcow2") == 0)
        format = FORMAT_QCOW2;
      else {
        error ("convert: -O must be raw or qcow2, not '%s'", optarg);
        return EXIT_FAILURE;
      }
      break;
    case 'p': pmode = PROGRESS_ON; break;
    case 'q': pmode = PROGRESS_OFF; break;
    default:
      usage_convert (stderr);
      return EXIT_FAILURE;
    }
  }
  if (argc - optind != 2) {
    error ("convert: expected an XVA file and an output: try "
           "'%s convert --help'", progname);
    return EXIT_FAILURE;
  }
  input = argv[optind];
  output = argv[optind+1];
  if (format == FORMAT_QCOW2 && qemu_img_path () == NULL) {
    error ("convert: -O qcow2 needs qemu-img, which was not found when "
           "%s was built", progname);
    return EXIT_FAILURE;
  }

  x = open_xva (input, pmode == PROGRESS_OFF);
  if (x == NULL)
    return EXIT_FAILURE;
  if (xvafile_metadata_only (x)) {
    error ("%s: metadata-only export: there is no disk data to convert",
           input);
    goto out;
  }
  if (xvafile_nr_disks (x) == 0) {
    error ("%s: the VM has no disks to convert", input);
    goto out;
  }
  if (disk_spec && (only = xvafile_lookup_disk (x, disk_spec)) == NULL) {
    error ("%s", xva_last_error ());
    goto out;
  }
  on_exit_install ();
  if (plan_outputs (x, only, output,
                    format == FORMAT_QCOW2 ? "qcow2" : "raw",
                    &outs, &n, &dir_id) == -1)
    goto out;

  process_umask = umask (0);
  umask (process_umask);
  for (i = 0; i < n; ++i)
    if (create_output (&outs[i], format) == -1)
      goto out;

  if (format == FORMAT_QCOW2)
    r = write_qcow2 (x, input, outs, n, policy, pmode);
  else
    r = write_raw (x, outs, n, policy, pmode);
  if (r == -1)
    goto out;

  /* Every disk is complete: give them their names. */
  for (i = 0; i < n; ++i) {
    on_exit_block (true);
    r = rename (outs[i].tmp, outs[i].path);
    if (r == 0)
      on_exit_forget (outs[i].tmp_id);
    on_exit_block (false);
    if (r == -1) {
      error ("%s: rename: %m", outs[i].path);
      goto out;
    }
  }
  on_exit_forget (dir_id);
  status = EXIT_SUCCESS;

 out:
  /* After a failure: the temporary outputs, then the directory made for
   * them.  (After a success nothing is left to do.)
   */
  on_exit_run ();
  for (i = 0; i < n; ++i) {
    if (outs[i].fd >= 0)
      close (outs[i].fd);
    free (outs[i].path);
    free (outs[i].tmp);
  }
  free (outs);
  xvafile_close (x);
  return status;
}

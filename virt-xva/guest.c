/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Looking inside an XVA's guest with libguestfs: every disk is served
 * over NBD by a captive nbdkit xva on a private Unix socket, so only
 * the blocks libguestfs asks for are read, and nothing is extracted
 * anywhere.
 *
 * The appliance asks for the same blocks many times over: its kernel
 * drops a block device's page cache when the last program using it
 * closes it, and inspection runs blkid, file and the like once per
 * filesystem.  On the 2 GiB test guest, inspect_os alone asked for
 * 42 MB, of which 4.9 MB were distinct.  So each disk is added as a
 * small qcow2 overlay in our temporary directory, backed by its NBD
 * export, with qemu's copy-on-read: the first read of a cluster copies
 * it into the overlay, and every later read is served from there.
 * (libguestfs ignores copyonread on the read-only drives it makes its
 * own overlays for, hence ours; nothing writes back to the XVA, which
 * nbdkit serves read-only in any case.)
 */

#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

#include <guestfs.h>

#include "captive-nbdkit.h"
#include "cleanup.h"
#include "guest.h"
#include "nbd-uri.h"
#include "on-exit.h"
#include "tmpdir.h"

/* Small clusters: copy-on-read copies whole clusters, and what
 * inspection reads is scattered.  (4 KiB: inspect_os of the test guest
 * read 5.4 MB of the XVA; qemu's default 64 KiB: 6.9 MB.)
 */
#define OVERLAY_CLUSTER_SIZE 4096

/* Add disk i (export name "i" of the server) to the handle, through a
 * copy-on-read overlay backed by that export.  The backing file is an
 * NBD URI with the socket's path percent-encoded, which any path can
 * take (qemu's older "nbd:unix:PATH" form cannot hold a ':' or ',').
 */
static int
add_disk (struct guest *gu, size_t i)
{
  CLEANUP_FREE char *overlay = NULL, *backing = NULL;
  char name[32];

  snprintf (name, sizeof name, "%zu", i);
  if (asprintf (&overlay, "%s/disk%zu.qcow2", gu->dir, i) == -1 ||
      (backing = nbd_uri_unix (name, gu->server.socket)) == NULL) {
    error ("out of memory");
    return -1;
  }
  if (guestfs_disk_create (gu->g, overlay, "qcow2", -1,
                           GUESTFS_DISK_CREATE_BACKINGFILE, backing,
                           GUESTFS_DISK_CREATE_BACKINGFORMAT, "raw",
                           GUESTFS_DISK_CREATE_CLUSTERSIZE,
                           OVERLAY_CLUSTER_SIZE,
                           -1) == -1) {
    guest_error (gu, "making a disk overlay");
    return -1;
  }
  if (guestfs_add_drive_opts (gu->g, overlay,
                              GUESTFS_ADD_DRIVE_OPTS_FORMAT, "qcow2",
                              GUESTFS_ADD_DRIVE_OPTS_COPYONREAD, 1,
                              -1) == -1) {
    guest_error (gu, "adding a disk");
    return -1;
  }
  return 0;
}

void
guest_error (struct guest *gu, const char *what)
{
  const char *msg = gu->g ? guestfs_last_error (gu->g) : NULL;
  size_t n;

  if (msg == NULL)
    msg = "libguestfs failed";
  /* libguestfs starts with the name of its own call ("download: "),
   * which says nothing to the user.
   */
  n = strcspn (msg, ": /");
  if (n > 0 && msg[n] == ':' && msg[n+1] == ' ')
    msg += n + 2;
  if (what)
    error ("%s: %s: %s", xvafile_display (gu->x), what, msg);
  else
    error ("%s: %s", xvafile_display (gu->x), msg);
}

int
guest_open (struct guest *gu, const char *path, enum checksum_policy policy)
{
  CLEANUP_FREE char *err = NULL;
  const char *params[2] = { verify_param (policy), NULL };
  size_t i, nd;
  int r;

  memset (gu, 0, sizeof *gu);
  gu->server.pid = -1;
  gu->kill_id = -1;
  gu->x = open_xva (path, false);
  if (gu->x == NULL)
    return -1;
  if (xvafile_metadata_only (gu->x)) {
    error ("%s: metadata-only export: there are no disks to look into",
           path);
    goto fail;
  }
  nd = xvafile_nr_disks (gu->x);
  if (nd == 0) {
    error ("%s: the VM has no disks", path);
    goto fail;
  }

  /* A signal from here on (the appliance takes a while to launch)
   * stops nbdkit and removes our directory, with libguestfs's own
   * temporary directory in it; libguestfs kills its qemu when we die.
   */
  on_exit_install ();
  gu->dir = tmpdir_make ("virt-xva");
  if (gu->dir == NULL) {
    error ("cannot make a temporary directory: %m");
    goto fail;
  }
  gu->kill_id = on_exit_call (captive_nbdkit_kill_action, &gu->server);
  if (gu->kill_id == -1) {
    error ("out of memory");
    goto fail;
  }
  gu->server.params = params;   /* read by start only */
  r = captive_nbdkit_start (&gu->server, gu->dir, xvafile_display (gu->x),
                            xvafile_spool_fd (gu->x), verbose, &err);
  gu->server.params = NULL;
  if (r == -1) {
    error ("%s", err ? err : "nbdkit xva could not be started");
    goto fail;
  }

  gu->g = guestfs_create ();
  if (gu->g == NULL) {
    error ("guestfs_create: %m");
    goto fail;
  }
  guestfs_set_error_handler (gu->g, NULL, NULL);
  if (guestfs_set_tmpdir (gu->g, gu->dir) == -1) {
    guest_error (gu, "set_tmpdir");
    goto fail;
  }
  if (verbose)
    guestfs_set_verbose (gu->g, 1);

  for (i = 0; i < nd; ++i)
    if (add_disk (gu, i) == -1)
      goto fail;
  if (guestfs_launch (gu->g) == -1) {
    guest_error (gu, "launching the libguestfs appliance");
    goto fail;
  }
  return 0;

 fail:
  guest_close (gu);
  return -1;
}

void
guest_close (struct guest *gu)
{
  if (gu->g) {
    guestfs_shutdown (gu->g);
    guestfs_close (gu->g);
    gu->g = NULL;
  }
  captive_nbdkit_stop (&gu->server);
  on_exit_forget (gu->kill_id);
  gu->kill_id = -1;
  if (gu->dir) {
    tmpdir_remove (gu->dir);
    free (gu->dir);
    gu->dir = NULL;
  }
  xvafile_close (gu->x);
  gu->x = NULL;
}

static int
compare_mountpoints (const void *a, const void *b)
{
  /* Shorter first, so "/" is mounted before "/srv". */
  const char *const *x = a, *const *y = b;
  size_t lx = strlen (x[0]), ly = strlen (y[0]);
  return lx != ly ? (lx < ly ? -1 : 1) : strcmp (x[0], y[0]);
}

int
guest_mount_os (struct guest *gu, const char *root)
{
  char **mps = guestfs_inspect_get_mountpoints (gu->g, root);
  size_t n, i;
  int r = 0;

  if (mps == NULL) {
    guest_error (gu, "inspect_get_mountpoints");
    return -1;
  }
  for (n = 0; mps[n]; n += 2)
    ;
  qsort (mps, n / 2, 2 * sizeof (char *), compare_mountpoints);
  for (i = 0; i < n; i += 2)
    if (guestfs_mount_ro (gu->g, mps[i+1], mps[i]) == -1)
      debug ("could not mount %s on %s: %s", mps[i+1], mps[i],
             guestfs_last_error (gu->g));
  for (i = 0; i < n; ++i)
    free (mps[i]);
  free (mps);
  return r;
}

char *
guest_first_os (struct guest *gu)
{
  char **roots = guestfs_inspect_os (gu->g);
  char *root;
  size_t i;

  if (roots == NULL) {
    guest_error (gu, "inspection");
    return NULL;
  }
  root = roots[0];
  if (root == NULL)
    error ("%s: no operating system found in the XVA's disks",
           xvafile_display (gu->x));
  for (i = 1; roots[0] && roots[i]; ++i)
    free (roots[i]);
  free (roots);
  return root;
}

void
guest_free_strings (char **v)
{
  size_t i;

  if (v) {
    for (i = 0; v[i]; ++i)
      free (v[i]);
    free (v);
  }
}

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* A libguestfs handle on an XVA's disks, served by a captive nbdkit. */

#ifndef VIRT_XVA_GUEST_H
#define VIRT_XVA_GUEST_H

#include <guestfs.h>

#include "captive-nbdkit.h"
#include "virt-xva.h"

struct guest {
  struct xvafile *x;
  char *dir;                    /* private temporary directory */
  struct captive_nbdkit server;
  int kill_id;                  /* on_exit_call's id for the server */
  guestfs_h *g;
};

/* Open path, serve its disks and launch the appliance with every disk
 * added, each through a copy-on-read overlay in our temporary
 * directory (nothing is written back to the XVA).  policy is the
 * plugin's checksum check (verify=): anything but
 * CHECKSUM_POLICY_IGNORE reads each chunk libguestfs touches whole.
 * Returns 0, or -1 after printing the error (and cleaning up).
 */
extern int guest_open (struct guest *gu, const char *path,
                       enum checksum_policy policy);

/* Shut everything down and remove the temporary directory. */
extern void guest_close (struct guest *gu);

/* Print "virt-xva: error: VM.xva: [WHAT: ]<libguestfs's last error>". */
extern void guest_error (struct guest *gu, const char *what);

/* The first root inspection finds (caller frees), or NULL after
 * printing the error (none found, or inspection failed).
 */
extern char *guest_first_os (struct guest *gu);

/* Mount the OS's filesystems read-only, shortest mountpoint first. */
extern int guest_mount_os (struct guest *gu, const char *root);

/* Free a NULL-terminated list of strings as libguestfs returns them
 * (NULL is allowed).
 */
extern void guest_free_strings (char **v);

#endif /* VIRT_XVA_GUEST_H */

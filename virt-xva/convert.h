/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* virt-xva convert's parts: convert.c plans the outputs, creates them
 * under temporary names and renames them at the end; convert-raw.c and
 * convert-qcow2.c write the disks into them (as libnbd's copy/ has one
 * file per kind of source or destination).
 */

#ifndef VIRT_XVA_CONVERT_H
#define VIRT_XVA_CONVERT_H

#include <stddef.h>

#include "virt-xva.h"

/* One output file, for one disk. */
struct output {
  const struct xva_disk *disk;
  size_t index;                 /* the disk's position = its export name */
  char *path;                   /* final name */
  char *tmp;                    /* temporary name, until renamed */
  int tmp_id;                   /* its on_exit_remove, until renamed */
  int fd;                       /* open on tmp: empty, and for raw
                                   sized to the disk */
};

/* -O raw: walk each disk's chunks and write them in place, leaving
 * zero blocks as holes; each outs[i].fd is closed when its disk is
 * complete.  Returns 0, or -1 (printed).
 */
extern int write_raw (const struct xvafile *x, struct output *outs,
                      size_t n, enum checksum_policy policy,
                      enum progress_mode pmode);

/* -O qcow2: serve the disks with nbdkit xva and write each with
 * qemu-img convert into outs[i].fd.  input is the XVA as the user
 * named it.  Returns 0, or -1 (printed).
 */
extern int write_qcow2 (const struct xvafile *x, const char *input,
                        const struct output *outs, size_t n,
                        enum checksum_policy policy,
                        enum progress_mode pmode);

/* configure's qemu-img, or $XVA_QEMU_IMG (for tests); NULL if none. */
extern const char *qemu_img_path (void);

#endif /* VIRT_XVA_CONVERT_H */

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Walk the members of an uncompressed tar and report where each one's
 * data lies.  libarchive reads the headers (V7 without magic as xapi
 * writes them, ustar, GNU, pax); member data is skipped with seeks,
 * never read.
 */

#ifndef XVA_TAR_INDEX_H
#define XVA_TAR_INDEX_H

#include <stdint.h>

#include "source.h"

enum tar_flavour {
  TAR_FLAVOUR_UNKNOWN = 0,
  TAR_FLAVOUR_V7,               /* no ustar magic (xapi, xva-img) */
  TAR_FLAVOUR_USTAR,
  TAR_FLAVOUR_GNU,
  TAR_FLAVOUR_PAX,
};

/* "v7", "ustar", "gnu", "pax" or "unknown".  Static string. */
extern const char *tar_flavour_name (enum tar_flavour f);

struct tar_member {
  const char *name;             /* leading "./" removed; valid during the call */
  uint64_t offset;              /* of the data in the uncompressed tar */
  uint64_t size;
};

/* Called once per regular-file member in archive order.  Returns 0 to
 * go on, -1 (with the error set) to stop the walk.
 */
typedef int (*tar_member_fn) (void *opaque, const struct tar_member *m);

/* Walk every member of the tar read from src.  Directories are skipped;
 * links, devices, unsafe names ("..", absolute) and members reaching
 * past the end of src are errors.  *flavour gets the flavour of the
 * first header.  display names the file in messages.  Returns 0, or -1
 * with the error set.
 */
extern int tar_index_walk (struct xva_source *src, const char *display,
                           tar_member_fn fn, void *opaque,
                           enum tar_flavour *flavour);

#endif /* XVA_TAR_INDEX_H */

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* A compressed XVA cannot be read at random offsets, so it is
 * decompressed once into an anonymous temporary file (already unlinked:
 * nothing is left behind whatever happens to the process).  Zero runs
 * become holes, so the space needed is the XVA's stored data.
 */

#ifndef XVA_SPOOL_H
#define XVA_SPOOL_H

#include <stdint.h>

/* Decompress the file open on fd (read sequentially from its current
 * offset) into a new temporary file in $TMPDIR (default /var/tmp).
 * The result must be a tar whose first member is ova.xml; it may not
 * expand past what ova.xml declares (the disks' virtual sizes, with
 * room for padding, keep-alives and headers), and only ova.xml and the
 * members in the directories of its disks are written: the rest are
 * holes.  Returns the temporary file's descriptor and sets *size, or
 * returns -1 with the error set.
 */
extern int spool_decompress (int fd, const char *display, uint64_t *size);

#endif /* XVA_SPOOL_H */

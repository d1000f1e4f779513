/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Whole-file compression.  xapi compresses the whole tar with gzip or
 * zstd and still calls it .xva, so the name says nothing: what kind of
 * file an XVA is comes from its first bytes (xva-format(5), DETECTION
 * AND COMPRESSION).  A compressed XVA cannot be read at random offsets,
 * so it is decompressed once into an anonymous temporary file (already
 * unlinked: nothing is left behind whatever happens to the process).
 * Zero runs become holes, so the space needed is the XVA's stored data.
 */

#ifndef XVA_COMPRESSION_H
#define XVA_COMPRESSION_H

#include <stddef.h>
#include <stdint.h>

enum xva_compression {
  XVA_COMPRESSION_NONE = 0,
  XVA_COMPRESSION_GZIP,
  XVA_COMPRESSION_ZSTD,
  XVA_COMPRESSION_XZ,
  XVA_COMPRESSION_BZIP2,
};

/* Compression named by the magic at the start of buf (len bytes);
 * XVA_COMPRESSION_NONE when no known magic is there.
 */
extern enum xva_compression xva_compression_detect (const unsigned char *buf,
                                                    size_t len);

/* "none", "gzip", "zstd", "xz", "bzip2".  Static string. */
extern const char *xva_compression_name (enum xva_compression c);

/* Decompress the file open on fd (read sequentially from its current
 * offset) into a new temporary file in $TMPDIR (default /var/tmp).
 * The result must be a tar whose first member is ova.xml; it may not
 * expand past what ova.xml declares (the disks' virtual sizes, with
 * room for padding, keep-alives and headers), and only ova.xml and the
 * members in the directories of its disks are written: the rest are
 * holes.  Returns the temporary file's descriptor and sets *size, or
 * returns -1 with the error set.
 */
extern int xva_compression_spool (int fd, const char *display,
                                  uint64_t *size);

#endif /* XVA_COMPRESSION_H */

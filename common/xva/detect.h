/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* What kind of file an XVA is, from its first bytes.  xapi compresses
 * the whole tar with gzip or zstd and still calls it .xva, so the name
 * says nothing (xva-format(5), DETECTION AND COMPRESSION).
 */

#ifndef XVA_DETECT_H
#define XVA_DETECT_H

#include <stddef.h>

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
extern enum xva_compression detect_compression (const unsigned char *buf,
                                                size_t len);

/* "none", "gzip", "zstd", "xz", "bzip2".  Static string. */
extern const char *xva_compression_name (enum xva_compression c);

#endif /* XVA_DETECT_H */

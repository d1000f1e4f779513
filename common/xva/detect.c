/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Compression magic numbers. */

#include <config.h>

#include <string.h>

#include "detect.h"

enum xva_compression
detect_compression (const unsigned char *buf, size_t len)
{
  if (len >= 2 && buf[0] == 0x1f && buf[1] == 0x8b)
    return XVA_COMPRESSION_GZIP;
  if (len >= 4 && memcmp (buf, "\x28\xb5\x2f\xfd", 4) == 0)
    return XVA_COMPRESSION_ZSTD;
  if (len >= 6 && memcmp (buf, "\xfd" "7zXZ\0", 6) == 0)
    return XVA_COMPRESSION_XZ;
  if (len >= 3 && memcmp (buf, "BZh", 3) == 0)
    return XVA_COMPRESSION_BZIP2;
  return XVA_COMPRESSION_NONE;
}

const char *
xva_compression_name (enum xva_compression c)
{
  switch (c) {
  case XVA_COMPRESSION_GZIP: return "gzip";
  case XVA_COMPRESSION_ZSTD: return "zstd";
  case XVA_COMPRESSION_XZ: return "xz";
  case XVA_COMPRESSION_BZIP2: return "bzip2";
  case XVA_COMPRESSION_NONE: ;
  }
  return "none";
}

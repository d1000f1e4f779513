/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Sizes for people (human-size.h). */

#include <config.h>

#include <stdio.h>
#include <inttypes.h>

#include "human-size.h"

char *
human_size (uint64_t bytes, char *buf)
{
  static const char *const units[] =
    { "bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
  double v = bytes;
  int u = 0;

  while (v >= 1024 && u < 6) {
    v /= 1024;
    u++;
  }
  if (u == 0)
    snprintf (buf, HUMAN_SIZE_LEN, "%" PRIu64 " bytes", bytes);
  else
    snprintf (buf, HUMAN_SIZE_LEN, "%.1f %s", v, units[u]);
  return buf;
}

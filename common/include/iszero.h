/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* is_zero (buf, len): true if every byte of buf is zero. */

#ifndef XVA_ISZERO_H
#define XVA_ISZERO_H

#include <stdbool.h>
#include <string.h>

/* Check the first 16 bytes by hand, then compare the buffer with itself
 * shifted by 16 bytes: memcmp is vectorised, so this runs at memory
 * speed.  (The same trick as nbdkit's common/include/iszero.h.)
 */
static inline bool __attribute__ ((__nonnull__ (1)))
is_zero (const char *buf, size_t len)
{
  const size_t head = len < 16 ? len : 16;
  size_t i;

  for (i = 0; i < head; ++i)
    if (buf[i])
      return false;
  if (len <= 16)
    return true;
  return memcmp (buf, buf + 16, len - 16) == 0;
}

#endif /* XVA_ISZERO_H */

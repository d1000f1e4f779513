/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Sizes for people: "512 bytes", "1.5 GiB". */

#ifndef XVA_HUMAN_SIZE_H
#define XVA_HUMAN_SIZE_H

#include <stddef.h>
#include <stdint.h>

/* Room for any result: the longest, "1024.0 KiB" (rounded up from
 * 1023.95), fits with room to spare.
 */
#define HUMAN_SIZE_LEN 32

/* Write bytes as a human size into the caller's buf (HUMAN_SIZE_LEN
 * bytes): exact bytes below 1 KiB, else one decimal in the largest
 * binary unit that leaves at least 1.  Returns buf, so that it can be
 * an argument of printf; each call in one printf needs its own buf.
 */
extern char *human_size (uint64_t bytes, char *buf);

#endif /* XVA_HUMAN_SIZE_H */

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Sizes for people: "512 bytes", "1.5 GiB". */

#ifndef XVA_HUMAN_SIZE_H
#define XVA_HUMAN_SIZE_H

#include <stddef.h>
#include <stdint.h>

#define HUMAN_SIZE_LEN 32

/* Write bytes as a human size into buf (HUMAN_SIZE_LEN bytes); returns
 * buf.
 */
extern char *human_size_r (uint64_t bytes, char *buf);

#endif /* XVA_HUMAN_SIZE_H */

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The per-chunk checksums of XVA v2: "<n>.checksum" holds the SHA-1 of
 * chunk n as 40 lowercase hex digits, "<n>.xxhash" (xapi >= 1.170) its
 * XXH64 (seed 0) as 16 uppercase hex digits.  (xen-api
 * ocaml/xapi/stream_vdi.ml; xva-format(5), CHECKSUMS.)
 */

#ifndef XVA_CHECKSUM_H
#define XVA_CHECKSUM_H

#include <stdbool.h>
#include <stddef.h>

enum checksum_kind {
  CHECKSUM_NONE = 0,
  CHECKSUM_SHA1 = 1,
  CHECKSUM_XXH64 = 2,
};

/* Policy for mismatches: fail, warn and go on, or do not check. */
enum checksum_policy {
  CHECKSUM_POLICY_VERIFY,
  CHECKSUM_POLICY_WARN,
  CHECKSUM_POLICY_IGNORE,
};

/* Longest hex digest + NUL. */
#define CHECKSUM_HEX_MAX 41

/* "sha1", "xxhash" or "none".  Static string. */
extern const char *checksum_kind_name (enum checksum_kind k);

/* Number of hex digits of a kind's digest (40, 16, 0). */
extern size_t checksum_hex_len (enum checksum_kind k);

/* Parse a policy: "verify", "warn" or "ignore", the words of virt-xva
 * --checksum= and nbdkit xva verify= alike, or the aliases "error"
 * (verify) and "off" (ignore) that nbdkit xva took before.  Returns 0,
 * or -1 if s is none of these.
 */
extern int checksum_policy_parse (const char *s, enum checksum_policy *p);

/* Compute the digest of data as the XVA writes it, into hex (at least
 * CHECKSUM_HEX_MAX bytes): lowercase for SHA-1, uppercase for XXH64.
 */
extern void checksum_compute (enum checksum_kind k, const void *data,
                              size_t len, char *hex);

/* Compare a stored checksum text (len bytes, not NUL-terminated) with
 * the digest of data, case-insensitively after trimming white space.
 * Writes the computed digest to actual and the stored text (printable,
 * truncated) to expected, both CHECKSUM_HEX_MAX bytes.  Returns true if
 * they match.
 */
extern bool checksum_matches (enum checksum_kind k, const void *data,
                              size_t len, const char *stored,
                              size_t stored_len,
                              char *expected, char *actual);

#endif /* XVA_CHECKSUM_H */

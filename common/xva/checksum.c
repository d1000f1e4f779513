/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* SHA-1 (OpenSSL libcrypto) and XXH64 (libxxhash) of chunks. */

#include <config.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <inttypes.h>

#include <openssl/sha.h>
#include <xxhash.h>

#include "checksum.h"

const char *
checksum_kind_name (enum checksum_kind k)
{
  switch (k) {
  case CHECKSUM_SHA1: return "sha1";
  case CHECKSUM_XXH64: return "xxhash";
  case CHECKSUM_NONE: ;
  }
  return "none";
}

size_t
checksum_hex_len (enum checksum_kind k)
{
  switch (k) {
  case CHECKSUM_SHA1: return 2 * SHA_DIGEST_LENGTH;
  case CHECKSUM_XXH64: return 16;
  case CHECKSUM_NONE: ;
  }
  return 0;
}

int
checksum_policy_parse (const char *s, enum checksum_policy *p)
{
  if (strcmp (s, "verify") == 0 || strcmp (s, "error") == 0)
    *p = CHECKSUM_POLICY_VERIFY;
  else if (strcmp (s, "warn") == 0)
    *p = CHECKSUM_POLICY_WARN;
  else if (strcmp (s, "ignore") == 0 || strcmp (s, "off") == 0)
    *p = CHECKSUM_POLICY_IGNORE;
  else
    return -1;
  return 0;
}

void
checksum_compute (enum checksum_kind k, const void *data, size_t len,
                  char *hex)
{
  unsigned char md[SHA_DIGEST_LENGTH];
  size_t i;

  switch (k) {
  case CHECKSUM_SHA1:
    SHA1 (data, len, md);
    for (i = 0; i < SHA_DIGEST_LENGTH; ++i)
      sprintf (&hex[2*i], "%02x", md[i]);
    return;
  case CHECKSUM_XXH64:
    /* "%016X" of the 64-bit value is the canonical big-endian form. */
    sprintf (hex, "%016" PRIX64, (uint64_t) XXH64 (data, len, 0));
    return;
  case CHECKSUM_NONE: ;
  }
  hex[0] = '\0';
}

bool
checksum_matches (enum checksum_kind k, const void *data, size_t len,
                  const char *stored, size_t stored_len,
                  char *expected, char *actual)
{
  size_t i, n;

  while (stored_len > 0 && isspace ((unsigned char) *stored)) {
    stored++;
    stored_len--;
  }
  while (stored_len > 0 && isspace ((unsigned char) stored[stored_len-1]))
    stored_len--;

  n = stored_len < CHECKSUM_HEX_MAX - 1 ? stored_len : CHECKSUM_HEX_MAX - 1;
  for (i = 0; i < n; ++i)
    expected[i] = isprint ((unsigned char) stored[i]) ? stored[i] : '?';
  expected[n] = '\0';

  checksum_compute (k, data, len, actual);
  return stored_len == strlen (actual) &&
    strncasecmp (stored, actual, stored_len) == 0;
}

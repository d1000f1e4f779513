/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Checksum test vectors (xva-format(5), CHECKSUMS, checked with sha1sum
 * and xxhsum -H64).
 */

#undef NDEBUG
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <assert.h>

#include "checksum.h"

static void
check (enum checksum_kind k, const char *data, size_t len, const char *want)
{
  char hex[CHECKSUM_HEX_MAX], expected[CHECKSUM_HEX_MAX],
    actual[CHECKSUM_HEX_MAX];

  checksum_compute (k, data, len, hex);
  if (strcmp (hex, want) != 0) {
    fprintf (stderr, "%s: got %s, expected %s\n", checksum_kind_name (k),
             hex, want);
    exit (EXIT_FAILURE);
  }
  assert (checksum_matches (k, data, len, want, strlen (want),
                            expected, actual));
  assert (strcmp (expected, want) == 0);
}

int
main (void)
{
  char *zeros = calloc (1, 1 << 20);
  char expected[CHECKSUM_HEX_MAX], actual[CHECKSUM_HEX_MAX];
  enum checksum_policy p;

  assert (zeros);
  check (CHECKSUM_XXH64, "", 0, "EF46DB3751D8E999");
  check (CHECKSUM_XXH64, zeros, 1 << 20, "87D2A1B6E1163EF1");
  check (CHECKSUM_XXH64, "abc", 3, "44BC2CF5AD770999");
  check (CHECKSUM_SHA1, "", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  check (CHECKSUM_SHA1, zeros, 1 << 20,
         "3b71f43ff30f4b15b5cd85dd9e95ebc7e84eb5a3");
  check (CHECKSUM_SHA1, "abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d");

  /* Case and surrounding white space do not matter; anything else does. */
  assert (checksum_matches (CHECKSUM_SHA1, "abc", 3,
                            " A9993E364706816ABA3E25717850C26C9CD0D89D\n", 42,
                            expected, actual));
  assert (!checksum_matches (CHECKSUM_SHA1, "abc", 3,
                             "a9993e364706816aba3e25717850c26c9cd0d89e", 40,
                             expected, actual));
  assert (strcmp (actual, "a9993e364706816aba3e25717850c26c9cd0d89d") == 0);
  assert (!checksum_matches (CHECKSUM_XXH64, "abc", 3, "44BC2CF5AD77099", 15,
                             expected, actual));

  assert (checksum_policy_parse ("warn", &p) == 0 && p == CHECKSUM_POLICY_WARN);
  assert (checksum_policy_parse ("off", &p) == 0 && p == CHECKSUM_POLICY_IGNORE);
  assert (checksum_policy_parse ("verify", &p) == 0 &&
          p == CHECKSUM_POLICY_VERIFY);
  assert (checksum_policy_parse ("maybe", &p) == -1);
  free (zeros);
  printf ("test-checksum: ok\n");
  return 0;
}

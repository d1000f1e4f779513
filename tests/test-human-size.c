/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* human_size: the sizes virt-xva info and inspect print, and the spool's
 * space notice, at the unit boundaries and the extremes.
 */

#undef NDEBUG
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>

#include "human-size.h"

static int failed;

static void
check (uint64_t bytes, const char *want)
{
  char buf[HUMAN_SIZE_LEN];
  const char *r;

  memset (buf, 'x', sizeof buf);
  r = human_size (bytes, buf);
  if (r != buf || strcmp (buf, want) != 0) {
    fprintf (stderr, "human_size (%" PRIu64 "): got '%s', expected '%s'\n",
             bytes, buf, want);
    failed = 1;
  }
}

int
main (void)
{
  char a[HUMAN_SIZE_LEN], b[HUMAN_SIZE_LEN];
  char both[2 * HUMAN_SIZE_LEN + 8];

  check (0, "0 bytes");
  check (1, "1 bytes");
  check (1023, "1023 bytes");
  check (1024, "1.0 KiB");
  check (1536, "1.5 KiB");
  check (UINT64_C (1048575), "1024.0 KiB");       /* rounds up, stays KiB */
  check (UINT64_C (1) << 20, "1.0 MiB");
  check (UINT64_C (3) << 29, "1.5 GiB");
  check (UINT64_C (1) << 40, "1.0 TiB");
  check (UINT64_C (1) << 50, "1.0 PiB");
  check (UINT64_C (1) << 60, "1.0 EiB");
  check (UINT64_MAX, "16.0 EiB");

  /* Two results in one printf: each has its own buffer. */
  snprintf (both, sizeof both, "%s / %s",
            human_size (512, a), human_size (UINT64_C (5) << 30, b));
  if (strcmp (both, "512 bytes / 5.0 GiB") != 0) {
    fprintf (stderr, "two sizes in one printf: got '%s'\n", both);
    failed = 1;
  }

  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

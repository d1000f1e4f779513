/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Progress bar: "    (42.00/100%)" rewritten in place, as qemu-img -p. */

#include <config.h>

#include <stdio.h>
#include <unistd.h>

#include "virt-xva.h"

static bool enabled;
static uint64_t total;
static int last = -1;

void
progress_start (enum progress_mode mode, uint64_t t)
{
  enabled = mode == PROGRESS_ON ||
    (mode == PROGRESS_AUTO && isatty (STDERR_FILENO));
  total = t;
  last = -1;
  progress_update (0);
}

void
progress_update (uint64_t done)
{
  int permyriad;

  if (!enabled)
    return;
  permyriad = total ? (int) (done * 10000 / total) : 10000;
  if (permyriad > 10000)
    permyriad = 10000;
  if (permyriad == last)
    return;
  last = permyriad;
  fprintf (stderr, "\r    (%d.%02d/100%%)", permyriad / 100, permyriad % 100);
  fflush (stderr);
}

void
progress_end (void)
{
  if (enabled) {
    fputc ('\n', stderr);
    enabled = false;
  }
}

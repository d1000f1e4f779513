/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Sanitized builds only: preloaded into nbdkit after the ASan runtime
 * (tests/bin/nbdkit), to work around a hang that is not ours.
 *
 * With gcc 12's libasan preloaded into a program that is not built with
 * it, glibc 2.36 and p11-kit (which nbdkit gets through gnutls), the
 * process hangs at exit once anything has formatted an errno message
 * (strerror, "%m"): p11-kit's destructor calls freelocale, which waits
 * for ever on glibc's setlocale lock, whose reader count has gone below
 * zero.  A five-line program linked with gnutls that prints "%m" hangs
 * the same way under LD_PRELOAD=libasan.so, so it is in that mix, not in
 * nbdkit or the plugin.  Freeing a locale at exit is all freelocale is
 * called for there; skipping it leaks nothing that matters to a test.
 */

#include <locale.h>

void
freelocale (locale_t loc)
{
  (void) loc;
}

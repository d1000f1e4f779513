/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Private (0700) temporary directories for sockets, overlays and XML. */

#ifndef XVA_TMPDIR_H
#define XVA_TMPDIR_H

/* Make $TMPDIR/NAME.XXXXXX (default /tmp), registered at once for
 * removal at exit or on a signal (on-exit.h), so that no signal can
 * leave it behind.  Returns its path (caller frees, after
 * tmpdir_remove), or NULL with errno set.
 */
extern char *tmpdir_make (const char *name);

/* Remove dir and everything in it, and its registration. */
extern void tmpdir_remove (const char *dir);

#endif /* XVA_TMPDIR_H */

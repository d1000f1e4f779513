/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* What a child we fork does first, before it execs a program. */

#ifndef XVA_CHILD_SIGNALS_H
#define XVA_CHILD_SIGNALS_H

/* Put SIGINT, SIGTERM and SIGHUP back to their default action.  Until
 * the exec, the child still has the parent's handlers, which clean up
 * the parent's temporary files and children: a signal in that window
 * must not run them in the child.  (It also undoes an inherited
 * SIG_IGN, which exec would keep: a background job of a shell ignores
 * SIGINT.)
 */
extern void child_default_signals (void);

#endif /* XVA_CHILD_SIGNALS_H */

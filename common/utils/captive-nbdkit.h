/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* A captive nbdkit xva: started as our direct child (so that
 * --exit-with-parent ties it to us), on a Unix socket in a directory of
 * ours, and waited for until it listens.
 */

#ifndef XVA_CAPTIVE_NBDKIT_H
#define XVA_CAPTIVE_NBDKIT_H

#include <stdbool.h>
#include <sys/types.h>

struct captive_nbdkit {
  /* Optional, set by the caller before start (start does not free or
   * change them).
   */
  const char *const *params;    /* more "key=value" for the plugin, NULL-
                                   terminated, at most 8 */
  const char *log;              /* nbdkit's stderr goes to this file
                                   (created 0600), not to ours */

  pid_t pid;                    /* -1 when not running */
  char *socket;                 /* DIR/nbdkit.sock */
  char *pidfile;                /* DIR/nbdkit.pid */
};

/* Start "nbdkit xva file=XVA name=XVA [PARAMS...]" on a socket in dir
 * (which must be private to us), with --verbose if verbose, and wait up
 * to 30 s until it serves.  nbdkit's messages name the XVA as xva is
 * spelled (name=), so they can be passed on as they are.  When
 * spool_fd >= 0 (xvafile_spool_fd: the XVA, already decompressed),
 * nbdkit inherits that descriptor and gets "fd=N" instead of "file=",
 * so it does not decompress the XVA again; the caller keeps spool_fd
 * open (its handle alive) while nbdkit runs.
 * $XVA_NBDKIT and $XVA_NBDKIT_PLUGIN override the nbdkit binary and the
 * plugin (./run sets the latter to the built plugin).  Returns 0, or -1
 * with a message in *err (caller frees).
 */
extern int captive_nbdkit_start (struct captive_nbdkit *n, const char *dir,
                                 const char *xva, int spool_fd, bool verbose,
                                 char **err);

/* Stop it (SIGTERM, wait) and free what start allocated.  Safe to call
 * on a server that never started.
 */
extern void captive_nbdkit_stop (struct captive_nbdkit *n);

/* Only the stopping part of captive_nbdkit_stop: SIGTERM, up to 10 s
 * for nbdkit to go, then SIGKILL.  Async-signal-safe (kill, waitpid
 * and nanosleep only), for signal handlers.
 */
extern void captive_nbdkit_kill (struct captive_nbdkit *n);

/* captive_nbdkit_kill for on_exit_call (on-exit.h): n is the struct
 * captive_nbdkit.
 */
extern void captive_nbdkit_kill_action (void *n);

/* Has nbdkit ended on its own?  If so, reap it, set n->pid to -1, put
 * its wait status in *status and return true.
 */
extern bool captive_nbdkit_exited (struct captive_nbdkit *n, int *status);

#endif /* XVA_CAPTIVE_NBDKIT_H */

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* What to undo when the program ends, however it ends (in the spirit of
 * virt-v2v's On_exit): temporary files and directories, captive
 * servers.  Each is registered where it is made; on the normal way out
 * the program calls on_exit_run, and SIGINT, SIGTERM or SIGHUP run the
 * same actions from the handler and then end the program by that
 * signal, so an interrupted program leaves nothing behind.
 *
 * A program that runs a long child in the foreground (virt-v2v) can
 * have the signal passed to that child instead, then clean up itself
 * once the child has gone (on_exit_forward_to).
 */

#ifndef XVA_ON_EXIT_H
#define XVA_ON_EXIT_H

#include <stdbool.h>
#include <sys/types.h>

/* Install the handlers for SIGINT, SIGTERM and SIGHUP (but leave an
 * ignored SIGHUP ignored, as nohup(1) asks).
 */
extern void on_exit_install (void);

/* Register path, a file or a directory (removed with everything in
 * it), to be removed.  The path is copied.  Returns an id for
 * on_exit_forget, or -1 with errno set.
 */
extern int on_exit_remove (const char *path);

/* Register dir to be removed if it is empty then (a directory the
 * program made for its outputs).  Returns an id, or -1 with errno set.
 */
extern int on_exit_rmdir (const char *dir);

/* Register fn (opaque) to be called.  fn runs in a signal handler, so
 * it must be async-signal-safe (kill, waitpid, unlink...).  Returns an
 * id for on_exit_forget, or -1 with errno set.
 */
extern int on_exit_call (void (*fn) (void *opaque), void *opaque);

/* The action is no longer wanted (it was done, or the file was renamed
 * to its final name).  An id of -1 is ignored.
 */
extern void on_exit_forget (int id);

/* Remove path now (as on_exit_remove would) and forget every
 * registration of it.
 */
extern void on_exit_remove_now (const char *path);

/* Run every registered action now, newest first, and forget them. */
extern void on_exit_run (void);

/* While *pid > 0, a handled signal is sent on to that process and
 * remembered (on_exit_caught) instead of ending the program; NULL turns
 * this off.  The caller records the child's pid between
 * on_exit_block (true) and on_exit_block (false) around fork, so that
 * no signal is lost in between.
 */
extern void on_exit_forward_to (volatile pid_t *pid);

/* The signal caught while forwarding, or 0. */
extern int on_exit_caught (void);

/* If a signal was caught, run the actions and end the program by it.
 * Returns otherwise.
 */
extern void on_exit_reraise (void);

/* Block (or unblock) the handled signals in this thread, around changes
 * to what the handler reads.  Threads started while they are blocked
 * keep them blocked.
 */
extern void on_exit_block (bool block);

#endif /* XVA_ON_EXIT_H */

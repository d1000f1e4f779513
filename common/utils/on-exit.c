/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The registry of things to undo at exit, and its signal handler.
 * Everything the handler reads is changed only with the handled signals
 * blocked, and the handler calls only async-signal-safe functions
 * (directories are removed with openat, getdents64 and unlinkat, not
 * with opendir, which allocates).
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <pthread.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "on-exit.h"

/* How deep removal goes into a directory: ours hold files only, and a
 * directory libguestfs makes in them one level more.
 */
#define MAX_DEPTH 8

enum kind { DONE, REMOVE, RMDIR, CALL };

struct action {
  enum kind kind;
  char *path;                   /* REMOVE, RMDIR */
  void (*fn) (void *);          /* CALL */
  void *opaque;
};

static struct action *actions;
static size_t nr_actions, cap_actions;
static volatile pid_t *forward;
static volatile sig_atomic_t caught;

static const int handled[] = { SIGINT, SIGTERM, SIGHUP };

void
on_exit_block (bool block)
{
  sigset_t set;
  size_t i;

  sigemptyset (&set);
  for (i = 0; i < sizeof handled / sizeof handled[0]; ++i)
    sigaddset (&set, handled[i]);
  /* This thread's mask: threads started while it is blocked (the chunk
   * walk's workers) inherit it, so the handler runs only in the main
   * thread.
   */
  pthread_sigmask (block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

/* The kernel's record of one directory entry (getdents64(2)). */
struct dirent64_raw {
  unsigned long long d_ino;
  long long d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

/* Remove name (relative to dirfd), and if it is a directory everything
 * in it first, up to depth levels down.  Async-signal-safe.
 */
static void
remove_at (int dirfd, const char *name, int depth)
{
  char buf[4096] __attribute__ ((aligned (8)));
  long n, off;
  int fd;

  if (unlinkat (dirfd, name, 0) == 0 || errno != EISDIR || depth == 0)
    return;
  fd = openat (dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) {
    while ((n = syscall (SYS_getdents64, fd, buf, sizeof buf)) > 0) {
      for (off = 0; off < n; ) {
        const struct dirent64_raw *d = (const void *) (buf + off);
        off += d->d_reclen;
        if (strcmp (d->d_name, ".") != 0 && strcmp (d->d_name, "..") != 0)
          remove_at (fd, d->d_name, depth - 1);
      }
    }
    close (fd);
  }
  unlinkat (dirfd, name, AT_REMOVEDIR);
}

/* Run the live actions, newest first.  Called with the handled signals
 * blocked, or from the handler (where they are blocked too).
 */
static void
run_actions (void)
{
  size_t i;

  for (i = nr_actions; i > 0; --i) {
    struct action *a = &actions[i - 1];
    enum kind k = a->kind;

    a->kind = DONE;
    if (k == REMOVE)
      remove_at (AT_FDCWD, a->path, MAX_DEPTH);
    else if (k == RMDIR)
      rmdir (a->path);
    else if (k == CALL)
      a->fn (a->opaque);
  }
}

static void
handler (int sig)
{
  int saved_errno = errno;

  if (forward && *forward > 0) {
    caught = sig;
    kill (*forward, sig);
    errno = saved_errno;
    return;
  }
  run_actions ();
  /* Die of the signal, as the user asked: it is delivered as soon as
   * the handler returns.
   */
  signal (sig, SIG_DFL);
  raise (sig);
  errno = saved_errno;
}

void
on_exit_install (void)
{
  struct sigaction sa = { .sa_handler = handler };
  size_t i;

  sigemptyset (&sa.sa_mask);
  for (i = 0; i < sizeof handled / sizeof handled[0]; ++i)
    sigaddset (&sa.sa_mask, handled[i]);
  for (i = 0; i < sizeof handled / sizeof handled[0]; ++i) {
    struct sigaction old;

    /* "nohup virt-xva ..." asked for hangups to be ignored: keep that.
     * An ignored SIGINT is only a shell's doing for a background job,
     * and the handler replaces it, as for SIGTERM.
     */
    if (handled[i] == SIGHUP && sigaction (SIGHUP, NULL, &old) == 0 &&
        old.sa_handler == SIG_IGN)
      continue;
    sigaction (handled[i], &sa, NULL);
  }
}

static int
add (struct action a)
{
  int id = -1;

  on_exit_block (true);
  if (nr_actions == cap_actions) {
    size_t cap = cap_actions ? 2 * cap_actions : 16;
    struct action *p = reallocarray (actions, cap, sizeof *p);
    if (p == NULL)
      goto out;
    actions = p;
    cap_actions = cap;
  }
  actions[nr_actions] = a;
  id = nr_actions++;
 out:
  on_exit_block (false);
  return id;
}

static int
add_path (enum kind kind, const char *path)
{
  struct action a = { .kind = kind, .path = strdup (path) };
  int id;

  if (a.path == NULL)
    return -1;
  id = add (a);
  if (id == -1)
    free (a.path);
  return id;
}

int
on_exit_remove (const char *path)
{
  return add_path (REMOVE, path);
}

int
on_exit_rmdir (const char *dir)
{
  return add_path (RMDIR, dir);
}

int
on_exit_call (void (*fn) (void *opaque), void *opaque)
{
  struct action a = { .kind = CALL, .fn = fn, .opaque = opaque };

  return add (a);
}

void
on_exit_forget (int id)
{
  if (id < 0 || (size_t) id >= nr_actions)
    return;
  on_exit_block (true);
  actions[id].kind = DONE;
  on_exit_block (false);
}

void
on_exit_remove_now (const char *path)
{
  size_t i;

  on_exit_block (true);
  for (i = 0; i < nr_actions; ++i)
    if ((actions[i].kind == REMOVE || actions[i].kind == RMDIR) &&
        strcmp (actions[i].path, path) == 0)
      actions[i].kind = DONE;
  on_exit_block (false);
  remove_at (AT_FDCWD, path, MAX_DEPTH);
}

void
on_exit_run (void)
{
  size_t i;

  on_exit_block (true);
  run_actions ();
  on_exit_block (false);
  for (i = 0; i < nr_actions; ++i) {
    free (actions[i].path);
    actions[i].path = NULL;
  }
}

void
on_exit_forward_to (volatile pid_t *pid)
{
  on_exit_block (true);
  forward = pid;
  on_exit_block (false);
}

int
on_exit_caught (void)
{
  return caught;
}

void
on_exit_reraise (void)
{
  int sig = caught;

  if (sig == 0)
    return;
  on_exit_run ();
  signal (sig, SIG_DFL);
  raise (sig);
}

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Running a child: fork, set up its descriptors, exec; and waiting. */

#include <config.h>

#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>

#include "command.h"
#include "on-exit.h"

/* In the child: say why it cannot go on, as c asks, and exit 127. */
static void __attribute__ ((__noreturn__))
child_fail (const struct command *c, const char *what)
{
  const char *msg = strerror (errno);

  if (c->progname)
    fprintf (stderr, "%s: error: %s: %s\n", c->progname, what, msg);
  else
    fprintf (stderr, "%s: %s\n", what, msg);
  _exit (127);
}

/* In the child: make fd the descriptor target, inherited by the exec
 * (dup2 of a descriptor onto itself would leave it close-on-exec).
 */
static void
move_fd (const struct command *c, int fd, int target)
{
  if (fd == target) {
    if (fcntl (fd, F_SETFD, 0) == -1)
      child_fail (c, "fcntl");
  }
  else if (dup2 (fd, target) == -1)
    child_fail (c, "dup2");
}

/* In the child: point target (1 or 2) at sink. */
static void
redirect (const struct command *c, enum command_sink sink, const char *path,
          int target, int pipe_fd)
{
  int fd, flags = O_WRONLY | O_CREAT | O_CLOEXEC;

  switch (sink) {
  case COMMAND_INHERIT:
    return;
  case COMMAND_STDERR:
    move_fd (c, STDERR_FILENO, target);
    return;
  case COMMAND_PIPE:
    move_fd (c, pipe_fd, target);
    return;
  case COMMAND_NULL:
    path = "/dev/null";
    break;
  case COMMAND_FILE:
    flags |= O_TRUNC;
    break;
  case COMMAND_FILE_APPEND:
    flags |= O_APPEND;
    break;
  }
  fd = open (path, flags, 0600);
  if (fd == -1)
    child_fail (c, path);
  move_fd (c, fd, target);
}

/* In the child, which never returns from here. */
static void __attribute__ ((__noreturn__))
child (const struct command *c, int pipe_fd)
{
  int fd;

  /* Until the exec, the child has our handlers, which would clean up
   * our files and children: a signal in that window must not run them
   * here.  (This also undoes an inherited SIG_IGN, which exec would
   * keep: a background job of a shell ignores SIGINT.)
   */
  signal (SIGINT, SIG_DFL);
  signal (SIGTERM, SIG_DFL);
  signal (SIGHUP, SIG_DFL);
  on_exit_block (false);

  if (c->null_stdin) {
    fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd == -1)
      child_fail (c, "/dev/null");
    move_fd (c, fd, STDIN_FILENO);
  }
  /* stdout first: COMMAND_STDERR means our stderr, not the child's. */
  redirect (c, c->out, c->out_path, STDOUT_FILENO, pipe_fd);
  redirect (c, c->err, c->err_path, STDERR_FILENO, -1);
  if (c->keep_fd > STDERR_FILENO) {
    int fl = fcntl (c->keep_fd, F_GETFD);
    if (fl == -1 || fcntl (c->keep_fd, F_SETFD, fl & ~FD_CLOEXEC) == -1)
      child_fail (c, "fcntl");
  }
  execvp (c->argv[0], (char *const *) c->argv);
  child_fail (c, c->argv[0]);
}

pid_t
command_start (struct command *c)
{
  int fds[2] = { -1, -1 }, e;

  c->pid = -1;
  c->out_pipe = -1;
  if (c->out == COMMAND_PIPE && pipe2 (fds, O_CLOEXEC) == -1)
    return -1;

  /* The handler must see the child's pid as soon as it exists. */
  on_exit_block (true);
  c->pid = fork ();
  if (c->pid == 0)
    child (c, fds[1]);
  e = errno;
  if (c->pid > 0 && c->record)
    *c->record = c->pid;
  on_exit_block (false);

  if (fds[1] >= 0)
    close (fds[1]);
  if (c->pid == -1) {
    if (fds[0] >= 0)
      close (fds[0]);
    errno = e;
    return -1;
  }
  c->out_pipe = fds[0];
  return c->pid;
}

int
command_wait (struct command *c, int *raw)
{
  int status, r, e;

  while ((r = waitpid (c->pid, &status, 0)) == -1 && errno == EINTR)
    ;
  e = errno;
  on_exit_block (true);
  if (c->record)
    *c->record = -1;
  on_exit_block (false);
  c->pid = -1;
  if (raw)
    *raw = r == -1 ? -1 : status;
  if (r == -1) {
    errno = e;
    return 127;
  }
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return 127;
}

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The one way our programs run a child (in the spirit of libguestfs's
 * lib/command.c, much smaller): an argv, never a shell, so names with
 * spaces, quotes or $() are only ever arguments; the child starts with
 * SIGINT, SIGTERM and SIGHUP at their default action; its stdout and
 * stderr go where the caller says; and its exit status is decoded in
 * one place.
 */

#ifndef XVA_COMMAND_H
#define XVA_COMMAND_H

#include <stdbool.h>
#include <sys/types.h>

/* Where the child's stdout or stderr goes. */
enum command_sink {
  COMMAND_INHERIT = 0,          /* ours, as it is */
  COMMAND_STDERR,               /* our stderr (for stdout: where qemu-img
                                   -p draws) */
  COMMAND_NULL,                 /* /dev/null */
  COMMAND_FILE,                 /* a file, created 0600 and truncated */
  COMMAND_FILE_APPEND,          /* a file, created 0600 and appended to */
  COMMAND_PIPE,                 /* a pipe: the caller reads out_pipe */
};

struct command {
  /* Set by the caller (zero is the default for each). */
  const char *const *argv;      /* NULL-terminated; argv[0] is looked up
                                   in $PATH unless it holds a '/' */
  bool null_stdin;              /* stdin from /dev/null, not ours */
  enum command_sink out;        /* stdout; COMMAND_PIPE allowed */
  enum command_sink err;        /* stderr; not COMMAND_STDERR or _PIPE */
  const char *out_path;         /* the file for COMMAND_FILE* */
  const char *err_path;
  int keep_fd;                  /* a close-on-exec descriptor the child
                                   inherits under its number (for
                                   /dev/fd/N or fd=N); below 3: none */
  volatile pid_t *record;       /* if not NULL, the pid is stored here
                                   before a handled signal (on-exit.h)
                                   can be delivered, and reset to -1 by
                                   command_wait */
  const char *progname;         /* if not NULL, what the child says when
                                   it cannot run reads "PROGNAME: error:
                                   ...", else "ARGV0: ..." */

  /* Set by command_start. */
  pid_t pid;
  int out_pipe;                 /* COMMAND_PIPE: the read end (close-on-
                                   exec; the caller closes it), else -1 */
};

/* Start the child.  If it cannot open a file or exec the program, it
 * says why on stderr (the file's when that is already set up) and
 * exits with status 127.  Returns its pid, or -1 with errno set if it
 * could not be forked (the caller says "fork: %m").
 */
extern pid_t command_start (struct command *c);

/* Wait for the child (through EINTR) and reset c->pid and *c->record.
 * Returns its exit status in shell terms: the exit code, or 128+N if a
 * signal N killed it; 127 if it could not be waited for (errno set).
 * If raw is not NULL, the wait status goes there, for WIFSIGNALED and
 * WTERMSIG, or -1 if it could not be waited for.
 */
extern int command_wait (struct command *c, int *raw);

#endif /* XVA_COMMAND_H */

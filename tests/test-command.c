/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* command_start and command_wait: exit codes and signals decoded once,
 * stdout and stderr where they were sent, the kept descriptor
 * inherited (and no other), the pid recorded and reset, and a program
 * that cannot be run reported as 127 with its message.
 */

#undef NDEBUG

#include <config.h>

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "command.h"

static char dir[] = "/tmp/test-command.XXXXXX";
static char out[64], err[64];

/* Run argv with c's settings; returns the shell status, raw in *raw. */
static int
run (struct command *c, const char *const *argv, int *raw)
{
  c->argv = argv;
  assert (command_start (c) > 0);
  return command_wait (c, raw);
}

/* The whole of path, which must hold want. */
static void
check_file (const char *path, const char *want)
{
  char buf[256];
  ssize_t n;
  int fd = open (path, O_RDONLY);

  assert (fd >= 0);
  n = read (fd, buf, sizeof buf - 1);
  assert (n >= 0);
  buf[n] = '\0';
  close (fd);
  if (strcmp (buf, want) != 0) {
    fprintf (stderr, "%s: got \"%s\", want \"%s\"\n", path, buf, want);
    exit (EXIT_FAILURE);
  }
}

static void
test_status (void)
{
  const char *exit3[] = { "/bin/sh", "-c", "exit 3", NULL };
  const char *killed[] = { "/bin/sh", "-c", "kill -TERM $$", NULL };
  struct command c = { 0 };
  int raw;

  assert (run (&c, exit3, &raw) == 3);
  assert (WIFEXITED (raw) && WEXITSTATUS (raw) == 3);
  assert (c.pid == -1);

  /* The child has SIGTERM at its default action, even if we ignore it. */
  signal (SIGTERM, SIG_IGN);
  assert (run (&c, killed, &raw) == 128 + SIGTERM);
  assert (WIFSIGNALED (raw) && WTERMSIG (raw) == SIGTERM);
  signal (SIGTERM, SIG_DFL);
}

static void
test_outputs (void)
{
  const char *both[] = { "/bin/sh", "-c", "echo to-out; echo to-err >&2",
                         NULL };
  const char *in[] = { "/bin/sh", "-c", "cat; echo end", NULL };
  struct command c = {
    .out = COMMAND_FILE, .out_path = out,
    .err = COMMAND_FILE, .err_path = err,
  };
  struct stat st;

  assert (run (&c, both, NULL) == 0);
  check_file (out, "to-out\n");
  check_file (err, "to-err\n");
  assert (stat (out, &st) == 0 && (st.st_mode & 0777) == 0600);

  /* Truncated again, or appended to. */
  assert (run (&c, both, NULL) == 0);
  check_file (out, "to-out\n");
  c.err = COMMAND_FILE_APPEND;
  assert (run (&c, both, NULL) == 0);
  check_file (err, "to-err\nto-err\n");

  /* stdout to our stderr: not to the child's, which goes to the file. */
  c.out = COMMAND_STDERR;
  c.err = COMMAND_FILE;
  unlink (out);
  assert (run (&c, both, NULL) == 0);
  check_file (err, "to-err\n");
  assert (access (out, F_OK) == -1);

  /* stdin from /dev/null: cat ends at once. */
  c.out = COMMAND_FILE;
  c.null_stdin = true;
  assert (run (&c, in, NULL) == 0);
  check_file (out, "end\n");

  /* /dev/null for stderr. */
  c.err = COMMAND_NULL;
  unlink (err);
  assert (run (&c, both, NULL) == 0);
  assert (access (err, F_OK) == -1);
}

static void
test_pipe (void)
{
  const char *argv[] = { "/bin/sh", "-c", "echo piped", NULL };
  struct command c = { .argv = argv, .out = COMMAND_PIPE };
  char buf[64];
  ssize_t n;
  size_t len = 0;

  assert (command_start (&c) > 0);
  assert (c.out_pipe >= 0);
  assert (fcntl (c.out_pipe, F_GETFD) & FD_CLOEXEC);
  while ((n = read (c.out_pipe, buf + len, sizeof buf - 1 - len)) > 0)
    len += n;
  assert (n == 0);              /* our copy of the write end is closed */
  buf[len] = '\0';
  assert (strcmp (buf, "piped\n") == 0);
  close (c.out_pipe);
  assert (command_wait (&c, NULL) == 0);
}

/* A close-on-exec descriptor reaches the child only as keep_fd. */
static void
test_keep_fd (void)
{
  char path[64], script[64];
  const char *argv[] = { "/bin/sh", "-c", script, NULL };
  struct command c = { .err = COMMAND_NULL };
  int fd;

  snprintf (path, sizeof path, "%s/kept", dir);
  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  assert (fd > STDERR_FILENO);
  snprintf (script, sizeof script, "echo kept >/dev/fd/%d", fd);
  assert (run (&c, argv, NULL) != 0);
  c.keep_fd = fd;
  assert (run (&c, argv, NULL) == 0);
  check_file (path, "kept\n");
  /* Only in the child: ours is still close-on-exec. */
  assert (fcntl (fd, F_GETFD) & FD_CLOEXEC);
  close (fd);
}

static void
test_record (void)
{
  const char *argv[] = { "/bin/sh", "-c", "exit 0", NULL };
  volatile pid_t pid = -1;
  struct command c = { .argv = argv, .record = &pid };

  assert (command_start (&c) > 0);
  assert (pid == c.pid);
  assert (command_wait (&c, NULL) == 0);
  assert (pid == -1);
}

static void
test_missing (void)
{
  const char *abs[] = { "/nonexistent/program", "arg", NULL };
  const char *bare[] = { "no-such-program-for-test-command", NULL };
  struct command c = { .err = COMMAND_FILE, .err_path = err };
  char bad[80];
  int raw;

  assert (run (&c, abs, &raw) == 127);
  assert (WIFEXITED (raw) && WEXITSTATUS (raw) == 127);
  check_file (err, "/nonexistent/program: No such file or directory\n");

  c.progname = "test-command";
  assert (run (&c, bare, NULL) == 127);
  check_file (err, "test-command: error: no-such-program-for-test-command: "
              "No such file or directory\n");

  /* A file that cannot be opened: said on our stderr, which the child
   * still has then.
   */
  c.progname = NULL;
  c.out = COMMAND_FILE;
  snprintf (bad, sizeof bad, "%s/no/such/dir", dir);
  c.out_path = bad;
  assert (run (&c, abs, NULL) == 127);
}

int
main (void)
{
  assert (mkdtemp (dir) != NULL);
  snprintf (out, sizeof out, "%s/out", dir);
  snprintf (err, sizeof err, "%s/err", dir);
  umask (022);

  test_status ();
  test_outputs ();
  test_pipe ();
  test_keep_fd ();
  test_record ();
  test_missing ();

  {
    char kept[64];
    snprintf (kept, sizeof kept, "%s/kept", dir);
    unlink (kept);
  }
  unlink (out);
  unlink (err);
  assert (rmdir (dir) == 0);
  return EXIT_SUCCESS;
}

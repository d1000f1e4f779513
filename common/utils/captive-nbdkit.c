/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Starting and stopping a captive nbdkit xva. */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "captive-nbdkit.h"
#include "command.h"
#include "on-exit.h"

int
captive_nbdkit_start (struct captive_nbdkit *n, const char *dir,
                      const char *xva, int spool_fd, bool verbose,
                      char **err)
{
  const char *nbdkit = getenv ("XVA_NBDKIT");
  const char *plugin = getenv ("XVA_NBDKIT_PLUGIN");
  char *file = NULL, *name = NULL;
  const char *argv[24];
  struct command cmd = { 0 };
  size_t i = 0, j;
  int k, e;
  pid_t r;

  *err = NULL;
  n->pid = -1;
  n->socket = n->pidfile = NULL;
  if (nbdkit == NULL || *nbdkit == '\0')
    nbdkit = NBDKIT;
  if (plugin == NULL || *plugin == '\0')
    plugin = "xva";
  if (asprintf (&n->socket, "%s/nbdkit.sock", dir) == -1 ||
      asprintf (&n->pidfile, "%s/nbdkit.pid", dir) == -1 ||
      (spool_fd >= 0 ?
       asprintf (&file, "fd=%d", spool_fd) :
       asprintf (&file, "file=%s", xva)) == -1 ||
      asprintf (&name, "name=%s", xva) == -1) {
    *err = strdup ("asprintf: out of memory");
    free (file);
    free (name);
    return -1;
  }
  argv[i++] = nbdkit;
  argv[i++] = "--exit-with-parent";
  argv[i++] = "--foreground";
  argv[i++] = "--readonly";
  argv[i++] = "--unix";
  argv[i++] = n->socket;
  argv[i++] = "--pidfile";
  argv[i++] = n->pidfile;
  if (verbose)
    argv[i++] = "--verbose";
  argv[i++] = plugin;
  argv[i++] = file;
  argv[i++] = name;
  for (j = 0; n->params && n->params[j]; ++j) {
    if (j == 8) {
      *err = strdup ("captive nbdkit: more than 8 plugin parameters");
      free (file);
      free (name);
      return -1;
    }
    argv[i++] = n->params[j];
  }
  argv[i++] = NULL;

  /* The spool is close-on-exec in our process (no other child gets
   * it); only nbdkit inherits it, under the same number.  The on-exit
   * handler sees n->pid as soon as the child exists.
   */
  cmd.argv = argv;
  cmd.err = n->log ? COMMAND_FILE_APPEND : COMMAND_INHERIT;
  cmd.err_path = n->log;
  cmd.keep_fd = spool_fd;
  cmd.record = &n->pid;
  r = command_start (&cmd);
  e = errno;
  free (file);
  free (name);
  if (r == -1) {
    if (asprintf (err, "fork: %s", strerror (e)) == -1)
      *err = NULL;
    return -1;
  }

  /* virt-v2v waits 30 s for its own servers; so do we. */
  for (k = 0; k < 3000; ++k) {
    struct timespec ts = { .tv_sec = 0, .tv_nsec = 10000000 };
    struct stat st;
    int status;

    if (stat (n->pidfile, &st) == 0 && st.st_size > 0)
      return 0;
    if (waitpid (n->pid, &status, WNOHANG) == n->pid) {
      n->pid = -1;
      if (asprintf (err, "%s: nbdkit xva could not serve the XVA%s", xva,
                    n->log ? "" : " (see the message above)") == -1)
        *err = NULL;
      return -1;
    }
    nanosleep (&ts, NULL);
  }
  *err = strdup ("nbdkit xva did not start within 30 seconds");
  return -1;
}

/* SIGTERM, then SIGKILL if nbdkit has not gone within 10 seconds: we
 * have seen nbdkit 1.32 hang in its exit handlers after a client hung
 * up on a failed read (its own assertion in raw_send_socket fired in
 * another thread), and a stuck server must not hang us with it.
 */
void
captive_nbdkit_kill (struct captive_nbdkit *n)
{
  const struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };
  int i;

  if (n->pid <= 0)
    return;
  kill (n->pid, SIGTERM);
  for (i = 0; i < 1000; ++i) {
    pid_t r = waitpid (n->pid, NULL, WNOHANG);
    if (r == n->pid || (r == -1 && errno != EINTR))
      break;
    nanosleep (&ts, NULL);
  }
  if (i == 1000) {
    kill (n->pid, SIGKILL);
    while (waitpid (n->pid, NULL, 0) == -1 && errno == EINTR)
      ;
  }
  n->pid = -1;
}

void
captive_nbdkit_kill_action (void *n)
{
  captive_nbdkit_kill (n);
}

bool
captive_nbdkit_exited (struct captive_nbdkit *n, int *status)
{
  if (n->pid <= 0 || waitpid (n->pid, status, WNOHANG) != n->pid)
    return false;
  n->pid = -1;
  return true;
}

void
captive_nbdkit_stop (struct captive_nbdkit *n)
{
  captive_nbdkit_kill (n);
  free (n->socket);
  free (n->pidfile);
  n->socket = n->pidfile = NULL;
}

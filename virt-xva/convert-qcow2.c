/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* virt-xva convert -O qcow2: nbdkit xva serves the disks on a private
 * socket and qemu-img convert writes each one; what they print is
 * passed on as our messages.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>

#include "captive-nbdkit.h"
#include "cleanup.h"
#include "command.h"
#include "escape.h"
#include "nbd-uri.h"
#include "on-exit.h"
#include "tmpdir.h"
#include "convert.h"

/* What a signal must undo (on-exit.h): our private directory (nbdkit's
 * socket, the logs) and the children, nbdkit xva and one qemu-img at a
 * time, which are stopped first (the newest registration runs first).
 */
static struct captive_nbdkit server = { .pid = -1 };
static volatile pid_t qemu_img_pid = -1;
static char *nbdkit_log;        /* nbdkit's stderr (NULL with -v) */
static char *qemu_img_log;      /* qemu-img's stderr (NULL with -v) */

/* Only kill and waitpid: called from the handler too. */
static void
kill_qemu_img (void *unused)
{
  pid_t pid = qemu_img_pid;

  if (pid > 0) {
    kill (pid, SIGTERM);
    while (waitpid (pid, NULL, 0) == -1 && errno == EINTR)
      ;
    qemu_img_pid = -1;
  }
}

const char *
qemu_img_path (void)
{
  const char *p = getenv ("XVA_QEMU_IMG");

  if (p && *p)
    return p;
  return strcmp (QEMU_IMG, "no") == 0 ? NULL : QEMU_IMG;
}

/* Run "qemu-img convert [-p] -f raw -O qcow2 URI /dev/fd/N", where N
 * is target_fd (which qemu-img inherits).  Its stdout (where -p draws)
 * goes to our stderr, its stderr to qemu_img_log (unless -v).  Returns
 * its wait status, or -1 (printed) if it could not be run.
 */
static int
run_qemu_img (const char *uri, int target_fd, bool progress)
{
  const char *argv[12];
  char target[64];
  size_t i = 0;
  struct command cmd = {
    .argv = argv, .out = COMMAND_STDERR, .keep_fd = target_fd,
    .err = qemu_img_log ? COMMAND_FILE : COMMAND_INHERIT,
    .err_path = qemu_img_log, .record = &qemu_img_pid,
  };
  int status;

  snprintf (target, sizeof target, "/dev/fd/%d", target_fd);
  argv[i++] = qemu_img_path ();
  argv[i++] = "convert";
  if (progress)
    argv[i++] = "-p";
  argv[i++] = "-f";
  argv[i++] = "raw";
  argv[i++] = "-O";
  argv[i++] = "qcow2";
  argv[i++] = uri;
  argv[i++] = target;
  argv[i++] = NULL;

  if (command_start (&cmd) == -1) {
    error ("fork: %m");
    return -1;
  }
  command_wait (&cmd, &status);
  if (status == -1)
    error ("waitpid: %m");
  return status;
}

/* Call fn with each line of the log at path (without its newline);
 * none if path is NULL or the file cannot be read.  fn keeps in *keep
 * the line that says why (it frees what it replaces).  Returns *keep
 * (caller frees), or NULL.
 */
static char *
read_log (const char *path, void (*fn) (char *line, bool flag, char **keep),
          bool flag)
{
  CLEANUP_FREE char *line = NULL;
  size_t len = 0;
  ssize_t r;
  char *keep = NULL;
  FILE *fp;

  if (path == NULL || (fp = fopen (path, "r")) == NULL)
    return NULL;
  while ((r = getline (&line, &len, fp)) != -1) {
    if (r > 0 && line[r-1] == '\n')
      line[r-1] = '\0';
    fn (line, flag, &keep);
  }
  fclose (fp);
  return keep;
}

/* One line of nbdkit's: see relay_nbdkit_log. */
static void
nbdkit_line (char *line, bool all_errors, char **first)
{
  const bool ours = strncmp (line, "nbdkit: ", 8) == 0;
  char *p;

  if (ours && (p = strstr (line, ": warning: ")) != NULL)
    warning_relayed ("%s", p + 11);
  else if (ours && (p = strstr (line, ": error: ")) != NULL) {
    if (*first == NULL)
      *first = strdup (p + 9);
  }
  else if (all_errors) {
    if (*first == NULL && line[0])
      *first = strdup (line);
  }
  else {
    CLEANUP_FREE char *e = escape_string_again (line);
    fprintf (stderr, "%s\n", e ? e : "(a line of nbdkit's was lost)");
  }
}

/* Pass on what nbdkit said since the last call: its warnings (bad
 * chunks under verify=warn) as ours, other lines as they are (or, if
 * all_errors, as errors).  Returns its first error message (caller
 * frees), or NULL.  The log is emptied (nbdkit appends to it).
 */
static char *
relay_nbdkit_log (bool all_errors)
{
  char *first = read_log (nbdkit_log, nbdkit_line, all_errors);

  if (nbdkit_log && truncate (nbdkit_log, 0) == -1)
    debug ("%s: truncate: %m", nbdkit_log);
  return first;
}

/* One line of qemu-img's: see relay_qemu_img_log. */
static void
qemu_img_line (char *line, bool failed, char **last)
{
  if (!failed)
    fprintf (stderr, "%s\n", line);
  else if (line[0]) {
    free (*last);
    *last = strdup (line);
  }
}

/* qemu-img's last line of complaint (caller frees), or NULL; after a
 * success (failed is false) every line it printed is passed on instead.
 */
static char *
relay_qemu_img_log (bool failed)
{
  return read_log (qemu_img_log, qemu_img_line, failed);
}

/* Say why disk o failed, in one line: nbdkit's reason if it gave one
 * (a bad chunk, a read error), else qemu-img's.
 */
static void
qcow2_failed (const struct output *o, int status)
{
  CLEANUP_FREE char *why = relay_nbdkit_log (false);
  CLEANUP_FREE char *qmsg = relay_qemu_img_log (true);
  const char *hint = "";

  if (why) {
    if (strstr (why, "checksum mismatch"))
      hint = " (use --checksum=warn to convert anyway)";
    error_relayed ("%s%s", why, hint);
  }
  else if (qmsg)
    error ("%s: %s", o->path, qmsg);
  else if (status == -1)
    ;                           /* printed already */
  else if (WIFSIGNALED (status))
    error ("%s: qemu-img convert was killed by signal %d", o->path,
           WTERMSIG (status));
  else
    error ("%s: qemu-img convert failed with status %d", o->path,
           WEXITSTATUS (status));
}

/* -O qcow2: serve the selected disks with nbdkit xva on a private
 * socket (one export per disk, named by its position) and let qemu-img
 * convert write each one.  Holes in the XVA are reported by NBD block
 * status and zero blocks are detected by qemu-img, so neither is
 * allocated in the qcow2 file.  The plugin checks the checksums as
 * qemu-img reads.  A compressed XVA is not decompressed again: nbdkit
 * reads the spool of our handle x (fd=), which stays open meanwhile.
 */
int
write_qcow2 (const struct xvafile *x, const char *input,
             const struct output *outs, size_t n,
             enum checksum_policy policy, enum progress_mode pmode)
{
  const char *params[2] = { verify_param (policy), NULL };
  const bool progress = pmode == PROGRESS_ON ||
    (pmode == PROGRESS_AUTO && isatty (STDERR_FILENO));
  CLEANUP_FREE char *err = NULL, *private_dir = NULL;
  int r = -1, status, kill_ids[2] = { -1, -1 };
  size_t i;

  private_dir = tmpdir_make ("virt-xva");
  if (private_dir == NULL) {
    error ("cannot make a temporary directory: %m");
    return -1;
  }
  kill_ids[0] = on_exit_call (captive_nbdkit_kill_action, &server);
  kill_ids[1] = on_exit_call (kill_qemu_img, NULL);
  if (kill_ids[0] == -1 || kill_ids[1] == -1) {
    error ("out of memory");
    goto out;
  }
  /* With -v, nbdkit and qemu-img talk to the user directly. */
  if (!verbose) {
    if (asprintf (&nbdkit_log, "%s/nbdkit.log", private_dir) == -1)
      nbdkit_log = NULL;
    if (asprintf (&qemu_img_log, "%s/qemu-img.log", private_dir) == -1)
      qemu_img_log = NULL;
    if (nbdkit_log == NULL || qemu_img_log == NULL) {
      error ("asprintf: %m");
      goto out;
    }
  }

  server.params = params;
  server.log = nbdkit_log;
  if (captive_nbdkit_start (&server, private_dir, input,
                            xvafile_spool_fd (x), verbose, &err) == -1) {
    CLEANUP_FREE char *why = relay_nbdkit_log (true);
    if (err && why)
      error_relayed ("%s (%s)", err, why);
    else
      error_relayed ("%s",
                     err ? err : why ? why : "nbdkit xva could not be started");
    goto out;
  }

  for (i = 0; i < n; ++i) {
    const struct output *o = &outs[i];
    CLEANUP_FREE char *uri = NULL, *warn = NULL;
    char export[32];

    snprintf (export, sizeof export, "%zu", o->index);
    uri = nbd_uri_unix (export, server.socket);
    if (uri == NULL) {
      error ("out of memory");
      goto out;
    }
    debug ("writing disk %zu to %s: %s convert %s-f raw -O qcow2 %s "
           "/dev/fd/%d", o->index, o->tmp, qemu_img_path (),
           progress ? "-p " : "", uri, o->fd);
    status = run_qemu_img (uri, o->fd, progress);
    if (status != 0) {
      qcow2_failed (o, status);
      goto out;
    }
    warn = relay_nbdkit_log (false);    /* an error qemu-img got past? */
    if (warn)
      warning_relayed ("%s", warn);
    free (relay_qemu_img_log (false));
  }
  r = 0;

 out:
  captive_nbdkit_stop (&server);
  on_exit_forget (kill_ids[0]);
  on_exit_forget (kill_ids[1]);
  tmpdir_remove (private_dir);  /* nbdkit leaves its socket behind */
  free (nbdkit_log);
  free (qemu_img_log);
  nbdkit_log = qemu_img_log = NULL;
  return r;
}


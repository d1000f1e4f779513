/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* virt-v2v -i xva VM.xva [virt-v2v options]
 * virt-v2v-xva [virt-v2v options] VM.xva
 *
 * virt-v2v 2.2's input modes are compiled into it, so "-i xva" is
 * handled here: the XVA's disks are served by a captive nbdkit xva, the
 * VM is described as a libvirt domain whose disks are qcow2 overlays
 * backed by those exports, and the real virt-v2v converts it with
 * "-i libvirtxml" and every other option the user gave.  Without
 * "-i xva", the real virt-v2v runs with the command line untouched.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "captive-nbdkit.h"
#include "cleanup.h"
#include "command.h"
#include "messages.h"
#include "nbd-uri.h"
#include "on-exit.h"
#include "tmpdir.h"
#include "libvirt-xml.h"
#include "v2v-cmdline.h"
#include "xvafile.h"

/* The real virt-v2v: $XVA_REAL_VIRT_V2V, else the one configure found.
 * Never ourselves (if we are installed as virt-v2v ahead of it in PATH
 * when configure ran again).
 */
static const char *
real_virt_v2v (void)
{
  const char *p = getenv ("XVA_REAL_VIRT_V2V");
  char self[PATH_MAX], other[PATH_MAX];

  if (p == NULL || *p == '\0')
    p = REAL_VIRT_V2V;
  if (realpath ("/proc/self/exe", self) && realpath (p, other) &&
      strcmp (self, other) == 0) {
    error ("%s is this program, not the real virt-v2v: set "
           "XVA_REAL_VIRT_V2V to the real one", p);
    exit (EXIT_FAILURE);
  }
  return p;
}

/* Children and the temporary directory, for the clean-up.  A signal
 * while virt-v2v runs is passed on to it (on_exit_forward_to), and we
 * clean up once it has gone; at any other time the on-exit handler
 * stops nbdkit and removes the directory at once.
 */
static struct captive_nbdkit server = { .pid = -1 };
static volatile pid_t v2v_pid = -1;
static char *tmpdir;

static void
remove_tmpdir (void)
{
  if (tmpdir) {
    tmpdir_remove (tmpdir);
    free (tmpdir);
    tmpdir = NULL;
  }
}

/* Run argv (no shell: names with spaces, quotes or $() are only ever
 * arguments) and wait for it.  If record is not NULL, the pid is
 * stored there while it runs (command.h).  Returns its exit status in
 * shell terms (128+N when killed by signal N), or -1 after printing an
 * error if it could not be started.
 */
static int
run (const char *const *argv, volatile pid_t *record)
{
  struct command cmd = { .argv = argv, .record = record,
                         .progname = progname };

  if (command_start (&cmd) == -1) {
    error ("fork: %m");
    return -1;
  }
  return command_wait (&cmd, NULL);
}

/* A qcow2 overlay whose backing file is export i of the server: an
 * ordinary file disk to virt-v2v, read through to the XVA in place.
 */
static int
make_overlay (size_t i, const char *sock, char **path)
{
  CLEANUP_FREE char *backing = NULL;
  const char *qemu_img = getenv ("XVA_QEMU_IMG");
  char export[32];
  int status;

  if (qemu_img == NULL || *qemu_img == '\0')
    qemu_img = QEMU_IMG;
  snprintf (export, sizeof export, "%zu", i);
  if (asprintf (path, "%s/disk%zu.qcow2", tmpdir, i) == -1 ||
      (backing = nbd_uri_unix (export, sock)) == NULL) {
    error ("out of memory");
    return -1;
  }
  status = run ((const char *[]) { qemu_img, "create", "-q", "-f", "qcow2",
                                   "-F", "raw", "-b", backing, *path,
                                   NULL }, NULL);
  if (status == -1)
    return -1;
  if (status != 0) {
    error ("qemu-img create of an overlay for disk %zu failed", i);
    return -1;
  }
  return 0;
}

static int
convert_xva (struct v2v_cmdline *cmd, const char *real)
{
  CLEANUP_FREE char *xml = NULL, *xva_abs = NULL, *err = NULL;
  CLEANUP_FREE char **disk_paths = NULL;
  CLEANUP_FREE const char **argv = NULL;
  struct xvafile *x;
  size_t i, nd, n = 0;
  int status = EXIT_FAILURE, kill_id = -1;

  if (cmd->xva == NULL) {
    error ("-i xva: give the XVA file on the command line");
    return EXIT_FAILURE;
  }

  on_exit_install ();

  /* Everything wrong with the XVA is said here, before virt-v2v starts. */
  xva_set_notice_handler (print_notice);
  x = xvafile_open (cmd->xva);
  if (x == NULL) {
    error ("%s", xva_last_error ());
    return EXIT_FAILURE;
  }
  for (i = 0; i < xvafile_nr_warnings (x); ++i)
    warning ("%s", xvafile_warning (x, i));
  if (xvafile_metadata_only (x)) {
    error ("%s: metadata-only export: there are no disks to convert",
           cmd->xva);
    goto out;
  }
  nd = xvafile_nr_disks (x);
  if (nd == 0) {
    error ("%s: the VM has no disks to convert", cmd->xva);
    goto out;
  }
  xva_abs = realpath (cmd->xva, NULL);
  if (xva_abs == NULL) {
    error ("%s: %m", cmd->xva);
    goto out;
  }

  tmpdir = tmpdir_make ("virt-v2v-xva");
  if (tmpdir == NULL) {
    error ("cannot make a temporary directory: %m");
    goto out;
  }
  kill_id = on_exit_call (captive_nbdkit_kill_action, &server);
  if (kill_id == -1) {
    error ("out of memory");
    goto out;
  }
  if (asprintf (&xml, "%s/domain.xml", tmpdir) == -1) {
    error ("asprintf: %m");
    goto out;
  }
  /* A compressed XVA is not decompressed again: nbdkit reads the spool
   * of x, which stays open until nbdkit has stopped.
   */
  debug ("starting nbdkit xva on %s%s", xva_abs,
         xvafile_spool_fd (x) >= 0 ? " (its decompressed spool)" : "");
  if (captive_nbdkit_start (&server, tmpdir, xva_abs, xvafile_spool_fd (x),
                            verbose, &err) == -1) {
    error ("%s", err ? err : "nbdkit xva could not be started");
    goto out;
  }
  disk_paths = calloc (nd, sizeof *disk_paths);
  if (disk_paths == NULL) {
    error ("calloc: %m");
    goto out;
  }
  for (i = 0; i < nd; ++i)
    if (make_overlay (i, server.socket, &disk_paths[i]) == -1)
      goto out;
  if (libvirt_xml_write (x, disk_paths, xml) == -1) {
    error ("%s", xva_last_error ());
    goto out;
  }
  if (verbose) {
    CLEANUP_FCLOSE FILE *fp = fopen (xml, "r");
    int c;
    debug ("libvirt XML given to virt-v2v:");
    while (fp && (c = getc (fp)) != EOF)
      fputc (c, stderr);
  }

  /* The options in their canonical form; "--" so that the XML is the
   * positional argument whatever $TMPDIR looks like.
   */
  argv = calloc (cmd->nr_opts + 7, sizeof *argv);
  if (argv == NULL) {
    error ("calloc: %m");
    goto out;
  }
  argv[n++] = real;
  argv[n++] = "-i";
  argv[n++] = "libvirtxml";
  for (i = 0; i < cmd->nr_opts; ++i)
    argv[n++] = cmd->opts[i];
  argv[n++] = "--";
  argv[n++] = xml;
  argv[n] = NULL;
  debug ("running %s -i libvirtxml ... -- %s", real, xml);
  on_exit_forward_to (&v2v_pid);
  status = run (argv, &v2v_pid);
  if (status == -1) {
    status = EXIT_FAILURE;
    goto out;
  }
  /* virt-v2v says what failed on its side ("Connection refused"...);
   * say why, if it is that our server went away under it.
   */
  if (status != 0 && !on_exit_caught ()) {
    int st;
    if (captive_nbdkit_exited (&server, &st)) {
      if (WIFSIGNALED (st))
        error ("%s: nbdkit xva, which served the disks, was killed by "
               "signal %d while virt-v2v ran", cmd->xva, WTERMSIG (st));
      else
        error ("%s: nbdkit xva, which served the disks, exited with "
               "status %d while virt-v2v ran", cmd->xva, WEXITSTATUS (st));
    }
  }
  if (cmd->machine_readable && status == 0)
    printf ("input:xva\n");

 out:
  captive_nbdkit_stop (&server);
  on_exit_forget (kill_id);
  remove_tmpdir ();
  if (disk_paths)
    for (i = 0; i < xvafile_nr_disks (x); ++i)
      free (disk_paths[i]);
  xvafile_close (x);
  /* Killed by a signal we passed on to virt-v2v: end the same way. */
  on_exit_reraise ();
  return status;
}

int
main (int argc, char *argv[])
{
  const char *base = strrchr (argv[0], '/');
  bool force_xva;
  struct v2v_cmdline cmd;
  const char *real;
  int r;

  base = base ? base + 1 : argv[0];
  force_xva = strcmp (base, "virt-v2v") != 0;
  progname = force_xva ? "virt-v2v-xva" : "virt-v2v";
  debug_label = "xva";

  /* Our own listings for the -i xva front-end's table (tests pin it). */
  if (argc == 2 && strcmp (argv[1], "--xva-long-options") == 0) {
    v2v_cmdline_list (true);
    return EXIT_SUCCESS;
  }
  if (argc == 2 && strcmp (argv[1], "--xva-short-options") == 0) {
    v2v_cmdline_list (false);
    return EXIT_SUCCESS;
  }

  real = real_virt_v2v ();
  if (v2v_cmdline_parse (argc, argv, force_xva, &cmd) == -1)
    return EXIT_FAILURE;
  verbose = cmd.verbose;

  if (!cmd.input_xva) {
    /* Not ours: the real virt-v2v, with argv and environment as given. */
    v2v_cmdline_free (&cmd);
    argv[0] = (char *) real;
    if (cmd.machine_readable && cmd.xva == NULL && !force_xva) {
      r = run ((const char *const *) argv, NULL);
      if (r == -1)
        return EXIT_FAILURE;
      if (r == 0)
        printf ("input:xva\n");
      return r;
    }
    execv (real, argv);
    error ("%s: %m", real);
    return 127;
  }
  if (cmd.help) {
    /* --help, --version...: the real virt-v2v answers, without the
     * "-i xva" it does not know.
     */
    CLEANUP_FREE const char **hargv = calloc (cmd.nr_opts + 2,
                                              sizeof *hargv);
    size_t i;
    if (hargv == NULL) {
      error ("calloc: %m");
      return EXIT_FAILURE;
    }
    hargv[0] = real;
    for (i = 0; i < cmd.nr_opts; ++i)
      hargv[i + 1] = cmd.opts[i];
    execv (real, (char **) hargv);
    error ("%s: %m", real);
    return 127;
  }

  r = convert_xva (&cmd, real);
  v2v_cmdline_free (&cmd);
  return r;
}

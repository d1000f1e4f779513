/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The KVM probe. */

#include <config.h>

#include <stdlib.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "kvm-probe.h"

bool
kvm_works (void)
{
  const char *argv[] = {
    "qemu-system-x86_64", "-nodefaults", "-display", "none", "-no-reboot",
    "-accel", "kvm", "-cpu", "host", "-m", "32", "-serial", "none",
    "-monitor", "none", NULL
  };
  pid_t pid;
  int n, status;

  if (access ("/dev/kvm", R_OK | W_OK) == -1)
    return false;
  pid = fork ();
  if (pid == -1)
    return false;
  if (pid == 0) {
    int fd = open ("/dev/null", O_RDWR);
    if (fd >= 0) {
      dup2 (fd, 0);
      dup2 (fd, 1);
      dup2 (fd, 2);
    }
    execvp (argv[0], (char *const *) argv);
    _exit (127);
  }
  for (n = 0; n < 30; ++n) {
    struct timespec ts = { .tv_sec = 0, .tv_nsec = 100000000 };
    if (waitpid (pid, &status, WNOHANG) == pid)
      return false;             /* it stopped: KVM does not work */
    nanosleep (&ts, NULL);
  }
  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
  return true;
}

bool
choose_libguestfs_backend (void)
{
  if (getenv ("LIBGUESTFS_BACKEND_SETTINGS") || getenv ("LIBGUESTFS_BACKEND"))
    return false;               /* the user decided */
  if (kvm_works ())
    return false;
  setenv ("LIBGUESTFS_BACKEND", "direct", 1);
  setenv ("LIBGUESTFS_BACKEND_SETTINGS", "force_tcg", 1);
  return true;
}

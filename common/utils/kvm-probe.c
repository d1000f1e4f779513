/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The KVM probe: boot the host's kernel under KVM and see it run. */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "command.h"
#include "kvm-probe.h"

/* How long a kernel under KVM may take to reach its panic.  A working
 * KVM gets there in one or two seconds.
 */
#define PROBE_SECONDS 15

/* What the kernel prints when it finds no root filesystem. */
#define PANIC_LINE "Kernel panic"

/* The newest /boot/vmlinuz-*, or NULL.  Caller frees. */
static char *
host_kernel (void)
{
  glob_t g;
  char *ret = NULL;
  size_t i;

  if (glob ("/boot/vmlinuz-*", 0, NULL, &g) != 0)
    return NULL;
  for (i = g.gl_pathc; i > 0; --i) {
    if (access (g.gl_pathv[i - 1], R_OK) == 0) {
      ret = strdup (g.gl_pathv[i - 1]);
      break;
    }
  }
  globfree (&g);
  return ret;
}

/* Where the answer is cached, shared with tests/kvm-probe.sh:
 * ${XDG_CACHE_HOME:-$HOME/.cache}/virt-v2v-xva.  Made if missing (its
 * parent too).  NULL if there is no such place.  Caller frees.
 */
static char *
cache_dir (void)
{
  const char *xdg = getenv ("XDG_CACHE_HOME");
  const char *home = getenv ("HOME");
  CLEANUP_FREE char *base = NULL;
  char *ret;

  if (xdg && *xdg)
    base = strdup (xdg);
  else if (home && *home) {
    if (asprintf (&base, "%s/.cache", home) == -1)
      base = NULL;
  }
  if (base == NULL)
    return NULL;
  if (asprintf (&ret, "%s/virt-v2v-xva", base) == -1)
    return NULL;
  mkdir (base, 0755);
  mkdir (ret, 0755);
  return ret;
}

/* The cache file for this boot, or NULL.  Caller frees. */
static char *
cache_path (void)
{
  CLEANUP_FREE char *dir = cache_dir ();
  char boot_id[64] = "unknown";
  char *ret;
  FILE *fp;

  if (dir == NULL)
    return NULL;
  fp = fopen ("/proc/sys/kernel/random/boot_id", "r");
  if (fp) {
    if (fgets (boot_id, sizeof boot_id, fp) == NULL)
      strcpy (boot_id, "unknown");
    boot_id[strcspn (boot_id, "\n")] = '\0';
    fclose (fp);
  }
  if (asprintf (&ret, "%s/kvm-boot-probe-%s", dir, boot_id) == -1)
    return NULL;
  return ret;
}

/* Start the kernel and wait for its panic line on the serial port.
 * Returns true if it came within PROBE_SECONDS.
 */
static bool
boot_kernel (const char *kernel)
{
  const char *argv[] = {
    "qemu-system-x86_64", "-nodefaults", "-display", "none", "-no-reboot",
    "-accel", "kvm", "-cpu", "host", "-m", "256",
    "-kernel", kernel, "-append", "console=ttyS0 panic=-1 loglevel=1",
    "-serial", "stdio", "-monitor", "none", NULL
  };
  struct command cmd = {
    .argv = argv, .null_stdin = true, .out = COMMAND_PIPE,
    .err = COMMAND_NULL,
  };
  char buf[8192];
  size_t len = 0;
  bool found = false;
  struct timespec start, now;

  if (command_start (&cmd) == -1)
    return false;

  clock_gettime (CLOCK_MONOTONIC, &start);
  while (!found) {
    struct pollfd pfd = { .fd = cmd.out_pipe, .events = POLLIN };
    long left_ms;
    ssize_t n;

    clock_gettime (CLOCK_MONOTONIC, &now);
    left_ms = PROBE_SECONDS * 1000L
      - (now.tv_sec - start.tv_sec) * 1000L
      - (now.tv_nsec - start.tv_nsec) / 1000000L;
    if (left_ms <= 0)
      break;
    n = poll (&pfd, 1, (int) left_ms);
    if (n == -1 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    /* Keep the tail of what came before, so that a line split across
     * two reads is still seen.
     */
    if (len > sizeof buf / 2) {
      memmove (buf, buf + len - 64, 64);
      len = 64;
    }
    n = read (cmd.out_pipe, buf + len, sizeof buf - 1 - len);
    if (n == -1 && errno == EINTR)
      continue;
    if (n <= 0)
      break;                    /* qemu exited without the line */
    len += n;
    buf[len] = '\0';
    if (memmem (buf, len, PANIC_LINE, strlen (PANIC_LINE)))
      found = true;
  }
  close (cmd.out_pipe);
  kill (cmd.pid, SIGKILL);
  command_wait (&cmd, NULL);
  return found;
}

/* The cached answer: 1 for KVM, 0 for TCG, -1 for none.  Only a
 * regular file is read: the cache lives in a directory others may
 * write to (XDG_CACHE_HOME can be anywhere), and a FIFO or a link to a
 * device planted there must not hang us or be read.
 */
static int
read_cache (const char *cache)
{
  char word[8];
  struct stat st;
  ssize_t n;
  int fd;

  fd = open (cache, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd == -1)
    return -1;
  if (fstat (fd, &st) == -1 || !S_ISREG (st.st_mode)) {
    close (fd);
    return -1;
  }
  n = read (fd, word, sizeof word - 1);
  close (fd);
  if (n <= 0)
    return -1;
  word[n] = '\0';
  if (strcmp (word, "kvm\n") == 0)
    return 1;
  if (strcmp (word, "tcg\n") == 0)
    return 0;
  return -1;
}

/* Write the answer to a new file beside the cache, then rename it over
 * the cache: rename replaces a symbolic link planted there instead of
 * writing through it, and a reader never sees half an answer.
 */
static void
write_cache (const char *cache, bool kvm)
{
  CLEANUP_FREE char *tmp = NULL;
  const char *word = kvm ? "kvm\n" : "tcg\n";
  bool ok;
  int fd;

  if (asprintf (&tmp, "%s.XXXXXX", cache) == -1)
    return;
  fd = mkostemp (tmp, O_CLOEXEC);
  if (fd == -1)
    return;
  ok = write (fd, word, 4) == 4 && fchmod (fd, 0644) == 0;
  if (close (fd) == -1 || !ok || rename (tmp, cache) == -1)
    unlink (tmp);
}

bool
kvm_works (void)
{
  CLEANUP_FREE char *cache = cache_path ();
  CLEANUP_FREE char *kernel = NULL;
  bool ret;
  int r;

  if (cache && (r = read_cache (cache)) >= 0)
    return r == 1;

  if (access ("/dev/kvm", R_OK | W_OK) == -1)
    ret = false;
  else if ((kernel = host_kernel ()) == NULL)
    ret = false;                /* nothing to boot: TCG is the safe side */
  else
    ret = boot_kernel (kernel);

  if (cache)
    write_cache (cache, ret);
  return ret;
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

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* virt-xva convert [--disk N|REF] [--checksum=verify|warn|ignore]
 *                  [-O raw|qcow2] [-p|-q] VM.xva OUTPUT
 *
 * Write disks as sparse raw files, reading the XVA once, or as qcow2
 * through nbdkit xva and qemu-img convert.  Each output is written to a
 * temporary name beside it and renamed only when every selected disk is
 * complete, so an interrupted or failed run never leaves a file that
 * looks good.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "captive-nbdkit.h"
#include "cleanup.h"
#include "command.h"
#include "escape.h"
#include "iszero.h"
#include "nbd-uri.h"
#include "on-exit.h"
#include "tmpdir.h"
#include "virt-xva.h"

/* Zero blocks of this size in the data are left as holes. */
#define SPARSE_BLOCK 4096

void
usage_convert (FILE *fp)
{
  fprintf (fp, "  %s convert [--disk N|REF] [--checksum=verify|warn|ignore]\n"
           "                   [-O raw|qcow2] [-p|-q] VM.xva OUTPUT\n",
           progname);
}

/* What a signal must undo is registered with on-exit.h where it is
 * made: each temporary output, the directory made for them, and with
 * -O qcow2 our private directory (nbdkit's socket, the logs) and the
 * children, nbdkit xva and one qemu-img at a time, which are stopped
 * first (the newest registration runs first).
 */
static mode_t process_umask;
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

/* -O: what convert writes. */
enum output_format { FORMAT_RAW, FORMAT_QCOW2 };

struct output {
  const struct xva_disk *disk;
  size_t index;                 /* the disk's position = its export name */
  char *path;                   /* final name */
  char *tmp;                    /* temporary name, until renamed */
  int tmp_id;                   /* its on_exit_remove, until renamed */
  int fd;
};

struct convert {
  const struct xvafile *x;
  struct output *out;
  uint64_t base;                /* progress: bytes done in earlier disks */
  struct chunk_walk *walk;
  enum checksum_policy policy;
};

static int
pwrite_all (struct output *o, const char *buf, size_t len, uint64_t off)
{
  while (len > 0) {
    ssize_t r = pwrite (o->fd, buf, len, off);
    if (r == -1) {
      if (errno == EINTR)
        continue;
      xva_set_error (errno, "%s: write: %s", o->path, strerror (errno));
      return -1;
    }
    buf += r;
    len -= r;
    off += r;
  }
  return 0;
}

/* Bytes from off to the next SPARSE_BLOCK boundary, at most len. */
static size_t
to_boundary (uint64_t off, size_t len)
{
  size_t n = SPARSE_BLOCK - off % SPARSE_BLOCK;
  return n < len ? n : len;
}

/* Write one chunk, leaving zero blocks as holes (the output was
 * created empty and sized with ftruncate).  Called from worker threads:
 * only pwrite, which is safe at distinct offsets.
 */
static int
on_chunk (void *opaque, const struct chunk_info *ci, const char *data)
{
  struct convert *c = opaque;
  struct output *o = c->out;
  const uint64_t vsize = o->disk->virtual_size, off = ci->disk_offset;
  size_t len = ci->length, i = 0, j, b;

  if (off >= vsize)
    return 0;
  if (len > vsize - off)
    len = vsize - off;          /* padding past the end of the disk */

  while (i < len) {
    b = to_boundary (off + i, len - i);
    if (is_zero (data + i, b)) {
      i += b;
      continue;
    }
    for (j = i + b; j < len; j += b) {
      b = to_boundary (off + j, len - j);
      if (is_zero (data + j, b))
        break;
    }
    if (pwrite_all (o, data + i, j - i, off + i) == -1)
      return -1;
    i = j;
  }
  return 0;
}

static int
on_mismatch (void *opaque, const struct chunk_info *ci,
             const struct xva_chunk_check *check)
{
  struct convert *c = opaque;
  CLEANUP_FREE char *msg = xvafile_mismatch_message (c->x, c->out->disk, ci,
                                                     check);

  if (c->policy == CHECKSUM_POLICY_WARN) {
    warning ("%s", msg ? msg : "checksum mismatch");
    return 0;
  }
  error ("%s (use --checksum=warn to convert anyway)",
         msg ? msg : "checksum mismatch");
  return -1;
}

static void
on_progress (void *opaque)
{
  struct convert *c = opaque;
  progress_update (c->base + __atomic_load_n (&c->walk->done,
                                              __ATOMIC_RELAXED));
}

/* Create o->tmp beside o->path, open as o->fd, and for raw size it
 * (qemu-img writes a qcow2 into the empty file, through o->fd: it is
 * never reopened by name, which someone sharing the directory could
 * have swapped for a link).  Returns 0 or -1 (printed).
 */
static int
create_output (struct output *o, enum output_format format)
{
  if (asprintf (&o->tmp, "%s.tmp-XXXXXX", o->path) == -1) {
    error ("asprintf: %m");
    return -1;
  }
  /* The file and its registration come into being together: a signal
   * in between would leave the file behind.
   */
  on_exit_block (true);
  o->fd = mkostemp (o->tmp, O_CLOEXEC);
  if (o->fd >= 0 && (o->tmp_id = on_exit_remove (o->tmp)) == -1) {
    unlink (o->tmp);
    close (o->fd);
    o->fd = -1;
  }
  on_exit_block (false);
  if (o->fd == -1) {
    error ("%s: cannot create a temporary file: %m", o->path);
    free (o->tmp);
    o->tmp = NULL;
    return -1;
  }
  /* mkstemp makes 0600; give the file the mode a new file gets. */
  if (fchmod (o->fd, 0666 & ~process_umask) == -1) {
    error ("%s: fchmod: %m", o->path);
    return -1;
  }
  if (format == FORMAT_QCOW2)
    return 0;
  if (ftruncate (o->fd, o->disk->virtual_size) == -1) {
    error ("%s: cannot make a file of %" PRIu64 " bytes: %m", o->path,
           o->disk->virtual_size);
    return -1;
  }
  return 0;
}

/* What OUTPUT is: a file for one disk, a directory for several, where
 * disk N is diskN.EXT.
 */
static int
plan_outputs (const struct xvafile *x, const struct xva_disk *only,
              const char *output, const char *ext, struct output **outs,
              size_t *n, int *dir_id)
{
  size_t i, nd = only ? 1 : xvafile_nr_disks (x);
  struct stat st;
  int r;

  *outs = calloc (nd, sizeof **outs);
  if (*outs == NULL) {
    error ("calloc: %m");
    return -1;
  }
  *n = nd;
  if (nd == 1) {
    (*outs)[0].disk = only ? only : xvafile_disk (x, 0);
    (*outs)[0].index = (*outs)[0].disk->index;
    (*outs)[0].fd = -1;
    (*outs)[0].tmp_id = -1;
    if (stat (output, &st) == 0 && !S_ISREG (st.st_mode)) {
      error ("%s: the output exists and is not a regular file", output);
      return -1;
    }
    return ((*outs)[0].path = strdup (output)) ? 0 : -1;
  }

  /* Several disks: OUTPUT is a directory, made if it does not exist
   * (and then removed again if we fail, once our files in it are).
   */
  on_exit_block (true);
  r = mkdir (output, 0755);
  if (r == 0 && (*dir_id = on_exit_rmdir (output)) == -1) {
    rmdir (output);
    errno = ENOMEM;
  }
  on_exit_block (false);
  if (r == 0 && *dir_id == -1) {
    error ("%s: %m", output);
    return -1;
  }
  if (r == -1 && (errno != EEXIST || stat (output, &st) == -1 ||
                  !S_ISDIR (st.st_mode))) {
    error ("%s: the XVA has %zu disks, so the output must be a directory: "
           "%s", output, nd, errno == EEXIST ? "Not a directory" :
           strerror (errno));
    return -1;
  }
  for (i = 0; i < nd; ++i) {
    (*outs)[i].disk = xvafile_disk (x, i);
    (*outs)[i].index = i;
    (*outs)[i].fd = -1;
    (*outs)[i].tmp_id = -1;
    if (asprintf (&(*outs)[i].path, "%s/disk%zu.%s", output, i, ext) == -1) {
      error ("asprintf: %m");
      return -1;
    }
  }
  return 0;
}

/* -O raw: walk each disk's chunks and write them in place. */
static int
write_raw (struct convert *conv, struct output *outs, size_t n,
           enum progress_mode pmode)
{
  uint64_t total = 0;
  size_t i;

  for (i = 0; i < n; ++i)
    if (outs[i].disk->map)
      total += chunk_map_stats (outs[i].disk->map)->stored_bytes;

  progress_start (pmode, total);
  for (i = 0; i < n; ++i) {
    struct chunk_walk w = {
      .x = conv->x, .disk = outs[i].disk,
      .check = conv->policy != CHECKSUM_POLICY_IGNORE,
      .on_chunk = on_chunk, .on_mismatch = on_mismatch, .opaque = conv,
    };
    conv->out = &outs[i];
    conv->walk = &w;
    debug ("writing disk %zu (%s) to %s", outs[i].disk->index,
           outs[i].disk->ref, outs[i].path);
    if (chunk_walk_run (&w, on_progress, conv) == -1) {
      progress_end ();
      if (!w.stopped)           /* else on_mismatch said why */
        error ("%s", xva_last_error ());
      return -1;
    }
    conv->base += w.done;
    if (close (outs[i].fd) == -1) {
      outs[i].fd = -1;
      progress_end ();
      error ("%s: close: %m", outs[i].path);
      return -1;
    }
    outs[i].fd = -1;
  }
  progress_end ();
  return 0;
}

/* configure's qemu-img, or $XVA_QEMU_IMG (for tests); NULL if none. */
static const char *
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

/* Pass on what nbdkit said since the last call: its warnings (bad
 * chunks under verify=warn) as ours, other lines as they are (or, if
 * all_errors, as errors).  Returns its first error message (caller
 * frees), or NULL.  The log is emptied (nbdkit appends to it).
 */
static char *
relay_nbdkit_log (bool all_errors)
{
  CLEANUP_FREE char *line = NULL;
  size_t len = 0;
  ssize_t r;
  char *first = NULL, *p;
  FILE *fp;

  if (nbdkit_log == NULL || (fp = fopen (nbdkit_log, "r")) == NULL)
    return NULL;
  while ((r = getline (&line, &len, fp)) != -1) {
    if (r > 0 && line[r-1] == '\n')
      line[r-1] = '\0';
    if (strncmp (line, "nbdkit: ", 8) == 0 &&
        (p = strstr (line, ": warning: ")) != NULL)
      warning_relayed ("%s", p + 11);
    else if (strncmp (line, "nbdkit: ", 8) == 0 &&
             (p = strstr (line, ": error: ")) != NULL) {
      if (first == NULL)
        first = strdup (p + 9);
    }
    else if (all_errors) {
      if (first == NULL && line[0])
        first = strdup (line);
    }
    else {
      CLEANUP_FREE char *e = escape_string_again (line);
      fprintf (stderr, "%s\n", e ? e : "(a line of nbdkit's was lost)");
    }
  }
  fclose (fp);
  if (truncate (nbdkit_log, 0) == -1)
    debug ("%s: truncate: %m", nbdkit_log);
  return first;
}

/* qemu-img's last line of complaint (caller frees), or NULL; after a
 * success (failed is false) every line it printed is passed on instead.
 */
static char *
relay_qemu_img_log (bool failed)
{
  CLEANUP_FREE char *line = NULL;
  size_t len = 0;
  ssize_t r;
  char *last = NULL;
  FILE *fp;

  if (qemu_img_log == NULL || (fp = fopen (qemu_img_log, "r")) == NULL)
    return NULL;
  while ((r = getline (&line, &len, fp)) != -1) {
    if (r > 0 && line[r-1] == '\n')
      line[r-1] = '\0';
    if (!failed)
      fprintf (stderr, "%s\n", line);
    else if (line[0]) {
      free (last);
      last = strdup (line);
    }
  }
  fclose (fp);
  return last;
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
static int
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

int
do_convert (int argc, char *argv[])
{
  enum { HELP_OPTION = 0x100, CHECKSUM_OPTION, DISK_OPTION };
  static const struct option long_options[] = {
    { "checksum", required_argument, NULL, CHECKSUM_OPTION },
    { "disk", required_argument, NULL, DISK_OPTION },
    { "help", no_argument, NULL, HELP_OPTION },
    { "progress", no_argument, NULL, 'p' },
    { "quiet", no_argument, NULL, 'q' },
    { NULL }
  };
  enum progress_mode pmode = PROGRESS_AUTO;
  enum output_format format = FORMAT_RAW;
  struct convert conv = { .policy = CHECKSUM_POLICY_VERIFY };
  const char *disk_spec = NULL, *input, *output;
  const struct xva_disk *only = NULL;
  struct output *outs = NULL;
  struct xvafile *x;
  size_t n = 0, i;
  int c, status = EXIT_FAILURE, r, dir_id = -1;

  while ((c = getopt_long (argc, argv, "O:pq", long_options, NULL)) != -1) {
    switch (c) {
    case HELP_OPTION:
      usage_convert (stdout);
      return EXIT_SUCCESS;
    case CHECKSUM_OPTION:
      if (parse_checksum_option ("convert", optarg, &conv.policy) == -1)
        return EXIT_FAILURE;
      break;
    case DISK_OPTION: disk_spec = optarg; break;
    case 'O':
      if (strcmp (optarg, "raw") == 0)
        format = FORMAT_RAW;
      else if (strcmp (optarg, "qcow2") == 0)
        format = FORMAT_QCOW2;
      else {
        error ("convert: -O must be raw or qcow2, not '%s'", optarg);
        return EXIT_FAILURE;
      }
      break;
    case 'p': pmode = PROGRESS_ON; break;
    case 'q': pmode = PROGRESS_OFF; break;
    default:
      usage_convert (stderr);
      return EXIT_FAILURE;
    }
  }
  if (argc - optind != 2) {
    error ("convert: expected an XVA file and an output: try "
           "'%s convert --help'", progname);
    return EXIT_FAILURE;
  }
  input = argv[optind];
  output = argv[optind+1];
  if (format == FORMAT_QCOW2 && qemu_img_path () == NULL) {
    error ("convert: -O qcow2 needs qemu-img, which was not found when "
           "%s was built", progname);
    return EXIT_FAILURE;
  }

  x = open_xva (input, pmode == PROGRESS_OFF);
  if (x == NULL)
    return EXIT_FAILURE;
  conv.x = x;
  if (xvafile_metadata_only (x)) {
    error ("%s: metadata-only export: there is no disk data to convert",
           input);
    goto out;
  }
  if (xvafile_nr_disks (x) == 0) {
    error ("%s: the VM has no disks to convert", input);
    goto out;
  }
  if (disk_spec && (only = xvafile_lookup_disk (x, disk_spec)) == NULL) {
    error ("%s", xva_last_error ());
    goto out;
  }
  on_exit_install ();
  if (plan_outputs (x, only, output,
                    format == FORMAT_QCOW2 ? "qcow2" : "raw",
                    &outs, &n, &dir_id) == -1)
    goto out;

  process_umask = umask (0);
  umask (process_umask);
  for (i = 0; i < n; ++i)
    if (create_output (&outs[i], format) == -1)
      goto out;

  if (format == FORMAT_QCOW2)
    r = write_qcow2 (x, input, outs, n, conv.policy, pmode);
  else
    r = write_raw (&conv, outs, n, pmode);
  if (r == -1)
    goto out;

  /* Every disk is complete: give them their names. */
  for (i = 0; i < n; ++i) {
    on_exit_block (true);
    r = rename (outs[i].tmp, outs[i].path);
    if (r == 0)
      on_exit_forget (outs[i].tmp_id);
    on_exit_block (false);
    if (r == -1) {
      error ("%s: rename: %m", outs[i].path);
      goto out;
    }
  }
  on_exit_forget (dir_id);
  status = EXIT_SUCCESS;

 out:
  /* After a failure: the temporary outputs, then the directory made for
   * them.  (After a success nothing is left to do.)
   */
  on_exit_run ();
  for (i = 0; i < n; ++i) {
    if (outs[i].fd >= 0)
      close (outs[i].fd);
    free (outs[i].path);
    free (outs[i].tmp);
  }
  free (outs);
  xvafile_close (x);
  return status;
}

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* virt-xva convert [--disk N|REF] [--checksum=verify|warn|ignore]
 *                  [-O raw] [-p|-q] VM.xva OUTPUT
 *
 * Write disks as sparse raw files, reading the XVA once.  Each output is
 * written to a temporary name beside it and renamed only when every
 * selected disk is complete, so an interrupted or failed run never
 * leaves a file that looks good.
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

#include "cleanup.h"
#include "iszero.h"
#include "virt-xva.h"

/* Zero blocks of this size in the data are left as holes. */
#define SPARSE_BLOCK 4096

void
usage_convert (FILE *fp)
{
  fprintf (fp, "  %s convert [--disk N|REF] [--checksum=verify|warn|ignore]"
           " [-O raw] [-p|-q]\n"
           "                   VM.xva OUTPUT\n", progname);
}

/* Temporary files to remove if a signal kills us.  Set up before the
 * handlers can run; the handler only calls unlink, which is safe there.
 */
#define MAX_OUTPUTS 1024
static char *temporaries[MAX_OUTPUTS];
static volatile sig_atomic_t nr_temporaries;
static char *created_dir;
static mode_t process_umask;

static void
on_signal (int sig)
{
  sig_atomic_t i;

  cancelled = 1;
  for (i = 0; i < nr_temporaries; ++i)
    if (temporaries[i])
      unlink (temporaries[i]);
  if (created_dir)
    rmdir (created_dir);
  signal (sig, SIG_DFL);
  raise (sig);
}

static void
remove_temporaries (void)
{
  sig_atomic_t i;

  for (i = 0; i < nr_temporaries; ++i)
    if (temporaries[i])
      unlink (temporaries[i]);
  if (created_dir)
    rmdir (created_dir);
}

struct output {
  const struct xva_disk *disk;
  char *path;                   /* final name */
  char *tmp;                    /* temporary name, until renamed */
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

/* Create o->tmp beside o->path and size it.  Returns 0 or -1 (printed). */
static int
create_output (struct output *o)
{
  if (asprintf (&o->tmp, "%s.tmp-XXXXXX", o->path) == -1) {
    error ("asprintf: %m");
    return -1;
  }
  temporaries[nr_temporaries] = o->tmp;
  o->fd = mkostemp (o->tmp, O_CLOEXEC);
  if (o->fd == -1) {
    error ("%s: cannot create a temporary file: %m", o->path);
    temporaries[nr_temporaries] = NULL;
    free (o->tmp);
    o->tmp = NULL;
    return -1;
  }
  nr_temporaries++;
  /* mkstemp makes 0600; give the file the mode a new file gets. */
  if (fchmod (o->fd, 0666 & ~process_umask) == -1) {
    error ("%s: fchmod: %m", o->path);
    return -1;
  }
  if (ftruncate (o->fd, o->disk->virtual_size) == -1) {
    error ("%s: cannot make a file of %" PRIu64 " bytes: %m", o->path,
           o->disk->virtual_size);
    return -1;
  }
  return 0;
}

/* What OUTPUT is: a file for one disk, a directory for several. */
static int
plan_outputs (const struct xvafile *x, const struct xva_disk *only,
              const char *output, struct output **outs, size_t *n)
{
  size_t i, nd = only ? 1 : xvafile_nr_disks (x);
  struct stat st;

  *outs = calloc (nd, sizeof **outs);
  if (*outs == NULL) {
    error ("calloc: %m");
    return -1;
  }
  *n = nd;
  if (nd == 1) {
    (*outs)[0].disk = only ? only : xvafile_disk (x, 0);
    (*outs)[0].fd = -1;
    if (stat (output, &st) == 0 && !S_ISREG (st.st_mode)) {
      error ("%s: the output exists and is not a regular file", output);
      return -1;
    }
    return ((*outs)[0].path = strdup (output)) ? 0 : -1;
  }

  /* Several disks: OUTPUT is a directory, made if it does not exist. */
  if (mkdir (output, 0755) == 0)
    created_dir = strdup (output);
  else if (errno != EEXIST || stat (output, &st) == -1 ||
           !S_ISDIR (st.st_mode)) {
    error ("%s: the XVA has %zu disks, so the output must be a directory: "
           "%s", output, nd, errno == EEXIST ? "Not a directory" :
           strerror (errno));
    return -1;
  }
  for (i = 0; i < nd; ++i) {
    (*outs)[i].disk = xvafile_disk (x, i);
    (*outs)[i].fd = -1;
    if (asprintf (&(*outs)[i].path, "%s/disk%zu.raw", output, i) == -1) {
      error ("asprintf: %m");
      return -1;
    }
  }
  return 0;
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
  struct convert conv = { .policy = CHECKSUM_POLICY_VERIFY };
  const char *disk_spec = NULL, *format = "raw", *input, *output;
  const struct xva_disk *only = NULL;
  struct output *outs = NULL;
  struct xvafile *x;
  struct sigaction sa = { .sa_handler = on_signal };
  uint64_t total = 0;
  size_t n = 0, i;
  int c, status = EXIT_FAILURE;

  while ((c = getopt_long (argc, argv, "O:pq", long_options, NULL)) != -1) {
    switch (c) {
    case HELP_OPTION:
      usage_convert (stdout);
      return EXIT_SUCCESS;
    case CHECKSUM_OPTION:
      if (checksum_policy_parse (optarg, &conv.policy) == -1) {
        error ("convert: --checksum must be verify, warn or ignore, "
               "not '%s'", optarg);
        return EXIT_FAILURE;
      }
      break;
    case DISK_OPTION: disk_spec = optarg; break;
    case 'O': format = optarg; break;
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
  if (strcmp (format, "raw") != 0) {
    error ("convert: unknown output format '%s' (this version writes raw)",
           format);
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
  if (plan_outputs (x, only, output, &outs, &n) == -1)
    goto out;

  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);

  process_umask = umask (0);
  umask (process_umask);
  for (i = 0; i < n; ++i) {
    if (outs[i].disk->map)
      total += chunk_map_stats (outs[i].disk->map)->stored_bytes;
    if (create_output (&outs[i]) == -1)
      goto out;
  }

  progress_start (pmode, total);
  for (i = 0; i < n; ++i) {
    struct chunk_walk w = {
      .x = x, .disk = outs[i].disk,
      .check = conv.policy != CHECKSUM_POLICY_IGNORE,
      .on_chunk = on_chunk, .on_mismatch = on_mismatch, .opaque = &conv,
    };
    conv.out = &outs[i];
    conv.walk = &w;
    debug ("writing disk %zu (%s) to %s", outs[i].disk->index,
           outs[i].disk->ref, outs[i].path);
    if (chunk_walk_run (&w, on_progress, &conv) == -1) {
      progress_end ();
      if (*xva_last_error ())   /* empty: on_mismatch printed it */
        error ("%s", xva_last_error ());
      goto out;
    }
    conv.base += w.done;
    if (close (outs[i].fd) == -1) {
      outs[i].fd = -1;
      progress_end ();
      error ("%s: close: %m", outs[i].path);
      goto out;
    }
    outs[i].fd = -1;
  }
  progress_end ();

  /* Every disk is complete: give them their names. */
  for (i = 0; i < n; ++i) {
    if (rename (outs[i].tmp, outs[i].path) == -1) {
      error ("%s: rename: %m", outs[i].path);
      goto out;
    }
    temporaries[i] = NULL;
  }
  if (created_dir) {
    free (created_dir);
    created_dir = NULL;
  }
  status = EXIT_SUCCESS;

 out:
  if (status != EXIT_SUCCESS) {
    /* Signals must not race with the clean-up below. */
    signal (SIGINT, SIG_IGN);
    signal (SIGTERM, SIG_IGN);
    signal (SIGHUP, SIG_IGN);
    remove_temporaries ();
  }
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

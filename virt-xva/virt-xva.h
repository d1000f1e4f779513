/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* virt-xva: the command-line tool.  One file per subcommand. */

#ifndef VIRT_XVA_H
#define VIRT_XVA_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "checksum.h"
#include "xvafile.h"

#include "messages.h"

/* Open an XVA (open-xva.c), printing its warnings and the reader's
 * notices unless quiet: quiet installs no notice handler (xva-error.h),
 * so the choice holds for the rest of the run.  On failure print the
 * error and return NULL.  Caller closes with xvafile_close.
 */
extern struct xvafile *open_xva (const char *path, bool quiet);

/* Subcommands: each returns the program's exit status. */
extern int do_info (int argc, char *argv[]);
extern int do_verify (int argc, char *argv[]);
extern int do_convert (int argc, char *argv[]);
extern int do_inspect (int argc, char *argv[]);
extern int do_ls (int argc, char *argv[]);
extern int do_cat (int argc, char *argv[]);

/* Print a subcommand's usage line(s) to fp. */
extern void usage_info (FILE *fp);
extern void usage_verify (FILE *fp);
extern void usage_convert (FILE *fp);
extern void usage_inspect (FILE *fp);

/* JSON output (json.c). */
extern void json_string (FILE *fp, const char *s);
extern const char *json_bool (bool b);

/* --checksum=verify|warn|ignore of the subcommand cmd: 0, or -1 after
 * printing the error.
 */
extern int parse_checksum_option (const char *cmd, const char *arg,
                                  enum checksum_policy *policy);

/* The nbdkit xva parameter for policy ("verify=error", ...). */
extern const char *verify_param (enum checksum_policy policy);

/* Walk every stored chunk of a disk in parallel (chunk-walk.c). */
struct chunk_walk {
  const struct xvafile *x;
  const struct xva_disk *disk;
  bool check;                   /* verify checksums */

  /* Called from worker threads for every chunk, after its check (if
   * any) passed, or failed under a warn policy.  data holds ci->length
   * bytes.  Returns 0, or -1 after setting the error to stop the walk.
   */
  int (*on_chunk) (void *opaque, const struct chunk_info *ci,
                   const char *data);
  /* Called for each mismatch, one at a time.  Returns 0 to go on, -1 to
   * stop the walk.
   */
  int (*on_mismatch) (void *opaque, const struct chunk_info *ci,
                      const struct xva_chunk_check *check);
  void *opaque;

  /* Progress: bytes of chunk data done so far (updated atomically). */
  uint64_t done;
  /* Results. */
  uint64_t checked;             /* chunks whose checksum was compared */
  uint64_t unchecked;           /* chunks without a checksum member */
  uint64_t mismatches;
  bool stopped;                 /* on_mismatch stopped the walk (and so
                                   has said why) */
};

/* Returns 0 when the walk finished (mismatches are counted, not
 * errors), or -1: with w->stopped set when on_mismatch stopped it,
 * else with the error set (read error, callback failure).  progress,
 * if not NULL, is called about ten times a second from the calling
 * thread while the workers run.
 */
extern int chunk_walk_run (struct chunk_walk *w,
                           void (*progress) (void *), void *popaque);

/* Progress bar in qemu-img's style on stderr (progress.c): "-p" forces
 * it, "-q" silences it, by default it shows on a terminal.
 */
enum progress_mode { PROGRESS_AUTO, PROGRESS_ON, PROGRESS_OFF };
extern void progress_start (enum progress_mode mode, uint64_t total);
extern void progress_update (uint64_t done);
extern void progress_end (void);

#endif /* VIRT_XVA_H */

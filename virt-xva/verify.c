/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* virt-xva verify [--json] VM.xva
 *
 * Check every chunk against its checksum member and list every mismatch.
 * Exit 0: all good; 1: mismatches; 2: the XVA cannot be read.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h>
#include <inttypes.h>

#include "chunk-map.h"
#include "chunk-walk.h"
#include "cleanup.h"
#include "escape.h"
#include "virt-xva.h"

#define EXIT_MISMATCH 1
#define EXIT_UNREADABLE 2

void
usage_verify (FILE *fp)
{
  fprintf (fp, "  %s verify [--json] [-p|-q] VM.xva\n", progname);
}

struct verify {
  const struct xvafile *x;
  const struct xva_disk *disk;
  bool json;
  FILE *fp;                     /* the report being built */
  uint64_t base;                /* bytes done in earlier disks */
  size_t nr_mismatches;
};

static int
on_mismatch (void *opaque, const struct chunk_info *ci,
             const struct xva_chunk_check *check)
{
  struct verify *v = opaque;
  CLEANUP_FREE char *msg = NULL;

  if (v->json) {
    fprintf (v->fp, "%s\n    {\"ref\": ", v->nr_mismatches ? "," : "");
    json_string (v->fp, v->disk->ref);
    fprintf (v->fp, ", \"disk\": ");
    if (v->disk->index == SIZE_MAX)
      fprintf (v->fp, "\"suspend\"");
    else
      fprintf (v->fp, "%zu", v->disk->index);
    fprintf (v->fp, ", \"chunk\": %" PRIu64 ", \"offset\": %" PRIu64
             ", \"algorithm\": \"%s\", \"expected\": ", ci->number,
             ci->disk_offset, checksum_kind_name (ci->checksum));
    json_string (v->fp, check->expected);
    fprintf (v->fp, ", \"actual\": \"%s\"}", check->actual);
  }
  else {
    /* It names the disk's member: escaped (escape.h). */
    msg = xvafile_mismatch_message (v->x, v->disk, ci, check);
    escape_fputs (msg ? msg : "checksum mismatch", v->fp);
    fputc ('\n', v->fp);
  }
  v->nr_mismatches++;
  return 0;
}

static void
on_progress (void *opaque, uint64_t done)
{
  struct verify *v = opaque;
  progress_update (v->base + done);
}

int
do_verify (int argc, char *argv[])
{
  enum { HELP_OPTION = 0x100, JSON_OPTION };
  static const struct option long_options[] = {
    { "help", no_argument, NULL, HELP_OPTION },
    { "json", no_argument, NULL, JSON_OPTION },
    { "progress", no_argument, NULL, 'p' },
    { "quiet", no_argument, NULL, 'q' },
    { NULL }
  };
  enum progress_mode pmode = PROGRESS_AUTO;
  struct verify v = { 0 };
  struct xvafile *x;
  CLEANUP_FREE char *out = NULL;
  CLEANUP_FREE const struct xva_disk **disks = NULL;
  uint64_t checked = 0, unchecked = 0, total = 0;
  size_t outlen, nd = 0, i;
  int c, status = EXIT_SUCCESS;

  while ((c = getopt_long (argc, argv, "pq", long_options, NULL)) != -1) {
    switch (c) {
    case HELP_OPTION:
      usage_verify (stdout);
      return EXIT_SUCCESS;
    case JSON_OPTION: v.json = true; break;
    case 'p': pmode = PROGRESS_ON; break;
    case 'q': pmode = PROGRESS_OFF; break;
    default:
      usage_verify (stderr);
      return EXIT_UNREADABLE;
    }
  }
  if (argc - optind != 1) {
    error ("verify: expected one XVA file: try '%s verify --help'",
           progname);
    return EXIT_UNREADABLE;
  }

  x = open_xva (argv[optind], false);
  if (x == NULL)
    return EXIT_UNREADABLE;
  v.x = x;

  /* Every disk with data, and the suspend image: sized from the XVA,
   * so that none is left out.
   */
  disks = calloc (xvafile_nr_disks (x) + 1, sizeof *disks);
  if (disks == NULL) {
    error ("calloc: %m");
    xvafile_close (x);
    return EXIT_UNREADABLE;
  }
  for (i = 0; i < xvafile_nr_disks (x); ++i)
    if (xvafile_disk (x, i)->map)
      disks[nd++] = xvafile_disk (x, i);
  if (xvafile_suspend_image (x) && xvafile_suspend_image (x)->map)
    disks[nd++] = xvafile_suspend_image (x);
  for (i = 0; i < nd; ++i)
    total += chunk_map_stats (disks[i]->map)->stored_bytes;

  v.fp = open_memstream (&out, &outlen);
  if (v.fp == NULL) {
    error ("open_memstream: %m");
    xvafile_close (x);
    return EXIT_UNREADABLE;
  }
  if (v.json) {
    fprintf (v.fp, "{\n  \"file\": ");
    json_string (v.fp, xvafile_display (x));
    fprintf (v.fp, ",\n  \"mismatches\": [");
  }

  progress_start (pmode, total);
  for (i = 0; i < nd; ++i) {
    struct chunk_walk w = {
      .x = x, .disk = disks[i], .check = true,
      .on_mismatch = on_mismatch, .opaque = &v,
    };
    v.disk = disks[i];
    if (chunk_walk_run (&w, on_progress, &v) == -1) {
      progress_end ();
      error ("%s", xva_last_error ());
      fclose (v.fp);
      xvafile_close (x);
      return EXIT_UNREADABLE;
    }
    v.base += w.done;
    checked += w.checked;
    unchecked += w.unchecked;
  }
  progress_end ();

  if (v.json) {
    fprintf (v.fp, "%s],\n", v.nr_mismatches ? "\n  " : "");
    fprintf (v.fp, "  \"chunks_checked\": %" PRIu64 ",\n", checked);
    fprintf (v.fp, "  \"chunks_without_checksum\": %" PRIu64 ",\n",
             unchecked);
    fprintf (v.fp, "  \"ok\": %s\n}\n", json_bool (v.nr_mismatches == 0));
  }
  else {
    escape_fputs (xvafile_display (x), v.fp);
    fprintf (v.fp, ": %" PRIu64 " chunks checked, %" PRIu64
             " without checksum, %zu mismatch%s\n", checked, unchecked,
             v.nr_mismatches, v.nr_mismatches == 1 ? "" : "es");
  }
  if (fclose (v.fp) == EOF || fwrite (out, 1, outlen, stdout) != outlen ||
      fflush (stdout) == EOF) {
    error ("write: stdout: %m");
    xvafile_close (x);
    return EXIT_UNREADABLE;
  }
  if (v.nr_mismatches > 0) {
    error ("%s: %zu chunk%s do%s not match %s checksum%s",
           xvafile_display (x), v.nr_mismatches,
           v.nr_mismatches == 1 ? "" : "s", v.nr_mismatches == 1 ? "es" : "",
           v.nr_mismatches == 1 ? "its" : "their",
           v.nr_mismatches == 1 ? "" : "s");
    status = EXIT_MISMATCH;
  }
  else if (checked == 0 && unchecked > 0)
    warning ("%s: the XVA has no checksums: nothing was verified",
             xvafile_display (x));
  xvafile_close (x);
  return status;
}

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
extern void usage_ls_cat (FILE *fp);

/* "LABEL: VALUE" on a line of its own (text.c).  value is untrusted
 * (a string from ova.xml or from the guest's files, or a file name):
 * it is escaped (escape.h), so that it stays on its line and cannot
 * drive the terminal.
 */
extern void text_field (FILE *fp, const char *label, const char *value);

/* JSON output (json.c). */
extern void json_string (FILE *fp, const char *s);
extern const char *json_bool (bool b);

/* --checksum=verify|warn|ignore (or the aliases error, off) of the
 * subcommand cmd (checksum-option.c): 0, or -1 after printing the
 * error.
 */
extern int parse_checksum_option (const char *cmd, const char *arg,
                                  enum checksum_policy *policy);

/* The nbdkit xva parameter for policy ("verify=verify", ...). */
extern const char *verify_param (enum checksum_policy policy);

/* Progress bar in qemu-img's style on stderr (progress.c): "-p" forces
 * it, "-q" silences it, by default it shows on a terminal.
 */
enum progress_mode { PROGRESS_AUTO, PROGRESS_ON, PROGRESS_OFF };
extern void progress_start (enum progress_mode mode, uint64_t total);
extern void progress_update (uint64_t done);
extern void progress_end (void);

#endif /* VIRT_XVA_H */

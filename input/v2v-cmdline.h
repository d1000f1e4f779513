/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* virt-v2v 2.2's command line, as its OCaml Getopt (glibc
 * getopt_long_only) reads it: enough to find "-i xva" and the XVA, and
 * to hand every other argument on unchanged and in order.
 */

#ifndef XVA_V2V_CMDLINE_H
#define XVA_V2V_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

struct v2v_cmdline {
  bool input_xva;               /* -i xva was given */
  const char *xva;              /* the XVA (the one positional argument) */
  bool print_source;
  bool machine_readable;
  bool verbose;                 /* -v */
  bool help;                    /* --help, -V, --version */
  /* Everything else, in the user's order, for the real virt-v2v. */
  char **rest;
  size_t nr_rest;
};

/* Split argv.  force_xva: behave as if "-i xva" was given (the
 * virt-v2v-xva name).  Returns 0, or -1 after printing an error.
 * Caller frees cmd->rest (the strings are argv's).
 */
extern int v2v_cmdline_parse (int argc, char *argv[], bool force_xva,
                              const char *progname,
                              struct v2v_cmdline *cmd);

/* Print the long or short options of the table (one per line), as
 * virt-v2v --long-options / --short-options do.
 */
extern void v2v_cmdline_list (bool long_options);

#endif /* XVA_V2V_CMDLINE_H */

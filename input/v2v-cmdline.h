/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* virt-v2v 2.2's command line, read as its OCaml Getopt reads it (glibc
 * getopt_long_only over the same table), and written again for the real
 * virt-v2v in one canonical form.
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
  bool help;                    /* --help, -V, --version, --*-options */
  /* Every option but -i xva, in the user's order, each as "-c" or
   * "--name" with its argument as the next word ("--machine-readable=F"
   * is one word: its argument is optional).  The strings are argv's,
   * static, or in owned.
   */
  char **opts;
  size_t nr_opts;
  char **owned;                 /* the strings of opts made here */
  size_t nr_owned;
};

/* Parse argv.  force_xva: behave as if "-i xva" was given (the
 * virt-v2v-xva name).  With -i xva, every refusal (input options, a
 * second -i, a second positional argument, a word getopt refuses) is
 * checked after the whole command line is read, so the order of the
 * options does not matter.  Returns 0, or -1 after printing an error.
 * Free with v2v_cmdline_free.
 */
extern int v2v_cmdline_parse (int argc, char *argv[], bool force_xva,
                              struct v2v_cmdline *cmd);

extern void v2v_cmdline_free (struct v2v_cmdline *cmd);

/* Print the long or short options of the table (one per line), as
 * virt-v2v --long-options / --short-options do.
 */
extern void v2v_cmdline_list (bool long_options);

#endif /* XVA_V2V_CMDLINE_H */

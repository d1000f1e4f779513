/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* virt-xva: information about, verification of and conversion of
 * XenServer / XCP-ng XVA exports, read in place.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <getopt.h>
#include <inttypes.h>
#include <unistd.h>

#include "virt-xva.h"

static void
usage (FILE *fp, int status)
{
  fprintf (fp,
"%s: information about, verification and conversion of XenServer XVA files\n"
"\n"
"Usage:\n", progname);
  usage_info (fp);
  usage_verify (fp);
  usage_convert (fp);
  usage_inspect (fp);
  usage_ls_cat (fp);
  fprintf (fp,
"  %s --help | --version\n"
"\n"
"Read the man page virt-xva(1) for details.\n", progname);
  exit (status);
}

static const struct {
  const char *name;
  int (*fn) (int argc, char *argv[]);
} subcommands[] = {
  { "info", do_info },
  { "verify", do_verify },
  { "convert", do_convert },
  { "inspect", do_inspect },
  { "ls", do_ls },
  { "cat", do_cat },
};

int
main (int argc, char *argv[])
{
  enum { HELP_OPTION = 0x100, LONG_OPTIONS, SHORT_OPTIONS };
  static const char options[] = "+Vv";
  static const struct option long_options[] = {
    { "help", no_argument, NULL, HELP_OPTION },
    { "long-options", no_argument, NULL, LONG_OPTIONS },
    { "short-options", no_argument, NULL, SHORT_OPTIONS },
    { "verbose", no_argument, NULL, 'v' },
    { "version", no_argument, NULL, 'V' },
    { NULL }
  };
  size_t i;
  int c;

  progname = "virt-xva";
  for (;;) {
    c = getopt_long (argc, argv, options, long_options, NULL);
    if (c == -1)
      break;
    switch (c) {
    case HELP_OPTION:
      usage (stdout, EXIT_SUCCESS);
    case LONG_OPTIONS:
      for (i = 0; long_options[i].name; ++i)
        if (strcmp (long_options[i].name, "long-options") != 0 &&
            strcmp (long_options[i].name, "short-options") != 0)
          printf ("--%s\n", long_options[i].name);
      exit (EXIT_SUCCESS);
    case SHORT_OPTIONS:
      for (i = 1; options[i]; ++i)
        printf ("-%c\n", options[i]);
      exit (EXIT_SUCCESS);
    case 'V':
      printf ("%s %s\n", progname, PACKAGE_VERSION);
      exit (EXIT_SUCCESS);
    case 'v':
      verbose = true;
      break;
    default:
      usage (stderr, EXIT_FAILURE);
    }
  }

  if (optind >= argc) {
    error ("no subcommand given: try '%s --help'", progname);
    exit (EXIT_FAILURE);
  }
  for (i = 0; i < sizeof subcommands / sizeof subcommands[0]; ++i) {
    if (strcmp (argv[optind], subcommands[i].name) == 0) {
      argc -= optind;
      argv += optind;
      optind = 1;               /* restart getopt for the subcommand */
      exit (subcommands[i].fn (argc, argv));
    }
  }
  error ("unknown subcommand '%s': try '%s --help'", argv[optind], progname);
  exit (EXIT_FAILURE);
}

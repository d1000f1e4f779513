/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* virt-v2v 2.2's options (v2v/v2v.ml), for finding -i xva. */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h>

#include "v2v-cmdline.h"

enum {
  OPT_INPUT = 'i',
  OPT_OTHER = 0x100,            /* anything we pass on untouched */
  OPT_IC, OPT_IF, OPT_IO, OPT_IP, OPT_IT, OPT_PASSWORD_FILE,
  OPT_PRINT_SOURCE, OPT_MACHINE_READABLE, OPT_HELP, OPT_VERSION,
  OPT_VERBOSE,
};

/* Every option of virt-v2v 2.2.0, with the same argument kinds: pinned
 * by test-v2v-cmdline.sh against the real "virt-v2v --long-options".
 */
static const struct option options[] = {
  { "bridge", required_argument, NULL, OPT_OTHER },
  { "bandwidth", required_argument, NULL, OPT_OTHER },
  { "bandwidth-file", required_argument, NULL, OPT_OTHER },
  { "color", no_argument, NULL, OPT_OTHER },
  { "colors", no_argument, NULL, OPT_OTHER },
  { "colour", no_argument, NULL, OPT_OTHER },
  { "colours", no_argument, NULL, OPT_OTHER },
  { "compressed", no_argument, NULL, OPT_OTHER },
  { "debug-gc", no_argument, NULL, OPT_OTHER },
  { "echo-keys", no_argument, NULL, OPT_OTHER },
  { "help", no_argument, NULL, OPT_HELP },
  { "ic", required_argument, NULL, OPT_IC },
  { "if", required_argument, NULL, OPT_IF },
  { "in-place", no_argument, NULL, OPT_OTHER },
  { "io", required_argument, NULL, OPT_IO },
  { "ip", required_argument, NULL, OPT_IP },
  { "it", required_argument, NULL, OPT_IT },
  { "key", required_argument, NULL, OPT_OTHER },
  { "keys-from-stdin", no_argument, NULL, OPT_OTHER },
  { "mac", required_argument, NULL, OPT_OTHER },
  { "machine-readable", optional_argument, NULL, OPT_MACHINE_READABLE },
  { "network", required_argument, NULL, OPT_OTHER },
  { "no-trim", required_argument, NULL, OPT_OTHER },
  { "oa", required_argument, NULL, OPT_OTHER },
  { "oc", required_argument, NULL, OPT_OTHER },
  { "of", required_argument, NULL, OPT_OTHER },
  { "on", required_argument, NULL, OPT_OTHER },
  { "oo", required_argument, NULL, OPT_OTHER },
  { "op", required_argument, NULL, OPT_OTHER },
  { "os", required_argument, NULL, OPT_OTHER },
  { "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
  { "print-source", no_argument, NULL, OPT_PRINT_SOURCE },
  { "quiet", no_argument, NULL, OPT_OTHER },
  { "qemu-boot", no_argument, NULL, OPT_OTHER },
  { "root", required_argument, NULL, OPT_OTHER },
  { "version", no_argument, NULL, OPT_VERSION },
  { "verbose", no_argument, NULL, OPT_VERBOSE },
  { "vddk-config", required_argument, NULL, OPT_OTHER },
  { "vddk-cookie", required_argument, NULL, OPT_OTHER },
  { "vddk-libdir", required_argument, NULL, OPT_OTHER },
  { "vddk-nfchostport", required_argument, NULL, OPT_OTHER },
  { "vddk-port", required_argument, NULL, OPT_OTHER },
  { "vddk-snapshot", required_argument, NULL, OPT_OTHER },
  { "vddk-thumbprint", required_argument, NULL, OPT_OTHER },
  { "vddk-transports", required_argument, NULL, OPT_OTHER },
  { "vdsm-compat", required_argument, NULL, OPT_OTHER },
  { "vdsm-image-uuid", required_argument, NULL, OPT_OTHER },
  { "vdsm-ovf-flavour", required_argument, NULL, OPT_OTHER },
  { "vdsm-ovf-output", required_argument, NULL, OPT_OTHER },
  { "vdsm-vm-uuid", required_argument, NULL, OPT_OTHER },
  { "vdsm-vol-uuid", required_argument, NULL, OPT_OTHER },
  { "vmtype", required_argument, NULL, OPT_OTHER },
  { "wrap", no_argument, NULL, OPT_OTHER },
  { NULL }
};

/* Single letters: -b -i -n -o -q -V -v -x. */
static const char short_options[] = "-b:i:n:o:qVvx";

void
v2v_cmdline_list (bool long_options)
{
  size_t i;

  if (long_options) {
    for (i = 0; options[i].name; ++i)
      if (strlen (options[i].name) > 2)
        printf ("--%s\n", options[i].name);
  }
  else {
    for (i = 1; short_options[i]; ++i)
      if (short_options[i] != ':')
        printf ("-%c\n", short_options[i]);
    for (i = 0; options[i].name; ++i)
      if (strlen (options[i].name) == 2)
        printf ("-%s\n", options[i].name);
  }
}

int
v2v_cmdline_parse (int argc, char *argv[], bool force_xva,
                   const char *progname, struct v2v_cmdline *cmd)
{
  int c, start = 1;

  memset (cmd, 0, sizeof *cmd);
  cmd->input_xva = force_xva;
  cmd->rest = calloc (argc + 1, sizeof *cmd->rest);
  if (cmd->rest == NULL) {
    perror ("calloc");
    return -1;
  }

  opterr = 0;
  optind = 1;
  for (;;) {
    int longindex = -1;
    int keep = 1;

    c = getopt_long_only (argc, argv, short_options, options, &longindex);
    if (c == -1)
      break;
    switch (c) {
    case 1:                     /* a positional argument */
      if (cmd->xva == NULL)
        cmd->xva = optarg;
      else {
        fprintf (stderr, "%s: error: more than one input given: %s and "
                 "%s\n", progname, cmd->xva, optarg);
        free (cmd->rest);
        return -1;
      }
      keep = 0;
      break;
    case OPT_INPUT:
      if (strcmp (optarg, "xva") == 0) {
        cmd->input_xva = true;
        keep = 0;
      }
      else if (force_xva) {
        fprintf (stderr, "%s: error: -i %s: this program only reads XVA "
                 "files\n", progname, optarg);
        free (cmd->rest);
        return -1;
      }
      break;
    case OPT_IC: case OPT_IF: case OPT_IO: case OPT_IP: case OPT_IT:
    case OPT_PASSWORD_FILE:
      if (cmd->input_xva) {
        fprintf (stderr, "%s: error: -i xva does not take -%s\n",
                 progname, options[longindex].name);
        free (cmd->rest);
        return -1;
      }
      break;
    case OPT_PRINT_SOURCE: cmd->print_source = true; break;
    case OPT_MACHINE_READABLE: cmd->machine_readable = true; break;
    case OPT_HELP: case OPT_VERSION: case 'V': cmd->help = true; break;
    case OPT_VERBOSE: case 'v': cmd->verbose = true; break;
    case '?':
      /* Unknown: let the real virt-v2v say so in its own words. */
      break;
    default:
      break;
    }
    /* Keep the words this option used, unless it was ours. */
    if (keep)
      while (start < optind)
        cmd->rest[cmd->nr_rest++] = argv[start++];
    start = optind;
  }
  /* "--" and what follows it. */
  while (start < argc) {
    if (cmd->xva == NULL && strcmp (argv[start], "--") != 0 &&
        start > 0 && strcmp (argv[start-1], "--") == 0)
      cmd->xva = argv[start];
    else
      cmd->rest[cmd->nr_rest++] = argv[start];
    start++;
  }
  return 0;
}

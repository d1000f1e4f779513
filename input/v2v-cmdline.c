/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* virt-v2v 2.2's options (v2v/v2v.ml), parsed as its OCaml Getopt
 * does: one-letter names in the short option string, every longer name
 * (two-letter ones such as "oo" too) in the long table, and glibc's
 * getopt_long_only over both, permuting argv.  Reading argv with the
 * same parser is the only way to see the same options in it: "-qixva",
 * "-ixva", "--print-sour", "-oo=a" all mean what virt-v2v says they
 * mean.  The options are then written again one per word (or two, with
 * the argument), so that what reaches the real virt-v2v does not depend
 * on how the user grouped or abbreviated them.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h>

#include "v2v-cmdline.h"

/* What the front-end does with an option. */
enum kind {
  PASS,                         /* hand it on */
  INPUT,                        /* -i */
  REFUSED,                      /* an input option: no sense for an XVA */
  PRINT_SOURCE, MACHINE_READABLE, HELP, VERBOSE,
};

/* One option of virt-v2v, under each of its names: canon is how it is
 * written for the real virt-v2v.
 */
struct spec {
  const char *canon;
  enum kind kind;
};

enum {
  S_BANDWIDTH, S_BANDWIDTH_FILE, S_BRIDGE, S_COLOUR, S_COMPRESSED,
  S_DEBUG_GC, S_ECHO_KEYS, S_HELP, S_INPUT, S_IC, S_IF, S_IN_PLACE, S_IO,
  S_IP, S_IT, S_KEY, S_KEYS_FROM_STDIN, S_LONG_OPTIONS, S_MAC,
  S_MACHINE_READABLE, S_NETWORK, S_NO_TRIM, S_OUTPUT, S_OA, S_OC, S_OF,
  S_ON, S_OO, S_OP, S_OS, S_PASSWORD_FILE, S_PRINT_SOURCE, S_QUIET,
  S_QEMU_BOOT, S_ROOT, S_SHORT_OPTIONS, S_TRACE, S_VDDK, S_VERBOSE,
  S_VERSION, S_VDSM, S_VMTYPE, S_WRAP,
};

static const struct spec specs[] = {
  [S_BANDWIDTH] =        { "--bandwidth", PASS },
  [S_BANDWIDTH_FILE] =   { "--bandwidth-file", PASS },
  [S_BRIDGE] =           { "--bridge", PASS },
  [S_COLOUR] =           { "--colour", PASS },
  [S_COMPRESSED] =       { "--compressed", PASS },
  [S_DEBUG_GC] =         { "--debug-gc", PASS },
  [S_ECHO_KEYS] =        { "--echo-keys", PASS },
  [S_HELP] =             { "--help", HELP },
  [S_INPUT] =            { "-i", INPUT },
  [S_IC] =               { "-ic", REFUSED },
  [S_IF] =               { "-if", REFUSED },
  [S_IN_PLACE] =         { "--in-place", PASS },
  [S_IO] =               { "-io", REFUSED },
  [S_IP] =               { "-ip", REFUSED },
  [S_IT] =               { "-it", REFUSED },
  [S_KEY] =              { "--key", PASS },
  [S_KEYS_FROM_STDIN] =  { "--keys-from-stdin", PASS },
  [S_LONG_OPTIONS] =     { "--long-options", HELP },
  [S_MAC] =              { "--mac", PASS },
  [S_MACHINE_READABLE] = { "--machine-readable", MACHINE_READABLE },
  [S_NETWORK] =          { "--network", PASS },
  [S_NO_TRIM] =          { "--no-trim", PASS },
  [S_OUTPUT] =           { "-o", PASS },
  [S_OA] =               { "-oa", PASS },
  [S_OC] =               { "-oc", PASS },
  [S_OF] =               { "-of", PASS },
  [S_ON] =               { "-on", PASS },
  [S_OO] =               { "-oo", PASS },
  [S_OP] =               { "-op", PASS },
  [S_OS] =               { "-os", PASS },
  [S_PASSWORD_FILE] =    { "--password-file", REFUSED },
  [S_PRINT_SOURCE] =     { "--print-source", PRINT_SOURCE },
  [S_QUIET] =            { "--quiet", PASS },
  [S_QEMU_BOOT] =        { "--qemu-boot", PASS },
  [S_ROOT] =             { "--root", PASS },
  [S_SHORT_OPTIONS] =    { "--short-options", HELP },
  [S_TRACE] =            { "-x", PASS },
  [S_VDDK] =             { NULL, REFUSED }, /* each --vddk-* as given */
  [S_VERBOSE] =          { "--verbose", VERBOSE },
  [S_VERSION] =          { "--version", HELP },
  [S_VDSM] =             { NULL, PASS },    /* each --vdsm-* as given */
  [S_VMTYPE] =           { "--vmtype", PASS },
  [S_WRAP] =             { "--wrap", PASS },
};

/* getopt's value for a long name is OPT_BASE + its spec.  Each name
 * is the tail of "--name", so that name - 2 is how it is written.
 */
#define OPT_BASE 0x100
#define L(name, has_arg, spec) \
  { &("--" name)[2], has_arg, NULL, OPT_BASE + spec }

/* Every name of virt-v2v 2.2.0 longer than one letter, with the same
 * argument kinds: test-v2v-front-end.sh pins the names against the real
 * "virt-v2v --long-options" and "--short-options".  --long-options and
 * --short-options are there too (Getopt adds them, and lists neither),
 * so that "--long" means the same here as there.
 */
static const struct option options[] = {
  L ("bridge", required_argument, S_BRIDGE),
  L ("bandwidth", required_argument, S_BANDWIDTH),
  L ("bandwidth-file", required_argument, S_BANDWIDTH_FILE),
  L ("color", no_argument, S_COLOUR),
  L ("colors", no_argument, S_COLOUR),
  L ("colour", no_argument, S_COLOUR),
  L ("colours", no_argument, S_COLOUR),
  L ("compressed", no_argument, S_COMPRESSED),
  L ("debug-gc", no_argument, S_DEBUG_GC),
  L ("echo-keys", no_argument, S_ECHO_KEYS),
  L ("help", no_argument, S_HELP),
  L ("ic", required_argument, S_IC),
  L ("if", required_argument, S_IF),
  L ("in-place", no_argument, S_IN_PLACE),
  L ("io", required_argument, S_IO),
  L ("ip", required_argument, S_IP),
  L ("it", required_argument, S_IT),
  L ("key", required_argument, S_KEY),
  L ("keys-from-stdin", no_argument, S_KEYS_FROM_STDIN),
  L ("long-options", no_argument, S_LONG_OPTIONS),
  L ("mac", required_argument, S_MAC),
  L ("machine-readable", optional_argument, S_MACHINE_READABLE),
  L ("network", required_argument, S_NETWORK),
  L ("no-trim", required_argument, S_NO_TRIM),
  L ("oa", required_argument, S_OA),
  L ("oc", required_argument, S_OC),
  L ("of", required_argument, S_OF),
  L ("on", required_argument, S_ON),
  L ("oo", required_argument, S_OO),
  L ("op", required_argument, S_OP),
  L ("os", required_argument, S_OS),
  L ("password-file", required_argument, S_PASSWORD_FILE),
  L ("print-source", no_argument, S_PRINT_SOURCE),
  L ("quiet", no_argument, S_QUIET),
  L ("qemu-boot", no_argument, S_QEMU_BOOT),
  L ("root", required_argument, S_ROOT),
  L ("short-options", no_argument, S_SHORT_OPTIONS),
  L ("version", no_argument, S_VERSION),
  L ("verbose", no_argument, S_VERBOSE),
  L ("vddk-config", required_argument, S_VDDK),
  L ("vddk-cookie", required_argument, S_VDDK),
  L ("vddk-libdir", required_argument, S_VDDK),
  L ("vddk-nfchostport", required_argument, S_VDDK),
  L ("vddk-port", required_argument, S_VDDK),
  L ("vddk-snapshot", required_argument, S_VDDK),
  L ("vddk-thumbprint", required_argument, S_VDDK),
  L ("vddk-transports", required_argument, S_VDDK),
  L ("vdsm-compat", required_argument, S_VDSM),
  L ("vdsm-image-uuid", required_argument, S_VDSM),
  L ("vdsm-ovf-flavour", required_argument, S_VDSM),
  L ("vdsm-ovf-output", required_argument, S_VDSM),
  L ("vdsm-vm-uuid", required_argument, S_VDSM),
  L ("vdsm-vol-uuid", required_argument, S_VDSM),
  L ("vmtype", required_argument, S_VMTYPE),
  L ("wrap", no_argument, S_WRAP),
  { NULL }
};

/* The one-letter names, as Getopt builds the string: no leading '+' or
 * '-', so glibc permutes (and honours POSIXLY_CORRECT) as it does for
 * virt-v2v.
 */
static const char short_options[] = "b:i:n:o:qVvx";

static int
short_spec (int c)
{
  switch (c) {
  case 'b': return S_BRIDGE;
  case 'i': return S_INPUT;
  case 'n': return S_NETWORK;
  case 'o': return S_OUTPUT;
  case 'q': return S_QUIET;
  case 'V': return S_VERSION;
  case 'v': return S_VERBOSE;
  case 'x': return S_TRACE;
  default: return -1;
  }
}

void
v2v_cmdline_list (bool long_options)
{
  size_t i;

  for (i = 0; options[i].name; ++i) {
    if (options[i].val == OPT_BASE + S_LONG_OPTIONS ||
        options[i].val == OPT_BASE + S_SHORT_OPTIONS)
      continue;                 /* hidden, as in virt-v2v */
    /* virt-v2v lists its two-letter names ("-oo") in both lists. */
    if (long_options)
      printf ("%s\n", options[i].name - 2);
    else if (strlen (options[i].name) == 2)
      printf ("%s\n", options[i].name - 1);
  }
  if (!long_options)
    for (i = 0; short_options[i]; ++i)
      if (short_options[i] != ':')
        printf ("-%c\n", short_options[i]);
}

void
v2v_cmdline_free (struct v2v_cmdline *cmd)
{
  size_t i;

  for (i = 0; i < cmd->nr_owned; ++i)
    free (cmd->owned[i]);
  free (cmd->owned);
  free (cmd->opts);
  cmd->opts = cmd->owned = NULL;
  cmd->nr_opts = cmd->nr_owned = 0;
}

/* Run getopt again, letting it print its message for the first word it
 * refuses, as virt-v2v would; then virt-v2v's hint.
 */
static void
print_getopt_error (int argc, char *argv[], const char *progname)
{
  char **words = calloc (argc + 1, sizeof *words);
  int c;

  if (words == NULL) {
    perror ("calloc");
    return;
  }
  memcpy (words, argv, argc * sizeof *words);
  words[0] = (char *) progname;
  opterr = 1;
  optind = 0;
  while ((c = getopt_long_only (argc, words, short_options, options,
                                NULL)) != -1 && c != '?')
    ;
  fprintf (stderr, "Try ‘%s --help’ or consult virt-v2v(1) for more "
           "information.\n", progname);
  free (words);
}

int
v2v_cmdline_parse (int argc, char *argv[], bool force_xva,
                   struct v2v_cmdline *cmd)
{
  const char *progname = force_xva ? "virt-v2v-xva" : "virt-v2v";
  const char *refused = NULL, *other_input = NULL, *second = NULL;
  char **words = NULL;
  bool bad = false;
  size_t nr_inputs = 0;
  int c, i;

  memset (cmd, 0, sizeof *cmd);
  cmd->input_xva = force_xva;
  /* At most two words per argv word ("-qvx" is three). */
  cmd->opts = calloc (2 * (size_t) argc + 1, sizeof *cmd->opts);
  cmd->owned = calloc (argc + 1, sizeof *cmd->owned);
  /* getopt permutes its argv: a copy of the pointers, argv stays. */
  words = calloc (argc + 1, sizeof *words);
  if (cmd->opts == NULL || cmd->owned == NULL || words == NULL) {
    perror ("calloc");
    goto fail;
  }
  memcpy (words, argv, argc * sizeof *words);

  opterr = 0;
  optind = 0;                   /* glibc: start again from scratch */
  for (;;) {
    int longindex = -1, s;
    const struct spec *sp;
    const char *name;

    c = getopt_long_only (argc, words, short_options, options, &longindex);
    if (c == -1)
      break;
    if (c == '?') {
      bad = true;
      continue;
    }
    s = c >= OPT_BASE ? c - OPT_BASE : short_spec (c);
    sp = &specs[s];
    /* --vddk-* and --vdsm-*: several names, one kind. */
    name = sp->canon ? sp->canon : options[longindex].name - 2;
    switch (sp->kind) {
    case INPUT:
      nr_inputs++;
      if (strcmp (optarg, "xva") == 0) {
        cmd->input_xva = true;
        continue;               /* replaced by -i libvirtxml */
      }
      if (other_input == NULL)
        other_input = optarg;
      break;
    case REFUSED:
      if (refused == NULL)
        refused = name;
      break;
    case PRINT_SOURCE: cmd->print_source = true; break;
    case MACHINE_READABLE: cmd->machine_readable = true; break;
    case HELP: cmd->help = true; break;
    case VERBOSE: cmd->verbose = true; break;
    case PASS: break;
    }
    if (s == S_MACHINE_READABLE && optarg) {
      /* An optional argument can only be written attached. */
      char *w;
      if (asprintf (&w, "--machine-readable=%s", optarg) == -1) {
        perror ("asprintf");
        goto fail;
      }
      cmd->owned[cmd->nr_owned++] = w;
      cmd->opts[cmd->nr_opts++] = w;
      continue;
    }
    cmd->opts[cmd->nr_opts++] = (char *) name;
    if (optarg)
      cmd->opts[cmd->nr_opts++] = optarg;
  }

  /* The positional arguments: getopt has moved them to the end, those
   * after "--" included, "--" itself gone.
   */
  for (i = optind; i < argc; ++i) {
    if (cmd->xva == NULL)
      cmd->xva = words[i];
    else if (second == NULL)
      second = words[i];
  }
  free (words);
  words = NULL;

  /* Without -i xva the real virt-v2v reads argv itself, and says what
   * is wrong with it in its own words.
   */
  if (!cmd->input_xva)
    return 0;
  if (bad) {
    print_getopt_error (argc, argv, progname);
    goto fail;
  }
  if (force_xva && other_input) {
    fprintf (stderr, "%s: error: -i %s: this program only reads XVA "
             "files\n", progname, other_input);
    goto fail;
  }
  if (nr_inputs > 1) {
    fprintf (stderr, "%s: error: -i option used more than once on the "
             "command line\n", progname);
    goto fail;
  }
  if (refused) {
    fprintf (stderr, "%s: error: -i xva does not take %s\n",
             progname, refused);
    goto fail;
  }
  if (second && !cmd->help) {
    fprintf (stderr, "%s: error: more than one input given: %s and %s\n",
             progname, cmd->xva, second);
    goto fail;
  }
  return 0;

 fail:
  free (words);
  v2v_cmdline_free (cmd);
  return -1;
}

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include <stdio.h>
#include <errno.h>
#include <stdarg.h>
#include <unistd.h>

#include "messages.h"

const char *progname = "virt-v2v-xva";
bool verbose;
const char *debug_label = "debug";
bool notices_quiet;

/* Keeps errno for the "%m" in fs. */
static void
vmessage (const char *kind, const char *fs, va_list args)
{
  int e = errno;

  fprintf (stderr, "%s: %s: ", progname, kind);
  errno = e;
  vfprintf (stderr, fs, args);
  fputc ('\n', stderr);
}

void
error (const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vmessage ("error", fs, args);
  va_end (args);
}

void
warning (const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vmessage ("warning", fs, args);
  va_end (args);
}

void
debug (const char *fs, ...)
{
  va_list args;

  if (!verbose)
    return;
  va_start (args, fs);
  vmessage (debug_label, fs, args);
  va_end (args);
}

void
print_notice (enum xva_notice_level level, const char *msg)
{
  if (notices_quiet)
    return;
  if (level == XVA_NOTICE_WARNING)
    warning ("%s", msg);
  else if (verbose || isatty (STDERR_FILENO))
    fprintf (stderr, "%s: %s\n", progname, msg);
}

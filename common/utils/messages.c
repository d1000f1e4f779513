/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <stdarg.h>
#include <unistd.h>

#include "escape.h"
#include "messages.h"

const char *progname = "virt-v2v-xva";
bool verbose;
const char *debug_label = "debug";

/* "PROGNAME: KIND: MSG" (or "PROGNAME: MSG" when kind is NULL) on one
 * line: msg names files and members of the XVA, strings from ova.xml
 * and the guest, so it is escaped (escape.h) wherever it comes from.
 * One fprintf, so that lines from several threads do not mix.
 */
static void
print_line (const char *kind, const char *msg, bool again)
{
  char *e = again ? escape_string_again (msg) : escape_string (msg);

  if (e == NULL) {
    /* Out of memory: slower, unbuffered, but still escaped. */
    flockfile (stderr);
    fprintf (stderr, "%s: %s%s", progname, kind ? kind : "",
             kind ? ": " : "");
    escape_fputs (msg, stderr);
    fputc ('\n', stderr);
    funlockfile (stderr);
    return;
  }
  fprintf (stderr, "%s: %s%s%s\n", progname, kind ? kind : "",
           kind ? ": " : "", e);
  free (e);
}

/* Keeps errno for the "%m" in fs. */
static void
vmessage (const char *kind, bool again, const char *fs, va_list args)
{
  int e = errno;
  char *msg;

  if (vasprintf (&msg, fs, args) == -1) {
    errno = e;
    print_line (kind, "(the message was lost: out of memory)", false);
    return;
  }
  print_line (kind, msg, again);
  free (msg);
  errno = e;
}

void
error (const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vmessage ("error", false, fs, args);
  va_end (args);
}

void
warning (const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vmessage ("warning", false, fs, args);
  va_end (args);
}

void
error_relayed (const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vmessage ("error", true, fs, args);
  va_end (args);
}

void
warning_relayed (const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vmessage ("warning", true, fs, args);
  va_end (args);
}

void
debug (const char *fs, ...)
{
  va_list args;

  if (!verbose)
    return;
  va_start (args, fs);
  vmessage (debug_label, false, fs, args);
  va_end (args);
}

void
print_notice (enum xva_notice_level level, const char *msg)
{
  if (level == XVA_NOTICE_WARNING)
    warning ("%s", msg);
  else if (verbose || isatty (STDERR_FILENO))
    print_line (NULL, msg, false);
}

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Thread-local last error, and notices. */

#include <config.h>

#include <stdio.h>
#include <stdarg.h>
#include <string.h>

#include "xva-error.h"

#define MSG_MAX 1024

static __thread char last_msg[MSG_MAX];
static __thread int last_errno;

void
xva_set_error (int errnum, const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vsnprintf (last_msg, sizeof last_msg, fs, args);
  va_end (args);
  last_errno = errnum;
}

const char *
xva_last_error (void)
{
  return last_msg[0] ? last_msg : "unknown error";
}

int
xva_last_errno (void)
{
  return last_errno;
}

static xva_notice_fn notice_fn;

void
xva_set_notice_handler (xva_notice_fn fn)
{
  notice_fn = fn;
}

void
xva_notice (enum xva_notice_level level, const char *fs, ...)
{
  char msg[MSG_MAX];
  va_list args;

  if (notice_fn == NULL)
    return;
  va_start (args, fs);
  vsnprintf (msg, sizeof msg, fs, args);
  va_end (args);
  notice_fn (level, msg);
}

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Opening the XVA a subcommand works on, with its messages. */

#include <config.h>

#include <stdbool.h>
#include <stddef.h>

#include "virt-xva.h"

struct xvafile *
open_xva (const char *path, bool quiet)
{
  struct xvafile *x;
  size_t i;

  /* The reader's notices (the spool's space notice) come while it
   * opens the file, through the process-wide handler: none at all when
   * quiet.
   */
  xva_set_notice_handler (quiet ? NULL : print_notice);
  x = xvafile_open (path);
  if (x == NULL) {
    error ("%s", xva_last_error ());
    return NULL;
  }
  if (!quiet)
    for (i = 0; i < xvafile_nr_warnings (x); ++i)
      warning ("%s", xvafile_warning (x, i));
  return x;
}

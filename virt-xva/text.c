/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Text output shared by the subcommands. */

#include <config.h>

#include <stdio.h>

#include "escape.h"
#include "virt-xva.h"

void
text_field (FILE *fp, const char *label, const char *value)
{
  fprintf (fp, "%s: ", label);
  escape_fputs (value, fp);
  fputc ('\n', fp);
}

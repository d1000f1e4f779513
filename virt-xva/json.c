/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Just enough JSON to print strings safely. */

#include <config.h>

#include <stdio.h>

#include "virt-xva.h"

/* Print s as a JSON string.  ova.xml is UTF-8 and bytes >= 0x80 pass
 * through; control characters are escaped.
 */
void
json_string (FILE *fp, const char *s)
{
  fputc ('"', fp);
  for (; *s; ++s) {
    unsigned char c = *s;
    switch (c) {
    case '"': fputs ("\\\"", fp); break;
    case '\\': fputs ("\\\\", fp); break;
    case '\n': fputs ("\\n", fp); break;
    case '\r': fputs ("\\r", fp); break;
    case '\t': fputs ("\\t", fp); break;
    default:
      if (c < 0x20 || c == 0x7f)
        fprintf (fp, "\\u%04x", c);
      else
        fputc (c, fp);
    }
  }
  fputc ('"', fp);
}

const char *
json_bool (bool b)
{
  return b ? "true" : "false";
}

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Just enough JSON to print strings safely. */

#include <config.h>

#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "virt-xva.h"

/* Print s as a JSON string.  s is untrusted (ova.xml, tar member
 * names, the guest), yet the output must be valid JSON and safe on a
 * terminal:
 *
 *  - valid UTF-8 passes through, so that a parser gets the very bytes
 *    back, except that the characters escape.h calls unsafe (C0 and C1
 *    controls, DEL, line separators, bidi controls) are written as
 *    \uXXXX (or \n, \r, \t), which a parser reads as the same string;
 *  - each byte that is not part of valid UTF-8 (a tar member name can
 *    hold any byte) becomes U+FFFD, the replacement character, written
 *    as \ufffd: JSON text must be UTF-8, and any byte-for-byte mapping
 *    into Unicode would pass a wrong name off as the real one.
 */
void
json_string (FILE *fp, const char *s)
{
  size_t len = strlen (s), n;
  uint32_t cp;

  fputc ('"', fp);
  while (len > 0) {
    n = escape_utf8_decode (s, len, &cp);
    if (n == 0) {
      fputs ("\\ufffd", fp);
      n = 1;
    }
    else if (cp == '"')
      fputs ("\\\"", fp);
    else if (cp == '\\')
      fputs ("\\\\", fp);
    else if (cp == '\n')
      fputs ("\\n", fp);
    else if (cp == '\r')
      fputs ("\\r", fp);
    else if (cp == '\t')
      fputs ("\\t", fp);
    else if (escape_is_unsafe (cp))
      fprintf (fp, "\\u%04x", (unsigned) cp);
    else
      fwrite (s, 1, n, fp);
    s += n;
    len -= n;
  }
  fputc ('"', fp);
}

const char *
json_bool (bool b)
{
  return b ? "true" : "false";
}

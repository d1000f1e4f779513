/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Escaping untrusted text for the terminal (see escape.h). */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "escape.h"

/* The longest escape of one character: "\u202e" or "\x1b". */
#define ESCAPE_MAX 6

size_t
escape_utf8_decode (const char *s, size_t len, uint32_t *cp)
{
  const unsigned char *u = (const unsigned char *) s;
  uint32_t c, min;
  size_t n, i;

  if (len == 0)
    return 0;
  c = u[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c >= 0xc2 && c <= 0xdf) { n = 2; c &= 0x1f; min = 0x80; }
  else if (c >= 0xe0 && c <= 0xef) { n = 3; c &= 0x0f; min = 0x800; }
  else if (c >= 0xf0 && c <= 0xf4) { n = 4; c &= 0x07; min = 0x10000; }
  else
    return 0;                   /* continuation byte, 0xc0, 0xc1, 0xf5.. */
  if (len < n)
    return 0;
  for (i = 1; i < n; ++i) {
    if ((u[i] & 0xc0) != 0x80)
      return 0;
    c = (c << 6) | (u[i] & 0x3f);
  }
  if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
    return 0;
  *cp = c;
  return n;
}

bool
escape_is_unsafe (uint32_t cp)
{
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The escape of the character (or invalid byte) at the start of the
 * len > 0 bytes at s, in out (NUL-terminated), with *used set to the
 * bytes it stands for; or 0 if that character may be printed as it
 * is, with *used set to its length.
 */
static size_t
escape_one (const char *s, size_t len, char out[ESCAPE_MAX + 1],
            size_t *used, bool keep_backslash)
{
  uint32_t cp;
  size_t n = escape_utf8_decode (s, len, &cp);

  if (n == 0) {
    *used = 1;
    return snprintf (out, ESCAPE_MAX + 1, "\\x%02x", (unsigned char) *s);
  }
  *used = n;
  switch (cp) {
  case '\\':
    if (keep_backslash)
      return 0;
    return snprintf (out, ESCAPE_MAX + 1, "\\\\");
  case '\n': return snprintf (out, ESCAPE_MAX + 1, "\\n");
  case '\r': return snprintf (out, ESCAPE_MAX + 1, "\\r");
  case '\t': return snprintf (out, ESCAPE_MAX + 1, "\\t");
  }
  if (!escape_is_unsafe (cp))
    return 0;
  if (cp < 0x80)
    return snprintf (out, ESCAPE_MAX + 1, "\\x%02x", (unsigned) cp);
  return snprintf (out, ESCAPE_MAX + 1, "\\u%04x", (unsigned) cp);
}

void
escape_fputs (const char *s, FILE *fp)
{
  size_t len = strlen (s), used, run = 0;
  char out[ESCAPE_MAX + 1];

  while (run < len) {
    size_t n = escape_one (s + run, len - run, out, &used, false);
    if (n == 0) {
      run += used;              /* printable: print it with the run */
      continue;
    }
    fwrite (s, 1, run, fp);
    fwrite (out, 1, n, fp);
    s += run + used;
    len -= run + used;
    run = 0;
  }
  fwrite (s, 1, run, fp);
}

static char *
escape (const char *s, bool keep_backslash)
{
  size_t len = strlen (s), used, i = 0;
  char out[ESCAPE_MAX + 1];
  char *ret, *p;

  /* At most four bytes out for each byte in ("\x9b" for 0x9b, "\u009b"
   * for the two bytes of U+009B, "\u202e" for the three of U+202E).
   */
  if (len > (SIZE_MAX - 1) / 4) {
    errno = ENOMEM;
    return NULL;
  }
  ret = p = malloc (len * 4 + 1);
  if (ret == NULL)
    return NULL;
  while (i < len) {
    size_t n = escape_one (s + i, len - i, out, &used, keep_backslash);
    if (n == 0) {
      memcpy (p, s + i, used);
      p += used;
    }
    else {
      memcpy (p, out, n);
      p += n;
    }
    i += used;
  }
  *p = '\0';
  return ret;
}

char *
escape_string (const char *s)
{
  return escape (s, false);
}

char *
escape_string_again (const char *s)
{
  return escape (s, true);
}

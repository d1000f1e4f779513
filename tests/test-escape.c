/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The terminal escaping of untrusted text (common/utils/escape.h):
 * what passes, what is escaped and how, and that escape_fputs and
 * escape_string agree.
 */

#undef NDEBUG
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <assert.h>

#include "escape.h"

static void
check (const char *in, const char *want)
{
  char *got = escape_string (in), *buf = NULL;
  size_t len = 0;
  FILE *fp;

  assert (got != NULL);
  if (strcmp (got, want) != 0) {
    fprintf (stderr, "escape_string: got \"%s\", expected \"%s\"\n",
             got, want);
    exit (EXIT_FAILURE);
  }
  fp = open_memstream (&buf, &len);
  assert (fp != NULL);
  escape_fputs (in, fp);
  assert (fclose (fp) == 0);
  assert (len == strlen (want));
  assert (strcmp (buf, want) == 0);
  free (buf);
  free (got);
}

/* escape_string_again: escapes already made are kept as they are, and
 * anything unsafe is still escaped.
 */
static void
check_again (const char *in, const char *want)
{
  char *got = escape_string_again (in);

  assert (got != NULL);
  if (strcmp (got, want) != 0) {
    fprintf (stderr, "escape_string_again: got \"%s\", expected \"%s\"\n",
             got, want);
    exit (EXIT_FAILURE);
  }
  free (got);
}

/* Every escaped string is printable ASCII or valid, safe UTF-8. */
static void
check_safe (const char *s)
{
  size_t len = strlen (s), n;
  uint32_t cp;

  while (len > 0) {
    n = escape_utf8_decode (s, len, &cp);
    assert (n > 0);
    assert (!escape_is_unsafe (cp));
    s += n;
    len -= n;
  }
}

static void
check_decode (const char *s, size_t len, size_t want_n, uint32_t want_cp)
{
  uint32_t cp = 0xdeadbeef;
  size_t n = escape_utf8_decode (s, len, &cp);

  if (n != want_n || (n && cp != want_cp)) {
    fprintf (stderr, "escape_utf8_decode: %zu bytes: got %zu U+%04X, "
             "expected %zu U+%04X\n", len, n, (unsigned) cp, want_n,
             (unsigned) want_cp);
    exit (EXIT_FAILURE);
  }
}

int
main (void)
{
  char all[256], *e;
  size_t i;

  /* Passed through. */
  check ("", "");
  check ("Ref:1736/00000042", "Ref:1736/00000042");
  check ("Debian 12 \"bookworm\" ~ <x> & 'y'", "Debian 12 \"bookworm\" ~ "
         "<x> & 'y'");
  check ("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x90\xa7",
         "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x90\xa7");
  check ("\xc2\xa0nbsp \xe2\x80\x8bzwsp \xef\xbb\xbf",
         "\xc2\xa0nbsp \xe2\x80\x8bzwsp \xef\xbb\xbf");

  /* C0 controls, DEL and the backslash. */
  check ("a\nvirt-xva: all chunks OK", "a\\nvirt-xva: all chunks OK");
  check ("\r\t\\", "\\r\\t\\\\");
  check ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07");
  check ("\x1b[2J\x01\x1f\x7f", "\\x1b[2J\\x01\\x1f\\x7f");
  check ("\\x1b", "\\\\x1b");   /* not confused with an escape */

  /* C1 controls: U+009B (CSI) as UTF-8 is a code point; a raw 0x9b
   * byte is not UTF-8 and is a byte.
   */
  check ("\xc2\x9b" "2J", "\\u009b2J");
  check ("\xc2\x80\xc2\x85\xc2\x9f", "\\u0080\\u0085\\u009f");
  check ("\x9b" "2J", "\\x9b2J");

  /* Line separators and bidi overrides, embeddings and isolates. */
  check ("\xe2\x80\xa8\xe2\x80\xa9", "\\u2028\\u2029");
  check ("\xe2\x80\xaa\xe2\x80\xae" "txt.exe", "\\u202a\\u202etxt.exe");
  check ("\xe2\x81\xa6\xe2\x81\xa9", "\\u2066\\u2069");
  check ("\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa",
         "\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa");

  /* Invalid UTF-8: each bad byte on its own, what follows kept. */
  check ("\xff\xfe", "\\xff\\xfe");
  check ("\xc3", "\\xc3");                          /* cut short */
  check ("\xc3(", "\\xc3(");                        /* bad continuation */
  check ("\xc0\xaf", "\\xc0\\xaf");                 /* overlong "/" */
  check ("\xe0\x80\xaf", "\\xe0\\x80\\xaf");        /* overlong "/" */
  check ("\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf"); /* overlong "/" */
  check ("\xc1\x8a", "\\xc1\\x8a");                 /* overlong "\n" */
  check ("\xed\xa0\x80", "\\xed\\xa0\\x80");        /* surrogate */
  check ("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"); /* > U+10FFFF */
  check ("\xe2\x80", "\\xe2\\x80");
  check ("\xe2\x80\xc3\xa9", "\\xe2\\x80\xc3\xa9");

  /* Text escaped once, passed on: not escaped twice, still safe. */
  check_again ("Ref:1\\u009b2J\\nvirt-xva", "Ref:1\\u009b2J\\nvirt-xva");
  check_again ("a\\b\n\x1b[2J\xc2\x9b\xff", "a\\b\\n\\x1b[2J\\u009b\\xff");

  /* The decoder's edges. */
  check_decode ("", 0, 0, 0);
  check_decode ("a", 1, 1, 'a');
  check_decode ("\xc2\x80", 2, 2, 0x80);
  check_decode ("\xc2\x80", 1, 0, 0);
  check_decode ("\xdf\xbf", 2, 2, 0x7ff);
  check_decode ("\xe0\xa0\x80", 3, 3, 0x800);
  check_decode ("\xed\x9f\xbf", 3, 3, 0xd7ff);
  check_decode ("\xee\x80\x80", 3, 3, 0xe000);
  check_decode ("\xef\xbf\xbf", 3, 3, 0xffff);
  check_decode ("\xf0\x90\x80\x80", 4, 4, 0x10000);
  check_decode ("\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff);
  check_decode ("\xf4\x8f\xbf\xbf", 3, 0, 0);
  check_decode ("\xf5\x80\x80\x80", 4, 0, 0);
  check_decode ("\x80", 1, 0, 0);

  /* Every byte value: the result is safe, and only the backslash and
   * escapes add backslashes.
   */
  for (i = 1; i < 256; ++i)
    all[i-1] = i;
  all[255] = '\0';
  e = escape_string (all);
  assert (e != NULL);
  check_safe (e);
  assert (strchr (e, '\n') == NULL && strchr (e, '\x1b') == NULL);
  free (e);

  printf ("test-escape: ok\n");
  return EXIT_SUCCESS;
}

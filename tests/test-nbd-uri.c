/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* nbd_uri_unix: the bytes that would change the meaning of the URI (or
 * of a qemu option holding it) are encoded, the rest kept.
 */

#undef NDEBUG

#include <config.h>

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nbd-uri.h"

static void
check (const char *export, const char *socket, const char *want)
{
  char *got = nbd_uri_unix (export, socket);

  assert (got != NULL);
  if (strcmp (got, want) != 0) {
    fprintf (stderr, "nbd_uri_unix (\"%s\", \"%s\"):\n  got  %s\n  want %s\n",
             export, socket, got, want);
    exit (EXIT_FAILURE);
  }
  free (got);
}

int
main (void)
{
  check ("0", "/tmp/virt-xva.AbC123/nbdkit.sock",
         "nbd+unix:///0?socket=/tmp/virt-xva.AbC123/nbdkit.sock");
  check ("", "/s", "nbd+unix:///?socket=/s");
  /* A space, '%', '#' (would end the query), ':' and ',' (qemu's
   * legacy syntax and option separator), '?', '&', '=' and '+'.
   */
  check ("1", "/tmp/a b/%41/t#x/c:d,e/f?g&h=i+j",
         "nbd+unix:///1?socket="
         "/tmp/a%20b/%2541/t%23x/c%3Ad%2Ce/f%3Fg%26h%3Di%2Bj");
  /* Unreserved characters stay; control and 8-bit bytes are encoded. */
  check ("disk-0.x~y_z", "/t/\n\x1b\xc3\xa9\x7f",
         "nbd+unix:///disk-0.x~y_z?socket=/t/%0A%1B%C3%A9%7F");
  /* Export names are encoded the same way. */
  check ("a b#c", "/s", "nbd+unix:///a%20b%23c?socket=/s");
  /* The longest socket path (sun_path is 108 bytes), all encoded. */
  {
    char sock[108], want[512], *p;
    memset (sock, '#', sizeof sock - 1);
    sock[sizeof sock - 1] = '\0';
    p = stpcpy (want, "nbd+unix:///0?socket=");
    for (size_t i = 0; i < sizeof sock - 1; ++i)
      p = stpcpy (p, "%23");
    check ("0", sock, want);
  }
  return EXIT_SUCCESS;
}

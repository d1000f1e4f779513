/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nbd-uri.h"

/* Append s to *p, percent-encoded (see nbd-uri.h). */
static void
encode (char **p, const char *s)
{
  static const char hex[] = "0123456789ABCDEF";

  for (; *s; ++s) {
    unsigned char c = *s;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9') || strchr ("/-._~", c))
      *(*p)++ = c;
    else {
      *(*p)++ = '%';
      *(*p)++ = hex[c >> 4];
      *(*p)++ = hex[c & 15];
    }
  }
}

char *
nbd_uri_unix (const char *export, const char *socket)
{
  static const char scheme[] = "nbd+unix:///", query[] = "?socket=";
  char *uri, *p;

  /* Each byte takes at most three. */
  uri = malloc (sizeof scheme + sizeof query +
                3 * (strlen (export) + strlen (socket)));
  if (uri == NULL)
    return NULL;
  p = stpcpy (uri, scheme);
  encode (&p, export);
  p = stpcpy (p, query);
  encode (&p, socket);
  *p = '\0';
  return uri;
}

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* ova-libvirt-xml OVA.XML: print the libvirt domain the front-end
 * would write for an ova.xml (disk i at /tmp/diskI.qcow2), for
 * test-fuzz-replay.sh to hand to virt-xml-validate.  Exits 2, printing
 * nothing, if the model refuses the ova.xml; 1 on other errors.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libvirt-xml.h"
#include "ova-xml.h"
#include "xva-error.h"

int
main (int argc, char *argv[])
{
  FILE *fp;
  char *buf = NULL, **paths, *xml;
  size_t len = 0, i, nd = 0;
  struct ova_vm *vm;

  if (argc != 2) {
    fprintf (stderr, "usage: ova-libvirt-xml OVA.XML\n");
    return 1;
  }
  fp = fopen (argv[1], "r");
  if (fp == NULL) {
    perror (argv[1]);
    return 1;
  }
  {
    char chunk[65536];
    size_t r;
    while ((r = fread (chunk, 1, sizeof chunk, fp)) > 0) {
      char *nb = realloc (buf, len + r + 1);
      if (nb == NULL) {
        perror ("realloc");
        return 1;
      }
      buf = nb;
      memcpy (buf + len, chunk, r);
      len += r;
    }
  }
  fclose (fp);
  vm = ova_xml_parse (argv[1], buf ? buf : "", len);
  free (buf);
  if (vm == NULL)
    return 2;
  for (i = 0; i < vm->nr_vbds; ++i)
    if (ova_vbd_has_data (&vm->vbds[i]))
      nd++;
  paths = calloc (nd + 1, sizeof *paths);
  if (paths == NULL)
    return 1;
  for (i = 0; i < nd; ++i)
    if (asprintf (&paths[i], "/tmp/disk%zu.qcow2", i) < 0)
      return 1;
  xml = libvirt_xml_format (vm, paths, nd);
  if (xml == NULL) {
    fprintf (stderr, "ova-libvirt-xml: %s\n", xva_last_error ());
    return 1;
  }
  fputs (xml, stdout);
  free (xml);
  for (i = 0; i < nd; ++i)
    free (paths[i]);
  free (paths);
  ova_vm_free (vm);
  return 0;
}

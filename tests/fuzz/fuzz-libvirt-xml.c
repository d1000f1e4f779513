/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* libFuzzer harness: the libvirt XML writer (libvirt_xml_format) on
 * every model the ova.xml parser accepts.  The XML must parse back
 * (well-formed, no character XML forbids), its <name> must be safe as a
 * file name (libvirt-xml.h), its <title> one line, its bridge names
 * made of the same safe bytes, and no two drives may share a target.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "libvirt-xml.h"
#include "ova-xml.h"
#include "xva-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_safe (const char *s)
{
  size_t n = strlen (s), i;

  if (n == 0 || n > LIBVIRT_XML_NAME_MAX || s[0] == '.' || s[0] == '-')
    abort ();
  for (i = 0; i < n; ++i)
    if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
          (s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '_' ||
          s[i] == '-'))
      abort ();
}

static void
check_domain (xmlNode *domain)
{
  xmlNode *n, *d, *t;
  size_t nr_names = 0, nr_targets = 0, cap = 16, i, j;
  xmlChar **targets = malloc (cap * sizeof *targets);

  if (targets == NULL)
    abort ();
  if (domain == NULL || strcmp ((const char *) domain->name, "domain"))
    abort ();
  for (n = domain->children; n; n = n->next) {
    xmlChar *c;
    if (n->type != XML_ELEMENT_NODE)
      continue;
    if (strcmp ((const char *) n->name, "name") == 0) {
      c = xmlNodeGetContent (n);
      check_safe ((const char *) c);
      xmlFree (c);
      nr_names++;
    }
    else if (strcmp ((const char *) n->name, "title") == 0) {
      c = xmlNodeGetContent (n);
      if (c[0] == '\0' || strchr ((const char *) c, '\n'))
        abort ();
      xmlFree (c);
    }
    else if (strcmp ((const char *) n->name, "devices") == 0) {
      for (d = n->children; d; d = d->next) {
        if (d->type != XML_ELEMENT_NODE)
          continue;
        for (t = d->children; t; t = t->next) {
          xmlChar *v;
          if (t->type != XML_ELEMENT_NODE)
            continue;
          if (strcmp ((const char *) t->name, "target") == 0 &&
              (v = xmlGetProp (t, BAD_CAST "dev")) != NULL) {
            if (nr_targets == cap &&
                (targets = realloc (targets,
                                    (cap *= 2) * sizeof *targets)) == NULL)
              abort ();
            targets[nr_targets++] = v;
          }
          if (strcmp ((const char *) t->name, "source") == 0 &&
              (v = xmlGetProp (t, BAD_CAST "bridge")) != NULL) {
            check_safe ((const char *) v);
            xmlFree (v);
          }
        }
      }
    }
  }
  if (nr_names != 1)
    abort ();
  /* Targets are few unless the input has many drives: keep it cheap. */
  for (i = 0; i < nr_targets && i < 2000; ++i)
    for (j = 0; j < i; ++j)
      if (xmlStrEqual (targets[i], targets[j]))
        abort ();
  for (i = 0; i < nr_targets; ++i)
    xmlFree (targets[i]);
  free (targets);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct ova_vm *vm;
  char **paths;
  char *xml;
  size_t i, nd = 0;
  xmlDoc *doc;

  xva_set_error (0, "%s", "");
  vm = ova_xml_parse ("fuzz.xva", (const char *) data, size);
  if (vm == NULL)
    return 0;
  for (i = 0; i < vm->nr_vbds; ++i)
    if (ova_vbd_has_data (&vm->vbds[i]))
      nd++;
  paths = calloc (nd + 1, sizeof *paths);
  if (paths == NULL)
    abort ();
  for (i = 0; i < nd; ++i)
    if (asprintf (&paths[i], "/tmp/virt-v2v-xva.fuzz/disk%zu.qcow2", i) < 0)
      abort ();

  xml = libvirt_xml_format (vm, paths, nd);
  if (xml == NULL) {
    if (strcmp (xva_last_error (), "unknown error") == 0)
      abort ();                 /* a failure must say why */
  }
  else {
    doc = xmlReadMemory (xml, strlen (xml), "domain.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR |
                         XML_PARSE_NOWARNING);
    if (doc == NULL)
      abort ();                 /* not well-formed */
    check_domain (xmlDocGetRootElement (doc));
    xmlFreeDoc (doc);
    free (xml);
  }
  for (i = 0; i < nd; ++i)
    free (paths[i]);
  free (paths);
  ova_vm_free (vm);
  return 0;
}

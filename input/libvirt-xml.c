/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* ova.xml model -> libvirt domain XML, with libxml2's xmlTextWriter. */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>

#include <libxml/xmlwriter.h>

#include "libvirt-xml.h"

/* Small wrappers so that the document reads like the XML it writes.
 * Each returns -1 on failure, which the caller turns into one error.
 */
#define start(name) \
  if (xmlTextWriterStartElement (w, BAD_CAST (name)) < 0) goto fail
#define end() \
  if (xmlTextWriterEndElement (w) < 0) goto fail
#define attr(name, value) \
  if (xmlTextWriterWriteAttribute (w, BAD_CAST (name), \
                                   BAD_CAST (value)) < 0) goto fail
#define attr_fmt(name, ...) \
  if (xmlTextWriterWriteFormatAttribute (w, BAD_CAST (name), \
                                         __VA_ARGS__) < 0) goto fail
#define text(value) \
  if (xmlTextWriterWriteString (w, BAD_CAST (value)) < 0) goto fail
#define text_fmt(...) \
  if (xmlTextWriterWriteFormatString (w, __VA_ARGS__) < 0) goto fail
#define empty(name) do { start (name); end (); } while (0)

/* xapi's uuids are canonical; anything else is left out (libvirt
 * would refuse it).
 */
static bool
is_uuid (const char *s)
{
  size_t i;

  if (strlen (s) != 36)
    return false;
  for (i = 0; i < 36; ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-')
        return false;
    }
    else if (!isxdigit ((unsigned char) s[i]))
      return false;
  }
  return true;
}

/* A MAC libvirt accepts: six hex pairs, not all zero. */
static bool
is_mac (const char *s)
{
  unsigned v[6];
  char c;

  return sscanf (s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2],
                 &v[3], &v[4], &v[5], &c) == 6 && strlen (s) == 17 &&
    (v[0] | v[1] | v[2] | v[3] | v[4] | v[5]) != 0;
}

/* Platform flags are "true"/"false" or "1"/"0" (xva-format.md 6.5). */
static bool
platform_flag (const struct ova_vm *vm, const char *key, bool dflt)
{
  const char *v = ova_vm_platform (vm, key);

  if (v == NULL || *v == '\0')
    return dflt;
  return strcmp (v, "1") == 0 || strcasecmp (v, "true") == 0;
}

/* Guest device names: xvda, xvdb, ..., xvdz, xvdaa, ... */
static void
device_name (char *buf, size_t len, const char *prefix, size_t i)
{
  char suffix[8];
  size_t n = 0, j;

  i++;
  while (i > 0 && n < sizeof suffix) {
    suffix[n++] = 'a' + (i - 1) % 26;
    i = (i - 1) / 26;
  }
  snprintf (buf, len, "%s", prefix);
  for (j = 0; j < n; ++j)
    buf[strlen (prefix) + j] = suffix[n - 1 - j];
  buf[strlen (prefix) + n] = '\0';
}

int
libvirt_xml_write (const struct xvafile *x, char *const *disk_paths,
                   const char *path)
{
  const struct ova_vm *vm = xvafile_vm (x);
  xmlTextWriterPtr w;
  const char *o;
  size_t i, nd = xvafile_nr_disks (x), nremovable = 0;
  char dev[16];

  w = xmlNewTextWriterFilename (path, 0);
  if (w == NULL) {
    xva_set_error (errno, "%s: cannot create: %s", path, strerror (errno));
    return -1;
  }
  if (xmlTextWriterSetIndent (w, 1) < 0 ||
      xmlTextWriterSetIndentString (w, BAD_CAST "  ") < 0 ||
      xmlTextWriterStartDocument (w, NULL, NULL, NULL) < 0)
    goto fail;

  start ("domain");
  attr ("type", "xen");         /* where it came from, as virt-v2v shows */
  start ("name"); text (vm->name[0] ? vm->name : "xva-guest"); end ();
  if (is_uuid (vm->uuid)) {
    start ("uuid"); text (vm->uuid); end ();
  }
  if (vm->description[0]) {
    start ("description"); text (vm->description); end ();
  }

  /* virt-v2v 2.2 reads <memory> as KiB whatever the unit says. */
  start ("memory"); attr ("unit", "KiB");
  text_fmt ("%" PRIu64, vm->memory / 1024); end ();
  if (vm->memory_dynamic_max > 0 && vm->memory_dynamic_max <= vm->memory) {
    start ("currentMemory"); attr ("unit", "KiB");
    text_fmt ("%" PRIu64, vm->memory_dynamic_max / 1024); end ();
  }
  start ("vcpu");
  if (vm->vcpus_at_startup != vm->vcpus_max)
    attr_fmt ("current", "%u", vm->vcpus_at_startup);
  text_fmt ("%u", vm->vcpus_max); end ();

  start ("os");
  /* HVM_boot_params firmware, bios when absent (xen-api
   * ocaml/xapi/xapi_xenops.ml); PV guests: let virt-v2v look.
   */
  if (vm->hvm)
    attr ("firmware", vm->firmware == OVA_FIRMWARE_UEFI ? "efi" : "bios");
  start ("type"); attr ("arch", "x86_64");
  text (vm->hvm ? "hvm" : "linux"); end ();
  if (vm->hvm) {
    /* HVM_boot_params order: c disk, d CD, n network. */
    for (o = vm->boot_order; *o; ++o) {
      const char *bdev = *o == 'c' ? "hd" : *o == 'd' ? "cdrom" :
        *o == 'n' ? "network" : NULL;
      if (bdev) {
        start ("boot"); attr ("dev", bdev); end ();
      }
    }
  }
  end ();

  start ("features");
  if (platform_flag (vm, "acpi", true)) empty ("acpi");
  if (platform_flag (vm, "apic", true)) empty ("apic");
  if (platform_flag (vm, "pae", true)) empty ("pae");
  end ();

  start ("devices");
  for (i = 0; i < nd; ++i) {
    const struct xva_disk *d = xvafile_disk (x, i);
    start ("disk"); attr ("type", "file"); attr ("device", "disk");
    start ("driver"); attr ("name", "qemu"); attr ("type", "qcow2"); end ();
    start ("source"); attr ("file", disk_paths[i]); end ();
    device_name (dev, sizeof dev, "xvd", i);
    start ("target"); attr ("dev", dev); attr ("bus", "xen"); end ();
    if (d->vbd->read_only) empty ("readonly");
    end ();
  }
  /* CD-ROMs and floppies: XVAs carry no ISO, so no source. */
  for (i = 0; i < vm->nr_vbds; ++i) {
    const struct ova_vbd *vbd = &vm->vbds[i];
    bool floppy = vbd->type == OVA_VBD_FLOPPY;
    if (ova_vbd_has_data (vbd))
      continue;
    if (vbd->type == OVA_VBD_DISK && vbd->vdi == NULL)
      continue;                 /* an empty disk slot */
    start ("disk"); attr ("type", "file");
    attr ("device", floppy ? "floppy" : "cdrom");
    /* HVM's emulated IDE slots are userdevices 0-3 (3: the usual CD). */
    device_name (dev, sizeof dev, floppy ? "fd" : "hd",
                 floppy ? nremovable :
                 vbd->userdevice < 4 ? vbd->userdevice : 2 + nremovable);
    start ("target"); attr ("dev", dev); attr ("bus", floppy ? "fdc" : "ide");
    end ();
    empty ("readonly");
    end ();
    nremovable++;
  }
  /* NICs on their XenServer bridge, so that -b/-n/--mac remap them. */
  for (i = 0; i < vm->nr_vifs; ++i) {
    const struct ova_vif *vif = &vm->vifs[i];
    start ("interface"); attr ("type", "bridge");
    if (is_mac (vif->mac)) {
      start ("mac"); attr ("address", vif->mac); end ();
    }
    start ("source");
    attr ("bridge", vif->bridge[0] ? vif->bridge :
          vif->network[0] ? vif->network : "xenbr0");
    end ();
    end ();
  }
  start ("graphics"); attr ("type", "vnc"); attr ("autoport", "yes"); end ();
  end ();                       /* devices */
  end ();                       /* domain */

  if (xmlTextWriterEndDocument (w) < 0)
    goto fail;
  xmlFreeTextWriter (w);
  return 0;

 fail:
  xmlFreeTextWriter (w);
  xva_set_error (errno, "%s: cannot write the libvirt XML", path);
  return -1;
}

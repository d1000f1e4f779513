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
#include <stdint.h>

#include <libxml/xmlwriter.h>

#include "escape.h"
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

/* Platform flags are "true"/"false" or "1"/"0" (xva-format(5)). */
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

/* A name that is safe as a file name and a libvirt bridge name: see
 * libvirt-xml.h.  Bytes are compared as ASCII, never by locale.
 */
static bool
name_byte (unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

static char *
safe_name (const char *s, const char *dflt)
{
  char *out = malloc (LIBVIRT_XML_NAME_MAX + 1);
  size_t n = 0;
  bool gap = false;

  if (out == NULL) {
    xva_set_error (errno, "malloc: %s", strerror (errno));
    return NULL;
  }
  for (; *s && n < LIBVIRT_XML_NAME_MAX; ++s) {
    unsigned char c = *s;
    if (!name_byte (c)) {
      gap = true;
      continue;
    }
    /* Nothing before the first letter, digit or '_': no ".", "..",
     * ".hidden" or "-option".
     */
    if (n == 0 && (c == '.' || c == '-'))
      continue;
    if (gap && n > 0) {
      out[n++] = '_';
      if (n == LIBVIRT_XML_NAME_MAX)
        break;
    }
    gap = false;
    out[n++] = c;
  }
  if (n == 0)
    strcpy (out, dflt);         /* dflt is ours, short and safe */
  else
    out[n] = '\0';
  return out;
}

/* s as text for the XML: valid UTF-8 of characters XML 1.0 allows.
 * one_line (for <title>): every control character (C0, DEL, C1)
 * written as \xHH or \u00HH.  Otherwise (for <description>) tab and
 * newline kept, other control characters replaced by U+FFFD, as are
 * bytes that are not UTF-8.  Returns a new string or NULL (error set).
 */
static char *
xml_text (const char *s, bool one_line)
{
  static const char replacement[] = "\xef\xbf\xbd";     /* U+FFFD */
  size_t len = strlen (s), i = 0, n = 0, l;
  char *out;
  uint32_t cp;

  /* At most 4 bytes out per byte in: "\x1b" for one. */
  if (len > (SIZE_MAX - 1) / 4 || (out = malloc (4 * len + 1)) == NULL) {
    xva_set_error (ENOMEM, "malloc: %s", strerror (ENOMEM));
    return NULL;
  }
  while (i < len) {
    bool control, forbidden;
    l = escape_utf8_decode (s + i, len - i, &cp);
    if (l == 0) {
      memcpy (out + n, replacement, 3);
      n += 3;
      i++;
      continue;
    }
    control = cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f);
    forbidden = cp == 0xfffe || cp == 0xffff;
    if (one_line && control)
      n += sprintf (out + n, cp < 0x80 ? "\\x%02x" : "\\u%04x",
                    (unsigned) cp);
    else if (forbidden || (control && cp != '\n' && cp != '\t')) {
      memcpy (out + n, replacement, 3);
      n += 3;
    }
    else {
      memcpy (out + n, s + i, l);
      n += l;
    }
    i += l;
  }
  out[n] = '\0';
  return out;
}

/* want if it is free, else the index of the first false in used[0..n),
 * marked used.  used has n entries and fewer than n are true, so there
 * always is one.
 */
static size_t
first_free (bool *used, size_t want, size_t n)
{
  size_t i;

  if (want < n && !used[want])
    i = want;
  else
    for (i = 0; used[i]; ++i)
      ;
  used[i] = true;
  return i;
}

char *
libvirt_xml_format (const struct ova_vm *vm, char *const *disk_paths,
                    size_t nr_disks)
{
  xmlBufferPtr buf = NULL;
  xmlTextWriterPtr w = NULL;
  const char *o;
  char *name = NULL, *title = NULL, *desc = NULL, *bridge = NULL;
  char *ret = NULL;
  bool *ide_used = NULL;
  size_t i, nd = 0, nfloppy = 0;
  char dev[16];

  for (i = 0; i < vm->nr_vbds; ++i)
    if (ova_vbd_has_data (&vm->vbds[i]))
      nd++;
  if (nd != nr_disks) {
    xva_set_error (0, "libvirt XML: %zu disk paths for %zu disks",
                   nr_disks, nd);
    return NULL;
  }
  name = safe_name (vm->name, "xva-guest");
  title = xml_text (vm->name, true);
  desc = xml_text (vm->description, false);
  /* IDE slots of CD-ROMs: at most one per VBD past the four usual. */
  ide_used = calloc (vm->nr_vbds + 4, sizeof *ide_used);
  if (name == NULL || title == NULL || desc == NULL || ide_used == NULL) {
    if (ide_used == NULL)
      xva_set_error (errno, "calloc: %s", strerror (errno));
    goto out;
  }

  buf = xmlBufferCreate ();
  if (buf == NULL || (w = xmlNewTextWriterMemory (buf, 0)) == NULL ||
      xmlTextWriterSetIndent (w, 1) < 0 ||
      xmlTextWriterSetIndentString (w, BAD_CAST "  ") < 0 ||
      xmlTextWriterStartDocument (w, NULL, NULL, NULL) < 0)
    goto fail;

  start ("domain");
  attr ("type", "xen");         /* where it came from, as virt-v2v shows */
  start ("name"); text (name); end ();
  if (is_uuid (vm->uuid)) {
    start ("uuid"); text (vm->uuid); end ();
  }
  /* The name as the VM had it, where libvirt keeps a display name. */
  if (title[0]) {
    start ("title"); text (title); end ();
  }
  if (desc[0]) {
    start ("description"); text (desc); end ();
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
  for (i = 0, nd = 0; i < vm->nr_vbds; ++i) {
    const struct ova_vbd *vbd = &vm->vbds[i];
    if (!ova_vbd_has_data (vbd))
      continue;
    start ("disk"); attr ("type", "file"); attr ("device", "disk");
    start ("driver"); attr ("name", "qemu"); attr ("type", "qcow2"); end ();
    start ("source"); attr ("file", disk_paths[nd]); end ();
    device_name (dev, sizeof dev, "xvd", nd);
    start ("target"); attr ("dev", dev); attr ("bus", "xen"); end ();
    if (vbd->read_only) empty ("readonly");
    end ();
    nd++;
  }
  /* CD-ROMs and floppies: XVAs carry no ISO, so no source.  HVM's
   * emulated IDE slots are userdevices 0-3 (3: the usual CD); a CD whose
   * slot is taken or past them gets the first free one, so that no two
   * drives share a target.
   */
  for (i = 0; i < vm->nr_vbds; ++i) {
    const struct ova_vbd *vbd = &vm->vbds[i];
    bool floppy = vbd->type == OVA_VBD_FLOPPY;
    if (ova_vbd_has_data (vbd))
      continue;
    if (vbd->type == OVA_VBD_DISK && vbd->vdi == NULL)
      continue;                 /* an empty disk slot */
    start ("disk"); attr ("type", "file");
    attr ("device", floppy ? "floppy" : "cdrom");
    if (floppy)
      device_name (dev, sizeof dev, "fd", nfloppy++);
    else
      device_name (dev, sizeof dev, "hd",
                   first_free (ide_used, vbd->userdevice < 4 ?
                               vbd->userdevice : SIZE_MAX,
                               vm->nr_vbds + 4));
    start ("target"); attr ("dev", dev); attr ("bus", floppy ? "fdc" : "ide");
    end ();
    empty ("readonly");
    end ();
  }
  /* NICs on their XenServer bridge, so that -b/-n/--mac remap them. */
  for (i = 0; i < vm->nr_vifs; ++i) {
    const struct ova_vif *vif = &vm->vifs[i];
    start ("interface"); attr ("type", "bridge");
    if (is_mac (vif->mac)) {
      start ("mac"); attr ("address", vif->mac); end ();
    }
    free (bridge);
    bridge = safe_name (vif->bridge[0] ? vif->bridge : vif->network,
                        "xenbr0");
    if (bridge == NULL)
      goto out;
    start ("source"); attr ("bridge", bridge); end ();
    end ();
  }
  start ("graphics"); attr ("type", "vnc"); attr ("autoport", "yes"); end ();
  end ();                       /* devices */
  end ();                       /* domain */

  if (xmlTextWriterEndDocument (w) < 0)
    goto fail;
  xmlFreeTextWriter (w);        /* flushes into buf */
  w = NULL;
  ret = strdup ((const char *) xmlBufferContent (buf));
  if (ret == NULL)
    xva_set_error (errno, "strdup: %s", strerror (errno));
  goto out;

 fail:
  xva_set_error (errno, "cannot write the libvirt XML");
 out:
  if (w)
    xmlFreeTextWriter (w);
  if (buf)
    xmlBufferFree (buf);
  free (ide_used);
  free (bridge);
  free (desc);
  free (title);
  free (name);
  return ret;
}

int
libvirt_xml_write (const struct xvafile *x, char *const *disk_paths,
                   const char *path)
{
  char *xml = libvirt_xml_format (xvafile_vm (x), disk_paths,
                                  xvafile_nr_disks (x));
  FILE *fp;
  int r = 0;

  if (xml == NULL)
    return -1;
  fp = fopen (path, "w");
  if (fp == NULL) {
    xva_set_error (errno, "%s: cannot create: %s", path, strerror (errno));
    free (xml);
    return -1;
  }
  if (fputs (xml, fp) == EOF)
    r = -1;
  if (fclose (fp) == EOF)
    r = -1;
  if (r == -1)
    xva_set_error (errno, "%s: cannot write: %s", path, strerror (errno));
  free (xml);
  return r;
}

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The VM of an XVA as a libvirt domain, in the forms virt-v2v 2.2's
 * "-i libvirtxml" reads (input/parse_libvirt_xml.ml; see
 * virt-v2v-integration.md section 3).
 *
 * Every string from ova.xml is hostile.  The domain's <name> is the
 * VM's name_label made safe as a file name (virt-v2v -o local writes
 * DIR/NAME-sda and DIR/NAME.xml): only [A-Za-z0-9._-], each run of
 * other bytes one '_', no leading '.' or '-', at most
 * LIBVIRT_XML_NAME_MAX bytes, "xva-guest" if nothing is left.  The
 * name_label itself goes in <title>, on one line (control characters
 * written as \xHH, \u00HH).  Bridge names are mapped as the name is.
 * Text never holds a character XML 1.0 forbids.
 */

#ifndef XVA_LIBVIRT_XML_H
#define XVA_LIBVIRT_XML_H

#include <stddef.h>

#include "ova-xml.h"
#include "xvafile.h"

#define LIBVIRT_XML_NAME_MAX 64

/* The domain for vm as a string.  disk_paths[i] is the file virt-v2v
 * should open for the i-th VBD that carries data (ova_vbd_has_data), in
 * vm->vbds order, as xvafile numbers its disks; nr_disks must be their
 * number.  Returns the XML (caller frees) or NULL with the error set.
 */
extern char *libvirt_xml_format (const struct ova_vm *vm,
                                 char *const *disk_paths, size_t nr_disks);

/* Write the domain for x to path.  disk_paths[i] is the file virt-v2v
 * should open for disk i (a qcow2 overlay whose backing file is the
 * disk's NBD export).  Returns 0, or -1 with the error set.
 */
extern int libvirt_xml_write (const struct xvafile *x,
                              char *const *disk_paths, const char *path);

#endif /* XVA_LIBVIRT_XML_H */

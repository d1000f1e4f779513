/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The VM of an XVA as a libvirt domain, in the forms virt-v2v 2.2's
 * "-i libvirtxml" reads (input/parse_libvirt_xml.ml; see
 * virt-v2v-integration.md section 3).
 */

#ifndef XVA_LIBVIRT_XML_H
#define XVA_LIBVIRT_XML_H

#include "xvafile.h"

/* Write the domain for x to path.  disk_paths[i] is the file virt-v2v
 * should open for disk i (a qcow2 overlay whose backing file is the
 * disk's NBD export).  Returns 0, or -1 with the error set.
 */
extern int libvirt_xml_write (const struct xvafile *x,
                              char *const *disk_paths, const char *path);

#endif /* XVA_LIBVIRT_XML_H */

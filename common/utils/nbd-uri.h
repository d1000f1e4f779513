/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The one way our programs name an NBD export on a Unix socket. */

#ifndef XVA_NBD_URI_H
#define XVA_NBD_URI_H

/* "nbd+unix:///EXPORT?socket=SOCKET", the NBD URI form
 * (NetworkBlockDevice/nbd doc/uri.md) that qemu, qemu-img, libnbd and
 * nbdkit's $uri all read, with EXPORT and SOCKET percent-encoded: every
 * byte but unreserved ones ([A-Za-z0-9-._~]) and '/' becomes %XX, so a
 * path holding ' ', '%', '#', '?', '&', ':' or ',' reaches the reader
 * unchanged, and qemu's option parser (which splits on ',') never sees
 * a comma.  Returns the URI (caller frees), or NULL with errno set.
 */
extern char *nbd_uri_unix (const char *export, const char *socket);

#endif /* XVA_NBD_URI_H */

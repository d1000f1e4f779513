/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* An open XVA: the one reader every program uses.  Opening indexes the
 * tar once (member data is never read), parses ova.xml and builds the
 * chunk map of each disk; after that the handle is immutable and every
 * read is a pread, so it can be shared by any number of threads.
 */

#ifndef XVA_XVAFILE_H
#define XVA_XVAFILE_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "checksum.h"
#include "compression.h"
#include "ova-xml.h"
#include "xva-error.h"

/* The handle hides how the tar is indexed and how disk offsets map to
 * chunks (tar-index.h, chunk-map.h): a program reads disks and checks
 * chunks through the functions below.  Library-level code that walks
 * the chunks itself (chunk-walk.h) includes chunk-map.h.
 */
struct xvafile;
struct chunk_info;
struct chunk_map;
struct xva_source;

/* One disk of the VM. */
struct xva_disk {
  size_t index;                 /* position in userdevice order, from 0 */
  const char *ref;              /* VDI id = tar directory, e.g. "Ref:12" */
  const struct ova_vbd *vbd;    /* NULL for the suspend image */
  const struct ova_vdi *vdi;
  uint64_t virtual_size;
  const struct chunk_map *map;  /* NULL when the export has no data;
                                   see chunk-map.h */
};

/* Open and index path.  Compressed XVAs are first decompressed into an
 * anonymous temporary file in $TMPDIR.  Returns the handle (caller
 * closes with xvafile_close) or NULL with the error set.
 */
extern struct xvafile *xvafile_open (const char *path);

/* The same, with display naming the file in messages instead of path
 * (nbdkit xva's name=: the name the user gave, not the absolute path).
 */
extern struct xvafile *xvafile_open_as (const char *path,
                                        const char *display);

/* Open and index the uncompressed XVA tar already open on fd, which
 * must be a readable regular file or block device (it is read with
 * pread only, so its file offset does not matter and is not moved).
 * display names it in messages.  Compressed data is refused: it cannot
 * be read at random offsets.  The handle takes fd over whatever
 * happens: xvafile_close closes it, and so does a failure here.
 * Returns the handle (caller closes with xvafile_close) or NULL with
 * the error set.
 */
extern struct xvafile *xvafile_open_fd (int fd, const char *display);

/* Open and index the uncompressed XVA that src reads; display names it
 * in messages.  src is copied, but what its opaque pointer refers to
 * must stay valid until xvafile_close.  Compressed input is refused.
 * Returns the handle (caller closes with xvafile_close) or NULL with the
 * error set.
 */
extern struct xvafile *xvafile_open_source (const struct xva_source *src,
                                            const char *display);
extern void xvafile_close (struct xvafile *x);

/* The descriptor of the decompressed tar when the XVA was compressed
 * (an anonymous temporary file, opened O_CLOEXEC), or -1 when the XVA
 * is read in place.  It belongs to the handle: valid until
 * xvafile_close, which closes it; do not close it.  Another process
 * given a copy (xvafile_open_fd in nbdkit xva's fd=) can read it
 * without decompressing again, and keeps the file alive after this
 * handle is closed.  Copies share the file offset: read with pread.
 */
extern int xvafile_spool_fd (const struct xvafile *x);

/* The path as given to xvafile_open (used in messages). */
extern const char *xvafile_display (const struct xvafile *x);

extern const struct ova_vm *xvafile_vm (const struct xvafile *x);

/* Disks that carry data (VBDs of type Disk), in userdevice order. */
extern size_t xvafile_nr_disks (const struct xvafile *x);
extern const struct xva_disk *xvafile_disk (const struct xvafile *x,
                                            size_t i);

/* The memory image of a suspended VM, or NULL.  Never converted. */
extern const struct xva_disk *xvafile_suspend_image (const struct xvafile *x);

/* Find a disk by position ("0", "1"...) or by reference ("Ref:12").
 * Returns it, or NULL with the error set.
 */
extern const struct xva_disk *xvafile_lookup_disk (const struct xvafile *x,
                                                   const char *spec);

/* True for an export of metadata only: disks are described, no data. */
extern bool xvafile_metadata_only (const struct xvafile *x);

/* The tar's flavour ("gnu", "pax"...: tar_flavour_name).  Static
 * string.
 */
extern const char *xvafile_tar_flavour_name (const struct xvafile *x);
extern enum xva_compression xvafile_compression (const struct xvafile *x);

/* Size of the (decompressed) tar in bytes. */
extern uint64_t xvafile_tar_size (const struct xvafile *x);

/* Bytes read so far from the XVA file (or its decompressed spool), by
 * every thread: the index and the data.  0 for an in-memory source.
 */
extern uint64_t xvafile_bytes_read (const struct xvafile *x);

/* Checksum kinds seen in the archive: bit (1 << kind). */
extern unsigned xvafile_checksum_kinds (const struct xvafile *x);

/* Warnings gathered while opening (odd but readable input). */
extern size_t xvafile_nr_warnings (const struct xvafile *x);
extern const char *xvafile_warning (const struct xvafile *x, size_t i);

/* Read count bytes at offset of the (decompressed) tar.  Returns 0, or
 * -1 with the error set.
 */
extern int xvafile_read_tar (const struct xvafile *x, void *buf,
                             size_t count, uint64_t offset);

/* Read count bytes at offset of a disk; holes read as zeros.  The range
 * must lie inside the disk.  Returns 0, or -1 with the error set.
 */
extern int xvafile_pread (const struct xvafile *x, const struct xva_disk *d,
                          void *buf, size_t count, uint64_t offset);

/* Call fn for each run of data or hole that covers [offset, offset+count)
 * of a disk, in order.  Runs may extend past the range.  fn returns 0,
 * or -1 to stop (xvafile_extents then returns -1).
 */
typedef int (*xva_extent_fn) (void *opaque, uint64_t offset, uint64_t length,
                              bool hole);
extern int xvafile_extents (const struct xvafile *x, const struct xva_disk *d,
                            uint64_t offset, uint64_t count,
                            xva_extent_fn fn, void *opaque);

/* Number of stored chunks of disk d (0 when it has no data).  They are
 * numbered from 0 in disk order; absent chunks read as zeros.
 */
extern size_t xvafile_nr_chunks (const struct xvafile *x,
                                 const struct xva_disk *d);

/* The stored chunks of disk d holding bytes of [offset, offset+count):
 * those numbered *first up to but not including *end (*first == *end
 * when the range is all holes).
 */
extern void xvafile_chunk_range (const struct xvafile *x,
                                 const struct xva_disk *d,
                                 uint64_t offset, uint64_t count,
                                 size_t *first, size_t *end);

/* Check stored chunk i of disk d (i < xvafile_nr_chunks): read its data
 * and its checksum member and compare.  *number and *kind are set to
 * the chunk's number (from its member name) and checksum kind, for
 * logs.  Returns 1 if they match, 2 if the chunk has no checksum
 * member, 0 on a mismatch, with *mismatch set to the message as
 * xvafile_mismatch_message makes it (caller frees; NULL when out of
 * memory), or -1 with the error set.  *mismatch is NULL but on a
 * mismatch.
 */
extern int xvafile_verify_chunk (const struct xvafile *x,
                                 const struct xva_disk *d, size_t i,
                                 uint64_t *number, enum checksum_kind *kind,
                                 char **mismatch);

/* Result of checking one chunk. */
struct xva_chunk_check {
  char expected[CHECKSUM_HEX_MAX];
  char actual[CHECKSUM_HEX_MAX];
};

/* Check entry ci of disk d against its checksum member.  data holds the
 * chunk's ci->length bytes; stored holds the checksum text, or is NULL
 * to have it read here.  Returns 1 if it matches, 0 on a mismatch (with
 * *check filled), 2 if the chunk has no checksum, -1 on a read error.
 */
extern int xvafile_check_chunk (const struct xvafile *x,
                                const struct chunk_info *ci,
                                const void *data, const char *stored,
                                struct xva_chunk_check *check);

/* Message for a mismatch, as programs print it:
 * "VM.xva: corrupt XVA: Ref:12/00000004 (disk 0, offset 4194304):
 * checksum mismatch (expected ..., got ...)".  Caller frees.
 */
extern char *xvafile_mismatch_message (const struct xvafile *x,
                                       const struct xva_disk *d,
                                       const struct chunk_info *ci,
                                       const struct xva_chunk_check *check);

#endif /* XVA_XVAFILE_H */

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* nbdkit xva plugin: serve every disk of a XenServer XVA over NBD, read
 * in place.  One export per disk; holes read as zeros and are reported
 * as such; checksums are checked once per chunk, on its first read.
 */

#include <config.h>

#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <unistd.h>
#include <sys/stat.h>

#include <archive.h>
#include <libxml/xmlversion.h>
#include <xxhash.h>

#define NBDKIT_API_VERSION 2
#include <nbdkit-plugin.h>

#include "compression.h"
#include "escape.h"
#include "xvafile.h"

/* file=: the XVA (magic key). */
static char *filename;

/* fd=: an inherited descriptor open on an uncompressed XVA tar. */
static int fd_param = -1;

/* name=: what messages call the XVA (default: the file, or "fd=N"). */
static char *name_param;

/* disk=: the default export, by position or Ref: name. */
static char *default_disk;

/* verify=: what to do with checksums. */
static enum checksum_policy policy = CHECKSUM_POLICY_VERIFY;

/* -D xva.chunks=1: log every chunk checked. */
NBDKIT_DLL_PUBLIC int xva_debug_chunks;

/* From config_complete: the name used in messages, and fd='s
 * descriptor (a close-on-exec copy, until get_ready hands it over).
 */
static char *display;
static int tar_fd = -1;

/* The open XVA, shared by every connection (immutable after get_ready). */
static struct xvafile *xva;
static const struct xva_disk *default_d;

/* Per disk: one bit per stored chunk, set once its checksum matched
 * (or mismatched under verify=warn).  Bits are only ever set, with
 * atomic ORs, so readers never take a lock; two threads may check the
 * same chunk at once, which is harmless.
 */
static unsigned char **verified;

/* Messages from the XVA's reader name its tar members and ova.xml's
 * strings, which may hold newlines and escape sequences, and nbdkit
 * prints what it is given as it is: every message about the XVA goes
 * out through here, escaped (escape.h) as virt-xva's are.  Keeps
 * errno, for nbdkit_error's callers and for "%m" in fs.
 */
enum say_kind { SAY_ERROR, SAY_WARNING, SAY_DEBUG };

static void say (enum say_kind kind, const char *fs, ...)
  __attribute__ ((__format__ (__printf__, 2, 3)));

static void
say (enum say_kind kind, const char *fs, ...)
{
  const int e = errno;
  char *msg = NULL, *esc = NULL;
  const char *out;
  va_list args;
  int r;

  va_start (args, fs);
  r = vasprintf (&msg, fs, args);
  va_end (args);
  if (r >= 0)
    esc = escape_string (msg);
  free (msg);
  out = esc ? esc : "(the message was lost: out of memory)";
  switch (kind) {
  case SAY_ERROR:
    nbdkit_error ("%s", out);
    break;
  case SAY_WARNING:             /* shown without -v, as errors are */
    fprintf (stderr, "nbdkit: xva: warning: %s\n", out);
    break;
  case SAY_DEBUG:
    nbdkit_debug ("%s", out);
    break;
  }
  free (esc);
  errno = e;
}

static void
xva_unload (void)
{
  size_t i;

  /* How much of the file the whole run read (index, data and the
   * chunks read whole to check their checksums).
   */
  if (xva)
    say (SAY_DEBUG, "%s: read %" PRIu64 " bytes of the %" PRIu64
         "-byte XVA", display, xvafile_bytes_read (xva),
         xvafile_tar_size (xva));
  if (xva && verified)
    for (i = 0; i < xvafile_nr_disks (xva); ++i)
      free (verified[i]);
  free (verified);
  xvafile_close (xva);
  if (tar_fd >= 0)
    close (tar_fd);
  free (filename);
  free (name_param);
  free (display);
  free (default_disk);
}

static int
xva_config (const char *key, const char *value)
{
  if (strcmp (key, "file") == 0) {
    free (filename);
    filename = nbdkit_realpath (value);
    if (filename == NULL)
      return -1;
  }
  else if (strcmp (key, "fd") == 0) {
    if (nbdkit_parse_int ("fd", value, &fd_param) == -1)
      return -1;
    if (fd_param < 0) {
      nbdkit_error ("fd must be a file descriptor number, not '%s'", value);
      return -1;
    }
  }
  else if (strcmp (key, "name") == 0) {
    free (name_param);
    name_param = strdup (value);
    if (name_param == NULL) {
      nbdkit_error ("strdup: %m");
      return -1;
    }
  }
  else if (strcmp (key, "disk") == 0) {
    free (default_disk);
    default_disk = strdup (value);
    if (default_disk == NULL) {
      nbdkit_error ("strdup: %m");
      return -1;
    }
  }
  else if (strcmp (key, "verify") == 0) {
    if (checksum_policy_parse (value, &policy) == -1) {
      nbdkit_error ("verify must be verify, warn or ignore, not '%s'",
                    value);
      return -1;
    }
  }
  else {
    nbdkit_error ("unknown parameter '%s'", key);
    return -1;
  }
  return 0;
}

/* What fd= must not be, for the message. */
static const char *
file_kind (mode_t mode)
{
  if (S_ISFIFO (mode)) return "a pipe";
  if (S_ISSOCK (mode)) return "a socket";
  if (S_ISCHR (mode)) return "a character device";
  if (S_ISDIR (mode)) return "a directory";
  return "not a regular file or block device";
}

/* Check fd= and take a close-on-exec copy of it into tar_fd, so that
 * neither the --run command nor anything else nbdkit starts inherits
 * it.  Everything that can be wrong with the descriptor is said here.
 */
static int
take_fd (void)
{
  unsigned char magic[8];
  enum xva_compression c;
  struct stat st;
  ssize_t r;
  int fl;

  tar_fd = fcntl (fd_param, F_DUPFD_CLOEXEC, 3);
  if (tar_fd == -1) {
    if (errno == EBADF)
      nbdkit_error ("fd=%d: not an open file descriptor", fd_param);
    else
      nbdkit_error ("fd=%d: fcntl: %m", fd_param);
    return -1;
  }
  /* The copy is ours: stdin, stdout and stderr stay nbdkit's. */
  if (fd_param > STDERR_FILENO)
    close (fd_param);
  fl = fcntl (tar_fd, F_GETFL);
  if (fl == -1) {
    nbdkit_error ("fd=%d: fcntl: %m", fd_param);
    return -1;
  }
  if ((fl & O_ACCMODE) == O_WRONLY) {
    nbdkit_error ("fd=%d: not open for reading", fd_param);
    return -1;
  }
  if (fstat (tar_fd, &st) == -1) {
    nbdkit_error ("fd=%d: fstat: %m", fd_param);
    return -1;
  }
  if (!S_ISREG (st.st_mode) && !S_ISBLK (st.st_mode)) {
    nbdkit_error ("fd=%d: %s: fd= needs a regular file or block device "
                  "(NBD reads at random offsets)", fd_param,
                  file_kind (st.st_mode));
    return -1;
  }
  r = pread (tar_fd, magic, sizeof magic, 0);
  if (r == -1) {
    nbdkit_error ("fd=%d: read: %m", fd_param);
    return -1;
  }
  c = xva_compression_detect (magic, r);
  if (c != XVA_COMPRESSION_NONE) {
    nbdkit_error ("fd=%d: %s-compressed data: fd= takes an uncompressed "
                  "XVA tar (give a compressed XVA with file=)", fd_param,
                  xva_compression_name (c));
    return -1;
  }
  return 0;
}

static int
xva_config_complete (void)
{
  if (filename && fd_param >= 0) {
    nbdkit_error ("file= and fd= cannot be used together: give one");
    return -1;
  }
  if (filename == NULL && fd_param == -1) {
    nbdkit_error ("you must supply the file=<XVA> or fd=<N> parameter "
                  "after the plugin name on the command line");
    return -1;
  }
  if (name_param)
    display = strdup (name_param);
  else if (filename)
    display = strdup (filename);
  else if (asprintf (&display, "fd=%d", fd_param) == -1)
    display = NULL;
  if (display == NULL) {
    nbdkit_error ("strdup: %m");
    return -1;
  }
  if (fd_param >= 0)
    return take_fd ();
  return 0;
}

#define xva_config_help \
  "[file=]<XVA>        The XVA file to serve (or fd=).\n" \
  "fd=<N>              Serve the uncompressed XVA tar open on inherited\n" \
  "                    file descriptor N instead of file=.\n" \
  "name=<NAME>         Call the XVA NAME in messages.\n" \
  "disk=<N>|<REF>      Default export: disk N in userdevice order,\n" \
  "                    or the disk stored in Ref:... (default: the\n" \
  "                    bootable disk, else the first).\n" \
  "verify=verify|warn|ignore  Check chunk checksums on first read\n" \
  "                    (default: verify; error and off are aliases\n" \
  "                    of verify and ignore)."

/* The reader's notices (before decompressing a compressed XVA): the
 * space it needs as debug output, a warning when it may not fit.
 */
static void
xva_notice_to_nbdkit (enum xva_notice_level level, const char *msg)
{
  say (level == XVA_NOTICE_WARNING ? SAY_WARNING : SAY_DEBUG, "%s", msg);
}

/* Open and index the XVA once, before the server forks: any problem
 * with the file is reported here, not at the first connection.
 */
static int
xva_get_ready (void)
{
  size_t i, n;

  xva_set_notice_handler (xva_notice_to_nbdkit);

  if (tar_fd >= 0) {
    xva = xvafile_open_fd (tar_fd, display);
    tar_fd = -1;                /* the handle has it now, or closed it */
  }
  else
    xva = xvafile_open_as (filename, display);
  if (xva == NULL) {
    say (SAY_ERROR, "%s", xva_last_error ());
    return -1;
  }
  if (xvafile_spool_fd (xva) >= 0)
    say (SAY_DEBUG, "%s: %s-compressed: decompressed into a temporary "
         "file of %" PRIu64 " bytes", display,
         xva_compression_name (xvafile_compression (xva)),
         xvafile_tar_size (xva));
  else if (fd_param >= 0)
    say (SAY_DEBUG, "%s: reading the uncompressed tar on fd=%d in place",
         display, fd_param);
  for (i = 0; i < xvafile_nr_warnings (xva); ++i)
    say (SAY_DEBUG, "warning: %s", xvafile_warning (xva, i));
  if (xvafile_metadata_only (xva)) {
    say (SAY_ERROR, "%s: metadata-only export: there is no disk data to "
         "serve", display);
    return -1;
  }
  n = xvafile_nr_disks (xva);
  if (n == 0) {
    say (SAY_ERROR, "%s: the VM has no disks to serve", display);
    return -1;
  }

  if (default_disk) {
    default_d = xvafile_lookup_disk (xva, default_disk);
    if (default_d == NULL) {
      say (SAY_ERROR, "%s", xva_last_error ());
      return -1;
    }
  }
  else {
    default_d = xvafile_disk (xva, 0);
    for (i = 0; i < n; ++i)
      if (xvafile_disk (xva, i)->vbd->bootable) {
        default_d = xvafile_disk (xva, i);
        break;
      }
  }

  verified = calloc (n, sizeof *verified);
  if (verified == NULL) {
    nbdkit_error ("calloc: %m");
    return -1;
  }
  for (i = 0; i < n; ++i) {
    size_t entries = xvafile_nr_chunks (xva, xvafile_disk (xva, i));
    verified[i] = calloc (entries / 8 + 1, 1);
    if (verified[i] == NULL) {
      nbdkit_error ("calloc: %m");
      return -1;
    }
  }
  say (SAY_DEBUG, "%s: %zu disk(s), default export %s", display, n,
       default_d->ref);
  return 0;
}

/* The export's description, for people (nbdinfo --list shows it): the
 * names in it are escaped (escape.h).
 */
static void
describe (const struct xva_disk *d, char *buf, size_t len)
{
  char *name = escape_string (d->vdi->name[0] ? d->vdi->name : d->ref);
  char *device = escape_string (d->vbd->device);

  snprintf (buf, len, "disk %zu: %s%s%s, %" PRIu64 " bytes%s%s",
            d->index, name ? name : "?", d->vbd->device[0] ? " on " : "",
            device ? device : "?", d->virtual_size,
            d->vbd->bootable ? ", bootable" : "",
            d == default_d ? " (default)" : "");
  free (name);
  free (device);
}

static int
xva_list_exports (int readonly, int is_tls, struct nbdkit_exports *exports)
{
  size_t i;
  char desc[512];

  for (i = 0; i < xvafile_nr_disks (xva); ++i) {
    const struct xva_disk *d = xvafile_disk (xva, i);
    describe (d, desc, sizeof desc);
    if (nbdkit_add_export (exports, d->ref, desc) == -1)
      return -1;
  }
  return 0;
}

static const char *
xva_default_export (int readonly, int is_tls)
{
  return default_d->ref;
}

#define THREAD_MODEL NBDKIT_THREAD_MODEL_PARALLEL

/* The handle is the disk the client chose. */
static void *
xva_open (int readonly)
{
  const char *name = nbdkit_export_name ();
  const struct xva_disk *d;

  if (name == NULL || name[0] == '\0')
    return (void *) default_d;
  d = xvafile_lookup_disk (xva, name);
  if (d == NULL) {
    say (SAY_ERROR, "%s", xva_last_error ());
    errno = ENOENT;
    return NULL;
  }
  return (void *) d;
}

static const char *
xva_export_description (void *handle)
{
  char desc[512];

  describe (handle, desc, sizeof desc);
  return nbdkit_strdup_intern (desc);
}

static int64_t
xva_get_size (void *handle)
{
  const struct xva_disk *d = handle;
  return d->virtual_size;
}

/* Read-only, no cache of our own: every connection sees the same. */
static int
xva_can_multi_conn (void *handle)
{
  return 1;
}

static int
xva_can_cache (void *handle)
{
  return NBDKIT_CACHE_EMULATE;
}

/* Check entry i of disk d, once.  Returns 0 or -1 (EIO, logged). */
static int
check_chunk (const struct xva_disk *d, size_t i)
{
  unsigned char *bits = verified[d->index];
  const unsigned char bit = 1u << (i % 8);
  enum checksum_kind kind;
  uint64_t number;
  char *msg;
  int r;

  if (__atomic_load_n (&bits[i / 8], __ATOMIC_ACQUIRE) & bit)
    return 0;
  r = xvafile_verify_chunk (xva, d, i, &number, &kind, &msg);
  if (r == -1) {
    say (SAY_ERROR, "%s", xva_last_error ());
    errno = xva_last_errno () == ENOMEM ? ENOMEM : EIO;
    return -1;
  }
  if (r == 2)                   /* no checksum member */
    goto done;
  if (xva_debug_chunks)
    say (SAY_DEBUG, "%s/%08" PRIu64 ": %s %s", d->ref, number,
         checksum_kind_name (kind), r ? "ok" : "mismatch");
  if (r == 0) {
    if (policy == CHECKSUM_POLICY_VERIFY) {
      say (SAY_ERROR, "%s", msg ? msg : "checksum mismatch");
      free (msg);
      errno = EIO;
      return -1;
    }
    /* Several requests may have checked this chunk at once: only the
     * one that marks it logs, so each bad chunk is reported once.
     */
    if (!(__atomic_fetch_or (&bits[i / 8], bit, __ATOMIC_ACQ_REL) & bit))
      say (SAY_WARNING, "%s", msg ? msg : "checksum mismatch");
    free (msg);
    return 0;
  }
 done:
  __atomic_or_fetch (&bits[i / 8], bit, __ATOMIC_RELEASE);
  return 0;
}

static int
xva_pread (void *handle, void *buf, uint32_t count, uint64_t offset,
           uint32_t flags)
{
  const struct xva_disk *d = handle;

  if (policy != CHECKSUM_POLICY_IGNORE) {
    size_t i, end;

    xvafile_chunk_range (xva, d, offset, count, &i, &end);
    for (; i < end; ++i)
      if (check_chunk (d, i) == -1)
        return -1;
  }
  if (xvafile_pread (xva, d, buf, count, offset) == -1) {
    say (SAY_ERROR, "%s", xva_last_error ());
    errno = xva_last_errno () ? xva_last_errno () : EIO;
    return -1;
  }
  return 0;
}

static int
add_extent (void *opaque, uint64_t offset, uint64_t length, bool hole)
{
  struct nbdkit_extents *extents = opaque;
  return nbdkit_add_extent (extents, offset, length,
                            hole ? NBDKIT_EXTENT_HOLE | NBDKIT_EXTENT_ZERO
                            : 0);
}

static int
xva_extents (void *handle, uint32_t count, uint64_t offset, uint32_t flags,
             struct nbdkit_extents *extents)
{
  const struct xva_disk *d = handle;
  return xvafile_extents (xva, d, offset, count, add_extent, extents);
}

static void
xva_dump_plugin (void)
{
  printf ("xva_fd=yes\n");
  printf ("xva_gzip=yes\n");
  printf ("xva_zstd=yes\n");
  printf ("xva_sha1=yes\n");
  printf ("xva_xxhash=yes\n");
  printf ("xva_verify=verify,warn,ignore\n");
  printf ("xva_libarchive_version=%s\n", archive_version_string ());
  printf ("xva_libxml2_version=%s\n", LIBXML_DOTTED_VERSION);
  printf ("xva_xxhash_version=%u\n", (unsigned) XXH_versionNumber ());
}

static struct nbdkit_plugin plugin = {
  .name               = "xva",
  .longname           = "nbdkit XenServer XVA plugin",
  .version            = PACKAGE_VERSION,
  .description        = "Serves the disks of a XenServer / XCP-ng XVA "
                        "export in place.",
  .unload             = xva_unload,
  .config             = xva_config,
  .config_complete    = xva_config_complete,
  .config_help        = xva_config_help,
  .magic_config_key   = "file",
  .get_ready          = xva_get_ready,
  .list_exports       = xva_list_exports,
  .default_export     = xva_default_export,
  .open               = xva_open,
  .export_description = xva_export_description,
  .get_size           = xva_get_size,
  .can_multi_conn     = xva_can_multi_conn,
  .can_cache          = xva_can_cache,
  .pread              = xva_pread,
  .extents            = xva_extents,
  .dump_plugin        = xva_dump_plugin,
  .errno_is_preserved = 1,
};

NBDKIT_REGISTER_PLUGIN (plugin)

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* virt-xva inspect [--json] VM.xva
 *
 * What is inside the guest, read in place through libguestfs.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <getopt.h>
#include <inttypes.h>

#include "cleanup.h"
#include "escape.h"
#include "guest.h"
#include "human-size.h"
#include "virt-xva.h"

void
usage_inspect (FILE *fp)
{
  fprintf (fp, "  %s inspect [--json] [--checksum=verify|warn|ignore] "
           "VM.xva\n", progname);
}

struct fs_info {
  char *device;
  char *type;
  int64_t size;                 /* -1 if not mountable */
  int64_t used;
};

/* Every filesystem, with its size and use (each mounted read-only on
 * its own, then unmounted).
 */
static struct fs_info *
list_filesystems (struct guest *gu, size_t *n)
{
  char **fs = guestfs_list_filesystems (gu->g);
  struct fs_info *ret;
  size_t i, k;

  *n = 0;
  if (fs == NULL) {
    guest_error (gu, "list_filesystems");
    return NULL;
  }
  for (k = 0; fs[k]; k += 2)
    ;
  ret = calloc (k / 2 + 1, sizeof *ret);
  for (i = 0; ret && i < k; i += 2) {
    struct fs_info *f = &ret[(*n)++];
    struct guestfs_statvfs *sv;

    f->device = fs[i];
    f->type = fs[i+1];
    f->size = f->used = -1;
    if (strcmp (f->type, "swap") == 0 || strcmp (f->type, "unknown") == 0)
      continue;
    guestfs_umount_all (gu->g);
    if (guestfs_mount_ro (gu->g, f->device, "/") == -1)
      continue;
    sv = guestfs_statvfs (gu->g, "/");
    if (sv) {
      f->size = sv->blocks * sv->frsize;
      f->used = (sv->blocks - sv->bfree) * sv->frsize;
      guestfs_free_statvfs (sv);
    }
    guestfs_umount_all (gu->g);
  }
  free (fs);
  return ret;
}

struct os_info {
  char *root, *type, *distro, *product, *arch, *hostname, *pkgfmt, *pkgmgr,
    *osinfo;
  int major, minor;
  char **mountpoints;           /* mountpoint, device, ... */
  char **kernels;               /* versions from /boot/vmlinuz-* */
  bool xen_only;
  int apps;
};

static char *
str_or_unknown (char *s)
{
  return s ? s : strdup ("unknown");
}

static void
inspect_os (struct guest *gu, const char *root, struct os_info *o)
{
  guestfs_h *g = gu->g;
  struct guestfs_application2_list *apps;
  char **boot;
  size_t i, nk = 0, nonxen = 0;

  o->root = strdup (root);
  o->type = str_or_unknown (guestfs_inspect_get_type (g, root));
  o->distro = str_or_unknown (guestfs_inspect_get_distro (g, root));
  o->product = str_or_unknown (guestfs_inspect_get_product_name (g, root));
  o->arch = str_or_unknown (guestfs_inspect_get_arch (g, root));
  o->hostname = str_or_unknown (guestfs_inspect_get_hostname (g, root));
  o->pkgfmt = str_or_unknown (guestfs_inspect_get_package_format (g, root));
  o->pkgmgr = str_or_unknown (guestfs_inspect_get_package_management (g, root));
  o->osinfo = str_or_unknown (guestfs_inspect_get_osinfo (g, root));
  o->major = guestfs_inspect_get_major_version (g, root);
  o->minor = guestfs_inspect_get_minor_version (g, root);
  o->mountpoints = guestfs_inspect_get_mountpoints (g, root);
  o->apps = -1;
  o->kernels = calloc (1, sizeof (char *));

  guestfs_umount_all (g);
  guest_mount_os (gu, root);
  apps = guestfs_inspect_list_applications2 (g, root);
  if (apps) {
    o->apps = apps->len;
    guestfs_free_application2_list (apps);
  }
  /* Kernels: a PV guest whose only kernels are Xen ones cannot boot on
   * KVM, and virt-v2v refuses it.
   */
  boot = strcmp (o->type, "linux") == 0 && guestfs_is_dir (g, "/boot") > 0 ?
    guestfs_ls (g, "/boot") : NULL;
  for (i = 0; boot && boot[i]; ++i) {
    char **k;
    if (strncmp (boot[i], "vmlinuz-", 8) != 0)
      continue;
    k = realloc (o->kernels, (nk + 2) * sizeof *k);
    if (k == NULL)
      break;
    o->kernels = k;
    o->kernels[nk++] = strdup (boot[i] + 8);
    o->kernels[nk] = NULL;
    if (strcasestr (boot[i], "xen") == NULL)
      nonxen++;
  }
  o->xen_only = nk > 0 && nonxen == 0;
  guest_free_strings (boot);
  guestfs_umount_all (g);
}

static void
free_os (struct os_info *o)
{
  free (o->root); free (o->type); free (o->distro); free (o->product);
  free (o->arch); free (o->hostname); free (o->pkgfmt); free (o->pkgmgr);
  free (o->osinfo);
  guest_free_strings (o->mountpoints);
  guest_free_strings (o->kernels);
}

static void
print_text (FILE *fp, struct guest *gu, struct os_info *os, size_t nos,
            struct fs_info *fs, size_t nfs)
{
  char hs[HUMAN_SIZE_LEN];
  size_t i, j;

  text_field (fp, "file", xvafile_display (gu->x));
  fprintf (fp, "disks: %zu\n", xvafile_nr_disks (gu->x));
  if (nos == 0)
    fprintf (fp, "operating systems: none found (data disks only?)\n");
  for (i = 0; i < nos; ++i) {
    struct os_info *o = &os[i];
    text_field (fp, "operating system", o->root);
    text_field (fp, "  type", o->type);
    text_field (fp, "  distro", o->distro);
    text_field (fp, "  product name", o->product);
    fprintf (fp, "  version: %d.%d\n", o->major, o->minor);
    text_field (fp, "  arch", o->arch);
    text_field (fp, "  hostname", o->hostname);
    text_field (fp, "  osinfo", o->osinfo);
    fprintf (fp, "  packages: ");
    escape_fputs (o->pkgfmt, fp);
    fprintf (fp, " (");
    escape_fputs (o->pkgmgr, fp);
    fputc (')', fp);
    if (o->apps >= 0)
      fprintf (fp, ", %d installed", o->apps);
    fputc ('\n', fp);
    for (j = 0; o->mountpoints && o->mountpoints[j]; j += 2) {
      fprintf (fp, "  mountpoint: ");
      escape_fputs (o->mountpoints[j], fp);
      fprintf (fp, " on ");
      escape_fputs (o->mountpoints[j+1], fp);
      fputc ('\n', fp);
    }
    for (j = 0; o->kernels[j]; ++j)
      text_field (fp, "  kernel", o->kernels[j]);
    if (o->xen_only)
      fprintf (fp, "  warning: only Xen kernels are installed: install a "
               "standard kernel before converting\n");
  }
  fprintf (fp, "filesystems: %zu\n", nfs);
  for (i = 0; i < nfs; ++i) {
    fprintf (fp, "  ");
    escape_fputs (fs[i].device, fp);
    fprintf (fp, ": ");
    escape_fputs (fs[i].type, fp);
    if (fs[i].size >= 0) {
      fprintf (fp, ", %s", human_size (fs[i].size, hs));
      fprintf (fp, ", %s used", human_size (fs[i].used, hs));
    }
    fputc ('\n', fp);
  }
}

static void
print_json (FILE *fp, struct guest *gu, struct os_info *os, size_t nos,
            struct fs_info *fs, size_t nfs)
{
  size_t i, j;

  fprintf (fp, "{\n  \"file\": ");
  json_string (fp, xvafile_display (gu->x));
  fprintf (fp, ",\n  \"disks\": %zu,\n  \"operating_systems\": [",
           xvafile_nr_disks (gu->x));
  for (i = 0; i < nos; ++i) {
    struct os_info *o = &os[i];
    const char *keys[] = { "root", "type", "distro", "product_name", "arch",
                           "hostname", "package_format",
                           "package_management", "osinfo" };
    const char *vals[] = { o->root, o->type, o->distro, o->product, o->arch,
                           o->hostname, o->pkgfmt, o->pkgmgr, o->osinfo };
    fprintf (fp, "%s\n    {", i ? "," : "");
    for (j = 0; j < sizeof keys / sizeof keys[0]; ++j) {
      fprintf (fp, "\n      \"%s\": ", keys[j]);
      json_string (fp, vals[j]);
      fputc (',', fp);
    }
    fprintf (fp, "\n      \"major_version\": %d,\n      \"minor_version\": %d,"
             "\n      \"applications\": %d,\n      \"mountpoints\": [",
             o->major, o->minor, o->apps);
    for (j = 0; o->mountpoints && o->mountpoints[j]; j += 2) {
      fprintf (fp, "%s\n        {\"mountpoint\": ", j ? "," : "");
      json_string (fp, o->mountpoints[j]);
      fprintf (fp, ", \"device\": ");
      json_string (fp, o->mountpoints[j+1]);
      fputc ('}', fp);
    }
    fprintf (fp, "%s],\n      \"kernels\": [", j ? "\n      " : "");
    for (j = 0; o->kernels[j]; ++j) {
      fprintf (fp, "%s", j ? ", " : "");
      json_string (fp, o->kernels[j]);
    }
    fprintf (fp, "],\n      \"xen_only_kernels\": %s\n    }",
             json_bool (o->xen_only));
  }
  fprintf (fp, "%s],\n  \"filesystems\": [", nos ? "\n  " : "");
  for (i = 0; i < nfs; ++i) {
    fprintf (fp, "%s\n    {\"device\": ", i ? "," : "");
    json_string (fp, fs[i].device);
    fprintf (fp, ", \"type\": ");
    json_string (fp, fs[i].type);
    if (fs[i].size >= 0)
      fprintf (fp, ", \"size\": %" PRIi64 ", \"used\": %" PRIi64,
               fs[i].size, fs[i].used);
    else
      fprintf (fp, ", \"size\": null, \"used\": null");
    fputc ('}', fp);
  }
  fprintf (fp, "%s]\n}\n", nfs ? "\n  " : "");
}

int
do_inspect (int argc, char *argv[])
{
  enum { HELP_OPTION = 0x100, JSON_OPTION, CHECKSUM_OPTION };
  static const struct option long_options[] = {
    { "checksum", required_argument, NULL, CHECKSUM_OPTION },
    { "help", no_argument, NULL, HELP_OPTION },
    { "json", no_argument, NULL, JSON_OPTION },
    { NULL }
  };
  enum checksum_policy policy = CHECKSUM_POLICY_IGNORE;
  struct guest gu;
  struct os_info *os = NULL;
  struct fs_info *fs = NULL;
  CLEANUP_FREE char *out = NULL;
  char **roots;
  size_t nos = 0, nfs = 0, i, outlen;
  bool json = false;
  FILE *fp;
  int c, status = EXIT_FAILURE;

  while ((c = getopt_long (argc, argv, "", long_options, NULL)) != -1) {
    switch (c) {
    case HELP_OPTION: usage_inspect (stdout); return EXIT_SUCCESS;
    case JSON_OPTION: json = true; break;
    case CHECKSUM_OPTION:
      if (parse_checksum_option ("inspect", optarg, &policy) == -1)
        return EXIT_FAILURE;
      break;
    default: usage_inspect (stderr); return EXIT_FAILURE;
    }
  }
  if (argc - optind != 1) {
    error ("inspect: expected one XVA file: try '%s inspect --help'",
           progname);
    return EXIT_FAILURE;
  }
  if (guest_open (&gu, argv[optind], policy) == -1)
    return EXIT_FAILURE;

  roots = guestfs_inspect_os (gu.g);
  if (roots == NULL) {
    guest_error (&gu, "inspection");
    goto out;
  }
  for (nos = 0; roots[nos]; ++nos)
    ;
  os = calloc (nos + 1, sizeof *os);
  for (i = 0; os && i < nos; ++i)
    inspect_os (&gu, roots[i], &os[i]);
  guest_free_strings (roots);
  fs = list_filesystems (&gu, &nfs);
  if (os == NULL || fs == NULL)
    goto out;

  fp = open_memstream (&out, &outlen);
  if (fp == NULL) {
    error ("open_memstream: %m");
    goto out;
  }
  if (json)
    print_json (fp, &gu, os, nos, fs, nfs);
  else
    print_text (fp, &gu, os, nos, fs, nfs);
  if (fclose (fp) == EOF || fwrite (out, 1, outlen, stdout) != outlen ||
      fflush (stdout) == EOF) {
    error ("write: stdout: %m");
    goto out;
  }
  status = EXIT_SUCCESS;

 out:
  for (i = 0; os && i < nos; ++i)
    free_os (&os[i]);
  free (os);
  for (i = 0; fs && i < nfs; ++i) {
    free (fs[i].device);
    free (fs[i].type);
  }
  free (fs);
  guest_close (&gu);
  return status;
}

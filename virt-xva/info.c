/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* virt-xva info [--json] VM.xva */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h>
#include <inttypes.h>

#include "chunk-map.h"
#include "cleanup.h"
#include "escape.h"
#include "human-size.h"
#include "virt-xva.h"

void
usage_info (FILE *fp)
{
  fprintf (fp, "  %s info [--json] VM.xva\n", progname);
}

/* "sha1", "xxhash", "mixed" or "none". */
static const char *
checksum_summary (unsigned kinds)
{
  const unsigned sha1 = 1u << CHECKSUM_SHA1, xxh = 1u << CHECKSUM_XXH64;

  if ((kinds & sha1) && (kinds & xxh))
    return "mixed";
  if (kinds & sha1)
    return "sha1";
  if (kinds & xxh)
    return "xxhash";
  return "none";
}

static const char *
vbd_type_name (enum ova_vbd_type t)
{
  switch (t) {
  case OVA_VBD_CD: return "cd";
  case OVA_VBD_FLOPPY: return "floppy";
  case OVA_VBD_DISK: ;
  }
  return "disk";
}

static const struct chunk_map_stats no_stats;

static const struct chunk_map_stats *
stats_of (const struct xva_disk *d)
{
  return d->map ? chunk_map_stats (d->map) : &no_stats;
}

static void
print_text (FILE *fp, const struct xvafile *x)
{
  const struct ova_vm *vm = xvafile_vm (x);
  const struct xva_disk *susp = xvafile_suspend_image (x);
  char hs[HUMAN_SIZE_LEN];
  size_t i, n;

  text_field (fp, "file", xvafile_display (x));
  fprintf (fp, "format: XVA version 2 (export_vsn %d)\n", vm->export_vsn);
  fprintf (fp, "tar: %s\n", xvafile_tar_flavour_name (x));
  fprintf (fp, "compression: %s\n",
           xva_compression_name (xvafile_compression (x)));
  fprintf (fp, "checksums: %s\n",
           checksum_summary (xvafile_checksum_kinds (x)));
  if (vm->product_brand[0] || vm->product_version[0]) {
    fprintf (fp, "exported by: ");
    escape_fputs (vm->product_brand, fp);
    fputc (' ', fp);
    escape_fputs (vm->product_version, fp);
    if (vm->xapi_version[0]) {
      fprintf (fp, " (xapi ");
      escape_fputs (vm->xapi_version, fp);
      fputc (')', fp);
    }
    fputc ('\n', fp);
  }
  if (xvafile_metadata_only (x))
    fprintf (fp, "metadata only: yes (no disk data in this export)\n");
  text_field (fp, "name", vm->name);
  text_field (fp, "uuid", vm->uuid);
  if (vm->description[0])
    text_field (fp, "description", vm->description);
  fprintf (fp, "memory: %" PRIu64 " (%s)\n", vm->memory,
           human_size (vm->memory, hs));
  fprintf (fp, "vcpus: %u", vm->vcpus_max);
  if (vm->vcpus_at_startup != vm->vcpus_max)
    fprintf (fp, " (%u at startup)", vm->vcpus_at_startup);
  fputc ('\n', fp);
  text_field (fp, "type", vm->domain_type);
  if (vm->hvm) {
    fprintf (fp, "firmware: %s\n",
             vm->firmware == OVA_FIRMWARE_UEFI ? "uefi" : "bios");
    text_field (fp, "boot order", vm->boot_order);
  }
  else if (vm->pv_bootloader[0])
    text_field (fp, "pv bootloader", vm->pv_bootloader);
  text_field (fp, "power state", vm->power_state);
  if (vm->is_template)
    fprintf (fp, "template: yes\n");
  if (vm->is_snapshot)
    fprintf (fp, "snapshot: yes\n");

  n = xvafile_nr_disks (x);
  fprintf (fp, "disks: %zu\n", n);
  for (i = 0; i < n; ++i) {
    const struct xva_disk *d = xvafile_disk (x, i);
    const struct chunk_map_stats *st = stats_of (d);

    fprintf (fp, "  disk %zu: ", i);
    escape_fputs (d->ref, fp);
    fprintf (fp, " userdevice %u", d->vbd->userdevice);
    if (d->vbd->device[0]) {
      fprintf (fp, " (");
      escape_fputs (d->vbd->device, fp);
      fputc (')', fp);
    }
    fprintf (fp, "%s%s\n", d->vbd->bootable ? " bootable" : "",
             d->vbd->read_only ? " read-only" : "");
    text_field (fp, "    name", d->vdi->name);
    fprintf (fp, "    virtual size: %" PRIu64 " (%s)\n", d->virtual_size,
             human_size (d->virtual_size, hs));
    fprintf (fp, "    stored: %" PRIu64 " (%s) in %" PRIu64 " chunks\n",
             st->stored_bytes, human_size (st->stored_bytes, hs), st->members);
  }
  for (i = 0; i < vm->nr_vbds; ++i) {
    const struct ova_vbd *vbd = &vm->vbds[i];
    if (vbd->type == OVA_VBD_DISK && ova_vbd_has_data (vbd))
      continue;
    fprintf (fp, "  %s: userdevice %u", vbd_type_name (vbd->type),
             vbd->userdevice);
    if (vbd->device[0]) {
      fprintf (fp, " (");
      escape_fputs (vbd->device, fp);
      fputc (')', fp);
    }
    fprintf (fp, "%s\n", vbd->vdi ? "" : " empty");
  }
  fprintf (fp, "nics: %zu\n", vm->nr_vifs);
  for (i = 0; i < vm->nr_vifs; ++i) {
    const struct ova_vif *vif = &vm->vifs[i];
    fprintf (fp, "  nic %u: mac ", vif->device);
    escape_fputs (vif->mac[0] ? vif->mac : "(none)", fp);
    fprintf (fp, " network \"");
    escape_fputs (vif->network, fp);
    fprintf (fp, "\" bridge ");
    escape_fputs (vif->bridge[0] ? vif->bridge : "(none)", fp);
    fputc ('\n', fp);
  }
  if (susp) {
    fprintf (fp, "suspend image: ");
    escape_fputs (susp->ref, fp);
    fprintf (fp, ", %" PRIu64 " bytes stored (not converted)\n",
             stats_of (susp)->stored_bytes);
  }
}

static void
print_json (FILE *fp, const struct xvafile *x)
{
  const struct ova_vm *vm = xvafile_vm (x);
  const struct xva_disk *susp = xvafile_suspend_image (x);
  size_t i, n, k;

  fprintf (fp, "{\n  \"file\": ");
  json_string (fp, xvafile_display (x));
  fprintf (fp, ",\n  \"xva_version\": 2,\n  \"export_vsn\": %d,\n",
           vm->export_vsn);
  fprintf (fp, "  \"tar_format\": \"%s\",\n",
           xvafile_tar_flavour_name (x));
  fprintf (fp, "  \"tar_size\": %" PRIu64 ",\n", xvafile_tar_size (x));
  fprintf (fp, "  \"compression\": \"%s\",\n",
           xva_compression_name (xvafile_compression (x)));
  fprintf (fp, "  \"checksum\": \"%s\",\n",
           checksum_summary (xvafile_checksum_kinds (x)));
  fprintf (fp, "  \"product_brand\": ");
  json_string (fp, vm->product_brand);
  fprintf (fp, ",\n  \"product_version\": ");
  json_string (fp, vm->product_version);
  fprintf (fp, ",\n  \"xapi_version\": ");
  json_string (fp, vm->xapi_version);
  fprintf (fp, ",\n  \"metadata_only\": %s,\n",
           json_bool (xvafile_metadata_only (x)));
  fprintf (fp, "  \"name\": ");
  json_string (fp, vm->name);
  fprintf (fp, ",\n  \"uuid\": ");
  json_string (fp, vm->uuid);
  fprintf (fp, ",\n  \"description\": ");
  json_string (fp, vm->description);
  fprintf (fp, ",\n  \"memory\": %" PRIu64 ",\n", vm->memory);
  fprintf (fp, "  \"memory_dynamic_max\": %" PRIu64 ",\n",
           vm->memory_dynamic_max);
  fprintf (fp, "  \"vcpus\": %u,\n  \"vcpus_at_startup\": %u,\n",
           vm->vcpus_max, vm->vcpus_at_startup);
  fprintf (fp, "  \"hvm\": %s,\n  \"domain_type\": ", json_bool (vm->hvm));
  json_string (fp, vm->domain_type);
  fprintf (fp, ",\n  \"firmware\": \"%s\",\n",
           vm->firmware == OVA_FIRMWARE_UEFI ? "uefi" : "bios");
  fprintf (fp, "  \"boot_order\": ");
  json_string (fp, vm->boot_order);
  fprintf (fp, ",\n  \"pv_bootloader\": ");
  json_string (fp, vm->pv_bootloader);
  fprintf (fp, ",\n  \"power_state\": ");
  json_string (fp, vm->power_state);
  fprintf (fp, ",\n  \"is_template\": %s,\n  \"is_snapshot\": %s,\n",
           json_bool (vm->is_template), json_bool (vm->is_snapshot));
  fprintf (fp, "  \"platform\": {");
  for (k = 0; k < vm->nr_platform; ++k) {
    fprintf (fp, "%s\n    ", k ? "," : "");
    json_string (fp, vm->platform[k].key);
    fprintf (fp, ": ");
    json_string (fp, vm->platform[k].value);
  }
  fprintf (fp, "%s},\n", vm->nr_platform ? "\n  " : "");

  n = xvafile_nr_disks (x);
  fprintf (fp, "  \"disks\": [");
  for (i = 0; i < n; ++i) {
    const struct xva_disk *d = xvafile_disk (x, i);
    const struct chunk_map_stats *st = stats_of (d);

    fprintf (fp, "%s\n    {\n      \"index\": %zu,\n      \"ref\": ",
             i ? "," : "", i);
    json_string (fp, d->ref);
    fprintf (fp, ",\n      \"userdevice\": %u,\n      \"device\": ",
             d->vbd->userdevice);
    json_string (fp, d->vbd->device);
    fprintf (fp, ",\n      \"name\": ");
    json_string (fp, d->vdi->name);
    fprintf (fp, ",\n      \"description\": ");
    json_string (fp, d->vdi->description);
    fprintf (fp, ",\n      \"uuid\": ");
    json_string (fp, d->vdi->uuid);
    fprintf (fp, ",\n      \"virtual_size\": %" PRIu64 ",\n",
             d->virtual_size);
    fprintf (fp, "      \"stored_bytes\": %" PRIu64 ",\n", st->stored_bytes);
    fprintf (fp, "      \"chunks\": %" PRIu64 ",\n", st->members);
    fprintf (fp, "      \"keepalives\": %" PRIu64 ",\n", st->keepalives);
    fprintf (fp, "      \"bootable\": %s,\n      \"read_only\": %s\n    }",
             json_bool (d->vbd->bootable), json_bool (d->vbd->read_only));
  }
  fprintf (fp, "%s],\n", n ? "\n  " : "");

  fprintf (fp, "  \"removables\": [");
  for (i = 0, k = 0; i < vm->nr_vbds; ++i) {
    const struct ova_vbd *vbd = &vm->vbds[i];
    if (vbd->type == OVA_VBD_DISK && ova_vbd_has_data (vbd))
      continue;
    fprintf (fp, "%s\n    {\"type\": \"%s\", \"userdevice\": %u, "
             "\"device\": ", k++ ? "," : "", vbd_type_name (vbd->type),
             vbd->userdevice);
    json_string (fp, vbd->device);
    fprintf (fp, ", \"empty\": %s}", json_bool (vbd->vdi == NULL));
  }
  fprintf (fp, "%s],\n", k ? "\n  " : "");

  fprintf (fp, "  \"nics\": [");
  for (i = 0; i < vm->nr_vifs; ++i) {
    const struct ova_vif *vif = &vm->vifs[i];
    fprintf (fp, "%s\n    {\"device\": %u, \"mac\": ", i ? "," : "",
             vif->device);
    json_string (fp, vif->mac);
    fprintf (fp, ", \"network\": ");
    json_string (fp, vif->network);
    fprintf (fp, ", \"bridge\": ");
    json_string (fp, vif->bridge);
    fprintf (fp, ", \"mtu\": %" PRIu64 "}", vif->mtu);
  }
  fprintf (fp, "%s],\n", vm->nr_vifs ? "\n  " : "");

  fprintf (fp, "  \"suspend_image\": ");
  if (susp) {
    fprintf (fp, "{\"ref\": ");
    json_string (fp, susp->ref);
    fprintf (fp, ", \"virtual_size\": %" PRIu64 ", \"stored_bytes\": %"
             PRIu64 "}", susp->virtual_size, stats_of (susp)->stored_bytes);
  }
  else
    fprintf (fp, "null");

  fprintf (fp, ",\n  \"warnings\": [");
  for (i = 0; i < xvafile_nr_warnings (x); ++i) {
    fprintf (fp, "%s\n    ", i ? "," : "");
    json_string (fp, xvafile_warning (x, i));
  }
  fprintf (fp, "%s]\n}\n", xvafile_nr_warnings (x) ? "\n  " : "");
}

int
do_info (int argc, char *argv[])
{
  enum { HELP_OPTION = 0x100, JSON_OPTION };
  static const struct option long_options[] = {
    { "help", no_argument, NULL, HELP_OPTION },
    { "json", no_argument, NULL, JSON_OPTION },
    { NULL }
  };
  bool json = false;
  struct xvafile *x;
  CLEANUP_FREE char *out = NULL;
  size_t outlen;
  FILE *fp;
  int c;

  while ((c = getopt_long (argc, argv, "", long_options, NULL)) != -1) {
    switch (c) {
    case HELP_OPTION:
      usage_info (stdout);
      return EXIT_SUCCESS;
    case JSON_OPTION:
      json = true;
      break;
    default:
      usage_info (stderr);
      return EXIT_FAILURE;
    }
  }
  if (argc - optind != 1) {
    error ("info: expected one XVA file: try '%s info --help'", progname);
    return EXIT_FAILURE;
  }

  /* In JSON, warnings are part of the output instead of stderr. */
  x = open_xva (argv[optind], json);
  if (x == NULL)
    return EXIT_FAILURE;

  /* Build the whole output first: nothing is printed on failure. */
  fp = open_memstream (&out, &outlen);
  if (fp == NULL) {
    error ("open_memstream: %m");
    xvafile_close (x);
    return EXIT_FAILURE;
  }
  if (json)
    print_json (fp, x);
  else
    print_text (fp, x);
  xvafile_close (x);
  if (fclose (fp) == EOF) {
    error ("open_memstream: %m");
    return EXIT_FAILURE;
  }
  if (fwrite (out, 1, outlen, stdout) != outlen || fflush (stdout) == EOF) {
    error ("write: stdout: %m");
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}

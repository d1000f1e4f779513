/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* libFuzzer harness: the ova.xml parser (ova_xml_parse, libxml2 with
 * the network and DTDs refused).  A model it returns must be complete:
 * every string set, every VBD's VDI one of the VM's VDIs, the devices
 * sorted.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "ova-xml.h"
#include "xva-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_string (const char *s)
{
  if (s == NULL)
    abort ();
  (void) strlen (s);            /* terminated, inside an allocation */
}

static void
check_vdi (const struct ova_vm *vm, const struct ova_vdi *vdi)
{
  size_t i;

  for (i = 0; i < vm->nr_vdis; ++i)
    if (vm->vdis[i] == vdi)
      break;
  if (i == vm->nr_vdis)
    abort ();
  check_string (vdi->id);
  check_string (vdi->uuid);
  check_string (vdi->name);
  check_string (vdi->description);
  check_string (vdi->type);
}

static void
check_vm (const struct ova_vm *vm)
{
  size_t i, j;

  check_string (vm->product_brand);
  check_string (vm->product_version);
  check_string (vm->xapi_version);
  check_string (vm->name);
  check_string (vm->uuid);
  check_string (vm->description);
  check_string (vm->domain_type);
  check_string (vm->boot_order);
  check_string (vm->pv_bootloader);
  check_string (vm->pv_kernel);
  check_string (vm->pv_args);
  check_string (vm->power_state);
  if (vm->vcpus_max == 0 || vm->vcpus_at_startup == 0 ||
      vm->vcpus_at_startup > vm->vcpus_max)
    abort ();
  for (i = 0; i < vm->nr_platform; ++i) {
    check_string (vm->platform[i].key);
    check_string (vm->platform[i].value);
    if (ova_vm_platform (vm, vm->platform[i].key) == NULL)
      abort ();
  }
  (void) ova_vm_platform (vm, "device_id");
  for (i = 0; i < vm->nr_vbds; ++i) {
    const struct ova_vbd *vbd = &vm->vbds[i];
    check_string (vbd->id);
    check_string (vbd->device);
    if (i > 0 && vm->vbds[i-1].userdevice > vbd->userdevice)
      abort ();
    if (vbd->vdi)
      check_vdi (vm, vbd->vdi);
    if (ova_vbd_has_data (vbd) && vbd->vdi == NULL)
      abort ();
  }
  for (i = 0; i < vm->nr_vifs; ++i) {
    check_string (vm->vifs[i].mac);
    check_string (vm->vifs[i].network);
    check_string (vm->vifs[i].bridge);
    if (i > 0 && vm->vifs[i-1].device > vm->vifs[i].device)
      abort ();
  }
  for (i = 0; i < vm->nr_vdis; ++i)
    check_vdi (vm, vm->vdis[i]);

  /* Each object once (a VM's list may name one VBD many times). */
  for (i = 0; i < vm->nr_vbds && i < 1000; ++i)
    for (j = 0; j < i; ++j)
      if (strcmp (vm->vbds[i].id, vm->vbds[j].id) == 0)
        abort ();
  for (i = 0; i < vm->nr_vdis && i < 1000; ++i)
    for (j = 0; j < i; ++j)
      if (strcmp (vm->vdis[i]->id, vm->vdis[j]->id) == 0)
        abort ();
  if (vm->suspend_vdi)
    check_vdi (vm, vm->suspend_vdi);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct ova_vm *vm;

  xva_set_error (0, "%s", "");
  vm = ova_xml_parse ("fuzz.xva", (const char *) data, size);
  if (vm == NULL) {
    if (strcmp (xva_last_error (), "unknown error") == 0)
      abort ();                 /* a failure must say why */
    return 0;
  }
  check_vm (vm);
  ova_vm_free (vm);
  return 0;
}

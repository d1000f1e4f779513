/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* ova.xml, the metadata of an XVA v2: one XML-RPC value holding every
 * exported object (VM, VBD, VDI, VIF, network, SR...) keyed by export-
 * local references such as "Ref:1736" (xen-api ocaml/xapi/export.ml,
 * importexport.ml; xva-format(5), OVA.XML).  This module turns it into
 * the model of the one VM the export is about.
 */

#ifndef XVA_OVA_XML_H
#define XVA_OVA_XML_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

/* The most virtual block devices (disks, CD-ROMs, floppies) a VM may
 * have: ova_xml_parse refuses more.  XenServer supports at most 255
 * VDIs per VM, CD-ROM included (241 in XenServer 8: "Configuration
 * limits"), so no real export reaches it.  Programs size their arrays
 * from the actual counts, never from this.
 */
#define OVA_MAX_VBDS 256

enum ova_firmware { OVA_FIRMWARE_BIOS, OVA_FIRMWARE_UEFI };
enum ova_vbd_type { OVA_VBD_DISK, OVA_VBD_CD, OVA_VBD_FLOPPY };

struct ova_keyval {
  char *key;
  char *value;
};

struct ova_vdi {
  char *id;                     /* "Ref:1736": also the tar directory */
  char *uuid;
  char *name;                   /* name_label */
  char *description;
  char *type;                   /* "system", "user", "suspend"... */
  uint64_t virtual_size;        /* bytes */
  bool is_iso;                  /* on an SR whose content_type is iso */
};

struct ova_vbd {
  char *id;
  unsigned userdevice;          /* the stable slot: disks are sorted by it */
  char *device;                 /* "xvda", "hda" or "" */
  enum ova_vbd_type type;
  bool bootable;
  bool empty;
  bool read_only;               /* mode RO */
  struct ova_vdi *vdi;          /* NULL if empty; points into vm->vdis */
};

struct ova_vif {
  unsigned device;              /* NIC order */
  char *mac;                    /* may be "" */
  uint64_t mtu;                 /* 0 if unknown */
  char *network;                /* network name_label, may be "" */
  char *bridge;                 /* network bridge ("xenbr0"), may be "" */
};

struct ova_vm {
  /* The export. */
  char *product_brand;          /* "XenServer", "XCP-ng"...; may be "" */
  char *product_version;
  char *xapi_version;           /* "major.minor" */
  int export_vsn;

  /* The VM. */
  char *name;
  char *uuid;
  char *description;
  uint64_t memory;              /* memory_static_max, bytes */
  uint64_t memory_dynamic_max;  /* bytes; 0 if absent */
  unsigned vcpus_max;
  unsigned vcpus_at_startup;
  bool hvm;
  char *domain_type;            /* "hvm", "pv", "pvh"... */
  enum ova_firmware firmware;
  char *boot_order;             /* HVM_boot_params order, "cd" by default */
  char *pv_bootloader;          /* PV only; may be "" */
  char *pv_kernel;
  char *pv_args;
  char *power_state;
  bool is_template;
  bool is_snapshot;
  struct ova_keyval *platform;  /* platform map, in document order */
  size_t nr_platform;

  /* Devices.  vbds are sorted by userdevice, vifs by device. */
  struct ova_vbd *vbds;
  size_t nr_vbds;
  struct ova_vif *vifs;
  size_t nr_vifs;
  struct ova_vdi **vdis;        /* every VDI object the VM refers to */
  size_t nr_vdis;
  struct ova_vdi *suspend_vdi;  /* memory image of a suspended VM, or NULL */
};

/* Parse ova.xml from buf (len bytes), in one streaming pass: time and
 * memory grow linearly with len.  The network is never used and
 * document type declarations (hence entities) are refused.  display is
 * the XVA's name for messages.  Returns the model (caller frees with
 * ova_vm_free) or NULL with the error set.  A legacy XVA v1
 * ("<appliance version='0.1'>") is refused with its own message, and so
 * is a VM with more than OVA_MAX_VBDS VBDs or with a VDI that two
 * data-carrying VBDs share (xapi never writes one: which disk would
 * own its tar directory?).
 */
extern struct ova_vm *ova_xml_parse (const char *display,
                                     const char *buf, size_t len);

extern void ova_vm_free (struct ova_vm *vm);

/* True if the VBD carries disk data in the tar: a Disk (not CD or
 * floppy) with a VDI that is not on an ISO SR.  (xen-api
 * ocaml/xapi/export.ml L712-747.)
 */
extern bool ova_vbd_has_data (const struct ova_vbd *vbd);

/* Value of platform key, or NULL. */
extern const char *ova_vm_platform (const struct ova_vm *vm, const char *key);

#endif /* XVA_OVA_XML_H */

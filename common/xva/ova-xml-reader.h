/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Between ova.xml's two halves, inside the library only: what the
 * streaming reader (ova-xml-reader.c) collects from the document and
 * the model (ova-xml.c) is built from.
 */

#ifndef XVA_OVA_XML_READER_H
#define XVA_OVA_XML_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ova_vdi;

/* The snapshot fields we read, as scalars unless said otherwise. */
enum field {
  F_IS_CONTROL_DOMAIN, F_IS_A_SNAPSHOT, F_IS_A_TEMPLATE, F_NAME_LABEL,
  F_UUID, F_NAME_DESCRIPTION, F_DOMAIN_TYPE, F_PV_BOOTLOADER, F_PV_KERNEL,
  F_PV_ARGS, F_POWER_STATE, F_HVM_BOOT_POLICY, F_MEMORY_STATIC_MAX,
  F_MEMORY_DYNAMIC_MAX, F_VCPUS_MAX, F_VCPUS_AT_STARTUP, F_SUSPEND_VDI,
  F_VM, F_TYPE, F_MODE, F_VDI, F_DEVICE, F_USERDEVICE, F_BOOTABLE,
  F_EMPTY, F_VIRTUAL_SIZE, F_SR, F_NETWORK, F_MAC, F_MTU, F_BRIDGE,
  F_CONTENT_TYPE,
  NR_SCALARS,
  F_HVM_BOOT_PARAMS = NR_SCALARS, /* struct: order, firmware */
  F_PLATFORM,                   /* struct: every member */
  F_VBDS,                       /* array of ids */
  F_VIFS,                       /* array of ids */
  NR_FIELDS
};

#define BIT(f) (UINT64_C (1) << (f))
#define ARRAY_SIZE(a) (sizeof (a) / sizeof (a)[0])

/* Each field's name in ova.xml, by enum field (ova-xml.c). */
extern const char *const ova_xml_field_names[NR_FIELDS];

/* The scalar fields the model needs from an object of class cls: bit
 * BIT (f) for field f (ova-xml.c).
 */
extern uint64_t ova_xml_kept_fields (const char *cls);

/* Members of the version struct, and of a VM's HVM_boot_params. */
enum { V_BRAND, V_VERSION, V_MAJOR, V_MINOR, V_VSN, NR_VERSION };
enum { B_ORDER, B_FIRMWARE, NR_BOOT };

/* Strings one after another, each with its NUL: the lists and the
 * platform map, which may be long, without a pointer per string.
 */
struct strings {
  char *buf;
  size_t len, cap, n;
};

struct field_value {
  unsigned key;                 /* enum field */
  char *value;                  /* never "" (absent and "" read alike) */
};

/* What a VM object has besides scalars. */
struct vm_extra {
  char *boot[NR_BOOT];          /* HVM_boot_params; NULL if absent */
  struct strings platform;      /* key, value, key, value... */
  struct strings vbds, vifs;    /* ids starting with "Ref:" */
};

/* One exported object, as kept after its end. */
struct object {
  char *id;
  char *cls;
  struct field_value *fields;
  size_t nr_fields;
  struct vm_extra *vm;          /* class VM only */
  struct ova_vdi *vdi;          /* class VDI: its model, once made */
  bool data_vbd;                /* class VDI: a data VBD has claimed it */
};

/* What the reader collects. */
struct ova_xml_objects {
  const char *display;          /* names the file in messages */
  char *version[NR_VERSION];    /* the version struct; NULL if absent */
  bool have_objects;            /* the root has an "objects" member */
  size_t bad_object;            /* first without class, id or snapshot */
  bool have_bad_object;

  /* The objects, sorted by id by the model. */
  struct object *objs;
  size_t nr_objs, cap_objs;
  size_t cap_vdis;              /* the model's: room in vm->vdis */
};

/* Read the document buf (len bytes) into o, whose display is set.
 * Returns 0, or -1 with the error set; either way the caller frees o's
 * contents with ova_xml_objects_free.
 */
extern int ova_xml_read (struct ova_xml_objects *o, const char *buf,
                         size_t len);
extern void ova_xml_objects_free (struct ova_xml_objects *o);

#endif /* XVA_OVA_XML_READER_H */

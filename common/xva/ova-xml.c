/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* ova.xml (XML-RPC, as mirage/ocaml-rpc writes it) into struct ova_vm.
 *
 * ova-xml-reader.c reads the document in one pass and keeps the
 * exported objects; here they are indexed by id (sorted, then
 * bsearch), the VM the export is about is picked and its model built
 * from the objects linked to it.
 *
 * Over 600 lines (about 700): the model has one reader per class (VM,
 * VBD, VDI, VIF, platform), each checking its own fields, and splitting
 * them from the links between them would leave neither half readable.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>

#include "cleanup.h"
#include "ova-xml.h"
#include "ova-xml-reader.h"
#include "xva-error.h"

/* ova.xml larger than this is refused before parsing.  A real one is
 * tens of KiB; metadata exports of a whole pool reach a few MiB.
 */
#define OVA_XML_MAX (64 << 20)

/* What the model reads: each field's name, and the fields kept for
 * each class (the reader drops the others when an object ends).
 */

const char *const ova_xml_field_names[NR_FIELDS] = {
  "is_control_domain", "is_a_snapshot", "is_a_template", "name_label",
  "uuid", "name_description", "domain_type", "PV_bootloader", "PV_kernel",
  "PV_args", "power_state", "HVM_boot_policy", "memory_static_max",
  "memory_dynamic_max", "VCPUs_max", "VCPUs_at_startup", "suspend_VDI",
  "VM", "type", "mode", "VDI", "device", "userdevice", "bootable",
  "empty", "virtual_size", "SR", "network", "MAC", "MTU", "bridge",
  "content_type",
  "HVM_boot_params", "platform", "VBDs", "VIFs",
};

/* The scalar fields kept for each class; others are dropped when the
 * object ends.
 */
static const struct {
  const char *cls;
  uint64_t fields;
} class_fields[] = {
  { "VM", BIT (F_IS_CONTROL_DOMAIN) | BIT (F_IS_A_SNAPSHOT) |
    BIT (F_IS_A_TEMPLATE) | BIT (F_NAME_LABEL) | BIT (F_UUID) |
    BIT (F_NAME_DESCRIPTION) | BIT (F_DOMAIN_TYPE) | BIT (F_PV_BOOTLOADER) |
    BIT (F_PV_KERNEL) | BIT (F_PV_ARGS) | BIT (F_POWER_STATE) |
    BIT (F_HVM_BOOT_POLICY) | BIT (F_MEMORY_STATIC_MAX) |
    BIT (F_MEMORY_DYNAMIC_MAX) | BIT (F_VCPUS_MAX) |
    BIT (F_VCPUS_AT_STARTUP) | BIT (F_SUSPEND_VDI) },
  { "VBD", BIT (F_VM) | BIT (F_TYPE) | BIT (F_MODE) | BIT (F_VDI) |
    BIT (F_DEVICE) | BIT (F_USERDEVICE) | BIT (F_BOOTABLE) | BIT (F_EMPTY) },
  { "VDI", BIT (F_UUID) | BIT (F_NAME_LABEL) | BIT (F_NAME_DESCRIPTION) |
    BIT (F_TYPE) | BIT (F_VIRTUAL_SIZE) | BIT (F_SR) },
  { "VIF", BIT (F_NETWORK) | BIT (F_MAC) | BIT (F_DEVICE) | BIT (F_MTU) |
    BIT (F_VM) },
  { "network", BIT (F_NAME_LABEL) | BIT (F_BRIDGE) },
  { "SR", BIT (F_CONTENT_TYPE) },
};

uint64_t
ova_xml_kept_fields (const char *cls)
{
  size_t i;

  for (i = 0; i < ARRAY_SIZE (class_fields); ++i)
    if (strcmp (class_fields[i].cls, cls) == 0)
      return class_fields[i].fields;
  return 0;
}

/* The string after s in l, or NULL at the end; strings_next (l, NULL)
 * is the first.
 */
static const char *
strings_next (const struct strings *l, const char *s)
{
  if (l->buf == NULL)
    return NULL;
  s = s ? s + strlen (s) + 1 : l->buf;
  return s < l->buf + l->len ? s : NULL;
}

/* The model, from the objects kept. */

/* Field of an object: "" when absent, "" or not a scalar. */
static const char *
field (const struct object *o, enum field key)
{
  size_t i;

  for (i = 0; i < o->nr_fields; ++i)
    if (o->fields[i].key == key)
      return o->fields[i].value;
  return "";
}

static bool
field_bool (const struct object *o, enum field key)
{
  const char *s = field (o, key);
  return strcmp (s, "1") == 0 || strcasecmp (s, "true") == 0;
}

static int
parse_u64 (const char *s, uint64_t *r)
{
  char *end;

  if (s == NULL || *s < '0' || *s > '9')
    return -1;
  errno = 0;
  *r = strtoull (s, &end, 10);
  if (errno != 0 || *end != '\0')
    return -1;
  return 0;
}

/* Numeric field: returns 0, 1 when absent or empty, -1 when malformed. */
static int
field_u64 (struct ova_xml_objects *p, const struct object *o, const char *cls,
           enum field key, uint64_t *r)
{
  const char *s = field (o, key);

  if (*s == '\0')
    return 1;
  if (parse_u64 (s, r) == -1) {
    xva_set_error (0, "%s: ova.xml: %s field %s is not a number: %s",
                   p->display, cls, ova_xml_field_names[key], s);
    return -1;
  }
  return 0;
}

static char *
dup_field (const struct object *o, enum field key)
{
  return strdup (field (o, key));
}

static int
compare_objects (const void *a, const void *b)
{
  return strcmp (((const struct object *) a)->id,
                 ((const struct object *) b)->id);
}

/* The object with this id and class, or NULL.  A value is a link only
 * if it names an exported object (xva-format(5)).
 */
static struct object *
lookup (struct ova_xml_objects *p, const char *id, const char *cls)
{
  struct object key = { .id = (char *) id }, *o;

  if (id == NULL || strncmp (id, "Ref:", 4) != 0 || p->nr_objs == 0)
    return NULL;
  o = bsearch (&key, p->objs, p->nr_objs, sizeof *o, compare_objects);
  if (o && cls && strcmp (o->cls, cls) != 0)
    return NULL;
  return o;
}

/* The objects as read: each must have a class, an id and a snapshot,
 * and no two the same id.  Sorts them by id.
 */
static int
check_objects (struct ova_xml_objects *p)
{
  size_t i;

  if (!p->have_objects) {
    xva_set_error (0, "%s: ova.xml: no \"objects\" list (not an XVA?)",
                   p->display);
    return -1;
  }
  if (p->have_bad_object) {
    xva_set_error (0, "%s: ova.xml: object %zu lacks its class, id or "
                   "snapshot", p->display, p->bad_object);
    return -1;
  }
  if (p->nr_objs > 0)
    qsort (p->objs, p->nr_objs, sizeof *p->objs, compare_objects);
  for (i = 1; i < p->nr_objs; ++i) {
    if (strcmp (p->objs[i-1].id, p->objs[i].id) == 0) {
      xva_set_error (0, "%s: ova.xml: two objects have the id %s",
                     p->display, p->objs[i].id);
      return -1;
    }
  }
  return 0;
}

/* Pick the VM the export is about: not dom0, and not a snapshot unless
 * nothing else is there (xva-format(5)).
 */
static struct object *
pick_vm (struct ova_xml_objects *p)
{
  struct object *best = NULL, *snap = NULL;
  size_t i, n = 0;

  for (i = 0; i < p->nr_objs; ++i) {
    struct object *o = &p->objs[i];
    if (strcmp (o->cls, "VM") != 0 || field_bool (o, F_IS_CONTROL_DOMAIN))
      continue;
    if (field_bool (o, F_IS_A_SNAPSHOT)) {
      if (!snap)
        snap = o;
      continue;
    }
    if (!best)
      best = o;
    n++;
  }
  if (n > 1) {
    xva_set_error (0, "%s: ova.xml describes %zu VMs: only single-VM "
                   "exports are supported", p->display, n);
    return NULL;
  }
  if (!best)
    best = snap;
  if (!best)
    xva_set_error (0, "%s: ova.xml describes no VM", p->display);
  return best;
}

/* Collect the objects of class cls linked to the VM: through the VM's
 * own list (e.g. VBDs) and through each object's back-link field (e.g.
 * VBD.VM), since some producers fill only one side (xva-format(5)).
 * Each object once, the list's first.  Returns an array of borrowed
 * objects (caller frees the array), or NULL on error.
 */
static struct object **
linked_objects (struct ova_xml_objects *p, struct object *vm,
                const struct strings *list, const char *cls,
                enum field back_field, size_t *nr)
{
  struct object **ret = calloc (p->nr_objs + 1, sizeof *ret);
  CLEANUP_FREE bool *seen = calloc (p->nr_objs + 1, sizeof *seen);
  const char *id;
  size_t i;

  if (ret == NULL || seen == NULL) {
    xva_set_error (errno, "calloc: %s", strerror (errno));
    free (ret);
    return NULL;
  }
  *nr = 0;
  for (id = strings_next (list, NULL); id; id = strings_next (list, id)) {
    struct object *o = lookup (p, id, cls);
    if (o && !seen[o - p->objs]) {
      seen[o - p->objs] = true;
      ret[(*nr)++] = o;
    }
  }
  for (i = 0; i < p->nr_objs; ++i) {
    struct object *o = &p->objs[i];

    if (seen[i] || strcmp (o->cls, cls) != 0 ||
        strcmp (field (o, back_field), vm->id) != 0)
      continue;
    seen[i] = true;
    ret[(*nr)++] = o;
  }
  return ret;
}

/* The model of VDI object o, made the first time it is asked for. */
static struct ova_vdi *
add_vdi (struct ova_xml_objects *p, struct ova_vm *vm, struct object *o)
{
  struct ova_vdi *vdi;
  struct object *sr;
  int r;

  if (o->vdi)
    return o->vdi;

  if (vm->nr_vdis == p->cap_vdis) {
    size_t cap = p->cap_vdis ? p->cap_vdis * 2 : 8;
    struct ova_vdi **vdis = realloc (vm->vdis, cap * sizeof *vdis);
    if (vdis == NULL) {
      xva_set_error (errno, "realloc: %s", strerror (errno));
      return NULL;
    }
    vm->vdis = vdis;
    p->cap_vdis = cap;
  }
  vdi = calloc (1, sizeof *vdi);
  if (vdi == NULL) {
    xva_set_error (errno, "calloc: %s", strerror (errno));
    return NULL;
  }
  vm->vdis[vm->nr_vdis++] = vdi;
  vdi->id = strdup (o->id);
  vdi->uuid = dup_field (o, F_UUID);
  vdi->name = dup_field (o, F_NAME_LABEL);
  vdi->description = dup_field (o, F_NAME_DESCRIPTION);
  vdi->type = dup_field (o, F_TYPE);
  if (!vdi->id || !vdi->uuid || !vdi->name || !vdi->description ||
      !vdi->type) {
    xva_set_error (errno, "strdup: %s", strerror (errno));
    return NULL;
  }
  r = field_u64 (p, o, "VDI", F_VIRTUAL_SIZE, &vdi->virtual_size);
  if (r == -1)
    return NULL;
  if (r == 1) {
    xva_set_error (0, "%s: ova.xml: VDI %s has no virtual_size",
                   p->display, o->id);
    return NULL;
  }
  sr = lookup (p, field (o, F_SR), "SR");
  if (sr)
    vdi->is_iso = strcasecmp (field (sr, F_CONTENT_TYPE), "iso") == 0;
  o->vdi = vdi;
  return vdi;
}

static int
compare_vbds (const void *a, const void *b)
{
  const struct ova_vbd *x = a, *y = b;
  if (x->userdevice != y->userdevice)
    return x->userdevice < y->userdevice ? -1 : 1;
  return strcmp (x->id, y->id);
}

static int
compare_vifs (const void *a, const void *b)
{
  const struct ova_vif *x = a, *y = b;
  if (x->device != y->device)
    return x->device < y->device ? -1 : 1;
  return strcmp (x->mac, y->mac);
}

static int
read_vbds (struct ova_xml_objects *p, struct object *vmo, struct ova_vm *vm)
{
  CLEANUP_FREE struct object **objs = NULL;
  size_t n, i;

  objs = linked_objects (p, vmo, &vmo->vm->vbds, "VBD", F_VM, &n);
  if (objs == NULL)
    return -1;
  /* Refused before anything is made for them. */
  if (n > OVA_MAX_VBDS) {
    xva_set_error (0, "%s: ova.xml: the VM has %zu virtual block devices, "
                   "more than the %d supported", p->display, n,
                   OVA_MAX_VBDS);
    return -1;
  }
  vm->vbds = calloc (n ? n : 1, sizeof *vm->vbds);
  if (vm->vbds == NULL) {
    xva_set_error (errno, "calloc: %s", strerror (errno));
    return -1;
  }
  for (i = 0; i < n; ++i) {
    struct ova_vbd *vbd = &vm->vbds[vm->nr_vbds++];
    const struct object *o = objs[i];
    const char *type = field (o, F_TYPE);
    struct object *vdio;
    uint64_t ud;
    int r;

    vbd->id = strdup (o->id);
    vbd->device = dup_field (o, F_DEVICE);
    if (!vbd->id || !vbd->device) {
      xva_set_error (errno, "strdup: %s", strerror (errno));
      return -1;
    }
    r = field_u64 (p, o, "VBD", F_USERDEVICE, &ud);
    if (r == -1)
      return -1;
    if (r == 1 || ud > UINT_MAX) {
      xva_set_error (0, "%s: ova.xml: VBD %s has no valid userdevice",
                     p->display, vbd->id);
      return -1;
    }
    vbd->userdevice = ud;
    if (strcasecmp (type, "CD") == 0)
      vbd->type = OVA_VBD_CD;
    else if (strcasecmp (type, "Floppy") == 0)
      vbd->type = OVA_VBD_FLOPPY;
    else
      vbd->type = OVA_VBD_DISK;
    vbd->bootable = field_bool (o, F_BOOTABLE);
    vbd->empty = field_bool (o, F_EMPTY);
    vbd->read_only = strcasecmp (field (o, F_MODE), "RO") == 0;
    vdio = lookup (p, field (o, F_VDI), "VDI");
    if (vdio && !vbd->empty) {
      vbd->vdi = add_vdi (p, vm, vdio);
      if (vbd->vdi == NULL)
        return -1;
      /* One tar directory per disk: two disks reading one would be
       * served as two, written twice by convert and given to the guest
       * twice.  xapi never exports that.
       */
      if (ova_vbd_has_data (vbd)) {
        if (vdio->data_vbd) {
          xva_set_error (0, "%s: ova.xml: VDI %s is attached by more than "
                         "one VBD", p->display, vdio->id);
          return -1;
        }
        vdio->data_vbd = true;
      }
    }
  }
  qsort (vm->vbds, vm->nr_vbds, sizeof *vm->vbds, compare_vbds);
  return 0;
}

static int
read_vifs (struct ova_xml_objects *p, struct object *vmo, struct ova_vm *vm)
{
  CLEANUP_FREE struct object **objs = NULL;
  size_t n, i;

  objs = linked_objects (p, vmo, &vmo->vm->vifs, "VIF", F_VM, &n);
  if (objs == NULL)
    return -1;
  vm->vifs = calloc (n ? n : 1, sizeof *vm->vifs);
  if (vm->vifs == NULL) {
    xva_set_error (errno, "calloc: %s", strerror (errno));
    return -1;
  }
  for (i = 0; i < n; ++i) {
    struct ova_vif *vif = &vm->vifs[vm->nr_vifs++];
    const struct object *o = objs[i];
    struct object *net;
    uint64_t dev = 0;

    vif->mac = dup_field (o, F_MAC);
    if (field_u64 (p, o, "VIF", F_DEVICE, &dev) == -1 ||
        field_u64 (p, o, "VIF", F_MTU, &vif->mtu) == -1)
      return -1;
    if (dev > UINT_MAX) {
      xva_set_error (0, "%s: ova.xml: VIF %s has no valid device",
                     p->display, o->id);
      return -1;
    }
    vif->device = dev;
    net = lookup (p, field (o, F_NETWORK), "network");
    vif->network = net ? dup_field (net, F_NAME_LABEL) : strdup ("");
    vif->bridge = net ? dup_field (net, F_BRIDGE) : strdup ("");
    if (!vif->mac || !vif->network || !vif->bridge) {
      xva_set_error (errno, "strdup: %s", strerror (errno));
      return -1;
    }
  }
  qsort (vm->vifs, vm->nr_vifs, sizeof *vm->vifs, compare_vifs);
  return 0;
}

static int
read_platform (struct object *vmo, struct ova_vm *vm)
{
  const struct strings *l = &vmo->vm->platform;
  const char *k, *v;
  size_t n = l->n / 2;

  vm->platform = calloc (n ? n : 1, sizeof *vm->platform);
  if (vm->platform == NULL) {
    xva_set_error (errno, "calloc: %s", strerror (errno));
    return -1;
  }
  for (k = strings_next (l, NULL); k && (v = strings_next (l, k)) != NULL;
       k = strings_next (l, v)) {
    struct ova_keyval *kv = &vm->platform[vm->nr_platform++];
    kv->key = strdup (k);
    kv->value = strdup (v);
    if (!kv->key || !kv->value) {
      xva_set_error (errno, "strdup: %s", strerror (errno));
      return -1;
    }
  }
  return 0;
}

static char *
version_str (struct ova_xml_objects *p, int key)
{
  return strdup (p->version[key] ? p->version[key] : "");
}

static int
read_vm (struct ova_xml_objects *p, struct object *vmo, struct ova_vm *vm)
{
  const struct object *o = vmo;
  const char *maj = p->version[V_MAJOR], *min = p->version[V_MINOR];
  const char *policy = field (o, F_HVM_BOOT_POLICY);
  const char *order = vmo->vm->boot[B_ORDER];
  const char *fw = vmo->vm->boot[B_FIRMWARE];
  uint64_t u;
  int r;

  vm->product_brand = version_str (p, V_BRAND);
  vm->product_version = version_str (p, V_VERSION);
  if (maj && maj[0]) {
    if (asprintf (&vm->xapi_version, "%s.%s", maj, min ? min : "") == -1)
      vm->xapi_version = NULL;
  }
  else
    vm->xapi_version = strdup ("");
  vm->export_vsn = parse_u64 (p->version[V_VSN], &u) == 0 && u < 100 ?
    (int) u : 0;

  vm->name = dup_field (o, F_NAME_LABEL);
  vm->uuid = dup_field (o, F_UUID);
  vm->description = dup_field (o, F_NAME_DESCRIPTION);
  vm->domain_type = dup_field (o, F_DOMAIN_TYPE);
  vm->pv_bootloader = dup_field (o, F_PV_BOOTLOADER);
  vm->pv_kernel = dup_field (o, F_PV_KERNEL);
  vm->pv_args = dup_field (o, F_PV_ARGS);
  vm->power_state = dup_field (o, F_POWER_STATE);
  /* xapi's default order. */
  vm->boot_order = strdup (order && order[0] ? order : "cd");
  if (!vm->product_brand || !vm->product_version || !vm->xapi_version ||
      !vm->name || !vm->uuid || !vm->description || !vm->domain_type ||
      !vm->pv_bootloader || !vm->pv_kernel || !vm->pv_args ||
      !vm->power_state || !vm->boot_order) {
    xva_set_error (errno, "strdup: %s", strerror (errno));
    return -1;
  }
  vm->firmware = fw && strcasecmp (fw, "uefi") == 0 ?
    OVA_FIRMWARE_UEFI : OVA_FIRMWARE_BIOS;

  /* domain_type exists since XenServer 7.5; before, a boot policy means
   * HVM (xen-api ocaml/xapi/import.ml L166-177).
   */
  if (vm->domain_type[0] && strcasecmp (vm->domain_type, "unspecified") != 0)
    vm->hvm = strcasecmp (vm->domain_type, "hvm") == 0;
  else {
    vm->hvm = policy[0] != '\0';
    free (vm->domain_type);
    vm->domain_type = strdup (vm->hvm ? "hvm" : "pv");
    if (vm->domain_type == NULL) {
      xva_set_error (errno, "strdup: %s", strerror (errno));
      return -1;
    }
  }

  r = field_u64 (p, o, "VM", F_MEMORY_STATIC_MAX, &vm->memory);
  if (r == -1)
    return -1;
  r = field_u64 (p, o, "VM", F_MEMORY_DYNAMIC_MAX, &vm->memory_dynamic_max);
  if (r == -1)
    return -1;
  u = 1;
  if (field_u64 (p, o, "VM", F_VCPUS_MAX, &u) == -1)
    return -1;
  vm->vcpus_max = u > 0 && u <= 4096 ? u : 1;
  u = vm->vcpus_max;
  if (field_u64 (p, o, "VM", F_VCPUS_AT_STARTUP, &u) == -1)
    return -1;
  vm->vcpus_at_startup = u > 0 && u <= vm->vcpus_max ? u : vm->vcpus_max;

  vm->is_template = field_bool (o, F_IS_A_TEMPLATE);
  vm->is_snapshot = field_bool (o, F_IS_A_SNAPSHOT);

  if (read_platform (vmo, vm) == -1 ||
      read_vbds (p, vmo, vm) == -1 ||
      read_vifs (p, vmo, vm) == -1)
    return -1;

  {
    struct object *so = lookup (p, field (o, F_SUSPEND_VDI), "VDI");
    if (so && (vm->suspend_vdi = add_vdi (p, vm, so)) == NULL)
      return -1;
  }
  return 0;
}

struct ova_vm *
ova_xml_parse (const char *display, const char *buf, size_t len)
{
  struct ova_xml_objects p = { .display = display };
  struct object *vmo;
  struct ova_vm *vm;

  if (len > OVA_XML_MAX) {
    xva_set_error (0, "%s: ova.xml is too large (%zu bytes)", display, len);
    return NULL;
  }
  /* No DTD means no entities to expand (billion laughs) and no external
   * ones to fetch (XXE).  xapi never writes a DTD.  The document is read
   * as UTF-8 whatever it declares (xapi writes nothing else), so this
   * byte search cannot be dodged by UTF-16 or EBCDIC.
   */
  if (memmem (buf, len, "<!DOCTYPE", 9) || memmem (buf, len, "<!ENTITY", 8)) {
    xva_set_error (0, "%s: ova.xml: document type declarations are not "
                   "allowed", display);
    return NULL;
  }

  if (ova_xml_read (&p, buf, len) == -1 || check_objects (&p) == -1 ||
      (vmo = pick_vm (&p)) == NULL) {
    ova_xml_objects_free (&p);
    return NULL;
  }
  vm = calloc (1, sizeof *vm);
  if (vm == NULL) {
    xva_set_error (errno, "calloc: %s", strerror (errno));
    ova_xml_objects_free (&p);
    return NULL;
  }
  if (read_vm (&p, vmo, vm) == -1) {
    ova_vm_free (vm);
    ova_xml_objects_free (&p);
    return NULL;
  }
  ova_xml_objects_free (&p);
  return vm;
}

void
ova_vm_free (struct ova_vm *vm)
{
  size_t i;

  if (vm == NULL)
    return;
  free (vm->product_brand);
  free (vm->product_version);
  free (vm->xapi_version);
  free (vm->name);
  free (vm->uuid);
  free (vm->description);
  free (vm->domain_type);
  free (vm->boot_order);
  free (vm->pv_bootloader);
  free (vm->pv_kernel);
  free (vm->pv_args);
  free (vm->power_state);
  for (i = 0; i < vm->nr_platform; ++i) {
    free (vm->platform[i].key);
    free (vm->platform[i].value);
  }
  free (vm->platform);
  for (i = 0; i < vm->nr_vbds; ++i) {
    free (vm->vbds[i].id);
    free (vm->vbds[i].device);
  }
  free (vm->vbds);
  for (i = 0; i < vm->nr_vifs; ++i) {
    free (vm->vifs[i].mac);
    free (vm->vifs[i].network);
    free (vm->vifs[i].bridge);
  }
  free (vm->vifs);
  for (i = 0; i < vm->nr_vdis; ++i) {
    if (vm->vdis[i] == NULL)
      continue;
    free (vm->vdis[i]->id);
    free (vm->vdis[i]->uuid);
    free (vm->vdis[i]->name);
    free (vm->vdis[i]->description);
    free (vm->vdis[i]->type);
    free (vm->vdis[i]);
  }
  free (vm->vdis);
  free (vm);
}

bool
ova_vbd_has_data (const struct ova_vbd *vbd)
{
  return vbd->type == OVA_VBD_DISK && vbd->vdi != NULL && !vbd->vdi->is_iso;
}

const char *
ova_vm_platform (const struct ova_vm *vm, const char *key)
{
  size_t i;

  for (i = 0; i < vm->nr_platform; ++i)
    if (strcmp (vm->platform[i].key, key) == 0)
      return vm->platform[i].value;
  return NULL;
}

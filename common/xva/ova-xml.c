/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* ova.xml (XML-RPC, as mirage/ocaml-rpc writes it) into struct ova_vm. */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "cleanup.h"
#include "ova-xml.h"
#include "xva-error.h"

/* ova.xml larger than this is refused before parsing.  A real one is
 * tens of KiB; metadata exports of a whole pool reach a few MiB.
 */
#define OVA_XML_MAX (64 << 20)

/* One exported object: class, id and its field struct (a <value>). */
struct object {
  char *id;
  char *cls;
  xmlNode *fields;
};

struct parse {
  const char *display;
  struct object *objs;          /* sorted by id */
  size_t nr_objs;
};

static void
cleanup_xmlfreedoc (xmlDoc **doc)
{
  if (*doc)
    xmlFreeDoc (*doc);
}
#define CLEANUP_XMLFREEDOC __attribute__ ((cleanup (cleanup_xmlfreedoc)))

/* XML-RPC helpers.  A value is <value>TEXT</value> (string, or an int64
 * as xapi writes it) or <value><TYPE>...</TYPE></value>.
 */

static bool
is_elem (const xmlNode *n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE &&
    strcmp ((const char *) n->name, name) == 0;
}

static xmlNode *
first_elem (xmlNode *n)
{
  for (n = n ? n->children : NULL; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE)
      return n;
  return NULL;
}

static xmlNode *
next_elem (xmlNode *n)
{
  for (n = n->next; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE)
      return n;
  return NULL;
}

/* Text of a scalar value (caller frees), "" for an empty one, NULL for
 * a struct, array or nil (or when out of memory).
 */
static char *
rpc_text (xmlNode *value)
{
  xmlNode *inner = first_elem (value);
  xmlChar *content;
  char *ret;

  if (inner) {
    const char *t = (const char *) inner->name;
    if (strcmp (t, "struct") == 0 || strcmp (t, "array") == 0 ||
        strcmp (t, "nil") == 0)
      return NULL;
    value = inner;
  }
  content = xmlNodeGetContent (value);
  ret = strdup (content ? (const char *) content : "");
  xmlFree (content);
  return ret;
}

/* The <value> of member key of struct value, or NULL. */
static xmlNode *
rpc_member (xmlNode *value, const char *key)
{
  xmlNode *st = first_elem (value), *m;

  if (!is_elem (st, "struct"))
    return NULL;
  for (m = first_elem (st); m; m = next_elem (m)) {
    xmlNode *name, *val;
    xmlChar *k;
    bool same;

    if (!is_elem (m, "member"))
      continue;
    name = first_elem (m);
    if (!is_elem (name, "name"))
      continue;
    val = next_elem (name);
    if (!is_elem (val, "value"))
      continue;
    k = xmlNodeGetContent (name);
    same = k && strcmp ((const char *) k, key) == 0;
    xmlFree (k);
    if (same)
      return val;
  }
  return NULL;
}

/* First <value> of array value, then the next ones with next_elem. */
static xmlNode *
rpc_array_first (xmlNode *value)
{
  xmlNode *arr = first_elem (value), *data;

  if (!is_elem (arr, "array"))
    return NULL;
  data = first_elem (arr);
  if (!is_elem (data, "data"))
    return NULL;
  return first_elem (data);
}

/* Field helpers on an object's field struct.  Absent or non-scalar
 * fields give "" (strings), false (booleans) or the default (numbers).
 */
static char *
field_str (xmlNode *fields, const char *key)
{
  xmlNode *v = rpc_member (fields, key);
  char *s = v ? rpc_text (v) : NULL;
  return s ? s : strdup ("");
}

static bool
field_bool (xmlNode *fields, const char *key)
{
  CLEANUP_FREE char *s = field_str (fields, key);
  return s && (strcmp (s, "1") == 0 || strcasecmp (s, "true") == 0);
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
field_u64 (struct parse *p, xmlNode *fields, const char *cls,
           const char *key, uint64_t *r)
{
  CLEANUP_FREE char *s = field_str (fields, key);

  if (s == NULL) {
    xva_set_error (errno, "strdup: %s", strerror (errno));
    return -1;
  }
  if (*s == '\0')
    return 1;
  if (parse_u64 (s, r) == -1) {
    xva_set_error (0, "%s: ova.xml: %s field %s is not a number: %s",
                   p->display, cls, key, s);
    return -1;
  }
  return 0;
}

static int
compare_objects (const void *a, const void *b)
{
  return strcmp (((const struct object *) a)->id,
                 ((const struct object *) b)->id);
}

/* The object with this id and class, or NULL.  A value is a link only
 * if it names an exported object (xva-format.md 6.3).
 */
static struct object *
lookup (struct parse *p, const char *id, const char *cls)
{
  struct object key = { .id = (char *) id }, *o;

  if (id == NULL || strncmp (id, "Ref:", 4) != 0)
    return NULL;
  o = bsearch (&key, p->objs, p->nr_objs, sizeof *o, compare_objects);
  if (o && cls && strcmp (o->cls, cls) != 0)
    return NULL;
  return o;
}

static void
free_objects (struct parse *p)
{
  size_t i;

  for (i = 0; i < p->nr_objs; ++i) {
    free (p->objs[i].id);
    free (p->objs[i].cls);
  }
  free (p->objs);
}

static int
read_objects (struct parse *p, xmlNode *root)
{
  xmlNode *objects = rpc_member (root, "objects"), *v;
  size_t n = 0, i;

  if (objects == NULL) {
    xva_set_error (0, "%s: ova.xml: no \"objects\" list (not an XVA?)",
                   p->display);
    return -1;
  }
  for (v = rpc_array_first (objects); v; v = next_elem (v))
    n++;
  p->objs = calloc (n ? n : 1, sizeof *p->objs);
  if (p->objs == NULL) {
    xva_set_error (errno, "calloc: %s", strerror (errno));
    return -1;
  }
  for (v = rpc_array_first (objects); v; v = next_elem (v)) {
    struct object *o = &p->objs[p->nr_objs];
    xmlNode *cls = rpc_member (v, "class"), *id = rpc_member (v, "id");

    o->fields = rpc_member (v, "snapshot");
    if (!cls || !id || !o->fields ||
        !(o->cls = rpc_text (cls)) || !(o->id = rpc_text (id))) {
      free (o->cls);
      o->cls = NULL;
      xva_set_error (0, "%s: ova.xml: object %zu lacks its class, id or "
                     "snapshot", p->display, p->nr_objs);
      return -1;
    }
    p->nr_objs++;
  }
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
 * nothing else is there (xva-format.md section 5).
 */
static struct object *
pick_vm (struct parse *p)
{
  struct object *best = NULL, *snap = NULL;
  size_t i, n = 0;

  for (i = 0; i < p->nr_objs; ++i) {
    struct object *o = &p->objs[i];
    if (strcmp (o->cls, "VM") != 0 ||
        field_bool (o->fields, "is_control_domain"))
      continue;
    if (field_bool (o->fields, "is_a_snapshot")) {
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

/* Collect the ids of objects of class cls linked to the VM: through the
 * VM's own list field (e.g. VBDs) and through each object's back-link
 * field (e.g. VBD.VM), since some producers fill only one side
 * (xva-format.md section 8, item 12).  Returns a NULL-terminated array
 * of borrowed objects (caller frees the array), or NULL on error.
 */
static struct object **
linked_objects (struct parse *p, struct object *vm, const char *list_field,
                const char *cls, const char *back_field, size_t *nr)
{
  struct object **ret = calloc (p->nr_objs + 1, sizeof *ret);
  CLEANUP_FREE bool *seen = calloc (p->nr_objs + 1, sizeof *seen);
  xmlNode *list, *v;
  size_t i;

  if (ret == NULL || seen == NULL) {
    xva_set_error (errno, "calloc: %s", strerror (errno));
    free (ret);
    return NULL;
  }
  *nr = 0;
  /* Each object once (ret has room for no more): the list may name an
   * object several times, and the back-links name it again.
   */
  list = rpc_member (vm->fields, list_field);
  for (v = list ? rpc_array_first (list) : NULL; v; v = next_elem (v)) {
    CLEANUP_FREE char *id = rpc_text (v);
    struct object *o = lookup (p, id, cls);
    if (o && !seen[o - p->objs]) {
      seen[o - p->objs] = true;
      ret[(*nr)++] = o;
    }
  }
  for (i = 0; i < p->nr_objs; ++i) {
    struct object *o = &p->objs[i];
    CLEANUP_FREE char *owner = NULL;

    if (seen[i] || strcmp (o->cls, cls) != 0)
      continue;
    owner = field_str (o->fields, back_field);
    if (owner == NULL || strcmp (owner, vm->id) != 0)
      continue;
    seen[i] = true;
    ret[(*nr)++] = o;
  }
  return ret;
}

static struct ova_vdi *
add_vdi (struct parse *p, struct ova_vm *vm, struct object *o)
{
  struct ova_vdi *vdi, **vdis;
  struct object *sr;
  size_t i;
  int r;

  for (i = 0; i < vm->nr_vdis; ++i)
    if (strcmp (vm->vdis[i]->id, o->id) == 0)
      return vm->vdis[i];

  vdis = realloc (vm->vdis, (vm->nr_vdis + 1) * sizeof *vdis);
  if (vdis == NULL) {
    xva_set_error (errno, "realloc: %s", strerror (errno));
    return NULL;
  }
  vm->vdis = vdis;
  vdi = calloc (1, sizeof *vdi);
  if (vdi == NULL) {
    xva_set_error (errno, "calloc: %s", strerror (errno));
    return NULL;
  }
  vm->vdis[vm->nr_vdis++] = vdi;
  vdi->id = strdup (o->id);
  vdi->uuid = field_str (o->fields, "uuid");
  vdi->name = field_str (o->fields, "name_label");
  vdi->description = field_str (o->fields, "name_description");
  vdi->type = field_str (o->fields, "type");
  if (!vdi->id || !vdi->uuid || !vdi->name || !vdi->description ||
      !vdi->type) {
    xva_set_error (errno, "strdup: %s", strerror (errno));
    return NULL;
  }
  r = field_u64 (p, o->fields, "VDI", "virtual_size", &vdi->virtual_size);
  if (r == -1)
    return NULL;
  if (r == 1) {
    xva_set_error (0, "%s: ova.xml: VDI %s has no virtual_size",
                   p->display, o->id);
    return NULL;
  }
  {
    CLEANUP_FREE char *sr_id = field_str (o->fields, "SR");
    sr = lookup (p, sr_id, "SR");
    if (sr) {
      CLEANUP_FREE char *ct = field_str (sr->fields, "content_type");
      vdi->is_iso = ct && strcasecmp (ct, "iso") == 0;
    }
  }
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
read_vbds (struct parse *p, struct object *vmo, struct ova_vm *vm)
{
  CLEANUP_FREE struct object **objs = NULL;
  size_t n, i;

  objs = linked_objects (p, vmo, "VBDs", "VBD", "VM", &n);
  if (objs == NULL)
    return -1;
  vm->vbds = calloc (n ? n : 1, sizeof *vm->vbds);
  if (vm->vbds == NULL) {
    xva_set_error (errno, "calloc: %s", strerror (errno));
    return -1;
  }
  for (i = 0; i < n; ++i) {
    struct ova_vbd *vbd = &vm->vbds[vm->nr_vbds++];
    xmlNode *f = objs[i]->fields;
    CLEANUP_FREE char *type = field_str (f, "type");
    CLEANUP_FREE char *mode = field_str (f, "mode");
    CLEANUP_FREE char *vdi_id = field_str (f, "VDI");
    struct object *vdio;
    uint64_t ud;
    int r;

    vbd->id = strdup (objs[i]->id);
    vbd->device = field_str (f, "device");
    if (!vbd->id || !vbd->device || !type || !mode || !vdi_id) {
      xva_set_error (errno, "strdup: %s", strerror (errno));
      return -1;
    }
    r = field_u64 (p, f, "VBD", "userdevice", &ud);
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
    vbd->bootable = field_bool (f, "bootable");
    vbd->empty = field_bool (f, "empty");
    vbd->read_only = strcasecmp (mode, "RO") == 0;
    vdio = lookup (p, vdi_id, "VDI");
    if (vdio && !vbd->empty) {
      vbd->vdi = add_vdi (p, vm, vdio);
      if (vbd->vdi == NULL)
        return -1;
    }
  }
  qsort (vm->vbds, vm->nr_vbds, sizeof *vm->vbds, compare_vbds);
  return 0;
}

static int
read_vifs (struct parse *p, struct object *vmo, struct ova_vm *vm)
{
  CLEANUP_FREE struct object **objs = NULL;
  size_t n, i;

  objs = linked_objects (p, vmo, "VIFs", "VIF", "VM", &n);
  if (objs == NULL)
    return -1;
  vm->vifs = calloc (n ? n : 1, sizeof *vm->vifs);
  if (vm->vifs == NULL) {
    xva_set_error (errno, "calloc: %s", strerror (errno));
    return -1;
  }
  for (i = 0; i < n; ++i) {
    struct ova_vif *vif = &vm->vifs[vm->nr_vifs++];
    xmlNode *f = objs[i]->fields;
    CLEANUP_FREE char *net_id = field_str (f, "network");
    struct object *net;
    uint64_t dev = 0;

    vif->mac = field_str (f, "MAC");
    if (field_u64 (p, f, "VIF", "device", &dev) == -1 ||
        field_u64 (p, f, "VIF", "MTU", &vif->mtu) == -1)
      return -1;
    if (dev > UINT_MAX) {
      xva_set_error (0, "%s: ova.xml: VIF %s has no valid device",
                     p->display, objs[i]->id);
      return -1;
    }
    vif->device = dev;
    net = lookup (p, net_id, "network");
    vif->network = net ? field_str (net->fields, "name_label") : strdup ("");
    vif->bridge = net ? field_str (net->fields, "bridge") : strdup ("");
    if (!vif->mac || !vif->network || !vif->bridge) {
      xva_set_error (errno, "strdup: %s", strerror (errno));
      return -1;
    }
  }
  qsort (vm->vifs, vm->nr_vifs, sizeof *vm->vifs, compare_vifs);
  return 0;
}

static int
read_platform (struct parse *p, struct object *vmo, struct ova_vm *vm)
{
  xmlNode *plat = rpc_member (vmo->fields, "platform"), *st, *m;
  size_t n = 0;

  st = plat ? first_elem (plat) : NULL;
  if (!is_elem (st, "struct"))
    return 0;
  for (m = first_elem (st); m; m = next_elem (m))
    n++;
  vm->platform = calloc (n ? n : 1, sizeof *vm->platform);
  if (vm->platform == NULL) {
    xva_set_error (errno, "calloc: %s", strerror (errno));
    return -1;
  }
  for (m = first_elem (st); m; m = next_elem (m)) {
    xmlNode *name = first_elem (m), *val = name ? next_elem (name) : NULL;
    xmlChar *k;

    if (!is_elem (m, "member") || !is_elem (name, "name") ||
        !is_elem (val, "value"))
      continue;
    k = xmlNodeGetContent (name);
    vm->platform[vm->nr_platform].key = strdup (k ? (char *) k : "");
    xmlFree (k);
    vm->platform[vm->nr_platform].value = rpc_text (val);
    if (!vm->platform[vm->nr_platform].value)
      vm->platform[vm->nr_platform].value = strdup ("");
    vm->nr_platform++;
  }
  return 0;
}

static int
read_vm (struct parse *p, xmlNode *root, struct object *vmo,
         struct ova_vm *vm)
{
  xmlNode *f = vmo->fields, *version, *params;
  CLEANUP_FREE char *policy = NULL;
  uint64_t u;
  int r;

  version = rpc_member (root, "version");
  vm->product_brand = version ? field_str (version, "product_brand") : strdup ("");
  vm->product_version = version ? field_str (version, "product_version") : strdup ("");
  {
    CLEANUP_FREE char *maj = version ? field_str (version, "xapi_major") : NULL;
    CLEANUP_FREE char *min = version ? field_str (version, "xapi_minor") : NULL;
    CLEANUP_FREE char *vsn = version ? field_str (version, "export_vsn") : NULL;
    if (maj && maj[0]) {
      if (asprintf (&vm->xapi_version, "%s.%s", maj, min ? min : "") == -1)
        vm->xapi_version = NULL;
    }
    else
      vm->xapi_version = strdup ("");
    vm->export_vsn = vsn && parse_u64 (vsn, &u) == 0 && u < 100 ? (int) u : 0;
  }

  vm->name = field_str (f, "name_label");
  vm->uuid = field_str (f, "uuid");
  vm->description = field_str (f, "name_description");
  vm->domain_type = field_str (f, "domain_type");
  vm->pv_bootloader = field_str (f, "PV_bootloader");
  vm->pv_kernel = field_str (f, "PV_kernel");
  vm->pv_args = field_str (f, "PV_args");
  vm->power_state = field_str (f, "power_state");
  policy = field_str (f, "HVM_boot_policy");
  params = rpc_member (f, "HVM_boot_params");
  vm->boot_order = params ? field_str (params, "order") : strdup ("");
  if (!vm->product_brand || !vm->product_version || !vm->xapi_version ||
      !vm->name || !vm->uuid || !vm->description || !vm->domain_type ||
      !vm->pv_bootloader || !vm->pv_kernel || !vm->pv_args ||
      !vm->power_state || !policy || !vm->boot_order) {
    xva_set_error (errno, "strdup: %s", strerror (errno));
    return -1;
  }
  if (vm->boot_order[0] == '\0') {
    free (vm->boot_order);
    vm->boot_order = strdup ("cd");     /* xapi's default */
  }
  if (params) {
    CLEANUP_FREE char *fw = field_str (params, "firmware");
    vm->firmware = fw && strcasecmp (fw, "uefi") == 0 ?
      OVA_FIRMWARE_UEFI : OVA_FIRMWARE_BIOS;
  }

  /* domain_type exists since XenServer 7.5; before, a boot policy means
   * HVM (xen-api ocaml/xapi/import.ml L166-177).
   */
  if (vm->domain_type[0] && strcasecmp (vm->domain_type, "unspecified") != 0)
    vm->hvm = strcasecmp (vm->domain_type, "hvm") == 0;
  else {
    vm->hvm = policy[0] != '\0';
    free (vm->domain_type);
    vm->domain_type = strdup (vm->hvm ? "hvm" : "pv");
  }

  r = field_u64 (p, f, "VM", "memory_static_max", &vm->memory);
  if (r == -1)
    return -1;
  r = field_u64 (p, f, "VM", "memory_dynamic_max", &vm->memory_dynamic_max);
  if (r == -1)
    return -1;
  u = 1;
  if (field_u64 (p, f, "VM", "VCPUs_max", &u) == -1)
    return -1;
  vm->vcpus_max = u > 0 && u <= 4096 ? u : 1;
  u = vm->vcpus_max;
  if (field_u64 (p, f, "VM", "VCPUs_at_startup", &u) == -1)
    return -1;
  vm->vcpus_at_startup = u > 0 && u <= vm->vcpus_max ? u : vm->vcpus_max;

  vm->is_template = field_bool (f, "is_a_template");
  vm->is_snapshot = field_bool (f, "is_a_snapshot");

  if (read_platform (p, vmo, vm) == -1 ||
      read_vbds (p, vmo, vm) == -1 ||
      read_vifs (p, vmo, vm) == -1)
    return -1;

  {
    CLEANUP_FREE char *sid = field_str (f, "suspend_VDI");
    struct object *so = lookup (p, sid, "VDI");
    if (so && (vm->suspend_vdi = add_vdi (p, vm, so)) == NULL)
      return -1;
  }
  return 0;
}

struct ova_vm *
ova_xml_parse (const char *display, const char *buf, size_t len)
{
  CLEANUP_XMLFREEDOC xmlDoc *doc = NULL;
  xmlParserCtxt *ctxt;
  xmlNode *root;
  struct parse p = { .display = display };
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

  xmlInitParser ();
  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL) {
    xva_set_error (ENOMEM, "xmlNewParserCtxt: out of memory");
    return NULL;
  }
  doc = xmlCtxtReadMemory (ctxt, buf, len, "ova.xml", "UTF-8",
                           XML_PARSE_NONET | XML_PARSE_NOERROR |
                           XML_PARSE_NOWARNING);
  if (doc == NULL) {
    const xmlError *err = xmlCtxtGetLastError (ctxt);
    char msg[256] = "not well-formed";
    if (err && err->message) {
      snprintf (msg, sizeof msg, "%s", err->message);
      msg[strcspn (msg, "\n")] = '\0';
    }
    xva_set_error (0, "%s: ova.xml: line %d: %s", display,
                   err ? err->line : 0, msg);
    xmlFreeParserCtxt (ctxt);
    return NULL;
  }
  xmlFreeParserCtxt (ctxt);
  if (doc->intSubset || doc->extSubset) {
    xva_set_error (0, "%s: ova.xml: document type declarations are not "
                   "allowed", display);
    return NULL;
  }

  root = xmlDocGetRootElement (doc);
  if (is_elem (root, "appliance")) {
    xva_set_error (0, "%s: legacy XVA version 1 is not "
                   "supported: re-export it from a current XenServer or "
                   "XCP-ng", display);
    return NULL;
  }
  if (!is_elem (root, "value")) {
    xva_set_error (0, "%s: ova.xml: root element is <%s>, not an XVA v2 "
                   "<value>", display, root ? (const char *) root->name : "");
    return NULL;
  }

  if (read_objects (&p, root) == -1) {
    free_objects (&p);
    return NULL;
  }
  vmo = pick_vm (&p);
  if (vmo == NULL) {
    free_objects (&p);
    return NULL;
  }
  vm = calloc (1, sizeof *vm);
  if (vm == NULL) {
    xva_set_error (errno, "calloc: %s", strerror (errno));
    free_objects (&p);
    return NULL;
  }
  if (read_vm (&p, root, vmo, vm) == -1) {
    ova_vm_free (vm);
    free_objects (&p);
    return NULL;
  }
  free_objects (&p);
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

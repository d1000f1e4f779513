/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* ova.xml (XML-RPC, as mirage/ocaml-rpc writes it) into struct ova_vm.
 *
 * libxml2 reads the document in one pass and calls us back (SAX); no
 * tree is built.  A small state machine follows the XML-RPC structure
 * and keeps, per exported object, only its class, id and the few
 * fields the model needs, so that time and memory are linear in the
 * size of the document: a tree of a 64 MiB ova.xml would take ten times
 * that.  Once the document has been read, the objects are indexed by
 * id (sorted, then bsearch) and the VM's model is built from them.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>

#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>

#include "cleanup.h"
#include "ova-xml.h"
#include "xva-error.h"

/* ova.xml larger than this is refused before parsing.  A real one is
 * tens of KiB; metadata exports of a whole pool reach a few MiB.
 */
#define OVA_XML_MAX (64 << 20)

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

static const char *const field_names[NR_FIELDS] = {
  "is_control_domain", "is_a_snapshot", "is_a_template", "name_label",
  "uuid", "name_description", "domain_type", "PV_bootloader", "PV_kernel",
  "PV_args", "power_state", "HVM_boot_policy", "memory_static_max",
  "memory_dynamic_max", "VCPUs_max", "VCPUs_at_startup", "suspend_VDI",
  "VM", "type", "mode", "VDI", "device", "userdevice", "bootable",
  "empty", "virtual_size", "SR", "network", "MAC", "MTU", "bridge",
  "content_type",
  "HVM_boot_params", "platform", "VBDs", "VIFs",
};

#define BIT(f) (UINT64_C (1) << (f))

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

/* Members of the other structs we read. */
static const char *const root_keys[] = { "version", "objects" };
enum { R_VERSION, R_OBJECTS };
static const char *const version_keys[] = {
  "product_brand", "product_version", "xapi_major", "xapi_minor",
  "export_vsn",
};
enum { V_BRAND, V_VERSION, V_MAJOR, V_MINOR, V_VSN, NR_VERSION };
static const char *const object_keys[] = { "class", "id", "snapshot" };
enum { O_CLASS, O_ID, O_SNAPSHOT };
static const char *const boot_keys[] = { "order", "firmware" };
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

/* What the element being read is to us. */
enum role {
  STRUCT_VALUE,                 /* a value read as a struct */
  STRUCT,                       /* its <struct>: members */
  MEMBER,                       /* <name> then <value> */
  NAME,                         /* a member's <name>: collect the key */
  ARRAY_VALUE,                  /* a value read as an array */
  ARRAY,                        /* its <array>: then <data> */
  DATA,                         /* <data>: every element is an item */
  SCALAR,                       /* a value read as text */
  INNER,                        /* a scalar's first element: its text */
};

/* Which struct or array it belongs to. */
enum kind {
  K_ROOT, K_VERSION, K_OBJECTS, K_OBJECT, K_FIELDS, K_BOOT, K_PLATFORM,
  K_VBDS, K_VIFS,
};

struct frame {
  enum role role;
  enum kind kind;
  unsigned nelems;              /* element children so far (capped) */
  int key;                      /* MEMBER, SCALAR: which member; -1 none */
  bool name_ok;                 /* MEMBER: its first element is <name> */
  bool nonscalar;               /* SCALAR: a struct, array or nil */
  size_t nest;                  /* NAME, INNER: elements open inside */
};

/* The deepest path we follow is root value, struct, member, value
 * (objects), array, data, object, struct, member, value (snapshot),
 * struct, member, value (platform), struct, member, value (scalar),
 * inner: 17 frames.  Anything deeper is never pushed, whatever the
 * input: ignored subtrees are only counted in skip.
 */
#define MAX_FRAMES 20

/* The object being read. */
struct current {
  unsigned oseen;               /* class, id, snapshot members found */
  char *cls, *id;               /* NULL if not scalars */
  uint64_t fseen;               /* snapshot fields found */
  char *f[NR_SCALARS];          /* NULL if absent or "" */
  unsigned bseen;               /* HVM_boot_params members found */
  struct vm_extra x;
};

struct parse {
  const char *display;

  /* The SAX pass. */
  struct frame frames[MAX_FRAMES];
  size_t depth;                 /* frames in use */
  size_t skip;                  /* depth inside an ignored element */
  bool started;                 /* the root element was seen */
  bool stop;                    /* nothing more to collect */
  bool oom;
  char *text;                   /* text being collected */
  size_t text_len, text_cap;
  char *root_name;              /* the root element's name */
  unsigned root_seen;           /* root members found */
  bool have_objects;            /* the root has an "objects" member */
  unsigned version_seen;
  char *version[NR_VERSION];
  struct current cur;
  size_t nr_items;              /* objects begun */
  size_t bad_object;            /* first without class, id or snapshot */
  bool have_bad_object;

  /* The objects, sorted by id once read. */
  struct object *objs;
  size_t nr_objs, cap_objs;
  size_t cap_vdis;              /* room in vm->vdis */
};

/* Text and string helpers. */

static int
text_add (struct parse *p, const char *s, size_t len)
{
  if (len >= p->text_cap - p->text_len || p->text == NULL) {
    size_t cap = p->text_cap ? p->text_cap : 64;
    char *t;

    while (len >= cap - p->text_len) {
      if (cap > SIZE_MAX / 2)
        return -1;
      cap *= 2;
    }
    t = realloc (p->text, cap);
    if (t == NULL)
      return -1;
    p->text = t;
    p->text_cap = cap;
  }
  memcpy (p->text + p->text_len, s, len);
  p->text_len += len;
  p->text[p->text_len] = '\0';
  return 0;
}

static void
text_reset (struct parse *p)
{
  p->text_len = 0;
  if (p->text)
    p->text[0] = '\0';
}

static int
strings_add (struct strings *l, const char *s)
{
  size_t len = strlen (s) + 1;

  if (len > l->cap - l->len) {
    size_t cap = l->cap ? l->cap : 64;
    char *b;

    while (len > cap - l->len) {
      if (cap > SIZE_MAX / 2)
        return -1;
      cap *= 2;
    }
    b = realloc (l->buf, cap);
    if (b == NULL)
      return -1;
    l->buf = b;
    l->cap = cap;
  }
  memcpy (l->buf + l->len, s, len);
  l->len += len;
  l->n++;
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

static void
strings_free (struct strings *l)
{
  free (l->buf);
  memset (l, 0, sizeof *l);
}

static void
vm_extra_free (struct vm_extra *x)
{
  size_t i;

  for (i = 0; i < NR_BOOT; ++i)
    free (x->boot[i]);
  strings_free (&x->platform);
  strings_free (&x->vbds);
  strings_free (&x->vifs);
}

static void
current_free (struct current *c)
{
  size_t i;

  free (c->cls);
  free (c->id);
  for (i = 0; i < NR_SCALARS; ++i)
    free (c->f[i]);
  vm_extra_free (&c->x);
  memset (c, 0, sizeof *c);
}

static int
find_key (const char *const *keys, size_t n, const char *key)
{
  size_t i;

  for (i = 0; i < n; ++i)
    if (strcmp (keys[i], key) == 0)
      return i;
  return -1;
}

#define ARRAY_SIZE(a) (sizeof (a) / sizeof (a)[0])

/* The SAX pass. */

static void
out_of_memory (struct parse *p)
{
  p->oom = p->stop = true;
}

static void
push (struct parse *p, enum role role, enum kind kind, int key)
{
  struct frame *f;

  if (p->depth == MAX_FRAMES) { /* cannot happen: see MAX_FRAMES */
    p->skip = 1;
    return;
  }
  f = &p->frames[p->depth++];
  memset (f, 0, sizeof *f);
  f->role = role;
  f->kind = kind;
  f->key = key;
  if (role == SCALAR || role == NAME)
    text_reset (p);
}

/* An object item begins: the previous one is finished or bad. */
static void
begin_object (struct parse *p)
{
  current_free (&p->cur);
}

static uint64_t
kept_fields (const char *cls)
{
  size_t i;

  for (i = 0; i < ARRAY_SIZE (class_fields); ++i)
    if (strcmp (class_fields[i].cls, cls) == 0)
      return class_fields[i].fields;
  return 0;
}

/* An object item ends: keep what its class needs. */
static void
end_object (struct parse *p)
{
  struct current *c = &p->cur;
  struct object *o;
  uint64_t keep;
  size_t i, n = 0;

  if ((c->oseen & 7) != 7 || c->cls == NULL || c->id == NULL) {
    p->bad_object = p->nr_items - 1;
    p->have_bad_object = p->stop = true;
    return;
  }
  if (p->nr_objs == p->cap_objs) {
    size_t cap = p->cap_objs ? p->cap_objs * 2 : 64;
    struct object *objs = realloc (p->objs, cap * sizeof *objs);
    if (objs == NULL) {
      out_of_memory (p);
      return;
    }
    p->objs = objs;
    p->cap_objs = cap;
  }
  o = &p->objs[p->nr_objs];
  memset (o, 0, sizeof *o);
  keep = kept_fields (c->cls);
  for (i = 0; i < NR_SCALARS; ++i)
    if (c->f[i] && (keep & BIT (i)))
      n++;
  if (n > 0) {
    o->fields = malloc (n * sizeof *o->fields);
    if (o->fields == NULL) {
      out_of_memory (p);
      return;
    }
    for (i = 0; i < NR_SCALARS; ++i) {
      if (c->f[i] && (keep & BIT (i))) {
        o->fields[o->nr_fields].key = i;
        o->fields[o->nr_fields++].value = c->f[i];
        c->f[i] = NULL;
      }
    }
  }
  if (strcmp (c->cls, "VM") == 0) {
    o->vm = malloc (sizeof *o->vm);
    if (o->vm == NULL) {
      free (o->fields);
      out_of_memory (p);
      return;
    }
    *o->vm = c->x;
    memset (&c->x, 0, sizeof c->x);
  }
  o->id = c->id;
  o->cls = c->cls;
  c->id = c->cls = NULL;
  p->nr_objs++;
  current_free (c);
}

/* A scalar has been read: value is its text, or NULL if it is not a
 * scalar (XML-RPC struct, array or nil).
 */
static void
store_scalar (struct parse *p, enum kind kind, int key, const char *value)
{
  char **dest = NULL;
  struct strings *list = NULL;

  switch (kind) {
  case K_VERSION: dest = &p->version[key]; break;
  case K_OBJECT: dest = key == O_CLASS ? &p->cur.cls : &p->cur.id; break;
  case K_FIELDS: dest = &p->cur.f[key]; break;
  case K_BOOT: dest = &p->cur.x.boot[key]; break;
  case K_PLATFORM:
    if (strings_add (&p->cur.x.platform, value ? value : "") == -1)
      out_of_memory (p);
    return;
  case K_VBDS: list = &p->cur.x.vbds; break;
  case K_VIFS: list = &p->cur.x.vifs; break;
  default: abort ();
  }
  if (list) {
    /* Only a Ref: can name an exported object (see lookup). */
    if (value && strncmp (value, "Ref:", 4) == 0 &&
        strings_add (list, value) == -1)
      out_of_memory (p);
    return;
  }
  /* class and id must be scalars, "" included; elsewhere absent, non-
   * scalar and "" all read as "".
   */
  if (value == NULL || (value[0] == '\0' && kind != K_OBJECT))
    return;
  *dest = strdup (value);
  if (*dest == NULL)
    out_of_memory (p);
}

/* A valid member (<name> then <value>) of a struct of this kind starts
 * its value: say what the value is to us.  Only the first member with a
 * given name counts, as in any XML-RPC reader that looks members up.
 */
static void
start_member_value (struct parse *p, enum kind kind, int key)
{
  unsigned *seen = NULL;
  uint64_t *fseen = NULL;

  if (key < 0 && kind != K_PLATFORM) {
    p->skip = 1;
    return;
  }
  switch (kind) {
  case K_ROOT: seen = &p->root_seen; break;
  case K_VERSION: seen = &p->version_seen; break;
  case K_OBJECT: seen = &p->cur.oseen; break;
  case K_FIELDS: fseen = &p->cur.fseen; break;
  case K_BOOT: seen = &p->cur.bseen; break;
  case K_PLATFORM:
    /* Every member, in document order: the key (still in text) now. */
    if (strings_add (&p->cur.x.platform, p->text ? p->text : "") == -1) {
      out_of_memory (p);
      return;
    }
    push (p, SCALAR, K_PLATFORM, 0);
    return;
  default: abort ();
  }
  if (seen) {
    if (*seen & (1u << key)) {
      p->skip = 1;
      return;
    }
    *seen |= 1u << key;
  }
  else {
    if (*fseen & BIT (key)) {
      p->skip = 1;
      return;
    }
    *fseen |= BIT (key);
  }

  switch (kind) {
  case K_ROOT:
    if (key == R_OBJECTS) {
      p->have_objects = true;
      push (p, ARRAY_VALUE, K_OBJECTS, -1);
    }
    else
      push (p, STRUCT_VALUE, K_VERSION, -1);
    break;
  case K_OBJECT:
    if (key == O_SNAPSHOT)
      push (p, STRUCT_VALUE, K_FIELDS, -1);
    else
      push (p, SCALAR, K_OBJECT, key);
    break;
  case K_FIELDS:
    if (key < NR_SCALARS)
      push (p, SCALAR, K_FIELDS, key);
    else if (key == F_HVM_BOOT_PARAMS)
      push (p, STRUCT_VALUE, K_BOOT, -1);
    else if (key == F_PLATFORM)
      push (p, STRUCT_VALUE, K_PLATFORM, -1);
    else
      push (p, ARRAY_VALUE, key == F_VBDS ? K_VBDS : K_VIFS, -1);
    break;
  default:
    push (p, SCALAR, kind, key);
  }
}

/* The key of a member, now that its <name> has ended. */
static int
member_key (struct parse *p, enum kind kind)
{
  const char *k = p->text ? p->text : "";

  switch (kind) {
  case K_ROOT: return find_key (root_keys, ARRAY_SIZE (root_keys), k);
  case K_VERSION:
    return find_key (version_keys, ARRAY_SIZE (version_keys), k);
  case K_OBJECT: return find_key (object_keys, ARRAY_SIZE (object_keys), k);
  case K_FIELDS: return find_key (field_names, NR_FIELDS, k);
  case K_BOOT: return find_key (boot_keys, ARRAY_SIZE (boot_keys), k);
  default: return -1;           /* K_PLATFORM: kept in text */
  }
}

static bool
named (const char *name, const char *want)
{
  return name && strcmp (name, want) == 0;
}

static void
on_start (void *ctx, const xmlChar *localname, const xmlChar *prefix,
          const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
          int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
  xmlParserCtxt *ctxt = ctx;
  struct parse *p = ctxt->_private;
  /* A tree names an element whose prefix is not declared by its
   * "prefix:local" name, which matches none of ours.
   */
  const char *name = prefix && !uri ? NULL : (const char *) localname;
  struct frame *top;
  unsigned n;

  if (p->stop)
    return;
  if (p->skip) {
    p->skip++;
    return;
  }
  if (!p->started) {
    p->started = true;
    if (name)
      p->root_name = strdup (name);
    else if (asprintf (&p->root_name, "%s:%s", prefix, localname) == -1)
      p->root_name = NULL;
    if (p->root_name == NULL) {
      out_of_memory (p);
      return;
    }
    if (named (name, "value"))
      push (p, STRUCT_VALUE, K_ROOT, -1);
    else
      p->stop = true;           /* refused once the document is read */
    return;
  }
  if (p->depth == 0) {          /* cannot happen: one root */
    p->skip = 1;
    return;
  }
  top = &p->frames[p->depth - 1];
  if (top->role == NAME || top->role == INNER) {
    top->nest++;
    return;
  }
  if (top->nelems < 3)
    top->nelems++;
  n = top->nelems;

  switch (top->role) {
  case STRUCT_VALUE:
    if (n == 1 && named (name, "struct"))
      push (p, STRUCT, top->kind, -1);
    else
      p->skip = 1;
    break;
  case STRUCT:
    if (named (name, "member"))
      push (p, MEMBER, top->kind, -1);
    else
      p->skip = 1;
    break;
  case MEMBER:
    if (n == 1 && named (name, "name")) {
      top->name_ok = true;
      push (p, NAME, top->kind, -1);
    }
    else if (n == 2 && top->name_ok && named (name, "value"))
      start_member_value (p, top->kind, top->key);
    else
      p->skip = 1;
    break;
  case ARRAY_VALUE:
    if (n == 1 && named (name, "array"))
      push (p, ARRAY, top->kind, -1);
    else
      p->skip = 1;
    break;
  case ARRAY:
    if (n == 1 && named (name, "data"))
      push (p, DATA, top->kind, -1);
    else
      p->skip = 1;
    break;
  case DATA:
    /* Every element of <data> is an item, whatever its name. */
    if (top->kind == K_OBJECTS) {
      p->nr_items++;
      begin_object (p);
      push (p, STRUCT_VALUE, K_OBJECT, -1);
    }
    else
      push (p, SCALAR, top->kind, 0);
    break;
  case SCALAR:
    if (n == 1 && !named (name, "struct") && !named (name, "array") &&
        !named (name, "nil")) {
      text_reset (p);           /* text before it does not count */
      push (p, INNER, top->kind, -1);
    }
    else {
      if (n == 1)
        top->nonscalar = true;
      p->skip = 1;
    }
    break;
  case NAME: case INNER:
    abort ();
  }
}

static void
on_end (void *ctx, const xmlChar *localname, const xmlChar *prefix,
        const xmlChar *uri)
{
  xmlParserCtxt *ctxt = ctx;
  struct parse *p = ctxt->_private;
  struct frame *top;

  if (p->stop)
    return;
  if (p->skip) {
    p->skip--;
    return;
  }
  if (p->depth == 0)
    return;
  top = &p->frames[p->depth - 1];
  if ((top->role == NAME || top->role == INNER) && top->nest > 0) {
    top->nest--;
    return;
  }
  p->depth--;
  switch (top->role) {
  case NAME:
    p->frames[p->depth - 1].key = member_key (p, top->kind);
    break;
  case SCALAR:
    store_scalar (p, top->kind, top->key,
                  top->nonscalar ? NULL : p->text ? p->text : "");
    break;
  case STRUCT_VALUE:
    if (top->kind == K_OBJECT)
      end_object (p);
    break;
  default:
    break;
  }
}

static void
on_text (void *ctx, const xmlChar *s, int len)
{
  xmlParserCtxt *ctxt = ctx;
  struct parse *p = ctxt->_private;
  struct frame *top;

  if (p->stop || p->skip || p->depth == 0)
    return;
  top = &p->frames[p->depth - 1];
  /* A scalar's own text counts until its first element, whose text
   * (all of it, at any depth) then replaces it.
   */
  if (top->role == NAME || top->role == INNER ||
      (top->role == SCALAR && top->nelems == 0)) {
    if (text_add (p, (const char *) s, len) == -1)
      out_of_memory (p);
  }
}

/* libxml2 reads the document through this, a window at a time: given
 * the whole buffer (xmlCtxtReadMemory), it would copy it, then copy it
 * again to "convert" it to UTF-8.  What it reads is what it would have
 * read from memory: UTF-8 whatever the document declares
 * (XML_PARSE_IGNORE_ENC: read from memory, the declaration came too
 * late to change anything), without a UTF-8 byte order mark (skipped
 * when the whole buffer was converted at once).
 */
struct reader {
  const char *buf;
  size_t len, pos;
};

static int
read_more (void *opaque, char *out, int len)
{
  struct reader *r = opaque;
  size_t n = r->len - r->pos;

  if (len < 0)
    return -1;
  if (n > (size_t) len)
    n = len;
  memcpy (out, r->buf + r->pos, n);
  r->pos += n;
  return n;
}

static void
set_handlers (xmlParserCtxt *ctxt, struct parse *p)
{
  ctxt->_private = p;
  ctxt->sax->startElementNs = on_start;
  ctxt->sax->endElementNs = on_end;
  ctxt->sax->characters = on_text;
  ctxt->sax->ignorableWhitespace = on_text;
  ctxt->sax->cdataBlock = on_text;
  ctxt->sax->comment = NULL;
  ctxt->sax->processingInstruction = NULL;
  ctxt->sax->reference = NULL;
}

static void
set_parse_error (struct parse *p, xmlParserCtxt *ctxt)
{
  const xmlError *err = xmlCtxtGetLastError (ctxt);
  char msg[256] = "not well-formed";

  if (err && err->message) {
    snprintf (msg, sizeof msg, "%s", err->message);
    msg[strcspn (msg, "\n")] = '\0';
  }
  xva_set_error (0, "%s: ova.xml: line %d: %s", p->display,
                 err ? err->line : 0, msg);
}

#define PARSE_OPTIONS \
  (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

/* The one effect of an XML declaration's encoding="..." on a document
 * read from memory as UTF-8: an encoding unknown to libxml2 is refused
 * (and parsing stops there).  With XML_PARSE_IGNORE_ENC the streaming
 * pass never looks it up, so read the declaration alone, from memory.
 * Returns 0, or -1 with the error set.
 */
static int
check_declared_encoding (struct parse *p, const char *buf, size_t len)
{
  struct parse none = { .display = p->display, .stop = true };
  const char *end;
  xmlParserCtxt *ctxt;
  const xmlError *err;
  xmlDoc *doc;
  int ret = 0;

  if (len < 6 || memcmp (buf, "<?xml", 5) != 0 ||
      strchr (" \t\r\n", buf[5]) == NULL)
    return 0;
  /* The encoding name is read before the first "?>" or not at all. */
  end = memmem (buf, len, "?>", 2);
  if (end)
    len = end + 2 - buf;
  if (len > INT_MAX)
    return 0;

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL) {
    xva_set_error (ENOMEM, "xmlNewParserCtxt: out of memory");
    return -1;
  }
  set_handlers (ctxt, &none);
  doc = xmlCtxtReadMemory (ctxt, buf, len, "ova.xml", "UTF-8",
                           PARSE_OPTIONS);
  err = xmlCtxtGetLastError (ctxt);
  if (err && err->code == XML_ERR_UNSUPPORTED_ENCODING) {
    set_parse_error (p, ctxt);
    ret = -1;
  }
  if (doc)
    xmlFreeDoc (doc);
  xmlFreeParserCtxt (ctxt);
  return ret;
}

/* Read the document into p.  Returns 0, or -1 with the error set. */
static int
read_document (struct parse *p, const char *buf, size_t len)
{
  struct reader r = { .buf = buf, .len = len };
  xmlParserCtxt *ctxt;
  xmlDoc *doc;
  int ret = -1;

  if (len >= 3 && memcmp (buf, "\xef\xbb\xbf", 3) == 0)
    r.pos = 3;

  xmlInitParser ();
  if (check_declared_encoding (p, buf + r.pos, len - r.pos) == -1)
    return -1;
  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL) {
    xva_set_error (ENOMEM, "xmlNewParserCtxt: out of memory");
    return -1;
  }
  /* libxml2's own handlers make the (empty) document and refuse what is
   * not well-formed exactly as when it builds a tree; ours replace the
   * ones that would build it.
   */
  set_handlers (ctxt, p);
  doc = xmlCtxtReadIO (ctxt, read_more, NULL, &r, "ova.xml", "UTF-8",
                       PARSE_OPTIONS | XML_PARSE_IGNORE_ENC);
  if (p->oom)
    xva_set_error (ENOMEM, "malloc: %s", strerror (ENOMEM));
  else if (doc == NULL)
    set_parse_error (p, ctxt);
  else if (doc->intSubset || doc->extSubset)
    xva_set_error (0, "%s: ova.xml: document type declarations are not "
                   "allowed", p->display);
  else if (named (p->root_name, "appliance"))
    xva_set_error (0, "%s: legacy XVA version 1 is not "
                   "supported: re-export it from a current XenServer or "
                   "XCP-ng", p->display);
  else if (!named (p->root_name, "value"))
    xva_set_error (0, "%s: ova.xml: root element is <%s>, not an XVA v2 "
                   "<value>", p->display, p->root_name ? p->root_name : "");
  else
    ret = 0;
  if (doc)
    xmlFreeDoc (doc);
  xmlFreeParserCtxt (ctxt);
  return ret;
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
field_u64 (struct parse *p, const struct object *o, const char *cls,
           enum field key, uint64_t *r)
{
  const char *s = field (o, key);

  if (*s == '\0')
    return 1;
  if (parse_u64 (s, r) == -1) {
    xva_set_error (0, "%s: ova.xml: %s field %s is not a number: %s",
                   p->display, cls, field_names[key], s);
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
lookup (struct parse *p, const char *id, const char *cls)
{
  struct object key = { .id = (char *) id }, *o;

  if (id == NULL || strncmp (id, "Ref:", 4) != 0 || p->nr_objs == 0)
    return NULL;
  o = bsearch (&key, p->objs, p->nr_objs, sizeof *o, compare_objects);
  if (o && cls && strcmp (o->cls, cls) != 0)
    return NULL;
  return o;
}

static void
free_objects (struct parse *p)
{
  size_t i, j;

  for (i = 0; i < p->nr_objs; ++i) {
    struct object *o = &p->objs[i];
    free (o->id);
    free (o->cls);
    for (j = 0; j < o->nr_fields; ++j)
      free (o->fields[j].value);
    free (o->fields);
    if (o->vm) {
      vm_extra_free (o->vm);
      free (o->vm);
    }
  }
  free (p->objs);
  p->objs = NULL;
  p->nr_objs = 0;
}

static void
free_parse (struct parse *p)
{
  size_t i;

  free_objects (p);
  current_free (&p->cur);
  for (i = 0; i < NR_VERSION; ++i)
    free (p->version[i]);
  free (p->text);
  free (p->root_name);
}

/* The objects as read: each must have a class, an id and a snapshot,
 * and no two the same id.  Sorts them by id.
 */
static int
check_objects (struct parse *p)
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
pick_vm (struct parse *p)
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
linked_objects (struct parse *p, struct object *vm,
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
add_vdi (struct parse *p, struct ova_vm *vm, struct object *o)
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
read_vbds (struct parse *p, struct object *vmo, struct ova_vm *vm)
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
read_vifs (struct parse *p, struct object *vmo, struct ova_vm *vm)
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
version_str (struct parse *p, int key)
{
  return strdup (p->version[key] ? p->version[key] : "");
}

static int
read_vm (struct parse *p, struct object *vmo, struct ova_vm *vm)
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

  if (read_document (&p, buf, len) == -1 || check_objects (&p) == -1 ||
      (vmo = pick_vm (&p)) == NULL) {
    free_parse (&p);
    return NULL;
  }
  vm = calloc (1, sizeof *vm);
  if (vm == NULL) {
    xva_set_error (errno, "calloc: %s", strerror (errno));
    free_parse (&p);
    return NULL;
  }
  if (read_vm (&p, vmo, vm) == -1) {
    ova_vm_free (vm);
    free_parse (&p);
    return NULL;
  }
  free_parse (&p);
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

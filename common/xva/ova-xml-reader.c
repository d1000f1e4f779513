/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* ova.xml's streaming reader: the document in, the exported objects
 * out (ova-xml-reader.h); ova-xml.c builds the model from them.
 *
 * Over 600 lines (about 810) because the state machine is one piece:
 * the frames, the handlers that push and pop them and what they store
 * only make sense read together, and the defences around libxml2 (the
 * declared encoding, the DTD, the root element) belong with it.
 *
 * libxml2 reads the document in one pass and calls us back (SAX); no
 * tree is built.  A small state machine follows the XML-RPC structure
 * and keeps, per exported object, only its class, id and the few
 * fields the model needs, so that time and memory are linear in the
 * size of the document: a tree of a 64 MiB ova.xml would take ten times
 * that.
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

#include "ova-xml-reader.h"
#include "xva-error.h"

/* Members of the structs we read besides the objects' fields. */
static const char *const root_keys[] = { "version", "objects" };
enum { R_VERSION, R_OBJECTS };
static const char *const version_keys[] = {
  "product_brand", "product_version", "xapi_major", "xapi_minor",
  "export_vsn",
};
static const char *const object_keys[] = { "class", "id", "snapshot" };
enum { O_CLASS, O_ID, O_SNAPSHOT };
static const char *const boot_keys[] = { "order", "firmware" };

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
  struct ova_xml_objects *o;    /* what is collected */

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
  unsigned version_seen;
  struct current cur;
  size_t nr_items;              /* objects begun */

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

/* An object item ends: keep what its class needs. */
static void
end_object (struct parse *p)
{
  struct current *c = &p->cur;
  struct object *o;
  uint64_t keep;
  size_t i, n = 0;

  if ((c->oseen & 7) != 7 || c->cls == NULL || c->id == NULL) {
    p->o->bad_object = p->nr_items - 1;
    p->o->have_bad_object = p->stop = true;
    return;
  }
  if (p->o->nr_objs == p->o->cap_objs) {
    size_t cap = p->o->cap_objs ? p->o->cap_objs * 2 : 64;
    struct object *objs = realloc (p->o->objs, cap * sizeof *objs);
    if (objs == NULL) {
      out_of_memory (p);
      return;
    }
    p->o->objs = objs;
    p->o->cap_objs = cap;
  }
  o = &p->o->objs[p->o->nr_objs];
  memset (o, 0, sizeof *o);
  keep = ova_xml_kept_fields (c->cls);
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
  p->o->nr_objs++;
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
  case K_VERSION: dest = &p->o->version[key]; break;
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
      p->o->have_objects = true;
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
  case K_FIELDS: return find_key (ova_xml_field_names, NR_FIELDS, k);
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
  xva_set_error (0, "%s: ova.xml: line %d: %s", p->o->display,
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
  struct parse none = { .o = p->o, .stop = true };
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
                   "allowed", p->o->display);
  else if (named (p->root_name, "appliance"))
    xva_set_error (0, "%s: legacy XVA version 1 is not "
                   "supported: re-export it from a current XenServer or "
                   "XCP-ng", p->o->display);
  else if (!named (p->root_name, "value"))
    xva_set_error (0, "%s: ova.xml: root element is <%s>, not an XVA v2 "
                   "<value>", p->o->display, p->root_name ? p->root_name : "");
  else
    ret = 0;
  if (doc)
    xmlFreeDoc (doc);
  xmlFreeParserCtxt (ctxt);
  return ret;
}

/* Read the document into o.  The state of the pass goes with it; what
 * was collected stays in o, even on failure, for
 * ova_xml_objects_free.
 */
int
ova_xml_read (struct ova_xml_objects *o, const char *buf, size_t len)
{
  struct parse p = { .o = o };
  int r;

  r = read_document (&p, buf, len);
  current_free (&p.cur);
  free (p.text);
  free (p.root_name);
  return r;
}

void
ova_xml_objects_free (struct ova_xml_objects *p)
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
  for (i = 0; i < NR_VERSION; ++i) {
    free (p->version[i]);
    p->version[i] = NULL;
  }
}

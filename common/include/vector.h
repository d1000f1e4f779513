/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Growable arrays: DEFINE_VECTOR_TYPE (name_vector, type) declares
 * struct { type *ptr; size_t len, cap; } and name_vector_append (v, elem),
 * which returns 0, or -1 with errno set when memory runs out.
 */

#ifndef XVA_VECTOR_H
#define XVA_VECTOR_H

#include <stdlib.h>
#include <errno.h>
#include <stdint.h>

/* Grow *ptr (of *cap elements of size elemsz) to hold at least n more
 * than len.  Returns 0 or -1 with errno = ENOMEM.
 */
static inline int
generic_vector_reserve (void **ptr, size_t *cap, size_t len, size_t n,
                        size_t elemsz)
{
  size_t want, newcap, bytes;
  void *p;

  if (__builtin_add_overflow (len, n, &want)) {
    errno = ENOMEM;
    return -1;
  }
  if (want <= *cap)
    return 0;
  newcap = *cap ? *cap : 8;
  while (newcap < want) {
    if (__builtin_mul_overflow (newcap, 2, &newcap)) {
      errno = ENOMEM;
      return -1;
    }
  }
  if (__builtin_mul_overflow (newcap, elemsz, &bytes)) {
    errno = ENOMEM;
    return -1;
  }
  p = realloc (*ptr, bytes);
  if (p == NULL)
    return -1;
  *ptr = p;
  *cap = newcap;
  return 0;
}

#define DEFINE_VECTOR_TYPE(name, type)                                  \
  struct name {                                                         \
    type *ptr;                                                          \
    size_t len;                                                         \
    size_t cap;                                                         \
  };                                                                    \
  typedef struct name name;                                             \
  static inline int __attribute__ ((__unused__))                        \
  name##_reserve (name *v, size_t n)                                    \
  {                                                                     \
    return generic_vector_reserve ((void **) &v->ptr, &v->cap, v->len,  \
                                   n, sizeof (type));                   \
  }                                                                     \
  static inline int __attribute__ ((__unused__))                        \
  name##_append (name *v, type elem)                                    \
  {                                                                     \
    if (name##_reserve (v, 1) == -1)                                    \
      return -1;                                                        \
    v->ptr[v->len++] = elem;                                            \
    return 0;                                                           \
  }                                                                     \
  static inline void __attribute__ ((__unused__))                       \
  name##_reset (name *v)                                                \
  {                                                                     \
    free (v->ptr);                                                      \
    v->ptr = NULL;                                                      \
    v->len = v->cap = 0;                                                \
  }

#define empty_vector { .ptr = NULL, .len = 0, .cap = 0 }

#endif /* XVA_VECTOR_H */

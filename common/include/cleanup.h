/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Scope-bound cleanup on __attribute__((cleanup)): a CLEANUP_* local is
 * released when it goes out of scope.  Hand ownership out by returning
 * the value and setting the local to NULL (or -1 for descriptors).
 */

#ifndef XVA_CLEANUP_H
#define XVA_CLEANUP_H

#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <unistd.h>
#include <pthread.h>

static inline void
cleanup_free (void *ptr)
{
  free (*(void **) ptr);
}
#define CLEANUP_FREE __attribute__ ((cleanup (cleanup_free)))

/* close(2) keeps errno, so cleanups never disturb an error being reported. */
static inline void
cleanup_close (int *fd)
{
  int saved = errno;
  if (*fd >= 0)
    close (*fd);
  errno = saved;
}
#define CLEANUP_CLOSE __attribute__ ((cleanup (cleanup_close)))

static inline void
cleanup_fclose (FILE **fp)
{
  int saved = errno;
  if (*fp)
    fclose (*fp);
  errno = saved;
}
#define CLEANUP_FCLOSE __attribute__ ((cleanup (cleanup_fclose)))

/* Unlink a path if it is still set, then free it. */
static inline void
cleanup_unlink_free (char **path)
{
  int saved = errno;
  if (*path) {
    unlink (*path);
    free (*path);
  }
  errno = saved;
}
#define CLEANUP_UNLINK_FREE __attribute__ ((cleanup (cleanup_unlink_free)))

static inline void
cleanup_unlock (pthread_mutex_t **m)
{
  pthread_mutex_unlock (*m);
}
/* _lock is only there to be cleaned up: unused, as clang would say. */
#define ACQUIRE_LOCK_FOR_CURRENT_SCOPE(mutex)                           \
  pthread_mutex_t *_lock                                                \
    __attribute__ ((cleanup (cleanup_unlock), unused)) =                \
    (pthread_mutex_lock (mutex), (mutex))

#endif /* XVA_CLEANUP_H */

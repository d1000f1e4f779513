/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Read every stored chunk of a disk once, in large sequential reads,
 * checking checksums on all cores.
 *
 * The chunks of a disk lie one after the other in the tar, each
 * followed by its checksum member, so a run of consecutive chunks is one
 * contiguous range of the file: each worker takes the next run of up to
 * WINDOW bytes, reads it with one pread, checks and hands out its
 * chunks.  Runs are handed out in file order, so the reads stay close
 * to sequential even with several workers.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <time.h>
#include <pthread.h>
#include <signal.h>

#include "chunk-walk.h"
#include "chunk-map.h"
#include "cleanup.h"
#include "xvafile.h"

#define WINDOW (8 << 20)        /* bytes of tar per read */
#define MAX_GAP 65536           /* bigger gaps between chunks end a run */
#define MAX_THREADS 16

struct shared {
  struct chunk_walk *w;
  pthread_mutex_t lock;
  pthread_cond_t finished;      /* signalled when a worker ends */
  size_t next;                  /* next entry to hand out */
  size_t n;
  int running;                  /* workers still running */
  int failed;
  int err;                      /* errno of the first failure */
  char msg[1024];               /* message of the first failure */
};

/* Record the first failure (the message is thread-local: copy it). */
static void
fail (struct shared *s, const char *msg, int err)
{
  ACQUIRE_LOCK_FOR_CURRENT_SCOPE (&s->lock);
  if (!s->failed) {
    snprintf (s->msg, sizeof s->msg, "%s", msg);
    s->err = err;
  }
  s->failed = 1;
}

static uint64_t
end_of (const struct chunk_info *ci)
{
  if (ci->checksum != CHECKSUM_NONE)
    return ci->checksum_offset + checksum_hex_len (ci->checksum);
  return ci->file_offset + ci->length;
}

/* Take the next run of entries: [*first, *last].  Returns false when
 * there is nothing left to do.
 */
static bool
next_run (struct shared *s, size_t *first, size_t *last,
          uint64_t *start, uint64_t *end)
{
  const struct chunk_map *map = s->w->disk->map;
  struct chunk_info ci;
  size_t i;

  ACQUIRE_LOCK_FOR_CURRENT_SCOPE (&s->lock);
  if (s->failed || s->next >= s->n)
    return false;
  i = s->next;
  chunk_map_get (map, i, &ci);
  *first = i;
  *start = ci.file_offset;
  *end = end_of (&ci);
  while (i + 1 < s->n) {
    chunk_map_get (map, i + 1, &ci);
    if (ci.file_offset < *end || ci.file_offset - *end > MAX_GAP ||
        end_of (&ci) - *start > WINDOW)
      break;
    *end = end_of (&ci);
    i++;
  }
  *last = i;
  s->next = i + 1;
  return true;
}

static void *
worker (void *arg)
{
  struct shared *s = arg;
  struct chunk_walk *w = s->w;
  CLEANUP_FREE char *buf = malloc (WINDOW + CHUNK_SIZE + 4096);
  size_t first, last, i;
  uint64_t start, end;

  if (buf == NULL) {
    fail (s, "malloc: out of memory", ENOMEM);
    goto out;
  }
  while (next_run (s, &first, &last, &start, &end)) {
    if (xvafile_read_tar (w->x, buf, end - start, start) == -1) {
      fail (s, xva_last_error (), xva_last_errno ());
      break;
    }
    for (i = first; i <= last; ++i) {
      struct chunk_info ci;
      struct xva_chunk_check check;
      const char *data;

      chunk_map_get (w->disk->map, i, &ci);
      data = buf + (ci.file_offset - start);
      if (ci.checksum == CHECKSUM_NONE)
        __atomic_add_fetch (&w->unchecked, 1, __ATOMIC_RELAXED);
      else if (w->check) {
        const char *stored = buf + (ci.checksum_offset - start);
        int r = xvafile_check_chunk (w->x, &ci, data, stored, &check);

        __atomic_add_fetch (&w->checked, 1, __ATOMIC_RELAXED);
        if (r == 0) {
          int stop;
          pthread_mutex_lock (&s->lock);
          w->mismatches++;
          stop = w->on_mismatch ? w->on_mismatch (w->opaque, &ci, &check) : 0;
          pthread_mutex_unlock (&s->lock);
          if (stop == -1) {
            fail (s, "", 0);    /* on_mismatch reported it */
            __atomic_store_n (&w->stopped, true, __ATOMIC_RELAXED);
            goto out;
          }
        }
      }
      if (w->on_chunk && w->on_chunk (w->opaque, &ci, data) == -1) {
        fail (s, xva_last_error (), xva_last_errno ());
        goto out;
      }
      __atomic_add_fetch (&w->done, ci.length, __ATOMIC_RELAXED);
    }
  }
 out:
  pthread_mutex_lock (&s->lock);
  s->running--;
  pthread_cond_signal (&s->finished);
  pthread_mutex_unlock (&s->lock);
  return NULL;
}

static int
nr_threads (void)
{
  const char *env = getenv ("VIRT_XVA_THREADS");
  long n = env ? atol (env) : sysconf (_SC_NPROCESSORS_ONLN);

  if (n < 1)
    n = 1;
  if (n > MAX_THREADS)
    n = MAX_THREADS;
  return n;
}

int
chunk_walk_run (struct chunk_walk *w,
                void (*progress) (void *, uint64_t),
                void *popaque)
{
  struct shared s = {
    .w = w,
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .finished = PTHREAD_COND_INITIALIZER,
    .n = w->disk->map ? chunk_map_nr_entries (w->disk->map) : 0,
  };
  pthread_t threads[MAX_THREADS];
  sigset_t all, saved;
  int nt = nr_threads (), started = 0, i, err;

  if (s.n == 0)
    return 0;
  if ((size_t) nt > s.n)
    nt = s.n;
  /* The workers never need a signal: they are created with every
   * signal blocked (a thread inherits its creator's mask), so that a
   * program's handlers, SIGINT's clean-up for one, run in the calling
   * thread and never beside it in a worker.
   */
  sigfillset (&all);
  pthread_sigmask (SIG_SETMASK, &all, &saved);
  for (i = 0; i < nt; ++i) {
    pthread_mutex_lock (&s.lock);
    s.running++;
    pthread_mutex_unlock (&s.lock);
    err = pthread_create (&threads[i], NULL, worker, &s);
    if (err != 0) {
      pthread_mutex_lock (&s.lock);
      s.running--;
      pthread_mutex_unlock (&s.lock);
      fail (&s, "pthread_create failed", err);
      break;
    }
    started++;
  }
  pthread_sigmask (SIG_SETMASK, &saved, NULL);

  /* Wait for the workers, reporting progress every 100 ms. */
  pthread_mutex_lock (&s.lock);
  while (s.running > 0) {
    struct timespec ts;
    clock_gettime (CLOCK_REALTIME, &ts);
    ts.tv_nsec += 100000000;
    if (ts.tv_nsec >= 1000000000) {
      ts.tv_sec++;
      ts.tv_nsec -= 1000000000;
    }
    if (pthread_cond_timedwait (&s.finished, &s.lock, &ts) == ETIMEDOUT &&
        progress) {
      pthread_mutex_unlock (&s.lock);
      progress (popaque, __atomic_load_n (&w->done, __ATOMIC_RELAXED));
      pthread_mutex_lock (&s.lock);
    }
  }
  pthread_mutex_unlock (&s.lock);
  for (i = 0; i < started; ++i)
    pthread_join (threads[i], NULL);
  if (progress)
    progress (popaque, __atomic_load_n (&w->done, __ATOMIC_RELAXED));

  if (s.failed) {
    xva_set_error (s.err, "%s", s.msg);
    return -1;
  }
  return 0;
}

/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The library never prints.  A failing call returns -1 or NULL and leaves
 * one message (and the errno that goes with it) in a thread-local slot,
 * which the program reports.  What it has to say while it works (before
 * a long step) goes to a handler the program installs.
 */

#ifndef XVA_ERROR_H
#define XVA_ERROR_H

/* Set the last error.  errnum is kept for xva_last_errno (0 when the
 * fault is in the data rather than a system call).  "%m" is not
 * understood: use strerror (errnum).
 */
extern void xva_set_error (int errnum, const char *fs, ...)
  __attribute__ ((__format__ (__printf__, 2, 3)));

/* The last message of this thread, never NULL (owned by the library). */
extern const char *xva_last_error (void);

/* The errno that went with it, or 0 (bad data). */
extern int xva_last_errno (void);

/* Notices: not errors, said before the library starts something long
 * (decompressing a compressed XVA).  Without a handler they are dropped.
 * The handler is process-wide; install it before opening any XVA.
 */
enum xva_notice_level {
  XVA_NOTICE_INFO,              /* for -v / an interactive user */
  XVA_NOTICE_WARNING,           /* always worth printing */
};
typedef void (*xva_notice_fn) (enum xva_notice_level level, const char *msg);
extern void xva_set_notice_handler (xva_notice_fn fn);
extern void xva_notice (enum xva_notice_level level, const char *fs, ...)
  __attribute__ ((__format__ (__printf__, 2, 3)));

#endif /* XVA_ERROR_H */

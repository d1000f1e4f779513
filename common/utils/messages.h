/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The programs' messages on stderr, in virt-v2v's and qemu-img's style:
 * "PROGNAME: error: MESSAGE", one line each.  MESSAGE is escaped
 * (escape.h): names from the XVA or the guest may go in as they are,
 * a newline or escape sequence in them comes out as "\n" or "\x1b".
 */

#ifndef XVA_MESSAGES_H
#define XVA_MESSAGES_H

#include <stdbool.h>

#include "xva-error.h"

/* Set by main: the program's name in messages ("virt-xva"), -v, and
 * the word debug lines start with after the name (default "debug").
 */
extern const char *progname;
extern bool verbose;
extern const char *debug_label;

/* "PROGNAME: error: ...", "PROGNAME: warning: ...", and with -v only
 * "PROGNAME: DEBUG_LABEL: ...".
 */
extern void error (const char *fs, ...)
  __attribute__ ((__format__ (__printf__, 1, 2)));
extern void warning (const char *fs, ...)
  __attribute__ ((__format__ (__printf__, 1, 2)));
/* error and warning for a message that our nbdkit plugin wrote, and so
 * escaped already (escape_string_again).
 */
extern void error_relayed (const char *fs, ...)
  __attribute__ ((__format__ (__printf__, 1, 2)));
extern void warning_relayed (const char *fs, ...)
  __attribute__ ((__format__ (__printf__, 1, 2)));
extern void debug (const char *fs, ...)
  __attribute__ ((__format__ (__printf__, 1, 2)));

/* A handler for the reader's notices (xva_set_notice_handler): warnings
 * always, information with -v or on a terminal.  (For none, install no
 * handler.)
 */
extern void print_notice (enum xva_notice_level level, const char *msg);

#endif /* XVA_MESSAGES_H */

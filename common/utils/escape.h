/* virt-v2v-xva
 * Copyright (C) 2026 the virt-v2v-xva authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Untrusted text made safe for a terminal, as "ls -b" does: every
 * string from an XVA (tar member names, ova.xml strings) or from a
 * guest can hold newlines that forge output lines, or escape sequences
 * that clear the screen or retitle the terminal.
 *
 * The escaped form is printable and keeps one line one line:
 *
 *   \\                  a backslash
 *   \n \r \t            newline, carriage return, tab
 *   \xHH                any other C0 control byte, DEL, and each byte
 *                       that is not part of valid UTF-8 (a raw 0x9b
 *                       is "\x9b")
 *   \uHHHH              a valid UTF-8 character that is a C1 control
 *                       (U+0080..U+009F: U+009B is a CSI), a line or
 *                       paragraph separator (U+2028, U+2029) or a
 *                       bidirectional override, embedding or isolate
 *                       (U+202A..U+202E, U+2066..U+2069)
 *
 * Printable ASCII and every other valid UTF-8 character pass through.
 * The result does not depend on the locale: XVAs are UTF-8 (ova.xml is
 * read as UTF-8), the terminals we print to are UTF-8 in practice, and
 * output that changed with LANG would make tests and bug reports
 * harder to compare.  (On a legacy 8-bit terminal a valid multi-byte
 * character still prints as its bytes.)
 */

#ifndef XVA_ESCAPE_H
#define XVA_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The length (1 to 4) of the valid UTF-8 character at the start of the
 * len bytes at s, with its code point in *cp; 0 if those bytes do not
 * start with one (a stray continuation byte, an overlong form, a
 * surrogate, past U+10FFFF, cut short, or len is 0).
 */
extern size_t escape_utf8_decode (const char *s, size_t len, uint32_t *cp);

/* True for the code points that must not reach a terminal as they are:
 * C0 controls, DEL, C1 controls, U+2028..U+202E and U+2066..U+2069.
 */
extern bool escape_is_unsafe (uint32_t cp);

/* Write s escaped to fp. */
extern void escape_fputs (const char *s, FILE *fp);

/* An escaped copy of s (caller frees), or NULL with errno set. */
extern char *escape_string (const char *s);

/* The same for text that was escaped once already (a message of our
 * nbdkit plugin, passed on by a program that ran it): backslashes are
 * kept, so its escapes are not doubled, and anything unsafe is still
 * escaped.  Caller frees; NULL with errno set.
 */
extern char *escape_string_again (const char *s);

#endif /* XVA_ESCAPE_H */

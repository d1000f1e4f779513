#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# nbdkit xva fd=N serves an uncompressed XVA from an inherited
# descriptor, refuses a bad one at start-up with one line, and is how
# virt-xva convert -O qcow2 and the virt-v2v front-end hand a compressed
# XVA to nbdkit: it is decompressed once, by them, and nbdkit reads the
# very same temporary file.

source ./functions.sh
set -e
set -x

requires_program nbdkit
requires_program nbdcopy
requires_program qemu-img
requires_program jq
requires nbdkit xva --version

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"
export tmp
# The spools and private directories of the programs go here.
export TMPDIR="$tmp/tmpdir"
mkdir "$TMPDIR"

nbdkit --dump-plugin xva | grep -qx 'xva_fd=yes'

# 1. Served from the shell's fd 3: the same bytes as with file=.
for v in v7-sha1 pax short-last; do
    make_xva "$v"
    nbdkit -U - xva fd=3 --run 'nbdcopy "$uri" "$tmp/out.raw"' \
           3<"$XVA_DATA/$v.xva"
    cmp "$tmp/out.raw" "$XVA_DATA/$v-0.raw"
    rm -f "$tmp/out.raw"
done
make_xva multi-disk
for i in 0 1 2; do
    nbdkit -U - -e "$i" xva fd=3 --run 'nbdcopy "$uri" "$tmp/out.raw"' \
           3<"$XVA_DATA/multi-disk.xva"
    cmp "$tmp/out.raw" "$XVA_DATA/multi-disk-$i.raw"
done
# Standard input works too.
nbdkit -U - xva fd=0 --run 'nbdcopy "$uri" "$tmp/out.raw"' \
       <"$XVA_DATA/v7-sha1.xva"
cmp "$tmp/out.raw" "$XVA_DATA/v7-sha1-0.raw"
# The --run command does not inherit the descriptor.
nbdkit -U - xva fd=3 --run 'test ! -e /proc/self/fd/3' 3<"$XVA_DATA/v7-sha1.xva"

# name= is what messages call the XVA; without it, "fd=N".
expect_error 1 "nbdkit: error: my.xva: not an XVA file (not a tar archive)" \
    nbdkit -U - xva fd=3 name=my.xva --run true 3<"$XVA_DATA/v7-sha1-0.raw"
expect_error 1 "nbdkit: error: fd=3: not an XVA file (not a tar archive)" \
    nbdkit -U - xva fd=3 --run true 3<"$XVA_DATA/v7-sha1-0.raw"
# With file= too (the reader's own messages included); without it, the
# absolute path.
expect_error 1 "nbdkit: error: my.xva: not an XVA file (not a tar archive)" \
    nbdkit -U - xva file="$XVA_DATA/v7-sha1-0.raw" name=my.xva --run true
expect_error 1 "nbdkit: error: $XVA_DATA/v7-sha1-0.raw: not an XVA file (not a tar archive)" \
    nbdkit -U - xva file="$XVA_DATA/v7-sha1-0.raw" --run true

# 2. Misuse fails at start-up, with one line.
x="$XVA_DATA/v7-sha1.xva"
make_xva gzip
make_xva zstd
expect_error 1 "nbdkit: error: file= and fd= cannot be used together: give one" \
    nbdkit -U - xva fd=3 file="$x" --run true 3<"$x"
expect_error 1 "nbdkit: error: you must supply the file=<XVA> or fd=<N> parameter after the plugin name on the command line" \
    nbdkit -U - xva name=my.xva --run true
expect_error 1 "nbdkit: error: fd=9: not an open file descriptor" \
    nbdkit -U - xva fd=9 --run true 9<&-
expect_error 1 "nbdkit: error: fd=3: a pipe: fd= needs a regular file or block device (NBD reads at random offsets)" \
    nbdkit -U - xva fd=3 --run true 3< <(cat "$x")
expect_error 1 "nbdkit: error: fd=3: not open for reading" \
    nbdkit -U - xva fd=3 --run true 3>>"$tmp/w"
expect_error 1 "nbdkit: error: fd=3: gzip-compressed data: fd= takes an uncompressed XVA tar (give a compressed XVA with file=)" \
    nbdkit -U - xva fd=3 --run true 3<"$XVA_DATA/gzip.xva"
expect_error 1 "nbdkit: error: fd=3: zstd-compressed data: fd= takes an uncompressed XVA tar (give a compressed XVA with file=)" \
    nbdkit -U - xva fd=3 --run true 3<"$XVA_DATA/zstd.xva"
expect_error 1 "nbdkit: error: fd must be a file descriptor number, not '-1'" \
    nbdkit -U - xva fd=-1 --run true

# file= still decompresses a compressed XVA itself (with a debug line,
# which section 3 relies on being absent).
nbdkit -v -U - xva "$XVA_DATA/gzip.xva" --run 'nbdcopy "$uri" "$tmp/out.raw"' \
       2>"$tmp/log"
cmp "$tmp/out.raw" "$XVA_DATA/gzip-0.raw"
grep -q 'gzip-compressed: decompressed into a temporary file' "$tmp/log"

# 3. Decompressed once.  "spools PID" prints the device:inode of every
# deleted file in $TMPDIR that process PID holds open: the anonymous
# spool.  While nbdkit serves, the program must hold exactly one, and
# nbdkit exactly one, the same: not a second decompression (a second
# inode), nor a closed handle in the program.
cat > "$tmp/spools" <<'EOF'
#!/bin/bash
# (valgrind's own deleted files, under make check-valgrind, do not count)
find /proc/$1/fd -lname "$TMPDIR/* (deleted)" \
     ! -lname "$TMPDIR/valgrind_proc_*" -exec stat -L -c %d:%i {} \; |
    sort -u
EOF
chmod +x "$tmp/spools"
export spools="$tmp/spools"

# check_once LOG: LOG has "parent: SPOOL..." and "nbdkit: SPOOL..."
# lines as the stand-ins below record them.
check_once ()
{
    cat "$1"
    test "$(grep -c '^parent: [0-9]*:[0-9]*$' "$1")" -eq 1
    test "$(grep -c '^nbdkit: [0-9]*:[0-9]*$' "$1")" -eq 1
    test "$(sed -n 's/^parent: //p' "$1")" = "$(sed -n 's/^nbdkit: //p' "$1")"
}

# virt-xva convert -O qcow2, with a qemu-img that first looks at its
# parent (virt-xva) and at nbdkit (pidfile beside the socket).
cat > "$tmp/qemu-img" <<'EOF'
#!/bin/bash
for a in "$@"; do
    case "$a" in nbd+unix:*) sock="${a#*socket=}" ;; esac
done
{
    echo "parent: $("$spools" $PPID)"
    echo "nbdkit: $("$spools" "$(cat "${sock%/*}/nbdkit.pid")")"
} > "$tmp/seen"
exec qemu-img "$@"
EOF
chmod +x "$tmp/qemu-img"
for v in gzip zstd; do
    XVA_QEMU_IMG="$tmp/qemu-img" \
        virt-xva convert -q -O qcow2 "$XVA_DATA/$v.xva" "$tmp/$v.qcow2"
    check_once "$tmp/seen"
    qemu-img compare -f qcow2 -F raw "$tmp/$v.qcow2" "$XVA_DATA/$v-0.raw"
    rm -f "$tmp/seen" "$tmp/$v.qcow2"
    # And nbdkit says it read the tar in place.
    virt-xva -v convert -O qcow2 "$XVA_DATA/$v.xva" "$tmp/$v.qcow2" \
             2>"$tmp/log"
    grep -q "debug: $XVA_DATA/$v.xva: reading the uncompressed tar on fd=[0-9]* in place" "$tmp/log"
    not grep -q 'decompressed into a temporary file' "$tmp/log"
    rm -f "$tmp/$v.qcow2"
done

# nbdkit's messages still name the user's file, which it never opened.
make_xva sha1-bad
gzip -c "$XVA_DATA/sha1-bad.xva" > "$tmp/bad.xva"
if virt-xva convert -q -O qcow2 "$tmp/bad.xva" "$tmp/bad.qcow2" 2>"$tmp/err"
then
    echo "FAIL: a bad checksum was converted"; exit 1
fi
cat "$tmp/err"
test "$(wc -l < "$tmp/err")" -eq 1
grep -q "^virt-xva: error: $tmp/bad.xva: corrupt XVA: Ref:[0-9]*/[0-9]* (disk 0, offset [0-9]*): sha1 checksum mismatch (expected [0-9a-f]*, got [0-9a-f]*) (use --checksum=warn to convert anyway)\$" "$tmp/err"
rm -f "$tmp/bad.xva"

# The virt-v2v front-end, with a virt-v2v that looks at its parent (the
# front-end) and at nbdkit (pidfile beside the libvirt XML), then copies
# the disk.
cat > "$tmp/fake-v2v" <<'EOF'
#!/bin/bash
for a in "$@"; do case "$a" in *.xml) xml="$a" ;; esac; done
{
    echo "parent: $("$spools" $PPID)"
    echo "nbdkit: $("$spools" "$(cat "${xml%/*}/nbdkit.pid")")"
} > "$tmp/seen"
src="$(sed -n 's/.*<source file="\([^"]*\)".*/\1/p' "$xml")"
qemu-img convert -f qcow2 -O raw "$src" "$tmp/disk.raw"
EOF
chmod +x "$tmp/fake-v2v"
for v in gzip zstd; do
    XVA_REAL_VIRT_V2V="$tmp/fake-v2v" \
        virt-v2v -i xva "$XVA_DATA/$v.xva" -o null
    check_once "$tmp/seen"
    cmp "$tmp/disk.raw" "$XVA_DATA/$v-0.raw"
    rm -f "$tmp/seen" "$tmp/disk.raw"
done

# An uncompressed XVA has no spool: nbdkit opens the file (file=).
XVA_QEMU_IMG="$tmp/qemu-img" \
    virt-xva convert -q -O qcow2 "$x" "$tmp/v.qcow2"
grep -qx 'parent: ' "$tmp/seen"
grep -qx 'nbdkit: ' "$tmp/seen"

# Nothing left behind.
test -z "$(ls -A "$TMPDIR")"

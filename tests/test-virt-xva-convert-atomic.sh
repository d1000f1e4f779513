#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# A failed conversion leaves nothing that looks like a disk: no output,
# no temporary file, no directory it made.

source ./functions.sh
set -e
set -x

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"

make_xva sha1-bad
make_xva multi-disk
make_xva bad-truncated

# A checksum mismatch half-way: one error line (the mismatch, nothing
# after it), no output, no leftovers.
mkdir "$tmp/out"
set +e
virt-xva convert -q "$XVA_DATA/sha1-bad.xva" "$tmp/out/disk.raw" 2>"$tmp/err"
status=$?
set -e
cat "$tmp/err"
test $status -eq 1
test "$(wc -l < "$tmp/err")" -eq 1
grep -qx "virt-xva: error: $XVA_DATA/sha1-bad.xva: corrupt XVA: Ref:[0-9]*/[0-9]* (disk 0, offset [0-9]*): sha1 checksum mismatch (expected [0-9a-f]*, got [0-9a-f]*) (use --checksum=warn to convert anyway)" "$tmp/err"
test -z "$(ls -A "$tmp/out")"

# An existing output is left as it was when the conversion fails.
echo precious > "$tmp/out/disk.raw"
set +e
virt-xva convert -q "$XVA_DATA/sha1-bad.xva" "$tmp/out/disk.raw" 2>/dev/null
set -e
test "$(cat "$tmp/out/disk.raw")" = precious
rm "$tmp/out/disk.raw"

# A truncated XVA fails before any output is made.
set +e
virt-xva convert -q "$XVA_DATA/bad-truncated.xva" "$tmp/out/t.raw" 2>/dev/null
status=$?
set -e
test $status -eq 1
test -z "$(ls -A "$tmp/out")"

# Several disks into a directory that cannot be written: the directory
# it made is removed again.
chmod 0555 "$tmp/out"
if ! touch "$tmp/out/probe" 2>/dev/null; then
    set +e
    virt-xva convert -q "$XVA_DATA/multi-disk.xva" "$tmp/out/vm" 2>"$tmp/err"
    status=$?
    set -e
    test $status -eq 1
    test ! -e "$tmp/out/vm"
fi
rm -f "$tmp/out/probe"
chmod 0755 "$tmp/out"

# No space left: a 4 MiB tmpfs is too small for the multi-disk VM.
if [ "$(id -u)" -eq 0 ] && mkdir "$tmp/small" &&
   mount -t tmpfs -o size=4m tmpfs "$tmp/small" 2>/dev/null; then
    cleanup_fn umount "$tmp/small"
    set +e
    virt-xva convert -q "$XVA_DATA/multi-disk.xva" "$tmp/small/vm" 2>"$tmp/err"
    status=$?
    set -e
    cat "$tmp/err"
    test $status -eq 1
    test "$(wc -l < "$tmp/err")" -eq 1
    grep -q "No space left on device" "$tmp/err"
    test ! -e "$tmp/small/vm"
    test -z "$(ls -A "$tmp/small")"

    # A compressed XVA is decompressed into $TMPDIR: too small, it is
    # said before decompressing starts (a warning: the figure is an upper
    # bound), then the spool fails cleanly.  The same from nbdkit xva.
    make_xva gzip
    x="$XVA_DATA/gzip.xva"
    space_warning="warning: $x: gzip compressed: decompressing it may need up to [0-9.]* MiB in $tmp/small, but only [0-9.]* KiB is free there (set TMPDIR to a directory with more space)"
    space_error="$x: writing the decompressed XVA to $tmp/small: No space left on device"
    dd if=/dev/zero of="$tmp/small/fill" bs=64k count=60 2>/dev/null
    set +e
    TMPDIR="$tmp/small" virt-xva convert "$x" "$tmp/vm.raw" 2>"$tmp/err"
    status=$?
    set -e
    cat "$tmp/err"
    test $status -eq 1
    test "$(wc -l < "$tmp/err")" -eq 2
    grep -qx "virt-xva: $space_warning" "$tmp/err"
    grep -qxF "virt-xva: error: $space_error" "$tmp/err"
    test ! -e "$tmp/vm.raw"
    test "$(ls -A "$tmp/small")" = fill
    set +e
    TMPDIR="$tmp/small" nbdkit -U - xva "$x" --run 'echo served' \
        >"$tmp/nbd.out" 2>"$tmp/err"
    status=$?
    set -e
    cat "$tmp/err"
    test $status -ne 0
    test ! -s "$tmp/nbd.out"
    rm "$tmp/nbd.out"
    grep -qx "nbdkit: xva: $space_warning" "$tmp/err"
    grep -qF "$space_error" "$tmp/err"
    test "$(ls -A "$tmp/small")" = fill
fi

# With room, the space needed and free is said with -v (and on a
# terminal), and nothing without.
make_xva gzip
x="$XVA_DATA/gzip.xva"
virt-xva -v info "$x" >/dev/null 2>"$tmp/err"
grep -qx "virt-xva: $x: gzip compressed: decompressing it into a temporary file in ${TMPDIR:-/var/tmp}, which needs up to [0-9.]* MiB ([0-9.]* [KMGTP]iB free there)" "$tmp/err"
virt-xva info "$x" >/dev/null 2>"$tmp/err"
test ! -s "$tmp/err"

# An output path that names a directory is refused for a single disk.
mkdir "$tmp/dir"
make_xva v7-sha1
expect_error 1 "virt-xva: error: $tmp/dir: the output exists and is not a regular file" \
    virt-xva convert -q "$XVA_DATA/v7-sha1.xva" "$tmp/dir"

# When ova.xml cannot be read ahead, nothing is estimated and the error
# is the one the uncompressed XVA gives.
make_xva bad-virtual-size
gzip -c "$XVA_DATA/bad-virtual-size.xva" > "$tmp/big.xva"
expect_error 1 "virt-xva: error: $tmp/big.xva: ova.xml: disk Ref:1 has a virtual_size of 9223372036854775808 bytes, more than the 64 PiB this program handles" \
    virt-xva info "$tmp/big.xva"
rm "$tmp/big.xva"

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

# A checksum mismatch half-way: no output, no leftovers.
mkdir "$tmp/out"
set +e
virt-xva convert -q "$XVA_DATA/sha1-bad.xva" "$tmp/out/disk.raw" 2>/dev/null
status=$?
set -e
test $status -eq 1
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
fi

# An output path that names a directory is refused for a single disk.
mkdir "$tmp/dir"
make_xva v7-sha1
expect_error 1 "virt-xva: error: $tmp/dir: the output exists and is not a regular file" \
    virt-xva convert -q "$XVA_DATA/v7-sha1.xva" "$tmp/dir"

#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# The real virt-v2v 2.2 takes what virt-v2v -i xva hands it: its
# --print-source matches the golden files (one disk, several disks in
# non-tar order with a CD and two NICs, UEFI, PV, an ISO CD).

source ./functions.sh
set -e
set -x

requires_program nbdkit
requires_program qemu-img
requires test -x "$(command -v virt-v2v)"

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"
# Temporary directories of the programs go in $tmp: tests run in
# parallel must not see each other's.
export TMPDIR="$tmp"

for v in v7-xxhash multi-disk uefi pv cdrom-iso; do
    make_xva "$v"
    virt-v2v -i xva "$XVA_DATA/$v.xva" --print-source > "$tmp/out" 2>&1
    sed -n '/Source guest information/,$p' "$tmp/out" > "$tmp/$v.actual"
    diff -u "$abs_top_srcdir/tests/print-source/$v.expected" "$tmp/$v.actual"
done

# virt-v2v-xva is the same with the XVA as its one input.
virt-v2v-xva --print-source "$XVA_DATA/multi-disk.xva" 2>&1 |
    sed -n '/Source guest information/,$p' > "$tmp/xva.actual"
diff -u "$abs_top_srcdir/tests/print-source/multi-disk.expected" "$tmp/xva.actual"

# Nothing is left behind: no temporary directory, no nbdkit.
test -z "$(ls -d "$tmp"/virt-v2v-xva.* 2>/dev/null)"
not pgrep -f "nbdkit.*--unix $tmp/"

#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# The real virt-v2v 2.2 takes what virt-v2v -i xva hands it: its
# --print-source matches the golden files (one disk, several disks in
# non-tar order with a CD and two NICs, UEFI, PV, an ISO CD, two CDs
# whose slots collide).  Hostile VM names reach it as safe names: no
# '/', no leading '.', no control character, at most 64 bytes.

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

for v in v7-xxhash multi-disk uefi pv cdrom-iso two-cdroms; do
    make_xva "$v"
    virt-v2v -i xva "$XVA_DATA/$v.xva" --print-source > "$tmp/out" 2>&1
    sed -n '/Source guest information/,$p' "$tmp/out" > "$tmp/$v.actual"
    diff -u "$abs_top_srcdir/tests/print-source/$v.expected" "$tmp/$v.actual"
done

# The name virt-v2v sees (and would make -o local's file names of).
while IFS='|' read -r v want; do
    make_xva "$v"
    virt-v2v -i xva "$XVA_DATA/$v.xva" --print-source > "$tmp/out" 2>&1
    sed -n '/Source guest information/,$p' "$tmp/out" > "$tmp/$v.actual"
    grep -qxF "    source name: $want" "$tmp/$v.actual"
    # Nothing from the name reaches the terminal raw.
    not grep -qP '[\x01-\x08\x0b-\x1f\x7f\x{80}-\x{9f}]' "$tmp/$v.actual"
done <<'EOF'
name-dotdot|etc_cron.d_x
name-hidden|hidden
name-control|bad_name_2J_x_y_z
name-long|long-0123456789_.0123456789_.0123456789_.0123456789_.0123456789_
name-empty|xva-guest
name-utf8|n_c_d_VM
EOF

# virt-v2v-xva is the same with the XVA as its one input.
virt-v2v-xva --print-source "$XVA_DATA/multi-disk.xva" 2>&1 |
    sed -n '/Source guest information/,$p' > "$tmp/xva.actual"
diff -u "$abs_top_srcdir/tests/print-source/multi-disk.expected" "$tmp/xva.actual"

# Nothing is left behind: no temporary directory, no nbdkit.
test -z "$(ls -d "$tmp"/virt-v2v-xva.* 2>/dev/null)"
not pgrep -f "nbdkit.*--unix $tmp/"

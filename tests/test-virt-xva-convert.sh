#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# virt-xva convert gives back exactly the disks the generator packed,
# for every variant, and leaves holes as holes.

source ./functions.sh
set -e
set -x

requires_program jq

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"

variants="$($MAKE_XVA --list | grep -v '^bad-') bad-ova-not-first"
for v in $variants; do
    make_xva "$v"
    x="$XVA_DATA/$v.xva"
    nd="$(jq '.disks | length' "$XVA_DATA/$v.json")"
    if [ "$(jq .metadata_only "$XVA_DATA/$v.json")" = true ] || [ "$nd" -eq 0 ]; then
        continue
    fi
    policy=verify
    case "$v" in *-bad) policy=warn ;; esac
    if [ "$nd" -eq 1 ]; then
        virt-xva convert -q --checksum=$policy "$x" "$tmp/$v.raw"
        cmp "$tmp/$v.raw" "$XVA_DATA/$v-0.raw"
    else
        virt-xva convert -q --checksum=$policy "$x" "$tmp/$v.d"
        for (( i = 0; i < nd; ++i )); do
            cmp "$tmp/$v.d/disk$i.raw" "$XVA_DATA/$v-$i.raw"
        done
        test "$(ls "$tmp/$v.d" | wc -l)" -eq "$nd"
    fi
    rm -rf "$tmp/$v.raw" "$tmp/$v.d"
done

# --disk by position and by reference, in userdevice order.
x="$XVA_DATA/multi-disk.xva"
for i in 0 1 2; do
    virt-xva convert -q --disk $i "$x" "$tmp/d$i"
    cmp "$tmp/d$i" "$XVA_DATA/multi-disk-$i.raw"
    ref="$(jq -r ".disks[$i].ref" "$XVA_DATA/multi-disk.json")"
    virt-xva convert -q --disk "$ref" "$x" "$tmp/r$i"
    cmp "$tmp/r$i" "$XVA_DATA/multi-disk-$i.raw"
done
expect_error 1 "virt-xva: error: $x: there is no disk 3 (the VM has 3 disks)" \
    virt-xva convert --disk 3 "$x" "$tmp/none"
expect_error 1 "virt-xva: error: $x: there is no disk Ref:99 (give a number from 0 or a reference as 'virt-xva info' shows)" \
    virt-xva convert --disk Ref:99 "$x" "$tmp/none"
test ! -e "$tmp/none"

# The output is sparse: no more is allocated than cp --sparse=always
# allocates for the same bytes.
for v in v7-xxhash keepalive zero-disk; do
    virt-xva convert -q "$XVA_DATA/$v.xva" "$tmp/s.raw"
    cp --sparse=always "$XVA_DATA/$v-0.raw" "$tmp/cp.raw"
    ours=$(stat -c %b "$tmp/s.raw")
    theirs=$(stat -c %b "$tmp/cp.raw")
    test "$ours" -le "$theirs"
    test "$(stat -c %s "$tmp/s.raw")" -eq "$(stat -c %s "$tmp/cp.raw")"
    rm -f "$tmp/s.raw" "$tmp/cp.raw"
done

# The same result with one thread and with several.
VIRT_XVA_THREADS=1 virt-xva convert -q "$XVA_DATA/keepalive.xva" "$tmp/t1"
VIRT_XVA_THREADS=4 virt-xva convert -q "$XVA_DATA/keepalive.xva" "$tmp/t4"
cmp "$tmp/t1" "$XVA_DATA/keepalive-0.raw"
cmp "$tmp/t4" "$XVA_DATA/keepalive-0.raw"

# Progress is shown with -p, and not when stderr is not a terminal.
virt-xva convert -p "$XVA_DATA/v7-sha1.xva" "$tmp/p" 2>"$tmp/err"
grep -q '(100.00/100%)' "$tmp/err"
virt-xva convert "$XVA_DATA/v7-sha1.xva" "$tmp/p" 2>"$tmp/err"
test ! -s "$tmp/err"

# An existing output is replaced.
echo old > "$tmp/old"
virt-xva convert -q "$XVA_DATA/v7-sha1.xva" "$tmp/old"
cmp "$tmp/old" "$XVA_DATA/v7-sha1-0.raw"

# The whole file compressed with xz or bzip2 (the generator makes gzip
# and zstd variants): decompressed once, converted the same.
for c in xz bzip2; do
    $c -c "$XVA_DATA/v7-sha1.xva" > "$tmp/c.xva"
    virt-xva convert -q "$tmp/c.xva" "$tmp/c.raw"
    cmp "$tmp/c.raw" "$XVA_DATA/v7-sha1-0.raw"
    rm "$tmp/c.xva" "$tmp/c.raw"
done

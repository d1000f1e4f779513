#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# nbdkit xva serves every disk of every generated XVA bit-exact, to
# nbdcopy and qemu-img, one export per disk, holes reported as holes.

source ./functions.sh
set -e
set -x

requires_program nbdkit
requires_program nbdcopy
requires_program nbdinfo
requires_program qemu-img
requires_program jq

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"
export tmp

nbdkit --dump-plugin xva | grep -qx 'xva_zstd=yes'

variants="$($MAKE_XVA --list | grep -v '^bad-') bad-ova-not-first"
for v in $variants; do
    make_xva "$v"
    x="$XVA_DATA/$v.xva"
    nd="$(jq '.disks | length' "$XVA_DATA/$v.json")"
    [ "$(jq .metadata_only "$XVA_DATA/$v.json")" = false ] || continue
    [ "$nd" -gt 0 ] || continue
    verify=error
    case "$v" in *-bad) verify=off ;; esac
    for (( i = 0; i < nd; ++i )); do
        ref="$(jq -r ".disks[$i].ref" "$XVA_DATA/$v.json")"
        nbdkit -U - -e "$ref" xva "$x" verify=$verify \
               --run 'nbdcopy "$uri" "$tmp/out.raw"'
        cmp "$tmp/out.raw" "$XVA_DATA/$v-$i.raw"
        rm -f "$tmp/out.raw"
    done
    # The default export is the bootable disk, else the first.
    def="$(jq '[.disks[] | .bootable] | index(true) // 0' "$XVA_DATA/$v.json")"
    nbdkit -U - xva "$x" verify=$verify --run 'nbdcopy "$uri" "$tmp/def.raw"'
    cmp "$tmp/def.raw" "$XVA_DATA/$v-$def.raw"
    rm -f "$tmp/def.raw"
done

# Every disk is listed, by its Ref: name, with a description.
x="$XVA_DATA/multi-disk.xva"
nbdkit -U - xva "$x" --run 'nbdinfo --list --json "$uri"' > "$tmp/list"
jq -r '.exports[]."export-name"' "$tmp/list" > "$tmp/names"
jq -r '.disks[].ref' "$XVA_DATA/multi-disk.json" > "$tmp/want"
diff -u "$tmp/want" "$tmp/names"
jq -e '.exports[0].description | startswith("disk 0: ")' "$tmp/list"

# disk= picks the default export by position or by name.
for i in 0 1 2; do
    nbdkit -U - xva "$x" disk=$i --run 'nbdcopy "$uri" "$tmp/d.raw"'
    cmp "$tmp/d.raw" "$XVA_DATA/multi-disk-$i.raw"
done
# An export name by position works too.
nbdkit -U - -e 2 xva "$x" --run 'nbdcopy "$uri" "$tmp/d.raw"'
cmp "$tmp/d.raw" "$XVA_DATA/multi-disk-2.raw"

# Extents: every hole reads as zeros in the expected disk, and the data
# extents add up to the bytes stored (variants with nothing past the end).
for v in v7-xxhash keepalive short-last width20 zero-disk; do
    make_xva "$v"
    nbdkit -U - xva "$XVA_DATA/$v.xva" --run 'nbdinfo --map --json "$uri"' > "$tmp/map"
    stored="$(jq '.disks[0].stored_bytes' "$XVA_DATA/$v.json")"
    data="$(jq '[.[] | select(.type == 0) | .length] | add // 0' "$tmp/map")"
    test "$data" -eq "$stored"
    jq -r '.[] | select(.type == 3) | "\(.offset) \(.length)"' "$tmp/map" |
    while read -r off len; do
        cmp -n "$len" -i "$off:0" "$XVA_DATA/$v-0.raw" /dev/zero
    done
    # Holes are sparse all the way through to a qcow2.
    nbdkit -U - xva "$XVA_DATA/$v.xva" \
           --run 'qemu-img convert -f raw "$nbd" -O qcow2 "$tmp/out.qcow2"'
    qemu-img compare -f qcow2 -F raw "$tmp/out.qcow2" "$XVA_DATA/$v-0.raw"
    rm -f "$tmp/out.qcow2"
done

# Byte-level reads straddling chunk boundaries, keep-alives and holes.
requires_program nbdsh
make_xva keepalive
export RAW="$XVA_DATA/keepalive-0.raw"
nbdkit -U - xva "$XVA_DATA/keepalive.xva" --run 'nbdsh -u "$uri" -c "
import os
raw = open(os.environ[\"RAW\"], \"rb\").read()
size = h.get_size()
assert size == len(raw), (size, len(raw))
M = 1 << 20
for off in [0, 1, M - 600, M, 2 * M - 1, 3 * M - 100, 4 * M + 7, size - 1200]:
    for n in [1, 512, 1200, M + 4096]:
        n = min(n, size - off)
        assert h.pread(n, off) == raw[off:off + n], (off, n)
"'

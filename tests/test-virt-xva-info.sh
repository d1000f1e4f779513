#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# virt-xva info --json on every good generated XVA agrees with what the
# generator (an independent implementation) put in it.

source ./functions.sh
set -e
set -x

requires_program jq

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"

# The same projection of both documents, so that diff shows what differs.
project='{name, uuid, memory, vcpus, firmware, hvm, checksum, tar_format,
          compression, metadata_only,
          disks: [.disks[] | {ref, userdevice, device, virtual_size,
                              stored_bytes, chunks, name, bootable}],
          nics: [.nics[] | {device, mac, network, bridge}]}'

variants="$($MAKE_XVA --list | grep -v '^bad-') bad-ova-not-first"
for v in $variants; do
    make_xva "$v"
    virt-xva info --json "$XVA_DATA/$v.xva" > "$tmp/$v.out"
    jq -S "$project + {cdroms: [.removables[] | select(.type == \"cd\")
                               | {userdevice, device}],
                       suspend: (.suspend_image.ref // null)}" \
        "$tmp/$v.out" > "$tmp/$v.actual"
    jq -S "$project + {cdroms: [.cdroms[] | {userdevice, device}],
                       suspend: .suspend_vdi}" \
        "$XVA_DATA/$v.json" > "$tmp/$v.expected"
    diff -u "$tmp/$v.expected" "$tmp/$v.actual"
done

# Text output: the lines a person reads first.
virt-xva info "$XVA_DATA/multi-disk.xva" > "$tmp/text"
cat "$tmp/text"
grep -q '^disks: 3$' "$tmp/text"
grep -q '^  disk 0: Ref:9 userdevice 0 (xvda)' "$tmp/text"
grep -q '^  disk 2: Ref:10 userdevice 2' "$tmp/text"
grep -q '^  cd: userdevice 3' "$tmp/text"
grep -q '^nics: 2$' "$tmp/text"
grep -q '^tar: ' "$tmp/text"

# A metadata-only export is described, and says so.
virt-xva info "$XVA_DATA/metadata-only.xva" | grep -q '^metadata only: yes'

# A suspended VM's memory image is named but not a disk.
virt-xva info "$XVA_DATA/suspend.xva" | grep -q '^suspend image: Ref:'

# Warnings go to stderr in text mode and into the document in JSON.
virt-xva info "$XVA_DATA/bad-ova-not-first.xva" 2>"$tmp/err" >/dev/null
grep -q 'virt-xva: warning: .*ova.xml is not the first member' "$tmp/err"
virt-xva info --json "$XVA_DATA/bad-ova-not-first.xva" 2>"$tmp/err" |
    jq -e '.warnings | length == 1'
test ! -s "$tmp/err"

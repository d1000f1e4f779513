#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# Cross-check with a producer nobody here wrote: Debian's xva-img packs
# a raw disk into an XVA, and virt-xva convert gives the same bytes back.

source ./functions.sh
set -e
set -x

requires_program xva-img
requires_program jq

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"

# Use the generator's metadata (ova.xml) and disk; xva-img 1.4.2 drops a
# partial last chunk, so take a disk that is a whole number of MiB.
make_xva v7-sha1
ref="$(jq -r '.disks[0].ref' "$XVA_DATA/v7-sha1.json")"
size="$(jq -r '.disks[0].virtual_size' "$XVA_DATA/v7-sha1.json")"
test $(( size % 1048576 )) -eq 0

mkdir "$tmp/pack"
cd "$tmp/pack"
tar -xf "$XVA_DATA/v7-sha1.xva" ova.xml
mkdir "$ref"
xva-img disk-import "$ref" "$XVA_DATA/v7-sha1-0.raw"
xva-img package "$tmp/xva-img.xva" ./ova.xml ./"$ref"/*
cd -

virt-xva verify "$tmp/xva-img.xva"
virt-xva convert -q "$tmp/xva-img.xva" "$tmp/out.raw"
cmp "$tmp/out.raw" "$XVA_DATA/v7-sha1-0.raw"

# And the other way: xva-img rebuilds the generator's disk directory the
# same way we read the generator's archive.
mkdir "$tmp/unpacked"
tar -C "$tmp/unpacked" -xf "$XVA_DATA/v7-sha1.xva"
chmod -R u+rwX "$tmp/unpacked"
xva-img -s disk-export "$tmp/unpacked/$ref" "$tmp/xva-img.raw"
virt-xva convert -q "$XVA_DATA/v7-sha1.xva" "$tmp/ours.raw"
cmp "$tmp/xva-img.raw" "$tmp/ours.raw"

#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# The programs put nbdkit's socket in $TMPDIR, and hand its NBD URI to
# qemu-img and qemu: a $TMPDIR holding ' ', '%', '#', ':' or ',' must
# reach them unchanged (tests/test-nbd-uri.c checks the encoding; this
# checks that every program uses it).  An unencoded '#' once made
# virt-v2v -i xva connect to the socket of ".../t" instead of
# ".../t#x/...", and a space made its overlay fail.

source ./functions.sh
set -e
set -x

requires_program nbdkit
requires_program qemu-img
requires test -x "$(command -v virt-v2v)"

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"
weird="$tmp/a b%41#c:d,e?f&g"
mkdir "$weird"
export TMPDIR="$weird"
# libguestfs's own appliance cannot live under a ',' (qemu's -kernel
# takes no escaping): keep it elsewhere, as virt-v2v's users would.
export LIBGUESTFS_CACHEDIR="$tmp"

make_xva multi-disk
x="$XVA_DATA/multi-disk.xva"

# virt-v2v -i xva: the real virt-v2v opens each disk's overlay, whose
# backing file is the NBD URI.
virt-v2v -i xva "$x" --print-source > "$tmp/out" 2>&1 || {
    cat "$tmp/out"; exit 1; }
sed -n '/Source guest information/,$p' "$tmp/out" > "$tmp/actual"
diff -u "$abs_top_srcdir/tests/print-source/multi-disk.expected" "$tmp/actual"
test -z "$(ls -A "$weird")"

# virt-xva convert -O qcow2: qemu-img reads every disk over the URI.
virt-xva convert -q -O qcow2 "$x" "$tmp/vm"
for i in 0 1 2; do
    qemu-img compare -q -f raw -F qcow2 "$XVA_DATA/multi-disk-$i.raw" \
        "$tmp/vm/disk$i.qcow2"
done
test -z "$(ls -A "$weird")"

#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# The demo run by "./quickstart.sh": make a small XVA of a VM with three
# disks, describe it, verify it, and convert its disks without unpacking.
# Run it through ./run so the built programs are used.

set -e

top="${XVA_TOP_BUILDDIR:?run this through ./run}"
demo="$top/demo"
mkdir -p "$demo"
xva="$demo/demo-vm.xva"

echo "== Making a demo XVA: $xva"
/usr/bin/python3 "$XVA_TOP_SRCDIR/tests/make-xva.py" multi-disk "$demo/demo-vm" >/dev/null

echo
echo "== virt-xva info $xva"
virt-xva info "$xva"

echo
echo "== virt-xva verify $xva"
virt-xva verify "$xva"

echo
echo "== virt-xva convert $xva $demo/disks"
rm -rf "$demo/disks"
virt-xva convert "$xva" "$demo/disks"
ls -ls "$demo/disks"
for i in 0 1 2; do
    cmp "$demo/disks/disk$i.raw" "$demo/demo-vm-$i.raw"
done
echo
echo "The VM's disks are in $demo/disks, identical to the disks packed into"
echo "the XVA.  Try: qemu-img info $demo/disks/disk0.raw"

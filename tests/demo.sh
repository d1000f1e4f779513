#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# The demo run by "./quickstart.sh", through ./run:
#  1. a small XVA of a VM with three disks: described, verified and its
#     disks converted without unpacking anything (seconds);
#  2. the main job: a Debian 12 guest exported as an XenServer XVA (built
#     once and cached, a few minutes) converted to run on KVM with
#     "virt-v2v -i xva VM.xva -o local" (about ten minutes without KVM).

set -e

top="${XVA_TOP_BUILDDIR:?run this through ./run}"
src="${XVA_TOP_SRCDIR:?run this through ./run}"
demo="$top/demo"
mkdir -p "$demo"

echo "== 1. A VM with three disks"
xva="$demo/demo-vm.xva"
/usr/bin/python3 "$src/tests/make-xva.py" multi-disk "$demo/demo-vm" >/dev/null
echo "\$ virt-xva info $xva"
virt-xva info "$xva"
echo "\$ virt-xva verify $xva"
virt-xva verify "$xva"
echo "\$ virt-xva convert $xva $demo/disks"
rm -rf "$demo/disks"
virt-xva convert "$xva" "$demo/disks"
ls -ls "$demo/disks"
for i in 0 1 2; do
    cmp "$demo/disks/disk$i.raw" "$demo/demo-vm-$i.raw"
done

echo
echo "== 2. A Debian 12 XenServer guest converted to KVM"
xva="$("$src/tests/guest.sh")"
echo "\$ virt-xva info $xva"
virt-xva info "$xva"
out="$demo/converted"
rm -rf "$out"
mkdir -p "$out"
echo "\$ virt-v2v -i xva $xva -o local -os $out -of qcow2"
virt-v2v -i xva "$xva" -o local -os "$out" -of qcow2
ls -ls "$out"

cat <<MSG

The converted guest is in $out:
  $out/xva-guest-sda   its disk (qcow2, virtio)
  $out/xva-guest.xml   its libvirt domain

Start it with libvirt:
  virsh define $out/xva-guest.xml && virsh start xva-guest
or directly with qemu (TCG here; use -accel kvm where KVM works):
  qemu-system-x86_64 -accel tcg -m 1024 -nographic \\
    -drive file=$out/xva-guest-sda,format=qcow2,if=virtio \\
    -netdev user,id=n0 -device virtio-net-pci,netdev=n0
It prints XVA-GUEST-BOOTED-OK on its console once it is up.
MSG

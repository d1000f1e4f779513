#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# The demo run by "./quickstart.sh", through ./run:
#  1. a small XVA of a VM with three disks: described, verified and its
#     disks converted without unpacking anything (seconds);
#  2. the main job: a Debian 12 guest exported as an XenServer XVA (built
#     once and cached, about 3 minutes under TCG) converted to run on
#     KVM with "virt-v2v -i xva VM.xva -o local" (8 to 20 minutes under
#     TCG).  It says so before it starts, and shows progress throughout.

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

# ./run asks libguestfs for TCG where KVM cannot run guests.
case "${LIBGUESTFS_BACKEND_SETTINGS:-}" in
    *force_tcg*)
        accel="Here it runs under TCG: KVM does not work on this machine."
        build_time="about 3 minutes" convert_time="8 to 20 minutes" ;;
    *)
        accel="Here it runs with KVM."
        build_time="less than under TCG (about 3 minutes)"
        convert_time="less than under TCG (8 to 20 minutes)" ;;
esac
cat <<MSG

== 2. A Debian 12 XenServer guest converted to KVM

That was the quick part.  This one takes longer.
$accel
 a. building the guest, once: debootstrap downloads Debian 12, then
    grub is installed in the libguestfs appliance.
    Time: $build_time.
    Skipped when the guest is already cached in
      ${XVA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/virt-v2v-xva}
 b. the conversion, virt-v2v -i xva ... -o local.
    Time: $convert_time.
Progress shows as it goes: debootstrap's lines and the time spent
building every 30 s, then virt-v2v's own.

MSG
part2_start=$SECONDS

# A line every 30 s while the guest is built: grub-install in the
# appliance prints nothing for minutes under TCG, which is not a hang.
ticker ()
{
    local what="$1" start=$SECONDS t
    while sleep 30 && kill -0 $$ 2>/dev/null; do
        t=$(( SECONDS - start ))
        echo "demo: $what: $(( t / 60 )) min $(( t % 60 )) s so far" >&2
    done
}
ticker "building the guest" &
ticker_pid=$!
trap 'kill $ticker_pid 2>/dev/null' EXIT
echo "-- a. the guest (tests/guest.sh)"
xva="$("$src/tests/guest.sh")"
kill $ticker_pid 2>/dev/null
trap - EXIT
echo "-- b. the conversion"
echo "\$ virt-xva info $xva"
virt-xva info "$xva"
out="$demo/converted"
rm -rf "$out"
mkdir -p "$out"
echo "\$ virt-v2v -i xva $xva -o local -os $out -of qcow2"
virt-v2v -i xva "$xva" -o local -os "$out" -of qcow2
ls -ls "$out"
t=$(( SECONDS - part2_start ))
echo "-- part 2 took $(( t / 60 )) min $(( t % 60 )) s"

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

#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# End to end: a Debian 12 guest laid out like a XenServer VM (Xen device
# names in fstab, console=hvc0), exported as an XVA, converted with
# "virt-v2v -i xva VM.xva -o local -of qcow2", then booted under qemu
# with virtio disk and network.  It passes only when the guest prints
# its marker on the serial console, which it does only once multi-user
# is reached with every fstab device present.
#
# The VM is named "../../escaped vm", as an attacker would name it: the
# output must be inside -os, as escaped_vm-sda and escaped_vm.xml
# (virt-v2v-input-xva(1), NAMES).
#
# Takes ~20 minutes under TCG here; the guest image is cached
# (tests/guest.sh).

source ./functions.sh
set -e
set -x

requires_program debootstrap
requires_program guestfish
requires_program qemu-system-x86_64
requires test "$(id -u)" -eq 0

img="$("$abs_top_srcdir/tests/guest.sh" --image)"
tmp="$(mktemp -d "${TMPDIR:-/var/tmp}/v2v-e2e.XXXXXX")"
cleanup_fn rm -rf "$tmp"

# The cached guest image packed under the hostile name (guest.sh's
# XVA has its own name), which costs a read of the image, not a
# conversion.
test -f "$img"
xva="$tmp/hostile.xva"
"$PYTHON3" "$abs_top_srcdir/tests/make-xva.py" --from-raw \
    --name "../../escaped vm" --memory $((1024 * 1024 * 1024)) --vcpus 2 \
    --checksum xxhash --keepalive-every 64 "$xva" "$img"
virt-xva verify "$xva"

# The conversion (under TCG where KVM cannot run: ./run chose it).
# -os is two levels down, so that "../../" would still land in $tmp.
out="$tmp/a/b/out"
mkdir -p "$out"
virt-v2v -i xva "$xva" -o local -os "$out" -of qcow2
ls -lR "$tmp"
test -f "$out/escaped_vm-sda"
test -f "$out/escaped_vm.xml"
test "$(ls -A "$out" | sort | tr '\n' ' ')" = "escaped_vm-sda escaped_vm.xml "
# Nothing was written outside -os.
test -z "$(find "$tmp" -path "$out" -prune -o -type f ! -name 'hostile.*' \
           -print)"
grep -q "<target dev='vda' bus='virtio'/>" "$out/escaped_vm.xml"
grep -q "<model type='virtio'/>" "$out/escaped_vm.xml"
# The XVA was read in place: no copy of the disk anywhere but the output.
test -z "$(find "$tmp" -name '*.raw')"

# Boot it: virtio disk and NIC, serial console to a file.
accel=tcg
"$abs_top_srcdir/tests/kvm-probe.sh" && accel=kvm
qemu-system-x86_64 -accel $accel -m 1024 -smp 2 \
    -display none -monitor none -no-reboot \
    -serial "file:$tmp/serial.log" \
    -drive "file=$out/escaped_vm-sda,format=qcow2,if=virtio" \
    -netdev user,id=n0 -device virtio-net-pci,netdev=n0 &
qemu=$!
cleanup_fn "kill $qemu 2>/dev/null; wait $qemu 2>/dev/null"

for (( i = 0; i < 600; ++i )); do
    grep -q XVA-GUEST-BOOTED-OK "$tmp/serial.log" 2>/dev/null && break
    kill -0 $qemu 2>/dev/null || break
    sleep 1
done
tail -30 "$tmp/serial.log" || true
grep -q XVA-GUEST-BOOTED-OK "$tmp/serial.log"
echo "the converted guest booted on virtio in about $i s"

#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# "virt-v2v -i xva VM.xva -o libvirt" into a real libvirtd: the Debian
# test guest (tests/guest.sh) is converted into a storage pool of the
# test's own, and the domain libvirt then holds must have virtio disks
# and NIC, the guest's name, memory and vCPUs from ova.xml, and a qcow2
# disk in the pool with the converted guest's fstab.
#
# The libvirtd is one the test starts with its own socket directory
# (so it is private to the test), unless a system libvirtd already
# answers, which is then used with a pool and a domain named for this
# run.  Takes as long as one conversion (~18 minutes under TCG here,
# most of it in virt-v2v's conversion step).

source ./functions.sh
set -e
set -x

requires_program debootstrap
requires_program guestfish
requires_program virsh
requires_program libvirtd
requires_program virt-xml-validate
requires test "$(id -u)" -eq 0

xva="$("$abs_top_srcdir/tests/guest.sh")"
tmp="$(mktemp -d "${TMPDIR:-/var/tmp}/v2v-libvirt.XXXXXX")"
cleanup_fn rm -rf "$tmp"
export TMPDIR="$tmp"
# libguestfs keeps its appliance in $TMPDIR unless told: keep the shared
# one, which is built once, not one per run of this test.
export LIBGUESTFS_CACHEDIR="${LIBGUESTFS_CACHEDIR:-/var/tmp}"

name="xva-libvirt-test-$$"
pool="xva-libvirt-test-$$"

if virsh -c qemu:///system uri >/dev/null 2>&1; then
    uri=qemu:///system
else
    mkdir "$tmp/run"
    cat > "$tmp/libvirtd.conf" <<EOF
unix_sock_dir = "$tmp/run"
unix_sock_ro_perms = "0700"
unix_sock_rw_perms = "0700"
auth_unix_rw = "none"
auth_unix_ro = "none"
EOF
    libvirtd --daemon --config "$tmp/libvirtd.conf" \
        --pid-file "$tmp/libvirtd.pid"
    cleanup_fn 'kill $(cat "$tmp/libvirtd.pid") 2>/dev/null; sleep 1'
    uri="qemu:///system?socket=$tmp/run/libvirt-sock"
    for (( i = 0; i < 60; ++i )); do
        virsh -c "$uri" uri >/dev/null 2>&1 && break
        sleep 1
    done
fi
virsh -c "$uri" version

mkdir "$tmp/pool"
virsh -c "$uri" pool-create-as "$pool" dir --target "$tmp/pool"
cleanup_fn virsh -c "$uri" pool-destroy "$pool"

virt-v2v -i xva "$xva" -o libvirt -oc "$uri" -os "$pool" -of qcow2 \
    -on "$name"
cleanup_fn virsh -c "$uri" undefine "$name"

virsh -c "$uri" dumpxml "$name" > "$tmp/domain.xml"
cat "$tmp/domain.xml"
virt-xml-validate "$tmp/domain.xml" domain

# What ova.xml said, and what virt-v2v made of it.
grep -q "<name>$name</name>" "$tmp/domain.xml"
grep -q "<memory unit='KiB'>1048576</memory>" "$tmp/domain.xml"
grep -Eq "<vcpu[^>]*>2</vcpu>" "$tmp/domain.xml"
grep -q "<target dev='vda' bus='virtio'/>" "$tmp/domain.xml"
grep -q "<model type='virtio'/>" "$tmp/domain.xml"
grep -q "<mac address='00:16:3e:" "$tmp/domain.xml"
grep -q "<driver name='qemu' type='qcow2'" "$tmp/domain.xml"

# The disk is a volume of the pool, a qcow2, and holds the converted
# guest.
grep -q "<source pool='$pool' volume='$name-sda'/>" "$tmp/domain.xml"
disk="$(virsh -c "$uri" vol-path --pool "$pool" "$name-sda")"
test "$disk" = "$tmp/pool/$name-sda"
qemu-img info --output=json "$disk" | jq -e '.format == "qcow2"
    and ."virtual-size" == 2147483648'
guestfish --ro --format=qcow2 -a "$disk" -i cat /etc/fstab > "$tmp/fstab"
cat "$tmp/fstab"
grep -q '^/dev/vda1 ' "$tmp/fstab"
not grep -q xvda "$tmp/fstab"

# The XVA was read in place: no copy of the disk outside the pool.
test -z "$(find "$tmp" \( -path "$tmp/pool" -o -path "$tmp/.guestfs-*" \) -prune \
           -o -type f -size +100M -print)"

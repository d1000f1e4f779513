#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# make-guest.sh OUT.img
#
# Build a small Debian 12 guest that looks like a XenServer HVM VM, as a
# 2 GiB raw disk: /dev/xvda1 (/, ext4) and /dev/xvda2 (/srv, ext4) in
# fstab by their Xen names, console=hvc0, grub with root=UUID=..., and a
# unit that prints XVA-GUEST-BOOTED-OK on the serial console once
# multi-user is reached and every fstab device exists (findmnt
# --verify), so an unconverted guest cannot pass.
#
# Needs root, debootstrap, e2fsprogs, fdisk and libguestfs (guestfish);
# takes about 3 minutes under TCG.  The image is cached by
# tests/guest.sh, keyed by this script's contents.

set -e
out="${1:?usage: make-guest.sh OUT.img}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

work="$(mktemp -d "${TMPDIR:-/var/tmp}/make-guest.XXXXXX")"
# debootstrap mounts /proc (and more) inside the tree it builds: if it
# is killed they stay mounted, so unmount before removing anything, and
# never cross into another filesystem.
cleanup ()
{
    local m
    for m in $(awk -v w="$work/" 'index($2, w) == 1 { print $2 }' /proc/mounts |
               sort -r); do
        umount -l "$m" 2>/dev/null
    done
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT
root="$work/root"

debootstrap --variant=minbase \
    --include=linux-image-amd64,grub-pc,systemd-sysv,udev,e2fsprogs,util-linux,initramfs-tools,kmod,ifupdown,iproute2 \
    bookworm "$root" "$mirror"

echo xva-guest > "$root/etc/hostname"
cat > "$root/etc/fstab" <<'FSTAB'
# XenServer names: virt-v2v must rewrite them for virtio.
/dev/xvda1  /     ext4  defaults,errors=remount-ro  0 1
/dev/xvda2  /srv  ext4  defaults                    0 2
FSTAB
cat > "$root/etc/default/grub" <<'GRUB'
GRUB_DEFAULT=0
GRUB_TIMEOUT=1
GRUB_DISTRIBUTOR=Debian
GRUB_CMDLINE_LINUX_DEFAULT=""
GRUB_CMDLINE_LINUX="console=hvc0"
GRUB_TERMINAL=console
GRUB
cat > "$root/etc/systemd/system/xva-marker.service" <<'UNIT'
[Unit]
Description=Tell the test the guest booted with every fstab device
After=multi-user.target local-fs.target
Wants=multi-user.target

[Service]
Type=oneshot
ExecStart=/bin/sh -c 'findmnt --verify --verbose && mountpoint -q /srv && echo XVA-GUEST-BOOTED-OK | tee /dev/console /dev/ttyS0'

[Install]
WantedBy=multi-user.target
UNIT
ln -sf /etc/systemd/system/xva-marker.service \
    "$root/etc/systemd/system/multi-user.target.wants/xva-marker.service"
echo "root:" | chroot "$root" chpasswd -e 2>/dev/null || true
rm -f "$root"/var/cache/apt/archives/*.deb

# The filesystems are made and filled on the host (mke2fs -d copies a
# directory tree into a new ext4 image, owners, modes and links kept),
# which takes seconds; only grub runs in the libguestfs appliance.
# Filling them through the appliance took over 10 minutes under TCG.
# Layout: MBR, sda1 from sector 2048 for 1.5 GiB (bootable), sda2 to
# 1 MiB before the end.
p1_start=2048 p1_sectors=3143680
p2_start=3145728 p2_sectors=1046528
truncate -s 2G "$work/disk.img"
printf 'label: dos\nstart=%d, size=%d, type=83, bootable\nstart=%d, size=%d, type=83\n' \
    $p1_start $p1_sectors $p2_start $p2_sectors | sfdisk -q "$work/disk.img"
mkdir -p "$root/srv"
mkfs.ext4 -q -F -d "$root" "$work/p1.img" $((p1_sectors / 2))k
mkfs.ext4 -q -F "$work/p2.img" $((p2_sectors / 2))k
for p in 1 2; do
    start=p${p}_start
    dd if="$work/p$p.img" of="$work/disk.img" bs=1M oflag=seek_bytes \
        seek=$(( ${!start} * 512 )) conv=notrunc,sparse status=none
done
rm -f "$work/p1.img" "$work/p2.img"

guestfish -a "$work/disk.img" <<GF
run
mount /dev/sda1 /
command "grub-install --target=i386-pc /dev/sda"
command "update-grub"
GF
mv "$work/disk.img" "$out"

#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# virt-xva inspect / ls / cat on the Debian test guest's XVA, read in
# place through nbdkit and libguestfs, checked against what the guest
# really holds; a VM with an extra data-only disk; a VM with no OS; and
# the guestfish recipe from nbdkit-xva-plugin(1).

source ./functions.sh
set -e
set -x

requires_program debootstrap
requires_program guestfish
requires_program jq
requires test "$(id -u)" -eq 0

xva="$("$abs_top_srcdir/tests/guest.sh")"
tmp="$(mktemp -d "${TMPDIR:-/var/tmp}/inspect.XXXXXX")"
cleanup_fn rm -rf "$tmp"
# Temporary directories of the programs go in $tmp: tests run in
# parallel must not see each other's.
export TMPDIR="$tmp"
export tmp

virt-xva -v inspect --json "$xva" > "$tmp/json" 2> "$tmp/log"
cat "$tmp/json"
# Checksums are not checked by default, so that only what libguestfs
# asks for is read, once (the copy-on-read overlays): 0.7 % of this XVA
# (5.8 MB of 784 MB).  The issue's goal is under 5 %.
grep -q 'config key=verify, value=ignore' "$tmp/log"
read_bytes="$(sed -n 's/.*: read \([0-9]*\) bytes of the \([0-9]*\)-byte XVA$/\1 \2/p' "$tmp/log")"
echo "read: $read_bytes"
test -n "$read_bytes"
test $(( ${read_bytes% *} * 100 / ${read_bytes#* } )) -lt 5
jq -e '.operating_systems | length == 1' "$tmp/json"
jq -e '.operating_systems[0] |
         .type == "linux" and .distro == "debian" and .major_version == 12
         and .hostname == "xva-guest" and .root == "/dev/sda1"
         and .package_format == "deb" and .package_management == "apt"
         and .arch == "x86_64" and .applications > 50
         and (.kernels | length >= 1) and .xen_only_kernels == false' "$tmp/json"
jq -e '[.operating_systems[0].mountpoints[] | "\(.mountpoint)=\(.device)"]
         | sort == ["/=/dev/sda1", "/srv=/dev/sda2"]' "$tmp/json"
jq -e '[.filesystems[] | select(.type == "ext4") | .device] | sort
         == ["/dev/sda1", "/dev/sda2"]' "$tmp/json"
jq -e '.filesystems[] | select(.device == "/dev/sda1") | .used > 100000000
         and .size > .used' "$tmp/json"

# Text output, and the kernel really is the guest's.
virt-xva inspect "$xva" > "$tmp/text"
cat "$tmp/text"
grep -q '^  distro: debian$' "$tmp/text"
kernel="$(jq -r '.operating_systems[0].kernels[0]' "$tmp/json")"
virt-xva ls "$xva" /boot | grep -qx "vmlinuz-$kernel"

# cat and ls read files out of the guest (with checksums checked, if
# asked).
virt-xva -v cat --checksum=verify "$xva" /etc/hostname > "$tmp/h" 2> "$tmp/log"
test "$(cat "$tmp/h")" = xva-guest
grep -q 'config key=verify, value=verify' "$tmp/log"
# A socket path with ' ', '%', '#', ':' and ',' (the overlay's backing
# file is an NBD URI with the path percent-encoded: qemu's older
# "nbd:unix:PATH" form could not hold the last two, an unencoded URI
# not the first three).  The disks still go through the copy-on-read
# overlays.  libguestfs's own appliance cannot live under a ',' (qemu's
# -kernel takes no escaping), so it stays in $tmp.
weird="$tmp/a b%41#c:d,e"
mkdir "$weird"
TMPDIR="$weird" LIBGUESTFS_CACHEDIR="$tmp" \
    virt-xva -v cat "$xva" /etc/fstab > "$tmp/fstab" 2> "$tmp/log"
grep -q '^/dev/xvda2  /srv' "$tmp/fstab"
grep -q '/disk0\.qcow2",.*copy-on-read=on' "$tmp/log"
test -z "$(ls -A "$weird")"
virt-xva ls "$xva" /etc/systemd/system | grep -qx xva-marker.service
expect_error 1 "virt-xva: error: $xva: /nonexistent: No such file or directory" \
    virt-xva cat "$xva" /nonexistent

# A second, data-only disk: one OS, and the data disk's filesystem.
guestfish -N "$tmp/data.img=fs:ext4:64M" exit
img="$("$abs_top_srcdir/tests/guest.sh" --image)"
/usr/bin/python3 "$abs_top_srcdir/tests/make-xva.py" --from-raw --name two-disks \
    "$tmp/two.xva" "$img" "$tmp/data.img" >/dev/null
virt-xva inspect --json "$tmp/two.xva" > "$tmp/two.json"
jq -e '.disks == 2 and (.operating_systems | length == 1)' "$tmp/two.json"
jq -e '[.filesystems[] | .device] | index("/dev/sdb1") != null' "$tmp/two.json"
# The manual's recipe for several disks: one export each, by position.
nbdkit -U - xva "$tmp/two.xva" --run 'virt-filesystems --format=raw -a "nbd:///0?socket=$unixsocket" -a "nbd:///1?socket=$unixsocket" --all --long' > "$tmp/fs"
cat "$tmp/fs"
grep -q '^/dev/sda1 *filesystem *ext4' "$tmp/fs"
grep -q '^/dev/sdb1 *filesystem *ext4' "$tmp/fs"
# Both disks through their overlays under that socket path too.
TMPDIR="$weird" LIBGUESTFS_CACHEDIR="$tmp" \
    virt-xva -v inspect --json "$tmp/two.xva" > "$tmp/two.json" 2> "$tmp/log"
jq -e '.disks == 2 and (.operating_systems | length == 1)' "$tmp/two.json"
grep -q '/disk0\.qcow2",.*copy-on-read=on' "$tmp/log"
grep -q '/disk1\.qcow2",.*copy-on-read=on' "$tmp/log"
test -z "$(ls -A "$weird")"
rm -f "$tmp/two.xva" "$tmp/data.img"

# No OS at all.
make_xva multi-disk
virt-xva inspect "$XVA_DATA/multi-disk.xva" | grep -q '^operating systems: none found'
virt-xva inspect --json "$XVA_DATA/multi-disk.xva" | jq -e '.operating_systems == []'
expect_error 1 "virt-xva: error: $XVA_DATA/multi-disk.xva: no operating system found in the XVA's disks" \
    virt-xva cat "$XVA_DATA/multi-disk.xva" /etc/hostname

# The recipes from the manual: guestfish, virt-inspector, virt-df and
# virt-filesystems.
nbdkit -U - xva "$xva" --run 'guestfish --ro --format=raw -a "nbd://?socket=$unixsocket" -i cat /etc/hostname' > "$tmp/h"
test "$(cat "$tmp/h")" = xva-guest
nbdkit -U - xva "$xva" --run 'virt-filesystems --format=raw -a "nbd://?socket=$unixsocket" --all --long' > "$tmp/fs"
grep -q '^/dev/sda2 *filesystem *ext4' "$tmp/fs"
nbdkit -U - xva "$xva" --run 'virt-inspector --format=raw -a "nbd://?socket=$unixsocket"' > "$tmp/inspector.xml"
grep -q '<distro>debian</distro>' "$tmp/inspector.xml"
grep -q '<major_version>12</major_version>' "$tmp/inspector.xml"
grep -q '<hostname>xva-guest</hostname>' "$tmp/inspector.xml"
nbdkit -U - xva "$xva" --run 'virt-df --format=raw -a "nbd://?socket=$unixsocket" -h' > "$tmp/df"
cat "$tmp/df"
grep -q ':/dev/sda1 .*%$' "$tmp/df"
grep -q ':/dev/sda2 .*%$' "$tmp/df"

# Nothing left behind.
test -z "$(ls -d "$tmp"/virt-xva.* 2>/dev/null)"

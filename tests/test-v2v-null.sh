#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# "virt-v2v -i xva VM.xva -o null" with the real virt-v2v on the Debian
# test guest: the whole conversion runs (inspection, virtio drivers,
# grub, initramfs) and its result is thrown away.  It must succeed, say
# what it converted, and leave no nbdkit, socket or temporary file.
# (-o local and -o libvirt are in test-v2v-e2e.sh and
# test-v2v-libvirt.sh.)  About 17 minutes under TCG here.

source ./functions.sh
set -e
set -x

requires_program guestfish
requires test "$(id -u)" -eq 0

xva="$("$abs_top_srcdir/tests/guest.sh")"
tmp="$(mktemp -d "${TMPDIR:-/var/tmp}/v2v-null.XXXXXX")"
cleanup_fn rm -rf "$tmp"
export TMPDIR="$tmp/tmpdir"
mkdir "$TMPDIR"

virt-v2v -i xva "$xva" -o null > "$tmp/log" 2>&1 || {
    cat "$tmp/log"; echo "$0: virt-v2v -o null failed"; exit 1; }
cat "$tmp/log"
# virt-v2v names the guest by its product name ("Converting 12.15 to
# run on KVM" for this Debian guest).
grep -q '^\[ *[0-9.]*\] Converting .* to run on KVM$' "$tmp/log"
grep -q '^\[ *[0-9.]*\] Setting up the destination: -o null$' "$tmp/log"
grep -q '^\[ *[0-9.]*\] Finishing off$' "$tmp/log"

# Nothing of ours is left: no temporary directory (the front-end's) and
# no nbdkit still serving from a socket in it.  (Not "nbdkit on the
# XVA": the other slow tests serve the same cached guest XVA, maybe at
# this moment.)
# (libguestfs keeps its appliance cache in $TMPDIR too: that stays.)
test -z "$(ls -d "$TMPDIR"/virt-v2v-xva.* 2>/dev/null)"
if pgrep -f "nbdkit.*$TMPDIR/" >/dev/null; then
    pgrep -af "nbdkit.*$TMPDIR/"
    echo "$0: an nbdkit of virt-v2v -i xva is still running"
    exit 1
fi

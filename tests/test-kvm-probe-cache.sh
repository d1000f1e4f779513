#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# The KVM probe's cached answer (${XDG_CACHE_HOME}/virt-v2v-xva/
# kvm-boot-probe-BOOT_ID) is written by renaming a new file over it: a
# symbolic link planted there is replaced, never written through, and a
# FIFO planted there neither hangs the program nor is read.

source ./functions.sh
set -e
set -x

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"
export TMPDIR="$tmp"
export XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$XDG_CACHE_HOME/virt-v2v-xva"
cache="$XDG_CACHE_HOME/virt-v2v-xva/kvm-boot-probe-$(cat /proc/sys/kernel/random/boot_id)"

# The front-end probes before it runs virt-v2v, unless the user chose
# libguestfs's backend.
unset LIBGUESTFS_BACKEND LIBGUESTFS_BACKEND_SETTINGS
cat > "$tmp/fake-v2v" <<'EOS'
#!/bin/sh
echo "backend=$LIBGUESTFS_BACKEND"
EOS
chmod +x "$tmp/fake-v2v"
export XVA_REAL_VIRT_V2V="$tmp/fake-v2v"
make_xva v7-xxhash
x="$XVA_DATA/v7-xxhash.xva"

# A link to a file of the user's: the file keeps its contents.
echo precious > "$tmp/victim"
ln -s "$tmp/victim" "$cache"
timeout 120 virt-v2v -i xva "$x" -o null
test "$(cat "$tmp/victim")" = precious
test -f "$cache" && test ! -L "$cache"
grep -qxE 'kvm|tcg' "$cache"

# A FIFO: no hang (the timeout fails the test), and it is replaced.
rm "$cache"
mkfifo "$cache"
timeout 120 virt-v2v -i xva "$x" -o null
test -f "$cache" && test ! -p "$cache"
grep -qxE 'kvm|tcg' "$cache"

# The answer is then read back and used (no second probe is needed to
# see it): force "tcg" and the front-end sets the TCG backend.
echo tcg > "$cache"
virt-v2v -i xva "$x" -o null | grep -qx 'backend=direct'
# Nothing else was left in the cache directory.
test "$(ls -A "$XDG_CACHE_HOME/virt-v2v-xva")" = "$(basename "$cache")"

#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# tests/kvm-probe.sh (./run's KVM probe) caches its answer in
# ${XDG_CACHE_HOME}/virt-v2v-xva/kvm-boot-probe-BOOT_ID, a directory
# others may write to: a link planted there is replaced, never written
# through or read; a FIFO neither hangs the script nor is read; only
# "kvm" or "tcg" in a regular file is believed.

source ./functions.sh
set -e
set -x

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"
export XDG_CACHE_HOME="$tmp/cache"
dir="$XDG_CACHE_HOME/virt-v2v-xva"
mkdir -p "$dir" "$tmp/bin"
cache="$dir/kvm-boot-probe-$(cat /proc/sys/kernel/random/boot_id)"
probe="$abs_top_srcdir/tests/kvm-probe.sh"

# A qemu that records being started and never runs a guest: the probe
# answers tcg at once (or before starting it, where /dev/kvm is not
# usable), instead of booting the host's kernel for up to 15 s.
cat > "$tmp/bin/qemu-system-x86_64" <<EOS
#!/bin/sh
echo started >> "$tmp/qemu-started"
exit 1
EOS
chmod +x "$tmp/bin/qemu-system-x86_64"
export PATH="$tmp/bin:$PATH"

# No cache: it probes and records the answer.
timeout 20 "$probe" --env > "$tmp/env"
grep -qx 'export LIBGUESTFS_BACKEND_SETTINGS=force_tcg' "$tmp/env"
test -f "$cache" && test ! -L "$cache"
test "$(cat "$cache")" = tcg

# A link to a file of the user's: the file keeps its contents, and
# what it says is not believed.
rm "$cache"
echo kvm > "$tmp/victim"
ln -s "$tmp/victim" "$cache"
not timeout 20 "$probe"
test "$(cat "$tmp/victim")" = kvm
test -f "$cache" && test ! -L "$cache"
test "$(cat "$cache")" = tcg

# A link to a directory: nothing lands in it.
rm "$cache"
mkdir "$tmp/victim-dir"
ln -s "$tmp/victim-dir" "$cache"
not timeout 20 "$probe"
test -z "$(ls -A "$tmp/victim-dir")"
test -f "$cache" && test ! -L "$cache"

# A FIFO: no hang (timeout fails the test), and it is replaced.
rm "$cache"
mkfifo "$cache"
not timeout 20 "$probe"
test -f "$cache" && test ! -p "$cache"
test "$(cat "$cache")" = tcg

# Garbage is probed again and replaced.
echo nonsense > "$cache"
not timeout 20 "$probe"
test "$(cat "$cache")" = tcg

# A good answer is used without a probe: kvm sets nothing.
rm -f "$tmp/qemu-started"
echo kvm > "$cache"
timeout 20 "$probe"
test -z "$(timeout 20 "$probe" --env)"
test ! -e "$tmp/qemu-started"

# Nothing but the cache was left in its directory.
test "$(ls -A "$dir")" = "$(basename "$cache")"

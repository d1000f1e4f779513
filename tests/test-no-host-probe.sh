#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# The programs, as installed, leave libguestfs's defaults alone: with
# LIBGUESTFS_BACKEND and LIBGUESTFS_BACKEND_SETTINGS unset, neither
# virt-v2v -i xva nor virt-xva inspect starts qemu to probe KVM, sets
# those variables for virt-v2v or libguestfs, or writes anything under
# ~/.cache.  (Only ./run, for the tree, probes: tests/kvm-probe.sh.)

source ./functions.sh
set -e
set -x

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"
export TMPDIR="$tmp"
mkdir "$tmp/bin" "$tmp/home" "$tmp/cache"
export HOME="$tmp/home" XDG_CACHE_HOME="$tmp/cache"
unset LIBGUESTFS_BACKEND LIBGUESTFS_BACKEND_SETTINGS

# A qemu first in PATH that records being started: a probe would run it.
cat > "$tmp/bin/qemu-system-x86_64" <<EOS
#!/bin/sh
echo "\$*" >> "$tmp/qemu-started"
exit 1
EOS
chmod +x "$tmp/bin/qemu-system-x86_64"
export PATH="$tmp/bin:$PATH"

# What the environment given to virt-v2v, and to libguestfs's qemu,
# says about the backend.
cat > "$tmp/show-backend" <<'EOS'
#!/bin/sh
echo "backend=${LIBGUESTFS_BACKEND-unset}" \
     "settings=${LIBGUESTFS_BACKEND_SETTINGS-unset}"
EOS
chmod +x "$tmp/show-backend"

make_xva multi-disk
x="$XVA_DATA/multi-disk.xva"

# The virt-v2v front-end.  (The timeouts only stop a hang; what shows
# that no probe ran is the fake qemu's record, checked at the end.)
XVA_REAL_VIRT_V2V="$tmp/show-backend" \
    timeout 60 virt-v2v -i xva "$x" -o null > "$tmp/v2v"
test "$(cat "$tmp/v2v")" = "backend=unset settings=unset"

# virt-xva inspect, up to libguestfs starting its qemu: a fixed
# appliance of empty files (no supermin run) and a qemu that reports
# the backend variables and fails, so no appliance boots.
mkdir "$tmp/appliance"
touch "$tmp/appliance/"{README.fixed,kernel,initrd,root}
cat > "$tmp/hv" <<EOS
#!/bin/sh
"$tmp/show-backend" >> "$tmp/hv-env"
exit 1
EOS
chmod +x "$tmp/hv"
set +e
LIBGUESTFS_PATH="$tmp/appliance" LIBGUESTFS_HV="$tmp/hv" \
    LIBGUESTFS_CACHEDIR="$tmp" timeout 60 virt-xva inspect "$x" \
    > /dev/null 2> "$tmp/inspect-err"
status=$?
set -e
cat "$tmp/inspect-err"
test $status -eq 1
grep -q 'launching the libguestfs appliance' "$tmp/inspect-err"
test "$(sort -u "$tmp/hv-env")" = "backend=unset settings=unset"

# No probe ran, and nothing was cached.
test ! -e "$tmp/qemu-started"
test -z "$(find "$tmp/home" "$tmp/cache" -mindepth 1)"

#!/bin/bash -
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# Can qemu run a guest with KVM and "-cpu host" here?  On some machines
# /dev/kvm exists but qemu aborts at once ("failed to set MSR"), and
# libguestfs's appliance with it.  We start a guest that has nothing to
# boot: if qemu is still running after 3 s, KVM works.
#
#   kvm-probe.sh          exit 0 if KVM works, 1 if not
#   kvm-probe.sh --env    print the shell assignments that pick TCG when
#                         KVM does not work (nothing when it does)
#
# The answer is cached per boot in ${XDG_CACHE_HOME:-~/.cache}.

set -u

cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/virt-v2v-xva"
boot_id="$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo unknown)"
cache="$cache_dir/kvm-probe-$boot_id"

probe ()
{
    local qemu
    qemu="$(command -v qemu-system-x86_64)" || return 1
    [ -r /dev/kvm ] && [ -w /dev/kvm ] || return 1
    # In a subshell, so that bash does not report qemu's abort.
    ( timeout 3 "$qemu" -nodefaults -display none -no-reboot \
        -accel kvm -cpu host -m 32 -serial none -monitor none \
        >/dev/null 2>&1 </dev/null ) 2>/dev/null
    # 124: still running when the timeout hit, so KVM works.
    [ $? -eq 124 ]
}

if [ -r "$cache" ]; then
    result="$(cat "$cache")"
else
    if probe; then result=kvm; else result=tcg; fi
    mkdir -p "$cache_dir" 2>/dev/null && echo "$result" > "$cache" 2>/dev/null
fi

if [ "${1:-}" = "--env" ]; then
    if [ "$result" = tcg ]; then
        echo "export LIBGUESTFS_BACKEND=direct"
        echo "export LIBGUESTFS_BACKEND_SETTINGS=force_tcg"
    fi
    exit 0
fi
[ "$result" = kvm ]
